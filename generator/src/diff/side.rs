//! One side of a comparison: one spec version's IR (operations, parameters, bodies,
//! responses, schemas, servers and security schemes as lowering read them, with their
//! pointers). The diff reads nothing else of the spec.

use super::rust::Ir;
use crate::ir::{ComponentSchema, SchemaUse, VersionIr, WireSchema};
use std::collections::BTreeMap;

/// Only the IR: the types keep the diff from reading the spec.
pub(crate) struct Side<'a> {
    pub ir: Ir<'a>,
    /// The component schemas, by name.
    schemas: BTreeMap<&'a str, &'a ComponentSchema>,
}

impl<'a> Side<'a> {
    pub fn new(ir: &'a VersionIr) -> Self {
        let schemas = ir.schemas.iter().map(|s| (s.name.as_str(), s)).collect();
        Side {
            ir: Ir::new(ir),
            schemas,
        }
    }

    pub fn name(&self) -> &str {
        &self.ir.ir.name
    }

    /// The first file of the version (servers, which every file repeats, are located there).
    pub fn first_file(&self) -> &str {
        self.ir
            .ir
            .sources
            .first()
            .map(String::as_str)
            .unwrap_or("spec")
    }

    /// The component schemas, in document order.
    pub fn schemas(&self) -> impl Iterator<Item = &'a ComponentSchema> {
        self.ir.ir.schemas.iter()
    }

    pub fn schema(&self, name: &str) -> Option<&'a ComponentSchema> {
        self.schemas.get(name).copied()
    }

    /// The schema node a use stands for: in place, or the component its `$ref`s end at (as
    /// lowering followed them).
    pub fn node<'v>(&'v self, schema: &'v SchemaUse) -> Option<&'v WireSchema> {
        match schema {
            SchemaUse::Inline(node) => Some(node),
            SchemaUse::Ref { target, .. } => match &self.schema(target)?.schema {
                SchemaUse::Inline(node) => Some(node),
                SchemaUse::Ref { .. } => None,
            },
        }
    }
}
