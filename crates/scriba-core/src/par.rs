//! Order-preserving parallel map for the readers and exporters.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads [`parallel_map`] uses: one per core, at most four.
///
/// Asked once per process: the standard library reads the cgroup's CPU quota from three
/// files each time (17 system calls here), and an export asks up to three times.
pub fn workers() -> usize {
    static WORKERS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *WORKERS.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .clamp(1, 4)
    })
}

/// Maps `f` over `items`, when `parallel` on as many threads as there are cores (at most
/// four), the results in the order of the items: each item on its own, so they do not
/// depend on the threads. Callers pass `parallel` only for enough work: a thread costs
/// tens of microseconds to start, and on a busy machine it may wait for a core.
///
/// A panic in `f` is not lost: an item whose thread panicked is mapped again on the
/// calling thread, where the panic surfaces.
///
/// ```
/// let squares = scriba_core::parallel_map(&[1, 2, 3, 4], true, |x| x * x);
/// assert_eq!(squares, [1, 4, 9, 16]);
/// ```
pub fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    parallel: bool,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let workers = if parallel {
        workers().min(items.len())
    } else {
        1
    };
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for h in helpers {
            // A helper that panicked leaves its items empty; they are redone below.
            if let Ok(done) = h.join() {
                all.extend(done);
            }
        }
        for (i, r) in all {
            slots[i] = Some(r);
        }
    });
    slots
        .into_iter()
        .zip(items)
        .map(|(slot, item)| slot.unwrap_or_else(|| f(item)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        let serial = parallel_map(&items, false, |x| x * 3 + 1);
        let parallel = parallel_map(&items, true, |x| x * 3 + 1);
        assert_eq!(serial, parallel);
        assert_eq!(parallel[999], 2998);
    }

    #[test]
    fn no_items_no_threads() {
        let none: Vec<u8> = parallel_map(&[] as &[u8], true, |x| *x);
        assert!(none.is_empty());
    }
}
