//! Running an axum app until Ctrl-C, shared by the commands that serve
//! (`errcat serve`, `errcat mock`), with the limits a server on an open
//! network needs: no connection may hold a file descriptor for free.
//!
//! HTTP/1.1 only, as `axum::serve` with axum's default features was.
//!
//! | limit | default | [`Limits`] field | what the client gets |
//! |---|---|---|---|
//! | time to send a request head, counted from when the server starts waiting for it (after accept, and after the previous response on a kept-alive HTTP/1.1 connection) | 10 s | `header_read_timeout` | the connection is closed, with no response |
//! | time a connection may sit with no request being handled and no byte moving either way (a stalled request body, a client that does not read its response) | 30 s | `idle_timeout` | a graceful close, then the connection is dropped one more `idle_timeout` later |
//! | open connections | 512 | `max_connections` | further connections wait in the listen backlog until one closes |
//! | request head (request line and headers) | 256 KiB | `max_header_bytes` | hyper's own `431` with an empty body |
//! | header fields | 256 | `max_headers` | hyper's own `431` with an empty body |
//! | wait after an accept error such as `EMFILE` | 1 s | `accept_backoff` | (the server logs the error and retries) |
//!
//! The head limits are hyper's, set above what the apps accept themselves (the
//! portal answers past 64 KiB or 100 fields with its `headers_too_large`
//! problem document), so that an app, not hyper, answers the usual too-large
//! request. What fails hyper's own parsing (a request target that is not
//! valid, a head over these limits) is answered by hyper alone, with an empty
//! body and no request ID: hyper 1.x has no hook for those responses.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use anyhow::{Context as _, Result};
use axum::body::Body;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{Semaphore, watch};
use tokio::time::Instant;
use tower::ServiceExt as _;

/// A `--listen` value: `HOST:PORT` (`127.0.0.1:8080`, `localhost:0`,
/// `[::1]:8080`), or a port alone, on 127.0.0.1.
pub fn listen_address(text: &str) -> Result<SocketAddr, String> {
    if let Ok(port) = text.parse::<u16>() {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    if let Ok(address) = text.parse() {
        return Ok(address);
    }
    use std::net::ToSocketAddrs as _;
    match text.to_socket_addrs() {
        Ok(mut addresses) => addresses
            .next()
            .ok_or_else(|| format!("`{text}` names no address")),
        Err(error) => Err(format!(
            "`{text}` is not HOST:PORT or a port ({error}); for example 127.0.0.1:8080, localhost:0 or 8080"
        )),
    }
}

/// What is served: a router, or a service around one (`ErrorLayer::around`),
/// copied per request as axum copies a router.
pub trait App:
    tower::Service<
        axum::extract::Request,
        Response = axum::response::Response,
        Error = std::convert::Infallible,
        Future: Send,
    > + Clone
    + Send
    + Sync
    + 'static
{
}

impl<S> App for S where
    S: tower::Service<
            axum::extract::Request,
            Response = axum::response::Response,
            Error = std::convert::Infallible,
            Future: Send,
        > + Clone
        + Send
        + Sync
        + 'static
{
}

/// What a server allows each client; see the [module docs](self) for what a
/// client gets past each limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time a client has to send a complete request head (HTTP/1.1). The
    /// clock starts when the server waits for a head, so this is also how long
    /// an idle kept-alive HTTP/1.1 connection stays open.
    pub header_read_timeout: Duration,
    /// Time a connection may stay open with no request being handled and no
    /// byte read or written.
    pub idle_timeout: Duration,
    /// Connections open at once; more wait to be accepted.
    pub max_connections: usize,
    /// Largest request head hyper reads (at least 8 KiB).
    pub max_header_bytes: usize,
    /// Most header fields hyper reads.
    pub max_headers: usize,
    /// Pause after an accept error that is not about one connection
    /// (`EMFILE`, `ENFILE`, `ENOMEM`), instead of retrying at once.
    pub accept_backoff: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_connections: 512,
            max_header_bytes: 256 * 1024,
            max_headers: 256,
            accept_backoff: Duration::from_secs(1),
        }
    }
}

/// Serves `app` on `listen`, calls `ready` with the bound address, and stops cleanly on Ctrl-C.
pub fn run(app: impl App, listen: SocketAddr, ready: impl FnOnce(SocketAddr)) -> Result<()> {
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
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
            crate::output::errln!("shutting down");
        };
        serve(listener, app, Limits::default(), ctrl_c).await;
        Ok(())
    })
}

