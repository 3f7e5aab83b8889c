//! What pages show: catalogs and entries as plain, serializable views,
//! built once and shared by Markdown, the static site and the portal.

use errcat_catalog::template::{FormatSpec, Segment, Template, write_quoted};
use errcat_catalog::{
    Code, Deprecation, Entry, ExampleInput, ParamType, Retry, RetryAfter, RetryPolicy, is_safe_link,
};
use errcat_runtime::examples::render_example;
use errcat_runtime::{CompiledCatalog, Profile};
use serde::Serialize;

use crate::markdown;

/// A catalog as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogView {
    /// The slug in URLs (the file stem: `clerk`).
    pub slug: String,
    /// The catalog's name.
    pub name: String,
    /// What it covers.
    pub description: Option<String>,
    /// The description's Markdown as safe HTML.
    pub description_html: Option<String>,
    /// Where its content came from.
    pub source: Option<String>,
    /// Its wire profile.
    pub profile: String,
    /// The documented error envelope (the house profile's body when it has one).
    pub envelope: Option<String>,
    /// Groups with the indexes of their entries, in order; ungrouped entries last.
    pub groups: Vec<GroupView>,
    /// Every entry, in catalog order.
    pub entries: Vec<EntryView>,
    /// The distinct statuses of its entries, in order (for the status filter).
    pub statuses: Vec<u16>,
}

/// A group of entries.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// The group id (empty for ungrouped entries).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its description.
    pub description: Option<String>,
    /// The description's Markdown as safe HTML.
    pub description_html: Option<String>,
    /// Indexes into [`CatalogView::entries`].
    pub entries: Vec<usize>,
}

/// An entry as pages show it: everything `errcat explain` shows.
#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    /// The entry id.
    pub id: String,
    /// The id made safe for a path segment and an HTML anchor.
    pub slug: String,
    /// The wire code as text.
    pub code: String,
    /// The status, or `None`.
    pub status: Option<u16>,
    /// The canonical gRPC code the entry is sent with over gRPC
    /// (`NOT_FOUND`): `wire.grpc.code`, else derived from the HTTP status.
    pub grpc_code: String,
    /// The short message.
    pub title: Option<String>,
    /// The message template.
    pub message: Option<String>,
    /// The message as safe HTML, each placeholder filled with an example
    /// value and marked: `<mark title="{id}">"c_42"</mark>`.
    pub message_html: Option<String>,
    /// The one-line summary.
    pub summary: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// The description's Markdown as safe HTML.
    pub description_html: Option<String>,
    /// Causes.
    pub causes: Vec<String>,
    /// Resolutions.
    pub resolutions: Vec<String>,
    /// The suggestion.
    pub suggestion: Option<String>,
    /// Params.
    pub params: Vec<ParamView>,
    /// Retry advice in words.
    pub retry: Option<String>,
    /// Deprecation in words.
    pub deprecated: Option<String>,
    /// Retirement in words (`No longer sent since 3.0.`): a retired entry
    /// keeps its page, without examples or handling code.
    pub retired: Option<String>,
    /// The docs URL.
    pub docs_url: Option<String>,
    /// The group's title.
    pub group: Option<String>,
    /// The group's id.
    pub group_id: Option<String>,
    /// Static meta, as JSON text.
    pub meta: Option<String>,
    /// Example bodies: the catalog's own profile first, then the others.
    pub examples: Vec<ExampleView>,
    /// How a client catches it and a service raises it.
    pub handling: Vec<SnippetView>,
    /// Entries sent with the same wire code, then neighbours in its group.
    pub related: Vec<RelatedView>,
    /// The heading text: title, else message, else id.
    pub heading: String,
}

/// A message param.
#[derive(Debug, Clone, Serialize)]
pub struct ParamView {
    /// Its name.
    pub name: String,
    /// Its type.
    pub kind: String,
    /// Its description.
    pub description: Option<String>,
    /// Its example, as JSON text.
    pub example: Option<String>,
}

/// A body in one profile.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleView {
    /// A label: the example's name or the profile's.
    pub label: String,
    /// The profile.
    pub profile: String,
    /// HTTP status of the response.
    pub status: u16,
    /// Content type of the response.
    pub content_type: String,
    /// The body, pretty-printed.
    pub body: String,
    /// Whether this is the catalog's own profile (shown first, others folded).
    pub own: bool,
}

