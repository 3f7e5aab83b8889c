//! Compiled catalogs: a checked catalog turned into what rendering reads,
//! with templates parsed and per-entry values computed once.

use std::collections::HashMap;
use std::sync::Arc;

use errcat_catalog::plural::PluralRules;
use errcat_catalog::{
    Catalog, Code, Entry, Param, ParamType, Retry, RetryAfter, RetryPolicy, Template, Translation,
};
use http::StatusCode;
use serde_json::value::RawValue;

use crate::Checked;
use crate::details::GrpcCode;
use crate::error::ApiError;
use crate::profile::Profile;

/// One entry, ready to render.
///
/// Its fields are what the catalog compiled to, and what an error looks up
/// (the text a tag chooses, `Content-Language`) is worked out from them
/// then: changing them afterwards (through `Arc::get_mut`) is not supported.
#[derive(Debug)]
pub struct CompiledEntry {
    /// The catalog entry as written.
    pub entry: Entry,
    /// The wire code.
    pub code: Code,
    /// The HTTP status (the entry's, the catalog default, or 500).
    pub status: StatusCode,
    /// Whether the status came from the catalog rather than the 500 fallback.
    pub has_status: bool,
    /// The entry's text in the catalog's own locale.
    pub text: EntryText,
    /// Its text in the other locales that translate it, by locale index
    /// (only those: memory follows the translations written, not entries
    /// times locales).
    pub translations: Box<[EntryText]>,
    /// The locales the catalog speaks, its own first, shared by its entries.
    pub locales: Arc<Locales>,
    /// The short tags it has text in, packed, for [`ApiError::set_locale`].
    pub(crate) spoken: SpokenTags,
    /// Whether its catalog speaks more than one language.
    multilingual: bool,
    /// A starting capacity for the rendered message.
    pub message_len_hint: usize,
    /// Param names and types in declared order.
    pub params: Vec<(String, ParamType)>,
    /// The docs URL for this entry, if the catalog has a pattern.
    pub docs_url: Option<String>,
    /// The catalog's domain, else its docs URL's host (Google's
    /// `ErrorInfo.domain`); `None` when the catalog has neither.
    pub domain: Option<Arc<str>>,
    /// The locale of the entry's own text: the catalog's `locale`, else `en`.
    pub locale: Arc<str>,
    /// The catalog's name, as logs, spans and metrics label its errors.
    pub catalog: Arc<str>,
    /// Text every body of this entry sends, JSON-escaped once here.
    pub(crate) escaped: Escaped,
    /// The gRPC status code (`wire.grpc.code`, else mapped from the status).
    pub(crate) grpc_code: GrpcCode,
    /// `ErrorInfo.reason`: the wire code (else the id) in UPPER_SNAKE_CASE.
    pub(crate) reason: Box<str>,
    /// Its metric keys, made on its first error.
    #[cfg(feature = "metrics")]
    pub(crate) metric_keys: crate::telemetry::KeyCell,
    /// Its span attributes, made on its first error.
    #[cfg(feature = "opentelemetry")]
    pub(crate) span_attributes: crate::telemetry::SpanAttributeCell,
}

/// How many of an entry's languages [`SpokenTags`] holds.
const SPOKEN_PACKED: usize = 4;

/// Tags of the languages an entry has text in, each of at most seven bytes
/// packed into one word with its length, beside where its text is: a locale
/// a service sets (`fr`, `pt-BR`, spelled as the catalog spells it) is
/// found with a compare per language, not a search of the catalog's
/// locales and then of the entry's translations. Other tags (longer,
/// spelled in another case, or past the first few) take that search.
#[derive(Debug, Default)]
pub(crate) struct SpokenTags {
    /// Packed tags ([`packed_tag`]); `0`, which no tag packs to, is unused.
    keys: [u64; SPOKEN_PACKED],
    /// [`CompiledEntry::text_slot`] of each.
    slots: [u16; SPOKEN_PACKED],
}

