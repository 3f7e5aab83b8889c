//! `google`: Google AIP-193 errors.
//!
//! ```json
//! {"error": {"code": 404, "message": "No contact \"c_42\" in list vip", "status": "NOT_FOUND",
//!   "details": [
//!     {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "CONTACT_NOT_FOUND",
//!      "domain": "contacts.example.com", "metadata": {"id": "c_42", "list": "vip"}},
//!     {"@type": "type.googleapis.com/google.rpc.BadRequest",
//!      "fieldViolations": [{"field": "email", "description": "Invalid email", "reason": "INVALID_STRING"}]},
//!     {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "30s"},
//!     {"@type": "type.googleapis.com/google.rpc.Help",
//!      "links": [{"description": "The reference page of this error",
//!                 "url": "https://docs.example.com/errors/contact_not_found"}]},
//!     {"@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "req-1"},
//!     {"@type": "type.googleapis.com/google.rpc.LocalizedMessage", "locale": "en",
//!      "message": "No contact \"c_42\" in list vip"}]}}
//! ```
//!
//! Every part comes from [`crate::details::of`], which the gRPC `Status` reads
//! too. `status` is the canonical `google.rpc.Code` name (the HTTP status's,
//! or the entry's `wire.grpc.code`); `reason` is the wire code in
//! UPPER_SNAKE_CASE (the id's, when the code is empty); `domain` is the
//! catalog's, else its docs URL's host (the `missing-error-domain` lint
//! warns when there is neither); `metadata` holds the arguments as strings.
//! `BadRequest` appears with field errors, `RetryInfo` when the entry gives a
//! retry delay, `Help` when the catalog has a docs URL, `RequestInfo` when
//! the error has a request ID; `LocalizedMessage` always, with the language
//! of the message sent in it (the one negotiated where the entry is
//! translated into it, else the catalog's `locale`, else `en`). `message`
//! is in the catalog's own language whatever was negotiated: developer-facing,
//! as AIP-193 has it. A 5xx or `internal` body has no metadata and no field
//! violations, and its messages are the fixed or generic text.

use super::reading::{CodeForm, FieldName, Fields, Form, Reading, Step};
use super::{Engine, Spec, X_REQUEST_ID};
use serde_json::{Value, json};

use super::json::{Displayed, Literal, Object, WriteJson};
use super::{
    RenderContext, Rendered, body_buffer, public_message, public_message_in, upper_snake,
    write_upper_snake, write_upper_snake_ascii,
};
use crate::args::ArgValue;
use crate::details;
use crate::error::ApiError;

/// The wire code in UPPER_SNAKE_CASE, as AIP-193 wants a reason
/// (`[A-Z][A-Z0-9_]+[A-Z0-9]`): the id's when the code does not start with a
/// letter (a number, such as `2000`, or nothing: Clerk's seed has an entry
/// whose code is empty) and the id does; else the code's digits after
/// `CODE_` (`CODE_2000`).
pub fn reason(code: &errcat_catalog::Code, id: &str) -> String {
    let starts_with_letter = |reason: &str| reason.starts_with(|c: char| c.is_ascii_uppercase());
    let from_code = upper_snake(&code.to_string());
    if starts_with_letter(&from_code) {
        return from_code;
    }
    let from_id = upper_snake(id);
    if starts_with_letter(&from_id) {
        return from_id;
    }
    let digits = if from_code.is_empty() {
        from_id
    } else {
        from_code
    };
    format!("CODE_{digits}")
}

/// A `google.rpc` message's type URL (`type.googleapis.com/google.rpc.Help`).
macro_rules! rpc_type {
    ($name:literal) => {
        concat!("type.googleapis.com/google.rpc.", $name)
    };
}

pub(crate) const ERROR_INFO: &str = rpc_type!("ErrorInfo");
pub(crate) const BAD_REQUEST: &str = rpc_type!("BadRequest");
pub(crate) const HELP: &str = rpc_type!("Help");
pub(crate) const REQUEST_INFO: &str = rpc_type!("RequestInfo");

/// The JSON that opens a detail of the body, after the one before it, up
/// to the value of its first member: `,{"@type":"…RetryInfo","retryDelay":`.
macro_rules! detail_opening {
    ($name:literal, $first_member:literal) => {
        concat!(
            r#",{"@type":""#,
            rpc_type!($name),
            r#"",""#,
            $first_member,
            r#"":"#
        )
    };
}

