use super::*;

#[test]
fn to_unicode_maps_cids_to_utf16() {
    let map = std::collections::BTreeMap::from([
        (1u16, "a".to_owned()),
        (2, "fi".to_owned()),
        (3, "𝄞".to_owned()),
    ]);
    let cmap = to_unicode_cmap(&map, false);
    assert!(cmap.contains("3 beginbfchar"), "{cmap}");
    assert!(cmap.contains("<0001> <0061>"));
    assert!(cmap.contains("<0002> <00660069>"));
    assert!(cmap.contains("<0003> <D834DD1E>"));
}

#[test]
fn dates_come_from_the_model_or_the_epoch() {
    assert_eq!(parse_date("2025-01-31"), Some((2025, 1, 31, 0, 0, 0)));
    assert_eq!(parse_date("2025"), Some((2025, 1, 1, 0, 0, 0)));
    assert_eq!(parse_date("gestern"), None);
    assert_eq!(epoch_to_civil(0), (1970, 1, 1, 0, 0, 0));
    assert_eq!(epoch_to_civil(1_700_000_000), (2023, 11, 14, 22, 13, 20));
}

#[test]
fn text_strings_use_utf16_for_non_ascii() {
    assert_eq!(
        text_string("Hi"),
        Object::String(b"Hi".to_vec(), StringFormat::Literal)
    );
    assert_eq!(
        text_string("Ä"),
        Object::String(vec![0xFE, 0xFF, 0x00, 0xC4], StringFormat::Hexadecimal)
    );
}

#[test]
fn numbers_are_short() {
    assert_eq!(num(10.0), "10");
    assert_eq!(num(10.5), "10.5");
    assert_eq!(num(0.125), "0.13");
    assert_eq!(num(-3.0), "-3");
}

#[test]
fn uris_are_ascii() {
    assert_eq!(ascii_uri("https://x.org/ä b"), "https://x.org/%C3%A4%20b");
}

#[test]
fn glyph_runs_carry_kerning_as_tj_numbers() {
    let mut out = Content::default();
    let run = Run {
        font: 0,
        size: 10.0,
        color: Color::Text,
        x: 0.0,
        glyphs: vec![(0x28, 5.0, 5.0), (0x5C, 6.0, 5.0), (0x41, 5.0, 5.0)],
        head: 11.0,
    };
    draw_run(&mut out, &run, 10.0, 20.0, &mut TextState::default());
    // The second glyph is 1 pt wider than its /W width: -100 thousandths of 10 pt.
    // Glyph ids are written as raw big-endian bytes with `(`, `)` and `\` escaped.
    assert_eq!(
        out.0,
        b"/F0 10 Tf\n0 g\n1 0 0 1 10 20 Tm [(\0\\(\0\\\\) -100 (\0A)] TJ\n"
    );
}

/// The number formatting of the content streams, as it was written with `format!`.
fn num_by_format(v: f32) -> String {
    let r = (f64::from(v) * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        let s = format!("{r:.2}");
        s.trim_end_matches('0').to_owned()
    }
}

#[test]
fn fast_numbers_match_formatted_ones() {
    let mut values = vec![
        0.0, -0.0, 0.004, -0.004, 0.005, -0.005, 0.1, -0.1, 0.125, 1.0, -1.0, 10.5, 99.995, 841.89,
        595.28, -3.0, 1234.5678, -0.07, 1e6,
    ];
    // A sweep over the range of page coordinates, in steps that are not hundredths.
    let mut v = -50.0f32;
    while v < 1300.0 {
        values.push(v);
        v += 0.0371;
    }
    for v in values {
        assert_eq!(num(v), num_by_format(v), "{v}");
    }
    let mut out = Content::default();
    for i in [0i64, 7, -7, 10, -120, i64::MIN, i64::MAX] {
        out.0.clear();
        push_int(&mut out, i);
        assert_eq!(
            String::from_utf8(out.0.clone()).expect("ascii"),
            i.to_string()
        );
    }
}

#[test]
fn fonts_of_at_most_256_glyphs_are_written_one_byte_per_glyph() {
    let codes = Codes {
        cids: vec![vec![0, 0x28, 0x5C, 0x41]],
        one_byte: vec![true],
    };
    let run = Run {
        font: 0,
        size: 10.0,
        color: Color::Text,
        x: 0.0,
        // Glyph ids 1, 2, 3 are subset ids `(`, `\` and `A`.
        glyphs: vec![(1, 5.0, 5.0), (2, 5.0, 5.0), (3, 5.0, 5.0)],
        head: 10.0,
    };
    let mut out = Content::default();
    draw_run(&mut out, &run, 0.0, 0.0, &mut TextState::new(&codes));
    assert_eq!(out.0, b"/F0 10 Tf\n0 g\n1 0 0 1 0 0 Tm [(\\(\\\\A)] TJ\n");
    // Their ToUnicode map has one-byte codes too.
    let map = std::collections::BTreeMap::from([(0x41u16, "A".to_owned())]);
    let cmap = to_unicode_cmap(&map, true);
    assert!(
        cmap.contains("<00> <FF>") && cmap.contains("<41> <0041>"),
        "{cmap}"
    );
}

#[test]
fn subset_tags_follow_the_glyphs_kept() {
    let tag_of = |text: &str, index: usize| {
        let mut book = crate::fonts::FontBook::new(&[]);
        let usage = {
            let mut shaper = book.shaper();
            shaper.shape(crate::fonts::Style::Regular, text);
            shaper.finish()
        };
        book.merge(usage);
        subset_tag(&book.fonts[0], index)
    };
    let tag = tag_of("Haus", 0);
    assert!(
        tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
        "{tag}"
    );
    assert_eq!(tag, tag_of("Haus", 0));
    // Other glyphs, or the same glyphs in another order, make another subset.
    assert_ne!(tag, tag_of("Maus", 0));
    assert_ne!(tag, tag_of("suaH", 0));
    assert_ne!(tag, tag_of("Haus", 1));
}
