//! A deprecation naming a replacement the catalog cannot send: no entry has
//! that id, the entry names itself, or the replacement is retired. Callers
//! are told to use it (in the docs, `errcat explain`, and the generated
//! constructors' `#[deprecated]` notes), so it must be one they can get.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::load::closest;
use crate::model::Deprecation;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let entries = &context.parsed.catalog.entries;
    for (index, entry) in context.entries() {
        let Some(Deprecation::Details(details)) = &entry.deprecated else {
            continue;
        };
        let Some(replacement) = details.replacement.as_deref() else {
            continue;
        };
        let at = context.entry_span(index, "deprecated");
        let id = &entry.id;
        if replacement == id {
            diagnostics.push(
                Diagnostic::error(
                    "unknown-replacement",
                    format!("`{id}` names itself as its replacement"),
                )
                .at(at)
                .help("name the entry callers should use instead, or remove `replacement`"),
            );
            continue;
        }
        match context.by_id.get(replacement) {
            Some(&found) if entries[found].is_retired() => diagnostics.push(
                Diagnostic::warning(
                    "unknown-replacement",
                    format!("`{id}` is replaced by `{replacement}`, which is retired"),
                )
                .at(at)
                .help("name an entry that is still sent"),
            ),
            Some(_) => {}
            None if context.unreadable_entries.contains(replacement) => {}
            None => {
                // Neither the entry itself nor a retired one: neither is a replacement.
                let ids = entries
                    .iter()
                    .filter(|other| other.id != *id && !other.is_retired())
                    .map(|other| other.id.as_str());
                let help = match closest(replacement, ids) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "name an entry of this catalog, or remove `replacement`".to_owned(),
                };
                diagnostics.push(
                    Diagnostic::error(
                        "unknown-replacement",
                        format!("`{id}` is replaced by `{replacement}`, which is not an entry"),
                    )
                    .at(at)
                    .label("callers are told to use it")
                    .help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    fn catalog(replacement: &str) -> String {
        format!(
            "[[errors]]\nid = \"quota_exceeded\"\nmessage = \"x\"\n\
             [[errors]]\nid = \"old_quota\"\nmessage = \"y\"\n\
             deprecated = {{ since = \"1.1\", replacement = \"{replacement}\" }}\n\
             [[errors]]\nid = \"gone\"\nmessage = \"z\"\nretired = true\n"
        )
    }

    #[test]
    fn a_replacement_must_be_another_entry_still_sent() {
        assert_eq!(run_lint(super::check, &catalog("quota_exceeded")), []);
        assert_eq!(
            run_lint(super::check, &catalog("quota_exceded")),
            [(
                "7:14".into(),
                "Error: `old_quota` is replaced by `quota_exceded`, which is not an entry".into()
            )]
        );
        assert_eq!(
            run_lint(super::check, &catalog("old_quota")),
            [(
                "7:14".into(),
                "Error: `old_quota` names itself as its replacement".into()
            )]
        );
        // Only an entry still sent, never the deprecated one itself, is suggested.
        let helps = |replacement: &str| {
            crate::lints::test_support::lint_helps(super::check, &catalog(replacement))
        };
        assert_eq!(
            helps("quota_exceded"),
            [Some("did you mean `quota_exceeded`?".to_owned())]
        );
        assert_eq!(
            helps("old_qota"),
            [Some(
                "name an entry of this catalog, or remove `replacement`".to_owned()
            )]
        );
        assert_eq!(
            helps("gonne"),
            [Some(
                "name an entry of this catalog, or remove `replacement`".to_owned()
            )]
        );
        assert_eq!(
            run_lint(super::check, &catalog("gone")),
            [(
                "7:14".into(),
                "Warning: `old_quota` is replaced by `gone`, which is retired".into()
            )]
        );
    }
}
