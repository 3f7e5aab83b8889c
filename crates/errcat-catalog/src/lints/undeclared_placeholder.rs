//! A placeholder in a message that names no declared param: it could never be filled.
//!
//! Reported once per name and entry, at its first use, however often it repeats.

use std::collections::HashMap;

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::load::closest;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (index, entry) in context.entries() {
        let mut uses: HashMap<&str, usize> = HashMap::new();
        for (_, parsed) in &context.texts[index] {
            let Some(Ok(template)) = parsed else { continue };
            for placeholder in template.placeholders() {
                if !entry.params.contains_key(&placeholder.name) {
                    *uses.entry(placeholder.name.as_str()).or_default() += 1;
                }
            }
        }
        for (field, parsed) in &context.texts[index] {
            let Some(Ok(template)) = parsed else { continue };
            for placeholder in template.placeholders() {
                // Taking the count reports each name once, at its first use.
                let Some(count) = uses.remove(placeholder.name.as_str()) else {
                    continue;
                };
                let label = match count {
                    1 => "no param with this name".to_owned(),
                    n => format!("no param with this name (used {n} times)"),
                };
                let mut diagnostic = Diagnostic::error(
                    "undeclared-placeholder",
                    format!(
                        "placeholder `{{{}}}` in `{}` is not a declared param",
                        placeholder.name, entry.id
                    ),
                )
                .at(context.text_span(index, *field, placeholder.span.clone()))
                .label(label);
                let near = closest(&placeholder.name, entry.params.keys().map(String::as_str));
                diagnostic = match near {
                    Some(near) => diagnostic.help(format!("did you mean `{{{near}}}`?")),
                    None => diagnostic.help(format!(
                        "declare it: `params.{} = \"string\"` in this entry",
                        toml_key(&placeholder.name)
                    )),
                };
                diagnostics.push(diagnostic);
            }
        }
    }
}

fn toml_key(name: &str) -> String {
    if name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        name.to_owned()
    } else {
        format!("{name:?}")
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn undeclared_placeholder_is_reported_with_its_span() {
        let found = run_lint(
            super::check,
            "[[errors]]\nid = \"a\"\nmessage = \"No contact {idd}\"\nparams.id = \"string\"\n",
        );
        assert_eq!(
            found,
            [(
                "3:23".into(),
                "Error: placeholder `{idd}` in `a` is not a declared param".into()
            )]
        );
    }

    #[test]
    fn a_repeated_undeclared_placeholder_is_reported_once_per_name() {
        let message = "{x}{y}".repeat(10_000);
        let text =
            format!("[[errors]]\nid = \"a\"\ntitle = \"{{x}} {{z}}\"\nmessage = \"{message}\"\n");
        let found = run_lint(super::check, &text);
        assert_eq!(
            found,
            [
                (
                    "3:10".into(),
                    "Error: placeholder `{x}` in `a` is not a declared param".into()
                ),
                (
                    "3:14".into(),
                    "Error: placeholder `{z}` in `a` is not a declared param".into()
                ),
                (
                    "4:15".into(),
                    "Error: placeholder `{y}` in `a` is not a declared param".into()
                ),
            ]
        );
    }

    #[test]
    fn declared_named_and_positional_placeholders_pass() {
        let text = "[[errors]]\nid = \"a\"\nmessage = \"{0} and {name:q}\"\n[errors.params]\n0 = \"string\"\nname = \"string\"\n";
        assert!(run_lint(super::check, text).is_empty());
    }
}
