//! Message templates: `{name}`, positional `{0}`, `{{`/`}}`, and format specs
//! such as `{id:q}`, parsed once into segments.
//!
//! Rendering writes literal segments and argument values side by side; an
//! argument's value is never read as a template, so a value holding `{x}`
//! comes out as `{x}`.

use std::fmt::{self, Write as _};
use std::ops::Range;

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    segments: Vec<Segment>,
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text copied as is (with `{{`/`}}` already unescaped).
    Literal(String),
    /// A value to fill in.
    Placeholder(Placeholder),
}

/// `{name}` or `{name:spec}` in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// The parameter it names: an identifier, or digits for positional ones.
    pub name: String,
    /// How the value is formatted.
    pub spec: FormatSpec,
    /// Byte range of the whole placeholder, braces included, in the template text.
    pub span: Range<usize>,
}

impl Placeholder {
    /// Whether the placeholder is positional (`{0}`).
    pub fn is_positional(&self) -> bool {
        self.name.bytes().all(|b| b.is_ascii_digit())
    }
}

/// How a placeholder's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormatSpec {
    /// The value as is.
    #[default]
    Plain,
    /// The value in double quotes with `"` and `\` escaped (`{id:q}`), as Go's `%q`.
    Quoted,
}

impl FormatSpec {
    fn parse(spec: &str) -> Option<Self> {
        match spec {
            "" => Some(FormatSpec::Plain),
            "q" => Some(FormatSpec::Quoted),
            _ => None,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            FormatSpec::Plain => "",
            FormatSpec::Quoted => ":q",
        }
    }
}

/// Why a template could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TemplateError {
    /// A `{` with no closing `}`.
    #[error("unclosed placeholder: `{{` has no matching `}}`")]
    Unclosed {
        /// Where the placeholder starts.
        span: Range<usize>,
    },
    /// A lone `}` that is not part of `}}`.
    #[error("unmatched `}}`: write `}}}}` for a literal brace")]
    UnmatchedClose {
        /// Where the brace is.
        span: Range<usize>,
    },
    /// `{}` or `{:q}`.
    #[error("placeholder has no name")]
    EmptyName {
        /// Where the placeholder is.
        span: Range<usize>,
    },
    /// A name that is neither an identifier nor digits.
    #[error("invalid placeholder name `{name}`: use an identifier or digits")]
    InvalidName {
        /// The name as written.
        name: String,
        /// Where the placeholder is.
        span: Range<usize>,
    },
    /// A spec other than the known ones.
    #[error("unknown format spec `{spec}`: the known spec is `q` (quoted)")]
    UnknownSpec {
        /// The spec as written.
        spec: String,
        /// Where the placeholder is.
        span: Range<usize>,
    },
}

impl TemplateError {
    /// Byte range of the problem in the template text.
    pub fn span(&self) -> Range<usize> {
        match self {
            TemplateError::Unclosed { span }
            | TemplateError::UnmatchedClose { span }
            | TemplateError::EmptyName { span }
            | TemplateError::InvalidName { span, .. }
            | TemplateError::UnknownSpec { span, .. } => span.clone(),
        }
    }
}

fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first.is_ascii_digit() => name.bytes().all(|b| b.is_ascii_digit()),
        Some(first) if first.is_alphabetic() || first == '_' => {
            chars.all(|c| c.is_alphanumeric() || c == '_')
        }
        _ => false,
    }
}

