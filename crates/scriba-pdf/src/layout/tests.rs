use super::*;
use crate::Margins;
use scriba_core::{Paragraph, Speaker};

fn doc(lang: &str, text: &str) -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.language = Some(lang.into());
    doc.meta.title = Some("Titel".into());
    doc.speakers.push(Speaker::new("a", "Anna"));
    doc.body
        .push(Block::turn(Some("a"), vec![Paragraph::text(text)]));
    doc
}

fn lay(doc: &Transcript) -> Laid {
    let opts = PdfOptions::default();
    let setup = PageSetup::new(doc, &opts);
    let mut book = FontBook::new(&[]);
    lay_out(doc, &setup, &mut book)
}

fn line_texts(laid: &Laid) -> Vec<Vec<Vec<String>>> {
    laid.pages
        .iter()
        .map(|p| {
            p.lines
                .iter()
                .map(|(l, _)| {
                    l.ops
                        .iter()
                        .map(|op| match op {
                            Op::BeginActual(t) => format!("<{t}>"),
                            Op::EndActual => "</>".into(),
                            Op::Run(r) => format!("[{}]", r.glyphs.len()),
                        })
                        .collect::<Vec<String>>()
                })
                .collect()
        })
        .collect()
}

#[test]
fn paper_follows_the_language() {
    let opts = PdfOptions::default();
    let a4 = PageSetup::new(&doc("de", "x"), &opts);
    assert!((a4.width - 595.28).abs() < 0.1);
    let letter = PageSetup::new(&doc("en-US", "x"), &opts);
    assert_eq!((letter.width, letter.height), (612.0, 792.0));
    let gb = PageSetup::new(&doc("en-GB", "x"), &opts);
    assert!((gb.width - 595.28).abs() < 0.1);
    let a5 = PageSetup::new(
        &doc("de", "x"),
        &PdfOptions {
            paper: Paper::A5,
            ..PdfOptions::default()
        },
    );
    assert!((a5.width - 419.53).abs() < 0.1);
}

#[test]
fn a_margin_left_out_keeps_the_papers_default() {
    let mm = |pt: f32| (pt / MM * 10.0).round() / 10.0;
    let given = |paper, margins| {
        let setup = PageSetup::new(
            &doc("de", "x"),
            &PdfOptions {
                paper,
                margins,
                ..PdfOptions::default()
            },
        );
        let m = setup.margins;
        [mm(m.top), mm(m.bottom), mm(m.left), mm(m.right)]
    };
    let left = Margins {
        left: Some(20.0),
        ..Margins::default()
    };
    assert_eq!(given(Paper::A4, None), [25.0, 28.0, 30.0, 30.0]);
    assert_eq!(given(Paper::A4, Some(left)), [25.0, 28.0, 20.0, 30.0]);
    assert_eq!(given(Paper::A5, Some(left)), [17.0, 20.0, 20.0, 16.0]);
    assert_eq!(
        given(Paper::A4, Some(Margins::uniform(12.0))),
        [12.0, 12.0, 12.0, 12.0]
    );
}

#[test]
fn title_page_then_body_with_furniture() {
    let laid = lay(&doc("de", "Guten Tag."));
    assert_eq!(laid.pages.len(), 2);
    assert!(!laid.pages[0].furniture);
    assert!(laid.pages[1].furniture);
    assert!(laid.numbers[0].is_empty() && !laid.numbers[1].is_empty());
}

#[test]
fn hyphenated_words_carry_actual_text() {
    let long = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen ".repeat(30);
    let laid = lay(&doc("de", &long));
    let texts = line_texts(&laid);
    let body = &texts[1];
    assert!(body.len() > 5);
    let firsts = body
        .iter()
        .flatten()
        .filter(|t| t.starts_with("<Donau"))
        .count();
    let rests = body.iter().flatten().filter(|t| *t == "<>").count();
    assert!(firsts > 0, "{body:?}");
    // Every cut word has its continuation (a word may run over more than two lines).
    assert!(rests >= firsts, "{body:?}");
    // Continuations open their line.
    for line in body {
        if let Some(i) = line.iter().position(|t| t == "<>") {
            assert_eq!(i, 0, "{line:?}");
        }
    }
}

