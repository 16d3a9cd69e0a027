//! Keeps `docs/scriba_plugin.h` in sync with `scriba-plugin-abi`: the same constants, the same
//! structs with the same fields in the same order, and the same sizes and offsets (computed
//! from the header with the C layout rules of the platform's pointer width).

use std::collections::BTreeMap;
use std::mem::{offset_of, size_of};

use scriba_plugin_abi::{
    ABI_MAJOR, ABI_MINOR, BufferV1, ENTRY_SYMBOL, FormatDescriptorV1, KIND_BINARY, KIND_TEXT,
    PluginDescriptorV1, STATUS_ERROR, STATUS_OK, STATUS_PANIC, StrV1,
};

const HEADER: &str = include_str!("../../../docs/scriba_plugin.h");

/// `(C struct name, [(C field name, Rust offset, Rust size of the field)], Rust size)`.
///
/// The destructuring patterns in `rust_layouts` have no `..`: adding a field to a Rust struct
/// breaks the build of this test until the table (and so the header) is updated.
type Layout = (&'static str, Vec<(&'static str, usize, usize)>, usize);

fn rust_layouts() -> Vec<Layout> {
    #[allow(
        dead_code,
        reason = "the pattern only proves that the field list is complete"
    )]
    fn complete(s: StrV1, b: BufferV1, f: FormatDescriptorV1, d: PluginDescriptorV1) {
        let StrV1 { ptr: _, len: _ } = s;
        let BufferV1 {
            ptr: _,
            len: _,
            cookie: _,
        } = b;
        let FormatDescriptorV1 {
            id: _,
            name: _,
            extension: _,
            media_type: _,
            description: _,
            kind: _,
            reserved_u32: _,
            reserved: _,
        } = f;
        let PluginDescriptorV1 {
            abi_major: _,
            abi_minor: _,
            size_of_descriptor: _,
            name: _,
            version: _,
            schema_version: _,
            formats: _,
            formats_len: _,
            export: _,
            free_buffer: _,
            plugin_data: _,
            reserved: _,
        } = d;
    }
    let p = size_of::<usize>();
    let s = size_of::<StrV1>();
    vec![
        (
            "ScribaStrV1",
            vec![
                ("ptr", offset_of!(StrV1, ptr), p),
                ("len", offset_of!(StrV1, len), p),
            ],
            size_of::<StrV1>(),
        ),
        (
            "ScribaBufferV1",
            vec![
                ("ptr", offset_of!(BufferV1, ptr), p),
                ("len", offset_of!(BufferV1, len), p),
                ("cookie", offset_of!(BufferV1, cookie), p),
            ],
            size_of::<BufferV1>(),
        ),
        (
            "ScribaFormatDescriptorV1",
            vec![
                ("id", offset_of!(FormatDescriptorV1, id), s),
                ("name", offset_of!(FormatDescriptorV1, name), s),
                ("extension", offset_of!(FormatDescriptorV1, extension), s),
                ("media_type", offset_of!(FormatDescriptorV1, media_type), s),
                (
                    "description",
                    offset_of!(FormatDescriptorV1, description),
                    s,
                ),
                ("kind", offset_of!(FormatDescriptorV1, kind), 4),
                (
                    "reserved_u32",
                    offset_of!(FormatDescriptorV1, reserved_u32),
                    4,
                ),
                ("reserved", offset_of!(FormatDescriptorV1, reserved), 4 * p),
            ],
            size_of::<FormatDescriptorV1>(),
        ),
        (
            "ScribaPluginDescriptorV1",
            vec![
                ("abi_major", offset_of!(PluginDescriptorV1, abi_major), 4),
                ("abi_minor", offset_of!(PluginDescriptorV1, abi_minor), 4),
                (
                    "size_of_descriptor",
                    offset_of!(PluginDescriptorV1, size_of_descriptor),
                    p,
                ),
                ("name", offset_of!(PluginDescriptorV1, name), s),
                ("version", offset_of!(PluginDescriptorV1, version), s),
                (
                    "schema_version",
                    offset_of!(PluginDescriptorV1, schema_version),
                    s,
                ),
                ("formats", offset_of!(PluginDescriptorV1, formats), p),
                (
                    "formats_len",
                    offset_of!(PluginDescriptorV1, formats_len),
                    p,
                ),
                // `export` is a keyword in C++, so the header calls it `export_fn`.
                ("export_fn", offset_of!(PluginDescriptorV1, export), p),
                (
                    "free_buffer",
                    offset_of!(PluginDescriptorV1, free_buffer),
                    p,
                ),
                (
                    "plugin_data",
                    offset_of!(PluginDescriptorV1, plugin_data),
                    p,
                ),
                ("reserved", offset_of!(PluginDescriptorV1, reserved), 8 * p),
            ],
            size_of::<PluginDescriptorV1>(),
        ),
    ]
}

