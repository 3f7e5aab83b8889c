//! A translation made from older source text, or one that does not say what
//! it was made from: `translated_from` stamps the source text, and a change
//! to it since marks the translation stale, naming the field that changed.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::translation::{FIELDS, Freshness, freshness, stamp};

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let catalog = &context.parsed.catalog;
    let source = catalog.source_locale();
    for (translation, entry) in context.translated_entries() {
        let current = stamp(entry, translation.translation);
        if current.is_empty() {
            continue;
        }
        let recorded = translation.translation.translated_from.as_deref();
        let unreadable: Vec<&str> = recorded
            .unwrap_or_default()
            .split_whitespace()
            .filter(|part| !is_stamp_part(part))
            .collect();
        if !unreadable.is_empty() {
            // A typo in a stamp would read as a change to the source text.
            diagnostics.push(
                Diagnostic::warning(
                    "translation-stale",
                    format!(
                        "the `translated_from` of the `{}` translation of `{}` has {}, which is not `FIELD:HASH`",
                        translation.locale,
                        entry.id,
                        unreadable
                            .iter()
                            .map(|part| format!("`{part}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .at(translation.span("translated_from"))
                .label("not a stamp errcat wrote")
                .help(format!(
                    "a stamp names {} with 8 hex digits each; once the translation matches the `{source}` text, set `translated_from = \"{current}\"`",
                    FIELDS.join(", ")
                )),
            );
            continue;
        }
        let diagnostic = match freshness(entry, translation.translation) {
            Freshness::Current => continue,
            Freshness::Unstamped => Diagnostic::warning(
                "translation-stale",
                format!(
                    "the `{}` translation of `{}` does not say which `{source}` text it translates",
                    translation.locale, entry.id
                ),
            )
            .at(translation.id_span())
            .label("no `translated_from`")
            .help(format!(
                "once it matches the `{source}` text, `errcat stamp FILE --locale {} --id {}` adds `translated_from = \"{current}\"`",
                translation.locale, entry.id
            )),
            Freshness::Stale(fields) => {
                Diagnostic::warning(
                    "translation-stale",
                    format!(
                        "stale: the `{source}` {} of `{}` changed since the `{}` translation was written",
                        fields.join(" and "),
                        entry.id,
                        translation.locale
                    ),
                )
                .at(translation.span("translated_from"))
                .label("made from older text")
                .help(format!(
                    "update the translation, then `errcat stamp FILE --locale {} --id {}` sets `translated_from = \"{current}\"`",
                    translation.locale, entry.id
                ))
            }
        };
        diagnostics.push(diagnostic);
    }
}

/// Whether `part` of a stamp is `FIELD:HASH`, as [`stamp`] writes it.
fn is_stamp_part(part: &str) -> bool {
    part.split_once(':').is_some_and(|(field, hash)| {
        FIELDS.contains(&field) && hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    fn catalog(message: &str, stamp: Option<&str>) -> String {
        let stamp = stamp
            .map(|s| format!("translated_from = \"{s}\"\n"))
            .unwrap_or_default();
        format!(
            "[[errors]]\nid = \"a\"\nmessage = \"{message}\"\n[translations.fr.a]\n{stamp}message = \"Introuvable\"\n"
        )
    }

    fn current_stamp(message: &str) -> String {
        let found = run_lint(super::check, &catalog(message, None));
        assert_eq!(found.len(), 1, "{found:?}");
        let parsed = crate::load::parse(crate::SourceFile::new("t", catalog(message, None)));
        let entry = &parsed.catalog.entries[0];
        crate::translation::stamp(entry, &parsed.catalog.translations["fr"]["a"])
    }

    #[test]
    fn an_unstamped_translation_is_told_its_stamp() {
        let found = run_lint(super::check, &catalog("Not found", None));
        assert_eq!(
            found,
            [(
                "4:18".into(),
                "Warning: the `fr` translation of `a` does not say which `en` text it translates"
                    .into()
            )]
        );
    }

    #[test]
    fn a_changed_source_marks_the_translation_stale_and_a_current_one_passes() {
        let stamp = current_stamp("Not found");
        assert!(run_lint(super::check, &catalog("Not found", Some(&stamp))).is_empty());
        assert_eq!(
            run_lint(super::check, &catalog("Nothing found", Some(&stamp))),
            [("5:19".into(), "Warning: stale: the `en` message of `a` changed since the `fr` translation was written".into())]
        );
    }

    #[test]
    fn a_stamp_with_a_typo_is_named_not_read_as_a_change() {
        let stamp = current_stamp("Not found");
        let typo = stamp.replace("message:", "mesage:");
        assert_eq!(
            run_lint(super::check, &catalog("Not found", Some(&typo))),
            [(
                "5:19".into(),
                format!(
                    "Warning: the `translated_from` of the `fr` translation of `a` has `{typo}`, which is not `FIELD:HASH`"
                )
            )]
        );
    }
}
