//! `clerk`: Clerk's Backend API errors; `Content-Type` exactly `application/json`.
//!
//! ```json
//! {
//!   "errors": [
//!     {"message": "Contact not found", "long_message": "No contact \"c_42\" in list vip",
//!      "code": "contact_not_found", "meta": {"resource": "contact"}}
//!   ],
//!   "clerk_trace_id": "req-1"
//! }
//! ```
//!
//! `message` is the short message (title), `long_message` the rendered
//! template. A validation failure sends one error object per field, each with
//! `meta.param_name`, as Clerk does for form errors. `meta` merges the entry's
//! static meta (when it is an object) with the error's details.

use errcat_catalog::Code;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{
    RenderContext, Rendered, Text, public_details, public_fields, public_message, public_title,
    to_vec,
};
use crate::error::ApiError;

#[derive(Serialize)]
struct Body<'a> {
    errors: Vec<Item<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    clerk_trace_id: Option<&'a str>,
}

#[derive(Serialize)]
struct Item<'a> {
    message: Text<'a>,
    long_message: Text<'a>,
    code: &'a Code,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Value>,
}

fn base_meta(error: &ApiError) -> Map<String, Value> {
    let mut meta = match &error.entry().entry.meta {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    if let Some(Value::Object(details)) = public_details(error) {
        meta.extend(details.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    meta
}

pub(super) fn render(error: &ApiError, _context: &RenderContext<'_>) -> Rendered {
    let title = public_title(error);
    let meta = base_meta(error);
    let fields = public_fields(error);
    let errors = if fields.is_empty() {
        vec![Item {
            message: title,
            long_message: public_message(error),
            code: error.code(),
            meta: (!meta.is_empty()).then_some(Value::Object(meta)),
        }]
    } else {
        fields
            .iter()
            .map(|field| {
                let mut meta = meta.clone();
                meta.insert(
                    "param_name".to_owned(),
                    Value::String(field.field.to_string()),
                );
                Item {
                    message: title,
                    long_message: Text::Plain(&field.message),
                    code: error.code(),
                    meta: Some(Value::Object(meta)),
                }
            })
            .collect()
    };
    let body = Body {
        errors,
        clerk_trace_id: error.request_id().map(|id| id.as_str()),
    };
    Rendered::json(error.status(), super::APPLICATION_JSON, to_vec(&body))
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::profile::test_support::{FIXED, not_found, pretty, rate_limited};

    #[test]
    fn clerk_body_sends_one_error_per_field_with_param_name() {
        let rendered = Profile::Clerk.render(&not_found(), &FIXED);
        assert_eq!(rendered.header("content-type"), Some("application/json"));
        assert_eq!(
            pretty(&rendered),
            r#"{
  "errors": [
    {
      "message": "Contact not found",
      "long_message": "Invalid email",
      "code": "contact_not_found",
      "meta": {
        "resource": "contact",
        "param_name": "email"
      }
    },
    {
      "message": "Contact not found",
      "long_message": "Required",
      "code": "contact_not_found",
      "meta": {
        "resource": "contact",
        "param_name": "profile.name"
      }
    }
  ],
  "clerk_trace_id": "req-1"
}"#
        );
    }

    #[test]
    fn clerk_rate_limit_has_whole_second_retry_after() {
        let rendered = Profile::Clerk.render(&rate_limited(), &FIXED);
        assert_eq!(rendered.status, 429);
        assert_eq!(rendered.header("retry-after"), Some("30"));
        assert_eq!(
            String::from_utf8(rendered.body).unwrap(),
            r#"{"errors":[{"message":"Too many requests","long_message":"Slow down; retry in 30 seconds","code":"rate_limited"}],"clerk_trace_id":"req-2"}"#
        );
    }
}
