//! `cargo run -- diff`: the API changelog between two specs.
//!
//! One fixture pair per kind of change (tests/fixtures/diff/<kind>/{old,new}.yaml, each a small
//! complete spec): the Markdown report is an insta snapshot, and the JSON report's
//! classification is asserted (kind, breaking on the wire, breaking for Rust callers, location).
//! A change in a component is reported for every operation that uses it; the assertions list
//! each distinct classification once, in report order, and the snapshots show every line.
//! Then the CLI entry point (`generator::diff::run`, what `cargo run -- diff` calls): exit
//! codes, formats, errors, and `--base REV` against a throwaway git repository.

use generator::diff::{self, Format, Options, Source};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(kind: &str, side: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/diff")
        .join(kind)
        .join(format!("{side}.yaml"))
}

fn report(kind: &str) -> diff::Report {
    diff::diff_paths(&fixture(kind, "old"), &fixture(kind, "new"))
        .unwrap_or_else(|e| panic!("{kind}: {e}"))
}

/// (kind, breaking_wire, breaking_rust, location) of each change of the JSON report, each
/// distinct one once, in report order.
fn classification(json: &str) -> Vec<(String, bool, bool, String)> {
    let changes: Value = serde_json::from_str(json).expect("the JSON report parses");
    let mut out = Vec::new();
    for change in changes.as_array().expect("the JSON report is an array") {
        for key in [
            "kind",
            "breaking",
            "breaking_wire",
            "breaking_rust",
            "location",
            "message",
        ] {
            assert!(change.get(key).is_some(), "{key} missing from {change}");
        }
        let wire = change["breaking_wire"].as_bool().unwrap();
        let rust = change["breaking_rust"].as_bool().unwrap();
        assert_eq!(
            change["breaking"].as_bool().unwrap(),
            wire || rust,
            "{change}"
        );
        assert_eq!(
            rust,
            change["message"].as_str().unwrap().contains("; Rust: "),
            "the message says why: {change}"
        );
        let entry = (
            change["kind"].as_str().unwrap().to_string(),
            wire,
            rust,
            change["location"].as_str().unwrap().to_string(),
        );
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
    out
}

fn check(kind: &str, expected: &[(&str, bool, bool, &str)]) {
    let report = report(kind);
    insta::assert_snapshot!(kind, report.markdown());
    let expected: Vec<(String, bool, bool, String)> = expected
        .iter()
        .map(|(k, w, r, l)| (k.to_string(), *w, *r, l.to_string()))
        .collect();
    assert_eq!(classification(&report.json()), expected, "{kind}");
}

// One test per fixture.

#[test]
fn all_of_changed() {
    check(
        "all-of-changed",
        &[
            (
                "response-property-added",
                false,
                true,
                "new.yaml#/components/schemas/WidgetAudit/properties/updated_by",
            ),
            (
                "response-all-of-member-added",
                false,
                false,
                "new.yaml#/components/schemas/WidgetAttributes/allOf/2",
            ),
            (
                "schema-added",
                false,
                false,
                "new.yaml#/components/schemas/WidgetAudit",
            ),
        ],
    );
}

/// `allOf: [WidgetColor]` (`color`) and `$ref: WidgetColor` (`shade`), WidgetColor becoming
/// nullable: only `shade` becomes nullable, as lowering types them (the changelog once
/// followed the allOf member's `nullable` where lowering does not).
#[test]
fn all_of_nullable_target() {
    check(
        "all-of-nullable-target",
        &[(
            "response-became-nullable",
            true,
            true,
            "new.yaml#/components/schemas/WidgetColor/nullable",
        )],
    );
    let spec = generator::load::load(&fixture("all-of-nullable-target", "new")).unwrap();
    let ir = generator::lower::lower(&spec).unwrap();
    let attributes = ir.versions[0]
        .types
        .iter()
        .find(|t| t.name == "WidgetAttributes")
        .expect("WidgetAttributes is lowered");
    let generator::ir::TypeKind::Struct { fields } = &attributes.kind else {
        panic!("WidgetAttributes is a struct");
    };
    let nullable = |wire: &str| {
        let field = fields.iter().find(|f| f.wire == wire).unwrap();
        field.presence.is_nullable()
    };
    assert!(nullable("shade"));
    assert!(!nullable("color"));
    let report = report("all-of-nullable-target");
    assert!(
        report.changes.iter().all(|c| !c.message.contains("color")),
        "{:?}",
        report.changes
    );
}

#[test]
fn description_changed() {
    check(
        "description-changed",
        &[
            (
                "description-changed",
                false,
                false,
                "new.yaml#/paths/~1api~1v2~1widgets/get/parameters/2/description",
            ),
            (
                "description-changed",
                false,
                false,
                "new.yaml#/paths/~1api~1v2~1widgets~1{widget_id}/get/summary",
            ),
            (
                "description-changed",
                false,
                false,
                "new.yaml#/components/schemas/WidgetAttributes/properties/color/description",
            ),
            (
                "description-changed",
                false,
                false,
                "new.yaml#/components/schemas/WidgetStatus/description",
            ),
        ],
    );
}

#[test]
fn enum_value_added() {
    check(
        "enum-value-added",
        &[
            (
                "parameter-enum-value-added",
                false,
                false,
                "new.yaml#/components/schemas/SortOrder/enum/2",
            ),
            (
                "response-enum-value-added",
                false,
                false,
                "new.yaml#/components/schemas/WidgetStatus/enum/2",
            ),
        ],
    );
}

#[test]
fn enum_value_removed() {
    check(
        "enum-value-removed",
        &[
            (
                "parameter-enum-value-removed",
                true,
                true,
                "old.yaml#/components/schemas/SortOrder/enum/1",
            ),
            (
                "response-enum-value-removed",
                false,
                true,
                "old.yaml#/components/schemas/WidgetStatus/enum/0",
            ),
        ],
    );
}

#[test]
fn enum_variant_renamed() {
    check(
        "enum-variant-renamed",
        &[
            (
                "enum-variant-renamed",
                false,
                true,
                "new.yaml#/components/schemas/SortOrder/enum/0",
            ),
            (
                "enum-variant-renamed",
                false,
                true,
                "new.yaml#/components/schemas/SortOrder/enum/1",
            ),
        ],
    );
}

#[test]
fn format_changed() {
    check(
        "format-changed",
        &[
            (
                "response-format-changed",
                true,
                true,
                "old.yaml#/components/schemas/WidgetAttributes/properties/created_at/format",
            ),
            (
                "response-format-changed",
                true,
                true,
                "new.yaml#/components/schemas/WidgetAttributes/properties/size/format",
            ),
            (
                "request-format-changed",
                true,
                false,
                "new.yaml#/components/schemas/WidgetCreateAttributes/properties/name/format",
            ),
            (
                "request-format-changed",
                false,
                true,
                "new.yaml#/components/schemas/WidgetCreateAttributes/properties/size/format",
            ),
        ],
    );
}

#[test]
fn identical() {
    check("identical", &[]);
}

#[test]
fn nullable_changed() {
    check(
        "nullable-changed",
        &[
            (
                "response-became-nullable",
                true,
                true,
                "new.yaml#/components/schemas/WidgetAttributes/properties/color/nullable",
            ),
            (
                "request-became-not-nullable",
                true,
                true,
                "old.yaml#/components/schemas/WidgetCreateAttributes/properties/color/nullable",
            ),
            (
                "request-became-nullable",
                false,
                true,
                "new.yaml#/components/schemas/WidgetCreateAttributes/properties/size/nullable",
            ),
        ],
    );
}

#[test]
fn one_of_changed() {
    check(
        "one-of-changed",
        &[
            (
                "response-one-of-member-removed",
                false,
                true,
                "old.yaml#/components/schemas/WidgetShape/oneOf/1",
            ),
            (
                "response-one-of-member-added",
                false,
                false,
                "new.yaml#/components/schemas/WidgetShape/oneOf/1",
            ),
            (
                "request-one-of-member-removed",
                true,
                true,
                "old.yaml#/components/schemas/WidgetShape/oneOf/1",
            ),
            (
                "request-one-of-member-added",
                false,
                false,
                "new.yaml#/components/schemas/WidgetShape/oneOf/1",
            ),
            (
                "schema-removed",
                false,
                true,
                "old.yaml#/components/schemas/SquareShape",
            ),
            (
                "schema-added",
                false,
                false,
                "new.yaml#/components/schemas/TriangleShape",
            ),
        ],
    );
}

#[test]
fn operation_added() {
    check(
        "operation-added",
        &[(
            "operation-added",
            false,
            false,
            "new.yaml#/paths/~1api~1v2~1widgets~1{widget_id}/delete",
        )],
    );
}

#[test]
fn operation_id_changed() {
    check(
        "operation-id-changed",
        &[
            ("operation-id-changed", false, true, "new.yaml#/paths/~1api~1v2~1widgets~1{widget_id}/get/operationId"),
            ("type-renamed", false, true, "new.yaml#/paths/~1api~1v2~1widgets~1{widget_id}/get/responses/200/content/application~1json/schema"),
        ],
    );
}

#[test]
fn operation_method_changed() {
    check(
        "operation-method-changed",
        &[(
            "operation-method-changed",
            true,
            false,
            "new.yaml#/paths/~1api~1v2~1widgets/put",
        )],
    );
}

#[test]
fn operation_path_changed() {
    check(
        "operation-path-changed",
        &[(
            "operation-path-changed",
            true,
            false,
            "new.yaml#/paths/~1api~1v2~1widget~1{widget_id}/get",
        )],
    );
}

#[test]
fn operation_removed() {
    check(
        "operation-removed",
        &[
            (
                "operation-removed",
                true,
                true,
                "old.yaml#/paths/~1api~1v2~1widgets~1{widget_id}/delete",
            ),
            (
                "operation-removed",
                false,
                true,
                "old.yaml#/paths/~1api~1v2~1widgets~1{widget_id}~1archive/post",
            ),
        ],
    );
}

#[test]
fn operation_tag_changed() {
    check(
        "operation-tag-changed",
        &[(
            "operation-tag-changed",
            false,
            true,
            "new.yaml#/paths/~1api~1v2~1widgets~1{widget_id}/get/tags",
        )],
    );
}

#[test]
fn pagination_changed() {
    check(
        "pagination-changed",
        &[
            (
                "pagination-removed",
                false,
                true,
                "old.yaml#/paths/~1api~1v2~1widgets/get/x-pagination",
            ),
            (
                "pagination-added",
                false,
                false,
                "new.yaml#/paths/~1api~1v2~1widgets~1{widget_id}~1versions/get/x-pagination",
            ),
        ],
    );
}

#[test]
fn parameter_added() {
    check(
        "parameter-added",
        &[
            (
                "parameter-added",
                true,
                true,
                "new.yaml#/paths/~1api~1v2~1widgets/get/parameters/5",
            ),
            (
                "parameter-added",
                false,
                false,
                "new.yaml#/paths/~1api~1v2~1widgets/get/parameters/6",
            ),
            (
                "parameter-added",
                false,
                true,
                "new.yaml#/paths/~1api~1v2~1widgets~1{widget_id}/get/parameters/1",
            ),
        ],
    );
}

#[test]
fn parameter_removed() {
    check(
        "parameter-removed",
        &[(
            "parameter-removed",
            false,
            true,
            "old.yaml#/paths/~1api~1v2~1widgets/get/parameters/2",
        )],
    );
}

#[test]
fn parameter_renamed() {
    check(
        "parameter-renamed",
        &[
            (
                "parameter-renamed",
                true,
                true,
                "new.yaml#/paths/~1api~1v2~1widgets/get/parameters/2",
            ),
            (
                "parameter-renamed",
                false,
                false,
                "new.yaml#/paths/~1api~1v2~1widgets~1{id}/get/parameters/0",
            ),
        ],
    );
}

#[test]
fn parameter_required_changed() {
    check(
        "parameter-required-changed",
        &[
            (
                "parameter-became-required",
                true,
                true,
                "new.yaml#/paths/~1api~1v2~1widgets/get/parameters/2",
            ),
            (
                "parameter-became-optional",
                false,
                true,
                "new.yaml#/paths/~1api~1v2~1widgets/get/parameters/5",
            ),
        ],
    );
}

#[test]
fn parameter_style_changed() {
    check(
        "parameter-style-changed",
        &[(
            "parameter-style-changed",
            true,
            false,
            "new.yaml#/paths/~1api~1v2~1widgets/get/parameters/4",
        )],
    );
}

#[test]
fn parameter_type_changed() {
    check(
        "parameter-type-changed",
        &[(
            "parameter-type-changed",
            true,
            true,
            "new.yaml#/paths/~1api~1v2~1widgets/get/parameters/1/schema",
        )],
    );
}

#[test]
fn property_added() {
    check(
        "property-added",
        &[
            (
                "response-property-added",
                false,
                false,
                "new.yaml#/components/schemas/WidgetAttributes/properties/owner",
            ),
            (
                "request-property-added",
                true,
                true,
                "new.yaml#/components/schemas/WidgetCreateAttributes/properties/shape",
            ),
            (
                "request-property-added",
                false,
                false,
                "new.yaml#/components/schemas/WidgetCreateAttributes/properties/note",
            ),
        ],
    );
}

/// The pair of `property-added`, with every media type of the new side spelled
/// `application/json; charset=utf-8` (JSON to the generator too): the same changelog.
#[test]
fn media_type_spelling_changes_nothing() {
    let respelled = diff::diff_paths(
        &fixture("property-added", "old"),
        &fixture("media-type-spelling", "new"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        respelled
            .changes
            .iter()
            .any(|c| c.kind.starts_with("response-")),
        "response changes are kept"
    );
    assert_eq!(
        respelled
            .markdown()
            .replace("(media-type-spelling)", "(property-added)"),
        report("property-added").markdown()
    );
    let kinds = |r: &diff::Report| -> Vec<(String, bool, bool, String)> {
        r.changes
            .iter()
            .map(|c| {
                (
                    c.kind.clone(),
                    c.breaking_wire,
                    c.breaking_rust,
                    c.message.clone(),
                )
            })
            .collect()
    };
    assert_eq!(kinds(&respelled), kinds(&report("property-added")));
}

#[test]
fn property_removed() {
    check(
        "property-removed",
        &[
            (
                "response-property-removed",
                false,
                true,
                "old.yaml#/components/schemas/WidgetAttributes/properties/color",
            ),
            (
                "response-property-removed",
                true,
                true,
                "old.yaml#/components/schemas/WidgetAttributes/properties/name",
            ),
            (
                "request-property-removed",
                false,
                true,
                "old.yaml#/components/schemas/WidgetCreateAttributes/properties/color",
            ),
        ],
    );
}

#[test]
fn property_required_changed() {
    check(
        "property-required-changed",
        &[
            (
                "response-property-became-required",
                false,
                true,
                "new.yaml#/components/schemas/WidgetAttributes/properties/color",
            ),
            (
                "response-property-became-optional",
                true,
                true,
                "new.yaml#/components/schemas/WidgetAttributes/properties/name",
            ),
            (
                "request-property-became-required",
                true,
                true,
                "new.yaml#/components/schemas/WidgetCreateAttributes/properties/color",
            ),
        ],
    );
}

#[test]
fn status_range_changed() {
    check(
        "status-range-changed",
        &[
            (
                "response-status-removed",
                false,
                true,
                "old.yaml#/paths/~1api~1v2~1widgets/get/responses/4XX",
            ),
            (
                "rust-type-changed",
                false,
                true,
                "new.yaml#/components/schemas/Widget",
            ),
            (
                "response-property-removed",
                false,
                true,
                "old.yaml#/components/schemas/Problem/properties/title",
            ),
            (
                "response-status-added",
                false,
                false,
                "new.yaml#/paths/~1api~1v2~1widgets/get/responses/5XX",
            ),
            (
                "response-property-added",
                false,
                false,
                "new.yaml#/components/schemas/Widget/properties/name",
            ),
        ],
    );
}

#[test]
fn property_type_changed() {
    check(
        "property-type-changed",
        &[
            (
                "response-type-changed",
                true,
                true,
                "new.yaml#/components/schemas/WidgetAttributes/properties/size",
            ),
            (
                "request-type-changed",
                false,
                true,
                "new.yaml#/components/schemas/WidgetCreateAttributes/properties/size",
            ),
        ],
    );
}

#[test]
fn request_body_changed() {
    check(
        "request-body-changed",
        &[(
            "request-body-became-optional",
            false,
            true,
            "new.yaml#/paths/~1api~1v2~1widgets/post/requestBody",
        )],
    );
}

#[test]
fn response_status_changed() {
    check(
        "response-status-changed",
        &[
            ("response-status-removed", true, false, "old.yaml#/paths/~1api~1v2~1widgets/post/responses/201"),
            ("response-body-removed", false, true, "old.yaml#/paths/~1api~1v2~1widgets/post/responses/400/content/application~1json/schema"),
            ("response-status-added", false, false, "new.yaml#/paths/~1api~1v2~1widgets/post/responses/200"),
            ("response-status-removed", false, true, "old.yaml#/paths/~1api~1v2~1widgets~1{widget_id}/get/responses/404"),
            ("response-status-added", false, false, "new.yaml#/paths/~1api~1v2~1widgets~1{widget_id}/get/responses/429"),
        ],
    );
}

#[test]
fn rust_type_changed() {
    check(
        "rust-type-changed",
        &[
            (
                "rust-type-changed",
                false,
                true,
                "new.yaml#/components/schemas/WidgetAttributes/properties/status",
            ),
            (
                "schema-removed",
                false,
                true,
                "old.yaml#/components/schemas/WidgetStatus",
            ),
        ],
    );
}

#[test]
fn schema_renamed() {
    check(
        "schema-renamed",
        &[(
            "schema-renamed",
            false,
            true,
            "new.yaml#/components/schemas/WidgetState",
        )],
    );
}

#[test]
fn security_changed() {
    check(
        "security-changed",
        &[
            (
                "security-changed",
                true,
                false,
                "new.yaml#/paths/~1api~1v2~1widgets/get/security",
            ),
            (
                "security-changed",
                false,
                false,
                "new.yaml#/paths/~1api~1v2~1widgets/post/security",
            ),
        ],
    );
}

/// An OAuth2 alternative that needs one more scope breaks a client whose token was granted
/// the old ones; one fewer breaks nothing.
#[test]
fn security_scopes_changed() {
    check(
        "security-scopes-changed",
        &[
            (
                "security-scope-added",
                true,
                false,
                "new.yaml#/paths/~1api~1v2~1widgets/get/security/1/AuthZ",
            ),
            (
                "security-scope-removed",
                false,
                false,
                "old.yaml#/paths/~1api~1v2~1widgets/post/security/0/AuthZ",
            ),
        ],
    );
}

/// The servers of single operations: an operation's own (a server removed), and a path
/// item's that replace the spec's for its operation (compared with the spec's).
#[test]
fn operation_servers_changed() {
    check(
        "operation-servers-changed",
        &[
            (
                "server-removed",
                true,
                true,
                "old.yaml#/paths/~1api~1v2~1widgets/post/servers/1",
            ),
            (
                "server-url-changed",
                true,
                false,
                "new.yaml#/paths/~1api~1v2~1widgets~1{widget_id}/servers/0",
            ),
            ("server-removed", true, true, "old.yaml#/servers/1"),
        ],
    );
}

#[test]
fn servers_changed() {
    check(
        "servers-changed",
        &[
            (
                "server-variable-enum-value-removed",
                true,
                true,
                "old.yaml#/servers/0/variables/site/enum/1",
            ),
            ("server-removed", true, true, "old.yaml#/servers/1"),
            (
                "server-variable-enum-value-added",
                false,
                false,
                "new.yaml#/servers/0/variables/site/enum/1",
            ),
        ],
    );
}

#[test]
fn unstable_changed() {
    check(
        "unstable-changed",
        &[
            (
                "operation-became-unstable",
                false,
                true,
                "new.yaml#/paths/~1api~1v2~1widgets/get/x-unstable",
            ),
            (
                "operation-became-stable",
                false,
                false,
                "old.yaml#/paths/~1api~1v2~1widgets~1{widget_id}/get/x-unstable",
            ),
        ],
    );
}

#[test]
fn unused_schema_changed() {
    check(
        "unused-schema-changed",
        &[(
            "model-property-added",
            false,
            true,
            "new.yaml#/components/schemas/WidgetTemplate/properties/color",
        )],
    );
}

/// Every fixture pair found on disk has its test above (named by its folder).
#[test]
fn every_fixture_pair_has_a_test() {
    let source = include_str!("diff.rs");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff");
    let mut untested = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !source.contains(&format!("\"{name}\"")) {
            untested.push(name);
        }
    }
    assert!(
        untested.is_empty(),
        "no test for {untested:?} in {}",
        dir.display()
    );
}

#[test]
fn identical_specs_give_an_empty_json_array() {
    let report = report("identical");
    assert_eq!(report.json(), "[]\n");
    assert!(report.markdown().contains("No API changes."));
}

#[test]
fn the_real_spec_against_itself_has_no_change() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let report = diff::diff_paths(&spec, &spec).unwrap();
    assert_eq!(report.json(), "[]\n");
}

