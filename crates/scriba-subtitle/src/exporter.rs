//! The five registrations: thin [`Exporter`]s around [`crate::srt`], [`crate::vtt`],
//! [`crate::ttml`], [`crate::ass`] and [`crate::sbv`], sharing [`SubtitleOptions`].

use scriba_core::{
    Artifact, ExportContext, ExportResult, Exporter, ExporterInfo, ExporterOrigin, OutputKind,
    Transcript,
};

use crate::{SubtitleOptions, SubtitleResult};

struct Format {
    id: &'static str,
    name: &'static str,
    ext: &'static str,
    media_type: &'static str,
    description: &'static str,
    write: fn(&Transcript, &SubtitleOptions) -> SubtitleResult,
}

fn info(f: &Format) -> ExporterInfo {
    ExporterInfo {
        id: f.id.to_owned(),
        name: f.name.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        extension: f.ext.to_owned(),
        media_type: f.media_type.to_owned(),
        kind: OutputKind::Text,
        description: f.description.to_owned(),
        origin: ExporterOrigin::Builtin,
    }
}

fn export(f: &Format, doc: &Transcript, ctx: &ExportContext) -> ExportResult {
    let opts: SubtitleOptions = ctx.options().map_err(|d| vec![d])?;
    let out = (f.write)(doc, &opts)?;
    Ok(out.map(|bytes| {
        vec![Artifact {
            path: ctx.file_name(f.ext),
            media_type: f.media_type.to_owned(),
            bytes,
        }]
    }))
}

macro_rules! exporter {
    ($(#[$doc:meta])* $ty:ident, $format:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $ty;

        impl $ty {
            const FORMAT: Format = $format;
        }

        impl Exporter for $ty {
            fn id(&self) -> &str {
                Self::FORMAT.id
            }

            fn info(&self) -> ExporterInfo {
                info(&Self::FORMAT)
            }

            fn export(&self, doc: &Transcript, ctx: &ExportContext) -> ExportResult {
                export(&Self::FORMAT, doc, ctx)
            }
        }
    };
}

exporter!(
    /// The `srt` exporter: SubRip subtitles.
    SrtExporter,
    Format {
        id: "srt",
        name: "SubRip subtitles",
        ext: "srt",
        media_type: "application/x-subrip",
        description: "subtitles cut to a professional preset (SubRip)",
        write: crate::srt,
    }
);

exporter!(
    /// The `vtt` exporter: WebVTT subtitles with voice spans.
    VttExporter,
    Format {
        id: "vtt",
        name: "WebVTT subtitles",
        ext: "vtt",
        media_type: "text/vtt",
        description: "subtitles cut to a professional preset, speakers as voices (WebVTT)",
        write: crate::vtt,
    }
);

exporter!(
    /// The `ttml` exporter: TTML subtitles in the IMSC 1.1 Text profile.
    TtmlExporter,
    Format {
        id: "ttml",
        name: "TTML subtitles (IMSC 1.1 Text)",
        ext: "ttml",
        media_type: "application/ttml+xml",
        description: "subtitles cut to a professional preset, speakers as agents (IMSC 1.1 Text)",
        write: crate::ttml,
    }
);

exporter!(
    /// The `ass` exporter: Advanced SubStation Alpha subtitles.
    AssExporter,
    Format {
        id: "ass",
        name: "ASS subtitles",
        ext: "ass",
        media_type: "text/x-ssa",
        description: "subtitles cut to a professional preset, speakers in the Name field (ASS)",
        write: crate::ass,
    }
);

exporter!(
    /// The `sbv` exporter: YouTube SubViewer subtitles.
    SbvExporter,
    Format {
        id: "sbv",
        name: "SBV subtitles (YouTube)",
        ext: "sbv",
        media_type: "text/plain; charset=utf-8",
        description: "subtitles cut to a professional preset (YouTube SBV)",
        write: crate::sbv,
    }
);

/// The five subtitle exporters, in the order `srt`, `vtt`, `ttml`, `ass`, `sbv`.
pub fn exporters() -> Vec<Box<dyn Exporter>> {
    vec![
        Box::new(SrtExporter),
        Box::new(VttExporter),
        Box::new(TtmlExporter),
        Box::new(AssExporter),
        Box::new(SbvExporter),
    ]
}
