//! Bytes to text: encoding detection, Unicode NFC, line endings, and the canonical form
//! of an article's text that its content hash is computed over.
//!
//! Pure functions only; reading the bytes is `reader`'s job.

use std::borrow::Cow;

use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// The encodings a file may arrive in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Legacy Vietnamese Windows code page, assumed when the bytes are not UTF-8.
    Windows1258,
    /// The charset a web page declares, used when its bytes are not UTF-8.
    Declared(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// NFC text with `\n` line endings and no trailing whitespace on any line.
    pub text: String,
    pub encoding: SourceEncoding,
    /// Some bytes could not be decoded and were replaced by U+FFFD.
    pub lossy: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary content: {0}")]
    Binary(&'static str),
}

/// Decodes a file's bytes: BOM first, then UTF-8, then Windows-1258.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_with_fallback(bytes, encoding_rs::WINDOWS_1258)
}

/// Decodes a web page: as [`decode`], except that bytes that are not UTF-8 are read in
/// the charset the page declares (`<meta charset=…>`), if any.
pub fn decode_html(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    static CHARSET: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)charset\s*=\s*["']?([a-z0-9_:.-]+)"#).unwrap()
    });
    let head = &bytes[..bytes.len().min(4096)];
    let declared = CHARSET
        .captures(head)
        .and_then(|c| encoding_rs::Encoding::for_label(&c[1]));
    decode_with_fallback(bytes, declared.unwrap_or(encoding_rs::WINDOWS_1258))
}

fn decode_with_fallback(
    bytes: &[u8],
    fallback: &'static encoding_rs::Encoding,
) -> Result<Decoded, DecodeError> {
    let (raw, encoding, lossy) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = String::from_utf8_lossy(rest);
        let lossy = matches!(text, Cow::Owned(_));
        (text, SourceEncoding::Utf8, lossy)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, lossy) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        (text, SourceEncoding::Utf16Le, lossy)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, lossy) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        (text, SourceEncoding::Utf16Be, lossy)
    } else {
        // Validated many bytes at a time: most files are UTF-8 and most of their bytes
        // are checked here.
        match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => (Cow::Borrowed(text), SourceEncoding::Utf8, false),
            Err(_) => {
                let (text, lossy) = fallback.decode_without_bom_handling(bytes);
                let encoding = if fallback == encoding_rs::WINDOWS_1258 {
                    SourceEncoding::Windows1258
                } else {
                    SourceEncoding::Declared(fallback.name())
                };
                (text, encoding, lossy)
            }
        }
    };
    check_textual(&raw)?;
    let text = normalize(&raw);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded {
        text,
        encoding,
        lossy,
    })
}

/// Rejects what is plainly not text: NUL bytes, or many control characters.
fn check_textual(text: &str) -> Result<(), DecodeError> {
    let bytes = text.as_bytes();
    if memchr::memchr(0, bytes).is_some() {
        return Err(DecodeError::Binary("NUL bytes"));
    }
    // Counted over the bytes: the control characters are C0 (one byte), DEL, and C1
    // (`C2 80` to `C2 9F`); a character is a byte that does not continue one, and the
    // characters are counted only when there is a control character to weigh.
    let c0 = c0_controls(bytes);
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .filter(|&i| bytes.get(i + 1).is_some_and(|b| (0x80..=0x9F).contains(b)))
        .count();
    if c0 + c1 == 0 {
        return Ok(());
    }
    let chars = bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
    if (c0 + c1) * 100 > chars {
        return Err(DecodeError::Binary("control characters"));
    }
    Ok(())
}

/// How many bytes are C0 control characters other than the four of text (`\n`, `\r`,
/// `\t`, form feed), or DEL. A block of 32 bytes is first tested for any byte below
/// 0x20 or DEL at all, a test the compiler does many bytes at a time; only blocks with
/// one (most hold no more than a line break) are counted byte by byte.
fn c0_controls(bytes: &[u8]) -> usize {
    let control = |b: u8| (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)) || b == 0x7F;
    let blocks = bytes.chunks_exact(32);
    let tail = blocks.remainder();
    let mut count = tail.iter().filter(|&&b| control(b)).count();
    for block in blocks {
        let any = block
            .iter()
            .fold(false, |any, &b| any | (b < 0x20) | (b == 0x7F));
        if any {
            count += block.iter().filter(|&&b| control(b)).count();
        }
    }
    count
}

/// NFC, `\n` line endings, no trailing whitespace on a line, no trailing blank lines.
pub fn normalize(text: &str) -> String {
    let nfc: Cow<'_, str> = if is_nfc(text) {
        Cow::Borrowed(text)
    } else {
        let mut nfc = String::with_capacity(text.len());
        nfc.extend(text.nfc());
        Cow::Owned(nfc)
    };
    match nfc {
        Cow::Borrowed(text) if is_tidy(text) => text.trim_end().to_owned(),
        Cow::Owned(mut text) if is_tidy(&text) => {
            text.truncate(text.trim_end().len());
            text
        }
        nfc => tidy_lines(&nfc),
    }
}

