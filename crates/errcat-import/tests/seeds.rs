//! The five seed documents import completely, deterministically, and exactly as
//! the committed catalogs in `catalogs/` hold them.
//!
//! Spot checks compare entries with the source text itself, read from
//! `tests/data/seeds` (see its README for each document's source), using small independent extractions as the oracle.

use std::path::PathBuf;

use errcat_catalog::template::{FormatSpec, Segment};
use errcat_catalog::{Catalog, Code, Entry, ParamType, Template};
use errcat_import::{Format, import, to_toml};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seed(name: &str) -> String {
    let path = workspace().join("tests/data/seeds").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

const SEEDS: [(Format, &str, &str, usize); 5] = [
    (Format::Plain, "plain-error-codes.md", "plain", 57),
    (Format::Clerk, "clerk-backend-api-errors.md", "clerk", 314),
    (
        Format::Planfix,
        "planfix-rest-api-error-codes.txt",
        "planfix",
        71,
    ),
    (Format::Plunk, "plunk-api-errors.mdx", "plunk", 25),
    (Format::Quapp, "quapp-system-error-codes.txt", "quapp", 53),
];

fn imported(format: Format) -> Catalog {
    let (_, file, _, _) = SEEDS.iter().find(|(f, ..)| *f == format).unwrap();
    import(format, &seed(file)).unwrap().catalog
}

fn entry<'a>(catalog: &'a Catalog, id: &str) -> &'a Entry {
    catalog.entry(id).unwrap_or_else(|| panic!("no entry {id}"))
}

#[test]
fn every_seed_imports_all_its_entries_and_nothing_is_left_unplaced() {
    for (format, file, _, count) in SEEDS {
        let imported = import(format, &seed(file)).unwrap();
        assert_eq!(
            imported.catalog.entries.len(),
            count,
            "{format} entry count"
        );
        assert_eq!(imported.unplaced, [], "{format} left something unplaced");
    }
}

#[test]
fn import_is_deterministic_and_matches_the_committed_catalog() {
    for (format, file, slug, _) in SEEDS {
        let text = seed(file);
        let first = to_toml(&import(format, &text).unwrap().catalog).unwrap();
        let second = to_toml(&import(format, &text).unwrap().catalog).unwrap();
        assert_eq!(first, second, "{format} import is not deterministic");
        let committed =
            std::fs::read_to_string(workspace().join("catalogs").join(format!("{slug}.toml")))
                .unwrap();
        assert!(
            first == committed,
            "catalogs/{slug}.toml is out of date; run: errcat import --from {slug} tests/data/seeds/{file} --out catalogs/{slug}.toml"
        );
    }
}

#[test]
fn imported_catalogs_read_back_to_the_same_model() {
    for (format, ..) in SEEDS {
        let catalog = imported(format);
        let text = to_toml(&catalog).unwrap();
        let parsed = errcat_catalog::parse(errcat_catalog::SourceFile::new("x.toml", text));
        assert_eq!(parsed.diagnostics, [], "{format}");
        assert_eq!(
            parsed.catalog, catalog,
            "{format} does not round-trip through TOML"
        );
    }
}

#[test]
fn look_alike_numeric_ids_stay_distinct_and_codes_keep_their_type() {
    let planfix = imported(Format::Planfix);
    let quapp = imported(Format::Quapp);
    assert_eq!(entry(&planfix, "2004").code, Some(Code::Int(2004)));
    assert_eq!(
        entry(&quapp, "000012").code,
        Some(Code::Text("000012".into()))
    );
    assert_eq!(
        entry(&quapp, "000037[0]").code,
        Some(Code::Text("000037".into()))
    );
    assert!(planfix.entry("000012").is_none() && quapp.entry("2004").is_none());
}

/// Writes a template back in Clerk's syntax: `<name>`, `%d`, `%q`, `%v`.
fn to_clerk(template: &str, entry: &Entry) -> String {
    let template = Template::parse(template).unwrap();
    let mut out = String::new();
    for segment in template.segments() {
        match segment {
            Segment::Literal(text) => out.push_str(text),
            Segment::Placeholder(p) if !p.is_positional() => out.push_str(&format!("<{}>", p.name)),
            Segment::Placeholder(p) => out.push_str(match (p.spec, entry.params[&p.name].kind()) {
                (FormatSpec::Quoted, _) => "%q",
                (_, ParamType::Int) => "%d",
                _ => "%v",
            }),
            Segment::Choice(_) | Segment::Number(_) => {
                panic!("Clerk's messages have no plural forms: {template}")
            }
        }
    }
    out
}

