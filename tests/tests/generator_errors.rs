//! A spec the generator cannot turn into code gives an error that says where (the file and
//! line:column for YAML, the JSON pointer after parsing) and what; the generator never panics.
//!
//! Two kinds: a spec that cannot be read (YAML, not OpenAPI 3.0, files of a version that
//! disagree) is an error and nothing is generated (`structural_error`); a construct the
//! generator cannot represent refuses only the operation or schema that uses it, and the rest
//! still generates (`refusal`). The strict `generate_from` turns the first refusal into an
//! error; `cargo run` uses `generate_leaving_out` and prints each refusal as a warning.

use generator::error::GenError;
use generator::load;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Runs `run`, which must return an error (not panic, not succeed).
fn error_of<T>(what: &str, run: impl FnOnce() -> Result<T, GenError>) -> GenError {
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(Ok(_)) => panic!("{what}: generated without an error"),
        Ok(Err(err)) => err,
        Err(_) => panic!("{what}: the generator panicked"),
    }
}

/// Generates one file (`x.yaml`) as version `v1`, leaving out what it refuses.
fn generate_leaving_out(yaml: &str) -> Result<generator::Generated, GenError> {
    let file = load::parse_str("x.yaml", yaml)?;
    let version = load::merge("v1".into(), vec![file])?;
    generator::generate_leaving_out(&load::SpecSet {
        versions: vec![version],
        examples: Vec::new(),
    })
}

/// The error of a spec that cannot be read at all: nothing is generated.
fn structural_error(yaml: &str) -> GenError {
    error_of(yaml, || generate_leaving_out(yaml))
}

/// The first refusal of a spec that still generates: the crate's files are there.
fn refusal(yaml: &str) -> GenError {
    let generated = match catch_unwind(AssertUnwindSafe(|| generate_leaving_out(yaml))) {
        Ok(Ok(generated)) => generated,
        Ok(Err(err)) => panic!("{yaml}: refused as a whole ({err}), not only the construct"),
        Err(_) => panic!("{yaml}: the generator panicked"),
    };
    assert!(generated.files.contains_key("src/lib.rs"), "{yaml}");
    generated
        .refused
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{yaml}: generated without a refusal"))
}

/// A valid document with `paths` and `components` (YAML, indented as top-level keys).
fn document(paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\nservers:\n- url: https://api.example.com\npaths:\n{paths}\ncomponents:\n{components}\n"
    )
}

/// `GET /things` (tag Things) with the given operation keys, answering 200 with a `Thing`.
fn get_things(operation: &str) -> String {
    format!(
        "  /things:\n    get:\n      tags: [Things]\n{operation}      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Thing'\n"
    )
}

const THING: &str = "  schemas:\n    Thing:\n      type: object\n      properties:\n        name:\n          type: string\n";

fn assert_message(err: &GenError, location: &str, words: &[&str]) {
    assert_eq!(err.location, location, "{err}");
    for word in words {
        assert!(
            err.message.contains(word),
            "{err:?} should mention {word:?}"
        );
    }
    // Displayed as `location: message`, on one line.
    assert_eq!(
        err.to_string(),
        format!("{}: {}", err.location, err.message)
    );
}

#[test]
fn the_documents_used_here_are_valid() {
    let yaml = document(&get_things("      operationId: ListThings\n"), THING);
    let file = load::parse_str("x.yaml", &yaml).unwrap();
    let version = load::merge("v1".into(), vec![file]).unwrap();
    let files = generator::generate_from(&load::SpecSet {
        versions: vec![version],
        examples: Vec::new(),
    })
    .unwrap();
    assert!(files.contains_key("src/datadogV1/api_things.rs"));
}

#[test]
fn invalid_yaml_names_the_file_line_and_column() {
    // The quote is not closed.
    let err = structural_error("openapi: 3.0.3\ninfo:\n  title: 't\n  version: '1'\npaths: {}\n");
    let (file, position) = err.location.split_once(':').expect("file:line:column");
    assert_eq!(file, "x.yaml", "{err}");
    let (line, column) = position.split_once(':').expect("line:column");
    let line: usize = line
        .parse()
        .unwrap_or_else(|_| panic!("a line number in {err}"));
    let _: usize = column
        .parse()
        .unwrap_or_else(|_| panic!("a column in {err}"));
    assert!((3..=5).contains(&line), "{err}");
    assert!(!err.message.is_empty());
}

