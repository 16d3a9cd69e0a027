//! Speaker labels: recognising `Name:` at the start of a paragraph, and stable speaker ids.

use std::collections::BTreeMap;

use scriba_core::Speaker;

/// First words that start sentences, never names (`Das Problem: …`, `The point: …`).
const NOT_NAME_START: &[&str] = &[
    "Das", "Der", "Die", "Dem", "Den", "Ein", "Eine", "Einer", "Im", "In", "Am", "Zum", "Zur",
    "Mein", "Meine", "Unser", "Unsere", "Und", "Aber", "Also", "Es", "Er", "Sie", "Wir", "Ich",
    "Dies", "Diese", "Dieser", "Was", "Wie", "Warum", "Wenn", "Kurz", "Fazit", "Teil", "Kapitel",
    "Schritt", "Punkt", "Beispiel", "Nur", "Auch", "Hier", "Dann", "Jetzt", "Heute", "The", "A",
    "An", "This", "That", "These", "Those", "My", "Our", "It", "We", "I", "What", "Why", "How",
    "When", "Where", "Part", "Chapter", "Step", "Point", "Example", "So", "But", "And", "Or",
    "Here", "Now", "Today", "Note", "El", "La", "Los", "Las", "Un", "Una", "Le", "Les",
];

/// Labels that introduce a field or a remark, never a speaker.
pub(crate) const NOT_SPEAKER: &[&str] = &[
    "IBAN",
    "BIC",
    "Bank",
    "Kontoinhaber",
    "Konto",
    "E-Mail",
    "Email",
    "Mail",
    "Link",
    "Links",
    "Tel",
    "Telefon",
    "Phone",
    "Fax",
    "Web",
    "Website",
    "Webseite",
    "Adresse",
    "Address",
    "PayPal",
    "Patreon",
    "Betterplace",
    "Note",
    "Notes",
    "Hinweis",
    "Anmerkung",
    "Update",
    "Edit",
    "Quelle",
    "Source",
    "Sources",
    "Transcript",
    "Transkript",
    "Summary",
    "Zusammenfassung",
    "Abstract",
    "Break",
    "Pause",
    "Video",
    "Audio",
    "Disclaimer",
    "Warning",
    "Achtung",
    "Tags",
    "Date",
    "Datum",
    "Title",
    "Titel",
    "Final report",
    "Informe final",
    "Verwendungszweck",
    "Empfänger",
    "Stichwort",
    "Spendenkonto",
];

const PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "la", "le", "du", "di", "da", "del", "della", "bin", "al",
    "zu", "ten", "ter", "y", "dos", "das",
];

/// How a label was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LabelStyle {
    /// `**Name:** text`: explicit markup, always a label.
    Bold,
    /// `Name: 00:00:01` alone on its line: always a label.
    TimestampLine,
    /// `Name: text`.
    Plain,
}

/// A possible speaker label at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate<'a> {
    /// The name as written.
    pub(crate) name: &'a str,
    /// The rest of the first line after the label.
    pub(crate) rest: &'a str,
    /// How it was written.
    pub(crate) style: LabelStyle,
    /// The time of a `Name: 00:00:01` line, in ms.
    pub(crate) start_ms: Option<u64>,
}

/// How far into a line a label's colon can be: a name has at most 50 characters (at most
/// four bytes each, see [`plausible_name`]), then perhaps a time in parentheses.
const LABEL_WINDOW: usize = 256;

