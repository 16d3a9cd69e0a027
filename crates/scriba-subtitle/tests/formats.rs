//! The five formats on a small interview: whole-file snapshots, escaping of hostile text,
//! speakers, estimated-time notes, round trips through the SRT and WebVTT readers.

use scriba_core::{
    Block, EventKind, ExportContext, Inline, Paragraph, Speaker, Transcript, WordTime,
    WordTimeSource,
};
use scriba_subtitle::{
    Cue, CueLine, SubtitleOptions, ass, exporters, read_srt, read_vtt, sbv, segment, srt, ttml,
    vtt, write_srt, write_vtt,
};

fn interview() -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.language = Some("de".into());
    doc.meta.title = Some("Ein Gespräch über <Kunst> & Markt".into());
    doc.speakers.push(Speaker::new("anna", "Anna Weber"));
    doc.speakers.push(Speaker::new("ben", "Ben <B> & Co"));
    doc.body.push(Block::Heading {
        level: 1,
        content: vec![Inline::text("Teil 1")],
        span: None,
    });
    doc.body.push(Block::turn(
        Some("anna"),
        vec![Paragraph::new(vec![
            Inline::text("Willkommen! Heute sprechen wir über "),
            Inline::Quote {
                content: vec![Inline::text("Kunst & Geld")],
            },
            Inline::text(
                ", über Preise, die niemand versteht, und über die Frage, wer am Ende bezahlt.",
            ),
        ])],
    ));
    doc.body
        .push(Block::turn(Some("ben"), vec![Paragraph::text("Gern.")]));
    doc.body.push(Block::turn(
        Some("anna"),
        vec![Paragraph::text("Fangen wir an?")],
    ));
    doc.body.push(Block::Event {
        kind: EventKind::Laughter,
        description: "Lachen".into(),
        span: None,
    });
    doc.body.push(Block::turn(
        Some("ben"),
        vec![Paragraph::text(
            "Code wie <script>alert(1)</script> oder {\\an8} und a --> b gehört nicht ins Bild, \\N auch nicht.",
        )],
    ));
    doc
}

fn text(out: scriba_subtitle::SubtitleResult) -> String {
    String::from_utf8(out.expect("exports").output).expect("UTF-8")
}

#[test]
fn srt_snapshot() {
    insta::assert_snapshot!(text(srt(&interview(), &SubtitleOptions::default())));
}

#[test]
fn vtt_snapshot() {
    insta::assert_snapshot!(text(vtt(&interview(), &SubtitleOptions::default())));
}

#[test]
fn ttml_snapshot() {
    insta::assert_snapshot!(text(ttml(&interview(), &SubtitleOptions::default())));
}

#[test]
fn ass_snapshot() {
    insta::assert_snapshot!(text(ass(&interview(), &SubtitleOptions::default())));
}

#[test]
fn sbv_snapshot_with_speaker_labels() {
    let mut opts = SubtitleOptions::default();
    opts.speaker_labels = true;
    insta::assert_snapshot!(text(sbv(&interview(), &opts)));
}

#[test]
fn hostile_text_is_escaped() {
    let doc = interview();
    let opts = SubtitleOptions::default();
    let v = text(vtt(&doc, &opts));
    assert!(
        !v.contains("<script>") && v.contains("&lt;script&gt;"),
        "{v}"
    );
    assert_eq!(
        v.matches("-->").count(),
        v.lines().filter(|l| l.contains(" --> ")).count(),
        "{v}"
    );
    assert!(v.contains("<v Ben &lt;B&gt; &amp; Co>"), "{v}");
    let t = text(ttml(&doc, &opts));
    assert!(
        t.contains("&lt;script&gt;") && t.contains("Ben &lt;B&gt; &amp; Co"),
        "{t}"
    );
    let a = text(ass(&doc, &opts));
    assert!(a.contains("oder \\{\\an8\\} und"), "{a}");
    assert!(a.contains("\\\u{2060}N auch"), "{a}");
    let s = text(srt(&doc, &opts));
    assert!(
        s.contains("<\u{2060}script>")
            && s.contains("{\u{2060}\\an8}")
            && s.contains("--\u{2060}>"),
        "{s}"
    );
}

