//! Human-readable output: diagnostics, summaries, format tables.

use std::io::{self, Write};

use scriba::Summary;
use scriba::scriba_core::{Diagnostic, ExporterInfo, ExporterOrigin, Severity};

/// Prints one diagnostic to stderr as `name:line:column: severity: message` plus the hint.
pub(crate) fn diagnostic(name: Option<&str>, d: &Diagnostic) {
    let mut err = io::stderr().lock();
    let _ = write_diagnostic(&mut err, name, d);
}

fn write_diagnostic(out: &mut impl Write, name: Option<&str>, d: &Diagnostic) -> io::Result<()> {
    if let Some(name) = name {
        write!(out, "{name}:")?;
        if d.span.is_none() {
            write!(out, " ")?;
        }
    }
    writeln!(out, "{d}")
}

/// Prints warnings (and notes when `verbose`) to stderr.
pub(crate) fn diagnostics(name: &str, ds: &[Diagnostic], verbose: bool) {
    let mut err = io::stderr().lock();
    let _ = diagnostics_to(&mut err, name, ds, verbose);
}

/// Writes warnings (and notes when `verbose`).
pub(crate) fn diagnostics_to(
    out: &mut impl Write,
    name: &str,
    ds: &[Diagnostic],
    verbose: bool,
) -> io::Result<()> {
    for d in ds {
        if verbose || d.severity != Severity::Note {
            write_diagnostic(out, Some(name), d)?;
        }
    }
    Ok(())
}

/// Writes the summary of `scriba inspect`.
pub(crate) fn summary(out: &mut impl Write, name: &str, s: &Summary) -> io::Result<()> {
    let dash = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".to_owned());
    writeln!(out, "input:      {name}")?;
    writeln!(out, "title:      {}", dash(&s.title))?;
    writeln!(out, "language:   {}", dash(&s.language))?;
    writeln!(out, "date:       {}", dash(&s.date))?;
    writeln!(out, "speakers:   {}", s.speakers.len())?;
    for sp in &s.speakers {
        let role = sp
            .role
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {}{role}  [{}]  turns: {}  words: {}",
            sp.name, sp.id, sp.turns, sp.words
        )?;
    }
    writeln!(
        out,
        "body:       {} blocks, {} turns, {} paragraphs, {} headings, {} events, {} words{}",
        s.blocks,
        s.turns,
        s.paragraphs,
        s.headings,
        s.events,
        s.words,
        if s.timed { ", timed" } else { "" }
    )?;
    writeln!(
        out,
        "rejoined:   {} page-break split(s)",
        s.page_break_joins
    )?;
    writeln!(out, "quotations: {}", s.quotations)?;
    for t in &s.work_titles {
        writeln!(out, "work title: {t}")?;
    }
    if let Some(d) = &s.disclaimer {
        writeln!(out, "disclaimer: {d}")?;
    }
    writeln!(out, "front:      {} block(s)", s.front.len())?;
    writeln!(out, "end marker: {}", dash(&s.end_marker))?;
    writeln!(out, "back:       {} block(s)", s.back_blocks)?;
    for (label, value) in &s.back_fields {
        writeln!(out, "  {label}: {value}")?;
    }
    Ok(())
}

/// Writes the table of `scriba formats`.
pub(crate) fn formats(out: &mut impl Write, infos: &[ExporterInfo]) -> io::Result<()> {
    writeln!(
        out,
        "{:<8} {:<9} {:<34} {:<8} DESCRIPTION",
        "ID", "EXT", "MEDIA TYPE", "ORIGIN"
    )?;
    for i in infos {
        let origin = match &i.origin {
            ExporterOrigin::Builtin => "built-in".to_owned(),
            ExporterOrigin::Plugin { path } => format!("plugin {path}"),
        };
        writeln!(
            out,
            "{:<8} {:<9} {:<34} {:<8} {}",
            i.id, i.extension, i.media_type, origin, i.description
        )?;
    }
    Ok(())
}
