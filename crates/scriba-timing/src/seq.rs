//! Sequence alignment of two token sequences in near-linear time.
//!
//! The method is that of patience diff, extended for speech:
//!
//! 1. Equal tokens at the start and the end of a window are matched directly.
//! 2. Tokens that occur exactly once in both halves of the window are anchor candidates; the
//!    longest increasing subsequence of their positions (by position in the timing tokens)
//!    gives the anchors, which split the window into smaller windows, handled the same way.
//! 3. A window without unique tokens is aligned by dynamic programming (longest common
//!    subsequence, where a token may also match two tokens of the other side that join into
//!    it: `spacewalk` / `space walk`, `21` / `20 1`). The DP is restricted to a diagonal band
//!    when the window is larger than the cell budget, so memory stays linear in the input.

use crate::normalize::joins_to;

/// A matched pair: index of a transcript token, index of a timing token.
pub(crate) type Pair = (u32, u32);

/// Aligns `a` (transcript token ids) to `b` (timing token ids); `vocab` maps ids to token
/// text. Returns matched pairs sorted by both indices (a token may appear in two pairs when
/// it matched two joined tokens of the other side).
pub(crate) fn align_tokens(a: &[u32], b: &[u32], vocab: &[String], max_cells: usize) -> Vec<Pair> {
    let mut ctx = Ctx {
        a,
        b,
        vocab,
        max_cells: max_cells.max(1024),
        count_a: vec![0; vocab.len()],
        count_b: vec![0; vocab.len()],
        pos_b: vec![0; vocab.len()],
        pairs: Vec::new(),
        // Anchor search may look at each token a bounded number of times; after that, the
        // remaining windows go straight to the (banded) DP, so time stays near-linear even
        // for adversarial input.
        anchor_budget: 64 * (a.len() + b.len()) + (1 << 20),
    };
    ctx.run();
    let mut pairs = ctx.pairs;
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

struct Ctx<'a> {
    a: &'a [u32],
    b: &'a [u32],
    vocab: &'a [String],
    max_cells: usize,
    count_a: Vec<u32>,
    count_b: Vec<u32>,
    pos_b: Vec<u32>,
    pairs: Vec<Pair>,
    anchor_budget: usize,
}

/// A window of both sequences: `a[a0..a1]` against `b[b0..b1]`.
#[derive(Debug, Clone, Copy)]
struct Window {
    a0: usize,
    a1: usize,
    b0: usize,
    b1: usize,
}

