//! Wire profiles: how an [`ApiError`] becomes a status, headers and a body.
//!
//! A profile is one self-describing unit, a [`Spec`]: its name, media type,
//! request-ID header, renderer, body schema and [`Reading`] (where the body
//! puts the code, message, request ID, status, field errors and retry
//! advice). OpenAPI, the generated clients, the docs and the CLI read that
//! description; nothing else names a profile.
//!
//! Each built-in profile lives in its own file: its wire shape documented by a
//! literal body, held by a golden test, and its `SPEC`. [`BUILT_IN`] is the one
//! table that lists them; adding a profile is a file and a row there. Bodies
//! are written with one JSON writer (`json.rs`); a catalog's house profiles
//! (`house.rs`) are data compiled once into a flat list of write operations
//! for the same writer: fixed text escaped once, slots filled per response.
//! Rules every profile keeps:
//!
//! - whatever is sent as a 5xx, or is an `internal` entry, carries no runtime
//!   value: the message is the catalog's own text when it has no
//!   placeholders, a generic sentence otherwise; arguments, field errors,
//!   details and a per-call suggestion are left out; an `internal` entry
//!   always gets the generic sentence;
//! - the internal source is never serialized;
//! - `Retry-After` (whole seconds) is set whenever the entry gives a delay;
//! - the request ID is in the profile's header, and in the body wherever the
//!   shape has a place for it.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{LazyLock, Mutex};

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderName, HeaderValue, StatusCode};
use serde_json::Value;

use crate::compiled::EntryText;
use crate::error::ApiError;

mod clerk;
pub(crate) mod google;
mod house;
mod json;
mod jsonapi;
mod plain;
mod planfix;
mod plunk;
mod problem;
pub mod reading;

/// The AIP-193 `reason` the `google` profile sends for a wire code.
pub use google::reason as google_reason;
pub use house::{Shape, ShapeError};
pub use reading::Reading;

// Built at compile time: `from_static` outside a const re-validates on every call.
pub(crate) const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");
pub(crate) const PROBLEM_JSON: HeaderValue = HeaderValue::from_static("application/problem+json");
pub(crate) const JSONAPI_JSON: HeaderValue = HeaderValue::from_static("application/vnd.api+json");

/// The header most profiles send the request ID in.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The header Plain sends the request ID in.
pub const APIGW_REQUEST_ID: HeaderName = HeaderName::from_static("apigw-requestid");

/// The generic message of bodies that must not say more.
pub const GENERIC_MESSAGE: &str =
    "An internal error occurred. Quote the request ID when you contact support.";

/// Everything errcat knows about one wire shape; see the [module docs](self).
pub struct Spec {
    name: &'static str,
    summary: &'static str,
    media_type: &'static str,
    request_id_header: HeaderName,
    /// Whether an `Accept` header naming `media_type` picks this profile
    /// (only when no other profile sends that media type).
    negotiable: bool,
    /// Whether wire codes made of digits are sent as numbers (Planfix).
    digits_as_numbers: bool,
    /// Whether an entry with no status of its own is sent as a success
    /// (Plain's mutation errors) rather than as a 500.
    undeclared_status_succeeds: bool,
    reading: Reading,
    engine: Engine,
}

/// How a profile renders.
enum Engine {
    /// Written in Rust, in the profile's own file.
    BuiltIn {
        render: fn(&ApiError, &RenderContext<'_>) -> Rendered,
        body_schema: fn(Value) -> Value,
    },
    /// A catalog's `[profiles.NAME]`, compiled.
    House(&'static Shape),
}

impl fmt::Debug for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Spec")
            .field("name", &self.name)
            .field("media_type", &self.media_type)
            .finish_non_exhaustive()
    }
}

