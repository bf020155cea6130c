//! Saved web pages: the headline, dates, authors and outlet from `<meta>` and the page
//! structure, the body from the article's paragraphs. Navigation, share buttons,
//! related-article lists, figures and footers are left out by structure; what is left
//! goes through the same body rules as plain text.

use scraper::{ElementRef, Html, Selector};

use super::{ParsedArticle, clean_body};

/// Elements whose text is never article text.
const SKIPPED_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "aside",
    "footer",
    "header",
    "figure",
    "figcaption",
    "form",
    "button",
    "iframe",
    "svg",
];

/// Class or id fragments of page furniture.
const SKIPPED_CLASSES: &[&str] = &[
    "share",
    "social",
    "related",
    "comment",
    "advert",
    "banner",
    "breadcrumb",
    "tags",
    "newsletter",
    "popular",
    "caption",
    "author-box",
    "sidebar",
    "menu",
];

/// Blocks that hold paragraphs of text.
const BLOCKS: &[&str] = &["p", "h2", "h3", "h4", "li", "blockquote"];

/// Class fragments of the lead paragraph that opens an article under its headline, often
/// a `<div>` rather than a `<p>` (`<div class="sapo">`): article text all the same.
const LEAD_CLASSES: &[&str] = &[
    "sapo",
    "lead",
    "summary",
    "standfirst",
    "chapeau",
    "excerpt",
    "description",
];

