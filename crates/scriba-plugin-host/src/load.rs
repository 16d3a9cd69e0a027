//! Loading one plugin library: every check before any plugin function but the entry is used.

use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use scriba_core::{Diagnostic, Exporter, OutputKind, SCHEMA_VERSION};
use scriba_plugin_abi::{
    ABI_MAJOR, ABI_MINOR, ENTRY_SYMBOL, ENTRY_SYMBOL_NUL, EntryFn, ExportFn, FormatDescriptorV1,
    FreeBufferFn, KIND_BINARY, KIND_TEXT, PluginDescriptorV1, StrV1,
};

/// The longest string a descriptor may hold, in bytes.
const MAX_STR: usize = 4096;
/// The most formats one plugin may offer.
const MAX_FORMATS: usize = 256;

/// A plugin library that passed every check, with its formats.
///
/// Cheap to clone; the library stays loaded until the process exits.
#[derive(Clone)]
pub struct LoadedPlugin {
    pub(crate) lib: Arc<PluginLib>,
}

/// One format a plugin offers, as its descriptor declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PluginFormat {
    /// The format id for `--to`.
    pub id: String,
    /// A human-readable name.
    pub name: String,
    /// The main artifact's extension, without the dot.
    pub extension: String,
    /// The main artifact's media type.
    pub media_type: String,
    /// One sentence on the format.
    pub description: String,
    /// Text or binary.
    pub kind: OutputKind,
}

/// What the host keeps of a loaded library.
pub(crate) struct PluginLib {
    pub(crate) path: PathBuf,
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) schema_version: String,
    pub(crate) abi_minor: u32,
    pub(crate) formats: Vec<PluginFormat>,
    pub(crate) export: ExportFn,
    pub(crate) free_buffer: FreeBufferFn,
    /// Never dropped: the library is never unloaded (see the crate documentation), so the
    /// function pointers above stay valid for the whole process.
    _library: ManuallyDrop<libloading::Library>,
}

impl std::fmt::Debug for LoadedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedPlugin")
            .field("path", &self.lib.path)
            .field("name", &self.lib.name)
            .field("version", &self.lib.version)
            .field("formats", &self.lib.formats)
            .finish_non_exhaustive()
    }
}

impl LoadedPlugin {
    /// The library file it was loaded from.
    pub fn path(&self) -> &Path {
        &self.lib.path
    }

    /// The plugin's name, such as `scriba-markdown`.
    pub fn name(&self) -> &str {
        &self.lib.name
    }

    /// The plugin's own version.
    pub fn version(&self) -> &str {
        &self.lib.version
    }

    /// The transcript schema version the plugin reads.
    pub fn schema_version(&self) -> &str {
        &self.lib.schema_version
    }

    /// The plugin ABI version it was built against, as `(major, minor)`.
    pub fn abi_version(&self) -> (u32, u32) {
        (ABI_MAJOR, self.lib.abi_minor)
    }

    /// The formats it offers, in the plugin's order.
    pub fn formats(&self) -> &[PluginFormat] {
        &self.lib.formats
    }

    /// One exporter per format, with [`ExporterOrigin::Plugin`](scriba_core::ExporterOrigin)
    /// naming the library file. Register them after the built-ins: the driver's registry lets
    /// built-ins (and earlier plugins) win a clash of ids, with a warning.
    pub fn exporters(&self) -> Vec<Box<dyn Exporter>> {
        (0..self.lib.formats.len())
            .map(|index| {
                Box::new(crate::exporter::PluginExporter {
                    lib: Arc::clone(&self.lib),
                    index,
                }) as Box<dyn Exporter>
            })
            .collect()
    }
}

/// A skipped plugin: a warning naming the file and the reason.
fn skip(path: &Path, code: &str, reason: impl std::fmt::Display, hint: &str) -> Diagnostic {
    Diagnostic::warning(
        code,
        format!("skipping plugin `{}`: {reason}", path.display()),
    )
    .with_hint(hint)
}

const HINT_REBUILD: &str =
    "rebuild the plugin with the scriba-plugin-sdk that matches this scriba (docs/plugins.md)";

