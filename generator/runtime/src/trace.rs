//! Spans and events of calls, with the `tracing` feature: a `datadog.call` span per call and a
//! `datadog.attempt` span per attempt inside it. Their fields are the operation's qualified id,
//! method and path template, the attempt's number, the status, the retry wait and the kind of
//! error: never a key, a token, a URL, a parameter value or a body.

use std::future::Future;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use tracing::field::Empty;
use tracing::{Instrument, Span};

use super::call::{Exchange, Failure};
use super::Error;

/// The span of one call: `operation` (`"v2.GetUser"`), `method`, `path` (the template), and,
/// when it ends, `status` or `error` (the error's kind, as `"AttemptTimeout"`).
pub(crate) fn call_span(operation: &'static str, method: &Method, path: &str) -> Span {
    tracing::info_span!(
        "datadog.call",
        operation,
        method = method.as_str(),
        path,
        status = Empty,
        error = Empty,
    )
}

/// Runs `call` in `span`, and records its outcome there; the exchange keeps the span, where a
/// body that does not decode is recorded.
pub(crate) async fn in_call_span(
    span: Span,
    call: impl Future<Output = Result<Exchange, Failure>>,
) -> Result<Exchange, Failure> {
    let mut result = call.instrument(span.clone()).await;
    match &mut result {
        Ok(exchange) => {
            record_status(&span, exchange.status);
            if !exchange.status.is_success() {
                span.record("error", "ResponseError");
            }
            exchange.span = span;
        }
        Err(error) => {
            span.record("error", error_kind(error));
        }
    }
    result
}

/// The span of attempt number `attempt` (from 1): `status` when a response came, `error` when
/// none did, `retry_wait_ms` when a retry follows.
pub(crate) fn attempt_span(attempt: u32) -> Span {
    tracing::info_span!(
        "datadog.attempt",
        attempt,
        status = Empty,
        error = Empty,
        retry_wait_ms = Empty,
    )
}

/// Records the status of a response.
pub(crate) fn record_status(span: &Span, status: StatusCode) {
    span.record("status", status.as_u16());
}

/// Records that the attempt failed without a response.
pub(crate) fn record_failure<E>(span: &Span, error: &Error<E>) {
    span.record("error", error_kind(error));
    tracing::debug!(parent: span, error = error_kind(error), "attempt failed");
}

/// Records the wait before the next attempt, and an event for the retry.
pub(crate) fn record_retry(span: &Span, status: StatusCode, wait: Duration) {
    let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
    span.record("retry_wait_ms", wait_ms);
    tracing::info!(
        parent: span,
        status = status.as_u16(),
        retry_wait_ms = wait_ms,
        "retrying"
    );
}

/// The name of an error's variant: what a trace shows of it (its message may quote a body).
fn error_kind<E>(error: &Error<E>) -> &'static str {
    match error {
        Error::Reqwest(error) if error.is_connect() => "Connect",
        Error::Reqwest(_) => "Reqwest",
        Error::Serde(_) => "Serde",
        Error::Io(_) => "Io",
        Error::ResponseError(_) => "ResponseError",
        Error::UnstableOperationDisabledError(_) => "UnstableOperationDisabled",
        Error::Configuration(_) => "Configuration",
        Error::InvalidHeader { .. } => "InvalidHeader",
        Error::InvalidParameter { .. } => "InvalidParameter",
        Error::ResponseTooLarge { .. } => "ResponseTooLarge",
        Error::AttemptTimeout { .. } => "AttemptTimeout",
        Error::CallTimeout { .. } => "CallTimeout",
        Error::ResponseDecode { .. } => "ResponseDecode",
        Error::Hook(_) => "Hook",
        _ => "Other",
    }
}
