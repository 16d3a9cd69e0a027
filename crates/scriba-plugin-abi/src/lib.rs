//! The versioned C ABI between scriba and its exporter plugins: `#[repr(C)]` types, function
//! pointer types and constants, with no logic and no dependencies.
//!
//! A plugin is a dynamic library (`libscriba_*.so`, `libscriba_*.dylib` or `scriba_*.dll`)
//! that exports one symbol, [`ENTRY_SYMBOL`] (`scriba_plugin_entry_v1`), an
//! [`EntryFn`] that returns a pointer to a [`PluginDescriptorV1`] in static memory.
//! The host reads the descriptor's [`abi_major`](PluginDescriptorV1::abi_major),
//! [`abi_minor`](PluginDescriptorV1::abi_minor) and
//! [`size_of_descriptor`](PluginDescriptorV1::size_of_descriptor) before it reads anything
//! else, and calls no other plugin function until every check has passed.
//!
//! Data crosses the boundary as bytes: the transcript, the options and the context go in as one
//! UTF-8 JSON request (`{"schema": "scriba-transcript", "version", "transcript", "options",
//! "context"}`), and the artifacts or diagnostics come back as one UTF-8 JSON response
//! (`{"artifacts", "diagnostics"}`) in a buffer that the plugin allocated and that the host
//! hands back to the plugin's [`FreeBufferFn`].
//! No Rust type layout, trait object or allocator crosses the boundary.
//!
//! `docs/plugins.md` is the reference for the JSON documents and the compatibility promise;
//! `docs/scriba_plugin.h` declares the same types for C (a test keeps the two in sync).
//!
//! This crate holds declarations only: it is what both sides agree on, so it never contains
//! logic, generics, owned Rust types or `unsafe` code.

#![no_std]

use core::ffi::c_void;

/// The major version of this ABI. A host loads only plugins with exactly this major version.
pub const ABI_MAJOR: u32 = 1;

/// The minor version of this ABI. A host loads plugins whose minor version is not newer than
/// its own; minor versions only append fields to the end of [`PluginDescriptorV1`] (announced
/// by [`PluginDescriptorV1::size_of_descriptor`]) or give meaning to reserved words that are
/// zero in older plugins.
pub const ABI_MINOR: u32 = 0;

/// The name of the entry symbol every plugin exports, an [`EntryFn`].
pub const ENTRY_SYMBOL: &str = "scriba_plugin_entry_v1";

/// [`ENTRY_SYMBOL`] with a terminating NUL byte, as `dlsym` wants it.
pub const ENTRY_SYMBOL_NUL: &[u8] = b"scriba_plugin_entry_v1\0";

/// [`ExportFn`] status: the export succeeded; the buffer holds a JSON response with artifacts
/// (and possibly warnings).
pub const STATUS_OK: i32 = 0;

/// [`ExportFn`] status: the export failed; the buffer holds a JSON response whose diagnostics
/// say why.
pub const STATUS_ERROR: i32 = 1;

/// [`ExportFn`] status: the plugin caught a panic (or an equivalent fatal condition); the
/// buffer is empty or holds a UTF-8 message (not JSON) describing it.
pub const STATUS_PANIC: i32 = 2;

/// [`FormatDescriptorV1::kind`]: the format's artifacts are UTF-8 text.
pub const KIND_TEXT: u32 = 0;

/// [`FormatDescriptorV1::kind`]: the format's artifacts are binary.
pub const KIND_BINARY: u32 = 1;

/// A borrowed UTF-8 string: a pointer and a length in bytes, not NUL-terminated.
///
/// Every `StrV1` in a descriptor points into memory that stays valid and unchanged for as long
/// as the library is loaded (plugins are never unloaded). `ptr` may be null only when `len`
/// is 0.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct StrV1 {
    /// The first byte.
    pub ptr: *const u8,
    /// The number of bytes.
    pub len: usize,
}

/// A byte buffer allocated by the plugin and owned by the caller until it is handed back to
/// the plugin's [`FreeBufferFn`].
///
/// `ptr` is null when the buffer is empty; the host then does not call [`FreeBufferFn`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct BufferV1 {
    /// The first byte, or null.
    pub ptr: *mut u8,
    /// The number of bytes.
    pub len: usize,
    /// A value the plugin may use to free the buffer (such as its capacity); the host passes
    /// it back unchanged.
    pub cookie: usize,
}

