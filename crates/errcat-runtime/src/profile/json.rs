//! The JSON writer every profile builds its body with.
//!
//! A profile writes its members in wire order, so the code reads top to
//! bottom like the body it sends:
//!
//! ```text
//! Object::write(&mut out, |body| {
//!     body.field("type", docs_url);
//!     body.field("status", 404);
//!     body.array("errors", fields, |item, field| { item.field("detail", &*field.message); });
//! });
//! ```
//!
//! Keys are `'static` identifiers, written without an escaping pass; text an
//! entry fixes (title, code, docs URL...) comes escaped from the compiled
//! catalog; only what a response adds (arguments, field errors, request IDs)
//! is escaped per response, by `serde_json`.

use serde_json::value::RawValue;

use super::{Pointer, Text, with_scratch};

/// One JSON object being written; members are separated as they are added.
pub(crate) struct Object<'out> {
    out: &'out mut Vec<u8>,
    empty: bool,
}

impl<'out> Object<'out> {
    /// Writes `{`, the members `fill` adds, then `}`.
    pub(crate) fn write(out: &'out mut Vec<u8>, fill: impl FnOnce(&mut Object<'_>)) {
        out.push(b'{');
        let mut object = Object { out, empty: true };
        fill(&mut object);
        object.out.push(b'}');
    }

    fn key(&mut self, key: &'static str) -> &mut Vec<u8> {
        debug_assert!(
            key.bytes()
                .all(|b| b >= 0x20 && b != b'"' && b != b'\\' && b < 0x7f),
            "keys are written unescaped: {key:?}"
        );
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    /// Adds `"key": value`.
    pub(crate) fn field(&mut self, key: &'static str, value: impl WriteJson) {
        value.write_json(self.key(key));
    }

    /// Writes members with `write`, and returns where they sit in the body,
    /// for [`Object::members_copied`].
    pub(crate) fn members_span(
        &mut self,
        write: impl FnOnce(&mut Object<'_>),
    ) -> std::ops::Range<usize> {
        let start = self.out.len() + usize::from(!self.empty);
        write(self);
        start..self.out.len()
    }

    /// Writes members already written earlier in the same body (`at`, from
    /// [`Object::members_span`]).
    pub(crate) fn members_copied(&mut self, at: std::ops::Range<usize>) {
        if at.is_empty() {
            return;
        }
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.extend_from_within(at);
    }

    /// Writes members already serialized together (`"a":1,"b":2`, no braces).
    pub(crate) fn members_json(&mut self, members: &str) {
        if members.is_empty() {
            return;
        }
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.extend_from_slice(members.as_bytes());
    }

    /// Adds `"key": value` when there is a value.
    pub(crate) fn field_if_some(&mut self, key: &'static str, value: Option<impl WriteJson>) {
        if let Some(value) = value {
            self.field(key, value);
        }
    }

    /// Adds `"key": {...}`.
    pub(crate) fn object(&mut self, key: &'static str, fill: impl FnOnce(&mut Object<'_>)) {
        Object::write(self.key(key), fill);
    }

    /// Adds `"key": [{...}, ...]`, one object per item.
    pub(crate) fn array<I: IntoIterator>(
        &mut self,
        key: &'static str,
        items: I,
        fill: impl FnMut(&mut Object<'_>, I::Item),
    ) {
        write_array(self.key(key), items, fill);
    }

    fn key_per_response(&mut self, key: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        key.write_json(self.out);
        self.out.push(b':');
        self.out
    }

    /// Adds `"key": value` for a key only known per response (a `meta` key):
    /// escaped like any text.
    pub(crate) fn field_with_key(&mut self, key: &str, value: impl WriteJson) {
        value.write_json(self.key_per_response(key));
    }

    /// Adds `"key": {...}` for a key only known per response (Plain's operation name).
    pub(crate) fn object_with_key(&mut self, key: &str, fill: impl FnOnce(&mut Object<'_>)) {
        Object::write(self.key_per_response(key), fill);
    }
}

/// Writes `[{...}, ...]`, one object per item.
fn write_array<I: IntoIterator>(
    out: &mut Vec<u8>,
    items: I,
    mut fill: impl FnMut(&mut Object<'_>, I::Item),
) {
    out.push(b'[');
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        Object::write(out, |object| fill(object, item));
    }
    out.push(b']');
}

/// A value a body member can hold.
pub(crate) trait WriteJson {
    /// Appends the value as JSON.
    fn write_json(&self, out: &mut Vec<u8>);
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out);
    }
}

