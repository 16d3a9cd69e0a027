//! Layout: the transcript as paragraphs of shaped, hyphenated, justified lines, paginated
//! with widow and orphan control, with the outline and the links of every page.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use scriba_core::{Block, Inline, NoteKind, QuoteMarks, Transcript, is_cjk};

use crate::fonts::{BUNDLED, FontBook, Glyph, Shaper, Style, is_rtl, strong_direction};
use crate::linebreak::{Break, INFINITY, Item, break_lines};
use crate::{Paper, PdfOptions};

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;

/// The largest margin, as a share of the page's side: the text block keeps 30 % of it.
const MAX_MARGIN: f32 = 0.35;

/// The body text sizes the options accept, in points.
const FONT_SIZES: std::ops::RangeInclusive<f32> = 4.0..=72.0;

/// The space around the text block, in points.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub(crate) top: f32,
    pub(crate) bottom: f32,
    pub(crate) left: f32,
    pub(crate) right: f32,
}

/// Page geometry and the body text size.
pub(crate) struct PageSetup {
    /// Page width in points.
    pub(crate) width: f32,
    /// Page height in points.
    pub(crate) height: f32,
    /// Margins in points.
    pub(crate) margins: Frame,
    /// Body font size in points.
    pub(crate) size: f32,
    /// Hyphenation patterns, when hyphenating.
    hyphenation: Option<hypher::Lang>,
    /// Whether the PDF is tagged (a structure tree of paragraphs and headings).
    pub(crate) tagged: bool,
}

impl PageSetup {
    /// What of `opts` this page cannot honour, as a sentence naming the allowed range:
    /// [`PageSetup::new`] would fall back to the default size or clamp the margin, and a user
    /// who asked for it should hear so instead.
    pub(crate) fn out_of_range(&self, opts: &PdfOptions) -> Option<String> {
        if let Some(size) = opts.font_size
            && !FONT_SIZES.contains(&size)
        {
            return Some(format!(
                "font_size must be between {} and {} pt, not {size}",
                FONT_SIZES.start(),
                FONT_SIZES.end()
            ));
        }
        let m = opts.margins?;
        [
            ("top", m.top, self.height),
            ("bottom", m.bottom, self.height),
            ("left", m.left, self.width),
            ("right", m.right, self.width),
        ]
        .into_iter()
        .find_map(|(name, mm, side)| {
            let mm = mm?;
            // The limit in whole tenths of a millimetre, as the message shows it.
            let max = (side / MM * MAX_MARGIN * 10.0).round() / 10.0;
            (!(0.0..=max).contains(&mm)).then(|| {
                format!("margins.{name} must be between 0 and {max} mm on this paper, not {mm}")
            })
        })
    }

    /// The page setup for a document and options.
    pub(crate) fn new(doc: &Transcript, opts: &PdfOptions) -> Self {
        let tag = doc
            .meta
            .language
            .as_deref()
            .unwrap_or("")
            .to_ascii_lowercase();
        let region = tag.split(['-', '_']).nth(1).unwrap_or("");
        let paper = match opts.paper {
            Paper::Auto if matches!(region, "us" | "ca" | "mx" | "ph") => Paper::Letter,
            Paper::Auto => Paper::A4,
            p => p,
        };
        let (width, height) = match paper {
            Paper::A5 => (148.0 * MM, 210.0 * MM),
            Paper::Letter => (612.0, 792.0),
            _ => (210.0 * MM, 297.0 * MM),
        };
        let small = paper == Paper::A5;
        let size = opts
            .font_size
            .filter(|s| FONT_SIZES.contains(s))
            .unwrap_or(if small { 9.5 } else { 10.5 });
        // The paper's defaults (millimetres), side by side where the options leave one out.
        let [top, bottom, left, right] = if small {
            [17.0, 20.0, 16.0, 16.0]
        } else {
            [25.0, 28.0, 30.0, 30.0]
        };
        let m = opts.margins.unwrap_or_default();
        let side = |given: Option<f32>, default: f32, full: f32| {
            let mm = given.filter(|v| v.is_finite()).unwrap_or(default);
            (mm * MM).clamp(0.0, full * MAX_MARGIN)
        };
        let margins = Frame {
            top: side(m.top, top, height),
            bottom: side(m.bottom, bottom, height),
            left: side(m.left, left, width),
            right: side(m.right, right, width),
        };
        let primary = doc.language();
        let hyphenation = if opts.hyphenate.unwrap_or(true) && primary.len() == 2 {
            let b = primary.as_bytes();
            hypher::Lang::from_iso([b[0], b[1]])
        } else {
            None
        };
        Self {
            width,
            height,
            margins,
            size,
            hyphenation,
            tagged: opts.tagged.unwrap_or(true),
        }
    }

    fn text_width(&self) -> f32 {
        (self.width - self.margins.left - self.margins.right).max(20.0)
    }

    fn text_height(&self) -> f32 {
        (self.height - self.margins.top - self.margins.bottom).max(20.0)
    }

    fn leading(&self) -> f32 {
        self.size * 1.38
    }
}

/// A colour of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Color {
    /// Black body text.
    Text,
    /// Link text.
    Link,
    /// Page furniture (header, page number).
    Gray,
}

/// Glyphs of one font, size and colour set from `x` on; each glyph carries the advance it
/// should have in points.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    /// Font index.
    pub(crate) font: u8,
    /// Size in points.
    pub(crate) size: f32,
    /// Colour.
    pub(crate) color: Color,
    /// Start, relative to the left edge of the text block.
    pub(crate) x: f32,
    /// Glyph ids with the advance (points) each should have and the advance the PDF gives it.
    pub(crate) glyphs: Vec<(u16, f32, f32)>,
    /// The sum of the advances of every glyph but the last (the pen position before the
    /// last glyph is `x` plus this), kept so that appending a glyph is O(1).
    pub(crate) head: f32,
}

/// What a line draws.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    /// Glyphs.
    Run(Run),
    /// Opens a span whose text is the given `/ActualText`.
    BeginActual(Box<str>),
    /// Closes the span.
    EndActual,
}

/// A laid-out line.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Baseline-to-baseline height.
    pub(crate) height: f32,
    /// Height above the baseline (for link rectangles).
    pub(crate) ascent: f32,
    /// Depth below the baseline (for link rectangles).
    pub(crate) descent: f32,
    /// Extra space above the line (dropped at the top of a page).
    pub(crate) before: f32,
    /// What it draws.
    pub(crate) ops: Vec<Op>,
    /// Link rectangles: x0, x1 and the URL.
    pub(crate) links: Vec<(f32, f32, std::sync::Arc<str>)>,
    /// An outline entry pointing here: title and level (1 = top).
    pub(crate) outline: Option<(String, u8)>,
    /// How many following lines must stand on the same page as this one.
    pub(crate) keep: u8,
    /// Starts a new page.
    pub(crate) page_break: bool,
    /// The structure element (paragraph or heading, an index into [`Laid::roles`]) the
    /// line's text belongs to; `None` for lines that draw nothing.
    pub(crate) elem: Option<u32>,
}

/// The structure type of a paragraph in the tagged PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A paragraph (`/P`).
    P,
    /// A heading of level 1–6 (`/H1` … `/H6`).
    H(u8),
}

impl Role {
    /// The standard structure type's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::P => "P",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
        }
    }

    /// The heading one level below `level` (the document title is `H1`).
    fn heading_below(level: u8) -> Self {
        Role::H(level.saturating_add(1).clamp(2, 6))
    }
}

/// A page: its lines with baseline positions (from the top of the text block) and whether
/// it carries the running header and a page number.
pub(crate) struct Page {
    /// Lines and their baselines (distance from the top edge of the text block).
    pub(crate) lines: Vec<(Line, f32)>,
    /// Whether the page shows the running header and number (not the title page).
    pub(crate) furniture: bool,
}

/// The whole laid-out document.
pub(crate) struct Laid {
    /// The pages in order.
    pub(crate) pages: Vec<Page>,
    /// The running header text.
    pub(crate) header: Vec<Op>,
    /// The page number of each page (empty on the title page), centred on the text block.
    pub(crate) numbers: Vec<Vec<Op>>,
    /// The structure type of every paragraph, in document order (see [`Line::elem`]).
    pub(crate) roles: Vec<Role>,
}

/// A piece of styled text in a paragraph.
#[derive(Clone)]
struct Span<'t> {
    text: std::borrow::Cow<'t, str>,
    style: Style,
    link: Option<Arc<str>>,
    /// A forced line break instead of text.
    newline: bool,
}

/// How a paragraph is set.
#[derive(Clone, Copy)]
struct ParStyle {
    size: f32,
    leading: f32,
    indent: f32,
    align: Align,
    before: f32,
    keep: u8,
    role: Role,
}

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Justify,
    Left,
    Center,
}

