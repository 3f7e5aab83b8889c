//! A house profile whose body is not JSON (a key written twice, nesting too
//! deep) or XML a reader takes (an unbound namespace prefix, a slot in a
//! namespace declaration), uses slots errcat does not know, or has a field
//! map that could lose or repeat field errors (errors), or does not send the
//! wire code as a value of its own (a warning: clients could not tell its
//! errors apart).

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::house::{body_view, check_profile, locate};
use crate::load::string_content_start;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let parsed = context.parsed;
    for (name, profile) in &parsed.catalog.profiles {
        let body_span = parsed
            .spans
            .profiles
            .get(name)
            .map(|spans| spans.value_or_table("body"));
        let problems = check_profile(profile);
        if problems.is_empty()
            && let Some(body) = body_view(&profile.body)
            && locate(&body).code.is_none()
        {
            diagnostics.push(
                Diagnostic::warning(
                    "house-profile",
                    format!("profile `{name}` does not send the wire code"),
                )
                .at(body_span.clone())
                .help("add a member whose value is exactly \"{code}\": clients match errors on it"),
            );
        }
        for problem in problems {
            // Point at the place, or the slot, itself when the body is
            // written plainly enough to find it.
            let span = body_span.clone().map(|body| {
                let start = string_content_start(&parsed.source.text, &body, &profile.body);
                let found = match (problem.offset, problem.at.as_deref()) {
                    // The text written there (a slot, a name), else its character.
                    (Some(offset), Some(at))
                        if profile
                            .body
                            .get(offset..)
                            .is_some_and(|rest| rest.starts_with(at)) =>
                    {
                        Some((offset, at.len()))
                    }
                    (Some(offset), _) => Some((offset, char_len_at(&profile.body, offset))),
                    (None, Some(at)) => profile.body.find(at).map(|offset| (offset, at.len())),
                    (None, None) => None,
                };
                match (start, found) {
                    (Some(start), Some((offset, len))) => start + offset..start + offset + len,
                    _ => body,
                }
            });
            let mut diagnostic = Diagnostic::error(
                "house-profile",
                format!("profile `{name}`: {}", problem.message),
            )
            .at(span);
            if let Some(help) = problem.help {
                diagnostic = diagnostic.help(help);
            }
            diagnostics.push(diagnostic);
        }
    }
}