/// Loads one plugin library and checks it.
///
/// The file name is not checked here (see [`is_plugin_file_name`](crate::is_plugin_file_name)).
/// Loading a library runs its initialisers: only load files the user put into a plugin
/// directory.
pub fn load(path: &Path) -> Result<LoadedPlugin, Diagnostic> {
    if !path.is_file() {
        return Err(skip(
            path,
            "plugin.not-a-file",
            "not a regular file",
            "plugins are dynamic library files",
        ));
    }
    let library = open(path).map_err(|e| {
        skip(
            path,
            "plugin.not-a-library",
            format_args!("not a loadable dynamic library ({e})"),
            "build the plugin as a `cdylib` for this platform (docs/plugins.md)",
        )
    })?;
    // SAFETY: we only ask for the symbol's address here. We assume it is an `EntryFn`, which
    // is what the ABI requires of every library that exports a symbol with this versioned
    // name; the name carries the ABI major version, so no other contract can be meant.
    let entry: EntryFn = match unsafe { library.get::<EntryFn>(ENTRY_SYMBOL_NUL) } {
        Ok(symbol) => *symbol,
        Err(_) => {
            return Err(skip(
                path,
                "plugin.missing-symbol",
                format_args!("it does not export the entry symbol `{ENTRY_SYMBOL}`"),
                "a Rust plugin ends its lib.rs with `scriba_plugin_sdk::export_plugin!(MyExporter);` (docs/plugins.md)",
            ));
        }
    };
    // SAFETY: `entry` has the `EntryFn` signature (see above); the ABI requires it to have no
    // preconditions, to only return a pointer to static data and never to unwind. It is the
    // only plugin function called before the descriptor is checked.
    let descriptor = unsafe { entry() };
    // SAFETY: the pointer comes from the entry function of a library that stays loaded for the
    // whole process, which is what `check_descriptor` requires.
    let checked = unsafe { check_descriptor(path, descriptor) }?;
    Ok(LoadedPlugin {
        lib: Arc::new(PluginLib {
            path: path.to_path_buf(),
            name: checked.name,
            version: checked.version,
            schema_version: checked.schema_version,
            abi_minor: checked.abi_minor,
            formats: checked.formats,
            export: checked.export,
            free_buffer: checked.free_buffer,
            _library: ManuallyDrop::new(library),
        }),
    })
}

/// Opens the library: on Unix with `RTLD_NOW | RTLD_LOCAL`, so that unresolved references
/// fail here rather than in the middle of an export, and the plugin's symbols cannot clash
/// with other plugins'.
fn open(path: &Path) -> Result<libloading::Library, libloading::Error> {
    #[cfg(unix)]
    {
        use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
        // SAFETY: loading runs the library's initialisers (ELF constructors). The user chose
        // to install this file in a plugin directory, which is the trust decision; no Rust
        // invariant of the host depends on what the initialisers do. The handle is kept for
        // the whole process (never unloaded), so no code of the library outlives it.
        unsafe { Library::open(Some(path), RTLD_NOW | RTLD_LOCAL) }.map(Into::into)
    }
    #[cfg(not(unix))]
    {
        // SAFETY: as above: loading runs the library's initialisers, trusted by the user's
        // choice of installing it; the handle is never unloaded.
        unsafe { libloading::Library::new(path) }
    }
}

/// What a descriptor that passed every check declares.
struct Checked {
    name: String,
    version: String,
    schema_version: String,
    abi_minor: u32,
    formats: Vec<PluginFormat>,
    export: ExportFn,
    free_buffer: FreeBufferFn,
}

/// Checks the descriptor, in order: non-null and aligned, ABI major, ABI minor, size, then
/// the function pointers, strings, schema version and formats.
///
/// # Safety
///
/// `ptr` must be null or point to memory that stays valid while the library is loaded and
/// that holds what the ABI promises: at least the two `u32` version fields, and when the
/// major version is ours, a descriptor of `size_of_descriptor` bytes whose pointers are valid
/// as the ABI describes (the checks here cover what can be checked: null, alignment, lengths,
/// UTF-8).
unsafe fn check_descriptor(
    path: &Path,
    ptr: *const PluginDescriptorV1,
) -> Result<Checked, Diagnostic> {
    let bad = |reason: String| skip(path, "plugin.bad-descriptor", reason, HINT_REBUILD);
    if ptr.is_null() {
        return Err(bad("its entry function returned no descriptor".to_owned()));
    }
    if !ptr.is_aligned() {
        return Err(bad("its descriptor is not aligned".to_owned()));
    }
    let header = ptr.cast::<u32>();
    // SAFETY: `ptr` is non-null and aligned for the descriptor (hence for `u32`), and the ABI
    // guarantees that every descriptor of every version begins with `abi_major: u32` and
    // `abi_minor: u32` in static memory. Nothing else is read before they are checked.
    let (major, minor) = unsafe { (header.read(), header.add(1).read()) };
    if major != ABI_MAJOR {
        return Err(skip(
            path,
            "plugin.abi-mismatch",
            format_args!(
                "it was built for plugin ABI {major}.{minor}, this scriba supports ABI {ABI_MAJOR}.0 to {ABI_MAJOR}.{ABI_MINOR}"
            ),
            HINT_REBUILD,
        ));
    }
    if minor > ABI_MINOR {
        return Err(skip(
            path,
            "plugin.abi-too-new",
            format_args!(
                "it was built for plugin ABI {major}.{minor}, newer than this scriba's ABI {ABI_MAJOR}.{ABI_MINOR}"
            ),
            "update scriba, or rebuild the plugin with the scriba-plugin-sdk that matches this scriba",
        ));
    }
    // SAFETY: the major version is ours, so the descriptor has (at least) the ABI 1.0 layout
    // up to and including `size_of_descriptor`, which follows the two `u32`s; we read that
    // field alone (aligned, since the descriptor is), not the whole struct.
    let size = unsafe {
        ptr.byte_add(std::mem::offset_of!(PluginDescriptorV1, size_of_descriptor))
            .cast::<usize>()
            .read()
    };
    if size < size_of::<PluginDescriptorV1>() {
        return Err(bad(format!(
            "its descriptor has {size} bytes, ABI {ABI_MAJOR}.{minor} needs at least {}",
            size_of::<PluginDescriptorV1>()
        )));
    }
    // SAFETY: the plugin declares (ABI version checked, size checked) a descriptor of at least
    // `size_of::<PluginDescriptorV1>()` bytes in static memory; we copy it out.
    let d: PluginDescriptorV1 = unsafe { ptr.read() };
    let (Some(export), Some(free_buffer)) = (d.export, d.free_buffer) else {
        return Err(bad(
            "its descriptor lacks the `export` or `free_buffer` function".to_owned(),
        ));
    };
    let name = read_str(d.name).map_err(|e| bad(format!("its name {e}")))?;
    if name.is_empty() {
        return Err(bad("its name is empty".to_owned()));
    }
    let version = read_str(d.version).map_err(|e| bad(format!("its version {e}")))?;
    let schema_version =
        read_str(d.schema_version).map_err(|e| bad(format!("its schema version {e}")))?;
    if !scriba_core::schema_readable(&schema_version, SCHEMA_VERSION) {
        return Err(skip(
            path,
            "plugin.schema-mismatch",
            format_args!(
                "it reads transcript schema {schema_version}, which cannot read the schema {SCHEMA_VERSION} this scriba writes"
            ),
            HINT_REBUILD,
        ));
    }
    let formats = read_formats(&d).map_err(bad)?;
    Ok(Checked {
        name,
        version,
        schema_version,
        abi_minor: minor,
        formats,
        export,
        free_buffer,
    })
}

