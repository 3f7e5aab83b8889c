//! The contacts API as a tonic gRPC service whose every error is a catalog
//! error: handler errors (typed constructors from `errors.toml`), validation
//! failures (`BadRequest`), and through errcat's layer unknown methods,
//! undecodable messages and panics.
//!
//! The messages and the service follow `proto/contacts.proto`, written by
//! hand (prost derives and tonic's server and client pieces) so that the
//! build needs no `protoc`.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use errcat::ApiError;
use errcat::grpc::GrpcErrorLayer;
use tonic::codegen::{Body, BoxFuture, Bytes, StdError, http};
use tonic::server::{Grpc, NamedService, UnaryService};
use tonic::{Request, Response, Status};

errcat::catalog!("errors.toml");

/// `contacts.v1.Contact`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Contact {
    /// The contact's id.
    #[prost(uint32, tag = "1")]
    pub id: u32,
    /// Display name.
    #[prost(string, tag = "2")]
    pub name: String,
    /// Email address.
    #[prost(string, tag = "3")]
    pub email: String,
}

/// `contacts.v1.GetContactRequest`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct GetContactRequest {
    /// The contact's id.
    #[prost(uint32, tag = "1")]
    pub id: u32,
}

/// `contacts.v1.CreateContactRequest`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct CreateContactRequest {
    /// Display name: 1 to 100 characters.
    #[prost(string, tag = "1")]
    pub name: String,
    /// Email address.
    #[prost(string, tag = "2")]
    pub email: String,
}

/// The service's full name.
pub const SERVICE: &str = "contacts.v1.Contacts";
/// `GetContact`'s path.
pub const GET_CONTACT: &str = "/contacts.v1.Contacts/GetContact";
/// `CreateContact`'s path.
pub const CREATE_CONTACT: &str = "/contacts.v1.Contacts/CreateContact";

/// The id for which `GetContact` reports the store unavailable: how the
/// test reaches a retryable 5xx.
pub const UNAVAILABLE_ID: u32 = 503;

#[derive(Debug, Default)]
struct Store {
    next_id: u32,
    contacts: BTreeMap<u32, Contact>,
}

/// The contacts service.
#[derive(Debug, Clone, Default)]
pub struct Contacts {
    store: Arc<Mutex<Store>>,
}

impl Contacts {
    fn get(&self, request: &GetContactRequest) -> Result<Contact, ApiError> {
        if request.id == UNAVAILABLE_ID {
            return Err(errors::contacts_unavailable(5));
        }
        let store = self.store.lock().expect("store lock");
        store
            .contacts
            .get(&request.id)
            .cloned()
            .ok_or_else(|| errors::contact_not_found(i64::from(request.id)))
    }

    fn create(&self, request: CreateContactRequest) -> Result<Contact, ApiError> {
        let mut invalid = Vec::new();
        if request.name.is_empty() || request.name.chars().count() > 100 {
            invalid.push(("name", "Give a name of 1 to 100 characters", "length"));
        }
        if !request.email.contains('@') {
            invalid.push(("email", "Not an email address", "invalid_email"));
        }
        if !invalid.is_empty() {
            let mut error = errors::invalid_contact(invalid.len());
            for (field, message, code) in invalid {
                error = error.field(field, message, Some(code));
            }
            return Err(error);
        }
        let mut store = self.store.lock().expect("store lock");
        if store.contacts.values().any(|c| c.email == request.email) {
            return Err(errors::contact_email_taken(&request.email));
        }
        store.next_id += 1;
        let contact = Contact {
            id: store.next_id,
            name: request.name,
            email: request.email,
        };
        store.contacts.insert(contact.id, contact.clone());
        Ok(contact)
    }
}

/// One unary method: the service and the function that answers it.
struct Method<Req> {
    service: Contacts,
    answer: fn(&Contacts, Req) -> Result<Contact, ApiError>,
}

impl<Req: Send + 'static> UnaryService<Req> for Method<Req> {
    type Response = Contact;
    type Future = BoxFuture<Response<Contact>, Status>;

    fn call(&mut self, request: Request<Req>) -> Self::Future {
        let result = (self.answer)(&self.service, request.into_inner());
        // `?` (here `map_err(Into::into)`) turns an ApiError into its Status.
        Box::pin(async move { Ok(Response::new(result?)) })
    }
}

impl<B> tower_service::Service<http::Request<B>> for Contacts
where
    B: Body<Data = Bytes> + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = std::convert::Infallible;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let service = self.clone();
        match request.uri().path() {
            GET_CONTACT => {
                let method = Method {
                    service,
                    answer: |service, request: GetContactRequest| service.get(&request),
                };
                Box::pin(async move {
                    let mut grpc = Grpc::new(tonic_prost::ProstCodec::default());
                    Ok(grpc.unary(method, request).await)
                })
            }
            CREATE_CONTACT => {
                let method = Method {
                    service,
                    answer: Contacts::create,
                };
                Box::pin(async move {
                    let mut grpc = Grpc::new(tonic_prost::ProstCodec::default());
                    Ok(grpc.unary(method, request).await)
                })
            }
            // As generated services answer: errcat's layer turns it into
            // the catalog's `method_not_implemented`.
            _ => Box::pin(async move { Ok(Status::unimplemented("").into_http()) }),
        }
    }
}

impl NamedService for Contacts {
    const NAME: &'static str = SERVICE;
}

/// Serves the API on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()>,
) -> Result<(), tonic::transport::Error> {
    tonic::transport::Server::builder()
        .layer(GrpcErrorLayer::new(errors::catalog().clone()))
        .add_service(Contacts::default())
        .serve_with_incoming_shutdown(
            tokio_stream::wrappers::TcpListenerStream::new(listener),
            shutdown,
        )
        .await
}

/// A client for the API, over any path (the tests call unknown methods too).
#[derive(Debug, Clone)]
pub struct Client {
    inner: tonic::client::Grpc<tonic::transport::Channel>,
}

impl Client {
    /// Connects to `http://HOST:PORT`.
    pub async fn connect(address: String) -> Result<Self, tonic::transport::Error> {
        let channel = tonic::transport::Endpoint::from_shared(address)?
            .connect()
            .await?;
        Ok(Client {
            inner: tonic::client::Grpc::new(channel),
        })
    }

    /// Calls the unary method at `path` with any message.
    pub async fn call<Req, Res>(
        &mut self,
        path: &'static str,
        request: Request<Req>,
    ) -> Result<Response<Res>, Status>
    where
        Req: prost::Message + Send + Sync + 'static,
        Res: prost::Message + Default + Send + Sync + 'static,
    {
        self.inner
            .ready()
            .await
            .map_err(|error| Status::unavailable(error.to_string()))?;
        let codec = tonic_prost::ProstCodec::default();
        self.inner
            .unary(request, http::uri::PathAndQuery::from_static(path), codec)
            .await
    }

    /// `GetContact`.
    pub async fn get_contact(&mut self, id: u32) -> Result<Contact, Status> {
        let request = Request::new(GetContactRequest { id });
        Ok(self.call(GET_CONTACT, request).await?.into_inner())
    }

    /// `CreateContact`.
    pub async fn create_contact(&mut self, name: &str, email: &str) -> Result<Contact, Status> {
        let request = Request::new(CreateContactRequest {
            name: name.to_owned(),
            email: email.to_owned(),
        });
        Ok(self.call(CREATE_CONTACT, request).await?.into_inner())
    }
}
