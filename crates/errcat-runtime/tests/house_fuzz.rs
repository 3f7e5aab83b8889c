//! A fuzz target that stays: house bodies, mutated from the ones the tests
//! and fixtures hold or made up whole, either fail to compile (the lint and
//! the compiler agreeing) or render valid JSON, with each key once, for any
//! error. Nothing panics. `ERRCAT_FUZZ_CASES` sets the cases (64 by default).

use std::path::PathBuf;

use errcat_runtime::catalog::{Catalog, FieldErrorLayout, HouseProfile, SourceFile};
use errcat_runtime::{ApiError, CompiledCatalog, Profile, RenderContext, RequestId};
use proptest::prelude::*;
use serde_json::Value;

const CATALOG: &str = r#"
[catalog]
name = "Fuzz"
docs_url = "https://docs.example.com/errors/{code}"

[[errors]]
id = "contact_not_found"
status = 404
title = "Contact not found"
message = "No contact {id:q} in list {list}"
suggestion = "Check the contact id."
params.id = "string"
params.list = "string"
meta = { resource = "contact" }

[[errors]]
id = "limit"
code = 429
status = 429
message = "Slow down"

[[errors]]
id = "database_down"
status = 500
message = "Query {query} failed"
internal = true
params.query = "string"
"#;

/// Bodies written elsewhere: the corpus reproductions, the generated-client
/// fixture, the bench, and the renderer's own tests.
fn seeds() -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut seeds = Vec::new();
    let corpus = std::fs::read_to_string(root.join("tests/corpus_shapes.rs")).unwrap();
    for line in corpus.lines() {
        if let Some(body) = line.strip_prefix("body = '")
            && let Some(body) = body.strip_suffix('\'')
        {
            seeds.push(body.to_owned());
        }
    }
    let fixture = std::fs::read_to_string(root.join("../../tests/sdk/house-profile.toml")).unwrap();
    let parsed = errcat_runtime::catalog::parse(SourceFile::new("house-profile.toml", fixture));
    // JSON bodies only: XML ones have a target of their own below.
    seeds.extend(
        parsed
            .catalog
            .profiles
            .values()
            .map(|p| p.body.clone())
            .filter(|body| !errcat_runtime::catalog::house::xml::is_xml(body)),
    );
    assert!(seeds.len() >= 6, "the seeds are found: {seeds:?}");
    seeds.extend(
        [
            r##"{"type": "{type}", "title": "{title}", "status": "{status}", "detail": "{message}", "code": "{code}", "request_id": "{request_id}", "errors": [{"detail": "{field.message}", "pointer": "#{field.pointer}", "code": "{field.code}"}], "suggestion": "{suggestion}", "retryable": "{retryable}"}"##,
            r#"{"code": "{code}", "message": "{message}", "details": "{details}", "hint": "{suggestion}", "status": "{status}", "retry": "{retryable}", "text": "Error {code} ({status}): {arg.id}", "errors": [{"field": "{field.name}", "pointer": "{field.pointer}", "reason": "{field.code}"}]}"#,
            r#"{"errors": [{"category": "{wire.category}", "code": "{code}", "detail": "{field.message}", "field": "{field.name}"}]}"#,
            r#"{"errors": [{"category": "{wire.category}", "code": "{field.code|code}", "detail": "{field.message|message}", "field": "{field.name}"}]}"#,
            r#"{"errors": [{"message": "{message}", "extensions": {"code": "{code}", "status": "{status}", "meta": "{meta}"}}], "t": "{timestamp}", "i": "{instance|null}", "s": "{status_text}", "d": "{docs_url}", "id": "{id}"}"#,
        ]
        .map(str::to_owned),
    );
    seeds
}

/// Strings a mutation puts in a body: slots, text around them, bad ones.
const STRINGS: &[&str] = &[
    "{code}",
    "{message}",
    "{title}",
    "{request_id}",
    "{details|null}",
    "{suggestion}",
    "{arg.id}",
    "{arg.missing|null}",
    "{field.code|code}",
    "{field.message | message}",
    "{arg.id|suggestion|null}",
    "{field.name|field.code}",
    "{title|message|code}",
    "{wire.category}",
    "{field.name}",
    "{field.message}",
    "{field.code}",
    "{field.pointer}",
    "at {field.pointer}: {field.message}",
    "{status} {status_text}",
    "{{literal}}",
    "{mesage}",
    "{code",
    "}",
    "",
    "_errors",
    "plain \"text\" \\ \u{1}",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the string at this position (of all strings, in order).
    SetString(usize, usize),
    /// Wrap the value at this position in an array.
    WrapArray(usize),
    /// Wrap the value at this position in a field map.
    WrapFieldMap(usize),
    /// Wrap the value at this position in `{"_errors": [value]}`.
    WrapList(usize),
    /// Remove the member or item at this position.
    Remove(usize),
    /// Insert text at a byte position of the serialized body.
    Insert(usize, String),
    /// Repeat the first member of the body.
    DuplicateFirst,
}

