//! House profiles reach beyond the five seeds: bodies documented by vendors
//! outside the seeds (`tests/data/corpus`, each file one JSON example copied
//! from the vendor's reference; its README names the sources) are produced
//! from a catalog, member for member and in the same order: exactly for
//! PostgREST, Supabase Storage and Discord's form errors, in shape (members
//! and JSON types) for Microsoft Graph, whose example holds placeholders.

use std::path::PathBuf;

use errcat_runtime::{RenderContext, RequestId};
use serde_json::Value;

/// A documented body, from `tests/data/corpus/` in this repository.
fn documented(file: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/corpus")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("the documented body is JSON")
}

/// The same JSON, members in the same order (`Value`'s `==` ignores order).
fn assert_same_json(ours: &Value, theirs: &Value) {
    assert_eq!(
        serde_json::to_string_pretty(ours).unwrap(),
        serde_json::to_string_pretty(theirs).unwrap()
    );
}

/// Same members in the same order, and the same JSON types, all the way down.
fn same_shape(ours: &Value, theirs: &Value) -> Result<(), String> {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let (keys_a, keys_b): (Vec<_>, Vec<_>) = (a.keys().collect(), b.keys().collect());
            if keys_a != keys_b {
                return Err(format!(
                    "members {keys_a:?} where the vendor has {keys_b:?}"
                ));
            }
            a.values()
                .zip(b.values())
                .try_for_each(|(x, y)| same_shape(x, y))
        }
        (Value::String(_), Value::String(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Null, Value::Null) => Ok(()),
        _ => Err(format!("{ours} where the vendor has {theirs}")),
    }
}

fn render(catalog: &str, id: &str) -> Value {
    let parsed = errcat_runtime::catalog::parse(errcat_runtime::catalog::SourceFile::new(
        "vendor.toml",
        catalog,
    ));
    let compiled =
        errcat_runtime::CompiledCatalog::new(&errcat_runtime::check(parsed).expect("checks"))
            .unwrap();
    let error = compiled
        .error(id)
        .unwrap()
        .with_request_id(RequestId::from_inbound("b7a2c4e0-6c1d-4d1e-9f3a-2f5b8c9d0e1f").unwrap());
    let rendered = compiled.profile().render(&error, &RenderContext::default());
    assert!(compiled.profile().house().is_some());
    serde_json::from_slice(&rendered.body).unwrap()
}

#[test]
fn microsoft_graph_errors_from_a_house_profile() {
    let documented = documented("microsoft-graph-error.json");
    let ours = render(
        r#"
[catalog]
name = "Microsoft Graph"
profile = "graph"

[profiles.graph]
body = '{"error": {"code": "{code}", "message": "{message}", "innerError": {"request-id": "{request_id}", "date": "{timestamp}"}}}'

[[errors]]
id = "invalidRange"
status = 416
message = "Uploaded fragment overlaps with existing data."
"#,
        "invalidRange",
    );
    same_shape(&ours, &documented).unwrap();
    assert_eq!(ours["error"]["code"], documented["error"]["code"]);
    assert_eq!(ours["error"]["message"], documented["error"]["message"]);
}

#[test]
fn supabase_storage_legacy_errors_from_a_house_profile() {
    let documented = documented("supabase-storage-legacy-error.json");
    let ours = render(
        r#"
[catalog]
name = "Supabase Storage (legacy)"
profile = "legacy"

[profiles.legacy]
body = '{"httpStatusCode": "{status}", "code": "{code}", "message": "{message}"}'

[[errors]]
id = "error_code"
status = 400
message = "error_message"
"#,
        "error_code",
    );
    same_shape(&ours, &documented).unwrap();
    assert_same_json(&ours, &documented);
}

#[test]
fn postgrest_errors_with_their_nulls_from_a_house_profile() {
    let documented = documented("postgrest-not-null-error.json");
    let catalog = r#"
[catalog]
name = "PostgREST"
profile = "postgrest"

[profiles.postgrest]
body = '{"code": "{code}", "details": "{details|null}", "hint": "{suggestion|null}", "message": "{message}"}'

[[errors]]
id = "23502"
status = 400
message = "null value in column {column:q} of relation {relation:q} violates not-null constraint"
params.column = "string"
params.relation = "string"
"#;
    let parsed = errcat_runtime::catalog::parse(errcat_runtime::catalog::SourceFile::new(
        "postgrest.toml",
        catalog,
    ));
    let compiled =
        errcat_runtime::CompiledCatalog::new(&errcat_runtime::check(parsed).expect("checks"))
            .unwrap();
    let error = compiled
        .error("23502")
        .unwrap()
        .arg("column", "id")
        .arg("relation", "projects")
        .details(Value::String(
            "Failing row contains (null, foo, null).".to_owned(),
        ));
    let rendered = compiled.profile().render(&error, &RenderContext::default());
    let ours: Value = serde_json::from_slice(&rendered.body).unwrap();
    assert_same_json(&ours, &documented); // the null hint included
    assert_eq!(rendered.status, 400);
}

/// Discord's form errors: a tree keyed by each field's path (a field map).
#[test]
fn discord_form_errors_from_a_house_profile_with_a_field_map() {
    let catalog = r#"
[catalog]
name = "Discord"
profile = "discord"

[profiles.discord]
body = '{"code": "{code}", "errors": {"{field.name}": {"_errors": [{"code": "{field.code}", "message": "{field.message}"}]}}, "message": "{message}"}'

[[errors]]
id = "invalid_form_body"
code = 50035
status = 400
message = "Invalid Form Body"
"#;
    let parsed = errcat_runtime::catalog::parse(errcat_runtime::catalog::SourceFile::new(
        "discord.toml",
        catalog,
    ));
    assert_eq!(parsed.diagnostics, []);
    let compiled =
        errcat_runtime::CompiledCatalog::new(&errcat_runtime::check(parsed).expect("checks"))
            .unwrap();
    let render = |error: errcat_runtime::ApiError| -> Value {
        let rendered = compiled.profile().render(&error, &RenderContext::default());
        serde_json::from_slice(&rendered.body).unwrap()
    };

    let array_error = compiled
        .error("invalid_form_body")
        .unwrap()
        .field(
            "activities.0.platform",
            "Value must be one of ('desktop', 'android', 'ios').",
            Some("BASE_TYPE_CHOICES"),
        )
        .field(
            "activities.0.type",
            "Value must be one of (0, 1, 2, 3, 4, 5).",
            Some("BASE_TYPE_CHOICES"),
        );
    assert_same_json(
        &render(array_error),
        &documented("discord-array-error.json"),
    );

    let object_error = compiled.error("invalid_form_body").unwrap().field(
        "access_token",
        "This field is required",
        Some("BASE_TYPE_REQUIRED"),
    );
    assert_same_json(
        &render(object_error),
        &documented("discord-object-error.json"),
    );

    // An error of the whole request, not of one field (an empty field name).
    let request_error = compiled.error("invalid_form_body").unwrap().field(
        "",
        "Command exceeds maximum size (8000)",
        Some("APPLICATION_COMMAND_TOO_LARGE"),
    );
    // Discord's example puts `message` before `errors` here (and after it
    // above), so this one compares as JSON values, without member order.
    assert_eq!(
        render(request_error),
        documented("discord-request-error.json")
    );
}
