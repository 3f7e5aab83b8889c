//! The contacts gRPC API over real gRPC on 127.0.0.1: every error a client
//! sees is a catalog error whose details `tonic-types` reads back.

use std::time::Duration;

use contacts_grpc_example::{Client, CreateContactRequest, GET_CONTACT};
use tonic_types::StatusExt as _;

/// A server on a free port, stopped when dropped.
struct Server {
    address: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    async fn start() -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            contacts_grpc_example::serve(listener, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        Server {
            address,
            stop: Some(stop),
            task: Some(task),
        }
    }

    async fn client(&self) -> Client {
        Client::connect(self.address.clone()).await.unwrap()
    }

    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(Duration::from_secs(5), self.task.take().unwrap())
            .await
            .expect("the server stops")
            .unwrap();
    }
}

fn request_id(status: &tonic::Status) -> &str {
    status
        .metadata()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn every_error_reaches_a_grpc_client_with_its_details() {
    let server = Server::start().await;
    let mut client = server.client().await;

    // A handler's error: NOT_FOUND with every detail, and the client's request ID.
    let mut request = tonic::Request::new(contacts_grpc_example::GetContactRequest { id: 7 });
    request
        .metadata_mut()
        .insert("x-request-id", "client-req-1".parse().unwrap());
    let status = client
        .call::<_, contacts_grpc_example::Contact>(GET_CONTACT, request)
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::NotFound);
    assert_eq!(status.message(), "No contact with id 7.");
    assert_eq!(request_id(&status), "client-req-1");
    let details = status.check_error_details().unwrap();
    let info = details.error_info().unwrap();
    assert_eq!(info.reason, "CONTACT_NOT_FOUND");
    assert_eq!(info.domain, "contacts.example.com");
    assert_eq!(info.metadata["id"], "7");
    assert_eq!(
        details.help().unwrap().links[0].url,
        "https://docs.contacts.example.com/errors/contact_not_found"
    );
    assert_eq!(details.request_info().unwrap().request_id, "client-req-1");
    let localized = details.localized_message().unwrap();
    assert_eq!(
        (localized.locale.as_str(), localized.message.as_str()),
        ("en", "No contact with id 7.")
    );

    // A malformed request: INVALID_ARGUMENT with one violation per field.
    let status = client.create_contact("", "not-an-email").await.unwrap_err();
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    assert_eq!(status.message(), "The contact has 2 invalid fields.");
    let details = status.check_error_details().unwrap();
    assert_eq!(details.error_info().unwrap().reason, "INVALID_CONTACT");
    let violations: Vec<_> = details
        .bad_request()
        .unwrap()
        .field_violations
        .iter()
        .map(|v| (v.field.as_str(), v.reason.as_str()))
        .collect();
    assert_eq!(violations, [("name", "LENGTH"), ("email", "INVALID_EMAIL")]);
    // A fresh request ID when the client sends none.
    assert!(errcat::RequestId::from_inbound(request_id(&status)).is_some());
    assert_eq!(
        details.request_info().unwrap().request_id,
        request_id(&status)
    );

    // `wire.grpc.code` picks ALREADY_EXISTS for this 409.
    let ada = client
        .create_contact("Ada", "ada@example.com")
        .await
        .unwrap();
    assert_eq!(client.get_contact(ada.id).await.unwrap(), ada);
    let status = client
        .create_contact("Ada again", "ada@example.com")
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::AlreadyExists);

    // A retryable 5xx: RetryInfo, and no argument in the metadata.
    let status = client
        .get_contact(contacts_grpc_example::UNAVAILABLE_ID)
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::Unavailable);
    let details = status.check_error_details().unwrap();
    assert_eq!(
        details.retry_info().unwrap().retry_delay,
        Some(Duration::from_secs(5))
    );
    assert!(details.error_info().unwrap().metadata.is_empty());

    server.stop().await;
}

#[tokio::test]
async fn unknown_methods_and_undecodable_messages_answer_with_framework_errors() {
    let server = Server::start().await;
    let mut client = server.client().await;

    // An unknown method of the service, and an unknown service.
    for path in ["/contacts.v1.Contacts/Nope", "/other.v1.Service/Call"] {
        let status = client
            .call::<_, contacts_grpc_example::Contact>(
                path,
                tonic::Request::new(contacts_grpc_example::GetContactRequest { id: 1 }),
            )
            .await
            .unwrap_err();
        assert_eq!(status.code(), tonic::Code::Unimplemented, "{path}");
        assert_eq!(
            status.message(),
            "This server does not implement the method called."
        );
        let details = status.check_error_details().unwrap();
        let info = details.error_info().unwrap();
        assert_eq!(info.reason, "METHOD_NOT_IMPLEMENTED");
        assert_eq!(info.domain, "contacts.example.com");
        assert!(details.request_info().is_some());
    }

    // `GetContact` with a message whose field 1 is a string, not a uint32.
    let status = client
        .call::<_, contacts_grpc_example::Contact>(
            GET_CONTACT,
            tonic::Request::new(CreateContactRequest {
                name: "not a number".into(),
                email: String::new(),
            }),
        )
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    let details = status.check_error_details().unwrap();
    assert_eq!(details.error_info().unwrap().reason, "MALFORMED_MESSAGE");
    assert!(
        status
            .message()
            .starts_with("The request message could not be decoded")
    );

    server.stop().await;
}
