//! Inline markup of the text format: emphasis, work titles, quotations, links, e-mail
//! addresses, inline timestamps and events.

use scriba_core::{Diagnostic, EventKind, Inline, Span};

/// The character that marks where a page break split a paragraph (NUL never survives
/// decoding, so it cannot collide with source text).
pub(crate) const PAGE_BREAK: char = '\0';

/// Words that, shortly before `*…*`, make the emphasis a work title.
const TITLE_CUES: &[&str] = &[
    "buch",
    "buches",
    "büchern",
    "roman",
    "romans",
    "film",
    "films",
    "titel",
    "aufsatz",
    "artikel",
    "essay",
    "werk",
    "album",
    "lied",
    "serie",
    "zeitschrift",
    "zeitung",
    "studie",
    "book",
    "books",
    "novel",
    "movie",
    "article",
    "paper",
    "podcast",
    "song",
    "series",
    "magazine",
    "journal",
    "newspaper",
    "titled",
    "entitled",
    "libro",
    "película",
    "livre",
    "report",
    "bericht",
];

/// Parses a paragraph's text into inline content; notes and warnings go to `diags`.
pub(crate) fn parse(text: &str, span: Option<Span>, diags: &mut Vec<Diagnostic>) -> Vec<Inline> {
    let mut p = Parser { diags, span };
    let mut out = p.inlines(text);
    merge_text(&mut out);
    out
}

/// Where each construct of one string ends, computed in one pass, so that every construct
/// finds its end by lookup: hostile input (a megabyte of `((((` or `„„„„`) costs linear time.
struct Scan {
    /// Opening bracket or quotation mark offset → offset of its closing partner, per kind.
    pairs: Vec<std::collections::HashMap<usize, usize>>,
    /// Sorted offsets of the fixed closing marks, per mark (index into [`MARKS`]).
    marks: Vec<Vec<usize>>,
    /// Sorted offsets of emphasis delimiters that can close (after a non-space), per
    /// delimiter (index into [`DELIMS`]).
    closers: Vec<Vec<usize>>,
    /// Sorted offsets of white space.
    spaces: Vec<usize>,
}

/// Bracket and quotation pairs: opening character, closing characters.
const PAIRS: &[(char, &[char])] = &[
    ('[', &[']']),
    ('(', &[')']),
    ('„', &['“', '”']),
    ('“', &['”']),
    ('«', &['»']),
    ('»', &['«']),
    ('‚', &['‘']),
];

/// Fixed closing marks looked up by [`Scan::next_mark`].
const MARKS: &[&str] = &["\\]", "]]", "))", ">", "`", ")", "@"];

/// Emphasis delimiters.
const DELIMS: &[&str] = &["**", "__", "*", "_", "\""];

/// Punctuation or a symbol, for the flanking rules: neither a letter, a digit nor space.
fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// Whether a run of `*` or `_` between `before` and `after` (`None`: the string's edge) can
/// open emphasis: CommonMark's left-flanking run — not followed by white space, and
/// followed by punctuation only when white space or punctuation comes before it.
fn left_flanking(before: Option<char>, after: Option<char>) -> bool {
    after.is_some_and(|a| {
        !a.is_whitespace()
            && (!is_punct(a) || before.is_none_or(|b| b.is_whitespace() || is_punct(b)))
    })
}

/// Whether such a run can close emphasis: CommonMark's right-flanking run, the mirror of
/// [`left_flanking`]. Censored words (`Sch****`, `f***`) are runs that can only close.
fn right_flanking(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(|b| {
        !b.is_whitespace()
            && (!is_punct(b) || after.is_none_or(|a| a.is_whitespace() || is_punct(a)))
    })
}

/// Whether a character can open, close or start something [`Scan`] records.
fn is_scanned(c: char) -> bool {
    matches!(
        c,
        '[' | ']'
            | '('
            | ')'
            | '„'
            | '“'
            | '”'
            | '«'
            | '»'
            | '‚'
            | '‘'
            | '\\'
            | '>'
            | '`'
            | '@'
            | '*'
            | '_'
            | '"'
    )
}

