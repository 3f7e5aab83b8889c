//! What errcat reports about every error a service sends, to the engines a
//! team already runs; errcat keeps no store of its own.
//!
//! Each error the axum, actix-web and tonic layers send is reported once:
//!
//! - as a `tracing` event: `request failed` at `error` level for the
//!   server's own failures, `request rejected` at `debug` for the rest (as
//!   `tower-http` logs responses: a rejection is the server doing its job,
//!   and the span and the counter already carry it);
//! - on the request's span, in OpenTelemetry's semantic conventions:
//!   [`ERROR_TYPE`] is the wire code, [`HTTP_STATUS`] (or, over gRPC,
//!   [`GRPC_STATUS`]) the status, and errcat adds [`ENTRY`], [`CATALOG`] and
//!   [`REQUEST_ID`]. With the `opentelemetry` feature they are set on the
//!   span's OpenTelemetry data (through `tracing-opentelemetry`), and a 5xx
//!   sets the span's status to `Error`; with or without it, a span that
//!   declares those fields (as `tracing::field::Empty`) gets them recorded;
//! - with the `metrics` feature, through the [`metrics`](https://docs.rs/metrics)
//!   facade: the counter [`ERRORS_TOTAL`] by `catalog`, `entry`, `code` and
//!   `status`, and the gauge [`LAST_SEEN`] (the Unix time of the entry's
//!   latest error) by `catalog` and `entry`. Labels never carry an
//!   argument's value, so there are at most as many series as the catalog
//!   has entries (times their statuses).
//!
//! With the `prometheus` feature, one line serves the Prometheus text
//! exposition on the service's own router: `.route("/metrics",
//! errcat::axum::prometheus_route())` (axum) or `.route("/metrics",
//! errcat::actix::prometheus_route())` (actix-web). It installs
//! [`install_prometheus`]'s recorder.
//!
//! What this costs is mostly the tracing SDK's own span, not errcat's. On
//! a loopback route that does nothing else, errcat's attributes and
//! counters are about 3k instructions per error and the OpenTelemetry
//! span (made, entered, exported) about 14k; the `error_route` bench in
//! `crates/errcat-bench` keeps about 96% of the route's requests per second
//! with the counters alone and about 80% with the span layer. A service
//! that propagates trace context from the span (`Span::current().context()`,
//! as errcat reads it) rather than from `opentelemetry::Context::current()`
//! can build its `tracing_opentelemetry::layer()` with
//! `.with_context_activation(false)`, and without the extras it may not
//! read (`.with_location(false)`, `.with_threads(false)`,
//! `.with_tracked_inactivity(false)`): errcat's attributes reach the
//! exporter the same, and the span takes about 10k instructions.
//!
//! At scale each replica exports its own counters; Prometheus (or an
//! OpenTelemetry collector) adds them up, and `errcat serve --prometheus`
//! reads only those sums, so nothing in errcat grows with traffic.

use crate::error::ApiError;
use crate::request_id::RequestId;

/// The counter of errors sent: `errcat_errors_total{catalog, entry, code, status}`.
pub const ERRORS_TOTAL: &str = "errcat_errors_total";
/// The gauge of when an entry was last sent, in seconds since the Unix epoch:
/// `errcat_error_last_seen_timestamp_seconds{catalog, entry}`.
pub const LAST_SEEN: &str = "errcat_error_last_seen_timestamp_seconds";

/// The span attribute holding the wire code (OpenTelemetry's `error.type`).
pub const ERROR_TYPE: &str = "error.type";
/// The span attribute holding the HTTP status sent.
pub const HTTP_STATUS: &str = "http.response.status_code";
/// The span attribute holding the gRPC status code sent (for gRPC, in place
/// of [`HTTP_STATUS`]).
pub const GRPC_STATUS: &str = "rpc.grpc.status_code";
/// The span attribute holding the catalog entry's id.
pub const ENTRY: &str = "errcat.entry";
/// The span attribute holding the catalog's name (`[catalog] name`).
pub const CATALOG: &str = "errcat.catalog";
/// The span attribute holding the request ID.
pub const REQUEST_ID: &str = "errcat.request_id";

/// Reports one error sent over HTTP with `status` (see the module's docs).
#[cfg_attr(not(any(feature = "axum", feature = "actix")), allow(dead_code))]
pub(crate) fn record(error: &ApiError, status: u16, request_id: &RequestId, path: &str) {
    let code = error.code();
    if error.is_server_failure() {
        let source = error.internal_source().map(|s| s.to_string());
        tracing::error!(request_id = %request_id, id = error.id(), code = %code, status, source, path, "request failed");
    } else {
        tracing::debug!(request_id = %request_id, id = error.id(), code = %code, status, path, "request rejected");
    }
    annotate_span(error, request_id, StatusAttribute::Http(status));
    #[cfg(feature = "metrics")]
    count(error, status);
}

