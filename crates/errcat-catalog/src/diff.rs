//! Comparing two versions of a catalog: what changed, and whether it breaks clients.
//!
//! Entries are matched by `id`. A change is *breaking* when a client that
//! worked against the old catalog can misread the new one: a wire code or
//! status moves, an entry disappears, the body changes shape. It is *notable*
//! when clients keep parsing but may behave differently (retry advice, a
//! generic 5xx message) or service code must change (a new param). Everything
//! else (new entries, reworded text) is *compatible*.

use indexmap::IndexMap;
use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostic::{LineIndex, RenderOptions, render_one};
use crate::load::TableSpans;
use crate::model::{Catalog, Code, Entry, Retry, RetryAfter, RetryPolicy};
use crate::{Diagnostic, Parsed, Severity, SourceFile};
use annotate_snippets::Level as SnippetLevel;

/// How a change affects clients.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Clients keep working as before.
    Compatible,
    /// Clients keep parsing, but may behave differently; or service code must change.
    Notable,
    /// Clients written against the old catalog can misread the new one.
    Breaking,
}

impl Impact {
    /// The word the CLI prints.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Compatible => "compatible",
            Impact::Notable => "notable",
            Impact::Breaking => "breaking",
        }
    }
}

/// Which version a change points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The old catalog (an entry that was removed).
    Old,
    /// The new catalog.
    New,
}

/// One difference between two catalogs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// How it affects clients.
    pub impact: Impact,
    /// A stable name for the kind of change, e.g. `status-changed`.
    pub kind: &'static str,
    /// The entry, for entry changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What changed, in lower case without a final period.
    pub message: String,
    /// Which version `span` points into.
    pub side: Side,
    /// Where, in that version's source.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Why the change is accepted, when a policy accepts it: an accepted
    /// change is reported but does not fail the diff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
}

impl Change {
    fn new(impact: Impact, kind: &'static str, message: String) -> Self {
        Change {
            impact,
            kind,
            id: None,
            message,
            side: Side::New,
            span: None,
            help: None,
            accepted: None,
        }
    }

    /// Whether it fails the diff: breaking, and not accepted by a policy.
    pub fn fails(&self) -> bool {
        self.impact == Impact::Breaking && self.accepted.is_none()
    }

    fn entry(mut self, id: &str) -> Self {
        self.id = Some(id.to_owned());
        self
    }

    fn at(mut self, side: Side, span: Option<Range<usize>>) -> Self {
        self.side = side;
        self.span = span;
        self
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            severity: match self.impact {
                Impact::Breaking => Severity::Error,
                Impact::Notable | Impact::Compatible => Severity::Warning,
            },
            lint: self.kind,
            message: self.message.clone(),
            span: self.span.clone(),
            label: None,
            help: match &self.accepted {
                Some(reason) => Some(format!("accepted by the policy: {reason}")),
                None => self.help.clone(),
            },
            items: Vec::new(),
        }
    }
}

/// Renders changes as rustc renders diagnostics, each against the version it
/// points into: `breaking[status-changed]: ...`, then the source line.
pub fn render(
    changes: &[Change],
    old: &SourceFile,
    new: &SourceFile,
    options: RenderOptions,
) -> String {
    let (old_lines, new_lines) = (LineIndex::new(&old.text), LineIndex::new(&new.text));
    let mut out = String::new();
    for change in changes {
        let level = match change.impact {
            Impact::Breaking => SnippetLevel::ERROR.with_name("breaking"),
            Impact::Notable => SnippetLevel::WARNING.with_name("notable"),
            Impact::Compatible => SnippetLevel::NOTE.with_name("compatible"),
        };
        let (source, lines) = match change.side {
            Side::Old => (old, &old_lines),
            Side::New => (new, &new_lines),
        };
        out.push_str(&render_one(
            source,
            lines,
            level,
            &change.to_diagnostic(),
            options,
        ));
    }
    out
}

/// What a diff judges, as Buf's breaking-change levels: each level adds to
/// the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// What a client sees on the wire: codes, statuses, gRPC codes, the
    /// profile and what identifies errors in it, retry advice.
    Wire,
    /// The wire, plus the body's member names and `meta` keys a client may
    /// read by name.
    Json,
    /// The body, plus what generated code depends on: entry ids (Rust
    /// constructors, client `ERRORS` keys) and constructor params.
    Source,
}

impl Level {
    /// The word the CLI takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Wire => "wire",
            Level::Json => "json",
            Level::Source => "source",
        }
    }
}

/// The kinds of change that break clients only from a level up, with why:
/// below that level they keep their wire impact. The one table `errcat diff
/// --level` applies (and its help lists).
pub const BREAKING_FROM: &[(&str, Level, &str)] = &[
    (
        "meta-key-removed",
        Level::Json,
        "clients that read the key by name find nothing",
    ),
    (
        "suggestion-removed",
        Level::Json,
        "clients that read the `suggestion` member find nothing",
    ),
    (
        "entry-removed",
        Level::Source,
        "the entry's Rust constructor and its client `ERRORS` key disappear",
    ),
    (
        "entry-retired",
        Level::Source,
        "the entry's Rust constructor and its client `ERRORS` key disappear",
    ),
    (
        "param-added",
        Level::Source,
        "every call of the constructor must pass the new argument",
    ),
];

/// Every difference between `old` and `new` at `level`, most serious
/// first, then in source order.
pub fn diff_at(old: &Parsed, new: &Parsed, level: Level) -> Vec<Change> {
    let mut changes = diff(old, new);
    for change in &mut changes {
        let Some((_, from, why)) = BREAKING_FROM
            .iter()
            .find(|(kind, from, _)| *kind == change.kind && level >= *from)
        else {
            continue;
        };
        if change.impact != Impact::Breaking {
            change.impact = Impact::Breaking;
            change.help = Some(format!("breaking at `--level {}`: {why}", from.as_str()));
        }
    }
    changes.sort_by_key(order);
    changes
}

/// Most serious first, then old before new, then in source order.
fn order(change: &Change) -> (std::cmp::Reverse<Impact>, bool, usize) {
    (
        std::cmp::Reverse(change.impact),
        change.side == Side::New,
        change.span.as_ref().map_or(0, |span| span.start),
    )
}

