//! Where a JSON pointer is in a YAML text: `line:column` for messages. serde_yaml keeps no
//! positions once parsed, so the text is read again, as events, only when there is something to
//! report.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::pointer_segment;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The positions of `pointers` (RFC 6901, `""` for the root) in `text`. A mapping entry is
/// placed at its key, where a reader looks for it. Pointers not found are left out.
pub fn locate(text: &str, pointers: &[&str]) -> HashMap<String, Position> {
    let mut walker = Walker {
        wanted: pointers.iter().map(|p| p.to_string()).collect(),
        found: HashMap::new(),
        stack: Vec::new(),
    };
    // A text that does not parse has no positions to give; the caller falls back to the pointer.
    let _ = Parser::new_from_str(text).load(&mut walker, false);
    walker.found
}

/// The position of one pointer, or of its nearest ancestor that exists.
pub fn locate_nearest(text: &str, pointer: &str) -> Option<Position> {
    let mut candidates = vec![pointer];
    let mut rest = pointer;
    while let Some(cut) = rest.rfind('/') {
        rest = &rest[..cut];
        candidates.push(rest);
    }
    let found = locate(text, &candidates);
    candidates.iter().find_map(|p| found.get(*p).copied())
}

enum Frame {
    /// The pointer of the mapping, and the key whose value comes next (None: a key comes next).
    Mapping {
        pointer: String,
        key: Option<String>,
    },
    Sequence {
        pointer: String,
        index: usize,
    },
}

struct Walker {
    wanted: std::collections::HashSet<String>,
    found: HashMap<String, Position>,
    stack: Vec<Frame>,
}

impl Walker {
    fn record(&mut self, pointer: &str, mark: Marker) {
        if self.wanted.contains(pointer) && !self.found.contains_key(pointer) {
            let position = Position {
                line: mark.line(),
                column: mark.col() + 1,
            };
            self.found.insert(pointer.to_string(), position);
        }
    }

    /// The pointer of the node that starts now (recorded). A mapping key is recorded as the
    /// position of its entry; a key that is itself a collection gets a pointer nothing asks for.
    fn next_node(&mut self, event: &Event, mark: Marker) -> String {
        let (pointer, is_key) = match self.stack.last_mut() {
            // The root is the whole text (its event is marked where the first entry ends).
            None => {
                self.found
                    .entry(String::new())
                    .or_insert(Position { line: 1, column: 1 });
                (String::new(), false)
            }
            Some(Frame::Sequence { pointer, index }) => {
                let child = format!("{pointer}/{index}");
                *index += 1;
                (child, false)
            }
            Some(Frame::Mapping { pointer, key }) => match key.take() {
                Some(name) => (format!("{pointer}/{}", pointer_segment(&name)), false),
                None => {
                    let name = match event {
                        Event::Scalar(value, ..) => value.clone(),
                        _ => String::from("\u{0}complex key"),
                    };
                    let child = format!("{pointer}/{}", pointer_segment(&name));
                    *key = Some(name);
                    (child, true)
                }
            },
        };
        self.record(&pointer, mark);
        if is_key {
            format!("{pointer}/\u{0}key")
        } else {
            pointer
        }
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(..) | Event::Alias(_) => {
                self.next_node(&event, mark);
            }
            Event::MappingStart(..) => {
                let pointer = self.next_node(&event, mark);
                self.stack.push(Frame::Mapping { pointer, key: None });
            }
            Event::SequenceStart(..) => {
                let pointer = self.next_node(&event, mark);
                self.stack.push(Frame::Sequence { pointer, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      tags: [x, y]\n      summary: s\n";

    #[test]
    fn entries_are_placed_at_their_key() {
        let found = locate(
            TEXT,
            &["", "/paths/~1a~1b/get", "/paths/~1a~1b/get/summary"],
        );
        assert_eq!(found[""], Position { line: 1, column: 1 });
        assert_eq!(found["/paths/~1a~1b/get"], Position { line: 4, column: 5 });
        assert_eq!(
            found["/paths/~1a~1b/get/summary"],
            Position { line: 6, column: 7 }
        );
    }

    #[test]
    fn sequence_items_and_missing_pointers() {
        let found = locate(TEXT, &["/paths/~1a~1b/get/tags/1", "/nowhere"]);
        assert_eq!(
            found["/paths/~1a~1b/get/tags/1"],
            Position {
                line: 5,
                column: 17
            }
        );
        assert!(!found.contains_key("/nowhere"));
        assert_eq!(
            locate_nearest(TEXT, "/paths/~1a~1b/get/responses"),
            Some(Position { line: 4, column: 5 })
        );
    }
}
