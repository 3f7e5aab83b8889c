//! A translation of an entry the catalog does not have: a typo, or an entry
//! since renamed, whose text would never be sent.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::load::closest;

/// How many unknown ids get a "did you mean": each compares with every
/// entry id, so past this a catalog of thousands stays linear.
const SUGGESTED: usize = 32;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut suggested = 0;
    for translation in &context.translations {
        // An entry left out for its own errors is reported there.
        if translation.entry.is_some() || context.unreadable_entries.contains(translation.id) {
            continue;
        }
        suggested += 1;
        let mut diagnostic = Diagnostic::error(
            "translation-unknown-entry",
            format!(
                "`{}` translates `{}`, which is not an entry",
                translation.locale, translation.id
            ),
        )
        .at(translation.id_span())
        .label("no entry has this id");
        let ids = context.parsed.catalog.entries.iter().map(|e| e.id.as_str());
        let near = (suggested <= SUGGESTED)
            .then(|| closest(translation.id, ids))
            .flatten();
        diagnostic = match near {
            Some(near) => diagnostic.help(format!("did you mean `{near}`?")),
            None => diagnostic.help(format!(
                "remove it, or name an entry of this catalog; to translate an error the \
                 framework sends (such as `method_not_allowed`), add an `[[errors]]` entry with \
                 its id (`id = \"{}\"`), which overrides it",
                translation.id
            )),
        };
        diagnostics.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::{lint_after_read_errors, run_lint};

    #[test]
    fn a_translation_of_a_missing_entry_is_reported_at_its_id() {
        let text = "[[errors]]\nid = \"not_found\"\nmessage = \"x\"\n[translations.fr.not_fuond]\nmessage = \"y\"\n[translations.fr.not_found]\nmessage = \"z\"\n";
        assert_eq!(
            run_lint(super::check, text),
            [(
                "4:18".into(),
                "Error: `fr` translates `not_fuond`, which is not an entry".into()
            )]
        );
    }

    #[test]
    fn a_translation_of_an_entry_left_out_for_its_errors_is_not_reported_again() {
        let text = "[[errors]]\nid = \"not_found\"\nmessage = \"x\"\ncause = \"typo\"\n[translations.fr.not_found]\nmessage = \"y\"\n";
        assert_eq!(
            lint_after_read_errors(super::check, text),
            (vec!["unknown-key"], vec![])
        );
    }
}
