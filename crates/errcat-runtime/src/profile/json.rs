//! The JSON writer every profile builds its body with.
//!
//! A profile writes its members in wire order, so the code reads top to
//! bottom like the body it sends:
//!
//! ```text
//! Object::write(&mut out, |body| {
//!     body.field("type", docs_url);
//!     body.field("status", 404);
//!     body.array("errors", fields, |item, field| { item.field("detail", &*field.message); });
//! });
//! ```
//!
//! Keys are `'static` identifiers, written without an escaping pass; text an
//! entry fixes (title, code, docs URL...) comes escaped from the compiled
//! catalog; only what a response adds (arguments, field errors, request IDs)
//! is escaped per response, by `serde_json`.

use serde_json::value::RawValue;

use super::{Pointer, Text, with_scratch};

/// One JSON object being written; members are separated as they are added.
pub(crate) struct Object<'out> {
    out: &'out mut Vec<u8>,
    empty: bool,
}

impl<'out> Object<'out> {
    /// Writes `{`, the members `fill` adds, then `}`.
    pub(crate) fn write(out: &'out mut Vec<u8>, fill: impl FnOnce(&mut Object<'_>)) {
        out.push(b'{');
        let mut object = Object { out, empty: true };
        fill(&mut object);
        object.out.push(b'}');
    }

    fn key(&mut self, key: &'static str) -> &mut Vec<u8> {
        debug_assert!(
            key.bytes()
                .all(|b| b >= 0x20 && b != b'"' && b != b'\\' && b < 0x7f),
            "keys are written unescaped: {key:?}"
        );
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    /// Adds `"key": value`.
    pub(crate) fn field(&mut self, key: &'static str, value: impl WriteJson) {
        value.write_json(self.key(key));
    }

    /// Adds `"key": value` when there is a value.
    pub(crate) fn field_if_some(&mut self, key: &'static str, value: Option<impl WriteJson>) {
        if let Some(value) = value {
            self.field(key, value);
        }
    }

    /// Adds `"key": {...}`.
    pub(crate) fn object(&mut self, key: &'static str, fill: impl FnOnce(&mut Object<'_>)) {
        Object::write(self.key(key), fill);
    }

    /// Adds `"key": [{...}, ...]`, one object per item.
    pub(crate) fn array<I: IntoIterator>(
        &mut self,
        key: &'static str,
        items: I,
        fill: impl FnMut(&mut Object<'_>, I::Item),
    ) {
        write_array(self.key(key), items, fill);
    }

    fn key_per_response(&mut self, key: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        key.write_json(self.out);
        self.out.push(b':');
        self.out
    }

    /// Adds `"key": value` for a key only known per response (a `meta` key):
    /// escaped like any text.
    pub(crate) fn field_with_key(&mut self, key: &str, value: impl WriteJson) {
        value.write_json(self.key_per_response(key));
    }

    /// Adds `"key": {...}` for a key only known per response (Plain's operation name).
    pub(crate) fn object_with_key(&mut self, key: &str, fill: impl FnOnce(&mut Object<'_>)) {
        Object::write(self.key_per_response(key), fill);
    }
}

/// Writes `[{...}, ...]`, one object per item.
fn write_array<I: IntoIterator>(
    out: &mut Vec<u8>,
    items: I,
    mut fill: impl FnMut(&mut Object<'_>, I::Item),
) {
    out.push(b'[');
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        Object::write(out, |object| fill(object, item));
    }
    out.push(b']');
}

/// A value a body member can hold.
pub(crate) trait WriteJson {
    /// Appends the value as JSON.
    fn write_json(&self, out: &mut Vec<u8>);
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out);
    }
}

impl WriteJson for str {
    fn write_json(&self, out: &mut Vec<u8>) {
        serde_json::to_writer(out, self).expect("writing to a Vec cannot fail");
    }
}

impl WriteJson for RawValue {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.get().as_bytes());
    }
}

impl WriteJson for serde_json::Value {
    fn write_json(&self, out: &mut Vec<u8>) {
        serde_json::to_writer(out, self).expect("JSON values serialize");
    }
}

impl WriteJson for bool {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

impl WriteJson for u16 {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
    }
}

impl WriteJson for i64 {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
    }
}

impl WriteJson for errcat_catalog::Code {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            errcat_catalog::Code::Int(n) => n.write_json(out),
            errcat_catalog::Code::Text(text) => text.write_json(out),
        }
    }
}

impl WriteJson for Text<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Text::Plain(text) => text.write_json(out),
            Text::Escaped(json) => json.write_json(out),
            Text::Template(template, error) => with_scratch(
                |buffer| template.render(buffer, *error),
                |text| text.write_json(out),
            ),
        }
    }
}

impl WriteJson for Pointer<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        with_scratch(|buffer| self.write_to(buffer), |text| text.write_json(out));
    }
}

/// Any `Display` value, sent as a JSON string.
pub(crate) struct Displayed<T>(pub(crate) T);

impl<T: std::fmt::Display> WriteJson for Displayed<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        use std::fmt::Write;
        with_scratch(
            |buffer| write!(buffer, "{}", self.0),
            |text| text.write_json(out),
        );
    }
}

/// An empty JSON array (GraphQL's `locations: []`).
pub(crate) struct EmptyArray;

impl WriteJson for EmptyArray {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"[]");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(fill: impl FnOnce(&mut Object<'_>)) -> String {
        let mut out = Vec::new();
        Object::write(&mut out, fill);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn members_are_separated_and_text_is_escaped() {
        let text = body(|o| {
            o.field("a", "quote \" and \\ and \n");
            o.field_if_some("skipped", None::<bool>);
            o.field("n", 404u16);
            o.field("m", -7i64);
            o.object("nested", |n| n.field("ok", true));
            o.array("items", ["x", "y"], |item, value| item.field("v", value));
            o.array("none", [(); 0], |_, ()| {});
            o.field("l", EmptyArray);
            o.object_with_key("dyn\"key", |_| {});
            o.field_with_key("k", "v");
        });
        assert_eq!(
            text,
            r#"{"a":"quote \" and \\ and \n","n":404,"m":-7,"nested":{"ok":true},"items":[{"v":"x"},{"v":"y"}],"none":[],"l":[],"dyn\"key":{},"k":"v"}"#
        );
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["a"], "quote \" and \\ and \n");
    }

    #[test]
    fn an_empty_object_is_braces() {
        assert_eq!(body(|_| {}), "{}");
    }
}
