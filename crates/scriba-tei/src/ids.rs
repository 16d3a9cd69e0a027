//! `xml:id` values: valid NCNames derived stably from speaker names, unique per document.

use std::collections::BTreeSet;

/// Whether `prefix` may start an `xml:id` (empty, or an ASCII letter or `_` followed by ASCII
/// letters, digits, `-`, `_` and `.`).
pub(crate) fn is_valid_prefix(prefix: &str) -> bool {
    let mut chars = prefix.chars();
    match chars.next() {
        None => true,
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {
            chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        }
        Some(_) => false,
    }
}

/// The ASCII spelling of a Latin letter with diacritics (`ü` → `u`, `ß` → `ss`), or `None`.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// A lowercase ASCII slug of `name`: letters folded to ASCII, digits kept, everything else a
/// single `-`; it starts with a letter (`person-` is put in front otherwise) and is never
/// empty. Slugs contain no `_`, so they never collide with the structural ids (`u_1`, `t_0`).
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    // Characters the writer drops (XML-forbidden) are skipped, so that a name read back
    // from the output gives the same slug.
    for c in name
        .chars()
        .filter(|&c| crate::xml::is_xml_char(c))
        .flat_map(char::to_lowercase)
    {
        let piece = if c.is_ascii_alphanumeric() {
            Some(c.encode_utf8(&mut [0; 4]).to_owned())
        } else {
            fold(c).map(str::to_owned)
        };
        match piece {
            Some(p) => {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push_str(&p);
            }
            None => dash = true,
        }
        if out.len() >= 48 {
            break;
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, if out.is_empty() { "person" } else { "person-" });
    }
    out
}

/// Hands out unique ids: the first request for a slug gets it, later ones `slug-2`, `slug-3` …
#[derive(Default)]
pub(crate) struct IdPool {
    taken: BTreeSet<String>,
}

impl IdPool {
    /// A unique id `{prefix}{slug}` for `name`.
    pub(crate) fn person(&mut self, prefix: &str, name: &str) -> String {
        let base = format!("{prefix}{}", slug(name));
        let mut id = base.clone();
        let mut n = 2;
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::{IdPool, is_valid_prefix, slug};

    #[test]
    fn slugs_are_ascii_ncnames() {
        assert_eq!(slug("Yanis Varoufakis"), "yanis-varoufakis");
        assert_eq!(slug("Dr. Müller"), "dr-muller");
        assert_eq!(slug("  Ærøskøbing Straße "), "aeroskobing-strasse");
        assert_eq!(slug("2Pac"), "person-2pac");
        assert_eq!(slug("習近平"), "person");
        assert_eq!(slug("<script>"), "script");
        assert_eq!(slug("ß\u{1}a"), slug("ßa"));
    }

    #[test]
    fn ids_are_unique() {
        let mut pool = IdPool::default();
        assert_eq!(pool.person("", "Dr. Müller"), "dr-muller");
        assert_eq!(pool.person("", "Dr Müller"), "dr-muller-2");
        assert_eq!(pool.person("", "dr muller"), "dr-muller-3");
        assert_eq!(pool.person("x-", "Anna"), "x-anna");
    }

    #[test]
    fn prefixes() {
        assert!(is_valid_prefix("") && is_valid_prefix("tei.") && is_valid_prefix("_a-1"));
        assert!(!is_valid_prefix("1a") && !is_valid_prefix("a b") && !is_valid_prefix("ä"));
    }
}