impl SpokenTags {
    fn new<'t>(spoken: impl Iterator<Item = (&'t str, u16)>) -> SpokenTags {
        let mut tags = SpokenTags::default();
        let packable = spoken.filter_map(|(tag, slot)| Some((packed_tag(tag)?, slot)));
        for (at, (key, slot)) in packable.take(SPOKEN_PACKED).enumerate() {
            tags.keys[at] = key;
            tags.slots[at] = slot;
        }
        tags
    }

    /// Where the text in `tag` is, when `tag` is one of these as written.
    #[inline]
    pub(crate) fn slot_of(&self, tag: &str) -> Option<u16> {
        let key = packed_tag(tag)?;
        let at = self.keys.iter().position(|&packed| packed == key)?;
        Some(self.slots[at])
    }
}

/// `tag`'s bytes in one word, its length in the byte above them: two tags
/// pack alike only when they are the same (the highest byte that is not
/// zero says where the length is, and the length says it). `None` for an
/// empty tag or one longer than seven bytes.
#[inline]
fn packed_tag(tag: &str) -> Option<u64> {
    let bytes = tag.as_bytes();
    if bytes.is_empty() || bytes.len() >= 8 {
        return None;
    }
    let length = bytes.len() as u64;
    Some(
        bytes
            .iter()
            .rev()
            .fold(length, |key, &byte| key << 8 | u64::from(byte)),
    )
}

/// The locales a catalog speaks, its own first, found by tag in constant time.
#[derive(Debug)]
pub struct Locales {
    list: Vec<Locale>,
    /// Index by lower-case tag, for catalogs with many locales.
    by_tag: HashMap<Box<str>, usize>,
}

/// Up to this many locales, a tag is found by scanning them.
const LOCALE_SCAN_LIMIT: usize = 8;

impl Locales {
    fn new(list: Vec<Locale>) -> Locales {
        let by_tag = if list.len() > LOCALE_SCAN_LIMIT {
            let mut by_tag = HashMap::with_capacity(list.len());
            for (index, locale) in list.iter().enumerate() {
                by_tag
                    .entry(locale.tag.to_ascii_lowercase().into_boxed_str())
                    .or_insert(index);
            }
            by_tag
        } else {
            HashMap::new()
        };
        Locales { list, by_tag }
    }

    /// The locale whose tag is `tag`, compared without case.
    pub fn find(&self, tag: &str) -> Option<usize> {
        if self.by_tag.is_empty() {
            // A tag as the catalog writes it first (the usual case), then any case.
            return self
                .list
                .iter()
                .position(|locale| crate::error::same_name(&locale.tag, tag))
                .or_else(|| {
                    self.list
                        .iter()
                        .position(|locale| locale.tag.eq_ignore_ascii_case(tag))
                });
        }
        let mut lower = [0_u8; 64];
        let lower = lower.get_mut(..tag.len())?;
        lower.copy_from_slice(tag.as_bytes());
        lower.make_ascii_lowercase();
        self.by_tag.get(std::str::from_utf8(lower).ok()?).copied()
    }

    /// The locales, the catalog's own first.
    pub fn iter(&self) -> std::slice::Iter<'_, Locale> {
        self.list.iter()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none (never, for a compiled catalog).
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl std::ops::Index<usize> for Locales {
    type Output = Locale;

    fn index(&self, index: usize) -> &Locale {
        &self.list[index]
    }
}

/// A locale a catalog speaks: its tag and its CLDR plural rules.
#[derive(Debug)]
pub struct Locale {
    /// The BCP 47 tag as the catalog writes it (`fr`, `pt-BR`).
    pub tag: Arc<str>,
    /// The tag as a `Content-Language` value, visible ASCII: made with
    /// `HeaderValue::from_static` per response (a check of its few bytes; a
    /// `HeaderValue` clone is a call through its bytes' vtable).
    pub(crate) header: Option<&'static str>,
    /// How its plural forms choose; `None` only for a tag no rules exist for.
    pub(crate) rules: Option<PluralRules>,
}

impl Locale {
    fn new(tag: &str) -> Locale {
        Locale {
            tag: tag.into(),
            header: language_header(tag),
            rules: errcat_catalog::plural::rules_for(tag),
        }
    }

