//! An example whose body does not match what rendering produces. A JSON
//! body is compared as JSON: the order of an object's members aside (a
//! vendor's own examples often disagree on it), and the help names the
//! first member that differs.

use std::fmt::Write as _;

use errcat_catalog::Diagnostic;
use serde_json::Value;

use super::Context;
use crate::examples::{example_profile, render_example};

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
                    let difference = first_difference(expected, actual);
                    diagnostics.push(mismatch(&name, &entry.id, profile, span, difference));
                }
                continue;
            }
            let expected: Value = match serde_json::from_str(&example.body) {
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
            let actual: Value =
                serde_json::from_slice(&rendered.body).expect("rendered bodies are JSON");
            // Objects compare without regard to member order.
            if actual != expected {
                let difference = json_difference(&expected, &actual, &mut String::new())
                    .unwrap_or_else(|| "the bodies differ".to_owned());
                diagnostics.push(mismatch(&name, &entry.id, profile, span, difference));
            }
        }
    }
}

/// An example that does not match: where, and how.
fn mismatch(
    name: &str,
    id: &str,
    profile: crate::Profile,
    span: Option<std::ops::Range<usize>>,
    difference: String,
) -> Diagnostic {
    Diagnostic::error(
        "example-mismatch",
        format!("{name} of `{id}` does not match what the {profile} profile renders"),
    )
    .at(span)
    .label("this example")
    .help(format!(
        "{difference}; `errcat render {id}` prints the whole body"
    ))
}

/// The first line where two texts differ, in words.
fn first_difference(expected: &str, actual: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    loop {
        match (expected_lines.next(), actual_lines.next()) {
            (Some(e), Some(a)) if e == a => continue,
            (e, a) => {
                return format!(
                    "the example says `{}` where errcat renders `{}`",
                    e.unwrap_or("(end)").trim(),
                    a.unwrap_or("(end)").trim()
                );
            }
        }
    }
}

/// Where the example (`expected`) and the rendered body first differ, as the
/// path of the member (`errors[0].detail`), in words; `None` when they are equal.
fn json_difference(expected: &Value, actual: &Value, path: &mut String) -> Option<String> {
    match (expected, actual) {
        (Value::Object(example), Value::Object(rendered)) => {
            for (key, value) in example {
                let at = path.len();
                push_key(path, key);
                let found = match rendered.get(key) {
                    None => Some(format!(
                        "the example has `{}` ({}), which errcat does not send",
                        shown_path(path),
                        shown(value)
                    )),
                    Some(sent) => json_difference(value, sent, path),
                };
                path.truncate(at);
                if found.is_some() {
                    return found;
                }
            }
            let (key, value) = rendered
                .iter()
                .find(|(key, _)| !example.contains_key(*key))?;
            push_key(path, key);
            Some(format!(
                "errcat also sends `{}` ({}), which the example does not have",
                shown_path(path),
                shown(value)
            ))
        }
        (Value::Array(example), Value::Array(rendered)) => {
            for (index, (value, sent)) in example.iter().zip(rendered).enumerate() {
                let at = path.len();
                let _ = write!(path, "[{index}]");
                let found = json_difference(value, sent, path);
                path.truncate(at);
                if found.is_some() {
                    return found;
                }
            }
            (example.len() != rendered.len()).then(|| {
                format!(
                    "`{}` has {} items in the example and {} in errcat's body",
                    shown_path(path),
                    example.len(),
                    rendered.len()
                )
            })
        }
        (example, rendered) if example == rendered => None,
        (example, rendered) => Some(format!(
            "at `{}` the example says {} where errcat renders {}",
            shown_path(path),
            shown(example),
            shown(rendered)
        )),
    }
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

fn shown_path(path: &str) -> &str {
    if path.is_empty() { "the body" } else { path }
}

/// A value as compact JSON, cut to a readable length.
fn shown(value: &Value) -> String {
    const MOST: usize = 60;
    let json = value.to_string();
    match json.char_indices().nth(MOST) {
        Some((at, _)) => format!("{}…", &json[..at]),
        None => json,
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

    /// The errors `check` finds in a catalog's text.
    fn errors(text: &str) -> Vec<errcat_catalog::Diagnostic> {
        let parsed = crate::catalog::parse(crate::catalog::SourceFile::new("x.toml", text));
        match crate::check(parsed) {
            Ok(_) => Vec::new(),
            Err(report) => report
                .diagnostics
                .into_iter()
                .filter(|d| d.is_error())
                .collect(),
        }
    }

    fn check(text: &str) -> Vec<String> {
        errors(text).into_iter().map(|d| d.message).collect()
    }

    /// A catalog in a house profile like Discord's, whose example is `body`.
    fn json_catalog(body: &str) -> String {
        format!(
            "[catalog]\nprofile = \"discord\"\n\n[profiles.discord]\nbody = '{{\"code\": \"{{code}}\", \"message\": \"{{message}}\", \"errors\": [{{\"field\": \"{{field.name}}\"}}]}}'\n\n\
             [[errors]]\nid = \"Bad\"\ncode = 50035\nstatus = 400\nmessage = \"Invalid Form Body\"\n\n[[errors.examples]]\nbody = '{body}'\n\n\
             [errors.examples.input]\nfields = [{{ field = \"a\", message = \"m\" }}]\n"
        )
    }

    fn help(text: &str) -> Vec<String> {
        errors(text).into_iter().filter_map(|d| d.help).collect()
    }

    #[test]
    fn a_json_example_in_another_member_order_matches() {
        let sent = r#"{"code": 50035, "message": "Invalid Form Body", "errors": [{"field": "a"}]}"#;
        assert_eq!(check(&json_catalog(sent)), Vec::<String>::new());
        let reordered =
            r#"{"errors": [{"field": "a"}], "message": "Invalid Form Body", "code": 50035}"#;
        assert_eq!(check(&json_catalog(reordered)), Vec::<String>::new());
    }

    #[test]
    fn the_help_names_the_first_member_that_differs() {
        let cases = [
            (
                r#"{"code": 50035, "message": "Invalid form body", "errors": [{"field": "a"}]}"#,
                r#"at `message` the example says "Invalid form body" where errcat renders "Invalid Form Body""#,
            ),
            (
                r#"{"code": 50035, "message": "Invalid Form Body"}"#,
                "errcat also sends `errors` ([{\"field\":\"a\"}]), which the example does not have",
            ),
            (
                r#"{"code": 50035, "message": "Invalid Form Body", "errors": [{"field": "a"}], "retry": 1}"#,
                "the example has `retry` (1), which errcat does not send",
            ),
            (
                r#"{"code": 50035, "message": "Invalid Form Body", "errors": [{"field": "b"}]}"#,
                r#"at `errors[0].field` the example says "b" where errcat renders "a""#,
            ),
            (
                r#"{"code": 50035, "message": "Invalid Form Body", "errors": [{"field": "a"}, {"field": "c"}]}"#,
                "`errors` has 2 items in the example and 1 in errcat's body",
            ),
        ];
        for (example, expected) in cases {
            assert_eq!(
                help(&json_catalog(example)),
                [format!(
                    "{expected}; `errcat render Bad` prints the whole body"
                )],
                "{example}"
            );
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
            ["example 1 of `Bad` does not match what the s3 profile renders"]
        );
    }
}
