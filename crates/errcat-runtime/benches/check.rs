//! Loading and checking a generated 10,000-entry catalog (target: at most 100 ms).

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use errcat_runtime::catalog::{SourceFile, parse};
use errcat_runtime::check;

/// A catalog of `count` entries in 100 groups, each with params, causes and resolutions.
pub fn generated_catalog(count: usize) -> String {
    let mut text = String::from(
        "[catalog]\nname = \"Generated\"\ndocs_url = \"https://docs.example/errors/{code}\"\n\n",
    );
    for group in 0..100 {
        let _ = write!(
            text,
            "[[groups]]\nid = \"group_{group}\"\ntitle = \"Group {group}\"\nrange = [{}, {}]\n\n",
            group * 1000,
            group * 1000 + 999
        );
    }
    for index in 0..count {
        let group = index % 100;
        let _ = write!(
            text,
            "[[errors]]\nid = \"error_{index}\"\ncode = {code}\ngroup = \"group_{group}\"\nstatus = {status}\n\
             title = \"Error number {index}\"\nmessage = \"Resource {{id:q}} of kind {{kind}} failed with {{count}} problems ({index})\"\n\
             description = \"A generated entry used to measure how fast catalogs load and check.\"\n\
             causes = [\"The first cause.\", \"The second cause.\"]\nresolutions = [\"Do the first thing.\"]\n\
             params.id = {{ type = \"string\", example = \"r_{index}\" }}\nparams.kind = \"string\"\nparams.count = \"int\"\n\n",
            code = group * 1000 + index / 100,
            status = [400, 404, 409, 422, 500][index % 5],
        );
    }
    text
}

fn bench_check(c: &mut Criterion) {
    let text = generated_catalog(10_000);
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    group.bench_function("parse_and_check_10k_entries", |b| {
        b.iter(|| {
            let checked = check(parse(SourceFile::new(
                "generated.toml",
                black_box(text.as_str()),
            )))
            .expect("generated catalog checks");
            black_box(checked.catalog().entries.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
