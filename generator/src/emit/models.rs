//! Models: a struct per object schema (with `new`, setters, unknown fields kept and a
//! Deserialize impl that reads straight from the JSON stream), forward-compatible enums, oneOf
//! enums and aliases.

use super::{doc_attrs, ident, type_tokens};
use crate::ir::{EnumValue, Field, TypeDef, TypeKind, TypeRef, Variant};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The body of a model file (`use` lines and the type); `types` are the other types of the
/// version (a oneOf looks at its variants' properties).
pub fn model_file(def: &TypeDef, types: &[TypeDef]) -> TokenStream {
    let item = match &def.kind {
        TypeKind::Struct { fields } => struct_tokens(def, fields),
        TypeKind::Enum { values, integer } => enum_tokens(def, values, *integer),
        TypeKind::OneOf {
            variants,
            discriminator,
        } => one_of_tokens(def, variants, discriminator.as_deref(), types),
        TypeKind::Alias(target) => {
            let doc = doc_attrs(def.doc.as_deref());
            let name = ident(&def.name);
            let target = type_tokens(target, &quote! {});
            quote! { #doc pub type #name = #target; }
        }
    };
    let imports = imports(def);
    quote! {
        #imports
        #item
    }
}

/// `use super::{A, B};` for the other types this one names. Only these: a glob import of the
/// whole `model` module costs every file thousands of bindings, and name resolution time then
/// grows with the square of the number of models.
fn imports(def: &TypeDef) -> TokenStream {
    let refs: Vec<&TypeRef> = match &def.kind {
        TypeKind::Struct { fields } => fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Enum { .. } => Vec::new(),
        TypeKind::OneOf { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(target) => vec![target],
    };
    let names: std::collections::BTreeSet<&str> = refs
        .into_iter()
        .filter_map(TypeRef::named)
        .filter(|name| *name != def.name)
        .collect();
    if names.is_empty() {
        return quote! {};
    }
    let names = names.into_iter().map(ident);
    quote! { use super::{#(#names),*}; }
}

/// The field's type as stored in the struct.
fn stored_type(field: &Field) -> TokenStream {
    let mut ty = value_type(field);
    for _ in 0..field.presence.options() {
        ty = quote! { Option<#ty> };
    }
    ty
}

/// The field's value type (boxed when part of a cycle).
fn value_type(field: &Field) -> TokenStream {
    let ty = type_tokens(&field.ty, &quote! {});
    if field.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    }
}

fn field_doc(field: &Field) -> TokenStream {
    let mut text = field.doc.clone().unwrap_or_default();
    let mut notes = Vec::new();
    if field.read_only {
        notes.push("Read-only: set by the server.");
    }
    if field.write_only {
        notes.push("Write-only: never returned by the server.");
    }
    if field.deprecated {
        notes.push("Deprecated.");
    }
    if !notes.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&notes.join(" "));
    }
    doc_attrs(if text.is_empty() {
        None
    } else {
        Some(text.as_str())
    })
}

fn struct_tokens(def: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let required: Vec<&Field> = fields.iter().filter(|f| f.presence.is_required()).collect();
    let derive_default = if required.is_empty() {
        quote! { Default, }
    } else {
        quote! {}
    };

    let declarations = fields.iter().map(|f| {
        let field = ident(&f.name);
        let ty = stored_type(f);
        let doc = field_doc(f);
        quote! { #doc pub #field: #ty, }
    });

    let new_args = required.iter().map(|f| {
        let field = ident(&f.name);
        let ty = type_tokens(&f.ty, &quote! {});
        let ty = if f.presence.is_nullable() {
            quote! { Option<#ty> }
        } else {
            ty
        };
        quote! { #field: #ty }
    });
    let new_inits = fields.iter().map(|f| {
        let field = ident(&f.name);
        match (f.presence.is_required(), f.boxed, f.presence.is_nullable()) {
            (false, _, _) => quote! { #field: None },
            (true, false, _) => quote! { #field },
            (true, true, false) => quote! { #field: Box::new(#field) },
            (true, true, true) => quote! { #field: #field.map(Box::new) },
        }
    });
    let new_doc = format!(" Creates a `{}` from its required fields.", def.name);
    let too_many = if required.len() > 7 {
        quote! { #[allow(clippy::too_many_arguments)] }
    } else {
        quote! {}
    };

    let setters = fields
        .iter()
        .filter(|f| !f.presence.is_required())
        .map(|f| {
            let field = ident(&f.name);
            let ty = type_tokens(&f.ty, &quote! {});
            let doc = format!(" Sets `{}`.", f.wire);
            let (arg, value) = match (f.presence.is_nullable(), f.boxed) {
                (false, false) => (quote! { #ty }, quote! { Some(value) }),
                (false, true) => (quote! { #ty }, quote! { Some(Box::new(value)) }),
                (true, false) => (quote! { Option<#ty> }, quote! { Some(value) }),
                (true, true) => (quote! { Option<#ty> }, quote! { Some(value.map(Box::new)) }),
            };
            let null_note = if f.presence.is_nullable() {
                quote! { #[doc = ""] #[doc = " `None` sends an explicit JSON null."] }
            } else {
                quote! {}
            };
            quote! {
                #[doc = #doc]
                #null_note
                pub fn #field(mut self, value: #arg) -> Self {
                    self.#field = #value;
                    self
                }
            }
        });

    let serialize = struct_serialize(&name, fields);
    let deserialize = struct_deserialize(def, fields);
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Clone, Debug, #derive_default PartialEq)]
        pub struct #name {
            #(#declarations)*
            /// Properties the spec does not declare, kept so that a read-modify-write loses nothing.
            pub additional_properties: std::collections::BTreeMap<String, serde_json::Value>,
        }

        impl #name {
            #[doc = #new_doc]
            #too_many
            pub fn new(#(#new_args),*) -> #name {
                #name {
                    #(#new_inits,)*
                    additional_properties: std::collections::BTreeMap::new(),
                }
            }

            #(#setters)*

            /// Sets the properties the spec does not declare.
            pub fn additional_properties(mut self, value: std::collections::BTreeMap<String, serde_json::Value>) -> Self {
                self.additional_properties = value;
                self
            }
        }

        #serialize
        #deserialize
    }
}

/// The struct's `Serialize`: one runtime call per field (an optional one is left out when
/// unset), then the additional properties. Cheaper to compile than serde's derive, whose
/// `skip_serializing_if` and `flatten` emit a branch and a `?` per field.
fn struct_serialize(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    if fields.is_empty() {
        return quote! {
            impl serde::Serialize for #name {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                    crate::datadog::ObjectWriter::new(serializer).end(&self.additional_properties)
                }
            }
        };
    }
    let writes = fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire;
        if f.presence.is_required() {
            quote! { object.field(#wire, &self.#field); }
        } else {
            quote! { object.optional(#wire, &self.#field); }
        }
    });
    quote! {
        impl serde::Serialize for #name {
            fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                let mut object = crate::datadog::ObjectWriter::new(serializer);
                #(#writes)*
                object.end(&self.additional_properties)
            }
        }
    }
}

/// The struct's `Deserialize`: a `ReadObject` impl that reads each known field as its own type
/// straight from the stream (anything else into `additional_properties`), decoded by the
/// runtime's one generic visitor. A struct with no required field reads into itself; one with
/// required fields reads into a `__Partial` of options first.
fn struct_deserialize(def: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let has_required = fields.iter().any(|f| f.presence.is_required());
    let arms = fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire;
        if f.presence.is_nullable() || f.presence.is_required() {
            quote! { #wire => crate::datadog::read_some(map, &mut partial.#field), }
        } else {
            // A null where the spec says nothing of null reads as absent.
            quote! { #wire => crate::datadog::read_value(map, &mut partial.#field), }
        }
    });
    let (partial_def, partial, finish) = if has_required {
        partial_tokens(&name, fields)
    } else {
        (quote! {}, quote! { Self }, quote! { Ok(partial) })
    };
    // Generic parameters have names no model can take (model names start with a letter),
    // since the field types are model names used unqualified.
    quote! {
        #partial_def
        impl crate::datadog::ReadObject for #name {
            type Partial = #partial;
            const NAME: &'static str = #type_name;
            fn read_field<'de, __M: serde::de::MapAccess<'de>>(
                partial: &mut #partial,
                key: crate::datadog::FieldKey<'de>,
                map: &mut __M,
            ) -> Result<(), __M::Error> {
                match key.as_str() {
                    #(#arms)*
                    _ => crate::datadog::read_additional(map, key, &mut partial.additional_properties),
                }
            }
            fn finish(partial: #partial) -> Result<Self, &'static str> {
                #finish
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                crate::datadog::read_object(deserializer)
            }
        }
    }
}

/// For a struct with required fields: the `__Partial` it is read into (every field an option),
/// its name, and the `finish` body that checks the required ones.
fn partial_tokens(
    name: &proc_macro2::Ident,
    fields: &[Field],
) -> (TokenStream, TokenStream, TokenStream) {
    let slots = fields.iter().map(|f| {
        let field = ident(&f.name);
        let ty = value_type(f);
        // Optional nullable and required nullable fields remember an explicit null.
        if f.presence.is_nullable() {
            quote! { #field: Option<Option<#ty>>, }
        } else {
            quote! { #field: Option<#ty>, }
        }
    });
    let inits = fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire;
        if f.presence.is_required() {
            quote! { #field: partial.#field.ok_or(#wire)?, }
        } else {
            quote! { #field: partial.#field, }
        }
    });
    (
        quote! {
            #[doc(hidden)]
            #[derive(Default)]
            pub struct __Partial {
                #(#slots)*
                additional_properties: std::collections::BTreeMap<String, serde_json::Value>,
            }
        },
        quote! { __Partial },
        quote! {
            Ok(#name { #(#inits)* additional_properties: partial.additional_properties })
        },
    )
}

fn enum_tokens(def: &TypeDef, values: &[EnumValue], integer: bool) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let variants: Vec<_> = values.iter().map(|v| ident(&v.variant)).collect();
    let variant_docs = values.iter().map(|v| {
        let text = if v.wire.is_empty() {
            " The empty string.".to_string()
        } else if v.wire.contains('`') {
            format!(" `` {} ``", v.wire)
        } else {
            format!(" `{}`", v.wire)
        };
        quote! { #[doc = #text] }
    });
    if integer {
        let numbers: Vec<Literal> = values
            .iter()
            .map(|v| Literal::i64_unsuffixed(v.wire.parse().unwrap_or(0)))
            .collect();
        return quote! {
            #doc
            #[non_exhaustive]
            #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            pub enum #name {
                #(#variant_docs #variants,)*
                /// A value this version of the spec does not know.
                UnknownValue(i64),
            }
            impl #name {
                /// The value on the wire.
                pub fn value(&self) -> i64 {
                    match self {
                        #(Self::#variants => #numbers,)*
                        Self::UnknownValue(value) => *value,
                    }
                }
            }
            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    write!(f, "{}", self.value())
                }
            }
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.value())
                }
            }
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    Ok(match <i64 as serde::Deserialize>::deserialize(deserializer)? {
                        #(#numbers => Self::#variants,)*
                        other => Self::UnknownValue(other),
                    })
                }
            }
        };
    }
    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    // The value table is written once, in `as_str`; `FromStr` and `Deserialize` look a value
    // up among `KNOWN` through it (a string match per impl cost type and borrow checking
    // three times per value).
    quote! {
        #doc
        #[non_exhaustive]
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the spec does not know, kept as received.
            UnknownValue(String),
        }
        /// Every known value, for `FromStr` and `Deserialize`.
        const KNOWN: &[#name] = &[#(#name::#variants),*];
        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::UnknownValue(value) => value,
                }
            }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(crate::datadog::known_value(KNOWN, Self::as_str, value)
                    .unwrap_or_else(|| Self::UnknownValue(value.to_string())))
            }
        }
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::datadog::read_enum(deserializer, KNOWN, Self::as_str, Self::UnknownValue)
            }
        }
    }
}

