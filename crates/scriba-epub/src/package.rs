//! The package: file list, package document (OPF) and navigation document.

use scriba_core::{Diagnostic, Diagnostics, Transcript};

use crate::content::{self, Env, Issues, Part, TocHeading};
use crate::cover::{self, CoverImage};
use crate::{EpubOptions, MIN_MAX_FILE_BYTES, date, labels, xml};

/// The directory inside the container that holds the publication's files.
const DIR: &str = "EPUB";

/// The built-in stylesheet.
const STYLESHEET: &str = include_str!("style.css");

/// One file of the container.
#[derive(Debug)]
pub(crate) struct File {
    /// The path inside the container.
    pub(crate) path: String,
    /// The content.
    pub(crate) bytes: Vec<u8>,
}

/// A publication file listed in the manifest.
struct Item {
    id: String,
    href: String,
    media_type: &'static str,
    properties: Option<&'static str>,
    /// Position in the spine: `Some(true)` linear, `Some(false)` non-linear, `None` not in it.
    spine: Option<bool>,
}

/// The whole book as container files, in container order.
#[derive(Debug)]
pub(crate) struct Book {
    /// `mimetype` first, then `META-INF/container.xml`, the package document and the rest.
    pub(crate) files: Vec<File>,
}

impl Book {
    /// Renders every file of the book.
    pub(crate) fn build(
        doc: &Transcript,
        opts: &EpubOptions,
        identifier: String,
        cover: Option<CoverImage>,
        warnings: &mut Diagnostics,
    ) -> Book {
        let lang = language(doc, warnings);
        let primary = lang.split('-').next().unwrap_or("en").to_ascii_lowercase();
        let labels = labels::for_language(&primary);
        let title = match doc.meta.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => t.to_owned(),
            _ => {
                warnings.push(
                    Diagnostic::warning(
                        "epub.no-title",
                        format!(
                            "the transcript has no title; the book is called “{}”",
                            labels.untitled
                        ),
                    )
                    .with_hint("give the transcript a title"),
                );
                labels.untitled.to_owned()
            }
        };
        let env = Env {
            doc,
            lang,
            labels,
            marks: scriba_core::QuoteMarks::for_language(
                doc.meta.language.as_deref().unwrap_or("und"),
            ),
            title,
            css: "style.css",
        };
        let mut issues = Issues::default();
        let mut files = Vec::new();
        let mut items = Vec::new();
        let mut add = |files: &mut Vec<File>, item: Item, bytes: Vec<u8>| {
            files.push(File {
                path: format!("{DIR}/{}", item.href),
                bytes,
            });
            items.push(item);
        };

        let css = opts
            .stylesheet
            .clone()
            .unwrap_or_else(|| STYLESHEET.to_owned());
        add(
            &mut files,
            item("css", "style.css", "text/css", None, None),
            css.into_bytes(),
        );
        if let Some(image) = &cover {
            let alt = {
                let alt = cover::alt_text(doc);
                if alt.is_empty() {
                    env.title.clone()
                } else {
                    alt
                }
            };
            add(
                &mut files,
                item(
                    "cover-image",
                    image.file_name,
                    image.media_type,
                    Some("cover-image"),
                    None,
                ),
                image.bytes.clone(),
            );
            add(
                &mut files,
                item("cover", "cover.xhtml", XHTML, None, Some(true)),
                content::cover_page(&env, image.file_name, &alt).into_bytes(),
            );
        }
        add(
            &mut files,
            item("titlepage", "title.xhtml", XHTML, None, Some(true)),
            content::title_page(&env, &mut issues).into_bytes(),
        );

