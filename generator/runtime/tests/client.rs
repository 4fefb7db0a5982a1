//! Client and Request against a wiremock server on 127.0.0.1: headers and keys, path and
//! query encoding, retries, unstable operations, decode and transport errors, redirects.

mod support;

use std::time::{Duration, Instant, SystemTime};

use datadog::{
    APIKey, Client, ConfigError, Configuration, Error, OperationError, PathPart, Request, Response,
};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, method, path};
use wiremock::{Mock, MockServer, Request as Received, ResponseTemplate};

/// A configuration that sends to `server`, with no keys and fast retries.
fn config_for(server: &MockServer) -> Configuration {
    let mut config = support::new_config();
    for scheme in ["apiKeyAuth", "appKeyAuth"] {
        config.set_auth_key(scheme, APIKey::default());
    }
    config.set_host(&server.uri()).unwrap();
    config.set_retry_backoff(Duration::from_millis(1), Duration::from_secs(5));
    config
}

fn keyed_config_for(server: &MockServer) -> Configuration {
    let mut config = config_for(server);
    config.set_api_key("the-api-key");
    config.set_app_key("the-app-key");
    config
}

fn get_user(user_id: &str) -> Request {
    Request::new(
        Method::GET,
        "v2.GetUser",
        &[
            PathPart::Literal("/api/v2/users/"),
            PathPart::Param("user_id"),
        ],
    )
    .path_param("user_id", user_id)
    .security(&[&["apiKeyAuth", "appKeyAuth"]])
}

async fn received(server: &MockServer) -> Vec<Received> {
    server.received_requests().await.unwrap()
}

async fn mount_ok(server: &MockServer) {
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(server)
        .await;
}

fn header_text<'a>(request: &'a Received, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().unwrap())
}

