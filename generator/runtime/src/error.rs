//! The results of a call: [`Response`] for a 2xx status, [`Error`] for everything else, with
//! the typed error body of a documented error status ([`ResponseContent`], [`OperationError`]).

use std::fmt;

use super::{ConfigError, HookError};

/// A successful (2xx) response.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The status code.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The decoded body (`()` for an operation whose success has no body).
    pub entity: T,
}

/// A response whose status is not 2xx (after any retries).
#[derive(Debug, Clone)]
pub struct ResponseContent<T> {
    /// The status code.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The raw body (invalid UTF-8 replaced by U+FFFD).
    pub content: String,
    /// The typed error, when the status is documented for the operation and the body decodes
    /// as its schema; `None` otherwise.
    pub entity: Option<T>,
}

/// The typed error bodies of an operation, one per documented error status.
/// Implemented by the generated `{Operation}Error` enums.
pub trait OperationError: Sized {
    /// Decodes `body` for `status`: `None` when the status is not documented for the
    /// operation, else the result of decoding the body.
    fn from_response(status: u16, body: &[u8]) -> Option<Result<Self, serde_json::Error>>;
}

/// Any status: the body decoded as JSON.
impl OperationError for serde_json::Value {
    fn from_response(_status: u16, body: &[u8]) -> Option<Result<Self, serde_json::Error>> {
        Some(serde_json::from_slice(body))
    }
}

/// Why a call failed. `T` is the operation's typed error ([`OperationError`]).
///
/// Neither `Debug` nor `Display` shows API keys.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<T> {
    /// The request could not be sent or the response could not be read (connection refused,
    /// timeout, TLS failure...).
    Reqwest(reqwest::Error),
    /// The request body could not be encoded as JSON.
    Serde(serde_json::Error),
    /// An I/O error.
    Io(std::io::Error),
    /// The server answered with a status that is not 2xx.
    ResponseError(ResponseContent<T>),
    /// The operation is unstable and not enabled; nothing was sent. The message says how to
    /// enable it.
    UnstableOperationDisabledError(String),
    /// The configuration cannot be used (unknown site, malformed host...); nothing was sent.
    Configuration(ConfigError),
    /// A header value (an API key included) contains CR, LF or another character that is not
    /// visible ASCII; nothing was sent. `reason` never contains the value.
    InvalidHeader {
        /// The header's name.
        name: String,
        /// Why the value cannot be sent.
        reason: String,
    },
    /// A path, query or header parameter cannot be sent (for example a path parameter that is
    /// empty, `.` or `..`, or a value that is not a string, number or boolean); nothing was
    /// sent.
    InvalidParameter {
        /// The parameter's name.
        name: String,
        /// Why it cannot be sent.
        reason: String,
    },
    /// The response body is larger than
    /// [`Configuration::max_response_size`](super::Configuration::max_response_size): reading
    /// stopped there, and the connection was dropped.
    ResponseTooLarge {
        /// The status code.
        status: reqwest::StatusCode,
        /// The limit, in bytes.
        limit: usize,
        /// The first bytes of the body (at most 4 KiB; invalid UTF-8 replaced by U+FFFD).
        prefix: String,
    },
    /// An attempt ran past [`Configuration::timeout`](super::Configuration::timeout); it is
    /// not retried (the server may have acted on the request).
    AttemptTimeout {
        /// The attempt timeout.
        timeout: std::time::Duration,
    },
    /// The call (attempts and retry waits) ran past
    /// [`Configuration::total_timeout`](super::Configuration::total_timeout).
    CallTimeout {
        /// The call's total timeout.
        timeout: std::time::Duration,
    },
    /// A pagination stream stopped because the server would make it run forever: a cursor
    /// came back that was already used, or a page repeated an earlier page.
    Pagination {
        /// What the server did.
        reason: String,
    },
    /// A [`Hook`](super::Hook) refused the call (before an attempt was sent, or after its
    /// response); no retry followed.
    Hook(HookError),
    /// A 2xx response whose body does not decode as the operation's response (not JSON,
    /// empty, truncated, or not matching the schema).
    ResponseDecode {
        /// The status code.
        status: reqwest::StatusCode,
        /// The raw body (invalid UTF-8 replaced by U+FFFD).
        content: String,
        /// The decoding error.
        source: serde_json::Error,
    },
}

