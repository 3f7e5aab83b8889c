//! Message templates: `{name}`, positional `{0}`, `{{`/`}}`, format specs
//! such as `{id:q}`, and plural and select forms, parsed once into segments.
//!
//! Plural and select forms take ICU MessageFormat's syntax:
//!
//! ```text
//! {count, plural, =0 {no field is invalid} one {# field is invalid} other {# fields are invalid}}
//! {kind, select, email {the address} other {the value}}
//! ```
//!
//! A plural arm is `=N` (that exact number) or a CLDR category (`zero`,
//! `one`, `two`, `few`, `many`, `other`), chosen by the plural rules of the
//! text's locale ([`crate::plural`]); `#` in it is the number. A select arm
//! is a word matched against the argument's text. Every form has an `other`
//! arm, taken when nothing else matches. Forms nest at most
//! [`MAX_CHOICE_DEPTH`] deep. Inside an arm braces are always syntax (`{`
//! opens a placeholder or a form, `}` closes the arm), so an arm holds no
//! literal brace; `{{` and `}}` escape braces outside forms only. A plural
//! whose argument is not a number takes its `other` arm, `#` the text given.
//!
//! Rendering writes literal segments and argument values side by side; an
//! argument's value is never read as a template, so a value holding `{x}`
//! comes out as `{x}`.

use std::fmt::{self, Write as _};
use std::ops::Range;

use crate::plural::{PluralCategory, PluralOperands, PluralRules};

/// How deep plural and select forms may nest inside each other.
pub const MAX_CHOICE_DEPTH: usize = 4;

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    segments: Vec<Segment>,
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text copied as is (with `{{`/`}}` already unescaped).
    Literal(Literal),
    /// A value to fill in.
    Placeholder(Placeholder),
    /// A plural or select form: one of its arms, chosen by an argument.
    Choice(Choice),
    /// `#` in a plural arm: the number that chose the arm. Its placeholder
    /// names the plural's argument and spans the `#`.
    Number(Placeholder),
}

/// A template's own text, with whether any escaping would change it.
#[derive(Clone, PartialEq, Eq)]
pub struct Literal {
    /// The text, then zeros up to [`Literal::BLOCK`] bytes when it is
    /// shorter: a writer may copy a whole block, a constant size the
    /// compiler copies inline, and keep `len` bytes of it.
    stored: String,
    len: usize,
    plain: bool,
}

impl Literal {
    /// The size of the block [`Literal::block`] gives.
    pub const BLOCK: usize = 32;

    fn new(mut text: String) -> Literal {
        let plain = !text
            .bytes()
            .any(|b| b < 0x20 || matches!(b, b'"' | b'\\' | b'<' | b'>' | b'&' | b'\''));
        let len = text.len();
        if len < Literal::BLOCK {
            text.extend(std::iter::repeat_n('\0', Literal::BLOCK - len));
        }
        Literal {
            stored: text,
            len,
            plain,
        }
    }

    /// Whether the text holds no character JSON, HTML or XML escaping
    /// changes (controls, quotes, backslashes, `<`, `>`, `&`), so a body
    /// can copy it as it is.
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// A text of at most [`Literal::BLOCK`] bytes, followed by zeros to
    /// that size, and the text's length: copied whole, then cut back to
    /// that length, it costs no call to `memcpy`, which costs more than so
    /// short a copy.
    #[inline]
    pub fn block(&self) -> Option<(&[u8; Literal::BLOCK], usize)> {
        let block = self.stored.as_bytes().try_into().ok()?;
        Some((block, self.len))
    }
}

impl std::ops::Deref for Literal {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        &self.stored[..self.len]
    }
}

impl fmt::Debug for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

/// Where a template renders to: a `fmt::Write` that may copy the template's
/// own plain text without the escaping it gives argument values.
pub trait Sink: fmt::Write {
    /// Writes a literal segment; by default as any other text.
    fn write_literal(&mut self, literal: &Literal) -> fmt::Result {
        self.write_str(literal)
    }

    /// Writes a plural's whole number (`#`): ASCII digits and a sign, which
    /// no escaping changes; by default as any other text.
    fn write_int(&mut self, number: i64) -> fmt::Result {
        self.write_str(itoa::Buffer::new().format(number))
    }
}

/// Any writer as a [`Sink`] that treats literals as any other text.
struct AsSink<'w, W: ?Sized>(&'w mut W);

