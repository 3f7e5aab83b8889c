//! An integer code outside its group's declared range (Planfix: Tasks are 1000-1999).

use super::Context;
use crate::diagnostic::Diagnostic;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (index, entry) in context.entries() {
        let Some(group) = entry
            .group
            .as_deref()
            .and_then(|id| context.groups.get(id).copied())
        else {
            continue;
        };
        let (Some(range), Some(code)) = (group.range, entry.wire_code().as_int()) else {
            continue;
        };
        if !range.contains(code) {
            diagnostics.push(
                Diagnostic::warning(
                    "code-out-of-range",
                    format!(
                        "code {code} of `{}` is outside group `{}`'s range {}..={}",
                        entry.id, group.id, range.start, range.end
                    ),
                )
                .at(context.entry_span(index, "code"))
                .help("move the entry to the group its code belongs to, or widen the range"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    const GROUPS: &str = "[[groups]]\nid = \"tasks\"\ntitle = \"Tasks\"\nrange = [1000, 1999]\n";

    #[test]
    fn code_outside_group_range_is_reported_at_the_code() {
        let text = format!("{GROUPS}[[errors]]\nid = \"x\"\ncode = 2001\ngroup = \"tasks\"\n");
        assert_eq!(
            run_lint(super::check, &text),
            [(
                "7:8".into(),
                "Warning: code 2001 of `x` is outside group `tasks`'s range 1000..=1999".into()
            )]
        );
    }

    #[test]
    fn codes_inside_the_range_and_text_codes_pass() {
        let text = format!(
            "{GROUPS}[[errors]]\nid = \"x\"\ncode = 1500\ngroup = \"tasks\"\n[[errors]]\nid = \"y\"\ngroup = \"tasks\"\n"
        );
        assert!(run_lint(super::check, &text).is_empty());
    }
}
