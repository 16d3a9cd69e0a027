//! The plain-text / Markdown-flavoured transcript reader.
//!
//! The source is split into paragraphs at blank lines. Front matter comes first, then an
//! optional title line and front material (disclaimer, introduction), then the body (speaker
//! turns, headings, events) up to an end marker such as `ENDE`, then back matter.

use scriba_core::{
    Block, Diagnostic, Field, Inline, Meta, NoteKind, Paragraph, Span, Transcript, Warned,
};

use crate::inline::{self, PAGE_BREAK};
use crate::speakers::{self, Candidate, LabelStyle, Registry};
use crate::{ReadOptions, front, lang};

/// End markers recognised when the options give none.
const DEFAULT_END_MARKERS: &[&str] = &[
    "ENDE",
    "Ende",
    "END",
    "End",
    "The End",
    "THE END",
    "FIN",
    "Fin",
    "FINE",
    "KONIEC",
    "КОНЕЦ",
    "— ENDE —",
    "- ENDE -",
    "***ENDE***",
];

/// A paragraph of the source: its lines and where it starts.
#[derive(Debug)]
struct RawPara<'a> {
    lines: Vec<&'a str>,
    line: u32,
}

impl RawPara<'_> {
    fn span(&self) -> Span {
        Span::new(self.line, 1)
    }

    /// The lines joined with single spaces.
    fn joined(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            let l = l.trim();
            if l.is_empty() {
                continue;
            }
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(l);
        }
        s
    }
}

fn paragraphs(text: &str, first_line: u32) -> Vec<RawPara<'_>> {
    let mut out = Vec::new();
    let mut cur: Option<RawPara<'_>> = None;
    for (i, line) in text.split('\n').enumerate() {
        let n = first_line + u32::try_from(i).unwrap_or(u32::MAX - first_line);
        if line.trim().is_empty() {
            if let Some(p) = cur.take() {
                out.push(p);
            }
        } else {
            cur.get_or_insert_with(|| RawPara {
                lines: Vec::new(),
                line: n,
            })
            .lines
            .push(line);
        }
    }
    out.extend(cur);
    out
}

/// Which part of the document the reader is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Body,
    Back,
}

