//! Where text may be broken: per-language word lists for German and English, a neutral rule set
//! for every other language.
//!
//! [`Breaks::penalty`] rates the place between two words. Low means a good place for a line or
//! cue break (after a sentence, after a comma, before a conjunction); [`FORBIDDEN`] means never
//! (between an article and its noun, between a first and a last name).

use std::collections::{BTreeMap, BTreeSet};

/// A break that must not be made unless there is no other way.
pub(crate) const FORBIDDEN: u32 = 1000;

/// How good a break between two words is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// After the end of a sentence.
    Sentence,
    /// After a comma, semicolon, colon, or around a dash or bracket.
    Clause,
    /// Before a conjunction.
    Conjunction,
    /// Before a preposition.
    Preposition,
    /// Before an article or determiner (the start of a noun phrase).
    Phrase,
    /// Between two words with no rule: allowed, but not good.
    Plain,
    /// Likely inside a noun phrase (German: a lowercase word before a capitalised one, as in
    /// `künstliche | Intelligenz`).
    Weak,
    /// After a preposition, between a number and what it counts: poor.
    Poor,
    /// Between article and noun, first and last name: never.
    Forbidden,
}

impl Kind {
    /// Penalty of a line break here.
    pub(crate) fn line_penalty(self) -> u32 {
        match self {
            Kind::Sentence => 0,
            Kind::Clause => 1,
            Kind::Conjunction => 4,
            Kind::Preposition => 6,
            Kind::Phrase => 7,
            Kind::Plain => 14,
            Kind::Weak => 22,
            Kind::Poor => 40,
            Kind::Forbidden => FORBIDDEN,
        }
    }