/// Where connections come from: a TCP listener, or a stand-in in tests.
pub trait Accept {
    /// A connection's byte stream.
    type Io: AsyncRead + AsyncWrite + Unpin + Send + 'static;
    /// The next connection.
    fn accept(&mut self) -> impl Future<Output = io::Result<Self::Io>> + Send;
}

impl Accept for tokio::net::TcpListener {
    type Io = tokio::net::TcpStream;

    async fn accept(&mut self) -> io::Result<Self::Io> {
        let (stream, _) = tokio::net::TcpListener::accept(self).await?;
        let _ = stream.set_nodelay(true);
        Ok(stream)
    }
}

/// Serves `app` on connections from `listener` within `limits` until
/// `shutdown` completes, then closes connections gracefully and returns once
/// they are gone (at most one `idle_timeout` later).
pub async fn serve<A: Accept>(
    mut listener: A,
    app: impl App,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopped) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        // At the cap, stop accepting: connections wait in the kernel's backlog.
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let io = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(io) => io,
                Err(error) => {
                    if !is_connection_error(&error) {
                        // EMFILE and the like: retrying at once would spin.
                        tracing::error!(%error, backoff_ms = limits.accept_backoff.as_millis() as u64, "accept error");
                        tokio::select! {
                            () = tokio::time::sleep(limits.accept_backoff) => {}
                            () = &mut shutdown => break,
                        }
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let stopped = stopped.clone();
        tokio::spawn(async move {
            serve_connection(io, app, limits, stopped).await;
            drop(permit);
        });
    }
    let _ = stop.send(true);
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = slots.acquire_many(all).await;
}

fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// When a connection last moved a byte, and how many of its requests are being handled.
#[derive(Debug)]
struct Activity {
    opened: Instant,
    /// Milliseconds from `opened` to the last read or write of at least one
    /// byte; `u64::MAX` until the client has sent anything.
    last_io_ms: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    fn touch(&self) {
        let ms = self.opened.elapsed().as_millis() as u64;
        self.last_io_ms.store(ms, Ordering::Relaxed);
    }

    /// When the connection is to be closed if nothing happens, or `None` while
    /// a request is being handled. A connection that has sent nothing waits
    /// for a request head, so it gets the head's deadline (hyper's own closes
    /// it then too).
    fn idle_deadline(&self, limits: &Limits) -> Option<Instant> {
        if self.in_flight.load(Ordering::Acquire) > 0 {
            return None;
        }
        match self.last_io_ms.load(Ordering::Relaxed) {
            u64::MAX => Some(self.opened + limits.header_read_timeout.min(limits.idle_timeout)),
            last => Some(self.opened + Duration::from_millis(last) + limits.idle_timeout),
        }
    }
}

