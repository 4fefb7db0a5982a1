//! End-to-end behaviour of the generated client over real HTTP, against a wiremock server on
//! 127.0.0.1: retries, pagination, unstable operations, transport and decoding failures, path
//! and header injection, secrets in `Debug`/`Display`, and the `DD_*` environment variables.
//!
//! Every test builds its `Configuration` with setters (host, keys, backoff), so that the one
//! test that changes the process environment (`configuration_new_reads_the_dd_environment`)
//! cannot change what the others send.

use std::fmt::{Debug, Display};
use std::time::{Duration, Instant};

use datadog_api_client::datadog::{self, ConfigError, Configuration, Error};
use datadog_api_client::datadogV1::api_users::UsersAPI as UsersV1API;
use datadog_api_client::datadogV2::api_rum_audience_management::RumAudienceManagementAPI;
use datadog_api_client::datadogV2::api_seats::{GetSeatsUsersOptionalParams, SeatsAPI};
use datadog_api_client::datadogV2::api_teams::{
    GetTeamMembershipsOptionalParams, ListTeamsOptionalParams, TeamsAPI,
};
use datadog_api_client::datadogV2::api_users::{GetUserError, ListUsersOptionalParams, UsersAPI};
use datadog_api_client::datadogV2::model::{
    QueryAccountRequest, UserCreateAttributes, UserCreateData, UserCreateRequest, UsersType,
};
use futures_util::{pin_mut, StreamExt};
use serde_json::{json, Value};
use wiremock::matchers::{any, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Distinctive keys: they must reach the server in headers and never show in any output.
const API_KEY: &str = "e2eApiKey-7f3a9c1d5b-SECRET";
const APP_KEY: &str = "e2eAppKey-2b8e6d4f0a-SECRET";

/// A configuration that sends to `server` with the test keys and a short retry backoff.
fn config(server: &MockServer) -> Configuration {
    let mut config = Configuration::new();
    config
        .set_host(&server.uri())
        .expect("the mock server's URI is a valid host");
    config.set_api_key(API_KEY);
    config.set_app_key(APP_KEY);
    config.set_retry_backoff(Duration::from_millis(10), Duration::from_secs(5));
    config
}

/// The requests the server received so far.
async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// The decoded query parameters of a request, in order.
fn query_pairs(request: &wiremock::Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// Asserts that neither the `Debug` nor the `Display` output of `value` shows a key.
fn assert_no_secret_in_error<T: Debug + Display>(value: &T, what: &str) {
    assert_no_secret_in_text(&format!("{value:?}"), &format!("Debug of {what}"));
    assert_no_secret_in_text(&format!("{value}"), &format!("Display of {what}"));
}

fn assert_no_secret_in_text(text: &str, what: &str) {
    for secret in [API_KEY, APP_KEY, "7f3a9c1d5b", "2b8e6d4f0a"] {
        assert!(
            !text.contains(secret),
            "{what} shows the secret {secret:?}: {text}"
        );
    }
}

/// A v2 `UserResponse` body.
fn user_body(id: &str) -> Value {
    json!({"data": {"id": id, "type": "users", "attributes": {"email": format!("{id}@example.com")}}})
}

fn api_error_body(message: &str) -> Value {
    json!({"errors": [message]})
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn retry_after_429_waits_for_x_ratelimit_reset() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/u-429"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("X-RateLimit-Reset", "1")
                .set_body_json(api_error_body("Too many requests")),
        )
        .up_to_n_times(1)
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/u-429"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_body("u-429")))
        .expect(1)
        .with_priority(2)
        .mount(&server)
        .await;

    // The backoff is 10 ms: only the header can make the client wait a second.
    let api = UsersAPI::with_config(config(&server));
    let start = Instant::now();
    let user = api
        .get_user("u-429".to_string())
        .await
        .expect("the call succeeds after the retry");
    let elapsed = start.elapsed();

    assert_eq!(user.data.and_then(|data| data.id).as_deref(), Some("u-429"));
    assert!(
        elapsed >= Duration::from_millis(990),
        "the retry came after {elapsed:?}, before the 1 s X-RateLimit-Reset"
    );
    assert!(elapsed < Duration::from_secs(4), "took {elapsed:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_429_waits_for_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/u-retry-after"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .set_body_json(api_error_body("Too many requests")),
        )
        .up_to_n_times(1)
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/u-retry-after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_body("u-retry-after")))
        .expect(1)
        .with_priority(2)
        .mount(&server)
        .await;

    let api = UsersAPI::with_config(config(&server));
    let start = Instant::now();
    let user = api
        .get_user("u-retry-after".to_string())
        .await
        .expect("the call succeeds after the retry");
    let elapsed = start.elapsed();

    assert_eq!(
        user.data.and_then(|data| data.id).as_deref(),
        Some("u-retry-after")
    );
    assert!(
        elapsed >= Duration::from_millis(990),
        "the retry came after {elapsed:?}, before the 1 s Retry-After"
    );
    assert!(elapsed < Duration::from_secs(4), "took {elapsed:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_503_uses_the_configured_exponential_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/u-503"))
        .respond_with(ResponseTemplate::new(503).set_body_string("Service Unavailable"))
        .up_to_n_times(2)
        .expect(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/u-503"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_body("u-503")))
        .expect(1)
        .with_priority(2)
        .mount(&server)
        .await;

    let mut config = config(&server);
    config.set_retry(true, 3);
    // Waits at most 100 ms, then 200 ms (full jitter): far below the 2 s default base.
    config.set_retry_backoff(Duration::from_millis(100), Duration::from_secs(1));
    let api = UsersAPI::with_config(config);
    let start = Instant::now();
    let user = api
        .get_user("u-503".to_string())
        .await
        .expect("the call succeeds after two retries");
    let elapsed = start.elapsed();

    assert_eq!(user.data.and_then(|data| data.id).as_deref(), Some("u-503"));
    assert_eq!(received(&server).await.len(), 3);
    assert!(
        elapsed < Duration::from_millis(1500),
        "two retries with a 100 ms backoff base took {elapsed:?}"
    );
}

