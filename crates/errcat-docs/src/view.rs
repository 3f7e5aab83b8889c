//! What pages show: catalogs and entries as plain, serializable views,
//! built once and shared by Markdown, the static site and the portal.

use errcat_catalog::template::{FormatSpec, Segment, Template, write_quoted};
use errcat_catalog::translation::{Freshness, freshness};
use errcat_catalog::{
    Catalog, Code, Deprecation, Entry, ParamType, Retry, RetryAfter, RetryPolicy, is_safe_link,
};
use errcat_runtime::examples::{render_example, sample_input, sample_value};
use errcat_runtime::{CompiledCatalog, Profile};
use serde::Serialize;

use crate::{languages, markdown};

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
    /// The language of this view's text (`en`): the catalog's own locale, or
    /// the one it is translated into.
    pub locale: String,
    /// For a translated view, its locale (`fr`), which is also the path
    /// segment its pages sit under (`catalogs/<slug>/fr/`); `None` for the
    /// catalog's own text, whose pages stay at `catalogs/<slug>/`.
    pub translation: Option<String>,
    /// Every locale the catalog speaks, its own first: the language switcher,
    /// shown when there is more than one.
    pub locales: Vec<LocaleView>,
    /// The catalog in each of its other locales, in [`CatalogView::locales`]
    /// order after the first; empty in those views themselves. Pages read one
    /// view at a time, so templates never see it.
    #[serde(skip)]
    pub translated: Vec<CatalogView>,
}

/// A language a catalog speaks, as the language switcher links it.
#[derive(Debug, Clone, Serialize)]
pub struct LocaleView {
    /// Its tag (`fr`), for `lang` and `hreflang`.
    pub tag: String,
    /// Its name in its own words (`Français`).
    pub name: String,
    /// Its path segment: `None` for the catalog's own locale (see
    /// [`CatalogView::translation`]).
    pub translation: Option<String>,
    /// Whether it is the language of the page it is shown on.
    pub current: bool,
}

impl CatalogView {
    /// The catalog in locale `index` of [`CatalogView::locales`]: `0` is this
    /// view, the others its translations.
    pub fn in_locale(&self, index: usize) -> Option<&CatalogView> {
        match index.checked_sub(1) {
            None => Some(self),
            Some(at) => self.translated.get(at),
        }
    }

    /// The index in [`CatalogView::locales`] of the locale `tag` names, as
    /// [`locale_of`] finds it (`FR` and `fr-CA` name `fr`).
    pub fn locale_index(&self, tag: &str) -> Option<usize> {
        lookup(tag, self.locales.iter().map(|l| l.tag.as_str()))
    }

    /// This view, then each of its translations.
    pub fn every_locale(&self) -> impl Iterator<Item = &CatalogView> {
        std::iter::once(self).chain(&self.translated)
    }
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
    /// The message as a reader reads it, which search indexes and shows:
    /// a plural or select form as its `other` arm (see
    /// `Template::readable`), placeholders as written.
    pub message_readable: Option<String>,
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
    /// The language of the entry's text on this page (`fr`).
    pub locale: String,
    /// The catalog's own language (`en`): the language of the fields in
    /// [`EntryView::untranslated`].
    pub source_locale: String,
    /// On a translated page, the text fields its translation leaves out
    /// (`description`), shown in the catalog's own language instead.
    pub untranslated: Vec<String>,
    /// On a translated page whose translation was made from older source
    /// text, a note that says which source fields changed since.
    pub stale: Option<String>,
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
///
/// The view is the catalog's own text; [`CatalogView::translated`] holds one
/// view per other locale it speaks, where each text field shows the
/// translation and falls back, field by field, to the catalog's own text.
pub fn catalog_view(slug: &str, compiled: &CompiledCatalog, profiles: &[Profile]) -> CatalogView {
    let profiles = with_own_profile(compiled, profiles);
    let mut view = build_catalog_view(slug, compiled, &profiles, None, &[]);
    // Indexed once for every language's page.
    let fallbacks = compiled.catalog().locale_fallbacks();
    view.translated = compiled
        .catalog()
        .locales()
        .skip(1)
        .map(|locale| {
            build_catalog_view(
                slug,
                compiled,
                &profiles,
                Some(locale),
                &fallbacks.of(locale),
            )
        })
        .collect();
    view
}

/// The locale of `catalog` that `wanted` names, matched as `Accept-Language`
/// is (RFC 4647 lookup, as `errcat render --locale` does): in any case, and
/// shortened a subtag at a time, so `FR` and `fr-CA` name `fr`.
pub fn locale_of<'a>(catalog: &'a Catalog, wanted: &str) -> Option<&'a str> {
    let locales: Vec<&str> = catalog.locales().collect();
    lookup(wanted, locales.iter().copied()).map(|index| locales[index])
}

