use super::*;

#[test]
fn the_bundled_family_parses() {
    let book = FontBook::new(&[]);
    assert_eq!(book.fonts.len(), BUNDLED);
    for font in &book.fonts {
        for c in ['ä', 'ß', 'Ω', 'Ж', 'ő', 'č'] {
            assert!(font.face.glyph_index(c).is_some(), "{c}");
        }
    }
    assert!(book.font(Style::Mono).face.is_monospaced());
    assert!(!book.font(Style::Regular).face.is_monospaced());
}

#[test]
fn code_is_scaled_to_the_x_height_of_the_text() {
    let book = FontBook::new(&[]);
    let x_height = |style: Style| {
        let face = &book.font(style).face;
        face.glyph_index('x')
            .and_then(|g| face.glyph_bounding_box(g))
            .map_or(0.0, |b| f32::from(b.y_max))
    };
    let ratio = x_height(Style::Regular) / x_height(Style::Mono);
    assert!(
        (MONO_SCALE - ratio).abs() < 1e-4,
        "{MONO_SCALE} against {ratio}"
    );
    // A code glyph's advance is the mono font's, scaled.
    let mut book = FontBook::new(&[]);
    let glyphs = shape(&mut book, Style::Mono, "m");
    let face = &book.font(Style::Mono).face;
    let natural = face
        .glyph_index('m')
        .and_then(|g| face.glyph_hor_advance(g))
        .map_or(0.0, f32::from)
        / book.font(Style::Mono).upem;
    assert!((glyphs[0].advance - natural * MONO_SCALE).abs() < 1e-5);
    assert!((glyphs[0].pdf_advance - natural * MONO_SCALE).abs() < 1e-3);
}

/// Shapes `text` with a shaper of `book` and merges what it used.
fn shape(book: &mut FontBook<'_>, style: Style, text: &str) -> std::rc::Rc<[Glyph]> {
    let mut shaper = book.shaper();
    let glyphs = shaper.shape(style, text);
    let usage = shaper.finish();
    book.merge(usage);
    glyphs
}

/// The ToUnicode text of a glyph.
fn unicode<'b>(book: &'b FontBook<'_>, g: &Glyph) -> &'b str {
    let font = &book.fonts[usize::from(g.font)];
    let cid = font.remapper.get(g.gid).unwrap_or(0);
    font.to_unicode[&cid].as_str()
}

/// The text glyphs give when copied: their `/ActualText`, else their ToUnicode text.
fn copied(book: &FontBook<'_>, glyphs: &[Glyph]) -> String {
    glyphs
        .iter()
        .map(|g| g.actual.as_deref().unwrap_or_else(|| unicode(book, g)))
        .collect()
}

#[test]
fn shaping_maps_every_glyph_to_its_text() {
    let mut book = FontBook::new(&[]);
    let glyphs = shape(&mut book, Style::Regular, "Grüße");
    assert_eq!(glyphs.len(), 5);
    let text: String = glyphs.iter().map(|g| unicode(&book, g)).collect();
    assert_eq!(text, "Grüße");
    assert!(glyphs.iter().all(|g| g.advance > 0.2 && g.actual.is_none()));
}

#[test]
fn ligatures_map_to_their_letters() {
    let mut book = FontBook::new(&[]);
    let glyphs = shape(&mut book, Style::Regular, "office");
    let text = copied(&book, &glyphs);
    assert_eq!(text, "office");
}

#[test]
fn characters_no_font_has_are_recorded_and_keep_their_text() {
    let mut book = FontBook::new(&[]);
    let glyphs = shape(&mut book, Style::Regular, "a中b");
    assert!(book.missing.contains(&'中'));
    let missing: Vec<_> = glyphs.iter().filter(|g| g.gid == 0).collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].actual.as_deref(), Some("中"));
}

#[test]
fn unreadable_fallback_fonts_are_reported() {
    let bad = vec![b"not a font".to_vec()];
    let book = FontBook::new(&bad);
    assert_eq!(book.unreadable, vec![0]);
    assert_eq!(book.fonts.len(), BUNDLED);
}