#[test]
fn clerk_entries_match_the_source_page_field_by_field() {
    let text = seed("clerk-backend-api-errors.md");
    let catalog = imported(Format::Clerk);
    let heading = regex::Regex::new(r"(?m)^### (.*)$").unwrap();
    let names: Vec<String> = heading
        .captures_iter(&text)
        .map(|c| {
            regex::Regex::new("<[^>]*>")
                .unwrap()
                .replace_all(&c[1], "")
                .into_owned()
        })
        .collect();
    let ids: Vec<&str> = catalog.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, names, "ids are the page's names, in page order");

    let blocks =
        regex::Regex::new(r"(?s)filename: Status Code:([^\n]*)\n```json\n(.*?)\n```").unwrap();
    let mut compared = 0;
    for (captures, entry) in blocks.captures_iter(&text).zip(&catalog.entries) {
        let status = captures[1].replace("&#x20;", "");
        assert_eq!(
            entry.status.map(|s| s.to_string()).unwrap_or_default(),
            status.trim(),
            "{}",
            entry.id
        );
        let body: serde_json::Value = serde_json::from_str(&captures[2]).unwrap();
        assert_eq!(
            Some(Code::Text(body["code"].as_str().unwrap().into())),
            entry.code,
            "{}",
            entry.id
        );
        assert_eq!(body.get("meta"), entry.meta.as_ref(), "{}", entry.id);
        let short = entry.title.as_deref().map(|t| to_clerk(t, entry));
        assert_eq!(
            body["shortMessage"].as_str(),
            short.as_deref(),
            "{}",
            entry.id
        );
        let long = entry.message.as_deref().map(|t| to_clerk(t, entry));
        assert_eq!(
            body["longMessage"].as_str(),
            long.as_deref(),
            "{}",
            entry.id
        );
        compared += 1;
    }
    assert_eq!(compared, 314);

    let shared = catalog
        .entries
        .iter()
        .filter(|e| e.code == Some(Code::Text("resource_not_found".into())))
        .count();
    assert_eq!(shared, 19, "entries sharing resource_not_found");
    let country = entry(&catalog, "UnsupportedCountry");
    assert_eq!(country.group.as_deref(), Some("auth"));
    assert_eq!(
        country.params.keys().collect::<Vec<_>>(),
        ["countryName", "support"]
    );
    let name = entry(&catalog, "InvalidApplicationName");
    assert_eq!(
        name.message.as_deref(),
        Some("The application name {0:q} is invalid: {name}")
    );
    assert_eq!(
        entry(&catalog, "IdentificationExists").code,
        Some(Code::Text(String::new()))
    );
    assert_eq!(entry(&catalog, "WorkspaceNotConfigured").status, None);
    assert!(
        entry(&catalog, "AccountlessApplicationNotFound")
            .description
            .as_deref()
            .unwrap()
            .starts_with("`AccountlessApplicationNotFound` signifies an error")
    );
}

#[test]
fn plain_codes_keep_their_descriptions_in_page_order() {
    let text = seed("plain-error-codes.md");
    let catalog = imported(Format::Plain);
    let heading = regex::Regex::new(r"(?m)^#### `([a-z_]+)`\n\n(.*)$").unwrap();
    let rows: Vec<(String, String)> = heading
        .captures_iter(&text)
        .map(|c| (c[1].to_owned(), c[2].to_owned()))
        .collect();
    assert_eq!(rows.len(), 57);
    for ((code, description), entry) in rows.iter().zip(&catalog.entries) {
        assert_eq!(&entry.id, code);
        let rendered = Template::parse(entry.message.as_deref().unwrap())
            .unwrap()
            .render_unfilled();
        assert_eq!(&rendered, description, "{code}");
        assert_eq!(entry.status, None, "Plain documents no statuses");
    }
    assert_eq!(
        entry(&catalog, "input_validation").group.as_deref(),
        Some("common")
    );
    assert_eq!(
        entry(&catalog, "you_shall_not_pass").group.as_deref(),
        Some("specific")
    );
    assert_eq!(
        entry(&catalog, "forbidden").wire_attr("plain", "type"),
        Some(&serde_json::json!("FORBIDDEN"))
    );
}

#[test]
fn planfix_codes_are_integers_grouped_by_section_with_the_response_format() {
    let text = seed("planfix-rest-api-error-codes.txt");
    let catalog = imported(Format::Planfix);
    let bullet = regex::Regex::new(r"(?m)^\s*• (\d+) — (.*)$").unwrap();
    let rows: Vec<(String, String)> = bullet
        .captures_iter(&text)
        .map(|c| (c[1].to_owned(), c[2].to_owned()))
        .collect();
    assert_eq!(rows.len(), 71);
    for ((code, message), entry) in rows.iter().zip(&catalog.entries) {
        assert_eq!(&entry.id, code);
        assert_eq!(entry.code, Some(Code::Int(code.parse().unwrap())));
        assert_eq!(entry.message.as_deref(), Some(message.trim()), "{code}");
    }
    assert_eq!(entry(&catalog, "1000").group.as_deref(), Some("tasks"));
    assert_eq!(entry(&catalog, "401").group.as_deref(), Some("employees"));
    let tasks = catalog.group("tasks").unwrap();
    assert_eq!(
        (tasks.title.as_str(), tasks.range.map(|r| (r.start, r.end))),
        ("Tasks", Some((1000, 1999)))
    );
    assert_eq!(catalog.catalog.profile.as_deref(), Some("planfix"));
    let fields: Vec<&str> = catalog
        .catalog
        .envelope_fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(fields, ["result", "code", "error"]);
}

