//! Conformance: the seed and every shared corpus transcript export to PDFs that pass the
//! shared validators (qpdf, pdffonts, pdfinfo) and whose `pdftotext` output matches the
//! reading text with similarity ≥ 0.995. Needs `../shared`; fails loudly without it.
#![cfg(feature = "conformance")]

use std::path::{Path, PathBuf};
use std::process::Command;

use scriba_core::{Block, Inline, Transcript, blocks_text};
use scriba_pdf::{PdfOptions, export};

fn shared() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    assert!(
        dir.join("conformance/check").is_file(),
        "../shared (the seed, corpus and conformance harness) is missing at {}: these tests need it",
        dir.display()
    );
    dir
}

fn read(path: &Path) -> Transcript {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    scriba_read::read_str(&text, &scriba_read::ReadOptions::default())
        .unwrap_or_else(|e| panic!("{} does not read: {e}", path.display()))
        .output
}

/// Everything the PDF shows as text, in reading order: the title page, the body with the
/// speaker labels where the speaker changes, the end marker and the back matter. Running
/// headers and page numbers are artifacts and extract as nothing.
fn reading_text(doc: &Transcript) -> String {
    let m = &doc.meta;
    let de = doc.language() == "de";
    let marks = doc.quote_marks();
    let mut out: Vec<String> = Vec::new();
    out.extend(m.title.clone());
    out.extend(m.subtitle.clone());
    out.extend(m.date.clone());
    if !doc.speakers.is_empty() {
        out.push(
            doc.speakers
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    out.extend(m.publisher.clone());
    if !m.contributors.is_empty() {
        out.push(format!(
            "{} {}",
            if de { "Transkript:" } else { "Transcript:" },
            m.contributors.join(", ")
        ));
    }
    if let Some(u) = &m.source_url {
        out.push(format!("{} {u}", if de { "Quelle:" } else { "Source:" }));
    }
    if let Some(u) = &m.media_url {
        out.push(format!(
            "{} {u}",
            if de { "Aufnahme:" } else { "Recording:" }
        ));
    }
    out.extend(m.rights.clone());
    out.extend(blocks_text(&doc.front, marks));
    let mut last: Option<Option<String>> = None;
    for block in &doc.body {
        match block {
            Block::Turn {
                speaker,
                paragraphs,
                ..
            } => {
                let changed = last.as_ref() != Some(speaker);
                for (i, p) in paragraphs.iter().enumerate() {
                    let text = Inline::plain_text(&p.content, marks);
                    match speaker {
                        Some(id) if i == 0 && changed => {
                            out.push(format!("{}: {text}", doc.speaker_name(id)))
                        }
                        _ => out.push(text),
                    }
                }
                last = Some(speaker.clone());
            }
            other => out.extend(blocks_text(std::slice::from_ref(other), marks)),
        }
    }
    out.extend(doc.end_marker.clone());
    out.extend(blocks_text(&doc.back, marks));
    out.join("\n")
}

/// Exports `input` to `out/NAME.pdf` and runs the shared check with `--expect-text`.
fn check(input: &Path, opts: &PdfOptions) -> (String, Vec<scriba_core::Diagnostic>) {
    let shared = shared();
    let doc = read(input);
    let result =
        export(&doc, opts).unwrap_or_else(|e| panic!("{} does not export: {e:?}", input.display()));
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/scriba-pdf-conformance"
    ));
    std::fs::create_dir_all(&dir).expect("output directory");
    let name = input
        .file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    let pdf = dir.join(format!("{name}.pdf"));
    let expect = dir.join(format!("{name}.txt"));
    std::fs::write(&pdf, &result.output).expect("PDF written");
    std::fs::write(&expect, reading_text(&doc)).expect("text written");
    let out = Command::new("python3")
        .arg(shared.join("conformance/check"))
        .arg("--expect-text")
        .arg(&expect)
        .arg("--min-similarity")
        .arg("0.995")
        .arg(&pdf)
        .output()
        .expect("python3 runs the conformance check");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "{} fails the conformance check:\n{report}",
        input.display()
    );
    (report, result.warnings)
}