/// Every difference between `old` and `new` on the wire ([`Level::Wire`]),
/// most serious first, then in source order.
pub fn diff(old: &Parsed, new: &Parsed) -> Vec<Change> {
    let mut changes = catalog_changes(old, new);
    changes.extend(translation_changes(old, new));
    // Entries found by id in a map, not a search each: diffing catalogs of
    // many entries stays linear.
    let old_by_id = by_id(&old.catalog);
    let new_by_id = by_id(&new.catalog);
    for (new_index, entry) in new.catalog.entries.iter().enumerate() {
        let spans = &new.spans.entries[new_index];
        match old_by_id.get(entry.id.as_str()).copied() {
            Some(before) => {
                let found = EntryPair {
                    old_catalog: &old.catalog,
                    before,
                    new_catalog: &new.catalog,
                    after: entry,
                    spans,
                };
                changes.extend(found.changes());
            }
            None => changes.push(
                Change::new(
                    Impact::Compatible,
                    "entry-added",
                    format!("`{}` is new (code `{}`)", entry.id, entry.wire_code()),
                )
                .entry(&entry.id)
                .at(Side::New, Some(spans.value_or_table("id"))),
            ),
        }
    }
    // Who still sends a code: the first entry of the new catalog that does.
    let mut senders: HashMap<Code, &Entry> = HashMap::new();
    for entry in new.catalog.entries.iter().filter(|e| !e.is_retired()) {
        senders.entry(entry.wire_code()).or_insert(entry);
    }
    for (old_index, entry) in old.catalog.entries.iter().enumerate() {
        if new_by_id.contains_key(entry.id.as_str()) {
            continue;
        }
        let span = Some(old.spans.entries[old_index].value_or_table("id"));
        changes.push(
            removal(entry, &senders)
                .entry(&entry.id)
                .at(Side::Old, span),
        );
    }
    changes.sort_by_key(order);
    changes
}

/// Languages added and removed, and translations left behind by a change to
/// the text they translate. None of these changes a code or a status.
fn translation_changes(old: &Parsed, new: &Parsed) -> Vec<Change> {
    let mut changes = Vec::new();
    let (old_by_id, new_by_id) = (by_id(&old.catalog), by_id(&new.catalog));
    let (before, after) = (&old.catalog.translations, &new.catalog.translations);
    for (locale, translations) in after {
        let span = new
            .spans
            .translations
            .get(locale)
            .map(|spans| spans.key.clone());
        let Some(earlier) = before.get(locale) else {
            changes.push(
                Change::new(
                    Impact::Compatible,
                    "locale-added",
                    format!(
                        "`{locale}` is a new language ({} of {} entries translated)",
                        translations.len(),
                        new.catalog.entries.len()
                    ),
                )
                .at(Side::New, span),
            );
            continue;
        };
        let entry_span = |id: &str| {
            new.spans
                .translations
                .get(locale)
                .and_then(|spans| spans.entries.get(id))
                .map(|(key, _)| key.clone())
        };
        for (id, translation) in translations {
            let (Some(was), Some(is)) = (
                old_by_id.get(id.as_str()).copied(),
                new_by_id.get(id.as_str()).copied(),
            ) else {
                continue;
            };
            match earlier.get(id) {
                None => {
                    changes.push(
                        Change::new(
                            Impact::Compatible,
                            "translation-added",
                            format!("`{id}` is now translated into `{locale}`"),
                        )
                        .entry(id)
                        .at(Side::New, entry_span(id)),
                    );
                    continue;
                }
                Some(earlier) if earlier != translation => {
                    // Text only: a new `translated_from` alone rewords nothing.
                    let reworded: Vec<&str> = crate::translation::FIELDS
                        .into_iter()
                        .filter(|field| {
                            crate::translation::translated_text(earlier, field)
                                != crate::translation::translated_text(translation, field)
                        })
                        .collect();
                    if !reworded.is_empty() {
                        changes.push(
                            Change::new(
                                Impact::Compatible,
                                "translation-changed",
                                format!("`{id}` changes its `{locale}` {}", reworded.join(" and ")),
                            )
                            .entry(id)
                            .at(Side::New, entry_span(id)),
                        );
                    }
                    continue;
                }
                Some(_) => {}
            }
            let moved: Vec<&str> = crate::translation::fields(translation)
                .filter(|field| {
                    crate::translation::source_text(was, field)
                        != crate::translation::source_text(is, field)
                })
                .collect();
            if moved.is_empty() {
                continue;
            }
            changes.push(
                Change::new(
                    Impact::Notable,
                    "translation-stale",
                    format!(
                        "`{id}` changes its `{}` {} but not its `{locale}` translation (text and `translated_from`)",
                        new.catalog.source_locale(),
                        moved.join(" and ")
                    ),
                )
                .entry(id)
                .at(Side::New, entry_span(id))
                .help("clients asking for this language get the old wording; update the translation and its `translated_from`"),
            );
        }
        // Entries still in both catalogs that lost their translation.
        for id in earlier.keys().filter(|id| !translations.contains_key(*id)) {
            if !new_by_id.contains_key(id.as_str()) {
                continue;
            }
            let span = old
                .spans
                .translations
                .get(locale)
                .and_then(|spans| spans.entries.get(id.as_str()))
                .map(|(key, _)| key.clone());
            changes.push(
                Change::new(
                    Impact::Notable,
                    "translation-removed",
                    format!(
                        "`{id}` is no longer translated into `{locale}`: clients asking for it get `{}`",
                        new.catalog.source_locale()
                    ),
                )
                .entry(id)
                .at(Side::Old, span),
            );
        }
    }
    for locale in before.keys().filter(|locale| !after.contains_key(*locale)) {
        let span = old
            .spans
            .translations
            .get(locale)
            .map(|spans| spans.key.clone());
        changes.push(
            Change::new(
                Impact::Notable,
                "locale-removed",
                format!(
                    "`{locale}` is no longer spoken: clients asking for it get `{}`",
                    new.catalog.source_locale()
                ),
            )
            .at(Side::Old, span),
        );
    }
    changes
}

