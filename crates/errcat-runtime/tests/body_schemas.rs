//! Every profile's body schema describes exactly what the profile sends.
//!
//! Each entry of the seed catalogs, the framework catalog and a catalog of
//! what those lack is rendered in every profile (and a house profile), with
//! and without arguments, field errors and details, and validated against the
//! profile's schema made strict: any member the schema does not
//! declare fails, so a profile cannot drift from its documented schema.

use std::path::PathBuf;

use errcat_runtime::{ArgValue, CompiledCatalog, Profile, RenderContext, RequestId};
use serde_json::{Value, json};

/// The schema with `additionalProperties: false` on every object that lists
/// its properties (and none of them open-ended).
fn strict(mut schema: Value) -> Value {
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                    map.insert("additionalProperties".into(), Value::Bool(false));
                }
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut schema);
    schema
}

fn seed_catalogs() -> Vec<(String, CompiledCatalog)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalogs");
    let mut catalogs: Vec<(String, CompiledCatalog)> =
        ["clerk", "plain", "planfix", "plunk", "quapp"]
            .into_iter()
            .map(|slug| {
                let path = dir.join(format!("{slug}.toml"));
                let text = std::fs::read_to_string(&path).unwrap();
                let source =
                    errcat_runtime::catalog::SourceFile::new(path.display().to_string(), text);
                (slug.to_owned(), errcat_runtime::compile(source).unwrap())
            })
            .collect();
    catalogs.push((
        "framework".to_owned(),
        errcat_runtime::framework::catalog().clone(),
    ));
    let extra = errcat_runtime::catalog::SourceFile::new("extra.toml", EXTRA);
    catalogs.push(("extra".to_owned(), errcat_runtime::compile(extra).unwrap()));
    catalogs
}

/// What the seeds lack: a retry delay (Retry-After, Google's RetryInfo), an
/// internal entry, a numeric code in a text profile, and a house profile that
/// uses every kind of slot, to hold its derived schema to what it renders.
const EXTRA: &str = r##"
[catalog]
name = "Extra"
domain = "extra.example.com"
profile = "house"

[profiles.house]
status = 200
body = '''
{"ok": false, "error": {"id": "{id}", "code": "{code}", "status": "{status}", "reason": "{status_text}",
  "title": "{title}", "message": "{message}", "type": "{type}", "docs": "{docs_url}",
  "trace": "{request_id}", "at": "{timestamp}", "path": "{instance}", "hint": "{suggestion|null}",
  "retry": "{retryable}", "details": "{details}", "meta": "{meta}", "seconds": "{arg.seconds}",
  "summary": "{code} ({status}): {message}",
  "fields": [{"name": "{field.name}", "pointer": "#{field.pointer}", "text": "{field.message}", "reason": "{field.code}"}]},
 "version": 2, "tags": ["errcat", "{code}"]}
'''

[[errors]]
id = "rate_limited"
status = 429
message = "Retry in {seconds} seconds"
retry = { after = "seconds" }
params.seconds = "int"

[[errors]]
id = "database_down"
status = 503
message = "Query {query} failed"
internal = true
params.query = "string"

[[errors]]
id = "numeric"
code = 4001
status = 400
message = "A numeric code"
"##;

fn sample_value(kind: errcat_runtime::catalog::ParamType) -> ArgValue {
    use errcat_runtime::catalog::ParamType;
    match kind {
        ParamType::String => ArgValue::Str("sample \"quoted\" text".into()),
        ParamType::Int => ArgValue::Int(30),
        ParamType::Float => ArgValue::Float(1.5),
        ParamType::Bool => ArgValue::Bool(true),
        ParamType::List => ArgValue::List(vec!["a".into(), "b".into()]),
    }
}

