//! The generated plugin, called in-process exactly as the host calls it.

use scriba_core::{
    Artifact, ExportContext, ExportResult, Exporter, ExporterInfo, ExporterOrigin, OutputKind,
    Transcript, Warned,
};
use scriba_plugin_abi::{
    ABI_MAJOR, ABI_MINOR, BufferV1, PluginDescriptorV1, STATUS_ERROR, STATUS_OK, STATUS_PANIC,
    StrV1,
};

struct Words;
struct Bytes;
struct Panics;

fn info(id: &str, kind: OutputKind) -> ExporterInfo {
    ExporterInfo {
        id: id.to_owned(),
        name: format!("test {id}"),
        version: "1.2.3".to_owned(),
        extension: id.to_owned(),
        media_type: "application/x-test".to_owned(),
        kind,
        description: "a test format".to_owned(),
        origin: ExporterOrigin::Builtin,
    }
}

impl Exporter for Words {
    fn id(&self) -> &str {
        "words"
    }
    fn info(&self) -> ExporterInfo {
        info("words", OutputKind::Text)
    }
    fn export(&self, doc: &Transcript, ctx: &ExportContext) -> ExportResult {
        let upper: bool = ctx
            .options
            .get("upper")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        let mut text = doc.body_words().join(" ");
        if upper {
            text = text.to_uppercase();
        }
        let text = format!("{text} @{}", ctx.source_date_epoch.unwrap_or(-1));
        Ok(Warned::with(
            vec![Artifact {
                path: ctx.file_name("words"),
                media_type: "text/plain".to_owned(),
                bytes: text.into_bytes(),
            }],
            vec![scriba_core::Diagnostic::warning("test.note", "a warning")],
        ))
    }
}

impl Exporter for Bytes {
    fn id(&self) -> &str {
        "bytes"
    }
    fn info(&self) -> ExporterInfo {
        info("bytes", OutputKind::Binary)
    }
    fn export(&self, _: &Transcript, ctx: &ExportContext) -> ExportResult {
        Ok(Warned::new(vec![Artifact {
            path: ctx.file_name("bin"),
            media_type: "application/octet-stream".to_owned(),
            bytes: vec![0xff, 0x00, 0xfe],
        }]))
    }
}

impl Exporter for Panics {
    fn id(&self) -> &str {
        "panics"
    }
    fn info(&self) -> ExporterInfo {
        info("panics", OutputKind::Text)
    }
    fn export(&self, _: &Transcript, _: &ExportContext) -> ExportResult {
        panic!("boom")
    }
}

crate::export_plugin!(Words, Bytes, Panics);

fn descriptor() -> PluginDescriptorV1 {
    let ptr = scriba_plugin_entry_v1();
    assert!(!ptr.is_null());
    // SAFETY: the entry returns a pointer to the descriptor in a `static` (non-null, checked).
    unsafe { ptr.read() }
}