/// Reads the text format.
pub(crate) fn read(text: &str, opts: &ReadOptions) -> Warned<Transcript> {
    let mut diags = Vec::new();
    let mut meta = Meta::default();
    let mut reg = Registry::default();
    let mut front_info = front::Front::default();
    let (body_text, first_line) = match front::split(text) {
        Some((fm, kind, offset, line)) => {
            match front::parse(fm, kind) {
                Ok(value) => {
                    front_info = front::apply(&value, &mut meta, &mut reg, &mut diags);
                }
                Err(e) => diags
                    .push(e.with_hint("the front matter was ignored; fix it to use its values")),
            }
            (&text[offset..], line)
        }
        None => (text, 1),
    };
    for label in opts.speaker_labels.iter().chain(&front_info.labels) {
        reg.declare(label, None, None);
    }
    let mut end_markers: Vec<String> = opts.end_markers.clone();
    end_markers.extend(front_info.end_markers.iter().cloned());
    if end_markers.is_empty() {
        end_markers = DEFAULT_END_MARKERS
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
    }

    let paras = paragraphs(body_text, first_line);
    let accepted = accepted_labels(&paras, &reg);

    let mut doc = Transcript::default();
    let mut i = 0;

    // Title: front matter wins; else a first short line that is not a label or sentence.
    if meta.title.is_none()
        && let Some(p) = paras.first()
    {
        let t = p.joined();
        let heading = t.strip_prefix("# ").map(str::trim).or_else(|| {
            is_heading(p)
                .filter(|(level, _)| *level == 1)
                .map(|(_, h)| h)
        });
        let looks_like_title = p.lines.len() <= 2
            && t.chars().count() <= 200
            && !t.ends_with(['.', ',', ';', ':'])
            && label_of(p, &accepted).is_none()
            && paras.len() > 1
            && !t.starts_with('#');
        if let Some(h) = heading {
            meta.title = Some(h.to_owned());
            i = 1;
        } else if looks_like_title {
            meta.title = Some(strip_markup(&t));
            diags.push(
                Diagnostic::note(
                    "read.title",
                    format!("took the first line as the title: `{t}`"),
                )
                .at(p.span())
                .with_hint("set `title:` in the front matter to choose another"),
            );
            i = 1;
        }
    }

    // Front material: paragraphs before the first label or heading, when the body has one.
    let first_structure = paras[i..]
        .iter()
        .position(|p| label_of(p, &accepted).is_some() || is_heading(p).is_some())
        .map(|k| k + i);
    if let Some(end) = first_structure {
        for p in &paras[i..end] {
            let t = p.joined();
            if is_end_marker(&t, &end_markers) {
                break;
            }
            let content = inline::parse(&t, Some(p.span()), &mut diags);
            if is_disclaimer(&t) {
                diags.push(
                    Diagnostic::note(
                        "read.disclaimer",
                        "read a paragraph before the first speaker as a disclaimer",
                    )
                    .at(p.span()),
                );
                doc.front.push(Block::Note {
                    kind: NoteKind::Disclaimer,
                    content,
                    span: Some(p.span()),
                });
            } else {
                doc.front.push(Block::Paragraph(Paragraph {
                    content,
                    span: Some(p.span()),
                    ..Paragraph::default()
                }));
            }
        }
        i = end;
    }
    if let Some(summary) = front_info.summary.take() {
        let content = inline::parse(&summary, None, &mut diags);
        doc.front.insert(
            0,
            Block::Note {
                kind: NoteKind::Summary,
                content,
                span: None,
            },
        );
    }

    // Body and back matter.
    let mut phase = Phase::Body;
    let mut body = BodyBuilder::default();
    let mut back = BackBuilder::default();
    let sole_declared = if front_info.declared_speakers {
        reg.sole()
    } else {
        None
    };
    let mut unattributed_noted = false;
    let mut noted = std::collections::BTreeSet::new();
    for p in &paras[i..] {
        let joined = p.joined();
        if phase == Phase::Body && is_end_marker(&joined, &end_markers) {
            doc.end_marker = Some(joined.clone());
            phase = Phase::Back;
            continue;
        }
        if phase == Phase::Back {
            back.push(p, &mut diags);
            continue;
        }
        if let Some((level, text)) = is_heading(p) {
            let content = inline::parse(text, Some(p.span()), &mut diags);
            body.push_block(Block::Heading {
                level,
                content,
                span: Some(p.span()),
            });
            continue;
        }
        if let Some(c) = label_of(p, &accepted) {
            let id = match reg.find(c.name) {
                Some(id) => {
                    let name = reg.name_of(&id);
                    if name != c.name
                        && !name.eq_ignore_ascii_case(c.name)
                        && noted.insert(c.name.to_owned())
                    {
                        diags.push(
                            Diagnostic::note(
                                "read.speaker-alias",
                                format!("read label `{}` as speaker `{name}`", c.name),
                            )
                            .at(p.span())
                            .with_hint("write the full name in the label, or give speakers ids in the front matter"),
                        );
                    }
                    id
                }
                None => {
                    if front_info.declared_speakers && noted.insert(c.name.to_owned()) {
                        diags.push(
                            Diagnostic::note(
                                "read.speaker-undeclared",
                                format!("label `{}` is not in the front matter's speakers", c.name),
                            )
                            .at(p.span()),
                        );
                    }
                    reg.found(c.name)
                }
            };
            // `**Name:** [00:00:05] text`: the time that opens the text starts the turn (the
            // timestamp stays in the text too).
            let start_ms = c.start_ms.or_else(|| {
                let rest = c.rest.strip_prefix('\\').unwrap_or(c.rest);
                let inner = rest.strip_prefix('[')?;
                let end = inner.find(']')?;
                inline::parse_timestamp(inner[..end].trim_end_matches('\\'))
            });
            body.open_turn(Some(id), start_ms);
            let mut rest = c.rest.to_owned();
            for l in &p.lines[1..] {
                let l = l.trim();
                if !l.is_empty() {
                    if !rest.is_empty() {
                        rest.push(' ');
                    }
                    rest.push_str(l);
                }
            }
            if !rest.is_empty() {
                body.push_paragraph(&rest, p.span());
            }
            continue;
        }
        // A thematic break (`---`, `***`, `* * *`) is markup between sections, not text.
        if is_thematic_break(&joined) {
            diags.push(
                Diagnostic::note("read.thematic-break", "skipped a thematic break (`---`)")
                    .at(p.span()),
            );
            continue;
        }
        // A timestamp alone on its line starts a new turn of the same speaker at that time.
        if let Some(ms) = inline::parse_timestamp(&joined) {
            body.open_turn(body.last_speaker.clone(), Some(ms));
            continue;
        }
        // `**Break:**` and other explicit non-speaker labels: a paragraph of its own.
        if p.lines
            .first()
            .is_some_and(|l| is_bold_label(l.trim_start()))
        {
            let content = inline::parse(&joined, Some(p.span()), &mut diags);
            body.push_block(Block::Paragraph(Paragraph {
                content,
                span: Some(p.span()),
                ..Paragraph::default()
            }));
            continue;
        }
        // A paragraph that is a stage direction alone (only bracketed text can be one: the
        // other paragraphs are parsed once, with their turn).
        let bracketed = {
            let t = joined.trim();
            t.starts_with(['[', '(', '\\']) && t.ends_with([']', ')'])
        };
        let content = if bracketed {
            let mut scratch = Vec::new();
            inline::parse(&joined, Some(p.span()), &mut scratch)
        } else {
            Vec::new()
        };
        if let [Inline::Event { kind, description }] = content.as_slice() {
            body.push_block(Block::Event {
                kind: *kind,
                description: description.clone(),
                span: Some(p.span()),
            });
            continue;
        }
        if !body.in_turn() {
            let speaker = body.last_speaker.clone().or_else(|| sole_declared.clone());
            if speaker.is_none() && !unattributed_noted {
                unattributed_noted = true;
                diags.push(
                    Diagnostic::note(
                        "read.no-speaker",
                        "paragraphs without a speaker label: read as an unnamed speaker",
                    )
                    .at(p.span())
                    .with_hint("label the speaker (`Name: text`) or declare `speakers:` in the front matter"),
                );
            }
            body.open_turn(speaker, None);
        }
        body.continue_turn(&joined, p.span(), &mut diags);
    }
    doc.body = body.finish(&mut diags);
    doc.back = back.finish(&mut diags);

    // Language: front matter, then options, then detection.
    if meta.language.is_none() {
        meta.language = opts.language.clone();
    }
    if meta.language.is_none() {
        let sample = doc.body_text_start(lang::SAMPLE_CHARS);
        meta.language = lang::detect(&sample, &mut diags);
    }
    if meta.title.is_none()
        && let Some(t) = &opts.fallback_title
    {
        diags.push(
            Diagnostic::note(
                "read.title-fallback",
                format!("no title found; using `{t}`"),
            )
            .with_hint("set `title:` in the front matter"),
        );
        meta.title = Some(t.clone());
    }
    if reg.len() == 0 && !doc.body.is_empty() {
        diags.push(Diagnostic::note(
            "read.single-speaker",
            "no speaker labels found: the transcript is read as one unnamed speaker",
        ));
    }
    doc.meta = meta;
    doc.speakers = reg.into_speakers();
    // Report in source order; diagnostics without a place last.
    diags.sort_by_key(|d| d.span.map_or((u32::MAX, u32::MAX), |s| (s.line, s.column)));
    Warned::with(doc, diags)
}

