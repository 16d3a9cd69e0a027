//! The scriba command line: `scriba export`, `scriba inspect`, `scriba formats`.
//!
//! This is the only crate that reads the environment (`SOURCE_DATE_EPOCH`) and prints.
//! Exit codes: 0 success, 1 a problem with an input or an export, 2 a usage error.

mod args;
mod render;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use scriba::scriba_core::{Diagnostic, ExportContext, Severity};
use scriba::{Options, Registry};

use args::{Cli, Command, ExportArgs, InspectArgs, PluginsCommand};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        // A closed pipe (`scriba inspect … | head`) is not an error worth a message.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Export(args) => export(args, &cli.plugin_dirs),
        Command::Inspect(args) => inspect(args),
        Command::Plugins(PluginsCommand::Check { path }) => {
            let report = scriba::scriba_plugin_host::check_dir(&path);
            write!(std::io::stdout().lock(), "{report}")?;
            Ok(if report.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Formats(args) => {
            let registry = registry(&cli.plugin_dirs);
            let infos = registry.infos();
            let mut out = std::io::stdout().lock();
            if args.json {
                writeln!(out, "{}", serde_json::to_string_pretty(&infos)?)?;
            } else {
                render::formats(&mut out, &infos)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The built-in exporters and those of the plugins found in `--plugin-dir`, then
/// `SCRIBA_PLUGIN_PATH`, then the user's plugin directory. Skipped plugins and format id
/// clashes are printed as warnings.
#[allow(
    clippy::disallowed_methods,
    reason = "the CLI is where the environment is read"
)]
fn registry(plugin_dirs: &[std::path::PathBuf]) -> Registry {
    use scriba::scriba_plugin_host as host;
    let mut registry = Registry::builtin();
    let env_path = std::env::var_os("SCRIBA_PLUGIN_PATH");
    let user_dir = host::user_plugin_dir(|key| std::env::var_os(key));
    let dirs = host::search_path(plugin_dirs, env_path.as_deref(), user_dir);
    let (plugins, mut diagnostics) = host::discover(&dirs);
    diagnostics.extend(registry.add_plugins(&plugins));
    for d in &diagnostics {
        render::diagnostic(None, d);
    }
    registry
}

/// Loads the timing file of `args`, if any, with its format and alignment options.
fn timing(
    args: &args::TimingArgs,
    max_bytes: u64,
) -> Result<
    Option<(
        scriba::scriba_timing::TimingTrack,
        scriba::scriba_timing::AlignOptions,
    )>,
    ExitCode,
> {
    use scriba::scriba_timing::{AlignOptions, TimingFormat};
    let Some(path) = &args.timing else {
        return Ok(None);
    };
    let format = match args.timing_format.as_deref().map(TimingFormat::from_name) {
        None => None,
        Some(Some(f)) => Some(f),
        Some(None) => {
            eprintln!(
                "error: unknown --timing-format; expected whisper, whisper-timestamped, whisperx, deepgram, assemblyai, srt or vtt"
            );
            return Err(ExitCode::from(2));
        }
    };
    let input = scriba::load(path, max_bytes).map_err(|e| {
        render::diagnostic(Some(&e.name), &e.diagnostic);
        ExitCode::from(1)
    })?;
    let track = scriba::load_timing(&input, format).map_err(|e| {
        render::diagnostic(Some(&e.name), &e.diagnostic);
        ExitCode::from(1)
    })?;
    render::diagnostics(&input.name, &track.warnings, false);
    let mut opts = AlignOptions::default();
    opts.speakers_from_timing = args.speakers_from_timing;
    if let Some(rate) = args.min_match_rate {
        opts.min_match_rate = rate;
    }
    Ok(Some((track.output, opts)))
}

/// `SOURCE_DATE_EPOCH`, validated.
#[allow(
    clippy::disallowed_methods,
    reason = "the CLI is where the environment is read"
)]
fn source_date_epoch() -> anyhow::Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if v.trim().is_empty() => Ok(None),
        Ok(v) => v.trim().parse::<i64>().map(Some).map_err(|_| {
            anyhow::anyhow!("SOURCE_DATE_EPOCH must be an integer number of seconds, not `{v}`")
        }),
        Err(_) => Ok(None),
    }
}

