use super::*;

#[test]
fn dates_and_durations() {
    assert_eq!(display_date("2025-01-31", "de"), "31. Januar 2025");
    assert_eq!(display_date("2025-01-31", "en"), "31 January 2025");
    assert_eq!(display_date("Januar 2025", "de"), "Januar 2025");
    assert_eq!(clock(3_723_000), "1:02:03");
    assert_eq!(clock(65_000), "1:05");
}
