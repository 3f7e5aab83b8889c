//! House profiles: the grammar of a wire format written as data.
//!
//! A house profile's `body` is JSON whose strings may hold `{slot}`s, with
//! `{{` and `}}` for literal braces. The slots:
//!
//! | slot | value |
//! |---|---|
//! | `id`, `code` | the entry id; the wire code (a number when the code is one) |
//! | `status`, `status_text` | the error's HTTP status as a number (even when the profile sends a fixed one); its reason phrase |
//! | `title`, `message` | the short and the long message, arguments filled in |
//! | `type`, `docs_url` | the docs URL (`type` falls back to `about:blank`) |
//! | `request_id`, `timestamp`, `instance` | the request ID; the time (RFC 3339); the request path |
//! | `suggestion`, `retryable` | the suggestion; whether retrying helps (a boolean) |
//! | `details`, `meta` | the occurrence's details; the entry's `meta` (any JSON) |
//! | `arg.NAME` | an argument's value |
//! | `wire.NAME` | the entry's `wire.<profile>.NAME` attribute |
//! | `field.name`, `field.pointer`, `field.message`, `field.code` | one field error, inside the array that lists them |
//!
//! `{slot|null}` sends `null` where a lone `{slot}` would leave its member out.
//! `{slot|other}` is `slot`'s value, else `other`'s: `{field.code|code}` is a
//! field error's own code, else the wire code, and in the `spread` layout
//! `{field.message|message}` is the message of an error without fields. The
//! fallback is a slot of the error, not of a field.
//!
//! Field errors are listed by an array whose one element uses `field.*` slots,
//! or by a *field map*: an object whose one key is `{field.name}`, with one
//! member per field named by its dotted path and nested (`"errors":
//! {"{field.name}": {"_errors": [{"code": "{field.code}"}]}}` gives Discord's
//! `{"errors": {"profile": {"name": {"_errors": [...]}}}}`); inside it, the
//! array lists that field's errors.
//!
//! A field map writes every field error exactly once, whatever the names:
//!
//! - its member is an object that lists the field's errors in an array
//!   (`{"_errors": [...]}`), so a field with several errors, or with errors
//!   of its own and nested fields, loses none; `field.*` slots go only in
//!   that array, and a field map is never inside an array or another map;
//! - a field's own errors are written as the member's keys, its nested
//!   fields beside them; the request's errors (an empty field name) are the
//!   map's own, at its top (`"errors": {"_errors": [...], "email": {...}}`);
//! - a path segment named like one of the member's keys (`_errors`) gets a
//!   `~` appended, as does one that is such a key followed by `~`s
//!   (`_errors~` becomes `_errors~~`), so it never collides with them;
//! - a path nests at most [`MAX_FIELD_DEPTH`] levels: its 32nd key holds the
//!   rest of the path, dots included.
//!
//! A body is JSON with each key written once, nesting at most
//! [`MAX_BODY_DEPTH`] levels.
//!
//! A 5xx body never carries runtime values: `message`, `arg.*`, `details` and
//! field errors follow the same rule as the built-in profiles.

use std::fmt;

pub mod xml;

/// A slot of a house profile's body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Slot {
    /// `id`.
    Id,
    /// `code`.
    Code,
    /// `status`.
    Status,
    /// `status_text`.
    StatusText,
    /// `title`.
    Title,
    /// `message`.
    Message,
    /// `type`.
    Type,
    /// `docs_url`.
    DocsUrl,
    /// `request_id`.
    RequestId,
    /// `timestamp`.
    Timestamp,
    /// `instance`.
    Instance,
    /// `suggestion`.
    Suggestion,
    /// `retryable`.
    Retryable,
    /// `details`.
    Details,
    /// `meta`.
    Meta,
    /// `arg.NAME`.
    Arg(String),
    /// `wire.NAME`.
    Wire(String),
    /// `field.NAME`.
    Field(FieldSlot),
    /// `SLOT|FALLBACK`: the first slot's value, else the fallback's (a slot
    /// of the error, never of a field nor another fallback).
    Or(Box<Slot>, Box<Slot>),
}

impl Slot {
    /// Whether it reads a field error (`field.*`, or a fallback of one).
    pub fn uses_field(&self) -> bool {
        match self {
            Slot::Field(_) => true,
            Slot::Or(first, _) => first.uses_field(),
            _ => false,
        }
    }

    /// The slots it reads: itself, or a fallback's two.
    pub fn alternatives(&self) -> Vec<&Slot> {
        match self {
            Slot::Or(first, fallback) => vec![first, fallback],
            slot => vec![slot],
        }
    }
}