impl<W: fmt::Write + ?Sized> fmt::Write for AsSink<'_, W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.write_str(text)
    }

    fn write_char(&mut self, c: char) -> fmt::Result {
        self.0.write_char(c)
    }
}

impl<W: fmt::Write + ?Sized> Sink for AsSink<'_, W> {}

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

/// `{count, plural, ...}` or `{kind, select, ...}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The argument that chooses; its span is the whole form.
    pub placeholder: Placeholder,
    /// Plural or select.
    pub kind: ChoiceKind,
    /// The arms in written order; one of them is `other`.
    pub arms: Vec<Arm>,
    /// The arm of each plural category, by [`category_slot`], so a plural
    /// chooses with one lookup.
    by_category: [Option<usize>; 6],
    /// The `=N` arms whose number is whole, with their index, so a whole
    /// argument is matched without reading the written numbers again.
    whole_exact: Vec<(i64, usize)>,
    /// The `other` arm.
    other: usize,
}

/// Where a plural category's arm is kept in a [`Choice`].
fn category_slot(category: PluralCategory) -> usize {
    match category {
        PluralCategory::Zero => 0,
        PluralCategory::One => 1,
        PluralCategory::Two => 2,
        PluralCategory::Few => 3,
        PluralCategory::Many => 4,
        PluralCategory::Other => 5,
    }
}

impl Choice {
    /// The arm of a plural category: its own, else `other`.
    fn arm_of(&self, category: PluralCategory) -> &Arm {
        let index = self.by_category[category_slot(category)].unwrap_or(self.other);
        &self.arms[index]
    }

    /// The arm `args` choose, by `rules` for a plural (exact number first,
    /// then category, then `other`); `None` when the argument is missing or,
    /// for a plural, not a number.
    pub fn arm_for(
        &self,
        args: &(impl Arguments + ?Sized),
        rules: Option<&PluralRules>,
    ) -> Option<&Arm> {
        choose(self, args, rules).map(|(arm, _)| arm)
    }
}

/// Which kind of choice a form makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceKind {
    /// By the number's plural category (`{n, plural, ...}`).
    Plural,
    /// By the argument's text (`{kind, select, ...}`).
    Select,
}

impl ChoiceKind {
    /// The keyword in the template.
    pub fn keyword(self) -> &'static str {
        match self {
            ChoiceKind::Plural => "plural",
            ChoiceKind::Select => "select",
        }
    }
}

/// One arm of a choice: its key and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arm {
    /// What selects it.
    pub key: ArmKey,
    /// Byte range of the key in the template text.
    pub key_span: Range<usize>,
    /// The arm's text.
    pub template: Template,
}

/// What selects an arm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArmKey {
    /// `=N` in a plural: exactly this number (kept as written, without `=`).
    Exact(String),
    /// A CLDR plural category in a plural.
    Category(PluralCategory),
    /// A word in a select.
    Word(String),
}

impl ArmKey {
    /// Whether this is the `other` arm.
    pub fn is_other(&self) -> bool {
        match self {
            ArmKey::Category(category) => *category == PluralCategory::Other,
            ArmKey::Word(word) => word == "other",
            ArmKey::Exact(_) => false,
        }
    }
}

impl fmt::Display for ArmKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArmKey::Exact(number) => write!(f, "={number}"),
            ArmKey::Category(category) => f.write_str(crate::plural::category_name(*category)),
            ArmKey::Word(word) => f.write_str(word),
        }
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
    /// A plural or select form written wrong: a bad keyword, arm key or
    /// layout, or no `other` arm.
    #[error("{reason}")]
    Choice {
        /// What is wrong, in words.
        reason: String,
        /// Where.
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
            | TemplateError::UnknownSpec { span, .. }
            | TemplateError::Choice { span, .. } => span.clone(),
        }
    }
}

