//! The Rust side: what the generated crate exposes for a spec position, read from the IR, and
//! Rust types spelled as callers write them.

use crate::error::Pointer;
use crate::ir::{
    ApiIr, EnumValue, Field, OperationIr, TypeDef, TypeKind, TypeRef, Variant, VersionIr,
};
use std::collections::BTreeMap;

/// The IR of one version, indexed.
pub(crate) struct Ir<'a> {
    pub ir: &'a VersionIr,
    types: BTreeMap<&'a str, &'a TypeDef>,
}

/// A Rust position holding the value of a spec position: a struct field, an argument, a return
/// type, a variant. Compared on both sides to decide whether a spec change breaks callers.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub ty: TypeRef,
    /// The spec position is nullable (for a field: `Option` in its stored type).
    pub nullable: bool,
    /// The type as callers see it (a field's stored type, with its `Option`s).
    pub shown: String,
    /// What holds it: "field `User::name`", "the return type of `UsersAPI::get_user`".
    pub what: String,
}

impl Slot {
    pub fn plain(ty: &TypeRef, what: String) -> Self {
        Slot {
            ty: ty.clone(),
            nullable: false,
            shown: render(ty),
            what,
        }
    }

    pub fn field(owner: &str, field: &Field) -> Self {
        Slot {
            ty: field.ty.clone(),
            nullable: field.presence.is_nullable(),
            shown: stored(field),
            what: format!("field `{owner}::{}`", field.name),
        }
    }

    /// The slot of a nullable-aware position (array items: `Option<T>` when nullable).
    pub fn unwrapped(ty: &TypeRef, what: String) -> Self {
        match ty {
            TypeRef::Option(inner) => Slot {
                ty: (**inner).clone(),
                nullable: true,
                shown: render(ty),
                what,
            },
            _ => Slot::plain(ty, what),
        }
    }
}

/// Both sides of a slot; a side is missing when the IR has nothing there.
#[derive(Debug, Clone, Default)]
pub(crate) struct SlotPair {
    pub old: Option<Slot>,
    pub new: Option<Slot>,
}

impl SlotPair {
    pub fn new(old: Option<Slot>, new: Option<Slot>) -> Self {
        SlotPair { old, new }
    }
}

/// A type as callers write it: the type emit writes (`emit::type_tokens`, the one place
/// that spells Rust types), without the paths of the crates callers import from (`chrono::`,
/// `uuid::`, `std::collections::`) nor the module of model types.
pub(crate) fn render(ty: &TypeRef) -> String {
    let written = crate::emit::type_tokens(ty, &quote::quote! {}).to_string();
    let spelled = written
        .replace(" :: ", "::")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",");
    ["chrono::", "uuid::", "std::collections::"]
        .iter()
        .fold(spelled, |text, path| text.replace(path, ""))
}

/// The type a struct field is stored as (as emit::models writes it).
pub(crate) fn stored(field: &Field) -> String {
    let inner = if field.boxed {
        format!("Box<{}>", render(&field.ty))
    } else {
        render(&field.ty)
    };
    (0..field.presence.options()).fold(inner, |ty, _| format!("Option<{ty}>"))
}

/// The type of a required field's argument of `new`.
pub(crate) fn new_argument(field: &Field) -> String {
    let ty = render(&field.ty);
    let ty = if field.presence.is_nullable() {
        format!("Option<{ty}>")
    } else {
        ty
    };
    format!("{}: {ty}", field.name)
}

impl<'a> Ir<'a> {
    pub fn new(ir: &'a VersionIr) -> Self {
        Ir {
            ir,
            types: ir.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    pub fn type_def(&self, name: &str) -> Option<&'a TypeDef> {
        self.types.get(name).copied()
    }

    pub fn types(&self) -> impl Iterator<Item = &'a TypeDef> + '_ {
        self.ir.types.iter()
    }

    /// The type defined for a component schema (by its pointer).
    pub fn component_type(&self, pointer: &Pointer) -> Option<&'a TypeDef> {
        self.ir.types.iter().find(|t| t.source == *pointer)
    }

    /// Follows `pub type` aliases (transparent for callers) and nothing else.
    pub fn through_alias(&self, ty: &TypeRef) -> TypeRef {
        let mut current = ty.clone();
        for _ in 0..16 {
            match &current {
                TypeRef::Named(name) => match self.type_def(name).map(|d| &d.kind) {
                    Some(TypeKind::Alias(target)) => current = target.clone(),
                    _ => break,
                },
                _ => break,
            }
        }
        current
    }

