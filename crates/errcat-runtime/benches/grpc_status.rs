//! Building a gRPC status: errcat's `ApiError -> tonic::Status` against a
//! hand-written `tonic-types` construction of the same status, same run.
//!
//! Both build a 429 with 2 arguments (as `ErrorInfo` metadata), 2 field
//! violations (`BadRequest`), a retry delay (`RetryInfo`), a request ID
//! (`RequestInfo` and `x-request-id`) and the `LocalizedMessage` errcat
//! always sends, and encode the details. Target: errcat at most 1.0x.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use errcat_runtime::{CompiledCatalog, RequestId};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt as _};

const CATALOG: &str = r#"
[catalog]
name = "Bench"
domain = "contacts.example.com"

[[errors]]
id = "contact_rate_limited"
status = 429
title = "Too many requests"
message = "Too many writes to contact {id:q}; retry in {seconds} seconds"
params.id = "string"
params.seconds = "int"
retry = { after = "seconds" }
"#;

fn catalog() -> CompiledCatalog {
    errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new(
        "bench.toml",
        CATALOG,
    ))
    .unwrap()
}

fn errcat_status(catalog: &CompiledCatalog, request_id: &RequestId) -> tonic::Status {
    let entry = catalog.entry_at(0).unwrap().clone();
    let error = errcat_runtime::ApiError::new(entry)
        .arg("id", black_box("c_42"))
        .arg("seconds", black_box(30))
        .field("email", "Invalid email", Some("invalid_string"))
        .field("profile.name", "Required", Some("required"))
        .with_request_id(request_id.clone());
    tonic::Status::from(error)
}

fn hand_written_status(request_id: &str) -> tonic::Status {
    let id = black_box("c_42");
    let seconds = black_box(30u64);
    let message = format!("Too many writes to contact \"{id}\"; retry in {seconds} seconds");
    let mut metadata = HashMap::with_capacity(2);
    metadata.insert("id".to_owned(), id.to_owned());
    metadata.insert("seconds".to_owned(), seconds.to_string());
    let mut details =
        ErrorDetails::with_error_info("CONTACT_RATE_LIMITED", "contacts.example.com", metadata);
    details.set_bad_request(vec![
        FieldViolation {
            field: "email".into(),
            description: "Invalid email".into(),
            reason: "INVALID_STRING".into(),
            localized_message: None,
        },
        FieldViolation {
            field: "profile.name".into(),
            description: "Required".into(),
            reason: "REQUIRED".into(),
            localized_message: None,
        },
    ]);
    details.set_retry_info(Some(Duration::from_secs(seconds)));
    details.set_request_info(request_id, "");
    details.set_localized_message("en", message.clone());
    let mut headers = tonic::metadata::MetadataMap::with_capacity(1);
    headers.insert("x-request-id", request_id.parse().unwrap());
    tonic::Status::with_error_details_and_metadata(
        tonic::Code::ResourceExhausted,
        message,
        details,
        headers,
    )
}

fn grpc_status(c: &mut Criterion) {
    let catalog = catalog();
    let request_id = RequestId::from_inbound("req-1").unwrap();
    // The same status, decoded: both carry the same details.
    let ours = errcat_status(&catalog, &request_id);
    let theirs = hand_written_status("req-1");
    assert_eq!(ours.code(), theirs.code());
    assert_eq!(ours.message(), theirs.message());
    let (mut ours, mut theirs) = (ours.get_error_details(), theirs.get_error_details());
    let sorted = |details: &ErrorDetails| {
        let info = details.error_info().unwrap();
        let metadata: std::collections::BTreeMap<_, _> =
            info.metadata.clone().into_iter().collect();
        (info.reason.clone(), info.domain.clone(), metadata)
    };
    assert_eq!(sorted(&ours), sorted(&theirs));
    // With the metadata compared, the rest must match member for member.
    ours.set_error_info("", "", HashMap::new());
    theirs.set_error_info("", "", HashMap::new());
    assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));

    let mut group = c.benchmark_group("grpc_status");
    group.bench_function("errcat", |b| {
        b.iter(|| black_box(errcat_status(&catalog, &request_id)))
    });
    group.bench_function("hand_written_tonic_types", |b| {
        b.iter(|| black_box(hand_written_status(black_box("req-1"))))
    });
    group.finish();
}

criterion_group!(benches, grpc_status);
criterion_main!(benches);
