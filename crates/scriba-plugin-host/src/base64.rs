//! Standard base64 decoding (RFC 4648, padding optional): how binary artifacts come back from
//! plugins.

/// Decodes standard base64; `None` on a character outside the alphabet or a bad length.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let digits = text.trim_end_matches('=').as_bytes();
    if text.len() - digits.len() > 2 || digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() / 4 * 3 + 2);
    for chunk in digits.chunks(4) {
        let mut n: u32 = 0;
        for (i, &c) in chunk.iter().enumerate() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => return None,
            };
            n |= u32::from(v) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn rfc4648_vectors() {
        for (expected, input) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("foob", "Zm9vYg"),
        ] {
            assert_eq!(
                decode(input).as_deref(),
                Some(expected.as_bytes()),
                "{input}"
            );
        }
        assert_eq!(decode("//4A"), Some(vec![0xff, 0xfe, 0x00]));
        for bad in ["Z", "Zm9v!", "Zg===", "Zm9 v"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
