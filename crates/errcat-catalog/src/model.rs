//! The catalog model: what an `errors.toml` file holds, as plain data.
//!
//! The types here serialize back to the same TOML they were read from, and
//! `errcat schema` derives the catalog's JSON Schema from them, so the model,
//! the file format and the editor schema cannot disagree.

use std::fmt;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A whole catalog: its metadata, its groups and its entries, in file order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "errcat catalog")]
pub struct Catalog {
    /// Metadata that applies to the whole catalog.
    #[serde(default)]
    pub catalog: CatalogMeta,
    /// Titled sections entries belong to, optionally with a numeric code range.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// Every error the API can return, in the order they were written.
    #[serde(default, rename = "errors", skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<Entry>,
    /// House wire formats, by name: `[profiles.acme]`, chosen with
    /// `profile = "acme"` like a built-in profile.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub profiles: IndexMap<String, HouseProfile>,
    /// The entries' text in other languages, by locale and then entry id:
    /// `[translations.fr.contact_not_found]`. The catalog's own `locale`
    /// is the source they translate.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub translations: IndexMap<String, IndexMap<String, Translation>>,
}

/// One entry's text in another language.
///
/// ```toml
/// [[errors]]
/// id = "contact_not_found"
/// status = 404
/// title = "Contact not found"
/// message = "No contact with id {id:q}"
/// params.id = "string"
///
/// [translations.fr.contact_not_found]
/// translated_from = "title:23bd0932 message:112d3316"
/// title = "Contact introuvable"
/// message = "Aucun contact avec l'identifiant {id:q}"
/// ```
///
/// A field left out falls back to the source text. `translated_from` stamps
/// the source text the translation was made from (`errcat check` prints the
/// current stamp), so a change to the source marks the translation stale.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// A stamp of the source text this translates, one hash per field:
    /// `title:23bd0932 message:112d3316`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translated_from: Option<String>,
    /// The short message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The message template, with the entry's params.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The one-line summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// What the error means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Why the error happens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<String>,
    /// What the client can do about it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolutions: Vec<String>,
    /// The hint sent with the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// A wire format described as data: a JSON (or XML, see
/// [`crate::house::xml`]) body with `{slot}`s.
///
/// ```toml
/// [profiles.graph]
/// body = '''
/// {"error": {"code": "{code}", "message": "{message}",
///            "innerError": {"request-id": "{request_id}", "date": "{timestamp}"}}}
/// '''
/// ```
///
/// A string that is exactly one slot takes the slot's value with its JSON
/// type (`"{status}"` is a number), and its member is left out when the slot
/// has no value; slots inside longer text are written as text. An array whose
/// element uses `field.*` slots lists the field errors. See
/// [`crate::house`] for the slots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HouseProfile {
    /// The body's media type; `application/json` when absent (`application/xml`
    /// for an XML body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// One HTTP status for every error (GraphQL APIs send 200); the entry's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The header that carries the request ID (S3's `x-amz-request-id`);
    /// `x-request-id` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id_header: Option<String>,
    /// How field errors fill an array whose element uses `field.*` slots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_errors: Option<FieldErrorLayout>,
    /// The body: JSON (or XML) with `{slot}`s.
    pub body: String,
}

/// How a house profile lays out field errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FieldErrorLayout {
    /// One array item per field error; the member is left out when there are none
    /// (`"errors": [{"field": "{field.name}", "message": "{field.message}"}]`).
    #[default]
    List,
    /// One array item per field error, each a whole error with its field's
    /// members; one item without them when there are none (Square, Clerk, JSON:API).
    Spread,
}

impl Catalog {
    /// The domain errors belong to (Google's `ErrorInfo.domain`): `domain`,
    /// else the host of the `docs_url` pattern, else the host of the `source`
    /// the catalog was imported from (the vendor's own reference page).
    pub fn error_domain(&self) -> Option<&str> {
        let meta = &self.catalog;
        meta.domain
            .as_deref()
            .filter(|domain| !domain.is_empty())
            .or_else(|| meta.docs_url.as_deref().and_then(url_host))
            .or_else(|| meta.source.as_deref().and_then(url_host))
    }

