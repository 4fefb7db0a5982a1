//! Hooks over real HTTP (wiremock on 127.0.0.1): a hook adds a header the server sees, refuses
//! a call, sees the attempt number grow across retries, never reads a key, and is told of
//! failed attempts; on `Client::new` and on a caller's `reqwest::ClientBuilder` alike.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use datadog::{
    AttemptFailure, AttemptInfo, Client, Error, Hook, HookError, OutgoingRequest, ResponseInfo,
};
use serde_json::{json, Value};
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What a [`Recorder`] saw, one line per call of a hook method.
type Seen = Arc<Mutex<Vec<String>>>;

/// Records every hook call, and what it can read of the keys' headers.
struct Recorder(Seen);

impl Hook for Recorder {
    fn before_send(
        &self,
        attempt: &AttemptInfo<'_>,
        request: &mut OutgoingRequest<'_>,
    ) -> Result<(), HookError> {
        let names: Vec<String> = request
            .header_names()
            .map(|name| name.to_string())
            .collect();
        self.0.lock().unwrap().push(format!(
            "before {} {} {} #{} api-key={:?} has-key-header={} debug={:?}",
            attempt.operation_id,
            attempt.method,
            attempt.path_template,
            attempt.attempt,
            request.header("DD-API-KEY"),
            names.iter().any(|name| name == "dd-api-key"),
            request,
        ));
        Ok(())
    }

    fn after_response(
        &self,
        attempt: &AttemptInfo<'_>,
        response: &ResponseInfo<'_>,
    ) -> Result<(), HookError> {
        self.0.lock().unwrap().push(format!(
            "after #{} {}",
            attempt.attempt,
            response.status.as_u16()
        ));
        Ok(())
    }

    fn on_error(&self, attempt: &AttemptInfo<'_>, failure: &AttemptFailure<'_>) {
        let kind = match failure {
            AttemptFailure::AttemptTimeout(_) => "attempt-timeout",
            AttemptFailure::Transport(_) => "transport",
            _ => "other",
        };
        self.0
            .lock()
            .unwrap()
            .push(format!("error #{} {kind}", attempt.attempt));
    }
}

/// Adds `X-Signed: attempt-N` to each attempt, and reads it back.
struct Signer;

impl Hook for Signer {
    fn before_send(
        &self,
        attempt: &AttemptInfo<'_>,
        request: &mut OutgoingRequest<'_>,
    ) -> Result<(), HookError> {
        let value = format!("attempt-{}", attempt.attempt);
        request.insert_header("X-Signed", &value)?;
        assert_eq!(request.header("X-Signed"), Some(value.as_str()));
        Ok(())
    }
}

/// Refuses every call to `v2.GetUser` before it is sent.
struct Refuser;

impl Hook for Refuser {
    fn before_send(
        &self,
        attempt: &AttemptInfo<'_>,
        _request: &mut OutgoingRequest<'_>,
    ) -> Result<(), HookError> {
        if attempt.operation_id == "v2.GetUser" {
            return Err(HookError::new("GetUser is not allowed here"));
        }
        Ok(())
    }
}

fn seen() -> Seen {
    Arc::new(Mutex::new(Vec::new()))
}

