errcat::catalog!("../../../../crates/errcat-macros/tests/ui/bad.toml");

fn main() {}