#[test]
fn the_seed_passes_and_is_small() {
    let seed = shared().join("seed/000_5e7103ed1d3ef773.txt");
    let (report, warnings) = check(&seed, &PdfOptions::default());
    assert!(report.starts_with("PASS"), "{report}");
    assert!(warnings.is_empty(), "{warnings:?}");
    let bytes = export(&read(&seed), &PdfOptions::default())
        .expect("exports")
        .output;
    assert!(
        bytes.len() <= 47_500,
        "the seed PDF is {} bytes, more than typst's 47.5 KB",
        bytes.len()
    );
    let again = export(&read(&seed), &PdfOptions::default())
        .expect("exports")
        .output;
    assert_eq!(bytes, again, "two runs give the same bytes");
}

#[test]
fn every_corpus_transcript_and_example_passes() {
    let dir = shared().join("corpus/transcripts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| !p.to_string_lossy().contains(".zh."))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "the corpus is there");
    // The repository's examples (examples/*/transcript.txt) too.
    let examples = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"));
    if let Ok(dirs) = std::fs::read_dir(&examples) {
        let mut found: Vec<PathBuf> = dirs
            .map(|e| e.expect("entry").path().join("transcript.txt"))
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        files.extend(found);
    }
    for file in files {
        let (report, _) = check(&file, &PdfOptions::default());
        assert!(report.starts_with("PASS"), "{report}");
    }
}

/// Fonts with CJK glyphs that Debian installs (fonts-wqy-microhei, fonts-noto-cjk,
/// fonts-droid-fallback, fonts-arphic-uming).
const CJK_FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
];

#[test]
fn the_chinese_transcript_passes_with_a_cjk_font_or_warns_without() {
    let dir = shared().join("corpus/transcripts");
    let file = std::fs::read_dir(&dir)
        .expect("corpus listing")
        .map(|e| e.expect("entry").path())
        .find(|p| p.to_string_lossy().contains(".zh."))
        .expect("the corpus has a Chinese transcript");
    // Without a CJK font: a warning that lists the characters, and the text still extracts
    // (every missing glyph carries its character as /ActualText).
    let (report, warnings) = check(&file, &PdfOptions::default());
    assert!(report.starts_with("PASS"), "{report}");
    let missing = warnings
        .iter()
        .find(|w| w.code == "pdf.missing-glyphs")
        .expect("a missing-glyph warning");
    assert!(
        missing.message.contains("(U+4E00)") || missing.message.contains("(U+"),
        "{}",
        missing.message
    );
    // With one: no characters are missing.
    match CJK_FONTS.iter().find(|p| Path::new(p).is_file()) {
        Some(font) => {
            let mut opts = PdfOptions::default();
            opts.fallback_fonts = vec![std::fs::read(font).expect("font readable")];
            let (report, warnings) = check(&file, &opts);
            assert!(
                report.starts_with("PASS") && report.contains("4 fonts, all embedded"),
                "{report}"
            );
            assert!(
                !warnings.iter().any(|w| w.code == "pdf.missing-glyphs"),
                "{warnings:?}"
            );
        }
        None => eprintln!(
            "no CJK font installed (apt-get install fonts-wqy-microhei): only the warning path was checked"
        ),
    }
}

#[test]
fn rendered_pages_are_not_blank() {
    // pdftoppm renders the first two pages of the seed: some pixels must be ink.
    let seed = shared().join("seed/000_5e7103ed1d3ef773.txt");
    let bytes = export(&read(&seed), &PdfOptions::default())
        .expect("exports")
        .output;
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/scriba-pdf-conformance"
    ));
    std::fs::create_dir_all(&dir).expect("output directory");
    let pdf = dir.join("seed-render.pdf");
    std::fs::write(&pdf, bytes).expect("written");
    let out = Command::new("pdftoppm")
        .args(["-gray", "-r", "30", "-f", "1", "-l", "2"])
        .arg(&pdf)
        .arg(dir.join("seed-page"))
        .output()
        .expect("pdftoppm (poppler-utils) runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for page in ["seed-page-1.pgm", "seed-page-2.pgm"] {
        let data = std::fs::read(dir.join(page)).expect("rendered page");
        // Skip the PGM header (`P5 width height 255`), count dark pixels.
        let dark = data.iter().skip(32).filter(|&&b| b < 128).count();
        let all = data.len();
        assert!(dark > 200, "{page} looks blank ({dark} dark of {all})");
    }
}

