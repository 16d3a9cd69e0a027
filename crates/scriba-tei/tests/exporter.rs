//! The registration wrapper: options from the export context, the timestamp, the artifact.

use scriba_core::{ExportContext, Exporter, OutputKind, Transcript};
use scriba_tei::TeiExporter;

fn context(options: serde_json::Value) -> ExportContext {
    let serde_json::Value::Object(map) = options else {
        panic!("options are an object")
    };
    ExportContext::new("talk")
        .with_options(map)
        .with_source_date_epoch(Some(1_738_281_600))
}

#[test]
fn info_names_the_format() {
    let info = TeiExporter.info();
    assert_eq!(TeiExporter.id(), "tei");
    assert_eq!(info.id, "tei");
    assert_eq!(info.extension, "tei.xml");
    assert_eq!(info.media_type, "application/tei+xml");
    assert_eq!(info.kind, OutputKind::Text);
}

#[test]
fn export_uses_options_and_source_date_epoch() {
    let doc = Transcript::default();
    let out = TeiExporter
        .export(
            &doc,
            &context(serde_json::json!({"pretty": false, "id_prefix": "x"})),
        )
        .expect("valid options")
        .output;
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].path, "talk.tei.xml");
    assert_eq!(out[0].media_type, "application/tei+xml");
    let xml = String::from_utf8(out[0].bytes.clone()).expect("UTF-8");
    assert_eq!(xml.lines().count(), 2, "compact");
    assert!(
        xml.contains(r#"<change when="2025-01-31">"#),
        "date from SOURCE_DATE_EPOCH"
    );

    let iso = TeiExporter
        .export(&doc, &context(serde_json::json!({"profile": "iso-spoken"})))
        .expect("valid options")
        .output;
    let xml = String::from_utf8(iso[0].bytes.clone()).expect("UTF-8");
    assert!(xml.contains(r#"<change when="2025-01-31T00:00:00Z">"#));
    assert!(xml.contains("<annotationBlock"));
}

#[test]
fn bad_options_are_errors() {
    let doc = Transcript::default();
    for bad in [
        serde_json::json!({"profile": "lite"}),
        serde_json::json!({"prety": true}),
        serde_json::json!({"id_prefix": "9"}),
    ] {
        let err = TeiExporter
            .export(&doc, &context(bad.clone()))
            .expect_err("invalid option");
        assert!(!err.is_empty(), "{bad}");
    }
}