/// The raw path and query of the request as sent.
fn sent_target(request: &Received) -> String {
    match request.url.query() {
        Some(query) => format!("{}?{}", request.url.path(), query),
        None => request.url.path().to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Headers and keys

#[tokio::test]
async fn headers_and_keys_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/abc"))
        .and(header("DD-API-KEY", "the-api-key"))
        .and(header("DD-APPLICATION-KEY", "the-app-key"))
        .and(header("Accept", "application/json"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-test", "yes")
                .set_body_json(json!({"id": "abc"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(keyed_config_for(&server));
    let response: Response<Value> = client
        .execute::<Value, Value>(get_user("abc"))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.entity, json!({"id": "abc"}));
    assert_eq!(response.headers["x-test"], "yes");
    let requests = received(&server).await;
    let user_agent = header_text(&requests[0], "user-agent").unwrap();
    assert!(
        user_agent.starts_with("datadog-api-client-rust/"),
        "{user_agent}"
    );
    assert!(user_agent.contains("(rust; "), "{user_agent}");
    assert_eq!(header_text(&requests[0], "content-type"), None);
}

#[tokio::test]
async fn custom_user_agent_and_prefixed_key() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let mut config = config_for(&server);
    config.set_user_agent("my-agent/2.0".to_string());
    config.set_auth_key(
        "apiKeyAuth",
        APIKey {
            key: "k1".into(),
            prefix: "Token".into(),
        },
    );
    Client::new(config)
        .execute::<Value, Value>(get_user("x"))
        .await
        .unwrap();
    let requests = received(&server).await;
    assert_eq!(
        header_text(&requests[0], "user-agent"),
        Some("my-agent/2.0")
    );
    assert_eq!(header_text(&requests[0], "dd-api-key"), Some("Token k1"));
}

#[tokio::test]
async fn security_alternatives() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let mut config = config_for(&server);
    config.set_api_key("only-api");
    let client = Client::new(config);

    // Incomplete alternative: whichever keys are set are sent.
    client.execute::<Value, Value>(get_user("a")).await.unwrap();
    // A later complete alternative wins.
    let request = Request::new(Method::GET, "v2.X", "/x")
        .security(&[&["apiKeyAuth", "appKeyAuth"], &["apiKeyAuth"]]);
    client.execute::<Value, Value>(request).await.unwrap();
    // No security: no keys.
    let request = Request::new(Method::GET, "v2.X", "/y");
    client.execute::<Value, Value>(request).await.unwrap();
    // Only the first complete alternative is sent.
    let mut config = client.config().clone();
    config.set_app_key("app");
    let request =
        Request::new(Method::GET, "v2.X", "/z").security(&[&["appKeyAuth"], &["apiKeyAuth"]]);
    Client::new(config)
        .execute::<Value, Value>(request)
        .await
        .unwrap();

    let requests = received(&server).await;
    assert_eq!(header_text(&requests[0], "dd-api-key"), Some("only-api"));
    assert_eq!(header_text(&requests[0], "dd-application-key"), None);
    assert_eq!(header_text(&requests[1], "dd-api-key"), Some("only-api"));
    assert_eq!(header_text(&requests[2], "dd-api-key"), None);
    assert_eq!(header_text(&requests[3], "dd-api-key"), None);
    assert_eq!(header_text(&requests[3], "dd-application-key"), Some("app"));
}

#[tokio::test]
async fn key_with_line_break_is_rejected_without_sending() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    for bad in [
        "secret-key\n",
        "secret\r\nX-Evil: 1",
        "secret\u{7}",
        "sécret",
    ] {
        let mut config = config_for(&server);
        config.set_api_key(bad);
        let error = Client::new(config)
            .execute::<Value, Value>(get_user("a"))
            .await
            .unwrap_err();
        match &error {
            Error::InvalidHeader { name, reason } => {
                assert_eq!(name, "DD-API-KEY");
                assert!(!reason.contains("secret"));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(!format!("{error}").contains("secret"));
        assert!(!format!("{error:?}").contains("secret"));
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn header_parameters() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let client = Client::new(config_for(&server));
    let request = Request::new(Method::GET, "v2.X", "/h")
        .header("X-Count", &Some(3))
        .header("X-Absent", &None::<String>)
        .header("X-Name", "value one");
    client.execute::<Value, Value>(request).await.unwrap();
    let request = Request::new(Method::GET, "v2.X", "/h").header("X-Bad", "a\nb");
    let error = client.execute::<Value, Value>(request).await.unwrap_err();
    assert!(matches!(error, Error::InvalidHeader { ref name, .. } if name == "X-Bad"));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(header_text(&requests[0], "x-count"), Some("3"));
    assert_eq!(header_text(&requests[0], "x-name"), Some("value one"));
    assert_eq!(header_text(&requests[0], "x-absent"), None);
}

// ---------------------------------------------------------------------------------------
// Path and query encoding

#[tokio::test]
async fn path_parameters_stay_one_segment() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let client = Client::new(config_for(&server));
    for user_id in [
        "../../api/v2/users",
        "a/b?c#d",
        "50%",
        "é ü+",
        "a.b~c_d-e",
        "...",
    ] {
        client
            .execute::<Value, Value>(get_user(user_id))
            .await
            .unwrap();
    }
    let paths: Vec<String> = received(&server).await.iter().map(sent_target).collect();
    assert_eq!(
        paths,
        [
            "/api/v2/users/..%2F..%2Fapi%2Fv2%2Fusers",
            "/api/v2/users/a%2Fb%3Fc%23d",
            "/api/v2/users/50%25",
            "/api/v2/users/%C3%A9%20%C3%BC%2B",
            "/api/v2/users/a.b~c_d-e",
            "/api/v2/users/...",
        ]
    );
}

#[tokio::test]
async fn dot_segments_and_empty_path_parameters_are_rejected() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let client = Client::new(config_for(&server));
    for user_id in [".", "..", ""] {
        match client.execute::<Value, Value>(get_user(user_id)).await {
            Err(Error::InvalidParameter { name, .. }) => assert_eq!(name, "user_id"),
            other => panic!("{user_id:?}: unexpected {other:?}"),
        }
    }
    // A missing value and an unset placeholder are rejected too.
    let request = Request::new(
        Method::GET,
        "v2.GetUser",
        &[
            PathPart::Literal("/api/v2/users/"),
            PathPart::Param("user_id"),
        ],
    )
    .path_param("user_id", &None::<String>);
    assert!(matches!(
        client.execute::<Value, Value>(request).await,
        Err(Error::InvalidParameter { .. })
    ));
    let request = Request::new(
        Method::GET,
        "v2.GetUser",
        &[
            PathPart::Literal("/api/v2/users/"),
            PathPart::Param("user_id"),
        ],
    );
    match client.execute::<Value, Value>(request).await {
        Err(Error::InvalidParameter { name, .. }) => assert_eq!(name, "user_id"),
        other => panic!("unexpected {other:?}"),
    }
    // A parameter the path does not have is an error, not a silent no-op.
    let request = Request::new(Method::GET, "v2.X", "/plain").path_param("user_id", "abc");
    match client.execute::<Value, Value>(request).await {
        Err(Error::InvalidParameter { name, reason }) => {
            assert_eq!(name, "user_id");
            assert!(reason.contains("no such parameter"), "{reason}");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn numeric_and_uuid_path_parameters() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let client = Client::new(config_for(&server));
    let id = uuid::Uuid::from_u128(0x1234);
    let request = Request::new(
        Method::GET,
        "v2.X",
        &[
            PathPart::Literal("/things/"),
            PathPart::Param("id"),
            PathPart::Literal("/"),
            PathPart::Param("n"),
        ],
    )
    .path_param("id", &id)
    .path_param("n", &42i64);
    client.execute::<Value, Value>(request).await.unwrap();
    assert_eq!(
        sent_target(&received(&server).await[0]),
        format!("/things/{id}/42")
    );
}

#[tokio::test]
async fn query_encoding_and_arrays() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let client = Client::new(config_for(&server));
    let date = chrono::DateTime::parse_from_rfc3339("2024-05-06T07:08:09+02:00").unwrap();
    let request = Request::new(Method::GET, "v2.ListUsers", "/api/v2/users")
        .query("page[size]", &Some(10i64))
        .query("page[number]", &None::<i64>)
        .query("filter", &Some("a b&c=d+e/é".to_string()))
        .query("flag", &Some(true))
        .query("ratio", &0.5f64)
        .query("since", &Some(date))
        .query_array("include", &Some(vec!["roles", "org"]), true)
        .query_array("fields", &vec!["a,b".to_string(), "c".to_string()], false)
        .query_array("ids", &Some(vec![1, 2, 3]), false)
        .query_array("none", &None::<Vec<String>>, true)
        .query_array("empty", &Vec::<String>::new(), false);
    client.execute::<Value, Value>(request).await.unwrap();
    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.query().unwrap(),
        "page%5Bsize%5D=10&filter=a%20b%26c%3Dd%2Be%2F%C3%A9&flag=true&ratio=0.5\
         &since=2024-05-06T07%3A08%3A09%2B02%3A00&include=roles&include=org\
         &fields=a%2Cb,c&ids=1,2,3"
    );
    // The server decodes the pairs back to the values.
    let pairs: Vec<(String, String)> = requests[0].url.query_pairs().into_owned().collect();
    assert!(pairs.contains(&("page[size]".into(), "10".into())));
    assert!(pairs.contains(&("filter".into(), "a b&c=d+e/é".into())));
    assert!(pairs.contains(&("since".into(), "2024-05-06T07:08:09+02:00".into())));
}

#[tokio::test]
async fn object_query_value_is_rejected() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let client = Client::new(config_for(&server));
    let request = Request::new(Method::GET, "v2.X", "/q").query("filter", &json!({"a": 1}));
    match client.execute::<Value, Value>(request).await {
        Err(Error::InvalidParameter { name, .. }) => assert_eq!(name, "filter"),
        other => panic!("unexpected {other:?}"),
    }
    assert!(received(&server).await.is_empty());
}

// ---------------------------------------------------------------------------------------
// Retries

#[tokio::test]
async fn retry_after_429_then_success() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_ok(&server).await;
    let start = Instant::now();
    let response = Client::new(config_for(&server))
        .execute::<Value, Value>(get_user("a"))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert!(
        start.elapsed() >= Duration::from_millis(950),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn x_ratelimit_reset_429_then_success() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("X-RateLimit-Limit", "100")
                .insert_header("X-RateLimit-Period", "60")
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-Reset", "1"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_ok(&server).await;
    let start = Instant::now();
    Client::new(config_for(&server))
        .execute::<Value, Value>(get_user("a"))
        .await
        .unwrap();
    assert!(
        start.elapsed() >= Duration::from_millis(950),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_http_date() {
    let server = MockServer::start().await;
    let seconds = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 2;
    let date = chrono::DateTime::from_timestamp(seconds, 0)
        .unwrap()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", date.as_str()))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_ok(&server).await;
    let start = Instant::now();
    Client::new(config_for(&server))
        .execute::<Value, Value>(get_user("a"))
        .await
        .unwrap();
    // The date has one-second resolution: at least ~1 s is left of the 2.
    assert!(
        start.elapsed() >= Duration::from_millis(900),
        "{:?}",
        start.elapsed()
    );
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn retry_limit_then_error_response() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_string("unavailable"))
        .mount(&server)
        .await;
    let mut config = config_for(&server);
    config.set_retry(true, 2);
    let error = Client::new(config)
        .execute::<Value, Value>(get_user("a"))
        .await
        .unwrap_err();
    match error {
        Error::ResponseError(content) => {
            assert_eq!(content.status, 503);
            assert_eq!(content.content, "unavailable");
            assert!(content.entity.is_none());
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn default_retries_are_three() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let error = Client::new(config_for(&server))
        .execute::<Value, Value>(get_user("a"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::ResponseError(ref c) if c.status == 500));
    assert_eq!(received(&server).await.len(), 4);
}

#[tokio::test]
async fn retries_disabled_and_not_retryable_statuses() {
    let server = MockServer::start().await;
    Mock::given(path("/busy"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .mount(&server)
        .await;
    Mock::given(path("/missing"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let mut config = config_for(&server);
    config.set_retry(false, 3);
    let client = Client::new(config);
    let request = Request::new(Method::GET, "v2.X", "/busy");
    assert!(client.execute::<Value, Value>(request).await.is_err());
    assert_eq!(received(&server).await.len(), 1);
    let client = Client::new(config_for(&server));
    let request = Request::new(Method::GET, "v2.X", "/missing");
    assert!(client.execute::<Value, Value>(request).await.is_err());
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn wait_longer_than_max_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("X-RateLimit-Reset", "3600"))
        .mount(&server)
        .await;
    let start = Instant::now();
    let error = Client::new(config_for(&server))
        .execute::<Value, Value>(get_user("a"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::ResponseError(ref c) if c.status == 429));
    assert_eq!(received(&server).await.len(), 1);
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn post_is_retried_with_the_same_body() {
    let server = MockServer::start().await;
    let body = json!({"data": {"type": "users", "attributes": {"email": "a@b.c"}}});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_json(&body))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "u1"})))
        .mount(&server)
        .await;
    let request = Request::new(Method::POST, "v2.CreateUser", "/api/v2/users")
        .json_body(&body)
        .security(&[&["apiKeyAuth", "appKeyAuth"]]);
    let response = Client::new(keyed_config_for(&server))
        .execute::<Value, Value>(request)
        .await
        .unwrap();
    assert_eq!(response.status, 201);
    assert_eq!(response.entity, json!({"id": "u1"}));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(
            serde_json::from_slice::<Value>(&request.body).unwrap(),
            body
        );
        assert_eq!(
            header_text(request, "content-type"),
            Some("application/json")
        );
        assert_eq!(header_text(request, "dd-api-key"), Some("the-api-key"));
    }
}

// ---------------------------------------------------------------------------------------
// Unstable operations

fn query_accounts() -> Request {
    Request::new(
        Method::POST,
        "v2.QueryAccounts",
        "/api/v2/product-analytics/accounts/query",
    )
    .unstable()
    .json_body(&json!({}))
}

#[tokio::test]
async fn unstable_disabled_sends_nothing() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let error = Client::new(config_for(&server))
        .execute::<Value, Value>(query_accounts())
        .await
        .unwrap_err();
    match &error {
        Error::UnstableOperationDisabledError(message) => {
            assert!(
                message.contains(
                    r#"configuration.set_unstable_operation_enabled("v2.QueryAccounts", true)"#
                ),
                "{message}"
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(error.to_string().contains("set_unstable_operation_enabled"));
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn unstable_enabled_with_either_spelling_is_sent() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    for spelling in ["v2.QueryAccounts", "v2.query_accounts"] {
        let mut config = config_for(&server);
        assert!(config.set_unstable_operation_enabled(spelling, true));
        Client::new(config)
            .execute::<Value, Value>(query_accounts())
            .await
            .unwrap();
    }
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn configuration_error_comes_before_unstable_check() {
    let mut config = support::new_config();
    config.set_server_index(9);
    let error = Client::new(config)
        .execute::<Value, Value>(query_accounts())
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        Error::Configuration(ConfigError::ServerIndexOutOfRange { .. })
    ));
}

// ---------------------------------------------------------------------------------------
// Responses and errors

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    id: String,
    age: u32,
}

#[tokio::test]
async fn success_body_decode_errors() {
    let server = MockServer::start().await;
    let cases: [(&str, ResponseTemplate); 5] = [
        (
            "/text",
            ResponseTemplate::new(200).set_body_string("<html>not json</html>"),
        ),
        ("/empty", ResponseTemplate::new(200)),
        (
            "/truncated",
            ResponseTemplate::new(200).set_body_string(r#"{"id": "a", "ag"#),
        ),
        (
            "/mismatch",
            ResponseTemplate::new(200).set_body_json(json!({"id": "a", "age": "old"})),
        ),
        (
            "/missing",
            ResponseTemplate::new(201).set_body_json(json!({"id": "a"})),
        ),
    ];
    for (route, template) in &cases {
        Mock::given(path(*route))
            .respond_with(template.clone())
            .mount(&server)
            .await;
    }
    Mock::given(path("/good"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "a", "age": 3})))
        .mount(&server)
        .await;
    let client = Client::new(config_for(&server));
    for (route, _) in &cases {
        let request = Request::new(Method::GET, "v2.X", *route);
        match client.execute::<User, Value>(request).await {
            Err(Error::ResponseDecode {
                status,
                content,
                source,
            }) => {
                assert!(status.is_success());
                let _ = source.to_string();
                if *route == "/text" {
                    assert_eq!(content, "<html>not json</html>");
                }
                if *route == "/empty" {
                    assert_eq!(content, "");
                }
            }
            other => panic!("{route}: unexpected {other:?}"),
        }
    }
    let request = Request::new(Method::GET, "v2.X", "/good");
    let user = client.execute::<User, Value>(request).await.unwrap().entity;
    assert_eq!(
        user,
        User {
            id: "a".into(),
            age: 3
        }
    );
}

#[tokio::test]
async fn execute_empty_ignores_the_body() {
    let server = MockServer::start().await;
    Mock::given(path("/gone"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(path("/weird"))
        .respond_with(ResponseTemplate::new(200).set_body_string("whatever"))
        .mount(&server)
        .await;
    Mock::given(path("/denied"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"errors": ["Forbidden"]})))
        .mount(&server)
        .await;
    let client = Client::new(config_for(&server));
    let request = Request::new(Method::DELETE, "v2.X", "/gone");
    let response = client.execute_empty::<Value>(request).await.unwrap();
    assert_eq!(response.status, 204);
    let request = Request::new(Method::DELETE, "v2.X", "/weird");
    client.execute_empty::<Value>(request).await.unwrap();
    let request = Request::new(Method::DELETE, "v2.X", "/denied");
    match client.execute_empty::<Value>(request).await {
        Err(Error::ResponseError(content)) => {
            assert_eq!(content.status, 403);
            assert_eq!(content.entity, Some(json!({"errors": ["Forbidden"]})));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[derive(Debug, Deserialize, PartialEq)]
struct APIErrorResponse {
    errors: Vec<String>,
}

/// Like a generated error type: only 404 is documented.
#[derive(Debug, PartialEq)]
enum GetUserError {
    Status404(APIErrorResponse),
}

impl OperationError for GetUserError {
    fn from_response(status: u16, body: &[u8]) -> Option<Result<Self, serde_json::Error>> {
        match status {
            404 => Some(serde_json::from_slice(body).map(Self::Status404)),
            _ => None,
        }
    }
}

#[tokio::test]
async fn typed_error_responses() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"errors": ["Not found"]})))
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/users/garbled"))
        .respond_with(ResponseTemplate::new(404).set_body_string("<h1>404</h1>"))
        .mount(&server)
        .await;
    Mock::given(path("/api/v2/users/conflict"))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({"errors": ["Conflict"]})))
        .mount(&server)
        .await;
    let client = Client::new(config_for(&server));

    let error = client
        .execute::<Value, GetUserError>(get_user("missing"))
        .await
        .unwrap_err();
    match &error {
        Error::ResponseError(content) => {
            assert_eq!(content.status, 404);
            assert_eq!(
                content.entity,
                Some(GetUserError::Status404(APIErrorResponse {
                    errors: vec!["Not found".into()]
                }))
            );
            assert_eq!(content.content, r#"{"errors":["Not found"]}"#);
        }
        other => panic!("unexpected {other:?}"),
    }
    let text = error.to_string();
    assert!(text.contains("404") && text.contains("Not found"), "{text}");
    assert!(std::error::Error::source(&error).is_none());

    for (user, status, content) in [
        ("garbled", 404, "<h1>404</h1>"),
        ("conflict", 409, r#"{"errors":["Conflict"]}"#),
    ] {
        match client.execute::<Value, GetUserError>(get_user(user)).await {
            Err(Error::ResponseError(response)) => {
                assert_eq!(response.status, status);
                assert_eq!(response.content, content);
                assert_eq!(response.entity, None);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut config = support::new_config();
    config
        .set_host(&format!("http://127.0.0.1:{port}"))
        .unwrap();
    config.set_api_key("secret-key-abc");
    let error = Client::new(config)
        .execute::<Value, Value>(get_user("a"))
        .await
        .unwrap_err();
    match &error {
        Error::Reqwest(inner) => assert!(inner.is_connect(), "{inner:?}"),
        other => panic!("unexpected {other:?}"),
    }
    assert!(std::error::Error::source(&error).is_some());
    assert!(!format!("{error:?}").contains("secret-key-abc"));
    assert!(!error.to_string().contains("secret-key-abc"));
}

#[tokio::test]
async fn timeout_ends_the_attempt() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let mut config = config_for(&server);
    config.set_timeout(Some(Duration::from_millis(200)));
    // Both the client built from the configuration and a caller's client apply the timeout.
    for client in [
        Client::new(config.clone()),
        Client::with_http_client(config.clone(), reqwest::Client::builder()),
    ] {
        let start = Instant::now();
        match client.execute::<Value, Value>(get_user("a")).await {
            Err(Error::AttemptTimeout { timeout }) => {
                assert_eq!(timeout, Duration::from_millis(200))
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(start.elapsed() < Duration::from_secs(2));
    }
}

#[tokio::test]
async fn malformed_proxy_is_a_configuration_error() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let mut config = config_for(&server);
    config.set_proxy_url(Some("http://[::1".to_string()));
    let client = Client::new(config);
    for _ in 0..2 {
        match client.execute::<Value, Value>(get_user("a")).await {
            Err(Error::Configuration(ConfigError::HttpClient { reason })) => {
                assert!(reason.contains("proxy"), "{reason}")
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn redirects_to_another_origin_are_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    mount_ok(&elsewhere).await;
    Mock::given(path("/away"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/steal", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    Mock::given(path("/moved"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", "/here"))
        .mount(&server)
        .await;
    Mock::given(path("/here"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"here": true})))
        .mount(&server)
        .await;
    let client = Client::new(keyed_config_for(&server));
    let request = Request::new(Method::GET, "v2.X", "/away").security(&[&["apiKeyAuth"]]);
    match client.execute::<Value, Value>(request).await {
        Err(Error::ResponseError(content)) => assert_eq!(content.status, 302),
        other => panic!("unexpected {other:?}"),
    }
    assert!(received(&elsewhere).await.is_empty());
    let request = Request::new(Method::GET, "v2.X", "/moved").security(&[&["apiKeyAuth"]]);
    let response = client.execute::<Value, Value>(request).await.unwrap();
    assert_eq!(response.entity, json!({"here": true}));
}

#[tokio::test]
async fn with_http_client_and_clones_share_the_configuration() {
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let client = Client::with_http_client(keyed_config_for(&server), reqwest::Client::builder());
    let clone = client.clone();
    assert_eq!(clone.config().host(), Some(server.uri().as_str()));
    clone.execute::<Value, Value>(get_user("a")).await.unwrap();
    let requests = received(&server).await;
    assert_eq!(header_text(&requests[0], "dd-api-key"), Some("the-api-key"));
    assert!(header_text(&requests[0], "user-agent")
        .unwrap()
        .starts_with("datadog-api-client-rust/"));
}

#[test]
fn futures_and_errors_are_send_and_sync() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    let client = Client::new(support::new_config());
    let future = client.execute::<Value, Value>(get_user("a"));
    assert_send(&future);
    let future = client.execute_empty::<GetUserError>(get_user("a"));
    assert_send(&future);
    assert_send_sync::<Client>();
    assert_send_sync::<Request>();
    assert_send_sync::<Error<GetUserError>>();
}

#[test]
fn error_display_and_source() {
    let error: Error<Value> = Error::Configuration(ConfigError::UnknownSite {
        site: "x".into(),
        allowed: &["datadoghq.com"],
    });
    assert!(error.to_string().contains("unknown Datadog site"));
    assert!(std::error::Error::source(&error).is_some());
    let long = "x".repeat(5000);
    let error: Error<Value> = Error::ResponseError(datadog::ResponseContent {
        status: reqwest::StatusCode::BAD_REQUEST,
        headers: Default::default(),
        content: long.clone(),
        entity: None,
    });
    let text = error.to_string();
    assert!(text.len() < 1200, "{}", text.len());
    assert!(format!("{error:?}").contains(&long));
}

#[tokio::test]
async fn https_to_a_plain_http_server_is_a_transport_error() {
    // Exercises the rustls client end to end (no panic about crypto providers).
    let server = MockServer::start().await;
    mount_ok(&server).await;
    let mut config = config_for(&server);
    config
        .set_host(&server.uri().replace("http://", "https://"))
        .unwrap();
    config.set_retry(false, 0);
    match Client::new(config)
        .execute::<Value, Value>(get_user("a"))
        .await
    {
        Err(Error::Reqwest(inner)) => {
            assert!(inner.is_connect() || inner.is_request(), "{inner:?}")
        }
        other => panic!("unexpected {other:?}"),
    }
}
