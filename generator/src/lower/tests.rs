//! Unit tests of lowering on small documents.

use super::*;
use crate::load;

/// Lowers a document whose `GET /things` answers with `Thing`; `components` holds the
/// schemas (indented as under `components:`).
fn lower_things(components: &str) -> VersionIr {
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: ListThings\n      tags: [Things]\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json; charset=utf-8:\n              schema:\n                $ref: '#/components/schemas/Thing'\ncomponents:\n  schemas:\n{components}"
    );
    lower_yaml(&yaml).unwrap().versions.remove(0)
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

/// A one-member allOf is typed as its member and recorded so (`AllOf::Sole`, what `diff`
/// follows), with its own `nullable`; two members are merged.
#[test]
fn a_one_member_all_of_is_recorded_as_the_member_it_is_typed_as() {
    let version = lower_things(
        "    Base:\n      type: object\n      properties:\n        name:\n          type: string\n    Thing:\n      type: object\n      properties:\n        one:\n          nullable: true\n          allOf:\n          - $ref: '#/components/schemas/Base'\n        two:\n          allOf:\n          - $ref: '#/components/schemas/Base'\n          - type: object\n            properties:\n              size:\n                type: integer\n",
    );
    let one = field(&version, "Thing", "one");
    assert_eq!(one.ty, TypeRef::Named("Base".into()));
    assert!(one.presence.is_nullable());
    assert!(matches!(
        kind(&version, "ThingTwo"),
        TypeKind::Struct { .. }
    ));

    let thing = version.schemas.iter().find(|s| s.name == "Thing").unwrap();
    let SchemaUse::Inline(thing) = &thing.schema else {
        panic!("Thing is written in place")
    };
    let property = |wire: &str| match &thing
        .properties
        .iter()
        .find(|p| p.name == wire)
        .unwrap()
        .schema
    {
        SchemaUse::Inline(node) => node.clone(),
        SchemaUse::Ref { .. } => panic!("{wire} is written in place"),
    };
    let one = property("one");
    assert!(one.nullable);
    assert!(matches!(
        &one.all_of,
        AllOf::Sole(member) if member.reference() == Some("Base")
    ));
    assert_eq!(one.all_of_members().len(), 1);
    let two = property("two");
    assert!(two.sole_all_of().is_none());
    assert!(matches!(&two.all_of, AllOf::Members(members) if members.len() == 2));
    let merged: Vec<&str> = two.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(merged, ["name", "size"]);
}

/// An `allOf` beside properties of its own (`type: object`, `properties`, `required`): one
/// struct of both, the `required` beside applying to inherited properties too; the wire facts
/// merge them alike.
#[test]
fn an_all_of_beside_properties_merges_both() {
    let version = lower_things(
        "    Base:\n      type: object\n      properties:\n        name:\n          type: string\n    Thing:\n      type: object\n      required: [name]\n      properties:\n        size:\n          type: integer\n      allOf:\n      - $ref: '#/components/schemas/Base'\n",
    );
    assert!(field(&version, "Thing", "name").presence.is_required());
    assert!(!field(&version, "Thing", "size").presence.is_required());
    let thing = version.schemas.iter().find(|s| s.name == "Thing").unwrap();
    let SchemaUse::Inline(thing) = &thing.schema else {
        panic!("Thing is written in place")
    };
    let merged: Vec<(&str, bool)> = thing
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.required))
        .collect();
    assert_eq!(merged, [("name", true), ("size", false)]);
    assert_eq!(thing.all_of_members().len(), 1);
    assert!(thing.sole_all_of().is_none());
}

