//! Finding where Rust source raises catalog errors, for `errcat audit`:
//! calls of the generated constructors (`errors::contact_not_found(..)`, or
//! the bare name where the module's items are imported) and lookups by id
//! (`catalog.error("contact_not_found")`). A constructor passed rather
//! than called (`.map_err(errors::upstream_failed)`) counts, and so do
//! `use` aliases of the module and of constructors.
//!
//! The source is read by a small lexer that knows Rust's comments (nested
//! block comments included), string, raw string, byte string and character
//! literals, and lifetimes, so a call inside a comment or a string is not
//! counted. One pass, no backtracking: the work is linear in the source.

use std::collections::HashSet;

/// One place source names a catalog entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// What is named: a constructor's Rust name, or an entry id as written.
    pub name: String,
    /// How it is named.
    pub via: Via,
    /// The 1-based line.
    pub line: usize,
}

/// How source names an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `module::name(..)`: a generated constructor's call.
    Constructor,
    /// `name(..)` where `use module::..` imports it (or `*`).
    ImportedConstructor,
    /// `.error("id")`: a lookup by entry id.
    Lookup,
    /// `.entry("id")`: a lookup by entry id, or a map's entry: it counts for
    /// an id the catalog has and is never reported as unknown.
    EntryLookup,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    Str(String),
    PathSep,
    Open,
    Close,
    Dot,
    Lt,
    Star,
    Semi,
    OpenBrace,
    CloseBrace,
    Comma,
    Other,
}

/// The tokens of `source` that matter here, with their lines.
fn tokens(source: &str) -> Vec<(Token, usize)> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let mut depth = 1;
                i += 2;
                while i < bytes.len() && depth > 0 {
                    match (bytes[i], bytes.get(i + 1)) {
                        (b'/', Some(b'*')) => {
                            depth += 1;
                            i += 2;
                        }
                        (b'*', Some(b'/')) => {
                            depth -= 1;
                            i += 2;
                        }
                        (b'\n', _) => {
                            line += 1;
                            i += 1;
                        }
                        _ => i += 1,
                    }
                }
            }
            b'"' => {
                let start_line = line;
                let (text, end) = quoted(bytes, i + 1, &mut line);
                out.push((Token::Str(text), start_line));
                i = end;
            }
            b'r' | b'b' | b'c' if raw_string_start(bytes, i).is_some() => {
                let (hashes, open) = raw_string_start(bytes, i).unwrap_or((0, i));
                let start_line = line;
                let mut j = open + 1;
                let body_start = j;
                loop {
                    if j >= bytes.len() {
                        break;
                    }
                    if bytes[j] == b'\n' {
                        line += 1;
                    }
                    if bytes[j] == b'"'
                        && bytes.len() - (j + 1) >= hashes
                        && bytes[j + 1..j + 1 + hashes].iter().all(|&h| h == b'#')
                    {
                        break;
                    }
                    j += 1;
                }
                let text = String::from_utf8_lossy(&bytes[body_start..j.min(bytes.len())]);
                out.push((Token::Str(text.into_owned()), start_line));
                i = (j + 1 + hashes).min(bytes.len());
            }
            b'b' | b'c' if bytes.get(i + 1) == Some(&b'"') => {
                let start_line = line;
                let (text, end) = quoted(bytes, i + 2, &mut line);
                out.push((Token::Str(text), start_line));
                i = end;
            }
            b'\'' => {
                // A character literal ('a', '\n', '\u{..}') or a lifetime ('a).
                i = char_or_lifetime(bytes, i);
                out.push((Token::Other, line));
            }
            b':' if bytes.get(i + 1) == Some(&b':') => {
                out.push((Token::PathSep, line));
                i += 2;
            }
            b'(' => {
                out.push((Token::Open, line));
                i += 1;
            }
            b')' => {
                out.push((Token::Close, line));
                i += 1;
            }
            b'.' => {
                out.push((Token::Dot, line));
                i += 1;
            }
            b'<' => {
                out.push((Token::Lt, line));
                i += 1;
            }
            b'*' => {
                out.push((Token::Star, line));
                i += 1;
            }
            b';' => {
                out.push((Token::Semi, line));
                i += 1;
            }
            b'{' => {
                out.push((Token::OpenBrace, line));
                i += 1;
            }
            b'}' => {
                out.push((Token::CloseBrace, line));
                i += 1;
            }
            b',' => {
                out.push((Token::Comma, line));
                i += 1;
            }
            _ if b == b'_' || b.is_ascii_alphabetic() || b >= 0x80 => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric() || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                let mut ident = String::from_utf8_lossy(&bytes[start..i]).into_owned();
                // `r#type` is the identifier `type`.
                if ident == "r" && bytes.get(i) == Some(&b'#') {
                    let after = i + 1;
                    let mut end = after;
                    while end < bytes.len()
                        && (bytes[end] == b'_' || bytes[end].is_ascii_alphanumeric())
                    {
                        end += 1;
                    }
                    if end > after {
                        ident = String::from_utf8_lossy(&bytes[after..end]).into_owned();
                        i = end;
                    }
                }
                out.push((Token::Ident(ident), line));
            }
            _ if b.is_ascii_whitespace() => i += 1,
            _ => {
                out.push((Token::Other, line));
                i += 1;
            }
        }
    }
    out
}

