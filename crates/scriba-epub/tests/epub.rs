//! The EPUB exporter end to end: container layout, determinism, fidelity, hostile input,
//! splitting, options and snapshots of the package, navigation and content documents.

mod common;

use common::{assert_well_formed, body_text, entry, hostile, interview, long, spine, unzip};
use scriba_core::{ExportContext, Exporter, Severity, Transcript, split_words};
use scriba_epub::{Cover, EpubExporter, EpubOptions, export};

const EPOCH: i64 = 1_738_281_600; // 2025-01-31T00:00:00Z

fn book(doc: &Transcript, opts: &EpubOptions) -> Vec<u8> {
    export(doc, opts).expect("export succeeds").output
}

fn opts() -> EpubOptions {
    EpubOptions::default().with_timestamp(Some(EPOCH))
}

/// The words of the spine's transcript files (`text-*.xhtml`) in reading order.
fn spine_words(bytes: &[u8]) -> Vec<String> {
    spine(bytes)
        .iter()
        .filter(|p| p.starts_with("EPUB/text-"))
        .flat_map(|p| {
            split_words(&body_text(&entry(bytes, p)))
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

mod container {
    use super::*;

    #[test]
    fn mimetype_first_and_stored() {
        let bytes = book(&interview(), &opts());
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        // Local header: method at 8, extra field length at 28, name at 30.
        assert_eq!(
            u16::from_le_bytes([bytes[8], bytes[9]]),
            0,
            "mimetype is stored"
        );
        assert_eq!(
            u16::from_le_bytes([bytes[28], bytes[29]]),
            0,
            "no extra field"
        );
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
        let entries = unzip(&bytes);
        let names: Vec<&str> = entries.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "mimetype",
                "META-INF/container.xml",
                "EPUB/content.opf",
                "EPUB/style.css",
                "EPUB/cover.svg",
                "EPUB/cover.xhtml",
                "EPUB/title.xhtml",
                "EPUB/text-001.xhtml",
                "EPUB/back.xhtml",
                "EPUB/nav.xhtml",
            ]
        );
        for (name, method, _) in &entries[1..] {
            assert_eq!(*method, zip::CompressionMethod::Deflated, "{name}");
        }
    }

    #[test]
    fn every_document_is_well_formed() {
        for doc in [
            interview(),
            hostile(),
            long(3_000, true),
            Transcript::default(),
        ] {
            for (name, _, data) in unzip(&book(&doc, &opts())) {
                if name.ends_with(".xhtml")
                    || name.ends_with(".opf")
                    || name.ends_with(".xml")
                    || name.ends_with(".svg")
                {
                    assert_well_formed(&name, std::str::from_utf8(&data).expect("utf-8"));
                }
            }
        }
    }
}

mod determinism {
    use super::*;

    #[test]
    fn two_exports_are_identical() {
        let doc = interview();
        assert_eq!(book(&doc, &opts()), book(&doc, &opts()));
        let doc = long(20_000, true);
        assert_eq!(book(&doc, &opts()), book(&doc, &opts()));
    }

    #[test]
    fn another_epoch_changes_only_the_modified_date() {
        let doc = interview();
        let a = unzip(&book(&doc, &opts()));
        let b = unzip(&book(
            &doc,
            &opts().with_timestamp(Some(EPOCH + 86_400 + 61)),
        ));
        assert_eq!(a.len(), b.len());
        for ((na, _, da), (nb, _, db)) in a.iter().zip(&b) {
            assert_eq!(na, nb);
            if na == "EPUB/content.opf" {
                let (ta, tb) = (String::from_utf8_lossy(da), String::from_utf8_lossy(db));
                let diff: Vec<(&str, &str)> =
                    ta.lines().zip(tb.lines()).filter(|(x, y)| x != y).collect();
                assert_eq!(
                    diff,
                    [(
                        "<meta property=\"dcterms:modified\">2025-01-31T00:00:00Z</meta>",
                        "<meta property=\"dcterms:modified\">2025-02-01T00:01:01Z</meta>"
                    )]
                );
            } else {
                assert_eq!(da, db, "{na} differs");
            }
        }
    }

    #[test]
    fn identifier_follows_the_content_not_the_time() {
        let doc = interview();
        let id = |bytes: &[u8]| {
            let opf = entry(bytes, "EPUB/content.opf");
            opf.lines()
                .find(|l| l.contains("dc:identifier"))
                .expect("identifier")
                .to_owned()
        };
        let a = id(&book(&doc, &opts()));
        assert!(a.contains("urn:uuid:"), "{a}");
        assert_eq!(a, id(&book(&doc, &opts().with_timestamp(Some(0)))));
        let mut other = doc.clone();
        other.meta.title = Some("Anders".into());
        assert_ne!(a, id(&book(&other, &opts())));
        let given = id(&book(
            &doc,
            &opts().with_identifier(Some("urn:isbn:9783161484100".into())),
        ));
        assert_eq!(
            given,
            "<dc:identifier id=\"uid\">urn:isbn:9783161484100</dc:identifier>"
        );
    }

    #[test]
    fn modified_date_falls_back_to_the_transcript_date() {
        let opf = entry(
            &book(&interview(), &EpubOptions::default()),
            "EPUB/content.opf",
        );
        assert!(opf.contains("<meta property=\"dcterms:modified\">2025-01-31T00:00:00Z</meta>"));
        let warned = export(&Transcript::default(), &EpubOptions::default()).expect("export");
        assert!(
            warned
                .warnings
                .iter()
                .any(|w| w.code == "epub.modified-date")
        );
    }
}

mod fidelity {
    use super::*;

    fn check(doc: &Transcript, opts: &EpubOptions) {
        let bytes = book(doc, opts);
        let got = spine_words(&bytes);
        let want = doc.body_words();
        if got != want {
            let at = got
                .iter()
                .zip(&want)
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(want.len()));
            panic!(
                "spine text differs from the model at word {at}: got {:?}, want {:?} ({} vs {} words)",
                &got[at..(at + 5).min(got.len())],
                &want[at..(at + 5).min(want.len())],
                got.len(),
                want.len()
            );
        }
    }

    #[test]
    fn interview_words_in_order() {
        check(&interview(), &opts());
    }

    #[test]
    fn long_transcript_words_in_order_across_files() {
        check(&long(60_000, true), &opts());
        check(&long(60_000, false), &opts().with_split_at_headings(false));
    }

    #[test]
    fn hostile_words_survive_cleaning() {
        // Control characters are dropped (or become spaces); everything else arrives.
        let mut doc = hostile();
        for p in doc.body.iter_mut() {
            if let scriba_core::Block::Turn { paragraphs, .. } = p {
                paragraphs.truncate(1);
            }
        }
        let bytes = book(&doc, &opts());
        let clean = |w: &str| {
            w.chars()
                .filter(|c| !c.is_control() && *c != '\u{fffe}')
                .collect::<String>()
        };
        let want: Vec<String> = doc
            .body_text()
            .iter()
            .flat_map(|t| {
                let cleaned: String = t
                    .chars()
                    .map(|c| if c.is_whitespace() { ' ' } else { c })
                    .collect();
                split_words(&clean(&cleaned))
                    .into_iter()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(spine_words(&bytes), want);
    }

    #[test]
    fn quotation_marks_follow_the_language() {
        let text = body_text(&entry(&book(&interview(), &opts()), "EPUB/text-001.xhtml"));
        assert!(text.contains("„privatisiert“"), "{text}");
        assert!(text.contains("„Ihre Daten, ‚meine Daten‘“"), "{text}");
    }
}

mod dialogue {
    use super::*;

    #[test]
    fn speaker_named_only_when_it_changes() {
        let html = entry(&book(&interview(), &opts()), "EPUB/text-001.xhtml");
        assert_eq!(
            html.matches("<bdi class=\"speaker\">Yanis Varoufakis:</bdi>")
                .count(),
            1,
            "{html}"
        );
        assert_eq!(
            html.matches("<bdi class=\"speaker\">Moderation:</bdi>")
                .count(),
            2,
            "{html}"
        );
        assert!(html.contains("<p class=\"event\">[Applaus]</p>"));
        assert!(html.contains("<cite>DeepSeek</cite>"));
        assert!(html.contains("<p class=\"end-marker\">ENDE</p>"));
    }

    #[test]
    fn turn_start_times_follow_the_name() {
        let mut doc = interview();
        if let scriba_core::Block::Turn { start_ms, .. } = &mut doc.body[1] {
            *start_ms = Some(3_723_000);
        }
        let bytes = book(&doc, &opts());
        let html = entry(&bytes, "EPUB/text-001.xhtml");
        assert!(
            html.contains("<bdi class=\"speaker\">Yanis Varoufakis:</bdi> <span class=\"timestamp\">1:02:03</span> Hallo"),
            "{html}"
        );
        assert_eq!(spine_words(&bytes), doc.body_words());
    }

    #[test]
    fn back_matter_has_definition_lists_and_only_real_links() {
        let warned = export(&interview(), &opts()).expect("export");
        let back = entry(&warned.output, "EPUB/back.xhtml");
        assert!(
            back.contains("<dt>IBAN:</dt>\n<dd>DE89430609678224073600</dd>"),
            "{back}"
        );
        assert!(back.contains("<a href=\"mailto:PayPal@acTVism.org\">PayPal@acTVism.org</a>"));
        assert!(back.contains("<a href=\"https://www.patreon.com/acTVism\">"));
        assert!(!back.contains("href=\"#\""));
        let w = warned
            .warnings
            .iter()
            .find(|w| w.code == "epub.link-target")
            .expect("warning");
        assert_eq!(w.severity, Severity::Warning);
    }
}

mod hostile_input {
    use super::*;

    #[test]
    fn markup_is_escaped_and_controls_reported() {
        let warned = export(&hostile(), &opts()).expect("export");
        for (name, _, data) in unzip(&warned.output) {
            let text = String::from_utf8(data).expect("utf-8");
            assert!(!text.contains("<script"), "{name} has a raw script tag");
            assert!(!text.contains("]]>"), "{name} has a raw ]]>");
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')),
                "{name} has controls"
            );
        }
        let codes: Vec<&str> = warned.warnings.iter().map(|w| w.code.as_str()).collect();
        for code in [
            "epub.control-characters",
            "epub.language",
            "epub.link-target",
        ] {
            assert!(codes.contains(&code), "{code} missing from {codes:?}");
        }
        let opf = entry(&warned.output, "EPUB/content.opf");
        assert!(opf.contains("<dc:language>und</dc:language>"));
        assert!(!opf.contains("<dc:date>"), "an invalid date is left out");
    }

    #[test]
    fn long_words_and_bidi_controls_are_kept() {
        let bytes = book(&hostile(), &opts());
        let text: String = spine(&bytes).iter().map(|p| entry(&bytes, p)).collect();
        assert!(text.contains(&"A".repeat(20_000)));
        assert!(text.contains("\u{202e}gnirts desrever\u{202c}"));
    }
}

mod splitting {
    use super::*;

    #[test]
    fn large_bodies_are_split_near_the_size_limit() {
        let bytes = book(&long(150_000, false), &opts());
        let files: Vec<(String, usize)> = unzip(&bytes)
            .into_iter()
            .filter(|(n, _, _)| n.starts_with("EPUB/text-"))
            .map(|(n, _, d)| (n, d.len()))
            .collect();
        assert!(files.len() >= 5, "{files:?}");
        for (name, size) in &files {
            assert!(*size < 320_000, "{name} has {size} bytes");
        }
    }

    #[test]
    fn top_level_headings_start_files_and_fill_the_toc() {
        let bytes = book(&long(30_000, true), &opts());
        let texts = spine(&bytes)
            .into_iter()
            .filter(|p| p.starts_with("EPUB/text-"))
            .count();
        assert_eq!(texts, 3);
        let nav = entry(&bytes, "EPUB/nav.xhtml");
        for (i, file) in [
            "text-001.xhtml#h1",
            "text-002.xhtml#h2",
            "text-003.xhtml#h3",
        ]
        .iter()
        .enumerate()
        {
            assert!(
                nav.contains(&format!("<a href=\"{file}\">Teil {}</a>", i + 1)),
                "{nav}"
            );
        }
        let one = book(
            &long(30_000, true),
            &opts()
                .with_split_at_headings(false)
                .with_max_file_bytes(usize::MAX),
        );
        assert_eq!(
            spine(&one)
                .iter()
                .filter(|p| p.starts_with("EPUB/text-"))
                .count(),
            1
        );
    }
}

mod options {
    use super::*;

    #[test]
    fn empty_body_gives_a_book_with_a_notice() {
        let warned = export(&Transcript::default(), &opts()).expect("export");
        assert!(warned.warnings.iter().any(|w| w.code == "epub.empty-body"));
        assert!(warned.warnings.iter().any(|w| w.code == "epub.no-title"));
        let html = entry(&warned.output, "EPUB/text-001.xhtml");
        assert!(html.contains("<p class=\"notice\">"), "{html}");
    }

    #[test]
    fn covers() {
        let names = |o: &EpubOptions| -> Vec<String> {
            unzip(&book(&interview(), o))
                .into_iter()
                .map(|(n, _, _)| n)
                .collect()
        };
        let none = names(&opts().with_cover(Cover::None));
        assert!(!none.iter().any(|n| n.contains("cover")));
        let png = common::png(2, 3, [0, 0, 0]);
        let with_png = book(&interview(), &opts().with_cover(Cover::Image(png.clone())));
        let entries = unzip(&with_png);
        assert!(
            entries
                .iter()
                .any(|(n, _, d)| n == "EPUB/cover.png" && *d == png)
        );
        let page = entry(&with_png, "EPUB/cover.xhtml");
        assert!(
            page.contains("<img src=\"cover.png\" alt=\"Varoufakis über Chinas KI DeepSeek"),
            "{page}"
        );
        let opf = entry(&with_png, "EPUB/content.opf");
        assert!(
            opf.contains("href=\"cover.png\" media-type=\"image/png\" properties=\"cover-image\"")
        );
        let err = export(
            &interview(),
            &opts().with_cover(Cover::Image(b"BM".to_vec())),
        )
        .expect_err("unknown format");
        assert_eq!(err[0].code, "epub.cover-format");
        let svg = entry(&book(&interview(), &opts()), "EPUB/cover.svg");
        assert!(svg.contains("Yanis Varoufakis"), "{svg}");
    }

    #[test]
    fn stylesheet_override() {
        let css = "body { margin: 0; }\n";
        let bytes = book(&interview(), &opts().with_stylesheet(Some(css.into())));
        assert_eq!(entry(&bytes, "EPUB/style.css"), css);
    }

    #[test]
    fn exporter_decodes_options_and_takes_the_epoch() {
        let ctx = ExportContext::new("interview").with_source_date_epoch(Some(EPOCH));
        let exporter = EpubExporter;
        assert_eq!(exporter.id(), "epub");
        assert_eq!(exporter.info().media_type, "application/epub+zip");
        let out = exporter.export(&interview(), &ctx).expect("export").output;
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].path, "interview.epub");
        assert_eq!(out[0].bytes, book(&interview(), &opts()));

        let mut table = serde_json::Map::new();
        table.insert("cover".into(), "none".into());
        table.insert("split_at_headings".into(), false.into());
        let out = exporter
            .export(&interview(), &ctx.clone().with_options(table))
            .expect("export")
            .output;
        assert!(
            !unzip(&out[0].bytes)
                .iter()
                .any(|(n, _, _)| n.contains("cover"))
        );

        let png = common::png(2, 3, [255, 255, 255]);
        let mut table = serde_json::Map::new();
        table.insert("cover".into(), serde_json::json!({ "image": png }));
        let out = exporter
            .export(&interview(), &ctx.clone().with_options(table))
            .expect("export")
            .output;
        assert!(
            unzip(&out[0].bytes)
                .iter()
                .any(|(n, _, d)| n == "EPUB/cover.png" && *d == png)
        );

        let mut bad = serde_json::Map::new();
        bad.insert("covr".into(), "none".into());
        let err = exporter
            .export(&interview(), &ctx.with_options(bad))
            .expect_err("unknown option");
        assert_eq!(err[0].code, "export.options");
    }
}

mod snapshots {
    use super::*;

    #[test]
    fn package_navigation_and_content() {
        let bytes = book(&interview(), &opts());
        insta::assert_snapshot!("content_opf", entry(&bytes, "EPUB/content.opf"));
        insta::assert_snapshot!("nav_xhtml", entry(&bytes, "EPUB/nav.xhtml"));
        insta::assert_snapshot!("title_xhtml", entry(&bytes, "EPUB/title.xhtml"));
        insta::assert_snapshot!("text_001_xhtml", entry(&bytes, "EPUB/text-001.xhtml"));
        insta::assert_snapshot!("back_xhtml", entry(&bytes, "EPUB/back.xhtml"));
    }
}
