//! Loading inputs: files, standard input, size limits, decoding and reading into the model.

use std::io::Read;
use std::path::Path;

use scriba_core::{Diagnostic, Transcript, Warned};
use scriba_read::{InputFormat, ReadOptions};

/// The default largest input accepted, in bytes (64 MiB: about ten million words).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// An input as loaded: its display name, the stem for output names, and its bytes.
#[derive(Debug, Clone)]
pub struct Input {
    /// The name used in messages: the path as given, or `<stdin>`.
    pub name: String,
    /// The base name for artifacts (`interview` for `talks/interview.txt`).
    pub stem: String,
    /// The raw bytes.
    pub bytes: Vec<u8>,
}

/// An input that could not be loaded or read, with the input's name.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{name}: {diagnostic}")]
pub struct InputError {
    /// The input's display name.
    pub name: String,
    /// What is wrong, with a place where there is one.
    pub diagnostic: Diagnostic,
}

impl InputError {
    fn new(name: &str, diagnostic: Diagnostic) -> Self {
        Self {
            name: name.to_owned(),
            diagnostic,
        }
    }
}

/// The stem of a path: the file name without its transcript extension(s)
/// (`talk.tei.xml` → `talk`, `talk.md` → `talk`).
pub fn stem_of(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "transcript".to_owned());
    let mut stem = name.as_str();
    for ext in [
        ".tei.xml",
        ".txt",
        ".md",
        ".markdown",
        ".json",
        ".xml",
        ".tsv",
        ".text",
        ".srt",
        ".vtt",
    ] {
        if let Some(s) = stem.strip_suffix(ext) {
            stem = s;
            break;
        }
    }
    if stem.is_empty() || stem.starts_with('.') {
        "transcript".to_owned()
    } else {
        stem.to_owned()
    }
}

/// Loads a file (or standard input for `-`), refusing directories and inputs over `max_bytes`.
pub fn load(path: &Path, max_bytes: u64) -> Result<Input, InputError> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| {
                InputError::new(
                    "<stdin>",
                    Diagnostic::error("input.io", format!("cannot read standard input: {e}")),
                )
            })?;
        check_size("<stdin>", bytes.len() as u64, max_bytes)?;
        return Ok(Input {
            name: "<stdin>".to_owned(),
            stem: "transcript".to_owned(),
            bytes,
        });
    }
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        InputError::new(
            &name,
            Diagnostic::error("input.io", format!("cannot read the input: {e}")),
        )
    })?;
    if meta.is_dir() {
        return Err(InputError::new(
            &name,
            Diagnostic::error("input.directory", "is a directory, not a transcript file")
                .with_hint("give the transcript files inside it, e.g. `dir/*.txt`"),
        ));
    }
    check_size(&name, meta.len(), max_bytes)?;
    let bytes = std::fs::read(path).map_err(|e| {
        InputError::new(
            &name,
            Diagnostic::error("input.io", format!("cannot read the input: {e}")),
        )
    })?;
    check_size(&name, bytes.len() as u64, max_bytes)?;
    Ok(Input {
        name,
        stem: stem_of(path),
        bytes,
    })
}

fn check_size(name: &str, len: u64, max: u64) -> Result<(), InputError> {
    if len > max {
        return Err(InputError::new(
            name,
            Diagnostic::error(
                "input.too-large",
                format!(
                    "input is {:.1} MiB, more than the limit of {:.1} MiB",
                    len as f64 / 1_048_576.0,
                    max as f64 / 1_048_576.0
                ),
            )
            .with_hint("split the transcript, or raise the limit with --max-input-mib"),
        ));
    }
    Ok(())
}

/// Decodes and reads an input into the model: text formats, JSON and parliamentary formats
/// through `scriba-read`, TEI through `scriba-tei`.
pub fn read(input: &Input, opts: &ReadOptions) -> Result<Warned<Transcript>, InputError> {
    let err = |d| InputError::new(&input.name, d);
    let decoded = scriba_read::decode_bytes(&input.bytes).map_err(err)?;
    let mut warnings = decoded.warnings;
    let format = opts
        .format
        .unwrap_or_else(|| scriba_read::sniff(&decoded.output));
    let mut read = match format {
        InputFormat::Tei => crate::registry::read_tei(&decoded.output).map_err(err)?,
        InputFormat::Srt | InputFormat::WebVtt => {
            crate::subtitles::read(&decoded.output, format == InputFormat::Srt, opts)
                .map_err(err)?
        }
        _ => scriba_read::read_str(&decoded.output, opts).map_err(err)?,
    };
    warnings.append(&mut read.warnings);
    Ok(Warned::with(read.output, warnings))
}