/// The content of a box: glyphs of one style and link, part of a word.
struct Frag {
    glyphs: Rc<[Glyph]>,
    range: std::ops::Range<usize>,
    color: Color,
    link: Option<Arc<str>>,
    word: usize,
}

/// How many bytes of text a document needs before its paragraphs are set on several
/// threads (about a page: below it a thread costs more than it saves).
#[cfg(not(test))]
const PARALLEL_TEXT: usize = 3_000;
/// Unit tests set every document on several threads.
#[cfg(test)]
const PARALLEL_TEXT: usize = 1;

/// A paragraph of the body or back matter, waiting to be set (on some thread).
struct Job<'t> {
    /// How many lines preceded it when it was made.
    at: usize,
    spans: Vec<Span<'t>>,
    st: ParStyle,
    outline: Option<(String, u8)>,
}

impl Job<'_> {
    /// Whether setting the paragraph draws glyphs: it has a character that is neither white
    /// space nor dropped as invisible.
    fn draws(&self) -> bool {
        self.spans.iter().any(|s| {
            !s.newline
                && s.text
                    .chars()
                    .any(|c| !c.is_whitespace() && !is_invisible(c))
        })
    }
}

/// A paragraph's items, ready for line breaking.
struct Pending {
    items: Vec<Item>,
    frags: Vec<Option<Frag>>,
    words: Vec<(Rc<str>, usize, usize)>,
    st: ParStyle,
    outline: Option<(String, u8)>,
    /// The bidi embedding level of each item, for paragraphs with right-to-left text.
    levels: Option<Levels>,
}

/// A paragraph's buffers, kept empty for the next paragraph of the same context.
#[derive(Default)]
struct Spare {
    items: Vec<Item>,
    frags: Vec<Option<Frag>>,
    words: Vec<(Rc<str>, usize, usize)>,
}

impl Spare {
    /// Empties the buffers and keeps them.
    fn keep(
        &mut self,
        mut items: Vec<Item>,
        mut frags: Vec<Option<Frag>>,
        mut words: Vec<(Rc<str>, usize, usize)>,
    ) {
        items.clear();
        frags.clear();
        words.clear();
        *self = Self {
            items,
            frags,
            words,
        };
    }
}

/// Bidi embedding levels of a paragraph's items (see [`item_levels`]).
struct Levels {
    /// The paragraph's level: 1 when its first strong character is right-to-left.
    base: u8,
    /// One per item.
    of_item: Vec<u8>,
}

/// The bidi embedding levels of words, after the Unicode bidirectional algorithm (UAX #9)
/// for text without explicit embeddings: the text's direction is that of its first strong
/// character (its level, 0 or 1, comes first); a word takes the direction of its first
/// strong character (left-to-right words in right-to-left text one level up, as do numbers
/// there); a word without one takes the level of the words around it when they agree and
/// the text's otherwise. `None` when no word is right to left.
fn word_levels<'w>(words: impl Iterator<Item = &'w str> + Clone) -> Option<(u8, Vec<u8>)> {
    if !words.clone().any(|w| strong_direction(w) == Some(true)) {
        return None;
    }
    let base = u8::from(words.clone().find_map(strong_direction) == Some(true));
    let resolved: Vec<Option<u8>> = words
        .map(|w| match (strong_direction(w), base) {
            (Some(true), _) => Some(1),
            (Some(false), 0) => Some(0),
            (Some(false), _) => Some(2),
            // Numbers in right-to-left text read left to right, one level up.
            (None, 1) if w.starts_with(|c: char| c.is_ascii_digit()) => Some(2),
            (None, _) => None,
        })
        .collect();
    let levels = (0..resolved.len())
        .map(|i| {
            resolved[i].unwrap_or_else(|| {
                let before = resolved[..i].iter().rev().flatten().next();
                let after = resolved[i + 1..].iter().flatten().next();
                match (before, after) {
                    (Some(a), Some(b)) if a == b => *a,
                    _ => base,
                }
            })
        })
        .collect();
    Some((base, levels))
}

/// The embedding levels of a paragraph's items (see [`word_levels`]): a word's items have
/// its level, the space between two words the lower of theirs, the rest the paragraph's.
fn item_levels(words: &[(Rc<str>, usize, usize)], items: usize) -> Option<Levels> {
    let (base, level) = word_levels(words.iter().map(|w| &*w.0))?;
    let mut of_item = vec![base; items];
    for (k, w) in words.iter().enumerate() {
        for slot in of_item.iter_mut().take(w.2 + 1).skip(w.1) {
            *slot = level[k];
        }
        if let Some(next) = words.get(k + 1) {
            let between = level[k].min(level[k + 1]);
            for slot in of_item.iter_mut().take(next.1).skip(w.2 + 1) {
                *slot = between;
            }
        }
    }
    Some(Levels { base, of_item })
}

/// Appends to `order` the order in which a line's items `start..end` are drawn from left to
/// right: from the highest level down to 1, every run of items at that level or above is
/// reversed (UAX #9 rule L2). The break item `end` stays last: it draws at the line end.
fn visual_order(levels: &[u8], start: usize, end: usize, order: &mut Vec<usize>) {
    order.extend(start..end);
    reorder(order, |i| levels[i]);
    order.push(end);
}

/// Reorders `order` for drawing left to right (UAX #9 rule L2): from the highest level down
/// to 1, every run of entries at that level or above is reversed.
fn reorder(order: &mut [usize], level: impl Fn(usize) -> u8) {
    let max = order.iter().map(|&i| level(i)).max().unwrap_or(0);
    for k in (1..=max).rev() {
        let mut i = 0;
        while i < order.len() {
            if level(order[i]) >= k {
                let run_start = i;
                while i < order.len() && level(order[i]) >= k {
                    i += 1;
                }
                order[run_start..i].reverse();
            } else {
                i += 1;
            }
        }
    }
}

/// The line breaks of a paragraph's items.
fn breaks_for(items: &[Item], align: Align, width: f32) -> Vec<Break> {
    if align == Align::Justify {
        break_lines(items, width)
    } else {
        // Ragged text: break where the natural widths fit, set at natural width.
        let ragged: Vec<Item> = items
            .iter()
            .map(|i| match *i {
                // Interword glue stretches freely. Left-aligned text keeps the closing
                // glue's infinite stretch; centred text (titles) gets a finite one, which
                // balances its lines instead of leaving a lone word on the last.
                Item::Glue { width, stretch, .. }
                    if stretch < INFINITY || align == Align::Center =>
                {
                    Item::Glue {
                        width,
                        stretch: width * 8.0 + 1.0,
                        shrink: 0.0,
                    }
                }
                other => other,
            })
            .collect();
        break_lines(&ragged, width)
    }
}

/// Lays the document out.
pub(crate) fn lay_out(doc: &Transcript, setup: &PageSetup, book: &mut FontBook<'_>) -> Laid {
    lay_out_in(doc, setup, book, None)
}