/// The description of a tag that says only its name (Datadog's `Auto-generated tag <name>`,
/// or the name again) is left out in lowering: emit writes what the IR keeps.
#[test]
fn a_tag_description_that_says_nothing_more_is_left_out() {
    let api_doc = |description: &str| {
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\ntags:\n- name: Things\n  description: '{description}'\npaths:\n  /things:\n    get:\n      operationId: ListThings\n      tags: [Things]\n      responses:\n        '204':\n          description: OK\n"
        );
        lower_yaml(&yaml).unwrap().versions[0].apis[0].doc.clone()
    };
    assert_eq!(api_doc("Auto-generated tag Things"), None);
    assert_eq!(api_doc(" Things "), None);
    assert_eq!(api_doc("Manage things."), Some("Manage things.".into()));
}

#[test]
fn binary_strings_are_bytes() {
    // Raw octets (OpenAPI's `format: binary`): the files of multipart forms, binary bodies.
    let version = lower_things(
        "    Thing:\n      type: object\n      properties:\n        data:\n          type: string\n          format: binary\n",
    );
    assert_eq!(field(&version, "Thing", "data").ty, TypeRef::Bytes);
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

/// The error of lowering a document like `lower_things`'s.
fn lower_error(components: &str) -> crate::error::GenError {
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: ListThings\n      tags: [Things]\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Thing'\ncomponents:\n  schemas:\n{components}"
    );
    lower_yaml(&yaml).expect_err("the document is refused")
}

#[test]
fn an_array_or_a_map_of_itself_is_refused_where_it_is() {
    let err = lower_error(
        "    Thing:\n      type: array\n      items:\n        $ref: '#/components/schemas/Thing'\n",
    );
    assert_eq!(err.location, "x.yaml#/components/schemas/Thing");
    assert!(err.message.contains("array or a map of itself"), "{err}");
    // Through another alias, and as a map.
    let err = lower_error(
        "    Thing:\n      $ref: '#/components/schemas/Things'\n    Things:\n      type: object\n      additionalProperties:\n        $ref: '#/components/schemas/Thing'\n",
    );
    assert!(err.message.contains("array or a map of itself"), "{err}");
    // An array of a struct that holds the array is fine (the struct breaks the cycle).
    let version = lower_things(
        "    Thing:\n      type: array\n      items:\n        $ref: '#/components/schemas/Node'\n    Node:\n      type: object\n      properties:\n        children:\n          $ref: '#/components/schemas/Thing'\n",
    );
    assert!(matches!(kind(&version, "Thing"), TypeKind::Alias(_)));
}

#[test]
fn model_files_of_names_alike_are_distinct_and_short() {
    let long = "Long".repeat(80);
    let version = lower_things(&format!(
        "    Thing:\n      type: object\n      properties:\n        a:\n          $ref: '#/components/schemas/AWSAccountID'\n        b:\n          $ref: '#/components/schemas/AwsAccountId'\n        c:\n          $ref: '#/components/schemas/{long}'\n    AWSAccountID:\n      type: string\n    AwsAccountId:\n      type: string\n    {long}:\n      type: string\n"
    ));
    let module = |name: &str| {
        version
            .types
            .iter()
            .find(|t| t.name == name)
            .unwrap()
            .module
            .clone()
    };
    assert_eq!(module("AWSAccountID"), "model_aws_account_id");
    assert_eq!(module("AwsAccountId"), "model_aws_account_id2");
    assert!(module(&long).len() <= naming::MAX_FILE_STEM);
}

#[test]
fn a_method_form_never_takes_another_operation_s_method() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: GetThing\n      tags: [Things]\n      responses:\n        '204':\n          description: OK\n  /b:\n    get:\n      operationId: GetThingWithHttpInfo\n      tags: [Things]\n      responses:\n        '204':\n          description: OK\n";
    let ir = lower_yaml(yaml).unwrap();
    let ops = &ir.versions[0].apis[0].operations;
    let names: Vec<(&str, &str)> = ops
        .iter()
        .map(|o| (o.method_name.as_str(), o.with_http_info_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("get_thing", "get_thing_with_http_info2"),
            (
                "get_thing_with_http_info",
                "get_thing_with_http_info_with_http_info"
            ),
        ]
    );
}

