//! End-to-end tests of the PDF exporter, read back with lopdf: determinism, structure,
//! metadata, warnings and bad input.

use lopdf::{Document, Object};
use scriba_core::{
    Block, EventKind, ExportContext, Exporter, Field, Inline, NoteKind, Paragraph, Severity,
    Speaker, Transcript,
};
use scriba_pdf::{Paper, PdfExporter, PdfOptions, export};

fn interview() -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.title = Some("Ein Gespräch über (Klammern) & \\Backslashes".into());
    doc.meta.subtitle = Some("Untertitel".into());
    doc.meta.language = Some("de".into());
    doc.meta.date = Some("2025-01-31".into());
    doc.meta.source_url = Some("https://example.org/gespräch?a=1&b=2".into());
    doc.speakers = vec![
        Speaker::new("a", "Anna Weber"),
        Speaker::new("b", "Bernd Roth"),
    ];
    doc.front.push(Block::Note {
        kind: NoteKind::Disclaimer,
        content: vec![Inline::text("Das Transkript ist nicht wortgenau.")],
        span: None,
    });
    doc.body.push(Block::Heading {
        level: 1,
        content: vec![Inline::text("Erster Teil")],
        span: None,
    });
    doc.body.push(Block::turn(
        Some("a"),
        vec![Paragraph::new(vec![
            Inline::text("Ich habe "),
            Inline::Title {
                content: vec![Inline::text("Die Blechtrommel")],
            },
            Inline::text(" gelesen und sage: "),
            Inline::Quote {
                content: vec![Inline::text("großartig")],
            },
            Inline::text(". Mehr unter "),
            Inline::Link {
                url: "https://example.org/buch".into(),
                content: vec![Inline::text("diesem Link")],
            },
            Inline::text("."),
        ])],
    ));
    doc.body.push(Block::Event {
        kind: EventKind::Applause,
        description: "Applaus".into(),
        span: None,
    });
    doc.body.push(Block::turn(
        Some("b"),
        vec![
            Paragraph::text("Danke schön. ".repeat(60)),
            Paragraph::text("Zweiter Absatz."),
        ],
    ));
    doc.body.push(Block::Heading {
        level: 1,
        content: vec![Inline::text("Zweiter Teil")],
        span: None,
    });
    doc.body.push(Block::turn(
        Some("a"),
        vec![Paragraph::text("Zum Schluss.")],
    ));
    doc.end_marker = Some("ENDE".into());
    doc.back.push(Block::Fields {
        title: Some("BANKKONTO".into()),
        items: vec![Field {
            label: "IBAN".into(),
            value: vec![Inline::text("DE00 1234")],
        }],
        span: None,
    });
    doc
}

fn opts_with(f: impl FnOnce(&mut PdfOptions)) -> PdfOptions {
    let mut o = PdfOptions::default();
    f(&mut o);
    o
}

fn load(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("the PDF parses")
}

fn pdf(doc: &Transcript, opts: &PdfOptions) -> (Vec<u8>, Vec<scriba_core::Diagnostic>) {
    let out = export(doc, opts).expect("exports");
    (out.output, out.warnings)
}

fn catalog(doc: &Document) -> &lopdf::Dictionary {
    doc.catalog().expect("has a catalog")
}

fn name(o: &Object) -> String {
    String::from_utf8_lossy(o.as_name().expect("a name")).into_owned()
}

fn all_content(doc: &Document) -> String {
    let mut out = String::new();
    for (_, id) in doc.get_pages() {
        out.push_str(&String::from_utf8_lossy(&doc.get_page_content(id)));
    }
    out
}

/// The structure tree's root and its parent tree's `/Nums` array.
fn structure(doc: &Document) -> (&lopdf::Dictionary, &Vec<Object>) {
    let root = doc
        .get_dictionary(
            catalog(doc)
                .get(b"StructTreeRoot")
                .and_then(Object::as_reference)
                .expect("a structure tree"),
        )
        .expect("the root");
    let nums = root
        .get(b"ParentTree")
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"Nums"))
        .and_then(Object::as_array)
        .expect("a parent tree");
    (root, nums)
}

#[test]
fn same_input_same_bytes() {
    let doc = interview();
    let opts = opts_with(|o| o.timestamp = Some(1_700_000_000));
    let (a, _) = pdf(&doc, &opts);
    let (b, _) = pdf(&doc, &opts);
    assert_eq!(a, b);
    let (c, _) = pdf(&doc, &PdfOptions::default());
    assert_eq!(a, c, "the model's date wins over the timestamp");
}

