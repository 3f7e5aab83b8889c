//! A translation made from older source text, or one that does not say what
//! it was made from: `translated_from` stamps the source text, and a change
//! to it since marks the translation stale, naming the field that changed.

use super::{Context, first_few};
use crate::diagnostic::{Diagnostic, shell_word};
use crate::translation::{Freshness, freshness, stamp, unreadable_stamp_parts};

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let catalog = &context.parsed.catalog;
    let source = catalog.source_locale();
    for (translation, entry) in context.translated_entries() {
        // A tag that is no language tag is `unknown-locale`'s error: a stamp
        // command for it would be refused too.
        if crate::plural::parse_locale(translation.locale).is_err() {
            continue;
        }
        let current = stamp(entry, translation.translation);
        if current.is_empty() {
            continue;
        }
        let command = format!(
            "errcat stamp {} --locale {} --id {}",
            crate::diagnostic::CATALOG_FILE,
            shell_word(translation.locale),
            shell_word(&entry.id)
        );
        let recorded = translation.translation.translated_from.as_deref();
        let unreadable: Vec<&str> = unreadable_stamp_parts(recorded.unwrap_or_default()).collect();
        if !unreadable.is_empty() {
            // A typo in a stamp would read as a change to the source text.
            let shown = first_few(&unreadable, |part| format!("`{part}`"));
            diagnostics.push(
                Diagnostic::warning(
                    "translation-stale",
                    format!(
                        "the `translated_from` of the `{}` translation of `{}` has {}, which is not `FIELD:HASH`",
                        translation.locale,
                        entry.id,
                        shown
                    ),
                )
                .at(translation.span("translated_from"))
                .label("not a stamp errcat wrote")
                .help(format!(
                    "once the translation matches the `{source}` text, `{command}` writes its stamp (`translated_from = \"{current}\"`)"
                )),
            );
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
                "once it matches the `{source}` text, `{command}` adds `translated_from = \"{current}\"`"
            )),
            Freshness::Stale(fields) => {
                // With a broken stamp, only a field it does record (by a
                // readable part) is known to have changed; the others are
                // the broken parts, named above.
                let recorded_fields: Vec<&str> = recorded
                    .unwrap_or_default()
                    .split_whitespace()
                    .filter(|part| !unreadable.contains(part))
                    .filter_map(|part| part.split_once(':').map(|(field, _)| field))
                    .collect();
                let fields: Vec<&str> = fields
                    .into_iter()
                    .filter(|field| unreadable.is_empty() || recorded_fields.contains(field))
                    .collect();
                if fields.is_empty() {
                    continue;
                }
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
                    "update the translation, then `{command}` sets `translated_from = \"{current}\"`"
                ))
            }
        };
        diagnostics.push(diagnostic);
    }
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
        // Under a tag that is no language tag, `unknown-locale` says what is wrong.
        let misnamed = catalog("Not found", None).replace("translations.fr", "translations.fr_FR");
        assert_eq!(run_lint(super::check, &misnamed), []);
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

    #[test]
    fn a_broken_stamp_still_says_which_recorded_field_changed() {
        let stamp = current_stamp("Not found");
        let upper = stamp.to_uppercase().replace("MESSAGE:", "message:");
        let found = run_lint(super::check, &catalog("Not found", Some(&upper)));
        assert_eq!(
            found.len(),
            1,
            "upper-case hex is no stamp errcat wrote: {found:?}"
        );
        let with_junk = format!("{stamp} mesage:0000");
        let found = run_lint(super::check, &catalog("Nothing found", Some(&with_junk)));
        assert_eq!(
            found
                .iter()
                .map(|(_, message)| message.as_str())
                .collect::<Vec<_>>(),
            [
                "Warning: the `translated_from` of the `fr` translation of `a` has `mesage:0000`, which is not `FIELD:HASH`",
                "Warning: stale: the `en` message of `a` changed since the `fr` translation was written",
            ]
        );
    }

    #[test]
    fn the_help_quotes_an_id_the_shell_would_read_otherwise() {
        assert_eq!(
            crate::diagnostic::shell_word("contact_not_found"),
            "contact_not_found"
        );
        assert_eq!(crate::diagnostic::shell_word("000037[0]"), "'000037[0]'");
        assert_eq!(crate::diagnostic::shell_word("it's"), r"'it'\''s'");
    }
}
