//! House profiles: wire formats a catalog describes as data (`[profiles.NAME]`),
//! compiled once into a tree the JSON writer walks.
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
//! longer text are written as text, empty when absent. Literal text is
//! escaped here, once. The slots are listed in `errcat_catalog::house`.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use errcat_catalog::house::{FieldSlot, Part, Slot, field_map_value, uses_field_slots};
use errcat_catalog::{FieldErrorLayout, HouseProfile};
use http::{HeaderValue, StatusCode};
use serde_json::{Value, json};

use super::json::WriteJson;
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
    layout: FieldErrorLayout,
    root: Node,
    /// The profile as written: two shapes are the same profile when it is.
    identity: String,
}

impl std::fmt::Debug for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The name says which profile it is; the tree would bury it.
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

    /// The JSON Schema of its bodies, read off the body: literals are
    /// constants, slots have their types, and a member is required when it is
    /// always written. `code` is the schema of the catalog's wire codes.
    pub fn body_schema(&self, code: &Value) -> Value {
        schema_of(&self.root, code)
    }
}

fn schema_of(node: &Node, code: &Value) -> Value {
    match node {
        Node::Raw(json) => {
            json!({ "const": serde_json::from_str::<Value>(json).unwrap_or_default() })
        }
        Node::Slot(slot) => slot_schema(slot, code),
        Node::SlotOrNull(slot) => json!({ "anyOf": [slot_schema(slot, code), { "type": "null" }] }),
        Node::Text(_) => json!({ "type": "string" }),
        Node::Object(members) => {
            let mut properties = serde_json::Map::new();
            let mut required = Vec::new();
            for (key, member) in members {
                let key: String =
                    serde_json::from_str(key.trim_end_matches(':')).unwrap_or_default();
                if always_written(member) {
                    required.push(Value::String(key.clone()));
                }
                properties.insert(key, schema_of(member, code));
            }
            json!({ "type": "object", "required": required, "properties": properties })
        }
        Node::Array(_) => json!({ "type": "array" }),
        Node::Fields(item) => json!({ "type": "array", "items": schema_of(item, code) }),
        Node::FieldMap(_) => json!({ "type": "object" }),
    }
}

fn slot_schema(slot: &Slot, code: &Value) -> Value {
    match slot {
        Slot::Code => code.clone(),
        Slot::Status => json!({ "type": "integer", "minimum": 100, "maximum": 599 }),
        Slot::Retryable => json!({ "type": "boolean" }),
        Slot::Details | Slot::Meta | Slot::Arg(_) | Slot::Wire(_) => json!({}),
        _ => json!({ "type": "string" }),
    }
}

/// Whether a member is in every body: anything but a slot that may have no
/// value, or a list of field errors that may be empty.
fn always_written(node: &Node) -> bool {
    match node {
        Node::Slot(slot) => matches!(
            slot,
            Slot::Id
                | Slot::Code
                | Slot::Status
                | Slot::Title
                | Slot::Message
                | Slot::Type
                | Slot::Retryable
                | Slot::Timestamp
        ),
        Node::Fields(_) | Node::FieldMap(_) => false,
        _ => true,
    }
}

#[derive(Debug)]
enum Node {
    /// JSON written as is (literals, and text with no slots, escaped once).
    Raw(String),
    /// A value that is exactly one slot.
    Slot(Slot),
    /// `{slot|null}`: the slot's value, or `null`.
    SlotOrNull(Slot),
    /// Text with slots in it.
    Text(Vec<Part>),
    /// Members, each key already written as `"key":`.
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    /// An array whose one element is written per field error.
    Fields(Box<Node>),
    /// `{"{field.name}": value}`: a member per field, nested by its dotted
    /// path, each `value` written with that field's errors.
    FieldMap(Box<Node>),
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
    if let Some(problem) = errcat_catalog::house::check_body(&profile.body)
        .into_iter()
        .next()
    {
        return Err(error(problem.message));
    }
    let body: Value = serde_json::from_str(&profile.body).map_err(|e| error(e.to_string()))?;
    let content_type = profile
        .content_type
        .as_deref()
        .unwrap_or("application/json");
    let header = HeaderValue::from_str(content_type)
        .map_err(|_| error(format!("`{content_type}` is not a valid content type")))?;
    let status = profile
        .status
        .map(|status| {
            StatusCode::from_u16(status)
                .map_err(|_| error(format!("{status} is not an HTTP status")))
        })
        .transpose()?;
    let shape = Shape {
        name: Box::leak(name.to_owned().into_boxed_str()),
        content_type: Box::leak(content_type.to_owned().into_boxed_str()),
        header,
        status,
        layout: profile.field_errors.unwrap_or_default(),
        root: node(&body),
        identity: identity.clone(),
    };
    let shape: &'static Shape = Box::leak(Box::new(shape));
    shapes.insert(identity, shape);
    Ok(shape)
}

