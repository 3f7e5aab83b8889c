//! The contacts service over real HTTP on 127.0.0.1: every error path answers
//! in the chosen profile with a request ID, and nothing stops the server.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use errcat::Profile;
use serde_json::Value;

/// The service on a free port, shut down when dropped.
struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(profile: Profile) -> Server {
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
        Server {
            addr: address.recv().unwrap(),
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    fn call(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: &str,
    ) -> (u16, ureq::http::HeaderMap, Value) {
        self.call_in(None, method, path, content_type, body)
    }

    /// A call with `Accept-Language: accept_language`, when given.
    fn call_in(
        &self,
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
        let url = format!("http://{}{path}", self.addr);
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
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop.take().map(|stop| stop.send(()));
        let _ = self.thread.take().map(std::thread::JoinHandle::join);
    }
}

#[test]
fn every_error_path_answers_in_the_problem_profile_with_a_request_id() {
    let server = Server::start(Profile::PROBLEM);
    let (status, _, _) = server.call(
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
        let (status, headers, answer) = server.call(method, path, content_type, body);
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
    let (_, _, invalid) = server.call(
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
    let (_, _, unknown) = server.call("GET", "/nowhere", None, "");
    assert_eq!(
        unknown["detail"], "GET /nowhere is not part of the contacts API; see /contacts.",
        "the catalog overrides the framework error"
    );
}

#[test]
fn each_client_gets_its_language_with_the_right_plural_form() {
    let server = Server::start(Profile::PROBLEM);
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
            server.call_in(Some(asked), "POST", "/contacts", None, body);
        assert_eq!(status, 422, "{asked}: {answer}");
        assert_eq!(headers["content-language"], language, "{asked}");
        assert_eq!(answer["detail"], detail, "{asked}");
        assert_eq!(
            answer["code"], "invalid_contact",
            "codes never change with the language"
        );
    }
    // A framework error the catalog does not translate stays in English, and says so.
    let (status, headers, answer) =
        server.call_in(Some("fr"), "POST", "/contacts", None, "{broken");
    assert_eq!(status, 400);
    assert_eq!(answer["code"], "malformed_json");
    assert_eq!(headers["content-language"], "en");
}

#[test]
fn the_same_service_answers_in_the_plunk_profile() {
    let server = Server::start(Profile::PLUNK);
    let (status, headers, answer) = server.call("GET", "/contacts/5", None, "");
    assert_eq!(status, 404);
    assert_eq!(answer["success"], false);
    assert_eq!(answer["error"]["code"], "contact_not_found");
    assert_eq!(answer["error"]["message"], "No contact with id 5.");
    assert_eq!(
        answer["error"]["requestId"],
        headers["x-request-id"].to_str().unwrap()
    );
}

#[test]
fn garbage_on_the_wire_never_stops_the_server() {
    let server = Server::start(Profile::PROBLEM);
    for junk in [
        &b"\x00\xff\xfe garbage\r\n\r\n"[..],
        b"GET /contacts HTTP/9.9\r\n\r\n",
        b"POST /contacts HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
    ] {
        if let Ok(mut stream) = TcpStream::connect(server.addr) {
            let _ = stream.write_all(junk);
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
            let mut sink = Vec::new();
            let _ = stream.read_to_end(&mut sink);
        }
    }
    let (status, _, _) = server.call("GET", "/contacts", None, "");
    assert_eq!(status, 200, "the server still answers");
}

/// A misspelled profile used to panic with a backtrace; it must say which
/// profiles exist and exit 2, before binding any address.
#[test]
fn a_misspelled_profile_names_the_known_ones_and_exits_2() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_contacts-example"))
        .arg("problme")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("unknown profile `problme`"), "{stderr}");
    for profile in Profile::built_in() {
        assert!(stderr.contains(profile.name()), "{stderr}");
    }
}
