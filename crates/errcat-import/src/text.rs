//! Small text helpers the readers share.

/// A source text as catalog text that is a template: braces escaped.
pub fn literal_template(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// A source text whose `{0}` / `{name}` placeholders stay placeholders and
/// whose every other brace (`{x y}`, a lone `}`, the first `{` of `{{0}`)
/// becomes a literal `{{` or `}}`, so the result is always a valid template
/// that says what the source said.
///
/// A placeholder has no brace inside, so a `{` is only tried up to the next
/// brace of either kind: trying it up to the next `}`, past other `{`, made
/// `{` repeated quadratic work.
pub fn keep_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('{')
            && let Some(end) = rest[1..].find(['{', '}']).map(|brace| brace + 1)
            && rest[end..].starts_with('}')
            && errcat_catalog::Template::parse(&rest[..=end])
                .is_ok_and(|template| template.placeholders().count() == 1)
        {
            out.push_str(&rest[..=end]);
            rest = &rest[end + 1..];
            continue;
        }
        out.push_str(if rest.starts_with('{') { "{{" } else { "}}" });
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

/// Declares a string param for every placeholder of the entry's title and
/// message that has none yet.
pub fn declare_string_params(entry: &mut errcat_catalog::Entry) {
    use errcat_catalog::{Param, ParamType, Template};
    for text in [&entry.title, &entry.message].into_iter().flatten() {
        if let Ok(parsed) = Template::parse(text) {
            for placeholder in parsed.placeholders() {
                entry
                    .params
                    .entry(placeholder.name.clone())
                    .or_insert(Param::Short(ParamType::String));
            }
        }
    }
}

/// `Actor Tokens` -> `actor_tokens`: a group id from a section title.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    slug.trim_end_matches('_').to_owned()
}

/// The text of a line with its 1-based number, for readers that walk lines.
pub fn numbered(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line))
}

/// The rows of the Markdown pipe tables in `text` (`| a | b |`), with their
/// lines; separator rows (`|---|---|`) and rows whose first cell is
/// `header` are left out.
pub fn pipe_rows<'t>(text: &'t str, header: &str) -> Vec<(usize, Vec<&'t str>)> {
    let mut rows = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        let Some(inner) = trimmed
            .strip_prefix('|')
            .and_then(|rest| rest.strip_suffix('|'))
        else {
            continue;
        };
        let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
        let separator = cells
            .iter()
            .all(|cell| cell.chars().all(|c| matches!(c, '-' | ':')));
        if separator || cells[0].trim_matches('`') == header {
            continue;
        }
        rows.push((index + 1, cells));
    }
    rows
}

/// Markdown with links into the vendor's own docs (`../limits.md`) turned
/// into their text: they lead nowhere from this catalog.
pub fn without_relative_links(markdown: &str) -> String {
    rewrite_links(markdown, |url| url.contains("://"))
}

/// Markdown as the plain text a message sends: links keep their text,
/// inline code its content.
pub fn plain_text(markdown: &str) -> String {
    rewrite_links(markdown, |_| false).replace('`', "")
}

/// `markdown` with each link `[text](url)` whose url `keep` refuses turned
/// into its text. One pass: a `[` that opens no link is passed over with
/// everything up to the `]` it would have closed at, and once a `](` finds no
/// `)` after it, no later `](` looks again (none could find one), so the work
/// is linear.
fn rewrite_links(markdown: &str, keep: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    let mut no_paren_left = false;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let Some(close) = rest.find(']') else { break };
        let opens_url = rest[close..].starts_with("](");
        let paren = (opens_url && !no_paren_left)
            .then(|| rest[close + 2..].find(')'))
            .flatten();
        no_paren_left |= opens_url && paren.is_none();
        let Some(end) = paren.map(|at| close + 2 + at) else {
            out.push_str(&rest[..=close]);
            rest = &rest[close + 1..];
            continue;
        };
        let url = &rest[close + 2..end];
        if keep(url) {
            out.push_str(&rest[..=end]);
        } else {
            out.push_str(&rest[1..close]);
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_lowercase_words_joined_by_underscores() {
        assert_eq!(super::slug("Actor Tokens"), "actor_tokens");
        assert_eq!(
            super::slug("Rate Limiting & Billing"),
            "rate_limiting_billing"
        );
        assert_eq!(
            super::slug("Data tags and data tag entries"),
            "data_tags_and_data_tag_entries"
        );
    }

    #[test]
    fn stray_braces_become_literal_and_placeholders_stay() {
        for (source, kept) in [
            ("the {0} was {x y} }", "the {0} was {{x y}} }}"),
            ("{0}{1}", "{0}{1}"),
            ("{", "{{"),
            ("{{0}", "{{{0}"),
            ("}{", "}}{{"),
            ("no braces", "no braces"),
            ("{{{0}", "{{{{{0}"),
            ("{a{0}", "{{a{0}"),
        ] {
            assert_eq!(super::keep_placeholders(source), kept, "{source:?}");
            assert!(errcat_catalog::Template::parse(kept).is_ok(), "{kept:?}");
        }
    }

    /// Each `{` used to be tried as a placeholder up to the next `}`, past
    /// every other `{`: minutes for a message of `{` repeated.
    #[test]
    fn opening_braces_repeated_are_kept_as_text_in_one_pass() {
        let hostile = "{".repeat(500_000) + "}";
        assert_eq!(
            super::keep_placeholders(&hostile),
            "{{".repeat(500_000) + "}}"
        );
        let spaced = "{ ".repeat(500_000) + "{0}";
        assert_eq!(
            super::keep_placeholders(&spaced),
            "{{ ".repeat(500_000) + "{0}"
        );
    }

    #[test]
    fn literal_templates_escape_braces() {
        assert_eq!(super::literal_template("a {b} }"), "a {{b}} }}");
    }

    #[test]
    fn links_are_rewritten_in_one_pass() {
        assert_eq!(
            super::plain_text("a [b](c) [d] [e](f g) `h` [i](x://y)"),
            "a b [d] e h i"
        );
        assert_eq!(
            super::without_relative_links("[up](../x.md) and [out](https://x.y/z)"),
            "up and [out](https://x.y/z)"
        );
        let hostile = "[".repeat(200_000) + "](" + &"]".repeat(200_000);
        assert_eq!(super::plain_text(&hostile).len(), hostile.len());
    }

    /// Each `](` used to look for its `)` to the end of the text: minutes
    /// for a cell of `[a](` repeated, which holds no link.
    #[test]
    fn link_openings_without_a_closing_parenthesis_are_text_in_one_pass() {
        let hostile = "[a](".repeat(1_000_000);
        assert_eq!(super::plain_text(&hostile), hostile);
        assert_eq!(super::without_relative_links(&hostile), hostile);
        assert_eq!(super::plain_text("[a](b) [c]( [d]("), "a [c]( [d](");
        assert_eq!(
            super::plain_text(&(hostile + ")")),
            "a",
            "the first `](` takes the text up to the only `)` as its url"
        );
    }
}
