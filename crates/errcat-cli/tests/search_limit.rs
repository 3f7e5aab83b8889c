//! `errcat search` shows as many hits as the portal: one default, defined once.

use std::process::Command;

// Regression: `errcat search` returned 20 results where the portal returned 25
// (or 50) for the same query.
#[test]
fn errcat_search_shows_the_portals_number_of_hits_by_default() {
    let output = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(["search", "not", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(hits.len(), errcat_portal::DEFAULT_LIMIT);
}

#[test]
fn errcat_search_refuses_a_query_past_the_limits_and_says_why() {
    let query = "resorce fuond ".repeat(500);
    let output = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(["search", &query])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("a query is at most 256 bytes"), "{stderr}");
}