// The CLI entry point.

fn run(options: &Options) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = diff::run(options, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn paths(kind: &str, format: Format, fail_on_breaking: bool) -> Options {
    Options {
        old: Source::Path(fixture(kind, "old")),
        new: Source::Path(fixture(kind, "new")),
        format,
        fail_on_breaking,
    }
}

#[test]
fn cli_prints_markdown_by_default_and_exits_0() {
    let (code, out, err) = run(&paths("property-added", Format::Markdown, false));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, report("property-added").markdown());
    assert!(err.contains("1 breaking change"), "{err}");
}

#[test]
fn cli_prints_json() {
    let (code, out, _) = run(&paths("enum-value-removed", Format::Json, false));
    assert_eq!(code, 0);
    let changes: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(changes[0]["kind"], "parameter-enum-value-removed");
    assert_eq!(changes[0]["operation"], "GET /api/v2/widgets");
}

#[test]
fn fail_on_breaking_exits_1_only_when_a_change_breaks() {
    assert_eq!(
        run(&paths("operation-removed", Format::Markdown, true)).0,
        1
    );
    assert_eq!(
        run(&paths("operation-path-changed", Format::Json, true)).0,
        1,
        "breaking on the wire only"
    );
    assert_eq!(
        run(&paths("schema-renamed", Format::Json, true)).0,
        1,
        "breaking for Rust only"
    );
    assert_eq!(run(&paths("operation-added", Format::Markdown, true)).0, 0);
    assert_eq!(run(&paths("identical", Format::Json, true)).0, 0);
}

