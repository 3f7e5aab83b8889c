//! A mock API whose routes answer with catalog errors: what `errcat mock`
//! serves, as a library so a test or a bench can run it in process.
//!
//! ```
//! use errcat_runtime::axum::mock::{self, Route};
//! use errcat_runtime::catalog::SourceFile;
//!
//! let catalog = errcat_runtime::compile(SourceFile::new(
//!     "errors.toml",
//!     r#"
//!     [[errors]]
//!     id = "contact_not_found"
//!     status = 404
//!     message = "No contact {id}"
//!     params.id = "string"
//!     "#,
//! ))
//! .unwrap();
//! let route: Route = "GET /contacts/{id}=contact_not_found".parse().unwrap();
//! let app = mock::app(&catalog, catalog.profile(), &[route]).unwrap();
//! # let _ = app;
//! ```
//!
//! The app is [`ErrorLayer::around`] the routes (serve it with
//! `axum::serve(listener, app)`); [`routes`] and [`around`] build it in two
//! steps, for routes of one's own beside the mock's.
//!
//! Everything a response needs that does not change per request (the
//! entry, its first example's arguments, field errors and details, each
//! param's example) is resolved once, when the app is built: a request
//! copies that error and sets the path's captures, so the mock answers as
//! fast as a service built with [`ErrorLayer`].

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use axum::Router;
use axum::extract::RawPathParams;
use axum::extract::rejection::RawPathParamsRejection;
use axum::routing::{MethodFilter, on};

use super::{ErrorLayer, ErrorService};
use crate::args::ArgValue;
use crate::catalog::{ExampleInput, ParamType};
use crate::compiled::{CompiledCatalog, kept_for_process};
use crate::error::ApiError;
use crate::profile::Profile;

/// A mock route: `METHOD /path/{param}=ID` answers with the error `ID`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The method, upper case (`GET`).
    pub method: String,
    /// The axum path, with `{param}` captures.
    pub path: String,
    /// The catalog entry the route answers with.
    pub id: String,
}

/// Why a route is not `METHOD /path=ID`, or names no entry of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("route `{route}`: {why}")]
pub struct RouteError {
    /// The route as written.
    pub route: String,
    /// What is wrong with it.
    pub why: String,
}

const METHODS: [(&str, MethodFilter); 7] = [
    ("GET", MethodFilter::GET),
    ("POST", MethodFilter::POST),
    ("PUT", MethodFilter::PUT),
    ("PATCH", MethodFilter::PATCH),
    ("DELETE", MethodFilter::DELETE),
    ("HEAD", MethodFilter::HEAD),
    ("OPTIONS", MethodFilter::OPTIONS),
];

impl FromStr for Route {
    type Err = RouteError;

    fn from_str(spec: &str) -> Result<Self, RouteError> {
        let fail = |why: String| RouteError {
            route: spec.to_owned(),
            why,
        };
        let Some((route, id)) = spec.rsplit_once('=') else {
            return Err(fail("it has no `=ID`; write 'METHOD /path=ID'".into()));
        };
        let Some((method, path)) = route.trim().split_once(' ') else {
            return Err(fail("it has no method; write 'METHOD /path=ID'".into()));
        };
        let method = method.to_ascii_uppercase();
        if !METHODS.iter().any(|(name, _)| *name == method) {
            let known: Vec<&str> = METHODS.iter().map(|(name, _)| *name).collect();
            return Err(fail(format!(
                "unknown method `{method}` (one of {})",
                known.join(", ")
            )));
        }
        let path = path.trim().to_owned();
        if !path.starts_with('/') {
            return Err(fail("the path must start with `/`".into()));
        }
        Ok(Route {
            method,
            path,
            id: id.trim().to_owned(),
        })
    }
}

