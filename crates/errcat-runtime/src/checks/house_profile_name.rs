//! A house profile named like a built-in one, which would never be used.

use errcat_catalog::Diagnostic;

use super::Context;
use crate::profile::Profile;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let parsed = context.parsed;
    for name in parsed.catalog.profiles.keys() {
        if Profile::built_in_named(name).is_none() {
            continue;
        }
        let span = parsed
            .spans
            .profiles
            .get(name)
            .map(|spans| spans.table.clone());
        diagnostics.push(
            Diagnostic::error(
                "house-profile-name",
                format!("`{name}` is a built-in profile; a house profile needs a name of its own"),
            )
            .at(span)
            .help(format!(
                "rename `[profiles.{name}]`, say to `[profiles.{name}-house]`"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::run_check;

    #[test]
    fn a_house_profile_cannot_take_a_built_in_name() {
        let found = run_check(
            super::check,
            "[profiles.plunk]\nbody = '{\"c\": \"{code}\"}'\n",
        );
        assert_eq!(
            found,
            [(
                "1:1".to_owned(),
                "`plunk` is a built-in profile; a house profile needs a name of its own".to_owned()
            )]
        );
    }

    #[test]
    fn a_house_profile_of_its_own_name_passes() {
        let found = run_check(
            super::check,
            "[profiles.acme]\nbody = '{\"c\": \"{code}\"}'\n",
        );
        assert_eq!(found, []);
    }
}