#[test]
fn every_body_of_every_profile_matches_its_schema() {
    let code = json!({"type": ["string", "integer"]});
    let catalogs = seed_catalogs();
    let house = catalogs.last().unwrap().1.profile();
    assert_eq!(house.name(), "house");
    let validators: Vec<(Profile, jsonschema::Validator)> = Profile::built_in()
        .iter()
        .copied()
        .chain([house])
        .map(|profile| {
            let schema = strict(profile.body_schema(code.clone()));
            let validator = jsonschema::draft202012::new(&schema)
                .unwrap_or_else(|e| panic!("{profile} schema is a valid JSON Schema: {e}"));
            (profile, validator)
        })
        .collect();
    let context = RenderContext::default();
    let mut bodies = 0;
    for (slug, catalog) in catalogs {
        for entry in catalog.entries() {
            let plain = errcat_runtime::ApiError::new(entry.clone());
            let mut full = errcat_runtime::ApiError::new(entry.clone())
                .field("email", "Invalid email", Some("invalid_string"))
                .field("profile.name", "Required", Some("required"))
                .details(json!({"resource": "contact"}))
                .with_request_id(RequestId::from_inbound("req-1").unwrap());
            for (name, kind) in &entry.params {
                full.set_arg(name.clone(), sample_value(*kind));
            }
            for error in [&plain, &full] {
                for (profile, validator) in &validators {
                    let rendered = profile.render(error, &context);
                    let body: Value = serde_json::from_slice(&rendered.body).unwrap();
                    let problems: Vec<String> = validator
                        .iter_errors(&body)
                        .map(|e| format!("{e} at {}", e.instance_path()))
                        .collect();
                    assert!(
                        problems.is_empty(),
                        "{slug}/{} in {profile}: {problems:?}\n{body:#}",
                        entry.id()
                    );
                    bodies += 1;
                }
            }
        }
    }
    assert!(bodies > 8000, "{bodies} bodies checked");
}

#[test]
fn a_member_the_schema_does_not_declare_is_caught() {
    let schema = strict(Profile::PLANFIX.body_schema(json!({"type": "integer"})));
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    assert!(validator.is_valid(&json!({"result": "fail", "code": 1, "error": "x"})));
    assert!(!validator.is_valid(&json!({"result": "fail", "code": 1, "error": "x", "extra": 1})));
    assert!(!validator.is_valid(&json!({"result": "ok", "code": 1, "error": "x"})));
}

#[test]
fn a_field_map_schema_describes_each_field_s_errors_and_nested_names() {
    let catalog = errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new(
        "map.toml",
        r#"
[catalog]
name = "Map"
profile = "map"

[profiles.map]
body = '{"message": "{message}", "errors": {"{field.name}": {"_errors": [{"code": "{field.code|code}", "message": "{field.message}"}]}}}'

[[errors]]
id = "invalid_form"
status = 400
message = "Invalid Form Body"
"#,
    ))
    .unwrap();
    let profile = catalog.profile();
    let schema = strict(profile.body_schema(json!({"type": "string"})));
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let error = catalog
        .error("invalid_form")
        .unwrap()
        .field("email", "Invalid email", Some("invalid_string"))
        .field("profile.name", "Required", None)
        .field("profile.address.city", "Unknown city", None)
        // The request's own error: the map's `_errors`.
        .field("", "Too many fields", None);
    let body: Value =
        serde_json::from_slice(&profile.render(&error, &RenderContext::default()).body).unwrap();
    assert_eq!(
        body["errors"]["profile"]["name"]["_errors"][0]["message"],
        "Required"
    );
    assert_eq!(body["errors"]["_errors"][0]["message"], "Too many fields");
    let problems: Vec<String> = validator
        .iter_errors(&body)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{problems:?}\n{body:#}");
    // The map's nodes are described, not just "an object": an item without
    // its declared shape is caught.
    let mut wrong = body.clone();
    wrong["errors"]["email"]["_errors"] = json!("not a list");
    assert!(!validator.is_valid(&wrong));
    let mut wrong = body.clone();
    wrong["errors"]["email"]["_errors"][0]["unknown"] = json!(1);
    assert!(!validator.is_valid(&wrong));
    let mut wrong = body;
    wrong["errors"]["_errors"] = json!("not a list");
    assert!(!validator.is_valid(&wrong));
}
