use scriba_core::{Block, Inline, NoteKind};

use crate::{ReadOptions, read_str};

fn read(src: &str) -> scriba_core::Warned<scriba_core::Transcript> {
    read_str(src, &ReadOptions::default()).expect("text never fails")
}

const SEEDLIKE: &str = "\nEin Gespräch über Bücher\n\nDas Transkript gibt möglicherweise den Inhalt nicht wortgenau wieder.\n\nAnna Weber: Hallo, ich bin Anna. In meinem Buch *Die Zeit: Eine Reise* steht es. Dann kommt es zu\n\nProblemen. „Zitat“, sagt sie. Zum Beispiel,\n\num uns zu bewegen. Das ist alles, was ich zu diesem Thema heute noch sagen möchte, danke.\n\nNoch ein Absatz derselben Sprecherin.\n\nENDE\n\nDanke fürs Lesen:\n\nBANKKONTO:\n\nKontoinhaber: Verein e.V.\nIBAN: DE89430609678224073600\n\nPAYPAL:\n\nE-Mail:\nPay@example.org\n\nPATREON:\n\n<https://www.patreon.com/x>\n\nBETTERPLACE:\n\nLink: [Klicken Sie hier](#)\n";

#[test]
fn seed_shape() {
    let w = read(SEEDLIKE);
    let doc = &w.output;
    assert_eq!(doc.meta.title.as_deref(), Some("Ein Gespräch über Bücher"));
    assert!(matches!(
        doc.front.as_slice(),
        [Block::Note {
            kind: NoteKind::Disclaimer,
            ..
        }]
    ));
    assert_eq!(doc.speakers.len(), 1);
    assert_eq!(doc.speakers[0].name, "Anna Weber");
    let Block::Turn {
        paragraphs,
        speaker,
        ..
    } = &doc.body[0]
    else {
        panic!("a turn first: {:?}", doc.body[0]);
    };
    assert_eq!(speaker.as_deref(), Some("anna-weber"));
    assert_eq!(
        paragraphs.len(),
        2,
        "both page-break splits rejoined into one paragraph + one more"
    );
    assert_eq!(
        paragraphs[0]
            .content
            .iter()
            .filter(|i| matches!(i, Inline::PageBreak))
            .count(),
        2
    );
    assert!(
        paragraphs[0]
            .content
            .iter()
            .any(|i| matches!(i, Inline::Title { .. }))
    );
    assert!(
        paragraphs[0]
            .content
            .iter()
            .any(|i| matches!(i, Inline::Quote { .. }))
    );
    assert_eq!(doc.end_marker.as_deref(), Some("ENDE"));
    assert!(!doc.body_words().iter().any(|w| w == "ENDE"));
    let fields: Vec<(Option<&str>, Vec<&str>)> = doc
        .back
        .iter()
        .filter_map(|b| match b {
            Block::Fields { title, items, .. } => Some((
                title.as_deref(),
                items.iter().map(|f| f.label.as_str()).collect(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        fields,
        [
            (Some("BANKKONTO"), vec!["Kontoinhaber", "IBAN"]),
            (Some("PAYPAL"), vec!["E-Mail"]),
            (None, vec!["PATREON"]),
            (Some("BETTERPLACE"), vec!["Link"]),
        ]
    );
    let codes: Vec<&str> = w.warnings.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"read.empty-link"), "{codes:?}");
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == "read.page-break-join")
            .count(),
        2
    );
    assert!(codes.contains(&"read.work-title"));
    assert_eq!(doc.meta.language.as_deref(), Some("de"));
}

#[test]
fn label_styles() {
    let doc = read("**Rob Pike:** Great! \\[laughs\\]\n\n**Jon Calhoun:** Hi.\n\n**Break:** \\[24:27\\]\n\n**Rob Pike:** Again.\n").output;
    let names: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Rob Pike", "Jon Calhoun"]);
    assert_eq!(doc.body.len(), 4);

    let doc = read("---\ntitle: T\nspeakers:\n  - Mark Erhardt\n---\n## Intro\n\nMark Erhardt: 00:00:01\n\nHey Jonas.\nSecond line.\n\nAdam Jonas: 00:00:02\n\nHey.\n").output;
    assert_eq!(doc.speakers.len(), 2);
    assert!(matches!(doc.body[0], Block::Heading { level: 2, .. }));
    let Block::Turn {
        start_ms,
        paragraphs,
        ..
    } = &doc.body[1]
    else {
        panic!()
    };
    assert_eq!(*start_ms, Some(1000));
    assert_eq!(
        paragraphs[0].word_list(),
        ["Hey", "Jonas.", "Second", "line."]
    );

    let doc = read("---\nspeakers: ['Andreas Antonopoulos']\n---\nIntro text here.\n\n# Remarks\n\nMy experience is long.\n\nSenator Black: Thanks.\n\nAA: Absolutely.\n\nSenator: More.\n\nSenator: Again.\n").output;
    let ids: Vec<Option<&str>> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Turn { speaker, .. } => Some(speaker.as_deref()),
            _ => None,
        })
        .collect();
    assert_eq!(
        ids,
        [
            Some("andreas-antonopoulos"),
            Some("senator-black"),
            Some("andreas-antonopoulos"),
            Some("senator"),
            Some("senator")
        ]
    );
    assert_eq!(doc.front.len(), 1);
}

#[test]
fn no_labels_is_one_unnamed_speaker() {
    let w = read(
        "Just some text without any labels at all, spoken by one person.\n\nAnd a second paragraph.\n",
    );
    assert!(w.output.speakers.is_empty());
    assert!(w.warnings.iter().any(|d| d.code == "read.single-speaker"));
    assert!(
        matches!(&w.output.body[0], Block::Turn { speaker: None, paragraphs, .. } if paragraphs.len() == 2)
    );
}

