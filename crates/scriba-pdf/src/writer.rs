//! Writing the PDF objects: pages and content streams, subset Type 0 fonts with ToUnicode
//! maps, the outline, link annotations, Info and XMP metadata, and a content-derived `/ID`.

use std::fmt::Write as _;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use scriba_core::Transcript;

use crate::PdfOptions;
use crate::fonts::FontBook;
use crate::layout::{Color, Laid, Line, Op, PageSetup, Run, empty_line};

/// Writes the laid-out document as PDF bytes.
pub(crate) fn write(
    doc: &Transcript,
    opts: &PdfOptions,
    setup: &PageSetup,
    laid: &Laid,
    book: &FontBook<'_>,
) -> Result<Vec<u8>, String> {
    let mut pdf = Document::with_version("1.7");
    let mut hasher = Hasher::new();
    let mut deferred = Deferred::default();
    let pages_id = pdf.new_object_id();

    // Fonts first: every glyph is known once the layout is done.
    let mut font_refs: Vec<(usize, ObjectId)> = Vec::new();
    // The one-byte encoding CMap, written once for all the fonts that use it.
    let mut one_byte_cmap: Option<ObjectId> = None;
    for (i, font) in book.fonts.iter().enumerate() {
        if !font.used() {
            continue;
        }
        let id = write_font(&mut pdf, font, i, &mut deferred, &mut one_byte_cmap);
        font_refs.push((i, id));
    }
    let mut font_dict = Dictionary::new();
    for (i, id) in &font_refs {
        font_dict.set(format!("F{i}"), Object::Reference(*id));
    }
    let resources = pdf.add_object(Dictionary::from_iter([(
        "Font",
        Object::Dictionary(font_dict),
    )]));

    let mut page_ids = Vec::new();
    let mut content_ids = Vec::new();
    let mut outline: Vec<(String, u8, usize, f32)> = Vec::new();
    // Every link annotation in document order, and per page where its text is: (line,
    // start, end, index of the annotation).
    let mut links: Vec<ObjectId> = Vec::new();
    let mut page_links: Vec<Vec<PageLink>> = Vec::with_capacity(laid.pages.len());
    let m = &setup.margins;
    for (pi, page) in laid.pages.iter().enumerate() {
        let mut annots = Vec::new();
        let mut on_page = Vec::new();
        for (li, (line, baseline)) in page.lines.iter().enumerate() {
            let y = setup.height - m.top - baseline;
            if let Some((title, level)) = &line.outline {
                outline.push((title.clone(), *level, pi, y + line.ascent + 4.0));
            }
            for (x0, x1, url) in &line.links {
                let rect = vec![
                    Object::Real(round2(m.left + x0)),
                    Object::Real(round2(y - line.descent)),
                    Object::Real(round2(m.left + x1)),
                    Object::Real(round2(y + line.ascent)),
                ];
                let action = Dictionary::from_iter([
                    ("S", Object::Name(b"URI".to_vec())),
                    (
                        "URI",
                        Object::String(ascii_uri(url).into_bytes(), StringFormat::Literal),
                    ),
                ]);
                let mut annot = Dictionary::from_iter([
                    ("Type", Object::Name(b"Annot".to_vec())),
                    ("Subtype", Object::Name(b"Link".to_vec())),
                    ("Rect", Object::Array(rect)),
                    ("Border", Object::Array(vec![0.into(), 0.into(), 0.into()])),
                    ("A", Object::Dictionary(action)),
                ]);
                if setup.tagged {
                    // Its `Link` structure element (see `write_structure`) is found through
                    // the parent tree, after the pages' keys.
                    let key = laid.pages.len() + links.len();
                    annot.set("StructParent", Object::Integer(key as i64));
                    annot.set("Contents", text_string(url));
                }
                let id = pdf.add_object(annot);
                annots.push(Object::Reference(id));
                on_page.push(PageLink {
                    line: li,
                    x0: *x0,
                    x1: *x1,
                    index: links.len() as u32,
                });
                links.push(id);
            }
        }
        page_links.push(on_page);
        // The content stream is drawn and compressed later, on all cores.
        let content_id = pdf.new_object_id();
        content_ids.push(content_id);
        let mut page_dict = Dictionary::from_iter([
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference(pages_id)),
            (
                "MediaBox",
                Object::Array(vec![
                    0.into(),
                    0.into(),
                    Object::Real(round2(setup.width)),
                    Object::Real(round2(setup.height)),
                ]),
            ),
            ("Resources", Object::Reference(resources)),
            ("Contents", Object::Reference(content_id)),
        ]);
        if setup.tagged {
            // The key of the page's marked content in the structure tree's parent tree.
            page_dict.set("StructParents", Object::Integer(pi as i64));
            page_dict.set("Tabs", Object::Name(b"S".to_vec()));
        }
        if !annots.is_empty() {
            page_dict.set("Annots", Object::Array(annots));
        }
        page_ids.push(pdf.add_object(page_dict));
    }
    // Fonts, ToUnicode maps and page contents: drawn and compressed in parallel, each on
    // its own, then hashed and inserted in order.
    let codes = Codes {
        cids: book
            .fonts
            .iter()
            .map(crate::fonts::Font::cid_table)
            .collect(),
        one_byte: book.fonts.iter().map(one_byte).collect(),
    };
    let jobs: Vec<Job<'_>> = deferred
        .0
        .iter()
        .map(|(_, s, font)| match font {
            Some(i) => Job::Subset(*i),
            None => Job::Stream(&s.content),
        })
        .chain((0..laid.pages.len()).map(Job::Page))
        .collect();
    // Threads only when there is enough to subset, draw and compress (more than about five
    // pages; a font counts as much as its data).
    let work: usize = jobs
        .iter()
        .map(|job| match *job {
            Job::Stream(bytes) => bytes.len(),
            Job::Subset(i) => book.fonts[i].data.len() / 20,
            Job::Page(_) => 20_000,
        })
        .sum();
    let done = crate::parallel_map(&jobs, work >= 100_000, |job| {
        // The compressed stream, its length before compression, and, for a page, the
        // structure element of each MCID.
        let (compressed, raw, mcids) = match *job {
            Job::Stream(bytes) => (deflate(bytes), bytes.len(), Vec::new()),
            Job::Subset(i) => {
                let subset = subsetter::subset(book.fonts[i].data, 0, &book.fonts[i].remapper)
                    .map_err(|e| format!("cannot subset font {i}: {e}"))?;
                (deflate(&subset), subset.len(), Vec::new())
            }
            Job::Page(pi) => {
                let on_page = page_links.get(pi).map_or(&[][..], Vec::as_slice);
                let (content, mcids) = page_content(laid, setup, &codes, on_page, pi);
                (deflate(&content), content.len(), mcids)
            }
        };
        // Each stream's digest is computed on its thread; the document's combines them.
        let digest = {
            let mut h = Hasher::new();
            h.write(&compressed);
            h.finish()
        };
        Ok((compressed, raw, digest, mcids))
    });
    let done: Vec<_> = done.into_iter().collect::<Result<_, String>>()?;
    let mut done = done.into_iter();
    for ((id, mut stream, font), (compressed, raw, digest, _)) in
        deferred.0.into_iter().zip(done.by_ref())
    {
        hasher.write(&digest);
        // A TrueType font file says how long it is uncompressed.
        if font.is_some_and(|i| book.fonts[i].face.tables().cff.is_none()) {
            stream.dict.set("Length1", Object::Integer(raw as i64));
        }
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(compressed);
        pdf.objects.insert(id, Object::Stream(stream));
    }
    let mut marked: Vec<Vec<Marked>> = Vec::with_capacity(laid.pages.len());
    for (id, (compressed, _, digest, mcids)) in content_ids.into_iter().zip(done) {
        marked.push(mcids);
        hasher.write(&digest);
        let mut stream = Stream::new(Dictionary::new(), compressed);
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        pdf.objects.insert(id, Object::Stream(stream));
    }
    let kids: Vec<Object> = page_ids.iter().map(|id| Object::Reference(*id)).collect();
    pdf.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Count", Object::Integer(page_ids.len() as i64)),
            ("Kids", Object::Array(kids)),
        ])),
    );

    let mut catalog = Dictionary::from_iter([
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages_id)),
        (
            "ViewerPreferences",
            Object::Dictionary(Dictionary::from_iter([(
                "DisplayDocTitle",
                Object::Boolean(true),
            )])),
        ),
    ]);
    let mut raw = Vec::new();
    if setup.tagged {
        // A tagged PDF: paragraphs and headings in a structure tree, furniture as artifacts.
        let (structure, objects) = write_structure(&mut pdf, laid, &page_ids, &marked, &links);
        raw = objects;
        catalog.set("StructTreeRoot", Object::Reference(structure));
        catalog.set(
            "MarkInfo",
            Object::Dictionary(Dictionary::from_iter([("Marked", Object::Boolean(true))])),
        );
    }
    let lang = language_tag(doc);
    catalog.set(
        "Lang",
        Object::String(lang.as_bytes().to_vec(), StringFormat::Literal),
    );
    if let Some(outlines) = write_outline(&mut pdf, &outline, &page_ids) {
        catalog.set("Outlines", Object::Reference(outlines));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    let (info, xmp) = metadata(doc, opts);
    hasher.write(xmp.as_bytes());
    let mut xmp_stream = Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp.into_bytes(),
    );
    xmp_stream.allows_compression = false;
    catalog.set("Metadata", Object::Reference(pdf.add_object(xmp_stream)));
    let catalog_id = pdf.add_object(catalog);
    let info_id = pdf.add_object(info);
    pdf.trailer.set("Root", Object::Reference(catalog_id));
    pdf.trailer.set("Info", Object::Reference(info_id));
    let id = hasher.finish();
    pdf.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.to_vec(), StringFormat::Hexadecimal),
            Object::String(id.to_vec(), StringFormat::Hexadecimal),
        ]),
    );
    // A classic cross-reference table: lopdf's object streams make the file 5–10 % smaller
    // but took a fifth of the export's time for the seed (docs/pdf.md).
    Ok(serialize::save(&pdf, raw))
}