    fn named_def(&self, ty: &TypeRef) -> Option<&'a TypeDef> {
        match self.through_alias(ty) {
            TypeRef::Named(name) => self.type_def(&name),
            _ => None,
        }
    }

    /// The struct a type is, and its fields.
    pub fn fields(&self, ty: &TypeRef) -> Option<(&'a str, &'a [Field])> {
        let def = self.named_def(ty)?;
        match &def.kind {
            TypeKind::Struct { fields } => Some((def.name.as_str(), fields.as_slice())),
            _ => None,
        }
    }

    pub fn field(&self, ty: &TypeRef, wire: &str) -> Option<(&'a str, &'a Field)> {
        let (owner, fields) = self.fields(ty)?;
        fields.iter().find(|f| f.wire == wire).map(|f| (owner, f))
    }

    pub fn enum_values(&self, ty: &TypeRef) -> Option<(&'a str, &'a [EnumValue])> {
        let def = self.named_def(ty)?;
        match &def.kind {
            TypeKind::Enum { values, .. } => Some((def.name.as_str(), values.as_slice())),
            _ => None,
        }
    }

    pub fn variants(&self, ty: &TypeRef) -> Option<(&'a str, &'a [Variant])> {
        let def = self.named_def(ty)?;
        match &def.kind {
            TypeKind::OneOf { variants, .. } => Some((def.name.as_str(), variants.as_slice())),
            _ => None,
        }
    }

    pub fn items(&self, ty: &TypeRef) -> Option<TypeRef> {
        match self.through_alias(ty) {
            TypeRef::Vec(inner) => Some(*inner),
            _ => None,
        }
    }

    pub fn map_value(&self, ty: &TypeRef) -> Option<TypeRef> {
        match self.through_alias(ty) {
            TypeRef::Map(inner) => Some(*inner),
            _ => None,
        }
    }

    /// Whether a named type is a component schema (named by the spec) rather than an inline
    /// schema named after where it is.
    fn is_component(def: &TypeDef) -> bool {
        def.source.is_component_schema()
    }

    /// The type with aliases followed, and inline types reduced to their kind: two slots whose
    /// normal forms are equal hold the same Rust type up to renames of inline types (which
    /// follow from renames of their owner, reported there). `renames` maps old component type
    /// names to new ones (reported once, as `schema-renamed`).
    pub fn normal(&self, ty: &TypeRef, renames: &BTreeMap<String, String>) -> String {
        match self.through_alias(ty) {
            TypeRef::Named(name) => match self.type_def(&name) {
                Some(def) if !Self::is_component(def) => match &def.kind {
                    TypeKind::Struct { .. } => "<inline struct>".into(),
                    TypeKind::Enum { .. } => "<inline enum>".into(),
                    TypeKind::OneOf { .. } => "<inline oneOf>".into(),
                    TypeKind::Alias(target) => self.normal(target, renames),
                },
                // A component: its name, and its kind (a struct that became an enum breaks).
                Some(def) => {
                    let kind = match &def.kind {
                        TypeKind::Struct { .. } => "struct",
                        TypeKind::Enum { .. } => "enum",
                        TypeKind::OneOf { .. } => "oneOf",
                        TypeKind::Alias(_) => "alias",
                    };
                    format!("{} ({kind})", renames.get(&name).unwrap_or(&name))
                }
                None => renames.get(&name).cloned().unwrap_or(name),
            },
            TypeRef::Vec(inner) => format!("Vec<{}>", self.normal(&inner, renames)),
            TypeRef::Map(inner) => format!("Map<{}>", self.normal(&inner, renames)),
            TypeRef::Option(inner) => format!("Option<{}>", self.normal(&inner, renames)),
            other => render(&other),
        }
    }

    /// What kind of named type a type is: "a struct", "an enum"...
    pub fn kind(&self, ty: &TypeRef) -> Option<&'static str> {
        Some(match &self.named_def(ty)?.kind {
            TypeKind::Struct { .. } => "a struct",
            TypeKind::Enum { .. } => "an enum",
            TypeKind::OneOf { .. } => "a oneOf enum",
            TypeKind::Alias(_) => "an alias",
        })
    }
}

/// `UsersAPI::list_users`.
pub(crate) fn method(api: &ApiIr, op: &OperationIr) -> String {
    format!("{}::{}", api.struct_name, op.method_name)
}

#[cfg(test)]
mod tests {
    use super::render;
    use crate::ir::TypeRef;

    /// Types as a caller writes them in a signature, for every kind of type.
    #[test]
    fn render_spells_types_as_callers_write_them() {
        let named = || Box::new(TypeRef::Named("User".into()));
        let cases = [
            (TypeRef::Bool, "bool"),
            (TypeRef::I64, "i64"),
            (TypeRef::F32, "f32"),
            (TypeRef::String, "String"),
            (TypeRef::DateTime, "DateTime<Utc>"),
            (TypeRef::Date, "NaiveDate"),
            (TypeRef::Uuid, "Uuid"),
            (TypeRef::Bytes, "Vec<u8>"),
            (TypeRef::Value, "serde_json::Value"),
            (TypeRef::Vec(named()), "Vec<User>"),
            (
                TypeRef::Map(Box::new(TypeRef::Option(named()))),
                "BTreeMap<String, Option<User>>",
            ),
            (
                TypeRef::Option(Box::new(TypeRef::Vec(Box::new(TypeRef::DateTime)))),
                "Option<Vec<DateTime<Utc>>>",
            ),
        ];
        for (ty, spelled) in cases {
            assert_eq!(render(&ty), spelled, "{ty:?}");
        }
    }
}
