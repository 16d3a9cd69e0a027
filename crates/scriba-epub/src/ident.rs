//! The package identifier: given, or derived from the content.

use sha2::{Digest, Sha256};

use scriba_core::Transcript;

/// The identifier to use: the option, else the transcript's own, else a `urn:uuid:` made
/// from the SHA-256 of the transcript's JSON form (UUID version 8, RFC 9562 §5.8). The same
/// content always gives the same identifier; the build time plays no part.
pub(crate) fn identifier(doc: &Transcript, given: Option<&str>) -> String {
    let given = given
        .or(doc.meta.identifier.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(id) = given {
        return id.to_owned();
    }
    let mut hasher = Sha256::new();
    // Serialising plain data with string keys cannot fail; should it ever, the hash of the
    // error text still gives a deterministic identifier.
    match serde_json::to_vec(doc) {
        Ok(json) => hasher.update(&json),
        Err(e) => hasher.update(e.to_string().as_bytes()),
    }
    let digest = hasher.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests;
