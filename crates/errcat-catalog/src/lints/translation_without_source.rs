//! A translation of text the entry does not have (a French `suggestion` for
//! an entry with none): clients of that language get text no one else does,
//! and nothing can tell when it goes out of date.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::translation::{fields, source_text};

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let catalog = &context.parsed.catalog;
    let source = catalog.source_locale();
    for (translation, entry) in context.translated_entries() {
        for field in fields(translation.translation) {
            if !source_text(entry, field).is_empty() {
                continue;
            }
            diagnostics.push(
                Diagnostic::warning(
                    "translation-without-source",
                    format!(
                        "the `{}` translation of `{}` has a {field}, which the `{source}` entry does not",
                        translation.locale, entry.id
                    ),
                )
                .at(translation.span(field))
                .label(format!("no `{source}` {field} to translate"))
                .help(format!(
                    "write the {field} in the entry too, so every language sends it and a change to it marks this one stale; or remove it here"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn a_translated_field_the_entry_lacks_is_reported_at_it() {
        let text = "[[errors]]\nid = \"a\"\nmessage = \"Not found\"\n\
                    [translations.fr.a]\nmessage = \"Introuvable\"\nsuggestion = \"Vérifiez.\"\n";
        assert_eq!(
            run_lint(super::check, text),
            [(
                "6:14".into(),
                "Warning: the `fr` translation of `a` has a suggestion, which the `en` entry does not"
                    .into()
            )]
        );
        let both = text.replace(
            "message = \"Not found\"",
            "message = \"Not found\"\nsuggestion = \"Check.\"",
        );
        assert_eq!(run_lint(super::check, &both), []);
    }
}
