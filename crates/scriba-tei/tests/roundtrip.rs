//! Export → read → export gives identical bytes, and the model survives where TEI can hold it.

mod common;

use common::{seed_like, timed};
use scriba_core::Transcript;
use scriba_tei::{TeiOptions, export, read};

fn check(doc: &Transcript, opts: &TeiOptions) -> Transcript {
    let first = export(doc, opts).expect("valid options");
    let xml = std::str::from_utf8(&first.output).expect("UTF-8");
    let back = read(xml).expect("our own output reads back");
    assert!(
        back.warnings.is_empty(),
        "reading our own output warns: {:?}",
        back.warnings
    );
    let second = export(&back.output, opts).expect("valid options");
    assert_eq!(
        std::str::from_utf8(&second.output).expect("UTF-8"),
        xml,
        "export → read → export is byte-identical"
    );
    back.output
}

fn options() -> Vec<TeiOptions> {
    let mut out = Vec::new();
    for (prefix, page_breaks, pretty, timestamp) in [
        ("", true, true, None),
        ("doc1.", false, false, Some(1_700_000_000)),
    ] {
        let mut o = TeiOptions::default();
        o.id_prefix = prefix.into();
        o.page_breaks = page_breaks;
        o.pretty = pretty;
        o.timestamp = timestamp;
        out.push(o);
    }
    out
}

#[test]
fn seed_like_round_trips() {
    for opts in options() {
        let back = check(&seed_like(), &opts);
        let original = seed_like();
        assert_eq!(back.body_words(), original.body_words());
        assert_eq!(back.meta.title, original.meta.title);
        assert_eq!(back.front, original.front);
        assert_eq!(back.back, original.back);
        assert_eq!(back.end_marker, original.end_marker);
    }
}

#[test]
fn timed_model_round_trips_exactly() {
    let opts = TeiOptions::default();
    let back = check(&timed(), &opts);
    let mut original = timed();
    // Speaker ids become the person xml:ids; everything else comes back as it was.
    let rename = |s: &str| match s {
        "a" => "ann-host".to_owned(),
        "b" => "bob-guest".to_owned(),
        other => other.to_owned(),
    };
    for speaker in &mut original.speakers {
        speaker.id = rename(&speaker.id);
    }
    for block in &mut original.body {
        if let scriba_core::Block::Turn {
            speaker: Some(s), ..
        } = block
        {
            *s = rename(s);
        }
    }
    assert_eq!(back, original);
}

#[test]
fn empty_transcript_round_trips() {
    for opts in options() {
        check(&Transcript::default(), &opts);
    }
}