        let max = opts.max_file_bytes.max(MIN_MAX_FILE_BYTES);
        let parts = content::body_parts(&env, &mut issues, opts.split_at_headings, max);
        if doc.body.is_empty() {
            warnings.push(
                Diagnostic::warning(
                    "epub.empty-body",
                    "the transcript has no body; the book says so on its only text page",
                )
                .with_hint("check that the input holds the transcript text"),
            );
        }
        let mut toc: Vec<(String, Vec<TocHeading>, bool)> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let href = format!("text-{:03}.xhtml", i + 1);
            let page_title = part.headings.first().map_or_else(
                || env.title.clone(),
                |h| format!("{} – {}", h.label, env.title),
            );
            add(
                &mut files,
                item(
                    &format!("text-{:03}", i + 1),
                    &href,
                    XHTML,
                    None,
                    Some(true),
                ),
                content::page(
                    &env,
                    &page_title,
                    " epub:type=\"bodymatter\"",
                    &section(&env, part),
                )
                .into_bytes(),
            );
            toc.push((href, part.headings.clone(), part.opens_with_heading));
        }
        let has_back = !doc.back.is_empty();
        if has_back {
            let back = content::back_part(&env, &mut issues);
            let mut body =
                String::from("<section class=\"back\" epub:type=\"backmatter\" aria-label=\"");
            xml::attr(&mut body, labels.back);
            body.push_str("\">\n");
            body.push_str(&back.html);
            body.push_str("</section>\n");
            let page_title = format!("{} – {}", labels.back, env.title);
            add(
                &mut files,
                item("back", "back.xhtml", XHTML, None, Some(true)),
                content::page(&env, &page_title, "", &body).into_bytes(),
            );
        }
        let nav = nav_document(&env, cover.is_some(), &toc, has_back);
        add(
            &mut files,
            item("nav", "nav.xhtml", XHTML, Some("nav"), Some(false)),
            nav.into_bytes(),
        );

        if !issues.unlinked.is_empty() {
            let list: Vec<&str> = issues.unlinked.iter().map(String::as_str).take(5).collect();
            warnings.push(
                Diagnostic::warning(
                    "epub.link-target",
                    format!(
                        "{} link target{} not an absolute http(s) or mailto URL, kept as text: {}",
                        issues.unlinked.len(),
                        if issues.unlinked.len() == 1 {
                            " is"
                        } else {
                            "s are"
                        },
                        list.join(", ")
                    ),
                )
                .with_hint("give links a full URL such as https://example.org/page"),
            );
        }

        let modified = modified(doc, opts, warnings);
        let opf = package_document(&env, &identifier, &modified, &items, cover.is_some());
        let mut all = vec![
            File {
                path: "mimetype".to_owned(),
                bytes: crate::MEDIA_TYPE.as_bytes().to_vec(),
            },
            File {
                path: "META-INF/container.xml".to_owned(),
                bytes: CONTAINER.as_bytes().to_vec(),
            },
            File {
                path: format!("{DIR}/content.opf"),
                bytes: opf.into_bytes(),
            },
        ];
        all.extend(files);
        Book { files: all }
    }
}

const XHTML: &str = "application/xhtml+xml";

const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
<rootfiles>\n<rootfile full-path=\"EPUB/content.opf\" media-type=\"application/oebps-package+xml\"/>\n\
</rootfiles>\n</container>\n";

fn item(
    id: &str,
    href: &str,
    media_type: &'static str,
    properties: Option<&'static str>,
    spine: Option<bool>,
) -> Item {
    Item {
        id: id.to_owned(),
        href: href.to_owned(),
        media_type,
        properties,
        spine,
    }
}

/// The body markup of a transcript part: one section, named by its first heading.
fn section(env: &Env<'_>, part: &Part) -> String {
    let mut s = String::with_capacity(part.html.len() + 128);
    match part.headings.first() {
        Some(h) if part.opens_with_heading => {
            s.push_str("<section class=\"transcript\" aria-labelledby=\"");
            s.push_str(&h.id);
            s.push_str("\">\n");
        }
        _ => {
            s.push_str("<section class=\"transcript\" aria-label=\"");
            xml::attr(&mut s, env.labels.transcript);
            s.push_str("\">\n");
        }
    }
    s.push_str(&part.html);
    s.push_str("</section>\n");
    s
}

/// The language tag of the book: the transcript's when it is a well-formed BCP 47 tag,
/// else `und` with a warning.
fn language(doc: &Transcript, warnings: &mut Diagnostics) -> String {
    match doc.meta.language.as_deref().map(str::trim) {
        Some(tag) if well_formed_tag(tag) => tag.replace('_', "-"),
        Some(tag) => {
            warnings.push(
                Diagnostic::warning(
                    "epub.language",
                    format!("language tag `{tag}` is not well-formed; the book's language is `und` (undetermined)"),
                )
                .with_hint("give the language as a BCP 47 tag such as `de` or `en-US`"),
            );
            "und".to_owned()
        }
        None => {
            warnings.push(
                Diagnostic::warning(
                    "epub.language",
                    "the transcript names no language; the book's language is `und` (undetermined)",
                )
                .with_hint("give the language as a BCP 47 tag such as `de` or `en-US`"),
            );
            "und".to_owned()
        }
    }
}

