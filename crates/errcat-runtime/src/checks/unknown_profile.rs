//! A catalog or an example that names a profile the catalog cannot use:
//! neither built in nor one of its house profiles. Never a silent default.

use errcat_catalog::Diagnostic;

use super::Context;
use crate::compiled::CompileError;
use crate::profile::Profile;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let parsed = context.parsed;
    let catalog = &parsed.catalog;
    if let Err(CompileError::Profile(error)) = &context.compiled {
        diagnostics.push(
            Diagnostic::error("unknown-profile", error.to_string())
                .at(parsed.spans.catalog.get("profile").cloned())
                .help("name a built-in profile, or describe your own as `[profiles.NAME]`"),
        );
    }
    for (index, entry) in catalog.entries.iter().enumerate() {
        for (number, example) in entry.examples.iter().enumerate() {
            let Some(name) = example.profile.as_deref() else {
                continue;
            };
            if let Err(error) = Profile::resolve(name, catalog) {
                let span = parsed
                    .spans
                    .entries
                    .get(index)
                    .and_then(|spans| spans.examples.get(number))
                    .cloned();
                diagnostics.push(Diagnostic::error("unknown-profile", error.to_string()).at(span));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::run_check;

    #[test]
    fn an_unknown_catalog_profile_is_an_error_with_a_suggestion() {
        let found = run_check(
            super::check,
            "[catalog]\nprofile = \"plnuk\"\n[[errors]]\nid = \"a\"\nstatus = 400\nmessage = \"A\"\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "2:11");
        assert!(
            found[0]
                .1
                .starts_with("unknown profile `plnuk` (did you mean `plunk`?)"),
            "{found:?}"
        );
    }

    #[test]
    fn an_example_in_an_unknown_profile_is_an_error() {
        let found = run_check(
            super::check,
            "[[errors]]\nid = \"a\"\nstatus = 400\nmessage = \"A\"\n[[errors.examples]]\nprofile = \"nope\"\nbody = '{}'\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.starts_with("unknown profile `nope`"),
            "{found:?}"
        );
    }
}