/// A member of a field error: `field.name`, `field.pointer`, `field.message`, `field.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldSlot {
    /// The field as the error names it.
    Name,
    /// The field as a JSON pointer (`/profile/name`).
    Pointer,
    /// What is wrong with it.
    Message,
    /// Its reason code.
    Code,
}

/// Slots with no dot, by name.
pub const SLOTS: &[(&str, Slot)] = &[
    ("id", Slot::Id),
    ("code", Slot::Code),
    ("status", Slot::Status),
    ("status_text", Slot::StatusText),
    ("title", Slot::Title),
    ("message", Slot::Message),
    ("type", Slot::Type),
    ("docs_url", Slot::DocsUrl),
    ("request_id", Slot::RequestId),
    ("timestamp", Slot::Timestamp),
    ("instance", Slot::Instance),
    ("suggestion", Slot::Suggestion),
    ("retryable", Slot::Retryable),
    ("details", Slot::Details),
    ("meta", Slot::Meta),
];

/// The members of a field error, by name.
pub const FIELD_SLOTS: &[(&str, FieldSlot)] = &[
    ("name", FieldSlot::Name),
    ("pointer", FieldSlot::Pointer),
    ("message", FieldSlot::Message),
    ("code", FieldSlot::Code),
];

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Slot::Arg(name) => write!(f, "arg.{name}"),
            Slot::Or(first, fallback) => write!(f, "{first}|{fallback}"),
            Slot::Wire(name) => write!(f, "wire.{name}"),
            Slot::Field(member) => {
                let name = FIELD_SLOTS
                    .iter()
                    .find(|(_, m)| m == member)
                    .map_or("", |(n, _)| n);
                write!(f, "field.{name}")
            }
            slot => f.write_str(SLOTS.iter().find(|(_, s)| s == slot).map_or("", |(n, _)| n)),
        }
    }
}

/// A piece of a body string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text as is.
    Text(String),
    /// A value to fill in; as a whole string, left out when it has none.
    Slot(Slot),
    /// `{slot|null}`: as a whole string, `null` when the slot has no value
    /// (PostgREST's `"hint": null`); in text, like `{slot}`.
    SlotOrNull(Slot),
}

impl Part {
    /// The slot this part fills in, if it is one.
    pub fn slot(&self) -> Option<&Slot> {
        match self {
            Part::Slot(slot) | Part::SlotOrNull(slot) => Some(slot),
            Part::Text(_) => None,
        }
    }
}

/// Why a body string does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlotError {
    /// A `{` with no `}`, or a lone `}`.
    #[error("unbalanced brace in {text:?}: write `{{{{` or `}}}}` for a literal brace")]
    Brace {
        /// The string.
        text: String,
    },
    /// A fallback of a field's slot, or of a fallback.
    #[error(
        "`{{{name}}}`: a fallback is a slot of the error, not of a field nor another fallback (`{{field.code|code}}`)"
    )]
    Fallback {
        /// The slot as written.
        name: String,
    },
    /// A slot errcat does not know.
    #[error("unknown slot `{{{name}}}`{}", near.as_ref().map(|n| format!("; did you mean `{{{n}}}`?")).unwrap_or_default())]
    Unknown {
        /// The slot as written.
        name: String,
        /// The nearest known slot.
        near: Option<String>,
    },
}

/// Splits a body string into text and slots.
pub fn parse(text: &str) -> Result<Vec<Part>, SlotError> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => name.push(c),
                        None => {
                            return Err(SlotError::Brace {
                                text: text.to_owned(),
                            });
                        }
                    }
                }
                if !literal.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut literal)));
                }
                parts.push(slot_part(name.trim())?);
            }
            '}' => {
                return Err(SlotError::Brace {
                    text: text.to_owned(),
                });
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parts.push(Part::Text(literal));
    }
    Ok(parts)
}

/// A slot as written between braces: `slot`, `slot|fallback`, either with
/// `|null` after it; white space around each `|` is ignored.
fn slot_part(written: &str) -> Result<Part, SlotError> {
    let mut names: Vec<&str> = written.split('|').map(str::trim).collect();
    let or_null = names.len() > 1 && names.last() == Some(&"null");
    if or_null {
        names.pop();
    }
    let slot = match names.as_slice() {
        [name] => slot(name)?,
        [first, fallback] => {
            let fallback = slot(fallback)?;
            if fallback.uses_field() {
                return Err(SlotError::Fallback {
                    name: written.to_owned(),
                });
            }
            Slot::Or(Box::new(slot(first)?), Box::new(fallback))
        }
        _ => {
            return Err(SlotError::Fallback {
                name: written.to_owned(),
            });
        }
    };
    Ok(if or_null {
        Part::SlotOrNull(slot)
    } else {
        Part::Slot(slot)
    })
}