impl WriteJson for str {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.reserve(self.len() + 2);
        out.push(b'"');
        write_string_contents(self, out);
        out.push(b'"');
    }
}

/// Writes `text` escaped for inside a JSON string, without its quotes,
/// exactly as `serde_json` escapes it (a test holds the two equal).
///
/// Most text a body sends (codes, IDs, URLs, messages) has nothing to escape:
/// it is checked in one pass the compiler vectorizes and copied whole, inline
/// at the caller; text with something to escape takes the out-of-line path.
#[inline]
pub(crate) fn write_string_contents(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    if any_needs_escape(bytes) {
        write_escaped(bytes, out);
    } else {
        out.extend_from_slice(bytes);
    }
}

/// [`write_string_contents`] for text with something to escape.
#[cold]
#[inline(never)]
fn write_escaped(bytes: &[u8], out: &mut Vec<u8>) {
    out.reserve(bytes.len() + 8);
    let mut copied = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if !needs_escape(byte) {
            continue;
        }
        out.extend_from_slice(&bytes[copied..at]);
        copied = at + 1;
        write_escape(byte, out);
    }
    out.extend_from_slice(&bytes[copied..]);
}

/// Writes the escape of a byte that [`needs_escape`].
fn write_escape(byte: u8, out: &mut Vec<u8>) {
    match byte {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xf)]);
        }
    }
}

/// A `fmt::Write` that appends what it is given escaped for inside a JSON
/// string, so text is escaped as it is produced, without a buffer between.
pub(crate) struct Escaping<'out>(pub(crate) &'out mut Vec<u8>);

impl std::fmt::Write for Escaping<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        write_string_contents(text, self.0);
        Ok(())
    }

    fn write_char(&mut self, c: char) -> std::fmt::Result {
        match u8::try_from(c) {
            Ok(byte) if needs_escape(byte) => write_escape(byte, self.0),
            Ok(byte) if byte.is_ascii() => self.0.push(byte),
            _ => self.write_str(c.encode_utf8(&mut [0; 4]))?,
        }
        Ok(())
    }
}

/// A template's plain literals need no escaping: they are copied whole.
impl errcat_catalog::template::Sink for Escaping<'_> {
    #[inline]
    fn write_literal(&mut self, literal: &errcat_catalog::template::Literal) -> std::fmt::Result {
        if literal.is_plain() {
            match literal.block() {
                Some((block, len)) => {
                    let end = self.0.len() + len;
                    self.0.extend_from_slice(block);
                    self.0.truncate(end);
                }
                None => self.0.extend_from_slice(literal.as_bytes()),
            }
            Ok(())
        } else {
            std::fmt::Write::write_str(self, literal)
        }
    }

    /// Digits as a JSON number writes them, copied as they are, not as a
    /// block of fixed size: itoa has only just written them, and a wider
    /// read of bytes just written stalls until they are stored (putting
    /// digits in a block and copying it whole made the localized render 8%
    /// slower).
    #[inline]
    fn write_int(&mut self, number: i64) -> std::fmt::Result {
        number.write_json(self.0);
        Ok(())
    }
}

