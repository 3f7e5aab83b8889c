//! errcat's catalog: the model of an error catalog, its TOML format with source
//! spans, message templates, and the lints that check it.
//!
//! This crate knows nothing of HTTP. Every tool (the CLI, the macro, the portal)
//! reads catalogs with [`read_source`] and [`parse`]; `errcat_runtime::check`
//! adds the example-body check to [`check_with`], so they all agree on what a
//! valid catalog is.
//!
//! Internal crate of errcat: not semver-stable; use the `errcat` facade.

pub mod builtin;
pub mod diagnostic;
pub mod diff;
pub mod house;
pub mod lints;
pub mod load;
pub mod model;
pub mod template;

pub use diagnostic::{Diagnostic, LineIndex, Report, Severity, SourceFile};
pub use load::{Parsed, ReadError, Spans, TableSpans, parse, read_source};
pub use model::*;
pub use template::{Template, TemplateError};

/// A catalog with no errors, and the warnings found while checking it.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The catalog as read, with its source and spans.
    pub parsed: Parsed,
    /// Warnings (never errors), in source order.
    pub warnings: Vec<Diagnostic>,
}

impl Checked {
    /// The catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.parsed.catalog
    }
}

/// Every problem in a parsed catalog: reading problems and lint findings, in source order.
pub fn diagnose(parsed: &Parsed) -> Vec<Diagnostic> {
    let mut diagnostics = parsed.diagnostics.clone();
    if !diagnostics.iter().any(|d| d.lint == "toml-syntax") {
        diagnostics.extend(lints::run(parsed));
    }
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |span| span.start));
    diagnostics
}

/// Checks a parsed catalog: `Ok` with its warnings when it has no errors, else a report of all.
pub fn check(parsed: Parsed) -> Result<Checked, Report> {
    check_with(parsed, &[])
}

/// A check that lives outside this crate, such as the runtime's example check.
pub type ExtraCheck<'a> = &'a dyn Fn(&Parsed) -> Vec<Diagnostic>;

/// Like [`check`], with more checks that live outside this crate (the runtime's example check).
pub fn check_with(parsed: Parsed, extra: &[ExtraCheck<'_>]) -> Result<Checked, Report> {
    let mut diagnostics = diagnose(&parsed);
    if !diagnostics.iter().any(Diagnostic::is_error) {
        for check in extra {
            diagnostics.extend(check(&parsed));
        }
        diagnostics.sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |span| span.start));
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Report {
            source: parsed.source,
            diagnostics,
        });
    }
    Ok(Checked {
        parsed,
        warnings: diagnostics,
    })
}

/// The catalog format's JSON Schema, generated from the model.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Catalog)).expect("a schema is always JSON")
}