/// A copyable piece of code.
#[derive(Debug, Clone, Serialize)]
pub struct SnippetView {
    /// Short name of the language (`ts`, `python`, `rust`), for anchors.
    pub language: String,
    /// What it shows.
    pub label: String,
    /// The code; catalog values in it are literals escaped for the language.
    pub code: String,
}

/// A link to another entry of the same catalog.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedView {
    /// Its id.
    pub id: String,
    /// Its slug.
    pub slug: String,
    /// Its wire code.
    pub code: String,
    /// Its heading.
    pub heading: String,
    /// Why it is related: `same code` or `same group`.
    pub why: String,
}

/// Most related entries of each kind an entry page lists.
pub const MAX_RELATED: usize = 6;

/// The request ID example bodies show.
pub const EXAMPLE_REQUEST_ID: &str = "req_8f14e45fceea167a";
/// The timestamp example bodies show.
pub const EXAMPLE_TIMESTAMP: &str = "2025-01-01T12:00:00.000Z";

/// An id as a path segment, a file name and an HTML anchor.
///
/// An id made only of ASCII letters, digits, `_` and `-` is its own slug, so
/// its links never change. Any other id (`000037[0]`, `a/b`, `a.b`) becomes
/// those characters with the rest replaced by `-`, then `.` and a hash of the
/// whole id: `000037-0.1e4b8a0c`. No plain id contains `.`, so the two kinds
/// never meet, and different ids with the same readable part differ by their
/// hash ([`catalog_view`] numbers the rare hash collision, so the slugs of one
/// catalog are always distinct). Slugs of ids within
/// [`MAX_ID_BYTES`](errcat_catalog::lints::MAX_ID_BYTES) fit a file name.
pub fn slug_of(id: &str) -> String {
    let plain = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain {
        return id.to_owned();
    }
    let mut slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("id");
    }
    format!("{slug}.{:08x}", fnv1a(id.as_bytes()))
}

/// A stable 32-bit FNV-1a hash: slugs must not change between builds or platforms.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |hash, &byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// Gives each entry of a catalog a slug no other entry has: the hash of
/// [`slug_of`] separates different ids, and this numbers what is left (two
/// ids whose hashes collide, or duplicate ids in a catalog that failed check).
fn distinct_slugs(entries: &mut [EntryView]) {
    let mut taken = std::collections::HashSet::new();
    for entry in entries.iter_mut() {
        if taken.insert(entry.slug.clone()) {
            continue;
        }
        let mut n = 2;
        while !taken.insert(format!("{}.{n}", entry.slug)) {
            n += 1;
        }
        entry.slug = format!("{}.{n}", entry.slug);
    }
}

/// Builds the views of a catalog; `profiles` are the profiles example bodies
/// are shown in, led by the catalog's own when it is a house profile.
pub fn catalog_view(slug: &str, compiled: &CompiledCatalog, profiles: &[Profile]) -> CatalogView {
    let catalog = compiled.catalog();
    let mut profiles = profiles.to_vec();
    let own = compiled.profile();
    if own.house().is_some() && !profiles.is_empty() {
        profiles.insert(0, own);
    }
    let mut entries: Vec<EntryView> = catalog
        .entries
        .iter()
        .map(|entry| entry_view(compiled, entry, &profiles))
        .collect();
    distinct_slugs(&mut entries);
    link_related(&mut entries);
    let mut statuses: Vec<u16> = entries.iter().filter_map(|e| e.status).collect();
    statuses.sort_unstable();
    statuses.dedup();
    let mut groups: Vec<GroupView> = catalog
        .groups
        .iter()
        .map(|g| GroupView {
            id: g.id.clone(),
            title: g.title.clone(),
            description: g.description.clone(),
            description_html: g.description.as_deref().map(markdown::to_html),
            entries: Vec::new(),
        })
        .collect();
    let mut ungrouped = GroupView {
        id: String::new(),
        title: "Other errors".to_owned(),
        description: None,
        description_html: None,
        entries: Vec::new(),
    };
    for (index, entry) in catalog.entries.iter().enumerate() {
        match entry
            .group
            .as_deref()
            .and_then(|id| groups.iter_mut().find(|g| g.id == id))
        {
            Some(group) => group.entries.push(index),
            None => ungrouped.entries.push(index),
        }
    }
    groups.retain(|g| !g.entries.is_empty());
    if !ungrouped.entries.is_empty() {
        if groups.is_empty() {
            ungrouped.title = "Errors".to_owned();
        }
        groups.push(ungrouped);
    }
    CatalogView {
        slug: slug.to_owned(),
        name: if catalog.catalog.name.is_empty() {
            slug.to_owned()
        } else {
            catalog.catalog.name.clone()
        },
        description: catalog.catalog.description.clone(),
        description_html: catalog
            .catalog
            .description
            .as_deref()
            .map(markdown::to_html),
        source: catalog.catalog.source.clone(),
        profile: own.name().to_owned(),
        // A house profile's body is the documented envelope when none is written.
        envelope: catalog.catalog.envelope.clone().or_else(|| {
            Some(
                catalog
                    .profiles
                    .get(catalog.profile_name())?
                    .body
                    .trim()
                    .to_owned(),
            )
        }),
        groups,
        entries,
        statuses,
    }
}

