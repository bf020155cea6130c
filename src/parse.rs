//! The parse stage: decoded article text to its structure (headline, publication date,
//! outlet, authors, cited sources and a clean body).
//!
//! Plain-text news copies carry a metadata line, a dateline, a byline, photo captions,
//! source lines, an end mark and, in web copies, a tail of share buttons, related-article
//! lists and copyright lines. Metadata goes to its fields; boilerplate goes nowhere.
//! Every rule here is about the shape of a line, never about one outlet's words alone.

use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedArticle {
    pub title: Option<String>,
    /// ISO date (`2025-02-26`) or local date-time (`2025-02-26T16:39`).
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub authors: Vec<String>,
    pub sources: Vec<String>,
    /// Paragraphs separated by a blank line.
    pub body: String,
}

impl ParsedArticle {
    /// The text the content hash is computed over: what a reader reads, without the
    /// boilerplate a copy picked up on its way.
    pub fn hash_text(&self) -> String {
        let mut text = self.title.clone().unwrap_or_default();
        text.push('\n');
        text.push_str(&self.body);
        text
    }
}

macro_rules! re {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($re).unwrap());
    };
}

// ` date 2026-02-11 rest…`: a metadata line some exports put first.
re!(
    META_LINE,
    r"^date\s+(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}:\d{2}))?\b\s*(.*)$"
);
// `(VTC News) - ` opening the first paragraph.
re!(DATELINE, r"^\(([^()]{2,40})\)\s*[-–—]\s*");
// A byline with a date and a time, possibly glued to a label: `author26/02/2025 16:39`.
re!(
    BYLINE,
    r"^\D{0,20}?(\d{1,2})/(\d{1,2})/(\d{4})(?:\s*[-,|]?\s*(\d{1,2}):(\d{2}))?\s*(?:GMT\+?\d*)?$"
);
// `Nguồn: TTXVN`, `Theo Reuters` on a line of their own.
re!(
    SOURCE_LINE,
    r"^(?:Nguồn|Theo|Source)\s*:?\s*([^.!?]{2,60})$"
);
// `Huyền Lê (Theo Reuters)`: a closing author line, with its source.
re!(
    AUTHOR_LINE,
    r"^((?:\p{Lu}[\p{Ll}\p{M}]*\.?\s+){0,4}\p{Lu}[\p{Ll}\p{M}]*)\s*(?:\((?:Theo|Nguồn:?)\s+([^)]{2,60})\))?$"
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
// Relative times and bare dates of a related-article list: `5 phút trước`, `28-02-2025`.
re!(
    RELATIVE_TIME,
    r"^\d{1,3}\s+(?:giây|phút|giờ|ngày|tuần|tháng|năm)\s+trước$"
);
re!(BARE_DATE, r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$");
// Share buttons and lone navigation words.
re!(
    SHARE,
    r"(?i)^(?:chia sẻ|share|tweet|facebook|zalo|twitter|email|in bài|bình luận|lưu|copy link|pencil)\s*:?$"
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
// A category breadcrumb under the headline: `Tin nổi bật, Tin thế giới`.
re!(
    CATEGORY,
    r"^(?:(?:Tin|Thời sự|Thế giới|Kinh tế|Xã hội)[^.!?:]{0,30}[,>/|]\s*)+[^.!?:]{2,30}$"
);
// `./.`: the end mark of Vietnamese wire copy.
re!(END_MARK, r"\s*\./\.\s*$");

/// Parses normalised article text. Never fails: a field that is not found is empty.
pub fn parse(text: &str) -> ParsedArticle {
    let mut article = ParsedArticle::default();
    let mut lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();

    // The page tail: everything from the first share/related marker or copyright line on.
    if let Some(end) = lines
        .iter()
        .position(|l| TAIL_START.is_match(l) || COPYRIGHT.is_match(l))
    {
        lines.truncate(end);
    }

    let mut paragraphs: Vec<String> = Vec::with_capacity(lines.len());
    let mut first = true;
    for (i, line) in lines.iter().enumerate() {
        let mut line: &str = line;
        if first && let Some(m) = META_LINE.captures(line) {
            article.published = Some(match m.get(2) {
                Some(time) => format!("{}T{:0>5}", &m[1], time.as_str()),
                None => m[1].to_owned(),
            });
            line = m.get(3).map_or("", |r| r.as_str());
        }
        if first
            && article.outlet.is_none()
            && let Some(m) = DATELINE.captures(line)
        {
            article.outlet = Some(m[1].trim().to_owned());
            line = &line[m.get(0).unwrap().end()..];
        }
        if line.is_empty() {
            continue;
        }
        // A headline: a first line that is not a sentence, followed by the article.
        if i == 0
            && paragraphs.is_empty()
            && article.published.is_none()
            && looks_like_headline(line, &lines)
        {
            article.title = Some(line.to_owned());
            continue;
        }
        if paragraphs.len() < 2 && (CATEGORY.is_match(line) && article.title.is_some()) {
            continue;
        }
        if paragraphs.is_empty()
            && article.published.is_none()
            && let Some(date) = byline_date(line)
        {
            article.published = Some(date);
            continue;
        }
        first = false;
        if is_boilerplate(line) || CAPTION.is_match(line) {
            continue;
        }
        if let Some(m) = SOURCE_LINE.captures(line) {
            push_unique(&mut article.sources, m[1].trim());
            continue;
        }
        paragraphs.push(line.to_owned());
    }

    // A short closing line with a name (and maybe its source) is the author.
    if let Some(last) = paragraphs.last()
        && let Some(m) = AUTHOR_LINE.captures(last)
        && (m.get(2).is_some() || last.split_whitespace().count() <= 4)
    {
        article.authors.push(m[1].to_owned());
        if let Some(source) = m.get(2) {
            push_unique(&mut article.sources, source.as_str().trim());
        }
        paragraphs.pop();
    }
    if let Some(last) = paragraphs.last_mut() {
        let trimmed = END_MARK.replace(last, ".").into_owned();
        *last = trimmed.trim_end_matches("..").to_owned();
        if last.is_empty() {
            paragraphs.pop();
        }
    }
    article.body = paragraphs.join("\n\n");
    article
}

fn looks_like_headline(line: &str, lines: &[&str]) -> bool {
    let words = line.split_whitespace().count();
    lines.len() > 1
        && (3..=30).contains(&words)
        && !line.ends_with(['.', ':', ',', ';'])
        && !line.starts_with(['"', '“', '‘', '-', '('])
        && !CAPTION.is_match(line)
        && !BYLINE.is_match(line)
}

fn byline_date(line: &str) -> Option<String> {
    let m = BYLINE.captures(line)?;
    let (day, month, year): (u32, u32, i32) =
        (m[1].parse().ok()?, m[2].parse().ok()?, m[3].parse().ok()?);
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    Some(match (m.get(4), m.get(5)) {
        (Some(h), Some(min)) => {
            let (h, min): (u32, u32) = (h.as_str().parse().ok()?, min.as_str().parse().ok()?);
            date.and_hms_opt(h, min, 0)?
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        }
        _ => date.format("%Y-%m-%d").to_string(),
    })
}

fn is_boilerplate(line: &str) -> bool {
    CAPTION_LABEL.is_match(line)
        || IMAGE_FILE.is_match(line)
        || RELATIVE_TIME.is_match(line)
        || BARE_DATE.is_match(line)
        || SHARE.is_match(line)
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