pub fn parse_html(html: &str) -> ParsedArticle {
    let doc = Html::parse_document(html);
    let linked = LinkedData::of(&doc);
    let site = meta(&doc, &["og:site_name", "application-name"]);
    let mut article = ParsedArticle {
        title: meta(&doc, &["og:title", "twitter:title"])
            .map(|t| without_site_name(&t, site.as_deref()))
            .or_else(|| first_text(&doc, "article h1, h1"))
            .or_else(|| first_text(&doc, "title").map(|t| strip_site_suffix(&t))),
        published: meta(
            &doc,
            &[
                "article:published_time",
                "datepublished",
                "pubdate",
                "publishdate",
                "date",
                "dc.date.issued",
                "dc.date",
            ],
        )
        .or_else(|| linked.published.clone())
        .or_else(|| attr(&doc, "time[datetime]", "datetime")),
        outlet: site,
        authors: meta(&doc, &["author", "article:author"])
            .map(|a| {
                a.split([',', ';'])
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_else(|| linked.authors.clone()),
        ..Default::default()
    };
    let container = ["article", "[itemprop=articleBody]", "main"]
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .find_map(|s| doc.select(&s).next())
        .or_else(|| densest_paragraphs(&doc))
        .or_else(|| {
            Selector::parse("body")
                .ok()
                .and_then(|s| doc.select(&s).next())
        });
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(container) = container {
        collect_blocks(container, false, &mut paragraphs);
        // A page that writes no paragraph as a block writes them as `<div>`s of text.
        if paragraphs.is_empty() {
            collect_blocks(container, true, &mut paragraphs);
        }
    }
    if let (Some(title), Some(first)) = (&article.title, paragraphs.first())
        && first == title
    {
        paragraphs.remove(0);
    }
    // A byline paragraph opening the article (`21/07/2025 14:10`, `Thu Trang - 21/07/2025`)
    // is metadata, as under a plain-text headline; `<meta>` values come first.
    while let Some((author, date)) = paragraphs.first().and_then(|p| super::byline(p)) {
        article.published.get_or_insert(date);
        if article.authors.is_empty() {
            article.authors.extend(author);
        }
        paragraphs.remove(0);
    }
    // A byline outside the paragraphs, in an element marked as one (`<div
    // class="byline">Thảo Vy - 05/12/2024 18:20</div>`, `<span class="author">`).
    if let Some(container) = container
        && (article.authors.is_empty() || article.published.is_none())
        && let Ok(marked) = Selector::parse(BYLINE_MARKS)
        && let Some(line) = container
            .select(&marked)
            .map(element_text)
            .find(|t| !t.is_empty() && t.len() <= 120)
    {
        if let Some((author, date)) = super::byline(&line) {
            article.published.get_or_insert(date);
            if article.authors.is_empty() {
                article.authors.extend(author);
            }
        } else if !super::take_author_line(&mut article, &line)
            && article.authors.is_empty()
            && super::is_name(&line)
        {
            article.authors.push(line.clone());
        }
        // A byline written as a paragraph (`<p class="author">`) is not the body's.
        if let Some(at) = paragraphs.iter().take(3).position(|p| *p == line) {
            paragraphs.remove(at);
        }
    }
    // A lead written above the article element (`<p class="description">` before
    // `<article>`) opens the body all the same.
    if let Some(container) = container
        && let Ok(leads) = Selector::parse(LEAD_SELECTOR)
        && let Some(lead) = doc
            .select(&leads)
            .find(|e| !container.descendants().any(|d| d.id() == e.id()) && !is_skipped(*e))
    {
        let text = element_text(lead);
        if !text.is_empty() && !paragraphs.contains(&text) {
            paragraphs.insert(0, text);
        }
    }
    // A date in an element of its own outside the article (`<span class="date">Thứ
    // hai, 16/6/2025, 07:30 (GMT+7)</span>`).
    if article.published.is_none()
        && let Ok(dated) = Selector::parse("[class*=date], [class*=time]")
    {
        article.published = doc
            .select(&dated)
            .map(element_text)
            .filter(|t| !t.is_empty() && t.len() <= 80)
            .find_map(|t| super::byline(&t).map(|(_, date)| date));
    }
    // With no site name in `<meta>`, the one after the headline in `<title>`:
    // `Mùa rùa biển về Côn Đảo đẻ trứng - VnExpress`.
    if article.outlet.is_none()
        && let (Some(title), Some(full)) = (&article.title, first_text(&doc, "title"))
    {
        article.outlet = [" - ", " | ", " – "]
            .iter()
            .find_map(|sep| full.strip_prefix(title.as_str())?.strip_prefix(sep))
            .map(str::trim)
            .filter(|site| !site.is_empty() && site.split_whitespace().count() <= 4)
            .map(str::to_owned);
    }
    let lines: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    clean_body(&mut article, &lines);
    article
}

/// Elements that hold an article's lead.
const LEAD_SELECTOR: &str = "[class*=sapo], [class*=description], [class*=lead], [class*=summary]";

/// What a page's schema.org linked data (`<script type="application/ld+json">`) says of
/// its article, for pages that put their dates and authors there and nowhere else.
#[derive(Default)]
struct LinkedData {
    published: Option<String>,
    authors: Vec<String>,
}

impl LinkedData {
    fn of(doc: &Html) -> LinkedData {
        let mut found = LinkedData::default();
        let Ok(selector) = Selector::parse(r#"script[type="application/ld+json"]"#) else {
            return found;
        };
        for script in doc.select(&selector) {
            let text: String = script.text().collect();
            // Malformed data is common on the web and is only ignored.
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
                found.read(&value);
            }
        }
        found
    }

    /// Reads the first object that has a publication date: the value itself, an item
    /// of an array, or of an `@graph`.
    fn read(&mut self, value: &serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::Array(items) => items.iter().for_each(|v| self.read(v)),
            Value::Object(map) => {
                if let Some(graph) = map.get("@graph") {
                    self.read(graph);
                }
                let Some(date) = map.get("datePublished").and_then(Value::as_str) else {
                    return;
                };
                if self.published.is_some() {
                    return;
                }
                self.published = Some(date.trim().to_owned()).filter(|d| !d.is_empty());
                let name = |v: &Value| match v {
                    Value::String(s) => Some(s.trim().to_owned()),
                    Value::Object(o) => o
                        .get("name")
                        .and_then(Value::as_str)
                        .map(|s| s.trim().to_owned()),
                    _ => None,
                };
                self.authors = match map.get("author") {
                    Some(Value::Array(items)) => items.iter().filter_map(name).collect(),
                    Some(v) => name(v).into_iter().collect(),
                    None => Vec::new(),
                };
                self.authors.retain(|a| !a.is_empty());
            }
            _ => {}
        }
    }
}

/// Elements whose class says they hold the byline: the author's name, the date, or both.
const BYLINE_MARKS: &str = "[class~=byline], [class*=author], [itemprop=author], [rel=author]";

