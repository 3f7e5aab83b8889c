//! A small HTTP/1.1 keep-alive load generator for loopback benchmarks.
//!
//! Each client holds one connection and sends its requests one after
//! another; latencies are measured per request. Runs are bounded in count,
//! and only ever target the server the benchmark itself started on 127.0.0.1.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Whether the binary runs as a benchmark (`cargo bench`) rather than as a
/// quick smoke test (`cargo test --all-targets`).
pub fn full_run() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// What a load run measured.
#[derive(Debug, Clone)]
pub struct Report {
    /// Requests sent.
    pub requests: usize,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Every request's latency, sorted.
    pub latencies: Vec<Duration>,
    /// Status codes seen, for sanity checks.
    pub statuses: Vec<u16>,
}

impl Report {
    /// Requests per second.
    pub fn throughput(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency at quantile `q` (0.0 to 1.0).
    pub fn quantile(&self, q: f64) -> Duration {
        let index = ((self.latencies.len() as f64 - 1.0) * q).round() as usize;
        self.latencies[index.min(self.latencies.len() - 1)]
    }
}

/// Sends `per_client` requests from each of `clients` connections; paths are
/// taken round-robin from `paths`, offset per client.
pub async fn run(addr: SocketAddr, clients: usize, per_client: usize, paths: &[String]) -> Report {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let paths: Vec<String> = paths.to_vec();
        tasks.push(tokio::spawn(async move {
            let stream = TcpStream::connect(addr)
                .await
                .expect("the benchmark server accepts");
            stream.set_nodelay(true).expect("nodelay");
            let mut stream = BufReader::new(stream);
            let mut latencies = Vec::with_capacity(per_client);
            let mut statuses = Vec::with_capacity(per_client);
            for request in 0..per_client {
                let path = &paths[(client * 7919 + request) % paths.len()];
                let sent = Instant::now();
                let text = format!("GET {path} HTTP/1.1\r\nHost: bench\r\nAccept: */*\r\n\r\n");
                stream
                    .get_mut()
                    .write_all(text.as_bytes())
                    .await
                    .expect("write");
                statuses.push(read_response(&mut stream).await);
                latencies.push(sent.elapsed());
            }
            (latencies, statuses)
        }));
    }
    let mut latencies = Vec::new();
    let mut statuses = Vec::new();
    for task in tasks {
        let (l, s) = task.await.expect("client task");
        latencies.extend(l);
        statuses.extend(s);
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Report {
        requests: latencies.len(),
        elapsed,
        latencies,
        statuses,
    }
}

async fn read_response(stream: &mut BufReader<TcpStream>) -> u16 {
    let mut line = String::new();
    stream.read_line(&mut line).await.expect("status line");
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let mut length = 0;
    loop {
        line.clear();
        stream.read_line(&mut line).await.expect("header");
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().expect("a length");
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await.expect("body");
    status
}

/// Serves `service` (a router, or one wrapped in a layer) on a free loopback
/// port until the returned sender is dropped.
pub async fn serve_service<S>(service: S) -> (SocketAddr, tokio::sync::oneshot::Sender<()>)
where
    S: tower_service::Service<
            axum::extract::Request,
            Response = axum::response::Response,
            Error = std::convert::Infallible,
        > + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("bound");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, axum::ServiceExt::into_make_service(service))
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
            .expect("server");
    });
    (addr, stop)
}

/// Serves `app` on a free loopback port until the returned sender is dropped.
pub async fn serve(app: axum::Router) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    serve_service(app).await
}
