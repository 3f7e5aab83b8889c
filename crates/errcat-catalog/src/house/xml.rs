//! House bodies written as XML: S3's `<Error>`, Azure Storage's, Yandex's.
//!
//! ```toml
//! [profiles.s3]
//! content_type = "application/xml"
//! body = '''
//! <?xml version="1.0" encoding="UTF-8"?>
//! <Error><Code>{code}</Code><Message>{message}</Message><Resource>{instance}</Resource><RequestId>{request_id}</RequestId></Error>
//! '''
//! ```
//!
//! A body whose first character (after white space) is `<` is XML. Slots go
//! in text and attribute values, as in a JSON body's strings, with the same
//! rules: an element (or attribute) that is exactly one `{slot}` is left out
//! when the slot has none (`{slot|null}` keeps it, empty); slots inside
//! longer text are written as text. `details` and `meta` hold JSON, so an
//! XML body cannot use them.
//!
//! Field errors repeat one element: the outermost element whose content uses
//! `field.*` slots is written once per field error; when that element only
//! wraps one element (`<Errors><Error><Field>{field.name}</Field>…</Error>
//! </Errors>`), the wrapped one is repeated and the wrapper is left out when
//! there are none.
//!
//! The body is checked as the reader of a wire body would: well-formed, one
//! root element, no `DOCTYPE` (so no entity can expand), each element either
//! text or elements (not both), each element name once among its siblings
//! but for the repeated one, nesting at most [`MAX_BODY_DEPTH`] levels, and
//! its namespaces as a reader that resolves them requires: each prefix
//! declared where it is used, never empty, and each namespace declaration
//! (`xmlns`, `xmlns:s3`) fixed text, since a slot without a value would
//! leave its prefix unbound or empty.
//! Comments are dropped; the declaration and the white space between
//! elements are sent as written.
//!
//! [`Document::view`] is the body as the generated clients see an XML
//! document: `{root: …}`, an element with only text as its text, otherwise
//! an object of `@attribute`s, child elements by name (the repeated one as an
//! array) and `#text`. Its paths are where a client reads each part, as in a
//! JSON body.
//!
//! [`MAX_BODY_DEPTH`]: super::MAX_BODY_DEPTH

use quick_xml::events::{BytesStart, Event};

use super::{MAX_BODY_DEPTH, Part, Slot, parse};

/// Whether a house body is XML: its first character, after white space, is `<`.
pub fn is_xml(body: &str) -> bool {
    body.trim_start().starts_with('<')
}

/// Whether a media type is one of XML's (`application/xml`, `text/xml`, `…+xml`).
pub fn is_xml_media_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/xml" || essence == "text/xml" || essence.ends_with("+xml")
}

/// Whether `text` is only XML's white space (space, tab, CR, LF): what may
/// stand between elements and outside the root. (Rust's `trim` also takes
/// U+00A0 and others, which XML reads as text.)
fn is_xml_space(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Whether `name` is an XML name (`Error`, `s3:Code`, `x-ms.id`): a letter,
/// `_` or `:` first, then letters, digits, `-`, `.`, `_` or `:`. Letters
/// beyond ASCII are taken as XML takes them.
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || matches!(c, '_' | ':'))
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':' | '\u{b7}'))
}

/// Whether XML 1.0 documents can hold `c` (its `Char` production).
pub fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// A checked XML body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// What comes before the root element, as written: the declaration and
    /// white space (comments dropped).
    pub prolog: String,
    /// The root element.
    pub root: Element,
    /// White space after the root element, as written.
    pub epilog: String,
}

/// An element of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Its name as written (with its prefix, if any).
    pub name: String,
    /// Its attributes in order: name, and value (unescaped) with slots.
    pub attributes: Vec<(String, String)>,
    /// What it holds.
    pub content: Content,
}

/// What an element holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Nothing (`<Resource/>`).
    Empty,
    /// Text (unescaped) with slots.
    Text(String),
    /// Elements, each after the white space written before it; `trailing`
    /// is the white space before the end tag.
    Elements {
        /// The child elements with the white space before each.
        children: Vec<(String, Element)>,
        /// White space before the end tag.
        trailing: String,
    },
}

impl Element {
    /// Whether its attributes or content use `field.*` slots.
    pub fn uses_field_slots(&self) -> bool {
        self.own_slots().any(|slot| slot.uses_field())
            || match &self.content {
                Content::Elements { children, .. } => {
                    children.iter().any(|(_, child)| child.uses_field_slots())
                }
                Content::Empty | Content::Text(_) => false,
            }
    }