/// [`normalize`]'s line endings and trailing whitespace, line by line.
fn tidy_lines(nfc: &str) -> String {
    let mut out = String::with_capacity(nfc.len());
    for line in nfc.split('\n') {
        // `\r\n` and a lone `\r` (old Mac files) both end a line.
        for part in line.strip_suffix('\r').unwrap_or(line).split('\r') {
            out.push_str(part.trim_end());
            out.push('\n');
        }
    }
    let end = out.trim_end().len();
    out.truncate(end);
    out
}

/// Whether `text` has no `\r` and no whitespace at the end of a line but the last, as
/// most files: then [`normalize`] has only the end to trim. Line ends are found with
/// `memchr`; only a line whose last byte is not ASCII has its last character decoded.
fn is_tidy(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr(b'\r', bytes).is_none()
        && memchr::memchr_iter(b'\n', bytes).all(|i| {
            i == 0
                || match bytes[i - 1] {
                    b @ 0x00..=0x7F => b == b'\n' || !b.is_ascii_whitespace() && b != 0x0B,
                    _ => !text[..i]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_whitespace),
                }
        })
}

/// Whether `text` is in NFC. The letters of Latin and Vietnamese text, general
/// punctuation and currency signs are NFC whatever surrounds them, and are told without
/// the tables; anything else goes to the full quick check.
fn is_nfc(text: &str) -> bool {
    all_stable(text) || is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
}

/// Whether every character is U+0000 to U+02FF, U+1EA0 to U+1EF9 or U+2002 to U+20CF,
/// told from the UTF-8 bytes without decoding. Those characters' lead bytes are below
/// `CC`, or `E1` and `E2` with the right two bytes after them; continuation bytes are
/// below `C0`. Each byte is tested with the two after it, with no branch, in blocks of
/// 64 bytes that the compiler tests many bytes at a time.
fn all_stable(text: &str) -> bool {
    let outside = |b0: u8, b1: u8, b2: u8| {
        (b0 >= 0xCC && b0 != 0xE1 && b0 != 0xE2)
            // `vietnamese_letter` without its branches, which keep the compiler from
            // vectorising the test.
            | (b0 == 0xE1 && !((b1 == 0xBA) & (b2 >= 0xA0) | (b1 == 0xBB) & (b2 <= 0xB9)))
            | (b0 == 0xE2
                && !((b1 == 0x80) & (b2 >= 0x82)
                    | (b1 == 0x81)
                    | (b1 == 0x82)
                    | (b1 == 0x83) & (b2 <= 0x8F)))
    };
    let bytes = text.as_bytes();
    // The last two bytes have no two after them: no three-byte character starts there.
    let n = bytes.len().saturating_sub(2);
    if bytes[n..].iter().any(|&b| outside(b, 0, 0)) {
        return false;
    }
    let (b0, b1, b2) = (
        &bytes[..n],
        bytes.get(1..).unwrap_or_default(),
        bytes.get(2..).unwrap_or_default(),
    );
    !b0.chunks(64)
        .zip(b1.chunks(64))
        .zip(b2.chunks(64))
        .any(|((x, y), z)| {
            x.iter()
                .zip(y)
                .zip(z)
                .fold(false, |any, ((&b0, &b1), &b2)| any | outside(b0, b1, b2))
        })
}

/// The text a content hash is computed over: whitespace runs folded to one space,
/// line breaks included, and Vietnamese tone marks in one placement
/// (`hoà` and `hòa` give the same key), so re-wrapped or re-accented copies match.
pub fn canonical_key(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut folded = String::with_capacity(text.len());
    // Runs of words, each word followed by one plain space and another word, are copied
    // whole: a line of prose is one copy. A byte that starts no whitespace character
    // is passed over with one look-up.
    let mut i = 0;
    loop {
        while i < bytes.len() {
            match whitespace_len(bytes, i) {
                0 => break,
                n => i += n,
            }
        }
        if i == bytes.len() {
            break;
        }
        if !folded.is_empty() {
            folded.push(' ');
        }
        let start = i;
        'run: while i < bytes.len() {
            // A block with nothing that may end the run is passed over at once; one
            // with something is read byte by byte.
            if !may_end_a_run(bytes, i) {
                i += RUN_BLOCK;
                continue;
            }
            let stop = (i + RUN_BLOCK).min(bytes.len());
            while i < stop {
                if !MAY_START_WHITESPACE[usize::from(bytes[i])] {
                    i += 1;
                } else if bytes[i] == b' '
                    && i + 1 < bytes.len()
                    && whitespace_len(bytes, i + 1) == 0
                {
                    // One space between two words: already folded.
                    i += 2;
                } else if whitespace_len(bytes, i) == 0 {
                    i += 1;
                } else {
                    break 'run;
                }
            }
        }
        folded.push_str(&text[start..i]);
    }
    match modern_tone_placement(&folded) {
        Cow::Borrowed(_) => folded,
        Cow::Owned(moved) => moved,
    }
}

/// The bytes [`canonical_key`] tests at once for the end of a run of single-spaced words.
const RUN_BLOCK: usize = 32;

