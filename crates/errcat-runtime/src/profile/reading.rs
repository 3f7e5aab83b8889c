//! Where a profile's body puts each part: what a client reads back.
//!
//! A [`Reading`] is data, not code: the generated TypeScript and Python
//! clients carry it as a constant and walk it with one small interpreter, so
//! no client template branches on a profile's name. Built-in profiles write
//! theirs beside their renderer; a house profile's is read off its body.
//!
//! Paths are lists of [`Step`]s from the body's root. A body may have several
//! [`Form`]s (Plain sends mutation errors and transport errors differently);
//! a client tries them in order and the first whose code is present wins.

use serde::Serialize;

/// A path into a JSON body.
pub type Path = &'static [Step];

/// One step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Step {
    /// An object member: `"errors"`.
    Key(&'static str),
    /// An array item: `0`.
    Index(usize),
    /// Any member of an object, the first the rest of the path finds
    /// something in (Plain's `data.<mutation>`): `{"any": true}`.
    Any {
        /// Always `true`; makes the step self-describing in JSON.
        any: bool,
    },
    /// The first array item whose member `where` is the text `equals`
    /// (Google's `details[@type = ErrorInfo]`): `{"where": "@type", "equals": "..."}`.
    Where {
        /// The member to compare.
        #[serde(rename = "where")]
        key: &'static str,
        /// The text it must be.
        equals: &'static str,
    },
}

impl Step {
    /// A step into any member of an object.
    pub const ANY: Step = Step::Any { any: true };
}

/// A literal a form's guard compares a member with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Literal {
    /// `true` or `false`.
    Bool(bool),
    /// A string.
    Text(&'static str),
}

/// How a wire code is written in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeForm {
    /// As the catalog's wire code.
    Wire,
    /// As an AIP-193 `reason` (`UPPER_SNAKE_CASE`), which clients map back.
    Reason,
}

/// How a field error names its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldName {
    /// As the error was given it (`profile.name`).
    Dotted,
    /// As a JSON pointer (`#/profile/name`), which clients turn back into `profile.name`.
    Pointer,
}

/// Where a form lists its field errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fields {
    /// An array of items, each naming its field at `name`; items without
    /// one are not field errors (Clerk lists other errors beside them).
    List {
        /// The array.
        at: Path,
        /// Within an item: the field.
        name: Path,
        /// How the field is written.
        name_form: FieldName,
        /// Within an item: what is wrong.
        message: Path,
        /// Within an item: the field error's own code.
        code: Option<Path>,
    },
    /// A field map (Discord's): members named by each field's path, nested;
    /// a field's errors sit at `list` within its member (or the member is
    /// the one error when `list` is `None`).
    Map {
        /// The map.
        at: Path,
        /// Within a field's member: the array of its errors.
        list: Option<Path>,
        /// Within an error: what is wrong.
        message: Path,
        /// Within an error: its own code.
        code: Option<Path>,
    },
}

/// One way a body may be written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form {
    /// A member that must hold a literal for the body to be an error in
    /// this form (Plunk's `success: false`).
    pub when: Option<(Path, Literal)>,
    /// The wire code.
    pub code: Path,
    /// How the code is written.
    pub code_form: CodeForm,
    /// The message: the first of these present.
    pub message: &'static [Path],
    /// The message when the body lists field errors, if it is elsewhere
    /// then (Clerk and JSON:API list each field as an error of its own).
    pub message_with_fields: &'static [Path],
    /// The request ID, when the body carries it (clients fall back to the header).
    pub request_id: Option<Path>,
    /// The HTTP status, when the body repeats it.
    pub status: Option<Path>,
    /// Whether retrying helps, when the body says so.
    pub retryable: Option<Path>,
    /// The field errors.
    pub fields: Option<Fields>,
}

impl Form {
    /// A form with only a code; the other parts are set with struct update syntax.
    pub const fn coded(code: Path) -> Form {
        Form {
            when: None,
            code,
            code_form: CodeForm::Wire,
            message: &[],
            message_with_fields: &[],
            request_id: None,
            status: None,
            retryable: None,
            fields: None,
        }
    }
}

/// Where a profile's body puts each part; see the [module docs](self).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// Whether bodies are XML: a client reads the document's view (an
    /// element with only text as its text, otherwise an object of
    /// `@attribute`s, child elements by name and `#text`; the root as
    /// `{name: …}`), where a list of field errors may hold one item unlisted.
    pub xml: bool,
    /// The forms, tried in order.
    pub forms: &'static [Form],
}

impl Reading {
    /// Whether any form writes codes as AIP-193 reasons.
    pub fn uses_reasons(&self) -> bool {
        self.forms
            .iter()
            .any(|form| form.code_form == CodeForm::Reason)
    }

    /// Whether any form names fields with JSON pointers.
    pub fn uses_pointers(&self) -> bool {
        self.forms.iter().any(|form| {
            matches!(
                form.fields,
                Some(Fields::List {
                    name_form: FieldName::Pointer,
                    ..
                })
            )
        })
    }

    /// Whether any form lists fields in a field map.
    pub fn uses_field_map(&self) -> bool {
        self.forms
            .iter()
            .any(|form| matches!(form.fields, Some(Fields::Map { .. })))
    }

    /// The reading of a house profile's body: where its one `{code}`,
    /// `{message}` (else `{title}`), `{request_id}` and field slots sit.
    /// `None` when the body sends no code, so no client can tell its errors apart.
    ///
    /// The reading lives as long as the process, like the compiled profile
    /// it describes (each distinct house profile is compiled once).
    pub fn of_house(locations: &errcat_catalog::house::Locations, xml: bool) -> Option<Reading> {
        fn leak<T>(items: Vec<T>) -> &'static [T] {
            Box::leak(items.into_boxed_slice())
        }
        let owned = |steps: &[errcat_catalog::house::Step]| -> Path {
            leak(
                steps
                    .iter()
                    .map(|step| match step {
                        errcat_catalog::house::Step::Key(key) => {
                            Step::Key(Box::leak(key.clone().into_boxed_str()))
                        }
                        errcat_catalog::house::Step::Index(index) => Step::Index(*index),
                    })
                    .collect(),
            )
        };
        let code = owned(locations.code.as_deref()?);
        let message = [&locations.message, &locations.title]
            .into_iter()
            .flatten()
            .map(|steps| owned(steps))
            .collect::<Vec<_>>();
        let fields = locations.fields.as_ref().and_then(|fields| {
            let message = owned(fields.message.as_deref()?);
            let code = fields.code.as_deref().map(owned);
            Some(match &fields.map {
                Some(map) => Fields::Map {
                    at: owned(&fields.array),
                    list: map.list.as_deref().map(owned),
                    message,
                    code,
                },
                None => Fields::List {
                    at: owned(&fields.array),
                    name: owned(fields.name.as_deref()?),
                    name_form: FieldName::Dotted,
                    message,
                    code,
                },
            })
        });
        Some(Reading {
            xml,
            forms: leak(vec![Form {
                message: leak(message),
                request_id: locations.request_id.as_deref().map(owned),
                fields,
                ..Form::coded(code)
            }]),
        })
    }
}
