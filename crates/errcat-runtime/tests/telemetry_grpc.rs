//! The gRPC layer reports each errcat error as the HTTP layers do: on the
//! request's span (with `rpc.grpc.status_code`), and in the same counter,
//! labelled with the entry's HTTP status so one series covers both
//! transports.
//!
//! Alone in its own test binary: the recorder is the process's, and
//! `tracing` caches which callsites are enabled process-wide.
#![cfg(all(feature = "tonic", feature = "prometheus", feature = "opentelemetry"))]

use errcat_runtime::telemetry;
use opentelemetry::Value;
use opentelemetry::trace::{Status, TracerProvider as _};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
use tracing::Instrument as _;
use tracing_subscriber::layer::SubscriberExt as _;

#[allow(dead_code)]
mod common;
#[path = "common/grpc_call.rs"]
mod grpc_call;
use grpc_call::call;

#[tokio::test(flavor = "current_thread")]
async fn grpc_errors_are_on_the_span_and_in_the_counter() {
    let handle = telemetry::install_prometheus().unwrap();
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("errcat-test")));
    let _default = tracing::subscriber::set_default(subscriber);

    call("/contacts.Contacts/Get", "req-1")
        .instrument(tracing::info_span!("rpc"))
        .await;
    call("/contacts.Contacts/Get", "req-2")
        .instrument(tracing::info_span!("rpc"))
        .await;
    call("/contacts.Contacts/Panic", "req-3")
        .instrument(tracing::info_span!("rpc"))
        .await;

    provider.force_flush().unwrap();
    let spans = exporter.get_finished_spans().unwrap();
    assert_eq!(spans.len(), 3, "{spans:#?}");
    let attribute = |index: usize, key: &str| {
        spans[index]
            .attributes
            .iter()
            .find(|kv| kv.key.as_str() == key)
            .map(|kv| kv.value.clone())
    };
    assert_eq!(attribute(0, telemetry::GRPC_STATUS), Some(Value::I64(5)));
    assert_eq!(
        attribute(0, telemetry::ERROR_TYPE),
        Some(Value::from("contact_not_found"))
    );
    assert_eq!(
        attribute(0, telemetry::REQUEST_ID),
        Some(Value::from("req-1"))
    );
    assert_eq!(attribute(0, telemetry::HTTP_STATUS), None);
    assert_eq!(
        spans[0].status,
        Status::Unset,
        "NOT_FOUND is not a server fault"
    );
    assert_eq!(attribute(2, telemetry::GRPC_STATUS), Some(Value::I64(13)));
    assert_eq!(spans[2].status, Status::error("internal_error"));

    let exposition = handle.render();
    assert!(
        exposition.lines().any(|line| line
            == r#"errcat_errors_total{catalog="Contacts",entry="contact_not_found",code="contact_not_found",status="404"} 2"#),
        "{exposition}"
    );
}
