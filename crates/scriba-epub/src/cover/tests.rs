use super::*;

#[test]
fn recognises_image_formats() {
    assert_eq!(
        sniff(b"\x89PNG\r\n\x1a\nrest").map(|s| s.1),
        Some("image/png")
    );
    assert_eq!(
        sniff(&[0xff, 0xd8, 0xff, 0xe0]).map(|s| s.1),
        Some("image/jpeg")
    );
    assert_eq!(
        sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>").map(|s| s.1),
        Some("image/svg+xml")
    );
    assert_eq!(sniff(b"BM...."), None);
}

#[test]
fn wraps_and_truncates() {
    let lines = wrap(
        "Varoufakis über Chinas KI DeepSeek und den neuen Kalten Krieg",
        400.0,
        40.0,
        6,
    );
    assert!(lines.len() > 1);
    assert!(lines.iter().all(|l| l.chars().count() * 22 <= 400 + 22));
    let long = "x".repeat(1000);
    let lines = wrap(&long, 400.0, 40.0, 3);
    assert_eq!(lines.len(), 3);
    assert!(lines[2].ends_with('…'));
}
