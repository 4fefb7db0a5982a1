//! The runtime's extension points through the generated API structs, over real HTTP against a
//! wiremock server on 127.0.0.1: a hook added to the configuration runs on a caller's
//! `reqwest::ClientBuilder` as on the default client, and `api.with_options(...)` changes one
//! call (or one pagination stream) without touching the API it came from. The README's example
//! of both is here too, compiled, run, and checked to be the README's.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use datadog_api_client::datadog::{
    AttemptInfo, CallOptions, Configuration, Error, Hook, HookError, OutgoingRequest,
};
use datadog_api_client::datadogV2::api_users::{ListUsersOptionalParams, UsersAPI};
use futures_util::{pin_mut, StreamExt};
use serde_json::json;
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Tags each attempt with `X-Trace-Tag` and records what it was told of it.
struct Tagger(Arc<Mutex<Vec<String>>>);

impl Hook for Tagger {
    fn before_send(
        &self,
        attempt: &AttemptInfo<'_>,
        request: &mut OutgoingRequest<'_>,
    ) -> Result<(), HookError> {
        self.0.lock().unwrap().push(format!(
            "{} {} {} #{}",
            attempt.operation_id, attempt.method, attempt.path_template, attempt.attempt
        ));
        request.insert_header("X-Trace-Tag", "from-hook")
    }
}

fn config(server: &MockServer, seen: &Arc<Mutex<Vec<String>>>) -> Configuration {
    let mut config = Configuration::new();
    config.set_host(&server.uri()).unwrap();
    config.set_api_key("e2e-api-key");
    config.set_app_key("e2e-app-key");
    config.add_hook(Tagger(seen.clone()));
    config
}

fn user_body() -> serde_json::Value {
    json!({"data": {"id": "abc", "type": "users", "attributes": {"name": "Ada"}}})
}

#[tokio::test]
async fn hooks_and_options_reach_the_server_through_a_generated_api() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/abc"))
        .and(header("X-Trace-Tag", "from-hook"))
        .and(header("X-Request-Id", "req-1"))
        .and(header("DD-API-KEY", "e2e-api-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_body()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"errors": ["no"]})))
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let api = UsersAPI::with_client_and_config(config(&server, &seen), reqwest::Client::builder());

    let options = CallOptions::new().header("X-Request-Id", "req-1");
    let user = api
        .with_options(options)
        .get_user("abc".to_string())
        .await
        .unwrap();
    assert_eq!(user.data.unwrap().id.as_deref(), Some("abc"));
    // The API itself sends no X-Request-Id: the server answers 400.
    let error = api.get_user("abc".to_string()).await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseError(ref r) if r.status == 400),
        "{error:?}"
    );
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        ["v2.GetUser GET /api/v2/users/{user_id} #1"; 2]
    );
}

#[tokio::test]
async fn a_pagination_stream_through_a_view_uses_its_options() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let api = UsersAPI::with_config(config(&server, &seen));
    let view = api.with_options(CallOptions::new().timeout(Some(Duration::from_millis(50))));
    let stream = view.list_users_with_pagination(ListUsersOptionalParams::default());
    pin_mut!(stream);
    let first = stream.next().await.expect("an item or an error");
    assert!(
        matches!(first, Err(Error::AttemptTimeout { .. })),
        "{first:?}"
    );
    assert_eq!(seen.lock().unwrap().len(), 1);
}

mod readme_hooks {
    // The lines between the markers are the README's hook and options example, unchanged.
    // README HOOKS START
    use std::time::Duration;

    use datadog_api_client::datadog::{
        self, AttemptInfo, CallOptions, Hook, HookError, OutgoingRequest,
    };
    use datadog_api_client::datadogV2::api_users::UsersAPI;

    /// Tags every attempt with the service's name, and refuses writes from a read-only job.
    struct ReadOnlyJob;

    impl Hook for ReadOnlyJob {
        fn before_send(
            &self,
            attempt: &AttemptInfo<'_>,
            request: &mut OutgoingRequest<'_>,
        ) -> Result<(), HookError> {
            if attempt.method != "GET" {
                return Err(HookError::new(format!("{} writes", attempt.operation_id)));
            }
            request.insert_header("X-Service", "nightly-report")
        }
    }

    async fn user_name(user_id: &str) -> Result<Option<String>, String> {
        let mut configuration = datadog::Configuration::new();
        configuration.add_hook(ReadOnlyJob);
        let api = UsersAPI::with_config(configuration);
        // This call only: 5 s per attempt, no retries, a request id for the server's logs.
        let options = CallOptions::new()
            .timeout(Some(Duration::from_secs(5)))
            .retry(false, 0)
            .header("X-Request-Id", "report-2026-12-01");
        let user = api
            .with_options(options)
            .get_user(user_id.to_string())
            .await
            .map_err(|error| error.to_string())?;
        Ok(user.data.and_then(|u| u.attributes).and_then(|a| a.name))
    }
    // README HOOKS END

    pub async fn run(user_id: &str) -> Result<Option<String>, String> {
        user_name(user_id).await
    }

    pub async fn refused_write() -> String {
        let mut configuration = datadog::Configuration::new();
        configuration.add_hook(ReadOnlyJob);
        let api = UsersAPI::with_config(configuration);
        api.disable_user("abc".to_string())
            .await
            .unwrap_err()
            .to_string()
    }
}

#[test]
fn readme_hooks_example_is_the_one_tested_here() {
    support::assert_readme_block(
        include_str!("e2e_extensions.rs"),
        "README HOOKS",
        "impl Hook for ReadOnlyJob",
    );
}

#[test]
fn readme_hooks_example_runs_against_a_server() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/v2/users/abc"))
            .and(header("X-Service", "nightly-report"))
            .and(header("X-Request-Id", "report-2026-12-01"))
            .respond_with(ResponseTemplate::new(200).set_body_json(user_body()))
            .expect(1)
            .mount(&server)
            .await;
        server
    });
    // The one test of this binary that sets the environment: the others set host and keys.
    std::env::set_var("DD_HOST", server.uri());
    std::env::set_var("DD_API_KEY", "readme-api-key");
    std::env::set_var("DD_APP_KEY", "readme-app-key");
    let name = runtime.block_on(readme_hooks::run("abc"));
    assert_eq!(name, Ok(Some("Ada".to_string())));
    let refused = runtime.block_on(readme_hooks::refused_write());
    assert_eq!(refused, "refused by a hook: v2.DisableUser writes");
    runtime.block_on(server.verify());
}
