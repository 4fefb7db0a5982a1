//! Unit tests of lowering on small documents.

use super::*;
use crate::load;

/// Lowers a document whose `GET /things` answers with `Thing`; `components` holds the
/// schemas (indented as under `components:`).
fn lower_things(components: &str) -> VersionIr {
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: ListThings\n      tags: [Things]\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json; charset=utf-8:\n              schema:\n                $ref: '#/components/schemas/Thing'\ncomponents:\n  schemas:\n{components}"
    );
    let file = load::parse_str("x.yaml", &yaml).unwrap();
    let version = load::merge("v1".into(), vec![file]).unwrap();
    let set = SpecSet {
        versions: vec![version],
        examples: Vec::new(),
    };
    lower(&set).unwrap().versions.remove(0)
}

fn kind<'a>(version: &'a VersionIr, name: &str) -> &'a TypeKind {
    &version
        .types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
        .kind
}

fn field<'a>(version: &'a VersionIr, ty: &str, wire: &str) -> &'a Field {
    let TypeKind::Struct { fields } = kind(version, ty) else {
        panic!("{ty} is not a struct")
    };
    fields.iter().find(|f| f.wire == wire).unwrap()
}

#[test]
fn an_inline_object_named_like_a_component_gets_a_number() {
    let version = lower_things(
        "    Thing:\n      type: object\n      properties:\n        summary:\n          type: object\n          properties:\n            lines:\n              type: integer\n    ThingSummary:\n      type: string\n",
    );
    let summary = field(&version, "Thing", "summary");
    assert_eq!(summary.ty, TypeRef::Named("ThingSummary2".into()));
    assert!(matches!(
        kind(&version, "ThingSummary2"),
        TypeKind::Struct { .. }
    ));
    assert!(matches!(
        kind(&version, "ThingSummary"),
        TypeKind::Alias(TypeRef::String)
    ));
}

#[test]
fn an_object_without_properties_is_a_map() {
    let version = lower_things(
        "    Thing:\n      type: object\n      additionalProperties:\n        type: string\n    Free:\n      type: object\n",
    );
    assert!(matches!(
        kind(&version, "Thing"),
        TypeKind::Alias(TypeRef::Map(value)) if **value == TypeRef::String
    ));
    assert!(matches!(
        kind(&version, "Free"),
        TypeKind::Alias(TypeRef::Map(value)) if **value == TypeRef::Value
    ));
}

#[test]
fn all_of_takes_required_from_a_member_without_properties() {
    let version = lower_things(
        "    Base:\n      type: object\n      properties:\n        name:\n          type: string\n    Thing:\n      allOf:\n      - $ref: '#/components/schemas/Base'\n      - required: [name]\n",
    );
    assert!(field(&version, "Thing", "name").presence.is_required());
}

#[test]
fn a_one_member_inline_all_of_is_the_member() {
    let version = lower_things(
        "    Thing:\n      description: The thing.\n      allOf:\n      - type: object\n        properties:\n          name:\n            type: string\n",
    );
    assert!(matches!(kind(&version, "Thing"), TypeKind::Struct { .. }));
    let thing = version.types.iter().find(|t| t.name == "Thing").unwrap();
    assert_eq!(thing.doc.as_deref(), Some("The thing."));
}

#[test]
fn binary_strings_are_strings_in_json() {
    let version = lower_things(
        "    Thing:\n      type: object\n      properties:\n        data:\n          type: string\n          format: binary\n",
    );
    assert_eq!(field(&version, "Thing", "data").ty, TypeRef::String);
}

#[test]
fn json_media_types_with_parameters_are_json() {
    assert!(is_json("application/json"));
    assert!(is_json("application/json; charset=utf-8"));
    assert!(is_json("application/vnd.api+json"));
    assert!(is_json("Application/JSON"));
    assert!(!is_json("text/json-ish"));
    assert!(!is_json("multipart/form-data"));
    let version = lower_things("    Thing:\n      type: string\n");
    let operation = &version.apis[0].operations[0];
    assert_eq!(operation.success, Some(TypeRef::Named("Thing".into())));
}

#[test]
fn properties_named_like_generated_methods_are_renamed() {
    let version = lower_things(
        "    Thing:\n      type: object\n      properties:\n        new:\n          type: string\n        additional_properties:\n          type: string\n",
    );
    assert_eq!(field(&version, "Thing", "new").name, "new2");
    assert_eq!(
        field(&version, "Thing", "additional_properties").name,
        "additional_properties2"
    );
}