/// Which candidate labels count as speakers: explicit styles always; plain ones when declared,
/// multi-word, or seen at least twice.
fn accepted_labels(paras: &[RawPara<'_>], reg: &Registry) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<&str, (usize, bool)> = Default::default();
    for p in paras {
        if let Some(c) = p
            .lines
            .first()
            .and_then(|l| speakers::candidate(l.trim_start()))
        {
            let e = counts.entry(c.name).or_insert((0, false));
            e.0 += 1;
            e.1 |= c.style != LabelStyle::Plain;
        }
    }
    counts
        .into_iter()
        .filter(|(name, (n, explicit))| {
            let non_speaker = speakers::NOT_SPEAKER
                .iter()
                .any(|s| s.eq_ignore_ascii_case(name));
            !non_speaker
                && (*explicit
                    || speakers::is_numbered(name)
                    || reg.knows(name)
                    || *n >= 2
                    || (name.split_whitespace().count() >= 2 && !speakers::is_initials(name)))
        })
        .map(|(name, _)| name.to_owned())
        .collect()
}

/// The accepted speaker label that opens a paragraph, if any.
fn label_of<'a>(p: &RawPara<'a>, accepted: &[String]) -> Option<Candidate<'a>> {
    let c = speakers::candidate(p.lines.first()?.trim_start())?;
    accepted.iter().any(|a| a == c.name).then_some(c)
}

