//! One ranking: the portal's search (in process) and the static site's
//! `search.js` (under Node, over the `search-index.js` that `errcat docs`
//! writes) give the same ordered results for the same queries.
//!
//! Needs `node` on PATH (`scripts/test` installs it); without it the test says
//! so and passes, unless `ERRCAT_REQUIRE_NODE` is set (CI), when it fails.

use std::process::Command;

use errcat_docs::CatalogView;
use errcat_portal::Portal;
use errcat_portal::search::QueryError;

/// The built-in catalogs, and the contacts example with its French and
/// Russian translations (each a document of its own in the index).
fn views() -> Vec<CatalogView> {
    let mut views: Vec<CatalogView> = errcat_catalog::builtin::parsed()
        .into_iter()
        .map(|(slug, parsed)| {
            let checked = errcat_runtime::check(parsed).expect("built-in catalogs check");
            let compiled = errcat_runtime::CompiledCatalog::new(&checked).unwrap();
            errcat_docs::catalog_view(slug, &compiled, &[])
        })
        .collect();
    let contacts = errcat_runtime::compile(errcat_catalog::SourceFile::new(
        "examples/contacts/errors.toml",
        include_str!("../../../examples/contacts/errors.toml"),
    ))
    .expect("the contacts example checks");
    views.push(errcat_docs::catalog_view("contacts", &contacts, &[]));
    views
}

/// The queries both must agree on: every kind the issue names, then each
/// built-in entry's id as written, lowercased, and with two letters swapped.
fn queries(views: &[CatalogView]) -> Vec<String> {
    let mut queries: Vec<String> = [
        // exact codes and ids
        "resource_not_found",
        "not_found",
        "INVALID_API_KEY",
        "invalid_api_key",
        // numeric codes
        "000012",
        "000037[0]",
        "2004",
        "1000",
        "20",
        // prefixes
        "allowl",
        "unsupported countr",
        "org",
        // misspellings
        "resorce_not_fuond",
        "clinet",
        "paramter",
        "AllowlistIdentifierNotFund",
        "orgnization membr",
        // camel case
        "UnsupportedCountry",
        "IdentifierAllowlist",
        "userNotFound",
        // several words
        "missing parameter",
        "rate limit",
        "the email of this",
        "task does not exist",
        // unicode and punctuation
        "naïve café",
        "ÉCHEC",
        "--- ??? ---",
        "   ",
        "",
        // translated text
        "introuvable",
        "contact introuvable",
        "champs invalides",
        "déjà",
        // accents folded: typed without them, or with other ones
        "deja",
        "DÉJÀ",
        "introuvàble",
        "Straße strasse",
        "łódź lodz",
        "œuvre ÆON",
        "i\u{307}stanbul",
        "กิน กัน",
        "が か 한국어",
        "некорректных",
        "контакт",
        "contact",
        "invalid contact",
        // over the limits
        "a b c d e f g h i",
        &"resorce fuond ".repeat(40),
    ]
    .iter()
    .map(|q| (*q).to_owned())
    .collect();
    for view in views {
        for entry in &view.entries {
            queries.push(entry.id.clone());
            queries.push(entry.id.to_lowercase());
            let mut chars: Vec<char> = entry.id.chars().collect();
            if chars.len() >= 5 {
                chars.swap(2, 3);
                queries.push(chars.into_iter().collect());
            }
        }
    }
    queries
}

fn portal_answer(portal: &Portal, query: &str) -> serde_json::Value {
    match portal.search(query) {
        Ok(hits) => {
            let ids: Vec<String> = hits
                .iter()
                .map(|hit| format!("{}/{}", hit.catalog, hit.id))
                .collect();
            serde_json::json!({ "ids": ids })
        }
        Err(QueryError::TooLong { .. }) => serde_json::json!({ "error": "too_long" }),
        Err(QueryError::TooManyTerms { .. }) => serde_json::json!({ "error": "too_many_terms" }),
        Err(other) => panic!("a refusal search.js does not know: {other}"),
    }
}

const HARNESS: &str = r#"
globalThis.window = globalThis;
const [site, queriesFile] = process.argv.slice(1);
require(site + "/search-index.js");
const search = require(site + "/search.js");
const index = search.prepare(window.ERRCAT_INDEX);
const queries = JSON.parse(require("fs").readFileSync(queriesFile, "utf8"));
const answers = queries.map((query) => {
  const result = search.search(index, query, index.limit);
  if (result.error) return { error: result.error.kind };
  return { ids: result.hits.map((hit) => index.docs[hit.doc][3] + "/" + index.docs[hit.doc][4]) };
});
process.stdout.write(JSON.stringify(answers));
"#;

// Regression: `resorce_not_fuond` found nothing from disk and every Clerk
// `resource_not_found` entry in the portal; the two ranked differently.
#[test]
fn the_static_site_and_the_portal_rank_every_query_the_same() {
    if Command::new("node").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("ERRCAT_REQUIRE_NODE").is_none(),
            "ERRCAT_REQUIRE_NODE is set but node is not on PATH"
        );
        eprintln!("node is not installed: search.js is not compared");
        return;
    }
    let views = views();
    let portal = Portal::from_views(views.clone());
    let site = tempfile::tempdir().unwrap();
    errcat_docs::write_site(&views, site.path()).unwrap();
    let queries = queries(&views);
    let queries_file = site.path().join("queries.json");
    std::fs::write(&queries_file, serde_json::to_string(&queries).unwrap()).unwrap();
    let output = Command::new("node")
        .arg("-e")
        .arg(HARNESS)
        .arg(site.path())
        .arg(&queries_file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answers.len(), queries.len());
    let mut differences = Vec::new();
    for (query, static_answer) in queries.iter().zip(&answers) {
        let portal = portal_answer(&portal, query);
        if &portal != static_answer {
            differences.push(format!(
                "{query:?}\n  portal: {portal}\n  static: {static_answer}"
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} queries rank differently:\n{}",
        differences.len(),
        queries.len(),
        differences.join("\n")
    );
}

#[test]
fn the_portal_shows_the_one_default_number_of_hits() {
    let portal = Portal::from_views(views());
    let broad = ["not", "invalid", "request", "found"]
        .into_iter()
        .find(|q| portal.search_up_to(q, 1000).unwrap().len() > errcat_portal::DEFAULT_LIMIT)
        .expect("a query that matches more than one page");
    assert_eq!(
        portal.search(broad).unwrap().len(),
        errcat_portal::DEFAULT_LIMIT
    );
}
