//! Argument values of an error's message.

use std::fmt;

pub use compact_str::CompactString;

/// A value for a message param.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    /// Text. Up to 24 bytes of it are kept inline, without an allocation:
    /// most arguments are IDs and names.
    Str(CompactString),
    /// A whole number.
    Int(i64),
    /// A decimal number.
    Float(f64),
    /// A flag.
    Bool(bool),
    /// A list, rendered comma-separated.
    List(Vec<String>),
}

impl ArgValue {
    /// Text from any `Display` value, as generated constructors pass a
    /// `string` param: short text is written inline, with no allocation.
    /// The text is what `Display` writes (`1.0_f64` is `1`), as `to_string`
    /// gives it.
    pub fn text(value: impl fmt::Display) -> ArgValue {
        ArgValue::Str(compact_str::format_compact!("{value}"))
    }

    /// Writes the value as message text.
    pub fn write_to(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        match self {
            ArgValue::Str(text) => out.write_str(text),
            ArgValue::Int(n) => out.write_str(itoa::Buffer::new().format(*n)),
            ArgValue::Float(x) => write!(out, "{x}"),
            ArgValue::Bool(b) => out.write_str(if *b { "true" } else { "false" }),
            ArgValue::List(items) => {
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.write_str(", ")?;
                    }
                    out.write_str(item)?;
                }
                Ok(())
            }
        }
    }

    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            ArgValue::Str(text) => text.as_str().into(),
            ArgValue::Int(n) => (*n).into(),
            ArgValue::Float(x) => (*x).into(),
            ArgValue::Bool(b) => (*b).into(),
            ArgValue::List(items) => items.clone().into(),
        }
    }

    /// The value from JSON, as a catalog example or `errcat render --input` gives it.
    pub fn from_json(value: &serde_json::Value) -> ArgValue {
        match value {
            serde_json::Value::String(text) => ArgValue::Str(text.into()),
            serde_json::Value::Bool(b) => ArgValue::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(int) => ArgValue::Int(int),
                None => ArgValue::Float(n.as_f64().unwrap_or_default()),
            },
            serde_json::Value::Array(items) => ArgValue::List(
                items
                    .iter()
                    .map(|item| {
                        item.as_str()
                            .map_or_else(|| item.to_string(), str::to_owned)
                    })
                    .collect(),
            ),
            other => ArgValue::Str(other.to_string().into()),
        }
    }
}

impl fmt::Display for ArgValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

/// A value an `int` param takes: any of Rust's integer types, so a count
/// (`fields.len()`, a `usize`) needs no cast. One past `i64` is sent as
/// `i64::MAX`.
#[diagnostic::on_unimplemented(
    message = "an `int` param takes an integer, not `{Self}`",
    label = "not an integer",
    note = "the catalog declares this param `int`: pass any integer type (i32, u64, usize, ...)"
)]
pub trait IntArg {
    /// The value as sent.
    fn into_i64(self) -> i64;
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl IntArg for $t {
            fn into_i64(self) -> i64 {
                i64::try_from(self).unwrap_or(if self > 0 as $t { i64::MAX } else { i64::MIN })
            }
        }
    )*};
}
int_arg!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

/// Any integer is an `Int` argument, past `i64` saturated ([`IntArg`]).
impl<T: IntArg> From<T> for ArgValue {
    fn from(value: T) -> Self {
        ArgValue::Int(value.into_i64())
    }
}

impl From<f64> for ArgValue {
    fn from(value: f64) -> Self {
        ArgValue::Float(value)
    }
}

impl From<f32> for ArgValue {
    fn from(value: f32) -> Self {
        ArgValue::Float(f64::from(value))
    }
}

impl From<bool> for ArgValue {
    fn from(value: bool) -> Self {
        ArgValue::Bool(value)
    }
}

impl From<String> for ArgValue {
    fn from(value: String) -> Self {
        ArgValue::Str(value.into())
    }
}

impl From<&str> for ArgValue {
    fn from(value: &str) -> Self {
        ArgValue::Str(value.into())
    }
}

impl From<CompactString> for ArgValue {
    fn from(value: CompactString) -> Self {
        ArgValue::Str(value)
    }
}

impl From<Vec<String>> for ArgValue {
    fn from(value: Vec<String>) -> Self {
        ArgValue::List(value)
    }
}

#[cfg(test)]
mod tests {
    use super::ArgValue;

    #[test]
    fn text_is_what_display_writes() {
        for (value, text) in [
            (ArgValue::text(1.0_f64), "1"),
            (ArgValue::text(1e21_f64), "1000000000000000000000"),
            (ArgValue::text(-0.0_f64), "-0"),
            (ArgValue::text(42_u8), "42"),
            (ArgValue::text("user_2abc"), "user_2abc"),
            (
                ArgValue::text(String::from("a longer text than twenty-four bytes")),
                "a longer text than twenty-four bytes",
            ),
        ] {
            assert_eq!(value, ArgValue::Str(text.into()));
        }
        for value in [1.0_f64, 1e21, -0.0, 0.1] {
            assert_eq!(ArgValue::text(value).to_string(), value.to_string());
        }
    }
}
