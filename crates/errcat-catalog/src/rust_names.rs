//! The names `errcat::catalog!` generates in Rust: a function and a type per
//! entry, an argument per param. Here, not in the code generator, so that
//! `errcat check` refuses the catalogs whose names would collide, as the
//! build does (lint `generated-names`).

/// The type name of an entry: its function name in UpperCamelCase.
pub fn type_name(function: &str) -> String {
    let mut out = String::new();
    for part in function.split('_').filter(|part| !part.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'E');
    }
    // `Self` is the one keyword an UpperCamelCase name can be.
    if out == "Self" {
        out.push('_');
    }
    out
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
    "where", "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
    "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// The function name for an entry id (`UnsupportedCountry` ->
/// `unsupported_country`, `000012` -> `e000012`, a keyword with `_`).
pub fn rust_name(id: &str) -> String {
    let mut name = snake_name(id);
    if MODULE_ITEMS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Functions the generated module defines besides the constructors.
const MODULE_ITEMS: &[&str] = &["catalog", "entry", "entries"];

/// Any text as a snake_case Rust identifier made of `[a-z0-9_]`, never a keyword.
fn snake_name(id: &str) -> String {
    let mut out = crate::snake_case(id);
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'e');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// The Rust name of a param: snake_case, positional ones as `argN`.
pub fn param_name(name: &str) -> String {
    if name.bytes().all(|b| b.is_ascii_digit()) {
        return format!("arg{name}");
    }
    // The body calls the module's `entry`, so no argument may shadow it.
    let snake = snake_name(name);
    if snake == "entry" {
        "entry_".to_owned()
    } else {
        snake
    }
}
