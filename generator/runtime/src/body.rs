//! Request bodies that are not JSON, as a [`Request`](super::Request) holds them until it is
//! sent: bytes with their media type (JSON, a form, text, octet-stream...), or the parts of a
//! `multipart/form-data` form. Both are kept as [`Bytes`], so that each retry sends them
//! again without copying.

use bytes::Bytes;
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;

/// A request body, ready to be sent by each attempt.
#[derive(Clone)]
pub(crate) enum Body {
    /// Bytes sent as they are, with their `Content-Type`.
    Raw {
        content_type: HeaderValue,
        data: Bytes,
    },
    /// A `multipart/form-data` form (its `Content-Type`, with the boundary, is reqwest's).
    Multipart(Vec<Part>),
}

/// One part of a multipart form.
#[derive(Clone)]
pub(crate) struct Part {
    /// A property's name, or the key of an entry of a map (additional properties).
    name: Cow<'static, str>,
    /// For a file part: its media type (the part's file name is its name).
    file: Option<&'static str>,
    data: Bytes,
}

impl Body {
    /// Its size in bytes (for `Debug`).
    pub(crate) fn len(&self) -> usize {
        match self {
            Body::Raw { data, .. } => data.len(),
            Body::Multipart(parts) => parts.iter().map(|part| part.data.len()).sum(),
        }
    }

    /// The bytes sent, as hooks see them: those of a raw body (JSON, form, text...); a
    /// multipart form has none of its own.
    pub(crate) fn bytes(&self) -> Option<&[u8]> {
        match self {
            Body::Raw { data, .. } => Some(data),
            Body::Multipart(_) => None,
        }
    }

    /// Puts the body on one attempt's request. A multipart form is built anew each time (a
    /// `reqwest` form is consumed by sending); its parts share their bytes.
    pub(crate) fn apply(&self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Body::Raw { content_type, data } => builder
                .header(CONTENT_TYPE, content_type.clone())
                .body(data.clone()),
            Body::Multipart(parts) => {
                let form = parts
                    .iter()
                    .fold(reqwest::multipart::Form::new(), |form, part| {
                        let length = part.data.len() as u64;
                        let mut piece =
                            reqwest::multipart::Part::stream_with_length(part.data.clone(), length);
                        if let Some(media_type) = part.file {
                            piece = piece.file_name(part.name.clone());
                            // A media type the generator wrote that does not parse is sent without.
                            piece = match piece.mime_str(media_type) {
                                Ok(typed) => typed,
                                Err(_) => reqwest::multipart::Part::stream_with_length(
                                    part.data.clone(),
                                    length,
                                )
                                .file_name(part.name.clone()),
                            };
                        }
                        form.part(part.name.clone(), piece)
                    });
                builder.multipart(form)
            }
        }
    }
}

/// Adds the text parts of one form field to `parts`: nothing for `null`, a part per item
/// for an array, the JSON text for an object (as OpenAPI encodes objects in a form), the
/// value as text otherwise.
pub(crate) fn text_parts<T: Serialize + ?Sized>(
    parts: &mut Vec<Part>,
    name: impl Into<Cow<'static, str>>,
    value: &T,
) -> Result<(), String> {
    let value = serde_json::to_value(value).map_err(|error| error.to_string())?;
    push_text_parts(parts, name.into(), value);
    Ok(())
}

/// Adds the text parts of each entry of `map` (a map body, or the properties a struct does not
/// declare), named by its key, as [`text_parts`] adds those of one field.
pub(crate) fn entry_parts<T: Serialize + ?Sized>(
    parts: &mut Vec<Part>,
    map: &T,
) -> Result<(), String> {
    match serde_json::to_value(map).map_err(|error| error.to_string())? {
        Value::Object(entries) => {
            for (name, value) in entries {
                push_text_parts(parts, Cow::Owned(name), value);
            }
            Ok(())
        }
        Value::Null => Ok(()),
        _ => Err("a multipart form must be an object".to_string()),
    }
}

fn push_text_parts(parts: &mut Vec<Part>, name: Cow<'static, str>, value: Value) {
    for item in items(value) {
        let text = match item {
            Value::String(text) => text,
            other => other.to_string(),
        };
        parts.push(Part {
            name: name.clone(),
            file: None,
            data: Bytes::from(text),
        });
    }
}

/// A file part of a multipart form, sent with the media type given and its name as file name.
pub(crate) fn file_part(name: &'static str, media_type: &'static str, data: &[u8]) -> Part {
    Part {
        name: Cow::Borrowed(name),
        file: Some(media_type),
        data: Bytes::copy_from_slice(data),
    }
}

/// `value`, an object, as `application/x-www-form-urlencoded`: each property `name=value`,
/// an array as one pair per item, `null` skipped. A nested object cannot be sent this way.
pub(crate) fn form_urlencoded<T: Serialize + ?Sized>(
    value: &T,
    encode: impl Fn(&str) -> String,
) -> Result<Vec<u8>, String> {
    let object = match serde_json::to_value(value).map_err(|error| error.to_string())? {
        Value::Object(object) => object,
        _ => return Err("a form body must be an object".to_string()),
    };
    let mut pairs = Vec::new();
    for (name, value) in object {
        for item in items(value) {
            let text = match item {
                Value::String(text) => text,
                Value::Number(number) => number.to_string(),
                Value::Bool(flag) => flag.to_string(),
                Value::Null | Value::Array(_) | Value::Object(_) => {
                    return Err(format!(
                        "the form field {name:?} holds an object, which a form cannot carry"
                    ))
                }
            };
            pairs.push(format!("{}={}", encode(&name), encode(&text)));
        }
    }
    Ok(pairs.join("&").into_bytes())
}

/// The values of a form field: an array's items, nothing for `null` (an absent value), else
/// the value itself. Items that are `null` are left out too.
fn items(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.into_iter().filter(|item| !item.is_null()).collect(),
        Value::Null => Vec::new(),
        single => vec![single],
    }
}
