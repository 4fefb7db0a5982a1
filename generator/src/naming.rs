//! Rust names for spec names: types, fields, methods, enum variants and modules.
//!
//! Names the spec already spells as valid Rust (`APIErrorResponse`, `UsersType`) are kept as
//! they are, because users know them from the reference pages; anything else is converted with
//! heck and made a legal, non-keyword identifier.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Words a generated type may not take because generated code refers to them unqualified.
const RESERVED_TYPES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Self",
];

/// Replaces every character Rust does not allow in identifiers with a word break.
fn words_only(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn is_plain_ident(raw: &str) -> bool {
    let mut chars = raw.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Makes `name` a usable identifier: not empty, not starting with a digit, not a keyword.
fn legalize(name: String, fallback: &str) -> String {
    let name = if name.is_empty() {
        fallback.to_string()
    } else {
        name
    };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}{name}")
    } else {
        name
    };
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The Rust type name of a schema name: kept when already UpperCamel-ish, converted otherwise.
pub fn type_name(raw: &str) -> String {
    let name = if is_plain_ident(raw)
        && raw.starts_with(|c: char| c.is_ascii_uppercase())
        && !raw.contains('_')
    {
        raw.to_string()
    } else {
        words_only(raw).to_upper_camel_case()
    };
    let name = legalize(name, "Type");
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// A field, parameter or method name: snake_case, keywords suffixed with `_` (`type` -> `type_`).
pub fn field_name(raw: &str) -> String {
    legalize(words_only(raw).to_snake_case(), "field_")
}

/// An enum variant for a wire value: SCREAMING_SNAKE_CASE (`users` -> `USERS`).
///
/// A leading sign is spelled out (`-name` -> `MINUS_NAME`, `-1` -> `MINUS_1`) so that a value
/// and its negation do not collide; the empty string is `EMPTY`.
pub fn variant_name(raw: &str) -> String {
    for (sign, word) in [('-', "MINUS"), ('+', "PLUS")] {
        if let Some(rest) = raw.strip_prefix(sign) {
            let rest = words_only(rest).to_shouty_snake_case();
            if !rest.is_empty() {
                return format!("{word}_{rest}");
            }
        }
    }
    if raw.is_empty() {
        return "EMPTY".to_string();
    }
    let name = words_only(raw).to_shouty_snake_case();
    let name = if name.is_empty() {
        // Only punctuation: spell it so distinct values stay distinct.
        raw.bytes().map(|b| format!("X{b:02X}")).collect()
    } else {
        name
    };
    legalize(name, "VALUE_")
}

/// A module or Cargo feature name for a tag: `Rum Audience Management` -> `rum_audience_management`.
pub fn module_name(raw: &str) -> String {
    field_name(raw)
}

pub fn feature_name(raw: &str) -> String {
    module_name(raw).replace('_', "-")
}

/// The longest file stem the generator writes, in bytes: far below the 255 bytes file
/// systems allow, with room for `.rs`, a collision number and the temporary names of the
/// writer.
pub const MAX_FILE_STEM: usize = 96;

/// A file stem (and module name) of at most `MAX_FILE_STEM` bytes: `stem` when it fits, else
/// its start and a hash of the whole, so that the short form is deterministic and two long
/// names that share a start stay distinct.
pub fn capped_stem(stem: &str) -> String {
    if stem.len() <= MAX_FILE_STEM {
        return stem.to_string();
    }
    // FNV-1a: stable across Rust versions and platforms, unlike `DefaultHasher`.
    let hash = stem.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut cut = MAX_FILE_STEM - 17;
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{hash:016x}", &stem[..cut])
}

/// Hands out names unique within one namespace, suffixing `2`, `3`... on collision, in the
/// order they are asked for (the caller asks in a deterministic order).
#[derive(Default, Debug)]
pub struct NameSet {
    taken: BTreeSet<String>,
}

impl NameSet {
    /// `wanted` if it is free, else `wanted` with the first free number appended. A snake_case
    /// or SCREAMING_SNAKE_CASE name that ends with a digit gets `_` before the number
    /// (`VALUE_1` -> `VALUE_1_2`, not `VALUE_12`, which reads as another value).
    pub fn claim(&mut self, wanted: String) -> String {
        let snake = wanted.contains('_') || !wanted.chars().any(|c| c.is_ascii_uppercase());
        let separator = if snake && wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        self.claim_separated(wanted, separator)
    }

    /// `wanted` if it is free, else `wanted`, `separator` and the first free number.
    pub fn claim_separated(&mut self, wanted: String, separator: &str) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        (2..)
            .map(|n| format!("{wanted}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always finds a free name")
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    pub fn is_empty(&self) -> bool {
        self.taken.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spec_type_names_users_know() {
        assert_eq!(type_name("APIErrorResponse"), "APIErrorResponse");
        assert_eq!(
            type_name("QueryAccountRequestDataAttributesSort"),
            "QueryAccountRequestDataAttributesSort"
        );
        assert_eq!(type_name("user-team"), "UserTeam");
        assert_eq!(type_name("snake_name"), "SnakeName");
        assert_eq!(type_name("3d"), "Type3d");
        assert_eq!(type_name("Option"), "OptionModel");
    }

    #[test]
    fn fields_are_snake_case_and_never_keywords() {
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("page[size]"), "page_size");
        assert_eq!(field_name("filter[keyword]"), "filter_keyword");
        assert_eq!(field_name("createdAt"), "created_at");
        assert_eq!(field_name("@timestamp"), "timestamp");
        assert_eq!(field_name("1st"), "field_1st");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name(""), "field_");
    }

    #[test]
    fn variants_are_screaming_snake_case() {
        assert_eq!(variant_name("users"), "USERS");
        assert_eq!(
            variant_name("query_account_request"),
            "QUERY_ACCOUNT_REQUEST"
        );
        assert_eq!(variant_name("seat-users"), "SEAT_USERS");
        assert_eq!(variant_name("ERROR"), "ERROR");
        assert_eq!(variant_name("-"), "X2D");
        assert_eq!(variant_name("1"), "VALUE_1");
        assert_eq!(variant_name("-name"), "MINUS_NAME");
        assert_eq!(variant_name("-created_at"), "MINUS_CREATED_AT");
        assert_eq!(variant_name("-1"), "MINUS_1");
        assert_eq!(variant_name("+1"), "PLUS_1");
        assert_eq!(variant_name("a.b"), "A_B");
        assert_eq!(variant_name(""), "EMPTY");
        assert_eq!(variant_name("type"), "TYPE");
        assert_eq!(variant_name("Self"), "SELF");
    }

    #[test]
    fn long_file_stems_are_cut_with_a_hash() {
        assert_eq!(capped_stem("model_user"), "model_user");
        let long = format!("model_{}", "a".repeat(300));
        let short = capped_stem(&long);
        assert_eq!(short.len(), MAX_FILE_STEM);
        assert!(short.starts_with("model_aaa"));
        assert_eq!(short, capped_stem(&long), "deterministic");
        let other = capped_stem(&format!("{long}b"));
        assert_ne!(short, other, "names sharing a start stay distinct");
        assert_eq!(&short[..MAX_FILE_STEM - 17], &other[..MAX_FILE_STEM - 17]);
    }

    #[test]
    fn name_set_suffixes_collisions_in_order() {
        let mut names = NameSet::default();
        assert_eq!(names.claim("User".into()), "User");
        assert_eq!(names.claim("User".into()), "User2");
        assert_eq!(names.claim("User".into()), "User3");
        assert_eq!(names.claim("VALUE_1".into()), "VALUE_1");
        assert_eq!(names.claim("VALUE_1".into()), "VALUE_1_2");
        assert_eq!(names.claim("page1".into()), "page1");
        assert_eq!(names.claim("page1".into()), "page1_2");
        assert_eq!(names.claim("Shape1".into()), "Shape1");
        assert_eq!(names.claim("Shape1".into()), "Shape12");
        assert_eq!(names.claim("foo_bar".into()), "foo_bar");
        assert_eq!(names.claim("foo_bar".into()), "foo_bar2");
    }
}
