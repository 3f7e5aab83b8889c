//! One line turns metrics on: the contacts service counts each error it
//! sends at `GET /metrics`. Alone in its test binary, as the count is the
//! process's.

use errcat::Profile;

mod shared;

#[test]
fn each_error_sent_is_counted_for_prometheus() {
    shared::counts_each_error_sent(shared::AxumServer::start(Profile::PROBLEM).addr);
}
