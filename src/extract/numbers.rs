//! Numbers with what they count: `314 tù binh`, `28 điểm`, `1,5 triệu`.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::NumberMention;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{L}\d/.,])(?P<n>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(?P<unit>(?:\s+\p{Ll}[\p{Ll}\p{M}]*){0,2})")
        .unwrap()
});

/// Words that end a unit: they start the rest of the sentence, not the noun counted.
const NOT_UNIT: &[&str] = &[
    "và", "của", "trong", "đã", "sẽ", "là", "với", "cho", "từ", "tại", "ở", "do", "khi", "thì",
    "mà", "nhưng", "hoặc", "để", "về", "theo", "nói", "này", "đó", "lên", "xuống", "đến", "tới",
];

pub fn find(body: &str) -> Vec<NumberMention> {
    let mut out = Vec::new();
    // Captures are taken on each match alone: far cheaper than over the whole text.
    for found in NUMBER.find_iter(body) {
        let Some(m) = NUMBER.captures(found.as_str()) else {
            continue;
        };
        let n = m.name("n").unwrap();
        let before = body[..found.start() + n.start()].trim_end();
        // Ordinals (`thứ 2`) and parts of dates are not quantities.
        if before.ends_with("thứ")
            || before.ends_with("ngày")
            || before.ends_with("tháng")
            || before.ends_with("năm")
        {
            continue;
        }
        let Some(value) = parse_number(n.as_str()) else {
            continue;
        };
        let unit: Vec<&str> = m["unit"]
            .split_whitespace()
            .take_while(|w| !NOT_UNIT.contains(w))
            .collect();
        let unit = (!unit.is_empty()).then(|| unit.join(" "));
        let text = match &unit {
            Some(u) => format!("{} {u}", n.as_str()),
            None => n.as_str().to_owned(),
        };
        out.push(NumberMention { text, value, unit });
    }
    out
}

/// Vietnamese style: `.` groups thousands, `,` is the decimal mark.
fn parse_number(s: &str) -> Option<f64> {
    s.replace('.', "").replace(',', ".").parse().ok()
}
