//! The gRPC layer records each errcat error as one `tracing` event.
//!
//! Alone in its own test binary, as `tracing_events.rs`: `tracing` caches
//! which callsites are enabled process-wide.
#![cfg(feature = "tonic")]

#[allow(dead_code)]
mod common;
#[path = "common/grpc_call.rs"]
mod grpc_call;
use grpc_call::call;

/// Log lines written by the layer's `tracing` events.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Logs {
    type Writer = Logs;

    fn make_writer(&'a self) -> Logs {
        self.clone()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn each_errcat_error_is_one_event_with_its_code_grpc_code_and_request_id() {
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(logs.clone())
        .with_ansi(false)
        .without_time()
        // Rejections are `debug` events, failures `error` ones.
        .with_max_level(tracing::Level::DEBUG)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    call("/contacts.Contacts/Get", "req-rejected").await;
    call("/contacts.Contacts/Panic", "req-failed").await;
    call("/contacts.Contacts/Own", "req-own").await;

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "one event per errcat error:\n{text}");
    for (line, level, request_id, code, grpc_code, message) in [
        (
            lines[0],
            "DEBUG",
            "req-rejected",
            "contact_not_found",
            5,
            "request rejected",
        ),
        (
            lines[1],
            "ERROR",
            "req-failed",
            "internal_error",
            13,
            "request failed",
        ),
    ] {
        assert!(line.trim_start().starts_with(level), "{line}");
        assert!(line.contains(message), "{line}");
        for field in [
            format!("request_id={request_id}"),
            format!("code={code}"),
            format!("grpc_code={grpc_code}"),
        ] {
            assert!(line.contains(&field), "{field} missing from {line}");
        }
    }
}
