//! `google`: Google AIP-193 errors.
//!
//! ```json
//! {"error": {"code": 404, "message": "No contact \"c_42\" in list vip", "status": "NOT_FOUND",
//!   "details": [
//!     {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "CONTACT_NOT_FOUND",
//!      "domain": "contacts.example.com", "metadata": {"id": "c_42", "list": "vip"}},
//!     {"@type": "type.googleapis.com/google.rpc.BadRequest",
//!      "fieldViolations": [{"field": "email", "description": "Invalid email", "reason": "INVALID_STRING"}]},
//!     {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "30s"}]}}
//! ```
//!
//! `status` is the canonical name of the HTTP code; `reason` is the wire code
//! in UPPER_SNAKE_CASE; `domain` is the catalog's; `metadata` holds the
//! arguments as strings. `BadRequest` appears with field errors, `RetryInfo`
//! when the entry gives a retry delay.

use serde_json::{Map, Value, json};

use super::{
    RenderContext, Rendered, public_fields, public_message, redacted, to_vec, upper_snake,
};
use crate::error::ApiError;

/// The canonical `google.rpc.Code` name for an HTTP status.
pub fn canonical_status(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 | 422 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        412 => "FAILED_PRECONDITION",
        416 => "OUT_OF_RANGE",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        400..=499 => "FAILED_PRECONDITION",
        _ => "INTERNAL",
    }
}

pub(super) fn render(error: &ApiError, _context: &RenderContext<'_>) -> Rendered {
    let status = error.status().as_u16();
    let mut metadata = Map::new();
    if !redacted(error) {
        for (name, value) in error.args() {
            metadata.insert(name.to_owned(), Value::String(value.to_string()));
        }
    }
    if let Some(id) = error.request_id() {
        metadata.insert("request_id".to_owned(), Value::String(id.to_string()));
    }
    let mut info = Map::new();
    info.insert(
        "@type".to_owned(),
        json!("type.googleapis.com/google.rpc.ErrorInfo"),
    );
    info.insert(
        "reason".to_owned(),
        Value::String(upper_snake(&error.code().to_string())),
    );
    if let Some(domain) = &error.entry().domain {
        info.insert("domain".to_owned(), Value::String(domain.to_string()));
    }
    if !metadata.is_empty() {
        info.insert("metadata".to_owned(), Value::Object(metadata));
    }
    let mut details = vec![Value::Object(info)];
    let fields = public_fields(error);
    if !fields.is_empty() {
        let violations: Vec<Value> = fields
            .iter()
            .map(|f| {
                let mut violation = json!({ "field": f.field, "description": f.message });
                if let Some(code) = &f.code {
                    violation["reason"] = Value::String(upper_snake(code));
                }
                violation
            })
            .collect();
        details.push(json!({ "@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": violations }));
    }
    if let Some(seconds) = error.retry_after_seconds() {
        details.push(json!({ "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": format!("{seconds}s") }));
    }
    let body = json!({ "error": {
        "code": status,
        "message": public_message(error),
        "status": canonical_status(status),
        "details": details,
    }});
    Rendered::json(error.status(), super::APPLICATION_JSON, to_vec(&body))
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::profile::test_support::{FIXED, not_found, pretty, rate_limited};

    #[test]
    fn google_body_has_error_info_and_bad_request() {
        let rendered = Profile::Google.render(&not_found(), &FIXED);
        assert_eq!(
            pretty(&rendered),
            r#"{
  "error": {
    "code": 404,
    "message": "No contact \"c_42\" in list vip",
    "status": "NOT_FOUND",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "CONTACT_NOT_FOUND",
        "domain": "contacts.example.com",
        "metadata": {
          "id": "c_42",
          "list": "vip",
          "request_id": "req-1"
        }
      },
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        "fieldViolations": [
          {
            "field": "email",
            "description": "Invalid email",
            "reason": "INVALID_STRING"
          },
          {
            "field": "profile.name",
            "description": "Required",
            "reason": "REQUIRED"
          }
        ]
      }
    ]
  }
}"#
        );
    }

    #[test]
    fn google_rate_limit_carries_retry_info() {
        let rendered = Profile::Google.render(&rate_limited(), &FIXED);
        let body: serde_json::Value = serde_json::from_slice(&rendered.body).unwrap();
        assert_eq!(body["error"]["status"], "RESOURCE_EXHAUSTED");
        assert_eq!(body["error"]["details"][1]["retryDelay"], "30s");
    }
}
