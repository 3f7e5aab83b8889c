//! Diagnostics: a problem in a catalog, with its location, rendered as rustc
//! renders compiler errors (`file:line:col`, the source line, a caret, a help line).

use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The catalog is usable, but something deserves a look.
    Warning,
    /// The catalog cannot be used until this is fixed.
    Error,
}

/// One problem found in a catalog.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The name of the check that found it, e.g. `undeclared-placeholder`.
    pub lint: &'static str,
    /// What is wrong, in lower case without a final period.
    pub message: String,
    /// Byte range in the catalog source the problem points at.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// A short note under the caret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error found by `lint`.
    pub fn error(lint: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            lint,
            message: message.into(),
            span: None,
            label: None,
            help: None,
        }
    }

    /// A warning found by `lint`.
    pub fn warning(lint: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(lint, message)
        }
    }

    /// Points the diagnostic at a byte range of the source.
    pub fn at(mut self, span: Option<Range<usize>>) -> Self {
        self.span = span;
        self
    }

    /// Adds a note under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A catalog's text and the name it is shown under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path or name shown in diagnostics.
    pub name: String,
    /// The whole text.
    pub text: String,
}

impl SourceFile {
    /// Pairs a name with a text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |index| index + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Options for rendering diagnostics.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Use ANSI colors.
    pub color: bool,
}

/// Renders diagnostics against their source as rustc does.
pub fn render(source: &SourceFile, diagnostics: &[Diagnostic], options: RenderOptions) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        out.push_str(&render_one(source, level, diagnostic, options));
    }
    out
}

/// Renders one diagnostic at `level` (whose name may be custom, such as a
/// diff's `breaking`), followed by a blank line.
pub(crate) fn render_one(
    source: &SourceFile,
    level: Level<'_>,
    diagnostic: &Diagnostic,
    options: RenderOptions,
) -> String {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut group = Group::with_title(
        level
            .primary_title(diagnostic.message.as_str())
            .id(diagnostic.lint),
    );
    if let Some(span) = &diagnostic.span {
        let span = clamp_span(&source.text, span.clone());
        let mut annotation = AnnotationKind::Primary.span(span);
        if let Some(label) = &diagnostic.label {
            annotation = annotation.label(label.as_str());
        }
        group = group.element(
            Snippet::source(source.text.as_str())
                .path(source.name.as_str())
                .annotation(annotation),
        );
    } else {
        group = group.element(Level::NOTE.message(format!("in {}", source.name)));
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let mut out = renderer.render(&[group]);
    out.push_str("\n\n");
    out
}

fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
    start..end
}

/// A one-line summary such as `2 errors, 1 warning`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Diagnostics of one source, displayed rendered and uncolored.
#[derive(Debug, Clone)]
pub struct Report {
    /// The catalog the diagnostics point into.
    pub source: SourceFile,
    /// Every problem found, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(render(&self.source, &self.diagnostics, RenderOptions::default()).trim_end())
    }
}

impl std::error::Error for Report {}
