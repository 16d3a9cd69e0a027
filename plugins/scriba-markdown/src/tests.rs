use scriba_plugin_sdk::{Block, Inline, Paragraph, Speaker};

use super::*;

fn check(doc: &Transcript, expected: &str) {
    let got = to_markdown(doc, &MarkdownOptions::default());
    assert_eq!(got.output, expected, "\n--- got ---\n{}", got.output);
}

fn interview() -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.title = Some("Ein Gespräch".into());
    doc.meta.language = Some("de".into());
    doc.speakers.push(Speaker::new("a", "Anna Weber"));
    doc.speakers.push(Speaker::new("b", "Ben"));
    doc.body.push(Block::Turn {
        speaker: Some("a".into()),
        start_ms: Some(62_000),
        paragraphs: vec![
            Paragraph::new(vec![
                Inline::text("Sie sagte "),
                Inline::Quote {
                    content: vec![Inline::text("ja")],
                },
                Inline::text(". "),
                Inline::Event {
                    kind: scriba_plugin_sdk::scriba_core::EventKind::Laughter,
                    description: "lacht".into(),
                },
            ]),
            Paragraph::text("Zweiter Absatz."),
        ],
    });
    doc.body
        .push(Block::turn(Some("b"), vec![Paragraph::text("Gut.")]));
    doc
}

#[test]
fn interview_layout() {
    check(
        &interview(),
        "---\ntitle: \"Ein Gespräch\"\nlang: \"de\"\nspeakers:\n  - \"Anna Weber\"\n  - \"Ben\"\n---\n\n# Ein Gespräch\n\n**Anna Weber (00:01:02):** Sie sagte „ja“. *\\[lacht\\]*\n\nZweiter Absatz.\n\n**Ben:** Gut.\n",
    );
}

#[test]
fn hostile_text_is_literal() {
    let mut doc = Transcript::default();
    doc.body
        .push(Block::Paragraph(Paragraph::new(vec![Inline::text(
            "<script>alert(1)</script> a*b_c [x](y) &amp; Q&A `t` | ~~",
        )])));
    doc.body
        .push(Block::Paragraph(Paragraph::text("# not a heading")));
    doc.body
        .push(Block::Paragraph(Paragraph::text("1. not a list")));
    doc.body
        .push(Block::Paragraph(Paragraph::text("bell\u{7}char")));
    doc.body
        .push(Block::Paragraph(Paragraph::new(vec![Inline::Link {
            url: "javascript:alert(1)".into(),
            content: vec![Inline::text("click")],
        }])));
    let got = to_markdown(&doc, &MarkdownOptions::default());
    assert_eq!(
        got.output,
        "\\<script\\>alert(1)\\</script\\> a\\*b\\_c \\[x\\](y) \\&amp; Q&A \\`t\\` \\| \\~\\~\n\n\\# not a heading\n\n1\\. not a list\n\nbellchar\n\nclick\n"
    );
    let codes: Vec<&str> = got.warnings.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["md.link-scheme", "md.control-character"]);
}

#[test]
fn inline_markup() {
    let mut doc = Transcript::default();
    doc.body.push(Block::Paragraph(Paragraph::new(vec![
        Inline::Emphasis {
            content: vec![Inline::text("sehr ")],
        },
        Inline::text("gut, "),
        Inline::Strong {
            content: vec![Inline::text("fett")],
        },
        Inline::text(" "),
        Inline::Code { text: "a`b".into() },
        Inline::text(" "),
        Inline::Link {
            url: "https://example.org/a b".into(),
            content: vec![Inline::text("Seite")],
        },
        Inline::text(" "),
        Inline::Email {
            address: "info@example.org".into(),
        },
        Inline::LineBreak,
        Inline::text("- zweite Zeile"),
    ])));
    let options = MarkdownOptions {
        front_matter: false,
        ..MarkdownOptions::default()
    };
    assert_eq!(
        to_markdown(&doc, &options).output,
        "*sehr* gut, **fett** ``a`b`` [Seite](<https://example.org/a b>) <info@example.org>\\\n\\- zweite Zeile\n"
    );
}
