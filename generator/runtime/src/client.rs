//! The HTTP client the generated API structs call: [`Request`] describes one operation call
//! (path and query parameters, headers, body, security), and [`Client`] sends it — with the
//! configured base URL, API keys and user agent, retrying after 429 and 5xx responses — and
//! reads the response, which the [`Call`] it returns decodes.

// `Failure` is the crate's public `Error`, whose size is the API's; a call returns one at most
// once, from its non-generic pipeline here, so boxing it would buy nothing.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, USER_AGENT};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::auth::add_credentials;
use super::body::{self, Body};
use super::call::{Exchange, Exchanging, Failure, Undecoded};
use super::configuration::redact_userinfo;
use super::options::CallSettings;
use super::transport::{build_http_client, check_tls, is_retryable, read_body, retry_wait};
use super::{
    AttemptFailure, AttemptInfo, Call, CallOptions, ConfigError, Configuration, Error,
    OperationError, OutgoingRequest, ResponseInfo, WithHttpInfo,
};

/// Characters escaped in a path parameter: everything but RFC 3986's unreserved characters,
/// so that a value is always exactly one path segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters escaped in a query parameter's name or value: as in
/// `application/x-www-form-urlencoded` (what `reqwest`'s `query` produces, so `page[size]` is
/// sent as `page%5Bsize%5D`), except that a space is sent as `%20`.
const QUERY_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// A piece of an operation's path, as the generator parsed the spec's template:
/// `/api/v2/users/{user_id}` is `[Literal("/api/v2/users/"), Param("user_id")]`. The runtime
/// only joins the pieces; it never parses a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPart {
    Literal(&'static str),
    Param(&'static str),
}

/// The path a [`Request`] is built with: a path without parameters, sent as it is, or the
/// pieces of a template with parameters.
#[derive(Debug, Clone, Copy)]
pub struct RequestPath(&'static [PathPart], Option<&'static str>);

impl From<&'static str> for RequestPath {
    fn from(path: &'static str) -> Self {
        RequestPath(&[], Some(path))
    }
}

impl From<&'static [PathPart]> for RequestPath {
    fn from(parts: &'static [PathPart]) -> Self {
        RequestPath(parts, None)
    }
}

impl<const N: usize> From<&'static [PathPart; N]> for RequestPath {
    fn from(parts: &'static [PathPart; N]) -> Self {
        RequestPath(parts, None)
    }
}