    /// Penalty of a cue break here.
    pub(crate) fn cue_penalty(self) -> u32 {
        match self {
            Kind::Sentence => 0,
            Kind::Clause => 12,
            Kind::Conjunction => 28,
            Kind::Preposition => 36,
            Kind::Phrase => 40,
            Kind::Plain => 60,
            Kind::Weak => 80,
            Kind::Poor => 120,
            Kind::Forbidden => FORBIDDEN,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    De,
    En,
    Es,
    Fr,
    Neutral,
}

const DE_ARTICLES: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "kein", "keine", "keinen", "keinem", "keiner", "keines", "mein", "meine", "meinen", "meinem",
    "meiner", "meines", "dein", "deine", "deinen", "deinem", "deiner", "sein", "seine", "seinen",
    "seinem", "seiner", "seines", "ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres", "unser",
    "unsere", "unseren", "unserem", "unserer", "euer", "eure", "euren", "eurem", "dieser", "diese",
    "diesen", "diesem", "dieses", "jeder", "jede", "jeden", "jedem", "jedes", "zum", "zur", "im",
    "am", "ins", "vom", "beim",
];
const DE_CONJUNCTIONS: &[&str] = &[
    "und", "oder", "aber", "sondern", "denn", "dass", "weil", "wenn", "als", "ob", "obwohl",
    "damit", "sodass", "während", "bevor", "nachdem", "seit", "seitdem", "bis", "falls", "sowie",
    "doch", "jedoch", "sowohl", "weder", "noch", "indem", "wie", "wodurch", "womit", "wobei",
    "weshalb", "warum", "deshalb", "daher", "trotzdem",
];
const DE_PREPOSITIONS: &[&str] = &[
    "in",
    "an",
    "auf",
    "aus",
    "bei",
    "mit",
    "nach",
    "von",
    "vor",
    "zu",
    "über",
    "unter",
    "neben",
    "zwischen",
    "hinter",
    "durch",
    "für",
    "gegen",
    "ohne",
    "um",
    "trotz",
    "wegen",
    "statt",
    "innerhalb",
    "außerhalb",
    "gegenüber",
    "ab",
    "per",
    "laut",
    "zum",
    "zur",
    "im",
    "am",
    "ins",
    "vom",
    "beim",
    "seit",
];
const EN_ARTICLES: &[&str] = &[
    "the", "a", "an", "my", "your", "his", "her", "its", "our", "their", "this", "that", "these",
    "those", "every", "each", "no", "some", "any",
];
const EN_CONJUNCTIONS: &[&str] = &[
    "and", "or", "but", "nor", "so", "yet", "because", "although", "though", "if", "when", "while",
    "whereas", "since", "unless", "until", "that", "which", "who", "whom", "whose", "where",
    "whether", "as", "before", "after", "then", "than",
];
const EN_PREPOSITIONS: &[&str] = &[
    "in", "on", "at", "of", "for", "with", "from", "to", "by", "about", "into", "onto", "over",
    "under", "between", "through", "during", "without", "within", "against", "among", "across",
    "after", "before", "behind", "beyond", "like", "per", "via", "towards",
];
const ES_ARTICLES: &[&str] = &[
    "el", "la", "los", "las", "un", "una", "unos", "unas", "lo", "al", "del", "mi", "mis", "tu",
    "tus", "su", "sus", "nuestro", "nuestra", "nuestros", "nuestras", "este", "esta", "estos",
    "estas", "ese", "esa", "esos", "esas", "cada",
];
const ES_CONJUNCTIONS: &[&str] = &[
    "y", "e", "o", "u", "pero", "sino", "que", "porque", "aunque", "si", "cuando", "como", "ni",
    "mientras", "pues", "donde",
];
const ES_PREPOSITIONS: &[&str] = &[
    "a", "de", "en", "con", "por", "para", "sin", "sobre", "entre", "hasta", "desde", "hacia",
    "según", "tras", "contra", "durante", "mediante", "al", "del",
];
const FR_ARTICLES: &[&str] = &[
    "le", "la", "les", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces", "mon",
    "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos", "leur",
    "leurs", "chaque",
];
const FR_CONJUNCTIONS: &[&str] = &[
    "et", "ou", "mais", "que", "qui", "car", "donc", "parce", "si", "quand", "comme", "lorsque",
    "puisque", "ni", "or", "où",
];
const FR_PREPOSITIONS: &[&str] = &[
    "à", "de", "en", "dans", "sur", "sous", "avec", "pour", "par", "sans", "chez", "entre", "vers",
    "depuis", "pendant", "contre", "selon", "au", "aux", "du",
];
/// Words after which a capitalised word is a name (titles and forms of address).
const TITLES: &[&str] = &[
    "herr",
    "herrn",
    "frau",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "sir",
    "dame",
    "lord",
    "lady",
    "st.",
    "saint",
    "president",
    "präsident",
    "präsidentin",
    "minister",
    "ministerin",
    "kanzler",
    "kanzlerin",
];
/// Common first names (German and English): a capitalised word after one is a surname.
const FIRST_NAMES: &[&str] = &[
    "alexander",
    "andreas",
    "angela",
    "anna",
    "barbara",
    "christian",
    "claudia",
    "daniel",
    "david",
    "elizabeth",
    "emma",
    "eva",
    "frank",
    "friedrich",
    "george",
    "hans",
    "heinrich",
    "helmut",
    "james",
    "jan",
    "jens",
    "john",
    "jürgen",
    "karl",
    "katharina",
    "klaus",
    "laura",
    "lena",
    "lisa",
    "maria",
    "mark",
    "markus",
    "martin",
    "mary",
    "michael",
    "olaf",
    "paul",
    "peter",
    "richard",
    "robert",
    "sarah",
    "sebastian",
    "stefan",
    "stephan",
    "susanne",
    "thomas",
    "ursula",
    "walter",
    "william",
    "wolfgang",
    "yanis",
];
/// Month names (German and English), which are not cut from a following year or day.
const MONTHS: &[&str] = &[
    "januar",
    "jänner",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
    "january",
    "february",
    "march",
    "may",
    "june",
    "july",
    "october",
    "december",
];
/// English subject pronouns, which are not cut from their verb.
const EN_SUBJECTS: &[&str] = &["i", "we", "you", "they", "he", "she", "it"];
/// Abbreviations whose final period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "z.b.", "d.h.", "u.a.", "bzw.", "ca.", "usw.", "etc.", "vgl.", "dr.", "prof.", "nr.", "s.",
    "mr.", "mrs.", "ms.", "st.", "e.g.", "i.e.", "vs.", "no.", "u.s.", "jr.", "sr.",
];

/// The break rules of one document: a language's word lists plus the words of the speakers'
/// names.
#[derive(Debug, Clone)]
pub(crate) struct Breaks {
    lang: Lang,
    /// Consecutive word pairs of speakers' names, lowercased: first word → following words.
    name_pairs: BTreeMap<String, BTreeSet<String>>,
}

fn norm(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'')
        .trim_end_matches('.')
        .to_lowercase()
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

