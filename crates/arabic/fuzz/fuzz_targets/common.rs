//! Shared by the parser fuzz targets: reading the fuzzer's bytes as text and a reference date, and the span checks every finding must pass.

use jiff::civil::Date;
use marsad_model::Span;

/// The text is the input after its first three bytes, which choose the reference date (or
/// none): every year the calendar can hold, so date arithmetic meets its edges.
pub fn split(data: &[u8]) -> Option<(Option<Date>, &str)> {
    let (head, rest) = data.split_at_checked(3)?;
    let text = std::str::from_utf8(rest).ok()?;
    if head[0] & 0x80 != 0 {
        return Some((None, text));
    }
    let year = 1 + (u16::from_le_bytes([head[0], head[1]]) % 9999) as i16;
    let month = 1 + (head[2] % 12) as i8;
    let day = 1 + (head[2] / 12 % 31) as i8;
    // Days past a month's end are clamped rather than dropped.
    let date = Date::new(year, month, day).unwrap_or_else(|_| Date::new(year, month, 1).expect("the first of a month exists").last_of_month());
    Some((Some(date), text))
}

/// A finding's span lies inside `text` and its text is what the span covers.
pub fn check_span(text: &str, span: Span, said: &str, what: &str) {
    let n = text.chars().count() as u32;
    assert!(span.end() <= n, "{what} span {span:?} past the end ({n} chars)");
    let covered: String = text.chars().skip(span.start() as usize).take(span.len() as usize).collect();
    assert_eq!(covered, said, "{what}: its text is not what its span covers");
}
