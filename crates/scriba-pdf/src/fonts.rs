//! Fonts: the bundled DejaVu Serif family, fallback fonts from the options, glyph usage,
//! shaping with harfrust (HarfBuzz's Rust port; metrics from ttf-parser) and the Unicode
//! mapping of every glyph used.

use std::collections::{BTreeMap, BTreeSet};

use harfrust::{Buffer, Direction, ShapeOptions, ShapePlan, ShaperFont};
use rustc_hash::FxHashMap as HashMap;
use subsetter::GlyphRemapper;
use ttf_parser::Face;

/// DejaVu Serif Book (Bitstream Vera licence, see `fonts/LICENSE-DejaVu.txt`).
static SERIF_REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSerif.ttf");
/// DejaVu Serif Bold.
static SERIF_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSerif-Bold.ttf");
/// DejaVu Serif Italic.
static SERIF_ITALIC: &[u8] = include_bytes!("../fonts/DejaVuSerif-Italic.ttf");
/// DejaVu Sans Mono, for code.
pub(crate) static MONO: &[u8] = include_bytes!("../fonts/DejaVuSansMono.ttf");

/// The size of code relative to the text around it: DejaVu Sans Mono's x-height (1120
/// units) brought to DejaVu Serif's (1063), so that code does not look larger than its
/// words around it (a unit test measures both fonts).
pub(crate) const MONO_SCALE: f32 = 1063.0 / 1120.0;

/// The scale of glyphs of the font with this index (see [`MONO_SCALE`]).
pub(crate) fn scale_of(font: u8) -> f32 {
    if usize::from(font) == Style::Mono.index() {
        MONO_SCALE
    } else {
        1.0
    }
}

/// How many fonts are bundled (one per [`Style`]); fallback fonts follow them.
pub(crate) const BUNDLED: usize = 4;

/// The style of a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Style {
    /// Upright text.
    Regular,
    /// Bold text (speaker labels, headings, strong emphasis).
    Bold,
    /// Italic text (stage directions, work titles, emphasis).
    Italic,
    /// Monospaced text (code).
    Mono,
}

impl Style {
    /// 0, 1, 2, 3 for regular, bold, italic, mono (also the index of the bundled font).
    pub(crate) fn index(self) -> usize {
        match self {
            Style::Regular => 0,
            Style::Bold => 1,
            Style::Italic => 2,
            Style::Mono => 3,
        }
    }
}

/// One shaped glyph: the font it comes from, its glyph id in that font, its advance in em
/// and (rarely) a text that must be attached with `/ActualText` because the glyph's
/// ToUnicode entry says something else.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    /// Index into [`FontBook::fonts`].
    pub(crate) font: u8,
    /// The glyph id in the font file (the writer maps it to the subset's id).
    pub(crate) gid: u16,
    /// The shaped advance in em.
    pub(crate) advance: f32,
    /// The advance the PDF's `/W` array gives the glyph, in em.
    pub(crate) pdf_advance: f32,
    /// The byte offset of the glyph's cluster in the shaped text.
    pub(crate) cluster: u32,
    /// Text to attach with `/ActualText` (missing characters, ambiguous glyphs).
    pub(crate) actual: Option<Box<str>>,
}

/// A font in use: its data, its shaping face and what the document used of it.
pub(crate) struct Font<'a> {
    /// The font file.
    pub(crate) data: &'a [u8],
    /// The face for metrics, names and the character map.
    pub(crate) face: Face<'a>,
    /// The same font for shaping.
    shaping: harfrust::Font,
    /// Units per em.
    pub(crate) upem: f32,
    /// Original glyph ids to subset glyph ids, in order of first use.
    pub(crate) remapper: GlyphRemapper,
    /// Subset glyph id to the text it stands for.
    pub(crate) to_unicode: BTreeMap<u16, String>,
    /// Subset glyph id to original glyph id.
    pub(crate) originals: BTreeMap<u16, u16>,
}

