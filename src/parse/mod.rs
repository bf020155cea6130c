//! The parse stage: decoded article text to its structure (headline, publication date,
//! outlet, authors, cited sources and a clean body).
//!
//! Plain-text news copies carry a metadata line, a dateline, a byline, photo captions,
//! source lines, an end mark and, in web copies, a tail of share buttons, related-article
//! lists and copyright lines. Metadata goes to its fields; boilerplate goes nowhere.
//! Every rule here is about the shape of a line, never about one outlet's words alone.

use std::sync::LazyLock;

use regex::Regex;

mod html;

pub use html::parse_html;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedArticle {
    pub title: Option<String>,
    /// ISO date (`2025-02-26`) or local date-time (`2025-02-26T16:39`).
    pub published: Option<String>,
    pub outlet: Option<String>,
    /// The place a wire copy was filed from, in its dateline (`Tokyo (TTXVN) -`).
    pub dateline: Option<String>,
    pub authors: Vec<String>,
    pub sources: Vec<String>,
    /// Paragraphs separated by a blank line.
    pub body: String,
}

macro_rules! re {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($re).unwrap());
    };
}

// ` date 2026-02-11 rest…`: a metadata line some exports put first.
re!(
    META_LINE,
    r"^date\s+(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}:\d{2}))?\b\s*"
);
// `(VTC News) - ` opening the first paragraph, after the place it was filed from in
// wire style: `Tokyo (TTXVN) - `, `TP.HCM (TTXVN) - `, `New York (Reuters) - `; or a
// site's name without brackets: `VOV.VN - `.
re!(
    DATELINE,
    r"^(?:(?P<place>\p{Lu}[\p{L}\p{M}.]*(?:\s\p{Lu}[\p{L}\p{M}.]*){0,3})\s+)?(?:\((?P<outlet>[^()]{2,40})\)|(?P<site>\p{Lu}[\p{L}0-9&]*(?:\.(?:vn|VN|com|net|org|tv|TV)){1,2}))\s*[-–—]\s*"
);
// A byline with a date and a time, possibly glued to a label: `author26/02/2025 16:39`;
// the time may come first: `Cập nhật: 09:05 ngày 28/11/2025`.
re!(
    BYLINE,
    r"^(?P<who>\D{0,40}?)\s*(?:(?P<h0>\d{1,2}):(?P<m0>\d{2})\s*[-,|]?\s*(?:ngày\s+)?)?(?P<d>\d{1,2})/(?P<mo>\d{1,2})/(?P<y>\d{4})(?:\s*[-,|]?\s*(?P<h>\d{1,2}):(?P<m>\d{2}))?\s*(?:\(?\s*GMT\s*[+-]?\s*\d{0,2}\s*\)?)?$"
);
// The owner in a copyright line.
re!(
    COPYRIGHT_OWNER,
    r"^(?:(?:[®©]|\(c\)|Copyright|Bản quyền(?: thuộc về)?)\s*)+(?:\d{4}(?:\s*[-–]\s*\d{4})?\s+)?(?P<name>[^,.]+(?:\.[^\s,.][^,.]*)*)"
);
re!(
    LEGAL_SUFFIX,
    r"(?i)\s+(?:z\.s|s\.r\.o|jsc|ltd|co|inc|corp)\.?$"
);
// A name: one to five capitalised words.
re!(
    NAME,
    r"^(?:\p{Lu}[\p{Ll}\p{M}]*\s+){0,4}\p{Lu}[\p{Ll}\p{M}]*$"
);
// `Nguồn: TTXVN`, `Theo Reuters`, `Theo TTXVN./.` on a line of their own: short
// capitalised names (five words at most), separated by commas.
re!(
    SOURCE_LINE,
    r"^(?:(?:Nguồn|Theo|Source)\s*:?\s*(\p{Lu}[^\s.!?,]*(?:\s[^\s.!?,]+){0,4}(?:,\s*\p{Lu}[^\s.!?,]*(?:\s[^\s.!?,]+){0,4})*)|Nguồn\s*:\s*(\p{Lu}[^\s.!?,]*(?:\s[^\s.!?,]+){0,11}))\.?$"
);
// `Huyền Lê (Theo Reuters)`: a closing author line, with its source.
re!(
    AUTHOR_LINE,
    r"^((?:\p{Lu}[\p{Ll}\p{M}]*\.?\s+){0,4}\p{Lu}[\p{Ll}\p{M}]*)(?:\s*/\s*\p{Lu}[\p{L}0-9&.]{1,30})?\s*(?:\((?:Theo|Nguồn:?)\s+([^)]{2,60})\)|\((?i:tổng hợp|th|t/h)\))?$"
);
// Photo captions: `… (Ảnh: Getty)`, `… Ảnh: AFP/TTXVN`, `Chú thích ảnh`.
re!(
    CAPTION,
    r"(?:\((?:Ảnh|Nguồn ảnh|Photo)\s*:[^)]{1,60}\)\.?|(?:^|[.!?]\s+)(?:Ảnh|Photo)\s*:\s*[^.!?]{1,60}\.?)$"
);
re!(
    CAPTION_LABEL,
    r"^(?:Chú thích ảnh|Ảnh minh họa|Ảnh minh hoạ)\.?$"
);
// An image file name standing alone: `hop-4055.webp`, `Ảnh màn hình 2025-02-27 lúc 19.54.13.png`.
re!(
    IMAGE_FILE,
    r"(?i)^[^\n]{1,120}\.(?:jpe?g|png|gif|webp|jfif|avif|bmp|svg)$"
);
// Social-media furniture: a row of hashtags, a call to action behind a pointing
// emoji (`👉 Theo dõi trang để cập nhật…`).
re!(HASHTAGS, r"^(?:#[\p{L}\p{N}_]+\s*)+$");
re!(CALL_TO_ACTION, r"^[👉👇➡️🔗📌🔔⏩▶️]+\s*\S");
// A link to another article inside the body: `Đọc thêm: Những ca ghép tạng…`.
re!(
    READ_MORE,
    r"(?i)^(?:đọc thêm|xem thêm|xem tiếp|tin liên quan|bài liên quan|read more)\s*[:>»–-]\s*\S"
);
// Relative times and bare dates of a related-article list: `5 phút trước`, `28-02-2025`.
re!(
    RELATIVE_TIME,
    r"^\d{1,3}\s+(?:giây|phút|giờ|ngày|tuần|tháng|năm)\s+trước$"
);
re!(BARE_DATE, r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$");
// Share buttons and lone navigation words, alone or in a row, with their counts and
// icons: `Chia sẻ Facebook Zalo`, `Chia sẻ   Bình luận (12)`, `👍 Thích 125 | 💬 Bình luận 18`.
re!(
    SHARE,
    r"(?i)^(?:[^\p{L}\p{N}\s]{0,3}\s*(?:chia sẻ|share|tweet|facebook|zalo|twitter|email|in bài|bình luận|thích|like|lưu|copy link|sao chép link|pencil)\s*(?:\(\d{1,6}\)|\d{1,6})?\s*[:|·]?\s*)+$"
);
// A weekday opening a byline: `Thứ Bảy, 12/07/2025 08:15` names no author.
re!(
    WEEKDAY,
    r"(?i)^(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|cn|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$"
);
// Where the article ends and the page's tail begins.
re!(
    TAIL_START,
    r"(?i)^(?:chia sẻ\s*:?|có thể bạn cũng thích|có thể bạn quan tâm|tin liên quan|bài liên quan|tin cùng chuyên mục|xem thêm|đọc thêm|tin nổi bật|tin mới nhất|đọc nhiều nhất|related articles?|top stories)\s*:?$"
);
// Copyright and reprint notices.
re!(
    COPYRIGHT,
    r"(?i)(?:^[®©]|bản quyền|copyright|cấm sao chép|ghi rõ nguồn|all rights reserved)"
);
// A category breadcrumb under the headline: `Tin nổi bật, Tin thế giới`, `Thể thao > Bóng đá`.
re!(
    CATEGORY,
    r"^\p{Lu}[^.!?:,>/|]{1,30}(?:\s*[,>/|»]\s*\p{Lu}[^.!?:,>/|]{1,30})+$"
);
// `./.`: the end mark of Vietnamese wire copy.
re!(END_MARK, r"\s*\./\.\s*$");

/// Parses normalised article text. Never fails: a field that is not found is empty.
pub fn parse(text: &str) -> ParsedArticle {
    let mut article = ParsedArticle::default();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut body: Vec<&str> = Vec::with_capacity(lines.len());
    let mut rest = lines.iter().copied().enumerate().peekable();

    // Above the headline, the page's furniture: a section path (`Thể thao | Bóng đá`),
    // a section's name alone (`Thể thao`), a row of share buttons. Passed over when a
    // headline follows it.
    let furniture = |l: &str| is_section_path(l) || is_section_name(l) || is_boilerplate(l);
    let first = lines
        .iter()
        .position(|l| !furniture(l))
        .unwrap_or(lines.len());
    if first > 0 && lines.get(first).is_some_and(|l| looks_like_headline(l)) {
        // At most six lines of it.
        for _ in 0..first.min(6) {
            rest.next();
        }
    }
    // The header: a metadata line, a headline, a breadcrumb, a byline, a dateline.
    let header = rest.peek().map_or(0, |&(i, _)| i);
    if let Some(&(_, first)) = rest.peek() {
        let mut line = first;
        if let Some(m) = META_LINE.captures(first) {
            article.published = Some(match m.get(2) {
                Some(time) => format!("{}T{:0>5}", &m[1], time.as_str()),
                None => m[1].to_owned(),
            });
            // The rest of the line, not captured: the capturing engine would walk it.
            line = &first[m.get(0).map_or(first.len(), |m| m.end())..];
            rest.next();
            if let Some(d) = dateline(line) {
                article.outlet = Some(d.outlet.to_owned());
                article.dateline = d.place.map(str::to_owned);
                line = &line[d.end..];
            }
            if !line.is_empty() && !is_tag_list(line) {
                if looks_like_headline(line) && lines.len() > 1 {
                    article.title = Some(headline(line));
                } else {
                    body.push(line);
                }
            }
            // The headline may stand on the line after the metadata line.
            if article.title.is_none()
                && body.is_empty()
                && let Some(&(i, next)) = rest.peek()
                && looks_like_headline(next)
                && i + 1 < lines.len()
            {
                article.title = Some(headline(next));
                rest.next();
            }
        } else if looks_like_headline(line) && lines.len() > 1 {
            article.title = Some(headline(line));
            rest.next();
        }
    }
    // Right under a headline: a breadcrumb and a byline, in either order.
    while article.title.is_some() && body.is_empty() {
        let Some(&(i, line)) = rest.peek() else { break };
        if i > header + 3 {
            break;
        }
        // A relative time or a share row under the headline is the page's; the
        // dateline may follow it.
        if is_breadcrumb(line) || is_boilerplate(line) {
            rest.next();
        } else if let Some((author, date)) = byline(line) {
            article.published.get_or_insert(date);
            article.authors.extend(author);
            rest.next();
        } else {
            break;
        }
    }
    body.extend(rest.map(|(_, l)| l));
    // The first paragraph may open with the outlet's dateline: `(Dân trí) - `.
    if let Some(first) = body.first_mut()
        && let Some(d) = dateline(first)
    {
        if article.outlet.is_none() {
            article.outlet = Some(d.outlet.to_owned());
        }
        article.dateline = d.place.map(str::to_owned);
        *first = &first[d.end..];
    }
    clean_body(&mut article, &body);
    article
}

/// The body rules shared by text and HTML: the page tail is cut (its copyright line
/// may name the outlet), boilerplate and captions are dropped, source lines go to
/// `sources`, a closing author line to `authors`, and the wire end mark `./.` goes.
pub(crate) fn clean_body(article: &mut ParsedArticle, lines: &[&str]) {
    let mut lines = lines.to_vec();
    // Above the article's first paragraph, a share row, a `Tin liên quan` or a
    // copyright line is the page's header, not the start of its tail: dropped (the
    // copyright line may name the outlet).
    let first_text = lines
        .iter()
        .position(|l| {
            !(l.is_empty() || is_boilerplate(l) || TAIL_START.is_match(l) || is_copyright_notice(l))
        })
        .unwrap_or(lines.len());
    if article.outlet.is_none() {
        article.outlet = lines[..first_text]
            .iter()
            .find_map(|l| outlet_from_copyright(l));
    }
    lines.drain(..first_text);
    if let Some(end) = lines
        .iter()
        .position(|l| (l.len() <= 64 && TAIL_START.is_match(l)) || is_copyright_notice(l))
    {
        if article.outlet.is_none() {
            article.outlet = lines[end..].iter().find_map(|l| outlet_from_copyright(l));
        }
        // `Nguồn: …` after a related-article list still names the article's source.
        for line in &lines[end..] {
            let line = line.trim();
            if line.starts_with("Nguồn") {
                take_source_line(article, line);
            }
        }
        lines.truncate(end);
    }
    let mut paragraphs: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        let line = if line.contains("./.") {
            END_MARK.replace(line, ".")
        } else {
            line.into()
        };
        let line = line.trim_end_matches("..").trim();
        if line.is_empty() || is_boilerplate(line) || is_caption(line) {
            continue;
        }
        if take_source_line(article, line) {
            continue;
        }
        paragraphs.push(line.to_owned());
    }
    // A short closing line with a name (and maybe its sources) is the author.
    if let Some(last) = paragraphs.last()
        && take_author_line(article, last)
    {
        paragraphs.pop();
    }
    article.body = paragraphs.join("\n\n");
}

