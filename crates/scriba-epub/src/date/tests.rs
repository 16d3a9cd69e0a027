use super::*;

#[test]
fn epoch_to_iso() {
    assert_eq!(iso_from_epoch(0).as_deref(), Some("1970-01-01T00:00:00Z"));
    assert_eq!(
        iso_from_epoch(1_738_281_600).as_deref(),
        Some("2025-01-31T00:00:00Z")
    );
    assert_eq!(
        iso_from_epoch(951_827_696).as_deref(),
        Some("2000-02-29T12:34:56Z")
    );
    assert_eq!(iso_from_epoch(-1).as_deref(), Some("1969-12-31T23:59:59Z"));
    assert_eq!(iso_from_epoch(i64::MAX), None);
}

#[test]
fn dates() {
    assert_eq!(w3c_date("2025-01-31"), Some("2025-01-31"));
    assert_eq!(w3c_date("2025-01"), Some("2025-01"));
    assert_eq!(w3c_date("2025-01-31T10:00:00Z"), Some("2025-01-31"));
    assert_eq!(w3c_date("31.01.2025"), None);
    assert_eq!(w3c_date("2025-13-01"), None);
    assert_eq!(modified_from_date("2025"), "2025-01-01T00:00:00Z");
}
