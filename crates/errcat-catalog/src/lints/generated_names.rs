//! Two live entries whose ids `errcat::catalog!` would turn into the same
//! Rust function or type (`Contact_Gone`, `contact_gone`), or two params of
//! one entry into the same argument (`fooBar`, `foo_bar`): the Rust build
//! refuses the catalog. A warning, not an error: docs, clients and services
//! that take the catalog at run time do not mind (exact duplicates are
//! `duplicate-id`'s).

use std::collections::HashMap;

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::rust_names::{param_name, rust_name, type_name};

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut functions: HashMap<String, &str> = HashMap::new();
    let mut types: HashMap<String, &str> = HashMap::new();
    // Retired entries get no constructor.
    for (index, entry) in context.entries().filter(|(_, entry)| !entry.is_retired()) {
        let function = rust_name(&entry.id);
        let clash = match functions.get(&function) {
            Some(&first) if first != entry.id => Some((first, format!("`{function}`"))),
            Some(_) => None,
            None => {
                let generated = type_name(&function);
                let clash = types
                    .get(&generated)
                    .map(|&first| (first, format!("type `{generated}`")));
                types.entry(generated).or_insert(&entry.id);
                functions.insert(function, &entry.id);
                clash
            }
        };
        if let Some((first, name)) = clash {
            diagnostics.push(
                Diagnostic::warning(
                    "generated-names",
                    format!(
                        "`{}` and `{first}` would both be generated as {name}",
                        entry.id
                    ),
                )
                .at(context.entry_span(index, "id"))
                .label("the Rust name of another entry")
                .help("rename one of the ids: `errcat::catalog!` refuses the catalog (other targets do not mind)"),
            );
        }
        let mut arguments: HashMap<String, &str> = HashMap::new();
        for name in entry.params.keys() {
            let argument = param_name(name);
            if let Some(first) = arguments.insert(argument.clone(), name) {
                diagnostics.push(
                    Diagnostic::warning(
                        "generated-names",
                        format!(
                            "params `{name}` and `{first}` of `{}` would both be generated as argument `{argument}`",
                            entry.id
                        ),
                    )
                    .at(context.param_span(index, name))
                    .label("the Rust name of another param")
                    .help("rename one of the params: `errcat::catalog!` refuses the catalog (other targets do not mind)"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn ids_and_params_with_one_rust_name_are_reported_at_the_second() {
        let text = "[[errors]]\nid = \"Contact_Gone\"\n[[errors]]\nid = \"contact_gone\"\n\
                    [[errors]]\nid = \"a_1b\"\n[[errors]]\nid = \"a1b\"\n\
                    [[errors]]\nid = \"b\"\nparams.fooBar = \"string\"\nparams.foo_bar = \"int\"\n";
        assert_eq!(
            run_lint(super::check, text),
            [
                (
                    "4:6".into(),
                    "Warning: `contact_gone` and `Contact_Gone` would both be generated as `contact_gone`"
                        .into()
                ),
                (
                    "8:6".into(),
                    "Warning: `a1b` and `a_1b` would both be generated as type `A1b`".into()
                ),
                (
                    "12:8".into(),
                    "Warning: params `foo_bar` and `fooBar` of `b` would both be generated as argument `foo_bar`"
                        .into()
                ),
            ]
        );
    }

    #[test]
    fn a_retired_entry_s_name_is_free_and_exact_duplicates_are_left_to_duplicate_id() {
        let text = "[[errors]]\nid = \"Gone\"\nretired = true\n[[errors]]\nid = \"gone\"\n\
                    [[errors]]\nid = \"x\"\n[[errors]]\nid = \"x\"\n";
        assert!(run_lint(super::check, text).is_empty());
    }
}
