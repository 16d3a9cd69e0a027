//! Template scriba plugin: exports a transcript as CSV, one row per paragraph of the body
//! (speaker, start time, text).
//!
//! This file is the smallest useful plugin, commented line by line: copy the directory, rename
//! the package and the `[lib] name` in `Cargo.toml`, and change the three marked places.
//! `docs/plugins.md` explains how to build, install and version it.

// Everything a plugin needs comes from the SDK: the model (`Transcript`), the exporter API and
// the `export_plugin!` macro. A plugin never writes `unsafe` code.
use scriba_plugin_sdk::{
    Artifact, ExportContext, ExportResult, Exporter, ExporterInfo, ExporterOrigin, OutputKind,
    Transcript, Warned,
};
// serde through the SDK, so that the options can be decoded without another dependency.
use scriba_plugin_sdk::serde::Deserialize;

/// The options users can pass to the format (scriba hands the plugin the format's option
/// table). Change 1 of 3: your options.
///
/// `#[non_exhaustive]` lets you add fields later without breaking anyone, `Default` and
/// `#[serde(default)]` make every field optional, and every field is documented.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(crate = "scriba_plugin_sdk::serde", default, deny_unknown_fields)]
#[non_exhaustive]
pub struct CsvOptions {
    /// The field separator, a single character (`,` by default; `;` suits spreadsheets set
    /// to a German locale).
    pub delimiter: char,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self { delimiter: ',' }
    }
}

/// The export itself, a plain function from the model to bytes: no files, no clock, no
/// environment, so the same input always gives the same bytes. Change 2 of 3: your format.
pub fn to_csv(doc: &Transcript, options: &CsvOptions) -> String {
    // Quotations inside the text get the quotation marks of the transcript's language.
    let marks = doc.quote_marks();
    // The header row.
    let mut out = String::new();
    push_row(&mut out, options.delimiter, ["speaker", "start_ms", "text"]);
    // One row per paragraph of the body, in reading order, with its speaker's display name.
    for (speaker, paragraph) in doc.body_paragraphs() {
        let name = speaker.map_or("", |id| doc.speaker_name(id));
        let start = paragraph
            .start_ms
            .map(|ms| ms.to_string())
            .unwrap_or_default();
        push_row(
            &mut out,
            options.delimiter,
            [name, &start, &paragraph.plain_text(marks)],
        );
    }
    out
}

/// Appends one CSV row (RFC 4180): fields that contain the delimiter, a quote or a line break
/// are quoted, with quotes doubled; rows end with CRLF.
fn push_row<'a>(out: &mut String, delimiter: char, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        if field.contains([delimiter, '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

/// The exporter: a thin wrapper that scriba registers. Change 3 of 3: id and info.
pub struct CsvExporter;

impl Exporter for CsvExporter {
    /// The format id users pass to `scriba export --to`. Pick one that no built-in uses.
    fn id(&self) -> &str {
        "csv"
    }

    /// What `scriba formats` shows. The origin is filled in by scriba (the plugin's file).
    fn info(&self) -> ExporterInfo {
        ExporterInfo {
            id: "csv".to_owned(),
            name: "CSV table".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            extension: "csv".to_owned(),
            media_type: "text/csv; charset=utf-8".to_owned(),
            kind: OutputKind::Text,
            description: "one row per paragraph: speaker, start time in ms, text".to_owned(),
            origin: ExporterOrigin::Builtin,
        }
    }

    /// Decodes the options, calls the function above and names the artifact after the input
    /// (`interview.csv`). Errors in the options become a diagnostic, not a panic.
    fn export(&self, doc: &Transcript, ctx: &ExportContext) -> ExportResult {
        let options: CsvOptions = ctx.options().map_err(|d| vec![d])?;
        Ok(Warned::new(vec![Artifact {
            path: ctx.file_name("csv"),
            media_type: "text/csv; charset=utf-8".to_owned(),
            bytes: to_csv(doc, &options).into_bytes(),
        }]))
    }
}

// Generates the library's entry symbol, the descriptor with the plugin's name and version
// (from Cargo.toml) and the glue that turns the host's JSON into a `Transcript`, calls
// `CsvExporter::export` and catches panics. This line makes the crate a plugin.
scriba_plugin_sdk::export_plugin!(CsvExporter);

#[cfg(test)]
mod tests {
    use scriba_plugin_sdk::{Block, Paragraph, Speaker};

    use super::*;

    #[test]
    fn rows_are_quoted_where_needed() {
        let mut doc = Transcript::default();
        doc.speakers.push(Speaker::new("a", "Anna, Dr."));
        doc.body.push(Block::turn(
            Some("a"),
            vec![Paragraph::text("Sie sagte \"ja\".")],
        ));
        assert_eq!(
            to_csv(&doc, &CsvOptions::default()),
            "speaker,start_ms,text\r\n\"Anna, Dr.\",,\"Sie sagte \"\"ja\"\".\"\r\n"
        );
        let semicolon = CsvOptions { delimiter: ';' };
        assert_eq!(
            to_csv(&doc, &semicolon),
            "speaker;start_ms;text\r\nAnna, Dr.;;\"Sie sagte \"\"ja\"\".\"\r\n"
        );
    }
}