    /// The plural rules of the locale.
    pub fn plural_rules(&self) -> Option<&PluralRules> {
        self.rules.as_ref()
    }
}

/// `tag` as a static `Content-Language` value, when it is visible ASCII (a
/// checked BCP 47 tag is; `HeaderValue::from_static` takes nothing else):
/// each response makes it without touching a reference count. The tag is
/// a few bytes, kept by [`kept_for_process`].
fn language_header(tag: &str) -> Option<&'static str> {
    (!tag.is_empty() && tag.bytes().all(|byte| byte.is_ascii_graphic()))
        .then(|| kept_for_process(tag))
}

/// `text` for the life of the process, each distinct text kept once: for
/// the few short names (language tags, the mock's captured params) that
/// every response would otherwise copy or count references to.
pub(crate) fn kept_for_process(text: &str) -> &'static str {
    static KEPT: std::sync::Mutex<std::collections::BTreeSet<&'static str>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    let mut kept = KEPT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match kept.get(text) {
        Some(kept) => kept,
        None => {
            let lasting: &'static str = Box::leak(text.into());
            kept.insert(lasting);
            lasting
        }
    }
}

/// An entry's text in one locale, parsed, with what never changes escaped.
#[derive(Debug)]
pub struct EntryText {
    /// Which of the entry's [`CompiledEntry::locales`] the text is in.
    pub locale: usize,
    /// Which one its message is in: the source's when the translation has
    /// no message of its own. `Content-Language` and `LocalizedMessage` say this one.
    pub message_locale: usize,
    /// Which one its title is in.
    pub title_locale: usize,
    /// The parsed title (falls back to the message).
    pub title: Template,
    /// The parsed message (falls back to the title).
    pub message: Template,
    /// The suggestion sent with the error.
    pub suggestion: Option<String>,
    /// The title as a JSON string, when it has no placeholders.
    pub(crate) escaped_title: Option<Box<RawValue>>,
    /// The message as a JSON string, when it has no placeholders.
    pub(crate) escaped_message: Option<Box<RawValue>>,
    /// The suggestion as a JSON string.
    pub(crate) escaped_suggestion: Option<Box<RawValue>>,
    /// The `Content-Language` of a body that sends this message: its
    /// language's tag, kept here so that a response does not look it up
    /// among the catalog's locales. `None` for a tag no header can carry.
    pub(crate) message_language: Option<&'static str>,
}

impl EntryText {
    /// The text of `entry`, or of `translation` of it where it has a field
    /// (each field it leaves out is the entry's own).
    fn new(
        entry: &Entry,
        translation: Option<&Translation>,
        locale: usize,
    ) -> Result<EntryText, CompileError> {
        let parse = |text: &str| {
            Template::parse(text).map_err(|error| CompileError::Template {
                id: entry.id.clone(),
                error,
            })
        };
        /// The translation's text where it has some, else the source's.
        fn pick<'a>(own: Option<&'a String>, source: Option<&'a String>) -> Option<&'a str> {
            let written =
                |text: Option<&'a String>| text.map(String::as_str).filter(|t| !t.is_empty());
            written(own).or(written(source))
        }
        let has_own = |text: Option<&String>| text.is_some_and(|text| !text.is_empty());
        let own_message = has_own(translation.and_then(|t| t.message.as_ref()));
        let own_title = has_own(translation.and_then(|t| t.title.as_ref()));
        // A title that falls back to the message is in the message's language.
        let title_locale = match (own_title, own_message, entry.title.as_deref()) {
            (true, _, _) => locale,
            (false, true, None | Some("")) => locale,
            _ => 0,
        };
        let title_text = pick(
            translation.and_then(|t| t.title.as_ref()),
            entry.title.as_ref(),
        );
        let message_text = pick(
            translation.and_then(|t| t.message.as_ref()),
            entry.message.as_ref(),
        );
        let title = parse(title_text.or(message_text).unwrap_or_default())?;
        let message = parse(message_text.or(title_text).unwrap_or_default())?;
        let suggestion = pick(
            translation.and_then(|t| t.suggestion.as_ref()),
            entry.suggestion.as_ref(),
        )
        .map(str::to_owned);
        Ok(EntryText {
            locale,
            // A translation without a message of its own sends the source's,
            // or, where neither has one, its title, in the title's language.
            message_locale: match (own_message, message_text) {
                (true, _) => locale,
                (false, Some(_)) => 0,
                (false, None) => title_locale,
            },
            title_locale,
            escaped_title: title.as_static().map(escape),
            escaped_message: message.as_static().map(escape),
            escaped_suggestion: suggestion.as_deref().map(escape),
            message_language: None,
            title,
            message,
            suggestion,
        })
    }
}

