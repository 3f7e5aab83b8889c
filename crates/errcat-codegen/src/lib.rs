//! Turns a catalog into Rust: a module with one typed constructor per entry.
//!
//! The `catalog!` macro and `build.rs` users both call [`generate`], which
//! loads and checks the catalog through the very code path the CLI uses, so
//! a catalog that `errcat check` rejects never compiles.
//!
//! # Names
//!
//! A constructor is named after its entry id in snake_case
//! (`UnsupportedCountry` -> `unsupported_country`, `APIKeysNotEnabled` ->
//! `api_keys_not_enabled`). Characters other than letters and digits become
//! `_`; an id that starts with a digit gets an `e` in front (`000012` ->
//! `e000012`, `000037[0]` -> `e000037_0`); Rust keywords get a trailing `_`.
//! Params follow the same rule, positional ones as `arg0`, `arg1`...
//!
//! # Types
//!
//! `string` params take `impl Display`, `int` takes `i64`, `float` `f64`,
//! `bool` `bool`, `list` any `IntoIterator` of `Display` items.
//!
//! Internal crate of errcat: not semver-stable.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use errcat_catalog::{Catalog, Entry, ParamType, Report, SourceFile, parse, read_source};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

/// What to generate from.
#[derive(Debug, Clone)]
pub struct Input {
    /// The catalog file (absolute, or relative to the current directory).
    pub path: PathBuf,
    /// The module's name (`errors`).
    pub module: String,
    /// How diagnostics name the file: the path as the user wrote it.
    pub display_name: String,
}

/// Why generation failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum GenerateError {
    /// The file could not be read.
    Read(errcat_catalog::ReadError),
    /// The catalog has errors (rendered like `errcat check`).
    Invalid(Report),
    /// Two entries map to the same function name.
    NameClash {
        /// The function name.
        name: String,
        /// The ids that map to it.
        ids: [String; 2],
    },
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::Read(error) => write!(f, "{error}"),
            GenerateError::Invalid(report) => write!(
                f,
                "the catalog has errors; `errcat check` shows them too\n\n{report}"
            ),
            GenerateError::NameClash { name, ids: [a, b] } => {
                write!(
                    f,
                    "entries `{a}` and `{b}` would both be generated as `{name}`; rename one of the ids"
                )
            }
        }
    }
}

impl std::error::Error for GenerateError {}

/// Loads and checks the catalog, and generates its module.
pub fn generate(input: &Input) -> Result<TokenStream, GenerateError> {
    let mut source = read_source(&input.path).map_err(GenerateError::Read)?;
    source.name.clone_from(&input.display_name);
    generate_from_source(source, &input.path, &input.module)
}

/// Generates from catalog text already read (`path` is what `include_str!` names).
pub fn generate_from_source(
    source: SourceFile,
    path: &Path,
    module: &str,
) -> Result<TokenStream, GenerateError> {
    let checked = errcat_runtime::check(parse(source)).map_err(GenerateError::Invalid)?;
    module_tokens(checked.catalog(), path, module)
}

/// Writes the module as Rust source for `include!`, as a `build.rs` does:
/// reads `catalog` relative to `CARGO_MANIFEST_DIR`, writes `OUT_DIR/<module>.rs`
/// and tells cargo to rerun when the catalog changes.
///
/// ```no_run
/// // build.rs
/// errcat_codegen::write_module("errors.toml", "errors").unwrap();
/// // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/errors.rs"));
/// ```
pub fn write_module(
    catalog: impl AsRef<Path>,
    module: &str,
) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    println!(
        "cargo:rerun-if-changed={}",
        manifest.join(catalog.as_ref()).display()
    );
    write_module_to(&manifest, catalog.as_ref(), module, &out_dir)
}

/// [`write_module`] with its directories given: `<out_dir>/<module>.rs` from
/// `<manifest_dir>/<catalog>`.
pub fn write_module_to(
    manifest_dir: &Path,
    catalog: &Path,
    module: &str,
    out_dir: &Path,
) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let input = Input {
        path: manifest_dir.join(catalog),
        module: module.to_owned(),
        display_name: catalog.display().to_string(),
    };
    let tokens = generate(&input)?;
    let out = out_dir.join(format!("{module}.rs"));
    std::fs::write(&out, tokens.to_string())?;
    Ok(out)
}

