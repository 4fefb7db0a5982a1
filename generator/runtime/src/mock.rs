//! Typed mocks for the tests of code that calls the API (the `mock` feature): a local HTTP
//! server ([`MockServer`], over `wiremock`) on which each operation is stubbed by its typed
//! [`MockOperation`], which answers with the operation's own response and error types.
//!
//! The generated crate adds one accessor per API and one method per operation (in each
//! version's `mock` module, as `server.v2().users().list_users()`); everything that matches
//! a request and builds a response is here, once.

use std::fmt;
use std::marker::PhantomData;

use percent_encoding::percent_decode_str;
use reqwest::Method;
use serde::Serialize;
use wiremock::matchers::{body_json, method, query_param};
use wiremock::{Mock, ResponseTemplate, Times};

/// The `wiremock` crate the mocks are built on, for [`MockOperation::respond_with`] and
/// [`MockServer::inner`].
pub use wiremock;

use super::client::{scalar_text, PathPart, RequestPath};
use super::{APIKey, ApiSpec, Configuration};

/// The key every scheme gets in [`MockServer::configuration`]: real keys never reach a mock.
pub const MOCK_KEY: &str = "mock-key";

/// A local HTTP server that answers the stubs mounted on it (see the generated
/// `server.v2().users().list_users()...`), and a [`Configuration`] that points at it.
///
/// Expectations set with [`MockOperation::expect`] are checked when the server is dropped
/// (the test then panics, naming the operation) or by [`MockServer::verify`]. A request that
/// no stub matches is answered `404` with an empty body.
pub struct MockServer {
    server: wiremock::MockServer,
    spec: &'static ApiSpec,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .finish()
    }
}

impl MockServer {
    /// Starts a server on a free port of 127.0.0.1 for the API `spec` (the generated
    /// `MockServer::start` passes the crate's own).
    pub async fn start_for(spec: &'static ApiSpec) -> Self {
        MockServer {
            server: wiremock::MockServer::start().await,
            spec,
        }
    }

    /// The server's base URL, `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A configuration whose calls go to this server: its host, [`MOCK_KEY`] as the key of
    /// every security scheme (whatever `DD_API_KEY` and `DD_APP_KEY` hold), and no retries,
    /// so that each call is one request (turn them on with `set_retry` to test them).
    ///
    /// # Panics
    ///
    /// Never in practice: only if the server's own URL were refused as a host, which would
    /// otherwise send the calls to the real API.
    pub fn configuration(&self) -> Configuration {
        let mut config = Configuration::from_env(self.spec);
        config
            .set_host(&self.server.uri())
            .expect("the mock server's URL is a valid host");
        for scheme in self.spec.security_schemes {
            config.set_auth_key(
                scheme.name,
                APIKey {
                    key: MOCK_KEY.to_string(),
                    prefix: String::new(),
                },
            );
        }
        config.set_retry(false, 0);
        config
    }

    /// Checks every expectation set with [`MockOperation::expect`] now; panics with the
    /// operations whose call counts differ.
    pub async fn verify(&self) {
        self.server.verify().await
    }

    /// Every request the server has received, in order.
    pub async fn received_requests(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// The underlying `wiremock` server, to mount untyped mocks.
    pub fn inner(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// Starts the stub of one operation: its qualified id (`"v2.ListUsers"`), method, path
    /// template, success status and whether its success has a body. Called by the generated
    /// per-operation methods, which fix the request body `B`, the success type `R` and the
    /// error type `E`.
    pub fn operation<B, R, E>(
        &self,
        id: &'static str,
        method: Method,
        path: impl Into<RequestPath>,
        success: u16,
        success_has_body: bool,
    ) -> MockOperation<'_, B, R, E> {
        MockOperation {
            server: self,
            id,
            method,
            path: path.into(),
            success,
            success_has_body,
            path_values: Vec::new(),
            query: Vec::new(),
            body: None,
            times: None,
            types: PhantomData,
        }
    }
}

/// The documented error responses of an operation, as the mock answers them: implemented by
/// each generated `XxxError` under the `mock` feature.
pub trait MockError {
    /// The status and the JSON body of this error. A range (`4XX`) answers its first code
    /// (400), `default` answers 500; [`MockOperation::respond_error_with_status`] picks
    /// another.
    fn mock_response(&self) -> (u16, Option<&dyn MockBody>);
}

/// A response body the mock writes as JSON: any `Serialize` value (the trait keeps
/// [`MockError`] usable as an object-safe list of `(status, body)`).
pub trait MockBody {
    /// The body as JSON.
    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error>;
}

impl<T: Serialize> MockBody for T {
    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::to_value(self)
    }
}

