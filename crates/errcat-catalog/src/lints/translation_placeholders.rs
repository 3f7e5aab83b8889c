//! A translation's placeholders must be the entry's params: one naming no
//! param could never be filled (an error), and one the source shows but the
//! translation drops loses information in that language (a warning).

use std::collections::HashSet;

use super::{Context, first_few};
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
            // In the source's order, each once (a set: a source with many
            // placeholders is checked in linear time).
            let mut dropped: Vec<&str> = Vec::new();
            let mut seen: HashSet<&str> = HashSet::new();
            // Only declared params: an undeclared one is the source's own error.
            for placeholder in source.placeholders() {
                let name = placeholder.name.as_str();
                if entry.params.contains_key(name)
                    && !used.contains(name)
                    && !misspelled.contains(name)
                    && seen.insert(name)
                {
                    dropped.push(name);
                }
            }
            if !dropped.is_empty() {
                diagnostics.push(
                    Diagnostic::warning(
                        "translation-placeholders",
                        format!(
                            "the `{}` {} of `{}` drops {}, which the source shows",
                            translation.locale,
                            field.key(),
                            entry.id,
                            first_few(&dropped, |name| format!("`{{{name}}}`"))
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

/// The entry's params, the first few named: each unknown placeholder gets
/// this help, so its length must not grow with the params (n unknown
/// placeholders against n params would print n² names).
fn params_help(entry: &crate::model::Entry) -> String {
    if entry.params.is_empty() {
        return "the entry has no params; placeholders are filled from the entry's `params`".into();
    }
    let first: Vec<&str> = entry.params.keys().take(FEW).map(String::as_str).collect();
    let mut names = first_few(&first, |name| format!("`{{{name}}}`"));
    if entry.params.len() > first.len() {
        names.push_str(&format!(", and {} more", entry.params.len() - first.len()));
    }
    format!("the entry's params are {names}")
}

/// How many params [`params_help`] names ([`first_few`] shows five).
const FEW: usize = 5;

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

    /// n unknown placeholders against n params, and a translation that
    /// drops n: every message and help stays short, so the report grows
    /// with n, not n².
    #[test]
    fn many_params_make_reports_of_bounded_length() {
        let n = 20_000;
        let names = |prefix: &str| -> String {
            (0..n)
                .map(|i| format!("{{{prefix}{i}}}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let params: String = (0..n).map(|i| format!("p{i} = \"string\", ")).collect();
        let entry = format!(
            "[[errors]]\nid = \"a\"\nmessage = \"{}\"\nparams = {{ {} }}\n",
            names("p"),
            params.trim_end_matches(", ")
        );
        let unknown = format!("{entry}[translations.fr.a]\nmessage = \"{}\"\n", names("q"));
        let helps = crate::lints::test_support::lint_helps(super::check, &unknown);
        assert_eq!(
            helps.len(),
            n + 1,
            "each unknown one, then the dropped ones"
        );
        assert_eq!(
            helps[super::SUGGESTED].as_deref(),
            Some("the entry's params are `{p0}`, `{p1}`, `{p2}`, `{p3}`, `{p4}`, and 19995 more")
        );
        let dropped = run_lint(
            super::check,
            &format!("{entry}[translations.fr.a]\nmessage = \"nothing\"\n"),
        );
        assert_eq!(
            dropped,
            [(
                "6:11".into(),
                "Warning: the `fr` message of `a` drops `{p0}`, `{p1}`, `{p2}`, `{p3}`, `{p4}`, and 19995 more, which the source shows".into()
            )]
        );
    }

    #[test]
    fn placeholders_inside_plural_arms_count() {
        let text = "[[errors]]\nid = \"a\"\nmessage = \"{n, plural, one {# field} other {# fields}} in {form}\"\nparams = { n = \"int\", form = \"string\" }\n[translations.ru.a]\nmessage = \"{n, plural, one {# поле} few {# поля} many {# полей} other {# поля}} в {form}\"\n";
        assert!(run_lint(super::check, text).is_empty());
    }
}
