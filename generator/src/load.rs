//! Loading: reads the spec files (one file, or a folder of version folders), parses them with
//! openapiv3, and merges the files of each version into one document. Errors name the file and
//! line:column for YAML, or the JSON pointer for everything after parsing.

use crate::error::{GenError, Pointer, Result};
use crate::timings::{time, untimed, Phase};
use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One parsed spec file.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// The path as the user should read it in messages and headers (relative when possible).
    pub display: String,
    pub doc: OpenAPI,
    /// The YAML text, to place later messages at a `line:column`.
    pub text: String,
    /// The `$ref`s that name another file of the version: (JSON pointer, reference). The
    /// references in `doc` are rewritten to the local form when the version is merged.
    pub cross_refs: Vec<(String, String)>,
    /// What validation accepted but the user should see (unknown `format` values), for the
    /// caller to print: the library itself writes nothing.
    pub warnings: Vec<GenError>,
    /// The keywords written beside a `$ref` (which openapiv3 drops), by the JSON pointer of
    /// the mapping that holds them.
    pub ref_siblings: BTreeMap<String, RefSiblings>,
}

/// What OpenAPI 3.0 tools commonly honour beside a `$ref` (`{$ref: ..., nullable: true}`):
/// each set only when written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefSiblings {
    pub nullable: Option<bool>,
    pub description: Option<String>,
    pub deprecated: Option<bool>,
    pub read_only: Option<bool>,
    pub write_only: Option<bool>,
}

/// Every mapping of the document that has a `$ref` and one of the keywords of [`RefSiblings`].
fn find_ref_siblings(raw: &serde_yaml::Value) -> BTreeMap<String, RefSiblings> {
    fn walk(value: &serde_yaml::Value, path: &mut String, out: &mut BTreeMap<String, RefSiblings>) {
        match value {
            serde_yaml::Value::Mapping(map) => {
                if map.contains_key("$ref") && map.len() > 1 {
                    let flag = |key: &str| map.get(key).and_then(serde_yaml::Value::as_bool);
                    let siblings = RefSiblings {
                        nullable: flag("nullable"),
                        description: map
                            .get("description")
                            .and_then(serde_yaml::Value::as_str)
                            .map(str::to_string),
                        deprecated: flag("deprecated"),
                        read_only: flag("readOnly"),
                        write_only: flag("writeOnly"),
                    };
                    if siblings != RefSiblings::default() {
                        out.insert(path.clone(), siblings);
                    }
                }
                for (key, child) in map {
                    let len = path.len();
                    path.push('/');
                    path.push_str(&crate::error::pointer_segment(&key_segment(key)));
                    walk(child, path, out);
                    path.truncate(len);
                }
            }
            serde_yaml::Value::Sequence(items) => {
                for (i, child) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("/{i}"));
                    walk(child, path, out);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    walk(raw, &mut String::new(), &mut out);
    out
}

/// The files of one API version (one folder of the spec), merged.
#[derive(Debug, Clone)]
pub struct Version {
    /// The folder name: `v1`, `v2`.
    pub name: String,
    pub files: Vec<SpecFile>,
    pub merged: OpenAPI,
    /// For each path, the file it comes from (for error messages).
    pub path_origin: IndexMap<String, String>,
}

/// Everything the generator reads.
#[derive(Debug, Clone)]
pub struct SpecSet {
    pub versions: Vec<Version>,
    /// Files of the `examples/` folder next to the version folders: (file name, content).
    pub examples: Vec<(String, String)>,
}

impl SpecSet {
    /// The warnings of every file, in the order the files were read.
    pub fn warnings(&self) -> impl Iterator<Item = &GenError> {
        self.versions
            .iter()
            .flat_map(|v| &v.files)
            .flat_map(|f| &f.warnings)
    }

    /// The spec files in the order they were read, for the "generated from" header.
    pub fn sources(&self) -> Vec<&str> {
        self.versions
            .iter()
            .flat_map(|v| v.files.iter().map(|f| f.display.as_str()))
            .collect()
    }
}

fn io_error(path: &Path, err: std::io::Error) -> GenError {
    GenError::new(path.display().to_string(), format!("cannot read: {err}"))
}

/// The path as shown in messages and headers: relative to the folder that holds the spec
/// argument, so `--spec spec` gives `spec/v2/users.yaml` wherever it runs from.
fn display_path(path: &Path, base: Option<&Path>) -> String {
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let shown = base
        .and_then(|b| absolute.strip_prefix(b).ok())
        .unwrap_or(path);
    shown.display().to_string().replace('\\', "/")
}

fn is_spec_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| io_error(dir, e))?
        .map(|entry| entry.map(|e| e.path()).map_err(|e| io_error(dir, e)))
        .collect::<Result<Vec<_>>>()?;
    entries.sort();
    Ok(entries)
}

