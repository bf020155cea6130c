//! Named entities: people, places and organisations, with canonical names, the aliases
//! seen and a mention count.
//!
//! In order: gazetteer names; Vietnamese organisation names (a capitalised head such as
//! `Bộ`, `Ngân hàng`, then capitalised components); then each remaining run of
//! capitalised words, split at gazetteer names, is classified by the words before it
//! (a title makes a person, `tại` a place, `hãng tin` an organisation), by a Vietnamese
//! family name, or by being foreign (a word that cannot be one Vietnamese syllable).
//! A capitalised Vietnamese word with no cue is an ordinary word at a sentence's start,
//! not a name. Finally a lone family or given name (`Lavrov`, `bà Hồng`, `ông Kim`)
//! joins the full name it abbreviates, and spelling variants of one person
//! (`Sergei`/`Sergey Lavrov`) are merged.

use rustc_hash::FxHashMap as HashMap;
use std::cell::{LazyCell, OnceCell};
use std::sync::LazyLock;

use super::gazetteer::{GazMatch, Gazetteer};
use super::lexicon::{
    ADMIN_UNIT_PHRASES, ADMIN_UNITS, ALIAS_CUES, AREA_NOUNS, AREA_QUALIFIERS, CLUB_PREFIX_SET,
    COMPOUNDS_OF_STOPS, EVENT_WORD_SET, GEO_NOUN_SET, HONORIFICS, NOT_CUES, NOT_ORGANIZATION_SET,
    OPENER_PHRASES, ORG_DESCRIPTOR_PHRASES, ORG_DESCRIPTORS, ORG_HEAD_PHRASES, ORG_KIND_PHRASES,
    ORG_MODIFIER_PHRASES, ORG_ROLES, ORG_WORD_SET, OUTLET_ACTS, PERSON_TITLES, PLACE_CUE_PHRASES,
    PLACE_CUES, PRIZE_CUE_PHRASES, Phrases, ROUTE_WORDS, SCHOOL_LEVEL_PHRASES, SURNAME_SET,
    TAIL_STOP_SET, TITLE_PHRASES, VENUE_HEAD_PHRASES, VENUE_HEADS, VERB_PHRASES, is_acronym,
    is_initials, is_roman_numeral, is_vietnamese_syllable,
};
use crate::annotate::{Shingles, SignatureInput};
use crate::record::{Entity, EntityKind};
use crate::text::{is_upper, lowercase, modern_tone_placement, word_char_at};

/// One mention of an entity in the text, by byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// Index into [`Found::entities`].
    pub entity: usize,
    /// The title words before a person's name (`ngoại trưởng nga`), for resolving a
    /// later mention by title alone.
    pub title: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub entities: Vec<Entity>,
    /// In text order.
    pub mentions: Vec<Mention>,
    /// News agencies and outlets the text cites, in order of first mention.
    pub agencies: Vec<String>,
    /// What the article's signature is computed from: its words as they were read,
    /// lowercase and in the modern tone placement, or that text when the tokens' words
    /// were not in it (a pair left for the offsets' sake), or the text itself when some
    /// character's lowercase has another length.
    pub for_signature: SignatureInput,
}

/// A word of the text, with its byte offsets.
#[derive(Debug, Clone)]
pub(super) struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// `text` in lowercase, computed once (borrowed when it already is).
    pub lower: std::borrow::Cow<'a, str>,
    pub cap: bool,
    /// First word of a sentence, paragraph, quote or parenthesis.
    pub initial: bool,
    /// Punctuation (other than a space) separates it from the word before.
    pub after_punct: bool,
    /// It holds a hyphen, dot or apostrophe (`Sang-sik`, `TP.HCM`, `M.`): more than one
    /// run of word characters.
    pub joined: bool,
}

/// The words of `text`. Each word's lowercase form is read from `normal`, the same text
/// with tone marks in one placement (same offsets), so that the cue tables need list
/// each phrase once (`ủy ban`, not also `uỷ ban`); from `lower`, `normal` lowercased at
/// the same offsets, when it could be.
pub(super) fn tokenize<'a>(
    text: &'a str,
    normal: &'a str,
    lower: Option<&'a str>,
) -> Vec<Token<'a>> {
    // A Vietnamese word and its space take about five bytes: one allocation, not a
    // dozen growing copies of an article's thousand tokens.
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut initial = true;
    let mut after_punct = true;
    // Read from the bytes: most characters are told without decoding them
    // (`word_char_at`), and only a word's first character is decoded.
    let mut i = 0;
    while i < bytes.len() {
        let (len, word) = word_char_at(text, i);
        if word {
            let cap = text[i..].chars().next().is_some_and(is_upper);
            let mut end = i + len;
            let mut joined = false;
            while end < bytes.len() {
                let (d_len, d_word) = word_char_at(text, end);
                let j = end;
                if d_word {
                    end += d_len;
                } else if bytes[j] == b'.'
                    && cap
                    && is_initials(&text[i..=j])
                    && is_initial_dot(text, j)
                {
                    // Initials: `M.` in `M. K. Stalin`, `M.K.` in `M.K. Stalin` are part
                    // of the name.
                    end = j + 1;
                    joined = true;
                    break;
                } else if matches!(bytes[j], b'-' | b'.' | b'\'')
                    // `’`, told by its bytes: this runs at the end of every word.
                    || bytes[j..].starts_with("’".as_bytes())
                {
                    // Inner hyphens and dots belong to the word: `Sang-sik`, `TP.HCM`.
                    if j + d_len < bytes.len() && word_char_at(text, j + d_len).1 {
                        end = j + d_len;
                        joined = true;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            let word = &text[i..end];
            tokens.push(Token {
                start: i,
                end,
                text: word,
                lower: match lower {
                    Some(lower) => std::borrow::Cow::Borrowed(&lower[i..end]),
                    None => lowercase(normal.get(i..end).unwrap_or(word)),
                },
                cap,
                initial,
                after_punct,
                joined,
            });
            initial = false;
            after_punct = false;
            i = end;
            continue;
        }
        let c = if len == 1 {
            char::from(bytes[i])
        } else {
            text[i..]
                .chars()
                .next()
                .expect("i is on a character boundary")
        };
        if c == '\n'
            || matches!(
                c,
                '.' | '!' | '?' | ':' | '“' | '"' | '‘' | '(' | '…' | '–' | '—'
            )
        {
            initial = true;
            after_punct = true;
        } else if c == ',' || c == ';' {
            // `"…", Khải nói`: after a comma the sentence goes on, even past a quote.
            initial = false;
            after_punct = true;
        } else if !c.is_whitespace() {
            after_punct = true;
        }
        i += len;
    }
    tokens
}

/// A dot after a single capital that is followed by a space and another capital.
fn is_initial_dot(text: &str, dot: usize) -> bool {
    let mut rest = text[dot + 1..].chars();
    rest.next() == Some(' ') && rest.next().is_some_and(char::is_uppercase)
}

fn is_initial(word: &str) -> bool {
    (word.len() <= 3 && word.ends_with('.') && word.chars().next().is_some_and(char::is_uppercase))
        || is_initials(word)
}

fn is_word_char(c: char) -> bool {
    crate::text::is_word_char(c)
}

/// A candidate span before it becomes an entity.
#[derive(Debug, Clone)]
struct Span {
    start: usize,
    end: usize,
    /// First and one-past-last token.
    first: usize,
    last: usize,
    kind: EntityKind,
    /// The canonical name when the gazetteer knows it.
    known: Option<String>,
    agency: bool,
    title: Option<String>,
    /// A lone foreign word with no cue: kept only as another form of a full name.
    alias_only: bool,
}

pub fn find(text: &str, gazetteer: &Gazetteer) -> Found {
    // The text in one tone placement, at the text's own byte offsets. Should the
    // composition of a stray mark ever change them, the text is matched as it is.
    let (normal, whole) = crate::text::modern_tone_placement_at_same_offsets(text);
    let (matched, modern) = if normal.len() == text.len() {
        (normal.as_ref(), whole)
    } else {
        (text, false)
    };
    // Lowercased once: each word's lowercase is a slice of it.
    let lower = crate::text::lowercase_at_same_offsets(matched);
    let tokens = tokenize(text, matched, lower.as_deref());
    let mut taken = vec![false; tokens.len()];
    let mut gazetteer_spans: Vec<Span> = Vec::new();

    // Gazetteer names.
    // The token that starts at a byte offset: tokens are in text order.
    let token_at = |start: usize| tokens.binary_search_by_key(&start, |t| t.start).ok();
    let mut found_names = gazetteer.find_at(matched, tokens.iter().map(|t| t.start));
    add_the_united_kingdom(&tokens, &mut found_names, gazetteer);
    // Tokens inside any gazetteer name: a club's own name is not one (`Nga Mỹ` is two
    // places, not a club named after `Mỹ`).
    let mut known_word = vec![false; tokens.len()];
    for m in &found_names {
        if let Some(first) = token_at(m.start) {
            for k in first..tokens.len() {
                if tokens[k].start >= m.end {
                    break;
                }
                known_word[k] = true;
            }
        }
    }
    for m in found_names {
        let Some(first) = token_at(m.start) else {
            continue;
        };
        let last = tokens[first..]
            .iter()
            .position(|t| t.end >= m.end)
            .map_or(tokens.len(), |p| first + p + 1);
        let entry = gazetteer.entry(m.entry);
        // A place written in its English form, not in the Vietnamese the text is in.
        let english_form = text[m.start..m.end].is_ascii() && !entry.name.is_ascii();
        if entry.kind == EntityKind::Place
            && !entry.country
            && let Some(end) = company_named_after_a_place(&tokens, first, last)
        {
            taken[first..end].iter_mut().for_each(|t| *t = true);
            gazetteer_spans.push(Span {
                start: m.start,
                end: tokens[end - 1].end,
                first,
                last: end,
                kind: EntityKind::Organization,
                known: None,
                agency: false,
                title: None,
                alias_only: false,
            });
            continue;
        }
        if entry.kind == EntityKind::Place
            && let Some(from) = named_after_a_place(&tokens, &taken, first, english_form, text)
            && !known_word[from..first].contains(&true)
        {
            taken[from..last].iter_mut().for_each(|t| *t = true);
            gazetteer_spans.push(Span {
                start: tokens[from].start,
                end: m.end,
                first: from,
                last,
                kind: EntityKind::Organization,
                known: None,
                agency: false,
                title: None,
                alias_only: false,
            });
            continue;
        }
        if entry.kind == EntityKind::Place
            && (part_of_a_name(&tokens, first, last)
                || after_honorific(&tokens, first, last)
                || names_a_club(&tokens, first, last))
        {
            continue;
        }
        taken[first..last].iter_mut().for_each(|t| *t = true);
        gazetteer_spans.push(Span {
            start: m.start,
            end: m.end,
            first,
            last,
            kind: entry.kind,
            known: Some(entry.name.clone()),
            agency: entry.agency,
            title: None,
            alias_only: false,
        });
    }

    // `Bộ Ngoại giao Qatar`: an organisation's name with a Vietnamese head, right before
    // a place, is that place's organisation, as a name read by parts would be. So is a
    // body the gazetteer names with a common noun: `Quốc hội Nhật Bản` is not the
    // `Quốc hội` (of Việt Nam) the gazetteer means.
    let mut merged: Vec<Span> = Vec::with_capacity(gazetteer_spans.len());
    for span in gazetteer_spans {
        if let Some(org) = merged.last_mut()
            && org.kind == EntityKind::Organization
            && span.kind == EntityKind::Place
            && org.last == span.first
            && !tokens[span.first].after_punct
            && (longest_phrase_at(&tokens, org.first, &ORG_HEAD_PHRASES).is_some()
                || names_a_kind_of_body(&tokens[org.first..org.last]))
        {
            org.end = span.end;
            org.last = span.last;
            // `Bộ Công an Việt Nam` is the gazetteer's `Bộ Công an`: its bodies are the
            // country's own.
            let home = span.known.as_deref() == Some("Việt Nam");
            org.known = gazetteer
                .lookup(&text[org.start..org.end])
                .map(|id| gazetteer.entry(id).name.clone())
                .or_else(|| org.known.take().filter(|_| home));
            org.agency = false;
            continue;
        }
        merged.push(span);
    }
    let gazetteer_spans = merged;

    // Vietnamese organisation names: a capitalised head and capitalised components.
    // The gazetteer's spans are indexed by their first token for the look-ups below.
    let mut by_first: Vec<Option<usize>> = vec![None; tokens.len()];
    for (n, s) in gazetteer_spans.iter().enumerate() {
        by_first[s.first] = Some(n);
    }
    let names = Names {
        spans: &gazetteer_spans,
        by_first: &by_first,
    };
    let mut organizations: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if taken[i] || !tokens[i].cap {
            i += 1;
            continue;
        }
        if let Some(end) = organization_at(&tokens, &taken, &names, i, text) {
            // `Công ty SpaceX`, `Tập đoàn Samsung`: a generic head before a foreign name
            // describes it; the name is the foreign word.
            let head = longest_phrase_at(&tokens, i, &ORG_HEAD_PHRASES).unwrap_or(0);
            let descriptor = ORG_DESCRIPTORS.contains(
                &tokens[i..i + head]
                    .iter()
                    .map(|t| &*t.lower)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .as_str(),
            );
            let foreign_name = tokens[i + head..end]
                .iter()
                .all(|t| !is_vietnamese_syllable(t.text));
            let name_start = if descriptor && foreign_name && end > i + head {
                i + head
            } else {
                i
            };
            // `Cung Văn hóa …`, `Thành cổ …`: a building or a site is a place. A museum
            // is one only where the text places something in it (`tại Bảo tàng Hà Nội`);
            // elsewhere it is the institution (`Bảo tàng Lịch sử Quốc gia khai mạc`).
            let venue = head > 0
                && longest_phrase_at(&tokens, i, &VENUE_HEAD_PHRASES) == Some(head)
                && (!is_institution_head(&tokens[i..i + head])
                    || (i > 0
                        && !tokens[i].after_punct
                        && PLACE_PREPOSITIONS.contains(&&*tokens[i - 1].lower)));
            let span = Span {
                start: tokens[name_start].start,
                end: tokens[end - 1].end,
                first: name_start,
                last: end,
                kind: if venue {
                    EntityKind::Place
                } else {
                    EntityKind::Organization
                },
                known: None,
                agency: false,
                title: None,
                alias_only: false,
            };
            taken[name_start..end].iter_mut().for_each(|t| *t = true);
            let known = gazetteer
                .lookup(&text[span.start..span.end])
                .map(|id| gazetteer.entry(id).name.clone());
            organizations.push(Span { known, ..span });
            i = end;
        } else {
            i += 1;
        }
    }

    // Gazetteer names inside an organisation's name (`Việt Nam` in `Liên đoàn Bóng đá
    // Việt Nam`) are part of it, not mentions of their own. Both lists are in text order.
    let mut spans: Vec<Span> = Vec::with_capacity(gazetteer_spans.len() + organizations.len());
    for s in gazetteer_spans {
        let covering = organizations.partition_point(|o| o.start <= s.start);
        if covering == 0 || organizations[covering - 1].end <= s.start {
            spans.push(s);
        }
    }
    spans.extend(organizations);

    // The remaining capitalised runs.
    let mut i = 0;
    while i < tokens.len() {
        if taken[i] || !tokens[i].cap {
            i += 1;
            continue;
        }
        // `nằm ở bảng B. Đội tuyển…`, `vitamin C. Bác sĩ…`: a letter after a common word
        // ends the sentence when a Vietnamese word opens the next; no name is written
        // with an initial before Vietnamese syllables, but for a title's person (`ông
        // T. Hà`).
        if tokens[i].text.len() == 2
            && tokens[i].text.ends_with('.')
            && i > 0
            && !tokens[i - 1].cap
            && !HONORIFICS.contains(&&*tokens[i - 1].lower)
            && phrase_ending_at(&tokens, i, &TITLE_PHRASES, 4).is_none()
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.cap && is_vietnamese_syllable(n.text))
        {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < tokens.len()
            && !taken[end]
            && (!tokens[end].after_punct
                || (tokens[end].cap && &text[tokens[end - 1].end..tokens[end].start] == " & "))
        {
            // Initials start a new name: `bang Tamil Nadu M. K. Stalin`; an acronym
            // and the name after it are two names: `NASA Sean Duffy`.
            // But one initial between a foreign given name and another foreign word is
            // the middle of one name: `Donald J. Trump`, `George W. Bush`.
            let middle_initial = end == i + 1
                && tokens[end].text.len() == 2
                && !is_vietnamese_syllable(tokens[i].text)
                && !is_acronym(tokens[i].text)
                && tokens.get(end + 1).is_some_and(|n| {
                    n.cap
                        && !n.after_punct
                        && !is_initial(n.text)
                        && !is_vietnamese_syllable(n.text)
                });
            if is_initial(tokens[end].text) && !is_initial(tokens[end - 1].text) && !middle_initial
            {
                break;
            }
            // `SEA Games`, `AFF Cup`: an event's word goes with the acronym before it.
            // `JD Vance`: two capitals opening a run, then one foreign name, are a
            // person's initials written without dots.
            let initials = end == i + 1
                && tokens[i].text.len() == 2
                && !is_vietnamese_syllable(tokens[end].text)
                && tokens.get(end + 1).is_none_or(|t| !t.cap || t.after_punct);
            if is_acronym(tokens[end - 1].text) != is_acronym(tokens[end].text)
                && !ORG_WORD_SET.contains(&tokens[end].text)
                && !EVENT_WORD_SET.contains(&tokens[end].text)
                && !initials
            {
                break;
            }
            if tokens[end].cap
                // `Ursula von der Leyen`: two particles may stand before the capital.
                || (is_connector(tokens[end].text)
                    && match tokens.get(end + 1) {
                        Some(t) if t.cap => true,
                        Some(t) if is_connector(t.text) => tokens.get(end + 2).is_some_and(|t| t.cap),
                        _ => false,
                    })
                || is_particle_name(tokens[end].text)
            {
                end += 1;
            } else {
                break;
            }
        }
        // A leading title (`Ông Zelensky`, `Tổng thống Putin` opening a sentence) is a
        // cue, not part of the name; a run that is only a title is nothing. So is the
        // adverb opening a sentence (`Hiện MoMo có…`), and a place cue written with a
        // capital there (`Trạm Tương Dương ghi nhận…`), a cue as it is in lowercase.
        let mut first = i;
        if tokens[i].initial
            && let Some(n) = [&*OPENER_PHRASES, &*PLACE_CUE_PHRASES]
                .into_iter()
                .find_map(|phrases| longest_phrase_at(&tokens, i, phrases).filter(|n| i + n < end))
        {
            first += n;
        }
        while first < end {
            match longest_phrase_at(&tokens, first, &TITLE_PHRASES) {
                // After a place's cue, `Anh`, `Cô` start the place's name (`tại Anh
                // Sơn`, `đảo Cô Tô`), not an honorific.
                Some(1)
                    if !tokens[first].initial
                        && HONORIFICS.contains(&&*tokens[first].lower)
                        && tokens
                            .get(first + 1)
                            .is_some_and(|t| is_vietnamese_syllable(t.text))
                        && matches!(
                            cue_before(&tokens, &taken, first, text),
                            Some(Cue::Place(_))
                        ) => {}
                Some(n) => {
                    first += n;
                    continue;
                }
                None => {}
            }
            break;
        }
        // `Bộ trưởng Công Thương Nguyễn Hồng Diên`: a ministry's name without its `Bộ`,
        // after a title, qualifies the title; the name is what follows.
        if let Some(k) = ministry_qualifier(&tokens, first, end, text, gazetteer)
            && matches!(
                cue_before(&tokens, &taken, first, text),
                Some(Cue::Person(_))
            )
        {
            taken[first..first + k].iter_mut().for_each(|t| *t = true);
            first += k;
        }
        // An organisation's head with no name after it (`Tổng thư ký Hiệp hội,`), or an
        // administrative unit (`TP` before `Thủ Đức`), is a common noun, not a name.
        if first >= end
            || longest_phrase_at(&tokens, first, &ORG_HEAD_PHRASES).is_some()
            || (end - first == 1
                && longest_phrase_at(&tokens, first, &ADMIN_UNIT_PHRASES).is_some())
        {
            i = end.max(first);
            continue;
        }
        // `Tổng giám đốc Vietcombank Nguyễn Thanh Tùng`: a foreign word or an acronym
        // qualifying the title, then a Vietnamese name to the end of the run: the
        // qualifier is the person's organisation when the title is a post in one.
        if let Some(name_at) = qualified_name(&tokens, first, end)
            && let Some(Cue::Person(title)) = cue_before(&tokens, &taken, first, text)
        {
            if ORG_ROLES
                .iter()
                .any(|r| title == *r || title.ends_with(&format!(" {r}")))
            {
                spans.push(Span {
                    start: tokens[first].start,
                    end: tokens[name_at - 1].end,
                    first,
                    last: name_at,
                    kind: EntityKind::Organization,
                    known: None,
                    agency: false,
                    title: None,
                    alias_only: false,
                });
            }
            taken[first..name_at].iter_mut().for_each(|t| *t = true);
            first = name_at;
        }
        // `Giám đốc thương mại của Airbus Benoît de Saint-Exupéry`: a one-word
        // organisation already named in the text, opening a longer run, is that
        // organisation, and the rest is read on its own.
        if end - first >= 2
            && let Some(org) = spans.iter().find(|s| {
                s.kind == EntityKind::Organization
                    && s.last - s.first == 1
                    && tokens[s.first].text == tokens[first].text
            })
        {
            let org = Span {
                start: tokens[first].start,
                end: tokens[first].end,
                first,
                last: first + 1,
                title: None,
                alias_only: false,
                ..org.clone()
            };
            spans.push(org);
            first += 1;
        }
        if let Some((place, person)) = unit_name_then_holder(&tokens, first, end, text) {
            spans.extend([place, person]);
            i = end;
            continue;
        }
        if let Some(span) = classify(&tokens, &taken, first, end, text) {
            spans.push(span);
        }
        i = end;
    }

    spans.sort_by_key(|s| s.start);
    let mut found = resolve(matched, spans);
    // The signature's words are the tokens' lowercase, read here once: a token is a
    // word but where it is `joined`, which splits it into words for the signature.
    let signature = (modern && lower.is_some()).then(|| {
        let mut shingles = Shingles::default();
        for token in &tokens {
            if token.joined {
                shingles.words_of(&token.lower);
            } else {
                shingles.word(&token.lower);
            }
        }
        shingles.signature().map(Box::new)
    });
    drop(tokens); // they borrow from `lower`
    found.for_signature = match (signature, lower) {
        (Some(signature), _) => SignatureInput::Done(signature),
        // Where a pair was left for the offsets' sake, it is moved now: the lowercase
        // is handed on in the modern placement whole.
        (None, Some(lower)) => {
            SignatureInput::Lower(match crate::text::modern_tone_placement(&lower) {
                std::borrow::Cow::Owned(moved) => moved,
                std::borrow::Cow::Borrowed(_) => lower.into_owned(),
            })
        }
        (None, None) => SignatureInput::Text,
    };
    found
}

/// `Anh` is the United Kingdom, a personal pronoun (`anh ấy`) and a given name (`Tuấn
/// Anh`), so no list has it. It is the country right after a title or a body it
/// qualifies (`Thủ tướng Anh Keir Starmer`, `Quốc hội Anh`), after a place's preposition
/// (`tại Anh`, `nước Anh`, `người Anh`), and not before another Vietnamese name (`Anh
/// Sơn`) or after a title when somebody in the text is named `… Anh` (`Bộ trưởng Anh`
/// may then be Trần Tuấn Anh).
fn add_the_united_kingdom(tokens: &[Token], found: &mut Vec<GazMatch>, gazetteer: &Gazetteer) {
    let Some(entry) = gazetteer.lookup("Vương quốc Anh") else {
        return;
    };
    let a_person_is_named_anh = || {
        tokens.windows(2).any(|w| {
            w[1].text == "Anh"
                && w[0].cap
                && !w[0].initial
                && !w[1].after_punct
                && is_vietnamese_syllable(w[0].text)
        })
    };
    let mut named_anh = None;
    let mut added = false;
    for (k, t) in tokens.iter().enumerate() {
        if t.text != "Anh" || t.initial || t.after_punct || k == 0 {
            continue;
        }
        if tokens.get(k + 1).is_some_and(|n| {
            n.cap && !n.after_punct && is_vietnamese_syllable(n.text) && !is_acronym(n.text)
        }) {
            continue;
        }
        let after_title = phrase_ending_at(tokens, k, &TITLE_PHRASES, 4).is_some()
            && !HONORIFICS.contains(&&*tokens[k - 1].lower);
        let after_body = found.iter().any(|m| {
            m.end == tokens[k - 1].end && gazetteer.entry(m.entry).kind == EntityKind::Organization
        });
        let after_preposition = matches!(
            &*tokens[k - 1].lower,
            "tại" | "ở" | "đến" | "tới" | "sang" | "từ" | "khỏi" | "nước" | "người" | "thăm"
        );
        // `công du Pháp và Anh`, `Anh và Pháp`: joined to another place.
        let is_place = |m: &GazMatch| gazetteer.entry(m.entry).kind == EntityKind::Place;
        let joined_to_a_place = (k >= 2
            && matches!(&*tokens[k - 1].lower, "và" | "hoặc")
            && found
                .iter()
                .any(|m| m.end == tokens[k - 2].end && is_place(m)))
            || (tokens
                .get(k + 1)
                .is_some_and(|n| matches!(&*n.lower, "và" | "hoặc"))
                && tokens
                    .get(k + 2)
                    .is_some_and(|n| found.iter().any(|m| m.start == n.start && is_place(m))));
        if after_preposition
            || joined_to_a_place
            || after_body
            || (after_title && !*named_anh.get_or_insert_with(a_person_is_named_anh))
        {
            found.push(GazMatch {
                start: t.start,
                end: t.end,
                entry,
            });
            added = true;
        }
    }
    if added {
        found.sort_by_key(|m| m.start);
    }
}

/// Whether a one-word Vietnamese place name is really part of a person's name next to
/// it (`Thu Nga`, `Minh Đức`) or of another proper name (`Đức Quốc xã`).
fn part_of_a_name(tokens: &[Token], first: usize, last: usize) -> bool {
    if last - first != 1 || !is_vietnamese_syllable(tokens[first].text) {
        return false;
    }
    let next_is_name = tokens
        .get(last)
        .is_some_and(|t| t.cap && !t.after_punct && is_vietnamese_syllable(t.text));
    let prev_is_name = first > 0 && {
        let p = &tokens[first - 1];
        p.cap && !p.initial && !tokens[first].after_punct && is_vietnamese_syllable(p.text)
    };
    // `Đại sứ Việt Nam tại Séc Dương Hoài Nam`: after a place's preposition, a place
    // followed by a full name of its own is the place, and the name a person's.
    let placed = first > 0
        && !tokens[first].after_punct
        && matches!(&*tokens[first - 1].lower, "tại" | "ở")
        && last < tokens.len()
        && person_name_len(tokens, last) >= 2;
    (next_is_name && !placed) || prev_is_name
}

/// A word with a capital inside it (`MoMo`, `VinFast`, `TikTok`) is a brand; names of
/// people written that way start with a particle (`McCarthy`, `DeSantis`, `LeBron`).
fn is_brand(word: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von",
    ];
    let inner_capital = word
        .chars()
        .zip(word.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    // `Vietcombank`, `Agribank`: a bank's name ends in `bank`.
    let bank = word.len() > 4
        && word.ends_with("bank")
        && word.starts_with(|c: char| c.is_ascii_uppercase());
    (inner_capital && !PARTICLES.iter().any(|p| word.starts_with(p))) || bank
}

/// How many words opening the run `first..end` name a ministry the gazetteer knows once
/// `Bộ` is put before them (`Công Thương`, `Văn hóa, Thể thao và Du lịch` is not a run),
/// when a person's name of two words or more is left after them.
fn ministry_qualifier(
    tokens: &[Token],
    first: usize,
    end: usize,
    text: &str,
    gazetteer: &Gazetteer,
) -> Option<usize> {
    (1..=3).rev().filter(|&k| end >= first + k + 2).find(|&k| {
        let words = &text[tokens[first].start..tokens[first + k - 1].end];
        gazetteer.lookup(&format!("Bộ {words}")).is_some()
            && person_name_len(tokens, first + k) == end - first - k
    })
}

/// Where a name going on in lowercase at `j` ends, when an abbreviation in brackets
/// right after it says it is one name: `Hiệp hội các nhà sản xuất ô tô Ấn Độ (SIAM)`,
/// through a place the gazetteer knows, or up to a known owner after `của`; `Phòng
/// Cảnh sát điều tra tội phạm về ma túy (PC04)`. A few words at most, none of which goes
/// on a sentence (`cho`, `đã`, `của`…).
fn lowercase_name_to_an_abbreviation(
    tokens: &[Token],
    taken: &[bool],
    names: &Names,
    j: usize,
    text: &str,
) -> Option<usize> {
    let abbreviated_after = |last: usize| {
        text[tokens[last - 1].end..]
            .strip_prefix(" (")
            .and_then(|a| a.split_once(')'))
            .is_some_and(|(inner, _)| is_abbreviation(inner))
    };
    let mut k = j;
    while k < tokens.len().min(j + 9) && (k == j || !tokens[k].after_punct) {
        if let Some(place) = names.at(k).filter(|s| s.kind == EntityKind::Place) {
            return abbreviated_after(place.last).then_some(place.last);
        }
        let word = &tokens[k];
        // `Văn phòng Điều phối các vấn đề nhân đạo của Liên Hợp Quốc (OCHA)`: a known
        // owner after `của`, the abbreviation right after it.
        if &*word.lower == "của"
            && let Some(owner) = names.at(k + 1)
            && abbreviated_after(owner.last)
        {
            return Some(owner.last);
        }
        // Capitalised Vietnamese words may come back in the name (`Viện Nghiên cứu quản
        // lý kinh tế Trung ương (CIEM)`), a person's name may not.
        let capital_ok = word.cap
            && k > j
            && is_vietnamese_syllable(word.text)
            && person_name_len(tokens, k) < 2;
        if taken[k] || (word.cap && !capital_ok) || TAIL_STOP_SET.contains(&&*word.lower) {
            return None;
        }
        k += 1;
        if abbreviated_after(k) {
            return Some(k);
        }
    }
    None
}

/// An organisation's abbreviation or code: capitals, perhaps with digits (`SIAM`, `PC04`).
fn is_abbreviation(word: &str) -> bool {
    (2..=10).contains(&word.len())
        && word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && word.bytes().filter(u8::is_ascii_uppercase).count() >= 2
}

/// Whether `name` is also written at the end of a longer capitalised name in `text`:
/// `Al Saud` in `Faisal bin Farhan Al Saud` is a family's name, not a club's.
fn ends_a_longer_name(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].trim_end_matches(' ');
        before.len() < at
            && before
                .rsplit(|c: char| !is_word_char(c))
                .next()
                .and_then(|w| w.chars().next())
                .is_some_and(is_upper)
    })
}

