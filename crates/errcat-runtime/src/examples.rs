//! Catalog examples: building an error from an example's `input` and
//! rendering it, as `errcat render`, the docs and the `example-mismatch`
//! check do; and the input of the sample body every entry gets in docs
//! pages, OpenAPI and utoipa ([`sample_input`]).

use errcat_catalog::{Catalog, Entry, Example, ExampleInput, ParamType};

use crate::args::ArgValue;
use crate::compiled::CompiledCatalog;
use crate::error::ApiError;
use crate::profile::{Profile, RenderContext, Rendered};
use crate::request_id::RequestId;

/// The request ID sample bodies show.
pub const SAMPLE_REQUEST_ID: &str = "req_8f14e45fceea167a";

/// The timestamp sample bodies show.
pub const SAMPLE_TIMESTAMP: &str = "2025-01-01T12:00:00.000Z";

/// What the sample body of `entry` is built with: an argument for every
/// param ([`sample_value`]), so a sample reads as a client gets it, with
/// no `{placeholder}` left in its message; a fixed request ID and timestamp.
///
/// ```
/// let parsed = errcat_runtime::catalog::parse(errcat_runtime::catalog::SourceFile::new(
///     "errors.toml",
///     r#"
/// [[errors]]
/// id = "contact_not_found"
/// status = 404
/// message = "No contact {id:q} in list {list}"
/// params.id = { type = "string", example = "c_42" }
/// params.list = "string"
/// "#,
/// ));
/// let input = errcat_runtime::examples::sample_input(&parsed.catalog.entries[0]);
/// assert_eq!(input.args["id"], "c_42");
/// assert_eq!(input.args["list"], "example_list");
/// ```
pub fn sample_input(entry: &Entry) -> ExampleInput {
    ExampleInput {
        args: entry
            .params
            .keys()
            .map(|name| (name.clone(), sample_value(entry, name)))
            .collect(),
        request_id: Some(SAMPLE_REQUEST_ID.to_owned()),
        timestamp: Some(SAMPLE_TIMESTAMP.to_owned()),
        ..ExampleInput::default()
    }
}

/// The value samples show for param `name` of `entry`: its example (an
/// override of a framework error takes the framework's), else a sample of
/// its type, a string one guessed from the name (`email` ->
/// `ada@example.com`); `{name}` for a param the entry does not declare.
pub fn sample_value(entry: &Entry, name: &str) -> serde_json::Value {
    let Some(param) = entry.params.get(name) else {
        return serde_json::Value::String(format!("{{{name}}}"));
    };
    if let Some(example) = param
        .example()
        .or_else(|| crate::framework::param_example(&entry.id, name))
    {
        return example.clone();
    }
    match param.kind() {
        ParamType::String => serde_json::Value::String(sample_text(name)),
        ParamType::Int => serde_json::json!(42),
        ParamType::Float => serde_json::json!(1.5),
        ParamType::Bool => serde_json::json!(true),
        ParamType::List => serde_json::json!(["a", "b"]),
    }
}

/// A sample string for a param with no example, guessed from its name.
fn sample_text(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if name.bytes().all(|b| b.is_ascii_digit()) {
        format!("value{name}")
    } else if lower.contains("email") {
        "ada@example.com".to_owned()
    } else if lower == "id" || lower.ends_with("id") || lower.ends_with("_id") {
        "abc_123".to_owned()
    } else if lower.contains("name") {
        "Ada".to_owned()
    } else if lower.contains("url") {
        "https://example.com".to_owned()
    } else {
        format!("example_{}", errcat_catalog::snake_case(name))
    }
}

/// Builds the error `id` with what `input` gives (the shape of `errcat render --input`).
pub fn error_from_input(
    catalog: &CompiledCatalog,
    id: &str,
    input: &ExampleInput,
) -> Option<ApiError> {
    let mut error = catalog.error(id)?;
    for (name, value) in &input.args {
        error.set_arg(name.clone(), ArgValue::from_json(value));
    }
    error = error.fields(input.fields.iter().cloned());
    if let Some(details) = &input.details {
        error = error.details(details.clone());
    }
    if let Some(request_id) = input
        .request_id
        .as_deref()
        .and_then(RequestId::from_inbound)
    {
        error = error.with_request_id(request_id);
    }
    if let Some(suggestion) = &input.suggestion {
        error = error.suggestion(suggestion.clone());
    }
    if let Some(operation) = &input.operation {
        error = error.operation(operation.clone());
    }
    if let Some(locale) = &input.locale {
        error.set_locale(locale);
    }
    Some(error)
}

/// Renders `input` for entry `id` in `profile`, with a fresh request ID when
/// the input has none, as a service would.
pub fn render_input(
    catalog: &CompiledCatalog,
    id: &str,
    profile: Profile,
    input: &ExampleInput,
) -> Option<Rendered> {
    let mut error = error_from_input(catalog, id, input)?;
    if error.request_id().is_none() {
        error = error.with_request_id(RequestId::generate());
    }
    Some(profile.render(&error, &context_of(input)))
}

/// Renders exactly what `input` gives (no fresh request ID): how examples are checked.
pub fn render_example(
    catalog: &CompiledCatalog,
    id: &str,
    profile: Profile,
    input: &ExampleInput,
) -> Option<Rendered> {
    let error = error_from_input(catalog, id, input)?;
    Some(profile.render(&error, &context_of(input)))
}

fn context_of(input: &ExampleInput) -> RenderContext<'_> {
    RenderContext {
        timestamp: input.timestamp.as_deref(),
        instance: None,
    }
}

/// The profile an example is written in.
pub fn example_profile(
    catalog: &Catalog,
    example: &Example,
) -> Result<Profile, crate::profile::ProfileError> {
    let name = example.profile.as_deref().unwrap_or(catalog.profile_name());
    Profile::resolve(name, catalog)
}

/// JSON as errcat compares bodies: key order kept, whitespace normalized.
pub fn normalized(body: &[u8]) -> Result<String, serde_json::Error> {
    let value: serde_json::Value = serde_json::from_slice(body)?;
    Ok(serde_json::to_string_pretty(&value).expect("a JSON value prints"))
}