/// Whether the [`RUN_BLOCK`] bytes from `i` may hold whitespace other than one plain
/// space before a word: a character that may be whitespace, or a space before one.
/// `true` when fewer than the block and the three bytes after it are left. Each byte is
/// tested with the three after it, without a branch, so the compiler tests many at once.
fn may_end_a_run(bytes: &[u8], i: usize) -> bool {
    let Some(window) = bytes.get(i..i + RUN_BLOCK + 3) else {
        return true;
    };
    // Whether the character at `b0` may be whitespace: all the bytes that
    // `whitespace_len` reads, and no more than it needs for the Vietnamese letters
    // (`E1 BA`/`E1 BB`) and the quotes and dashes (`E2 80 93`…) of every text.
    let white = |b0: u8, b1: u8, b2: u8| {
        (b0.wrapping_sub(b'\t') < 5)
            | (b0 == b' ')
            | (b0 == 0xC2)
            | (b0 == 0xE1) & (b1 == 0x9A)
            | (b0 == 0xE2) & ((b1 == 0x80) & ((b2 <= 0x8A) | (b2 >= 0xA8)) | (b1 == 0x81))
            | (b0 == 0xE3)
    };
    let (b0, b1, b2, b3) = (
        &window[..RUN_BLOCK],
        &window[1..RUN_BLOCK + 1],
        &window[2..RUN_BLOCK + 2],
        &window[3..RUN_BLOCK + 3],
    );
    b0.iter()
        .zip(b1)
        .zip(b2)
        .zip(b3)
        .fold(false, |any, (((&b0, &b1), &b2), &b3)| {
            any | (b0 != b' ') & white(b0, b1, b2) | (b0 == b' ') & white(b1, b2, b3)
        })
}

/// The bytes that [`whitespace_len`] may find whitespace at.
static MAY_START_WHITESPACE: [bool; 256] = {
    let mut table = [false; 256];
    let starts = [
        b'\t', b'\n', 0x0B, 0x0C, b'\r', b' ', 0xC2, 0xE1, 0xE2, 0xE3,
    ];
    let mut k = 0;
    while k < starts.len() {
        table[starts[k] as usize] = true;
        k += 1;
    }
    table
};

/// The length of the whitespace character (`char::is_whitespace`) that starts at byte
/// `i`, 0 if none: ASCII's six, U+0085, U+00A0, U+1680, U+2000 to U+200A, U+2028,
/// U+2029, U+202F, U+205F and U+3000, told by their UTF-8 without decoding.
fn whitespace_len(bytes: &[u8], i: usize) -> usize {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => 1,
        0xC2 if matches!(at(1), 0x85 | 0xA0) => 2,
        0xE1 if at(1) == 0x9A && at(2) == 0x80 => 3,
        0xE2 if at(1) == 0x80 && matches!(at(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) => 3,
        0xE2 if at(1) == 0x81 && at(2) == 0x9F => 3,
        0xE3 if at(1) == 0x80 && at(2) == 0x80 => 3,
        _ => 0,
    }
}

/// Moves the tone mark of a word-final `oa`, `oe` or `uy` (old style: `hoà`, `thuỷ`) to
/// the first vowel (new style: `hòa`, `thủy`). `qu` + `y` keeps its mark on `y` (`quý`).
/// Borrows the text when nothing moves, as in nearly every text.
pub fn modern_tone_placement(text: &str) -> Cow<'_, str> {
    move_tone_marks(text, false).0
}

/// As [`modern_tone_placement`], leaving alone the few pairs whose moved form is shorter
/// in UTF-8 (`uỳ` → `ùy`, `uỹ`, `oẽ`): every byte offset of the result is the text's,
/// for reading words at the text's offsets. Also says whether the result is the
/// modern placement whole: no pair was left, and no mark written apart was composed
/// (which may change the length too).
pub fn modern_tone_placement_at_same_offsets(text: &str) -> (Cow<'_, str>, bool) {
    move_tone_marks(text, true)
}

fn move_tone_marks(text: &str, same_offsets: bool) -> (Cow<'_, str>, bool) {
    // Find that out without decomposing it.
    if !has_old_tone_placement(text) {
        return (Cow::Borrowed(text), true);
    }
    // Tone marks written apart (`oa` + U+0300) are composed first; U+0300 to U+036F
    // start with the bytes CC or CD. Not a recursion: the composed text is used as is
    // (it may still hold a mark that composes with nothing, such as one after `x`).
    let apart = memchr::memchr2(0xCC, 0xCD, text.as_bytes()).is_some();
    let mut whole = !apart;
    let composed: Cow<'_, str> = if apart {
        Cow::Owned(text.nfc().collect())
    } else {
        Cow::Borrowed(text)
    };
    let text = composed.as_ref();
    // NFC text: swap the tone between the two letters of each word-final pair. Every
    // pair starts with an ASCII o or u, so only those bytes are looked at (a swapped
    // pair's second letter is not ASCII, so pairs never overlap).
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for i in o_and_u(bytes) {
        let b = bytes[i];
        // The second letter of a pair is two or three bytes long (C3 … or E1 … …).
        if bytes.get(i + 1).is_none_or(|n| !matches!(n, 0xC3 | 0xE1)) {
            continue;
        }
        let rest = &text[i + 1..];
        let Some(second) = rest.chars().next() else {
            continue;
        };
        let Some((base, tone)) = toned_a_e_y(second) else {
            continue;
        };
        let pairs = matches!(
            (b.to_ascii_lowercase(), base.to_ascii_lowercase()),
            (b'o', 'a') | (b'o', 'e') | (b'u', 'y')
        );
        let after_q = matches!(b, b'u' | b'U') && i > 0 && matches!(bytes[i - 1], b'q' | b'Q');
        let word_final = || {
            rest[second.len_utf8()..]
                .chars()
                .next()
                .is_none_or(|n| !n.is_alphanumeric())
        };
        if !pairs || after_q || !word_final() {
            continue;
        }
        let first = with_tone(b, tone);
        if same_offsets && first.len_utf8() != second.len_utf8() {
            whole = false;
            continue;
        }
        out.push_str(&text[copied..i]);
        out.push(first);
        out.push(base);
        copied = i + 1 + second.len_utf8();
    }
    out.push_str(&text[copied..]);
    (Cow::Owned(out), whole)
}