/// Whether the text after an acronym makes it a model's name with its number: `VF 6`,
/// `F 35`, a rice variety's `OM 5451` (not a date's `2/9` nor a year).
fn names_a_model(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    const UNITS: &[&str] = &[
        "giờ", "phút", "giây", "ngày", "tháng", "năm", "tuổi", "người", "nghìn", "triệu", "tỷ",
        "điểm", "km", "kg",
    ];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = &rest[digits..];
    let year = digits == 4 && (1900..=2100).contains(&rest[..4].parse::<u32>().unwrap_or(0));
    ((1..=2).contains(&digits) || ((3..=5).contains(&digits) && !year))
        && after
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() && !matches!(c, '/' | '.' | ',' | '-' | '%'))
        // `RIA 17 giờ trước`: a number of something, not a model's.
        && after
            .split_whitespace()
            .next()
            .is_none_or(|w| !UNITS.contains(&w.trim_end_matches(|c: char| !is_word_char(c))))
}

/// Where a Vietnamese name fills the rest of the run `first..end` after one to three
/// foreign words or acronyms.
fn qualified_name(tokens: &[Token], first: usize, end: usize) -> Option<usize> {
    (first + 1..end.min(first + 4)).find(|&k| {
        tokens[first..k]
            .iter()
            .all(|t| is_acronym(t.text) || !is_vietnamese_syllable(t.text))
            && person_name_len(tokens, k) == end - k
    })
}

/// `Hà Nội FC`: a place name before a club's suffix is the club's name.
/// `Thép Xanh Nam Định`, `Đông Á Thanh Hóa`, `SHB Đà Nẵng`: a club or a company named
/// after its home, its own name written right before the place's. Vietnamese writes only
/// the first syllable of a title or a common noun with a capital (`Ngoại trưởng Nga`,
/// `Quốc hội Mỹ`), so capitalised Vietnamese words right before a place are a name: two
/// or more that are not a person's, a title or a head, or an acronym inside a sentence.
/// Foreign words are left alone (`Zelensky Ukraine` is more likely a person and a place
/// than a company), unless the place is written in English (`Box Office Vietnam`).
/// Returns the first token of that name.
fn named_after_a_place(
    tokens: &[Token],
    taken: &[bool],
    first: usize,
    english_form: bool,
    text: &str,
) -> Option<usize> {
    let mut from = first;
    while from > 0 && !tokens[from].after_punct && tokens[from - 1].cap && !taken[from - 1] {
        from -= 1;
    }
    let words = &tokens[from..first];
    // `Box Office Vietnam`: foreign words before a place written in its English form are
    // an English name, the place's part of it.
    if english_form && !words.is_empty() && words.iter().all(|w| !is_vietnamese_syllable(w.text)) {
        return Some(from);
    }
    let cue_phrase = |phrases: &Phrases| longest_phrase_at(tokens, from, phrases).is_some();
    match words {
        [] => None,
        // An acronym opening a parenthesis is not a sentence's first word: `Trung tâm
        // Kiểm soát bệnh tật Hà Nội (CDC Hà Nội)`.
        [one] => (((!one.initial || text[..one.start].ends_with('('))
            && is_acronym(one.text)
            && !NOT_ORGANIZATION_SET.contains(&one.text))
            || is_age_group(one.text))
        .then_some(from),
        _ => (words.iter().all(|w| is_vietnamese_syllable(w.text))
            && !starts_person_name(tokens, from)
            && !cue_phrase(&TITLE_PHRASES)
            && !cue_phrase(&ORG_HEAD_PHRASES)
            && !cue_phrase(&ADMIN_UNIT_PHRASES)
            && !GEO_NOUN_SET.contains(&&*words[0].lower)
            && !PLACE_CUES.contains(&&*words[0].lower)
            && !HONORIFICS.contains(&&*words[0].lower))
        .then_some(from),
    }
}

/// `hãng Tokyo Electron`, `báo Washington Post`: after an organisation's descriptor, a
/// city written in foreign letters and more foreign capitalised words open the
/// organisation's name. The end of that name, if so.
fn company_named_after_a_place(tokens: &[Token], first: usize, last: usize) -> Option<usize> {
    let foreign = |t: &Token| t.cap && !t.after_punct && !is_vietnamese_syllable(t.text);
    if tokens[first].after_punct
        || !tokens[first..last]
            .iter()
            .all(|t| !is_vietnamese_syllable(t.text))
    {
        return None;
    }
    phrase_ending_at(tokens, first, &ORG_DESCRIPTOR_PHRASES, 3)?;
    let end = last + tokens[last..].iter().take_while(|t| foreign(t)).count();
    (end > last && !is_acronym(tokens[last].text)).then_some(end)
}

/// A name that is a Vietnamese common noun with its first letter capitalised, as a
/// kind of body is written (`Quốc hội`, `Chính phủ`, `Hạ viện`), not a proper name
/// (`Nhà Trắng`, `Điện Kremlin`).
fn names_a_kind_of_body(words: &[Token]) -> bool {
    words.len() >= 2
        && words.iter().all(|w| is_vietnamese_syllable(w.text))
        && words[1..].iter().all(|w| !w.cap)
}

/// `U23`, `U17`: a youth team's age group, which before a country names its team
/// (`U23 Việt Nam`).
fn is_age_group(word: &str) -> bool {
    word.strip_prefix('U')
        .is_some_and(|age| age.len() == 2 && age.bytes().all(|b| b.is_ascii_digit()))
}

fn names_a_club(tokens: &[Token], first: usize, last: usize) -> bool {
    let suffix = tokens
        .get(last)
        .is_some_and(|t| !t.after_punct && matches!(t.text, "FC" | "F.C." | "CF"));
    // `Real Madrid`, `Sporting Lisbon`: the city after a club's opening word.
    let prefix = first > 0
        && !tokens[first].after_punct
        && CLUB_PREFIX_SET.contains(&tokens[first - 1].text);
    suffix || prefix
}

/// `ông Đức`, `bà Nga`: a one-word place name after an honorific is a person's name.
fn after_honorific(tokens: &[Token], first: usize, last: usize) -> bool {
    last - first == 1
        && first > 0
        && !tokens[first].after_punct
        && HONORIFICS.contains(&&*tokens[first - 1].lower)
}

/// `el-Sheikh`, `al-Assad`: a particle glued to a capitalised name.
fn is_particle_name(word: &str) -> bool {
    word.split_once('-').is_some_and(|(particle, rest)| {
        is_connector(particle) && rest.starts_with(char::is_uppercase)
    })
}

fn is_connector(word: &str) -> bool {
    matches!(
        word,
        "bin"
            | "al"
            | "Al"
            | "de"
            | "van"
            | "von"
            | "der"
            | "di"
            | "da"
            | "dos"
            | "del"
            | "el"
            | "ibn"
            | "la"
    )
}

