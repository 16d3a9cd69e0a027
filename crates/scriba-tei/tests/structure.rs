//! The structure of the TEI output, asserted on a parse of the output (quick-xml), not by
//! string search.

mod common;

use std::collections::BTreeSet;

use common::{El, parse, seed_like, tei_body_words, timed};
use scriba_core::{Block, Paragraph, Speaker, Transcript};
use scriba_tei::{TeiOptions, export};

fn tei(doc: &Transcript, opts: &TeiOptions) -> El {
    let out = export(doc, opts).expect("valid options");
    parse(std::str::from_utf8(&out.output).expect("UTF-8"))
}

fn opts() -> TeiOptions {
    let mut o = TeiOptions::default();
    o.timestamp = Some(1_738_281_600); // 2025-01-31
    o
}

#[test]
fn seed_like_header() {
    let root = tei(&seed_like(), &opts());
    assert_eq!(root.name, "TEI");
    assert_eq!(root.attr("xmlns"), Some("http://www.tei-c.org/ns/1.0"));
    assert_eq!(root.attr("xml:lang"), Some("de"));
    let file = root.at("teiHeader/fileDesc").expect("fileDesc");
    assert_eq!(
        file.at("titleStmt/title").map(El::text).as_deref(),
        Some("Varoufakis über Chinas KI DeepSeek und den neuen Kalten Krieg")
    );
    let publication = file.at("publicationStmt").expect("publicationStmt");
    assert!(
        publication.elements().count() >= 3,
        "non-empty publicationStmt"
    );
    assert_eq!(
        publication.at("date").and_then(|d| d.attr("when")),
        Some("2025-01-31"),
        "the date comes from SOURCE_DATE_EPOCH"
    );
    assert!(publication.at("idno").is_some_and(|i| !i.text().is_empty()));
    let note = file
        .at("notesStmt/note")
        .expect("the disclaimer in notesStmt");
    assert_eq!(note.attr("type"), Some("disclaimer"));
    assert!(
        note.text()
            .starts_with("Das Transkript gibt möglicherweise")
    );
    assert!(file.at("sourceDesc/recordingStmt/recording").is_some());

    let persons = root.find_all("person");
    assert_eq!(persons.len(), 1, "one person");
    assert_eq!(
        persons[0].at("persName").map(El::text).as_deref(),
        Some("Yanis Varoufakis")
    );
    assert_eq!(persons[0].attr("xml:id"), Some("yanis-varoufakis"));
    assert_eq!(
        root.at("teiHeader/profileDesc/langUsage/language")
            .and_then(|l| l.attr("ident")),
        Some("de")
    );
    let encoding = root.at("teiHeader/encodingDesc").expect("encodingDesc");
    assert!(encoding.at("editorialDecl/segmentation/p").is_some());
    assert!(
        encoding
            .at("editorialDecl/correction/p")
            .is_some_and(|p| p.text().contains("page break"))
    );
    let change = root
        .at("teiHeader/revisionDesc/change")
        .expect("revisionDesc");
    assert_eq!(change.attr("when"), Some("2025-01-31"));
    assert!(change.text().contains(env!("CARGO_PKG_VERSION")));
    assert!(root.at("text/timeline").is_none(), "no times, no timeline");
}