#[tokio::test]
async fn retries_stop_at_the_configured_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/u-limit"))
        .respond_with(ResponseTemplate::new(429).set_body_json(api_error_body("slow down")))
        .expect(3)
        .mount(&server)
        .await;

    let mut config = config(&server);
    config.set_retry(true, 2);
    let api = UsersAPI::with_config(config);
    let error = api
        .get_user("u-limit".to_string())
        .await
        .expect_err("every attempt is a 429");

    assert_eq!(received(&server).await.len(), 3, "1 attempt + 2 retries");
    match &error {
        Error::ResponseError(response) => {
            assert_eq!(response.status.as_u16(), 429);
            assert!(
                response.content.contains("slow down"),
                "{}",
                response.content
            );
            match &response.entity {
                Some(GetUserError::Status429(body)) => {
                    assert_eq!(body.errors, vec!["slow down".to_string()])
                }
                other => panic!("expected the typed 429 body, got {other:?}"),
            }
        }
        other => panic!("expected ResponseError, got {other:?}"),
    }
    assert_no_secret_in_error(&error, "a 429 ResponseError");
}

#[tokio::test]
async fn retry_after_longer_than_the_backoff_maximum_is_not_waited_for() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/u-long-wait"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "120")
                .set_body_json(api_error_body("come back later")),
        )
        .expect(1)
        .mount(&server)
        .await;

    let mut config = config(&server);
    config.set_retry_backoff(Duration::from_millis(10), Duration::from_secs(1));
    let api = UsersAPI::with_config(config);
    let start = Instant::now();
    let error = api
        .get_user("u-long-wait".to_string())
        .await
        .expect_err("the 429 is returned");
    assert!(start.elapsed() < Duration::from_secs(2));
    assert!(
        matches!(&error, Error::ResponseError(response) if response.status.as_u16() == 429),
        "{error:?}"
    );
}

#[tokio::test]
async fn retries_disabled_sends_one_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/u-no-retry"))
        .respond_with(ResponseTemplate::new(503).set_body_string("down"))
        .expect(1)
        .mount(&server)
        .await;

    let mut config = config(&server);
    config.set_retry(false, 3);
    let api = UsersAPI::with_config(config);
    let error = api
        .get_user("u-no-retry".to_string())
        .await
        .expect_err("the 503 is returned");

    assert_eq!(received(&server).await.len(), 1);
    match &error {
        Error::ResponseError(response) => {
            assert_eq!(response.status.as_u16(), 503);
            assert_eq!(response.content, "down");
            assert!(response.entity.is_none(), "503 is not a documented status");
        }
        other => panic!("expected ResponseError, got {other:?}"),
    }
    assert_no_secret_in_error(&error, "a 503 ResponseError");
}

#[tokio::test]
async fn a_retried_post_sends_the_same_body_each_time() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .expect(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users"))
        .respond_with(ResponseTemplate::new(201).set_body_json(user_body("u-created")))
        .expect(1)
        .with_priority(2)
        .mount(&server)
        .await;

    let api = UsersAPI::with_config(config(&server));
    let body = UserCreateRequest::new(UserCreateData::new(
        UserCreateAttributes::new("retried@example.com".to_string())
            .name("Retried User".to_string()),
        UsersType::USERS,
    ));
    let created = api
        .create_user(body)
        .await
        .expect("the third attempt succeeds");
    assert_eq!(
        created.data.and_then(|data| data.id).as_deref(),
        Some("u-created")
    );

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    let expected = json!({"data": {"attributes": {"email": "retried@example.com", "name": "Retried User"}, "type": "users"}});
    for (index, request) in requests.iter().enumerate() {
        assert_eq!(request.method.as_str(), "POST");
        let sent: Value = serde_json::from_slice(&request.body)
            .unwrap_or_else(|error| panic!("attempt {index}: body is not JSON: {error}"));
        assert_eq!(sent, expected, "attempt {index}");
        assert_eq!(
            request.body, requests[0].body,
            "attempt {index}: the bytes differ"
        );
        assert_eq!(
            request
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/json"),
            "attempt {index}"
        );
        assert_eq!(
            request
                .headers
                .get("DD-API-KEY")
                .and_then(|v| v.to_str().ok()),
            Some(API_KEY),
            "attempt {index}"
        );
        assert_eq!(
            request
                .headers
                .get("DD-APPLICATION-KEY")
                .and_then(|v| v.to_str().ok()),
            Some(APP_KEY),
            "attempt {index}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------------

/// Mounts one page of a page-number paginated GET: matched by `page[number]` (and
/// `page[size]`), expected exactly once.
async fn mount_page(server: &MockServer, route: &str, page: usize, size: usize, body: Value) {
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param("page[number]", page.to_string()))
        .and(query_param("page[size]", size.to_string()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .named(format!("{route} page {page}"))
        .mount(server)
        .await;
}

/// Asserts the page-number requests: one per page, in order, each with `page[size]` and
/// `page[number]` (and any `extra` parameters).
fn assert_page_requests(
    requests: &[wiremock::Request],
    route: &str,
    size: usize,
    pages: usize,
    extra: &[(&str, &str)],
) {
    assert_eq!(requests.len(), pages, "one request per page");
    for (page, request) in requests.iter().enumerate() {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), route);
        let mut query = query_pairs(request);
        query.sort();
        let mut expected: Vec<(String, String)> = vec![
            ("page[number]".to_string(), page.to_string()),
            ("page[size]".to_string(), size.to_string()),
        ];
        expected.extend(
            extra
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string())),
        );
        expected.sort();
        assert_eq!(query, expected, "query of page {page}: {}", request.url);
    }
}