#[test]
fn a_document_that_is_not_openapi_names_the_position() {
    // Valid YAML, but `responses` must be a map.
    let err = structural_error("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n");
    assert!(err.location.starts_with("x.yaml:"), "{err}");
}

#[test]
fn a_ref_that_does_not_resolve_names_the_pointer() {
    let components = "  schemas:\n    Thing:\n      type: object\n      properties:\n        owner:\n          $ref: '#/components/schemas/Owner'\n";
    let err = refusal(&document(
        &get_things("      operationId: ListThings\n"),
        components,
    ));
    assert_message(
        &err,
        "x.yaml#/components/schemas/Thing/properties/owner",
        &["#/components/schemas/Owner", "does not resolve"],
    );
}

#[test]
fn a_parameter_ref_that_does_not_resolve_names_the_pointer() {
    let operation = "      operationId: ListThings\n      parameters:\n      - $ref: '#/components/parameters/PageSize'\n";
    let err = refusal(&document(&get_things(operation), THING));
    assert_message(
        &err,
        "x.yaml#/paths/~1things/get/parameters/0",
        &["#/components/parameters/PageSize", "does not resolve"],
    );
}

#[test]
fn a_ref_to_a_file_not_in_the_folder_is_refused_at_the_ref() {
    let components = "  schemas:\n    Thing:\n      $ref: 'other.yaml#/components/schemas/Thing'\n";
    let err = structural_error(&document(
        &get_things("      operationId: ListThings\n"),
        components,
    ));
    assert_message(
        &err,
        "x.yaml:23:7",
        &["#/components/schemas/Thing/$ref", "no file `other.yaml`"],
    );
}

/// Writes the files of version `v1` of a spec folder named `name` and generates it.
fn generate_folder(name: &str, files: &[(&str, String)]) -> Result<usize, GenError> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("v1")).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join("v1").join(file), text).unwrap();
    }
    generator::generate(&dir).map(|files| files.len())
}

/// A schema defined once, in another file of the version, used through a cross-file `$ref`.
#[test]
fn a_schema_of_another_file_is_used_through_a_cross_file_ref() {
    let owner = document(&get_things("      operationId: ListThings\n"), THING);
    let user = document(
        &get_things("      operationId: ListOtherThings\n")
            .replace("/things", "/other-things")
            .replace(
                "'#/components/schemas/Thing'",
                "'a.yaml#/components/schemas/Thing'",
            ),
        "  schemas: {}\n",
    );
    let generated = generate_folder("cross-file-ref", &[("a.yaml", owner), ("b.yaml", user)]);
    assert!(generated.is_ok(), "{:?}", generated.err());
    let misspelt = document(
        &get_things("      operationId: ListOtherThings\n")
            .replace("/things", "/other-things")
            .replace(
                "'#/components/schemas/Thing'",
                "'a.yaml#/components/schemas/Thng'",
            ),
        "  schemas: {}\n",
    );
    let owner = document(&get_things("      operationId: ListThings\n"), THING);
    let err = generate_folder(
        "cross-file-typo",
        &[("a.yaml", owner), ("b.yaml", misspelt)],
    )
    .unwrap_err();
    assert!(err.location.ends_with("v1/b.yaml:18:17"), "{err}");
    assert!(
        err.message
            .contains("a.yaml defines no `components/schemas/Thng` (did you mean `Thing`?)"),
        "{err}"
    );
}

/// The error of the one-operation document whose `Thing` schema has `from` replaced by `to`.
fn thing_error(from: &str, to: &str) -> GenError {
    let thing = THING.replace(from, to);
    structural_error(&document(
        &get_things("      operationId: ListThings\n"),
        &thing,
    ))
}

/// Strict validation: typos are refused with file, line:column, pointer and a near name.
#[test]
fn a_misspelt_keyword_is_refused_with_a_suggestion() {
    let err = thing_error("type: string", "type: string\n          formt: date-time");
    assert_message(
        &err,
        "x.yaml:27:11",
        &[
            "#/components/schemas/Thing/properties/name/formt",
            "unknown keyword `formt` (did you mean `format`?)",
        ],
    );
}