/// An entry's fixed text as JSON string literals, escaped when the catalog is
/// compiled so rendering copies them instead of escaping them per response.
#[derive(Debug)]
pub(crate) struct Escaped {
    /// The wire code as JSON: a number, or escaped text.
    pub(crate) code: Box<RawValue>,
    /// The docs URL, or `about:blank` (RFC 9457's `type` default).
    pub(crate) docs_url_or_blank: Box<RawValue>,
    /// The members of the entry's `meta` object as JSON, without braces
    /// (`"resource":"contact"`), when it is an object with no `field_code`
    /// (the one member `jsonapi` may replace per field).
    pub(crate) meta_members: Option<Box<str>>,
    /// The members of the `google` details the entry fixes, made on its
    /// first `google` body (a catalog sent in other profiles never pays).
    pub(crate) google: std::sync::OnceLock<crate::profile::google::FixedDetails>,
}

impl Escaped {
    fn new(code: &errcat_catalog::Code, docs_url: Option<&str>, entry: &Entry) -> Self {
        Escaped {
            code: serde_json::value::to_raw_value(code).expect("codes serialize to JSON"),
            docs_url_or_blank: escape(docs_url.unwrap_or("about:blank")),
            google: std::sync::OnceLock::new(),
            meta_members: match &entry.meta {
                Some(serde_json::Value::Object(meta)) if !meta.contains_key("field_code") => {
                    let json = serde_json::to_string(meta).expect("JSON values serialize");
                    Some(json[1..json.len() - 1].into())
                }
                _ => None,
            },
        }
    }
}

fn escape(text: &str) -> Box<RawValue> {
    let json = serde_json::to_string(text).expect("strings serialize to JSON");
    RawValue::from_string(json).expect("a serialized string is valid JSON")
}

impl CompiledEntry {
    /// The entry id.
    pub fn id(&self) -> &str {
        &self.entry.id
    }

    /// The entry's text in locale `index` of [`CompiledEntry::locales`]:
    /// its translation there, else its own text.
    pub fn text_in(&self, index: usize) -> &EntryText {
        if index == 0 {
            return &self.text;
        }
        match self
            .translations
            .binary_search_by_key(&index, |text| text.locale)
        {
            Ok(at) => &self.translations[at],
            Err(_) => &self.text,
        }
    }

    /// Where [`CompiledEntry::text_in`] finds locale `index`'s text: `0`
    /// for the entry's own, `k` for `translations[k - 1]`.
    pub(crate) fn text_slot(&self, index: usize) -> u16 {
        self.spoken_text_slot(index).unwrap_or(0)
    }

    /// The [`CompiledEntry::text_slot`] of the text `tag` chooses, as a
    /// request negotiates it ([`CompiledEntry::locale_among`]).
    #[cold]
    pub(crate) fn text_slot_for(&self, tag: &str) -> u16 {
        self.locales
            .find(tag)
            .and_then(|index| self.spoken_text_slot(index))
            .unwrap_or_else(|| self.text_slot(self.locale_among(&[tag])))
    }