/// Reads a source line into the article's sources, if `line` is one: a list (`Theo
/// Reuters, AFP`, `Theo TTXVN/Vietnam+`), or after `Nguồn:` one long name (`Trung tâm Dự
/// báo khí tượng thủy văn quốc gia`). The pattern's capturing engine runs only on lines
/// that open as a source line.
fn take_source_line(article: &mut ParsedArticle, line: &str) -> bool {
    if !["Nguồn", "Theo", "Source"]
        .iter()
        .any(|w| line.starts_with(w))
    {
        return false;
    }
    let Some(m) = SOURCE_LINE.captures(line) else {
        return false;
    };
    let named = m.get(1).or(m.get(2)).map_or("", |n| n.as_str());
    for source in named.trim_end_matches('.').split([',', '/']) {
        push_unique(&mut article.sources, source.trim());
    }
    true
}

/// A dateline opening a paragraph: the place the copy was filed from, if named, the
/// outlet (`(Dân trí) -`, `VOV.VN -`), and where the text after it starts.
#[derive(Debug, PartialEq)]
struct Dateline<'a> {
    place: Option<&'a str>,
    outlet: &'a str,
    end: usize,
}

/// [`DATELINE`]'s match, read into its parts by hand: the pattern's capturing engine
/// costs tens of thousands of instructions on a paragraph (its Unicode classes make a
/// large automaton), where the match alone is found by the DFA. The match ends with a
/// dash; before it stands the outlet in parentheses or a site's name, which holds no
/// space, and before that the place, if any.
fn dateline(line: &str) -> Option<Dateline<'_>> {
    let m = DATELINE.find(line)?;
    let head = m
        .as_str()
        .trim_end()
        .strip_suffix(['-', '–', '—'])?
        .trim_end();
    let (place, outlet) = match head.strip_suffix(')') {
        Some(inner) => {
            let open = inner.rfind('(')?;
            (&head[..open], &inner[open + 1..])
        }
        None => {
            let start = head
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
            (&head[..start], &head[start..])
        }
    };
    let place = place.trim_end();
    Some(Dateline {
        place: (!place.is_empty()).then_some(place),
        outlet: outlet.trim(),
        end: m.end(),
    })
}