/// Loads `path`: a spec file (its folder name is the version), or a folder holding version
/// folders of spec files (and optionally an `examples/` folder), or a folder of spec files.
pub fn load(path: &Path) -> Result<SpecSet> {
    let base = path
        .canonicalize()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let base = base.as_deref();
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    let mut groups: Vec<(String, Vec<PathBuf>)> = Vec::new();
    let mut examples = Vec::new();
    if meta.is_file() {
        groups.push((folder_name(path), vec![path.to_path_buf()]));
    } else {
        let mut loose = Vec::new();
        for entry in sorted_entries(path)? {
            if entry.is_dir() {
                let name = entry
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string();
                if name == "examples" {
                    for example in sorted_entries(&entry)? {
                        if example.extension().and_then(|e| e.to_str()) == Some("rs") {
                            let content = std::fs::read_to_string(&example)
                                .map_err(|e| io_error(&example, e))?;
                            let file = example.file_name().unwrap_or_default();
                            examples.push((file.to_string_lossy().to_string(), content));
                        }
                    }
                    continue;
                }
                let files: Vec<_> = sorted_entries(&entry)?
                    .into_iter()
                    .filter(|p| is_spec_file(p))
                    .collect();
                if !files.is_empty() {
                    groups.push((name, files));
                }
            } else if is_spec_file(&entry) {
                loose.push(entry);
            }
        }
        if !loose.is_empty() {
            groups.insert(0, (folder_name(&loose[0]), loose));
        }
    }
    if groups.is_empty() {
        return Err(GenError::new(
            display_path(path, base),
            "no spec file (*.yaml, *.yml, *.json) found",
        ));
    }
    // Every file of every version at once, on every core; then each version's, in order.
    let paths: Vec<&PathBuf> = groups.iter().flat_map(|(_, paths)| paths).collect();
    let mut parsed = untimed(|| {
        crate::parallel::map(&paths, |path| time(Phase::Load, || parse_file(path, base)))
    })
    .into_iter();
    let versions = groups
        .into_iter()
        .map(|(name, paths)| {
            let files = parsed
                .by_ref()
                .take(paths.len())
                .collect::<Result<Vec<_>>>()?;
            merge(name, files)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(SpecSet { versions, examples })
}

fn folder_name(file: &Path) -> String {
    file.canonicalize()
        .ok()
        .and_then(|p| {
            p.parent()
                .and_then(|d| d.file_name())
                .map(|n| n.to_string_lossy().to_string())
        })
        .unwrap_or_else(|| "api".to_string())
}

/// Parses one file, named in messages relative to `base`. YAML and structure errors carry
/// `file:line:column`.
pub fn parse_file(path: &Path, base: Option<&Path>) -> Result<SpecFile> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
    parse_str(&display_path(path, base), &text)
}

pub fn parse_str(display: &str, text: &str) -> Result<SpecFile> {
    let yaml_error = |err: serde_yaml::Error| {
        let location = match err.location() {
            Some(loc) => format!("{display}:{}:{}", loc.line(), loc.column()),
            None => display.to_string(),
        };
        let message = err.to_string();
        // serde_yaml repeats the position at the end of the message; we already lead with it.
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_string(),
            None => message,
        };
        GenError::new(location, crate::validate::plain_yaml_message(&message))
    };
    check_nesting(display, text)?;
    // The version first: a 3.1 document may not even parse as 3.0, and should be told why.
    let raw: serde_yaml::Value = serde_yaml::from_str(text).map_err(yaml_error)?;
    check_finite(display, &raw)?;
    let version = match raw.get("openapi") {
        Some(serde_yaml::Value::String(v)) => v.clone(),
        Some(other) => format!("{other:?}"),
        None => {
            return Err(Pointer::root(display)
                .join("openapi")
                .error("missing `openapi` version: this is not an OpenAPI document"))
        }
    };
    if !version.starts_with("3.0") {
        return Err(Pointer::root(display).join("openapi").error(format!(
            "unsupported OpenAPI version {version:?}: only 3.0.x is supported"
        )));
    }
    let (cross_refs, warnings) = validate_raw(display, text, &raw)?;
    // From the tree already parsed; only a document openapiv3 refuses is parsed again from the
    // text, for the error's line:column.
    let doc: OpenAPI = match serde::Deserialize::deserialize(&raw) {
        Ok(doc) => doc,
        Err(_) => serde_yaml::from_str(text).map_err(yaml_error)?,
    };
    Ok(SpecFile {
        display: display.to_string(),
        doc,
        text: text.to_string(),
        cross_refs,
        warnings,
        ref_siblings: find_ref_siblings(&raw),
    })
}

