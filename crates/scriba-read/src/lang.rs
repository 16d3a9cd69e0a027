//! Language detection (whatlang) for transcripts that declare no language.

use scriba_core::Diagnostic;

/// How many characters of a text language detection looks at: whatlang's guess no longer
/// changes after a few thousand, and detection costs time in proportion to the text.
pub(crate) const SAMPLE_CHARS: usize = 3_000;

/// How many characters a first, quick look takes: its verdict stands when whatlang is at
/// least [`QUICK_CONFIDENCE`] sure of it; otherwise the whole sample decides.
const QUICK_CHARS: usize = 1_000;

/// See [`QUICK_CHARS`].
const QUICK_CONFIDENCE: f64 = 0.9;

/// Detects the language of `text` as a BCP 47 tag, with a note saying what was guessed.
/// Short or ambiguous text yields `None` and a warning.
pub(crate) fn detect(text: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let sample: String = text.chars().take(SAMPLE_CHARS).collect();
    let words = sample.split_whitespace().count();
    let cjk = sample.chars().filter(|c| scriba_core::is_cjk(*c)).count();
    if words < 12 && cjk < 30 {
        diags.push(
            Diagnostic::warning(
                "read.language-unknown",
                "too little text to detect the language",
            )
            .with_hint("declare it with `language:` in the front matter or `--language`"),
        );
        return None;
    }
    // A clear verdict on the first 1,000 characters stands; costs time in proportion.
    let quick_end = sample
        .char_indices()
        .nth(QUICK_CHARS)
        .map_or(sample.len(), |(i, _)| i);
    let quick = (quick_end < sample.len())
        .then(|| whatlang::detect(&sample[..quick_end]))
        .flatten()
        .filter(|info| info.confidence() >= QUICK_CONFIDENCE);
    let info = match quick {
        Some(info) => info,
        None => whatlang::detect(&sample)?,
    };
    let tag = bcp47(info.lang());
    if info.confidence() < 0.5 {
        diags.push(
            Diagnostic::warning(
                "read.language-uncertain",
                format!(
                    "the language looks like `{tag}`, but only with confidence {:.2}; not set",
                    info.confidence()
                ),
            )
            .with_hint("declare it with `language:` in the front matter or `--language`"),
        );
        return None;
    }
    diags.push(
        Diagnostic::note(
            "read.language-detected",
            format!(
                "detected language `{tag}` (confidence {:.2})",
                info.confidence()
            ),
        )
        .with_hint("declare it with `language:` in the front matter or `--language` if wrong"),
    );
    Some(tag.to_owned())
}

/// The BCP 47 tag of a whatlang language (ISO 639-1 where one exists).
fn bcp47(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Deu => "de",
        Spa => "es",
        Fra => "fr",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Ces => "cs",
        Slk => "sk",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Bul => "bg",
        Ron => "ro",
        Hun => "hu",
        Fin => "fi",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Est => "et",
        Lav => "lv",
        Lit => "lt",
        Ell => "el",
        Tur => "tr",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Ara => "ar",
        Heb => "he",
        Hin => "hi",
        Tha => "th",
        Vie => "vi",
        Ind => "id",
        Cat => "ca",
        Epo => "eo",
        Lat => "la",
        Pes => "fa",
        Ben => "bn",
        Urd => "ur",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GERMAN: &str = "Wir haben damals in der Redaktion lange darüber gesprochen, \
        wie man die Geschichte erzählen könnte, ohne dass die Menschen, die uns vertraut \
        haben, dadurch in Schwierigkeiten geraten. ";

    fn detected(text: &str) -> (Option<String>, Vec<String>) {
        let mut diags = Vec::new();
        let tag = detect(text, &mut diags);
        (tag, diags.iter().map(|d| d.message.clone()).collect())
    }

    #[test]
    fn a_clear_start_decides_and_the_note_says_how_sure() {
        let text = GERMAN.repeat(40);
        assert!(text.chars().count() > SAMPLE_CHARS);
        let (tag, notes) = detected(&text);
        assert_eq!(tag.as_deref(), Some("de"));
        assert_eq!(notes, ["detected language `de` (confidence 1.00)"]);
    }

    #[test]
    fn an_unclear_start_leaves_the_verdict_to_the_whole_sample() {
        // 1,000 characters of time codes and numbers tell whatlang nothing; the German
        // after them, within the 3,000-character sample, does.
        let mut text = String::new();
        while text.chars().count() < QUICK_CHARS + 50 {
            text.push_str("00:01:02 1234 5678 ");
        }
        while text.chars().count() < SAMPLE_CHARS {
            text.push_str(GERMAN);
        }
        assert!(
            whatlang::detect(&text[..QUICK_CHARS])
                .is_none_or(|i| i.confidence() < QUICK_CONFIDENCE)
        );
        assert_eq!(detected(&text).0.as_deref(), Some("de"));
    }
}