#[test]
fn an_unknown_type_is_refused_with_a_suggestion() {
    let err = thing_error("type: string", "type: strng");
    assert_message(
        &err,
        "x.yaml:26:11",
        &[
            "#/components/schemas/Thing/properties/name/type",
            "\"strng\" is not one of",
            "(did you mean `string`?)",
        ],
    );
}

#[test]
fn a_value_of_the_wrong_type_is_refused_where_it_is() {
    let err = thing_error("type: string", "type: string\n          nullable: 3");
    assert_message(
        &err,
        "x.yaml:27:11",
        &[
            "#/components/schemas/Thing/properties/name/nullable",
            "is not of type \"boolean\"",
        ],
    );
}

#[test]
fn extensions_are_allowed_and_unknown_formats_only_warned_about() {
    let thing = THING.replace(
        "type: string",
        "type: string\n          format: scalar\n          x-anything: {a: 1}",
    );
    let yaml = document(&get_things("      operationId: ListThings\n"), &thing);
    let file = load::parse_str("x.yaml", &yaml).expect("extensions and formats are allowed");
    let warnings: Vec<String> = file.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("x.yaml:27:11: #/components/schemas/Thing/properties/name/format")
            && warnings[0].contains("unknown format `scalar`"),
        "{warnings:?}"
    );
}

/// Every problem of a file is reported in one run, each on its own line with its position.
#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let thing = THING.replacen("type: string", "type: strng", 1).replacen(
        "type: object",
        "type: object\n      formt: x",
        1,
    );
    let err = structural_error(&document(
        &get_things("      operationId: ListThings\n"),
        &thing,
    ));
    let text = err.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines.iter().any(|l| l.contains("unknown keyword `formt`")),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("x.yaml:27:11: #/components/schemas/Thing/properties/name/type")),
        "{text}"
    );
}

#[test]
fn an_operation_without_responses_is_named() {
    let paths = "  /things:\n    get:\n      operationId: ListThings\n      tags: [Things]\n";
    let err = structural_error(&document(paths, THING));
    assert_message(
        &err,
        "x.yaml:9:5",
        &["#/paths/~1things/get", "missing `responses`"],
    );
}

#[test]
fn a_bad_indentation_gets_plain_words() {
    let yaml = document(&get_things("      operationId: ListThings\n"), THING)
        .replace("      tags: [Things]", "     tags: [Things]");
    let err = structural_error(&yaml);
    assert!(err.location.starts_with("x.yaml:"), "{err}");
    assert!(err.message.contains("indentation"), "{err}");
}

#[test]
fn a_multipart_body_that_is_not_an_object_names_the_body() {
    let paths = "  /things:\n    post:\n      operationId: CreateThing\n      tags: [Things]\n      requestBody:\n        content:\n          multipart/form-data:\n            schema:\n              type: string\n      responses:\n        '204':\n          description: OK\n";
    let err = refusal(&document(paths, THING));
    assert_message(
        &err,
        "x.yaml#/paths/~1things/post/requestBody/content/multipart~1form-data/schema",
        &["multipart/form-data", "must be an object"],
    );
}

#[test]
fn a_cookie_parameter_is_refused() {
    let operation = "      operationId: ListThings\n      parameters:\n      - in: cookie\n        name: session\n        schema:\n          type: string\n";
    let err = refusal(&document(&get_things(operation), THING));
    assert_message(&err, "x.yaml#/paths/~1things/get/parameters/0", &["cookie"]);
}

#[test]
fn an_object_query_parameter_is_refused() {
    let operation = "      operationId: ListThings\n      parameters:\n      - in: query\n        name: filter\n        style: form\n        schema:\n          $ref: '#/components/schemas/Thing'\n";
    let err = refusal(&document(&get_things(operation), THING));
    assert_message(
        &err,
        "x.yaml#/paths/~1things/get/parameters/0/schema",
        &["query parameter \"filter\"", "object"],
    );
}

#[test]
fn a_deep_object_parameter_is_refused() {
    let operation = "      operationId: ListThings\n      parameters:\n      - in: query\n        name: filter\n        style: deepObject\n        schema:\n          $ref: '#/components/schemas/Thing'\n";
    let err = refusal(&document(&get_things(operation), THING));
    assert_message(
        &err,
        "x.yaml#/paths/~1things/get/parameters/0/style",
        &["style"],
    );
}