impl Scan {
    fn new(s: &str) -> Self {
        let mut pairs = vec![std::collections::HashMap::new(); PAIRS.len()];
        let mut stacks: Vec<Vec<usize>> = vec![Vec::new(); PAIRS.len()];
        let mut marks = vec![Vec::new(); MARKS.len()];
        let mut closers = vec![Vec::new(); DELIMS.len()];
        let mut spaces = Vec::new();
        let mut prev: Option<char> = None;
        // Whether the run of `*` or `_` the scan is in can close (see `right_flanking`).
        let mut run_closes = false;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                spaces.push(i);
                prev = Some(c);
                continue;
            }
            // Letters, digits and most punctuation open and close nothing: the common case
            // costs one test. (The characters below are every first character of `PAIRS`,
            // `MARKS` and `DELIMS`; a test checks that.)
            if c.is_alphanumeric() || !is_scanned(c) {
                prev = Some(c);
                continue;
            }
            for (k, (open, closes)) in PAIRS.iter().enumerate() {
                if closes.contains(&c) {
                    if let Some(o) = stacks[k].pop() {
                        pairs[k].insert(o, i);
                    }
                } else if c == *open {
                    stacks[k].push(i);
                }
            }
            let rest = &s[i..];
            for (k, m) in MARKS.iter().enumerate() {
                if rest.starts_with(m) {
                    marks[k].push(i);
                }
            }
            let closes = if matches!(c, '*' | '_') {
                if prev != Some(c) {
                    let after = s[i..].trim_start_matches(c).chars().next();
                    run_closes = right_flanking(prev, after);
                }
                run_closes
            } else {
                prev.is_some_and(|p| !p.is_whitespace())
            };
            if closes {
                for (k, d) in DELIMS.iter().enumerate() {
                    if let Some(after) = rest.strip_prefix(d) {
                        let next = after.chars().next();
                        if !(d.starts_with('_') && next.is_some_and(char::is_alphanumeric)) {
                            closers[k].push(i);
                        }
                    }
                }
            }
            prev = Some(c);
        }
        Self {
            pairs,
            marks,
            closers,
            spaces,
        }
    }

    /// The partner of the opening character at `at`, if it closes within `max` bytes.
    fn partner(&self, open: char, at: usize, max: usize) -> Option<usize> {
        let k = PAIRS.iter().position(|(o, _)| *o == open)?;
        self.pairs[k].get(&at).copied().filter(|&c| c - at <= max)
    }

    fn first_after(list: &[usize], from: usize, max: usize) -> Option<usize> {
        let i = list.partition_point(|&p| p < from);
        list.get(i).copied().filter(|&p| p - from <= max)
    }

    /// The first occurrence of a fixed mark at or after `from`, within `max` bytes.
    fn next_mark(&self, mark: &str, from: usize, max: usize) -> Option<usize> {
        let k = MARKS.iter().position(|m| *m == mark)?;
        Self::first_after(&self.marks[k], from, max)
    }

    /// The first emphasis delimiter at or after `from` that can close, within `max` bytes.
    fn next_closer(&self, delim: &str, from: usize, max: usize) -> Option<usize> {
        let k = DELIMS.iter().position(|d| *d == delim)?;
        Self::first_after(&self.closers[k], from, max)
    }

    /// Whether the string has an `@` at all (no e-mail address otherwise).
    fn has_at(&self) -> bool {
        MARKS
            .iter()
            .position(|m| *m == "@")
            .is_some_and(|k| !self.marks[k].is_empty())
    }

    /// The end of the word that starts at `from` (the next white space, or the end).
    fn word_end(&self, from: usize, len: usize) -> usize {
        Self::first_after(&self.spaces, from, usize::MAX).unwrap_or(len)
    }
}

struct Parser<'d> {
    diags: &'d mut Vec<Diagnostic>,
    span: Option<Span>,
}

