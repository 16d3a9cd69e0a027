//! The bad-input matrix: every case gets a clear message naming the file (and the place where
//! there is one), the documented exit status, no panic and no half-written output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Case {
    name: &'static str,
    /// The input's bytes (`None`: the case makes its own input).
    bytes: Option<Vec<u8>>,
    /// Expected exit code.
    code: i32,
    /// Text that stderr must contain (the file name is checked separately).
    stderr: &'static [&'static str],
    /// Whether outputs are written.
    writes: bool,
}

fn run(dir: &Path, input: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scriba"))
        .arg("export")
        .arg(input)
        .args(["-o"])
        .arg(dir.join("out"))
        .args(["--to", "txt,json,tei,srt"])
        .args(extra)
        .output()
        .expect("scriba runs")
}

fn outputs(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("out"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn utf16le(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    v
}

#[test]
fn bad_input_matrix() {
    let cases = [
        Case {
            name: "invalid-utf8.txt",
            bytes: Some(b"Titel\n\nAnna Weber: Gr\xFC\xDFe aus M\xFCnchen.\n".to_vec()),
            code: 1,
            stderr: &["invalid-utf8.txt:3:15: error: invalid UTF-8", "hint:"],
            writes: false,
        },
        Case {
            name: "utf16.txt",
            bytes: Some(utf16le("Titel\n\nAnna Weber: Grüße aus München, sagt sie heute.\n")),
            code: 0,
            stderr: &[],
            writes: true,
        },
        Case {
            name: "binary.txt",
            bytes: Some(vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]),
            code: 1,
            stderr: &["binary.txt:", "error: input contains a NUL byte"],
            writes: false,
        },
        Case {
            name: "nul.txt",
            bytes: Some(b"Anna Weber: Hallo\0Welt.\n".to_vec()),
            code: 1,
            stderr: &["nul.txt:1:18: error: input contains a NUL byte"],
            writes: false,
        },
        Case {
            name: "control.txt",
            bytes: Some(b"Titel\n\nAnna Weber: Hallo\x07 Welt, wie geht es dir heute?\n".to_vec()),
            code: 0,
            stderr: &["control.txt:3:18: warning: removed 1 control character (the first is U+0007)"],
            writes: true,
        },
        Case {
            name: "empty.txt",
            bytes: Some(Vec::new()),
            code: 1,
            stderr: &["empty.txt: error: input is empty"],
            writes: false,
        },
        Case {
            name: "blank.txt",
            bytes: Some(b"\n \n\t\n".to_vec()),
            code: 1,
            stderr: &["blank.txt: error: input is empty"],
            writes: false,
        },
        Case {
            name: "no-labels.txt",
            bytes: Some(b"A lecture with no speaker labels at all, spoken by one person only.\n\nIt goes on.\n".to_vec()),
            code: 0,
            stderr: &[],
            writes: true,
        },
        Case {
            name: "unknown-keys.txt",
            bytes: Some(b"---\ntitle: T\nmood: cheerful\n---\nAnna Weber: Hallo.\n".to_vec()),
            code: 0,
            stderr: &["unknown-keys.txt:1:1: warning: unknown front-matter key `mood`"],
            writes: true,
        },
        Case {
            name: "bad-front-matter.txt",
            bytes: Some(b"---\ntitle: [unclosed\n---\nAnna Weber: Hallo.\n".to_vec()),
            code: 0,
            stderr: &["bad-front-matter.txt:", "invalid YAML front matter"],
            writes: true,
        },
        Case {
            name: "hostile.txt",
            bytes: Some(
                "<script>alert('x')</script> & ]]> -->\n\nAnna <b>Weber</b>: {\\an8} \u{202E}gnirts\u{202C} & <script>\n\nDr. Müller: \"quoted\" & 'single' ]]> --> \u{200B}\n"
                    .as_bytes()
                    .to_vec(),
            ),
            code: 0,
            stderr: &[],
            writes: true,
        },
        Case {
            name: "broken.json",
            bytes: Some(b"{\"schema\": \"scriba-transcript\", \"version\": \"1.0.0\", \"transcript\": {\"body\": [}".to_vec()),
            code: 1,
            stderr: &["broken.json:1:", "error: invalid scriba JSON"],
            writes: false,
        },
        Case {
            name: "future.json",
            bytes: Some(b"{\"schema\": \"scriba-transcript\", \"version\": \"2.0.0\", \"transcript\": {\"body\": []}}".to_vec()),
            code: 1,
            stderr: &["future.json: error: schema version 2.0.0 cannot be read"],
            writes: false,
        },
        Case {
            name: "broken-protocol.xml",
            bytes: Some(b"<?xml version=\"1.0\"?>\n<dbtplenarprotokoll><sitzungsverlauf><p klasse=\"J\">Text</sitzungsverlauf>".to_vec()),
            code: 1,
            stderr: &["broken-protocol.xml:2:", "error: XML is not well-formed"],
            writes: false,
        },
        Case { name: "directory", bytes: None, code: 1, stderr: &["directory: error: is a directory"], writes: false },
        Case { name: "missing.txt", bytes: None, code: 1, stderr: &["missing.txt: error: cannot read the input"], writes: false },
        Case { name: "huge.txt", bytes: None, code: 1, stderr: &["huge.txt: error: input is 100.0 MiB, more than the limit of 64.0 MiB"], writes: false },
    ];
    for case in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dir.path().join(case.name);
        match (&case.bytes, case.name) {
            (Some(bytes), _) => std::fs::write(&input, bytes).expect("input written"),
            (None, "directory") => std::fs::create_dir(&input).expect("dir"),
            (None, "huge.txt") => {
                let f = std::fs::File::create(&input).expect("file");
                f.set_len(100 * 1024 * 1024).expect("sparse file");
            }
            (None, _) => {}
        }
        let out = run(dir.path(), &input, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(case.code),
            "{}: stderr: {stderr}",
            case.name
        );
        assert!(!stderr.contains("panicked"), "{}: {stderr}", case.name);
        if case.code != 0 {
            assert!(
                stderr.contains(case.name),
                "{}: the message names the file: {stderr}",
                case.name
            );
        }
        for want in case.stderr {
            assert!(
                stderr.contains(want),
                "{}: expected `{want}` in: {stderr}",
                case.name
            );
        }
        let written = outputs(dir.path());
        if case.writes {
            assert_eq!(written.len(), 4, "{}: four outputs: {written:?}", case.name);
        } else {
            assert!(
                written.is_empty(),
                "{}: nothing written: {written:?}",
                case.name
            );
        }
        assert!(
            !written
                .iter()
                .any(|p| p.to_string_lossy().contains(".scriba-")),
            "{}: no temporary files left",
            case.name
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("t.txt");
    std::fs::write(&input, "Anna Weber: Hallo.\n").expect("input");
    for (args, want) in [
        (vec!["--to", "docx"], "unknown format `docx`"),
        (vec!["--set", "paper=a5"], "does not name its format"),
        (vec!["--set", "nosuch.key=1"], "unknown format `nosuch`"),
    ] {
        let out = run(dir.path(), &input, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
        assert!(outputs(dir.path()).is_empty());
    }
    let out = Command::new(env!("CARGO_BIN_EXE_scriba"))
        .arg("--no-such-flag")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_failing_exporter_writes_nothing_but_others_still_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("t.txt");
    std::fs::write(&input, "Anna Weber: Hallo.\n").expect("input");
    let out = run(dir.path(), &input, &["--set", "tei.id_prefix=9bad"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("t.txt (tei)"), "{stderr}");
    let names: Vec<String> = outputs(dir.path())
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tei.xml")), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with(".txt")), "{names:?}");
}