/// `label` and `matrix` path values are written differently from `simple` (`.a`, `;id=a`):
/// sent as `simple` they would reach the wrong path, so the operation is refused.
#[test]
fn a_label_or_matrix_path_parameter_is_refused() {
    for style in ["label", "matrix"] {
        let paths = format!(
            "  /things/{{id}}:\n    get:\n      operationId: GetThing\n      tags: [Things]\n      parameters:\n      - in: path\n        name: id\n        required: true\n        style: {style}\n        schema:\n          type: string\n      responses:\n        '200':\n          description: OK\n"
        );
        let err = refusal(&document(&paths, THING));
        assert_message(
            &err,
            "x.yaml#/paths/~1things~1{id}/get/parameters/0/style",
            &["path parameter style", "simple"],
        );
    }
}

#[test]
fn openapi_3_1_is_refused() {
    let yaml = document(&get_things("      operationId: ListThings\n"), THING)
        .replace("openapi: 3.0.3", "openapi: 3.1.0");
    let err = structural_error(&yaml);
    assert_message(&err, "x.yaml#/openapi", &["3.1.0", "3.0"]);
}

/// A 3.1 document that uses 3.1 syntax (`type: [string, 'null']`) should be refused for its
/// version too, not with a parse error about the syntax.
#[test]
fn openapi_3_1_syntax_is_refused_for_the_version() {
    let yaml = document(
        &get_things("      operationId: ListThings\n"),
        "  schemas:\n    Thing:\n      type: [string, 'null']\n",
    )
    .replace("openapi: 3.0.3", "openapi: 3.1.0");
    let err = structural_error(&yaml);
    assert_message(&err, "x.yaml#/openapi", &["3.1.0", "3.0"]);
}

#[test]
fn swagger_2_is_refused() {
    let err = structural_error("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert!(err.location.starts_with("x.yaml"), "{err}");
}

/// Two files of one version define the same component differently.
#[test]
fn conflicting_components_across_files_are_refused() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conflicting-components");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("v1")).unwrap();
    let first = document(&get_things("      operationId: ListThings\n"), THING);
    let other_thing = THING.replace("type: string", "type: integer");
    let second = document(
        &get_things("      operationId: ListOtherThings\n").replace("/things", "/other-things"),
        &other_thing,
    );
    std::fs::write(dir.join("v1/a.yaml"), first).unwrap();
    std::fs::write(dir.join("v1/b.yaml"), second).unwrap();
    let err = error_of("two files", || generator::generate(&dir));
    // Both definitions and where they differ.
    assert!(err.location.ends_with("v1/b.yaml:26:11"), "{err}");
    assert!(
        err.message
            .contains("differ at #/components/schemas/Thing/properties/name/type"),
        "{err}"
    );
    assert!(err.message.contains("v1/a.yaml:26:11: \"string\""), "{err}");
    assert!(
        err.message.contains("v1/b.yaml:26:11: \"integer\""),
        "{err}"
    );
}

/// The same path in two files of one version.
#[test]
fn a_path_in_two_files_is_refused() {
    let a = load::parse_str(
        "a.yaml",
        &document(&get_things("      operationId: ListThings\n"), THING),
    )
    .unwrap();
    let b = load::parse_str(
        "b.yaml",
        &document(&get_things("      operationId: ListThings2\n"), THING),
    )
    .unwrap();
    let err = error_of("two files", || load::merge("v1".into(), vec![a, b]));
    assert_message(&err, "b.yaml#/paths/~1things", &["a.yaml"]);
}

#[test]
fn a_path_parameter_missing_from_the_operation_is_refused() {
    let paths =
        get_things("      operationId: GetThing\n").replace("/things:", "/things/{thing_id}:");
    let err = refusal(&document(&paths, THING));
    assert_message(
        &err,
        "x.yaml#/paths/~1things~1{thing_id}/get",
        &["{thing_id}"],
    );
}

#[test]
fn two_success_bodies_that_differ_are_refused() {
    let paths = get_things("      operationId: ListThings\n").replace(
        "      responses:\n",
        "      responses:\n        '201':\n          description: Created\n          content:\n            application/json:\n              schema:\n                type: string\n",
    );
    let err = refusal(&document(&paths, THING));
    assert_message(
        &err,
        "x.yaml#/paths/~1things/get/responses/200",
        &["two success responses"],
    );
}

