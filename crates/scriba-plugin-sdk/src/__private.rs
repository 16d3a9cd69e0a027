//! The machinery behind [`export_plugin!`](crate::export_plugin): not part of the SDK's API.
//!
//! Everything here is public only because the macro expands in the plugin's crate.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Once, OnceLock};

use scriba_core::{
    Artifact, Diagnostic, Document, ExportContext, Exporter, OutputKind, Transcript,
};
use scriba_plugin_abi::{
    ABI_MAJOR, ABI_MINOR, BufferV1, FormatDescriptorV1, KIND_BINARY, KIND_TEXT, PluginDescriptorV1,
    STATUS_ERROR, STATUS_OK, STATUS_PANIC, StrV1,
};
use serde::{Deserialize, Serialize};

/// What the macro implements for its generated marker type.
pub trait Plugin: 'static {
    /// The plugin's name (`CARGO_PKG_NAME`).
    const NAME: &'static str;
    /// The plugin's version (`CARGO_PKG_VERSION`).
    const VERSION: &'static str;
    /// Builds the exporters, one per format.
    fn exporters() -> Vec<Box<dyn Exporter>>;
    /// The static cell holding the built plugin.
    fn cell() -> &'static PluginCell;
    /// Test hook for scriba's host tests: the ABI minor version the descriptor announces.
    const ABI_MINOR: u32 = ABI_MINOR;
    /// Test hook for scriba's host tests: rewrites the response bytes before they are returned.
    fn tamper_response(response: Vec<u8>) -> Vec<u8> {
        response
    }
}

/// The built plugin: exporters, the strings the descriptor points into, and the descriptor.
pub struct Built {
    exporters: Vec<Box<dyn Exporter>>,
    /// Owns the bytes that the `StrV1`s of `formats` and `descriptor` point into.
    _strings: Vec<Box<str>>,
    /// Owns the array `descriptor.formats` points to.
    _formats: Box<[FormatDescriptorV1]>,
    descriptor: PluginDescriptorV1,
}

// SAFETY: the raw pointers in `descriptor` and `_formats` point into heap data owned by the
// same `Built` (`_strings`, `_formats`) or to `'static` strings; that data is never mutated or
// freed while the `Built` exists, and the `Built` lives in a `static` for the whole process. The
// exporters are `Send + Sync` by the `Exporter` trait's bounds.
unsafe impl Send for Built {}
// SAFETY: as for `Send`: after construction everything is read-only.
unsafe impl Sync for Built {}

/// A `static` slot for the built plugin.
pub struct PluginCell(OnceLock<Built>);

impl PluginCell {
    /// An empty cell.
    #[allow(
        clippy::new_without_default,
        reason = "used in a `static`, where only a const fn works"
    )]
    pub const fn new() -> Self {
        Self(OnceLock::new())
    }
}

fn get_or_build<P: Plugin>() -> Option<&'static Built> {
    let cell = &P::cell().0;
    if let Some(built) = cell.get() {
        return Some(built);
    }
    guarded(|| cell.get_or_init(build::<P>)).ok()
}

fn build<P: Plugin>() -> Built {
    let exporters = P::exporters();
    let mut strings: Vec<Box<str>> = Vec::new();
    let mut keep = |s: String| -> StrV1 {
        let boxed: Box<str> = s.into_boxed_str();
        let view = StrV1 {
            ptr: boxed.as_ptr(),
            len: boxed.len(),
        };
        strings.push(boxed);
        view
    };
    let formats: Box<[FormatDescriptorV1]> = exporters
        .iter()
        .map(|e| {
            let info = e.info();
            FormatDescriptorV1 {
                id: keep(e.id().to_owned()),
                name: keep(info.name),
                extension: keep(info.extension),
                media_type: keep(info.media_type),
                description: keep(info.description),
                kind: match info.kind {
                    OutputKind::Text => KIND_TEXT,
                    OutputKind::Binary => KIND_BINARY,
                },
                reserved_u32: 0,
                reserved: [0; 4],
            }
        })
        .collect();
    let descriptor = PluginDescriptorV1 {
        abi_major: ABI_MAJOR,
        abi_minor: P::ABI_MINOR,
        size_of_descriptor: size_of::<PluginDescriptorV1>(),
        name: static_str(P::NAME),
        version: static_str(P::VERSION),
        schema_version: static_str(scriba_core::SCHEMA_VERSION),
        formats: if formats.is_empty() {
            std::ptr::null()
        } else {
            formats.as_ptr()
        },
        formats_len: formats.len(),
        export: Some(export::<P>),
        free_buffer: Some(free_buffer),
        plugin_data: std::ptr::null_mut(),
        reserved: [0; 8],
    };
    Built {
        exporters,
        _strings: strings,
        _formats: formats,
        descriptor,
    }
}

