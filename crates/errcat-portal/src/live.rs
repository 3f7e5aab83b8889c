//! Live figures from a Prometheus server (`errcat serve --prometheus URL`):
//! how often each entry was sent in the last hour and day, when it was last
//! seen, its last 24 hours hour by hour, and which entries were not seen in
//! 30 days. The portal stays stateless: every figure is a PromQL query over
//! the counters the services export (see `errcat::telemetry`), so nothing
//! here grows with traffic.
//!
//! A page never waits on Prometheus for longer than its budget: figures are
//! fetched in the background and kept for [`FRESH_FOR`]; a page whose
//! figures are not in within the budget renders at once with a note, and
//! the figures show on a later load. A Prometheus that is down is noted
//! the same way.
//!
//! Counts are exact for counters that start at zero (each replica's do): an
//! hour's count is how much each series grew in the hour, or its whole
//! value if it appeared in that hour (PromQL's `increase` would extrapolate
//! and miss a burst sent before the first scrape). A replica that restarted
//! in the window counts from its restart.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use futures_util::FutureExt as _;
use futures_util::future::{BoxFuture, Shared};
use http_body_util::{BodyExt as _, Empty, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::Deserialize;

/// How long fetched figures are shown before they are fetched again.
pub const FRESH_FOR: Duration = Duration::from_secs(15);
/// The default time a page waits for figures before rendering without them.
pub const DEFAULT_BUDGET: Duration = Duration::from_millis(300);
/// The longest a fetch may take in the background.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// The most bytes read of one Prometheus answer.
const MAX_ANSWER_BYTES: usize = 8 << 20;
/// The window of "not seen in N days".
pub const UNSEEN_DAYS: u32 = 30;

/// The counter and gauge the services export.
const ERRORS_TOTAL: &str = "errcat_errors_total";
const LAST_SEEN: &str = "errcat_error_last_seen_timestamp_seconds";

/// Why a Prometheus URL cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum UrlError {
    /// Not a URL.
    #[error("`{url}` is not a URL: {reason}")]
    Malformed {
        /// The URL given.
        url: String,
        /// Why.
        reason: String,
    },
    /// Not `http://`.
    #[error(
        "`{0}`: errcat reads Prometheus over plain http (as on a cluster's network or through a local proxy); https is not supported yet"
    )]
    NotHttp(String),
}

/// A Prometheus server's HTTP API, with the figures fetched from it.
#[derive(Debug)]
pub struct Prometheus {
    base: String,
    client: Client<HttpConnector, Empty<Bytes>>,
    budget: Duration,
    catalogs: Cache<Arc<CatalogFigures>>,
    charts: Cache<Arc<Vec<u64>>>,
}

/// A catalog's figures, by entry id.
#[derive(Debug, Default)]
pub struct CatalogFigures {
    /// Errors sent in the last hour.
    pub last_hour: HashMap<String, u64>,
    /// Errors sent in the last 24 hours.
    pub last_day: HashMap<String, u64>,
    /// When each entry was last sent within [`UNSEEN_DAYS`], as a Unix time.
    pub last_seen: HashMap<String, f64>,
    /// When these figures were read, as a Unix time.
    pub read_at: f64,
}

/// What was sent of a catalog within a window, by entry id.
#[derive(Debug, Default)]
pub struct Sent {
    /// How many times each entry was sent (entries never sent are absent).
    pub counts: HashMap<String, u64>,
    /// When each was last sent, as a Unix time.
    pub last_seen: HashMap<String, f64>,
    /// When these figures were read, as a Unix time.
    pub read_at: f64,
}

/// Figures a page asked for that are not in.
#[derive(Debug, Clone)]
pub enum Missing {
    /// Not within the page's budget; a later load will have them.
    Late(Duration),
    /// Prometheus failed or could not be reached.
    Failed(String),
}

