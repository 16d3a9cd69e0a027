use super::{XmlWriter, is_xml_char};

fn check(text: &str, attr: &str, expect: &str, dropped: usize) {
    let mut w = XmlWriter::new(false, 0);
    w.open("a", &[("v", attr)]);
    w.text(text);
    w.end_tag("a");
    let out = String::from_utf8(w.split_off(0)).expect("utf-8");
    let body = out.split_once('\n').map_or("", |(_, b)| b);
    assert_eq!(body, expect);
    assert_eq!(w.dropped, dropped);
}

#[test]
fn escapes_markup_and_cdata_end() {
    check(
        "<script>&]]>-->",
        "a\"b<c>&",
        "<a v=\"a&quot;b&lt;c&gt;&amp;\">&lt;script&gt;&amp;]]&gt;--&gt;</a>",
        0,
    );
}

#[test]
fn drops_forbidden_controls_and_nonchars() {
    check(
        "a\u{1}b\u{FFFE}c\u{FFFF}d\u{1F}",
        "x\u{0}y",
        "<a v=\"xy\">abcd</a>",
        5,
    );
}

#[test]
fn keeps_bidi_zero_width_and_escapes_whitespace_in_attributes() {
    check(
        "\u{202E}rtl\u{200B}\t\n\r",
        "t\tn\nr\r",
        "<a v=\"t&#x9;n&#xA;r&#xD;\">\u{202E}rtl\u{200B}\t\n&#xD;</a>",
        0,
    );
}

#[test]
fn xml_char_production() {
    assert!(is_xml_char('\t') && is_xml_char('\u{10FFFF}') && is_xml_char('\u{FFFD}'));
    assert!(!is_xml_char('\u{0}') && !is_xml_char('\u{B}') && !is_xml_char('\u{FFFF}'));
}
