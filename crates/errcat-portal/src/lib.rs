//! The portal behind `errcat serve`: a home page with one search box, a page
//! per catalog and per entry (the same templates as `errcat docs`), search
//! results at `/?q=`, and a JSON API whose own errors are errcat errors.
//!
//! | route | answer |
//! |---|---|
//! | `/` , `/?q=...` | home, with search results when `q` is given |
//! | `/catalogs/{catalog}?status=&group=&filter=` | a catalog's page, its table filtered |
//! | `/catalogs/{catalog}/errors/{id}` | an entry's page (the id, or its slug) |
//! | `/catalogs/{catalog}/{locale}`, `/catalogs/{catalog}/{locale}/errors/{id}` | the same pages in a translation (`fr`), as the static site lays them out |
//! | `/api/v1/catalogs` | catalogs with counts |
//! | `/api/v1/catalogs/{catalog}/errors/{id}` | an entry, as JSON |
//! | `/api/v1/catalogs/{catalog}/{locale}/errors/{id}` | an entry in a translation, as JSON |
//! | `/api/v1/search?q=` | search hits, as JSON |
//! | `/healthz` | `{"status": "ok"}` |
//! | `/style.css`, `/favicon.svg` | the stylesheet and the icon (pages also embed the icon) |
//!
//! Limits (each answered with a problem document from `portal.toml`, with the
//! request ID): a search query of at most
//! [`search::MAX_QUERY_BYTES`] bytes and [`search::MAX_QUERY_TERMS`] words
//! (`query_too_long`, `too_many_terms`, 400); request headers of at most
//! [`MAX_HEADER_BYTES`] bytes and [`MAX_HEADER_COUNT`] fields
//! (`headers_too_large`, 431).
//!
//! A language in a path is matched as `Accept-Language` is (RFC 4647
//! lookup). One the catalog does not speak is answered with
//! `locale_not_found` (404), which lists the ones it does; the catalog's own
//! language, or another spelling of a translation's tag (`FR`, `fr-CA`), is
//! redirected (308) to the page's one address.

use std::sync::{Arc, LazyLock};
use std::time::Instant;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use errcat_docs::{CatalogCard, CatalogView, EntryFilter, EntryView, Links, SearchHit};
use errcat_runtime::axum::{ErrorLayer, Json, Path, Query};
use errcat_runtime::{ApiError, CompiledCatalog, Profile, RequestId};
use serde::Deserialize;

pub mod live;
pub mod search;

pub use search::DEFAULT_LIMIT;
use search::{QueryError, SearchIndex};

static PORTAL_ERRORS: LazyLock<CompiledCatalog> = LazyLock::new(|| {
    let source =
        errcat_catalog::SourceFile::new("<portal>/portal.toml", include_str!("portal.toml"));
    errcat_runtime::compile(source).unwrap_or_else(|error| panic!("portal catalog: {error}"))
});

fn portal_error(id: &str) -> ApiError {
    PORTAL_ERRORS.error(id).expect("portal error ids exist")
}

/// A refused query, as the portal's own error.
fn query_error(error: QueryError) -> ApiError {
    match error {
        QueryError::TooLong { bytes, max } => portal_error("query_too_long")
            .arg("bytes", bytes)
            .arg("max_bytes", max),
        QueryError::TooManyTerms { terms, max } => portal_error("too_many_terms")
            .arg("terms", terms)
            .arg("max_terms", max),
        // The search module may learn new refusals; each says what it is.
        other => portal_error("query_refused").arg("reason", other.to_string()),
    }
}

/// Everything the portal serves, built once at start.
#[derive(Debug)]
pub struct Portal {
    catalogs: Vec<CatalogView>,
    /// The catalogs as written (by slug), for the OpenAPI document and clients;
    /// empty when the portal was built from views alone.
    sources: Vec<(String, CompiledCatalog)>,
    cards: Vec<CatalogCard>,
    index: SearchIndex,
    templates: minijinja::Environment<'static>,
    /// Where live figures come from, when pages show them.
    prometheus: Option<Arc<live::Prometheus>>,
}