impl RequestPath {
    pub(crate) fn parts(&self) -> impl Iterator<Item = PathPart> + '_ {
        self.1
            .map(PathPart::Literal)
            .into_iter()
            .chain(self.0.iter().copied())
    }

    /// The template as the spec writes it, for messages.
    pub(crate) fn template(&self) -> String {
        self.parts()
            .map(|part| match part {
                PathPart::Literal(text) => text.to_string(),
                PathPart::Param(name) => format!("{{{name}}}"),
            })
            .collect()
    }

    fn has_param(&self, name: &str) -> bool {
        self.parts()
            .any(|part| matches!(part, PathPart::Param(p) if p == name))
    }

    /// The path with each parameter replaced by its encoded value; Err(name) for the first
    /// parameter without one.
    fn join(&self, values: &[(&'static str, String)]) -> Result<String, &'static str> {
        let mut path = String::new();
        for part in self.parts() {
            match part {
                PathPart::Literal(text) => path.push_str(text),
                PathPart::Param(name) => match values.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => path.push_str(value),
                    None => return Err(name),
                },
            }
        }
        Ok(path)
    }
}

/// One call of an operation, built by the generated code and sent by [`Client::execute`] or
/// [`Client::execute_empty`].
///
/// Parameter values are written with `serde`: strings as they are, numbers and booleans as
/// text, date-times as RFC 3339 (their `Serialize` form), and enums as their string values.
/// A value that serializes to `null` (`None`) is skipped. A value that cannot be sent is
/// reported by `execute`, which then sends nothing.
#[must_use = "a Request is sent only by Client::execute or Client::execute_empty"]
pub struct Request {
    method: Method,
    operation_id: &'static str,
    path: RequestPath,
    /// The path parameters given, percent-encoded.
    path_values: Vec<(&'static str, String)>,
    query: Vec<String>,
    headers: HeaderMap,
    body: Option<Body>,
    /// The media type asked for (`Accept`): JSON unless the success response is not.
    accept: &'static str,
    security: Vec<Vec<&'static str>>,
    unstable: bool,
    /// The first problem met while building, reported by `execute`.
    error: Option<BuildError>,
}

/// A problem met while building a [`Request`] or adding its credentials.
pub(crate) enum BuildError {
    Serde(serde_json::Error),
    InvalidHeader { name: String, reason: String },
    InvalidParameter { name: String, reason: String },
}

impl BuildError {
    fn into_error<E>(self) -> Error<E> {
        match self {
            BuildError::Serde(error) => Error::Serde(error),
            BuildError::InvalidHeader { name, reason } => Error::InvalidHeader { name, reason },
            BuildError::InvalidParameter { name, reason } => {
                Error::InvalidParameter { name, reason }
            }
        }
    }
}

impl Request {
    /// Starts a call of the operation `operation_id` (as `"v2.GetUser"`: version, dot,
    /// operationId) with this method and path: `"/api/v2/users"`, or the [`PathPart`]s of a
    /// template with parameters.
    pub fn new(method: Method, operation_id: &'static str, path: impl Into<RequestPath>) -> Self {
        Request {
            method,
            operation_id,
            path: path.into(),
            path_values: Vec::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            accept: "application/json",
            security: Vec::new(),
            unstable: false,
            error: None,
        }
    }

    /// Marks the operation as unstable: it is sent only if enabled with
    /// [`Configuration::set_unstable_operation_enabled`].
    pub fn unstable(mut self) -> Self {
        self.unstable = true;
        self
    }

    /// Gives the path parameter `name` its value, percent-encoded as one path segment (`/`,
    /// `?`, `#` and `%` are escaped). A missing or empty value, `.` and `..` are rejected, and
    /// so is a name the path does not have.
    pub fn path_param<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        if !self.path.has_param(name) {
            let reason = format!("the path {} has no such parameter", self.path.template());
            return self.fail_parameter(name, &reason);
        }
        let text = match scalar_text(value) {
            Ok(Some(text)) => text,
            Ok(None) => return self.fail_parameter(name, "the value is missing"),
            Err(reason) => return self.fail_parameter(name, &reason),
        };
        if text.is_empty() {
            return self.fail_parameter(name, "a path parameter must not be empty");
        }
        if text == "." || text == ".." {
            return self.fail_parameter(name, "a path parameter must not be `.` or `..`");
        }
        let encoded = utf8_percent_encode(&text, PATH_SEGMENT).to_string();
        self.path_values.push((name, encoded));
        self
    }

    /// Adds the query parameter `name=value`; skipped when the value is `None`.
    pub fn query<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match scalar_text(value) {
            Ok(Some(text)) => {
                self.query
                    .push(format!("{}={}", encode_query(name), encode_query(&text)));
                self
            }
            Ok(None) => self,
            Err(reason) => self.fail_parameter(name, &reason),
        }
    }

    /// Adds an array query parameter, given as a `Vec<T>`, a slice or an `Option` of either
    /// (`None` and empty arrays are skipped). With `explode`, each item is its own parameter
    /// (`include=a&include=b`); without, the items are joined by commas (`include=a,b`, with
    /// commas inside items escaped).
    pub fn query_array<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        values: &T,
        explode: bool,
    ) -> Self {
        let items = match serde_json::to_value(values) {
            Ok(Value::Null) => return self,
            Ok(Value::Array(items)) => items,
            Ok(single) => vec![single],
            Err(error) => return self.fail_parameter(name, &error.to_string()),
        };
        let mut texts = Vec::with_capacity(items.len());
        for item in items {
            match value_text(item) {
                Ok(Some(text)) => texts.push(encode_query(&text)),
                Ok(None) => {}
                Err(reason) => return self.fail_parameter(name, &reason),
            }
        }
        if texts.is_empty() {
            return self;
        }
        let name = encode_query(name);
        if explode {
            for text in texts {
                self.query.push(format!("{name}={text}"));
            }
        } else {
            self.query.push(format!("{name}={}", texts.join(",")));
        }
        self
    }

    /// Adds a request header; skipped when the value is `None`. A value with CR, LF or
    /// another character that is not visible ASCII is rejected.
    pub fn header<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        let text = match scalar_text(value) {
            Ok(Some(text)) => text,
            Ok(None) => return self,
            Err(reason) => return self.fail_parameter(name, &reason),
        };
        match (
            HeaderName::from_bytes(name.as_bytes()),
            header_value(name, &text),
        ) {
            (Ok(header_name), Ok(header_value)) => {
                self.headers.append(header_name, header_value);
            }
            (Err(_), _) => self.fail(BuildError::InvalidHeader {
                name: name.to_string(),
                reason: "not a valid header name".to_string(),
            }),
            (_, Err(error)) => self.fail(error),
        }
        self
    }

    /// Sets the JSON request body (sent with `Content-Type: application/json`).
    pub fn json_body<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_raw("application/json", bytes.into()),
            Err(error) => self.fail(BuildError::Serde(error)),
        }
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body: each property of `body` (an object)
    /// as `name=value`, arrays as one pair per item, `None` skipped. A nested object is
    /// rejected.
    pub fn form_body<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match body::form_urlencoded(body, encode_query) {
            Ok(bytes) => self.set_raw("application/x-www-form-urlencoded", bytes.into()),
            Err(reason) => return self.fail_parameter("body", &reason),
        }
        self
    }

    /// Sets a body sent as it is (text, octet-stream, zip...), with this `Content-Type`.
    pub fn raw_body(mut self, content_type: &'static str, body: impl Into<bytes::Bytes>) -> Self {
        self.set_raw(content_type, body.into());
        self
    }

    /// Starts a `multipart/form-data` body with no parts; `multipart_text` and
    /// `multipart_file` add them.
    pub fn multipart(mut self) -> Self {
        self.body = Some(Body::Multipart(Vec::new()));
        self
    }

    /// Adds the text parts of a form field: none for `None`, one per item for an array, the
    /// JSON text of an object, else the value as text.
    pub fn multipart_text<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        let Some(Body::Multipart(parts)) = &mut self.body else {
            return self.fail_parameter(name, "internal: a part added before `multipart()`");
        };
        match body::text_parts(parts, name, value) {
            Ok(()) => self,
            Err(reason) => self.fail_parameter(name, &reason),
        }
    }

    /// Adds a file part (skipped when `None`), with this media type and its name as file name.
    pub fn multipart_file(
        mut self,
        name: &'static str,
        media_type: &'static str,
        data: Option<&[u8]>,
    ) -> Self {
        let Some(Body::Multipart(parts)) = &mut self.body else {
            return self.fail_parameter(name, "internal: a part added before `multipart()`");
        };
        if let Some(data) = data {
            parts.push(body::file_part(name, media_type, data));
        }
        self
    }

    /// Adds a file part per item (none for `None`), each with this media type and its name as
    /// file name: an array of files.
    pub fn multipart_files<'f>(
        mut self,
        name: &'static str,
        media_type: &'static str,
        files: impl IntoIterator<Item = &'f [u8]>,
    ) -> Self {
        let Some(Body::Multipart(parts)) = &mut self.body else {
            return self.fail_parameter(name, "internal: a part added before `multipart()`");
        };
        parts.extend(
            files
                .into_iter()
                .map(|data| body::file_part(name, media_type, data)),
        );
        self
    }

    /// Adds the text parts of each entry of a map, named by its key: a form whose schema is
    /// a map, or the properties a form's struct does not declare.
    pub fn multipart_entries<T: Serialize + ?Sized>(mut self, map: &T) -> Self {
        let Some(Body::Multipart(parts)) = &mut self.body else {
            return self.fail_parameter("body", "internal: a part added before `multipart()`");
        };
        match body::entry_parts(parts, map) {
            Ok(()) => self,
            Err(reason) => self.fail_parameter("body", &reason),
        }
    }

    /// Asks for this media type (`Accept`), for an operation whose success is not JSON.
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = media_type;
        self
    }

    fn set_raw(&mut self, content_type: &'static str, data: bytes::Bytes) {
        self.body = Some(Body::Raw {
            content_type: HeaderValue::from_static(content_type),
            data,
        });
    }

    /// Sets the security requirement: alternatives (any one suffices) of security schemes
    /// (all required), by scheme name. The first alternative whose credentials are all
    /// configured is sent; when none is complete, every configured credential among them is
    /// sent. Empty (`security: []`, or none declared): no credentials are sent.
    pub fn security(mut self, alternatives: &[&[&'static str]]) -> Self {
        self.security = alternatives
            .iter()
            .map(|alternative| alternative.to_vec())
            .collect();
        self
    }

    /// Keeps the first build problem.
    fn fail(&mut self, error: BuildError) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Keeps an invalid-parameter problem and returns the request.
    fn fail_parameter(mut self, name: &str, reason: &str) -> Self {
        self.fail(BuildError::InvalidParameter {
            name: name.to_string(),
            reason: reason.to_string(),
        });
        self
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("operation_id", &self.operation_id)
            .field("path", &self.path.template())
            .field("path_values", &self.path_values)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("body_len", &self.body.as_ref().map(Body::len))
            .field("security", &self.security)
            .field("unstable", &self.unstable)
            .finish()
    }
}

/// Sends [`Request`]s with a [`Configuration`]. Cloning is cheap (the configuration and the
/// HTTP client's connection pool are shared). The `Debug` output never shows key values.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// The per-call options of this view ([`Client::with_options`]), if any.
    options: Option<Arc<CallOptions>>,
}

