//! A live entry that sends the code of a retired one: clients that still
//! handle the retired error would take the new one for it. A retired entry's
//! code stays reserved, as rustc never reuses an error code.

use std::collections::HashMap;

use super::Context;
use crate::diagnostic::Diagnostic;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let retired: HashMap<String, (usize, &str)> = context
        .entries()
        .filter(|(_, entry)| entry.is_retired())
        .map(|(index, entry)| (entry.wire_code().to_string(), (index, entry.id.as_str())))
        .collect();
    if retired.is_empty() {
        return;
    }
    for (index, entry) in context.entries().filter(|(_, entry)| !entry.is_retired()) {
        let code = entry.wire_code().to_string();
        let Some(&(retired_at, retired_id)) = retired.get(&code) else {
            continue;
        };
        let (line, _) = context
            .entry_span(retired_at, "retired")
            .map(|span| context.line_col(span.start))
            .unwrap_or_default();
        let at = if entry.code.is_some() { "code" } else { "id" };
        diagnostics.push(
            Diagnostic::error(
                "retired-code-reused",
                format!(
                    "`{}` sends code `{code}`, which retired `{retired_id}` reserves",
                    entry.id
                ),
            )
            .at(context.entry_span(index, at))
            .label(format!("`{retired_id}` is retired on line {line}"))
            .help("a retired entry's code is never sent again: give this entry a new code"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn a_live_entry_sending_a_retired_code_is_an_error_at_its_code() {
        let found = run_lint(
            super::check,
            "[[errors]]\nid = \"old\"\ncode = \"gone\"\nstatus = 410\nmessage = \"Gone\"\nretired = { since = \"3.0\" }\n\n[[errors]]\nid = \"new\"\ncode = \"gone\"\nstatus = 404\nmessage = \"Missing\"\n",
        );
        assert_eq!(
            found,
            [(
                "10:8".into(),
                "Error: `new` sends code `gone`, which retired `old` reserves".into()
            )]
        );
    }

    #[test]
    fn a_retired_entry_alone_or_a_live_one_with_its_own_code_is_fine() {
        let source = "[[errors]]\nid = \"old\"\nstatus = 410\nmessage = \"Gone\"\nretired = true\n\n[[errors]]\nid = \"new\"\nstatus = 404\nmessage = \"Missing\"\n";
        assert!(run_lint(super::check, source).is_empty());
    }
}
