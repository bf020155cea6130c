//! Numbers with what they count: `314 tù binh`, `28 điểm`, `1,5 triệu`.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::NumberMention;

/// A number and up to two lowercase words after it, read from the number's first digit.
/// The number must not continue a word, another number, a date or a path: that is
/// checked on the character before it.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(?:\s+\p{Ll}[\p{Ll}\p{M}]*){0,2}").unwrap()
});

/// Words that end a unit: they start the rest of the sentence, not the noun counted.
const NOT_UNIT: &[&str] = &[
    "và", "của", "trong", "đã", "sẽ", "là", "với", "cho", "từ", "tại", "ở", "do", "khi", "thì",
    "mà", "nhưng", "hoặc", "để", "về", "theo", "nói", "này", "đó", "lên", "xuống", "đến", "tới",
];

pub fn find(body: &str) -> Vec<NumberMention> {
    let mut out = Vec::new();
    // Only where a digit starts is the regex run: most of a text has none.
    let bytes = body.as_bytes();
    let mut at = 0;
    // Where the last number read ends: the character before the next one is not in it.
    let mut last_end = 0;
    while let Some(p) = bytes[at..].iter().position(u8::is_ascii_digit) {
        let start = at + p;
        let prev = body[..start].chars().next_back();
        if prev.is_some_and(|c| {
            c.is_alphabetic()
                || c.is_numeric()
                || matches!(c, '/' | '.' | ',')
                || start - c.len_utf8() < last_end
        }) {
            // Skip the rest of this run of digits: it continues something else.
            at = start
                + bytes[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
            continue;
        }
        // Found without captures (a DFA's work): the number is the match up to its
        // first whitespace, which opens the unit.
        let Some(m) = NUMBER.find(&body[start..]) else {
            at = start + 1;
            continue;
        };
        let (n, unit) = m
            .as_str()
            .split_at(m.as_str().find(char::is_whitespace).unwrap_or(m.len()));
        at = start + m.end();
        last_end = at;
        let before = body[..start].trim_end();
        // Ordinals (`thứ 2`) and parts of dates are not quantities.
        if before.ends_with("thứ")
            || before.ends_with("ngày")
            || before.ends_with("tháng")
            || before.ends_with("năm")
        {
            continue;
        }
        let Some(value) = parse_number(n) else {
            continue;
        };
        let unit: Vec<&str> = unit
            .split_whitespace()
            .take_while(|w| !NOT_UNIT.contains(w))
            .collect();
        let unit = (!unit.is_empty()).then(|| unit.join(" "));
        let text = match &unit {
            Some(u) => format!("{n} {u}"),
            None => n.to_owned(),
        };
        out.push(NumberMention { text, value, unit });
    }
    out
}

/// Vietnamese style: `.` groups thousands, `,` is the decimal mark.
fn parse_number(s: &str) -> Option<f64> {
    let plain: String = s
        .chars()
        .filter(|&c| c != '.')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    plain.parse().ok()
}
