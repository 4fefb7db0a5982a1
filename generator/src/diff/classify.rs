//! Breaking on the wire: a client built from OLD, against a server that follows NEW. What the
//! client sends (parameters, request bodies) must still be accepted; what the server sends
//! (responses) must still be understood by that client.
//!
//! The rules follow oasdiff's checks (`oasdiff checks`) where they cover the case; oasdiff's
//! ERR level is breaking, its WARN and INFO levels are not, with two deliberate differences
//! where the generated client decides:
//!
//! | kind | oasdiff check | breaking on the wire |
//! | --- | --- | --- |
//! | operation-removed | api-removed-without-deprecation | unless it was deprecated |
//! | operation-path-changed, -method-changed | api-path-removed-without-deprecation | yes |
//! | parameter-added | new-required-request-parameter / new-optional-request-parameter | when required |
//! | parameter-removed | request-parameter-removed (WARN) | no |
//! | parameter-renamed | request-parameter-removed + new-request-parameter | yes, except path parameters |
//! | parameter-became-required / -optional | request-parameter-became-required / -optional | required: yes |
//! | parameter-style-changed | request-parameter-explode-changed / -style-changed | yes |
//! | request-body-added / -became-required | new-required-request-body / request-body-became-required | when required |
//! | request-property-added | new-required-request-property | when required (and not readOnly) |
//! | response-property-removed | response-required-property-removed / response-optional-property-removed (WARN) | when it was required |
//! | request-property-became-required | request-property-became-required | yes |
//! | response-property-became-optional | response-property-became-optional | yes |
//! | *-type-changed | request-property-type-changed / response-property-type-changed | yes, except widening in requests (integer -> number, anything -> free-form, a type -> a oneOf/anyOf that has it) and narrowing in responses (the reverse) |
//! | *-format-changed | request-property-type-changed (format) | yes, except a format dropped in a request, added in a response, or widened (int32 -> int64, float -> double) in a request, narrowed in a response |
//! | request-became-not-nullable | request-property-became-not-nullable | yes |
//! | response-became-nullable | response-property-became-nullable | yes |
//! | request-enum-value-removed | request-property-enum-value-removed | yes |
//! | response-enum-value-added | response-property-enum-value-added (WARN) | no: the client keeps it as `UnknownValue` |
//! | request-one-of-member-removed | request-body-one-of-removed | yes |
//! | response-one-of-member-added | response-body-one-of-added | no: the client keeps it as `UnparsedObject` |
//! | *-discriminator-changed | request/response-discriminator-property-name-changed | yes |
//! | response-status-removed | response-success-status-removed / response-non-success-status-removed (INFO) | for 2xx |
//! | response-body-removed | response-body-removed? (a 2xx the client decodes) | for 2xx |
//! | security-changed | api-security-added / -removed | when a requirement the client meets is no longer enough |
//! | security-scope-added / -removed | api-security-scope-added / -removed | added: yes (the client's token may not grant it) |
//! | server-removed, server-url-changed, server-variable-enum-value-removed (the version's or an operation's) | (servers) | yes |
//! | security-scheme-changed | api-security-component-... | yes |
//! | operation-became-unstable | api-stability-decreased | no on the wire (but the crate refuses the call) |
//! | description-changed, *-added (optional), deprecations, pagination | INFO | no |
//!
//! Schema changes are reported once per place they are used, with the direction of that place:
//! a change in a component used in a request and in a response is reported for both.

use crate::ir::{ParamLocation, Status};

/// Which way a schema's values travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Sent by the client: request bodies and parameters.
    Request,
    /// Sent by the server.
    Response,
    /// A schema no operation uses: nothing travels, nothing breaks on the wire.
    Unused,
}

pub(crate) use crate::ir::Shape;

/// `to` accepts every value `from` does.
/// A schema's shape, and for a oneOf/anyOf the shapes of its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Typed {
    pub shape: Shape,
    pub members: Vec<Shape>,
}

impl Typed {
    pub fn plain(shape: Shape) -> Self {
        Typed {
            shape,
            members: Vec::new(),
        }
    }
}

/// `to` accepts every value `from` does: the same shape, free-form, integer -> number, or a
/// oneOf/anyOf with a member of the old shape.
fn widens(from: &Typed, to: &Typed) -> bool {
    from.shape == to.shape
        || to.shape == Shape::Any
        || (from.shape == Shape::Integer && to.shape == Shape::Number)
        || to.members.contains(&from.shape)
        || (from.shape == Shape::Integer && to.members.contains(&Shape::Number))
}

pub(crate) fn type_changed(dir: Dir, from: &Typed, to: &Typed) -> bool {
    match dir {
        Dir::Request => !widens(from, to),
        Dir::Response => !widens(to, from),
        Dir::Unused => false,
    }
}