impl Portal {
    /// Builds pages' views and the search index for `catalogs` (slug, catalog).
    pub fn new(catalogs: &[(String, CompiledCatalog)]) -> Portal {
        let views: Vec<CatalogView> = catalogs
            .iter()
            .map(|(slug, catalog)| errcat_docs::catalog_view(slug, catalog, Profile::built_in()))
            .collect();
        Portal {
            sources: catalogs.to_vec(),
            ..Portal::from_views(views)
        }
    }

    /// Builds the portal over views already made.
    pub fn from_views(catalogs: Vec<CatalogView>) -> Portal {
        let index = SearchIndex::of_views(&catalogs);
        let cards = catalogs.iter().map(CatalogCard::of).collect();
        Portal {
            catalogs,
            sources: Vec::new(),
            cards,
            index,
            templates: errcat_docs::environment(),
            prometheus: None,
        }
    }

    /// Shows live figures from `prometheus` on catalog and entry pages.
    pub fn with_prometheus(mut self, prometheus: live::Prometheus) -> Portal {
        self.prometheus = Some(Arc::new(prometheus));
        self
    }

    /// The best [`DEFAULT_LIMIT`] search hits for `query`, as pages and the API show them.
    pub fn search(&self, query: &str) -> Result<Vec<SearchHit>, QueryError> {
        self.search_up_to(query, DEFAULT_LIMIT)
    }

    /// The best `limit` search hits for `query`.
    pub fn search_up_to(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, QueryError> {
        self.search_counted(query, limit).map(|(hits, _)| hits)
    }

    /// [`Portal::search_up_to`], with how many entries matched in all (the
    /// hits are the best `limit` of them).
    pub fn search_counted(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<(Vec<SearchHit>, usize), QueryError> {
        let (hits, work) = self.index.search_counting(query, limit)?;
        let hits = hits
            .into_iter()
            .map(|hit| {
                let catalog = self.catalogs[hit.at.catalog]
                    .in_locale(hit.at.locale)
                    .expect("hits come from the catalogs' views");
                let entry = &catalog.entries[hit.at.entry];
                SearchHit {
                    catalog: catalog.slug.clone(),
                    catalog_name: catalog.name.clone(),
                    id: entry.id.clone(),
                    slug: entry.slug.clone(),
                    code: entry.code.clone(),
                    status: entry.status,
                    heading: entry.heading.clone(),
                    snippet: entry
                        .message_readable
                        .clone()
                        .filter(|m| *m != entry.heading),
                    translation: catalog.translation.clone(),
                }
            })
            .collect();
        Ok((hits, work.matched))
    }

    fn catalog(&self, slug: &str) -> Result<&CatalogView, ApiError> {
        self.catalogs
            .iter()
            .find(|c| c.slug == slug)
            .ok_or_else(|| portal_error("catalog_not_found").arg("catalog", slug))
    }

    fn entry<'a>(
        &'a self,
        slug: &str,
        id: &str,
    ) -> Result<(&'a CatalogView, &'a EntryView), ApiError> {
        let catalog = self.catalog(slug)?;
        let at = self.entry_index(catalog, slug, id)?;
        Ok((catalog, &catalog.entries[at]))
    }

    /// The catalog `slug` in the language `locale` names (see
    /// [`errcat_docs::locale_of`]).
    fn in_locale(&self, slug: &str, locale: &str) -> Result<InLocale<'_>, ApiError> {
        let catalog = self.catalog(slug)?;
        let unknown = || {
            let locales: Vec<&str> = catalog.locales.iter().map(|l| l.tag.as_str()).collect();
            portal_error("locale_not_found")
                .arg("catalog", slug)
                .arg("locale", locale)
                .arg("locales", locales.join(", "))
        };
        let index = catalog.locale_index(locale).ok_or_else(unknown)?;
        let view = catalog.in_locale(index).ok_or_else(unknown)?;
        Ok(match &view.translation {
            Some(tag) if tag == locale => InLocale::Here(view),
            _ => InLocale::Elsewhere(view),
        })
    }
}

