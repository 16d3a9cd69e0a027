//! Subtitles (SRT, WebVTT) as input: the cues become a timed transcript.
//!
//! Consecutive cues of one speaker form a turn; a pause of more than two seconds, or a
//! sentence end after about a hundred words, starts a new paragraph. Each cue's time is spread
//! over its words by their length, so every word carries an (interpolated) time and the
//! exporters see a timed transcript: subtitles keep their cue times, TEI gets a timeline.

use scriba_core::{
    Block, Diagnostic, Inline, Paragraph, Speaker, Transcript, Warned, WordTime, WordTimeSource,
};
use scriba_read::ReadOptions;
use scriba_timing::TimedWord;

/// A pause that starts a new paragraph, in ms.
const PARAGRAPH_PAUSE_MS: u64 = 2_000;
/// After this many words a sentence end starts a new paragraph.
const PARAGRAPH_WORDS: usize = 100;

/// Reads SubRip (`srt`) or WebVTT cues as `(start_ms, end_ms, text)` in the form the timing
/// reader spreads over words: voices as `<v Name>` spans, dialogue dashes dropped. Used for
/// subtitles as input and as timing files alike.
pub(crate) fn read_cues(text: &str, srt: bool) -> Result<Vec<(u64, u64, String)>, Diagnostic> {
    let cues = if srt {
        scriba_subtitle::read_srt(text)
    } else {
        scriba_subtitle::read_vtt(text)
    }
    .map_err(|errors| {
        errors
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error("read.subtitles", "the subtitles cannot be read"))
    })?;
    Ok(cues
        .iter()
        .map(|c| {
            let text = c
                .lines
                .iter()
                .map(|l| {
                    let t = l.text.trim_start_matches(['-', '–', '—']).trim_start();
                    match &l.speaker {
                        Some(s) => format!("<v {s}>{t}</v>"),
                        None => t.to_owned(),
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            (c.start_ms, c.end_ms, text)
        })
        .collect())
}

/// Reads SubRip (`srt`) or WebVTT text into a transcript.
pub(crate) fn read(
    text: &str,
    srt: bool,
    opts: &ReadOptions,
) -> Result<Warned<Transcript>, Diagnostic> {
    let cues = read_cues(text, srt)?;
    let words = scriba_timing::words_from_cues(&cues);
    let mut doc = transcript_from_words(&words);
    let mut warnings = vec![Diagnostic::note(
        "read.subtitles",
        format!(
            "read {} {} cues as a timed transcript; word times are spread over each cue",
            cues.len(),
            if srt { "SRT" } else { "WebVTT" }
        ),
    )];
    doc.meta.title.clone_from(&opts.fallback_title);
    doc.meta.language = opts.language.clone();
    if doc.meta.language.is_none() {
        let (lang, mut diags) =
            scriba_read::detect_language(&doc.body_text_start(scriba_read::LANGUAGE_SAMPLE_CHARS));
        doc.meta.language = lang;
        warnings.append(&mut diags);
    }
    if doc.body.is_empty() {
        warnings.push(Diagnostic::warning(
            "read.subtitles-empty",
            "the subtitles have no text",
        ));
    }
    Ok(Warned::with(doc, warnings))
}

/// Groups timed words into turns (by speaker) and paragraphs (by pauses and length).
fn transcript_from_words(words: &[TimedWord]) -> Transcript {
    let mut doc = Transcript::default();
    let mut turn: Option<(Option<String>, Vec<Paragraph>)> = None;
    let mut para: Vec<&TimedWord> = Vec::new();
    let flush_para = |para: &mut Vec<&TimedWord>,
                      turn: &mut Option<(Option<String>, Vec<Paragraph>)>| {
        if para.is_empty() {
            return;
        }
        let text = para
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let times: Vec<WordTime> = para
            .iter()
            .map(|w| WordTime {
                start_ms: w.start_ms,
                end_ms: w.end_ms,
                source: WordTimeSource::Interpolated,
            })
            .collect();
        let paragraph = Paragraph {
            content: vec![Inline::text(text)],
            start_ms: times.first().map(|t| t.start_ms),
            end_ms: times.last().map(|t| t.end_ms),
            words: times,
            span: None,
        };
        if let Some((_, paragraphs)) = turn {
            paragraphs.push(paragraph);
        }
        para.clear();
    };
    for w in words {
        let speaker = w.speaker.as_deref().map(scriba_read::speaker_id);
        if let Some(name) = &w.speaker {
            let id = scriba_read::speaker_id(name);
            if doc.speaker(&id).is_none() {
                doc.speakers.push(Speaker::new(id, name.clone()));
            }
        }
        let same_speaker = turn.as_ref().is_some_and(|(s, _)| *s == speaker);
        if !same_speaker {
            flush_para(&mut para, &mut turn);
            if let Some((speaker, paragraphs)) = turn.take() {
                doc.body.push(Block::Turn {
                    speaker,
                    start_ms: None,
                    paragraphs,
                });
            }
            turn = Some((speaker, Vec::new()));
        } else if let Some(last) = para.last() {
            let pause = w.start_ms.saturating_sub(last.end_ms) > PARAGRAPH_PAUSE_MS;
            let long = para.len() >= PARAGRAPH_WORDS && last.text.ends_with(['.', '!', '?', '…']);
            if pause || long {
                flush_para(&mut para, &mut turn);
            }
        }
        para.push(w);
    }
    flush_para(&mut para, &mut turn);
    if let Some((speaker, paragraphs)) = turn
        && !paragraphs.is_empty()
    {
        doc.body.push(Block::Turn {
            speaker,
            start_ms: None,
            paragraphs,
        });
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_become_timed_turns() {
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Anna Weber>Guten Tag, liebe Gäste.\n\n00:00:03.500 --> 00:00:05.000\n<v Anna Weber>Willkommen.\n\n00:00:09.000 --> 00:00:10.000\n<v Bernd Roth>Danke.\n";
        let w = read(
            vtt,
            false,
            &ReadOptions::default().with_fallback_title("talk"),
        )
        .expect("reads");
        let doc = w.output;
        assert_eq!(doc.speakers.len(), 2);
        assert_eq!(
            doc.body_words().join(" "),
            "Guten Tag, liebe Gäste. Willkommen. Danke."
        );
        let (speaker, p) = doc.body_paragraphs().next().expect("a paragraph");
        assert_eq!(speaker, Some("anna-weber"));
        assert_eq!(p.start_ms, Some(1_000));
        assert_eq!(p.words.len(), p.word_list().len(), "one time per word");
        assert!(doc.has_timings());

        let srt = "1\n00:00:01,000 --> 00:00:02,000\nHello there.\n\n2\n00:00:06,000 --> 00:00:07,000\nAfter a pause.\n";
        let doc = read(srt, true, &ReadOptions::default())
            .expect("reads")
            .output;
        let Block::Turn {
            paragraphs,
            speaker: None,
            ..
        } = &doc.body[0]
        else {
            panic!("one unnamed turn: {:?}", doc.body)
        };
        assert_eq!(
            paragraphs.len(),
            2,
            "a pause of four seconds starts a paragraph"
        );
        assert!(read("1\nnot a time\n", true, &ReadOptions::default()).is_err());
    }
}