fn module_tokens(
    catalog: &Catalog,
    path: &Path,
    module: &str,
) -> Result<TokenStream, GenerateError> {
    let module = Ident::new(module, Span::call_site());
    let path_text = path.display().to_string();
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut functions = Vec::new();
    for (index, entry) in catalog.entries.iter().enumerate() {
        let name = rust_name(&entry.id);
        if let Some(other) = seen.insert(name.clone(), &entry.id) {
            return Err(GenerateError::NameClash {
                name,
                ids: [other.to_owned(), entry.id.clone()],
            });
        }
        functions.push(constructor(catalog, entry, index, &name));
    }
    let catalog_name = &catalog.catalog.name;
    let doc = format!(
        " Typed constructors for the errors of {} (`{path_text}`), generated by errcat.",
        if catalog_name.is_empty() {
            "this catalog"
        } else {
            catalog_name
        }
    );
    Ok(quote! {
        #[doc = #doc]
        #[allow(dead_code, clippy::too_many_arguments)]
        pub mod #module {
            /// The catalog text; `include_str!` also makes edits to it rebuild this crate.
            pub const SOURCE: &str = include_str!(#path_text);

            static CATALOG: ::std::sync::LazyLock<::errcat::CompiledCatalog> =
                ::std::sync::LazyLock::new(|| ::errcat::__private::compile_checked(SOURCE, #path_text));

            /// The compiled catalog, for `errcat::axum::ErrorLayer` and lookups by id.
            pub fn catalog() -> &'static ::errcat::CompiledCatalog {
                &CATALOG
            }

            fn entry(index: usize) -> ::errcat::ApiError {
                ::errcat::ApiError::new(
                    ::std::clone::Clone::clone(CATALOG.entry_at(index).expect("generated indexes match the catalog")),
                )
            }

            #(#functions)*
        }
    })
}

fn constructor(catalog: &Catalog, entry: &Entry, index: usize, name: &str) -> TokenStream {
    let function = syn_ident(name);
    let doc = rustdoc(catalog, entry);
    let mut params = Vec::new();
    let mut generics = Vec::new();
    let mut args = Vec::new();
    for (position, (param, spec)) in entry.params.iter().enumerate() {
        let ident = syn_ident(&param_name(param));
        let key = param.as_str();
        match spec.kind() {
            ParamType::String => {
                params.push(quote! { #ident: impl ::std::fmt::Display });
                args.push(quote! { .arg(#key, ::std::string::ToString::to_string(&#ident)) });
            }
            ParamType::Int => {
                params.push(quote! { #ident: i64 });
                args.push(quote! { .arg(#key, #ident) });
            }
            ParamType::Float => {
                params.push(quote! { #ident: f64 });
                args.push(quote! { .arg(#key, #ident) });
            }
            ParamType::Bool => {
                params.push(quote! { #ident: bool });
                args.push(quote! { .arg(#key, #ident) });
            }
            ParamType::List => {
                let item = format_ident!("Item{}", position);
                generics.push(quote! { #item: ::std::fmt::Display });
                params.push(quote! { #ident: impl ::std::iter::IntoIterator<Item = #item> });
                args.push(quote! {
                    .arg(#key, ::errcat::ArgValue::List(#ident.into_iter().map(|item| ::std::string::ToString::to_string(&item)).collect()))
                });
            }
        }
    }
    let generics = if generics.is_empty() {
        quote! {}
    } else {
        quote! { <#(#generics),*> }
    };
    quote! {
        #[doc = #doc]
        #[must_use = "an error does nothing until it is returned"]
        pub fn #function #generics (#(#params),*) -> ::errcat::ApiError {
            entry(#index) #(#args)*
        }
    }
}

fn rustdoc(catalog: &Catalog, entry: &Entry) -> String {
    let mut doc = String::new();
    let heading = entry
        .title
        .as_deref()
        .filter(|t| !t.is_empty())
        .unwrap_or(entry.text());
    let _ = writeln!(
        doc,
        " **{}** — `{}`\n",
        heading.replace('\n', " "),
        entry.id
    );
    let status = entry
        .status
        .or(catalog.catalog.default_status)
        .map_or_else(|| "none".to_owned(), |s| s.to_string());
    let _ = writeln!(doc, " - status: {status}\n - code: `{}`", entry.wire_code());
    if let Some(message) = &entry.message {
        let _ = writeln!(doc, " - message: `{}`", message.replace('`', "'"));
    }
    for (title, text) in [
        ("", entry.description.as_deref()),
        ("Suggestion: ", entry.suggestion.as_deref()),
    ] {
        if let Some(text) = text {
            let _ = writeln!(doc, "\n {title}{}", text.replace('\n', "\n "));
        }
    }
    if !entry.resolutions.is_empty() {
        let _ = writeln!(doc, "\n # Resolutions\n");
        for resolution in &entry.resolutions {
            let _ = writeln!(doc, " - {resolution}");
        }
    }
    if !entry.params.is_empty() {
        let _ = writeln!(doc, "\n # Params\n");
        for (name, param) in &entry.params {
            let _ = write!(doc, " - `{}`: {}", param_name(name), param.kind());
            if let Some(description) = param.description() {
                let _ = write!(doc, " — {description}");
            }
            doc.push('\n');
        }
    }
    doc
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
    "where", "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
    "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// The function name for an entry id; see the crate docs for the mapping.
pub fn rust_name(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let mut out = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            let previous = index.checked_sub(1).map(|i| chars[i]);
            let next = chars.get(index + 1).copied();
            let boundary = c.is_ascii_uppercase()
                && previous.is_some_and(|p| {
                    p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
                });
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut out = out.trim_end_matches('_').to_owned();
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
    let snake = rust_name(name);
    if snake == "entry" {
        "entry_".to_owned()
    } else {
        snake
    }
}

fn syn_ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_map_to_snake_case_function_names() {
        let cases = [
            ("contact_not_found", "contact_not_found"),
            ("UnsupportedCountry", "unsupported_country"),
            ("APIKeysNotEnabled", "api_keys_not_enabled"),
            ("000012", "e000012"),
            ("000037[0]", "e000037_0"),
            ("2004", "e2004"),
            ("INVALID_API_KEY", "invalid_api_key"),
            ("type", "type_"),
            ("OAuthConfigMissing", "o_auth_config_missing"),
        ];
        for (id, expected) in cases {
            assert_eq!(super::rust_name(id), expected, "{id}");
        }
        assert_eq!(super::param_name("0"), "arg0");
        assert_eq!(super::param_name("countryName"), "country_name");
    }

    #[test]
    fn build_script_route_writes_the_same_module_the_macro_expands_to() {
        let dir = std::env::temp_dir().join(format!("errcat-codegen-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let catalog = "[[errors]]\nid = \"UnsupportedCountry\"\nstatus = 403\nmessage = \"No {countryName}\"\nparams.countryName = \"string\"\n";
        std::fs::write(dir.join("errors.toml"), catalog).unwrap();
        let written =
            super::write_module_to(&dir, std::path::Path::new("errors.toml"), "errors", &dir)
                .unwrap();
        let source = std::fs::read_to_string(&written).unwrap();
        let expected = super::generate(&super::Input {
            path: dir.join("errors.toml"),
            module: "errors".to_owned(),
            display_name: "errors.toml".to_owned(),
        })
        .unwrap()
        .to_string();
        assert_eq!(source, expected);
        assert!(
            source.contains("pub mod errors")
                && source.contains(
                    "pub fn unsupported_country (country_name : impl :: std :: fmt :: Display)"
                ),
            "{source}"
        );
        std::fs::write(
            dir.join("errors.toml"),
            "[[errors]]\nid = \"x\"\nmessage = \"{y}\"\n",
        )
        .unwrap();
        let error =
            super::write_module_to(&dir, std::path::Path::new("errors.toml"), "errors", &dir)
                .unwrap_err()
                .to_string();
        assert!(
            error.contains("errors.toml:3:12") && error.contains("undeclared-placeholder"),
            "{error}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn every_builtin_catalog_generates_without_name_clashes() {
        for (slug, text) in errcat_catalog::builtin::SOURCES {
            let source = errcat_catalog::SourceFile::new(format!("{slug}.toml"), text);
            let tokens =
                super::generate_from_source(source, std::path::Path::new("x.toml"), "errors");
            assert!(tokens.is_ok(), "{slug}: {}", tokens.err().unwrap());
        }
    }
}
