//! `scriba inspect` on the seed shows what the foundation issue lists: title, language `de`,
//! the disclaimer as front matter, one speaker, both page-break splits rejoined, the book
//! title as a work title, `ENDE` as the end of the body, labelled back matter, and the `(#)`
//! link as a warning. Run by `cargo xtask conformance`.
#![cfg(feature = "conformance")]

use std::process::Command;

#[test]
fn inspect_shows_the_seed_as_read() {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/000_5e7103ed1d3ef773.txt"
    );
    assert!(
        std::path::Path::new(seed).is_file(),
        "../shared is missing: this test needs the seed at {seed}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_scriba"))
        .args(["inspect", "--json", seed])
        .output()
        .expect("scriba runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let s = &v["summary"];
    assert_eq!(
        s["title"],
        "Varoufakis über Chinas KI DeepSeek und den neuen Kalten Krieg"
    );
    assert_eq!(s["language"], "de");
    assert!(
        s["disclaimer"]
            .as_str()
            .is_some_and(|d| d.starts_with("Das Transkript gibt möglicherweise")),
        "{s}"
    );
    assert_eq!(s["front"].as_array().map(Vec::len), Some(1));
    let speakers = s["speakers"].as_array().expect("speakers");
    assert_eq!(speakers.len(), 1);
    assert_eq!(speakers[0]["name"], "Yanis Varoufakis");
    assert_eq!(speakers[0]["turns"], 1);
    assert_eq!(s["page_break_joins"], 2);
    assert_eq!(
        s["paragraphs"], 5,
        "seven source paragraphs, two of them rejoined"
    );
    assert_eq!(
        s["work_titles"][0],
        "Technofeudalismus: Was den Kapitalismus tötete"
    );
    assert_eq!(s["end_marker"], "ENDE");
    let fields: Vec<(String, String)> = s["back_fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f[0].as_str().unwrap_or_default().to_owned(),
                f[1].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for (label, value) in [
        ("Kontoinhaber", "acTVism München e.V."),
        ("IBAN", "DE89430609678224073600"),
        ("BIC", "GENODEM1GLS"),
        ("E-Mail", "PayPal@acTVism.org"),
        ("PATREON", "https://www.patreon.com/acTVism"),
    ] {
        assert!(
            fields.contains(&(label.to_owned(), value.to_owned())),
            "{label} in {fields:?}"
        );
    }
    let diagnostics = v["diagnostics"].as_array().expect("diagnostics");
    let codes: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"read.empty-link"), "{codes:?}");
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == "read.page-break-join")
            .count(),
        2
    );
    assert!(codes.contains(&"read.work-title"));
    assert!(codes.contains(&"read.disclaimer"));
}
