//! Dates mentioned: `ngày 11/2`, `hôm 6/2`, `sáng 7/2`, `phiên 4/12` (a trading day),
//! `18/2/2025`, `hôm nay`, `đêm nay`, `ngày mai`, `tối qua`, `tháng 6`, always day/month,
//! resolved against the publication date.

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate};
use regex::Regex;

use crate::record::DateMention;

// No `\b`: a Unicode word boundary keeps the regex off its fast DFA on Vietnamese text,
// so the boundaries are checked on each match instead (`at_word_boundaries`).
//
// The three kinds of date, each its own pattern as well ([`PARTS`]): every match of the
// first holds a `/`, of the second a `nay`, `mai` or `qua`, of the third a `tháng`.
const DAY_MONTH: &str = r"(?x)
    (?:(?P<cue>(?i:ngày|hôm|sáng|chiều|trưa|tối|đêm|rạng\ sáng|phiên(?:\ giao\ dịch)?))\s+)?
      (?:nay\s+)?(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})(?:/(?P<y>[0-9]{4}))?";
const RELATIVE: &str = r"(?x)
    (?P<rel>(?i:(?:hôm|sáng|chiều|trưa|tối|đêm)\ nay|(?:ngày|sáng|chiều|trưa|tối|đêm)\ mai|(?:hôm|sáng|chiều|trưa|tối|đêm)\ qua|ngày\ hôm\ qua))";
const MONTH: &str = r"(?x)
    (?P<past>(?i:hồi)\s+)?(?i:tháng)\s+(?P<mo>[0-9]{1,2})(?:/(?P<moy>[0-9]{4})|\s+năm\s+(?P<moy2>[0-9]{4}))?";

/// Any kind of date: its captures say which.
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("{DAY_MONTH}|{RELATIVE}|{MONTH}")).unwrap());

/// [`DATE`]'s alternatives apart. Searched as one, the lazy DFA reads every byte of the
/// text; apart, the regex crate looks for each one's literal first (`/`, the cue words'
/// endings, `tháng`) and runs its automata only around them.
static PARTS: LazyLock<[Regex; 3]> =
    LazyLock::new(|| [DAY_MONTH, RELATIVE, MONTH].map(|p| Regex::new(p).unwrap()));

/// The matches of [`DATE`] in `body`, as `DATE.find_iter` gives them, found with
/// [`PARTS`]: from each position on, the leftmost match of any part, and of the parts
/// matching there the first, as [`DATE`]'s alternation prefers it.
fn date_matches(body: &str) -> impl Iterator<Item = regex::Match<'_>> {
    let parts = &*PARTS;
    // Each part's next match from `at` on (`None` once it has no more); recomputed only
    // once a chosen match has passed its start.
    let mut next: [Option<regex::Match<'_>>; 3] = std::array::from_fn(|i| parts[i].find(body));
    std::iter::from_fn(move || {
        let (i, found) = next
            .iter()
            .enumerate()
            .filter_map(|(i, m)| Some((i, (*m)?)))
            .min_by_key(|(i, m)| (m.start(), *i))?;
        // No part matches the empty string, so the search always moves on.
        let at = found.end();
        for (k, m) in next.iter_mut().enumerate() {
            if k == i || m.is_some_and(|m| m.start() < at) {
                *m = parts[k].find_at(body, at);
            }
        }
        Some(found)
    })
}

/// The numbers of [`DATE`]'s named groups, looked up once: a group read by its name is
/// looked up by hashing the name on every read.
struct Groups {
    cue: usize,
    d: usize,
    m: usize,
    y: usize,
    rel: usize,
    past: usize,
    mo: usize,
    moy: usize,
    moy2: usize,
}

static GROUPS: LazyLock<Groups> = LazyLock::new(|| {
    let index = |name: &str| {
        DATE.capture_names()
            .position(|n| n == Some(name))
            .expect("DATE has the group")
    };
    Groups {
        cue: index("cue"),
        d: index("d"),
        m: index("m"),
        y: index("y"),
        rel: index("rel"),
        past: index("past"),
        mo: index("mo"),
        moy: index("moy"),
        moy2: index("moy2"),
    }
});

