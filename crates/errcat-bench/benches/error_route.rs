//! End to end on loopback, with a catalog of realistic size (Clerk's 314
//! entries): requests per second of
//!
//! - `bare`: an axum router with no errcat at all, answering the bytes errcat
//!   sends for Clerk's `UserNotFound` (same status, headers and body length);
//! - `hand-written`: what a service without errcat does for that error: its
//!   handler reads the user ID from the path and serializes Clerk's body with
//!   serde, with a fresh UUID as the request ID (so `layer` against it is what
//!   errcat costs over writing the error by hand);
//! - `layer`: a service whose handler returns that catalog error through
//!   `ErrorLayer` (request ID, rendering, the tracing event);
//! - `layer-around`: the same service with `ErrorLayer::around`, the layer
//!   around the whole router rather than on each route, which spares axum a
//!   copy of the route's service per request;
//! - `mock`: the app `errcat mock` serves for that route
//!   (`errcat_runtime::axum::mock`), in process like the other two.
//!
//! - `actix-bare` and `actix`: the same pair on actix-web (one worker
//!   each): a bare route answering errcat's bytes, and a route returning the
//!   catalog error through `errcat_runtime::actix::ErrorMiddleware`.
//!
//! - `telemetry-off` and `telemetry-on`: the `layer` service inside a request
//!   span (as `tower-http`'s `TraceLayer` makes one), each on a runtime of its
//!   own with the same two workers; on `telemetry-on`'s workers a Prometheus
//!   recorder counts every error and a `tracing-opentelemetry` layer (at
//!   `info`, as in production) exports every span through the OpenTelemetry
//!   SDK's batch processor.
//!
//!   `telemetry-10%` is `telemetry-on` with one trace in ten sampled, as
//!   production tracing often is (every error is still counted), and
//!   `telemetry-lean` is `telemetry-on` with the `tracing-opentelemetry`
//!   layer's optional extras off (see `errcat_runtime::telemetry`).
//!   `metrics-only` and `spans-only` split `telemetry-on` in two: the
//!   recorder without the tracing layer, and the tracing layer without it.
//!
//! Same load for every target. In each round every target runs between two
//! runs of its baseline, and its share is its throughput over their
//! geometric mean: drift over the run cancels out, and a hiccup of one
//! baseline run counts half. The figure is the median of the rounds' shares.
//! Targets: `layer` and `mock` each keep at least 93% of `bare`, `actix` of
//! `actix-bare`, and `telemetry-on` 90% of `telemetry-off`.
//!
//! `cargo bench -p errcat-bench --bench error_route`.
//! Under `cargo test` it runs a small smoke version.

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use errcat_bench::{full_run, run, serve, serve_service};
use errcat_runtime::axum::{ErrorLayer, ErrorService};
use errcat_runtime::{ApiError, CompiledCatalog, Profile};

const CLERK: &str = include_str!("../../../catalogs/clerk.toml");
const PATH: &str = "/v1/users/user_2abc";

fn clerk() -> CompiledCatalog {
    errcat_runtime::compile(errcat_catalog::SourceFile::new("clerk.toml", CLERK))
        .expect("Clerk's catalog checks")
}

/// The body errcat sends for the route, rendered once for the bare server.
fn errcat_body(catalog: &CompiledCatalog) -> Vec<u8> {
    let error = catalog
        .error("UserNotFound")
        .unwrap()
        .arg("userID", "user_2abc")
        .with_request_id(errcat_runtime::RequestId::generate());
    Profile::CLERK
        .render(&error, &errcat_runtime::RenderContext::default())
        .body
}

fn bare(body: Vec<u8>) -> Router {
    let body = axum::body::Bytes::from(body);
    Router::new().route(
        "/v1/users/{id}",
        get(move || {
            let body = body.clone();
            async move {
                (
                    StatusCode::NOT_FOUND,
                    [
                        (
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("application/json"),
                        ),
                        (
                            header::HeaderName::from_static("x-request-id"),
                            HeaderValue::from_static("0192f0c4-5b4e-7d3a-9c1e-2f6a8b7d4e10"),
                        ),
                    ],
                    body,
                )
                    .into_response()
            }
        }),
    )
}

/// Clerk's error body as a hand-written service declares it.
#[derive(serde::Serialize)]
struct ClerkBody<'a> {
    errors: [ClerkError<'a>; 1],
    clerk_trace_id: &'a str,
}

