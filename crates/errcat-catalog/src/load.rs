//! Reading a catalog: TOML text to [`Catalog`], with the source spans lints need.
//!
//! Parsing never stops at the first problem: every syntax error, unknown key and
//! wrong type is collected, and each table that can be read is kept, so one
//! run of `errcat check` shows everything that is wrong.

use std::ops::Range;
use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::model::{Catalog, CatalogMeta, Entry, Group, HouseProfile, Translation};

/// Largest catalog file read, in bytes; a larger file is refused with a clear error.
pub const MAX_CATALOG_BYTES: u64 = 64 * 1024 * 1024;

/// Where the parts of a catalog stand in its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans {
    /// The `[catalog]` table's keys, by name.
    pub catalog: IndexMap<String, Range<usize>>,
    /// One per group kept in [`Catalog::groups`], same order.
    pub groups: Vec<TableSpans>,
    /// One per entry kept in [`Catalog::entries`], same order.
    pub entries: Vec<TableSpans>,
    /// Each house profile kept in [`Catalog::profiles`], by name.
    pub profiles: IndexMap<String, TableSpans>,
    /// Each locale of [`Catalog::translations`], by tag.
    pub translations: IndexMap<String, LocaleSpans>,
}

/// Where one locale's translations stand in the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocaleSpans {
    /// The locale's key (`fr` in `[translations.fr.x]`).
    pub key: Range<usize>,
    /// Each translation kept, by entry id: its id key, and its table.
    pub entries: IndexMap<String, (Range<usize>, TableSpans)>,
}

/// Where a table and its values stand in the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableSpans {
    /// The whole table.
    pub table: Range<usize>,
    /// Each top-level value, by key.
    pub values: IndexMap<String, Range<usize>>,
    /// Each key of the `params` table, by name.
    pub params: IndexMap<String, Range<usize>>,
    /// Each example table, in order.
    pub examples: Vec<Range<usize>>,
}

impl TableSpans {
    /// The span of the value under `key`, or of the whole table when it is absent.
    pub fn value_or_table(&self, key: &str) -> Range<usize> {
        self.values
            .get(key)
            .cloned()
            .unwrap_or_else(|| self.table.clone())
    }
}

/// A catalog read from source, with the problems found while reading it.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The source it was read from.
    pub source: SourceFile,
    /// Everything that could be read; tables with errors are left out.
    pub catalog: Catalog,
    /// Where each part stands in the source.
    pub spans: Spans,
    /// Syntax and shape problems, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// The tables left out for their errors, by the id each gives.
    pub unreadable: Unreadable,
}

/// The ids of tables left out of a [`Parsed`] catalog for their errors.
///
/// Their errors are reported where they are; what names them (a translation
/// of the entry, an entry in the group) is not reported again, and a count
/// of the catalog's entries includes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unreadable {
    /// `[[errors]]` tables, by `id`.
    pub entries: Vec<String>,
    /// `[[groups]]` tables, by `id`.
    pub groups: Vec<String>,
    /// `[translations.LOCALE.ID]` tables, by locale and entry id.
    pub translations: Vec<(String, String)>,
}

/// Why a catalog file could not be read at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read {path}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The path is a directory, not a catalog file.
    #[error("{path} is a directory; a catalog is a file{}", hint.as_deref().map(|file| format!(" (did you mean {file}?)")).unwrap_or_default())]
    Directory {
        /// The directory.
        path: String,
        /// The catalog `errcat init` writes in it, when there is one.
        hint: Option<String>,
    },
    /// The file is larger than [`MAX_CATALOG_BYTES`].
    #[error("{path} is larger than the {limit} bytes a catalog may have")]
    TooLarge {
        /// The file.
        path: String,
        /// Its size, or `limit + 1` when it has no size of its own (a device, a pipe).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is not UTF-8 text.
    #[error("{path} is not UTF-8 text (invalid byte at offset {offset}); catalogs are UTF-8 TOML")]
    NotUtf8 {
        /// The file.
        path: String,
        /// Where the first invalid byte is.
        offset: usize,
    },
}