impl Route {
    /// The names the path captures (`id` of `{id}`, `rest` of `{*rest}`),
    /// in order; escaped braces (`{{`, `}}`) capture nothing.
    pub fn captures(&self) -> Vec<&str> {
        let mut names = Vec::new();
        let mut rest = self.path.as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            if let Some(escaped) = after.strip_prefix('{') {
                rest = escaped;
                continue;
            }
            let Some(close) = after.find('}') else { break };
            names.push(after[..close].trim_start_matches('*'));
            rest = &after[close + 1..];
        }
        names
    }

    /// The captures of the path that are not params of `entry`: their
    /// values reach no argument (the error keeps its example's).
    pub fn captures_without_params<'r>(&'r self, entry: &crate::catalog::Entry) -> Vec<&'r str> {
        self.captures()
            .into_iter()
            .filter(|name| !entry.params.contains_key(*name))
            .collect()
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}={}", self.method, self.path, self.id)
    }
}

/// What a route answers, resolved when the app is built.
struct Answer {
    /// The error with every argument but the path's captures: the entry's
    /// first example's (without its request ID and time: each response gets
    /// its own), then each param's `example` for what it leaves unset.
    base: ApiError,
    /// The params the route's path captures, in declared order, with each
    /// one's type and the value `base` would give it. The names are kept for
    /// the process, so a request sets them without copying them.
    captured: Vec<(&'static str, ParamType, Option<ArgValue>)>,
}

/// A param the path captures: `{name}` or `{*name}` in it. (An escaped
/// `{{name}}` counts too: its param then keeps the value it would have had.)
fn path_captures(path: &str, name: &str) -> bool {
    [format!("{{{name}}}"), format!("{{*{name}}}")]
        .iter()
        .any(|capture| path.contains(capture.as_str()))
}

impl Answer {
    fn new(catalog: &CompiledCatalog, id: &str, path: &str) -> Option<Answer> {
        let entry = &catalog.entry(id)?.entry;
        let base = match entry.examples.first() {
            Some(example) => {
                let input = ExampleInput {
                    request_id: None,
                    timestamp: None,
                    ..example.input.clone()
                };
                // A checked catalog's examples build; one that does not is
                // answered as the bare entry rather than not at all.
                crate::examples::error_from_input(catalog, id, &input)
                    .or_else(|| catalog.error(id))?
            }
            None => catalog.error(id)?,
        };
        let mut base = base;
        let mut captured = Vec::new();
        for (name, param) in &entry.params {
            let example = || param.example().map(ArgValue::from_json);
            if path_captures(path, name) {
                let value = base.arg_value(name).cloned().or_else(example);
                captured.push((kept_for_process(name), param.kind(), value));
            } else if base.arg_value(name).is_none()
                && let Some(value) = example()
            {
                base.set_arg(name.clone(), value);
            }
        }
        // A request copies the base and sets the captures: copying values
        // each request replaces would be wasted.
        base.remove_args(|name| captured.iter().any(|(captured, ..)| *captured == name));
        Some(Answer { base, captured })
    }