impl Template {
    /// Parses a template, reporting the first problem with its byte range.
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let bytes = source.as_bytes();
        let mut index = 0;
        let mut literal_start = 0;
        while index < bytes.len() {
            match bytes[index] {
                b'{' if bytes.get(index + 1) == Some(&b'{') => {
                    literal.push_str(&source[literal_start..index]);
                    literal.push('{');
                    index += 2;
                    literal_start = index;
                }
                b'}' if bytes.get(index + 1) == Some(&b'}') => {
                    literal.push_str(&source[literal_start..index]);
                    literal.push('}');
                    index += 2;
                    literal_start = index;
                }
                b'}' => {
                    return Err(TemplateError::UnmatchedClose {
                        span: index..index + 1,
                    });
                }
                b'{' => {
                    literal.push_str(&source[literal_start..index]);
                    let start = index;
                    let Some(close) = source[start..].find('}') else {
                        return Err(TemplateError::Unclosed {
                            span: start..source.len(),
                        });
                    };
                    let end = start + close + 1;
                    let inner = &source[start + 1..end - 1];
                    if inner.contains('{') {
                        return Err(TemplateError::Unclosed {
                            span: start..start + 1,
                        });
                    }
                    let span = start..end;
                    let (name, spec) = inner.split_once(':').unwrap_or((inner, ""));
                    if name.is_empty() {
                        return Err(TemplateError::EmptyName { span });
                    }
                    if !is_valid_name(name) {
                        return Err(TemplateError::InvalidName {
                            name: name.to_owned(),
                            span,
                        });
                    }
                    let Some(spec) = FormatSpec::parse(spec) else {
                        return Err(TemplateError::UnknownSpec {
                            spec: spec.to_owned(),
                            span,
                        });
                    };
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(Segment::Placeholder(Placeholder {
                        name: name.to_owned(),
                        spec,
                        span,
                    }));
                    index = end;
                    literal_start = index;
                }
                _ => index += 1,
            }
        }
        literal.push_str(&source[literal_start..]);
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        Ok(Template { segments })
    }

    /// A template holding `text` literally: braces in it are not placeholders.
    pub fn literal(text: &str) -> Template {
        let segments = if text.is_empty() {
            Vec::new()
        } else {
            vec![Segment::Literal(text.to_owned())]
        };
        Template { segments }
    }

    /// The template's segments in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The placeholders in order of appearance (a name may appear twice).
    pub fn placeholders(&self) -> impl Iterator<Item = &Placeholder> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Placeholder(placeholder) => Some(placeholder),
            Segment::Literal(_) => None,
        })
    }

    /// Whether the template has no placeholders.
    pub fn is_static(&self) -> bool {
        self.placeholders().next().is_none()
    }

    /// The template's text when it has no placeholders.
    pub fn as_static(&self) -> Option<&str> {
        match self.segments.as_slice() {
            [] => Some(""),
            [Segment::Literal(text)] => Some(text),
            _ => None,
        }
    }

    /// Renders the template with `args` into any writer (a `String`, or a
    /// serializer's formatter, so a body needs no intermediate string); a
    /// missing argument leaves its placeholder as written.
    pub fn render<W: fmt::Write>(
        &self,
        out: &mut W,
        args: &(impl Arguments + ?Sized),
    ) -> fmt::Result {
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => out.write_str(text)?,
                Segment::Placeholder(placeholder) => {
                    let written = match placeholder.spec {
                        FormatSpec::Plain => args.write_arg(&placeholder.name, out)?,
                        FormatSpec::Quoted => match args.arg_str(&placeholder.name) {
                            Some(text) => {
                                write_quoted(out, text)?;
                                true
                            }
                            None => {
                                let mut value = String::new();
                                let found = args.write_arg(&placeholder.name, &mut value)?;
                                if found {
                                    write_quoted(out, &value)?;
                                }
                                found
                            }
                        },
                    };
                    if !written {
                        write_placeholder(out, placeholder)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Renders the template with no arguments: placeholders stay as written.
    pub fn render_unfilled(&self) -> String {
        let mut out = String::new();
        let _ = self.render(&mut out, &NoArguments);
        out
    }
}

/// Values for a template's placeholders.
pub trait Arguments {
    /// Writes the value of `name`; `Ok(false)` when there is none.
    fn write_arg(&self, name: &str, out: &mut dyn fmt::Write) -> Result<bool, fmt::Error>;

    /// The value of `name` when it is text already (saves a copy for `{name:q}`).
    fn arg_str(&self, _name: &str) -> Option<&str> {
        None
    }
}

/// No values at all: every placeholder stays as written.
struct NoArguments;

impl Arguments for NoArguments {
    fn write_arg(&self, _name: &str, _out: &mut dyn fmt::Write) -> Result<bool, fmt::Error> {
        Ok(false)
    }
}

/// Pairs of name and text, as tests and simple callers give them.
impl Arguments for [(&str, &str)] {
    fn write_arg(&self, name: &str, out: &mut dyn fmt::Write) -> Result<bool, fmt::Error> {
        match self.arg_str(name) {
            Some(value) => out.write_str(value).map(|()| true),
            None => Ok(false),
        }
    }

    fn arg_str(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| *value)
    }
}

fn write_placeholder<W: fmt::Write + ?Sized>(
    out: &mut W,
    placeholder: &Placeholder,
) -> fmt::Result {
    write!(out, "{{{}{}}}", placeholder.name, placeholder.spec.suffix())
}

/// Writes `value` double-quoted, escaping as Go's `%q` does for printable text.
pub fn write_quoted<W: fmt::Write + ?Sized>(out: &mut W, value: &str) -> fmt::Result {
    out.write_char('"')?;
    let mut plain_from = 0;
    for (index, c) in value.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            c if c.is_control() => "",
            _ => continue,
        };
        out.write_str(&value[plain_from..index])?;
        if escape.is_empty() {
            write!(out, "\\u{:04x}", c as u32)?;
        } else {
            out.write_str(escape)?;
        }
        plain_from = index + c.len_utf8();
    }
    out.write_str(&value[plain_from..])?;
    out.write_char('"')
}

