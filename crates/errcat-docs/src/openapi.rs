//! OpenAPI 3.1 components for a catalog's errors: the body schema of its
//! profile, an enum of its wire codes, and one reusable response per entry
//! (and per framework error it does not override: unknown route, malformed
//! JSON, ...) with a sample body, so an API description can `$ref` the errors
//! an operation returns instead of restating them.
//!
//! ```yaml
//! responses:
//!   "404":
//!     $ref: "#/components/responses/UserNotFound"
//! ```

use std::collections::HashSet;

use errcat_catalog::{Catalog, Entry, Retry};
use errcat_runtime::examples::render_example;
use errcat_runtime::{CompiledCatalog, Profile};
use serde_json::{Map, Value, json};

use errcat_runtime::examples::sample_input;

/// One catalog to describe, with the name it is known by.
#[derive(Debug, Clone, Copy)]
pub struct Described<'a> {
    /// The file stem or built-in slug (`clerk`).
    pub slug: &'a str,
    /// The catalog, compiled (so it passed the whole check).
    pub catalog: &'a CompiledCatalog,
}

/// The OpenAPI 3.1 document holding the components of `catalogs`' errors, in
/// `profile` (each catalog's own profile when `None`).
///
/// With several catalogs, component names are prefixed with each catalog's
/// name (`Clerk.UserNotFound`, `ClerkError`); with one, responses are named
/// by entry alone.
pub fn document(catalogs: &[Described<'_>], profile: Option<Profile>) -> Value {
    let mut schemas = Map::new();
    let mut responses = Map::new();
    let mut headers = Map::new();
    let several = catalogs.len() > 1;
    for described in catalogs {
        let own = described.catalog;
        let catalog = own.catalog();
        let profile = profile.unwrap_or_else(|| own.profile());
        let prefix = pascal(if catalog.catalog.name.is_empty() {
            described.slug
        } else {
            &catalog.catalog.name
        });
        let code_name = format!("{prefix}ErrorCode");
        let body_name = format!("{prefix}Error");
        schemas.insert(code_name.clone(), code_schema(catalog, profile));
        schemas.insert(
            body_name.clone(),
            profile.body_schema_for(
                json!({ "$ref": format!("#/components/schemas/{code_name}") }),
                catalog,
            ),
        );
        let request_id_header = profile.request_id_header();
        let request_id_header = request_id_header.as_str();
        headers.insert(
            request_id_header.to_owned(),
            json!({
                "description": "The request ID: the client's own when it sent a valid one, else a fresh one. Quote it to support.",
                "schema": {"type": "string", "maxLength": 128, "pattern": "^[A-Za-z0-9._:-]+$"},
            }),
        );
        // The catalog's own entries win over the framework's of the same id.
        let compiled = Some(errcat_runtime::framework::catalog().merged_with(own));
        let mut taken = HashSet::new();
        for entry in crate::clients::entries_with_framework(catalog) {
            let mut name = component_name(&entry.id);
            if several {
                name = format!("{prefix}.{name}");
            }
            while !taken.insert(name.clone()) {
                name.push('_');
            }
            let example = compiled.as_ref().and_then(|compiled| {
                render_example(compiled, &entry.id, profile, &sample_input(entry))
            });
            let mut response_headers = Map::new();
            response_headers.insert(
                request_id_header.to_owned(),
                json!({ "$ref": format!("#/components/headers/{request_id_header}") }),
            );
            if retry_after(entry) {
                headers.insert(
                    "Retry-After".to_owned(),
                    json!({
                        "description": "Whole seconds to wait before retrying.",
                        "schema": {"type": "integer", "minimum": 0},
                    }),
                );
                response_headers.insert(
                    "Retry-After".to_owned(),
                    json!({ "$ref": "#/components/headers/Retry-After" }),
                );
            }
            let mut media = Map::new();
            media.insert(
                "schema".to_owned(),
                json!({ "$ref": format!("#/components/schemas/{body_name}") }),
            );
            let mut content_type = profile.content_type().to_owned();
            let mut status = catalog.status_of(entry);
            if let Some(rendered) = &example {
                // A JSON body as its value; an XML one as its text.
                let body = match serde_json::from_slice::<Value>(&rendered.body) {
                    Ok(body) => Some(body),
                    Err(_) => std::str::from_utf8(&rendered.body)
                        .ok()
                        .map(|text| Value::String(text.to_owned())),
                };
                if let Some(body) = body {
                    media.insert("example".to_owned(), body);
                }
                if let Some(sent) = rendered.header("content-type") {
                    sent.clone_into(&mut content_type);
                }
                status = Some(rendered.status.as_u16());
            }
            let mut response = json!({
                "description": description(entry),
                "headers": response_headers,
                "content": { content_type: media },
                "x-errcat-id": entry.id,
                "x-errcat-code": Value::from(profile.wire_code(&entry.wire_code())),
            });
            if let Some(status) = status {
                response["x-errcat-status"] = json!(status);
            }
            responses.insert(name, response);
        }
    }
    let (title, version, description) = match catalogs {
        [one] => (
            format!("{} errors", one.catalog.catalog().catalog.name)
                .trim()
                .to_owned(),
            one.catalog.catalog().catalog.version.clone(),
            one.catalog.catalog().catalog.description.clone(),
        ),
        _ => ("API errors".to_owned(), None, None),
    };
    let mut info = json!({
        "title": title,
        "version": version.unwrap_or_else(|| "0.0.0".to_owned()),
        "x-generator": "errcat",
    });
    if let Some(description) = description {
        info["description"] = json!(description);
    }
    json!({
        "openapi": "3.1.0",
        "info": info,
        "paths": {},
        "components": {
            "schemas": schemas,
            "headers": headers,
            "responses": responses,
        },
    })
}

/// Whether responses of `entry` carry `Retry-After` (the runtime sets it from the entry's delay).
fn retry_after(entry: &Entry) -> bool {
    matches!(entry.retry, Some(Retry::After { .. }))
}

/// Every wire code of the catalog as the profile sends it.
fn code_schema(catalog: &Catalog, profile: Profile) -> Value {
    let mut seen = HashSet::new();
    let codes: Vec<Value> = crate::clients::entries_with_framework(catalog)
        .into_iter()
        .map(|entry| Value::from(profile.wire_code(&entry.wire_code())))
        .filter(|code| seen.insert(code.to_string()))
        .collect();
    json!({
        "description": "Every code this API's errors carry. Match on codes, not messages.",
        "enum": codes,
    })
}

fn description(entry: &Entry) -> String {
    let mut parts: Vec<&str> = [
        entry.title.as_deref(),
        entry.message.as_deref(),
        entry.description.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|text| !text.is_empty())
    .collect();
    parts.dedup();
    if parts.is_empty() {
        entry.id.clone()
    } else {
        parts.join("\n\n")
    }
}

/// A name OpenAPI accepts for a component (`^[a-zA-Z0-9.\-_]+$`).
fn component_name(id: &str) -> String {
    let name: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim_end_matches('_');
    if name.is_empty() {
        "error".to_owned()
    } else {
        name.to_owned()
    }
}

/// `Planfix REST API` -> `PlanfixRestApi`.
fn pascal(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The OpenAPI document of one catalog, `contacts.toml`, written as `text`.
    fn document_of(text: &str) -> Value {
        let parsed = errcat_catalog::parse(errcat_catalog::SourceFile::new("contacts.toml", text));
        assert_eq!(parsed.diagnostics, []);
        let catalog =
            CompiledCatalog::new(&errcat_runtime::check(parsed).expect("checks")).unwrap();
        document(
            &[Described {
                slug: "contacts",
                catalog: &catalog,
            }],
            None,
        )
    }

    #[test]
    fn component_names_follow_openapi_rules() {
        assert_eq!(component_name("UserNotFound"), "UserNotFound");
        assert_eq!(component_name("000037[0]"), "000037_0");
        assert_eq!(component_name("form-param.invalid"), "form-param.invalid");
        assert_eq!(component_name("é"), "error");
        assert_eq!(pascal("Planfix REST API"), "PlanfixRESTAPI");
        assert_eq!(pascal("contacts"), "Contacts");
    }

    #[test]
    fn framework_errors_and_their_overrides_have_examples_without_placeholders() {
        let document = document_of(
            r#"
[[errors]]
id = "route_not_found"
status = 404
message = "{method} {path} is not part of this API."
params.method = "string"
params.path = "string"
"#,
        );
        let responses = document["components"]["responses"].as_object().unwrap();
        let detail = |id: &str| {
            responses[id]["content"]["application/problem+json"]["example"]["detail"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(
            detail("route_not_found"),
            "GET /contacts/42/notes is not part of this API."
        );
        for id in [
            "malformed_json",
            "invalid_body",
            "invalid_path",
            "invalid_query",
        ] {
            assert!(!detail(id).contains('{'), "{id}: {}", detail(id));
        }
    }

    #[test]
    fn params_without_examples_get_samples_of_their_type_in_example_bodies() {
        let document = document_of(
            r#"
[[errors]]
id = "quota_exceeded"
status = 429
message = "{userID} sent {count, plural, one {# request} other {# requests}} to {endpointUrl} over {ratio}; contact {ownerEmail}"
params.userID = "string"
params.count = "int"
params.endpointUrl = "string"
params.ratio = "float"
params.ownerEmail = "string"
"#,
        );
        let example = &document["components"]["responses"]["quota_exceeded"]["content"]["application/problem+json"]
            ["example"];
        assert_eq!(
            example["detail"],
            "abc_123 sent 42 requests to https://example.com over 1.5; contact ada@example.com",
            "every placeholder filled, as a client would read the body"
        );
        assert_eq!(
            example["request_id"],
            errcat_runtime::examples::SAMPLE_REQUEST_ID
        );
    }

    #[test]
    fn one_catalog_gives_schemas_headers_and_a_response_per_entry() {
        let document = document_of(
            r#"
[catalog]
name = "Contacts"
version = "2.1.0"

[[errors]]
id = "contact_not_found"
status = 404
title = "Contact not found"
message = "No contact {id:q}"
params.id = { type = "string", example = "c_42" }

[[errors]]
id = "rate_limited"
status = 429
message = "Slow down"
retry = { after = 30 }
"#,
        );
        assert_eq!(document["openapi"], "3.1.0");
        assert_eq!(document["info"]["title"], "Contacts errors");
        assert_eq!(document["info"]["version"], "2.1.0");
        let components = &document["components"];
        let codes = components["schemas"]["ContactsErrorCode"]["enum"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(
            codes[..3],
            [
                json!("contact_not_found"),
                json!("rate_limited"),
                json!("route_not_found")
            ],
            "the catalog's codes, then the framework's"
        );
        assert_eq!(
            codes.len(),
            2 + errcat_runtime::framework::catalog().entries().len()
        );
        let unknown_route = &components["responses"]["route_not_found"];
        assert_eq!(unknown_route["x-errcat-status"], 404);
        assert_eq!(
            unknown_route["content"]["application/problem+json"]["example"]["code"],
            "route_not_found",
            "framework responses have sample bodies too"
        );
        assert_eq!(
            components["schemas"]["ContactsError"]["properties"]["code"],
            json!({"$ref": "#/components/schemas/ContactsErrorCode"})
        );
        let not_found = &components["responses"]["contact_not_found"];
        assert_eq!(not_found["x-errcat-status"], 404);
        let media = &not_found["content"]["application/problem+json"];
        assert_eq!(media["example"]["detail"], "No contact \"c_42\"");
        assert_eq!(
            media["schema"],
            json!({"$ref": "#/components/schemas/ContactsError"})
        );
        assert!(not_found["headers"].get("Retry-After").is_none());
        assert_eq!(
            components["responses"]["rate_limited"]["headers"]["Retry-After"],
            json!({"$ref": "#/components/headers/Retry-After"})
        );
    }
}