    /// The slots of its own attribute values and text (not its children's);
    /// a text whose braces do not parse holds none.
    pub fn own_slots(&self) -> impl Iterator<Item = Slot> + '_ {
        let text = match &self.content {
            Content::Text(text) => Some(text.as_str()),
            Content::Empty | Content::Elements { .. } => None,
        };
        self.attributes
            .iter()
            .map(|(_, value)| value.as_str())
            .chain(text)
            .flat_map(|text| parse(text).unwrap_or_default())
            .filter_map(|part| part.slot().cloned())
    }

    /// Whether it only wraps the list of field errors: no attributes, and
    /// one element, which uses `field.*` slots (and is the one repeated).
    /// It is left out when there are no field errors.
    pub fn is_field_list(&self) -> bool {
        self.attributes.is_empty()
            && matches!(&self.content, Content::Elements { children, .. }
                if children.len() == 1 && children[0].1.uses_field_slots())
    }

    /// The role in listing field errors of a child element outside the
    /// repeated one.
    pub fn field_role(&self) -> FieldRole {
        if !self.uses_field_slots() {
            FieldRole::None
        } else if self.is_field_list() {
            FieldRole::List
        } else {
            FieldRole::Repeated
        }
    }

    fn view(&self, within_fields: bool) -> serde_json::Value {
        use serde_json::Value;
        if self.attributes.is_empty() {
            match &self.content {
                Content::Empty => return Value::String(String::new()),
                Content::Text(text) => return Value::String(text.clone()),
                Content::Elements { .. } => {}
            }
        }
        let mut members = serde_json::Map::new();
        for (name, value) in &self.attributes {
            members.insert(format!("@{name}"), Value::String(value.clone()));
        }
        match &self.content {
            Content::Empty => {}
            Content::Text(text) => {
                members.insert("#text".to_owned(), Value::String(text.clone()));
            }
            Content::Elements { children, .. } => {
                for (_, child) in children {
                    let role = if within_fields {
                        FieldRole::None
                    } else {
                        child.field_role()
                    };
                    let value = match role {
                        FieldRole::None => child.view(within_fields),
                        FieldRole::Repeated => Value::Array(vec![child.view(true)]),
                        FieldRole::List => {
                            let Content::Elements { children, .. } = &child.content else {
                                unreachable!("a field list holds one element")
                            };
                            let item = &children[0].1;
                            let mut list = serde_json::Map::new();
                            list.insert(item.name.clone(), Value::Array(vec![item.view(true)]));
                            Value::Object(list)
                        }
                    };
                    members.insert(child.name.clone(), value);
                }
            }
        }
        Value::Object(members)
    }
}

impl Document {
    /// The body as clients see an XML document (see the [module docs](self)).
    pub fn view(&self) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        root.insert(self.root.name.clone(), self.root.view(false));
        serde_json::Value::Object(root)
    }

    /// Every element, depth first, with its depth (the root's is 0).
    pub fn elements(&self) -> Vec<(usize, &Element)> {
        let mut found = Vec::new();
        let mut stack = vec![(0, &self.root)];
        while let Some((depth, element)) = stack.pop() {
            found.push((depth, element));
            if let Content::Elements { children, .. } = &element.content {
                stack.extend(children.iter().rev().map(|(_, child)| (depth + 1, child)));
            }
        }
        found
    }
}

/// What an element does in listing field errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRole {
    /// Nothing: it uses no `field.*` slots.
    None,
    /// It is written once per field error.
    Repeated,
    /// It holds only the repeated element, and is left out with it when
    /// there are no field errors (`<Errors>` around `<Error>`).
    List,
}

/// Why an XML body is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlProblem {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The text in the body the problem is about, when there is one.
    pub at: Option<String>,
    /// Where in the body the problem is, in bytes, when the reader knows.
    pub offset: Option<usize>,
}

impl XmlProblem {
    fn new(message: impl Into<String>) -> Self {
        XmlProblem {
            message: message.into(),
            help: None,
            at: None,
            offset: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Points the problem at `text`, written at `offset` in the body.
    fn at(mut self, offset: usize, text: &str) -> Self {
        self.offset = Some(offset);
        self.at = Some(text.to_owned());
        self
    }
}

/// An element being read: its start, and what it holds so far.
struct Open {
    element: Element,
    /// Text read since the last child element (white space between
    /// elements, or the element's text).
    text: String,
    children: Vec<(String, Element)>,
    /// The namespace prefixes it declares, dropped when it closes.
    declared: Vec<String>,
}

impl Open {
    fn new(start: &BytesStart<'_>) -> Result<Open, XmlProblem> {
        let name = std::str::from_utf8(start.name().as_ref())
            .map_err(|_| XmlProblem::new("an element name is not UTF-8"))?
            .to_owned();
        let mut attributes = Vec::new();
        // quick-xml's own duplicate check scans the attributes before each
        // one: a set keeps an element of many attributes linear.
        let mut seen = std::collections::HashSet::new();
        for attribute in start.attributes().with_checks(false) {
            let attribute = attribute.map_err(|error| not_well_formed(&error))?;
            let key = std::str::from_utf8(attribute.key.as_ref())
                .map_err(|_| XmlProblem::new("an attribute name is not UTF-8"))?
                .to_owned();
            let value = attribute
                .unescape_value()
                .map_err(|error| not_well_formed(&error))?
                .into_owned();
            if let Some(c) = value.chars().find(|&c| !is_xml_char(c)) {
                return Err(XmlProblem::new(format!(
                    "the attribute `{key}` holds U+{:04X}, which XML 1.0 cannot",
                    u32::from(c)
                )));
            }
            if !seen.insert(key.clone()) {
                return Err(XmlProblem::new(format!(
                    "`<{name}>` has the attribute `{key}` twice"
                )));
            }
            attributes.push((key, value));
        }
        if name.contains(['{', '}']) || attributes.iter().any(|(key, _)| key.contains(['{', '}'])) {
            return Err(XmlProblem::new(format!(
                "`{name}`: slots go in text and attribute values, not in names"
            )));
        }
        if let Some(bad) = std::iter::once(&name)
            .chain(attributes.iter().map(|(key, _)| key))
            .find(|name| !is_xml_name(name))
        {
            return Err(XmlProblem::new(format!("`{bad}` is not an XML name")).help(
                "a name starts with a letter or `_`, then letters, digits, `-`, `.` or `_`",
            ));
        }
        Ok(Open {
            element: Element {
                name,
                attributes,
                content: Content::Empty,
            },
            text: String::new(),
            children: Vec::new(),
            declared: Vec::new(),
        })
    }

    /// Takes a child element, after the text read since the last one.
    fn adopt(&mut self, child: Element) -> Result<(), XmlProblem> {
        let before = std::mem::take(&mut self.text);
        if !is_xml_space(&before) {
            return Err(both_text_and_elements(&self.element.name));
        }
        self.children.push((before, child));
        Ok(())
    }

    fn close(mut self) -> Result<Element, XmlProblem> {
        self.element.content = if self.children.is_empty() {
            if self.text.is_empty() {
                Content::Empty
            } else {
                Content::Text(self.text)
            }
        } else {
            if !is_xml_space(&self.text) {
                return Err(both_text_and_elements(&self.element.name));
            }
            let mut seen = std::collections::HashSet::new();
            for (_, child) in &self.children {
                if !seen.insert(child.name.as_str()) {
                    return Err(XmlProblem::new(format!(
                        "`<{}>` holds `<{}>` twice",
                        self.element.name, child.name
                    ))
                    .help("name each element once among its siblings; field errors repeat the one element that uses `field.*` slots"));
                }
            }
            Content::Elements {
                children: self.children,
                trailing: self.text,
            }
        };
        Ok(self.element)
    }
}

/// XML's own namespace, which the prefix `xml` is bound to without a declaration.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// The namespace of namespace declarations, which nothing may be bound to.
const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// A start tag's place in the body, to point a problem at a name in it.
#[derive(Debug, Clone, Copy)]
struct Tag<'b> {
    body: &'b str,
    /// The offset of its `<`, when the reader's position gave it.
    start: Option<usize>,
}

impl Tag<'_> {
    /// Where the element's name is written.
    fn name(self) -> Option<usize> {
        self.start.map(|start| start + 1)
    }

