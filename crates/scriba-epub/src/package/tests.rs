use super::*;

#[test]
fn language_tags() {
    assert!(well_formed_tag("de"));
    assert!(well_formed_tag("en-US"));
    assert!(well_formed_tag("zh-Hant-TW"));
    assert!(!well_formed_tag("deutsch"));
    assert!(!well_formed_tag("de--x"));
    assert!(!well_formed_tag("<b>"));
}

#[test]
fn nests_lists() {
    let e = |l: u8, s: &str| (l, s.to_owned(), s.to_owned());
    let mut out = String::new();
    nested_list(&mut out, &[e(1, "a"), e(2, "b"), e(3, "c"), e(1, "d")]);
    let expected = "<ol>\n<li><a href=\"a\">a</a>\n<ol>\n<li><a href=\"b\">b</a>\n<ol>\n<li><a href=\"c\">c</a></li>\n</ol>\n</li>\n</ol>\n</li>\n<li><a href=\"d\">d</a></li>\n</ol>\n";
    assert_eq!(out, expected);
}
