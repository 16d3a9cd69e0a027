//! A plugin format as a [`scriba_core::Exporter`]: JSON request in, JSON response out.

use std::path::{Component, Path};
use std::sync::Arc;

use scriba_core::{
    Artifact, Diagnostic, ExportContext, ExportResult, Exporter, ExporterInfo, ExporterOrigin,
    SCHEMA_NAME, SCHEMA_VERSION, Severity, Transcript, Warned,
};
use scriba_plugin_abi::{BufferV1, STATUS_ERROR, STATUS_OK};
use serde::{Deserialize, Serialize};

use crate::load::PluginLib;

/// One format of a loaded plugin.
pub(crate) struct PluginExporter {
    pub(crate) lib: Arc<PluginLib>,
    pub(crate) index: usize,
}

/// The request: the transcript envelope, the options and the context.
#[derive(Serialize)]
struct Request<'a> {
    schema: &'a str,
    version: &'a str,
    transcript: &'a Transcript,
    options: &'a serde_json::Map<String, serde_json::Value>,
    context: RequestContext<'a>,
}

#[derive(Serialize)]
struct RequestContext<'a> {
    format: &'a str,
    input_name: &'a str,
    stem: &'a str,
    source_date_epoch: Option<i64>,
}

/// The response.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Response {
    #[serde(default)]
    artifacts: Vec<WireArtifact>,
    #[serde(default)]
    diagnostics: Vec<Diagnostic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireArtifact {
    path: String,
    media_type: String,
    encoding: String,
    data: String,
}

impl PluginExporter {
    fn format(&self) -> &crate::load::PluginFormat {
        &self.lib.formats[self.index]
    }

    /// `plugin `name` (path)`, for messages.
    fn who(&self) -> String {
        format!("plugin `{}` ({})", self.lib.name, self.lib.path.display())
    }

    fn error(&self, code: &str, what: impl std::fmt::Display) -> Diagnostics1 {
        vec![
            Diagnostic::error(
                code,
                format!("{} {what} (format `{}`)", self.who(), self.format().id),
            )
            .with_hint("report this to the plugin's author; `scriba plugins check DIR` shows the plugin's version"),
        ]
    }

    /// Calls the plugin's export function and copies its response.
    fn call(&self, request: &[u8]) -> (i32, Vec<u8>) {
        let mut buffer = BufferV1 {
            ptr: std::ptr::null_mut(),
            len: 0,
            cookie: 0,
        };
        // SAFETY: the library is loaded for the rest of the process (never unloaded), so
        // `export` is a valid function of the ABI's `ExportFn` type (checked at load). We pass
        // a valid format index (< formats_len), a request pointer/length that stay valid during
        // the call, and a pointer to a writable, initialised `BufferV1`, as the ABI requires.
        // The plugin promises not to unwind (the SDK catches panics).
        let status =
            unsafe { (self.lib.export)(self.index, request.as_ptr(), request.len(), &mut buffer) };
        let bytes =
            if buffer.ptr.is_null() || buffer.len == 0 || isize::try_from(buffer.len).is_err() {
                Vec::new()
            } else {
                // SAFETY: the ABI requires a non-null response buffer to hold `len` initialised
                // bytes owned by the plugin until `free_buffer`; `len` fits in `isize`. We copy
                // the bytes before freeing.
                unsafe { std::slice::from_raw_parts(buffer.ptr, buffer.len) }.to_vec()
            };
        if !buffer.ptr.is_null() {
            // SAFETY: the buffer is exactly as the plugin returned it and is handed back once,
            // to the `free_buffer` of the same library, after we stopped reading it.
            unsafe { (self.lib.free_buffer)(buffer) };
        }
        (status, bytes)
    }
}

type Diagnostics1 = Vec<Diagnostic>;

impl Exporter for PluginExporter {
    fn id(&self) -> &str {
        &self.format().id
    }

    fn info(&self) -> ExporterInfo {
        let f = self.format();
        ExporterInfo {
            id: f.id.clone(),
            name: f.name.clone(),
            version: self.lib.version.clone(),
            extension: f.extension.clone(),
            media_type: f.media_type.clone(),
            kind: f.kind,
            description: f.description.clone(),
            origin: ExporterOrigin::Plugin {
                path: self.lib.path.display().to_string(),
            },
        }
    }