fn choice_error(reason: impl Into<String>, span: Range<usize>) -> TemplateError {
    TemplateError::Choice {
        reason: reason.into(),
        span,
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

/// A recursive-descent reader over one template's text.
struct Parser<'a> {
    source: &'a str,
    index: usize,
}

impl<'a> Parser<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.source.as_bytes()
    }

    fn skip_space(&mut self) {
        while self
            .bytes()
            .get(self.index)
            .is_some_and(u8::is_ascii_whitespace)
        {
            self.index += 1;
        }
    }

    /// Segments up to the end of the text, or up to the `}` that closes an
    /// arm when `in_arm`; `plural` names the innermost plural's argument,
    /// which `#` stands for.
    fn segments(
        &mut self,
        in_arm: Option<usize>,
        plural: Option<&str>,
        depth: usize,
    ) -> Result<Vec<Segment>, TemplateError> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut literal_start = self.index;
        let source = self.source;
        loop {
            let Some(&byte) = self.bytes().get(self.index) else {
                if let Some(open) = in_arm {
                    return Err(TemplateError::Unclosed {
                        span: open..open + 1,
                    });
                }
                break;
            };
            match byte {
                // Inside an arm braces are always syntax, as in ICU: `}}`
                // there closes the arm and then its form.
                b'{' if in_arm.is_none() && self.bytes().get(self.index + 1) == Some(&b'{') => {
                    literal.push_str(&source[literal_start..self.index]);
                    literal.push('{');
                    self.index += 2;
                    literal_start = self.index;
                }
                b'}' if in_arm.is_none() && self.bytes().get(self.index + 1) == Some(&b'}') => {
                    literal.push_str(&source[literal_start..self.index]);
                    literal.push('}');
                    self.index += 2;
                    literal_start = self.index;
                }
                b'}' if in_arm.is_some() => {
                    literal.push_str(&source[literal_start..self.index]);
                    self.index += 1;
                    break;
                }
                b'}' => {
                    return Err(TemplateError::UnmatchedClose {
                        span: self.index..self.index + 1,
                    });
                }
                b'#' if plural.is_some() => {
                    literal.push_str(&source[literal_start..self.index]);
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(Literal::new(std::mem::take(&mut literal))));
                    }
                    segments.push(Segment::Number(Placeholder {
                        name: plural.unwrap_or_default().to_owned(),
                        spec: FormatSpec::Plain,
                        span: self.index..self.index + 1,
                    }));
                    self.index += 1;
                    literal_start = self.index;
                }
                b'{' => {
                    literal.push_str(&source[literal_start..self.index]);
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(Literal::new(std::mem::take(&mut literal))));
                    }
                    segments.push(self.placeholder(depth, plural)?);
                    literal_start = self.index;
                }
                _ => self.index += 1,
            }
        }
        if in_arm.is_none() {
            literal.push_str(&source[literal_start..]);
        }
        if !literal.is_empty() {
            segments.push(Segment::Literal(Literal::new(literal)));
        }
        Ok(segments)
    }

    /// A `{...}` starting at the current `{`: a placeholder or a choice.
    fn placeholder(
        &mut self,
        depth: usize,
        plural: Option<&str>,
    ) -> Result<Segment, TemplateError> {
        let source = self.source;
        let start = self.index;
        let rest = &source[start + 1..];
        let Some(stop) = rest.find(['}', ',', '{']) else {
            return Err(TemplateError::Unclosed {
                span: start..source.len(),
            });
        };
        let stop = start + 1 + stop;
        let inner = &source[start + 1..stop];
        match self.bytes()[stop] {
            b'{' => Err(TemplateError::Unclosed {
                span: start..start + 1,
            }),
            b',' => {
                let name = inner.trim();
                self.check_name(name, start..stop + 1)?;
                self.index = stop + 1;
                self.choice(name, start, depth, plural)
            }
            _ => {
                let end = stop + 1;
                let span = start..end;
                let (name, spec) = inner.split_once(':').unwrap_or((inner, ""));
                self.check_name(name, span.clone())?;
                let Some(spec) = FormatSpec::parse(spec) else {
                    return Err(TemplateError::UnknownSpec {
                        spec: spec.to_owned(),
                        span,
                    });
                };
                self.index = end;
                Ok(Segment::Placeholder(Placeholder {
                    name: name.to_owned(),
                    spec,
                    span,
                }))
            }
        }
    }

    fn check_name(&self, name: &str, span: Range<usize>) -> Result<(), TemplateError> {
        if name.is_empty() {
            return Err(TemplateError::EmptyName { span });
        }
        if !is_valid_name(name) {
            return Err(TemplateError::InvalidName {
                name: name.to_owned(),
                span,
            });
        }
        Ok(())
    }

    /// The rest of `{name, plural|select, arms}` after the first comma.
    fn choice(
        &mut self,
        name: &str,
        start: usize,
        depth: usize,
        outer_plural: Option<&str>,
    ) -> Result<Segment, TemplateError> {
        if depth >= MAX_CHOICE_DEPTH {
            return Err(choice_error(
                format!("plural and select forms nest at most {MAX_CHOICE_DEPTH} deep"),
                start..self.index,
            ));
        }
        self.skip_space();
        let keyword_start = self.index;
        while self
            .bytes()
            .get(self.index)
            .is_some_and(u8::is_ascii_alphabetic)
        {
            self.index += 1;
        }
        let keyword = &self.source[keyword_start..self.index];
        let kind = match keyword {
            "plural" => ChoiceKind::Plural,
            "select" => ChoiceKind::Select,
            _ => {
                return Err(choice_error(
                    format!(
                        "unknown form `{keyword}`: write `{{{name}, plural, ...}}` or `{{{name}, select, ...}}`"
                    ),
                    // The keyword, or the character where one should be.
                    keyword_start..if self.index > keyword_start {
                        self.index
                    } else {
                        self.source[keyword_start..]
                            .chars()
                            .next()
                            .map_or(keyword_start, |c| keyword_start + c.len_utf8())
                    },
                ));
            }
        };
        self.skip_space();
        if self.bytes().get(self.index) != Some(&b',') {
            return Err(choice_error(
                format!("expected `,` after `{keyword}`, then the arms"),
                start..self.index.min(self.source.len()),
            ));
        }
        self.index += 1;
        let plural_name = (kind == ChoiceKind::Plural).then_some(name);
        let mut arms: Vec<Arm> = Vec::new();
        let mut keys = std::collections::HashSet::new();
        loop {
            self.skip_space();
            match self.bytes().get(self.index) {
                None => {
                    return Err(TemplateError::Unclosed {
                        span: start..start + 1,
                    });
                }
                Some(b'}') => {
                    self.index += 1;
                    break;
                }
                Some(_) => {}
            }
            let key_start = self.index;
            while self
                .bytes()
                .get(self.index)
                .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'{' | b'}'))
            {
                self.index += 1;
            }
            let key_span = key_start..self.index;
            let key_text = &self.source[key_span.clone()];
            let key = arm_key(kind, key_text, key_span.clone()).map_err(|error| {
                // Text that is no key after an arm: most likely the form's
                // own `}` was forgotten, and the sentence goes on.
                let looks_like_key = key_text.starts_with('=')
                    || key_text
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                if arms.is_empty() || looks_like_key {
                    return error;
                }
                choice_error(
                    format!(
                        "`{{{name}, {keyword}, ...}}` is not closed: expected `}}` after its last arm, found `{key_text}`"
                    ),
                    key_span.clone(),
                )
            })?;
            // A set, not a scan of the arms so far: a form may have many.
            if !keys.insert(key_text) {
                return Err(choice_error(
                    format!("arm `{key_text}` is written twice"),
                    key_span,
                ));
            }
            self.skip_space();
            if self.bytes().get(self.index) != Some(&b'{') {
                return Err(choice_error(
                    format!("arm `{key_text}` needs its text in braces: `{key_text} {{...}}`"),
                    key_span,
                ));
            }
            let open = self.index;
            self.index += 1;
            let segments = self.segments(Some(open), plural_name.or(outer_plural), depth + 1)?;
            arms.push(Arm {
                key,
                key_span,
                template: Template { segments },
            });
        }
        let span = start..self.index;
        let Some(other) = arms.iter().position(|arm| arm.key.is_other()) else {
            return Err(choice_error(
                format!(
                    "`{{{name}, {keyword}, ...}}` needs an `other` arm, taken when no other arm matches"
                ),
                span,
            ));
        };
        let mut by_category = [None; 6];
        let mut whole_exact = Vec::new();
        for (index, arm) in arms.iter().enumerate() {
            match &arm.key {
                ArmKey::Category(category) => {
                    by_category[category_slot(*category)] = Some(index);
                }
                ArmKey::Exact(written) => {
                    if let Ok(number) = written.parse::<i64>() {
                        whole_exact.push((number, index));
                    }
                }
                ArmKey::Word(_) => {}
            }
        }
        Ok(Segment::Choice(Choice {
            placeholder: Placeholder {
                name: name.to_owned(),
                spec: FormatSpec::Plain,
                span,
            },
            kind,
            arms,
            by_category,
            whole_exact,
            other,
        }))
    }
}