impl<'a> Font<'a> {
    /// The font in `data`; `owned` is the same bytes for the shaper, which keeps them.
    pub(crate) fn new(data: &'a [u8], owned: impl Into<harfrust::font::Source>) -> Option<Self> {
        let face = Face::parse(data, 0).ok()?;
        let shaping = harfrust::Font::new(owned, 0)?;
        let upem = face.units_per_em().max(1) as f32;
        let mut remapper = GlyphRemapper::new();
        remapper.remap(0);
        Some(Self {
            data,
            face,
            shaping,
            upem,
            remapper,
            to_unicode: BTreeMap::new(),
            originals: BTreeMap::from([(0, 0)]),
        })
    }

    /// Whether any glyph besides `.notdef` was used.
    pub(crate) fn used(&self) -> bool {
        self.originals.len() > 1
    }

    /// The advance of an original glyph in em.
    fn advance_em(&self, gid: u16) -> f32 {
        f32::from(
            self.face
                .glyph_hor_advance(ttf_parser::GlyphId(gid))
                .unwrap_or(0),
        ) / self.upem
    }

    /// The `/W` width of an original glyph, in thousandths of an em to two decimals: close
    /// enough to the font's advance that glyphs need no position corrections but kerning.
    pub(crate) fn pdf_width(&self, gid: u16) -> f32 {
        (self.advance_em(gid) * 100_000.0).round() / 100.0
    }

    /// The text the ToUnicode map gives an original glyph, once a use has given it one.
    fn text_of(&self, gid: u16) -> Option<&str> {
        let cid = self.remapper.get(gid)?;
        self.to_unicode.get(&cid).map(String::as_str)
    }

    /// The subset glyph id of every original glyph id used (0 for the others).
    pub(crate) fn cid_table(&self) -> Vec<u16> {
        let len = self
            .originals
            .values()
            .max()
            .map_or(0, |&g| usize::from(g) + 1);
        let mut table = vec![0u16; len];
        for (&cid, &gid) in &self.originals {
            table[usize::from(gid)] = cid;
        }
        table
    }

    /// Ascender in em.
    pub(crate) fn ascender(&self) -> f32 {
        f32::from(self.face.ascender()) / self.upem
    }

    /// Descender in em (negative).
    pub(crate) fn descender(&self) -> f32 {
        f32::from(self.face.descender()) / self.upem
    }

    /// The PostScript name, or a generic one, restricted to characters allowed in a PDF name.
    pub(crate) fn postscript_name(&self, index: usize) -> String {
        let name = self
            .face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_default();
        let clean: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(60)
            .collect();
        if clean.is_empty() {
            format!("Font{index}")
        } else {
            clean
        }
    }
}

/// Every font of a document: bundled regular, bold, italic and mono, then the fallback
/// fonts, with what the document used of them.
///
/// Text is shaped by [`Shaper`]s that only read the book, so that paragraphs can be set on
/// several threads; what a shaper used is merged into the book in document order
/// ([`FontBook::merge`]), which makes the subset ids and ToUnicode texts those of setting
/// the whole document in order.
pub(crate) struct FontBook<'a> {
    /// The fonts; index 0–3 are the bundled styles (see [`Style::index`]).
    pub(crate) fonts: Vec<Font<'a>>,
    /// Characters no font has.
    pub(crate) missing: BTreeSet<char>,
    /// Fallback fonts that could not be read (their index in the options).
    pub(crate) unreadable: Vec<usize>,
}

impl<'a> FontBook<'a> {
    /// The bundled family plus the given fallback fonts (unreadable ones are skipped and
    /// recorded).
    pub(crate) fn new(fallbacks: &'a [Vec<u8>]) -> Self {
        let mut fonts = Vec::new();
        for data in [SERIF_REGULAR, SERIF_BOLD, SERIF_ITALIC, MONO] {
            // The bundled fonts are part of the crate and always parse (tested).
            if let Some(font) = Font::new(data, data) {
                fonts.push(font);
            }
        }
        let mut unreadable = Vec::new();
        for (i, data) in fallbacks.iter().enumerate() {
            // The shaper keeps its own copy of a font that is not `'static`.
            match Font::new(data, data.clone()) {
                Some(font) => fonts.push(font),
                None => unreadable.push(i),
            }
        }
        Self {
            fonts,
            missing: BTreeSet::new(),
            unreadable,
        }
    }