#[test]
fn events_on_their_own_line() {
    let doc = read("A: Hallo.\n\n(Beifall)\n\nA: Weiter.\n").output;
    assert!(matches!(doc.body[1], Block::Event { .. }));
}

#[test]
fn unknown_front_matter_keys_warn() {
    let w = read("---\ntitle: X\nepisode: 21\n---\nA B: text\n");
    assert!(
        w.warnings
            .iter()
            .any(|d| d.code == "read.front-matter-unknown")
    );
    assert_eq!(
        w.output.meta.extra.get("episode").map(String::as_str),
        Some("21")
    );
}

#[test]
fn json_round_trip_is_exact() {
    let doc = read(SEEDLIKE).output;
    let json = serde_json::to_string(&scriba_core::Document::new(doc.clone())).expect("json");
    let back = read_str(&json, &ReadOptions::default())
        .expect("json reads")
        .output;
    assert_eq!(back, doc);
}

#[test]
fn exports_of_transcription_services() {
    // Otter.ai: name and time on one line, the text on the next.
    let doc = read("Anna Weber  0:02\nGuten Tag, wie geht es Ihnen heute?\n\nBernd Roth  0:07\nDanke, sehr gut.\n\nAnna Weber  0:11\nSchön.\n").output;
    let starts: Vec<(Option<&str>, Option<u64>)> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Turn {
                speaker, start_ms, ..
            } => Some((speaker.as_deref(), *start_ms)),
            _ => None,
        })
        .collect();
    assert_eq!(
        starts,
        [
            (Some("anna-weber"), Some(2_000)),
            (Some("bernd-roth"), Some(7_000)),
            (Some("anna-weber"), Some(11_000))
        ]
    );
    assert_eq!(doc.body_words()[..2], ["Guten", "Tag,"]);

    // Rev: `Speaker 1 (00:00):` then the text.
    let doc = read(
        "Speaker 1 (00:00):\nHello and welcome.\n\nSpeaker 2 (00:04):\nThanks for having me.\n",
    )
    .output;
    let names: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Speaker 1", "Speaker 2"]);
    assert_eq!(
        doc.body_words().join(" "),
        "Hello and welcome. Thanks for having me."
    );

    // Diarized ASR: `SPEAKER_00: text`, with a leading time.
    let doc = read("[00:00:01] SPEAKER_00: Hello.\n\n[00:00:03] SPEAKER_01: Hi there.\n\n[00:00:05] SPEAKER_00: Bye.\n").output;
    assert_eq!(doc.speakers.len(), 2);
    assert!(matches!(
        doc.body[1],
        Block::Turn {
            start_ms: Some(3_000),
            ..
        }
    ));
}

#[test]
fn a_time_opening_the_text_starts_the_turn() {
    let doc =
        read("**Ada:** [00:00:05] Welcome.\n\n**Tom:** \\[00:01:10\\] Thanks.\n\n**Ada:** Bye.\n")
            .output;
    let starts: Vec<Option<u64>> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Turn { start_ms, .. } => Some(*start_ms),
            _ => None,
        })
        .collect();
    assert_eq!(starts, [Some(5_000), Some(70_000), None]);
}

#[test]
fn setext_titles_thematic_breaks_and_names_on_their_own_line() {
    let w = read(
        "Brücken und Flüsse\n==================\n\nAnna Weber:\nGuten Tag.\n\n* * *\n\nZweiter Teil\n------------\n\nBernd Roth:\n\nHallo zusammen.\n\nAnna Weber: Danke.\n",
    );
    let doc = &w.output;
    assert_eq!(doc.meta.title.as_deref(), Some("Brücken und Flüsse"));
    assert!(
        matches!(&doc.body[1], Block::Heading { level: 2, .. }),
        "{:?}",
        doc.body
    );
    assert_eq!(doc.speakers.len(), 2);
    assert_eq!(
        doc.body_words().join(" "),
        "Guten Tag. Zweiter Teil Hallo zusammen. Danke."
    );
    assert!(w.warnings.iter().any(|d| d.code == "read.thematic-break"));
}

#[test]
fn long_transcripts_parse_in_parallel_parts_like_short_ones() {
    // More paragraph text than `PARALLEL_TEXT`: parsed in parts on several threads.
    let turn = "Anna: Im Buch *Der Process* steht [etwas](#) über „Gerichte“ [lacht].\n\n\
                Ben: Ja, und https://example.org sagt (hustet) dasselbe.\n\n";
    let src = format!("Titel\n\n{}", turn.repeat(1200));
    assert!(src.len() > super::PARALLEL_TEXT * 2);
    let w = read(&src);
    let turns: Vec<&Vec<scriba_core::Paragraph>> = w
        .output
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Turn { paragraphs, .. } => Some(paragraphs),
            _ => None,
        })
        .collect();
    assert_eq!(turns.len(), 2400);
    // Every copy of a turn has the same content as the first.
    for (i, paras) in turns.iter().enumerate() {
        assert_eq!(paras[0].content, turns[i % 2][0].content, "turn {i}");
    }
    // Diagnostics of the paragraphs come in the order of the text, one per copy.
    let titles: Vec<u32> = w
        .warnings
        .iter()
        .filter(|d| d.code == "read.work-title")
        .filter_map(|d| d.span.map(|s| s.line))
        .collect();
    assert_eq!(titles.len(), 1200);
    assert!(titles.windows(2).all(|p| p[0] < p[1]), "{titles:?}");
}