/// The end (one past the last token) of a Vietnamese organisation name starting at `i`:
/// a capitalised head (`Bộ`, `Tòa án`), perhaps a modifier (`nhân dân`, `cổ phần`), then
/// capitalised components, each completed by a lowercase syllable (`Ngoại giao`), joined
/// by `và` or listed with commas (`Văn hóa, Thể thao và Du lịch`), bridged by lowercase
/// syllables to a further capital (`Bệnh nhiệt đới Trung ương`), and ending perhaps in
/// an administrative unit and a place (`tỉnh Quảng Nam`) or an organisation it belongs
/// to (`Cơ quan Cảnh sát điều tra Bộ Công an`).
fn organization_at(
    tokens: &[Token],
    taken: &[bool],
    names: &Names,
    i: usize,
    text: &str,
) -> Option<usize> {
    let head_len = longest_phrase_at(tokens, i, &ORG_HEAD_PHRASES)?;
    // `Phòng` (a room, an office) heads only Vietnamese names: `Phòng Thương mại`,
    // `Phòng Tham mưu`.
    if &*tokens[i].lower == "phòng"
        && tokens
            .get(i + head_len)
            .is_none_or(|t| !is_vietnamese_syllable(t.text))
    {
        return None;
    }
    // `Chứng khoán` before a place alone is its stock market (`Chứng khoán Việt Nam tăng
    // mạnh`); a securities company has a name of its own (`Chứng khoán Yuanta Việt Nam`).
    if &*tokens[i].lower == "chứng"
        && head_len == 2
        && let Some(place) = names
            .at(i + head_len)
            .filter(|s| s.kind == EntityKind::Place)
        && tokens
            .get(place.last)
            .is_none_or(|t| !t.cap || t.after_punct)
    {
        return None;
    }
    let mut j = i + head_len;
    if tokens.get(j).is_some_and(|t| !t.after_punct) {
        j += longest_phrase_at(tokens, j, &ORG_MODIFIER_PHRASES).unwrap_or(0);
    }
    let first_component = j;
    let business = matches!(
        (&*tokens[i].lower, head_len),
        ("công", 2) | ("tập", 2) | ("tổng", 3)
    );
    // A company's brand of two capitalised syllables ends just before token `j`.
    let brand_before =
        |j: usize| business && j >= first_component + 2 && tokens[j - 2].cap && tokens[j - 1].cap;
    let span_at = |j: usize, kind: EntityKind| names.at(j).filter(|s| s.kind == kind);
    // A name that ends in a place or an organisation takes no lowercase tail after it:
    // what follows is the sentence (`Công an TP.HCM mở rộng điều tra`).
    let mut ends_in_name = false;
    while let Some(t) = tokens.get(j) {
        if t.after_punct {
            let glue = &text[tokens[j - 1].end..t.start];
            let listed = glue == ", " && list_continues(tokens, taken, j);
            // `Hiệp hội Cà phê - Ca cao Việt Nam`: two components joined by a hyphen,
            // the second a Vietnamese word that starts no other name. Not after `Bộ`
            // (`liên Bộ Công Thương - Tài chính` is two ministries) or a site's head
            // (`Chùa Thầy - Tây Phương` is two pagodas).
            let joined = matches!(glue, " - " | " – ")
                && &*tokens[i].lower != "bộ"
                && longest_phrase_at(tokens, i, &VENUE_HEAD_PHRASES).is_none()
                && !ends_in_name
                && is_vietnamese_syllable(t.text)
                && !taken[j]
                && person_name_len(tokens, j) == 0
                && longest_phrase_at(tokens, j, &TITLE_PHRASES).is_none()
                && longest_phrase_at(tokens, j, &ORG_HEAD_PHRASES).is_none();
            if !(j > first_component && t.cap && (listed || joined)) {
                break;
            }
        }
        // A gazetteer place continues the name: `Ủy ban châu Âu`, `Bóng đá Việt Nam`.
        if let Some(place) = span_at(j, EntityKind::Place) {
            j = place.last;
            ends_in_name = true;
            continue;
        }
        // `tỉnh Quảng Nam`, `TP Hà Nội`: an administrative unit and its place.
        if let Some(n) = longest_phrase_at(tokens, j, &ADMIN_UNIT_PHRASES) {
            let next = j + n;
            let named = span_at(next, EntityKind::Place).is_some()
                || tokens
                    .get(next)
                    .is_some_and(|t| t.cap && !t.after_punct && !taken[next]);
            if named && !t.cap || named && n >= 1 && t.text.eq_ignore_ascii_case("tp") {
                j = next;
                ends_in_name = span_at(next, EntityKind::Place).is_some();
                if let Some(place) = span_at(next, EntityKind::Place) {
                    j = place.last;
                }
                continue;
            }
            // `Bộ Chỉ huy Quân sự tỉnh`, `Sở Y tế tỉnh`: the unit alone, after the name,
            // makes it the province's (or the district's) own, and ends it.
            if !named && !t.cap && j > first_component && !ends_in_name {
                j = next;
                ends_in_name = true;
                break;
            }
        }
        // `… Bộ Công an`: the organisation it belongs to.
        if j > first_component
            && let Some(org) = span_at(j, EntityKind::Organization)
        {
            j = org.last;
            ends_in_name = true;
            continue;
        }
        if taken[j] {
            break;
        }
        // After a place that ends the name, a capitalised Vietnamese word starts
        // another: `Tổng Liên đoàn Lao động Việt Nam Ngọ Duy Hiểu`.
        if ends_in_name
            && t.cap
            && is_vietnamese_syllable(t.text)
            && !ORG_WORD_SET.contains(&t.text)
        {
            break;
        }
        // `Bộ Văn hóa, Thể thao và Du lịch`; but `… và Hoàng thành Huế` starts another.
        if t.text == "và"
            && tokens
                .get(j + 1)
                .is_some_and(|n| n.cap && !n.after_punct && is_vietnamese_syllable(n.text))
            && longest_phrase_at(tokens, j + 1, &ORG_HEAD_PHRASES).is_none()
            && j > first_component
        {
            j += 1;
            continue;
        }
        if !t.cap {
            // `Hiệp hội các nhà sản xuất ô tô Ấn Độ (SIAM)`, `Phòng Cảnh sát điều tra tội
            // phạm về ma túy (PC04)`: a name going on in lowercase, its abbreviation right
            // after.
            // A one-word head needs a capitalised word first: `Bộ chỉ số năng lực cạnh
            // tranh (PCI)` is a set of indices, not a ministry.
            if !ends_in_name
                && (j > first_component || head_len >= 2)
                && let Some(end) = lowercase_name_to_an_abbreviation(tokens, taken, names, j, text)
            {
                j = end;
                ends_in_name = true;
                continue;
            }
            // `Bệnh viện Đa khoa khu vực Định Quán`: a regional body, named after its
            // area.
            if (j > first_component || head_len >= 2)
                && !ends_in_name
                && opens_a_region(tokens, j)
                && !tokens[j + 1].after_punct
                && tokens
                    .get(j + 2)
                    .is_some_and(|n| n.cap && !n.after_punct && !taken[j + 2])
            {
                // The area's name: a place found already, or its capitalised words.
                j = match span_at(j + 2, EntityKind::Place) {
                    Some(place) => place.last,
                    None => {
                        j + 2
                            + tokens[j + 2..]
                                .iter()
                                .zip(&taken[j + 2..])
                                .take_while(|(n, taken)| {
                                    n.cap
                                        && !n.after_punct
                                        && !**taken
                                        && is_vietnamese_syllable(n.text)
                                })
                                .count()
                    }
                };
                ends_in_name = true;
                continue;
            }
            // Lowercase syllables bridging to a further capitalised word of the name.
            match bridge(tokens, taken, names, j) {
                Some(next) if j > first_component && !ends_in_name => {
                    j = next;
                    continue;
                }
                _ => break,
            }
        }
        // A person's full name or a title ends the organisation's name, but a school is
        // named after a person (`Trường THPT chuyên Lê Quý Đôn`): right after its level,
        // the name is the school's, and ends it.
        if j > first_component {
            let person = person_name_len(tokens, j);
            if person >= 3 && follows_school_level(tokens, first_component, j) {
                j += person;
                ends_in_name = true;
                break;
            }
            if person >= 3 || longest_phrase_at(tokens, j, &TITLE_PHRASES).is_some() {
                break;
            }
        }
        let foreign = !is_vietnamese_syllable(t.text) && !is_acronym(t.text);
        // A foreign word ends the name (a person's name follows), unless a place comes
        // right after it: `Công ty Chứng khoán Yuanta Việt Nam` is one company.
        let before_a_place = tokens
            .get(j + 1)
            .is_some_and(|n| !n.after_punct && span_at(j + 1, EntityKind::Place).is_some());
        // `Vương cung thánh đường Thánh Phêrô`: a saint's name after `Thánh` is the name.
        let saint = &*tokens[j - 1].lower == "thánh";
        if j > first_component
            && foreign
            && !ORG_WORD_SET.contains(&t.text)
            && !before_a_place
            && !saint
            && !is_brand(t.text)
        {
            break;
        }
        j += 1;
        ends_in_name = false;
        // One lowercase word completes a Vietnamese compound (`Ngoại giao`, `Thống kê`,
        // and `Nhà ở`, housing, whose `ở` is otherwise a preposition that stops a name),
        // but not after a company's brand of two capitalised syllables: `Công ty Thủy
        // Sơn nộp lại…` is the sentence going on.
        let after_brand = brand_before(j) && !tokens[j - 1].after_punct;
        // Nor is `khu vực` (a region) one: the area's name follows it.
        if let Some(n) = tokens
            .get(j)
            .filter(|_| !after_brand && !opens_a_region(tokens, j))
        {
            let word = n.text.chars().all(char::is_alphabetic);
            if word
                && !n.cap
                && !n.after_punct
                && !taken[j]
                && (!TAIL_STOP_SET.contains(&n.text)
                    || (&*tokens[j - 1].lower, n.text) == ("nhà", "ở"))
                && longest_phrase_at(tokens, j, &VERB_PHRASES).is_none_or(|len| len < 2)
                && !foreign
            {
                j += 1;
            }
        }
    }
    if j == first_component {
        return None;
    }
    // `Bệnh viện Nhi đồng 1`, `Quân khu 7`: a number closing the name at the end of a
    // clause, or before a word that goes on the sentence (`Quân khu 5 đã điều…`).
    if !ends_in_name
        && let Some(n) = tokens.get(j)
        && !n.after_punct
        && n.text.len() <= 3
        && n.text.bytes().all(|b| b.is_ascii_digit())
        // A whole number, not a date's or a decimal's first part (`14/2`, `1,5`).
        && !text[n.end..].starts_with(['/', '-', ':', '%'])
        && !text[n.end..]
            .strip_prefix(['.', ','])
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        && tokens.get(j + 1).is_none_or(|next| {
            text[n.end..next.start].contains([',', '.', ';', ')', ':', '\n'])
                || TAIL_STOP_SET.contains(&&*next.lower)
        })
    {
        return Some(j + 1);
    }
    if ends_in_name {
        return Some(j);
    }
    // Longer lowercase tails (`khí tượng thủy văn quốc gia`) count only up to a comma,
    // a parenthesis or the end of the sentence, and without a stop word in them.
    let mut k = j;
    let mut stopped = false;
    while k < tokens.len() && k - j < 6 && !tokens[k].cap && !tokens[k].after_punct && !taken[k] {
        // A stop or a verb of two words: `tổ chức`, `phối hợp`, `kiểm tra`, `cho biết`
        // after the name are the sentence's.
        let two_word_stop = longest_phrase_at(tokens, k, &VERB_PHRASES).is_some_and(|n| n >= 2);
        if TAIL_STOP_SET.contains(&tokens[k].text)
            || two_word_stop
            || !tokens[k].text.chars().all(char::is_alphabetic)
        {
            stopped = true;
            break;
        }
        k += 1;
    }
    // `Hội đồng Tiền lương quốc gia đã thống nhất…`: `quốc gia` or `trung ương`, at
    // most two words into the tail, closes the name even inside a sentence.
    let national = (j..k.saturating_sub(1)).take(3).find(|&p| {
        matches!(
            (&*tokens[p].lower, &*tokens[p + 1].lower),
            ("quốc", "gia") | ("trung", "ương")
        )
    });
    if let Some(p) = national {
        return Some(p + 2);
    }
    // `Ban Chỉ huy phòng thủ dân sự tỉnh cho biết`: a tail closed by the province, the
    // city or the district the body serves is its name, as `quốc gia` closes a national
    // body's, though the sentence goes on after it.
    if stopped
        && k > j
        && matches!(
            &*tokens[k - 1].lower,
            "tỉnh" | "huyện" | "quận" | "xã" | "phường"
        )
        && is_vietnamese_syllable(tokens[j - 1].text)
        && !brand_before(j)
    {
        return Some(k);
    }
    if stopped {
        return Some(j);
    }
    // `Trung tâm Quan trắc môi trường miền Bắc cho biết`: a region closes it too.
    if k > j
        && k - j <= 3
        && matches!(&*tokens[k - 1].lower, "miền" | "phía")
        && tokens
            .get(k)
            .is_some_and(|t| !t.after_punct && matches!(t.text, "Bắc" | "Nam" | "Trung"))
    {
        return Some(k + 1);
    }
    // The tail goes on a Vietnamese name: after a foreign one or an acronym (`Công ty
    // SpaceX phóng tên lửa.`) the lowercase words are the sentence's.
    // So do they after a company's brand (`Công ty Thủy Sơn nộp lại tiền.`).
    let vietnamese_before = is_vietnamese_syllable(tokens[j - 1].text)
        && !is_acronym(tokens[j - 1].text)
        && !brand_before(j);
    if k > j && k - j <= 6 && vietnamese_before {
        let ends_clause = match tokens.get(k) {
            None => true,
            Some(t) => {
                text[tokens[k - 1].end..t.start].contains([',', '.', ';', '(', ')', ':', '\n'])
            }
        };
        if ends_clause {
            return Some(k);
        }
    }
    Some(j)
}

/// Whether `khu vực` (a region) starts at token `j`.
fn opens_a_region(tokens: &[Token], j: usize) -> bool {
    tokens.get(j).is_some_and(|t| &*t.lower == "khu")
        && tokens.get(j + 1).is_some_and(|t| &*t.lower == "vực")
}

/// Whether the words just before token `j`, from `from` on, name a school's level.
fn follows_school_level(tokens: &[Token], from: usize, j: usize) -> bool {
    (from..j)
        .rev()
        .take(4)
        .any(|k| longest_phrase_at(tokens, k, &SCHOOL_LEVEL_PHRASES) == Some(j - k))
}

/// The gazetteer's spans, by the token they start at.
struct Names<'a> {
    spans: &'a [Span],
    by_first: &'a [Option<usize>],
}

impl Names<'_> {
    fn at(&self, token: usize) -> Option<&Span> {
        self.by_first
            .get(token)
            .copied()
            .flatten()
            .map(|n| &self.spans[n])
    }
}

/// Up to two lowercase syllables at `j` followed by a capitalised word, or a gazetteer
/// name, that continues a name: the index of that word.
fn bridge(tokens: &[Token], taken: &[bool], names: &Names, j: usize) -> Option<usize> {
    // A stop word that opens a compound of the name is no stop: `sáng tạo`.
    let compound = tokens.get(j..j + 2).is_some_and(|pair| {
        !pair[1].after_punct && COMPOUNDS_OF_STOPS.contains(&(pair[0].text, pair[1].text))
    });
    for n in 1..=2 {
        let words = tokens.get(j..j + n)?;
        if words.iter().enumerate().any(|(k, w)| {
            w.cap
                || w.after_punct
                || (TAIL_STOP_SET.contains(&w.text) && !(k == 0 && compound))
                || !w.text.chars().all(char::is_alphabetic)
        }) {
            return None;
        }
        let next = j + n;
        let t = tokens.get(next)?;
        if t.after_punct {
            return None;
        }
        // `… Đường sắt cao tốc VinSpeed`: a brand closes a company's name too.
        let continues = names.at(next).is_some()
            || (t.cap
                && !taken[next]
                && person_name_len(tokens, next) < 3
                && (is_vietnamese_syllable(t.text) || is_brand(t.text)));
        if continues {
            return Some(next);
        }
    }
    None
}

/// Whether a `, ` at token `j` lists components: a `và` and a capitalised word follow
/// before any punctuation.
fn list_continues(tokens: &[Token], taken: &[bool], j: usize) -> bool {
    let mut k = j + 1;
    while k < tokens.len() && k < j + 8 && !tokens[k].after_punct && !taken[k] {
        if tokens[k].text == "và" {
            return tokens.get(k + 1).is_some_and(|t| t.cap && !t.after_punct);
        }
        k += 1;
    }
    false
}

/// The length of a Vietnamese personal name at `i`: a family name and the capitalised
/// syllables after it (0 when `i` does not start one).
fn person_name_len(tokens: &[Token], i: usize) -> usize {
    if !tokens.get(i).is_some_and(|t| SURNAME_SET.contains(&t.text)) {
        return 0;
    }
    let mut n = 1;
    while tokens
        .get(i + n)
        .is_some_and(|t| t.cap && !t.after_punct && is_vietnamese_syllable(t.text))
        && n < 4
    {
        n += 1;
    }
    if n >= 2 { n } else { 0 }
}

/// How many tokens right before token `end` (at most `max`) spell one of `phrases`,
/// the fewest first: `Thủ tướng` before `Anh`, `giải thưởng` before a prize's name.
fn phrase_ending_at(tokens: &[Token], end: usize, phrases: &Phrases, max: usize) -> Option<usize> {
    (1..=max.min(end)).find(|&n| longest_phrase_at(tokens, end - n, phrases) == Some(n))
}

/// How many tokens from `i` on spell one of `phrases` (case-insensitive), longest first.
fn longest_phrase_at(tokens: &[Token], i: usize, phrases: &Phrases) -> Option<usize> {
    phrases.longest(|k| {
        let t = tokens.get(i + k)?;
        (k == 0 || !t.after_punct).then_some(&*t.lower)
    })
}

/// A Vietnamese name: a family name followed by one to three capitalised syllables.
fn starts_person_name(tokens: &[Token], i: usize) -> bool {
    SURNAME_SET.contains(&tokens[i].text)
        && tokens
            .get(i + 1)
            .is_some_and(|t| t.cap && !t.after_punct && is_vietnamese_syllable(t.text))
}

/// `Thống đốc vùng Kamchatka Vladimir Solodov`, `Thị trưởng thành phố Kharkiv Ihor
/// Terekhov`: a person's title, the noun of an administrative unit, then three or more
/// foreign words is the unit's name followed by the holder's; the last two words are
/// the person. (A unit the gazetteer knows is no part of the run, and needs no rule.)
fn unit_name_then_holder(
    tokens: &[Token],
    first: usize,
    end: usize,
    text: &str,
) -> Option<(Span, Span)> {
    let run = &tokens[first..end];
    if run.len() < 3
        || tokens[first].after_punct
        || run
            .iter()
            .any(|t| is_vietnamese_syllable(t.text) || is_acronym(t.text))
    {
        return None;
    }
    // A unit, not a street or a river: `tỉnh`, `thành phố`…, and the foreign `bang`,
    // `vùng`.
    let noun = phrase_ending_at(tokens, first, &ADMIN_UNIT_PHRASES, 2)
        .or_else(|| {
            (first > 0 && matches!(&*tokens[first - 1].lower, "bang" | "vùng")).then_some(1)
        })
        .filter(|&n| !tokens[first - n].after_punct)?;
    let title_len = phrase_ending_at(tokens, first - noun, &TITLE_PHRASES, 4)?;
    let title_at = first - noun - title_len;
    let holder_at = end - 2;
    let title = text[tokens[title_at].start..tokens[holder_at].start]
        .trim()
        .to_lowercase();
    Some((
        run_span(tokens, first, holder_at, EntityKind::Place, None),
        run_span(tokens, holder_at, end, EntityKind::Person, Some(title)),
    ))
}

