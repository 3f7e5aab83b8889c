//! One gRPC call through `GrpcErrorLayer`, for the gRPC tests that watch
//! what the layer reports: `/contacts.Contacts/Get` returns an errcat error,
//! `/contacts.Contacts/Panic` panics, and any other method returns a status
//! the handler built itself (not an errcat error).

use errcat_runtime::ApiError;
use errcat_runtime::grpc::GrpcErrorLayer;
use tower::{Layer as _, ServiceExt as _};

use super::common;

/// Calls `path` with `request_id` through the layer.
pub async fn call(path: &str, request_id: &str) {
    let inner = tower::service_fn(|request: http::Request<()>| async move {
        let response: http::Response<tonic::body::Body> = match request.uri().path() {
            "/contacts.Contacts/Get" => {
                let error: ApiError = common::catalog(common::CATALOG)
                    .error("contact_not_found")
                    .unwrap()
                    .arg("id", "c_1");
                tonic::Status::from(error).into_http()
            }
            "/contacts.Contacts/Panic" => panic!("boom"),
            // A status the handler built itself: not an errcat error, not logged.
            _ => tonic::Status::permission_denied("no").into_http(),
        };
        Ok::<_, std::convert::Infallible>(response)
    });
    let service = GrpcErrorLayer::new(common::catalog(common::CATALOG)).layer(inner);
    let request = http::Request::post(format!("http://localhost{path}"))
        .header("x-request-id", request_id)
        .body(())
        .unwrap();
    service.oneshot(request).await.unwrap();
}