/// Streams to be compressed: each has its object id from where it was written, so the
/// numbering of the objects does not depend on when (or on which thread) they are compressed.
/// A font file's stream is empty until the font is subset, with the other streams.
#[derive(Default)]
struct Deferred(Vec<(ObjectId, Stream, Option<usize>)>);

impl Deferred {
    /// Allocates the stream's object id now; the object is inserted once compressed.
    fn add(&mut self, pdf: &mut Document, stream: Stream) -> ObjectId {
        let id = pdf.new_object_id();
        self.0.push((id, stream, None));
        id
    }

    /// Allocates the object id of the file of font `index`, subset and compressed later.
    fn add_font_file(&mut self, pdf: &mut Document, dict: Dictionary, index: usize) -> ObjectId {
        let id = pdf.new_object_id();
        self.0
            .push((id, Stream::new(dict, Vec::new()), Some(index)));
        id
    }
}

/// Work for the threads of [`crate::parallel_map`].
enum Job<'a> {
    /// Compress these bytes.
    Stream(&'a [u8]),
    /// Subset this font and compress the subset.
    Subset(usize),
    /// Draw and compress the content stream of this page.
    Page(usize),
}

/// The content stream of a page (furniture, then its lines) and the structure element of
/// each of its marked-content sequences, by MCID.
fn page_content(
    laid: &Laid,
    setup: &PageSetup,
    codes: &Codes,
    links: &[PageLink],
    pi: usize,
) -> (Vec<u8>, Vec<Marked>) {
    let m = &setup.margins;
    let mut content = Content::default();
    let Some(page) = laid.pages.get(pi) else {
        return (content.0, Vec::new());
    };
    if page.furniture {
        furniture(&mut content, laid, setup, codes, pi);
    }
    content.push_str("BT\n");
    let mut state = TextState::new(codes);
    state.roles = &laid.roles;
    state.links = links;
    for (li, (line, baseline)) in page.lines.iter().enumerate() {
        let y = setup.height - m.top - baseline;
        state.line = li;
        draw_line(&mut content, line, m.left, y, &mut state);
    }
    state.enter(&mut content, None);
    content.push_str("ET\n");
    (content.0, state.mcids)
}