/// The stub of one operation, matching its method and path (and, when set, path parameter
/// values, query parameters and the JSON body), answered with its typed success `R` or error
/// `E` once one of the `respond_*` methods mounts it.
///
/// # Panics
///
/// The builder methods panic when a value cannot be written as JSON or as a parameter (an
/// object given for a path parameter): that is a mistake of the test.
#[must_use = "a stub is mounted only by one of its respond_* methods"]
pub struct MockOperation<'a, B, R, E> {
    server: &'a MockServer,
    id: &'static str,
    method: Method,
    path: RequestPath,
    success: u16,
    success_has_body: bool,
    path_values: Vec<(String, String)>,
    query: Vec<(String, String)>,
    body: Option<serde_json::Value>,
    times: Option<Times>,
    types: PhantomData<fn(B) -> (R, E)>,
}

impl<B, R, E> fmt::Debug for MockOperation<'_, B, R, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockOperation")
            .field("id", &self.id)
            .field("method", &self.method)
            .field("path", &self.path.template())
            .field("path_values", &self.path_values)
            .field("query", &self.query)
            .field("body", &self.body)
            .finish()
    }
}

impl<B: Serialize, R: Serialize, E: MockError> MockOperation<'_, B, R, E> {
    /// Matches only requests whose path parameter `name` is `value` (as the client sends
    /// it: strings as they are, numbers and enums as their text).
    pub fn path_param<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let text = self.text_of(name, value);
        self.path_values.push((name.to_string(), text));
        self
    }

    /// Matches only requests with the query parameter `name=value` (among others).
    pub fn query<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let text = self.text_of(name, value);
        self.query.push((name.to_string(), text));
        self
    }

    /// Matches only requests whose JSON body equals `body`.
    pub fn body(mut self, body: &B) -> Self {
        self.body = Some(self.json_of("the body", body));
        self
    }

    /// Expects this many matching calls (`1`, `1..`, `..=3`), checked when the server is
    /// dropped or by [`MockServer::verify`].
    pub fn expect(mut self, times: impl Into<Times>) -> Self {
        self.times = Some(times.into());
        self
    }

    /// Answers the operation's success status with `entity` as its body.
    pub async fn respond_ok(self, entity: R) {
        let template = ResponseTemplate::new(self.success);
        let template = if self.success_has_body {
            template.set_body_json(self.json_of("the response", &entity))
        } else {
            template
        };
        self.respond_with(template).await
    }

    /// Answers the documented error `error`: its status and body.
    pub async fn respond_error(self, error: E) {
        let (status, _) = error.mock_response();
        self.respond_error_with_status(status, error).await
    }

    /// Answers the documented error `error` with another status (for a range such as `4XX`,
    /// or `default`).
    pub async fn respond_error_with_status(self, status: u16, error: E) {
        let (_, body) = error.mock_response();
        let template = ResponseTemplate::new(status);
        let template = match body.map(MockBody::to_json) {
            Some(Ok(json)) => template.set_body_json(json),
            Some(Err(error)) => panic!("{}: the error cannot be written as JSON: {error}", self.id),
            None => template,
        };
        self.respond_with(template).await
    }

    /// Answers with any response: an undocumented status, headers (`Retry-After`), a delay,
    /// a body that is not the operation's.
    pub async fn respond_with(self, template: ResponseTemplate) {
        let expected = TemplatePath::parse(&self.path, self.path_values);
        let mut mock = Mock::given(method(self.method.as_str()))
            .and(move |request: &wiremock::Request| expected.matches(request.url.path()));
        for (name, value) in self.query {
            mock = mock.and(query_param(name, value));
        }
        if let Some(body) = self.body {
            mock = mock.and(body_json(body));
        }
        let mut mock = mock.respond_with(template).named(self.id);
        if let Some(times) = self.times {
            mock = mock.expect(times);
        }
        mock.mount(&self.server.server).await
    }

    /// A parameter value as text, or a panic naming the operation and the parameter.
    fn text_of<T: Serialize + ?Sized>(&self, name: &str, value: &T) -> String {
        match scalar_text(value) {
            Ok(Some(text)) => text,
            Ok(None) => panic!("{}: parameter `{name}`: the value is missing", self.id),
            Err(reason) => panic!("{}: parameter `{name}`: {reason}", self.id),
        }
    }

    /// A value as JSON, or a panic naming the operation.
    fn json_of<T: Serialize + ?Sized>(&self, what: &str, value: &T) -> serde_json::Value {
        serde_json::to_value(value).unwrap_or_else(|error| {
            panic!("{}: {what} cannot be written as JSON: {error}", self.id)
        })
    }
}