/// A catalog in a language a path names: the page, or where that page is.
enum InLocale<'a> {
    /// The path names a translation as it is written.
    Here(&'a CatalogView),
    /// The path names a translation otherwise (`FR`, `fr-CA`), or names the
    /// catalog's own language: the page has one address, this view's.
    Elsewhere(&'a CatalogView),
}

/// How many entries a catalog page lists as its top errors.
const TOP_ERRORS: usize = 10;

/// What a page says when live figures are not in.
fn missing_note(prometheus: &live::Prometheus, missing: &live::Missing) -> String {
    match missing {
        live::Missing::Late(budget) => format!(
            "Live figures from Prometheus at {} did not arrive within {} ms; they will show when you reload.",
            prometheus.url(),
            budget.as_millis()
        ),
        live::Missing::Failed(reason) => format!(
            "Live figures are unavailable: Prometheus at {} gave {reason}.",
            prometheus.url()
        ),
    }
}

impl Portal {
    /// Where in `catalog` the entry with `id` (or that slug) is; else the
    /// error, suggesting the entry a mistyped id most likely means.
    fn entry_index(&self, catalog: &CatalogView, slug: &str, id: &str) -> Result<usize, ApiError> {
        let entries = &catalog.entries;
        entries
            .iter()
            .position(|e| e.id == id)
            .or_else(|| entries.iter().position(|e| e.slug == id))
            .ok_or_else(|| {
                let error = portal_error("entry_not_found")
                    .arg("catalog", slug)
                    .arg("id", id);
                match self.nearest_entry(catalog, id) {
                    Some(near) => error.suggestion(format!(
                        "Did you mean `{}`? It is at {}/errors/{}.",
                        near.id,
                        catalog_path(catalog),
                        encode_segment(&near.slug)
                    )),
                    None => error,
                }
            })
    }

    /// The entry of `catalog` a mistyped id (or its wire code, or any case
    /// of it) most likely means: the best hit in it of the typo-tolerant
    /// search, whose work is bounded however long `id` is.
    fn nearest_entry<'a>(&self, catalog: &'a CatalogView, id: &str) -> Option<&'a EntryView> {
        let hits = self.search_up_to(id, SUGGESTION_HITS).ok()?;
        hits.iter()
            .filter(|hit| hit.catalog == catalog.slug)
            .find_map(|hit| catalog.entries.iter().find(|entry| entry.id == hit.id))
    }
}

/// Search hits looked through for an entry of the catalog asked for.
const SUGGESTION_HITS: usize = 10;

/// The portal path of `catalog`'s page (`/catalogs/contacts/fr`), each
/// segment percent-encoded.
fn catalog_path(catalog: &CatalogView) -> String {
    let mut path = format!("/catalogs/{}", encode_segment(&catalog.slug));
    if let Some(locale) = &catalog.translation {
        path.push('/');
        path.push_str(&encode_segment(locale));
    }
    path
}

/// A path segment with every byte but RFC 3986's unreserved ones percent-encoded.
fn encode_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// A permanent redirect to `path`, keeping the request's query.
fn moved(path: String, uri: &Uri) -> Response {
    let location = match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    (
        StatusCode::PERMANENT_REDIRECT,
        [(header::LOCATION, location)],
    )
        .into_response()
}

