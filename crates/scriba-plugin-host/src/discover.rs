//! Where plugins are looked for, and loading every plugin of a search path.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use scriba_core::Diagnostic;

use crate::load::{LoadedPlugin, load};

/// Whether a file name is a plugin's: `libscriba_*.so` or `libscriba_*.dylib` (Unix) or
/// `scriba_*.dll` (Windows), with something after the prefix.
///
/// All three forms are accepted on every platform; a library built for another platform is
/// then refused with a diagnostic instead of being ignored silently.
///
/// ```
/// use scriba_plugin_host::is_plugin_file_name;
/// assert!(is_plugin_file_name("libscriba_markdown.so"));
/// assert!(is_plugin_file_name("scriba_markdown.dll"));
/// assert!(!is_plugin_file_name("libscriba_.so"));
/// assert!(!is_plugin_file_name("libmarkdown.so"));
/// ```
pub fn is_plugin_file_name(name: &str) -> bool {
    let stem = |prefix: &str, ext: &str| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(ext))
            .is_some_and(|middle| !middle.is_empty())
    };
    stem("libscriba_", ".so") || stem("libscriba_", ".dylib") || stem("scriba_", ".dll")
}

/// The user's plugin directory: `$XDG_DATA_HOME/scriba/plugins`, else
/// `$HOME/.local/share/scriba/plugins` (Linux and other Unix), `~/Library/Application
/// Support/scriba/plugins` (macOS) or `%APPDATA%\scriba\plugins` (Windows).
///
/// `env` looks up an environment variable; the CLI passes `|k| std::env::var_os(k)`. Empty
/// and relative values are ignored, as the XDG base directory specification asks.
///
/// ```
/// use std::path::PathBuf;
/// use scriba_plugin_host::user_plugin_dir;
/// let dir = user_plugin_dir(|k| (k == "XDG_DATA_HOME").then(|| "/data".into()));
/// assert_eq!(dir, Some(PathBuf::from("/data/scriba/plugins")));
/// ```
pub fn user_plugin_dir(env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let absolute = |key: &str| env(key).map(PathBuf::from).filter(|p| p.is_absolute());
    if let Some(data) = absolute("XDG_DATA_HOME") {
        return Some(data.join("scriba").join("plugins"));
    }
    if cfg!(windows) {
        return absolute("APPDATA").map(|d| d.join("scriba").join("plugins"));
    }
    let home = absolute("HOME")?;
    if cfg!(target_os = "macos") {
        Some(home.join("Library/Application Support/scriba/plugins"))
    } else {
        Some(home.join(".local/share/scriba/plugins"))
    }
}

/// The plugin directories in order of precedence: the `--plugin-dir` directories, then the
/// entries of `SCRIBA_PLUGIN_PATH` (split like `PATH`; empty entries ignored), then the user's
/// plugin directory if it exists. A directory listed twice is kept once, at its first place.
///
/// ```
/// use std::path::PathBuf;
/// use scriba_plugin_host::search_path;
/// let dirs = search_path(&[PathBuf::from("a")], Some("b:a".as_ref()), None);
/// # #[cfg(unix)]
/// assert_eq!(dirs, [PathBuf::from("a"), PathBuf::from("b")]);
/// ```
pub fn search_path(
    plugin_dirs: &[PathBuf],
    scriba_plugin_path: Option<&OsStr>,
    user_dir: Option<PathBuf>,
) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let from_env = scriba_plugin_path
        .map(|v| std::env::split_paths(v).collect::<Vec<_>>())
        .unwrap_or_default();
    let user = user_dir.filter(|d| d.is_dir());
    for dir in plugin_dirs.iter().cloned().chain(from_env).chain(user) {
        if !dir.as_os_str().is_empty() && !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    dirs
}

/// The plugin files of one directory, sorted by name; the error is a diagnostic.
pub(crate) fn plugin_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    Ok(dir_entries(dir)?
        .into_iter()
        .filter(|p| {
            p.file_name()
                .and_then(OsStr::to_str)
                .is_some_and(is_plugin_file_name)
        })
        .collect())
}

/// Every entry of a directory, sorted by name.
pub(crate) fn dir_entries(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let read = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::warning(
            "plugin.dir-unreadable",
            format!("cannot read plugin directory `{}`: {e}", dir.display()),
        )
        .with_hint("check the --plugin-dir and SCRIBA_PLUGIN_PATH values")
    })?;
    let mut paths: Vec<PathBuf> = read.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    Ok(paths)
}

/// Loads every plugin in `dirs` (see [`search_path`]), in order: directories in the given
/// order, files by name.
///
/// Returns the plugins that passed every check, and a diagnostic (a warning) for each
/// directory that cannot be read and each plugin file that was skipped, naming the file and
/// the reason. Files whose names do not match [`is_plugin_file_name`] are ignored.
pub fn discover(dirs: &[PathBuf]) -> (Vec<LoadedPlugin>, Vec<Diagnostic>) {
    let mut plugins = Vec::new();
    let mut diagnostics = Vec::new();
    for dir in dirs {
        match plugin_files(dir) {
            Ok(files) => {
                for file in files {
                    match load(&file) {
                        Ok(plugin) => plugins.push(plugin),
                        Err(d) => diagnostics.push(d),
                    }
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    (plugins, diagnostics)
}
