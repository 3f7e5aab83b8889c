//! errcat's reference docs: Markdown pages in the manner of the seed
//! references, and a static HTML site (index, a page per catalog and per
//! entry, search that works with no server). A translated catalog has the
//! same pages in each language it speaks, with a language switcher. The
//! portal renders the same templates on request.
//!
//! Templates are minijinja; everything from a catalog is escaped in HTML.
//!
//! Internal crate of errcat: not semver-stable.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, Value, context};
use serde::Serialize;

pub mod clients;
pub mod languages;
pub mod live;
pub mod markdown;
pub mod openapi;
pub mod search;
pub mod view;

pub use view::{
    CatalogView, EntryView, LocaleView, catalog_view, entry_view_in, entry_view_of, locale_of,
    slug_of,
};

/// The site's icon, an SVG; pages embed it as a data URI and the portal also
/// serves it at `/favicon.svg`.
pub const FAVICON_SVG: &str = include_str!("../templates/favicon.svg");

/// The stylesheet every page links.
pub const STYLE_CSS: &str = include_str!("../templates/style.css");
/// The script behind the static site's search.
pub const SEARCH_JS: &str = include_str!("../templates/search.js");

/// Why docs could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocsError {
    /// A file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A template failed to render.
    #[error("a template failed to render")]
    Template(#[from] minijinja::Error),
}

/// The template environment: HTML templates auto-escape, Markdown does not.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    for (name, source) in [
        ("base.html", include_str!("../templates/base.html")),
        ("index.html", include_str!("../templates/index.html")),
        ("catalog.html", include_str!("../templates/catalog.html")),
        ("entry.html", include_str!("../templates/entry.html")),
        (
            "not_found.html",
            include_str!("../templates/not_found.html"),
        ),
        ("catalog.md", include_str!("../templates/catalog.md")),
    ] {
        env.add_template(name, source)
            .expect("built-in templates parse");
    }
    env.add_global("favicon", favicon_data_uri());
    env.add_filter("inline_md", |text: String| {
        Value::from_safe_string(markdown::inline_html(&text))
    });
    env.add_filter("mdcell", |text: String| {
        text.replace('|', "\\|").replace('\n', " ")
    });
    env
}

/// [`FAVICON_SVG`] as a `data:` URI, so pages need no extra file or request.
fn favicon_data_uri() -> String {
    let mut uri = "data:image/svg+xml,".to_owned();
    for c in FAVICON_SVG.trim().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '#' => uri.push_str("%23"),
            '<' => uri.push_str("%3C"),
            '>' => uri.push_str("%3E"),
            '"' => uri.push_str("%22"),
            '\n' => {}
            c => uri.push(c),
        }
    }
    uri
}

/// How links are written: relative files for the static site, paths for the portal.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Links<'a> {
    /// Prefix from the page to the site root (`../../` or `/`).
    pub root: &'a str,
    /// Suffix of catalog page links (`/index.html` or nothing).
    pub ext: &'a str,
    /// Suffix of entry page links (`.html` or nothing).
    pub entry_ext: &'a str,
    /// The index page's name relative to the root.
    pub index_page: &'a str,
    /// Where the search form goes, relative to the root.
    pub search_action: &'a str,
    /// Whether the search runs in the page (static site).
    pub static_search: bool,
    /// Whether catalog pages link the OpenAPI document and client modules
    /// (the portal serves them under `/api/v1/catalogs/SLUG/`).
    pub downloads: bool,
    /// Whether pages are files written by `errcat docs`, which say they are
    /// generated; a live server's pages do not.
    pub generated: bool,
}

impl Links<'_> {
    /// Links of the portal, served from `/`.
    pub const PORTAL: Links<'static> = Links {
        root: "/",
        ext: "",
        entry_ext: "",
        index_page: "",
        search_action: "",
        static_search: false,
        downloads: true,
        generated: false,
    };
}

/// A catalog's card on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogCard {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Number of entries.
    pub count: usize,
    /// Profile.
    pub profile: String,
    /// Description.
    pub description: Option<String>,
    /// The languages it speaks, its own first.
    pub locales: Vec<LocaleView>,
}

impl CatalogCard {
    /// The card of a catalog.
    pub fn of(view: &CatalogView) -> Self {
        CatalogCard {
            slug: view.slug.clone(),
            name: view.name.clone(),
            count: view.entries.len(),
            profile: view.profile.clone(),
            description: view
                .description
                .as_deref()
                .map(|text| markdown::blurb(text, 160)),
            locales: view.locales.clone(),
        }
    }
}

