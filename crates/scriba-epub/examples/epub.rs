//! Writes an EPUB from a scriba JSON transcript or from a generated model, for trying the
//! exporter by hand and measuring it (`/usr/bin/time -v`).
//!
//! ```text
//! cargo run --release -p scriba-epub --example epub -- transcript.json out.epub [SOURCE_DATE_EPOCH]
//! cargo run --release -p scriba-epub --example epub -- --words 150000 out.epub
//! ```

use std::process::ExitCode;

use scriba_core::{Block, Document, Inline, Paragraph, Speaker, Transcript};
use scriba_epub::{EpubOptions, export};

fn generated(words: usize) -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.title = Some("Ein sehr langes Gespräch".into());
    doc.meta.language = Some("de".into());
    doc.speakers.push(Speaker::new("a", "Anna Weber"));
    doc.speakers.push(Speaker::new("b", "Bernd Roth"));
    let vocab = [
        "Wirtschaft",
        "und",
        "die",
        "Frage",
        "ist",
        "nicht",
        "einfach",
        "Europa",
    ];
    let mut n = 0;
    let mut t = 0;
    while n < words {
        if n % 10_000 == 0 {
            doc.body.push(Block::Heading {
                level: 1,
                content: vec![Inline::text(format!("Teil {}", n / 10_000 + 1))],
                span: None,
            });
        }
        let paragraphs = (0..3)
            .map(|_| {
                let text: Vec<&str> = (0..40).map(|i| vocab[(n + i) % vocab.len()]).collect();
                n += 40;
                Paragraph::text(text.join(" "))
            })
            .collect();
        doc.body.push(Block::turn(
            Some(if t % 2 == 0 { "a" } else { "b" }),
            paragraphs,
        ));
        t += 1;
    }
    doc
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (doc, out, epoch) = match args.as_slice() {
        [flag, words, out] if flag == "--words" => match words.parse() {
            Ok(w) => (generated(w), out, None),
            Err(e) => {
                eprintln!("bad word count: {e}");
                return ExitCode::FAILURE;
            }
        },
        [input, out, rest @ ..] => {
            let text = match std::fs::read_to_string(input) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("{input}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let doc = match serde_json::from_str::<Document>(&text) {
                Ok(d) => d.transcript,
                Err(e) => {
                    eprintln!("{input}: not a scriba transcript document: {e}");
                    return ExitCode::FAILURE;
                }
            };
            (doc, out, rest.first().and_then(|s| s.parse().ok()))
        }
        _ => {
            eprintln!("usage: epub TRANSCRIPT.json OUT.epub [EPOCH] | epub --words N OUT.epub");
            return ExitCode::FAILURE;
        }
    };
    match export(&doc, &EpubOptions::default().with_timestamp(epoch)) {
        Ok(book) => {
            for w in &book.warnings {
                eprintln!("{w}");
            }
            if let Err(e) = std::fs::write(out, &book.output) {
                eprintln!("{out}: {e}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            ExitCode::FAILURE
        }
    }
}