    /// [`CompiledEntry::text_slot`] of a locale the entry speaks, `None`
    /// for one it does not: whether it speaks it and where its text is, in
    /// one search.
    pub(crate) fn spoken_text_slot(&self, index: usize) -> Option<u16> {
        if index == 0 {
            return Some(0);
        }
        let at = self
            .translations
            .binary_search_by_key(&index, |text| text.locale)
            .ok()?;
        u16::try_from(at + 1).ok()
    }

    /// Whether the entry is translated into locale `index`.
    pub fn has_text_in(&self, index: usize) -> bool {
        self.translations
            .binary_search_by_key(&index, |text| text.locale)
            .is_ok()
    }

    /// Whether the catalog speaks more than one language: responses then
    /// say which one they are in (`Content-Language`).
    pub fn is_multilingual(&self) -> bool {
        self.multilingual
    }

    /// The locale an `Accept-Language` value asks for among the catalog's,
    /// by RFC 4647 lookup; the catalog's own (`0`) when none matches.
    pub fn negotiate(&self, accept_language: &str) -> usize {
        if !self.is_multilingual() {
            return 0;
        }
        self.locale_among(&crate::locale::language_ranges(accept_language))
    }

    /// The first of `ranges` (each shortened by RFC 4647 lookup) that names a
    /// language this entry has text in; the catalog's own (`0`) when none
    /// does. Only the entry's languages count: a language the catalog speaks
    /// but this entry lacks lets a shorter tag, or a later range, choose
    /// (`fr-CA` gives `fr`'s text to an entry `fr-CA` leaves out).
    pub(crate) fn locale_among(&self, ranges: &[&str]) -> usize {
        crate::locale::lookup_with(ranges, |tag| {
            self.locales.find(tag).filter(|&index| self.speaks(index))
        })
        .unwrap_or(0)
    }

    /// Whether the entry has text in locale `index`: the catalog's own, or
    /// a translation of it.
    pub(crate) fn speaks(&self, index: usize) -> bool {
        index == 0 || self.has_text_in(index)
    }

    /// Whether clients may retry, and after how long.
    pub fn retry(&self) -> Option<&Retry> {
        self.entry.retry.as_ref()
    }

    /// Whether a client may retry at all.
    pub fn retryable(&self) -> bool {
        self.entry.retryable_at(Some(self.status.as_u16()))
    }

    /// Fixed seconds for `Retry-After`, when the entry names them.
    pub fn fixed_retry_after(&self) -> Option<u64> {
        match &self.entry.retry {
            Some(Retry::After {
                after: RetryAfter::Seconds(seconds),
            }) => Some(*seconds),
            _ => None,
        }
    }

    /// The param holding `Retry-After` seconds, when the entry names one.
    pub fn retry_after_param(&self) -> Option<&str> {
        match &self.entry.retry {
            Some(Retry::After {
                after: RetryAfter::Param(name),
            }) => Some(name),
            _ => None,
        }
    }

    /// Whether retrying is explicitly pointless.
    pub fn never_retry(&self) -> bool {
        matches!(self.entry.retry, Some(Retry::Policy(RetryPolicy::Never)))
    }
}

/// Catalog entries named by type: the generated module's
/// `entries::ContactNotFound`, or a tuple of them, for APIs that take
/// errors by type (utoipa's `responses(...)`, through `errcat::utoipa::Errors`).
pub trait ErrorSet {
    /// Adds each entry, with the catalog it belongs to, to `into`.
    fn collect(into: &mut Vec<(&'static CompiledCatalog, &'static str)>);
}

macro_rules! error_set_tuples {
    ($($name:ident),+) => {
        impl<$($name: ErrorSet),+> ErrorSet for ($($name,)+) {
            fn collect(into: &mut Vec<(&'static CompiledCatalog, &'static str)>) {
                $($name::collect(into);)+
            }
        }
    };
}

