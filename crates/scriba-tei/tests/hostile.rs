//! Hostile input: markup, CDATA ends, comment ends, quotes in attributes, forbidden control
//! characters, bidi and zero-width characters, huge words, names that are not NCNames.

mod common;

use common::{hostile, parse, tei_body_words};
use scriba_tei::{TeiOptions, export, read};

#[test]
fn hostile_input_is_well_formed_and_keeps_its_words() {
    let doc = hostile();
    let out = export(&doc, &TeiOptions::default()).expect("valid options");
    let xml = std::str::from_utf8(&out.output).expect("UTF-8");
    let root = parse(xml);
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{FFFF}') && !xml.contains('\u{FFFE}'));
    assert!(
        xml.contains('\u{202E}') && xml.contains('\u{200B}'),
        "bidi and zero-width kept"
    );
    assert!(!xml.contains("<script>"), "markup is escaped");
    for code in ["tei.forbidden-char", "tei.language", "tei.url", "tei.token"] {
        assert!(
            out.warnings.iter().any(|w| w.code == code),
            "warning {code} in {:?}",
            out.warnings
        );
    }
    // Words survive, except for the dropped characters.
    let expected: Vec<String> = doc
        .body_words()
        .iter()
        .map(|w| w.chars().filter(|&c| !is_forbidden(c)).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    assert_eq!(tei_body_words(&root), expected);
    // Speaker ids are unique and valid.
    let ids: Vec<&str> = root
        .find_all("person")
        .iter()
        .filter_map(|p| p.attr("xml:id"))
        .collect();
    assert_eq!(ids, ["dr-muller", "dr-muller-2", "script", "d", "person"]);
    let role = root.find_all("person")[0].attr("role").expect("role");
    assert_eq!(role, "role with separators");
    let links = root.find_all("ref");
    assert!(
        links
            .iter()
            .all(|r| r.attr("target").is_none_or(|t| !t.contains(' ')))
    );
}

#[test]
fn hostile_input_round_trips() {
    let doc = hostile();
    let first = export(&doc, &TeiOptions::default()).expect("ok").output;
    let back = read(std::str::from_utf8(&first).expect("UTF-8")).expect("readable");
    let second = export(&back.output, &TeiOptions::default())
        .expect("ok")
        .output;
    if first != second {
        let dir = std::env::temp_dir();
        std::fs::write(dir.join("scriba-tei-hostile-1.xml"), &first).expect("write");
        std::fs::write(dir.join("scriba-tei-hostile-2.xml"), &second).expect("write");
        panic!(
            "export → read → export differs; see scriba-tei-hostile-{{1,2}}.xml in {}",
            dir.display()
        );
    }
}

fn is_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}
