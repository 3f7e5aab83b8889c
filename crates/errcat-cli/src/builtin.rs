//! Choosing catalogs: the files named with `--catalog`, or the built-in ones.

use std::path::PathBuf;

use anyhow::Result;
use errcat::{CheckOptions, Checked, CompiledCatalog, ExampleRule};
use errcat_catalog::{Catalog, Parsed, SourceFile, parse, read_source};

/// A catalog the command works on, with the slug it is known by.
#[derive(Debug)]
pub struct Named {
    /// The file stem (`clerk`, `errors`).
    pub slug: String,
    /// The file as given on the command line; `None` for a built-in catalog.
    pub path: Option<PathBuf>,
    /// The checked catalog.
    pub checked: Checked,
    /// The same catalog, compiled.
    pub compiled: CompiledCatalog,
}

impl Named {
    pub fn catalog(&self) -> &Catalog {
        self.checked.catalog()
    }
}

/// How far a loaded catalog is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Examples {
    /// Example bodies must match what errcat renders (the commands that
    /// publish them: `docs`, `openapi`, `serve`).
    Verified,
    /// An example body that does not match is a warning: `errcat render` is
    /// how a stale one is fixed, and the commands that only use the catalog
    /// go on ([`load_for_use`]).
    Unverified,
}

/// Loads the given files, or the built-in catalogs when none is given.
pub fn load(files: &[PathBuf]) -> Result<Vec<Named>> {
    load_with(files, Examples::Verified)
}

/// [`load`] for commands that use a catalog rather than publish its
/// examples (`explain`, `mock`, `gen`, `list`, `search`, `audit`,
/// `profiles`): an example body that does not match what errcat renders is
/// a warning here, not a refusal (`errcat check`, `docs`, `openapi` and
/// `serve` still refuse it).
pub fn load_for_use(files: &[PathBuf]) -> Result<Vec<Named>> {
    let catalogs = load_with(files, Examples::Unverified)?;
    for named in &catalogs {
        let shown = named
            .path
            .as_ref()
            .map_or_else(|| named.slug.clone(), |path| path.display().to_string());
        for warning in named
            .checked
            .warnings()
            .iter()
            .filter(|warning| warning.lint == "example-mismatch")
        {
            crate::output::errln!(
                "warning: {shown}: {} (`errcat check {shown}` fails on it)",
                warning.message
            );
        }
    }
    Ok(catalogs)
}

/// [`load`], choosing whether example bodies must match.
pub fn load_with(files: &[PathBuf], examples: Examples) -> Result<Vec<Named>> {
    if files.is_empty() {
        return errcat_catalog::builtin::parsed()
            .into_iter()
            .map(|(slug, parsed)| named(slug.to_owned(), None, parsed, examples, slug.as_ref()))
            .collect();
    }
    files
        .iter()
        .map(|path| {
            let source = read_source(path)?;
            load_source(source, path, examples)
        })
        .collect()
}

/// The framework errors every layer sends (`route_not_found`, ...), which a
/// catalog's entry of the same id overrides: what `explain` and `render`
/// show for an id the catalogs given do not have.
pub fn framework() -> Result<Named> {
    let path = std::path::Path::new("<errcat>/framework.toml");
    let parsed = parse(SourceFile::new(
        path.display().to_string(),
        errcat::framework::SOURCE,
    ));
    named(
        "framework".to_owned(),
        None,
        parsed,
        Examples::Verified,
        path,
    )
}

/// Refuses two catalogs of one name: a catalog is named by its file's name
/// in pages and URLs, so one would overwrite the other's (`docs`, `serve`).
pub fn distinct_names(catalogs: &[Named]) -> Result<()> {
    let mut seen: std::collections::HashMap<&str, &Named> = std::collections::HashMap::new();
    for named in catalogs {
        let Some(first) = seen.insert(&named.slug, named) else {
            continue;
        };
        let shown = |named: &Named| {
            named
                .path
                .as_ref()
                .map_or_else(|| named.slug.clone(), |path| path.display().to_string())
        };
        if first.path == named.path {
            anyhow::bail!("{} is given twice", shown(named));
        }
        anyhow::bail!(
            "{} and {} would both be the catalog `{}` in pages and URLs (a catalog is named by its file's name); rename one of the files",
            shown(first),
            shown(named),
            named.slug
        );
    }
    Ok(())
}

/// A catalog's name in pages and URLs: its file's name without `.toml`.
fn slug_of(path: &std::path::Path) -> &str {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("catalog")
}

fn load_source(source: SourceFile, path: &std::path::Path, examples: Examples) -> Result<Named> {
    let slug = slug_of(path).to_owned();
    named(slug, Some(path.to_owned()), parse(source), examples, path)
}

/// Why a catalog with errors is not used: its errors (not its warnings,
/// which `errcat check` shows), each help naming the file as given.
fn refusal(report: errcat_catalog::Report, path: &std::path::Path) -> anyhow::Error {
    let shown = path.display().to_string();
    let errors: Vec<_> = report
        .diagnostics
        .into_iter()
        .filter(errcat_catalog::Diagnostic::is_error)
        .map(|diagnostic| diagnostic.naming_file(&shown))
        .collect();
    let rendered = errcat_catalog::diagnostic::render(
        &report.source,
        &errors,
        errcat_catalog::diagnostic::RenderOptions::default(),
    );
    anyhow::anyhow!(
        "{shown} has {} (`errcat check {}` shows them with its warnings):\n\n{}",
        crate::output::counted(errors.len(), "error"),
        errcat_catalog::diagnostic::shell_word(&shown),
        rendered.trim_end()
    )
}

/// Checks and compiles a parsed catalog; `path` names it in errors.
fn named(
    slug: String,
    file: Option<PathBuf>,
    parsed: Parsed,
    examples: Examples,
    path: &std::path::Path,
) -> Result<Named> {
    let options = CheckOptions::default().with_examples(match examples {
        Examples::Verified => ExampleRule::MustMatch,
        Examples::Unverified => ExampleRule::MayBeStale,
    });
    let checked = errcat::check_with(parsed, options).map_err(|report| refusal(report, path))?;
    let compiled = CompiledCatalog::new(&checked)?;
    Ok(Named {
        slug,
        path: file,
        checked,
        compiled,
    })
}