#[test]
fn a_shaper_that_gave_a_glyph_another_text_than_the_book_is_not_consistent() {
    let mut book = FontBook::new(&[]);
    // Made before "fi" is merged: it meets the ligature glyph first as U+FB01.
    let mut late = book.shaper();
    let lig = late.shape(Style::Regular, "\u{FB01}n");
    let late = late.finish();
    let early = shape(&mut book, Style::Regular, "finden");
    assert_eq!(
        early[0].gid, lig[0].gid,
        "DejaVu Serif sets fi as a ligature"
    );
    assert!(!book.consistent(&late));
    // Shaped again against the book as it is now, the glyph carries its own text.
    let mut again = book.shaper();
    let lig = again.shape(Style::Regular, "\u{FB01}n");
    let again = again.finish();
    assert!(book.consistent(&again));
    assert_eq!(lig[0].actual.as_deref(), Some("\u{FB01}"));
    assert_eq!(unicode(&book, &early[0]), "fi");
    // Shapers of text without a contradiction are consistent whatever they saw first.
    let mut other = book.shaper();
    other.shape(Style::Regular, "Grüße");
    assert!(book.consistent(&other.finish()));
}

/// The glyph ids `text` shapes to in the regular style.
fn gids(book: &mut FontBook<'_>, text: &str) -> Vec<u16> {
    shape(book, Style::Regular, text)
        .iter()
        .map(|g| g.gid)
        .collect()
}

#[test]
fn apostrophes_and_dashes_are_shown_typeset_and_copy_as_written() {
    let mut book = FontBook::new(&[]);
    let curly = gids(&mut book, "\u{2019}")[0];
    let straight = gids(&mut book, "'")[0];
    let en = gids(&mut book, "\u{2013}")[0];
    let em = gids(&mut book, "\u{2014}")[0];
    let ellipsis = gids(&mut book, "\u{2026}")[0];
    let stop = gids(&mut book, ".")[0];
    assert!(curly != straight && en != em && ellipsis != stop);
    let mut book = FontBook::new(&[]);
    for (word, shown) in [
        ("didn't", curly),
        ("rock'n'roll", curly),
        ("l'homme", curly),
        // At the start or end of a word it may be a single quote: left as written.
        ("'90s", straight),
        ("'hello'", straight),
        ("Russ'", straight),
        ("long...", ellipsis),
        ("...", ellipsis),
        ("....", stop),
        ("-", en),
        ("--", en),
        ("---", em),
    ] {
        let glyphs = shape(&mut book, Style::Regular, word);
        assert!(glyphs.iter().any(|g| g.gid == shown), "{word}");
        if shown == straight {
            assert!(glyphs.iter().all(|g| g.gid != curly), "{word}");
        }
        if shown == stop {
            assert!(glyphs.iter().all(|g| g.gid != ellipsis), "{word}");
        }
        // Copied, the word is what the transcript says.
        let text = copied(&book, &glyphs);
        assert_eq!(text, word);
    }
    // Code, literal text (addresses, the hyphen at a line end) and hyphens in words keep
    // their characters.
    let hyphen = gids(&mut book, "a-b")[1];
    assert!(hyphen != en && hyphen != em);
    assert!(
        gids(&mut book, "--b")
            .iter()
            .filter(|&&g| g == hyphen)
            .count()
            == 2
    );
    assert!(
        !shape(&mut book, Style::Mono, "don't")
            .iter()
            .any(|g| g.gid == curly)
    );
    let mut shaper = book.shaper();
    assert!(
        !shaper
            .shape_literal(Style::Regular, "it's")
            .iter()
            .any(|g| g.gid == curly)
    );
    assert_ne!(shaper.shape_literal(Style::Regular, "-")[0].gid, en);
    // A curly apostrophe in the source copies as one, though it shares the glyph.
    let glyphs = shape(&mut book, Style::Regular, "don\u{2019}t");
    let text = copied(&book, &glyphs);
    assert_eq!(text, "don\u{2019}t");
}
