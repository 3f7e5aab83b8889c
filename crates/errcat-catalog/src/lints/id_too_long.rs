//! An entry or group id longer than [`MAX_ID_BYTES`]: ids name files, anchors
//! and generated functions, and a file name has a length limit.

use super::Context;
use crate::diagnostic::Diagnostic;

/// The longest id an entry or group may have, in bytes of UTF-8.
///
/// An id names its page file in the docs site, whose name (the id made safe
/// for a path, plus a short suffix) must stay under the 255 bytes file systems
/// allow.
pub const MAX_ID_BYTES: usize = 128;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let too_long = |kind: &str, id: &str| {
        Diagnostic::error(
            "id-too-long",
            format!(
                "{kind} id is {} bytes long, more than the {MAX_ID_BYTES} an id may have",
                id.len()
            ),
        )
        .label(format!("{MAX_ID_BYTES} bytes at most"))
        .help("ids name files, anchors and functions; keep them short and put the words in `title`")
    };
    for (index, entry) in context.entries() {
        if entry.id.len() > MAX_ID_BYTES {
            diagnostics.push(too_long("entry", &entry.id).at(context.entry_span(index, "id")));
        }
    }
    for (index, group) in context.parsed.catalog.groups.iter().enumerate() {
        if group.id.len() > MAX_ID_BYTES {
            let span = context
                .parsed
                .spans
                .groups
                .get(index)
                .map(|spans| spans.value_or_table("id"));
            diagnostics.push(too_long("group", &group.id).at(span));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MAX_ID_BYTES;
    use crate::lints::test_support::run_lint;

    #[test]
    fn an_id_over_the_limit_is_an_error_at_the_id() {
        let long = "a".repeat(300);
        let found = run_lint(
            super::check,
            &format!("[[errors]]\nid = \"{long}\"\n\n[[groups]]\nid = \"{long}\"\ntitle = \"t\"\n"),
        );
        assert_eq!(
            found,
            [
                (
                    "2:6".into(),
                    "Error: entry id is 300 bytes long, more than the 128 an id may have".into()
                ),
                (
                    "5:6".into(),
                    "Error: group id is 300 bytes long, more than the 128 an id may have".into()
                ),
            ]
        );
    }

    #[test]
    fn an_id_at_the_limit_passes() {
        let id = "é".repeat(MAX_ID_BYTES / 2);
        assert!(run_lint(super::check, &format!("[[errors]]\nid = \"{id}\"\n")).is_empty());
    }
}