error_set_tuples!(A);
error_set_tuples!(A, B);
error_set_tuples!(A, B, C);
error_set_tuples!(A, B, C, D);
error_set_tuples!(A, B, C, D, E);
error_set_tuples!(A, B, C, D, E, F);
error_set_tuples!(A, B, C, D, E, F, G);
error_set_tuples!(A, B, C, D, E, F, G, H);

/// A catalog compiled for rendering, entries looked up by id.
///
/// Cloning is one reference count (like axum's `Router`): services, the mock
/// and the portal hand copies around freely.
#[derive(Debug, Clone)]
pub struct CompiledCatalog {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    entries: Vec<Arc<CompiledEntry>>,
    by_id: HashMap<String, usize>,
    /// Each group's place in the catalog's `groups`, by id.
    groups_by_id: HashMap<String, usize>,
    profile: Profile,
    name: Arc<str>,
    catalog: Catalog,
}

/// Why a compiled catalog could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CompileError {
    /// The catalog names a profile it cannot use.
    #[error(transparent)]
    Profile(#[from] crate::profile::ProfileError),
    /// A template did not parse (a checked catalog never has one).
    #[error("entry `{id}` has an invalid template: {error}")]
    Template {
        /// The entry.
        id: String,
        /// The problem.
        error: errcat_catalog::TemplateError,
    },
}

impl CompiledCatalog {
    /// Compiles a checked catalog: the only way to one from outside this crate.
    pub fn new(checked: &Checked) -> Result<Self, CompileError> {
        Self::compile_unchecked(checked.catalog())
    }

    /// Compiles a catalog the check has not passed yet: for the checks
    /// themselves, and for catalogs this crate ships (checked by its tests).
    pub(crate) fn compile_unchecked(catalog: &Catalog) -> Result<Self, CompileError> {
        let profile = Profile::resolve(catalog.profile_name(), catalog)?;
        let name: Arc<str> = catalog.catalog.name.as_str().into();
        let domain = domain_of(catalog);
        let locale = locale_of(catalog);
        let locales = locales_of(catalog);
        let mut entries = Vec::with_capacity(catalog.entries.len());
        let mut by_id = HashMap::with_capacity(catalog.entries.len());
        // A retired entry is no longer sent: it keeps its page, not a place here.
        for entry in catalog.entries.iter().filter(|entry| !entry.is_retired()) {
            let compiled = compile_entry(catalog, entry, &name, &domain, &locale, &locales)?;
            by_id.entry(entry.id.clone()).or_insert(entries.len());
            entries.push(Arc::new(compiled));
        }
        let mut groups_by_id = HashMap::with_capacity(catalog.groups.len());
        for (index, group) in catalog.groups.iter().enumerate() {
            groups_by_id.entry(group.id.clone()).or_insert(index);
        }
        Ok(CompiledCatalog {
            inner: Arc::new(Inner {
                entries,
                by_id,
                groups_by_id,
                profile,
                name,
                catalog: catalog.clone(),
            }),
        })
    }

    /// An error for entry `id`, ready to take arguments.
    pub fn error(&self, id: &str) -> Option<ApiError> {
        self.entry(id).map(|entry| ApiError::new(entry.clone()))
    }

    /// The group with id `id`, found at once (`Catalog::group` searches).
    pub fn group(&self, id: &str) -> Option<&errcat_catalog::Group> {
        self.inner.catalog.groups.get(self.group_index(id)?)
    }

    /// Where the group with id `id` stands in the catalog's `groups` (the
    /// first, where ids repeat), found at once.
    pub fn group_index(&self, id: &str) -> Option<usize> {
        self.inner.groups_by_id.get(id).copied()
    }

    /// The compiled entry with id `id`.
    pub fn entry(&self, id: &str) -> Option<&Arc<CompiledEntry>> {
        self.inner
            .by_id
            .get(id)
            .map(|&index| &self.inner.entries[index])
    }