/// A request ready to be sent: what each attempt sends, and what hooks and traces know of it.
struct Prepared {
    method: Method,
    operation_id: &'static str,
    /// The path template as the spec writes it (`/api/v2/users/{user_id}`).
    path_template: String,
    url: reqwest::Url,
    /// The query parameters of `url` that carry a key: hooks see their values redacted.
    secret_query: Vec<&'static str>,
    headers: HeaderMap,
    body: Option<Body>,
}

impl Prepared {
    /// What a hook knows of attempt number `attempt` (from 1).
    fn info(&self, attempt: u32) -> AttemptInfo<'_> {
        AttemptInfo {
            operation_id: self.operation_id,
            method: &self.method,
            path_template: &self.path_template,
            attempt,
        }
    }
}

/// What a [`Client`] shares between its clones.
struct Inner {
    config: Configuration,
    /// The HTTP client, or why it could not be built (reported by every call).
    http: Result<reqwest::Client, ConfigError>,
    /// One permit per connection the client may use at once (its one host): a call holds
    /// one from sending the request until its body is read.
    connections: Semaphore,
}

impl Client {
    /// Creates a client with an HTTP client (rustls) built from the configuration's proxy.
    /// Redirects are followed only to the same origin, so that API keys are never sent
    /// elsewhere. Never panics: if the HTTP client cannot be built (for example a malformed
    /// proxy URL), every call returns the problem as a configuration error.
    pub fn new(config: Configuration) -> Self {
        let http = build_http_client(&config, reqwest::Client::builder(), true);
        Self::from_parts(config, http)
    }