fn arm_key(kind: ChoiceKind, text: &str, span: Range<usize>) -> Result<ArmKey, TemplateError> {
    if text.is_empty() {
        return Err(choice_error("expected an arm key, such as `other`", span));
    }
    match kind {
        ChoiceKind::Plural => {
            if let Some(number) = text.strip_prefix('=') {
                let valid = !number.is_empty()
                    && crate::plural::operands(number).is_some()
                    && number.bytes().all(|b| b.is_ascii_digit() || b == b'.');
                return if valid {
                    Ok(ArmKey::Exact(number.to_owned()))
                } else {
                    Err(choice_error(
                        format!("`{text}` is not a number: write `=0`, `=1`, ..."),
                        span,
                    ))
                };
            }
            PluralCategory::get_for_cldr_string(text)
                .map(ArmKey::Category)
                .ok_or_else(|| {
                    choice_error(
                        format!("`{text}` is not a plural category: use `zero`, `one`, `two`, `few`, `many`, `other` or `=N`"),
                        span,
                    )
                })
        }
        ChoiceKind::Select => {
            if is_valid_name(text)
                || text
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                Ok(ArmKey::Word(text.to_owned()))
            } else {
                Err(choice_error(
                    format!("`{text}` is not a select key: use a word"),
                    span,
                ))
            }
        }
    }
}