/// The portal's routes, behind errcat's own layer (problem profile) and a request log.
pub fn router(portal: Arc<Portal>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/catalogs/{catalog}", get(catalog_page))
        .route("/catalogs/{catalog}/errors/{id}", get(entry_page))
        .route("/catalogs/{catalog}/{locale}", get(translated_catalog_page))
        .route(
            "/catalogs/{catalog}/{locale}/errors/{id}",
            get(translated_entry_page),
        )
        .route(
            "/style.css",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
                    errcat_docs::STYLE_CSS,
                )
            }),
        )
        .route(
            "/favicon.svg",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "image/svg+xml")],
                    errcat_docs::FAVICON_SVG,
                )
            }),
        )
        .route("/api/v1/catalogs", get(api_catalogs))
        .route("/api/v1/catalogs/{catalog}/errors", get(api_entries))
        .route("/api/v1/catalogs/{catalog}/errors/{id}", get(api_entry))
        .route(
            "/api/v1/catalogs/{catalog}/{locale}/errors/{id}",
            get(api_translated_entry),
        )
        .route("/api/v1/search", get(api_search))
        .route("/api/v1/catalogs/{catalog}/openapi.json", get(api_openapi))
        .route("/api/v1/catalogs/{catalog}/client.ts", get(api_client_ts))
        .route("/api/v1/catalogs/{catalog}/client.py", get(api_client_py))
        .route(
            "/healthz",
            get(|| async { axum::Json(serde_json::json!({"status": "ok"})) }),
        )
        .fallback(unknown_page)
        .with_state(portal)
        .layer(middleware::from_fn(request_log))
        .layer(ErrorLayer::new(PORTAL_ERRORS.clone(), Profile::PROBLEM))
}

/// Most bytes of request headers the portal reads: errcat's layer answers
/// more with the portal's `headers_too_large` (431) problem document.
pub const MAX_HEADER_BYTES: usize = errcat_runtime::axum::MAX_HEADER_BYTES;
/// Most header fields the portal reads, likewise.
pub const MAX_HEADER_COUNT: usize = errcat_runtime::axum::MAX_HEADER_COUNT;

/// One log line per request, with its request ID.
async fn request_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let request_id = RequestId::current()
        .map(|id| id.to_string())
        .unwrap_or_default();
    let response = next.run(request).await;
    tracing::info!(%method, %path, status = response.status().as_u16(), request_id, micros = started.elapsed().as_micros() as u64, "request");
    response
}

#[derive(Debug, Deserialize)]
struct SearchParams {
    q: Option<String>,
}

fn page(result: Result<String, minijinja::Error>) -> Response {
    match result {
        Ok(html) => Html(html).into_response(),
        Err(error) => errcat_runtime::framework::catalog()
            .error("internal_error")
            .expect("framework errors exist")
            .source(error)
            .into_response(),
    }
}

async fn home(
    State(portal): State<Arc<Portal>>,
    Query(params): Query<SearchParams>,
    headers: HeaderMap,
    request_id: Option<RequestId>,
) -> Response {
    let query = params.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let found = match query
        .map(|q| portal.search_counted(q, DEFAULT_LIMIT))
        .transpose()
    {
        Ok(found) => found,
        Err(error) => {
            let error = query_error(error);
            return page_error(&portal, &headers, request_id.as_ref(), error, "");
        }
    };
    let search =
        query
            .zip(found.as_ref())
            .map(|(query, (hits, matched))| errcat_docs::SearchResults {
                query,
                hits,
                matched: *matched,
            });
    page(errcat_docs::render_index(
        &portal.templates,
        &Links::PORTAL,
        &portal.cards,
        search,
    ))
}

/// Whether the client reads HTML (a browser) rather than JSON.
fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// A page's error: an HTML page with the nearest entries for browsers, the
/// problem document for everyone else.
fn page_error(
    portal: &Portal,
    headers: &HeaderMap,
    request_id: Option<&RequestId>,
    error: ApiError,
    near: &str,
) -> Response {
    if !wants_html(headers) {
        return error.into_response();
    }
    // A name too long to be a query suggests nothing.
    let hits = portal.search_up_to(near, 5).unwrap_or_default();
    let request_id = request_id.map(RequestId::as_str).unwrap_or_default();
    let html = errcat_docs::render_not_found(
        &portal.templates,
        &Links::PORTAL,
        &error.message(),
        &hits,
        request_id,
    );
    let mut response = page(html);
    *response.status_mut() = error.status();
    response
}

