//! Models: a struct per object schema (with `new`, setters, unknown fields kept and a
//! Deserialize impl that reads straight from the JSON stream), forward-compatible enums, oneOf
//! enums and aliases.

mod enums;
mod one_of;
mod structs;

use super::{doc_attrs, ident, type_tokens};
use crate::ir::{Field, TypeDef, TypeKind, TypeRef};
use enums::enum_tokens;
use one_of::one_of_tokens;
use proc_macro2::TokenStream;
use quote::quote;
use structs::struct_tokens;

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

/// The doc of a field, with its read-only, write-only and deprecated notes.
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
