//! The catalog checker's lints, one file each, each with its tests beside it.
//!
//! Every lint reads a [`Context`] (the parsed catalog with its spans and its
//! templates, parsed once) and pushes [`Diagnostic`]s; none stops another.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::load::{Parsed, TableSpans, string_content_start};
use crate::model::{Entry, Group, Translation};
use crate::template::{Template, TemplateError};

mod code_out_of_range;
mod docs_url_scheme;
mod duplicate_id;
mod empty_code;
mod generated_names;
mod house_profile;
mod id_too_long;
mod invalid_status;
mod locale_coverage;
mod missing_error_domain;
mod missing_text;
mod param_example;
mod plural_categories;
mod retired_code_reused;
mod retry_after_param;
mod template_syntax;
mod translation_placeholders;
mod translation_stale;
mod translation_unknown_entry;
mod translation_without_source;
mod undeclared_placeholder;
mod unknown_group;
mod unknown_locale;
mod unknown_replacement;
mod unused_param;

pub use id_too_long::MAX_ID_BYTES;

/// A lint: a named check over a whole catalog.
pub type Lint = fn(&Context<'_>, &mut Vec<Diagnostic>);

/// Every built-in lint, in the order they run.
pub const LINTS: &[(&str, Lint)] = &[
    ("duplicate-id", duplicate_id::check),
    ("generated-names", generated_names::check),
    ("id-too-long", id_too_long::check),
    ("template-syntax", template_syntax::check),
    ("undeclared-placeholder", undeclared_placeholder::check),
    ("unused-param", unused_param::check),
    ("param-example", param_example::check),
    ("retry-after-param", retry_after_param::check),
    ("invalid-status", invalid_status::check),
    ("code-out-of-range", code_out_of_range::check),
    ("missing-text", missing_text::check),
    ("empty-code", empty_code::check),
    ("unknown-group", unknown_group::check),
    ("house-profile", house_profile::check),
    ("docs-url-scheme", docs_url_scheme::check),
    ("missing-error-domain", missing_error_domain::check),
    ("retired-code-reused", retired_code_reused::check),
    ("unknown-replacement", unknown_replacement::check),
    ("unknown-locale", unknown_locale::check),
    (
        "translation-unknown-entry",
        translation_unknown_entry::check,
    ),
    ("translation-placeholders", translation_placeholders::check),
    ("plural-categories", plural_categories::check),
    ("locale-coverage", locale_coverage::check),
    ("translation-stale", translation_stale::check),
    (
        "translation-without-source",
        translation_without_source::check,
    ),
];

/// Which of an entry's two templates a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    /// `title`, the short message.
    Title,
    /// `message`, the long message.
    Message,
}

impl TextField {
    /// The key in the catalog.
    pub fn key(self) -> &'static str {
        match self {
            TextField::Title => "title",
            TextField::Message => "message",
        }
    }
}

/// An entry's text, parsed as a template (`None` when the entry has none).
pub type ParsedText = Option<Result<Template, TemplateError>>;

/// One `[translations.LOCALE.ID]` table with its title and message parsed.
#[derive(Debug)]
pub struct TranslationText<'a> {
    /// The locale's tag as written.
    pub locale: &'a str,
    /// The entry id as written.
    pub id: &'a str,
    /// The translation.
    pub translation: &'a Translation,
    /// The index of the entry it translates, when there is one.
    pub entry: Option<usize>,
    /// Its title and message, parsed.
    pub texts: [(TextField, ParsedText); 2],
    /// Its id key and table in the source.
    spans: Option<&'a (Range<usize>, TableSpans)>,
    /// Where its title's and message's content starts in the source.
    starts: [Option<usize>; 2],
}

impl TranslationText<'_> {
    /// The span of the id key (`x` in `[translations.fr.x]`).
    pub fn id_span(&self) -> Option<Range<usize>> {
        self.spans.map(|(key, _)| key.clone())
    }

    /// The span of `key`'s value, or of the id key when it is absent.
    pub fn span(&self, key: &str) -> Option<Range<usize>> {
        let (id, table) = self.spans?;
        Some(table.values.get(key).cloned().unwrap_or_else(|| id.clone()))
    }

    /// The span of a byte range inside the title or message, or of the whole string.
    pub fn text_span(&self, field: TextField, inner: Range<usize>) -> Option<Range<usize>> {
        let slot = match field {
            TextField::Title => 0,
            TextField::Message => 1,
        };
        match self.starts[slot] {
            Some(start) => Some(start + inner.start..start + inner.end),
            None => self.span(field.key()),
        }
    }
}