#[tokio::test]
async fn list_users_pagination_walks_pages_lazily_and_stops_at_a_short_page() {
    let server = MockServer::start().await;
    let users = |ids: &[&str]| {
        json!({"data": ids.iter().map(|id| json!({"id": id, "type": "users"})).collect::<Vec<_>>(),
               "meta": {"page": {"total_count": 5}}})
    };
    mount_page(&server, "/api/v2/users", 0, 2, users(&["u0", "u1"])).await;
    mount_page(&server, "/api/v2/users", 1, 2, users(&["u2", "u3"])).await;
    mount_page(&server, "/api/v2/users", 2, 2, users(&["u4"])).await;

    let api = UsersAPI::with_config(config(&server));
    let stream = api.list_users_with_pagination(
        ListUsersOptionalParams::default()
            .page_size(2)
            .filter("example".to_string()),
    );
    pin_mut!(stream);

    assert!(
        received(&server).await.is_empty(),
        "nothing is requested before the stream is polled"
    );
    let mut ids = Vec::new();
    for _ in 0..2 {
        let user = stream.next().await.expect("an item").expect("no error");
        ids.push(user.id.expect("an id"));
    }
    assert_eq!(
        received(&server).await.len(),
        1,
        "page 1 must not be requested before page 0's items are consumed"
    );
    while let Some(user) = stream.next().await {
        ids.push(user.expect("no error").id.expect("an id"));
    }
    assert_eq!(ids, ["u0", "u1", "u2", "u3", "u4"]);
    assert_page_requests(
        &received(&server).await,
        "/api/v2/users",
        2,
        3,
        &[("filter", "example")],
    );
}