    /// The domain bodies send: [`Catalog::error_domain`], else one made from
    /// the catalog's name (`Contacts API` -> `contacts-api`), because AIP-193
    /// requires `ErrorInfo.domain` in every error. The name is not globally
    /// unique, so the `missing-error-domain` lint still asks for a real one
    /// when the catalog promises AIP-193 errors.
    pub fn sent_error_domain(&self) -> Option<std::borrow::Cow<'_, str>> {
        if let Some(domain) = self.error_domain() {
            return Some(domain.into());
        }
        let mut name = String::with_capacity(self.catalog.name.len());
        for word in self
            .catalog
            .name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
        {
            if !name.is_empty() {
                name.push('-');
            }
            name.extend(word.chars().flat_map(char::to_lowercase));
        }
        (!name.is_empty()).then_some(name.into())
    }

    /// The locale of the catalog's own text: its `locale`, else `en`.
    pub fn source_locale(&self) -> &str {
        self.catalog
            .locale
            .as_deref()
            .filter(|locale| !locale.is_empty())
            .unwrap_or("en")
    }

    /// Every locale the catalog speaks: its own first, then each translated one.
    pub fn locales(&self) -> impl Iterator<Item = &str> {
        let source = self.source_locale();
        std::iter::once(source).chain(
            self.translations
                .keys()
                .map(String::as_str)
                .filter(move |locale| !locale.eq_ignore_ascii_case(source)),
        )
    }

    /// The translation of entry `id` into `locale`, if there is one.
    pub fn translation(&self, locale: &str, id: &str) -> Option<&Translation> {
        self.translations.get(locale)?.get(id)
    }

    /// The catalog's translated locales, indexed to find the ones that stand
    /// in for a locale (see [`LocaleFallbacks::of`]); made once, asked per
    /// locale in constant time per subtag.
    pub fn locale_fallbacks(&self) -> LocaleFallbacks<'_> {
        LocaleFallbacks {
            source: self.source_locale(),
            by_lower: self
                .translations
                .keys()
                .map(|tag| (tag.to_ascii_lowercase(), tag.as_str()))
                .collect(),
        }
    }

    /// The translation entry `id` is sent in for `locale`, with the locale
    /// it is in: the first of `fallbacks` ([`LocaleFallbacks::of`]) that translates
    /// it; `None` when it goes out in the catalog's own language.
    pub fn translation_for<'a>(
        &'a self,
        fallbacks: &[&'a str],
        id: &str,
    ) -> Option<(&'a str, &'a Translation)> {
        fallbacks
            .iter()
            .find_map(|tag| Some((*tag, self.translation(tag, id)?)))
    }

    /// Finds an entry by its id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|entry| entry.id == id)
    }

    /// Finds a group by its id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|group| group.id == id)
    }

    /// The profile the catalog names; `problem` (RFC 9457) when it names none.
    pub fn profile_name(&self) -> &str {
        self.catalog.profile.as_deref().unwrap_or("problem")
    }

    /// The HTTP status of `entry`: its own, else the catalog's `default_status`.
    pub fn status_of(&self, entry: &Entry) -> Option<u16> {
        entry.status.or(self.catalog.default_status)
    }

    /// The docs page of `entry`, from the `docs_url` pattern (`{code}`, `{id}`).
    pub fn docs_url_of(&self, entry: &Entry) -> Option<String> {
        self.catalog.docs_url.as_ref().map(|pattern| {
            pattern
                .replace("{code}", &entry.wire_code().to_string())
                .replace("{id}", &entry.id)
        })
    }
}

/// Whether `url` may be written as a link: `http://` or `https://`, or a
/// relative reference (no scheme at all). Rejects `javascript:`, `data:` and
/// every other scheme, and text a browser would clean up into one (it trims
/// leading spaces and drops tabs and line breaks anywhere).
pub fn is_safe_link(url: &str) -> bool {
    if url.is_empty() || url.trim() != url || url.chars().any(char::is_control) {
        return false;
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return true;
    }
    // Relative: whatever comes before the first `/`, `?` or `#` holds no `:`,
    // which is how a browser tells a scheme.
    let head = url.split(['/', '?', '#']).next().unwrap_or_default();
    !head.contains(':')
}

/// The host of an absolute `http(s)://` URL (`docs.example.com` in
/// `https://docs.example.com/errors/{code}`), without user or port; `None`
/// for a relative URL or a host with a placeholder in it.
pub fn url_host(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = host.split(':').next()?;
    let valid = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'));
    valid.then_some(host)
}