/// Writes the structure tree: a `Document` element with one element per paragraph (its role
/// from the layout), each pointing at its marked content on every page, with a `Link`
/// element for the text of each link annotation (and the annotation itself); and the parent
/// tree from each page's MCIDs, then from each link annotation, back to the elements.
/// Returns the tree's root and the objects, already serialised: a long transcript has
/// thousands of elements and tens of thousands of MCIDs, which as lopdf objects took
/// milliseconds to build.
fn write_structure(
    pdf: &mut Document,
    laid: &Laid,
    page_ids: &[ObjectId],
    by_page: &[Vec<Marked>],
    links: &[ObjectId],
) -> (ObjectId, Vec<(ObjectId, Vec<u8>)>) {
    use serialize::{push_i64, push_ref};
    let root_id = pdf.new_object_id();
    let doc_id = pdf.new_object_id();
    // The marked content of every element: (page index, MCID, what it is), in document order.
    let mut contents: Vec<Vec<(usize, i64, Kid)>> = vec![Vec::new(); laid.roles.len()];
    for (pi, marked) in by_page.iter().enumerate() {
        for (mcid, &(elem, kid)) in marked.iter().enumerate() {
            if let Some(c) = contents.get_mut(elem as usize) {
                c.push((pi, mcid as i64, kid));
            }
        }
    }
    // A marked-content item of a `K` array: the MCID, or a reference when on another page.
    let push_mcid = |o: &mut Vec<u8>, pi: usize, mcid: i64, own_page: usize| match page_ids
        .get(pi)
        .filter(|_| pi != own_page)
    {
        Some(&page) => {
            o.extend_from_slice(b"<</Type/MCR/Pg ");
            push_ref(o, page);
            o.extend_from_slice(b"/MCID ");
            push_i64(o, mcid);
            o.extend_from_slice(b">>");
        }
        None => push_i64(o, mcid),
    };
    let mut objects = Vec::with_capacity(laid.roles.len() + 2);
    // The element of each MCID (by page) and of each link annotation.
    let mut parents: Vec<Vec<Option<ObjectId>>> =
        by_page.iter().map(|m| vec![None; m.len()]).collect();
    let mut link_parents: Vec<Option<ObjectId>> = vec![None; links.len()];
    let mut kids = Vec::new();
    for (k, marked) in contents.iter().enumerate() {
        let Some(&(first_page, _, _)) = marked.first() else {
            continue;
        };
        let Some(&page_ref) = page_ids.get(first_page) else {
            continue;
        };
        let id = pdf.new_object_id();
        let mut o = Vec::with_capacity(64 + marked.len() * 4);
        o.extend_from_slice(b"<</Type/StructElem/S/");
        o.extend_from_slice(laid.roles[k].name().as_bytes());
        o.extend_from_slice(b"/P ");
        push_ref(&mut o, doc_id);
        o.extend_from_slice(b"/Pg ");
        push_ref(&mut o, page_ref);
        o.extend_from_slice(b"/K[");
        let mut i = 0;
        while let Some(&(pi, mcid, kid)) = marked.get(i) {
            if i > 0 {
                o.push(b' ');
            }
            if kid == Kid::Text {
                push_mcid(&mut o, pi, mcid, first_page);
                if let Some(p) = parents.get_mut(pi).and_then(|p| p.get_mut(mcid as usize)) {
                    *p = Some(id);
                }
                i += 1;
                continue;
            }
            // The run of MCIDs of one link annotation, or of code: a `Link` element with
            // them (and the annotation), or a `Code` element.
            let Some(&child_page) = page_ids.get(pi) else {
                i += 1;
                continue;
            };
            let child_id = pdf.new_object_id();
            let mut l = Vec::with_capacity(96);
            l.extend_from_slice(b"<</Type/StructElem/S/");
            l.extend_from_slice(if kid == Kid::Code { b"Code" } else { b"Link" });
            l.extend_from_slice(b"/P ");
            push_ref(&mut l, id);
            l.extend_from_slice(b"/Pg ");
            push_ref(&mut l, child_page);
            l.extend_from_slice(b"/K[");
            while let Some(&(lpi, lmcid, same)) = marked.get(i) {
                if same != kid {
                    break;
                }
                push_mcid(&mut l, lpi, lmcid, pi);
                l.push(b' ');
                if let Some(p) = parents.get_mut(lpi).and_then(|p| p.get_mut(lmcid as usize)) {
                    *p = Some(child_id);
                }
                i += 1;
            }
            if let Kid::Link(link) = kid
                && let Some(&annot) = links.get(link as usize)
            {
                l.extend_from_slice(b"<</Type/OBJR/Obj ");
                push_ref(&mut l, annot);
                l.extend_from_slice(b">>");
                link_parents[link as usize] = Some(child_id);
            }
            l.extend_from_slice(b"]>>");
            objects.push((child_id, l));
            push_ref(&mut o, child_id);
        }
        o.extend_from_slice(b"]>>");
        objects.push((id, o));
        kids.push(id);
    }
    // A link whose text was not marked as its own (it is in a replacement text, say) still
    // gets a `Link` element, with the annotation alone, at the end of the document.
    for (i, parent) in link_parents.iter_mut().enumerate() {
        if parent.is_none()
            && let Some(&annot) = links.get(i)
        {
            let link_id = pdf.new_object_id();
            let mut l = Vec::with_capacity(64);
            l.extend_from_slice(b"<</Type/StructElem/S/Link/P ");
            push_ref(&mut l, doc_id);
            l.extend_from_slice(b"/K[<</Type/OBJR/Obj ");
            push_ref(&mut l, annot);
            l.extend_from_slice(b">>]>>");
            objects.push((link_id, l));
            kids.push(link_id);
            *parent = Some(link_id);
        }
    }
    let mut o = Vec::with_capacity(64 + kids.len() * 10);
    o.extend_from_slice(b"<</Type/StructElem/S/Document/P ");
    push_ref(&mut o, root_id);
    o.extend_from_slice(b"/K[");
    for (i, &kid) in kids.iter().enumerate() {
        if i > 0 {
            o.push(b' ');
        }
        push_ref(&mut o, kid);
    }
    o.extend_from_slice(b"]>>");
    objects.push((doc_id, o));
    let mut o = Vec::with_capacity(128 + by_page.iter().map(Vec::len).sum::<usize>() * 10);
    o.extend_from_slice(b"<</Type/StructTreeRoot/K ");
    push_ref(&mut o, doc_id);
    o.extend_from_slice(b"/ParentTree<</Nums[");
    for (pi, elems) in parents.iter().enumerate() {
        if pi > 0 {
            o.push(b' ');
        }
        push_i64(&mut o, pi as i64);
        o.extend_from_slice(b" [");
        for (i, e) in elems.iter().enumerate() {
            if i > 0 {
                o.push(b' ');
            }
            match e {
                Some(id) => push_ref(&mut o, *id),
                None => o.extend_from_slice(b"null"),
            }
        }
        o.push(b']');
    }
    // Each link annotation's key (its `/StructParent`) to its `Link` element.
    for (i, parent) in link_parents.iter().enumerate() {
        if let Some(id) = parent {
            o.push(b' ');
            push_i64(&mut o, (by_page.len() + i) as i64);
            o.push(b' ');
            push_ref(&mut o, *id);
        }
    }
    o.extend_from_slice(b"]>>/ParentTreeNextKey ");
    push_i64(&mut o, (laid.pages.len() + links.len()) as i64);
    o.extend_from_slice(b">>");
    objects.push((root_id, o));
    (root_id, objects)
}

