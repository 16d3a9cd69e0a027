//! ParlaMint's plain-text sample form: one `ID<TAB>text` line per utterance.

use scriba_core::{Block, Diagnostic, Paragraph, Span, Transcript, Warned};

use crate::{ReadOptions, inline, lang};

/// Whether every non-empty line is `ID<TAB>text` with a ParlaMint-style id.
pub(crate) fn looks_like(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    lines.peek().is_some()
        && lines.all(|l| {
            l.split_once('\t').is_some_and(|(id, rest)| {
                id.starts_with("ParlaMint")
                    && !id.contains(char::is_whitespace)
                    && !rest.trim().is_empty()
            })
        })
}

/// Reads one utterance per line; the ids are kept in the diagnostics' places, the speakers
/// are unknown (the sample form does not name them).
pub(crate) fn read(text: &str, opts: &ReadOptions) -> Warned<Transcript> {
    let mut diags =
        vec![Diagnostic::note(
        "read.parlamint",
        "read ParlaMint TSV: one utterance per line; the speakers are not named in this form",
    )
    .with_hint("the ParlaMint TEI files name the speakers")];
    let mut doc = Transcript::default();
    for (n, line) in text.lines().enumerate() {
        let Some((id, utterance)) = line.split_once('\t') else {
            continue;
        };
        let span = Span::new(u32::try_from(n + 1).unwrap_or(u32::MAX), 1);
        let content = inline::parse(utterance.trim(), Some(span), &mut diags);
        doc.body.push(Block::Turn {
            speaker: None,
            start_ms: None,
            paragraphs: vec![Paragraph {
                content,
                span: Some(span),
                ..Paragraph::default()
            }],
        });
        if doc.meta.identifier.is_none() {
            // The session id is the utterance id up to its last `_`.
            doc.meta.identifier = id.rsplit_once('_').map(|(session, _)| session.to_owned());
        }
    }
    doc.meta.title = doc
        .meta
        .identifier
        .clone()
        .or_else(|| opts.fallback_title.clone());
    doc.meta.language = opts.language.clone().or_else(|| {
        let sample = doc.body_text_start(lang::SAMPLE_CHARS);
        lang::detect(&sample, &mut diags)
    });
    Warned::with(doc, diags)
}