// The JSON between the values a response writes, no entry changing it:
// each piece ends where the next value starts.
const METADATA: &str = r#","metadata":"#;
const BAD_REQUEST_OPEN: &str = concat!(detail_opening!("BadRequest", "fieldViolations"), "[");
const FIELD: &str = r#"{"field":"#;
const DESCRIPTION: &str = r#","description":"#;
const REASON: &str = r#","reason":"#;
const RETRY_INFO_OPEN: &str = detail_opening!("RetryInfo", "retryDelay");
const REQUEST_INFO_OPEN: &str = detail_opening!("RequestInfo", "requestId");
const LOCALIZED_MESSAGE_OPEN: &str = detail_opening!("LocalizedMessage", "locale");
const MESSAGE: &str = r#","message":"#;

/// The profile's description; see [`Spec`].
pub(super) static SPEC: Spec = Spec {
    name: "google",
    summary: "Google AIP-193 {error: {code, message, status, details: [ErrorInfo, ...]}}.",
    media_type: "application/json",
    request_id_header: X_REQUEST_ID,
    negotiable: false,
    digits_as_numbers: false,
    undeclared_status_succeeds: false,
    reading: Reading {
        xml: false,
        forms: &[Form {
            code_form: CodeForm::Reason,
            message: &[&[Step::Key("error"), Step::Key("message")]],
            request_id: Some(&[
                Step::Key("error"),
                Step::Key("details"),
                Step::Where {
                    key: "@type",
                    equals: REQUEST_INFO,
                },
                Step::Key("requestId"),
            ]),
            status: Some(&[Step::Key("error"), Step::Key("code")]),
            fields: Some(Fields::List {
                at: &[
                    Step::Key("error"),
                    Step::Key("details"),
                    Step::Where {
                        key: "@type",
                        equals: BAD_REQUEST,
                    },
                    Step::Key("fieldViolations"),
                ],
                name: &[Step::Key("field")],
                name_form: FieldName::Dotted,
                message: &[Step::Key("description")],
                code: Some(&[Step::Key("reason")]),
            }),
            ..Form::coded(&[
                Step::Key("error"),
                Step::Key("details"),
                Step::Where {
                    key: "@type",
                    equals: ERROR_INFO,
                },
                Step::Key("reason"),
            ])
        }],
    },
    engine: Engine::BuiltIn {
        render,
        body_schema: |_| body_schema(),
    },
};

/// Writes the body in wire order. It is the largest built-in body and most
/// of it is fixed, by the entry ([`FixedDetails`], serialized on its first
/// `google` body) or by AIP-193 (the pieces above): those are copied whole,
/// and only what a response adds is written as JSON per response.
pub(super) fn render(error: &ApiError, _context: &RenderContext<'_>) -> Rendered {
    let details = details::of(error);
    let entry = error.entry();
    let fixed = entry
        .escaped
        .google
        .get_or_init(|| FixedDetails::new(error.status().as_u16(), &details));
    let mut out = body_buffer();
    out.extend_from_slice(fixed.opening.as_bytes());
    // AIP-193's `message` is developer-facing, in the catalog's language;
    // `LocalizedMessage` has the request's. Most often they are the same
    // text: written once, then repeated.
    let in_source_language = error.message_is_in_source_language();
    let message_at = out.len();
    public_message_in(error, &entry.text).write_json(&mut out);
    let message = message_at..out.len();
    out.extend_from_slice(fixed.error_info.as_bytes());
    if details.has_metadata() {
        // Arguments as strings, as `google.rpc.ErrorInfo.metadata` types them.
        out.extend_from_slice(METADATA.as_bytes());
        Object::write(&mut out, |metadata| {
            for (name, value) in details.metadata() {
                metadata.field_with_key(name, AsString(value));
            }
        });
    }
    out.push(b'}');
    if !details.field_violations.is_empty() {
        out.extend_from_slice(BAD_REQUEST_OPEN.as_bytes());
        for (index, violation) in details.field_violations.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            out.extend_from_slice(FIELD.as_bytes());
            violation.field.write_json(&mut out);
            out.extend_from_slice(DESCRIPTION.as_bytes());
            violation.message.write_json(&mut out);
            if let Some(code) = &violation.code {
                out.extend_from_slice(REASON.as_bytes());
                UpperSnake(code).write_json(&mut out);
            }
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
    }
    if let Some(seconds) = details.retry_delay {
        out.extend_from_slice(RETRY_INFO_OPEN.as_bytes());
        Seconds(seconds).write_json(&mut out);
        out.push(b'}');
    }
    if let Some(help) = &fixed.help {
        out.extend_from_slice(help.as_bytes());
    }
    if let Some(request_id) = details.request_id {
        out.extend_from_slice(REQUEST_INFO_OPEN.as_bytes());
        request_id.write_json(&mut out);
        out.push(b'}');
    }
    out.extend_from_slice(LOCALIZED_MESSAGE_OPEN.as_bytes());
    details.locale.write_json(&mut out);
    out.extend_from_slice(MESSAGE.as_bytes());
    if in_source_language {
        out.extend_from_within(message);
    } else {
        public_message(error).write_json(&mut out);
    }
    out.extend_from_slice(b"}]}}");
    Rendered::json(error.status(), super::APPLICATION_JSON, out)
}

