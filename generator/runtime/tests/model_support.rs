//! FieldKey (borrowed keys when the deserializer lends them, owned otherwise), the helpers the
//! generated models read and write their fields with, and the oneOf helpers.

use std::collections::BTreeMap;

use datadog::{FieldKey, ObjectWriter, ReadObject};
use serde::de::{Deserialize, Deserializer, MapAccess};
use serde::ser::{Serialize, Serializer};
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

/// A model with additional properties, written the way the generated code writes one: a
/// required field, an optional one and an optional nullable one.
#[derive(PartialEq)]
struct Model {
    id: i64,
    name: Option<String>,
    note: Option<Option<String>>,
    additional_properties: BTreeMap<String, Value>,
}

#[derive(Default)]
struct ModelPartial {
    id: Option<i64>,
    name: Option<String>,
    note: Option<Option<String>>,
    additional_properties: BTreeMap<String, Value>,
}

impl ReadObject for Model {
    type Partial = ModelPartial;
    const FIELDS: &'static [&'static str] = &["id", "name", "note"];
    fn read_field<'de, M: MapAccess<'de>>(
        partial: &mut ModelPartial,
        index: usize,
        key: FieldKey<'de>,
        map: &mut M,
    ) -> Result<(), M::Error> {
        match index {
            0 => datadog::read_some(map, &mut partial.id),
            1 => datadog::read_value(map, &mut partial.name),
            2 => datadog::read_some(map, &mut partial.note),
            _ => datadog::read_additional(map, key, &mut partial.additional_properties),
        }
    }
    fn finish(partial: ModelPartial) -> Result<Self, &'static str> {
        match (partial.id,) {
            (Some(id),) => Ok(Model {
                id,
                name: partial.name,
                note: partial.note,
                additional_properties: partial.additional_properties,
            }),
            (None,) => Err("id"),
        }
    }
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        datadog::debug_json(self, "Model", f)
    }
}

impl<'de> Deserialize<'de> for Model {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        datadog::read_object(deserializer)
    }
}

impl Serialize for Model {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = ObjectWriter::new(serializer);
        object.field("id", &self.id);
        object.optional("name", &self.name);
        object.optional("note", &self.note);
        object.end(&self.additional_properties)
    }
}

fn model(name: Option<&str>, note: Option<Option<&str>>) -> Model {
    Model {
        id: 1,
        name: name.map(String::from),
        note: note.map(|note| note.map(String::from)),
        additional_properties: BTreeMap::new(),
    }
}

#[test]
fn an_optional_null_reads_as_absent_and_a_nullable_null_is_kept() {
    let read = |input| serde_json::from_str::<Model>(input).unwrap();
    assert_eq!(read(r#"{"id":1,"name":null}"#), model(None, None));
    assert_eq!(read(r#"{"id":1,"note":null}"#), model(None, Some(None)));
    assert_eq!(read(r#"{"id":1,"note":"x"}"#), model(None, Some(Some("x"))));
}

#[test]
fn a_missing_required_field_is_named() {
    let error = serde_json::from_str::<Model>(r#"{"name":"n"}"#).unwrap_err();
    assert_eq!(error.to_string(), "missing field `id` at line 1 column 12");
    let error = serde_json::from_str::<Model>("[1]").unwrap_err();
    assert!(error.to_string().contains("an object Model"), "{error}");
}

#[test]
fn written_fields_leave_out_unset_options_and_end_with_the_additional_properties() {
    let write = |model: &Model| serde_json::to_string(model).unwrap();
    assert_eq!(write(&model(None, None)), r#"{"id":1}"#);
    assert_eq!(
        write(&model(Some("n"), Some(None))),
        r#"{"id":1,"name":"n","note":null}"#
    );
    let mut extra = model(None, Some(Some("x")));
    extra
        .additional_properties
        .insert("zz".into(), Value::from(true));
    assert_eq!(write(&extra), r#"{"id":1,"note":"x","zz":true}"#);
    let read: Model = serde_json::from_str(&write(&extra)).unwrap();
    assert_eq!(read, extra);
}

#[test]
fn a_key_is_found_among_the_fields_or_is_past_them() {
    let fields = <Model as ReadObject>::FIELDS;
    assert_eq!(datadog::field_index(fields, "id"), 0);
    assert_eq!(datadog::field_index(fields, "note"), 2);
    assert_eq!(datadog::field_index(fields, "nam"), 3);
    assert_eq!(datadog::field_index(fields, ""), 3);
    assert_eq!(datadog::field_index(&[], "id"), 0);
}

#[test]
fn a_model_debugs_as_its_name_and_json() {
    let model = model(Some("n"), Some(None));
    assert_eq!(
        format!("{model:?}"),
        r#"Model {"id":1,"name":"n","note":null}"#
    );
    assert_eq!(
        format!("{model:#?}"),
        "Model {\n  \"id\": 1,\n  \"name\": \"n\",\n  \"note\": null\n}"
    );
    struct Debugged(Unwritable);
    impl std::fmt::Debug for Debugged {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            datadog::debug_json(&self.0, "Unwritable", f)
        }
    }
    assert_eq!(
        format!("{:?}", Debugged(Unwritable)),
        "Unwritable <not serializable: unwritable>"
    );
}

/// A value whose encoding fails.
struct Unwritable;

impl Serialize for Unwritable {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("unwritable"))
    }
}

#[test]
fn the_first_write_error_is_returned_and_nothing_after_it_is_written() {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::new(&mut out);
    let mut object = ObjectWriter::new(&mut serializer);
    object.field("a", &1);
    object.field("b", &Unwritable);
    object.field("c", &3);
    let error = object.end(&BTreeMap::new()).unwrap_err();
    assert_eq!(error.to_string(), "unwritable");
    assert_eq!(String::from_utf8(out).unwrap(), r#"{"a":1,"b":"#);
}

#[test]
fn generated_style_deserialize_from_str_slice_reader_and_value() {
    let input = r#"{"id":1,"name":"n","extra":1,"esc\"aped":[true]}"#;
    let expected = Model {
        id: 1,
        name: Some("n".into()),
        note: None,
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

/// A string enum written the way the generated code writes one: its value table in `as_str`
/// only, its known values in `KNOWN`.
#[derive(Clone, Debug, PartialEq)]
enum Shade {
    Light,
    Dark,
    UnknownValue(String),
}

const KNOWN: &[Shade] = &[Shade::Light, Shade::Dark];

impl Shade {
    fn as_str(&self) -> &str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
            Self::UnknownValue(value) => value,
        }
    }
}

impl<'de> Deserialize<'de> for Shade {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        datadog::read_enum(deserializer, KNOWN, Self::as_str, Self::UnknownValue)
    }
}

#[test]
fn enum_values_are_found_through_as_str_and_others_kept() {
    assert_eq!(
        datadog::known_value(KNOWN, Shade::as_str, "dark"),
        Some(Shade::Dark)
    );
    assert_eq!(datadog::known_value(KNOWN, Shade::as_str, "Dark"), None);
    let read = |input: &str| serde_json::from_str::<Shade>(input).unwrap();
    assert_eq!(read(r#""light""#), Shade::Light);
    assert_eq!(read(r#""dim""#), Shade::UnknownValue("dim".into()));
    // An escaped string is decoded before the lookup.
    assert_eq!(read(r#""d\u0061rk""#), Shade::Dark);
    assert!(serde_json::from_str::<Shade>("3").is_err());
}