    /// The font for a style (the regular font stands in if a bundled style is absent).
    pub(crate) fn font(&self, style: Style) -> &Font<'a> {
        let i = style.index();
        &self.fonts[if i < self.fonts.len() { i } else { 0 }]
    }

    /// A shaper that reads this book as it is now.
    pub(crate) fn shaper(&self) -> Shaper<'_, 'a> {
        Shaper {
            book: self,
            usage: Usage {
                fonts: self.fonts.iter().map(|_| FontUsage::default()).collect(),
                missing: BTreeSet::new(),
            },
            plans: self.fonts.iter().map(|_| BTreeMap::new()).collect(),
            shapers: self.fonts.iter().map(|_| None).collect(),
            cache: Default::default(),
            font_of: HashMap::default(),
            buffer: Buffer::new(),
            runs: Vec::new(),
            clusters: Vec::new(),
            display: Vec::new(),
        }
    }

    /// Whether a shaper's decisions hold for the book as it is now: every glyph it gave a
    /// ToUnicode text has no other text in the book. A shaper made before earlier text was
    /// merged may have seen a glyph first that the earlier text used for something else.
    pub(crate) fn consistent(&self, usage: &Usage) -> bool {
        self.fonts.iter().zip(&usage.fonts).all(|(font, used)| {
            used.texts
                .iter()
                .all(|(&gid, text)| font.text_of(gid).is_none_or(|known| known == text))
        })
    }

    /// Records what a shaper used: glyphs in order of first use, their texts, missing
    /// characters. Merging the shapers of consecutive text in order gives the book that
    /// shaping the whole text with one shaper would.
    pub(crate) fn merge(&mut self, usage: Usage) {
        for (font, used) in self.fonts.iter_mut().zip(usage.fonts) {
            for gid in used.order {
                let cid = font.remapper.remap(gid);
                font.originals.insert(cid, gid);
            }
            for (gid, text) in used.texts {
                let cid = font.remapper.remap(gid);
                font.to_unicode.entry(cid).or_insert(text);
            }
        }
        self.missing.extend(usage.missing);
    }
}

/// What a [`Shaper`] used of the fonts, to be merged into the book.
#[derive(Default)]
pub(crate) struct Usage {
    /// Per font.
    fonts: Vec<FontUsage>,
    /// Characters no font has.
    missing: BTreeSet<char>,
}

/// What a shaper used of one font.
#[derive(Default)]
struct FontUsage {
    /// Original glyph ids in order of first use.
    order: Vec<u16>,
    /// Which glyph ids are in `order` (indexed by glyph id).
    seen: Vec<bool>,
    /// Texts of glyphs that had none in the book, from their first use.
    texts: BTreeMap<u16, String>,
}

/// Shapes text with the fonts of a book, which it only reads; results are cached per text
/// and style.
pub(crate) struct Shaper<'b, 'a> {
    book: &'b FontBook<'a>,
    usage: Usage,
    /// Shape plans per font and (script tag, right-to-left).
    plans: Vec<BTreeMap<(u32, bool), ShapePlan>>,
    /// Each font prepared for shaping, once it is used.
    shapers: Vec<Option<ShaperFont<'b, 'static>>>,
    /// Shaped text, one map per style (see [`Style::index`]).
    cache: [HashMap<Box<str>, std::rc::Rc<[Glyph]>>; BUNDLED],
    /// Which font has a character, per style (see [`Shaper::font_for`]).
    font_of: HashMap<(Style, char), Option<usize>>,
    /// A buffer reused between shaping calls.
    buffer: Buffer,
    /// Scratch space reused between shaping calls: runs of one font, cluster starts, how
    /// characters are shown.
    runs: Vec<(Option<usize>, usize, usize)>,
    clusters: Vec<u32>,
    display: Vec<(usize, Option<char>)>,
}

impl<'b, 'a> Shaper<'b, 'a> {
    /// The book shaped from.
    pub(crate) fn book(&self) -> &'b FontBook<'a> {
        self.book
    }

    /// What was used, for [`FontBook::merge`].
    pub(crate) fn finish(self) -> Usage {
        self.usage
    }