/// The `[catalog]` table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogMeta {
    /// Human name of the API, e.g. "Acme API".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Version of the catalog (not of errcat).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Domain used in wire bodies that name one (Google's `ErrorInfo.domain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The wire profile a service uses unless told otherwise (`problem` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// HTTP status used for entries that have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_status: Option<u16>,
    /// Docs URL pattern for an entry, e.g. `https://docs.acme.dev/errors/{code}`;
    /// `{code}` and `{id}` are replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    /// Default locale of the catalog's text, e.g. `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Where the catalog's content came from (a URL or a document name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// What the catalog covers, in prose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The documented error envelope, verbatim, as the API's reference shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envelope: Option<String>,
    /// The documented fields of the error envelope.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub envelope_fields: Vec<EnvelopeField>,
    /// The documented success envelope, verbatim, where the API wraps successes too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_envelope: Option<String>,
    /// What each HTTP status means for this API, keyed by status code.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub statuses: IndexMap<String, StatusMeaning>,
}

/// One documented field of an error envelope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeField {
    /// The field's path in the body, e.g. `error.code`.
    pub name: String,
    /// The field's JSON type as documented.
    #[serde(default, rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// What the field carries.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// What one HTTP status means for an API.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusMeaning {
    /// The reason phrase, e.g. "Not Found".
    pub title: String,
    /// When the API answers with this status.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A `[[groups]]` entry: a titled section such as "Organizations" or "Tasks".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Key that entries use in their `group` field.
    pub id: String,
    /// Section title as readers see it.
    pub title: String,
    /// What the group covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Inclusive range that integer codes of the group's entries must fall in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<CodeRange>,
}

/// An inclusive integer range, written `[1000, 1999]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(from = "[i64; 2]", into = "[i64; 2]")]
pub struct CodeRange {
    /// Lowest code allowed.
    pub start: i64,
    /// Highest code allowed.
    pub end: i64,
}

impl CodeRange {
    /// Whether `code` falls within the range.
    pub fn contains(&self, code: i64) -> bool {
        (self.start..=self.end).contains(&code)
    }
}

impl From<[i64; 2]> for CodeRange {
    fn from([start, end]: [i64; 2]) -> Self {
        CodeRange { start, end }
    }
}

impl From<CodeRange> for [i64; 2] {
    fn from(range: CodeRange) -> Self {
        [range.start, range.end]
    }
}

/// The wire code of an entry: an integer (Planfix's `1000`) or text
/// (`resource_not_found`, Quapp's zero-padded `000012`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Code {
    /// A numeric code, sent as a JSON number.
    Int(i64),
    /// A textual code, sent as a JSON string.
    Text(String),
}

impl Code {
    /// The code as an integer, when it is one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Code::Int(value) => Some(*value),
            Code::Text(_) => None,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Int(value) => write!(f, "{value}"),
            Code::Text(text) => f.write_str(text),
        }
    }
}

/// One documented error: an `[[errors]]` table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Unique, stable key of the entry (`contact_not_found`, `000037[0]`).
    pub id: String,
    /// The wire code; defaults to `id`. Several entries may share one code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// The id of the group the entry belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// HTTP status; absent for systems that have none (GraphQL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The short message (Clerk's shortMessage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The message template sent to clients, e.g. `No contact with id {id:q}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// A one-line summary for overview tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// What the error means, in prose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Why the error happens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<String>,
    /// What the client can do about it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolutions: Vec<String>,
    /// A hint sent with the error on the wire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// The message's parameters, in declared order.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub params: IndexMap<String, Param>,
    /// Whether and when a client may retry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<Retry>,
    /// Static values sent in the wire `meta` or `details`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Value>,
    /// The catalog version that introduced the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Whether the entry is deprecated, and what replaces it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
    /// Whether the entry is retired: no longer sent, kept so its page says
    /// since when, and so no new entry reuses its id or code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<Retirement>,
    /// An internal error: never shown to clients, 5xx bodies get a generic message.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
    /// Per-profile attributes, e.g. `wire.plain.type = "FORBIDDEN"`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    #[schemars(with = "IndexMap<String, IndexMap<String, serde_json::Value>>")]
    pub wire: IndexMap<String, IndexMap<String, serde_json::Value>>,
    /// Documented bodies, each with the input that produces it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

impl Entry {
    /// The entry's deprecation, when it is deprecated (`deprecated = true`
    /// gives one with no details).
    pub fn deprecation(&self) -> Option<DeprecationDetails> {
        match &self.deprecated {
            None | Some(Deprecation::Flag(false)) => None,
            Some(Deprecation::Flag(true)) => Some(DeprecationDetails::default()),
            Some(Deprecation::Details(details)) => Some(details.clone()),
        }
    }