/// Fills each entry's related entries: first those sent with the same wire
/// code, then its nearest neighbours in its group, at most [`MAX_RELATED`] of
/// each. Linear in the number of entries, so large catalogs stay fast.
fn link_related(entries: &mut [EntryView]) {
    use std::collections::HashMap;
    let mut by_code: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_group: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        by_code.entry(&entry.code).or_default().push(index);
        if let Some(group) = &entry.group_id {
            by_group.entry(group).or_default().push(index);
        }
    }
    let related: Vec<Vec<RelatedView>> = entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let link = |other: usize, why: &str| {
                let other = &entries[other];
                RelatedView {
                    id: other.id.clone(),
                    slug: other.slug.clone(),
                    code: other.code.clone(),
                    heading: other.heading.clone(),
                    why: why.to_owned(),
                }
            };
            let same_code: Vec<usize> = by_code[entry.code.as_str()]
                .iter()
                .copied()
                .filter(|&other| other != index)
                .take(MAX_RELATED)
                .collect();
            let mut out: Vec<RelatedView> =
                same_code.iter().map(|&o| link(o, "same code")).collect();
            if let Some(members) = entry.group_id.as_deref().map(|g| &by_group[g]) {
                let at = members.partition_point(|&m| m < index);
                let start = at.saturating_sub(MAX_RELATED / 2);
                out.extend(
                    members[start..]
                        .iter()
                        .copied()
                        .filter(|&other| other != index && !same_code.contains(&other))
                        .take(MAX_RELATED)
                        .map(|o| link(o, "same group")),
                );
            }
            out
        })
        .collect();
    for (entry, related) in entries.iter_mut().zip(related) {
        entry.related = related;
    }
}

/// The view of one entry, as `errcat explain` shows it; `profiles` are the
/// profiles sample bodies are rendered in (none: only the catalog's examples).
pub fn entry_view_of(compiled: &CompiledCatalog, entry: &Entry, profiles: &[Profile]) -> EntryView {
    entry_view(compiled, entry, profiles)
}