    /// The error for one request: the base's arguments and the path's
    /// captures; a param the request's path did not give keeps its value
    /// (the example's, else the param's own example). A capture its param's
    /// type refuses (`abc` for an `int`) gets `invalid_path`, as a service's
    /// typed path would.
    fn error(&self, captures: Option<&RawPathParams>) -> ApiError {
        let mut error = self.base.duplicate();
        for (name, kind, otherwise) in &self.captured {
            let captured = captures.and_then(|captures| {
                captures
                    .iter()
                    .find_map(|(key, value)| (key == *name).then_some(value))
            });
            if let Some(text) = captured {
                let Some(value) = captured_value(text, *kind) else {
                    let why = crate::service::unparsable_path_value(text, kind.as_str());
                    return crate::service::framework_error(crate::framework::ids::INVALID_PATH)
                        .arg("reason", why);
                };
                error.set_arg(*name, value);
            } else if let Some(otherwise) = otherwise {
                error.set_arg(*name, otherwise.clone());
            }
        }
        error
    }
}

/// A path capture as the value of a param of `kind`: a number for `int` and
/// `float`, a flag for `bool`, items for `list` (comma-separated), else text;
/// `None` when the type refuses it.
fn captured_value(text: &str, kind: ParamType) -> Option<ArgValue> {
    match kind {
        ParamType::Int => text.parse().ok().map(ArgValue::Int),
        ParamType::Float => text
            .parse::<f64>()
            .ok()
            .filter(|number| number.is_finite())
            .map(ArgValue::Float),
        ParamType::Bool => text.parse().ok().map(ArgValue::Bool),
        ParamType::List => Some(ArgValue::List(text.split(',').map(str::to_owned).collect())),
        ParamType::String => Some(ArgValue::Str(text.into())),
    }
}

/// The mock app: each route answers with its error in `profile` (negotiated
/// from `Accept` where the profile allows), behind the same [`ErrorLayer`]
/// services use, so unmatched requests get the framework errors.
pub fn app(
    catalog: &CompiledCatalog,
    profile: Profile,
    routes: &[Route],
) -> Result<ErrorService<Router>, RouteError> {
    Ok(around(catalog, profile, self::routes(catalog, routes)?))
}

/// [`app`]'s layer around `router`: the mock's [`routes`], with any of
/// one's own added.
pub fn around(catalog: &CompiledCatalog, profile: Profile, router: Router) -> ErrorService<Router> {
    ErrorLayer::new(catalog.clone(), profile)
        .negotiate(true)
        .around(router)
}

/// The mock's routes, without the layer: [`app`] is [`around`] them.
pub fn routes(catalog: &CompiledCatalog, routes: &[Route]) -> Result<Router, RouteError> {
    check_paths(routes)?;
    let mut router = Router::new();
    for route in routes {
        let answer = Answer::new(catalog, &route.id, &route.path).ok_or_else(|| RouteError {
            route: route.to_string(),
            why: match catalog.catalog().entry(&route.id) {
                Some(entry) if entry.is_retired() => {
                    format!("`{}` is retired: it is no longer sent", route.id)
                }
                _ => format!("the catalog has no error with id `{}`", route.id),
            },
        })?;
        let answer = Arc::new(answer);
        let method = METHODS
            .iter()
            .find_map(|(name, filter)| (*name == route.method).then_some(*filter))
            .ok_or_else(|| RouteError {
                route: route.to_string(),
                why: format!("unknown method `{}`", route.method),
            })?;
        router = router.route(
            &route.path,
            on(
                method,
                move |captures: Result<RawPathParams, RawPathParamsRejection>| {
                    // A capture that is not text (`%FF`) is the path's fault,
                    // answered as the layer's `Path` extractor answers it.
                    let error = match &captures {
                        Ok(captures) => answer.error(Some(captures)),
                        Err(RawPathParamsRejection::InvalidUtf8InPathParam(rejection)) => {
                            super::extract::raw_path_error(rejection)
                        }
                        Err(_) => answer.error(None),
                    };
                    async move { Err::<(), ApiError>(error) }
                },
            ),
        );
    }
    Ok(router)
}

/// Refuses what axum would panic on: a path its matcher (matchit, the same
/// version) rejects, paths that conflict, and one method on one path twice.
fn check_paths(routes: &[Route]) -> Result<(), RouteError> {
    let mut paths = matchit::Router::new();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for route in routes {
        let fail = |why: String| RouteError {
            route: route.to_string(),
            why,
        };
        if let Some(written) = with_braced_captures(&route.path) {
            return Err(fail(format!(
                "captures are written in braces (`{{id}}`, `{{*rest}}` for the rest of the path): \
                 `{written}`"
            )));
        }
        if seen.contains(&(route.method.as_str(), route.path.as_str())) {
            return Err(fail(format!(
                "{} {} is routed twice",
                route.method, route.path
            )));
        }
        if !seen.iter().any(|(_, path)| *path == route.path) {
            paths.insert(route.path.as_str(), ()).map_err(|error| {
                fail(match error {
                    matchit::InsertError::Conflict { with } => format!(
                        "it conflicts with the route on `{with}`: routes that share a path \
                             must name their captures alike"
                    ),
                    error => format!("the path is not one axum can route: {error}"),
                })
            })?;
        }
        seen.push((&route.method, &route.path));
    }
    Ok(())
}

/// `path` with its `:id` and `*rest` segments (older axum's captures, which
/// axum now refuses with a panic) written `{id}` and `{*rest}`; `None` when
/// it has none.
fn with_braced_captures(path: &str) -> Option<String> {
    let mut changed = false;
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| {
            if let Some(name) = segment.strip_prefix(':') {
                changed = true;
                format!("{{{name}}}")
            } else if let Some(name) = segment.strip_prefix('*') {
                changed = true;
                format!("{{*{name}}}")
            } else {
                segment.to_owned()
            }
        })
        .collect();
    changed.then(|| segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::Route;
    use crate::compiled::CompiledCatalog;

    #[tokio::test]
    async fn a_capture_takes_its_params_type_and_one_it_refuses_is_an_invalid_path() {
        use tower::ServiceExt;
        let catalog = crate::compile(errcat_catalog::SourceFile::new(
            "limits.toml",
            "[[errors]]\nid = \"too_many\"\nstatus = 422\n\
             message = \"{count, plural, one {# item is} other {# items are}} too many\"\n\
             params.count = \"int\"\n",
        ))
        .unwrap();
        let route: Route = "GET /limits/{count}=too_many".parse().unwrap();
        let app = super::app(&catalog, crate::Profile::PROBLEM, &[route]).unwrap();
        let answer = |path: &'static str| {
            let app = app.clone();
            async move {
                let request = axum::http::Request::get(path)
                    .body(axum::body::Body::empty())
                    .unwrap();
                let response = app.oneshot(request).await.unwrap();
                let status = response.status().as_u16();
                let body = http_body_util::BodyExt::collect(response.into_body())
                    .await
                    .unwrap()
                    .to_bytes();
                let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
                (status, body["code"].clone(), body["detail"].clone())
            }
        };
        assert_eq!(
            answer("/limits/1").await,
            (422, "too_many".into(), "1 item is too many".into())
        );
        assert_eq!(
            answer("/limits/12").await,
            (422, "too_many".into(), "12 items are too many".into())
        );
        let (status, code, detail) = answer("/limits/abc").await;
        assert_eq!((status, code), (400, "invalid_path".into()));
        assert!(
            detail
                .as_str()
                .unwrap()
                .contains("`abc` is not a valid int"),
            "{detail}"
        );
    }