/// Longest tag [`locale_of`] reads: a path segment or a flag is untrusted
/// input, and lookup shortens it a subtag at a time.
const MAX_TAG_BYTES: usize = 64;

fn lookup<'a>(wanted: &str, locales: impl Iterator<Item = &'a str> + Clone) -> Option<usize> {
    if wanted.len() > MAX_TAG_BYTES {
        return None;
    }
    errcat_runtime::locale::lookup(&[wanted], locales)
}

fn with_own_profile(compiled: &CompiledCatalog, profiles: &[Profile]) -> Vec<Profile> {
    let mut profiles = profiles.to_vec();
    let own = compiled.profile();
    if own.house().is_some() && !profiles.is_empty() && !profiles.contains(&own) {
        profiles.insert(0, own);
    }
    profiles
}

/// One view of a catalog: in its own text (`translation` is `None`) or in
/// the locale `translation` names, an entry it leaves out in the nearest of
/// `fallbacks` that translates it (as a service would send it).
fn build_catalog_view(
    slug: &str,
    compiled: &CompiledCatalog,
    profiles: &[Profile],
    translation: Option<&str>,
    fallbacks: &[&str],
) -> CatalogView {
    let catalog = compiled.catalog();
    let own = compiled.profile();
    let mut entries: Vec<EntryView> = catalog
        .entries
        .iter()
        .map(|entry| entry_view(compiled, entry, profiles, translation, fallbacks))
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
    // `groups` is in the catalog's order, so a group's index is its view's.
    for (index, entry) in catalog.entries.iter().enumerate() {
        match entry
            .group
            .as_deref()
            .and_then(|id| compiled.group_index(id))
        {
            Some(at) => groups[at].entries.push(index),
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
        locale: translation.unwrap_or(catalog.source_locale()).to_owned(),
        translation: translation.map(str::to_owned),
        locales: locale_views(catalog, translation),
        translated: Vec::new(),
    }
}

/// The switcher's languages for a page in `translation` (`None`: the
/// catalog's own).
fn locale_views(catalog: &Catalog, translation: Option<&str>) -> Vec<LocaleView> {
    let source = catalog.source_locale();
    catalog
        .locales()
        .map(|tag| LocaleView {
            tag: tag.to_owned(),
            name: languages::native_name(tag),
            translation: (tag != source).then(|| tag.to_owned()),
            current: tag == translation.unwrap_or(source),
        })
        .collect()
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
    entry_view(compiled, entry, profiles, None, &[])
}

/// [`entry_view_of`] in one locale the catalog speaks (see [`locale_of`]):
/// each text field its translation there (or, where the locale leaves the
/// entry out, in the nearest language a service sends instead: `fr` for
/// `fr-CA`), else the entry's own; `None` when the catalog does not speak
/// `locale`.
pub fn entry_view_in(
    compiled: &CompiledCatalog,
    entry: &Entry,
    profiles: &[Profile],
    locale: &str,
) -> Option<EntryView> {
    let catalog = compiled.catalog();
    let locale = locale_of(catalog, locale)?;
    let translation = (locale != catalog.source_locale()).then_some(locale);
    let fallbacks = translation.map_or_else(Vec::new, |tag| catalog.locale_fallbacks().of(tag));
    Some(entry_view(
        compiled,
        entry,
        profiles,
        translation,
        &fallbacks,
    ))
}

/// An entry's text fields in one locale: each the translation's (the
/// nearest of `fallbacks` that translates the entry), else the entry's own,
/// and what that fallback and the translation's age mean.
struct Localized<'a> {
    title: Option<&'a String>,
    message: Option<&'a String>,
    summary: Option<&'a String>,
    description: Option<&'a String>,
    causes: &'a [String],
    resolutions: &'a [String],
    suggestion: Option<&'a String>,
    /// The fields shown in the catalog's own language.
    untranslated: Vec<&'static str>,
    /// The note a stale translation gets.
    stale: Option<String>,
    /// The locale the translation shown is in (`fr` on an `fr-CA` page
    /// for an entry `fr-CA` leaves out), if one is.
    translated_in: Option<&'a str>,
}