/// The largest character boundary of `s` at or before `at`.
fn char_floor(s: &str, at: usize) -> usize {
    let mut end = at.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Recognises a label at the start of a paragraph's first line.
pub(crate) fn candidate(line: &str) -> Option<Candidate<'_>> {
    if let Some(rest) = line.strip_prefix("**") {
        let end = rest.find("**")?;
        let inner = &rest[..end];
        let after = &rest[end + 2..];
        let (name, after) = if let Some(name) = inner.strip_suffix(':') {
            (name.trim(), after)
        } else {
            (inner.trim(), after.strip_prefix(':')?)
        };
        if !plausible_name(name, true) {
            return None;
        }
        return Some(Candidate {
            name,
            rest: after.trim_start(),
            style: LabelStyle::Bold,
            start_ms: None,
        });
    }
    // A leading time, `[00:01:02] Name: text` or `00:01:02 Name: text`.
    if let Some((ms, after)) = leading_time(line) {
        let c = candidate(after)?;
        // A time before `Name:` makes the label as explicit as a bold one.
        let style = match c.style {
            LabelStyle::Plain if !c.rest.is_empty() => LabelStyle::TimestampLine,
            other => other,
        };
        return Some(Candidate {
            start_ms: c.start_ms.or(Some(ms)),
            style,
            ..c
        });
    }
    // The label's colon: after `(00:00)` in `Speaker 1 (00:00):`, else the first ASCII or
    // full-width (`主持人：`) colon. Only the start of the line can hold a label, so only it
    // is searched (a paragraph's first line is often the whole paragraph).
    let head = &line[..char_floor(line, LABEL_WINDOW)];
    let first = head.find([':', '：']);
    let colon = match head.find("):") {
        Some(p)
            if head[..p]
                .find(" (")
                .is_some_and(|q| first.is_none_or(|c| c > q)) =>
        {
            Some(p + 1)
        }
        _ => first,
    };
    let Some(colon) = colon else {
        return name_and_time_line(line);
    };
    let full_width = line[colon..].starts_with('：');
    let colon_len = if full_width { '：'.len_utf8() } else { 1 };
    let before = &line[..colon];
    let mut name = before.trim_end();
    let rest = &line[colon + colon_len..];
    // `Speaker 1 (00:00):`, as Rev and Descript write it.
    let mut start_ms = None;
    if let Some((n, t)) = name.strip_suffix(')').and_then(|n| n.rsplit_once(" ("))
        && let Some(ms) = crate::inline::parse_timestamp(t)
    {
        name = n.trim_end();
        start_ms = Some(ms);
    }
    if name.is_empty() || !plausible_name(name, false) {
        return name_and_time_line(line);
    }
    // French typography sets one (non-breaking) space before the colon: `Jean Dupont : …`.
    let spaced = matches!(&before[name.len()..], " " | "\u{a0}" | "\u{202f}");
    if start_ms.is_none() && name.len() != before.len() && !spaced {
        return None;
    }
    // After a full-width colon, CJK text follows without a space.
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace) || full_width) {
        return name_and_time_line(line);
    }
    let rest = rest.trim_start();
    if let Some(ms) = crate::inline::parse_timestamp(rest) {
        return Some(Candidate {
            name,
            rest: "",
            style: LabelStyle::TimestampLine,
            start_ms: Some(ms),
        });
    }
    if rest.is_empty() {
        // `Name:` alone on its line, the text below it (with a time: always a label).
        return Some(Candidate {
            name,
            rest: "",
            style: if start_ms.is_some() {
                LabelStyle::TimestampLine
            } else {
                LabelStyle::Plain
            },
            start_ms,
        });
    }
    Some(Candidate {
        name,
        rest,
        style: if start_ms.is_some() {
            LabelStyle::TimestampLine
        } else {
            LabelStyle::Plain
        },
        start_ms,
    })
}

/// `[00:01:02] rest` or `00:01:02 rest`: the time and the rest.
fn leading_time(line: &str) -> Option<(u64, &str)> {
    let (time, rest) = if let Some(inner) = line.strip_prefix('[') {
        let (t, rest) = inner.split_once(']')?;
        (t, rest)
    } else {
        line.split_once(' ')?
    };
    let ms = crate::inline::parse_timestamp(time)?;
    let rest = rest.trim_start();
    (!rest.is_empty()).then_some((ms, rest))
}

/// `Anna Weber  0:02` alone on its line, as Otter.ai writes labels (the text follows on the
/// next lines).
fn name_and_time_line(line: &str) -> Option<Candidate<'_>> {
    let (name, time) = line.trim_end().rsplit_once(char::is_whitespace)?;
    let ms = crate::inline::parse_timestamp(time)?;
    let name = name.trim_end();
    // Counted like a plain label: a single word must recur (`Meeting 12:30` is no speaker).
    (!name.is_empty() && plausible_name(name, false)).then_some(Candidate {
        name,
        rest: "",
        style: LabelStyle::Plain,
        start_ms: Some(ms),
    })
}