fn slot(name: &str) -> Result<Slot, SlotError> {
    let unknown = || SlotError::Unknown {
        name: name.to_owned(),
        near: crate::load::closest(name, every_slot_name().iter().map(String::as_str))
            .map(str::to_owned),
    };
    let valid_key = |key: &str| {
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    };
    match name.split_once('.') {
        None => SLOTS
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, slot)| slot.clone())
            .ok_or_else(unknown),
        Some(("arg", key)) if valid_key(key) => Ok(Slot::Arg(key.to_owned())),
        Some(("wire", key)) if valid_key(key) => Ok(Slot::Wire(key.to_owned())),
        Some(("field", key)) => FIELD_SLOTS
            .iter()
            .find(|(known, _)| *known == key)
            .map(|(_, member)| Slot::Field(*member))
            .ok_or_else(unknown),
        Some(_) => Err(unknown()),
    }
}

fn every_slot_name() -> Vec<String> {
    SLOTS
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .chain(FIELD_SLOTS.iter().map(|(name, _)| format!("field.{name}")))
        .collect()
}

/// A problem with a house profile's body as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyProblem {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The text in the body the problem is about (a slot as written), when there is one.
    pub at: Option<String>,
    /// Where in the body the problem is, in bytes, when the reader knows
    /// (the place an XML reader stopped).
    pub offset: Option<usize>,
}

/// How deep a house body may nest (objects and arrays): deeper bodies are
/// rejected, so every walk over a body, and every body rendered from it
/// (a field map adding at most [`MAX_FIELD_DEPTH`] levels), stays shallow.
pub const MAX_BODY_DEPTH: usize = 32;

/// How many levels a field map nests a field's dotted path: a path with more
/// segments keeps the rest, dots included, as its deepest key
/// (`a.b. … .z` nests 31 objects, then `"z.rest.of.path"`), so the body stays
/// shallow and no field is lost.
pub const MAX_FIELD_DEPTH: usize = 32;

/// Reads a house body as JSON, rejecting what `serde_json` would accept
/// silently: a key written twice in one object (it keeps the last), and
/// nesting deeper than [`MAX_BODY_DEPTH`].
pub fn parse_body(body: &str) -> Result<serde_json::Value, serde_json::Error> {
    use serde::de::DeserializeSeed;
    let mut reader = serde_json::Deserializer::from_str(body);
    let value = BodyValue { depth: 0 }.deserialize(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// Where in `body` a JSON reader stopped with `error`, in bytes (its
/// line and column, made an offset); `None` when it gave no place.
fn json_error_offset(body: &str, error: &serde_json::Error) -> Option<usize> {
    let line_start = match error.line() {
        0 => return None,
        1 => 0,
        line => body.match_indices('\n').nth(line - 2)?.0 + 1,
    };
    let mut offset = (line_start + error.column().saturating_sub(1)).min(body.len());
    while !body.is_char_boundary(offset) {
        offset -= 1;
    }
    Some(offset)
}

/// A JSON value read with a duplicate-key check and a depth limit.
#[derive(Clone, Copy)]
struct BodyValue {
    depth: usize,
}

impl BodyValue {
    fn nested<E: serde::de::Error>(self) -> Result<BodyValue, E> {
        if self.depth >= MAX_BODY_DEPTH {
            return Err(E::custom(format_args!(
                "the body nests deeper than {MAX_BODY_DEPTH} levels"
            )));
        }
        Ok(BodyValue {
            depth: self.depth + 1,
        })
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for BodyValue {
    type Value = serde_json::Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, reader: D) -> Result<Self::Value, D::Error> {
        reader.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for BodyValue {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(value.into())
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(value.into())
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(value.into())
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(value).map_or(serde_json::Value::Null, Into::into))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(value.into())
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(value.into())
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let item = self.nested()?;
        let mut items = Vec::new();
        while let Some(value) = seq.next_element_seed(item)? {
            items.push(value);
        }
        Ok(serde_json::Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let member = self.nested()?;
        let mut members = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!(
                    "duplicate key `{key}`"
                )));
            }
            let value = map.next_value_seed(member)?;
            members.insert(key, value);
        }
        Ok(serde_json::Value::Object(members))
    }
}

