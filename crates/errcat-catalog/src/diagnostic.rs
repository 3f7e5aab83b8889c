//! Diagnostics: a problem in a catalog, with its location, rendered as rustc
//! renders compiler errors (`file:line:col`, the source line, a caret, a help line).

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

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
    /// Every item it is about, where it counts many (the entries a locale
    /// misses): the text shows a few, `errcat check --json` lists them all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

impl Diagnostic {
    /// The diagnostic with `path` in place of [`CATALOG_FILE`] in the
    /// command its help advises (`errcat stamp errors.toml --locale fr ...`),
    /// shell-quoted when it needs to be.
    pub fn naming_file(mut self, path: &str) -> Self {
        let marker = format!("errcat stamp {CATALOG_FILE} ");
        if let Some(help) = &mut self.help
            && help.contains(&marker)
        {
            *help = help.replace(&marker, &format!("errcat stamp {} ", shell_word(path)));
        }
        self
    }

    /// An error found by `lint`.
    pub fn error(lint: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            lint,
            message: message.into(),
            span: None,
            label: None,
            help: None,
            items: Vec::new(),
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

    /// The items it is about (see [`Diagnostic::items`]).
    pub fn items(mut self, items: Vec<String>) -> Self {
        self.items = items;
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
    ///
    /// Scans the text up to `offset`; to locate many offsets in one text, build
    /// a [`LineIndex`] once instead.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        LineIndex::new(&self.text).line_col(&self.text, offset)
    }
}

/// Where each line of a text starts, computed once so that locating any
/// number of offsets costs one pass over the text plus a binary search each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
    /// Whether each line is ASCII, so a column is a subtraction.
    ascii: Vec<bool>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let mut ascii = Vec::new();
        let mut line_ascii = true;
        for (index, byte) in text.bytes().enumerate() {
            line_ascii &= byte.is_ascii();
            if byte == b'\n' {
                starts.push(index + 1);
                ascii.push(line_ascii);
                line_ascii = true;
            }
        }
        ascii.push(line_ascii);
        LineIndex { starts, ascii }
    }

    /// 0-based index of the line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// Byte range of line `line` (0-based), without its line break.
    fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        start..end.max(start)
    }

    /// 1-based line and column (in characters) of a byte offset of `text`,
    /// the text this index was built from.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = if self.ascii[line] {
            offset - start
        } else {
            text[start..offset].chars().count()
        };
        (line + 1, column + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Lines longer than this are shown as a window around the span, so that a
/// huge one-line message costs each of its diagnostics a constant amount.
const MAX_SHOWN_LINE_BYTES: usize = 240;

/// Bytes of context shown on each side of a span in a line too long to show whole.
const WINDOW_CONTEXT_BYTES: usize = 60;

/// A span covering more lines than this is shown from its first line only.
const MAX_SHOWN_SPAN_LINES: usize = 16;

/// The part of a source one diagnostic shows: the lines around its span
/// (never the whole file), where they start, and the span inside them.
struct Excerpt<'a> {
    text: Cow<'a, str>,
    first_line: usize,
    span: Range<usize>,
    /// Set when the line was cut, so the location is given explicitly.
    origin: Option<(usize, usize)>,
}

fn excerpt<'a>(text: &'a str, lines: &LineIndex, span: Range<usize>) -> Excerpt<'a> {
    let span = clamp_span(text, span);
    let first = lines.line_of(span.start);
    let mut last = lines.line_of(span.end);
    let mut span_end = span.end;
    if last - first >= MAX_SHOWN_SPAN_LINES {
        last = first;
        span_end = lines.line_range(text, first).end.max(span.start);
    }
    let start = lines.starts[first];
    let end = lines.line_range(text, last).end.max(span_end);
    if first != last || end - start <= MAX_SHOWN_LINE_BYTES {
        return Excerpt {
            text: Cow::Borrowed(&text[start..end]),
            first_line: first + 1,
            span: span.start - start..span_end - start,
            origin: None,
        };
    }
    // One long line: show a window around the span, marked as cut.
    let shown_end = span_end.min(span.start + MAX_SHOWN_LINE_BYTES);
    let from = floor_char_boundary(
        text,
        span.start.saturating_sub(WINDOW_CONTEXT_BYTES).max(start),
    );
    let to = ceil_char_boundary(text, (shown_end + WINDOW_CONTEXT_BYTES).min(end));
    let shown_end = floor_char_boundary(text, shown_end);
    let mut window = String::with_capacity(to - from + 6);
    if from > start {
        window.push_str("...");
    }
    let offset = window.len();
    window.push_str(&text[from..to]);
    if to < end {
        window.push_str("...");
    }
    Excerpt {
        text: Cow::Owned(window),
        first_line: first + 1,
        span: offset + span.start - from..offset + shown_end - from,
        origin: Some(lines.line_col(text, span.start)),
    }
}

