//! The `google.rpc.Status` of [`Details`], written straight as protobuf.
//!
//! Going through `tonic_types::ErrorDetails` would copy every string into
//! owned messages (and the metadata into a `HashMap`) before encoding them;
//! writing the few fields directly into one buffer is what keeps a status
//! at most as costly as a hand-built one. Tests decode the result with
//! `tonic-types`, so the two cannot drift.

use std::fmt::Write as _;

use crate::details::{Details, HELP_DESCRIPTION};
use crate::profile::upper_snake;

const LENGTH_DELIMITED: u32 = 2;
const VARINT: u32 = 0;

/// `google.rpc.Status { code, message, details: [Any...] }`.
/// `message` is the developer-facing one, `localized` the request's language's.
pub(super) fn status(details: &Details<'_>, message: &str, localized: &str) -> bytes::Bytes {
    // Sized for everything written below, so the buffer never grows: the
    // fixed type URLs and keys, then the text each detail carries.
    let fields: usize = details
        .field_violations
        .iter()
        .map(|field| field.field.len() + field.message.len() + 40)
        .sum();
    let metadata: usize = details.metadata().map(|(name, _)| name.len() + 32).sum();
    let text = details.reason.len()
        + details.domain.map_or(0, str::len)
        + details.help.map_or(0, str::len)
        + details.request_id.map_or(0, |id| id.as_str().len())
        + details.locale.len()
        + message.len()
        + localized.len();
    let mut out = Vec::with_capacity(400 + text + fields + metadata);
    varint_field(&mut out, 1, details.code.number() as u64);
    string(&mut out, 2, message);
    any(
        &mut out,
        "type.googleapis.com/google.rpc.ErrorInfo",
        |out| {
            string(out, 1, details.reason);
            string(out, 2, details.domain.unwrap_or_default());
            let mut scratch = String::new();
            for (name, value) in details.metadata() {
                scratch.clear();
                let _ = write!(scratch, "{value}");
                nested(out, 3, |entry| {
                    string(entry, 1, name);
                    string(entry, 2, &scratch);
                });
            }
        },
    );
    if !details.field_violations.is_empty() {
        any(
            &mut out,
            "type.googleapis.com/google.rpc.BadRequest",
            |out| {
                for field in details.field_violations {
                    nested(out, 1, |violation| {
                        string(violation, 1, &field.field);
                        string(violation, 2, &field.message);
                        if let Some(code) = &field.code {
                            string(violation, 3, &upper_snake(code));
                        }
                    });
                }
            },
        );
    }
    if let Some(seconds) = details.retry_delay {
        any(
            &mut out,
            "type.googleapis.com/google.rpc.RetryInfo",
            |out| {
                nested(out, 1, |duration| varint_field(duration, 1, seconds));
            },
        );
    }
    if let Some(url) = details.help {
        any(&mut out, "type.googleapis.com/google.rpc.Help", |out| {
            nested(out, 1, |link| {
                string(link, 1, HELP_DESCRIPTION);
                string(link, 2, url);
            });
        });
    }
    if let Some(id) = details.request_id {
        any(
            &mut out,
            "type.googleapis.com/google.rpc.RequestInfo",
            |out| {
                string(out, 1, id.as_str());
            },
        );
    }
    any(
        &mut out,
        "type.googleapis.com/google.rpc.LocalizedMessage",
        |out| {
            string(out, 1, details.locale);
            string(out, 2, localized);
        },
    );
    bytes::Bytes::from(out)
}

/// One `details` member: `google.protobuf.Any { type_url, value }` at field 3.
fn any(out: &mut Vec<u8>, type_url: &str, value: impl FnOnce(&mut Vec<u8>)) {
    nested(out, 3, |any| {
        string(any, 1, type_url);
        nested(any, 2, value);
    });
}

fn key(out: &mut Vec<u8>, field: u32, wire_type: u32) {
    varint(out, u64::from((field << 3) | wire_type));
}

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A non-zero integer field (proto3 leaves zero out).
fn varint_field(out: &mut Vec<u8>, field: u32, value: u64) {
    if value != 0 {
        key(out, field, VARINT);
        varint(out, value);
    }
}

/// A non-empty string field (proto3 leaves the empty string out).
fn string(out: &mut Vec<u8>, field: u32, text: &str) {
    if !text.is_empty() {
        key(out, field, LENGTH_DELIMITED);
        varint(out, text.len() as u64);
        out.extend_from_slice(text.as_bytes());
    }
}

/// A length-delimited field written in place: the body first, then its
/// length inserted before it (a short move, no second buffer).
fn nested(out: &mut Vec<u8>, field: u32, body: impl FnOnce(&mut Vec<u8>)) {
    key(out, field, LENGTH_DELIMITED);
    let start = out.len();
    body(out);
    let length = out.len() - start;
    if length < 0x80 {
        out.insert(start, length as u8);
        return;
    }
    let mut prefix = Vec::with_capacity(10);
    varint(&mut prefix, length as u64);
    out.splice(start..start, prefix);
}