#[test]
fn a_cff_fallback_font_passes_poppler() {
    let shared = shared();
    let font = include_bytes!("fixtures/boxes-cff.otf");
    let mut doc = read(&shared.join("seed/000_5e7103ed1d3ef773.txt"));
    if let Some(Block::Turn { paragraphs, .. }) = doc.body.first_mut() {
        paragraphs[0].content.push(Inline::text(" 中文 ☃"));
    }
    let mut opts = PdfOptions::default();
    opts.fallback_fonts = vec![font.to_vec()];
    let out = export(&doc, &opts).expect("exports");
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/scriba-pdf-conformance"
    ));
    std::fs::create_dir_all(&dir).expect("output directory");
    let pdf = dir.join("cff-fallback.pdf");
    std::fs::write(&pdf, &out.output).expect("written");
    let check = Command::new("python3")
        .arg(shared.join("conformance/check"))
        .arg(&pdf)
        .output()
        .expect("check runs");
    let report = String::from_utf8_lossy(&check.stdout).into_owned();
    assert!(
        check.status.success() && report.contains("4 fonts, all embedded"),
        "{report}"
    );
    let fonts = Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts runs");
    let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
    assert!(fonts.contains("CID Type 0C (OT)"), "{fonts}");
    // poppler finds no mismatch between the font type and the embedded program, and the
    // text comes back.
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let stderr = String::from_utf8_lossy(&text.stderr).into_owned();
    assert!(
        !stderr.contains("Mismatch") && !stderr.contains("Error"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&text.stdout).contains("中文 ☃"));
}

#[test]
fn the_structure_tree_reads_every_word_in_order() {
    // poppler's view of the tagged PDF: the text of each structure element, in tree order.
    let seed = shared().join("seed/000_5e7103ed1d3ef773.txt");
    let doc = read(&seed);
    let bytes = export(&doc, &PdfOptions::default())
        .expect("exports")
        .output;
    let dir = std::env::temp_dir().join(format!("scriba-pdf-struct-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("seed.pdf");
    std::fs::write(&path, &bytes).expect("writes the PDF");
    let out = std::process::Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(&path)
        .output()
        .expect("pdfinfo runs (poppler-utils)");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    // The quoted text lines of the elements, joined: the reading text, word for word.
    let text: Vec<String> = tree
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix('"')?
                .strip_suffix('"')
                .map(str::to_owned)
        })
        .collect();
    let got: Vec<&str> = text.iter().flat_map(|t| t.split_whitespace()).collect();
    let want = reading_text(&doc);
    let want: Vec<&str> = want.split_whitespace().collect();
    // Lines are separated by the space drawn after them. poppler does not apply the
    // /ActualText of a word cut at a line end ("schwei-" and "gen", "Cloud-" and "Kapital"),
    // so a cut word may stand as its two parts, the first ending in a hyphen.
    let (mut i, mut j) = (0, 0);
    while j < want.len() {
        let ok = if got.get(i) == Some(&want[j]) {
            i += 1;
            true
        } else if let (Some(head), Some(tail)) = (got.get(i), got.get(i + 1))
            && head.strip_suffix('-').is_some_and(|h| {
                // Cut at a hyphenation point (hyphen added) or after a hyphen of the word.
                format!("{h}{tail}") == want[j] || format!("{head}{tail}") == want[j]
            })
        {
            i += 2;
            true
        } else {
            false
        };
        assert!(
            ok,
            "word {j} `{}` reads as `{}`",
            want[j],
            got[i.min(got.len())..(i + 3).min(got.len())].join(" ")
        );
        j += 1;
    }
    assert_eq!(i, got.len(), "the structure has more text: {:?}", &got[i..]);
}