/// Text of each block element below `element`, in order, skipping page furniture. A
/// block inside another block is taken once, with its parent.
/// With no `<article>` or `<main>`, the element whose own paragraphs hold the most text:
/// the story's, where a page's boxes of other news and its footer hold little of it.
fn densest_paragraphs(doc: &Html) -> Option<ElementRef<'_>> {
    let paragraphs = Selector::parse("p").ok()?;
    let mut text_under: Vec<(ElementRef, usize)> = Vec::new();
    for p in doc.select(&paragraphs) {
        let Some(parent) = p.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        let len = p.text().map(str::len).sum::<usize>();
        match text_under.iter_mut().find(|(e, _)| *e == parent) {
            Some((_, total)) => *total += len,
            None => text_under.push((parent, len)),
        }
    }
    text_under
        .into_iter()
        .max_by_key(|&(_, len)| len)
        .map(|(e, _)| e)
}

fn collect_blocks(element: ElementRef, divs: bool, out: &mut Vec<String>) {
    for child in element.children().filter_map(ElementRef::wrap) {
        if is_skipped(child) {
            continue;
        }
        let name = child.value().name();
        if (BLOCKS.contains(&name) || is_lead(child) || (divs && is_text_div(child)))
            && !child
                .children()
                .filter_map(ElementRef::wrap)
                .any(|c| BLOCKS.contains(&c.value().name()))
        {
            let mut text = String::new();
            collect_text(child, &mut text);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                out.push(text);
            }
        } else if name != "h1" {
            collect_blocks(child, divs, out);
        }
    }
}

fn collect_text(element: ElementRef, out: &mut String) {
    for node in element.children() {
        if let Some(text) = node.value().as_text() {
            out.push_str(text);
        } else if let Some(child) = ElementRef::wrap(node) {
            if !is_skipped(child) {
                collect_text(child, out);
            }
            if child.value().name() == "br" {
                out.push(' ');
            }
        }
    }
}

/// A `<div>` holding text of its own and no other `<div>`: a paragraph on pages that
/// write their paragraphs as `<div class="text">` (looked for only when there is no
/// `<p>`, which most pages use).
fn is_text_div(element: ElementRef) -> bool {
    element.value().name() == "div"
        && element
            .children()
            .any(|n| n.value().as_text().is_some_and(|t| !t.trim().is_empty()))
        && !element
            .children()
            .filter_map(ElementRef::wrap)
            .any(|c| c.value().name() == "div")
}

fn is_lead(element: ElementRef) -> bool {
    let class = element.value().attr("class").unwrap_or("").to_lowercase();
    LEAD_CLASSES.iter().any(|c| class.contains(c))
}

fn is_skipped(element: ElementRef) -> bool {
    let e = element.value();
    if SKIPPED_ELEMENTS.contains(&e.name()) {
        return true;
    }
    let marks = e.attr("class").unwrap_or("").to_lowercase()
        + " "
        + &e.attr("id").unwrap_or("").to_lowercase();
    SKIPPED_CLASSES.iter().any(|c| marks.contains(c))
}

fn meta(doc: &Html, names: &[&str]) -> Option<String> {
    let selector = Selector::parse("meta").ok()?;
    for name in names {
        for m in doc.select(&selector) {
            let e = m.value();
            let key = e
                .attr("property")
                .or(e.attr("name"))
                .or(e.attr("itemprop"))
                .unwrap_or("");
            if key.eq_ignore_ascii_case(name)
                && let Some(content) = e.attr("content").map(str::trim).filter(|c| !c.is_empty())
            {
                return Some(content.to_owned());
            }
        }
    }
    None
}

