//! Per-call options over real HTTP (wiremock on 127.0.0.1): a view made by
//! `Client::with_options` overrides the timeout, the retries, the headers and the unstable
//! opt-in of its calls, and leaves the client it came from as it was.

mod support;

use std::time::Duration;

use datadog::{AttemptInfo, CallOptions, Client, Error, Hook, HookError, OutgoingRequest, Request};
use reqwest::Method;
use serde_json::{json, Value};
use wiremock::matchers::{any, header};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_call_timeout_applies_to_the_view_only() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .set_delay(Duration::from_millis(400)),
        )
        .mount(&server)
        .await;
    let client = Client::new(support::keyed_config(&server.uri()));
    let hurried = client.with_options(CallOptions::new().timeout(Some(Duration::from_millis(50))));

    let error = hurried
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::AttemptTimeout { timeout } if timeout == Duration::from_millis(50)),
        "{error:?}"
    );
    // The client it came from keeps the configuration's 60 s.
    client
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_total_timeout_for_one_call() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::new(support::keyed_config(&server.uri()));
    let options = CallOptions::new().total_timeout(Some(Duration::from_millis(80)));
    let error = client
        .with_options(options)
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::CallTimeout { .. }), "{error:?}");
}

#[tokio::test]
async fn the_retry_policy_for_one_call() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = Client::new(support::keyed_config(&server.uri()));

    let once = client.with_options(CallOptions::new().retry(false, 0));
    let error = once
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::ResponseError(ref r) if r.status == 503));
    assert_eq!(requests(&server).await, 1);

    let twice = client.with_options(
        CallOptions::new()
            .retry(true, 1)
            .retry_backoff(Duration::from_millis(1), Duration::from_millis(2)),
    );
    twice
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 3);

    // The client itself still makes the configured 3 retries.
    client
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 7);
}

#[tokio::test]
async fn extra_headers_for_one_call() {
    let server = MockServer::start().await;
    Mock::given(header("X-Request-Id", "b7e1c2"))
        .and(header("DD-APPLICATION-KEY", "the-app-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(400))
        .mount(&server)
        .await;
    let client = Client::new(support::keyed_config(&server.uri()));
    client
        .with_options(CallOptions::new().header("X-Request-Id", "b7e1c2"))
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap();
    // Without the options, the header is not sent.
    assert!(client
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .is_err());
}

#[tokio::test]
async fn an_invalid_extra_header_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = Client::new(support::keyed_config(&server.uri()));
    let options = CallOptions::new().header("X-Note", "line\r\nInjected: yes");
    let error = client
        .with_options(options)
        .execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap_err();
    match error {
        Error::InvalidHeader { name, reason } => {
            assert_eq!(name, "X-Note");
            assert!(!reason.contains("Injected"), "{reason}");
        }
        other => panic!("expected InvalidHeader, got {other:?}"),
    }
    assert_eq!(requests(&server).await, 0);
}

/// Reads the API key's header: `None` when it is sensitive, as keys are.
struct KeyReader;

impl Hook for KeyReader {
    fn before_send(
        &self,
        _attempt: &AttemptInfo<'_>,
        request: &mut OutgoingRequest<'_>,
    ) -> Result<(), HookError> {
        match request.header("DD-API-KEY") {
            None => Ok(()),
            Some(_) => Err(HookError::new("the key was readable")),
        }
    }
}

#[tokio::test]
async fn a_key_given_for_one_call_replaces_the_configured_one_and_stays_redacted() {
    let server = MockServer::start().await;
    Mock::given(header("DD-API-KEY", "tenant-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let mut config = support::keyed_config(&server.uri());
    config.add_hook(KeyReader);
    let options = CallOptions::new().header("dd-api-key", "tenant-key");
    let view = Client::new(config).with_options(options);
    assert!(!format!("{view:?}").contains("tenant-key"));
    view.execute::<Value, Value>(support::get_user_request("abc"))
        .await
        .unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent[0].headers.get_all("DD-API-KEY").iter().count(), 1);
}

#[tokio::test]
async fn an_unstable_operation_allowed_for_one_call() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = Client::new(support::keyed_config(&server.uri()));
    let query_accounts = || {
        Request::new(Method::POST, "v2.QueryAccounts", "/api/v2/accounts/query")
            .unstable()
            .json_body(&json!({}))
    };

    let refused = client
        .execute::<Value, Value>(query_accounts())
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::UnstableOperationDisabledError(_)));
    assert_eq!(requests(&server).await, 0);

    let allowed = client.with_options(CallOptions::new().allow_unstable(true));
    allowed
        .execute::<Value, Value>(query_accounts())
        .await
        .unwrap();
    assert_eq!(requests(&server).await, 1);
    assert!(!client
        .config()
        .is_unstable_operation_enabled("v2.QueryAccounts"));
}

#[test]
fn options_debug_shows_header_names_only() {
    let options = CallOptions::new()
        .header("X-Token", "very-secret")
        .timeout(None);
    let text = format!("{options:?}");
    assert!(text.contains("x-token"), "{text}");
    assert!(!text.contains("very-secret"), "{text}");
}
