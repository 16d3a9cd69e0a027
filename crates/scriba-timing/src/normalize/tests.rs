use super::{Token, joins_to, tokenize_word};

fn check(word: &str, expect: &[&str]) {
    let mut out = Vec::new();
    tokenize_word(word, &mut out);
    let got: Vec<&str> = out.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(got, expect, "tokens of {word:?}");
}

#[test]
fn case_and_punctuation() {
    check("Hello,", &["hello"]);
    check("«Bonjour»", &["bonjour"]);
    check("it's", &["its"]);
    check("It’s", &["its"]);
    check("C'est", &["cest"]);
    check("...", &[]);
    check("—", &[]);
    check("[laughs]", &["laughs"]);
}

#[test]
fn hyphens_and_slashes_split() {
    check("all-female", &["all", "female"]);
    check("Jean-Marie", &["jean", "marie"]);
    check("and/or", &["and", "or"]);
}

#[test]
fn unicode_normalization() {
    // Decomposed e + combining acute, a ligature and a full-width letter.
    check("e\u{301}vident", &["évident"]);
    check("ﬁnal", &["final"]);
    check("Ｂ", &["b"]);
    check("Straße", &["strasse"]);
    check("Bundes\u{AD}tag", &["bundestag"]);
    check("\u{200F}שלום\u{200E}", &["שלום"]);
    check("wo\u{200D}rd", &["word"]);
    check("STRASSE", &["strasse"]);
}

#[test]
fn numbers() {
    check("eighteen", &["18"]);
    check("Achtzehn", &["18"]);
    check("twenty-one", &["21"]);
    check("einundzwanzig", &["21"]);
    check("dix-huit", &["18"]);
    check("1.000", &["1000"]);
    check("3,5", &["35"]);
    check("18A's", &["18as"]);
}

#[test]
fn cjk_characters_are_tokens() {
    check("入室タブ", &["入", "室", "タ", "ブ"]);
    check("B1", &["b1"]);
}

#[test]
fn weights_count_characters() {
    let mut out = Vec::new();
    tokenize_word("all-female", &mut out);
    assert_eq!(
        out,
        [
            Token {
                text: "all".into(),
                weight: 3
            },
            Token {
                text: "female".into(),
                weight: 6
            }
        ]
    );
}

#[test]
fn compounds_and_split_numbers() {
    assert!(joins_to("space", "walk", "spacewalk"));
    assert!(joins_to("20", "1", "21"));
    assert!(!joins_to("20", "1", "201x"));
    assert!(!joins_to("space", "walk", "spacewalks"));
}