/// Whether a line opens with a bold label, `**Label:**` or `**Label**:`.
fn is_bold_label(line: &str) -> bool {
    line.strip_prefix("**")
        .and_then(|rest| rest.find("**").map(|end| (&rest[..end], &rest[end + 2..])))
        .is_some_and(|(inner, after)| {
            !inner.is_empty()
                && inner.len() <= 60
                && (inner.ends_with(':') || after.starts_with(':'))
        })
}

fn is_heading<'a>(p: &'a RawPara<'_>) -> Option<(u8, &'a str)> {
    // Setext: `Title` underlined with `===` (level 1) or `---` (level 2).
    if let [title, rule] = p.lines.as_slice() {
        let rule = rule.trim();
        let title = title.trim();
        if rule.len() >= 3 && !title.is_empty() {
            if rule.bytes().all(|b| b == b'=') {
                return Some((1, title));
            }
            if rule.bytes().all(|b| b == b'-') {
                return Some((2, title));
            }
        }
    }
    if p.lines.len() != 1 {
        return None;
    }
    let line = p.lines[0].trim();
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = line[hashes..]
        .strip_prefix(' ')?
        .trim()
        .trim_end_matches('#')
        .trim();
    (!rest.is_empty()).then(|| (u8::try_from(hashes).unwrap_or(6), rest))
}

/// `---`, `***`, `___`, `* * *`: three or more of one rule character and nothing else.
fn is_thematic_break(text: &str) -> bool {
    let marks: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && ['-', '*', '_'].iter().any(|m| marks.iter().all(|c| c == m))
}

fn is_end_marker(text: &str, markers: &[String]) -> bool {
    let t = text.trim();
    markers.iter().any(|m| m == t)
}

fn is_disclaimer(text: &str) -> bool {
    let t = text.to_lowercase();
    let about = [
        "transkript",
        "transcript",
        "abschrift",
        "transcripción",
        "transcription",
        "übersetzung",
        "translation",
    ];
    let caveat = [
        "nicht wortgenau",
        "möglicherweise",
        "may not",
        "might not",
        "accura",
        "verbatim",
        "error",
        "fehler",
        "edited",
        "bearbeitet",
        "wortgetreu",
        "exactitud",
        "no refleja",
        "ohne gewähr",
        "not been reviewed",
        "not reviewed",
    ];
    about.iter().any(|a| t.contains(a)) && caveat.iter().any(|c| t.contains(c))
}

/// Removes simple Markdown emphasis markers from a title line.
fn strip_markup(t: &str) -> String {
    t.trim_matches(|c| c == '*' || c == '_').trim().to_owned()
}

/// Whether a paragraph's text ends without sentence-final punctuation, so that the next
/// paragraph continues the same sentence (a page break split it).
fn ends_mid_sentence(text: &str) -> bool {
    text.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() && !scriba_core::is_cjk(c) || c == ',')
}

/// A turn being read: speaker, start time and raw paragraph texts.
type OpenTurn = (Option<String>, Option<u64>, Vec<(String, Span)>);

