//! `cargo xtask bench --side-by-side`: scriba and typst on the same texts, interleaved.
//!
//! The seed and a 150,000-word transcript made from it (the seed's body paragraphs repeated)
//! go to PDF with the release `scriba`, and, converted to Typst by the peers' pandoc, to PDF
//! with the peers' `typst_compile.py`. Each round runs every command of a size once, in an
//! order that changes from round to round, so that a slow spell of the machine falls on all of
//! them; the report gives mean, median and fastest wall time and the factors.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::{cargo, root, run_cmd};

/// How many words the large transcript has at least.
const LARGE_WORDS: usize = 150_000;

/// Runs the comparison; `rounds` per size (the large size gets a fifth, at least 5).
pub(crate) fn run(rounds: usize) -> Result<(), String> {
    let shared = crate::conformance::shared_dir()?;
    let peers = shared.join("peers");
    let seed = shared.join("seed/000_5e7103ed1d3ef773.txt");
    let work = root().join("target/side-by-side");
    std::fs::create_dir_all(work.join("out")).map_err(|e| format!("{}: {e}", work.display()))?;
    run_cmd(cargo().args(["build", "--release", "-p", "scriba-cli"]))?;
    let scriba = root().join("target/release/scriba");
    run_cmd(Command::new("bash").arg(peers.join("setup.sh")).arg(&work))?;
    run_cmd(
        Command::new("bash")
            .arg(peers.join("make_inputs.sh"))
            .arg(&seed)
            .arg(&work),
    )?;
    let pandoc = python_output(
        "import os,pypandoc;print(os.path.join(os.path.dirname(pypandoc.__file__),'files','pandoc'))",
    )?;
    for size in ["small", "large"] {
        run_cmd(
            Command::new(&pandoc)
                .current_dir(&work)
                .args(["-s", "-t", "typst"])
                .arg(format!("{size}.md"))
                .arg("-o")
                .arg(format!("{size}.typ")),
        )?;
    }
    let text = std::fs::read_to_string(&seed).map_err(|e| format!("{}: {e}", seed.display()))?;
    let large = repeat_body(&text, LARGE_WORDS)?;
    std::fs::write(work.join("seed.txt"), &text).map_err(|e| e.to_string())?;
    std::fs::write(work.join("large.txt"), &large).map_err(|e| e.to_string())?;
    eprintln!(
        "xtask: large.txt has {} words",
        large.split_whitespace().count()
    );

    // What starting a process costs from here, for reading the small figures.
    let launch = interleaved(&mut [Command::new("true")], rounds)?;
    let mut launch = launch.into_iter().next().unwrap_or_default();
    launch.sort_by(f64::total_cmp);
    if let Some(median) = launch.get(launch.len() / 2) {
        println!(
            "starting a process that does nothing (`true`): median {:.1} ms",
            median * 1e3
        );
    }
    let typst = peers.join("typst_compile.py");
    let out = work.join("out");
    for (label, input, typ, n) in [
        ("seed", "seed.txt", "small.typ", rounds),
        ("150k words", "large.txt", "large.typ", (rounds / 5).max(5)),
    ] {
        let mut scriba_cmd = Command::new(&scriba);
        scriba_cmd
            .current_dir(&work)
            .args(["export", "-q", "--to", "pdf", "-o"])
            .arg(&out)
            .arg(input);
        let mut typst_cmd = Command::new("python3");
        typst_cmd
            .current_dir(&work)
            .arg(&typst)
            .arg(typ)
            .arg(out.join(format!("{typ}.pdf")));
        let mut cmds = [scriba_cmd, typst_cmd];
        let times = interleaved(&mut cmds, n)?;
        report(label, &times);
        // Each tool run after itself, as hyperfine runs it: caches warm with its own code and
        // data (here even a `python3 -c pass` between two scriba runs costs scriba a
        // millisecond).
        let mut warm = Vec::new();
        for cmd in cmds.iter_mut() {
            warm.extend(interleaved(std::slice::from_mut(cmd), n)?);
        }
        report(&format!("{label}, each after itself"), &warm);
        // The other two measures: peak memory (one more run of each under GNU time)
        // and the size of what each wrote.
        let stem = input.trim_end_matches(".txt");
        let sizes = [
            out.join(format!("{stem}.pdf")),
            out.join(format!("{typ}.pdf")),
        ]
        .map(|p| std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0));
        match (peak_rss_kib(&cmds[0]), peak_rss_kib(&cmds[1])) {
            (Some(s), Some(t)) => println!(
                "{label}: peak RSS scriba {:.1} MB, typst {:.1} MB (scriba/typst 1/{:.1}); \
                 size scriba {:.1} KB, typst {:.1} KB",
                s as f64 / 1024.0,
                t as f64 / 1024.0,
                t as f64 / s.max(1) as f64,
                sizes[0] as f64 / 1000.0,
                sizes[1] as f64 / 1000.0,
            ),
            _ => println!(
                "{label}: size scriba {:.1} KB, typst {:.1} KB; peak RSS not measured \
                 (no /usr/bin/time)",
                sizes[0] as f64 / 1000.0,
                sizes[1] as f64 / 1000.0,
            ),
        }
    }
    Ok(())
}