impl Parser<'_> {
    fn inlines(&mut self, s: &str) -> Vec<Inline> {
        let scan = Scan::new(s);
        let mut out = Vec::new();
        let mut text = String::new();
        let mut i = 0;
        let has_at = scan.has_at();
        while i < s.len() {
            // Copy a run of characters that start nothing at once: white space, letters inside
            // a word, and word starts that cannot begin a link (see `construct`).
            let mut prev = s[..i].chars().next_back();
            let mut j = i;
            for ch in s[i..].chars() {
                let plain = ch.is_whitespace()
                    || (ch.is_alphanumeric()
                        && (prev.is_some_and(char::is_alphanumeric)
                            || (!has_at && !matches!(ch, 'h' | 'H' | 'f' | 'F' | 'w' | 'W'))));
                if !plain {
                    break;
                }
                j += ch.len_utf8();
                prev = Some(ch);
            }
            if j > i {
                text.push_str(&s[i..j]);
                i = j;
                continue;
            }
            let rest = &s[i..];
            let Some(c) = rest.chars().next() else { break };
            if let Some((inline, used)) = self.construct(s, &scan, i, c) {
                flush(&mut text, &mut out);
                out.extend(inline);
                i += used;
                continue;
            }
            if c == '\\'
                && let Some(next) = rest[1..].chars().next()
                && next.is_ascii_punctuation()
            {
                text.push(next);
                i += 1 + next.len_utf8();
                continue;
            }
            text.push(c);
            i += c.len_utf8();
        }
        flush(&mut text, &mut out);
        out
    }

    /// Tries every construct that can start at byte `i` (character `c`).
    fn construct(
        &mut self,
        s: &str,
        scan: &Scan,
        i: usize,
        c: char,
    ) -> Option<(Vec<Inline>, usize)> {
        let rest = &s[i..];
        let prev = s[..i].chars().next_back();
        match c {
            PAGE_BREAK => Some((vec![Inline::PageBreak], 1)),
            '\\' if rest.starts_with("\\[") => {
                let end = scan.next_mark("\\]", i + 2, 1000)? - i;
                let inner = &rest[2..end];
                let inline = bracketed(inner, false)?;
                Some((vec![inline], end + 2))
            }
            '[' if rest.starts_with("[[") => {
                let end = scan.next_mark("]]", i + 2, 1000)? - i;
                let inner = rest[2..end].trim();
                let kind = classify_event(inner).unwrap_or(EventKind::Other);
                Some((vec![event(kind, inner)], end + 2))
            }
            '[' => {
                let close = scan.partner('[', i, 1000)? - i;
                let label = &rest[1..close];
                let after = &rest[close + 1..];
                if after.starts_with('(') {
                    let url_end = scan.next_mark(")", i + close + 2, 2000)? - (i + close + 1);
                    let url = after[1..url_end].trim();
                    let content = self.inlines(label);
                    let used = close + 1 + url_end + 1;
                    if url.is_empty() || url == "#" {
                        self.diags.push(
                            Diagnostic::warning(
                                "read.empty-link",
                                format!(
                                    "link `{label}` has an empty target (`{url}`); kept as text"
                                ),
                            )
                            .at_opt(self.span)
                            .with_hint("give the link a URL, or write the text without brackets"),
                        );
                        return Some((content, used));
                    }
                    return Some((
                        vec![Inline::Link {
                            url: url.to_owned(),
                            content,
                        }],
                        used,
                    ));
                }
                Some((vec![bracketed(label, false)?], close + 1))
            }
            '(' if rest.starts_with("((") => {
                let end = scan.next_mark("))", i + 2, 500)? - i;
                let inner = rest[2..end].trim();
                let kind = classify_event(inner).unwrap_or(EventKind::Unintelligible);
                Some((vec![event(kind, inner)], end + 2))
            }
            '(' => {
                let close = scan.partner('(', i, 200)? - i;
                let inline = bracketed(&rest[1..close], true)?;
                Some((vec![inline], close + 1))
            }
            '<' => {
                let end = scan.next_mark(">", i + 1, 2000)? - i;
                let inner = &rest[1..end];
                if inner.contains(char::is_whitespace) {
                    return None;
                }
                if let Some(addr) = inner.strip_prefix("mailto:") {
                    return Some((vec![email(addr)], end + 1));
                }
                if is_url(inner) {
                    return Some((vec![link(inner)], end + 1));
                }
                if is_email(inner) {
                    return Some((vec![email(inner)], end + 1));
                }
                None
            }
            '`' => {
                let end = scan.next_mark("`", i + 1, 1000)? - i;
                let code = &rest[1..end];
                (!code.is_empty()).then(|| {
                    (
                        vec![Inline::Code {
                            text: code.to_owned(),
                        }],
                        end + 1,
                    )
                })
            }
            '*' | '_' => self.emphasis(s, scan, i, c, prev),
            '„' | '“' | '«' | '‚' => self.quote(s, scan, i, c),
            '»' if rest[c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric) =>
            {
                self.quote(s, scan, i, c)
            }
            '"' if prev.is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p)) => {
                self.quote(s, scan, i, c)
            }
            _ if c.is_alphanumeric()
                && prev.is_none_or(|p| !p.is_alphanumeric() && p != '@' && p != '.') =>
            {
                // Only `http…`, `ftp…` and `www.…` words, or words with an `@`, can be links.
                let url_like = matches!(c, 'h' | 'H' | 'f' | 'F' | 'w' | 'W');
                if !url_like && !scan.has_at() {
                    return None;
                }
                let end = scan.word_end(i, s.len());
                let at = scan.next_mark("@", i, 2048).is_some_and(|p| p < end);
                bare_link(&rest[..end - i], at)
            }
            _ => None,
        }
    }

    fn emphasis(
        &mut self,
        s: &str,
        scan: &Scan,
        i: usize,
        c: char,
        prev: Option<char>,
    ) -> Option<(Vec<Inline>, usize)> {
        let rest = &s[i..];
        let strong = if c == '*' { "**" } else { "__" };
        if c == '_' && prev.is_some_and(char::is_alphanumeric) {
            return None;
        }
        // A run opens as a whole or not at all: inside one that did not, every delimiter is
        // text.
        if prev == Some(c) || !left_flanking(prev, rest.trim_start_matches(c).chars().next()) {
            return None;
        }
        let (delim, is_strong) = if rest.starts_with(strong) {
            (strong, true)
        } else {
            (&rest[..1], false)
        };
        let inner_start = delim.len();
        let after = &rest[inner_start..];
        if after.starts_with(char::is_whitespace) || after.is_empty() {
            return None;
        }
        // A closer after at least one character of content.
        let first = i + inner_start + after.chars().next().map_or(1, char::len_utf8);
        let mut close = scan.next_closer(delim, first, 2000)? - (i + inner_start);
        // `***both***`: the strong pair takes the outer two of each run, so the emphasis
        // inside finds its own pair.
        let closing_run = s[i + inner_start + close..]
            .bytes()
            .take_while(|&b| b == c as u8)
            .count();
        if is_strong && rest.as_bytes().get(2) == Some(&(c as u8)) && closing_run >= 3 {
            close += closing_run - 2;
        }
        let inner = &after[..close];
        let content = self.inlines(inner);
        let used = inner_start + close + delim.len();
        if is_strong {
            return Some((vec![Inline::Strong { content }], used));
        }
        // The last few words before the emphasis (a bounded look-back keeps this linear).
        let mut from = i.saturating_sub(200);
        while !s.is_char_boundary(from) {
            from -= 1;
        }
        let before_text = &s[from..i];
        let cue = before_text
            .split_whitespace()
            .rev()
            .take(3)
            .map(|w| {
                w.trim_matches(|ch: char| !ch.is_alphanumeric())
                    .to_lowercase()
            })
            .find(|w| TITLE_CUES.contains(&w.as_str()));
        if let Some(cue) = cue {
            self.diags.push(
                Diagnostic::note(
                    "read.work-title",
                    format!("read `*{inner}*` as the title of a work (it follows `{cue}`)"),
                )
                .at_opt(self.span)
                .with_hint("write it without asterisks if it is plain emphasis"),
            );
            Some((vec![Inline::Title { content }], used))
        } else {
            Some((vec![Inline::Emphasis { content }], used))
        }
    }

    fn quote(
        &mut self,
        s: &str,
        scan: &Scan,
        i: usize,
        open: char,
    ) -> Option<(Vec<Inline>, usize)> {
        let body_start = i + open.len_utf8();
        // French guillemets enclose their text with (non-breaking) spaces: `« texte »`.
        let spaced = open == '«' && s[body_start..].starts_with([' ', '\u{a0}', '\u{202f}']);
        if s[body_start..].starts_with(char::is_whitespace) && !spaced {
            return None;
        }
        let close = if open == '"' {
            scan.next_closer("\"", body_start + 1, 8000)?
        } else {
            scan.partner(open, i, 8000)?
        };
        if close <= body_start {
            return None;
        }
        let close_len = s[close..].chars().next().map_or(1, char::len_utf8);
        let inner = &s[body_start..close];
        let inner = if spaced {
            inner.trim_matches([' ', '\u{a0}', '\u{202f}'])
        } else {
            inner
        };
        let content = self.inlines(inner);
        Some((vec![Inline::Quote { content }], close + close_len - i))
    }
}

