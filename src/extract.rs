//! The extract stage: what an article mentions, from its clean body.
//!
//! Dates are resolved day/month against the publication date, numbers are paired with
//! what they count, and quotes with a speaker when a reporting verb names one. Entities
//! are not extracted yet: the field stays empty rather than holding guesses.

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate};
use regex::Regex;

use crate::record::{DateMention, Entity, NumberMention, Quote};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub dates: Vec<DateMention>,
    pub numbers: Vec<NumberMention>,
}

/// Extracts from `body`; `published` (ISO date or date-time) anchors relative dates.
pub fn extract(body: &str, published: Option<&str>) -> Extraction {
    let anchor = published.and_then(|p| NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d").ok());
    let dates = dates(body, anchor);
    Extraction {
        entities: Vec::new(),
        quotes: quotes(body),
        numbers: numbers(body),
        dates,
    }
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b(?:(?P<cue>(?i:ngày|hôm|sáng|chiều|trưa|tối|đêm|rạng\ sáng))\s+)?
          (?:nay\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?\b
        | \b(?P<rel>(?i:hôm\ nay|ngày\ mai|hôm\ qua|ngày\ hôm\ qua))\b
        | \b(?i:tháng)\s+(?P<mo>\d{1,2})(?:/(?P<moy>\d{4})|\s+năm\s+(?P<moy2>\d{4}))?\b",
    )
    .unwrap()
});

fn dates(body: &str, anchor: Option<NaiveDate>) -> Vec<DateMention> {
    let mut out = Vec::new();
    for m in DATE.captures_iter(body) {
        let text = m.get(0).unwrap().as_str().to_owned();
        let date = if let (Some(d), Some(mo)) = (m.name("d"), m.name("m")) {
            let (day, month): (u32, u32) = (
                d.as_str().parse().unwrap_or(0),
                mo.as_str().parse().unwrap_or(0),
            );
            let year = m.name("y").and_then(|y| y.as_str().parse::<i32>().ok());
            // Without a cue word or a year, `3/4` may be a fraction or a score.
            if m.name("cue").is_none() && year.is_none() {
                continue;
            }
            day_month(day, month, year, anchor)
        } else if let Some(rel) = m.name("rel") {
            let Some(anchor) = anchor else { continue };
            let day = match rel.as_str().to_lowercase().as_str() {
                "ngày mai" => anchor.checked_add_days(Days::new(1)),
                "hôm nay" => Some(anchor),
                _ => anchor.checked_sub_days(Days::new(1)),
            };
            day.map(|d| d.format("%Y-%m-%d").to_string())
        } else {
            let month: u32 = m["mo"].parse().unwrap_or(0);
            let year = m
                .name("moy")
                .or(m.name("moy2"))
                .and_then(|y| y.as_str().parse().ok());
            month_only(month, year, anchor)
        };
        if let Some(date) = date {
            out.push(DateMention { text, date });
        }
    }
    out
}

/// A day/month date. Without a year, the publication year, or the year before when the
/// date would fall well after publication (news mostly reports the past).
fn day_month(day: u32, month: u32, year: Option<i32>, anchor: Option<NaiveDate>) -> Option<String> {
    match (year, anchor) {
        (Some(y), _) => {
            NaiveDate::from_ymd_opt(y, month, day).map(|d| d.format("%Y-%m-%d").to_string())
        }
        (None, Some(anchor)) => {
            let mut date = NaiveDate::from_ymd_opt(anchor.year(), month, day)?;
            if date > anchor.checked_add_months(Months::new(2))? {
                date = NaiveDate::from_ymd_opt(anchor.year() - 1, month, day)?;
            }
            Some(date.format("%Y-%m-%d").to_string())
        }
        // No year and nothing to anchor it: keep the day and month only.
        (None, None) => {
            NaiveDate::from_ymd_opt(2000, month, day)?; // validates, 2000 being a leap year
            Some(format!("--{month:02}-{day:02}"))
        }
    }
}

fn month_only(month: u32, year: Option<i32>, anchor: Option<NaiveDate>) -> Option<String> {
    if !(1..=12).contains(&month) {
        return None;
    }
    match year.or(anchor.map(|a| a.year())) {
        Some(y) => Some(format!("{y:04}-{month:02}")),
        None => Some(format!("--{month:02}")),
    }
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{L}\d/.,])(?P<n>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(?P<unit>(?:\s+\p{Ll}[\p{Ll}\p{M}]*){0,2})")
        .unwrap()
});

/// Words that end a unit: they start the rest of the sentence, not the noun counted.
const NOT_UNIT: &[&str] = &[
    "và", "của", "trong", "đã", "sẽ", "là", "với", "cho", "từ", "tại", "ở", "do", "khi", "thì",
    "mà", "nhưng", "hoặc", "để", "về", "theo", "nói", "này", "đó", "lên", "xuống", "đến", "tới",
];