/// The peak resident memory of one more run of a command, in KiB, as GNU time reports it;
/// `None` when /usr/bin/time is missing or says nothing.
fn peak_rss_kib(cmd: &Command) -> Option<u64> {
    let report = std::env::temp_dir().join(format!("scriba-peak-rss-{}", std::process::id()));
    let mut timed = Command::new("/usr/bin/time");
    timed
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        timed.current_dir(dir);
    }
    status(&mut timed).ok()?;
    let text = std::fs::read_to_string(&report).ok();
    let _ = std::fs::remove_file(&report);
    text?.lines().last()?.trim().parse().ok()
}

/// The seed with the paragraphs between its disclaimer and `ENDE` repeated until the text
/// has at least `words` words.
fn repeat_body(seed: &str, words: usize) -> Result<String, String> {
    let paras: Vec<&str> = seed
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let end = paras
        .iter()
        .position(|p| *p == "ENDE")
        .ok_or("the seed has no ENDE line")?;
    let (head, body, tail) = (&paras[..2], &paras[2..end], &paras[end..]);
    let body_words: usize = body.iter().map(|p| p.split_whitespace().count()).sum();
    let copies = words.div_ceil(body_words.max(1));
    let mut out: Vec<&str> = head.to_vec();
    for _ in 0..copies {
        out.extend_from_slice(body);
    }
    out.extend_from_slice(tail);
    Ok(out.join("\n\n") + "\n")
}

/// Wall times in seconds of each command over `rounds` rounds, in a changing order.
fn interleaved(cmds: &mut [Command], rounds: usize) -> Result<Vec<Vec<f64>>, String> {
    let mut times = vec![Vec::new(); cmds.len()];
    // A warm-up run of each, untimed.
    for cmd in cmds.iter_mut() {
        status(cmd)?;
    }
    for round in 0..rounds {
        let mut order: Vec<usize> = (0..cmds.len()).collect();
        order.rotate_left(round % cmds.len());
        if round % 2 == 1 {
            order.reverse();
        }
        for i in order {
            let start = Instant::now();
            status(&mut cmds[i])?;
            times[i].push(start.elapsed().as_secs_f64());
        }
    }
    Ok(times)
}

fn status(cmd: &mut Command) -> Result<(), String> {
    let s = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if s.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed with {s}"))
    }
}

/// Prints mean, median and fastest time of scriba (first) and typst (second), and the factors.
fn report(label: &str, times: &[Vec<f64>]) {
    let stats = |t: &[f64]| {
        let mut v = t.to_vec();
        v.sort_by(f64::total_cmp);
        let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
        (mean, v[v.len() / 2], v[0])
    };
    let (s, t) = (stats(&times[0]), stats(&times[1]));
    println!(
        "{label} ({} rounds): scriba mean {:.1} ms, median {:.1} ms, fastest {:.1} ms; \
         typst mean {:.1} ms, median {:.1} ms, fastest {:.1} ms; \
         typst/scriba: {:.1}x mean, {:.1}x median",
        times[0].len(),
        s.0 * 1e3,
        s.1 * 1e3,
        s.2 * 1e3,
        t.0 * 1e3,
        t.1 * 1e3,
        t.2 * 1e3,
        t.0 / s.0,
        t.1 / s.1,
    );
}

/// What a line of Python prints.
fn python_output(code: &str) -> Result<PathBuf, String> {
    let out = Command::new("python3")
        .args(["-c", code])
        .output()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "python3 -c {code:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if Path::new(&path).is_file() {
        Ok(PathBuf::from(path))
    } else {
        Err(format!("python3 -c {code:?} printed no file: {path}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_large_text_repeats_the_body_between_disclaimer_and_end() {
        let seed = "Titel\n\nHinweis.\n\nA: eins zwei.\n\nB: drei.\n\nENDE\n\nDanke.\n";
        // The body has five words: ten need two copies.
        let large = repeat_body(seed, 10).expect("has ENDE");
        assert_eq!(
            large,
            "Titel\n\nHinweis.\n\nA: eins zwei.\n\nB: drei.\n\nA: eins zwei.\n\nB: drei.\n\n\
             ENDE\n\nDanke.\n"
        );
        assert!(repeat_body("no end marker", 10).is_err());
    }
}