#[test]
fn a_huge_word_is_cut_to_fit() {
    let word = "QUJD".repeat(1250);
    let laid = lay(&doc("en", &word));
    let setup = PageSetup::new(&doc("en", "x"), &PdfOptions::default());
    for page in &laid.pages {
        for (line, _) in &page.lines {
            for op in &line.ops {
                if let Op::Run(r) = op {
                    let end = r.x + r.glyphs.iter().map(|g| g.1).sum::<f32>();
                    assert!(end <= setup.text_width() + 0.5, "line overflows: {end}");
                }
            }
        }
    }
    let whole = line_texts(&laid)
        .concat()
        .concat()
        .into_iter()
        .filter(|t| t.len() > 4000)
        .count();
    assert_eq!(whole, 1, "the whole word is attached once");
}

#[test]
fn quotes_get_the_language_marks() {
    let mut d = doc("de", "");
    d.body = vec![Block::turn(
        Some("a"),
        vec![Paragraph::new(vec![Inline::Quote {
            content: vec![Inline::text("Hallo")],
        }])],
    )];
    let mut spans = Vec::new();
    if let Block::Turn { paragraphs, .. } = &d.body[0] {
        push_spans(
            &paragraphs[0].content,
            Style::Regular,
            None,
            d.quote_marks(),
            0,
            &mut spans,
        );
    }
    let text: String = spans.iter().map(|s| s.text.as_ref()).collect();
    assert_eq!(text, "„Hallo“");
}

/// The text a PDF reader extracts from the laid-out pages: glyphs through their ToUnicode
/// entries, spans through their `/ActualText`, lines joined by newlines.
fn extract(laid: &Laid, book: &FontBook<'_>) -> String {
    let mut out = String::new();
    for page in &laid.pages {
        for (line, _) in &page.lines {
            let mut depth = 0;
            for op in &line.ops {
                match op {
                    Op::BeginActual(t) => {
                        if depth == 0 {
                            out.push_str(t);
                        }
                        depth += 1;
                    }
                    Op::EndActual => depth -= 1,
                    Op::Run(r) if depth == 0 => {
                        let font = &book.fonts[usize::from(r.font)];
                        for (gid, _, _) in &r.glyphs {
                            let cid = font.remapper.get(*gid).unwrap_or(0);
                            out.push_str(&font.to_unicode[&cid]);
                        }
                    }
                    Op::Run(_) => {}
                }
            }
            out.push('\n');
        }
    }
    out
}

#[test]
fn extracted_words_are_the_model_words() {
    let text =
        "Die Donaudampfschifffahrtsgesellschaft veröffentlichte offiziell „flächendeckende“ \
        Informationen über Zwischenfälle, Sprachverarbeitungssysteme und Open-Source-Technologie. "
            .repeat(12);
    let mut d = doc("de", &text);
    let huge = "aGVsbG8gd29ybGQ".repeat(300);
    d.body.push(Block::turn(
        Some("a"),
        vec![Paragraph::text(format!("Ende {huge} fin."))],
    ));
    let opts = PdfOptions::default();
    let setup = PageSetup::new(&d, &opts);
    let mut book = FontBook::new(&[]);
    let laid = lay_out(&d, &setup, &mut book);
    let got = extract(&laid, &book);
    let got: Vec<&str> = got.split_whitespace().collect();
    // Title page (title, speaker), then the label and the body words.
    let mut want = vec!["Titel", "Anna", "Anna:"];
    let body = d.body_words();
    want.extend(body.iter().map(String::as_str));
    assert_eq!(got, want);
}

#[test]
fn a_long_running_header_is_cut_with_an_ellipsis() {
    let mut d = doc("en", "Some text.");
    d.meta.title = Some("A very long title that goes on and on ".repeat(20));
    let opts = PdfOptions::default();
    let setup = PageSetup::new(&d, &opts);
    let mut book = FontBook::new(&[]);
    let laid = lay_out(&d, &setup, &mut book);
    let mut end = 0.0f32;
    for op in &laid.header {
        if let Op::Run(r) = op {
            end = end.max(r.x + r.glyphs.iter().map(|g| g.1).sum::<f32>());
        }
    }
    assert!(end <= setup.text_width() + 0.01, "{end}");
    let last = laid.header.iter().rev().find_map(|op| match op {
        Op::Run(r) => r.glyphs.last().map(|g| g.0),
        _ => None,
    });
    let ellipsis = book.shaper().shape(Style::Italic, "…")[0].gid;
    assert_eq!(last, Some(ellipsis));
}

