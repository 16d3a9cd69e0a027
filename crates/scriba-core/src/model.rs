//! The transcript model and its versioned JSON envelope.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::Span;

/// The `schema` value of the JSON envelope ([`Document`]).
pub const SCHEMA_NAME: &str = "scriba-transcript";

/// The semantic version of the JSON schema this crate reads and writes.
///
/// A reader accepts documents of the same major version whose minor version is not newer than
/// its own (a semver caret requirement on the document's version).
pub const SCHEMA_VERSION: &str = "1.0.0";

/// The versioned JSON envelope around a [`Transcript`]: `{"schema", "version", "transcript"}`.
///
/// This is the form scriba's `json` exporter writes, its reader reads back exactly, and
/// plugins receive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Document {
    /// Always [`SCHEMA_NAME`].
    pub schema: String,
    /// The schema version the document was written with ([`SCHEMA_VERSION`] when written by
    /// this crate).
    pub version: String,
    /// The transcript itself.
    pub transcript: Transcript,
}

impl Document {
    /// Wraps a transcript in an envelope of the current schema version.
    pub fn new(transcript: Transcript) -> Self {
        Self {
            schema: SCHEMA_NAME.to_owned(),
            version: SCHEMA_VERSION.to_owned(),
            transcript,
        }
    }

    /// Checks that the envelope names our schema with a version we can read: the same major
    /// version and a minor version that is not newer than ours.
    ///
    /// ```
    /// # use scriba_core::{Document, Transcript};
    /// let mut doc = Document::new(Transcript::default());
    /// assert!(doc.check_version().is_ok());
    /// doc.version = "2.0.0".into();
    /// assert!(doc.check_version().is_err());
    /// ```
    pub fn check_version(&self) -> Result<(), String> {
        if self.schema != SCHEMA_NAME {
            return Err(format!(
                "schema is `{}`, expected `{SCHEMA_NAME}`",
                self.schema
            ));
        }
        if schema_readable(SCHEMA_VERSION, &self.version) {
            Ok(())
        } else {
            Err(format!(
                "schema version {} cannot be read by this scriba (it reads {SCHEMA_NAME} ^{SCHEMA_VERSION} up to minor version {})",
                self.version,
                SCHEMA_VERSION.split('.').nth(1).unwrap_or("0")
            ))
        }
    }
}

/// Whether a reader of schema version `reader` can read a document of version `document`:
/// the same major version and a minor version not newer than the reader's (for major
/// version 0, the same minor). Versions are `MAJOR.MINOR.PATCH`.
///
/// ```
/// use scriba_core::schema_readable;
/// assert!(schema_readable("1.0.0", "1.0.0"));
/// assert!(schema_readable("1.2.0", "1.1.5"));
/// assert!(!schema_readable("1.0.0", "1.1.0"));
/// assert!(!schema_readable("2.0.0", "1.0.0"));
/// assert!(!schema_readable("0.1.0", "0.2.0"));
/// assert!(!schema_readable("one", "1.0.0"));
/// ```
pub fn schema_readable(reader: &str, document: &str) -> bool {
    fn parse(v: &str) -> Option<(u64, u64)> {
        let mut parts = v.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        let _patch: u64 = parts.next()?.parse().ok()?;
        parts.next().is_none().then_some((major, minor))
    }
    match (parse(reader), parse(document)) {
        (Some((0, rm)), Some((0, dm))) => rm == dm,
        (Some((rj, rm)), Some((dj, dm))) => rj == dj && dm <= rm,
        _ => false,
    }
}

/// A whole transcript: metadata, speakers, front matter, body and back matter.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Transcript {
    /// Title, language, date, source and other metadata.
    pub meta: Meta,
    /// Every speaker that the body refers to, in order of first appearance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<Speaker>,
    /// Material before the body: disclaimers, introductions, editorial notes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub front: Vec<Block>,
    /// The transcript proper: speaker turns, headings, events and notes, in order.
    pub body: Vec<Block>,
    /// The end marker that closed the body in the source (such as `ENDE`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_marker: Option<String>,
    /// Material after the body: thanks, donation details, links, legal notices.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub back: Vec<Block>,
}