#[test]
fn catalog_has_language_outline_and_metadata() {
    let (bytes, warnings) = pdf(&interview(), &PdfOptions::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    let doc = load(&bytes);
    let cat = catalog(&doc);
    assert_eq!(
        cat.get(b"Lang").and_then(Object::as_str).expect("Lang"),
        b"de"
    );
    assert_eq!(name(cat.get(b"PageMode").expect("PageMode")), "UseOutlines");
    assert!(cat.get(b"Metadata").is_ok());
    let id = doc
        .trailer
        .get(b"ID")
        .and_then(Object::as_array)
        .expect("an /ID");
    assert_eq!(id.len(), 2);

    // The outline nests the turns under their heading, in document order.
    let outlines = doc
        .get_dictionary(
            cat.get(b"Outlines")
                .and_then(Object::as_reference)
                .expect("outlines"),
        )
        .expect("dict");
    let first = outlines
        .get(b"First")
        .and_then(Object::as_reference)
        .expect("first");
    let first = doc.get_dictionary(first).expect("entry");
    let title = first.get(b"Title").and_then(Object::as_str).expect("title");
    assert_eq!(
        lopdf::decode_text_string(&Object::string_literal(title)).unwrap_or_default(),
        "Erster Teil"
    );
    let child = doc
        .get_dictionary(
            first
                .get(b"First")
                .and_then(Object::as_reference)
                .expect("a child"),
        )
        .expect("child");
    let child_title = lopdf::decode_text_string(child.get(b"Title").expect("title")).expect("text");
    assert!(
        child_title.starts_with("Anna Weber: Ich habe"),
        "{child_title}"
    );
    let second = doc
        .get_dictionary(
            first
                .get(b"Next")
                .and_then(Object::as_reference)
                .expect("next"),
        )
        .expect("second");
    let second_title =
        lopdf::decode_text_string(second.get(b"Title").expect("title")).expect("text");
    assert_eq!(second_title, "Zweiter Teil");

    // Info with the model's date.
    let info = doc
        .get_dictionary(
            doc.trailer
                .get(b"Info")
                .and_then(Object::as_reference)
                .expect("info"),
        )
        .expect("dict");
    assert_eq!(
        info.get(b"CreationDate")
            .and_then(Object::as_str)
            .expect("date"),
        b"D:20250131000000Z"
    );
    let author = lopdf::decode_text_string(info.get(b"Author").expect("author")).expect("text");
    assert_eq!(author, "Anna Weber, Bernd Roth");
    let xmp_ref = cat
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .expect("ref");
    let xmp = doc
        .get_object(xmp_ref)
        .and_then(Object::as_stream)
        .expect("stream");
    let xmp = String::from_utf8_lossy(&xmp.content);
    assert!(xmp.contains("<rdf:li>de</rdf:li>"), "{xmp}");
    assert!(xmp.contains("(Klammern) &amp; \\Backslashes"), "{xmp}");
    assert!(xmp.contains("2025-01-31T00:00:00Z"));
}

#[test]
fn links_become_uri_annotations() {
    let (bytes, _) = pdf(&interview(), &PdfOptions::default());
    let doc = load(&bytes);
    let mut uris = Vec::new();
    for (_, page) in doc.get_pages() {
        let page = doc.get_dictionary(page).expect("page");
        if let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) {
            for a in annots {
                let a = doc
                    .get_dictionary(a.as_reference().expect("ref"))
                    .expect("annot");
                let action = a.get(b"A").and_then(Object::as_dict).expect("action");
                uris.push(
                    String::from_utf8_lossy(
                        action.get(b"URI").and_then(Object::as_str).expect("uri"),
                    )
                    .into_owned(),
                );
            }
        }
    }
    assert!(
        uris.contains(&"https://example.org/buch".to_owned()),
        "{uris:?}"
    );
    assert!(
        uris.contains(&"https://example.org/gespr%C3%A4ch?a=1&b=2".to_owned()),
        "{uris:?}"
    );
}