/// Lays the document out, its paragraphs (title page, body, back matter) in `chunks`
/// consecutive parts on as many threads (by default one per core beyond about a page).
///
/// Each part is set with its own shaper, which only reads the fonts; what it used is merged
/// in document order. A part whose choices of ToUnicode text (first use wins) contradict
/// the parts before it is set again after them, so the result is the same for any number
/// of parts: that of setting the document in order on one thread.
fn lay_out_in(
    doc: &Transcript,
    setup: &PageSetup,
    book: &mut FontBook<'_>,
    chunks: Option<usize>,
) -> Laid {
    let marks = doc.quote_marks();
    // Every paragraph becomes a job, set below on some thread; spaces and breaks are lines.
    let (jobs, lines) = {
        let mut ctx = Ctx::new(setup, book.shaper(), marks);
        ctx.jobs = Some(Vec::new());
        ctx.title_page(doc);
        ctx.body(doc);
        ctx.back(doc);
        (ctx.jobs.take().unwrap_or_default(), ctx.lines)
    };
    let text: usize = jobs
        .iter()
        .flat_map(|j| &j.spans)
        .map(|s| s.text.len())
        .sum();
    let parts = chunks.unwrap_or_else(|| {
        if text >= PARALLEL_TEXT {
            crate::workers()
        } else {
            1
        }
    });
    let ranges = split_evenly(&jobs, parts.max(1));
    let set_part = |book: &FontBook<'_>, range: &std::ops::Range<usize>| {
        let mut ctx = Ctx::new(setup, book.shaper(), marks);
        let lines: Vec<Vec<Line>> = jobs[range.clone()]
            .iter()
            .map(|job| ctx.lay_paragraph(&job.spans, job.st, job.outline.clone()))
            .collect();
        (lines, ctx.shaper.finish())
    };
    let done = {
        let shared: &FontBook<'_> = book;
        crate::parallel_map(&ranges, ranges.len() > 1, |range| set_part(shared, range))
    };
    let mut body: Vec<Vec<Line>> = Vec::with_capacity(jobs.len());
    let roles: Vec<Role> = jobs.iter().map(|j| j.st.role).collect();
    for (range, (part, usage)) in ranges.iter().zip(done) {
        let (part, usage) = if book.consistent(&usage) {
            (part, usage)
        } else {
            set_part(book, range)
        };
        book.merge(usage);
        body.extend(part);
    }
    // The paragraphs' lines between the lines pushed while they were collected.
    let mut merged = Vec::with_capacity(lines.len() + body.iter().map(Vec::len).sum::<usize>());
    let mut rest = lines.into_iter();
    let mut pos = 0;
    for (k, (job, par)) in jobs.iter().zip(body).enumerate() {
        while pos < job.at {
            if let Some(line) = rest.next() {
                merged.push(line);
            }
            pos += 1;
        }
        // The lines that draw belong to the paragraph's structure element.
        merged.extend(par.into_iter().map(|mut line| {
            if setup.tagged && !line.ops.is_empty() {
                line.elem = u32::try_from(k).ok();
            }
            line
        }));
    }
    merged.extend(rest);
    drop(jobs);

    let mut ctx = Ctx::new(setup, book.shaper(), marks);
    let header_text = doc.meta.title.clone().unwrap_or_default();
    let header = ctx.single_line(
        &header_text,
        Style::Italic,
        setup.size * 0.8,
        Color::Gray,
        setup.text_width(),
    );
    let pages = paginate(merged, setup);
    let numbers = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if p.furniture {
                ctx.single_line(
                    &(i + 1).to_string(),
                    Style::Regular,
                    setup.size * 0.85,
                    Color::Gray,
                    setup.text_width(),
                )
            } else {
                Vec::new()
            }
        })
        .collect();
    let usage = ctx.shaper.finish();
    book.merge(usage);
    Laid {
        pages,
        header,
        numbers,
        roles,
    }
}

/// Whether a word is a URL (`https://…`, `www.…`).
fn is_url(word: &str) -> bool {
    // A colon first: finding one character is cheaper than setting up a substring search.
    word.starts_with("www.") || (word.contains(':') && word.contains("://"))
}

/// Whether a word is a URL or an e-mail address: it gets no hyphens and shows its
/// characters as they are (no typographic apostrophes or dashes).
fn is_address(word: &str) -> bool {
    is_url(word) || word.contains('@')
}

/// Adds the hyphenation points of the letters `word[start..end]` in `lang` (`chars`
/// characters, with a lower-case one if `lower`): runs of at least five letters, not acronyms.
fn hyphenate_run(
    word: &str,
    lang: hypher::Lang,
    (start, chars, lower): (usize, usize, bool),
    end: usize,
    out: &mut Vec<(usize, BreakKind)>,
) {
    if chars < 5 || !lower {
        return;
    }
    let mut pos = start;
    let mut syllables = hypher::hyphenate(&word[start..end], lang).peekable();
    while let Some(syllable) = syllables.next() {
        // The end of the last syllable is the end of the run, not a break.
        if syllables.peek().is_none() {
            break;
        }
        pos += syllable.len();
        out.push((pos, BreakKind::Hyphen));
    }
}

