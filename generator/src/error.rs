//! The one error type of the generator: where (a file position or a JSON pointer) and what.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenError {
    /// `spec/v2/users.yaml:12:5`, or `spec/v2/users.yaml#/paths/~1api~1v2~1users/get`.
    pub location: String,
    pub message: String,
}

impl GenError {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            location: location.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for GenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.location, self.message)
        }
    }
}

impl std::error::Error for GenError {}

pub type Result<T, E = GenError> = std::result::Result<T, E>;

/// Escapes one JSON pointer segment (RFC 6901): `~` -> `~0`, `/` -> `~1`.
pub fn pointer_segment(raw: &str) -> String {
    raw.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer into one spec file, built segment by segment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer {
    file: String,
    path: String,
}

impl Pointer {
    pub fn root(file: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            path: String::new(),
        }
    }

    pub fn join(&self, segment: impl AsRef<str>) -> Self {
        Self {
            file: self.file.clone(),
            path: format!("{}/{}", self.path, pointer_segment(segment.as_ref())),
        }
    }

    pub fn error(&self, message: impl Into<String>) -> GenError {
        GenError::new(self.to_string(), message)
    }

    /// The spec file the pointer is into.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The pointer inside the file: `/components/schemas/User` (empty for the root).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Its segments, unescaped (`~1` -> `/`, `~0` -> `~`): `["components", "schemas", "User"]`.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.path
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
    }

    /// Whether the pointer names a component schema itself (not a place inside one).
    pub fn is_component_schema(&self) -> bool {
        self.path
            .strip_prefix("/components/schemas/")
            .is_some_and(|rest| !rest.contains('/'))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file, self.path)
    }
}
