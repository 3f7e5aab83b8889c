//! A param's `example` of another type than the param's own (`int` with
//! `example = "lots"`): docs, OpenAPI and the mock show the example as
//! written, so they would publish a value no caller can pass.

use super::{Context, clipped};
use crate::diagnostic::Diagnostic;
use crate::model::ParamType;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (index, entry) in context.entries() {
        for (name, param) in &entry.params {
            let Some(example) = param.example() else {
                continue;
            };
            let kind = param.kind();
            if fits(kind, example) {
                continue;
            }
            diagnostics.push(
                Diagnostic::warning(
                    "param-example",
                    format!(
                        "the example of `{}`'s {kind} param `{}` is {}",
                        clipped(&entry.id),
                        clipped(name),
                        described(example)
                    ),
                )
                .at(context.param_span(index, name))
                .label("docs, OpenAPI and the mock show this example")
                .help(format!(
                    "give an example a {kind} param takes: {}",
                    sample(kind)
                )),
            );
        }
    }
}

/// Whether `example` is a value of a param of type `kind`.
fn fits(kind: ParamType, example: &serde_json::Value) -> bool {
    use serde_json::Value;
    match kind {
        // Any value has text.
        ParamType::String => true,
        ParamType::Int => example.as_i64().is_some(),
        ParamType::Float => example.is_number(),
        ParamType::Bool => example.is_boolean(),
        ParamType::List => {
            matches!(example, Value::Array(items) if items.iter().all(|item| !item.is_array() && !item.is_object()))
        }
    }
}

/// What kind of value `example` is, as a message says it.
fn described(example: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match example {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "a whole number",
        Value::Number(_) => "a decimal number",
        Value::String(_) => "text",
        // A list a `list` param refuses is one of lists or tables.
        Value::Array(items) if items.iter().any(|item| item.is_array() || item.is_object()) => {
            "a list of lists or tables"
        }
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

fn sample(kind: ParamType) -> &'static str {
    match kind {
        ParamType::String => "`example = \"c_8f2a\"`",
        ParamType::Int => "`example = 3`",
        ParamType::Float => "`example = 2.5`",
        ParamType::Bool => "`example = true`",
        ParamType::List => "`example = [\"email\", \"name\"]`",
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn an_example_of_another_type_is_a_warning_at_its_param() {
        let text = "[[errors]]\nid = \"a\"\nmessage = \"{n} {when} {rate} {fields} {id}\"\n\
                    params.n = { type = \"int\", example = \"lots\" }\n\
                    params.when = { type = \"bool\", example = 3 }\n\
                    params.rate = { type = \"float\", example = 2 }\n\
                    params.fields = { type = \"list\", example = [\"email\", \"name\"] }\n\
                    params.id = { type = \"string\", example = 42 }\n";
        assert_eq!(
            run_lint(super::check, text),
            [
                (
                    "4:8".into(),
                    "Warning: the example of `a`'s int param `n` is text".into()
                ),
                (
                    "5:8".into(),
                    "Warning: the example of `a`'s bool param `when` is a whole number".into()
                ),
            ]
        );
        let lists = "[[errors]]\nid = \"a\"\nmessage = \"{f} {g} {n}\"\n\
                     params.f = { type = \"list\", example = \"email\" }\n\
                     params.g = { type = \"list\", example = [[\"email\"]] }\n\
                     params.n = { type = \"int\", example = [1, 2] }\n";
        assert_eq!(
            run_lint(super::check, lists),
            [
                (
                    "4:8".into(),
                    "Warning: the example of `a`'s list param `f` is text".into()
                ),
                (
                    "5:8".into(),
                    "Warning: the example of `a`'s list param `g` is a list of lists or tables"
                        .into()
                ),
                (
                    "6:8".into(),
                    "Warning: the example of `a`'s int param `n` is a list".into()
                ),
            ]
        );
    }
}
