//! The contacts service over real HTTP on 127.0.0.1: every error path answers
//! in the chosen profile with a request ID, and nothing stops the server.

use std::io::{Read, Write};
use std::net::TcpStream;

use errcat::Profile;

mod shared;

use shared::AxumServer as Server;

#[test]
fn every_error_path_answers_in_the_problem_profile_with_a_request_id() {
    shared::every_error_path_answers_in_the_problem_profile(Server::start(Profile::PROBLEM).addr);
}

#[test]
fn each_client_gets_its_language_with_the_right_plural_form() {
    shared::each_client_gets_its_language(Server::start(Profile::PROBLEM).addr);
}

#[test]
fn the_same_service_answers_in_the_plunk_profile() {
    shared::answers_in_the_plunk_profile(Server::start(Profile::PLUNK).addr);
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
    let (status, _, _) = shared::call(server.addr, "GET", "/contacts", None, "");
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

/// The document utoipa generates lists, for each operation, exactly the
/// catalog errors its handler returns (as the requests of the shared table
/// find them), beside the framework errors every operation may get.
#[test]
fn the_openapi_document_lists_exactly_each_handlers_errors() {
    use std::collections::{BTreeMap, BTreeSet};
    let server = Server::start(Profile::PROBLEM);
    let (status, _, document) = shared::call(server.addr, "GET", "/openapi.json", None, "");
    assert_eq!(status, 200);
    let framework: BTreeSet<&str> = errcat::framework::catalog()
        .entries()
        .iter()
        .map(|entry| entry.id())
        .collect();
    // What the handlers send: each error request, by operation.
    let existing = r#"{"name": "Ada", "email": "ada@example.com"}"#;
    assert_eq!(
        shared::call(server.addr, "POST", "/contacts", None, existing).0,
        201
    );
    let mut sent: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (method, path, content_type, body) in shared::error_requests() {
        let (_, _, answer) = shared::call(server.addr, method, path, content_type, &body);
        let code = answer["code"].as_str().unwrap().to_owned();
        let template = if path.starts_with("/contacts/") {
            "/contacts/{id}"
        } else {
            path
        };
        if !framework.contains(code.as_str()) {
            sent.entry((method.to_lowercase(), template.to_owned()))
                .or_default()
                .insert(code);
        }
    }
    let mut documented: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let ids = documented
                .entry((method.clone(), path.clone()))
                .or_default();
            for response in operation["responses"].as_object().unwrap().values() {
                let examples = &response["content"]["application/problem+json"]["examples"];
                for id in examples.as_object().into_iter().flatten().map(|(id, _)| id) {
                    if !framework.contains(id.as_str()) {
                        ids.insert(id.clone());
                    }
                }
                // Every error response of every operation lists the framework's too.
            }
            let bad_request =
                &operation["responses"]["400"]["content"]["application/problem+json"]["examples"];
            assert!(bad_request["malformed_json"].is_object(), "{method} {path}");
        }
    }
    // Every operation is documented; those the table sends no handler error to document none.
    let expected: BTreeMap<(String, String), BTreeSet<String>> = documented
        .keys()
        .map(|operation| {
            (
                operation.clone(),
                sent.get(operation).cloned().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(documented, expected);
    assert_eq!(documented.len(), 4);
    assert_eq!(
        document["components"]["schemas"]["ErrcatProblemError"]["required"],
        serde_json::json!(["type", "title", "status", "detail", "code", "retryable"])
    );
    let example = &document["paths"]["/contacts/{id}"]["get"]["responses"]["404"]["content"]["application/problem+json"]
        ["examples"]["contact_not_found"]["value"];
    assert_eq!(example["detail"], "No contact with id 7.");
    assert!(
        document["paths"]["/contacts/{id}"]["get"]["responses"]["404"]["headers"]["x-request-id"]
            .is_object()
    );
}
