//! A hostile or careless server over real HTTP on 127.0.0.1 (wiremock, or a raw TCP server for
//! what wiremock cannot do): keys never leave the origin, bodies and calls are bounded,
//! pagination cannot loop, URL passwords stay hidden, cleartext is refused, connections are
//! bounded.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use datadog::{Client, ConfigError, Configuration, Error, Request};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A configuration for `base_url` with both keys, fast retries and nothing from the environment
/// that matters (host and keys are set here).
fn config_for_uri(base_url: &str) -> Configuration {
    let mut config = support::new_config();
    config.set_api_key("the-api-key");
    config.set_app_key("the-app-key");
    config.set_host(base_url).unwrap();
    config.set_retry_backoff(Duration::from_millis(1), Duration::from_secs(5));
    config
}

fn keyed_get(route: &'static str) -> Request {
    Request::new(Method::GET, "v2.X", route).security(&[&["apiKeyAuth", "appKeyAuth"]])
}

/// Reads one HTTP/1.1 request head (up to the blank line).
async fn read_head(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
}

/// A raw server on 127.0.0.1: for each connection, reads a request head and runs `respond`.
async fn raw_server<F, Fut>(respond: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let respond = Arc::new(respond);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let respond = respond.clone();
            tokio::spawn(async move {
                read_head(&mut stream).await;
                respond(stream).await;
            });
        }
    });
    format!("http://{address}")
}

// ---------------------------------------------------------------------------------------
// 1. Keys never reach another origin, whatever client the caller passes in.