/// Whether any byte of `bytes` needs escaping, eight bytes per step: each
/// step tests a word for a byte below 0x20, a `"` or a `\\` at once (the
/// classic "has a byte less than n" bit trick), so plain text costs a few
/// instructions per word instead of a branch per byte.
fn any_needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    const QUOTES: u64 = u64::from_le_bytes([b'"'; 8]);
    const BACKSLASHES: u64 = u64::from_le_bytes([b'\\'; 8]);
    // A byte below 0x20 borrows into its high bit when 0x20 is taken from
    // it; a `"` or a `\\` is a zero byte once the word is xored with it,
    // and borrows when 1 is taken. Only a byte whose own high bit is clear
    // counts (`!word`: the three constants have it clear too, so one mask
    // serves all three). A borrow can also reach a byte above a byte that
    // counts, never a word with none: the answer, read as a whole, is exact.
    let needs = |word: u64| {
        let below_space = word.wrapping_sub(SPACES);
        let quote = (word ^ QUOTES).wrapping_sub(ONES);
        let backslash = (word ^ BACKSLASHES).wrapping_sub(ONES);
        (below_space | quote | backslash) & !word & HIGHS != 0
    };
    let len = bytes.len();
    let word_at =
        |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
    if len >= 8 {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            if needs(u64::from_le_bytes(
                word.try_into().expect("chunks of eight"),
            )) {
                return true;
            }
        }
        // The last few bytes as the text's last eight, read in place
        // (bytes already tested are tested again; it is a yes or no).
        return !words.remainder().is_empty() && needs(word_at(len - 8));
    }
    // Shorter text is read in place too, never copied into a padded buffer:
    // a word loaded from bytes just stored one by one waits for the stores.
    let short = if len >= 4 {
        // Two four-byte halves that overlap when the text is under eight.
        let half = |at: usize| {
            u64::from(u32::from_le_bytes(
                bytes[at..at + 4].try_into().expect("four bytes"),
            ))
        };
        half(0) | half(len - 4) << 32
    } else if len > 0 {
        // One to three bytes: the first, the middle and the last are all
        // of them; the rest of the word is spaces, which need no escape.
        SPACES << 24
            | u64::from(bytes[0])
            | u64::from(bytes[len / 2]) << 8
            | u64::from(bytes[len - 1]) << 16
    } else {
        return false;
    };
    needs(short)
}

/// Whether JSON requires `byte` escaped in a string (as serde_json escapes).
const fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// A `'static` string that needs no escaping (a protocol constant such as a
/// type URL or an enum name), written as is.
pub(crate) struct Literal(pub(crate) &'static str);

impl WriteJson for Literal {
    fn write_json(&self, out: &mut Vec<u8>) {
        debug_assert!(
            !self.0.bytes().any(needs_escape),
            "literals are written unescaped: {:?}",
            self.0
        );
        out.reserve(self.0.len() + 2);
        out.push(b'"');
        out.extend_from_slice(self.0.as_bytes());
        out.push(b'"');
    }
}

/// A request ID needs no escaping: its rule allows none of the characters
/// JSON escapes, so it is copied as it is.
impl WriteJson for crate::RequestId {
    fn write_json(&self, out: &mut Vec<u8>) {
        let bytes = self.as_bytes();
        debug_assert!(!any_needs_escape(bytes), "request IDs need no escaping");
        out.reserve(bytes.len() + 2);
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
    }
}

impl WriteJson for RawValue {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.get().as_bytes());
    }
}

impl WriteJson for serde_json::Value {
    fn write_json(&self, out: &mut Vec<u8>) {
        serde_json::to_writer(out, self).expect("JSON values serialize");
    }
}

impl WriteJson for bool {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

impl WriteJson for u16 {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
    }
}

impl WriteJson for i64 {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
    }
}

impl WriteJson for errcat_catalog::Code {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            errcat_catalog::Code::Int(n) => n.write_json(out),
            errcat_catalog::Code::Text(text) => text.write_json(out),
        }
    }
}

impl WriteJson for Text<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Text::Plain(text) => text.write_json(out),
            Text::Escaped(json) => json.write_json(out),
            Text::Template(..) => {
                out.push(b'"');
                self.write_string_contents(out);
                out.push(b'"');
            }
        }
    }
}

impl Text<'_> {
    /// Writes the text escaped for inside a JSON string, without quotes.
    pub(crate) fn write_string_contents(&self, out: &mut Vec<u8>) {
        match self {
            Text::Plain(text) => write_string_contents(text, out),
            Text::Escaped(json) => {
                let json = json.get().as_bytes();
                out.extend_from_slice(&json[1..json.len() - 1]);
            }
            // Escaped as it is rendered: escaping text piece by piece
            // gives the same JSON as escaping it whole.
            Text::Template(template, error) => {
                let _ =
                    template.render_into(&mut Escaping(out), *error, error.plural_rules(template));
            }
        }
    }
}