impl Ctx<'_> {
    fn push(&mut self, i: usize, j: usize) {
        self.pairs.push((to_u32(i), to_u32(j)));
    }

    fn run(&mut self) {
        let mut stack = vec![Window {
            a0: 0,
            a1: self.a.len(),
            b0: 0,
            b1: self.b.len(),
        }];
        while let Some(mut w) = stack.pop() {
            while w.a0 < w.a1 && w.b0 < w.b1 && self.a[w.a0] == self.b[w.b0] {
                self.push(w.a0, w.b0);
                w.a0 += 1;
                w.b0 += 1;
            }
            while w.a0 < w.a1 && w.b0 < w.b1 && self.a[w.a1 - 1] == self.b[w.b1 - 1] {
                self.push(w.a1 - 1, w.b1 - 1);
                w.a1 -= 1;
                w.b1 -= 1;
            }
            if w.a0 == w.a1 || w.b0 == w.b1 {
                continue;
            }
            let size = (w.a1 - w.a0) + (w.b1 - w.b0);
            let anchors = if self.anchor_budget >= size {
                self.anchor_budget -= size;
                self.unique_anchors(w)
            } else {
                Vec::new()
            };
            if anchors.is_empty() {
                self.dp(w);
                continue;
            }
            let (mut pa, mut pb) = (w.a0, w.b0);
            for (i, j) in anchors {
                self.push(i, j);
                stack.push(Window {
                    a0: pa,
                    a1: i,
                    b0: pb,
                    b1: j,
                });
                pa = i + 1;
                pb = j + 1;
            }
            stack.push(Window {
                a0: pa,
                a1: w.a1,
                b0: pb,
                b1: w.b1,
            });
        }
    }

    /// Tokens unique on both sides of the window, reduced to a consistent (increasing) set.
    fn unique_anchors(&mut self, w: Window) -> Vec<(usize, usize)> {
        for &t in &self.a[w.a0..w.a1] {
            self.count_a[t as usize] += 1;
        }
        for (j, &t) in self.b[w.b0..w.b1].iter().enumerate() {
            self.count_b[t as usize] += 1;
            self.pos_b[t as usize] = to_u32(w.b0 + j);
        }
        let mut candidates = Vec::new();
        for (i, &t) in self.a[w.a0..w.a1].iter().enumerate() {
            let t = t as usize;
            if self.count_a[t] == 1 && self.count_b[t] == 1 {
                candidates.push((w.a0 + i, self.pos_b[t] as usize));
            }
        }
        for &t in &self.a[w.a0..w.a1] {
            self.count_a[t as usize] = 0;
        }
        for &t in &self.b[w.b0..w.b1] {
            self.count_b[t as usize] = 0;
        }
        longest_increasing(&candidates)
    }

    /// Dynamic programming over a window, in a diagonal band when the window is too large.
    fn dp(&mut self, w: Window) {
        let n = w.a1 - w.a0;
        let m = w.b1 - w.b0;
        let full = (n + 1).saturating_mul(m + 1) <= self.max_cells;
        let half = if full {
            m
        } else {
            (self.max_cells / (2 * (n + 1))).max(m / n.max(1) + 2)
        };
        let range = |i: usize| {
            let c = i * m / n.max(1);
            (c.saturating_sub(half), (c + half).min(m))
        };
        // Flat direction table, one row per transcript token, each row covering its band.
        let mut offsets = Vec::with_capacity(n + 2);
        let mut total = 0usize;
        for i in 0..=n {
            offsets.push(total);
            let (lo, hi) = range(i);
            total += hi - lo + 1;
        }
        let mut dirs = vec![Dir::Stop; total];
        let mut rows: [Vec<i32>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        let mut los = [0usize; 3];
        for i in 0..=n {
            let (lo, hi) = range(i);
            let mut row = std::mem::take(&mut rows[i % 3]);
            row.clear();
            row.resize(hi - lo + 1, NEG);
            let get = |rows: &[Vec<i32>; 3], los: &[usize; 3], r: usize, j: usize| -> i32 {
                let k = r % 3;
                if j < los[k] || j - los[k] >= rows[k].len() {
                    NEG
                } else {
                    rows[k][j - los[k]]
                }
            };
            for j in lo..=hi {
                let (mut best, mut dir) = (NEG, Dir::Stop);
                if i == 0 && j == 0 {
                    best = 0;
                }
                if i > 0 && j > 0 && self.a[w.a0 + i - 1] == self.b[w.b0 + j - 1] {
                    let s = get(&rows, &los, i - 1, j - 1);
                    if s > NEG && s + 2 > best {
                        (best, dir) = (s + 2, Dir::Diag);
                    }
                }
                if i > 0 && j > 1 && self.joins(w.b0 + j - 2, w.a0 + i - 1) {
                    let s = get(&rows, &los, i - 1, j - 2);
                    if s > NEG && s + 2 > best {
                        (best, dir) = (s + 2, Dir::OneTwo);
                    }
                }
                if i > 1 && j > 0 && self.joins_a(w.a0 + i - 2, w.b0 + j - 1) {
                    let s = get(&rows, &los, i - 2, j - 1);
                    if s > NEG && s + 2 > best {
                        (best, dir) = (s + 2, Dir::TwoOne);
                    }
                }
                if i > 0 {
                    let s = get(&rows, &los, i - 1, j);
                    if s > best {
                        (best, dir) = (s, Dir::Up);
                    }
                }
                if j > lo {
                    let s = row[j - 1 - lo];
                    if s > best {
                        (best, dir) = (s, Dir::Left);
                    }
                }
                row[j - lo] = best;
                dirs[offsets[i] + j - lo] = dir;
            }
            rows[i % 3] = row;
            los[i % 3] = lo;
        }
        // Trace back from the end of the window.
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let (lo, hi) = range(i);
            if j < lo || j > hi {
                break;
            }
            match dirs[offsets[i] + j - lo] {
                Dir::Stop => break,
                Dir::Diag => {
                    self.push(w.a0 + i - 1, w.b0 + j - 1);
                    i -= 1;
                    j -= 1;
                }
                Dir::OneTwo => {
                    self.push(w.a0 + i - 1, w.b0 + j - 2);
                    self.push(w.a0 + i - 1, w.b0 + j - 1);
                    i -= 1;
                    j -= 2;
                }
                Dir::TwoOne => {
                    self.push(w.a0 + i - 2, w.b0 + j - 1);
                    self.push(w.a0 + i - 1, w.b0 + j - 1);
                    i -= 2;
                    j -= 1;
                }
                Dir::Up => i -= 1,
                Dir::Left => j -= 1,
            }
        }
    }

    /// Whether timing tokens `j`, `j + 1` join into transcript token `i`.
    fn joins(&self, j: usize, i: usize) -> bool {
        let whole = &self.vocab[self.a[i] as usize];
        joins_to(
            &self.vocab[self.b[j] as usize],
            &self.vocab[self.b[j + 1] as usize],
            whole,
        )
    }

    /// Whether transcript tokens `i`, `i + 1` join into timing token `j`.
    fn joins_a(&self, i: usize, j: usize) -> bool {
        let whole = &self.vocab[self.b[j] as usize];
        joins_to(
            &self.vocab[self.a[i] as usize],
            &self.vocab[self.a[i + 1] as usize],
            whole,
        )
    }
}

const NEG: i32 = i32::MIN / 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Stop,
    Diag,
    OneTwo,
    TwoOne,
    Up,
    Left,
}

fn to_u32(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// The longest subsequence of `pairs` (sorted by first component) whose second components
/// increase strictly (patience sorting, O(k log k)).
pub(crate) fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[k]: index into pairs of the smallest tail of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; pairs.len()];
    for (k, &(_, y)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| pairs[t].1 < y);
        if pos > 0 {
            prev[k] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        out.push(pairs[k]);
        k = prev[k];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests;