/// A wire profile: a built-in one, or a house profile a catalog describes as
/// data (`[profiles.NAME]`, see [`Profile::resolve`]).
///
/// A `Profile` is a reference to its [`Spec`]: `Copy`, and compared by
/// identity (house profiles are interned, so the same profile is the same
/// reference).
#[derive(Clone, Copy)]
pub struct Profile(&'static Spec);

/// What the media type of every negotiable profile starts with (a test holds it).
const NEGOTIABLE_PREFIX: &str = "application/";

/// The built-in profiles, the one table that lists them.
pub static BUILT_IN: [Profile; 7] = [
    Profile::PROBLEM,
    Profile::PLUNK,
    Profile::CLERK,
    Profile::PLANFIX,
    Profile::PLAIN,
    Profile::JSONAPI,
    Profile::GOOGLE,
];

impl Profile {
    /// RFC 9457 problem details, `application/problem+json`: the default.
    pub const PROBLEM: Profile = Profile(&problem::SPEC);
    /// Plunk's `{"success": false, "error": {...}, "timestamp"}` envelope.
    pub const PLUNK: Profile = Profile(&plunk::SPEC);
    /// Clerk's `{"errors": [...], "clerk_trace_id"}`.
    pub const CLERK: Profile = Profile(&clerk::SPEC);
    /// Planfix's `{"result": "fail", "code", "error"}`.
    pub const PLANFIX: Profile = Profile(&planfix::SPEC);
    /// Plain's GraphQL mutation errors (HTTP 200) and transport errors.
    pub const PLAIN: Profile = Profile(&plain::SPEC);
    /// JSON:API error objects.
    pub const JSONAPI: Profile = Profile(&jsonapi::SPEC);
    /// Google AIP-193 `{"error": {code, message, status, details}}`.
    pub const GOOGLE: Profile = Profile(&google::SPEC);

    /// Every built-in profile, in the order docs and help list them.
    pub fn built_in() -> &'static [Profile] {
        &BUILT_IN
    }

    /// The built-in profile called `name`.
    pub fn built_in_named(name: &str) -> Option<Profile> {
        BUILT_IN
            .iter()
            .copied()
            .find(|profile| profile.name() == name)
    }

    /// The names of the built-in profiles, comma-separated: for help and errors.
    pub fn built_in_names() -> String {
        let names: Vec<&str> = BUILT_IN.iter().map(|profile| profile.name()).collect();
        names.join(", ")
    }

    /// The profile's name.
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// One line on what the profile sends.
    pub fn summary(self) -> &'static str {
        self.0.summary
    }

    /// The media type of the profile's bodies.
    pub fn content_type(self) -> &'static str {
        self.0.media_type
    }

    /// The header that carries the request ID.
    pub fn request_id_header(self) -> HeaderName {
        self.0.request_id_header.clone()
    }

    /// Where the profile's body puts each part: what a client reads back.
    pub fn reading(self) -> &'static Reading {
        &self.0.reading
    }

    /// The compiled house profile, when this is one.
    pub fn house(self) -> Option<&'static Shape> {
        match self.0.engine {
            Engine::House(shape) => Some(shape),
            Engine::BuiltIn { .. } => None,
        }
    }

    /// The profile an `Accept` header asks for by media type, if it names one
    /// that only one built-in profile sends.
    ///
    /// Media types are compared without case, as HTTP defines them.
    pub fn from_accept(accept: &str) -> Option<Profile> {
        // Shorter than any negotiable type: `*/*`, what most clients send.
        if accept.len() < NEGOTIABLE_PREFIX.len() {
            return None;
        }
        accept.split(',').find_map(|item| {
            let media = item.split(';').next().unwrap_or_default().trim();
            // Every negotiable type is an `application/` one: what browsers
            // and clients send most (`*/*`, `text/html`) is passed over at once.
            let prefix = NEGOTIABLE_PREFIX.as_bytes();
            if !media
                .as_bytes()
                .get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
            {
                return None;
            }
            BUILT_IN.iter().copied().find(|profile| {
                profile.0.negotiable && profile.0.media_type.eq_ignore_ascii_case(media)
            })
        })
    }

    /// Renders an error in this profile.
    pub fn render(self, error: &ApiError, context: &RenderContext<'_>) -> Rendered {
        // An entry with no status is sent as a 500 by most profiles: such a
        // body must carry no runtime value, as a declared 5xx's.
        let sent_as_failure = !error.entry.has_status && !self.0.undeclared_status_succeeds;
        let rule = SentAsFailure::until_dropped(sent_as_failure);
        let mut rendered = match self.0.engine {
            Engine::BuiltIn { render, .. } => render(error, context),
            Engine::House(shape) => house::render(shape, error, context),
        };
        // Only a catalog in several languages names one (and only then is it
        // worked out, inside the render's 5xx rule).
        let language = error.entry.is_multilingual().then(|| {
            if error.sends_generic_message() {
                Some("en")
            } else {
                error.text().message_language
            }
        });
        drop(rule);
        if let Some(id) = error.request_id() {
            rendered
                .headers
                .push((self.request_id_header(), id.header_value()));
        }
        if let Some(seconds) = error.retry_after_seconds() {
            rendered
                .headers
                .push((RETRY_AFTER, HeaderValue::from(seconds)));
        }
        // A catalog in several languages says which one each body is in
        // (the layer that negotiated it adds `Vary: accept-language`).
        if let Some(Some(header)) = language {
            rendered.headers.push((
                http::header::CONTENT_LANGUAGE,
                HeaderValue::from_static(header),
            ));
        }
        rendered
    }

    /// A wire code as this profile sends it: a number or text as the catalog
    /// writes it, but Planfix sends text made of digits as a number.
    pub fn wire_code(self, code: &errcat_catalog::Code) -> WireCode<'_> {
        match code {
            errcat_catalog::Code::Int(number) => WireCode::Number(*number),
            errcat_catalog::Code::Text(text) if self.0.digits_as_numbers => {
                planfix::wire_code(text)
            }
            errcat_catalog::Code::Text(text) => WireCode::Text(text),
        }
    }

    /// The JSON Schema (2020-12, as OpenAPI 3.1 uses) of this profile's error
    /// bodies. `code` is the schema of the catalog's wire codes (an `enum` of
    /// them, say); profiles whose codes are always text ignore it.
    pub fn body_schema(self, code: Value) -> Value {
        match self.0.engine {
            Engine::BuiltIn { body_schema, .. } => body_schema(code),
            Engine::House(shape) => shape.body_schema(&code),
        }
    }

    /// [`Profile::body_schema`] for `catalog`: a house profile's `{arg.NAME}`
    /// takes the type its entries declare the param with (`int` is an
    /// integer), any value when they disagree or none declares it.
    pub fn body_schema_for(self, code: Value, catalog: &errcat_catalog::Catalog) -> Value {
        let Engine::House(shape) = self.0.engine else {
            return self.body_schema(code);
        };
        let arg = |name: &str| {
            let mut kinds = catalog
                .entries
                .iter()
                .filter_map(|entry| entry.params.get(name))
                .map(|param| param.kind());
            let first = kinds.next()?;
            kinds.all(|kind| kind == first).then(|| param_schema(first))
        };
        shape.body_schema_with(&house::SlotSchemas {
            code: &code,
            arg: &arg,
        })
    }

    /// The profile `name` means in `catalog`: a built-in one, else one of the
    /// catalog's house profiles, compiled on first use.
    pub fn resolve(name: &str, catalog: &errcat_catalog::Catalog) -> Result<Profile, ProfileError> {
        if let Some(profile) = Profile::built_in_named(name) {
            return Ok(profile);
        }
        match catalog.profiles.get(name) {
            Some(house) => Ok(house_profile(house::compile(name, house)?)),
            None => {
                let known: Vec<&str> = BUILT_IN
                    .iter()
                    .map(|profile| profile.name())
                    .chain(catalog.profiles.keys().map(String::as_str))
                    .collect();
                Err(ProfileError::Unknown {
                    near: errcat_catalog::load::closest(name, known.iter().copied())
                        .map(str::to_owned),
                    name: name.to_owned(),
                    known: known.join(", "),
                })
            }
        }
    }
}

