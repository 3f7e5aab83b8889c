//! The built-in catalog of framework errors (unknown route, malformed JSON,
//! unknown gRPC method, panics, ...), which a team's own catalog may override entry by entry.

use std::sync::LazyLock;

use crate::compiled::CompiledCatalog;

/// The framework catalog's TOML.
pub const SOURCE: &str = include_str!("framework.toml");

static FRAMEWORK: LazyLock<CompiledCatalog> = LazyLock::new(|| {
    crate::compile(errcat_catalog::SourceFile::new(
        "<errcat>/framework.toml",
        SOURCE,
    ))
    .unwrap_or_else(|error| panic!("framework catalog: {error}"))
});

/// The framework errors.
pub fn catalog() -> &'static CompiledCatalog {
    &FRAMEWORK
}

/// The framework catalog's entries as written, read without checking it:
/// what an override of one may use, read from the source rather than from
/// [`catalog`], so that checking a catalog never waits on the framework
/// catalog being made.
static SOURCE_ENTRIES: LazyLock<Vec<errcat_catalog::Entry>> = LazyLock::new(|| {
    errcat_catalog::parse(errcat_catalog::SourceFile::new(
        "<errcat>/framework.toml",
        SOURCE,
    ))
    .catalog
    .entries
});

/// The framework error `id` as written.
fn source_entry(id: &str) -> Option<&'static errcat_catalog::Entry> {
    SOURCE_ENTRIES.iter().find(|entry| entry.id == id)
}

/// The example of the param `name` of the framework error `id`: what docs
/// show for an override of it whose own param has none.
pub fn param_example(id: &str, name: &str) -> Option<&'static serde_json::Value> {
    source_entry(id)?.params.get(name)?.example()
}

/// The params the framework error `id` is given when errcat raises it, if
/// errcat does; not for the ones services raise themselves too, with
/// arguments of their own ([`RAISED_BY_SERVICES`]).
pub(crate) fn params_of(
    id: &str,
) -> Option<&'static indexmap::IndexMap<String, errcat_catalog::Param>> {
    if RAISED_BY_SERVICES.contains(&id) {
        return None;
    }
    Some(&source_entry(id)?.params)
}

/// Every param some framework error is given.
pub(crate) fn all_params() -> impl Iterator<Item = &'static str> {
    SOURCE_ENTRIES
        .iter()
        .flat_map(|entry| entry.params.keys().map(String::as_str))
}

/// Framework errors services raise themselves as well: a validation
/// failure (see [`crate::validation`]), a handler's own bad request or
/// internal error.
const RAISED_BY_SERVICES: &[&str] = &[
    ids::VALIDATION_FAILED,
    ids::BAD_REQUEST,
    ids::INTERNAL_ERROR,
];

/// Ids of the framework errors, which a team's catalog may define to override them.
pub mod ids {
    /// No route matches the path.
    pub const ROUTE_NOT_FOUND: &str = "route_not_found";
    /// A route matched, but its handler answered a bare 404.
    pub const RESOURCE_NOT_FOUND: &str = "resource_not_found";
    /// The route exists, but not for this method.
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    /// The body is not JSON.
    pub const MALFORMED_JSON: &str = "malformed_json";
    /// The body is JSON of the wrong shape.
    pub const INVALID_BODY: &str = "invalid_body";
    /// The body is not `application/json`.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    /// The body is too large.
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    /// A path parameter does not parse.
    pub const INVALID_PATH: &str = "invalid_path";
    /// The query string does not parse.
    pub const INVALID_QUERY: &str = "invalid_query";
    /// Validation found invalid fields.
    pub const VALIDATION_FAILED: &str = "validation_failed";
    /// The request's headers are over [`crate::axum::MAX_HEADER_BYTES`] or
    /// [`crate::axum::MAX_HEADER_COUNT`].
    pub const HEADERS_TOO_LARGE: &str = "headers_too_large";
    /// Any other 4xx the framework produced.
    pub const BAD_REQUEST: &str = "bad_request";
    /// The handler took too long.
    pub const REQUEST_TIMEOUT: &str = "request_timeout";
    /// A panic or any other 5xx the framework produced.
    pub const INTERNAL_ERROR: &str = "internal_error";
    /// A gRPC method (or service) the server does not implement.
    pub const METHOD_NOT_IMPLEMENTED: &str = "method_not_implemented";
    /// A gRPC request message that does not decode.
    pub const MALFORMED_MESSAGE: &str = "malformed_message";
}

#[cfg(test)]
mod tests {
    #[test]
    fn framework_catalog_compiles_with_every_documented_id() {
        for id in [
            super::ids::ROUTE_NOT_FOUND,
            super::ids::RESOURCE_NOT_FOUND,
            super::ids::METHOD_NOT_ALLOWED,
            super::ids::MALFORMED_JSON,
            super::ids::INVALID_BODY,
            super::ids::UNSUPPORTED_MEDIA_TYPE,
            super::ids::PAYLOAD_TOO_LARGE,
            super::ids::INVALID_PATH,
            super::ids::INVALID_QUERY,
            super::ids::VALIDATION_FAILED,
            super::ids::HEADERS_TOO_LARGE,
            super::ids::BAD_REQUEST,
            super::ids::REQUEST_TIMEOUT,
            super::ids::INTERNAL_ERROR,
            super::ids::METHOD_NOT_IMPLEMENTED,
            super::ids::MALFORMED_MESSAGE,
        ] {
            assert!(super::catalog().entry(id).is_some(), "{id}");
        }
    }
}
