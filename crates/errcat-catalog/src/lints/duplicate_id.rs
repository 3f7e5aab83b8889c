//! Two entries (or two groups) with the same id: constructors and links would collide.

use std::collections::HashMap;

use super::Context;
use crate::diagnostic::Diagnostic;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (index, entry) in context.entries() {
        if let Some(&first) = first_seen.get(entry.id.as_str()) {
            let (line, _) = context
                .entry_span(first, "id")
                .map(|span| context.line_col(span.start))
                .unwrap_or_default();
            let retired = context.parsed.catalog.entries[first].is_retired();
            diagnostics.push(
                Diagnostic::error("duplicate-id", format!("duplicate entry id `{}`", entry.id))
                    .at(context.entry_span(index, "id"))
                    .label(if retired {
                        format!("retired on line {line}: its id stays reserved")
                    } else {
                        format!("first defined on line {line}")
                    })
                    .help("ids are unique; give one of the entries another id (they may share a `code`)"),
            );
        } else {
            first_seen.insert(&entry.id, index);
        }
    }
    let mut groups: HashMap<&str, usize> = HashMap::new();
    for (index, group) in context.parsed.catalog.groups.iter().enumerate() {
        if groups.insert(&group.id, index).is_some() {
            let span = context
                .parsed
                .spans
                .groups
                .get(index)
                .map(|s| s.value_or_table("id"));
            diagnostics.push(
                Diagnostic::error("duplicate-id", format!("duplicate group id `{}`", group.id))
                    .at(span)
                    .help("group ids are unique"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn second_entry_with_same_id_is_reported_at_its_id() {
        let found = run_lint(
            super::check,
            "[[errors]]\nid = \"a\"\ntitle = \"A\"\n[[errors]]\nid = \"b\"\ntitle = \"B\"\n[[errors]]\nid = \"a\"\ntitle = \"A again\"\n",
        );
        assert_eq!(
            found,
            [("8:6".into(), "Error: duplicate entry id `a`".into())]
        );
    }

    #[test]
    fn entries_sharing_a_code_are_not_duplicates() {
        let found = run_lint(
            super::check,
            "[[errors]]\nid = \"a\"\ncode = \"x\"\n[[errors]]\nid = \"b\"\ncode = \"x\"\n",
        );
        assert!(found.is_empty());
    }

    #[test]
    fn duplicate_group_ids_are_reported() {
        let found = run_lint(
            super::check,
            "[[groups]]\nid = \"g\"\ntitle = \"G\"\n[[groups]]\nid = \"g\"\ntitle = \"G2\"\n",
        );
        assert_eq!(
            found,
            [("5:6".into(), "Error: duplicate group id `g`".into())]
        );
    }
}