/// The fields of every `typedef struct Name { … } Name;` of the header: `(type, name, count)`.
fn header_structs() -> BTreeMap<String, Vec<(String, String, usize)>> {
    let mut out = BTreeMap::new();
    let mut rest = HEADER;
    while let Some(start) = rest.find("typedef struct ") {
        rest = &rest[start + "typedef struct ".len()..];
        let Some(open) = rest.find('{') else { break };
        if rest[..open].contains(';') {
            continue;
        }
        let name = rest[..open].trim().to_owned();
        let close = rest.find('}').expect("struct body closes");
        let body = &rest[open + 1..close];
        let fields = body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("/*"))
            .map(|line| {
                let line = line.strip_suffix(';').expect("field ends with ;");
                let (decl, count) = match line.split_once('[') {
                    Some((d, n)) => (d, n.trim_end_matches(']').parse().expect("array length")),
                    None => (line, 1),
                };
                let split = decl.rfind([' ', '*']).expect("type and name") + 1;
                (
                    decl[..split].trim().to_owned(),
                    decl[split..].to_owned(),
                    count,
                )
            })
            .collect();
        out.insert(name, fields);
        rest = &rest[close..];
    }
    out
}

/// Size and alignment of a C field type.
fn c_type(ty: &str, structs: &BTreeMap<String, (usize, usize)>) -> (usize, usize) {
    let p = size_of::<usize>();
    match ty {
        "uint32_t" | "int32_t" => (4, 4),
        "size_t" | "uintptr_t" => (p, p),
        t if t.ends_with('*') || t.ends_with("Fn") => (p, p),
        t => *structs
            .get(t)
            .unwrap_or_else(|| panic!("unknown C type `{t}`")),
    }
}

#[test]
fn structs_match_the_rust_abi() {
    let header = header_structs();
    let mut c_layouts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (name, rust_fields, rust_size) in rust_layouts() {
        let fields = header
            .get(name)
            .unwrap_or_else(|| panic!("docs/scriba_plugin.h lacks `typedef struct {name}`"));
        let names: Vec<&str> = fields.iter().map(|(_, n, _)| n.as_str()).collect();
        let rust_names: Vec<&str> = rust_fields.iter().map(|(n, _, _)| *n).collect();
        assert_eq!(names, rust_names, "fields of {name}");
        let (mut offset, mut align) = (0usize, 1usize);
        for ((ty, field, count), (_, rust_offset, rust_field_size)) in
            fields.iter().zip(&rust_fields)
        {
            let (size, field_align) = c_type(ty, &c_layouts);
            offset = offset.next_multiple_of(field_align);
            align = align.max(field_align);
            assert_eq!(offset, *rust_offset, "offset of {name}.{field}");
            assert_eq!(size * count, *rust_field_size, "size of {name}.{field}");
            offset += size * count;
        }
        let size = offset.next_multiple_of(align);
        assert_eq!(size, rust_size, "size of {name}");
        c_layouts.insert(name.to_owned(), (size, align));
    }
    assert_eq!(header.len(), 4, "every struct of the header is checked");
}

#[test]
fn constants_match_the_rust_abi() {
    for (name, value) in [
        ("SCRIBA_PLUGIN_ABI_MAJOR", ABI_MAJOR.to_string()),
        ("SCRIBA_PLUGIN_ABI_MINOR", ABI_MINOR.to_string()),
        ("SCRIBA_PLUGIN_ENTRY_SYMBOL", format!("\"{ENTRY_SYMBOL}\"")),
        ("SCRIBA_STATUS_OK", STATUS_OK.to_string()),
        ("SCRIBA_STATUS_ERROR", STATUS_ERROR.to_string()),
        ("SCRIBA_STATUS_PANIC", STATUS_PANIC.to_string()),
        ("SCRIBA_KIND_TEXT", KIND_TEXT.to_string()),
        ("SCRIBA_KIND_BINARY", KIND_BINARY.to_string()),
    ] {
        let line = format!("#define {name} {value}\n");
        assert!(
            HEADER.contains(&line),
            "docs/scriba_plugin.h must contain `{}`",
            line.trim()
        );
    }
    assert!(HEADER.contains(&format!(
        "const ScribaPluginDescriptorV1 *{ENTRY_SYMBOL}(void);"
    )));
}

#[test]
fn function_types_match_the_rust_abi() {
    // The Rust types, spelled out (safe functions coerce to the ABI's function pointer
    // types only when the signatures agree): changing one of them fails to compile here.
    extern "C" fn entry() -> *const PluginDescriptorV1 {
        std::ptr::null()
    }
    extern "C" fn export(_: usize, _: *const u8, _: usize, _: *mut BufferV1) -> i32 {
        0
    }
    extern "C" fn free(_: BufferV1) {}
    let _: scriba_plugin_abi::EntryFn = entry;
    let _: scriba_plugin_abi::ExportFn = export;
    let _: scriba_plugin_abi::FreeBufferFn = free;
    for c in [
        "typedef const struct ScribaPluginDescriptorV1 *(*ScribaEntryFn)(void);",
        "typedef int32_t (*ScribaExportFn)(size_t format_index, const uint8_t *request, size_t request_len, ScribaBufferV1 *response);",
        "typedef void (*ScribaFreeBufferFn)(ScribaBufferV1 buffer);",
    ] {
        assert!(
            HEADER.contains(c),
            "docs/scriba_plugin.h must declare `{c}`"
        );
    }
}