#[test]
fn plunk_codes_statuses_envelope_and_examples_are_kept() {
    let text = seed("plunk-api-errors.mdx");
    let catalog = imported(Format::Plunk);
    let row = regex::Regex::new(r"(?m)^\| `([A-Z_]+)` +\| (\d{3}) +\| (.*?) +\|$").unwrap();
    let rows: Vec<_> = row
        .captures_iter(&text)
        .map(|c| {
            (
                c[1].to_owned(),
                c[2].parse::<u16>().unwrap(),
                c[3].to_owned(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 25);
    for ((code, status, description), entry) in rows.iter().zip(&catalog.entries) {
        assert_eq!(&entry.id, code);
        assert_eq!(entry.status, Some(*status), "{code}");
        assert_eq!(
            entry.summary.as_deref(),
            Some(description.as_str()),
            "{code}"
        );
    }
    assert_eq!(catalog.catalog.statuses.len(), 11);
    assert_eq!(catalog.catalog.statuses["402"].title, "Payment Required");
    assert!(
        catalog
            .catalog
            .envelope
            .as_deref()
            .unwrap()
            .contains("\"timestamp\": \"2025-11-30T10:30:00.000Z\"")
    );
    assert_eq!(catalog.catalog.envelope_fields.len(), 9);
    let examples: usize = catalog.entries.iter().map(|e| e.examples.len()).sum();
    assert_eq!(examples, 6);
    let validation = entry(&catalog, "VALIDATION_ERROR");
    assert_eq!(validation.examples.len(), 2);
    assert_eq!(validation.examples[1].input.fields.len(), 2);
    assert!(
        validation.examples[1]
            .input
            .suggestion
            .as_deref()
            .unwrap()
            .starts_with("Required fields are missing")
    );
    let template = entry(&catalog, "TEMPLATE_NOT_FOUND");
    assert_eq!(
        template.message.as_deref(),
        Some("Template with ID {id:q} was not found")
    );
    assert_eq!(template.examples[0].input.args["id"], "tpl_abc123");
    assert!(
        entry(&catalog, "MISSING_AUTH")
            .resolutions
            .iter()
            .any(|r| r.contains("Bearer token format"))
    );
}

#[test]
fn quapp_overview_and_details_land_in_each_entry() {
    let text = seed("quapp-system-error-codes.txt");
    let catalog = imported(Format::Quapp);
    let row = regex::Regex::new(r"(?m)^(\d{6}(?:\[\d\])?) \| (.*?) \| (.*?) \|$").unwrap();
    let rows: Vec<_> = row
        .captures_iter(&text)
        .map(|c| (c[1].to_owned(), c[2].to_owned(), c[3].to_owned()))
        .collect();
    assert_eq!(rows.len(), 53);
    for ((id, title, summary), entry) in rows.iter().zip(&catalog.entries) {
        assert_eq!(&entry.id, id);
        assert_eq!(entry.title.as_deref(), Some(title.as_str()));
        assert_eq!(entry.summary.as_deref(), Some(summary.as_str()));
        assert!(
            entry.message.is_some() && entry.description.is_some(),
            "{id} has its detail block"
        );
        assert!(
            !entry.causes.is_empty() && !entry.resolutions.is_empty(),
            "{id} has causes and resolutions"
        );
    }
    let e12 = entry(&catalog, "000012");
    assert_eq!(
        e12.message.as_deref(),
        Some("Unable to locate {0} with id {1}.")
    );
    assert_eq!(e12.params.keys().collect::<Vec<_>>(), ["0", "1"]);
    let e8 = entry(&catalog, "000008");
    assert_eq!(
        e8.message.as_deref(),
        Some(
            "You cannot {0}. Please ensure you have the {1} privilege(s) and try again or contact the {2}."
        )
    );
    assert_eq!(
        e8.causes,
        ["The user account lacks the {1} privilege required to perform action {0}."]
    );
    let variant = entry(&catalog, "000038[0]");
    assert_eq!(
        variant.message.as_deref(),
        Some("A required field is missing or left blank.")
    );
    assert_eq!(
        variant.resolutions,
        ["Ensure all required fields are filled in before submitting."]
    );
    assert!(
        catalog.entry("000032").is_none(),
        "the source has no 000032"
    );
}
