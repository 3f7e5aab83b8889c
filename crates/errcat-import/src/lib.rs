//! Readers that turn existing error references into errcat catalogs, one
//! module per source format.
//!
//! Architecture invariant: a reader accounts for every entry of its source.
//! What it cannot place is returned in [`Imported::unplaced`] with its line,
//! never dropped. Output is deterministic: the same input gives the same bytes.
//!
//! Internal crate of errcat: not semver-stable.

use std::fmt;
use std::str::FromStr;

use errcat_catalog::Catalog;

mod appwrite;
mod clerk;
mod discord;
mod firebase;
mod graph;
mod ory;
mod plain;
mod planfix;
mod plunk;
mod postgrest;
mod quapp;
mod square;
mod storage;
mod table;
mod text;

/// A source format errcat can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain's GraphQL error code page (Markdown, `#### \`code\`` headings).
    Plain,
    /// Clerk's Backend API error index (Markdown with a JSON block per entry).
    Clerk,
    /// Planfix's REST API error code page (text, `• 1000 — message` bullets).
    Planfix,
    /// Plunk's API error page (MDX with tables and example bodies).
    Plunk,
    /// Quapp's system error codes (text: an overview table, then detail blocks).
    Quapp,
    /// A CSV list with a header row of catalog keys (`id,code,status,message,...`).
    Csv,
    /// A JSON array of objects with catalog keys, or `{"errors": [...]}`.
    Json,
    /// Yandex Object Storage's response codes (Markdown, a `#| ... |#` table), in S3's XML.
    YandexStorage,
    /// Azure Storage's common REST error codes (a Markdown table), in Azure's XML.
    AzureStorage,
    /// Supabase Storage's error codes (a Markdown table), in `{"code", "message"}`.
    SupabaseStorage,
    /// Supabase Storage's legacy error codes (`### 404 \`not_found\`` sections).
    SupabaseStorageLegacy,
    /// PostgREST's error reference (reStructuredText grid tables of `PGRST` codes).
    Postgrest,
    /// Microsoft Graph's error reference (Markdown: statuses, codes, detailed codes).
    MicrosoftGraph,
    /// Square's OpenAPI error schemas (`ErrorCode` elements with their categories).
    Square,
    /// Discord's opcodes and status codes page (MDX tables by namespace).
    Discord,
    /// Ory Kratos's UI messages (`messages.json`), the errors among them.
    Ory,
    /// Firebase Authentication's errors, from the SDK's `errors.ts`.
    FirebaseAuth,
    /// Appwrite's `errors.php`, with its `Exception` constants appended.
    Appwrite,
}

impl Format {
    /// Every format, by its command-line name.
    pub const ALL: [(&'static str, Format); 18] = [
        ("plain", Format::Plain),
        ("clerk", Format::Clerk),
        ("planfix", Format::Planfix),
        ("plunk", Format::Plunk),
        ("quapp", Format::Quapp),
        ("csv", Format::Csv),
        ("json", Format::Json),
        ("yandex-storage", Format::YandexStorage),
        ("azure-storage", Format::AzureStorage),
        ("supabase-storage", Format::SupabaseStorage),
        ("supabase-storage-legacy", Format::SupabaseStorageLegacy),
        ("postgrest", Format::Postgrest),
        ("microsoft-graph", Format::MicrosoftGraph),
        ("square", Format::Square),
        ("discord", Format::Discord),
        ("ory", Format::Ory),
        ("firebase-auth", Format::FirebaseAuth),
        ("appwrite", Format::Appwrite),
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        Format::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map(|(n, _)| *n)
            .unwrap_or_default()
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = ImportError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
            .ok_or_else(|| ImportError::UnknownFormat(name.to_owned()))
    }
}

/// Something in the source a reader could not turn into catalog data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    /// 1-based line in the source.
    pub line: usize,
    /// What was there and why it was not placed.
    pub message: String,
}