/// An operation named like a method the API struct has (its constructors, `with_options`,
/// those of `Clone` and `Default`) gets another name.
#[test]
fn operations_named_like_the_api_struct_s_methods_get_other_names() {
    let paths: String = ["New", "WithOptions", "Clone", "Default"]
        .iter()
        .map(|id| format!("  /{id}:\n    get:\n      operationId: {id}\n      tags: [Things]\n      responses:\n        '204':\n          description: OK\n"))
        .collect();
    let yaml = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
    let ir = lower_yaml(&yaml).unwrap();
    let mut names: Vec<&str> = ir.versions[0].apis[0]
        .operations
        .iter()
        .map(|o| o.method_name.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["clone2", "default2", "new2", "with_options2"]);
}

/// A parameter named like a method `XxxOptionalParams` derives gets another setter.
#[test]
fn parameters_named_like_derived_methods_get_other_names() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: GetA\n      parameters:\n      - {in: query, name: default, schema: {type: string}}\n      - {in: query, name: clone, schema: {type: string}}\n      responses:\n        '204':\n          description: OK\n";
    let ir = lower_yaml(yaml).unwrap();
    let op = &ir.versions[0].apis[0].operations[0];
    let mut names: Vec<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["clone2", "default2"]);
}

#[test]
fn a_tag_named_default_does_not_take_cargo_s_default_feature() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: GetA\n      responses:\n        '204':\n          description: OK\n  /b:\n    get:\n      tags: [default]\n      responses:\n        '204':\n          description: OK\n";
    let ir = lower_yaml(yaml).unwrap();
    assert_eq!(ir.features, ["default-api"]);
    let api = &ir.versions[0].apis[0];
    assert_eq!(api.struct_name, "DefaultAPI");
    let ids: Vec<String> = api.operations.iter().map(|o| o.id.to_string()).collect();
    assert_eq!(ids, ["v1.GetA", "v1.GetB"]);
}

/// A tag named like one of the crate's own features (TLS, tracing, mocks) gets another name,
/// and the list of those features is the runtime's.
#[test]
fn tags_named_like_the_crate_s_features_get_other_names() {
    let runtime: toml_edit::DocumentMut = include_str!("../../runtime/Cargo.toml").parse().unwrap();
    let mut features: Vec<&str> = runtime["features"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(name, _)| name)
        .collect();
    features.sort_unstable();
    let mut listed = super::names::CRATE_FEATURES.to_vec();
    listed.sort_unstable();
    assert_eq!(
        features, listed,
        "CRATE_FEATURES follows generator/runtime/Cargo.toml"
    );
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      tags: [Tracing]\n      operationId: GetA\n      responses:\n        '204':\n          description: OK\n  /b:\n    get:\n      tags: [Native TLS]\n      operationId: GetB\n      responses:\n        '204':\n          description: OK\n";
    let ir = lower_yaml(yaml).unwrap();
    for feature in &ir.features {
        assert!(!listed.contains(&feature.as_str()), "{:?}", ir.features);
    }
    assert_eq!(ir.features.len(), 2, "{:?}", ir.features);
}