/// The value at `target` in a depth-first order (the root is 0), with a counter.
fn at_position<'v>(value: &'v mut Value, target: usize, seen: &mut usize) -> Option<&'v mut Value> {
    if *seen == target {
        return Some(value);
    }
    *seen += 1;
    match value {
        Value::Array(items) => items
            .iter_mut()
            .find_map(|item| at_position(item, target, seen)),
        Value::Object(members) => members
            .values_mut()
            .find_map(|member| at_position(member, target, seen)),
        _ => None,
    }
}

fn count(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(members) => members.values().map(count).sum(),
        _ => 0,
    }
}

fn mutate(body: &str, mutations: &[Mutation]) -> String {
    let Ok(mut value) = serde_json::from_str::<Value>(body) else {
        return body.to_owned();
    };
    let mut raw_edits = Vec::new();
    for mutation in mutations {
        let positions = count(&value);
        let target = |at: &usize| at % positions;
        match mutation {
            Mutation::SetString(at, string) => {
                if let Some(place) = at_position(&mut value, target(at), &mut 0) {
                    *place = Value::String(STRINGS[string % STRINGS.len()].to_owned());
                }
            }
            Mutation::WrapArray(at) => {
                if let Some(place) = at_position(&mut value, target(at), &mut 0) {
                    *place = Value::Array(vec![place.take()]);
                }
            }
            Mutation::WrapFieldMap(at) => {
                if let Some(place) = at_position(&mut value, target(at), &mut 0) {
                    *place = serde_json::json!({ "{field.name}": place.take() });
                }
            }
            Mutation::WrapList(at) => {
                if let Some(place) = at_position(&mut value, target(at), &mut 0) {
                    *place = serde_json::json!({ "_errors": [place.take()] });
                }
            }
            Mutation::Remove(at) => {
                if let Some(place) = at_position(&mut value, target(at), &mut 0) {
                    match place {
                        Value::Object(members) if !members.is_empty() => {
                            let key = members.keys().next().unwrap().clone();
                            members.shift_remove(&key);
                        }
                        Value::Array(items) if !items.is_empty() => {
                            items.pop();
                        }
                        _ => {}
                    }
                }
            }
            Mutation::Insert(..) | Mutation::DuplicateFirst => raw_edits.push(mutation),
        }
    }
    let mut text = value.to_string();
    for edit in raw_edits {
        match edit {
            Mutation::Insert(at, inserted) => {
                let mut at = at % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.insert_str(at, inserted);
            }
            Mutation::DuplicateFirst => {
                if let Some(Value::Object(members)) = serde_json::from_str::<Value>(&text).ok()
                    && let Some((key, member)) = members.iter().next()
                {
                    let first = format!("{}: {member}", Value::String(key.clone()));
                    text = format!("{{{first}, {}", &text[1..]);
                }
            }
            _ => {}
        }
    }
    text
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), any::<usize>()).prop_map(|(a, s)| Mutation::SetString(a, s)),
        2 => any::<usize>().prop_map(Mutation::WrapArray),
        2 => any::<usize>().prop_map(Mutation::WrapFieldMap),
        1 => any::<usize>().prop_map(Mutation::WrapList),
        2 => any::<usize>().prop_map(Mutation::Remove),
        1 => (any::<usize>(), prop::sample::select(vec![",", "{", "}", "[", "]", "\"", ":", "1", "\"k\": 2,", "{field.name}"]))
            .prop_map(|(at, text)| Mutation::Insert(at, text.to_owned())),
        1 => Just(Mutation::DuplicateFirst),
    ]
}

/// A body made up whole: JSON whose strings come from [`STRINGS`] and keys from a few.
fn arbitrary_body() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(STRINGS).prop_map(|s| Value::String(s.to_owned())),
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::from),
    ];
    let value = leaf.prop_recursive(6, 48, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "code",
                        "errors",
                        "{field.name}",
                        "_errors",
                        "m",
                        ""
                    ]),
                    inner
                ),
                0..4
            )
            .prop_map(|members| {
                Value::Object(
                    members
                        .into_iter()
                        .map(|(key, value)| (key.to_owned(), value))
                        .collect(),
                )
            }),
        ]
    });
    value.prop_map(|value| value.to_string())
}

