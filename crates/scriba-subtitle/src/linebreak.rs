//! Line breaking inside a cue: as few lines as fit, broken at the linguistically best place,
//! balanced rather than greedy, and bottom-heavy (the shorter line on top) when both fit.

/// The tokens of one unit, as the line breaker sees them; a cue is a range of them.
pub(crate) struct LineInput<'a> {
    /// Whether a token follows the one before without a space.
    pub(crate) glue: &'a [bool],
    /// Penalty of a line break before each token (index 0 unused).
    pub(crate) penalty: &'a [u32],
    /// `prefix[k]`: characters of tokens `0..k` with their separators (one more entry than
    /// tokens); see [`LineInput::prefix`].
    pub(crate) prefix: &'a [usize],
}

impl LineInput<'_> {
    /// The prefix sums for [`LineInput::prefix`].
    pub(crate) fn prefix(lens: &[usize], glue: &[bool]) -> Vec<usize> {
        let mut prefix = Vec::with_capacity(lens.len() + 1);
        prefix.push(0usize);
        for k in 0..lens.len() {
            let sep = usize::from(k > 0 && !glue[k]);
            prefix.push(prefix[k] + lens[k] + sep);
        }
        prefix
    }

    /// Characters of tokens `from..to` on one line.
    fn line(&self, from: usize, to: usize) -> usize {
        // The prefix counts the separator before `from`; drop it.
        self.prefix[to] - self.prefix[from] - usize::from(from > 0 && !self.glue[from])
    }
}

/// Where the lines of a cue start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lines {
    /// One line.
    One,
    /// Two lines; the second starts at this token.
    Two(usize),
    /// Three or more lines; they start at these tokens.
    Many(Vec<usize>),
}

impl Lines {
    /// The tokens that start the second and later lines.
    pub(crate) fn starts(&self) -> Vec<usize> {
        match self {
            Lines::One => Vec::new(),
            Lines::Two(k) => vec![*k],
            Lines::Many(v) => v.clone(),
        }
    }
}

/// Breaks tokens `from..to` into at most `max_lines` lines of at most `max_chars` characters.
///
/// Returns the cost and where the lines start, or `None` when they do not fit.
pub(crate) fn break_lines(
    input: &LineInput<'_>,
    (from, to): (usize, usize),
    max_chars: usize,
    max_lines: usize,
) -> Option<(u32, Lines)> {
    if to <= from {
        return Some((0, Lines::One));
    }
    let total = input.line(from, to);
    if total <= max_chars {
        return Some((0, Lines::One));
    }
    if max_lines < 2 {
        return None;
    }
    // Two lines: try every break.
    let mut best: Option<(u32, usize)> = None;
    for k in from + 1..to {
        let (l1, l2) = (input.line(from, k), input.line(k, to));
        if l1 > max_chars {
            break;
        }
        if l2 > max_chars {
            continue;
        }
        let diff = l1.abs_diff(l2) as u32;
        let top_heavy = if l1 > l2 { diff + 1 } else { 0 };
        let cost = 2 * input.penalty[k] + diff + top_heavy;
        if best.is_none_or(|(c, _)| cost < c) {
            best = Some((cost, k));
        }
    }
    if let Some((cost, k)) = best {
        return Some((cost, Lines::Two(k)));
    }
    if max_lines == 2 {
        return None;
    }
    // Three or more lines: dynamic programming over line starts, lines near the average length.
    let n = to - from;
    for lines in 3..=max_lines {
        let ideal = total / lines;
        // dp[l][k]: best cost of tokens from..from+k in l lines, with the previous start.
        let mut dp = vec![vec![(u32::MAX, 0usize); n + 1]; lines + 1];
        dp[0][0] = (0, 0);
        for l in 1..=lines {
            for k in 1..=n {
                for s in 0..k {
                    let prev = dp[l - 1][s].0;
                    if prev == u32::MAX || (s == 0) != (l == 1) {
                        continue;
                    }
                    let len = input.line(from + s, from + k);
                    if len > max_chars {
                        continue;
                    }
                    let pen = if s == 0 {
                        0
                    } else {
                        2 * input.penalty[from + s]
                    };
                    let cost = prev + pen + len.abs_diff(ideal) as u32;
                    if cost < dp[l][k].0 {
                        dp[l][k] = (cost, s);
                    }
                }
            }
        }
        if dp[lines][n].0 != u32::MAX {
            let mut starts = Vec::new();
            let (mut l, mut k) = (lines, n);
            while l > 1 {
                let s = dp[l][k].1;
                starts.push(from + s);
                k = s;
                l -= 1;
            }
            starts.reverse();
            return Some((dp[lines][n].0, Lines::Many(starts)));
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
        let prefix = LineInput::prefix(&lens, &glue);
        let input = LineInput {
            glue: &glue,
            penalty,
            prefix: &prefix,
        };
        break_lines(&input, (0, words.len()), max, lines).map(|(_, b)| b.starts())
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