/// A catalog read from a source document, and what could not be placed.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The catalog.
    pub catalog: Catalog,
    /// Everything the reader saw but could not place, in source order.
    pub unplaced: Vec<Unplaced>,
}

/// Why a document could not be imported at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The format name is not one errcat reads.
    #[error("unknown format `{0}`; known formats: {known}", known = Format::ALL.map(|(name, _)| name).join(", "))]
    UnknownFormat(String),
    /// The document holds no entry the reader recognizes.
    #[error("{}", nothing_found(*format, problems))]
    NothingFound {
        /// The format that was tried.
        format: Format,
        /// What the reader could not place, with its line: why nothing was
        /// found (`not JSON: EOF while parsing a list at line 1 column 44`).
        problems: Vec<Unplaced>,
    },
    /// The catalog could not be written as TOML.
    #[error("cannot write the catalog as TOML: {0}")]
    Toml(#[from] toml::ser::Error),
    /// The catalog would be larger than a catalog may be, so nothing could read it.
    #[error(
        "the imported catalog would be {bytes} bytes, more than the {limit} a catalog may have: import the source in parts, one catalog each"
    )]
    TooLarge {
        /// Its size as TOML.
        bytes: usize,
        /// [`errcat_catalog::load::MAX_CATALOG_BYTES`].
        limit: u64,
    },
}

/// Reads a document in `format` into a catalog.
pub fn import(format: Format, text: &str) -> Result<Imported, ImportError> {
    let imported = match format {
        Format::Plain => plain::read(text),
        Format::Clerk => clerk::read(text),
        Format::Planfix => planfix::read(text),
        Format::Plunk => plunk::read(text),
        Format::Quapp => quapp::read(text),
        Format::Csv => table::read_csv(text),
        Format::Json => table::read_json(text),
        Format::YandexStorage => storage::read_yandex(text),
        Format::AzureStorage => storage::read_azure(text),
        Format::SupabaseStorage => storage::read_supabase(text),
        Format::SupabaseStorageLegacy => storage::read_supabase_legacy(text),
        Format::Postgrest => postgrest::read(text),
        Format::MicrosoftGraph => graph::read(text),
        Format::Square => square::read(text),
        Format::Discord => discord::read(text),
        Format::Ory => ory::read(text),
        Format::FirebaseAuth => firebase::read(text),
        Format::Appwrite => appwrite::read(text),
    };
    let mut imported = imported;
    leave_out_what_fails_check(&mut imported, text)?;
    if imported.catalog.entries.is_empty() {
        return Err(ImportError::NothingFound {
            format,
            problems: imported.unplaced,
        });
    }
    Ok(imported)
}

/// Most problems [`ImportError::NothingFound`] says; the rest are counted.
const PROBLEMS_SHOWN: usize = 5;

fn nothing_found(format: Format, problems: &[Unplaced]) -> String {
    let mut text = format!("no {format} entries found; is this a {format} error reference?");
    for problem in problems.iter().take(PROBLEMS_SHOWN) {
        text.push_str(&format!("\n  line {}: {}", problem.line, problem.message));
    }
    if problems.len() > PROBLEMS_SHOWN {
        text.push_str(&format!("\n  and {} more", problems.len() - PROBLEMS_SHOWN));
    }
    text
}

