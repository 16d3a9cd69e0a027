use super::*;

#[test]
fn drops_controls_and_keeps_words_apart() {
    let mut s = "a\u{0}b\u{b}c\u{85}d\u{fffe}e\u{202e}f".to_owned();
    assert_eq!(clean(&mut s), 4);
    assert_eq!(s, "ab c de\u{202e}f");
}

#[test]
fn counts_every_string_of_the_model() {
    let mut doc = Transcript::default();
    doc.meta.title = Some("T\u{1}".into());
    doc.body.push(Block::Event {
        kind: scriba_core::EventKind::Other,
        description: "\u{7}x".into(),
        span: None,
    });
    let (clean_doc, dropped) = sanitize(&doc);
    assert_eq!(dropped, 2);
    assert_eq!(clean_doc.meta.title.as_deref(), Some("T"));
}