    /// Where the attribute `key` is written: its name's offset, and its
    /// value's place (inside the quotes). Only a problem reads the tag again,
    /// once, so the work stays linear in its length.
    fn attribute(self, key: &str) -> Option<(usize, std::ops::Range<usize>)> {
        let bytes = self.body.as_bytes();
        let space = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
        let skip = |at: &mut usize, take: &dyn Fn(u8) -> bool| {
            while bytes.get(*at).is_some_and(|&b| take(b)) {
                *at += 1;
            }
        };
        let mut at = self.start? + 1;
        skip(&mut at, &|b| !space(b) && b != b'/' && b != b'>');
        loop {
            skip(&mut at, &space);
            let name_start = at;
            skip(&mut at, &|b| !space(b) && !matches!(b, b'=' | b'/' | b'>'));
            let name = self
                .body
                .get(name_start..at)
                .filter(|name| !name.is_empty())?;
            skip(&mut at, &space);
            if bytes.get(at) != Some(&b'=') {
                return None;
            }
            at += 1;
            skip(&mut at, &space);
            let quote = *bytes.get(at).filter(|&&b| b == b'"' || b == b'\'')?;
            let value_start = at + 1;
            let value_end =
                value_start + bytes.get(value_start..)?.iter().position(|&b| b == quote)?;
            if name == key {
                return Some((name_start, value_start..value_end));
            }
            at = value_end + 1;
        }
    }
}

/// The first slot written in `raw` (an attribute value as written): its
/// offset in `raw`, and its text, braces included.
fn first_slot(raw: &str) -> Option<(usize, &str)> {
    let bytes = raw.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'{' if bytes.get(at + 1) == Some(&b'{') => at += 2,
            b'{' => {
                let len = raw.get(at..)?.find('}')? + 1;
                return Some((at, raw.get(at..at + len)?));
            }
            _ => at += 1,
        }
    }
    None
}

/// The namespace prefixes in scope while a body is read, as a reader that
/// resolves namespaces (expat, ElementTree, a browser's DOMParser) keeps
/// them: each prefix's namespaces, innermost last. A name is resolved by one
/// lookup however many elements around it declare prefixes (scanning their
/// declarations per name made a body of many prefixed names quadratic).
#[derive(Debug)]
struct Namespaces {
    bound: std::collections::HashMap<String, Vec<String>>,
}

impl Default for Namespaces {
    fn default() -> Self {
        let mut bound = std::collections::HashMap::new();
        bound.insert("xml".to_owned(), vec![XML_NAMESPACE.to_owned()]);
        Namespaces { bound }
    }
}

