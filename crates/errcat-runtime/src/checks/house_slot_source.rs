//! A house profile slot that nothing fills: `{wire.NAME}` where no entry
//! sets `wire.PROFILE.NAME` (its member is left out of every body, silently,
//! so a misspelling is a warning at the slot), or `{arg.NAME}` where no entry
//! nor framework error declares the param (left out unless code sets it on
//! the error). And an entry's `wire.NAME` table for a profile the catalog
//! does not have, which no body reads.
//!
//! Linear in the catalog: the nearest names are looked for only for the
//! first [`SUGGESTED`] reports, and once per misspelled profile name.

use std::collections::{HashMap, HashSet};

use errcat_catalog::Diagnostic;
use errcat_catalog::house::{Slot, body_view, slots};
use errcat_catalog::load::{closest, string_content_start};

use super::Context;
use crate::profile::Profile;

/// What an entry's `wire` table may be named for besides profiles.
const GRPC: &str = "grpc";

/// How many reports look for the nearest name, and for their slot in the body.
const SUGGESTED: usize = 32;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let parsed = context.parsed;
    let catalog = &parsed.catalog;
    if catalog.profiles.is_empty() && catalog.entries.iter().all(|e| e.wire.is_empty()) {
        return;
    }
    let known = |profile: &str| {
        profile == GRPC
            || catalog.profiles.contains_key(profile)
            || Profile::built_in_named(profile).is_some()
    };
    // The keys entries set under each profile name, read in one pass. Those
    // under a name the catalog does not have are misfiled: a slot they would
    // fill is reported once, as that misspelled table.
    let mut wire_keys: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut misfiled: HashSet<&str> = HashSet::new();
    for (profile, attributes) in catalog.entries.iter().flat_map(|entry| &entry.wire) {
        let keys = attributes.keys().map(String::as_str);
        if known(profile) {
            wire_keys.entry(profile).or_default().extend(keys);
        } else {
            misfiled.extend(keys);
        }
    }
    let no_keys = HashSet::new();
    let mut params: HashSet<&str> = catalog
        .entries
        .iter()
        .flat_map(|entry| entry.params.keys().map(String::as_str))
        .collect();
    for param in crate::framework::all_params() {
        params.insert(param);
    }
    let mut suggested = 0;
    for (name, profile) in &catalog.profiles {
        let Some(body) = body_view(&profile.body) else {
            continue;
        };
        let wire_keys = wire_keys.get(name.as_str()).unwrap_or(&no_keys);
        let mut reported = HashSet::new();
        for slot in slots(&body) {
            let suggest = suggested < SUGGESTED;
            // What is missing, and the names it may be a misspelling of.
            let (message, written, known_names, kind, help) = match &slot {
                Slot::Arg(param) if !params.contains(param.as_str()) => (
                    format!(
                        "`{{{slot}}}` names a param no entry declares: bodies leave it out unless code sets `{param}` on the error"
                    ),
                    param,
                    &params,
                    "arg",
                    format!(
                        "declare it on the entries that send it: `params.{param} = \"string\"`"
                    ),
                ),
                Slot::Wire(key)
                    if !wire_keys.contains(key.as_str()) && !misfiled.contains(key.as_str()) =>
                {
                    (
                        format!(
                            "`{{{slot}}}` is never filled: no entry sets `wire.{name}.{key}`, so every body leaves it out"
                        ),
                        key,
                        wire_keys,
                        "wire",
                        format!(
                            "set it on the entries that send it: `wire.{name}.{key} = \"...\"`"
                        ),
                    )
                }
                _ => continue,
            };
            let near = suggest
                .then(|| closest(written, known_names.iter().copied()))
                .flatten()
                .map(|near| format!("{{{kind}.{near}}}"));
            if !reported.insert(slot.to_string()) {
                continue;
            }
            let span = parsed.spans.profiles.get(name).map(|spans| {
                let body = spans.value_or_table("body");
                let start = suggest
                    .then(|| string_content_start(&parsed.source.text, &body, &profile.body))
                    .flatten();
                // The slot as written alone, else as a fallback's half.
                let (alone, half) = (format!("{{{slot}}}"), slot.to_string());
                let found = start.and_then(|start| {
                    let text = &profile.body;
                    text.find(&alone)
                        .map(|offset| (offset, alone.len()))
                        .or_else(|| text.find(&half).map(|offset| (offset, half.len())))
                        .map(|(offset, len)| start + offset..start + offset + len)
                });
                found.unwrap_or(body)
            });
            suggested += 1;
            let help = match near {
                Some(near) => format!("did you mean `{near}`? Otherwise {help}"),
                None => help,
            };
            diagnostics.push(
                Diagnostic::warning("house-slot-source", format!("profile `{name}`: {message}"))
                    .at(span)
                    .help(help),
            );
        }
    }
    let names = || {
        Profile::built_in()
            .iter()
            .map(|profile| profile.name())
            .chain(catalog.profiles.keys().map(String::as_str))
            .chain([GRPC])
    };
    let mut nearest: HashMap<&str, Option<&str>> = HashMap::new();
    for (index, entry) in catalog.entries.iter().enumerate() {
        for profile in entry.wire.keys().filter(|profile| !known(profile)) {
            let near = match nearest.get(profile.as_str()) {
                Some(near) => *near,
                None => {
                    let near = (nearest.len() < SUGGESTED)
                        .then(|| closest(profile, names()))
                        .flatten();
                    nearest.insert(profile, near);
                    near
                }
            };
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
                .at(context.entry_span(index, "wire"))
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
                    "profile `square`: `{arg.secnds}` names a param no entry declares: bodies leave it out unless code sets `secnds` on the error".into()
                ),
            ]
        );
    }

    #[test]
    fn many_misfiled_tables_are_each_reported_and_only_the_first_get_a_suggestion() {
        let mut text = String::new();
        for n in 0..100 {
            text.push_str(&format!(
                "[profiles.p{n}]\nbody = '{{\"code\": \"{{code}}\", \"k\": \"{{wire.k}}\"}}'\n"
            ));
        }
        for n in 0..1_000 {
            text.push_str(&format!(
                "[[errors]]\nid = \"e{n}\"\nstatus = 400\nmessage = \"E\"\nwire.q{n}.k = \"x\"\n"
            ));
        }
        let found = run_check(super::check, &text);
        assert_eq!(found.len(), 1_000, "one per misfiled table, none per slot");
        let suggested = found
            .iter()
            .filter(|(_, message)| message.contains("did you mean"))
            .count();
        assert_eq!(suggested, super::SUGGESTED);
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
        // One report: the misfiled table, not also the slot it would fill.
        assert_eq!(
            found,
            [(
                "10:1".into(),
                "`rate_limited` sets `wire.sqaure`, but the catalog has no profile `sqaure` (did you mean `square`?): no body reads it".into()
            )]
        );
        // `wire.grpc` and built-in profiles' names are read too.
        let text = SQUARE.replace(
            "wire.square.category = \"RATE_LIMIT_ERROR\"",
            "wire.square.category = \"RATE_LIMIT_ERROR\"\nwire.grpc.code = \"UNAVAILABLE\"\nwire.plain.type = \"X\"",
        );
        assert_eq!(run_check(super::check, &text), []);
    }
}
