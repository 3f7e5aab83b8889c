//! errcat's runtime: run an API's errors from one catalog.
//!
//! Internal crate of errcat: use it through the `errcat` facade, which
//! re-exports all of it with the `catalog!` macro.
//!
//! A catalog (`errors.toml`) is loaded and checked by [`catalog`], compiled
//! into a [`CompiledCatalog`], and each error a service returns is an
//! [`ApiError`]: a compiled entry plus arguments, field errors, details and a
//! request ID. A [`Profile`] turns it into status, headers and a body in the
//! wire shape the API promises: RFC 9457 problem details by default, or the
//! shapes of Plunk, Clerk, Planfix, Plain, JSON:API and Google (AIP-193).
//!
//! With the `axum` feature (on by default), [`axum`] gives a
//! layer that assigns request IDs and turns every framework failure into a
//! catalog error, plus extractors that reject with catalog errors. With the
//! `tonic` feature, [`grpc`] turns an error into a `tonic::Status` with
//! `google.rpc` details (built by [`details::of`], as the `google` profile's
//! are) and gives tonic servers the same kind of layer.
//!
//! ```
//! use errcat_runtime::{CompiledCatalog, Profile, RenderContext};
//!
//! let source = errcat_runtime::catalog::SourceFile::new("errors.toml", r#"
//! [[errors]]
//! id = "contact_not_found"
//! status = 404
//! title = "Contact not found"
//! message = "No contact with id {id:q}."
//! params.id = "string"
//! "#);
//! let checked = errcat_runtime::check(errcat_runtime::catalog::parse(source)).unwrap();
//! let catalog = CompiledCatalog::new(&checked).unwrap();
//! let error = catalog.error("contact_not_found").unwrap().arg("id", "c_1");
//! assert_eq!(error.message(), "No contact with id \"c_1\".");
//! let rendered = Profile::PROBLEM.render(&error, &RenderContext::default());
//! assert_eq!(rendered.status, 404);
//! ```

pub mod args;
pub mod checks;
pub mod compiled;
pub mod details;
pub mod error;
pub mod examples;
pub mod framework;
pub mod locale;
pub mod profile;
pub mod request_id;
#[cfg(any(feature = "axum", feature = "actix"))]
pub(crate) mod service;
pub mod telemetry;
pub mod validation;

#[cfg(feature = "axum")]
pub mod axum;

#[cfg(feature = "tonic")]
pub mod grpc;

#[cfg(feature = "actix")]
pub mod actix;

#[cfg(feature = "utoipa")]
pub mod utoipa;

#[doc(hidden)]
pub mod __private {
    /// Compiles a catalog the macro already checked at build time.
    pub fn compile_checked(source: &str, name: &str) -> crate::CompiledCatalog {
        crate::compile(errcat_catalog::SourceFile::new(name, source))
            .unwrap_or_else(|error| panic!("{error}"))
    }
}

pub use args::{ArgValue, CompactString, IntArg};
pub use compiled::{
    CompileError, CompiledCatalog, CompiledEntry, EntryText, ErrorSet, Locale, Locales,
};
pub use errcat_catalog as catalog;
pub use error::ApiError;
pub use profile::{Profile, RenderContext, Rendered};
pub use request_id::RequestId;

/// Loads, checks (including every example body) and compiles a catalog file.
pub fn load(path: &std::path::Path) -> Result<CompiledCatalog, LoadError> {
    compile(errcat_catalog::read_source(path)?)
}

/// Parses, checks (including every example body) and compiles catalog text.
pub fn compile(source: errcat_catalog::SourceFile) -> Result<CompiledCatalog, LoadError> {
    let checked = check(errcat_catalog::parse(source))?;
    Ok(CompiledCatalog::new(&checked)?)
}

/// A catalog the whole check passed: no errors, only warnings.
///
/// Only [`check`] and [`check_with`] make one, and a [`CompiledCatalog`] is
/// only built from one, so every tool that renders, documents or serves a
/// catalog has run the same check on it.
#[derive(Debug, Clone)]
pub struct Checked {
    parsed: errcat_catalog::Parsed,
    warnings: Vec<errcat_catalog::Diagnostic>,
    options: CheckOptions,
}

impl Checked {
    /// The catalog.
    pub fn catalog(&self) -> &errcat_catalog::Catalog {
        &self.parsed.catalog
    }

    /// The catalog as read, with its source and spans.
    pub fn parsed(&self) -> &errcat_catalog::Parsed {
        &self.parsed
    }

    /// Warnings (never errors), in source order.
    pub fn warnings(&self) -> &[errcat_catalog::Diagnostic] {
        &self.warnings
    }

    /// What the check that made this allowed.
    pub fn options(&self) -> CheckOptions {
        self.options
    }
}

/// What a check may let pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CheckOptions {
    /// Whether examples must match what errcat renders.
    pub examples: ExampleRule,
}

impl CheckOptions {
    /// These options, with `rule` for example bodies.
    pub fn with_examples(mut self, rule: ExampleRule) -> Self {
        self.examples = rule;
        self
    }
}

/// How a check treats example bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ExampleRule {
    /// A stale example is an error (every tool but `errcat render`).
    #[default]
    MustMatch,
    /// A stale example is a warning: `errcat render` is how one is fixed.
    MayBeStale,
}

/// The whole check: the catalog's lints, then the checks that need the
/// runtime ([`checks::CHECKS`]: profiles, example bodies). `Ok` with the
/// warnings when nothing is an error, else a report of every problem.
pub fn check(parsed: errcat_catalog::Parsed) -> Result<Checked, errcat_catalog::Report> {
    check_with(parsed, CheckOptions::default())
}

/// [`check`], with options.
pub fn check_with(
    parsed: errcat_catalog::Parsed,
    options: CheckOptions,
) -> Result<Checked, errcat_catalog::Report> {
    let mut diagnostics = diagnose(&parsed);
    if options.examples == ExampleRule::MayBeStale {
        for diagnostic in &mut diagnostics {
            if diagnostic.lint == "example-mismatch" {
                diagnostic.severity = errcat_catalog::Severity::Warning;
            }
        }
    }
    if diagnostics.iter().any(errcat_catalog::Diagnostic::is_error) {
        return Err(errcat_catalog::Report {
            source: parsed.source,
            diagnostics,
        });
    }
    Ok(Checked {
        parsed,
        warnings: diagnostics,
        options,
    })
}

/// Every problem the whole check finds in a parsed catalog, in source order.
/// The runtime checks run only when the catalog's lints found no error.
pub fn diagnose(parsed: &errcat_catalog::Parsed) -> Vec<errcat_catalog::Diagnostic> {
    let mut diagnostics = errcat_catalog::lint(parsed);
    if !diagnostics.iter().any(errcat_catalog::Diagnostic::is_error) {
        diagnostics.extend(checks::run(parsed));
        errcat_catalog::sort_by_position(&mut diagnostics);
    }
    diagnostics
}

/// Why [`load`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error(transparent)]
    Read(#[from] errcat_catalog::ReadError),
    /// The catalog has errors.
    #[error("{0}")]
    Invalid(#[from] errcat_catalog::Report),
    /// The catalog checks but cannot be compiled.
    #[error(transparent)]
    Compile(#[from] CompileError),
}