/// Splits the jobs into `parts` consecutive ranges of about the same amount of text.
fn split_evenly(jobs: &[Job<'_>], parts: usize) -> Vec<std::ops::Range<usize>> {
    let sizes: Vec<usize> = jobs
        .iter()
        .map(|j| j.spans.iter().map(|s| s.text.len()).sum::<usize>() + 1)
        .collect();
    let total: usize = sizes.iter().sum();
    let mut out = Vec::with_capacity(parts);
    let mut start = 0;
    let mut acc = 0;
    for (i, size) in sizes.iter().enumerate() {
        acc += size;
        // Close a range when its share of the text is reached.
        if acc * parts >= total * (out.len() + 1) && out.len() + 1 < parts {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    out.push(start..jobs.len());
    out.retain(|r| !r.is_empty());
    out
}

/// Break points of words, keyed by the word (one cache per hyphenation setting).
type BreakCache = rustc_hash::FxHashMap<Box<str>, Rc<[(usize, BreakKind)]>>;

/// Shaped words per text, for one style and hyphenation setting.
type ShapeCache = rustc_hash::FxHashMap<Box<str>, Rc<WordShape>>;

/// A part of a word in one style and link: the words of a paragraph are collected as parts.
type Part<'a> = (Style, Option<Arc<str>>, Cow<'a, str>);

/// A word of one style, shaped and cut at its break points.
struct WordShape {
    /// The word.
    text: Rc<str>,
    /// The pieces between break points and the kind of break after each (none after the
    /// last).
    pieces: Vec<(Rc<[Glyph]>, Option<BreakKind>)>,
}

struct Ctx<'s, 'b, 'f, 't> {
    setup: &'s PageSetup,
    shaper: Shaper<'b, 'f>,
    marks: QuoteMarks,
    lines: Vec<Line>,
    /// Whether right-to-left text occurred: only then do paragraphs look for it.
    rtl: bool,
    /// Whether the paragraph being set may be hyphenated (justified text only).
    hyphenate: bool,
    /// Break points per word, without and with hyphenation, computed once per word.
    breaks: [BreakCache; 2],
    /// Shaped words per style and hyphenation setting.
    shapes: [[ShapeCache; 2]; BUNDLED],
    /// The shaped hyphen per style.
    hyphens: [Option<Rc<[Glyph]>>; BUNDLED],
    /// The shaped space per style.
    spaces: [Option<Rc<[Glyph]>>; BUNDLED],
    /// When set, paragraphs are collected here instead of being set.
    jobs: Option<Vec<Job<'t>>>,
    /// Buffers for the next paragraph.
    spare: Spare,
}

impl<'s, 'b, 'f, 't> Ctx<'s, 'b, 'f, 't> {
    fn new(setup: &'s PageSetup, shaper: Shaper<'b, 'f>, marks: QuoteMarks) -> Self {
        Self {
            setup,
            shaper,
            marks,
            lines: Vec::new(),
            rtl: false,
            hyphenate: false,
            breaks: Default::default(),
            shapes: Default::default(),
            hyphens: Default::default(),
            spaces: Default::default(),
            jobs: None,
            spare: Spare::default(),
        }
    }

    fn par(&self, scale: f32, align: Align, before_lines: f32) -> ParStyle {
        let size = self.setup.size * scale;
        ParStyle {
            size,
            leading: size * 1.38,
            indent: 0.0,
            align,
            before: before_lines * self.setup.leading(),
            keep: 0,
            role: Role::P,
        }
    }

    fn title_page(&mut self, doc: &'t Transcript) {
        let m = &doc.meta;
        let start = self.lines.len();
        let first_job = self.jobs.as_ref().map_or(0, Vec::len);
        let de = doc.language() == "de";
        self.push_space(self.setup.text_height() * 0.18);
        if let Some(title) = &m.title {
            let mut st = self.par(2.0, Align::Center, 0.0);
            st.role = Role::H(1);
            self.paragraph(&[text_span(title, Style::Bold)], st, None);
        }
        if let Some(sub) = &m.subtitle {
            let st = self.par(1.3, Align::Center, 0.8);
            self.paragraph(&[text_span(sub, Style::Italic)], st, None);
        }
        let mut first_meta = true;
        let mut meta_line = |ctx: &mut Self, spans: Vec<Span<'t>>| {
            let st = ctx.par(1.0, Align::Center, if first_meta { 2.5 } else { 0.3 });
            first_meta = false;
            ctx.paragraph(&spans, st, None);
        };
        if let Some(date) = &m.date {
            meta_line(self, vec![text_span(date, Style::Regular)]);
        }
        if !doc.speakers.is_empty() {
            let names: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
            meta_line(
                self,
                vec![text_span_owned(names.join(", "), Style::Regular)],
            );
        }
        if let Some(p) = &m.publisher {
            meta_line(self, vec![text_span(p, Style::Regular)]);
        }
        if !m.contributors.is_empty() {
            let label = if de { "Transkript: " } else { "Transcript: " };
            meta_line(
                self,
                vec![
                    text_span(label, Style::Italic),
                    text_span_owned(m.contributors.join(", "), Style::Regular),
                ],
            );
        }
        for (label, url) in [
            (if de { "Quelle: " } else { "Source: " }, &m.source_url),
            (if de { "Aufnahme: " } else { "Recording: " }, &m.media_url),
        ] {
            if let Some(url) = url {
                meta_line(
                    self,
                    vec![text_span(label, Style::Italic), link_span(url, url)],
                );
            }
        }
        if let Some(rights) = &m.rights {
            meta_line(self, vec![text_span(rights, Style::Regular)]);
        }
        let mut first = true;
        for block in &doc.front {
            let mut st = self.par(0.9, Align::Justify, if first { 3.0 } else { 0.6 });
            first = false;
            match block {
                Block::Note { content, kind, .. } => {
                    let style = if *kind == NoteKind::Disclaimer {
                        Style::Italic
                    } else {
                        Style::Regular
                    };
                    let spans = self.inline_spans(content, style);
                    self.paragraph(&spans, st, None);
                }
                other => {
                    st.size = self.setup.size;
                    self.block(other, 1);
                }
            }
        }
        // Whether anything is drawn: a line with glyphs, or a paragraph still to be set that
        // will have some.
        let drawn = self.lines[start..].iter().any(|l| !l.ops.is_empty())
            || self
                .jobs
                .as_ref()
                .is_some_and(|jobs| jobs[first_job..].iter().any(Job::draws));
        if drawn {
            // The body starts on a new page.
            self.lines.push(Line {
                page_break: true,
                ..empty_line()
            });
        } else {
            // Nothing for a title page: the body starts on the first page.
            self.lines.truncate(start);
            if let Some(jobs) = &mut self.jobs {
                jobs.truncate(first_job);
            }
        }
    }

    fn push_space(&mut self, h: f32) {
        self.lines.push(Line {
            before: h,
            ..empty_line()
        });
    }

    fn body(&mut self, doc: &'t Transcript) {
        let mut last_speaker: Option<Option<String>> = None;
        let mut level = 0u8;
        for block in &doc.body {
            match block {
                Block::Turn {
                    speaker,
                    paragraphs,
                    ..
                } => {
                    let changed = last_speaker.as_ref() != Some(speaker);
                    let name = speaker.as_deref().map(|id| doc.speaker_name(id).to_owned());
                    for (i, p) in paragraphs.iter().enumerate() {
                        let mut st = self.par(1.0, Align::Justify, 0.0);
                        let mut spans = Vec::new();
                        let mut outline = None;
                        if i == 0 {
                            st.before = if changed {
                                0.55 * self.setup.leading()
                            } else {
                                0.25 * self.setup.leading()
                            };
                            if changed && let Some(name) = &name {
                                spans.push(text_span_owned(format!("{name}:"), Style::Bold));
                                spans.push(text_span(" ", Style::Bold));
                            }
                            let first_words =
                                first_words(&Inline::plain_text(&p.content, self.marks), 8);
                            let title = match &name {
                                Some(n) => format!("{n}: {first_words}"),
                                None => first_words,
                            };
                            outline = Some((title, level + 1));
                        } else {
                            st.indent = self.setup.size * 1.5;
                        }
                        spans.extend(self.inline_spans(&p.content, Style::Regular));
                        self.paragraph(&spans, st, outline);
                    }
                    last_speaker = Some(speaker.clone());
                }
                Block::Heading { level: l, .. } => {
                    level = (*l).clamp(1, 6);
                    self.block(block, level);
                }
                other => self.block(other, level + 1),
            }
        }
    }

    /// Sets a heading, paragraph, event, note or field group.
    fn block(&mut self, block: &'t Block, level: u8) {
        match block {
            Block::Heading {
                level: l, content, ..
            } => {
                let scale = match l {
                    1 => 1.45,
                    2 => 1.2,
                    _ => 1.05,
                };
                let mut st = self.par(scale, Align::Left, if *l == 1 { 1.6 } else { 1.1 });
                st.keep = 2;
                st.role = Role::heading_below(*l);
                let spans = self.inline_spans(content, Style::Bold);
                let title = Inline::plain_text(content, self.marks);
                self.paragraph(
                    &spans,
                    st,
                    Some((first_words(&title, 12), (*l).clamp(1, 6))),
                );
                self.push_space(0.35 * self.setup.leading());
            }
            Block::Paragraph(p) => {
                let st = self.par(1.0, Align::Justify, 0.45);
                let spans = self.inline_spans(&p.content, Style::Regular);
                self.paragraph(&spans, st, None);
            }
            Block::Event { description, .. } => {
                let st = self.par(1.0, Align::Left, 0.45);
                let text = format!("[{description}]");
                self.paragraph(&[text_span_owned(text, Style::Italic)], st, None);
            }
            Block::Note { content, .. } => {
                let st = self.par(0.92, Align::Justify, 0.6);
                let spans = self.inline_spans(content, Style::Italic);
                self.paragraph(&spans, st, None);
            }
            Block::Fields { title, items, .. } => {
                if let Some(t) = title {
                    let mut st = self.par(1.0, Align::Left, 0.9);
                    st.keep = 1;
                    st.role = Role::heading_below(level.max(1));
                    self.paragraph(
                        &[text_span(t, Style::Bold)],
                        st,
                        Some((t.clone(), level.max(1))),
                    );
                }
                for field in items {
                    let st = self.par(1.0, Align::Left, 0.2);
                    let mut spans = vec![
                        text_span_owned(format!("{}:", field.label), Style::Bold),
                        text_span(" ", Style::Regular),
                    ];
                    spans.extend(self.inline_spans(&field.value, Style::Regular));
                    self.paragraph(&spans, st, None);
                }
            }
            Block::Turn { paragraphs, .. } => {
                for p in paragraphs {
                    let st = self.par(1.0, Align::Justify, 0.3);
                    let spans = self.inline_spans(&p.content, Style::Regular);
                    self.paragraph(&spans, st, None);
                }
            }
        }
    }

    fn back(&mut self, doc: &'t Transcript) {
        if let Some(end) = &doc.end_marker {
            let st = self.par(1.0, Align::Center, 1.5);
            self.paragraph(&[text_span(end, Style::Bold)], st, None);
        }
        let mut first = true;
        for block in &doc.back {
            if first {
                self.push_space(1.5 * self.setup.leading());
                first = false;
            }
            self.block(block, 1);
        }
    }

    /// Flattens inline content into styled spans, adding quotation marks and brackets.
    fn inline_spans(&mut self, content: &'t [Inline], style: Style) -> Vec<Span<'t>> {
        let mut out = Vec::new();
        push_spans(content, style, None, self.marks, 0, &mut out);
        out
    }

    /// One line of text, not broken (the running header): its drawing operations.
    fn single_line(
        &mut self,
        text: &str,
        style: Style,
        size: f32,
        color: Color,
        width: f32,
    ) -> Vec<Op> {
        let mut ops = Vec::new();
        let mut x = 0.0;
        let mut run: Option<Run> = None;
        let ellipsis = self.shaper.shape(style, "…");
        let ellipsis_w: f32 = ellipsis.iter().map(|g| g.advance * size).sum();
        let space_w: f32 = self
            .shaper
            .shape(style, " ")
            .iter()
            .map(|g| g.advance * size)
            .sum();
        let natural: f32 = text
            .split_whitespace()
            .map(|w| {
                space_w
                    + self
                        .shaper
                        .shape(style, w)
                        .iter()
                        .map(|g| g.advance * size)
                        .sum::<f32>()
            })
            .sum();
        // Text too wide for the line is cut and ends with an ellipsis.
        let limit = if natural > width {
            width - ellipsis_w
        } else {
            width
        };
        let mut words: Vec<&str> = text.split_whitespace().collect();
        if let Some((_, levels)) = word_levels(words.iter().copied()) {
            let mut order: Vec<usize> = (0..words.len()).collect();
            reorder(&mut order, |i| levels[i]);
            words = order.into_iter().map(|i| words[i]).collect();
        }
        'words: for (i, word) in words.into_iter().enumerate() {
            if i > 0 {
                let space = self.shaper.shape(style, " ");
                for g in space.iter() {
                    x += g.advance * size;
                }
            }
            for g in self.shaper.shape(style, word).iter() {
                if x + g.advance * size > limit {
                    for e in ellipsis.iter() {
                        push_glyph(&mut ops, &mut run, e, x, size, color, 0);
                        x += e.advance * size;
                    }
                    break 'words;
                }
                push_glyph(&mut ops, &mut run, g, x, size, color, 0);
                x += g.advance * size;
            }
        }
        if let Some(r) = run.take() {
            ops.push(Op::Run(r));
        }
        // Centre it.
        let shift = ((width - x) / 2.0).max(0.0);
        for op in &mut ops {
            if let Op::Run(r) = op {
                r.x += shift;
            }
        }
        ops
    }

    /// Sets a paragraph and appends its lines, or collects it as a job.
    fn paragraph(&mut self, spans: &[Span<'t>], st: ParStyle, outline: Option<(String, u8)>) {
        let at = self.lines.len();
        if let Some(jobs) = &mut self.jobs {
            jobs.push(Job {
                at,
                spans: spans.to_vec(),
                st,
                outline,
            });
            return;
        }
        let lines = self.lay_paragraph(spans, st, outline);
        self.lines.extend(lines);
    }

    /// Sets a paragraph: its lines, or a line of space for a paragraph without text.
    fn lay_paragraph(
        &mut self,
        spans: &[Span<'_>],
        st: ParStyle,
        outline: Option<(String, u8)>,
    ) -> Vec<Line> {
        let width = self.setup.text_width();
        let size = st.size;
        // Only justified text is hyphenated; titles, headings and labels are not.
        self.hyphenate = st.align == Align::Justify;
        // The buffers of the paragraph before, emptied (a long paragraph's items were
        // copied a dozen times growing from nothing).
        let Spare {
            mut items,
            mut frags,
            mut words, // text, first item, last item
        } = std::mem::take(&mut self.spare);
        if st.indent > 0.0 {
            items.push(Item::Box { width: st.indent });
            frags.push(None);
        }
        // Collect words: maximal runs of non-space text across spans.
        let mut word: Vec<Part<'_>> = Vec::new();
        let mut pending_space: Option<Style> = None;
        let flush = |ctx: &mut Self,
                     word: &mut Vec<Part<'_>>,
                     items: &mut Vec<Item>,
                     frags: &mut Vec<Option<Frag>>,
                     words: &mut Vec<(Rc<str>, usize, usize)>| {
            if word.is_empty() {
                return;
            }
            ctx.word_items(word, size, width, items, frags, words);
            word.clear();
        };
        for span in spans {
            if span.newline {
                flush(self, &mut word, &mut items, &mut frags, &mut words);
                pending_space = None;
                items.push(Item::Glue {
                    width: 0.0,
                    stretch: INFINITY,
                    shrink: 0.0,
                });
                frags.push(None);
                items.push(Item::Penalty {
                    width: 0.0,
                    penalty: -INFINITY,
                    flagged: false,
                });
                frags.push(None);
                continue;
            }
            for (piece, space) in SpaceRuns(&span.text) {
                if space {
                    flush(self, &mut word, &mut items, &mut frags, &mut words);
                    pending_space = pending_space.or(Some(span.style));
                    continue;
                }
                if let Some(sp) = pending_space.take()
                    && matches!(items.last(), Some(Item::Box { .. }))
                {
                    self.space_item(sp, size, &mut items, &mut frags);
                }
                let clean: Cow<'_, str> = if piece.chars().any(is_invisible) {
                    Cow::Owned(piece.chars().filter(|c| !is_invisible(*c)).collect())
                } else {
                    Cow::Borrowed(piece)
                };
                if clean.is_empty() {
                    continue;
                }
                match word.last_mut() {
                    Some(last) if last.0 == span.style && last.1 == span.link => {
                        last.2.to_mut().push_str(&clean)
                    }
                    _ => word.push((span.style, span.link.clone(), clean)),
                }
            }
        }
        flush(self, &mut word, &mut items, &mut frags, &mut words);
        while matches!(items.last(), Some(Item::Glue { .. })) {
            items.pop();
            frags.pop();
        }
        if items.iter().all(|i| !matches!(i, Item::Box { .. })) {
            self.spare.keep(items, frags, words);
            return if st.before > 0.0 {
                vec![Line {
                    before: st.before,
                    ..empty_line()
                }]
            } else {
                Vec::new()
            };
        }
        items.push(Item::Penalty {
            width: 0.0,
            penalty: INFINITY,
            flagged: false,
        });
        frags.push(None);
        items.push(Item::Glue {
            width: 0.0,
            stretch: INFINITY,
            shrink: 0.0,
        });
        frags.push(None);
        items.push(Item::Penalty {
            width: 0.0,
            penalty: -INFINITY,
            flagged: false,
        });
        frags.push(None);

        let breaks = breaks_for(&items, st.align, width);
        // Only a context that has met right-to-left text looks for it.
        let levels = if self.rtl {
            item_levels(&words, items.len())
        } else {
            None
        };
        let par = Pending {
            items,
            frags,
            words,
            st,
            outline,
            levels,
        };
        let lines = self.set_paragraph(&par, &breaks);
        self.spare.keep(par.items, par.frags, par.words);
        lines
    }

    /// Sets a paragraph's lines at the given breaks.
    fn set_paragraph(&mut self, par: &Pending, breaks: &[Break]) -> Vec<Line> {
        let (items, frags, words, st) = (&par.items, &par.frags, &par.words, par.st);
        let (outline, levels) = (&par.outline, &par.levels);
        let width = self.setup.text_width();
        let size = st.size;
        let mut out = Vec::with_capacity(breaks.len());
        let font = self.shaper.book().font(Style::Regular);
        let (asc, desc) = (font.ascender() * size, -font.descender() * size);
        let n_lines = breaks.len();
        let mut start = 0usize;
        let mut order: Vec<usize> = Vec::new();
        let rtl = levels.as_ref().is_some_and(|l| l.base == 1);
        for (li, b) in breaks.iter().enumerate() {
            let mut line = Line {
                height: st.leading,
                ascent: asc,
                descent: desc,
                before: if li == 0 { st.before } else { 0.0 },
                ops: Vec::new(),
                links: Vec::new(),
                outline: if li == 0 { outline.clone() } else { None },
                keep: if li == 0 {
                    // Orphans: at least two lines of a paragraph at the foot of a page;
                    // a three-line paragraph stays whole.
                    let own = if n_lines == 3 {
                        2
                    } else {
                        u8::from(n_lines > 1)
                    };
                    own + if n_lines <= 2 { st.keep } else { 0 }
                } else if n_lines >= 4 && li == n_lines - 2 {
                    1 // widows: never the last line alone at the top of a page
                } else if li == n_lines - 1 {
                    st.keep
                } else {
                    0
                },
                page_break: false,
                elem: None,
            };
            // Justified, except the last line and lines that would have to stretch beyond
            // reason (before a word cut over several lines): those are set ragged.
            let ratio = if st.align == Align::Justify && li + 1 < n_lines && b.ratio <= 6.0 {
                b.ratio
            } else {
                0.0
            };
            let last = b.index.min(items.len().saturating_sub(1));
            // The items in drawing order, reusing one buffer for the paragraph's lines.
            order.clear();
            match &levels {
                Some(l) if start <= last && l.of_item[start..=last].iter().any(|&v| v > 0) => {
                    visual_order(&l.of_item, start, last, &mut order);
                }
                _ => order.extend(start..=last),
            }
            let natural =
                self.set_line(items, frags, words, &order, b.index, ratio, size, &mut line);
            let shift = match st.align {
                Align::Center => ((width - natural) / 2.0).max(0.0),
                // Right-to-left paragraphs are ragged on the left.
                _ if rtl => (width - natural).max(0.0),
                _ => 0.0,
            };
            if shift > 0.0 {
                for op in &mut line.ops {
                    if let Op::Run(r) = op {
                        r.x += shift;
                    }
                }
                for l in &mut line.links {
                    l.0 += shift;
                    l.1 += shift;
                }
            }
            out.push(line);
            // The next line starts after the break, skipping glue and penalties.
            start = b.index + 1;
            while start < items.len() && !matches!(items[start], Item::Box { .. }) {
                if let Item::Penalty { penalty, .. } = items[start]
                    && penalty <= -INFINITY
                {
                    break;
                }
                start += 1;
            }
        }
        out
    }

    /// Appends the glue between two words (a real space glyph is drawn in it).
    fn space_item(
        &mut self,
        style: Style,
        size: f32,
        items: &mut Vec<Item>,
        frags: &mut Vec<Option<Frag>>,
    ) {
        let glyphs = match &self.spaces[style.index()] {
            Some(space) => space.clone(),
            None => {
                let space = self.shaper.shape(style, " ");
                self.spaces[style.index()] = Some(space.clone());
                space
            }
        };
        let w: f32 = glyphs.iter().map(|g| g.advance).sum::<f32>() * size;
        items.push(Item::Glue {
            width: w,
            stretch: w * 0.6,
            shrink: w * 0.3,
        });
        let n = glyphs.len();
        frags.push(Some(Frag {
            glyphs,
            range: 0..n,
            color: Color::Text,
            link: None,
            word: usize::MAX,
        }));
    }

    /// Appends the boxes and penalties of one word: syllables (hyphenation points), breaks
    /// after explicit hyphens, between CJK characters, and inside words too long for a line.
    fn word_items(
        &mut self,
        parts: &[Part<'_>],
        size: f32,
        width: f32,
        items: &mut Vec<Item>,
        frags: &mut Vec<Option<Frag>>,
        words: &mut Vec<(Rc<str>, usize, usize)>,
    ) {
        let word_id = words.len();
        let first_item = items.len();
        let style0 = parts.first().map_or(Style::Regular, |p| p.0);
        let hyphen = self.hyphen(style0);
        let hyphen_w: f32 = hyphen.iter().map(|g| g.advance).sum::<f32>() * size;
        let full: Rc<str> = if let [(style, None, text)] = parts {
            // A word of one style without a link (most words): shaped and cut into pieces
            // once per text.
            let shape = self.word_shape(*style, text);
            for (glyphs, after) in &shape.pieces {
                if !glyphs.is_empty() {
                    self.push_boxes(
                        glyphs.clone(),
                        size,
                        width,
                        Color::Text,
                        None,
                        word_id,
                        items,
                        frags,
                    );
                }
                if let Some(kind) = *after {
                    push_break(
                        kind,
                        size,
                        hyphen_w,
                        &hyphen,
                        Color::Text,
                        word_id,
                        items,
                        frags,
                    );
                }
            }
            shape.text.clone()
        } else {
            let full: String = parts.iter().map(|p| &*p.2).collect();
            let breaks = self.breaks_of(&full);
            let literal = is_address(&full);
            let mut offset = 0usize;
            let mut bi = 0usize;
            for (pi, (style, link, text)) in parts.iter().enumerate() {
                // Code is never hyphenated (a hyphen would read as part of it).
                let mono = |i: usize| parts.get(i).is_some_and(|p| p.0 == Style::Mono);
                let color = if link.is_some() {
                    Color::Link
                } else {
                    Color::Text
                };
                // Split this part at the break points that fall inside it.
                let mut cuts: Vec<(usize, BreakKind)> = Vec::new();
                while bi < breaks.len() && breaks[bi].0 <= offset + text.len() {
                    if breaks[bi].0 > offset
                        && breaks[bi].0 < offset + text.len()
                        && !(mono(pi) && breaks[bi].1 == BreakKind::Hyphen)
                    {
                        cuts.push((breaks[bi].0 - offset, breaks[bi].1));
                    } else if breaks[bi].0 == offset + text.len() {
                        break;
                    }
                    bi += 1;
                }
                let mut prev = 0usize;
                let mut pieces: Vec<(&str, Option<BreakKind>)> = Vec::new();
                for (cut, hyph) in cuts {
                    pieces.push((&text[prev..cut], Some(hyph)));
                    prev = cut;
                }
                pieces.push((&text[prev..], None));
                for (piece, after) in pieces {
                    if !piece.is_empty() {
                        let glyphs = if literal {
                            self.shaper.shape_literal(*style, piece)
                        } else {
                            self.shaper.shape(*style, piece)
                        };
                        self.push_boxes(
                            glyphs,
                            size,
                            width,
                            color,
                            link.clone(),
                            word_id,
                            items,
                            frags,
                        );
                    }
                    if let Some(kind) = after {
                        push_break(kind, size, hyphen_w, &hyphen, color, word_id, items, frags);
                    }
                }
                offset += text.len();
                // A break exactly at the end of this part (between two parts).
                if bi < breaks.len() && breaks[bi].0 == offset {
                    let (_, kind) = breaks[bi];
                    bi += 1;
                    if !(kind == BreakKind::Hyphen && (mono(pi) || mono(pi + 1))) {
                        push_break(kind, size, hyphen_w, &hyphen, color, word_id, items, frags);
                    }
                }
            }
            full.into()
        };
        words.push((full, first_item, items.len().saturating_sub(1)));
    }

    /// The shaped hyphen of a style.
    fn hyphen(&mut self, style: Style) -> Rc<[Glyph]> {
        let slot = &mut self.hyphens[style.index()];
        if let Some(h) = slot {
            return h.clone();
        }
        let h = self.shaper.shape_literal(style, "-");
        self.hyphens[style.index()] = Some(h.clone());
        h
    }

    /// The break points of a word (with hyphenation as now), computed once per word.
    fn breaks_of(&mut self, word: &str) -> Rc<[(usize, BreakKind)]> {
        if let Some(b) = self.breaks[usize::from(self.hyphenate)].get(word) {
            return b.clone();
        }
        if word.chars().any(is_rtl) {
            self.rtl = true;
        }
        let b: Rc<[(usize, BreakKind)]> = self.break_points(word).into();
        self.breaks[usize::from(self.hyphenate)].insert(Box::from(word), b.clone());
        b
    }

    /// A word of one style shaped and cut at its break points, computed once per word,
    /// style and hyphenation setting.
    fn word_shape(&mut self, style: Style, text: &str) -> Rc<WordShape> {
        if style == Style::Mono && self.hyphenate {
            // Code is never hyphenated (a hyphen would read as part of it).
            self.hyphenate = false;
            let shape = self.word_shape(style, text);
            self.hyphenate = true;
            return shape;
        }
        if let Some(hit) = self.shapes[style.index()][usize::from(self.hyphenate)].get(text) {
            return hit.clone();
        }
        let breaks = self.breaks_of(text);
        let mut pieces = Vec::with_capacity(breaks.len() + 1);
        let mut prev = 0usize;
        let literal = is_address(text);
        let shape = |shaper: &mut Shaper<'_, '_>, piece: &str| {
            if literal {
                shaper.shape_literal(style, piece)
            } else {
                shaper.shape(style, piece)
            }
        };
        for &(cut, kind) in breaks.iter() {
            if cut > prev && cut < text.len() {
                let glyphs = shape(&mut self.shaper, &text[prev..cut]);
                pieces.push((glyphs, Some(kind)));
                prev = cut;
            }
        }
        let glyphs = if prev < text.len() {
            shape(&mut self.shaper, &text[prev..])
        } else {
            Rc::from(Vec::new())
        };
        pieces.push((glyphs, None));
        let shape = Rc::new(WordShape {
            text: text.into(),
            pieces,
        });
        self.shapes[style.index()][usize::from(self.hyphenate)]
            .insert(Box::from(text), shape.clone());
        shape
    }

    /// Boxes for shaped glyphs; a piece wider than the line is cut into line-wide chunks.
    #[allow(
        clippy::too_many_arguments,
        reason = "a private helper of the paragraph builder"
    )]
    fn push_boxes(
        &mut self,
        glyphs: Rc<[Glyph]>,
        size: f32,
        width: f32,
        color: Color,
        link: Option<Arc<str>>,
        word: usize,
        items: &mut Vec<Item>,
        frags: &mut Vec<Option<Frag>>,
    ) {
        let total: f32 = glyphs.iter().map(|g| g.advance).sum::<f32>() * size;
        if total <= width {
            items.push(Item::Box { width: total });
            let n = glyphs.len();
            frags.push(Some(Frag {
                glyphs,
                range: 0..n,
                color,
                link,
                word,
            }));
            return;
        }
        let mut start = 0;
        let mut w = 0.0f32;
        for i in 0..glyphs.len() {
            let gw = glyphs[i].advance * size;
            let boundary = i > start && glyphs[i].cluster != glyphs[i - 1].cluster;
            if w + gw > width && boundary {
                items.push(Item::Box { width: w });
                frags.push(Some(Frag {
                    glyphs: glyphs.clone(),
                    range: start..i,
                    color,
                    link: link.clone(),
                    word,
                }));
                items.push(Item::Penalty {
                    width: 0.0,
                    penalty: 0.0,
                    flagged: false,
                });
                frags.push(None);
                start = i;
                w = 0.0;
            }
            w += gw;
        }
        items.push(Item::Box { width: w });
        let n = glyphs.len();
        frags.push(Some(Frag {
            glyphs,
            range: start..n,
            color,
            link,
            word,
        }));
    }

    /// Break points inside a word, as byte offsets, in order: [`BreakKind::Hyphen`] at a
    /// hyphenation point (a hyphen is added), [`BreakKind::Explicit`] after an explicit
    /// hyphen (or a URL's slash), [`BreakKind::Cjk`] between CJK characters.
    ///
    /// One pass over the characters finds the explicit and CJK breaks and the runs of
    /// letters to hyphenate (every word of every paragraph comes through here once per
    /// part: it was a quarter of the seed's layout when it collected the characters first).
    fn break_points(&self, word: &str) -> Vec<(usize, BreakKind)> {
        let mut out = Vec::new();
        // URLs break after slashes; other words with slashes (base64) do not, so that they
        // are cut into full lines when too long.
        let url = is_url(word);
        // URLs and e-mail addresses get no hyphens (a hyphen would change them).
        let lang = self
            .setup
            .hyphenation
            .filter(|_| self.hyphenate && !url && !word.contains('@'));
        // The run of letters (not CJK) being read: its start, length in characters and
        // whether it has a lower-case letter (acronyms are not hyphenated).
        let mut run: Option<(usize, usize, bool)> = None;
        // The character before and whether it is CJK.
        let mut prev: Option<(char, bool)> = None;
        for (i, c) in word.char_indices() {
            let cjk = is_cjk(c);
            if let Some((a, a_cjk)) = prev {
                let slash = a == '/' && url;
                if (a == '-' || a == '\u{2010}' || slash) && c.is_alphanumeric() && i >= 2 {
                    out.push((i, BreakKind::Explicit));
                } else if (a_cjk || cjk) && !is_closing(c) && !is_opening(a) {
                    out.push((i, BreakKind::Cjk));
                }
            }
            prev = Some((c, cjk));
            if let Some(lang) = lang {
                if c.is_alphabetic() && !cjk {
                    let r = run.get_or_insert((i, 0, false));
                    r.1 += 1;
                    r.2 |= c.is_lowercase();
                } else if let Some(r) = run.take() {
                    hyphenate_run(word, lang, r, i, &mut out);
                }
            }
        }
        if let (Some(lang), Some(r)) = (lang, run) {
            hyphenate_run(word, lang, r, word.len(), &mut out);
        }
        out.sort_unstable();
        out.dedup_by_key(|b| b.0);
        out
    }

    /// Sets the items `start..=end` as one line with the given adjustment ratio; returns the
    /// natural width used.
    #[allow(
        clippy::too_many_arguments,
        reason = "a private helper of the paragraph builder"
    )]
    fn set_line(
        &mut self,
        items: &[Item],
        frags: &[Option<Frag>],
        words: &[(Rc<str>, usize, usize)],
        order: &[usize],
        end: usize,
        ratio: f32,
        size: f32,
        line: &mut Line,
    ) -> f32 {
        let start = order.iter().copied().min().unwrap_or(end);
        let mut x = 0.0f32;
        let mut run: Option<Run> = None;
        // How many glyphs the line still draws: a new run is sized for them, instead of
        // growing glyph by glyph (a line's run was copied five times on the way to 80).
        let mut glyphs_left: usize = order
            .iter()
            .filter_map(|&i| frags.get(i)?.as_ref())
            .map(|f| f.range.len())
            .sum();
        let mut open_word: Option<usize> = None;
        let mut link_open: Option<(f32, Arc<str>)> = None;
        // Where the open link's last word ended, when a space followed it: a link of several
        // words is one rectangle, but ends with its last word, not with the space after it.
        let mut link_end: Option<f32> = None;
        let close_link = |line: &mut Line, link_open: &mut Option<(f32, Arc<str>)>, x: f32| {
            if let Some((x0, url)) = link_open.take() {
                line.links.push((x0, x, url));
            }
        };
        // The items in drawing order, left to right: logical order unless the line holds
        // right-to-left text (see [`visual_order`]).
        for &i in order {
            let item = items[i];
            let is_break = i == end;
            match item {
                Item::Box { width } => {
                    let Some(frag) = &frags[i] else {
                        x += width;
                        continue;
                    };
                    // Words cut by a line break carry the whole word as /ActualText on their
                    // first line and nothing on the next, so they extract whole.
                    let (_, w_first, w_last) = frag.word_bounds(words);
                    let split = w_first < start || w_last > end;
                    if split && open_word != Some(frag.word) {
                        close_run(&mut line.ops, &mut run);
                        if open_word.is_some() {
                            line.ops.push(Op::EndActual);
                        }
                        let text = if w_first < start {
                            ""
                        } else {
                            &*words[frag.word].0
                        };
                        line.ops.push(Op::BeginActual(text.into()));
                        open_word = Some(frag.word);
                    } else if !split && open_word.is_some() {
                        close_run(&mut line.ops, &mut run);
                        line.ops.push(Op::EndActual);
                        open_word = None;
                    }
                    match (&link_open, &frag.link) {
                        (Some((_, a)), Some(b)) if Arc::ptr_eq(a, b) || a == b => {}
                        (_, Some(b)) => {
                            close_link(line, &mut link_open, link_end.unwrap_or(x));
                            link_open = Some((x, b.clone()));
                        }
                        (Some(_), None) => {
                            close_link(line, &mut link_open, link_end.unwrap_or(x));
                        }
                        (None, None) => {}
                    }
                    link_end = None;
                    for g in &frag.glyphs[frag.range.clone()] {
                        // A glyph with a text of its own is a span of its own.
                        let actual = g.actual.as_deref().filter(|_| open_word.is_none());
                        if let Some(actual) = actual {
                            close_run(&mut line.ops, &mut run);
                            line.ops.push(Op::BeginActual(actual.into()));
                        }
                        let (ops, color) = (&mut line.ops, frag.color);
                        push_glyph(ops, &mut run, g, x, size, color, glyphs_left);
                        if actual.is_some() {
                            close_run(&mut line.ops, &mut run);
                            line.ops.push(Op::EndActual);
                        }
                        x += g.advance * size;
                    }
                    glyphs_left = glyphs_left.saturating_sub(frag.range.len());
                }
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    if is_break {
                        // The space between the last word of a line and the first of the
                        // next is drawn after the line (invisible, taking no room), so that
                        // the text of the paragraph's structure element has it.
                        if let Some(frag) = &frags[i] {
                            if open_word.is_some() {
                                close_run(&mut line.ops, &mut run);
                                line.ops.push(Op::EndActual);
                                open_word = None;
                            }
                            close_link(line, &mut link_open, link_end.unwrap_or(x));
                            let color = run.as_ref().map_or(Color::Text, |r| r.color);
                            let mut gx = x;
                            for g in &frag.glyphs[frag.range.clone()] {
                                push_glyph(
                                    &mut line.ops,
                                    &mut run,
                                    g,
                                    gx,
                                    size,
                                    color,
                                    glyphs_left,
                                );
                                gx += g.advance * size;
                            }
                        }
                        continue;
                    }
                    // Glue inside a word (between CJK characters) keeps the word's span open.
                    if open_word.is_some() && frags[i].is_some() {
                        close_run(&mut line.ops, &mut run);
                        line.ops.push(Op::EndActual);
                        open_word = None;
                    }
                    if frags[i].is_some() && link_open.is_some() && link_end.is_none() {
                        link_end = Some(x);
                    }
                    let w = width
                        + if ratio >= 0.0 {
                            ratio * stretch.min(width * 4.0)
                        } else {
                            ratio * shrink
                        };
                    if let Some(frag) = &frags[i] {
                        // The space glyph, drawn with the justified width.
                        let glyphs = &frag.glyphs[frag.range.clone()];
                        glyphs_left = glyphs_left.saturating_sub(glyphs.len());
                        let natural: f32 = glyphs.iter().map(|g| g.advance).sum::<f32>() * size;
                        let scale = if natural > 0.0 { w / natural } else { 1.0 };
                        let color = run.as_ref().map_or(Color::Text, |r| r.color);
                        let mut gx = x;
                        for g in glyphs {
                            let mut g2 = g.clone();
                            g2.advance *= scale;
                            push_glyph(&mut line.ops, &mut run, &g2, gx, size, color, glyphs_left);
                            gx += g2.advance * size;
                        }
                    }
                    x += w;
                }
                Item::Penalty { width, .. } => {
                    if is_break
                        && width > 0.0
                        && let Some(frag) = &frags[i]
                    {
                        {
                            for g in &frag.glyphs[frag.range.clone()] {
                                push_glyph(
                                    &mut line.ops,
                                    &mut run,
                                    g,
                                    x,
                                    size,
                                    frag.color,
                                    glyphs_left,
                                );
                                x += g.advance * size;
                            }
                        }
                    }
                }
            }
        }
        close_run(&mut line.ops, &mut run);
        if open_word.is_some() {
            line.ops.push(Op::EndActual);
        }
        close_link(line, &mut link_open, link_end.unwrap_or(x));
        x
    }
}