/// Writes the template back in its source syntax.
impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => {
                    for c in text.chars() {
                        match c {
                            '{' => f.write_str("{{")?,
                            '}' => f.write_str("}}")?,
                            c => f.write_char(c)?,
                        }
                    }
                }
                Segment::Placeholder(placeholder) => {
                    write!(f, "{{{}{}}}", placeholder.name, placeholder.spec.suffix())?
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn render(template: &str, args: &[(&str, &str)]) -> String {
        let template = Template::parse(template).expect("template parses");
        let mut out = String::new();
        template.render(&mut out, args).unwrap();
        out
    }

    #[test]
    fn named_positional_and_quoted_placeholders_render() {
        let cases = [
            ("No contact {id}", &[("id", "c_1")][..], "No contact c_1"),
            (
                "Param {0} must be {1}",
                &[("0", "x"), ("1", "int")],
                "Param x must be int",
            ),
            (
                "The name {name:q} is bad",
                &[("name", "a\"b")],
                "The name \"a\\\"b\" is bad",
            ),
            ("{{literal}} {x}", &[("x", "1")], "{literal} 1"),
            ("missing {gone}", &[], "missing {gone}"),
            ("missing {gone:q}", &[], "missing {gone:q}"),
        ];
        for (template, args, expected) in cases {
            assert_eq!(render(template, args), expected, "template {template:?}");
        }
    }

    #[test]
    fn argument_values_are_never_read_as_templates() {
        assert_eq!(
            render("hello {who}", &[("who", "{x} }} {{")]),
            "hello {x} }} {{"
        );
    }

    #[test]
    fn malformed_templates_report_their_span() {
        let cases = [
            ("abc {name", 4..9),
            ("abc } def", 4..5),
            ("a {} b", 2..4),
            ("a {not valid} b", 2..13),
            ("a {x:z} b", 2..7),
            ("a {x {y} b", 2..3),
        ];
        for (template, span) in cases {
            let error = Template::parse(template).expect_err(template);
            assert_eq!(error.span(), span, "template {template:?}: {error}");
        }
    }

    #[test]
    fn placeholders_are_listed_in_order() {
        let template = Template::parse("{b} then {a:q} then {b}").unwrap();
        let names: Vec<_> = template.placeholders().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["b", "a", "b"]);
    }

    proptest! {
        #[test]
        fn parse_and_render_never_panic(source in ".{0,64}") {
            if let Ok(template) = Template::parse(&source) {
                let _ = template.render_unfilled();
            }
        }

        #[test]
        fn literal_braces_round_trip(text in "[a-z{} ]{0,40}") {
            let escaped = text.replace('{', "{{").replace('}', "}}");
            let template = Template::parse(&escaped).unwrap();
            prop_assert!(template.is_static());
            prop_assert_eq!(template.render_unfilled(), text.clone());
            prop_assert_eq!(template.to_string(), escaped);
        }

        #[test]
        fn display_round_trips_parsed_templates(source in "[a-z {}:q0-9]{0,40}") {
            if let Ok(template) = Template::parse(&source) {
                let printed = template.to_string();
                let reparsed = Template::parse(&printed).unwrap();
                prop_assert_eq!(reparsed.to_string(), printed);
            }
        }
    }
}