    /// Creates a client whose HTTP client is built from `builder` (its TLS, proxy, DNS and
    /// other settings apply). Its redirect policy is replaced: redirects are followed only to
    /// the same origin, so that no caller's setting can send the API keys to another server.
    /// The configuration's timeouts, size and connection limits and user agent apply to every
    /// call; its proxy does not (configure it on `builder`).
    pub fn with_http_client(config: Configuration, builder: reqwest::ClientBuilder) -> Self {
        let http = build_http_client(&config, builder, false);
        Self::from_parts(config, http)
    }

    fn from_parts(config: Configuration, http: Result<reqwest::Client, ConfigError>) -> Self {
        let connections = Semaphore::new(config.max_connections_per_host());
        Client {
            inner: Arc::new(Inner {
                config,
                http,
                connections,
            }),
            options: None,
        }
    }

    /// A view of this client whose calls use `options` (timeouts, retries, extra headers,
    /// unstable operations) over the configuration's settings. It shares the client's
    /// connections, limits and hooks; the options replace any the client already had.
    pub fn with_options(&self, options: CallOptions) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            options: Some(Arc::new(options)),
        }
    }

    /// The per-call options of this view, if it was made by [`with_options`](Self::with_options).
    pub fn options(&self) -> Option<&CallOptions> {
        self.options.as_deref()
    }

    /// The configuration.
    pub fn config(&self) -> &Configuration {
        &self.inner.config
    }

    /// The call of `request`, decoding a 2xx response's body as `R` (JSON). Nothing is sent
    /// before it is awaited.
    ///
    /// A body that does not decode is [`Error::ResponseDecode`]; a status that is not 2xx
    /// (after any retries) is [`Error::ResponseError`], with the body decoded by
    /// `E::from_response` when the status is documented.
    pub fn execute<R, E>(&self, request: Request) -> Call<R, E, WithHttpInfo>
    where
        R: DeserializeOwned,
        E: OperationError,
    {
        Call::new(self.start(request), decode_json::<R>)
    }

    /// The call of `request`, returning a 2xx response's body as text (`text/plain`). A body
    /// that is not UTF-8 is [`Error::ResponseDecode`].
    pub fn execute_text<E>(&self, request: Request) -> Call<String, E, WithHttpInfo>
    where
        E: OperationError,
    {
        Call::new(self.start(request), decode_text)
    }

    /// The call of `request`, returning a 2xx response's body as bytes (octet-stream, zip,
    /// csv, yaml...), as read within the size limit.
    pub fn execute_bytes<E>(&self, request: Request) -> Call<Vec<u8>, E, WithHttpInfo>
    where
        E: OperationError,
    {
        Call::new(self.start(request), Ok)
    }

    /// The call of `request`, for an operation whose success has no body: the body of a 2xx
    /// response is ignored.
    pub fn execute_empty<E>(&self, request: Request) -> Call<(), E, WithHttpInfo>
    where
        E: OperationError,
    {
        Call::new(self.start(request), |_| Ok(()))
    }

    /// The runtime's future of sending `request`: one type and one body for every operation.
    fn start(&self, request: Request) -> Exchanging {
        let client = self.clone();
        Box::pin(async move { client.send(request).await })
    }

    /// Sends the request (within the call's span, with the `tracing` feature).
    async fn send(&self, request: Request) -> Result<Exchange, Failure> {
        #[cfg(feature = "tracing")]
        let span = super::trace::call_span(
            request.operation_id,
            &request.method,
            &request.path.template(),
        );
        let call = self.check_and_send(request);
        #[cfg(feature = "tracing")]
        let call = super::trace::in_call_span(span, call);
        call.await
    }

    /// Checks the configuration and the request, and sends it (retrying when configured to).
    async fn check_and_send(&self, request: Request) -> Result<Exchange, Failure> {
        let config = &self.inner.config;
        let base_url = config.operation_base_url(request.operation_id)?;
        check_tls(&base_url)?;
        self.inner.http.as_ref().map_err(|error| error.clone())?;
        let allowed_by_options = self.options().is_some_and(CallOptions::unstable_allowed);
        if request.unstable
            && !allowed_by_options
            && !config.is_unstable_operation_enabled(request.operation_id)
        {
            let operation = request.operation_id;
            return Err(Error::UnstableOperationDisabledError(format!(
                "Operation '{operation}' is unstable and disabled. Enable it with \
                 `configuration.set_unstable_operation_enabled(\"{operation}\", true)`"
            )));
        }
        if let Some(error) = request.error {
            return Err(error.into_error());
        }
        let path =
            request
                .path
                .join(&request.path_values)
                .map_err(|name| Error::InvalidParameter {
                    name: name.to_string(),
                    reason: format!(
                        "the path parameter of {} is missing",
                        request.path.template()
                    ),
                })?;

        let mut headers = request.headers;
        let mut query = request.query;
        let secret_params = add_credentials(config, &request.security, &mut headers, &mut query)
            .map_err(BuildError::into_error)?;
        let mut url = format!("{base_url}{path}");
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query.join("&"));
        }
        let url = reqwest::Url::parse(&url).map_err(|error| {
            Error::Configuration(ConfigError::InvalidBaseUrl {
                url: redact_userinfo(&base_url),
                reason: error.to_string(),
            })
        })?;

        headers.insert(
            ACCEPT,
            header_value("Accept", request.accept).map_err(BuildError::into_error)?,
        );
        headers.insert(
            USER_AGENT,
            header_value("User-Agent", config.user_agent()).map_err(BuildError::into_error)?,
        );
        if let Some(options) = self.options() {
            add_option_headers(config, options, &mut headers)?;
        }

        let prepared = Prepared {
            method: request.method,
            operation_id: request.operation_id,
            path_template: request.path.template(),
            url,
            secret_query: secret_params,
            headers,
            body: request.body,
        };
        self.attempts(prepared).await
    }

    /// Sends the request until it succeeds, fails for good, or the retries or the call's total
    /// timeout run out; each attempt is bounded by the attempt timeout.
    async fn attempts(&self, prepared: Prepared) -> Result<Exchange, Failure> {
        let settings = self.settings();
        let deadline = settings.total_timeout.map(|total| Instant::now() + total);
        let mut retries = 0u32;
        loop {
            let number = retries + 1;
            let info = prepared.info(number);
            #[cfg(feature = "tracing")]
            let span = super::trace::attempt_span(number);
            let attempt = self.attempt(&prepared, &info, &settings);
            #[cfg(feature = "tracing")]
            let attempt = tracing::Instrument::instrument(attempt, span.clone());
            let outcome = match deadline {
                Some(deadline) => tokio::time::timeout_at(deadline, attempt)
                    .await
                    .unwrap_or_else(|_| {
                        Err(Error::CallTimeout {
                            timeout: settings.total_timeout.unwrap_or_default(),
                        })
                    }),
                None => attempt.await,
            };
            let (status, response_headers, body_bytes) = match outcome {
                Ok(parts) => parts,
                Err(error) => {
                    // A key sent in the query never shows in the error's URL.
                    let error = error.redact_query(&prepared.secret_query);
                    self.report_failure(&info, &error);
                    #[cfg(feature = "tracing")]
                    super::trace::record_failure(&span, &error);
                    return Err(error);
                }
            };
            #[cfg(feature = "tracing")]
            super::trace::record_status(&span, status);
            self.after_response(&info, status, &response_headers)?;
            if !status.is_success() {
                if let Some(wait) =
                    next_wait(&settings, status, &response_headers, retries, deadline)
                {
                    #[cfg(feature = "tracing")]
                    super::trace::record_retry(&span, status, wait);
                    tokio::time::sleep(wait).await;
                    retries += 1;
                    continue;
                }
            }
            return Ok(Exchange {
                status,
                headers: response_headers,
                body: body_bytes,
                #[cfg(feature = "tracing")]
                span: tracing::Span::none(),
            });
        }
    }

    /// One attempt: lets the hooks see (and change or refuse) the request, waits for a
    /// connection permit, sends, and reads the body (up to the size limit), all within the
    /// attempt timeout.
    async fn attempt(
        &self,
        prepared: &Prepared,
        info: &AttemptInfo<'_>,
        settings: &CallSettings,
    ) -> Result<(reqwest::StatusCode, HeaderMap, Vec<u8>), Failure> {
        let config = &self.inner.config;
        let http = self.inner.http.as_ref().map_err(|error| error.clone())?;
        let mut headers = prepared.headers.clone();
        let body = prepared.body.as_ref();
        for hook in config.hooks() {
            let bytes = body.and_then(Body::bytes);
            let mut outgoing =
                OutgoingRequest::new(&prepared.url, &prepared.secret_query, &mut headers, bytes);
            hook.before_send(info, &mut outgoing).map_err(Error::Hook)?;
        }
        let work = async {
            // The semaphore is never closed, so acquiring fails only if it were.
            let _permit = self.inner.connections.acquire().await.ok();
            let mut builder = http
                .request(prepared.method.clone(), prepared.url.clone())
                .headers(headers);
            if let Some(body) = body {
                builder = body.apply(builder);
            }
            let mut response = builder.send().await?;
            let status = response.status();
            let response_headers = std::mem::take(response.headers_mut());
            let bytes = read_body(response, config.max_response_size()).await?;
            Ok((status, response_headers, bytes))
        };
        match settings.timeout {
            Some(timeout) => tokio::time::timeout(timeout, work)
                .await
                .map_err(|_| Error::AttemptTimeout { timeout })?,
            None => work.await,
        }
    }

    /// The settings of this client's calls: the configuration's, with this view's options.
    fn settings(&self) -> CallSettings {
        CallSettings::resolve(&self.inner.config, self.options())
    }

    /// Tells the hooks how an attempt failed (not when a hook refused it).
    fn report_failure(&self, info: &AttemptInfo<'_>, error: &Failure) {
        if matches!(error, Error::Hook(_)) {
            return;
        }
        let failure = AttemptFailure::of(error);
        for hook in self.inner.config.hooks() {
            hook.on_error(info, &failure);
        }
    }

    /// Shows the response to the hooks; the first refusal ends the call.
    fn after_response(
        &self,
        info: &AttemptInfo<'_>,
        status: reqwest::StatusCode,
        headers: &HeaderMap,
    ) -> Result<(), Failure> {
        let response = ResponseInfo { status, headers };
        for hook in self.inner.config.hooks() {
            hook.after_response(info, &response).map_err(Error::Hook)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let http = match &self.inner.http {
            Ok(_) => "ready".to_string(),
            Err(error) => format!("<not built: {error}>"),
        };
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("http_client", &http)
            .field("options", &self.options)
            .finish()
    }
}