fn catalog_changes(old: &Parsed, new: &Parsed) -> Vec<Change> {
    let (before, after) = (&old.catalog.catalog, &new.catalog.catalog);
    let span = |key: &str| new.spans.catalog.get(key).cloned();
    let profile = |catalog: &Catalog| catalog.profile_name().to_owned();
    let mut changes = Vec::new();
    if profile(&old.catalog) != profile(&new.catalog) {
        changes.push(
            Change::new(
                Impact::Breaking,
                "profile-changed",
                format!(
                    "the wire profile changes from `{}` to `{}`: every error body changes shape",
                    profile(&old.catalog),
                    profile(&new.catalog)
                ),
            )
            .at(Side::New, span("profile"))
            .help("serve the new profile beside the old one (negotiated from `Accept`) until clients move"),
        );
    }
    let active = profile(&new.catalog);
    if profile(&old.catalog) == active
        && let (Some(was), Some(now)) = (
            old.catalog.profiles.get(&active),
            new.catalog.profiles.get(&active),
        )
        && was != now
    {
        changes.push(
            Change::new(
                Impact::Breaking,
                "profile-changed",
                format!("the house profile `{active}` changes: every error body may change shape"),
            )
            .at(
                Side::New,
                new.spans
                    .profiles
                    .get(&active)
                    .map(|spans| spans.table.clone()),
            )
            .help("add the new format as another profile and move clients over"),
        );
    }
    if before.name != after.name {
        changes.push(
            Change::new(
                Impact::Notable,
                "catalog-renamed",
                format!(
                    "the catalog's name changes from `{}` to `{}`: errcat's metrics and spans label its errors with it, so dashboards, alerts, the portal and `errcat audit --prometheus` lose the earlier series",
                    before.name, after.name
                ),
            )
            .at(Side::New, span("name"))
            .help(format!(
                "keep the name, or read both in queries until the old series age out: catalog=~\"{}|{}\"",
                before.name, after.name
            )),
        );
    }
    if before.docs_url != after.docs_url {
        // RFC 9457 clients identify a problem by its `type`, which is the docs URL.
        let problem = profile(&new.catalog) == "problem";
        changes.push(
            Change::new(
                if problem {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                },
                "docs-url-changed",
                format!(
                    "the docs URL pattern changes from {} to {}{}",
                    shown(before.docs_url.as_deref()),
                    shown(after.docs_url.as_deref()),
                    if problem {
                        ": every problem `type` changes"
                    } else {
                        ""
                    }
                ),
            )
            .at(Side::New, span("docs_url")),
        );
    }
    // The domain sent is `domain`, else the docs URL's host, else the name:
    // a new docs host changes it as surely as a new `domain` does.
    let (old_domain, new_domain) = (
        old.catalog.sent_error_domain(),
        new.catalog.sent_error_domain(),
    );
    if old_domain != new_domain {
        // AIP-193 clients identify an error by `reason` and `domain` together.
        let google = profile(&new.catalog) == "google";
        let key = if after.domain.is_some() || before.domain.is_some() {
            "domain"
        } else if old.catalog.error_domain() != new.catalog.error_domain() {
            "docs_url"
        } else {
            "name"
        };
        changes.push(
            Change::new(
                if google {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                },
                "domain-changed",
                format!(
                    "the domain changes from {} to {}{}",
                    shown(old_domain.as_deref()),
                    shown(new_domain.as_deref()),
                    if google {
                        ": every `ErrorInfo.domain` changes"
                    } else {
                        ""
                    }
                ),
            )
            .at(Side::New, span(key)),
        );
    }
    changes
}

/// Each entry of `catalog` by its id (the first, when ids repeat).
fn by_id(catalog: &Catalog) -> HashMap<&str, &Entry> {
    let mut entries = HashMap::with_capacity(catalog.entries.len());
    for entry in &catalog.entries {
        entries.entry(entry.id.as_str()).or_insert(entry);
    }
    entries
}

/// The change that removing `entry` is; `senders` are the new catalog's
/// entries by the code they send.
fn removal(entry: &Entry, senders: &HashMap<Code, &Entry>) -> Change {
    let code = entry.wire_code();
    if entry.is_retired() {
        return Change::new(
            Impact::Notable,
            "retired-entry-removed",
            format!("retired `{}` is removed: its code `{code}` is no longer reserved", entry.id),
        )
        .help("keep retired entries: `errcat check` then refuses any new entry that reuses their code");
    }
    if let Some(heir) = senders.get(&code) {
        return Change::new(
            Impact::Notable,
            "entry-removed",
            format!(
                "`{}` is removed; its code `{code}` is still sent, by `{}`",
                entry.id, heir.id
            ),
        )
        .help("clients see the same code; service code that built the old entry must change");
    }
    if is_deprecated(entry) {
        return Change::new(
            Impact::Notable,
            "entry-removed",
            format!(
                "`{}` (code `{code}`) is removed after its deprecation",
                entry.id
            ),
        )
        .help("retire it instead (`retired = { since = \"...\" }`): its page stays and its code stays reserved");
    }
    Change::new(
        Impact::Breaking,
        "entry-removed",
        format!("`{}` (code `{code}`) is removed", entry.id),
    )
    .help("deprecate it first (`deprecated = true`), and remove it in a later version")
}

fn is_deprecated(entry: &Entry) -> bool {
    entry.deprecation().is_some()
}

/// One entry in both versions.
struct EntryPair<'a> {
    old_catalog: &'a Catalog,
    before: &'a Entry,
    new_catalog: &'a Catalog,
    after: &'a Entry,
    /// Where the new version of the entry stands.
    spans: &'a TableSpans,
}

