//! The HTTP client the generated API structs call: [`Request`] describes one operation call
//! (path and query parameters, headers, body, security), and [`Client`] sends it — with the
//! configured base URL, API keys and user agent, retrying after 429 and 5xx responses — and
//! decodes the response.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::auth::add_credentials;
use super::configuration::redact_userinfo;
use super::transport::{build_http_client, is_retryable, read_body, retry_wait};
use super::{ConfigError, Configuration, Error, OperationError, Response, ResponseContent};

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
    path_template: &'static str,
    path: String,
    query: Vec<String>,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
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
    /// operationId) with this method and path template (as `"/api/v2/users/{user_id}"`).
    pub fn new(method: Method, operation_id: &'static str, path_template: &'static str) -> Self {
        Request {
            method,
            operation_id,
            path_template,
            path: path_template.to_string(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
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

    /// Replaces `{name}` in the path with the value, percent-encoded as one path segment
    /// (`/`, `?`, `#` and `%` are escaped). A missing or empty value, `.` and `..` are
    /// rejected.
    pub fn path_param<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
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
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
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
            Ok(bytes) => self.body = Some(bytes),
            Err(error) => self.fail(BuildError::Serde(error)),
        }
        self
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
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("body_len", &self.body.as_ref().map(Vec::len))
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
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Configuration {
        &self.inner.config
    }

    /// Sends the request and decodes a 2xx response's body as `R`.
    ///
    /// A body that does not decode is [`Error::ResponseDecode`]; a status that is not 2xx
    /// (after any retries) is [`Error::ResponseError`], with the body decoded by
    /// `E::from_response` when the status is documented.
    pub async fn execute<R, E>(&self, request: Request) -> Result<Response<R>, Error<E>>
    where
        R: DeserializeOwned,
        E: OperationError,
    {
        self.send(request, |body| serde_json::from_slice::<R>(body))
            .await
    }

    /// Sends the request, for an operation whose success has no body: the body of a 2xx
    /// response is ignored.
    pub async fn execute_empty<E>(&self, request: Request) -> Result<Response<()>, Error<E>>
    where
        E: OperationError,
    {
        self.send(request, |_| Ok(())).await
    }

    /// Checks the configuration and the request, sends it (retrying when configured to), and
    /// decodes a 2xx body with `decode`.
    async fn send<R, E, D>(&self, request: Request, decode: D) -> Result<Response<R>, Error<E>>
    where
        E: OperationError,
        D: FnOnce(&[u8]) -> Result<R, serde_json::Error>,
    {
        let config = &self.inner.config;
        let base_url = config.operation_base_url(request.operation_id)?;
        self.inner.http.as_ref().map_err(|error| error.clone())?;
        if request.unstable && !config.is_unstable_operation_enabled(request.operation_id) {
            let operation = request.operation_id;
            return Err(Error::UnstableOperationDisabledError(format!(
                "Operation '{operation}' is unstable and disabled. Enable it with \
                 `configuration.set_unstable_operation_enabled(\"{operation}\", true)`"
            )));
        }
        if let Some(error) = request.error {
            return Err(error.into_error());
        }
        if let Some(start) = request.path.find('{') {
            let end = request.path[start..]
                .find('}')
                .map_or(request.path.len(), |end| start + end + 1);
            return Err(Error::InvalidParameter {
                name: request.path[start..end]
                    .trim_matches(|c| c == '{' || c == '}')
                    .to_string(),
                reason: format!("the path parameter of {} is missing", request.path_template),
            });
        }

        let mut headers = request.headers;
        let mut query = request.query;
        let secret_params = add_credentials(config, &request.security, &mut headers, &mut query)
            .map_err(BuildError::into_error)?;
        let mut url = format!("{base_url}{}", request.path);
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

        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if request.body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        headers.insert(
            USER_AGENT,
            header_value("User-Agent", config.user_agent()).map_err(BuildError::into_error)?,
        );

        self.attempts(request.method, url, headers, request.body, decode)
            .await
            .map_err(|error| error.redact_query(&secret_params))
    }

    /// Sends the request until it succeeds, fails for good, or the retries or the call's total
    /// timeout run out; each attempt is bounded by the attempt timeout.
    async fn attempts<R, E, D>(
        &self,
        method: Method,
        url: reqwest::Url,
        headers: HeaderMap,
        body: Option<Vec<u8>>,
        decode: D,
    ) -> Result<Response<R>, Error<E>>
    where
        E: OperationError,
        D: FnOnce(&[u8]) -> Result<R, serde_json::Error>,
    {
        let config = &self.inner.config;
        let (retry_enabled, max_retries, backoff_base, backoff_max) = config.retry_settings();
        let deadline = config.total_timeout().map(|total| Instant::now() + total);
        let mut retries = 0u32;
        loop {
            let attempt = self.attempt(&method, &url, &headers, body.as_deref());
            let (status, response_headers, body_bytes) = match deadline {
                Some(deadline) => {
                    tokio::time::timeout_at(deadline, attempt)
                        .await
                        .map_err(|_| Error::CallTimeout {
                            timeout: config.total_timeout().unwrap_or_default(),
                        })??
                }
                None => attempt.await?,
            };
            if status.is_success() {
                return match decode(&body_bytes) {
                    Ok(entity) => Ok(Response {
                        status,
                        headers: response_headers,
                        entity,
                    }),
                    Err(source) => Err(Error::ResponseDecode {
                        status,
                        content: String::from_utf8_lossy(&body_bytes).into_owned(),
                        source,
                    }),
                };
            }
            if retry_enabled && retries < max_retries && is_retryable(status) {
                let wait = retry_wait(
                    status,
                    &response_headers,
                    retries,
                    backoff_base,
                    backoff_max,
                );
                // A wait that ends after the deadline is not made: the response is returned.
                let fits = |wait: Duration| deadline.map_or(true, |d| Instant::now() + wait < d);
                if let Some(wait) = wait.filter(|wait| fits(*wait)) {
                    tokio::time::sleep(wait).await;
                    retries += 1;
                    continue;
                }
            }
            let entity = E::from_response(status.as_u16(), &body_bytes).and_then(Result::ok);
            return Err(Error::ResponseError(ResponseContent {
                status,
                headers: response_headers,
                content: String::from_utf8_lossy(&body_bytes).into_owned(),
                entity,
            }));
        }
    }

    /// One attempt: waits for a connection permit, sends, and reads the body (up to the size
    /// limit), all within the attempt timeout.
    async fn attempt<E>(
        &self,
        method: &Method,
        url: &reqwest::Url,
        headers: &HeaderMap,
        body: Option<&[u8]>,
    ) -> Result<(reqwest::StatusCode, HeaderMap, Vec<u8>), Error<E>> {
        let config = &self.inner.config;
        let http = self.inner.http.as_ref().map_err(|error| error.clone())?;
        let work = async {
            // The semaphore is never closed, so acquiring fails only if it were.
            let _permit = self.inner.connections.acquire().await.ok();
            let mut builder = http
                .request(method.clone(), url.clone())
                .headers(headers.clone());
            if let Some(body) = body {
                builder = builder.body(body.to_vec());
            }
            let mut response = builder.send().await?;
            let status = response.status();
            let response_headers = std::mem::take(response.headers_mut());
            let bytes = read_body(response, config.max_response_size()).await?;
            Ok((status, response_headers, bytes))
        };
        match config.timeout() {
            Some(timeout) => tokio::time::timeout(timeout, work)
                .await
                .map_err(|_| Error::AttemptTimeout { timeout })?,
            None => work.await,
        }
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
            .finish()
    }
}

/// A parameter value as text: `None` for `null`, an error for arrays and objects.
fn scalar_text<T: Serialize + ?Sized>(value: &T) -> Result<Option<String>, String> {
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