/// Whether the match stands alone: no letter or digit glued to either end, and no
/// further `/digit` (a fraction or a longer number).
fn at_word_boundaries(body: &str, m: &regex::Match) -> bool {
    let before = body[..m.start()].chars().next_back();
    let mut after = body[m.end()..].chars();
    let next = after.next();
    before.is_none_or(|c| !c.is_alphanumeric())
        && next.is_none_or(|c| {
            !(c.is_alphanumeric() || (c == '/' && after.next().is_some_and(|d| d.is_ascii_digit())))
        })
}

pub fn find(body: &str, anchor: Option<NaiveDate>) -> Vec<DateMention> {
    let mut out = Vec::new();
    let g = &*GROUPS;
    // Where the last day/month date ended: `ngày 8/8 đến 15/8` makes the second a date.
    let mut last_end: Option<usize> = None;
    // The lazy DFAs find each match; captures are taken on the match alone, which is
    // much cheaper than running the capturing engine over the whole text.
    for found in date_matches(body) {
        if !at_word_boundaries(body, &found) {
            continue;
        }
        let Some(m) = DATE.captures(found.as_str()) else {
            continue;
        };
        let offset = found.start();
        let text = m.get(0).unwrap().as_str().to_owned();
        let date = if let (Some(d), Some(mo)) = (m.get(g.d), m.get(g.m)) {
            let (day, month): (u32, u32) = (
                d.as_str().parse().unwrap_or(0),
                mo.as_str().parse().unwrap_or(0),
            );
            let year = m.get(g.y).and_then(|y| y.as_str().parse::<i32>().ok());
            // Without a cue word or a year, `3/4` may be a fraction or a score; it is a
            // date when it names a day (`Quốc khánh 2/9`) or says when (`2/9 tới`).
            let ends_a_range = last_end.is_some_and(|end| {
                matches!(
                    body[end..offset].trim(),
                    "đến" | "tới" | "-" | "–" | "và" | "đến ngày" | "tới ngày"
                )
            });
            // `hai ngày 26 và 27/6`, `từ 26-27/6`: days listed before the month share it.
            let listed = listed_days(&body[..offset]);
            if m.get(g.cue).is_none()
                && year.is_none()
                && !ends_a_range
                && listed.is_empty()
                && !names_a_day(body, found)
            {
                continue;
            }
            last_end = Some(found.end());
            let tense = if FUTURE_AFTER.is_match(&body[offset + m.get(0).unwrap().end()..]) {
                Tense::Future
            } else if m
                .get(g.cue)
                .is_some_and(|c| c.as_str().eq_ignore_ascii_case("hôm"))
            {
                Tense::Past
            } else if speaks_of_the_future(&body[..offset]) {
                Tense::Future
            } else if sets_a_deadline(&body[..offset]) {
                Tense::Deadline
            } else {
                Tense::Unstated
            };
            let year = year.or_else(|| relative_year(&body[found.end()..], anchor));
            for (text, day) in listed {
                if let Some(date) = day_month(day, month, year, anchor, tense) {
                    out.push(DateMention { text, date });
                }
            }
            day_month(day, month, year, anchor, tense)
        } else if let Some(rel) = m.get(g.rel) {
            let Some(anchor) = anchor else { continue };
            // `hôm nay`, `đêm nay`: the publication day; `ngày mai` the next; `hôm
            // qua`, `tối qua` the one before.
            let rel = rel.as_str().to_lowercase();
            let day = if rel.ends_with("nay") {
                Some(anchor)
            } else if rel.ends_with("mai") {
                anchor.checked_add_days(Days::new(1))
            } else {
                anchor.checked_sub_days(Days::new(1))
            };
            day.map(|d| d.to_string())
        } else {
            let month: u32 = m[g.mo].parse().unwrap_or(0);
            let year = m
                .get(g.moy)
                .or(m.get(g.moy2))
                .and_then(|y| y.as_str().parse().ok())
                .or_else(|| relative_year(&body[found.end()..], anchor));
            let future = speaks_of_the_future(&body[..found.start()]);
            month_only(month, year, anchor, m.get(g.past).is_some(), future)
        };
        if let Some(date) = date {
            out.push(DateMention { text, date });
        }
    }
    out
}