impl Prometheus {
    /// The server at `url` (`http://host:9090`, or with a path prefix),
    /// waited on for at most `budget` per page.
    pub fn new(url: &str, budget: Duration) -> Result<Prometheus, UrlError> {
        let uri: http::Uri =
            url.parse()
                .map_err(|error: http::uri::InvalidUri| UrlError::Malformed {
                    url: url.to_owned(),
                    reason: error.to_string(),
                })?;
        match uri.scheme_str() {
            Some("http") => {}
            Some(_) => return Err(UrlError::NotHttp(url.to_owned())),
            None => {
                return Err(UrlError::Malformed {
                    url: url.to_owned(),
                    reason: "it needs a scheme and host, as in http://127.0.0.1:9090".to_owned(),
                });
            }
        }
        if uri.query().is_some() {
            return Err(UrlError::Malformed {
                url: url.to_owned(),
                reason: "a query string has no place in it".to_owned(),
            });
        }
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(FETCH_TIMEOUT));
        Ok(Prometheus {
            base: url.trim_end_matches('/').to_owned(),
            client: Client::builder(TokioExecutor::new()).build(connector),
            budget,
            catalogs: Cache::default(),
            charts: Cache::default(),
        })
    }

    /// Where the server is.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// The figures of the catalog whose services label their metrics
    /// `catalog` (the catalog's name).
    pub async fn catalog(self: &Arc<Self>, catalog: &str) -> Result<Arc<CatalogFigures>, Missing> {
        let this = Arc::clone(self);
        let name = catalog.to_owned();
        self.catalogs
            .get(catalog, self.budget, move || async move {
                this.fetch_catalog(&name).await.map(Arc::new)
            })
            .await
    }

    /// Errors per hour of one entry over the last 24 hours, oldest first.
    pub async fn chart(
        self: &Arc<Self>,
        catalog: &str,
        entry: &str,
    ) -> Result<Arc<Vec<u64>>, Missing> {
        let this = Arc::clone(self);
        let (name, id) = (catalog.to_owned(), entry.to_owned());
        let key = format!("{catalog}\u{0}{entry}");
        self.charts
            .get(&key, self.budget, move || async move {
                this.fetch_chart(&name, &id).await.map(Arc::new)
            })
            .await
    }

    async fn fetch_catalog(&self, catalog: &str) -> Result<CatalogFigures, String> {
        let now = unix_now();
        let selector = format!("{ERRORS_TOTAL}{{catalog=\"{}\"}}", promql_string(catalog));
        let (hour_query, day_query) = (
            grown_within(&selector, "1h", "entry"),
            grown_within(&selector, "1d", "entry"),
        );
        let seen_query = format!(
            "max by (entry) (last_over_time({LAST_SEEN}{{catalog=\"{}\"}}[{UNSEEN_DAYS}d]))",
            promql_string(catalog)
        );
        let hour = self.query(&hour_query, now);
        let day = self.query(&day_query, now);
        let seen = self.query(&seen_query, now);
        let (hour, day, seen) = futures_util::future::join3(hour, day, seen).await;
        let counts = |samples: Vec<Sample>| -> HashMap<String, u64> {
            samples
                .into_iter()
                .filter_map(|sample| Some((sample.metric.entry?, count_of(sample.value.1)?)))
                .collect()
        };
        Ok(CatalogFigures {
            last_hour: counts(hour?),
            last_day: counts(day?),
            last_seen: seen?
                .into_iter()
                .filter_map(|sample| Some((sample.metric.entry?, sample.value.1.parse().ok()?)))
                .collect(),
            read_at: now,
        })
    }

    /// How many times each entry of `catalog` was sent within `window`
    /// (ending now), and when each was last sent; for `errcat audit`, which
    /// waits as long as the server takes.
    pub async fn sent_within(&self, catalog: &str, window: Duration) -> Result<Sent, String> {
        let now = unix_now();
        let range = format!("{}s", window.as_secs().max(1));
        let name = promql_string(catalog);
        let counted = grown_within(
            &format!("{ERRORS_TOTAL}{{catalog=\"{name}\"}}"),
            &range,
            "entry",
        );
        let seen =
            format!("max by (entry) (last_over_time({LAST_SEEN}{{catalog=\"{name}\"}}[{range}]))");
        let (counted, seen) =
            futures_util::future::join(self.query(&counted, now), self.query(&seen, now)).await;
        Ok(Sent {
            counts: counted?
                .into_iter()
                .filter_map(|sample| Some((sample.metric.entry?, count_of(sample.value.1)?)))
                .collect(),
            last_seen: seen?
                .into_iter()
                .filter_map(|sample| Some((sample.metric.entry?, sample.value.1.parse().ok()?)))
                .collect(),
            read_at: now,
        })
    }

    async fn fetch_chart(&self, catalog: &str, entry: &str) -> Result<Vec<u64>, String> {
        const HOURS: usize = 24;
        let now = unix_now();
        let selector = format!(
            "{ERRORS_TOTAL}{{catalog=\"{}\",entry=\"{}\"}}",
            promql_string(catalog),
            promql_string(entry)
        );
        let start = now - 3600.0 * (HOURS as f64 - 1.0);
        let series = self
            .query_range(&grown_within(&selector, "1h", ""), start, now, 3600.0)
            .await?;
        let mut hours = vec![0; HOURS];
        for (at, value) in series.into_iter().flat_map(|series| series.values) {
            let index = ((at - start) / 3600.0).round();
            if (0.0..HOURS as f64).contains(&index) {
                hours[index as usize] += count_of(value).unwrap_or(0);
            }
        }
        Ok(hours)
    }

    async fn query(&self, promql: &str, at: f64) -> Result<Vec<Sample>, String> {
        let time = format!("{at:.3}");
        let answer: Answer<Vec<Sample>> = self
            .get("query", &[("query", promql), ("time", &time)])
            .await?;
        answer.into_result()
    }

    async fn query_range(
        &self,
        promql: &str,
        start: f64,
        end: f64,
        step: f64,
    ) -> Result<Vec<Series>, String> {
        let (start, end, step) = (
            format!("{start:.3}"),
            format!("{end:.3}"),
            format!("{step}"),
        );
        let answer: Answer<Vec<Series>> = self
            .get(
                "query_range",
                &[
                    ("query", promql),
                    ("start", &start),
                    ("end", &end),
                    ("step", &step),
                ],
            )
            .await?;
        answer.into_result()
    }

    async fn get<T: for<'de> Deserialize<'de>>(
        &self,
        endpoint: &str,
        params: &[(&str, &str)],
    ) -> Result<T, String> {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        let url = format!("{}/api/v1/{endpoint}?{query}", self.base);
        let uri: http::Uri = url.parse().map_err(|error| format!("{url}: {error}"))?;
        let response = self
            .client
            .get(uri)
            .await
            .map_err(|error| describe_client_error(&error))?;
        let status = response.status();
        let body = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
            .collect()
            .await
            .map_err(|error| format!("reading its answer failed: {error}"))?
            .to_bytes();
        serde_json::from_slice(&body).map_err(|error| {
            format!("its answer (HTTP {status}) is not the Prometheus API's JSON: {error}")
        })
    }
}

