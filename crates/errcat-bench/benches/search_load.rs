//! Portal search latency over 100,000 generated entries with 64 concurrent
//! clients on loopback (target: p99 at most 5 ms), beside `/healthz` measured
//! the same way in the same run.
//!
//! `cargo bench -p errcat-bench --bench search_load`; under `cargo test` it
//! runs a small smoke version.

use std::fmt::Write as _;
use std::sync::Arc;

use errcat_bench::{full_run, run, serve};

const WORDS: [&str; 40] = [
    "account",
    "address",
    "api",
    "billing",
    "card",
    "client",
    "contact",
    "domain",
    "email",
    "event",
    "field",
    "file",
    "invoice",
    "key",
    "limit",
    "member",
    "message",
    "order",
    "organization",
    "password",
    "payment",
    "phone",
    "plan",
    "project",
    "quota",
    "record",
    "request",
    "resource",
    "role",
    "session",
    "signature",
    "subscription",
    "task",
    "template",
    "token",
    "upload",
    "user",
    "webhook",
    "workspace",
    "zone",
];
const STATES: [&str; 12] = [
    "not_found",
    "invalid",
    "expired",
    "locked",
    "duplicate",
    "missing",
    "too_large",
    "forbidden",
    "conflict",
    "disabled",
    "unverified",
    "rate_limited",
];

fn generated(count: usize) -> errcat_runtime::CompiledCatalog {
    let mut text = String::from("[catalog]\nname = \"Generated\"\n");
    for index in 0..count {
        let (a, b, state) = (
            WORDS[index % 40],
            WORDS[(index / 40) % 40],
            STATES[(index / 1600) % 12],
        );
        let _ = write!(
            text,
            "[[errors]]\nid = \"{a}_{b}_{state}_{index}\"\nstatus = 400\ntitle = \"The {a} of this {b} is {}\"\n\
             message = \"The {a} {{id}} of {b} is {}.\"\ndescription = \"Happens when a {b} {a} is {} during a request.\"\nparams.id = \"string\"\n",
            state.replace('_', " "),
            state.replace('_', " "),
            state.replace('_', " "),
        );
    }
    errcat_runtime::compile(errcat_catalog::SourceFile::new("generated.toml", text))
        .expect("the generated catalog checks")
}

fn main() {
    let full = full_run();
    let (entries, clients, per_client) = if full {
        (100_000, 64, 400)
    } else {
        (2_000, 4, 20)
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async move {
        let catalog = generated(entries);
        // Example bodies are not searched; skip rendering them for 100,000 entries.
        let view = errcat_docs::catalog_view("generated", &catalog, &[]);
        let portal = Arc::new(errcat_portal::Portal::from_views(vec![view]));
        let (addr, _stop) = serve(errcat_portal::router(portal)).await;
        let queries: Vec<String> = [
            "user_session_expired_42",
            "billing limit",
            "tokn expird",
            "webhook",
            "resource_not_found",
            "paymnt",
            "organization member locked",
            "the email of this",
            "quota_plan",
            "signature invalid",
        ]
        .iter()
        .map(|q| format!("/api/v1/search?q={}", q.replace(' ', "+")))
        .collect();
        // The most a query may ask within the limits, and past them (refused).
        let hostile: Vec<String> = [
            "a+b+c+d+e+f+g+h".to_owned(),
            "resorce+fuond+misisng+paramter+orgnizaton+sesion+expird+tokn".to_owned(),
            "q".repeat(errcat_portal::search::MAX_QUERY_BYTES),
            "resorce+fuond+".repeat(3000),
        ]
        .iter()
        .map(|q| format!("/api/v1/search?q={q}"))
        .collect();
        let health = vec!["/healthz".to_owned()];
        let _warm = run(addr, clients, per_client / 10 + 1, &queries).await;
        let baseline = run(addr, clients, per_client, &health).await;
        let search = run(addr, clients, per_client, &queries).await;
        assert!(
            search.statuses.iter().all(|s| *s == 200),
            "every search answers 200"
        );
        let hostile = run(addr, clients, per_client / 4 + 1, &hostile).await;
        assert!(
            hostile.statuses.iter().all(|s| *s == 200 || *s == 400),
            "hostile queries answer 200 or 400"
        );
        println!(
            "search over {entries} entries, {clients} clients, {} requests each",
            per_client
        );
        for (name, report) in [
            ("healthz", &baseline),
            ("search", &search),
            ("hostile", &hostile),
        ] {
            println!(
                "  {name:8} p50 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms  {:>9.0} req/s",
                report.quantile(0.50).as_secs_f64() * 1e3,
                report.quantile(0.99).as_secs_f64() * 1e3,
                report.quantile(1.0).as_secs_f64() * 1e3,
                report.throughput()
            );
        }
        println!(
            "  search p99 / healthz p99 = {:.2}",
            search.quantile(0.99).as_secs_f64() / baseline.quantile(0.99).as_secs_f64()
        );
    });
}
