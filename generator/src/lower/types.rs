//! Types: a named type or a TypeRef for each schema.

use super::refs::unbox;
use super::{describe, Lowerer, REF_PREFIX};
use crate::error::{Pointer, Result};
use crate::ir::{
    EnumValue, Field, Presence, TypeDef, TypeKind, TypeRef, Untyped, UntypedWhy, Variant,
};
use crate::naming::{self, NameSet};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// An object schema's properties, by wire name.
type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The properties of an `allOf`, its members merged: where each is written, and which are
/// required.
#[derive(Default)]
pub(super) struct AllOfProperties {
    pub properties: Properties,
    pub written_at: IndexMap<String, Pointer>,
    pub required: Vec<String>,
}

impl AllOfProperties {
    fn extend(&mut self, properties: &Properties, required: &[String], at: &Pointer) {
        for (name, schema) in properties {
            self.properties.insert(name.clone(), schema.clone());
            self.written_at
                .insert(name.clone(), at.join("properties").join(name));
        }
        self.required.extend(required.iter().cloned());
    }
}

impl Lowerer<'_> {
    /// Defines a named type for `schema` (a component, or an inline schema that needs a name).
    pub(super) fn define(
        &mut self,
        name: String,
        schema: &Schema,
        pointer: &Pointer,
    ) -> Result<TypeRef> {
        let doc = describe(&schema.schema_data.description)
            .or_else(|| describe(&schema.schema_data.title));
        // A sole inline member is the type, under this name. A sole `$ref` member is an
        // alias (below).
        if let Some(ReferenceOr::Item(inner)) = sole_all_of_member(schema) {
            let mut inner = inner.clone();
            if doc.is_some() {
                inner.schema_data.description = doc.clone();
            }
            return self.define(name, &inner, &pointer.join("allOf").join("0"));
        }
        if let Some(merged) = self.merged_all_of(schema, pointer) {
            let merged = merged?;
            let at = |wire: &str| merged.written_at[wire].clone();
            let kind = self.struct_kind(&name, &merged.properties, &merged.required, at)?;
            return Ok(self.push_type(name, doc, kind, pointer));
        }
        let kind = match &schema.schema_kind {
            // An object without properties is a map (`additionalProperties`) or free-form: an
            // alias of a BTreeMap, defined below.
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let at = |wire: &str| pointer.join("properties").join(wire);
                self.struct_kind(&name, &object.properties, &object.required, at)?
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                let at = |wire: &str| pointer.join("properties").join(wire);
                self.struct_kind(&name, &any.properties, &any.required, at)?
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                self.one_of_kind(&name, members, schema, pointer)?
            }
            // A oneOf beside keywords openapiv3 reads as a schema of its own
            // (`additionalProperties: false`): still a oneOf.
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                self.one_of_kind(&name, &any.one_of, schema, pointer)?
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() => {
                self.one_of_kind(&name, &any.any_of, schema, pointer)?
            }
            _ => match enum_values(schema) {
                Some((values, integer)) => TypeKind::Enum {
                    values: self.enum_variants(schema, values, integer_values(schema), pointer)?,
                    integer,
                },
                None => {
                    // Primitives, arrays, maps, single-member allOf: an alias.
                    let target = self.type_of(&name, schema, pointer)?;
                    TypeKind::Alias(target)
                }
            },
        };
        Ok(self.push_type(name, doc, kind, pointer))
    }

    fn push_type(
        &mut self,
        name: String,
        doc: Option<String>,
        kind: TypeKind,
        pointer: &Pointer,
    ) -> TypeRef {
        self.types.push(TypeDef {
            name: name.clone(),
            doc,
            kind,
            features: BTreeSet::new(),
            module: String::new(),
            source: pointer.clone(),
        });
        TypeRef::Named(name)
    }

    /// The properties of a schema whose `allOf` is merged into a struct (two members or
    /// more, or members beside keywords of its own): the members', then those written beside
    /// the `allOf` with their `required`. None for a schema without one, or whose sole
    /// member it stands for (`sole_all_of_member`). Typing and the wire facts read this.
    pub(super) fn merged_all_of(
        &self,
        schema: &Schema,
        pointer: &Pointer,
    ) -> Option<Result<AllOfProperties>> {
        if sole_all_of_member(schema).is_some() {
            return None;
        }
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } if !all_of.is_empty() => {
                Some(self.flatten_all_of(all_of, pointer))
            }
            SchemaKind::Any(any) if merges_all_of(any) => {
                let merged = self.flatten_all_of(&any.all_of, pointer);
                Some(merged.map(|mut merged| {
                    merged.extend(&any.properties, &any.required, pointer);
                    merged
                }))
            }
            _ => None,
        }
    }

    fn enum_variants(
        &self,
        schema: &Schema,
        values: Vec<String>,
        numbers: Vec<i64>,
        pointer: &Pointer,
    ) -> Result<Vec<EnumValue>> {
        let explicit = schema.schema_data.extensions.get("x-enum-varnames");
        let explicit: Option<Vec<String>> = match explicit {
            None => None,
            Some(v) => Some(serde_json::from_value(v.clone()).map_err(|_| {
                pointer
                    .join("x-enum-varnames")
                    .error("x-enum-varnames must be a list of strings")
            })?),
        };
        if let Some(names) = &explicit {
            if names.len() != values.len() {
                return Err(pointer.join("x-enum-varnames").error(format!(
                    "x-enum-varnames has {} names for {} enum values",
                    names.len(),
                    values.len()
                )));
            }
        }
        let mut taken = NameSet::default();
        taken.claim("UnknownValue".into());
        Ok(values
            .into_iter()
            .enumerate()
            .map(|(i, wire)| {
                let wanted = match &explicit {
                    Some(names) => naming::variant_name(&names[i]),
                    None => naming::variant_name(&wire),
                };
                EnumValue {
                    variant: taken.claim(wanted),
                    wire,
                    number: numbers.get(i).copied(),
                }
            })
            .collect())
    }

    pub(super) fn flatten_all_of(
        &self,
        members: &[ReferenceOr<Schema>],
        pointer: &Pointer,
    ) -> Result<AllOfProperties> {
        self.flatten_all_of_at(members, pointer, &[])
    }

    /// `including`: the components whose allOf led here, to refuse a schema that includes
    /// itself.
    fn flatten_all_of_at(
        &self,
        members: &[ReferenceOr<Schema>],
        pointer: &Pointer,
        including: &[&str],
    ) -> Result<AllOfProperties> {
        let mut merged = AllOfProperties::default();
        for (i, member) in members.iter().enumerate() {
            let at = pointer.join("allOf").join(i.to_string());
            let schema = self.resolve_schema(member, &at)?;
            // Where the member is: the component it references, or here.
            let (member_at, chain) = match member {
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix(REF_PREFIX).unwrap_or(reference);
                    if including.contains(&name) {
                        return Err(at.error(format!(
                            "allOf includes {reference:?}, which includes this schema: a schema cannot include itself"
                        )));
                    }
                    let mut chain = including.to_vec();
                    chain.push(name);
                    (self.file_of_component("schemas", name), chain)
                }
                ReferenceOr::Item(_) => (at.clone(), including.to_vec()),
            };
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => {
                    merged.extend(&object.properties, &object.required, &member_at)
                }
                // Without `type`: properties, or only `required` (making inherited properties
                // required), or only a description.
                SchemaKind::Any(any)
                    if any.items.is_none()
                        && any.one_of.is_empty()
                        && any.any_of.is_empty()
                        && any.all_of.is_empty()
                        && any.enumeration.is_empty() =>
                {
                    merged.extend(&any.properties, &any.required, &member_at)
                }
                SchemaKind::AllOf { all_of } => {
                    let inner = self.flatten_all_of_at(all_of, &member_at, &chain)?;
                    merged.properties.extend(inner.properties);
                    merged.written_at.extend(inner.written_at);
                    merged.required.extend(inner.required);
                }
                _ => {
                    return Err(
                        at.error("unsupported allOf member: only object schemas can be combined")
                    )
                }
            }
        }
        Ok(merged)
    }

    /// A struct of `properties`; `written_at` says where each property is written (in the
    /// schema, or in the `allOf` member it is merged from), where its `$ref` siblings are read.
    fn struct_kind(
        &mut self,
        parent: &str,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        written_at: impl Fn(&str) -> Pointer,
    ) -> Result<TypeKind> {
        let mut field_names = NameSet::default();
        // The generated struct has these: a field of the same name would collide with them
        // (`new` is the constructor, the other setters are named after the fields), and a
        // setter named after a method of a trait the struct implements would shadow it
        // (`x.clone()`, `X::default()`).
        for taken in [
            "additional_properties",
            "new",
            "clone",
            "default",
            "eq",
            "ne",
            "fmt",
        ] {
            field_names.claim(taken.into());
        }
        let mut wires: Vec<&String> = properties.keys().collect();
        wires.sort();
        let mut fields = Vec::new();
        for wire in wires {
            let at = written_at(wire);
            let schema = unbox(&properties[wire]);
            // Nullability, description and the read/write flags: the property's, or those
            // beside its `$ref` over the component's.
            let facts = self.facts(&schema, &at)?;
            let hint = format!("{parent}{}", naming::type_name(wire));
            let ty = self.lower_ref(&hint, &schema, &at)?;
            // A read-only (or write-only) property is absent in one direction: never required.
            let required = required.contains(wire) && !facts.read_only && !facts.write_only;
            fields.push(Field {
                name: field_names.claim(naming::field_name(wire)),
                wire: wire.clone(),
                ty,
                presence: Presence::new(required, facts.nullable),
                boxed: false,
                doc: describe(&facts.description),
                read_only: facts.read_only,
                write_only: facts.write_only,
                deprecated: facts.deprecated,
            });
        }
        // `required` may name a property `properties` does not declare (valid OpenAPI): it is
        // then one of the additional properties, which the struct keeps as they come.
        Ok(TypeKind::Struct { fields })
    }

    fn one_of_kind(
        &mut self,
        parent: &str,
        members: &[ReferenceOr<Schema>],
        schema: &Schema,
        pointer: &Pointer,
    ) -> Result<TypeKind> {
        let key = if matches!(&schema.schema_kind, SchemaKind::OneOf { .. })
            || matches!(&schema.schema_kind, SchemaKind::Any(any) if !any.one_of.is_empty())
        {
            "oneOf"
        } else {
            "anyOf"
        };
        let mut variant_names = NameSet::default();
        variant_names.claim("UnparsedObject".into());
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let at = pointer.join(key).join(i.to_string());
            let ty = self.lower_ref(&format!("{parent}{}", i + 1), member, &at)?;
            let wanted = match &ty {
                TypeRef::Named(name) => name.clone(),
                other => primitive_variant_name(other),
            };
            variants.push(Variant {
                name: variant_names.claim(wanted),
                ty,
                tag: None,
            });
        }
        let discriminator = match &schema.schema_data.discriminator {
            Some(d) => {
                for (variant, member) in variants.iter_mut().zip(members) {
                    let mapped = d.mapping.iter().find(|(_, target)| matches!(member, ReferenceOr::Reference { reference } if reference == *target));
                    variant.tag = Some(match (mapped, member) {
                        (Some((value, _)), _) => value.clone(),
                        (None, ReferenceOr::Reference { reference }) => reference
                            .strip_prefix(REF_PREFIX)
                            .unwrap_or(reference)
                            .to_string(),
                        (None, ReferenceOr::Item(_)) => {
                            return Err(pointer
                                .join("discriminator")
                                .error("an inline oneOf member needs a discriminator mapping"))
                        }
                    });
                }
                Some(d.property_name.clone())
            }
            None => self.infer_discriminator(members, &mut variants, pointer),
        };
        Ok(TypeKind::OneOf {
            variants,
            discriminator,
        })
    }

    /// JSON:API style oneOf: every member is an object with a property (the same one)
    /// whose schema is a one-value enum, each value different. That property then selects the
    /// variant without trying each in turn.
    fn infer_discriminator(
        &self,
        members: &[ReferenceOr<Schema>],
        variants: &mut [Variant],
        pointer: &Pointer,
    ) -> Option<String> {
        let mut candidates: Option<BTreeMap<String, Vec<String>>> = None;
        for member in members {
            let schema = self.resolve_schema(member, pointer).ok()?;
            let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
                return None;
            };
            let mut found = BTreeMap::new();
            // Required or not: JSON:API specs often leave `type` optional, and a value without
            // it is kept as UnparsedObject rather than guessed.
            for (name, property) in &object.properties {
                let property = unbox(property);
                let resolved = self.resolve_schema(&property, pointer).ok()?;
                if let Some((values, false)) = enum_values(resolved) {
                    if values.len() == 1 {
                        found.insert(name.clone(), values);
                    }
                }
            }
            candidates = Some(match candidates {
                None => found,
                Some(mut previous) => {
                    previous.retain(|k, v| match found.get(k) {
                        Some(value) => {
                            v.extend(value.iter().cloned());
                            true
                        }
                        None => false,
                    });
                    previous
                }
            });
        }
        let (property, values) = candidates?
            .into_iter()
            .find(|(_, values)| values.iter().collect::<BTreeSet<_>>().len() == values.len())?;
        for (variant, value) in variants.iter_mut().zip(values) {
            variant.tag = Some(value);
        }
        Some(property)
    }

    /// The type for a schema or reference used at some location; inline schemas that need a
    /// name get `hint`.
    pub(super) fn lower_ref(
        &mut self,
        hint: &str,
        schema: &ReferenceOr<Schema>,
        pointer: &Pointer,
    ) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.type_of(hint, schema, pointer),
        }
    }

    /// The map of an object without properties: its values are of `additionalProperties`'
    /// schema, else anything (a free-form object).
    fn map_type(
        &mut self,
        hint: &str,
        additional: &Option<AdditionalProperties>,
        pointer: &Pointer,
    ) -> Result<TypeRef> {
        let value = match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let at = pointer.join("additionalProperties");
                self.lower_ref(&format!("{hint}Value"), value, &at)?
            }
            _ => self.untyped(pointer, UntypedWhy::FreeFormObject),
        };
        Ok(TypeRef::Map(Box::new(value)))
    }

    /// Any JSON value, recorded with why (`VersionIr::untyped`).
    fn untyped(&mut self, at: &Pointer, why: UntypedWhy) -> TypeRef {
        self.untyped.push(Untyped {
            at: at.clone(),
            why,
        });
        TypeRef::Value
    }

    /// The type of the items of the array at `pointer`: an `Option` when they may be `null`
    /// (as the items say, or the keywords beside their `$ref`).
    fn item_type(
        &mut self,
        hint: &str,
        items: &ReferenceOr<Box<Schema>>,
        pointer: &Pointer,
    ) -> Result<TypeRef> {
        let at = pointer.join("items");
        let items = unbox(items);
        let nullable = self.facts(&items, &at)?.nullable;
        let ty = self.lower_ref(&format!("{hint}Item"), &items, &at)?;
        Ok(if nullable {
            TypeRef::Option(Box::new(ty))
        } else {
            ty
        })
    }

    /// The type of an inline schema, defining a named type for it when it needs one.
    pub(super) fn type_of(
        &mut self,
        hint: &str,
        schema: &Schema,
        pointer: &Pointer,
    ) -> Result<TypeRef> {
        // A one-member allOf is its member (an inline one named here, after `hint`).
        if let Some(member) = sole_all_of_member(schema) {
            return self.lower_ref(hint, member, &pointer.join("allOf").join("0"));
        }
        // A name already taken (by a component, or another inline schema) gets a number.
        if needs_name(schema) {
            let name = self.names.claim(hint.to_string());
            return self.define(name, schema, pointer);
        }
        if let Some(primitive) = primitive(schema) {
            return Ok(primitive);
        }
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::Array(array)) => {
                let item = match &array.items {
                    Some(items) => self.item_type(hint, items, pointer)?,
                    None => self.untyped(pointer, UntypedWhy::ArrayWithoutItems),
                };
                TypeRef::Vec(Box::new(item))
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(hint, &object.additional_properties, pointer)?
            }
            SchemaKind::Type(_)
            | SchemaKind::AllOf { .. }
            | SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. } => {
                // Only reached for a component's own schema (named already).
                unreachable_kind(pointer)?
            }
            SchemaKind::Not { .. } => {
                return Err(pointer.error("unsupported schema: `not` is not supported"))
            }
            SchemaKind::Any(any) => {
                if let Some(items) = &any.items {
                    TypeRef::Vec(Box::new(self.item_type(hint, items, pointer)?))
                } else if any.additional_properties.is_some()
                    || any.typ.as_deref() == Some("object")
                {
                    // An object without `type: object` beside it (openapiv3 reads it so).
                    self.map_type(hint, &any.additional_properties, pointer)?
                } else if let Some(primitive) = any_primitive(any) {
                    primitive
                } else {
                    self.untyped(pointer, UntypedWhy::Unconstrained)
                }
            }
        })
    }
}