/// Whether a string can be a speaker name: 1–5 words, each capitalised, an initial, a title
/// such as `Dr.`, or a name particle; no digits or sentence punctuation.
fn plausible_name(name: &str, bold: bool) -> bool {
    if name.is_empty()
        || name.chars().count() > 50
        || NOT_SPEAKER.iter().any(|n| n.eq_ignore_ascii_case(name))
    {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    if !bold && NOT_NAME_START.contains(&words[0]) {
        return false;
    }
    // `SPEAKER_00`, as diarizing recognisers name speakers.
    if let [one] = words.as_slice()
        && let Some((word, number)) = one.rsplit_once('_')
    {
        return !word.is_empty()
            && word.chars().all(char::is_alphabetic)
            && word.starts_with(char::is_uppercase)
            && (1..=3).contains(&number.len())
            && number.bytes().all(|b| b.is_ascii_digit());
    }
    let name_char = |c: char| c.is_alphabetic() || ".-'’()".contains(c);
    let mut has_capital = false;
    for (i, w) in words.iter().enumerate() {
        // `Speaker 1`, `Sprecher 2`: a number after a word.
        if i > 0 && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if !w.chars().all(name_char) {
            return false;
        }
        let first = w.chars().next().unwrap_or(' ');
        if first.is_uppercase() {
            has_capital = true;
        } else if !PARTICLES.contains(w) && (!first.is_alphabetic() || first.is_lowercase()) {
            return false;
        }
    }
    has_capital
        || name
            .chars()
            .all(|c| c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase())
}

/// Whether a label is one that recognisers and transcription services make up
/// (`SPEAKER_00`, `Speaker 1`, `Sprecher 2`): always a label.
pub(crate) fn is_numbered(name: &str) -> bool {
    let last = name.rsplit([' ', '_']).next().unwrap_or_default();
    name.len() > last.len() && !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a label looks like initials (`AA`, `Q`, `JB`).
pub(crate) fn is_initials(name: &str) -> bool {
    (1..=3).contains(&name.chars().count()) && name.chars().all(char::is_uppercase)
}

/// The initials of a name (`Andreas Antonopoulos` → `AA`).
pub(crate) fn initials_of(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Derives an id from a name: lowercase ASCII letters and digits joined by `-`, with German
/// umlauts transliterated and other diacritics dropped; never empty.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        let mapped: &str = match c {
            'ä' | 'Ä' => "ae",
            'ö' | 'Ö' => "oe",
            'ü' | 'Ü' => "ue",
            'ß' => "ss",
            'à' | 'á' | 'â' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Å' => "a",
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ø' => "o",
            'ù' | 'ú' | 'û' | 'Ù' | 'Ú' | 'Û' => "u",
            'ç' | 'Ç' | 'č' | 'Č' | 'ć' => "c",
            'ñ' | 'Ñ' | 'ń' => "n",
            'š' | 'Š' | 'ś' => "s",
            'ž' | 'Ž' | 'ź' | 'ż' => "z",
            'ł' | 'Ł' => "l",
            _ => "",
        };
        if !mapped.is_empty() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push_str(mapped);
        } else if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        // Names in scripts without a transliteration here: a hex form of the first characters.
        out = name
            .chars()
            .take(4)
            .map(|c| format!("{:x}", u32::from(c)))
            .collect::<Vec<_>>()
            .join("-");
        if out.is_empty() {
            out = "speaker".to_owned();
        }
    }
    out
}

/// The speakers of a transcript being read: names, stable unique ids, first-appearance order.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    speakers: Vec<Speaker>,
    /// Whether each speaker was declared up front (front matter, options) rather than found
    /// as a label: only declared names are matched by first name or initials.
    declared: Vec<bool>,
    by_key: BTreeMap<String, usize>,
}

impl Registry {
    /// Declares a speaker up front (front matter, options) with an optional id and role.
    pub(crate) fn declare(&mut self, name: &str, id: Option<&str>, role: Option<&str>) -> String {
        let id = self.add(name, id, role);
        if let Some(i) = self.speakers.iter().position(|s| s.id == id) {
            self.declared[i] = true;
        }
        id
    }