#[test]
fn fonts_are_embedded_subsets_with_tounicode() {
    let (bytes, _) = pdf(&interview(), &PdfOptions::default());
    let doc = load(&bytes);
    let mut fonts = 0;
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) == Some(b"Type0") {
            fonts += 1;
            let base = name(dict.get(b"BaseFont").expect("name"));
            assert!(
                base.len() > 7 && base.as_bytes()[6] == b'+',
                "subset tag: {base}"
            );
            assert!(dict.get(b"ToUnicode").is_ok());
            // The bundled TrueType fonts: CIDFontType2 with an identity CID-to-glyph map and
            // the font program as FontFile2.
            let descendants = dict
                .get(b"DescendantFonts")
                .and_then(Object::as_array)
                .expect("descendants");
            let cid = doc
                .get_dictionary(descendants[0].as_reference().expect("ref"))
                .expect("CID font");
            assert_eq!(name(cid.get(b"Subtype").expect("subtype")), "CIDFontType2");
            assert_eq!(name(cid.get(b"CIDToGIDMap").expect("map")), "Identity");
            let descriptor = doc
                .get_dictionary(
                    cid.get(b"FontDescriptor")
                        .and_then(Object::as_reference)
                        .expect("ref"),
                )
                .expect("descriptor");
            assert!(descriptor.get(b"FontFile2").is_ok());
        }
    }
    assert_eq!(fonts, 3, "regular, bold and italic");
    let content = all_content(&doc);
    assert!(content.contains(" TJ"));
    assert!(
        content.contains("/Artifact"),
        "page furniture is marked as an artifact"
    );
}

#[test]
fn an_empty_transcript_gives_a_valid_page() {
    let (bytes, _) = pdf(&Transcript::default(), &PdfOptions::default());
    let doc = load(&bytes);
    assert_eq!(doc.get_pages().len(), 1);
    assert_eq!(
        catalog(&doc)
            .get(b"Lang")
            .and_then(Object::as_str)
            .expect("Lang"),
        b"und"
    );
}

#[test]
fn no_date_without_model_date_or_timestamp() {
    let mut t = interview();
    t.meta.date = None;
    let (bytes, _) = pdf(&t, &PdfOptions::default());
    let doc = load(&bytes);
    let info = doc
        .get_dictionary(
            doc.trailer
                .get(b"Info")
                .and_then(Object::as_reference)
                .expect("info"),
        )
        .expect("dict");
    assert!(info.get(b"CreationDate").is_err());
    let (bytes, _) = pdf(&t, &opts_with(|o| o.timestamp = Some(86_400)));
    let doc = load(&bytes);
    let info = doc
        .get_dictionary(
            doc.trailer
                .get(b"Info")
                .and_then(Object::as_reference)
                .expect("info"),
        )
        .expect("dict");
    assert_eq!(
        info.get(b"CreationDate")
            .and_then(Object::as_str)
            .expect("date"),
        b"D:19700102000000Z"
    );
}

#[test]
fn paper_sizes() {
    let media = |t: &Transcript, opts: &PdfOptions| -> Vec<f32> {
        let (bytes, _) = pdf(t, opts);
        let doc = load(&bytes);
        let (_, page) = doc.get_pages().into_iter().next().expect("a page");
        let page = doc.get_dictionary(page).expect("page");
        page.get(b"MediaBox")
            .and_then(Object::as_array)
            .expect("box")
            .iter()
            .map(|o| o.as_float().expect("number"))
            .collect()
    };
    let mut t = interview();
    assert!((media(&t, &PdfOptions::default())[2] - 595.28).abs() < 0.01);
    t.meta.language = Some("en-US".into());
    assert_eq!(media(&t, &PdfOptions::default())[2..], [612.0, 792.0]);
    let a5 = opts_with(|o| o.paper = Paper::A5);
    assert!((media(&t, &a5)[2] - 419.53).abs() < 0.01);
}

#[test]
fn hostile_text_stays_valid() {
    let mut t = Transcript::default();
    t.meta.title = Some("<script>alert(1)</script> ]]> --> \u{0007}".into());
    t.meta.language = Some("en\u{0000}".into());
    t.speakers.push(Speaker::new("x", "(Mal)lory \\ )("));
    let hostile = "<script>alert('x')</script> & ]]> --> \u{0001}\u{001b}[31m \u{202E}evil\u{202C} (unbalanced \\ ) ( \r\n tab\tend";
    t.body
        .push(Block::turn(Some("x"), vec![Paragraph::text(hostile)]));
    t.body.push(Block::Event {
        kind: EventKind::Other,
        description: "(((".into(),
        span: None,
    });
    let (bytes, _) = pdf(&t, &PdfOptions::default());
    let doc = load(&bytes);
    assert!(doc.get_pages().len() >= 2);
    let cat = catalog(&doc);
    assert_eq!(
        cat.get(b"Lang").and_then(Object::as_str).expect("Lang"),
        b"und",
        "a language tag with a NUL is not written"
    );
    let xmp = doc
        .get_object(
            cat.get(b"Metadata")
                .and_then(Object::as_reference)
                .expect("ref"),
        )
        .and_then(Object::as_stream)
        .expect("xmp");
    let xmp = String::from_utf8_lossy(&xmp.content);
    assert!(xmp.contains("&lt;script&gt;"));
    assert!(!xmp.contains('\u{0007}'));
}

