//! The `tracing` feature (`cargo test -p datadog-runtime --features tracing --test tracing`):
//! every span and event of a call is captured, and the test checks the spans' fields and that no
//! key, token, parameter value or body appears in any of them.
#![cfg(feature = "tracing")]

mod support;

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use datadog::{AttemptInfo, Client, Hook, HookError, OutgoingRequest};
use serde_json::{json, Value};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One span (its name, its parent's name and every field recorded on it) or one event (its
/// name, the span it is in, its fields).
#[derive(Debug, Clone, Default)]
struct Captured {
    name: String,
    parent: Option<String>,
    fields: Vec<(String, String)>,
}

impl Captured {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Records every span, every later `record` on it and every event, in order.
#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<Vec<(Id, Captured)>>>,
    events: Arc<Mutex<Vec<Captured>>>,
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0
            .push((field.name().to_string(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_string(), value.to_string()));
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut captured = Captured {
            name: attrs.metadata().name().to_string(),
            parent: ctx
                .span(id)
                .and_then(|span| span.parent())
                .map(|parent| parent.name().to_string()),
            ..Captured::default()
        };
        attrs.record(&mut Fields(&mut captured.fields));
        self.spans.lock().unwrap().push((id.clone(), captured));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        let mut spans = self.spans.lock().unwrap();
        if let Some((_, span)) = spans.iter_mut().rev().find(|(span_id, _)| span_id == id) {
            values.record(&mut Fields(&mut span.fields));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut captured = Captured {
            name: event.metadata().name().to_string(),
            parent: ctx.event_span(event).map(|span| span.name().to_string()),
            ..Captured::default()
        };
        event.record(&mut Fields(&mut captured.fields));
        self.events.lock().unwrap().push(captured);
    }
}

impl Capture {
    fn spans(&self, name: &str) -> Vec<Captured> {
        self.spans
            .lock()
            .unwrap()
            .iter()
            .map(|(_, span)| span.clone())
            .filter(|span| span.name == name)
            .collect()
    }

    /// Everything captured, as text: what must not contain a secret.
    fn all_text(&self) -> String {
        let spans = self.spans.lock().unwrap();
        let events = self.events.lock().unwrap();
        let all = spans
            .iter()
            .map(|(_, span)| span)
            .chain(events.iter())
            .map(|captured| format!("{captured:?}"))
            .collect::<Vec<_>>();
        all.join("\n")
    }
}

/// Adds a token header, so that a hook's sensitive header is checked too.
struct TokenHook;

impl Hook for TokenHook {
    fn before_send(
        &self,
        _attempt: &AttemptInfo<'_>,
        request: &mut OutgoingRequest<'_>,
    ) -> Result<(), HookError> {
        request.insert_sensitive_header("Authorization", "Bearer secret-token-from-hook")
    }
}

/// Secrets the call carries: in headers, a path parameter, a query parameter, the request body
/// and the response bodies.
const SECRETS: [&str; 7] = [
    "the-api-key",
    "the-app-key",
    "secret-token-from-hook",
    "secret-user-id",
    "secret-query-value",
    "secret-request-body",
    "secret-response-body",
];

#[tokio::test]
async fn one_span_per_call_and_per_attempt_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("Retry-After", "0")
                .set_body_string("secret-response-body 503"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": "secret-response-body"})),
        )
        .mount(&server)
        .await;
    let mut config = support::keyed_config(&server.uri());
    config.add_hook(TokenHook);
    let client = Client::new(config);

    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    let request = support::get_user_request("secret-user-id")
        .query("filter", "secret-query-value")
        .json_body(&json!({"name": "secret-request-body"}));
    client.execute::<Value, Value>(request).await.unwrap();
    // A failing call: its error and body must not appear either.
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_string("secret-response-body 404"))
        .with_priority(1)
        .mount(&server)
        .await;
    let failed = client
        .execute::<Value, Value>(support::get_user_request("secret-user-id"))
        .await;
    assert!(failed.is_err());

    let calls = capture.spans("datadog.call");
    assert_eq!(calls.len(), 2);
    for (call, status) in calls.iter().zip(["200", "404"]) {
        assert_eq!(call.field("operation"), Some("v2.GetUser"));
        assert_eq!(call.field("method"), Some("GET"));
        assert_eq!(call.field("path"), Some("/api/v2/users/{user_id}"));
        assert_eq!(call.field("status"), Some(status));
    }
    assert_eq!(calls[1].field("error"), Some("ResponseError"));

    let attempts = capture.spans("datadog.attempt");
    let numbers: Vec<_> = attempts.iter().map(|a| a.field("attempt")).collect();
    assert_eq!(numbers, [Some("1"), Some("2"), Some("1")]);
    assert!(attempts
        .iter()
        .all(|a| a.parent.as_deref() == Some("datadog.call")));
    assert_eq!(attempts[0].field("status"), Some("503"));
    assert_eq!(attempts[0].field("retry_wait_ms"), Some("0"));
    assert_eq!(attempts[1].field("status"), Some("200"));
    assert_eq!(attempts[1].field("retry_wait_ms"), None);

    let events = capture.events.lock().unwrap().clone();
    let retry = events
        .iter()
        .find(|event| event.field("message") == Some("retrying"))
        .expect("a retry event");
    assert_eq!(retry.parent.as_deref(), Some("datadog.attempt"));
    assert_eq!(retry.field("status"), Some("503"));

    let text = capture.all_text();
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret:?} was traced:\n{text}");
    }
}

#[tokio::test]
async fn a_failed_attempt_records_the_kind_of_error_only() {
    // Nothing listens on this port (it was just freed), so the connection is refused.
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut config = support::keyed_config(&format!("http://{address}"));
    config.set_retry(false, 0);
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let result = Client::new(config)
        .execute::<Value, Value>(support::get_user_request("secret-user-id"))
        .await;
    assert!(result.is_err());
    let attempts = capture.spans("datadog.attempt");
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].field("error"), Some("Connect"));
    assert_eq!(
        capture.spans("datadog.call")[0].field("error"),
        Some("Connect")
    );
    let text = capture.all_text();
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret:?} was traced:\n{text}");
    }
}