#[test]
fn an_operation_without_a_success_response_is_refused() {
    let paths = "  /things:\n    get:\n      operationId: ListThings\n      tags: [Things]\n      responses:\n        '404':\n          description: Not found\n";
    let err = refusal(&document(paths, THING));
    assert_message(&err, "x.yaml#/paths/~1things/get/responses", &["success"]);
}

#[test]
fn an_all_of_member_that_is_not_an_object_is_refused() {
    let components = "  schemas:\n    Thing:\n      allOf:\n      - type: object\n        properties:\n          name:\n            type: string\n      - type: string\n";
    let err = refusal(&document(
        &get_things("      operationId: ListThings\n"),
        components,
    ));
    assert_message(
        &err,
        "x.yaml#/components/schemas/Thing/allOf/1",
        &["allOf", "object"],
    );
}

#[test]
fn schemas_that_include_themselves_are_refused() {
    // Through allOf: the merged struct would be infinite.
    let components = "  schemas:\n    Thing:\n      allOf:\n      - $ref: '#/components/schemas/Thing'\n      - type: object\n        properties:\n          name:\n            type: string\n";
    let err = refusal(&document(
        &get_things("      operationId: ListThings\n"),
        components,
    ));
    assert_message(
        &err,
        "x.yaml#/components/schemas/Thing/allOf/0",
        &["#/components/schemas/Thing", "itself"],
    );
    // Through $ref only: two names for nothing.
    let components = format!("{THING}    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n");
    let err = refusal(&document(
        &get_things("      operationId: ListThings\n"),
        &components,
    ));
    assert!(
        err.location.starts_with("x.yaml#/components/schemas/"),
        "{err}"
    );
    assert!(err.message.contains("circular"), "{err}");
    // Through a one-member allOf.
    let components =
        format!("{THING}    A:\n      allOf:\n      - $ref: '#/components/schemas/A'\n");
    let err = refusal(&document(
        &get_things("      operationId: ListThings\n"),
        &components,
    ));
    assert!(
        err.location.starts_with("x.yaml#/components/schemas/A"),
        "{err}"
    );
    assert!(err.message.contains("itself"), "{err}");
}

#[test]
fn a_not_schema_is_refused() {
    let components = "  schemas:\n    Thing:\n      type: object\n      properties:\n        name:\n          not:\n            type: string\n";
    let err = refusal(&document(
        &get_things("      operationId: ListThings\n"),
        components,
    ));
    assert_message(
        &err,
        "x.yaml#/components/schemas/Thing/properties/name",
        &["not"],
    );
}

#[test]
fn an_inline_one_of_member_with_a_discriminator_needs_a_mapping() {
    let components = "  schemas:\n    Thing:\n      oneOf:\n      - type: object\n        properties:\n          kind:\n            type: string\n      discriminator:\n        propertyName: kind\n";
    let err = refusal(&document(
        &get_things("      operationId: ListThings\n"),
        components,
    ));
    assert_message(
        &err,
        "x.yaml#/components/schemas/Thing/discriminator",
        &["mapping"],
    );
}

#[test]
fn x_enum_varnames_of_the_wrong_length_is_refused() {
    let components = format!("{THING}    Color:\n      type: string\n      enum: [red, green]\n      x-enum-varnames: [RED]\n");
    let err = refusal(&document(
        &get_things("      operationId: ListThings\n"),
        &components,
    ));
    assert_message(
        &err,
        "x.yaml#/components/schemas/Color/x-enum-varnames",
        &["1 names for 2 enum values"],
    );
}

#[test]
fn an_unknown_security_scheme_is_refused() {
    let operation = "      operationId: ListThings\n      security:\n      - apiKeyAuth: []\n";
    let err = refusal(&document(&get_things(operation), THING));
    assert_message(&err, "x.yaml#/paths/~1things/get/security", &["apiKeyAuth"]);
}

#[test]
fn a_pagination_path_that_does_not_exist_is_refused() {
    let operation = "      operationId: ListThings\n      parameters:\n      - in: query\n        name: page[size]\n        schema:\n          type: integer\n      - in: query\n        name: page[number]\n        schema:\n          type: integer\n      x-pagination:\n        limitParam: page[size]\n        pageParam: page[number]\n        resultsPath: data\n";
    let err = refusal(&document(&get_things(operation), THING));
    assert_message(
        &err,
        "x.yaml#/paths/~1things/get/x-pagination/resultsPath",
        &["\"data\""],
    );
}

