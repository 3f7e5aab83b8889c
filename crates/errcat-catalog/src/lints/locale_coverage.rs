//! A locale that misses entries, or translates some only in part: clients
//! asking for it get those (or the parts) in the catalog's own language. One
//! warning per locale for each, with the count; the entries are listed in
//! `errcat check --json` (`items`).

use indexmap::IndexMap;

use super::{Context, first_few};
use crate::diagnostic::Diagnostic;
use crate::model::Translation;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let catalog = &context.parsed.catalog;
    let sent: Vec<&str> = catalog
        .entries
        .iter()
        .filter(|entry| !entry.is_retired())
        .map(|entry| entry.id.as_str())
        .collect();
    // Indexed once: a catalog of many locales stays linear.
    let fallbacks = catalog.locale_fallbacks();
    let source = catalog.source_locale();
    for (tag, translations) in &catalog.translations {
        // A tag that is not a language's is reported as such (`unknown-locale`):
        // what it misses says nothing more.
        if tag.eq_ignore_ascii_case(source) || crate::plural::parse_locale(tag).is_err() {
            continue;
        }
        // What a service sends for an entry the locale leaves out: the
        // nearest shorter locale's translation (`fr` for `fr-CA`).
        let parents: Vec<(&str, &IndexMap<String, Translation>)> = fallbacks
            .of(tag)
            .into_iter()
            .skip(1)
            .filter_map(|parent| Some((parent, catalog.translations.get(parent)?)))
            .collect();
        missing_entries(context, tag, &sent, translations, &parents, diagnostics);
        partly_translated(context, tag, translations, diagnostics);
    }
}