/// A string literal's text from `start` (just after the quote) to its
/// closing quote, escapes kept as written; and where it ends.
fn quoted(bytes: &[u8], start: usize, line: &mut usize) -> (String, usize) {
    let mut j = start;
    while j < bytes.len() && bytes[j] != b'"' {
        match bytes[j] {
            b'\\' => {
                // `\` then a newline continues the string on the next line.
                if bytes.get(j + 1) == Some(&b'\n') {
                    *line += 1;
                }
                j += 2;
            }
            b'\n' => {
                *line += 1;
                j += 1;
            }
            _ => j += 1,
        }
    }
    let end = j.min(bytes.len());
    let text = String::from_utf8_lossy(&bytes[start.min(end)..end]).into_owned();
    (text, (end + 1).min(bytes.len()))
}

/// `r"`, `r#"`, `br##"`, `cr"`: the number of `#`s and where the quote is.
fn raw_string_start(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    if matches!(bytes[j], b'b' | b'c') {
        j += 1;
    }
    if bytes.get(j) != Some(&b'r') {
        return None;
    }
    // The `r` must begin a token: not the end of an identifier like `bar`.
    if i > 0 && (bytes[i - 1] == b'_' || bytes[i - 1].is_ascii_alphanumeric()) {
        return None;
    }
    j += 1;
    let hashes_start = j;
    while bytes.get(j) == Some(&b'#') {
        j += 1;
    }
    (bytes.get(j) == Some(&b'"')).then_some((j - hashes_start, j))
}

/// Past a character literal or a lifetime starting at the quote `i`.
fn char_or_lifetime(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i + 1) {
        Some(b'\\') => {
            // An escaped character (`'\''`, `'\u{1F600}'`): past the escaped
            // byte, up to the closing quote, within a few bytes.
            let mut j = i + 3;
            while j < bytes.len() && j < i + 12 && bytes[j] != b'\'' {
                j += 1;
            }
            (j + 1).min(bytes.len())
        }
        Some(_) => {
            // 'x' (one character, possibly multibyte) or a lifetime 'name.
            let mut j = i + 2;
            while j < bytes.len() && (bytes[j] & 0xc0) == 0x80 {
                j += 1;
            }
            if bytes.get(j) == Some(&b'\'') {
                return j + 1;
            }
            // A lifetime: its name is an identifier, left for the next token.
            i + 1
        }
        None => i + 1,
    }
}