impl<'a> Localized<'a> {
    fn of(
        catalog: &'a Catalog,
        entry: &'a Entry,
        translation: Option<&str>,
        fallbacks: &[&'a str],
    ) -> Self {
        let found = catalog.translation_for(fallbacks, &entry.id);
        let translated = found.map(|(_, translated)| translated);
        let mut untranslated = Vec::new();
        // A translated page notes each field it shows in the source language.
        let mut pick =
            |field: &'static str, own: Option<&'a String>, source: Option<&'a String>| {
                // As the runtime renders it: an empty translation is none.
                if let Some(own) = own.filter(|text| !text.is_empty()) {
                    return Some(own);
                }
                if translation.is_some() && source.is_some_and(|text| !text.trim().is_empty()) {
                    untranslated.push(field);
                }
                source
            };
        let title = pick(
            "title",
            translated.and_then(|t| t.title.as_ref()),
            entry.title.as_ref(),
        );
        let message = pick(
            "message",
            translated.and_then(|t| t.message.as_ref()),
            entry.message.as_ref(),
        );
        let summary = pick(
            "summary",
            translated.and_then(|t| t.summary.as_ref()),
            entry.summary.as_ref(),
        );
        let description = pick(
            "description",
            translated.and_then(|t| t.description.as_ref()),
            entry.description.as_ref(),
        );
        let suggestion = pick(
            "suggestion",
            translated.and_then(|t| t.suggestion.as_ref()),
            entry.suggestion.as_ref(),
        );
        let mut pick_list =
            |field: &'static str, own: Option<&'a [String]>, source: &'a [String]| match own
                .filter(|items| !items.is_empty())
            {
                Some(own) => own,
                None => {
                    if translation.is_some() && !source.is_empty() {
                        untranslated.push(field);
                    }
                    source
                }
            };
        let causes = pick_list(
            "causes",
            translated.map(|t| t.causes.as_slice()),
            &entry.causes,
        );
        let resolutions = pick_list(
            "resolutions",
            translated.map(|t| t.resolutions.as_slice()),
            &entry.resolutions,
        );
        let stale = translated.and_then(|t| match freshness(entry, t) {
            Freshness::Stale(fields) => Some(stale_note(catalog.source_locale(), &fields)),
            Freshness::Current | Freshness::Unstamped => None,
        });
        Localized {
            title,
            message,
            summary,
            description,
            causes,
            resolutions,
            suggestion,
            untranslated,
            stale,
            translated_in: found.map(|(tag, _)| tag),
        }
    }
}