/// `selector`'s growth in the last `window`, summed by `by` (nothing: one
/// sum): a series' growth where it is not negative, else (it appeared in
/// the window, or its replica restarted) its whole value.
fn grown_within(selector: &str, window: &str, by: &str) -> String {
    format!("sum by ({by}) (({selector} - {selector} offset {window} >= 0) or {selector})")
}

/// A PromQL string's contents.
fn promql_string(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A sample's value as a whole count.
fn count_of(value: String) -> Option<u64> {
    let value: f64 = value.parse().ok()?;
    value.is_finite().then(|| value.max(0.0).round() as u64)
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |elapsed| elapsed.as_secs_f64())
}

fn describe_client_error(error: &hyper_util::client::legacy::Error) -> String {
    use std::error::Error as _;
    let mut text = String::from("no answer");
    let mut source = error.source();
    while let Some(cause) = source {
        text = format!("no answer ({cause})");
        source = cause.source();
    }
    text
}

/// The Prometheus API's envelope.
#[derive(Debug, Deserialize)]
struct Answer<T> {
    status: String,
    data: Option<Data<T>>,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Data<T> {
    result: T,
}

impl<T> Answer<T> {
    fn into_result(self) -> Result<T, String> {
        match (self.status.as_str(), self.data, self.error) {
            ("success", Some(data), _) => Ok(data.result),
            (_, _, Some(error)) => Err(format!("it refused the query: {error}")),
            (status, _, None) => Err(format!("it answered with status `{status}` and no data")),
        }
    }
}

/// One sample of an instant vector.
#[derive(Debug, Deserialize)]
struct Sample {
    metric: Labels,
    value: (f64, String),
}

/// One series of a range query.
#[derive(Debug, Deserialize)]
struct Series {
    values: Vec<(f64, String)>,
}

#[derive(Debug, Deserialize)]
struct Labels {
    entry: Option<String>,
}

/// Figures by key, fetched in the background, shared by the pages that ask
/// at the same time, kept for [`FRESH_FOR`].
#[derive(Debug)]
struct Cache<T> {
    slots: Arc<Mutex<HashMap<String, Slot<T>>>>,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Cache {
            slots: Arc::default(),
        }
    }
}