/// A kind of file the CLI reads for an exporter (`--font`, `--cover`).
struct FileKind {
    /// Its [`ExportContext::files`] key.
    key: &'static str,
    /// The exporter's own check of the bytes.
    usable: fn(&[u8]) -> bool,
    /// What the file is not, when the check fails.
    not: &'static str,
    /// What the option takes.
    hint: &'static str,
}

const FONT_FILE: FileKind = FileKind {
    key: scriba::FONT_FILES,
    usable: scriba::font_is_usable,
    not: "not a TrueType or OpenType font",
    hint: "--font takes a .ttf, .otf or .ttc file",
};

const COVER_FILE: FileKind = FileKind {
    key: scriba::COVER_FILE,
    usable: scriba::cover_is_usable,
    not: "not a PNG, JPEG, GIF, WebP or SVG image",
    hint: "--cover takes the cover image of the EPUB",
};

fn export(args: ExportArgs, plugin_dirs: &[std::path::PathBuf]) -> anyhow::Result<ExitCode> {
    let registry = registry(plugin_dirs);
    let ids: Vec<String> = if args.to.is_empty() {
        registry.iter().map(|e| e.id().to_owned()).collect()
    } else {
        args.to.clone()
    };
    let exporters = match registry.resolve(&ids) {
        Ok(e) => e,
        Err(d) => {
            render::diagnostic(None, &d);
            return Ok(ExitCode::from(2));
        }
    };
    let mut options = Options::default();
    for set in &args.set {
        if let Err(e) = options.set(set) {
            eprintln!("error: --set {e}");
            return Ok(ExitCode::from(2));
        }
    }
    // Files for exporters are read here: exporters never touch the file system. They reach
    // the exporters as shared bytes in the context (`ExportContext::files`), not as JSON,
    // and a file the exporter could not use is an error naming it.
    let given = args
        .font
        .iter()
        .map(|p| (p, &FONT_FILE))
        .chain(args.cover.iter().map(|p| (p, &COVER_FILE)));
    let mut files: Vec<(&str, std::sync::Arc<[u8]>)> = Vec::new();
    for (path, kind) in given {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("error: {}: cannot read: {e}", path.display());
                return Ok(ExitCode::from(1));
            }
        };
        if !(kind.usable)(&bytes) {
            eprintln!(
                "error: {}: {}\n  hint: {}",
                path.display(),
                kind.not,
                kind.hint
            );
            return Ok(ExitCode::from(1));
        }
        files.push((kind.key, bytes.into()));
    }
    if let Some(preset) = &args.preset {
        options.set_value("subtitles", "preset", preset.clone().into());
    }
    if let Some(unknown) = options.formats().find(|f| registry.get(f).is_none()) {
        render::diagnostic(
            None,
            &Diagnostic::error(
                "cli.unknown-format",
                format!("--set names the unknown format `{unknown}`"),
            )
            .with_hint(
                "`scriba formats` lists the formats; use `subtitles.KEY` for all subtitle formats",
            ),
        );
        return Ok(ExitCode::from(2));
    }
    let epoch = source_date_epoch()?;
    let read_opts = args.read.to_options();
    let timing = match timing(&args.timing, args.read.max_input_bytes()) {
        Ok(t) => t,
        Err(code) => return Ok(code),
    };
    let mut failed = false;
    let mut stems = std::collections::BTreeSet::new();
    for path in &args.inputs {
        let input = match scriba::load(path, args.read.max_input_bytes()) {
            Ok(i) => i,
            Err(e) => {
                render::diagnostic(Some(&e.name), &e.diagnostic);
                failed = true;
                continue;
            }
        };
        if !stems.insert(input.stem.clone()) {
            eprintln!(
                "error: {}: another input also writes `{}.*`; rename one of them",
                input.name, input.stem
            );
            failed = true;
            continue;
        }
        let opts = read_opts.clone().with_fallback_title(input.stem.clone());
        let mut read = match scriba::read(&input, &opts) {
            Ok(r) => r,
            Err(e) => {
                render::diagnostic(Some(&e.name), &e.diagnostic);
                failed = true;
                continue;
            }
        };
        render::diagnostics(&input.name, &read.warnings, args.verbose);
        if let Some((track, align_opts)) = &timing {
            match scriba::align(&mut read.output, track, align_opts) {
                Ok(report) => {
                    render::diagnostics(&input.name, &report.warnings, args.verbose);
                    if args.verbose {
                        eprintln!("{}: timing: {}", input.name, report.output.summary());
                    }
                }
                Err(errors) => {
                    for d in &errors {
                        render::diagnostic(Some(&input.name), d);
                    }
                    failed = true;
                    continue;
                }
            }
        }
        let ctx = files.iter().fold(
            ExportContext::new(input.stem.clone())
                .with_source_date_epoch(epoch)
                .with_input_name(input.name.clone()),
            |ctx, (key, bytes)| ctx.with_file(*key, bytes.clone()),
        );
        let outcomes = scriba::run(&read.output, &exporters, &options, &ctx);
        // The same warning from several formats (say, estimated subtitle times) is shown once,
        // naming every format that gave it.
        let mut warnings: Vec<(Diagnostic, Vec<String>)> = Vec::new();
        for outcome in outcomes {
            match outcome.result {
                Ok(warned) => {
                    for w in warned.warnings {
                        match warnings.iter_mut().find(|(d, _)| *d == w) {
                            Some((_, ids)) => ids.push(outcome.id.clone()),
                            None => warnings.push((w, vec![outcome.id.clone()])),
                        }
                    }
                    match scriba::write_artifacts(&args.output, &warned.output) {
                        Ok(paths) => {
                            if !args.quiet {
                                let mut out = std::io::stdout().lock();
                                for p in paths {
                                    // A closed pipe only stops the listing, not the export.
                                    let _ = writeln!(out, "{}", p.display());
                                }
                            }
                        }
                        Err(e) => {
                            eprintln!("error: {} ({}): {e}", input.name, outcome.id);
                            failed = true;
                        }
                    }
                }
                Err(errors) => {
                    for d in &errors {
                        render::diagnostic(Some(&format!("{} ({})", input.name, outcome.id)), d);
                    }
                    failed = true;
                }
            }
        }
        for (d, ids) in &warnings {
            if args.verbose || d.severity != Severity::Note {
                render::diagnostic(Some(&format!("{} ({})", input.name, ids.join(", "))), d);
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn inspect(args: InspectArgs) -> anyhow::Result<ExitCode> {
    let input = match scriba::load(&args.input, args.read.max_input_bytes()) {
        Ok(i) => i,
        Err(e) => {
            render::diagnostic(Some(&e.name), &e.diagnostic);
            return Ok(ExitCode::from(1));
        }
    };
    let opts = args
        .read
        .to_options()
        .with_fallback_title(input.stem.clone());
    let read = match scriba::read(&input, &opts) {
        Ok(r) => r,
        Err(e) => {
            render::diagnostic(Some(&e.name), &e.diagnostic);
            return Ok(ExitCode::from(1));
        }
    };
    let summary = scriba::summarize(&read.output);
    let timing = match timing(&args.timing, args.read.max_input_bytes()) {
        Ok(t) => t,
        Err(code) => return Ok(code),
    };
    let alignment = timing
        .as_ref()
        .map(|(track, opts)| scriba::inspect_alignment(&read.output, track, opts));
    let mut out = std::io::stdout().lock();
    if args.json {
        let alignment = match &alignment {
            None => serde_json::Value::Null,
            Some(Ok(report)) => {
                serde_json::json!({"report": report.output, "diagnostics": report.warnings})
            }
            Some(Err(errors)) => serde_json::json!({"errors": errors}),
        };
        let value = serde_json::json!({
            "input": input.name,
            "summary": summary,
            "diagnostics": read.warnings,
            "timing": alignment,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        render::summary(&mut out, &input.name, &summary)?;
        render::diagnostics_to(&mut out, &input.name, &read.warnings, true)?;
        match &alignment {
            None => {}
            Some(Ok(report)) => {
                writeln!(
                    out,
                    "timing:     {}",
                    report.output.summary().replace('\n', "\n  ")
                )?;
                render::diagnostics_to(&mut out, &input.name, &report.warnings, true)?;
            }
            Some(Err(errors)) => render::diagnostics_to(&mut out, &input.name, errors, true)?,
        }
    }
    if matches!(alignment, Some(Err(_))) {
        return Ok(ExitCode::from(1));
    }
    let has_errors = read
        .warnings
        .iter()
        .any(|d: &Diagnostic| d.severity == Severity::Error);
    Ok(if has_errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
