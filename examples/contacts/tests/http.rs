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
