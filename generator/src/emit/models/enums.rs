//! A forward-compatible enum: its known values, and `UnknownValue` for any other.

use crate::emit::{doc_attrs, ident};
use crate::ir::{EnumValue, TypeDef};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// A string enum (its value table written once, in `as_str`), or an integer enum: the same
/// declaration (the known values, and `UnknownValue` for any other), then the impls of its kind.
pub fn enum_tokens(def: &TypeDef, values: &[EnumValue], integer: bool) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    let variant_docs = variant_docs(values);
    let variants: Vec<Ident> = values.iter().map(|v| ident(&v.variant)).collect();
    let (derives, unknown, impls) = if integer {
        (
            quote! { Clone, Copy, Debug, PartialEq, Eq, Hash },
            quote! {
                /// A value this version of the spec does not know.
                UnknownValue(i64)
            },
            integer_impls(&name, &variants, values),
        )
    } else {
        (
            quote! { Clone },
            quote! {
                /// A value this version of the spec does not know, kept as received.
                UnknownValue(String)
            },
            string_impls(&name, &variants, values),
        )
    };
    quote! {
        #doc
        #[non_exhaustive]
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(#derives)]
        pub enum #name {
            #(#variant_docs #variants,)*
            #unknown,
        }
        #impls
    }
}

/// The doc of each value: the value itself, as the spec writes it.
fn variant_docs(values: &[EnumValue]) -> Vec<TokenStream> {
    values
        .iter()
        .map(|v| {
            let text = if v.wire.is_empty() {
                " The empty string.".to_string()
            } else if v.wire.contains('`') {
                format!(" `` {} ``", v.wire)
            } else {
                format!(" `{}`", v.wire)
            };
            quote! { #[doc = #text] }
        })
        .collect()
}

/// An integer enum's impls: its values matched as numbers.
fn integer_impls(name: &Ident, variants: &[Ident], values: &[EnumValue]) -> TokenStream {
    // Lowering gives every member of an integer enum its number.
    let (numbered, numbers): (Vec<&Ident>, Vec<Literal>) = variants
        .iter()
        .zip(values)
        .filter_map(|(variant, v)| Some((variant, Literal::i64_unsuffixed(v.number?))))
        .unzip();
    quote! {
        impl #name {
            /// The value on the wire.
            #[inline]
            pub fn value(&self) -> i64 {
                match self {
                    #(Self::#numbered => #numbers,)*
                    Self::UnknownValue(value) => *value,
                }
            }
        }
        impl std::fmt::Display for #name {
            #[inline]
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
                    #(#numbers => Self::#numbered,)*
                    other => Self::UnknownValue(other),
                })
            }
        }
    }
}

/// A string enum's impls: the value table once, in `as_str`, and everything else through it.
fn string_impls(name: &Ident, variants: &[Ident], values: &[EnumValue]) -> TokenStream {
    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    // The value table is written once, in `as_str`; `FromStr` and `Deserialize` look a value
    // up among `KNOWN` through it (a string match per impl cost type and borrow checking
    // three times per value).
    quote! {
        // Equality, hashing and `Debug` go through the wire value: an `UnknownValue` equal to
        // a known value's is that value, and no impl repeats the variants.
        impl PartialEq for #name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }
        impl Eq for #name {}
        impl std::hash::Hash for #name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }
        impl std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(self.as_str(), f)
            }
        }
        /// Every known value, for `FromStr` and `Deserialize`.
        const KNOWN: &[#name] = &[#(#name::#variants),*];
        impl #name {
            /// The value on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::UnknownValue(value) => value,
                }
            }
        }
        impl std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            #[inline]
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