/// The `$ref`s of a file that name another file: (JSON pointer, reference).
type CrossRefs = Vec<(String, String)>;

/// Validates a parsed file against the OpenAPI 3.0 schema and returns its cross-file
/// references and the warnings.
fn validate_raw(
    display: &str,
    text: &str,
    raw: &serde_yaml::Value,
) -> Result<(CrossRefs, Vec<GenError>)> {
    let value = serde_json::to_value(raw)
        .map_err(|e| GenError::new(display, format!("cannot read the document as JSON: {e}")))?;
    let document = crate::validate::Document {
        display,
        text,
        value: &value,
    };
    let warnings = time(Phase::Validate, || crate::validate::validate(&document))?;
    Ok((crate::cross_refs::find(&value), warnings))
}

/// Merges the files of one version. A component may appear in several files only if it is
/// identical in each; a path may appear in one file only; servers must agree.
pub fn merge(name: String, mut files: Vec<SpecFile>) -> Result<Version> {
    crate::cross_refs::resolve(&mut files)?;
    let mut merged = files[0].doc.clone();
    merged.paths.paths.clear();
    let mut path_origin = IndexMap::new();
    let mut components = MergedComponents::new(&files, merged.components.take());
    for (index, file) in files.iter().enumerate() {
        check_servers(file, &files[0])?;
        merge_paths(file, &mut merged.paths, &mut path_origin)?;
        for tag in &file.doc.tags {
            if !merged.tags.iter().any(|t| t.name == tag.name) {
                merged.tags.push(tag.clone());
            }
        }
        components.add(index)?;
    }
    merged.components = Some(components.merged);
    Ok(Version {
        name,
        files,
        merged,
        path_origin,
    })
}

/// Every file of a version declares the servers of its first.
fn check_servers(file: &SpecFile, first: &SpecFile) -> Result<()> {
    if file.doc.servers == first.doc.servers {
        return Ok(());
    }
    Err(Pointer::root(&file.display).join("servers").error(format!(
        "servers differ from those of {}; every file of a version must declare the same servers",
        first.display
    )))
}