fn node(value: &Value) -> Node {
    match value {
        Value::String(text) => {
            let parts = errcat_catalog::house::parse(text).expect("checked bodies parse");
            match parts.as_slice() {
                [Part::Slot(slot)] => Node::Slot(slot.clone()),
                [Part::SlotOrNull(slot)] => Node::SlotOrNull(slot.clone()),
                _ if parts.iter().all(|part| matches!(part, Part::Text(_))) => {
                    let text: String = parts
                        .iter()
                        .map(|part| match part {
                            Part::Text(text) => text.as_str(),
                            Part::Slot(_) | Part::SlotOrNull(_) => "",
                        })
                        .collect();
                    Node::Raw(serde_json::to_string(&text).expect("strings serialize"))
                }
                _ => Node::Text(parts),
            }
        }
        Value::Array(items) if items.len() == 1 && uses_field_slots(&items[0]) => {
            Node::Fields(Box::new(node(&items[0])))
        }
        Value::Array(items) => Node::Array(items.iter().map(node).collect()),
        Value::Object(members) if field_map_value(members).is_some() => Node::FieldMap(Box::new(
            node(field_map_value(members).expect("checked just above")),
        )),
        Value::Object(members) => Node::Object(
            members
                .iter()
                .map(|(key, value)| {
                    // Written as `"key":` in one copy.
                    let mut key = serde_json::to_string(key).expect("keys serialize");
                    key.push(':');
                    (key, node(value))
                })
                .collect(),
        ),
        literal => Node::Raw(literal.to_string()),
    }
}

/// What one render reads: the error, its context, and the field error being written.
#[derive(Clone, Copy)]
struct Scope<'a> {
    shape: &'a Shape,
    error: &'a ApiError,
    context: &'a RenderContext<'a>,
    /// The field error `field.*` slots read.
    field: Option<&'a FieldError>,
    /// Inside a field map: the errors of one field, which its lists list.
    group: Option<&'a [&'a FieldError]>,
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
    /// The value as text inside a longer string.
    fn write_text(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = match self {
            SlotValue::Text(Text::Plain(text)) => out.write_str(text),
            SlotValue::Text(Text::Escaped(json)) => {
                out.push_str(&serde_json::from_str::<String>(json.get()).unwrap_or_default());
                Ok(())
            }
            SlotValue::Text(Text::Template(template, error)) => template.render(out, *error),
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

    /// Writes `node` unless it has nothing to show: a lone slot with no value,
    /// or a field list with no field errors (in the `list` layout). `before`
    /// (a separator, a key) is written first, and only when `node` is.
    fn write_if_present(
        &self,
        node: &'a Node,
        before: impl FnOnce(&mut Vec<u8>),
        out: &mut Vec<u8>,
    ) -> bool {
        match node {
            Node::Slot(slot) => {
                let Some(value) = self.value(slot) else {
                    return false;
                };
                before(out);
                value.write_json(out);
            }
            Node::Fields(_)
                if self.shape.layout == FieldErrorLayout::List
                    && public_fields(self.error).is_empty() =>
            {
                return false;
            }
            Node::FieldMap(_) if public_fields(self.error).is_empty() => return false,
            _ => {
                before(out);
                self.write(node, out);
            }
        }
        true
    }

    /// Writes the members (with their escaped keys) or items that have
    /// something to show, comma-separated, between `brackets`.
    fn write_present(
        &self,
        brackets: [u8; 2],
        nodes: impl Iterator<Item = (Option<&'a str>, &'a Node)>,
        out: &mut Vec<u8>,
    ) {
        out.push(brackets[0]);
        self.write_members(nodes, &mut true, out);
        out.push(brackets[1]);
    }

    /// Writes the members or items that have something to show, each after a
    /// comma unless it is the `first` written; `first` then says whether any was.
    fn write_members(
        &self,
        nodes: impl Iterator<Item = (Option<&'a str>, &'a Node)>,
        first: &mut bool,
        out: &mut Vec<u8>,
    ) {
        for (key, node) in nodes {
            let separator = !*first;
            let written = self.write_if_present(
                node,
                |out| {
                    if separator {
                        out.push(b',');
                    }
                    if let Some(key) = key {
                        out.extend_from_slice(key.as_bytes());
                    }
                },
                out,
            );
            *first &= !written;
        }
    }

    fn write(&self, node: &'a Node, out: &mut Vec<u8>) {
        match node {
            Node::Raw(json) => out.extend_from_slice(json.as_bytes()),
            Node::Slot(slot) | Node::SlotOrNull(slot) => match self.value(slot) {
                Some(value) => value.write_json(out),
                None => out.extend_from_slice(b"null"),
            },
            Node::Text(parts) => with_scratch(
                |buffer| {
                    for part in parts {
                        match part {
                            Part::Text(text) => buffer.push_str(text),
                            Part::Slot(slot) | Part::SlotOrNull(slot) => {
                                if let Some(value) = self.value(slot) {
                                    value.write_text(buffer);
                                }
                            }
                        }
                    }
                    Ok(())
                },
                |text| text.write_json(out),
            ),
            Node::Object(members) => self.write_present(
                [b'{', b'}'],
                members
                    .iter()
                    .map(|(key, value)| (Some(key.as_str()), value)),
                out,
            ),
            Node::Array(items) => {
                self.write_present([b'[', b']'], items.iter().map(|item| (None, item)), out)
            }
            Node::Fields(item) => {
                out.push(b'[');
                let all: Vec<&FieldError>;
                let fields: &[&FieldError] = match self.group {
                    Some(group) => group,
                    None => {
                        all = public_fields(self.error).iter().collect();
                        &all
                    }
                };
                if fields.is_empty() {
                    // The spread layout: one item, without its field members.
                    self.write(item, out);
                }
                for (index, field) in fields.iter().enumerate() {
                    if index > 0 {
                        out.push(b',');
                    }
                    let scope = Scope {
                        field: Some(field),
                        ..*self
                    };
                    scope.write(item, out);
                }
                out.push(b']');
            }
            Node::FieldMap(value) => {
                let tree = FieldTree::of(public_fields(self.error));
                self.write_tree(&tree, value, out);
            }
        }
    }
}

/// Field errors nested by their dotted paths, in the order fields first appear.
#[derive(Default)]
struct FieldTree<'a> {
    /// The errors of the field that ends here.
    errors: Vec<&'a FieldError>,
    children: Vec<(&'a str, FieldTree<'a>)>,
}

