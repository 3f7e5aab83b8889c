//! House profiles: wire formats a catalog describes as data (`[profiles.NAME]`),
//! compiled once into a flat list of write operations.
//!
//! ```toml
//! [profiles.graph]
//! body = '''
//! {"error": {"code": "{code}", "message": "{message}",
//!            "innerError": {"request-id": "{request_id}", "date": "{timestamp}"}}}
//! '''
//! ```
//!
//! A string that is exactly one slot takes the slot's JSON value, and its
//! member (or array item) is left out when the slot has none (`{slot|null}`
//! sends `null` instead); slots inside
//! longer text are written as text, empty when absent. The slots, and the
//! rules of field maps, are listed in `errcat_catalog::house`.
//!
//! Compiling turns the body into [`Op`]s: everything the body fixes (braces,
//! keys, literals, commas between members that are always written) becomes
//! one escaped run of bytes, so a render only fills in slots, as a built-in
//! profile does. Only a list of field errors (its one item, per error) and a
//! field map (its member, per field) hold ops of their own; a checked body
//! nests neither in itself, so rendering recurses at most two levels.
//!
//! A field map is written from a tree of the fields' dotted paths, built in
//! linear time (a hash index once a map has more than a few fields) and
//! written with an explicit stack. A path nests at most
//! [`MAX_FIELD_DEPTH`] levels: its deepest key holds the rest of the path,
//! dots included, so a field named with 30,000 dots costs one key, not
//! 30,000 nested objects (and never the stack). Every field error is written
//! exactly once: a field's own errors in the map's member, the request's (an
//! empty field name) at the map's top, and a segment named like one of the
//! member's keys (`_errors`) gets a `~` appended.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use errcat_catalog::house::{
    FieldSlot, MAX_FIELD_DEPTH, Part, Slot, field_map_value, uses_field_slots,
};
use errcat_catalog::{FieldErrorLayout, HouseProfile};
use http::{HeaderValue, StatusCode};
use serde_json::{Value, json};

use super::json::{WriteJson, write_string_contents};
use super::{
    Pointer, RenderContext, Rendered, Text, body_buffer, now_rfc3339, public_details,
    public_fields, public_instance, public_message, public_suggestion, public_title, redacted,
    with_scratch,
};
use crate::error::{ApiError, FieldError};

/// A compiled house profile.
pub struct Shape {
    name: &'static str,
    content_type: &'static str,
    header: HeaderValue,
    status: Option<StatusCode>,
    ops: Box<[Op]>,
    /// The body as written (an XML body's view), which the schema is read off.
    body: Value,
    /// Whether field errors are spread (`field_errors = "spread"`): the
    /// array that lists them is then always written, with an item at least.
    spread: bool,
    /// The header that carries the request ID.
    request_id_header: http::HeaderName,
    /// The XML body as written, when it is one.
    xml: Option<errcat_catalog::house::xml::Document>,
    /// The profile as written: two shapes are the same profile when it is.
    identity: String,
}

impl std::fmt::Debug for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The name says which profile it is; the ops would bury it.
        f.debug_struct("Shape")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Shape {
    fn eq(&self, other: &Self) -> bool {
        self.identity == other.identity
    }
}

impl Eq for Shape {}

impl std::hash::Hash for Shape {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.identity.hash(state);
    }
}

impl Shape {
    /// The one status every error of this profile is sent with, if it has one.
    pub fn fixed_status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The profile's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The media type of its bodies.
    pub fn content_type(&self) -> &'static str {
        self.content_type
    }

    /// The header that carries the request ID.
    pub fn request_id_header(&self) -> &http::HeaderName {
        &self.request_id_header
    }

    /// The body as written (an XML body's view): where clients read each part.
    pub(crate) fn body(&self) -> &Value {
        &self.body
    }

    /// Whether its bodies are XML.
    pub fn is_xml(&self) -> bool {
        self.xml.is_some()
    }

    /// The JSON Schema of its bodies, read off the body: literals are
    /// constants, slots have their types, and a member is required when it is
    /// always written. `code` is the schema of the catalog's wire codes.
    ///
    /// An XML body's schema describes its root element with OpenAPI's `xml`
    /// keyword: attributes marked `attribute`, the repeated field element
    /// an array (`wrapped` when an element wraps it). An element holding
    /// both attributes and text is described by its attributes.
    pub fn body_schema(&self, code: &Value) -> Value {
        self.body_schema_with(&SlotSchemas {
            code,
            arg: &|_| None,
        })
    }

    /// [`Shape::body_schema`], with the schemas of the slots a catalog types.
    pub(crate) fn body_schema_with(&self, schemas: &SlotSchemas<'_>) -> Value {
        match &self.xml {
            Some(document) => {
                let mut schema = xml_schema(&document.root, schemas, false);
                schema["xml"] = json!({ "name": document.root.name });
                schema
            }
            None => schema_of(&self.body, schemas, self.spread),
        }
    }
}

/// A body string, classified once.
enum Str {
    /// Exactly one slot: its value, and the member is left out without one.
    Slot(Slot),
    /// `{slot|null}`.
    SlotOrNull(Slot),
    /// No slots: the text as is.
    Fixed(String),
    /// Text with slots in it.
    Text(Vec<Part>),
}

fn classify(text: &str) -> Str {
    let parts = errcat_catalog::house::parse(text).expect("checked bodies parse");
    match parts.as_slice() {
        [Part::Slot(slot)] => Str::Slot(slot.clone()),
        [Part::SlotOrNull(slot)] => Str::SlotOrNull(slot.clone()),
        _ if parts.iter().all(|part| matches!(part, Part::Text(_))) => Str::Fixed(
            parts
                .iter()
                .map(|part| match part {
                    Part::Text(text) => text.as_str(),
                    Part::Slot(_) | Part::SlotOrNull(_) => "",
                })
                .collect(),
        ),
        _ => Str::Text(parts),
    }
}

/// Whether an array lists field errors (its one element uses `field.*` slots).
fn lists_fields(items: &[Value]) -> bool {
    items.len() == 1 && uses_field_slots(&items[0])
}

/// The schema of a JSON body value; `spread`: field errors are spread, so
/// the array that lists them always has an item.
fn schema_of(value: &Value, schemas: &SlotSchemas<'_>, spread: bool) -> Value {
    match value {
        Value::String(text) => match classify(text) {
            Str::Slot(slot) => slot_schema(&slot, schemas),
            Str::SlotOrNull(slot) => {
                json!({ "anyOf": [slot_schema(&slot, schemas), { "type": "null" }] })
            }
            Str::Fixed(text) => json!({ "const": text }),
            Str::Text(_) => json!({ "type": "string" }),
        },
        Value::Array(items) if lists_fields(items) => {
            let items = schema_of(&items[0], schemas, spread);
            if spread {
                json!({ "type": "array", "minItems": 1, "items": items })
            } else {
                json!({ "type": "array", "items": items })
            }
        }
        Value::Array(_) => json!({ "type": "array" }),
        Value::Object(members) => match field_map_value(members) {
            Some(member) => {
                // The map is a node, and so is each name in it: a node holds
                // the member's properties for its field's own errors (the
                // map's own for the request's, `errors._errors`), and its
                // nested names beside them (`profile` holds `name`), so none
                // is required. The map and its names are described; deeper
                // nodes (a dotted path nests up to `MAX_FIELD_DEPTH`) as objects.
                let member = schema_of(member, schemas, spread);
                let properties = member
                    .get("properties")
                    .cloned()
                    .unwrap_or_else(|| json!({}));
                let node = |nested: Value| {
                    json!({
                        "type": "object",
                        "properties": properties.clone(),
                        "additionalProperties": nested,
                    })
                };
                node(node(json!({ "type": "object" })))
            }
            None => {
                let mut properties = serde_json::Map::new();
                let mut required = Vec::new();
                for (key, member) in members {
                    if always_written(member, spread) {
                        required.push(Value::String(key.clone()));
                    }
                    properties.insert(key.clone(), schema_of(member, schemas, spread));
                }
                json!({ "type": "object", "required": required, "properties": properties })
            }
        },
        literal => json!({ "const": literal }),
    }
}