impl Template {
    /// Parses a template, reporting the first problem with its byte range.
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        let mut parser = Parser { source, index: 0 };
        let segments = parser.segments(None, None, 0)?;
        Ok(Template { segments })
    }

    /// A template holding `text` literally: braces in it are not placeholders.
    pub fn literal(text: &str) -> Template {
        let segments = if text.is_empty() {
            Vec::new()
        } else {
            vec![Segment::Literal(Literal::new(text.to_owned()))]
        };
        Template { segments }
    }

    /// The template's segments in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Every placeholder in order of appearance, arms included (a name may
    /// appear twice); a choice's argument counts as a placeholder spanning
    /// the whole form, and `#` is not listed (it repeats the choice's).
    pub fn placeholders(&self) -> impl Iterator<Item = &Placeholder> {
        let mut found = Vec::new();
        collect_placeholders(&self.segments, &mut found);
        found.into_iter()
    }

    /// The plural and select forms, outermost first, arms included.
    pub fn choices(&self) -> impl Iterator<Item = &Choice> {
        let mut found = Vec::new();
        collect_choices(&self.segments, &mut found);
        found.into_iter()
    }

    /// Whether the template has no placeholders.
    pub fn is_static(&self) -> bool {
        self.segments
            .iter()
            .all(|segment| matches!(segment, Segment::Literal(_)))
    }

    /// The template's text when it has no placeholders.
    pub fn as_static(&self) -> Option<&str> {
        match self.segments.as_slice() {
            [] => Some(""),
            [Segment::Literal(text)] => Some(&**text),
            _ => None,
        }
    }

    /// Renders the template with `args` into any writer (a `String`, or a
    /// serializer's formatter, so a body needs no intermediate string); a
    /// missing argument leaves its placeholder as written. Plural forms
    /// choose by exact number, else `other`: give the locale's rules with
    /// [`Template::render_in`].
    pub fn render<W: fmt::Write>(
        &self,
        out: &mut W,
        args: &(impl Arguments + ?Sized),
    ) -> fmt::Result {
        render_segments(&self.segments, &mut AsSink(out), args, None, None)
    }

    /// Renders the template as [`Template::render`] does, choosing plural
    /// arms by `rules` (the plural rules of the text's locale).
    pub fn render_in<W: fmt::Write>(
        &self,
        out: &mut W,
        args: &(impl Arguments + ?Sized),
        rules: Option<&PluralRules>,
    ) -> fmt::Result {
        render_segments(&self.segments, &mut AsSink(out), args, rules, None)
    }

    /// Renders the template as [`Template::render_in`] does into a
    /// [`Sink`], which may copy plain literals without escaping them.
    pub fn render_into<S: Sink>(
        &self,
        out: &mut S,
        args: &(impl Arguments + ?Sized),
        rules: Option<&PluralRules>,
    ) -> fmt::Result {
        render_segments(&self.segments, out, args, rules, None)
    }

    /// Renders the template with no arguments: placeholders stay as written.
    pub fn render_unfilled(&self) -> String {
        let mut out = String::new();
        let _ = self.render(&mut out, &NoArguments);
        out
    }

    /// The template as a reader reads it, for search and summaries:
    /// placeholders as written, and a plural or select form as its `other`
    /// arm, `#` as the plural's placeholder (`Retry in {seconds} seconds.`
    /// for `Retry in {seconds, plural, one {# second} other {# seconds}}.`).
    pub fn readable(&self) -> String {
        let mut out = String::new();
        write_readable(&self.segments, &mut out);
        out
    }
}