/// Reports one error sent over gRPC with `grpc_code`; its metrics carry the
/// entry's HTTP status, so one counter covers both transports.
#[cfg(feature = "tonic")]
pub(crate) fn record_grpc(error: &ApiError, grpc_code: i32, request_id: &RequestId, method: &str) {
    let code = error.code();
    if error.is_server_failure() {
        let source = error.internal_source().map(|s| s.to_string());
        tracing::error!(request_id = %request_id, id = error.id(), code = %code, grpc_code, source, method, "request failed");
    } else {
        tracing::debug!(request_id = %request_id, id = error.id(), code = %code, grpc_code, method, "request rejected");
    }
    annotate_span(error, request_id, StatusAttribute::Grpc(grpc_code));
    #[cfg(feature = "metrics")]
    count(error, error.status().as_u16());
}

/// The span attribute of a transport's status.
#[derive(Debug, Clone, Copy)]
enum StatusAttribute {
    /// `http.response.status_code`.
    Http(u16),
    /// `rpc.grpc.status_code`.
    #[cfg_attr(not(feature = "tonic"), allow(dead_code))]
    Grpc(i32),
}

/// The error's attributes on the span the layer runs in.
fn annotate_span(error: &ApiError, request_id: &RequestId, status: StatusAttribute) {
    let span = tracing::Span::current();
    if span.is_disabled() {
        return;
    }
    // The conventions mark a server span failed for 5xx (and gRPC's server
    // faults) only: a 4xx is the server doing its job.
    let failed = match status {
        StatusAttribute::Http(status) => status >= 500,
        // UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS.
        StatusAttribute::Grpc(code) => matches!(code, 2 | 4 | 12 | 13 | 14 | 15),
    };
    #[cfg(feature = "opentelemetry")]
    {
        use opentelemetry::KeyValue;
        use opentelemetry::trace::TraceContextExt as _;
        use tracing_opentelemetry::OpenTelemetrySpanExt as _;
        // One lookup of the span's OpenTelemetry data for all of them (a
        // span without any, as when the layer is off, takes them as a no-op).
        let context = span.context();
        let otel = context.span();
        if otel.is_recording() {
            let status_attribute = match status {
                StatusAttribute::Http(status) => KeyValue::new(HTTP_STATUS, i64::from(status)),
                StatusAttribute::Grpc(grpc) => KeyValue::new(GRPC_STATUS, i64::from(grpc)),
            };
            // The entry's own attributes are made once and shared from then on.
            let [error_type, entry, catalog] = error
                .entry()
                .span_attributes
                .get_or_init(|| entry_attributes(error))
                .clone();
            otel.set_attributes([
                error_type,
                status_attribute,
                entry,
                catalog,
                KeyValue::new(REQUEST_ID, request_id.as_str().to_owned()),
            ]);
            if failed {
                otel.set_status(opentelemetry::trace::Status::error(
                    error.code().to_string(),
                ));
            }
        }
    }
    #[cfg(not(feature = "opentelemetry"))]
    let _ = failed;
    // Fields a span declared (`error.type = tracing::field::Empty`) get the
    // values too; recording an undeclared field does nothing.
    span.record(ERROR_TYPE, tracing::field::display(error.code()));
    match status {
        StatusAttribute::Http(status) => span.record(HTTP_STATUS, status),
        StatusAttribute::Grpc(grpc) => span.record(GRPC_STATUS, grpc),
    };
    span.record(ENTRY, error.id());
    span.record(CATALOG, &*error.entry().catalog);
    span.record(REQUEST_ID, request_id.as_str());
}

/// Where an entry keeps its span attributes (`error.type`, `errcat.entry`,
/// `errcat.catalog`), made on its first error.
#[cfg(feature = "opentelemetry")]
pub(crate) type SpanAttributeCell = std::sync::OnceLock<[opentelemetry::KeyValue; 3]>;

/// The span attributes every error of `error`'s entry carries; their text is
/// shared, so each later error clones three counted references.
#[cfg(feature = "opentelemetry")]
fn entry_attributes(error: &ApiError) -> [opentelemetry::KeyValue; 3] {
    use opentelemetry::{KeyValue, StringValue};
    use std::sync::Arc;
    let shared = |text: &str| StringValue::from(Arc::<str>::from(text));
    [
        KeyValue::new(ERROR_TYPE, shared(&error.code().to_string())),
        KeyValue::new(ENTRY, shared(error.id())),
        KeyValue::new(CATALOG, StringValue::from(error.entry().catalog.clone())),
    ]
}

#[cfg(feature = "metrics")]
mod counting {
    use std::sync::OnceLock;
    use std::time::{SystemTime, UNIX_EPOCH};

    use metrics::{Key, Label, Level, Metadata};

