// Catalog text full of `*/`, quotes, backslashes, newlines, `#[` and `}` only
// ever becomes string literals; ids and params that are not Rust names are mapped.
errcat::catalog!("../../../../crates/errcat-macros/tests/ui/hostile.toml");

fn main() {
    let error = errors::catalog_("v", 1, true, 2.5, "e", "zero");
    assert_eq!(error.code().to_string(), "catalog");
    assert!(error.message().contains("\"v\""));
    assert_eq!(errors::entry_("x").code().to_string(), "entry");
    let list = errors::r_type_fn_evil("me", ["a", "b"]);
    assert_eq!(list.status().as_u16(), 409);
    assert_eq!(errors::catalog().entries().len(), 3);
}