/// Reads a catalog file's text, refusing huge or non-UTF-8 files with a clear error.
///
/// The size is checked while reading, never only from the file's metadata:
/// `/dev/zero`, a pipe or a file that grows has no size worth trusting.
pub fn read_source(path: &Path) -> Result<SourceFile, ReadError> {
    use std::io::Read as _;

    let name = path.display().to_string();
    let io = |source| ReadError::Io {
        path: name.clone(),
        source,
    };
    let too_large = |size| ReadError::TooLarge {
        path: name.clone(),
        size,
        limit: MAX_CATALOG_BYTES,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    if metadata.is_dir() {
        let inside = path.join("errors.toml");
        return Err(ReadError::Directory {
            path: name.clone(),
            hint: inside.is_file().then(|| inside.display().to_string()),
        });
    }
    let size = metadata.len();
    if size > MAX_CATALOG_BYTES {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or_default());
    file.take(MAX_CATALOG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_CATALOG_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|error| ReadError::NotUtf8 {
        path: name.clone(),
        offset: error.utf8_error().valid_up_to(),
    })?;
    Ok(SourceFile::new(name, text))
}

/// Files above this size report only their first syntax error.
const RECOVER_ALL_BELOW_BYTES: usize = 1024 * 1024;

/// Syntax errors reported before the rest are summarized in one line.
const MAX_SYNTAX_ERRORS: usize = 20;

const TOP_LEVEL_KEYS: [&str; 5] = ["catalog", "groups", "errors", "profiles", "translations"];

/// Parses catalog text. Never fails: problems are in [`Parsed::diagnostics`].
pub fn parse(source: SourceFile) -> Parsed {
    let mut diagnostics = Vec::new();
    let mut catalog = Catalog::default();
    let mut spans = Spans::default();
    let mut unreadable = Unreadable::default();
    let root = match DeTable::parse(&source.text) {
        Ok(root) => Some(root),
        Err(first) => {
            syntax_diagnostics(&source.text, first, &mut diagnostics);
            None
        }
    };
    if let Some(root) = root {
        // Fast path: a valid catalog deserializes in one pass; only a catalog
        // with problems is walked table by table to report all of them.
        let fast_spans = document_spans(root.get_ref());
        match Catalog::deserialize(toml::de::Deserializer::from(root)) {
            Ok(whole) => {
                catalog = whole;
                spans = fast_spans;
            }
            Err(_) => {
                let root = DeTable::parse(&source.text).expect("the text parsed a moment ago");
                read_root(
                    &source.text,
                    root.get_ref(),
                    &mut catalog,
                    &mut spans,
                    &mut unreadable,
                    &mut diagnostics,
                );
            }
        }
    }
    Parsed {
        source,
        catalog,
        spans,
        diagnostics,
        unreadable,
    }
}

/// Every syntax error of a small file; only the first of a large one, where
/// collecting them all costs more than it tells.
fn syntax_diagnostics(text: &str, first: toml::de::Error, diagnostics: &mut Vec<Diagnostic>) {
    if text.len() > RECOVER_ALL_BELOW_BYTES {
        diagnostics.push(syntax_diagnostic(&first));
        return;
    }
    let (_, errors) = DeTable::parse_recoverable(text);
    diagnostics.extend(errors.iter().take(MAX_SYNTAX_ERRORS).map(syntax_diagnostic));
    if errors.len() > MAX_SYNTAX_ERRORS {
        diagnostics.push(Diagnostic::error(
            "toml-syntax",
            format!(
                "{} more TOML syntax errors not shown; is this file a catalog?",
                errors.len() - MAX_SYNTAX_ERRORS
            ),
        ));
    }
}

fn syntax_diagnostic(error: &toml::de::Error) -> Diagnostic {
    Diagnostic::error(
        "toml-syntax",
        format!("invalid TOML: {}", error.message().trim_end()),
    )
    .at(error.span())
    .help("see https://toml.io/en/v1.0.0 for the syntax")
}

fn read_root(
    text: &str,
    root: &DeTable<'_>,
    catalog: &mut Catalog,
    spans: &mut Spans,
    unreadable: &mut Unreadable,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (key, value) in root {
        match key.get_ref().as_ref() {
            "catalog" => {
                if let DeValue::Table(table) = value.get_ref() {
                    spans.catalog = value_spans(table);
                }
                if let Some(meta) = decode::<CatalogMeta>(text, value, diagnostics) {
                    catalog.catalog = meta;
                }
            }
            "groups" => {
                for item in array_items(key, value, "[[groups]]", diagnostics) {
                    match decode::<Group>(text, item, diagnostics) {
                        Some(group) => {
                            catalog.groups.push(group);
                            spans.groups.push(table_spans(item));
                        }
                        None => unreadable.groups.extend(table_id(item)),
                    }
                }
            }
            "errors" => {
                for item in array_items(key, value, "[[errors]]", diagnostics) {
                    match decode::<Entry>(text, item, diagnostics) {
                        Some(entry) => {
                            catalog.entries.push(entry);
                            spans.entries.push(table_spans(item));
                        }
                        None => unreadable.entries.extend(table_id(item)),
                    }
                }
            }
            "profiles" => match value.get_ref() {
                DeValue::Table(profiles) => {
                    for (name, profile) in profiles {
                        if let Some(house) = decode::<HouseProfile>(text, profile, diagnostics) {
                            let name = name.get_ref().to_string();
                            spans.profiles.insert(name.clone(), table_spans(profile));
                            catalog.profiles.insert(name, house);
                        }
                    }
                }
                other => diagnostics.push(
                    Diagnostic::error(
                        "wrong-type",
                        format!("`profiles` must be a table, found {}", other.type_str()),
                    )
                    .at(Some(value.span()))
                    .help("write each house profile as a `[profiles.NAME]` table"),
                ),
            },
            "translations" => {
                read_translations(text, key, value, catalog, spans, unreadable, diagnostics);
            }
            other => {
                let mut diagnostic =
                    Diagnostic::error("unknown-key", format!("unknown top-level key `{other}`"))
                        .at(Some(key.span()))
                        .label("not a catalog section");
                diagnostic = match closest(other, TOP_LEVEL_KEYS.iter().copied()) {
                    Some(near) => diagnostic.help(format!("did you mean `{near}`?")),
                    None => diagnostic.help(
                        "a catalog has `[catalog]`, `[[groups]]`, `[[errors]]`, `[profiles.NAME]` and `[translations.LOCALE.ID]`",
                    ),
                };
                diagnostics.push(diagnostic);
            }
        }
    }
}

/// The spans of every part of a document that deserializes as a whole.
fn document_spans(root: &DeTable<'_>) -> Spans {
    let mut spans = Spans::default();
    for (key, value) in root {
        match (key.get_ref().as_ref(), value.get_ref()) {
            ("catalog", DeValue::Table(table)) => spans.catalog = value_spans(table),
            ("groups", DeValue::Array(items)) => {
                spans.groups = items.iter().map(table_spans).collect()
            }
            ("errors", DeValue::Array(items)) => {
                spans.entries = items.iter().map(table_spans).collect()
            }
            ("profiles", DeValue::Table(profiles)) => {
                spans.profiles = profiles
                    .iter()
                    .map(|(name, profile)| (name.get_ref().to_string(), table_spans(profile)))
                    .collect()
            }
            ("translations", DeValue::Table(locales)) => {
                for (locale, entries) in locales {
                    spans
                        .translations
                        .insert(locale.get_ref().to_string(), locale_spans(locale, entries));
                }
            }
            _ => {}
        }
    }
    spans
}

fn locale_spans(
    locale: &Spanned<std::borrow::Cow<'_, str>>,
    entries: &Spanned<DeValue<'_>>,
) -> LocaleSpans {
    let mut spans = LocaleSpans {
        key: locale.span(),
        ..LocaleSpans::default()
    };
    if let DeValue::Table(entries) = entries.get_ref() {
        for (id, table) in entries {
            spans
                .entries
                .insert(id.get_ref().to_string(), (id.span(), table_spans(table)));
        }
    }
    spans
}

/// `[translations.LOCALE.ID]` tables, each decoded on its own so one bad
/// translation is reported and the rest kept.
fn read_translations(
    text: &str,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
    catalog: &mut Catalog,
    spans: &mut Spans,
    unreadable: &mut Unreadable,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let wrong_type = |found: &str, span: Range<usize>, what: &str| {
        Diagnostic::error("wrong-type", format!("{what} must be a table, found {found}"))
            .at(Some(span))
            .help("write each translation as a `[translations.LOCALE.ID]` table, e.g. `[translations.fr.not_found]`")
    };
    let DeValue::Table(locales) = value.get_ref() else {
        diagnostics.push(wrong_type(
            value.get_ref().type_str(),
            value.span(),
            &format!("`{}`", key.get_ref()),
        ));
        return;
    };
    for (locale, entries) in locales {
        let DeValue::Table(table) = entries.get_ref() else {
            diagnostics.push(wrong_type(
                entries.get_ref().type_str(),
                entries.span(),
                &format!("`translations.{}`", locale.get_ref()),
            ));
            continue;
        };
        let mut kept = IndexMap::new();
        let mut locale_spans = LocaleSpans {
            key: locale.span(),
            ..LocaleSpans::default()
        };
        for (id, item) in table {
            let id_text = id.get_ref().to_string();
            match decode::<Translation>(text, item, diagnostics) {
                Some(translation) => {
                    locale_spans
                        .entries
                        .insert(id_text.clone(), (id.span(), table_spans(item)));
                    kept.insert(id_text, translation);
                }
                None => unreadable
                    .translations
                    .push((locale.get_ref().to_string(), id_text)),
            }
        }
        let tag = locale.get_ref().to_string();
        spans.translations.insert(tag.clone(), locale_spans);
        catalog.translations.insert(tag, kept);
    }
}

fn array_items<'a, 'i>(
    key: &Spanned<std::borrow::Cow<'i, str>>,
    value: &'a Spanned<DeValue<'i>>,
    expected: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> &'a [Spanned<DeValue<'i>>] {
    match value.get_ref() {
        DeValue::Array(items) => items,
        other => {
            diagnostics.push(
                Diagnostic::error(
                    "wrong-type",
                    format!(
                        "`{}` must be an array of tables, found {}",
                        key.get_ref(),
                        other.type_str()
                    ),
                )
                .at(Some(value.span()))
                .help(format!("write each item as a `{expected}` table")),
            );
            &[]
        }
    }
}

/// The `id` a table gives, when it gives one as text.
fn table_id(item: &Spanned<DeValue<'_>>) -> Option<String> {
    let DeValue::Table(table) = item.get_ref() else {
        return None;
    };
    match table.get("id").map(Spanned::get_ref) {
        Some(DeValue::String(id)) => Some(id.to_string()),
        _ => None,
    }
}

fn value_spans(table: &DeTable<'_>) -> IndexMap<String, Range<usize>> {
    table
        .iter()
        .map(|(key, value)| (key.get_ref().to_string(), value.span()))
        .collect()
}

fn table_spans(item: &Spanned<DeValue<'_>>) -> TableSpans {
    let mut spans = TableSpans {
        table: item.span(),
        ..TableSpans::default()
    };
    let DeValue::Table(table) = item.get_ref() else {
        return spans;
    };
    spans.values = value_spans(table);
    for (key, value) in table {
        match (key.get_ref().as_ref(), value.get_ref()) {
            ("params", DeValue::Table(params)) => {
                spans.params = params
                    .iter()
                    .map(|(name, _)| (name.get_ref().to_string(), name.span()))
                    .collect();
            }
            ("examples", DeValue::Array(examples)) => {
                spans.examples = examples.iter().map(Spanned::span).collect();
            }
            _ => {}
        }
    }
    spans
}

/// Deserializes one table with serde, turning its errors into located diagnostics.
///
/// Serde stops at a table's first error; to report every bad key of the table
/// in one run, the key at fault is taken out and the table decoded again.
fn decode<T: DeserializeOwned>(
    text: &str,
    value: &Spanned<DeValue<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    const MAX_ERRORS_PER_TABLE: usize = 32;
    let mut value = value.clone();
    let mut failed = false;
    for _ in 0..MAX_ERRORS_PER_TABLE {
        let error = match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(decoded) => return (!failed).then_some(decoded),
            Err(error) => error,
        };
        failed = true;
        diagnostics.push(shape_diagnostic(text, &error, value.span()));
        if !remove_key_at(&mut value, error.span()) {
            break;
        }
    }
    None
}