#[test]
fn a_huge_word_and_missing_characters_warn_or_break() {
    let mut t = interview();
    let word = "QUJDRA".repeat(850);
    t.body.push(Block::turn(
        Some("a"),
        vec![Paragraph::text(format!("Hier: {word} und 中文 🦀."))],
    ));
    let (bytes, warnings) = pdf(&t, &PdfOptions::default());
    load(&bytes);
    let missing: Vec<_> = warnings
        .iter()
        .filter(|w| w.code == "pdf.missing-glyphs")
        .collect();
    assert_eq!(missing.len(), 1, "{warnings:?}");
    assert_eq!(missing[0].severity, Severity::Warning);
    assert!(
        missing[0].message.contains("中 (U+4E2D)") && missing[0].message.contains("🦀"),
        "{}",
        missing[0].message
    );
    assert!(missing[0].hint.is_some());
}

#[test]
fn right_to_left_text_is_set_without_a_warning() {
    let mut t = interview();
    t.body.push(Block::turn(
        Some("a"),
        vec![Paragraph::text("שלום עולם مرحبا")],
    ));
    let (bytes, warnings) = pdf(&t, &PdfOptions::default());
    assert!(bytes.starts_with(b"%PDF-"));
    // The serif family has neither script: those characters are the only complaint.
    assert!(
        warnings.iter().all(|w| w.code == "pdf.missing-glyphs"),
        "{warnings:?}"
    );
}

#[test]
fn unreadable_fallback_fonts_warn() {
    let opts = opts_with(|o| o.fallback_fonts = vec![b"garbage".to_vec()]);
    let (_, warnings) = pdf(&interview(), &opts);
    assert!(
        warnings.iter().any(|w| w.code == "pdf.font-unreadable"),
        "{warnings:?}"
    );
}

#[test]
fn the_exporter_decodes_options_and_names_the_artifact() {
    let exporter = PdfExporter;
    assert_eq!(exporter.id(), "pdf");
    assert_eq!(exporter.info().extension, "pdf");
    let options = serde_json::json!({ "paper": "a5", "font_size": 9.0, "hyphenate": false });
    let ctx = ExportContext::new("talk")
        .with_options(options.as_object().expect("object").clone())
        .with_source_date_epoch(Some(0));
    let out = exporter.export(&interview(), &ctx).expect("exports");
    assert_eq!(out.output.len(), 1);
    // The limits themselves are allowed (35 % of the page side for a margin).
    let edge = serde_json::json!({ "font_size": 72, "margins": { "left": 73.5, "top": 0 } });
    let ctx = ExportContext::new("talk").with_options(edge.as_object().expect("object").clone());
    exporter
        .export(&interview(), &ctx)
        .expect("limits are allowed");
    assert_eq!(out.output[0].path, "talk.pdf");
    assert_eq!(out.output[0].media_type, "application/pdf");
    // A misspelt key is an error naming it, as with the other exporters, not silently the
    // default page.
    for (bad, names) in [
        (serde_json::json!({ "paper": "b7" }), "b7"),
        (serde_json::json!({ "page": "a5" }), "page"),
        (serde_json::json!({ "margins": { "inner": 20 } }), "inner"),
        // Values the page cannot honour are errors naming the range, not silently a default.
        (
            serde_json::json!({ "font_size": 2 }),
            "font_size must be between 4 and 72",
        ),
        (
            serde_json::json!({ "font_size": 100 }),
            "font_size must be between 4 and 72",
        ),
        (
            serde_json::json!({ "margins": { "left": -5 } }),
            "margins.left must be between 0 and 73.5 mm",
        ),
        (
            serde_json::json!({ "paper": "a5", "margins": { "bottom": 80 } }),
            "margins.bottom must be between 0 and 73.5 mm",
        ),
        (
            serde_json::json!({ "margins": { "left": 200, "right": 200 } }),
            "margins.left must be between 0 and 73.5 mm",
        ),
    ] {
        let ctx = ExportContext::new("talk").with_options(bad.as_object().expect("object").clone());
        let err = exporter
            .export(&interview(), &ctx)
            .map(|_| ())
            .expect_err("an invalid option");
        assert_eq!(err[0].severity, Severity::Error);
        assert!(err[0].message.contains(names), "{}", err[0].message);
    }
}