/// The span of tokens `from..to` as a name of `kind`, found by its cues alone.
fn run_span(
    tokens: &[Token],
    from: usize,
    to: usize,
    kind: EntityKind,
    title: Option<String>,
) -> Span {
    Span {
        start: tokens[from].start,
        end: tokens[to - 1].end,
        first: from,
        last: to,
        kind,
        known: None,
        agency: false,
        title,
        alias_only: false,
    }
}

/// Decides what a run of capitalised words is, if anything.
fn classify(
    tokens: &[Token],
    taken: &[bool],
    first: usize,
    end: usize,
    text: &str,
) -> Option<Span> {
    // The run's words, on the stack when there are few (nearly always).
    let mut buf = [""; 8];
    let spilled: Vec<&str>;
    let words: &[&str] = if end - first <= buf.len() {
        for (word, t) in buf.iter_mut().zip(&tokens[first..end]) {
            *word = t.text;
        }
        &buf[..end - first]
    } else {
        spilled = tokens[first..end].iter().map(|t| t.text).collect();
        &spilled
    };
    // `vùng I`, `khu vực IV`: a number written in Roman numerals is no name.
    if let [word] = words[..]
        && is_roman_numeral(word)
    {
        return None;
    }
    // `World Cup`, `giải Nobel Vật lý`: competitions and prizes are no kind of entity
    // here, and not people.
    let after_prize_cue = !tokens[first].after_punct
        && phrase_ending_at(tokens, first, &PRIZE_CUE_PHRASES, 2)
            // `hòa giải` is to mediate.
            .is_some_and(|n| !(first > n && &*tokens[first - n - 1].lower == "hòa"));
    // A competition's word anywhere in the run: `Olympic Hóa học quốc tế`.
    if after_prize_cue || words.iter().any(|w| EVENT_WORD_SET.contains(w)) {
        return None;
    }
    let span = |kind, title| run_span(tokens, first, end, kind, title);
    // `Tại Vietcombank, giá bán USD…`: a brand after a place's cue is still a company.
    // Not a code that happens to mix cases (`NmQ0YmNiNTdj…` from an image's name).
    if let [word] = words[..]
        && is_brand(word)
        && word.len() <= 16
        && word.chars().all(char::is_alphabetic)
        && word.chars().filter(|c| c.is_uppercase()).count() <= 3
    {
        return Some(span(EntityKind::Organization, None));
    }
    // `Bắc Carolina`, `Tây Virginia`: a point of the compass in Vietnamese before a
    // foreign name makes a place's name; no person's name mixes the two.
    // Not a name seen alone elsewhere: `Đông Steve` read across `Trung Đông Steve
    // Witkoff` is no place.
    if let [compass, name] = words[..]
        && matches!(compass, "Bắc" | "Nam" | "Đông" | "Tây")
        && !is_vietnamese_syllable(name)
        && !is_acronym(name)
        && text.matches(name).count() == text.matches(&format!("{compass} {name}")).count()
    {
        return Some(span(EntityKind::Place, None));
    }
    let cue = cue_before(tokens, taken, first, text)
        .or_else(|| {
            (continues_a_place_list(tokens, first, text)
                || opens_a_route(tokens, first, end, text)
                || introduces_a_place_list(tokens, first))
            .then_some(Cue::Place(true))
        })
        .or_else(|| introduces_an_organisation_list(tokens, first).then_some(Cue::Organization));
    let foreign = words
        .iter()
        .any(|w| !is_vietnamese_syllable(w) && !is_acronym(w));
    let vietnamese_name = words.len() >= 2 && words.len() <= 4 && starts_person_name(tokens, first);
    // `Ông Nguyễn Đức Tài, Chủ tịch Thế Giới Di Động, nhận định`: a name between commas
    // after a post in an organisation, itself after a person's name, is the
    // organisation, not a second person.
    if let Some(Cue::Person(title)) = &cue
        && !vietnamese_name
        && text[tokens[end - 1].end..].starts_with(',')
        && let Some(title_at) = first.checked_sub(title.split(' ').count())
        && title_at > 0
        && tokens[title_at].after_punct
        && tokens[title_at - 1].cap
        && &text[tokens[title_at - 1].end..tokens[title_at].start] == ", "
        && ORG_ROLES.iter().any(|r| {
            title
                .strip_suffix(r)
                .is_some_and(|before| before.is_empty() || before.ends_with(' '))
        })
    {
        return Some(span(EntityKind::Organization, None));
    }
    match cue {
        // A lone Vietnamese word is a name only right after its title (`ông Kim`).
        Some(Cue::Person(title))
            if foreign
                || vietnamese_name
                || words.len() >= 2
                || title_is_adjacent(tokens, first, &title) =>
        {
            return Some(span(EntityKind::Person, Some(title)));
        }
        Some(Cue::Organization) => return Some(span(EntityKind::Organization, None)),
        // `đối tác tại Jungle Ventures`: a name ending in a company's word is the
        // company, even after a place's cue; `City` ends places too (`Mexico City`).
        Some(Cue::Place(_))
            if words.len() >= 2
                && words
                    .last()
                    .is_some_and(|w| *w != "City" && ORG_WORD_SET.contains(w)) =>
        {
            return Some(span(EntityKind::Organization, None));
        }
        Some(Cue::Place(geo)) if foreign || words.len() >= 2 || geo => {
            // A Vietnamese name may end in a lowercase syllable (`Phòng Bầu dục`): take
            // it when the sentence moves on right after it.
            // One capitalised word and a lowercase one is a name and the next clause
            // (`miền Bắc kể từ…`), not a name.
            let mut end = end;
            if !foreign && words.len() >= 2 && ends_a_compound(tokens, taken, end) {
                end += 1;
            }
            return Some(Span {
                end: tokens[end - 1].end,
                last: end,
                ..span(EntityKind::Place, None)
            });
        }
        _ => {}
    }
    // `vòng Series B`, `Vitamin C`: a foreign word and a bare capital letter name a
    // series or a grade, not a person.
    if let [word, letter] = words[..]
        && letter.len() == 1
        && letter.bytes().all(|b| b.is_ascii_uppercase())
        && !is_vietnamese_syllable(word)
        && !is_acronym(word)
    {
        return None;
    }
    // `Hà Nội FC`: a club's or a company's word makes an organisation, even after a
    // family name.
    if words.iter().any(|w| ORG_WORD_SET.contains(w)) && words.len() >= 2 {
        return Some(span(EntityKind::Organization, None));
    }
    if vietnamese_name {
        return Some(span(EntityKind::Person, None));
    }
    // `THPT` alone is a school's level, not a school; `VF` in `VF 6` is a model's name.
    if words.len() == 1
        && (NOT_ORGANIZATION_SET.contains(&words[0])
            || longest_phrase_at(tokens, first, &SCHOOL_LEVEL_PHRASES) == Some(1)
            || (is_acronym(words[0]) && names_a_model(&text[tokens[end - 1].end..])))
    {
        return None;
    }
    if words.iter().any(|w| ORG_WORD_SET.contains(w))
        || (words.len() >= 2
            && CLUB_PREFIX_SET.contains(&words[0])
            && !ends_a_longer_name(text, &text[tokens[first].start..tokens[end - 1].end]))
        || (words.len() == 1 && (is_acronym(words[0]) || is_brand(words[0])))
    {
        return Some(span(EntityKind::Organization, None));
    }
    if foreign && words.len() >= 2 {
        return Some(span(EntityKind::Person, None));
    }
    if foreign {
        // A lone foreign word: a person's name if a full name ends or starts with it;
        // decided in `resolve`, which sees all the names.
        return Some(Span {
            alias_only: true,
            ..span(EntityKind::Person, None)
        });
    }
    // Two or three Vietnamese words with no cue, even opening a sentence (`Thùy Linh thua
    // ván đầu`), may be the given name of a person named in full: decided in `resolve`.
    if (2..=3).contains(&words.len())
        && cue.is_none()
        && words.iter().all(|w| is_vietnamese_syllable(w))
    {
        return Some(Span {
            alias_only: true,
            ..span(EntityKind::Person, None)
        });
    }
    // A lone Vietnamese word inside a sentence (`”, Khải nói`, `Thứ trưởng Thưởng`) may
    // be the given name of a person named in full: decided in `resolve` too.
    if words.len() == 1 && !tokens[first].initial {
        let title = match cue {
            None => None,
            Some(Cue::Person(title)) => Some(title),
            Some(_) => return None,
        };
        return Some(Span {
            alias_only: true,
            ..span(EntityKind::Person, title)
        });
    }
    None
}

#[derive(Debug, Clone, PartialEq)]
enum Cue {
    /// The title, lowercase, with any qualifier up to the name (`trợ lý tổng thống nga`).
    Person(String),
    /// Whether the cue is a kind of place (`sông`, `tỉnh`), not a preposition.
    Place(bool),
    Organization,
}

/// Whether the run at `first` is a later item of a list of places opened by one plural
/// cue (`các quận Hoàng Mai, Đống Đa và Thanh Xuân`), or of names joined by hyphens
/// after a geographic noun or a route (`danh thắng Yên Tử - Vĩnh Nghiêm - Côn Sơn`,
/// `tuyến metro Bến Thành - Suối Tiên`).
fn continues_a_place_list(tokens: &[Token], first: usize, text: &str) -> bool {
    let mut k = first;
    let mut hyphen = false;
    // A few items back at most.
    for _ in 0..8 {
        let glue = |a: usize, b: usize| &text[tokens[a].end..tokens[b].start];
        // The previous item ends before `, `, ` và ` or ` - `.
        let item_end = match k {
            0 => return false,
            _ if glue(k - 1, k) == ", " => k,
            _ if matches!(glue(k - 1, k), " - " | " – ") => {
                hyphen = true;
                k
            }
            _ if k >= 2 && tokens[k - 1].text == "và" && glue(k - 2, k - 1) == " " => k - 1,
            _ => return false,
        };
        let mut start = item_end;
        while start > 0
            && tokens[start - 1].cap
            && (start == item_end || !tokens[start].after_punct)
        {
            start -= 1;
        }
        if start == item_end {
            return false;
        }
        // The `n` words right before the first item spell a geographic noun.
        let geo_noun = |n: usize| {
            start >= n && !tokens[start].after_punct && spell_a_geo_noun(&tokens[start - n..start])
        };
        // `các quận`, `những tỉnh` right before the first item; or a few words before,
        // the list introduced by `gồm`, `như`: `các tuyến phố bị cấm gồm Hùng Vương, …`.
        let plural_geo = (1..=2).any(|n| {
            start > n && matches!(&*tokens[start - n - 1].lower, "các" | "những") && geo_noun(n)
        }) || introduces_a_place_list(tokens, start);
        // `cửa khẩu Rafah và Kerem Shalom`: two names joined by `và` after one
        // geographic noun are both of its kind, without a plural word.
        let pair_geo = k == first && item_end == k - 1 && (1..=2).any(geo_noun);
        let hyphen_geo = hyphen && ((1..=2).any(geo_noun) || follows_a_route(tokens, start));
        if plural_geo || pair_geo || hyphen_geo {
            return true;
        }
        k = start;
    }
    false
}

/// Whether the words right before token `first` introduce a list of places: `gồm`,
/// `như`, `là` after a plural geographic noun in the same clause (`các tuyến phố bị cấm
/// gồm Hùng Vương`, `những tỉnh như Nghệ An`).
fn introduces_a_place_list(tokens: &[Token], first: usize) -> bool {
    introduces_a_list(tokens, first, |noun| {
        (1..=2).find(|&n| noun.len() > n && spell_a_geo_noun(&noun[..n]))
    })
}

/// Whether the words right before token `first` introduce a list of organisations: as
/// for places, after a plural noun of a kind of organisation (`các đối tác như
/// Foxconn`, `những ngân hàng lớn gồm Vietcombank`).
fn introduces_an_organisation_list(tokens: &[Token], first: usize) -> bool {
    introduces_a_list(tokens, first, |noun| {
        longest_phrase_at(noun, 0, &ORG_KIND_PHRASES).filter(|&n| noun.len() > n)
    })
}

/// `gồm`, `như` or `là` right before token `first`, after `các` or `những` and a noun in
/// the same clause: `noun` is given the lowercase words from the noun up to the list
/// word and says how many spell the noun (some must follow it), if they do.
fn introduces_a_list(
    tokens: &[Token],
    first: usize,
    noun: impl Fn(&[Token]) -> Option<usize>,
) -> bool {
    if first < 3
        || tokens[first].after_punct
        || !matches!(&*tokens[first - 1].lower, "gồm" | "như" | "là")
    {
        return false;
    }
    let from = first.saturating_sub(8);
    (from..first - 2).any(|p| {
        matches!(&*tokens[p].lower, "các" | "những")
            && !tokens[p + 1..first].iter().any(|t| t.after_punct || t.cap)
            && noun(&tokens[p + 1..first]).is_some()
    })
}

/// Whether `words` spell a geographic noun (`quận`, `tuyến phố`).
fn spell_a_geo_noun(words: &[Token]) -> bool {
    let phrase = words
        .iter()
        .map(|t| &*t.lower)
        .collect::<Vec<_>>()
        .join(" ");
    GEO_NOUN_SET.contains(&phrase.as_str())
}

/// Whether the run `first..end` opens names joined by hyphens after a route
/// (`tuyến metro Bến Thành - Suối Tiên`), whose ends are places.
fn opens_a_route(tokens: &[Token], first: usize, end: usize, text: &str) -> bool {
    tokens.get(end).is_some_and(|next| {
        // `Nhổn - ga Hà Nội`: the other end may be a station named after its place.
        let station = matches!(&*next.lower, "ga" | "bến")
            && tokens.get(end + 1).is_some_and(|t| t.cap && !t.after_punct);
        (next.cap || station)
            && matches!(&text[tokens[end - 1].end..next.start], " - " | " – ")
            && follows_a_route(tokens, first)
    })
}

/// Whether a route's word (`tuyến`, `cao tốc`, `đường bay`) comes a few words before
/// token `first`, within its clause.
fn follows_a_route(tokens: &[Token], first: usize) -> bool {
    let mut k = first;
    while k > 0 && first - k < 8 && !tokens[k].after_punct {
        k -= 1;
        let word = |n: usize| tokens.get(k + n).map(|t| &*t.lower);
        let route = ROUTE_WORDS
            .iter()
            .any(|r| r.split(' ').enumerate().all(|(n, w)| word(n) == Some(w)));
        // `trực tuyến` is online, not a route.
        if route && !(k > 0 && &*tokens[k - 1].lower == "trực") {
            return true;
        }
    }
    false
}

/// Whether token `i` is one lowercase syllable completing a compound, followed by
/// punctuation or a word that starts the rest of the sentence.
fn ends_a_compound(tokens: &[Token], taken: &[bool], i: usize) -> bool {
    let Some(t) = tokens.get(i) else { return false };
    if t.cap
        || t.after_punct
        || taken[i]
        || TAIL_STOP_SET.contains(&t.text)
        || !is_vietnamese_syllable(t.text)
    {
        return false;
    }
    tokens
        .get(i + 1)
        .is_none_or(|n| n.after_punct || TAIL_STOP_SET.contains(&n.text))
}

/// Whether the title is an honorific right before token `first` (`ông Kim`): a formal
/// title before a lone Vietnamese word is usually followed by a common noun
/// (`Bộ trưởng Ngoại giao`), not a name.
fn title_is_adjacent(tokens: &[Token], first: usize, title: &str) -> bool {
    HONORIFICS.contains(&title) && {
        let n = title.split(' ').count();
        first >= n
            && tokens[first - n..first]
                .iter()
                .map(|t| t.lower.to_string())
                .collect::<Vec<_>>()
                .join(" ")
                == title
    }
}