// Recursion here is bounded by `MAX_CHOICE_DEPTH`, checked at parse time.
fn write_readable(segments: &[Segment], out: &mut String) {
    for segment in segments {
        match segment {
            Segment::Literal(literal) => out.push_str(literal),
            Segment::Placeholder(placeholder) | Segment::Number(placeholder) => {
                let _ = write_placeholder(out, placeholder);
            }
            Segment::Choice(choice) => {
                write_readable(&choice.arms[choice.other].template.segments, out)
            }
        }
    }
}

fn collect_placeholders<'a>(segments: &'a [Segment], found: &mut Vec<&'a Placeholder>) {
    for segment in segments {
        match segment {
            Segment::Placeholder(placeholder) => found.push(placeholder),
            Segment::Choice(choice) => {
                found.push(&choice.placeholder);
                for arm in &choice.arms {
                    collect_placeholders(&arm.template.segments, found);
                }
            }
            Segment::Literal(_) | Segment::Number(_) => {}
        }
    }
}

fn collect_choices<'a>(segments: &'a [Segment], found: &mut Vec<&'a Choice>) {
    for segment in segments {
        if let Segment::Choice(choice) = segment {
            found.push(choice);
            for arm in &choice.arms {
                collect_choices(&arm.template.segments, found);
            }
        }
    }
}

// Recursion here is bounded by `MAX_CHOICE_DEPTH`, checked at parse time.
//
// `whole` is the innermost plural's number when it is a whole one: `#`
// writes it without looking the argument up again.
fn render_segments<W: Sink + ?Sized, A: Arguments + ?Sized>(
    segments: &[Segment],
    out: &mut W,
    args: &A,
    rules: Option<&PluralRules>,
    whole: Option<i64>,
) -> fmt::Result {
    for segment in segments {
        // Text between placeholders is the usual segment: tested first, a
        // branch the processor predicts, rather than a jump through a table.
        if let Segment::Literal(literal) = segment {
            out.write_literal(literal)?;
            continue;
        }
        match segment {
            // Written above, before the match.
            Segment::Literal(_) => {}
            Segment::Number(_) if whole.is_some() => out.write_int(whole.unwrap_or_default())?,
            Segment::Placeholder(placeholder) | Segment::Number(placeholder) => {
                let written = match placeholder.spec {
                    // Text, the usual value, is written without a call
                    // through `dyn fmt::Write`.
                    FormatSpec::Plain => match args.arg_str(&placeholder.name) {
                        Some(text) => {
                            out.write_str(text)?;
                            true
                        }
                        None => args.write_arg(&placeholder.name, &mut Dyn(out))?,
                    },
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
                    if matches!(segment, Segment::Number(_)) {
                        out.write_char('#')?;
                    } else {
                        write_placeholder(out, placeholder)?;
                    }
                }
            }
            Segment::Choice(choice) => match choose(choice, args, rules) {
                Some((arm, number)) => {
                    let whole = match choice.kind {
                        ChoiceKind::Plural => number,
                        ChoiceKind::Select => whole,
                    };
                    render_segments(&arm.template.segments, out, args, rules, whole)?
                }
                None => write!(out, "{}", DisplaySegments(std::slice::from_ref(segment)))?,
            },
        }
    }
    Ok(())
}

/// The arm `args` choose, with the plural's number when it is a whole one;
/// `None` when the argument is missing (or, for a plural, not a number).
fn choose<'c, A: Arguments + ?Sized>(
    choice: &'c Choice,
    args: &A,
    rules: Option<&PluralRules>,
) -> Option<(&'c Arm, Option<i64>)> {
    let other = || Some(&choice.arms[choice.other]);
    match choice.kind {
        ChoiceKind::Plural => {
            if let Some(number) = args.arg_int(&choice.placeholder.name) {
                if let Some(&(_, index)) = choice
                    .whole_exact
                    .iter()
                    .find(|&&(exact, _)| exact == number)
                {
                    return Some((&choice.arms[index], Some(number)));
                }
                let category =
                    rules.map_or(PluralCategory::Other, |rules| rules.category_of_int(number));
                return Some((choice.arm_of(category), Some(number)));
            }
            let Some(operands) = args.arg_operands(&choice.placeholder.name) else {
                // Not a number: `other`, with `#` as the text given; none at all: as written.
                let mut probe = String::new();
                let given = args
                    .write_arg(&choice.placeholder.name, &mut probe)
                    .unwrap_or(false);
                return given.then(|| (&choice.arms[choice.other], None));
            };
            let exact = choice.arms.iter().find(|arm| match &arm.key {
                ArmKey::Exact(number) => {
                    crate::plural::operands(number).is_some_and(|wanted| wanted == operands)
                }
                _ => false,
            });
            if exact.is_some() {
                return exact.map(|arm| (arm, None));
            }
            let category =
                rules.map_or(PluralCategory::Other, |rules| rules.category_for(operands));
            Some((choice.arm_of(category), None))
        }
        ChoiceKind::Select => {
            let mut owned = String::new();
            let value = match args.arg_str(&choice.placeholder.name) {
                Some(text) => text,
                None => {
                    if !args.write_arg(&choice.placeholder.name, &mut owned).ok()? {
                        return None;
                    }
                    &owned
                }
            };
            let arm = choice
                .arms
                .iter()
                .find(|arm| matches!(&arm.key, ArmKey::Word(word) if word == value));
            // `owned` dies here; the arm borrows from `choice` only.
            arm.or_else(other).map(|arm| (arm, None))
        }
    }
}