/// `® 2020-2025 TAMDA MEDIA z.s. Cấm sao chép…` names its owner.
fn outlet_from_copyright(line: &str) -> Option<String> {
    let m = COPYRIGHT_OWNER.captures(line)?;
    let name = LEGAL_SUFFIX.replace(m["name"].trim(), "").trim().to_owned();
    (name.chars().count() >= 2 && name.chars().any(char::is_alphabetic)).then_some(name)
}

/// A headline without the emoji that decorate it on social media (`❄️ KHÔNG KHÍ LẠNH… ❄️`).
fn headline(line: &str) -> String {
    let decoration = |c: char| {
        c.is_whitespace()
            || c == '\u{fe0f}'
            || c == '\u{200d}'
            || (c > '\u{2000}' && !c.is_alphanumeric() && !"“”‘’…–—\"'".contains(c))
    };
    line.trim_matches(decoration).to_owned()
}

/// Tags or a category slug after an export's metadata line (`chung khoan`,
/// `the-thao, bong-da`): a few words of unaccented lowercase ASCII, which Vietnamese prose
/// never is for long.
fn is_tag_list(line: &str) -> bool {
    line.split_whitespace().count() <= 6
        && line
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b" -_/,;|".contains(&b))
}

/// A headline is a short line that is not a sentence, a caption or a byline.
fn looks_like_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (3..=30).contains(&words)
        && !line.ends_with(['.', ':', ',', ';'])
        && (!line.starts_with(['"', '“', '‘', '-', '(']) || opens_with_a_quoted_name(line))
        && !line.starts_with(['©', '®'])
        && !is_caption(line)
        && !is_byline(line)
}

