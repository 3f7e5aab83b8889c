//! An example whose body no longer matches what rendering produces.

use errcat_catalog::Diagnostic;

use super::Context;
use crate::examples::{example_profile, normalized, render_example};

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let parsed = context.parsed;
    let catalog = &parsed.catalog;
    // A catalog that does not compile is reported by `unknown-profile`.
    let Ok(compiled) = &context.compiled else {
        return;
    };
    for (index, entry) in catalog.entries.iter().enumerate() {
        for (number, example) in entry.examples.iter().enumerate() {
            let span = parsed
                .spans
                .entries
                .get(index)
                .and_then(|s| s.examples.get(number))
                .cloned();
            let name = example
                .name
                .clone()
                .unwrap_or_else(|| format!("example {}", number + 1));
            // An unknown profile is reported by `unknown-profile`.
            let Ok(profile) = example_profile(catalog, example) else {
                continue;
            };
            let expected = match normalized(example.body.as_bytes()) {
                Ok(expected) => expected,
                Err(error) => {
                    diagnostics.push(
                        Diagnostic::error(
                            "example-mismatch",
                            format!("{name} of `{}`: body is not JSON ({error})", entry.id),
                        )
                        .at(span),
                    );
                    continue;
                }
            };
            let Some(rendered) = render_example(compiled, &entry.id, profile, &example.input)
            else {
                continue;
            };
            let actual = normalized(&rendered.body).expect("rendered bodies are JSON");
            if actual != expected {
                diagnostics.push(
                    Diagnostic::error(
                        "example-mismatch",
                        format!(
                            "{name} of `{}` no longer matches what the {profile} profile renders",
                            entry.id
                        ),
                    )
                    .at(span)
                    .label("this example")
                    .help(first_difference(&expected, &actual, &entry.id)),
                );
            }
        }
    }
}

fn first_difference(expected: &str, actual: &str, id: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    loop {
        match (expected_lines.next(), actual_lines.next()) {
            (Some(e), Some(a)) if e == a => continue,
            (e, a) => {
                return format!(
                    "the example says `{}` where errcat renders `{}`; `errcat render {id}` prints the whole body",
                    e.unwrap_or("(end)").trim(),
                    a.unwrap_or("(end)").trim()
                );
            }
        }
    }
}