    /// Each argument comes from the path's capture, else the entry's first
    /// example, else the param's own example, whichever routes serve it.
    #[tokio::test]
    async fn captures_override_the_example_and_the_rest_keep_it() {
        use tower::ServiceExt;
        // The example's body is beside the point: checked as `errcat render` checks it.
        let parsed = errcat_catalog::parse(errcat_catalog::SourceFile::new(
            "moves.toml",
            r#"
            [[errors]]
            id = "move_refused"
            status = 409
            message = "{item} cannot move from {from} to {to}"
            params.item = "string"
            params.from = "string"
            params.to = { type = "string", example = "shelf" }
            [[errors.examples]]
            input.args = { item = "box", from = "attic" }
            body = "{}"
            "#,
        ));
        let options = crate::CheckOptions::default().with_examples(crate::ExampleRule::MayBeStale);
        let catalog = CompiledCatalog::new(&crate::check_with(parsed, options).unwrap()).unwrap();
        let routes: Vec<Route> = [
            "GET /items/{item}=move_refused",
            "GET /rooms/{from}/{*to}=move_refused",
            "GET /any=move_refused",
        ]
        .iter()
        .map(|route| route.parse().unwrap())
        .collect();
        let app = super::app(&catalog, crate::Profile::PROBLEM, &routes).unwrap();
        for (path, detail) in [
            ("/items/crate", "crate cannot move from attic to shelf"),
            ("/rooms/hall/porch", "box cannot move from hall to porch"),
            ("/any", "box cannot move from attic to shelf"),
        ] {
            let request = axum::http::Request::get(path)
                .body(axum::body::Body::empty())
                .unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            let body = http_body_util::BodyExt::collect(response.into_body())
                .await
                .unwrap()
                .to_bytes();
            let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["detail"], detail, "{path}");
        }
        let route: super::Route = "GET /rooms/{from}/{{lit}}/{*to}=x".parse().unwrap();
        assert_eq!(route.captures(), ["from", "to"]);
        assert!(super::path_captures("/rooms/{from}/{*to}", "to"));
        assert!(!super::path_captures("/rooms/{from}", "fro"));
    }

    /// A capture that is not UTF-8 gets `invalid_path`, as from the layer's
    /// `Path` extractor, not the param's example.
    #[tokio::test]
    async fn a_capture_that_is_not_text_is_an_invalid_path() {
        use tower::ServiceExt;
        let catalog = crate::profile::test_support::catalog();
        let route: Route = "GET /contacts/{id}=contact_not_found".parse().unwrap();
        let app = super::app(&catalog, crate::Profile::PROBLEM, &[route]).unwrap();
        let request = axum::http::Request::get("/contacts/%FF")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), 400);
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["code"], "invalid_path");
        assert_eq!(
            body["detail"].as_str().map(|d| d.contains("UTF-8")),
            Some(true),
            "{body}"
        );
    }

    #[test]
    fn paths_axum_would_panic_on_are_refused_with_a_reason() {
        let catalog = crate::profile::test_support::catalog();
        let app = |routes: &[&str]| {
            let routes: Vec<Route> = routes.iter().map(|r| r.parse().unwrap()).collect();
            super::app(&catalog, catalog.profile(), &routes).map(|_| ())
        };
        assert!(
            app(&[
                "GET /c/{id}=contact_not_found",
                "POST /c/{id}=contact_not_found"
            ])
            .is_ok()
        );
        for (routes, why) in [
            (
                &["GET /a/{=contact_not_found"][..],
                "not one axum can route",
            ),
            (
                &["GET /a=contact_not_found", "GET /a=rate_limited"][..],
                "GET /a is routed twice",
            ),
            (
                &["GET /c/:id/files/*rest=contact_not_found"][..],
                "captures are written in braces (`{id}`, `{*rest}` for the rest of the path): `/c/{id}/files/{*rest}`",
            ),
            (
                &["GET /a/{x}=contact_not_found", "GET /a/{y}=rate_limited"][..],
                "it conflicts with the route on `/a/{x}`: routes that share a path must name their captures alike",
            ),
            (
                &["GET /a=no_such_entry"][..],
                "no error with id `no_such_entry`",
            ),
        ] {
            let error = app(routes).unwrap_err().to_string();
            assert!(error.contains(why), "{routes:?}: {error}");
        }
    }

    #[test]
    fn routes_parse_and_bad_ones_say_why() {
        let route: Route = "get /v1/users/{userID}=UserNotFound".parse().unwrap();
        assert_eq!(
            (
                route.method.as_str(),
                route.path.as_str(),
                route.id.as_str()
            ),
            ("GET", "/v1/users/{userID}", "UserNotFound")
        );
        assert_eq!(route.to_string(), "GET /v1/users/{userID}=UserNotFound");
        for (bad, why) in [
            ("GET /x", "has no `=ID`"),
            ("/x=ID", "has no method"),
            ("FETCH /x=ID", "unknown method `FETCH`"),
            ("GET x=ID", "must start with `/`"),
        ] {
            let error = bad.parse::<Route>().unwrap_err().to_string();
            assert!(error.contains(why), "{bad}: {error}");
        }
    }
}