/// Counts a request as in flight until dropped.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn enter(activity: &Arc<Activity>) -> InFlight {
        activity.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(activity.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A byte stream that records its activity.
struct Tracked<I> {
    inner: I,
    activity: Arc<Activity>,
}

impl<I: AsyncRead + Unpin> AsyncRead for Tracked<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        result
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Tracked<I> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(result, Poll::Ready(Ok(written)) if written > 0) {
            self.activity.touch();
        }
        result
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Serves one connection until it ends, goes idle, or the server stops.
async fn serve_connection<I>(
    io: I,
    app: impl App,
    limits: Limits,
    mut stopped: watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let activity = Arc::new(Activity {
        opened: Instant::now(),
        last_io_ms: AtomicU64::new(u64::MAX),
        in_flight: AtomicUsize::new(0),
    });
    let io = TokioIo::new(Tracked {
        inner: io,
        activity: activity.clone(),
    });
    let counted = activity.clone();
    let service =
        hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            let guard = InFlight::enter(&counted);
            let response = app.clone().oneshot(request.map(Body::new));
            async move {
                let response = response.await;
                drop(guard);
                response
            }
        });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(limits.max_header_bytes.max(8192))
        .max_headers(limits.max_headers);
    let mut connection = pin!(builder.serve_connection(io, service));
    // Once closing, the connection has one more `idle_timeout` to finish.
    let mut closing: Option<Instant> = None;
    loop {
        let idle = activity
            .idle_deadline(&limits)
            .unwrap_or_else(|| Instant::now() + limits.idle_timeout);
        let deadline = closing.map_or(idle, |since| since + limits.idle_timeout);
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%error, "connection ended with an error");
                }
                return;
            }
            () = tokio::time::sleep_until(deadline) => {
                if closing.is_some() {
                    tracing::debug!("connection dropped: it did not close in time");
                    return;
                }
                if activity.idle_deadline(&limits).is_some_and(|at| at <= Instant::now()) {
                    connection.as_mut().graceful_shutdown();
                    closing = Some(Instant::now());
                }
            }
            changed = stopped.changed(), if closing.is_none() => {
                if changed.is_err() || *stopped.borrow() {
                    connection.as_mut().graceful_shutdown();
                    closing = Some(Instant::now());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    use tokio::net::TcpStream;

    use super::*;

    /// Long enough that a test's own steps never race it.
    const GENEROUS: Duration = Duration::from_secs(20);

    fn app() -> axum::Router {
        axum::Router::new().route("/", axum::routing::get(|| async { "ok" }))
    }

    /// Starts a server with `limits` on a free loopback port; it stops when the sender drops.
    async fn start(limits: Limits) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(serve(listener, app(), limits, async move {
            let _ = stopped.await;
        }));
        (addr, stop)
    }

    fn short(timeout: Duration) -> Limits {
        Limits {
            header_read_timeout: timeout,
            idle_timeout: timeout,
            ..Limits::default()
        }
    }

    /// Reads until the server closes the connection; what it sent, or `None`
    /// when it kept the connection open past [`GENEROUS`].
    async fn until_closed(stream: &mut TcpStream) -> Option<Vec<u8>> {
        let mut received = Vec::new();
        let read = tokio::time::timeout(GENEROUS, async {
            let mut chunk = [0; 4096];
            loop {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => received.extend_from_slice(&chunk[..n]),
                }
            }
        });
        read.await.ok().map(|()| received)
    }

    async fn get(stream: &mut TcpStream) -> String {
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")
            .await
            .unwrap();
        let mut response = Vec::new();
        let mut chunk = [0; 1024];
        while !response.ends_with(b"ok") {
            let n = stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "closed before the response");
            response.extend_from_slice(&chunk[..n]);
        }
        String::from_utf8(response).unwrap()
    }

    #[test]
    fn listen_takes_an_address_a_host_name_or_a_port() {
        use super::listen_address;
        assert_eq!(
            listen_address("8081"),
            Ok("127.0.0.1:8081".parse().unwrap())
        );
        assert_eq!(
            listen_address("0.0.0.0:80"),
            Ok("0.0.0.0:80".parse().unwrap())
        );
        assert_eq!(listen_address("[::1]:0"), Ok("[::1]:0".parse().unwrap()));
        let local = listen_address("localhost:0").unwrap();
        assert!(local.ip().is_loopback() && local.port() == 0, "{local}");
        let wrong = listen_address("no-port").unwrap_err();
        assert!(wrong.contains("is not HOST:PORT or a port"), "{wrong}");
    }

    // Regression: an idle connection stayed open at least 45 s, and ~20,000 of
    // them exhausted the server's file descriptors.
    #[tokio::test]
    async fn a_connection_that_sends_nothing_is_closed_by_the_server() {
        // The request head's deadline covers it, whatever the idle timeout.
        let limits = Limits {
            header_read_timeout: Duration::from_millis(200),
            idle_timeout: GENEROUS * 2,
            ..Limits::default()
        };
        let (addr, _stop) = start(limits).await;
        let mut stream = TcpStream::connect(addr).await.unwrap();
        assert_eq!(until_closed(&mut stream).await, Some(Vec::new()));
    }

    #[tokio::test]
    async fn a_kept_alive_connection_is_closed_once_idle_after_its_response() {
        let (addr, _stop) = start(short(Duration::from_millis(200))).await;
        let mut stream = TcpStream::connect(addr).await.unwrap();
        assert!(get(&mut stream).await.starts_with("HTTP/1.1 200"));
        assert_eq!(until_closed(&mut stream).await, Some(Vec::new()));
    }

    #[tokio::test]
    async fn a_client_that_does_not_read_its_response_is_dropped() {
        // More than loopback socket buffers hold, so the server's writes block.
        const LARGE: usize = 32 << 20;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app =
            axum::Router::new().route("/large", axum::routing::get(|| async { vec![b'x'; LARGE] }));
        let limits = Limits {
            header_read_timeout: GENEROUS * 2,
            idle_timeout: Duration::from_millis(200),
            ..Limits::default()
        };
        let (_stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(serve(listener, app, limits, async move {
            let _ = stopped.await;
        }));
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(b"GET /large HTTP/1.1\r\nHost: test\r\n\r\n")
            .await
            .unwrap();
        // Two idle timeouts and then some, without reading.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let received = until_closed(&mut stream).await.expect("closed");
        assert!(
            received.len() < LARGE,
            "the whole response arrived: {}",
            received.len()
        );
    }

    #[tokio::test]
    async fn a_request_head_sent_byte_by_byte_is_cut_off() {
        // Bytes keep moving, so only the head's own deadline can end this.
        let limits = Limits {
            header_read_timeout: Duration::from_millis(300),
            idle_timeout: GENEROUS,
            ..Limits::default()
        };
        let (addr, _stop) = start(limits).await;
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
        let mut sent = 0;
        // Each round waits 50 ms; a server that never cuts off sees all 400.
        while sent < 400 {
            if stream.write_all(b"X-Slow: 1\r\n").await.is_err() {
                break;
            }
            sent += 1;
            let mut byte = [0; 1];
            let read = tokio::time::timeout(Duration::from_millis(50), stream.read(&mut byte));
            if let Ok(Ok(0) | Err(_)) = read.await {
                break;
            }
        }
        assert!(
            sent < 400,
            "the server read {sent} header lines without closing"
        );
    }

    #[tokio::test]
    async fn connections_past_the_cap_wait_until_one_closes() {
        let limits = Limits {
            max_connections: 2,
            ..Limits::default()
        };
        let (addr, _stop) = start(limits).await;
        let mut first = TcpStream::connect(addr).await.unwrap();
        let mut second = TcpStream::connect(addr).await.unwrap();
        get(&mut first).await;
        get(&mut second).await;
        let mut third = TcpStream::connect(addr).await.unwrap();
        third
            .write_all(b"GET / HTTP/1.1\r\nHost: test\r\n\r\n")
            .await
            .unwrap();
        let mut byte = [0; 1];
        let early = tokio::time::timeout(Duration::from_millis(300), third.read(&mut byte)).await;
        assert!(early.is_err(), "a third connection was served: {early:?}");
        drop(first);
        let later = tokio::time::timeout(GENEROUS, third.read(&mut byte)).await;
        assert!(matches!(later, Ok(Ok(1))), "{later:?}");
    }

    // Regression: a request with more header fields than hyper's default 100
    // got hyper's 431 with an empty body and no request ID; now the portal
    // answers it with its own problem document.
    #[tokio::test]
    async fn a_request_with_many_headers_reaches_the_app_instead_of_hypers_empty_431() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let portal = Arc::new(errcat_portal::Portal::from_views(Vec::new()));
        let (_stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(serve(
            listener,
            errcat_portal::router(portal),
            Limits::default(),
            async move {
                let _ = stopped.await;
            },
        ));
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let mut request =
            String::from("GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n");
        for index in 0..150 {
            request.push_str(&format!("X-Field-{index}: v\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let response = String::from_utf8(until_closed(&mut stream).await.unwrap()).unwrap();
        assert!(response.starts_with("HTTP/1.1 431"), "{response}");
        assert!(response.contains("x-request-id: "), "{response}");
        assert!(
            response.contains(r#""code":"headers_too_large""#),
            "{response}"
        );
    }

    /// A listener whose every accept fails as when the process is out of file descriptors.
    struct OutOfFiles(Arc<AtomicUsize>);

    impl Accept for OutOfFiles {
        type Io = tokio::io::DuplexStream;

        async fn accept(&mut self) -> io::Result<Self::Io> {
            self.0.fetch_add(1, Ordering::Relaxed);
            Err(io::Error::from_raw_os_error(24))
        }
    }

    #[tokio::test]
    async fn an_accept_error_backs_off_instead_of_spinning() {
        let attempts = Arc::new(AtomicUsize::new(0));
        let limits = Limits {
            accept_backoff: Duration::from_millis(100),
            ..Limits::default()
        };
        let window = tokio::time::sleep(Duration::from_millis(500));
        serve(OutOfFiles(attempts.clone()), app(), limits, window).await;
        let attempts = attempts.load(Ordering::Relaxed);
        // One attempt per backoff over the window (about 5); spinning makes thousands.
        assert!((1..=10).contains(&attempts), "{attempts} accept attempts");
    }
}
