//! Pages with live figures (`errcat serve --prometheus`), against stand-ins
//! for Prometheus's HTTP API on 127.0.0.1: one that answers as Prometheus
//! does, one that accepts and never answers, and one that is not there.
//! The real server is tested end to end by `tests/telemetry/e2e_test.py`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::Request;
use axum::routing::get;
use errcat_portal::Portal;
use errcat_portal::live::Prometheus;
use errcat_runtime::CompiledCatalog;
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use tower::ServiceExt as _;

const CATALOG: &str = r#"
[catalog]
name = "Contacts API"

[[errors]]
id = "contact_not_found"
status = 404
title = "Contact not found"
message = "No contact {id}."
params.id = "int"

[[errors]]
id = "contact_email_taken"
status = 409
title = "Email already in use"
message = "Taken."

[[errors]]
id = "contact_limit_reached"
status = 403
title = "Contact limit reached"
message = "Full."

[[errors]]
id = "contact_archived"
status = 410
title = "Contact archived"
message = "Archived."
retired = true
"#;

fn catalog() -> CompiledCatalog {
    errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new(
        "contacts.toml",
        CATALOG,
    ))
    .unwrap()
}

/// What the stand-in was asked.
type Asked = Arc<Mutex<Vec<String>>>;

/// A stand-in for Prometheus's HTTP API with fixed figures: contact_not_found
/// 3 in the last hour and 5 in the day, last seen at 1796299000;
/// contact_email_taken 0 and 1, seen the same day; its chart has 2 errors
/// an hour ago and 3 in the last hour.
fn stand_in(asked: Asked) -> Router {
    async fn query(
        State(asked): State<Asked>,
        Query(params): Query<Vec<(String, String)>>,
    ) -> axum::Json<Value> {
        let promql = params
            .iter()
            .find(|(k, _)| k == "query")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        asked.lock().unwrap().push(promql.clone());
        let vector = |pairs: &[(&str, &str)]| {
            json!({"status": "success", "data": {"resultType": "vector", "result":
                pairs.iter().map(|(entry, value)| json!({"metric": {"entry": entry}, "value": [1796299476.0, value]})).collect::<Vec<_>>()}})
        };
        axum::Json(
            if promql.contains("errcat_error_last_seen_timestamp_seconds") {
                vector(&[
                    ("contact_not_found", "1796299000"),
                    ("contact_email_taken", "1796290000"),
                ])
            } else if promql.contains("offset 3600s") {
                vector(&[("contact_not_found", "3"), ("contact_email_taken", "0")])
            } else if promql.contains("offset 86400s") {
                vector(&[("contact_not_found", "5"), ("contact_email_taken", "1")])
            } else {
                json!({"status": "error", "errorType": "bad_data", "error": "unexpected query"})
            },
        )
    }
    async fn query_range(
        State(asked): State<Asked>,
        Query(params): Query<Vec<(String, String)>>,
    ) -> axum::Json<Value> {
        let get = |key: &str| {
            params
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        asked.lock().unwrap().push(get("query"));
        let end: f64 = get("end").parse().unwrap();
        axum::Json(
            json!({"status": "success", "data": {"resultType": "matrix", "result": [
                {"metric": {}, "values": [[end - 3600.0, "2"], [end, "3"]]}
            ]}}),
        )
    }
    Router::new()
        .route("/api/v1/query", get(query))
        .route("/api/v1/query_range", get(query_range))
        .with_state(asked)
}

/// Serves `app` on a free loopback port for the test's lifetime.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

fn portal(prometheus: Prometheus) -> Router {
    let portal = Portal::new(&[("contacts".to_owned(), catalog())]).with_prometheus(prometheus);
    errcat_portal::router(Arc::new(portal))
}

async fn page(app: &Router, path: &str) -> String {
    let response = app
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let body = response.into_body().collect().await.unwrap().to_bytes();
    // Pages escape `/` in text; the notes are compared as read.
    String::from_utf8(body.to_vec())
        .unwrap()
        .replace("&#x2f;", "/")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_show_counts_last_seen_a_chart_and_unseen_entries() {
    let asked = Asked::default();
    let url = serve(stand_in(asked.clone())).await;
    let app = portal(Prometheus::new(&url, Duration::from_secs(5)).unwrap());

    let entry = page(&app, "/catalogs/contacts/errors/contact_not_found").await;
    assert!(entry.contains("<dt>Last hour</dt><dd>3</dd>"), "{entry}");
    assert!(
        entry.contains("<dt>Last 24 hours</dt><dd>5</dd>"),
        "{entry}"
    );
    assert!(
        entry.contains("<time>2026-12-03T11:56:40Z</time>"),
        "{entry}"
    );
    assert!(entry.contains("<svg class=\"chart\""), "{entry}");
    assert!(
        entry.contains("<title>the last hour: 3 errors</title>"),
        "{entry}"
    );
    assert!(
        entry.contains("<title>1–2 hours ago: 2 errors</title>"),
        "{entry}"
    );
    assert!(
        !entry.contains("role=\"note\""),
        "no note when figures are in: {entry}"
    );

    let catalog = page(&app, "/catalogs/contacts").await;
    let top = catalog
        .split("id=\"top-errors\"")
        .nth(1)
        .expect("a top list");
    let top = top.split("</table>").next().unwrap();
    // Only what was sent in the last hour, most first.
    assert_eq!(top.matches("<tr><td>").count(), 1, "{top}");
    assert!(
        top.contains(
            "<code>contact_not_found</code></a> Contact not found</td><td>3</td><td>5</td>"
        ),
        "{top}"
    );
    let unseen = catalog
        .split("id=\"unseen-errors\"")
        .nth(1)
        .expect("an unseen list");
    let unseen = unseen.split("</ul>").next().unwrap();
    // Seen entries are not listed, nor is the retired one.
    assert!(unseen.contains("contact_limit_reached"), "{unseen}");
    assert!(!unseen.contains("contact_archived"), "{unseen}");
    assert!(
        !unseen.contains("contact_not_found") && !unseen.contains("contact_email_taken"),
        "{unseen}"
    );
    assert!(
        catalog.contains("1 of 3 errors in use were not sent in the last 30 days."),
        "{catalog}"
    );

    // The queries name the catalog as services label it, and the entry for the chart.
    let asked = asked.lock().unwrap().clone();
    assert!(
        asked
            .iter()
            .all(|q| q.contains(r#"catalog="Contacts API""#)),
        "{asked:#?}"
    );
    assert!(
        asked
            .iter()
            .any(|q| q.contains(r#"entry="contact_not_found""#)),
        "{asked:#?}"
    );
    // Figures are kept for a while: the catalog page asked nothing new.
    assert_eq!(asked.len(), 4, "{asked:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_prometheus_leaves_a_note_and_the_page_renders() {
    // Accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let held = Arc::new(Mutex::new(Vec::new()));
    let holding = held.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            holding.lock().unwrap().push(socket);
        }
    });
    let app = portal(Prometheus::new(&url, Duration::from_millis(100)).unwrap());
    let rendered = tokio::time::timeout(
        Duration::from_secs(20),
        page(&app, "/catalogs/contacts/errors/contact_not_found"),
    )
    .await
    .expect("the page does not wait on Prometheus");
    assert!(
        rendered.contains(&format!("Live figures from Prometheus at {url} did not arrive within 100 ms; they will show when you reload.")),
        "{rendered}"
    );
    assert!(
        rendered.contains("<h2 id=\"message\">"),
        "the rest of the page is there"
    );
    let catalog = page(&app, "/catalogs/contacts").await;
    assert!(
        catalog.contains("did not arrive within 100 ms"),
        "{catalog}"
    );
    assert!(
        !catalog.contains("id=\"unseen-errors\""),
        "no figures, no lists: {catalog}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prometheus_that_is_down_is_noted() {
    let url = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let app = portal(Prometheus::new(&url, Duration::from_secs(5)).unwrap());
    let rendered = page(&app, "/catalogs/contacts/errors/contact_not_found").await;
    assert!(
        rendered.contains(&format!(
            "Live figures are unavailable: Prometheus at {url} gave no answer ("
        )),
        "{rendered}"
    );
}