#[tokio::test]
async fn list_users_pagination_without_a_page_size_takes_it_from_the_first_page() {
    let server = MockServer::start().await;
    // The first page has 3 items: the second, with 1, is the last.
    for (page, ids) in [(0, vec!["a0", "a1", "a2"]), (1, vec!["a3"])] {
        Mock::given(method("GET"))
            .and(path("/api/v2/users"))
            .and(query_param("page[number]", page.to_string()))
            .and(query_param_is_missing("page[size]"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "data": ids.iter().map(|id| json!({"id": id, "type": "users"})).collect::<Vec<_>>()
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let api = UsersAPI::with_config(config(&server));
    let items: Vec<_> = api
        .list_users_with_pagination(ListUsersOptionalParams::default())
        .collect()
        .await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|item| item.expect("no error").id.expect("an id"))
        .collect();
    assert_eq!(ids, ["a0", "a1", "a2", "a3"]);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn list_users_pagination_ends_with_an_error_when_the_page_number_is_ignored() {
    let server = MockServer::start().await;
    // Every request gets the same full page, whatever its page number.
    Mock::given(method("GET"))
        .and(path("/api/v2/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "a0", "type": "users"}, {"id": "a1", "type": "users"}]
        })))
        .mount(&server)
        .await;
    let api = UsersAPI::with_config(config(&server));
    let stream = api.list_users_with_pagination(ListUsersOptionalParams::default());
    let items: Vec<_> = stream.take(50).collect().await;
    assert_eq!(items.len(), 3, "two items, then the error: {items:?}");
    assert!(
        matches!(&items[2], Err(Error::Pagination { .. })),
        "{:?}",
        items[2]
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn list_teams_pagination_walks_three_pages() {
    let server = MockServer::start().await;
    let teams = |ids: &[&str]| {
        json!({"data": ids.iter().map(|id| json!({
            "id": id, "type": "team",
            "attributes": {"handle": format!("handle-{id}"), "name": format!("Team {id}")}
        })).collect::<Vec<_>>()})
    };
    mount_page(&server, "/api/v2/team", 0, 3, teams(&["t0", "t1", "t2"])).await;
    mount_page(&server, "/api/v2/team", 1, 3, teams(&["t3", "t4", "t5"])).await;
    mount_page(&server, "/api/v2/team", 2, 3, teams(&["t6"])).await;

    let api = TeamsAPI::with_config(config(&server));
    let stream = api.list_teams_with_pagination(ListTeamsOptionalParams::default().page_size(3));
    pin_mut!(stream);
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(stream.next().await.expect("an item").expect("no error").id);
    }
    assert_eq!(
        received(&server).await.len(),
        1,
        "page 1 requested before page 0 was consumed"
    );
    while let Some(team) = stream.next().await {
        let team = team.expect("no error");
        assert_eq!(team.attributes.handle, format!("handle-{}", team.id));
        ids.push(team.id);
    }
    assert_eq!(ids, ["t0", "t1", "t2", "t3", "t4", "t5", "t6"]);
    assert_page_requests(&received(&server).await, "/api/v2/team", 3, 3, &[]);
}

#[tokio::test]
async fn get_team_memberships_pagination_walks_three_pages() {
    let server = MockServer::start().await;
    let route = "/api/v2/team/team-42/memberships";
    let memberships = |ids: &[&str]| json!({"data": ids.iter().map(|id| json!({"id": id, "type": "team_memberships"})).collect::<Vec<_>>()});
    mount_page(&server, route, 0, 2, memberships(&["m0", "m1"])).await;
    mount_page(&server, route, 1, 2, memberships(&["m2", "m3"])).await;
    mount_page(&server, route, 2, 2, memberships(&[])).await;

    let api = TeamsAPI::with_config(config(&server));
    let stream = api.get_team_memberships_with_pagination(
        "team-42".to_string(),
        GetTeamMembershipsOptionalParams::default().page_size(2),
    );
    pin_mut!(stream);
    let first = stream.next().await.expect("an item").expect("no error");
    assert_eq!(received(&server).await.len(), 1);
    let mut ids = vec![first.id];
    while let Some(membership) = stream.next().await {
        ids.push(membership.expect("no error").id);
    }
    assert_eq!(ids, ["m0", "m1", "m2", "m3"]);
    assert_page_requests(&received(&server).await, route, 2, 3, &[]);
}

/// A page of seat users with these ids, and `next` as its `meta.next_cursor`.
fn seats_page(ids: &[&str], next: Option<&str>) -> Value {
    let mut meta = json!({"limit": 2});
    if let Some(next) = next {
        meta["next_cursor"] = json!(next);
    }
    json!({
        "data": ids.iter().map(|id| json!({"id": id, "type": "seat-users",
            "attributes": {"email": format!("{id}@example.com")}})).collect::<Vec<_>>(),
        "meta": meta,
    })
}

/// Answers `body` once to the request of `GET /api/v2/seats/users` (two per page) that sends
/// `cursor`, or no cursor.
async fn mount_seats_page(server: &MockServer, cursor: Option<&str>, body: Value) {
    let mock = Mock::given(method("GET"))
        .and(path("/api/v2/seats/users"))
        .and(query_param("product_code", "incident_response"))
        .and(query_param("page[limit]", "2"));
    let mock = match cursor {
        Some(cursor) => mock.and(query_param("page[cursor]", cursor)),
        None => mock.and(query_param_is_missing("page[cursor]")),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

/// The value of the query parameter `name` of each request, in order.
fn query_values(requests: &[wiremock::Request], name: &str) -> Vec<Option<String>> {
    requests
        .iter()
        .map(|request| {
            query_pairs(request)
                .into_iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value)
        })
        .collect()
}

#[tokio::test]
async fn get_seats_users_pagination_follows_the_cursor_until_it_is_absent() {
    let server = MockServer::start().await;
    mount_seats_page(&server, None, seats_page(&["s0", "s1"], Some("cursor-1"))).await;
    let second = seats_page(&["s2", "s3"], Some("cursor-2"));
    mount_seats_page(&server, Some("cursor-1"), second).await;
    mount_seats_page(&server, Some("cursor-2"), seats_page(&["s4"], None)).await;

    let api = SeatsAPI::with_config(config(&server));
    let stream = api.get_seats_users_with_pagination(
        "incident_response".to_string(),
        GetSeatsUsersOptionalParams::default().page_limit(2),
    );
    pin_mut!(stream);
    let mut ids = Vec::new();
    for _ in 0..2 {
        ids.push(
            stream
                .next()
                .await
                .expect("an item")
                .expect("no error")
                .id
                .expect("an id"),
        );
    }
    assert_eq!(
        received(&server).await.len(),
        1,
        "the second page was requested before the first was consumed"
    );
    while let Some(seat) = stream.next().await {
        ids.push(seat.expect("no error").id.expect("an id"));
    }
    assert_eq!(ids, ["s0", "s1", "s2", "s3", "s4"]);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(
        query_values(&requests, "page[cursor]"),
        [
            None,
            Some("cursor-1".to_string()),
            Some("cursor-2".to_string())
        ]
    );
}

#[tokio::test]
async fn a_pagination_error_is_yielded_once_and_ends_the_stream() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        "/api/v2/users",
        0,
        2,
        json!({"data": [{"id": "e0", "type": "users"}, {"id": "e1", "type": "users"}]}),
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users"))
        .and(query_param("page[number]", "1"))
        .respond_with(ResponseTemplate::new(403).set_body_json(api_error_body("Forbidden")))
        .expect(1)
        .mount(&server)
        .await;

    let api = UsersAPI::with_config(config(&server));
    let items: Vec<_> = api
        .list_users_with_pagination(ListUsersOptionalParams::default().page_size(2))
        .collect()
        .await;
    assert_eq!(items.len(), 3, "two users, then the error: {items:?}");
    assert_eq!(
        items[0].as_ref().ok().and_then(|u| u.id.as_deref()),
        Some("e0")
    );
    assert_eq!(
        items[1].as_ref().ok().and_then(|u| u.id.as_deref()),
        Some("e1")
    );
    match &items[2] {
        Err(Error::ResponseError(response)) => {
            assert_eq!(response.status.as_u16(), 403);
            assert!(response.entity.is_some(), "403 is documented: typed body");
            assert_no_secret_in_error(items[2].as_ref().unwrap_err(), "a pagination error");
        }
        other => panic!("expected the 403 ResponseError, got {other:?}"),
    }
    assert_eq!(
        received(&server).await.len(),
        2,
        "no request after the error"
    );
}

#[tokio::test]
async fn cursor_pagination_ends_with_an_error_when_the_cursor_repeats() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/seats/users"))
        .and(query_param_is_missing("page[cursor]"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "r0", "type": "seat-users"}], "meta": {"next_cursor": "same"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/seats/users"))
        .and(query_param("page[cursor]", "same"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "r1", "type": "seat-users"}], "meta": {"next_cursor": "same"}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let api = SeatsAPI::with_config(config(&server));
    let items: Vec<_> = api
        .get_seats_users_with_pagination(
            "incident_response".to_string(),
            GetSeatsUsersOptionalParams::default(),
        )
        .collect()
        .await;
    assert_eq!(items.len(), 3, "two items, then the error: {items:?}");
    let ids: Vec<String> = items[..2]
        .iter()
        .map(|item| item.as_ref().expect("no error").id.clone().expect("an id"))
        .collect();
    assert_eq!(ids, ["r0", "r1"]);
    match &items[2] {
        Err(Error::Pagination { reason }) => assert!(reason.contains("same"), "{reason}"),
        other => panic!("expected a pagination error, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 2, "no endless loop");
}

// ---------------------------------------------------------------------------------------------
// Unstable operations
// ---------------------------------------------------------------------------------------------

async fn mount_query_accounts(server: &MockServer, times: u64) {
    Mock::given(method("POST"))
        .and(path("/api/v2/product-analytics/accounts/query"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"id": "query_response", "type": "query_response",
                     "attributes": {"hits": [], "total": 0}}
        })))
        .expect(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_disabled_unstable_operation_is_refused_without_sending() {
    let server = MockServer::start().await;
    mount_query_accounts(&server, 0).await;

    let api = RumAudienceManagementAPI::with_config(config(&server));
    let error = api
        .query_accounts(QueryAccountRequest::new())
        .await
        .expect_err("QueryAccounts is unstable and not enabled");
    match &error {
        Error::UnstableOperationDisabledError(message) => {
            assert!(message.contains("v2.QueryAccounts"), "{message}");
            assert!(
                message.contains("set_unstable_operation_enabled"),
                "the message should say how to enable it: {message}"
            );
        }
        other => panic!("expected UnstableOperationDisabledError, got {other:?}"),
    }
    assert!(error.to_string().contains("set_unstable_operation_enabled"));
    assert_no_secret_in_error(&error, "UnstableOperationDisabledError");
    assert!(received(&server).await.is_empty());

    // Disabling it again after enabling it refuses it again.
    let mut config = config(&server);
    assert!(config.set_unstable_operation_enabled("v2.QueryAccounts", true));
    assert!(config.set_unstable_operation_enabled("v2.QueryAccounts", false));
    let error = RumAudienceManagementAPI::with_config(config)
        .query_accounts(QueryAccountRequest::new())
        .await
        .expect_err("disabled again");
    assert!(
        matches!(error, Error::UnstableOperationDisabledError(_)),
        "{error:?}"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn an_enabled_unstable_operation_is_sent() {
    for name in ["v2.QueryAccounts", "v2.query_accounts"] {
        let server = MockServer::start().await;
        mount_query_accounts(&server, 1).await;
        let mut config = config(&server);
        assert!(
            config.set_unstable_operation_enabled(name, true),
            "{name} is an unstable operation"
        );
        assert!(config.is_unstable_operation_enabled("v2.QueryAccounts"));
        let response = RumAudienceManagementAPI::with_config(config)
            .query_accounts(QueryAccountRequest::new())
            .await
            .unwrap_or_else(|error| panic!("enabled as {name:?}: {error:?}"));
        let data = response.data.expect("data");
        assert_eq!(data.id.as_deref(), Some("query_response"));
        let requests = received(&server).await;
        assert_eq!(requests.len(), 1, "enabled as {name:?}");
        assert_eq!(
            serde_json::from_slice::<Value>(&requests[0].body).expect("a JSON body"),
            json!({})
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Transport and decoding failures
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_slow_server_times_out_quickly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/slow"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(user_body("slow"))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;

    let mut config = config(&server);
    config.set_timeout(Some(Duration::from_millis(200)));
    let api = UsersAPI::with_config(config);
    let start = Instant::now();
    let error = api
        .get_user("slow".to_string())
        .await
        .expect_err("the server is slower than the timeout");
    let elapsed = start.elapsed();
    match &error {
        Error::AttemptTimeout { timeout } => assert_eq!(*timeout, Duration::from_millis(200)),
        other => panic!("expected an attempt timeout, got {other:?}"),
    }
    assert!(
        elapsed < Duration::from_millis(1500),
        "a 200 ms timeout took {elapsed:?}"
    );
    assert_no_secret_in_error(&error, "a timeout error");
}

#[tokio::test]
async fn a_refused_connection_is_an_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);

    let mut config = Configuration::new();
    config
        .set_host(&format!("http://127.0.0.1:{port}"))
        .expect("valid host");
    config.set_api_key(API_KEY);
    config.set_app_key(APP_KEY);
    config.set_retry_backoff(Duration::from_millis(10), Duration::from_secs(1));
    let api = UsersAPI::with_config(config);
    let start = Instant::now();
    let error = api
        .get_user("nobody".to_string())
        .await
        .expect_err("nothing listens on the port");
    match &error {
        Error::Reqwest(inner) => assert!(inner.is_connect(), "not a connect error: {inner:?}"),
        other => panic!("expected a Reqwest connect error, got {other:?}"),
    }
    assert!(start.elapsed() < Duration::from_secs(5));
    // The cause, not only "error sending request", is in the message a user prints.
    let message = error.to_string().to_lowercase();
    assert!(message.contains("connect"), "{message}");
    assert_no_secret_in_error(&error, "a connection error");
}

#[tokio::test]
async fn undecodable_success_bodies_are_response_decode_errors() {
    let server = MockServer::start().await;
    let cases: [(&str, &str, &str); 4] = [
        (
            "html",
            "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
            "text/html",
        ),
        ("empty", "", "application/json"),
        (
            "truncated",
            r#"{"data": {"id": "abc", "type": "us"#,
            "application/json",
        ),
        ("wrong-schema", r#"{"data": 5}"#, "application/json"),
    ];
    for (id, body, mime) in cases {
        Mock::given(method("GET"))
            .and(path(format!("/api/v2/users/{id}")))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, mime))
            .expect(1)
            .mount(&server)
            .await;
    }

    let api = UsersAPI::with_config(config(&server));
    for (id, body, _) in cases {
        let error = api
            .get_user(id.to_string())
            .await
            .expect_err("the body does not decode as a UserResponse");
        match &error {
            Error::ResponseDecode {
                status, content, ..
            } => {
                assert_eq!(status.as_u16(), 200, "{id}");
                assert_eq!(content, body, "{id}: the raw body is kept");
            }
            other => panic!("{id}: expected ResponseDecode, got {other:?}"),
        }
        let display = error.to_string();
        assert!(
            display.contains("200") && display.contains("could not be decoded"),
            "{id}: unclear message: {display}"
        );
        assert!(
            std::error::Error::source(&error).is_some(),
            "{id}: the serde error is the source"
        );
        assert_no_secret_in_error(&error, &format!("the ResponseDecode error of {id}"));
    }
    assert_eq!(received(&server).await.len(), 4);
}

// ---------------------------------------------------------------------------------------------
// Injection
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_path_parameter_is_always_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "user": {"handle": "someone@example.com", "name": "Someone"}
        })))
        .mount(&server)
        .await;

    let api = UsersV1API::with_config(config(&server));
    let cases = [
        (
            "../../api/v2/users",
            "/api/v1/user/..%2F..%2Fapi%2Fv2%2Fusers",
        ),
        ("a/b?c#d", "/api/v1/user/a%2Fb%3Fc%23d"),
        ("%2e%2e", "/api/v1/user/%252e%252e"),
    ];
    for (handle, expected_path) in cases {
        let before = received(&server).await.len();
        let response = api
            .get_user(handle.to_string())
            .await
            .unwrap_or_else(|error| panic!("{handle:?}: {error:?}"));
        assert_eq!(
            response.user.and_then(|user| user.handle).as_deref(),
            Some("someone@example.com")
        );
        let requests = received(&server).await;
        assert_eq!(requests.len(), before + 1, "{handle:?}: one request");
        let request = &requests[before];
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), expected_path, "{handle:?}");
        assert_eq!(request.url.query(), None, "{handle:?}: no query");
        assert_eq!(request.url.fragment(), None, "{handle:?}: no fragment");
    }
    for request in received(&server).await {
        assert!(
            !request.url.path().starts_with("/api/v2"),
            "a request escaped to {}",
            request.url
        );
    }

    // `.` and `..` cannot be encoded away: they are refused, nothing is sent.
    let before = received(&server).await.len();
    for handle in [".", ".."] {
        let error = api
            .get_user(handle.to_string())
            .await
            .expect_err("a dot segment is refused");
        assert!(
            matches!(&error, Error::InvalidParameter { name, .. } if name == "user_handle"),
            "{handle:?}: {error:?}"
        );
        assert_no_secret_in_error(&error, "an InvalidParameter error");
    }
    assert_eq!(received(&server).await.len(), before);
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused_and_nothing_is_sent() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(user_body("x")))
        .expect(0)
        .mount(&server)
        .await;

    let injected = "injKey-5d1e94\r\nX-Injected: 1";
    let mut with_api_key = config(&server);
    with_api_key.set_api_key(injected);
    let mut with_app_key = config(&server);
    with_app_key.set_app_key("injKey-5d1e94\nX-Injected: 1");
    let mut with_user_agent = config(&server);
    with_user_agent.set_user_agent("agent/1.0\r\nX-Injected: 1".to_string());

    for (what, config, header_name) in [
        ("API key", with_api_key, "DD-API-KEY"),
        ("application key", with_app_key, "DD-APPLICATION-KEY"),
        ("user agent", with_user_agent, "User-Agent"),
    ] {
        let error = UsersAPI::with_config(config)
            .get_user("x".to_string())
            .await
            .expect_err("the header value is refused");
        match &error {
            Error::InvalidHeader { name, reason } => {
                assert!(name.eq_ignore_ascii_case(header_name), "{what}: {name}");
                assert!(!reason.is_empty());
            }
            other => panic!("{what}: expected InvalidHeader, got {other:?}"),
        }
        for text in [format!("{error:?}"), error.to_string()] {
            assert!(
                !text.contains("injKey-5d1e94") && !text.contains("X-Injected"),
                "{what}: the error shows the value: {text}"
            );
        }
        assert_no_secret_in_error(&error, &format!("the InvalidHeader error ({what})"));
    }
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn redirects_to_another_origin_are_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(user_body("elsewhere")))
        .expect(0)
        .mount(&elsewhere)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/away"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("Location", format!("{}/api/v2/users/away", elsewhere.uri())),
        )
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/here"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/api/v2/users/moved"))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/moved"))
        .and(header("DD-API-KEY", API_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_body("moved")))
        .expect(2)
        .mount(&server)
        .await;

    // The client the configuration builds, and a caller's builder whose policy follows every
    // redirect (as reqwest's default does): neither may leave the origin.
    let permissive = reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(10));
    for api in [
        UsersAPI::with_config(config(&server)),
        UsersAPI::with_client_and_config(config(&server), permissive),
    ] {
        same_origin_redirects_only(&api, &elsewhere).await;
    }
}

