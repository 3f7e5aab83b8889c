//! An entry whose `wire.grpc.code` is not one of the 17 canonical
//! `google.rpc.Code` names: gRPC clients could not read it, and AIP-193
//! bodies name the code in `status`.

use errcat_catalog::Diagnostic;

use super::Context;
use crate::details::{GRPC_CODES, GrpcCode};

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let parsed = context.parsed;
    for (index, entry) in parsed.catalog.entries.iter().enumerate() {
        let Some(value) = entry.wire_attr("grpc", "code") else {
            continue;
        };
        let name = value.as_str();
        if name.is_some_and(|name| GrpcCode::named(name).is_some()) {
            continue;
        }
        let shown = name.map_or_else(|| value.to_string(), str::to_owned);
        let near = name.and_then(|name| {
            errcat_catalog::load::closest(&name.to_ascii_uppercase(), GRPC_CODES.iter().copied())
        });
        let span = context.entry_span(index, "wire");
        diagnostics.push(
            Diagnostic::error(
                "unknown-grpc-code",
                format!(
                    "`{}` sets `wire.grpc.code` to `{shown}`, which is no gRPC code{}",
                    entry.id,
                    near.map(|near| format!(" (did you mean `{near}`?)"))
                        .unwrap_or_default()
                ),
            )
            .at(span)
            .help(format!("use one of {}", GRPC_CODES[1..].join(", "))),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::run_check;

    #[test]
    fn an_unknown_grpc_code_is_an_error_at_its_entry_with_a_suggestion() {
        let found = run_check(
            super::check,
            "[[errors]]\nid = \"a\"\nstatus = 400\nmessage = \"A\"\nwire.grpc.code = \"FAILED_PRECONDITON\"\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.starts_with("5:"), "{found:?}");
        assert_eq!(
            found[0].1,
            "`a` sets `wire.grpc.code` to `FAILED_PRECONDITON`, which is no gRPC code (did you mean `FAILED_PRECONDITION`?)"
        );
    }

    #[test]
    fn canonical_names_pass_and_other_types_fail() {
        let text = |code: &str| {
            format!(
                "[[errors]]\nid = \"a\"\nstatus = 400\nmessage = \"A\"\nwire.grpc.code = {code}\n"
            )
        };
        assert!(run_check(super::check, &text("\"ABORTED\"")).is_empty());
        assert_eq!(run_check(super::check, &text("9")).len(), 1);
        assert_eq!(run_check(super::check, &text("\"aborted\"")).len(), 1);
    }
}