/// The cue in the few words before token `first`, within its clause. Names already
/// found (gazetteer, organisations) are read over as qualifiers: `Ngoại trưởng Nga`,
/// `Thống đốc Ngân hàng Nhà nước`, `Đặc phái viên của Tổng thống Mỹ`.
fn cue_before(tokens: &[Token], taken: &[bool], first: usize, text: &str) -> Option<Cue> {
    // Up to seven words, filled from the end; `at` holds the token each came from.
    const MAX: usize = 7;
    let (mut word_buf, mut at_buf) = ([""; MAX], [0; MAX]);
    let mut n = 0;
    let mut k = first;
    while k > 0 && n < MAX {
        // A run that opens a clause has no cue; otherwise the words back to the
        // clause's first one are read.
        if tokens[k].after_punct {
            break;
        }
        k -= 1;
        if !taken[k] {
            n += 1;
            word_buf[MAX - n] = &*tokens[k].lower;
            at_buf[MAX - n] = k;
        }
    }
    let (words, at) = (&word_buf[MAX - n..], &at_buf[MAX - n..]);
    // `đường sắt nối Thủ Thiêm với Long Thành`: a road or a line joins places. Not
    // `cam kết nối lại`, nor `kết nối` an app: only after a route's word in the clause.
    if let [before @ .., "nối"] = words
        && before.last() != Some(&"kết")
        && before
            .iter()
            .any(|w| ROUTE_WORDS.contains(w) || matches!(*w, "đường" | "cầu" | "hầm"))
    {
        return Some(Cue::Place(false));
    }
    // `tại số 1 Tràng Tiền`: a house number after a place's preposition; the street's
    // name follows it.
    if let [.., prep, "số", number] = words[..]
        && matches!(prep, "tại" | "ở")
        && number.starts_with(|c: char| c.is_ascii_digit())
    {
        return Some(Cue::Place(false));
    }
    let title_from = |w: usize| {
        text[tokens[at[w]].start..tokens[first].start]
            .trim()
            .to_lowercase()
    };
    // A place's or an organisation's cue with a name already found after it announces
    // that name, not this run: in `Đại sứ Nhật Bản tại Việt Nam Ito Naoki`, `tại` is
    // `Việt Nam`'s. A title is read over names (`Ngoại trưởng Nga Lavrov`).
    let cue_is_spent = at
        .last()
        .is_some_and(|&k| taken[k + 1..first].contains(&true));
    // The words joined once; `last(n)` is the phrase of the last `n` of them.
    let phrase = words.join(" ");
    let mut word_starts = [0; MAX];
    let mut offset = 0;
    for (start, w) in word_starts.iter_mut().zip(words) {
        *start = offset;
        offset += w.len() + 1;
    }
    let last = |n: usize| &phrase[word_starts[words.len() - n]..];
    // The person's titles that end the phrase and are longer than its last `n` words
    // (by up to three words), shortest first.
    let longer_titles = |n: usize| {
        (n + 1..=words.len().min(n + 3))
            .filter(move |&m| CUES.get(last(m)) == Some(&CueClass::Person))
    };
    // The nearest cue wins: look at the endings of the phrase, shortest first.
    for n in 1..=words.len() {
        let tail = last(n);
        // `yêu cầu`, `nhu cầu`: a word that holds a cue is not one.
        if words.len() > n && NOT_CUES.contains(&last(n + 1)) {
            break;
        }
        let class = CUES.get(tail);
        // `Chủ tịch nước Lương Cường`: a title that holds a place's cue (`nước`) is
        // the title.
        if matches!(class, Some(CueClass::Place | CueClass::Organization))
            && let Some(m) = longer_titles(n).next()
        {
            return Some(Cue::Person(title_from(words.len() - m)));
        }
        match class {
            Some(CueClass::Person) => {
                // `thủ tướng` holds `tướng`: the title is the longest one ending here.
                let m = longer_titles(n).next_back().unwrap_or(n);
                return Some(Cue::Person(title_from(words.len() - m)));
            }
            Some(CueClass::Organization) if !cue_is_spent => return Some(Cue::Organization),
            Some(CueClass::Place) if !cue_is_spent => {
                return Some(Cue::Place(GEO_NOUN_SET.contains(&tail)));
            }
            _ => {}
        }
    }
    // `các bang chiến trường Pennsylvania`, `tỉnh miền núi Lào Cai`, `phố cổ Hội An`: an
    // administrative unit's noun with a word of the kind of area it is.
    if let Some(q) = (1..=2).find(|&q| words.len() > q && AREA_QUALIFIERS.contains(&last(q)))
        && AREA_NOUNS.contains(&words[words.len() - q - 1])
    {
        return Some(Cue::Place(true));
    }
    // A title further back, with a qualifier between (`Ngoại trưởng Nga`): still a person.
    // Not past another name, though: in `Giám đốc NASA Sean Duffy chúc mừng SpaceX` the
    // title is Duffy's. A name is a foreign capitalised word or two capitalised words in
    // a row; a Vietnamese qualifier (`Bộ trưởng Quốc phòng`) is one capitalised word.
    let another_name_at = |k: usize| {
        let t = &tokens[k];
        t.cap
            && ((!is_vietnamese_syllable(t.text) && !is_acronym(t.text))
                || tokens
                    .get(k + 1)
                    .is_some_and(|n| n.cap && !n.after_punct && k + 1 < first))
    };
    let past_a_name = |w: usize| (at[w]..first).any(|k| !taken[k] && another_name_at(k));
    for start in (0..words.len().saturating_sub(1)).rev() {
        if past_a_name(start) {
            break;
        }
        if let Some(len) = TITLE_PHRASES.longest(|k| words.get(start + k).copied())
            && !(len == 1 && matches!(words[start], "anh" | "chị" | "cô"))
        {
            // `thủ tướng` holds `tướng`: the title is the longer one that covers it.
            let covering = (start.saturating_sub(3)..start).find(|&s| {
                TITLE_PHRASES
                    .longest(|k| words.get(s + k).copied())
                    .is_some_and(|n| s + n > start)
            });
            return Some(Cue::Person(title_from(covering.unwrap_or(start))));
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueClass {
    Person,
    Organization,
    Place,
}

/// Every cue phrase and what it announces; a phrase in several lists counts as a
/// person's title first, then an organisation's descriptor, then a place cue.
static CUES: LazyLock<HashMap<&'static str, CueClass>> = LazyLock::new(|| {
    let mut cues = HashMap::default();
    for (list, class) in [
        (PLACE_CUES, CueClass::Place),
        // `nhà thi đấu Istora`, `bảo tàng Louvre`: a venue's head in lowercase names it.
        (VENUE_HEADS, CueClass::Place),
        (ORG_DESCRIPTORS, CueClass::Organization),
        (PERSON_TITLES, CueClass::Person),
    ] {
        for phrase in list {
            cues.insert(*phrase, class);
        }
    }
    cues
});

/// Heads of buildings that are as often the institution housed in them.
const INSTITUTION_HEADS: &[&[&str]] = &[&["bảo", "tàng"], &["nhà", "hát"]];

fn is_institution_head(head: &[Token]) -> bool {
    INSTITUTION_HEADS.iter().any(|words| {
        words.len() == head.len() && words.iter().zip(head).all(|(w, t)| *w == &*t.lower)
    })
}

/// Words that place something in a building: `tại`, `ở`, `trong` it.
const PLACE_PREPOSITIONS: &[&str] = &["tại", "ở", "trong", "đến", "tới", "thăm"];

/// Whether an outlet named right before `after` is the subject of something it does
/// (`(VTV) thực hiện loạt phóng sự`), not a source the text cites.
fn acts_rather_than_reports(after: &str) -> bool {
    // Past its abbreviation, or out of it: `Đài Truyền hình Việt Nam (VTV) thực hiện`.
    let after = after.trim_start_matches([')', ' ']);
    let after = match after.strip_prefix('(').and_then(|a| a.split_once(')')) {
        Some((inner, rest)) if inner.len() <= 12 => rest.trim_start(),
        _ => after,
    };
    let after = after
        .strip_prefix("cũng ")
        .or_else(|| after.strip_prefix("đã "))
        .unwrap_or(after);
    OUTLET_ACTS.iter().any(|verb| {
        after
            .strip_prefix(verb)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !is_word_char(c)))
    })
}

/// An entity while its mentions are read.
struct Draft<'t> {
    kind: EntityKind,
    /// Surface forms, with their counts.
    forms: Vec<Form<'t>>,
    known: Option<String>,
    agency: bool,
}

/// One way an entity is written, as a slice of the text.
struct Form<'t> {
    text: &'t str,
    count: u32,
    /// Its [`ends`], worked out once, when a person's name is first compared with it.
    ends: OnceCell<Ends<'t>>,
}

impl<'t> Form<'t> {
    fn new(text: &'t str, count: u32) -> Form<'t> {
        Form {
            text,
            count,
            ends: OnceCell::new(),
        }
    }

    fn ends(&self) -> Ends<'t> {
        *self.ends.get_or_init(|| ends(self.text))
    }
}

impl<'t> Draft<'t> {
    /// One more mention written as `form`.
    fn count(&mut self, form: &'t str) {
        match self.forms.iter_mut().find(|f| f.text == form) {
            Some(f) => f.count += 1,
            None => self.forms.push(Form::new(form, 1)),
        }
    }
}

/// Merges a draft entity every form of which another draft of the same kind also has,
/// with more forms besides: `SJC` in a headline is the `Công ty Vàng bạc Đá quý Sài Gòn
/// (SJC)` of the body, whichever comes first. Mentions follow their entity.
fn merge_contained_drafts<'t>(
    mut drafts: Vec<Draft<'t>>,
    mut mentions: Vec<Mention>,
) -> (Vec<Draft<'t>>, Vec<Mention>) {
    let contains = |a: &Draft, b: &Draft| {
        a.kind == b.kind
            && a.forms.len() > b.forms.len()
            && b.forms
                .iter()
                .all(|f| a.forms.iter().any(|g| g.text == f.text))
    };
    let mut into: Vec<usize> = (0..drafts.len()).collect();
    for b in 0..drafts.len() {
        if let Some(a) = (0..drafts.len()).find(|&a| a != b && contains(&drafts[a], &drafts[b])) {
            into[b] = a;
        }
    }
    if into.iter().enumerate().all(|(i, &t)| i == t) {
        return (drafts, mentions);
    }
    // Follow chains to their end: each step has strictly more forms, so they end.
    let target = |mut i: usize| {
        while into[i] != i {
            i = into[i];
        }
        i
    };
    for b in 0..drafts.len() {
        let a = target(b);
        if a != b {
            for f in std::mem::take(&mut drafts[b].forms) {
                if let Some(g) = drafts[a].forms.iter_mut().find(|g| g.text == f.text) {
                    g.count += f.count;
                }
            }
        }
    }
    let mut index = vec![usize::MAX; drafts.len()];
    let mut kept = 0;
    for (i, slot) in index.iter_mut().enumerate() {
        if target(i) == i {
            *slot = kept;
            kept += 1;
        }
    }
    for m in &mut mentions {
        m.entity = index[target(m.entity)];
    }
    let mut i = 0;
    drafts.retain(|_| {
        let keep = into[i] == i;
        i += 1;
        keep
    });
    (drafts, mentions)
}

/// Turns spans into entities: canonical names, aliases, merged variants, mentions.
fn resolve(text: &str, spans: Vec<Span>) -> Found {
    // Full personal names, for the lone words that abbreviate them.
    // Distinct, in order of first mention: a long file repeats the same few names.
    let mut full_names: Vec<Form> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for s in spans
        .iter()
        .filter(|s| s.kind == EntityKind::Person && s.last - s.first >= 2)
    {
        let name = &text[s.start..s.end];
        if seen.insert(name) {
            full_names.push(Form::new(name, 0));
        }
    }

    let mut drafts: Vec<Draft> = Vec::with_capacity(spans.len());
    let mut mentions: Vec<Mention> = Vec::with_capacity(spans.len());
    let mut agencies: Vec<String> = Vec::new();

    let mut previous: Option<(usize, usize, EntityKind)> = None; // (end, entity, kind)
    // The last person named, for a name given as another of theirs.
    let mut last_person: Option<(usize, usize)> = None; // (end, entity)
    for mut span in spans {
        // `bà N.T.H.`, `anh H.`: a person the article does not name.
        if span.kind == EntityKind::Person && is_withheld_name(text, span.start, span.end) {
            continue;
        }
        let surface = &text[span.start..span.end];
        let glue = previous.map(|(end, _, _)| &text[end.min(span.start)..span.start]);
        // `Hồng y Robert Prevost … với danh hiệu Leo XIV`, `ca sĩ Mỹ Tâm (tên thật Phan
        // Thị Mỹ Tâm)`: a name after `danh hiệu`, `nghệ danh`, `tên thật`… is another
        // name of the person last named in the same sentence.
        if span.kind == EntityKind::Person
            && let Some((end, person)) = last_person
            && end <= span.start
            // The cue first: the gap may be paragraphs long, its end is read first.
            && ends_with_an_alias_cue(&text[end..span.start])
            && !text[end..span.start].contains(['.', '!', '?', '\n'])
        {
            let d = &mut drafts[person];
            d.count(surface);
            mentions.push(Mention {
                start: span.start,
                end: span.end,
                entity: person,
                title: None,
            });
            continue;
        }
        // `Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)`, `Hiệp hội Rau quả Việt Nam
        // (Vinafruit)`: an acronym or a lone foreign word in parentheses right after an
        // organisation's name is another name of it.
        if glue == Some(" (")
            && text[span.end..].starts_with(')')
            && (is_acronym(surface)
                // `Hiệp hội Bất động sản TP.HCM (HoREA)`.
                || (is_brand(surface)
                    && !surface.contains(' ')
                    && previous.is_some_and(|(_, _, k)| k == EntityKind::Organization))
                || (span.kind == EntityKind::Organization
                    && surface.split(' ').next().is_some_and(is_acronym)
                    && previous.is_some_and(|(_, _, k)| k == EntityKind::Organization))
                || (span.alias_only
                    && previous.is_some_and(|(_, _, k)| k == EntityKind::Organization)))
            && span.known.is_none()
        {
            let (_, target, _) = previous.unwrap();
            let d = &mut drafts[target];
            d.count(surface);
            mentions.push(Mention {
                start: span.start,
                end: span.end,
                entity: target,
                title: None,
            });
            continue;
        }
        // `Quỹ Nhi đồng Liên hợp quốc (UNICEF)`: a known acronym in parentheses right
        // after an organisation the gazetteer does not know (here, spelled otherwise)
        // names it: the organisation becomes the known one, unless that is already named.
        if glue == Some(" (")
            && text[span.end..].starts_with(')')
            && is_acronym(surface)
            && span.kind == EntityKind::Organization
            && let Some(known) = &span.known
            && let Some((_, target, EntityKind::Organization)) = previous
            && drafts[target].known.is_none()
            && !drafts.iter().any(|d| d.known.as_ref() == Some(known))
        {
            let d = &mut drafts[target];
            d.known = Some(known.clone());
            d.agency = span.agency;
            d.count(surface);
            mentions.push(Mention {
                start: span.start,
                end: span.end,
                entity: target,
                title: None,
            });
            continue;
        }
        // `Toyota và Mitsubishi`: a lone foreign word coordinated with a name is its kind.
        // After a comma it must itself go on a list (`Toyota, Honda và Mitsubishi`): in
        // `ở Qatar, Ronaldo đoạt…` the comma ends a clause.
        let rest = &text[span.end..];
        let listed = [", ", " và ", " hoặc ", ".", ";"]
            .iter()
            .any(|s| rest.starts_with(s))
            || rest.is_empty();
        if span.alias_only
            && span.last - span.first == 1
            && (matches!(glue, Some(" và " | " hoặc ")) || (glue == Some(", ") && listed))
            && let Some((_, _, kind)) = previous.filter(|(_, _, k)| *k != EntityKind::Person)
        {
            span.kind = kind;
            span.alias_only = false;
        }
        let lone =
            (span.last - span.first == 1 || span.alias_only) && span.kind == EntityKind::Person;
        // Vietnamese words alone stand for a full name that ends with them (a given name,
        // `Khải`, `Thùy Linh`); a lone foreign word for one that starts or ends with it.
        let given_name = span.alias_only && surface.split(' ').all(is_vietnamese_syllable);
        // `Hoàng Nam` for `Lý Hoàng Nam`: the press calls a Vietnamese by the last two
        // syllables of the name as often as by the last one.
        let vietnamese_tail = span.kind == EntityKind::Person
            && !span.alias_only
            && surface.contains(' ')
            && surface.split(' ').all(is_vietnamese_syllable);
        let ends_with_surface = |full: &Form| ends_with_words(full.text, surface);
        // Only persons' names are compared by their ends.
        let surface_ends = LazyCell::new(|| ends(surface));
        let abbreviates_name = |full: &Form| {
            if given_name {
                ends_with_surface(full)
            } else {
                same_person((full.text, full.ends()), (surface, *surface_ends))
                    || (vietnamese_tail && ends_with_surface(full))
            }
        };
        // Which entity does this span belong to?
        let target = if let Some(known) = &span.known {
            drafts
                .iter()
                .position(|d| d.known.as_deref() == Some(known))
        } else if span.kind == EntityKind::Person {
            // A full name is compared with the full names of an entity when it has any:
            // `Sara Duterte` is not `Rodrigo Duterte` for sharing his lone `Duterte`.
            let full = |f: &str| f.contains(' ');
            let surface_full = full(surface);
            drafts
                .iter()
                .position(|d| {
                    d.kind == EntityKind::Person && {
                        let compare_full = surface_full && d.forms.iter().any(|f| full(f.text));
                        d.forms
                            .iter()
                            .filter(|f| !compare_full || full(f.text))
                            .any(abbreviates_name)
                    }
                })
                // A lone word already known as another kind of name (`SpaceX` after
                // `Công ty SpaceX`, `Tổng thư ký Vinafruit` after `(Vinafruit)`) is that
                // name again, even after a title.
                .or_else(|| {
                    (span.alias_only || span.last - span.first == 1)
                        .then(|| {
                            drafts
                                .iter()
                                .position(|d| d.forms.iter().any(|f| f.text == surface))
                        })
                        .flatten()
                })
                // `học sinh của Phan Bội Châu` after `Trường THPT chuyên Phan Bội Châu`:
                // the school named after a person, named again by that name.
                .or_else(|| {
                    surface.contains(' ').then(|| {
                        drafts.iter().position(|d| {
                            d.kind == EntityKind::Organization
                                && d.forms.iter().any(|f| {
                                    f.text.starts_with("Trường ")
                                        && ends_with_words(f.text, surface)
                                })
                        })
                    })?
                })
        } else {
            drafts
                .iter()
                .position(|d| d.kind == span.kind && d.forms.iter().any(|f| f.text == surface))
                .or_else(|| {
                    // `Sở Y tế` after `Sở Y tế Hà Nội`: a local body named again without
                    // its place is the one named in full. Not a ministry: `Bộ Ngoại giao`
                    // after `Bộ Ngoại giao Mỹ` is more likely the country's own.
                    // The other way round too: `Sở Y tế TP.HCM` after `Sở Y tế`. So is
                    // the body named as the unit's own: `Sở Y tế thành phố`.
                    let place_added = |long: &str, short: &str| {
                        !short.starts_with("Bộ ")
                            && short.contains(' ')
                            && long
                                .strip_prefix(short)
                                .and_then(|rest| rest.strip_prefix(' '))
                                .is_some_and(|place| {
                                    place.split(' ').all(|w| w.starts_with(is_upper))
                                })
                    };
                    let with_its_place = |long: &str, short: &str| {
                        place_added(long, short)
                            || ADMIN_UNITS
                                .iter()
                                .filter_map(|u| short.strip_suffix(u)?.strip_suffix(' '))
                                .any(|unnamed| place_added(long, unnamed))
                    };
                    // `Viện Hàn lâm` after `Viện Hàn lâm Khoa học và Nghệ thuật Điện ảnh
                    // Mỹ`: a body named again by the opening words of its name, two at
                    // least. Not a ministry, as above.
                    let by_its_opening = |long: &str, short: &str| {
                        !short.starts_with("Bộ ")
                            && short.contains(' ')
                            && long
                                .strip_prefix(short)
                                .is_some_and(|rest| rest.starts_with(' '))
                    };
                    // `Công ty Thủy Sơn` after `Công ty TNHH Thương mại Thủy Sơn`: a
                    // company named again by its head and brand alone.
                    let brand_again = |long: &str, short: &str| {
                        ["Công ty ", "Tập đoàn ", "Tổng công ty "]
                            .iter()
                            .any(|head| {
                                short.strip_prefix(head).is_some_and(|brand| {
                                    brand.split(' ').all(|w| w.starts_with(is_upper))
                                        && long
                                            .strip_prefix(head)
                                            .is_some_and(|rest| ends_with_words(rest, brand))
                                })
                            })
                    };
                    (span.kind == EntityKind::Organization && span.known.is_none())
                        .then(|| {
                            drafts.iter().position(|d| {
                                d.kind == EntityKind::Organization
                                    && d.known.is_none()
                                    && d.forms.iter().any(|f| {
                                        with_its_place(f.text, surface)
                                            || with_its_place(surface, f.text)
                                            || brand_again(f.text, surface)
                                            || brand_again(surface, f.text)
                                            || by_its_opening(f.text, surface)
                                            || by_its_opening(surface, f.text)
                                    })
                            })
                        })
                        .flatten()
                })
        };
        let target = match target {
            Some(t) => t,
            None => {
                // A lone foreign word that abbreviates no full name is not kept. (Only a
                // lone word's or a lone person's name is compared.)
                let abbreviates =
                    (span.alias_only || lone) && full_names.iter().any(&abbreviates_name);
                if span.alias_only && !abbreviates {
                    continue;
                }
                let longer = vietnamese_tail
                    .then(|| full_names.iter().find(|f| ends_with_surface(f)))
                    .flatten();
                if (lone && abbreviates) || longer.is_some() {
                    // Its full name comes later in the text: make that entity now.
                    let full = longer
                        .or_else(|| full_names.iter().find(|f| abbreviates_name(f)))
                        .unwrap();
                    let full = full.text;
                    drafts.push(Draft {
                        kind: EntityKind::Person,
                        forms: vec![Form::new(full, 0)],
                        known: None,
                        agency: false,
                    });
                } else {
                    drafts.push(Draft {
                        kind: span.kind,
                        forms: Vec::new(),
                        agency: span.agency && span.known.is_some(),
                        known: span.known.take(),
                    });
                }
                drafts.len() - 1
            }
        };
        let d = &mut drafts[target];
        d.count(surface);
        if d.agency && !acts_rather_than_reports(&text[span.end..]) {
            let name = d.known.clone().unwrap_or_default();
            if !agencies.contains(&name) {
                agencies.push(name);
            }
        }
        mentions.push(Mention {
            start: span.start,
            end: span.end,
            entity: target,
            title: span.title.take(),
        });
        previous = Some((span.end, target, drafts[target].kind));
        if drafts[target].kind == EntityKind::Person {
            last_person = Some((span.end, target));
        }
    }
    let (drafts, mentions) = merge_contained_drafts(drafts, mentions);
    let entities = drafts
        .into_iter()
        .map(|d| {
            let mentions = d.forms.iter().map(|f| f.count).sum();
            // The canonical name: the gazetteer's, or the most used full form.
            let name = d.known.clone().unwrap_or_else(|| {
                if let [only] = d.forms.as_slice() {
                    return only.text.to_owned();
                }
                let mut forms: Vec<(&str, u32)> =
                    d.forms.iter().map(|f| (f.text, f.count)).collect();
                // Among forms used as often, the one with more capitalised words: a
                // body named with its place (`Sở Y tế TP.HCM`), not as the place's own
                // (`Sở Y tế thành phố`). An organisation's name spelled out comes before
                // its acronym, whatever the counts: `Trung tâm Kiểm soát bệnh tật Hà Nội`,
                // then `CDC Hà Nội`.
                // A person's name is not the end of another of their forms, however
                // often it is used: `Lý Hoàng Nam`, then `Hoàng Nam`.
                let organization = d.kind == EntityKind::Organization;
                let person = d.kind == EntityKind::Person;
                forms.sort_by_cached_key(|(form, count)| {
                    let words = form.split_whitespace();
                    let spelled = !(organization && words.clone().next().is_some_and(is_acronym));
                    let capitals = words.clone().filter(|w| w.starts_with(is_upper)).count();
                    let words = words.count();
                    let whole = !(person
                        && d.forms
                            .iter()
                            .any(|other| ends_with_words(other.text, form)));
                    std::cmp::Reverse((words >= 2, whole, spelled, *count, capitals, words))
                });
                forms[0].0.to_owned()
            });
            // A form that differs from the name, or from an earlier alias, only in where
            // its tone marks sit (`Toà án`, `Tòa án`) is the same spelling to a reader.
            // The name itself, most entities' only form, is passed over without a look.
            let aliases = {
                let mut spellings = Vec::new();
                d.forms
                    .iter()
                    .filter(|f| {
                        if f.text == name {
                            return false;
                        }
                        if spellings.is_empty() {
                            spellings.push(modern_tone_placement(&name));
                        }
                        let spelling = modern_tone_placement(f.text);
                        let new = !spellings.contains(&spelling);
                        spellings.push(spelling);
                        new
                    })
                    .map(|f| f.text.to_owned())
                    .collect()
            };
            Entity {
                name,
                kind: d.kind,
                mentions,
                aliases,
            }
        })
        .collect();
    Found {
        entities,
        mentions,
        agencies,
        for_signature: SignatureInput::Text,
    }
}