/// The schema of an XML element (see [`Shape::body_schema`]); `with_field`:
/// inside the repeated element.
fn xml_schema(
    element: &errcat_catalog::house::xml::Element,
    schemas: &SlotSchemas<'_>,
    with_field: bool,
) -> Value {
    use errcat_catalog::house::xml::{Content, FieldRole};
    let text_schema = |text: &str| match classify(text) {
        Str::Slot(slot) | Str::SlotOrNull(slot) => match slot {
            Slot::Code | Slot::Status | Slot::Retryable => slot_schema(&slot, schemas),
            _ => json!({ "type": "string" }),
        },
        Str::Fixed(text) => json!({ "const": text }),
        Str::Text(_) => json!({ "type": "string" }),
    };
    let always = |text: &str| match classify(text) {
        Str::Slot(slot) => has_value(&slot, with_field),
        _ => true,
    };
    if element.attributes.is_empty() {
        match &element.content {
            Content::Text(text) => return text_schema(text),
            Content::Empty => return json!({ "const": "" }),
            Content::Elements { .. } => {}
        }
    }
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    for (name, value) in &element.attributes {
        let mut schema = text_schema(value);
        schema["xml"] = json!({ "attribute": true });
        if always(value) {
            required.push(Value::String(name.clone()));
        }
        properties.insert(name.clone(), schema);
    }
    if let Content::Elements { children, .. } = &element.content {
        for (_, child) in children {
            let role = if with_field {
                FieldRole::None
            } else {
                child.field_role()
            };
            let schema = match role {
                FieldRole::None => {
                    let written = match &child.content {
                        Content::Text(text) => always(text),
                        _ => true,
                    };
                    if written {
                        required.push(Value::String(child.name.clone()));
                    }
                    xml_schema(child, schemas, with_field)
                }
                FieldRole::Repeated => {
                    let mut item = xml_schema(child, schemas, true);
                    item["xml"] = json!({ "name": child.name });
                    json!({ "type": "array", "items": item })
                }
                FieldRole::List => {
                    let Content::Elements {
                        children: items, ..
                    } = &child.content
                    else {
                        unreachable!("a field list holds one element")
                    };
                    let repeated = &items[0].1;
                    let mut item = xml_schema(repeated, schemas, true);
                    item["xml"] = json!({ "name": repeated.name });
                    json!({ "type": "array", "xml": { "wrapped": true }, "items": item })
                }
            };
            properties.insert(child.name.clone(), schema);
        }
    }
    json!({ "type": "object", "required": required, "properties": properties })
}

/// What a body's schema reads slots' schemas from: the catalog's wire codes,
/// and the schema of each param (`None`: any value, as when no entry
/// declares it or entries disagree on its type).
pub(crate) struct SlotSchemas<'a> {
    /// The schema of the catalog's wire codes.
    pub(crate) code: &'a Value,
    /// The schema of the param named.
    pub(crate) arg: &'a dyn Fn(&str) -> Option<Value>,
}

fn slot_schema(slot: &Slot, schemas: &SlotSchemas<'_>) -> Value {
    match slot {
        Slot::Or(first, fallback) => {
            let (first, fallback) = (slot_schema(first, schemas), slot_schema(fallback, schemas));
            if first == fallback {
                first
            } else {
                json!({ "anyOf": [first, fallback] })
            }
        }
        Slot::Code => schemas.code.clone(),
        Slot::Status => json!({ "type": "integer", "minimum": 100, "maximum": 599 }),
        Slot::Retryable => json!({ "type": "boolean" }),
        Slot::Arg(name) => (schemas.arg)(name).unwrap_or_else(|| json!({})),
        Slot::Details | Slot::Meta | Slot::Wire(_) => json!({}),
        _ => json!({ "type": "string" }),
    }
}

/// Whether a slot has a value in every body.
fn always_has_value(slot: &Slot) -> bool {
    if let Slot::Or(first, fallback) = slot {
        return always_has_value(first) || always_has_value(fallback);
    }
    matches!(
        slot,
        Slot::Id
            | Slot::Code
            | Slot::Status
            | Slot::Title
            | Slot::Message
            | Slot::Type
            | Slot::Retryable
            | Slot::Timestamp
    )
}

/// Whether a slot has a value in every body, or (`with_field`) in every
/// item written for a field error (a field error always has a name, a
/// pointer and a message).
fn has_value(slot: &Slot, with_field: bool) -> bool {
    match slot {
        Slot::Or(first, fallback) => {
            has_value(first, with_field) || has_value(fallback, with_field)
        }
        Slot::Field(FieldSlot::Name | FieldSlot::Pointer | FieldSlot::Message) => with_field,
        slot => always_has_value(slot),
    }
}

/// Whether a member is in every body: anything but a slot that may have no
/// value, or a list of field errors that may be empty (not when they are
/// `spread`: the list then always has an item).
fn always_written(value: &Value, spread: bool) -> bool {
    match value {
        Value::String(text) => match classify(text) {
            Str::Slot(slot) => always_has_value(&slot),
            _ => true,
        },
        Value::Array(items) => spread || !lists_fields(items),
        Value::Object(members) => field_map_value(members).is_none(),
        _ => true,
    }
}

/// How a member or item that may be left out is separated from the one
/// before. A comma that is always written is part of the key after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// It is the first of its object or array, or its comma is in its key.
    Nothing,
    /// Only members that may be left out come before it: a comma unless
    /// nothing was written since the bracket opened.
    Auto,
}

impl Lead {
    fn write(self, out: &mut Vec<u8>) {
        match self {
            Lead::Nothing => {}
            Lead::Auto => {
                // No JSON value ends with `{` or `[`: these mean nothing was written yet.
                if !matches!(out.last(), Some(b'{' | b'[')) {
                    out.push(b',');
                }
            }
        }
    }
}

/// Fixed bytes of a compiled body. Most runs are short (a key with its
/// comma, a bracket): those are kept inline and written with one 16-byte
/// copy the compiler inlines, then cut back to their length, since a call
/// to `memcpy` per run costs more than the copy itself.
enum Fixed {
    Short { bytes: [u8; Fixed::SHORT], len: u8 },
    Long(Box<[u8]>),
}

impl Fixed {
    const SHORT: usize = 16;

    #[inline(always)]
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Fixed::Short { bytes, len } => {
                let end = out.len() + usize::from(*len);
                out.extend_from_slice(bytes);
                out.truncate(end);
            }
            Fixed::Long(bytes) => out.extend_from_slice(bytes),
        }
    }
}

impl From<&[u8]> for Fixed {
    fn from(run: &[u8]) -> Self {
        match u8::try_from(run.len()) {
            Ok(len) if run.len() <= Fixed::SHORT => {
                let mut bytes = [0; Fixed::SHORT];
                bytes[..run.len()].copy_from_slice(run);
                Fixed::Short { bytes, len }
            }
            _ => Fixed::Long(run.into()),
        }
    }
}

impl From<Vec<u8>> for Fixed {
    fn from(run: Vec<u8>) -> Self {
        Fixed::from(run.as_slice())
    }
}

impl std::ops::Deref for Fixed {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Fixed::Short { bytes, len } => &bytes[..usize::from(*len)],
            Fixed::Long(bytes) => bytes,
        }
    }
}

impl std::fmt::Debug for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&String::from_utf8_lossy(self), f)
    }
}

/// One write of a compiled body.
#[derive(Debug)]
enum Op {
    /// Fixed JSON: brackets, escaped keys, literals, commas.
    Raw(Fixed),
    /// A comma unless the enclosing bracket was just opened ([`Lead::Auto`]).
    Comma,
    /// Fixed JSON (`before`, often a key), then a slot's JSON value, or
    /// `null` when it has none. One op, so a body runs half as many.
    Value { before: Fixed, slot: Slot },
    /// Fixed JSON (`before`), then a member or item left out when its slot
    /// has no value: the lead and the key are written only with it. The key
    /// starts with the comma when one always comes before (`,"key":`, or
    /// `,` alone for an item), so the lead is then `Nothing`; `Auto` when
    /// only members that may be left out come before.
    Optional {
        before: Fixed,
        lead: Lead,
        key: Fixed,
        slot: Slot,
    },
    /// Fixed JSON (`before`, up to the string's opening quote and the text
    /// it starts with), then the rest of a JSON string with slots in it, up
    /// to the fixed text it ends with: that and the closing quote are the
    /// fixed JSON after the op.
    Text { before: Fixed, pieces: Box<[Piece]> },
    /// An array with an item per field error (of the field, in a field map).
    /// In the `list` layout it is left out with its lead and key when there
    /// are none; in the `spread` layout it holds one item, without field members.
    Fields {
        lead: Lead,
        key: Fixed,
        omit_empty: bool,
        item: Box<[Op]>,
    },
    /// An XML element or attribute that is exactly one slot: `open`, the
    /// slot's text (escaped), `close`; when the slot has no value, `empty`
    /// (`{slot|null}`: the element empty) or nothing.
    XmlSlot {
        before: Fixed,
        open: Fixed,
        slot: Slot,
        close: Fixed,
        empty: Option<Fixed>,
        attribute: bool,
    },
    /// XML text or an attribute value with slots in it, escaped.
    XmlText {
        before: Fixed,
        pieces: Box<[Piece]>,
        attribute: bool,
    },
    /// An XML element written once per field error (`item`), inside
    /// `wrapper` (its start and end, left out with the items when there are
    /// none) when it has one.
    XmlFields {
        wrapper: Option<Wrapper>,
        item: Box<[Op]>,
    },
    /// A field map, left out with its lead and key when there are no field
    /// errors. `own` writes the members of a field's own errors (the body's
    /// member object, without its braces); `reserved` are their keys.
    FieldMap {
        lead: Lead,
        key: Fixed,
        own: Box<[Op]>,
        reserved: Box<[String]>,
    },
}

/// The start and end tags (with the white space before each) of the
/// element that wraps a list of field errors.
type Wrapper = (Fixed, Fixed);

/// A piece of text with slots in it.
#[derive(Debug)]
enum Piece {
    /// Fixed text, escaped for inside a JSON string (no quotes).
    Fixed(Fixed),
    /// A slot's value as text.
    Slot(Slot),
}

impl Piece {
    fn of(part: Part) -> Piece {
        match part {
            Part::Text(text) => {
                let json = serde_json::to_vec(&text).expect("strings serialize");
                Piece::Fixed(json[1..json.len() - 1].into())
            }
            Part::Slot(slot) | Part::SlotOrNull(slot) => Piece::Slot(slot),
        }
    }
}