impl EntryPair<'_> {
    /// The span of `key` in the new entry, else of its id.
    fn span(&self, key: &str) -> Option<Range<usize>> {
        let values = &self.spans.values;
        Some(
            values
                .get(key)
                .or(values.get("id"))
                .cloned()
                .unwrap_or_else(|| self.spans.table.clone()),
        )
    }

    fn change(&self, impact: Impact, kind: &'static str, key: &str, message: String) -> Change {
        Change::new(impact, kind, message)
            .entry(&self.after.id)
            .at(Side::New, self.span(key))
    }

    /// A change of life: retired in one version and not in the other. Once
    /// retired, nothing else about the entry reaches clients.
    fn retirement(&self) -> Option<Vec<Change>> {
        let (before, after) = (self.before, self.after);
        let id = after.id.as_str();
        let change = match (before.is_retired(), after.is_retired()) {
            (false, false) => return None,
            (true, true) => return Some(Vec::new()),
            (false, true) if is_deprecated(before) => self.change(
                Impact::Compatible,
                "entry-retired",
                "retired",
                format!("`{id}` is retired after its deprecation"),
            ),
            (false, true) => self
                .change(
                    Impact::Breaking,
                    "entry-retired",
                    "retired",
                    format!("`{id}` is retired without being deprecated first"),
                )
                .help("deprecate it first (`deprecated = true`), and retire it in a later version"),
            (true, false) => self
                .change(
                    Impact::Notable,
                    "entry-restored",
                    "id",
                    format!("`{id}` is sent again after its retirement"),
                )
                .help("clients that dropped its handling see it again"),
        };
        Some(vec![change])
    }

    fn changes(&self) -> Vec<Change> {
        if let Some(changes) = self.retirement() {
            return changes;
        }
        let (before, after) = (self.before, self.after);
        let id = after.id.as_str();
        let mut changes = Vec::new();

        let (old_code, new_code) = (before.wire_code(), after.wire_code());
        if old_code != new_code {
            changes.push(
                self.change(
                    Impact::Breaking,
                    "code-changed",
                    "code",
                    format!(
                        "`{id}` changes its wire code from {} to {}",
                        shown_code(&old_code, &new_code),
                        shown_code(&new_code, &old_code)
                    ),
                )
                .help("clients match on codes: add a new entry and deprecate this one instead"),
            );
        }
        let old_status = self.old_catalog.status_of(before);
        let new_status = self.new_catalog.status_of(after);
        if old_status != new_status {
            changes.push(
                self.change(
                    Impact::Breaking,
                    "status-changed",
                    "status",
                    format!(
                        "`{id}` changes its HTTP status from {} to {}",
                        shown_status(old_status),
                        shown_status(new_status)
                    ),
                )
                .help("clients and proxies branch on the status: add a new entry with the new status and deprecate this one, or accept the change in a `--policy` file"),
            );
        }
        for (name, param) in &before.params {
            match after.params.get(name) {
                None => changes.push(
                    self.change(
                        Impact::Breaking,
                        "param-removed",
                        "params",
                        format!("`{id}` no longer has the param `{name}`"),
                    )
                    .help("clients reading its value lose it (gRPC and the `google` profile send params in `ErrorInfo.metadata`; other profiles only in the message), and callers of the generated constructor must change"),
                ),
                Some(now) if now.kind() != param.kind() => changes.push(
                    self.change(
                        Impact::Breaking,
                        "param-type-changed",
                        "params",
                        format!(
                            "`{id}`'s param `{name}` changes type from {} to {}",
                            param.kind().as_str(),
                            now.kind().as_str()
                        ),
                    )
                    .at(Side::New, self.spans.params.get(name).cloned().or(self.span("params")))
                    .help("callers of the generated constructor must pass the new type, and clients reading its value get another: add a param with the new type instead"),
                ),
                Some(_) => {}
            }
        }
        for name in after.params.keys() {
            if !before.params.contains_key(name) {
                changes.push(
                    self.change(
                        Impact::Notable,
                        "param-added",
                        "params",
                        format!(
                            "`{id}` gains the param `{name}`: code that builds it must pass it"
                        ),
                    )
                    .at(
                        Side::New,
                        self.spans.params.get(name).cloned().or(self.span("params")),
                    ),
                );
            }
        }
        if before.retry != after.retry {
            changes.push(self.change(
                Impact::Notable,
                "retry-changed",
                "retry",
                format!(
                    "`{id}` changes its retry advice from {} to {}",
                    shown_retry(before.retry.as_ref()),
                    shown_retry(after.retry.as_ref())
                ),
            ));
        }
        if before.internal != after.internal {
            changes.push(self.change(
                Impact::Notable,
                "internal-changed",
                "internal",
                if after.internal {
                    format!("`{id}` becomes internal: clients get a generic message")
                } else {
                    format!("`{id}` is no longer internal: clients see its message and values")
                },
            ));
        }
        // Attributes of the catalog's own profile shape its bodies (Plain's `type`).
        let profile = self.new_catalog.profile_name();
        let profiles = before
            .wire
            .keys()
            .chain(after.wire.keys().filter(|p| !before.wire.contains_key(*p)));
        for wire_profile in profiles {
            // Over gRPC the code is the status clients branch on. It is
            // derived from the HTTP status (whose change is breaking above)
            // unless `wire.grpc.code` names it.
            let grpc_code = |entry: &Entry| entry.wire_attr("grpc", "code").cloned();
            if wire_profile == "grpc" && grpc_code(before) != grpc_code(after) {
                changes.push(
                    self.change(
                        Impact::Breaking,
                        "grpc-code-changed",
                        "wire",
                        format!("`{id}` changes the gRPC code it names in `wire.grpc.code`"),
                    )
                    .help("gRPC clients branch on the code: add a new entry and deprecate this one instead"),
                );
                continue;
            }
            if before.wire.get(wire_profile) != after.wire.get(wire_profile) {
                let impact = if wire_profile == profile {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                };
                changes.push(self.change(
                    impact,
                    "wire-changed",
                    "wire",
                    format!("`{id}` changes its `wire.{wire_profile}` attributes"),
                ));
            }
        }
        if before.meta != after.meta {
            let keys = |meta: &Option<serde_json::Value>| -> Vec<String> {
                match meta {
                    Some(serde_json::Value::Object(members)) => members.keys().cloned().collect(),
                    _ => Vec::new(),
                }
            };
            let after_keys = keys(&after.meta);
            let removed: Vec<String> = keys(&before.meta)
                .into_iter()
                .filter(|key| !after_keys.contains(key))
                .map(|key| format!("`{key}`"))
                .collect();
            changes.push(if removed.is_empty() {
                self.change(
                    Impact::Notable,
                    "meta-changed",
                    "meta",
                    format!("`{id}` changes the `meta` it sends"),
                )
            } else {
                self.change(
                    Impact::Notable,
                    "meta-key-removed",
                    "meta",
                    format!(
                        "`{id}` no longer sends the `meta` key {}",
                        removed.join(", ")
                    ),
                )
            });
        }
        if before.title != after.title {
            changes.push(self.change(
                Impact::Compatible,
                "title-changed",
                "title",
                format!("`{id}` rewords its title"),
            ));
        }
        if before.message != after.message {
            changes.push(self.change(
                Impact::Compatible,
                "message-changed",
                "message",
                format!("`{id}` rewords its message"),
            ));
        }
        // The suggestion is sent (problem's `suggestion`); the rest of an
        // entry's text is its reference page's.
        match (&before.suggestion, &after.suggestion) {
            (Some(_), None) => changes.push(self.change(
                Impact::Notable,
                "suggestion-removed",
                "id",
                format!("`{id}` no longer sends a suggestion"),
            )),
            (old, new) if old != new => changes.push(self.change(
                Impact::Compatible,
                "suggestion-changed",
                "suggestion",
                if old.is_none() {
                    format!("`{id}` sends a suggestion")
                } else {
                    format!("`{id}` rewords its suggestion")
                },
            )),
            _ => {}
        }
        let reference: Vec<&str> = [
            ("summary", before.summary != after.summary),
            ("description", before.description != after.description),
            ("causes", before.causes != after.causes),
            ("resolutions", before.resolutions != after.resolutions),
        ]
        .into_iter()
        .filter_map(|(field, changed)| changed.then_some(field))
        .collect();
        if let Some(first) = reference.first() {
            changes.push(self.change(
                Impact::Compatible,
                "reference-changed",
                first,
                format!(
                    "`{id}` changes its {} (reference text, never sent)",
                    reference.join(", ")
                ),
            ));
        }
        if !is_deprecated(before) && is_deprecated(after) {
            changes.push(self.change(
                Impact::Compatible,
                "deprecated",
                "deprecated",
                format!("`{id}` is deprecated"),
            ));
        }
        changes
    }
}

fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_owned(), |text| format!("`{text}`"))
}

fn shown_status(status: Option<u16>) -> String {
    status.map_or_else(|| "none (500)".to_owned(), |status| status.to_string())
}

