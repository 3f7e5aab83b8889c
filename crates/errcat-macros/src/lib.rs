//! `catalog!("errors.toml")`: a module `errors` with one typed constructor per
//! catalog entry. A thin shell over `errcat-codegen`, which loads and checks
//! the catalog exactly as `errcat check` does.
//!
//! Use it as `errcat::catalog!`; see the `errcat` crate for the guide.

use proc_macro::TokenStream;
use quote::quote_spanned;

/// Generates `pub mod errors` from a catalog file, relative to the crate's `Cargo.toml`.
///
/// A catalog with errors fails the build with the checker's diagnostics.
#[proc_macro]
pub fn catalog(input: TokenStream) -> TokenStream {
    let literal = match syn::parse::<syn::LitStr>(input) {
        Ok(literal) => literal,
        Err(error) => return error.to_compile_error().into(),
    };
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let path = std::path::Path::new(&manifest).join(literal.value());
    let input = errcat_codegen::Input {
        path,
        module: "errors".to_owned(),
        display_name: literal.value(),
    };
    match errcat_codegen::generate(&input) {
        Ok(tokens) => tokens.into(),
        Err(error) => {
            let message = error.to_string();
            quote_spanned!(literal.span() => compile_error!(#message);).into()
        }
    }
}