/// The offsets of the ASCII letters o and u, in either case, in order: found with
/// `memchr`, which reads many bytes at a time, since most bytes are neither.
fn o_and_u(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut lower = memchr::memchr2_iter(b'o', b'u', bytes).peekable();
    let mut upper = memchr::memchr2_iter(b'O', b'U', bytes).peekable();
    std::iter::from_fn(move || match (lower.peek(), upper.peek()) {
        (Some(l), Some(u)) if u < l => upper.next(),
        (Some(_), _) => lower.next(),
        (None, _) => upper.next(),
    })
}

/// The tone marks in one order: grave, acute, hook above, tilde, dot below.
const TONED_A: [char; 5] = ['à', 'á', 'ả', 'ã', 'ạ'];
const TONED_CAPITAL_A: [char; 5] = ['À', 'Á', 'Ả', 'Ã', 'Ạ'];
const TONED_E: [char; 5] = ['è', 'é', 'ẻ', 'ẽ', 'ẹ'];
const TONED_CAPITAL_E: [char; 5] = ['È', 'É', 'Ẻ', 'Ẽ', 'Ẹ'];
const TONED_Y: [char; 5] = ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'];
const TONED_CAPITAL_Y: [char; 5] = ['Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ'];

/// A precomposed a, e or y with a tone mark (and no other mark), as its base letter and
/// the tone's place in [`TONED_A`]'s order.
fn toned_a_e_y(c: char) -> Option<(char, usize)> {
    // Every one of them is in Latin-1 or in Latin Extended Additional.
    if !matches!(c as u32, 0xC0..=0xFD | 0x1EA0..=0x1EF9) {
        return None;
    }
    [
        ('a', &TONED_A),
        ('A', &TONED_CAPITAL_A),
        ('e', &TONED_E),
        ('E', &TONED_CAPITAL_E),
        ('y', &TONED_Y),
        ('Y', &TONED_CAPITAL_Y),
    ]
    .into_iter()
    .find_map(|(base, toned)| toned.iter().position(|&t| t == c).map(|tone| (base, tone)))
}

/// An ASCII o or u (either case) with the tone at `tone` in [`TONED_A`]'s order.
fn with_tone(letter: u8, tone: usize) -> char {
    let toned = match letter {
        b'o' => ['ò', 'ó', 'ỏ', 'õ', 'ọ'],
        b'O' => ['Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ'],
        b'u' => ['ù', 'ú', 'ủ', 'ũ', 'ụ'],
        _ => ['Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ'],
    };
    toned[tone]
}

/// Whether `text` (NFC, or decomposed) may hold a word-final `oà`, `oé`, `uỷ`…: a toned
/// a, e or y after o or u, or a tone mark after a plain a, e or y.
fn has_old_tone_placement(text: &str) -> bool {
    // Every such pair starts with an ASCII o or u, then either a precomposed toned
    // letter (its UTF-8 opens with C3 or E1) or a plain a, e or y and a combining mark
    // (CC or CD): only where the bytes say so is the text read as characters.
    let bytes = text.as_bytes();
    let pair_at = |i: usize| {
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        (matches!(next(1), 0xC3 | 0xE1)
            || (matches!(next(1) | 0x20, b'a' | b'e' | b'y') && matches!(next(2), 0xCC | 0xCD)))
            && old_tone_pair_at(&text[i..])
    };
    // A name or a word is read byte by byte: setting up `memchr` costs more on it.
    if bytes.len() < 64 {
        return (0..bytes.len())
            .filter(|&i| matches!(bytes[i] | 0x20, b'o' | b'u'))
            .any(pair_at);
    }
    o_and_u(bytes).any(pair_at)
}

/// Whether `text` opens with a word-final old-style pair: `oà`, `uỷ`, or `oa` + a tone mark.
fn old_tone_pair_at(text: &str) -> bool {
    let mut chars = text.chars().take(4).peekable();
    let (mut prev, mut prev2) = (' ', ' ');
    while let Some(c) = chars.next() {
        let candidate = if matches!(prev, 'o' | 'O' | 'u' | 'U') {
            toned_a_e_y(c).is_some()
        } else {
            is_tone(c)
                && matches!(prev, 'a' | 'e' | 'y' | 'A' | 'E' | 'Y')
                && matches!(prev2, 'o' | 'O' | 'u' | 'U')
        };
        // Only at the end of a word: `hoàng`, `toàn` are spelled alike in both styles.
        if candidate && chars.peek().is_none_or(|n| !is_word_char(*n)) {
            return true;
        }
        prev2 = prev;
        prev = c;
    }
    false
}

