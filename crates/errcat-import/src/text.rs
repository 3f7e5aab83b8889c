//! Small text helpers the readers share.

/// A source text as catalog text that is a template: braces escaped.
pub fn literal_template(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// A source text whose `{0}` / `{name}` placeholders stay placeholders and
/// whose every other brace (`{x y}`, a lone `}`) becomes a literal `{{` or `}}`,
/// so the result is always a valid template that says what the source said.
pub fn keep_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('{')
            && let Some(end) = rest.find('}')
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
        ] {
            assert_eq!(super::keep_placeholders(source), kept, "{source:?}");
            assert!(errcat_catalog::Template::parse(kept).is_ok(), "{kept:?}");
        }
    }

    #[test]
    fn literal_templates_escape_braces() {
        assert_eq!(super::literal_template("a {b} }"), "a {{b}} }}");
    }
}