/// Warns when `tag` leaves entries untranslated.
fn missing_entries(
    context: &Context<'_>,
    tag: &str,
    sent: &[&str],
    translations: &IndexMap<String, Translation>,
    parents: &[(&str, &IndexMap<String, Translation>)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let catalog = &context.parsed.catalog;
    let missing: Vec<String> = sent
        .iter()
        .filter(|id| {
            // A translation left out for its own errors is reported there.
            !translations.contains_key(**id)
                && !context.unreadable_translations.contains(&(tag, **id))
                && !parents.iter().any(|(_, parent)| parent.contains_key(**id))
        })
        .map(|id| (*id).to_owned())
        .collect();
    if missing.is_empty() {
        return;
    }
    let shown = first_few(&missing, |id| format!("`{id}`"));
    let help = match parents {
        [] => "`errcat check --json` lists every missing entry under `items`".to_owned(),
        _ => format!(
            "entries it leaves out that {} translates are sent in that language, and not counted; `errcat check --json` lists every missing entry under `items`",
            parents
                .iter()
                .map(|(parent, _)| format!("`{parent}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    };
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
        .label(format!("missing: {shown}"))
        .help(help)
        .items(missing),
    );
}

/// The text a response carries, which a translation should carry whole:
/// a response with some of it untranslated mixes two languages.
const SENT_FIELDS: [&str; 3] = ["title", "message", "suggestion"];

/// Warns when `tag` translates entries only in part: a field the entry
/// sends that its translation lacks goes out in the catalog's language.
fn partly_translated(
    context: &Context<'_>,
    tag: &str,
    translations: &IndexMap<String, Translation>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let catalog = &context.parsed.catalog;
    let mut partial: Vec<(String, Vec<&str>)> = Vec::new();
    for (id, translation) in translations {
        // By the index, not a scan: a catalog of many entries and
        // translations stays linear.
        let entry = context
            .by_id
            .get(id.as_str())
            .map(|&at| &catalog.entries[at]);
        let Some(entry) = entry.filter(|entry| !entry.is_retired()) else {
            continue;
        };
        let untranslated: Vec<&str> = SENT_FIELDS
            .into_iter()
            .filter(|field| {
                !crate::translation::source_text(entry, field).is_empty()
                    && !crate::translation::has_field(translation, field)
            })
            .collect();
        if !untranslated.is_empty() {
            partial.push((id.clone(), untranslated));
        }
    }
    if partial.is_empty() {
        return;
    }
    let mut fields: Vec<&str> = Vec::new();
    for (_, untranslated) in &partial {
        for field in untranslated {
            if !fields.contains(field) {
                fields.push(field);
            }
        }
    }
    let shown = first_few(&partial, |(id, untranslated)| {
        format!("`{id}` ({})", untranslated.join(", "))
    });
    let count = partial.len();
    diagnostics.push(
        Diagnostic::warning(
            "locale-coverage",
            format!(
                "`{tag}` translates {count} {} in part; {} `{}` in the same response",
                if count == 1 { "entry" } else { "entries" },
                if count == 1 {
                    let verb = if fields.len() == 1 { "is" } else { "are" };
                    format!("its {} {verb} sent in", fields.join(" and "))
                } else {
                    format!("their {} are sent in", fields.join(" and "))
                },
                catalog.source_locale()
            ),
        )
        .at(context.locale_span(tag))
        .label(format!("partly: {shown}"))
        .help("translate the rest; `errcat check --json` lists every such entry under `items`")
        .items(partial.into_iter().map(|(id, _)| id).collect()),
    );
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::{lint_after_read_errors, run_lint};

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

    #[test]
    fn a_regional_locale_misses_only_what_its_language_leaves_out_too() {
        let mut text = String::new();
        for id in ["a", "b", "c"] {
            text.push_str(&format!("[[errors]]\nid = \"{id}\"\nmessage = \"x\"\n"));
        }
        // `fr-CA` translates `a`; `fr` gives `b` its text; only `c` goes out in English.
        text.push_str("[translations.fr-CA.a]\nmessage = \"y\"\n[translations.FR.a]\nmessage = \"y\"\n[translations.FR.b]\nmessage = \"y\"\n");
        let warnings: Vec<String> = run_lint(super::check, &text)
            .into_iter()
            .map(|(_, message)| message)
            .collect();
        assert_eq!(
            warnings,
            [
                "Warning: `fr-CA` misses 1 of 3 entries; they are sent in `en`",
                "Warning: `FR` misses 1 of 3 entries; they are sent in `en`",
            ]
        );
    }

    #[test]
    fn two_fields_left_out_of_one_entry_are_plural() {
        let text = "[[errors]]\nid = \"a\"\ntitle = \"A\"\nmessage = \"x\"\nsuggestion = \"Retry.\"\n\
                    [translations.ru.a]\ntitle = \"А\"\n";
        let warnings: Vec<String> = run_lint(super::check, text)
            .into_iter()
            .map(|(_, message)| message)
            .collect();
        assert_eq!(
            warnings,
            [
                "Warning: `ru` translates 1 entry in part; its message and suggestion are sent in `en` in the same response"
            ]
        );
    }

    #[test]
    fn a_translation_missing_text_a_response_sends_is_partial() {
        let text = "[[errors]]\nid = \"a\"\ntitle = \"A\"\nmessage = \"x\"\nsuggestion = \"Retry.\"\ndescription = \"Long.\"\n\
                    [[errors]]\nid = \"b\"\nmessage = \"x\"\n\
                    [translations.ru.a]\ntitle = \"А\"\nmessage = \"y\"\n\
                    [translations.ru.b]\nmessage = \"y\"\n";
        assert_eq!(
            run_lint(super::check, text),
            [(
                "10:15".into(),
                "Warning: `ru` translates 1 entry in part; its suggestion is sent in `en` in the same response".into()
            )],
            "a description is for docs; a missing one mixes nothing"
        );
    }

    #[test]
    fn a_tag_that_names_no_language_or_a_translation_left_out_misses_nothing() {
        let text = "[[errors]]\nid = \"a\"\nmessage = \"x\"\n[[errors]]\nid = \"b\"\nmessage = \"x\"\n\
                    [translations.fr_FR.a]\nmessage = \"y\"\n\
                    [translations.fr.a]\nmessage = \"y\"\ndescripton = \"z\"\n\
                    [translations.fr.b]\nmessage = \"y\"\n";
        assert_eq!(
            lint_after_read_errors(super::check, text),
            (vec!["unknown-key"], vec![]),
            "`fr_FR` is reported by unknown-locale, `fr.a` by its unknown key"
        );
    }
}
