//! The committed seed catalogs render their vendors' documented bodies exactly.

use std::path::PathBuf;

use errcat_catalog::{SourceFile, parse};
use errcat_runtime::examples::render_example;
use errcat_runtime::{CompiledCatalog, Profile};

fn seed_catalog(slug: &str) -> errcat_catalog::Parsed {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../catalogs")
        .join(format!("{slug}.toml"));
    parse(SourceFile::new(
        path.display().to_string(),
        std::fs::read_to_string(&path).unwrap(),
    ))
}

fn compiled(parsed: &errcat_catalog::Parsed) -> CompiledCatalog {
    let checked = errcat_runtime::check(parsed.clone()).expect("seed catalogs check");
    CompiledCatalog::new(&checked).unwrap()
}

/// What the `example-mismatch` check finds.
fn stale_examples(parsed: &errcat_catalog::Parsed) -> Vec<errcat_catalog::Diagnostic> {
    errcat_runtime::diagnose(parsed)
        .into_iter()
        .filter(|diagnostic| diagnostic.lint == "example-mismatch")
        .collect()
}

#[test]
fn every_seed_catalog_passes_the_full_check_with_its_examples() {
    for slug in ["clerk", "plain", "planfix", "plunk", "quapp"] {
        let checked = errcat_runtime::check(seed_catalog(slug));
        assert!(checked.is_ok(), "{slug}: {}", checked.err().unwrap());
    }
}

#[test]
fn the_six_plunk_example_bodies_render_exactly() {
    let parsed = seed_catalog("plunk");
    let examples: usize = parsed
        .catalog
        .entries
        .iter()
        .map(|e| e.examples.len())
        .sum();
    assert_eq!(examples, 6);
    assert_eq!(stale_examples(&parsed), []);
    let compiled = compiled(&parsed);
    for entry in &parsed.catalog.entries {
        for example in &entry.examples {
            let rendered =
                render_example(&compiled, &entry.id, Profile::PLUNK, &example.input).unwrap();
            let expected: serde_json::Value = serde_json::from_str(&example.body).unwrap();
            let actual: serde_json::Value = serde_json::from_slice(&rendered.body).unwrap();
            assert_eq!(
                serde_json::to_string(&actual).unwrap(),
                serde_json::to_string(&expected).unwrap(),
                "{}",
                entry.id
            );
            assert_eq!(rendered.header("x-request-id"), Some("abc-123"));
        }
    }
}

#[test]
fn a_drifted_example_body_is_reported() {
    let mut parsed = seed_catalog("plunk");
    let entry = parsed
        .catalog
        .entries
        .iter_mut()
        .find(|e| e.id == "RATE_LIMIT_EXCEEDED")
        .unwrap();
    entry.message = Some("Slow down.".to_owned());
    let found = stale_examples(&parsed);
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .contains("`RATE_LIMIT_EXCEEDED` does not match"),
        "{}",
        found[0].message
    );
}

#[test]
fn planfix_errors_render_as_result_code_error() {
    let parsed = seed_catalog("planfix");
    let compiled = compiled(&parsed);
    assert_eq!(compiled.profile(), Profile::PLANFIX);
    let error = compiled.error("2004").unwrap();
    let rendered = Profile::PLANFIX.render(&error, &Default::default());
    assert_eq!(
        String::from_utf8(rendered.body).unwrap(),
        r#"{"result":"fail","code":2004,"error":"Invalid email format"}"#
    );
}

/// Planfix has no client library to run; its reference gives the schema
/// clients are generated from: `{Result string, Code integer($int32), Error
/// string}`. Every `• code — text` line of the seed document must come back
/// from errcat in exactly that shape, with that code and that text.
#[test]
fn every_planfix_code_in_the_seed_renders_in_the_documented_schema() {
    let seed = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data/seeds/planfix-rest-api-error-codes.txt"),
    )
    .expect("the seed documents are in tests/data/seeds");
    assert!(seed.contains("Code    integer($int32)"), "the schema moved");
    let compiled = compiled(&seed_catalog("planfix"));
    let mut seen = 0;
    for line in seed.lines() {
        let Some((code, text)) = line
            .trim()
            .strip_prefix("• ")
            .and_then(|row| row.split_once(" — "))
        else {
            continue;
        };
        let code: i32 = code.parse().expect("Planfix codes are int32");
        let error = compiled
            .entries()
            .iter()
            .find(|entry| entry.code == errcat_catalog::Code::Int(code.into()))
            .unwrap_or_else(|| panic!("code {code} is in the catalog"));
        let rendered = Profile::PLANFIX.render(
            &errcat_runtime::ApiError::new(error.clone()),
            &Default::default(),
        );
        let body: serde_json::Value = serde_json::from_slice(&rendered.body).unwrap();
        let members: Vec<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(members, ["result", "code", "error"], "{code}");
        assert_eq!(body["result"], "fail");
        assert_eq!(
            body["code"].as_i64(),
            Some(i64::from(code)),
            "an int32 number"
        );
        assert_eq!(body["error"], text.trim(), "{code}");
        assert_eq!(rendered.header("content-type"), Some("application/json"));
        seen += 1;
    }
    assert_eq!(seen, 71, "every Planfix code of the seed");
}