/// What lints read: the parsed catalog and each entry's title and message, parsed once.
#[derive(Debug)]
pub struct Context<'a> {
    /// The catalog with its source and spans.
    pub parsed: &'a Parsed,
    /// Each entry's parsed title and message, same order as the entries.
    pub texts: Vec<[(TextField, ParsedText); 2]>,
    /// Groups by id (the first of duplicates).
    pub groups: HashMap<&'a str, &'a Group>,
    /// The source's lines, indexed once for lints that name a line.
    pub lines: LineIndex,
    /// Every translation, locale by locale in file order.
    pub translations: Vec<TranslationText<'a>>,
    /// Entries by id (the first of duplicates).
    pub by_id: HashMap<&'a str, usize>,
    /// The ids of entries left out for their own errors: what names them
    /// is not reported again.
    pub unreadable_entries: HashSet<&'a str>,
    /// The ids of groups left out for their own errors.
    pub unreadable_groups: HashSet<&'a str>,
    /// The translations left out for their own errors, by locale and id.
    pub unreadable_translations: HashSet<(&'a str, &'a str)>,
    /// Where the content of each entry's title and message starts in the
    /// source, when written as a plain string: found once, because comparing
    /// a long message with its source for every placeholder in it is quadratic.
    text_starts: Vec<[Option<usize>; 2]>,
}

/// An id as a message names it: one longer than an id may be (`id-too-long`
/// reports it) cut to its first [`id_too_long::MAX_ID_BYTES`] bytes, so that
/// a message repeated per param or per entry stays short.
pub(crate) fn clipped(id: &str) -> std::borrow::Cow<'_, str> {
    if id.len() <= id_too_long::MAX_ID_BYTES {
        return id.into();
    }
    let mut end = id_too_long::MAX_ID_BYTES;
    while !id.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &id[..end]).into()
}

/// The first few of `items`, each as `name` writes it, then how many more:
/// "`a`, `b`, `c`, `d`, `e`, and 7 more". A message stays short however many
/// there are.
pub(crate) fn first_few<T>(items: &[T], name: impl Fn(&T) -> String) -> String {
    const SHOWN: usize = 5;
    let mut shown: Vec<String> = items.iter().take(SHOWN).map(name).collect();
    if items.len() > SHOWN {
        shown.push(format!("and {} more", items.len() - SHOWN));
    }
    shown.join(", ")
}

impl<'a> Context<'a> {
    /// Parses each entry's message once for all lints.
    pub fn new(parsed: &'a Parsed) -> Self {
        let texts = parsed
            .catalog
            .entries
            .iter()
            .map(|entry| {
                [
                    (
                        TextField::Title,
                        entry.title.as_deref().map(Template::parse),
                    ),
                    (
                        TextField::Message,
                        entry.message.as_deref().map(Template::parse),
                    ),
                ]
            })
            .collect();
        let mut groups = HashMap::new();
        for group in &parsed.catalog.groups {
            groups.entry(group.id.as_str()).or_insert(group);
        }
        let text_starts = parsed
            .catalog
            .entries
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                [
                    (TextField::Title, entry.title.as_deref()),
                    (TextField::Message, entry.message.as_deref()),
                ]
                .map(|(field, text)| {
                    let span = parsed.spans.entries.get(index)?.values.get(field.key())?;
                    string_content_start(&parsed.source.text, span, text?)
                })
            })
            .collect();
        let mut by_id = HashMap::new();
        for (index, entry) in parsed.catalog.entries.iter().enumerate() {
            by_id.entry(entry.id.as_str()).or_insert(index);
        }
        let mut translations = Vec::new();
        for (locale, entries) in &parsed.catalog.translations {
            let locale_spans = parsed.spans.translations.get(locale);
            for (id, translation) in entries {
                let spans = locale_spans.and_then(|spans| spans.entries.get(id));
                let starts = [
                    (translation.title.as_deref(), "title"),
                    (translation.message.as_deref(), "message"),
                ]
                .map(|(text, key)| {
                    let span = spans?.1.values.get(key)?;
                    string_content_start(&parsed.source.text, span, text?)
                });
                translations.push(TranslationText {
                    locale,
                    id,
                    translation,
                    entry: by_id.get(id.as_str()).copied(),
                    texts: [
                        (
                            TextField::Title,
                            translation.title.as_deref().map(Template::parse),
                        ),
                        (
                            TextField::Message,
                            translation.message.as_deref().map(Template::parse),
                        ),
                    ],
                    spans,
                    starts,
                });
            }
        }
        Context {
            parsed,
            texts,
            groups,
            lines: LineIndex::new(&parsed.source.text),
            translations,
            by_id,
            unreadable_entries: parsed
                .unreadable
                .entries
                .iter()
                .map(String::as_str)
                .collect(),
            unreadable_groups: parsed
                .unreadable
                .groups
                .iter()
                .map(String::as_str)
                .collect(),
            unreadable_translations: parsed
                .unreadable
                .translations
                .iter()
                .map(|(locale, id)| (locale.as_str(), id.as_str()))
                .collect(),
            text_starts,
        }
    }

    /// 1-based line and column of a byte offset of the source.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.parsed.source.text, offset)
    }

    /// The span of locale `tag`'s key in `[translations]`.
    pub fn locale_span(&self, tag: &str) -> Option<Range<usize>> {
        self.parsed
            .spans
            .translations
            .get(tag)
            .map(|spans| spans.key.clone())
    }

    /// The entries with their index.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &'a Entry)> {
        self.parsed.catalog.entries.iter().enumerate()
    }

    /// Each translation of an entry the catalog has, with that entry
    /// (a translation of an unknown id is `translation-unknown-entry`'s).
    pub fn translated_entries(&self) -> impl Iterator<Item = (&TranslationText<'a>, &'a Entry)> {
        let entries = &self.parsed.catalog.entries;
        self.translations.iter().filter_map(move |translation| {
            translation
                .entry
                .map(|index| (translation, &entries[index]))
        })
    }

    /// The span of `key`'s value in entry `index`, or of the entry table.
    pub fn entry_span(&self, index: usize, key: &str) -> Option<Range<usize>> {
        self.parsed
            .spans
            .entries
            .get(index)
            .map(|spans| spans.value_or_table(key))
    }

    /// The span of a byte range inside entry `index`'s title or message, or of the whole string.
    pub fn text_span(
        &self,
        index: usize,
        field: TextField,
        inner: Range<usize>,
    ) -> Option<Range<usize>> {
        let span = self.entry_span(index, field.key())?;
        let slot = match field {
            TextField::Title => 0,
            TextField::Message => 1,
        };
        match self.text_starts.get(index).and_then(|starts| starts[slot]) {
            Some(start) => Some(start + inner.start..start + inner.end),
            None => Some(span),
        }
    }

    /// The span of param `name`'s key in entry `index`.
    pub fn param_span(&self, index: usize, name: &str) -> Option<Range<usize>> {
        let spans = self.parsed.spans.entries.get(index)?;
        spans
            .params
            .get(name)
            .cloned()
            .or_else(|| Some(spans.value_or_table("params")))
    }
}