/// `&mut W` as `&mut dyn fmt::Write` for a `W` that may be unsized.
struct Dyn<'w, W: ?Sized>(&'w mut W);

impl<W: fmt::Write + ?Sized> fmt::Write for Dyn<'_, W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.write_str(text)
    }

    fn write_char(&mut self, c: char) -> fmt::Result {
        self.0.write_char(c)
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

    /// The value of `name` when it is a whole number already (saves
    /// working out its plural operands).
    fn arg_int(&self, _name: &str) -> Option<i64> {
        None
    }

    /// The value of `name` as a number a plural form chooses by; `None`
    /// when there is none or it is not a number.
    fn arg_operands(&self, name: &str) -> Option<PluralOperands> {
        if let Some(text) = self.arg_str(name) {
            return crate::plural::operands(text);
        }
        let mut text = String::new();
        match self.write_arg(name, &mut text) {
            Ok(true) => crate::plural::operands(&text),
            _ => None,
        }
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
        DisplaySegments(&self.segments).fmt(f)
    }
}

/// Segments written back in their source syntax.
struct DisplaySegments<'a>(&'a [Segment]);

impl fmt::Display for DisplaySegments<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in self.0 {
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
                Segment::Number(_) => f.write_char('#')?,
                Segment::Choice(choice) => {
                    write!(
                        f,
                        "{{{}, {},",
                        choice.placeholder.name,
                        choice.kind.keyword()
                    )?;
                    for arm in &choice.arms {
                        write!(
                            f,
                            " {} {{{}}}",
                            arm.key,
                            DisplaySegments(&arm.template.segments)
                        )?;
                    }
                    f.write_char('}')?;
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
    fn a_readable_template_shows_each_form_as_its_other_arm() {
        let template = Template::parse(
            "{n, plural, =0 {None} one {# file} other {# files}} in {dir:q}, {kind, select, a {A} other {some {kind}}}",
        )
        .unwrap();
        assert_eq!(template.readable(), "{n} files in {dir:q}, some {kind}");
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

    fn render_in(template: &str, locale: &str, args: &[(&str, &str)]) -> String {
        let template = Template::parse(template).expect("template parses");
        let rules = crate::plural::rules_for(locale).expect("a locale");
        let mut out = String::new();
        template.render_in(&mut out, args, Some(&rules)).unwrap();
        out
    }

    #[test]
    fn plural_forms_follow_the_locales_rules() {
        let russian = "{n, plural, one {# поле} few {# поля} many {# полей} other {# поля}}";
        let forms: Vec<_> = ["1", "3", "5", "21", "1.5"]
            .iter()
            .map(|n| render_in(russian, "ru", &[("n", n)]))
            .collect();
        assert_eq!(
            forms,
            ["1 поле", "3 поля", "5 полей", "21 поле", "1.5 поля"]
        );
        let english = "{n, plural, =0 {no field} one {# field} other {# fields}} in {form:q}";
        assert_eq!(
            render_in(english, "en", &[("n", "0"), ("form", "a")]),
            "no field in \"a\""
        );
        assert_eq!(
            render_in(english, "en", &[("n", "1"), ("form", "a")]),
            "1 field in \"a\""
        );
        assert_eq!(
            render_in(english, "en", &[("n", "7"), ("form", "a")]),
            "7 fields in \"a\""
        );
    }

    #[test]
    fn select_forms_choose_by_text_and_fall_back_to_other() {
        let template = "{kind, select, email {the address {value}} other {the value}}";
        assert_eq!(
            render(template, &[("kind", "email"), ("value", "x@y")]),
            "the address x@y"
        );
        assert_eq!(render(template, &[("kind", "phone")]), "the value");
        // Missing: the form stays as written, as a missing placeholder does.
        assert_eq!(render(template, &[]), template);
    }

    #[test]
    fn a_hash_in_a_select_inside_a_plural_is_the_number() {
        let template =
            "{n, plural, one {{g, select, f {# chose her} other {# chose}}} other {# chose}}";
        assert_eq!(
            render_in(template, "en", &[("n", "1"), ("g", "f")]),
            "1 chose her"
        );
    }

    #[test]
    fn a_plural_of_text_that_is_not_a_number_takes_other_and_a_missing_one_stays_as_written() {
        let template = "{n, plural, one {# field} other {# fields}}";
        assert_eq!(render_in(template, "en", &[("n", "many")]), "many fields");
        assert_eq!(render_in(template, "en", &[]), template);
    }

    #[test]
    fn malformed_forms_report_their_span() {
        let cases = [
            ("{n, plural, one {x}}", 0..20, "needs an `other` arm"),
            ("{n, plurals, other {x}}", 4..11, "unknown form `plurals`"),
            (
                "{n, plural, several {x} other {y}}",
                12..19,
                "not a plural category",
            ),
            ("{n, plural, =x {a} other {y}}", 12..14, "is not a number"),
            ("{n, plural, other x}", 12..17, "needs its text in braces"),
            ("{n, plural, other {a} other {b}}", 22..27, "written twice"),
            ("{n, plural, other {a}", 0..1, "unclosed"),
            ("{n, select, other {a} {b}}", 22..22, "expected an arm key"),
            (
                "{n, plural, one {# x} other {# xs}.",
                34..35,
                "`{n, plural, ...}` is not closed: expected `}` after its last arm, found `.`",
            ),
        ];
        for (template, span, words) in cases {
            let error = Template::parse(template).expect_err(template);
            assert_eq!(error.span(), span, "template {template:?}: {error}");
            assert!(
                error.to_string().contains(words),
                "template {template:?}: {error}"
            );
        }
    }

    /// Found by the fuzz target: a multibyte character where the keyword
    /// should be gave a span inside it.
    #[test]
    fn a_missing_keyword_before_multibyte_text_is_spanned_on_character_boundaries() {
        for source in ["{𐺀,𠀀", "{n, é other {x}}", "{n,𠀀"] {
            let error = Template::parse(source).expect_err(source);
            let span = error.span();
            assert!(
                source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
                "{source:?}: {span:?}"
            );
            assert!(
                error.to_string().contains("unknown form"),
                "{source:?}: {error}"
            );
        }
    }

    #[test]
    fn forms_nest_only_so_deep() {
        let mut template = "x".to_owned();
        for _ in 0..MAX_CHOICE_DEPTH {
            template = format!("{{k, select, other {{{template}}}}}");
        }
        assert!(Template::parse(&template).is_ok());
        let deeper = format!("{{k, select, other {{{template}}}}}");
        let error = Template::parse(&deeper).expect_err("too deep");
        assert!(error.to_string().contains("nest at most"), "{error}");
    }

    #[test]
    fn placeholders_include_the_forms_and_their_arms() {
        let template = Template::parse("{a} {n, plural, one {{b}} other {{c:q} #}}").unwrap();
        let names: Vec<_> = template.placeholders().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "n", "b", "c"]);
        assert_eq!(template.choices().count(), 1);
        assert!(!template.is_static());
    }

    proptest! {
        #[test]
        fn forms_display_back_to_what_parses_the_same(
            arms in proptest::collection::vec(("(one|few|many|=[0-9])", "[a-z #{}]{0,6}"), 0..4),
        ) {
            let mut source = "{n, plural,".to_owned();
            for (key, text) in &arms {
                source.push_str(&format!(" {key} {{{text}}}"));
            }
            source.push_str(" other {#}}");
            if let Ok(template) = Template::parse(&source) {
                let printed = template.to_string();
                prop_assert_eq!(Template::parse(&printed).unwrap(), template);
            }
        }

        #[test]
        fn parse_and_render_never_panic(source in "([a-zé{}#,=: ]|plural|select|other|one|=1){0,32}") {
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