/// The type of a schema with a primitive `type` that openapiv3 could not read as typed (a
/// keyword of another type beside it, such as `maxLength` on a boolean, or a `maximum` past
/// `i64` on an integer): its `type` and `format` still say what it is.
fn any_primitive(any: &openapiv3::AnySchema) -> Option<TypeRef> {
    let format = any.format.as_deref();
    Some(match any.typ.as_deref()? {
        "boolean" => TypeRef::Bool,
        "integer" if format == Some("int32") => TypeRef::I32,
        "integer" => TypeRef::I64,
        "number" if format == Some("float") => TypeRef::F32,
        "number" => TypeRef::F64,
        "string" => match format {
            Some("date-time") => TypeRef::DateTime,
            Some("date") => TypeRef::Date,
            Some("uuid") => TypeRef::Uuid,
            _ => TypeRef::String,
        },
        _ => return None,
    })
}

/// The member a one-member `allOf` stands for (`allOf: [X]`, often with `nullable` or a
/// description beside it): the schema is typed as X. The one place of this rule: typing
/// (`define`, `type_of`) and the wire facts (`ir::AllOf::Sole`, which `diff` follows) ask it.
pub(super) fn sole_all_of_member(schema: &Schema) -> Option<&ReferenceOr<Schema>> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => match all_of.as_slice() {
            [member] => Some(member),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `any` is an object made of its `allOf` and the properties beside it (not a
/// oneOf/anyOf that also has an `allOf`).
fn merges_all_of(any: &openapiv3::AnySchema) -> bool {
    !any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty()
}

/// Whether an inline schema becomes a named type (a struct, an enum or a oneOf) rather than a
/// primitive, a `Vec` or a map.
fn needs_name(s: &Schema) -> bool {
    enum_values(s).is_some()
        || matches!(&s.schema_kind, SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty())
        || matches!(&s.schema_kind, SchemaKind::Any(a) if !a.properties.is_empty() || !a.one_of.is_empty() || !a.any_of.is_empty())
        || matches!(
            &s.schema_kind,
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. }
        )
        || matches!(&s.schema_kind, SchemaKind::Any(a) if merges_all_of(a))
        || matches!(&s.schema_kind, SchemaKind::AllOf { all_of } if all_of.len() > 1)
}

/// The type of a boolean, integer, number or string schema.
fn primitive(schema: &Schema) -> Option<TypeRef> {
    let SchemaKind::Type(ty) = &schema.schema_kind else {
        return None;
    };
    Some(match ty {
        Type::Boolean(_) => TypeRef::Bool,
        Type::Integer(i) => match &i.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
            _ => TypeRef::I64,
        },
        Type::Number(n) => match &n.format {
            VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
            _ => TypeRef::F64,
        },
        Type::String(s) => match &s.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
            // Raw octets: a file of a multipart form, or a binary body (`Vec<u8>`).
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Bytes,
            VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
            _ => TypeRef::String,
        },
        Type::Array(_) | Type::Object(_) => return None,
    })
}