fn static_str(s: &'static str) -> StrV1 {
    StrV1 {
        ptr: s.as_ptr(),
        len: s.len(),
    }
}

/// The body of the generated `scriba_plugin_entry_v1`: builds the plugin once and returns its
/// descriptor, or null when building it panicked.
pub fn entry<P: Plugin>() -> *const PluginDescriptorV1 {
    get_or_build::<P>().map_or(std::ptr::null(), |built| &built.descriptor)
}

/// The plugin's `export` function (see [`scriba_plugin_abi::ExportFn`]).
///
/// # Safety
///
/// `request` must point to `request_len` readable bytes (or be null with length 0) for the
/// duration of the call, and `response` must be null or point to a writable [`BufferV1`].
pub unsafe extern "C" fn export<P: Plugin>(
    format_index: usize,
    request: *const u8,
    request_len: usize,
    response: *mut BufferV1,
) -> i32 {
    if response.is_null() {
        return STATUS_PANIC;
    }
    let input: &[u8] = if request.is_null() || request_len == 0 {
        &[]
    } else {
        // SAFETY: the host guarantees (ABI contract of `ExportFn`) that `request` points to
        // `request_len` initialised bytes that stay valid and unmodified during this call; we
        // do not keep the slice beyond it.
        unsafe { std::slice::from_raw_parts(request, request_len) }
    };
    let (status, bytes) = match guarded(|| run::<P>(format_index, input)) {
        Ok((status, bytes)) => (status, P::tamper_response(bytes)),
        Err(message) => (STATUS_PANIC, message.into_bytes()),
    };
    // SAFETY: `response` is non-null (checked above) and the host guarantees it points to a
    // writable `BufferV1`; `write` does not read or drop the old value.
    unsafe { response.write(into_buffer(bytes)) };
    status
}

/// The plugin's `free_buffer` function (see [`scriba_plugin_abi::FreeBufferFn`]).
///
/// # Safety
///
/// `buffer` must be a buffer returned by [`export`] of this library, unchanged, freed once.
pub unsafe extern "C" fn free_buffer(buffer: BufferV1) {
    if buffer.ptr.is_null() {
        return;
    }
    let slice = std::ptr::slice_from_raw_parts_mut(buffer.ptr, buffer.len);
    // SAFETY: `into_buffer` made `ptr`/`len` from `Box::<[u8]>::into_raw`, and the host hands
    // each buffer back exactly once, unchanged (ABI contract of `FreeBufferFn`), so rebuilding
    // the box and dropping it frees that allocation once, with this library's allocator.
    drop(unsafe { Box::from_raw(slice) });
}

fn into_buffer(bytes: Vec<u8>) -> BufferV1 {
    if bytes.is_empty() {
        return BufferV1 {
            ptr: std::ptr::null_mut(),
            len: 0,
            cookie: 0,
        };
    }
    let boxed: Box<[u8]> = bytes.into_boxed_slice();
    let len = boxed.len();
    BufferV1 {
        ptr: Box::into_raw(boxed).cast::<u8>(),
        len,
        cookie: 0,
    }
}

/// The JSON request: the transcript envelope plus options and context.
#[derive(Deserialize)]
struct Request {
    schema: String,
    version: String,
    transcript: Transcript,
    #[serde(default)]
    options: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    context: RequestContext,
}

/// The `context` object of the request.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RequestContext {
    input_name: Option<String>,
    stem: Option<String>,
    source_date_epoch: Option<i64>,
}

