//! Spec descriptions turned into rustdoc that renders as written and never trips rustdoc:
//! brackets and angle brackets are escaped (no broken intra-doc links or HTML tags), bare URLs
//! are wrapped, and code blocks are marked `text` so they are never compiled as doctests.

/// Returns the lines of a doc comment for `text` (empty when there is nothing to say).
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    for raw in text.trim().lines() {
        let trimmed = raw.trim_start();
        if trimmed.starts_with("```") {
            lines.push(if in_fence {
                "```".to_string()
            } else {
                "```text".to_string()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(raw.to_string());
        } else {
            // Indented lines would be code blocks, hence doctests: flatten them.
            lines.push(escape_markdown(trimmed.trim_end()));
        }
    }
    if in_fence {
        lines.push("```".to_string());
    }
    lines
}

fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code {
            if let Some(link_len) = markdown_link_at(rest) {
                out.push_str(&rest[..link_len]);
                rest = &rest[link_len..];
                continue;
            }
            if let Some(url_len) = url_at(rest) {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
                rest = &rest[url_len..];
                continue;
            }
            if matches!(c, '[' | ']' | '<' | '>') {
                out.push('\\');
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of a Markdown link `[text](https://...)` starting at the beginning of `text`:
/// such links render as written and rustdoc accepts them, so they are kept verbatim.
fn markdown_link_at(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('[')?;
    let close = rest.find("](")?;
    if rest[..close].contains(['[', ']']) {
        return None;
    }
    let target = &rest[close + 2..];
    if !(target.starts_with("http://") || target.starts_with("https://")) {
        return None;
    }
    let end = target.find(')')?;
    Some(1 + close + 2 + end + 1)
}

/// The length of the URL starting at the beginning of `text`, if one does.
fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | ']' | '`'))
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_links_and_tags_outside_code() {
        assert_eq!(
            doc_lines("Use page[size] and <value>."),
            vec!["Use page\\[size\\] and \\<value\\>."]
        );
        assert_eq!(
            doc_lines("Keep `page[size]` as is."),
            vec!["Keep `page[size]` as is."]
        );
    }

    #[test]
    fn keeps_markdown_links() {
        assert_eq!(
            doc_lines("the [scope](https://docs.datadoghq.com/api/latest/scopes/#users) to access"),
            vec!["the [scope](https://docs.datadoghq.com/api/latest/scopes/#users) to access"]
        );
    }

    #[test]
    fn wraps_bare_urls() {
        assert_eq!(
            doc_lines("See https://docs.datadoghq.com/api."),
            vec!["See <https://docs.datadoghq.com/api>."]
        );
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        assert_eq!(
            doc_lines("a\n```\nx\n```"),
            vec!["a", "```text", "x", "```"]
        );
        assert_eq!(doc_lines("a\n    indented"), vec!["a", "indented"]);
    }
}