impl Frag {
    fn word_bounds(&self, words: &[(Rc<str>, usize, usize)]) -> (usize, usize, usize) {
        words
            .get(self.word)
            .map_or((self.word, usize::MAX, 0), |w| (self.word, w.1, w.2))
    }
}

/// A place inside a word where a line may end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum BreakKind {
    /// A hyphenation point: a hyphen is added at the line end.
    Hyphen,
    /// After an explicit hyphen or slash: nothing is added.
    Explicit,
    /// Between CJK characters: a break with a little stretch for justification.
    Cjk,
}

/// Appends the item for a break inside a word.
#[allow(
    clippy::too_many_arguments,
    reason = "a private helper of the paragraph builder"
)]
fn push_break(
    kind: BreakKind,
    size: f32,
    hyphen_w: f32,
    hyphen: &Rc<[Glyph]>,
    color: Color,
    word: usize,
    items: &mut Vec<Item>,
    frags: &mut Vec<Option<Frag>>,
) {
    match kind {
        BreakKind::Hyphen => {
            items.push(Item::Penalty {
                width: hyphen_w,
                penalty: 50.0,
                flagged: true,
            });
            frags.push(Some(Frag {
                glyphs: hyphen.clone(),
                range: 0..hyphen.len(),
                color,
                link: None,
                word,
            }));
        }
        BreakKind::Explicit => {
            items.push(Item::Penalty {
                width: 0.0,
                penalty: 50.0,
                flagged: true,
            });
            frags.push(None);
        }
        BreakKind::Cjk => {
            items.push(Item::Glue {
                width: 0.0,
                stretch: size * 0.05,
                shrink: 0.0,
            });
            frags.push(None);
        }
    }
}

