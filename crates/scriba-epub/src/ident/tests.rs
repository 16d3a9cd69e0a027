use super::*;

#[test]
fn derived_from_content() {
    let mut doc = Transcript::default();
    let a = identifier(&doc, None);
    assert!(a.starts_with("urn:uuid:"));
    assert_eq!(a.len(), 45);
    assert_eq!(&a[23..24], "8");
    assert_eq!(a, identifier(&doc, None));
    doc.meta.title = Some("x".into());
    assert_ne!(a, identifier(&doc, None));
    assert_eq!(identifier(&doc, Some(" isbn:1 ")), "isbn:1");
}
