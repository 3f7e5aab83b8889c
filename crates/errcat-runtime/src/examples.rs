//! Catalog examples: building an error from an example's `input` and
//! rendering it, as `errcat render`, the docs and the `example-mismatch`
//! check do.

use errcat_catalog::{Catalog, Example, ExampleInput};

use crate::args::ArgValue;
use crate::compiled::CompiledCatalog;
use crate::error::ApiError;
use crate::profile::{Profile, RenderContext, Rendered};
use crate::request_id::RequestId;

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