fn text(s: StrV1) -> String {
    // SAFETY: the SDK's descriptor strings point to `len` bytes of live UTF-8 data.
    let bytes = unsafe { std::slice::from_raw_parts(s.ptr, s.len) };
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

/// Calls `export` like the host does and frees the buffer like the host does.
fn call(index: usize, request: &str) -> (i32, String) {
    let d = descriptor();
    let mut buffer = BufferV1 {
        ptr: std::ptr::null_mut(),
        len: 0,
        cookie: 0,
    };
    let export = d.export.expect("export");
    // SAFETY: valid request bytes for the duration of the call and a writable buffer.
    let status = unsafe { export(index, request.as_ptr(), request.len(), &mut buffer) };
    let bytes = if buffer.ptr.is_null() {
        Vec::new()
    } else {
        // SAFETY: the plugin returned `len` bytes at `ptr`, owned until `free_buffer`.
        unsafe { std::slice::from_raw_parts(buffer.ptr, buffer.len) }.to_vec()
    };
    let free = d.free_buffer.expect("free_buffer");
    // SAFETY: the buffer is handed back once, unchanged.
    unsafe { free(buffer) };
    (status, String::from_utf8(bytes).expect("utf-8 response"))
}

fn request(version: &str) -> String {
    format!(
        r#"{{"schema":"scriba-transcript","version":"{version}","transcript":{{"body":[{{"type":"paragraph","content":[{{"type":"text","text":"Guten Tag"}}]}}]}},"options":{{"upper":true}},"context":{{"format":"words","input_name":"in.txt","stem":"talk","source_date_epoch":42}}}}"#
    )
}

#[test]
fn descriptor_describes_the_plugin() {
    let d = descriptor();
    assert_eq!((d.abi_major, d.abi_minor), (ABI_MAJOR, ABI_MINOR));
    assert_eq!(d.size_of_descriptor, size_of::<PluginDescriptorV1>());
    assert_eq!(text(d.name), env!("CARGO_PKG_NAME"));
    assert_eq!(text(d.version), env!("CARGO_PKG_VERSION"));
    assert_eq!(text(d.schema_version), scriba_core::SCHEMA_VERSION);
    assert_eq!(d.formats_len, 3);
    // SAFETY: `formats` points to `formats_len` descriptors in the plugin's static cell.
    let formats = unsafe { std::slice::from_raw_parts(d.formats, d.formats_len) };
    let ids: Vec<String> = formats.iter().map(|f| text(f.id)).collect();
    assert_eq!(ids, ["words", "bytes", "panics"]);
    assert_eq!(text(formats[1].name), "test bytes");
    assert_eq!(formats[1].kind, scriba_plugin_abi::KIND_BINARY);
    // The entry returns the same descriptor every time.
    assert_eq!(scriba_plugin_entry_v1(), scriba_plugin_entry_v1());
}

#[test]
fn text_artifacts_travel_as_utf8_with_options_context_and_warnings() {
    let (status, response) = call(0, &request("1.0.0"));
    assert_eq!(status, STATUS_OK);
    assert_eq!(
        response,
        r#"{"artifacts":[{"path":"talk.words","media_type":"text/plain","encoding":"utf-8","data":"GUTEN TAG @42"}],"diagnostics":[{"severity":"warning","code":"test.note","message":"a warning"}]}"#
    );
}

#[test]
fn binary_artifacts_travel_as_base64() {
    let (status, response) = call(1, &request("1.0.0"));
    assert_eq!(status, STATUS_OK);
    assert_eq!(
        response,
        r#"{"artifacts":[{"path":"talk.bin","media_type":"application/octet-stream","encoding":"base64","data":"/wD+"}],"diagnostics":[]}"#
    );
}

#[test]
fn panics_become_a_status_with_message_and_location() {
    let (status, message) = call(2, &request("1.0.0"));
    assert_eq!(status, STATUS_PANIC);
    assert!(
        message.starts_with("boom (at crates/scriba-plugin-sdk/src/__private/tests.rs:"),
        "{message}"
    );
    // The plugin keeps working after a panic.
    assert_eq!(call(0, &request("1.0.0")).0, STATUS_OK);
}

#[test]
fn bad_requests_are_errors_with_diagnostics() {
    let (status, response) = call(0, "{not json");
    assert_eq!(status, STATUS_ERROR);
    assert!(
        response.starts_with(r#"{"artifacts":[],"diagnostics":[{"severity":"error","code":"plugin.request","message":"the plugin cannot decode the request: "#),
        "{response}"
    );
    let (status, response) = call(0, &request("2.0.0"));
    assert_eq!(status, STATUS_ERROR);
    assert!(response.contains(r#""code":"plugin.schema""#), "{response}");
    assert!(
        response.contains("schema version 2.0.0 cannot be read"),
        "{response}"
    );
    let (status, response) = call(7, &request("1.0.0"));
    assert_eq!(status, STATUS_ERROR);
    assert!(
        response.contains("format index 7 is out of range (the plugin has 3 formats)"),
        "{response}"
    );
}

#[test]
fn a_null_response_pointer_is_refused() {
    let export = descriptor().export.expect("export");
    let request = request("1.0.0");
    // SAFETY: a null response pointer is allowed by the SDK (it returns a panic status).
    let status = unsafe { export(0, request.as_ptr(), request.len(), std::ptr::null_mut()) };
    assert_eq!(status, STATUS_PANIC);
}
