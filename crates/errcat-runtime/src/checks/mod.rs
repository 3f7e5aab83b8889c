//! The checks that need the runtime, one file each with its tests beside it,
//! registered in [`CHECKS`] as the catalog's lints are in `errcat_catalog::lints`.
//!
//! They run after the catalog's lints, and only when those found no error:
//! each reads a [`Context`] (the parsed catalog, and the catalog compiled
//! when it compiles).

use errcat_catalog::{Diagnostic, Parsed};

use crate::compiled::{CompileError, CompiledCatalog};

mod example_mismatch;
mod framework_override_params;
mod house_profile_name;
mod house_slot_source;
mod unknown_grpc_code;
mod unknown_profile;

/// A check over a whole catalog that needs the runtime.
pub type Check = fn(&Context<'_>, &mut Vec<Diagnostic>);

/// Every runtime check, in the order they run.
pub const CHECKS: &[(&str, Check)] = &[
    ("house-profile-name", house_profile_name::check),
    ("house-slot-source", house_slot_source::check),
    ("unknown-profile", unknown_profile::check),
    ("unknown-grpc-code", unknown_grpc_code::check),
    (
        "framework-override-params",
        framework_override_params::check,
    ),
    ("example-mismatch", example_mismatch::check),
];

/// What runtime checks read.
#[derive(Debug)]
pub struct Context<'a> {
    /// The catalog with its source and spans.
    pub parsed: &'a Parsed,
    /// The catalog compiled, or why it does not compile.
    pub compiled: Result<CompiledCatalog, CompileError>,
}

impl Context<'_> {
    /// Where entry `index`'s value under `key` stands, or its table when it has none.
    pub(crate) fn entry_span(&self, index: usize, key: &str) -> Option<std::ops::Range<usize>> {
        self.parsed
            .spans
            .entries
            .get(index)
            .map(|spans| spans.value_or_table(key))
    }
}

/// Runs every runtime check.
pub(crate) fn run(parsed: &Parsed) -> Vec<Diagnostic> {
    let context = Context {
        parsed,
        compiled: CompiledCatalog::compile_unchecked(&parsed.catalog),
    };
    let mut diagnostics = Vec::new();
    for (_, check) in CHECKS {
        check(&context, &mut diagnostics);
    }
    diagnostics
}

#[cfg(test)]
pub(crate) mod test_support {
    use errcat_catalog::{SourceFile, parse};

    /// Runs one check over a catalog's text and returns `(line:col, message)` rows.
    pub fn run_check(check: super::Check, text: &str) -> Vec<(String, String)> {
        let parsed = parse(SourceFile::new("test.toml", text));
        let context = super::Context {
            parsed: &parsed,
            compiled: crate::CompiledCatalog::compile_unchecked(&parsed.catalog),
        };
        let mut diagnostics = Vec::new();
        check(&context, &mut diagnostics);
        diagnostics
            .into_iter()
            .map(|diagnostic| {
                let at = diagnostic
                    .span
                    .map(|span| {
                        let (line, column) = parsed.source.line_col(span.start);
                        format!("{line}:{column}")
                    })
                    .unwrap_or_default();
                (at, diagnostic.message)
            })
            .collect()
    }
}
