//! Helpers for the generated `Deserialize` impls of the models.
//!
//! [`FieldKey`] reads an object key without allocating when the JSON key has no escape
//! sequences (the deserializer can then lend it from the input). [`ReadObject`] and
//! [`read_object`] hold the one object visitor every model struct decodes through, so that each
//! model only declares its own fields. [`read_value`], [`read_some`] and [`read_additional`]
//! read one field each, and [`ObjectWriter`] writes a struct's fields: the generated code is one
//! call per field, with no `?` or branch of its own, because every branch and `?` of emitted code
//! is type-checked and borrow-checked again for each of thousands of models.
//! [`known_value`] and [`read_enum`] let a string enum write its value table once (in its
//! `as_str`): its `FromStr` and `Deserialize` look values up through it. [`debug_json`] is the
//! `Debug` of every model: its JSON, so that no model carries a `Debug` body of its own.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

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

/// A model struct decoded from a JSON object, one field at a time, by [`read_object`].
pub trait ReadObject: Sized {
    /// The fields read so far: the struct itself when no field is required.
    type Partial: Default;
    /// The wire names of the declared fields: [`read_object`] finds a key among them and gives
    /// [`ReadObject::read_field`] its index, so that the generated
    /// code matches an integer instead of comparing strings arm by arm.
    const FIELDS: &'static [&'static str];

    /// Reads the value of the entry `key` into `partial`: `index` is the key's position in
    /// [`ReadObject::FIELDS`], or `FIELDS.len()` for a key the spec does not declare (which goes
    /// to the additional properties).
    fn read_field<'de, M: MapAccess<'de>>(
        partial: &mut Self::Partial,
        index: usize,
        key: FieldKey<'de>,
        map: &mut M,
    ) -> Result<(), M::Error>;

    /// The struct, or the wire name of the first required field that is missing.
    fn finish(partial: Self::Partial) -> Result<Self, &'static str>;
}

/// Decodes a [`ReadObject`] model: the `Deserialize` impl of every generated struct.
pub fn read_object<'de, T: ReadObject, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    /// The visitor, written once for every model.
    struct ObjectVisitor<T>(std::marker::PhantomData<T>);

    impl<'de, T: ReadObject> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(formatter, "an object {}", short_type_name::<T>())
        }

        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<T, M::Error> {
            let mut partial = T::Partial::default();
            while let Some(key) = map.next_key::<FieldKey<'de>>()? {
                let index = field_index(T::FIELDS, key.as_str());
                T::read_field(&mut partial, index, key, &mut map)?;
            }
            T::finish(partial).map_err(de::Error::missing_field)
        }
    }

    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// The name of `T` without its module path, for error messages (no model spells its own).
fn short_type_name<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    name.rsplit("::").next().unwrap_or(name)
}

/// The position of `key` among `fields`, or `fields.len()` when it is not one of them.
#[inline]
pub fn field_index(fields: &[&str], key: &str) -> usize {
    // A model has a few dozen fields at most: a scan that compares lengths first (as a `match`
    // on strings does) beats a binary search, whose every step compares bytes.
    fields
        .iter()
        .position(|field| field.len() == key.len() && *field == key)
        .unwrap_or(fields.len())
}

/// Reads the value of the current entry into `slot` (an optional field: a JSON null reads as
/// absent unless the field is nullable, whose slot is then `Option<Option<_>>`).
pub fn read_value<'de, T: Deserialize<'de>, M: MapAccess<'de>>(
    map: &mut M,
    slot: &mut T,
) -> Result<(), M::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Reads the value of the current entry as present: a required field, or a nullable one whose
/// explicit null is kept.
pub fn read_some<'de, T: Deserialize<'de>, M: MapAccess<'de>>(
    map: &mut M,
    slot: &mut Option<T>,
) -> Result<(), M::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Keeps an entry the spec does not declare among the additional properties.
pub fn read_additional<'de, M: MapAccess<'de>>(
    map: &mut M,
    key: FieldKey<'de>,
    additional: &mut BTreeMap<String, serde_json::Value>,
) -> Result<(), M::Error> {
    additional.insert(key.into_string(), map.next_value()?);
    Ok(())
}

/// Writes a model struct as a JSON object: its fields in order, then its additional
/// properties. The first error is kept and returned by [`ObjectWriter::end`]; the fields after
/// it are not written.
pub struct ObjectWriter<S: Serializer> {
    state: Result<S::SerializeMap, S::Error>,
}

impl<S: Serializer> ObjectWriter<S> {
    /// Starts the object.
    pub fn new(serializer: S) -> Self {
        Self {
            state: serializer.serialize_map(None),
        }
    }

    /// Writes a field that is always sent (`null` when a nullable one is `None`).
    #[inline]
    pub fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if let Ok(map) = &mut self.state {
            if let Err(error) = map.serialize_entry(key, value) {
                self.state = Err(error);
            }
        }
    }

    /// Writes an optional field when it is set.
    #[inline]
    pub fn optional<T: Serialize>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(key, value);
        }
    }

    /// Writes the additional properties and ends the object.
    pub fn end(
        mut self,
        additional: &BTreeMap<String, serde_json::Value>,
    ) -> Result<S::Ok, S::Error> {
        for (key, value) in additional {
            self.field(key, value);
        }
        self.state?.end()
    }
}

/// The known value of a string enum whose wire name is `value`, found among `known` (each of
/// its variants but `UnknownValue`) through `as_str`: the enum's `FromStr` and
/// `Deserialize`, so that its value table is written once, in `as_str`.
#[inline]
pub fn known_value<T: Clone>(known: &[T], as_str: fn(&T) -> &str, value: &str) -> Option<T> {
    known.iter().find(|known| as_str(known) == value).cloned()
}

/// Decodes a string enum: a known value through [`known_value`], any other string as
/// `unknown` (with no copy when the deserializer gives an owned string).
pub fn read_enum<'de, T: Clone, D: Deserializer<'de>>(
    deserializer: D,
    known: &[T],
    as_str: fn(&T) -> &str,
    unknown: fn(String) -> T,
) -> Result<T, D::Error> {
    let value = FieldKey::deserialize(deserializer)?;
    Ok(known_value(known, as_str, value.as_str()).unwrap_or_else(|| unknown(value.into_string())))
}

/// The `Debug` of a model: its type name and its JSON (pretty with `{:#?}`), the form it has on
/// the wire, with unset optional fields left out.
pub fn debug_json<T: Serialize + ?Sized>(
    value: &T,
    name: &str,
    formatter: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let json = if formatter.alternate() {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    match json {
        Ok(json) => write!(formatter, "{name} {json}"),
        Err(error) => write!(formatter, "{name} <not serializable: {error}>"),
    }
}