/// Descriptive metadata of a transcript.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Meta {
    /// The title of the talk or interview.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A subtitle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// The main language as a BCP 47 tag, such as `de` or `en-US`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The date of the recording or publication, ISO 8601 (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The publisher or issuing organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// People who made the transcript (transcribers, translators), as display names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contributors: Vec<String>,
    /// Where the transcript itself comes from (a web page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// The recording the transcript transcribes (audio or video URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
    /// The duration of the recording in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// Rights or licence statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rights: Option<String>,
    /// A stable identifier (URN, DOI, ISBN …); exporters derive one from the content when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Keywords or tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Further metadata the source declared that has no field of its own, kept verbatim.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// A person who speaks in the transcript.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Speaker {
    /// A stable identifier, unique within the transcript (derived from the name by readers).
    pub id: String,
    /// The name as it should be displayed.
    pub name: String,
    /// The role, such as `interviewer`, `host` or `guest`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl Speaker {
    /// A speaker with an id and a display name and no role.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            role: None,
        }
    }
}

/// A block of the front matter, body or back matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// What one speaker says without interruption: one or more paragraphs.
    Turn {
        /// The [`Speaker::id`] of who speaks, or `None` when the source does not say.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        speaker: Option<String>,
        /// A start time the source gave for the turn (for example `Name: 00:01:02`), in ms.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start_ms: Option<u64>,
        /// The paragraphs of the turn, at least one.
        paragraphs: Vec<Paragraph>,
    },
    /// A section heading.
    Heading {
        /// The level, 1 for the topmost.
        level: u8,
        /// The heading text.
        content: Vec<Inline>,
        /// Where the heading stands in the source.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
    },
    /// A paragraph that belongs to no speaker turn (front or back matter, narration).
    Paragraph(Paragraph),
    /// A stage direction or event on a line of its own, such as `(applause)`.
    Event {
        /// What kind of event it is.
        kind: EventKind,
        /// The description as the source gives it, without brackets.
        description: String,
        /// Where the event stands in the source.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
    },
    /// A note that is not spoken: a disclaimer, an editorial remark, a summary.
    Note {
        /// What kind of note it is.
        kind: NoteKind,
        /// The note's text.
        content: Vec<Inline>,
        /// Where the note stands in the source.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
    },
    /// Labelled items, such as bank details (`IBAN: …`) or a list of links.
    Fields {
        /// A heading for the group, such as `BANKKONTO`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        /// The items in order.
        items: Vec<Field>,
        /// Where the group stands in the source.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
    },
}

impl Block {
    /// A speaker turn with the given speaker id and paragraphs.
    pub fn turn(speaker: Option<&str>, paragraphs: Vec<Paragraph>) -> Self {
        Block::Turn {
            speaker: speaker.map(str::to_owned),
            start_ms: None,
            paragraphs,
        }
    }
}

/// One labelled item of a [`Block::Fields`] group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Field {
    /// The label, without its colon, such as `IBAN`.
    pub label: String,
    /// The value.
    pub value: Vec<Inline>,
}

/// A paragraph: a run of inline content, optionally timed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Paragraph {
    /// The content.
    pub content: Vec<Inline>,
    /// When the paragraph starts in the recording, in ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_ms: Option<u64>,
    /// When the paragraph ends in the recording, in ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_ms: Option<u64>,
    /// Word timings: either empty or exactly one entry per word of [`Paragraph::words`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<WordTime>,
    /// Where the paragraph starts in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Paragraph {
    /// A paragraph of plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Self::new(vec![Inline::text(text)])
    }

    /// A paragraph with the given content and no timing.
    pub fn new(content: Vec<Inline>) -> Self {
        Self {
            content,
            ..Self::default()
        }
    }
}

/// The timing of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WordTime {
    /// Start in ms.
    pub start_ms: u64,
    /// End in ms (not before the start).
    pub end_ms: u64,
    /// How the time was obtained.
    pub source: WordTimeSource,
}

/// Where a word's time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WordTimeSource {
    /// Matched to a timed word of a timing source (ASR output, subtitles).
    Matched,
    /// Interpolated between matched neighbours.
    Interpolated,
    /// Estimated from a speaking rate, with no timing source.
    Estimated,
}

