//! The annotate stage: facts about an article as a whole: its language, word count and
//! its MinHash signature for near-duplicate detection.
//!
//! Finding the near duplicates needs the other articles and so happens at commit time
//! in `store`, from the signatures computed here; this stage looks at one article.

use crate::text::modern_tone_placement;

/// Words per shingle.
const SHINGLE: usize = 3;
/// Bins of the one-permutation MinHash.
pub const SIGNATURE_BINS: usize = 64;
/// LSH: the signature is cut into this many bands of `SIGNATURE_BINS / BANDS` bins; two
/// articles sharing a band are compared. With 16 × 4, pairs at 0.5 similarity are
/// found two times in three, pairs at 0.7 ninety-nine times in a hundred.
pub const BANDS: usize = 16;
/// Estimated Jaccard similarity of word 3-shingles from which two articles are near
/// duplicates: a lightly edited rewrite keeps most of its sentences.
pub const NEAR_DUPLICATE: f32 = 0.5;

/// The text an article's language and signature are worked out over: its title, then
/// its body.
pub fn annotated_text(title: Option<&str>, body: &str) -> String {
    format!("{}\n{}", title.unwrap_or(""), body)
}

/// A MinHash signature of an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u64; SIGNATURE_BINS]);

impl Signature {
    /// One-permutation MinHash over word 3-shingles (lowercase, one tone-mark
    /// placement): one hash per shingle, its top bits choosing the bin. Empty bins
    /// borrow from the next full one, so short texts still compare. `None` for a text
    /// with no shingle.
    ///
    /// Each word is hashed once and a shingle's hash is made from its words' hashes,
    /// so a byte is read once, not once per shingle it is in. Changing how a shingle is
    /// hashed changes every signature: stored ones are then recomputed (see `store`).
    pub fn of(text: &str) -> Option<Signature> {
        Self::of_modern_lowercase(&modern_tone_placement(&crate::text::lowercase(text)))
    }

    /// [`of`](Self::of) a text already lowercased and in the modern tone placement.
    pub fn of_modern_lowercase(normal: &str) -> Option<Signature> {
        let mut shingles = Shingles::default();
        shingles.words_of(normal);
        shingles.signature()
    }

    /// The estimated Jaccard similarity of the two texts' shingle sets.
    pub fn similarity(&self, other: &Signature) -> f32 {
        let same = self
            .0
            .iter()
            .zip(other.0.iter())
            .filter(|(a, b)| a == b)
            .count();
        same as f32 / SIGNATURE_BINS as f32
    }

    /// One key per LSH band: articles sharing a key are candidates.
    pub fn bands(&self) -> [u64; BANDS] {
        let rows = SIGNATURE_BINS / BANDS;
        std::array::from_fn(|b| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ b as u64;
            for v in &self.0[b * rows..(b + 1) * rows] {
                h = fnv(h, &v.to_le_bytes());
            }
            h
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != SIGNATURE_BINS * 8 {
            return None;
        }
        let mut out = [0u64; SIGNATURE_BINS];
        for (i, chunk) in bytes.chunks_exact(8).enumerate() {
            out[i] = u64::from_le_bytes(chunk.try_into().ok()?);
        }
        Some(Signature(out))
    }
}

/// FNV-1a: stable across builds and platforms, as stored signatures must be.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The hash of a shingle from its words' hashes, in order: each word's is rotated by
/// its place, so `a b c` and `c b a` differ.
fn shingle_hash(words: &[u64]) -> u64 {
    let mut h = 0;
    for (place, w) in words.iter().enumerate() {
        h ^= w.rotate_left(21 * place as u32);
    }
    mix(h ^ words.len() as u64)
}

/// The words of `text`: the runs of [`is_word_char`](crate::text::is_word_char)
/// characters, as `text.split(|c| !is_word_char(c))` gives them less the empty ones.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = loop {
            if i >= bytes.len() {
                return None;
            }
            let (len, word) = crate::text::word_char_at(text, i);
            i += len;
            if word {
                break i - len;
            }
        };
        while i < bytes.len() {
            let (len, word) = crate::text::word_char_at(text, i);
            if !word {
                break;
            }
            i += len;
        }
        Some(&text[start..i])
    })
}

/// A [`Signature`] built as the words stream by: fed the words of a text lowercased
/// and in the modern tone placement, in order, it gives that text's signature. The
/// extract stage feeds it the words it has read, and the text is not split again.
pub struct Shingles {
    bins: [u64; SIGNATURE_BINS],
    /// The hashes of the last `SHINGLE` words.
    window: [u64; SHINGLE],
    /// Words so far, counted up to `SHINGLE`.
    seen: usize,
}

impl Default for Shingles {
    fn default() -> Shingles {
        Shingles {
            bins: [u64::MAX; SIGNATURE_BINS],
            window: [0; SHINGLE],
            seen: 0,
        }
    }
}

impl Shingles {
    /// The next word: a run of [`is_word_char`](crate::text::is_word_char) characters.
    #[inline]
    pub fn word(&mut self, word: &str) {
        let h = mix(fnv(0xcbf2_9ce4_8422_2325, word.as_bytes()));
        if self.seen < SHINGLE {
            self.window[self.seen] = h;
            self.seen += 1;
            if self.seen < SHINGLE {
                return;
            }
        } else {
            self.window.rotate_left(1);
            self.window[SHINGLE - 1] = h;
        }
        self.add(SHINGLE);
    }

    /// The words of `text`, however many.
    pub fn words_of(&mut self, text: &str) {
        for word in words(text) {
            self.word(word);
        }
    }

