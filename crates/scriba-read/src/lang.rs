//! Language detection (whatlang) for transcripts that declare no language.

use scriba_core::Diagnostic;

/// How many characters of a text language detection looks at: whatlang's guess no longer
/// changes after a few thousand, and detection costs time in proportion to the text.
pub(crate) const SAMPLE_CHARS: usize = 3_000;

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
    let info = whatlang::detect(&sample)?;
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
