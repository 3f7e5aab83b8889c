//! Plural arms against the locale's CLDR rules: an arm for a category the
//! language never uses is dead text, and a category it uses with no arm of
//! its own falls to `other` ("1 полей"), both likely mistakes.

use super::{Context, TextField};
use crate::diagnostic::Diagnostic;
use crate::plural::{PluralCategory, category_name, rules_for};
use crate::template::{ArmKey, ChoiceKind, Template};

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let catalog = &context.parsed.catalog;
    let source = catalog.source_locale();
    if let Some(rules) = rules_for(source) {
        let used = rules.categories();
        for (index, texts) in context.texts.iter().enumerate() {
            for (field, parsed) in texts {
                let Some(Ok(template)) = parsed else { continue };
                check_template(template, source, &used, diagnostics, |span| {
                    context.text_span(index, *field, span)
                });
            }
        }
    }
    // Rules once per language, not once per translation.
    let mut by_locale: std::collections::HashMap<&str, Option<Vec<PluralCategory>>> =
        std::collections::HashMap::new();
    for translation in &context.translations {
        let used = by_locale
            .entry(translation.locale)
            .or_insert_with(|| rules_for(translation.locale).map(|rules| rules.categories()));
        let Some(used) = used.as_ref() else { continue };
        for (field, parsed) in &translation.texts {
            let Some(Ok(template)) = parsed else { continue };
            let field: TextField = *field;
            check_template(template, translation.locale, used, diagnostics, |span| {
                translation.text_span(field, span)
            });
        }
    }
}

fn check_template(
    template: &Template,
    locale: &str,
    used: &[PluralCategory],
    diagnostics: &mut Vec<Diagnostic>,
    span_of: impl Fn(std::ops::Range<usize>) -> Option<std::ops::Range<usize>>,
) {
    for choice in template.choices() {
        if choice.kind != ChoiceKind::Plural {
            continue;
        }
        for arm in &choice.arms {
            if let ArmKey::Category(category) = arm.key
                && !used.contains(&category)
            {
                diagnostics.push(
                    Diagnostic::warning(
                        "plural-categories",
                        format!(
                            "`{locale}` never chooses `{}`: this arm is never sent",
                            category_name(category)
                        ),
                    )
                    .at(span_of(arm.key_span.clone()))
                    .label("not a category of this language")
                    .help(format!("`{locale}` has {}", names(used))),
                );
            }
        }
        let missing: Vec<PluralCategory> = used
            .iter()
            .copied()
            .filter(|category| {
                *category != PluralCategory::Other
                    && !choice
                        .arms
                        .iter()
                        .any(|arm| arm.key == ArmKey::Category(*category))
            })
            .collect();
        if !missing.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    "plural-categories",
                    format!(
                        "plural of `{}` has no {} arm: `{locale}` numbers of that form get `other`",
                        choice.placeholder.name,
                        names(&missing)
                    ),
                )
                .at(span_of(choice.placeholder.span.clone()))
                .help(format!("`{locale}` has {}", names(used))),
            );
        }
    }
}

fn names(categories: &[PluralCategory]) -> String {
    let names: Vec<String> = categories
        .iter()
        .map(|category| format!("`{}`", category_name(*category)))
        .collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    const ENTRY: &str = "[[errors]]\nid = \"a\"\nmessage = \"{n, plural, one {# field} other {# fields}}\"\nparams.n = \"int\"\n";

    #[test]
    fn a_russian_plural_without_few_and_many_is_reported() {
        let text = format!(
            "{ENTRY}[translations.ru.a]\nmessage = \"{{n, plural, one {{# поле}} other {{# полей}}}}\"\n"
        );
        assert_eq!(
            run_lint(super::check, &text),
            [("6:12".into(), "Warning: plural of `n` has no `few`, `many` arm: `ru` numbers of that form get `other`".into())]
        );
    }

    #[test]
    fn an_arm_the_language_never_chooses_is_reported() {
        let text = format!(
            "{ENTRY}[translations.ja.a]\nmessage = \"{{n, plural, one {{# 件}} other {{# 件}}}}\"\n"
        );
        assert_eq!(
            run_lint(super::check, &text),
            [(
                "6:24".into(),
                "Warning: `ja` never chooses `one`: this arm is never sent".into()
            )]
        );
    }

    #[test]
    fn complete_forms_pass() {
        let text = format!(
            "{ENTRY}[translations.ru.a]\nmessage = \"{{n, plural, one {{# поле}} few {{# поля}} many {{# полей}} other {{# поля}}}}\"\n"
        );
        assert!(run_lint(super::check, &text).is_empty());
    }
}