/// Runs every lint over a parsed catalog.
pub fn run(parsed: &Parsed) -> Vec<Diagnostic> {
    let context = Context::new(parsed);
    let mut diagnostics = Vec::new();
    for (_, lint) in LINTS {
        lint(&context, &mut diagnostics);
    }
    diagnostics
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::diagnostic::{Diagnostic, SourceFile};
    use crate::load::parse;

    /// Runs one lint over a catalog's text: the catalog and what the lint found.
    fn lint_findings(lint: super::Lint, text: &str) -> (crate::load::Parsed, Vec<Diagnostic>) {
        let parsed = parse(SourceFile::new("test.toml", text));
        assert!(
            parsed.diagnostics.is_empty(),
            "test catalog must parse: {:?}",
            parsed.diagnostics
        );
        let diagnostics = lint_parsed(lint, &parsed);
        (parsed, diagnostics)
    }

    /// Runs one lint over a catalog with errors of its own: the lints the
    /// reading found, and the messages of what the lint found.
    pub fn lint_after_read_errors(
        lint: super::Lint,
        text: &str,
    ) -> (Vec<&'static str>, Vec<String>) {
        let parsed = parse(SourceFile::new("test.toml", text));
        let read = parsed.diagnostics.iter().map(|d| d.lint).collect();
        let found = lint_parsed(lint, &parsed);
        (read, found.into_iter().map(|d| d.message).collect())
    }

    fn lint_parsed(lint: super::Lint, parsed: &crate::load::Parsed) -> Vec<Diagnostic> {
        let context = super::Context::new(parsed);
        let mut diagnostics: Vec<Diagnostic> = Vec::new();
        lint(&context, &mut diagnostics);
        diagnostics
    }

    /// The help of each diagnostic one lint finds in a catalog's text.
    pub fn lint_helps(lint: super::Lint, text: &str) -> Vec<Option<String>> {
        let (_, diagnostics) = lint_findings(lint, text);
        diagnostics
            .into_iter()
            .map(|diagnostic| diagnostic.help)
            .collect()
    }

    /// Runs one lint over a catalog's text and returns `(line:col, message)` rows.
    pub fn run_lint(lint: super::Lint, text: &str) -> Vec<(String, String)> {
        let (parsed, diagnostics) = lint_findings(lint, text);
        diagnostics
            .into_iter()
            .map(|diagnostic| {
                let at = diagnostic
                    .span
                    .map(|span| {
                        let (line, col) = parsed.source.line_col(span.start);
                        format!("{line}:{col}")
                    })
                    .unwrap_or_default();
                (
                    at,
                    format!("{:?}: {}", diagnostic.severity, diagnostic.message),
                )
            })
            .collect()
    }
}