/// Adds the paths of `file`, recording in `origin` the file of each: a path is defined in one
/// file only.
fn merge_paths(
    file: &SpecFile,
    into: &mut openapiv3::Paths,
    origin: &mut IndexMap<String, String>,
) -> Result<()> {
    for (path, item) in &file.doc.paths.paths {
        if let Some(first) = origin.get(path) {
            return Err(Pointer::root(&file.display)
                .join("paths")
                .join(path)
                .error(format!("path already defined in {first}")));
        }
        origin.insert(path.clone(), file.display.clone());
        into.paths.insert(path.clone(), item.clone());
    }
    Ok(())
}

/// The components of a version merged so far, and the file (its index) each came from, so
/// that a conflict can show both definitions.
struct MergedComponents<'a> {
    merged: openapiv3::Components,
    files: &'a [SpecFile],
    origin: IndexMap<(String, String), usize>,
}

impl<'a> MergedComponents<'a> {
    /// Starts from the first file's security schemes (`first`: its components).
    fn new(files: &'a [SpecFile], first: Option<openapiv3::Components>) -> Self {
        let merged = openapiv3::Components {
            security_schemes: first.unwrap_or_default().security_schemes,
            ..Default::default()
        };
        MergedComponents {
            merged,
            files,
            origin: IndexMap::new(),
        }
    }

    /// Adds the components of the file at `index`, of every kind lowering reads.
    fn add(&mut self, index: usize) -> Result<()> {
        let files = self.files;
        let Some(theirs) = &files[index].doc.components else {
            return Ok(());
        };
        let (into, origin) = (&mut self.merged, &mut self.origin);
        let at = (index, files);
        merge_map(&mut into.schemas, &theirs.schemas, "schemas", at, origin)?;
        merge_map(
            &mut into.parameters,
            &theirs.parameters,
            "parameters",
            at,
            origin,
        )?;
        merge_map(
            &mut into.request_bodies,
            &theirs.request_bodies,
            "requestBodies",
            at,
            origin,
        )?;
        merge_map(
            &mut into.responses,
            &theirs.responses,
            "responses",
            at,
            origin,
        )?;
        merge_map(
            &mut into.security_schemes,
            &theirs.security_schemes,
            "securitySchemes",
            at,
            origin,
        )
    }
}

/// Adds the components of one kind that the file at `index` of `files` defines. `origin`
/// records the file index each component came from, so that a conflict can show both
/// definitions.
fn merge_map<T: Clone + PartialEq + serde::Serialize>(
    into: &mut IndexMap<String, ReferenceOr<T>>,
    from: &IndexMap<String, ReferenceOr<T>>,
    kind: &str,
    (index, files): (usize, &[SpecFile]),
    origin: &mut IndexMap<(String, String), usize>,
) -> Result<()> {
    let file = &files[index];
    for (name, value) in from {
        let key = (kind.to_string(), name.clone());
        match into.get(name) {
            Some(existing) if existing != value => {
                let first = &files[origin.get(&key).copied().unwrap_or_default()];
                return Err(crate::cross_refs::conflict(
                    kind,
                    name,
                    (first, existing),
                    (file, value),
                ));
            }
            Some(_) => {}
            None => {
                into.insert(name.clone(), value.clone());
                origin.insert(key, index);
            }
        }
    }
    Ok(())
}

/// How deep mappings and sequences may nest in a spec file. serde_yaml refuses more than 128
/// levels too, but only after libyaml has scanned the whole file, in time quadratic in the depth
/// (20,000 levels took 7 s; 100,000 never finished).
pub const MAX_NESTING: usize = 128;

