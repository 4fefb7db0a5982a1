//! The HTTP side of a [`Client`](super::Client): building the `reqwest` client with the
//! policies that keep keys and resources safe (same-origin redirects only, bounded idle
//! connections), reading a response body up to a size limit, and the waits between retries.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::{ConfigError, Configuration, Error};

/// The most redirects followed (to the same origin only).
const MAX_REDIRECTS: usize = 10;

/// How much of an oversized body [`Error::ResponseTooLarge`] keeps.
pub(crate) const TOO_LARGE_PREFIX: usize = 4096;

/// Finishes `builder` into the client every call uses. Whatever the caller configured, the
/// redirect policy is replaced by one that follows redirects only to the same origin (so the
/// API keys, sent as ordinary headers, never reach another server), and at most
/// `max_connections_per_host` idle connections are kept. With `use_config_transport`, the
/// configuration's proxy and the TLS stack of the crate's features are applied too (the builder
/// is then a fresh one): rustls with `rustls-tls` (the default), else the platform's with
/// `native-tls`.
pub(crate) fn build_http_client(
    config: &Configuration,
    builder: reqwest::ClientBuilder,
    use_config_transport: bool,
) -> Result<reqwest::Client, ConfigError> {
    let mut builder = builder
        .redirect(same_origin_redirects())
        .pool_max_idle_per_host(config.max_connections_per_host());
    if use_config_transport {
        #[cfg(feature = "rustls-tls")]
        {
            builder = builder.use_rustls_tls();
        }
        #[cfg(all(feature = "native-tls", not(feature = "rustls-tls")))]
        {
            builder = builder.use_native_tls();
        }
        if let Some(proxy_url) = config.proxy_url() {
            let proxy =
                reqwest::Proxy::all(proxy_url).map_err(|error| ConfigError::HttpClient {
                    reason: format!("invalid proxy URL: {}", error_chain(&error)),
                })?;
            builder = builder.proxy(proxy);
        }
    }
    builder.build().map_err(|error| ConfigError::HttpClient {
        reason: error_chain(&error),
    })
}

/// Refuses an `https` base URL when the crate was built without a TLS feature (`rustls-tls`
/// or `native-tls`): the request could not be sent.
pub(crate) fn check_tls(base_url: &str) -> Result<(), ConfigError> {
    let has_tls = cfg!(any(feature = "rustls-tls", feature = "native-tls"));
    let is_https = base_url
        .get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
    if is_https && !has_tls {
        return Err(ConfigError::TlsUnavailable {
            url: super::configuration::redact_userinfo(base_url),
        });
    }
    Ok(())
}

/// Follows a redirect only when it stays on the origin of the first request.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// An error's message followed by its sources'.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Reads the body of `response`, at most `limit` bytes. Past the limit (announced by
/// `Content-Length` or met while streaming), reading stops at once and the error keeps the
/// first [`TOO_LARGE_PREFIX`] bytes.
pub(crate) async fn read_body<E>(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, Error<E>> {
    let status = response.status();
    let announced = response.content_length();
    let too_large = announced.is_some_and(|length| length > limit as u64);
    let mut body = Vec::with_capacity(
        announced
            .map_or(0, |n| n.min(limit as u64) as usize)
            .min(1 << 20),
    );
    if too_large {
        // Refused as announced: only the first chunk is read, for the prefix.
        if let Some(chunk) = response.chunk().await? {
            body.extend_from_slice(&chunk[..chunk.len().min(TOO_LARGE_PREFIX)]);
        }
        return Err(too_large_error(status, limit, &body));
    }
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            let room = TOO_LARGE_PREFIX.saturating_sub(body.len());
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            return Err(too_large_error(status, limit, &body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// [`Error::ResponseTooLarge`] with the first [`TOO_LARGE_PREFIX`] bytes of `body`.
fn too_large_error<E>(status: StatusCode, limit: usize, body: &[u8]) -> Error<E> {
    Error::ResponseTooLarge {
        status,
        limit,
        prefix: String::from_utf8_lossy(&body[..body.len().min(TOO_LARGE_PREFIX)]).into_owned(),
    }
}

/// Whether a response with this status may be retried: 429 and 5xx.
pub(crate) fn is_retryable(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// How long to wait before retry number `retry` (from 0): the wait the response asks for
/// (`Retry-After` in seconds or as an HTTP date, else for a 429 `X-RateLimit-Reset` in
/// seconds), else exponential backoff with full jitter. `None` (do not retry) when the
/// response asks for more than `max`.
pub(crate) fn retry_wait(
    status: StatusCode,
    headers: &HeaderMap,
    retry: u32,
    base: Duration,
    max: Duration,
) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
    };
    let asked = header("retry-after")
        .and_then(parse_retry_after)
        .or_else(|| {
            if status == StatusCode::TOO_MANY_REQUESTS {
                header("x-ratelimit-reset").and_then(parse_seconds)
            } else {
                None
            }
        });
    match asked {
        Some(wait) if wait > max => None,
        Some(wait) => Some(wait),
        None => {
            let cap = 2u32
                .checked_pow(retry)
                .and_then(|factor| base.checked_mul(factor))
                .map_or(max, |backoff| backoff.min(max));
            Some(cap.mul_f64(fastrand::f64()))
        }
    }
}

/// A non-negative number of seconds.
fn parse_seconds(text: &str) -> Option<Duration> {
    let seconds: f64 = text.parse().ok()?;
    // A wait too long to represent is still a wait longer than any maximum.
    (seconds >= 0.0).then(|| Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX))
}

/// `Retry-After`: seconds, or an HTTP date (the time left until then).
fn parse_retry_after(text: &str) -> Option<Duration> {
    if let Some(wait) = parse_seconds(text) {
        return Some(wait);
    }
    let date = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    let timestamp = u64::try_from(date.timestamp()).ok()?;
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(timestamp);
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}
