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
    let colon = line.find(':')?;
    let name = line[..colon].trim_end();
    let rest = &line[colon + 1..];
    if name.is_empty() || name.len() != line[..colon].len() || !plausible_name(name, false) {
        return None;
    }
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
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
        return None;
    }
    Some(Candidate {
        name,
        rest,
        style: LabelStyle::Plain,
        start_ms: None,
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
    let name_char = |c: char| c.is_alphabetic() || ".-'’()".contains(c);
    let mut has_capital = false;
    for w in &words {
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
        for not in [
            "Das Problem: es geht nicht",
            "Um es noch einmal anders auszudrücken: ChatGPT",
            "IBAN: DE89",
            "https://example.org: x",
            "Zum Beispiel,",
            "Time 12:30 was late",
            "E-Mail:",
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
