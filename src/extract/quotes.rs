//! Quotes in “…”, "…" and ‘…’, with their speaker.
//!
//! The speaker is the person (or, failing one, the organisation) named before a
//! reporting verb ahead of the quote (`X cho biết: "…"`), or named with a reporting
//! verb right after it (`"…", ông X nói`). A pronoun (`ông nói thêm`) is the person
//! last named before the quote; a title alone (`Trợ lý Tổng thống Nga đánh giá`) is the
//! person last named with that title, or, when nobody was named with it (`tân Thủ
//! tướng nói`, for a newly elected one), the person last named.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::entities::{Found, Mention};
use super::lexicon::{PRONOUNS, SPEECH_VERBS, TITLE_PHRASES};
use crate::record::{EntityKind, Quote};
use crate::text::{is_word_char, modern_tone_placement};

/// Quoted phrases shorter than this many words are scare quotes, not statements.
const MIN_WORDS: usize = 4;

pub fn find(text: &str, found: &Found) -> Vec<Quote> {
    let mut quotes = Vec::new();
    // The previous quote's end and speaker: a second quote in the same sentence with no
    // speaker of its own (`… “A”, hai bên có “B”`) is the same speaker's.
    let mut previous: Option<(usize, Option<usize>)> = None;
    for (open, close) in spans(text) {
        let inner = text[open..close]
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, '“' | '”' | '"' | '‘' | '’'));
        let mut speaker = speaker(text, open, close, found);
        if speaker.is_none()
            && let Some((end, earlier)) = previous
            && !text[end..open].contains(['.', '!', '?', '\n'])
        {
            speaker = earlier;
        }
        previous = Some((close, speaker));
        if inner.split_whitespace().count() < MIN_WORDS {
            continue;
        }
        quotes.push(Quote {
            text: inner.to_owned(),
            speaker: speaker.map(|i| found.entities[i].name.clone()),
        });
    }
    quotes
}

/// Byte ranges of quotes, marks included. An opening curly quote may close with a
/// straight one (copy-paste mixes them); quotes never run past a paragraph.
fn spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for paragraph in text.split('\n') {
        // Quote marks are `"` or start with the byte E2 (`“` E2 80 9C, `‘` E2 80 98): only
        // there is the paragraph read as characters.
        let mut next_free = 0;
        for i in memchr::memchr2_iter(b'"', 0xE2, paragraph.as_bytes()) {
            if i < next_free {
                continue;
            }
            let Some(c) = paragraph[i..].chars().next() else {
                continue;
            };
            let closers: &[char] = match c {
                '“' => &['”', '"'],
                '"' => &['"', '”'],
                '‘' => &['’'],
                _ => continue,
            };
            // A straight or single quote glued to a letter on its left is not an opening.
            let prev = paragraph[..i].chars().next_back();
            if c != '“' && prev.is_some_and(char::is_alphanumeric) {
                continue;
            }
            let rest = &paragraph[i + c.len_utf8()..];
            if let Some(end) = rest.find(closers) {
                let close_len = rest[end..].chars().next().map_or(1, char::len_utf8);
                let close = i + c.len_utf8() + end + close_len;
                out.push((offset + i, offset + close));
                next_free = close;
            }
        }
        offset += paragraph.len() + 1;
    }
    out
}

