//! Plain-text views of the model: reading text, words and quotation marks.

use crate::model::{Block, Inline, Paragraph, Transcript};

/// The quotation marks of a language: outer pair and inner (nested) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteMarks {
    /// Opening mark of an outer quotation.
    pub open: &'static str,
    /// Closing mark of an outer quotation.
    pub close: &'static str,
    /// Opening mark of a quotation inside a quotation.
    pub inner_open: &'static str,
    /// Closing mark of a quotation inside a quotation.
    pub inner_close: &'static str,
}

impl QuoteMarks {
    /// The quotation marks customary for a BCP 47 language tag (primary subtag decides;
    /// `de-CH` uses guillemets).
    ///
    /// ```
    /// # use scriba_core::QuoteMarks;
    /// assert_eq!(QuoteMarks::for_language("de").open, "„");
    /// assert_eq!(QuoteMarks::for_language("en-US").open, "“");
    /// ```
    pub fn for_language(tag: &str) -> Self {
        let lower = tag.to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        let m = |open, close, inner_open, inner_close| QuoteMarks {
            open,
            close,
            inner_open,
            inner_close,
        };
        match primary {
            "de" if lower.ends_with("-ch") || lower.ends_with("-li") => m("«", "»", "‹", "›"),
            "de" | "cs" | "sk" | "da" | "is" | "lt" | "sl" | "et" | "bg" => m("„", "“", "‚", "‘"),
            "fr" | "es" | "it" | "ru" | "uk" | "el" | "pt" | "ca" | "no" | "nb" | "nn" => {
                m("«", "»", "“", "”")
            }
            "pl" | "hu" | "ro" | "nl" | "hr" => m("„", "”", "‚", "’"),
            "sv" | "fi" => m("”", "”", "’", "’"),
            "ja" => m("「", "」", "『", "』"),
            "zh" if lower.contains("hant") || lower.ends_with("-tw") || lower.ends_with("-hk") => {
                m("「", "」", "『", "』")
            }
            _ => m("“", "”", "‘", "’"),
        }
    }
}

/// Splits text into words at white space (the unit of word timings and fidelity checks).
pub fn split_words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Whether a character belongs to a script written without spaces between words (Han, kana,
/// Hangul, Thai …): such text is broken between characters.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31FF
        | 0x3200..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x0E00..=0x0E7F | 0x20000..=0x3FFFF)
}

impl Inline {
    /// Appends the reading text of `content` to `out`: text as written, quotations with the
    /// given marks, events in square brackets; timestamps and page breaks add nothing, line
    /// breaks add a newline.
    pub fn push_plain_text(content: &[Inline], marks: QuoteMarks, out: &mut String) {
        push_plain(content, marks, 0, out);
    }

    /// The reading text of `content` (see [`Inline::push_plain_text`]).
    pub fn plain_text(content: &[Inline], marks: QuoteMarks) -> String {
        let mut out = String::new();
        Self::push_plain_text(content, marks, &mut out);
        out
    }
}

fn push_plain(content: &[Inline], marks: QuoteMarks, depth: usize, out: &mut String) {
    for inline in content {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Title { content }
            | Inline::Link { content, .. } => push_plain(content, marks, depth, out),
            Inline::Quote { content } => {
                let (open, close) = if depth.is_multiple_of(2) {
                    (marks.open, marks.close)
                } else {
                    (marks.inner_open, marks.inner_close)
                };
                out.push_str(open);
                push_plain(content, marks, depth + 1, out);
                out.push_str(close);
            }
            Inline::Email { address } => out.push_str(address),
            Inline::Event { description, .. } => {
                out.push('[');
                out.push_str(description);
                out.push(']');
            }
            Inline::LineBreak => out.push('\n'),
            Inline::Timestamp { .. } | Inline::PageBreak => {}
        }
    }
}

impl Paragraph {
    /// The reading text of the paragraph with the quotation marks of `marks`.
    pub fn plain_text(&self, marks: QuoteMarks) -> String {
        Inline::plain_text(&self.content, marks)
    }

    /// The words of the paragraph (reading text split at white space): the unit that
    /// [`Paragraph::words`](Paragraph#structfield.words) timings refer to.
    pub fn word_list(&self) -> Vec<String> {
        // Quotation marks never add or remove white space, so the choice of marks does not
        // change the word count.
        split_words(&self.plain_text(QuoteMarks::for_language("en")))
            .into_iter()
            .map(str::to_owned)
            .collect()
    }
}

impl Transcript {
    /// The quotation marks of the transcript's language.
    pub fn quote_marks(&self) -> QuoteMarks {
        QuoteMarks::for_language(self.meta.language.as_deref().unwrap_or("und"))
    }

    /// The reading text of the body, one string per block or paragraph, in reading order:
    /// headings, paragraphs of turns, events (in brackets), notes and labelled fields. Speaker
    /// labels are not part of it. Every exporter must carry these words, in this order.
    pub fn body_text(&self) -> Vec<String> {
        blocks_text(&self.body, self.quote_marks())
    }

    /// The beginning of [`Transcript::body_text`], its strings joined by newlines: whole
    /// strings until at least `chars` characters (enough to detect a language from).
    pub fn body_text_start(&self, chars: usize) -> String {
        let mut out = String::new();
        let mut count = 0;
        for text in blocks_text_iter(&self.body, self.quote_marks()) {
            if count >= chars {
                break;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            count += text.chars().count() + 1;
            out.push_str(&text);
        }
        out
    }

    /// The words of [`Transcript::body_text`].
    pub fn body_words(&self) -> Vec<String> {
        self.body_text()
            .iter()
            .flat_map(|t| split_words(t).into_iter().map(str::to_owned))
            .collect()
    }
}

/// The reading text of a list of blocks, one string per block or paragraph.
pub fn blocks_text(blocks: &[Block], marks: QuoteMarks) -> Vec<String> {
    blocks_text_iter(blocks, marks).collect()
}

/// The strings of [`blocks_text`], made one at a time (for a beginning of a long text).
fn blocks_text_iter(blocks: &[Block], marks: QuoteMarks) -> impl Iterator<Item = String> + '_ {
    blocks
        .iter()
        .flat_map(move |block| -> Box<dyn Iterator<Item = String> + '_> {
            match block {
                Block::Turn { paragraphs, .. } => {
                    Box::new(paragraphs.iter().map(move |p| p.plain_text(marks)))
                }
                Block::Heading { content, .. } | Block::Note { content, .. } => {
                    Box::new(std::iter::once(Inline::plain_text(content, marks)))
                }
                Block::Paragraph(p) => Box::new(std::iter::once(p.plain_text(marks))),
                Block::Event { description, .. } => {
                    Box::new(std::iter::once(format!("[{description}]")))
                }
                Block::Fields { title, items, .. } => {
                    Box::new(title.iter().cloned().chain(items.iter().map(move |field| {
                        format!(
                            "{}: {}",
                            field.label,
                            Inline::plain_text(&field.value, marks)
                        )
                    })))
                }
            }
        })
}
