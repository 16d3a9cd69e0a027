//! The ISO/TEI (ISO 24624) profile: structure and the words of the utterances.

mod common;

use std::collections::BTreeSet;

use common::{El, hostile, parse, seed_like, timed};
use scriba_core::{Block, Transcript};
use scriba_tei::{TeiOptions, TeiProfile, export, read};

fn iso(doc: &Transcript) -> (El, Vec<scriba_core::Diagnostic>) {
    let mut opts = TeiOptions::default();
    opts.profile = TeiProfile::IsoSpoken;
    opts.timestamp = Some(1_738_281_600);
    let out = export(doc, &opts).expect("valid options");
    (
        parse(std::str::from_utf8(&out.output).expect("UTF-8")),
        out.warnings,
    )
}

/// The utterances' non-space characters as the model has them (quotation marks included,
/// events and page breaks left out) and as the `w`/`pc` tokens of the output have them.
fn letters(doc: &Transcript, root: &El) -> (String, String) {
    let marks = doc.quote_marks();
    let mut expected = String::new();
    for (_, p) in doc.body_paragraphs() {
        let content: Vec<_> = p
            .content
            .iter()
            .filter(|i| !matches!(i, scriba_core::Inline::Event { .. }))
            .cloned()
            .collect();
        let text = scriba_core::Inline::plain_text(&content, marks);
        expected.extend(text.chars().filter(|c| !c.is_whitespace()));
    }
    let mut got = String::new();
    for u in root.find_all("u") {
        for t in u.elements().filter(|e| e.name == "w" || e.name == "pc") {
            got.push_str(&t.text());
        }
    }
    (expected, got)
}

#[test]
fn seed_like_utterances_are_annotation_blocks_with_tokens() {
    let doc = seed_like();
    let (root, warnings) = iso(&doc);
    let body = root.at("text/body").expect("body");
    let blocks: Vec<&El> = body
        .elements()
        .filter(|e| e.name == "annotationBlock")
        .collect();
    assert_eq!(blocks.len(), 3);
    let persons: BTreeSet<&str> = root
        .find_all("person")
        .iter()
        .filter_map(|p| p.attr("xml:id"))
        .collect();
    let points: BTreeSet<&str> = root
        .find_all("when")
        .iter()
        .filter_map(|w| w.attr("xml:id"))
        .collect();
    for b in &blocks {
        assert!(persons.contains(b.attr("who").expect("who")));
        assert!(points.contains(b.attr("start").expect("start")));
        assert!(points.contains(b.attr("end").expect("end")));
        assert!(b.at("u").and_then(|u| u.attr("xml:id")).is_some());
    }
    assert!(
        root.find_all("when")
            .iter()
            .all(|w| w.attr("interval").is_none()),
        "no invented times"
    );
    assert_eq!(root.at("text").and_then(|t| t.attr("xml:lang")), Some("de"));
    let (expected, got) = letters(&doc, &root);
    assert_eq!(got, expected);
    assert!(
        root.find_all("pc").iter().any(|p| p.text() == "„"),
        "quotation marks become pc"
    );
    let w = warnings
        .iter()
        .find(|w| w.code == "tei.iso-profile")
        .expect("what is left out is reported");
    assert!(w.message.contains("front-matter") && w.message.contains("end markers"));
}

#[test]
fn timed_utterances_keep_their_times_in_seconds() {
    let doc = timed();
    let (root, _) = iso(&doc);
    let when: Vec<(&str, Option<&str>)> = root
        .find_all("when")
        .iter()
        .map(|w| (w.attr("xml:id").unwrap_or(""), w.attr("interval")))
        .collect();
    // Ann's first paragraph: start, three timed words (start and end each), end.
    let times: Vec<Option<&str>> = when[1..=8].iter().map(|(_, i)| *i).collect();
    assert_eq!(
        times,
        [
            Some("1.000"),
            Some("1.000"),
            Some("1.400"),
            Some("1.400"),
            Some("2.000"),
            Some("2.000"),
            Some("2.500"),
            Some("2.500")
        ]
    );
    assert_eq!(when[9], ("t_9", Some("2.600")));
    let first_u = &root.find_all("u")[0];
    let anchors: Vec<&str> = first_u
        .find_all("anchor")
        .iter()
        .filter_map(|a| a.attr("synch"))
        .collect();
    assert_eq!(anchors, ["t_2", "t_3", "t_4", "t_5", "t_6", "t_7"]);
    let blocks = root.find_all("annotationBlock");
    // Two turns of Ann, one of Bob, a narration paragraph and one unattributed turn.
    assert_eq!(blocks.len(), 5);
    let unknown = blocks[3].attr("who").expect("who");
    assert_eq!(blocks[4].attr("who"), Some(unknown));
    assert_eq!(root.find_all("incident").len(), 6);
    assert_eq!(root.find_all("vocal").len(), 3);
    let (expected, got) = letters(&doc, &root);
    assert_eq!(got, expected);
}

#[test]
fn hostile_input_stays_well_formed_with_unique_ids() {
    let (root, warnings) = iso(&hostile());
    assert!(warnings.iter().any(|w| w.code == "tei.forbidden-char"));
    let mut ids = BTreeSet::new();
    let mut stack = vec![&root];
    while let Some(e) = stack.pop() {
        if let Some(id) = e.attr("xml:id") {
            assert!(ids.insert(id.to_owned()), "duplicate id {id}");
        }
        stack.extend(e.elements());
    }
    for pc in root.find_all("pc") {
        assert!(!pc.text().is_empty(), "pc is never empty");
    }
}

#[test]
fn an_empty_transcript_still_has_a_person_two_time_points_and_an_empty_utterance() {
    let (root, _) = iso(&Transcript::default());
    assert_eq!(root.find_all("person").len(), 1);
    assert_eq!(root.find_all("when").len(), 2);
    let u = root.find_all("u");
    assert_eq!(u.len(), 1, "tei_all needs an utterance in the body");
    assert!(u[0].find_all("w").is_empty() && u[0].text().is_empty());
}

#[test]
fn iso_documents_are_not_read_back() {
    let mut opts = TeiOptions::default();
    opts.profile = TeiProfile::IsoSpoken;
    let mut doc = seed_like();
    doc.body
        .push(Block::turn(None, vec![scriba_core::Paragraph::text("x")]));
    let out = export(&doc, &opts).expect("valid options").output;
    let err = read(std::str::from_utf8(&out).expect("UTF-8")).expect_err("not read back");
    assert_eq!(err[0].code, "tei.iso-profile");
}