/// The profile of a compiled house shape, interned so the same shape is
/// always the same profile.
pub(crate) fn house_profile(shape: &'static Shape) -> Profile {
    static SPECS: LazyLock<Mutex<HashMap<usize, &'static Spec>>> = LazyLock::new(Default::default);
    let mut specs = SPECS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let key = std::ptr::from_ref(shape) as usize;
    let spec = *specs.entry(key).or_insert_with(|| {
        // The shape holds the body it was compiled from: no second parse.
        let locations = errcat_catalog::house::locate(shape.body());
        let reading = Reading::of_house(&locations, shape.is_xml()).unwrap_or(Reading {
            xml: shape.is_xml(),
            forms: &[],
        });
        Box::leak(Box::new(Spec {
            name: shape.name(),
            summary: "A house profile: the body the catalog describes.",
            media_type: shape.content_type(),
            request_id_header: shape.request_id_header().clone(),
            negotiable: false,
            digits_as_numbers: false,
            undeclared_status_succeeds: shape
                .fixed_status()
                .is_some_and(|status| !status.is_server_error()),
            reading,
            engine: Engine::House(shape),
        }))
    });
    Profile(spec)
}

impl PartialEq for Profile {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Profile {}

impl std::hash::Hash for Profile {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.0, state);
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile::PROBLEM
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Profile({})", self.name())
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A wire code as a profile sends it: see [`Profile::wire_code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireCode<'a> {
    /// A JSON number.
    Number(i64),
    /// A JSON string.
    Text(&'a str),
}

impl json::WriteJson for WireCode<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            WireCode::Number(number) => number.write_json(out),
            WireCode::Text(text) => text.write_json(out),
        }
    }
}

impl From<WireCode<'_>> for serde_json::Value {
    fn from(code: WireCode<'_>) -> Self {
        match code {
            WireCode::Number(number) => number.into(),
            WireCode::Text(text) => text.into(),
        }
    }
}

/// Why a catalog's profile cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// Neither built in nor one of the catalog's house profiles.
    #[error("unknown profile `{name}`{}; known profiles: {known}", near.as_ref().map(|near| format!(" (did you mean `{near}`?)")).unwrap_or_default())]
    Unknown {
        /// The name as written.
        name: String,
        /// The nearest known name.
        near: Option<String>,
        /// Every name the catalog can use.
        known: String,
    },
    /// A house profile that does not compile.
    #[error(transparent)]
    Invalid(#[from] ShapeError),
}

/// A profile name that is not a built-in profile's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown profile `{name}`{}; built-in profiles: {}", near.map(|near| format!(" (did you mean `{near}`?)")).unwrap_or_default(), Profile::built_in_names())]
pub struct UnknownProfile {
    /// The name as written.
    pub name: String,
    /// The nearest built-in name.
    pub near: Option<&'static str>,
}

impl FromStr for Profile {
    type Err = UnknownProfile;

    /// A built-in profile by name; house profiles need their catalog: [`Profile::resolve`].
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Profile::built_in_named(name).ok_or_else(|| UnknownProfile {
            name: name.to_owned(),
            near: errcat_catalog::load::closest(name, BUILT_IN.iter().map(|p| p.name())),
        })
    }
}

/// What a body may carry besides the error itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderContext<'a> {
    /// A fixed timestamp (examples, tests); the current time when absent.
    pub timestamp: Option<&'a str>,
    /// The request path, for RFC 9457's `instance`.
    pub instance: Option<&'a str>,
}

/// A rendered error: what goes on the wire.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The HTTP status.
    pub status: StatusCode,
    /// Headers, `Content-Type` first.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Rendered {
    fn json(status: StatusCode, content_type: HeaderValue, body: Vec<u8>) -> Self {
        // Room for the type, request ID, `Retry-After` and `Content-Language`.
        let mut headers = Vec::with_capacity(4);
        headers.push((CONTENT_TYPE, content_type));
        Rendered {
            status,
            headers,
            body,
        }
    }

    /// The value of header `name`, if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.as_str().eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.to_str().ok())
    }
}

/// A buffer for one body: most bodies fit without growing it.
pub(crate) fn body_buffer() -> Vec<u8> {
    Vec::with_capacity(1024)
}

/// Whether the body must not carry runtime values: the error is the
/// server's own failure ([`ApiError::is_server_failure`]), or it is sent as
/// a 5xx all the same (an entry with no status, in most profiles).
pub(crate) fn redacted(error: &ApiError) -> bool {
    error.is_server_failure() || (!error.entry.has_status && SentAsFailure::now())
}

/// Whether the error being rendered on this thread is sent as a 5xx though
/// its entry declares no status. Set by [`Profile::render`] for exactly the
/// duration of one render (which never awaits), and by gRPC's `status_of`
/// for the making of one status, so the rule reaches every helper they call
/// without threading a flag through each of them.
pub(crate) struct SentAsFailure;

thread_local! {
    static SENT_AS_FAILURE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The value [`SentAsFailure`] had before a render set it, put back when
/// the render ends (or unwinds).
pub(crate) struct RestoreSentAsFailure(bool);

impl Drop for RestoreSentAsFailure {
    fn drop(&mut self) {
        SENT_AS_FAILURE.with(|cell| cell.set(self.0));
    }
}

impl SentAsFailure {
    /// Sets the rule for this thread until the returned guard drops. (A
    /// guard, not a closure: the render's result is built where it is kept,
    /// not moved out of a closure.)
    #[must_use = "the rule holds until the guard drops"]
    pub(crate) fn until_dropped(value: bool) -> RestoreSentAsFailure {
        RestoreSentAsFailure(SENT_AS_FAILURE.with(|cell| cell.replace(value)))
    }

    fn now() -> bool {
        SENT_AS_FAILURE.with(std::cell::Cell::get)
    }
}

/// Text of a body: borrowed as is, or a template rendered straight into
/// the serializer (no intermediate string).
#[derive(Clone, Copy)]
pub(crate) enum Text<'a> {
    /// Text to send as is.
    Plain(&'a str),
    /// The entry's fixed text, already a JSON string literal.
    Escaped(&'a serde_json::value::RawValue),
    /// A template to render with the error's arguments.
    Template(&'a errcat_catalog::Template, &'a ApiError),
}

thread_local! {
    static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Writes into a reused per-thread buffer, then hands the text to `finish`.
///
/// Escaping one whole string is far faster than escaping many small writes
/// through `fmt` machinery, and reusing the buffer keeps rendering free of
/// allocations.
pub(crate) fn with_scratch<R>(
    write: impl FnOnce(&mut String) -> std::fmt::Result,
    finish: impl FnOnce(&str) -> R,
) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffer) => {
            buffer.clear();
            let _ = write(&mut buffer);
            finish(&buffer)
        }
        // Only reached if a serializer re-entered rendering; a fresh buffer keeps it correct.
        Err(_) => {
            let mut buffer = String::new();
            let _ = write(&mut buffer);
            finish(&buffer)
        }
    })
}

/// The message clients see, with the 5xx rule applied.
pub(crate) fn public_message(error: &ApiError) -> Text<'_> {
    public_message_in(error, error.text())
}

/// [`public_message`] from `text`: the error's own, or its entry's in the
/// catalog's language (AIP-193's developer-facing `message`).
pub(crate) fn public_message_in<'e>(error: &'e ApiError, text: &'e EntryText) -> Text<'e> {
    if error.entry.entry.internal {
        return Text::Plain(GENERIC_MESSAGE);
    }
    if let Some(json) = &text.escaped_message {
        return Text::Escaped(json);
    }
    if redacted(error) {
        return Text::Plain(GENERIC_MESSAGE);
    }
    Text::Template(&text.message, error)
}

/// The title clients see, with the 5xx rule applied.
pub(crate) fn public_title(error: &ApiError) -> Text<'_> {
    let text = error.text();
    if let Some(json) = &text.escaped_title
        && !error.entry.entry.internal
    {
        return Text::Escaped(json);
    }
    if redacted(error) {
        return Text::Plain(
            error
                .status()
                .canonical_reason()
                .unwrap_or("Internal Server Error"),
        );
    }
    Text::Template(&text.title, error)
}

/// The suggestion clients see: this occurrence's, or the entry's; only the
/// entry's fixed one on redacted bodies.
pub(crate) fn public_suggestion(error: &ApiError) -> Option<Text<'_>> {
    let own = error
        .extras
        .as_ref()
        .and_then(|extras| extras.suggestion.as_deref())
        .filter(|_| !redacted(error));
    match own {
        Some(text) => Some(Text::Plain(text)),
        None => error
            .text()
            .escaped_suggestion
            .as_deref()
            .map(Text::Escaped),
    }
}

/// Field errors clients see (none on redacted bodies).
pub(crate) fn public_fields(error: &ApiError) -> &[crate::error::FieldError] {
    if redacted(error) { &[] } else { &error.fields }
}

/// The request path clients see (none on redacted bodies: a path can hold
/// whatever the client sent).
pub(crate) fn public_instance<'a>(
    error: &ApiError,
    context: &RenderContext<'a>,
) -> Option<&'a str> {
    if redacted(error) {
        None
    } else {
        context.instance
    }
}

/// Details clients see (none on redacted bodies).
pub(crate) fn public_details(error: &ApiError) -> Option<&serde_json::Value> {
    if redacted(error) {
        None
    } else {
        error.details_value()
    }
}

/// A field as an RFC 6901 JSON pointer fragment, written without allocating.
#[derive(Clone, Copy)]
pub(crate) struct Pointer<'a> {
    pub(crate) field: &'a str,
    /// `#/a/b` (RFC 9457's example) or `/a/b` (JSON:API).
    pub(crate) fragment: bool,
}

impl Pointer<'_> {
    /// Writes the pointer; generic so a `String` gets plain pushes, not `fmt` calls.
    fn write_to<W: std::fmt::Write>(&self, out: &mut W) -> std::fmt::Result {
        // Most fields are plain names (`email`): nothing to split or escape.
        if !self
            .field
            .bytes()
            .any(|b| matches!(b, b'.' | b'~' | b'/' | b'#'))
        {
            out.write_str(if self.fragment { "#/" } else { "/" })?;
            return out.write_str(self.field);
        }
        let field = self.field.trim_start_matches('#');
        if self.fragment {
            out.write_str("#")?;
        }
        if field.starts_with('/') {
            return out.write_str(field);
        }
        for part in field.split('.') {
            out.write_str("/")?;
            let mut run_start = 0;
            for (index, c) in part.char_indices() {
                let escaped = match c {
                    '~' => "~0",
                    '/' => "~1",
                    _ => continue,
                };
                out.write_str(&part[run_start..index])?;
                out.write_str(escaped)?;
                run_start = index + 1;
            }
            out.write_str(&part[run_start..])?;
        }
        Ok(())
    }
}

