//! The contacts API on actix-web: the same catalog, handlers and answers as
//! the axum example (`examples/contacts`), every error path through errcat.

use std::collections::BTreeMap;
use std::sync::Mutex;

use actix_web::{App, HttpResponse, web};
use errcat::actix::ErrorMiddleware;
use errcat::{ApiError, Profile};
use garde::Validate;
use serde::{Deserialize, Serialize};

errcat::catalog!("../contacts/errors.toml");

/// A stored contact.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    id: u32,
    name: String,
    email: String,
}

/// The body of `POST /contacts`.
#[derive(Debug, Deserialize, Validate)]
pub struct NewContact {
    #[garde(length(min = 1, max = 100))]
    name: String,
    #[garde(email)]
    email: String,
}

/// The contacts, shared by the server's workers.
#[derive(Debug, Default)]
pub struct Store {
    next_id: u32,
    contacts: BTreeMap<u32, Contact>,
}

/// Largest request body read, in bytes (as the axum example's).
const BODY_LIMIT: usize = 4096;

/// Registers the routes, the extractor configs that reject with catalog
/// errors, and the middleware answering errors in `profile`.
pub fn app(
    profile: Profile,
    store: web::Data<Mutex<Store>>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(store)
        .app_data(errcat::actix::json_config_with_limit(BODY_LIMIT))
        .app_data(errcat::actix::path_config())
        .app_data(errcat::actix::query_config())
        .service(
            web::resource("/contacts")
                .route(web::get().to(list))
                .route(web::post().to(create)),
        )
        .service(
            web::resource("/contacts/{id}")
                .route(web::get().to(show))
                .route(web::delete().to(remove)),
        )
        // One line turns metrics on: each error sent, counted for Prometheus.
        .route("/metrics", errcat::actix::prometheus_route())
        .wrap(ErrorMiddleware::new(errors::catalog().clone(), profile))
}

async fn list(store: web::Data<Mutex<Store>>) -> web::Json<Vec<Contact>> {
    let store = store.lock().expect("store lock");
    web::Json(store.contacts.values().cloned().collect())
}

async fn show(
    store: web::Data<Mutex<Store>>,
    id: web::Path<u32>,
) -> Result<web::Json<Contact>, ApiError> {
    let id = id.into_inner();
    let store = store.lock().expect("store lock");
    store
        .contacts
        .get(&id)
        .cloned()
        .map(web::Json)
        .ok_or_else(|| errors::contact_not_found(i64::from(id)))
}

async fn create(
    store: web::Data<Mutex<Store>>,
    errcat::actix::Json(new): errcat::actix::Json<NewContact>,
) -> Result<HttpResponse, ApiError> {
    if let Err(report) = new.validate() {
        let fields = errcat::validation::from_garde(&report);
        return Err(errors::invalid_contact(fields.len()).fields(fields));
    }
    let mut store = store.lock().expect("store lock");
    if store.contacts.values().any(|c| c.email == new.email) {
        return Err(errors::contact_email_taken(&new.email));
    }
    store.next_id += 1;
    let contact = Contact {
        id: store.next_id,
        name: new.name,
        email: new.email,
    };
    store.contacts.insert(contact.id, contact.clone());
    Ok(HttpResponse::Created().json(contact))
}

async fn remove(
    store: web::Data<Mutex<Store>>,
    id: web::Path<u32>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let mut store = store.lock().expect("store lock");
    match store.contacts.remove(&id) {
        Some(_) => Ok(HttpResponse::NoContent().finish()),
        None => Err(errors::contact_not_found(i64::from(id))),
    }
}