/// Every problem of a body: not JSON (a duplicate key, nesting deeper than
/// [`MAX_BODY_DEPTH`]), not an object, bad slots, field slots outside the
/// array that lists field errors, and field maps that could not hold every
/// field error once (inside an array, or with a member that does not list
/// the field's errors).
///
/// An XML body (see [`xml`]) is checked as XML, then its
/// [view](xml::Document::view) as a JSON body is.
pub fn check_body(body: &str) -> Vec<BodyProblem> {
    if xml::is_xml(body) {
        return match xml::parse_document(body) {
            Ok(document) => {
                let mut problems = Vec::new();
                walk(&document.view(), Within::default(), &mut problems);
                problems
            }
            Err(problem) => vec![BodyProblem {
                message: problem.message,
                help: problem.help,
                at: problem.at,
                offset: problem.offset,
            }],
        };
    }
    let value = match parse_body(body) {
        Ok(value) => value,
        Err(error) => {
            return vec![BodyProblem {
                message: format!("the body is not JSON: {error}"),
                help: Some(
                    "write the body as JSON, each key once; slots go inside strings: \"{code}\""
                        .to_owned(),
                ),
                at: None,
                offset: json_error_offset(body, &error),
            }];
        }
    };
    let mut problems = Vec::new();
    if !value.is_object() {
        problems.push(BodyProblem {
            message: "the body must be a JSON object".to_owned(),
            help: None,
            at: None,
            offset: None,
        });
    }
    walk(&value, Within::default(), &mut problems);
    problems
}

/// Every problem of a house profile: its body's ([`check_body`]), and a
/// media type or field layout its body's format cannot have.
pub fn check_profile(profile: &crate::HouseProfile) -> Vec<BodyProblem> {
    let mut problems = check_body(&profile.body);
    let is_xml = xml::is_xml(&profile.body);
    if let Some(content_type) = profile.content_type.as_deref()
        && is_xml != xml::is_xml_media_type(content_type)
    {
        problems.push(BodyProblem {
            message: if is_xml {
                format!("an XML body sent as `{content_type}`")
            } else {
                format!("a JSON body sent as `{content_type}`, an XML media type")
            },
            help: Some(if is_xml {
                "send it as `application/xml` (or `text/xml`, or a `+xml` type), or leave `content_type` out".to_owned()
            } else {
                "send it as `application/json` (or a `+json` type), or leave `content_type` out".to_owned()
            }),
            at: None,
            offset: None,
        });
    }
    if let Some(header) = profile.request_id_header.as_deref()
        && (header.is_empty()
            || !header
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)))
    {
        problems.push(BodyProblem {
            message: format!("`request_id_header = {header:?}` is not a header name"),
            help: Some("name a header: request_id_header = \"x-amz-request-id\"".to_owned()),
            at: None,
            offset: None,
        });
    }
    if is_xml && profile.field_errors == Some(crate::FieldErrorLayout::Spread) {
        problems.push(BodyProblem {
            message: "`field_errors = \"spread\"` is for JSON bodies".to_owned(),
            help: Some("an XML body repeats the element that uses `field.*` slots; leave `field_errors` out".to_owned()),
            at: None,
            offset: None,
        });
    }
    problems
}

/// A checked body as JSON: itself, or an XML body's [view](xml::Document::view),
/// where clients read each part.
pub fn body_view(body: &str) -> Option<serde_json::Value> {
    if xml::is_xml(body) {
        xml::parse_document(body)
            .ok()
            .map(|document| document.view())
    } else {
        parse_body(body).ok()
    }
}

/// What encloses a value being checked.
#[derive(Debug, Clone, Copy, Default)]
struct Within {
    /// Any array.
    array: bool,
    /// The one element of an array that lists field errors.
    field_list: bool,
    /// The member of a field map.
    field_map: bool,
}

const FIELD_MAP_HELP: &str = "a field map's member is an object that lists the field's errors in an array, as Discord's: \"errors\": {\"{field.name}\": {\"_errors\": [{\"message\": \"{field.message}\"}]}}";