fn one_of_tokens(
    def: &TypeDef,
    variants: &[Variant],
    discriminator: Option<&str>,
    types: &[TypeDef],
) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let payload = |v: &Variant| {
        let ty = type_tokens(&v.ty, &quote! {});
        if matches!(v.ty, TypeRef::Named(_)) {
            quote! { Box<#ty> }
        } else {
            ty
        }
    };
    let wrap = |v: &Variant, value: TokenStream| {
        let variant = ident(&v.name);
        if matches!(v.ty, TypeRef::Named(_)) {
            quote! { Self::#variant(Box::new(#value)) }
        } else {
            quote! { Self::#variant(#value) }
        }
    };
    let declarations = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = payload(v);
        let doc = match (discriminator, &v.tag) {
            (Some(property), Some(tag)) => {
                let text = format!(" Selected by `\"{property}\": \"{tag}\"`.");
                quote! { #[doc = #text] }
            }
            _ => quote! {},
        };
        quote! { #doc #variant(#ty), }
    });
    let body = match discriminator {
        // Keep the item's bytes, read the discriminator from them, and decode the variant
        // straight from them: no serde_json::Value tree is built.
        Some(property) => {
            let arms = variants.iter().filter_map(|v| {
                let tag = v.tag.as_ref()?;
                let built = wrap(
                    v,
                    quote! { serde_json::from_str(raw.get()).map_err(serde::de::Error::custom)? },
                );
                Some(quote! { Some(#tag) => #built, })
            });
            quote! {
                let raw = <Box<serde_json::value::RawValue> as serde::Deserialize>::deserialize(deserializer)?;
                let tag = crate::datadog::discriminator_of(&raw, #property).map_err(serde::de::Error::custom)?;
                Ok(match tag.as_deref() {
                    #(#arms)*
                    _ => Self::UnparsedObject(serde_json::from_str(raw.get()).map_err(serde::de::Error::custom)?),
                })
            }
        }
        None => {
            // Object variants are tried best fitting first (all their required properties
            // present, then the most properties they declare), so that a lenient struct that
            // happens to come first does not swallow every object; other variants in order.
            let struct_fields = |v: &Variant| {
                let TypeRef::Named(name) = &v.ty else {
                    return None;
                };
                match &types.iter().find(|t| &t.name == name)?.kind {
                    TypeKind::Struct { fields } => Some(fields),
                    _ => None,
                }
            };
            let attempt = |v: &Variant| {
                let ty = type_tokens(&v.ty, &quote! {});
                let built = wrap(v, quote! { parsed });
                quote! {
                    if let Ok(parsed) = <#ty as serde::Deserialize>::deserialize(&value) {
                        return Ok(#built);
                    }
                }
            };
            let objects: Vec<(usize, &Variant, &Vec<Field>)> = variants
                .iter()
                .filter_map(|v| struct_fields(v).map(|fields| (v, fields)))
                .enumerate()
                .map(|(i, (v, fields))| (i, v, fields))
                .collect();
            let fit = |fields: &[Field]| {
                let required = fields
                    .iter()
                    .filter(|f| f.presence.is_required())
                    .map(|f| f.wire.as_str());
                let known = fields.iter().map(|f| f.wire.as_str());
                quote! { crate::datadog::object_fit(&value, &[#(#required),*], &[#(#known),*]) }
            };
            let by_fit = if objects.is_empty() {
                quote! {}
            } else if let [(_, v, fields)] = objects.as_slice() {
                let fit = fit(fields);
                let attempt = attempt(v);
                quote! {
                    if #fit.is_some() {
                        #attempt
                    }
                }
            } else {
                let fits = objects.iter().map(|(i, _, fields)| {
                    let i = Literal::usize_unsuffixed(*i);
                    let fit = fit(fields);
                    quote! { (#fit, #i) }
                });
                let arms = objects.iter().map(|(i, v, _)| {
                    let i = Literal::usize_unsuffixed(*i);
                    let attempt = attempt(v);
                    quote! { #i => { #attempt } }
                });
                quote! {
                    let mut order = [#(#fits),*];
                    order.sort_by_key(|&(fit, index)| (std::cmp::Reverse(fit), index));
                    for (fit, index) in order {
                        if fit.is_none() {
                            continue;
                        }
                        match index {
                            #(#arms)*
                            _ => {}
                        }
                    }
                }
            };
            let others = variants
                .iter()
                .filter(|v| struct_fields(v).is_none())
                .map(attempt);
            quote! {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #by_fit
                #(#others)*
                Ok(Self::UnparsedObject(value))
            }
        }
    };
    let blank = if def.doc.is_some() {
        quote! { #[doc = ""] }
    } else {
        quote! {}
    };
    let how = match discriminator {
        Some(p) => format!(" Decoded by its `{p}` property; a value no variant matches is kept as `UnparsedObject`."),
        None => " Decoded as the variant that fits best (objects: every required property present, then the most declared ones); a value none matches is kept as `UnparsedObject`.".to_string(),
    };
    quote! {
        #doc
        #blank
        #[doc = #how]
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#declarations)*
            /// A value of a kind this version of the spec does not know, kept as received.
            UnparsedObject(serde_json::Value),
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                #body
            }
        }
    }
}