type Fetched<T> = Result<T, String>;

struct Slot<T> {
    done: Option<(Instant, Fetched<T>)>,
    pending: Option<Shared<BoxFuture<'static, Fetched<T>>>>,
}

impl<T> std::fmt::Debug for Slot<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slot")
            .field("done", &self.done.is_some())
            .field("pending", &self.pending.is_some())
            .finish()
    }
}

impl<T: Clone + Send + Sync + 'static> Cache<T> {
    async fn get<F, Fut>(&self, key: &str, budget: Duration, fetch: F) -> Result<T, Missing>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Fetched<T>> + Send + 'static,
    {
        let (pending, stale) = {
            let mut slots = self
                .slots
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let slot = slots.entry(key.to_owned()).or_insert(Slot {
                done: None,
                pending: None,
            });
            if let Some((at, fetched)) = &slot.done
                && at.elapsed() < FRESH_FOR
            {
                return fetched.clone().map_err(Missing::Failed);
            }
            let pending = slot
                .pending
                .get_or_insert_with(|| {
                    // The fetch runs on its own task and keeps what it got,
                    // so a page that stops waiting still fills the cache.
                    let slots = Arc::clone(&self.slots);
                    let key = key.to_owned();
                    let fetch = fetch();
                    let task = tokio::spawn(async move {
                        let fetched = tokio::time::timeout(FETCH_TIMEOUT, fetch)
                            .await
                            .unwrap_or_else(|_| {
                                Err(format!("no answer in {} s", FETCH_TIMEOUT.as_secs()))
                            });
                        let mut slots = slots
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner());
                        if let Some(slot) = slots.get_mut(&key) {
                            slot.done = Some((Instant::now(), fetched.clone()));
                            slot.pending = None;
                        }
                        fetched
                    });
                    task.map(|joined| joined.unwrap_or_else(|error| Err(error.to_string())))
                        .boxed()
                        .shared()
                })
                .clone();
            let stale = slot
                .done
                .as_ref()
                .and_then(|(_, fetched)| fetched.clone().ok());
            (pending, stale)
        };
        match tokio::time::timeout(budget, pending).await {
            Ok(fetched) => fetched.map_err(Missing::Failed),
            // Older figures beat none while new ones are on their way.
            Err(_) => stale.ok_or(Missing::Late(budget)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_count_growth_and_escape_label_values() {
        assert_eq!(
            grown_within(
                r#"errcat_errors_total{catalog="Contacts API"}"#,
                "1h",
                "entry"
            ),
            r#"sum by (entry) ((errcat_errors_total{catalog="Contacts API"} - errcat_errors_total{catalog="Contacts API"} offset 1h >= 0) or errcat_errors_total{catalog="Contacts API"})"#
        );
        assert_eq!(promql_string(r#"a"b\c"#), r#"a\"b\\c"#);
        assert_eq!(
            promql_string("x\"} or vector(1) #"),
            "x\\\"} or vector(1) #"
        );
    }

    #[test]
    fn only_plain_http_urls_are_taken() {
        assert!(Prometheus::new("http://127.0.0.1:9090", DEFAULT_BUDGET).is_ok());
        assert!(matches!(
            Prometheus::new("https://prometheus.example", DEFAULT_BUDGET),
            Err(UrlError::NotHttp(_))
        ));
        assert!(matches!(
            Prometheus::new("127.0.0.1:9090", DEFAULT_BUDGET),
            Err(UrlError::Malformed { .. })
        ));
        assert!(matches!(
            Prometheus::new("http://a b", DEFAULT_BUDGET),
            Err(UrlError::Malformed { .. })
        ));
    }

    #[test]
    fn counts_are_whole_and_never_negative() {
        assert_eq!(count_of("3".into()), Some(3));
        assert_eq!(count_of("2.9999999".into()), Some(3));
        assert_eq!(count_of("-1".into()), Some(0));
        assert_eq!(count_of("NaN".into()), None);
        assert_eq!(count_of("+Inf".into()), None);
    }
}