fn walk(value: &serde_json::Value, within: Within, problems: &mut Vec<BodyProblem>) {
    match value {
        serde_json::Value::String(text) => match parse(text) {
            Ok(parts) => {
                for part in parts {
                    if let Some(slot) = part.slot()
                        && slot.uses_field()
                        && !within.field_list
                    {
                        problems.push(if within.field_map {
                            BodyProblem {
                                message: format!("`{{{slot}}}` in a field map's member is outside the array that lists the field's errors"),
                                help: Some(FIELD_MAP_HELP.to_owned()),
                                at: Some(format!("{{{slot}}}")),
                                offset: None,
                            }
                        } else {
                            BodyProblem {
                                message: format!("`{{{slot}}}` is outside an array"),
                                help: Some("field slots go in the one element of the array that lists field errors: \"errors\": [{\"field\": \"{field.name}\"}]".to_owned()),
                                at: Some(format!("{{{slot}}}")),
                                offset: None,
                            }
                        });
                    }
                }
            }
            Err(error) => problems.push(BodyProblem {
                at: match &error {
                    SlotError::Unknown { name, .. } | SlotError::Fallback { name } => {
                        Some(format!("{{{name}}}"))
                    }
                    SlotError::Brace { .. } => None,
                },
                message: error.to_string(),
                help: Some(format!(
                    "slots: {}, arg.NAME, wire.NAME",
                    every_slot_name().join(", ")
                )),
                offset: None,
            }),
        },
        serde_json::Value::Array(items) => {
            let lists_fields = lists_fields(items);
            if lists_fields && within.field_list {
                problems.push(BodyProblem {
                    message: "a list of field errors inside another: each error would be listed once per error".to_owned(),
                    help: Some("list field errors in one array: \"errors\": [{\"field\": \"{field.name}\"}]".to_owned()),
                    at: None,
                    offset: None,
                });
                return;
            }
            let within = Within {
                array: true,
                field_list: within.field_list || lists_fields,
                ..within
            };
            for item in items {
                walk(item, within, problems);
            }
        }
        serde_json::Value::Object(members) => {
            if let Some(value) = field_map_value(members) {
                let at = Some("{field.name}".to_owned());
                if within.array {
                    problems.push(BodyProblem {
                        message: "a field map inside an array: the map would be written once per item".to_owned(),
                        help: Some("put the field map in an object member: \"errors\": {\"{field.name}\": {...}}".to_owned()),
                        at,
                        offset: None,
                    });
                } else if within.field_map {
                    problems.push(BodyProblem {
                        message: "a field map inside another field map".to_owned(),
                        help: Some(FIELD_MAP_HELP.to_owned()),
                        at,
                        offset: None,
                    });
                } else if !value.as_object().is_some_and(holds_field_list) {
                    problems.push(BodyProblem {
                        message: "a field map's member does not list the field's errors: a field with several errors, or with errors of its own and nested fields, would lose some".to_owned(),
                        help: Some(FIELD_MAP_HELP.to_owned()),
                        at,
                        offset: None,
                    });
                } else if let Some(key) = value
                    .as_object()
                    .and_then(|members| members.keys().find(|key| key.ends_with('~')))
                {
                    problems.push(BodyProblem {
                        message: format!("the key {key:?} of a field map's member ends with `~`, which marks a field named like one of the member's keys"),
                        help: Some("rename the key".to_owned()),
                        at: Some(key.clone()),
                        offset: None,
                    });
                } else {
                    walk(
                        value,
                        Within {
                            field_map: true,
                            ..within
                        },
                        problems,
                    );
                }
                return;
            }
            for (key, member) in members {
                if key.contains("{field.") {
                    problems.push(BodyProblem {
                        message: format!("the key {key:?} names a field, beside other members"),
                        help: Some(
                            "a field map is an object with one member: {\"{field.name}\": {...}}"
                                .to_owned(),
                        ),
                        at: Some(key.clone()),
                        offset: None,
                    });
                }
                walk(member, within, problems);
            }
        }
        _ => {}
    }
}

/// Whether an array lists field errors: its one element uses `field.*` slots.
fn lists_fields(items: &[serde_json::Value]) -> bool {
    items.len() == 1 && uses_field_slots(&items[0])
}

/// Whether an object (a field map's member) holds, through its objects, an
/// array that lists field errors: where a field's errors go.
fn holds_field_list(members: &serde_json::Map<String, serde_json::Value>) -> bool {
    members.values().any(|member| match member {
        serde_json::Value::Array(items) => lists_fields(items),
        serde_json::Value::Object(members) => {
            field_map_value(members).is_none() && holds_field_list(members)
        }
        _ => false,
    })
}

/// The member value of a field map: an object whose one key is exactly
/// `{field.name}`, which lists the field errors as members named by their
/// dotted paths, nested (`{"profile": {"name": ...}}`), as Discord does.
pub fn field_map_value(
    members: &serde_json::Map<String, serde_json::Value>,
) -> Option<&serde_json::Value> {
    match members.iter().next() {
        Some((key, value)) if members.len() == 1 && key == "{field.name}" => Some(value),
        _ => None,
    }
}

/// Whether a body value mentions `field.*` slots (so an array of it lists field errors).
pub fn uses_field_slots(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(text) => parse(text)
            .map(|parts| {
                parts
                    .iter()
                    .any(|part| part.slot().is_some_and(Slot::uses_field))
            })
            .unwrap_or(false),
        serde_json::Value::Array(items) => items.iter().any(uses_field_slots),
        serde_json::Value::Object(members) => {
            field_map_value(members).is_some() || members.values().any(uses_field_slots)
        }
        _ => false,
    }
}