/// Inline content of paragraphs, headings, notes and fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text, with whitespace as in the source (runs collapsed to one space by readers).
        text: String,
    },
    /// Emphasis whose meaning is not known (usually set in italics).
    Emphasis {
        /// The emphasised content.
        content: Vec<Inline>,
    },
    /// Strong emphasis (usually set in bold).
    Strong {
        /// The content.
        content: Vec<Inline>,
    },
    /// Code or a literal term (source backticks).
    Code {
        /// The literal text.
        text: String,
    },
    /// The title of a work: a book, a film, an article.
    Title {
        /// The title.
        content: Vec<Inline>,
    },
    /// A quotation; exporters add the quotation marks of the document's language.
    Quote {
        /// The quoted content, without quotation marks.
        content: Vec<Inline>,
    },
    /// A hyperlink.
    Link {
        /// The target URL.
        url: String,
        /// The link text.
        content: Vec<Inline>,
    },
    /// An e-mail address.
    Email {
        /// The address.
        address: String,
    },
    /// A timestamp written in the text, such as `[00:12:34.56]`.
    Timestamp {
        /// The time it denotes, in ms.
        ms: u64,
        /// The timestamp as written, without brackets.
        text: String,
    },
    /// An event or stage direction inside the text, such as `[laughs]`.
    Event {
        /// What kind of event it is.
        kind: EventKind,
        /// The description as the source gives it, without brackets.
        description: String,
    },
    /// A forced line break inside a paragraph.
    LineBreak,
    /// The place where a page break split the paragraph in the source (the reader rejoined
    /// the parts). Exporters ignore it, except TEI, which may keep it as `<pb/>`.
    PageBreak,
}

impl Inline {
    /// Plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Inline::Text { text: text.into() }
    }
}

/// The kind of an event or stage direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Laughter.
    Laughter,
    /// Applause.
    Applause,
    /// An interjection or heckling by others (German `Zwischenruf`).
    Interjection,
    /// Speech that could not be made out.
    Unintelligible,
    /// A pause or silence.
    Pause,
    /// Several people speaking at once.
    Crosstalk,
    /// Music.
    Music,
    /// A non-speech sound (coughing, noise).
    Noise,
    /// Any other stage direction.
    Other,
}

impl EventKind {
    /// The kind's name as used in the JSON form, such as `"laughter"`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Laughter => "laughter",
            EventKind::Applause => "applause",
            EventKind::Interjection => "interjection",
            EventKind::Unintelligible => "unintelligible",
            EventKind::Pause => "pause",
            EventKind::Crosstalk => "crosstalk",
            EventKind::Music => "music",
            EventKind::Noise => "noise",
            EventKind::Other => "other",
        }
    }
}

/// The kind of a [`Block::Note`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A disclaimer about the transcript's accuracy or status.
    Disclaimer,
    /// An editor's remark.
    Editorial,
    /// A summary or abstract.
    Summary,
    /// Any other note.
    Other,
}

impl Transcript {
    /// The speaker with the given id.
    pub fn speaker(&self, id: &str) -> Option<&Speaker> {
        self.speakers.iter().find(|s| s.id == id)
    }

    /// The display name of the speaker with the given id, or the id itself when unknown.
    pub fn speaker_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.speaker(id).map_or(id, |s| s.name.as_str())
    }

    /// The first disclaimer note of the front matter, if any.
    pub fn disclaimer(&self) -> Option<&[Inline]> {
        self.front.iter().find_map(|b| match b {
            Block::Note {
                kind: NoteKind::Disclaimer,
                content,
                ..
            } => Some(content.as_slice()),
            _ => None,
        })
    }

    /// The primary language subtag (`de` for `de-AT`), or `und` when unknown.
    pub fn language(&self) -> &str {
        self.meta
            .language
            .as_deref()
            .map(|l| l.split(['-', '_']).next().unwrap_or(l))
            .filter(|l| !l.is_empty())
            .unwrap_or("und")
    }

    /// Every paragraph of the body in reading order, with the speaker id of its turn.
    pub fn body_paragraphs(&self) -> impl Iterator<Item = (Option<&str>, &Paragraph)> {
        self.body.iter().flat_map(|b| {
            let (speaker, paragraphs): (Option<&str>, &[Paragraph]) = match b {
                Block::Turn {
                    speaker,
                    paragraphs,
                    ..
                } => (speaker.as_deref(), paragraphs),
                Block::Paragraph(p) => (None, std::slice::from_ref(p)),
                _ => (None, &[]),
            };
            paragraphs.iter().map(move |p| (speaker, p))
        })
    }

    /// Whether any body paragraph carries a start time or word timings.
    pub fn has_timings(&self) -> bool {
        self.body_paragraphs()
            .any(|(_, p)| p.start_ms.is_some() || !p.words.is_empty())
    }
}