impl WriteJson for Pointer<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'"');
        self.write_string_contents(out);
        out.push(b'"');
    }
}

impl Pointer<'_> {
    /// Writes the pointer escaped for inside a JSON string, without quotes.
    pub(crate) fn write_string_contents(&self, out: &mut Vec<u8>) {
        // Most fields are plain names (`email`): nothing to split, nothing
        // to escape for the pointer or for JSON, so they are copied whole.
        let plain = self
            .field
            .bytes()
            .all(|byte| !matches!(byte, b'.' | b'~' | b'/' | b'#') && !needs_escape(byte));
        if plain {
            let prefix: &[u8] = if self.fragment { b"#/" } else { b"/" };
            out.reserve(self.field.len() + prefix.len() + 1);
            out.extend_from_slice(prefix);
            out.extend_from_slice(self.field.as_bytes());
        } else {
            let _ = self.write_to(&mut Escaping(out));
        }
    }
}

/// Any `Display` value, sent as a JSON string.
pub(crate) struct Displayed<T>(pub(crate) T);

impl<T: std::fmt::Display> WriteJson for Displayed<T> {
    fn write_json(&self, out: &mut Vec<u8>) {
        use std::fmt::Write;
        with_scratch(
            |buffer| write!(buffer, "{}", self.0),
            |text| text.write_json(out),
        );
    }
}

/// An empty JSON array (GraphQL's `locations: []`).
pub(crate) struct EmptyArray;

