//! `ApiError`: one occurrence of a catalog error, with its arguments.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use errcat_catalog::Code;
use errcat_catalog::template::Arguments;
use http::StatusCode;

use crate::args::ArgValue;
use crate::compiled::CompiledEntry;
use crate::request_id::RequestId;

/// One field of a validation failure, as an error carries it.
///
/// Text is borrowed when it is `'static` (the usual case for messages and
/// codes), so building an error does not copy it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// The field: a name or a JSON pointer.
    pub field: Cow<'static, str>,
    /// What is wrong with it.
    pub message: Cow<'static, str>,
    /// A machine-readable reason (`invalid_string`, `required`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Cow<'static, str>>,
}

impl From<errcat_catalog::FieldError> for FieldError {
    fn from(field: errcat_catalog::FieldError) -> Self {
        FieldError {
            field: field.field.into(),
            message: field.message.into(),
            code: field.code.map(Into::into),
        }
    }
}

/// An error a service returns: a compiled catalog entry plus what this
/// occurrence adds (arguments, field errors, details, a request ID).
///
/// The internal `source` is for logs only: no profile ever serializes it.
pub struct ApiError {
    pub(crate) entry: EntryRef,
    pub(crate) args: Vec<(Cow<'static, str>, ArgValue)>,
    pub(crate) fields: Vec<FieldError>,
    // Rarely set, so kept behind one allocation made on first use: an
    // `ApiError` stays small enough to return by value in `Result`s.
    pub(crate) extras: Option<Box<Extras>>,
    pub(crate) request_id: Option<RequestId>,
    /// The text chosen for the error's language, found once when the
    /// language is set: `None` until then (the catalog's own), `Some(0)` the
    /// catalog's own, `Some(k)` the entry's translation `k - 1`.
    pub(crate) text_at: Option<u16>,
}

/// The compiled entry an error is an occurrence of.
#[derive(Clone)]
pub(crate) enum EntryRef {
    /// Of a catalog that lives as long as the program (a generated
    /// constructor's `static`): no reference to count as errors come and go.
    Static(&'static CompiledEntry),
    /// Of a catalog that may be dropped.
    Shared(Arc<CompiledEntry>),
}

impl std::ops::Deref for EntryRef {
    type Target = CompiledEntry;

    #[inline]
    fn deref(&self) -> &CompiledEntry {
        match self {
            EntryRef::Static(entry) => entry,
            EntryRef::Shared(entry) => entry,
        }
    }
}

/// The parts of an error few occurrences have.
#[derive(Default)]
pub(crate) struct Extras {
    pub(crate) details: Option<serde_json::Value>,
    pub(crate) source: Option<Box<dyn std::error::Error + Send + Sync>>,
    pub(crate) suggestion: Option<String>,
    pub(crate) operation: Option<String>,
    /// Where each argument is in `args`, once there are more than
    /// [`ARG_SCAN_LIMIT`]: setting and reading many arguments stays linear.
    pub(crate) arg_index: Option<HashMap<Cow<'static, str>, usize>>,
}

/// Up to this many arguments, a name is found by scanning them: faster than
/// hashing for the few arguments a message has.
const ARG_SCAN_LIMIT: usize = 8;

/// Whether two names are the same, compared in place: names are a few bytes,
/// shorter than the call `==` makes to the C library's `memcmp`. Up to eight
/// bytes, two loads that overlap cover the whole name (its first and last
/// four bytes), so a name costs a few instructions, not a loop; a longer one
/// is compared eight bytes at a time. Always inline: a scan that called it
/// per name paid more for the calls than for the compares.
#[inline(always)]
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let len = a.len();
    if len != b.len() {
        return false;
    }
    let word = |bytes: &[u8], at: usize| {
        u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
    };
    let long_word = |bytes: &[u8], at: usize| {
        u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"))
    };
    match len {
        0 => true,
        // The first, middle and last bytes are every byte of these.
        1..=3 => a[0] == b[0] && a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1],
        4..=8 => word(a, 0) == word(b, 0) && word(a, len - 4) == word(b, len - 4),
        // Eight bytes at a time, then the last eight: no call, so a loop
        // that compares names keeps its values in registers.
        _ => {
            let mut words = a.chunks_exact(8).zip(b.chunks_exact(8));
            words.all(|(a, b)| long_word(a, 0) == long_word(b, 0))
                && long_word(a, len - 8) == long_word(b, len - 8)
        }
    }
}

