//! Hooks: the extension seam around each attempt of a call. A [`Hook`] added to the
//! [`Configuration`](super::Configuration) is called before each attempt is sent, after each
//! response, and when an attempt fails without one; it can add headers or refuse the call.
//!
//! Modelled on progenitor-client's `ClientHooks` (`pre`/`post` around the request) and on the
//! interceptors of the smithy-rs orchestrator (`Intercept`: `modify_before_transmit`,
//! `read_after_attempt`...), with one difference: a hook never sees an API key. The headers that
//! carry keys are hidden from [`OutgoingRequest::header`], and a hook can replace them but not
//! read them.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName};
use reqwest::{Method, StatusCode, Url};

use super::configuration::redact_userinfo;
use super::options::visible_ascii;
use super::Error;

/// Called around each attempt of every call made with the configuration it was added to
/// ([`Configuration::add_hook`](super::Configuration::add_hook)), by `Client::new` and
/// `with_client_and_config` alike. Every method has a default that does nothing, so a hook
/// implements only what it needs. Hooks run in the order they were added.
///
/// A hook runs on the task that makes the call: it should be quick and must not block.
pub trait Hook: Send + Sync {
    /// Before an attempt is sent (each retry is an attempt): may add or replace headers, or
    /// refuse the call with an error, returned to the caller as [`Error::Hook`] (nothing is
    /// sent; no retry follows).
    fn before_send(
        &self,
        attempt: &AttemptInfo<'_>,
        request: &mut OutgoingRequest<'_>,
    ) -> Result<(), HookError> {
        let _ = (attempt, request);
        Ok(())
    }

    /// After a response's body was read, before it is decoded or retried: may refuse the call
    /// ([`Error::Hook`], no retry follows).
    fn after_response(
        &self,
        attempt: &AttemptInfo<'_>,
        response: &ResponseInfo<'_>,
    ) -> Result<(), HookError> {
        let _ = (attempt, response);
        Ok(())
    }

    /// When an attempt ends without a usable response (connection error, timeout, a body over
    /// the size limit). The caller gets the matching [`Error`].
    fn on_error(&self, attempt: &AttemptInfo<'_>, failure: &AttemptFailure<'_>) {
        let _ = (attempt, failure);
    }
}

/// How an attempt failed, as [`Hook::on_error`] sees it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum AttemptFailure<'a> {
    /// The request could not be sent or the response could not be read
    /// ([`Error::Reqwest`]; any URL password in it is redacted).
    Transport(&'a reqwest::Error),
    /// The attempt ran past its timeout ([`Error::AttemptTimeout`]).
    AttemptTimeout(Duration),
    /// The call ran past its total timeout during this attempt ([`Error::CallTimeout`]).
    CallTimeout(Duration),
    /// The response body is over the size limit ([`Error::ResponseTooLarge`]).
    ResponseTooLarge {
        /// The status code.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
    /// Another failure (the HTTP client could not be built...).
    Other,
}

impl<'a> AttemptFailure<'a> {
    /// The failure that `error`, the error of an attempt, is.
    pub(crate) fn of<E>(error: &'a Error<E>) -> Self {
        match error {
            Error::Reqwest(error) => AttemptFailure::Transport(error),
            Error::AttemptTimeout { timeout } => AttemptFailure::AttemptTimeout(*timeout),
            Error::CallTimeout { timeout } => AttemptFailure::CallTimeout(*timeout),
            Error::ResponseTooLarge { status, limit, .. } => AttemptFailure::ResponseTooLarge {
                status: *status,
                limit: *limit,
            },
            _ => AttemptFailure::Other,
        }
    }
}

/// What a hook knows of the attempt: the operation, its method and URL template, and which
/// attempt this is.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct AttemptInfo<'a> {
    /// The operation's qualified id: version, dot, operationId (`"v2.GetUser"`).
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: &'a Method,
    /// The path template of the operation (`"/api/v2/users/{user_id}"`).
    pub path_template: &'a str,
    /// The attempt's number: 1 for the first, 2 for the first retry, and so on.
    pub attempt: u32,
}

