//! A small XML serialiser: escaping that never emits a character XML 1.0 forbids, and
//! indentation that never touches mixed content.
//!
//! quick-xml's writer escapes `< > & " '` but passes control characters through, so a U+0001
//! in a transcript produced a file no parser accepts. This writer drops every character
//! outside the XML 1.0 `Char` production and counts what it dropped, so the exporter can warn.

/// Whether a character may appear in an XML 1.0 document at all (the `Char` production:
/// `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`; Rust strings
/// hold no surrogates).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// An XML document being written into a byte buffer.
pub(crate) struct XmlWriter {
    out: Vec<u8>,
    pretty: bool,
    depth: usize,
    /// How many forbidden characters were dropped.
    pub(crate) dropped: usize,
    /// The first dropped character, for the warning.
    pub(crate) first_dropped: Option<char>,
}

impl XmlWriter {
    /// A writer with the XML declaration already written.
    pub(crate) fn new(pretty: bool, capacity: usize) -> Self {
        let mut out = Vec::with_capacity(capacity);
        out.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Self {
            out,
            pretty,
            depth: 0,
            dropped: 0,
            first_dropped: None,
        }
    }

    /// The finished document, with a final newline.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.out.push(b'\n');
        self.out
    }

    /// Starts a new line at the current depth (pretty output only).
    pub(crate) fn newline(&mut self) {
        if self.pretty && self.out.last() != Some(&b'\n') {
            self.out.push(b'\n');
            for _ in 0..self.depth {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)], empty: bool) {
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        for (key, value) in attrs {
            self.out.push(b' ');
            self.out.extend_from_slice(key.as_bytes());
            self.out.extend_from_slice(b"=\"");
            self.escape(value, true);
            self.out.push(b'"');
        }
        if empty {
            self.out.extend_from_slice(b"/>");
        } else {
            self.out.push(b'>');
        }
    }

    /// Opens an element whose children are elements only, on a line of its own.
    pub(crate) fn open_block(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.newline();
        self.start_tag(name, attrs, false);
        self.depth += 1;
    }

    /// Closes an element opened with [`XmlWriter::open_block`].
    pub(crate) fn close_block(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.newline();
        self.end_tag(name);
    }

    /// Opens an element with mixed content on a line of its own; its content and end tag
    /// follow without any added white space.
    pub(crate) fn open_line(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.newline();
        self.start_tag(name, attrs, false);
    }

    /// An element with text content only, on a line of its own.
    pub(crate) fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open_line(name, attrs);
        self.text(text);
        self.end_tag(name);
    }

    /// An empty element on a line of its own.
    pub(crate) fn empty_line(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.newline();
        self.start_tag(name, attrs, true);
    }

    /// Opens an element inside mixed content.
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs, false);
    }

    /// An empty element inside mixed content.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs, true);
    }

    /// Writes an end tag where the writer stands.
    pub(crate) fn end_tag(&mut self, name: &str) {
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }

    /// Writes escaped character data.
    pub(crate) fn text(&mut self, text: &str) {
        self.escape(text, false);
    }

    /// Takes the bytes written from `offset` on out of the buffer.
    #[cfg(test)]
    pub(crate) fn split_off(&mut self, offset: usize) -> Vec<u8> {
        self.out.split_off(offset)
    }

    /// Escapes `s` into the output: `& < >` always (so `]]>` cannot occur), `"` and the white
    /// space characters that attribute-value normalisation would change in attributes, CR in
    /// text (parsers would turn it into LF); characters XML forbids are dropped and counted.
    fn escape(&mut self, s: &str, attr: bool) {
        let bytes = s.as_bytes();
        let mut last = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let replacement: Option<&[u8]> = match b {
                b'&' => Some(b"&amp;"),
                b'<' => Some(b"&lt;"),
                b'>' => Some(b"&gt;"),
                b'"' if attr => Some(b"&quot;"),
                b'\r' => Some(b"&#xD;"),
                b'\n' if attr => Some(b"&#xA;"),
                b'\t' if attr => Some(b"&#x9;"),
                b'\n' | b'\t' => None,
                0..=0x1F => Some(b""),
                // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8.
                0xEF if bytes.get(i + 1) == Some(&0xBF)
                    && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
                {
                    Some(b"")
                }
                _ => None,
            };
            if let Some(rep) = replacement {
                self.out.extend_from_slice(&bytes[last..i]);
                let len = if b == 0xEF { 3 } else { 1 };
                if rep.is_empty() {
                    self.dropped += 1;
                    if self.first_dropped.is_none() {
                        self.first_dropped = s[i..].chars().next();
                    }
                } else {
                    self.out.extend_from_slice(rep);
                }
                i += len;
                last = i;
            } else {
                i += 1;
            }
        }
        self.out.extend_from_slice(&bytes[last..]);
    }
}

#[cfg(test)]
mod tests;