#[test]
fn control_characters_are_dropped_with_a_warning() {
    let mut doc = Transcript::default();
    doc.body.push(Block::turn(
        None,
        vec![Paragraph::text("Null\u{0}byte and \u{1b}[31mred\u{7}")],
    ));
    let out = vtt(&doc, &SubtitleOptions::default()).expect("exports");
    let v = String::from_utf8(out.output).expect("UTF-8");
    assert!(v.contains("Nullbyte and [31mred"), "{v}");
    assert!(
        out.warnings
            .iter()
            .any(|w| w.code == "subtitle.control-chars")
    );
}

#[test]
fn estimated_times_are_said_in_the_file() {
    let doc = interview();
    let opts = SubtitleOptions::default();
    for (out, mark) in [
        (vtt(&doc, &opts), "NOTE\nTimes are estimated"),
        (ass(&doc, &opts), "; Times are estimated"),
        (ttml(&doc, &opts), "<ttm:desc>Times are estimated"),
    ] {
        let out = out.expect("exports");
        assert!(out.warnings.iter().any(|w| w.code == "subtitle.estimated"));
        let t = String::from_utf8(out.output).expect("UTF-8");
        assert!(t.contains(mark), "{mark}: {t}");
    }
}

#[test]
fn estimated_times_scale_to_the_media_duration() {
    let doc = interview();
    let mut opts = SubtitleOptions::default();
    opts.duration_ms = Some(60_000);
    let seg = segment(&doc, &opts).expect("segments").output;
    let last = seg.cues.last().expect("cues");
    assert!(last.end_ms <= 60_000 && last.end_ms > 50_000, "{last:?}");
}

#[test]
fn speakers_in_each_format() {
    let doc = interview();
    let opts = SubtitleOptions::default();
    assert!(text(vtt(&doc, &opts)).contains("<v Anna Weber>"));
    assert!(text(ass(&doc, &opts)).contains(",Default,Anna Weber,"));
    let t = text(ttml(&doc, &opts));
    assert!(
        t.contains("<ttm:name type=\"full\">Anna Weber</ttm:name>")
            && t.contains("ttm:agent=\"speaker1\""),
        "{t}"
    );
    let mut labelled = opts.clone();
    labelled.speaker_labels = true;
    assert!(text(srt(&doc, &labelled)).contains("\nAnna Weber: Willkommen!"));
    assert!(!text(srt(&doc, &opts)).contains("Anna Weber:"));
}

#[test]
fn dialogue_cue_with_two_speakers() {
    let seg = segment(&interview(), &SubtitleOptions::default())
        .expect("segments")
        .output;
    let dialogue = seg
        .cues
        .iter()
        .find(|c| c.lines.len() == 2 && c.lines[0].speaker != c.lines[1].speaker)
        .expect("a dialogue cue");
    assert_eq!(dialogue.text(), "- Gern.\n- Fangen wir an?");
}

fn without_speakers(cues: &[Cue]) -> Vec<Cue> {
    cues.iter()
        .map(|c| Cue {
            lines: c
                .lines
                .iter()
                .map(|l| CueLine::new(l.text.clone()))
                .collect(),
            ..c.clone()
        })
        .collect()
}

#[test]
fn srt_and_vtt_round_trip() {
    let seg = segment(&interview(), &SubtitleOptions::default())
        .expect("segments")
        .output;
    let srt_back = read_srt(&write_srt(&seg.cues)).expect("reads");
    assert_eq!(srt_back, without_speakers(&seg.cues));
    let vtt_back = read_vtt(&write_vtt(&seg.cues)).expect("reads");
    assert_eq!(vtt_back, seg.cues);
    // The full files (with the estimate NOTE) read back the same.
    let v = text(vtt(&interview(), &SubtitleOptions::default()));
    assert_eq!(read_vtt(&v).expect("reads"), seg.cues);
}

#[test]
fn readers_report_errors_with_lines() {
    let err = read_srt("1\n00:00:01,000 -> 00:00:02,000\nText\n").expect_err("bad arrow");
    assert_eq!(err[0].span.map(|s| s.line), Some(2));
    let err = read_srt("1\n00:00:02,000 --> 00:00:01,000\nText\n").expect_err("backwards");
    assert!(err[0].message.contains("ends before"));
    assert!(read_vtt("1\n00:00.000 --> 00:01.000\nx\n").is_err());
    let cues = read_srt(
        "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>Hello</i> <font color=\"red\">there</font>\n",
    )
    .expect("reads");
    assert_eq!(cues[0].lines[0].text, "Hello there");
    let cues = read_vtt("WEBVTT\n\nNOTE hi\n\nid\n00:01.000 --> 00:02.500 align:start\n<v.loud Ann>a &amp; <i>b</i>\n").expect("reads");
    assert_eq!(cues[0].start_ms, 1000);
    assert_eq!(cues[0].lines[0].text, "a & b");
    assert_eq!(cues[0].lines[0].speaker.as_deref(), Some("Ann"));
}

