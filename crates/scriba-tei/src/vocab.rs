//! The fixed vocabulary of the encoding: which TEI element and attribute stand for which
//! model value, in both directions.

use scriba_core::{EventKind, NoteKind, WordTimeSource};

/// Every event kind, for reverse look-ups.
const EVENT_KINDS: [EventKind; 9] = [
    EventKind::Laughter,
    EventKind::Applause,
    EventKind::Interjection,
    EventKind::Unintelligible,
    EventKind::Pause,
    EventKind::Crosstalk,
    EventKind::Music,
    EventKind::Noise,
    EventKind::Other,
];

/// The element and the classifying attribute of an event: laughter, interjections and
/// cross-talk are `vocal` (sounds made by speakers), applause is `kinesic` (a communicative
/// gesture), unintelligible speech is a `gap reason="inaudible"`, and pauses, music, noise and
/// other stage directions are `incident`s (pause is not TEI `<pause>`, which cannot carry the
/// source's description).
pub(crate) fn event_element(kind: EventKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        EventKind::Laughter | EventKind::Interjection | EventKind::Crosstalk => {
            ("vocal", "type", kind.as_str())
        }
        EventKind::Applause => ("kinesic", "type", kind.as_str()),
        EventKind::Unintelligible => ("gap", "reason", "inaudible"),
        EventKind::Pause | EventKind::Music | EventKind::Noise | EventKind::Other => {
            ("incident", "type", kind.as_str())
        }
    }
}

/// The event kind of an element written by [`event_element`], given its `type` (or, for
/// `gap`, nothing): `None` when the element is not an event element.
pub(crate) fn event_kind(element: &str, type_attr: Option<&str>) -> Option<EventKind> {
    match element {
        "gap" => Some(EventKind::Unintelligible),
        "vocal" | "kinesic" | "incident" => Some(
            type_attr
                .and_then(|t| EVENT_KINDS.into_iter().find(|k| k.as_str() == t))
                .unwrap_or(match element {
                    "vocal" => EventKind::Noise,
                    _ => EventKind::Other,
                }),
        ),
        _ => None,
    }
}

/// The `note/@type` of a note kind.
pub(crate) fn note_type(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Disclaimer => "disclaimer",
        NoteKind::Editorial => "editorial",
        NoteKind::Summary => "summary",
        NoteKind::Other => "other",
    }
}

/// The note kind of a `note/@type`.
pub(crate) fn note_kind(type_attr: Option<&str>) -> NoteKind {
    match type_attr {
        Some("disclaimer") => NoteKind::Disclaimer,
        Some("editorial") => NoteKind::Editorial,
        Some("summary") => NoteKind::Summary,
        _ => NoteKind::Other,
    }
}

/// The `anchor/@subtype` of a word time source.
pub(crate) fn source_name(source: WordTimeSource) -> &'static str {
    match source {
        WordTimeSource::Matched => "matched",
        WordTimeSource::Interpolated => "interpolated",
        WordTimeSource::Estimated => "estimated",
    }
}

/// The word time source of an `anchor/@subtype`.
pub(crate) fn source_of(name: Option<&str>) -> Option<WordTimeSource> {
    match name? {
        "matched" => Some(WordTimeSource::Matched),
        "interpolated" => Some(WordTimeSource::Interpolated),
        "estimated" => Some(WordTimeSource::Estimated),
        _ => None,
    }
}

/// The English name of a language for `langUsage` (the tag itself when not listed).
pub(crate) fn language_name(primary: &str) -> Option<&'static str> {
    Some(match primary {
        "ar" => "Arabic",
        "cs" => "Czech",
        "da" => "Danish",
        "de" => "German",
        "el" => "Greek",
        "en" => "English",
        "es" => "Spanish",
        "fi" => "Finnish",
        "fr" => "French",
        "hu" => "Hungarian",
        "it" => "Italian",
        "ja" => "Japanese",
        "ko" => "Korean",
        "nl" => "Dutch",
        "no" | "nb" => "Norwegian",
        "pl" => "Polish",
        "pt" => "Portuguese",
        "ru" => "Russian",
        "sv" => "Swedish",
        "tr" => "Turkish",
        "uk" => "Ukrainian",
        "zh" => "Chinese",
        "und" => "undetermined",
        _ => return None,
    })
}

/// The media type and recording type (`audio`/`video`) guessed from a media URL's extension.
pub(crate) fn media_kind(url: &str) -> (&'static str, Option<&'static str>) {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "mp3" => ("audio/mpeg", Some("audio")),
        "m4a" => ("audio/mp4", Some("audio")),
        "wav" => ("audio/wav", Some("audio")),
        "ogg" | "oga" => ("audio/ogg", Some("audio")),
        "opus" => ("audio/opus", Some("audio")),
        "flac" => ("audio/flac", Some("audio")),
        "aac" => ("audio/aac", Some("audio")),
        "mp4" | "m4v" => ("video/mp4", Some("video")),
        "webm" => ("video/webm", Some("video")),
        "mkv" => ("video/x-matroska", Some("video")),
        "mov" => ("video/quicktime", Some("video")),
        "ogv" => ("video/ogg", Some("video")),
        _ => ("application/octet-stream", None),
    }
}

/// A language tag in the form TEI accepts (`_` becomes `-`), or `None` when it is not a
/// well-formed BCP 47 tag: a 2–3 letter primary subtag (or `x`/`i` with more subtags), then
/// subtags of 1–8 ASCII letters and digits.
pub(crate) fn normalize_language(tag: &str) -> Option<String> {
    let tag = tag.trim().replace('_', "-");
    let mut parts = tag.split('-');
    let first = parts.next()?;
    let primary_ok =
        (2..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic());
    let private = matches!(first, "x" | "i" | "X" | "I");
    let rest: Vec<&str> = parts.collect();
    let rest_ok = rest
        .iter()
        .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    ((primary_ok || (private && !rest.is_empty())) && rest_ok).then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::{EVENT_KINDS, event_element, event_kind, normalize_language};

    #[test]
    fn every_event_kind_reads_back() {
        for kind in EVENT_KINDS {
            let (element, attr, value) = event_element(kind);
            let type_attr = (attr == "type").then_some(value);
            assert_eq!(event_kind(element, type_attr), Some(kind));
        }
    }

    #[test]
    fn language_tags() {
        assert_eq!(normalize_language("de").as_deref(), Some("de"));
        assert_eq!(normalize_language("de_AT").as_deref(), Some("de-AT"));
        assert_eq!(
            normalize_language("zh-Hant-TW").as_deref(),
            Some("zh-Hant-TW")
        );
        assert_eq!(
            normalize_language("x-klingon").as_deref(),
            Some("x-klingon")
        );
        for bad in ["", "deutsch", "d", "de-", "de AT", "<de>"] {
            assert_eq!(normalize_language(bad), None, "{bad}");
        }
    }
}
