//! What the axum integration tests share: a small catalog and its compiler.

use errcat_runtime::CompiledCatalog;

/// One client error with an argument.
pub const CATALOG: &str = r#"
[catalog]
name = "Contacts"

[[errors]]
id = "contact_not_found"
status = 404
title = "Contact not found"
message = "No contact {id:q}"
params.id = "string"
"#;

/// Compiles catalog text, which the tests know to be valid.
pub fn catalog(text: &str) -> CompiledCatalog {
    errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new("t.toml", text)).unwrap()
}