/// Turns a checked body into ops, merging fixed text into one run.
#[derive(Default)]
struct Compiler {
    ops: Vec<Op>,
    raw: Vec<u8>,
    layout: FieldErrorLayout,
    /// Whether these ops always run with a field error: a list's item, but
    /// in the `spread` layout outside a field map (no field errors, one item).
    with_field: bool,
    /// Whether these ops are inside a field map's member.
    in_map: bool,
}

impl Compiler {
    fn raw(&mut self, bytes: &[u8]) {
        self.raw.extend_from_slice(bytes);
    }

    fn op(&mut self, op: Op) {
        self.flush();
        self.ops.push(op);
    }

    /// The fixed text written since the last op, for an op that writes it first.
    fn take_raw(&mut self) -> Fixed {
        std::mem::take(&mut self.raw).into()
    }

    fn flush(&mut self) {
        if !self.raw.is_empty() {
            let raw = std::mem::take(&mut self.raw);
            self.ops.push(Op::Raw(raw.into()));
        }
    }

    fn finish(mut self) -> Box<[Op]> {
        self.flush();
        self.ops.into_boxed_slice()
    }

    /// A compiler for ops of their own (a list's item, a map's member).
    fn nested(&self) -> Compiler {
        Compiler {
            layout: self.layout,
            in_map: self.in_map,
            ..Compiler::default()
        }
    }

    /// Whether `slot` has a value wherever these ops run.
    fn always_has_value(&self, slot: &Slot) -> bool {
        has_value(slot, self.with_field)
    }

    /// Writes a value whose place is always written.
    fn value(&mut self, value: &Value) {
        match value {
            Value::String(text) => match classify(text) {
                Str::Slot(slot) | Str::SlotOrNull(slot) => {
                    let before = self.take_raw();
                    self.ops.push(Op::Value { before, slot });
                }
                Str::Fixed(text) => {
                    let json = serde_json::to_vec(&text).expect("strings serialize");
                    self.raw(&json);
                }
                Str::Text(parts) => {
                    let mut pieces: Vec<Piece> = parts.into_iter().map(Piece::of).collect();
                    // The quotes, and fixed text at either end, join the
                    // fixed runs around the op.
                    self.raw(b"\"");
                    if let Some(Piece::Fixed(start)) = pieces.first() {
                        let start = start.to_vec();
                        self.raw(&start);
                        pieces.remove(0);
                    }
                    let end = match pieces.last() {
                        Some(Piece::Fixed(end)) => end.to_vec(),
                        _ => Vec::new(),
                    };
                    if !end.is_empty() {
                        pieces.pop();
                    }
                    let before = self.take_raw();
                    self.ops.push(Op::Text {
                        before,
                        pieces: pieces.into(),
                    });
                    self.raw(&end);
                    self.raw(b"\"");
                }
            },
            Value::Array(items) => {
                self.raw(b"[");
                self.members(&mut items.iter().map(|item| (None, item)));
                self.raw(b"]");
            }
            Value::Object(members) => {
                self.raw(b"{");
                self.members(&mut members.iter().map(|(key, member)| (Some(key), member)));
                self.raw(b"}");
            }
            literal => self.raw(literal.to_string().as_bytes()),
        }
    }

    /// Writes the members (with keys) or items of an object or array.
    fn members<'v>(&mut self, members: &mut dyn Iterator<Item = (Option<&'v String>, &'v Value)>) {
        // Whether a member is written before the next for sure, or maybe.
        let (mut surely, mut maybe) = (false, false);
        for (key, member) in members {
            // A comma always written joins the key.
            let mut key_json = Vec::new();
            let lead = match (surely, maybe) {
                (true, _) => {
                    key_json.push(b',');
                    Lead::Nothing
                }
                (false, true) => Lead::Auto,
                (false, false) => Lead::Nothing,
            };
            if let Some(key) = key {
                serde_json::to_writer(&mut key_json, key).expect("keys serialize");
                key_json.push(b':');
            }
            let key = Fixed::from(key_json);
            maybe = true;
            match member {
                Value::String(text) => {
                    if let Str::Slot(slot) = classify(text)
                        && !self.always_has_value(&slot)
                    {
                        let before = self.take_raw();
                        self.ops.push(Op::Optional {
                            before,
                            lead,
                            key,
                            slot,
                        });
                        continue;
                    }
                }
                Value::Array(items) if lists_fields(items) => {
                    let mut item = self.nested();
                    item.with_field = self.in_map || self.layout == FieldErrorLayout::List;
                    item.value(&items[0]);
                    let omit_empty = self.layout == FieldErrorLayout::List;
                    self.op(Op::Fields {
                        lead,
                        key,
                        omit_empty,
                        item: item.finish(),
                    });
                    surely |= !omit_empty;
                    continue;
                }
                Value::Object(members) => {
                    if let Some(Value::Object(value)) = field_map_value(members) {
                        let mut own = self.nested();
                        own.in_map = true;
                        own.members(&mut value.iter().map(|(key, member)| (Some(key), member)));
                        self.op(Op::FieldMap {
                            lead,
                            key,
                            own: own.finish(),
                            reserved: value.keys().cloned().collect(),
                        });
                        continue;
                    }
                }
                _ => {}
            }
            // Written in every body: its lead and key join the fixed text.
            if lead == Lead::Auto {
                self.op(Op::Comma);
            }
            self.raw(&key);
            self.value(member);
            surely = true;
        }
    }
}

/// Writes `text` as XML character data (or an attribute's value), escaped
/// by `quick-xml` (quotes only in attributes, as S3 writes text); a character XML 1.0 cannot hold (a control character,
/// U+FFFE, U+FFFF) becomes U+FFFD, and the white space a reader would
/// normalize (`\r`, and in an attribute `\n` and `\t`) a character reference,
/// so the reader gets the text back as sent.
pub(crate) fn write_xml_text(text: &str, attribute: bool, out: &mut Vec<u8>) {
    let plain = |c: char| {
        errcat_catalog::house::xml::is_xml_char(c)
            && c != '\r'
            && !(attribute && matches!(c, '\n' | '\t'))
    };
    // Text needs `<`, `>` and `&` escaped; an attribute's value its quotes too.
    let escaped = if attribute {
        quick_xml::escape::escape(text)
    } else {
        quick_xml::escape::partial_escape(text)
    };
    if escaped.chars().all(plain) {
        out.extend_from_slice(escaped.as_bytes());
        return;
    }
    let mut buffer = [0; 4];
    for c in escaped.chars() {
        match c {
            '\r' => out.extend_from_slice(b"&#13;"),
            '\n' if attribute => out.extend_from_slice(b"&#10;"),
            '\t' if attribute => out.extend_from_slice(b"&#9;"),
            c if plain(c) || matches!(c, '\n' | '\t') => {
                out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            }
            _ => out.extend_from_slice("\u{fffd}".as_bytes()),
        }
    }
}

/// When an XML element that is one slot is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// Always (the root).
    Always,
    /// Left out when its slot has no value.
    MaybeLeftOut,
    /// Inside the element repeated per field error: its field's name,
    /// pointer and message always have values.
    WithField,
}

/// Turns a checked XML body into ops, merging fixed markup into one run.
#[derive(Default)]
struct XmlCompiler {
    ops: Vec<Op>,
    raw: Vec<u8>,
}

impl XmlCompiler {
    fn document(mut self, document: &errcat_catalog::house::xml::Document) -> Box<[Op]> {
        self.raw.extend_from_slice(document.prolog.as_bytes());
        // The root is always written, or the body would be no document.
        self.element(&document.root, b"", Written::Always);
        self.raw.extend_from_slice(document.epilog.as_bytes());
        self.finish()
    }

    fn finish(mut self) -> Box<[Op]> {
        if !self.raw.is_empty() {
            self.ops.push(Op::Raw(std::mem::take(&mut self.raw).into()));
        }
        self.ops.into_boxed_slice()
    }

    fn take_raw(&mut self) -> Fixed {
        std::mem::take(&mut self.raw).into()
    }

    /// Fixed text, escaped.
    fn fixed(&mut self, text: &str, attribute: bool) {
        let mut escaped = Vec::new();
        write_xml_text(text, attribute, &mut escaped);
        self.raw.extend_from_slice(&escaped);
    }

    /// Text or an attribute value with slots: fixed, or one text op.
    fn text(&mut self, text: &str, attribute: bool) {
        let parts = errcat_catalog::house::xml::parts(text);
        if parts.iter().all(|part| part.slot().is_none()) {
            for part in parts {
                if let Part::Text(text) = part {
                    self.fixed(&text, attribute);
                }
            }
            return;
        }
        let pieces = parts
            .into_iter()
            .map(|part| match part {
                Part::Text(text) => {
                    let mut escaped = Vec::new();
                    write_xml_text(&text, attribute, &mut escaped);
                    Piece::Fixed(escaped.into())
                }
                Part::Slot(slot) | Part::SlotOrNull(slot) => Piece::Slot(slot),
            })
            .collect();
        let before = self.take_raw();
        self.ops.push(Op::XmlText {
            before,
            pieces,
            attribute,
        });
    }

    /// The one slot `text` is exactly, and whether it is `{slot|null}`.
    fn lone_slot(text: &str) -> Option<(Slot, bool)> {
        match classify(text) {
            Str::Slot(slot) => Some((slot, false)),
            Str::SlotOrNull(slot) => Some((slot, true)),
            _ => None,
        }
    }