/// Refuses nesting deeper than [`MAX_NESTING`] at the first collection past it. The events are
/// read one at a time and reading stops there, so a hostile file costs no more than its first
/// levels. A syntax error is left for serde_yaml to report, with its usual message.
fn check_nesting(display: &str, text: &str) -> Result<()> {
    use yaml_rust2::Event;
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    let mut depth = 0usize;
    let too_deep = |mark: &yaml_rust2::scanner::Marker| {
        GenError::new(
            format!("{display}:{}:{}", mark.line(), mark.col() + 1),
            format!("nested deeper than {MAX_NESTING} levels of mappings and sequences"),
        )
    };
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => return Ok(()),
            // The scanner reads flow collections (`[[[...`) ahead of the events, and stops at
            // 256 open ones: that too is nesting past the limit.
            Err(e) if e.info() == "recursion limit exceeded" => return Err(too_deep(e.marker())),
            Err(_) => return Ok(()),
            Ok((Event::MappingStart(..) | Event::SequenceStart(..), mark)) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep(&mark));
                }
            }
            Ok((Event::MappingEnd | Event::SequenceEnd, _)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
        }
    }
}

/// Refuses `.inf` and `.nan` anywhere in the document, keys included, at their JSON pointer:
/// JSON, and so OpenAPI, has no such numbers, and openapiv3 panics on some of them.
fn check_finite(display: &str, raw: &serde_yaml::Value) -> Result<()> {
    let Some((mut segments, number)) = non_finite(raw) else {
        return Ok(());
    };
    segments.reverse();
    let pointer = segments
        .iter()
        .fold(Pointer::root(display), |pointer, segment| {
            pointer.join(segment)
        });
    Err(pointer.error(format!(
        "the number {number} is not finite: JSON and OpenAPI have no infinity or NaN"
    )))
}

/// The first non-finite number in `value`, with the path to it from the innermost segment out.
/// serde_yaml has already refused nesting past 128 levels, which bounds the recursion.
fn non_finite(value: &serde_yaml::Value) -> Option<(Vec<String>, serde_yaml::Number)> {
    use serde_yaml::Value;
    match value {
        Value::Number(n) if n.as_f64().is_some_and(|f| !f.is_finite()) => {
            Some((Vec::new(), n.clone()))
        }
        Value::Sequence(items) => items.iter().enumerate().find_map(|(index, item)| {
            non_finite(item).map(|(mut path, n)| {
                path.push(index.to_string());
                (path, n)
            })
        }),
        Value::Mapping(entries) => entries.iter().find_map(|(key, item)| {
            let (mut path, n) = match non_finite(key) {
                Some((_, n)) => (Vec::new(), n),
                None => non_finite(item)?,
            };
            path.push(key_segment(key));
            Some((path, n))
        }),
        Value::Tagged(tagged) => non_finite(&tagged.value),
        _ => None,
    }
}

/// A mapping key as a JSON pointer segment (YAML keys need not be strings).
fn key_segment(key: &serde_yaml::Value) -> String {
    use serde_yaml::Value;
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        _ => "(a non-scalar key)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_errors_name_file_line_and_column() {
        let err = parse_str("spec/v2/x.yaml", "openapi: 3.0.3\ninfo: [\n").unwrap_err();
        assert!(err.location.starts_with("spec/v2/x.yaml:"), "{err}");
    }

    #[test]
    fn structure_errors_name_the_position() {
        let err = parse_str("x.yaml", "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 7\n").unwrap_err();
        assert!(err.location.starts_with("x.yaml:"), "{err}");
    }

    #[test]
    fn openapi_31_is_refused() {
        let err = parse_str(
            "x.yaml",
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
        )
        .unwrap_err();
        assert_eq!(err.location, "x.yaml#/openapi");
    }

    #[test]
    fn conflicting_components_are_refused() {
        let a = parse_str("a.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {X: {type: string}}}\n").unwrap();
        let b = parse_str("b.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {X: {type: integer}}}\n").unwrap();
        let err = merge("v1".into(), vec![a, b]).unwrap_err();
        assert_eq!(err.location, "b.yaml:4:28");
        assert!(err.message.contains("a.yaml:4:28: \"string\""), "{err}");
        assert!(err.message.contains("b.yaml:4:28: \"integer\""), "{err}");
        assert!(
            err.message
                .contains("differ at #/components/schemas/X/type"),
            "{err}"
        );
    }
}