#[tokio::test]
async fn a_callers_client_follows_no_redirect_to_another_origin() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&elsewhere)
        .await;
    Mock::given(path("/get"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/steal", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    Mock::given(path("/post"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("Location", format!("{}/steal", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    // A caller's builder that follows every redirect, as reqwest's default does.
    let builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(10));
    let client = Client::with_http_client(config_for_uri(&server.uri()), builder);

    let get = client.execute::<Value, Value>(keyed_get("/get")).await;
    assert!(
        matches!(&get, Err(Error::ResponseError(r)) if r.status == 302),
        "{get:?}"
    );
    let post = Request::new(Method::POST, "v2.X", "/post")
        .json_body(&json!({"secret": "body"}))
        .security(&[&["apiKeyAuth", "appKeyAuth"]]);
    let post = client.execute::<Value, Value>(post).await;
    assert!(
        matches!(&post, Err(Error::ResponseError(r)) if r.status == 307),
        "{post:?}"
    );
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------
// 2. Response size

#[tokio::test]
async fn an_endless_body_stops_at_the_limit_with_a_bounded_prefix() {
    // Chunked, never ending: 64 KiB chunks of 'x' for as long as the client reads.
    let base = raw_server(|mut stream| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
        while stream.write_all(chunk.as_bytes()).await.is_ok() {}
    })
    .await;
    let mut config = config_for_uri(&base);
    config.set_max_response_size(1024 * 1024);
    let start = Instant::now();
    let result = Client::new(config)
        .execute::<Value, Value>(keyed_get("/endless"))
        .await;
    match result {
        Err(Error::ResponseTooLarge {
            status,
            limit,
            prefix,
        }) => {
            assert_eq!(status, 200);
            assert_eq!(limit, 1024 * 1024);
            assert!(
                !prefix.is_empty() && prefix.len() <= 4096,
                "{}",
                prefix.len()
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn an_announced_oversized_body_is_refused_at_once() {
    // Announces 2 GB, sends 10 bytes, then stalls: the client must not wait for the rest.
    let base = raw_server(|mut stream| async move {
        let head =
            "HTTP/1.1 500 Internal Server Error\r\ncontent-length: 2000000000\r\n\r\n0123456789";
        let _ = stream.write_all(head.as_bytes()).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let mut config = config_for_uri(&base);
    config.set_retry(false, 0);
    config.set_max_response_size(1000);
    let start = Instant::now();
    match Client::new(config)
        .execute::<Value, Value>(keyed_get("/big"))
        .await
    {
        Err(Error::ResponseTooLarge { status, prefix, .. }) => {
            assert_eq!(status, 500);
            assert_eq!(prefix, "0123456789");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn limits_have_documented_defaults() {
    let config = support::new_config();
    assert_eq!(config.max_response_size(), 32 * 1024 * 1024);
    assert_eq!(config.timeout(), Some(Duration::from_secs(60)));
    assert_eq!(config.total_timeout(), Some(Duration::from_secs(180)));
    assert_eq!(config.max_connections_per_host(), 32);
    assert!(!config.allow_insecure_http());
}

// ---------------------------------------------------------------------------------------
// 3. Timeouts

#[tokio::test]
async fn a_trickling_body_times_out_the_attempt() {
    // One byte every 100 ms of a 1000-byte body.
    let base = raw_server(|mut stream| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n";
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        for _ in 0..1000 {
            if stream.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    let mut config = config_for_uri(&base);
    config.set_timeout(Some(Duration::from_millis(500)));
    let start = Instant::now();
    let result = Client::new(config)
        .execute::<Value, Value>(keyed_get("/slow"))
        .await;
    assert!(
        matches!(result, Err(Error::AttemptTimeout { .. })),
        "{result:?}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn the_total_timeout_bounds_retries_and_their_waits() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .mount(&server)
        .await;
    let mut config = config_for_uri(&server.uri());
    config.set_total_timeout(Some(Duration::from_millis(1500)));
    let start = Instant::now();
    let result = Client::new(config)
        .execute::<Value, Value>(keyed_get("/limited"))
        .await;
    // The second wait would end past the deadline: the 429 is returned instead.
    assert!(
        matches!(&result, Err(Error::ResponseError(r)) if r.status == 429),
        "{result:?}"
    );
    assert!(
        start.elapsed() < Duration::from_millis(1500),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_total_timeout_ends_a_slow_attempt() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let mut config = config_for_uri(&server.uri());
    config.set_total_timeout(Some(Duration::from_millis(300)));
    let start = Instant::now();
    let result = Client::new(config)
        .execute::<Value, Value>(keyed_get("/slow"))
        .await;
    assert!(
        matches!(result, Err(Error::CallTimeout { .. })),
        "{result:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(2));
}

// ---------------------------------------------------------------------------------------
// 5. URL passwords

#[tokio::test]
async fn url_passwords_are_redacted_in_errors_and_debug() {
    // Nothing listens on port 9 of 127.0.0.1 (discard): the connection is refused.
    let mut config = config_for_uri("http://someone:hunter2-secret@127.0.0.1:9");
    config.set_proxy_url(Some(
        "http://proxyuser:proxy-secret@127.0.0.1:9".to_string(),
    ));
    let client = Client::new(config.clone());
    let error = client
        .execute::<Value, Value>(keyed_get("/x"))
        .await
        .unwrap_err();
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{config:?}"),
        format!("{client:?}"),
    ] {
        assert!(!text.contains("hunter2-secret"), "{text}");
        assert!(!text.contains("proxy-secret"), "{text}");
    }
    // Refused cleartext and malformed URLs do not show it either.
    let mut config = support::new_config();
    let error = config
        .set_host("http://someone:hunter2-secret@[::1")
        .unwrap_err();
    assert!(!format!("{error} {error:?}").contains("hunter2-secret"));
    config
        .set_host("http://someone:hunter2-secret@example.com")
        .unwrap();
    let error = config.base_url().unwrap_err();
    assert!(!format!("{error} {error:?}").contains("hunter2-secret"));
    // A server template whose substituted URL is not usable.
    let mut templated = support::new_config();
    templated.set_server_index(1);
    templated.set_server_variable("name", "someone:hunter2-secret@bad host");
    let error = templated.base_url().unwrap_err();
    assert!(
        matches!(error, ConfigError::InvalidBaseUrl { .. }),
        "{error:?}"
    );
    assert!(
        !format!("{error} {error:?}").contains("hunter2-secret"),
        "{error:?}"
    );
}

// ---------------------------------------------------------------------------------------
// 6. Cleartext

#[tokio::test]
async fn plain_http_to_a_remote_host_is_refused_unless_allowed() {
    let mut config = support::new_config();
    config.set_api_key("the-api-key");
    config.set_host("http://api.example.com").unwrap();
    match config.base_url() {
        Err(ConfigError::InsecureHttp { url }) => assert_eq!(url, "http://api.example.com"),
        other => panic!("unexpected {other:?}"),
    }
    // Through the server template too.
    let mut templated = support::new_config();
    templated.set_server_index(1);
    templated.set_server_variable("protocol", "http");
    assert!(matches!(
        templated.base_url(),
        Err(ConfigError::InsecureHttp { .. })
    ));
    // A call fails without sending anything (the host does not resolve either way).
    let result = Client::new(config.clone())
        .execute::<Value, Value>(keyed_get("/x"))
        .await;
    assert!(
        matches!(
            result,
            Err(Error::Configuration(ConfigError::InsecureHttp { .. }))
        ),
        "{result:?}"
    );
    config.set_allow_insecure_http(true);
    assert_eq!(config.base_url().unwrap(), "http://api.example.com");
    // Loopback needs no opt-in.
    for host in [
        "http://127.0.0.1:8080",
        "http://localhost:1",
        "http://[::1]:2",
        "https://api.example.com",
    ] {
        let mut config = support::new_config();
        config.set_host(host).unwrap();
        assert!(config.base_url().is_ok(), "{host}");
    }
}

// ---------------------------------------------------------------------------------------
// 7. Connections

#[tokio::test]
async fn concurrent_calls_share_a_bounded_number_of_connections() {
    let open = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (open_in, most_in) = (open.clone(), most.clone());
    let base = raw_server(move |mut stream| {
        let (open, most) = (open_in.clone(), most_in.clone());
        async move {
            let now = open.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            let response = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
            let _ = stream.write_all(response.as_bytes()).await;
            let _ = stream.shutdown().await;
            drop(stream);
            open.fetch_sub(1, Ordering::SeqCst);
        }
    })
    .await;
    let mut config = config_for_uri(&base);
    config.set_max_connections_per_host(4);
    let client = Client::new(config);
    let calls = (0..60).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.execute::<Value, Value>(keyed_get("/c")).await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().unwrap();
    }
    let most = most.load(Ordering::SeqCst);
    assert!((1..=4).contains(&most), "{most} connections at once");
}