    /// The start tag's name and attributes, without its `>`: fixed bytes
    /// when no attribute is a lone slot that may be left out.
    fn start_tag(&mut self, element: &errcat_catalog::house::xml::Element) {
        self.raw.push(b'<');
        self.raw.extend_from_slice(element.name.as_bytes());
        for (name, value) in &element.attributes {
            let open = format!(" {name}=\"").into_bytes();
            match Self::lone_slot(value) {
                Some((slot, or_empty)) if !always_has_value(&slot) => {
                    let before = self.take_raw();
                    self.ops.push(Op::XmlSlot {
                        before,
                        empty: or_empty.then(|| [&open[..], b"\""].concat().into()),
                        open: open.into(),
                        slot,
                        close: Fixed::from(&b"\""[..]),
                        attribute: true,
                    });
                }
                _ => {
                    self.raw.extend_from_slice(&open);
                    self.text(value, true);
                    self.raw.push(b'"');
                }
            }
        }
    }

    /// Writes `element`, after `indent` (the white space before it).
    fn element(
        &mut self,
        element: &errcat_catalog::house::xml::Element,
        indent: &[u8],
        written: Written,
    ) {
        use errcat_catalog::house::xml::{Content, FieldRole};
        let with_field = written == Written::WithField;
        let end = format!("</{}>", element.name);
        match &element.content {
            Content::Text(text) => {
                // An element that is exactly one slot is left out (with the
                // white space before it) when the slot has no value; one
                // whose attributes hold slots is always written.
                let fixed_attributes = element.attributes.iter().all(|(_, value)| {
                    errcat_catalog::house::xml::parts(value)
                        .iter()
                        .all(|part| part.slot().is_none())
                });
                if fixed_attributes
                    && written != Written::Always
                    && let Some((slot, or_empty)) = Self::lone_slot(text)
                    && !has_value(&slot, with_field)
                {
                    let before = self.take_raw();
                    self.start_tag(element);
                    let mut open = indent.to_vec();
                    open.extend_from_slice(&self.take_raw());
                    let empty = or_empty.then(|| {
                        let mut empty = open.clone();
                        empty.extend_from_slice(b"/>");
                        empty.into()
                    });
                    open.push(b'>');
                    self.ops.push(Op::XmlSlot {
                        before,
                        open: open.into(),
                        slot,
                        close: end.into_bytes().into(),
                        empty,
                        attribute: false,
                    });
                    return;
                }
                self.raw.extend_from_slice(indent);
                self.start_tag(element);
                self.raw.push(b'>');
                self.text(text, false);
                self.raw.extend_from_slice(end.as_bytes());
            }
            Content::Empty => {
                self.raw.extend_from_slice(indent);
                self.start_tag(element);
                self.raw.extend_from_slice(b"/>");
            }
            Content::Elements { children, trailing } => {
                self.raw.extend_from_slice(indent);
                self.start_tag(element);
                self.raw.push(b'>');
                for (indent, child) in children {
                    let role = if with_field {
                        FieldRole::None
                    } else {
                        child.field_role()
                    };
                    match role {
                        FieldRole::None => self.element(
                            child,
                            indent.as_bytes(),
                            if with_field {
                                Written::WithField
                            } else {
                                Written::MaybeLeftOut
                            },
                        ),
                        FieldRole::Repeated => {
                            let mut item = XmlCompiler::default();
                            item.element(child, indent.as_bytes(), Written::WithField);
                            self.flush();
                            self.ops.push(Op::XmlFields {
                                wrapper: None,
                                item: item.finish(),
                            });
                        }
                        FieldRole::List => {
                            let Content::Elements {
                                children: items,
                                trailing: inner,
                            } = &child.content
                            else {
                                unreachable!("a field list holds one element")
                            };
                            let (item_indent, repeated) = &items[0];
                            let mut item = XmlCompiler::default();
                            item.element(repeated, item_indent.as_bytes(), Written::WithField);
                            let start = format!("{indent}<{}>", child.name);
                            let end = format!("{inner}</{}>", child.name);
                            self.flush();
                            self.ops.push(Op::XmlFields {
                                wrapper: Some((start.into_bytes().into(), end.into_bytes().into())),
                                item: item.finish(),
                            });
                        }
                    }
                }
                self.raw.extend_from_slice(trailing.as_bytes());
                self.raw.extend_from_slice(end.as_bytes());
            }
        }
    }

    fn flush(&mut self) {
        if !self.raw.is_empty() {
            let raw = self.take_raw();
            self.ops.push(Op::Raw(raw));
        }
    }
}

/// Why a house profile does not compile (a checked catalog never has one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("profile `{name}`: {message}")]
pub struct ShapeError {
    /// The profile.
    pub name: String,
    /// What is wrong.
    pub message: String,
}

static SHAPES: LazyLock<Mutex<HashMap<String, &'static Shape>>> = LazyLock::new(Default::default);

/// Compiles `profile`, once per distinct text: shapes live as long as the
/// process, like the built-in profiles, so a `Profile` stays a `Copy` value.
pub(crate) fn compile(name: &str, profile: &HouseProfile) -> Result<&'static Shape, ShapeError> {
    let identity = serde_json::to_string(&(name, profile)).expect("profiles serialize");
    let mut shapes = SHAPES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(shape) = shapes.get(&identity) {
        return Ok(shape);
    }
    let error = |message: String| ShapeError {
        name: name.to_owned(),
        message,
    };
    if let Some(problem) = errcat_catalog::house::check_profile(profile)
        .into_iter()
        .next()
    {
        return Err(error(problem.message));
    }
    let xml = errcat_catalog::house::xml::is_xml(&profile.body);
    let (body, ops, document) = if xml {
        let document = errcat_catalog::house::xml::parse_document(&profile.body)
            .map_err(|problem| error(problem.message))?;
        let ops = XmlCompiler::default().document(&document);
        (document.view(), ops, Some(document))
    } else {
        let body =
            errcat_catalog::house::parse_body(&profile.body).map_err(|e| error(e.to_string()))?;
        let mut compiler = Compiler {
            layout: profile.field_errors.unwrap_or_default(),
            ..Compiler::default()
        };
        compiler.value(&body);
        (body, compiler.finish(), None)
    };
    let content_type = profile.content_type.as_deref().unwrap_or(if xml {
        "application/xml"
    } else {
        "application/json"
    });
    let header = HeaderValue::from_str(content_type)
        .map_err(|_| error(format!("`{content_type}` is not a valid content type")))?;
    let content_type: &'static str = Box::leak(content_type.to_owned().into_boxed_str());
    // Static where it can be, as the built-in profiles' are: cloning it per
    // response is then a copy, not a reference count.
    let header = if content_type
        .bytes()
        .all(|b| (32..127).contains(&b) || b == b'\t')
    {
        HeaderValue::from_static(content_type)
    } else {
        header
    };
    let status = profile
        .status
        .map(|status| {
            StatusCode::from_u16(status)
                .map_err(|_| error(format!("{status} is not an HTTP status")))
        })
        .transpose()?;
    let request_id_header = match profile.request_id_header.as_deref() {
        Some(name) => http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| error(format!("`{name}` is not a header name")))?,
        None => http::HeaderName::from_static("x-request-id"),
    };
    let shape = Shape {
        name: Box::leak(name.to_owned().into_boxed_str()),
        request_id_header,
        content_type,
        header,
        status,
        ops,
        body,
        spread: profile.field_errors == Some(FieldErrorLayout::Spread),
        xml: document,
        identity: identity.clone(),
    };
    let shape: &'static Shape = Box::leak(Box::new(shape));
    shapes.insert(identity, shape);
    Ok(shape)
}

/// What one render reads: the error, its context, and the field error being written.
#[derive(Clone, Copy)]
struct Scope<'a> {
    shape: &'a Shape,
    error: &'a ApiError,
    context: &'a RenderContext<'a>,
    /// The field errors clients see.
    fields: &'a [FieldError],
    /// The field error `field.*` slots read.
    field: Option<&'a FieldError>,
    /// Inside a field map: the errors (indexes into `fields`) of one field,
    /// which its list lists.
    group: Option<&'a [usize]>,
}

/// A slot's value, borrowed where it can be.
enum SlotValue<'a> {
    Text(Text<'a>),
    Owned(String),
    Json(&'a Value),
    OwnedJson(Value),
    Number(i64),
    Bool(bool),
    Code(&'a errcat_catalog::Code),
    Pointer(Pointer<'a>),
}

impl WriteJson for SlotValue<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            SlotValue::Text(text) => text.write_json(out),
            SlotValue::Owned(text) => text.as_str().write_json(out),
            SlotValue::Json(value) => value.write_json(out),
            SlotValue::OwnedJson(value) => value.write_json(out),
            SlotValue::Number(number) => number.write_json(out),
            SlotValue::Bool(flag) => flag.write_json(out),
            SlotValue::Code(code) => code.write_json(out),
            SlotValue::Pointer(pointer) => pointer.write_json(out),
        }
    }
}