/// The length of the character at `offset` in `text` (nothing past its end).
fn char_len_at(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::{lint_helps, run_lint};

    #[test]
    fn bad_bodies_are_errors_at_the_body() {
        let found = run_lint(
            super::check,
            "[profiles.acme]\nbody = '{\"code\": \"{cod}\"}'\n",
        );
        assert_eq!(
            found,
            [(
                "2:19".into(),
                "Error: profile `acme`: unknown slot `{cod}`; did you mean `{code}`?".into()
            )]
        );
        assert_eq!(
            run_lint(
                super::check,
                "[profiles.acme]\nbody = '{\"code\": \"{code}\"}'\n"
            ),
            []
        );
    }

    #[test]
    fn a_field_map_inside_an_array_is_an_error_at_its_key() {
        let found = run_lint(
            super::check,
            "[profiles.acme]\nbody = '{\"code\": \"{code}\", \"errors\": [{\"{field.name}\": {\"_errors\": [{\"m\": \"{field.message}\"}]}}]}'\n",
        );
        assert_eq!(
            found,
            [(
                "2:41".into(),
                "Error: profile `acme`: a field map inside an array: the map would be written once per item".into()
            )]
        );
    }

    #[test]
    fn xml_bodies_are_checked_as_xml() {
        assert_eq!(
            run_lint(
                super::check,
                "[profiles.s3]\nbody = '<Error><Code>{cod}</Code></Error>'\n"
            ),
            [(
                "2:22".into(),
                "Error: profile `s3`: unknown slot `{cod}`; did you mean `{code}`?".into()
            )],
            "a misspelled slot, at the slot"
        );
        assert_eq!(
            run_lint(
                super::check,
                "[profiles.s3]\nbody = '<Error><Message>{message}</Message></Error>'\n"
            ),
            [(
                "2:8".into(),
                "Warning: profile `s3` does not send the wire code".into()
            )]
        );
        let found = run_lint(
            super::check,
            "[profiles.s3]\ncontent_type = \"application/json\"\nfield_errors = \"spread\"\nrequest_id_header = \"x id\"\nbody = '<Error><Code>{code}</Error>'\n",
        );
        let messages: Vec<&str> = found.iter().map(|(_, message)| message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Error: profile `s3`: the body is not well-formed XML: ill-formed document: expected `</Code>`, but `</Error>` was found (line 1, column 20 of the body)",
                "Error: profile `s3`: an XML body sent as `application/json`",
                "Error: profile `s3`: `request_id_header = \"x id\"` is not a header name",
                "Error: profile `s3`: `field_errors = \"spread\"` is for JSON bodies",
            ]
        );
        assert_eq!(found[0].0, "5:28", "at the place the reader stopped");
    }

    #[test]
    fn an_xml_error_in_a_multi_line_body_is_at_its_line() {
        let found = run_lint(
            super::check,
            "[profiles.s3]\nbody = '''\n<Error>\n  <Code>{code}</Code>\n  <Message>{message}\n</Error>'''\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "6:1", "{found:?}");
        assert!(
            found[0].1.contains("line 4, column 1 of the body"),
            "{found:?}"
        );
    }

    #[test]
    fn a_slot_in_a_namespace_declaration_is_an_error_at_the_slot() {
        // Without a value the declaration was left out (`p` unbound), or
        // sent as `xmlns:p=""`: readers refuse both.
        assert_eq!(
            run_lint(
                super::check,
                "[profiles.s3]\nbody = '<Error xmlns:p=\"{suggestion}\"><p:Code>{code}</p:Code><Message>{message}</Message></Error>'\n"
            ),
            [(
                "2:25".into(),
                "Error: profile `s3`: the namespace declaration `xmlns:p` holds the slot `{suggestion}`, which could leave the prefix `p` unbound or empty".into()
            )]
        );
        assert_eq!(
            run_lint(
                super::check,
                "[profiles.s3]\nbody = '''\n<Error\n    xmlns=\"urn:{arg.ns}\">\n  <Code>{code}</Code>\n</Error>'''\n"
            ),
            [(
                "4:16".into(),
                "Error: profile `s3`: the namespace declaration `xmlns` holds the slot `{arg.ns}`, which could leave its elements in no namespace, or another".into()
            )]
        );
        let text = "[profiles.s3]\nbody = '<Error xmlns:p=\"u:{ arg.ns|null }\"><p:Code>{code}</p:Code></Error>'\n";
        assert_eq!(pointed_at(text), ["{ arg.ns|null }"], "the slot as written");
        assert_eq!(
            lint_helps(super::check, text),
            [Some(
                "write the namespace URI literally, without slots: xmlns:p=\"urn:example:errors\""
                    .to_owned()
            )]
        );
    }

    /// The text of the catalog each diagnostic of the lint points at.
    fn pointed_at(text: &str) -> Vec<String> {
        let parsed = crate::load::parse(crate::diagnostic::SourceFile::new("test.toml", text));
        let mut diagnostics = Vec::new();
        super::check(&crate::lints::Context::new(&parsed), &mut diagnostics);
        diagnostics
            .into_iter()
            .map(|diagnostic| text[diagnostic.span.unwrap_or_default()].to_owned())
            .collect()
    }

    #[test]
    fn a_body_with_literal_namespaces_checks_as_before() {
        assert_eq!(
            run_lint(
                super::check,
                "[profiles.s3]\nbody = '<s3:Error xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\" xmlns=\"urn:x\"><s3:Code>{code}</s3:Code><Message>{message}</Message></s3:Error>'\n"
            ),
            []
        );
    }

    #[test]
    fn an_unbound_prefix_is_an_error_at_its_name() {
        assert_eq!(
            run_lint(
                super::check,
                "[profiles.s3]\nbody = '<Error><Code>{code}</Code><s3:Message/></Error>'\n"
            ),
            [(
                "2:36".into(),
                "Error: profile `s3`: `s3:Message` uses the prefix `s3`, which no `xmlns:s3` declares".into()
            )]
        );
        assert_eq!(
            pointed_at("[profiles.s3]\nbody = '<Error><Code p:a=\"{code}\"/></Error>'\n"),
            ["p:a"]
        );
    }

    #[test]
    fn a_duplicate_key_is_an_error_where_the_reader_stopped() {
        let found = run_lint(
            super::check,
            "[profiles.acme]\nbody = '{\"code\": \"{code}\", \"code\": \"{id}\"}'\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        // The reader stops at the end of the second `"code"`.
        assert_eq!(found[0].0, "2:33");
        assert!(found[0].1.contains("duplicate key `code`"), "{found:?}");
    }
}