#[test]
fn empty_body_is_an_error() {
    let err = srt(&Transcript::default(), &SubtitleOptions::default()).expect_err("empty");
    assert_eq!(err[0].code, "subtitle.empty");
}

#[test]
fn long_words_are_broken_with_a_warning() {
    let mut doc = Transcript::default();
    let url = format!("https://example.org/{}", "x".repeat(100));
    doc.body.push(Block::turn(
        None,
        vec![Paragraph::text(format!("Siehe {url} dort."))],
    ));
    let out = segment(&doc, &SubtitleOptions::default()).expect("segments");
    assert!(out.warnings.iter().any(|w| w.code == "subtitle.long-word"));
    for cue in &out.output.cues {
        for line in &cue.lines {
            assert!(line.text.chars().count() <= 42, "{line:?}");
        }
    }
    let joined: String = out
        .output
        .cues
        .iter()
        .flat_map(|c| c.lines.iter().map(|l| l.text.replace(' ', "")))
        .collect();
    assert_eq!(joined, format!("Siehe{url}dort."));
}

#[test]
fn ten_hour_talk_in_ass() {
    let mut doc = Transcript::default();
    let mut p = Paragraph::text("Nach zehn Stunden ist Schluss.");
    p.words = (0..5)
        .map(|i| WordTime {
            start_ms: 35_990_000 + i * 4000,
            end_ms: 35_990_000 + i * 4000 + 300,
            source: WordTimeSource::Matched,
        })
        .collect();
    doc.body.push(Block::turn(None, vec![p]));
    let out = ass(&doc, &SubtitleOptions::default()).expect("exports");
    assert!(out.warnings.iter().any(|w| w.code == "subtitle.ass-hours"));
    let a = String::from_utf8(out.output).expect("UTF-8");
    assert!(
        a.contains("Dialogue: 0,9:59:50.00,") && a.contains(",10:00:"),
        "{a}"
    );
    assert!(text(srt(&doc, &SubtitleOptions::default())).contains("09:59:50,000 --> "));
}

#[test]
fn exporters_are_registered_with_their_ids() {
    let ids: Vec<String> = exporters().iter().map(|e| e.id().to_owned()).collect();
    assert_eq!(ids, ["srt", "vtt", "ttml", "ass", "sbv"]);
    let doc = interview();
    let mut options = serde_json::Map::new();
    options.insert("preset".into(), "bbc".into());
    options.insert("max_chars_per_line".into(), 30.into());
    let ctx = ExportContext::new("talk").with_options(options);
    for e in exporters() {
        let out = e.export(&doc, &ctx).expect("exports");
        assert_eq!(out.output[0].path, format!("talk.{}", e.info().extension));
    }
    let mut bad = serde_json::Map::new();
    bad.insert("preset".into(), "cinema".into());
    let err = exporters()[0]
        .export(&doc, &ExportContext::new("talk").with_options(bad))
        .expect_err("unknown preset");
    assert_eq!(err[0].code, "subtitle.preset");
}

#[test]
fn output_is_deterministic() {
    let doc = interview();
    let opts = SubtitleOptions::default();
    for f in [srt, vtt, ttml, ass, sbv] {
        assert_eq!(
            f(&doc, &opts).expect("a").output,
            f(&doc, &opts).expect("b").output
        );
    }
}

#[test]
fn vtt_blocks_without_a_timing_line_are_skipped_as_the_spec_says() {
    // whisper-timestamped writes its header twice; the second `WEBVTT` is a block with no
    // timing line, which the WebVTT parsing algorithm drops.
    let text = "WEBVTT\n\nWEBVTT\n\n00:00.380 --> 00:01.100\nDis-moi,\n\n00:01.280 --> 00:01.500\nest-ce\n";
    let cues = scriba_subtitle::read_vtt(text).expect("reads");
    assert_eq!(cues.len(), 2);
    assert_eq!((cues[0].start_ms, cues[0].end_ms), (380, 1100));
    assert_eq!(cues[1].lines[0].text, "est-ce");
}
