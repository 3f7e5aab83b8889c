//! A status that is not an HTTP status, or an entry with no status and no
//! catalog default (errors), or a status HTTP sends no body with, or one
//! that reads as a success (warnings).

use super::Context;
use crate::diagnostic::Diagnostic;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let default_status = context.parsed.catalog.catalog.default_status;
    if let Some(status) = default_status.filter(|status| !(100..=599).contains(status)) {
        diagnostics.push(
            Diagnostic::error(
                "invalid-status",
                format!("default_status {status} is not an HTTP status"),
            )
            .at(context.parsed.spans.catalog.get("default_status").cloned())
            .help("HTTP statuses are 100 to 599"),
        );
    }
    for (index, entry) in context.entries() {
        match entry.status {
            Some(status) if !(100..=599).contains(&status) => diagnostics.push(
                Diagnostic::error(
                    "invalid-status",
                    format!("status {status} of `{}` is not an HTTP status", entry.id),
                )
                .at(context.entry_span(index, "status"))
                .label("not in 100..=599")
                .help("errors use 4xx for client mistakes and 5xx for server failures"),
            ),
            // HTTP sends no body with these: the client would get the status alone.
            Some(status @ (100..=199 | 204 | 205 | 304)) => diagnostics.push(
                Diagnostic::warning(
                    "bodiless-status",
                    format!(
                        "status {status} of `{}` carries no body: clients get the status alone",
                        entry.id
                    ),
                )
                .at(context.entry_span(index, "status"))
                .help("HTTP sends no body with 1xx, 204, 205 or 304; keep it if the API answers so, knowing no error body reaches the client"),
            ),
            // An API may answer errors with 200 (GraphQL, some RPC APIs), but
            // a client that checks the status takes them for successes.
            Some(status @ 200..=299) => diagnostics.push(
                Diagnostic::warning(
                    "success-status",
                    format!(
                        "status {status} of `{}` reads as a success: a client that checks the status takes the error for one",
                        entry.id
                    ),
                )
                .at(context.entry_span(index, "status"))
                .help("errors use 4xx for client mistakes and 5xx for server failures; keep it if the API answers its errors so"),
            ),
            None if default_status.is_none() => diagnostics.push(
                Diagnostic::warning(
                    "missing-status",
                    format!("`{}` has no HTTP status", entry.id),
                )
                .at(context.entry_span(index, "id"))
                .help(
                    "set `status`, or `default_status` in `[catalog]`; profiles send 500 otherwise",
                ),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn statuses_are_checked_against_the_http_range() {
        let cases = [
            ("status = 404", vec![]),
            (
                "status = 99",
                vec![("3:10", "Error: status 99 of `a` is not an HTTP status")],
            ),
            (
                "status = 600",
                vec![("3:10", "Error: status 600 of `a` is not an HTTP status")],
            ),
            (
                "title = \"x\"",
                vec![("2:6", "Warning: `a` has no HTTP status")],
            ),
            (
                "status = 200",
                vec![(
                    "3:10",
                    "Warning: status 200 of `a` reads as a success: a client that checks the status takes the error for one",
                )],
            ),
            ("status = 307", vec![]),
            (
                "status = 304",
                vec![(
                    "3:10",
                    "Warning: status 304 of `a` carries no body: clients get the status alone",
                )],
            ),
        ];
        for (line, expected) in cases {
            let found = run_lint(super::check, &format!("[[errors]]\nid = \"a\"\n{line}\n"));
            let expected: Vec<(String, String)> = expected
                .into_iter()
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .collect();
            assert_eq!(found, expected, "for {line}");
        }
    }

    #[test]
    fn catalog_default_status_silences_missing_status() {
        let found = run_lint(
            super::check,
            "[catalog]\ndefault_status = 400\n[[errors]]\nid = \"a\"\n",
        );
        assert!(found.is_empty());
    }
}