async fn mount_user(server: &MockServer) {
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {}})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_hook_adds_a_header_the_server_sees() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/abc"))
        .and(header("X-Signed", "attempt-1"))
        .and(header("DD-API-KEY", "the-api-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {}})))
        .expect(2)
        .mount(&server)
        .await;
    let mut config = support::keyed_config(&server.uri());
    config.add_hook(Signer);

    // The default client and a caller's builder both run the hooks.
    let default_client = Client::new(config.clone());
    let callers_client = Client::with_http_client(config, reqwest::Client::builder());
    for client in [default_client, callers_client] {
        let response: datadog::Response<Value> = client
            .execute::<Value, Value>(support::get_user_request("abc"))
            .await
            .unwrap();
        assert_eq!(response.status, 200);
    }
}

#[tokio::test]
async fn a_hook_refuses_a_call_with_a_typed_error_and_nothing_is_sent() {
    let server = MockServer::start().await;
    mount_user(&server).await;
    let mut config = support::keyed_config(&server.uri());
    config.add_hook(Refuser);
    let client = Client::with_http_client(config, reqwest::Client::builder());

    let error = client
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap_err();
    match &error {
        Error::Hook(refusal) => assert_eq!(refusal.reason(), "GetUser is not allowed here"),
        other => panic!("expected Error::Hook, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "refused by a hook: GetUser is not allowed here"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_attempt_number_grows_across_retries_and_keys_stay_hidden() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    mount_user(&server).await;
    let lines = seen();
    let mut config = support::keyed_config(&server.uri());
    config.add_hook(Signer);
    config.add_hook(Recorder(lines.clone()));

    Client::new(config)
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap();

    let lines = lines.lock().unwrap().clone();
    let summary: Vec<String> = lines
        .iter()
        .map(|line| line.split(" api-key=").next().unwrap().to_string())
        .collect();
    let before = |n: u32| format!("before v2.GetUser GET /api/v2/users/{{user_id}} #{n}");
    assert_eq!(
        summary,
        [
            before(1),
            "after #1 503".to_string(),
            before(2),
            "after #2 503".to_string(),
            before(3),
            "after #3 200".to_string(),
        ]
    );
    for line in lines.iter().filter(|line| line.starts_with("before")) {
        // The key's header is there, but a hook cannot read it, even through Debug.
        assert!(line.contains("api-key=None has-key-header=true"), "{line}");
        assert!(!line.contains("the-api-key"), "{line}");
        assert!(!line.contains("the-app-key"), "{line}");
    }
    // Each attempt carried its own number: the hook's header is set afresh, not accumulated.
    let sent = server.received_requests().await.unwrap();
    let signed: Vec<_> = sent
        .iter()
        .map(|request| request.headers.get_all("X-Signed").iter().count())
        .collect();
    assert_eq!(signed, [1, 1, 1]);
    assert_eq!(sent[2].headers["X-Signed"], "attempt-3");
    assert_eq!(sent[2].headers["DD-API-KEY"], "the-api-key");
}

#[tokio::test]
async fn a_hook_can_replace_a_key_header_but_not_read_it() {
    struct TenantKey;
    impl Hook for TenantKey {
        fn before_send(
            &self,
            _attempt: &AttemptInfo<'_>,
            request: &mut OutgoingRequest<'_>,
        ) -> Result<(), HookError> {
            assert_eq!(request.header("DD-API-KEY"), None);
            request.insert_sensitive_header("DD-API-KEY", "tenant-key")?;
            assert_eq!(request.header("DD-API-KEY"), None);
            assert!(!format!("{request:?}").contains("tenant-key"));
            Ok(())
        }
    }
    let server = MockServer::start().await;
    Mock::given(header("DD-API-KEY", "tenant-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let mut config = support::keyed_config(&server.uri());
    config.add_hook(TenantKey);
    Client::new(config)
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_hook_refuses_after_a_response_and_no_retry_follows() {
    struct NoServerErrors;
    impl Hook for NoServerErrors {
        fn after_response(
            &self,
            _attempt: &AttemptInfo<'_>,
            response: &ResponseInfo<'_>,
        ) -> Result<(), HookError> {
            if response.status.is_server_error() {
                return Err(HookError::new(format!("server said {}", response.status)));
            }
            Ok(())
        }
    }
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let mut config = support::keyed_config(&server.uri());
    config.add_hook(NoServerErrors);
    let error = Client::new(config)
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Hook(refusal) if refusal.reason().contains("500")),
        "{error:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn hooks_are_told_of_an_attempt_that_fails_without_a_response() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let lines = seen();
    let mut config = support::keyed_config(&server.uri());
    config.set_timeout(Some(Duration::from_millis(100)));
    config.add_hook(Recorder(lines.clone()));
    let error = Client::new(config)
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::AttemptTimeout { .. }), "{error:?}");
    let lines = lines.lock().unwrap();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[1], "error #1 attempt-timeout");
}

#[tokio::test]
async fn a_hook_sees_the_url_without_its_password_and_cannot_set_a_bad_header() {
    struct BadHeader(Seen);
    impl Hook for BadHeader {
        fn before_send(
            &self,
            _attempt: &AttemptInfo<'_>,
            request: &mut OutgoingRequest<'_>,
        ) -> Result<(), HookError> {
            self.0.lock().unwrap().push(request.url());
            assert!(request.insert_header("bad name", "v").is_err());
            request.insert_header("X-Bad", "a\r\nb")
        }
    }
    let server = MockServer::start().await;
    mount_user(&server).await;
    let lines = seen();
    let uri = server.uri().replace("http://", "http://user:pw@");
    let mut config = support::keyed_config(&uri);
    config.add_hook(BadHeader(lines.clone()));
    let error = Client::new(config)
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Hook(refusal) if refusal.reason().contains("X-Bad")),
        "{error:?}"
    );
    let address = server.address();
    assert_eq!(
        lines.lock().unwrap().as_slice(),
        [format!("http://<redacted>@{address}/api/v2/users/abc")]
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}