/// The JSON of a body that its entry fixes, serialized for its first
/// `google` body: each body copies it whole.
#[derive(Debug)]
pub(crate) struct FixedDetails {
    /// From the start of the body to the message: `{"error":{"code":404,"message":`.
    opening: Box<str>,
    /// From after the message into `ErrorInfo`, up to its metadata:
    /// `status`, and `ErrorInfo`'s `@type`, `reason` and `domain`.
    error_info: Box<str>,
    /// The whole `Help` detail, a comma first, when the entry has a docs page.
    help: Option<Box<str>>,
}

impl FixedDetails {
    /// From the details of the entry's first error: the parts of them
    /// that only the entry decides.
    fn new(status: u16, details: &details::Details<'_>) -> FixedDetails {
        // An object's members as the JSON writer writes them, without braces.
        let members = |fill: &dyn Fn(&mut Object<'_>)| {
            let mut json = Vec::with_capacity(256);
            Object::write(&mut json, |object| fill(object));
            let json = String::from_utf8(json).expect("the JSON writer writes UTF-8");
            json[1..json.len() - 1].to_owned()
        };
        let error_info = members(&|info| {
            info.field("@type", Literal(ERROR_INFO));
            info.field("reason", details.reason);
            info.field_if_some("domain", details.domain);
        });
        FixedDetails {
            opening: format!(r#"{{"error":{{"code":{status},"message":"#).into(),
            error_info: format!(
                r#","status":"{}","details":[{{{error_info}"#,
                details.code.name()
            )
            .into(),
            help: details.help.map(|url| {
                let help = members(&|help| {
                    help.field("@type", Literal(HELP));
                    help.array("links", [url], |link, url| {
                        link.field("description", Literal(details::HELP_DESCRIPTION));
                        link.field("url", url);
                    });
                });
                format!(",{{{help}}}").into()
            }),
        }
    }
}

/// An argument as a JSON string, as `ErrorInfo.metadata` types every value:
/// text and whole numbers written straight into the body.
struct AsString<'a>(&'a ArgValue);

impl WriteJson for AsString<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self.0 {
            ArgValue::Str(text) => text.as_str().write_json(out),
            ArgValue::Int(number) => {
                out.push(b'"');
                out.extend_from_slice(itoa::Buffer::new().format(*number).as_bytes());
                out.push(b'"');
            }
            other => Displayed(other).write_json(out),
        }
    }
}

/// A field code as a `reason`, in UPPER_SNAKE_CASE, without allocating.
struct UpperSnake<'a>(&'a str);

impl WriteJson for UpperSnake<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        let bytes = self.0.as_bytes();
        if is_lower_snake(bytes) {
            // Already snake case (`invalid_string`): upper-cased whole.
            out.push(b'"');
            let start = out.len();
            out.extend_from_slice(bytes);
            out[start..].make_ascii_uppercase();
            out.push(b'"');
            return;
        }
        if self.0.is_ascii() {
            // Letters, digits and `_` only: nothing to escape.
            out.push(b'"');
            write_upper_snake_ascii(bytes, out);
            out.push(b'"');
            return;
        }
        super::with_scratch(
            |buffer| {
                write_upper_snake(self.0, buffer);
                Ok(())
            },
            |text| text.write_json(out),
        );
    }
}

/// Whether `bytes` is lower snake case already (`invalid_string`: lower-case
/// letters and digits, single `_` between them), so that its UPPER_SNAKE_CASE
/// is its upper case.
fn is_lower_snake(bytes: &[u8]) -> bool {
    // Starting as if after a `_` refuses a leading one, a doubled one, and
    // (at the end) a trailing one or empty text.
    let mut previous = b'_';
    for &byte in bytes {
        match byte {
            b'a'..=b'z' | b'0'..=b'9' => {}
            b'_' if previous != b'_' => {}
            _ => return false,
        }
        previous = byte;
    }
    previous != b'_'
}