impl SlotValue<'_> {
    /// The value as text inside a JSON string: escaped, without quotes.
    fn write_in_string(&self, out: &mut Vec<u8>) {
        match self {
            SlotValue::Text(text) => text.write_string_contents(out),
            SlotValue::Owned(text) => write_string_contents(text, out),
            SlotValue::Number(number) => number.write_json(out),
            SlotValue::Bool(flag) => flag.write_json(out),
            SlotValue::Code(errcat_catalog::Code::Int(number)) => number.write_json(out),
            SlotValue::Code(errcat_catalog::Code::Text(text)) => write_string_contents(text, out),
            SlotValue::Pointer(pointer) => pointer.write_string_contents(out),
            // Values whose text is not their JSON: an argument's list or
            // number, details and attributes that may be objects.
            SlotValue::Json(_) | SlotValue::OwnedJson(_) => with_scratch(
                |buffer| {
                    self.write_text(buffer);
                    Ok(())
                },
                |text| write_string_contents(text, out),
            ),
        }
    }

    /// The value as XML text, or as an attribute's value: escaped, and
    /// never a character XML 1.0 cannot hold.
    fn write_xml(&self, attribute: bool, out: &mut Vec<u8>) {
        with_scratch(
            |buffer| {
                self.write_text(buffer);
                Ok(())
            },
            |text| write_xml_text(text, attribute, out),
        );
    }

    /// The value as text inside a longer string.
    fn write_text(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = match self {
            SlotValue::Text(Text::Plain(text)) => out.write_str(text),
            SlotValue::Text(Text::Escaped(json)) => {
                out.push_str(&serde_json::from_str::<String>(json.get()).unwrap_or_default());
                Ok(())
            }
            SlotValue::Text(Text::Template(template, error)) => {
                template.render_in(out, *error, error.plural_rules(template))
            }
            SlotValue::Owned(text) => out.write_str(text),
            SlotValue::Json(Value::String(text)) => out.write_str(text),
            SlotValue::Json(value) => write!(out, "{value}"),
            SlotValue::OwnedJson(Value::String(text)) => out.write_str(text),
            SlotValue::OwnedJson(value) => write!(out, "{value}"),
            SlotValue::Number(number) => write!(out, "{number}"),
            SlotValue::Bool(flag) => write!(out, "{flag}"),
            SlotValue::Code(code) => write!(out, "{code}"),
            SlotValue::Pointer(pointer) => pointer.write_to(out),
        };
    }
}

impl<'a> Scope<'a> {
    fn value(&self, slot: &'a Slot) -> Option<SlotValue<'a>> {
        let error = self.error;
        let entry = error.entry();
        Some(match slot {
            Slot::Id => SlotValue::Text(Text::Plain(error.id())),
            Slot::Code => SlotValue::Code(error.code()),
            // The error's own status, even when the profile sends a fixed one.
            Slot::Status => SlotValue::Number(i64::from(error.status().as_u16())),
            Slot::StatusText => SlotValue::Text(Text::Plain(error.status().canonical_reason()?)),
            Slot::Title => SlotValue::Text(public_title(error)),
            Slot::Message => SlotValue::Text(public_message(error)),
            Slot::Type => SlotValue::Text(Text::Escaped(&entry.escaped.docs_url_or_blank)),
            Slot::DocsUrl => SlotValue::Text(Text::Plain(entry.docs_url.as_deref()?)),
            Slot::RequestId => SlotValue::Text(Text::Plain(error.request_id()?.as_str())),
            Slot::Timestamp => match self.context.timestamp {
                Some(timestamp) => SlotValue::Text(Text::Plain(timestamp)),
                None => SlotValue::Owned(now_rfc3339()),
            },
            Slot::Instance => SlotValue::Text(Text::Plain(public_instance(error, self.context)?)),
            Slot::Suggestion => SlotValue::Text(public_suggestion(error)?),
            Slot::Retryable => SlotValue::Bool(entry.retryable()),
            Slot::Details => SlotValue::Json(public_details(error)?),
            Slot::Meta => SlotValue::Json(entry.entry.meta.as_ref()?),
            Slot::Arg(name) => {
                if redacted(error) {
                    return None;
                }
                SlotValue::OwnedJson(error.arg_value(name)?.to_json())
            }
            Slot::Wire(name) => SlotValue::Json(entry.entry.wire_attr(self.shape.name, name)?),
            Slot::Or(first, fallback) => {
                return self.value(first).or_else(|| self.value(fallback));
            }
            Slot::Field(member) => {
                let field = self.field?;
                match member {
                    FieldSlot::Name => SlotValue::Text(Text::Plain(&field.field)),
                    FieldSlot::Pointer => SlotValue::Pointer(Pointer {
                        field: &field.field,
                        fragment: false,
                    }),
                    FieldSlot::Message => SlotValue::Text(Text::Plain(&field.message)),
                    FieldSlot::Code => SlotValue::Text(Text::Plain(field.code.as_deref()?)),
                }
            }
        })
    }

    /// Writes a slot's JSON value, if it has one: the slots most bodies use
    /// are written straight, the others through [`Scope::value`].
    #[inline(always)]
    fn write_value(&self, slot: &'a Slot, out: &mut Vec<u8>) -> bool {
        let error = self.error;
        match slot {
            Slot::Code => error.code_json().write_json(out),
            Slot::Status => error.status().as_u16().write_json(out),
            Slot::Title => public_title(error).write_json(out),
            Slot::Message => public_message(error).write_json(out),
            Slot::Type => error.entry().escaped.docs_url_or_blank.write_json(out),
            Slot::RequestId => match error.request_id() {
                Some(id) => id.write_json(out),
                None => return false,
            },
            Slot::Retryable => error.entry().retryable().write_json(out),
            Slot::Suggestion => match public_suggestion(error) {
                Some(suggestion) => suggestion.write_json(out),
                None => return false,
            },
            Slot::Instance => match public_instance(error, self.context) {
                Some(instance) => instance.write_json(out),
                None => return false,
            },
            Slot::Field(FieldSlot::Name) => match self.field {
                Some(field) => field.field.write_json(out),
                None => return false,
            },
            Slot::Field(FieldSlot::Message) => match self.field {
                Some(field) => field.message.write_json(out),
                None => return false,
            },
            Slot::Field(FieldSlot::Code) => match self.field.and_then(|f| f.code.as_deref()) {
                Some(code) => code.write_json(out),
                None => return false,
            },
            _ => match self.value(slot) {
                Some(value) => value.write_json(out),
                None => return false,
            },
        }
        true
    }

    /// Writes a slot's value as text inside a JSON string (escaped, no
    /// quotes): a field's pointer or name (`"#{field.pointer}"`) straight,
    /// the others through [`Scope::value`].
    fn write_in_text(&self, slot: &'a Slot, out: &mut Vec<u8>) {
        match (slot, self.field) {
            (Slot::Field(FieldSlot::Pointer), Some(field)) => Pointer {
                field: &field.field,
                fragment: false,
            }
            .write_string_contents(out),
            (Slot::Field(FieldSlot::Name), Some(field)) => write_string_contents(&field.field, out),
            _ => {
                if let Some(value) = self.value(slot) {
                    value.write_in_string(out);
                }
            }
        }
    }

    /// Runs `ops`. Recursion only enters a list's item or a map's member,
    /// which a checked body never nests in themselves.
    fn run(&self, ops: &'a [Op], out: &mut Vec<u8>) {
        for op in ops {
            match op {
                Op::Raw(bytes) => bytes.write(out),
                Op::Comma => Lead::Auto.write(out),
                Op::Value { before, slot } => {
                    before.write(out);
                    if !self.write_value(slot, out) {
                        out.extend_from_slice(b"null");
                    }
                }
                Op::Optional {
                    before,
                    lead,
                    key,
                    slot,
                } => {
                    before.write(out);
                    // Written first, taken back when the slot has no value.
                    let mark = out.len();
                    lead.write(out);
                    key.write(out);
                    if !self.write_value(slot, out) {
                        out.truncate(mark);
                    }
                }
                Op::Text { before, pieces } => {
                    before.write(out);
                    for piece in pieces {
                        match piece {
                            Piece::Fixed(bytes) => bytes.write(out),
                            Piece::Slot(slot) => self.write_in_text(slot, out),
                        }
                    }
                }
                Op::Fields {
                    lead,
                    key,
                    omit_empty,
                    item,
                } => self.write_fields(*lead, key, *omit_empty, item, out),
                Op::XmlSlot {
                    before,
                    open,
                    slot,
                    close,
                    empty,
                    attribute,
                } => {
                    before.write(out);
                    match self.value(slot) {
                        Some(value) => {
                            open.write(out);
                            value.write_xml(*attribute, out);
                            close.write(out);
                        }
                        None => {
                            if let Some(empty) = empty {
                                empty.write(out);
                            }
                        }
                    }
                }
                Op::XmlText {
                    before,
                    pieces,
                    attribute,
                } => {
                    before.write(out);
                    for piece in pieces {
                        match piece {
                            Piece::Fixed(bytes) => bytes.write(out),
                            Piece::Slot(slot) => {
                                if let Some(value) = self.value(slot) {
                                    value.write_xml(*attribute, out);
                                }
                            }
                        }
                    }
                }
                Op::XmlFields { wrapper, item } => {
                    if self.fields.is_empty() {
                        continue;
                    }
                    if let Some((start, _)) = wrapper {
                        start.write(out);
                    }
                    for field in self.fields {
                        let scope = Scope {
                            field: Some(field),
                            ..*self
                        };
                        scope.run(item, out);
                    }
                    if let Some((_, end)) = wrapper {
                        end.write(out);
                    }
                }
                Op::FieldMap {
                    lead,
                    key,
                    own,
                    reserved,
                } => {
                    if !self.fields.is_empty() {
                        lead.write(out);
                        key.write(out);
                        self.write_map(own, reserved, out);
                    }
                }
            }
        }
    }

    fn write_fields(
        &self,
        lead: Lead,
        key: &Fixed,
        omit_empty: bool,
        item: &'a [Op],
        out: &mut Vec<u8>,
    ) {
        let count = self.group.map_or(self.fields.len(), <[usize]>::len);
        if omit_empty && count == 0 {
            return;
        }
        lead.write(out);
        key.write(out);
        out.push(b'[');
        if count == 0 {
            // The spread layout: one item, without its field members.
            self.run(item, out);
        }
        let mut each = |index: usize, field: &'a FieldError| {
            if index > 0 {
                out.push(b',');
            }
            let scope = Scope {
                field: Some(field),
                ..*self
            };
            scope.run(item, out);
        };
        match self.group {
            Some(group) => {
                for (index, at) in group.iter().enumerate() {
                    each(index, &self.fields[*at]);
                }
            }
            None => {
                for (index, field) in self.fields.iter().enumerate() {
                    each(index, field);
                }
            }
        }
        out.push(b']');
    }