/// The JSON response.
#[derive(Serialize)]
struct Response {
    artifacts: Vec<WireArtifact>,
    diagnostics: Vec<Diagnostic>,
}

/// An artifact on the wire: UTF-8 content as a string, anything else as base64.
#[derive(Serialize)]
struct WireArtifact {
    path: String,
    media_type: String,
    encoding: &'static str,
    data: String,
}

impl From<Artifact> for WireArtifact {
    fn from(a: Artifact) -> Self {
        let (encoding, data) = match String::from_utf8(a.bytes) {
            Ok(text) => ("utf-8", text),
            Err(e) => ("base64", crate::base64::encode(e.as_bytes())),
        };
        Self {
            path: a.path,
            media_type: a.media_type,
            encoding,
            data,
        }
    }
}

fn respond(status: i32, artifacts: Vec<Artifact>, diagnostics: Vec<Diagnostic>) -> (i32, Vec<u8>) {
    let response = Response {
        artifacts: artifacts.into_iter().map(WireArtifact::from).collect(),
        diagnostics,
    };
    match serde_json::to_vec(&response) {
        Ok(bytes) => (status, bytes),
        Err(e) => (
            STATUS_PANIC,
            format!("cannot encode the response: {e}").into_bytes(),
        ),
    }
}

fn fail(diagnostic: Diagnostic) -> (i32, Vec<u8>) {
    respond(STATUS_ERROR, Vec::new(), vec![diagnostic])
}

fn run<P: Plugin>(format_index: usize, input: &[u8]) -> (i32, Vec<u8>) {
    let Some(built) = get_or_build::<P>() else {
        return (
            STATUS_PANIC,
            b"the plugin could not be initialised".to_vec(),
        );
    };
    let Some(exporter) = built.exporters.get(format_index) else {
        return fail(Diagnostic::error(
            "plugin.request",
            format!(
                "format index {format_index} is out of range (the plugin has {} formats)",
                built.exporters.len()
            ),
        ));
    };
    let request: Request = match serde_json::from_slice(input) {
        Ok(request) => request,
        Err(e) => {
            return fail(Diagnostic::error(
                "plugin.request",
                format!("the plugin cannot decode the request: {e}"),
            ));
        }
    };
    let doc = Document {
        schema: request.schema,
        version: request.version,
        transcript: request.transcript,
    };
    if let Err(e) = doc.check_version() {
        return fail(
            Diagnostic::error(
                "plugin.schema",
                format!("the plugin cannot read the transcript: {e}"),
            )
            .with_hint("rebuild the plugin against the scriba-plugin-sdk that matches this scriba"),
        );
    }
    let context = request.context;
    let stem = context.stem.unwrap_or_else(|| "transcript".to_owned());
    let ctx = ExportContext::new(stem.clone())
        .with_options(request.options)
        .with_source_date_epoch(context.source_date_epoch)
        .with_input_name(context.input_name.unwrap_or(stem));
    match exporter.export(&doc.transcript, &ctx) {
        Ok(warned) => respond(STATUS_OK, warned.output, warned.warnings),
        Err(errors) => respond(STATUS_ERROR, Vec::new(), errors),
    }
}

thread_local! {
    /// Whether this thread is inside a call from the host (only those panics are recorded).
    static IN_CALL: Cell<bool> = const { Cell::new(false) };
    /// The message and location of the last panic on this thread, recorded by our hook.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f` for the host, catching a panic and returning its message.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_panic_hook();
    let outer = IN_CALL.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    IN_CALL.with(|c| c.set(outer));
    result.map_err(|payload| {
        LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

/// Installs (once) a panic hook that, for panics inside calls from the host, records the
/// message and location for the error diagnostic instead of printing them; other panics go
/// to the previous hook. The plugin has its own copy of std, so this hook is the plugin's.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_CALL.with(Cell::get) {
                previous(info);
                return;
            }
            let message = payload_text(info.payload());
            let text = match info.location() {
                Some(l) => format!("{message} (at {}:{}:{})", l.file(), l.line(), l.column()),
                None => message,
            };
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(text));
        }));
    });
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_owned()
    }
}

#[cfg(test)]
mod tests;