/// A `google.protobuf.Duration` in JSON: whole seconds, `"30s"`.
struct Seconds(u64);

impl WriteJson for Seconds {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'"');
        out.extend_from_slice(itoa::Buffer::new().format(self.0).as_bytes());
        out.extend_from_slice(b"s\"");
    }
}

/// The JSON Schema of an AIP-193 error body (its `reason` is the wire code in
/// UPPER_SNAKE_CASE, so always a string).
pub(super) fn body_schema() -> Value {
    let typed = |name: &str, required: &[&str], properties: Value| {
        let mut required: Vec<&str> = required.to_vec();
        required.insert(0, "@type");
        let mut properties = properties;
        properties["@type"] = json!({"const": format!("type.googleapis.com/google.rpc.{name}")});
        json!({"type": "object", "title": name, "required": required, "properties": properties})
    };
    json!({
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "status", "details"],
                "properties": {
                    "code": {"type": "integer", "minimum": 100, "maximum": 599},
                    "message": {"type": "string"},
                    "status": {"type": "string", "description": "The canonical `google.rpc.Code` name."},
                    "details": {
                        "type": "array",
                        "items": {"oneOf": [
                            typed("ErrorInfo", &["reason"], json!({
                                "reason": {"type": "string", "pattern": "^[A-Z0-9_]+$"},
                                "domain": {"type": "string"},
                                "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                            })),
                            typed("BadRequest", &["fieldViolations"], json!({
                                "fieldViolations": {"type": "array", "items": {
                                    "type": "object",
                                    "required": ["field", "description"],
                                    "properties": {
                                        "field": {"type": "string"},
                                        "description": {"type": "string"},
                                        "reason": {"type": "string"},
                                    },
                                }},
                            })),
                            typed("RetryInfo", &["retryDelay"], json!({
                                "retryDelay": {"type": "string", "pattern": "^[0-9]+s$"},
                            })),
                            typed("Help", &["links"], json!({
                                "links": {"type": "array", "items": {
                                    "type": "object",
                                    "required": ["description", "url"],
                                    "properties": {
                                        "description": {"type": "string"},
                                        "url": {"type": "string"},
                                    },
                                }},
                            })),
                            typed("RequestInfo", &["requestId"], json!({
                                "requestId": {"type": "string"},
                            })),
                            typed("LocalizedMessage", &["locale", "message"], json!({
                                "locale": {"type": "string"},
                                "message": {"type": "string"},
                            })),
                        ]},
                    },
                },
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::profile::test_support::{FIXED, internal, not_found, pretty, rate_limited};
    use crate::profile::{GENERIC_MESSAGE, Profile};

    #[test]
    fn google_body_has_every_aip_193_detail() {
        let rendered = Profile::GOOGLE.render(&not_found(), &FIXED);
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
          "list": "vip"
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
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        "links": [
          {
            "description": "The reference page of this error",
            "url": "https://docs.example.com/errors/contact_not_found"
          }
        ]
      },
      {
        "@type": "type.googleapis.com/google.rpc.RequestInfo",
        "requestId": "req-1"
      },
      {
        "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
        "locale": "en",
        "message": "No contact \"c_42\" in list vip"
      }
    ]
  }
}"#
        );
    }

    /// AIP-193's reason pattern, `[A-Z][A-Z0-9_]+[A-Z0-9]`, whatever the code.
    #[test]
    fn a_reason_starts_with_a_letter_whatever_the_code() {
        use errcat_catalog::Code;
        let cases = [
            (
                Code::Text("contact_not_found".into()),
                "x",
                "CONTACT_NOT_FOUND",
            ),
            (Code::Int(2000), "contact_not_found", "CONTACT_NOT_FOUND"),
            (Code::Text(String::new()), "UserLocked", "USER_LOCKED"),
            (Code::Int(4), "4", "CODE_4"),
            (Code::Text("000037".into()), "000037[0]", "CODE_000037"),
            (Code::Text("9lives".into()), "9lives", "CODE_9LIVES"),
        ];
        for (code, id, expected) in cases {
            let reason = super::reason(&code, id);
            assert_eq!(reason, expected, "{code:?} {id}");
            let bytes = reason.as_bytes();
            assert!(
                bytes[0].is_ascii_uppercase()
                    && bytes.len() >= 3
                    && bytes
                        .iter()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
                    && bytes.last() != Some(&b'_'),
                "{reason}"
            );
        }
    }

    /// Snake-case codes take a shortcut; it must agree with the general rule.
    #[test]
    fn a_field_reason_is_the_upper_snake_case_of_its_code() {
        use crate::profile::json::WriteJson as _;
        for code in [
            "invalid_string",
            "a",
            "a1_b2",
            "9lives",
            "_a",
            "a_",
            "a__b",
            "_",
            "",
            "Aa_b",
            "ab_cD",
            "a-b",
            "a.b_c",
            "ünïcode_ß",
        ] {
            let mut written = Vec::new();
            super::UpperSnake(code).write_json(&mut written);
            let expected = serde_json::to_string(&crate::profile::upper_snake(code)).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), expected, "{code:?}");
        }
    }

    #[test]
    fn google_rate_limit_carries_retry_info() {
        let rendered = Profile::GOOGLE.render(&rate_limited(), &FIXED);
        let body: serde_json::Value = serde_json::from_slice(&rendered.body).unwrap();
        assert_eq!(body["error"]["status"], "RESOURCE_EXHAUSTED");
        assert_eq!(body["error"]["details"][1]["retryDelay"], "30s");
    }

    /// Only what the catalog fixes and the request ID: no metadata, no
    /// field violations, the generic message in both places.
    #[test]
    fn google_5xx_body_keeps_only_fixed_details_and_the_request_id() {
        let rendered = Profile::GOOGLE.render(&internal(), &FIXED);
        assert_eq!(
            pretty(&rendered),
            format!(
                r#"{{
  "error": {{
    "code": 500,
    "message": "{GENERIC_MESSAGE}",
    "status": "INTERNAL",
    "details": [
      {{
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "DATABASE_DOWN",
        "domain": "contacts.example.com"
      }},
      {{
        "@type": "type.googleapis.com/google.rpc.Help",
        "links": [
          {{
            "description": "The reference page of this error",
            "url": "https://docs.example.com/errors/database_down"
          }}
        ]
      }},
      {{
        "@type": "type.googleapis.com/google.rpc.RequestInfo",
        "requestId": "req-3"
      }},
      {{
        "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
        "locale": "en",
        "message": "{GENERIC_MESSAGE}"
      }}
    ]
  }}
}}"#
            )
        );
    }

    /// With no docs page, domain or request ID, the details an entry or a
    /// request would give are left out; a field error without a code has no
    /// `reason`; the retry delay is `RetryInfo`.
    #[test]
    fn google_body_leaves_out_what_nothing_gives() {
        let catalog = crate::compile(errcat_catalog::SourceFile::new(
            "bare.toml",
            "[catalog]\nname = \"\"\n[[errors]]\nid = \"slow_down\"\nstatus = 429\nmessage = \"Wait {seconds}s\"\nretry = { after = \"seconds\" }\nparams.seconds = \"int\"\n",
        ))
        .unwrap();
        let error = catalog.error("slow_down").unwrap().arg("seconds", 7).field(
            "a.b",
            "Too \"many\"",
            None,
        );
        let rendered = Profile::GOOGLE.render(&error, &FIXED);
        assert_eq!(
            pretty(&rendered),
            r#"{
  "error": {
    "code": 429,
    "message": "Wait 7s",
    "status": "RESOURCE_EXHAUSTED",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "SLOW_DOWN",
        "metadata": {
          "seconds": "7"
        }
      },
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        "fieldViolations": [
          {
            "field": "a.b",
            "description": "Too \"many\""
          }
        ]
      },
      {
        "@type": "type.googleapis.com/google.rpc.RetryInfo",
        "retryDelay": "7s"
      },
      {
        "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
        "locale": "en",
        "message": "Wait 7s"
      }
    ]
  }
}"#
        );
    }

    /// Clerk's catalog sets no `domain`: its docs URL's host stands in, as
    /// AIP-193 requires one.
    #[test]
    fn google_domain_comes_from_the_docs_url_when_the_catalog_sets_none() {
        let catalog = crate::compile(errcat_catalog::SourceFile::new(
            "clerk.toml",
            errcat_catalog::builtin::SOURCES[0].1,
        ))
        .unwrap();
        let error = catalog.entries()[0].clone();
        let rendered = Profile::GOOGLE.render(&crate::ApiError::new(error), &FIXED);
        let body: serde_json::Value = serde_json::from_slice(&rendered.body).unwrap();
        assert_eq!(body["error"]["details"][0]["domain"], "clerk.com");
    }
}