/// A path template (`/api/v2/users/{user_id}`) matched against a request's path, segment by
/// segment, each segment percent-decoded; a parameter matches any non-empty text, or the
/// expected value when one is set.
struct TemplatePath {
    segments: Vec<Vec<Piece>>,
    expected: Vec<(String, String)>,
}

enum Piece {
    Literal(&'static str),
    Param(&'static str),
}

impl TemplatePath {
    /// The segments of the parts the generator parsed (the runtime never scans a template).
    fn parse(path: &RequestPath, expected: Vec<(String, String)>) -> Self {
        let mut segments = vec![Vec::new()];
        for part in path.parts() {
            match part {
                PathPart::Param(name) => segments.last_mut().unwrap().push(Piece::Param(name)),
                PathPart::Literal(text) => {
                    for (i, piece) in text.split('/').enumerate() {
                        if i > 0 {
                            segments.push(Vec::new());
                        }
                        if !piece.is_empty() {
                            segments.last_mut().unwrap().push(Piece::Literal(piece));
                        }
                    }
                }
            }
        }
        TemplatePath { segments, expected }
    }

    fn matches(&self, path: &str) -> bool {
        let segments: Vec<&str> = path.split('/').collect();
        segments.len() == self.segments.len()
            && segments.iter().zip(&self.segments).all(|(raw, pieces)| {
                percent_decode_str(raw)
                    .decode_utf8()
                    .is_ok_and(|text| self.matches_pieces(pieces, &text))
            })
    }

    fn matches_pieces(&self, pieces: &[Piece], text: &str) -> bool {
        match pieces.split_first() {
            None => text.is_empty(),
            Some((Piece::Literal(literal), rest)) => text
                .strip_prefix(*literal)
                .is_some_and(|text| self.matches_pieces(rest, text)),
            Some((Piece::Param(name), rest)) => (1..=text.len())
                .filter(|end| text.is_char_boundary(*end))
                .any(|end| {
                    let (value, text) = text.split_at(end);
                    self.accepts(name, value) && self.matches_pieces(rest, text)
                }),
        }
    }

    fn accepts(&self, name: &str, value: &str) -> bool {
        self.expected
            .iter()
            .filter(|(expected, _)| expected == name)
            .all(|(_, expected)| expected == value)
    }
}

#[cfg(test)]
mod tests {
    use super::{PathPart, TemplatePath};

    fn expect(values: &[(&str, &str)]) -> Vec<(String, String)> {
        values
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn a_parameter_matches_one_non_empty_segment() {
        let path = TemplatePath::parse(
            &(&[
                PathPart::Literal("/api/v2/users/"),
                PathPart::Param("user_id"),
            ])
                .into(),
            Vec::new(),
        );
        assert!(path.matches("/api/v2/users/abc"));
        assert!(path.matches("/api/v2/users/a%2Fb"));
        assert!(!path.matches("/api/v2/users/"));
        assert!(!path.matches("/api/v2/users/a/b"));
        assert!(!path.matches("/api/v2/users"));
        assert!(!path.matches("/api/v2/teams/abc"));
    }

    #[test]
    fn an_expected_value_is_compared_decoded() {
        let path = TemplatePath::parse(
            &(&[
                PathPart::Literal("/api/v2/users/"),
                PathPart::Param("user_id"),
                PathPart::Literal("/orgs"),
            ])
                .into(),
            expect(&[("user_id", "a/b c")]),
        );
        assert!(path.matches("/api/v2/users/a%2Fb%20c/orgs"));
        assert!(!path.matches("/api/v2/users/other/orgs"));
    }

    #[test]
    fn parameters_inside_a_segment() {
        let path = TemplatePath::parse(
            &(&[
                PathPart::Literal("/files/"),
                PathPart::Param("name"),
                PathPart::Literal("."),
                PathPart::Param("ext"),
            ])
                .into(),
            expect(&[("ext", "json")]),
        );
        assert!(path.matches("/files/report.v2.json"));
        assert!(!path.matches("/files/report.csv"));
        assert!(!path.matches("/files/.json"));
    }
}
