//! A house profile slot that nothing fills: `{arg.NAME}` where no entry (nor
//! framework error) declares the param, or `{wire.NAME}` where no entry sets
//! `wire.PROFILE.NAME`. Its member would be left out of every body, silently,
//! so a misspelling is a warning at the slot. And an entry's `wire.NAME`
//! table for a profile the catalog does not have, which no body reads.

use std::collections::HashSet;

use errcat_catalog::Diagnostic;
use errcat_catalog::house::{Slot, body_view, slots};
use errcat_catalog::load::{closest, string_content_start};

use super::Context;
use crate::profile::Profile;

/// What an entry's `wire` table may be named for besides profiles.
const GRPC: &str = "grpc";

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let parsed = context.parsed;
    let catalog = &parsed.catalog;
    if catalog.profiles.is_empty() && catalog.entries.iter().all(|e| e.wire.is_empty()) {
        return;
    }
    // Read only for a catalog with house profiles: the framework catalog,
    // which has none, is checked while it is being made.
    let params: HashSet<&str> = catalog
        .entries
        .iter()
        .flat_map(|entry| entry.params.keys().map(String::as_str))
        .chain(
            if catalog.profiles.is_empty() {
                None
            } else {
                Some(crate::framework::catalog())
            }
            .into_iter()
            .flat_map(|framework| framework.entries())
            .flat_map(|entry| entry.params.iter().map(|(name, _)| name.as_str())),
        )
        .collect();
    for (name, profile) in &catalog.profiles {
        let Some(body) = body_view(&profile.body) else {
            continue;
        };
        let wire_keys: HashSet<&str> = catalog
            .entries
            .iter()
            .filter_map(|entry| entry.wire.get(name))
            .flat_map(|attributes| attributes.keys().map(String::as_str))
            .collect();
        let mut reported = HashSet::new();
        for slot in slots(&body) {
            let (unset, near, help) = match &slot {
                Slot::Arg(param) if !params.contains(param.as_str()) => (
                    format!("no entry declares the param `{param}`"),
                    closest(param, params.iter().copied()).map(|near| format!("{{arg.{near}}}")),
                    format!(
                        "declare it on the entries that send it: `params.{param} = \"string\"`"
                    ),
                ),
                Slot::Wire(key) if !wire_keys.contains(key.as_str()) => (
                    format!("no entry sets `wire.{name}.{key}`"),
                    closest(key, wire_keys.iter().copied()).map(|near| format!("{{wire.{near}}}")),
                    format!("set it on the entries that send it: `wire.{name}.{key} = \"...\"`"),
                ),
                _ => continue,
            };
            let written = format!("{{{slot}}}");
            if !reported.insert(written.clone()) {
                continue;
            }
            let span = parsed.spans.profiles.get(name).map(|spans| {
                let body = spans.value_or_table("body");
                let start = string_content_start(&parsed.source.text, &body, &profile.body);
                match (start, profile.body.find(&written)) {
                    (Some(start), Some(offset)) => start + offset..start + offset + written.len(),
                    _ => body,
                }
            });
            let help = match near {
                Some(near) => format!("did you mean `{near}`? Otherwise {help}"),
                None => help,
            };
            diagnostics.push(
                Diagnostic::warning(
                    "house-slot-source",
                    format!(
                        "profile `{name}`: `{written}` is never filled: {unset}, so every body leaves it out"
                    ),
                )
                .at(span)
                .help(help),
            );
        }
    }
    let known = |profile: &str| {
        profile == GRPC
            || catalog.profiles.contains_key(profile)
            || Profile::built_in_named(profile).is_some()
    };
    let names = || {
        Profile::built_in()
            .iter()
            .map(|profile| profile.name())
            .chain(catalog.profiles.keys().map(String::as_str))
            .chain([GRPC])
    };
    for (index, entry) in catalog.entries.iter().enumerate() {
        for profile in entry.wire.keys().filter(|profile| !known(profile)) {
            let near = closest(profile, names());
            let span = context.entry_span(index, "wire");
            diagnostics.push(
                Diagnostic::warning(
                    "house-slot-source",
                    format!(
                        "`{}` sets `wire.{profile}`, but the catalog has no profile `{profile}`{}: no body reads it",
                        entry.id,
                        near.map(|near| format!(" (did you mean `{near}`?)"))
                            .unwrap_or_default()
                    ),
                )
                .at(span)
                .help("`wire.NAME` is read by the profile called NAME: a built-in one, a `[profiles.NAME]`, or `grpc`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::run_check;

    const SQUARE: &str = r#"
[profiles.square]
body = '{"errors": [{"category": "{wire.category}", "code": "{code}", "detail": "{message}", "retry_after": "{arg.seconds}"}]}'

[[errors]]
id = "rate_limited"
status = 429
message = "Slow down"
params.seconds = "int"
wire.square.category = "RATE_LIMIT_ERROR"
"#;

    #[test]
    fn slots_the_entries_fill_are_quiet() {
        assert_eq!(run_check(super::check, SQUARE), []);
    }

    #[test]
    fn a_misspelled_wire_or_arg_slot_is_a_warning_at_the_slot() {
        let text = SQUARE
            .replace("{wire.category}", "{wire.categroy}")
            .replace("{arg.seconds}", "{arg.secnds}");
        let found = run_check(super::check, &text);
        assert_eq!(
            found,
            [
                (
                    "3:35".into(),
                    "profile `square`: `{wire.categroy}` is never filled: no entry sets `wire.square.categroy`, so every body leaves it out".into()
                ),
                (
                    "3:110".into(),
                    "profile `square`: `{arg.secnds}` is never filled: no entry declares the param `secnds`, so every body leaves it out".into()
                ),
            ]
        );
    }

    #[test]
    fn a_framework_error_s_param_fills_an_arg_slot() {
        let text = SQUARE.replace("{arg.seconds}", "{arg.path}");
        assert_eq!(run_check(super::check, &text), []);
    }

    #[test]
    fn a_wire_table_for_no_profile_is_a_warning_at_the_entry() {
        let text = SQUARE.replace("wire.square.category", "wire.sqaure.category");
        let found = run_check(super::check, &text);
        let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "profile `square`: `{wire.category}` is never filled: no entry sets `wire.square.category`, so every body leaves it out",
                "`rate_limited` sets `wire.sqaure`, but the catalog has no profile `sqaure` (did you mean `square`?): no body reads it",
            ]
        );
        assert_eq!(found[1].0, "10:1");
        // `wire.grpc` and built-in profiles' names are read too.
        let text = SQUARE.replace(
            "wire.square.category = \"RATE_LIMIT_ERROR\"",
            "wire.square.category = \"RATE_LIMIT_ERROR\"\nwire.grpc.code = \"UNAVAILABLE\"\nwire.plain.type = \"X\"",
        );
        assert_eq!(run_check(super::check, &text), []);
    }
}