/// A loose BCP 47 syntax check: a 2–3 letter primary subtag, then subtags of 1–8 letters
/// or digits.
fn well_formed_tag(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `dcterms:modified`: the option's timestamp, else the transcript's date, else 1980-01-01.
fn modified(doc: &Transcript, opts: &EpubOptions, warnings: &mut Diagnostics) -> String {
    if let Some(ts) = opts.timestamp {
        if let Some(iso) = date::iso_from_epoch(ts) {
            return iso;
        }
        warnings.push(Diagnostic::warning(
            "epub.timestamp",
            format!("timestamp {ts} is outside the years 0–9999 and is ignored"),
        ));
    }
    if let Some(d) = doc.meta.date.as_deref().and_then(date::w3c_date) {
        return date::modified_from_date(d);
    }
    warnings.push(
        Diagnostic::note(
            "epub.modified-date",
            "no timestamp and no date: the book's modification date is 1980-01-01",
        )
        .with_hint("set SOURCE_DATE_EPOCH or give the transcript a date"),
    );
    "1980-01-01T00:00:00Z".to_owned()
}

fn dc(out: &mut String, element: &str, id: Option<&str>, value: &str) {
    out.push_str("<dc:");
    out.push_str(element);
    if let Some(id) = id {
        out.push_str(" id=\"");
        out.push_str(id);
        out.push('"');
    }
    out.push('>');
    xml::text(out, value);
    out.push_str("</dc:");
    out.push_str(element);
    out.push_str(">\n");
}

fn meta(out: &mut String, property: &str, refines: Option<&str>, value: &str) {
    out.push_str("<meta ");
    if let Some(r) = refines {
        out.push_str("refines=\"#");
        out.push_str(r);
        out.push_str("\" ");
    }
    out.push_str("property=\"");
    out.push_str(property);
    out.push_str("\">");
    xml::text(out, value);
    out.push_str("</meta>\n");
}

/// The package document (`content.opf`).
fn package_document(
    env: &Env<'_>,
    identifier: &str,
    modified: &str,
    items: &[Item],
    has_cover: bool,
) -> String {
    let doc = env.doc;
    let m = &doc.meta;
    let mut o = String::with_capacity(4096);
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\" xml:lang=\"");
    o.push_str(&env.lang);
    o.push_str("\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    dc(&mut o, "identifier", Some("uid"), identifier);
    dc(&mut o, "title", Some("title"), &env.title);
    meta(&mut o, "title-type", Some("title"), "main");
    if let Some(sub) = m
        .subtitle
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        dc(&mut o, "title", Some("subtitle"), sub);
        meta(&mut o, "title-type", Some("subtitle"), "subtitle");
    }
    dc(&mut o, "language", None, &env.lang);
    for (i, name) in cover::speaker_names(doc).iter().enumerate() {
        let id = format!("creator-{}", i + 1);
        dc(&mut o, "creator", Some(&id), name);
        o.push_str(&format!(
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">spk</meta>\n"
        ));
    }
    for (i, name) in m
        .contributors
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .enumerate()
    {
        dc(
            &mut o,
            "contributor",
            Some(&format!("contributor-{}", i + 1)),
            name,
        );
    }
    if let Some(p) = m
        .publisher
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        dc(&mut o, "publisher", None, p);
    }
    if let Some(d) = m.date.as_deref().and_then(date::w3c_date) {
        dc(&mut o, "date", None, d);
    }
    if let Some(s) = m
        .source_url
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        dc(&mut o, "source", None, s);
    }
    if let Some(r) = m.rights.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        dc(&mut o, "rights", None, r);
    }
    for k in m
        .keywords
        .iter()
        .map(|k| k.trim())
        .filter(|k| !k.is_empty())
    {
        dc(&mut o, "subject", None, k);
    }
    meta(&mut o, "dcterms:modified", None, modified);
    // EPUB Accessibility 1.1 discovery metadata (schema.org, reserved prefix in EPUB 3).
    meta(&mut o, "schema:accessMode", None, "textual");
    if has_cover {
        meta(&mut o, "schema:accessMode", None, "visual");
    }
    meta(&mut o, "schema:accessModeSufficient", None, "textual");
    for feature in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ] {
        meta(&mut o, "schema:accessibilityFeature", None, feature);
    }
    if has_cover {
        meta(
            &mut o,
            "schema:accessibilityFeature",
            None,
            "alternativeText",
        );
    }
    meta(&mut o, "schema:accessibilityHazard", None, "none");
    o.push_str("<meta property=\"schema:accessibilitySummary\" xml:lang=\"");
    o.push_str(env.labels.summary_lang);
    o.push_str("\">");
    xml::text(&mut o, env.labels.summary);
    if has_cover {
        o.push(' ');
        xml::text(&mut o, env.labels.summary_cover);
    }
    o.push_str("</meta>\n");
    if has_cover {
        // EPUB 2 reading systems find the cover this way; EPUB 3 allows the element.
        o.push_str("<meta name=\"cover\" content=\"cover-image\"/>\n");
    }
    o.push_str("</metadata>\n<manifest>\n");
    for it in items {
        o.push_str(&format!(
            "<item id=\"{}\" href=\"{}\" media-type=\"{}\"",
            it.id, it.href, it.media_type
        ));
        if let Some(p) = it.properties {
            o.push_str(&format!(" properties=\"{p}\""));
        }
        o.push_str("/>\n");
    }
    o.push_str("</manifest>\n<spine>\n");
    for it in items {
        match it.spine {
            Some(true) => o.push_str(&format!("<itemref idref=\"{}\"/>\n", it.id)),
            Some(false) => o.push_str(&format!("<itemref idref=\"{}\" linear=\"no\"/>\n", it.id)),
            None => {}
        }
    }
    o.push_str("</spine>\n</package>\n");
    o
}