fn entry_view(compiled: &CompiledCatalog, entry: &Entry, profiles: &[Profile]) -> EntryView {
    let catalog = compiled.catalog();
    let code = entry.wire_code().to_string();
    let mut examples = Vec::new();
    for example in &entry.examples {
        // The check made sure every example's profile resolves.
        let Ok(profile) = errcat_runtime::examples::example_profile(catalog, example) else {
            continue;
        };
        if let Some(rendered) = render_example(compiled, &entry.id, profile, &example.input) {
            examples.push(example_view(
                example.name.clone().unwrap_or_else(|| "Example".to_owned()),
                profile,
                &rendered,
            ));
        }
    }
    let input = sample_input(entry);
    for &profile in profiles {
        if let Some(rendered) = render_example(compiled, &entry.id, profile, &input) {
            examples.push(example_view(profile.name().to_owned(), profile, &rendered));
        }
    }
    // The catalog's own profile leads; the others are there to compare.
    let own = compiled.profile().name();
    for example in &mut examples {
        example.own = example.profile == own;
    }
    examples.sort_by_key(|example| !example.own);
    EntryView {
        slug: slug_of(&entry.id),
        heading: [
            entry.title.as_deref(),
            entry.summary.as_deref(),
            entry.message.as_deref(),
        ]
        .into_iter()
        .flatten()
        .find(|text| !text.trim().is_empty())
        .unwrap_or(&entry.id)
        .to_owned(),
        id: entry.id.clone(),
        // Defence in depth beside the `docs-url-scheme` lint: pages make this
        // a link, so anything but http(s) or relative (`javascript:`) is dropped.
        docs_url: catalog.docs_url_of(entry).filter(|url| is_safe_link(url)),
        code,
        status: catalog.status_of(entry),
        grpc_code: compiled
            .entry(&entry.id)
            .map(|compiled| errcat_runtime::details::GrpcCode::of_entry(compiled).name())
            .unwrap_or_default()
            .to_owned(),
        title: entry.title.clone(),
        message: entry.message.clone(),
        message_html: entry.message.as_deref().map(|m| message_html(entry, m)),
        summary: entry.summary.clone(),
        description: entry.description.clone(),
        description_html: entry.description.as_deref().map(markdown::to_html),
        causes: entry.causes.clone(),
        resolutions: entry.resolutions.clone(),
        suggestion: entry.suggestion.clone(),
        params: entry
            .params
            .iter()
            .map(|(name, param)| ParamView {
                name: name.clone(),
                kind: param.kind().to_string(),
                description: param.description().map(str::to_owned),
                example: param.example().map(|e| e.to_string()),
            })
            .collect(),
        retry: entry.retry.as_ref().map(describe_retry),
        deprecated: entry.deprecated.as_ref().and_then(describe_deprecation),
        retired: entry.retirement().map(|retirement| retirement.describe()),
        group: entry
            .group
            .as_deref()
            .and_then(|id| catalog.group(id))
            .map(|g| g.title.clone()),
        group_id: entry.group.clone(),
        handling: if entry.is_retired() {
            Vec::new()
        } else {
            handling(compiled, entry)
        },
        related: Vec::new(),
        meta: entry.meta.as_ref().map(|m| m.to_string()),
        examples,
    }
}

/// Arguments from each param's example, so sample bodies read naturally.
pub(crate) fn sample_input(entry: &Entry) -> ExampleInput {
    let mut input = ExampleInput {
        request_id: Some(EXAMPLE_REQUEST_ID.to_owned()),
        timestamp: Some(EXAMPLE_TIMESTAMP.to_owned()),
        ..ExampleInput::default()
    };
    for (name, param) in &entry.params {
        if let Some(example) = param.example() {
            input.args.insert(name.clone(), example.clone());
        }
    }
    input
}

fn example_view(
    label: String,
    profile: Profile,
    rendered: &errcat_runtime::Rendered,
) -> ExampleView {
    let body = errcat_runtime::examples::normalized(&rendered.body)
        .unwrap_or_else(|_| String::from_utf8_lossy(&rendered.body).into_owned());
    ExampleView {
        label,
        profile: profile.name().to_owned(),
        status: rendered.status.as_u16(),
        content_type: rendered
            .header("content-type")
            .unwrap_or("application/json")
            .to_owned(),
        body,
        own: false,
    }
}

/// The value pages show for a param: its example, else a sample of its type.
fn sample_value(entry: &Entry, name: &str) -> serde_json::Value {
    let Some(param) = entry.params.get(name) else {
        return serde_json::Value::String(format!("{{{name}}}"));
    };
    if let Some(example) = param.example() {
        return example.clone();
    }
    match param.kind() {
        ParamType::String => serde_json::Value::String(sample_text(name)),
        ParamType::Int => serde_json::json!(42),
        ParamType::Float => serde_json::json!(1.5),
        ParamType::Bool => serde_json::json!(true),
        ParamType::List => serde_json::json!(["a", "b"]),
    }
}

/// A sample string for a param with no example, guessed from its name.
fn sample_text(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if name.bytes().all(|b| b.is_ascii_digit()) {
        format!("value{name}")
    } else if lower.contains("email") {
        "ada@example.com".to_owned()
    } else if lower == "id" || lower.ends_with("id") || lower.ends_with("_id") {
        "abc_123".to_owned()
    } else if lower.contains("name") {
        "Ada".to_owned()
    } else if lower.contains("url") {
        "https://example.com".to_owned()
    } else {
        format!("example_{}", errcat_codegen::rust_name(name))
    }
}

/// A value as message text: strings as they are, lists comma-separated.
fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Array(items) => {
            items.iter().map(value_text).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

/// Escapes text for HTML content and attribute values, as minijinja does.
fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2f;"),
            c => out.push(c),
        }
    }
}

