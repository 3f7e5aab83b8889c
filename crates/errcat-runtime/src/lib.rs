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
//! catalog error, plus extractors that reject with catalog errors.
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
//! let checked = errcat_runtime::catalog::check(errcat_runtime::catalog::parse(source)).unwrap();
//! let catalog = CompiledCatalog::new(&checked).unwrap();
//! let error = catalog.error("contact_not_found").unwrap().arg("id", "c_1");
//! assert_eq!(error.message(), "No contact with id \"c_1\".");
//! let rendered = Profile::Problem.render(&error, &RenderContext::default());
//! assert_eq!(rendered.status, 404);
//! ```

pub mod args;
pub mod compiled;
pub mod error;
pub mod examples;
pub mod framework;
pub mod profile;
pub mod request_id;
pub mod validation;

#[cfg(feature = "axum")]
pub mod axum;

#[doc(hidden)]
pub mod __private {
    /// Compiles a catalog the macro already checked at build time.
    pub fn compile_checked(source: &str, name: &str) -> crate::CompiledCatalog {
        crate::compile(errcat_catalog::SourceFile::new(name, source))
            .unwrap_or_else(|error| panic!("{error}"))
    }
}

pub use args::ArgValue;
pub use compiled::{CompileError, CompiledCatalog, CompiledEntry};
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

/// Checks a parsed catalog with every lint, example bodies included.
pub fn check(
    parsed: errcat_catalog::Parsed,
) -> Result<errcat_catalog::Checked, errcat_catalog::Report> {
    errcat_catalog::check_with(parsed, &[&runtime_checks])
}

/// The checks that need the runtime: house profile names, then example bodies.
fn runtime_checks(parsed: &errcat_catalog::Parsed) -> Vec<errcat_catalog::Diagnostic> {
    let mut diagnostics = profile::check_house_names(parsed);
    diagnostics.extend(examples::check_examples(parsed));
    diagnostics
}

/// Every problem in a parsed catalog, example bodies included, in source order.
pub fn diagnose(parsed: &errcat_catalog::Parsed) -> Vec<errcat_catalog::Diagnostic> {
    let mut diagnostics = errcat_catalog::diagnose(parsed);
    if !diagnostics.iter().any(errcat_catalog::Diagnostic::is_error) {
        diagnostics.extend(runtime_checks(parsed));
        diagnostics.sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |span| span.start));
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