#[test]
fn no_title_page_without_title_material() {
    let mut d = doc("de", "Guten Tag.");
    d.meta.title = None;
    d.speakers.clear();
    let laid = lay(&d);
    assert_eq!(laid.pages.len(), 1);
    assert!(laid.pages[0].furniture);
    assert!(!laid.pages[0].lines.is_empty());
}

#[test]
fn words_before_a_huge_word_share_a_line() {
    let word = "Q1/2C3Biw3B88V2q4DQPWLh+/vwTtkzb3GRTlanUJT3rYakYciEFOiY6g".repeat(90);
    let mut d = doc("und", "");
    d.body = vec![Block::Paragraph(Paragraph::text(format!(
        "Anna: Hier kommt ein Wort: {word} und danach geht es weiter mit <script>alert(1)</script> & ]]> --> \u{202E}evil\u{202C} (unbalanced \\ ) ( Ende."
    )))];
    let laid = lay(&d);
    let body = &laid.pages[1].lines;
    let first_line_runs: usize = body[0]
        .0
        .ops
        .iter()
        .filter(|o| matches!(o, Op::Run(_)))
        .count();
    let glyphs: usize = body[0]
        .0
        .ops
        .iter()
        .map(|o| {
            if let Op::Run(r) = o {
                r.glyphs.len()
            } else {
                0
            }
        })
        .sum();
    assert!(
        glyphs > 20,
        "the first line holds the label and the four words: {} runs, {glyphs} glyphs",
        first_line_runs
    );
}

/// Runs `f` with a layout context for an empty document in `lang`.
fn with_ctx(lang: &str, f: impl FnOnce(&mut Ctx<'_, '_, '_, '_>)) {
    let d = doc(lang, "");
    let opts = PdfOptions::default();
    let setup = PageSetup::new(&d, &opts);
    let book = FontBook::new(&[]);
    f(&mut Ctx::new(&setup, book.shaper(), d.quote_marks()));
}

#[test]
fn addresses_keep_their_apostrophes_and_words_get_typeset_ones() {
    with_ctx("en", addresses_and_words);
}

fn addresses_and_words(ctx: &mut Ctx<'_, '_, '_, '_>) {
    let curly = ctx.shaper.shape(Style::Regular, "\u{2019}")[0].gid;
    let has_curly = |ctx: &mut Ctx<'_, '_, '_, '_>, word: &str| {
        ctx.word_shape(Style::Regular, word)
            .pieces
            .iter()
            .any(|(glyphs, _)| glyphs.iter().any(|g| g.gid == curly))
    };
    assert!(has_curly(ctx, "didn't"));
    assert!(!has_curly(ctx, "o'brien@example.org"));
    assert!(!has_curly(ctx, "https://example.org/it's"));
    // The hyphen added at a line end is a hyphen, not the dash a lone `-` is shown as.
    let dash = ctx.shaper.shape(Style::Regular, "-")[0].gid;
    assert_ne!(ctx.hyphen(Style::Regular)[0].gid, dash);
}

#[test]
fn acronyms_and_addresses_are_not_hyphenated() {
    with_ctx("de", acronyms_and_addresses);
}

fn acronyms_and_addresses(ctx: &mut Ctx<'_, '_, '_, '_>) {
    ctx.hyphenate = true;
    let hyphens = |ctx: &Ctx<'_, '_, '_, '_>, w: &str| {
        ctx.break_points(w)
            .iter()
            .filter(|b| b.1 == BreakKind::Hyphen)
            .count()
    };
    assert!(hyphens(ctx, "Verantwortlichen") > 0);
    assert_eq!(hyphens(ctx, "NASDAQ"), 0);
    assert_eq!(hyphens(ctx, "info@verantwortlichen.org"), 0);
    assert_eq!(hyphens(ctx, "https://beispiel.org/verantwortlichen"), 0);
    let slashes = ctx.break_points("https://beispiel.org/verantwortlichen");
    assert!(slashes.iter().any(|b| b.1 == BreakKind::Explicit));
    ctx.hyphenate = false;
    assert_eq!(hyphens(ctx, "Verantwortlichen"), 0);
}

