//! Running exporters: options per format, parallel export, results in a fixed order.

use std::collections::BTreeMap;

use scriba_core::{ExportContext, ExportResult, Exporter, Transcript};
use serde_json::{Map, Value};

/// Exporter options given by the user, per format id.
///
/// Every option names its format (`pdf.paper=a5`), so that a typo is an error of the one
/// exporter that reads it; `subtitles.KEY=VALUE` sets a key for all five subtitle formats.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    per_format: BTreeMap<String, Map<String, Value>>,
}

impl Options {
    /// Sets `FORMAT.KEY=VALUE` (or `subtitles.KEY=VALUE`); the value is read as JSON when
    /// it parses as JSON (numbers, booleans, lists), as a string otherwise.
    ///
    /// ```
    /// let mut o = scriba::Options::default();
    /// o.set("pdf.paper=a5").unwrap();
    /// o.set("subtitles.preset=netflix-de").unwrap();
    /// assert_eq!(o.for_format("pdf")["paper"], "a5");
    /// assert_eq!(o.for_format("vtt")["preset"], "netflix-de");
    /// assert!(o.set("paper=a5").is_err());
    /// ```
    pub fn set(&mut self, assignment: &str) -> Result<(), String> {
        let (key, value) = assignment
            .split_once('=')
            .ok_or_else(|| format!("`{assignment}` is not FORMAT.KEY=VALUE"))?;
        let (format, key) = key
            .trim()
            .split_once('.')
            .filter(|(f, k)| !f.is_empty() && !k.is_empty())
            .ok_or_else(|| {
                format!(
                    "`{assignment}` does not name its format: write FORMAT.KEY=VALUE, e.g. `pdf.paper=a5`, or `subtitles.KEY=VALUE` for every subtitle format"
                )
            })?;
        let value = serde_json::from_str::<Value>(value)
            .unwrap_or_else(|_| Value::String(value.to_owned()));
        self.set_value(format, key, value);
        Ok(())
    }

    /// Sets one option of one format (or of every subtitle format for `subtitles`).
    pub fn set_value(&mut self, format: &str, key: &str, value: Value) {
        let formats: Vec<&str> = if format == "subtitles" {
            crate::registry::SUBTITLE_FORMATS.to_vec()
        } else {
            vec![format]
        };
        for f in formats {
            self.per_format
                .entry(f.to_owned())
                .or_default()
                .insert(key.to_owned(), value.clone());
        }
    }

    /// The options one format receives.
    pub fn for_format(&self, id: &str) -> Map<String, Value> {
        self.per_format.get(id).cloned().unwrap_or_default()
    }

    /// The formats options were given for.
    pub fn formats(&self) -> impl Iterator<Item = &str> {
        self.per_format.keys().map(String::as_str)
    }
}

/// The outcome of one exporter.
pub struct Outcome {
    /// The format id.
    pub id: String,
    /// Artifacts and warnings, or errors.
    pub result: ExportResult,
}

/// Runs the exporters on one transcript, in parallel, and returns the outcomes in the order
/// of `exporters`. A panicking exporter becomes an error outcome, never a crash.
pub fn run(
    doc: &Transcript,
    exporters: &[&dyn Exporter],
    options: &Options,
    base: &ExportContext,
) -> Vec<Outcome> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = exporters
            .iter()
            .map(|exporter| {
                let ctx = base.clone().with_options(options.for_format(exporter.id()));
                scope.spawn(move || {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        exporter.export(doc, &ctx)
                    }))
                })
            })
            .collect();
        handles
            .into_iter()
            .zip(exporters)
            .map(|(h, exporter)| {
                let result = match h.join() {
                    Ok(Ok(result)) => result,
                    Ok(Err(panic)) | Err(panic) => Err(vec![
                        scriba_core::Diagnostic::error(
                            "export.panic",
                            format!(
                                "the `{}` exporter crashed: {}",
                                exporter.id(),
                                panic_message(panic.as_ref())
                            ),
                        )
                        .with_hint(
                            "this is a bug in the exporter; please report it with the input",
                        ),
                    ]),
                };
                Outcome {
                    id: exporter.id().to_owned(),
                    result,
                }
            })
            .collect()
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}
