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
//! Each series counts what it grew in a window, including replicas that
//! have gone since (see [`sent_query`]); the queries are checked by
//! Prometheus's own engine in `tests/promql.rs`.

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
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
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
    /// With a user or password, which pages would show.
    #[error(
        "credentials in a Prometheus URL are not supported (pages would show them); put Prometheus behind a proxy that adds them"
    )]
    Credentials,
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
        if uri
            .authority()
            .is_some_and(|authority| authority.as_str().contains('@'))
        {
            return Err(UrlError::Credentials);
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
        let (hour_query, day_query, seen_query) = (
            sent_query(catalog, HOUR),
            sent_query(catalog, DAY),
            last_seen_query(
                catalog,
                Duration::from_secs(u64::from(UNSEEN_DAYS) * DAY.as_secs()),
            ),
        );
        let hour = self.query(&hour_query);
        let day = self.query(&day_query);
        let seen = self.query(&seen_query);
        let (hour, day, seen) = futures_util::future::join3(hour, day, seen).await;
        Ok(CatalogFigures {
            last_hour: counts(hour?),
            last_day: counts(day?),
            last_seen: times(seen?),
            read_at: unix_now(),
        })
    }

    /// How many times each entry of `catalog` was sent within `window`
    /// (ending now), and when each was last sent; for `errcat audit`, which
    /// waits for the server up to [`FETCH_TIMEOUT`].
    pub async fn sent_within(&self, catalog: &str, window: Duration) -> Result<Sent, String> {
        let (counted, seen) = (
            sent_query(catalog, window),
            last_seen_query(catalog, window),
        );
        let both = futures_util::future::join(self.query(&counted), self.query(&seen));
        let (counted, seen) = tokio::time::timeout(FETCH_TIMEOUT, both)
            .await
            .map_err(|_| format!("no answer in {} s", FETCH_TIMEOUT.as_secs()))?;
        Ok(Sent {
            counts: counts(counted?),
            last_seen: times(seen?),
            read_at: unix_now(),
        })
    }

    async fn fetch_chart(&self, catalog: &str, entry: &str) -> Result<Vec<u64>, String> {
        const HOURS: usize = 24;
        let now = unix_now();
        let start = now - 3600.0 * (HOURS as f64 - 1.0);
        let series = self
            .query_range(&hourly_query(catalog, entry), start, now, 3600.0)
            .await?;
        let mut hours = vec![0_u64; HOURS];
        for (at, value) in series.into_iter().flat_map(|series| series.values) {
            let index = ((at - start) / 3600.0).round();
            if (0.0..HOURS as f64).contains(&index) {
                let hour = &mut hours[index as usize];
                *hour = hour.saturating_add(count_of(value).unwrap_or(0));
            }
        }
        Ok(hours)
    }

    /// An instant query, at Prometheus's own time (the portal's clock may differ).
    async fn query(&self, promql: &str) -> Result<Vec<Sample>, String> {
        let answer: Answer<Vec<Sample>> = self.get("query", &[("query", promql)]).await?;
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

/// An hour and a day, the windows pages show.
const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(86_400);

/// PromQL: how many errors each entry of `catalog` sent in the last `window`.
///
/// Each series counts what it grew in the window: its last value in the
/// window less its last value in the five minutes before the window (a
/// failed scrape just then does not lose the start), or its last value when
/// it appeared within the window (a new replica) or its counter restarted
/// in it (then what it sent since the restart). A replica that has gone
/// since (a rolling deploy) still counts, through its last value.
/// `increase()` is not used: it extrapolates, and misses a burst sent
/// before the first scrape.
pub fn sent_query(catalog: &str, window: Duration) -> String {
    let selector = format!("{ERRORS_TOTAL}{{catalog=\"{}\"}}", promql_string(catalog));
    format!("sum by (entry) ({})", grown(&selector, window))
}

/// PromQL: when each entry of `catalog` was last sent within `window`, as
/// a Unix time (a gauge keeps its value while its process lives, so an
/// older time is left out).
pub fn last_seen_query(catalog: &str, window: Duration) -> String {
    let seconds = window.as_secs().max(1);
    format!(
        "max by (entry) (last_over_time({LAST_SEEN}{{catalog=\"{}\"}}[{seconds}s])) > time() - {seconds}",
        promql_string(catalog)
    )
}

/// PromQL: one entry's errors in the hour before each step (a chart's bars).
pub fn hourly_query(catalog: &str, entry: &str) -> String {
    let selector = format!(
        "{ERRORS_TOTAL}{{catalog=\"{}\",entry=\"{}\"}}",
        promql_string(catalog),
        promql_string(entry)
    );
    format!("sum ({})", grown(&selector, HOUR))
}

/// Each series' growth in `window` (see [`sent_query`]).
fn grown(selector: &str, window: Duration) -> String {
    let seconds = window.as_secs().max(1);
    format!(
        "(last_over_time({selector}[{seconds}s]) - last_over_time({selector}[5m] offset {seconds}s) >= 0 unless resets({selector}[{seconds}s]) > 0) or last_over_time({selector}[{seconds}s])"
    )
}

/// Samples as counts by entry.
fn counts(samples: Vec<Sample>) -> HashMap<String, u64> {
    samples
        .into_iter()
        .filter_map(|sample| Some((sample.metric.entry?, count_of(sample.value.1)?)))
        .collect()
}

/// Samples as Unix times by entry.
fn times(samples: Vec<Sample>) -> HashMap<String, f64> {
    samples
        .into_iter()
        .filter_map(|sample| {
            let time: f64 = sample.value.1.parse().ok()?;
            time.is_finite().then_some((sample.metric.entry?, time))
        })
        .collect()
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

/// A sample's value as a whole count (at most 2^53, where a float still
/// counts by ones).
fn count_of(value: String) -> Option<u64> {
    const MOST: f64 = 9_007_199_254_740_992.0;
    let value: f64 = value.parse().ok()?;
    value
        .is_finite()
        .then(|| value.clamp(0.0, MOST).round() as u64)
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

/// Ends a fetch's slot: with what it fetched, or, should the fetch panic,
/// with an error (never a fetch pending for good).
struct Settle<T> {
    slots: Arc<Mutex<HashMap<String, Slot<T>>>>,
    key: String,
    settled: bool,
}

impl<T> Settle<T> {
    fn with(mut self, fetched: Fetched<T>) {
        self.put(fetched);
        self.settled = true;
    }

    fn put(&self, fetched: Fetched<T>) {
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(slot) = slots.get_mut(&self.key) {
            slot.done = Some((Instant::now(), fetched));
            slot.pending = None;
        }
    }
}

impl<T> Drop for Settle<T> {
    fn drop(&mut self) {
        if !self.settled {
            self.put(Err("a failed fetch".to_owned()));
        }
    }
}

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
                        // Made on the task, so it never runs its `Drop` (which
                        // takes the lock) while the lock is held here.
                        let settle = Settle {
                            slots,
                            key,
                            settled: false,
                        };
                        let fetched = tokio::time::timeout(FETCH_TIMEOUT, fetch)
                            .await
                            .unwrap_or_else(|_| {
                                Err(format!("no answer in {} s", FETCH_TIMEOUT.as_secs()))
                            });
                        settle.with(fetched.clone());
                        fetched
                    });
                    task.map(|joined| {
                        joined.unwrap_or_else(|error| Err(format!("a failed fetch ({error})")))
                    })
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
            sent_query("Contacts API", HOUR),
            r#"sum by (entry) ((last_over_time(errcat_errors_total{catalog="Contacts API"}[3600s]) - last_over_time(errcat_errors_total{catalog="Contacts API"}[5m] offset 3600s) >= 0 unless resets(errcat_errors_total{catalog="Contacts API"}[3600s]) > 0) or last_over_time(errcat_errors_total{catalog="Contacts API"}[3600s]))"#
        );
        assert_eq!(
            last_seen_query("Contacts API", DAY),
            r#"max by (entry) (last_over_time(errcat_error_last_seen_timestamp_seconds{catalog="Contacts API"}[86400s])) > time() - 86400"#
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
        assert!(matches!(
            Prometheus::new("http://admin:secret@127.0.0.1:9090", DEFAULT_BUDGET),
            Err(UrlError::Credentials)
        ));
    }

    #[test]
    fn counts_are_whole_and_never_negative() {
        assert_eq!(count_of("3".into()), Some(3));
        assert_eq!(count_of("2.9999999".into()), Some(3));
        assert_eq!(count_of("-1".into()), Some(0));
        assert_eq!(count_of("NaN".into()), None);
        assert_eq!(count_of("+Inf".into()), None);
        assert_eq!(count_of("1e300".into()), Some(1 << 53));
    }
}
