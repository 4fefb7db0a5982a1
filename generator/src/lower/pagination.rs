//! Pagination (`x-pagination`): the parameters it sets and the paths it follows in responses.

use super::Lowerer;
use crate::error::{Pointer, Result};
use crate::ir::{
    CursorTarget, Field, OperationIr, PageCount, Pagination, PaginationSpec, ParamIr, Step, Total,
    TypeKind, TypeRef,
};

/// Where a response gives the total number of items when `x-pagination` has no `totalPath`:
/// the first of these that the response declares as an integer. Only names that count items
/// are taken (a bare `total` may count pages, as in SearchCases); `total_filtered_count`
/// first, since a filtered walk returns no more than that.
const TOTAL_CONVENTION: [&str; 6] = [
    "meta.page.total_filtered_count",
    "meta.page.total_count",
    "metadata.page.total_filtered_count",
    "metadata.page.total_count",
    "meta.total_filtered_count",
    "meta.total_count",
];

/// The keys of an `x-pagination` extension that the generator reads.
pub(super) fn read_spec(value: &serde_json::Value) -> PaginationSpec {
    let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let integer = |key: &str| value.get(key).and_then(|v| v.as_i64());
    PaginationSpec {
        limit_param: text("limitParam"),
        limit_default: integer("limitDefault"),
        page_param: text("pageParam"),
        page_start: integer("pageStart"),
        page_offset_param: text("pageOffsetParam"),
        cursor_param: text("cursorParam"),
        cursor_path: text("cursorPath"),
        results_path: text("resultsPath"),
        total_path: text("totalPath"),
    }
}

/// The optional parameter of the operation that `key` of `x-pagination` names.
fn optional_param<'o>(
    operation: &'o OperationIr,
    wire: &str,
    (at, key): (&Pointer, &str),
) -> Result<&'o ParamIr> {
    operation
        .params
        .iter()
        .find(|p| p.wire == wire && !p.required)
        .ok_or_else(|| {
            at.join(key).error(format!(
                "{wire:?} is not an optional parameter of this operation"
            ))
        })
}

/// What every pagination walks in the response: its type, the steps to the items and the
/// type of an item.
struct Walked {
    success: TypeRef,
    results: Vec<Step>,
    item: TypeRef,
}