/// Every place `source` names an entry: `module` is the generated module's
/// name (`errors`), `constructors` the Rust names it holds.
pub fn mentions(source: &str, module: &str, constructors: &HashSet<String>) -> Vec<Mention> {
    let tokens = tokens(source);
    let imported = imports(&tokens, module);
    let mut found = Vec::new();
    let ident = |at: usize| match tokens.get(at) {
        Some((Token::Ident(name), _)) => Some(name.as_str()),
        _ => None,
    };
    let is = |at: usize, token: &Token| tokens.get(at).is_some_and(|(t, _)| t == token);
    for (at, (token, line)) in tokens.iter().enumerate() {
        let Token::Ident(name) = token else { continue };
        let before = at
            .checked_sub(1)
            .and_then(|b| tokens.get(b))
            .map(|(t, _)| t);
        // `module::name`, called (`(`, `::<T>(`) or passed (`.map_err(errors::name)`);
        // `module` may be an alias (`use crate::errors as e;`).
        let names_module = name == module
            || (imported.modules.contains(name) && !matches!(before, Some(Token::PathSep)));
        if names_module
            && is(at + 1, &Token::PathSep)
            && let Some(named) = ident(at + 2)
        {
            // A `use` statement names the constructor; it does not use it.
            if imported.in_use_statement(at) {
                continue;
            }
            let called =
                is(at + 3, &Token::Open) || (is(at + 3, &Token::PathSep) && is(at + 4, &Token::Lt));
            // A constructor counts however it is used; anything else the
            // module is asked to call is an id it lacks.
            if constructors.contains(named) || called {
                found.push(Mention {
                    name: named.to_owned(),
                    via: Via::Constructor,
                    line: *line,
                });
            }
            continue;
        }
        // `.error("id")`, `.entry("id")`: lookups by id.
        if (name == "error" || name == "entry")
            && matches!(before, Some(Token::Dot))
            && is(at + 1, &Token::Open)
            && let Some((Token::Str(id), _)) = tokens.get(at + 2)
        {
            found.push(Mention {
                name: id.clone(),
                via: if name == "error" {
                    Via::Lookup
                } else {
                    Via::EntryLookup
                },
                line: *line,
            });
            continue;
        }
        // A constructor imported by name (or under an alias), used as a
        // function: not a method, a path's tail or a definition.
        let defined_or_qualified = matches!(before, Some(Token::Dot | Token::PathSep))
            || matches!(before, Some(Token::Ident(word)) if word == "fn" || word == "use");
        if defined_or_qualified {
            continue;
        }
        let Some(constructor) = imported.constructor(name) else {
            continue;
        };
        // Called (`name(`, `name::<T>(`) or passed as an argument
        // (`.map_err(name)`); a variable or field of that name is not a use.
        let after = tokens.get(at + 1).map(|(t, _)| t);
        let called = matches!(after, Some(Token::Open))
            || (matches!(after, Some(Token::PathSep)) && is(at + 2, &Token::Lt));
        let passed = matches!(before, Some(Token::Open | Token::Comma))
            && matches!(after, Some(Token::Close | Token::Comma));
        if (called || passed)
            && constructors.contains(constructor)
            && !imported.in_use_statement(at)
        {
            found.push(Mention {
                name: constructor.to_owned(),
                via: Via::ImportedConstructor,
                line: *line,
            });
        }
    }
    found
}

/// What `use` statements bring in from the module.
#[derive(Debug, Default)]
struct Imported {
    /// `use module::*`.
    all: bool,
    /// Names brought in, each under the name it is used by.
    names: std::collections::HashMap<String, String>,
    /// Other names of the module itself (`use crate::errors as e`).
    modules: HashSet<String>,
    /// The token ranges of the `use` statements, which name but do not use.
    statements: Vec<std::ops::Range<usize>>,
}

impl Imported {
    /// The constructor `name` stands for where it is used bare.
    fn constructor<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        match self.names.get(name) {
            Some(original) => Some(original),
            None => self.all.then_some(name),
        }
    }

    fn in_use_statement(&self, at: usize) -> bool {
        self.statements.iter().any(|range| range.contains(&at))
    }
}