impl Namespaces {
    /// Takes the namespace declarations of an element being opened, and
    /// checks the names it and its attributes use; returns the prefixes it
    /// declared, to [`leave`](Self::leave) when it closes.
    ///
    /// A declaration is fixed text: a slot in one would leave its prefix
    /// unbound (the attribute left out without a value) or declare it empty
    /// (`xmlns:p=""`, which Namespaces in XML 1.0 forbids).
    fn enter(&mut self, element: &Element, tag: Tag<'_>) -> Result<Vec<String>, XmlProblem> {
        let mut declared = Vec::new();
        for (key, value) in &element.attributes {
            let prefix = match key.strip_prefix("xmlns") {
                Some("") => None,
                Some(rest) => match rest.strip_prefix(':') {
                    Some(prefix) => Some(prefix),
                    None => continue,
                },
                None => continue,
            };
            // Only a problem reads the tag again.
            let at_key = |problem: XmlProblem| match tag.attribute(key) {
                Some((offset, _)) => problem.at(offset, key),
                None => problem,
            };
            let parts = parse(value);
            if let Ok(parts) = &parts
                && let Some(slot) = parts.iter().find_map(Part::slot)
            {
                let problem = XmlProblem::new(format!(
                    "the namespace declaration `{key}` holds the slot `{{{slot}}}`, which could leave {}",
                    match prefix {
                        Some(prefix) => format!("the prefix `{prefix}` unbound or empty"),
                        None => "its elements in no namespace, or another".to_owned(),
                    }
                ))
                .help(format!(
                    "write the namespace URI literally, without slots: {key}=\"urn:example:errors\""
                ));
                let written = tag.attribute(key).and_then(|(_, value)| {
                    let raw = tag.body.get(value.clone())?;
                    first_slot(raw).map(|(offset, text)| (value.start + offset, text))
                });
                return Err(match written {
                    Some((offset, text)) => problem.at(offset, text),
                    None => at_key(problem),
                });
            }
            // What is sent: the value with `{{` and `}}` written as braces
            // (a value whose braces do not parse is reported with the slots).
            let uri = match parts {
                Ok(parts) => parts
                    .into_iter()
                    .filter_map(|part| match part {
                        Part::Text(text) => Some(text),
                        Part::Slot(_) | Part::SlotOrNull(_) => None,
                    })
                    .collect(),
                Err(_) => value.clone(),
            };
            let refused = match prefix {
                Some(prefix) if prefix.is_empty() || prefix.contains(':') => Some((
                    format!("declares `{prefix}`, which is not a prefix"),
                    "a prefix is a name without `:`: xmlns:s3=\"...\"",
                )),
                Some("xmlns") => Some((
                    "declares the reserved prefix `xmlns`".to_owned(),
                    "leave it out, and name the elements with another prefix",
                )),
                Some("xml") => (uri != XML_NAMESPACE).then(|| {
                    (
                        format!("binds the reserved prefix `xml` to a namespace other than {XML_NAMESPACE}"),
                        "leave it out: `xml` is bound without a declaration",
                    )
                }),
                _ if uri == XML_NAMESPACE || uri == XMLNS_NAMESPACE => Some((
                    format!("binds the reserved namespace {uri}"),
                    "use the prefix `xml` for XML's namespace, without declaring it",
                )),
                Some(prefix) if uri.is_empty() => Some((
                    format!(
                        "declares the prefix `{prefix}` empty, which Namespaces in XML 1.0 forbids"
                    ),
                    "write the namespace URI, or leave the declaration out",
                )),
                _ => None,
            };
            if let Some((message, help)) = refused {
                return Err(at_key(
                    XmlProblem::new(format!("the namespace declaration `{key}` {message}"))
                        .help(help),
                ));
            }
            if let Some(prefix) = prefix {
                self.bound.entry(prefix.to_owned()).or_default().push(uri);
                declared.push(prefix.to_owned());
            }
        }
        self.resolve(&element.name, tag.name())?;
        // Each attribute once by its namespace and local name, as readers
        // that resolve namespaces require (`p:a` and `q:a` with `p` and `q`
        // bound to one namespace are the same attribute).
        let mut seen = std::collections::HashMap::new();
        for (key, _) in &element.attributes {
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let offset = || tag.attribute(key).map(|(offset, _)| offset);
            let Some((namespace, local)) =
                self.resolve(key, None).map_err(|problem| match offset() {
                    Some(offset) => problem.at(offset, key),
                    None => problem,
                })?
            else {
                continue;
            };
            if let Some(first) = seen.insert((namespace, local), key) {
                let problem = XmlProblem::new(format!(
                    "`<{}>` has the attributes `{first}` and `{key}`, which are one attribute in the namespace {namespace}",
                    element.name
                ))
                .help("bind each namespace to one prefix, or name the attributes apart");
                return Err(match offset() {
                    Some(offset) => problem.at(offset, key),
                    None => problem,
                });
            }
        }
        Ok(declared)
    }

    /// The namespace and local name of a prefixed `name` (`None` when it
    /// has no prefix), or why a reader would refuse it; `offset`: where it
    /// is written, when known.
    fn resolve<'n>(
        &self,
        name: &'n str,
        offset: Option<usize>,
    ) -> Result<Option<(&str, &'n str)>, XmlProblem> {
        let Some((prefix, local)) = name.split_once(':') else {
            return Ok(None);
        };
        let locate = |problem: XmlProblem| match offset {
            Some(offset) => problem.at(offset, name),
            None => problem,
        };
        if prefix.is_empty() || local.is_empty() || local.contains(':') {
            return Err(locate(
                XmlProblem::new(format!(
                    "`{name}` is not a name a namespace-aware reader takes"
                ))
                .help("write a name without `:`, or one prefix and a local name: s3:Code"),
            ));
        }
        match self
            .bound
            .get(prefix)
            .and_then(|namespaces| namespaces.last())
        {
            Some(namespace) => Ok(Some((namespace.as_str(), local))),
            None if prefix == "xmlns" => Err(locate(
                XmlProblem::new(format!("`{name}` uses the reserved prefix `xmlns`"))
                    .help("name it with another prefix"),
            )),
            None => Err(locate(
                XmlProblem::new(format!(
                    "`{name}` uses the prefix `{prefix}`, which no `xmlns:{prefix}` declares"
                ))
                .help(format!("declare it on the root: xmlns:{prefix}=\"...\"")),
            )),
        }
    }

    /// Drops the declarations of an element that closes.
    fn leave(&mut self, declared: Vec<String>) {
        for prefix in declared {
            if let Some(namespaces) = self.bound.get_mut(&prefix) {
                namespaces.pop();
                if namespaces.is_empty() {
                    self.bound.remove(&prefix);
                }
            }
        }
    }
}

