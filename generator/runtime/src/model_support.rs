//! Helpers for the generated `Deserialize` impls of the models.
//!
//! [`FieldKey`] reads an object key without allocating when the JSON key has no escape
//! sequences (the deserializer can then lend it from the input).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// An object key read by a `Deserialize` impl: borrowed from the input when the deserializer
/// can lend it, owned otherwise (for example when the key contains escape sequences, or when
/// reading from a reader).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldKey<'de>(Cow<'de, str>);

impl FieldKey<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string (no copy when it is already owned).
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for FieldKey<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Builds a `FieldKey` from whichever kind of string the deserializer gives.
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = FieldKey<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an object key")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(FieldKey(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(FieldKey(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(FieldKey(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// How well a JSON object fits an object schema, for a oneOf without discriminator: `None`
/// when `value` is not an object or lacks one of the `required` properties, otherwise how many
/// of its properties are among the `known` ones.
pub fn object_fit(value: &serde_json::Value, required: &[&str], known: &[&str]) -> Option<usize> {
    let object = value.as_object()?;
    if !required.iter().all(|name| object.contains_key(*name)) {
        return None;
    }
    Some(
        object
            .keys()
            .filter(|key| known.contains(&key.as_str()))
            .count(),
    )
}

/// The string value of `property` at the top level of the JSON object `raw`: what a oneOf
/// with a discriminator reads to pick its variant, without building a `serde_json::Value` of
/// the whole item. `None` when `raw` is not an object or has no string `property`.
pub fn discriminator_of(
    raw: &serde_json::value::RawValue,
    property: &str,
) -> Result<Option<String>, serde_json::Error> {
    /// Walks one JSON value, keeping only the wanted property of an object.
    struct Find<'p>(&'p str);

    impl<'de> Visitor<'de> for Find<'_> {
        type Value = Option<String>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a JSON value")
        }

        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            // Every entry must be read for the object to parse; only the wanted one is kept.
            while let Some(key) = map.next_key::<FieldKey<'de>>()? {
                if found.is_none() && key.as_str() == self.0 {
                    found = map
                        .next_value::<serde_json::Value>()?
                        .as_str()
                        .map(String::from);
                } else {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
            Ok(found)
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    deserializer.deserialize_any(Find(property))
}