#[derive(serde::Serialize)]
struct ClerkError<'a> {
    message: &'a str,
    long_message: String,
    code: &'a str,
}

fn hand_written_body(user_id: &str, request_id: &str) -> Vec<u8> {
    serde_json::to_vec(&ClerkBody {
        errors: [ClerkError {
            message: "not found",
            long_message: format!("No user was found with id {user_id}"),
            code: "resource_not_found",
        }],
        clerk_trace_id: request_id,
    })
    .expect("a body")
}

fn hand_written() -> Router {
    Router::new().route(
        "/v1/users/{id}",
        get(
            |axum::extract::Path(id): axum::extract::Path<String>| async move {
                let mut request_id = uuid::Uuid::encode_buffer();
                let request_id = uuid::Uuid::new_v4()
                    .hyphenated()
                    .encode_lower(&mut request_id);
                (
                    StatusCode::NOT_FOUND,
                    [
                        (
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("application/json"),
                        ),
                        (
                            header::HeaderName::from_static("x-request-id"),
                            HeaderValue::from_str(request_id).expect("a UUID"),
                        ),
                    ],
                    hand_written_body(&id, request_id),
                )
                    .into_response()
            },
        ),
    )
}

fn layered(catalog: CompiledCatalog) -> Router {
    let entry = catalog.entry("UserNotFound").unwrap().clone();
    Router::new()
        .route(
            "/v1/users/{id}",
            get(
                move |axum::extract::Path(id): axum::extract::Path<String>| {
                    let entry = entry.clone();
                    async move { Err::<(), ApiError>(ApiError::new(entry).arg("userID", id)) }
                },
            ),
        )
        .layer(ErrorLayer::new(catalog, Profile::CLERK))
}

/// [`layered`] with the layer around the whole router instead of on each
/// route (`ErrorLayer::around`): one service, no per-route copy.
fn layered_around(catalog: CompiledCatalog) -> ErrorService<Router> {
    let entry = catalog.entry("UserNotFound").unwrap().clone();
    let routes = Router::new().route(
        "/v1/users/{id}",
        get(
            move |axum::extract::Path(id): axum::extract::Path<String>| {
                let entry = entry.clone();
                async move { Err::<(), ApiError>(ApiError::new(entry).arg("userID", id)) }
            },
        ),
    );
    ErrorLayer::new(catalog, Profile::CLERK).around(routes)
}

/// What `errcat mock --route 'GET /v1/users/{userID}=UserNotFound'` serves.
fn mocked(catalog: &CompiledCatalog) -> ErrorService<Router> {
    let route = "GET /v1/users/{userID}=UserNotFound".parse().unwrap();
    errcat_runtime::axum::mock::app(catalog, Profile::CLERK, &[route]).unwrap()
}

/// Serves an actix-web app made by `app` on a free loopback port, one
/// worker, on its own thread; the handle stops it.
fn serve_actix<F, T, B>(app: F) -> (std::net::SocketAddr, actix_web::dev::ServerHandle)
where
    F: Fn() -> actix_web::App<T> + Send + Clone + 'static,
    T: actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
    B: actix_web::body::MessageBody + 'static,
{
    let (ready, started) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = actix_web::HttpServer::new(app)
                .workers(1)
                .disable_signals()
                .bind("127.0.0.1:0")
                .unwrap();
            let addr = server.addrs()[0];
            let server = server.run();
            ready.send((addr, server.handle())).unwrap();
            server.await.unwrap();
        });
    });
    started.recv().unwrap()
}

fn actix_bare(
    body: Vec<u8>,
) -> actix_web::App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let body = actix_web::web::Bytes::from(body);
    actix_web::App::new().route(
        "/v1/users/{id}",
        actix_web::web::get().to(move || {
            let body = body.clone();
            async move {
                actix_web::HttpResponse::NotFound()
                    .insert_header(("content-type", "application/json"))
                    .insert_header(("x-request-id", "0192f0c4-5b4e-7d3a-9c1e-2f6a8b7d4e10"))
                    .body(body)
            }
        }),
    )
}

