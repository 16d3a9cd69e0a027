//! The whole TEI document of a small transcript, reviewed with `cargo insta review`.

mod common;

use scriba_tei::{TeiOptions, export};

#[test]
fn small_document() {
    let mut doc = common::seed_like();
    // Keep the snapshot short: two paragraphs and one group of fields.
    if let Some(scriba_core::Block::Turn { paragraphs, .. }) = doc.body.first_mut() {
        paragraphs.remove(0);
    }
    doc.back.truncate(2);
    let mut opts = TeiOptions::default();
    opts.timestamp = Some(1_738_281_600);
    let out = export(&doc, &opts).expect("valid options");
    assert!(out.warnings.is_empty());
    insta::assert_snapshot!(String::from_utf8(out.output).expect("UTF-8"));
}

#[test]
fn small_timed_document() {
    let mut opts = TeiOptions::default();
    opts.timestamp = Some(1_738_281_600);
    let out = export(&common::timed(), &opts).expect("valid options");
    insta::assert_snapshot!(String::from_utf8(out.output).expect("UTF-8"));
}

#[test]
fn small_iso_document() {
    let mut doc = common::timed();
    doc.body.truncate(4);
    let mut opts = TeiOptions::default();
    opts.timestamp = Some(1_738_281_600);
    opts.profile = scriba_tei::TeiProfile::IsoSpoken;
    let out = export(&doc, &opts).expect("valid options");
    insta::assert_snapshot!(String::from_utf8(out.output).expect("UTF-8"));
}