/// Every slot a body's [view](body_view) names, in its keys and its strings
/// (each as often as it is written).
pub fn slots(body: &serde_json::Value) -> Vec<Slot> {
    let mut found = Vec::new();
    let mut add = |text: &str| {
        if let Ok(parts) = parse(text) {
            found.extend(
                parts
                    .iter()
                    .filter_map(Part::slot)
                    .flat_map(Slot::alternatives)
                    .cloned(),
            );
        }
    };
    let mut stack = vec![body];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::String(text) => add(text),
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            serde_json::Value::Object(members) => {
                for (key, value) in members.iter().rev() {
                    stack.push(value);
                    add(key);
                }
            }
            _ => {}
        }
    }
    found
}

/// One step into a JSON body: a member, or an array item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Step {
    /// An object member.
    Key(String),
    /// An array item.
    Index(usize),
}

/// Where a body puts what a client reads; each a path of [`Step`]s to a
/// string that is exactly that slot.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Locations {
    /// `{code}`.
    pub code: Option<Vec<Step>>,
    /// `{message}`.
    pub message: Option<Vec<Step>>,
    /// `{title}`.
    pub title: Option<Vec<Step>>,
    /// `{request_id}`.
    pub request_id: Option<Vec<Step>>,
    /// The array that lists field errors, and within each item, its members.
    pub fields: Option<FieldLocations>,
}

/// Where field errors are, and where each item holds its members.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FieldLocations {
    /// The array, or the field map.
    pub array: Vec<Step>,
    /// For a field map: where a field's own member holds its list of errors
    /// (`["_errors"]`), or `None` when the member is the error itself. Field
    /// names are then the paths of members down the map.
    pub map: Option<MapLocation>,
    /// `{field.name}`, within an item.
    pub name: Option<Vec<Step>>,
    /// `{field.message}`, within an item.
    pub message: Option<Vec<Step>>,
    /// `{field.code}`, within an item.
    pub code: Option<Vec<Step>>,
}

/// How a field map holds each field's errors.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct MapLocation {
    /// Within a field's member, the array of its errors; `None` when the
    /// member is the one error.
    pub list: Option<Vec<Step>>,
}

/// Where a (checked) body puts its code, message, request ID and field
/// errors: what a client needs to read it back. The first place wins.
pub fn locate(body: &serde_json::Value) -> Locations {
    let mut found = Locations::default();
    visit(body, &mut Vec::new(), &mut found, None);
    found
}