/// The year that words right after a date give it against the publication date:
/// `tháng 10 năm ngoái`, `ngày 5/3 năm nay`, `tháng 2 năm sau`.
fn relative_year(after: &str, anchor: Option<NaiveDate>) -> Option<i32> {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s+năm\s+(ngoái|trước|nay|sau|tới)(?:$|[^\p{L}\p{N}])").unwrap()
    });
    let year = anchor?.year();
    let m = YEAR.captures(after)?;
    Some(match &m[1] {
        "ngoái" | "trước" => year - 1,
        "nay" => year,
        _ => year + 1,
    })
}

/// The days listed, after a time word, right before a bare `d/m` (`ngày 26 và ` before
/// `27/6`, `sáng 3, 4 và ` before `5/7`), with the text naming each.
fn listed_days(before: &str) -> Vec<(String, u32)> {
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?:^|[^\p{L}])((?:ngày|hôm|sáng|chiều|trưa|tối|đêm|từ)\s+((?:[0-9]{1,2}\s*,\s*)*[0-9]{1,2}))\s*(?:,|và|đến|tới|-|–)\s*$",
        )
        .unwrap()
    });
    // Only the sentence's tail is looked at: the pattern is anchored at its end.
    let tail = &before[before.floor_char_boundary(before.len().saturating_sub(80))..];
    let Some(m) = LIST.captures(tail) else {
        return Vec::new();
    };
    let cue = m[1].split_whitespace().next().unwrap_or("");
    m[2].split(',')
        .filter_map(|d| d.trim().parse().ok())
        .map(|d: u32| (format!("{cue} {d}"), d))
        .collect()
}

/// Words after a date that put it in the future: `2/9 tới`, `ngày 5/3 sắp tới`.
static FUTURE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(?:tới|sắp tới|năm sau|năm tới)\b").unwrap());

/// Whether the sentence before a date says it is to come: `Mỹ Tâm sẽ tổ chức đêm nhạc
/// … vào tối 20/9`, `dự kiến khai mạc ngày 3/2`.
fn speaks_of_the_future(before: &str) -> bool {
    static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|[^\p{L}])(?:sẽ|dự kiến|sắp|dự định)(?:$|[^\p{L}])").unwrap()
    });
    let sentence = before
        .rfind(['.', '!', '?', '\n'])
        .map_or(before, |end| &before[end + 1..]);
    FUTURE.is_match(sentence)
}

/// Whether the words before a date make it a deadline or the end of a period: `mở cửa
/// đến hết ngày 31/12`, `hạn chót 15/1`. Such a date is not moved to the year before
/// for lying far after publication, as a date reported in the past would be.
fn sets_a_deadline(before: &str) -> bool {
    static UNTIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|[^\p{L}])(?:đến hết|tới hết|hạn chót|chậm nhất|kéo dài đến|kéo dài tới)(?:\s+(?:ngày|hôm))?\s*$")
            .unwrap()
    });
    let tail = &before[before.floor_char_boundary(before.len().saturating_sub(40))..];
    UNTIL.is_match(tail)
}

/// Whether a bare `d/m` is a date by its neighbours: a day's name or a time word.
fn names_a_day(body: &str, m: regex::Match) -> bool {
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        // A feast, or a weekday the date is given after: `chiều Chủ nhật (12/10)`.
        Regex::new(
            r"(?i)(?:(?:lễ|dịp|kỷ niệm|quốc khánh|tết|giải phóng|chiến thắng|thống nhất)\s*|(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*[(,]?\s*)$",
        )
        .unwrap()
    });
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s+(?:tới|vừa qua|năm nay|năm ngoái|năm sau|hằng năm|hàng năm)\b").unwrap()
    });
    BEFORE.is_match(&body[..m.start()]) || AFTER.is_match(&body[m.end()..])
}

/// A day/month date. Without a year, the publication year, or the year before when the
/// date would fall well after publication (news mostly reports the past), or after it
/// at all when the text speaks of the past (`hôm 23/11`); the year after when it
/// speaks of the future (`2/9 tới`) and the date has passed.
/// What the words around a date say of its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    /// A deadline or the end of a period (`đến hết ngày 31/12`): the publication year.
    Deadline,
    Unstated,
}