#[test]
fn seed_like_text() {
    let doc = seed_like();
    let root = tei(&doc, &opts());
    let body = root.at("text/body").expect("body");
    let us = body.find_all("u");
    assert_eq!(us.len(), 3, "every paragraph of the turn is a u");
    for u in &us {
        assert_eq!(u.attr("who"), Some("#yanis-varoufakis"));
    }
    assert_eq!(us[0].attr("prev"), None);
    assert_eq!(us[0].attr("next"), Some("#u_2"));
    assert_eq!(us[1].attr("prev"), Some("#u_1"));
    assert_eq!(us[1].attr("next"), Some("#u_3"));
    assert_eq!(us[2].attr("next"), None);
    assert_eq!(body.find_all("p").len(), 0, "no body paragraph outside a u");
    assert_eq!(
        body.find_all("title").first().map(|t| t.text()).as_deref(),
        Some("Technofeudalismus: Was den Kapitalismus tötete")
    );
    assert_eq!(body.find_all("q")[0].text(), "privatisiert");
    assert_eq!(
        body.find_all("pb").len(),
        1,
        "the page-break rejoin is kept"
    );
    assert_eq!(body.find_all("hi")[0].attr("rend"), Some("italic"));
    assert_eq!(body.at("trailer").map(El::text).as_deref(), Some("ENDE"));

    let front = root.at("text/front").expect("front");
    let note = &front.find_all("note")[0];
    assert_eq!(note.attr("type"), Some("disclaimer"));

    let back = root.at("text/back").expect("back");
    let lists = back.find_all("list");
    assert_eq!(lists.len(), 3);
    let bank = lists[0];
    assert_eq!(bank.attr("type"), Some("gloss"));
    assert_eq!(bank.at("head").map(El::text).as_deref(), Some("BANKKONTO"));
    let labels: Vec<String> = bank.find_all("label").iter().map(|l| l.text()).collect();
    let items: Vec<String> = bank.find_all("item").iter().map(|l| l.text()).collect();
    assert_eq!(labels, ["Kontoinhaber", "Bank", "IBAN", "BIC"]);
    assert_eq!(items[2], "DE89430609678224073600");
    assert_eq!(lists[1].find_all("email")[0].text(), "PayPal@acTVism.org");
    assert_eq!(lists[2].find_all("ref")[0].attr("target"), Some("#"));

    assert_eq!(tei_body_words(&root), doc.body_words());
}

#[test]
fn page_breaks_can_be_left_out() {
    let mut o = opts();
    o.page_breaks = false;
    let root = tei(&seed_like(), &o);
    assert!(root.find_all("pb").is_empty());
    assert!(
        root.at("teiHeader/encodingDesc/editorialDecl/correction/p")
            .is_some_and(|p| p.text().contains("not marked"))
    );
}

#[test]
fn timings_make_a_timeline() {
    let doc = timed();
    let root = tei(&doc, &opts());
    let timeline = root.at("text/timeline").expect("a timeline");
    assert_eq!(timeline.attr("unit"), Some("ms"));
    let whens: Vec<&El> = timeline.elements().collect();
    let ids: BTreeSet<&str> = whens.iter().filter_map(|w| w.attr("xml:id")).collect();
    assert_eq!(ids.len(), whens.len(), "unique time ids");
    assert!(ids.contains("t_0") && ids.contains("t_1000") && ids.contains("t_2500"));
    let us = root.find_all("u");
    assert_eq!(us[0].attr("start"), Some("#t_1000"));
    assert_eq!(us[0].attr("end"), Some("#t_2500"));
    // Every pointer into the timeline resolves.
    for e in root
        .find_all("u")
        .into_iter()
        .chain(root.find_all("anchor"))
    {
        for key in ["start", "end", "synch"] {
            if let Some(p) = e.attr(key) {
                assert!(ids.contains(p.trim_start_matches('#')), "{p} resolves");
            }
        }
    }
    let words: Vec<&El> = us[0]
        .find_all("anchor")
        .into_iter()
        .filter(|a| a.attr("type") == Some("word-start"))
        .collect();
    assert_eq!(words.len(), 3, "one start anchor per timed word");
    assert_eq!(words[2].attr("synch"), Some("#t_2000"));
    assert_eq!(words[0].attr("subtype"), Some("matched"));
    // Who, recording and header details.
    assert_eq!(us[0].attr("who"), Some("#ann-host"));
    assert!(us.iter().any(|u| u.attr("who").is_none()));
    let rec = root
        .at("teiHeader/fileDesc/sourceDesc/recordingStmt/recording")
        .expect("recording");
    assert_eq!(rec.attr("type"), Some("video"));
    assert_eq!(rec.attr("dur-iso"), Some("PT1H2M3.456S"));
    assert_eq!(
        rec.at("media").and_then(|m| m.attr("url")),
        Some("https://example.org/talk.mp4")
    );
    assert_eq!(
        rec.at("date").and_then(|d| d.attr("when")),
        Some("2024-05-06")
    );
    assert_eq!(root.find_all("person")[0].attr("role"), Some("host"));
    // Events.
    let names: Vec<(&str, Option<&str>)> = root
        .at("text/body")
        .expect("body")
        .find_all("desc")
        .iter()
        .map(|d| (d.name.as_str(), None))
        .collect();
    assert_eq!(names.len(), 9, "every event has a desc");
    assert_eq!(root.find_all("kinesic")[0].attr("type"), Some("applause"));
    assert_eq!(root.find_all("gap")[0].attr("reason"), Some("inaudible"));
    assert_eq!(root.find_all("vocal")[0].attr("type"), Some("laughter"));
    assert_eq!(root.find_all("incident").len(), 4);
    // Headings nest; a skipped level keeps its number.
    let divs = root.at("text/body").expect("body").find_all("div");
    assert_eq!(divs.len(), 3);
    assert_eq!(divs[1].attr("n"), Some("3"));
    assert_eq!(divs[2].attr("n"), None);
    assert_eq!(tei_body_words(&root), doc.body_words());
}