/// One search hit as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// Catalog slug.
    pub catalog: String,
    /// Catalog name.
    pub catalog_name: String,
    /// Entry id.
    pub id: String,
    /// Entry slug.
    pub slug: String,
    /// Wire code.
    pub code: String,
    /// Status.
    pub status: Option<u16>,
    /// Heading.
    pub heading: String,
    /// A line of context.
    pub snippet: Option<String>,
    /// The translation whose text the query matched (`fr`): the hit links its
    /// page there, and its heading and snippet are in that language. Absent
    /// for the catalog's own text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
}

/// Renders the home page, with search results when `search` is given.
pub fn render_index(
    env: &Environment<'_>,
    links: &Links<'_>,
    cards: &[CatalogCard],
    search: Option<SearchResults<'_>>,
) -> Result<String, minijinja::Error> {
    let mut ctx = context! { catalogs => cards, ..Value::from_serialize(links) };
    if let Some(SearchResults {
        query,
        hits,
        matched,
    }) = search
    {
        ctx = context! { query => query, results => hits, matched => matched, ..ctx };
    }
    env.get_template("index.html")?.render(ctx)
}

/// A search the home page shows: the query, the best hits, and how many
/// entries matched in all.
#[derive(Debug, Clone, Copy)]
pub struct SearchResults<'a> {
    /// What was searched for.
    pub query: &'a str,
    /// The best hits, best first.
    pub hits: &'a [SearchHit],
    /// Entries that matched, of which `hits` are the best.
    pub matched: usize,
}

/// Which rows of a catalog's table are shown: `?status=&group=&filter=` on
/// the portal, so the table filters without JavaScript too. The page's script
/// applies the same rules as you type.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct EntryFilter {
    /// A status (`404`), or `none` for entries without one; empty: all.
    pub status: String,
    /// A group id, or [`EntryFilter::UNGROUPED`]; empty: all.
    pub group: String,
    /// Text that the code, id or heading contains, any case; empty: all.
    pub filter: String,
}

impl EntryFilter {
    /// The group filter's value for entries in no group (no group id has parentheses).
    pub const UNGROUPED: &'static str = "(none)";

    /// Whether `entry` passes.
    pub fn matches(&self, entry: &EntryView) -> bool {
        let status = entry
            .status
            .map_or_else(|| "none".to_owned(), |s| s.to_string());
        let group = entry.group_id.as_deref().unwrap_or(Self::UNGROUPED);
        let needle = self.filter.trim().to_lowercase();
        (self.status.is_empty() || self.status == status)
            && (self.group.is_empty() || self.group == group)
            && (needle.is_empty() || row_text(entry).contains(&needle))
    }
}

/// What the catalog table's text filter looks in, lower case (the page's
/// script reads the same text from each row's `data-text`).
fn row_text(entry: &EntryView) -> String {
    format!("{} {} {}", entry.code, entry.id, entry.heading).to_lowercase()
}

/// A row of a catalog's table.
#[derive(Debug, Clone, Serialize)]
struct Row<'a> {
    entry: &'a EntryView,
    status: String,
    group: &'a str,
    text: String,
    shown: bool,
}

/// Renders a catalog page with every row shown.
pub fn render_catalog(
    env: &Environment<'_>,
    links: &Links<'_>,
    catalog: &CatalogView,
) -> Result<String, minijinja::Error> {
    render_catalog_filtered(env, links, catalog, &EntryFilter::default(), None)
}

/// Renders a catalog page; rows that `filter` rejects are `hidden`.
pub fn render_catalog_filtered(
    env: &Environment<'_>,
    links: &Links<'_>,
    catalog: &CatalogView,
    filter: &EntryFilter,
    live: Option<&live::CatalogLive>,
) -> Result<String, minijinja::Error> {
    let rows: Vec<Row<'_>> = catalog
        .entries
        .iter()
        .map(|entry| Row {
            entry,
            status: entry
                .status
                .map_or_else(|| "none".to_owned(), |s| s.to_string()),
            group: entry.group_id.as_deref().unwrap_or(EntryFilter::UNGROUPED),
            text: row_text(entry),
            shown: filter.matches(entry),
        })
        .collect();
    let shown = rows.iter().filter(|row| row.shown).count();
    let groups: Vec<(&str, &str)> = catalog
        .groups
        .iter()
        .map(|g| {
            let id = if g.id.is_empty() {
                EntryFilter::UNGROUPED
            } else {
                g.id.as_str()
            };
            (id, g.title.as_str())
        })
        .collect();
    env.get_template("catalog.html")?.render(context! {
        lang => &catalog.locale,
        catalog => catalog,
        rows => rows,
        shown => shown,
        group_options => groups,
        filter => filter,
        live => live,
        ..Value::from_serialize(links)
    })
}