/// Bracketed content: an inline timestamp, or an event when its words say so.
fn bracketed(inner: &str, parenthesis: bool) -> Option<Inline> {
    let inner = inner.trim();
    if !parenthesis && let Some(ms) = parse_timestamp(inner) {
        return Some(Inline::Timestamp {
            ms,
            text: inner.to_owned(),
        });
    }
    let words = inner.split_whitespace().count();
    if words == 0 || (parenthesis && words > 6) || words > 12 {
        return None;
    }
    classify_event(inner).map(|kind| event(kind, inner))
}

fn event(kind: EventKind, description: &str) -> Inline {
    Inline::Event {
        kind,
        description: description.to_owned(),
    }
}

/// The kind of event a stage direction describes, if its words name one.
pub(crate) fn classify_event(desc: &str) -> Option<EventKind> {
    let d = desc.to_lowercase();
    let has = |keys: &[&str]| keys.iter().any(|k| d.contains(k));
    if d.is_empty() || d.chars().all(|c| c == '.' || c == '…' || c == '?') {
        return Some(EventKind::Unintelligible);
    }
    Some(
        if has(&[
            "laugh",
            "lach",
            "gelächter",
            "heiterkeit",
            "risa",
            "rire",
            "rires",
            "笑",
        ]) {
            EventKind::Laughter
        } else if has(&["applau", "beifall", "klatsch", "aplauso", "掌声"]) {
            EventKind::Applause
        } else if has(&[
            "inaudible",
            "unintelligible",
            "unverständlich",
            "unclear",
            "incomprehensible",
            "ininteligible",
            "inaudible",
            "indistinct",
            "听不清",
        ]) {
            EventKind::Unintelligible
        } else if has(&["crosstalk", "cross-talk", "cross talk", "durcheinander"]) {
            EventKind::Crosstalk
        } else if has(&["zwischenruf", "zuruf", "interject", "heckl"]) {
            EventKind::Interjection
        } else if has(&["music", "musik", "música", "musique"]) {
            EventKind::Music
        } else if has(&["pause", "silence", "stille", "schweigen", "silencio"]) {
            EventKind::Pause
        } else if has(&[
            "cough",
            "husten",
            "noise",
            "geräusch",
            "sigh",
            "seufz",
            "räusper",
            "sneez",
        ]) {
            EventKind::Noise
        } else {
            return None;
        },
    )
}

