//! Token normalization shared by both sides of an alignment.
//!
//! A word becomes zero or more tokens: NFKC-normalized, lower-cased, `ß` folded to `ss`,
//! apostrophes, invisible format characters (soft hyphens, zero-width joiners, bidi marks) and
//! digit group separators removed, and split at every other punctuation mark
//! (hyphens, slashes, dashes), so `All-Female` gives `all` `female` and `it's` gives `its`.
//! Characters of scripts written without spaces (Han, kana, Hangul, Thai) become one token
//! each.
//! Small number words of English, German and French become digits (`eighteen`, `achtzehn`,
//! `dix-huit` … → `18`; `twenty one` → `21`; `einundzwanzig` → `21`), so `18` in the
//! recognizer's output matches `eighteen` in the edited text.

use unicode_normalization::UnicodeNormalization;

/// One normalized token of a word, with its weight (length in characters) for spreading a
/// word's time over its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The normalized text.
    pub(crate) text: String,
    /// The number of characters of the source the token stands for (at least 1).
    pub(crate) weight: u32,
}

/// Appends the tokens of `word` to `out`.
pub(crate) fn tokenize_word(word: &str, out: &mut Vec<Token>) {
    let first = out.len();
    let mut current = String::new();
    let mut weight = 0u32;
    let chars: Vec<char> = word.nfkc().collect();
    let flush = |current: &mut String, weight: &mut u32, out: &mut Vec<Token>| {
        if !current.is_empty() {
            out.push(Token {
                text: std::mem::take(current),
                weight: (*weight).max(1),
            });
        }
        *weight = 0;
    };
    for (k, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            if scriba_core::is_cjk(c) {
                flush(&mut current, &mut weight, out);
                current.push(c);
                weight = 1;
                flush(&mut current, &mut weight, out);
                continue;
            }
            if c == 'ß' || c == 'ẞ' {
                current.push_str("ss");
            } else {
                current.extend(c.to_lowercase());
            }
            weight += 1;
        } else if is_apostrophe(c) {
            // Joined: `it's` → `its`, `c'est` → `cest`.
            weight += 1;
        } else if is_invisible(c) {
            // Soft hyphens, zero-width and bidi controls join: `Bundes\u{AD}tag` → `bundestag`.
        } else if (c == '.' || c == ',' || c == '\'' || c == '\u{202F}')
            && k > 0
            && chars[k - 1].is_ascii_digit()
            && chars.get(k + 1).is_some_and(char::is_ascii_digit)
        {
            // A digit group or decimal separator: `1.000`, `3,5`.
            weight += 1;
        } else {
            flush(&mut current, &mut weight, out);
        }
    }
    flush(&mut current, &mut weight, out);
    numbers_to_digits(out, first);
}

/// Invisible format characters: soft hyphen, zero-width spaces and joiners, bidi marks and
/// isolates, word joiner, byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`' | '´' | 'ʻ')
}

/// The value of a small number word (English, German, French), if it is one.
fn number_word(word: &str) -> Option<u32> {
    let v = match word {
        "zero" | "null" | "zéro" => 0,
        "one" | "eins" | "un" | "une" => 1,
        "two" | "zwei" | "deux" => 2,
        "three" | "drei" | "trois" => 3,
        "four" | "vier" | "quatre" => 4,
        "five" | "fünf" | "cinq" => 5,
        "six" | "sechs" => 6,
        "seven" | "sieben" | "sept" => 7,
        "eight" | "acht" | "huit" => 8,
        "nine" | "neun" | "neuf" => 9,
        "ten" | "zehn" | "dix" => 10,
        "eleven" | "elf" | "onze" => 11,
        "twelve" | "zwölf" | "douze" => 12,
        "thirteen" | "dreizehn" | "treize" => 13,
        "fourteen" | "vierzehn" | "quatorze" => 14,
        "fifteen" | "fünfzehn" | "quinze" => 15,
        "sixteen" | "sechzehn" | "seize" => 16,
        "seventeen" | "siebzehn" => 17,
        "eighteen" | "achtzehn" => 18,
        "nineteen" | "neunzehn" => 19,
        "twenty" | "zwanzig" | "vingt" => 20,
        "thirty" | "dreißig" | "dreissig" | "trente" => 30,
        "forty" | "vierzig" | "quarante" => 40,
        "fifty" | "fünfzig" | "cinquante" => 50,
        "sixty" | "sechzig" | "soixante" => 60,
        "seventy" | "siebzig" => 70,
        "eighty" | "achtzig" => 80,
        "ninety" | "neunzig" => 90,
        "hundred" | "hundert" | "cent" => 100,
        "thousand" | "tausend" | "mille" => 1000,
        _ => return german_compound_number(word),
    };
    Some(v)
}

/// German `einundzwanzig` … `neunundneunzig`.
fn german_compound_number(word: &str) -> Option<u32> {
    let (unit, tens) = word.split_once("und")?;
    let unit = match unit {
        "ein" => 1,
        u => number_word(u).filter(|v| (2..=9).contains(v))?,
    };
    let tens = number_word(tens).filter(|v| v % 10 == 0 && (20..=90).contains(v))?;
    Some(tens + unit)
}

/// Rewrites number words among `out[first..]` as digits and joins `twenty one` / `dix huit`
/// / `vingt et un` style pairs into one number.
fn numbers_to_digits(out: &mut Vec<Token>, first: usize) {
    for token in &mut out[first..] {
        if let Some(v) = number_word(&token.text) {
            token.text = v.to_string();
        }
    }
    let mut k = first;
    while k + 1 < out.len() {
        let (a, b) = (&out[k].text, &out[k + 1].text);
        let joined = match (a.parse::<u32>(), b.parse::<u32>()) {
            (Ok(tens @ 20..=90), Ok(unit @ 1..=9)) if tens % 10 == 0 => Some(tens + unit),
            (Ok(10), Ok(unit @ 6..=9)) => Some(10 + unit),
            _ => None,
        };
        if let Some(v) = joined {
            let weight = out[k].weight + out[k + 1].weight;
            out[k] = Token {
                text: v.to_string(),
                weight,
            };
            out.remove(k + 1);
        }
        k += 1;
    }
}

/// Whether the tokens `a` and `b` written apart stand for the single token `whole`: a compound
/// (`space` `walk` / `spacewalk`) or a number written as two words (`20` `1` / `21`).
pub(crate) fn joins_to(a: &str, b: &str, whole: &str) -> bool {
    if whole.len() == a.len() + b.len() {
        return whole.starts_with(a) && whole.ends_with(b);
    }
    match (a.parse::<u32>(), b.parse::<u32>()) {
        (Ok(tens @ 20..=90), Ok(unit @ 1..=9)) if tens % 10 == 0 => {
            whole.parse::<u32>() == Ok(tens + unit)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