/// Format `to` accepts every value format `from` does (None: no format, anything).
fn format_widens(from: Option<&str>, to: Option<&str>) -> bool {
    match (from, to) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => a == b || matches!((a, b), ("int32", "int64") | ("float", "double")),
    }
}

pub(crate) fn format_changed(dir: Dir, from: Option<&str>, to: Option<&str>) -> bool {
    match dir {
        Dir::Request => !format_widens(from, to),
        Dir::Response => !format_widens(to, from),
        Dir::Unused => false,
    }
}

pub(crate) fn property_added(dir: Dir, required: bool) -> bool {
    dir == Dir::Request && required
}

pub(crate) fn property_removed(dir: Dir, was_required: bool) -> bool {
    dir == Dir::Response && was_required
}

pub(crate) fn property_became_required(dir: Dir) -> bool {
    dir == Dir::Request
}

pub(crate) fn property_became_optional(dir: Dir) -> bool {
    dir == Dir::Response
}

pub(crate) fn became_nullable(dir: Dir) -> bool {
    dir == Dir::Response
}

pub(crate) fn became_not_nullable(dir: Dir) -> bool {
    dir == Dir::Request
}

pub(crate) fn enum_value_removed(dir: Dir) -> bool {
    dir == Dir::Request
}

/// A value added to an enum: requests are fine, and the generated client reads an unknown
/// value in a response as `UnknownValue`.
pub(crate) fn enum_value_added(_dir: Dir) -> bool {
    false
}

/// A free value became an enum.
pub(crate) fn enum_restricted(dir: Dir) -> bool {
    dir == Dir::Request
}

pub(crate) fn one_of_member_removed(dir: Dir) -> bool {
    dir == Dir::Request
}

/// A member added to a oneOf: requests are fine, and the generated client keeps a response it
/// cannot match as `UnparsedObject`.
pub(crate) fn one_of_member_added(_dir: Dir) -> bool {
    false
}

pub(crate) fn discriminator_changed(dir: Dir) -> bool {
    dir != Dir::Unused
}

pub(crate) fn operation_removed(was_deprecated: bool) -> bool {
    !was_deprecated
}

pub(crate) fn parameter_added(required: bool) -> bool {
    required
}

/// A renamed path parameter changes nothing on the wire; other names are sent.
pub(crate) fn parameter_renamed(location: ParamLocation) -> bool {
    location != ParamLocation::Path
}

pub(crate) fn request_body_added(required: bool) -> bool {
    required
}

pub(crate) fn response_status_removed(status: Status) -> bool {
    status.is_success()
}

pub(crate) fn response_body_removed(status: Status) -> bool {
    status.is_success()
}

/// Security is a list of alternatives, each a set of schemes that must all be met. A client
/// that met an old alternative still gets in when some new alternative asks for no more.
pub(crate) fn security_changed(old: &[Vec<String>], new: &[Vec<String>]) -> bool {
    let satisfied = |met: &Vec<String>| {
        new.iter()
            .any(|needed| needed.iter().all(|s| met.contains(s)))
    };
    if new.is_empty() {
        // Anonymous now: whatever the client sends is enough.
        return false;
    }
    if old.is_empty() {
        // Anonymous before: the client sent nothing.
        return !new.iter().any(Vec::is_empty);
    }
    !old.iter().all(satisfied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(list: &[&[&str]]) -> Vec<Vec<String>> {
        list.iter()
            .map(|s| s.iter().map(|x| x.to_string()).collect())
            .collect()
    }

    #[test]
    fn security_tightening_breaks_and_loosening_does_not() {
        let both = sets(&[&["api", "app"]]);
        let api = sets(&[&["api"]]);
        assert!(security_changed(&api, &both));
        assert!(!security_changed(&both, &api));
        assert!(!security_changed(&api, &sets(&[&["api"], &["app"]])));
        assert!(security_changed(&[], &api));
        assert!(!security_changed(&api, &[]));
    }

    #[test]
    fn widening_is_fine_in_requests_only() {
        let (integer, number) = (Typed::plain(Shape::Integer), Typed::plain(Shape::Number));
        assert!(!type_changed(Dir::Request, &integer, &number));
        assert!(type_changed(Dir::Response, &integer, &number));
        let either = Typed {
            shape: Shape::OneOf,
            members: vec![Shape::Integer, Shape::String],
        };
        assert!(
            !type_changed(Dir::Response, &either, &integer),
            "a oneOf narrowed to a member"
        );
        assert!(type_changed(Dir::Request, &either, &integer));
        assert!(!type_changed(Dir::Request, &integer, &either));
        assert!(!format_changed(Dir::Request, Some("int32"), Some("int64")));
        assert!(format_changed(Dir::Response, Some("int32"), Some("int64")));
        assert!(!format_changed(Dir::Response, None, Some("date-time")));
        assert!(format_changed(Dir::Request, None, Some("date-time")));
    }
}
