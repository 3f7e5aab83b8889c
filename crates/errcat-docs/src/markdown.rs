//! Catalog prose (descriptions written in Markdown) as safe HTML and as a
//! short plain-text blurb.
//!
//! Catalog text is untrusted: raw HTML in it is shown as text, links and
//! images keep only `http(s)` destinations (anything else, `javascript:`
//! included, becomes plain text), and every text run is escaped by
//! pulldown-cmark's HTML writer.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// The Markdown `text` as HTML that is safe to insert in a page.
pub fn to_html(text: &str) -> String {
    let mut dropped_links = 0usize;
    let events = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES)
        .filter_map(|event| match event {
            // Raw HTML is shown as what it is: text.
            Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if is_web_link(&dest_url) {
                    Some(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }))
                } else {
                    dropped_links += 1;
                    None
                }
            }
            Event::End(TagEnd::Link) if dropped_links > 0 => {
                dropped_links -= 1;
                None
            }
            // Images would load from wherever the catalog says: their alt text stays.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
            other => Some(other),
        });
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// One line of Markdown (`` `code` `` and emphasis) as safe inline HTML,
/// without the paragraph around it: for text inside a `<dd>` or a cell.
pub fn inline_html(text: &str) -> String {
    let html = to_html(text);
    match html
        .trim_end()
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        Some(inline) if !inline.contains("<p>") => inline.to_owned(),
        _ => html,
    }
}

/// Whether a link goes to the web: `http:` or `https:`, nothing else.
fn is_web_link(url: &CowStr<'_>) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The first paragraph of the Markdown `text` as plain text, cut to at most
/// `limit` characters at a sentence end, else at a word boundary with an
/// ellipsis, so a card never ends mid-phrase.
pub fn blurb(text: &str, limit: usize) -> String {
    let mut plain = String::new();
    for event in Parser::new(text) {
        match event {
            Event::Text(t) | Event::Code(t) => plain.push_str(&t),
            // A line that introduces what follows ("...include:") ends the blurb.
            Event::SoftBreak | Event::HardBreak if plain.trim_end().ends_with(':') => break,
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
                if !plain.trim().is_empty() =>
            {
                break;
            }
            _ => {}
        }
    }
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let introduces = plain.ends_with(':');
    let plain = plain.trim_end_matches(':').trim_end();
    if plain.chars().count() <= limit {
        return if introduces {
            format!("{plain}…")
        } else {
            plain.to_owned()
        };
    }
    let cut: String = plain.chars().take(limit).collect();
    // A whole sentence, when one ends far enough in to say something.
    if let Some(end) = cut
        .rmatch_indices(['.', '!', '?'])
        .map(|(at, _)| at + 1)
        .find(|&end| cut[end..].starts_with(' '))
        .filter(|&end| end >= limit / 3)
    {
        return cut[..end].to_owned();
    }
    let head = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", head.trim_end_matches([',', ';', ':', ' ', '-', '—']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_becomes_inline_html_escaped() {
        assert_eq!(
            inline_html("Retry after `seconds` seconds (Retry-After)."),
            "Retry after <code>seconds</code> seconds (Retry-After)."
        );
        assert_eq!(
            inline_html("use `a` instead; <script>x</script>"),
            "use <code>a</code> instead; &lt;script&gt;x&lt;/script&gt;"
        );
    }

    #[test]
    fn lists_and_emphasis_become_html() {
        let html = to_html("All errors include:\n* **Codes** for handling\n* `ids`");
        assert!(html.contains("<ul>"), "{html}");
        assert!(
            html.contains("<li><strong>Codes</strong> for handling</li>"),
            "{html}"
        );
        assert!(html.contains("<code>ids</code>"), "{html}");
    }

    #[test]
    fn raw_html_in_markdown_is_shown_as_text() {
        for text in [
            "<script>alert(1)</script>",
            "Hi <img src=x onerror=alert(2)> there",
            "* <b>bold</b>",
        ] {
            let html = to_html(text);
            assert!(
                !html.contains("<script") && !html.contains("<img") && !html.contains("<b>"),
                "{text:?}: {html}"
            );
        }
        assert!(to_html("<script>alert(1)</script>").contains("&lt;script&gt;"));
    }

    #[test]
    fn only_web_links_stay_links() {
        let html = to_html(
            "[a](javascript:alert(1)) [b](JavaScript:x) [c](data:text/html,x) \
             [d](https://example.com/x) ![e](https://example.com/e.png) <javascript:alert(3)>",
        );
        assert!(
            !html.to_ascii_lowercase().contains("javascript:alert(1)\""),
            "{html}"
        );
        assert!(!html.contains("href=\"javascript") && !html.contains("href=\"JavaScript"));
        assert!(
            !html.contains("href=\"data:") && !html.contains("<img"),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="https://example.com/x">d</a>"#),
            "{html}"
        );
        assert!(
            html.contains('a') && html.contains('e'),
            "link text stays: {html}"
        );
    }

    #[test]
    fn blurbs_end_at_a_sentence_or_a_word() {
        assert_eq!(blurb("Short one.", 160), "Short one.");
        assert_eq!(
            blurb("The API uses **codes**. All errors include:\n* a\n* b", 160),
            "The API uses codes. All errors include…"
        );
        assert_eq!(
            blurb("It answers in this format:\nWhere code is an integer.", 160),
            "It answers in this format…"
        );
        assert_eq!(
            blurb("First sentence here. Second sentence runs on and on", 30),
            "First sentence here."
        );
        assert_eq!(
            blurb("one two three four five six seven", 16),
            "one two three…"
        );
    }
}