#[test]
fn no_times_no_timeline_and_no_fake_times() {
    let root = tei(&seed_like(), &opts());
    for e in root.find_all("u") {
        assert!(e.attr("start").is_none() && e.attr("end").is_none());
    }
    assert!(root.find_all("anchor").is_empty());
}

#[test]
fn ids_are_unique_valid_ncnames_with_prefix() {
    let mut doc = Transcript::default();
    for (id, name) in [
        ("a", "Dr. Müller"),
        ("b", "Dr Müller"),
        ("c", "2 Unlimited"),
        ("d", ""),
    ] {
        doc.speakers.push(Speaker::new(id, name));
        doc.body
            .push(Block::turn(Some(id), vec![Paragraph::text("Hi.")]));
    }
    doc.body
        .push(Block::turn(Some("ghost"), vec![Paragraph::text("Boo.")]));
    let mut o = opts();
    o.id_prefix = "x.".into();
    let out = export(&doc, &o).expect("valid prefix");
    assert!(out.warnings.iter().any(|w| w.code == "tei.unknown-speaker"));
    let root = parse(std::str::from_utf8(&out.output).expect("UTF-8"));
    let mut ids = BTreeSet::new();
    let mut all = Vec::new();
    collect_ids(&root, &mut all);
    for id in &all {
        assert!(ids.insert(id.clone()), "duplicate id {id}");
        assert!(id.starts_with("x."), "{id} has the prefix");
        assert!(
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{id} is an ASCII NCName"
        );
    }
    let persons: Vec<&str> = root
        .find_all("person")
        .iter()
        .filter_map(|p| p.attr("xml:id"))
        .collect();
    assert_eq!(
        persons,
        [
            "x.dr-muller",
            "x.dr-muller-2",
            "x.person-2-unlimited",
            "x.d",
            "x.ghost"
        ]
    );
    for u in root.find_all("u") {
        let who = u.attr("who").expect("who").trim_start_matches('#');
        assert!(persons.contains(&who), "{who} points to a person");
    }
}

#[test]
fn invalid_prefix_is_an_error() {
    let mut o = TeiOptions::default();
    o.id_prefix = "1x".into();
    let err = export(&seed_like(), &o).expect_err("invalid prefix");
    assert_eq!(err[0].code, "tei.id-prefix");
}

#[test]
fn compact_output_has_the_same_content() {
    let mut o = opts();
    o.pretty = false;
    let compact = export(&seed_like(), &o).expect("ok").output;
    let text = std::str::from_utf8(&compact).expect("UTF-8");
    assert_eq!(text.lines().count(), 2, "declaration and document");
    let root = parse(text);
    assert_eq!(tei_body_words(&root), seed_like().body_words());
}

fn collect_ids(e: &El, out: &mut Vec<String>) {
    if let Some(id) = e.attr("xml:id") {
        out.push(id.to_owned());
    }
    for c in e.elements() {
        collect_ids(c, out);
    }
}

#[test]
fn a_body_without_text_gets_a_division() {
    let mut doc = Transcript::default();
    doc.body.push(Block::Event {
        kind: scriba_core::EventKind::Applause,
        description: "Beifall".into(),
        span: None,
    });
    let root = tei(&doc, &opts());
    let div = root.at("text/body/div").expect("a division");
    assert_eq!(div.attr("type"), Some("transcript"));
    assert!(div.at("kinesic").is_some());
    let empty = tei(&Transcript::default(), &opts());
    assert!(empty.at("text/body/div").is_some());
}