/// Where the tag the reader just read starts: it ended at `end`, and was
/// `len` bytes long; `None` when that is not a `<` (the reader's position
/// counts otherwise than expected).
fn tag_start(body: &str, end: u64, len: usize) -> Option<usize> {
    let start = usize::try_from(end).ok()?.checked_sub(len)?;
    (body.as_bytes().get(start) == Some(&b'<')).then_some(start)
}

fn both_text_and_elements(name: &str) -> XmlProblem {
    XmlProblem::new(format!("`<{name}>` holds both text and elements"))
        .help("an element holds either text (with slots) or elements")
}

fn not_well_formed(error: &dyn std::fmt::Display) -> XmlProblem {
    XmlProblem::new(format!("the body is not well-formed XML: {error}"))
        .help("write the body as one XML element; slots go in text and attribute values: <Code>{code}</Code>")
}

/// Reads and checks an XML body (see the [module docs](self)); work is
/// linear in its length and nesting stops at [`MAX_BODY_DEPTH`].
pub fn parse_document(body: &str) -> Result<Document, XmlProblem> {
    if let Some(c) = body.chars().find(|&c| !is_xml_char(c)) {
        return Err(XmlProblem::new(format!(
            "the body holds U+{:04X}, which XML 1.0 cannot",
            u32::from(c)
        ))
        .help("remove it; a character reference (&#1;) cannot write it either"));
    }
    let mut reader = quick_xml::Reader::from_str(body);
    reader.config_mut().check_comments = true;
    let mut prolog = String::new();
    let mut open: Vec<Open> = Vec::new();
    let mut namespaces = Namespaces::default();
    let mut root: Option<Element> = None;
    let mut epilog = String::new();
    // Text outside the root, or inside the innermost open element.
    let push_text = |open: &mut Vec<Open>,
                     prolog: &mut String,
                     epilog: &mut String,
                     root: &Option<Element>,
                     text: &str|
     -> Result<(), XmlProblem> {
        match open.last_mut() {
            Some(element) => element.text.push_str(text),
            None if is_xml_space(text) => {
                if root.is_some() { epilog } else { prolog }.push_str(text)
            }
            None => {
                return Err(XmlProblem::new("text outside the root element")
                    .help("write the body as one XML element"));
            }
        }
        Ok(())
    };
    loop {
        let event = reader.read_event().map_err(|error| {
            // Where in the body: the reader knows the byte it stopped at.
            let at = usize::try_from(reader.error_position()).unwrap_or(body.len());
            let before = body.get(..at.min(body.len())).unwrap_or(body);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let mut problem = not_well_formed(&error);
            problem.message = format!(
                "{} (line {line}, column {column} of the body)",
                problem.message
            );
            problem.offset = Some(before.len());
            problem
        })?;
        match event {
            Event::Decl(decl) => {
                // Only at the very start, as readers require, and only for
                // what errcat writes: XML 1.0 in UTF-8.
                if !prolog.is_empty() || root.is_some() || !open.is_empty() {
                    return Err(XmlProblem::new(
                        "the XML declaration is not at the very start of the body",
                    )
                    .help(
                        "write `<?xml version=\"1.0\" encoding=\"UTF-8\"?>` first, or leave it out",
                    ));
                }
                let version = decl.version().map_err(|error| not_well_formed(&error))?;
                if version.as_ref() != b"1.0" {
                    return Err(XmlProblem::new(
                        "the XML declaration names a version other than 1.0",
                    ));
                }
                if let Some(encoding) = decl.encoding() {
                    let encoding = encoding.map_err(|error| not_well_formed(&error))?;
                    if !encoding.eq_ignore_ascii_case(b"utf-8") {
                        return Err(XmlProblem::new(format!(
                            "the XML declaration names the encoding `{}`; errcat sends UTF-8",
                            String::from_utf8_lossy(&encoding)
                        )));
                    }
                }
                prolog.push_str("<?");
                prolog.push_str(
                    std::str::from_utf8(&decl).map_err(|_| XmlProblem::new("not UTF-8"))?,
                );
                prolog.push_str("?>");
            }
            Event::DocType(_) => {
                return Err(XmlProblem::new("the body has a DOCTYPE")
                    .help("leave it out: a body declares no entities"));
            }
            Event::PI(_) | Event::Comment(_) => {}
            Event::Start(start) => {
                if root.is_some() {
                    return Err(XmlProblem::new("more than one root element")
                        .help("write the body as one XML element"));
                }
                if open.len() >= MAX_BODY_DEPTH {
                    return Err(XmlProblem::new(format!(
                        "the body nests deeper than {MAX_BODY_DEPTH} levels"
                    )));
                }
                let mut element = Open::new(&start)?;
                let tag = Tag {
                    body,
                    start: tag_start(body, reader.buffer_position(), start.len() + 2),
                };
                element.declared = namespaces.enter(&element.element, tag)?;
                open.push(element);
            }
            Event::Empty(start) => {
                if root.is_some() {
                    return Err(XmlProblem::new("more than one root element")
                        .help("write the body as one XML element"));
                }
                let element = Open::new(&start)?;
                // An empty element's `/` is not in its bytes.
                let tag = Tag {
                    body,
                    start: tag_start(body, reader.buffer_position(), start.len() + 3),
                };
                let declared = namespaces.enter(&element.element, tag)?;
                namespaces.leave(declared);
                let element = element.close()?;
                match open.last_mut() {
                    Some(parent) => parent.adopt(element)?,
                    None => root = Some(element),
                }
            }
            Event::End(_) => {
                let mut element = open.pop().expect("quick-xml matches end tags");
                namespaces.leave(std::mem::take(&mut element.declared));
                let element = element.close()?;
                match open.last_mut() {
                    Some(parent) => parent.adopt(element)?,
                    None => root = Some(element),
                }
            }
            Event::Text(text) => {
                let text = text.decode().map_err(|error| not_well_formed(&error))?;
                push_text(&mut open, &mut prolog, &mut epilog, &root, &text)?;
            }
            Event::CData(data) => {
                let text = data.decode().map_err(|error| not_well_formed(&error))?;
                push_text(&mut open, &mut prolog, &mut epilog, &root, &text)?;
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference
                    .resolve_char_ref()
                    .map_err(|error| not_well_formed(&error))?
                {
                    Some(c) if is_xml_char(c) => c.to_string(),
                    Some(c) => {
                        return Err(XmlProblem::new(format!(
                            "the character reference to U+{:04X}, which XML 1.0 cannot hold",
                            u32::from(c)
                        )));
                    }
                    None => {
                        let name = reference
                            .decode()
                            .map_err(|error| not_well_formed(&error))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| {
                                XmlProblem::new(format!("unknown entity `&{name};`")).help(
                                    "XML bodies use only &lt; &gt; &amp; &quot; &apos; and character references",
                                )
                            })?
                            .to_owned()
                    }
                };
                push_text(&mut open, &mut prolog, &mut epilog, &root, &resolved)?;
            }
            Event::Eof => break,
        }
    }
    if let Some(unclosed) = open.last() {
        return Err(
            XmlProblem::new(format!("`<{}>` is not closed", unclosed.element.name))
                .help(format!("end it with `</{}>`", unclosed.element.name)),
        );
    }
    let root = root.ok_or_else(|| {
        XmlProblem::new("the body has no root element").help("write the body as one XML element")
    })?;
    let document = Document {
        prolog,
        root,
        epilog,
    };
    check_slots(&document)?;
    Ok(document)
}

