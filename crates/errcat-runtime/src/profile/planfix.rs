//! `planfix`: Planfix's REST API errors.
//!
//! ```json
//! {"result": "fail", "code": 1000, "error": "Task does not exist"}
//! ```
//!
//! Integer codes are JSON numbers; a textual code made of digits is sent as
//! a number too, since Planfix's clients read `code` as `integer($int32)`.

use errcat_catalog::Code;
use serde::Serialize;

use super::{RenderContext, Rendered, public_message, to_vec};
use crate::error::ApiError;

#[derive(Serialize)]
struct Body<'a> {
    result: &'static str,
    code: WireCode<'a>,
    error: super::Text<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum WireCode<'a> {
    Int(i64),
    Text(&'a str),
}

pub(super) fn render(error: &ApiError, _context: &RenderContext<'_>) -> Rendered {
    let code = match error.code() {
        Code::Int(n) => WireCode::Int(*n),
        Code::Text(text) => text.parse().map_or(WireCode::Text(text), WireCode::Int),
    };
    let body = Body {
        result: "fail",
        code,
        error: public_message(error),
    };
    Rendered::json(error.status(), super::APPLICATION_JSON, to_vec(&body))
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
        let rendered = Profile::Planfix.render(&error, &RenderContext::default());
        assert_eq!(
            String::from_utf8(rendered.body).unwrap(),
            r#"{"result":"fail","code":1000,"error":"Task does not exist"}"#
        );
    }
}