/// Renders an entry page.
pub fn render_entry(
    env: &Environment<'_>,
    links: &Links<'_>,
    catalog: &CatalogView,
    entry: &EntryView,
    live: Option<&live::EntryLive>,
) -> Result<String, minijinja::Error> {
    let summary = context! {
        slug => &catalog.slug,
        name => &catalog.name,
        translation => &catalog.translation,
        locales => &catalog.locales,
    };
    env.get_template("entry.html")?.render(context! {
        lang => &entry.locale,
        catalog => summary,
        entry => entry,
        live => live,
        ..Value::from_serialize(links)
    })
}

/// Renders the page a browser gets for a catalog or entry that does not
/// exist: the error's message, the nearest entries, the request ID.
pub fn render_not_found(
    env: &Environment<'_>,
    links: &Links<'_>,
    message: &str,
    hits: &[SearchHit],
    request_id: &str,
) -> Result<String, minijinja::Error> {
    env.get_template("not_found.html")?.render(context! {
        message => message,
        hits => hits,
        request_id => request_id,
        ..Value::from_serialize(links)
    })
}

/// Renders a catalog as one Markdown page.
pub fn render_markdown(
    env: &Environment<'_>,
    catalog: &CatalogView,
) -> Result<String, minijinja::Error> {
    env.get_template("catalog.md")?
        .render(context! { catalog => catalog })
}

/// Writes a file without ever writing through a symlink: the text goes to a
/// new file beside it (`create_new` never follows a link), which then
/// replaces whatever the name held, so a `style.css` that links outside the
/// output folder is replaced by a file and its target is left alone.
fn write(path: &Path, contents: &str) -> Result<(), DocsError> {
    use std::io::Write as _;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let error = |source| DocsError::Write {
        path: path.to_owned(),
        source,
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = path.with_file_name(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| file.write_all(contents.as_bytes()))
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(source) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(error(source));
    }
    Ok(())
}

/// Makes `dir` a real directory: a symlink in its place is removed (never
/// followed), so no page lands outside the output folder. `dir`'s parent
/// must already be real; the output folder itself is the user's choice.
fn real_dir(dir: &Path) -> Result<(), DocsError> {
    let error = |source| DocsError::Write {
        path: dir.to_owned(),
        source,
    };
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::remove_file(dir).map_err(error)?;
            std::fs::create_dir(dir).map_err(error)
        }
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(error(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "a file is in the way of this folder",
        ))),
        Err(missing) if missing.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir(dir).map_err(error)
        }
        Err(other) => Err(error(other)),
    }
}

/// Creates the output folder (following the path the user gave, as any tool does).
fn out_dir(out: &Path) -> Result<(), DocsError> {
    std::fs::create_dir_all(out).map_err(|source| DocsError::Write {
        path: out.to_owned(),
        source,
    })
}

/// Writes `out/<slug>.md` for each catalog, and `out/<slug>.<locale>.md` for
/// each of its translations; returns the files written.
pub fn write_markdown(catalogs: &[CatalogView], out: &Path) -> Result<Vec<PathBuf>, DocsError> {
    let env = environment();
    out_dir(out)?;
    let mut written = Vec::new();
    for view in catalogs.iter().flat_map(CatalogView::every_locale) {
        let name = match &view.translation {
            Some(locale) => format!("{}.{locale}.md", view.slug),
            None => format!("{}.md", view.slug),
        };
        let path = out.join(name);
        write(&path, &render_markdown(&env, view)?)?;
        written.push(path);
    }
    Ok(written)
}

/// What [`write_site`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SiteStats {
    /// Pages written.
    pub pages: usize,
    /// Entry pages of an earlier build removed: their entries are gone or
    /// renamed (only `.html` files in the site's own `errors/` folders).
    pub removed: usize,
}

