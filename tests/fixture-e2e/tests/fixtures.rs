//! End-to-end tests of code generated from fixtures, for constructs `spec/` does not use:
//! bodies that are not JSON (`fixtures/media_types.yaml`, `multipart_shapes.yaml`), a cursor
//! in the request body (`pagination_body_cursor.yaml`), walks bounded by a documented total
//! (`pagination_total.yaml`) and versions with servers of their own
//! (`version_servers_first.yaml`, `version_servers_second.yaml`). Each call goes over real HTTP to wiremock on 127.0.0.1, which
//! records the request as the server saw it.

#![allow(non_snake_case)]

use fixture_e2e::datadog::{ConfigError, Configuration, Error};
use fixture_e2e::datadogMediaTypes::api_media::*;
use fixture_e2e::datadogMediaTypes::model::*;
use fixture_e2e::datadogMultipartShapes::api_uploads::*;
use fixture_e2e::datadogMultipartShapes::model::GalleryForm;
use fixture_e2e::datadogPaginationBodyCursor::api_search::*;
use fixture_e2e::datadogPaginationBodyCursor::model::{
    EventsRequest, Page, SpansRequest, SpansRequestData, SpansRequestDataAttributes,
};
use fixture_e2e::datadogPaginationTotal::api_records::*;
use fixture_e2e::datadogVersionServersFirst::api_things::ThingsAPI as FirstThingsAPI;
use fixture_e2e::datadogVersionServersSecond::api_things::ThingsAPI as SecondThingsAPI;
use futures_util::{pin_mut, StreamExt, TryStreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn config(server: &MockServer) -> Configuration {
    let mut config = Configuration::new();
    config.set_host(&server.uri()).expect("a valid host");
    config.set_retry_backoff(Duration::from_millis(5), Duration::from_millis(50));
    config
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn header<'r>(request: &'r Request, name: &str) -> &'r str {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().unwrap())
        .unwrap_or_else(|| panic!("no {name} header"))
}

async fn mount(server: &MockServer, verb: &str, route: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .mount(server)
        .await;
}

/// A part of a multipart body: (name, file name, Content-Type, content).
type Part = (String, Option<String>, Option<String>, Vec<u8>);