/// `This translation may be out of date: the English title and message
/// changed since it was made.`
fn stale_note(source_locale: &str, fields: &[&str]) -> String {
    let fields = match fields {
        [] => "text".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    format!(
        "This translation may be out of date: the {} {fields} changed since it was made.",
        languages::english_name(source_locale)
    )
}

fn entry_view(
    compiled: &CompiledCatalog,
    entry: &Entry,
    profiles: &[Profile],
    translation: Option<&str>,
    fallbacks: &[&str],
) -> EntryView {
    let catalog = compiled.catalog();
    let source_locale = catalog.source_locale();
    let text = Localized::of(catalog, entry, translation, fallbacks);
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
    let mut input = sample_input(entry);
    // Sample bodies speak the page's language, as `Accept-Language` would choose it.
    input.locale = translation.map(str::to_owned);
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
        heading: [text.title, text.summary, text.message]
            .map(|text| text.map(String::as_str))
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
        title: text.title.cloned(),
        message: text.message.cloned(),
        message_readable: text.message.map(|message| match Template::parse(message) {
            Ok(template) => template.readable(),
            Err(_) => message.clone(),
        }),
        // A message shown untranslated chooses its plural forms by its own language's rules.
        message_html: text.message.map(|m| {
            let locale = match translation {
                Some(locale) if !text.untranslated.contains(&"message") => locale,
                _ => source_locale,
            };
            message_html(entry, m, locale)
        }),
        summary: text.summary.cloned(),
        description: text.description.cloned(),
        description_html: text.description.map(|d| markdown::to_html(d)),
        causes: text.causes.to_vec(),
        resolutions: text.resolutions.to_vec(),
        suggestion: text.suggestion.cloned(),
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
            .and_then(|id| compiled.group(id))
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
        locale: text
            .translated_in
            .or(translation)
            .unwrap_or(source_locale)
            .to_owned(),
        source_locale: source_locale.to_owned(),
        untranslated: text.untranslated.iter().map(|&f| f.to_owned()).collect(),
        stale: text.stale,
    }
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
/// `<mark>` whose title is the placeholder, every piece escaped; a plural or
/// select form shows the arm the example values choose.
fn message_html(entry: &Entry, message: &str, locale: &str) -> String {
    let mut html = String::new();
    let Ok(template) = Template::parse(message) else {
        escape_html(message, &mut html);
        return html;
    };
    let rules = errcat_catalog::plural::rules_for(locale);
    segments_html(entry, template.segments(), rules.as_ref(), &mut html);
    html
}

/// Example values of an entry's params, as templates read arguments.
struct Samples<'a>(&'a Entry);

impl errcat_catalog::template::Arguments for Samples<'_> {
    fn write_arg(
        &self,
        name: &str,
        out: &mut dyn std::fmt::Write,
    ) -> Result<bool, std::fmt::Error> {
        out.write_str(&value_text(&sample_value(self.0, name)))?;
        Ok(true)
    }
}

