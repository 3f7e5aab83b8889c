//! A contacts API whose every error path goes through errcat: handler
//! errors, validation failures, malformed requests, unknown routes, panics.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::get;
use errcat::axum::{ErrorLayer, Json, Path};
use errcat::{ApiError, Profile};
use garde::Validate;
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

errcat::catalog!("errors.toml");

/// The service's OpenAPI document, as utoipa generates it from the handlers'
/// attributes: each operation lists the catalog errors its handler returns,
/// and `ErrorDocs` adds the error body schema and the framework errors.
#[derive(Debug, OpenApi)]
#[openapi(
    info(title = "Contacts API", version = "1.0.0"),
    paths(list, create, show, remove),
    modifiers(&ERROR_DOCS)
)]
pub struct Api;

static ERROR_DOCS: errcat::utoipa::ErrorDocs = errcat::utoipa::ErrorDocs::new(errors::catalog);

/// A stored contact.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Contact {
    id: u32,
    name: String,
    email: String,
}

/// The body of `POST /contacts`.
#[derive(Debug, Deserialize, Validate, utoipa::ToSchema)]
pub struct NewContact {
    #[garde(length(min = 1, max = 100))]
    name: String,
    #[garde(email)]
    email: String,
}

#[derive(Debug, Default)]
struct Store {
    next_id: u32,
    contacts: BTreeMap<u32, Contact>,
}

type Shared = Arc<Mutex<Store>>;

/// The service, answering errors in `profile`.
pub fn app(profile: Profile) -> Router {
    Router::new()
        .route("/contacts", get(list).post(create))
        .route("/contacts/{id}", get(show).delete(remove))
        .route("/openapi.json", get(openapi))
        // One line turns metrics on: each error sent, counted for Prometheus.
        .route("/metrics", errcat::axum::prometheus_route())
        .with_state(Shared::default())
        .layer(DefaultBodyLimit::max(4096))
        .layer(ErrorLayer::new(errors::catalog().clone(), profile).negotiate(true))
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(Api::openapi())
}

#[utoipa::path(get, path = "/contacts", responses((status = 200, body = [Contact])))]
async fn list(State(store): State<Shared>) -> Json<Vec<Contact>> {
    let store = store.lock().expect("store lock");
    Json(store.contacts.values().cloned().collect())
}

#[utoipa::path(
    get,
    path = "/contacts/{id}",
    params(("id" = u32, Path)),
    responses((status = 200, body = Contact), errcat::utoipa::Errors<errors::entries::ContactNotFound>)
)]
async fn show(State(store): State<Shared>, Path(id): Path<u32>) -> Result<Json<Contact>, ApiError> {
    let store = store.lock().expect("store lock");
    store
        .contacts
        .get(&id)
        .cloned()
        .map(Json)
        .ok_or_else(|| errors::contact_not_found(i64::from(id)))
}

#[utoipa::path(
    post,
    path = "/contacts",
    request_body = NewContact,
    responses(
        (status = 201, body = Contact),
        errcat::utoipa::Errors<(errors::entries::InvalidContact, errors::entries::ContactEmailTaken)>
    )
)]
async fn create(
    State(store): State<Shared>,
    Json(new): Json<NewContact>,
) -> Result<(StatusCode, Json<Contact>), ApiError> {
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
    Ok((StatusCode::CREATED, Json(contact)))
}

#[utoipa::path(
    delete,
    path = "/contacts/{id}",
    params(("id" = u32, Path)),
    responses((status = 204), errcat::utoipa::Errors<errors::entries::ContactNotFound>)
)]
async fn remove(State(store): State<Shared>, Path(id): Path<u32>) -> Result<StatusCode, ApiError> {
    let mut store = store.lock().expect("store lock");
    match store.contacts.remove(&id) {
        Some(_) => Ok(StatusCode::NO_CONTENT),
        None => Err(errors::contact_not_found(i64::from(id))),
    }
}
