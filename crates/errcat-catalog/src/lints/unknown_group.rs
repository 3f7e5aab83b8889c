//! An entry naming a group that the catalog does not define.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::load::closest;

/// How many unknown groups get a nearest-name suggestion: each compares
/// with every group, so a hostile catalog stops at that many searches.
const SUGGESTED: usize = 32;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let groups = &context.parsed.catalog.groups;
    let mut suggested = 0;
    for (index, entry) in context.entries() {
        let Some(group) = entry.group.as_deref() else {
            continue;
        };
        // A group left out for its own errors is reported there.
        if context.groups.contains_key(group) || context.unreadable_groups.contains(group) {
            continue;
        }
        let mut diagnostic = Diagnostic::error(
            "unknown-group",
            format!("`{}` names unknown group `{group}`", entry.id),
        )
        .at(context.entry_span(index, "group"));
        suggested += 1;
        let near = (suggested <= SUGGESTED)
            .then(|| closest(group, groups.iter().map(|g| g.id.as_str())))
            .flatten();
        diagnostic = match near {
            Some(near) => diagnostic.help(format!("did you mean `{near}`?")),
            None => diagnostic.help(format!(
                "define it: [[groups]] id = \"{group}\", title = \"...\""
            )),
        };
        diagnostics.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::{lint_after_read_errors, run_lint};

    #[test]
    fn misspelled_group_is_reported() {
        let text = "[[groups]]\nid = \"tasks\"\ntitle = \"Tasks\"\n[[errors]]\nid = \"a\"\ngroup = \"taks\"\n";
        assert_eq!(
            run_lint(super::check, text),
            [("6:9".into(), "Error: `a` names unknown group `taks`".into())]
        );
    }

    #[test]
    fn a_group_left_out_for_its_errors_is_not_reported_again() {
        let text = "[[groups]]\nid = \"tasks\"\ntitel = \"Tasks\"\n[[errors]]\nid = \"a\"\ngroup = \"tasks\"\n";
        assert_eq!(
            lint_after_read_errors(super::check, text),
            (vec!["unknown-key", "missing-key"], vec![])
        );
    }
}