/// An unknown path: one with a trailing slash redirects to the path without
/// it; any other is the framework's `route_not_found`, as a page for a
/// browser (with the entries its last segment may mean), as the portal's
/// other 404s are, and as the problem document for anyone else.
async fn unknown_page(
    State(portal): State<Arc<Portal>>,
    method: axum::http::Method,
    uri: Uri,
    headers: HeaderMap,
    request_id: Option<RequestId>,
) -> Response {
    // `/catalogs/clerk/` is the page without the slash. Never `//host` (or
    // `/\\host`, which browsers read alike): such a Location is another site.
    let trimmed = uri.path().trim_end_matches('/');
    let reading = method == axum::http::Method::GET || method == axum::http::Method::HEAD;
    let elsewhere = trimmed.starts_with("//") || trimmed.contains('\\');
    if reading && !trimmed.is_empty() && trimmed != uri.path() && !elsewhere {
        let target = match uri.query() {
            Some(query) => format!("{trimmed}?{query}"),
            None => trimmed.to_owned(),
        };
        return axum::response::Redirect::permanent(&target).into_response();
    }
    let error = errcat_runtime::axum::route_not_found(&method, uri.path());
    let near = uri.path().rsplit('/').find(|segment| !segment.is_empty());
    page_error(
        &portal,
        &headers,
        request_id.as_ref(),
        error,
        near.unwrap_or_default(),
    )
}

async fn catalog_page(
    State(portal): State<Arc<Portal>>,
    Path(slug): Path<String>,
    Query(filter): Query<EntryFilter>,
    headers: HeaderMap,
    request_id: Option<RequestId>,
) -> Response {
    match portal.catalog(&slug) {
        Ok(catalog) => page(errcat_docs::render_catalog_filtered(
            &portal.templates,
            &Links::PORTAL,
            catalog,
            &filter,
            portal.catalog_live(catalog).await.as_ref(),
        )),
        Err(error) => page_error(&portal, &headers, request_id.as_ref(), error, &slug),
    }
}

async fn entry_page(
    State(portal): State<Arc<Portal>>,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
    request_id: Option<RequestId>,
) -> Response {
    match portal.entry(&slug, &id) {
        Ok((catalog, entry)) => page(errcat_docs::render_entry(
            &portal.templates,
            &Links::PORTAL,
            catalog,
            entry,
            portal.entry_live(catalog, entry).await.as_ref(),
        )),
        Err(error) => page_error(&portal, &headers, request_id.as_ref(), error, &id),
    }
}

async fn translated_catalog_page(
    State(portal): State<Arc<Portal>>,
    Path((slug, locale)): Path<(String, String)>,
    Query(filter): Query<EntryFilter>,
    uri: Uri,
    headers: HeaderMap,
    request_id: Option<RequestId>,
) -> Response {
    match portal.in_locale(&slug, &locale) {
        Ok(InLocale::Here(catalog)) => page(errcat_docs::render_catalog_filtered(
            &portal.templates,
            &Links::PORTAL,
            catalog,
            &filter,
            portal.catalog_live(catalog).await.as_ref(),
        )),
        Ok(InLocale::Elsewhere(catalog)) => moved(catalog_path(catalog), &uri),
        Err(error) => page_error(&portal, &headers, request_id.as_ref(), error, ""),
    }
}

