//! Catalog errors in a utoipa document: per-status responses with the
//! profile's body schema, headers and examples, and the modifier that adds
//! the components once and the framework errors to every operation.
#![cfg(feature = "utoipa")]

use std::sync::LazyLock;

use errcat_runtime::utoipa::{ErrorDocs, Errors};
use errcat_runtime::{CompiledCatalog, ErrorSet};
use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem};
use utoipa::openapi::{OpenApiBuilder, PathsBuilder, RefOr, ResponsesBuilder};
use utoipa::{IntoResponses, Modify};

static CATALOG: LazyLock<CompiledCatalog> = LazyLock::new(|| {
    errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new(
        "t.toml",
        r#"
[catalog]
name = "Contacts"
domain = "contacts.example.com"

[[errors]]
id = "contact_not_found"
status = 404
title = "Contact not found"
message = "No contact {id:q}"
params.id = { type = "string", example = "c_1" }

[[errors]]
id = "rate_limited"
status = 429
title = "Too many requests"
message = "Retry in {seconds} seconds"
retry = { after = "seconds" }
params.seconds = "int"
"#,
    ))
    .unwrap()
});

fn catalog() -> &'static CompiledCatalog {
    &CATALOG
}

/// What the generated module's `entries::ContactNotFound` is.
struct ContactNotFound;

impl ErrorSet for ContactNotFound {
    fn collect(into: &mut Vec<(&'static CompiledCatalog, &'static str)>) {
        into.push((catalog(), "contact_not_found"));
    }
}

struct RateLimited;

impl ErrorSet for RateLimited {
    fn collect(into: &mut Vec<(&'static CompiledCatalog, &'static str)>) {
        into.push((catalog(), "rate_limited"));
    }
}

fn json(value: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

#[test]
fn each_status_gets_the_body_schema_its_headers_and_an_example_per_entry() {
    let responses = json(&Errors::<(ContactNotFound, RateLimited)>::responses());
    let not_found = &responses["404"];
    assert_eq!(not_found["description"], "Contact not found");
    let content = &not_found["content"]["application/problem+json"];
    assert_eq!(
        content["schema"]["$ref"],
        "#/components/schemas/ErrcatProblemError"
    );
    let example = &content["examples"]["contact_not_found"]["value"];
    assert_eq!(example["detail"], "No contact \"c_1\"");
    assert_eq!(example["code"], "contact_not_found");
    assert!(not_found["headers"]["x-request-id"].is_object());
    assert!(not_found["headers"].get("Retry-After").is_none());
    let limited = &responses["429"];
    assert!(limited["headers"]["Retry-After"].is_object());
    assert_eq!(
        limited["content"]["application/problem+json"]["examples"]["rate_limited"]["value"]["detail"],
        "Retry in 42 seconds",
        "a param without an example takes a sample of its type, as docs and OpenAPI show it"
    );
    assert_eq!(
        example["request_id"],
        errcat_runtime::examples::SAMPLE_REQUEST_ID
    );
}

#[test]
fn the_modifier_adds_the_schema_once_and_the_framework_errors_to_every_operation() {
    let responses = Errors::<ContactNotFound>::responses();
    let operation = OperationBuilder::new()
        .responses(ResponsesBuilder::new().responses_from_iter(responses))
        .build();
    let mut openapi = OpenApiBuilder::new()
        .paths(
            PathsBuilder::new()
                .path(
                    "/contacts/{id}",
                    PathItem::new(HttpMethod::Get, operation.clone()),
                )
                .path("/contacts", PathItem::new(HttpMethod::Post, operation)),
        )
        .build();
    let docs = ErrorDocs::new(catalog);
    docs.modify(&mut openapi);
    let once = json(&openapi);
    // Applied again (a second `modifiers` entry, a merged document): nothing doubles.
    docs.modify(&mut openapi);
    assert_eq!(json(&openapi), once);
    let schemas = openapi
        .components
        .as_ref()
        .unwrap()
        .schemas
        .keys()
        .collect::<Vec<_>>();
    assert_eq!(schemas, ["ErrcatProblemError"]);
    for path in ["/contacts/{id}", "/contacts"] {
        let operation = &once["paths"][path];
        let operation = operation.get("get").or(operation.get("post")).unwrap();
        let examples = |status: &str| {
            operation["responses"][status]["content"]["application/problem+json"]["examples"]
                .as_object()
                .map(|examples| examples.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        // The handler's own error, then the framework's for the same status.
        assert_eq!(
            examples("404"),
            ["contact_not_found", "resource_not_found", "route_not_found"],
            "{path}"
        );
        assert_eq!(examples("415"), ["unsupported_media_type"], "{path}");
        // gRPC's own framework errors are not an HTTP service's.
        assert!(examples("501").is_empty(), "{path}");
    }
    let RefOr::T(_) = openapi
        .components
        .unwrap()
        .schemas
        .remove("ErrcatProblemError")
        .unwrap()
    else {
        panic!("the schema is inline in the components")
    };
}