fn speaker(text: &str, open: usize, close: usize, found: &Found) -> Option<usize> {
    // Before: from the sentence's start to the quote, a reporting verb with its subject.
    let sentence_start = sentence_start(text, open);
    let before = &text[sentence_start..open];
    if let Some(verb_at) = last_verb(before) {
        let verb_at = sentence_start + verb_at;
        let subject = last_named(found, sentence_start, verb_at);
        if subject.is_some() {
            return subject;
        }
        let clause = text[sentence_start..verb_at].trim().to_lowercase();
        // The pronoun alone, or as the clause's last word (`…, ông`).
        if PRONOUNS.iter().any(|p| {
            clause
                .strip_suffix(p)
                .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
        }) {
            return last_person(found, open);
        }
        if let Some(by_title) = by_title(found, &clause, open) {
            return Some(by_title);
        }
    }
    // A colon with no reporting verb: `Huấn luyện viên X hài lòng với học trò: "…"`.
    if before.trim_end().ends_with(':')
        && let Some(named) = last_named(found, sentence_start, open)
    {
        return Some(named);
    }
    // After: `”, ông X nói` or `”, bà nói thêm`, up to the end of the sentence.
    let after_end = text[close..]
        .find(['.', '!', '?', '\n', '“', '"'])
        .map_or(text.len(), |i| close + i);
    let after = &text[close..after_end];
    if let Some(verb_at) = first_verb(after) {
        let verb_at = close + verb_at;
        if let Some(named) = last_named(found, close, verb_at) {
            return Some(named);
        }
        let clause = text[close..verb_at]
            .trim_matches(|c: char| c.is_whitespace() || c == ',')
            .to_lowercase();
        if PRONOUNS.contains(&clause.as_str()) {
            return last_person(found, open);
        }
        if let Some(by_title) = by_title(found, &clause, open) {
            return Some(by_title);
        }
    }
    None
}

/// Whether the end of `clause` (lowercase), after its last comma, is a person's title
/// and nothing else, after `tân` (newly in post), `vị`, `ngài` or `đương kim`: `tân
/// thủ tướng`. A bare title is left alone: the person holding it may not be named.
fn is_a_title(clause: &str) -> bool {
    let part = modern_tone_placement(clause.rsplit(',').next().unwrap_or(clause).trim());
    let Some(part) = ["tân ", "vị ", "ngài ", "đương kim "]
        .iter()
        .find_map(|d| part.strip_prefix(d))
    else {
        return false;
    };
    let words: Vec<&str> = part.split(' ').collect();
    TITLE_PHRASES.longest(|k| words.get(k).copied()) == Some(words.len())
}

/// Where the sentence holding byte `end` starts: after the last `!`, `?`, line break or
/// closing quote before it, or a full stop followed by a space. A dot inside a word
/// (`TP.HCM`, `1.000`) ends no sentence.
fn sentence_start(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    text[..end]
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '!' | '?' | '\n' | '”')
                || (c == '.'
                    && bytes
                        .get(i + 1)
                        .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b')')))
        })
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The byte offsets of reporting verbs in `s`, whole words only, found in one pass.
fn verbs(s: &str) -> impl Iterator<Item = usize> + '_ {
    static VERBS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(SPEECH_VERBS)
            .expect("verbs build")
    });
    VERBS
        .find_iter(s)
        .filter(|m| {
            let before = s[..m.start()].chars().next_back();
            let after = s[m.end()..].chars().next();
            before.is_none_or(|c| !is_word_char(c)) && after.is_none_or(|c| !is_word_char(c))
        })
        .map(|m| m.start())
}

/// The byte offset of the last reporting verb in `s`.
fn last_verb(s: &str) -> Option<usize> {
    verbs(s).last()
}

fn first_verb(s: &str) -> Option<usize> {
    verbs(s).next()
}

/// The mentions that end before byte `before`: mentions are in text order, so this is
/// a prefix, found by binary search rather than by walking every mention.
fn before_offset(found: &Found, before: usize) -> &[Mention] {
    &found.mentions[..found.mentions.partition_point(|m| m.end <= before)]
}

/// The last person named in `start..end`, or else the last organisation.
fn last_named(found: &Found, start: usize, end: usize) -> Option<usize> {
    let upto = before_offset(found, end);
    let inside = &upto[upto.partition_point(|m| m.start < start)..];
    let of_kind = |kind| {
        inside
            .iter()
            .rfind(|m| found.entities[m.entity].kind == kind)
    };
    of_kind(EntityKind::Person)
        .or_else(|| of_kind(EntityKind::Organization))
        .map(|m| m.entity)
}