fn visit(
    value: &serde_json::Value,
    path: &mut Vec<Step>,
    found: &mut Locations,
    field_array: Option<usize>,
) {
    match value {
        serde_json::Value::String(text) => {
            let Ok(parts) = parse(text) else { return };
            let [part] = parts.as_slice() else {
                return;
            };
            let Some(slot) = part.slot() else { return };
            let place = |at: &mut Option<Vec<Step>>, path: &[Step]| {
                at.get_or_insert_with(|| path.to_vec());
            };
            // A fallback is read where either of its slots would be.
            for slot in slot.alternatives() {
                match slot {
                    Slot::Code => place(&mut found.code, path),
                    Slot::Message => place(&mut found.message, path),
                    Slot::Title => place(&mut found.title, path),
                    Slot::RequestId => place(&mut found.request_id, path),
                    Slot::Field(member) => {
                        let (Some(depth), Some(fields)) = (field_array, found.fields.as_mut())
                        else {
                            continue;
                        };
                        // Within an item: after the array's path and the item index.
                        let within = &path[depth + 1..];
                        match member {
                            FieldSlot::Name => place(&mut fields.name, within),
                            FieldSlot::Message => place(&mut fields.message, within),
                            FieldSlot::Code => place(&mut fields.code, within),
                            FieldSlot::Pointer => {}
                        }
                    }
                    _ => {}
                }
            }
        }
        serde_json::Value::Array(items) => {
            let lists_fields =
                field_array.is_none() && items.len() == 1 && uses_field_slots(&items[0]);
            if lists_fields && found.fields.is_none() {
                found.fields = Some(FieldLocations {
                    array: path.clone(),
                    ..FieldLocations::default()
                });
            }
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                let depth = if lists_fields {
                    Some(path.len() - 1)
                } else {
                    field_array
                };
                visit(item, path, found, depth);
                path.pop();
            }
        }
        serde_json::Value::Object(members) => {
            if let Some(value) = field_map_value(members) {
                if found.fields.is_none() {
                    found.fields = Some(map_locations(value, path));
                }
                return;
            }
            for (key, member) in members {
                path.push(Step::Key(key.clone()));
                visit(member, path, found, field_array);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The locations of a field map at `path` whose members look like `value`.
fn map_locations(value: &serde_json::Value, path: &[Step]) -> FieldLocations {
    // Inside the member: either an array listing the field's errors...
    let mut inner = Locations::default();
    visit(value, &mut Vec::new(), &mut inner, None);
    if let Some(list) = inner.fields {
        return FieldLocations {
            array: path.to_vec(),
            map: Some(MapLocation {
                list: Some(list.array),
            }),
            ..list
        };
    }
    // ...or the member is the error, its slots read as if from a one-item list.
    let wrapped = serde_json::Value::Array(vec![value.clone()]);
    let mut one = Locations::default();
    visit(&wrapped, &mut Vec::new(), &mut one, None);
    let within = one.fields.unwrap_or_default();
    FieldLocations {
        array: path.to_vec(),
        map: Some(MapLocation { list: None }),
        name: None,
        ..within
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_split_into_text_and_slots() {
        assert_eq!(
            parse("Error {code}: {{not a slot}} {arg.id}").unwrap(),
            [
                Part::Text("Error ".into()),
                Part::Slot(Slot::Code),
                Part::Text(": {not a slot} ".into()),
                Part::Slot(Slot::Arg("id".into())),
            ]
        );
        assert_eq!(
            parse("{suggestion|null}").unwrap(),
            [Part::SlotOrNull(Slot::Suggestion)]
        );
        assert_eq!(
            parse("{field.pointer}").unwrap(),
            [Part::Slot(Slot::Field(FieldSlot::Pointer))]
        );
        assert_eq!(
            parse("{wire.category}").unwrap(),
            [Part::Slot(Slot::Wire("category".into()))]
        );
    }

    #[test]
    fn a_fallback_is_a_slot_of_the_error_after_any_slot() {
        let fallback = Slot::Or(Box::new(Slot::Field(FieldSlot::Code)), Box::new(Slot::Code));
        assert_eq!(
            parse("{field.code | code}").unwrap(),
            [Part::Slot(fallback.clone())]
        );
        assert!(fallback.uses_field());
        assert_eq!(fallback.to_string(), "field.code|code");
        assert_eq!(
            parse("{field.message|field.name}").unwrap_err().to_string(),
            "`{field.message|field.name}`: a fallback is a slot of the error, not of a field nor another fallback (`{field.code|code}`)"
        );
        assert!(matches!(
            parse("{title|message|code}").unwrap_err(),
            SlotError::Fallback { .. }
        ));
        assert_eq!(
            parse("{field.code | code | null}").unwrap(),
            [Part::SlotOrNull(fallback.clone())]
        );
        assert_eq!(
            parse("{suggestion | null}").unwrap(),
            [Part::SlotOrNull(Slot::Suggestion)]
        );
        // Where clients read the message and a field's message: both.
        let body = serde_json::json!({"errors": [{"detail": "{field.message|message}", "field": "{field.name}"}]});
        let found = locate(&body);
        assert_eq!(
            found.message,
            Some(vec![
                Step::Key("errors".into()),
                Step::Index(0),
                Step::Key("detail".into())
            ])
        );
        assert_eq!(
            found.fields.unwrap().message,
            Some(vec![Step::Key("detail".into())])
        );
        assert_eq!(
            slots(&body),
            [
                Slot::Field(FieldSlot::Message),
                Slot::Message,
                Slot::Field(FieldSlot::Name)
            ]
        );
    }

    #[test]
    fn bad_slots_say_what_to_write() {
        assert_eq!(
            parse("{mesage}").unwrap_err().to_string(),
            "unknown slot `{mesage}`; did you mean `{message}`?"
        );
        assert!(matches!(parse("{code"), Err(SlotError::Brace { .. })));
        assert!(matches!(parse("a } b"), Err(SlotError::Brace { .. })));
        assert!(matches!(
            parse("{field.nmae}"),
            Err(SlotError::Unknown { .. })
        ));
    }

    #[test]
    fn locations_say_where_a_client_reads_each_part() {
        let body = serde_json::json!({
            "error": {"code": "{code}", "message": "{message}", "trace": "{request_id}"},
            "errors": [{"field": "{field.name}", "why": {"text": "{field.message}"}}],
        });
        let found = locate(&body);
        let key = |k: &str| Step::Key(k.to_owned());
        assert_eq!(found.code, Some(vec![key("error"), key("code")]));
        assert_eq!(found.request_id, Some(vec![key("error"), key("trace")]));
        assert_eq!(found.title, None);
        let fields = found.fields.unwrap();
        assert_eq!(fields.array, [key("errors")]);
        assert_eq!(fields.name, Some(vec![key("field")]));
        assert_eq!(fields.message, Some(vec![key("why"), key("text")]));
        assert_eq!(fields.code, None);
        assert_eq!(fields.map, None);
    }

    #[test]
    fn a_field_map_is_located_with_its_lists() {
        let key = |k: &str| Step::Key(k.to_owned());
        let discord = serde_json::json!({
            "code": "{code}",
            "errors": {"{field.name}": {"_errors": [{"code": "{field.code}", "message": "{field.message}"}]}},
        });
        let fields = locate(&discord).fields.unwrap();
        assert_eq!(fields.array, [key("errors")]);
        assert_eq!(
            fields.map,
            Some(MapLocation {
                list: Some(vec![key("_errors")])
            })
        );
        assert_eq!(fields.message, Some(vec![key("message")]));
        assert_eq!(fields.code, Some(vec![key("code")]));
        let direct = serde_json::json!({"errors": {"{field.name}": {"why": "{field.message}"}}});
        let fields = locate(&direct).fields.unwrap();
        assert_eq!(fields.map, Some(MapLocation { list: None }));
        assert_eq!(fields.message, Some(vec![key("why")]));
    }

    #[test]
    fn a_field_map_is_one_member_keyed_by_the_field_name() {
        assert_eq!(
            check_body(r#"{"errors": {"{field.name}": {"_errors": [{"code": "{field.code}"}]}}}"#),
            []
        );
        let problems = check_body(r#"{"errors": {"{field.name}": {}, "other": 1}}"#);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("beside other members"));
    }

    #[test]
    fn a_field_map_that_could_lose_or_repeat_errors_is_rejected() {
        let cases = [
            (
                r#"{"errors": {"{field.name}": "{field.message}"}}"#,
                "does not list the field's errors",
            ),
            (
                r#"{"errors": {"{field.name}": {"why": "{field.message}"}}}"#,
                "does not list the field's errors",
            ),
            (
                r#"{"errors": {"{field.name}": {"f": "{field.name}", "_errors": [{"m": "{field.message}"}]}}}"#,
                "outside the array that lists the field's errors",
            ),
            (
                r#"{"errors": [{"{field.name}": {"_errors": [{"m": "{field.message}"}]}}]}"#,
                "a field map inside an array",
            ),
            (
                r#"{"errors": {"{field.name}": {"_errors": [{"m": "{field.message}"}], "x": {"{field.name}": {"_errors": [{"m": "{field.message}"}]}}}}}"#,
                "inside another field map",
            ),
            (
                r#"{"errors": [[{"m": "{field.message}"}]]}"#,
                "a list of field errors inside another",
            ),
            (
                r#"{"errors": {"{field.name}": {"_errors": [{"m": "{field.message}"}], "k~": 1}}}"#,
                "ends with `~`",
            ),
        ];
        for (body, expected) in cases {
            let problems = check_body(body);
            assert_eq!(problems.len(), 1, "{body}: {problems:?}");
            assert!(
                problems[0].message.contains(expected),
                "{body}: {problems:?}"
            );
        }
    }

    #[test]
    fn a_duplicate_key_or_a_deep_body_is_not_json_to_errcat() {
        let problems = check_body(r#"{"code": "{code}", "code": "{id}"}"#);
        assert!(
            problems[0].message.contains("duplicate key `code`"),
            "{problems:?}"
        );
        let deep = format!("{{\"a\": {}1{}}}", "[".repeat(40), "]".repeat(40));
        assert!(
            check_body(&deep)[0]
                .message
                .contains("deeper than 32 levels")
        );
        let shallow = format!("{{\"a\": {}1{}}}", "[".repeat(31), "]".repeat(31));
        assert_eq!(check_body(&shallow), []);
        assert_eq!(
            parse_body(r#"{"a": [1, -2, 2.5, true, null, "x", {}]}"#).unwrap(),
            serde_json::json!({"a": [1, -2, 2.5, true, null, "x", {}]})
        );
    }

    #[test]
    fn bodies_are_checked_whole() {
        assert_eq!(
            check_body(r#"{"code": "{code}", "errors": [{"f": "{field.name}"}]}"#),
            []
        );
        let problems = check_body(r#"{"f": "{field.name}", "m": "{mesage}"}"#);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].message.contains("outside an array"));
        assert!(check_body("[1]")[0].message.contains("JSON object"));
        assert!(
            check_body("{nope")[0]
                .message
                .starts_with("the body is not JSON")
        );
    }
}