/// Slots an XML body cannot hold, and field slots outside the repeated element.
fn check_slots(document: &Document) -> Result<(), XmlProblem> {
    for (_, element) in document.elements() {
        if let Some(slot) = element.own_slots().find(|slot| {
            slot.alternatives()
                .iter()
                .any(|slot| matches!(slot, Slot::Details | Slot::Meta))
        }) {
            return Err(XmlProblem {
                message: format!("`{{{slot}}}` holds JSON, which an XML body cannot carry"),
                help: Some(
                    "write its parts with slots of their own (`{arg.NAME}`, `{wire.NAME}`)"
                        .to_owned(),
                ),
                at: Some(format!("{{{slot}}}")),
                offset: None,
            });
        }
    }
    // The element repeated per field error: one at most, holding field slots only.
    let mut repeated = Vec::new();
    let mut stack = vec![&document.root];
    while let Some(element) = stack.pop() {
        if let Content::Elements { children, .. } = &element.content {
            for (_, child) in children {
                match child.field_role() {
                    FieldRole::None => stack.push(child),
                    FieldRole::Repeated => repeated.push(child),
                    FieldRole::List => {
                        if let Content::Elements { children, .. } = &child.content {
                            repeated.push(&children[0].1);
                        }
                    }
                }
            }
        }
    }
    if repeated.len() > 1 {
        return Err(XmlProblem::new(format!(
            "`<{}>` and `<{}>` both use `field.*` slots: field errors repeat one element",
            repeated[0].name, repeated[1].name
        ))
        .help("put every field slot in one element: <Errors><Error><Field>{field.name}</Field><Message>{field.message}</Message></Error></Errors>"));
    }
    if let Some(item) = repeated.first() {
        let mut inside = vec![*item];
        while let Some(element) = inside.pop() {
            if let Some(slot) = element.own_slots().find(|slot| !slot.uses_field()) {
                return Err(XmlProblem {
                    message: format!(
                        "`{{{slot}}}` is inside `<{}>`, which is written once per field error: a body without field errors would not send it",
                        item.name
                    ),
                    help: Some("put it outside the element that repeats".to_owned()),
                    at: Some(format!("{{{slot}}}")),
                    offset: None,
                });
            }
            if let Content::Elements { children, .. } = &element.content {
                inside.extend(children.iter().map(|(_, child)| child));
            }
        }
    }
    if document.root.own_slots().any(|slot| slot.uses_field()) {
        return Err(XmlProblem::new("`field.*` slots on the root element")
            .help("field errors repeat an element inside the root: <Errors><Error><Field>{field.name}</Field></Error></Errors>"));
    }
    Ok(())
}

