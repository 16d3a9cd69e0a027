//! Removes characters that XML 1.0 cannot carry, before anything is rendered.

use scriba_core::{Block, Inline, Transcript};

/// Whether XML 1.0 (and the HTML syntax rules EPUBCheck applies to XHTML) accept `c` in text:
/// no C0 controls except tab, newline and carriage return, no DEL or C1 controls, no
/// non-characters.
pub(crate) fn allowed(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fdd0}'..='\u{fdef}' => false,
        _ => (c as u32) & 0xfffe != 0xfffe,
    }
}

/// Cleans one string: characters that are white space (vertical tab, form feed, next line)
/// become a space so words stay apart; other forbidden characters are dropped. Returns the
/// number of characters changed.
pub(crate) fn clean(s: &mut String) -> usize {
    if s.chars().all(allowed) {
        return 0;
    }
    let mut changed = 0;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if allowed(c) {
            out.push(c);
        } else {
            changed += 1;
            if c.is_whitespace() {
                out.push(' ');
            }
        }
    }
    *s = out;
    changed
}

/// A copy of the transcript with every string cleaned, and the number of characters
/// dropped or replaced.
pub(crate) fn sanitize(doc: &Transcript) -> (Transcript, usize) {
    let mut owned = doc.clone();
    let mut dropped = 0;
    visit(&mut owned, &mut |s| dropped += clean(s));
    (owned, dropped)
}

fn visit(doc: &mut Transcript, f: &mut impl FnMut(&mut String)) {
    let m = &mut doc.meta;
    for s in [
        &mut m.title,
        &mut m.subtitle,
        &mut m.language,
        &mut m.date,
        &mut m.publisher,
        &mut m.source_url,
        &mut m.media_url,
        &mut m.rights,
        &mut m.identifier,
    ]
    .into_iter()
    .flatten()
    {
        f(s);
    }
    m.contributors.iter_mut().for_each(&mut *f);
    m.keywords.iter_mut().for_each(&mut *f);
    for sp in &mut doc.speakers {
        f(&mut sp.id);
        f(&mut sp.name);
        if let Some(r) = &mut sp.role {
            f(r);
        }
    }
    if let Some(e) = &mut doc.end_marker {
        f(e);
    }
    for blocks in [&mut doc.front, &mut doc.body, &mut doc.back] {
        for b in blocks.iter_mut() {
            visit_block(b, f);
        }
    }
}

fn visit_block(b: &mut Block, f: &mut impl FnMut(&mut String)) {
    match b {
        Block::Turn {
            speaker,
            paragraphs,
            ..
        } => {
            if let Some(s) = speaker {
                f(s);
            }
            for p in paragraphs {
                visit_inlines(&mut p.content, f);
            }
        }
        Block::Heading { content, .. } | Block::Note { content, .. } => visit_inlines(content, f),
        Block::Paragraph(p) => visit_inlines(&mut p.content, f),
        Block::Event { description, .. } => f(description),
        Block::Fields { title, items, .. } => {
            if let Some(t) = title {
                f(t);
            }
            for field in items {
                f(&mut field.label);
                visit_inlines(&mut field.value, f);
            }
        }
    }
}

fn visit_inlines(content: &mut [Inline], f: &mut impl FnMut(&mut String)) {
    for i in content {
        match i {
            Inline::Text { text } | Inline::Code { text } | Inline::Timestamp { text, .. } => {
                f(text);
            }
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Title { content }
            | Inline::Quote { content } => visit_inlines(content, f),
            Inline::Link { url, content } => {
                f(url);
                visit_inlines(content, f);
            }
            Inline::Email { address } => f(address),
            Inline::Event { description, .. } => f(description),
            Inline::LineBreak | Inline::PageBreak => {}
        }
    }
}

#[cfg(test)]
mod tests;