fn numbers(body: &str) -> Vec<NumberMention> {
    let mut out = Vec::new();
    for m in NUMBER.captures_iter(body) {
        let n = m.name("n").unwrap();
        let before = body[..n.start()].trim_end();
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

static QUOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"“(?P<a>[^”]+)”|"(?P<b>[^"\n]+)"|‘(?P<c>[^’\n]+)’"#).unwrap());
static SPEAKER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{L}])(?:(?i:ông|bà)\s+)?(?P<who>(?:\p{Lu}[\p{Ll}\p{M}]*\s+){0,3}\p{Lu}[\p{Ll}\p{M}]*),?\s+(?:cho biết|nói|nhấn mạnh|tuyên bố|khẳng định|thông báo|nêu rõ|nói rõ)\s*:\s*$")
        .unwrap()
});
static SPEAKER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[,.]?\s*(?:(?i:ông|bà|tổng thống|ngoại trưởng|thủ tướng|người phát ngôn)\s+)?(?P<who>(?:\p{Lu}[\p{Ll}\p{M}]*\s+){0,3}\p{Lu}[\p{Ll}\p{M}]*)\s+(?:nói|cho hay|cho biết|nhấn mạnh|khẳng định|tuyên bố)")
        .unwrap()
});

fn quotes(body: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    for m in QUOTE.captures_iter(body) {
        let inner = m
            .name("a")
            .or(m.name("b"))
            .or(m.name("c"))
            .unwrap()
            .as_str()
            .trim();
        // Short quoted phrases are scare quotes (‘ngoài lề’), not statements.
        if inner.split_whitespace().count() < 4 {
            continue;
        }
        let whole = m.get(0).unwrap();
        let before = &body[..whole.start()];
        let before = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
        let speaker = SPEAKER_BEFORE
            .captures(before)
            .or_else(|| SPEAKER_AFTER.captures(&body[whole.end()..]))
            .map(|c| c["who"].to_owned());
        out.push(Quote {
            text: inner.to_owned(),
            speaker,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_pairs(body: &str, published: Option<&str>) -> Vec<(String, String)> {
        extract(body, published)
            .dates
            .into_iter()
            .map(|d| (d.text, d.date))
            .collect()
    }

    #[test]
    fn dates_are_day_month_and_anchored_to_publication() {
        type Case<'a> = (&'a str, Option<&'a str>, &'a [(&'a str, &'a str)]);
        let cases: &[Case] = &[
            (
                "Ngày 11/2, ông nói.",
                Some("2026-02-11"),
                &[("Ngày 11/2", "2026-02-11")],
            ),
            (
                "hôm 6/2 và sáng 7/2",
                Some("2026-02-11"),
                &[("hôm 6/2", "2026-02-06"), ("sáng 7/2", "2026-02-07")],
            ),
            (
                "ở Geneva hôm 23/11",
                Some("2026-01-05"),
                &[("hôm 23/11", "2025-11-23")],
            ),
            ("ngày 18/2/2025.", None, &[("ngày 18/2/2025", "2025-02-18")]),
            ("hôm 6/2", None, &[("hôm 6/2", "--02-06")]),
            (
                "vào ngày mai",
                Some("2025-02-26T16:39"),
                &[("ngày mai", "2025-02-27")],
            ),
            (
                "thời hạn tháng 6 cho",
                Some("2026-02-11"),
                &[("tháng 6", "2026-06")],
            ),
            ("được 3/4 số phiếu", Some("2026-02-11"), &[]),
            ("ngày 31/2", Some("2026-02-11"), &[]),
        ];
        for (body, published, expected) in cases {
            let expected: Vec<(String, String)> = expected
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            assert_eq!(date_pairs(body, *published), expected, "{body}");
        }
    }

    #[test]
    fn numbers_carry_what_they_count() {
        let found: Vec<(String, f64, Option<String>)> =
            extract("phóng thích 314 tù binh chiến tranh, gồm 28 điểm và vòng thứ 2 với 1.000 người, 1,5 triệu", None)
                .numbers
                .into_iter()
                .map(|n| (n.text, n.value, n.unit))
                .collect();
        assert_eq!(
            found,
            vec![
                ("314 tù binh".into(), 314.0, Some("tù binh".into())),
                ("28 điểm".into(), 28.0, Some("điểm".into())),
                ("1.000 người".into(), 1000.0, Some("người".into())),
                ("1,5 triệu".into(), 1.5, Some("triệu".into())),
            ]
        );
    }

    #[test]
    fn quotes_with_speakers_and_without_scare_quotes() {
        let body = "Ông Sergey Lavrov cho biết: \"Chúng tôi tin rằng có thể đạt thỏa thuận\".\n\n\
            “Người Mỹ đề xuất các bên chấm dứt chiến tranh”, Tổng thống Zelensky nói.\n\nKiev vẫn ‘ngoài lề’.";
        let q = extract(body, None).quotes;
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].speaker.as_deref(), Some("Sergey Lavrov"));
        assert_eq!(q[1].text, "Người Mỹ đề xuất các bên chấm dứt chiến tranh");
        assert_eq!(q[1].speaker.as_deref(), Some("Zelensky"));
    }
}