fn is_byline(line: &str) -> bool {
    could_be_byline(line) && BYLINE.is_match(line)
}

/// A cheap test that rules out nearly every line before the byline pattern runs: the
/// last `/` of a byline is its date's, after at most 40 characters of name and a day and
/// a month, and before no more than a year, a time and a time zone.
fn could_be_byline(line: &str) -> bool {
    line.rfind('/')
        .is_some_and(|slash| slash <= 200 && line.len() - slash <= 48)
}

/// A line opening with a short quoted name that the sentence goes on after: a film's
/// or a book's title in a headline (`"Mưa đỏ" vượt mốc 700 tỷ đồng`), not a quote.
fn opens_with_a_quoted_name(line: &str) -> bool {
    let Some(open) = line.chars().next().filter(|c| matches!(c, '"' | '“' | '‘')) else {
        return false;
    };
    let close = match open {
        '“' => '”',
        '‘' => '’',
        _ => '"',
    };
    let rest = &line[open.len_utf8()..];
    rest.find(close).is_some_and(|end| {
        let name = &rest[..end];
        let after = &rest[end + close.len_utf8()..];
        (1..=6).contains(&name.split_whitespace().count())
            && name.starts_with(char::is_uppercase)
            && after.starts_with(' ')
            && after.split_whitespace().count() >= 2
    })
}

fn is_breadcrumb(line: &str) -> bool {
    line.split_whitespace().count() <= 10 && CATEGORY.is_match(line)
}

/// A copyright or reprint notice: a line of its own (a paragraph that mentions `bản
/// quyền`, a story about copyright, is the article's).
fn is_copyright_notice(line: &str) -> bool {
    line.len() <= 200 && COPYRIGHT.is_match(line)
}

/// A section's name alone, as a page prints it above the headline: one to three
/// words, the first capitalised, no digit and no punctuation (`Thể thao`, `Thời sự`).
fn is_section_name(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=3).contains(&words)
        && line.starts_with(char::is_uppercase)
        && line.chars().all(|c| c.is_alphabetic() || c == ' ')
}

/// A breadcrumb with a path separator: above a headline, a comma alone could be a
/// headline's own (`Nga, Mỹ nối lại đàm phán`).
fn is_section_path(line: &str) -> bool {
    line.contains(['|', '>', '»', '/']) && is_breadcrumb(line)
}

/// One to five capitalised words, as a person's name is written.
fn is_name(line: &str) -> bool {
    NAME.is_match(line) && !WEEKDAY.is_match(line)
}

/// A byline's author (when it names one) and its date or date-time.
fn byline(line: &str) -> Option<(Option<String>, String)> {
    if !could_be_byline(line) {
        return None;
    }
    let m = BYLINE.captures(line)?;
    let (day, month, year): (u32, u32, i32) = (
        m["d"].parse().ok()?,
        m["mo"].parse().ok()?,
        m["y"].parse().ok()?,
    );
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    let time = match (m.name("h"), m.name("m")) {
        (Some(h), Some(min)) => Some((h, min)),
        _ => m.name("h0").zip(m.name("m0")),
    };
    let when = match time.unzip() {
        (Some(h), Some(min)) => {
            let (h, min): (u32, u32) = (h.as_str().parse().ok()?, min.as_str().parse().ok()?);
            date.and_hms_opt(h, min, 0)?
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        }
        _ => date.format("%Y-%m-%d").to_string(),
    };
    let who = m["who"]
        .trim()
        .trim_end_matches(['-', '|', ',', '·'])
        .trim();
    let author = (NAME.is_match(who) && !WEEKDAY.is_match(who)).then(|| who.to_owned());
    Some((author, when))
}

/// Each test first checks what its pattern cannot match without (a length, a first
/// digit, a dot), which rules out nearly every line of prose cheaply.
fn is_boilerplate(line: &str) -> bool {
    let short = line.len() <= 80;
    let digit = line.starts_with(|c: char| c.is_ascii_digit());
    (short && CAPTION_LABEL.is_match(line))
        || (line.len() <= 600 && ends_in_image_extension(line) && IMAGE_FILE.is_match(line))
        || (digit && short && (RELATIVE_TIME.is_match(line) || BARE_DATE.is_match(line)))
        || (short && SHARE.is_match(line))
        || (line.len() <= 240 && READ_MORE.is_match(line))
        || (line.starts_with('#') && HASHTAGS.is_match(line))
        || (line.len() <= 200 && !line.is_ascii() && CALL_TO_ACTION.is_match(line))
}