/// `away` redirects to `elsewhere` (not followed), `here` within the origin (followed).
async fn same_origin_redirects_only(api: &UsersAPI, elsewhere: &MockServer) {
    let error = api
        .get_user("away".to_string())
        .await
        .expect_err("the redirect is not followed");
    assert!(
        matches!(&error, Error::ResponseError(response) if response.status.as_u16() == 307),
        "{error:?}"
    );
    assert_no_secret_in_error(&error, "a 307 ResponseError");
    assert!(
        received(elsewhere).await.is_empty(),
        "the keys were sent to another origin"
    );

    let user = api
        .get_user("here".to_string())
        .await
        .expect("a same-origin redirect is followed");
    assert_eq!(user.data.and_then(|data| data.id).as_deref(), Some("moved"));
}

// ---------------------------------------------------------------------------------------------
// Secrets in Debug output
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn keys_never_appear_in_debug_output() {
    let server = MockServer::start().await;
    let config = config(&server);
    assert_eq!(
        config.auth_key("apiKeyAuth").map(|k| k.key.as_str()),
        Some(API_KEY)
    );

    let outputs = [
        ("Configuration", format!("{config:?}")),
        ("Configuration {:#?}", format!("{config:#?}")),
        (
            "APIKey",
            format!("{:?}", config.auth_key("apiKeyAuth").unwrap()),
        ),
        (
            "datadog::Client",
            format!("{:?}", datadog::Client::new(config.clone())),
        ),
        (
            "v1 UsersAPI",
            format!("{:?}", UsersV1API::with_config(config.clone())),
        ),
        (
            "v2 UsersAPI",
            format!("{:#?}", UsersAPI::with_config(config.clone())),
        ),
        (
            "TeamsAPI",
            format!("{:?}", TeamsAPI::with_config(config.clone())),
        ),
        (
            "SeatsAPI",
            format!("{:?}", SeatsAPI::with_config(config.clone())),
        ),
        (
            "RumAudienceManagementAPI",
            format!(
                "{:?}",
                RumAudienceManagementAPI::with_config(config.clone())
            ),
        ),
    ];
    for (what, text) in &outputs {
        assert_no_secret_in_text(text, what);
    }
    // The Debug output still describes the configuration (it is not just empty).
    assert!(outputs[0].1.contains("127.0.0.1"), "{}", outputs[0].1);

    // The keys are really configured: a call sends them.
    Mock::given(method("GET"))
        .and(path("/api/v2/users/keyed"))
        .and(header("DD-API-KEY", API_KEY))
        .and(header("DD-APPLICATION-KEY", APP_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_body("keyed")))
        .expect(1)
        .mount(&server)
        .await;
    UsersAPI::with_config(config)
        .get_user("keyed".to_string())
        .await
        .expect("the keys are sent");
}