#[test]
fn two_operations_with_one_operation_id_are_refused() {
    let paths = format!(
        "{}{}",
        get_things("      operationId: ListThings\n"),
        get_things("      operationId: ListThings\n").replace("/things:", "/other-things:")
    );
    let err = refusal(&document(&paths, THING));
    assert!(err.location.ends_with("/get/operationId"), "{err}");
    assert!(err.message.contains("ListThings"), "{err}");
}

#[test]
fn a_missing_spec_names_the_path() {
    let err = error_of("missing", || generator::generate(Path::new("no/such/spec")));
    assert!(err.location.contains("no/such/spec"), "{err}");
}

/// A fresh folder under the test target folder.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `diff OLD NEW` on two spec files: the exit code and what it wrote on stderr.
fn diff_exit(name: &str, old: &str, new: &str) -> (u8, String) {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("old/v1")).unwrap();
    std::fs::create_dir_all(dir.join("new/v1")).unwrap();
    std::fs::write(dir.join("old/v1/x.yaml"), old).unwrap();
    std::fs::write(dir.join("new/v1/x.yaml"), new).unwrap();
    let options = generator::diff::Options {
        old: generator::diff::Source::Path(dir.join("old")),
        new: generator::diff::Source::Path(dir.join("new")),
        format: generator::diff::Format::Json,
        fail_on_breaking: false,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = catch_unwind(AssertUnwindSafe(|| {
        generator::diff::run(&options, &mut out, &mut err)
    }))
    .unwrap_or_else(|_| panic!("{name}: diff panicked"));
    (code, String::from_utf8_lossy(&err).into_owned())
}

/// `Thing` with a number property `size` whose schema ends with `extra`.
fn thing_with_size(extra: &str) -> String {
    format!("{THING}        size:\n          type: number\n{extra}")
}

#[test]
fn infinite_and_nan_numbers_are_refused_at_their_pointer() {
    for (extra, number) in [
        ("          maximum: .inf\n", ".inf"),
        ("          minimum: -.inf\n", "-.inf"),
        ("          default: .nan\n", ".nan"),
        ("          example: .NaN\n", ".nan"),
    ] {
        let yaml = document(
            &get_things("      operationId: ListThings\n"),
            &thing_with_size(extra),
        );
        let err = structural_error(&yaml);
        let key = extra.trim().split(':').next().unwrap();
        assert_message(
            &err,
            &format!("x.yaml#/components/schemas/Thing/properties/size/{key}"),
            &[number, "not finite"],
        );
    }
    // In a parameter.
    let operation = "      operationId: ListThings\n      parameters:\n      - in: query\n        name: limit\n        schema:\n          type: number\n          maximum: .inf\n";
    let err = structural_error(&document(&get_things(operation), THING));
    assert_message(
        &err,
        "x.yaml#/paths/~1things/get/parameters/0/schema/maximum",
        &[".inf"],
    );
}

#[test]
fn diff_exits_with_2_on_an_infinite_number() {
    let good = document(&get_things("      operationId: ListThings\n"), THING);
    let bad = document(
        &get_things("      operationId: ListThings\n"),
        &thing_with_size("          maximum: .inf\n"),
    );
    let (code, err) = diff_exit("diff-inf", &good, &bad);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("v1/x.yaml#/components/schemas/Thing/properties/size/maximum"),
        "{err}"
    );
}

/// `levels` nested flow sequences as the default of `Thing.name`, and the same in block style.
fn deeply_nested(levels: usize) -> [String; 2] {
    let flow = format!(
        "          default: {}{}\n",
        "[".repeat(levels),
        "]".repeat(levels)
    );
    let block = format!("          default:\n            {}x\n", "- ".repeat(levels));
    [flow, block].map(|default| {
        document(
            &get_things("      operationId: ListThings\n"),
            &format!("{THING}{default}"),
        )
    })
}