async fn translated_entry_page(
    State(portal): State<Arc<Portal>>,
    Path((slug, locale, id)): Path<(String, String, String)>,
    uri: Uri,
    headers: HeaderMap,
    request_id: Option<RequestId>,
) -> Response {
    let found = portal.in_locale(&slug, &locale).and_then(|found| {
        let catalog = match found {
            InLocale::Here(catalog) | InLocale::Elsewhere(catalog) => catalog,
        };
        let at = portal.entry_index(catalog, &slug, &id)?;
        Ok((found, &catalog.entries[at]))
    });
    match found {
        Ok((InLocale::Here(catalog), entry)) => page(errcat_docs::render_entry(
            &portal.templates,
            &Links::PORTAL,
            catalog,
            entry,
            portal.entry_live(catalog, entry).await.as_ref(),
        )),
        Ok((InLocale::Elsewhere(catalog), entry)) => moved(
            format!(
                "{}/errors/{}",
                catalog_path(catalog),
                encode_segment(&entry.slug)
            ),
            &uri,
        ),
        Err(error) => page_error(&portal, &headers, request_id.as_ref(), error, &id),
    }
}

async fn api_catalogs(State(portal): State<Arc<Portal>>) -> Json<Vec<CatalogCard>> {
    Json(portal.cards.clone())
}

/// An entry as a catalog's list shows it (`GET /api/v1/catalogs/{catalog}/errors`).
#[derive(Debug, serde::Serialize)]
struct EntrySummary<'a> {
    id: &'a str,
    code: &'a str,
    status: Option<u16>,
    heading: &'a str,
    /// Where the whole entry is, as JSON.
    url: String,
}

/// A catalog's entries, in its order: where each one is, for a client to
/// read the ones it wants.
async fn api_entries(
    State(portal): State<Arc<Portal>>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let catalog = portal.catalog(&slug)?;
    let entries: Vec<EntrySummary<'_>> = catalog
        .entries
        .iter()
        .map(|entry| EntrySummary {
            id: &entry.id,
            code: &entry.code,
            status: entry.status,
            heading: &entry.heading,
            url: format!(
                "/api/v1/catalogs/{}/errors/{}",
                encode_segment(&catalog.slug),
                encode_segment(&entry.slug)
            ),
        })
        .collect();
    Ok(Json(entries).into_response())
}

