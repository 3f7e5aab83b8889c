//! An entry whose wire code is the empty string: clients cannot tell it apart.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Code;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (index, entry) in context.entries() {
        if matches!(&entry.code, Some(Code::Text(code)) if code.trim().is_empty()) {
            diagnostics.push(
                Diagnostic::warning(
                    "empty-code",
                    format!("`{}` sends an empty wire code", entry.id),
                )
                .at(context.entry_span(index, "code"))
                .help("give it a code clients can match on, or remove `code` to send the id"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn empty_code_is_a_warning() {
        let found = run_lint(super::check, "[[errors]]\nid = \"a\"\ncode = \"\"\n");
        assert_eq!(
            found,
            [("3:8".into(), "Warning: `a` sends an empty wire code".into())]
        );
    }
}