    /// Adds a speaker found as a label in the text.
    pub(crate) fn found(&mut self, name: &str) -> String {
        self.add(name, None, None)
    }

    fn add(&mut self, name: &str, id: Option<&str>, role: Option<&str>) -> String {
        let key = name.to_lowercase();
        if let Some(&i) = self.by_key.get(&key) {
            return self.speakers[i].id.clone();
        }
        let id = self.unique_id(id.map_or_else(|| slug(name), slug));
        self.speakers.push(Speaker {
            id: id.clone(),
            name: name.to_owned(),
            role: role.map(str::to_owned),
        });
        self.declared.push(false);
        self.by_key.insert(key, self.speakers.len() - 1);
        id
    }

    /// The id of a declared speaker whose name (case-insensitive) or initials match `label`.
    pub(crate) fn find(&self, label: &str) -> Option<String> {
        if let Some(&i) = self.by_key.get(&label.to_lowercase()) {
            return Some(self.speakers[i].id.clone());
        }
        if !label.contains(char::is_whitespace) && !is_initials(label) {
            // A first name alone names a declared speaker when exactly one has it.
            let matches: Vec<&Speaker> = self
                .declared_speakers()
                .filter(|s| {
                    s.name.split_whitespace().count() > 1
                        && s.name.split_whitespace().next() == Some(label)
                })
                .collect();
            if let [one] = matches.as_slice() {
                return Some(one.id.clone());
            }
        }
        if is_initials(label) {
            let matches: Vec<&Speaker> = self
                .declared_speakers()
                .filter(|s| initials_of(&s.name) == label)
                .collect();
            if let [one] = matches.as_slice() {
                return Some(one.id.clone());
            }
        }
        None
    }

    fn declared_speakers(&self) -> impl Iterator<Item = &Speaker> {
        self.speakers
            .iter()
            .zip(&self.declared)
            .filter(|(_, d)| **d)
            .map(|(s, _)| s)
    }

    /// The display name of the speaker with the given id.
    pub(crate) fn name_of(&self, id: &str) -> String {
        self.speakers
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    }

    /// Whether the registry already knows a speaker of that name.
    pub(crate) fn knows(&self, label: &str) -> bool {
        self.find(label).is_some()
    }

    fn unique_id(&self, base: String) -> String {
        if !self.speakers.iter().any(|s| s.id == base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !self.speakers.iter().any(|s| &s.id == id))
            .unwrap_or(base)
    }

    /// The number of speakers.
    pub(crate) fn len(&self) -> usize {
        self.speakers.len()
    }

    /// The id of the only speaker, if there is exactly one.
    pub(crate) fn sole(&self) -> Option<String> {
        match self.speakers.as_slice() {
            [one] => Some(one.id.clone()),
            _ => None,
        }
    }

    /// The speakers in order.
    pub(crate) fn into_speakers(self) -> Vec<Speaker> {
        self.speakers
    }
}