fn actix_layered(
    catalog: CompiledCatalog,
) -> actix_web::App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let entry = catalog.entry("UserNotFound").unwrap().clone();
    actix_web::App::new()
        .route(
            "/v1/users/{id}",
            actix_web::web::get().to(move |id: actix_web::web::Path<String>| {
                let entry = entry.clone();
                async move {
                    Err::<actix_web::HttpResponse, ApiError>(
                        ApiError::new(entry).arg("userID", id.into_inner()),
                    )
                }
            }),
        )
        .wrap(errcat_runtime::actix::ErrorMiddleware::new(
            catalog,
            Profile::CLERK,
        ))
}

/// A request span around the service, as `tower-http`'s `TraceLayer` makes one.
async fn request_span(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use tracing::Instrument as _;
    let span =
        tracing::info_span!("request", method = %request.method(), path = request.uri().path());
    next.run(request).instrument(span).await
}

/// An OpenTelemetry exporter that counts the spans with errcat's attributes
/// and drops them: the cost measured is errcat's and the SDK's, not a
/// collector's.
#[derive(Debug)]
struct Discard(&'static std::sync::atomic::AtomicUsize);

impl opentelemetry_sdk::trace::SpanExporter for Discard {
    async fn export(
        &self,
        batch: Vec<opentelemetry_sdk::trace::SpanData>,
    ) -> opentelemetry_sdk::error::OTelSdkResult {
        let annotated = batch
            .iter()
            .filter(|span| {
                span.attributes
                    .iter()
                    .any(|kv| kv.key.as_str() == "errcat.entry")
            })
            .count();
        self.0
            .fetch_add(annotated, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}

/// What a telemetry-on service reported: its Prometheus exposition, and
/// how many exported spans carry errcat's attributes.
struct Reported {
    exposition: Option<metrics_exporter_prometheus::PrometheusHandle>,
    spans: &'static std::sync::atomic::AtomicUsize,
    provider: Option<opentelemetry_sdk::trace::SdkTracerProvider>,
}

/// What a service's workers report.
#[derive(Debug, Clone, Copy)]
struct Telemetry {
    /// A Prometheus recorder counts every error.
    metrics: bool,
    /// A `tracing-opentelemetry` layer exports the request spans.
    tracing: Option<Tracing>,
}

/// How a telemetry-on service traces.
#[derive(Debug, Clone, Copy)]
struct Tracing {
    /// The share of traces exported, by trace ID (production tracing often
    /// samples); `1.0` exports every one, the whole cost of tracing.
    sampled: f64,
    /// The `tracing-opentelemetry` layer without its optional extras
    /// (source location, thread, busy and idle times, activating the
    /// OpenTelemetry context on every enter), as the runtime's telemetry
    /// docs describe.
    lean: bool,
}

/// Serves `app` on a two-worker runtime of its own, whose workers report
/// as `telemetry` says.
fn serve_with_telemetry(app: Router, telemetry: Telemetry) -> (std::net::SocketAddr, Reported) {
    use opentelemetry::trace::TracerProvider as _;
    use tracing_subscriber::layer::SubscriberExt as _;
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder.worker_threads(2).enable_all();
    let recorder: Option<&'static metrics_exporter_prometheus::PrometheusRecorder> =
        telemetry.metrics.then(|| {
            &*Box::leak(Box::new(
                metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder(),
            ))
        });
    let spans: &'static std::sync::atomic::AtomicUsize = Box::leak(Box::default());
    let provider = telemetry.tracing.map(|tracing| {
        let sampler = if tracing.sampled >= 1.0 {
            opentelemetry_sdk::trace::Sampler::AlwaysOn
        } else {
            opentelemetry_sdk::trace::Sampler::TraceIdRatioBased(tracing.sampled)
        };
        opentelemetry_sdk::trace::SdkTracerProvider::builder()
            .with_sampler(sampler)
            .with_batch_exporter(Discard(spans))
            .build()
    });
    let dispatch = telemetry
        .tracing
        .zip(provider.as_ref())
        .map(|(tracing, provider)| {
            let lean = tracing.lean;
            // `tracing` caches whether a callsite is enabled. With one
            // subscriber in the process (this one, on these workers only) it
            // asks the thread that first reaches a callsite, which may be
            // another runtime's; a global (empty) one beside it makes every
            // callsite ask each thread's own subscriber.
            let _ = tracing::subscriber::set_global_default(
                tracing::subscriber::NoSubscriber::default(),
            );
            tracing::Dispatch::new(
                tracing_subscriber::registry()
                    .with(
                        tracing_opentelemetry::layer()
                            .with_location(!lean)
                            .with_threads(!lean)
                            .with_tracked_inactivity(!lean)
                            .with_context_activation(!lean)
                            .with_tracer(provider.tracer("error_route")),
                    )
                    // What a service logs in production (`RUST_LOG=info`).
                    .with(tracing_subscriber::filter::LevelFilter::INFO),
            )
        });
    builder.on_thread_start(move || {
        // For the thread's life: these workers serve only this app.
        if let Some(recorder) = recorder {
            std::mem::forget(metrics::set_default_local_recorder(recorder));
        }
        if let Some(dispatch) = &dispatch {
            std::mem::forget(tracing::dispatcher::set_default(dispatch));
        }
    });
    let runtime = builder.build().unwrap();
    let (ready, started) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let (addr, _stop) = serve(app).await;
            ready.send(addr).unwrap();
            std::future::pending::<()>().await
        })
    });
    let reported = Reported {
        exposition: recorder.map(|recorder| recorder.handle()),
        spans,
        provider,
    };
    (started.recv().unwrap(), reported)
}

