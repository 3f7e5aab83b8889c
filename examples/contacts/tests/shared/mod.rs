//! The contacts API's expectations, one table for every framework it runs
//! on: the axum service (`examples/contacts`) and the actix-web one
//! (`examples/contacts-actix`) answer every error path with the same bodies.

#![allow(dead_code)]

use std::net::SocketAddr;

use serde_json::Value;

/// The axum service of `examples/contacts` on a free port, shut down when dropped.
pub struct AxumServer {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl AxumServer {
    /// Starts the service answering in `profile`.
    pub fn start(profile: errcat::Profile) -> AxumServer {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready, address) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                ready.send(listener.local_addr().unwrap()).unwrap();
                axum::serve(listener, contacts_example::app(profile))
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await
                    .unwrap();
            });
        });
        AxumServer {
            addr: address.recv().unwrap(),
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for AxumServer {
    fn drop(&mut self) {
        let _ = self.stop.take().map(|stop| stop.send(()));
        let _ = self.thread.take().map(std::thread::JoinHandle::join);
    }
}

/// A call to the service at `service`: status, headers and body (JSON when it is).
pub fn call(
    service: SocketAddr,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &str,
) -> (u16, ureq::http::HeaderMap, Value) {
    call_in(service, None, method, path, content_type, body)
}

/// [`call`] with `Accept-Language: accept_language`, when given.
pub fn call_in(
    service: SocketAddr,
    accept_language: Option<&str>,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &str,
) -> (u16, ureq::http::HeaderMap, Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("http://{service}{path}");
    let language = accept_language.unwrap_or("*");
    let mut response = match method {
        "GET" => agent.get(&url).header("Accept-Language", language).call(),
        "DELETE" => agent
            .delete(&url)
            .header("Accept-Language", language)
            .call(),
        "PUT" => agent
            .put(&url)
            .header("Accept-Language", language)
            .content_type(content_type.unwrap_or("application/json"))
            .send(body),
        _ => agent
            .post(&url)
            .header("Accept-Language", language)
            .content_type(content_type.unwrap_or("application/json"))
            .send(body),
    }
    .expect("the server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.body_mut().read_to_string().unwrap();
    (
        status,
        headers,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// One request: method, path, content type, body.
pub type Request = (&'static str, &'static str, Option<&'static str>, String);

/// Every error path the services share, as requests (the body over the
/// limit included), each once the store holds `ada@example.com`.
pub fn error_requests() -> Vec<Request> {
    let big = format!(
        r#"{{"name": "{}", "email": "x@example.com"}}"#,
        "n".repeat(5000)
    );
    vec![
        ("GET", "/contacts/99", None, String::new()),
        ("DELETE", "/contacts/99", None, String::new()),
        (
            "POST",
            "/contacts",
            None,
            r#"{"name": "Ada 2", "email": "ada@example.com"}"#.into(),
        ),
        (
            "POST",
            "/contacts",
            None,
            r#"{"name": "", "email": "not-an-email"}"#.into(),
        ),
        ("POST", "/contacts", None, "{broken".into()),
        ("POST", "/contacts", None, r#"{"name": 5}"#.into()),
        ("POST", "/contacts", Some("text/plain"), "{}".into()),
        ("POST", "/contacts", None, big),
        ("GET", "/contacts/abc", None, String::new()),
        ("GET", "/nowhere", None, String::new()),
        ("PUT", "/contacts", None, "{}".into()),
    ]
}

/// Every error path of a service in the `problem` profile: its status, its
/// code, the request ID in body and header, field pointers, the catalog's
/// override of a framework error.
pub fn every_error_path_answers_in_the_problem_profile(service: SocketAddr) {
    let (status, _, _) = call(
        service,
        "POST",
        "/contacts",
        None,
        r#"{"name": "Ada", "email": "ada@example.com"}"#,
    );
    assert_eq!(status, 201);
    let big = format!(
        r#"{{"name": "{}", "email": "x@example.com"}}"#,
        "n".repeat(5000)
    );
    let cases = [
        ("GET", "/contacts/99", None, "", 404, "contact_not_found"),
        ("DELETE", "/contacts/99", None, "", 404, "contact_not_found"),
        (
            "POST",
            "/contacts",
            None,
            r#"{"name": "Ada 2", "email": "ada@example.com"}"#,
            409,
            "contact_email_taken",
        ),
        (
            "POST",
            "/contacts",
            None,
            r#"{"name": "", "email": "not-an-email"}"#,
            422,
            "invalid_contact",
        ),
        ("POST", "/contacts", None, "{broken", 400, "malformed_json"),
        (
            "POST",
            "/contacts",
            None,
            r#"{"name": 5}"#,
            422,
            "invalid_body",
        ),
        (
            "POST",
            "/contacts",
            Some("text/plain"),
            "{}",
            415,
            "unsupported_media_type",
        ),
        (
            "POST",
            "/contacts",
            None,
            big.as_str(),
            413,
            "payload_too_large",
        ),
        ("GET", "/contacts/abc", None, "", 400, "invalid_path"),
        ("GET", "/nowhere", None, "", 404, "route_not_found"),
        ("PUT", "/contacts", None, "{}", 405, "method_not_allowed"),
    ];
    for (method, path, content_type, body, expected_status, code) in cases {
        let (status, headers, answer) = call(service, method, path, content_type, body);
        assert_eq!(status, expected_status, "{method} {path}: {answer}");
        assert_eq!(
            headers["content-type"], "application/problem+json",
            "{method} {path}"
        );
        assert_eq!(answer["code"], code, "{method} {path}");
        assert_eq!(
            answer["request_id"],
            headers["x-request-id"].to_str().unwrap(),
            "{method} {path}"
        );
    }
    let (_, _, invalid) = call(
        service,
        "POST",
        "/contacts",
        None,
        r#"{"name": "", "email": "nope"}"#,
    );
    let fields: Vec<&str> = invalid["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["#/email", "#/name"],
        "garde reports fields in path order"
    );
    assert_eq!(invalid["detail"], "The contact has 2 invalid fields.");
    // A body of the wrong shape names the field at fault, on either framework.
    let shape_cases = [
        (
            r#"{"name": 5, "email": "ada@example.com"}"#,
            "#/name",
            "invalid type: integer `5`, expected a string",
            "invalid",
        ),
        (
            r#"{"name": "Ada"}"#,
            "#/email",
            "missing field `email`",
            "required",
        ),
    ];
    for (body, pointer, detail, code) in shape_cases {
        let (_, _, answer) = call(service, "POST", "/contacts", None, body);
        assert_eq!(
            answer["errors"],
            serde_json::json!([{"detail": detail, "pointer": pointer, "code": code}]),
            "{body}"
        );
    }
    let (_, _, unknown) = call(service, "GET", "/nowhere", None, "");
    assert_eq!(
        unknown["detail"], "GET /nowhere is not part of the contacts API; see /contacts.",
        "the catalog overrides the framework error"
    );
}

/// A service in the `problem` profile answers each client in its language.
pub fn each_client_gets_its_language(service: SocketAddr) {
    let one_bad_field = r#"{"name": "", "email": "ada@example.com"}"#;
    let two_bad_fields = r#"{"name": "", "email": "nope"}"#;
    let cases = [
        (
            "fr-CA,fr;q=0.9",
            one_bad_field,
            "fr",
            "Le contact a 1 champ invalide.",
        ),
        (
            "fr-CA,fr;q=0.9",
            two_bad_fields,
            "fr",
            "Le contact a 2 champs invalides.",
        ),
        (
            "ru",
            two_bad_fields,
            "ru",
            "В контакте 2 некорректных поля.",
        ),
        (
            "de-DE, en;q=0.5",
            one_bad_field,
            "en",
            "The contact has 1 invalid field.",
        ),
    ];
    for (asked, body, language, detail) in cases {
        let (status, headers, answer) =
            call_in(service, Some(asked), "POST", "/contacts", None, body);
        assert_eq!(status, 422, "{asked}: {answer}");
        assert_eq!(headers["content-language"], language, "{asked}");
        assert_eq!(answer["detail"], detail, "{asked}");
        assert_eq!(
            answer["code"], "invalid_contact",
            "codes never change with the language"
        );
    }
    // The whole response is in one language: the suggestion too.
    let (_, _, answer) = call_in(
        service,
        Some("ru"),
        "POST",
        "/contacts",
        None,
        two_bad_fields,
    );
    assert_eq!(
        answer["suggestion"],
        "Исправьте каждое поле из `errors` и отправьте запрос снова."
    );
    // A framework error the catalog does not translate stays in English, and says so.
    let (status, headers, answer) =
        call_in(service, Some("fr"), "POST", "/contacts", None, "{broken");
    assert_eq!(status, 400);
    assert_eq!(answer["code"], "malformed_json");
    assert_eq!(headers["content-language"], "en");
}

/// A service in the `plunk` profile sends Plunk's envelope.
pub fn answers_in_the_plunk_profile(service: SocketAddr) {
    let (status, headers, answer) = call(service, "GET", "/contacts/5", None, "");
    assert_eq!(status, 404);
    assert_eq!(answer["success"], false);
    assert_eq!(answer["error"]["code"], "contact_not_found");
    assert_eq!(answer["error"]["message"], "No contact with id 5.");
    assert_eq!(
        answer["error"]["requestId"],
        headers["x-request-id"].to_str().unwrap()
    );
}

/// Each error the service sends is counted by catalog, entry, code and
/// status at `GET /metrics`, in the Prometheus text format; argument values
/// never become labels. Run alone in its test binary: the count is the
/// process's.
pub fn counts_each_error_sent(service: SocketAddr) {
    for id in [901, 902] {
        assert_eq!(
            call(service, "GET", &format!("/contacts/{id}"), None, "").0,
            404
        );
    }
    let invalid = r#"{"name": "", "email": "not an email"}"#;
    assert_eq!(call(service, "POST", "/contacts", None, invalid).0, 422);
    assert_eq!(call(service, "GET", "/nowhere", None, "").0, 404);
    let (status, headers, exposition) = call(service, "GET", "/metrics", None, "");
    assert_eq!(status, 200);
    assert_eq!(
        headers["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let exposition = exposition.as_str().expect("text");
    let mut counted: Vec<&str> = exposition
        .lines()
        .filter(|line| line.starts_with("errcat_errors_total{"))
        .collect();
    counted.sort_unstable();
    assert_eq!(
        counted,
        [
            r#"errcat_errors_total{catalog="Contacts API",entry="contact_not_found",code="contact_not_found",status="404"} 2"#,
            r#"errcat_errors_total{catalog="Contacts API",entry="invalid_contact",code="invalid_contact",status="422"} 1"#,
            r#"errcat_errors_total{catalog="Contacts API",entry="route_not_found",code="route_not_found",status="404"} 1"#,
        ],
        "{exposition}"
    );
    // Only label sets are checked: a sample's value (a timestamp) may hold
    // any digits.
    let label_sets = exposition
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('}').map(|(labels, _)| labels));
    for labels in label_sets {
        assert!(
            !labels.contains("901") && !labels.contains("902"),
            "an argument value became a label: {labels}"
        );
    }
}
