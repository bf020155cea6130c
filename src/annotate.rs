//! The annotate stage: facts about an article as a whole (its language for now).
//!
//! Near-duplicate detection needs the other articles and so happens at commit time in
//! `store`; this stage only looks at one article.

/// The language of `text` as an ISO 639-1 code, or `None` when there is too little text.
///
/// Vietnamese is recognised by its letters (đ, ư, ơ, ă and the tone marks), which no other
/// Latin-script language uses together; English by its most frequent function words.
pub fn language(text: &str) -> Option<&'static str> {
    let mut letters = 0usize;
    let mut vietnamese = 0usize;
    let mut non_latin = 0usize;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if is_vietnamese_letter(c) {
            vietnamese += 1;
        } else if !c.is_ascii()
            && !('\u{C0}'..='\u{24F}').contains(&c)
            && !('\u{1E00}'..='\u{1EFF}').contains(&c)
        {
            non_latin += 1;
        }
    }
    if letters < 20 {
        return None;
    }
    if vietnamese * 20 >= letters {
        return Some("vi");
    }
    if non_latin * 2 > letters {
        return Some("und");
    }
    let words: Vec<String> = text
        .split_whitespace()
        .take(2000)
        .map(|w| w.to_lowercase())
        .collect();
    let english = words
        .iter()
        .filter(|w| {
            [
                "the", "and", "of", "to", "in", "is", "that", "for", "with", "was",
            ]
            .contains(&w.as_str())
        })
        .count();
    if english * 12 >= words.len() {
        Some("en")
    } else {
        Some("und")
    }
}

fn is_vietnamese_letter(c: char) -> bool {
    let c = c.to_lowercase().next().unwrap_or(c);
    matches!(c, 'đ' | 'ư' | 'ơ' | 'ă' | 'â' | 'ê' | 'ô')
        || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
        || matches!(
            c,
            'à' | 'á'
                | 'ả'
                | 'ã'
                | 'è'
                | 'é'
                | 'ì'
                | 'í'
                | 'ò'
                | 'ó'
                | 'õ'
                | 'ù'
                | 'ú'
                | 'ý'
                | 'ĩ'
                | 'ũ'
        )
}

/// Number of words, for the pretty dump and the status line.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_languages() {
        let cases = [
            (
                "Ngoại trưởng Nga Sergey Lavrov cho biết hai bên đã đạt được thỏa thuận hòa bình.",
                Some("vi"),
            ),
            (
                "The foreign minister said that both sides had agreed to the terms of the peace deal.",
                Some("en"),
            ),
            (
                "Министр иностранных дел заявил, что стороны договорились о мире.",
                Some("und"),
            ),
            ("Quá ngắn", None),
        ];
        for (text, expected) in cases {
            assert_eq!(language(text), expected, "{text}");
        }
    }
}
