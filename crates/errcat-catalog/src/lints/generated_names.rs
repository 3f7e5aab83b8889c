//! Two live entries whose ids `errcat::catalog!` would turn into the same
//! Rust function or type (`Contact_Gone`, `contact_gone`), or two params of
//! one entry into the same argument (`fooBar`, `foo_bar`): the Rust build
//! refuses the catalog. A warning, not an error: docs, clients and services
//! that take the catalog at run time do not mind (exact duplicates are
//! `duplicate-id`'s).

use std::collections::HashMap;

use super::{Context, clipped};
use crate::diagnostic::Diagnostic;
use crate::rust_names::{param_name, rust_name, type_name};

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    // Each name with where it was first generated; a message names that
    // place by line, so a message is as long as its own entry's names.
    let mut functions: HashMap<String, usize> = HashMap::new();
    let mut types: HashMap<String, usize> = HashMap::new();
    let line_of = |span: Option<std::ops::Range<usize>>| {
        span.map_or(0, |span| context.line_col(span.start).0)
    };
    // Retired entries get no constructor.
    for (index, entry) in context.entries().filter(|(_, entry)| !entry.is_retired()) {
        let function = rust_name(&entry.id);
        let clash = match functions.get(&function) {
            // The same id again is `duplicate-id`'s.
            Some(&first) if context.parsed.catalog.entries[first].id == entry.id => None,
            Some(&first) => Some((first, format!("`{function}`"))),
            None => {
                let generated = type_name(&function);
                let clash = types
                    .get(&generated)
                    .map(|&first| (first, format!("type `{generated}`")));
                types.entry(generated).or_insert(index);
                functions.insert(function, index);
                clash
            }
        };
        if let Some((first, name)) = clash {
            let line = line_of(context.entry_span(first, "id"));
            diagnostics.push(
                Diagnostic::warning(
                    "generated-names",
                    format!(
                        "`{}` would be generated as {name}, as the entry on line {line} is",
                        clipped(&entry.id)
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
                let line = line_of(context.param_span(index, first));
                diagnostics.push(
                    Diagnostic::warning(
                        "generated-names",
                        format!(
                            "param `{}` would be generated as argument `{argument}`, as the param on line {line} is",
                            clipped(name)
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
                    "Warning: `contact_gone` would be generated as `contact_gone`, as the entry on line 2 is"
                        .into()
                ),
                (
                    "8:6".into(),
                    "Warning: `a1b` would be generated as type `A1b`, as the entry on line 6 is".into()
                ),
                (
                    "12:8".into(),
                    "Warning: param `foo_bar` would be generated as argument `foo_bar`, as the param on line 11 is"
                        .into()
                ),
            ]
        );
    }

    /// A long first id and many that collide with it: each message names
    /// the first by its line, so the messages grow with the input, not with
    /// the first id times the others.
    #[test]
    fn messages_stay_as_long_as_their_own_entry() {
        let mut text = format!("[[errors]]\nid = \"a{}b\"\n", "-".repeat(100_000));
        for n in 0..2_000u32 {
            let separator = char::from_u32(0x100 + n).unwrap();
            text.push_str(&format!("[[errors]]\nid = \"a{separator}b\"\n"));
        }
        let found = run_lint(super::check, &text);
        assert_eq!(found.len(), 2_000);
        let written: usize = found.iter().map(|(_, message)| message.len()).sum();
        assert!(written < 200_000, "{written} bytes of messages");
    }

    #[test]
    fn a_retired_entry_s_name_is_free_and_exact_duplicates_are_left_to_duplicate_id() {
        let text = "[[errors]]\nid = \"Gone\"\nretired = true\n[[errors]]\nid = \"gone\"\n\
                    [[errors]]\nid = \"x\"\n[[errors]]\nid = \"x\"\n";
        assert!(run_lint(super::check, text).is_empty());
    }
}