impl Registry {
    /// The id of a known speaker whose name ends `label` (`Präsident Dr. Wolfgang Schäuble`
    /// names the known `Dr. Wolfgang Schäuble`).
    pub(crate) fn find_suffix(&self, label: &str) -> Option<String> {
        self.speakers
            .iter()
            .filter(|s| label.ends_with(&s.name) && label.len() > s.name.len())
            .max_by_key(|s| s.name.len())
            .map(|s| s.id.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let c = candidate("Yanis Varoufakis: Hallo, ich bin").expect("label");
        assert_eq!(
            (c.name, c.rest, c.style),
            ("Yanis Varoufakis", "Hallo, ich bin", LabelStyle::Plain)
        );
        let c = candidate("**Rob Pike:** Great!").expect("label");
        assert_eq!((c.name, c.style), ("Rob Pike", LabelStyle::Bold));
        let c = candidate("Walton: 00:00:01").expect("label");
        assert_eq!((c.name, c.start_ms), ("Walton", Some(1000)));
        assert!(candidate("Senator M: Thank you").is_some());
        assert!(candidate("Dr. Ursula von der Leyen: Danke").is_some());
        assert!(candidate("AA: Absolutely.").is_some());
        let c = candidate("Speaker 1: Hello there.").expect("numbered speaker");
        assert_eq!((c.name, c.rest), ("Speaker 1", "Hello there."));
        assert_eq!(
            candidate("SPEAKER_00: Hello.").map(|c| c.name),
            Some("SPEAKER_00")
        );
        // A later `(…):` in the text does not hide the label's colon.
        let c = candidate("Anna: Wir sagten (damals): gut.").expect("label before (…):");
        assert_eq!((c.name, c.rest), ("Anna", "Wir sagten (damals): gut."));
        let long = format!("Anna: {} (siehe unten): mehr", "Text ".repeat(100));
        assert_eq!(candidate(&long).map(|c| c.name), Some("Anna"));
        // A colon beyond the start of a long line is no label's.
        let late = format!("{}Anna: Text", "Wort ".repeat(100));
        assert!(candidate(&late).is_none());
        let c = candidate("Speaker 2 (01:02):").expect("Rev style");
        assert_eq!(
            (c.name, c.start_ms, c.rest),
            ("Speaker 2", Some(62_000), "")
        );
        let c = candidate("Anna Weber (00:00:05): Guten Tag.").expect("Rev style with text");
        assert_eq!(
            (c.name, c.start_ms, c.rest),
            ("Anna Weber", Some(5_000), "Guten Tag.")
        );
        let c = candidate("Anna Weber  0:02").expect("Otter style");
        assert_eq!(
            (c.name, c.start_ms, c.style),
            ("Anna Weber", Some(2_000), LabelStyle::Plain)
        );
        let c = candidate("[00:01:02] Anna Weber: Hallo.").expect("leading time");
        assert_eq!(
            (c.name, c.start_ms, c.rest),
            ("Anna Weber", Some(62_000), "Hallo.")
        );
        let c = candidate("00:01:02 Anna Weber: Hallo.").expect("leading time without brackets");
        assert_eq!(c.start_ms, Some(62_000));
        assert!(candidate("[00:00:05] Welcome to the show.").is_none());
        assert!(candidate("The meeting ended at 12:30").is_none());
        assert!(candidate("SPEAKER_: x").is_none());
        let c = candidate("Jean Dupont : Bonjour à tous.").expect("French spacing");
        assert_eq!((c.name, c.rest), ("Jean Dupont", "Bonjour à tous."));
        let c = candidate("Jean Dupont\u{a0}: Bonjour.").expect("non-breaking space");
        assert_eq!(c.name, "Jean Dupont");
        let c = candidate("主持人：大家好，欢迎收听。").expect("full-width colon");
        assert_eq!((c.name, c.rest), ("主持人", "大家好，欢迎收听。"));
        assert!(candidate("Das ist  : nichts").is_none());
        let c = candidate("Anna Weber:").expect("a name alone on its line");
        assert_eq!(
            (c.name, c.rest, c.style),
            ("Anna Weber", "", LabelStyle::Plain)
        );
        for not in [
            "Das Problem: es geht nicht",
            "Um es noch einmal anders auszudrücken: ChatGPT",
            "IBAN: DE89",
            "https://example.org: x",
            "Zum Beispiel,",
            "Time 12:30 was late",
            "E-Mail:",
            "Zum Beispiel:",
        ] {
            assert!(candidate(not).is_none(), "{not}");
        }
    }

    #[test]
    fn ids_are_stable_and_unique() {
        assert_eq!(slug("Dr. Müller"), "dr-mueller");
        assert_eq!(slug("Yanis Varoufakis"), "yanis-varoufakis");
        let mut r = Registry::default();
        assert_eq!(r.declare("Dr. Müller", None, None), "dr-mueller");
        assert_eq!(r.declare("Dr Müller", None, None), "dr-mueller-2");
        assert_eq!(r.declare("Dr. Müller", None, None), "dr-mueller");
        assert_eq!(
            r.declare("Andreas Antonopoulos", None, None),
            "andreas-antonopoulos"
        );
        assert_eq!(r.find("AA").as_deref(), Some("andreas-antonopoulos"));
        assert_eq!(r.find("Andreas").as_deref(), Some("andreas-antonopoulos"));
        r.declare("Andreas Meier", None, None);
        assert_eq!(
            r.find("Andreas"),
            None,
            "ambiguous first names match nobody"
        );
        assert!(!slug("白").is_empty());
    }
}
