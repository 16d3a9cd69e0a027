//! `scriba plugins check DIR`: why each file of a directory loads as a plugin or not.

use std::fmt;
use std::path::{Path, PathBuf};

use scriba_core::Diagnostic;

use crate::discover::{dir_entries, is_plugin_file_name};
use crate::load::load;

/// The result of checking one directory (or one file).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CheckReport {
    /// The directory or file that was checked.
    pub path: PathBuf,
    /// One entry per file, sorted by name; empty when the directory cannot be read.
    pub entries: Vec<CheckEntry>,
    /// Set when the directory cannot be read.
    pub error: Option<Diagnostic>,
}

/// One file of a [`CheckReport`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CheckEntry {
    /// The file.
    pub path: PathBuf,
    /// What happened to it.
    pub outcome: CheckOutcome,
}

/// Whether a file loads as a plugin.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum CheckOutcome {
    /// It passed every check.
    Loaded {
        /// The plugin's name.
        name: String,
        /// The plugin's version.
        version: String,
        /// The plugin ABI it was built against, `(major, minor)`.
        abi: (u32, u32),
        /// The transcript schema version it reads.
        schema_version: String,
        /// Its format ids.
        formats: Vec<String>,
    },
    /// It is a plugin file that failed a check (the diagnostic names the reason).
    Skipped(Diagnostic),
    /// Its name does not match the plugin pattern, so discovery never looks at it.
    Ignored,
}

impl CheckReport {
    /// Whether every plugin file loaded and the directory could be read. Ignored files do not
    /// count.
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
            && self
                .entries
                .iter()
                .all(|e| !matches!(e.outcome, CheckOutcome::Skipped(_)))
    }

    /// The number of plugins that loaded.
    pub fn loaded(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| matches!(e.outcome, CheckOutcome::Loaded { .. }))
            .count()
    }
}

/// Checks every file of `path` (or the single file `path`): plugin files are loaded with every
/// check, other files are reported as ignored.
pub fn check_dir(path: &Path) -> CheckReport {
    let mut report = CheckReport {
        path: path.to_path_buf(),
        entries: Vec::new(),
        error: None,
    };
    let files = if path.is_file() {
        vec![path.to_path_buf()]
    } else {
        match dir_entries(path) {
            Ok(files) => files.into_iter().filter(|p| p.is_file()).collect(),
            Err(d) => {
                report.error = Some(d);
                return report;
            }
        }
    };
    for file in files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let outcome = if !is_plugin_file_name(name) {
            CheckOutcome::Ignored
        } else {
            match load(&file) {
                Ok(p) => CheckOutcome::Loaded {
                    name: p.name().to_owned(),
                    version: p.version().to_owned(),
                    abi: p.abi_version(),
                    schema_version: p.schema_version().to_owned(),
                    formats: p.formats().iter().map(|f| f.id.clone()).collect(),
                },
                Err(d) => CheckOutcome::Skipped(d),
            }
        };
        report.entries.push(CheckEntry {
            path: file,
            outcome,
        });
    }
    report
}

impl fmt::Display for CheckReport {
    /// One line per file (`ok`, `skipped` with the reason and a hint, or `ignored`), then a
    /// summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(error) = &self.error {
            return writeln!(f, "{error}");
        }
        for entry in &self.entries {
            let file = entry.path.display();
            match &entry.outcome {
                CheckOutcome::Loaded {
                    name,
                    version,
                    abi,
                    schema_version,
                    formats,
                } => writeln!(
                    f,
                    "ok       {file}: {name} {version} (plugin ABI {}.{}, transcript schema {schema_version}), formats: {}",
                    abi.0,
                    abi.1,
                    formats.join(", ")
                )?,
                CheckOutcome::Skipped(d) => {
                    writeln!(f, "skipped  {file}: {}", reason(d))?;
                    if let Some(hint) = &d.hint {
                        writeln!(f, "         hint: {hint}")?;
                    }
                }
                CheckOutcome::Ignored => writeln!(
                    f,
                    "ignored  {file}: not a plugin file name (libscriba_*.so, libscriba_*.dylib, scriba_*.dll)"
                )?,
            }
        }
        let skipped = self
            .entries
            .iter()
            .filter(|e| matches!(e.outcome, CheckOutcome::Skipped(_)))
            .count();
        writeln!(f, "{} plugin(s) loaded, {skipped} skipped", self.loaded())
    }
}

/// The reason part of a skip diagnostic (after `skipping plugin `…`: `).
fn reason(d: &Diagnostic) -> &str {
    d.message
        .split_once("`: ")
        .map_or(d.message.as_str(), |(_, reason)| reason)
}
