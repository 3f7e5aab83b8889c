//! The actix-web contacts service on a free port, for the tests.

use std::net::SocketAddr;
use std::sync::Mutex;

use actix_web::{HttpServer, web};
use errcat::Profile;

/// The service on a free port, stopped when dropped.
pub struct Server {
    pub addr: SocketAddr,
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(profile: Profile) -> Server {
        let (ready, started) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let store = web::Data::new(Mutex::new(contacts_actix_example::Store::default()));
                let server =
                    HttpServer::new(move || contacts_actix_example::app(profile, store.clone()))
                        .workers(1)
                        .disable_signals()
                        .bind("127.0.0.1:0")
                        .unwrap();
                let addr = server.addrs()[0];
                let server = server.run();
                ready.send((addr, server.handle())).unwrap();
                server.await.unwrap();
            });
        });
        let (addr, handle) = started.recv().unwrap();
        Server {
            addr,
            handle,
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        actix_web::rt::System::new().block_on(self.handle.stop(true));
        let _ = self.thread.take().map(std::thread::JoinHandle::join);
    }
}
