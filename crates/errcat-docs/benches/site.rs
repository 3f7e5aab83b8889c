//! Building the static HTML site for a generated 10,000-entry catalog
//! (target: at most 1 s): views with example bodies in all seven profiles,
//! every page rendered and written (to tmpfs where there is one).

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use errcat_runtime::Profile;

fn generated_catalog(count: usize) -> errcat_runtime::CompiledCatalog {
    let mut text = String::from(
        "[catalog]\nname = \"Generated\"\ndocs_url = \"https://docs.example/errors/{code}\"\n",
    );
    for group in 0..20 {
        let _ = write!(
            text,
            "[[groups]]\nid = \"g{group}\"\ntitle = \"Group {group}\"\n"
        );
    }
    for index in 0..count {
        let _ = write!(
            text,
            "[[errors]]\nid = \"error_{index}\"\ngroup = \"g{group}\"\nstatus = {status}\ntitle = \"Error number {index}\"\n\
             message = \"Resource {{id:q}} failed with {{count}} problems\"\ndescription = \"A generated entry <{index}> & more.\"\n\
             causes = [\"The first cause.\"]\nresolutions = [\"Do the first thing.\", \"Then the second.\"]\n\
             params.id = {{ type = \"string\", example = \"r_{index}\" }}\nparams.count = {{ type = \"int\", example = 3 }}\n",
            group = index % 20,
            status = [400, 404, 409, 422, 500][index % 5],
        );
    }
    errcat_runtime::compile(errcat_catalog::SourceFile::new("generated.toml", text))
        .expect("the generated catalog checks")
}

fn bench_site(c: &mut Criterion) {
    let catalog = generated_catalog(10_000);
    // tmpfs when the machine has one: file creation on some disks costs more
    // than all of errcat's work (10,000 empty-ish files take seconds there).
    let out = if std::path::Path::new("/dev/shm").is_dir() {
        tempfile::tempdir_in("/dev/shm").unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let mut group = c.benchmark_group("docs");
    group.sample_size(10);
    group.bench_function("html_site_10k_entries", |b| {
        b.iter(|| {
            let view =
                errcat_docs::catalog_view("generated", black_box(&catalog), Profile::built_in());
            errcat_docs::write_site(std::slice::from_ref(&view), out.path()).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_site);
criterion_main!(benches);