/// Compresses bytes to a zlib (`FlateDecode`) stream with libdeflate at level 1: on
/// transcripts it compresses better than zlib's level 3 in about half the time
/// (docs/pdf.md has the measurements). One compressor per thread is reused.
fn deflate(content: &[u8]) -> Vec<u8> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<libdeflater::Compressor> =
            std::cell::RefCell::new(libdeflater::Compressor::new(
                libdeflater::CompressionLvl::new(1).unwrap_or_default(),
            ));
    }
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        let mut out = vec![0u8; c.zlib_compress_bound(content.len())];
        // The buffer has the bound libdeflate asks for, so compression cannot run out of
        // space; an empty stream is the fallback all the same.
        let n = c.zlib_compress(content, &mut out).unwrap_or(0);
        out.truncate(n);
        out
    })
}

/// A content stream being written: bytes, with `write!` for the operators.
#[derive(Default)]
struct Content(Vec<u8>);

impl Content {
    fn push_str(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.push_str(c.encode_utf8(&mut buf));
    }
}

impl std::fmt::Write for Content {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

/// The fill colour of a text colour, as PDF operands.
fn color_ops(c: Color) -> &'static str {
    match c {
        Color::Text => "0 g",
        Color::Link => "0.05 0.2 0.5 rg",
        Color::Gray => "0.35 g",
    }
}

/// How the glyphs of each font are written in content strings.
struct Codes {
    /// Per font, the subset id of each original glyph id (see `Font::cid_table`).
    cids: Vec<Vec<u16>>,
    /// Per font, whether its strings have one byte per glyph (see [`one_byte`]).
    one_byte: Vec<bool>,
}

/// No tables: glyph ids are written as they are, in two bytes.
static NO_CODES: Codes = Codes {
    cids: Vec::new(),
    one_byte: Vec::new(),
};

/// The graphics state a content stream has set, how glyph ids are written, and the marked
/// content of the tagged PDF.
struct TextState<'c> {
    font: Option<(u8, u32)>,
    color: Option<Color>,
    codes: &'c Codes,
    /// The structure type of each paragraph (empty for furniture, which is not tagged).
    roles: &'c [crate::layout::Role],
    /// The structure element of the lines being drawn.
    elem: Option<u32>,
    /// The marked-content sequence open for it.
    open: Mark,
    /// The structure element (and link) of each MCID given out so far.
    mcids: Vec<Marked>,
    /// The links of the page, and the line being drawn.
    links: &'c [PageLink],
    line: usize,
}

/// An open marked-content sequence of a structure element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// None open.
    None,
    /// Plain text of the element (`/P <</MCID n>>`).
    Text,
    /// Text with a replacement (`/Span <</MCID n /ActualText …>>`).
    Actual,
    /// The text of the link annotation with this index (`/Link <</MCID n>>`).
    Link(u32),
    /// Code (`/Code <</MCID n>>`).
    Code,
}

/// What the text of a marked-content sequence is within its paragraph.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kid {
    /// The paragraph's own text.
    Text,
    /// The text of the link annotation with this index.
    Link(u32),
    /// Code (set in the mono font).
    Code,
}

/// A marked-content sequence: the structure element it belongs to and what it is in it.
type Marked = (u32, Kid);

/// Where the text of a link annotation is on its page.
struct PageLink {
    /// The line (index on the page).
    line: usize,
    /// Start and end, relative to the text block.
    x0: f32,
    x1: f32,
    /// The annotation (index in document order).
    index: u32,
}

impl Default for TextState<'_> {
    fn default() -> Self {
        Self::new(&NO_CODES)
    }
}

impl<'c> TextState<'c> {
    fn new(codes: &'c Codes) -> Self {
        Self {
            font: None,
            color: None,
            codes,
            roles: &[],
            elem: None,
            open: Mark::None,
            mcids: Vec::new(),
            links: &[],
            line: 0,
        }
    }

    /// The link annotation whose text a run at `x` (on the current line) is.
    fn link_at(&self, x: f32) -> Option<u32> {
        self.links
            .iter()
            .find(|l| l.line == self.line && x >= l.x0 - 0.01 && x < l.x1)
            .map(|l| l.index)
    }

    /// What a run's text is in its paragraph: a link's (which wins), code, or plain text.
    fn kid_of(&self, run: &Run) -> Kid {
        if run.color == Color::Link
            && let Some(link) = self.link_at(run.x)
        {
            Kid::Link(link)
        } else if usize::from(run.font) == crate::fonts::Style::Mono.index() {
            Kid::Code
        } else {
            Kid::Text
        }
    }

    /// Starts drawing lines of structure element `elem`, closing the sequence of another.
    fn enter(&mut self, out: &mut Content, elem: Option<u32>) {
        if elem != self.elem {
            if self.open != Mark::None {
                out.push_str("EMC\n");
                self.open = Mark::None;
            }
            self.elem = elem;
        }
    }

