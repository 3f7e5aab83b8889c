//! `cargo run -p contacts-example -- [PROFILE] [ADDR]`: the contacts API.
//! `cargo run -p contacts-example -- --openapi`: its OpenAPI document, as
//! `GET /openapi.json` serves it.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().init();
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--openapi") {
        use utoipa::OpenApi as _;
        println!(
            "{}",
            contacts_example::Api::openapi()
                .to_pretty_json()
                .expect("the document is JSON")
        );
        return ExitCode::SUCCESS;
    }
    let name = args.next().unwrap_or_else(|| "problem".to_owned());
    // A typo is the likeliest first mistake: name the profiles, no backtrace.
    let profile: errcat::Profile = match name.parse() {
        Ok(profile) => profile,
        Err(error) => {
            // The message lists `Profile::built_in()` and the nearest name.
            eprintln!("error: {error}");
            eprintln!("usage: contacts-example [PROFILE] [ADDR]");
            return ExitCode::from(2);
        }
    };
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .expect("address is free");
    println!(
        "contacts API on http://{} ({profile} profile)",
        listener.local_addr().expect("bound")
    );
    axum::serve(listener, contacts_example::app(profile))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .expect("server runs");
    ExitCode::SUCCESS
}
