//! What pages show: catalogs and entries as plain, serializable views,
//! built once and shared by Markdown, the static site and the portal.

use errcat_catalog::{Deprecation, Entry, ExampleInput, Retry, RetryAfter, RetryPolicy};
use errcat_runtime::examples::render_example;
use errcat_runtime::{CompiledCatalog, Profile};
use serde::Serialize;

/// A catalog as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogView {
    /// The slug in URLs (the file stem: `clerk`).
    pub slug: String,
    /// The catalog's name.
    pub name: String,
    /// What it covers.
    pub description: Option<String>,
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
    /// The short message.
    pub title: Option<String>,
    /// The message template.
    pub message: Option<String>,
    /// The one-line summary.
    pub summary: Option<String>,
    /// The description.
    pub description: Option<String>,
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
    /// The docs URL.
    pub docs_url: Option<String>,
    /// The group's title.
    pub group: Option<String>,
    /// Static meta, as JSON text.
    pub meta: Option<String>,
    /// Example bodies: the catalog's own first, then one per profile.
    pub examples: Vec<ExampleView>,
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
}

/// The request ID example bodies show.
pub const EXAMPLE_REQUEST_ID: &str = "req_8f14e45fceea167a";
/// The timestamp example bodies show.
pub const EXAMPLE_TIMESTAMP: &str = "2025-01-01T12:00:00.000Z";

/// `000037[0]` -> `000037-0`: an id as a path segment and anchor.
pub fn slug_of(id: &str) -> String {
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
    slug
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
    let entries: Vec<EntryView> = catalog
        .entries
        .iter()
        .map(|entry| entry_view(compiled, entry, &profiles))
        .collect();
    let mut groups: Vec<GroupView> = catalog
        .groups
        .iter()
        .map(|g| GroupView {
            id: g.id.clone(),
            title: g.title.clone(),
            description: g.description.clone(),
            entries: Vec::new(),
        })
        .collect();
    let mut ungrouped = GroupView {
        id: String::new(),
        title: "Other errors".to_owned(),
        description: None,
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
        docs_url: catalog.docs_url_of(entry),
        code,
        status: catalog.status_of(entry),
        title: entry.title.clone(),
        message: entry.message.clone(),
        summary: entry.summary.clone(),
        description: entry.description.clone(),
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
        group: entry
            .group
            .as_deref()
            .and_then(|id| catalog.group(id))
            .map(|g| g.title.clone()),
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
    }
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