#[test]
fn nesting_past_the_limit_is_refused_at_its_position() {
    // 100,000 levels took libyaml minutes: the check stops reading at the limit.
    for yaml in deeply_nested(100_000) {
        let default_line = yaml.lines().position(|l| l.contains("default:")).unwrap() + 1;
        let err = structural_error(&yaml);
        let (file, position) = err.location.split_once(':').expect("file:line:column");
        assert_eq!(file, "x.yaml", "{err}");
        let line: usize = position.split(':').next().unwrap().parse().unwrap();
        assert!((default_line..=default_line + 1).contains(&line), "{err}");
        assert!(err.message.contains("nested deeper than 128"), "{err}");
    }
    // Within the limit: 100 levels under the 6 of the document.
    for yaml in deeply_nested(100) {
        load::parse_str("x.yaml", &yaml).unwrap();
    }
}

#[test]
fn diff_exits_with_2_on_deep_nesting() {
    let good = document(&get_things("      operationId: ListThings\n"), THING);
    for (index, deep) in deeply_nested(100_000).iter().enumerate() {
        let (code, err) = diff_exit(&format!("diff-deep-{index}"), &good, deep);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("nested deeper than"), "{err}");
    }
}

mod output {
    //! Writing --out: nothing outside it is ever removed, a failure changes nothing, and no
    //! temporary file stays behind.
    use super::scratch;
    use generator::output::{self, MANIFEST};
    use std::collections::BTreeMap;
    use std::path::Path;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(path, content)| (path.to_string(), content.to_string()))
            .collect()
    }

    /// Every file under `dir` (symbolic links not followed) with its content.
    fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut found = BTreeMap::new();
        let mut folders = vec![dir.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                let meta = std::fs::symlink_metadata(&path).unwrap();
                if meta.is_dir() {
                    found.insert(name, b"(folder)".to_vec());
                    folders.push(path);
                } else if meta.is_file() {
                    found.insert(name, std::fs::read(&path).unwrap());
                } else {
                    found.insert(name, b"(link)".to_vec());
                }
            }
        }
        found
    }

    #[cfg(unix)]
    #[test]
    fn manifest_entries_outside_out_or_through_links_are_ignored() {
        use std::os::unix::fs::symlink;
        let dir = scratch("manifest-entries");
        let victim = dir.join("victim");
        std::fs::create_dir_all(&victim).unwrap();
        std::fs::write(victim.join("victim.txt"), "keep me").unwrap();
        let out = dir.join("out");
        output::write(&out, &files(&[("src/lib.rs", "lib"), ("old.rs", "old")])).unwrap();
        symlink(&victim, out.join("link")).unwrap();
        symlink(victim.join("victim.txt"), out.join("file-link")).unwrap();
        let absolute = victim.join("victim.txt").display().to_string();
        let mut manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        for entry in [
            "../victim/victim.txt",
            &absolute,
            "link/victim.txt",
            "file-link",
            "src",
        ] {
            manifest.push_str(entry);
            manifest.push('\n');
        }
        std::fs::write(out.join(MANIFEST), manifest).unwrap();

        let changes = output::write(&out, &files(&[("src/lib.rs", "lib")])).unwrap();
        assert_eq!(changes.removed, vec!["old.rs"]);
        let ignored: Vec<&str> = changes.ignored.iter().map(|(e, _)| e.as_str()).collect();
        assert_eq!(
            ignored,
            [
                "../victim/victim.txt",
                &absolute,
                "link/victim.txt",
                "file-link",
                "src"
            ]
        );
        for (entry, reason) in &changes.ignored {
            assert!(!reason.is_empty(), "{entry}");
        }
        assert_eq!(
            std::fs::read_to_string(victim.join("victim.txt")).unwrap(),
            "keep me"
        );
        assert!(out.join("link").exists() && out.join("file-link").exists());
        assert!(out.join("src/lib.rs").is_file() && !out.join("old.rs").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_manifest_that_is_a_link_is_refused() {
        let dir = scratch("manifest-link");
        let out = dir.join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(dir.join("elsewhere"), "../x\n").unwrap();
        std::os::unix::fs::symlink(dir.join("elsewhere"), out.join(MANIFEST)).unwrap();
        let err = output::write(&out, &files(&[("a.rs", "a")])).unwrap_err();
        assert!(err.message.contains("not a plain file"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.join("elsewhere")).unwrap(),
            "../x\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_that_is_a_link_is_not_written_through() {
        let dir = scratch("folder-link");
        let elsewhere = dir.join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        let out = dir.join("out");
        output::write(&out, &files(&[("a.rs", "a")])).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("src")).unwrap();
        let before = tree(&out);
        let err =
            output::write(&out, &files(&[("a.rs", "a2"), ("src/lib.rs", "lib")])).unwrap_err();
        assert!(err.message.contains("symbolic link"), "{err}");
        assert_eq!(tree(&out), before);
        assert!(tree(&elsewhere).is_empty());
    }

    /// A name no filesystem accepts fails the run before anything is written.
    fn with_a_long_name() -> BTreeMap<String, String> {
        let long = format!("src/{}.rs", "a".repeat(300));
        files(&[
            ("Cargo.toml", "c"),
            ("src/lib.rs", "lib2"),
            (long.as_str(), "x"),
        ])
    }

    #[test]
    fn a_failed_write_leaves_a_fresh_out_absent() {
        let dir = scratch("fresh-failure");
        let out = dir.join("a/b/out");
        let err = output::write(&out, &with_a_long_name()).unwrap_err();
        assert!(
            err.message.contains("300 bytes") || err.message.contains("bytes long"),
            "{err}"
        );
        assert!(tree(&dir).is_empty(), "{:?}", tree(&dir));
    }

    #[test]
    fn a_failed_write_leaves_a_good_out_as_it_was() {
        let dir = scratch("update-failure");
        let out = dir.join("out");
        output::write(
            &out,
            &files(&[("src/lib.rs", "lib"), ("src/old.rs", "old")]),
        )
        .unwrap();
        let before = tree(&out);
        output::write(&out, &with_a_long_name()).unwrap_err();
        assert_eq!(tree(&out), before);
    }

    /// What a new file gets in this process (0644 under the usual umask).
    #[cfg(unix)]
    fn normal_mode(dir: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        let probe = dir.join("probe");
        std::fs::write(&probe, "").unwrap();
        let mode = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        std::fs::remove_file(probe).unwrap();
        mode
    }

    #[cfg(unix)]
    #[test]
    fn generated_files_get_the_normal_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("modes");
        let normal = normal_mode(&dir);
        let out = dir.join("out");
        output::write(&out, &files(&[("src/lib.rs", "lib"), ("a.rs", "a")])).unwrap();
        output::write(&out, &files(&[("src/lib.rs", "lib2"), ("a.rs", "a")])).unwrap();
        for path in ["src/lib.rs", "a.rs", MANIFEST] {
            let mode = std::fs::metadata(out.join(path))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, normal, "{path}: {mode:o}");
        }
        assert_ne!(normal, 0o600, "the test runs under an unusual umask");
    }
}

