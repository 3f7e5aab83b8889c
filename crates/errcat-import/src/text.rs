//! Small text helpers the readers share.

/// A source text as catalog text that is a template: braces escaped.
pub fn literal_template(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
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
    fn literal_templates_escape_braces() {
        assert_eq!(super::literal_template("a {b} }"), "a {{b}} }}");
    }
}
