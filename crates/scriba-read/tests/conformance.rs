//! The reader over the real transcripts of `../shared`: the seed's acceptance list, every
//! corpus file read without loss of words, speakers as labelled, exact JSON round trips.
//! Run by `cargo xtask conformance`; fails loudly when `../shared` is missing.
#![cfg(feature = "conformance")]

use std::collections::BTreeSet;
use std::path::PathBuf;

use scriba_core::{Block, Document, Inline, NoteKind, QuoteMarks, Transcript};
use scriba_read::{ReadOptions, decode_bytes, read_str};

fn shared() -> PathBuf {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    assert!(
        p.join("seed").is_dir(),
        "../shared is missing at {}: the conformance tests need the seed and the corpus",
        p.display()
    );
    p
}

fn read(path: &std::path::Path) -> scriba_core::Warned<Transcript> {
    let bytes = std::fs::read(path).expect("readable");
    let text = decode_bytes(&bytes).expect("decodes").output;
    read_str(&text, &ReadOptions::default()).expect("reads")
}

fn seed() -> (String, scriba_core::Warned<Transcript>) {
    let path = shared().join("seed/000_5e7103ed1d3ef773.txt");
    (std::fs::read_to_string(&path).expect("seed"), read(&path))
}

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared().join("corpus/transcripts"))
        .expect("corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_name().is_none_or(|n| n != "SOURCE.md"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 9,
        "the corpus has its transcripts: {files:?}"
    );
    files
}

#[test]
fn seed_acceptance() {
    let (_, w) = seed();
    let doc = &w.output;
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Varoufakis über Chinas KI DeepSeek und den neuen Kalten Krieg")
    );
    assert_eq!(doc.meta.language.as_deref(), Some("de"));
    let Some(disclaimer) = doc.disclaimer() else {
        panic!("the disclaimer is front matter: {:?}", doc.front)
    };
    let disclaimer = Inline::plain_text(disclaimer, doc.quote_marks());
    assert!(disclaimer.starts_with("Das Transkript gibt möglicherweise"));
    assert!(disclaimer.ends_with("nicht wortgenau wieder."));
    assert!(matches!(
        doc.front.as_slice(),
        [Block::Note {
            kind: NoteKind::Disclaimer,
            ..
        }]
    ));

    let names: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Yanis Varoufakis"]);

    // Both page-break splits are single paragraphs with the join marked.
    let marks = doc.quote_marks();
    let paragraphs: Vec<String> = doc
        .body_paragraphs()
        .map(|(_, p)| p.plain_text(marks))
        .collect();
    let joined: Vec<&String> = paragraphs
        .iter()
        .filter(|p| {
            p.contains("dann kommt es zu Problemen. Es wird")
                || p.contains("Zum Beispiel, um uns von realen Märkten")
        })
        .collect();
    assert_eq!(joined.len(), 2, "both splits rejoined: {paragraphs:#?}");
    fn count_breaks(content: &[Inline]) -> usize {
        content
            .iter()
            .map(|i| match i {
                Inline::PageBreak => 1,
                Inline::Quote { content }
                | Inline::Emphasis { content }
                | Inline::Title { content } => count_breaks(content),
                _ => 0,
            })
            .sum()
    }
    let breaks: usize = doc
        .body_paragraphs()
        .map(|(_, p)| count_breaks(&p.content))
        .sum();
    assert_eq!(breaks, 2);
    assert!(
        doc.body_paragraphs()
            .all(|(s, _)| s == Some("yanis-varoufakis"))
    );

    // The book title is a work title.
    let titles: Vec<String> = doc
        .body_paragraphs()
        .flat_map(|(_, p)| p.content.iter())
        .filter_map(|i| match i {
            Inline::Title { content } => Some(Inline::plain_text(content, marks)),
            _ => None,
        })
        .collect();
    assert_eq!(titles, ["Technofeudalismus: Was den Kapitalismus tötete"]);

    // ENDE ends the body and is not body text.
    assert_eq!(doc.end_marker.as_deref(), Some("ENDE"));
    assert!(!doc.body_words().iter().any(|w| w.contains("ENDE")));
    assert!(doc.body_words().last().is_some_and(|w| w == "hier."));

    // Bank, PayPal and Patreon details are labelled back-matter items.
    let fields: Vec<(String, String)> = doc
        .back
        .iter()
        .flat_map(|b| match b {
            Block::Fields { items, .. } => items.clone(),
            _ => Vec::new(),
        })
        .map(|f| (f.label, Inline::plain_text(&f.value, marks)))
        .collect();
    for (label, value) in [
        ("Kontoinhaber", "acTVism München e.V."),
        ("Bank", "GLS Bank"),
        ("IBAN", "DE89430609678224073600"),
        ("BIC", "GENODEM1GLS"),
        ("E-Mail", "PayPal@acTVism.org"),
        ("PATREON", "https://www.patreon.com/acTVism"),
    ] {
        assert!(
            fields.iter().any(|(l, v)| l == label && v == value),
            "{label}: {value} in {fields:?}"
        );
    }

    // The `(#)` link is reported.
    let empty_link: Vec<_> = w
        .warnings
        .iter()
        .filter(|d| d.code == "read.empty-link")
        .collect();
    assert_eq!(empty_link.len(), 1);
    assert_eq!(empty_link[0].span.map(|s| s.line), Some(43));
}