/// Appends a glyph at `x`, continuing the current run when font, size and colour match; a
/// new run has room for `cap` glyphs.
#[inline(always)]
fn push_glyph(
    ops: &mut Vec<Op>,
    run: &mut Option<Run>,
    g: &Glyph,
    x: f32,
    size: f32,
    color: Color,
    cap: usize,
) {
    // Code is drawn at a smaller size (its advances, in em of `size`, are scaled already).
    let run_size = size * crate::fonts::scale_of(g.font);
    let fits = run
        .as_ref()
        .is_some_and(|r| r.font == g.font && r.size == run_size && r.color == color);
    if !fits {
        close_run(ops, run);
        *run = Some(Run {
            font: g.font,
            size: run_size,
            color,
            x,
            glyphs: Vec::with_capacity(cap),
            head: -0.0,
        });
    }
    if let Some(r) = run {
        // The previous glyph's advance absorbs any gap up to this glyph. The sums are
        // formed in glyph order, as a fold over all advances would.
        if let Some(last) = r.glyphs.last_mut() {
            let pen = r.x + (r.head + last.1);
            last.1 += x - pen;
            r.head += last.1;
        } else {
            r.x = x;
        }
        r.glyphs
            .push((g.gid, g.advance * size, g.pdf_advance * size));
    }
}