#[test]
fn path_templates_parse_once() {
    let path = PathTemplate::parse("/users/{user_id}/teams/{team}").unwrap();
    assert_eq!(path.params().collect::<Vec<_>>(), ["user_id", "team"]);
    assert_eq!(path.position("team"), Some(1));
    assert_eq!(path.shape(), "/users/{}/teams/{}");
    assert_eq!(path.to_string(), "/users/{user_id}/teams/{team}");
    for bad in ["/users/{id", "/users/id}", "/users/{}", "/a/{b{c}}"] {
        assert!(PathTemplate::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn version_folders_alike_get_distinct_modules() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: GetA\n      responses:\n        '204':\n          description: OK\n";
    let versions = ["v1", "V1", "verify"]
        .into_iter()
        .map(|name| {
            let file = load::parse_str("x.yaml", yaml).unwrap();
            load::merge(name.into(), vec![file]).unwrap()
        })
        .collect();
    let ir = lower(&SpecSet {
        versions,
        examples: Vec::new(),
    })
    .unwrap();
    let modules: Vec<&str> = ir.versions.iter().map(|v| v.module.as_str()).collect();
    assert_eq!(modules, ["datadogV1", "datadogV1_2", "datadogVerify"]);
    // Their accessors on `MockServer`, beside its own `verify`.
    let accessors: Vec<&str> = ir
        .versions
        .iter()
        .map(|v| v.mock_accessor.as_str())
        .collect();
    assert_eq!(accessors, ["v1", "v1_2", "verify2"]);
}

/// `MOCK_SERVER_METHODS` is what `MockServer` has: the inherent methods of the runtime's
/// (generator/runtime/src/mock.rs) and the `start` of the generated `spec_info.rs`.
#[test]
fn the_reserved_mock_server_methods_are_the_runtime_s() {
    let file = syn::parse_file(include_str!("../../runtime/src/mock.rs")).unwrap();
    let mut methods: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) if block.trait_.is_none() => Some(block),
            _ => None,
        })
        .filter(
            |block| matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("MockServer")),
        )
        .flat_map(|block| &block.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    methods.push("start".into());
    methods.sort_unstable();
    assert_eq!(methods, super::names::MOCK_SERVER_METHODS);
}

