//! An entry with neither a title nor a message: clients would get an empty error.
//!
//! Leaving both out is an error. Writing them as empty strings says the API
//! really sends empty text (Clerk does for some entries): a warning.

use super::Context;
use crate::diagnostic::Diagnostic;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (index, entry) in context.entries() {
        let blank = |text: &Option<String>| text.as_deref().is_none_or(|t| t.trim().is_empty());
        if !(blank(&entry.title) && blank(&entry.message)) {
            continue;
        }
        let diagnostic = if entry.title.is_none() && entry.message.is_none() {
            Diagnostic::error(
                "missing-text",
                format!("`{}` has no title and no message", entry.id),
            )
        } else {
            Diagnostic::warning(
                "missing-text",
                format!("`{}` sends an empty title and message", entry.id),
            )
        };
        diagnostics.push(
            diagnostic
                .at(context.entry_span(index, "id"))
                .help("add `title` (a short message) or `message` (the template clients see)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn entry_without_title_or_message_is_an_error() {
        let found = run_lint(super::check, "[[errors]]\nid = \"a\"\nstatus = 400\n");
        assert_eq!(
            found,
            [(
                "2:6".into(),
                "Error: `a` has no title and no message".into()
            )]
        );
    }

    #[test]
    fn explicitly_empty_text_is_a_warning() {
        let found = run_lint(
            super::check,
            "[[errors]]\nid = \"a\"\ntitle = \"\"\nmessage = \"  \"\n",
        );
        assert_eq!(
            found,
            [(
                "2:6".into(),
                "Warning: `a` sends an empty title and message".into()
            )]
        );
    }

    #[test]
    fn title_alone_or_message_alone_is_enough() {
        let text =
            "[[errors]]\nid = \"a\"\ntitle = \"A\"\n[[errors]]\nid = \"b\"\nmessage = \"B\"\n";
        assert!(run_lint(super::check, text).is_empty());
    }
}
