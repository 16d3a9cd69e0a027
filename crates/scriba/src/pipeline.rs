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
///
/// A single exporter runs on the calling thread: a thread of its own would only make the
/// caller wait, and on the main thread its memory comes from the main heap, which grows
/// in larger steps than a thread's (the seed's PDF: 0.2 ms less of 5 ms, `docs/pdf.md`).
pub fn run(
    doc: &Transcript,
    exporters: &[&dyn Exporter],
    options: &Options,
    base: &ExportContext,
) -> Vec<Outcome> {
    let export = |exporter: &dyn Exporter| {
        let ctx = base.clone().with_options(options.for_format(exporter.id()));
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| exporter.export(doc, &ctx)))
    };
    if let [exporter] = exporters {
        return vec![outcome(*exporter, export(*exporter))];
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = exporters
            .iter()
            .map(|&exporter| scope.spawn(move || export(exporter)))
            .collect();
        handles
            .into_iter()
            .zip(exporters)
            .map(|(h, &exporter)| outcome(exporter, h.join().unwrap_or_else(Err)))
            .collect()
    })
}

/// The outcome of an exporter that returned or panicked.
fn outcome(exporter: &dyn Exporter, run: std::thread::Result<ExportResult>) -> Outcome {
    let result = match run {
        Ok(result) => result,
        Err(panic) => Err(vec![
            scriba_core::Diagnostic::error(
                "export.panic",
                format!(
                    "the `{}` exporter crashed: {}",
                    exporter.id(),
                    panic_message(panic.as_ref())
                ),
            )
            .with_hint("this is a bug in the exporter; please report it with the input"),
        ]),
    };
    Outcome {
        id: exporter.id().to_owned(),
        result,
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use scriba_core::{Artifact, ExporterInfo, ExporterOrigin, OutputKind, Warned};

    /// An exporter that writes its id, or panics.
    struct Probe(&'static str, bool);

    impl Exporter for Probe {
        fn id(&self) -> &str {
            self.0
        }

        fn info(&self) -> ExporterInfo {
            ExporterInfo {
                id: self.0.to_owned(),
                name: self.0.to_owned(),
                version: "0".to_owned(),
                extension: "txt".to_owned(),
                media_type: "text/plain".to_owned(),
                kind: OutputKind::Text,
                description: "a test exporter".to_owned(),
                origin: ExporterOrigin::Builtin,
            }
        }

        fn export(&self, _doc: &Transcript, _ctx: &ExportContext) -> ExportResult {
            assert!(!self.1, "{} gave up", self.0);
            Ok(Warned::with(
                vec![Artifact {
                    path: format!("{}.txt", self.0),
                    media_type: "text/plain".to_owned(),
                    bytes: self.0.as_bytes().to_vec(),
                }],
                Vec::new(),
            ))
        }
    }

    fn ids_and_errors(outcomes: &[Outcome]) -> Vec<(String, Option<String>)> {
        outcomes
            .iter()
            .map(|o| {
                let error = o.result.as_ref().err().map(|e| {
                    assert_eq!(e[0].code, "export.panic");
                    e[0].message.clone()
                });
                (o.id.clone(), error)
            })
            .collect()
    }

    #[test]
    fn a_single_exporter_that_panics_is_an_error_not_a_crash() {
        let doc = Transcript::default();
        let ctx = ExportContext::new("t");
        let bad = Probe("bad", true);
        let outcomes = run(&doc, &[&bad], &Options::default(), &ctx);
        assert_eq!(
            ids_and_errors(&outcomes),
            [(
                "bad".to_owned(),
                Some("the `bad` exporter crashed: bad gave up".to_owned())
            )]
        );
    }

    #[test]
    fn several_exporters_keep_their_order_and_a_panic_stays_with_its_own() {
        let doc = Transcript::default();
        let ctx = ExportContext::new("t");
        let (a, bad, c) = (Probe("a", false), Probe("bad", true), Probe("c", false));
        let outcomes = run(&doc, &[&a, &bad, &c], &Options::default(), &ctx);
        let got = ids_and_errors(&outcomes);
        assert_eq!(got[0], ("a".to_owned(), None));
        assert_eq!(got[1].0, "bad");
        assert!(got[1].1.is_some());
        assert_eq!(got[2], ("c".to_owned(), None));
        let a_bytes = &outcomes[0].result.as_ref().expect("a").output[0].bytes;
        assert_eq!(a_bytes, b"a");
    }
}
