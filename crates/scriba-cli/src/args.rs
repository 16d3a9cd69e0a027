//! Command-line arguments (clap), converted into library types with `From`-style helpers.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use scriba::scriba_read::{InputFormat, ReadOptions};

/// scriba turns spoken-word transcripts into an ebook (EPUB 3), a PDF, archival TEI P5 XML and
/// subtitles.
#[derive(Debug, Parser)]
#[command(name = "scriba", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    /// A directory to load exporter plugins from (repeatable; searched before
    /// SCRIBA_PLUGIN_PATH and the user's plugin directory).
    #[arg(long = "plugin-dir", value_name = "DIR", global = true)]
    pub(crate) plugin_dirs: Vec<PathBuf>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Export transcripts to one or more formats.
    Export(ExportArgs),
    /// Show what scriba read from a transcript: title, language, speakers, structure, notes.
    Inspect(InspectArgs),
    /// List every export format: id, extension, media type, origin.
    Formats(FormatsArgs),
    /// Exporter plugins: check why libraries load or not.
    #[command(subcommand)]
    Plugins(PluginsCommand),
}

#[derive(Debug, Subcommand)]
pub(crate) enum PluginsCommand {
    /// Explain, for each file of a directory (or one file), whether it loads as a plugin.
    Check {
        /// The directory or library file to check.
        #[arg(value_name = "DIR")]
        path: PathBuf,
    },
}

/// Options of how inputs are read.
#[derive(Debug, Clone, Args)]
pub(crate) struct ReadArgs {
    /// The input format; sniffed from the content when not given.
    #[arg(long, value_enum)]
    pub(crate) from: Option<FromFormat>,
    /// The language (BCP 47, e.g. `de`, `en-US`) when the input declares none.
    #[arg(long)]
    pub(crate) language: Option<String>,
    /// A line that ends the body (repeatable); default: ENDE, END, The End, …
    #[arg(long = "end-marker", value_name = "LINE")]
    pub(crate) end_markers: Vec<String>,
    /// A label to treat as a speaker even where scriba would not guess so (repeatable).
    #[arg(long = "speaker", value_name = "LABEL")]
    pub(crate) speakers: Vec<String>,
    /// The largest input accepted, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub(crate) max_input_mib: u64,
}

impl ReadArgs {
    pub(crate) fn to_options(&self) -> ReadOptions {
        ReadOptions::default()
            .with_format(self.from.map(Into::into))
            .with_language(self.language.clone())
            .with_end_markers(self.end_markers.clone())
            .with_speaker_labels(self.speakers.clone())
    }

    pub(crate) fn max_input_bytes(&self) -> u64 {
        self.max_input_mib.saturating_mul(1024 * 1024)
    }
}

/// Input formats on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum FromFormat {
    /// Plain text / Markdown-flavoured transcript.
    Text,
    /// scriba JSON.
    Json,
    /// Bundestag plenary protocol XML.
    Bundestag,
    /// ParlaMint TSV.
    Parlamint,
    /// TEI as scriba writes it.
    Tei,
    /// SubRip subtitles (cues become a timed transcript).
    Srt,
    /// WebVTT subtitles (cues become a timed transcript).
    Vtt,
}

impl From<FromFormat> for InputFormat {
    fn from(f: FromFormat) -> Self {
        match f {
            FromFormat::Text => InputFormat::Text,
            FromFormat::Json => InputFormat::Json,
            FromFormat::Bundestag => InputFormat::BundestagXml,
            FromFormat::Parlamint => InputFormat::ParlaMintTsv,
            FromFormat::Tei => InputFormat::Tei,
            FromFormat::Srt => InputFormat::Srt,
            FromFormat::Vtt => InputFormat::WebVtt,
        }
    }
}

/// Options of timing files.
#[derive(Debug, Clone, Args)]
pub(crate) struct TimingArgs {
    /// A timing file to align the transcript to: Whisper/WhisperX/Deepgram/AssemblyAI JSON,
    /// SRT or WebVTT (sniffed; see docs/timing.md).
    #[arg(long, value_name = "FILE")]
    pub(crate) timing: Option<PathBuf>,
    /// The timing file's format: whisper, whisper-timestamped, whisperx, deepgram, assemblyai,
    /// srt, vtt.
    #[arg(long, value_name = "NAME", requires = "timing")]
    pub(crate) timing_format: Option<String>,
    /// Take speaker turns from a diarized timing file when the transcript has no labels.
    #[arg(long, requires = "timing")]
    pub(crate) speakers_from_timing: bool,
    /// Below this share of matched words the timing file is refused as belonging to another
    /// recording (0 to 1).
    #[arg(long, value_name = "RATE", requires = "timing")]
    pub(crate) min_match_rate: Option<f64>,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Transcript files (`-` reads standard input).
    #[arg(required = true, value_name = "INPUT")]
    pub(crate) inputs: Vec<PathBuf>,
    /// Formats to write, comma-separated (see `scriba formats`); default: all.
    #[arg(long, short = 't', value_delimiter = ',', value_name = "FMT")]
    pub(crate) to: Vec<String>,
    /// Output directory.
    #[arg(long, short = 'o', default_value = "out", value_name = "DIR")]
    pub(crate) output: PathBuf,
    /// An exporter option, `FMT.KEY=VALUE` (e.g. `pdf.paper=a5`), or `subtitles.KEY=VALUE` for
    /// all subtitle formats (repeatable); docs/<format>.md lists each format's options.
    #[arg(long = "set", short = 's', value_name = "KEY=VALUE")]
    pub(crate) set: Vec<String>,
    /// Subtitle preset (netflix, netflix-de, bbc, de-broadcast); same as
    /// `--set subtitles.preset=NAME`.
    #[arg(long)]
    pub(crate) preset: Option<String>,
    /// A font file (TrueType/OpenType) the PDF falls back to for characters its own fonts lack,
    /// such as Chinese or Japanese (repeatable; tried in order).
    #[arg(long, value_name = "FILE")]
    pub(crate) font: Vec<PathBuf>,
    /// An image file (PNG, JPEG, GIF, WebP or SVG) for the EPUB's cover instead of the
    /// generated one.
    #[arg(long, value_name = "FILE")]
    pub(crate) cover: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
    #[command(flatten)]
    pub(crate) timing: TimingArgs,
    /// Also show notes (the reader's guesses), not only warnings.
    #[arg(long, short = 'v')]
    pub(crate) verbose: bool,
    /// Do not list the written files.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// The transcript file (`-` reads standard input).
    pub(crate) input: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
    #[command(flatten)]
    pub(crate) timing: TimingArgs,
}

#[derive(Debug, Args)]
pub(crate) struct FormatsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
}