/// Copies a descriptor string, checking pointer, length and UTF-8.
fn read_str(s: StrV1) -> Result<String, String> {
    if s.len == 0 {
        return Ok(String::new());
    }
    if s.ptr.is_null() {
        return Err("is a null pointer".to_owned());
    }
    if s.len > MAX_STR {
        return Err(format!("is longer than {MAX_STR} bytes"));
    }
    // SAFETY: the ABI requires `ptr` to point to `len` bytes of static memory that stay
    // unchanged while the library is loaded; `ptr` is non-null, `u8` needs no alignment, and
    // `len` is small (checked above). We copy the bytes before returning.
    let bytes = unsafe { std::slice::from_raw_parts(s.ptr, s.len) };
    String::from_utf8(bytes.to_vec()).map_err(|_| "is not UTF-8".to_owned())
}

fn read_formats(d: &PluginDescriptorV1) -> Result<Vec<PluginFormat>, String> {
    if d.formats_len == 0 {
        return Err("it offers no formats".to_owned());
    }
    if d.formats_len > MAX_FORMATS {
        return Err(format!("it offers more than {MAX_FORMATS} formats"));
    }
    if d.formats.is_null() || !d.formats.is_aligned() {
        return Err("its format list is a null or misaligned pointer".to_owned());
    }
    // SAFETY: the ABI requires `formats` to point to `formats_len` descriptors in static
    // memory; the pointer is non-null and aligned and the length bounded (checked above).
    let raw: &[FormatDescriptorV1] =
        unsafe { std::slice::from_raw_parts(d.formats, d.formats_len) };
    let mut formats: Vec<PluginFormat> = Vec::with_capacity(raw.len());
    for (i, f) in raw.iter().enumerate() {
        let field = |what: &str, s: StrV1| {
            read_str(s).map_err(|e| format!("the {what} of its format #{i} {e}"))
        };
        let id = field("id", f.id)?;
        if !is_format_id(&id) {
            return Err(format!(
                "its format #{i} has the id `{id}`; ids are lowercase ASCII letters, digits, `-`, `_` and `.`"
            ));
        }
        if formats.iter().any(|other| other.id == id) {
            return Err(format!("it offers the format `{id}` twice"));
        }
        let extension = field("extension", f.extension)?;
        if extension.is_empty() || extension.contains(['/', '\\']) || extension.starts_with('.') {
            return Err(format!(
                "its format `{id}` has the extension `{extension}`; give it without a dot or slash"
            ));
        }
        let kind = match f.kind {
            KIND_TEXT => OutputKind::Text,
            KIND_BINARY => OutputKind::Binary,
            other => return Err(format!("its format `{id}` has the unknown kind {other}")),
        };
        formats.push(PluginFormat {
            name: field("name", f.name)?,
            media_type: field("media type", f.media_type)?,
            description: field("description", f.description)?,
            id,
            extension,
            kind,
        });
    }
    Ok(formats)
}

/// Whether `id` is a valid format id: 1–64 bytes of `[a-z0-9._-]`, starting with a letter or
/// digit.
fn is_format_id(id: &str) -> bool {
    id.len() <= 64
        && id
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

#[cfg(test)]
mod tests;