/// A body block before inline parsing.
/// How many bytes of paragraph text a transcript needs before its inline content is parsed
/// on several threads (below it a thread costs more than it saves).
const PARALLEL_TEXT: usize = 64 * 1024;

enum Pending {
    Turn(OpenTurn),
    Done(Block),
}

/// Builds the body: turns of paragraphs, joining page-break splits.
#[derive(Default)]
struct BodyBuilder {
    blocks: Vec<Pending>,
    turn: Option<OpenTurn>,
    last_speaker: Option<String>,
}

impl BodyBuilder {
    fn in_turn(&self) -> bool {
        self.turn.is_some()
    }

    fn push_block(&mut self, block: Block) {
        self.close_turn();
        self.blocks.push(Pending::Done(block));
    }

    fn open_turn(&mut self, speaker: Option<String>, start_ms: Option<u64>) {
        self.close_turn();
        self.last_speaker.clone_from(&speaker);
        self.turn = Some((speaker, start_ms, Vec::new()));
    }

    fn push_paragraph(&mut self, text: &str, span: Span) {
        if let Some((_, _, paras)) = &mut self.turn {
            paras.push((text.to_owned(), span));
        }
    }

    /// Adds an unlabelled paragraph to the open turn, rejoining it with the previous one when
    /// a page break split a sentence.
    fn continue_turn(&mut self, text: &str, span: Span, diags: &mut Vec<Diagnostic>) {
        let Some((_, _, paras)) = &mut self.turn else {
            return;
        };
        if let Some((prev, _)) = paras.last_mut()
            && ends_mid_sentence(prev)
        {
            let tail: Vec<char> = prev.chars().rev().take(24).collect();
            let tail: String = tail.into_iter().rev().collect();
            let head: String = text.chars().take(24).collect();
            diags.push(
                Diagnostic::note(
                    "read.page-break-join",
                    format!(
                        "rejoined a paragraph split mid-sentence: `…{}` + `{}…`",
                        tail.trim_start(),
                        head.trim_end()
                    ),
                )
                .at(span)
                .with_hint("end the first part with punctuation if it really is a new paragraph"),
            );
            prev.push(' ');
            prev.push(PAGE_BREAK);
            prev.push_str(text);
            return;
        }
        paras.push((text.to_owned(), span));
    }

    fn close_turn(&mut self) {
        if let Some(turn) = self.turn.take()
            && !turn.2.is_empty()
        {
            self.blocks.push(Pending::Turn(turn));
        }
    }

    /// Parses the inline content of every paragraph: for long texts in parallel parts, each
    /// part with its own diagnostics, appended in order (the same as parsing in order).
    fn finish(mut self, diags: &mut Vec<Diagnostic>) -> Vec<Block> {
        self.close_turn();
        let texts: Vec<(&str, Span)> = self
            .blocks
            .iter()
            .flat_map(|b| match b {
                Pending::Turn((_, _, paras)) => paras.as_slice(),
                Pending::Done(_) => &[],
            })
            .map(|(text, span)| (text.as_str(), *span))
            .collect();
        let total: usize = texts.iter().map(|t| t.0.len()).sum();
        let parts = if total >= PARALLEL_TEXT {
            scriba_core::workers()
        } else {
            1
        };
        let per_part = total / parts + 1;
        let mut ranges = Vec::new();
        let (mut start, mut size) = (0, 0);
        for (i, (text, _)) in texts.iter().enumerate() {
            size += text.len();
            if size >= per_part {
                ranges.push(start..i + 1);
                (start, size) = (i + 1, 0);
            }
        }
        ranges.push(start..texts.len());
        let parsed = scriba_core::parallel_map(&ranges, ranges.len() > 1, |range| {
            let mut part_diags = Vec::new();
            let contents: Vec<Vec<Inline>> = texts[range.clone()]
                .iter()
                .map(|(text, span)| inline::parse(text, Some(*span), &mut part_diags))
                .collect();
            (contents, part_diags)
        });
        drop(texts);
        let mut contents = Vec::new();
        for (part, part_diags) in parsed {
            contents.extend(part);
            diags.extend(part_diags);
        }
        let mut contents = contents.into_iter();
        self.blocks
            .into_iter()
            .map(|b| match b {
                Pending::Turn((speaker, start_ms, paras)) => Block::Turn {
                    speaker,
                    start_ms,
                    paragraphs: paras
                        .into_iter()
                        .map(|(_, span)| Paragraph {
                            content: contents.next().unwrap_or_default(),
                            span: Some(span),
                            ..Paragraph::default()
                        })
                        .collect(),
                },
                Pending::Done(block) => block,
            })
            .collect()
    }
}