/// What [`IMAGE_FILE`] cannot match without, told cheaply: the line ends in a dot and an
/// image's extension (a non-ASCII one is left to the pattern, whose case folding knows
/// more than ASCII's).
fn ends_in_image_extension(line: &str) -> bool {
    const EXTENSIONS: [&str; 9] = [
        "jpg", "jpeg", "png", "gif", "webp", "jfif", "avif", "bmp", "svg",
    ];
    // Four letters at most, each at most three bytes even when case-folded (`K`).
    line.rsplit_once('.').is_some_and(|(_, ext)| {
        ext.len() <= 12
            && (!ext.is_ascii() || EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
    })
}

fn is_caption(line: &str) -> bool {
    // A caption's label (`Ảnh`, `Nguồn ảnh`, `Photo`) stands in its last 60 characters
    // or so: looked for in the line's tail first, as `ảnh hưởng` fills long paragraphs.
    // The labels' searchers are built once: `str::contains` sets one up on every call.
    static LABELS: LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        LazyLock::new(|| ["Ảnh", "Nguồn ảnh", "Photo"].map(memchr::memmem::Finder::new));
    let tail = &line[line.floor_char_boundary(line.len().saturating_sub(CAPTION_TAIL))..];
    LABELS.iter().any(|f| f.find(tail.as_bytes()).is_some()) && CAPTION.is_match(line)
}

/// How far from a line's end a caption's label can start, in bytes: the label, its
/// colon and 60 characters of up to four bytes, with room to spare.
const CAPTION_TAIL: usize = 320;

/// Reads `Huyền Lê (Theo Reuters)` into the article's authors and sources, if `line`
/// is such a line; a page's `<meta>` may have named the same author already.
pub(crate) fn take_author_line(article: &mut ParsedArticle, line: &str) -> bool {
    if !could_be_author_line(line) || !AUTHOR_LINE.is_match(line) {
        return false;
    }
    // The line is an author line: its parts are read from it directly, as the pattern's
    // capturing engine costs tens of thousands of instructions even on a short line
    // (its Unicode classes make a large automaton). The name runs to a slash or a
    // parenthesis; the sources are what follows `Theo` or `Nguồn:` in the parenthesis.
    let name_end = line.find(['/', '(']).unwrap_or(line.len());
    let name = line[..name_end].trim_end();
    let sources = line[name_end..]
        .find('(')
        .and_then(|open| line[name_end + open + 1..].strip_suffix(')'))
        .and_then(|inner| {
            inner.strip_prefix("Theo").or_else(|| {
                inner
                    .strip_prefix("Nguồn")
                    .map(|r| r.strip_prefix(':').unwrap_or(r))
            })
        })
        .map(str::trim_start);
    if sources.is_none() && line.split_whitespace().count() > 4 {
        return false;
    }
    push_unique(&mut article.authors, name);
    for source in sources.unwrap_or("").split(',') {
        if !source.trim().is_empty() {
            push_unique(&mut article.sources, source.trim());
        }
    }
    true
}

/// What an author line cannot do without, tested before its pattern's capturing engine
/// runs on an article's last paragraph: before any parenthesis, at most five capitalised
/// words of name and a site after a slash (`Thanh Hà/VOV.VN`, `Minh Anh / VOV`).
fn could_be_author_line(line: &str) -> bool {
    let head = line.split('(').next().unwrap_or(line);
    let mut words = head.split_whitespace();
    words
        .by_ref()
        .take(8)
        .all(|w| w.starts_with(char::is_uppercase) || w.starts_with('/'))
        && words.next().is_none()
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_read_by_hand_are_the_patterns_captures() {
        fn by_pattern(line: &str) -> Option<Dateline<'_>> {
            DATELINE.captures(line).map(|m| Dateline {
                place: m.name("place").map(|p| p.as_str()),
                outlet: m.name("outlet").or(m.name("site")).unwrap().as_str().trim(),
                end: m.get(0).unwrap().end(),
            })
        }
        let mut lines: Vec<String> = [
            "(VTC News) - Sáng nay",
            "HÀ NỘI (TTXVN) – Chiều 5/3",
            "Hà Nội VOV.VN - Hôm nay",
            "VOV.VN -Tin",
            "Dân trí.com.vn — Tin",
            "Moskva ( RIA Novosti ) -  Tin",
            "TP.HCM (Dân trí)-",
            "(A) - quá ngắn",
            "Washington D.C. (AP) - Tin",
            "Một Hai Ba Bốn Năm (X News) - quá nhiều chữ",
            "Không phải dateline - chỉ là câu.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every paragraph of the seeds and of every labelled file.
        for text in crate::sample_texts() {
            lines.extend(text.lines().map(|l| l.trim().to_owned()));
        }
        let mut matched = 0;
        for line in &lines {
            let expected = by_pattern(line);
            matched += usize::from(expected.is_some());
            assert_eq!(dateline(line), expected, "{line}");
        }
        assert!(matched >= 20, "{matched} datelines");
    }

    #[test]
    fn metadata_line_dateline_and_caption() {
        let text = " date 2026-02-11 (VTC News) -\n\nNgày 11/2, ông A nói.\n\nÔng B. (Ảnh: Getty)\n\nĐoạn cuối./.";
        let a = parse(text.trim());
        assert_eq!(a.published.as_deref(), Some("2026-02-11"));
        assert_eq!(a.outlet.as_deref(), Some("VTC News"));
        assert_eq!(a.title, None);
        assert_eq!(a.body, "Ngày 11/2, ông A nói.\n\nĐoạn cuối.");
    }

    #[test]
    fn metadata_line_followed_by_a_paragraph_keeps_it_in_the_body() {
        let a = parse("date 2025-12-06 Theo Reuters, Bộ Ngoại giao Mỹ cho biết.\n\nĐoạn hai.");
        assert_eq!(a.published.as_deref(), Some("2025-12-06"));
        assert_eq!(a.title, None);
        assert_eq!(
            a.body,
            "Theo Reuters, Bộ Ngoại giao Mỹ cho biết.\n\nĐoạn hai."
        );
    }

    #[test]
    fn metadata_line_with_tags_then_the_headline() {
        let a = parse(
            "date 2025-12-04 chung khoan, tai chinh\n\nVN-Index vượt mốc 1.750 điểm\n\n\
             Thị trường tăng điểm.\n\nĐoạn hai.",
        );
        assert_eq!(a.published.as_deref(), Some("2025-12-04"));
        assert_eq!(a.title.as_deref(), Some("VN-Index vượt mốc 1.750 điểm"));
        assert_eq!(a.body, "Thị trường tăng điểm.\n\nĐoạn hai.");
        // Lowercase words with their accents are text, not tags.
        let a = parse("date 2025-12-04 chứng khoán tăng.\n\nĐoạn hai.");
        assert_eq!(a.body, "chứng khoán tăng.\n\nĐoạn hai.");
    }

    #[test]
    fn a_relative_time_and_a_share_row_with_icons_before_the_dateline() {
        let a = parse(
            "🔥 Giá sầu riêng giảm mạnh 🔥\n2 giờ trước\n👍 Thích 125 | 💬 Bình luận 18 | ↗ Chia sẻ\n\
             (Thanh Niên) - Giá sầu riêng giảm.\n\nĐoạn hai.",
        );
        assert_eq!(a.title.as_deref(), Some("Giá sầu riêng giảm mạnh"));
        assert_eq!(a.outlet.as_deref(), Some("Thanh Niên"));
        assert_eq!(a.published, None);
        assert_eq!(a.body, "Giá sầu riêng giảm.\n\nĐoạn hai.");
    }

    #[test]
    fn a_site_s_dateline_and_an_author_line_with_the_site_and_its_sources() {
        let a = parse(
            "Ông A nhậm chức\n\nVOV.VN - Ông A ngày 14/3 nhậm chức.\n\nĐoạn hai.\n\nThanh Hà/VOV.VN (Theo Reuters, CBC)",
        );
        assert_eq!(a.outlet.as_deref(), Some("VOV.VN"));
        assert_eq!(a.authors, ["Thanh Hà"]);
        assert_eq!(a.sources, ["Reuters", "CBC"]);
        assert_eq!(a.body, "Ông A ngày 14/3 nhậm chức.\n\nĐoạn hai.");
        // A city's abbreviation is no site.
        let a = parse("Tin nhanh trong ngày\n\nTP.HCM - Mưa lớn kéo dài.");
        assert_eq!(a.outlet, None);
    }

    #[test]
    fn an_inline_read_more_link_and_a_compiler_s_author_line() {
        let a = parse(
            "Tiêu đề của bài viết\n\nĐoạn một.\n\nĐọc thêm: Những ca ghép tạng kỷ lục\n\nĐoạn hai.\n\nMinh Khôi (tổng hợp)",
        );
        assert_eq!(a.body, "Đoạn một.\n\nĐoạn hai.");
        assert_eq!(a.authors, ["Minh Khôi"]);
    }

    #[test]
    fn a_social_media_post_s_emoji_hashtags_and_call_to_action() {
        let a = parse(
            "❄️ KHÔNG KHÍ LẠNH TĂNG CƯỜNG ❄️\n\nĐoạn một.\n\n👉 Theo dõi trang để cập nhật!\n#thoitiet #hanoi\nNguồn: Trung tâm Dự báo khí tượng thủy văn quốc gia",
        );
        assert_eq!(a.title.as_deref(), Some("KHÔNG KHÍ LẠNH TĂNG CƯỜNG"));
        assert_eq!(a.body, "Đoạn một.");
        assert_eq!(a.sources, ["Trung tâm Dự báo khí tượng thủy văn quốc gia"]);
    }

    #[test]
    fn headline_byline_sources_and_web_tail() {
        let text = "Mỹ và Nga tiếp tục đàm phán về Ukraine\nTin nổi bật, Tin thế giới\nauthor26/02/2025 16:39\n\n\
            Đoạn một của bài.\n\nChú thích ảnh\nNgoại trưởng A. Ảnh: AFP/TTXVN\n\nĐoạn hai.\n\nNguồn: TTXVN\n\n\
            Chia sẻ:\nCó thể bạn cũng thích\nhop-1.webp\nTin khác ở Nepal\n28-02-2025\n® 2020 Báo X";
        let a = parse(text);
        assert_eq!(
            a.title.as_deref(),
            Some("Mỹ và Nga tiếp tục đàm phán về Ukraine")
        );
        assert_eq!(a.published.as_deref(), Some("2025-02-26T16:39"));
        assert_eq!(a.sources, ["TTXVN"]);
        assert_eq!(a.body, "Đoạn một của bài.\n\nĐoạn hai.");
    }

    #[test]
    fn section_name_and_share_row_above_the_headline() {
        // The page's furniture above the headline; the byline three lines under it.
        let text = "Thể thao\nChia sẻ\nFacebook\nZalo\nĐội A thắng đội B ở vòng 5\n\
            20/11/2025 21:05 GMT+7\nĐoạn một.\n\nĐoạn hai.\nTin liên quan\nĐội C thua 2 giờ trước";
        let a = parse(text);
        assert_eq!(a.title.as_deref(), Some("Đội A thắng đội B ở vòng 5"));
        assert_eq!(a.published.as_deref(), Some("2025-11-20T21:05"));
        assert_eq!(a.body, "Đoạn một.\n\nĐoạn hai.");
        // Without a headline after it, a share row at the top is dropped, and the page's
        // tail starts only after the article's first paragraph.
        let a = parse(
            "Chia sẻ\nĐoạn một, không phải tiêu đề, dài hơn một dòng tít.\nChia sẻ\nTin khác",
        );
        assert_eq!(
            a.body,
            "Đoạn một, không phải tiêu đề, dài hơn một dòng tít."
        );
        // A copyright line above the article, or right under its headline, names the
        // outlet and cuts nothing.
        for text in [
            "© 2025 Báo X\nĐoạn một, không phải tiêu đề, dài hơn một dòng tít.\nĐoạn hai.",
            "Đội A thắng đội B ở vòng 5\n© 2025 Báo X\nĐoạn một, không phải tiêu đề, dài hơn một dòng tít.\nĐoạn hai.",
        ] {
            let a = parse(text);
            assert_eq!(a.outlet.as_deref(), Some("Báo X"), "{text}");
            assert_eq!(
                a.body, "Đoạn một, không phải tiêu đề, dài hơn một dòng tít.\n\nĐoạn hai.",
                "{text}"
            );
        }
        // A paragraph about copyright is the article's; a notice on its own line ends it.
        let a = parse(
            "Đoạn một.\nCục Bản quyền tác giả cho biết nhiều trang web vẫn đăng lại phim \
             mà không xin phép, dù luật đã quy định rõ mức phạt với hành vi vi phạm bản quyền \
             trên mạng.\nĐoạn ba.\n© 2025 Báo X. Ghi rõ nguồn khi phát hành lại.",
        );
        assert!(a.body.ends_with("trên mạng.\n\nĐoạn ba."), "{}", a.body);
        assert_eq!(a.outlet.as_deref(), Some("Báo X"));
        // A short line that is no section's name stays where it is.
        let a = parse("Hà Nội: 25 độ\nĐội A thắng đội B ở vòng 5\n\nĐoạn một.");
        assert_ne!(a.title.as_deref(), Some("Đội A thắng đội B ở vòng 5"));
    }

    #[test]
    fn section_path_above_the_headline_weekday_byline_and_share_row() {
        let text = "Thể thao | Bóng đá\nĐội A thắng đội B ở vòng 5\nThứ Hai, 29/09/2025 21:40 (GMT+7)\n\
            Chia sẻ Facebook Zalo\nChia sẻ   Bình luận (12)\nĐoạn một.\nCopyright © 2025. Ghi rõ nguồn khi phát hành lại.";
        let a = parse(text);
        assert_eq!(a.title.as_deref(), Some("Đội A thắng đội B ở vòng 5"));
        assert_eq!(a.published.as_deref(), Some("2025-09-29T21:40"));
        assert!(a.authors.is_empty(), "{:?}", a.authors);
        assert_eq!(a.outlet, None);
        assert_eq!(a.body, "Đoạn một.");
        // A comma alone does not make a headline a section path.
        let a = parse("Nga, Mỹ nối lại đàm phán\nMỹ và Nga họp tại Riyadh hôm nay\n\nĐoạn một.");
        assert_eq!(a.title.as_deref(), Some("Nga, Mỹ nối lại đàm phán"));
    }

    #[test]
    fn a_wire_dateline_names_the_place_then_the_outlet() {
        for (first, outlet, place) in [
            (
                "Tokyo (TTXVN) - Liên minh cầm quyền thua.",
                "TTXVN",
                Some("Tokyo"),
            ),
            (
                "TP.HCM (TTXVN) - Liên minh cầm quyền thua.",
                "TTXVN",
                Some("TP.HCM"),
            ),
            (
                "New York (Reuters) – Liên minh cầm quyền thua.",
                "Reuters",
                Some("New York"),
            ),
            ("(Dân trí) - Liên minh cầm quyền thua.", "Dân trí", None),
        ] {
            let a = parse(&format!("Tiêu đề của một bài báo\n\n{first}\n\nĐoạn hai."));
            assert_eq!(a.outlet.as_deref(), Some(outlet), "{first}");
            assert_eq!(a.dateline.as_deref(), place, "{first}");
            assert!(a.body.starts_with("Liên minh cầm quyền thua."), "{first}");
        }
        // After a metadata line too.
        let a = parse(" date 2025-10-21 Tiêu đề của một bài báo\n\nTokyo (TTXVN) - Đoạn một.");
        assert_eq!(a.dateline.as_deref(), Some("Tokyo"));
        // A sentence that opens with a name and a parenthesis is not a dateline.
        let a = parse("Tiêu đề của một bài báo\n\nÔng Lavrov (Nga) nói - như thường lệ.");
        assert_eq!(a.outlet, None);
        assert_eq!(a.dateline, None);
    }

    #[test]
    fn a_headline_may_open_with_a_quoted_title_a_quote_is_not_one() {
        let a = parse(
            "\"Mưa đỏ\" vượt mốc 700 tỷ đồng\nThứ Ba, 16/9/2025 - 08:00\n(VOV) - Phim thắng lớn.",
        );
        assert_eq!(a.title.as_deref(), Some("\"Mưa đỏ\" vượt mốc 700 tỷ đồng"));
        assert_eq!(a.published.as_deref(), Some("2025-09-16T08:00"));
        assert_eq!(a.outlet.as_deref(), Some("VOV"));
        assert_eq!(a.body, "Phim thắng lớn.");
        // A quote opening the article is its first paragraph.
        let a = parse("“Chúng tôi sẵn sàng đàm phán với mọi bên”, ông nói\nĐoạn hai.");
        assert_eq!(a.title, None);
    }

    #[test]
    fn the_byline_pre_test_keeps_every_byline() {
        for line in [
            "author26/02/2025 16:39",
            "Thứ Năm, 09/01/2025 09:45 (GMT+7)",
            "Tin nổi bật/Thế giới 26/02/2025 16:39",
            "Nguyễn Thị Thanh Hương Giang - 9/9/2024, 14:05",
            "21/07/2025 14:10",
        ] {
            assert!(could_be_byline(line) && BYLINE.is_match(line), "{line}");
        }
        let lede = "Ngày 11/2, Ngoại trưởng Nga cho biết hai bên sẽ gặp nhau vào tuần sau.";
        assert!(!could_be_byline(lede));
    }

    #[test]
    fn a_byline_may_give_the_time_before_the_date() {
        let a = parse(
            "Xuất khẩu gạo có thể đạt 8 triệu tấn\nCập nhật: 09:05 ngày 28/11/2025\n(Báo Nông nghiệp) - Giá giảm.",
        );
        assert_eq!(a.published.as_deref(), Some("2025-11-28T09:05"));
        assert_eq!(a.authors, Vec::<String>::new());
        assert_eq!(a.outlet.as_deref(), Some("Báo Nông nghiệp"));
        assert_eq!(a.body, "Giá giảm.");
        assert_eq!(
            byline("Minh Anh 16:39, 26/02/2025"),
            Some((Some("Minh Anh".into()), "2025-02-26T16:39".into()))
        );
        // A time after the date wins: it is the one that goes with it.
        assert_eq!(
            byline("Đăng lúc 08:00 ngày 01/12/2025 - 10:15").map(|b| b.1),
            Some("2025-12-01T10:15".into())
        );
    }

    #[test]
    fn sources_joined_by_a_slash_or_after_the_page_tail() {
        let a = parse("Tiêu đề của một bài báo\n\nĐoạn một.\n\nTheo TTXVN/Vietnam+");
        assert_eq!(a.sources, ["TTXVN", "Vietnam+"]);
        let a = parse(
            "Tiêu đề của một bài báo\n\nĐoạn một.\n\nBài liên quan:\nMột tin khác ở Hà Giang\n\nNguồn: Báo Khoa học và Phát triển",
        );
        assert_eq!(a.sources, ["Báo Khoa học và Phát triển"]);
        assert_eq!(a.body, "Đoạn một.");
    }

    #[test]
    fn the_author_pre_test_keeps_every_author_line() {
        for line in [
            "Huyền Lê (Theo Reuters)",
            "Thanh Hà/VOV.VN (Theo Reuters, AFP)",
            "Minh Anh / VOV",
            "Minh Anh",
            "Hà Linh (tổng hợp)",
            "M. K. Stalin",
            "Nguyễn Thị Thanh Hương Giang",
            "Lan Anh (Nguồn: TTXVN, VNA)",
            "Minh Anh/VOV (t/h)",
        ] {
            assert!(AUTHOR_LINE.is_match(line), "{line}");
            assert!(could_be_author_line(line), "{line}");
            // The parts read from the line are the pattern's groups.
            let m = AUTHOR_LINE.captures(line).unwrap();
            let mut a = ParsedArticle::default();
            let short = m.get(2).is_some() || line.split_whitespace().count() <= 4;
            assert_eq!(take_author_line(&mut a, line), short, "{line}");
            if short {
                let sources: Vec<String> = m
                    .get(2)
                    .map_or("", |s| s.as_str())
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                assert_eq!(
                    (a.authors, a.sources),
                    (vec![m[1].to_owned()], sources),
                    "{line}"
                );
            }
        }
        for line in [
            "Đây là đoạn cuối của bài.",
            "Minh Anh cho biết (Theo Reuters)",
        ] {
            assert!(!could_be_author_line(line), "{line}");
            assert!(!AUTHOR_LINE.is_match(line), "{line}");
        }
    }

    #[test]
    fn closing_author_line_with_source() {
        let a = parse("Tiêu đề của một bài báo\n\nĐoạn một.\n\nHuyền Lê (Theo Reuters)");
        assert_eq!(a.authors, ["Huyền Lê"]);
        assert_eq!(a.sources, ["Reuters"]);
        assert_eq!(a.body, "Đoạn một.");
    }

    #[test]
    fn nothing_found_is_null_not_made_up() {
        let a = parse("Một câu duy nhất không có tiêu đề.");
        assert_eq!(
            a,
            ParsedArticle {
                body: "Một câu duy nhất không có tiêu đề.".into(),
                ..Default::default()
            }
        );
    }
}