/// Lays out `doc` with its body set in `parts` parts and describes the result: every line
/// of every page, the running header, the page numbers and what the fonts map.
fn describe(doc: &Transcript, parts: usize) -> Vec<String> {
    let opts = PdfOptions::default();
    let setup = PageSetup::new(doc, &opts);
    let mut book = FontBook::new(&[]);
    let laid = lay_out_in(doc, &setup, &mut book, Some(parts));
    let mut out: Vec<String> = laid
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|(l, y)| format!("{y} {l:?}"))
        .collect();
    out.push(format!("{:?} {:?}", laid.header, laid.numbers));
    for font in &book.fonts {
        out.push(format!("{:?} {:?}", font.originals, font.to_unicode));
    }
    out.push(extract(&laid, &book));
    out
}

#[test]
fn paragraphs_set_in_parallel_parts_give_the_same_document() {
    let mut d = doc("de", "Ein kurzer Absatz.");
    d.end_marker = Some("ENDE".into());
    // Spaces from headings and turns between the paragraphs.
    for i in 0..60 {
        if i % 7 == 0 {
            d.body.push(Block::Heading {
                level: 1,
                content: vec![scriba_core::Inline::text(format!("Teil {i}"))],
                span: None,
            });
        }
        let text = "Verfassungsbeschwerde und Donaudampfschifffahrt sind lange Wörter, \
                    die getrennt werden wollen. "
            .repeat(1 + i % 9);
        d.body.push(Block::turn(
            Some(if i % 2 == 0 { "a" } else { "b" }),
            vec![Paragraph::text(&text), Paragraph::text("Wir finden es.")],
        ));
    }
    // The ligature glyph of "fi" stands for "fi" from its first use on; a later part that
    // meets it first as U+FB01 must be set again after the parts before it.
    d.body.push(Block::turn(
        Some("a"),
        vec![Paragraph::text(
            "Die \u{FB01}nale Fassung und die \u{FB01}nale Frage.",
        )],
    ));
    let serial = describe(&d, 1);
    assert!(serial.len() > 300, "{}", serial.len());
    for parts in [2, 3, 7, 200] {
        assert_eq!(serial, describe(&d, parts), "{parts} parts");
    }
    let text = serial.last().cloned().unwrap_or_default();
    assert!(
        text.contains("finden") && text.contains("\u{FB01}nale"),
        "{text}"
    );
}

#[test]
fn split_evenly_covers_every_job_once() {
    let jobs: Vec<Job<'_>> = (0..10)
        .map(|i| Job {
            at: i,
            spans: vec![text_span_owned("x".repeat(i * 10), Style::Regular)],
            st: ParStyle {
                size: 10.0,
                leading: 12.0,
                indent: 0.0,
                align: Align::Justify,
                before: 0.0,
                keep: 0,
                role: Role::P,
            },
            outline: None,
        })
        .collect();
    for parts in 1..14 {
        let ranges = split_evenly(&jobs, parts);
        assert!(!ranges.is_empty() && ranges.len() <= parts, "{parts}");
        assert!(ranges.iter().all(|r| !r.is_empty()), "{parts}");
        let flat: Vec<usize> = ranges.iter().flat_map(Clone::clone).collect();
        assert_eq!(flat, (0..10).collect::<Vec<_>>(), "{parts}");
    }
}

#[test]
fn code_is_set_in_the_mono_font_and_never_hyphenated() {
    let word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen";
    let mut content = Vec::new();
    for i in 0..40 {
        content.push(Inline::text("Das Wort "));
        content.push(Inline::Code { text: word.into() });
        // Every other one is followed by punctuation: a word of two parts.
        content.push(Inline::text(if i % 2 == 0 {
            " steht da. "
        } else {
            ", hier. "
        }));
    }
    let mut d = doc("de", "");
    d.body = vec![Block::turn(Some("a"), vec![Paragraph::new(content)])];
    let laid = lay(&d);
    let texts = line_texts(&laid).concat().concat();
    assert!(
        !texts.iter().any(|t| t.starts_with("<Donau")),
        "code was hyphenated: {texts:?}"
    );
    let fonts: std::collections::BTreeSet<u8> = laid
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|(l, _)| &l.ops)
        .filter_map(|op| match op {
            Op::Run(r) => Some(r.font),
            _ => None,
        })
        .collect();
    assert!(fonts.contains(&(Style::Mono.index() as u8)), "{fonts:?}");
    // Code is drawn smaller than the text, its x-height that of the serif.
    let sizes: std::collections::BTreeSet<(u8, u32)> = laid
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|(l, _)| &l.ops)
        .filter_map(|op| match op {
            Op::Run(r) => Some((r.font, (r.size * 1000.0).round() as u32)),
            _ => None,
        })
        .collect();
    let body = (PageSetup::new(&d, &PdfOptions::default()).size * 1000.0).round() as u32;
    let code = (body as f32 * crate::fonts::MONO_SCALE).round() as u32;
    assert!(
        sizes.contains(&(0, body)) && sizes.contains(&(3, code)),
        "{sizes:?}"
    );
    // The same word as text is hyphenated.
    let mut content = Vec::new();
    for _ in 0..40 {
        content.push(Inline::text(format!("Das Wort {word} steht da. ")));
    }
    d.body = vec![Block::turn(Some("a"), vec![Paragraph::new(content)])];
    let texts = line_texts(&lay(&d)).concat().concat();
    assert!(texts.iter().any(|t| t.starts_with("<Donau")), "{texts:?}");
}