/// The message with each placeholder replaced by an example value in a
/// `<mark>` whose title is the placeholder, every piece escaped.
fn message_html(entry: &Entry, message: &str) -> String {
    let mut html = String::new();
    let Ok(template) = Template::parse(message) else {
        escape_html(message, &mut html);
        return html;
    };
    for segment in template.segments() {
        match segment {
            Segment::Literal(text) => escape_html(text, &mut html),
            Segment::Placeholder(placeholder) => {
                let text = value_text(&sample_value(entry, &placeholder.name));
                let shown = match placeholder.spec {
                    FormatSpec::Quoted => {
                        let mut quoted = String::new();
                        let _ = write_quoted(&mut quoted, &text);
                        quoted
                    }
                    _ => text,
                };
                html.push_str("<mark title=\"");
                escape_html(&format!("{{{}}}", placeholder.name), &mut html);
                html.push_str("\">");
                escape_html(&shown, &mut html);
                html.push_str("</mark>");
            }
        }
    }
    html
}

/// A value as a Rust argument literal.
fn rust_literal(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => format!("{text:?}"),
        serde_json::Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(rust_literal)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        serde_json::Value::Number(n) if n.is_f64() => {
            let text = n.to_string();
            if text.contains(['.', 'e', 'E']) {
                text
            } else {
                format!("{text}.0")
            }
        }
        other => other.to_string(),
    }
}

/// How to catch the entry with the generated clients and raise it in Rust.
/// Catalog values appear only as literals escaped for each language (a JSON
/// string is a valid TypeScript and Python literal; Rust's `{:?}` of a string
/// is a valid Rust literal); names come from `errcat-codegen`, so they are
/// the constructor's real name.
fn handling(compiled: &CompiledCatalog, entry: &Entry) -> Vec<SnippetView> {
    let code = entry.wire_code();
    let literal = match &code {
        Code::Int(n) => n.to_string(),
        Code::Text(text) => serde_json::to_string(text).unwrap_or_default(),
    };
    let profile = compiled.profile().name();
    let ts = format!(
        "// errors.ts: errcat gen ts --catalog errors.toml --out errors.ts\n\
         import {{ parseError }} from \"./errors\";\n\n\
         const response = await fetch(url, init);\n\
         const error = parseError(response.status, response.headers, await response.json());\n\
         if (error?.code === {literal}) {{\n  \
         // {profile} body; error.message, error.requestId, error.fields\n}}\n"
    );
    let python = format!(
        "# errors.py: errcat gen python --catalog errors.toml --out errors.py\n\
         from errors import parse_error\n\n\
         response = httpx.request(method, url)\n\
         error = parse_error(response.status_code, response.headers, response.json())\n\
         if error is not None and error.code == {literal}:\n    \
         ...  # error.message, error.request_id, error.fields\n"
    );
    let args: Vec<String> = entry
        .params
        .keys()
        .map(|name| {
            let value = sample_value(entry, name);
            match entry.params[name].kind() {
                ParamType::String => format!("{:?}", value_text(&value)),
                ParamType::Bool => match value {
                    serde_json::Value::Bool(b) => b.to_string(),
                    _ => "true".to_owned(),
                },
                ParamType::Int => value
                    .as_i64()
                    .map_or_else(|| "0".to_owned(), |n| n.to_string()),
                ParamType::Float | ParamType::List => rust_literal(&value),
            }
        })
        .collect();
    let rust = format!(
        "errcat::catalog!(\"errors.toml\"); // module `errors`, one constructor per entry\n\n\
         return Err(errors::{}({}));\n",
        errcat_codegen::rust_name(&entry.id),
        args.join(", ")
    );
    vec![
        SnippetView {
            language: "ts".to_owned(),
            label: "TypeScript client".to_owned(),
            code: ts,
        },
        SnippetView {
            language: "python".to_owned(),
            label: "Python client".to_owned(),
            code: python,
        },
        SnippetView {
            language: "rust".to_owned(),
            label: "Rust service".to_owned(),
            code: rust,
        },
    ]
}