/// Words as the fidelity check compares them: lower case, without surrounding punctuation.
fn norm(words: impl IntoIterator<Item = String>) -> Vec<String> {
    words
        .into_iter()
        // Markup characters are not part of words (`**strong**`, `` `code` ``, `\[laughs\]`).
        .map(|w| w.replace(['*', '`', '[', ']', '<', '>', '\\', '#'], ""))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty() && !is_time(w))
        .collect()
}

/// `20:04`, `00:04:48.04`: timestamps are markup, not words.
fn is_time(w: &str) -> bool {
    w.split(':').count() >= 2
        && w.split([':', '.', ','])
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Every word of the model: title (when the source has it), front, body, end marker, back.
fn model_words(doc: &Transcript, source: &str) -> Vec<String> {
    let marks = QuoteMarks::for_language("en");
    let mut text = Vec::new();
    if let Some(t) = &doc.meta.title
        && source.contains(t.as_str())
        && !source.starts_with("---")
    {
        text.push(t.clone());
    }
    let front: Vec<Block> = doc
        .front
        .iter()
        .filter(|b| {
            !matches!(
                b,
                Block::Note {
                    kind: NoteKind::Summary,
                    ..
                }
            )
        })
        .cloned()
        .collect();
    text.extend(scriba_core::blocks_text(&front, marks));
    text.extend(scriba_core::blocks_text(&doc.body, marks));
    text.extend(doc.end_marker.clone());
    text.extend(scriba_core::blocks_text(&doc.back, marks));
    norm(
        text.iter()
            .flat_map(|t| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>()),
    )
}

/// Words of a text-format source minus front matter, speaker labels, timestamps and link
/// targets: an independent, regex-free reading of what the model must contain.
fn source_words(source: &str, doc: &Transcript) -> Vec<String> {
    let mut body = source.trim_start_matches('\u{FEFF}');
    if let Some(rest) = body.strip_prefix("---\n") {
        body = rest.find("\n---\n").map_or(rest, |i| &rest[i + 5..]);
    }
    let label_names: BTreeSet<String> = doc
        .speakers
        .iter()
        .flat_map(|s| {
            let first = s
                .name
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            let initials: String = s
                .name
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .collect();
            [s.name.clone(), first, initials]
        })
        .collect();
    let mut words = Vec::new();
    for para in body.split("\n\n") {
        let mut para = para.trim().to_owned();
        // A leading label `**Name:**`, `**Name**:` or `Name:` of a known speaker.
        for (open, close) in [("**", ":**"), ("**", "**:"), ("", ":")] {
            if let Some(rest) = para.strip_prefix(open)
                && let Some(end) = rest.find(close)
            {
                let name = &rest[..end];
                let after = &rest[end + close.len()..];
                let is_label = label_names.contains(name);
                if is_label && (after.is_empty() || after.starts_with(char::is_whitespace)) {
                    para = after.to_owned();
                    break;
                }
            }
        }
        // Link targets and bracketed timestamps are not words of the text.
        let mut cleaned = String::new();
        let mut rest = para.as_str();
        while let Some(i) = rest.find("](") {
            cleaned.push_str(&rest[..i]);
            rest = rest[i..].find(')').map_or("", |j| &rest[i + j + 1..]);
        }
        cleaned.push_str(rest);
        for w in cleaned.split_whitespace() {
            words.push(w.to_owned());
        }
    }
    norm(words)
}

fn first_difference(a: &[String], b: &[String]) -> String {
    let i = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    format!(
        "at word {i}: source {:?} vs model {:?}",
        &a[i.saturating_sub(3)..(i + 5).min(a.len())],
        &b[i.saturating_sub(3)..(i + 5).min(b.len())]
    )
}

#[test]
fn corpus_reads_without_losing_words() {
    let mut checked = 0;
    for path in corpus() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let w = read(&path);
        let doc = &w.output;
        assert!(!doc.body.is_empty(), "{name}: a body");
        let source = String::from_utf8(std::fs::read(&path).expect("readable")).expect("utf-8");
        if name.ends_with(".md") || name.ends_with(".txt") && !name.starts_with("parlamint") {
            let src = source_words(&source, doc);
            let model = model_words(doc, &source);
            assert!(src == model, "{name}: {}", first_difference(&src, &model));
            checked += 1;
        } else if name.starts_with("parlamint") {
            let src = norm(
                source
                    .lines()
                    .filter_map(|l| l.split_once('\t'))
                    .flat_map(|(_, t)| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>()),
            );
            assert_eq!(src, norm(doc.body_words()), "{name}");
            checked += 1;
        } else if name.ends_with(".xml") {
            // Every paragraph of the proceedings and appendices is in the model, in order.
            let mut all = doc.body_words();
            all.extend(
                scriba_core::blocks_text(&doc.back, doc.quote_marks())
                    .iter()
                    .flat_map(|t| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>()),
            );
            let body = norm(all).join(" ");
            let mut from = 0;
            let verlauf = &source[source.find("<sitzungsverlauf>").expect("proceedings")..];
            for chunk in verlauf.split("<p klasse=\"J").skip(1) {
                let inner = &chunk[chunk.find('>').map_or(0, |i| i + 1)
                    ..chunk.find("</p>").unwrap_or(chunk.len())];
                let mut text = String::new();
                let mut in_tag = false;
                for c in inner.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => {
                            in_tag = false;
                            text.push(' ');
                        }
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                let words = norm(text.split_whitespace().map(|w| w.replace("&amp;", "&")));
                let needle = words.join(" ");
                let at = body[from..]
                    .find(&needle)
                    .unwrap_or_else(|| panic!("{name}: `{needle}` in order in the body"));
                from += at + needle.len();
            }
            checked += 1;
        }
    }
    assert_eq!(checked, corpus().len());
}