    /// The entry's retirement, when it is retired (`retired = true` gives
    /// one with no details).
    pub fn retirement(&self) -> Option<RetirementDetails> {
        match &self.retired {
            None | Some(Retirement::Flag(false)) => None,
            Some(Retirement::Flag(true)) => Some(RetirementDetails::default()),
            Some(Retirement::Details(details)) => Some(details.clone()),
        }
    }

    /// Whether the entry is retired: no service sends it any more.
    pub fn is_retired(&self) -> bool {
        self.retirement().is_some()
    }

    /// Whether a client may retry it when sent with `status`: as `retry`
    /// says, else only for 429 and 503.
    pub fn retryable_at(&self, status: Option<u16>) -> bool {
        match &self.retry {
            Some(retry) => retry.is_retryable(),
            None => matches!(status, Some(429 | 503)),
        }
    }

    /// The wire code: `code` when set, the id otherwise.
    pub fn wire_code(&self) -> Code {
        self.code
            .clone()
            .unwrap_or_else(|| Code::Text(self.id.clone()))
    }

    /// The text shown for the entry: the message, falling back to the title.
    pub fn text(&self) -> &str {
        self.message
            .as_deref()
            .or(self.title.as_deref())
            .unwrap_or_default()
    }

    /// An attribute a profile reads from `wire.<profile>.<key>`.
    pub fn wire_attr(&self, profile: &str, key: &str) -> Option<&serde_json::Value> {
        self.wire.get(profile)?.get(key)
    }
}

/// A message parameter, written as a type name (`id = "string"`) or a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Param {
    /// Only the type: `id = "string"`.
    Short(ParamType),
    /// Type with description and example.
    Full(ParamSpec),
}

impl Param {
    /// The parameter's type.
    pub fn kind(&self) -> ParamType {
        match self {
            Param::Short(kind) => *kind,
            Param::Full(spec) => spec.kind,
        }
    }

    /// The parameter's description, if it has one.
    pub fn description(&self) -> Option<&str> {
        match self {
            Param::Short(_) => None,
            Param::Full(spec) => spec.description.as_deref(),
        }
    }

    /// The parameter's example value, if it has one.
    pub fn example(&self) -> Option<&serde_json::Value> {
        match self {
            Param::Short(_) => None,
            Param::Full(spec) => spec.example.as_ref(),
        }
    }
}

/// A parameter written as a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    /// The parameter's type.
    #[serde(rename = "type")]
    pub kind: ParamType,
    /// What the parameter holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A value used by docs and the mock server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
}

/// The type of a message parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ParamType {
    /// Any text.
    String,
    /// A whole number.
    Int,
    /// A decimal number.
    Float,
    /// `true` or `false`.
    Bool,
    /// A list of values, rendered comma-separated.
    List,
}

impl ParamType {
    /// The name used in catalogs.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Int => "int",
            ParamType::Float => "float",
            ParamType::Bool => "bool",
            ParamType::List => "list",
        }
    }
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Retry advice: `"never"`, `"safe"`, or `{ after = "param" }` / `{ after = 30 }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Retry {
    /// `never` or `safe`.
    Policy(RetryPolicy),
    /// Retry after a delay that becomes `Retry-After`.
    After {
        /// A parameter name holding seconds, or a fixed number of seconds.
        after: RetryAfter,
    },
}

/// The simple retry policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RetryPolicy {
    /// Retrying will not help.
    Never,
    /// Retrying with backoff is safe.
    Safe,
}

/// Where a retry delay comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RetryAfter {
    /// A fixed number of seconds.
    Seconds(u64),
    /// The name of an int parameter holding seconds.
    Param(String),
}

impl Retry {
    /// Whether a client may retry at all.
    pub fn is_retryable(&self) -> bool {
        !matches!(self, Retry::Policy(RetryPolicy::Never))
    }
}

/// Deprecation: `true`, or a table naming the replacement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Deprecation {
    /// Deprecated (or explicitly not) with no further detail.
    Flag(bool),
    /// Deprecated with details.
    Details(DeprecationDetails),
}

impl DeprecationDetails {
    /// What callers are told: the replacement to use, then the note
    /// (`use \`contact_missing\` instead; no longer sent from 3.0; ids are now per list`).
    pub fn advice(&self) -> String {
        let mut parts = Vec::new();
        if let Some(replacement) = &self.replacement {
            parts.push(format!("use `{replacement}` instead"));
        }
        if let Some(sunset) = &self.sunset {
            parts.push(format!("no longer sent from {sunset}"));
        }
        if let Some(note) = &self.note {
            parts.push(note.trim().to_owned());
        }
        if parts.is_empty() {
            "this error is deprecated".to_owned()
        } else {
            parts.join("; ")
        }
    }
}

