//! An entry that overrides a framework error errcat raises (`route_not_found`,
//! ...) with a param errcat never gives it: errcat sends the error with its
//! own arguments only, so the placeholder would reach clients as written.
//! Framework errors services raise themselves too (`validation_failed`,
//! `bad_request`, `internal_error`) take any params.

use errcat_catalog::Diagnostic;

use super::Context;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let parsed = context.parsed;
    for (index, entry) in parsed.catalog.entries.iter().enumerate() {
        let Some(given) = crate::framework::params_of(&entry.id) else {
            continue;
        };
        for param in entry.params.keys() {
            if given.contains_key(param) {
                continue;
            }
            let span = parsed
                .spans
                .entries
                .get(index)
                .and_then(|spans| spans.params.get(param).cloned())
                .or_else(|| context.entry_span(index, "params"));
            let listed = if given.is_empty() {
                "no params".to_owned()
            } else {
                given
                    .keys()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            diagnostics.push(
                Diagnostic::warning(
                    "framework-override-params",
                    format!(
                        "`{}` overrides a framework error, which errcat raises with {listed} only: there `{{{param}}}` would reach clients as written",
                        entry.id
                    ),
                )
                .at(span)
                .help(format!(
                    "write the message with {listed}, or give your own error another id and return it from a handler"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::run_check;

    #[test]
    fn an_override_with_a_param_the_framework_never_gives_is_a_warning() {
        let found = run_check(
            super::check,
            "[[errors]]\nid = \"route_not_found\"\nstatus = 404\nmessage = \"Not Found - {url}\"\nparams.url = \"string\"\n",
        );
        assert_eq!(
            found,
            [(
                "5:8".into(),
                "`route_not_found` overrides a framework error, which errcat raises with `method`, `path` only: there `{url}` would reach clients as written".into()
            )]
        );
    }

    #[test]
    fn an_error_services_raise_themselves_takes_any_params() {
        let found = run_check(
            super::check,
            "[[errors]]\nid = \"validation_failed\"\nstatus = 422\nmessage = \"The {resource} has {count} invalid fields.\"\nparams.count = \"int\"\nparams.resource = \"string\"\n",
        );
        assert_eq!(found, []);
    }

    #[test]
    fn an_override_with_the_framework_s_params_or_fewer_is_quiet() {
        let found = run_check(
            super::check,
            "[[errors]]\nid = \"route_not_found\"\nstatus = 404\nmessage = \"No {path}\"\nparams.path = \"string\"\n\n[[errors]]\nid = \"my_own\"\nstatus = 404\nmessage = \"Not Found - {url}\"\nparams.url = \"string\"\n",
        );
        assert_eq!(found, []);
    }
}
