//! Running an axum app until Ctrl-C, shared by the commands that serve.

use std::net::SocketAddr;

use anyhow::{Context as _, Result};

/// Serves `app` on `listen`, calls `ready` with the bound address, and stops cleanly on Ctrl-C.
pub fn run(app: axum::Router, listen: SocketAddr, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(crate::output::stderr_color())
        .try_init();
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        let addr = listener.local_addr()?;
        ready(addr);
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
                eprintln!("shutting down");
            })
            .await
            .context("server error")
    })
}