/// `use crate::errors::*;`, `use errors::{a, b as c};`, `use crate::errors as e;`.
fn imports(tokens: &[(Token, usize)], module: &str) -> Imported {
    let mut imported = Imported::default();
    let word = |at: usize| match tokens.get(at) {
        Some((Token::Ident(name), _)) => Some(name.as_str()),
        _ => None,
    };
    let is = |at: usize, token: &Token| tokens.get(at).is_some_and(|(t, _)| t == token);
    let mut at = 0;
    while at < tokens.len() {
        // A `use` item: where an item starts (not `impl Trait + use<'a>`).
        let item_position = match at.checked_sub(1).map(|b| &tokens[b].0) {
            None | Some(Token::Semi | Token::OpenBrace | Token::CloseBrace | Token::Close) => true,
            Some(Token::Ident(word)) => word == "pub",
            // `#[attribute]` ends in `]`, read as `Other`.
            Some(Token::Other) => true,
            _ => false,
        };
        if word(at) != Some("use") || !item_position || is(at + 1, &Token::Lt) {
            at += 1;
            continue;
        }
        let end = tokens[at..]
            .iter()
            .position(|(t, _)| *t == Token::Semi)
            .map_or(tokens.len(), |offset| at + offset);
        imported.statements.push(at..end);
        for from in at..end {
            if word(from) != Some(module) {
                continue;
            }
            // `errors as e`
            if word(from + 1) == Some("as")
                && let Some(alias) = word(from + 2)
            {
                imported.modules.insert(alias.to_owned());
                continue;
            }
            if !is(from + 1, &Token::PathSep) {
                continue;
            }
            let next = from + 2;
            if is(next, &Token::Star) {
                imported.all = true;
            } else if is(next, &Token::OpenBrace) {
                // The names at the top level of the braces.
                let mut depth = 0;
                let mut item = next + 1;
                while item < end {
                    match &tokens[item].0 {
                        Token::OpenBrace => depth += 1,
                        Token::CloseBrace if depth == 0 => break,
                        Token::CloseBrace => depth -= 1,
                        Token::Star if depth == 0 => imported.all = true,
                        // A name, not the alias after an `as`.
                        Token::Ident(name)
                            if depth == 0 && word(item.wrapping_sub(1)) != Some("as") =>
                        {
                            if name == "self" {
                                if word(item + 1) == Some("as")
                                    && let Some(alias) = word(item + 2)
                                {
                                    imported.modules.insert(alias.to_owned());
                                }
                            } else if name != "as" {
                                let used_as = match (word(item + 1), word(item + 2)) {
                                    (Some("as"), Some(alias)) => alias,
                                    _ => name.as_str(),
                                };
                                imported.names.insert(used_as.to_owned(), name.clone());
                            }
                        }
                        _ => {}
                    }
                    item += 1;
                }
            } else if let Some(name) = word(next) {
                let used_as = match (word(next + 1), word(next + 2)) {
                    (Some("as"), Some(alias)) => alias,
                    _ => name,
                };
                imported.names.insert(used_as.to_owned(), name.to_owned());
            }
        }
        at = end + 1;
    }
    imported
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn names(found: &[Mention]) -> Vec<(&str, Via, usize)> {
        found
            .iter()
            .map(|m| (m.name.as_str(), m.via, m.line))
            .collect()
    }

    fn constructors() -> HashSet<String> {
        ["contact_not_found", "contact_email_taken"]
            .map(String::from)
            .into()
    }

    #[test]
    fn calls_and_lookups_are_found_with_their_lines() {
        let source = r#"
fn show(id: i64) -> Result<(), errcat::ApiError> {
    Err(errors::contact_not_found(id))
}
fn taken() -> errcat::ApiError {
    crate::errors::contact_email_taken::<&str>("a@b")
}
fn lookup(catalog: &errcat::CompiledCatalog, map: &mut HashMap<&str, u8>) {
    let _ = catalog.error("contact_gone");
    map.entry("contact_other").or_default();
    let _ = "a \
             continued string";
    let _ = lookup.map_err(errors::contact_not_found);
}
"#;
        assert_eq!(
            names(&mentions(source, "errors", &constructors())),
            [
                ("contact_not_found", Via::Constructor, 3),
                ("contact_email_taken", Via::Constructor, 6),
                ("contact_gone", Via::Lookup, 9),
                ("contact_other", Via::EntryLookup, 10),
                // Passed, not called; its line counts the continued string's.
                ("contact_not_found", Via::Constructor, 13),
            ]
        );
    }

    #[test]
    fn aliases_of_the_module_and_of_constructors_are_followed() {
        let source = "use crate::errors as e;\nuse errors::contact_email_taken as taken;\n\
                      fn f() { e::contact_not_found(1); taken(); e::missing_one(); }";
        assert_eq!(
            names(&mentions(source, "errors", &constructors())),
            [
                ("contact_not_found", Via::Constructor, 3),
                ("contact_email_taken", Via::ImportedConstructor, 3),
                ("missing_one", Via::Constructor, 3),
            ]
        );
        // A glob of another module in the same braces imports nothing of this one.
        let other = "use crate::{errors::contact_email_taken, other::*};\nfn f() { contact_not_found(1); contact_email_taken(); }";
        assert_eq!(
            names(&mentions(other, "errors", &constructors())),
            [("contact_email_taken", Via::ImportedConstructor, 2)]
        );
        // `r#type` is the identifier `type`.
        let raw = "fn f() { errors::r#type(1); }";
        let types: HashSet<String> = ["type".to_owned()].into();
        assert_eq!(
            names(&mentions(raw, "errors", &types)),
            [("type", Via::Constructor, 1)]
        );
    }

    #[test]
    fn comments_strings_and_definitions_are_not_calls() {
        let source = r##"
// errors::contact_not_found(1)
/* errors::contact_not_found(2) /* nested */ errors::contact_email_taken(3) */
const DOC: &str = "errors::contact_not_found(4)";
const RAW: &str = r#"errors::contact_email_taken("5")"#;
const BYTES: &[u8] = b"errors::contact_not_found(6)";
fn contact_not_found(x: i64) {}
fn other<'a>(c: char) -> &'a str { let _ = '"'; let _ = '\''; "" }
fn after() { errors::contact_email_taken("x"); }
"##;
        assert_eq!(
            names(&mentions(source, "errors", &constructors())),
            [("contact_email_taken", Via::Constructor, 9)]
        );
    }

    #[test]
    fn imported_constructors_count_only_where_imported() {
        let glob =
            "use crate::errors::*;\nfn f() { contact_not_found(1); x.contact_email_taken(2); }";
        assert_eq!(
            names(&mentions(glob, "errors", &constructors())),
            [("contact_not_found", Via::ImportedConstructor, 2)]
        );
        let listed = "use errors::{contact_email_taken};\nfn f() { contact_not_found(1); contact_email_taken(2); }";
        assert_eq!(
            names(&mentions(listed, "errors", &constructors())),
            [("contact_email_taken", Via::ImportedConstructor, 2)]
        );
        let none = "fn f() { contact_not_found(1); }";
        assert!(mentions(none, "errors", &constructors()).is_empty());
        // A variable, field or parameter of a constructor's name is not a use;
        // passing the constructor is.
        let named_alike = "use errors::*;\nstruct S { contact_not_found: u8 }\n\
                           fn f(contact_email_taken: bool) { let contact_not_found = 1; x.map_err(contact_email_taken); }";
        assert_eq!(
            names(&mentions(named_alike, "errors", &constructors())),
            [("contact_email_taken", Via::ImportedConstructor, 3)]
        );
        // `use<'a>` (precise capturing) is not a `use` item.
        let capturing = "fn f<'a>() -> impl Sized + use<'a> { errors::contact_not_found(1); }";
        assert_eq!(
            names(&mentions(capturing, "errors", &constructors())),
            [("contact_not_found", Via::Constructor, 1)]
        );
    }

    proptest! {
        // Any text, however broken, is read to its end without a panic.
        #[test]
        fn any_text_is_read_without_a_panic(source in "\\PC{0,200}") {
            let _ = mentions(&source, "errors", &constructors());
        }

        #[test]
        fn unterminated_literals_and_comments_end_the_file(prefix in "[a-z:(. ]{0,20}", opener in prop::sample::select(vec!["\"", "r#\"", "/*", "'\\", "b\"", "br##\""])) {
            let source = format!("{prefix}{opener}errors::contact_not_found(1)");
            prop_assert!(mentions(&source, "errors", &constructors()).is_empty());
        }
    }
}