fn describe_retry(retry: &Retry) -> String {
    match retry {
        Retry::Policy(RetryPolicy::Never) => "Never: retrying will not help.".to_owned(),
        Retry::Policy(RetryPolicy::Safe) => "Safe to retry with backoff.".to_owned(),
        Retry::After {
            after: RetryAfter::Seconds(s),
        } => format!("Retry after {s} seconds (Retry-After)."),
        Retry::After {
            after: RetryAfter::Param(p),
        } => format!("Retry after `{p}` seconds (Retry-After)."),
    }
}

fn describe_deprecation(deprecation: &Deprecation) -> Option<String> {
    match deprecation {
        Deprecation::Flag(false) => None,
        Deprecation::Flag(true) => Some("Deprecated.".to_owned()),
        Deprecation::Details(details) => {
            let mut text = "Deprecated".to_owned();
            if let Some(since) = &details.since {
                text.push_str(&format!(" since {since}"));
            }
            if let Some(sunset) = &details.sunset {
                text.push_str(&format!(", to be retired in {sunset}"));
            }
            if let Some(replacement) = &details.replacement {
                text.push_str(&format!("; use `{replacement}` instead"));
            }
            if let Some(note) = &details.note {
                text.push_str(&format!(". {note}"));
            }
            text.push('.');
            Some(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalog compiled, or `None` when the whole check rejects it.
    fn compiled(text: &str) -> Option<CompiledCatalog> {
        errcat_runtime::compile(errcat_catalog::SourceFile::new("t.toml", text)).ok()
    }

    fn catalog(text: &str) -> CompiledCatalog {
        compiled(text).expect("the test catalog checks")
    }

    #[test]
    fn plain_ids_keep_their_slug_and_others_get_a_distinct_one() {
        for id in [
            "contact_not_found",
            "AllowlistIdentifierNotFound",
            "4010",
            "a-b",
        ] {
            assert_eq!(slug_of(id), id);
        }
        let slugs: Vec<String> = ["a-b", "a/b", "a.b", "a b", "a-b-", "a[b]", "", "/", "//"]
            .into_iter()
            .map(slug_of)
            .collect();
        let distinct: std::collections::HashSet<&String> = slugs.iter().collect();
        assert_eq!(distinct.len(), slugs.len(), "{slugs:?}");
        assert!(slug_of("000037[0]").starts_with("000037-0."));
        for slug in &slugs {
            assert!(!slug.is_empty() && !slug.starts_with('.'), "{slug:?}");
            assert!(
                slug.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b)),
                "{slug:?}"
            );
        }
    }

    #[test]
    fn ids_that_differ_only_in_punctuation_get_their_own_pages() {
        let view = catalog_view(
            "t",
            &catalog(
                "[[errors]]\nid = \"a-b\"\ntitle = \"1\"\n[[errors]]\nid = \"a/b\"\ntitle = \"2\"\n\
                 [[errors]]\nid = \"a.b\"\ntitle = \"3\"\n[[errors]]\nid = \"a_b\"\ntitle = \"4\"\n",
            ),
            &[],
        );
        let slugs: std::collections::HashSet<&str> =
            view.entries.iter().map(|e| e.slug.as_str()).collect();
        assert_eq!(
            slugs.len(),
            4,
            "{:?}",
            view.entries.iter().map(|e| &e.slug).collect::<Vec<_>>()
        );
    }

    /// Either the check rejects a catalog whose docs links are not http(s)
    /// or relative (the `docs-url-scheme` lint), or the view drops the link.
    #[test]
    fn a_docs_url_that_is_not_http_is_never_a_link() {
        for (text, expected) in [
            (
                "[catalog]\ndocs_url = \"javascript:alert(1)//{code}\"\n[[errors]]\nid = \"a\"\ntitle = \"A\"\n",
                None,
            ),
            // A pattern that starts with neither a scheme nor `/` is refused
            // by the check (`docs-url-scheme`): the code could pick the scheme.
            (
                "[catalog]\ndocs_url = \"{code}\"\n[[errors]]\nid = \"a\"\ntitle = \"A\"\n",
                None,
            ),
            (
                "[catalog]\ndocs_url = \"https://docs.example.com/e/{code}\"\n[[errors]]\nid = \"a\"\ntitle = \"A\"\n",
                Some("https://docs.example.com/e/a"),
            ),
            (
                "[catalog]\ndocs_url = \"/errors/{code}\"\n[[errors]]\nid = \"a\"\ntitle = \"A\"\n",
                Some("/errors/a"),
            ),
            // The code picks the scheme when the pattern starts with it.
            (
                "[catalog]\ndocs_url = \"{code}\"\n[[errors]]\nid = \"a\"\ncode = \"javascript:alert(1)\"\ntitle = \"A\"\n",
                None,
            ),
        ] {
            // Rejected by the check: nothing is ever shown.
            let Some(catalog) = compiled(text) else {
                continue;
            };
            let view = entry_view_of(&catalog, &catalog.catalog().entries[0], &[]);
            assert_eq!(view.docs_url.as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn message_placeholders_show_marked_example_values() {
        let view = catalog_view(
            "t",
            &catalog(
                "[[errors]]\nid = \"contact_not_found\"\nstatus = 404\n\
                 message = \"No contact {id:q} in <{place}> ({count})\"\n\
                 params.id = { type = \"string\", example = \"c_42\" }\n\
                 params.place = \"string\"\nparams.count = \"int\"\n",
            ),
            &[],
        );
        assert_eq!(
            view.entries[0].message_html.as_deref(),
            Some(
                "No contact <mark title=\"{id}\">&quot;c_42&quot;</mark> in &lt;\
                 <mark title=\"{place}\">example_place</mark>&gt; (<mark title=\"{count}\">42</mark>)"
            )
        );
    }

    #[test]
    fn the_catalogs_own_profile_comes_first_and_others_after() {
        let view = catalog_view(
            "t",
            &catalog(
                "[catalog]\nprofile = \"plunk\"\n[[errors]]\nid = \"a\"\nstatus = 404\ntitle = \"A\"\n",
            ),
            Profile::built_in(),
        );
        let examples = &view.entries[0].examples;
        assert_eq!(examples[0].profile, "plunk");
        assert!(examples[0].own);
        assert!(examples[1..].iter().all(|x| !x.own && x.profile != "plunk"));
        assert_eq!(examples.len(), Profile::built_in().len());
    }

    #[test]
    fn related_entries_share_the_code_or_the_group() {
        let view = catalog_view(
            "t",
            &catalog(
                "[[groups]]\nid = \"g\"\ntitle = \"G\"\n\
                 [[errors]]\nid = \"a\"\ncode = \"not_found\"\nstatus = 404\ntitle = \"A\"\ngroup = \"g\"\n\
                 [[errors]]\nid = \"b\"\ncode = \"not_found\"\nstatus = 404\ntitle = \"B\"\n\
                 [[errors]]\nid = \"c\"\nstatus = 400\ntitle = \"C\"\ngroup = \"g\"\n\
                 [[errors]]\nid = \"d\"\nstatus = 400\ntitle = \"D\"\n",
            ),
            &[],
        );
        let related = |i: usize| -> Vec<(String, String)> {
            view.entries[i]
                .related
                .iter()
                .map(|r| (r.id.clone(), r.why.clone()))
                .collect()
        };
        let pair = |id: &str, why: &str| (id.to_owned(), why.to_owned());
        assert_eq!(
            related(0),
            [pair("b", "same code"), pair("c", "same group")]
        );
        assert_eq!(related(1), [pair("a", "same code")]);
        assert_eq!(related(2), [pair("a", "same group")]);
        assert!(related(3).is_empty());
    }

    #[test]
    fn handling_snippets_name_the_generated_api_and_escape_the_code() {
        let view = catalog_view(
            "t",
            &catalog(
                "[[errors]]\nid = \"UnsupportedCountry\"\ncode = \"bad\\\"code\"\nstatus = 403\n\
                 message = \"No {countryName} ({n})\"\nparams.countryName = { type = \"string\", example = \"Narnia\" }\n\
                 params.n = \"int\"\n",
            ),
            &[],
        );
        let snippets = &view.entries[0].handling;
        let code = |language: &str| {
            &snippets
                .iter()
                .find(|s| s.language == language)
                .unwrap()
                .code
        };
        assert!(code("ts").contains("import { parseError }"));
        assert!(
            code("ts").contains(r#"error?.code === "bad\"code""#),
            "{}",
            code("ts")
        );
        assert!(code("python").contains("from errors import parse_error"));
        assert!(code("python").contains(r#"error.code == "bad\"code":"#));
        assert!(
            code("rust").contains(r#"errors::unsupported_country("Narnia", 42)"#),
            "{}",
            code("rust")
        );
    }
}
