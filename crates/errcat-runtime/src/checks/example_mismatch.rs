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
            // An XML body is compared as text, its surrounding white space aside.
            if profile.reading().xml {
                let Some(rendered) = render_example(compiled, &entry.id, profile, &example.input)
                else {
                    continue;
                };
                let actual = String::from_utf8_lossy(&rendered.body);
                let (expected, actual) = (example.body.trim(), actual.trim());
                if actual != expected {
                    diagnostics.push(mismatch(&name, &entry.id, profile, span, expected, actual));
                }
                continue;
            }
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
                diagnostics.push(mismatch(
                    &name, &entry.id, profile, span, &expected, &actual,
                ));
            }
        }
    }
}

/// An example that no longer matches: where, and its first differing line.
fn mismatch(
    name: &str,
    id: &str,
    profile: crate::Profile,
    span: Option<std::ops::Range<usize>>,
    expected: &str,
    actual: &str,
) -> Diagnostic {
    Diagnostic::error(
        "example-mismatch",
        format!("{name} of `{id}` no longer matches what the {profile} profile renders"),
    )
    .at(span)
    .label("this example")
    .help(first_difference(expected, actual, id))
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

#[cfg(test)]
mod tests {
    /// A catalog in an XML profile whose example is `body`.
    fn xml_catalog(body: &str) -> String {
        format!(
            "[catalog]\nprofile = \"s3\"\n\n[profiles.s3]\nbody = '<Error><Code>{{code}}</Code><Field>{{field.name}}</Field></Error>'\n\n\
             [[errors]]\nid = \"Bad\"\nstatus = 400\nmessage = \"Bad\"\n\n[[errors.examples]]\nbody = '''\n{body}\n'''\n\n\
             [errors.examples.input]\nfields = [{{ field = \"a\", message = \"m\" }}]\n"
        )
    }

    fn check(text: &str) -> Vec<String> {
        let parsed = crate::catalog::parse(crate::catalog::SourceFile::new("x.toml", text));
        match crate::check(parsed) {
            Ok(_) => Vec::new(),
            Err(report) => report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.message.clone())
                .collect(),
        }
    }

    #[test]
    fn an_xml_example_is_compared_as_text() {
        assert_eq!(
            check(&xml_catalog(
                "<Error><Code>Bad</Code><Field>a</Field></Error>"
            )),
            Vec::<String>::new()
        );
        assert_eq!(
            check(&xml_catalog(
                "<Error><Code>Bad</Code><Field>b</Field></Error>"
            )),
            ["example 1 of `Bad` no longer matches what the s3 profile renders"]
        );
    }
}
