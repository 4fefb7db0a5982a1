//! FieldKey: borrowed keys when the deserializer lends them, owned otherwise.

use std::collections::BTreeMap;
use std::fmt;

use datadog::FieldKey;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

fn is_borrowed_from(key: &FieldKey<'_>, input: &str) -> bool {
    let range = input.as_bytes().as_ptr_range();
    range.contains(&key.as_str().as_ptr())
}

#[test]
fn plain_key_is_borrowed() {
    let input = r#""name""#;
    let key: FieldKey = serde_json::from_str(input).unwrap();
    assert_eq!(key.as_str(), "name");
    assert!(is_borrowed_from(&key, input));
    assert_eq!(key.into_string(), "name");
}

#[test]
fn escaped_key_is_owned() {
    let input = r#""na\u006de\n""#;
    let key: FieldKey = serde_json::from_str(input).unwrap();
    assert_eq!(key.as_str(), "name\n");
    assert!(!is_borrowed_from(&key, input));
}

#[test]
fn non_string_is_an_error() {
    assert!(serde_json::from_str::<FieldKey>("12").is_err());
}

/// A model with additional properties, deserialized the way the generated impls do it.
#[derive(Debug, PartialEq)]
struct Model {
    name: Option<String>,
    additional_properties: BTreeMap<String, Value>,
}

impl<'de> Deserialize<'de> for Model {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ModelVisitor;
        impl<'de> Visitor<'de> for ModelVisitor {
            type Value = Model;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Model object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Model, M::Error> {
                let mut name = None;
                let mut additional_properties = BTreeMap::new();
                while let Some(key) = map.next_key::<FieldKey>()? {
                    match key.as_str() {
                        "name" => name = map.next_value()?,
                        _ => {
                            additional_properties.insert(key.into_string(), map.next_value()?);
                        }
                    }
                }
                Ok(Model {
                    name,
                    additional_properties,
                })
            }
        }
        deserializer.deserialize_map(ModelVisitor)
    }
}

#[test]
fn generated_style_deserialize_from_str_slice_reader_and_value() {
    let input = r#"{"name":"n","extra":1,"esc\"aped":[true]}"#;
    let expected = Model {
        name: Some("n".into()),
        additional_properties: BTreeMap::from([
            ("extra".to_string(), Value::from(1)),
            ("esc\"aped".to_string(), Value::from(vec![true])),
        ]),
    };
    assert_eq!(serde_json::from_str::<Model>(input).unwrap(), expected);
    assert_eq!(
        serde_json::from_slice::<Model>(input.as_bytes()).unwrap(),
        expected
    );
    assert_eq!(
        serde_json::from_reader::<_, Model>(input.as_bytes()).unwrap(),
        expected
    );
    let value: Value = serde_json::from_str(input).unwrap();
    assert_eq!(
        serde_json::from_value::<Model>(value.clone()).unwrap(),
        expected
    );
    assert_eq!(Model::deserialize(&value).unwrap(), expected);
}

/// `discriminator_of` reads one top-level string property and nothing else.
#[test]
fn discriminator_is_read_from_the_top_level_only() {
    use datadog::discriminator_of;
    use serde_json::value::RawValue;

    let read = |json: &str| {
        let raw: Box<RawValue> = serde_json::from_str(json).unwrap();
        discriminator_of(&raw, "type").unwrap()
    };
    assert_eq!(
        read(r#"{"id": "1", "attributes": {"type": "nested"}, "type": "users"}"#).as_deref(),
        Some("users")
    );
    assert_eq!(read(r#"{"attributes": {"type": "nested"}}"#), None);
    assert_eq!(read(r#"{"type": 5}"#), None);
    assert_eq!(read(r#"["type", "users"]"#), None);
    assert_eq!(read(r#""users""#), None);
    assert_eq!(
        read(r#"{"ty\u0070e": "escaped key"}"#).as_deref(),
        Some("escaped key")
    );
}

/// `object_fit` ranks the object variants of a oneOf without discriminator.
#[test]
fn object_fit_requires_the_required_and_counts_the_known() {
    use datadog::object_fit;

    let value = serde_json::json!({"email": "a@b.c", "alternate": "d@e.f", "extra": 1});
    assert_eq!(
        object_fit(&value, &["email"], &["alternate", "email"]),
        Some(2)
    );
    assert_eq!(object_fit(&value, &[], &["phone"]), Some(0));
    assert_eq!(object_fit(&value, &["phone"], &["phone"]), None);
    assert_eq!(object_fit(&serde_json::json!([1]), &[], &[]), None);
}
