//! Generated models full of hostile text: the output is well-formed, keeps every body word
//! (except characters XML forbids) and round-trips byte-identically, in both profiles.

mod common;

use common::{parse, random_doc, tei_body_words};
use scriba_tei::{TeiOptions, TeiProfile, export, read};

fn is_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

#[test]
fn generated_models_round_trip_and_keep_their_words() {
    let mut compact = TeiOptions::default();
    compact.pretty = false;
    compact.page_breaks = false;
    compact.id_prefix = "g.".into();
    compact.timestamp = Some(0);
    for seed in 0..400 {
        let doc = random_doc(seed);
        for opts in [TeiOptions::default(), compact.clone()] {
            let first = export(&doc, &opts).expect("valid options").output;
            let xml = std::str::from_utf8(&first).expect("UTF-8");
            let root = parse(xml);
            let expected: Vec<String> = doc
                .body_words()
                .iter()
                .map(|w| w.chars().filter(|&c| !is_forbidden(c)).collect::<String>())
                .filter(|w| !w.is_empty())
                .collect();
            let got = tei_body_words(&root);
            if got != expected {
                let at = got
                    .iter()
                    .zip(&expected)
                    .position(|(a, b)| a != b)
                    .unwrap_or(got.len().min(expected.len()));
                panic!(
                    "seed {seed}: body words differ at {at}: TEI {:?} vs model {:?}",
                    &got[at.saturating_sub(2)..(at + 3).min(got.len())],
                    &expected[at.saturating_sub(2)..(at + 3).min(expected.len())]
                );
            }
            let back = read(xml).unwrap_or_else(|e| panic!("seed {seed}: {e:?}"));
            assert!(back.warnings.is_empty(), "seed {seed}: {:?}", back.warnings);
            let second = export(&back.output, &opts).expect("valid options").output;
            if first != second {
                let dir = std::env::temp_dir();
                std::fs::write(dir.join("scriba-tei-generated-1.xml"), &first).expect("write");
                std::fs::write(dir.join("scriba-tei-generated-2.xml"), &second).expect("write");
                panic!(
                    "seed {seed}: export → read → export differs; see scriba-tei-generated-{{1,2}}.xml in {}",
                    dir.display()
                );
            }
        }
    }
}

#[test]
fn generated_models_are_well_formed_in_the_iso_profile() {
    let mut opts = TeiOptions::default();
    opts.profile = TeiProfile::IsoSpoken;
    for seed in 0..400 {
        let out = export(&random_doc(seed), &opts)
            .expect("valid options")
            .output;
        let root = parse(std::str::from_utf8(&out).expect("UTF-8"));
        assert!(root.at("text/body").is_some(), "seed {seed}");
    }
}

#[test]
fn the_reader_survives_damaged_documents() {
    let pieces = [
        "<", ">", "/", "&", "&amp;", "\"", "<u>", "</u>", "<div>", "xml:id", "#", "", "<!--", "]]>",
    ];
    for seed in 0..200 {
        let mut rng = common::Rng::new(seed);
        let doc = random_doc(seed);
        let xml = String::from_utf8(export(&doc, &TeiOptions::default()).expect("ok").output)
            .expect("UTF-8");
        let mut damaged = xml.clone();
        for _ in 0..rng.below(4) + 1 {
            let mut at = rng.below(damaged.len());
            while !damaged.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + rng.below(20)).min(damaged.len());
            while !damaged.is_char_boundary(end) {
                end -= 1;
            }
            damaged.replace_range(at..end, pieces[rng.below(pieces.len())]);
        }
        // Either an error or a transcript: never a panic.
        if let Ok(read) = read(&damaged) {
            let _ = export(&read.output, &TeiOptions::default()).expect("valid options");
        }
    }
}