/// A letter, digit or combining mark: part of a word. Fast for the Latin and
/// Vietnamese ranges, where the standard library's table look-up is slow.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c as u32 {
        0xC0..=0x24F => c != '×' && c != '÷',
        0x300..=0x36F | 0x1EA0..=0x1EF9 => true,
        _ => c.is_alphanumeric(),
    }
}

/// The ASCII letters and digits, by byte: one load where a range test takes several.
static ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The length of the character at byte `i` of `text`, and whether it is a word character
/// ([`is_word_char`]). ASCII, Latin-1 and Latin Extended letters and the Vietnamese
/// letters are told from their bytes; other characters are decoded.
#[inline(always)]
pub fn word_char_at(text: &str, i: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    match bytes[i] {
        b @ 0x00..=0x7F => (1, ASCII_WORD[usize::from(b)]),
        // U+00C0 to U+00FF but × and ÷.
        0xC3 => (2, !matches!(bytes[i + 1], 0x97 | 0xB7)),
        // U+0100 to U+023F.
        0xC4..=0xC8 => (2, true),
        // Latin Extended Additional, U+1E00 to U+1EFF: the Vietnamese letters among them.
        0xE1 if matches!(bytes[i + 1], 0xB8..=0xBB) => (3, true),
        _ => {
            let c = text[i..]
                .chars()
                .next()
                .expect("i is on a character boundary");
            (c.len_utf8(), is_word_char(c))
        }
    }
}

/// Whether `c` is an uppercase letter, as `char::is_uppercase` says; fast for the Latin
/// and Vietnamese letters, where the standard library looks up a table.
pub fn is_upper(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_uppercase(),
        0x80..=0xFF => matches!(c as u32, 0xC0..=0xDE) && c != '×',
        n @ (0x100..=0x137 | 0x14A..=0x177) => n % 2 == 0,
        n @ (0x139..=0x148 | 0x179..=0x17E) => n % 2 == 1,
        0x138 | 0x149 | 0x17F => false,
        0x178 | 0x1A0 | 0x1AF => true,
        0x1A1 | 0x1B0 | 0x300..=0x36F | 0x2000..=0x20CF | 0xFFFD => false,
        n @ 0x1EA0..=0x1EF9 => n % 2 == 0,
        _ => c.is_uppercase(),
    }
}

/// The one-letter lowercase of a Latin or Vietnamese letter, `None` outside the ranges
/// where that is known without the standard library's tables.
fn lower_latin(c: char) -> Option<char> {
    let n = c as u32;
    let lower = match n {
        0..=0x7F => return Some(c.to_ascii_lowercase()),
        0xC0..=0xDE if c != '×' => n + 0x20,
        0x80..=0xFF => n,
        // `İ` lowercases to two characters.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 | 0x1EA0..=0x1EF9 => n | 1,
        0x139..=0x148 | 0x179..=0x17E => n + (n % 2),
        0x131 | 0x138 | 0x149 | 0x17F => n,
        0x178 => 0xFF,
        0x1A0 | 0x1A1 => 0x1A1,
        0x1AF | 0x1B0 => 0x1B0,
        // Combining marks; punctuation, quotes and dashes; currency signs.
        0x300..=0x36F | 0x2000..=0x20CF | 0xFFFD => n,
        _ => return None,
    };
    char::from_u32(lower)
}

/// The first character of `c`'s lowercase.
pub fn lower_char(c: char) -> char {
    lower_latin(c).unwrap_or_else(|| c.to_lowercase().next().unwrap_or(c))
}

/// `text` in lowercase, exactly as `str::to_lowercase` gives it, borrowed when nothing
/// changes. Fast for Latin and Vietnamese text; anything else goes to the standard
/// library (which also knows the final sigma).
pub fn lowercase(text: &str) -> Cow<'_, str> {
    lowercase_at_same_offsets(text).unwrap_or_else(|| Cow::Owned(text.to_lowercase()))
}

/// `text` in lowercase when every character's lowercase is one character of the same
/// length, as for Latin and Vietnamese text, so that a word's lowercase is read at the
/// word's own offsets; `None` for text that needs the standard library.
pub fn lowercase_at_same_offsets(text: &str) -> Option<Cow<'_, str>> {
    let bytes = text.as_bytes();
    let Some(first) = first_changing(text) else {
        return Some(Cow::Borrowed(text));
    };
    // Only uppercase letters are written one by one: the runs between them, most of the
    // text, are copied whole. ASCII is told by its byte; Latin-1 (`C3 …`) and the
    // Vietnamese letters of Latin Extended Additional (`E1 BA A0` to `E1 BB B9`, upper
    // at even code points) by their bytes without a decode; every other character is
    // decoded and goes through `lower_latin`, whose lowercase keeps the length.
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = first;
    while i < bytes.len() {
        let b = bytes[i];
        let (len, upper) = match b {
            0x00..=0x7F => (1, b.is_ascii_uppercase()),
            0xC3 => (2, bytes[i + 1] <= 0x9E && bytes[i + 1] != 0x97),
            0xE1 if vietnamese_letter(bytes[i + 1], bytes[i + 2]) => {
                (3, bytes[i + 2].is_multiple_of(2))
            }
            _ => {
                let c = text[i..]
                    .chars()
                    .next()
                    .expect("i is on a character boundary");
                let l = lower_latin(c)?;
                (c.len_utf8(), l != c)
            }
        };
        if upper {
            out.push_str(&text[copied..i]);
            let c = text[i..]
                .chars()
                .next()
                .expect("i is on a character boundary");
            out.push(lower_latin(c)?);
            copied = i + len;
        }
        i += len;
    }
    out.push_str(&text[copied..]);
    Some(Cow::Owned(out))
}