fn shown_retry(retry: Option<&Retry>) -> String {
    match retry {
        None => "none".to_owned(),
        Some(Retry::Policy(RetryPolicy::Never)) => "never".to_owned(),
        Some(Retry::Policy(RetryPolicy::Safe)) => "safe".to_owned(),
        Some(Retry::After {
            after: RetryAfter::Seconds(seconds),
        }) => format!("after {seconds} s"),
        Some(Retry::After {
            after: RetryAfter::Param(name),
        }) => format!("after the `{name}` param"),
    }
}

/// A count per impact, as `2 breaking, 1 notable, 3 compatible changes`.
pub fn summary(changes: &[Change]) -> String {
    let count = |impact| changes.iter().filter(|c| c.impact == impact).count();
    let total = changes.len();
    let accepted = changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking && c.accepted.is_some())
        .count();
    format!(
        "{} breaking{}, {} notable, {} compatible {}",
        count(Impact::Breaking),
        if accepted > 0 {
            format!(" ({accepted} accepted)")
        } else {
            String::new()
        },
        count(Impact::Notable),
        count(Impact::Compatible),
        if total == 1 { "change" } else { "changes" }
    )
}

/// Every kind of change `diff` reports, for policies to name.
pub const KINDS: &[&str] = &[
    "profile-changed",
    "catalog-renamed",
    "docs-url-changed",
    "domain-changed",
    "code-changed",
    "status-changed",
    "grpc-code-changed",
    "param-removed",
    "param-type-changed",
    "param-added",
    "retry-changed",
    "internal-changed",
    "wire-changed",
    "meta-changed",
    "meta-key-removed",
    "title-changed",
    "message-changed",
    "suggestion-changed",
    "suggestion-removed",
    "reference-changed",
    "deprecated",
    "entry-added",
    "entry-removed",
    "entry-retired",
    "entry-restored",
    "retired-entry-removed",
    "locale-added",
    "locale-removed",
    "translation-added",
    "translation-changed",
    "translation-removed",
    "translation-stale",
];

/// A team's exceptions to the rules, kept in a file beside the catalog
/// (`errcat diff --policy errors.diff.toml`):
///
/// ```toml
/// [impact]                      # raise or lower a kind of change everywhere
/// message-changed = "notable"
///
/// [[accept]]                    # a named change that may break, and why
/// kind = "status-changed"
/// id = "contact_not_found"      # only this entry; every entry when absent
/// reason = "410 agreed with the SDK team (#123)"
/// ```
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// A new impact per kind of change.
    #[serde(default)]
    pub impact: IndexMap<String, Impact>,
    /// Changes accepted with a reason.
    #[serde(default)]
    pub accept: Vec<Accept>,
}

/// One accepted change.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accept {
    /// The kind of change.
    pub kind: String,
    /// The entry; every entry when absent.
    #[serde(default)]
    pub id: Option<String>,
    /// Why it is accepted: printed with the change.
    pub reason: String,
}

impl Policy {
    /// Reads a policy, naming any kind of change `diff` does not report.
    pub fn parse(text: &str) -> Result<Policy, String> {
        let policy: Policy = toml::from_str(text).map_err(|error| error.to_string())?;
        let kinds = policy
            .impact
            .keys()
            .chain(policy.accept.iter().map(|accept| &accept.kind));
        for kind in kinds {
            if !KINDS.contains(&kind.as_str()) {
                let near = crate::load::closest(kind, KINDS.iter().copied())
                    .map(|near| format!("; did you mean `{near}`?"))
                    .unwrap_or_default();
                return Err(format!("unknown kind of change `{kind}`{near}"));
            }
        }
        Ok(policy)
    }

    /// Applies the policy to `changes`: new impacts first, then acceptances.
    /// Returns the acceptances that matched no change (stale exceptions).
    pub fn apply(&self, changes: &mut [Change]) -> Vec<&Accept> {
        let mut used = vec![false; self.accept.len()];
        for change in changes.iter_mut() {
            if let Some(impact) = self.impact.get(change.kind) {
                change.impact = *impact;
            }
            let matching = self.accept.iter().enumerate().find(|(_, accept)| {
                accept.kind == change.kind
                    && accept
                        .id
                        .as_ref()
                        .is_none_or(|id| Some(id) == change.id.as_ref())
            });
            if let Some((at, accept)) = matching {
                used[at] = true;
                change.accepted = Some(accept.reason.clone());
            }
        }
        changes.sort_by_key(order);
        self.accept
            .iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(accept, _)| accept)
            .collect()
    }
}