    /// Records the use of an original glyph standing for `text`; returns whether the glyph
    /// needs `/ActualText` (its ToUnicode entry stands for other text).
    fn use_glyph(&mut self, fi: usize, gid: u16, text: &str) -> bool {
        let used = &mut self.usage.fonts[fi];
        let g = usize::from(gid);
        if used.seen.len() <= g {
            used.seen.resize(g + 1, false);
        }
        if !used.seen[g] {
            used.seen[g] = true;
            used.order.push(gid);
        }
        if gid == 0 || text.is_empty() {
            return gid == 0 && !text.is_empty();
        }
        let known = match self.book.fonts[fi].text_of(gid) {
            Some(known) => known,
            None => match used.texts.get(&gid) {
                Some(known) => known.as_str(),
                None => {
                    used.texts.insert(gid, text.to_owned());
                    return false;
                }
            },
        };
        known != text
    }

    /// Which font has the character: the style's font, then the regular one, then the
    /// fallbacks in order. `None` when none has it.
    fn font_for(&mut self, style: Style, c: char) -> Option<usize> {
        if let Some(&known) = self.font_of.get(&(style, c)) {
            return known;
        }
        let fonts = &self.book.fonts;
        let primary = style.index().min(fonts.len().saturating_sub(1));
        let has = |i: usize| fonts[i].face.glyph_index(c).is_some();
        let found = if has(primary) {
            Some(primary)
        } else if primary != 0 && has(0) {
            Some(0)
        } else {
            (BUNDLED..fonts.len()).find(|&i| has(i))
        };
        self.font_of.insert((style, c), found);
        found
    }

    /// Shapes `text` (no white space inside) in `style`, as words of running text are set:
    /// apostrophes and dashes typeset (see [`shown`]) except in code. Results are cached
    /// per text.
    pub(crate) fn shape(&mut self, style: Style, text: &str) -> std::rc::Rc<[Glyph]> {
        if let Some(hit) = self.cache[style.index()].get(text) {
            return hit.clone();
        }
        let typographic = style != Style::Mono && typographic(text);
        let glyphs: std::rc::Rc<[Glyph]> = self.shape_uncached(style, text, typographic).into();
        self.cache[style.index()].insert(Box::from(text), glyphs.clone());
        glyphs
    }

    /// Shapes `text` character for character, not cached: for a hyphen added at a line
    /// end, and for addresses, which must show what they are.
    pub(crate) fn shape_literal(&mut self, style: Style, text: &str) -> std::rc::Rc<[Glyph]> {
        self.shape_uncached(style, text, false).into()
    }

    fn shape_uncached(&mut self, style: Style, text: &str, typographic: bool) -> Vec<Glyph> {
        let mut out = Vec::with_capacity(text.len());
        if self.book.fonts.is_empty() {
            return out;
        }
        let primary = style.index().min(self.book.fonts.len() - 1);
        // Split into runs of one font; characters no font has become runs of their own.
        let mut runs = std::mem::take(&mut self.runs);
        runs.clear();
        // How each character is shown (typographic punctuation where a font has it), decided
        // once here for the runs and their shaping.
        let mut display = std::mem::take(&mut self.display);
        display.clear();
        if typographic {
            let mut merged_shown = true;
            for (i, source) in text.char_indices() {
                let shown = match shown(text, i, source) {
                    Some(shown) if shown != source => {
                        merged_shown = self.font_for(style, shown).is_some();
                        if merged_shown {
                            Some(shown)
                        } else {
                            Some(source)
                        }
                    }
                    // Merged into the character before (`--` as one dash), if that is shown.
                    None if merged_shown => None,
                    _ => Some(source),
                };
                display.push((i, shown));
            }
        }
        for (k, (i, source)) in text.char_indices().enumerate() {
            let end = i + source.len_utf8();
            let c = match display.get(k) {
                None => source,
                Some(&(_, Some(shown))) => shown,
                Some(&(_, None)) => {
                    // A merged character joins the run of the one it is merged into.
                    if let Some(last) = runs.last_mut() {
                        last.2 = end;
                    }
                    continue;
                }
            };
            let font = if is_mark(c) {
                match runs.last().and_then(|r| r.0) {
                    Some(f) => Some(f),
                    None => self.font_for(style, c),
                }
            } else {
                self.font_for(style, c)
            };
            if font.is_none() {
                self.usage.missing.insert(c);
            }
            match runs.last_mut() {
                Some(last) if last.0 == font && font.is_some() => last.2 = end,
                _ => runs.push((font, i, end)),
            }
        }
        // A right-to-left word is drawn from its last run to its first (each run's glyphs
        // come from the shaper in drawing order): `سامي:` with the colon from another font.
        let rtl = strong_direction(text) == Some(true);
        if rtl {
            runs.reverse();
        }
        for &(font, start, end) in &runs {
            let piece = &text[start..end];
            match font {
                None => out.push(self.notdef(primary, piece, start)),
                Some(fi) => self.shape_run(fi, start..end, piece, &display, rtl, &mut out),
            }
        }
        self.runs = runs;
        self.display = display;
        out
    }