/// Whether the two bytes after an `E1` lead byte make a letter of U+1EA0 to U+1EF9.
fn vietnamese_letter(b1: u8, b2: u8) -> bool {
    (b1 == 0xBA && b2 >= 0xA0) || (b1 == 0xBB && b2 <= 0xB9)
}

/// The offset of the first character that lowercasing may change; ASCII is told by its
/// byte.
fn first_changing(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if b.is_ascii_uppercase() {
                return Some(i);
            }
            i += 1;
            continue;
        }
        let c = text[i..]
            .chars()
            .next()
            .expect("i is on a character boundary");
        // Outside the fast ranges, whatever the standard library may change (a titlecase
        // `ǅ` is not uppercase, and still lowercases).
        if lower_latin(c).is_none_or(|l| l != c) {
            return Some(i);
        }
        i += c.len_utf8();
    }
    None
}

/// The ASCII letter under a Latin or Vietnamese letter's marks (`ệ` → `e`, `Ư` → `U`),
/// `None` for anything else. A table built once from the canonical decompositions.
pub fn base_letter(c: char) -> Option<char> {
    const RANGES: [(u32, u32); 2] = [(0xC0, 0x1B0), (0x1EA0, 0x1EF9)];
    static TABLE: std::sync::LazyLock<Vec<Vec<u8>>> = std::sync::LazyLock::new(|| {
        RANGES
            .iter()
            .map(|&(lo, hi)| {
                (lo..=hi)
                    .map(|n| {
                        char::from_u32(n)
                            .and_then(|c| c.nfd().next())
                            .filter(char::is_ascii_alphabetic)
                            .map_or(0, |b| b as u8)
                    })
                    .collect()
            })
            .collect()
    });
    if c.is_ascii() {
        return c.is_ascii_alphabetic().then_some(c);
    }
    let n = c as u32;
    let base = match RANGES.iter().position(|&(lo, hi)| (lo..=hi).contains(&n)) {
        Some(r) => TABLE[r][(n - RANGES[r].0) as usize],
        None => c.nfd().next().filter(char::is_ascii_alphabetic)? as u8,
    };
    (base != 0).then_some(base as char)
}