    /// Writes a field map: per field an object of `own` members (its errors)
    /// and its nested fields, depth first with an explicit stack.
    fn write_map(&self, own: &'a [Op], reserved: &[String], out: &mut Vec<u8>) {
        let tree = FieldTree::of(self.fields);
        let write_own = |node: &TreeNode<'_>, out: &mut Vec<u8>| {
            out.push(b'{');
            if !node.errors.is_empty() {
                let scope = Scope {
                    field: None,
                    group: Some(&node.errors),
                    ..*self
                };
                scope.run(own, out);
            }
        };
        write_own(&tree.nodes[0], out);
        // Per open object: its node and the next child to write.
        let mut stack = vec![(0usize, 0usize)];
        while let Some((node, next)) = stack.last_mut() {
            let Some(&child) = tree.nodes[*node].children.get(*next) else {
                out.push(b'}');
                stack.pop();
                continue;
            };
            *next += 1;
            Lead::Auto.write(out);
            map_key(tree.nodes[child].key, reserved).write_json(out);
            out.push(b':');
            write_own(&tree.nodes[child], out);
            stack.push((child, 0));
        }
    }
}

/// A path segment as a key of a field map: `~` appended when it is one of
/// the member's keys, or one of them followed by `~`s.
fn map_key<'k>(segment: &'k str, reserved: &[String]) -> Cow<'k, str> {
    let base = segment.trim_end_matches('~');
    if reserved.iter().any(|key| key == base) {
        Cow::Owned(format!("{segment}~"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// Up to this many fields, a child is found by scanning its siblings.
const SCAN_LIMIT: usize = 8;

/// Field errors nested by their dotted paths, in the order fields first appear.
struct FieldTree<'a> {
    /// The root (the request's own errors) first.
    nodes: Vec<TreeNode<'a>>,
}

struct TreeNode<'a> {
    /// The path segment (at [`MAX_FIELD_DEPTH`], the rest of the path).
    key: &'a str,
    /// The errors of the field that ends here, as indexes.
    errors: Vec<usize>,
    children: Vec<usize>,
}

impl<'a> FieldTree<'a> {
    fn of(fields: &'a [FieldError]) -> Self {
        let mut nodes = vec![TreeNode {
            key: "",
            errors: Vec::new(),
            children: Vec::new(),
        }];
        // Beyond a few fields, children are found through one index.
        let mut index: Option<HashMap<(usize, &'a str), usize>> =
            (fields.len() > SCAN_LIMIT).then(HashMap::new);
        for (at, field) in fields.iter().enumerate() {
            let mut node = 0;
            // An error of no field (an empty name) belongs to the map itself.
            if !field.field.is_empty() {
                for segment in field.field.splitn(MAX_FIELD_DEPTH, '.') {
                    let found = match &index {
                        Some(index) => index.get(&(node, segment)).copied(),
                        None => nodes[node]
                            .children
                            .iter()
                            .copied()
                            .find(|&child| nodes[child].key == segment),
                    };
                    node = match found {
                        Some(child) => child,
                        None => {
                            let child = nodes.len();
                            nodes.push(TreeNode {
                                key: segment,
                                errors: Vec::new(),
                                children: Vec::new(),
                            });
                            nodes[node].children.push(child);
                            if let Some(index) = &mut index {
                                index.insert((node, segment), child);
                            }
                            child
                        }
                    };
                }
            }
            nodes[node].errors.push(at);
        }
        FieldTree { nodes }
    }
}

pub(super) fn render(shape: &Shape, error: &ApiError, context: &RenderContext<'_>) -> Rendered {
    let scope = Scope {
        shape,
        error,
        context,
        fields: public_fields(error),
        field: None,
        group: None,
    };
    let mut out = body_buffer();
    scope.run(&shape.ops, &mut out);
    let status = shape.status.unwrap_or(error.status());
    Rendered::json(status, shape.header.clone(), out)
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::profile::test_support::{FIXED, catalog, internal, not_found};
    use errcat_catalog::{FieldErrorLayout, HouseProfile};

    fn house(name: &str, body: &str, layout: Option<FieldErrorLayout>) -> Profile {
        let house = HouseProfile {
            body: body.to_owned(),
            field_errors: layout,
            ..HouseProfile::default()
        };
        crate::profile::house_profile(super::compile(name, &house).unwrap())
    }

    fn body(profile: Profile, error: &crate::ApiError) -> String {
        String::from_utf8(profile.render(error, &FIXED).body).unwrap()
    }

    #[test]
    fn an_s3_style_xml_body() {
        let s3 = house(
            "s3",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><Resource>{instance}</Resource><RequestId>{request_id}</RequestId></Error>",
            None,
        );
        assert_eq!(s3.content_type(), "application/xml");
        assert_eq!(
            body(s3, &not_found()),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>contact_not_found</Code><Message>No contact \"c_42\" in list vip</Message><Resource>/contacts/c_42</Resource><RequestId>req-1</RequestId></Error>"
        );
        let plain = catalog().error("contact_not_found").unwrap();
        assert_eq!(
            body(s3, &plain),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>contact_not_found</Code><Message>No contact {id:q} in list {list}</Message><Resource>/contacts/c_42</Resource></Error>",
            "no request ID: its element is left out"
        );
        assert!(s3.reading().xml);
    }

    #[test]
    fn an_xml_body_repeats_the_field_element_and_keeps_its_layout() {
        let azure = house(
            "azure",
            "<Error code=\"{code}\" hint=\"{suggestion}\">\n  <Message>{message}</Message>\n  <RequestId>{request_id|null}</RequestId>\n  <Fields>\n    <Field name=\"{field.name}\"><Reason>{field.code}</Reason><Text>{field.message}</Text></Field>\n  </Fields>\n  <Status>{status} {status_text}</Status>\n</Error>",
            None,
        );
        assert_eq!(
            body(azure, &not_found()),
            "<Error code=\"contact_not_found\" hint=\"Check the contact id.\">\n  <Message>No contact \"c_42\" in list vip</Message>\n  <RequestId>req-1</RequestId>\n  <Fields>\n    <Field name=\"email\"><Reason>invalid_string</Reason><Text>Invalid email</Text></Field>\n    <Field name=\"profile.name\"><Reason>required</Reason><Text>Required</Text></Field>\n  </Fields>\n  <Status>404 Not Found</Status>\n</Error>"
        );
        let plain = catalog().error("contact_not_found").unwrap();
        assert_eq!(
            body(azure, &plain),
            "<Error code=\"contact_not_found\" hint=\"Check the contact id.\">\n  <Message>No contact {id:q} in list {list}</Message>\n  <RequestId/>\n  <Status>404 Not Found</Status>\n</Error>",
            "no field errors: the list is left out with its indent; no request ID: `|null` keeps its element, empty"
        );
    }

    #[test]
    fn an_xml_body_s_schema_uses_openapi_s_xml_keyword() {
        let shape = super::compile(
            "xml-schema",
            &HouseProfile {
                body: "<Error code=\"{code}\" hint=\"{suggestion}\"><Message>{message}</Message><Id>{request_id}</Id><Fields><Field name=\"{field.name}\">{field.message}</Field></Fields><Status>{status}</Status></Error>".to_owned(),
                ..HouseProfile::default()
            },
        )
        .unwrap();
        assert_eq!(
            shape.body_schema(&serde_json::json!({"type": "string"})),
            serde_json::json!({
                "type": "object",
                "xml": {"name": "Error"},
                "required": ["code", "Message", "Status"],
                "properties": {
                    "code": {"type": "string", "xml": {"attribute": true}},
                    "hint": {"type": "string", "xml": {"attribute": true}},
                    "Message": {"type": "string"},
                    "Id": {"type": "string"},
                    "Fields": {"type": "array", "xml": {"wrapped": true}, "items": {
                        "type": "object",
                        "xml": {"name": "Field"},
                        "required": ["name"],
                        "properties": {"name": {"type": "string", "xml": {"attribute": true}}},
                    }},
                    "Status": {"type": "integer", "minimum": 100, "maximum": 599},
                },
            })
        );
    }

    #[test]
    fn an_xml_body_sends_its_namespaces_as_written() {
        let s3 = house(
            "s3-namespaces",
            "<s3:Error xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\" xmlns=\"urn:errors\"><s3:Code>{code}</s3:Code><Hint xmlns:h=\"urn:h\" h:for=\"{arg.id}\" h:list=\"{arg.none}\">{suggestion}</Hint><s3:Id>{request_id}</s3:Id></s3:Error>",
            None,
        );
        assert_eq!(
            body(s3, &not_found()),
            "<s3:Error xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\" xmlns=\"urn:errors\"><s3:Code>contact_not_found</s3:Code><Hint xmlns:h=\"urn:h\" h:for=\"c_42\">Check the contact id.</Hint><s3:Id>req-1</s3:Id></s3:Error>",
            "a prefixed attribute without a value is left out; the declarations stay"
        );
    }

    #[test]
    fn a_namespace_declaration_with_a_slot_does_not_compile() {
        // Without a value it was left out (`p` unbound) or sent empty
        // (`xmlns:p=""`): no reader takes either.
        for body in [
            "<Error xmlns:p=\"{suggestion}\"><p:Code>{code}</p:Code></Error>",
            "<Error xmlns:p=\"{arg.ns}\"><p:Code>{code}</p:Code></Error>",
            "<Error xmlns=\"urn:{arg.ns}\"><Code>{code}</Code></Error>",
        ] {
            let house = HouseProfile {
                body: body.to_owned(),
                ..HouseProfile::default()
            };
            let error = super::compile("namespace-slot", &house).expect_err(body);
            assert!(
                error.message.contains("the namespace declaration"),
                "{body}: {error}"
            );
        }
    }

    #[test]
    fn an_xml_root_that_is_one_slot_is_always_written() {
        let bare = house("bare-root", "<Error>{instance}</Error>", None);
        let plain = catalog().error("contact_not_found").unwrap();
        let context = crate::profile::RenderContext::default();
        assert_eq!(
            String::from_utf8(bare.render(&plain, &context).body).unwrap(),
            "<Error></Error>"
        );
    }

    #[test]
    fn xml_text_never_breaks_the_document() {
        let s3 = house(
            "s3-hostile",
            "<Error a=\"{arg.id}\"><Id>{arg.id}</Id></Error>",
            None,
        );
        let hostile = catalog()
            .error("contact_not_found")
            .unwrap()
            .arg("id", "</Id><x>&\u{0}\u{1b}\r\n\t\"'\u{fffe}]]>");
        assert_eq!(
            body(s3, &hostile),
            "<Error a=\"&lt;/Id&gt;&lt;x&gt;&amp;\u{fffd}\u{fffd}&#13;&#10;&#9;&quot;&apos;\u{fffd}]]&gt;\"><Id>&lt;/Id&gt;&lt;x&gt;&amp;\u{fffd}\u{fffd}&#13;\n\t\"'\u{fffd}]]&gt;</Id></Error>"
        );
    }

    #[test]
    fn an_xml_body_keeps_the_5xx_rule() {
        let leaky = house(
            "leaky-xml",
            "<Error><Message>{message}</Message><Query>{arg.query}</Query><Errors><E>{field.name}</E></Errors><Id>{request_id}</Id></Error>",
            None,
        );
        assert_eq!(
            body(leaky, &internal()),
            "<Error><Message>An internal error occurred. Quote the request ID when you contact support.</Message><Id>req-3</Id></Error>"
        );
    }

    #[test]
    fn microsoft_graph_style_body() {
        let graph = house(
            "graph",
            r#"{"error": {"code": "{code}", "message": "{message}", "innerError": {"request-id": "{request_id}", "date": "{timestamp}"}}}"#,
            None,
        );
        assert_eq!(
            body(graph, &not_found()),
            r#"{"error":{"code":"contact_not_found","message":"No contact \"c_42\" in list vip","innerError":{"request-id":"req-1","date":"2025-11-30T10:30:00.000Z"}}}"#
        );
        assert_eq!(graph.name(), "graph");
        assert_eq!(graph.content_type(), "application/json");
    }

    #[test]
    fn list_layout_lists_fields_and_leaves_out_what_is_absent() {
        let postgrest = house(
            "postgrest",
            r#"{"code": "{code}", "message": "{message}", "details": "{details}", "hint": "{suggestion}", "status": "{status}", "retry": "{retryable}", "text": "Error {code} ({status}): {arg.id}", "errors": [{"field": "{field.name}", "pointer": "{field.pointer}", "reason": "{field.code}"}]}"#,
            None,
        );
        assert_eq!(
            body(postgrest, &not_found()),
            r#"{"code":"contact_not_found","message":"No contact \"c_42\" in list vip","hint":"Check the contact id.","status":404,"retry":false,"text":"Error contact_not_found (404): c_42","errors":[{"field":"email","pointer":"/email","reason":"invalid_string"},{"field":"profile.name","pointer":"/profile/name","reason":"required"}]}"#
        );
        let plain = catalog()
            .error("contact_not_found")
            .unwrap()
            .arg("id", "c_1");
        assert_eq!(
            body(postgrest, &plain),
            r#"{"code":"contact_not_found","message":"No contact \"c_1\" in list {list}","hint":"Check the contact id.","status":404,"retry":false,"text":"Error contact_not_found (404): c_1"}"#,
            "no details, no field errors: their members are left out"
        );
    }

    #[test]
    fn spread_layout_makes_one_error_per_field() {
        let square = house(
            "square",
            r#"{"errors": [{"category": "{wire.category}", "code": "{code}", "detail": "{field.message}", "field": "{field.name}"}]}"#,
            Some(FieldErrorLayout::Spread),
        );
        assert_eq!(
            body(square, &not_found()),
            r#"{"errors":[{"code":"contact_not_found","detail":"Invalid email","field":"email"},{"code":"contact_not_found","detail":"Required","field":"profile.name"}]}"#
        );
        let plain = catalog().error("contact_not_found").unwrap();
        assert_eq!(
            body(square, &plain),
            r#"{"errors":[{"code":"contact_not_found"}]}"#
        );
    }

    #[test]
    fn a_fallback_slot_sends_the_field_s_value_else_the_error_s() {
        // Square's shape: each field error its own code and detail, an
        // error without fields the wire code and its message.
        let square = house(
            "square",
            r#"{"errors": [{"code": "{field.code|code}", "detail": "{field.message|message}", "field": "{field.name}"}]}"#,
            Some(FieldErrorLayout::Spread),
        );
        let mixed = catalog()
            .error("contact_not_found")
            .unwrap()
            .arg("id", "c_42")
            .arg("list", "vip")
            .field("email", "Invalid email", Some("invalid_string"))
            .field("name", "Required", None);
        assert_eq!(
            body(square, &mixed),
            r#"{"errors":[{"code":"invalid_string","detail":"Invalid email","field":"email"},{"code":"contact_not_found","detail":"Required","field":"name"}]}"#
        );
        let plain = catalog()
            .error("contact_not_found")
            .unwrap()
            .arg("id", "c_42")
            .arg("list", "vip");
        assert_eq!(
            body(square, &plain),
            r#"{"errors":[{"code":"contact_not_found","detail":"No contact \"c_42\" in list vip"}]}"#
        );
        // Always written: its schema requires it, and it is a code or a field's code.
        let schema = square.body_schema(serde_json::json!({"enum": ["contact_not_found"]}));
        // Spread: the list is always written, with an item at least.
        assert_eq!(schema["required"], serde_json::json!(["errors"]));
        assert_eq!(schema["properties"]["errors"]["minItems"], 1);
        let item = &schema["properties"]["errors"]["items"];
        assert_eq!(item["required"], serde_json::json!(["code", "detail"]));
        assert_eq!(
            item["properties"]["code"],
            serde_json::json!({"anyOf": [{"type": "string"}, {"enum": ["contact_not_found"]}]})
        );
        assert_eq!(
            item["properties"]["detail"],
            serde_json::json!({"type": "string"})
        );
    }

    #[test]
    fn an_arg_slot_s_schema_is_its_param_s_type_when_the_entries_agree() {
        let catalog = |retry: &str| {
            errcat_catalog::parse(errcat_catalog::SourceFile::new(
                "c.toml",
                format!(
                    "[profiles.discord]\nbody = '{{\"code\": \"{{code}}\", \"retry_after\": \"{{arg.retry_after}}\"}}'\n\n\
                     [[errors]]\nid = \"a\"\nstatus = 429\nmessage = \"A\"\nparams.retry_after = \"int\"\n\n\
                     [[errors]]\nid = \"b\"\nstatus = 429\nmessage = \"B\"\nparams.retry_after = \"{retry}\"\n"
                ),
            ))
            .catalog
        };
        let schema_of_retry = |catalog: &errcat_catalog::Catalog| {
            let profile = Profile::resolve("discord", catalog).unwrap();
            profile.body_schema_for(serde_json::json!({"type": "integer"}), catalog)["properties"]
                ["retry_after"]
                .clone()
        };
        assert_eq!(
            schema_of_retry(&catalog("int")),
            serde_json::json!({"type": "integer"})
        );
        assert_eq!(
            schema_of_retry(&catalog("string")),
            serde_json::json!({}),
            "entries that disagree: any value"
        );
    }

    #[test]
    fn a_house_body_keeps_the_5xx_rule() {
        let leaky = house(
            "leaky",
            r#"{"message": "{message}", "query": "{arg.query}", "errors": [{"f": "{field.name}"}], "id": "{request_id}"}"#,
            None,
        );
        let text = body(leaky, &internal());
        assert_eq!(
            text,
            r#"{"message":"An internal error occurred. Quote the request ID when you contact support.","id":"req-3"}"#
        );
    }

    #[test]
    fn a_fixed_status_is_sent_while_the_body_tells_the_error_s_own() {
        let shape = house(
            "graphql",
            r#"{"errors": [{"message": "{message}", "extensions": {"code": "{code}", "status": "{status}"}}]}"#,
            None,
        );
        let fixed_house = HouseProfile {
            status: Some(200),
            body: r#"{"errors": [{"message": "{message}", "extensions": {"code": "{code}", "status": "{status}"}}]}"#.to_owned(),
            ..HouseProfile::default()
        };
        let fixed =
            crate::profile::house_profile(super::compile("graphql-200", &fixed_house).unwrap());
        let rendered = fixed.render(&not_found(), &FIXED);
        assert_eq!(rendered.status, 200);
        assert!(
            String::from_utf8(rendered.body)
                .unwrap()
                .contains(r#""status":404"#)
        );
        assert_eq!(shape.render(&not_found(), &FIXED).status, 404);
    }

    #[test]
    fn a_field_map_nests_fields_by_path_and_groups_their_errors() {
        let discord = house(
            "discord-like",
            r#"{"errors": {"{field.name}": {"_errors": [{"code": "{field.code}", "message": "{field.message}"}]}}, "message": "{message}"}"#,
            None,
        );
        let error = catalog()
            .error("contact_not_found")
            .unwrap()
            .arg("id", "c_1")
            .arg("list", "vip")
            .field("profile.name", "Required", Some("required"))
            .field("email", "Invalid email", Some("invalid_string"))
            .field("profile.name", "Too short", Some("min_length"));
        assert_eq!(
            body(discord, &error),
            concat!(
                r#"{"errors":{"profile":{"name":{"_errors":[{"code":"required","message":"Required"},{"code":"min_length","message":"Too short"}]}},"#,
                r#""email":{"_errors":[{"code":"invalid_string","message":"Invalid email"}]}},"message":"No contact \"c_1\" in list vip"}"#
            )
        );
        let no_fields = catalog().error("contact_not_found").unwrap();
        assert!(
            !body(discord, &no_fields).contains("errors"),
            "no field errors, no map"
        );

        // Errors of the request (no field), of a field, and of a field inside it.
        let nested = catalog()
            .error("contact_not_found")
            .unwrap()
            .arg("id", "c_1")
            .arg("list", "vip")
            .field("profile.name", "Required", Some("required"))
            .field("", "Too many fields", Some("too_large"))
            .field("profile", "Not an object", Some("type"));
        assert_eq!(
            body(discord, &nested),
            concat!(
                r#"{"errors":{"_errors":[{"code":"too_large","message":"Too many fields"}],"#,
                r#""profile":{"_errors":[{"code":"type","message":"Not an object"}],"name":{"_errors":[{"code":"required","message":"Required"}]}}},"#,
                r#""message":"No contact \"c_1\" in list vip"}"#
            )
        );
    }

    /// The ops of a shape, one a line: fixed text as it is written, slots by name.
    fn outline(ops: &[super::Op], indent: &str, out: &mut String) {
        use super::Op;
        // An op's own fixed text, written before what it does.
        let then = |before: &[u8]| match before {
            [] => String::new(),
            bytes => format!("{} then ", String::from_utf8_lossy(bytes)),
        };
        for op in ops {
            let line = match op {
                Op::Raw(bytes) => format!("raw {}", String::from_utf8_lossy(bytes)),
                Op::Comma => "comma".to_owned(),
                Op::Value { before, slot } => {
                    format!("{}value {{{slot}}}", then(before))
                }
                Op::Optional {
                    before,
                    lead,
                    key,
                    slot,
                } => format!(
                    "{}optional {lead:?} {}{{{slot}}}",
                    then(before),
                    String::from_utf8_lossy(key)
                ),
                Op::Text { before, pieces } => format!("{}text {pieces:?}", then(before)),
                Op::XmlSlot {
                    before,
                    open,
                    slot,
                    close,
                    empty,
                    ..
                } => format!(
                    "{}xml {}{{{slot}}}{} else {}",
                    then(before),
                    String::from_utf8_lossy(open),
                    String::from_utf8_lossy(close),
                    empty
                        .as_deref()
                        .map_or("nothing".into(), String::from_utf8_lossy)
                ),
                Op::XmlText { before, pieces, .. } => {
                    format!("{}xml text {pieces:?}", then(before))
                }
                Op::XmlFields { wrapper, item } => {
                    out.push_str(&format!(
                        "{indent}xml fields {}\n",
                        wrapper
                            .as_ref()
                            .map_or(String::new(), |(start, end)| format!(
                                "{} .. {}",
                                String::from_utf8_lossy(start),
                                String::from_utf8_lossy(end)
                            ))
                    ));
                    outline(item, &format!("{indent}  "), out);
                    continue;
                }
                Op::Fields {
                    lead, key, item, ..
                }
                | Op::FieldMap {
                    lead,
                    key,
                    own: item,
                    ..
                } => {
                    let kind = if matches!(op, Op::Fields { .. }) {
                        "fields"
                    } else {
                        "map"
                    };
                    out.push_str(&format!(
                        "{indent}{kind} {lead:?} {}\n",
                        String::from_utf8_lossy(key)
                    ));
                    outline(item, &format!("{indent}  "), out);
                    continue;
                }
            };
            out.push_str(&format!("{indent}{line}\n"));
        }
    }

    #[test]
    fn an_xml_body_compiles_to_fixed_markup_between_slot_writes() {
        let shape = super::compile(
            "xml-ops",
            &HouseProfile {
                body: "<Error><Code>{code}</Code><Hint>{suggestion}</Hint><Errors><E f=\"{field.name}\">{field.message}</E></Errors><T>at {timestamp}</T></Error>".to_owned(),
                ..HouseProfile::default()
            },
        )
        .unwrap();
        let mut text = String::new();
        outline(&shape.ops, "", &mut text);
        assert_eq!(
            text,
            r#"<Error><Code> then xml text [Slot(Code)]
</Code> then xml <Hint>{suggestion}</Hint> else nothing
xml fields <Errors> .. </Errors>
  <E then xml  f="{field.name}" else nothing
  > then xml text [Slot(Field(Message))]
  raw </E>
<T> then xml text [Fixed("at "), Slot(Timestamp)]
raw </T></Error>
"#
        );
    }

    #[test]
    fn a_body_compiles_to_fixed_text_between_slot_writes() {
        let shape = house(
            "ops",
            r#"{"code": "{code}", "hint": "{suggestion}", "status": "{status}",
                "see": "see {docs_url} or {code}!", "fixed": [1, "two"],
                "errors": [{"field": "{field.name}", "reason": "{field.code}", "why": "{field.message}"}],
                "map": {"{field.name}": {"_errors": [{"m": "{field.message}"}]}}, "end": true}"#,
            None,
        )
        .house()
        .expect("a house profile");
        let mut text = String::new();
        outline(&shape.ops, "", &mut text);
        assert_eq!(
            text,
            concat!(
                "{\"code\": then value {code}\n",
                // An optional member's comma is written with its key.
                "optional Nothing ,\"hint\":{suggestion}\n",
                ",\"status\": then value {status}\n",
                // Quotes and fixed text at a string's ends join the fixed runs.
                ",\"see\":\"see  then text [Slot(DocsUrl), Fixed(\" or \"), Slot(Code)]\n",
                "raw !\",\"fixed\":[1,\"two\"]\n",
                "fields Nothing ,\"errors\":\n",
                "  {\"field\": then value {field.name}\n",
                "  optional Nothing ,\"reason\":{field.code}\n",
                "  ,\"why\": then value {field.message}\n",
                "  raw }\n",
                "map Nothing ,\"map\":\n",
                "  fields Nothing \"_errors\":\n",
                "    {\"m\": then value {field.message}\n",
                "    raw }\n",
                "raw ,\"end\":true}\n",
            )
        );
    }

    #[test]
    fn a_fixed_run_of_any_length_is_appended_whole() {
        // Short runs are written 16 bytes at a time and cut back: what was
        // there before stays, and nothing past the run remains.
        for len in [0, 1, 7, 15, 16, 17, 40] {
            let run: Vec<u8> = (0..len).map(|at| b'a' + (at % 26) as u8).collect();
            let fixed = super::Fixed::from(run.as_slice());
            assert_eq!(&*fixed, run.as_slice());
            let mut out = b"{\"before\":".to_vec();
            fixed.write(&mut out);
            fixed.write(&mut out);
            assert_eq!(out, [&b"{\"before\":"[..], &run, &run].concat(), "{len}");
        }
    }

    #[test]
    fn the_same_profile_compiles_once() {
        let a = house("same", r#"{"c": "{code}"}"#, None);
        let b = house("same", r#"{"c": "{code}"}"#, None);
        assert_eq!(a, b);
        assert!(std::ptr::eq(a.house().unwrap(), b.house().unwrap()));
    }
}