    /// The missing glyph of font `fi` standing for `text` (at byte `cluster` of the text
    /// being shaped), which it carries as `/ActualText`.
    fn notdef(&mut self, fi: usize, text: &str, cluster: usize) -> Glyph {
        let advance = self.book.fonts[fi].advance_em(0) * scale_of(fi as u8);
        self.use_glyph(fi, 0, text);
        Glyph {
            font: fi as u8,
            gid: 0,
            advance,
            pdf_advance: advance,
            cluster: cluster as u32,
            actual: Some(text.into()),
        }
    }

    /// Shapes `piece`, the bytes `range` of the text being shaped, with font `fi`. `display`
    /// says how each character of the text is shown (empty: as itself; see [`shown`]). In a
    /// right-to-left word (`rtl`) a run without letters or digits of its own (brackets,
    /// stops) is right to left too, so that its brackets are mirrored and its characters
    /// drawn from the right.
    #[allow(
        clippy::too_many_arguments,
        reason = "a private helper of shape_uncached"
    )]
    fn shape_run(
        &mut self,
        fi: usize,
        range: std::ops::Range<usize>,
        piece: &str,
        display: &[(usize, Option<char>)],
        rtl: bool,
        out: &mut Vec<Glyph>,
    ) {
        let offset = range.start;
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        if display.is_empty() {
            buffer.push_str(piece);
        } else {
            // A character shown as another keeps its own text as its cluster, so that the
            // glyph stands for the source text in ToUnicode and `/ActualText`.
            for &(i, shown) in display.iter().filter(|d| range.contains(&d.0)) {
                if let Some(shown) = shown {
                    buffer.push(u32::from(shown), (i - offset) as u32);
                }
            }
        }
        buffer.guess_segment_properties();
        if rtl && !piece.chars().any(char::is_alphanumeric) {
            buffer.set_direction(Direction::RightToLeft);
        }
        let rtl = buffer.direction() == Direction::RightToLeft;
        let script = buffer.script();
        let book = self.book;
        let font = &book.fonts[fi];
        let key = (
            script.map_or(0, |s| u32::from_be_bytes(s.tag().to_be_bytes())),
            rtl,
        );
        let plan = self.plans[fi].entry(key).or_insert_with(|| {
            ShapePlan::new(&font.shaping, buffer.direction(), script, None, &[])
        });
        let shaper = self.shapers[fi].get_or_insert_with(|| ShaperFont::new(&font.shaping));
        if harfrust::shape(shaper, &mut buffer, ShapeOptions::new().plan(Some(plan))).is_err() {
            // Only a plan that does not fit the buffer fails, which cannot happen here; the
            // text would show as a missing glyph and still copy as written.
            out.push(self.notdef(fi, piece, offset));
            self.buffer = buffer;
            return;
        }
        let infos = buffer.glyph_infos();
        let positions = buffer.glyph_positions();
        // Cluster boundaries, so that every glyph knows the text it stands for.
        let mut clusters = std::mem::take(&mut self.clusters);
        clusters.clear();
        clusters.extend(infos.iter().map(|g| g.cluster));
        clusters.sort_unstable();
        clusters.dedup();
        let first_of_cluster =
            |idx: usize| idx == 0 || infos[idx - 1].cluster != infos[idx].cluster;
        let scale = scale_of(fi as u8);
        for (idx, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let c_start = info.cluster as usize;
            let next = clusters.partition_point(|&c| c <= info.cluster);
            let c_end = clusters.get(next).map_or(piece.len(), |&c| c as usize);
            let cluster_text = piece.get(c_start..c_end).unwrap_or("");
            // Glyphs of one cluster are adjacent in the shaped output.
            let same = |j: usize| infos[j].cluster == info.cluster;
            let glyphs_in_cluster = (idx..infos.len()).take_while(|&j| same(j)).count()
                + (0..idx).rev().take_while(|&j| same(j)).count();
            let gid = u16::try_from(info.glyph_id).unwrap_or(0);
            // A glyph that is its cluster maps to the cluster's text in ToUnicode. Clusters
            // of several glyphs (a base and a mark) and missing glyphs carry their text with
            // `/ActualText` on the first glyph and nothing on the others.
            let multi = glyphs_in_cluster > 1;
            let first = first_of_cluster(idx);
            let ambiguous = self.use_glyph(fi, gid, if multi { "" } else { cluster_text });
            let actual = if multi || gid == 0 {
                Some(Box::from(if first { cluster_text } else { "" }))
            } else if ambiguous {
                Some(Box::from(cluster_text))
            } else {
                None
            };
            if gid == 0 {
                for c in cluster_text.chars() {
                    self.usage.missing.insert(c);
                }
            }
            out.push(Glyph {
                font: fi as u8,
                gid,
                advance: pos.x_advance as f32 / font.upem * scale,
                pdf_advance: font.pdf_width(gid) / 1000.0 * scale,
                cluster: (offset + c_start) as u32,
                actual,
            });
        }
        self.buffer = buffer;
        self.clusters = clusters;
    }
}

