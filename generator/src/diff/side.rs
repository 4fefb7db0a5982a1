//! One side of a comparison: one spec version's IR (operations, parameters, bodies and
//! responses as lowering read them, with the pointers to their JSON), its merged document as
//! JSON (in which schemas are walked as written), and the file each component comes from.

use super::rust::Ir;
use crate::error::{GenError, Pointer, Result};
use crate::ir::VersionIr;
use crate::load::Version;
use serde_json::Value;
use std::collections::BTreeMap;

pub(crate) struct Side<'a> {
    pub version: &'a Version,
    pub doc: Value,
    pub ir: Ir<'a>,
    /// (kind, name) of each component -> the first file that defines it.
    component_files: BTreeMap<(String, String), String>,
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Side<'a> {
    pub fn new(version: &'a Version, ir: &'a VersionIr) -> Result<Self> {
        let doc = serde_json::to_value(&version.merged).map_err(|e| {
            GenError::new(
                version.name.clone(),
                format!("internal error: cannot read the merged spec: {e}"),
            )
        })?;
        let mut component_files = BTreeMap::new();
        for file in &version.files {
            let Ok(Value::Object(components)) = serde_json::to_value(&file.doc.components) else {
                continue;
            };
            for (kind, items) in &components {
                for name in items.as_object().into_iter().flat_map(|m| m.keys()) {
                    component_files
                        .entry((kind.clone(), name.clone()))
                        .or_insert_with(|| file.display.clone());
                }
            }
        }
        Ok(Side {
            version,
            doc,
            ir: Ir::new(ir),
            component_files,
        })
    }

    pub fn name(&self) -> &str {
        &self.version.name
    }

    /// The first file of the version (servers, which every file repeats, are located there).
    pub fn first_file(&self) -> &str {
        self.version
            .files
            .first()
            .map(|f| f.display.as_str())
            .unwrap_or("spec")
    }

    /// The file that defines a component (the first one, when several files share it).
    pub fn component_file(&self, kind: &str, name: &str) -> &str {
        self.component_files
            .get(&(kind.to_string(), name.to_string()))
            .map(String::as_str)
            .unwrap_or_else(|| self.first_file())
    }

    pub fn component_pointer(&self, kind: &str, name: &str) -> Pointer {
        Pointer::root(self.component_file(kind, name))
            .join("components")
            .join(kind)
            .join(name)
    }

    pub fn component(&self, kind: &str, name: &str) -> Option<&Value> {
        self.doc.get("components")?.get(kind)?.get(name)
    }

    /// The names of the components of one kind, in document order.
    pub fn component_names(&self, kind: &str) -> Vec<String> {
        self.doc
            .get("components")
            .and_then(|c| c.get(kind))
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Follows a schema's `$ref`s to the schema they name; the pointer follows too. (The
    /// `$ref`s of parameters, bodies and responses were followed by lowering: their IR holds
    /// where they lead.)
    pub fn resolve<'v>(&'v self, mut value: &'v Value, mut at: Pointer) -> (&'v Value, Pointer) {
        for _ in 0..32 {
            let Some(name) = schema_ref(value) else {
                break;
            };
            match self.component("schemas", name) {
                Some(target) => {
                    at = self.component_pointer("schemas", name);
                    value = target;
                }
                None => break,
            }
        }
        (value, at)
    }
}

/// The schema component a value refers to, if it is a `$ref` to one
/// (`#/components/schemas/User`: `User`).
pub(crate) fn schema_ref(value: &Value) -> Option<&str> {
    value.get("$ref")?.as_str()?.strip_prefix(SCHEMA_PREFIX)
}
