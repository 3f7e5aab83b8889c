//! A `docs_url` pattern that is not an `http(s)://` or relative URL: pages
//! would turn it into a link, and a `javascript:` link runs when clicked.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::is_safe_link;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(pattern) = context.parsed.catalog.catalog.docs_url.as_deref() else {
        return;
    };
    let lower = pattern.get(..8).unwrap_or(pattern).to_ascii_lowercase();
    let absolute = lower.starts_with("http://") || lower.starts_with("https://");
    // A placeholder before the first `/` would let an entry's id or code pick the scheme.
    let head = pattern.split(['/', '?', '#']).next().unwrap_or_default();
    if is_safe_link(pattern) && (absolute || !head.contains('{')) {
        return;
    }
    diagnostics.push(
        Diagnostic::error(
            "docs-url-scheme",
            "`docs_url` is not an http(s) or relative URL",
        )
        .at(context.parsed.spans.catalog.get("docs_url").cloned())
        .label("pages would link to this")
        .help("start it with `https://` (or `/` for a page of this site), without spaces; e.g. `https://docs.example.com/errors/{code}`"),
    );
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    fn lint(url: &str) -> Vec<(String, String)> {
        run_lint(
            super::check,
            &format!("[catalog]\nname = \"x\"\ndocs_url = {url:?}\n"),
        )
    }

    #[test]
    fn a_javascript_docs_url_is_an_error_at_its_value() {
        assert_eq!(
            lint("javascript:alert(1)//{code}"),
            [(
                "3:12".into(),
                "Error: `docs_url` is not an http(s) or relative URL".into()
            )]
        );
    }

    #[test]
    fn only_http_and_relative_docs_urls_pass() {
        for url in [
            "https://docs.example.com/errors/{code}",
            "HTTP://docs.example.com/#{id}",
            "/errors/{code}",
            "errors/{code}.html",
            "../errors#{id}",
        ] {
            assert!(lint(url).is_empty(), "{url} should pass");
        }
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "{code}",
            "{id}/page",
            "",
        ] {
            assert_eq!(lint(url).len(), 1, "{url:?} should be refused");
        }
    }
}