/// Random text from a mix of scripts, controls, marks, bidi controls, emoji and long runs:
/// every document exports without a panic and parses back.
#[test]
fn random_hostile_documents_export() {
    const POOL: &[&str] = &[
        "a",
        "Ä",
        "ß",
        "é",
        "\u{301}",
        "Ω",
        "Ж",
        "中",
        "文",
        "ア",
        "한",
        "ש",
        "م",
        "🦀",
        "👩\u{200D}💻",
        " ",
        "  ",
        "\n",
        "\t",
        "\u{0}",
        "\u{7}",
        "\u{1b}",
        "\u{202E}",
        "\u{2066}",
        "\u{200B}",
        "\u{AD}",
        "\u{FEFF}",
        "(",
        ")",
        "\\",
        "<",
        "&",
        "]]>",
        "-->",
        "-",
        "/",
        "https://x.org/a",
        "fi",
        "ffl",
        "…",
        "„",
        "“",
        "\u{FFFD}",
        "\u{10FFFF}",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..40 {
        let mut text = String::new();
        let len = (next() % 400) as usize;
        for _ in 0..len {
            let piece = POOL[(next() % POOL.len() as u64) as usize];
            let reps = if next() % 50 == 0 { 200 } else { 1 };
            text.push_str(&piece.repeat(reps));
        }
        let mut doc = interview();
        doc.meta.title = Some(text.chars().take(80).collect());
        doc.meta.language = Some(["de", "en-US", "zh", "ar", "und", ""][round % 6].into());
        doc.body.push(Block::turn(
            Some("a"),
            vec![
                Paragraph::text(text.clone()),
                Paragraph::new(vec![Inline::Quote {
                    content: vec![Inline::text(text)],
                }]),
            ],
        ));
        let out =
            export(&doc, &PdfOptions::default()).unwrap_or_else(|e| panic!("round {round}: {e:?}"));
        let parsed = load(&out.output);
        assert!(!parsed.get_pages().is_empty(), "round {round}");
    }
}

/// A tiny OpenType font with CFF outlines (see `tests/fixtures/make-cff-font.py`).
const CFF_FIXTURE: &[u8] = include_bytes!("fixtures/boxes-cff.otf");

#[test]
fn a_cff_fallback_font_is_embedded_as_opentype() {
    let mut t = interview();
    t.body.push(Block::turn(
        Some("a"),
        vec![Paragraph::text("Zeichen 中文 und ☃.")],
    ));
    let opts = opts_with(|o| o.fallback_fonts = vec![CFF_FIXTURE.to_vec()]);
    let (bytes, warnings) = pdf(&t, &opts);
    assert!(
        !warnings.iter().any(|w| w.code == "pdf.missing-glyphs"),
        "{warnings:?}"
    );
    let doc = load(&bytes);
    let mut cff = 0;
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) != Some(b"CIDFontType0") {
            continue;
        }
        cff += 1;
        assert!(
            dict.get(b"CIDToGIDMap").is_err(),
            "no CIDToGIDMap for CFF fonts"
        );
        let descriptor = doc
            .get_dictionary(
                dict.get(b"FontDescriptor")
                    .and_then(Object::as_reference)
                    .expect("ref"),
            )
            .expect("descriptor");
        let file = descriptor
            .get(b"FontFile3")
            .and_then(Object::as_reference)
            .expect("FontFile3");
        let file = doc
            .get_object(file)
            .and_then(Object::as_stream)
            .expect("stream");
        assert_eq!(
            name(file.dict.get(b"Subtype").expect("subtype")),
            "OpenType"
        );
    }
    assert_eq!(cff, 1);
}

