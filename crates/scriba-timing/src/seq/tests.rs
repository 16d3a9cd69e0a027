use super::{Pair, align_tokens, longest_increasing};

/// Aligns two space-separated token strings and renders the matches as `a/b` index pairs.
fn check(a: &str, b: &str, max_cells: usize, expect: &[Pair]) {
    let mut vocab: Vec<String> = Vec::new();
    let mut id = |t: &str| -> u32 {
        if let Some(k) = vocab.iter().position(|v| v == t) {
            return u32::try_from(k).expect("small");
        }
        vocab.push(t.to_owned());
        u32::try_from(vocab.len() - 1).expect("small")
    };
    let a: Vec<u32> = a.split_whitespace().map(&mut id).collect();
    let b: Vec<u32> = b.split_whitespace().map(&mut id).collect();
    assert_eq!(align_tokens(&a, &b, &vocab, max_cells), expect);
}

#[test]
fn identical() {
    check("a b c", "a b c", 1 << 20, &[(0, 0), (1, 1), (2, 2)]);
}

#[test]
fn substitution_insertion_deletion() {
    // transcript: the quick brown fox jumps ; timing: the quack brown fox fox jumps
    check(
        "the quick brown fox jumps",
        "the quack brown fox fox jumps",
        1 << 20,
        &[(0, 0), (2, 2), (3, 4), (4, 5)],
    );
}

#[test]
fn repeated_tokens_use_dp() {
    check("x x y x", "x y x x", 1 << 20, &[(0, 0), (2, 1), (3, 3)]);
}

#[test]
fn compounds_join() {
    check(
        "a spacewalk b",
        "a space walk b",
        1 << 20,
        &[(0, 0), (1, 1), (1, 2), (2, 3)],
    );
    check(
        "a space walk b",
        "a spacewalk b",
        1 << 20,
        &[(0, 0), (1, 1), (2, 1), (3, 2)],
    );
    check("20 1", "21", 1 << 20, &[(0, 0), (1, 0)]);
}

#[test]
fn banded_dp_finds_diagonal_matches() {
    // Only repeated tokens: no unique anchors, and a cell budget far below the full table.
    let a: Vec<&str> = (0..400).map(|k| ["x", "y", "z"][k % 3]).collect();
    let mut b = a.clone();
    b.remove(200);
    let a = a.join(" ");
    let b = b.join(" ");
    let mut vocab = vec!["x".to_owned(), "y".to_owned(), "z".to_owned()];
    vocab.truncate(3);
    let ids = |s: &str| -> Vec<u32> {
        s.split_whitespace()
            .map(|t| {
                u32::try_from(vocab.iter().position(|v| v == t).expect("known")).expect("small")
            })
            .collect()
    };
    let pairs = align_tokens(&ids(&a), &ids(&b), &vocab, 1024);
    assert!(pairs.len() >= 390, "{} matches", pairs.len());
    assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1));
}

#[test]
fn lis() {
    assert_eq!(
        longest_increasing(&[(0, 3), (1, 1), (2, 2), (3, 0), (4, 4)]),
        [(1, 1), (2, 2), (4, 4)]
    );
    assert_eq!(longest_increasing(&[]), []);
}
