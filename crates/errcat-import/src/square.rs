//! Square's error schemas from its OpenAPI document (`api.json`, or the
//! excerpt of `components.schemas` holding `Error`, `ErrorCategory` and
//! `ErrorCode`): each `ErrorCode` element an entry, grouped by its
//! `error-category`, sent as Square's `{"errors": [{"category", "code",
//! "detail", "field"}]}` with one item per field error.
//!
//! The reference gives no HTTP status. A description that starts with a
//! reason phrase (`Not Found - a general error occurred.`) names its
//! status; the others get their category's (`AUTHENTICATION_ERROR` 401,
//! `RATE_LIMIT_ERROR` 429, `API_ERROR` 500, `PAYMENT_METHOD_ERROR` 402, the
//! rest 400), as the catalog's description says.

use errcat_catalog::{Catalog, CatalogMeta, Code, Entry, FieldErrorLayout, Group, HouseProfile};
use serde_json::Value;

use crate::text::{literal_template, plain_text, slug};
use crate::{Imported, Unplaced};

/// Reason phrases Square's descriptions start with, and their statuses
/// (with the older names `http` no longer uses).
const REASONS: [(&str, u16); 13] = [
    ("Bad Gateway", 502),
    ("Conflict", 409),
    ("Gateway Timeout", 504),
    ("Method Not Allowed", 405),
    ("Not Acceptable", 406),
    ("Not Found", 404),
    ("Not Implemented", 501),
    ("Rate Limited", 429),
    ("Request Entity Too Large", 413),
    ("Request Timeout", 408),
    ("Service Unavailable", 503),
    ("Unprocessable Entity", 422),
    ("Unsupported Media Type", 415),
];

/// The status of a category's errors when the description names none.
fn category_status(category: &str) -> u16 {
    match category {
        "AUTHENTICATION_ERROR" => 401,
        "RATE_LIMIT_ERROR" => 429,
        "API_ERROR" => 500,
        "PAYMENT_METHOD_ERROR" => 402,
        _ => 400,
    }
}

pub fn read(text: &str) -> Imported {
    let mut unplaced = Vec::new();
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Square".to_owned(),
            profile: Some("square".to_owned()),
            source: Some("https://github.com/square/connect-api-specification/blob/5733f6624e9a5b930a8426f0e02a6bf7e35c6c0f/api.json".to_owned()),
            locale: Some("en".to_owned()),
            description: Some("Square's reference gives no HTTP status. A description that starts with a reason phrase (`Not Found - ...`) names its status; every other code has its category's: AUTHENTICATION_ERROR 401, RATE_LIMIT_ERROR 429, API_ERROR 500, PAYMENT_METHOD_ERROR 402, the others 400.".to_owned()),
            ..CatalogMeta::default()
        },
        ..Catalog::default()
    };
    catalog.profiles.insert(
        "square".to_owned(),
        HouseProfile {
            field_errors: Some(FieldErrorLayout::Spread),
            body: r#"{"errors": [{"category": "{wire.category}", "code": "{field.code|code}", "detail": "{field.message|message}", "field": "{field.name}"}]}"#.to_owned(),
            ..HouseProfile::default()
        },
    );
    // The JSON after the header lines (`SOURCE: ...`), if any.
    let json = text.find("\n{").map_or(text, |at| &text[at + 1..]);
    let document: Value = match serde_json::from_str(json) {
        Ok(document) => document,
        Err(error) => {
            unplaced.push(Unplaced {
                line: 1,
                message: format!("not JSON: {error}"),
            });
            return Imported { catalog, unplaced };
        }
    };
    let schemas = document.pointer("/components/schemas").unwrap_or(&document);
    // Each element's line, by its name, found in one pass.
    let lines: std::collections::HashMap<&str, usize> = text
        .lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let rest = line.split("\"name\": \"").nth(1)?;
            Some((rest.split('"').next()?, index + 1))
        })
        .collect();
    let line_of = |name: &str| lines.get(name).copied().unwrap_or(1);
    for category in elements(schemas, "ErrorCategory") {
        let Some(name) = category.get("name").and_then(Value::as_str) else {
            continue;
        };
        catalog.groups.push(Group {
            id: slug(name),
            title: name.to_owned(),
            description: category
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            ..Group::default()
        });
    }
    for element in elements(schemas, "ErrorCode") {
        let Some(name) = element.get("name").and_then(Value::as_str) else {
            unplaced.push(Unplaced {
                line: 1,
                message: format!("an ErrorCode element without a name: {element}"),
            });
            continue;
        };
        let description = element
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let category = element.get("error-category").and_then(Value::as_str);
        let Some(category) = category else {
            unplaced.push(Unplaced {
                line: line_of(name),
                message: format!("`{name}` has no error-category"),
            });
            continue;
        };
        let named_status = REASONS
            .iter()
            .find(|(reason, _)| description.starts_with(&format!("{reason} - ")))
            .map(|(_, status)| *status);
        let mut wire = indexmap::IndexMap::new();
        wire.insert(
            "square".to_owned(),
            [("category".to_owned(), Value::String(category.to_owned()))]
                .into_iter()
                .collect(),
        );
        catalog.entries.push(Entry {
            id: name.to_owned(),
            code: Some(Code::Text(name.to_owned())),
            group: Some(slug(category)),
            status: Some(named_status.unwrap_or_else(|| category_status(category))),
            message: Some(literal_template(&plain_text(
                &description.replace('\n', " "),
            ))),
            wire,
            ..Entry::default()
        });
    }
    Imported { catalog, unplaced }
}

/// The `x-enum-elements` of schema `name`.
fn elements<'v>(schemas: &'v Value, name: &str) -> &'v [Value] {
    schemas
        .get(name)
        .and_then(|schema| schema.get("x-enum-elements"))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    /// An excerpt in Square's layout, written for this test.
    const SPEC: &str = "SOURCE: x\n\n{\"ErrorCategory\": {\"x-enum-elements\": [{\"name\": \"API_ERROR\", \"description\": \"The API failed.\"}, {\"name\": \"INVALID_REQUEST_ERROR\", \"description\": \"Bad request.\"}]},\n\
\"ErrorCode\": {\"x-enum-elements\": [\n{\"name\": \"NOT_FOUND\", \"description\": \"Not Found - a general error occurred.\", \"error-category\": \"INVALID_REQUEST_ERROR\"},\n\
{\"name\": \"INTERNAL_SERVER_ERROR\", \"description\": \"A general\\nserver error.\", \"error-category\": \"API_ERROR\"},\n\
{\"name\": \"ORPHAN\", \"description\": \"No category.\"}]}}";

    #[test]
    fn codes_grouped_by_category_with_statuses_named_or_by_category() {
        let imported = super::read(SPEC);
        let catalog = &imported.catalog;
        let groups: Vec<&str> = catalog.groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(groups, ["api_error", "invalid_request_error"]);
        let entries: Vec<String> = catalog
            .entries
            .iter()
            .map(|e| format!("{} {:?} {:?} {:?}", e.id, e.group, e.status, e.message))
            .collect();
        assert_eq!(
            entries,
            [
                r#"NOT_FOUND Some("invalid_request_error") Some(404) Some("Not Found - a general error occurred.")"#,
                r#"INTERNAL_SERVER_ERROR Some("api_error") Some(500) Some("A general server error.")"#,
            ]
        );
        assert_eq!(
            catalog.entries[0].wire_attr("square", "category"),
            Some(&serde_json::json!("INVALID_REQUEST_ERROR"))
        );
        assert_eq!(imported.unplaced.len(), 1);
        assert_eq!(imported.unplaced[0].line, 7);
    }
}
