//! Escaping for XML text and attribute values.
//!
//! Input strings have already been cleaned of characters XML cannot carry
//! ([`crate::sanitize`]); escaping `&`, `<`, `>` (and `"` in attributes) then keeps any text,
//! including `]]>` and `-->`, inert.

/// Appends `s` escaped for element content.
pub(crate) fn text(out: &mut String, s: &str) {
    push_escaped(out, s, false);
}

/// Appends `s` escaped for a double-quoted attribute value.
pub(crate) fn attr(out: &mut String, s: &str) {
    push_escaped(out, s, true);
}

/// `s` escaped for element content.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    text(&mut out, s);
    out
}

fn push_escaped(out: &mut String, s: &str, in_attr: bool) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if in_attr => "&quot;",
            // Attribute values normalise white space; keep line breaks as spaces explicitly.
            b'\n' | b'\r' | b'\t' if in_attr => " ",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Whether `url` can be a hyperlink target in the book: an absolute `http`, `https` or
/// `mailto` URL. Relative references (`#`, `page.html`) would point into the EPUB
/// container, where nothing answers them.
pub(crate) fn linkable(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|p| lower.strip_prefix(p));
    match rest {
        Some(host) => host
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '['),
        None => lower
            .strip_prefix("mailto:")
            .is_some_and(|a| a.contains('@')),
    }
}

/// `url` with characters that are not allowed in a URL percent-encoded (space, quotes, angle
/// brackets, non-ASCII …), so validators accept it. Existing `%XX` escapes are kept; a `%`
/// not followed by two hex digits is encoded.
pub(crate) fn encode_url(url: &str) -> String {
    let url = url.trim();
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, &b) in bytes.iter().enumerate() {
        let keep = match b {
            b'%' => {
                bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => true,
            b'-' | b'.' | b'_' | b'~' | b':' | b'/' | b'?' | b'#' | b'[' | b']' | b'@' | b'!'
            | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' => true,
            _ => false,
        };
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests;
