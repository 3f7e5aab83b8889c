//! The PromQL the portal and `errcat audit` send, evaluated by Prometheus's
//! own engine (`promtool test rules`) over series a live test cannot make in
//! seconds: a counter that grew through the window, a replica that went
//! away mid-window (a rolling deploy) and its successor, a burst sent before
//! the first scrape, a failed scrape at the window's start, a restart, an
//! entry idle all window, and a last-seen time older than the window.
//!
//! Needs `promtool`, from Debian's `prometheus` package, which the test
//! command installs; elsewhere the test says it was skipped, unless
//! `ERRCAT_REQUIRE_PROMETHEUS` is set.

use std::process::Command;
use std::time::Duration;

use errcat_portal::live::{hourly_query, last_seen_query, sent_query};

const HOUR: Duration = Duration::from_secs(3600);

/// Series at one-minute steps from time 0; the queries are evaluated at 3h,
/// so the last hour is 2h to 3h.
const SERIES: &str = r#"
      # Grows by one a minute all along: 60 in the last hour.
      - series: 'errcat_errors_total{catalog="Contacts API",entry="steady",instance="a"}'
        values: '0+1x180'
      # A replica that stopped at 2h30 (30 in the window), and the one that
      # took over at 2h40 (21 in the window).
      - series: 'errcat_errors_total{catalog="Contacts API",entry="deployed",instance="old"}'
        values: '0+1x150'
      - series: 'errcat_errors_total{catalog="Contacts API",entry="deployed",instance="new"}'
        values: '_x160 1+1x20'
      # Appeared at 2h50 with 5 errors already counted: all 5 are the window's.
      - series: 'errcat_errors_total{catalog="Contacts API",entry="burst",instance="a"}'
        values: '_x170 5x10'
      # At 1000, a failed scrape at the window's start (a stale marker), then 60 more.
      - series: 'errcat_errors_total{catalog="Contacts API",entry="flaky",instance="a"}'
        values: '1000x119 stale 1001+1x59'
      # At 5, 30 more, a restart at 2h31 down to 0, then 29 more: the
      # restarted replica counts what it sent since its restart (29).
      - series: 'errcat_errors_total{catalog="Contacts API",entry="restarted",instance="a"}'
        values: '5x120 6+1x29 0+1x30'
      # Sent 3 long ago, nothing since.
      - series: 'errcat_errors_total{catalog="Contacts API",entry="idle",instance="a"}'
        values: '3x180'
      # Another catalog's: never counted here.
      - series: 'errcat_errors_total{catalog="Billing",entry="steady",instance="a"}'
        values: '0+9x180'
      # Last seen at 2h46m40s, and at 0h01m40s (the process lived on, the gauge kept its value).
      - series: 'errcat_error_last_seen_timestamp_seconds{catalog="Contacts API",entry="steady",instance="a"}'
        values: '10000x180'
      - series: 'errcat_error_last_seen_timestamp_seconds{catalog="Contacts API",entry="idle",instance="a"}'
        values: '100x180'
"#;

fn promtool() -> Option<String> {
    let found = Command::new("promtool")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if found {
        return Some("promtool".to_owned());
    }
    assert!(
        std::env::var_os("ERRCAT_REQUIRE_PROMETHEUS").is_none(),
        "promtool is missing: install Debian's `prometheus` package (scripts/test does)"
    );
    None
}

/// A `promql_expr_test` case: the query, and the samples it must give.
fn case(expr: &str, samples: &[(&str, f64)]) -> String {
    let mut text = format!(
        "      - expr: '{}'\n        eval_time: 3h\n        exp_samples:\n",
        expr.replace('\'', "''")
    );
    for (labels, value) in samples {
        text.push_str(&format!(
            "          - labels: '{labels}'\n            value: {value}\n"
        ));
    }
    text
}

#[test]
fn the_queries_count_each_series_growth_in_the_window() {
    let Some(promtool) = promtool() else {
        eprintln!("skipped: promtool is not installed");
        return;
    };
    let mut tests = format!(
        "rule_files: []\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:{SERIES}    promql_expr_test:\n"
    );
    tests.push_str(&case(
        &sent_query("Contacts API", HOUR),
        &[
            (r#"{entry="steady"}"#, 60.0),
            (r#"{entry="deployed"}"#, 51.0),
            (r#"{entry="burst"}"#, 5.0),
            (r#"{entry="flaky"}"#, 60.0),
            (r#"{entry="idle"}"#, 0.0),
            (r#"{entry="restarted"}"#, 29.0),
        ],
    ));
    tests.push_str(&case(
        &hourly_query("Contacts API", "deployed"),
        &[("{}", 51.0)],
    ));
    tests.push_str(&case(
        &last_seen_query("Contacts API", HOUR),
        &[(r#"{entry="steady"}"#, 10000.0)],
    ));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("queries_test.yml");
    std::fs::write(&file, &tests).unwrap();
    let output = Command::new(promtool)
        .args(["test", "rules"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "promtool found the queries wrong:\n{}{}\n{tests}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