fn close_run(ops: &mut Vec<Op>, run: &mut Option<Run>) {
    if let Some(r) = run.take()
        && !r.glyphs.is_empty()
    {
        ops.push(Op::Run(r));
    }
}

/// A line that draws nothing and takes no space.
pub(crate) fn empty_line() -> Line {
    Line {
        height: 0.0,
        ascent: 0.0,
        descent: 0.0,
        before: 0.0,
        ops: Vec::new(),
        links: Vec::new(),
        outline: None,
        keep: 0,
        page_break: false,
        elem: None,
    }
}

fn text_span(text: &str, style: Style) -> Span<'_> {
    Span {
        text: text.into(),
        style,
        link: None,
        newline: false,
    }
}

fn text_span_owned(text: String, style: Style) -> Span<'static> {
    Span {
        text: text.into(),
        style,
        link: None,
        newline: false,
    }
}

fn link_span<'t>(text: &'t str, url: &str) -> Span<'t> {
    Span {
        text: text.into(),
        style: Style::Regular,
        link: Some(url.into()),
        newline: false,
    }
}

/// The first `n` words of a text, with an ellipsis when cut.
fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        format!("{} …", words[..n].join(" "))
    }
}

/// Alternating runs of white space and other characters of a text, each with whether it is
/// white space.
struct SpaceRuns<'a>(&'a str);