fn first_text(doc: &Html, selector: &str) -> Option<String> {
    let selector = Selector::parse(selector).ok()?;
    let text: String = doc.select(&selector).next()?.text().collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// An element's text, its text nodes joined by a space and its whitespace runs folded
/// to single spaces.
fn element_text(element: ElementRef) -> String {
    let text = element.text().collect::<Vec<_>>().join(" ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn attr(doc: &Html, selector: &str, name: &str) -> Option<String> {
    let selector = Selector::parse(selector).ok()?;
    doc.select(&selector)
        .next()?
        .value()
        .attr(name)
        .map(str::to_owned)
}

/// A title without the site's own name after it: `Giá vàng tăng - Tuổi Trẻ Online` with
/// the site `Tuổi Trẻ Online` → `Giá vàng tăng`. A title not ending so is kept whole.
fn without_site_name(title: &str, site: Option<&str>) -> String {
    site.and_then(|site| {
        [" - ", " | ", " – "]
            .iter()
            .find_map(|sep| title.strip_suffix(site)?.strip_suffix(sep))
    })
    .map_or_else(|| title.to_owned(), |t| t.trim().to_owned())
}

/// `Giá xăng giảm - Báo Kinh tế` → `Giá xăng giảm`.
fn strip_site_suffix(title: &str) -> String {
    match title
        .rsplit_once(" - ")
        .or_else(|| title.rsplit_once(" | "))
    {
        Some((head, _)) if head.split_whitespace().count() >= 3 => head.trim().to_owned(),
        _ => title.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_meta_and_article_paragraphs_and_leaves_the_furniture() {
        let html = r#"<html><head><title>Tin chính - Báo X</title>
            <meta property="og:site_name" content="Báo X"><meta name="author" content="Thu Hà">
            <meta property="article:published_time" content="2025-06-19T15:05:00+07:00"></head>
            <body><nav>Trang chủ</nav><article><h1>Tin chính hôm nay</h1><p>Đoạn <b>một</b>.</p>
            <figure><figcaption>Ảnh: AP</figcaption></figure><div class="share-box">Zalo</div>
            <p>Đoạn hai.</p></article><aside class="related"><p>Tin khác</p></aside>
            <footer>© 2025 Báo X</footer></body></html>"#;
        let a = parse_html(html);
        assert_eq!(a.title.as_deref(), Some("Tin chính hôm nay"));
        assert_eq!(a.published.as_deref(), Some("2025-06-19T15:05:00+07:00"));
        assert_eq!(
            (a.outlet.as_deref(), a.authors.as_slice()),
            (Some("Báo X"), ["Thu Hà".to_owned()].as_slice())
        );
        assert_eq!(a.body, "Đoạn một.\n\nĐoạn hai.");
    }

    #[test]
    fn a_byline_paragraph_is_metadata_not_body() {
        let a = parse_html(
            "<article><h1>Tin bão</h1><p class=\"date\">21/07/2025 14:10</p>\
             <p>Chiều 21/7, bão vào vịnh.</p></article>",
        );
        assert_eq!(a.published.as_deref(), Some("2025-07-21T14:10"));
        assert_eq!(a.body, "Chiều 21/7, bão vào vịnh.");
        // A meta date is kept over the byline's.
        let a = parse_html(
            "<meta property=\"article:published_time\" content=\"2025-07-21T14:10:00+07:00\">\
             <article><p>Thu Trang - 21/07/2025</p><p>Một đoạn văn.</p></article>",
        );
        assert_eq!(a.published.as_deref(), Some("2025-07-21T14:10:00+07:00"));
        assert_eq!(a.authors, ["Thu Trang"]);
        assert_eq!(a.body, "Một đoạn văn.");
    }

    #[test]
    fn without_an_article_element_the_story_is_where_the_paragraphs_are() {
        let a = parse_html(
            "<body><div class=\"menu\"><p>Thời sự</p></div><div class=\"detail\">\
             <h1>Tin chính</h1><p>Đoạn một của bài.</p><p>Đoạn hai của bài.</p></div>\
             <div class=\"box-tin-moi\"><p>Tin khác</p><ul><li>Giá vàng</li></ul></div></body>",
        );
        assert_eq!(a.body, "Đoạn một của bài.\n\nĐoạn hai của bài.");
    }

    #[test]
    fn an_author_named_in_meta_and_in_a_closing_line_is_one_author() {
        let a = parse_html(
            "<meta name=\"author\" content=\"Lan Anh\"><article><p>Một đoạn.</p><p>Hai đoạn.</p>\
             <p class=\"author\">Lan Anh (Theo Kyodo, Reuters)</p></article>",
        );
        assert_eq!(a.authors, ["Lan Anh"]);
        assert_eq!(a.sources, ["Kyodo", "Reuters"]);
        assert_eq!(a.body, "Một đoạn.\n\nHai đoạn.");
    }

    #[test]
    fn a_byline_element_outside_the_paragraphs_gives_author_and_date() {
        let a = parse_html(
            "<main><h1>Tin</h1><div class=\"byline\">Thảo Vy - 05/12/2024 18:20</div>\
             <p>Một đoạn văn.</p></main>",
        );
        assert_eq!(a.authors, ["Thảo Vy"]);
        assert_eq!(a.published.as_deref(), Some("2024-12-05T18:20"));
        assert_eq!(a.body, "Một đoạn văn.");
        let a = parse_html(
            "<article><span class=\"author\">Minh Hà</span><p>Một đoạn văn.</p></article>",
        );
        assert_eq!(a.authors, ["Minh Hà"]);
        // Written as a paragraph, it leaves the body.
        let a =
            parse_html("<article><p class=\"author\">Minh Khôi</p><p>Một đoạn văn.</p></article>");
        assert_eq!(
            (a.authors.as_slice(), a.body.as_str()),
            (["Minh Khôi".to_owned()].as_slice(), "Một đoạn văn.")
        );
        // Not a name: left alone.
        let a = parse_html(
            "<article><div class=\"author\">Bài viết của nhiều tác giả</div><p>Một đoạn.</p></article>",
        );
        assert!(a.authors.is_empty());
    }

    #[test]
    fn linked_data_gives_the_date_and_the_author() {
        let a = parse_html(
            r#"<head><script type="application/ld+json">{"@context":"https://schema.org",
            "@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2025-12-02T11:45:00+07:00",
            "author":[{"@type":"Person","name":"Hoàng Anh"}]}]}</script></head>
            <body><article><p>Một đoạn văn.</p></article></body>"#,
        );
        assert_eq!(a.published.as_deref(), Some("2025-12-02T11:45:00+07:00"));
        assert_eq!(a.authors, ["Hoàng Anh"]);
        // Malformed linked data is ignored.
        let a = parse_html(
            r#"<script type="application/ld+json">{"datePublished": </script><p>Một đoạn văn.</p>"#,
        );
        assert_eq!(a.published, None);
        assert_eq!(a.body, "Một đoạn văn.");
    }

    #[test]
    fn paragraphs_written_as_divs_and_a_title_with_the_site_s_name() {
        let a = parse_html(
            "<head><meta property=\"og:title\" content=\"Giá vàng tăng - Tuổi Trẻ Online\">\
             <meta property=\"og:site_name\" content=\"Tuổi Trẻ Online\"></head>\
             <article><h1>Giá vàng tăng</h1><div class=\"detail-author\">Lê Thanh</div>\
             <div class=\"content\"><div class=\"text\">Đoạn một.</div><div class=\"text\">Đoạn hai.</div></div>\
             <div class=\"detail-share\"><a>Facebook</a></div></article>",
        );
        assert_eq!(a.title.as_deref(), Some("Giá vàng tăng"));
        assert_eq!(a.authors, ["Lê Thanh"]);
        assert_eq!(a.body, "Đoạn một.\n\nĐoạn hai.");
    }

    #[test]
    fn a_lead_and_a_date_outside_the_article_element_and_the_site_in_the_title() {
        let a = parse_html(
            "<head><title>Mùa rùa biển về Côn Đảo - VnExpress</title></head><body>\
             <span class=\"date\">Thứ hai, 16/6/2025, 07:30 (GMT+7)</span>\
             <h1>Mùa rùa biển về Côn Đảo</h1><p class=\"description\">Đoạn mở đầu.</p>\
             <article><p>Đoạn một.</p></article></body>",
        );
        assert_eq!(a.published.as_deref(), Some("2025-06-16T07:30"));
        assert_eq!(a.outlet.as_deref(), Some("VnExpress"));
        assert_eq!(a.body, "Đoạn mở đầu.\n\nĐoạn một.");
    }

    #[test]
    fn a_lead_in_a_div_opens_the_body() {
        let a = parse_html(
            "<main><h1>Tiêu đề bài</h1><div class=\"sapo\">Đoạn mở đầu.</div>\
             <div class=\"content\"><p>Đoạn một.</p></div><div>Chân trang</div></main>",
        );
        assert_eq!(a.body, "Đoạn mở đầu.\n\nĐoạn một.");
    }

    #[test]
    fn the_title_element_loses_the_site_name() {
        let a =
            parse_html("<title>Giá xăng giảm lần thứ ba - Báo Kinh tế</title><p>Một đoạn văn.</p>");
        assert_eq!(a.title.as_deref(), Some("Giá xăng giảm lần thứ ba"));
    }
}