fn last_person(found: &Found, before: usize) -> Option<usize> {
    before_offset(found, before)
        .iter()
        .rfind(|m| found.entities[m.entity].kind == EntityKind::Person)
        .map(|m| m.entity)
}

/// How far back a title alone is looked up, in mentions: far enough for an article,
/// bounded for a pathological file.
const TITLE_LOOKBACK: usize = 500;

/// The person last named with the title that `clause` ends with; for a new holder of
/// a title nobody was named with (`tân Thủ tướng`), the person last named.
fn by_title(found: &Found, clause: &str, before: usize) -> Option<usize> {
    named_with_title(found, clause, before).or_else(|| {
        is_a_title(clause)
            .then(|| last_person(found, before))
            .flatten()
    })
}

fn named_with_title(found: &Found, clause: &str, before: usize) -> Option<usize> {
    before_offset(found, before)
        .iter()
        .rev()
        .take(TITLE_LOOKBACK)
        .find(|m| {
            m.title
                .as_deref()
                .is_some_and(|t| t.split(' ').count() >= 2 && clause.ends_with(t))
        })
        .map(|m| m.entity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::gazetteer::Gazetteer;

    fn check(text: &str, expected: &[(&str, Option<&str>)]) {
        let found = crate::extract::entities::find(text, &Gazetteer::bundled());
        let quotes = find(text, &found);
        let got: Vec<(&str, Option<&str>)> = quotes
            .iter()
            .map(|q| (q.text.as_str(), q.speaker.as_deref()))
            .collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn a_new_holder_of_a_title_is_the_person_last_named() {
        check(
            "Quốc hội bầu bà Sanna Marin làm Thủ tướng. Sau đó, tân Thủ tướng nói: \
             “Tôi sẽ làm việc vì mọi người dân”.",
            &[("Tôi sẽ làm việc vì mọi người dân", Some("Sanna Marin"))],
        );
        // A bare title may be someone not named: no speaker rather than a wrong one.
        check(
            "Bà Sanna Marin đến. Thủ tướng nói: “Chúng tôi sẽ làm việc với mọi bên”.",
            &[("Chúng tôi sẽ làm việc với mọi bên", None)],
        );
    }

    #[test]
    fn speakers_before_after_and_by_pronoun() {
        check(
            "Ngày 11/2, Ngoại trưởng Nga Sergey Lavrov cho biết: \"Chúng tôi tìm thấy cách tiếp cận mới\".\n\
             \"Văn kiện này bao gồm tất cả chủ đề\", ông Witkoff cho hay. Đặc phái viên Steve Witkoff cười.\n\
             “Chúng tôi đã chuyển đề xuất bổ sung”, ông nói thêm.",
            &[
                (
                    "Chúng tôi tìm thấy cách tiếp cận mới",
                    Some("Sergey Lavrov"),
                ),
                ("Văn kiện này bao gồm tất cả chủ đề", Some("Steve Witkoff")),
                ("Chúng tôi đã chuyển đề xuất bổ sung", Some("Steve Witkoff")),
            ],
        );
    }

    #[test]
    fn an_abbreviation_s_dot_ends_no_sentence_and_a_directive_is_quoted() {
        check(
            "Đại tá Lê Mạnh Hà, Phó Trưởng phòng Tham mưu Công an TP.HCM, cho biết: \"Đây là đường dây có tổ chức\".",
            &[("Đây là đường dây có tổ chức", Some("Lê Mạnh Hà"))],
        );
        check(
            "Thủ tướng Phạm Minh Chính yêu cầu các nhà thầu \"làm việc ba ca, bốn kíp\" để kịp tiến độ.",
            &[("làm việc ba ca, bốn kíp", Some("Phạm Minh Chính"))],
        );
    }

    #[test]
    fn a_pronoun_ending_the_clause_before_the_verb_is_the_person_last_named() {
        check(
            "Ông Steve Witkoff đến Moskva. Sau cuộc gặp, ông nói: \"Chúng tôi đã tiến gần hơn\".",
            &[("Chúng tôi đã tiến gần hơn", Some("Steve Witkoff"))],
        );
        // A word that merely ends like a pronoun is not one.
        check(
            "Ông Steve Witkoff đến Moskva. Người bán bông nói: \"Chúng tôi chờ hòa bình\".",
            &[("Chúng tôi chờ hòa bình", None)],
        );
    }

    #[test]
    fn a_quote_after_a_colon_is_the_subject_s() {
        check(
            "Huấn luyện viên Mano Polking hài lòng với học trò: \"Các cầu thủ đã chơi tốt\".",
            &[("Các cầu thủ đã chơi tốt", Some("Mano Polking"))],
        );
    }

    #[test]
    fn a_defendant_named_by_the_role() {
        check(
            "Bị cáo Nguyễn Thị Thủy lĩnh 5 năm tù. Tại phiên tòa, bị cáo Phạm Văn Hòa xin giảm \
             nhẹ. \"Tôi đã quá tin cấp dưới\", bị cáo nói lời sau cùng.",
            &[("Tôi đã quá tin cấp dưới", Some("Phạm Văn Hòa"))],
        );
    }

    #[test]
    fn a_teacher_named_by_the_honorific() {
        check(
            "Thầy Nguyễn Đình Tuấn là hiệu trưởng. \"Em ấy rất chăm chỉ\", thầy nói.",
            &[("Em ấy rất chăm chỉ", Some("Nguyễn Đình Tuấn"))],
        );
    }

    #[test]
    fn a_speaker_by_given_name_alone() {
        check(
            "Bị cáo Trần Văn Khải có mặt. \"Tôi biết mình sai và xin lỗi mọi người\", Khải nói.",
            &[(
                "Tôi biết mình sai và xin lỗi mọi người",
                Some("Trần Văn Khải"),
            )],
        );
    }

    #[test]
    fn a_witness_described_between_commas() {
        check(
            "\"Tôi nghe tiếng hô hoán rồi chạy ra ban công\", anh Nguyễn Văn Nam, một người thuê trọ, kể lại.",
            &[(
                "Tôi nghe tiếng hô hoán rồi chạy ra ban công",
                Some("Nguyễn Văn Nam"),
            )],
        );
    }

    #[test]
    fn a_title_alone_names_the_person_who_last_had_it() {
        check(
            "Trợ lý Tổng thống Nga Yuri Ushakov cho biết hai bên đã gặp.\n\
             Trợ lý Tổng thống Nga đánh giá cuộc gặp “mang tính xây dựng và hữu ích”.",
            &[("mang tính xây dựng và hữu ích", Some("Yuri Ushakov"))],
        );
        // The title is the whole `Thủ tướng`, not the `tướng` (a general) it ends with.
        check(
            "Thủ tướng Phạm Minh Chính đã có mặt tại Quảng Ninh. \"Phải bảo đảm an toàn \
             cho nhân dân\", Thủ tướng nhấn mạnh.",
            &[("Phải bảo đảm an toàn cho nhân dân", Some("Phạm Minh Chính"))],
        );
    }

    /// Regression: the sentence start after a closing `”` (three bytes) was taken one
    /// byte in, inside the mark, and slicing there panicked.
    #[test]
    fn a_quote_after_a_closing_curly_quote_does_not_panic() {
        check(
            "Ông A nói “một hai ba bốn”\u{201d}, và ông B cho biết: “năm sáu bảy tám chín”.",
            &[
                ("một hai ba bốn", Some("A")),
                ("năm sáu bảy tám chín", Some("B")),
            ],
        );
    }

    #[test]
    fn mixed_marks_and_scare_quotes() {
        check(
            "Tuyên bố của Bộ Ngoại giao Mỹ có đoạn: “Hai bên nhất trí cho rằng hòa bình là cần thiết.\"\nKiev vẫn ‘ngoài lề’.",
            &[(
                "Hai bên nhất trí cho rằng hòa bình là cần thiết.",
                Some("Bộ Ngoại giao Mỹ"),
            )],
        );
    }
}
