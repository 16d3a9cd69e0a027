//! The descriptor checks, one case each, on descriptors built in the test.

use std::path::Path;

use scriba_plugin_abi::{BufferV1, FormatDescriptorV1, KIND_TEXT, PluginDescriptorV1, StrV1};

use super::*;

extern "C" fn export(_: usize, _: *const u8, _: usize, _: *mut BufferV1) -> i32 {
    0
}

extern "C" fn free_buffer(_: BufferV1) {}

fn s(text: &'static str) -> StrV1 {
    StrV1 {
        ptr: text.as_ptr(),
        len: text.len(),
    }
}

fn format(id: &'static str, extension: &'static str) -> FormatDescriptorV1 {
    FormatDescriptorV1 {
        id: s(id),
        name: s("Test"),
        extension: s(extension),
        media_type: s("text/plain"),
        description: s("a test format"),
        kind: KIND_TEXT,
        reserved_u32: 0,
        reserved: [0; 4],
    }
}

/// A valid descriptor offering `formats` (leaked: descriptors live as long as the process).
fn descriptor(formats: Vec<FormatDescriptorV1>) -> PluginDescriptorV1 {
    let formats: &'static [FormatDescriptorV1] = Vec::leak(formats);
    PluginDescriptorV1 {
        abi_major: ABI_MAJOR,
        abi_minor: ABI_MINOR,
        size_of_descriptor: size_of::<PluginDescriptorV1>(),
        name: s("test-plugin"),
        version: s("1.2.3"),
        schema_version: s(SCHEMA_VERSION),
        formats: formats.as_ptr(),
        formats_len: formats.len(),
        export: Some(export),
        free_buffer: Some(free_buffer),
        plugin_data: std::ptr::null_mut(),
        reserved: [0; 8],
    }
}

/// Runs the checks on `d` and returns the reason of the skip, or `"ok"`.
fn check(d: PluginDescriptorV1) -> String {
    let d: &'static PluginDescriptorV1 = Box::leak(Box::new(d));
    // SAFETY: `d` is a leaked (never freed) descriptor whose pointers point to leaked or
    // static data, as the ABI requires.
    match unsafe { check_descriptor(Path::new("lib.so"), d) } {
        Ok(_) => "ok".to_owned(),
        Err(diag) => format!("{}: {}", diag.code, diag.message),
    }
}

fn expect(d: PluginDescriptorV1, code: &str, reason: &str) {
    assert_eq!(
        check(d),
        format!("{code}: skipping plugin `lib.so`: {reason}")
    );
}

#[test]
fn a_valid_descriptor_passes() {
    let d: &'static PluginDescriptorV1 = Box::leak(Box::new(descriptor(vec![
        format("md", "md"),
        format("csv", "csv"),
    ])));
    // SAFETY: as in `check`.
    let checked = unsafe { check_descriptor(Path::new("lib.so"), d) }.expect("valid");
    assert_eq!(checked.name, "test-plugin");
    assert_eq!(checked.version, "1.2.3");
    assert_eq!(checked.abi_minor, ABI_MINOR);
    let ids: Vec<&str> = checked.formats.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["md", "csv"]);
    assert_eq!(checked.formats[0].kind, OutputKind::Text);
}

#[test]
fn null_descriptor() {
    // SAFETY: a null pointer is allowed by `check_descriptor`'s contract.
    let err = unsafe { check_descriptor(Path::new("lib.so"), std::ptr::null()) }
        .err()
        .expect("refused");
    assert_eq!(err.code, "plugin.bad-descriptor");
    assert_eq!(
        err.message,
        "skipping plugin `lib.so`: its entry function returned no descriptor"
    );
}

#[test]
fn versions_and_size() {
    let mut d = descriptor(vec![format("md", "md")]);
    d.abi_major = 2;
    expect(
        d,
        "plugin.abi-mismatch",
        "it was built for plugin ABI 2.0, this scriba supports ABI 1.0 to 1.0",
    );
    let mut d = descriptor(vec![format("md", "md")]);
    d.abi_minor = 3;
    expect(
        d,
        "plugin.abi-too-new",
        "it was built for plugin ABI 1.3, newer than this scriba's ABI 1.0",
    );
    let mut d = descriptor(vec![format("md", "md")]);
    d.size_of_descriptor = 16;
    expect(
        d,
        "plugin.bad-descriptor",
        &format!(
            "its descriptor has 16 bytes, ABI 1.0 needs at least {}",
            size_of::<PluginDescriptorV1>()
        ),
    );
    let mut d = descriptor(vec![format("md", "md")]);
    d.schema_version = s("2.0.0");
    expect(
        d,
        "plugin.schema-mismatch",
        &format!(
            "it reads transcript schema 2.0.0, which cannot read the schema {SCHEMA_VERSION} this scriba writes"
        ),
    );
}

#[test]
fn functions_and_strings() {
    let mut d = descriptor(vec![format("md", "md")]);
    d.free_buffer = None;
    expect(
        d,
        "plugin.bad-descriptor",
        "its descriptor lacks the `export` or `free_buffer` function",
    );
    let mut d = descriptor(vec![format("md", "md")]);
    d.name = s("");
    expect(d, "plugin.bad-descriptor", "its name is empty");
    let mut d = descriptor(vec![format("md", "md")]);
    d.version = StrV1 {
        ptr: std::ptr::null(),
        len: 3,
    };
    expect(d, "plugin.bad-descriptor", "its version is a null pointer");
    let mut d = descriptor(vec![format("md", "md")]);
    let invalid: &'static [u8] = b"\xff\xfe";
    d.name = StrV1 {
        ptr: invalid.as_ptr(),
        len: invalid.len(),
    };
    expect(d, "plugin.bad-descriptor", "its name is not UTF-8");
    let mut d = descriptor(vec![format("md", "md")]);
    d.name = StrV1 {
        ptr: d.name.ptr,
        len: 1 << 20,
    };
    expect(
        d,
        "plugin.bad-descriptor",
        "its name is longer than 4096 bytes",
    );
}

#[test]
fn formats() {
    expect(
        descriptor(vec![]),
        "plugin.bad-descriptor",
        "it offers no formats",
    );
    expect(
        descriptor(vec![format("Markdown", "md")]),
        "plugin.bad-descriptor",
        "its format #0 has the id `Markdown`; ids are lowercase ASCII letters, digits, `-`, `_` and `.`",
    );
    expect(
        descriptor(vec![format("md", "md"), format("md", "markdown")]),
        "plugin.bad-descriptor",
        "it offers the format `md` twice",
    );
    expect(
        descriptor(vec![format("md", ".md")]),
        "plugin.bad-descriptor",
        "its format `md` has the extension `.md`; give it without a dot or slash",
    );
    let mut f = format("md", "md");
    f.kind = 7;
    expect(
        descriptor(vec![f]),
        "plugin.bad-descriptor",
        "its format `md` has the unknown kind 7",
    );
    let mut d = descriptor(vec![format("md", "md")]);
    d.formats = std::ptr::null();
    expect(
        d,
        "plugin.bad-descriptor",
        "its format list is a null or misaligned pointer",
    );
}

#[test]
fn format_ids() {
    for ok in ["md", "csv", "tei.xml", "my-format_2", "3gp"] {
        assert!(is_format_id(ok), "{ok}");
    }
    for bad in ["", "MD", "-x", ".x", "a b", "a/b", &"x".repeat(65)] {
        assert!(!is_format_id(bad), "{bad}");
    }
}