/// Whether `gap`, the text between two names, ends with `danh hiệu`, `tên thật`… (and
/// spaces, a colon or an opening bracket). Only its last few words are lowercased: the
/// gap may be paragraphs long.
fn ends_with_an_alias_cue(gap: &str) -> bool {
    let gap = gap.trim_end_matches([' ', ':', '(']);
    // A gap whose last letter ends no cue (`h`, `t`, `à`) ends with none: most gaps.
    let ends = |c: char| {
        c.to_lowercase()
            .any(|l| ALIAS_CUES.iter().any(|cue| cue.ends_with(l)))
    };
    if !gap.chars().next_back().is_some_and(ends) {
        return false;
    }
    static LONGEST: LazyLock<usize> = LazyLock::new(|| {
        ALIAS_CUES
            .iter()
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0)
    });
    let longest = *LONGEST;
    let from = gap.char_indices().rev().nth(longest).map_or(0, |(i, _)| i);
    let tail = lowercase(&gap[from..]);
    ALIAS_CUES.iter().any(|cue| tail.ends_with(cue))
}

/// A name given by its initials alone, written with their dots (`bà N.T.H.`, `anh H.
/// cho biết`), as the press writes a victim's or a suspect's it withholds. A lone
/// capital without a dot (`ông A`) is kept as written.
fn is_withheld_name(text: &str, start: usize, end: usize) -> bool {
    let name = &text[start..end];
    let initials = name
        .split([' ', '.'])
        .filter(|part| !part.is_empty())
        .all(|part| part.chars().count() == 1 && part.starts_with(is_upper));
    // The dot after the last initial, where the sentence goes on.
    let dotted_after = text[end..].strip_prefix(". ").is_some_and(|rest| {
        rest.starts_with(|c: char| !c.is_uppercase() && c.is_alphanumeric() || c == '(')
    });
    initials && (name.contains('.') || dotted_after)
}

/// Whether two written forms name the same person: equal; one word of the other's
/// first or last (`Lavrov`, `ông Kim`); or the same family name with a first name that
/// differs by a letter or two (`Sergei`/`Sergey`, `Steve`/`Steven`). Each comes with
/// its [`ends`], worked out once for the many names it is compared with.
fn same_person((a, (fa, la, a_full)): (&str, Ends), (b, (fb, lb, b_full)): (&str, Ends)) -> bool {
    if a == b {
        return true;
    }
    let lone_in =
        |lone: &str, full_first: &str, full_last: &str| full_first == lone || full_last == lone;
    if (!a_full && b_full && lone_in(fa, fb, lb)) || (!b_full && a_full && lone_in(fb, fa, la)) {
        return true;
    }
    if a_full && b_full && la == lb {
        return fa == fb || fa.starts_with(fb) || fb.starts_with(fa) || edit_distance(fa, fb) <= 1;
    }
    false
}

/// Whether `long` is more words, ending with the words of `short`: `Lý Hoàng Nam` and
/// `Hoàng Nam`.
fn ends_with_words(long: &str, short: &str) -> bool {
    long.strip_suffix(short)
        .is_some_and(|rest| rest.ends_with(' '))
}

/// A name's first and last words, and whether it has more than one.
type Ends<'a> = (&'a str, &'a str, bool);

