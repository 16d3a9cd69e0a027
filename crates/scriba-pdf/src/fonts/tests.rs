use super::*;

#[test]
fn the_bundled_family_parses() {
    let book = FontBook::new(&[]);
    assert_eq!(book.fonts.len(), 3);
    for c in ['ä', 'ß', 'Ω', 'Ж', 'ő', 'č'] {
        assert!(book.fonts[0].face.glyph_index(c).is_some(), "{c}");
    }
}

#[test]
fn shaping_maps_every_glyph_to_its_text() {
    let mut book = FontBook::new(&[]);
    let glyphs = book.shape(Style::Regular, "Grüße");
    assert_eq!(glyphs.len(), 5);
    let font = &book.fonts[0];
    let text: String = glyphs
        .iter()
        .map(|g| font.to_unicode[&g.cid].as_str())
        .collect();
    assert_eq!(text, "Grüße");
    assert!(glyphs.iter().all(|g| g.advance > 0.2 && g.actual.is_none()));
}

#[test]
fn ligatures_map_to_their_letters() {
    let mut book = FontBook::new(&[]);
    let glyphs = book.shape(Style::Regular, "office");
    let font = &book.fonts[0];
    let text: String = glyphs
        .iter()
        .map(|g| {
            g.actual
                .as_deref()
                .map_or_else(|| font.to_unicode[&g.cid].clone(), str::to_owned)
        })
        .collect();
    assert_eq!(text, "office");
}

#[test]
fn characters_no_font_has_are_recorded_and_keep_their_text() {
    let mut book = FontBook::new(&[]);
    let glyphs = book.shape(Style::Regular, "a中b");
    assert!(book.missing.contains(&'中'));
    let missing: Vec<_> = glyphs.iter().filter(|g| g.cid == 0).collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].actual.as_deref(), Some("中"));
}

#[test]
fn unreadable_fallback_fonts_are_reported() {
    let bad = vec![b"not a font".to_vec()];
    let book = FontBook::new(&bad);
    assert_eq!(book.unreadable, vec![0]);
    assert_eq!(book.fonts.len(), 3);
}