impl<'a> FieldTree<'a> {
    fn of(fields: &'a [FieldError]) -> Self {
        let mut root = FieldTree::default();
        for field in fields {
            let mut node = &mut root;
            // An error of no field (an empty name) belongs to the map itself.
            for part in field
                .field
                .split('.')
                .filter(|part| !field.field.is_empty() || !part.is_empty())
            {
                let at = match node.children.iter().position(|(name, _)| *name == part) {
                    Some(at) => at,
                    None => {
                        node.children.push((part, FieldTree::default()));
                        node.children.len() - 1
                    }
                };
                node = &mut node.children[at].1;
            }
            node.errors.push(field);
        }
        root
    }
}

impl<'a> Scope<'a> {
    /// Writes one level of a field map: the members of `value` for the errors
    /// that end here (when `value` is an object, as Discord's `_errors` is),
    /// then a member per deeper field.
    fn write_tree(&self, tree: &FieldTree<'_>, value: &'a Node, out: &mut Vec<u8>) {
        out.push(b'{');
        let mut first = true;
        if !tree.errors.is_empty()
            && let Node::Object(members) = value
        {
            let scope = Scope {
                field: tree.errors.first().copied(),
                group: Some(&tree.errors),
                ..*self
            };
            scope.write_members(
                members.iter().map(|(key, node)| (Some(key.as_str()), node)),
                &mut first,
                out,
            );
        }
        for (name, child) in &tree.children {
            if !first {
                out.push(b',');
            }
            first = false;
            name.write_json(out);
            out.push(b':');
            if child.children.is_empty() && !matches!(value, Node::Object(_)) {
                // A field's error as one value (`{"{field.name}": "{field.message}"}`).
                let scope = Scope {
                    field: child.errors.first().copied(),
                    group: Some(&child.errors),
                    ..*self
                };
                scope.write(value, out);
            } else {
                self.write_tree(child, value, out);
            }
        }
        out.push(b'}');
    }
}

pub(super) fn render(shape: &Shape, error: &ApiError, context: &RenderContext<'_>) -> Rendered {
    let scope = Scope {
        shape,
        error,
        context,
        field: None,
        group: None,
    };
    let mut out = body_buffer();
    scope.write(&shape.root, &mut out);
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
        crate::profile::house_profile(super::compile(name, &house).unwrap(), &house)
    }

    fn body(profile: Profile, error: &crate::ApiError) -> String {
        String::from_utf8(profile.render(error, &FIXED).body).unwrap()
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
        let fixed = crate::profile::house_profile(
            super::compile("graphql-200", &fixed_house).unwrap(),
            &fixed_house,
        );
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

    #[test]
    fn the_same_profile_compiles_once() {
        let a = house("same", r#"{"c": "{code}"}"#, None);
        let b = house("same", r#"{"c": "{code}"}"#, None);
        assert_eq!(a, b);
        assert!(std::ptr::eq(a.house().unwrap(), b.house().unwrap()));
    }
}