fn main() {
    let full = full_run();
    let (clients, per_client, rounds) = if full { (64, 1000, 15) } else { (4, 20, 1) };
    let catalog = clerk();
    let body = errcat_body(&catalog);
    // The hand-written baseline sends the body errcat sends.
    let json = |bytes: &[u8]| {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).expect("JSON");
        value["clerk_trace_id"] = serde_json::Value::Null;
        value
    };
    assert_eq!(json(&body), json(&hand_written_body("user_2abc", "id")));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        let (bare_addr, _stop_bare) = serve(bare(body.clone())).await;
        let (hand_written_addr, _stop_hand_written) = serve(hand_written()).await;
        let (mock_addr, _stop_mock) = serve_service(mocked(&catalog)).await;
        let (layer_addr, _stop_layer) = serve(layered(catalog.clone())).await;
        let (around_addr, _stop_around) = serve_service(layered_around(catalog.clone())).await;
        let (actix_bare_addr, stop_actix_bare) = serve_actix(move || actix_bare(body.clone()));
        let for_actix = catalog.clone();
        let (actix_addr, stop_actix) = serve_actix(move || actix_layered(for_actix.clone()));
        let traced = || layered(catalog.clone()).layer(axum::middleware::from_fn(request_span));
        let with = |metrics, tracing: Option<(f64, bool)>| Telemetry {
            metrics,
            tracing: tracing.map(|(sampled, lean)| Tracing { sampled, lean }),
        };
        let (quiet_addr, _) = serve_with_telemetry(traced(), with(false, None));
        let (telemetry_addr, reported) =
            serve_with_telemetry(traced(), with(true, Some((1.0, false))));
        let (sampled_addr, _) = serve_with_telemetry(traced(), with(true, Some((0.1, false))));
        let (lean_addr, _) = serve_with_telemetry(traced(), with(true, Some((1.0, true))));
        let (metrics_addr, _) = serve_with_telemetry(traced(), with(true, None));
        let (spans_addr, _) = serve_with_telemetry(traced(), with(false, Some((1.0, false))));
        // Each target with the baseline it is measured against: each
        // framework against its own bare route, telemetry against off.
        let targets = [
            ("bare", bare_addr, "bare"),
            ("hand-written", hand_written_addr, "bare"),
            ("layer", layer_addr, "bare"),
            ("layer-around", around_addr, "bare"),
            ("mock", mock_addr, "bare"),
            ("actix-bare", actix_bare_addr, "actix-bare"),
            ("actix", actix_addr, "actix-bare"),
            ("telemetry-off", quiet_addr, "telemetry-off"),
            ("telemetry-on", telemetry_addr, "telemetry-off"),
            ("telemetry-10%", sampled_addr, "telemetry-off"),
            ("telemetry-lean", lean_addr, "telemetry-off"),
            ("metrics-only", metrics_addr, "telemetry-off"),
            ("spans-only", spans_addr, "telemetry-off"),
        ];
        // And errcat against the same error written by hand.
        let against_hand_written = [
            ("layer", "hand-written"),
            ("layer-around", "hand-written"),
            ("mock", "hand-written"),
        ];
        let index_of = |name: &str| {
            targets
                .iter()
                .position(|(target, ..)| *target == name)
                .expect("a target")
        };
        let path = vec![PATH.to_owned()];
        for (_, addr, _) in &targets {
            let _warm = run(*addr, clients, per_client / 10 + 1, &path).await;
        }
        let measure = |index: usize| {
            let (name, addr, _) = targets[index];
            let path = &path;
            async move {
                let report = run(addr, clients, per_client, path).await;
                assert!(
                    report.statuses.iter().all(|status| *status == 404),
                    "{name} answers 404"
                );
                report.throughput()
            }
        };
        // Each baseline with the targets measured against it.
        let groups: Vec<(usize, Vec<usize>)> = targets
            .iter()
            .enumerate()
            .filter(|(_, (name, _, baseline))| name == baseline)
            .map(|(baseline, (name, ..))| {
                let measured = (0..targets.len())
                    .filter(|&index| targets[index].2 == *name && index != baseline)
                    .collect();
                (baseline, measured)
            })
            .collect();
        let mut throughput = vec![Vec::new(); targets.len()];
        // Per target, per round: its throughput over its baseline's.
        let mut shares = vec![Vec::new(); targets.len()];
        for round in 0..rounds {
            for (baseline, measured) in &groups {
                // Each target runs between two runs of its baseline, and its
                // share is over their geometric mean: drift over the run
                // cancels out, and a hiccup of one baseline run counts half.
                // The order turns every round, so no target always runs first.
                let mut before = measure(*baseline).await;
                throughput[*baseline].push(before);
                shares[*baseline].push(1.0);
                for step in 0..measured.len() {
                    let index = measured[(step + round) % measured.len()];
                    let rps = measure(index).await;
                    let after = measure(*baseline).await;
                    throughput[index].push(rps);
                    throughput[*baseline].push(after);
                    shares[index].push(rps / (before * after).sqrt());
                    before = after;
                }
            }
        }
        let median = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        println!(
            "Clerk's catalog ({} entries), {clients} clients x {per_client} requests, {rounds} rounds",
            CLERK.matches("[[errors]]").count()
        );
        println!(
            "  share of the baseline: each run between two of its baseline; median of the rounds (lowest-highest)"
        );
        let share = |index: usize, baseline: usize| {
            // Against another target of the same baseline: the round's two
            // shares of that baseline, one over the other.
            let ratios: Vec<f64> = shares[index]
                .iter()
                .zip(&shares[baseline])
                .map(|(share, base)| share / base)
                .collect();
            let (lowest, highest) = ratios
                .iter()
                .fold((f64::MAX, f64::MIN), |(lo, hi), r| (lo.min(*r), hi.max(*r)));
            (median(ratios), lowest, highest)
        };
        let rows = targets
            .iter()
            .map(|(name, _, baseline)| (*name, *baseline, true))
            .chain(
                against_hand_written
                    .iter()
                    .map(|(name, baseline)| (*name, *baseline, false)),
            );
        for (name, baseline, with_throughput) in rows {
            let index = index_of(name);
            let (ratio, lowest, highest) = share(index, index_of(baseline));
            let throughput = if with_throughput {
                format!("{:>9.0} req/s", median(throughput[index].clone()))
            } else {
                " ".repeat(15)
            };
            println!(
                "  {name:<14} {throughput}  {:>5.1}% of {baseline:<13} ({:.1}-{:.1}%)",
                ratio * 100.0,
                lowest * 100.0,
                highest * 100.0,
            );
        }
        // The measured service did report: every error counted, every span annotated.
        let provider = reported.provider.expect("telemetry-on traces");
        provider.force_flush().expect("spans flush");
        let exposition = reported.exposition.expect("telemetry-on counts").render();
        let counted: f64 = exposition
            .lines()
            .find(|line| line.starts_with("errcat_errors_total{"))
            .and_then(|line| line.rsplit(' ').next()?.parse().ok())
            .expect("the telemetry-on service counted its errors");
        let spans = reported.spans.load(std::sync::atomic::Ordering::Relaxed);
        println!("  telemetry-on counted {counted} errors and exported {spans} annotated spans");
        assert!(counted > 0.0 && spans > 0, "telemetry-on reported nothing");
        stop_actix_bare.stop(true).await;
        stop_actix.stop(true).await;
    });
}
