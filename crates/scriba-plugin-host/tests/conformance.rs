//! The seed and the shared corpus, read with `scriba-read` and exported through the plugins
//! loaded as libraries: the Markdown parses as CommonMark with every body word in order and no
//! raw HTML, and the template's CSV has one row per body paragraph with its exact text.
//!
//! Needs `../shared` (run with `--features conformance`); fails loudly when it is missing.

#![cfg(feature = "conformance")]

mod support;

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use scriba_core::{ExportContext, Transcript};
use scriba_plugin_host::LoadedPlugin;

fn shared() -> PathBuf {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    assert!(
        dir.is_dir(),
        "the conformance tests need ../shared (the seed and the corpus) beside the repository, at {}",
        dir.display()
    );
    dir.to_path_buf()
}

fn read(path: &Path) -> Transcript {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let options = scriba_read::ReadOptions::default().with_fallback_title("transcript");
    scriba_read::read_str(&text, &options)
        .unwrap_or_else(|d| panic!("{}: {d}", path.display()))
        .output
}

fn plugin(package: &str) -> LoadedPlugin {
    scriba_plugin_host::load(&support::libs()[package]).expect("the plugin loads")
}

fn export(plugin: &LoadedPlugin, doc: &Transcript) -> String {
    let out = plugin.exporters()[0]
        .export(
            doc,
            &ExportContext::new("seed").with_source_date_epoch(Some(0)),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
    String::from_utf8(out.output[0].bytes.clone()).expect("UTF-8 output")
}

/// Checks a Markdown export: no raw HTML, and the body's words in order.
fn check_markdown(name: &str, doc: &Transcript, markdown: &str) {
    let mut text = String::new();
    let mut html = Vec::new();
    let mut in_metadata = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(t) | Event::Code(t) if !in_metadata => text.push_str(&t),
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
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
    assert!(
        html.is_empty(),
        "{name}: raw HTML in the Markdown: {html:?}"
    );
    let words: Vec<&str> = text.split_whitespace().collect();
    let body = doc.body_words();
    assert!(!body.is_empty(), "{name}: the reader found a body");
    let mut rest = words.iter();
    for (i, word) in body.iter().enumerate() {
        assert!(
            rest.any(|w| w == word),
            "{name}: body word #{i} `{word}` is missing from the Markdown or out of order"
        );
    }
}

/// Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF rows).
fn parse_csv(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) if c == delimiter => row.push(std::mem::take(&mut field)),
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn seed_through_the_markdown_and_template_plugins() {
    let seed = shared().join("seed/000_5e7103ed1d3ef773.txt");
    let doc = read(&seed);
    let markdown = export(&plugin("scriba-markdown"), &doc);
    check_markdown("seed", &doc, &markdown);
    assert!(markdown.starts_with("---\ntitle: "), "front matter first");

    let csv = export(&plugin("scriba-plugin-template"), &doc);
    let rows = parse_csv(&csv, ',');
    assert_eq!(rows[0], ["speaker", "start_ms", "text"]);
    let marks = doc.quote_marks();
    let expected: Vec<Vec<String>> = doc
        .body_paragraphs()
        .map(|(speaker, p)| {
            vec![
                speaker.map_or(String::new(), |id| doc.speaker_name(id).to_owned()),
                p.start_ms.map(|ms| ms.to_string()).unwrap_or_default(),
                p.plain_text(marks),
            ]
        })
        .collect();
    assert_eq!(rows[1..], expected[..]);
}

#[test]
fn corpus_through_the_markdown_plugin() {
    let dir = shared().join("corpus/transcripts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the corpus is empty");
    let markdown = plugin("scriba-markdown");
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = read(&file);
        let md = export(&markdown, &doc);
        check_markdown(&name, &doc, &md);
        assert_eq!(md, export(&markdown, &doc), "{name}: deterministic");
    }
}
