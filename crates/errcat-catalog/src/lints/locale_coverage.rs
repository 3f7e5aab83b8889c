//! A locale that misses entries: clients asking for it get those in the
//! catalog's own language. One warning per locale, with the count; the
//! entries are listed in `errcat check --json` (`items`).

use super::Context;
use crate::diagnostic::Diagnostic;

/// How many missing ids the text of the warning names.
const SHOWN: usize = 5;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let catalog = &context.parsed.catalog;
    let sent: Vec<&str> = catalog
        .entries
        .iter()
        .filter(|entry| !entry.is_retired())
        .map(|entry| entry.id.as_str())
        .collect();
    for (tag, translations) in &catalog.translations {
        if tag.eq_ignore_ascii_case(catalog.source_locale()) {
            continue;
        }
        let missing: Vec<String> = sent
            .iter()
            .filter(|id| !translations.contains_key(**id))
            .map(|id| (*id).to_owned())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let mut shown: Vec<String> = missing
            .iter()
            .take(SHOWN)
            .map(|id| format!("`{id}`"))
            .collect();
        if missing.len() > SHOWN {
            shown.push(format!("and {} more", missing.len() - SHOWN));
        }
        diagnostics.push(
            Diagnostic::warning(
                "locale-coverage",
                format!(
                    "`{tag}` misses {} of {} entries; they are sent in `{}`",
                    missing.len(),
                    sent.len(),
                    catalog.source_locale()
                ),
            )
            .at(context.locale_span(tag))
            .label(format!("missing: {}", shown.join(", ")))
            .help("`errcat check --json` lists every missing entry under `items`")
            .items(missing),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn one_warning_per_locale_counts_what_it_misses() {
        let mut text = String::new();
        for id in ["a", "b", "c"] {
            text.push_str(&format!("[[errors]]\nid = \"{id}\"\nmessage = \"x\"\n"));
        }
        text.push_str("[translations.fr.a]\nmessage = \"y\"\n[translations.de.a]\nmessage = \"y\"\n[translations.de.b]\nmessage = \"y\"\n[translations.de.c]\nmessage = \"y\"\n");
        assert_eq!(
            run_lint(super::check, &text),
            [(
                "10:15".into(),
                "Warning: `fr` misses 2 of 3 entries; they are sent in `en`".into()
            )]
        );
    }
}
