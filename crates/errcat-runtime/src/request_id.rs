//! Request IDs: valid by construction, propagated from the client when safe.

use std::fmt;
use std::sync::Arc;

/// A request ID: at most 128 characters of `[A-Za-z0-9._:-]`.
///
/// An inbound ID that breaks the rule is never used: [`RequestId::from_inbound`]
/// returns `None` and a fresh one is made, so IDs are safe in headers, bodies and logs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(Arc<str>);

impl RequestId {
    /// Longest accepted inbound ID.
    pub const MAX_LEN: usize = 128;

    /// A fresh random ID (a UUID v4).
    pub fn generate() -> Self {
        // Written into a buffer on the stack: no `fmt` machinery, no String.
        let mut text = uuid::Uuid::encode_buffer();
        RequestId::new_unchecked(uuid::Uuid::new_v4().hyphenated().encode_lower(&mut text))
    }

    /// One allocation; the header value is made when a response sends it.
    fn new_unchecked(text: &str) -> Self {
        RequestId(text.into())
    }

    /// The client's ID, if it follows the rule.
    pub fn from_inbound(value: &str) -> Option<Self> {
        let valid = !value.is_empty()
            && value.len() <= Self::MAX_LEN
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'));
        valid.then(|| RequestId::new_unchecked(value))
    }

    /// The ID of the request the current task serves: inside axum's
    /// `ErrorLayer` (where handlers can also take it as an extractor),
    /// actix-web's `ErrorMiddleware` or tonic's `GrpcErrorLayer`, in the
    /// request's future (handlers, extractors, middleware). `None`
    /// elsewhere: in a task a handler spawned (pass the ID into it), in the
    /// `call` of a tower service inside axum's layer (its future has it),
    /// or with no layer at all.
    ///
    /// ```
    /// assert_eq!(errcat_runtime::RequestId::current(), None);
    /// ```
    pub fn current() -> Option<RequestId> {
        #[cfg(any(feature = "axum", feature = "actix"))]
        if let Some(id) = crate::service::with_scope(|scope| scope.request_id.clone()) {
            return Some(id);
        }
        #[cfg(feature = "tonic")]
        if let Some(id) = crate::grpc::scope_request_id() {
            return Some(id);
        }
        None
    }

    /// The ID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ID's bytes: ASCII, none of which JSON escapes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The ID as a header value.
    pub fn header_value(&self) -> http::HeaderValue {
        http::HeaderValue::from_str(&self.0).expect("request IDs are visible ASCII")
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::RequestId;
    use proptest::prelude::*;

    #[test]
    fn inbound_ids_follow_the_rule() {
        let long_ok = "a".repeat(128);
        let too_long = "a".repeat(129);
        let cases = [
            ("abc-123", true),
            ("req_1.2:3", true),
            (long_ok.as_str(), true),
            (too_long.as_str(), false),
            ("", false),
            ("has space", false),
            ("new\nline", false),
            ("<script>", false),
            ("ünïcode", false),
        ];
        for (value, accepted) in cases {
            assert_eq!(
                RequestId::from_inbound(value).is_some(),
                accepted,
                "{value:?}"
            );
        }
    }

    #[test]
    fn generated_ids_are_valid_inbound_ids() {
        let id = RequestId::generate();
        assert_eq!(RequestId::from_inbound(id.as_str()), Some(id));
    }

    proptest! {
        #[test]
        fn accepted_ids_are_header_safe(value in ".{0,200}") {
            if let Some(id) = RequestId::from_inbound(&value) {
                prop_assert!(http::HeaderValue::from_str(id.as_str()).is_ok());
                prop_assert!(id.as_str().len() <= 128);
            }
        }
    }
}