/// One output format a plugin offers, such as `md` (Markdown).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct FormatDescriptorV1 {
    /// The format id used by `scriba export --to`: lowercase ASCII letters, digits, `-`, `_`
    /// and `.`, starting with a letter or digit, at most 64 bytes.
    pub id: StrV1,
    /// A human-readable name, such as `Markdown`.
    pub name: StrV1,
    /// The file extension of the main artifact, without the leading dot, such as `md`.
    pub extension: StrV1,
    /// The media type of the main artifact, such as `text/markdown; charset=utf-8`.
    pub media_type: StrV1,
    /// One sentence on what the format is for.
    pub description: StrV1,
    /// [`KIND_TEXT`] or [`KIND_BINARY`].
    pub kind: u32,
    /// Zero. Reserved for future minor versions.
    pub reserved_u32: u32,
    /// Zero. Reserved for future minor versions.
    pub reserved: [usize; 4],
}

/// The function behind [`ENTRY_SYMBOL`]: returns a pointer to the plugin's descriptor, which
/// lives in static memory for as long as the library is loaded.
///
/// It must only return the pointer: no I/O, no allocation that can fail loudly, no unwinding.
/// It is the only plugin function the host calls before the descriptor has passed every check,
/// and it may be called more than once, from any thread.
pub type EntryFn = unsafe extern "C" fn() -> *const PluginDescriptorV1;

/// Exports a transcript in one of the plugin's formats.
///
/// - `format_index` is the index of the format in [`PluginDescriptorV1::formats`].
/// - `request`/`request_len` is the UTF-8 JSON request, valid only during the call.
/// - `response` points to a [`BufferV1`] that the host set to null/0/0; the plugin stores its
///   response there. The host copies the bytes and then hands the buffer to
///   [`PluginDescriptorV1::free_buffer`] exactly once.
///
/// Returns [`STATUS_OK`], [`STATUS_ERROR`] or [`STATUS_PANIC`]; any other value is treated
/// like [`STATUS_PANIC`]. The function must never unwind across the boundary, may be called
/// from any thread and concurrently, and must not keep pointers into the request.
pub type ExportFn = unsafe extern "C" fn(
    format_index: usize,
    request: *const u8,
    request_len: usize,
    response: *mut BufferV1,
) -> i32;

/// Frees a buffer that the plugin's [`ExportFn`] returned. Called exactly once per non-null
/// buffer, with the buffer exactly as the plugin returned it.
pub type FreeBufferFn = unsafe extern "C" fn(buffer: BufferV1);

/// The plugin descriptor returned by the [`EntryFn`] (gstreamer's `GstPluginDesc`).
///
/// The first three fields keep their place in every ABI version: a host reads `abi_major`
/// first, and reads nothing else unless it matches. Minor versions append fields after
/// `reserved`; `size_of_descriptor` tells how many bytes the plugin's descriptor has.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PluginDescriptorV1 {
    /// [`ABI_MAJOR`] of the ABI the plugin was built against.
    pub abi_major: u32,
    /// [`ABI_MINOR`] of the ABI the plugin was built against.
    pub abi_minor: u32,
    /// `size_of::<PluginDescriptorV1>()` as the plugin saw it.
    pub size_of_descriptor: usize,
    /// The plugin's name, such as `scriba-markdown`.
    pub name: StrV1,
    /// The plugin's own version (semver), such as `0.1.0`.
    pub version: StrV1,
    /// The version of the transcript JSON schema (`scriba-transcript`) the plugin reads, such
    /// as `1.0.0`; the host refuses plugins that cannot read the version it sends.
    pub schema_version: StrV1,
    /// The formats, an array of `formats_len` descriptors (null when `formats_len` is 0).
    pub formats: *const FormatDescriptorV1,
    /// The number of formats.
    pub formats_len: usize,
    /// Exports a transcript in one of the formats.
    pub export: Option<ExportFn>,
    /// Frees a buffer returned by `export`.
    pub free_buffer: Option<FreeBufferFn>,
    /// Opaque plugin data; the host never reads it.
    pub plugin_data: *mut c_void,
    /// Zero. Reserved for future minor versions.
    pub reserved: [usize; 8],
}
