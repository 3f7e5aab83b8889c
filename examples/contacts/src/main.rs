//! `cargo run -p contacts-example -- [PROFILE] [ADDR]`: the contacts API.

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().init();
    let mut args = std::env::args().skip(1);
    let profile: errcat::Profile = args
        .next()
        .as_deref()
        .unwrap_or("problem")
        .parse()
        .expect("a profile name");
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
}
