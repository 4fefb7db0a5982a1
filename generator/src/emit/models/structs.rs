//! A model struct: its declaration, `new` and setters, `Serialize`, `ReadObject` (its
//! `Deserialize`) and `Debug`.
//!
//! Every body here is type-checked and borrow-checked once per struct, thousands of times for
//! the whole Datadog API, so each is the smallest that does the job: one runtime call per field,
//! an integer `match` to read a field, a pattern match (no `?`) to check the required ones, and
//! `Debug` through the runtime's `debug_json`. Every function that is not generic and not small
//! enough for rustc to inline across crates on its own (a setter is) is `#[inline]`, so that
//! the crate itself codegens none of them: each is compiled where a user calls it.

use super::{field_doc, stored_type, value_type};
use crate::emit::{doc_attrs, ident, type_tokens};
use crate::ir::{Field, TypeDef};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// The struct and its impls.
pub fn struct_tokens(def: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let all_optional = fields.iter().all(|f| !f.presence.is_required());
    let derive_default = if all_optional {
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
    let new = new_fn(def, fields);
    let setters = fields
        .iter()
        .filter(|f| !f.presence.is_required())
        .map(setter);
    let serialize = struct_serialize(&name, fields);
    let deserialize = struct_deserialize(def, fields);
    let type_name = &def.name;
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Clone, #derive_default PartialEq)]
        pub struct #name {
            #(#declarations)*
            /// Properties the spec does not declare, kept so that a read-modify-write loses nothing.
            pub additional_properties: std::collections::BTreeMap<String, serde_json::Value>,
        }

        impl #name {
            #new

            #(#setters)*

            /// Sets the properties the spec does not declare.
            #[inline]
            pub fn additional_properties(mut self, value: std::collections::BTreeMap<String, serde_json::Value>) -> Self {
                self.additional_properties = value;
                self
            }
        }

        impl std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                crate::datadog::debug_json(self, #type_name, f)
            }
        }

        #serialize
        #deserialize
    }
}

/// `new`, from the required fields. A struct with none derives `Default`, and `new` is it.
fn new_fn(def: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&def.name);
    let doc = format!(" Creates a `{}` from its required fields.", def.name);
    let required: Vec<&Field> = fields.iter().filter(|f| f.presence.is_required()).collect();
    if required.is_empty() {
        return quote! {
            #[doc = #doc]
            #[inline]
            pub fn new() -> #name {
                <Self as Default>::default()
            }
        };
    }
    let args = required.iter().map(|f| {
        let field = ident(&f.name);
        let ty = type_tokens(&f.ty, &quote! {});
        let ty = if f.presence.is_nullable() {
            quote! { Option<#ty> }
        } else {
            ty
        };
        quote! { #field: #ty }
    });
    let inits = fields.iter().map(|f| {
        let field = ident(&f.name);
        match (f.presence.is_required(), f.boxed, f.presence.is_nullable()) {
            (false, _, _) => quote! { #field: None },
            (true, false, _) => quote! { #field },
            (true, true, false) => quote! { #field: Box::new(#field) },
            (true, true, true) => quote! { #field: #field.map(Box::new) },
        }
    });
    let too_many = if required.len() > 7 {
        quote! { #[allow(clippy::too_many_arguments)] }
    } else {
        quote! {}
    };
    quote! {
        #[doc = #doc]
        #too_many
        #[inline]
        pub fn new(#(#args),*) -> #name {
            #name {
                #(#inits,)*
                additional_properties: std::collections::BTreeMap::new(),
            }
        }
    }
}

/// The setter of an optional field.
fn setter(f: &Field) -> TokenStream {
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
}

/// The struct's `Serialize`: one runtime call per field (an optional one is left out when
/// unset), then the additional properties. Cheaper to compile than serde's derive, whose
/// `skip_serializing_if` and `flatten` emit a branch and a `?` per field.
fn struct_serialize(name: &Ident, fields: &[Field]) -> TokenStream {
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
/// runtime's one generic visitor, which finds a key among `FIELDS` and passes its
/// index. A struct with no required field reads into itself; one with required fields reads
/// into a `__Partial` of options first.
fn struct_deserialize(def: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&def.name);
    let wires = fields.iter().map(|f| &f.wire);
    let arms = fields.iter().enumerate().map(|(index, f)| {
        let field = ident(&f.name);
        let index = Literal::usize_unsuffixed(index);
        if f.presence.is_nullable() || f.presence.is_required() {
            quote! { #index => crate::datadog::read_some(map, &mut partial.#field), }
        } else {
            // A null where the spec says nothing of null reads as absent.
            quote! { #index => crate::datadog::read_value(map, &mut partial.#field), }
        }
    });
    let (partial_def, partial, finish) = if fields.iter().any(|f| f.presence.is_required()) {
        (
            partial_struct(fields),
            quote! { __Partial },
            finish_body(&name, fields),
        )
    } else {
        (quote! {}, quote! { Self }, quote! { Ok(partial) })
    };
    // Generic parameters have names no model can take (model names start with a letter),
    // since the field types are model names used unqualified.
    quote! {
        #partial_def
        impl crate::datadog::ReadObject for #name {
            type Partial = #partial;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];
            fn read_field<'de, __M: serde::de::MapAccess<'de>>(
                partial: &mut #partial,
                index: usize,
                key: crate::datadog::FieldKey<'de>,
                map: &mut __M,
            ) -> Result<(), __M::Error> {
                match index {
                    #(#arms)*
                    _ => crate::datadog::read_additional(map, key, &mut partial.additional_properties),
                }
            }
            #[inline]
            fn finish(partial: #partial) -> Result<Self, &'static str> {
                #finish
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                crate::datadog::read_object::<Self, __D>(deserializer)
            }
        }
    }
}

/// For a struct with required fields: the `__Partial` it is read into, every field an option.
fn partial_struct(fields: &[Field]) -> TokenStream {
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
    quote! {
        #[doc(hidden)]
        #[derive(Default)]
        pub struct __Partial {
            #(#slots)*
            additional_properties: std::collections::BTreeMap<String, serde_json::Value>,
        }
    }
}

/// `finish` for a struct with required fields: one match over the required slots, whose first
/// arm builds the struct and whose others each name a missing field, in declaration order.
fn finish_body(name: &Ident, fields: &[Field]) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.presence.is_required()).collect();
    let slots = required.iter().map(|f| {
        let field = ident(&f.name);
        quote! { partial.#field }
    });
    // Bound by position: a field may be named `partial` (field names never start with `__`).
    let bound = |position: usize| format_ident!("__required{}", position);
    let present = (0..required.len()).map(|position| {
        let value = bound(position);
        quote! { Some(#value) }
    });
    let missing = required.iter().enumerate().map(|(position, f)| {
        let wire = &f.wire;
        let patterns = (0..required.len()).map(|i| {
            if i == position {
                quote! { None }
            } else {
                quote! { _ }
            }
        });
        quote! { (#(#patterns,)*) => Err(#wire), }
    });
    let bound_of: std::collections::BTreeMap<&str, Ident> = required
        .iter()
        .enumerate()
        .map(|(position, f)| (f.name.as_str(), bound(position)))
        .collect();
    let inits = fields.iter().map(|f| {
        let field = ident(&f.name);
        match bound_of.get(f.name.as_str()) {
            Some(value) => quote! { #field: #value, },
            None => quote! { #field: partial.#field, },
        }
    });
    quote! {
        match (#(#slots,)*) {
            (#(#present,)*) => Ok(#name { #(#inits)* additional_properties: partial.additional_properties }),
            #(#missing)*
        }
    }
}
