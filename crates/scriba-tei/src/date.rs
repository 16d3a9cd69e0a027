//! Dates and durations without a clock: civil dates from Unix time, W3C date checks and ISO
//! 8601 durations.

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = yoe + era * 400 + i64::from(month <= 2);
    // The casts are in range: day ≤ 31 and month ≤ 12 by construction.
    (year, month as u32, day as u32)
}

/// `YYYY-MM-DD` for a Unix timestamp in seconds, or `None` outside the years 1–9999.
pub(crate) fn date_from_epoch(secs: i64) -> Option<String> {
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    (1..=9999)
        .contains(&year)
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// Whether `s` is a W3C date TEI accepts in `@when`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
/// (a real calendar date).
pub(crate) fn is_w3c_date(s: &str) -> bool {
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let mut parts = s.split('-');
    let Some(year) = parts.next().and_then(|p| num(p, 4)) else {
        return false;
    };
    let month = match parts.next() {
        None => return true,
        Some(p) => match num(p, 2) {
            Some(m @ 1..=12) => m,
            _ => return false,
        },
    };
    match (parts.next(), parts.next()) {
        (None, _) => true,
        (Some(p), None) => num(p, 2).is_some_and(|d| d >= 1 && d <= days_in_month(year, month)),
        _ => false,
    }
}

/// An ISO 8601 duration for `ms` milliseconds, such as `PT1H2M3.456S`.
pub(crate) fn iso_duration(ms: u64) -> String {
    let (h, m, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || frac > 0 || (h == 0 && m == 0) {
        if frac > 0 {
            out.push_str(&format!("{s}.{frac:03}S"));
        } else {
            out.push_str(&format!("{s}S"));
        }
    }
    out
}

/// Parses what [`iso_duration`] writes (hours, minutes, seconds with up to three decimals).
pub(crate) fn parse_iso_duration(s: &str) -> Option<u64> {
    let mut rest = s.strip_prefix("PT")?;
    let mut total: u64 = 0;
    let mut seen = false;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !c.is_ascii_digit() && c != '.')?;
        let (num, unit) = rest.split_at(end);
        let unit_ms: u64 = match unit.chars().next()? {
            'H' => 3_600_000,
            'M' => 60_000,
            'S' => 1000,
            _ => return None,
        };
        let (int, frac) = num.split_once('.').unwrap_or((num, ""));
        if frac.len() > 3 || (unit_ms != 1000 && !frac.is_empty()) || int.is_empty() {
            return None;
        }
        let frac_ms: u64 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<3}").parse().ok()?
        };
        total = total.checked_add(int.parse::<u64>().ok()?.checked_mul(unit_ms)?)?;
        total = total.checked_add(frac_ms)?;
        rest = &rest[end + 1..];
        seen = true;
    }
    seen.then_some(total)
}

#[cfg(test)]
mod tests {
    use super::{civil_from_days, date_from_epoch, is_w3c_date, iso_duration, parse_iso_duration};

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(
            date_from_epoch(1_738_281_600).as_deref(),
            Some("2025-01-31")
        );
        assert_eq!(
            date_from_epoch(1_738_367_999).as_deref(),
            Some("2025-01-31")
        );
        assert_eq!(date_from_epoch(-62_200_000_000), None);
    }

    #[test]
    fn every_day_of_four_centuries_round_trips_through_the_calendar() {
        let mut days = -719_468_i64 + 366; // 0001-01-01 is well inside
        let (mut y, mut m, mut d) = civil_from_days(days);
        while y < 2400 {
            days += 1;
            let next = civil_from_days(days);
            let expected = if d < super::days_in_month(y as u32, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            assert_eq!(next, expected, "day {days}");
            (y, m, d) = next;
        }
    }

    #[test]
    fn w3c_dates() {
        for ok in ["2025", "2025-01", "2025-01-31", "2024-02-29"] {
            assert!(is_w3c_date(ok), "{ok}");
        }
        for bad in [
            "25",
            "2025-13",
            "2025-02-29",
            "2025-1-1",
            "31.01.2025",
            "",
            "2025-01-31T",
        ] {
            assert!(!is_w3c_date(bad), "{bad}");
        }
    }

    #[test]
    fn durations_round_trip() {
        for (ms, text) in [
            (0, "PT0S"),
            (1, "PT0.001S"),
            (61_000, "PT1M1S"),
            (3_600_000, "PT1H"),
            (3_723_456, "PT1H2M3.456S"),
        ] {
            assert_eq!(iso_duration(ms), text);
            assert_eq!(parse_iso_duration(text), Some(ms));
        }
        assert_eq!(parse_iso_duration("P1D"), None);
        assert_eq!(parse_iso_duration("PT1.5H"), None);
    }
}
