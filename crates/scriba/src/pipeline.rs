//! Running exporters: options per format, parallel export, results in a fixed order.

use std::collections::BTreeMap;

use scriba_core::{ExportContext, ExportResult, Exporter, Transcript};
use serde_json::{Map, Value};

/// Exporter options given by the user: keys for every format, and keys for one format.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Options every exporter receives (exporters ignore keys they do not know).
    pub global: Map<String, Value>,
    /// Options for one format id, overriding global ones.
    pub per_format: BTreeMap<String, Map<String, Value>>,
}

impl Options {
    /// Sets `KEY=VALUE` or `FORMAT.KEY=VALUE`; the value is read as JSON when it parses as
    /// JSON (numbers, booleans, lists), as a string otherwise.
    ///
    /// ```
    /// let mut o = scriba::Options::default();
    /// o.set("pdf.paper=a5").unwrap();
    /// o.set("preset=netflix-de").unwrap();
    /// assert_eq!(o.for_format("pdf")["paper"], "a5");
    /// assert_eq!(o.for_format("srt")["preset"], "netflix-de");
    /// ```
    pub fn set(&mut self, assignment: &str) -> Result<(), String> {
        let (key, value) = assignment
            .split_once('=')
            .ok_or_else(|| format!("`{assignment}` is not KEY=VALUE"))?;
        let key = key.trim();
        if key.is_empty() {
            return Err(format!("`{assignment}` has an empty key"));
        }
        let value = serde_json::from_str::<Value>(value)
            .unwrap_or_else(|_| Value::String(value.to_owned()));
        match key.split_once('.') {
            Some((format, k)) if !format.is_empty() && !k.is_empty() => {
                self.per_format
                    .entry(format.to_owned())
                    .or_default()
                    .insert(k.to_owned(), value);
            }
            _ => {
                self.global.insert(key.to_owned(), value);
            }
        }
        Ok(())
    }

    /// Sets a global option.
    pub fn set_global(&mut self, key: &str, value: Value) {
        self.global.insert(key.to_owned(), value);
    }

    /// The options one format receives: global keys overridden by its own.
    pub fn for_format(&self, id: &str) -> Map<String, Value> {
        let mut map = self.global.clone();
        if let Some(own) = self.per_format.get(id) {
            for (k, v) in own {
                map.insert(k.clone(), v.clone());
            }
        }
        map
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