// Recursion is bounded by the template's own nesting limit.
fn segments_html(
    entry: &Entry,
    segments: &[Segment],
    rules: Option<&errcat_catalog::plural::PluralRules>,
    html: &mut String,
) {
    for segment in segments {
        match segment {
            Segment::Literal(text) => escape_html(text, html),
            Segment::Placeholder(placeholder) | Segment::Number(placeholder) => {
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
                escape_html(&format!("{{{}}}", placeholder.name), html);
                html.push_str("\">");
                escape_html(&shown, html);
                html.push_str("</mark>");
            }
            Segment::Choice(choice) => {
                if let Some(arm) = choice.arm_for(&Samples(entry), rules) {
                    segments_html(entry, arm.template.segments(), rules, html);
                }
            }
        }
    }
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
    // An XML body is given to the client as its text, a JSON one parsed.
    let xml = compiled.profile().reading().xml;
    let (ts_body, python_body) = if xml {
        ("await response.text()", "response.text")
    } else {
        ("await response.json()", "response.json()")
    };
    let ts = format!(
        "// errors.ts: errcat gen ts --catalog errors.toml --out errors.ts\n\
         import {{ parseError }} from \"./errors\";\n\n\
         const response = await fetch(url, init);\n\
         const error = parseError(response.status, response.headers, {ts_body});\n\
         if (error?.code === {literal}) {{\n  \
         // {profile} body; error.message, error.requestId, error.fields\n}}\n"
    );
    let python = format!(
        "# errors.py: errcat gen python --catalog errors.toml --out errors.py\n\
         from errors import parse_error\n\n\
         response = httpx.request(method, url)\n\
         error = parse_error(response.status_code, response.headers, {python_body})\n\
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
    fn search_reads_a_plural_message_as_its_other_arm() {
        let compiled = catalog(
            "[[errors]]\nid = \"rate_limited\"\nstatus = 429\n\
             message = \"Retry in {seconds, plural, one {# second} other {# seconds}}.\"\n\
             params.seconds = \"int\"\n",
        );
        let entry = compiled.catalog().entry("rate_limited").unwrap();
        let view = entry_view_of(&compiled, entry, &[]);
        assert_eq!(
            view.message_readable.as_deref(),
            Some("Retry in {seconds} seconds.")
        );
        let views = [catalog_view("t", &compiled, &[])];
        let index = crate::search::SearchIndex::of_views(&views);
        assert!(
            index.search("plural", 10).unwrap().is_empty(),
            "the form's syntax is not text to find"
        );
        assert_eq!(index.search("seconds", 10).unwrap().len(), 1);
    }

    /// Two entries, one translated into French (title, message), one not at
    /// all, and a Russian translation whose plural forms differ from English.
    const TRANSLATED: &str = r#"
[catalog]
locale = "en"

[[errors]]
id = "invalid_contact"
status = 422
title = "Invalid contact"
message = "The contact has {count, plural, one {# invalid field} other {# invalid fields}}."
description = "Some fields are wrong."
causes = ["A field is empty."]
params.count = { type = "int", example = 3 }

[[errors]]
id = "gone"
status = 410
title = "Gone"

[translations.fr.invalid_contact]
title = "Contact invalide"
message = "Le contact a {count, plural, one {# champ invalide} many {# de champs invalides} other {# champs invalides}}."

[translations.ru.invalid_contact]
title = "Некорректный контакт"
message = "В контакте {count, plural, one {# некорректное поле} few {# некорректных поля} many {# некорректных полей} other {# некорректного поля}}."
"#;

    #[test]
    fn a_translated_view_shows_each_field_translated_else_the_entrys_own() {
        let view = catalog_view("t", &catalog(TRANSLATED), &[]);
        assert_eq!(view.translated.len(), 2);
        let fr = &view.translated[0];
        assert_eq!(
            (fr.locale.as_str(), fr.translation.as_deref()),
            ("fr", Some("fr"))
        );
        let entry = &fr.entries[0];
        assert_eq!(entry.heading, "Contact invalide");
        assert_eq!(entry.title.as_deref(), Some("Contact invalide"));
        assert_eq!(
            entry.message_html.as_deref(),
            Some("Le contact a <mark title=\"{count}\">3</mark> champs invalides.")
        );
        assert_eq!(entry.description.as_deref(), Some("Some fields are wrong."));
        assert_eq!(entry.causes, ["A field is empty."]);
        assert_eq!(entry.untranslated, ["description", "causes"]);
        assert_eq!(
            (entry.locale.as_str(), entry.source_locale.as_str()),
            ("fr", "en")
        );
        assert_eq!(
            entry.stale, None,
            "an unstamped translation cannot be judged"
        );
        // An entry the translation leaves out is the entry's own text.
        assert_eq!(fr.entries[1].heading, "Gone");
        assert_eq!(fr.entries[1].untranslated, ["title"]);
        // Russian chooses its own plural form for the same example value.
        assert_eq!(
            view.translated[1].entries[0].message_html.as_deref(),
            Some("В контакте <mark title=\"{count}\">3</mark> некорректных поля.")
        );
    }

    #[test]
    fn every_view_lists_the_catalogs_locales_with_its_own_marked() {
        let view = catalog_view("t", &catalog(TRANSLATED), &[]);
        let locales = |view: &CatalogView| -> Vec<(String, String, Option<String>, bool)> {
            view.locales
                .iter()
                .map(|l| {
                    (
                        l.tag.clone(),
                        l.name.clone(),
                        l.translation.clone(),
                        l.current,
                    )
                })
                .collect()
        };
        let row = |tag: &str, name: &str, translation: Option<&str>, current: bool| {
            (
                tag.to_owned(),
                name.to_owned(),
                translation.map(str::to_owned),
                current,
            )
        };
        assert_eq!(
            locales(&view),
            [
                row("en", "English", None, true),
                row("fr", "Français", Some("fr"), false),
                row("ru", "Русский", Some("ru"), false),
            ]
        );
        assert_eq!(
            locales(&view.translated[1]),
            [
                row("en", "English", None, false),
                row("fr", "Français", Some("fr"), false),
                row("ru", "Русский", Some("ru"), true),
            ]
        );
        assert_eq!(view.locale_index("FR"), Some(1));
        assert_eq!(view.in_locale(2).map(|v| v.locale.as_str()), Some("ru"));
        assert!(view.in_locale(3).is_none());
        // Tags are matched as `Accept-Language` is.
        let compiled = catalog(TRANSLATED);
        let found = |wanted: &str| locale_of(compiled.catalog(), wanted);
        assert_eq!(found("Fr"), Some("fr"));
        assert_eq!(found("fr-CA"), Some("fr"));
        assert_eq!(found("en-GB"), Some("en"));
        assert_eq!(found("de"), None);
        assert_eq!(view.locale_index("ru-RU"), Some(2));
        let entry = &compiled.catalog().entries[0];
        let fr = entry_view_in(&compiled, entry, &[], "FR").unwrap();
        assert_eq!(fr.heading, "Contact invalide");
        assert!(entry_view_in(&compiled, entry, &[], "de").is_none());
    }

    #[test]
    fn a_catalog_without_translations_has_one_locale_and_its_own_text() {
        let view = catalog_view(
            "t",
            &catalog("[[errors]]\nid = \"a\"\ntitle = \"A\"\n"),
            &[],
        );
        assert!(view.translated.is_empty());
        assert_eq!(
            (view.locale.as_str(), view.translation.as_deref()),
            ("en", None)
        );
        assert_eq!(view.locales.len(), 1);
        assert!(view.entries[0].untranslated.is_empty());
    }

    #[test]
    fn a_translation_made_from_older_text_says_which_fields_changed() {
        let old = Entry {
            id: "a".into(),
            title: Some("Not found".into()),
            message: Some("No contact.".into()),
            ..Entry::default()
        };
        let translation = errcat_catalog::Translation {
            title: Some("Introuvable".into()),
            message: Some("Aucun contact.".into()),
            ..Default::default()
        };
        let stamp = errcat_catalog::translation::stamp(&old, &translation);
        let text = |title: &str| {
            format!(
                "[[errors]]\nid = \"a\"\nstatus = 404\ntitle = \"{title}\"\nmessage = \"No contact.\"\n\
                 [translations.fr.a]\ntranslated_from = \"{stamp}\"\ntitle = \"Introuvable\"\nmessage = \"Aucun contact.\"\n"
            )
        };
        let current = catalog(&text("Not found"));
        let entry = &current.catalog().entries[0];
        assert_eq!(
            entry_view_in(&current, entry, &[], "fr").unwrap().stale,
            None
        );
        let changed = catalog(&text("Contact not found"));
        let entry = &changed.catalog().entries[0];
        assert_eq!(
            entry_view_in(&changed, entry, &[], "fr")
                .unwrap()
                .stale
                .as_deref(),
            Some(
                "This translation may be out of date: the English title changed since it was made."
            )
        );
        assert_eq!(
            entry_view_of(&changed, entry, &[]).stale,
            None,
            "the source page has no note"
        );
        assert_eq!(
            stale_note("en", &["title", "message", "causes"]),
            "This translation may be out of date: the English title, message and causes changed since it was made."
        );
    }

    #[test]
    fn sample_bodies_on_a_translated_page_speak_its_language() {
        let view = catalog_view("t", &catalog(TRANSLATED), &[Profile::PROBLEM]);
        let body = |view: &CatalogView| view.entries[0].examples[0].body.clone();
        assert!(
            body(&view).contains("The contact has 3 invalid fields."),
            "{}",
            body(&view)
        );
        let fr = body(&view.translated[0]);
        assert!(fr.contains("Le contact a 3 champs invalides."), "{fr}");
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
        assert!(code("ts").contains("await response.json()"));
    }

    #[test]
    fn handling_snippets_give_an_xml_body_to_the_client_as_text() {
        let view = catalog_view(
            "s3",
            &catalog(
                "[catalog]\nprofile = \"s3\"\n\n[profiles.s3]\nbody = '<Error><Code>{code}</Code></Error>'\n\n\
                 [[errors]]\nid = \"NoSuchKey\"\nstatus = 404\nmessage = \"No key\"\n",
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
        assert!(
            code("ts")
                .contains("parseError(response.status, response.headers, await response.text())"),
            "{}",
            code("ts")
        );
        assert!(
            code("python")
                .contains("parse_error(response.status_code, response.headers, response.text)"),
            "{}",
            code("python")
        );
    }
}