    /// The entry at `index` in catalog order: how generated constructors reach
    /// their entry without a lookup by id.
    pub fn entry_at(&self, index: usize) -> Option<&Arc<CompiledEntry>> {
        self.inner.entries.get(index)
    }

    /// Every entry, in catalog order.
    pub fn entries(&self) -> &[Arc<CompiledEntry>] {
        &self.inner.entries
    }

    /// Whether any entry speaks more than one language, so a service
    /// negotiates `Accept-Language` for it.
    pub fn is_multilingual(&self) -> bool {
        self.inner
            .entries
            .iter()
            .any(|entry| entry.is_multilingual())
    }

    /// The locales the catalog speaks, its own first.
    pub fn locales(&self) -> impl Iterator<Item = &str> {
        self.inner.catalog.locales()
    }

    /// The catalog's default profile.
    pub fn profile(&self) -> Profile {
        self.inner.profile
    }

    /// The profile `name` means for this catalog: a built-in one or one of
    /// its house profiles; an unknown name is an error, never a default.
    pub fn profile_named(&self, name: &str) -> Result<Profile, crate::profile::ProfileError> {
        Profile::resolve(name, &self.inner.catalog)
    }

    /// The catalog's name.
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The catalog as written.
    pub fn catalog(&self) -> &Catalog {
        &self.inner.catalog
    }

    /// This catalog with `overrides`' entries added, replacing entries of the same id.
    ///
    /// When this catalog declares no domain, its entries take `overrides`'
    /// domain and locale: the framework errors a service sends are its own.
    pub fn merged_with(&self, overrides: &CompiledCatalog) -> CompiledCatalog {
        let domain = domain_of(overrides.catalog());
        // A catalog that declares no domain of its own (its name stands in)
        // takes the service's.
        let inherits = self.inner.catalog.error_domain().is_none() && domain.is_some();
        let mut entries: Vec<Arc<CompiledEntry>> = self
            .inner
            .entries
            .iter()
            .map(|entry| {
                if !inherits {
                    return entry.clone();
                }
                compile_entry(
                    &self.inner.catalog,
                    &entry.entry,
                    &self.inner.name,
                    &domain,
                    &locale_of(overrides.catalog()),
                    &entry.locales,
                )
                .map_or_else(|_| entry.clone(), Arc::new)
            })
            .collect();
        let mut by_id = self.inner.by_id.clone();
        for entry in &overrides.inner.entries {
            match by_id.get(entry.id()) {
                Some(&index) => entries[index] = entry.clone(),
                None => {
                    by_id.insert(entry.id().to_owned(), entries.len());
                    entries.push(entry.clone());
                }
            }
        }
        CompiledCatalog {
            inner: Arc::new(Inner {
                entries,
                by_id,
                // The catalog (and so its groups) is this one's.
                groups_by_id: self.inner.groups_by_id.clone(),
                profile: self.inner.profile,
                name: self.inner.name.clone(),
                catalog: self.inner.catalog.clone(),
            }),
        }
    }
}

/// The catalog's `domain`, else the host of its docs URL pattern.
pub(crate) fn domain_of(catalog: &Catalog) -> Option<Arc<str>> {
    catalog.sent_error_domain().map(Into::into)
}

fn locale_of(catalog: &Catalog) -> Arc<str> {
    catalog.source_locale().into()
}

/// The catalog's locales, its own first; a tag that is not BCP 47 (which
/// the check refuses) is left out, and so is any past the 65,535th (an
/// error's chosen locale is kept in 16 bits).
fn locales_of(catalog: &Catalog) -> Arc<Locales> {
    let source = catalog.source_locale();
    let list = catalog
        .locales()
        .filter(|tag| *tag == source || errcat_catalog::plural::parse_locale(tag).is_ok())
        .take(usize::from(u16::MAX))
        .map(Locale::new)
        .collect();
    Arc::new(Locales::new(list))
}

