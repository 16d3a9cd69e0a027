//! Builds the template, the Markdown plugin and the fixtures, loads them, and asserts on the
//! exact diagnostics.

mod support;

use std::path::{Path, PathBuf};

use scriba_core::{
    Block, Diagnostic, ExportContext, ExporterOrigin, Inline, OutputKind, Paragraph, Severity,
    Speaker, Transcript,
};
use scriba_plugin_host::{CheckOutcome, check_dir, discover, load, search_path};

fn sample() -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.title = Some("Ein Gespräch".into());
    doc.meta.language = Some("de".into());
    doc.speakers.push(Speaker::new("anna", "Anna Weber"));
    doc.body.push(Block::turn(
        Some("anna"),
        vec![Paragraph::new(vec![
            Inline::text("Guten Tag, "),
            Inline::Quote {
                content: vec![Inline::text("willkommen")],
            },
            Inline::text(" <script>alert(1)</script>"),
        ])],
    ));
    doc
}

/// Loads the single plugin of a fresh directory and returns the skip diagnostic.
fn skipped(package: &str) -> (PathBuf, Diagnostic) {
    let dir = support::dir_with(&[package]);
    let (plugins, diagnostics) = discover(&[dir.path().to_path_buf()]);
    assert!(plugins.is_empty(), "{package} must not load");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let file = dir
        .path()
        .join(support::libs()[package].file_name().expect("name"));
    // The directory is removed on return; only the path is needed, for the messages.
    (file, diagnostics.into_iter().next().expect("one"))
}

fn export_error(package: &str) -> (PathBuf, Vec<Diagnostic>) {
    let file = support::libs()[package].clone();
    let plugin = load(&file).expect("the fixture passes the load checks");
    let exporters = plugin.exporters();
    let errors = exporters[0]
        .export(&sample(), &ExportContext::new("talk"))
        .expect_err("the export fails");
    (file, errors)
}

#[test]
fn template_loads_and_exports_csv() {
    let dir = support::dir_with(&["scriba-plugin-template"]);
    let (plugins, diagnostics) = discover(&[dir.path().to_path_buf()]);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let [plugin] = plugins.as_slice() else {
        panic!("one plugin")
    };
    assert_eq!(plugin.name(), "scriba-plugin-template");
    assert_eq!(plugin.version(), env!("CARGO_PKG_VERSION"));
    assert_eq!(plugin.abi_version(), (1, 0));
    assert_eq!(plugin.schema_version(), scriba_core::SCHEMA_VERSION);
    let exporters = plugin.exporters();
    let info = exporters[0].info();
    assert_eq!(info.id, "csv");
    assert_eq!(info.extension, "csv");
    assert_eq!(info.kind, OutputKind::Text);
    assert_eq!(
        info.origin,
        ExporterOrigin::Plugin {
            path: plugin.path().display().to_string()
        }
    );
    let out = exporters[0]
        .export(&sample(), &ExportContext::new("talk"))
        .expect("export");
    assert!(out.warnings.is_empty());
    let [artifact] = out.output.as_slice() else {
        panic!("one artifact")
    };
    assert_eq!(artifact.path, "talk.csv");
    assert_eq!(artifact.media_type, "text/csv; charset=utf-8");
    assert_eq!(
        String::from_utf8_lossy(&artifact.bytes),
        "speaker,start_ms,text\r\nAnna Weber,,Guten Tag, „willkommen“ <script>alert(1)</script>\r\n"
            .replace("Guten Tag, „willkommen“ <script>alert(1)</script>", "\"Guten Tag, „willkommen“ <script>alert(1)</script>\"")
    );
    // Options travel to the plugin, and bad options come back as the plugin's diagnostic.
    let mut options = serde_json::Map::new();
    options.insert("delimiter".into(), ";".into());
    let out = exporters[0]
        .export(&sample(), &ExportContext::new("talk").with_options(options))
        .expect("export");
    assert!(String::from_utf8_lossy(&out.output[0].bytes).starts_with("speaker;start_ms;text\r\n"));
    let mut options = serde_json::Map::new();
    options.insert("no_such_option".into(), true.into());
    let errors = exporters[0]
        .export(&sample(), &ExportContext::new("talk").with_options(options))
        .expect_err("unknown option");
    assert_eq!(errors[0].code, "export.options");
    assert!(
        errors[0].message.contains("no_such_option"),
        "{}",
        errors[0].message
    );
}