/// Writes the static site into `out`: `index.html`, `catalogs/<slug>/index.html`,
/// `catalogs/<slug>/errors/<entry>.html`, the stylesheet and the search. Each
/// translation of a catalog has the same pages under its locale:
/// `catalogs/<slug>/fr/index.html`, `catalogs/<slug>/fr/errors/<entry>.html`.
/// A checked locale starts with a language subtag of two or three letters,
/// so it never meets `errors` or `index.html` in the catalog's folder.
///
/// Entry pages are rendered and written on every core; a site of 10,000
/// entries is one directory of files per catalog, not a directory per entry.
/// Built again into the same folder, the site loses the entry pages of an
/// earlier build whose entries are gone ([`SiteStats::removed`]).
pub fn write_site(catalogs: &[CatalogView], out: &Path) -> Result<SiteStats, DocsError> {
    let env = environment();
    let cards: Vec<CatalogCard> = catalogs.iter().map(CatalogCard::of).collect();
    let top = Links {
        root: "",
        ext: "/index.html",
        entry_ext: ".html",
        index_page: "index.html",
        search_action: "index.html",
        static_search: true,
        downloads: false,
        generated: true,
    };
    out_dir(out)?;
    real_dir(&out.join("catalogs"))?;
    write(
        &out.join("index.html"),
        &render_index(&env, &top, &cards, None)?,
    )?;
    write(&out.join("style.css"), STYLE_CSS)?;
    write(&out.join("search.js"), SEARCH_JS)?;
    let mut stats = SiteStats {
        pages: 1,
        removed: 0,
    };
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    for view in catalogs {
        let catalog_dir = out.join("catalogs").join(&view.slug);
        real_dir(&catalog_dir)?;
        for catalog in view.every_locale() {
            let (dir, root) = match &catalog.translation {
                Some(locale) => {
                    let dir = catalog_dir.join(locale);
                    real_dir(&dir)?;
                    (dir, "../../../")
                }
                None => (catalog_dir.clone(), "../../"),
            };
            let written =
                write_catalog_pages(&env, &Links { root, ..top }, catalog, &dir, workers)?;
            stats.pages += written.pages;
            stats.removed += written.removed;
        }
    }
    search::write_site_index(catalogs, out)?;
    Ok(stats)
}