#[test]
fn the_pdf_is_tagged_with_paragraphs_and_headings() {
    let (bytes, _) = pdf(&interview(), &PdfOptions::default());
    let doc = load(&bytes);
    let cat = catalog(&doc);
    let marked = cat
        .get(b"MarkInfo")
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"Marked"))
        .and_then(Object::as_bool)
        .expect("MarkInfo/Marked");
    assert!(marked);
    let (root, nums) = structure(&doc);
    let document = doc
        .get_dictionary(root.get(b"K").and_then(Object::as_reference).expect("K"))
        .expect("the Document element");
    assert_eq!(name(document.get(b"S").expect("S")), "Document");
    let roles: Vec<String> = document
        .get(b"K")
        .and_then(Object::as_array)
        .expect("kids")
        .iter()
        .map(|k| {
            let e = doc
                .get_dictionary(k.as_reference().expect("a reference"))
                .expect("an element");
            name(e.get(b"S").expect("S"))
        })
        .collect();
    // Title, subtitle, date, speakers, source, disclaimer; heading, turn, event, two
    // paragraphs, heading, turn; end marker, field title and field.
    assert_eq!(roles.first().map(String::as_str), Some("H1"));
    assert_eq!(roles.iter().filter(|r| *r == "H2").count(), 3, "{roles:?}");
    assert!(
        roles.iter().filter(|r| *r == "P").count() >= 10,
        "{roles:?}"
    );
    // Every page has its key in the parent tree, and marks its content with MCIDs.
    let pages = doc.get_pages();
    // Pages' keys first, then one per link annotation, each pointing at a `Link` element
    // whose kids end with the annotation.
    let annots: Vec<(lopdf::ObjectId, i64)> = pages
        .values()
        .flat_map(|&p| doc.get_page_annotations(p).unwrap_or_default())
        .map(|a| {
            let key = a
                .get(b"StructParent")
                .and_then(Object::as_i64)
                .expect("StructParent");
            (
                a.get(b"P").and_then(Object::as_reference).unwrap_or((0, 0)),
                key,
            )
        })
        .collect();
    assert!(annots.len() >= 2, "the source URL and the link in the text");
    assert_eq!(nums.len(), (pages.len() + annots.len()) * 2);
    for (i, (_, key)) in annots.iter().enumerate() {
        assert_eq!(*key, (pages.len() + i) as i64);
        let elem = nums[(pages.len() + i) * 2 + 1]
            .as_reference()
            .and_then(|r| doc.get_dictionary(r))
            .expect("a Link element");
        assert_eq!(name(elem.get(b"S").expect("S")), "Link");
        let kids = elem.get(b"K").and_then(Object::as_array).expect("kids");
        let objr = kids.last().and_then(|k| k.as_dict().ok()).expect("an OBJR");
        assert_eq!(name(objr.get(b"Type").expect("Type")), "OBJR");
    }
    for (i, (_, id)) in pages.iter().enumerate() {
        let page = doc.get_dictionary(*id).expect("a page");
        assert_eq!(
            page.get(b"StructParents").and_then(Object::as_i64).ok(),
            Some(i as i64)
        );
        let content = String::from_utf8_lossy(&doc.get_page_content(*id)).into_owned();
        let marked = content.matches("<</MCID ").count();
        let entries = nums[i * 2 + 1].as_array().expect("MCIDs of the page").len();
        assert_eq!(marked, entries, "page {i}");
        assert_eq!(
            content.matches(" BDC").count(),
            content.matches("EMC").count()
        );
    }
}

#[test]
fn untagged_pdfs_have_no_structure_tree_and_no_mcids() {
    let (bytes, _) = pdf(&interview(), &opts_with(|o| o.tagged = Some(false)));
    let doc = load(&bytes);
    let cat = catalog(&doc);
    assert!(cat.get(b"StructTreeRoot").is_err() && cat.get(b"MarkInfo").is_err());
    assert!(!all_content(&doc).contains("MCID"));
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).expect("a page");
        assert!(page.get(b"StructParents").is_err());
    }
    // The same glyphs are drawn at the same places as in the tagged file.
    let (tagged, _) = pdf(&interview(), &PdfOptions::default());
    let drawing = |content: String| -> Vec<String> {
        content
            .lines()
            .filter(|l| l.ends_with(" TJ"))
            .map(str::to_owned)
            .collect()
    };
    let tagged = drawing(all_content(&load(&tagged)));
    assert!(tagged.len() > 20, "{}", tagged.len());
    assert_eq!(tagged, drawing(all_content(&doc)));
}