/// Options for rendering diagnostics.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Use ANSI colors.
    pub color: bool,
}

/// How a help names the catalog's file in a command it advises
/// (`errcat stamp FILE ...`): lints do not know the path, and a tool that
/// does replaces it with [`Diagnostic::naming_file`].
pub const CATALOG_FILE: &str = "FILE";

/// `word` as one shell word: as it is when plain, else in single quotes
/// (Quapp's ids are `000037[0]`).
pub fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':');
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Renders diagnostics against their source as rustc does.
///
/// Each diagnostic shows only the lines around its span, located through one
/// [`LineIndex`], so rendering costs the size of the source once plus a
/// bounded amount per diagnostic.
pub fn render(source: &SourceFile, diagnostics: &[Diagnostic], options: RenderOptions) -> String {
    let lines = LineIndex::new(&source.text);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        out.push_str(&render_one(source, &lines, level, diagnostic, options));
    }
    out
}

/// Renders one diagnostic at `level` (whose name may be custom, such as a
/// diff's `breaking`), followed by a blank line; `lines` indexes `source`.
pub(crate) fn render_one(
    source: &SourceFile,
    lines: &LineIndex,
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
    let mut cut = false;
    if let Some(span) = &diagnostic.span {
        let excerpt = excerpt(&source.text, lines, span.clone());
        cut = excerpt.origin.is_some();
        let mut annotation = AnnotationKind::Primary.span(excerpt.span);
        if let Some(label) = &diagnostic.label {
            annotation = annotation.label(label.as_str());
        }
        #[cfg(test)]
        tests::SHOWN_BYTES.with(|shown| shown.set(shown.get() + excerpt.text.len()));
        let snippet = Snippet::source(excerpt.text)
            .line_start(excerpt.first_line)
            .annotation(annotation);
        group = match excerpt.origin {
            None => group.element(snippet.path(source.name.as_str())),
            Some((line, column)) => group
                .element(
                    Origin::path(source.name.as_str())
                        .line(line)
                        .char_column(column),
                )
                .element(snippet),
        };
    } else {
        group = group.element(Level::NOTE.message(format!("in {}", source.name)));
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let mut out = renderer.render(&[group]);
    if cut {
        out = without_empty_origin_line(&out);
    }
    out.push_str("\n\n");
    out
}

/// A path-less snippet after an explicit origin is drawn under an empty
/// `:::` origin line of its own; the explicit origin already said where it is.
fn without_empty_origin_line(rendered: &str) -> String {
    let mut kept = String::with_capacity(rendered.len());
    for line in rendered.split_inclusive('\n') {
        let mut visible = String::new();
        let mut in_escape = false;
        for c in line.chars() {
            match c {
                '\u{1b}' => in_escape = true,
                'm' if in_escape => in_escape = false,
                _ if in_escape => {}
                _ => visible.push(c),
            }
        }
        if visible.trim() != ":::" {
            kept.push_str(line);
        }
    }
    kept
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

#[cfg(test)]
mod tests {
    #[test]
    fn a_help_names_the_catalog_file_once_a_tool_knows_it() {
        let diagnostic = Diagnostic::warning("translation-stale", "stale")
            .help("then `errcat stamp FILE --locale fr --id a` sets it");
        assert_eq!(
            diagnostic
                .clone()
                .naming_file("my api/errors.toml")
                .help
                .as_deref(),
            Some("then `errcat stamp 'my api/errors.toml' --locale fr --id a` sets it")
        );
        let other = Diagnostic::warning("x", "y").help("FILE stays as written here");
        assert_eq!(
            other.naming_file("a.toml").help.as_deref(),
            Some("FILE stays as written here")
        );
    }

    use std::cell::Cell;

    use super::*;

    thread_local! {
        /// Source bytes handed to the snippet renderer on this thread: the work rendering does.
        pub(super) static SHOWN_BYTES: Cell<usize> = const { Cell::new(0) };
    }

    fn shown_bytes(render: impl FnOnce() -> String) -> (usize, String) {
        SHOWN_BYTES.with(|shown| shown.set(0));
        let out = render();
        (SHOWN_BYTES.with(Cell::get), out)
    }

    fn at(span: Range<usize>) -> Diagnostic {
        Diagnostic::error("test", "something is wrong")
            .at(Some(span))
            .label("here")
    }

    #[test]
    fn a_diagnostic_for_a_huge_source_renders_only_the_lines_around_its_span() {
        let text: String = (0..10_000).map(|i| format!("id = \"e{i}\"\n")).collect();
        let source = SourceFile::new("big.toml", text);
        let diagnostics: Vec<Diagnostic> = (0..10_000)
            .step_by(100)
            .map(|line| {
                let start = source.text.match_indices('\n').nth(line).unwrap().0 + 1;
                at(start..start + 2)
            })
            .collect();
        let (shown, out) = shown_bytes(|| render(&source, &diagnostics, RenderOptions::default()));
        // Each diagnostic shows its own line, never the whole file.
        assert!(
            shown <= diagnostics.len() * 20,
            "{shown} bytes shown for {} diagnostics",
            diagnostics.len()
        );
        assert!(out.contains("--> big.toml:102:1"), "{out}");
        assert!(out.contains("102 | id = \"e101\""), "{out}");
    }

    #[test]
    fn a_diagnostic_in_a_huge_line_shows_a_window_with_its_true_column() {
        let text = format!(
            "message = \"{}{{bad}}{}\"\n",
            "x".repeat(30_000),
            "y".repeat(30_000)
        );
        let source = SourceFile::new("long.toml", text);
        let start = source.text.find("{bad}").unwrap();
        let diagnostics = vec![at(start..start + 5); 1000];
        let (shown, out) = shown_bytes(|| render(&source, &diagnostics, RenderOptions::default()));
        assert!(shown <= 1000 * 200, "{shown} bytes shown");
        let first = out.split("\n\n").next().unwrap();
        assert!(first.contains("--> long.toml:1:30012"), "{first}");
        assert!(first.contains("...xxxx"), "{first}");
        assert!(first.contains("{bad}yyy"), "{first}");
        assert!(first.contains("^^^^^ here"), "{first}");
        assert!(!first.contains(":::"), "{first}");
    }

    #[test]
    fn a_span_over_many_lines_is_shown_from_its_first_line() {
        let text: String = (0..1000).map(|i| format!("k{i} = {i}\n")).collect();
        let source = SourceFile::new("t.toml", text);
        let (shown, out) = shown_bytes(|| {
            render(
                &source,
                &[at(0..source.text.len())],
                RenderOptions::default(),
            )
        });
        assert!(shown < 100, "{shown} bytes shown");
        assert!(out.contains("--> t.toml:1:1"), "{out}");
    }

    #[test]
    fn line_index_locates_offsets_like_a_scan() {
        let text = "a\né = 1\n\nlast";
        let source = SourceFile::new("t", text);
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            let scanned = {
                let offset = floor_char_boundary(text, offset.min(text.len()));
                let before = &text[..offset];
                let line = before.matches('\n').count() + 1;
                let start = before.rfind('\n').map_or(0, |i| i + 1);
                (line, before[start..].chars().count() + 1)
            };
            assert_eq!(index.line_col(text, offset), scanned, "offset {offset}");
            assert_eq!(source.line_col(offset), scanned, "offset {offset}");
        }
    }
}