/// Parses `HH:MM:SS(.fff)`, `MM:SS` or `H:MM:SS,fff` into milliseconds.
pub(crate) fn parse_timestamp(s: &str) -> Option<u64> {
    let s = s.trim();
    let (main, frac) = match s.find(['.', ',']) {
        Some(p) => (&s[..p], Some(&s[p + 1..])),
        None => (s, None),
    };
    let parts: Vec<&str> = main.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<u64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let (h, m, sec) = match nums.as_slice() {
        [m, s] => (0, *m, *s),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    if m >= 60 || sec >= 60 {
        return None;
    }
    let ms = match frac {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 3 && f.bytes().all(|b| b.is_ascii_digit()) => {
            let v: u64 = f.parse().ok()?;
            v * 10u64.pow(3 - u32::try_from(f.len()).ok()?)
        }
        Some(_) => return None,
    };
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms)
}

fn is_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://") || s.starts_with("ftp://"))
        && s.len() > 8
}

pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-".contains(c))
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

fn link(url: &str) -> Inline {
    Inline::Link {
        url: url.to_owned(),
        content: vec![Inline::text(url)],
    }
}

fn email(address: &str) -> Inline {
    Inline::Email {
        address: address.to_owned(),
    }
}

/// A bare URL (`https://…`, `www.…`) or e-mail address that is the word `word` (up to the
/// next white space); `has_at` says whether an `@` follows soon enough to make it an address.
fn bare_link(word: &str, has_at: bool) -> Option<(Vec<Inline>, usize)> {
    if !(word.starts_with("http") || word.starts_with("ftp") || word.starts_with("www.") || has_at)
    {
        return None;
    }
    let trimmed = word.trim_end_matches(|c: char| ".,;:!?)]}\"'“”„«»".contains(c));
    // Keep a closing parenthesis that belongs to the URL (Wikipedia style).
    let trimmed = if word[trimmed.len()..].starts_with(')') && trimmed.contains('(') {
        &word[..trimmed.len() + 1]
    } else {
        trimmed
    };
    if is_url(trimmed) {
        return Some((vec![link(trimmed)], trimmed.len()));
    }
    if trimmed.starts_with("www.") && trimmed.len() > 7 && trimmed[4..].contains('.') {
        return Some((
            vec![Inline::Link {
                url: format!("https://{trimmed}"),
                content: vec![Inline::text(trimmed)],
            }],
            trimmed.len(),
        ));
    }
    if has_at && trimmed.len() <= 254 && trimmed.contains('@') && is_email(trimmed) {
        return Some((vec![email(trimmed)], trimmed.len()));
    }
    None
}

fn flush(text: &mut String, out: &mut Vec<Inline>) {
    if !text.is_empty() {
        out.push(Inline::Text {
            text: std::mem::take(text),
        });
    }
}

/// Merges adjacent text runs.
fn merge_text(content: &mut Vec<Inline>) {
    let mut merged: Vec<Inline> = Vec::with_capacity(content.len());
    for inline in content.drain(..) {
        match (merged.last_mut(), inline) {
            (Some(Inline::Text { text: a }), Inline::Text { text: b }) => a.push_str(&b),
            (_, other) => merged.push(other),
        }
    }
    *content = merged;
}

#[cfg(test)]
mod tests;