/// The parts of a text or attribute value (a checked body's parse).
pub fn parts(text: &str) -> Vec<Part> {
    parse(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_s3_body_reads_as_clients_see_it() {
        let document = parse_document(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>{request_id}</RequestId></Error>",
        )
        .unwrap();
        assert_eq!(
            document.prolog,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        );
        assert_eq!(
            document.view(),
            serde_json::json!({"Error": {"Code": "{code}", "Message": "{message}", "RequestId": "{request_id}"}})
        );
    }

    #[test]
    fn the_element_using_field_slots_is_a_list_in_the_view() {
        let document = parse_document(
            "<Error a=\"{code}\"><Errors><Error><Field>{field.name}</Field><Message>{field.message}</Message></Error></Errors></Error>",
        )
        .unwrap();
        assert_eq!(
            document.view(),
            serde_json::json!({"Error": {"@a": "{code}", "Errors": {"Error": [{"Field": "{field.name}", "Message": "{field.message}"}]}}})
        );
    }

    #[test]
    fn bodies_a_reader_would_refuse_are_refused() {
        for (body, message) in [
            ("<Error><Code>{code}</Error>", "line 1, column 20"),
            ("<Error><Code>{code}</Code>", "`<Error>` is not closed"),
            ("<!DOCTYPE x [<!ENTITY a \"b\">]><Error/>", "DOCTYPE"),
            ("<Error/><Error/>", "more than one root"),
            ("<Error>text<Code/></Error>", "both text and elements"),
            ("<Error><Code/>text</Error>", "both text and elements"),
            ("<Error><Code/><Code/></Error>", "twice"),
            ("<Error>&nbsp;</Error>", "unknown entity"),
            ("<Error><Details>{details}</Details></Error>", "holds JSON"),
            ("<Error><Code>{code|meta}</Code></Error>", "holds JSON"),
            ("<Error>{field.name}</Error>", "root element"),
            ("<{code}/>", "not in names"),
            ("   ", "no root element"),
            ("<a/>text", "outside the root"),
            ("<a \u{1}b=\"c\"/>", "XML 1.0 cannot"),
            ("<a>&#1;</a>", "XML 1.0 cannot"),
            ("<a b=\"&#1;\"/>", "XML 1.0 cannot"),
            ("  <?xml version=\"1.0\"?><a/>", "not at the very start"),
            (
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
                "encoding",
            ),
            ("<?xml version=\"1.1\"?><a/>", "version"),
            ("<a/>\u{a0}", "outside the root"),
            ("<a><Co&amp;de/></a>", "not an XML name"),
            ("<a><1>x</1></a>", "not an XML name"),
            ("<s3:Error/>", "prefix `s3`"),
            ("<a b=\"1\" b=\"2\"/>", "twice"),
            (
                "<E><N><n>{field.name}</n></N><M><m>{field.message}</m></M></E>",
                "both use",
            ),
            (
                "<E><Errors><Error><Code>{code}</Code><F>{field.name}</F></Error></Errors></E>",
                "written once per field error",
            ),
        ] {
            let problem = parse_document(body).expect_err(body);
            assert!(problem.message.contains(message), "{body}: {problem:?}");
        }
        // Namespaces declared on the root are bound below it.
        assert!(
            parse_document("<s3:Error xmlns:s3=\"urn:s3\"><s3:Code>{code}</s3:Code></s3:Error>")
                .is_ok()
        );
        // An element of many attributes is read in linear time.
        let many: String = (0..200_000).map(|n| format!(" a{n}=\"\"")).collect();
        assert!(parse_document(&format!("<a{many}/>")).is_ok());
        let deep = "<a>".repeat(100_000) + &"</a>".repeat(100_000);
        assert!(
            parse_document(&deep)
                .unwrap_err()
                .message
                .contains("deeper")
        );
    }

    #[test]
    fn bodies_a_namespace_aware_reader_would_refuse_are_refused_at_the_name() {
        // (body, the message, what it points at): expat refuses each.
        for (body, message, at) in [
            (
                "<E xmlns:p=\"{suggestion}\"><p:C>{code}</p:C></E>",
                "the namespace declaration `xmlns:p` holds the slot `{suggestion}`, which could leave the prefix `p` unbound or empty",
                "{suggestion}",
            ),
            (
                "<E xmlns:p=\"urn:{{x}}:{ arg.ns }\"><p:C>{code}</p:C></E>",
                "the namespace declaration `xmlns:p` holds the slot `{arg.ns}`",
                "{ arg.ns }",
            ),
            (
                "<E xmlns=\"{arg.ns|null}\"><C>{code}</C></E>",
                "the namespace declaration `xmlns` holds the slot `{arg.ns}`, which could leave its elements in no namespace, or another",
                "{arg.ns|null}",
            ),
            (
                "<E xmlns:p=\"\"><p:C/></E>",
                "declares the prefix `p` empty, which Namespaces in XML 1.0 forbids",
                "xmlns:p",
            ),
            (
                "<E\n  xmlns:p = ''\n><p:C/></E>",
                "declares the prefix `p` empty",
                "xmlns:p",
            ),
            (
                "<E xmlns:p=\"u\"><C xmlns:p=\"\"/></E>",
                "declares the prefix `p` empty",
                "xmlns:p",
            ),
            (
                "<E xmlns:xmlns=\"u\"/>",
                "reserved prefix `xmlns`",
                "xmlns:xmlns",
            ),
            ("<E xmlns:xml=\"u\"/>", "reserved prefix `xml`", "xmlns:xml"),
            (
                "<E xmlns:x=\"http://www.w3.org/XML/1998/namespace\"/>",
                "reserved namespace",
                "xmlns:x",
            ),
            (
                "<E xmlns=\"http://www.w3.org/2000/xmlns/\"/>",
                "reserved namespace",
                "xmlns",
            ),
            ("<E xmlns:a:b=\"u\"/>", "not a prefix", "xmlns:a:b"),
            (
                "<E>\n  <s3:Code>{code}</s3:Code></E>",
                "`s3:Code` uses the prefix `s3`, which no `xmlns:s3` declares",
                "s3:Code",
            ),
            ("<E><s3:Code/></E>", "prefix `s3`", "s3:Code"),
            ("<E c:d=\"1\"/>", "prefix `c`", "c:d"),
            ("<E xmlnsx:d=\"1\"/>", "prefix `xmlnsx`", "xmlnsx:d"),
            ("<xmlns:E/>", "reserved prefix `xmlns`", "xmlns:E"),
            // A prefix is bound inside the element declaring it, not after.
            (
                "<E><A xmlns:p=\"u\"><p:B/></A><p:C/></E>",
                "prefix `p`",
                "p:C",
            ),
            ("<E><A xmlns:p=\"u\"/><p:C/></E>", "prefix `p`", "p:C"),
            (
                "<E xmlns:p=\"u\"><p:a:b/></E>",
                "not a name a namespace-aware reader takes",
                "p:a:b",
            ),
            ("<E xmlns:p=\"u\" p:=\"1\"/>", "not a name", "p:"),
            (
                "<E xmlns:p=\"u\" xmlns:q=\"u\"><C p:a=\"1\" b=\"2\" q:a=\"3\"/></E>",
                "`<C>` has the attributes `p:a` and `q:a`, which are one attribute in the namespace u",
                "q:a",
            ),
        ] {
            let problem = parse_document(body).expect_err(body);
            assert!(problem.message.contains(message), "{body}: {problem:?}");
            let offset = problem.offset.expect(body);
            assert_eq!(problem.at.as_deref(), Some(at), "{body}");
            assert_eq!(&body[offset..offset + at.len()], at, "{body}");
        }
        let problem = parse_document("<E xmlns:p=\"{suggestion}\"/>").unwrap_err();
        assert_eq!(
            problem.help.as_deref(),
            Some(
                "write the namespace URI literally, without slots: xmlns:p=\"urn:example:errors\""
            )
        );
    }

    #[test]
    fn namespaces_written_literally_are_bound_where_readers_bind_them() {
        for body in [
            "<s3:Error xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\"><s3:Code>{code}</s3:Code></s3:Error>",
            "<Error xmlns=\"urn:errors\"><Code>{code}</Code><Inner xmlns=\"\"/></Error>",
            "<E xml:lang=\"en\" xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"><xml:C/></E>",
            // Redeclared inside, and bound again after it.
            "<E xmlns:p=\"u\"><A xmlns:p=\"v\"><p:B/></A><p:C/></E>",
            // One local name in two namespaces, or with no prefix.
            "<E xmlns:p=\"u\" xmlns:q=\"v\"><C p:a=\"1\" q:a=\"2\" a=\"3\"/></E>",
            // Literal braces are text.
            "<E xmlns:p=\"urn:{{x}}\"><p:C>{code}</p:C></E>",
            "<E xmlns:p=\"u\"><p:C a=\"{code}\">{message}</p:C></E>",
        ] {
            assert!(
                parse_document(body).is_ok(),
                "{body}: {:?}",
                parse_document(body)
            );
        }
    }

    #[test]
    fn many_prefixed_names_are_resolved_in_linear_time() {
        // Each name used to scan every declaration around it and on its own
        // element: 100,000 attributes under 30 declaring elements, or
        // 100,000 prefixes declared on the root each used by a child, took
        // minutes.
        let n = 100_000;
        let open: String = (0..30)
            .map(|i| format!("<e{i} xmlns:p{i}=\"u:{i}\">"))
            .collect();
        let close: String = (0..30).rev().map(|i| format!("</e{i}>")).collect();
        let attributes: String = (0..n).map(|j| format!(" p{}:a{j}=\"1\"", j % 30)).collect();
        let document = parse_document(&format!("<E>{open}<p0:x{attributes}/>{close}</E>")).unwrap();
        let (_, deepest) = document
            .elements()
            .into_iter()
            .max_by_key(|(depth, _)| *depth)
            .unwrap();
        assert_eq!(deepest.attributes.len(), n);

        let declarations: String = (0..n).map(|i| format!(" xmlns:p{i}=\"u:{i}\"")).collect();
        let children: String = (0..n)
            .map(|i| format!("<p{i}:x>{{code}}</p{i}:x>"))
            .collect();
        let document = parse_document(&format!("<E{declarations}>{children}</E>")).unwrap();
        let Content::Elements { children, .. } = &document.root.content else {
            panic!("the root holds elements")
        };
        assert_eq!(children.len(), n);
    }

    #[test]
    fn entities_and_cdata_are_text() {
        let document = parse_document("<E>a &amp; &#x42;<![CDATA[<c>]]></E>").unwrap();
        assert_eq!(document.root.content, Content::Text("a & B<c>".to_owned()));
    }

    #[test]
    fn media_types() {
        assert!(is_xml_media_type("application/xml"));
        assert!(is_xml_media_type("text/xml; charset=utf-8"));
        assert!(is_xml_media_type("application/problem+xml"));
        assert!(!is_xml_media_type("application/json"));
    }
}
