//! Rendering an error body: errcat against hand-written baselines, same run.
//!
//! Every function builds a 404 with 2 arguments, 2 field errors and a request
//! ID, and serializes the body to bytes. errcat builds its error the way
//! generated constructors do: from the compiled entry, with no lookup by id.
//! `errcat_house` renders the problem body written as a house profile (data,
//! not code).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use errcat_runtime::{CompiledCatalog, Profile, RenderContext, RequestId};
use serde::Serialize;

/// The catalog the runtime's unit tests use too.
const CATALOG: &str = include_str!("../fixtures/contacts.toml");

fn catalog() -> CompiledCatalog {
    errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new(
        "bench.toml",
        CATALOG,
    ))
    .unwrap()
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    detail: String,
    code: &'a str,
    request_id: &'a str,
    errors: Vec<FieldItem<'a>>,
    suggestion: &'a str,
    retryable: bool,
}

#[derive(Serialize)]
struct FieldItem<'a> {
    detail: &'a str,
    pointer: String,
    code: &'a str,
}

fn bench_render(c: &mut Criterion) {
    let catalog = catalog();
    let request_id = RequestId::from_inbound("f47ac10b-58cc-4372-a567-0e02b2c3d479").unwrap();
    let context = RenderContext {
        timestamp: Some("2025-11-30T10:30:00.000Z"),
        instance: None,
    };
    let entry = catalog.entry("contact_not_found").unwrap().clone();
    let parsed = errcat_runtime::catalog::parse(errcat_runtime::catalog::SourceFile::new(
        "bench.toml",
        CATALOG,
    ));
    let house = Profile::resolve("house", &parsed.catalog).unwrap();
    let mut group = c.benchmark_group("render_error");

    for (name, profile) in [
        ("errcat_problem", Profile::PROBLEM),
        ("errcat_plunk", Profile::PLUNK),
        ("errcat_house", house),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let error = errcat_runtime::ApiError::new(black_box(&entry).clone())
                    .arg("id", black_box("c_42"))
                    .arg("list", black_box("vip"))
                    .field("email", "Invalid email", Some("invalid_string"))
                    .field("name", "Required", Some("required"))
                    .with_request_id(request_id.clone());
                black_box(profile.render(&error, &context).body)
            })
        });
    }

    group.bench_function("json_macro", |b| {
        b.iter(|| {
            let (id, list) = (black_box("c_42"), black_box("vip"));
            let body = serde_json::json!({
                "type": "https://docs.example.com/errors/contact_not_found",
                "title": "Contact not found",
                "status": 404,
                "detail": format!("No contact \"{id}\" in list {list}"),
                "code": "contact_not_found",
                "request_id": request_id.as_str(),
                "errors": [
                    {"detail": "Invalid email", "pointer": "#/email", "code": "invalid_string"},
                    {"detail": "Required", "pointer": "#/name", "code": "required"},
                ],
                "suggestion": "Check the contact id.",
                "retryable": false,
            });
            black_box(serde_json::to_vec(&body).unwrap())
        })
    });

    group.bench_function("serde_struct", |b| {
        b.iter(|| {
            let (id, list) = (black_box("c_42"), black_box("vip"));
            let body = Problem {
                kind: "https://docs.example.com/errors/contact_not_found",
                title: "Contact not found",
                status: 404,
                detail: format!("No contact \"{id}\" in list {list}"),
                code: "contact_not_found",
                request_id: request_id.as_str(),
                errors: vec![
                    FieldItem {
                        detail: "Invalid email",
                        pointer: "#/email".to_owned(),
                        code: "invalid_string",
                    },
                    FieldItem {
                        detail: "Required",
                        pointer: "#/name".to_owned(),
                        code: "required",
                    },
                ],
                suggestion: "Check the contact id.",
                retryable: false,
            };
            black_box(serde_json::to_vec(&body).unwrap())
        })
    });

    group.bench_function("http_api_problem", |b| {
        b.iter(|| {
            let (id, list) = (black_box("c_42"), black_box("vip"));
            let problem = http_api_problem::HttpApiProblem::new(
                http_api_problem::StatusCode::NOT_FOUND,
            )
            .type_url("https://docs.example.com/errors/contact_not_found")
            .title("Contact not found")
            .detail(format!("No contact \"{id}\" in list {list}"))
            .value("code", &"contact_not_found")
            .value("request_id", &request_id.as_str())
            .value(
                "errors",
                &serde_json::json!([
                    {"detail": "Invalid email", "pointer": "#/email", "code": "invalid_string"},
                    {"detail": "Required", "pointer": "#/name", "code": "required"},
                ]),
            )
            .value("suggestion", &"Check the contact id.")
            .value("retryable", &false);
            black_box(problem.json_bytes())
        })
    });
    group.finish();
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