// ---------------------------------------------------------------------------------------------
// The environment
// ---------------------------------------------------------------------------------------------

const ENV_VARS: [&str; 4] = ["DD_HOST", "DD_SITE", "DD_API_KEY", "DD_APP_KEY"];
const ENV_API_KEY: &str = "envApiKey-91c4e07a3f";
const ENV_APP_KEY: &str = "envAppKey-0d5b2f86e1";

/// The only test that changes the process environment; it restores it, even on failure.
#[tokio::test]
async fn configuration_new_reads_the_dd_environment() {
    let saved: Vec<(&str, Option<std::ffi::OsString>)> = ENV_VARS
        .iter()
        .map(|name| (*name, std::env::var_os(name)))
        .collect();
    let outcome = futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(
        check_the_dd_environment(),
    ))
    .await;
    for (name, value) in saved {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Each way `Configuration::new` reads `DD_HOST`, `DD_SITE` and the keys, in turn (they share
/// the process's environment, so they run in one test, in order).
async fn check_the_dd_environment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/from-env"))
        .and(header("DD-API-KEY", ENV_API_KEY))
        .and(header("DD-APPLICATION-KEY", ENV_APP_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_body("from-env")))
        .expect(2)
        .mount(&server)
        .await;

    dd_host_wins_and_the_keys_come_from_the_environment(&server).await;
    dd_host_may_carry_a_path_prefix(&server).await;
    a_malformed_dd_host_is_an_error_and_sends_nothing(&server).await;
    an_unknown_dd_site_is_an_error_before_sending().await;
    a_site_written_as_the_web_app_s_address_is_accepted();
}

/// No key from the environment in any of `texts`.
fn assert_no_env_key(texts: &[String]) {
    for text in texts {
        assert!(
            !text.contains(ENV_API_KEY) && !text.contains(ENV_APP_KEY),
            "{text}"
        );
    }
}

/// DD_HOST (with a trailing slash) wins over DD_SITE; the keys come from DD_*_KEY.
async fn dd_host_wins_and_the_keys_come_from_the_environment(server: &MockServer) {
    std::env::set_var("DD_HOST", format!("{}/", server.uri()));
    std::env::set_var("DD_SITE", "datadoghq.eu");
    std::env::set_var("DD_API_KEY", ENV_API_KEY);
    std::env::set_var("DD_APP_KEY", ENV_APP_KEY);
    let config = Configuration::new();
    assert_eq!(config.host(), Some(server.uri().as_str()));
    assert_eq!(config.site(), Some("datadoghq.eu"));
    assert_no_env_key(&[format!("{config:?}"), format!("{config:#?}")]);
    let user = UsersAPI::with_config(config)
        .get_user("from-env".to_string())
        .await
        .expect("sent to DD_HOST with the keys from the environment");
    assert_eq!(
        user.data.and_then(|data| data.id).as_deref(),
        Some("from-env")
    );
    // `UsersAPI::new()` reads the environment too.
    UsersAPI::new()
        .get_user("from-env".to_string())
        .await
        .expect("UsersAPI::new() uses the environment");
    let requests = received(server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.url.path(), "/api/v2/users/from-env");
    }
}