    /// Opens a marked-content sequence of the current element with the next MCID, with the
    /// element's type (or `Span` with the given replacement text).
    fn open_mcid(&mut self, out: &mut Content, actual: Option<&str>, kid: Kid) {
        let Some(elem) = self.elem else {
            return;
        };
        if let Some(text) = actual {
            out.push_str("/Span <</MCID ");
            push_int(out, self.mcids.len() as i64);
            out.push_str(" /ActualText ");
            hex_text(out, text);
            out.push_str(">> BDC\n");
            self.open = Mark::Actual;
        } else {
            let tag = match kid {
                Kid::Text => self.roles.get(elem as usize).map_or("P", |r| r.name()),
                Kid::Link(_) => "Link",
                Kid::Code => "Code",
            };
            out.push('/');
            out.push_str(tag);
            out.push_str(" <</MCID ");
            push_int(out, self.mcids.len() as i64);
            out.push_str(">> BDC\n");
            self.open = match kid {
                Kid::Text => Mark::Text,
                Kid::Link(link) => Mark::Link(link),
                Kid::Code => Mark::Code,
            };
        }
        self.mcids.push((elem, kid));
    }

    /// The subset id of a glyph (the glyph id itself where there is no table).
    fn cid(&self, font: u8, gid: u16) -> u16 {
        self.codes
            .cids
            .get(usize::from(font))
            .and_then(|t| t.get(usize::from(gid)))
            .copied()
            .unwrap_or(gid)
    }
}

/// Draws a line's operations with its baseline at `y` and the text block's left edge at `x0`.
///
/// In a tagged paragraph the text is marked content with MCIDs; a replacement text
/// (`/ActualText`) gets a marked-content sequence of its own instead of one nested in the
/// paragraph's, which readers of the structure tree handle better.
fn draw_line(out: &mut Content, line: &Line, x0: f32, y: f32, state: &mut TextState<'_>) {
    state.enter(out, line.elem);
    for (i, op) in line.ops.iter().enumerate() {
        match op {
            Op::BeginActual(text) if state.elem.is_some() => {
                if state.open != Mark::None {
                    out.push_str("EMC\n");
                }
                // A replacement of link text (a URL cut at the line end) belongs to the link,
                // of code to the code.
                let kid = line.ops[i + 1..].iter().find_map(|op| match op {
                    Op::Run(run) => Some(state.kid_of(run)),
                    _ => None,
                });
                state.open_mcid(out, Some(text), kid.unwrap_or(Kid::Text));
            }
            Op::BeginActual(text) => {
                out.push_str("/Span <</ActualText ");
                hex_text(out, text);
                out.push_str(">> BDC\n");
            }
            Op::EndActual => {
                out.push_str("EMC\n");
                if state.open == Mark::Actual {
                    state.open = Mark::None;
                }
            }
            Op::Run(run) => {
                if state.elem.is_some() {
                    // Link text and code are sequences of their own, for their structure
                    // elements inside the paragraph's.
                    let kid = state.kid_of(run);
                    let wanted = match kid {
                        Kid::Text => Mark::Text,
                        Kid::Link(link) => Mark::Link(link),
                        Kid::Code => Mark::Code,
                    };
                    if state.open != wanted && state.open != Mark::Actual {
                        if state.open != Mark::None {
                            out.push_str("EMC\n");
                        }
                        state.open_mcid(out, None, kid);
                    }
                }
                draw_run(out, run, x0, y, state);
            }
        }
    }
}

fn draw_run(out: &mut Content, run: &Run, x0: f32, y: f32, state: &mut TextState<'_>) {
    let size_key = (run.size * 100.0).round() as u32;
    if state.font != Some((run.font, size_key)) {
        out.push_str("/F");
        push_int(out, i64::from(run.font));
        out.push(' ');
        push_num(out, run.size);
        out.push_str(" Tf\n");
        state.font = Some((run.font, size_key));
    }
    if state.color != Some(run.color) {
        out.push_str(color_ops(run.color));
        out.push('\n');
        state.color = Some(run.color);
    }
    out.push_str("1 0 0 1 ");
    push_num(out, x0 + run.x);
    out.push(' ');
    push_num(out, y);
    out.push_str(" Tm [");
    let one_byte = state
        .codes
        .one_byte
        .get(usize::from(run.font))
        .copied()
        .unwrap_or(false);
    let mut want = 0.0f64;
    let mut have = 0.0f64;
    let mut open = false;
    let size = f64::from(run.size);
    for &(gid, adv, pdf_adv) in &run.glyphs {
        let cid = state.cid(run.font, gid);
        if !open {
            out.push('(');
            open = true;
        }
        // The byte or two bytes of the CID, raw, with the string delimiters escaped.
        let bytes = cid.to_be_bytes();
        let code = if one_byte { &bytes[1..] } else { &bytes[..] };
        for &b in code {
            match b {
                b'(' | b')' | b'\\' => {
                    out.0.push(b'\\');
                    out.0.push(b);
                }
                b'\r' => out.push_str("\\r"),
                _ => out.0.push(b),
            }
        }
        want += f64::from(adv);
        have += f64::from(pdf_adv);
        // TJ numbers are thousandths of the font size, subtracted from the position.
        let drift = (have - want) * 1000.0 / size;
        // Most glyphs drift by less than half a unit: no call to `round` for them.
        let adj = if drift.abs() < 0.5 {
            0.0
        } else {
            drift.round()
        };
        if adj != 0.0 {
            out.push_str(") ");
            push_int(out, adj as i64);
            out.push(' ');
            open = false;
            have -= adj * size / 1000.0;
        }
    }
    if open {
        out.push(')');
    }
    out.push_str("] TJ\n");
}