#[test]
fn an_unreadable_spec_exits_2_with_a_message() {
    let options = Options {
        old: Source::Path(fixture("identical", "old")),
        new: Source::Path(fixture("identical", "missing")),
        format: Format::Markdown,
        fail_on_breaking: true,
    };
    let (code, out, err) = run(&options);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.starts_with("error: ") && err.contains("missing.yaml") && err.contains("cannot read"),
        "{err}"
    );
}

/// A throwaway git repository holding spec/v2/widgets.yaml, removed when dropped.
struct Repository(PathBuf);

impl Repository {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("diff-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("spec/v2")).unwrap();
        let repository = Repository(dir);
        repository.git(&["init", "--quiet"]);
        repository
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(&self.0)
            .args([
                "-c",
                "user.name=test",
                "-c",
                "user.email=test@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    fn write_spec(&self, from: &Path) {
        std::fs::copy(from, self.0.join("spec/v2/widgets.yaml")).unwrap();
    }

    fn spec(&self) -> PathBuf {
        self.0.join("spec")
    }
}

impl Drop for Repository {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn base_compares_the_spec_at_a_revision_with_the_working_tree() {
    let repository = Repository::new("base");
    repository.write_spec(&fixture("property-added", "old"));
    repository.git(&["add", "spec"]);
    repository.git(&["commit", "--quiet", "-m", "spec"]);
    repository.write_spec(&fixture("property-added", "new"));
    let options = Options {
        old: Source::Revision {
            revision: "HEAD".into(),
            spec: repository.spec(),
        },
        new: Source::Path(repository.spec()),
        format: Format::Json,
        fail_on_breaking: true,
    };
    let (code, out, err) = run(&options);
    assert_eq!(code, 1, "{err}");
    let changes = classification(&out);
    assert!(
        changes.contains(&(
            "request-property-added".into(),
            true,
            true,
            "spec/v2/widgets.yaml#/components/schemas/WidgetCreateAttributes/properties/shape"
                .into()
        )),
        "{changes:?}"
    );

    // The working tree back as committed: nothing changed.
    repository.write_spec(&fixture("property-added", "old"));
    let (code, out, _) = run(&options);
    assert_eq!((code, out.as_str()), (0, "[]\n"));
}

#[test]
fn an_unknown_revision_exits_2_with_gits_message() {
    let repository = Repository::new("unknown");
    repository.write_spec(&fixture("identical", "old"));
    repository.git(&["add", "spec"]);
    repository.git(&["commit", "--quiet", "-m", "spec"]);
    let options = Options {
        old: Source::Revision {
            revision: "no-such-branch".into(),
            spec: repository.spec(),
        },
        new: Source::Path(repository.spec()),
        format: Format::Markdown,
        fail_on_breaking: false,
    };
    let (code, out, err) = run(&options);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("revision `no-such-branch`") && err.contains("no-such-branch"),
        "{err}"
    );
}