/// The request of one attempt, as a [`Hook::before_send`] sees it. The headers that carry API
/// keys (marked sensitive) cannot be read, only replaced.
pub struct OutgoingRequest<'a> {
    url: &'a Url,
    /// The query parameters that carry a secret (an API key sent in the query).
    secret_query: &'a [&'static str],
    headers: &'a mut HeaderMap,
    body: Option<&'a [u8]>,
}

impl<'a> OutgoingRequest<'a> {
    pub(crate) fn new(
        url: &'a Url,
        secret_query: &'a [&'static str],
        headers: &'a mut HeaderMap,
        body: Option<&'a [u8]>,
    ) -> Self {
        OutgoingRequest {
            url,
            secret_query,
            headers,
            body,
        }
    }

    /// The full URL, query included, with any password (`user:password@`) and the values of
    /// query parameters that carry a key redacted.
    pub fn url(&self) -> String {
        let mut url = self.url.clone();
        if url
            .query_pairs()
            .any(|(name, _)| self.secret_query.contains(&name.as_ref()))
        {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(name, value)| {
                    let secret = self.secret_query.contains(&name.as_ref());
                    let value = if secret { "<redacted>".into() } else { value };
                    (name.into_owned(), value.into_owned())
                })
                .collect();
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        redact_userinfo(url.as_str())
    }

    /// A header's value; `None` when it is absent, not text, or sensitive (an API key, or a
    /// header a hook added with [`insert_sensitive_header`](Self::insert_sensitive_header)).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .filter(|value| !value.is_sensitive())
            .and_then(|value| value.to_str().ok())
    }

    /// The names of the headers to be sent, sensitive ones included.
    pub fn header_names(&self) -> impl Iterator<Item = &HeaderName> {
        self.headers.keys()
    }

    /// Sets a header, replacing any of the same name (an API key's included). The value must
    /// be visible ASCII, space or tab.
    pub fn insert_header(&mut self, name: &str, value: &str) -> Result<(), HookError> {
        self.insert(name, value, false)
    }

    /// Sets a header as [`insert_header`](Self::insert_header) does, marked sensitive: later
    /// hooks cannot read it, and `Debug` output and traces never show it. For tokens.
    pub fn insert_sensitive_header(&mut self, name: &str, value: &str) -> Result<(), HookError> {
        self.insert(name, value, true)
    }

    /// The request body's bytes, if the operation has one (none for a multipart form).
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }

    fn insert(&mut self, name: &str, value: &str, sensitive: bool) -> Result<(), HookError> {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| HookError::new(format!("{name:?} is not a valid header name")))?;
        let mut header_value = visible_ascii(value)
            .map_err(|reason| HookError::new(format!("header {name}: {reason}")))?;
        header_value.set_sensitive(sensitive);
        self.headers.insert(header_name, header_value);
        Ok(())
    }
}

impl fmt::Debug for OutgoingRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingRequest")
            .field("url", &self.url())
            // HeaderMap's Debug shows sensitive values as `Sensitive`.
            .field("headers", &self.headers)
            .field("body_len", &self.body.map(<[u8]>::len))
            .finish()
    }
}

/// The response of one attempt, as a [`Hook::after_response`] sees it (the body is not shown).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ResponseInfo<'a> {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: &'a HeaderMap,
}

/// Why a hook refused a call; the caller gets it as [`Error::Hook`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookError {
    reason: String,
}

impl HookError {
    /// A refusal, with the reason the caller will read.
    pub fn new(reason: impl Into<String>) -> Self {
        HookError {
            reason: reason.into(),
        }
    }

    /// The reason given by the hook.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused by a hook: {}", self.reason)
    }
}

impl std::error::Error for HookError {}