/// Removes the key whose name or value holds `span`; `false` when none does.
fn remove_key_at(value: &mut Spanned<DeValue<'_>>, span: Option<Range<usize>>) -> bool {
    let (Some(span), DeValue::Table(table)) = (span, value.get_mut()) else {
        return false;
    };
    let at_fault = table.iter().find_map(|(key, value)| {
        (within(&key.span(), &span) || holds(value, &span)).then(|| key.clone())
    });
    match at_fault {
        Some(key) => table.remove(&key).is_some(),
        None => false,
    }
}

fn within(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Whether `span` lies in `value`, looking into nested tables (a dotted key's
/// table does not span its children).
fn holds(value: &Spanned<DeValue<'_>>, span: &Range<usize>) -> bool {
    if within(&value.span(), span) {
        return true;
    }
    match value.get_ref() {
        DeValue::Table(table) => table
            .iter()
            .any(|(key, value)| within(&key.span(), span) || holds(value, span)),
        DeValue::Array(items) => items.iter().any(|item| holds(item, span)),
        _ => false,
    }
}

fn shape_diagnostic(text: &str, error: &toml::de::Error, table: Range<usize>) -> Diagnostic {
    let message = error.message().trim_end().to_owned();
    let span = error.span().unwrap_or(table);
    if let Some(expected) = message.strip_prefix("unknown field ") {
        let key = text
            .get(span.clone())
            .unwrap_or_default()
            .trim_matches(['"', '\''])
            .to_owned();
        let known = backticked(expected);
        let mut diagnostic = Diagnostic::error("unknown-key", format!("unknown key `{key}`"))
            .at(Some(span))
            .label("not a known key here");
        diagnostic = match closest(&key, known.iter().map(String::as_str)) {
            Some(near) => diagnostic.help(format!("did you mean `{near}`?")),
            None => diagnostic.help(format!("known keys: {}", known.join(", "))),
        };
        return diagnostic;
    }
    if message.starts_with("missing field") {
        return Diagnostic::error(
            "missing-key",
            message.replace("missing field", "missing key"),
        )
        .at(Some(span))
        .label("in this table");
    }
    if message.starts_with("data did not match any variant") {
        return Diagnostic::error("wrong-type", "value has none of the accepted shapes")
            .at(Some(span.clone()))
            .help(untagged_help(text, &span));
    }
    let mut words = in_words(&message);
    if key_on_line(text, &span) == "status" && message.ends_with(", expected u16") {
        // The type allows more than a status may be (`invalid-status` says so of a number out of range).
        words = words.replace(
            "a whole number from 0 to 65535",
            "an HTTP status from 100 to 599",
        );
    }
    let mut diagnostic = Diagnostic::error("wrong-type", words).at(Some(span.clone()));
    if message.contains(", expected u") || message.contains(", expected i") {
        let value = text.get(span).unwrap_or_default();
        let unquoted = value.trim_matches(['"', '\'']);
        if unquoted.len() + 2 == value.len() && unquoted.parse::<i64>().is_ok() {
            diagnostic = diagnostic.help(format!("write the number without quotes: `{unquoted}`"));
        }
    }
    diagnostic
}

/// A serde message with Rust's integer type names said in words:
/// "expected u16" becomes "expected a whole number from 0 to 65535".
fn in_words(message: &str) -> String {
    const WORDS: [(&str, &str); 10] = [
        ("u8", "a whole number from 0 to 255"),
        ("u16", "a whole number from 0 to 65535"),
        ("u32", "a whole number from 0 to 4294967295"),
        ("u64", "a whole number from 0"),
        ("usize", "a whole number from 0"),
        ("i8", "a whole number from -128 to 127"),
        ("i16", "a whole number from -32768 to 32767"),
        ("i32", "a whole number from -2147483648 to 2147483647"),
        ("i64", "a whole number"),
        ("f64", "a number"),
    ];
    if let Some((before, type_name)) = message.rsplit_once(", expected ")
        && let Some((_, words)) = WORDS.iter().find(|(name, _)| *name == type_name)
    {
        return format!("{before}, expected {words}");
    }
    message.to_owned()
}

/// The key the line of `span` sets (`status` in `status = "404"`).
fn key_on_line<'t>(text: &'t str, span: &Range<usize>) -> &'t str {
    let line_start = text[..span.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = &text[line_start..];
    line.split(['=', '\n']).next().unwrap_or_default().trim()
}

fn untagged_help(text: &str, span: &Range<usize>) -> String {
    match key_on_line(text, span) {
        "retry" => "retry is \"never\", \"safe\", { after = \"param\" } or { after = 30 }".into(),
        "deprecated" => "deprecated is true, or { since, sunset, replacement, note }".into(),
        "retired" => "retired is true, or { since, note }".into(),
        "code" => "code is a string or an integer".into(),
        _ => "a param is a type name (\"string\", \"int\", \"float\", \"bool\", \"list\") \
              or { type, description, example }"
            .into(),
    }
}

fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .skip(1)
        .map(str::to_owned)
        .collect()
}

/// The candidate nearest to `word`, if it is near enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len().max(3) / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Where the text of a string value starts in the source, when offsets inside
/// the value map one-to-one to the source (no escapes were decoded).
pub fn string_content_start(text: &str, span: &Range<usize>, value: &str) -> Option<usize> {
    let raw = text.get(span.clone())?;
    for quote in ["\"\"\"", "'''", "\"", "'"] {
        if let Some(rest) = raw.strip_prefix(quote) {
            let mut start = span.start + quote.len();
            let mut content = rest.strip_suffix(quote)?;
            if quote.len() == 3 {
                if let Some(stripped) = content.strip_prefix('\n') {
                    content = stripped;
                    start += 1;
                } else if let Some(stripped) = content.strip_prefix("\r\n") {
                    content = stripped;
                    start += 2;
                }
            }
            return (content == value).then_some(start);
        }
    }
    None
}
