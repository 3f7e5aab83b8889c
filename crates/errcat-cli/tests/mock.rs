//! `errcat mock` over real HTTP on 127.0.0.1: each seed catalog in its profile.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running mock server, killed when dropped.
struct Mock {
    child: Child,
    base: String,
    // Held open: the server prints its routes after the first line.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Mock {
    fn start(routes: &[&str]) -> Mock {
        let mut args = vec!["mock", "--listen", "127.0.0.1:0"];
        for route in routes {
            args.extend(["--route", route]);
        }
        Mock::spawn(&args)
    }

    /// `errcat ARGS` (a server that prints its address first).
    fn spawn(args: &[&str]) -> Mock {
        let mut child = Command::new(env!("CARGO_BIN_EXE_errcat"))
            .args(args)
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("mock starts");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let address = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("address line");
        Mock {
            child,
            base: format!("http://{address}"),
            _stdout: stdout,
        }
    }

    fn get(&self, path: &str) -> (u16, ureq::http::HeaderMap, serde_json::Value) {
        let (status, headers, text) = self.get_text(path);
        (
            status,
            headers,
            serde_json::from_str(&text).expect("JSON body"),
        )
    }

    fn get_text(&self, path: &str) -> (u16, ureq::http::HeaderMap, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent
            .get(&format!("{}{path}", self.base))
            .call()
            .expect("request goes through");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (
            status,
            headers,
            response.body_mut().read_to_string().expect("body"),
        )
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn mock_serves_each_seed_catalog_in_its_profile() {
    let mock = Mock::start(&[
        "GET /v1/users/{userID}=UserNotFound",
        "POST /graphql=customer_jwt_expired",
        "GET /rest/task/{id}=1000",
        "GET /v1/templates/{id}=TEMPLATE_NOT_FOUND",
        "GET /api/objects/{0}=000012",
    ]);
    let (status, headers, clerk) = mock.get("/v1/users/user_123");
    assert_eq!(status, 404);
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(clerk["errors"][0]["code"], "resource_not_found");
    assert_eq!(
        clerk["errors"][0]["long_message"],
        "No user was found with id user_123"
    );
    assert_eq!(
        clerk["clerk_trace_id"],
        headers["x-request-id"].to_str().unwrap()
    );

    let (_, _, planfix) = mock.get("/rest/task/5");
    assert_eq!(
        planfix["errors"][0]["code"], 1000,
        "the first route's profile answers; integer codes stay numbers"
    );

    let (status, _, unknown) = mock.get("/nowhere");
    assert_eq!(status, 404);
    assert_eq!(unknown["errors"][0]["code"], "route_not_found");
}

#[test]
fn mock_uses_the_catalog_profile_of_each_seed() {
    for (route, path, check) in [
        (
            "GET /rest/task/{id}=1000",
            "/rest/task/1",
            r#"{"result":"fail","code":1000,"error":"Task does not exist"}"#,
        ),
        (
            "GET /v1/templates/{id}=TEMPLATE_NOT_FOUND",
            "/v1/templates/tpl_1",
            "plunk",
        ),
        ("POST /graphql=customer_jwt_expired", "/graphql", "plain"),
        (
            "GET /api/objects/{0}=000012",
            "/api/objects/Project",
            "problem",
        ),
    ] {
        let mock = Mock::start(&[route]);
        let method_path = route.split('=').next().unwrap();
        if method_path.starts_with("POST") {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into();
            let mut response = agent
                .post(&format!("{}{path}", mock.base))
                .send("{}")
                .unwrap();
            assert_eq!(response.status(), 200, "plain mutation errors are HTTP 200");
            assert!(response.headers().contains_key("apigw-requestid"));
            let body: serde_json::Value =
                serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
            assert_eq!(
                body["data"]["mutation"]["error"]["__typename"],
                "MutationError"
            );
            continue;
        }
        let (_, headers, body) = mock.get(path);
        match check {
            "plunk" => {
                assert_eq!(body["success"], false);
                assert_eq!(
                    body["error"]["message"],
                    "Template with ID \"tpl_1\" was not found"
                );
                assert_eq!(
                    body["error"]["requestId"],
                    headers["x-request-id"].to_str().unwrap()
                );
            }
            "problem" => {
                assert_eq!(headers["content-type"], "application/problem+json");
                assert_eq!(body["code"], "000012");
                // Quapp's entries declare no status, so they are sent as 500:
                // such a body carries no runtime value, not even the path.
                assert_eq!(body["status"], 500);
                assert_eq!(
                    body["detail"],
                    "An internal error occurred. Quote the request ID when you contact support."
                );
                assert!(body.get("instance").is_none(), "{body}");
            }
            exact => assert_eq!(
                body,
                serde_json::from_str::<serde_json::Value>(exact).unwrap()
            ),
        }
    }
}

#[test]
fn mock_answers_with_the_entry_example_fields_and_a_fresh_request_id() {
    let mock = Mock::start(&["GET /v1/contacts/{id}=VALIDATION_ERROR"]);
    let (status, headers, body) = mock.get("/v1/contacts/c_1");
    assert_eq!(status, 422);
    let error = &body["error"];
    assert_eq!(error["code"], "VALIDATION_ERROR");
    assert_eq!(
        error["errors"],
        serde_json::json!([{"field": "email", "message": "Invalid email", "code": "invalid_string"}]),
        "the first example's field errors"
    );
    let request_id = headers["x-request-id"].to_str().unwrap();
    assert_eq!(error["requestId"], request_id);
    assert_ne!(request_id, "abc-123", "not the example's request ID");
    assert_ne!(
        body["timestamp"], "2025-11-30T10:30:00.000Z",
        "not the example's time"
    );
}

#[test]
fn a_route_mock_cannot_serve_is_refused_with_a_reason_not_a_panic() {
    for (routes, why) in [
        (
            &["GET /a/{=UserNotFound"][..],
            "error: route `GET /a/{=UserNotFound`: the path is not one axum can route",
        ),
        (
            &["GET /a=UserNotFound", "GET /a=UserNotFound"][..],
            "error: route `GET /a=UserNotFound`: GET /a is routed twice",
        ),
        (
            &["GET /a/{id}=UserNotFound", "PUT /a/{user_id}=UserNotFound"][..],
            "error: route `PUT /a/{user_id}=UserNotFound`: it conflicts with the route on `/a/{id}`: routes that share a path must name their captures alike",
        ),
        (
            &["GET /a=UserNotFond"][..],
            "error: route GET /a: no error with id `UserNotFond`; did you mean `UserNotFound`?",
        ),
    ] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_errcat"));
        command.args(["mock", "--listen", "127.0.0.1:0"]);
        for route in routes {
            command.args(["--route", route]);
        }
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.starts_with(why), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn mock_serves_what_it_sent_at_metrics() {
    let mock = Mock::start(&["GET /v1/users/{userID}=UserNotFound"]);
    for user in ["user_1", "user_2"] {
        assert_eq!(mock.get(&format!("/v1/users/{user}")).0, 404);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    let mut response = agent
        .get(&format!("{}/metrics", mock.base))
        .call()
        .expect("metrics answer");
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let exposition = response.body_mut().read_to_string().unwrap();
    assert!(
        exposition.lines().any(|line| line
            == r#"errcat_errors_total{catalog="Clerk Backend API",entry="UserNotFound",code="resource_not_found",status="404"} 2"#),
        "{exposition}"
    );
}

/// The corpus vendors' catalogs are served together, as the README says:
/// `errcat serve --catalog catalogs/corpus/*.toml`.
#[test]
fn serve_takes_the_corpus_catalogs_in_one_flag() {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../catalogs/corpus");
    let mut files: Vec<String> = std::fs::read_dir(corpus)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            format!(
                "catalogs/corpus/{}",
                path.file_name().unwrap().to_string_lossy()
            )
        })
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        11,
        "the ten vendors (Supabase's legacy codes apart): {files:?}"
    );
    let mut args = vec!["serve", "--listen", "127.0.0.1:0", "--catalog"];
    args.extend(files.iter().map(String::as_str));
    let portal = Mock::spawn(&args);
    let (status, _, catalogs) = portal.get("/api/v1/catalogs");
    assert_eq!(status, 200);
    let names: Vec<&str> = catalogs
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|catalog| catalog["name"].as_str())
        .collect();
    assert_eq!(names.len(), 11, "{catalogs}");
    for vendor in [
        "Azure Storage",
        "Yandex Object Storage",
        "Discord",
        "Appwrite",
        "PostgREST",
    ] {
        assert!(names.contains(&vendor), "{vendor} in {names:?}");
    }
}

/// An S3-compatible service's errors, from the catalog imported from its reference.
#[test]
fn mock_answers_a_corpus_catalog_in_its_xml_profile() {
    let mock = Mock::spawn(&[
        "mock",
        "--listen",
        "127.0.0.1:0",
        "--catalog",
        "catalogs/corpus/yandex-object-storage.toml",
        "--route",
        "GET /{bucket}/{key}=NoSuchKey",
    ]);
    let (status, headers, body) = mock.get_text("/photos/cat.jpg");
    assert_eq!(status, 404);
    assert_eq!(headers["content-type"], "application/xml");
    let request_id = headers["x-amz-request-id"].to_str().unwrap();
    assert_eq!(
        body,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>NoSuchKey</Code>\n  <Message>The specified key does not exist.</Message>\n  <Resource>/photos/cat.jpg</Resource>\n  <RequestId>{request_id}</RequestId>\n</Error>\n"
        )
    );
}

/// A path capture that is no param of the route's entry is said at start:
/// its value would silently not reach the body.
#[test]
fn a_capture_that_is_no_param_is_warned_about_at_start() {
    use std::io::Read as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args([
            "mock",
            "--listen",
            "127.0.0.1:0",
            "--route",
            "GET /v1/users/{user_id}=UserNotFound",
            "--route",
            "GET /v1/orgs/{userID}=UserNotFound",
        ])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mock starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("listening on"), "{first}");
    let _ = child.kill();
    let _ = child.wait();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "warning: route GET /v1/users/{user_id}: `{user_id}` is not a param of `UserNotFound` (its params: userID), so its value is not sent; did you mean `{userID}`?"
        ],
        "the route that captures its param is not warned about"
    );
}