    fn export(&self, doc: &Transcript, ctx: &ExportContext) -> ExportResult {
        let request = Request {
            schema: SCHEMA_NAME,
            version: SCHEMA_VERSION,
            transcript: doc,
            options: &ctx.options,
            context: RequestContext {
                format: &self.format().id,
                input_name: &ctx.input_name,
                stem: &ctx.stem,
                source_date_epoch: ctx.source_date_epoch,
            },
        };
        let request = serde_json::to_vec(&request).map_err(|e| {
            self.error(
                "plugin.request",
                format_args!("cannot be sent the transcript: {e}"),
            )
        })?;
        let (status, bytes) = self.call(&request);
        if status != STATUS_OK && status != STATUS_ERROR {
            let message = String::from_utf8_lossy(&bytes);
            let message = message.trim();
            return Err(self.error(
                "plugin.panicked",
                if message.is_empty() {
                    format!("panicked (status {status})")
                } else {
                    format!("panicked: {message}")
                },
            ));
        }
        let response: Response = serde_json::from_slice(&bytes).map_err(|e| {
            self.error(
                "plugin.bad-response",
                format_args!(
                    "returned a response that is not valid JSON of the plugin protocol: {e}"
                ),
            )
        })?;
        let failed = status == STATUS_ERROR
            || response
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error);
        if failed {
            let mut errors = response.diagnostics;
            if !errors.iter().any(|d| d.severity == Severity::Error) {
                errors.extend(self.error("plugin.failed", "failed without saying why"));
            }
            return Err(errors);
        }
        let artifacts = response
            .artifacts
            .into_iter()
            .map(|a| self.artifact(a))
            .collect::<Result<Vec<_>, _>>()?;
        if artifacts.is_empty() {
            return Err(self.error("plugin.bad-response", "returned no artifacts"));
        }
        Ok(Warned::with(artifacts, response.diagnostics))
    }
}

impl PluginExporter {
    fn artifact(&self, a: WireArtifact) -> Result<Artifact, Vec<Diagnostic>> {
        if !is_safe_relative(&a.path) {
            return Err(self.error(
                "plugin.unsafe-path",
                format_args!(
                    "returned the artifact path `{}`, which is not a relative path inside the output directory",
                    a.path.escape_debug()
                ),
            ));
        }
        let bytes = match a.encoding.as_str() {
            "utf-8" => a.data.into_bytes(),
            "base64" => crate::base64::decode(&a.data).ok_or_else(|| {
                self.error(
                    "plugin.bad-response",
                    format_args!("returned invalid base64 for the artifact `{}`", a.path),
                )
            })?,
            other => {
                return Err(self.error(
                    "plugin.bad-response",
                    format_args!(
                        "returned the artifact `{}` in the unknown encoding `{}` (expected `utf-8` or `base64`)",
                        a.path,
                        other.escape_debug()
                    ),
                ));
            }
        };
        Ok(Artifact {
            path: a.path,
            media_type: a.media_type,
            bytes,
        })
    }
}

/// Whether an artifact path is relative, `/`-separated and stays inside the output directory:
/// no `..`, root, drive prefix, backslash or NUL (the rule of the driver's writer, applied
/// here too so that the error names the plugin).
fn is_safe_relative(path: &str) -> bool {
    if path.is_empty() || path.contains(['\\', '\0']) || path.starts_with('/') {
        return false;
    }
    let mut normal = 0;
    for c in Path::new(path).components() {
        match c {
            Component::Normal(_) => normal += 1,
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    normal > 0
}

#[cfg(test)]
mod tests {
    use super::is_safe_relative;

    #[test]
    fn artifact_paths() {
        for ok in ["a.md", "sub/a.md", "./a.md"] {
            assert!(is_safe_relative(ok), "{ok}");
        }
        for bad in ["", "../a", "a/../../b", "/etc/passwd", "a\\b", "a\0b", "."] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
    }
}