/// DD_HOST may carry a path prefix (and surrounding blanks).
async fn dd_host_may_carry_a_path_prefix(server: &MockServer) {
    std::env::set_var("DD_HOST", format!("  {}/prefix/ ", server.uri()));
    let prefixed = Configuration::new();
    assert_eq!(
        prefixed.host(),
        Some(format!("{}/prefix", server.uri()).as_str())
    );
    Mock::given(method("GET"))
        .and(path("/prefix/api/v2/users/from-env"))
        .and(header("DD-API-KEY", ENV_API_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_body("prefixed")))
        .expect(1)
        .mount(server)
        .await;
    let user = UsersAPI::with_config(prefixed)
        .get_user("from-env".to_string())
        .await
        .expect("sent under the DD_HOST path prefix");
    assert_eq!(
        user.data.and_then(|data| data.id).as_deref(),
        Some("prefixed")
    );
    assert_eq!(received(server).await.len(), 3);
}

/// A malformed DD_HOST: an error on the call, nothing sent.
async fn a_malformed_dd_host_is_an_error_and_sends_nothing(server: &MockServer) {
    let port = server.address().port();
    for bad_host in [
        "not a url".to_string(),
        format!("127.0.0.1:{port}"),
        format!("ftp://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{port}/?x=1"),
    ] {
        std::env::set_var("DD_HOST", &bad_host);
        let config = Configuration::new();
        assert_eq!(config.host(), None, "{bad_host:?} is not a usable host");
        let error = UsersAPI::with_config(config)
            .get_user("from-env".to_string())
            .await
            .expect_err("a malformed DD_HOST is an error");
        assert!(
            matches!(
                &error,
                Error::Configuration(ConfigError::InvalidHost { .. })
            ),
            "DD_HOST={bad_host:?}: {error:?}"
        );
        assert!(
            error.to_string().contains("DD_HOST"),
            "the message names DD_HOST: {error}"
        );
        assert_no_env_key(&[format!("{error:?}"), error.to_string()]);
    }
    assert_eq!(received(server).await.len(), 3, "nothing more was sent");
}

