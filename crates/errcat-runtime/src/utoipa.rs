//! The utoipa integration: a service's catalog errors in the OpenAPI
//! document its handlers already generate.
//!
//! A handler lists the errors it can return by entry, with the types the
//! generated module names in `entries`:
//! `responses((status = 200, body = Contact), errcat::utoipa::Errors<errors::entries::ContactNotFound>)`
//! in its `#[utoipa::path]`. Each status gets one response with the
//! profile's body schema (a component), its request-ID header, `Retry-After`
//! where an entry advises a delay, and an example body per entry, named by
//! its id. `examples/contacts/src/lib.rs` is a complete service (compiled
//! and tested), with `modifiers(&ERROR_DOCS)` and
//! `static ERROR_DOCS: errcat::utoipa::ErrorDocs = errcat::utoipa::ErrorDocs::new(errors::catalog);`.
//!
//! [`ErrorDocs`] adds the body schemas to the components (never twice), and
//! the framework errors the service sends (the layer's: unknown route,
//! malformed body...) to every operation, as the service's catalog overrides
//! them.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{Components, ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};

use crate::compiled::{CompiledCatalog, ErrorSet};
use crate::examples::{SAMPLE_REQUEST_ID, SAMPLE_TIMESTAMP};
use crate::profile::Profile;

/// The responses of the errors `T` names (an entry type of a generated
/// module, or a tuple of them), for `#[utoipa::path(responses(...))]`.
#[derive(Debug)]
pub struct Errors<T>(PhantomData<T>);

impl<T: ErrorSet> utoipa::IntoResponses for Errors<T> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut entries = Vec::new();
        T::collect(&mut entries);
        responses_of(&entries)
    }
}

/// A utoipa `Modify` that completes a service's document: the body schemas
/// of its catalog's profile, and the framework errors on every operation.
#[derive(Debug)]
pub struct ErrorDocs {
    catalog: fn() -> &'static CompiledCatalog,
}

impl ErrorDocs {
    /// The modifier for the catalog `catalog` returns (the generated
    /// module's `catalog` function).
    pub const fn new(catalog: fn() -> &'static CompiledCatalog) -> Self {
        ErrorDocs { catalog }
    }
}

impl utoipa::Modify for ErrorDocs {
    fn modify(&self, openapi: &mut OpenApi) {
        let catalog = (self.catalog)();
        let components = openapi.components.get_or_insert_with(Components::new);
        add_schema(components, catalog.profile());
        // The framework errors as the service sends them: its catalog's
        // entries override them by id.
        let framework = crate::framework::catalog().merged_with(catalog);
        // Those an HTTP service sends: not gRPC's own.
        let grpc_only = [
            crate::framework::ids::METHOD_NOT_IMPLEMENTED,
            crate::framework::ids::MALFORMED_MESSAGE,
        ];
        let ids: Vec<&str> = crate::framework::catalog()
            .entries()
            .iter()
            .map(|entry| entry.id())
            .filter(|id| !grpc_only.contains(id))
            .collect();
        let entries: Vec<(&CompiledCatalog, &str)> =
            ids.iter().map(|id| (&framework, *id)).collect();
        let responses = responses_in(&entries, catalog.profile());
        for item in openapi.paths.paths.values_mut() {
            for operation in operations(item) {
                merge(&mut operation.responses.responses, &responses);
            }
        }
    }
}

/// Every operation of a path item.
fn operations(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.put.as_mut(),
        item.post.as_mut(),
        item.delete.as_mut(),
        item.options.as_mut(),
        item.head.as_mut(),
        item.patch.as_mut(),
        item.trace.as_mut(),
    ]
    .into_iter()
    .flatten()
}

/// Adds `extra` to an operation's responses: a status it has no response for
/// gets this one; one it has in the same media type gains the examples.
fn merge(
    responses: &mut BTreeMap<String, RefOr<Response>>,
    extra: &BTreeMap<String, RefOr<Response>>,
) {
    for (status, response) in extra {
        match responses.get_mut(status) {
            None => {
                responses.insert(status.clone(), response.clone());
            }
            Some(RefOr::T(existing)) => {
                let RefOr::T(adding) = response else { continue };
                for (media_type, content) in &adding.content {
                    if let Some(have) = existing.content.get_mut(media_type) {
                        for (id, example) in &content.examples {
                            have.examples
                                .entry(id.clone())
                                .or_insert_with(|| example.clone());
                        }
                    }
                }
            }
            Some(RefOr::Ref(_)) => {}
        }
    }
}

/// The name of a profile's body schema among the components.
pub fn schema_name(profile: Profile) -> String {
    let mut name = String::from("Errcat");
    for part in profile.name().split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    name.push_str("Error");
    name
}

/// Adds `profile`'s body schema to `components` unless it is there.
fn add_schema(components: &mut Components, profile: Profile) {
    let name = schema_name(profile);
    if components.schemas.contains_key(&name) {
        return;
    }
    components.schemas.insert(name, body_schema(profile));
}

/// The schema of a wire code: text or a whole number, as catalogs write them.
fn code_schema() -> serde_json::Value {
    serde_json::json!({"type": ["string", "integer"]})
}

