//! The exporters that live in the driver: `json` (the model) and `txt` (a reading text).

use scriba_core::{
    Artifact, Block, Document, ExportContext, ExportResult, Exporter, ExporterInfo, ExporterOrigin,
    Inline, OutputKind, Transcript, Warned,
};

fn info(id: &str, name: &str, ext: &str, media: &str, description: &str) -> ExporterInfo {
    ExporterInfo {
        id: id.to_owned(),
        name: name.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        extension: ext.to_owned(),
        media_type: media.to_owned(),
        kind: OutputKind::Text,
        description: description.to_owned(),
        origin: ExporterOrigin::Builtin,
    }
}

/// Writes the model as the versioned JSON document (`scriba-transcript`).
pub(crate) struct JsonExporter;

impl Exporter for JsonExporter {
    fn id(&self) -> &str {
        "json"
    }

    fn info(&self) -> ExporterInfo {
        info(
            "json",
            "scriba transcript JSON",
            "json",
            "application/json",
            "the transcript model as versioned JSON; reads back exactly",
        )
    }

    fn export(&self, doc: &Transcript, ctx: &ExportContext) -> ExportResult {
        let mut bytes = to_json(doc);
        bytes.push(b'\n');
        Ok(Warned::new(vec![Artifact {
            path: ctx.file_name("json"),
            media_type: "application/json".to_owned(),
            bytes,
        }]))
    }
}

/// Serialises a transcript as the pretty-printed JSON envelope.
pub(crate) fn to_json(doc: &Transcript) -> Vec<u8> {
    // Serialising plain data with string keys cannot fail; an error would be a bug in the
    // model's serde attributes, so it is reported in the output rather than by a panic.
    serde_json::to_vec_pretty(&Document::new(doc.clone()))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}").into_bytes())
}

/// Writes a clean reading text: title, speaker labels where the speaker changes, paragraphs.
pub(crate) struct TxtExporter;

impl Exporter for TxtExporter {
    fn id(&self) -> &str {
        "txt"
    }

    fn info(&self) -> ExporterInfo {
        info(
            "txt",
            "plain text",
            "txt",
            "text/plain; charset=utf-8",
            "a clean reading text with speaker labels",
        )
    }

    fn export(&self, doc: &Transcript, ctx: &ExportContext) -> ExportResult {
        Ok(Warned::new(vec![Artifact {
            path: ctx.file_name("txt"),
            media_type: "text/plain; charset=utf-8".to_owned(),
            bytes: render_txt(doc).into_bytes(),
        }]))
    }
}

fn render_txt(doc: &Transcript) -> String {
    let marks = doc.quote_marks();
    let mut out = String::new();
    let push_par = |out: &mut String, text: &str| {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    if let Some(title) = &doc.meta.title {
        push_par(&mut out, title);
    }
    if let Some(subtitle) = &doc.meta.subtitle {
        push_par(&mut out, subtitle);
    }
    let blocks = |out: &mut String, blocks: &[Block]| {
        let mut last_speaker: Option<&str> = None;
        for block in blocks {
            match block {
                Block::Turn {
                    speaker,
                    paragraphs,
                    ..
                } => {
                    for (i, p) in paragraphs.iter().enumerate() {
                        let text = p.plain_text(marks);
                        let label = match speaker.as_deref() {
                            Some(id) if i == 0 && last_speaker != Some(id) => {
                                format!("{}: ", doc.speaker_name(id))
                            }
                            _ => String::new(),
                        };
                        push_par(out, &format!("{label}{text}"));
                    }
                    last_speaker = speaker.as_deref();
                }
                Block::Heading { level, content, .. } => {
                    let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
                    push_par(
                        out,
                        &format!("{hashes} {}", Inline::plain_text(content, marks)),
                    );
                    last_speaker = None;
                }
                other => {
                    for text in scriba_core::blocks_text(std::slice::from_ref(other), marks) {
                        push_par(out, &text);
                    }
                }
            }
        }
    };
    blocks(&mut out, &doc.front);
    blocks(&mut out, &doc.body);
    if let Some(end) = &doc.end_marker {
        push_par(&mut out, end);
    }
    blocks(&mut out, &doc.back);
    out
}
