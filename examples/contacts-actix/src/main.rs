//! `cargo run -p contacts-actix-example -- [PROFILE] [ADDR]`: the contacts API on actix-web.

use std::process::ExitCode;
use std::sync::Mutex;

use actix_web::{HttpServer, web};

fn main() -> ExitCode {
    tracing_subscriber::fmt().init();
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "problem".to_owned());
    let profile: errcat::Profile = match name.parse() {
        Ok(profile) => profile,
        Err(error) => {
            eprintln!("error: {error}");
            eprintln!("usage: contacts-actix-example [PROFILE] [ADDR]");
            return ExitCode::from(2);
        }
    };
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let store = web::Data::new(Mutex::new(contacts_actix_example::Store::default()));
    let served = actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || contacts_actix_example::app(profile, store.clone()))
            .bind(&addr)?;
        for bound in server.addrs() {
            println!("contacts API on http://{bound} ({profile} profile, actix-web)");
        }
        server.run().await
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