impl WriteJson for EmptyArray {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"[]");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Literals of every length around the block a short one is copied as,
    /// after text of every length: each is written whole and nothing more.
    #[test]
    fn a_template_s_literals_of_any_length_are_written_exactly() {
        use errcat_catalog::template::{Literal, Template};
        for len in 0..=Literal::BLOCK + 8 {
            let literal: String = (0..len)
                .map(|at| char::from(b'a' + (at % 26) as u8))
                .collect();
            let template = Template::parse(&format!("{literal}{{x}}{literal}é{literal}")).unwrap();
            let args: &[(&str, &str)] = &[("x", "<\"x\">")];
            for before in 0..3 {
                let mut out = "_".repeat(before).into_bytes();
                template
                    .render_into(&mut Escaping(&mut out), args, None)
                    .unwrap();
                let expected = format!(
                    "{}{literal}<\\\"x\\\">{literal}é{literal}",
                    "_".repeat(before)
                );
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    expected,
                    "{len} after {before}"
                );
            }
        }
    }

    #[test]
    fn whole_numbers_are_written_as_rust_writes_them_after_what_came_before() {
        let edges = [
            0,
            1,
            9,
            10,
            99,
            100,
            -1,
            -10,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ];
        let powers = (0..19).flat_map(|exp| {
            let power = 10_i64.pow(exp);
            [power - 1, power, -power, 1 - power]
        });
        for number in edges.into_iter().chain(powers) {
            let mut out = b"[".to_vec();
            number.write_json(&mut out);
            assert_eq!(out, format!("[{number}").into_bytes(), "{number}");
        }
    }

    proptest! {
        #[test]
        fn any_whole_number_is_written_as_rust_writes_it(number in any::<i64>()) {
            let mut out = Vec::new();
            number.write_json(&mut out);
            prop_assert_eq!(out, number.to_string().into_bytes());
        }
    }

    #[test]
    fn every_ascii_byte_among_multibyte_characters_is_escaped_as_serde_json_does() {
        // Bytes with the high bit set (`à` is C3 A0: A0 minus 0x20 borrows
        // nothing but sets a high bit) never count as needing an escape.
        for filler in ["à", "é", "😀", "\u{7ff}"] {
            for (count, byte) in
                (0..=9).flat_map(|count| (0..0x80u8).map(move |byte| (count, byte)))
            {
                let text = format!(
                    "{}{}{}",
                    filler.repeat(count),
                    char::from(byte),
                    filler.repeat(3)
                );
                let mut out = Vec::new();
                text.as_str().write_json(&mut out);
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    serde_json::to_string(&text).unwrap()
                );
            }
        }
    }

    #[test]
    fn every_ascii_byte_at_every_place_of_a_word_is_escaped_as_serde_json_does() {
        // Every length up to two words and a bit: each way the last bytes are read.
        for (len, byte) in (1..=17).flat_map(|len| (0..0x80u8).map(move |byte| (len, byte))) {
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = byte;
                let text = String::from_utf8(text).unwrap();
                let mut out = Vec::new();
                text.as_str().write_json(&mut out);
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    serde_json::to_string(&text).unwrap()
                );
            }
        }
    }

    #[test]
    fn a_request_id_is_written_as_serde_json_writes_its_text() {
        // Written without an escaping pass: the ID's rule must leave out
        // every character JSON escapes.
        let accepted = (0..=u8::MAX)
            .map(char::from)
            .filter_map(|c| crate::RequestId::from_inbound(&format!("a{c}b")));
        let mut count = 0;
        for id in accepted.chain(crate::RequestId::from_inbound(&"z.-_:9".repeat(21))) {
            let mut out = Vec::new();
            id.write_json(&mut out);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(id.as_str()).unwrap()
            );
            count += 1;
        }
        assert!(count > 60, "{count} IDs checked");
    }

    #[test]
    fn escaping_a_char_at_a_time_writes_what_escaping_the_text_writes() {
        use std::fmt::Write;
        let text: String = (0..0x80u8).map(char::from).chain(['é', '😀']).collect();
        let mut by_char = Vec::new();
        for c in text.chars() {
            Escaping(&mut by_char).write_char(c).unwrap();
        }
        let mut whole = Vec::new();
        write_string_contents(&text, &mut whole);
        assert_eq!(by_char, whole);
    }

    proptest! {
        #[test]
        fn strings_are_escaped_exactly_as_serde_json_escapes_them(text in "(?s).{0,40}|[\\x00-\\x7f]{0,40}") {
            let mut out = Vec::new();
            text.as_str().write_json(&mut out);
            prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&text).unwrap());
        }
    }

    proptest! {
        /// Plain field names take a shortcut; every pointer must be the
        /// JSON string of the pointer's text, shortcut or not.
        #[test]
        fn a_pointer_is_the_json_string_of_its_text(
            field in "[a-z]{0,8}|[a-z.~/#\"\\\\\n]{0,12}|(?s).{0,12}",
            fragment in any::<bool>(),
        ) {
            let pointer = Pointer { field: &field, fragment };
            let mut out = Vec::new();
            pointer.write_json(&mut out);
            prop_assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&pointer.to_string()).unwrap()
            );
        }
    }

    fn body(fill: impl FnOnce(&mut Object<'_>)) -> String {
        let mut out = Vec::new();
        Object::write(&mut out, fill);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn members_are_separated_and_text_is_escaped() {
        let text = body(|o| {
            o.field("a", "quote \" and \\ and \n");
            o.field_if_some("skipped", None::<bool>);
            o.field("n", 404u16);
            o.field("m", -7i64);
            o.object("nested", |n| n.field("ok", true));
            o.array("items", ["x", "y"], |item, value| item.field("v", value));
            o.array("none", [(); 0], |_, ()| {});
            o.field("l", EmptyArray);
            o.object_with_key("dyn\"key", |_| {});
            o.field_with_key("k", "v");
        });
        assert_eq!(
            text,
            r#"{"a":"quote \" and \\ and \n","n":404,"m":-7,"nested":{"ok":true},"items":[{"v":"x"},{"v":"y"}],"none":[],"l":[],"dyn\"key":{},"k":"v"}"#
        );
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["a"], "quote \" and \\ and \n");
    }

    #[test]
    fn an_empty_object_is_braces() {
        assert_eq!(body(|_| {}), "{}");
    }
}