    /// The shingle of the first `n` words of the window.
    fn add(&mut self, n: usize) {
        let h = shingle_hash(&self.window[..n]);
        let bin = (h >> 58) as usize;
        self.bins[bin] = self.bins[bin].min(h & ((1 << 58) - 1));
    }

    /// The signature of the words so far; `None` without any. The shingles are the
    /// windows of `SHINGLE` words, or all the words when there are fewer.
    pub fn signature(mut self) -> Option<Signature> {
        match self.seen {
            0 => return None,
            n if n < SHINGLE => self.add(n),
            _ => {}
        }
        let bins = self.bins;
        // Densify: an empty bin takes the value of the next full one, marked by its
        // distance so two texts agree there only when they agree on the source.
        let full: Vec<usize> = (0..SIGNATURE_BINS)
            .filter(|&i| bins[i] != u64::MAX)
            .collect();
        let mut out = bins;
        for i in 0..SIGNATURE_BINS {
            if bins[i] == u64::MAX {
                let (distance, source) = (1..=SIGNATURE_BINS)
                    .map(|d| (d, (i + d) % SIGNATURE_BINS))
                    .find(|(_, j)| full.contains(j))
                    .expect("at least one bin is full");
                out[i] = mix(bins[source] ^ (distance as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            }
        }
        Some(Signature(out))
    }
}

/// What the annotate stage computes an article's signature from, as the extract stage
/// hands it on.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum SignatureInput {
    /// The title and body, as the record has them.
    #[default]
    Text,
    /// The title and body lowercased and in the modern tone placement.
    Lower(String),
    /// The signature itself, from the words the extract stage read (boxed: it is
    /// half a kilobyte, the other inputs a pointer).
    Done(Option<Box<Signature>>),
}

/// A 64-bit finaliser (from SplitMix64) spreading FNV's weak high bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The language of `text` as an ISO 639-1 code, or `None` when there is too little text.
///
/// Vietnamese is recognised by its letters (đ, ư, ơ, ă and the tone marks), which no other
/// Latin-script language uses together; English by its most frequent function words.
pub fn language(text: &str) -> Option<&'static str> {
    const LETTERS: usize = 4000;
    let mut letters = 0usize;
    let mut vietnamese = 0usize;
    let mut non_latin = 0usize;
    // The first few thousand letters tell the language as well as the whole text.
    for c in text
        .chars()
        .filter(|c| crate::text::is_word_char(*c) && !c.is_ascii_digit())
        .take(LETTERS)
    {
        letters += 1;
        if is_vietnamese_letter(c) {
            vietnamese += 1;
            // Enough Vietnamese letters that the rest cannot change the answer below.
            if vietnamese * 20 >= LETTERS {
                return Some("vi");
            }
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
    if c.is_ascii() {
        return false;
    }
    let c = crate::text::lower_char(c);
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
    fn words_are_split_as_the_standard_library_splits_them() {
        for text in [
            "",
            "   ",
            "Hà Nội, ngày 11/2: Ông Nguyễn Văn A nói \"xin chào\"…",
            "2×3÷4 = Ñandú ŒUVRE ǅ ȿ ɐ ʃ",
            "hoa\u{300} thuỷ Ư ơ Đ đ ờ ỹ Ỹ",
            "東京 Москва Αθήνα مرحبا 😀 tab\tnew\nline",
            "sang-sik TP.HCM e-mail's 1.000,5",
        ] {
            let expected: Vec<&str> = text
                .split(|c: char| !crate::text::is_word_char(c))
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
        // Every character from U+0000 to U+2FFF, each between two spaces and run
        // together.
        let all: String = (0..0x3000u32).filter_map(char::from_u32).collect();
        let spaced: String = all.chars().flat_map(|c| [c, ' ']).collect();
        for text in [all.as_str(), spaced.as_str()] {
            let expected: Vec<&str> = text
                .split(|c: char| !crate::text::is_word_char(c))
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words(text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn a_shingle_is_its_words_in_order() {
        let a = Signature::of("một hai ba bốn năm sáu bảy tám chín mười").unwrap();
        let same = Signature::of("Một  hai, ba… bốn NĂM sáu bảy tám chín mười.").unwrap();
        let reversed = Signature::of("mười chín tám bảy sáu năm bốn ba hai một").unwrap();
        assert_eq!(a.similarity(&same), 1.0);
        assert!(a.similarity(&reversed) < 0.2, "{}", a.similarity(&reversed));
    }

    #[test]
    fn a_light_rewrite_is_near_and_another_article_is_not() {
        let seed = |n: &str| {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
            let path = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(n));
            std::fs::read_to_string(path.unwrap()).unwrap()
        };
        let original = seed("002");
        // A rewrite: a sentence dropped, some words changed, a paragraph added.
        let rewrite = original
            .replacen("Ngoài ra, Nga sẵn sàng gặp các nhà đàm phán Mỹ nhiều lần nếu cần, để đạt được thỏa thuận.", "", 1)
            .replace("nhấn mạnh", "khẳng định")
            .replace("thông báo", "cho biết")
            + "\nBài viết được cập nhật lúc 18 giờ.";
        let a = Signature::of(&original).unwrap();
        let b = Signature::of(&rewrite).unwrap();
        let other = Signature::of(&seed("001")).unwrap();
        assert!(
            a.similarity(&b) >= NEAR_DUPLICATE,
            "rewrite: {}",
            a.similarity(&b)
        );
        assert!(
            a.similarity(&other) < 0.2,
            "other article: {}",
            a.similarity(&other)
        );
        assert!(
            a.bands().iter().zip(b.bands().iter()).any(|(x, y)| x == y),
            "they share a band"
        );
        assert_eq!(Signature::from_bytes(&a.to_bytes()), Some(a.clone()));
        assert_eq!(a.similarity(&a), 1.0);
    }

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