    use super::{ERRORS_TOTAL, LAST_SEEN};
    use crate::error::ApiError;

    static METADATA: Metadata<'static> =
        Metadata::new("errcat::telemetry", Level::INFO, Some("errcat::telemetry"));

    /// An entry's metric keys, made on its first error: a key hashes its
    /// labels once, so each later error is a lookup in the recorder.
    #[derive(Debug)]
    pub(crate) struct EntryKeys {
        status: u16,
        errors: Key,
        last_seen: Key,
    }

    /// Where an entry keeps its keys.
    pub(crate) type KeyCell = OnceLock<EntryKeys>;

    fn keys_for(error: &ApiError, status: u16) -> EntryKeys {
        let entry = error.entry();
        let catalog = Label::new("catalog", entry.catalog.to_string());
        let id = Label::new("entry", error.id().to_owned());
        // Retained keys share their labels: a recorder retains each key it
        // is given, which is then a counted reference, not a copy.
        EntryKeys {
            status,
            errors: Key::from_parts(
                ERRORS_TOTAL,
                vec![
                    catalog.clone(),
                    id.clone(),
                    Label::new("code", error.code().to_string()),
                    Label::new("status", status.to_string()),
                ],
            )
            .to_retained(),
            last_seen: Key::from_parts(LAST_SEEN, vec![catalog, id]).to_retained(),
        }
    }

    /// Counts one error sent with `status`, and stamps its entry as seen now.
    pub(crate) fn count(error: &ApiError, status: u16) {
        let cached = error
            .entry()
            .metric_keys
            .get_or_init(|| keys_for(error, status));
        // An entry is sent with one status but for rare framework cases
        // (a 404 becoming a 500 in another profile): those make their keys afresh.
        let fresh;
        let keys = if cached.status == status {
            cached
        } else {
            fresh = keys_for(error, status);
            &fresh
        };
        metrics::with_recorder(|recorder| {
            recorder
                .register_counter(&keys.errors, &METADATA)
                .increment(1);
            recorder
                .register_gauge(&keys.last_seen, &METADATA)
                .set(SecondsNow);
        });
    }

    /// The time now, in seconds since the Unix epoch: the clock is read only
    /// when a recorder takes the value (with none installed, it is not read).
    struct SecondsNow;

    impl metrics::IntoF64 for SecondsNow {
        fn into_f64(self) -> f64 {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0.0, |elapsed| elapsed.as_secs_f64())
        }
    }

    /// Describes errcat's metrics to the installed recorder (their help
    /// text and units in the Prometheus exposition).
    pub fn describe() {
        metrics::describe_counter!(
            ERRORS_TOTAL,
            metrics::Unit::Count,
            "Errors sent, by catalog, entry id, wire code and HTTP status."
        );
        metrics::describe_gauge!(
            LAST_SEEN,
            metrics::Unit::Seconds,
            "When the entry was last sent, in seconds since the Unix epoch."
        );
    }
}

#[cfg(feature = "metrics")]
pub use counting::describe;
#[cfg(feature = "metrics")]
pub(crate) use counting::{KeyCell, count};

/// Why [`install_prometheus`] could not install its recorder.
#[cfg(feature = "prometheus")]
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot install errcat's Prometheus recorder: {0} (a process has one global `metrics` recorder; to keep yours, render errcat's metrics through it instead)"
)]
pub struct InstallError(String);

/// The Prometheus recorder errcat serves from, installed as the process's
/// global `metrics` recorder on the first call; later calls return the
/// same handle.
#[cfg(feature = "prometheus")]
pub fn install_prometheus()
-> Result<&'static metrics_exporter_prometheus::PrometheusHandle, InstallError> {
    use std::sync::{Mutex, OnceLock};
    static HANDLE: OnceLock<metrics_exporter_prometheus::PrometheusHandle> = OnceLock::new();
    static INSTALLING: Mutex<()> = Mutex::new(());
    if let Some(handle) = HANDLE.get() {
        return Ok(handle);
    }
    let _one_at_a_time = INSTALLING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(handle) = HANDLE.get() {
        return Ok(handle);
    }
    let handle = metrics_exporter_prometheus::PrometheusBuilder::new()
        .install_recorder()
        .map_err(|error| InstallError(error.to_string()))?;
    describe();
    Ok(HANDLE.get_or_init(|| handle))
}

/// The media type of the Prometheus text exposition.
#[cfg(feature = "prometheus")]
pub const PROMETHEUS_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The recorder's handle, or a panic that says why: for the one-line
/// routes, which are set up when a service starts.
#[cfg(feature = "prometheus")]
pub(crate) fn prometheus_or_panic() -> &'static metrics_exporter_prometheus::PrometheusHandle {
    install_prometheus().unwrap_or_else(|error| panic!("{error}"))
}
