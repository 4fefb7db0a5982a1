//! A oneOf (or anyOf) enum: a variant per alternative, and `UnparsedObject` for a value none
//! of them reads.

use crate::emit::{doc_attrs, ident, type_tokens};
use crate::ir::{Field, TypeDef, TypeKind, TypeRef, Variant};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The enum and its `Deserialize`: by discriminator when there is one, by best fit otherwise.
pub fn one_of_tokens(
    def: &TypeDef,
    variants: &[Variant],
    discriminator: Option<&str>,
    types: &[TypeDef],
) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let doc = doc_attrs(def.doc.as_deref());
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
        Some(property) => by_discriminator(variants, property),
        None => by_fit(variants, types),
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
        #[derive(Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#declarations)*
            /// A value of a kind this version of the spec does not know, kept as received.
            UnparsedObject(serde_json::Value),
        }
        impl std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                crate::datadog::debug_json(self, #type_name, f)
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                #body
            }
        }
    }
}

/// A variant's payload type: boxed when it is a named type (a oneOf may be recursive).
fn payload(v: &Variant) -> TokenStream {
    let ty = type_tokens(&v.ty, &quote! {});
    if matches!(v.ty, TypeRef::Named(_)) {
        quote! { Box<#ty> }
    } else {
        ty
    }
}

/// `value` as the variant `v`, boxed as its payload is.
fn wrap(v: &Variant, value: TokenStream) -> TokenStream {
    let variant = ident(&v.name);
    if matches!(v.ty, TypeRef::Named(_)) {
        quote! { Self::#variant(Box::new(#value)) }
    } else {
        quote! { Self::#variant(#value) }
    }
}

/// The `Deserialize` body of a oneOf with a discriminator.
fn by_discriminator(variants: &[Variant], property: &str) -> TokenStream {
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

/// The `Deserialize` body of a oneOf without a discriminator.
fn by_fit(variants: &[Variant], types: &[TypeDef]) -> TokenStream {
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