/// The words a line draws, left to right: every glyph's text (ToUnicode) ordered by where
/// it is drawn, split at spaces; and where its last visible glyph ends.
fn drawn(ops: &[Op], book: &FontBook<'_>) -> (Vec<String>, f32) {
    let mut glyphs: Vec<(f32, f32, String)> = Vec::new();
    for op in ops {
        if let Op::Run(r) = op {
            let font = &book.fonts[usize::from(r.font)];
            let mut x = r.x;
            for (gid, advance, _) in &r.glyphs {
                let cid = font.remapper.get(*gid).unwrap_or(0);
                glyphs.push((x, x + advance, font.to_unicode[&cid].clone()));
                x += advance;
            }
        }
    }
    glyphs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let right = glyphs
        .iter()
        .filter(|g| !g.2.trim().is_empty())
        .map(|g| g.1)
        .fold(0.0, f32::max);
    let text: String = glyphs.iter().map(|g| g.2.as_str()).collect();
    (text.split_whitespace().map(str::to_owned).collect(), right)
}

/// The words of each line as drawn (see [`drawn`]), the running header last. Arabic comes
/// from the bundled mono font, given as a fallback font (the serif family has none).
fn drawn_lines(doc: &Transcript) -> Vec<(Vec<String>, f32)> {
    let opts = PdfOptions::default();
    let setup = PageSetup::new(doc, &opts);
    let fallback = [crate::fonts::MONO.to_vec()];
    let mut book = FontBook::new(&fallback);
    let laid = lay_out(doc, &setup, &mut book);
    let mut out: Vec<_> = laid
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|(line, _)| drawn(&line.ops, &book))
        .collect();
    out.push(drawn(&laid.header, &book));
    out
}

/// A word as drawn right to left: its characters in reverse.
fn rev(word: &str) -> String {
    word.chars().rev().collect()
}

#[test]
fn right_to_left_words_are_drawn_right_to_left_inside_left_to_right_lines() {
    let d = doc("en", "We say مرحبا عالم now.");
    let lines = drawn_lines(&d);
    let want = ["Anna:", "We", "say", &rev("عالم"), &rev("مرحبا"), "now."];
    assert!(lines.iter().any(|(words, _)| words == &want), "{lines:?}");
}

#[test]
fn right_to_left_paragraphs_read_from_the_right_margin() {
    let mut d = doc("ar", "مرحبا Hello World عالم 2024");
    d.speakers[0].name = "سامي".into();
    d.meta.title = Some("مرحبا عالم".into());
    let lines = drawn_lines(&d);
    // The running header too (it draws no space glyphs: the words come out joined).
    assert_eq!(
        lines.last().map(|l| l.0.concat()),
        Some(rev("عالم") + &rev("مرحبا"))
    );
    // The paragraph starts with an Arabic label: it is right to left. The English words
    // keep their order, the number reads left to right, the line ends at the right margin.
    let want = [
        "2024",
        &rev("عالم"),
        "Hello",
        "World",
        &rev("مرحبا"),
        &rev("سامي:"),
    ];
    let (_, right) = lines
        .iter()
        .find(|(words, _)| words == &want)
        .unwrap_or_else(|| panic!("{lines:?}"));
    let width = PageSetup::new(&d, &PdfOptions::default()).text_width();
    assert!((right - width).abs() < 0.5, "{right} against {width}");
    // Brackets and stops in a right-to-left word are drawn from the right too: `(مرحبا).`
    // reads, left to right, stop, closing bracket, the word, opening bracket (the brackets
    // drawn mirrored).
    let mut d = doc("ar", "قال (مرحبا).");
    d.speakers[0].name = "سامي".into();
    let lines = drawn_lines(&d);
    let word = format!(".){}(", rev("مرحبا"));
    assert!(
        lines.iter().any(|(words, _)| words.first() == Some(&word)),
        "{lines:?}"
    );
    // Left-to-right paragraphs start at the left margin as ever.
    let d = doc("en", "We say مرحبا now.");
    let (_, right) = drawn_lines(&d)
        .into_iter()
        .find(|(words, _)| words.first().is_some_and(|w| w == "Anna:"))
        .unwrap_or_default();
    assert!(right < width / 2.0, "{right}");
}