/// Whether `args` has one named `name`: out of line, as it is a loop, so
/// that setting an argument inline stays small.
#[inline(never)]
fn has_arg(args: &[(Cow<'static, str>, ArgValue)], name: &str) -> bool {
    args.iter().any(|(existing, _)| same_name(existing, name))
}

impl ApiError {
    /// A copy of this error for another response: everything but the
    /// internal source, which is not `Clone` and belongs to one occurrence.
    #[cfg(any(feature = "axum", feature = "actix", feature = "tonic"))]
    pub(crate) fn duplicate(&self) -> ApiError {
        ApiError {
            entry: self.entry.clone(),
            args: self.args.clone(),
            fields: self.fields.clone(),
            extras: self.extras.as_ref().map(|extras| {
                Box::new(Extras {
                    details: extras.details.clone(),
                    source: None,
                    suggestion: extras.suggestion.clone(),
                    operation: extras.operation.clone(),
                    arg_index: extras.arg_index.clone(),
                })
            }),
            request_id: self.request_id.clone(),
            text_at: self.text_at,
        }
    }

    /// Removes the arguments whose name `remove` picks.
    #[cfg(feature = "axum")]
    pub(crate) fn remove_args(&mut self, remove: impl Fn(&str) -> bool) {
        self.args.retain(|(name, _)| !remove(name));
        // Positions changed: the index, if any, is made again when needed.
        if let Some(extras) = &mut self.extras {
            extras.arg_index = None;
        }
    }

    /// An occurrence of `entry` with no arguments yet.
    pub fn new(entry: Arc<CompiledEntry>) -> Self {
        ApiError::of(EntryRef::Shared(entry))
    }

    /// An occurrence of an entry of a catalog that lives as long as the
    /// program, such as one in a `static` (as generated constructors keep
    /// theirs): the error holds the entry without counting references, so
    /// making and dropping it touches no shared counter.
    ///
    /// ```
    /// use std::sync::LazyLock;
    /// use errcat_runtime::{ApiError, CompiledCatalog, CompiledEntry};
    ///
    /// static CATALOG: LazyLock<CompiledCatalog> = LazyLock::new(|| {
    ///     errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new(
    ///         "errors.toml",
    ///         "[catalog]\nname = \"Shop\"\n\n[[errors]]\nid = \"out_of_stock\"\nstatus = 409\nmessage = \"Out of stock\"\n",
    ///     ))
    ///     .expect("a valid catalog")
    /// });
    ///
    /// let entry: &'static CompiledEntry = CATALOG.entry("out_of_stock").unwrap();
    /// let error = ApiError::from_static(entry);
    /// assert_eq!(error.status(), 409);
    /// ```
    pub fn from_static(entry: &'static CompiledEntry) -> Self {
        ApiError::of(EntryRef::Static(entry))
    }

    fn of(entry: EntryRef) -> Self {
        ApiError {
            args: Vec::with_capacity(entry.params.len()),
            entry,
            fields: Vec::new(),
            extras: None,
            request_id: None,
            text_at: None,
        }
    }

    /// Renders the error's text in `locale` (a tag such as `fr` or `fr-CA`),
    /// chosen as a layer negotiates it (RFC 4647 lookup among the languages
    /// the entry is translated into): an entry `fr-CA` leaves out takes
    /// `fr`'s text, and one no such language translates keeps the catalog's
    /// own. A locale set here wins over the one a layer negotiates.
    #[inline]
    pub fn in_locale(mut self, locale: &str) -> Self {
        self.set_locale(locale);
        self
    }

    /// Sets the locale in place; see [`ApiError::in_locale`].
    // Inline, as `set_arg` is, so that `in_locale` does not copy the
    // error just written into.
    #[inline]
    pub fn set_locale(&mut self, locale: &str) {
        // A short tag the entry speaks, as written, the usual case, is
        // found at once; any other is chosen as a request negotiates it.
        let entry: &CompiledEntry = &self.entry;
        let slot = match entry.spoken.slot_of(locale) {
            Some(slot) => slot,
            None => entry.text_slot_for(locale),
        };
        self.text_at = Some(slot);
    }

    /// Chooses the locale from an `Accept-Language` value, unless one was set.
    pub fn negotiate_locale(&mut self, accept_language: &str) {
        if self.text_at.is_none() && self.entry.is_multilingual() {
            self.text_at = Some(self.entry.text_slot(self.entry.negotiate(accept_language)));
        }
    }

    /// The text the error renders: its entry's in the chosen locale.
    pub fn text(&self) -> &crate::compiled::EntryText {
        match self.text_at {
            Some(slot @ 1..) => &self.entry.translations[usize::from(slot) - 1],
            _ => &self.entry.text,
        }
    }

    /// The language of the message the error sends (`fr`), which
    /// `Content-Language` and `LocalizedMessage` name: the chosen one where
    /// the entry's message is translated into it, else the catalog's own,
    /// and `en` where the body sends errcat's generic English sentence (an
    /// `internal` entry, or a 5xx whose message has runtime values).
    pub fn locale(&self) -> &str {
        match self.message_locale() {
            Some(index) => &self.entry.locales[index].tag,
            None => "en",
        }
    }

    /// The index of [`ApiError::locale`] among the entry's locales; `None`
    /// for the generic English sentence.
    pub(crate) fn message_locale(&self) -> Option<usize> {
        (!self.sends_generic_message()).then(|| self.text().message_locale)
    }

    /// Whether the body sends errcat's generic English sentence in place of
    /// the message: for an `internal` entry, or a 5xx whose message has
    /// runtime values.
    pub(crate) fn sends_generic_message(&self) -> bool {
        self.entry.entry.internal
            // The 5xx rule first: it is settled by the status, most often.
            || (crate::profile::redacted(self) && self.text().message.as_static().is_none())
    }

    /// The plural rules of the language `template` (this error's title or
    /// message) is written in: a translation may give one and not the other.
    pub(crate) fn plural_rules(
        &self,
        template: &errcat_catalog::Template,
    ) -> Option<&errcat_catalog::plural::PluralRules> {
        let text = self.text();
        let locale = if std::ptr::eq(template, &text.title) {
            text.title_locale
        } else if std::ptr::eq(template, &text.message) {
            text.message_locale
        } else {
            // The entry's own text, in the catalog's language.
            0
        };
        self.entry.locales[locale].plural_rules()
    }

    /// Sets a message argument.
    // Always inline, so that a chain of calls builds the error in place:
    // out of line, each call moved the whole error in and out (a hint was
    // not enough once setting an argument was inline too).
    #[inline(always)]
    pub fn arg(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<ArgValue>) -> Self {
        self.set_arg(name, value);
        self
    }

    /// Sets a message argument in place; setting a name again replaces its value.
    // Inline, with the scan out of line, and the value made after the scan,
    // just before the push: made before it, it was kept aside across the
    // call and copied once more, with wider loads than the writes that made
    // it, a stall (a failed store forwarding) per argument.
    #[inline(always)]
    pub fn set_arg(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<ArgValue>) {
        let name = name.into();
        if self.args.len() < ARG_SCAN_LIMIT && !has_arg(&self.args, &name) {
            self.args.push((name, value.into()));
        } else {
            self.set_arg_again_or_indexed(name, value.into());
        }
    }

    /// [`ApiError::set_arg`] for a name already set, or past
    /// [`ARG_SCAN_LIMIT`] arguments: rare, so kept out of line.
    #[cold]
    #[inline(never)]
    fn set_arg_again_or_indexed(&mut self, name: Cow<'static, str>, value: ArgValue) {
        if self.args.len() < ARG_SCAN_LIMIT {
            if let Some(slot) = self
                .args
                .iter_mut()
                .find(|(existing, _)| same_name(existing, &name))
            {
                slot.1 = value;
            }
            return;
        }
        self.set_indexed_arg(name, value);
    }

    /// [`ApiError::set_arg`] past [`ARG_SCAN_LIMIT`] arguments: by an
    /// index of the names, so that setting many stays linear.
    fn set_indexed_arg(&mut self, name: Cow<'static, str>, value: ArgValue) {
        let args = &self.args;
        let index = self
            .extras
            .get_or_insert_with(Box::default)
            .arg_index
            .get_or_insert_with(|| {
                args.iter()
                    .enumerate()
                    .map(|(at, (name, _))| (name.clone(), at))
                    .collect()
            });
        match index.get(&name) {
            Some(&at) => self.args[at].1 = value,
            None => {
                index.insert(name.clone(), self.args.len());
                self.args.push((name, value));
            }
        }
    }

    /// Adds a field error.
    #[inline]
    pub fn field(
        mut self,
        field: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
        code: Option<&'static str>,
    ) -> Self {
        self.fields.push(FieldError {
            field: field.into(),
            message: message.into(),
            code: code.map(Cow::Borrowed),
        });
        self
    }

    /// Adds field errors (from a catalog example, or a validation adapter).
    pub fn fields<F: Into<FieldError>>(mut self, fields: impl IntoIterator<Item = F>) -> Self {
        self.fields.extend(fields.into_iter().map(Into::into));
        self
    }

    /// Sets structured details sent with the error.
    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.extras_mut().details = Some(details);
        self
    }

    /// Sets the internal cause: logged, never sent.
    pub fn source(mut self, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        self.extras_mut().source = Some(source.into());
        self
    }

    /// Sets the request ID.
    #[inline]
    pub fn with_request_id(mut self, request_id: RequestId) -> Self {
        self.request_id = Some(request_id);
        self
    }

    /// Replaces the entry's suggestion for this occurrence.
    pub fn suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.extras_mut().suggestion = Some(suggestion.into());
        self
    }

    /// Names the GraphQL operation that failed (the `plain` profile's `data.<operation>`).
    pub fn operation(mut self, operation: impl Into<String>) -> Self {
        self.extras_mut().operation = Some(operation.into());
        self
    }

    fn extras_mut(&mut self) -> &mut Extras {
        self.extras.get_or_insert_with(Box::default)
    }

    /// The entry id.
    pub fn id(&self) -> &str {
        self.entry.id()
    }

    /// The wire code.
    pub fn code(&self) -> &Code {
        &self.entry.code
    }

    /// The wire code as JSON (a number, or escaped text), as the catalog
    /// writes it.
    pub(crate) fn code_json(&self) -> &serde_json::value::RawValue {
        &self.entry.escaped.code
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.entry.status
    }

    /// The rendered message, with arguments filled in.
    pub fn message(&self) -> String {
        let mut out = String::with_capacity(self.entry.message_len_hint);
        self.write_message(&mut out);
        out
    }

    /// The rendered title, with arguments filled in.
    pub fn title(&self) -> String {
        let mut out = String::new();
        self.write_title(&mut out);
        out
    }

    /// Whether this is the server's own failure: an `internal` entry, or one
    /// that declares a 5xx status. A status the catalog does not give (the
    /// 500 fallback) is no such claim. Such bodies carry no runtime values,
    /// and the axum layer logs them as failures rather than rejections.
    pub fn is_server_failure(&self) -> bool {
        self.entry.entry.internal || (self.entry.has_status && self.status().is_server_error())
    }

    /// The compiled entry.
    pub fn entry(&self) -> &CompiledEntry {
        &self.entry
    }

    /// The arguments, in the order they were set.
    pub fn args(&self) -> impl Iterator<Item = (&str, &ArgValue)> {
        self.args.iter().map(|(name, value)| (name.as_ref(), value))
    }

    /// An argument by name.
    pub fn arg_value(&self, name: &str) -> Option<&ArgValue> {
        if let Some(index) = self.extras.as_ref().and_then(|e| e.arg_index.as_ref()) {
            return self.indexed_arg(index, name);
        }
        self.args
            .iter()
            .find(|(n, _)| same_name(n, name))
            .map(|(_, v)| v)
    }

    /// [`ApiError::arg_value`] past [`ARG_SCAN_LIMIT`] arguments, kept out
    /// of line, as [`ApiError::set_indexed_arg`] is.
    #[cold]
    #[inline(never)]
    fn indexed_arg(
        &self,
        index: &HashMap<Cow<'static, str>, usize>,
        name: &str,
    ) -> Option<&ArgValue> {
        index.get(name).map(|&at| &self.args[at].1)
    }

    /// The field errors.
    pub fn field_errors(&self) -> &[FieldError] {
        &self.fields
    }

    /// The details.
    pub fn details_value(&self) -> Option<&serde_json::Value> {
        self.extras.as_ref()?.details.as_ref()
    }

    /// The request ID, once one is set.
    pub fn request_id(&self) -> Option<&RequestId> {
        self.request_id.as_ref()
    }

    /// The internal cause, for logs.
    pub fn internal_source(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.extras.as_ref()?.source.as_deref()
    }

    /// The suggestion for this occurrence.
    pub fn suggestion_text(&self) -> Option<&str> {
        self.extras
            .as_ref()
            .and_then(|extras| extras.suggestion.as_deref())
            .or(self.text().suggestion.as_deref())
    }

    /// The GraphQL operation name, if set.
    pub fn operation_name(&self) -> Option<&str> {
        self.extras.as_ref()?.operation.as_deref()
    }

    /// Writes the message with arguments filled in.
    pub fn write_message(&self, out: &mut String) {
        let message = &self.text().message;
        let _ = message.render_in(out, self, self.plural_rules(message));
    }

    /// The message in the catalog's own language, with arguments filled in,
    /// whatever language was chosen: AIP-193's developer-facing `message`
    /// (the `google` profile, gRPC), beside the chosen language's text in
    /// `LocalizedMessage`. As [`ApiError::message`], it applies no 5xx rule:
    /// the profiles and [`crate::details::Details`] do.
    pub fn source_message(&self) -> String {
        let message = &self.entry.text.message;
        let mut out = String::with_capacity(self.entry.message_len_hint);
        let _ = message.render_in(&mut out, self, self.plural_rules(message));
        out
    }

    /// Whether the message in the chosen language is the entry's own, the
    /// same template (no language chosen, or one whose translation has no
    /// message), or the generic sentence of an `internal` entry: sent as
    /// AIP-193's `message` and as `LocalizedMessage`, it is then one text.
    pub(crate) fn message_is_in_source_language(&self) -> bool {
        self.entry.entry.internal || self.text().message_locale == 0
    }

    /// Writes the title with arguments filled in.
    pub fn write_title(&self, out: &mut String) {
        let title = &self.text().title;
        let _ = title.render_in(out, self, self.plural_rules(title));
    }

    /// Seconds for `Retry-After`, from the entry's fixed delay or its delay param.
    pub fn retry_after_seconds(&self) -> Option<u64> {
        if let Some(seconds) = self.entry.fixed_retry_after() {
            return Some(seconds);
        }
        match self.arg_value(self.entry.retry_after_param()?)? {
            ArgValue::Int(seconds) => u64::try_from(*seconds).ok(),
            ArgValue::Float(seconds) if *seconds >= 0.0 => Some(seconds.ceil() as u64),
            ArgValue::Str(text) => text.parse().ok(),
            _ => None,
        }
    }
}

