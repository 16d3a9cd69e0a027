//! Dates without a clock: Unix seconds to ISO 8601, and checks of the transcript's date.

/// The `dcterms:modified` form (`CCYY-MM-DDThh:mm:ssZ`) of a Unix timestamp, or `None` when
/// the year falls outside 0000–9999.
pub(crate) fn iso_from_epoch(secs: i64) -> Option<String> {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return None;
    }
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    ))
}

/// Year, month and day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The date part of `date` when it is a W3CDTF date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`,
/// optionally followed by a time, which is cut off), as `dc:date` requires.
pub(crate) fn w3c_date(date: &str) -> Option<&str> {
    let date = date.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let in_range = |s: &str, hi: u32| s.parse::<u32>().is_ok_and(|v| (1..=hi).contains(&v));
    let day_part = date
        .get(..10)
        .filter(|_| date.len() > 10 && date.as_bytes()[10] == b'T');
    let candidate = day_part.unwrap_or(date);
    let parts: Vec<&str> = candidate.split('-').collect();
    let ok = match parts.as_slice() {
        [y] => y.len() == 4 && digits(y),
        [y, m] => y.len() == 4 && digits(y) && m.len() == 2 && in_range(m, 12),
        [y, m, d] => {
            y.len() == 4
                && digits(y)
                && m.len() == 2
                && in_range(m, 12)
                && d.len() == 2
                && in_range(d, 31)
        }
        _ => false,
    };
    ok.then_some(candidate)
}

/// Midnight UTC of a W3CDTF date in `dcterms:modified` form (month and day default to 01).
pub(crate) fn modified_from_date(date: &str) -> String {
    let mut parts = date.split('-');
    let y = parts.next().unwrap_or("1980");
    let m = parts.next().unwrap_or("01");
    let d = parts.next().unwrap_or("01");
    format!("{y}-{m}-{d}T00:00:00Z")
}

#[cfg(test)]
mod tests;
