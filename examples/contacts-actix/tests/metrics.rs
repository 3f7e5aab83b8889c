//! One line turns metrics on: the actix-web contacts service counts each
//! error it sends at `GET /metrics`, as the axum one does. Alone in its test
//! binary, as the count is the process's.

use errcat::Profile;

mod server;
#[path = "../../contacts/tests/shared/mod.rs"]
mod shared;

#[test]
fn each_error_sent_is_counted_for_prometheus() {
    shared::counts_each_error_sent(server::Server::start(Profile::PROBLEM).addr);
}