#[test]
fn markdown_plugin_exports_markdown() {
    let plugin = load(&support::libs()["scriba-markdown"]).expect("loads");
    assert_eq!(plugin.name(), "scriba-markdown");
    let formats: Vec<&str> = plugin.formats().iter().map(|f| f.id.as_str()).collect();
    assert_eq!(formats, ["md"]);
    let out = plugin.exporters()[0]
        .export(
            &sample(),
            &ExportContext::new("talk").with_source_date_epoch(Some(0)),
        )
        .expect("export");
    assert_eq!(out.output[0].path, "talk.md");
    assert_eq!(
        String::from_utf8_lossy(&out.output[0].bytes),
        "---\ntitle: \"Ein Gespräch\"\nlang: \"de\"\nspeakers:\n  - \"Anna Weber\"\n---\n\n# Ein Gespräch\n\n**Anna Weber:** Guten Tag, „willkommen“ \\<script\\>alert(1)\\</script\\>\n"
    );
}

#[test]
fn abi_too_new_is_refused_before_any_call() {
    let (file, d) = skipped("scriba-fixture-abi-too-new");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.code, "plugin.abi-too-new");
    assert_eq!(
        d.message,
        format!(
            "skipping plugin `{}`: it was built for plugin ABI 1.999, newer than this scriba's ABI 1.0",
            file.display()
        )
    );
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "update scriba, or rebuild the plugin with the scriba-plugin-sdk that matches this scriba"
        )
    );
}

#[test]
fn missing_symbol_is_refused() {
    let (file, d) = skipped("scriba-fixture-missing-symbol");
    assert_eq!(d.code, "plugin.missing-symbol");
    assert_eq!(
        d.message,
        format!(
            "skipping plugin `{}`: it does not export the entry symbol `scriba_plugin_entry_v1`",
            file.display()
        )
    );
}

#[test]
fn not_a_library_is_refused() {
    let (dir, file) = support::dir_with_not_a_library();
    let (plugins, diagnostics) = discover(&[dir.path().to_path_buf()]);
    assert!(plugins.is_empty());
    let [d] = diagnostics.as_slice() else {
        panic!("one diagnostic: {diagnostics:?}")
    };
    assert_eq!(d.code, "plugin.not-a-library");
    let prefix = format!(
        "skipping plugin `{}`: not a loadable dynamic library (",
        file.display()
    );
    assert!(d.message.starts_with(&prefix), "{}", d.message);
    assert_eq!(
        d.hint.as_deref(),
        Some("build the plugin as a `cdylib` for this platform (docs/plugins.md)")
    );
}

#[test]
fn panic_in_export_becomes_an_error() {
    let (file, errors) = export_error("scriba-fixture-panics-in-export");
    let [d] = errors.as_slice() else {
        panic!("one error: {errors:?}")
    };
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.code, "plugin.panicked");
    assert_eq!(
        d.message,
        format!(
            "plugin `scriba-fixture-panics-in-export` ({}) panicked: fixture exporter panics on purpose (1 body blocks, talk) (at plugins/fixtures/panics-in-export/src/lib.rs:30:9) (format `fixture-panics`)",
            file.display()
        )
    );
    // The plugin still works after a panic: the next call panics the same way, cleanly.
    let (_, again) = export_error("scriba-fixture-panics-in-export");
    assert_eq!(again, errors);
}

#[test]
fn bad_json_becomes_an_error() {
    let (file, errors) = export_error("scriba-fixture-bad-json");
    let [d] = errors.as_slice() else {
        panic!("one error: {errors:?}")
    };
    assert_eq!(d.code, "plugin.bad-response");
    assert_eq!(
        d.message,
        format!(
            "plugin `scriba-fixture-bad-json` ({}) returned a response that is not valid JSON of the plugin protocol: expected ident at line 1 column 17 (format `fixture-bad-json`)",
            file.display()
        )
    );
}