/// A name's [`Ends`], without allocating.
fn ends(s: &str) -> Ends<'_> {
    let mut words = s.split_whitespace();
    let first = words.next().unwrap_or("");
    let mut last = words.next_back();
    // `Ferdinand Marcos Jr.`: the family name stands before a generational suffix.
    if last.is_some_and(|w| matches!(w.trim_end_matches('.'), "Jr" | "Sr" | "II" | "III" | "IV"))
        && let Some(before) = words.next_back()
    {
        last = Some(before);
    }
    (first, last.unwrap_or(first), last.is_some())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut prev = row[0];
        row[0] = i;
        for j in 1..=b.len() {
            let cur = row[j];
            row[j] = (row[j] + 1)
                .min(row[j - 1] + 1)
                .min(prev + usize::from(a[i - 1] != b[j - 1]));
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[(&str, EntityKind, u32)]) {
        let found = find(text, &Gazetteer::bundled());
        let got: Vec<(&str, EntityKind, u32)> = found
            .entities
            .iter()
            .map(|e| (e.name.as_str(), e.kind, e.mentions))
            .collect();
        assert_eq!(got, expected, "{text}");
    }

    use EntityKind::{Organization as O, Person as P, Place as L};

    /// The tokenizer as it was written over `char_indices`, kept to check the one that
    /// reads bytes against.
    fn tokenize_by_chars<'a>(
        text: &'a str,
        normal: &'a str,
        lower: Option<&'a str>,
    ) -> Vec<Token<'a>> {
        // A Vietnamese word and its space take about five bytes: one allocation, not a
        // dozen growing copies of an article's thousand tokens.
        let mut tokens = Vec::with_capacity(text.len() / 5);
        let mut chars = text.char_indices().peekable();
        let mut initial = true;
        let mut after_punct = true;
        while let Some((i, c)) = chars.next() {
            if is_word_char(c) {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if is_word_char(d) {
                        end = j + d.len_utf8();
                        chars.next();
                    } else if d == '.'
                        && is_upper(c)
                        && is_initials(&text[i..=j])
                        && is_initial_dot(text, j)
                    {
                        // Initials: `M.` in `M. K. Stalin`, `M.K.` in `M.K. Stalin` are part
                        // of the name.
                        chars.next();
                        end = j + 1;
                        break;
                    } else if matches!(d, '-' | '.' | '\'' | '’') {
                        // Inner hyphens and dots belong to the word: `Sang-sik`, `TP.HCM`.
                        let next = text[j + d.len_utf8()..].chars().next();
                        if next.is_some_and(is_word_char) {
                            chars.next();
                            end = j + d.len_utf8();
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                let word = &text[i..end];
                tokens.push(Token {
                    start: i,
                    end,
                    text: word,
                    lower: match lower {
                        Some(lower) => std::borrow::Cow::Borrowed(&lower[i..end]),
                        None => lowercase(normal.get(i..end).unwrap_or(word)),
                    },
                    cap: is_upper(c),
                    initial,
                    after_punct,
                    joined: !word.chars().all(is_word_char),
                });
                initial = false;
                after_punct = false;
            } else if c == '\n'
                || matches!(
                    c,
                    '.' | '!' | '?' | ':' | '“' | '"' | '‘' | '(' | '…' | '–' | '—'
                )
            {
                initial = true;
                after_punct = true;
            } else if c == ',' || c == ';' {
                // `"…", Khải nói`: after a comma the sentence goes on, even past a quote.
                initial = false;
                after_punct = true;
            } else if !c.is_whitespace() {
                after_punct = true;
            }
        }
        tokens
    }

    #[test]
    fn tokens_read_from_the_bytes_are_those_read_from_the_characters() {
        let key = |t: &Token| {
            (
                t.start,
                t.end,
                t.text.to_owned(),
                t.lower.to_string(),
                t.cap,
                t.initial,
                t.after_punct,
                t.joined,
            )
        };
        let mut texts: Vec<String> = vec![
            "M. K. Stalin, M.K. Stalin và ông T. Hà (TP.HCM) gặp Sang-sik’s team… “Ừ”: ‘được’ – xong — hết!".into(),
            "Ô-xtrây-li-a; l’Oréal, e-mail - . ’ 東京 Москва ŒUVRE İstanbul Σ 2×3 \t\n\nA.B.C.D.E.F.".into(),
            "ĐẢNG CỘNG SẢN VIỆT NAM. Thuỷ, Hoà, hoà-bình. X.".into(),
        ];
        // The seeds and every labelled article.
        texts.extend(crate::sample_texts());
        for text in &texts {
            // Prepared as `find` prepares it, from a decoded (NFC) text.
            let text = &crate::text::normalize(text);
            let (normal, _) = crate::text::modern_tone_placement_at_same_offsets(text);
            let normal = if normal.len() == text.len() {
                normal.as_ref()
            } else {
                text
            };
            let lower = crate::text::lowercase_at_same_offsets(normal);
            for lower in [lower.as_deref(), None] {
                let by_bytes: Vec<_> = tokenize(text, normal, lower).iter().map(key).collect();
                let by_chars: Vec<_> = tokenize_by_chars(text, normal, lower)
                    .iter()
                    .map(key)
                    .collect();
                assert_eq!(by_bytes, by_chars, "{}", &text[..text.len().min(80)]);
            }
        }
    }

    #[test]
    fn organisations_qualifying_a_post_clubs_and_brands() {
        check(
            "Tổng giám đốc Vietcombank Nguyễn Thanh Tùng cho biết ngân hàng sẵn sàng.",
            &[("Vietcombank", O, 1), ("Nguyễn Thanh Tùng", P, 1)],
        );
        check(
            "Tối qua, Công an Hà Nội đánh bại Thép Xanh 2-1 và hơn Hà Nội FC 2 điểm.",
            &[("Công an Hà Nội", O, 1), ("Hà Nội FC", O, 1)],
        );
        check(
            "Theo báo cáo của Bain & Company, ví điện tử MoMo dẫn đầu thị trường.",
            &[("Bain & Company", O, 1), ("MoMo", O, 1)],
        );
        // A sentence opening with a title and a short foreign name.
        check(
            "Ông A đến. Tổng thống Lee cho biết Seoul sẵn sàng.",
            &[("A", P, 1), ("Lee", P, 1), ("Seoul", L, 1)],
        );
    }

    #[test]
    fn places_listed_after_one_plural_cue() {
        check(
            "Các quận Hoàng Mai, Đống Đa và Thanh Xuân có nhiều ca nhất.",
            &[("Hoàng Mai", L, 1), ("Đống Đa", L, 1), ("Thanh Xuân", L, 1)],
        );
        // One cue, not a list: the name after the comma is read on its own.
        check(
            "Tại quận Hoàng Mai, Nguyễn Văn An cho biết.",
            &[("Hoàng Mai", L, 1), ("Nguyễn Văn An", P, 1)],
        );
    }

    #[test]
    fn a_relative_sharing_a_family_name_is_another_person() {
        check(
            "Cựu Tổng thống Rodrigo Duterte bị bắt. Ông Duterte kháng cáo. Con gái ông, \
             Phó Tổng thống Sara Duterte, phản đối. Bà Sara nói ông Duterte vô tội.",
            &[("Rodrigo Duterte", P, 3), ("Sara Duterte", P, 2)],
        );
    }

    #[test]
    fn ninth_batch_names() {
        check(
            "Ông Minh, Giám đốc Công ty Chứng khoán Yuanta Việt Nam, nói cổ phiếu Hòa Phát \
             và Vietcombank tăng.",
            &[
                ("Minh", P, 1),
                ("Công ty Chứng khoán Yuanta Việt Nam", O, 1),
                ("Hòa Phát", O, 1),
                ("Vietcombank", O, 1),
            ],
        );
        check(
            "PGS.TS Nguyễn Văn Kính nói. Đảng LDP và đảng Komeito thua ở Thượng viện.",
            &[
                ("Nguyễn Văn Kính", P, 1),
                ("LDP", O, 1),
                ("Komeito", O, 1),
                ("Thượng viện", O, 1),
            ],
        );
        check(
            "Dọc các tuyến phố Hàng Mã, Lương Văn Can và Hàng Lược, đèn sáng.",
            &[
                ("Hàng Mã", L, 1),
                ("Lương Văn Can", L, 1),
                ("Hàng Lược", L, 1),
            ],
        );
    }

    #[test]
    fn tenth_batch_names() {
        check(
            "Theo Hiệp hội Rau quả Việt Nam (Vinafruit), giá tăng. Ông Đặng Phúc Nguyên, \
             Tổng thư ký Vinafruit, cho hay.",
            &[
                ("Hiệp hội Rau quả Việt Nam", O, 3),
                ("Đặng Phúc Nguyên", P, 1),
            ],
        );
        check(
            "Tay vợt Nguyễn Thùy Linh thắng tại nhà thi đấu Istora. Thùy Linh thua ván đầu.",
            &[("Nguyễn Thùy Linh", P, 2), ("Istora", L, 1)],
        );
        check(
            "TAND TP Hà Nội tuyên án theo cáo trạng của VKSND tỉnh Nghệ An.",
            &[("TAND TP Hà Nội", O, 1), ("VKSND tỉnh Nghệ An", O, 1)],
        );
        // An adverb opening a sentence is not part of the name after it.
        check(
            "Hiện MoMo có 30 triệu người dùng. Sau Google, Meta cũng thử.",
            &[("MoMo", O, 1), ("Google", O, 1), ("Meta", O, 1)],
        );
        // Words that no full name ends with are nothing.
        check("Tết Trung thu đến gần.", &[]);
    }

    #[test]
    fn eleventh_batch_names() {
        check(
            "Hãng này và tập đoàn Airbus đã ký. Giám đốc thương mại của Airbus Benoît de \
             Saint-Exupéry nói vậy.",
            &[("Airbus", O, 2), ("Benoît de Saint-Exupéry", P, 1)],
        );
        check(
            "Nắng nóng ở trạm Tương Dương, nhạc sĩ Đức Trí bán vé trên ứng dụng Ticketbox.",
            &[
                ("Tương Dương", L, 1),
                ("Đức Trí", P, 1),
                ("Ticketbox", O, 1),
            ],
        );
        // Written with a capital at a sentence's start, a place cue is still one.
        check(
            "Trạm Tương Dương đo 41 độ. Phố Hàng Mã đông người.",
            &[("Tương Dương", L, 1), ("Hàng Mã", L, 1)],
        );
    }

    #[test]
    fn a_place_cue_before_a_name_already_found_is_that_names() {
        // `tại` is `Hàn Quốc`'s and `UNICEF`'s; the names after them are people.
        check(
            "Đại sứ Pháp tại Hàn Quốc Philippe Lefort đến. Trưởng đại diện tại UNICEF \
             Trần Thị Minh Hoa phát biểu.",
            &[
                ("Pháp", L, 1),
                ("Hàn Quốc", L, 1),
                ("Philippe Lefort", P, 1),
                ("UNICEF", O, 1),
                ("Trần Thị Minh Hoa", P, 1),
            ],
        );
    }

    #[test]
    fn twelfth_batch_kinds_of_place_and_team() {
        // Bridges, relics, scenic sites, hydropower reservoirs, holy sites and citadels.
        check(
            "Xe qua cầu Nhật Tân, ghé di tích Cổ Loa, danh thắng Tràng An, hồ thủy điện \
             Hòa Bình, Thánh địa La Vang và Hoàng thành Huế.",
            &[
                ("Nhật Tân", L, 1),
                ("Cổ Loa", L, 1),
                ("Tràng An", L, 1),
                ("Hòa Bình", L, 1),
                ("Thánh địa La Vang", L, 1),
                ("Hoàng thành Huế", L, 1),
            ],
        );
        // A word that holds a cue is not one: `yêu cầu` (request), `toàn cầu`.
        check(
            "Ông Lâm yêu cầu Vladimir Putin rút quân. Thị trường toàn cầu Samsung dẫn đầu.",
            &[("Lâm", P, 1), ("Vladimir Putin", P, 1), ("Samsung", O, 1)],
        );
        // Names joined by hyphens after a geographic noun, or as a route's ends.
        check(
            "Khu danh thắng Hương Sơn - Chùa Thầy - Tây Phương mở cửa. Cao tốc Vĩnh Hảo \
             - Phan Thiết thông xe.",
            &[
                ("Hương Sơn", L, 1),
                ("Chùa Thầy", L, 1),
                ("Tây Phương", L, 1),
                ("Vĩnh Hảo", L, 1),
                ("Phan Thiết", L, 1),
            ],
        );
        // A youth team is its age group and its country.
        check(
            "U17 Nhật Bản thắng U17 Thái Lan.",
            &[("U17 Nhật Bản", O, 1), ("U17 Thái Lan", O, 1)],
        );
        // Less common family names.
        check(
            "Đường chuyền của Mạc Hồng Quân cho Doãn Ngọc Tân.",
            &[("Mạc Hồng Quân", P, 1), ("Doãn Ngọc Tân", P, 1)],
        );
    }

    #[test]
    fn thirteenth_batch_names() {
        // Another name of the person just named: a papal name, a stage name.
        check(
            "Hồng y Jorge Mario Bergoglio xuất hiện với danh hiệu Francis. Nhà thơ Tố Hữu, \
             tên thật Nguyễn Kim Thành, sinh ở Huế.",
            &[
                ("Jorge Mario Bergoglio", P, 2),
                ("Nguyễn Kim Thành", P, 2),
                ("Huế", L, 1),
            ],
        );
        // Chapels, basilicas with a saint's name, churches as bodies, the Holy See.
        check(
            "Lễ ở Nhà nguyện Sistine và Vương cung thánh đường Thánh Phaolô của Giáo hội \
             Chính thống giáo, do Tòa thánh tổ chức.",
            &[
                ("Nhà nguyện Sistine", L, 1),
                ("Vương cung thánh đường Thánh Phaolô", L, 1),
                ("Giáo hội Chính thống giáo", O, 1),
                ("Tòa thánh", O, 1),
            ],
        );
        // A body the gazetteer names with a common noun, before another country, is
        // that country's.
        check(
            "Quốc hội Hàn Quốc họp, Chính phủ Đức đồng ý.",
            &[("Quốc hội Hàn Quốc", O, 1), ("Chính phủ Đức", O, 1)],
        );
        // A hyphen joining two components; a number closing the name; an
        // administrative unit alone is not part of it, and the body named first without
        // its place is the one named with it later.
        check(
            "Hiệp hội Rau - Quả Việt Nam họp tại Bệnh viện Nhi đồng 2, theo Sở Y tế \
             thành phố. Sở Y tế Cần Thơ cho biết.",
            &[
                ("Hiệp hội Rau - Quả Việt Nam", O, 1),
                ("Bệnh viện Nhi đồng 2", O, 1),
                ("Sở Y tế Cần Thơ", O, 2),
            ],
        );
        // `liên Bộ X - Y` is two ministries, not one name.
        check(
            "Liên Bộ Công an - Quốc phòng ra thông tư.",
            &[("Bộ Công an", O, 1)],
        );
    }

    #[test]
    fn fourteenth_batch_names() {
        // Foreign words before a place in its English spelling are an English name.
        check(
            "Theo tạp chí Forbes Vietnam, doanh thu tăng ở Việt Nam.",
            &[("Forbes Vietnam", O, 1), ("Việt Nam", L, 1)],
        );
        // After the place that ends an organisation's name, a new name starts.
        check(
            "Phó Chủ tịch Hội Nông dân Việt Nam Ngọ Văn Bình phát biểu.",
            &[("Hội Nông dân Việt Nam", O, 1), ("Ngọ Văn Bình", P, 1)],
        );
        // `quốc gia`, and a region, close a lowercase tail inside a sentence.
        check(
            "Hội đồng Giáo sư quốc gia đã họp. Trung tâm Khí tượng thủy văn miền Trung \
             cho biết mưa lớn.",
            &[
                ("Hội đồng Giáo sư quốc gia", O, 1),
                ("Trung tâm Khí tượng thủy văn miền Trung", O, 1),
            ],
        );
        // Roman numerals are numbers, not names.
        check("Lương vùng I tăng, vùng IV cũng tăng.", &[]);
        // `Phòng` and `Mạng lưới` head organisations; `Phòng` before a foreign word does
        // not.
        check(
            "Phòng Thương mại và Công nghiệp Việt Nam (VCCI) và Mạng lưới Không khí sạch \
             Việt Nam kiến nghị. Phòng Kennedy rộng.",
            &[
                ("Phòng Thương mại và Công nghiệp Việt Nam", O, 2),
                ("Mạng lưới Không khí sạch Việt Nam", O, 1),
            ],
        );
        // The nations of the United Kingdom are places; `Công nương` is a title.
        check(
            "Công nương xứ Wales Kate Middleton trao cúp ở Scotland.",
            &[
                ("Wales", L, 1),
                ("Kate Middleton", P, 1),
                ("Scotland", L, 1),
            ],
        );
    }

    #[test]
    fn anh_is_the_united_kingdom_only_where_a_country_is_meant() {
        let uk = "Vương quốc Anh";
        check(
            "Thủ tướng Anh Keir Starmer gặp Quốc hội Anh, rồi sang Pháp. Người Anh vui.",
            &[
                (uk, L, 2),
                ("Keir Starmer", P, 1),
                ("Quốc hội Anh", O, 1),
                ("Pháp", L, 1),
            ],
        );
        check("Cô học tiếng Anh ở Anh.", &[(uk, L, 1)]);
        // A pronoun, a given name (`Ông Anh`, Mr Anh), a place's first word: not the
        // country.
        check("Anh cho biết sẽ về. Ông Anh đến.", &[]);
        check(
            "Chị Vân Anh sống tại Anh Sơn.",
            &[("Vân Anh", P, 1), ("Anh Sơn", L, 1)],
        );
        // After a title, when somebody is named `… Anh`, it is not the country.
        check(
            "Bộ trưởng Trần Tuấn Anh đến. Bộ trưởng Anh nói.",
            &[("Trần Tuấn Anh", P, 1)],
        );
    }

    #[test]
    fn fifteenth_batch_names() {
        // A title holding a place's cue (`nước`) is the title.
        check("Chủ tịch nước Lương Cường dự lễ.", &[("Lương Cường", P, 1)]);
        // A name between commas after a post, after a person: the organisation.
        check(
            "Bà Trần Thị Mai, Giám đốc Bách Hóa Xanh, cho biết.",
            &[("Trần Thị Mai", P, 1), ("Bách Hóa Xanh", O, 1)],
        );
        // Retail brands; a research firm; a ministry with the home country's name.
        check(
            "Theo hãng nghiên cứu Canalys, FPT Shop dẫn đầu. Bộ Y tế Việt Nam vào cuộc.",
            &[("Canalys", O, 1), ("FPT Shop", O, 1), ("Bộ Y tế", O, 1)],
        );
    }

    #[test]
    fn competitions_and_prizes_are_not_people() {
        check(
            "Lionel Messi dự World Cup ở Qatar. Cristiano Ronaldo đoạt giải Quả bóng Vàng, \
             còn Jannik Sinner vô địch Australian Open. Hai bên hòa giải Sergei Lavrov.",
            &[
                ("Lionel Messi", P, 1),
                ("Qatar", L, 1),
                ("Cristiano Ronaldo", P, 1),
                ("Jannik Sinner", P, 1),
                ("Sergei Lavrov", P, 1),
            ],
        );
    }

    #[test]
    fn a_local_body_named_again_without_its_place() {
        check(
            "Sở Y tế Hà Nội cho biết. Sở Y tế đề nghị các quận tổ chức diệt bọ gậy ngay. \
             Bộ Ngoại giao Mỹ nói, Bộ Ngoại giao đáp.",
            &[
                ("Sở Y tế Hà Nội", O, 2),
                ("Bộ Ngoại giao Mỹ", O, 1),
                ("Bộ Ngoại giao", O, 1),
            ],
        );
    }

    #[test]
    fn a_title_belongs_to_the_name_right_after_it() {
        check(
            "Giám đốc NASA Sean Duffy chúc mừng SpaceX. Công ty SpaceX của Elon Musk.",
            &[
                ("NASA", O, 1),
                ("Sean Duffy", P, 1),
                ("SpaceX", O, 2),
                ("Elon Musk", P, 1),
            ],
        );
    }

    #[test]
    fn a_company_named_after_its_city_is_one_organisation() {
        check(
            "Ông tới thăm nhà máy của hãng Tokyo Electron, rồi về Tokyo.",
            &[("Tokyo Electron", O, 1), ("Tokyo", L, 1)],
        );
        // A country before an agency's name is the agency's country.
        let found = find(
            "Theo hãng tin Ukraine Ukrinform, đoàn đã tới Kiev.",
            &Gazetteer::bundled(),
        );
        let names: Vec<&str> = found.entities.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"Ukraine"), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("Ukrinform")), "{names:?}");
        // Nor does a city take an acronym after it: `AP` is the agency.
        check(
            "Hãng tin Tokyo AP cho biết.",
            &[("Tokyo", L, 1), ("AP", O, 1)],
        );
    }

    #[test]
    fn lists_after_a_kind_of_organisation_are_organisations() {
        check(
            "Apple mở rộng sản xuất thông qua các đối tác như Foxconn và Luxshare.",
            &[("Apple", O, 1), ("Foxconn", O, 1), ("Luxshare", O, 1)],
        );
        // Not after a noun of another kind, nor across a clause.
        check(
            "Ông đã tới các nước như Kazakhstan. Các đối tác đã đến, như Smith nói.",
            &[("Kazakhstan", L, 1)],
        );
    }

    #[test]
    fn troupes_theatres_monasteries_and_an_owner_before_an_abbreviation() {
        check(
            "Năm 1956, ông gia nhập Đoàn Kịch nói Tổng cục Chính trị, rồi Nhà hát Kịch \
             Việt Nam. Hậu vệ Đoàn Văn Hậu ghi bàn.",
            &[
                ("Đoàn Kịch nói Tổng cục Chính trị", O, 1),
                ("Nhà hát Kịch Việt Nam", O, 1),
                ("Đoàn Văn Hậu", P, 1),
            ],
        );
        check(
            "Nhiều tòa nhà bị sập, trong đó có tu viện Ma Soe Yane. Lễ viếng tại Nhà tang \
             lễ Quốc gia.",
            &[("Ma Soe Yane", L, 1), ("Nhà tang lễ Quốc gia", L, 1)],
        );
        check(
            "Văn phòng Điều phối các vấn đề nhân đạo của Liên Hợp Quốc (OCHA) cảnh báo.",
            &[(
                "Văn phòng Điều phối các vấn đề nhân đạo của Liên Hợp Quốc",
                O,
                2,
            )],
        );
    }

    #[test]
    fn initials_withheld_for_a_name_are_no_entity() {
        check(
            "Phạm Văn Tùng gọi cho bà N.T.H. (80 tuổi). Tin lời, bà H. đã chuyển tiền.",
            &[("Phạm Văn Tùng", P, 1)],
        );
    }

    #[test]
    fn a_verb_after_an_organisation_is_not_part_of_its_name() {
        check(
            "Bộ Y tế đã chỉ đạo Cục Quản lý Dược rà soát nguồn cung. Cục Thuế kiểm tra thuốc.",
            &[
                ("Bộ Y tế", O, 1),
                ("Cục Quản lý Dược", O, 1),
                ("Cục Thuế", O, 1),
            ],
        );
        // A lowercase compound still completes a name: `Ngoại giao`, `Thống kê`.
        check(
            "Bộ Ngoại giao công bố. Tổng cục Thống kê cho biết.",
            &[("Bộ Ngoại giao", O, 1), ("Tổng cục Thống kê", O, 1)],
        );
    }

    #[test]
    fn economic_zones_and_industrial_parks_are_places() {
        check(
            "Tỉnh trao giấy phép cho 12 dự án vào Khu kinh tế Vân Phong. Vân Phong sẽ \
             là cảng trung chuyển, cạnh khu công nghiệp Yên Phong.",
            &[("Vân Phong", L, 2), ("Yên Phong", L, 1)],
        );
    }

    #[test]
    fn a_known_acronym_names_the_organisation_before_it() {
        // The gazetteer knows UNICEF, spelled `Liên Hợp Quốc`, not as written here.
        check(
            "Quỹ Nhi đồng Liên hợp quốc (UNICEF) kêu gọi tiêm chủng. Giám đốc UNICEF \
             khu vực châu Âu và Trung Á nói thêm.",
            &[("UNICEF", O, 3), ("châu Âu", L, 1), ("Trung Á", L, 1)],
        );
    }

    #[test]
    fn names_in_either_tone_placement_are_one_entity() {
        check(
            "Bà Nguyễn Thị Thuỷ dự lễ cùng UBND tỉnh Khánh Hoà. UBND tỉnh Khánh Hòa \
             cảm ơn bà Thủy.",
            &[("Nguyễn Thị Thủy", P, 2), ("UBND tỉnh Khánh Hòa", O, 2)],
        );
    }

    #[test]
    fn tone_placement_variants_are_not_aliases() {
        let found = find(
            "Toà án Hình sự Quốc tế (ICC) ra lệnh. Tòa án Hình sự Quốc tế nói thêm.",
            &Gazetteer::bundled(),
        );
        let court = &found.entities[0];
        assert_eq!(
            (
                court.name.as_str(),
                court.mentions,
                court.aliases.as_slice()
            ),
            ("Tòa án Hình sự Quốc tế", 3, ["ICC".to_owned()].as_slice())
        );
    }

    #[test]
    fn clubs_and_companies_named_after_their_home() {
        check(
            "Công an Hà Nội đánh bại Thép Xanh Nam Định 2-1, còn SHB Đà Nẵng hòa Zelensky Ukraine.",
            &[
                ("Công an Hà Nội", O, 1),
                ("Thép Xanh Nam Định", O, 1),
                ("SHB Đà Nẵng", O, 1),
                ("Ukraine", L, 1),
            ],
        );
        // Titles, heads, persons and sentence-initial words before a place stay apart.
        check(
            "Ngoại trưởng Nga Sergey Lavrov gặp Quốc hội Mỹ. Ông Nguyễn Văn An Hà Nội về.",
            &[
                ("Nga", L, 1),
                ("Sergey Lavrov", P, 1),
                ("Quốc hội Mỹ", O, 1),
                ("Nguyễn Văn An", P, 1),
                ("Hà Nội", L, 1),
            ],
        );
    }

    #[test]
    fn two_names_after_one_geographic_noun_prisons_and_airlines() {
        check(
            "Xe tải vào qua cửa khẩu Rafah và Kerem Shalom, gần nhà tù Ofer.",
            &[("Rafah", L, 1), ("Kerem Shalom", L, 1), ("Ofer", L, 1)],
        );
        check(
            "Hãng Vietnam Airlines và Vietjet Air hủy chuyến.",
            &[("Vietnam Airlines", O, 1), ("Vietjet", O, 1)],
        );
        // Every geographic noun announces a place, even before a name that could be a
        // person's.
        check(
            "Tỉnh cải tạo hồ Xuân Hương, mở đường qua đèo Hải Vân và phường Bến Nghé.",
            &[("Xuân Hương", L, 1), ("Hải Vân", L, 1), ("Bến Nghé", L, 1)],
        );
        // A single capitalised word does not take the verb after it.
        check("Mưa lớn ở miền Bắc kể từ đầu tuần.", &[("Bắc", L, 1)]);
    }

    #[test]
    fn a_ministry_before_a_country_is_that_country_s() {
        check(
            "Bộ Ngoại giao Qatar xác nhận. Sau khi Bộ Quốc phòng họp, Mỹ phản đối.",
            &[
                ("Bộ Ngoại giao Qatar", O, 1),
                ("Bộ Quốc phòng", O, 1),
                ("Mỹ", L, 1),
            ],
        );
    }

    #[test]
    fn buildings_schools_and_given_names() {
        check(
            "Lễ khai mạc diễn ra tại Cung Văn hóa Thiếu nhi Quảng Ninh, gần Thành cổ Quảng Trị.",
            &[
                ("Cung Văn hóa Thiếu nhi Quảng Ninh", L, 1),
                ("Thành cổ Quảng Trị", L, 1),
            ],
        );
        check(
            "Em Lê Minh Anh, học sinh Trường THPT chuyên Lê Quý Đôn, cho biết em tự tin.",
            &[
                ("Lê Minh Anh", P, 1),
                ("Trường THPT chuyên Lê Quý Đôn", O, 1),
            ],
        );
        // A given name alone, after a title or not, is the person named in full; a lone
        // capitalised word that is no one's given name is not a name.
        check(
            "Thứ trưởng Phạm Ngọc Thưởng đến thăm. Sau đó, Thứ trưởng Thưởng và Thưởng nói \
             rằng Tết năm nay vui.",
            &[("Phạm Ngọc Thưởng", P, 3)],
        );
    }

    #[test]
    fn titles_and_qualifiers_do_not_glue_to_names() {
        // A unit the gazetteer does not know, between a title and its holder.
        check(
            "Thống đốc vùng Kamchatka Vladimir Solodov nói không có thương vong.",
            &[("Kamchatka", L, 1), ("Vladimir Solodov", P, 1)],
        );
        check(
            "Thị trưởng thành phố Kharkiv Ihor Terekhov kêu gọi người dân trú ẩn.",
            &[("Kharkiv", L, 1), ("Ihor Terekhov", P, 1)],
        );
        // Not after a street's noun, and not without a title before the unit.
        check(
            "Cửa hàng trên phố Marco Antonio Rubio đóng cửa.",
            &[("Marco Antonio Rubio", L, 1)],
        );
        check(
            "Ngoại trưởng Nga Sergey Lavrov cho biết.",
            &[("Nga", L, 1), ("Sergey Lavrov", P, 1)],
        );
        check(
            "Đặc phái viên của Tổng thống Mỹ Steve Witkoff đã đến thăm Moskva.",
            &[("Mỹ", L, 1), ("Steve Witkoff", P, 1), ("Moskva", L, 1)],
        );
        check(
            "người phát ngôn Điện Kremlin Dmitry Peskov thông báo",
            &[("Điện Kremlin", O, 1), ("Dmitry Peskov", P, 1)],
        );
        // Initials, spaced or not, open the name they stand before.
        for text in [
            "Thủ hiến bang Tamil Nadu M.K. Stalin dự lễ. Ông Stalin nói.",
            "Thủ hiến bang Tamil Nadu M. K. Stalin dự lễ. Ông Stalin nói.",
        ] {
            let found = find(text, &Gazetteer::bundled());
            let stalin: Vec<_> = found
                .entities
                .iter()
                .filter(|e| e.kind == P)
                .map(|e| (e.name.replace(". ", "."), e.mentions))
                .collect();
            assert_eq!(stalin, [("M.K.Stalin".to_owned(), 2)], "{text}");
            assert!(found.entities.iter().all(|e| e.kind != O), "{text}");
        }
        // A name in lowercase up to its place, known by the abbreviation after it.
        let found = find(
            "Theo Hiệp hội các nhà sản xuất ô tô Ấn Độ (SIAM), doanh số tăng. Hiệp hội cho rằng Ấn Độ cần thêm trạm sạc.",
            &Gazetteer::bundled(),
        );
        let names: Vec<_> = found
            .entities
            .iter()
            .map(|e| (e.name.as_str(), e.kind, e.aliases.clone()))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "Hiệp hội các nhà sản xuất ô tô Ấn Độ",
                    O,
                    vec!["SIAM".to_owned()]
                ),
                ("Ấn Độ", L, vec![])
            ]
        );
        // `Anh` joined to another country is the United Kingdom.
        let found = find(
            "Ông sẽ công du Pháp và Anh từ ngày 17/3.",
            &Gazetteer::bundled(),
        );
        assert!(
            found
                .entities
                .iter()
                .any(|e| e.kind == L && e.aliases.iter().chain([&e.name]).any(|n| n == "Anh")),
            "{:?}",
            found.entities
        );
        // An event named with an acronym is no organisation.
        check(
            "Đoàn tham dự SEA Games 33 tại Thái Lan.",
            &[("Thái Lan", L, 1)],
        );
        // Clubs: a club's opening word before its city, a player's shirt.
        check(
            "Anh từng khoác áo Sporting Lisbon, Manchester United, Real Madrid và Juventus. Al Nassr xếp thứ ba.",
            &[
                ("Sporting Lisbon", O, 1),
                ("Manchester United", O, 1),
                ("Real Madrid", O, 1),
                ("Juventus", O, 1),
                ("Al Nassr", O, 1),
            ],
        );
        check(
            "Anh từng khoác áo AC Milan và AS Roma.",
            &[("AC Milan", O, 1), ("AS Roma", O, 1)],
        );
        // `Al` in a family's name, said again alone.
        let found = find(
            "Ngoại trưởng Faisal bin Farhan Al Saud tới Riyadh. Al Saud nói thêm.",
            &Gazetteer::bundled(),
        );
        assert!(
            found.entities.iter().all(|e| e.kind != O),
            "{:?}",
            found.entities
        );
        // A line joining places; `kết nối` is said of apps as well.
        let found = find(
            "Tuyến đường sắt nối Thủ Thiêm với sân bay. Ứng dụng kết nối Zalo Pay. Hai bên cam kết sớm nối Putin.",
            &Gazetteer::bundled(),
        );
        let places: Vec<_> = found
            .entities
            .iter()
            .filter(|e| e.kind == L)
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(places, ["Thủ Thiêm"]);
        // Old tone placement that shortens when moved (`uỳ`) keeps later cues readable;
        // names are given in the modern placement where it keeps the offsets.
        check(
            "Bà Thuỳ nói. Chủ nhiệm Uỷ ban Kinh tế Phan Văn Mãi cho biết.",
            &[
                ("Thuỳ", P, 1),
                ("Ủy ban Kinh tế", O, 1),
                ("Phan Văn Mãi", P, 1),
            ],
        );
        // A point of the compass before a foreign name.
        check(
            "Ông thắng tại Georgia và Bắc Carolina.",
            &[("Georgia", L, 1), ("Bắc Carolina", L, 1)],
        );
        // Initials without dots.
        check(
            "Ông cảm ơn người đồng hành tranh cử JD Vance, Thượng nghị sĩ bang Ohio.",
            &[("JD Vance", P, 1), ("Ohio", L, 1)],
        );
        // A unit's noun and its qualifier before the name.
        check(
            "Ông thắng ở các bang chiến trường Pennsylvania và Michigan.",
            &[("Pennsylvania", L, 1), ("Michigan", L, 1)],
        );
        // A list of streets introduced after their plural noun, streets named after
        // people among them.
        check(
            "Các tuyến phố bị cấm gồm Hùng Vương, Lê Thái Tổ và Tràng Tiền.",
            &[
                ("Hùng Vương", L, 1),
                ("Lê Thái Tổ", L, 1),
                ("Tràng Tiền", L, 1),
            ],
        );
        // A pedestrian street, a province's capital, a craft village, a station at a
        // route's end.
        check(
            "Lễ hội diễn ra trên phố đi bộ Nguyễn Huệ. Nhà cửa ở thủ phủ Petropavlovsk-Kamchatsky hư hại.",
            &[("Nguyễn Huệ", L, 1), ("Petropavlovsk-Kamchatsky", L, 1)],
        );
        check(
            "Hoa văn gốm Chu Đậu. Tuyến metro Nhổn - ga Hà Nội tăng chuyến.",
            &[("Chu Đậu", L, 1), ("Nhổn", L, 1), ("Hà Nội", L, 1)],
        );
        // A verb of two words ends a lowercase tail; the unit before it makes the body
        // the city's own.
        check(
            "Lễ hội do Hội Liên hiệp Phụ nữ thành phố tổ chức.",
            &[("Hội Liên hiệp Phụ nữ thành phố", O, 1)],
        );
        // A place after `tại` and before a full name of its own; a bank after `tại`; an
        // urban area.
        check(
            "Đại sứ Việt Nam tại Séc Dương Hoài Nam tặng sách. Tại Vietcombank, giá bán tăng.",
            &[
                ("Việt Nam", L, 1),
                ("Cộng hòa Séc", L, 1),
                ("Dương Hoài Nam", P, 1),
                ("Vietcombank", O, 1),
            ],
        );
        check(
            "Trung tâm nằm ở khu đô thị Tây Hồ Tây.",
            &[("Tây Hồ Tây", L, 1)],
        );
        // A street after a house number.
        check(
            "Trưng bày mở tại số 1 Tràng Tiền, Hà Nội.",
            &[("Tràng Tiền", L, 1), ("Hà Nội", L, 1)],
        );
        // A museum: the institution, unless the text places something in it.
        check(
            "Bảo tàng Lịch sử Quốc gia khai mạc trưng bày tại Bảo tàng Hà Nội.",
            &[
                ("Bảo tàng Lịch sử Quốc gia", O, 1),
                ("Bảo tàng Hà Nội", L, 1),
            ],
        );
        // A unit's name going on in lowercase up to its code.
        check(
            "Theo Phòng Cảnh sát điều tra tội phạm về ma túy (PC04), vụ án đang được mở rộng.",
            &[("Phòng Cảnh sát điều tra tội phạm về ma túy", O, 2)],
        );
        check(
            "Bộ chỉ số năng lực cạnh tranh (PCI) năm nay tăng.",
            &[("PCI", O, 1)],
        );
        // An abbreviation met alone before the name it abbreviates is that name.
        check(
            "Giá vàng SJC tăng. Công ty Vàng bạc Đá quý Sài Gòn (SJC) niêm yết giá mới.",
            &[("Công ty Vàng bạc Đá quý Sài Gòn", O, 3)],
        );
        // A unit's number before the verb, a weather station's `Đài`, an embassy.
        check(
            "Bộ Tư lệnh Quân khu 5 đã điều 2.000 chiến sĩ.",
            &[("Bộ Tư lệnh Quân khu 5", O, 1)],
        );
        check(
            "Đại sứ quán Việt Nam tại Nhật Bản khuyến cáo học sinh.",
            &[("Đại sứ quán Việt Nam", O, 1), ("Nhật Bản", L, 1)],
        );
        // A park's board, an islet, a station, a palace, a company closed by its brand,
        // a name with capitals again before its abbreviation.
        check(
            "Theo Vườn quốc gia Côn Đảo, kiểm lâm trên hòn Bảy Cạnh đã di dời 7 tổ trứng.",
            &[("Vườn quốc gia Côn Đảo", O, 1), ("Bảy Cạnh", L, 1)],
        );
        check(
            "Tuyến nối ga Ngọc Hồi với lễ đón tại Phủ Chủ tịch.",
            &[("Ngọc Hồi", L, 1), ("Phủ Chủ tịch", L, 1)],
        );
        check(
            "Công ty Cổ phần Đầu tư và Phát triển Đường sắt cao tốc VinSpeed là nhà đầu tư.",
            &[(
                "Công ty Cổ phần Đầu tư và Phát triển Đường sắt cao tốc VinSpeed",
                O,
                1,
            )],
        );
        check(
            "TS Nguyễn Đình Cung, nguyên Viện trưởng Viện Nghiên cứu quản lý kinh tế Trung ương (CIEM), nhận định.",
            &[
                ("Nguyễn Đình Cung", P, 1),
                ("Viện Nghiên cứu quản lý kinh tế Trung ương", O, 2),
            ],
        );
        // A descriptor of a trade, its head opening the sentence.
        check(
            "Hãng hàng không Vietjet cho biết sẽ mở thêm đường bay.",
            &[("Vietjet", O, 1)],
        );
        // An acronym before a model's number is no organisation; before a year it is.
        check(
            "Hai mẫu VF 6 và VF 7 của hãng đã bán tại APEC 2025.",
            &[("APEC", O, 1)],
        );
        // A ministry's two-word name, its `Bộ` left out, after a minister's title.
        check(
            "Bộ trưởng Công Thương Nguyễn Hồng Diên đánh giá cao.",
            &[("Nguyễn Hồng Diên", P, 1)],
        );
    }

    #[test]
    fn lone_names_join_their_full_names_and_variants_merge() {
        let found = find(
            "Theo Ngoại trưởng Sergei Lavrov, hai bên sẽ gặp. Ông Lavrov nói rõ. Ngoại trưởng Sergey Lavrov cười.",
            &Gazetteer::bundled(),
        );
        assert_eq!(found.entities.len(), 1);
        let e = &found.entities[0];
        assert_eq!(
            (e.name.as_str(), e.kind, e.mentions),
            ("Sergei Lavrov", P, 3)
        );
        assert_eq!(e.aliases, ["Lavrov", "Sergey Lavrov"]);
    }

    #[test]
    fn sentence_initial_words_are_not_names() {
        check(
            "Trước đó. Người Mỹ đề xuất. Văn kiện này gồm 28 điểm. Theo Reuters, tuy nhiên.",
            &[("Mỹ", L, 1), ("Reuters", O, 1)],
        );
    }

    #[test]
    fn according_to_an_academic_title_then_a_name() {
        check(
            "Theo PGS.TS Nguyễn Hoàng Hải, bài thi vẫn giữ. Theo TS. Phạm Thu Hà, điều này đúng.",
            &[("Nguyễn Hoàng Hải", P, 1), ("Phạm Thu Hà", P, 1)],
        );
    }

    #[test]
    fn securities_companies_divisions_and_a_stock_market() {
        check(
            "Ông Nguyễn Thế Minh của Chứng khoán Yuanta Việt Nam cho biết. Bà Trần Thị Hiền, \
             Giám đốc Khối Phân tích, nhận định. Chứng khoán Việt Nam tăng mạnh.",
            &[
                ("Nguyễn Thế Minh", P, 1),
                ("Chứng khoán Yuanta Việt Nam", O, 1),
                ("Trần Thị Hiền", P, 1),
                ("Khối Phân tích", O, 1),
                ("Việt Nam", L, 1),
            ],
        );
    }

    #[test]
    fn no_lowercase_tail_after_a_foreign_name() {
        check("Công ty SpaceX phóng tên lửa.", &[("SpaceX", O, 1)]);
    }

    #[test]
    fn a_company_by_its_brand_an_acronym_with_its_place_a_variety_s_code() {
        // Named again by its head and brand; the sentence goes on after the brand.
        check(
            "Công ty TNHH Thương mại Thủy Sơn được giao đất. Tòa buộc Công ty Thủy Sơn nộp lại tiền.",
            &[("Công ty TNHH Thương mại Thủy Sơn", O, 2)],
        );
        // An acronym with its place in parentheses is another name of the body before it,
        // which keeps its name spelled out.
        check(
            "Theo Trung tâm Kiểm soát bệnh tật Hà Nội (CDC Hà Nội), dịch kéo dài. Ông Khổng \
             Minh Tuấn, Phó Giám đốc CDC Hà Nội, đề nghị diệt bọ gậy.",
            &[
                ("Trung tâm Kiểm soát bệnh tật Hà Nội", O, 3),
                ("Khổng Minh Tuấn", P, 1),
            ],
        );
        check(
            "Giá lúa OM 5451 hôm 27/11 giảm, tiêm kích F 35 bay, hội nghị APEC 2025 họp.",
            &[("APEC", O, 1)],
        );
    }

    #[test]
    fn regional_bodies_zoos_and_on_wall_street() {
        check(
            "Họ được đưa đến Bệnh viện Đa khoa khu vực Định Quán cấp cứu. Trung tâm Y tế \
             khu vực Tây Nguyên cho biết.",
            &[
                ("Bệnh viện Đa khoa khu vực Định Quán", O, 1),
                ("Trung tâm Y tế khu vực Tây Nguyên", O, 1),
            ],
        );
        check(
            "Ông Ziegler của Vườn thú Cologne nhận định. Trên Phố Wall, chỉ số tăng.",
            &[
                ("Ziegler", P, 1),
                ("Vườn thú Cologne", O, 1),
                ("Phố Wall", L, 1),
            ],
        );
    }

    #[test]
    fn teachers_medals_suffixes_brand_acronyms_and_schools_named_again() {
        check(
            "Em Phan Ngọc Bảo Anh học Trường THPT chuyên Phan Bội Châu và giành huy chương \
             bạc Olympic Hóa học quốc tế. Thầy Nguyễn Đình Tuấn cho biết em là học sinh thứ \
             ba của Phan Bội Châu đỗ.",
            &[
                ("Phan Ngọc Bảo Anh", P, 1),
                ("Trường THPT chuyên Phan Bội Châu", O, 2),
                ("Nguyễn Đình Tuấn", P, 1),
            ],
        );
        check(
            "Theo Hiệp hội Bất động sản TP.HCM (HoREA), Quỹ Nhà ở quốc gia sẽ ra đời. Chủ \
             tịch HoREA nói vậy. Tổng thống Ferdinand Marcos Jr. chỉ đạo. Ông Marcos viết.",
            &[
                ("Hiệp hội Bất động sản TP.HCM", O, 3),
                ("Quỹ Nhà ở quốc gia", O, 1),
                ("Ferdinand Marcos Jr", P, 2),
            ],
        );
    }

    #[test]
    fn a_body_named_as_its_province_s_own() {
        check(
            "Bộ Chỉ huy Quân sự tỉnh huy động 400 chiến sĩ. Theo Sở Y tế thành phố, số ca \
             giảm. Ông Tăng Chí Thượng, Giám đốc Sở Y tế TP.HCM, cho biết.",
            &[
                ("Bộ Chỉ huy Quân sự tỉnh", O, 1),
                ("Sở Y tế TP.HCM", O, 2),
                ("Tăng Chí Thượng", P, 1),
            ],
        );
    }

    #[test]
    fn vietnamese_organisations_and_people() {
        check(
            "Thống đốc Ngân hàng Nhà nước Nguyễn Thị Hồng cho biết. Bà Hồng nói thêm.",
            &[("Ngân hàng Nhà nước", O, 1), ("Nguyễn Thị Hồng", P, 2)],
        );
        check(
            "Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, bão mạnh.",
            &[("Trung tâm Dự báo khí tượng thủy văn quốc gia", O, 1)],
        );
        check(
            "Liên đoàn Bóng đá Việt Nam cho biết",
            &[("Liên đoàn Bóng đá Việt Nam", O, 1)],
        );
        check("các bộ, ngành và địa phương", &[]);
    }

    #[test]
    fn a_place_keeps_its_last_lowercase_syllable() {
        check(
            "Phát biểu tại Phòng Bầu dục của Nhà Trắng, ông nói.",
            &[("Phòng Bầu dục", L, 1), ("Nhà Trắng", O, 1)],
        );
    }

    #[test]
    fn an_organisation_head_alone_is_a_common_noun() {
        check(
            "Ông Nguyễn Quốc Hùng, Tổng thư ký Hiệp hội, nhận định.",
            &[("Nguyễn Quốc Hùng", P, 1)],
        );
        check(
            "Bộ trưởng Ngoại giao Bùi Thanh Sơn đã gặp",
            &[("Bùi Thanh Sơn", P, 1)],
        );
        check("kim ngạch 60 tỷ USD vào năm 2030", &[]);
    }

    #[test]
    fn acronyms_in_parentheses_and_coordinated_names_join_their_neighbours() {
        check(
            "Cơ quan Hợp tác Quốc tế Nhật Bản (JICA) hỗ trợ các doanh nghiệp như Toyota và Mitsubishi.",
            &[
                ("Cơ quan Hợp tác Quốc tế Nhật Bản", O, 2),
                ("Toyota", O, 1),
                ("Mitsubishi", O, 1),
            ],
        );
        // A list with commas; a comma that ends a clause is no list.
        check(
            "Hãng Toyota, Honda và Mitsubishi tăng giá. Messi ở Qatar, Ronaldo đoạt cúp.",
            &[
                ("Toyota", O, 1),
                ("Honda", O, 1),
                ("Mitsubishi", O, 1),
                ("Qatar", L, 1),
            ],
        );
    }

    #[test]
    fn one_syllable_places_inside_names_are_not_places() {
        check("chế độ Đức Quốc xã và chị Thu Nga", &[("Thu Nga", P, 1)]);
    }

    #[test]
    fn rules_of_the_thirty_second_batch() {
        // A Vietnamese name's last two syllables stand for it, before or after it.
        check(
            "Hoàng Nam thắng. Tay vợt Lý Hoàng Nam vào bán kết. Hoàng Nam chia sẻ.",
            &[("Lý Hoàng Nam", P, 3)],
        );
        check(
            "Tay vợt Lý Hoàng Nam thắng Trịnh Linh Giang. Sau trận, Hoàng Nam nghỉ.",
            &[("Lý Hoàng Nam", P, 2), ("Trịnh Linh Giang", P, 1)],
        );
        // Two particles in a name; a company's word after a place's cue.
        check(
            "Chủ tịch Ursula von der Leyen nói. Ông Anurag Srivastava, đối tác tại Jungle \
             Ventures, đồng ý.",
            &[
                ("Ursula von der Leyen", P, 1),
                ("Anurag Srivastava", P, 1),
                ("Jungle Ventures", O, 1),
            ],
        );
        // A preposition ends a name's lowercase tail.
        check(
            "Trận đấu diễn ra trên sân Trung tâm Quần vợt Phú Mỹ Hưng dưới trời nắng gắt.",
            &[("Trung tâm Quần vợt Phú Mỹ Hưng", O, 1)],
        );
    }

    #[test]
    fn a_compound_of_a_stop_word_goes_on_a_name_and_a_series_is_no_one() {
        check(
            "Quỹ Đổi mới sáng tạo Việt Nam góp vốn vòng Series B cùng quỹ khác. Buổi sáng tại Hà Nội.",
            &[("Quỹ Đổi mới sáng tạo Việt Nam", O, 1), ("Hà Nội", L, 1)],
        );
    }

    #[test]
    fn a_middle_initial_joins_a_name_and_a_letter_ending_a_sentence_does_not() {
        check(
            "Tổng thống Donald J. Trump phát biểu. Ông Trump nói. Cựu Tổng thống George W. \
             Bush đến. Thủ hiến bang Tamil Nadu M. K. Stalin nói.",
            &[
                ("Donald J. Trump", P, 2),
                ("George W. Bush", P, 1),
                ("Tamil Nadu", L, 1),
                ("M. K. Stalin", P, 1),
            ],
        );
        check(
            "Việt Nam nằm ở bảng B. Đội tuyển sẽ thi đấu tại Hà Nội.",
            &[("Việt Nam", L, 1), ("Hà Nội", L, 1)],
        );
    }

    #[test]
    fn a_body_named_again_by_the_opening_of_its_name_is_that_body() {
        check(
            "Phim được gửi tới Viện Hàn lâm Khoa học và Nghệ thuật Điện ảnh Mỹ. Danh sách của \
             Viện Hàn lâm sẽ được công bố.",
            &[("Viện Hàn lâm Khoa học và Nghệ thuật Điện ảnh Mỹ", O, 2)],
        );
    }

    #[test]
    fn a_lowercase_tail_closed_by_its_unit_is_the_name() {
        check(
            "Ban Chỉ huy phòng thủ dân sự tỉnh cho biết đã sơ tán 3.000 hộ dân.",
            &[("Ban Chỉ huy phòng thủ dân sự tỉnh", O, 1)],
        );
        // A verb after the name is the sentence's, even at its end.
        check(
            "Ban Chấp hành Trung ương Đảng họp.",
            &[("Ban Chấp hành Trung ương Đảng", O, 1)],
        );
    }
}
