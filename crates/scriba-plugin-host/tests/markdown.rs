//! The Markdown plugin, loaded as a library: its output parses as CommonMark, carries every
//! word of the body in order, and lets no raw HTML or markup from the text through.

mod support;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use scriba_core::{
    Block, EventKind, ExportContext, Field, Inline, NoteKind, Paragraph, Speaker, Transcript,
};

fn rich() -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.title = Some("Über *Sterne* & <b>Planeten</b>".into());
    doc.meta.language = Some("de".into());
    doc.meta.contributors = vec!["Eva \"E.\" Roth".into()];
    doc.speakers.push(Speaker::new("a", "Anna [Host]"));
    doc.speakers.push(Speaker::new("b", "Ben_Gast"));
    doc.front.push(Block::Note {
        kind: NoteKind::Disclaimer,
        content: vec![Inline::text("Ohne Gewähr.")],
        span: None,
    });
    doc.body.push(Block::Heading {
        level: 1,
        content: vec![Inline::text("# Teil 1 <script>")],
        span: None,
    });
    doc.body.push(Block::Turn {
        speaker: Some("a".into()),
        start_ms: Some(3_723_000),
        paragraphs: vec![
            Paragraph::new(vec![
                Inline::text("<script>alert('x')</script> & &amp; "),
                Inline::Emphasis {
                    content: vec![Inline::text("sehr ")],
                },
                Inline::Strong {
                    content: vec![Inline::text("fett*")],
                },
                Inline::text(" "),
                Inline::Title {
                    content: vec![Inline::text("Faust")],
                },
                Inline::text(" "),
                Inline::Quote {
                    content: vec![
                        Inline::text("innen "),
                        Inline::Quote {
                            content: vec![Inline::text("tiefer")],
                        },
                    ],
                },
                Inline::text(" "),
                Inline::Code {
                    text: "a `b` c".into(),
                },
                Inline::text(" "),
                Inline::Timestamp {
                    ms: 1000,
                    text: "00:00:01".into(),
                },
                Inline::text(" "),
                Inline::Event {
                    kind: EventKind::Laughter,
                    description: "lacht".into(),
                },
                Inline::LineBreak,
                Inline::text("1. keine Liste"),
            ]),
            Paragraph::text("- auch keine"),
        ],
    });
    doc.body.push(Block::Event {
        kind: EventKind::Applause,
        description: "Applaus".into(),
        span: None,
    });
    doc.body.push(Block::turn(
        Some("b"),
        vec![Paragraph::new(vec![
            Inline::Link {
                url: "https://example.org/a_(b)".into(),
                content: vec![Inline::text("Seite")],
            },
            Inline::text(" "),
            Inline::Link {
                url: "javascript:alert(1)".into(),
                content: vec![Inline::text("böse")],
            },
            Inline::text(" "),
            Inline::Email {
                address: "info@example.org".into(),
            },
            Inline::text(" ==="),
        ])],
    ));
    doc.body.push(Block::Note {
        kind: NoteKind::Editorial,
        content: vec![Inline::text("> Zitat? Nein.")],
        span: None,
    });
    doc.body.push(Block::Fields {
        title: Some("BANKKONTO".into()),
        items: vec![Field {
            label: "IBAN".into(),
            value: vec![Inline::text("DE00 1234")],
        }],
        span: None,
    });
    doc.end_marker = Some("ENDE".into());
    doc
}

/// The text of a Markdown document as a reader sees it, with the raw HTML and link targets.
struct Parsed {
    words: Vec<String>,
    html: Vec<String>,
    links: Vec<String>,
    headings: usize,
}

fn parse(markdown: &str) -> Parsed {
    let mut text = String::new();
    let mut html = Vec::new();
    let mut links = Vec::new();
    let mut headings = 0;
    let mut in_metadata = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(t) | Event::Code(t) if !in_metadata => text.push_str(&t),
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Start(Tag::Heading { .. }) => headings += 1,
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock,
            ) => text.push(' '),
            _ => {}
        }
    }
    Parsed {
        words: text.split_whitespace().map(str::to_owned).collect(),
        html,
        links,
        headings,
    }
}

/// Whether `needle` occurs in `haystack` in order (not necessarily adjacent).
fn in_order(needle: &[String], haystack: &[String]) -> Result<(), String> {
    let mut rest = haystack.iter();
    for word in needle {
        if !rest.any(|w| w == word) {
            return Err(format!("`{word}` missing or out of order"));
        }
    }
    Ok(())
}

#[test]
fn markdown_parses_and_carries_every_body_word() {
    let plugin = scriba_plugin_host::load(&support::libs()["scriba-markdown"]).expect("loads");
    let doc = rich();
    let out = plugin.exporters()[0]
        .export(&doc, &ExportContext::new("rich"))
        .expect("export");
    let markdown = String::from_utf8(out.output[0].bytes.clone()).expect("utf-8");
    let parsed = parse(&markdown);
    assert_eq!(
        parsed.html,
        Vec::<String>::new(),
        "no raw HTML:\n{markdown}"
    );
    assert_eq!(
        parsed.links,
        ["https://example.org/a_(b)", "info@example.org"]
    );
    // The title and the one heading of the body; no heading from `# Teil 1` as text.
    assert_eq!(parsed.headings, 2, "{markdown}");
    in_order(&doc.body_words(), &parsed.words).unwrap_or_else(|e| panic!("{e}\n{markdown}"));
    for word in [
        "Über",
        "*Sterne*",
        "&",
        "<b>Planeten</b>",
        "Ohne",
        "ENDE",
        "BANKKONTO",
    ] {
        assert!(
            parsed.words.iter().any(|w| w == word),
            "{word}:\n{markdown}"
        );
    }
    let codes: Vec<&str> = out.warnings.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["md.link-scheme"]);
}

#[test]
fn markdown_is_deterministic_and_takes_options() {
    let plugin = scriba_plugin_host::load(&support::libs()["scriba-markdown"]).expect("loads");
    let exporter = &plugin.exporters()[0];
    let doc = rich();
    let ctx = ExportContext::new("rich");
    let a = exporter.export(&doc, &ctx).expect("export");
    let b = exporter.export(&doc, &ctx).expect("export");
    assert_eq!(a, b);
    let mut options = serde_json::Map::new();
    options.insert("front_matter".into(), false.into());
    options.insert("timestamps".into(), false.into());
    let plain = exporter
        .export(&doc, &ctx.clone().with_options(options))
        .expect("export");
    let text = String::from_utf8_lossy(&plain.output[0].bytes);
    assert!(text.starts_with("# Über"), "{text}");
    assert!(!text.contains("01:02:03"), "{text}");
    assert!(
        String::from_utf8_lossy(&a.output[0].bytes).contains("**Anna \\[Host\\] (01:02:03):**")
    );
}
