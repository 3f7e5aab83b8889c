//! A `retry.after` naming a param that is not declared, or that cannot hold a
//! number of seconds: the `Retry-After` header would silently never be sent.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{ParamType, Retry, RetryAfter};

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (index, entry) in context.entries() {
        let Some(Retry::After {
            after: RetryAfter::Param(name),
        }) = &entry.retry
        else {
            continue;
        };
        let at = context.entry_span(index, "retry");
        match entry.params.get(name).map(|param| param.kind()) {
            Some(ParamType::Int | ParamType::Float) => {}
            Some(ParamType::String) => diagnostics.push(
                Diagnostic::warning(
                    "retry-after-param",
                    format!(
                        "`retry.after` of `{}` names `{name}`, a string param: `Retry-After` is sent only when its value is a number",
                        entry.id
                    ),
                )
                .at(at)
                .help(format!("declare it as `params.{name} = \"int\"`")),
            ),
            Some(kind) => diagnostics.push(
                Diagnostic::error(
                    "retry-after-param",
                    format!(
                        "`retry.after` of `{}` names `{name}`, a {} param, which cannot hold seconds",
                        entry.id,
                        kind.as_str()
                    ),
                )
                .at(at)
                .help(format!("declare it as `params.{name} = \"int\"`")),
            ),
            None => {
                let numbers: Vec<&str> = entry
                    .params
                    .iter()
                    .filter(|(_, param)| matches!(param.kind(), ParamType::Int | ParamType::Float))
                    .map(|(param, _)| param.as_str())
                    .collect();
                let help = match (crate::load::closest(name, numbers.iter().copied()), &numbers[..]) {
                    (Some(near), _) => format!("did you mean `{near}`?"),
                    (None, []) => format!("declare it: `params.{name} = \"int\"`"),
                    (None, numbers) => format!(
                        "its number params: `{}`; or declare it: `params.{name} = \"int\"`",
                        numbers.join("`, `")
                    ),
                };
                diagnostics.push(
                    Diagnostic::error(
                        "retry-after-param",
                        format!(
                            "`retry.after` of `{}` names `{name}`, which is not one of its params: `Retry-After` would never be sent",
                            entry.id
                        ),
                    )
                    .at(at)
                    .help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::{lint_helps, run_lint};

    const ENTRY: &str =
        "[[errors]]\nid = \"slow_down\"\nstatus = 429\nmessage = \"Wait {seconds}s.\"\n";

    #[test]
    fn an_int_or_float_param_passes() {
        for kind in ["int", "float"] {
            let text =
                format!("{ENTRY}retry = {{ after = \"seconds\" }}\nparams.seconds = \"{kind}\"\n");
            assert!(run_lint(super::check, &text).is_empty(), "{kind}");
        }
        let fixed = format!("{ENTRY}retry = {{ after = 30 }}\nparams.seconds = \"int\"\n");
        assert!(run_lint(super::check, &fixed).is_empty());
    }

    #[test]
    fn an_undeclared_param_is_an_error_with_the_nearest_number_param() {
        let text = format!("{ENTRY}retry = {{ after = \"secs\" }}\nparams.seconds = \"int\"\n");
        assert_eq!(
            run_lint(super::check, &text),
            [(
                "5:9".into(),
                "Error: `retry.after` of `slow_down` names `secs`, which is not one of its params: `Retry-After` would never be sent".into()
            )]
        );
        assert_eq!(
            lint_helps(super::check, &text),
            [Some(
                "its number params: `seconds`; or declare it: `params.secs = \"int\"`".to_owned()
            )]
        );
        let near = format!("{ENTRY}retry = {{ after = \"second\" }}\nparams.seconds = \"int\"\n");
        assert_eq!(
            lint_helps(super::check, &near),
            [Some("did you mean `seconds`?".to_owned())]
        );
    }

    #[test]
    fn a_string_param_warns_and_a_bool_or_list_one_is_an_error() {
        let text =
            format!("{ENTRY}retry = {{ after = \"seconds\" }}\nparams.seconds = \"string\"\n");
        let found = run_lint(super::check, &text);
        assert_eq!(found.len(), 1);
        assert!(found[0].1.starts_with("Warning: "), "{found:?}");
        let text = format!("{ENTRY}retry = {{ after = \"seconds\" }}\nparams.seconds = \"bool\"\n");
        let found = run_lint(super::check, &text);
        assert!(
            found[0].1.starts_with("Error: ") && found[0].1.contains("a bool param"),
            "{found:?}"
        );
    }
}