impl<'a> Iterator for SpaceRuns<'a> {
    type Item = (&'a str, bool);

    fn next(&mut self) -> Option<Self::Item> {
        let mut chars = self.0.char_indices();
        let (_, first) = chars.next()?;
        let space = first.is_whitespace();
        let end = chars
            .find(|(_, c)| c.is_whitespace() != space)
            .map_or(self.0.len(), |(i, _)| i);
        let (run, rest) = self.0.split_at(end);
        self.0 = rest;
        Some((run, space))
    }
}

fn push_spans<'t>(
    content: &'t [Inline],
    style: Style,
    link: Option<Arc<str>>,
    marks: QuoteMarks,
    depth: usize,
    out: &mut Vec<Span<'t>>,
) {
    let span = |text: std::borrow::Cow<'t, str>, style: Style, link: &Option<Arc<str>>| Span {
        text,
        style,
        link: link.clone(),
        newline: false,
    };
    for inline in content {
        match inline {
            Inline::Text { text } => out.push(span(text.as_str().into(), style, &link)),
            Inline::Code { text } => out.push(span(text.as_str().into(), Style::Mono, &link)),
            Inline::Emphasis { content } | Inline::Title { content } => {
                let s = if style == Style::Italic {
                    Style::Regular
                } else {
                    Style::Italic
                };
                let s = if style == Style::Bold { Style::Bold } else { s };
                push_spans(content, s, link.clone(), marks, depth, out);
            }
            Inline::Strong { content } => {
                push_spans(content, Style::Bold, link.clone(), marks, depth, out)
            }
            Inline::Quote { content } => {
                let (open, close) = if depth.is_multiple_of(2) {
                    (marks.open, marks.close)
                } else {
                    (marks.inner_open, marks.inner_close)
                };
                out.push(span(open.into(), style, &link));
                push_spans(content, style, link.clone(), marks, depth + 1, out);
                out.push(span(close.into(), style, &link));
            }
            Inline::Link { url, content } => {
                push_spans(content, style, Some(url.as_str().into()), marks, depth, out)
            }
            Inline::Email { address } => {
                let url: Arc<str> = format!("mailto:{address}").into();
                out.push(span(address.as_str().into(), style, &Some(url)));
            }
            Inline::Event { description, .. } => {
                let s = if style == Style::Italic {
                    Style::Regular
                } else {
                    Style::Italic
                };
                out.push(span(format!("[{description}]").into(), s, &link));
            }
            Inline::LineBreak => out.push(Span {
                text: "".into(),
                style,
                link: None,
                newline: true,
            }),
            Inline::Timestamp { .. } | Inline::PageBreak => {}
        }
    }
}

/// Characters that are dropped before shaping: controls and invisible format characters
/// (bidi controls, zero-width characters, the byte order mark).
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c as u32, 0x00AD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF)
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '.'
            | ','
            | ')'
            | '”'
            | '’'
            | '…'
    )
}

fn is_opening(c: char) -> bool {
    matches!(c, '（' | '「' | '『' | '【' | '《' | '〈' | '(' | '“' | '‘')
}

/// Distributes lines over pages: page breaks where the text block is full, lines kept
/// together where widow, orphan and heading rules ask for it.
fn paginate(mut lines: Vec<Line>, setup: &PageSetup) -> Vec<Page> {
    let height = setup.text_height();
    let has_title = lines.iter().any(|l| l.page_break);
    let mut furniture = !has_title;
    let mut pages: Vec<Page> = Vec::new();
    let mut current: Vec<(Line, f32)> = Vec::new();
    let mut y = 0.0f32;
    let n = lines.len();
    for i in 0..n {
        let line = &lines[i];
        let (line_before, line_height, line_keep) = (line.before, line.height, line.keep);
        if line.page_break {
            pages.push(Page {
                lines: std::mem::take(&mut current),
                furniture,
            });
            furniture = true;
            y = 0.0;
            continue;
        }
        let on_title_page = !furniture;
        let at_top = current.is_empty() && y == 0.0;
        let before = if at_top && !on_title_page {
            0.0
        } else {
            line_before
        };
        if line.ops.is_empty() && line_height == 0.0 && line.outline.is_none() {
            // Pure vertical space; dropped at the top of a page.
            y += before;
            continue;
        }
        // Height needed for this line and the ones it must keep with.
        let mut need = before + line_height;
        let mut k = usize::from(line_keep);
        let mut j = i + 1;
        while k > 0 && j < n && j - i <= 12 {
            let next = &lines[j];
            if next.page_break {
                break;
            }
            need += next.before + next.height;
            if next.height > 0.0 {
                k = (k - 1).max(usize::from(next.keep));
            }
            j += 1;
        }
        if y + need > height && !current.is_empty() {
            pages.push(Page {
                lines: std::mem::take(&mut current),
                furniture,
            });
            furniture = true;
            y = 0.0;
        }
        let before = if current.is_empty() && !on_title_page {
            0.0
        } else {
            before
        };
        y += before + line_height;
        current.push((std::mem::replace(&mut lines[i], empty_line()), y));
    }
    if !current.is_empty() || pages.is_empty() {
        pages.push(Page {
            lines: current,
            furniture,
        });
    }
    // From the bottom of each line box to its baseline (half the leading above and below).
    for page in &mut pages {
        for (line, y) in &mut page.lines {
            *y -= line.descent + ((line.height - line.ascent - line.descent) / 2.0).max(0.0);
        }
    }
    pages
}

#[cfg(test)]
mod tests;
