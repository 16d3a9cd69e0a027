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
    let home = rustix::thread::sched_getcpu();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers)
            .map(|k| {
                scope.spawn(move || {
                    leave_core(home, k);
                    work()
                })
            })
            .collect();
        // A helper the kernel queued behind this thread runs now, sees it is on this
        // core and moves on (see `leave_core`); otherwise this returns at once.
        std::thread::yield_now();
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

/// Moves the calling helper thread off core `home`, where the thread that spawned it runs,
/// to another core it may use (the `k`-th other one, for helper `k` of several), then lets it
/// run anywhere again.
///
/// Why: Linux places a new thread by load averages that lag behind, and on a VM whose
/// cores share no cache (this project's 2-core machine: no shared LLC, so a woken thread is
/// never moved to an idle core) it queued the helper behind its still busy spawner about
/// half the time; it then waited for the next scheduler tick's load balancing, 0–4 ms,
/// while the other core idled. Measured on the seed's PDF export, the layout's second half
/// started 1.8 ms late (median of 80 runs driven from Python) and the whole export took
/// 7.0 ms instead of 5.2 (docs/pdf.md, § Performance). A helper that starts elsewhere, or a
/// machine where affinity cannot be set, costs one `sched_getcpu` (no system call).
fn leave_core(home: usize, k: usize) {
    if rustix::thread::sched_getcpu() != home {
        return;
    }
    let Ok(allowed) = rustix::thread::sched_getaffinity(None) else {
        return;
    };
    // Failing either call leaves the thread where it is, which is only slower.
    if pin_elsewhere(home, k, &allowed).is_some() {
        let _ = rustix::thread::sched_setaffinity(None, &allowed);
    }
}

/// Pins the calling thread to the `k`-th core of `allowed` other than `home` and returns
/// it; the kernel has moved the thread there when this returns. `None` when there is no
/// other core or the affinity cannot be set.
fn pin_elsewhere(home: usize, k: usize, allowed: &rustix::thread::CpuSet) -> Option<usize> {
    let others: Vec<usize> = (0..rustix::thread::CpuSet::MAX_CPU)
        .filter(|&cpu| cpu != home && allowed.is_set(cpu))
        .collect();
    let cpu = *others.get((k - 1) % others.len().max(1))?;
    let mut there = rustix::thread::CpuSet::new();
    there.set(cpu);
    rustix::thread::sched_setaffinity(None, &there).ok()?;
    Some(cpu)
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
    fn a_helper_on_its_spawners_core_moves_to_another() {
        let allowed = rustix::thread::sched_getaffinity(None).expect("affinity");
        let cores = allowed.count();
        let home = rustix::thread::sched_getcpu();
        let (before, moved, there, mask) = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    // Start where the spawner is, as the kernel sometimes places a helper.
                    let mut only = rustix::thread::CpuSet::new();
                    only.set(home);
                    rustix::thread::sched_setaffinity(None, &only).expect("pin");
                    let before = rustix::thread::sched_getcpu();
                    // The core is read while the thread is pinned: once it may run anywhere
                    // again, the kernel may move it back at any moment.
                    let moved = pin_elsewhere(home, 1, &allowed);
                    let there = rustix::thread::sched_getcpu();
                    rustix::thread::sched_setaffinity(None, &only).expect("pin again");
                    rustix::thread::sched_setaffinity(None, &allowed).expect("unpin");
                    leave_core(home, 1);
                    let mask = rustix::thread::sched_getaffinity(None).expect("affinity");
                    (before, moved, there, mask)
                })
                .join()
                .expect("helper")
        });
        assert_eq!(before, home);
        if cores > 1 {
            assert_eq!(moved, Some(there), "pinned to the core it reports");
            assert_ne!(there, home, "the helper stayed on its spawner's core");
        } else {
            assert_eq!(moved, None, "with one core there is nowhere to go");
        }
        // Afterwards it may run on every core it could before.
        assert_eq!(mask, allowed);
    }

    #[test]
    fn no_items_no_threads() {
        let none: Vec<u8> = parallel_map(&[] as &[u8], true, |x| *x);
        assert!(none.is_empty());
    }
}
