//! `planfix`: Planfix's REST API errors.
//!
//! ```json
//! {"result": "fail", "code": 1000, "error": "Task does not exist"}
//! ```
//!
//! Integer codes are JSON numbers; a textual code made of digits is sent as
//! a number too, since Planfix's clients read `code` as `integer($int32)`.

use super::reading::{Form, Literal, Reading, Step};
use super::{Engine, Spec, X_REQUEST_ID};
use serde_json::{Value, json};

use super::json::Object;
use super::{Profile, RenderContext, Rendered, WireCode, body_buffer, public_message};
use crate::error::ApiError;

/// A textual code as Planfix sends it: a number when it is made of digits.
pub(super) fn wire_code(text: &str) -> WireCode<'_> {
    text.parse().map_or(WireCode::Text(text), WireCode::Number)
}

/// The profile's description; see [`Spec`].
pub(super) static SPEC: Spec = Spec {
    name: "planfix",
    summary: "Planfix's {result: \"fail\", code, error}; codes of digits are numbers.",
    media_type: "application/json",
    request_id_header: X_REQUEST_ID,
    negotiable: false,
    digits_as_numbers: true,
    undeclared_status_succeeds: false,
    reading: Reading {
        xml: false,
        forms: &[Form {
            when: Some((&[Step::Key("result")], Literal::Text("fail"))),
            message: &[&[Step::Key("error")]],
            ..Form::coded(&[Step::Key("code")])
        }],
    },
    engine: Engine::BuiltIn {
        render,
        body_schema,
    },
};

pub(super) fn render(error: &ApiError, _context: &RenderContext<'_>) -> Rendered {
    let mut out = body_buffer();
    Object::write(&mut out, |body| {
        body.field("result", "fail");
        body.field("code", Profile::PLANFIX.wire_code(error.code()));
        body.field("error", public_message(error));
    });
    Rendered::json(error.status(), super::APPLICATION_JSON, out)
}

/// The JSON Schema of a Planfix error body; `code` is the schema of the wire code.
pub(super) fn body_schema(code: Value) -> Value {
    json!({
        "type": "object",
        "required": ["result", "code", "error"],
        "properties": {
            "result": {"const": "fail"},
            "code": code,
            "error": {"type": "string"},
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::profile::{Profile, RenderContext};

    #[test]
    fn planfix_body_has_result_integer_code_and_error() {
        let source = errcat_catalog::SourceFile::new(
            "p.toml",
            "[[errors]]\nid = \"1000\"\ncode = 1000\nstatus = 400\nmessage = \"Task does not exist\"\n",
        );
        let error = crate::compile(source).unwrap().error("1000").unwrap();
        let rendered = Profile::PLANFIX.render(&error, &RenderContext::default());
        assert_eq!(
            String::from_utf8(rendered.body).unwrap(),
            r#"{"result":"fail","code":1000,"error":"Task does not exist"}"#
        );
    }
}
