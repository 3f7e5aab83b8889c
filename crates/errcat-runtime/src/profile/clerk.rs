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

use super::reading::{FieldName, Fields, Form, Reading, Step};
use super::{Engine, Spec, X_REQUEST_ID};
use serde_json::{Map, Value, json};

use super::json::Object;
use super::{
    RenderContext, Rendered, body_buffer, public_details, public_fields, public_message,
    public_title,
};
use crate::error::ApiError;

/// The entry's object `meta` with the error's object details merged over it.
fn merged_meta(error: &ApiError) -> Map<String, Value> {
    let mut meta = match &error.entry().entry.meta {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    if let Some(Value::Object(details)) = public_details(error) {
        meta.extend(details.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    meta
}

/// The `meta` every error object of a body shares, before its field's
/// `param_name`: decided once per body.
enum SharedMeta<'a> {
    /// The entry's members as serialized when the catalog was compiled.
    Compiled(&'a str),
    /// The entry's meta with the error's details merged over it.
    Merged(Map<String, Value>),
}

impl<'a> SharedMeta<'a> {
    /// The shared meta of `error`'s objects; `with_fields`: each object is a
    /// field's, with its own `param_name`.
    fn of(error: &'a ApiError, with_fields: bool) -> Self {
        let has_details =
            matches!(public_details(error), Some(Value::Object(details)) if !details.is_empty());
        let entry = error.entry();
        // A field's `param_name` replaces the entry's own: the merge writes that.
        let names_param = with_fields
            && matches!(&entry.entry.meta, Some(Value::Object(meta)) if meta.contains_key("param_name"));
        match &entry.escaped.meta_members {
            Some(members) if !has_details && !names_param => SharedMeta::Compiled(members),
            _ => SharedMeta::Merged(merged_meta(error)),
        }
    }
}

/// Writes `meta`: the shared members, and the field's `param_name`.
fn write_meta(item: &mut Object<'_>, meta: &SharedMeta<'_>, param_name: Option<&str>) {
    match meta {
        SharedMeta::Compiled(members) => {
            if !members.is_empty() || param_name.is_some() {
                item.object("meta", |object| {
                    object.members_json(members);
                    object.field_if_some("param_name", param_name);
                });
            }
        }
        SharedMeta::Merged(meta) => {
            if meta.is_empty() && param_name.is_none() {
                return;
            }
            item.object("meta", |object| {
                for (key, value) in meta {
                    if param_name.is_none() || key != "param_name" {
                        object.field_with_key(key, value);
                    }
                }
                object.field_if_some("param_name", param_name);
            });
        }
    }
}

/// The profile's description; see [`Spec`].
pub(super) static SPEC: Spec = Spec {
    name: "clerk",
    summary: "Clerk's {errors: [{message, long_message, code, meta}], clerk_trace_id}.",
    media_type: "application/json",
    request_id_header: X_REQUEST_ID,
    negotiable: false,
    digits_as_numbers: false,
    undeclared_status_succeeds: false,
    reading: Reading {
        xml: false,
        forms: &[Form {
            message: &[
                &[
                    Step::Key("errors"),
                    Step::Index(0),
                    Step::Key("long_message"),
                ],
                &[Step::Key("errors"), Step::Index(0), Step::Key("message")],
            ],
            message_with_fields: &[&[Step::Key("errors"), Step::Index(0), Step::Key("message")]],
            request_id: Some(&[Step::Key("clerk_trace_id")]),
            fields: Some(Fields::List {
                at: &[Step::Key("errors")],
                name: &[Step::Key("meta"), Step::Key("param_name")],
                name_form: FieldName::Dotted,
                message: &[Step::Key("long_message")],
                code: Some(&[Step::Key("code")]),
            }),
            ..Form::coded(&[Step::Key("errors"), Step::Index(0), Step::Key("code")])
        }],
    },
    engine: Engine::BuiltIn {
        render,
        body_schema,
    },
};

pub(super) fn render(error: &ApiError, _context: &RenderContext<'_>) -> Rendered {
    let title = public_title(error);
    let fields = public_fields(error);
    let meta = SharedMeta::of(error, !fields.is_empty());
    let mut out = body_buffer();
    Object::write(&mut out, |body| {
        if fields.is_empty() {
            body.array("errors", [()], |item, ()| {
                item.field("message", title);
                item.field("long_message", public_message(error));
                item.field("code", error.code_json());
                write_meta(item, &meta, None);
            });
        } else {
            body.array("errors", fields, |item, field| {
                item.field("message", title);
                item.field("long_message", &*field.message);
                item.field("code", error.code_json());
                write_meta(item, &meta, Some(&field.field));
            });
        }
        body.field_if_some("clerk_trace_id", error.request_id());
    });
    Rendered::json(error.status(), super::APPLICATION_JSON, out)
}

/// The JSON Schema of a Clerk error body; `code` is the schema of the wire code.
pub(super) fn body_schema(code: Value) -> Value {
    json!({
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["message", "long_message", "code"],
                    "properties": {
                        "message": {"type": "string"},
                        "long_message": {"type": "string"},
                        "code": code,
                        "meta": {"type": "object"},
                    },
                },
            },
            "clerk_trace_id": {"type": "string"},
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::profile::test_support::{FIXED, not_found, pretty, rate_limited};

    #[test]
    fn clerk_body_sends_one_error_per_field_with_param_name() {
        let rendered = Profile::CLERK.render(&not_found(), &FIXED);
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
    fn clerk_meta_merges_details_over_the_entry_s_meta() {
        let error = not_found().details(serde_json::json!({
            "resource": "person",
            "param_name": "from details",
            "list": "vip",
        }));
        let rendered = Profile::CLERK.render(&error, &FIXED);
        let body: serde_json::Value = serde_json::from_slice(&rendered.body).unwrap();
        // The field's own `param_name` wins; the details' keys keep the
        // entry's order and add theirs after.
        assert_eq!(
            serde_json::to_string(&body["errors"][0]["meta"]).unwrap(),
            r#"{"resource":"person","list":"vip","param_name":"email"}"#
        );
        let without_fields = crate::profile::test_support::catalog()
            .error("contact_not_found")
            .unwrap()
            .arg("id", "c_42")
            .arg("list", "vip")
            .details(serde_json::json!({"param_name": "from details"}));
        let rendered = Profile::CLERK.render(&without_fields, &FIXED);
        let body: serde_json::Value = serde_json::from_slice(&rendered.body).unwrap();
        assert_eq!(
            serde_json::to_string(&body["errors"][0]["meta"]).unwrap(),
            r#"{"resource":"contact","param_name":"from details"}"#
        );
    }

    #[test]
    fn clerk_rate_limit_has_whole_second_retry_after() {
        let rendered = Profile::CLERK.render(&rate_limited(), &FIXED);
        assert_eq!(rendered.status, 429);
        assert_eq!(rendered.header("retry-after"), Some("30"));
        assert_eq!(
            String::from_utf8(rendered.body).unwrap(),
            r#"{"errors":[{"message":"Too many requests","long_message":"Slow down; retry in 30 seconds","code":"rate_limited"}],"clerk_trace_id":"req-2"}"#
        );
    }
}