fn body() -> impl Strategy<Value = String> {
    let seeds = seeds();
    prop_oneof![
        3 => (prop::sample::select(seeds), prop::collection::vec(mutation(), 0..4))
            .prop_map(|(seed, mutations)| mutate(&seed, &mutations)),
        1 => arbitrary_body(),
    ]
}

/// An error to build: which entry, its arguments, its field errors
/// (field, message), and whether it has details.
type ErrorInput = (usize, Vec<(String, String)>, Vec<(String, String)>, bool);

/// An error of any entry, with any arguments and field errors.
fn error() -> impl Strategy<Value = ErrorInput> {
    (
        0..3usize,
        prop::collection::vec(
            (
                prop::sample::select(vec!["id", "list", "query", "other"]).prop_map(str::to_owned),
                "\\PC{0,6}",
            ),
            0..4,
        ),
        prop::collection::vec(
            ("((a|_errors|\\PC{0,3})?\\.){0,3}\\PC{0,3}", "\\PC{0,6}"),
            0..5,
        ),
        any::<bool>(),
    )
}

fn build(catalog: &CompiledCatalog, (entry, args, fields, details): &ErrorInput) -> ApiError {
    let id = ["contact_not_found", "limit", "database_down"][*entry];
    let mut error = catalog.error(id).unwrap();
    for (name, value) in args {
        error.set_arg(name.clone(), value.as_str());
    }
    for (field, message) in fields {
        error = error.field(field.clone(), message.clone(), Some("c"));
    }
    if *details {
        error = error.details(serde_json::json!({"k": [1, "two"]}));
    }
    error.with_request_id(RequestId::from_inbound("req-1").unwrap())
}

