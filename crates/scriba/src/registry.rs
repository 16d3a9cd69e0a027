//! The exporter registry: built-in exporters and plugin-backed ones, looked up by id.

use scriba_core::{Diagnostic, Exporter, ExporterInfo, ExporterOrigin};

/// The ids of the subtitle formats, which `subtitles.KEY=VALUE` options address together.
pub const SUBTITLE_FORMATS: &[&str] = &["srt", "vtt", "ttml", "ass", "sbv"];

/// Every built-in exporter, in the order `scriba formats` lists them.
///
/// This function is the only list of built-in formats: the CLI's help, `scriba formats` and
/// the docs are generated from it.
pub fn builtin_exporters() -> Vec<Box<dyn Exporter>> {
    let mut exporters: Vec<Box<dyn Exporter>> = vec![
        Box::new(scriba_epub::EpubExporter),
        Box::new(scriba_pdf::PdfExporter),
        Box::new(scriba_tei::TeiExporter),
    ];
    exporters.extend(scriba_subtitle::exporters());
    exporters.push(Box::new(crate::builtin::JsonExporter));
    exporters.push(Box::new(crate::builtin::TxtExporter));
    exporters
}

/// The exporters available to one run: built-ins first, then plugins.
pub struct Registry {
    exporters: Vec<Box<dyn Exporter>>,
}

impl Default for Registry {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Registry {
    /// A registry with the built-in exporters only.
    pub fn builtin() -> Self {
        Self {
            exporters: builtin_exporters(),
        }
    }

    /// Adds an exporter (a plugin). Built-ins and earlier plugins win: an exporter whose id is
    /// already taken is not added, and the warning returned says which one keeps it.
    pub fn add(&mut self, exporter: Box<dyn Exporter>) -> Result<(), Diagnostic> {
        if let Some(existing) = self.get(exporter.id()) {
            let origin = |o: ExporterOrigin| match o {
                ExporterOrigin::Builtin => "the built-in exporter".to_owned(),
                ExporterOrigin::Plugin { path } => format!("the plugin `{path}`"),
            };
            return Err(Diagnostic::warning(
                "plugin.id-clash",
                format!(
                    "format `{}` of {} is skipped: {} already provides it",
                    exporter.id(),
                    origin(exporter.info().origin),
                    origin(existing.info().origin)
                ),
            )
            .with_hint("built-in formats and earlier plugins win; rename the plugin's format id"));
        }
        self.exporters.push(exporter);
        Ok(())
    }

    /// Adds every format of the given plugins, in order, after the built-ins. Returns a
    /// warning for each format whose id is already taken (built-ins and earlier plugins win).
    #[cfg(feature = "plugins")]
    pub fn add_plugins(&mut self, plugins: &[scriba_plugin_host::LoadedPlugin]) -> Vec<Diagnostic> {
        plugins
            .iter()
            .flat_map(scriba_plugin_host::LoadedPlugin::exporters)
            .filter_map(|e| self.add(e).err())
            .collect()
    }

    /// The exporter with the given id.
    pub fn get(&self, id: &str) -> Option<&dyn Exporter> {
        self.exporters
            .iter()
            .find(|e| e.id() == id)
            .map(|e| e.as_ref())
    }

    /// Every exporter, in registration order.
    pub fn iter(&self) -> impl Iterator<Item = &dyn Exporter> {
        self.exporters.iter().map(|e| e.as_ref())
    }

    /// The info of every exporter.
    pub fn infos(&self) -> Vec<ExporterInfo> {
        self.iter().map(|e| e.info()).collect()
    }

    /// Resolves format ids to exporters; an unknown id is an error that lists the known ones.
    pub fn resolve(&self, ids: &[String]) -> Result<Vec<&dyn Exporter>, Diagnostic> {
        ids.iter()
            .map(|id| {
                self.get(id).ok_or_else(|| {
                    let known: Vec<&str> = self.iter().map(|e| e.id()).collect();
                    Diagnostic::error("cli.unknown-format", format!("unknown format `{id}`"))
                        .with_hint(format!("available formats: {}", known.join(", ")))
                })
            })
            .collect()
    }
}

/// Reads TEI as scriba writes it (through `scriba-tei`).
pub(crate) fn read_tei(
    text: &str,
) -> Result<scriba_core::Warned<scriba_core::Transcript>, Diagnostic> {
    scriba_tei::read(text).map_err(|errors| {
        errors
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error("read.tei", "the TEI document cannot be read"))
    })
}