/// Words from pieces that exercise the typesetting: typographic punctuation, ligatures,
/// explicit hyphens, addresses, right-to-left letters (Arabic from the mono fallback,
/// Hebrew in no font), brackets and digits.
fn mixed_word() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let pieces = vec![
        "a",
        "Wort",
        "don't",
        "'",
        "-",
        "--",
        "---",
        "...",
        "…",
        "’",
        "–",
        "Donaudampf",
        "x-y",
        "ﬁ",
        "office",
        "(",
        ")",
        ".",
        ",",
        "1984",
        "e@x.org",
        "https://x.org/it's",
        "שלום",
        "مرحبا",
        "سامي",
    ];
    prop::collection::vec(prop::sample::select(pieces), 1..4).prop_map(|v| v.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any words lay out without a panic, with balanced replacement spans; left-to-right
    /// text copies back word for word (typographic glyphs stand for what was written).
    #[test]
    fn any_words_lay_out_and_copy_as_written(
        words in proptest::collection::vec(mixed_word(), 1..80)
    ) {
        let text = words.join(" ");
        let d = doc("en", &text);
        let setup = PageSetup::new(&d, &PdfOptions::default());
        let fallback = [crate::fonts::MONO.to_vec()];
        let mut book = FontBook::new(&fallback);
        let laid = lay_out(&d, &setup, &mut book);
        for (line, _) in laid.pages.iter().flat_map(|p| &p.lines) {
            let mut depth = 0i32;
            for op in &line.ops {
                match op {
                    Op::BeginActual(_) => depth += 1,
                    Op::EndActual => depth -= 1,
                    Op::Run(_) => {}
                }
                proptest::prop_assert!(depth >= 0);
            }
            proptest::prop_assert_eq!(depth, 0);
        }
        if !text.chars().any(is_rtl) {
            let got = extract(&laid, &book);
            let got: Vec<&str> = got.split_whitespace().collect();
            let mut want = vec!["Titel", "Anna", "Anna:"];
            want.extend(text.split_whitespace());
            proptest::prop_assert_eq!(got, want);
        }
    }
}

#[test]
fn break_points_mark_syllables_explicit_hyphens_and_cjk() {
    with_ctx("de", |ctx| {
        ctx.hyphenate = true;
        let show = |ctx: &Ctx<'_, '_, '_, '_>, w: &str| -> String {
            let mut out = String::new();
            let mut prev = 0;
            for (at, kind) in ctx.break_points(w) {
                out.push_str(&w[prev..at]);
                out.push(match kind {
                    BreakKind::Hyphen => '-',
                    BreakKind::Explicit => '|',
                    BreakKind::Cjk => '/',
                });
                prev = at;
            }
            out.push_str(&w[prev..]);
            out
        };
        // Syllables of German words, whatever surrounds the letters.
        assert_eq!(show(ctx, "Verantwortlichen"), "Ver-ant-wort-li-chen");
        assert_eq!(show(ctx, "Übersetzungsbüro,"), "Über-set-zungs-bü-ro,");
        assert_eq!(show(ctx, "(Zusammenarbeit)."), "(Zu-sam-men-ar-beit).");
        assert_eq!(show(ctx, "Haus"), "Haus");
        // After an explicit hyphen nothing is added; acronyms are not hyphenated.
        assert_eq!(
            show(ctx, "E-Mail-Adressenverwaltung"),
            "E-|Mail-|Adres-sen-ver-wal-tung"
        );
        assert_eq!(
            show(ctx, "EU-Kommissionspräsidentin"),
            "EU-|Kom-mis-si-ons-prä-si-den-tin"
        );
        // Between CJK characters, but not before closing or after opening punctuation.
        assert_eq!(show(ctx, "中文字。好"), "中/文/字。/好");
        assert_eq!(show(ctx, "（中文）"), "（中/文）");
    });
}
