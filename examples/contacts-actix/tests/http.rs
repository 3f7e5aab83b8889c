//! The contacts service on actix-web over real HTTP on 127.0.0.1: the same
//! table of expectations as the axum service (`examples/contacts`).

use std::net::SocketAddr;

use errcat::Profile;

#[path = "../../contacts/tests/shared/mod.rs"]
mod shared;

mod server;
use server::Server;

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

/// `request` with a fixed request ID and language: status, the headers both
/// frameworks set from the error, and the body bytes.
fn answer(
    service: SocketAddr,
    (method, path, content_type, body): &shared::Request,
    language: &str,
) -> (u16, Vec<(String, String)>, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("http://{service}{path}");
    let builder = |request: ureq::RequestBuilder<ureq::typestate::WithBody>| {
        request
            .header("x-request-id", "req-same")
            .header("accept-language", language)
            .content_type(content_type.unwrap_or("application/json"))
    };
    let mut response = match *method {
        "GET" => agent
            .get(&url)
            .header("x-request-id", "req-same")
            .header("accept-language", language)
            .call(),
        "DELETE" => agent
            .delete(&url)
            .header("x-request-id", "req-same")
            .header("accept-language", language)
            .call(),
        "PUT" => builder(agent.put(&url)).send(body.as_str()),
        _ => builder(agent.post(&url)).send(body.as_str()),
    }
    .expect("the server answers");
    let headers = [
        "content-type",
        "x-request-id",
        "content-language",
        "vary",
        "retry-after",
        "allow",
    ]
    .iter()
    .filter_map(|name| {
        let value = response.headers().get(*name)?.to_str().ok()?;
        // axum answers HEAD for every GET route and says so in `Allow`;
        // actix does not: the methods both serve are the ones compared.
        let value = if *name == "allow" {
            let mut methods: Vec<&str> = value
                .split(',')
                .map(str::trim)
                .filter(|method| *method != "HEAD")
                .collect();
            methods.sort_unstable();
            methods.join(", ")
        } else {
            value.to_owned()
        };
        Some(((*name).to_owned(), value))
    })
    .collect();
    let body = response.body_mut().read_to_string().unwrap();
    (response.status().as_u16(), headers, without_time(body))
}

/// The body with the time a profile stamps (Plunk's `timestamp`) taken
/// out: two servers answer a moment apart.
fn without_time(body: String) -> String {
    match serde_json::from_str::<serde_json::Value>(&body) {
        Ok(serde_json::Value::Object(mut members)) if members.contains_key("timestamp") => {
            members.insert("timestamp".into(), "(the time)".into());
            serde_json::Value::Object(members).to_string()
        }
        _ => body,
    }
}

#[test]
fn actix_and_axum_answer_every_error_path_with_the_same_bytes() {
    for profile in [Profile::PROBLEM, Profile::PLUNK, Profile::GOOGLE] {
        let (actix, axum) = (Server::start(profile), shared::AxumServer::start(profile));
        let existing = (
            "POST",
            "/contacts",
            None,
            r#"{"name": "Ada", "email": "ada@example.com"}"#.to_owned(),
        );
        assert_eq!(answer(actix.addr, &existing, "*").0, 201);
        assert_eq!(answer(axum.addr, &existing, "*").0, 201);
        for request in shared::error_requests() {
            for language in ["*", "fr-CA", "ru"] {
                assert_eq!(
                    answer(actix.addr, &request, language),
                    answer(axum.addr, &request, language),
                    "{profile} {} {} in {language}",
                    request.0,
                    request.1
                );
            }
        }
    }
}