/// `API_STRUCT_METHODS` holds every method of a generated API struct that is not an
/// operation's: its own (emit/apis.rs), and `clone` and `default` of the traits it has.
#[test]
fn the_reserved_api_struct_methods_are_those_emit_writes() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: GetA\n      tags: [Things]\n      responses:\n        '204':\n          description: OK\n";
    let file = load::parse_str("x.yaml", yaml).unwrap();
    let set = SpecSet {
        versions: vec![load::merge("v1".into(), vec![file]).unwrap()],
        examples: Vec::new(),
    };
    let files = crate::generate_from(&set).unwrap();
    let api = syn::parse_file(&files["src/datadogV1/api_things.rs"]).unwrap();
    let mut methods = Vec::new();
    for item in &api.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        if !matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("ThingsAPI")) {
            continue;
        }
        match &block.trait_ {
            Some((_, path, _)) => methods.push(path.segments.last().unwrap().ident.to_string()),
            None => methods.extend(block.items.iter().filter_map(|item| match item {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })),
        }
    }
    let derives = api.items.iter().any(|item| {
        matches!(item, syn::Item::Struct(s) if s.ident == "ThingsAPI"
            && s.attrs.iter().any(|a| quote::quote!(#a).to_string().contains("Clone")))
    });
    assert!(derives, "ThingsAPI derives Clone");
    let mut own: Vec<String> = methods
        .into_iter()
        .map(|name| match name.as_str() {
            "Default" => "default".to_string(),
            _ => name,
        })
        .filter(|name| !name.starts_with("get_a"))
        .collect();
    own.push("clone".into());
    own.sort_unstable();
    let mut reserved = super::names::API_STRUCT_METHODS.to_vec();
    reserved.sort_unstable();
    assert_eq!(own, reserved);
}

/// The mocks of tags whose names fold to one (`type` and `type_`): distinct stub structs and
/// accessors on `Mocks`, as their API structs and modules are.
#[test]
fn the_mocks_of_tags_alike_get_distinct_names() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      tags: [type]\n      operationId: GetA\n      responses:\n        '204':\n          description: OK\n  /b:\n    get:\n      tags: [type_]\n      operationId: GetB\n      responses:\n        '204':\n          description: OK\n";
    let ir = lower_yaml(yaml).unwrap();
    let names: Vec<[&str; 4]> = ir.versions[0]
        .apis
        .iter()
        .map(|api| {
            [
                api.struct_name.as_str(),
                api.module.as_str(),
                api.mock_struct.as_str(),
                api.mock_accessor.as_str(),
            ]
        })
        .collect();
    assert_eq!(
        names,
        [
            ["TypeAPI", "api_type_", "TypeAPIMock", "type_"],
            ["TypeAPI2", "api_type_2", "TypeAPI2Mock", "type_2"],
        ]
    );
}

/// The whole Datadog API (`tests/datadog-openapi`, vendored test input): every schema lowered to
/// any JSON value says nothing of its values, as written in the spec (no type, structure or
/// format; `type: object` alone; an array without `items`), and none is refused. A typed
/// schema that became `serde_json::Value` again fails here, naming it.
#[test]
fn no_typed_schema_of_the_datadog_api_becomes_a_json_value() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/datadog-openapi");
    let set = load::load(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let lowered = lower(&set).unwrap();
    assert!(lowered.refused.is_empty(), "{:?}", lowered.refused);
    let mut seen = 0;
    for (version, ir) in set.versions.iter().zip(&lowered.versions) {
        let raw: BTreeMap<&str, serde_yaml::Value> = version
            .files
            .iter()
            .map(|f| (f.display.as_str(), serde_yaml::from_str(&f.text).unwrap()))
            .collect();
        for untyped in &ir.untyped {
            let node = written(&raw[untyped.at.file()], untyped.at.path())
                .unwrap_or_else(|| panic!("{}: no schema there", untyped.at));
            assert!(
                says_nothing(node, untyped.why),
                "{}: {:?} of {node:?}",
                untyped.at,
                untyped.why
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "the Datadog specs have free-form values");
}

/// The node at a JSON pointer's path.
fn written<'v>(root: &'v serde_yaml::Value, path: &str) -> Option<&'v serde_yaml::Value> {
    path.split('/').skip(1).try_fold(root, |node, segment| {
        let key = segment.replace("~1", "/").replace("~0", "~");
        match node {
            serde_yaml::Value::Sequence(items) => items.get(key.parse::<usize>().ok()?),
            _ => node.get(key.as_str()),
        }
    })
}

/// Whether a schema as written leaves its values free, as `why` says.
fn says_nothing(node: &serde_yaml::Value, why: UntypedWhy) -> bool {
    let has = |key: &str| node.get(key).is_some();
    let structure = [
        "properties",
        "items",
        "oneOf",
        "anyOf",
        "allOf",
        "enum",
        "$ref",
        "not",
    ];
    let free_values = match node.get("additionalProperties") {
        None => true,
        Some(serde_yaml::Value::Bool(_)) => true,
        // `additionalProperties: {}`: values of any kind.
        Some(schema) => schema.as_mapping().is_some_and(|m| m.is_empty()),
    };
    let untyped = !structure.iter().any(|key| has(key)) && !has("format");
    match why {
        UntypedWhy::Unconstrained => untyped && !has("type") && !has("additionalProperties"),
        UntypedWhy::FreeFormObject => {
            untyped && free_values && node.get("type").is_none_or(|t| t == "object")
        }
        UntypedWhy::ArrayWithoutItems => untyped && node.get("type").is_some_and(|t| t == "array"),
        UntypedWhy::Refused => false,
    }
}

#[test]
fn a_property_named_like_a_trait_method_of_the_struct_gets_a_number() {
    let version = lower_things(
        "    Thing:\n      type: object\n      properties:\n        default:\n          type: string\n        clone:\n          type: string\n        fmt:\n          type: string\n        name:\n          type: string\n",
    );
    assert_eq!(field(&version, "Thing", "default").name, "default2");
    assert_eq!(field(&version, "Thing", "clone").name, "clone2");
    assert_eq!(field(&version, "Thing", "fmt").name, "fmt2");
    assert_eq!(field(&version, "Thing", "name").name, "name");
}
