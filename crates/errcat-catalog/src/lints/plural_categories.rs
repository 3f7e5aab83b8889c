//! Plural forms against their argument and the locale's CLDR rules: a
//! plural chooses by a number, so its param must be `int` or `float` (an
//! error); an arm for a category the language never uses is dead text, and
//! a category it uses with no arm of its own falls to `other` ("1 полей")
//! (warnings). An `=N` arm stands in for a category whose only whole number
//! is N (English `one` is 1), as in `=0 {...} =1 {...} other {...}`.

use indexmap::IndexMap;

use super::{Context, TextField};
use crate::diagnostic::Diagnostic;
use crate::model::{Param, ParamType};
use crate::plural::{PluralCategory, category_name, rules_for};
use crate::template::{ArmKey, ChoiceKind, Template};

/// What the check needs of a language's rules.
struct Language {
    /// The categories it uses, in CLDR order.
    used: Vec<PluralCategory>,
    /// Categories with a single whole number below 1000, and that number.
    sole: Vec<(PluralCategory, i64)>,
}

impl Language {
    /// The language of `tag`, where it names one (`unknown-locale` reports
    /// a tag that does not: its root rules would flag every arm but `other`).
    fn of(tag: &str) -> Option<Language> {
        if !crate::plural::names_a_language(tag) {
            return None;
        }
        let rules = rules_for(tag)?;
        let used = rules.categories();
        let sole = used
            .iter()
            .filter_map(|&category| {
                let mut numbers = (0..1000).filter(|&n| rules.category_of_int(n) == category);
                let first = numbers.next()?;
                numbers.next().is_none().then_some((category, first))
            })
            .collect();
        Some(Language { used, sole })
    }
}

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let catalog = &context.parsed.catalog;
    let source = catalog.source_locale();
    let source_language = Language::of(source);
    for (index, texts) in context.texts.iter().enumerate() {
        let params = &catalog.entries[index].params;
        for (field, parsed) in texts {
            let Some(Ok(template)) = parsed else { continue };
            check_template(
                template,
                source,
                source_language.as_ref(),
                params,
                diagnostics,
                |span| context.text_span(index, *field, span),
            );
        }
    }
    // Rules once per language, not once per translation.
    let mut by_locale: std::collections::HashMap<&str, Option<Language>> =
        std::collections::HashMap::new();
    for (translation, entry) in context.translated_entries() {
        let params = &entry.params;
        let language = by_locale
            .entry(translation.locale)
            .or_insert_with(|| Language::of(translation.locale));
        for (field, parsed) in &translation.texts {
            let Some(Ok(template)) = parsed else { continue };
            let field: TextField = *field;
            check_template(
                template,
                translation.locale,
                language.as_ref(),
                params,
                diagnostics,
                |span| translation.text_span(field, span),
            );
        }
    }
}

fn check_template(
    template: &Template,
    locale: &str,
    language: Option<&Language>,
    params: &IndexMap<String, Param>,
    diagnostics: &mut Vec<Diagnostic>,
    span_of: impl Fn(std::ops::Range<usize>) -> Option<std::ops::Range<usize>>,
) {
    for choice in template.choices() {
        if choice.kind != ChoiceKind::Plural {
            continue;
        }
        let name = &choice.placeholder.name;
        if let Some(param) = params.get(name)
            && !matches!(param.kind(), ParamType::Int | ParamType::Float)
        {
            diagnostics.push(
                Diagnostic::error(
                    "plural-categories",
                    format!("plural of `{name}`, a {} param: a plural chooses by a number", param.kind()),
                )
                .at(span_of(choice.placeholder.span.clone()))
                .help(format!("declare it `params.{name} = \"int\"`, or use `{{{name}, select, ...}}` to choose by text")),
            );
        }
        let Some(Language { used, sole }) = language else {
            continue;
        };
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
        let exact = |number: i64| {
            choice.arms.iter().any(
                |arm| matches!(&arm.key, ArmKey::Exact(written) if written.parse::<i64>() == Ok(number)),
            )
        };
        let missing: Vec<PluralCategory> = used
            .iter()
            .copied()
            .filter(|category| {
                *category != PluralCategory::Other
                    && !choice
                        .arms
                        .iter()
                        .any(|arm| arm.key == ArmKey::Category(*category))
                    && !sole
                        .iter()
                        .any(|(sole_category, number)| sole_category == category && exact(*number))
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
    fn exact_arms_stand_in_for_a_category_of_one_number() {
        let text = "[[errors]]\nid = \"a\"\nmessage = \"{n, plural, =0 {none} =1 {one item} other {# items}}\"\nparams.n = \"int\"\n";
        assert_eq!(run_lint(super::check, text), []);
        // Russian `one` is 1, 21, 31...: `=1` does not cover it.
        let text = format!(
            "{text}[translations.ru.a]\nmessage = \"{{n, plural, =1 {{один}} few {{# штуки}} many {{# штук}} other {{# штуки}}}}\"\n"
        );
        assert_eq!(run_lint(super::check, &text).len(), 1);
    }

    #[test]
    fn a_plural_of_a_text_param_is_an_error() {
        let text = "[[errors]]\nid = \"a\"\nmessage = \"{kind, plural, one {# x} other {# xs}}\"\nparams.kind = \"string\"\n";
        assert_eq!(
            run_lint(super::check, text),
            [(
                "3:12".into(),
                "Error: plural of `kind`, a string param: a plural chooses by a number".into()
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
