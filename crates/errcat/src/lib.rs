//! errcat: run an API's errors from one catalog.
//!
//! A catalog (`errors.toml`) holds every error an API returns. From it:
//!
//! - [`catalog!`] generates one typed constructor per entry, checked at
//!   compile time: a misspelled error, a missing argument or a catalog that
//!   no longer checks does not build;
//! - an [`ApiError`] (a compiled entry plus arguments, field errors, details
//!   and a request ID) renders in the wire shape the API promises through a
//!   [`Profile`]: RFC 9457 problem details by default, or the shapes of
//!   Plunk, Clerk, Planfix, Plain, JSON:API and Google AIP-193;
//! - with the `axum` feature, [`axum::ErrorLayer`] gives every response a
//!   request ID and turns every framework failure into a catalog error;
//! - with the `tonic` feature, an `ApiError` converts into a `tonic::Status`
//!   carrying the same AIP-193 details as the `google` profile (`ErrorInfo`,
//!   `BadRequest`, `RetryInfo`, `Help`, `RequestInfo`, `LocalizedMessage`),
//!   and `grpc::GrpcErrorLayer` does for tonic servers what the axum layer
//!   does for HTTP.
//!
//! ```
//! use axum::{Router, routing::get};
//! use errcat::axum::{ErrorLayer, Json, Path};
//! # #[derive(serde::Serialize)]
//! # struct Contact { id: String }
//! # fn find(id: &str) -> Option<Contact> { None }
//!
//! errcat::catalog!("errors.toml");
//!
//! async fn show(Path(id): Path<String>) -> Result<Json<Contact>, errcat::ApiError> {
//!     find(&id).map(Json).ok_or_else(|| errors::contact_not_found(&id))
//! }
//!
//! let app: Router = Router::new()
//!     .route("/contacts/{id}", get(show))
//!     .layer(ErrorLayer::new(errors::catalog().clone(), errors::catalog().profile()));
//! ```
//!
//! `errors.toml` is the catalog of the README (beside this crate's
//! `Cargo.toml`, so these examples compile as written).
//!
//! This is the one public crate; `errcat-runtime`, `errcat-catalog`,
//! `errcat-codegen` and `errcat-macros` are its parts and are not
//! semver-stable on their own.

pub use errcat_runtime::*;

/// Generates `pub mod errors`, one typed constructor per entry of a catalog
/// file (path relative to the crate's `Cargo.toml`).
///
/// ```
/// errcat::catalog!("errors.toml");
/// # struct Contact;
///
/// fn find(id: &str) -> Result<Contact, errcat::ApiError> {
///     Err(errors::contact_not_found(id))
/// }
/// # let error = find("c_8f2a").err().unwrap();
/// # assert_eq!(error.status(), 404);
/// ```
///
/// A catalog that `errcat check` rejects fails the build with its
/// diagnostics; a misspelled entry, a missing argument or a wrong type is a
/// compile error. Entry ids become snake_case names (`UnsupportedCountry` ->
/// `unsupported_country`, `000012` -> `e000012`, `000037[0]` -> `e000037_0`).
#[cfg(feature = "macros")]
pub use errcat_macros::catalog;

/// The README's Rust snippets, compiled by `cargo test --doc -p errcat`
/// (its TOML snippets are checked by `tests/readme.rs`); the test command
/// runs them with every feature on.
#[cfg(all(doctest, feature = "axum", feature = "macros", feature = "prometheus"))]
#[doc = include_str!("../../../README.md")]
mod readme {}