/// A wire code as written, with text codes quoted as JSON strings when the
/// `other` side is a number (`1001` to `"1001"`), so a change of type shows.
fn shown_code(code: &crate::Code, other: &crate::Code) -> String {
    match (code, other) {
        (crate::Code::Text(text), crate::Code::Int(_)) => {
            format!("`{}`", serde_json::Value::String(text.clone()))
        }
        (code, _) => format!("`{code}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SourceFile, parse};

    const OLD: &str = r#"
[catalog]
name = "Contacts"
docs_url = "https://docs.example.com/errors/{code}"

[[errors]]
id = "contact_not_found"
status = 404
message = "No contact {id}"
params.id = "string"

[[errors]]
id = "contact_email_taken"
status = 409
message = "The email is taken"

[[errors]]
id = "rate_limited"
status = 429
message = "Slow down"
retry = { after = 30 }

[[errors]]
id = "legacy_error"
code = "legacy"
status = 400
message = "Old"
deprecated = true

[[errors]]
id = "old_name"
code = "shared_code"
status = 400
message = "Renamed"
"#;

    fn parsed(name: &str, text: &str) -> Parsed {
        let parsed = parse(SourceFile::new(name, text));
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        parsed
    }

    /// Each change from `old` to `new` as its impact, kind and message.
    fn summarized(old: &Parsed, new: &Parsed) -> Vec<(Impact, &'static str, String)> {
        diff(old, new)
            .into_iter()
            .map(|c| (c.impact, c.kind, c.message))
            .collect()
    }

    fn changes(new: &str) -> Vec<(Impact, &'static str, String)> {
        summarized(&parsed("old.toml", OLD), &parsed("new.toml", new))
    }

    /// A suggestion is sent, so losing it is notable (breaking for clients
    /// that read it by name); reference text is compatible, never silent.
    #[test]
    fn suggestions_and_reference_text_are_reported() {
        let catalog = |rest: &str| {
            parsed(
                "c.toml",
                &format!("[[errors]]\nid = \"a\"\nstatus = 404\nmessage = \"A\"\n{rest}"),
            )
        };
        let old =
            catalog("suggestion = \"Check the id.\"\ndescription = \"D\"\ncauses = [\"x\"]\n");
        assert_eq!(
            summarized(&old, &catalog("description = \"D2\"\n")),
            [
                (
                    Impact::Notable,
                    "suggestion-removed",
                    "`a` no longer sends a suggestion".to_owned()
                ),
                (
                    Impact::Compatible,
                    "reference-changed",
                    "`a` changes its description, causes (reference text, never sent)".to_owned()
                ),
            ]
        );
        assert_eq!(
            summarized(
                &old,
                &catalog("suggestion = \"Check it.\"\ndescription = \"D\"\ncauses = [\"x\"]\n")
            ),
            [(
                Impact::Compatible,
                "suggestion-changed",
                "`a` rewords its suggestion".to_owned()
            )]
        );
        let removed = diff_at(
            &old,
            &catalog("description = \"D\"\ncauses = [\"x\"]\n"),
            Level::Json,
        );
        assert_eq!(removed[0].impact, Impact::Breaking, "{removed:?}");
    }

    #[test]
    fn a_code_that_changes_type_shows_the_text_one_quoted() {
        let catalog = |code: &str| {
            parsed(
                "c.toml",
                &format!("[[errors]]\nid = \"a\"\ncode = {code}\nstatus = 404\nmessage = \"A\"\n"),
            )
        };
        assert_eq!(
            summarized(&catalog("1001"), &catalog("\"1001\"")),
            [(
                Impact::Breaking,
                "code-changed",
                "`a` changes its wire code from `1001` to `\"1001\"`".to_owned()
            )]
        );
    }

    #[test]
    fn a_source_change_its_translation_missed_is_named_and_languages_are_counted() {
        let catalog = |message: &str, locales: &str| {
            parsed(
                "t.toml",
                &format!(
                    "[[errors]]\nid = \"a\"\nstatus = 404\nmessage = \"{message}\"\n{locales}"
                ),
            )
        };
        let french = "[translations.fr.a]\nmessage = \"Introuvable\"\n";
        let german = "[translations.de.a]\nmessage = \"Nicht gefunden\"\n";
        let found = summarized(
            &catalog("Not found", &format!("{french}{german}")),
            &catalog(
                "Nothing found",
                &format!("{french}[translations.ru.a]\nmessage = \"x\"\n"),
            ),
        );
        assert_eq!(
            found,
            [
                (
                    Impact::Notable,
                    "locale-removed",
                    "`de` is no longer spoken: clients asking for it get `en`".to_owned()
                ),
                (
                    Impact::Notable,
                    "translation-stale",
                    "`a` changes its `en` message but not its `fr` translation (text and `translated_from`)".to_owned()
                ),
                (
                    Impact::Compatible,
                    "message-changed",
                    "`a` rewords its message".to_owned()
                ),
                (
                    Impact::Compatible,
                    "locale-added",
                    "`ru` is a new language (1 of 1 entries translated)".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn an_entry_gaining_losing_or_rewording_a_translation_is_named() {
        let catalog = |translations: &str| {
            parsed(
                "t.toml",
                &format!(
                    "[[errors]]\nid = \"a\"\nstatus = 404\nmessage = \"Not found\"\n\
                     [[errors]]\nid = \"b\"\nstatus = 409\nmessage = \"Taken\"\n\
                     [[errors]]\nid = \"c\"\nstatus = 410\nmessage = \"Gone\"\n{translations}"
                ),
            )
        };
        let found = summarized(
            &catalog(
                "[translations.fr.a]\nmessage = \"Introuvable\"\n\
                 [translations.fr.b]\nmessage = \"Pris\"\n",
            ),
            &catalog(
                "[translations.fr.b]\nmessage = \"Déjà pris\"\ntranslated_from = \"message:0\"\n\
                 [translations.fr.c]\nmessage = \"Disparu\"\n",
            ),
        );
        assert_eq!(
            found,
            [
                (
                    Impact::Notable,
                    "translation-removed",
                    "`a` is no longer translated into `fr`: clients asking for it get `en`"
                        .to_owned()
                ),
                (
                    Impact::Compatible,
                    "translation-changed",
                    "`b` changes its `fr` message".to_owned()
                ),
                (
                    Impact::Compatible,
                    "translation-added",
                    "`c` is now translated into `fr`".to_owned()
                ),
            ]
        );
        // A new stamp alone rewords nothing.
        let stamped = catalog(
            "[translations.fr.a]\nmessage = \"Introuvable\"\ntranslated_from = \"message:1\"\n",
        );
        assert!(
            diff(
                &catalog("[translations.fr.a]\nmessage = \"Introuvable\"\n"),
                &stamped
            )
            .is_empty()
        );
    }

    #[test]
    fn an_unchanged_catalog_has_no_changes() {
        assert_eq!(changes(OLD), []);
    }

    #[test]
    fn each_kind_of_change_is_classified() {
        let new = OLD
            .replace("status = 404", "status = 410")
            .replace("params.id = \"string\"", "params.id = \"int\"")
            .replace("message = \"The email is taken\"", "message = \"Taken\"\ncode = \"email_taken\"")
            .replace("retry = { after = 30 }", "retry = \"never\"")
            .replace(
                "[[errors]]\nid = \"legacy_error\"\ncode = \"legacy\"\nstatus = 400\nmessage = \"Old\"\ndeprecated = true\n",
                "",
            )
            .replace("id = \"old_name\"", "id = \"new_name\"")
            + "\n[[errors]]\nid = \"brand_new\"\nstatus = 400\nmessage = \"New {field}\"\nparams.field = \"string\"\n";
        let found = changes(&new);
        assert_eq!(
            found,
            [
                (Impact::Breaking, "status-changed", "`contact_not_found` changes its HTTP status from 404 to 410".to_owned()),
                (Impact::Breaking, "param-type-changed", "`contact_not_found`'s param `id` changes type from string to int".to_owned()),
                (Impact::Breaking, "code-changed", "`contact_email_taken` changes its wire code from `contact_email_taken` to `email_taken`".to_owned()),
                (Impact::Notable, "entry-removed", "`legacy_error` (code `legacy`) is removed after its deprecation".to_owned()),
                (Impact::Notable, "entry-removed", "`old_name` is removed; its code `shared_code` is still sent, by `new_name`".to_owned()),
                (Impact::Notable, "retry-changed", "`rate_limited` changes its retry advice from after 30 s to never".to_owned()),
                (Impact::Compatible, "message-changed", "`contact_email_taken` rewords its message".to_owned()),
                (Impact::Compatible, "entry-added", "`new_name` is new (code `shared_code`)".to_owned()),
                (Impact::Compatible, "entry-added", "`brand_new` is new (code `brand_new`)".to_owned()),
            ]
        );
        // Each breaking change says what to do instead.
        let breaking = diff(&parsed("old.toml", OLD), &parsed("new.toml", &new));
        for change in breaking.iter().filter(|c| c.impact == Impact::Breaking) {
            assert!(change.help.is_some(), "{} has no help", change.kind);
        }
    }

    #[test]
    fn retiring_a_deprecated_entry_is_compatible_and_anything_else_is_not() {
        // Deprecated first, then retired: clients were warned.
        let retired = OLD.replace(
            "deprecated = true\n",
            "deprecated = true\nretired = { since = \"3.0\" }\n",
        );
        assert_eq!(
            changes(&retired),
            [(
                Impact::Compatible,
                "entry-retired",
                "`legacy_error` is retired after its deprecation".to_owned()
            )]
        );
        // ...but its constructor and client key go: breaking for source.
        let source = diff_at(
            &parsed("old.toml", OLD),
            &parsed("new.toml", &retired),
            Level::Source,
        );
        assert_eq!(
            (source[0].impact, source[0].kind),
            (Impact::Breaking, "entry-retired")
        );
        // Retired without warning anyone first.
        let abrupt = OLD.replace(
            "message = \"Slow down\"\n",
            "message = \"Slow down\"\nretired = true\n",
        );
        assert_eq!(
            changes(&abrupt),
            [(
                Impact::Breaking,
                "entry-retired",
                "`rate_limited` is retired without being deprecated first".to_owned()
            )]
        );
        // Once retired, its other keys reach no client.
        let retired_v2 = parsed("v2.toml", &retired);
        let edited = retired.replace(
            "status = 400\nmessage = \"Old\"",
            "status = 410\nmessage = \"Older\"",
        );
        assert!(diff(&retired_v2, &parsed("v3.toml", &edited)).is_empty());
        // Deleting the tombstone frees its code; bringing it back sends it again.
        let deleted = retired.replace(
            "[[errors]]\nid = \"legacy_error\"\ncode = \"legacy\"\nstatus = 400\nmessage = \"Old\"\ndeprecated = true\nretired = { since = \"3.0\" }\n",
            "",
        );
        let found: Vec<_> = diff(&retired_v2, &parsed("v3.toml", &deleted))
            .into_iter()
            .map(|c| (c.impact, c.kind))
            .collect();
        assert_eq!(found, [(Impact::Notable, "retired-entry-removed")]);
        let found: Vec<_> = diff(&retired_v2, &parsed("v3.toml", OLD))
            .into_iter()
            .map(|c| (c.impact, c.kind))
            .collect();
        assert_eq!(found, [(Impact::Notable, "entry-restored")]);
    }

    #[test]
    fn kinds_lists_every_kind_this_file_reports() {
        // Every `Impact::X, "kind"` in this file's code (before the tests).
        let source = include_str!("diff.rs");
        let code = &source[..source.find("#[cfg(test)]").unwrap()];
        let mut found = Vec::new();
        for piece in code.split("Impact::").skip(1) {
            let Some(rest) = ["Breaking,", "Notable,", "Compatible,"]
                .iter()
                .find_map(|impact| piece.strip_prefix(impact))
            else {
                continue;
            };
            let rest = rest.trim_start();
            if let Some(literal) = rest.strip_prefix('"') {
                found.push(&literal[..literal.find('"').unwrap()]);
            }
        }
        assert!(found.len() > 20, "{found:?}");
        for kind in found {
            assert!(KINDS.contains(&kind), "`{kind}` is missing from KINDS");
        }
    }

    #[test]
    fn a_policy_changes_impacts_accepts_named_changes_and_names_stale_ones() {
        let new = OLD
            .replace("status = 404", "status = 410")
            .replace("message = \"The email is taken\"", "message = \"Taken\"");
        let policy = Policy::parse(
            "[impact]\nmessage-changed = \"notable\"\n\n[[accept]]\nkind = \"status-changed\"\nid = \"contact_not_found\"\nreason = \"agreed in #123\"\n\n[[accept]]\nkind = \"code-changed\"\nreason = \"never happens\"\n",
        )
        .unwrap();
        let mut found = diff(&parsed("old.toml", OLD), &parsed("new.toml", &new));
        let stale = policy.apply(&mut found);
        let rows: Vec<_> = found
            .iter()
            .map(|c| (c.impact, c.kind, c.accepted.as_deref(), c.fails()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    Impact::Breaking,
                    "status-changed",
                    Some("agreed in #123"),
                    false
                ),
                (Impact::Notable, "message-changed", None, false),
            ]
        );
        assert_eq!(
            summary(&found),
            "1 breaking (1 accepted), 1 notable, 0 compatible changes"
        );
        assert_eq!(
            stale.iter().map(|a| a.kind.as_str()).collect::<Vec<_>>(),
            ["code-changed"]
        );
        assert_eq!(
            Policy::parse("[[accept]]\nkind = \"status-change\"\nreason = \"x\"\n").unwrap_err(),
            "unknown kind of change `status-change`; did you mean `status-changed`?"
        );
        assert!(Policy::parse("[impact]\nmessage-changed = \"fatal\"\n").is_err());
    }

    #[test]
    fn each_level_adds_its_rules_to_the_one_below() {
        let at = |new: &str, level| -> Vec<(Impact, &'static str)> {
            diff_at(&parsed("old.toml", OLD), &parsed("new.toml", new), level)
                .into_iter()
                .map(|c| (c.impact, c.kind))
                .collect()
        };
        // A renamed id: the same code on the wire, a new constructor in code.
        let renamed = OLD.replace("id = \"old_name\"", "id = \"new_name\"");
        assert_eq!(
            at(&renamed, Level::Wire),
            [
                (Impact::Notable, "entry-removed"),
                (Impact::Compatible, "entry-added")
            ]
        );
        assert_eq!(at(&renamed, Level::Json), at(&renamed, Level::Wire));
        assert_eq!(
            at(&renamed, Level::Source),
            [
                (Impact::Breaking, "entry-removed"),
                (Impact::Compatible, "entry-added")
            ]
        );
        // A meta key dropped: clients reading it by name break from `json` up.
        let with_meta = OLD.replace(
            "message = \"Slow down\"",
            "message = \"Slow down\"\nmeta = { bucket = \"api\", scope = \"user\" }",
        );
        let dropped = with_meta.replace("bucket = \"api\", ", "");
        let meta = |level| {
            diff_at(
                &parsed("old.toml", &with_meta),
                &parsed("new.toml", &dropped),
                level,
            )
            .into_iter()
            .map(|c| (c.impact, c.kind, c.message))
            .collect::<Vec<_>>()
        };
        let message = "`rate_limited` no longer sends the `meta` key `bucket`".to_owned();
        assert_eq!(
            meta(Level::Wire),
            [(Impact::Notable, "meta-key-removed", message.clone())]
        );
        assert_eq!(
            meta(Level::Json),
            [(Impact::Breaking, "meta-key-removed", message)]
        );
        // A new param: every call site changes.
        let param = OLD.replace(
            "message = \"Slow down\"",
            "message = \"Slow down, {who}\"\nparams.who = \"string\"",
        );
        assert_eq!(
            at(&param, Level::Wire),
            [
                (Impact::Notable, "param-added"),
                (Impact::Compatible, "message-changed")
            ]
        );
        assert_eq!(
            at(&param, Level::Source)[0],
            (Impact::Breaking, "param-added")
        );
    }

    #[test]
    fn every_built_in_catalog_diffed_with_itself_reports_nothing_at_any_level() {
        for (name, text) in [
            ("clerk", include_str!("../../../catalogs/clerk.toml")),
            ("plain", include_str!("../../../catalogs/plain.toml")),
            ("planfix", include_str!("../../../catalogs/planfix.toml")),
            ("plunk", include_str!("../../../catalogs/plunk.toml")),
            ("quapp", include_str!("../../../catalogs/quapp.toml")),
        ] {
            let catalog = parse(SourceFile::new(name, text));
            for level in [Level::Wire, Level::Json, Level::Source] {
                assert_eq!(
                    diff_at(&catalog, &catalog, level),
                    [],
                    "{name} at {level:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("ERRCAT_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(32)
        ))]
        /// Entries are matched by id: a built-in catalog written back in any
        /// order reports nothing, at any level.
        #[test]
        fn a_built_in_catalog_in_any_entry_order_diffs_as_itself(
            which in 0usize..5,
            seed in proptest::prelude::any::<u64>(),
        ) {
            let (name, text) = [
                ("clerk", include_str!("../../../catalogs/clerk.toml")),
                ("plain", include_str!("../../../catalogs/plain.toml")),
                ("planfix", include_str!("../../../catalogs/planfix.toml")),
                ("plunk", include_str!("../../../catalogs/plunk.toml")),
                ("quapp", include_str!("../../../catalogs/quapp.toml")),
            ][which];
            let original = parse(SourceFile::new(name, text));
            let mut shuffled = original.catalog.clone();
            // A Fisher-Yates shuffle driven by the seed (xorshift).
            let mut state = seed | 1;
            for at in (1..shuffled.entries.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                shuffled.entries.swap(at, (state % (at as u64 + 1)) as usize);
            }
            let written = toml::to_string(&shuffled).unwrap();
            let reordered = parse(SourceFile::new("reordered.toml", &written));
            proptest::prop_assert!(reordered.diagnostics.is_empty(), "{:?}", reordered.diagnostics);
            for level in [Level::Wire, Level::Json, Level::Source] {
                let found = diff_at(&original, &reordered, level);
                proptest::prop_assert!(found.is_empty(), "{name} at {level:?}: {:?}", found);
            }
        }
    }

    #[test]
    fn a_changed_grpc_code_breaks_clients_and_other_wire_attributes_do_not() {
        let with = |code: &str| {
            OLD.replace(
                "id = \"contact_email_taken\"\nstatus = 409\n",
                &format!("id = \"contact_email_taken\"\nstatus = 409\nwire.grpc.code = \"{code}\"\nwire.plain.type = \"VALIDATION\"\n"),
            )
        };
        let old = with("ALREADY_EXISTS");
        let new = with("ABORTED");
        let found: Vec<_> = diff(&parsed("old.toml", &old), &parsed("new.toml", &new))
            .into_iter()
            .map(|c| (c.impact, c.kind))
            .collect();
        assert_eq!(found, [(Impact::Breaking, "grpc-code-changed")]);
        let retyped = new.replace("VALIDATION", "FORBIDDEN");
        let found: Vec<_> = diff(&parsed("old.toml", &new), &parsed("new.toml", &retyped))
            .into_iter()
            .map(|c| (c.impact, c.kind))
            .collect();
        assert_eq!(found, [(Impact::Compatible, "wire-changed")]);
    }

    #[test]
    fn removing_an_entry_that_was_not_deprecated_breaks_clients() {
        let new = OLD.replace(
            "[[errors]]\nid = \"contact_email_taken\"\nstatus = 409\nmessage = \"The email is taken\"\n",
            "",
        );
        assert_eq!(
            changes(&new),
            [(
                Impact::Breaking,
                "entry-removed",
                "`contact_email_taken` (code `contact_email_taken`) is removed".to_owned()
            )]
        );
    }

    #[test]
    fn catalog_changes_that_reshape_every_body_break_clients() {
        let new = OLD.replace(
            "docs_url = \"https://docs.example.com/errors/{code}\"",
            "docs_url = \"https://example.com/e/{code}\"\nprofile = \"plunk\"",
        );
        let found = changes(&new);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(
            (found[0].0, found[0].1),
            (Impact::Breaking, "profile-changed")
        );
        // Only problem bodies carry the docs URL as their identity.
        assert_eq!(
            (found[1].0, found[1].1),
            (Impact::Compatible, "docs-url-changed")
        );
        // With no `domain`, the docs host is the AIP-193 domain: it changes too.
        assert_eq!(
            found[2],
            (
                Impact::Compatible,
                "domain-changed",
                "the domain changes from `docs.example.com` to `example.com`".to_owned()
            )
        );
        let problem_only = OLD.replace(
            "https://docs.example.com/errors/{code}",
            "https://example.com/e/{code}",
        );
        assert_eq!(changes(&problem_only)[0].0, Impact::Breaking);
    }

    #[test]
    fn a_renamed_catalog_is_notable_for_its_metrics() {
        let name = OLD
            .lines()
            .find(|line| line.starts_with("name = "))
            .expect("the catalog has a name");
        let found = changes(&OLD.replacen(name, "name = \"Renamed API\"", 1));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].0, found[0].1),
            (Impact::Notable, "catalog-renamed")
        );
        assert!(
            found[0].2.contains("to `Renamed API`: errcat's metrics"),
            "{found:?}"
        );
    }

    #[test]
    fn a_changed_house_profile_breaks_clients() {
        let old = "[catalog]\nname = \"G\"\nprofile = \"acme\"\n\n[profiles.acme]\nbody = '{\"c\": \"{code}\"}'\n\n[[errors]]\nid = \"a\"\nstatus = 400\nmessage = \"A\"\n";
        let new = old.replace("'{\"c\":", "'{\"code\":");
        let found = diff(&parsed("old.toml", old), &parsed("new.toml", &new));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].impact, found[0].kind),
            (Impact::Breaking, "profile-changed")
        );
    }

    #[test]
    fn a_default_status_change_moves_the_entries_without_their_own() {
        let old = "[catalog]\nname = \"G\"\nprofile = \"plain\"\n\n[[errors]]\nid = \"a\"\nmessage = \"A\"\n";
        let new = old.replace(
            "profile = \"plain\"",
            "profile = \"plain\"\ndefault_status = 400",
        );
        let found = diff(&parsed("old.toml", old), &parsed("new.toml", &new));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "`a` changes its HTTP status from none (500) to 400"
        );
        assert_eq!(
            found[0].span,
            Some(new.find("id = \"a\"").map(|at| at + 5..at + 8).unwrap())
        );
    }
}