/// Builds the back matter: labelled fields, section titles, paragraphs.
#[derive(Default)]
struct BackBuilder {
    blocks: Vec<Block>,
    title: Option<(String, Span)>,
}

impl BackBuilder {
    fn push(&mut self, p: &RawPara<'_>, diags: &mut Vec<Diagnostic>) {
        let joined = p.joined();
        if p.lines.len() == 1
            && let Some(t) = section_title(&joined)
        {
            self.flush_title(diags);
            self.title = Some((t.to_owned(), p.span()));
            return;
        }
        if let Some(items) = fields(p, diags) {
            let title = self.title.take().map(|(t, _)| t);
            self.blocks.push(Block::Fields {
                title,
                items,
                span: Some(p.span()),
            });
            return;
        }
        let content = inline::parse(&joined, Some(p.span()), diags);
        if let Some((label, span)) = self.title.take() {
            self.blocks.push(Block::Fields {
                title: None,
                items: vec![Field {
                    label,
                    value: content,
                }],
                span: Some(span),
            });
            return;
        }
        self.blocks.push(Block::Paragraph(Paragraph {
            content,
            span: Some(p.span()),
            ..Paragraph::default()
        }));
    }

    fn flush_title(&mut self, diags: &mut Vec<Diagnostic>) {
        if let Some((t, span)) = self.title.take() {
            let content = inline::parse(&format!("{t}:"), Some(span), diags);
            self.blocks.push(Block::Paragraph(Paragraph {
                content,
                span: Some(span),
                ..Paragraph::default()
            }));
        }
    }

    fn finish(mut self, diags: &mut Vec<Diagnostic>) -> Vec<Block> {
        self.flush_title(diags);
        self.blocks
    }
}

/// `BANKKONTO:` — a short, mostly upper-case line ending in a colon.
fn section_title(line: &str) -> Option<&str> {
    let t = line.trim().strip_suffix(':')?.trim();
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    (!t.is_empty()
        && t.split_whitespace().count() <= 4
        && !letters.is_empty()
        && upper * 10 >= letters.len() * 7)
        .then_some(t)
}

/// A label of a labelled line: short, starts with a letter, no sentence inside.
fn field_label(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().count() <= 30
        && s.split_whitespace().count() <= 4
        && s.chars().next().is_some_and(char::is_alphabetic)
        && !s.contains(['.', ',', '!', '?', '(', '['])
}

/// Reads a paragraph whose every line is `Label: value` (or `Label:` followed by the value on
/// the next line) as fields.
fn fields(p: &RawPara<'_>, diags: &mut Vec<Diagnostic>) -> Option<Vec<Field>> {
    let mut items = Vec::new();
    let mut lines = p.lines.iter().map(|l| l.trim()).peekable();
    let mut offset = 0u32;
    while let Some(line) = lines.next() {
        let (label, value) = line.split_once(':')?;
        if !field_label(label) || value.starts_with("//") {
            return None;
        }
        let value = value.trim();
        let value = if value.is_empty() {
            offset += 1;
            (*lines.next()?).to_owned()
        } else {
            value.to_owned()
        };
        let span = Span::new(p.line + offset, 1);
        offset += 1;
        items.push(Field {
            label: label.trim().to_owned(),
            value: inline::parse(&value, Some(span), diags),
        });
    }
    (!items.is_empty()).then_some(items)
}

#[cfg(test)]
mod tests;