fn is_tone(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_tables_agree_with_unicode_composition() {
        const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];
        for (tone, mark) in TONES.iter().enumerate() {
            for base in ['a', 'A', 'e', 'E', 'y', 'Y'] {
                let toned: String = [base, *mark].iter().copied().nfc().collect();
                let mut chars = toned.chars();
                let c = chars.next().unwrap();
                assert!(chars.next().is_none(), "{toned}");
                assert_eq!(toned_a_e_y(c), Some((base, tone)), "{toned}");
            }
            for letter in [b'o', b'O', b'u', b'U'] {
                let toned: String = [letter as char, *mark].iter().copied().nfc().collect();
                assert_eq!(with_tone(letter, tone).to_string(), toned);
            }
        }
        for c in ['a', 'ă', 'ắ', 'â', 'ầ', 'ê', 'ế', 'o', 'ó', 'ư', 'Ă'] {
            assert_eq!(toned_a_e_y(c), None, "{c}");
        }
    }

    #[test]
    fn decodes_every_supported_encoding_to_the_same_text() {
        let text = "Hòa bình ở Ukraine\nNgày 11/2";
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        // Windows-1258 spells a toned vowel as the base letter and a combining tone mark.
        let legacy: String = text
            .chars()
            .flat_map(|c| {
                let nfd: Vec<char> = c.nfd().collect();
                match nfd.split_last() {
                    Some((&tone, base)) if is_tone(tone) => {
                        let base: String = base.iter().copied().nfc().collect();
                        base.chars().chain([tone]).collect::<Vec<_>>()
                    }
                    _ => vec![c],
                }
            })
            .collect();
        let (cp1258, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&legacy);
        assert!(!unmappable);
        let nfd: String = text.nfd().collect();
        let cases: Vec<(Vec<u8>, SourceEncoding)> = vec![
            (text.as_bytes().to_vec(), SourceEncoding::Utf8),
            (
                [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
                SourceEncoding::Utf8,
            ),
            (
                text.replace('\n', "\r\n").into_bytes(),
                SourceEncoding::Utf8,
            ),
            (
                format!("{}  \n\n", text.replace('\n', " \t\n")).into_bytes(),
                SourceEncoding::Utf8,
            ),
            (nfd.into_bytes(), SourceEncoding::Utf8),
            (utf16le, SourceEncoding::Utf16Le),
            (utf16be, SourceEncoding::Utf16Be),
            (cp1258.into_owned(), SourceEncoding::Windows1258),
        ];
        for (bytes, encoding) in cases {
            let decoded = decode(&bytes).unwrap();
            assert_eq!(decoded.text, text, "{encoding:?}");
            assert_eq!(decoded.encoding, encoding);
            assert!(!decoded.lossy);
        }
    }

    #[test]
    fn the_fast_nfc_ranges_are_stable() {
        use unicode_normalization::char::canonical_combining_class;
        for c in (0..0x300).chain(0x1EA0..0x1EFA).chain(0x2002..0x20D0) {
            let c = char::from_u32(c).unwrap();
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(
                is_nfc_quick([c].into_iter()),
                unicode_normalization::IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(c.nfc().collect::<String>(), c.to_string(), "{c:?}");
        }
        // The byte-level test agrees with the ranges for every character.
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let stable = matches!(c as u32, 0..=0x2FF | 0x1EA0..=0x1EF9 | 0x2002..=0x20CF);
            assert_eq!(all_stable(&format!("a{c}b")), stable, "{c:?}");
        }
        // Wherever a character falls among the blocks the bytes are tested in.
        for c in [
            'a', 'ờ', 'Ỹ', '€', '–', '\u{300}', '\u{1EFA}', '\u{1E9F}', '\u{20D0}', '😀',
        ] {
            let stable = matches!(c as u32, 0..=0x2FF | 0x1EA0..=0x1EF9 | 0x2002..=0x20CF);
            for before in 0..140 {
                let text = format!("{}{c}{}", "ư".repeat(before / 2), "a".repeat(before % 2));
                assert_eq!(all_stable(&text), stable, "{c:?} after {before}");
                assert_eq!(all_stable(&format!("{text}hòa bình")), stable, "{c:?}");
            }
        }
        assert!(all_stable("") && all_stable("a") && all_stable("ư"));
        assert!(!is_nfc("hoa\u{300}"));
        assert!(is_nfc("hòa “bình” – 5 €"));
    }

    /// Every string of at most `most` of `pieces`, each once.
    fn every_mix(pieces: &[&str], most: usize) -> Vec<String> {
        let mut texts = vec![String::new()];
        for _ in 0..most {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
            texts.sort();
            texts.dedup();
        }
        texts
    }

    #[test]
    fn tidy_text_is_normalised_as_line_by_line() {
        let pieces = [
            "a", " ", "\t", "\n", "\r", "\r\n", "\u{A0}", "\u{3000}", "ờ", "\x0B", "\x0C",
            "\u{85}", "\u{1F}",
        ];
        for text in &every_mix(&pieces, 4) {
            assert_eq!(normalize(text), tidy_lines(text), "{text:?}");
        }
    }

    #[test]
    fn word_characters_are_told_from_the_bytes_as_from_the_characters() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = format!("{c}x");
            assert_eq!(
                word_char_at(&text, 0),
                (c.len_utf8(), is_word_char(c)),
                "{c:?}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_text() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\r\n "), Err(DecodeError::Empty));
        assert_eq!(decode(b"abc\0def"), Err(DecodeError::Binary("NUL bytes")));
        let noise: Vec<u8> = (1u8..32)
            .filter(|b| !b"\n\r\t\x0c".contains(b))
            .cycle()
            .take(500)
            .collect();
        assert_eq!(
            decode(&noise),
            Err(DecodeError::Binary("control characters"))
        );
    }

    #[test]
    fn control_characters_are_counted_as_defined() {
        let plain = |bytes: &[u8]| {
            bytes
                .iter()
                .filter(|&&b| (b < 0x20 && !b"\n\r\t\x0c".contains(&b)) || b == 0x7F)
                .count()
        };
        // Every byte value, at every offset within a block and in the tail.
        for len in [0usize, 1, 31, 32, 33, 64, 100] {
            for b in 0..=255u8 {
                for at in [0, len / 2, len.saturating_sub(1)] {
                    let mut bytes = vec![b'a'; len];
                    if let Some(x) = bytes.get_mut(at) {
                        *x = b;
                    }
                    assert_eq!(c0_controls(&bytes), plain(&bytes), "{len} {b} {at}");
                }
            }
        }
        let text = "Dòng một\nDòng\thai\x01\x7F\r\nba".repeat(20);
        assert_eq!(c0_controls(text.as_bytes()), plain(text.as_bytes()));
    }

    #[test]
    fn invalid_utf8_with_a_bom_is_lossy_not_fatal() {
        let decoded = decode(b"\xEF\xBB\xBFabc\xFF").unwrap();
        assert!(decoded.lossy);
        assert_eq!(decoded.text, "abc\u{FFFD}");
    }

    #[test]
    fn tone_placement_is_made_uniform() {
        let cases = [
            ("hoà bình", "hòa bình"),
            ("Thuỷ điện", "Thủy điện"),
            ("HOÀ", "HÒA"),
            ("khoẻ", "khỏe"),
            ("hòa", "hòa"),
            ("hoàng", "hoàng"),
            ("quý", "quý"),
            ("Quỳnh", "Quỳnh"),
            ("thoả thuận", "thỏa thuận"),
            // Decomposed: the mark written after the letter.
            ("hoa\u{300} bi\u{300}nh", "hòa bình"),
            ("Thuy\u{309}", "Thủy"),
        ];
        // Short texts are read byte by byte, long ones with `memchr`: both alike.
        let padding = "Văn bản dài hơn sáu mươi tư byte để đọc theo cách khác. ";
        for (input, expected) in cases {
            assert_eq!(modern_tone_placement(input), expected, "{input}");
            assert_eq!(
                modern_tone_placement(&format!("{padding}{input}")),
                format!("{padding}{expected}"),
                "{input}"
            );
        }
    }

    /// Regression (found by fuzzing): text that is NFC yet "maybe" to the quick check,
    /// such as a stray combining acute after `x`, made the function call itself forever.
    #[test]
    fn stray_combining_marks_do_not_recurse_forever() {
        assert_eq!(modern_tone_placement("hoà x\u{301}"), "hòa x\u{301}");
    }

    #[test]
    fn fast_case_helpers_agree_with_the_standard_library() {
        for c in (0..0x3000)
            .chain(0x1E00..0x1F00)
            .chain([0xFFFD])
            .filter_map(char::from_u32)
        {
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
            let base = c.nfd().next().filter(char::is_ascii_alphabetic);
            assert_eq!(base_letter(c), base, "{c:?}");
            if let Some(l) = lower_latin(c) {
                assert_eq!(l.to_string(), c.to_lowercase().to_string(), "{c:?}");
            }
            // Every character through the byte-level paths of `lowercase`, after an
            // uppercase letter and alone.
            let text = format!("Ba{c}Đ{c}");
            assert_eq!(lowercase(&text), text.to_lowercase(), "{c:?}");
            assert_eq!(
                lowercase(&c.to_string()),
                c.to_lowercase().to_string(),
                "{c:?}"
            );
            if let Some(same) = lowercase_at_same_offsets(&text) {
                assert_eq!(same, text.to_lowercase(), "{c:?}");
                assert_eq!(same.len(), text.len(), "{c:?}");
            }
        }
        for text in [
            "Hòa Bình ĐÀ NẴNG Ơ Ư",
            "ΟΔΟΣ Σ",
            "İstanbul",
            "plain",
            "MIX of ẠẶẸ and Straße",
        ] {
            assert_eq!(lowercase(text), text.to_lowercase(), "{text}");
        }
        assert!(matches!(lowercase("đã xong"), Cow::Borrowed(_)));
    }

    #[test]
    fn whitespace_is_told_from_the_bytes_as_the_standard_library_tells_it() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let encoded = c.encode_utf8(&mut buf).as_bytes();
            let expected = if c.is_whitespace() { encoded.len() } else { 0 };
            assert_eq!(whitespace_len(encoded, 0), expected, "{c:?}");
            if expected > 0 {
                assert!(MAY_START_WHITESPACE[usize::from(encoded[0])], "{c:?}");
            }
        }
        let text = "  Một\u{a0}hai\u{3000}ba\tbốn\u{2028}năm  ệ\u{85}";
        let words: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(canonical_key(text), words.join(" "));
    }

    #[test]
    fn canonical_key_folds_every_mix_of_words_and_whitespace_as_split_whitespace_does() {
        // Every string of up to five pieces: words of one and of several bytes, and
        // whitespace of one, two and three bytes, alone and in runs.
        let pieces = [
            "a", "ệ", "Đ", " ", "\n", "\t", "\u{a0}", "\u{3000}", "\u{1680}",
        ];
        for text in &every_mix(&pieces, 5) {
            let words: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(canonical_key(text), words.join(" "), "{text:?}");
        }
    }

    #[test]
    fn canonical_key_folds_whitespace_at_every_offset_of_a_long_line() {
        // Each mix inside long runs of words, at every offset from a block's start and
        // end: the blocks passed over at once and those read byte by byte agree with
        // `split_whitespace`. With quotes and dashes, and the whitespace that shares
        // their lead byte.
        let pieces = [
            "a", "ệ", " ", "\n", "\u{a0}", "\u{1680}", "\u{200a}", "\u{2028}", "\u{205f}", "“", "–",
        ];
        for mix in &every_mix(&pieces, 3) {
            for filler in ["ab cd ", "hòa bình "] {
                for before in 0..40 {
                    let text: String = filler.chars().cycle().take(before).collect();
                    let text = format!("{text}{mix}{}", filler.repeat(8));
                    let words: Vec<&str> = text.split_whitespace().collect();
                    assert_eq!(canonical_key(&text), words.join(" "), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn tone_marks_can_move_without_moving_offsets() {
        // `uỳ` → `ùy` is a byte shorter; `uỷ` → `ủy` is not.
        let text = "Thuỳ Linh, uỷ ban";
        assert_eq!(modern_tone_placement(text), "Thùy Linh, ủy ban");
        let (same, whole) = modern_tone_placement_at_same_offsets(text);
        assert_eq!(same, "Thuỳ Linh, ủy ban");
        assert!(!whole);
        assert_eq!(
            modern_tone_placement_at_same_offsets("Thuỷ Linh, uỷ ban"),
            (Cow::Owned("Thủy Linh, ủy ban".to_owned()), true)
        );
        assert_eq!(
            modern_tone_placement_at_same_offsets("hòa bình"),
            (Cow::Borrowed("hòa bình"), true)
        );
        // `hoa` + U+0300: composed, so no longer at the same offsets.
        assert!(!modern_tone_placement_at_same_offsets("hoa\u{300}").1);
        assert_eq!(same.len(), text.len());
    }

    #[test]
    fn canonical_key_ignores_wrapping_and_tone_placement() {
        let a = canonical_key("Thỏa thuận hòa bình\n\n  được   ký kết.\n");
        let b = canonical_key("Thoả thuận  hoà bình\nđược ký kết.");
        assert_eq!(a, "Thỏa thuận hòa bình được ký kết.");
        assert_eq!(a, b);
    }
}