/// The last guard of the invariant that an import checks or says why: an
/// entry the catalog's lints find an error in (a duplicate id from a repeated
/// block, a template a reader could not make sense of) is left out and
/// reported at the line of the source where its id stands.
///
/// The example-body check lives in the runtime; `errcat import` runs the full
/// check on what it is about to write.
///
/// A catalog over the size a catalog may have is refused at once, before any
/// check reads it: nothing could read it afterwards.
fn leave_out_what_fails_check(imported: &mut Imported, text: &str) -> Result<(), ImportError> {
    // Leaving a table out can only remove errors, but a second duplicate
    // shows only once the first is gone: a few rounds settle it.
    for round in 0..4 {
        let toml = to_toml(&imported.catalog)?;
        if round == 0 && toml.len() as u64 > errcat_catalog::load::MAX_CATALOG_BYTES {
            return Err(ImportError::TooLarge {
                bytes: toml.len(),
                limit: errcat_catalog::load::MAX_CATALOG_BYTES,
            });
        }
        let parsed = errcat_catalog::parse(errcat_catalog::SourceFile::new("imported.toml", toml));
        let spans = &parsed.spans;
        if spans.entries.len() != imported.catalog.entries.len()
            || spans.groups.len() != imported.catalog.groups.len()
        {
            return Ok(());
        }
        // Where each table starts, so a diagnostic finds the table it is in.
        let mut starts: Vec<(usize, Table)> = (spans.entries.iter().enumerate())
            .map(|(index, t)| (t.table.start, Table::Entry(index)))
            .chain(
                (spans.groups.iter().enumerate())
                    .map(|(index, t)| (t.table.start, Table::Group(index))),
            )
            .collect();
        starts.sort_by_key(|(start, _)| *start);
        let mut failing: Vec<(Table, String)> = Vec::new();
        for diagnostic in errcat_catalog::lint(&parsed) {
            let Some(span) = diagnostic.span.as_ref().filter(|_| diagnostic.is_error()) else {
                continue;
            };
            let Some(&(_, table)) = starts
                .partition_point(|(start, _)| *start <= span.start)
                .checked_sub(1)
                .map(|index| &starts[index])
            else {
                continue;
            };
            if !failing.iter().any(|(t, _)| *t == table) {
                failing.push((table, diagnostic.message));
            }
        }
        if failing.is_empty() {
            return Ok(());
        }
        // Highest index first, so removing one leaves the others' indexes valid.
        failing.sort_by_key(|(table, _)| std::cmp::Reverse(*table));
        for (table, why) in failing {
            let (id, same_id_before) = match table {
                Table::Entry(index) => {
                    let entry = imported.catalog.entries.remove(index);
                    let before = imported.catalog.entries[..index]
                        .iter()
                        .filter(|e| e.id == entry.id)
                        .count();
                    (entry.id, before)
                }
                Table::Group(index) => {
                    let group = imported.catalog.groups.remove(index);
                    let before = imported.catalog.groups[..index]
                        .iter()
                        .filter(|g| g.id == group.id)
                        .count();
                    (group.id, before)
                }
            };
            imported.unplaced.push(Unplaced {
                line: line_of(text, &id, same_id_before),
                message: format!("{id} left out: {why}"),
            });
        }
        imported.unplaced.sort_by_key(|problem| problem.line);
    }
    Ok(())
}

/// A table of an imported catalog, by its index among its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Table {
    Group(usize),
    Entry(usize),
}

/// The 1-based line of the `nth` line of `text` naming `id` as a word of its
/// own (not inside a longer name: `a` is not in `status`), the last such
/// line when there are fewer, line 1 when none does.
fn line_of(text: &str, id: &str, nth: usize) -> usize {
    let is_name_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    let names = |line: &str| {
        line.match_indices(id).any(|(at, _)| {
            let before = line[..at].chars().next_back();
            let after = line[at + id.len()..].chars().next();
            !before.is_some_and(is_name_char) && !after.is_some_and(is_name_char)
        })
    };
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !id.is_empty() && names(line))
        .map(|(index, _)| index + 1);
    let first = lines.next().unwrap_or(1);
    lines.take(nth).last().unwrap_or(first)
}

/// The first line of every catalog [`to_toml`] writes.
pub const HEADER: &str = "# Generated by `errcat import`; edit freely, or re-import to refresh.";

/// Writes a catalog as TOML, with a header saying where it came from.
pub fn to_toml(catalog: &Catalog) -> Result<String, ImportError> {
    let body = toml::to_string_pretty(catalog)?;
    Ok(format!("{HEADER}\n\n{body}"))
}

/// Whether `text` is a catalog `errcat import` wrote (its [`HEADER`] first),
/// which importing again may replace.
pub fn is_imported(text: &str) -> bool {
    text.starts_with(HEADER)
}
