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
//! `e000012`, `000037[0]` -> `e000037_0`); Rust keywords, and the module's
//! own items (`catalog`, `entry`), get a trailing `_`. Params follow the same
//! rule, positional ones as `arg0`, `arg1`... Two entries, or two params of
//! one entry, that map to one name are an error naming both.
//!
//! # No catalog text becomes code
//!
//! Ids and param names only ever reach the output through this mapping, whose
//! result is made of `[a-z0-9_]`; every other catalog string (titles,
//! messages, descriptions, names, keys) is a string literal, escaped by
//! `proc_macro2`. A catalog cannot add an item, an attribute or a token.
//!
//! # Types
//!
//! `string` params take `impl Display`, `int` any integer type
//! (`impl IntArg`: `i32`, `usize`, ...), `float` `f64`, `bool` `bool`, `list`
//! any `IntoIterator` of `Display` items.
//!
//! Internal crate of errcat: not semver-stable.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use errcat_catalog::rust_names::type_name;
pub use errcat_catalog::rust_names::{param_name, rust_name};
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
    /// Entries or params whose Rust names would collide: the check's
    /// `generated-names` warnings, which only Rust code cannot live with.
    NameClash(Report),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::Read(error) => write!(f, "{error}"),
            GenerateError::Invalid(report) => write!(
                f,
                "the catalog has errors; `errcat check` shows them too\n\n{report}"
            ),
            GenerateError::NameClash(report) => write!(
                f,
                "the catalog's names collide in Rust; `errcat check` warns of them too\n\n{report}"
            ),
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
    let clashes: Vec<errcat_catalog::Diagnostic> = checked
        .warnings()
        .iter()
        .filter(|warning| warning.lint == "generated-names")
        .cloned()
        .collect();
    if !clashes.is_empty() {
        return Err(GenerateError::NameClash(Report {
            source: checked.parsed().source.clone(),
            diagnostics: clashes,
        }));
    }
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
    let mut functions = Vec::new();
    let mut types = Vec::new();
    // Retired entries get no constructor; indexes count the compiled entries.
    // Names that collide were refused above (lint `generated-names`).
    let live = catalog.entries.iter().filter(|entry| !entry.is_retired());
    for (index, entry) in live.enumerate() {
        let name = rust_name(&entry.id);
        functions.push(constructor(catalog, entry, index, &name));
        let type_name = type_name(&name);
        let ident = syn_ident(&type_name);
        let id = &entry.id;
        let doc = format!(
            " The entry {} as a type, for APIs that take errors by type.",
            doc_code(id)
        );
        types.push(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy)]
            pub struct #ident;

            impl ::errcat::ErrorSet for #ident {
                fn collect(into: &mut ::std::vec::Vec<(&'static ::errcat::CompiledCatalog, &'static str)>) {
                    into.push((super::catalog(), #id));
                }
            }
        });
    }
    let catalog_name = doc_inline(&catalog.catalog.name);
    let doc = format!(
        " Typed constructors for the errors of {} ({}), generated by errcat.",
        if catalog_name.is_empty() {
            "this catalog"
        } else {
            &catalog_name
        },
        doc_code(&path_text)
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
                // The catalog is a `static`: its entries are borrowed, not counted.
                ::errcat::ApiError::from_static(
                    CATALOG.entry_at(index).expect("generated indexes match the catalog"),
                )
            }

            #(#functions)*

            /// Each entry as a type, to list errors where a type is wanted:
            /// `errcat::utoipa::Errors<(entries::ContactNotFound, entries::InvalidContact)>`
            /// in `#[utoipa::path(responses(...))]`.
            pub mod entries {
                #(#types)*
            }
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
        let rust = param_name(param);
        let ident = syn_ident(&rust);
        let key = param.as_str();
        match spec.kind() {
            ParamType::String => {
                params.push(quote! { #ident: impl ::std::fmt::Display });
                args.push(quote! { .arg(#key, ::errcat::ArgValue::text(#ident)) });
            }
            ParamType::Int => {
                params.push(quote! { #ident: impl ::errcat::IntArg });
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
    // A deprecated entry warns at every call site, with its advice.
    let deprecated = entry.deprecation().map(|deprecation| {
        let note = deprecation.advice();
        match &deprecation.since {
            Some(since) => quote! { #[deprecated(since = #since, note = #note)] },
            None => quote! { #[deprecated(note = #note)] },
        }
    });
    quote! {
        #[doc = #doc]
        #deprecated
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
        " **{}** — {}\n",
        doc_inline(heading),
        doc_code(&entry.id)
    );
    let status = entry
        .status
        .or(catalog.catalog.default_status)
        .map_or_else(|| "none".to_owned(), |s| s.to_string());
    let _ = writeln!(
        doc,
        " - status: {status}\n - code: {}",
        doc_code(&entry.wire_code().to_string())
    );
    if let Some(message) = &entry.message {
        let _ = writeln!(doc, " - message: {}", doc_code(message));
    }
    for (title, text) in [
        ("", entry.description.as_deref()),
        ("Suggestion: ", entry.suggestion.as_deref()),
    ] {
        if let Some(text) = text {
            let _ = writeln!(doc, "\n {title}{}", doc_text(text));
        }
    }
    if !entry.resolutions.is_empty() {
        let _ = writeln!(doc, "\n # Resolutions\n");
        for resolution in &entry.resolutions {
            let _ = writeln!(doc, " - {}", doc_inline(resolution));
        }
    }
    if !entry.params.is_empty() {
        let _ = writeln!(doc, "\n # Params\n");
        for (name, param) in &entry.params {
            let _ = write!(doc, " - `{}`: {}", param_name(name), param.kind());
            if let Some(description) = param.description() {
                let _ = write!(doc, " — {}", doc_inline(description));
            }
            doc.push('\n');
        }
    }
    doc
}

/// Catalog text as rustdoc Markdown that reads as the text and is nothing
/// more: each line unindented and its Markdown punctuation escaped, so no
/// code block (which rustdoc would compile and run as a doctest), raw HTML,
/// link or heading can come from a catalog.
fn doc_text(text: &str) -> String {
    text.lines()
        .map(|line| escape_markdown(line.trim()))
        .collect::<Vec<_>>()
        .join("\n ")
}

/// [`doc_text`] on one line.
fn doc_inline(text: &str) -> String {
    escape_markdown(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Text as an inline code span when it can be one, else as escaped text.
fn doc_code(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.contains('`') || line.is_empty() {
        doc_inline(&line)
    } else {
        format!("`{line}`")
    }
}

fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
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

    /// Every identifier in a token stream, outside literals.
    fn idents(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
        for token in tokens {
            match token {
                proc_macro2::TokenTree::Ident(ident) => out.push(ident.to_string()),
                proc_macro2::TokenTree::Group(group) => idents(group.stream(), out),
                _ => {}
            }
        }
    }

    fn generated(catalog: &str) -> Result<proc_macro2::TokenStream, super::GenerateError> {
        super::generate_from_source(
            errcat_catalog::SourceFile::new("hostile.toml", catalog),
            std::path::Path::new("hostile.toml"),
            "errors",
        )
    }

    #[test]
    fn hostile_catalog_text_reaches_the_module_only_as_string_literals() {
        let catalog = include_str!("../../errcat-macros/tests/ui/hostile.toml");
        let tokens = generated(catalog).unwrap();
        let mut names = Vec::new();
        idents(tokens.clone(), &mut names);
        for planted in ["injected", "pwned", "evil", "cfg", "doc_"] {
            assert!(
                !names.iter().any(|n| n == planted),
                "`{planted}` became code"
            );
        }
        // Three constructors, the module's own `catalog` and `entry`, and
        // each entry type's `collect`; the module and its `entries`.
        assert_eq!(names.iter().filter(|n| *n == "fn").count(), 8);
        assert_eq!(names.iter().filter(|n| *n == "mod").count(), 2);
        assert!(text_has_types(
            &tokens,
            &["Catalog", "Entry", "RTypeFnEvil"]
        ));
        let text = tokens.to_string();
        for function in [
            "pub fn catalog_ (value",
            "pub fn entry_ (arg0",
            "pub fn r_type_fn_evil <",
        ] {
            assert!(text.contains(function), "no `{function}` in {text}");
        }
        for argument in [
            "a_b : impl :: errcat :: IntArg",
            "fn_ : bool",
            "e : f64",
            "entry_ : impl",
            "self_ :",
            "crate_ :",
        ] {
            assert!(text.contains(argument), "no `{argument}` in {text}");
        }
    }

    fn text_has_types(tokens: &proc_macro2::TokenStream, names: &[&str]) -> bool {
        let text = tokens.to_string();
        names
            .iter()
            .all(|name| text.contains(&format!("pub struct {name} ;")))
    }

    #[test]
    fn catalog_text_in_rustdoc_is_never_a_doctest_html_or_a_link() {
        let text = include_str!("../../errcat-macros/tests/ui/hostile.toml");
        let parsed = errcat_catalog::parse(errcat_catalog::SourceFile::new("h.toml", text));
        let catalog = &parsed.catalog;
        for entry in &catalog.entries {
            let doc = super::rustdoc(catalog, entry);
            for line in doc.lines() {
                let line = line.strip_prefix(' ').unwrap_or(line);
                assert!(
                    !line.starts_with("    ") && !line.starts_with('\t'),
                    "indented block: {line:?}"
                );
                assert!(
                    !line.starts_with("```") && !line.starts_with("~~~"),
                    "fence: {line:?}"
                );
                assert!(
                    !line.contains(" <") && !line.starts_with('<'),
                    "html: {line:?}"
                );
                assert!(
                    !line.contains("](") || line.contains("\\]("),
                    "link: {line:?}"
                );
            }
        }
        let doc = super::rustdoc(catalog, &catalog.entries[1]);
        assert!(doc.contains("\\`\\`\\`"), "{doc}");
        assert!(doc.contains("\\<script\\>"), "{doc}");
    }

    /// Names that would collide are the check's `generated-names` warnings,
    /// which the build refuses, naming both.
    #[test]
    fn names_that_would_collide_are_refused_naming_both() {
        for (catalog, problem) in [
            (
                "[[errors]]\nid = \"a\"\nstatus = 400\nmessage = \"{fooBar} {foo_bar}\"\nparams.fooBar = \"string\"\nparams.foo_bar = \"string\"\n",
                "param `foo_bar` would be generated as argument `foo_bar`, as the param on line 5 is",
            ),
            (
                "[[errors]]\nid = \"Contact_Gone\"\nstatus = 404\ntitle = \"Gone\"\n[[errors]]\nid = \"contact_gone\"\nstatus = 404\ntitle = \"Gone\"\n",
                "`contact_gone` would be generated as `contact_gone`, as the entry on line 2 is",
            ),
        ] {
            let error = generated(catalog).unwrap_err().to_string();
            assert!(error.contains(problem), "{error}");
            assert!(
                error.starts_with("the catalog's names collide in Rust"),
                "{error}"
            );
        }
    }

    #[test]
    fn ids_named_like_the_module_s_own_functions_are_mapped() {
        assert_eq!(super::rust_name("catalog"), "catalog_");
        assert_eq!(super::rust_name("Entry"), "entry_");
        assert_eq!(super::param_name("catalog"), "catalog");
        assert_eq!(super::param_name("entry"), "entry_");
        assert_eq!(super::rust_name("*/ fn evil() {} /*"), "fn_evil");
        assert_eq!(super::rust_name("}"), "e");
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