fn unreachable_kind(pointer: &Pointer) -> Result<TypeRef> {
    Err(pointer.error("internal: composition schema without a name"))
}

fn primitive_variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "Bool".into(),
        TypeRef::I32 => "I32".into(),
        TypeRef::I64 => "I64".into(),
        TypeRef::F32 => "F32".into(),
        TypeRef::F64 => "F64".into(),
        TypeRef::String => "String".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Value => "Value".into(),
        TypeRef::Vec(inner) => format!("{}List", primitive_variant_name(inner)),
        TypeRef::Map(inner) => format!("{}Map", primitive_variant_name(inner)),
        TypeRef::Option(inner) => primitive_variant_name(inner),
        TypeRef::Named(name) => name.clone(),
    }
}

/// The values of an integer enum schema, in order (empty for any other schema).
fn integer_values(schema: &Schema) -> Vec<i64> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().flatten().copied().collect(),
        _ => Vec::new(),
    }
}

/// The enum values of a string or integer enum schema, and whether it is an integer enum.
pub(super) fn enum_values(schema: &Schema) -> Option<(Vec<String>, bool)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            Some((s.enumeration.iter().flatten().cloned().collect(), false))
        }
        SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => Some((
            i.enumeration
                .iter()
                .flatten()
                .map(|v| v.to_string())
                .collect(),
            true,
        )),
        SchemaKind::Any(any)
            if !any.enumeration.is_empty()
                && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) =>
        {
            Some((
                any.enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
                false,
            ))
        }
        _ => None,
    }
}