/// An unknown DD_SITE (and no DD_HOST): an error on the call, before anything is sent.
async fn an_unknown_dd_site_is_an_error_before_sending() {
    std::env::remove_var("DD_HOST");
    std::env::set_var("DD_SITE", "datadoghq.invalid");
    let start = Instant::now();
    let error = UsersAPI::new()
        .get_user("from-env".to_string())
        .await
        .expect_err("an unknown DD_SITE is an error");
    match &error {
        Error::Configuration(ConfigError::UnknownSite { site, allowed }) => {
            assert_eq!(site, "datadoghq.invalid");
            assert!(allowed.contains(&"datadoghq.eu"), "{allowed:?}");
        }
        other => panic!("expected UnknownSite, got {other:?}"),
    }
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "refused without a network round trip"
    );
    assert!(error.to_string().contains("datadoghq.invalid"), "{error}");
    assert_no_env_key(&[format!("{error:?}"), error.to_string()]);
}

/// A known site written as the web app's address is accepted.
fn a_site_written_as_the_web_app_s_address_is_accepted() {
    std::env::set_var("DD_SITE", "https://app.datadoghq.eu/");
    assert_eq!(Configuration::new().site(), Some("datadoghq.eu"));
    assert_eq!(
        Configuration::new().base_url().as_deref(),
        Ok("https://api.datadoghq.eu")
    );
}

/// An operation's method is a plain function returning a `datadog::Call`: the call is `Send`
/// and `'static` (it can be spawned and outlive the API value), sends nothing until it is
/// awaited, and its `_with_http_info` form gives the status and headers.
#[tokio::test]
async fn a_call_is_a_lazy_send_static_future() {
    fn assert_send_static<T: Send + 'static>(_: &T) {}
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/u-call"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-call", "1")
                .set_body_json(user_body("u-call")),
        )
        .mount(&server)
        .await;
    let api = UsersAPI::with_config(config(&server));
    let call: datadog::Call<_, GetUserError> = api.get_user("u-call".to_string());
    assert_send_static(&call);
    let with_info = api.get_user_with_http_info("u-call".to_string());
    assert_send_static(&with_info);
    let pages = api.list_users_with_pagination(ListUsersOptionalParams::default());
    fn assert_send<T: Send>(_: &T) {}
    assert_send(&pages);
    drop(pages);
    assert!(
        received(&server).await.is_empty(),
        "nothing is sent before an await"
    );

    // The API value is gone before the calls run.
    drop(api);
    let user = tokio::spawn(call).await.unwrap().unwrap();
    assert_eq!(user.data.unwrap().id.as_deref(), Some("u-call"));
    let response = with_info.await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.headers["x-call"], "1");
    assert_eq!(response.entity.data.unwrap().id.as_deref(), Some("u-call"));
    assert_eq!(received(&server).await.len(), 2);
}