/// Writes one view of a catalog into `dir`: `index.html` and
/// `errors/<entry>.html`, entry pages on `workers` threads, then removes the
/// entry pages of an earlier build that this one did not write. `links` are
/// the catalog page's; entry pages sit one folder deeper.
fn write_catalog_pages(
    env: &Environment<'_>,
    links: &Links<'_>,
    catalog: &CatalogView,
    dir: &Path,
    workers: usize,
) -> Result<SiteStats, DocsError> {
    write(
        &dir.join("index.html"),
        &render_catalog(env, links, catalog)?,
    )?;
    let errors_dir = dir.join("errors");
    real_dir(&errors_dir)?;
    let entry_root = format!("../{}", links.root);
    let entry_links = Links {
        root: &entry_root,
        ..*links
    };
    let chunk = catalog.entries.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = catalog
            .entries
            .chunks(chunk)
            .map(|entries| {
                let (errors_dir, entry_links) = (&errors_dir, &entry_links);
                scope.spawn(move || -> Result<(), DocsError> {
                    for entry in entries {
                        let html = render_entry(env, entry_links, catalog, entry, None)?;
                        write(&errors_dir.join(format!("{}.html", entry.slug)), &html)?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|handle| handle.join().expect("page writers do not panic"))
    })?;
    let removed = remove_stale_pages(&errors_dir, catalog)?;
    Ok(SiteStats {
        pages: 1 + catalog.entries.len(),
        removed,
    })
}

/// Removes the `.html` files of `errors_dir` that are no entry's page of
/// `catalog` (an entry renamed or removed since the last build), so the
/// site never serves an error the catalog no longer has. The folder is the
/// site's own; nothing else in it is touched, and a link is removed, never
/// followed.
fn remove_stale_pages(errors_dir: &Path, catalog: &CatalogView) -> Result<usize, DocsError> {
    let error = |source| DocsError::Write {
        path: errors_dir.to_owned(),
        source,
    };
    let pages: std::collections::HashSet<String> = catalog
        .entries
        .iter()
        .map(|entry| format!("{}.html", entry.slug))
        .collect();
    let mut removed = 0;
    for file in std::fs::read_dir(errors_dir).map_err(error)? {
        let file = file.map_err(error)?;
        let name = file.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_page = name.ends_with(".html") && !file.file_type().map_err(error)?.is_dir();
        if is_page && !pages.contains(name) {
            std::fs::remove_file(file.path()).map_err(error)?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn views(text: &str) -> Vec<CatalogView> {
        let compiled = errcat_runtime::compile(errcat_catalog::SourceFile::new("t.toml", text))
            .expect("the test catalog checks");
        vec![catalog_view("t", &compiled, &[])]
    }

    /// A catalog in English with French and Russian text, one French title
    /// written to break out of its element.
    const TRANSLATED: &str = r#"
[catalog]
locale = "en"

[[groups]]
id = "contacts"
title = "Contacts"

[[errors]]
id = "contact_not_found"
group = "contacts"
status = 404
title = "Contact not found"
message = "No contact with id {id}."
description = "The contact was deleted."
params.id = { type = "int", example = 7 }

[[errors]]
id = "invalid_contact"
group = "contacts"
status = 422
title = "Invalid contact"

[translations.fr.contact_not_found]
title = "Contact introuvable"
message = "Aucun contact avec l'identifiant {id}."

[translations.fr.invalid_contact]
title = "<script>alert(1)</script>"

[translations.ru.contact_not_found]
title = "Контакт не найден"
"#;

    /// Every `href`, `src` and form `action` of `html` (but `action=""`, the
    /// page itself), entities decoded.
    fn links(html: &str) -> Vec<String> {
        let mut found = Vec::new();
        for attribute in ["href=\"", "src=\"", "action=\""] {
            for (at, _) in html.match_indices(attribute) {
                let rest = &html[at + attribute.len()..];
                let value = &rest[..rest.find('"').unwrap()];
                if !value.is_empty() {
                    found.push(value.replace("&#x2f;", "/").replace("&amp;", "&"));
                }
            }
        }
        found
    }

    #[test]
    fn each_translation_gets_its_pages_and_every_relative_link_resolves() {
        let out = tempfile::tempdir().unwrap();
        let stats = write_site(&views(TRANSLATED), out.path()).unwrap();
        // The index, then a catalog page and two entry pages per language.
        assert_eq!(stats.pages, 1 + 3 * 3);
        let mut pages = vec![out.path().join("index.html")];
        for dir in ["catalogs/t", "catalogs/t/fr", "catalogs/t/ru"] {
            pages.push(out.path().join(dir).join("index.html"));
            for id in ["contact_not_found", "invalid_contact"] {
                pages.push(
                    out.path()
                        .join(dir)
                        .join("errors")
                        .join(format!("{id}.html")),
                );
            }
        }
        for page in &pages {
            let html = std::fs::read_to_string(page).unwrap();
            for link in links(&html) {
                if link.starts_with("http") || link.starts_with('#') || link.starts_with("data:") {
                    continue;
                }
                let path = link.split(['?', '#']).next().unwrap();
                let target = page.parent().unwrap().join(path);
                assert!(
                    target.is_file(),
                    "{} links {link}, which is not a file",
                    page.display()
                );
            }
        }
        let fr = std::fs::read_to_string(
            out.path()
                .join("catalogs/t/fr/errors/contact_not_found.html"),
        )
        .unwrap();
        assert!(fr.starts_with("<!doctype html>\n<html lang=\"fr\">"));
        assert!(fr.contains("<h1><code>contact_not_found</code> — Contact introuvable</h1>"));
        assert!(
            fr.contains("Aucun contact avec l&#x27;identifiant <mark title=\"{id}\">7</mark>.")
        );
        assert!(
            fr.contains("<div class=\"prose\" lang=\"en\"><p>The contact was deleted.</p>"),
            "{fr}"
        );
        assert!(fr.contains(
            "<nav class=\"languages\" aria-label=\"Languages\"><ul>\
             <li><a href=\"..&#x2f;..&#x2f;..&#x2f;..&#x2f;catalogs/t/errors/contact_not_found.html\" hreflang=\"en\" lang=\"en\">English</a></li>\
             <li><span lang=\"fr\" aria-current=\"page\">Français</span></li>\
             <li><a href=\"..&#x2f;..&#x2f;..&#x2f;..&#x2f;catalogs/t/ru/errors/contact_not_found.html\" hreflang=\"ru\" lang=\"ru\">Русский</a></li></ul></nav>"
        ), "{fr}");
        let en =
            std::fs::read_to_string(out.path().join("catalogs/t/errors/contact_not_found.html"))
                .unwrap();
        assert!(en.contains("<html lang=\"en\">") && en.contains("— Contact not found</h1>"));
    }

    #[test]
    fn retry_and_deprecation_show_their_code_as_code() {
        let views = views(
            "[[errors]]\nid = \"rate_limited\"\nstatus = 429\nmessage = \"Wait {seconds}s\"\n\
             params.seconds = \"int\"\nretry = { after = \"seconds\" }\n\
             [[errors]]\nid = \"old_limit\"\nstatus = 429\nmessage = \"Slow\"\n\
             deprecated = { replacement = \"rate_limited\" }\n",
        );
        let env = environment();
        let links = Links::PORTAL;
        let page = |id: &str| {
            let entry = views[0].entries.iter().find(|e| e.id == id).unwrap();
            render_entry(&env, &links, &views[0], entry, None).unwrap()
        };
        assert!(
            page("rate_limited")
                .contains("<dd>Retry after <code>seconds</code> seconds (Retry-After).</dd>")
        );
        assert!(page("old_limit").contains("<code>rate_limited</code>"));
    }

    #[test]
    fn causes_resolutions_and_param_descriptions_read_as_inline_markdown() {
        let views = views(
            "[[errors]]\nid = \"contact_not_found\"\nstatus = 404\nmessage = \"No {id}\"\n\
             params.id = { type = \"string\", description = \"The `id` *as sent*\" }\n\
             causes = [\"The contact was `deleted`\"]\n\
             resolutions = [\"List contacts with `GET /contacts`\", \"<script>x</script>\"]\n",
        );
        let env = environment();
        let entry = &views[0].entries[0];
        let page = render_entry(&env, &Links::PORTAL, &views[0], entry, None).unwrap();
        for shown in [
            "<li>The contact was <code>deleted</code></li>",
            "<li>List contacts with <code>GET /contacts</code></li>",
            "<li>&lt;script&gt;x&lt;/script&gt;</li>",
            "<td>The <code>id</code> <em>as sent</em></td>",
        ] {
            assert!(page.contains(shown), "{shown} in {page}");
        }
    }

    #[test]
    fn translated_text_is_escaped_like_the_catalogs_own() {
        let out = tempfile::tempdir().unwrap();
        write_site(&views(TRANSLATED), out.path()).unwrap();
        for page in [
            "catalogs/t/fr/index.html",
            "catalogs/t/fr/errors/invalid_contact.html",
        ] {
            let html = std::fs::read_to_string(out.path().join(page)).unwrap();
            assert!(!html.contains("<script>alert"), "{page}");
            assert!(
                html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
                "{page}"
            );
        }
    }

    #[test]
    fn markdown_has_a_page_per_language_that_links_the_others() {
        let out = tempfile::tempdir().unwrap();
        let written = write_markdown(&views(TRANSLATED), out.path()).unwrap();
        let names: Vec<_> = written
            .iter()
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["t.md", "t.fr.md", "t.ru.md"]);
        let fr = std::fs::read_to_string(out.path().join("t.fr.md")).unwrap();
        assert!(
            fr.starts_with(
                "# t\n\nLanguages: [English](t.md) · **Français** · [Русский](t.ru.md)\n\n"
            ),
            "{fr}"
        );
        assert!(fr.contains("### `contact_not_found` — Contact introuvable"));
        let en = std::fs::read_to_string(out.path().join("t.md")).unwrap();
        assert!(en.contains("Languages: **English** · [Français](t.fr.md)"));
    }

    #[test]
    fn a_rebuild_removes_the_pages_of_entries_gone_and_nothing_else() {
        let out = tempfile::tempdir().unwrap();
        let first = write_site(
            &views(
                "[[errors]]\nid = \"a\"\ntitle = \"A\"\n[[errors]]\nid = \"b\"\ntitle = \"B\"\n",
            ),
            out.path(),
        )
        .unwrap();
        assert_eq!(first.removed, 0);
        let errors = out.path().join("catalogs/t/errors");
        std::fs::write(errors.join("notes.txt"), "mine").unwrap();
        let renamed = write_site(
            &views(
                "[[errors]]\nid = \"a\"\ntitle = \"A\"\n[[errors]]\nid = \"c\"\ntitle = \"B\"\n",
            ),
            out.path(),
        )
        .unwrap();
        assert_eq!(renamed.removed, 1);
        let mut left: Vec<_> = std::fs::read_dir(&errors)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["a.html", "c.html", "notes.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_site_never_writes_through_a_symlink() {
        let outside = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let target = outside.path().join("precious.css");
        std::fs::write(&target, "keep me").unwrap();
        std::os::unix::fs::symlink(&target, out.path().join("style.css")).unwrap();
        std::os::unix::fs::symlink(outside.path(), out.path().join("catalogs")).unwrap();

        write_site(
            &views("[[errors]]\nid = \"a\"\ntitle = \"A\"\n"),
            out.path(),
        )
        .unwrap();

        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
        let style = out.path().join("style.css");
        assert!(!std::fs::symlink_metadata(&style).unwrap().is_symlink());
        assert_eq!(std::fs::read_to_string(style).unwrap(), STYLE_CSS);
        let catalogs = out.path().join("catalogs");
        assert!(std::fs::symlink_metadata(&catalogs).unwrap().is_dir());
        assert!(catalogs.join("t/errors/a.html").is_file());
        let mut left: Vec<_> = std::fs::read_dir(outside.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        left.sort();
        assert_eq!(left, ["precious.css"]);
    }

    #[cfg(unix)]
    #[test]
    fn markdown_never_writes_through_a_symlink() {
        let outside = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let target = outside.path().join("notes.md");
        std::fs::write(&target, "keep me").unwrap();
        std::os::unix::fs::symlink(&target, out.path().join("t.md")).unwrap();
        write_markdown(
            &views("[[errors]]\nid = \"a\"\ntitle = \"A\"\n"),
            out.path(),
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
        assert!(
            std::fs::read_to_string(out.path().join("t.md"))
                .unwrap()
                .contains("A")
        );
    }

    #[test]
    fn ids_that_differ_only_in_punctuation_are_written_to_their_own_files() {
        let out = tempfile::tempdir().unwrap();
        let stats = write_site(
            &views(
                "[[errors]]\nid = \"a-b\"\ntitle = \"dash\"\n[[errors]]\nid = \"a/b\"\ntitle = \"slash\"\n\
                 [[errors]]\nid = \"a.b\"\ntitle = \"dot\"\n",
            ),
            out.path(),
        )
        .unwrap();
        assert_eq!(stats.pages, 5);
        let errors = out.path().join("catalogs/t/errors");
        let mut titles: Vec<String> = std::fs::read_dir(&errors)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .map(|page| {
                ["dash", "slash", "dot"]
                    .into_iter()
                    .find(|t| {
                        page.contains(&format!("<h1>{t}")) || page.contains(&format!(">{t}<"))
                    })
                    .unwrap_or("?")
                    .to_owned()
            })
            .collect();
        titles.sort();
        assert_eq!(titles, ["dash", "dot", "slash"]);
        assert!(
            errors.join("a-b.html").is_file(),
            "a plain id keeps its file name"
        );
    }

    #[test]
    fn static_pages_say_they_are_generated_in_one_language_and_carry_the_filterable_table() {
        let out = tempfile::tempdir().unwrap();
        write_site(
            &views("[[errors]]\nid = \"a\"\nstatus = 404\ntitle = \"A\"\n"),
            out.path(),
        )
        .unwrap();
        for page in [
            "index.html",
            "catalogs/t/index.html",
            "catalogs/t/errors/a.html",
        ] {
            let html = std::fs::read_to_string(out.path().join(page)).unwrap();
            assert!(html.contains("do not edit by hand"), "{page}");
            assert!(html.contains(r#"rel="icon""#), "{page}");
            // One language: the page says which, and offers no switcher.
            assert!(html.contains("<html lang=\"en\">"), "{page}");
            assert!(!html.contains("hreflang"), "{page}");
        }
        let html = std::fs::read_to_string(out.path().join("catalogs/t/index.html")).unwrap();
        assert!(
            html.contains(r#"<tr id="a" data-status="404" data-group="(none)" data-text="a a a">"#),
            "{html}"
        );
    }
}