/// The parts of a multipart body, in order.
fn multipart_parts(request: &Request) -> Vec<Part> {
    let content_type = header(request, "content-type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut parts = Vec::new();
    let positions: Vec<usize> = (0..body.len())
        .filter(|&i| body[i..].starts_with(delimiter.as_bytes()))
        .collect();
    for window in positions.windows(2) {
        let part = &body[window[0] + delimiter.len() + 2..window[1] - 2];
        let split = (0..part.len())
            .find(|&i| part[i..].starts_with(b"\r\n\r\n"))
            .expect("part headers");
        let headers = String::from_utf8(part[..split].to_vec()).unwrap();
        let value = |key: &str| {
            headers.split("; ").find_map(|field| {
                field
                    .strip_prefix(&format!("{key}=\""))
                    .map(|rest| rest.split('"').next().unwrap().to_string())
            })
        };
        let part_type = headers
            .lines()
            .find_map(|line| line.strip_prefix("Content-Type: "))
            .or_else(|| {
                headers
                    .lines()
                    .find_map(|l| l.strip_prefix("content-type: "))
            })
            .map(str::to_string);
        parts.push((
            value("name").expect("a part name"),
            value("filename"),
            part_type,
            part[split + 4..].to_vec(),
        ));
    }
    parts
}

#[tokio::test]
async fn multipart_upload_sends_file_and_text_parts_and_retries_them_whole() {
    let server = MockServer::start().await;
    // The first attempt gets a 503: the retry must send the same form again.
    Mock::given(method("POST"))
        .and(path("/api/v1/upload"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let ok = ResponseTemplate::new(200).set_body_json(json!({"status": "stored"}));
    mount(&server, "POST", "/api/v1/upload", ok).await;
    let file = vec![0xff, 0x00, b'<', b'x', b'/', b'>', 0x80];
    let form = MetadataForm::new(file.clone())
        .labels(vec!["a".into(), "b c".into()])
        .name("idp".into())
        .version(3);
    let accepted = MediaAPI::with_config(config(&server))
        .upload_metadata(form)
        .await
        .expect("uploaded");
    assert_eq!(accepted.status.as_deref(), Some("stored"));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    let expected = vec![
        (
            "idp_file".to_string(),
            Some("idp_file".to_string()),
            Some("application/xml".to_string()),
            file,
        ),
        ("labels".into(), None, None, b"a".to_vec()),
        ("labels".into(), None, None, b"b c".to_vec()),
        ("name".into(), None, None, b"idp".to_vec()),
        ("version".into(), None, None, b"3".to_vec()),
    ];
    for request in &requests {
        // No signature part: the optional file is absent.
        assert_eq!(multipart_parts(request), expected);
    }
}

#[tokio::test]
async fn a_form_body_is_sent_urlencoded() {
    let server = MockServer::start().await;
    mount(&server, "POST", "/api/v1/form", ResponseTemplate::new(204)).await;
    let form = Subscription::new("a b@x.io".into())
        .frequency(7)
        .topics(vec!["x".into(), "y&z".into()]);
    MediaAPI::with_config(config(&server))
        .submit_form(form)
        .await
        .expect("sent");
    let request = &received(&server).await[0];
    assert_eq!(
        header(request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        "email=a%20b%40x.io&frequency=7&topics=x&topics=y%26z"
    );
}

#[tokio::test]
async fn text_plain_goes_as_a_string_and_comes_back_as_one() {
    let server = MockServer::start().await;
    let reply = ResponseTemplate::new(200).set_body_raw("HELLO, WORLD", "text/plain");
    mount(&server, "POST", "/api/v1/note", reply).await;
    let api = MediaAPI::with_config(config(&server));
    let note = api
        .echo_note(EchoNoteOptionalParams::default().body("hello, world".into()))
        .await
        .expect("echoed");
    assert_eq!(note, "HELLO, WORLD");
    let request = &received(&server).await[0];
    assert_eq!(header(request, "content-type"), "text/plain");
    assert_eq!(header(request, "accept"), "text/plain");
    assert_eq!(request.body, b"hello, world");

    // Without the optional body, nothing is sent; a reply that is not UTF-8 is a decode error.
    server.reset().await;
    let bad = ResponseTemplate::new(200).set_body_raw(vec![0xc3, 0x28], "text/plain");
    mount(&server, "POST", "/api/v1/note", bad).await;
    match api.echo_note(EchoNoteOptionalParams::default()).await {
        Err(Error::ResponseDecode { source, .. }) => {
            assert!(source.to_string().contains("UTF-8"), "{source}")
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let request = &received(&server).await[0];
    assert!(request.body.is_empty());
    assert!(request.headers.get("content-type").is_none());
}

#[tokio::test]
async fn json_is_chosen_among_several_media_types_and_text_json_decodes_as_json() {
    let server = MockServer::start().await;
    let reply = ResponseTemplate::new(202).set_body_raw(r#"{"status":"ok"}"#, "text/json");
    mount(&server, "POST", "/api/v1/intake", reply).await;
    let api = MediaAPI::with_config(config(&server));
    let accepted = api
        .submit_points(Points::new().points(vec![1.5, 2.0]))
        .await
        .expect("accepted");
    assert_eq!(accepted.status.as_deref(), Some("ok"));
    let request = &received(&server).await[0];
    assert_eq!(header(request, "content-type"), "application/json");
    assert_eq!(header(request, "accept"), "application/json");
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(sent, json!({"points": [1.5, 2.0]}));

    // A documented error in text/json is typed.
    server.reset().await;
    let problem =
        ResponseTemplate::new(400).set_body_raw(r#"{"errors":["bad point"]}"#, "text/json");
    mount(&server, "POST", "/api/v1/intake", problem).await;
    match api.submit_points(Points::new()).await {
        Err(Error::ResponseError(content)) => assert_eq!(
            content.entity,
            Some(SubmitPointsError::Status400(Problem::new(vec![
                "bad point".into()
            ])))
        ),
        other => panic!("expected the 400, got {other:?}"),
    }
}

#[tokio::test]
async fn octet_stream_bytes_go_and_come_back_unchanged() {
    let server = MockServer::start().await;
    let reply =
        ResponseTemplate::new(200).set_body_raw(vec![0xffu8, 2, 1, 0], "application/octet-stream");
    mount(&server, "PUT", "/api/v1/blob", reply).await;
    let bytes = MediaAPI::with_config(config(&server))
        .put_blob(vec![0, 1, 2, 0xff])
        .await
        .expect("stored");
    assert_eq!(bytes, vec![0xff, 2, 1, 0]);
    let request = &received(&server).await[0];
    assert_eq!(header(request, "content-type"), "application/octet-stream");
    assert_eq!(header(request, "accept"), "application/octet-stream");
    assert_eq!(request.body, vec![0, 1, 2, 0xff]);
}

#[tokio::test]
async fn the_first_media_type_is_used_when_none_is_json() {
    let server = MockServer::start().await;
    mount(&server, "POST", "/api/v1/logs", ResponseTemplate::new(202)).await;
    MediaAPI::with_config(config(&server))
        .submit_raw_logs(b"line one\nline two".to_vec())
        .await
        .expect("sent");
    let request = &received(&server).await[0];
    assert_eq!(header(request, "content-type"), "application/logplex-1");
    assert_eq!(request.body, b"line one\nline two");
}

#[tokio::test]
async fn zip_csv_and_yaml_responses_are_bytes_within_the_size_limit() {
    let server = MockServer::start().await;
    let zip = vec![b'P', b'K', 3, 4, 0, 0xff];
    let archive = ResponseTemplate::new(200).set_body_raw(zip.clone(), "application/zip");
    mount(&server, "GET", "/api/v1/archive", archive).await;
    let csv = ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv");
    mount(&server, "GET", "/api/v1/report", csv).await;
    let yaml = ResponseTemplate::new(200).set_body_raw("rules: []\n", "application/yaml");
    mount(&server, "GET", "/api/v1/policy", yaml).await;
    let mut configuration = config(&server);
    let api = MediaAPI::with_config(configuration.clone());
    assert_eq!(api.get_archive().await.unwrap(), zip);
    assert_eq!(api.get_report().await.unwrap(), b"a,b\n1,2\n");
    assert_eq!(api.get_policy().await.unwrap(), b"rules: []\n");
    let accepts: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| header(r, "accept").to_string())
        .collect();
    assert_eq!(accepts, ["application/zip", "text/csv", "application/yaml"]);

    configuration.set_max_response_size(4);
    match MediaAPI::with_config(configuration).get_archive().await {
        Err(Error::ResponseTooLarge { limit: 4, .. }) => {}
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
}

/// A search server: pages of one event each, cursors "c1", "c2", then a last page without
/// one. The cursor is read from the request body at `pointer` (absent on the first page).
fn search_pages(pointer: &'static str) -> impl Fn(&Request) -> ResponseTemplate {
    move |request: &Request| {
        let body: Value = if request.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&request.body).unwrap()
        };
        let cursor = body.pointer(pointer).and_then(Value::as_str);
        let (id, after) = match cursor {
            None => ("e1", Some("c1")),
            Some("c1") => ("e2", Some("c2")),
            Some("c2") => ("e3", None),
            Some(other) => panic!("unexpected cursor {other}"),
        };
        let mut response = json!({"data": [{"id": id}], "meta": {"page": {}}});
        if let Some(after) = after {
            response["meta"]["page"]["after"] = json!(after);
        }
        ResponseTemplate::new(200).set_body_json(response)
    }
}

async fn ids<
    S: futures_util::Stream<Item = Result<E, Error<X>>>,
    E: serde::Serialize,
    X: std::fmt::Debug,
>(
    stream: S,
) -> Vec<String> {
    pin_mut!(stream);
    let mut ids = Vec::new();
    while let Some(item) = stream.next().await {
        let item = serde_json::to_value(item.expect("a page")).unwrap();
        ids.push(item["id"].as_str().unwrap().to_string());
    }
    ids
}

fn bodies(requests: &[Request]) -> Vec<Value> {
    requests
        .iter()
        .map(|r| {
            if r.body.is_empty() {
                Value::Null
            } else {
                serde_json::from_slice(&r.body).unwrap()
            }
        })
        .collect()
}

#[tokio::test]
async fn a_cursor_in_a_required_body_is_set_deep_inside_it_for_each_next_page() {
    let server = MockServer::start().await;
    let pages = search_pages("/data/attributes/page/cursor");
    Mock::given(method("POST"))
        .and(path("/api/v1/spans/search"))
        .respond_with(pages)
        .mount(&server)
        .await;
    let api = SearchAPI::with_config(config(&server));
    let body = SpansRequest::new().data(
        SpansRequestData::new().attributes(SpansRequestDataAttributes::new().query("q".into())),
    );
    let found =
        ids(api
            .search_spans_with_pagination(body, SearchSpansOptionalParams::default().trace(true)))
        .await;
    assert_eq!(found, ["e1", "e2", "e3"]);
    let requests = received(&server).await;
    assert_eq!(
        bodies(&requests),
        [
            json!({"data": {"attributes": {"query": "q"}}}),
            json!({"data": {"attributes": {"query": "q", "page": {"cursor": "c1"}}}}),
            json!({"data": {"attributes": {"query": "q", "page": {"cursor": "c2"}}}}),
        ]
    );
    // The optional parameters go with every page.
    assert!(requests.iter().all(|r| r.url.query() == Some("trace=true")));
}

#[tokio::test]
async fn a_cursor_in_an_optional_body_creates_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/events/search"))
        .respond_with(search_pages("/page/cursor"))
        .mount(&server)
        .await;
    let api = SearchAPI::with_config(config(&server));
    let found = ids(api.search_events_with_pagination(SearchEventsOptionalParams::default())).await;
    assert_eq!(found, ["e1", "e2", "e3"]);
    assert_eq!(
        bodies(&received(&server).await),
        [
            Value::Null,
            json!({"page": {"cursor": "c1"}}),
            json!({"page": {"cursor": "c2"}}),
        ]
    );

    // A body without optional parameters: the page size given is kept beside the cursor.
    Mock::given(method("POST"))
        .and(path("/api/v1/tests/search"))
        .respond_with(search_pages("/page/cursor"))
        .mount(&server)
        .await;
    let body = EventsRequest::new().page(Page::new().limit(1));
    let found = ids(api.search_tests_with_pagination(body)).await;
    assert_eq!(found, ["e1", "e2", "e3"]);
    let requests = received(&server).await;
    assert_eq!(
        bodies(&requests[3..]),
        [
            json!({"page": {"limit": 1}}),
            json!({"page": {"limit": 1, "cursor": "c1"}}),
            json!({"page": {"limit": 1, "cursor": "c2"}}),
        ]
    );
}

/// A hostile server: every page is full (`size` new records) and says there are `total` in
/// all at `meta.page.total_filtered_count`, `meta.pagination.total` and `meta.page.total`.
fn endless_pages(size: usize, total: i64) -> impl Fn(&Request) -> ResponseTemplate {
    move |request: &Request| {
        let n = received_count(request);
        let data: Vec<Value> = (0..size)
            .map(|i| json!({"id": format!("{n}-{i}")}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "data": data,
            "meta": {
                "page": {"total_filtered_count": total, "total_count": total * 10, "total": total},
                "pagination": {"total": total},
            },
        }))
    }
}

/// The page a request asks for, from its query (number or offset), to make every page new.
fn received_count(request: &Request) -> String {
    request
        .url
        .query_pairs()
        .find(|(name, _)| name.starts_with("page[number]") || name.starts_with("page[offset]"))
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_server_sending_full_pages_past_the_documented_total_is_stopped() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/records"))
        .respond_with(endless_pages(2, 5))
        .mount(&server)
        .await;
    let api = RecordsAPI::with_config(config(&server));
    let records: Vec<_> = api
        .list_records_with_pagination(ListRecordsOptionalParams::default().page_size(2))
        .try_collect()
        .await
        .expect("pages");
    // total_filtered_count (5) is reached on the third page: no fourth request.
    assert_eq!(records.len(), 6);
    assert_eq!(received(&server).await.len(), 3);

    // An offset walk bounded by the total that `totalPath` names (3, pages of 2 by default).
    Mock::given(method("GET"))
        .and(path("/api/v1/teams"))
        .respond_with(endless_pages(2, 3))
        .mount(&server)
        .await;
    let teams: Vec<_> = api
        .list_teams_with_pagination(ListTeamsOptionalParams::default())
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(teams.len(), 4);
    let offsets: Vec<String> = received(&server).await[3..]
        .iter()
        .map(received_count)
        .collect();
    assert_eq!(offsets, ["0", "2"]);
}

#[tokio::test]
async fn a_total_that_may_count_pages_does_not_bound_the_walk() {
    // ListCases's `meta.page.total` is no total of items: the walk goes on past it.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/cases"))
        .respond_with(endless_pages(10, 1))
        .mount(&server)
        .await;
    let api = RecordsAPI::with_config(config(&server));
    let cases: Vec<_> = api
        .list_cases_with_pagination(ListCasesOptionalParams::default())
        .take(35)
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(cases.len(), 35);
    assert_eq!(received(&server).await.len(), 4);
}

/// Two versions with servers of their own, neither the crate's first version: each version's
/// operations go to its own servers (no host override), with the global variables.
#[tokio::test]
async fn each_version_goes_to_its_own_servers() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_json(json!({"name": "x"}));
    mount(&server, "GET", "/first/datadoghq.eu/api/things", ok.clone()).await;
    mount(&server, "GET", "/second/datadoghq.com/api/things", ok).await;
    let mut config = Configuration::new();
    config.set_server_variable("port", server.address().port().to_string());
    config.set_server_variable("site", "datadoghq.eu");
    let first = FirstThingsAPI::with_config(config.clone());
    assert_eq!(
        first.list_things_one().await.unwrap().name.as_deref(),
        Some("x")
    );
    // The second version does not list that site: an error, not another region.
    let second = SecondThingsAPI::with_config(config.clone());
    assert!(matches!(
        second.list_things_two().await,
        Err(Error::Configuration(ConfigError::UnknownSite { .. }))
    ));
    config.set_server_variable("site", "datadoghq.com");
    let second = SecondThingsAPI::with_config(config);
    assert_eq!(
        second.list_things_two().await.unwrap().name.as_deref(),
        Some("x")
    );
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "/first/datadoghq.eu/api/things",
            "/second/datadoghq.com/api/things"
        ]
    );
}

/// An array of files is a file part per item; the properties a form's struct does not declare,
/// and the entries of a form that is a map, are text parts.
#[tokio::test]
async fn multipart_arrays_of_files_and_map_entries_are_parts() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/api/v1/gallery",
        ResponseTemplate::new(204),
    )
    .await;
    mount(
        &server,
        "POST",
        "/api/v1/labels",
        ResponseTemplate::new(204),
    )
    .await;
    let api = UploadsAPI::with_config(config(&server));
    let extra = [("album".to_string(), json!("summer"))]
        .into_iter()
        .collect();
    let form = GalleryForm::new(vec![b"one".to_vec(), vec![0xff, 0x00]])
        .thumbnails(vec![b"t".to_vec()])
        .title("beach".into())
        .additional_properties(extra);
    api.upload_gallery(form).await.expect("uploaded");
    let labels = [("env", "prod"), ("team", "a b")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    api.upload_labels(labels).await.expect("uploaded");
    let requests = received(&server).await;
    let file = |name: &str, media: &str, data: &[u8]| {
        (
            name.to_string(),
            Some(name.to_string()),
            Some(media.to_string()),
            data.to_vec(),
        )
    };
    let text = |name: &str, data: &str| (name.to_string(), None, None, data.as_bytes().to_vec());
    assert_eq!(
        multipart_parts(&requests[0]),
        vec![
            file("images", "image/png", b"one"),
            file("images", "image/png", &[0xff, 0x00]),
            file("thumbnails", "image/jpeg", b"t"),
            text("title", "beach"),
            text("album", "summer"),
        ]
    );
    assert_eq!(
        multipart_parts(&requests[1]),
        vec![text("env", "prod"), text("team", "a b")]
    );
}