/// A refused operation and a refused schema leave the rest of the spec generated: the other
/// operation keeps its method, and the schema that uses the refused one still compiles
/// against a JSON value in its place.
#[test]
fn a_refusal_leaves_out_only_what_it_names() {
    let paths = format!(
        "{}  /other:\n    get:\n      operationId: GetOther\n      tags: [Things]\n      responses:\n        '200':\n          description: OK\n        '201':\n          description: Created\n          content:\n            application/json:\n              schema:\n                type: string\n",
        get_things("      operationId: ListThings\n")
    );
    let components = format!("{THING}        loop:\n          $ref: '#/components/schemas/Loop'\n    Loop:\n      type: array\n      items:\n        $ref: '#/components/schemas/Loop'\n");
    let generated = generate_leaving_out(&document(&paths, &components)).unwrap();
    let pointers: Vec<&str> = generated
        .refused
        .iter()
        .map(|e| e.location.as_str())
        .collect();
    assert_eq!(
        pointers,
        [
            "x.yaml#/components/schemas/Loop",
            "x.yaml#/paths/~1other/get/responses/201"
        ],
        "{:?}",
        generated.refused
    );
    assert_eq!(generated.operations, 1);
    let api = &generated.files["src/datadogV1/api_things.rs"];
    assert!(api.contains("pub fn list_things("), "{api}");
    assert!(!api.contains("get_other"), "{api}");
    let model = &generated.files["src/datadogV1/model/model_loop.rs"];
    assert!(model.contains("serde_json::Value"), "{model}");
    // The strict entry point refuses the spec on its first refusal.
    let file = load::parse_str("x.yaml", &document(&paths, &components)).unwrap();
    let version = load::merge("v1".into(), vec![file]).unwrap();
    let err = generator::generate_from(&load::SpecSet {
        versions: vec![version],
        examples: Vec::new(),
    })
    .unwrap_err();
    assert_eq!(err, generated.refused[0]);
}
