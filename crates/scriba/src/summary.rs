//! A summary of a transcript for `scriba inspect`: what the reader found.

use serde::Serialize;

use scriba_core::{Block, Inline, NoteKind, Transcript, split_words};

/// What `scriba inspect` shows: metadata, speakers with counts, structure, notable inline
/// content, front and back matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The title.
    pub title: Option<String>,
    /// The language tag.
    pub language: Option<String>,
    /// The date.
    pub date: Option<String>,
    /// Speakers with their turn and word counts, in order of appearance.
    pub speakers: Vec<SpeakerSummary>,
    /// Number of body blocks.
    pub blocks: usize,
    /// Number of speaker turns.
    pub turns: usize,
    /// Number of body paragraphs.
    pub paragraphs: usize,
    /// Number of headings.
    pub headings: usize,
    /// Number of events (standalone and inline).
    pub events: usize,
    /// Number of words in the body.
    pub words: usize,
    /// Number of paragraphs rejoined after a page break.
    pub page_break_joins: usize,
    /// Work titles found in the body.
    pub work_titles: Vec<String>,
    /// Number of quotations in the body.
    pub quotations: usize,
    /// Whether the body carries timings.
    pub timed: bool,
    /// The disclaimer, if any.
    pub disclaimer: Option<String>,
    /// Front matter blocks as text.
    pub front: Vec<String>,
    /// The end marker.
    pub end_marker: Option<String>,
    /// Number of back matter blocks.
    pub back_blocks: usize,
    /// Back matter as text (labelled items as `label: value`).
    pub back: Vec<String>,
    /// Labelled back-matter items as (label, value).
    pub back_fields: Vec<(String, String)>,
}

/// One speaker in a [`Summary`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpeakerSummary {
    /// The id.
    pub id: String,
    /// The display name.
    pub name: String,
    /// The role.
    pub role: Option<String>,
    /// Number of turns.
    pub turns: usize,
    /// Number of words spoken.
    pub words: usize,
}

/// Summarises a transcript.
pub fn summarize(doc: &Transcript) -> Summary {
    let marks = doc.quote_marks();
    let mut speakers: Vec<SpeakerSummary> = doc
        .speakers
        .iter()
        .map(|s| SpeakerSummary {
            id: s.id.clone(),
            name: s.name.clone(),
            role: s.role.clone(),
            turns: 0,
            words: 0,
        })
        .collect();
    let (mut turns, mut paragraphs, mut headings, mut events) = (0, 0, 0, 0);
    let (mut joins, mut quotations) = (0, 0);
    let mut work_titles = Vec::new();
    for block in &doc.body {
        match block {
            Block::Turn {
                speaker,
                paragraphs: ps,
                ..
            } => {
                turns += 1;
                paragraphs += ps.len();
                let words: usize = ps
                    .iter()
                    .map(|p| split_words(&p.plain_text(marks)).len())
                    .sum();
                if let Some(s) = speaker
                    .as_deref()
                    .and_then(|id| speakers.iter_mut().find(|s| s.id == id))
                {
                    s.turns += 1;
                    s.words += words;
                }
                for p in ps {
                    walk(&p.content, &mut |i| match i {
                        Inline::PageBreak => joins += 1,
                        Inline::Quote { .. } => quotations += 1,
                        Inline::Event { .. } => events += 1,
                        Inline::Title { content } => {
                            work_titles.push(Inline::plain_text(content, marks));
                        }
                        _ => {}
                    });
                }
            }
            Block::Heading { .. } => headings += 1,
            Block::Event { .. } => events += 1,
            Block::Paragraph(_) => paragraphs += 1,
            _ => {}
        }
    }
    let mut back_fields = Vec::new();
    for block in &doc.back {
        if let Block::Fields { items, .. } = block {
            for f in items {
                back_fields.push((f.label.clone(), Inline::plain_text(&f.value, marks)));
            }
        }
    }
    Summary {
        title: doc.meta.title.clone(),
        language: doc.meta.language.clone(),
        date: doc.meta.date.clone(),
        speakers,
        blocks: doc.body.len(),
        turns,
        paragraphs,
        headings,
        events,
        words: doc.body_words().len(),
        page_break_joins: joins,
        work_titles,
        quotations,
        timed: doc.has_timings(),
        disclaimer: doc.front.iter().find_map(|b| match b {
            Block::Note {
                kind: NoteKind::Disclaimer,
                content,
                ..
            } => Some(Inline::plain_text(content, marks)),
            _ => None,
        }),
        front: scriba_core::blocks_text(&doc.front, marks),
        end_marker: doc.end_marker.clone(),
        back_blocks: doc.back.len(),
        back: scriba_core::blocks_text(&doc.back, marks),
        back_fields,
    }
}

fn walk(content: &[Inline], f: &mut impl FnMut(&Inline)) {
    for i in content {
        f(i);
        match i {
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Title { content }
            | Inline::Quote { content }
            | Inline::Link { content, .. } => walk(content, f),
            _ => {}
        }
    }
}
