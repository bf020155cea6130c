//! The extract stage: what an article mentions, from its title and clean body.
//!
//! Entities (people, places, organisations) come from the gazetteer and from Vietnamese
//! cues; quotes are paired with their speakers through the entities; dates are resolved
//! day/month against the publication date; numbers carry what they count; the news
//! agencies the text cites become its sources. All of it is pure and cannot fail.

pub mod dates;
pub mod entities;
pub mod gazetteer;
mod lexicon;
pub mod numbers;
pub mod quotes;

use chrono::NaiveDate;

pub use gazetteer::Gazetteer;

use crate::annotate::SignatureInput;
use crate::record::{DateMention, Entity, EntityKind, NumberMention, Quote};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub dates: Vec<DateMention>,
    pub numbers: Vec<NumberMention>,
    /// News agencies and outlets the text cites.
    pub sources: Vec<String>,
    /// What the annotate stage computes the signature from (see
    /// [`entities::Found::for_signature`]).
    pub for_signature: SignatureInput,
}

/// Extracts from the title and body; `published` (ISO date or date-time) anchors
/// relative dates; `dateline`, the place a wire copy was filed from, is one of the
/// places it names.
pub fn extract(
    title: Option<&str>,
    body: &str,
    published: Option<&str>,
    dateline: Option<&str>,
    gazetteer: &Gazetteer,
) -> Extraction {
    let text = match title {
        Some(title) => format!("{title}\n\n{body}"),
        None => body.to_owned(),
    };
    let anchor = published.and_then(|p| NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d").ok());
    let found = entities::find(&text, gazetteer);
    let quotes = quotes::find(&text, &found);
    let mut entities = found.entities;
    if let Some(place) = dateline {
        add_place(&mut entities, place, gazetteer);
    }
    Extraction {
        quotes,
        dates: dates::find(&text, anchor),
        numbers: numbers::find(&text),
        sources: found.agencies,
        for_signature: found.for_signature,
        entities,
    }
}

/// Counts one more mention of a place, under the gazetteer's name for it when it has
/// one (`TP.HCM` is `TP Hồ Chí Minh`).
fn add_place(entities: &mut Vec<Entity>, place: &str, gazetteer: &Gazetteer) {
    let name = gazetteer
        .lookup(place)
        .map_or_else(|| place.to_owned(), |id| gazetteer.entry(id).name.clone());
    let same = |e: &&mut Entity| {
        e.kind == EntityKind::Place && (e.name == name || e.aliases.iter().any(|a| a == place))
    };
    match entities.iter_mut().find(same) {
        Some(e) => e.mentions += 1,
        None => entities.push(Entity {
            aliases: if name == place {
                Vec::new()
            } else {
                vec![place.to_owned()]
            },
            name,
            kind: EntityKind::Place,
            mentions: 1,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_pairs(body: &str, published: Option<&str>) -> Vec<(String, String)> {
        extract(None, body, published, None, &Gazetteer::bundled())
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
            (
                "Dịp Quốc khánh 2/9 tới",
                Some("2025-07-01"),
                &[("2/9", "2025-09-02")],
            ),
            ("ngày 31/2", Some("2026-02-11"), &[]),
            // A deadline far after publication stays in its year; a date reported
            // without a word of time goes to the year before.
            (
                "Trưng bày mở cửa đến hết ngày 31/12.",
                Some("2025-09-05"),
                &[("ngày 31/12", "2025-12-31")],
            ),
            (
                "Vụ việc xảy ra ngày 31/12.",
                Some("2025-09-05"),
                &[("ngày 31/12", "2024-12-31")],
            ),
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
            extract(None, "phóng thích 314 tù binh chiến tranh, gồm 28 điểm và vòng thứ 2 với 1.000 người, 1,5 triệu", None, None, &Gazetteer::bundled())
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
    fn an_outlet_that_acts_is_named_not_cited() {
        let g = Gazetteer::bundled();
        let found = extract(
            None,
            "Bảo tàng phối hợp với Đài Truyền hình Việt Nam (VTV) thực hiện loạt phóng sự.",
            None,
            None,
            &g,
        );
        assert!(found.sources.is_empty(), "{:?}", found.sources);
        assert!(
            found
                .entities
                .iter()
                .any(|e| e.aliases.iter().chain([&e.name]).any(|n| n == "VTV"))
        );
        let found = extract(None, "Theo VTV, mưa lớn kéo dài.", None, None, &g);
        assert_eq!(found.sources, ["VTV"]);
    }

    #[test]
    fn the_dateline_place_is_one_of_the_places() {
        let g = Gazetteer::bundled();
        // Named again in the body: one more mention of it.
        let e = extract(None, "Mưa lớn ở Tokyo hôm nay.", None, Some("Tokyo"), &g).entities;
        assert_eq!(
            e.iter()
                .filter(|e| e.name == "Tokyo")
                .map(|e| e.mentions)
                .sum::<u32>(),
            2
        );
        // Named only there, and unknown to the gazetteer: a place of its own.
        let e = extract(None, "Hai bên ngừng bắn.", None, Some("Putrajaya"), &g).entities;
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e[0].name.as_str(), e[0].kind),
            ("Putrajaya", EntityKind::Place)
        );
    }
}