impl std::fmt::Display for Pointer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_to(f)
    }
}

/// The current time as RFC 3339 with milliseconds: `2025-11-30T10:30:00.000Z`.
pub(crate) fn now_rfc3339() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}

/// `resource_not_found` -> `RESOURCE_NOT_FOUND`; `AllowlistIdentifierNotFound` -> `ALLOWLIST_IDENTIFIER_NOT_FOUND`.
pub(crate) fn upper_snake(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    write_upper_snake(text, &mut out);
    out
}

/// [`write_upper_snake`] for ASCII text, byte by byte (codes nearly always are).
pub(crate) fn write_upper_snake_ascii(text: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    let mut previous: Option<u8> = None;
    for &c in text {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase()
                && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
            {
                out.push(b'_');
            }
            out.push(c.to_ascii_uppercase());
        } else if out.len() > start && out.last() != Some(&b'_') {
            out.push(b'_');
        }
        previous = Some(c);
    }
    while out.len() > start && out.last() == Some(&b'_') {
        out.pop();
    }
}

/// Appends `text` in UPPER_SNAKE_CASE to `out` (see [`upper_snake`]); the
/// result holds only letters, digits and `_`, so it needs no JSON escaping.
pub(crate) fn write_upper_snake(text: &str, out: &mut String) {
    let start = out.len();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        // ASCII, nearly every code, without the Unicode case tables.
        let (alphanumeric, uppercase) = if c.is_ascii() {
            (c.is_ascii_alphanumeric(), c.is_ascii_uppercase())
        } else {
            (c.is_alphanumeric(), c.is_uppercase())
        };
        if alphanumeric {
            if uppercase && previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit()) {
                out.push('_');
            }
            if c.is_ascii() {
                out.push(c.to_ascii_uppercase());
            } else {
                out.extend(c.to_uppercase());
            }
        } else if out.len() > start && !out.ends_with('_') {
            out.push('_');
        }
        previous = Some(c);
    }
    while out.len() > start && out.ends_with('_') {
        out.pop();
    }
}

