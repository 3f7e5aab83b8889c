//! Readers that turn existing error references into errcat catalogs, one
//! module per source format.
//!
//! Architecture invariant: a reader accounts for every entry of its source.
//! What it cannot place is returned in [`Imported::unplaced`] with its line,
//! never dropped. Output is deterministic: the same input gives the same bytes.
//!
//! Internal crate of errcat: not semver-stable.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use errcat_catalog::Catalog;

mod appwrite;
mod clerk;
mod discord;
mod firebase;
mod graph;
mod naming;
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

/// Another format that reads `text` better than `format` read it (as
/// `imported`, or nothing): more entries, with fewer problems left unplaced.
/// Worth asking only when `format` left out most of the document; it reads
/// the text once per format.
pub fn better_format(
    format: Format,
    text: &str,
    imported: Option<&Imported>,
) -> Option<(Format, usize)> {
    let (entries, problems) = imported.map_or((0, usize::MAX), |imported| {
        (imported.catalog.entries.len(), imported.unplaced.len())
    });
    Format::ALL
        .iter()
        .map(|&(_, other)| other)
        .filter(|&other| other != format)
        .filter_map(|other| {
            let read = import(other, text).ok()?;
            let found = (read.catalog.entries.len(), read.unplaced.len());
            (found.0 > entries && found.1 < problems).then_some((other, found))
        })
        .max_by_key(|&(_, (entries, problems))| (entries, std::cmp::Reverse(problems)))
        .map(|(other, (entries, _))| (other, entries))
}

/// Most problems [`ImportError::NothingFound`] says; the rest are counted.
const PROBLEMS_SHOWN: usize = 5;

fn nothing_found(format: Format, problems: &[Unplaced]) -> String {
    let mut text = format!("no {format} entries found; is the document in the {format} format?");
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
        let mut seen_failing = HashSet::new();
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
            if seen_failing.insert(table) {
                failing.push((table, diagnostic.message));
            }
        }
        if failing.is_empty() {
            return Ok(());
        }
        // Reported highest table first, as they were when each was removed
        // in turn (the sort by line below keeps that order within a line).
        failing.sort_by_key(|(table, _)| std::cmp::Reverse(*table));
        let catalog = &imported.catalog;
        // A table is reported at the nth line naming its id, n the tables of
        // its kind before it with that id.
        let entries_before = same_id_before(catalog.entries.iter().map(|e| e.id.as_str()));
        let groups_before = same_id_before(catalog.groups.iter().map(|g| g.id.as_str()));
        let id_and_before = |table: Table| match table {
            Table::Entry(index) => (catalog.entries[index].id.as_str(), entries_before[index]),
            Table::Group(index) => (catalog.groups[index].id.as_str(), groups_before[index]),
        };
        let naming = naming::naming_lines(
            text,
            failing.iter().map(|(table, _)| id_and_before(*table).0),
        );
        for (table, why) in &failing {
            let (id, before) = id_and_before(*table);
            imported.unplaced.push(Unplaced {
                line: naming::nth_line(&naming[id], before),
                message: format!("{id} left out: {why}"),
            });
        }
        let left_out: HashSet<Table> = failing.into_iter().map(|(table, _)| table).collect();
        let catalog = &mut imported.catalog;
        catalog.entries = without(std::mem::take(&mut catalog.entries), |index| {
            left_out.contains(&Table::Entry(index))
        });
        catalog.groups = without(std::mem::take(&mut catalog.groups), |index| {
            left_out.contains(&Table::Group(index))
        });
        imported.unplaced.sort_by_key(|problem| problem.line);
    }
    Ok(())
}

/// A table of an imported catalog, by its index among its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Table {
    Group(usize),
    Entry(usize),
}

/// For each of `ids` in order, how many times it came before.
fn same_id_before<'i>(ids: impl Iterator<Item = &'i str>) -> Vec<usize> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    ids.map(|id| {
        let count = seen.entry(id).or_default();
        *count += 1;
        *count - 1
    })
    .collect()
}

/// `tables` without those whose index `left_out` says, in one pass (removing
/// them one at a time moved the rest once for each).
fn without<T>(tables: Vec<T>, left_out: impl Fn(usize) -> bool) -> Vec<T> {
    (tables.into_iter().enumerate())
        .filter(|(index, _)| !left_out(*index))
        .map(|(_, table)| table)
        .collect()
}

/// The first line of every catalog [`to_toml`] writes.
pub const HEADER: &str = "# Generated by `errcat import`; edit freely, or re-import to refresh.";

/// Writes a catalog as TOML, with a header saying where it came from.
pub fn to_toml(catalog: &Catalog) -> Result<String, ImportError> {
    let body = toml::to_string_pretty(catalog)?;
    Ok(format!("{HEADER}\n\n{body}"))
}

/// Whether a file starting with `start` (its first bytes are enough) is a
/// catalog `errcat import` wrote (its [`HEADER`] first), which importing
/// again may replace.
pub fn is_imported(start: &[u8]) -> bool {
    start.starts_with(HEADER.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 10,000 codes listed twice: each repeat used to be removed on its
    /// own, counted against every entry and looked for in the whole
    /// document, which took minutes.
    #[test]
    fn many_repeated_entries_are_left_out_in_one_pass_each_at_its_line() {
        let codes = 10_000;
        let block: String = (0..codes)
            .map(|code| format!("#### `code_{code}`\n\nBroken.\n\n"))
            .collect();
        let text = format!("{block}{block}");
        let imported = import(Format::Plain, &text).unwrap();
        assert_eq!(imported.catalog.entries.len(), codes);
        assert_eq!(imported.unplaced.len(), codes);
        assert_eq!(
            imported.unplaced[0],
            Unplaced {
                line: 4 * codes + 1,
                message: "code_0 left out: duplicate entry id `code_0`".to_owned()
            }
        );
        assert_eq!(imported.unplaced[codes - 1].line, 8 * codes - 3);
    }
}