/// The running header (title) and the page number, marked as pagination artifacts.
fn furniture(out: &mut Content, laid: &Laid, setup: &PageSetup, codes: &Codes, page: usize) {
    let m = &setup.margins;
    let top = setup.height - m.top + setup.size * 1.4;
    let mut state = TextState::new(codes);
    if !laid.header.is_empty() {
        out.push_str("/Artifact <</Type /Pagination /Subtype /Header>> BDC\n");
        out.push_str("/Span <</ActualText ()>> BDC\nBT\n");
        let line = Line {
            ops: laid.header.clone(),
            ..empty_line()
        };
        draw_line(out, &line, m.left, top, &mut state);
        out.push_str("ET\nEMC\n");
        let rule = top - setup.size * 0.45;
        let _ = writeln!(
            out,
            "q 0.6 G 0.4 w {} {} m {} {} l S Q",
            num(m.left),
            num(rule),
            num(setup.width - m.right),
            num(rule)
        );
        out.push_str("EMC\n");
    }
    // The page number, centred below the text block.
    if let Some(ops) = laid.numbers.get(page).filter(|o| !o.is_empty()) {
        let y = (m.bottom - setup.size * 2.2).max(setup.size);
        out.push_str("/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n/Span <</ActualText ()>> BDC\nBT\n");
        let line = Line {
            ops: ops.clone(),
            ..empty_line()
        };
        draw_line(out, &line, m.left, y, &mut state);
        out.push_str("ET\nEMC\nEMC\n");
    }
}

/// Writes one subset font as a Type 0 font with a CIDFontType2 descendant.
fn write_font(
    pdf: &mut Document,
    font: &crate::fonts::Font<'_>,
    index: usize,
    deferred: &mut Deferred,
    one_byte_cmap: &mut Option<ObjectId>,
) -> ObjectId {
    let tag = subset_tag(font, index);
    let name = format!("{tag}+{}", font.postscript_name(index));
    // TrueType outlines go in as FontFile2 under a CIDFontType2; CFF outlines (most .otf
    // fonts, Noto CJK) as an OpenType FontFile3 under a CIDFontType0. The subset is made
    // with the other streams, on all cores (a TrueType file's `Length1` is set then).
    let cff = font.face.tables().cff.is_some();
    let file_dict = if cff {
        Dictionary::from_iter([("Subtype", Object::Name(b"OpenType".to_vec()))])
    } else {
        Dictionary::new()
    };
    let file_id = deferred.add_font_file(pdf, file_dict, index);

    let face = &font.face;
    let scale = 1000.0 / font.upem;
    let bbox = face.global_bounding_box();
    // Symbolic (4: glyphs outside the standard Latin set), and as the face says: fixed
    // pitch (1), italic (64); serif (2) for the bundled DejaVu Serif styles.
    let serif = index < crate::fonts::Style::Mono.index();
    let flags = 4
        | if face.is_monospaced() { 1 } else { 0 }
        | if serif { 2 } else { 0 }
        | if face.is_italic() { 64 } else { 0 };
    let descriptor = Dictionary::from_iter([
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(name.clone().into_bytes())),
        ("Flags", Object::Integer(flags)),
        (
            "FontBBox",
            Object::Array(
                [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max]
                    .iter()
                    .map(|v| Object::Integer((f32::from(*v) * scale).round() as i64))
                    .collect(),
            ),
        ),
        ("ItalicAngle", Object::Real(face.italic_angle())),
        (
            "Ascent",
            Object::Integer((f32::from(face.ascender()) * scale).round() as i64),
        ),
        (
            "Descent",
            Object::Integer((f32::from(face.descender()) * scale).round() as i64),
        ),
        (
            "CapHeight",
            Object::Integer(
                (f32::from(face.capital_height().unwrap_or(face.ascender())) * scale).round()
                    as i64,
            ),
        ),
        (
            "StemV",
            Object::Integer(if face.is_bold() { 140 } else { 80 }),
        ),
        (
            if cff { "FontFile3" } else { "FontFile2" },
            Object::Reference(file_id),
        ),
    ]);
    let descriptor_id = pdf.add_object(descriptor);

    // Widths: consecutive runs of subset ids.
    let mut w = Vec::new();
    let width = |cid: u16| font.pdf_width(font.originals.get(&cid).copied().unwrap_or(0));
    let mut cids: Vec<u16> = font.originals.keys().copied().collect();
    cids.sort_unstable();
    let mut i = 0;
    while i < cids.len() {
        let start = cids[i];
        let mut widths = vec![Object::Real(width(start))];
        let mut j = i + 1;
        while j < cids.len() && cids[j] == cids[j - 1] + 1 {
            widths.push(Object::Real(width(cids[j])));
            j += 1;
        }
        w.push(Object::Integer(i64::from(start)));
        w.push(Object::Array(widths));
        i = j;
    }
    let cid_font = Dictionary::from_iter([
        ("Type", Object::Name(b"Font".to_vec())),
        (
            "Subtype",
            Object::Name(if cff {
                b"CIDFontType0".to_vec()
            } else {
                b"CIDFontType2".to_vec()
            }),
        ),
        ("BaseFont", Object::Name(name.clone().into_bytes())),
        ("CIDSystemInfo", identity_system_info()),
        ("FontDescriptor", Object::Reference(descriptor_id)),
        ("DW", Object::Integer(0)),
        ("W", Object::Array(w)),
    ]);
    let mut cid_font = cid_font;
    if !cff {
        cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    }
    let cid_font_id = pdf.add_object(cid_font);

    let one_byte = one_byte(font);
    let cmap = to_unicode_cmap(&font.to_unicode, one_byte);
    let cmap_id = deferred.add(pdf, Stream::new(Dictionary::new(), cmap.into_bytes()));

    let encoding = if one_byte {
        let id = match *one_byte_cmap {
            Some(id) => id,
            None => {
                let cmap = Stream::new(
                    Dictionary::from_iter([
                        ("Type", Object::Name(b"CMap".to_vec())),
                        ("CMapName", Object::Name(b"Scriba-OneByte-H".to_vec())),
                        ("CIDSystemInfo", identity_system_info()),
                    ]),
                    ONE_BYTE_CMAP.as_bytes().to_vec(),
                );
                let id = deferred.add(pdf, cmap);
                *one_byte_cmap = Some(id);
                id
            }
        };
        Object::Reference(id)
    } else {
        Object::Name(b"Identity-H".to_vec())
    };
    pdf.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", Object::Name(name.into_bytes())),
        ("Encoding", encoding),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_font_id)]),
        ),
        ("ToUnicode", Object::Reference(cmap_id)),
    ]))
}