/// The wait before the next attempt, when the response may be retried and a retry is left;
/// `None` also when the wait would end after the call's deadline (the response is returned).
fn next_wait(
    settings: &CallSettings,
    status: reqwest::StatusCode,
    headers: &HeaderMap,
    retries: u32,
    deadline: Option<Instant>,
) -> Option<Duration> {
    if !(settings.retry_enabled && retries < settings.max_retries && is_retryable(status)) {
        return None;
    }
    let wait = retry_wait(
        status,
        headers,
        retries,
        settings.backoff_base,
        settings.backoff_max,
    )?;
    let fits = deadline.is_none_or(|deadline| Instant::now() + wait < deadline);
    fits.then_some(wait)
}

/// Adds the extra headers of per-call options, replacing those of the same name. A header
/// named like a security scheme's carries a key: it is marked sensitive, as keys are.
fn add_option_headers(
    config: &Configuration,
    options: &CallOptions,
    headers: &mut HeaderMap,
) -> Result<(), Failure> {
    let extra = options
        .headers()
        .map_err(|(name, reason)| Error::InvalidHeader { name, reason })?;
    for (name, value) in extra {
        let mut value = value.clone();
        let carries_key = config
            .spec()
            .security_schemes
            .iter()
            .filter_map(|scheme| scheme.kind.header())
            .any(|header| header.eq_ignore_ascii_case(name.as_str()));
        value.set_sensitive(carries_key || value.is_sensitive());
        headers.insert(name.clone(), value);
    }
    Ok(())
}