/// Whether `word` may have punctuation that typesetting shows otherwise (see [`shown`]):
/// an apostrophe, an ellipsis written as three full stops, or a dash written with hyphens.
fn typographic(word: &str) -> bool {
    word.contains('\'') || (word.contains('.') && word.contains("...")) || is_dash(word)
}

/// Whether a word is a dash written with hyphens: `-`, `--` or `---` between spaces.
fn is_dash(word: &str) -> bool {
    matches!(word, "-" | "--" | "---")
}

/// How the character at byte `i` of `word` is shown: an apostrophe between a letter or
/// digit and a letter as U+2019 (`don’t`, `OpenAI’s`, `l’homme`, `rock’n’roll`; one at the
/// start or end of a word may be a single quote and stays as written), three full stops as
/// an ellipsis `…`, a word `-` or `--` as an en dash and `---` as an em dash. Characters
/// merged into the one before (the further stops and hyphens) are shown as nothing,
/// `None`; anything else as itself. The text a reader copies stays the source's: the
/// glyph stands for the source characters.
fn shown(word: &str, i: usize, c: char) -> Option<char> {
    match c {
        '\'' if word[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && word[i + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic) =>
        {
            Some('\u{2019}')
        }
        '.' => {
            // Exactly three stops in a row: the first shows the ellipsis.
            let before = word[..i].bytes().rev().take_while(|&b| b == b'.').count();
            let from = word[i..].bytes().take_while(|&b| b == b'.').count();
            match (before + from, before) {
                (3, 0) => Some('\u{2026}'),
                (3, _) => None,
                _ => Some(c),
            }
        }
        '-' if is_dash(word) => (i == 0).then_some(if word.len() == 3 {
            '\u{2014}'
        } else {
            '\u{2013}'
        }),
        _ => Some(c),
    }
}

/// Whether a character is of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko,
/// and the right-to-left blocks beyond the BMP).
pub(crate) fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// The direction of the first strong (letter) character of `text`, `Some(true)` for right
/// to left; `None` without one (UAX #9, rules P2 and P3, without explicit embeddings).
pub(crate) fn strong_direction(text: &str) -> Option<bool> {
    text.chars()
        .find(|&c| is_rtl(c) || c.is_alphabetic())
        .map(is_rtl)
}

/// Whether a character is a combining mark that stays with its base character's font.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests;