/// The ToUnicode CMap: every subset glyph id to the text it stands for (UTF-16BE), for
/// content strings with one byte per glyph (`one_byte`) or two.
pub(crate) fn to_unicode_cmap(
    map: &std::collections::BTreeMap<u16, String>,
    one_byte: bool,
) -> String {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n",
    );
    out.push_str(if one_byte {
        "<00> <FF>\n"
    } else {
        "<0000> <FFFF>\n"
    });
    out.push_str("endcodespacerange\n");
    let entries: Vec<(&u16, &String)> = map.iter().filter(|(_, t)| !t.is_empty()).collect();
    for chunk in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (cid, text) in chunk {
            if one_byte {
                let _ = write!(out, "<{cid:02X}> <");
            } else {
                let _ = write!(out, "<{cid:04X}> <");
            }
            for unit in text.encode_utf16() {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// The encoding CMap of fonts with at most 256 glyphs: one byte per glyph, the byte being the
/// glyph's CID (the Identity-H encoding takes two).
const ONE_BYTE_CMAP: &str = "%!PS-Adobe-3.0 Resource-CMap\n/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n/CMapName /Scriba-OneByte-H def\n/CMapType 1 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n1 begincidrange\n<00> <FF> 0\nendcidrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

/// The character collection of the fonts and the one-byte CMap: Adobe-Identity-0.
fn identity_system_info() -> Object {
    Object::Dictionary(Dictionary::from_iter([
        (
            "Registry",
            Object::String(b"Adobe".to_vec(), StringFormat::Literal),
        ),
        (
            "Ordering",
            Object::String(b"Identity".to_vec(), StringFormat::Literal),
        ),
        ("Supplement", Object::Integer(0)),
    ]))
}

/// Whether a font's content strings use one byte per glyph: when its subset has at most
/// 256 glyphs (a Latin text uses about a hundred).
pub(crate) fn one_byte(font: &crate::fonts::Font<'_>) -> bool {
    font.originals.len() <= 256
}

/// Six capital letters that tell this subset from others (the subset tag before `+`).
fn subset_tag(font: &crate::fonts::Font<'_>, index: usize) -> String {
    let mut h = Hasher::new();
    // The glyphs the subset keeps, in subset order, of which font: known before the subset
    // is made, and as particular to it as its bytes.
    for gid in font.originals.values() {
        h.write(&gid.to_be_bytes());
    }
    h.write(&font.data.len().to_be_bytes());
    h.write(&index.to_be_bytes());
    let d = h.finish();
    d.iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// The outline (bookmarks), nested by level, in document order.
fn write_outline(
    pdf: &mut Document,
    entries: &[(String, u8, usize, f32)],
    pages: &[ObjectId],
) -> Option<ObjectId> {
    if entries.is_empty() {
        return None;
    }
    let root = pdf.new_object_id();
    // Parent index per entry (None = root), by a stack of open levels.
    let ids: Vec<ObjectId> = entries.iter().map(|_| pdf.new_object_id()).collect();
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if entries[top].1 >= e.1 {
                stack.pop();
            } else {
                break;
            }
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    // The children of each entry and of the root, in document order.
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    let mut top_kids = Vec::new();
    for (i, p) in parent.iter().enumerate() {
        match p {
            Some(p) => kids[*p].push(i),
            None => top_kids.push(i),
        }
    }
    let link_siblings =
        |list: &[usize], out: &mut Vec<(usize, Option<ObjectId>, Option<ObjectId>)>| {
            for (k, &i) in list.iter().enumerate() {
                let prev = k.checked_sub(1).map(|k| ids[list[k]]);
                let next = list.get(k + 1).map(|&n| ids[n]);
                out.push((i, prev, next));
            }
        };
    let mut links = Vec::new();
    link_siblings(&top_kids, &mut links);
    for list in &kids {
        link_siblings(list, &mut links);
    }
    links.sort_by_key(|l| l.0);
    for (i, prev, next) in links {
        let (title, _, page, y) = &entries[i];
        let Some(page_id) = pages.get(*page).or(pages.first()).copied() else {
            continue;
        };
        let mut d = Dictionary::from_iter([
            ("Title", text_string(title)),
            (
                "Parent",
                Object::Reference(parent[i].map_or(root, |p| ids[p])),
            ),
            (
                "Dest",
                Object::Array(vec![
                    Object::Reference(page_id),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(round2(*y)),
                    Object::Null,
                ]),
            ),
        ]);
        if let Some(p) = prev {
            d.set("Prev", Object::Reference(p));
        }
        if let Some(n) = next {
            d.set("Next", Object::Reference(n));
        }
        if let (Some(f), Some(l)) = (kids[i].first(), kids[i].last()) {
            d.set("First", Object::Reference(ids[*f]));
            d.set("Last", Object::Reference(ids[*l]));
            // Closed: a negative count of the children.
            d.set("Count", Object::Integer(-(kids[i].len() as i64)));
        }
        pdf.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut root_dict = Dictionary::from_iter([
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("Count", Object::Integer(top_kids.len() as i64)),
    ]);
    if let (Some(f), Some(l)) = (top_kids.first(), top_kids.last()) {
        root_dict.set("First", Object::Reference(ids[*f]));
        root_dict.set("Last", Object::Reference(ids[*l]));
    }
    pdf.objects.insert(root, Object::Dictionary(root_dict));
    Some(root)
}

/// The Info dictionary and the XMP packet.
fn metadata(doc: &Transcript, opts: &PdfOptions) -> (Dictionary, String) {
    let m = &doc.meta;
    let authors: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
    let date = m
        .date
        .as_deref()
        .and_then(parse_date)
        .or_else(|| opts.timestamp.map(epoch_to_civil));
    let mut info = Dictionary::new();
    if let Some(t) = &m.title {
        info.set("Title", text_string(t));
    }
    if !authors.is_empty() {
        info.set("Author", text_string(&authors.join(", ")));
    }
    if let Some(s) = &m.subtitle {
        info.set("Subject", text_string(s));
    }
    if !m.keywords.is_empty() {
        info.set("Keywords", text_string(&m.keywords.join(", ")));
    }
    info.set("Creator", text_string("scriba"));
    let producer = concat!("scriba-pdf ", env!("CARGO_PKG_VERSION"));
    info.set("Producer", text_string(producer));
    if let Some(d) = date {
        let pdf_date = format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
            d.0, d.1, d.2, d.3, d.4, d.5
        );
        info.set(
            "CreationDate",
            Object::String(pdf_date.clone().into_bytes(), StringFormat::Literal),
        );
        info.set(
            "ModDate",
            Object::String(pdf_date.into_bytes(), StringFormat::Literal),
        );
    }
    let lang = language_tag(doc);
    let mut x = String::from(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n",
    );
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    if let Some(t) = &m.title {
        let _ = writeln!(
            x,
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>",
            xml_escape(t)
        );
    }
    if !authors.is_empty() {
        x.push_str("<dc:creator><rdf:Seq>");
        for a in &authors {
            let _ = write!(x, "<rdf:li>{}</rdf:li>", xml_escape(a));
        }
        x.push_str("</rdf:Seq></dc:creator>\n");
    }
    if let Some(s) = &m.subtitle {
        let _ = writeln!(
            x,
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
            xml_escape(s)
        );
    }
    let _ = writeln!(
        x,
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>",
        xml_escape(lang)
    );
    if let Some(r) = &m.rights {
        let _ = writeln!(
            x,
            "<dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:rights>",
            xml_escape(r)
        );
    }
    if let Some(id) = &m.identifier {
        let _ = writeln!(x, "<dc:identifier>{}</dc:identifier>", xml_escape(id));
    }
    if let Some(src) = &m.source_url {
        let _ = writeln!(x, "<dc:source>{}</dc:source>", xml_escape(src));
    }
    if !m.keywords.is_empty() {
        let _ = writeln!(
            x,
            "<pdf:Keywords>{}</pdf:Keywords>",
            xml_escape(&m.keywords.join(", "))
        );
    }
    if let Some(d) = date {
        let iso = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            d.0, d.1, d.2, d.3, d.4, d.5
        );
        let _ = writeln!(
            x,
            "<dc:date><rdf:Seq><rdf:li>{iso}</rdf:li></rdf:Seq></dc:date>\n<xmp:CreateDate>{iso}</xmp:CreateDate>\n<xmp:ModifyDate>{iso}</xmp:ModifyDate>\n<xmp:MetadataDate>{iso}</xmp:MetadataDate>"
        );
    }
    let _ = writeln!(
        x,
        "<xmp:CreatorTool>scriba</xmp:CreatorTool>\n<pdf:Producer>{producer}</pdf:Producer>"
    );
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
    (info, x)
}

/// The document's language tag when it looks like BCP 47 (letters, digits, hyphens), else `und`.
fn language_tag(doc: &Transcript) -> &str {
    doc.meta
        .language
        .as_deref()
        .filter(|l| {
            !l.is_empty()
                && l.len() <= 35
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .unwrap_or("und")
}

/// Year, month, day, hour, minute, second.
type Civil = (i64, u32, u32, u32, u32, u32);

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn parse_date(s: &str) -> Option<Civil> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let mo: u32 = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    let d: u32 = parts
        .next()
        .map_or(Some(1), |p| p.get(..2).unwrap_or(p).parse().ok())?;
    ((0..=9999).contains(&y) && (1..=12).contains(&mo) && (1..=31).contains(&d))
        .then_some((y, mo, d, 0, 0, 0))
}

/// Seconds since the epoch to a UTC date and time (proleptic Gregorian calendar).
fn epoch_to_civil(secs: i64) -> Civil {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)).clamp(0, 9999);
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        ((rem % 3600) / 60) as u32,
        (rem % 60) as u32,
    )
}