/// The JSON Schema of a param's values, as arguments are sent.
fn param_schema(kind: errcat_catalog::ParamType) -> Value {
    use errcat_catalog::ParamType;
    match kind {
        ParamType::String => serde_json::json!({ "type": "string" }),
        ParamType::Int => serde_json::json!({ "type": "integer" }),
        ParamType::Float => serde_json::json!({ "type": "number" }),
        ParamType::Bool => serde_json::json!({ "type": "boolean" }),
        ParamType::List => serde_json::json!({ "type": "array" }),
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::{ApiError, CompiledCatalog, RequestId};

    /// A catalog with one client error, one rate limit and one internal error,
    /// and the problem body as a house profile: shared with the render bench.
    pub const CATALOG: &str = include_str!("../../fixtures/contacts.toml");

    pub fn catalog() -> CompiledCatalog {
        crate::compile(errcat_catalog::SourceFile::new("test.toml", CATALOG))
            .expect("test catalog compiles")
    }

    /// The reference error: a 404 with 2 args, 2 field errors and a request ID.
    pub fn not_found() -> ApiError {
        catalog()
            .error("contact_not_found")
            .unwrap()
            .arg("id", "c_42")
            .arg("list", "vip")
            .field("email", "Invalid email", Some("invalid_string"))
            .field("profile.name", "Required", Some("required"))
            .with_request_id(RequestId::from_inbound("req-1").unwrap())
    }

    pub fn rate_limited() -> ApiError {
        catalog()
            .error("rate_limited")
            .unwrap()
            .arg("seconds", 30)
            .with_request_id(RequestId::from_inbound("req-2").unwrap())
    }

    pub fn internal() -> ApiError {
        catalog()
            .error("database_down")
            .unwrap()
            .arg("query", "SELECT secret FROM users")
            .field("email", "leak?", None)
            .source(std::io::Error::other("connection refused to 10.0.0.5"))
            .with_request_id(RequestId::from_inbound("req-3").unwrap())
    }

    /// The body as pretty JSON, for readable golden comparisons.
    pub fn pretty(rendered: &super::Rendered) -> String {
        let value: serde_json::Value =
            serde_json::from_slice(&rendered.body).expect("body is JSON");
        serde_json::to_string_pretty(&value).unwrap()
    }

    pub const FIXED: super::RenderContext<'static> = super::RenderContext {
        timestamp: Some("2025-11-30T10:30:00.000Z"),
        instance: Some("/contacts/c_42"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_snake_case_handles_snake_and_camel_codes() {
        assert_eq!(upper_snake("resource_not_found"), "RESOURCE_NOT_FOUND");
        assert_eq!(
            upper_snake("AllowlistIdentifierNotFound"),
            "ALLOWLIST_IDENTIFIER_NOT_FOUND"
        );
        assert_eq!(upper_snake("000012"), "000012");
        assert_eq!(upper_snake("form-param.invalid"), "FORM_PARAM_INVALID");
        for code in [
            "resource_not_found",
            "AllowlistIdentifierNotFound",
            "000012",
            "form-param.invalid",
            "_a__b_",
            "ABCdef9Ghi",
            "",
        ] {
            let mut ascii = Vec::new();
            write_upper_snake_ascii(code.as_bytes(), &mut ascii);
            assert_eq!(
                String::from_utf8(ascii).unwrap(),
                upper_snake(code),
                "{code}"
            );
        }
    }

    #[test]
    fn a_code_is_sent_as_the_catalog_writes_it() {
        // Numbers as numbers, text (to escape, and digits) as strings, in
        // the profiles that send the code as it is (409: Plain sends it in
        // its mutation error, not as a transport error).
        let catalog = crate::compile(errcat_catalog::SourceFile::new(
            "codes.toml",
            "[[errors]]\nid = \"a\"\ncode = 4001\nstatus = 409\nmessage = \"x\"\n\n[[errors]]\nid = \"b\"\ncode = \"0042\"\nstatus = 409\nmessage = \"x\"\n\n[[errors]]\nid = \"c\"\ncode = \"say \\\"hi\\\"\"\nstatus = 409\nmessage = \"x\"\n",
        ))
        .expect("the catalog compiles");
        for profile in [
            Profile::PROBLEM,
            Profile::CLERK,
            Profile::PLUNK,
            Profile::PLAIN,
        ] {
            for (id, code) in [
                ("a", serde_json::json!(4001)),
                ("b", serde_json::json!("0042")),
                ("c", serde_json::json!("say \"hi\"")),
            ] {
                let error = catalog.error(id).unwrap();
                let body = profile.render(&error, &RenderContext::default()).body;
                let text = String::from_utf8(body).unwrap();
                let sent = format!("\"code\":{code}");
                assert!(text.contains(&sent), "{}: {sent} in {text}", profile.name());
            }
        }
    }

    #[test]
    fn json_pointers_follow_rfc_6901() {
        let cases = [
            ("email", "#/email"),
            ("profile.color", "#/profile/color"),
            ("/age", "#/age"),
            ("#/a/b", "#/a/b"),
            ("a/b", "#/a~1b"),
            ("x~y", "#/x~0y"),
            ("a.b/c", "#/a/b~1c"),
        ];
        for (field, expected) in cases {
            assert_eq!(
                Pointer {
                    field,
                    fragment: true
                }
                .to_string(),
                expected
            );
            assert_eq!(
                Pointer {
                    field,
                    fragment: false
                }
                .to_string(),
                &expected[1..]
            );
        }
    }

    #[test]
    fn accept_header_picks_profiles_by_media_type() {
        assert_eq!(
            Profile::from_accept("application/problem+json"),
            Some(Profile::PROBLEM)
        );
        assert_eq!(
            Profile::from_accept("text/html, application/vnd.api+json;q=0.9"),
            Some(Profile::JSONAPI)
        );
        assert_eq!(Profile::from_accept("application/json"), None);
        // Media types have no case.
        assert_eq!(
            Profile::from_accept("*/*, Application/Problem+JSON"),
            Some(Profile::PROBLEM)
        );
        assert_eq!(Profile::from_accept("*/*"), None);
        assert_eq!(Profile::from_accept("é, ü"), None);
        for profile in Profile::built_in() {
            if profile.0.negotiable {
                assert!(
                    profile.0.media_type.starts_with(NEGOTIABLE_PREFIX),
                    "{profile} is negotiable by a type `from_accept` passes over"
                );
            }
        }
    }

    /// What is sent decides: an entry with no status goes out as a 500 in
    /// every profile but Plain's (a mutation error, HTTP 200), and such a
    /// body carries none of the call's values; a per-call suggestion and the
    /// request path never reach a 5xx or internal body either.
    #[test]
    fn a_body_sent_as_5xx_carries_no_runtime_value_even_without_a_declared_status() {
        let catalog = crate::compile(errcat_catalog::SourceFile::new(
            "t.toml",
            "[[errors]]\nid = \"undeclared\"\nmessage = \"Query {query} failed\"\nparams.query = \"string\"\n",
        ))
        .unwrap();
        let undeclared = catalog
            .error("undeclared")
            .unwrap()
            .arg("query", "SELECT secret")
            .field("email", "leak?", None)
            .details(serde_json::json!({"note": "private"}))
            .suggestion("per-call hint");
        let context = RenderContext {
            timestamp: None,
            instance: Some("/users/private-path"),
        };
        for &profile in Profile::built_in() {
            let rendered = profile.render(&undeclared, &context);
            let body = String::from_utf8(rendered.body).unwrap();
            if profile == Profile::PLAIN {
                assert_eq!(rendered.status, 200, "Plain sends it as a mutation error");
                continue;
            }
            assert_eq!(rendered.status, 500, "{profile}");
            for secret in ["SELECT secret", "leak?", "private", "per-call hint"] {
                assert!(
                    !body.contains(secret),
                    "{profile} leaked {secret:?}: {body}"
                );
            }
        }
        for error in [test_support::internal().suggestion("per-call hint")] {
            for &profile in Profile::built_in() {
                let body = String::from_utf8(profile.render(&error, &context).body).unwrap();
                for secret in ["per-call hint", "private-path"] {
                    assert!(
                        !body.contains(secret),
                        "{profile} leaked {secret:?}: {body}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_profile_leaks_internal_values_into_a_5xx_body() {
        let error = test_support::internal();
        for &profile in Profile::built_in() {
            let rendered = profile.render(&error, &RenderContext::default());
            let body = String::from_utf8(rendered.body.clone()).unwrap();
            for secret in ["SELECT secret", "10.0.0.5", "leak?", "connection refused"] {
                assert!(
                    !body.contains(secret),
                    "{profile} leaked {secret:?}: {body}"
                );
            }
            let header = rendered
                .header("x-request-id")
                .or(rendered.header("apigw-requestid"));
            assert_eq!(
                header,
                Some("req-3"),
                "{profile} sends the request ID in a header"
            );
        }
    }

    proptest::proptest! {
        /// Whatever text a response carries (quotes, control characters,
        /// astral code points), every profile's body is JSON that gives it back.
        #[test]
        fn every_body_is_json_that_keeps_runtime_text(
            id in "\\PC*",
            control in "[\\x00-\\x1f\"\\\\]{0,8}",
            field in "\\PC{1,12}",
            message in "\\PC*",
            request in "[A-Za-z0-9._:-]{1,20}",
        ) {
            let value = format!("{id}{control}");
            let error = test_support::catalog()
                .error("contact_not_found")
                .unwrap()
                .arg("id", value.as_str())
                .arg("list", "vip")
                .field(field.clone(), message.clone(), Some("invalid"))
                .details(serde_json::json!({ "note": value }))
                .with_request_id(crate::RequestId::from_inbound(&request).unwrap());
            for &profile in Profile::built_in() {
                let rendered = profile.render(&error, &test_support::FIXED);
                let body: serde_json::Value = serde_json::from_slice(&rendered.body)
                    .unwrap_or_else(|e| panic!("{profile} body is not JSON ({e}): {:?}",
                        String::from_utf8_lossy(&rendered.body)));
                let text = body.to_string();
                let quoted_value = serde_json::to_string(&value).unwrap();
                let quoted_message = serde_json::to_string(&message).unwrap();
                // Planfix's shape has no field errors.
                if profile != Profile::PLANFIX {
                    proptest::prop_assert!(
                        text.contains(&quoted_message[1..quoted_message.len() - 1]),
                        "{profile} lost the field message: {text}"
                    );
                }
                // These carry details or arguments as they are; the others
                // quote the argument inside a message, or send field errors only.
                if [Profile::PROBLEM, Profile::PLUNK, Profile::CLERK, Profile::GOOGLE]
                    .contains(&profile)
                {
                    proptest::prop_assert!(
                        text.contains(&quoted_value[1..quoted_value.len() - 1]),
                        "{profile} lost the argument: {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_profile_sets_retry_after_from_the_delay_param() {
        let error = test_support::rate_limited();
        for &profile in Profile::built_in() {
            let rendered = profile.render(&error, &RenderContext::default());
            assert_eq!(rendered.header("retry-after"), Some("30"), "{profile}");
        }
    }
}
