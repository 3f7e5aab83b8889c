//! Catalog examples: building an error from an example's `input`, and the
//! `example-mismatch` check that `errcat check` runs on every example.

use errcat_catalog::{Catalog, Diagnostic, Example, ExampleInput, Parsed};

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

/// Every example whose body no longer matches what rendering produces.
pub fn check_examples(parsed: &Parsed) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let catalog = &parsed.catalog;
    let compiled = match CompiledCatalog::from_catalog(catalog) {
        Ok(compiled) => compiled,
        Err(error) => {
            let span = parsed.spans.catalog.get("profile").cloned();
            diagnostics.push(
                Diagnostic::error("unknown-profile", error.to_string())
                    .at(span)
                    .help("name a built-in profile, or describe your own as `[profiles.NAME]`"),
            );
            return diagnostics;
        }
    };
    for (index, entry) in catalog.entries.iter().enumerate() {
        for (number, example) in entry.examples.iter().enumerate() {
            let span = parsed
                .spans
                .entries
                .get(index)
                .and_then(|s| s.examples.get(number))
                .cloned();
            let name = example
                .name
                .clone()
                .unwrap_or_else(|| format!("example {}", number + 1));
            let profile = match example_profile(catalog, example) {
                Ok(profile) => profile,
                Err(unknown) => {
                    diagnostics
                        .push(Diagnostic::error("unknown-profile", unknown.to_string()).at(span));
                    continue;
                }
            };
            let expected = match normalized(example.body.as_bytes()) {
                Ok(expected) => expected,
                Err(error) => {
                    diagnostics.push(
                        Diagnostic::error(
                            "example-mismatch",
                            format!("{name} of `{}`: body is not JSON ({error})", entry.id),
                        )
                        .at(span),
                    );
                    continue;
                }
            };
            let Some(rendered) = render_example(&compiled, &entry.id, profile, &example.input)
            else {
                continue;
            };
            let actual = normalized(&rendered.body).expect("rendered bodies are JSON");
            if actual != expected {
                diagnostics.push(
                    Diagnostic::error(
                        "example-mismatch",
                        format!(
                            "{name} of `{}` no longer matches what the {profile} profile renders",
                            entry.id
                        ),
                    )
                    .at(span)
                    .label("this example")
                    .help(first_difference(&expected, &actual, &entry.id)),
                );
            }
        }
    }
    diagnostics
}

fn first_difference(expected: &str, actual: &str, id: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    loop {
        match (expected_lines.next(), actual_lines.next()) {
            (Some(e), Some(a)) if e == a => continue,
            (e, a) => {
                return format!(
                    "the example says `{}` where errcat renders `{}`; `errcat render {id}` prints the whole body",
                    e.unwrap_or("(end)").trim(),
                    a.unwrap_or("(end)").trim()
                );
            }
        }
    }
}