/// Whether an entry is retired: `retired = true`, or
/// `retired = { since = "3.0", note = "..." }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Retirement {
    /// Retired (or explicitly not) with no further detail.
    Flag(bool),
    /// Retired with details.
    Details(RetirementDetails),
}

/// The details of a retirement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetirementDetails {
    /// The catalog version from which the entry is no longer sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Why, in prose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl RetirementDetails {
    /// What pages say: `No longer sent since 3.0. Use the v2 endpoint.`
    pub fn describe(&self) -> String {
        let mut text = match &self.since {
            Some(since) => format!("No longer sent since {since}."),
            None => "No longer sent.".to_owned(),
        };
        if let Some(note) = &self.note {
            text.push(' ');
            text.push_str(note.trim());
        }
        text
    }
}

/// The details of a deprecation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeprecationDetails {
    /// The catalog version that deprecated the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// When it will be retired: a catalog version or a date (the sunset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sunset: Option<String>,
    /// The id of the entry to use instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    /// Why, in prose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A documented body together with the input that produces it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// A name for the example, e.g. "Missing Required Fields".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The profile the body is in; the catalog's profile when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// What the error was built with.
    #[serde(default)]
    pub input: ExampleInput,
    /// The expected body: JSON text, or the XML of an XML house profile.
    pub body: String,
    /// Advice shown with the example in the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What an error is built with: the shape of `errcat render --input`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExampleInput {
    /// Values for the message's parameters.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub args: IndexMap<String, serde_json::Value>,
    /// Field errors of a validation failure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Extra structured context sent in the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
    /// The request ID to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// A fixed timestamp, for profiles that send one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// A suggestion that replaces the entry's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// The GraphQL operation that failed (the `plain` profile's `data.<operation>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The language to answer in (`fr`), as `Accept-Language` would choose
    /// it; the catalog's own when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// One field of a validation failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldError {
    /// The field: a name or a JSON pointer.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
    /// A machine-readable reason (`invalid_string`, `required`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// Most locales [`LocaleFallbacks::of`] gives: a language, script, region
/// and variant are four; more is a hostile catalog's nesting of tags.
pub const MAX_FALLBACKS: usize = 8;

/// A catalog's translated locales by lower-case tag: see
/// [`Catalog::locale_fallbacks`].
#[derive(Debug)]
pub struct LocaleFallbacks<'a> {
    source: &'a str,
    by_lower: std::collections::HashMap<String, &'a str>,
}

impl<'a> LocaleFallbacks<'a> {
    /// The locales whose translations stand in for `locale`'s, nearest
    /// first, as a service chooses (RFC 4647 lookup): `locale` itself, then
    /// each shorter tag the catalog translates into (`fr-CA`, then `fr`), in
    /// any case, and never the catalog's own. An entry `fr-CA` leaves out is
    /// sent in `fr` where `fr` has it. Linear in the tag's length, and at
    /// most [`MAX_FALLBACKS`] long.
    pub fn of(&self, locale: &str) -> Vec<&'a str> {
        let lowered = locale.to_ascii_lowercase();
        let mut chain: Vec<&'a str> = Vec::new();
        for candidate in crate::translation::lookup_candidates(&lowered) {
            if candidate.eq_ignore_ascii_case(self.source) {
                break;
            }
            // Distinct candidates are distinct keys: no tag comes twice.
            if let Some(&tag) = self.by_lower.get(candidate) {
                chain.push(tag);
                if chain.len() == MAX_FALLBACKS {
                    break;
                }
            }
        }
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deprecation_advises_the_replacement_then_the_sunset_then_the_note() {
        let details = DeprecationDetails {
            since: Some("2.0".into()),
            sunset: Some("2027-06-30".into()),
            replacement: Some("contact_missing".into()),
            note: Some(" Ids are per list now. ".into()),
        };
        assert_eq!(
            details.advice(),
            "use `contact_missing` instead; no longer sent from 2027-06-30; Ids are per list now."
        );
        assert_eq!(
            DeprecationDetails::default().advice(),
            "this error is deprecated"
        );
        let retired = RetirementDetails {
            since: Some("3.0".into()),
            note: Some("Use v2.".into()),
        };
        assert_eq!(retired.describe(), "No longer sent since 3.0. Use v2.");
    }
}
