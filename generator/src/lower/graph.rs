//! Whole-graph passes, once every type is defined: alias cycles, features, boxing.

use super::Lowerer;
use crate::error::GenError;
use crate::ir::{ApiIr, TypeKind, TypeRef, Untyped, UntypedWhy};
use std::collections::{BTreeMap, BTreeSet};

impl Lowerer<'_> {
    /// Refuses aliases that contain themselves: `A: {$ref: B}`, `B: {$ref: A}` (or a
    /// one-member allOf), and also `A: {type: array, items: {$ref: A}}` or a map of itself.
    /// A Rust type alias cannot be recursive, even through a `Vec` (E0391): each alias on a
    /// cycle is refused and becomes a JSON value.
    pub(super) fn check_alias_cycles(&mut self) {
        let aliases: BTreeMap<&str, &TypeRef> = self
            .types
            .iter()
            .filter_map(|t| match &t.kind {
                TypeKind::Alias(target) => Some((t.name.as_str(), target)),
                _ => None,
            })
            .collect();
        let mut cyclic = Vec::new();
        for (index, def) in self.types.iter().enumerate() {
            let TypeKind::Alias(target) = &def.kind else {
                continue;
            };
            let mut seen = BTreeSet::new();
            let mut current = target;
            let mut through_container = false;
            loop {
                through_container |= current.holds_inline().is_none();
                let Some(name) = current.named() else { break };
                if name == def.name {
                    let message = if through_container {
                        "the schema is an array or a map of itself, which Rust cannot represent as a type alias; give the items an object schema"
                    } else {
                        "the schema is only a reference to itself (through $ref or a one-member allOf)"
                    };
                    cyclic.push((index, GenError::new(def.source.to_string(), message)));
                    break;
                }
                match aliases.get(name) {
                    Some(next) if seen.insert(name) => current = next,
                    _ => break,
                }
            }
        }
        for (index, refusal) in cyclic {
            self.untyped.push(Untyped {
                at: self.types[index].source.clone(),
                why: UntypedWhy::Refused,
            });
            self.types[index].kind = TypeKind::Alias(TypeRef::Value);
            self.refused.push(refusal);
        }
    }

    /// Marks each type with the API features whose operations reach it.
    pub(super) fn assign_features(&mut self, apis: &[ApiIr]) {
        let index: BTreeMap<String, usize> = self
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        for api in apis {
            let mut stack: Vec<String> = Vec::new();
            for op in &api.operations {
                let mut refs: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
                refs.extend(op.body.iter().map(|b| &b.ty));
                refs.extend(op.success.iter());
                refs.extend(op.errors.iter().filter_map(|e| e.ty.as_ref()));
                stack.extend(refs.into_iter().filter_map(|r| r.named()).map(String::from));
            }
            while let Some(name) = stack.pop() {
                let Some(&i) = index.get(&name) else { continue };
                if !self.types[i].features.insert(api.feature.clone()) {
                    continue;
                }
                stack.extend(
                    referenced(&self.types[i].kind)
                        .into_iter()
                        .map(String::from),
                );
            }
        }
        self.ungate_what_ungated_types_use(&index);
    }

    /// A type no operation reaches (an unused schema, or one used only by a refused
    /// operation) is compiled with every feature set: so must be every type it uses.
    fn ungate_what_ungated_types_use(&mut self, index: &BTreeMap<String, usize>) {
        let mut stack: Vec<String> = self
            .types
            .iter()
            .filter(|t| t.features.is_empty())
            .flat_map(|t| referenced(&t.kind).into_iter().map(String::from))
            .collect();
        while let Some(name) = stack.pop() {
            let Some(&i) = index.get(&name) else { continue };
            if self.types[i].features.is_empty() {
                continue;
            }
            self.types[i].features.clear();
            stack.extend(
                referenced(&self.types[i].kind)
                    .into_iter()
                    .map(String::from),
            );
        }
    }

    /// Boxes the fields through which a type contains itself.
    pub(super) fn box_cycles(&mut self) {
        let edges: BTreeMap<String, Vec<String>> = self
            .types
            .iter()
            .map(|t| {
                let inline = match &t.kind {
                    TypeKind::Struct { fields } => fields
                        .iter()
                        .filter_map(|f| f.ty.holds_inline())
                        .map(String::from)
                        .collect(),
                    TypeKind::Alias(ty) => {
                        ty.holds_inline().map(String::from).into_iter().collect()
                    }
                    // oneOf variants are always boxed when they are named types.
                    _ => Vec::new(),
                };
                (t.name.clone(), inline)
            })
            .collect();
        let reaches = |from: &str, to: &str| {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from.to_string()];
            while let Some(node) = stack.pop() {
                if node == to {
                    return true;
                }
                if seen.insert(node.clone()) {
                    stack.extend(edges.get(&node).into_iter().flatten().cloned());
                }
            }
            false
        };
        for def in &mut self.types {
            let owner = def.name.clone();
            if let TypeKind::Struct { fields } = &mut def.kind {
                for field in fields {
                    if let Some(target) = field.ty.holds_inline() {
                        field.boxed = reaches(target, &owner);
                    }
                }
            }
        }
    }
}

/// The named types a definition mentions.
pub fn referenced(kind: &TypeKind) -> Vec<&str> {
    match kind {
        TypeKind::Struct { fields } => fields.iter().filter_map(|f| f.ty.named()).collect(),
        TypeKind::OneOf { variants, .. } => variants.iter().filter_map(|v| v.ty.named()).collect(),
        TypeKind::Alias(ty) => ty.named().into_iter().collect(),
        TypeKind::Enum { .. } => Vec::new(),
    }
}