fn day_month(
    day: u32,
    month: u32,
    year: Option<i32>,
    anchor: Option<NaiveDate>,
    tense: Tense,
) -> Option<String> {
    match (year, anchor) {
        (Some(y), _) => NaiveDate::from_ymd_opt(y, month, day).map(|d| d.to_string()),
        (None, Some(anchor)) => {
            let mut date = NaiveDate::from_ymd_opt(anchor.year(), month, day)?;
            let year_before = match tense {
                Tense::Past => date > anchor,
                Tense::Future | Tense::Deadline => false,
                Tense::Unstated => date > anchor.checked_add_months(Months::new(2))?,
            };
            if tense == Tense::Future && date < anchor {
                date = NaiveDate::from_ymd_opt(anchor.year() + 1, month, day)?;
            }
            if year_before {
                date = NaiveDate::from_ymd_opt(anchor.year() - 1, month, day)?;
            }
            Some(date.to_string())
        }
        // No year and nothing to anchor it: keep the day and month only.
        (None, None) => {
            NaiveDate::from_ymd_opt(2000, month, day)?; // validates, 2000 being a leap year
            Some(format!("--{month:02}-{day:02}"))
        }
    }
}

/// A month: of the publication year, or the year before when the text speaks of the
/// past (`hồi tháng 8`) and the month is later than publication, or the year after when
/// it speaks of the future (`dự kiến … từ tháng 3`, in December) and the month is
/// earlier.
fn month_only(
    month: u32,
    year: Option<i32>,
    anchor: Option<NaiveDate>,
    past: bool,
    future: bool,
) -> Option<String> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let anchored = anchor.map(|a| {
        if past && month > a.month() {
            a.year() - 1
        } else if future && !past && month < a.month() {
            a.year() + 1
        } else {
            a.year()
        }
    });
    match year.or(anchored) {
        Some(y) => Some(format!("{y:04}-{month:02}")),
        None => Some(format!("--{month:02}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_displays_as_its_iso_format() {
        // Dates are written with `Display`, which skips parsing a format string.
        for (y, m, d) in [
            (1, 1, 1),
            (999, 12, 31),
            (2025, 2, 28),
            (9999, 12, 31),
            (10000, 1, 1),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date.to_string(), date.format("%Y-%m-%d").to_string());
        }
    }

    /// The parts, searched apart and merged, find what the whole pattern finds: over the
    /// real texts, and over texts where the kinds of date overlap and adjoin, from every
    /// offset (so that each kind starts and ends on every side of the others').
    #[test]
    fn the_parts_find_what_the_whole_pattern_finds() {
        let whole = |t: &str| -> Vec<(usize, usize)> {
            DATE.find_iter(t).map(|m| (m.start(), m.end())).collect()
        };
        let parts = |t: &str| -> Vec<(usize, usize)> {
            date_matches(t).map(|m| (m.start(), m.end())).collect()
        };
        let crafted = "Hôm nay 11/2, ngày hôm qua 5/6 và sáng nay   12/12/2012/3; hồi tháng 5 \
            năm 2020, THÁNG 3/2024, tối qua tháng 7, ngày mai 1/1 ngày mai, rạng sáng 4/5/2025, \
            phiên giao dịch 9/9 phiên 10/10, a/b/1/2/3 hôm\nnay 7/8 tháng\t12 năm 1999 đêm mai. \
            Chiều qua; trưa nay 3/4 tháng 11/2023 hồi  tháng  2";
        let mut texts = crate::sample_texts();
        texts.push(crafted.to_owned());
        for text in &texts {
            assert_eq!(parts(text), whole(text), "{text}");
        }
        let mut matched = 0;
        for (start, _) in crafted.char_indices() {
            let tail = &crafted[start..];
            let found = parts(tail);
            assert_eq!(found, whole(tail), "from byte {start}");
            matched += found.len();
        }
        assert!(matched > 1000, "{matched} matches over the tails");
    }

    fn dates(body: &str) -> Vec<String> {
        let anchor = NaiveDate::from_ymd_opt(2025, 8, 18);
        find(body, anchor).into_iter().map(|d| d.date).collect()
    }

    #[test]
    fn the_second_day_of_a_range_is_a_date_a_lone_fraction_is_not() {
        assert_eq!(
            dates("trong tuần từ ngày 8/8 đến 15/8, số ca tăng"),
            ["2025-08-08", "2025-08-15"]
        );
        assert_eq!(dates("tỷ lệ 3/4 số ca, tỉ số 2/1"), Vec::<String>::new());
    }

    #[test]
    fn a_trading_session_is_named_by_its_day() {
        assert_eq!(
            dates("Phiên 14/8, VN-Index tăng; phiên giao dịch 15/8 giảm nhẹ."),
            ["2025-08-14", "2025-08-15"]
        );
    }

    #[test]
    fn a_date_given_after_its_weekday() {
        assert_eq!(
            dates("Anh gặp đối thủ vào chiều Chủ nhật (17/8), sau trận thứ Bảy, 16/8."),
            ["2025-08-17", "2025-08-16"]
        );
        assert_eq!(dates("Đội xếp thứ năm, tỷ lệ 3/4."), Vec::<String>::new());
    }

    #[test]
    fn days_listed_before_a_shared_month_and_relative_years() {
        assert_eq!(
            dates("Kỳ thi diễn ra trong hai ngày 26 và 27/6."),
            ["2025-06-26", "2025-06-27"]
        );
        assert_eq!(
            dates("sáng 3, 4 và 5/7"),
            ["2025-07-03", "2025-07-04", "2025-07-05"]
        );
        // A count before a fraction is not a list of days.
        assert_eq!(dates("thắng 2 và 3/4 số phiếu"), Vec::<String>::new());
        assert_eq!(
            dates("từ tháng 10 năm ngoái, đến tháng 2 năm sau, ngày 5/3 năm nay"),
            ["2024-10", "2026-02", "2025-03-05"]
        );
    }

    #[test]
    fn a_sentence_that_speaks_of_the_future_keeps_a_later_date_in_the_year() {
        // Published 18/8: 20/12 is this December when it is to come, last December
        // when nothing says so.
        assert_eq!(
            dates("Ca sĩ sẽ tổ chức đêm nhạc tại Hà Nội vào tối 20/12."),
            ["2025-12-20"]
        );
        assert_eq!(dates("Đêm nhạc diễn ra tối 20/12."), ["2024-12-20"]);
        // Only the date's own sentence counts.
        assert_eq!(
            dates("Họ sẽ gặp lại. Đêm nhạc diễn ra tối 20/12."),
            ["2024-12-20"]
        );
    }

    #[test]
    fn parts_of_today_and_of_yesterday() {
        assert_eq!(
            dates("Từ đêm nay trời mưa; tối qua gió mạnh, sáng nay 18/8 vẫn mưa."),
            ["2025-08-18", "2025-08-17", "2025-08-18"]
        );
        // `nay` must end the word: `đêm nayy` is nothing.
        assert_eq!(dates("đêm nayy"), Vec::<String>::new());
    }

    #[test]
    fn a_month_to_come_earlier_than_publication_is_next_years() {
        let anchor = NaiveDate::from_ymd_opt(2024, 12, 6);
        let got: Vec<String> = find("Mùa sau dự kiến nhận đề cử từ tháng 3.", anchor)
            .into_iter()
            .map(|d| d.date)
            .collect();
        assert_eq!(got, ["2025-03"]);
        // Without a word of the future, the publication's year.
        let got: Vec<String> = find("Giá đã tăng từ tháng 3.", anchor)
            .into_iter()
            .map(|d| d.date)
            .collect();
        assert_eq!(got, ["2024-03"]);
    }

    #[test]
    fn parts_of_tomorrow_and_of_yesterday_afternoon() {
        assert_eq!(
            dates("Đội về nước chiều mai; sáng mai có mưa. Chiều qua trời nắng."),
            ["2025-08-19", "2025-08-19", "2025-08-17"]
        );
        // `mai` must end the word: `sáng mailbox`, and `đi qua` is not a date.
        assert_eq!(dates("sáng mailbox, đi qua cầu"), Vec::<String>::new());
    }
}