async fn api_entry(
    State(portal): State<Arc<Portal>>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Json<EntryView>, ApiError> {
    let (_, entry) = portal.entry(&slug, &id)?;
    Ok(Json(entry.clone()))
}

/// An entry in a translation, as JSON: the language is matched as a page's
/// (`FR` and `fr-CA` give `fr`; the catalog's own gives its own text), and
/// the view says which it is in (`locale`, `untranslated`, `stale`).
async fn api_translated_entry(
    State(portal): State<Arc<Portal>>,
    Path((slug, locale, id)): Path<(String, String, String)>,
) -> Result<Json<EntryView>, ApiError> {
    let (InLocale::Here(catalog) | InLocale::Elsewhere(catalog)) =
        portal.in_locale(&slug, &locale)?;
    let at = portal.entry_index(catalog, &slug, &id)?;
    Ok(Json(catalog.entries[at].clone()))
}

/// Live figures for pages, when the portal reads Prometheus.
impl Portal {
    /// The name a catalog's services label their metrics with.
    fn metric_name(&self, slug: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|(name, _)| name == slug)
            .map(|(_, catalog)| catalog.catalog().catalog.name.as_str())
    }

    async fn catalog_live(&self, catalog: &CatalogView) -> Option<errcat_docs::live::CatalogLive> {
        let prometheus = self.prometheus.as_ref()?;
        let name = self.metric_name(&catalog.slug)?;
        let mut live = errcat_docs::live::CatalogLive {
            unseen_days: live::UNSEEN_DAYS,
            ..Default::default()
        };
        let figures = match prometheus.catalog(name).await {
            Ok(figures) => figures,
            Err(missing) => {
                live.note = Some(missing_note(prometheus, &missing));
                return Some(live);
            }
        };
        let row = |entry: &EntryView| errcat_docs::live::LiveRow {
            id: entry.id.clone(),
            slug: entry.slug.clone(),
            heading: entry.heading.clone(),
            last_hour: figures.last_hour.get(&entry.id).copied().unwrap_or(0),
            last_day: figures.last_day.get(&entry.id).copied().unwrap_or(0),
        };
        live.top = catalog
            .entries
            .iter()
            .map(row)
            .filter(|row| row.last_hour > 0)
            .collect();
        live.top.sort_by(|a, b| {
            b.last_hour
                .cmp(&a.last_hour)
                .then(b.last_day.cmp(&a.last_day))
        });
        live.top.truncate(TOP_ERRORS);
        // A retired entry is not sent by design: it is not news that it was not seen.
        live.unseen = catalog
            .entries
            .iter()
            .filter(|entry| entry.retired.is_none() && !figures.last_seen.contains_key(&entry.id))
            .map(row)
            .collect();
        Some(live)
    }

    async fn entry_live(
        &self,
        catalog: &CatalogView,
        entry: &EntryView,
    ) -> Option<errcat_docs::live::EntryLive> {
        let prometheus = self.prometheus.as_ref()?;
        let name = self.metric_name(&catalog.slug)?;
        let (figures, chart) =
            futures_util::future::join(prometheus.catalog(name), prometheus.chart(name, &entry.id))
                .await;
        let mut live = errcat_docs::live::EntryLive::default();
        match (figures, chart) {
            (Ok(figures), Ok(chart)) => {
                live.last_hour = figures.last_hour.get(&entry.id).copied().unwrap_or(0);
                live.last_day = figures.last_day.get(&entry.id).copied().unwrap_or(0);
                if let Some(&seen) = figures.last_seen.get(&entry.id) {
                    live.last_seen = Some(errcat_docs::live::utc_time(seen as i64));
                    live.last_seen_ago =
                        Some(errcat_docs::live::ago((figures.read_at - seen) as i64));
                }
                live.chart_svg = errcat_docs::live::hourly_chart(&chart);
            }
            (Err(missing), _) | (_, Err(missing)) => {
                live.note = Some(missing_note(prometheus, &missing));
            }
        }
        Some(live)
    }

    fn source(&self, slug: &str) -> Result<&CompiledCatalog, ApiError> {
        self.sources
            .iter()
            .find(|(name, _)| name == slug)
            .map(|(_, catalog)| catalog)
            .ok_or_else(|| portal_error("catalog_not_found").arg("catalog", slug))
    }
}

async fn api_openapi(
    State(portal): State<Arc<Portal>>,
    Path(slug): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let catalog = portal.source(&slug)?;
    let described = errcat_docs::openapi::Described {
        slug: &slug,
        catalog,
    };
    Ok(Json(errcat_docs::openapi::document(&[described], None)))
}

async fn api_client_ts(
    state: State<Arc<Portal>>,
    slug: Path<String>,
) -> Result<Response, ApiError> {
    client(state, slug, errcat_docs::clients::Language::TypeScript)
}

async fn api_client_py(
    state: State<Arc<Portal>>,
    slug: Path<String>,
) -> Result<Response, ApiError> {
    client(state, slug, errcat_docs::clients::Language::Python)
}

/// A client module for the catalog, in its own profile, as `errcat gen` writes it.
fn client(
    State(portal): State<Arc<Portal>>,
    Path(slug): Path<String>,
    language: errcat_docs::clients::Language,
) -> Result<Response, ApiError> {
    let compiled = portal.source(&slug)?;
    let module = errcat_docs::clients::generate(compiled.catalog(), compiled.profile(), language)
        .map_err(|error| {
        portal_error("client_unavailable")
            .arg("catalog", slug.as_str())
            .arg("reason", error.to_string())
    })?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        module,
    )
        .into_response())
}

async fn api_search(
    State(portal): State<Arc<Portal>>,
    Query(params): Query<SearchParams>,
) -> Result<Json<Vec<SearchHit>>, ApiError> {
    let query = params
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .ok_or_else(|| portal_error("missing_query"))?;
    portal.search(query).map(Json).map_err(query_error)
}
