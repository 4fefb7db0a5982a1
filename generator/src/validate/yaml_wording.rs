//! Plain wording for YAML syntax errors: libyaml's messages ("mapping values are not allowed in
//! this context") name parser states, not what to fix. The original is kept after the advice.

/// (what libyaml says, what to tell the reader).
const PLAIN: &[(&str, &str)] = &[
    (
        "mapping values are not allowed in this context",
        "unexpected `key: value` here: check this line's indentation against the lines above, or quote a value that contains `: `",
    ),
    (
        "did not find expected key",
        "this line is not aligned with the other keys of its mapping: check its indentation",
    ),
    (
        "did not find expected '-' indicator",
        "this line is not aligned with the items of its list: check its indentation",
    ),
    (
        "found a tab character",
        "a tab is used for indentation: YAML indents with spaces only",
    ),
    (
        "found character that cannot start any plain scalar",
        "a value starts with a character YAML reserves (such as `@`, `` ` `` or `%`): quote the value",
    ),
    (
        "found unexpected end of stream",
        "the file ends inside a quoted value or a `[...]`/`{...}`: close it",
    ),
    (
        "did not find expected node content",
        "a value is missing here (an empty list item or a stray `,`)",
    ),
    (
        "did not find expected ',' or ']'",
        "a `[...]` list is not closed, or two of its items lack a `,` between them",
    ),
    (
        "did not find expected ',' or '}'",
        "a `{...}` mapping is not closed, or two of its entries lack a `,` between them",
    ),
];

/// The advice for a YAML syntax message, followed by the original in parentheses; unknown
/// messages are returned unchanged.
pub fn plain_yaml_message(message: &str) -> String {
    match PLAIN.iter().find(|(raw, _)| message.contains(raw)) {
        Some((_, plain)) => format!("YAML syntax: {plain} (the parser says: {message})"),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::plain_yaml_message;

    #[test]
    fn indentation_errors_get_plain_words_and_keep_the_original() {
        let plain = plain_yaml_message("mapping values are not allowed in this context");
        assert!(plain.contains("check this line's indentation"), "{plain}");
        assert!(plain.contains("mapping values are not allowed"), "{plain}");
        assert_eq!(plain_yaml_message("something else"), "something else");
    }
}
