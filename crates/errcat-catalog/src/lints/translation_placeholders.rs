//! A translation's placeholders must be the entry's params: one naming no
//! param could never be filled (an error), and one the source shows but the
//! translation drops loses information in that language (a warning).

use std::collections::HashSet;

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::load::closest;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let entries = &context.parsed.catalog.entries;
    // Nearest names are looked for in the first few reports only, so a
    // hostile catalog costs at most that many searches over an entry's
    // params; past them, a misspelling is reported as an unknown placeholder
    // and the param as dropped, as when nothing is near.
    let mut suggested = 0;
    for translation in &context.translations {
        let Some(index) = translation.entry else {
            continue;
        };
        let entry = &entries[index];
        for (slot, (field, parsed)) in translation.texts.iter().enumerate() {
            let Some(Ok(template)) = parsed else { continue };
            let mut used = HashSet::new();
            // The params misspelled here: not also reported as dropped.
            let mut misspelled: HashSet<&str> = HashSet::new();
            for placeholder in template.placeholders() {
                used.insert(placeholder.name.as_str());
                if entry.params.contains_key(&placeholder.name) {
                    continue;
                }
                suggested += 1;
                let near = (suggested <= SUGGESTED)
                    .then(|| closest(&placeholder.name, entry.params.keys().map(String::as_str)))
                    .flatten();
                let help = match near {
                    Some(near) => {
                        misspelled.insert(near);
                        format!("did you mean `{{{near}}}`?")
                    }
                    None => params_help(entry),
                };
                diagnostics.push(
                    Diagnostic::error(
                        "translation-placeholders",
                        format!(
                            "placeholder `{{{}}}` in the `{}` {} of `{}` is not a param of the entry",
                            placeholder.name,
                            translation.locale,
                            field.key(),
                            entry.id
                        ),
                    )
                    .at(translation.text_span(*field, placeholder.span.clone()))
                    .label("no param with this name")
                    .help(help),
                );
            }
            let Some(Ok(source)) = &context.texts[index][slot].1 else {
                continue;
            };
            let mut dropped: Vec<&str> = Vec::new();
            // Only declared params: an undeclared one is the source's own error.
            for placeholder in source.placeholders() {
                let name = placeholder.name.as_str();
                if entry.params.contains_key(name)
                    && !used.contains(name)
                    && !misspelled.contains(name)
                    && !dropped.contains(&name)
                {
                    dropped.push(name);
                }
            }
            if !dropped.is_empty() {
                let names: Vec<String> =
                    dropped.iter().map(|name| format!("`{{{name}}}`")).collect();
                diagnostics.push(
                    Diagnostic::warning(
                        "translation-placeholders",
                        format!(
                            "the `{}` {} of `{}` drops {}, which the source shows",
                            translation.locale,
                            field.key(),
                            entry.id,
                            names.join(", ")
                        ),
                    )
                    .at(translation.span(field.key()))
                    .help("readers in this language would not see the value; add the placeholder"),
                );
            }
        }
    }
}

/// How many unknown placeholders get a nearest-param suggestion.
const SUGGESTED: usize = 32;

fn params_help(entry: &crate::model::Entry) -> String {
    if entry.params.is_empty() {
        return "the entry has no params; placeholders are filled from the entry's `params`".into();
    }
    let names: Vec<String> = entry
        .params
        .keys()
        .map(|name| format!("`{{{name}}}`"))
        .collect();
    format!("the entry's params are {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    const ENTRY: &str = "[[errors]]\nid = \"a\"\nmessage = \"No contact {id} in {list}\"\nparams = { id = \"string\", list = \"string\" }\n";

    #[test]
    fn an_unknown_placeholder_is_an_error_at_its_place() {
        let text = format!(
            "{ENTRY}[translations.fr.a]\nmessage = \"Aucun contact {{idd}} dans {{list}}\"\n"
        );
        let found = run_lint(super::check, &text);
        // The misspelling is one mistake: `{id}` is not also reported as dropped.
        assert_eq!(
            found,
            [(
                "6:26".into(),
                "Error: placeholder `{idd}` in the `fr` message of `a` is not a param of the entry"
                    .into()
            )]
        );
        assert_eq!(
            crate::lints::test_support::lint_helps(super::check, &text),
            [Some("did you mean `{id}`?".to_owned())]
        );
    }

    #[test]
    fn a_placeholder_named_like_no_param_leaves_the_dropped_one_reported() {
        let text = format!(
            "{ENTRY}[translations.fr.a]\nmessage = \"Aucun contact {{zzz}} dans {{list}}\"\n"
        );
        let found = run_lint(super::check, &text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[1],
            (
                "6:11".into(),
                "Warning: the `fr` message of `a` drops `{id}`, which the source shows".into()
            )
        );
    }

    #[test]
    fn placeholders_inside_plural_arms_count() {
        let text = "[[errors]]\nid = \"a\"\nmessage = \"{n, plural, one {# field} other {# fields}} in {form}\"\nparams = { n = \"int\", form = \"string\" }\n[translations.ru.a]\nmessage = \"{n, plural, one {# поле} few {# поля} many {# полей} other {# поля}} в {form}\"\n";
        assert!(run_lint(super::check, text).is_empty());
    }
}
