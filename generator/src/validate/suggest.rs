//! "Did you mean": the nearest allowed name to a misspelt one.

/// ` (did you mean `x`?)` when a candidate is close enough to `name` to be a typo, else "".
pub fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| format!(" (did you mean `{candidate}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn near_names_are_suggested_and_far_ones_are_not() {
        let keywords = ["format", "type", "items"];
        assert_eq!(
            did_you_mean("formt", keywords.iter().copied()),
            " (did you mean `format`?)"
        );
        assert_eq!(did_you_mean("colour", keywords.iter().copied()), "");
    }
}
