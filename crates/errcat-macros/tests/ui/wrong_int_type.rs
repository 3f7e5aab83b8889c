errcat::catalog!("../../../../crates/errcat-macros/tests/ui/errors.toml");

fn main() {
    let _ = errors::rate_limited("thirty", "please");
}