/// The longest body that `Display` shows; `Debug` and the fields have all of it.
const DISPLAY_BODY_LIMIT: usize = 1000;

/// `content` cut to `DISPLAY_BODY_LIMIT` bytes (on a character boundary).
fn shorten(content: &str) -> (&str, &str) {
    if content.len() <= DISPLAY_BODY_LIMIT {
        return (content, "");
    }
    let mut end = DISPLAY_BODY_LIMIT;
    while !content.is_char_boundary(end) {
        end -= 1;
    }
    (&content[..end], "...")
}

impl<T> fmt::Display for Error<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Reqwest(error) => {
                // reqwest's own message names the URL; the cause (connection refused, timed
                // out, certificate...) is in its source chain.
                write!(f, "error in reqwest: {error}")?;
                let mut cause = std::error::Error::source(error);
                while let Some(error) = cause {
                    write!(f, ": {error}")?;
                    cause = error.source();
                }
                Ok(())
            }
            Error::Serde(error) => write!(f, "the request body could not be encoded: {error}"),
            Error::Io(error) => write!(f, "I/O error: {error}"),
            Error::ResponseError(response) => {
                let (body, more) = shorten(&response.content);
                write!(f, "error in response: status code {}", response.status)?;
                if !body.is_empty() {
                    write!(f, ", body: {body}{more}")?;
                }
                Ok(())
            }
            Error::UnstableOperationDisabledError(message) => f.write_str(message),
            Error::Configuration(error) => write!(f, "invalid configuration: {error}"),
            Error::InvalidHeader { name, reason } => {
                write!(f, "invalid value for header {name}: {reason}")
            }
            Error::InvalidParameter { name, reason } => {
                write!(f, "invalid value for parameter {name}: {reason}")
            }
            Error::ResponseTooLarge {
                status,
                limit,
                prefix,
            } => {
                let (body, _) = shorten(prefix);
                write!(
                    f,
                    "the response (status code {status}) is larger than the limit of {limit} bytes; it starts: {body:?}..."
                )
            }
            Error::AttemptTimeout { timeout } => {
                write!(f, "no complete response within the attempt timeout of {timeout:?}")
            }
            Error::CallTimeout { timeout } => write!(
                f,
                "the call did not complete within its total timeout of {timeout:?} (retries included)"
            ),
            Error::Pagination { reason } => write!(f, "pagination stopped: {reason}"),
            Error::Hook(error) => write!(f, "{error}"),
            Error::ResponseDecode {
                status,
                content,
                source,
            } => {
                let (body, more) = shorten(content);
                write!(
                    f,
                    "the response (status code {status}) could not be decoded: {source}; body: {body:?}{more}"
                )
            }
        }
    }
}

impl<T: fmt::Debug> std::error::Error for Error<T> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Reqwest(error) => Some(error),
            Error::Serde(error) => Some(error),
            Error::Io(error) => Some(error),
            Error::Configuration(error) => Some(error),
            Error::ResponseDecode { source, .. } => Some(source),
            Error::Hook(error) => Some(error),
            _ => None,
        }
    }
}

impl<T> Error<T> {
    /// Redacts the values of the query parameters `names` (API keys sent in the query) in the
    /// URL that a `reqwest` error shows.
    pub(crate) fn redact_query(mut self, names: &[&str]) -> Self {
        if let Error::Reqwest(error) = &mut self {
            if let Some(url) = error.url_mut() {
                super::auth::redact_query(url, names);
            }
        }
        self
    }
}

impl<T> From<reqwest::Error> for Error<T> {
    /// Keeps the error, with the password of its URL (`user:password@`) redacted: the URL is
    /// in its `Display` and `Debug`.
    fn from(mut error: reqwest::Error) -> Self {
        if let Some(url) = error.url_mut() {
            if url.password().is_some() {
                // Fails only for URLs that cannot have a password, which this one has.
                let _ = url.set_password(Some("redacted"));
            }
        }
        Error::Reqwest(error)
    }
}

impl<T> From<serde_json::Error> for Error<T> {
    fn from(error: serde_json::Error) -> Self {
        Error::Serde(error)
    }
}

impl<T> From<std::io::Error> for Error<T> {
    fn from(error: std::io::Error) -> Self {
        Error::Io(error)
    }
}

impl<T> From<ConfigError> for Error<T> {
    fn from(error: ConfigError) -> Self {
        Error::Configuration(error)
    }
}
