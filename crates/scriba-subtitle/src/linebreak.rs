//! Line breaking inside a cue: as few lines as fit, broken at the linguistically best place,
//! balanced rather than greedy, and bottom-heavy (the shorter line on top) when both fit.

/// The tokens of one cue, as the line breaker sees them.
pub(crate) struct LineInput<'a> {
    /// Length of each token in characters.
    pub(crate) lens: &'a [usize],
    /// Whether a token follows the one before without a space.
    pub(crate) glue: &'a [bool],
    /// Penalty of a line break before each token (index 0 unused).
    pub(crate) penalty: &'a [u32],
}

impl LineInput<'_> {
    /// Characters of tokens `from..to` on one line.
    fn len(&self, from: usize, to: usize) -> usize {
        (from..to)
            .map(|k| self.lens[k] + usize::from(k > from && !self.glue[k]))
            .sum()
    }
}

/// Breaks the tokens into at most `max_lines` lines of at most `max_chars` characters.
///
/// Returns the cost and the indices of the tokens that start the second and later lines, or
/// `None` when they do not fit.
pub(crate) fn break_lines(
    input: &LineInput<'_>,
    max_chars: usize,
    max_lines: usize,
) -> Option<(u32, Vec<usize>)> {
    let n = input.lens.len();
    if n == 0 {
        return Some((0, Vec::new()));
    }
    let total = input.len(0, n);
    if total <= max_chars {
        return Some((0, Vec::new()));
    }
    if max_lines < 2 {
        return None;
    }
    // Two lines: try every break.
    let mut best: Option<(u32, Vec<usize>)> = None;
    // Prefix lengths make each candidate O(1).
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0usize);
    for k in 0..n {
        let sep = usize::from(k > 0 && !input.glue[k]);
        prefix.push(prefix[k] + input.lens[k] + sep);
    }
    let line = |from: usize, to: usize| {
        // prefix counts the separator before `from`; drop it.
        prefix[to] - prefix[from] - usize::from(from > 0 && !input.glue[from])
    };
    for k in 1..n {
        let (l1, l2) = (line(0, k), line(k, n));
        if l1 > max_chars || l2 > max_chars {
            continue;
        }
        let diff = l1.abs_diff(l2) as u32;
        let top_heavy = if l1 > l2 { diff + 1 } else { 0 };
        let cost = 2 * input.penalty[k] + diff + top_heavy;
        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
            best = Some((cost, vec![k]));
        }
    }
    if best.is_some() || max_lines == 2 {
        return best;
    }
    // Three or more lines: dynamic programming over line starts, lines near the average length.
    for lines in 3..=max_lines {
        let ideal = total / lines;
        // dp[l][k]: best cost of tokens 0..k in l lines, with the previous start.
        let mut dp = vec![vec![(u32::MAX, 0usize); n + 1]; lines + 1];
        dp[0][0] = (0, 0);
        for l in 1..=lines {
            for k in 1..=n {
                for s in 0..k {
                    let prev = dp[l - 1][s].0;
                    if prev == u32::MAX || (s == 0) != (l == 1) {
                        continue;
                    }
                    let len = line(s, k);
                    if len > max_chars {
                        continue;
                    }
                    let pen = if s == 0 { 0 } else { 2 * input.penalty[s] };
                    let cost = prev + pen + len.abs_diff(ideal) as u32;
                    if cost < dp[l][k].0 {
                        dp[l][k] = (cost, s);
                    }
                }
            }
        }
        if dp[lines][n].0 != u32::MAX {
            let mut breaks = Vec::new();
            let (mut l, mut k) = (lines, n);
            while l > 1 {
                let s = dp[l][k].1;
                breaks.push(s);
                k = s;
                l -= 1;
            }
            breaks.reverse();
            return Some((dp[lines][n].0, breaks));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(words: &[&str], penalty: &[u32], max: usize, lines: usize) -> Option<Vec<usize>> {
        let lens: Vec<usize> = words.iter().map(|w| w.chars().count()).collect();
        let glue = vec![false; words.len()];
        break_lines(
            &LineInput {
                lens: &lens,
                glue: &glue,
                penalty,
            },
            max,
            lines,
        )
        .map(|(_, b)| b)
    }

    #[test]
    fn one_line_when_it_fits() {
        assert_eq!(check(&["a", "b"], &[0, 14], 10, 2), Some(vec![]));
    }

    #[test]
    fn balanced_and_bottom_heavy() {
        // "aaaa bbbb cccc" at 10: "aaaa" / "bbbb cccc" (bottom-heavy) beats the reverse.
        assert_eq!(
            check(&["aaaa", "bbbb", "cccc"], &[0, 14, 14], 10, 2),
            Some(vec![1])
        );
    }

    #[test]
    fn penalty_wins_over_small_imbalance() {
        // A comma break (penalty 1) beats a plain one (14) despite a few characters imbalance.
        assert_eq!(
            check(&["aa", "bbbb,", "cc", "ddd"], &[0, 14, 1, 14], 9, 2),
            Some(vec![2])
        );
    }

    #[test]
    fn too_long_for_two_lines() {
        assert_eq!(
            check(&["aaaaaa", "bbbbbb", "cccccc"], &[0, 14, 14], 8, 2),
            None
        );
        assert_eq!(
            check(&["aaaaaa", "bbbbbb", "cccccc"], &[0, 14, 14], 8, 3),
            Some(vec![1, 2])
        );
    }
}