/// The navigation document: table of contents (title page, transcript with its headings,
/// back matter) and landmarks.
fn nav_document(
    env: &Env<'_>,
    has_cover: bool,
    toc: &[(String, Vec<TocHeading>, bool)],
    has_back: bool,
) -> String {
    let l = env.labels;
    let mut entries: Vec<(u8, String, String)> =
        vec![(1, "title.xhtml".to_owned(), l.title_page.to_owned())];
    let first_href = toc
        .first()
        .map_or("text-001.xhtml", |(h, _, _)| h.as_str())
        .to_owned();
    let starts_with_heading = toc.first().is_some_and(|(_, _, opens)| *opens);
    let body_level = toc
        .iter()
        .flat_map(|(_, hs, _)| hs.iter().map(|h| h.level))
        .min()
        .unwrap_or(1);
    if !starts_with_heading {
        entries.push((1, first_href.clone(), l.transcript.to_owned()));
    }
    for (href, headings, _) in toc {
        for h in headings {
            let level = 1 + h.level.saturating_sub(body_level);
            entries.push((level, format!("{href}#{}", h.id), h.label.clone()));
        }
    }
    if has_back {
        entries.push((1, "back.xhtml".to_owned(), l.back.to_owned()));
    }
    let mut b = String::from(
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">",
    );
    xml::text(&mut b, l.contents);
    b.push_str("</h1>\n");
    nested_list(&mut b, &entries);
    b.push_str("</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\" aria-labelledby=\"landmarks-title\">\n<h2 id=\"landmarks-title\">");
    xml::text(&mut b, l.landmarks);
    b.push_str("</h2>\n<ol>\n");
    let mut landmark = |ty: &str, href: &str, label: &str| {
        b.push_str(&format!("<li><a epub:type=\"{ty}\" href=\"{href}\">"));
        xml::text(&mut b, label);
        b.push_str("</a></li>\n");
    };
    if has_cover {
        landmark("cover", "cover.xhtml", l.cover);
    }
    landmark("titlepage", "title.xhtml", l.title_page);
    landmark("toc", "nav.xhtml#toc", l.contents);
    landmark("bodymatter", &first_href, l.transcript);
    if has_back {
        landmark("backmatter", "back.xhtml", l.back);
    }
    b.push_str("</ol>\n</nav>\n");
    content::page(env, l.contents, "", &b)
}

/// An ordered list nested by level: deeper entries go into a list inside the previous item.
fn nested_list(out: &mut String, entries: &[(u8, String, String)]) {
    let mut stack: Vec<u8> = Vec::new();
    for (level, href, label) in entries {
        match stack.last() {
            None => {
                out.push_str("<ol>\n");
                stack.push(*level);
            }
            Some(&top) if *level > top => {
                out.push_str("\n<ol>\n");
                stack.push(*level);
            }
            Some(_) => {
                out.push_str("</li>\n");
                while stack.len() > 1 && stack.last().is_some_and(|&t| *level < t) {
                    stack.pop();
                    out.push_str("</ol>\n</li>\n");
                }
            }
        }
        out.push_str("<li><a href=\"");
        xml::attr(out, href);
        out.push_str("\">");
        xml::text(out, label);
        out.push_str("</a>");
    }
    if !stack.is_empty() {
        out.push_str("</li>\n");
        for _ in 1..stack.len() {
            out.push_str("</ol>\n</li>\n");
        }
        out.push_str("</ol>\n");
    }
}

#[cfg(test)]
mod tests;
