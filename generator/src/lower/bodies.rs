//! Bodies: which media type of a request body or response is used, how it is encoded
//! ([`BodyKind`]), the Rust type that holds it, and the parts of a multipart form.

use super::Lowerer;
use crate::error::{Pointer, Result};
use crate::ir::{BodyKind, FormPart, TypeRef};
use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, Schema, SchemaKind};

/// The media type of a file part that declares none.
const DEFAULT_FILE_TYPE: &str = "application/octet-stream";

/// The media type used of a body or response, and its schema.
pub(super) struct Chosen<'m> {
    pub media_type: String,
    pub kind: BodyKind,
    pub schema: ReferenceOr<Schema>,
    pub media: &'m MediaType,
}

/// Whether a media type is JSON: `application/json`, `application/vnd.api+json`, with or
/// without parameters (`; charset=utf-8`).
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The media type without its parameters, in lower case.
fn essence(media_type: &str) -> String {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence.to_ascii_lowercase()
}

/// How a body of this media type is encoded. `text/json` is JSON (the Datadog intake
/// responses use it); multipart and form responses are kept as bytes.
fn kind_of(media_type: &str, request: bool) -> BodyKind {
    let essence = essence(media_type);
    match essence.as_str() {
        _ if is_json(&essence) || essence == "text/json" => BodyKind::Json,
        "application/x-www-form-urlencoded" if request => BodyKind::Form,
        "multipart/form-data" if request => BodyKind::Multipart,
        "text/csv" => BodyKind::Binary,
        text if text.starts_with("text/") => BodyKind::Text,
        _ => BodyKind::Binary,
    }
}

/// The content used: the JSON media type if one is offered, else the first. None when the
/// body has no content.
pub(super) fn choose(content: &IndexMap<String, MediaType>, request: bool) -> Option<Chosen<'_>> {
    let (media_type, media) = content
        .iter()
        .find(|(media_type, _)| kind_of(media_type, request) == BodyKind::Json)
        .or_else(|| content.iter().next())?;
    let schema = media.schema.clone().unwrap_or(ReferenceOr::Item(Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    }));
    Some(Chosen {
        media_type: media_type.clone(),
        kind: kind_of(media_type, request),
        schema,
        media,
    })
}

impl Lowerer<'_> {
    /// The Rust type of a body: the schema's type for JSON, a form or a multipart form,
    /// `String` for text, bytes otherwise (the schema then says nothing the type needs).
    pub(super) fn body_type(
        &mut self,
        hint: &str,
        chosen: &Chosen,
        at_schema: &Pointer,
    ) -> Result<TypeRef> {
        match chosen.kind {
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart => {
                self.lower_ref(hint, &chosen.schema, at_schema)
            }
            BodyKind::Text => Ok(TypeRef::String),
            BodyKind::Binary => Ok(TypeRef::Bytes),
        }
    }

    /// The parts of a multipart form whose type is `ty`: one per property of its struct, a
    /// `format: binary` property being a file and an array of them a file per item (its
    /// additional properties are text parts too); empty for a map, a part per entry (`true`).
    pub(super) fn form_parts(
        &self,
        ty: &TypeRef,
        chosen: &Chosen,
        at: &Pointer,
    ) -> Result<(Vec<FormPart>, bool)> {
        if matches!(self.unalias(ty.clone()), TypeRef::Map(_)) {
            return Ok((Vec::new(), true));
        }
        // A lone file (or any value that is not an object) has no property to name its part.
        let fields = self.struct_fields(ty).ok_or_else(|| {
            at.error("a multipart/form-data body must be an object or a map: each part is named by a property")
        })?;
        let mut parts = Vec::with_capacity(fields.len());
        for field in fields {
            let (file, repeated) = match &field.ty {
                TypeRef::Bytes => (Some(self.file_media_type(&field.wire, chosen, at)), false),
                TypeRef::Vec(inner) if **inner == TypeRef::Bytes => {
                    (Some(self.file_media_type(&field.wire, chosen, at)), true)
                }
                _ => (None, false),
            };
            parts.push(FormPart {
                wire: field.wire.clone(),
                field: field.name.clone(),
                presence: field.presence,
                file,
                repeated,
            });
        }
        Ok((parts, false))
    }

    /// The media type of a file part: the media type's `encoding` for it, else the
    /// property's `x-mimetype`, else `application/octet-stream`.
    fn file_media_type(&self, property: &str, chosen: &Chosen, at: &Pointer) -> String {
        let encoded = chosen
            .media
            .encoding
            .get(property)
            .and_then(|encoding| encoding.content_type.clone());
        let declared = || {
            let schema = self.resolve_schema(&chosen.schema, at).ok()?;
            let SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
                return None;
            };
            let (property, _) = self
                .boxed_resolve(object.properties.get(property)?, at)
                .ok()?;
            let mut property = self.resolve_schema(&property, at).ok()?;
            // An array of files: the items say it.
            if let SchemaKind::Type(openapiv3::Type::Array(array)) = &property.schema_kind {
                if let Some(items) = &array.items {
                    property = match items {
                        ReferenceOr::Item(items) => items,
                        ReferenceOr::Reference { reference } => {
                            self.follow_ref(reference, at).ok()?.1
                        }
                    };
                }
            }
            let mimetype = property.schema_data.extensions.get("x-mimetype")?;
            mimetype.as_str().map(str::to_string)
        };
        encoded
            .or_else(declared)
            .unwrap_or_else(|| DEFAULT_FILE_TYPE.to_string())
    }
}