impl Arguments for ApiError {
    fn write_arg(&self, name: &str, out: &mut dyn fmt::Write) -> Result<bool, fmt::Error> {
        match self.arg_value(name) {
            Some(value) => value.write_to(out).map(|()| true),
            None => Ok(false),
        }
    }

    fn arg_str(&self, name: &str) -> Option<&str> {
        match self.arg_value(name)? {
            ArgValue::Str(text) => Some(text),
            _ => None,
        }
    }

    fn arg_int(&self, name: &str) -> Option<i64> {
        match self.arg_value(name)? {
            ArgValue::Int(number) => Some(*number),
            _ => None,
        }
    }

    fn arg_operands(&self, name: &str) -> Option<errcat_catalog::plural::PluralOperands> {
        match self.arg_value(name)? {
            ArgValue::Int(number) => Some((*number).into()),
            ArgValue::Str(text) => errcat_catalog::plural::operands(text),
            ArgValue::Float(number) => errcat_catalog::plural::operands(&number.to_string()),
            ArgValue::Bool(_) | ArgValue::List(_) => None,
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("id", &self.id())
            .field("code", &self.code())
            .field("status", &self.status().as_u16())
            .field("args", &self.args)
            .field("fields", &self.fields)
            .field("request_id", &self.request_id)
            .field("source", &self.internal_source().map(|s| s.to_string()))
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.id(), self.code(), self.message())
    }
}

impl std::error::Error for ApiError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.internal_source()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::same_name;

    /// Every length up to past the word loads, each byte changed in turn:
    /// the overlapping loads must see a difference anywhere.
    #[test]
    fn same_name_agrees_with_equality_at_every_length_and_byte() {
        for len in 0..40 {
            let name: String = (0..len)
                .map(|at| char::from(b'a' + (at % 26) as u8))
                .collect();
            assert!(same_name(&name, &name.clone()), "{name}");
            assert!(!same_name(&name, &format!("{name}x")), "{name}");
            for at in 0..len {
                let mut other = name.clone().into_bytes();
                other[at] = b'_';
                let other = String::from_utf8(other).unwrap();
                assert!(!same_name(&name, &other), "{name} against {other}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn same_name_is_equality(a in "[ab]{0,20}", b in "[ab]{0,20}") {
            proptest::prop_assert_eq!(same_name(&a, &b), a == b);
        }
    }
}