fn compile_entry(
    catalog: &Catalog,
    entry: &Entry,
    name: &Arc<str>,
    domain: &Option<Arc<str>>,
    locale: &Arc<str>,
    locales: &Arc<Locales>,
) -> Result<CompiledEntry, CompileError> {
    let mut text = EntryText::new(entry, None, 0)?;
    let mut translations = Vec::new();
    if locales.len() > 1 {
        for (locale, by_id) in &catalog.translations {
            let (Some(index), Some(translation)) = (locales.find(locale), by_id.get(&entry.id))
            else {
                continue;
            };
            if index > 0 {
                translations.push(EntryText::new(entry, Some(translation), index)?);
            }
        }
        translations.sort_by_key(|text| text.locale);
        translations.dedup_by_key(|text| text.locale);
    }
    let message_len = entry.text().len();
    let status_code = catalog.status_of(entry);
    let code = entry.wire_code();
    // The `docs-url-scheme` lint rejects anything else; this keeps a body's
    // `type` a safe link whatever the catalog says.
    let docs_url = catalog
        .docs_url_of(entry)
        .filter(|url| errcat_catalog::is_safe_link(url));
    let status = status_code
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let grpc_code = GrpcCode::of(entry, status);
    let reason = crate::profile::google_reason(&code, &entry.id).into_boxed_str();
    let escaped = Escaped::new(&code, docs_url.as_deref(), entry);
    for text in std::iter::once(&mut text).chain(translations.iter_mut()) {
        text.message_language = locales[text.message_locale].header;
    }
    let spoken = SpokenTags::new(
        std::iter::once((&*locales[0].tag, 0)).chain(
            translations
                .iter()
                .zip(1..=u16::MAX)
                .map(|(text, slot)| (&*locales[text.locale].tag, slot)),
        ),
    );
    Ok(CompiledEntry {
        spoken,
        multilingual: locales.len() > 1,
        code,
        status,
        has_status: status_code.is_some(),
        text,
        translations: translations.into_boxed_slice(),
        locales: locales.clone(),
        message_len_hint: message_len + 32,
        params: entry
            .params
            .iter()
            .map(|(name, param): (&String, &Param)| (name.clone(), param.kind()))
            .collect(),
        docs_url,
        domain: domain.clone(),
        locale: locale.clone(),
        catalog: name.clone(),
        entry: entry.clone(),
        escaped,
        grpc_code,
        reason,
        #[cfg(feature = "metrics")]
        metric_keys: crate::telemetry::KeyCell::new(),
        #[cfg(feature = "opentelemetry")]
        span_attributes: crate::telemetry::SpanAttributeCell::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::packed_tag;
    use proptest::prelude::*;

    proptest! {
        /// Two tags pack alike only when they are the same, whatever their
        /// bytes (a zero byte, a byte equal to a length) and lengths.
        #[test]
        fn tags_pack_alike_only_when_they_are_the_same(
            a in proptest::collection::vec(0_u8..8, 0..10),
            b in proptest::collection::vec(0_u8..8, 0..10),
        ) {
            // Few distinct bytes, among them zero and every length: tags
            // that differ only in a way the packing could lose are common.
            let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("ASCII");
            let (a, b) = (text(a), text(b));
            let (packed_a, packed_b) = (packed_tag(&a), packed_tag(&b));
            prop_assert_eq!(packed_a.is_some(), (1..8).contains(&a.len()));
            if packed_a.is_some() && packed_b.is_some() {
                prop_assert_eq!(packed_a == packed_b, a == b);
            }
        }
    }

    #[test]
    fn a_tag_and_itself_with_a_zero_byte_pack_apart() {
        for (a, b) in [("ru", "ru\0"), ("\u{2}", "\0\u{2}"), ("a", "a\0\0\0\0\0")] {
            assert_ne!(packed_tag(a), packed_tag(b), "{a:?} against {b:?}");
        }
    }
}