#[test]
fn unsafe_path_becomes_an_error() {
    let (file, errors) = export_error("scriba-fixture-unsafe-path");
    let [d] = errors.as_slice() else {
        panic!("one error: {errors:?}")
    };
    assert_eq!(d.code, "plugin.unsafe-path");
    assert_eq!(
        d.message,
        format!(
            "plugin `scriba-fixture-unsafe-path` ({}) returned the artifact path `../../etc/passwd`, which is not a relative path inside the output directory (format `fixture-unsafe-path`)",
            file.display()
        )
    );
}

#[test]
fn discovery_follows_the_search_path_and_skips_bad_plugins() {
    let good = support::dir_with(&["scriba-markdown", "scriba-plugin-template"]);
    let bad = support::dir_with(&[
        "scriba-fixture-abi-too-new",
        "scriba-fixture-missing-symbol",
    ]);
    std::fs::write(bad.path().join("README.md"), "not a plugin").expect("write");
    let missing = Path::new("/nonexistent/scriba-plugins");
    let env_path = std::env::join_paths([bad.path(), missing]).expect("joins");
    let dirs = search_path(&[good.path().to_path_buf()], Some(&env_path), None);
    assert_eq!(dirs, [good.path(), bad.path(), missing]);
    let (plugins, diagnostics) = discover(&dirs);
    let names: Vec<&str> = plugins.iter().map(|p| p.name()).collect();
    // Directories in order, files by name within a directory.
    assert_eq!(names, ["scriba-markdown", "scriba-plugin-template"]);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "plugin.abi-too-new",
            "plugin.missing-symbol",
            "plugin.dir-unreadable"
        ]
    );
    assert!(
        diagnostics[2]
            .message
            .starts_with("cannot read plugin directory `/nonexistent/scriba-plugins`: "),
        "{}",
        diagnostics[2].message
    );
}

#[test]
fn check_dir_explains_every_file() {
    let dir = support::dir_with(&["scriba-markdown", "scriba-fixture-abi-too-new"]);
    std::fs::write(dir.path().join("notes.txt"), "not a plugin").expect("write");
    let report = check_dir(dir.path());
    assert!(!report.is_ok());
    assert_eq!(report.loaded(), 1);
    let outcomes: Vec<&str> = report
        .entries
        .iter()
        .map(|e| match &e.outcome {
            CheckOutcome::Loaded { .. } => "loaded",
            CheckOutcome::Skipped(_) => "skipped",
            CheckOutcome::Ignored => "ignored",
            _ => "other",
        })
        .collect();
    assert_eq!(outcomes, ["skipped", "loaded", "ignored"]);
    let d = dir.path().display();
    let lib = |n: &str| support::plugin_file_name(n);
    assert_eq!(
        report.to_string(),
        format!(
            "skipped  {d}/{}: it was built for plugin ABI 1.999, newer than this scriba's ABI 1.0\n         hint: update scriba, or rebuild the plugin with the scriba-plugin-sdk that matches this scriba\nok       {d}/{}: scriba-markdown {} (plugin ABI 1.0, transcript schema {}), formats: md\nignored  {d}/notes.txt: not a plugin file name (libscriba_*.so, libscriba_*.dylib, scriba_*.dll)\n1 plugin(s) loaded, 1 skipped\n",
            lib("scriba_fixture_abi_too_new"),
            lib("scriba_markdown"),
            env!("CARGO_PKG_VERSION"),
            scriba_core::SCHEMA_VERSION,
        )
    );
    let good = support::dir_with(&["scriba-markdown"]);
    assert!(check_dir(good.path()).is_ok());
    let missing = check_dir(Path::new("/nonexistent/dir"));
    assert!(!missing.is_ok());
}

#[test]
fn loading_twice_shares_the_library() {
    let file = &support::libs()["scriba-plugin-template"];
    let a = load(file).expect("loads");
    let b = load(file).expect("loads again");
    drop(a);
    // The first handle is gone, the library is not unloaded: the second still works.
    let out = b.exporters()[0]
        .export(&sample(), &ExportContext::new("x"))
        .expect("export");
    assert_eq!(out.output[0].path, "x.csv");
}