#[test]
fn corpus_speakers_are_the_labels() {
    let expected: &[(&str, &[&str])] = &[
        (
            "canada-senate-bitcoin.es.md",
            &[
                "Andreas Antonopoulos",
                "Senador Black",
                "Senador",
                "Senador Greene",
                "Senador M",
                "Senador R",
                "Senador Meredith",
                "Senador Hervieux-Payette",
                "Senador Tkachuk",
            ],
        ),
        (
            "canada-senate-bitcoin.md",
            &[
                "Andreas Antonopoulos",
                "Senator Black",
                "Senator",
                "Senator Greene",
                "Senator M",
                "Senator R",
                "Senator Meredith",
                "Senator Hervieux-Payette",
                "Senator Tkachuk",
            ],
        ),
        (
            "lightning++-berlin-2025.md",
            &[
                "Walton",
                "Evan Kaloudis",
                "Rita",
                "Alex Lewin",
                "Michael Boltz",
                "Shinobi",
                "Calle",
                "Audience",
            ],
        ),
        (
            "package-relay.md",
            &["Mark Erhardt", "Adam Jonas", "Gloria Zhao"],
        ),
        ("braidpool.zh.md", &["Bob McElrath"]),
        ("backstage-19.md", &["Adam Stacoviak", "Jerome Hardaway"]),
        (
            "go-time-100.md",
            &[
                "Carmen Andoh",
                "Jon Calhoun",
                "Rob Pike",
                "Robert Griesemer",
            ],
        ),
        ("NRSITZ-00178.txt", &[]),
    ];
    for path in corpus() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = read(&path).output;
        let speaking: BTreeSet<&str> = doc
            .body
            .iter()
            .filter_map(|b| match b {
                Block::Turn {
                    speaker: Some(id), ..
                } => Some(doc.speaker_name(id)),
                _ => None,
            })
            .collect();
        if name.ends_with(".xml") {
            // The Bundestag protocol names its speakers in <redner> records and <name> lines.
            assert_eq!(speaking.len(), 17, "{name}: {speaking:?}");
            assert!(
                speaking.contains("Dr. Angela Merkel")
                    && speaking.contains("Dr. Wolfgang Schäuble")
            );
            continue;
        }
        let Some((_, want)) = expected.iter().find(|(suffix, _)| name.ends_with(suffix)) else {
            panic!("no expectation for {name}");
        };
        let want: BTreeSet<&str> = want.iter().copied().collect();
        assert_eq!(speaking, want, "{name}");
    }
}

#[test]
fn json_round_trip_is_exact_on_seed_and_corpus() {
    let mut docs = vec![seed().1.output];
    docs.extend(corpus().iter().map(|p| read(p).output));
    for doc in docs {
        let json = serde_json::to_string_pretty(&Document::new(doc.clone())).expect("serialises");
        let back = read_str(&json, &ReadOptions::default())
            .expect("reads")
            .output;
        assert_eq!(back, doc);
        let again = serde_json::to_string_pretty(&Document::new(back)).expect("serialises");
        assert_eq!(again, json, "byte-identical JSON");
    }
}