/// utoipa's model reads a schema with no `type` (JSON Schema's "any value",
/// or one that only gives `const` or `enum`) as nothing it knows: spell the
/// type out, which means the same. Bodies nest at most `MAX_BODY_DEPTH`
/// levels, so this stops there.
fn any_type_spelled_out(schema: &mut serde_json::Value, depth: usize) {
    let serde_json::Value::Object(members) = schema else {
        return;
    };
    if depth > errcat_catalog::house::MAX_BODY_DEPTH {
        return;
    }
    let composed = ["type", "$ref", "oneOf", "anyOf", "allOf"];
    if !composed.iter().any(|key| members.contains_key(*key)) {
        let values: Vec<&serde_json::Value> = match (members.get("const"), members.get("enum")) {
            (Some(value), _) => vec![value],
            (None, Some(serde_json::Value::Array(values))) => values.iter().collect(),
            _ => Vec::new(),
        };
        let mut types: Vec<&str> = values.iter().map(|value| json_type(value)).collect();
        types.dedup();
        let spelled = match types.as_slice() {
            [] => serde_json::json!(["object", "array", "string", "number", "boolean", "null"]),
            [one] => serde_json::json!(one),
            many => serde_json::json!(many),
        };
        members.insert("type".into(), spelled);
    }
    if let Some(serde_json::Value::Object(properties)) = members.get_mut("properties") {
        for property in properties.values_mut() {
            any_type_spelled_out(property, depth + 1);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = members.get_mut(key) {
            any_type_spelled_out(inner, depth + 1);
        }
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(serde_json::Value::Array(options)) = members.get_mut(key) {
            for option in options {
                any_type_spelled_out(option, depth + 1);
            }
        }
    }
}

/// The JSON Schema type of a value.
fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// A profile's body schema as utoipa's model; an open object if utoipa
/// cannot hold a keyword of it (the test of every built-in profile holds
/// that it can).
pub fn body_schema(profile: Profile) -> RefOr<Schema> {
    let mut schema = profile.body_schema(code_schema());
    any_type_spelled_out(&mut schema, 0);
    serde_json::from_value(schema).unwrap_or_else(|_| {
        RefOr::T(Schema::Object(
            ObjectBuilder::new()
                .description(Some(format!("An error body in the {profile} profile")))
                .build(),
        ))
    })
}

/// The responses of `entries`, each in its catalog's profile.
fn responses_of(
    entries: &[(&'static CompiledCatalog, &'static str)],
) -> BTreeMap<String, RefOr<Response>> {
    let listed: Vec<(&CompiledCatalog, &str)> = entries.iter().map(|(c, id)| (*c, *id)).collect();
    let profile = entries
        .first()
        .map_or(Profile::PROBLEM, |(catalog, _)| catalog.profile());
    responses_in(&listed, profile)
}

/// One response per status: the entries sent with it, as examples.
fn responses_in(
    entries: &[(&CompiledCatalog, &str)],
    profile: Profile,
) -> BTreeMap<String, RefOr<Response>> {
    let mut by_status: BTreeMap<u16, Vec<(&CompiledCatalog, &str)>> = BTreeMap::new();
    for &(catalog, id) in entries {
        if let Some(entry) = catalog.entry(id) {
            by_status
                .entry(entry.status.as_u16())
                .or_default()
                .push((catalog, id));
        }
    }
    let mut responses = BTreeMap::new();
    for (status, group) in by_status {
        let mut titles: Vec<String> = Vec::new();
        let mut content =
            ContentBuilder::new().schema(Some(Ref::from_schema_name(schema_name(profile))));
        let mut examples = Vec::new();
        let mut retry_after = false;
        for &(catalog, id) in &group {
            let Some(entry) = catalog.entry(id) else {
                continue;
            };
            let title = entry.text.title.render_unfilled();
            if !titles.contains(&title) {
                titles.push(title.clone());
            }
            retry_after |=
                entry.fixed_retry_after().is_some() || entry.retry_after_param().is_some();
            if let Some(body) = example_body(catalog, id, profile) {
                examples.push((
                    id.to_owned(),
                    ExampleBuilder::new()
                        .summary(title)
                        .value(Some(body))
                        .build(),
                ));
            }
        }
        content = content.examples_from_iter(examples);
        let text_header = |description: &str| {
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::String))
                .description(Some(description))
                .build()
        };
        let mut response = ResponseBuilder::new()
            .description(titles.join(" / "))
            .content(profile.content_type(), content.build())
            .header(
                profile.request_id_header().as_str(),
                text_header(
                    "The request's ID, also in the body where the profile has a place for it.",
                ),
            );
        if retry_after {
            response = response.header(
                "Retry-After",
                text_header("Seconds to wait before retrying."),
            );
        }
        responses.insert(status.to_string(), RefOr::T(response.build()));
    }
    responses
}

/// The body of `id` as its first example gives it, else its sample body
/// ([`crate::examples::sample_input`], as docs and OpenAPI show it): a JSON
/// body as its value, an XML one as its text.
fn example_body(
    catalog: &CompiledCatalog,
    id: &str,
    profile: Profile,
) -> Option<serde_json::Value> {
    let entry = &catalog.entry(id)?.entry;
    let mut input = match entry.examples.first() {
        Some(example) => example.input.clone(),
        None => crate::examples::sample_input(entry),
    };
    input.request_id = Some(SAMPLE_REQUEST_ID.to_owned());
    input
        .timestamp
        .get_or_insert_with(|| SAMPLE_TIMESTAMP.to_owned());
    let rendered = crate::examples::render_example(catalog, id, profile, &input)?;
    // A JSON body as its value; an XML one as its text.
    serde_json::from_slice(&rendered.body).ok().or_else(|| {
        String::from_utf8(rendered.body)
            .ok()
            .map(serde_json::Value::String)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_profile_s_body_schema_fits_utoipa_s_model() {
        for profile in crate::profile::BUILT_IN {
            let mut value = profile.body_schema(code_schema());
            any_type_spelled_out(&mut value, 0);
            let schema: Result<RefOr<Schema>, _> = serde_json::from_value(value);
            assert!(schema.is_ok(), "{}: {:?}", profile.name(), schema.err());
        }
    }
}
