//! Bytes to text: encodings, byte-order marks, binary and control characters.

use scriba_core::{Diagnostic, Span, Warned};

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub fn span_at(text: &str, offset: usize) -> Span {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    Span::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Whether UTF-8 bytes have none of the characters [`decode_bytes`] treats specially: C0
/// controls but line feed and tab (NUL, carriage return, form feed …), DEL and C1 controls
/// (0xC2 0x80–0x9F). Looked at 32 byte pairs at a time, without a branch per byte.
fn plain(bytes: &[u8]) -> bool {
    let Some((&last, _)) = bytes.split_last() else {
        return true;
    };
    let c0 = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') | (b == 0x7F);
    let (firsts, seconds) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    for (a, b) in firsts.chunks(32).zip(seconds.chunks(32)) {
        let special = a.iter().zip(b).fold(false, |acc, (&x, &y)| {
            acc | c0(x) | ((x == 0xC2) & (y & 0xE0 == 0x80))
        });
        if special {
            return false;
        }
    }
    !c0(last)
}

/// Decodes the bytes of a transcript into text.
///
/// UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are accepted.
/// Empty input, NUL bytes (binary files) and invalid UTF-8 are errors that say where.
/// Other control characters are removed with a warning; a form feed counts as a page break
/// (a paragraph break the reader may rejoin).
pub fn decode_bytes(bytes: &[u8]) -> Result<Warned<String>, Diagnostic> {
    let mut warnings = Vec::new();
    let text = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        warnings.push(Diagnostic::note(
            "read.utf16",
            "decoded UTF-16 (little endian, byte-order mark)",
        ));
        decode_utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        warnings.push(Diagnostic::note(
            "read.utf16",
            "decoded UTF-16 (big endian, byte-order mark)",
        ));
        decode_utf16(rest, u16::from_be_bytes)?
    } else {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if plain(body) {
            // No NUL, no carriage return, no control character (the usual case): valid
            // UTF-8 is the text as it is.
            if let Ok(text) = std::str::from_utf8(body)
                && !text.trim().is_empty()
            {
                return Ok(Warned::with(text.to_owned(), warnings));
            }
        }
        if let Some(pos) = body.iter().position(|&b| b == 0) {
            let prefix = String::from_utf8_lossy(&body[..pos]);
            return Err(Diagnostic::error(
                "read.binary",
                "input contains a NUL byte: this looks like a binary file, not a transcript",
            )
            .at(span_at(&prefix, prefix.len()))
            .with_hint("give a UTF-8 or UTF-16 text file"));
        }
        match std::str::from_utf8(body) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                let valid = String::from_utf8_lossy(&body[..e.valid_up_to()]);
                let bad: Vec<String> = body[e.valid_up_to()..]
                    .iter()
                    .take(e.error_len().unwrap_or(1).max(1))
                    .map(|b| format!("0x{b:02X}"))
                    .collect();
                return Err(Diagnostic::error(
                    "read.invalid-utf8",
                    format!(
                        "invalid UTF-8 (byte {} at offset {})",
                        bad.join(" "),
                        e.valid_up_to()
                    ),
                )
                .at(span_at(&valid, valid.len()))
                .with_hint("convert the file to UTF-8, e.g. `iconv -f latin1 -t utf-8`"));
            }
        }
    };
    // Most transcripts have no carriage returns and no control characters: keep them as they
    // are without copying character by character.
    let clean = !text.bytes().enumerate().any(|(i, b)| {
        (b < 0x20 && b != b'\n' && b != b'\t')
            || b == 0x7F
            || (b == 0xC2
                && text
                    .as_bytes()
                    .get(i + 1)
                    .is_some_and(|n| (0x80..=0x9F).contains(n)))
    });
    if clean {
        if text.trim().is_empty() {
            return Err(Diagnostic::error("read.empty", "input is empty")
                .with_hint("give a transcript with at least one paragraph of text"));
        }
        return Ok(Warned::with(text, warnings));
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut cleaned = String::with_capacity(text.len());
    let mut removed = 0usize;
    let mut first_removed = None;
    for (i, c) in text.char_indices() {
        match c {
            '\n' | '\t' => cleaned.push(c),
            '\u{0C}' => cleaned.push_str("\n\n"),
            c if c.is_control() => {
                removed += 1;
                first_removed.get_or_insert((i, c));
            }
            c => cleaned.push(c),
        }
    }
    if let Some((offset, c)) = first_removed {
        warnings.push(
            Diagnostic::warning(
                "read.control-character",
                format!(
                    "removed {removed} control character{} (the first is U+{:04X})",
                    if removed == 1 { "" } else { "s" },
                    u32::from(c)
                ),
            )
            .at(span_at(&text, offset)),
        );
    }
    if cleaned.trim().is_empty() {
        return Err(Diagnostic::error("read.empty", "input is empty")
            .with_hint("give a transcript with at least one paragraph of text"));
    }
    Ok(Warned::with(cleaned, warnings))
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, Diagnostic> {
    if !bytes.len().is_multiple_of(2) {
        return Err(Diagnostic::error(
            "read.invalid-utf16",
            "UTF-16 input has an odd number of bytes (truncated file)",
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(bytes.len() / 2);
    for r in char::decode_utf16(units) {
        match r {
            Ok('\0') => {
                return Err(Diagnostic::error(
                    "read.binary",
                    "input contains a NUL character: this looks like a binary file",
                )
                .at(span_at(&out, out.len())));
            }
            Ok(c) => out.push(c),
            Err(e) => {
                return Err(Diagnostic::error(
                    "read.invalid-utf16",
                    format!(
                        "invalid UTF-16: unpaired surrogate 0x{:04X}",
                        e.unpaired_surrogate()
                    ),
                )
                .at(span_at(&out, out.len())));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {

    #[test]
    fn plain_text_is_told_from_text_with_controls() {
        assert!(plain(b""));
        assert!(plain("Grüße «mit» § und °\tTab\n".repeat(20).as_bytes()));
        for bad in ["\r", "\0", "\u{7f}", "\u{85}", "\u{9f}", "\u{0c}"] {
            for at in [0, 31, 32, 33, 70] {
                let mut text = "x".repeat(70);
                text.insert_str(at, bad);
                assert!(!plain(text.as_bytes()), "{bad:?} at {at}");
            }
        }
        // The fast path gives what the careful one does.
        let text = "Anna: «Grüße» \u{a0}§ ok\n".repeat(10);
        assert_eq!(
            decode_bytes(text.as_bytes()).map(|w| w.output).ok(),
            Some(text.clone())
        );
    }
    use super::*;

    fn err(bytes: &[u8]) -> Diagnostic {
        decode_bytes(bytes).expect_err("must be refused")
    }

    #[test]
    fn refuses_with_a_place() {
        let e = err(b"Hallo\nWelt \xFF\xFE!");
        assert_eq!(e.code, "read.invalid-utf8");
        assert_eq!(e.span, Some(Span::new(2, 6)));
        let e = err(b"ab\ncd\0ef");
        assert_eq!(e.code, "read.binary");
        assert_eq!(e.span, Some(Span::new(2, 3)));
        assert_eq!(err(b"").code, "read.empty");
        assert_eq!(err(b" \n\n\t").code, "read.empty");
        assert_eq!(err(b"\xEF\xBB\xBF").code, "read.empty");
    }

    #[test]
    fn decodes_boms_and_utf16() {
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Grüße".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_bytes(&utf16le).expect("utf-16").output, "Grüße");
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Grüße".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_bytes(&utf16be).expect("utf-16").output, "Grüße");
        assert_eq!(
            decode_bytes(b"\xEF\xBB\xBFHallo").expect("bom").output,
            "Hallo"
        );
        assert_eq!(err(&[0xFF, 0xFE, 0x00, 0xD8]).code, "read.invalid-utf16");
    }

    #[test]
    fn removes_control_characters_with_a_warning() {
        let w = decode_bytes(b"a\x01b\r\nc\x7f").expect("decoded");
        assert_eq!(w.output, "ab\nc");
        assert_eq!(w.warnings.len(), 1);
        assert_eq!(w.warnings[0].span, Some(Span::new(1, 2)));
        assert!(w.warnings[0].message.contains("2 control characters"));
    }
}
