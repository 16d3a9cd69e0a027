//! Speaker turns taken from a diarized timing source when the transcript names no speakers.

use scriba_core::{Block, Diagnostic, Diagnostics, Paragraph, Speaker, Transcript};

/// Regroups the body's unlabelled paragraphs into turns of the speakers the timing source
/// gives (`speakers[k]` for the k-th body paragraph). Returns whether it did.
pub(crate) fn apply(
    doc: &mut Transcript,
    speakers: &[Option<String>],
    warnings: &mut Diagnostics,
) -> bool {
    let labelled = doc.body.iter().any(|b| {
        matches!(
            b,
            Block::Turn {
                speaker: Some(_),
                ..
            }
        )
    });
    if labelled {
        warnings.push(Diagnostic::note(
            "timing.speakers-kept",
            "the transcript names its speakers; the timing file's speakers were not used",
        ));
        return false;
    }
    if speakers.iter().all(Option::is_none) {
        warnings.push(Diagnostic::note(
            "timing.no-speakers",
            "the timing file has no speaker labels to take turns from",
        ));
        return false;
    }
    // Paragraphs without a speaker of their own keep the previous one (or the first known).
    let first_known = speakers.iter().flatten().next().cloned();
    let mut resolved = Vec::with_capacity(speakers.len());
    let mut current = first_known;
    for s in speakers {
        if s.is_some() {
            current.clone_from(s);
        }
        resolved.push(current.clone());
    }

    let mut next_paragraph = 0usize;
    let mut body = Vec::with_capacity(doc.body.len());
    // The turn being built: speaker label and paragraphs.
    let mut open: Option<(String, Vec<Paragraph>)> = None;
    let mut turns = 0usize;
    let flush = |open: &mut Option<(String, Vec<Paragraph>)>,
                 body: &mut Vec<Block>,
                 doc_speakers: &mut Vec<Speaker>,
                 turns: &mut usize| {
        if let Some((label, paragraphs)) = open.take() {
            let speaker = speaker_for(&label);
            if !doc_speakers.iter().any(|s| s.id == speaker.id) {
                doc_speakers.push(speaker.clone());
            }
            *turns += 1;
            body.push(Block::turn(Some(&speaker.id), paragraphs));
        }
    };
    let old = std::mem::take(&mut doc.body);
    for block in old {
        let paragraphs = match block {
            Block::Turn {
                speaker: None,
                paragraphs,
                ..
            } => paragraphs,
            Block::Paragraph(p) => vec![p],
            other => {
                flush(&mut open, &mut body, &mut doc.speakers, &mut turns);
                body.push(other);
                continue;
            }
        };
        for p in paragraphs {
            let label = resolved
                .get(next_paragraph)
                .cloned()
                .flatten()
                .unwrap_or_default();
            next_paragraph += 1;
            match &mut open {
                Some((l, ps)) if *l == label => ps.push(p),
                _ => {
                    flush(&mut open, &mut body, &mut doc.speakers, &mut turns);
                    open = Some((label, vec![p]));
                }
            }
        }
    }
    flush(&mut open, &mut body, &mut doc.speakers, &mut turns);
    doc.body = body;
    warnings.push(Diagnostic::note(
        "timing.speakers-from-timing",
        format!(
            "speaker turns were taken from the timing file: {} speakers, {turns} turns (split at paragraph boundaries)",
            doc.speakers.len()
        ),
    ));
    true
}

/// The speaker for a diarization label: `A` → `Speaker A` (`speaker-a`), `SPEAKER_01` →
/// `Speaker 01` (`speaker-01`), `0` → `Speaker 0` (`speaker-0`).
fn speaker_for(label: &str) -> Speaker {
    let cleaned = label.replace('_', " ");
    let cleaned = cleaned.trim();
    let name = if cleaned.is_empty() {
        "Speaker ?".to_owned()
    } else if let Some(rest) = cleaned
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("speaker"))
        .and_then(|_| cleaned.get(7..))
    {
        format!("Speaker {}", rest.trim())
    } else {
        format!("Speaker {cleaned}")
    };
    let mut id = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_owned();
    Speaker::new(id, name)
}

#[cfg(test)]
mod tests {
    use super::speaker_for;

    #[test]
    fn speaker_names() {
        let s = speaker_for("A");
        assert_eq!((s.id.as_str(), s.name.as_str()), ("speaker-a", "Speaker A"));
        let s = speaker_for("SPEAKER_01");
        assert_eq!(
            (s.id.as_str(), s.name.as_str()),
            ("speaker-01", "Speaker 01")
        );
        let s = speaker_for("0");
        assert_eq!((s.id.as_str(), s.name.as_str()), ("speaker-0", "Speaker 0"));
    }
}