/// A parameter value as text: `None` for `null`, an error for arrays and objects.
pub(super) fn scalar_text<T: Serialize + ?Sized>(value: &T) -> Result<Option<String>, String> {
    serde_json::to_value(value)
        .map_err(|error| error.to_string())
        .and_then(value_text)
}

/// A JSON scalar as text: strings as they are, numbers and booleans as JSON writes them.
fn value_text(value: Value) -> Result<Option<String>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text)),
        Value::Number(number) => Ok(Some(number.to_string())),
        Value::Bool(flag) => Ok(Some(flag.to_string())),
        Value::Array(_) | Value::Object(_) => {
            Err("expected a string, a number or a boolean".to_string())
        }
    }
}

/// A JSON body decoded as `R`.
fn decode_json<R: DeserializeOwned>(body: Vec<u8>) -> Result<R, Undecoded> {
    serde_json::from_slice::<R>(&body).map_err(|error| (error, body))
}

/// A text body; not UTF-8 is an error.
fn decode_text(body: Vec<u8>) -> Result<String, Undecoded> {
    String::from_utf8(body).map_err(|error| {
        let reason = format!("the body is not UTF-8 text: {}", error.utf8_error());
        (serde::de::Error::custom(reason), error.into_bytes())
    })
}

/// Percent-encodes a query parameter's name or value.
pub(crate) fn encode_query(text: &str) -> String {
    utf8_percent_encode(text, QUERY_COMPONENT).to_string()
}

/// A header value, rejected (without quoting it) when it contains CR, LF or another
/// character that is not visible ASCII, space or tab.
pub(crate) fn header_value(name: &str, text: &str) -> Result<HeaderValue, BuildError> {
    let invalid = |reason: String| BuildError::InvalidHeader {
        name: name.to_string(),
        reason,
    };
    if let Some(position) = text.find(['\r', '\n']) {
        return Err(invalid(format!(
            "the value contains a line break (CR or LF) at byte {position}"
        )));
    }
    if let Some(position) = text
        .bytes()
        .position(|byte| !(byte == b'\t' || (b' '..=b'~').contains(&byte)))
    {
        return Err(invalid(format!(
            "the value contains a control or non-ASCII character at byte {position}"
        )));
    }
    HeaderValue::from_str(text).map_err(|error| invalid(error.to_string()))
}