const CLOSERS: &[char] = &[
    '"', '\'', '”', '“', '’', '‘', '»', '«', '›', '‹', ')', ']', '」', '』',
];

impl Breaks {
    /// Rules for a BCP 47 language with the given speaker names.
    pub(crate) fn new<'a>(language: &str, names: impl IntoIterator<Item = &'a str>) -> Self {
        let lang = match language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
            .as_str()
        {
            "de" => Lang::De,
            "en" => Lang::En,
            "es" => Lang::Es,
            "fr" => Lang::Fr,
            _ => Lang::Neutral,
        };
        let mut name_pairs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for name in names {
            let words: Vec<String> = name.split_whitespace().map(bare).collect();
            for pair in words.windows(2) {
                name_pairs
                    .entry(pair[0].clone())
                    .or_default()
                    .insert(pair[1].clone());
            }
        }
        Self { lang, name_pairs }
    }

    fn lists(
        &self,
    ) -> (
        &'static [&'static str],
        &'static [&'static str],
        &'static [&'static str],
    ) {
        match self.lang {
            Lang::De => (DE_ARTICLES, DE_CONJUNCTIONS, DE_PREPOSITIONS),
            Lang::En => (EN_ARTICLES, EN_CONJUNCTIONS, EN_PREPOSITIONS),
            Lang::Es => (ES_ARTICLES, ES_CONJUNCTIONS, ES_PREPOSITIONS),
            Lang::Fr => (FR_ARTICLES, FR_CONJUNCTIONS, FR_PREPOSITIONS),
            Lang::Neutral => (&[], &[], &[]),
        }
    }

    /// Whether `word` ends a sentence.
    pub(crate) fn ends_sentence(&self, word: &str) -> bool {
        let core = word.trim_end_matches(CLOSERS);
        let Some(last) = core.chars().last() else {
            return false;
        };
        match last {
            '!' | '?' | '…' | '。' | '！' | '？' => true,
            '.' => {
                let lower = core.to_lowercase();
                // "1." and "12." are ordinals in German ("am 3. Oktober"), a year ends a
                // sentence; "…" written as three periods ends one too.
                let digits = &core[..core.len() - 1];
                let ordinal = self.lang == Lang::De
                    && (1..=2).contains(&digits.len())
                    && digits.chars().all(|c| c.is_ascii_digit());
                !(ABBREVIATIONS.contains(&lower.as_str()) || ordinal) || lower.ends_with("...")
            }
            _ => false,
        }
    }

    /// The kind of break between word `a` and the following word `b`.
    pub(crate) fn kind(&self, a: &str, b: &str) -> Kind {
        if self.ends_sentence(a) {
            return Kind::Sentence;
        }
        // A one-word parenthesis stays with the word it explains ("Intelligenz (KI),").
        if b.starts_with('(') && b.contains(')') {
            return Kind::Poor;
        }
        let a_core = a.trim_end_matches(CLOSERS);
        if a_core.ends_with([',', ';', ':', '，', '、', '；', '：'])
            || a.ends_with(')')
            || b.starts_with('(')
            || matches!(b, "–" | "—" | "-" | "--")
            || matches!(a, "–" | "—" | "--")
        {
            return Kind::Clause;
        }
        let (articles, conjunctions, prepositions) = self.lists();
        let na = norm(a);
        let nb = norm(b);
        let bare_a = bare(a);
        let bare_b = bare(b);
        let b_capital = b
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        let a_plain = !a.ends_with(|c: char| !c.is_alphanumeric());
        // Names: a speaker's name, a title or a common first name before a capitalised word.
        let name_pair = self
            .name_pairs
            .get(bare_a.as_str())
            .is_some_and(|next| next.contains(bare_b.as_str()));
        let title = b_capital
            && (TITLES.contains(&na.as_str()) || TITLES.contains(&a.to_lowercase().as_str()));
        if name_pair || title || (b_capital && a_plain && FIRST_NAMES.contains(&bare_a.as_str())) {
            return Kind::Forbidden;
        }
        if a_plain && articles.contains(&bare_a.as_str()) {
            return Kind::Forbidden;
        }
        // A number and what it counts ("25 Prozent", "3 %"), or a lone symbol after a word.
        let a_number = {
            let digits = a.trim_end_matches('.');
            !digits.is_empty()
                && digits
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        };
        if a_number || matches!(b, "%" | "€" | "$" | "£") {
            return Kind::Poor;
        }
        if a_plain && prepositions.contains(&bare_a.as_str()) {
            return Kind::Poor;
        }
        // A month and its year or day ("Januar 2025"), a subject pronoun and its verb ("I tried").
        let b_number = b.chars().next().is_some_and(|c| c.is_ascii_digit());
        let b_lower = b.chars().next().is_some_and(char::is_lowercase);
        if (a_plain && b_number && MONTHS.contains(&bare_a.as_str()))
            || (a_plain
                && b_lower
                && self.lang == Lang::En
                && EN_SUBJECTS.contains(&bare_a.as_str()))
        {
            return Kind::Poor;
        }
        // A line or cue does not end with a conjunction ("… und | vom Markt").
        if a_plain && conjunctions.contains(&bare_a.as_str()) {
            return Kind::Poor;
        }
        if conjunctions.contains(&nb.as_str()) {
            return Kind::Conjunction;
        }
        if prepositions.contains(&nb.as_str()) {
            return Kind::Preposition;
        }
        if articles.contains(&nb.as_str()) {
            return Kind::Phrase;
        }
        let a_lower = a.chars().next().is_some_and(char::is_lowercase);
        if self.lang == Lang::De && a_plain && a_lower && b_capital {
            return Kind::Weak;
        }
        // Two capitalised words in English are likely one name ("New York").
        let a_capital = a.chars().next().is_some_and(char::is_uppercase);
        if self.lang == Lang::En && a_plain && a_capital && b_capital {
            return Kind::Poor;
        }
        Kind::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lang: &str, a: &str, b: &str, want: Kind) {
        let rules = Breaks::new(lang, ["Yanis Varoufakis", "Anna Maria Weber"]);
        assert_eq!(rules.kind(a, b), want, "{lang}: {a} | {b}");
    }

    #[test]
    fn german_rules() {
        check("de", "Ende.", "Dann", Kind::Sentence);
        check("de", "z.B.", "hier", Kind::Plain);
        check("de", "gesagt,", "dass", Kind::Clause);
        check("de", "Hund", "und", Kind::Conjunction);
        check("de", "Haus", "mit", Kind::Preposition);
        check("de", "die", "Börse", Kind::Forbidden);
        check("de", "einem", "Haus", Kind::Forbidden);
        check("de", "Yanis", "Varoufakis", Kind::Forbidden);
        check("de", "Maria", "Weber", Kind::Forbidden);
        check("de", "Frau", "Merkel", Kind::Forbidden);
        check("de", "mit", "Freunden", Kind::Poor);
        check("de", "25", "Prozent", Kind::Poor);
        check("de", "1.", "Januar", Kind::Poor);
        check("de", "wir", "die", Kind::Phrase);
        check("de", "Intelligenz", "(KI),", Kind::Poor);
        check("de", "Intelligenz", "(kurz", Kind::Clause);
        check("de", "und", "vom", Kind::Poor);
        check("de", "künstliche", "Intelligenz", Kind::Weak);
        check("de", "Januar", "2025.", Kind::Poor);
        check("de", "2025.", "Sie", Kind::Sentence);
    }

    #[test]
    fn english_rules() {
        check("en", "over.", "Then", Kind::Sentence);
        check("en", "Mr.", "Smith", Kind::Forbidden);
        check("en", "the", "house", Kind::Forbidden);
        check("en", "John", "Smith", Kind::Forbidden);
        check("en", "New", "York", Kind::Poor);
        check("en", "house", "because", Kind::Conjunction);
        check("en", "went", "to", Kind::Preposition);
        check("en", "I", "tried", Kind::Poor);
        check("en", "third", "--", Kind::Clause);
        check("en", "1.", "Then", Kind::Sentence);
    }

    #[test]
    fn spanish_and_french_rules() {
        check("es", "la", "información", Kind::Forbidden);
        check("es", "redes", "y", Kind::Conjunction);
        check("es", "trabajado", "en", Kind::Preposition);
        check("fr", "fin.", "Puis", Kind::Sentence);
        check("fr", "la", "maison", Kind::Forbidden);
        check("fr", "maison", "dans", Kind::Preposition);
    }

    #[test]
    fn neutral_rules() {
        check("it", "fine.", "Poi", Kind::Sentence);
        check("it", "la", "casa", Kind::Plain);
        check("it", "Yanis", "Varoufakis", Kind::Forbidden);
    }
}
