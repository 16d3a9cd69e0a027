//! Serialises a lopdf document as a PDF file with a classic cross-reference table.
//!
//! lopdf's own writer formats every token through `write!` into a `dyn Write`; a tagged
//! 150,000-word transcript has tens of thousands of small objects and array entries, and
//! writing them here, straight into one buffer, takes a fraction of the time.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

/// The PDF file of `pdf` and of the objects `raw` (already serialised, not in `pdf`):
/// header, every object in id order, the cross-reference table and the trailer (with
/// `/Size`).
pub(crate) fn save(pdf: &Document, mut raw: Vec<(ObjectId, Vec<u8>)>) -> Vec<u8> {
    let streams: usize = pdf
        .objects
        .values()
        .map(|o| match o {
            Object::Stream(s) => s.content.len(),
            _ => 0,
        })
        .sum();
    raw.sort_unstable_by_key(|(id, _)| *id);
    let raw_bytes: usize = raw.iter().map(|(_, b)| b.len() + 32).sum();
    let mut out = Vec::with_capacity(streams + raw_bytes + pdf.objects.len() * 96 + 1024);
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(pdf.version.as_bytes());
    // A comment of bytes above 127 tells transfer programs the file is binary.
    out.extend_from_slice(b"\n%\xBB\xAD\xC0\xDE\n");
    let size = pdf
        .objects
        .keys()
        .chain(raw.iter().map(|(id, _)| id))
        .map(|id| id.0)
        .max()
        .unwrap_or(0)
        + 1;
    let mut offsets = vec![None; size as usize];
    // Both lists are in id order: merge them.
    let mut raw = raw.into_iter().peekable();
    let mut objects = pdf.objects.iter().peekable();
    loop {
        let take_raw = match (objects.peek(), raw.peek()) {
            (Some((a, _)), Some((b, _))) => b < *a,
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (None, None) => break,
        };
        if take_raw {
            let Some(((id, generation), body)) = raw.next() else {
                break;
            };
            start_object(&mut out, &mut offsets, id, generation);
            out.extend_from_slice(&body);
        } else {
            let Some((&(id, generation), object)) = objects.next() else {
                break;
            };
            start_object(&mut out, &mut offsets, id, generation);
            write_object(&mut out, object);
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 ");
    push_u64(&mut out, u64::from(size));
    out.extend_from_slice(b"\n0000000000 65535 f \n");
    for entry in offsets.iter().skip(1) {
        match entry {
            Some((offset, generation)) => {
                push_padded(&mut out, *offset as u64, 10);
                out.push(b' ');
                push_padded(&mut out, u64::from(*generation), 5);
                out.extend_from_slice(b" n \n");
            }
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    let mut trailer = pdf.trailer.clone();
    trailer.set("Size", Object::Integer(i64::from(size)));
    out.extend_from_slice(b"trailer\n");
    write_dictionary(&mut out, &trailer);
    out.extend_from_slice(b"\nstartxref\n");
    push_u64(&mut out, xref as u64);
    out.extend_from_slice(b"\n%%EOF");
    out
}

/// Records where object `id` starts and writes its `id gen obj` line.
fn start_object(out: &mut Vec<u8>, offsets: &mut [Option<(usize, u16)>], id: u32, generation: u16) {
    offsets[id as usize] = Some((out.len(), generation));
    push_u64(out, u64::from(id));
    out.push(b' ');
    push_u64(out, u64::from(generation));
    out.extend_from_slice(b" obj\n");
}

/// Appends an indirect reference (`12 0 R`).
pub(super) fn push_ref(out: &mut Vec<u8>, (id, generation): ObjectId) {
    push_u64(out, u64::from(id));
    out.push(b' ');
    push_u64(out, u64::from(generation));
    out.extend_from_slice(b" R");
}

fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(v) => push_i64(out, *v),
        // As lopdf writes them: the shortest text that reads back as the same f32.
        Object::Real(v) => out.extend_from_slice(v.to_string().as_bytes()),
        Object::Name(name) => write_name(out, name),
        Object::String(text, StringFormat::Literal) => {
            out.push(b'(');
            for &b in text {
                match b {
                    b'(' | b')' | b'\\' => {
                        out.push(b'\\');
                        out.push(b);
                    }
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::String(text, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for &b in text {
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            let mut dict = stream.dict.clone();
            dict.set("Length", Object::Integer(stream.content.len() as i64));
            write_dictionary(out, &dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => push_ref(out, *id),
    }
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        write_name(out, key);
        // A delimiter follows a name directly; other objects need a space.
        if !matches!(
            value,
            Object::Name(_)
                | Object::String(..)
                | Object::Array(_)
                | Object::Dictionary(_)
                | Object::Stream(_)
        ) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

/// A name, with white space, delimiters, `#` and bytes outside `!`–`~` as `#xx`.
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.push(b'#');
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 15)]);
        } else {
            out.push(b);
        }
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends an integer in decimal.
pub(super) fn push_i64(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    push_u64(out, v.unsigned_abs());
}

fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// `n` in decimal with leading zeros to `width` digits (cross-reference entries).
fn push_padded(out: &mut Vec<u8>, n: u64, width: usize) {
    let digits = n.checked_ilog10().map_or(1, |d| d as usize + 1);
    out.resize(out.len() + width.saturating_sub(digits), b'0');
    push_u64(out, n);
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Stream;

    #[test]
    fn a_document_reads_back_the_same() {
        let mut pdf = Document::with_version("1.7");
        let stream = pdf.add_object(Stream::new(
            Dictionary::from_iter([("Filter", Object::Name(b"None".to_vec()))]),
            b"BT (a) Tj ET".to_vec(),
        ));
        let dict = pdf.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Test".to_vec())),
            ("Name With Space", Object::Name(b"a/b#c".to_vec())),
            ("Int", Object::Integer(-42)),
            ("Real", Object::Real(612.3)),
            ("Bool", Object::Boolean(true)),
            ("Null", Object::Null),
            (
                "Lit",
                Object::String(b"(x) \\ \r y".to_vec(), StringFormat::Literal),
            ),
            (
                "Hex",
                Object::String(vec![0, 0xAB, 0xFF], StringFormat::Hexadecimal),
            ),
            (
                "Arr",
                Object::Array(vec![
                    Object::Integer(1),
                    Object::Reference(stream),
                    Object::Array(vec![]),
                ]),
            ),
            ("Ref", Object::Reference(stream)),
        ]));
        pdf.trailer.set("Root", Object::Reference(dict));
        let bytes = save(&pdf, vec![((99, 0), b"<</Raw true>>".to_vec())]);
        let back = Document::load_mem(&bytes).expect("lopdf reads it");
        assert_eq!(back.objects.get(&dict), pdf.objects.get(&dict));
        let s = back
            .get_object(stream)
            .and_then(Object::as_stream)
            .expect("the stream");
        assert_eq!(s.content, b"BT (a) Tj ET");
        assert!(bytes.starts_with(b"%PDF-1.7\n"));
        // The raw object is written as given, and the table covers it.
        let raw = back.get_dictionary((99, 0)).expect("the raw object");
        assert_eq!(raw.get(b"Raw").and_then(Object::as_bool).ok(), Some(true));
        assert!(bytes.ends_with(b"%%EOF"));
    }

    #[test]
    fn numbers_are_padded_for_the_cross_reference_table() {
        let mut out = Vec::new();
        push_padded(&mut out, 1234, 10);
        push_padded(&mut out, 0, 5);
        assert_eq!(out, b"000000123400000");
    }
}