fn fuzz_config() -> ProptestConfig {
    let cases = std::env::var("ERRCAT_FUZZ_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(64);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(fuzz_config())]

    #[test]
    fn house_bodies_compile_to_valid_json_or_fail_with_a_diagnostic(
        body in body(),
        spread in any::<bool>(),
        errors in prop::collection::vec(error(), 1..4),
    ) {
        let compiled = errcat_runtime::compile(SourceFile::new("fuzz.toml", CATALOG)).unwrap();
        let mut catalog: Catalog = errcat_runtime::catalog::parse(SourceFile::new("fuzz.toml", CATALOG)).catalog;
        catalog.profiles.insert(
            "house".to_owned(),
            HouseProfile {
                body: body.clone(),
                field_errors: spread.then_some(FieldErrorLayout::Spread),
                ..HouseProfile::default()
            },
        );
        let problems = errcat_runtime::catalog::house::check_body(&body);
        let profile = Profile::resolve("house", &catalog);
        match profile {
            Err(error) => {
                prop_assert!(!problems.is_empty(), "compile failed ({error}) where check saw nothing: {body}");
            }
            Ok(profile) => {
                prop_assert!(problems.is_empty(), "compiled where check said {problems:?}: {body}");
                for error in &errors {
                    let error = build(&compiled, error);
                    let rendered = profile.render(&error, &RenderContext::default());
                    let parsed: Value = serde_json::from_slice(&rendered.body).map_err(|e| {
                        TestCaseError::fail(format!("{e}: {}\nfrom {body}", String::from_utf8_lossy(&rendered.body)))
                    })?;
                    // Written again by serde_json, the same bytes: no key was
                    // written twice (a parser would keep only the last).
                    prop_assert_eq!(
                        serde_json::to_string(&parsed).unwrap(),
                        String::from_utf8(rendered.body).unwrap(),
                        "from {}", body
                    );
                }
            }
        }
    }
}

/// XML bodies the tests hold, which mutations start from.
const XML_SEEDS: &[&str] = &[
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><Resource>{instance}</Resource><RequestId>{request_id}</RequestId></Error>",
    "<Error code=\"{code}\" hint=\"{suggestion}\">\n  <Message>{message}</Message>\n  <RequestId>{request_id|null}</RequestId>\n  <Fields>\n    <Field name=\"{field.name}\"><Reason>{field.code}</Reason><Text>{field.message}</Text></Field>\n  </Fields>\n  <Status>{status} {status_text}</Status>\n</Error>",
    "<e:Error xmlns:e=\"urn:x\"><e:Id a=\"{arg.id}\">{arg.list|null}</e:Id><e:Field>{field.pointer}: {field.message}</e:Field></e:Error>",
];

/// Text a mutation puts in an XML body.
const XML_FRAGMENTS: &[&str] = &[
    "<",
    ">",
    "&",
    "\"",
    "<a>",
    "</a>",
    "<a/>",
    "<b>x</b>",
    "<!DOCTYPE x>",
    "&amp;",
    "&bogus;",
    "&#0;",
    "<![CDATA[{code}]]>",
    "<!-- c -->",
    "{field.name}",
    "{details}",
    "{code}",
    "{field.code|code}",
    "{arg.id|meta}",
    "{mesage}",
    "}",
    "{",
    "\u{1}",
];

/// An XML body: a seed, with fragments inserted at byte positions.
fn xml_body() -> impl Strategy<Value = String> {
    (
        prop::sample::select(XML_SEEDS),
        prop::collection::vec((any::<usize>(), prop::sample::select(XML_FRAGMENTS)), 0..3),
    )
        .prop_map(|(seed, inserts)| {
            let mut text = seed.to_owned();
            for (at, fragment) in inserts {
                let mut at = at % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.insert_str(at, fragment);
            }
            text
        })
}

/// Whether `body` is one well-formed XML element, as a strict reader sees it.
fn well_formed_xml(body: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(body);
    let (mut depth, mut roots) = (0usize, 0usize);
    // Names as XML defines them (quick-xml only splits at white space).
    let name_ok = |name: &[u8]| {
        let name = std::str::from_utf8(name).unwrap_or("");
        let mut chars = name.chars();
        chars
            .next()
            .is_some_and(|c| c.is_alphabetic() || matches!(c, '_' | ':'))
            && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':' | '\u{b7}'))
    };
    let xml_space = |text: &str| {
        text.bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    };
    if body.contains("<?xml") && !body.starts_with("<?xml") {
        return Err("the declaration is not at the start".into());
    }
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(start) | Event::Empty(start) if !name_ok(start.name().as_ref()) => {
                return Err(format!(
                    "`{}` is not an XML name",
                    String::from_utf8_lossy(start.name().as_ref())
                ));
            }
            Event::Start(_) => {
                roots += usize::from(depth == 0);
                depth += 1;
            }
            Event::Empty(_) => roots += usize::from(depth == 0),
            Event::End(_) => depth -= 1,
            Event::Text(text) if depth == 0 && !xml_space(&text.decode().unwrap()) => {
                return Err("text outside the root".into());
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().unwrap();
                let known = reference
                    .resolve_char_ref()
                    .map_err(|e| e.to_string())?
                    .is_some()
                    || quick_xml::escape::resolve_predefined_entity(&name).is_some();
                if !known {
                    return Err(format!("unknown entity &{name};"));
                }
                if let Some(c) = reference.resolve_char_ref().unwrap()
                    && matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}')
                {
                    return Err(format!("character {c:?} is not XML"));
                }
            }
            Event::DocType(_) => return Err("a DOCTYPE".into()),
            Event::Eof => break,
            _ => {}
        }
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    if body.chars().any(|c| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')) {
        return Err("a character XML 1.0 cannot hold".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(fuzz_config())]

    #[test]
    fn xml_house_bodies_compile_to_well_formed_xml_or_fail_with_a_diagnostic(
        body in xml_body(),
        errors in prop::collection::vec(error(), 1..4),
    ) {
        let compiled = errcat_runtime::compile(SourceFile::new("fuzz.toml", CATALOG)).unwrap();
        let mut catalog: Catalog = errcat_runtime::catalog::parse(SourceFile::new("fuzz.toml", CATALOG)).catalog;
        let house = HouseProfile { body: body.clone(), ..HouseProfile::default() };
        let problems = errcat_runtime::catalog::house::check_profile(&house);
        catalog.profiles.insert("house".to_owned(), house);
        match Profile::resolve("house", &catalog) {
            Err(error) => {
                prop_assert!(!problems.is_empty(), "compile failed ({error}) where check saw nothing: {body}");
            }
            Ok(profile) => {
                prop_assert!(problems.is_empty(), "compiled where check said {problems:?}: {body}");
                for error in &errors {
                    let error = build(&compiled, error);
                    let rendered = profile.render(&error, &RenderContext::default());
                    let text = String::from_utf8(rendered.body).unwrap();
                    well_formed_xml(&text).map_err(|problem| {
                        TestCaseError::fail(format!("{problem}: {text}\nfrom {body}"))
                    })?;
                }
            }
        }
    }
}