impl Lowerer<'_> {
    /// The pagination of an operation, from its `x-pagination` extension.
    pub(super) fn pagination(
        &self,
        operation: &OperationIr,
        spec: &PaginationSpec,
        at: &Pointer,
    ) -> Result<Pagination> {
        // Without resultsPath, the response itself is the array of items.
        let results_path = spec.results_path.as_deref().unwrap_or_default();
        let success = operation
            .success
            .clone()
            .ok_or_else(|| at.error("a paginated operation needs a response body"))?;
        let (results, results_ty) = self.walk(&success, results_path, &at.join("resultsPath"))?;
        let TypeRef::Vec(item) = self.unalias(results_ty) else {
            return Err(at
                .join("resultsPath")
                .error(format!("{results_path:?} is not an array")));
        };
        let walked = Walked {
            success,
            results,
            item: *item,
        };
        match spec.cursor_param.as_deref() {
            Some(cursor_param) => self.cursor_pagination(operation, spec, cursor_param, walked, at),
            None => self.page_pagination(operation, spec, walked, at),
        }
    }

    /// A cursor pagination: the cursor of the next page read at `cursorPath`, sent in
    /// `cursorParam` (a parameter, or `body.` and the path to a property of the body).
    fn cursor_pagination(
        &self,
        operation: &OperationIr,
        spec: &PaginationSpec,
        cursor_param: &str,
        walked: Walked,
        at: &Pointer,
    ) -> Result<Pagination> {
        let cursor_path = spec
            .cursor_path
            .as_deref()
            .ok_or_else(|| at.error("x-pagination with cursorParam needs cursorPath"))?;
        let (cursor, cursor_ty) =
            self.walk(&walked.success, cursor_path, &at.join("cursorPath"))?;
        if self.unalias(cursor_ty) != TypeRef::String {
            return Err(at.join("cursorPath").error("the cursor must be a string"));
        }
        let target = match cursor_param.strip_prefix("body.") {
            Some(inside) => self.cursor_in_body(operation, inside, &at.join("cursorParam"))?,
            None => CursorTarget::Param(
                optional_param(operation, cursor_param, (at, "cursorParam"))?
                    .name
                    .clone(),
            ),
        };
        Ok(Pagination::Cursor {
            target,
            results: walked.results,
            cursor,
            item: walked.item,
        })
    }

    /// A page pagination: a page size parameter, and the page's number or its offset.
    fn page_pagination(
        &self,
        operation: &OperationIr,
        spec: &PaginationSpec,
        walked: Walked,
        at: &Pointer,
    ) -> Result<Pagination> {
        let limit = spec
            .limit_param
            .as_deref()
            .ok_or_else(|| at.error("x-pagination needs limitParam"))?;
        let size = optional_param(operation, limit, (at, "limitParam"))?;
        let default_size = spec
            .limit_default
            .or_else(|| size.default.as_ref().and_then(|v| v.as_i64()));
        let (page, counts) = match (
            spec.page_param.as_deref(),
            spec.page_offset_param.as_deref(),
        ) {
            (Some(page), _) => {
                let first = spec.page_start.unwrap_or(0);
                (
                    optional_param(operation, page, (at, "pageParam"))?,
                    PageCount::Pages { first },
                )
            }
            (None, Some(offset)) => {
                // The next offset is the page size times the pages read: it must be known.
                if default_size.is_none() {
                    return Err(at.join("limitParam").error(
                        "offset pagination needs a default page size (limitDefault, or a default of the limit parameter)",
                    ));
                }
                (
                    optional_param(operation, offset, (at, "pageOffsetParam"))?,
                    PageCount::Items,
                )
            }
            (None, None) => {
                return Err(at.error("x-pagination needs pageParam, pageOffsetParam or cursorParam"))
            }
        };
        Ok(Pagination::PageNumber {
            size_param: size.name.clone(),
            page_param: page.name.clone(),
            page_ty: page.ty.clone(),
            default_size,
            counts,
            results: walked.results,
            total: self.total(
                &walked.success,
                spec.total_path.as_deref(),
                &at.join("totalPath"),
            )?,
            item: walked.item,
        })
    }

    /// Where the response gives the total number of items: `totalPath` when given (it must
    /// lead to an integer), else the first path of [`TOTAL_CONVENTION`] the response has.
    fn total(&self, success: &TypeRef, given: Option<&str>, at: &Pointer) -> Result<Option<Total>> {
        let integer = |(steps, ty): (Vec<Step>, TypeRef)| match self.unalias(ty) {
            ty @ (TypeRef::I32 | TypeRef::I64) => Some(Total { steps, ty }),
            _ => None,
        };
        if let Some(path) = given {
            return integer(self.walk(success, path, at)?)
                .map(Some)
                .ok_or_else(|| at.error(format!("{path:?} is not an integer")));
        }
        Ok(TOTAL_CONVENTION
            .iter()
            .find_map(|path| integer(self.walk(success, path, at).ok()?)))
    }

    /// The steps from the request body to the cursor (`page.cursor` of `body.page.cursor`).
    /// The stream sets it in its copy of the body, creating what is absent, so each step that
    /// may be absent (and an optional body) must be a struct with no required property.
    fn cursor_in_body(
        &self,
        operation: &OperationIr,
        inside: &str,
        at: &Pointer,
    ) -> Result<CursorTarget> {
        let body = operation
            .body
            .as_ref()
            .ok_or_else(|| at.error("the cursor is in the request body, but there is none"))?;
        if !body.required {
            self.defaultable(&body.ty, "the optional request body", at)?;
        }
        let (steps, ty) = self.walk(&body.ty, inside, at)?;
        if steps.is_empty() || self.unalias(ty) != TypeRef::String {
            return Err(at.error("the cursor must be a string property of the body"));
        }
        let parts = inside.split('.').filter(|part| !part.is_empty());
        let mut current = body.ty.clone();
        for (part, step) in parts.zip(&steps).take(steps.len() - 1) {
            let (_, next) = self.walk(&current, part, at)?;
            if step.presence.options() > 0 {
                self.defaultable(&next, &format!("{part:?}"), at)?;
            }
            current = next;
        }
        Ok(CursorTarget::Body(steps))
    }

    /// Checks that `ty` is a struct with no required property (it derives `Default`).
    fn defaultable(&self, ty: &TypeRef, what: &str, at: &Pointer) -> Result<()> {
        match self.struct_fields(&self.unalias(ty.clone())) {
            Some(fields) if fields.iter().all(|f| !f.presence.is_required()) => Ok(()),
            _ => Err(at.error(format!(
                "{what} may be absent and cannot be created to hold the cursor (it is not an object without required properties)"
            ))),
        }
    }

    /// The fields of a struct type held inline (through an `Option`), None for another type.
    pub(super) fn struct_fields(&self, ty: &TypeRef) -> Option<&Vec<Field>> {
        let name = ty.holds_inline()?;
        match &self.types.iter().find(|t| t.name == name)?.kind {
            TypeKind::Struct { fields } => Some(fields),
            _ => None,
        }
    }

    /// The type an alias stands for (through every alias), or the type itself.
    pub(super) fn unalias(&self, ty: TypeRef) -> TypeRef {
        let mut current = ty;
        for _ in 0..self.types.len() {
            let Some(def) = current
                .holds_inline()
                .and_then(|name| self.types.iter().find(|t| t.name == name))
            else {
                break;
            };
            let TypeKind::Alias(target) = &def.kind else {
                break;
            };
            current = match current {
                TypeRef::Option(_) => TypeRef::Option(Box::new(target.clone())),
                _ => target.clone(),
            };
        }
        current
    }

    /// Follows a dotted path (`meta.page.next_cursor`) through the response types, and
    /// through the aliases of `$ref`s; an empty path is the response itself.
    fn walk(&self, start: &TypeRef, path: &str, at: &Pointer) -> Result<(Vec<Step>, TypeRef)> {
        let mut current = start.clone();
        let mut steps = Vec::new();
        for part in path.split('.').filter(|part| !part.is_empty()) {
            current = self.unalias(current);
            let name = current
                .holds_inline()
                .ok_or_else(|| {
                    at.error(format!(
                        "cannot follow {path:?}: {part:?} is not inside an object"
                    ))
                })?
                .to_string();
            let def = self
                .types
                .iter()
                .find(|t| t.name == name)
                .ok_or_else(|| at.error(format!("cannot follow {path:?}")))?;
            let TypeKind::Struct { fields } = &def.kind else {
                return Err(at.error(format!("cannot follow {path:?}: {name} is not an object")));
            };
            let field = fields
                .iter()
                .find(|f| f.wire == part)
                .ok_or_else(|| at.error(format!("{name} has no property {part:?}")))?;
            steps.push(Step {
                field: field.name.clone(),
                presence: field.presence,
            });
            current = field.ty.clone();
        }
        Ok((steps, current))
    }
}