/// A PDF text string: PDFDocEncoding-compatible ASCII as is, anything else UTF-16BE.
fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .encode_utf16()
        {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Writes a text string as a hexadecimal UTF-16BE string with byte order mark.
fn hex_text(out: &mut Content, text: &str) {
    out.push('<');
    if !text.is_empty() {
        out.push_str("FEFF");
        for u in text.encode_utf16() {
            for shift in [12, 8, 4, 0] {
                out.0
                    .push(b"0123456789ABCDEF"[usize::from((u >> shift) & 0xF)]);
            }
        }
    }
    out.push('>');
}

/// A URI as 7-bit ASCII: non-ASCII characters and spaces percent-encoded.
fn ascii_uri(url: &str) -> String {
    let mut out = String::new();
    for b in url.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// A number for a content stream: at most two decimals, no trailing zeros.
fn num(v: f32) -> String {
    let mut out = Content::default();
    push_num(&mut out, v);
    String::from_utf8(out.0).unwrap_or_default()
}

/// Appends [`num`]'s text without formatting machinery (content streams are mostly
/// numbers): the value rounded to hundredths, trailing zeros dropped, `-` only when the
/// rounded value is not zero.
fn push_num(out: &mut Content, v: f32) {
    let r = (f64::from(v) * 100.0).round();
    if !r.is_finite() || r.abs() >= 1e15 {
        // Not reached by a page (positions are at most a few thousand points).
        let r = r / 100.0;
        let _ = write!(out, "{r}");
        return;
    }
    let hundredths = r as i64;
    if hundredths < 0 {
        out.push('-');
    }
    let h = hundredths.unsigned_abs();
    push_int(out, (h / 100) as i64);
    let frac = h % 100;
    if frac != 0 {
        out.push('.');
        out.0.push(b'0' + (frac / 10) as u8);
        if !frac.is_multiple_of(10) {
            out.0.push(b'0' + (frac % 10) as u8);
        }
    }
}

/// Appends an integer in decimal.
fn push_int(out: &mut Content, v: i64) {
    serialize::push_i64(&mut out.0, v);
}

/// A 128-bit FNV-1a style hash of everything written, for the document `/ID`.
struct Hasher {
    a: u64,
    b: u64,
}

impl Hasher {
    fn new() -> Self {
        Self {
            a: 0xcbf2_9ce4_8422_2325,
            b: 0x6c62_272e_07bb_0142,
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.a = (self.a ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            self.b = (self.b ^ u64::from(byte))
                .wrapping_mul(0x0000_0100_0000_01b3)
                .rotate_left(5);
        }
    }

    fn finish(&self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&self.a.to_be_bytes());
        out[8..].copy_from_slice(&self.b.to_be_bytes());
        out
    }
}

mod serialize;

#[cfg(test)]
mod tests;
