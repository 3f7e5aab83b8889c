errcat::catalog!("../../../../crates/errcat-macros/tests/ui/errors.toml");

fn main() {
    let _ = errors::contact_archived();
}
