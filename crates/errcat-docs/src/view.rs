//! What pages show: catalogs and entries as plain, serializable views,
//! built once and shared by Markdown, the static site and the portal.

use errcat_catalog::{
    Deprecation, Entry, ExampleInput, Retry, RetryAfter, RetryPolicy, is_safe_link,
};
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
        // Defence in depth beside the `docs-url-scheme` lint: pages make this
        // a link, so anything but http(s) or relative (`javascript:`) is dropped.
        docs_url: catalog.docs_url_of(entry).filter(|url| is_safe_link(url)),
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
            (
                "[catalog]\ndocs_url = \"{code}\"\n[[errors]]\nid = \"a\"\ntitle = \"A\"\n",
                Some("a"),
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
}