#[test]
fn a_link_cut_over_lines_is_tagged_in_its_paragraph() {
    let url = format!("https://example.org/{}ende", "abschnitt/".repeat(30));
    let mut doc = Transcript::default();
    doc.meta.language = Some("de".into());
    doc.speakers.push(Speaker::new("a", "Anna"));
    doc.body.push(Block::turn(
        Some("a"),
        vec![Paragraph::new(vec![
            Inline::text("Siehe "),
            Inline::Link {
                url: url.clone(),
                content: vec![Inline::text(url.as_str())],
            },
            Inline::text(" und mehr."),
        ])],
    ));
    let (bytes, _) = pdf(&doc, &PdfOptions::default());
    let doc = load(&bytes);
    let pages = doc.get_pages();
    let annots: Vec<i64> = pages
        .values()
        .flat_map(|&p| doc.get_page_annotations(p).unwrap_or_default())
        .map(|a| {
            a.get(b"StructParent")
                .and_then(Object::as_i64)
                .expect("a key")
        })
        .collect();
    assert!(
        annots.len() >= 3,
        "one annotation per line: {}",
        annots.len()
    );
    let (_, nums) = structure(&doc);
    for key in annots {
        let at = nums
            .iter()
            .position(|n| n.as_i64().ok() == Some(key))
            .expect("the annotation's key is in the parent tree");
        let link = nums[at + 1]
            .as_reference()
            .and_then(|r| doc.get_dictionary(r))
            .expect("its element");
        assert_eq!(name(link.get(b"S").expect("S")), "Link");
        let parent = link
            .get(b"P")
            .and_then(Object::as_reference)
            .and_then(|r| doc.get_dictionary(r))
            .expect("a parent");
        assert_eq!(
            name(parent.get(b"S").expect("S")),
            "P",
            "inside the paragraph"
        );
    }
}

#[test]
fn code_is_set_in_the_mono_font_and_tagged_as_code() {
    let mut doc = interview();
    doc.body.push(Block::turn(
        Some("a"),
        vec![Paragraph::new(vec![
            Inline::text("Wir rufen "),
            Inline::Code {
                text: "go fmt".into(),
            },
            Inline::text(" auf, dann "),
            Inline::Code {
                text: "goimports".into(),
            },
            Inline::text("."),
        ])],
    ));
    let (bytes, _) = pdf(&doc, &PdfOptions::default());
    let pdf_doc = load(&bytes);
    // The mono font is embedded (the interview alone does not use it).
    let fonts: Vec<String> = pdf_doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").ok().map(name).as_deref() == Some("FontDescriptor"))
        .map(|d| name(d.get(b"FontName").expect("FontName")))
        .collect();
    assert!(
        fonts.iter().any(|f| f.ends_with("+DejaVuSansMono")),
        "{fonts:?}"
    );
    let (plain, _) = pdf(&interview(), &PdfOptions::default());
    assert!(!String::from_utf8_lossy(&plain).contains("DejaVuSansMono"));
    // Two `Code` elements inside a paragraph, each with its marked content, which the
    // parent tree leads back to.
    let codes: Vec<(lopdf::ObjectId, &lopdf::Dictionary)> = pdf_doc
        .objects
        .iter()
        .filter_map(|(id, o)| o.as_dict().ok().map(|d| (*id, d)))
        .filter(|(_, d)| d.get(b"S").ok().map(name).as_deref() == Some("Code"))
        .collect();
    assert_eq!(codes.len(), 2);
    let (_, nums) = structure(&pdf_doc);
    for (id, code) in &codes {
        let parent = pdf_doc
            .get_dictionary(code.get(b"P").and_then(Object::as_reference).expect("P"))
            .expect("the parent");
        assert_eq!(name(parent.get(b"S").expect("S")), "P");
        let kids = code.get(b"K").and_then(Object::as_array).expect("K");
        assert_eq!(kids.len(), 1, "one line each");
        let mcid = kids[0].as_i64().expect("an MCID");
        let page_entries = nums
            .chunks(2)
            .map(|kv| kv[1].as_array().expect("a page's MCIDs"))
            .find(|entries| {
                entries
                    .get(mcid as usize)
                    .and_then(|e| e.as_reference().ok())
                    == Some(*id)
            });
        assert!(
            page_entries.is_some(),
            "MCID {mcid} leads back to its Code element"
        );
    }
    assert_eq!(all_content(&pdf_doc).matches("/Code <</MCID").count(), 2);
}
