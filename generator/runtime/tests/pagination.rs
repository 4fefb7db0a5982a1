//! Pagination streams: laziness, stop conditions, errors, and a run over HTTP.

mod support;

use std::cell::RefCell;
use std::time::Duration;

use datadog::{paginate_by_cursor, paginate_by_page_number, APIKey, Client, Error, Request};
use futures_util::{pin_mut, StreamExt, TryStreamExt};
use reqwest::Method;
use serde_json::{json, Value};
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Debug, Default)]
struct Params {
    page_size: Option<i64>,
    page_number: Option<i64>,
    cursor: Option<String>,
}

/// A page-number fetch over `total` items, recording the pages requested.
fn pages(
    total: usize,
    log: &RefCell<Vec<i64>>,
) -> impl FnMut(Params) -> std::future::Ready<Result<Vec<usize>, Error<Value>>> + '_ {
    move |params: Params| {
        let size = params.page_size.unwrap() as usize;
        let number = params.page_number.unwrap();
        log.borrow_mut().push(number);
        let start = (number as usize * size).min(total);
        let end = (start + size).min(total);
        std::future::ready(Ok((start..end).collect()))
    }
}

async fn run_page_number(total: usize, size: i64, log: &RefCell<Vec<i64>>) -> Vec<usize> {
    let params = Params {
        page_size: Some(size),
        ..Default::default()
    };
    let stream = paginate_by_page_number(
        params,
        size as usize,
        |params, page| params.page_number = Some(page as i64),
        pages(total, log),
        |response: Vec<usize>| (response, None),
    );
    stream.try_collect().await.unwrap()
}

#[tokio::test]
async fn page_number_stops_on_short_or_empty_page() {
    let log = RefCell::new(Vec::new());
    assert_eq!(run_page_number(5, 2, &log).await, vec![0, 1, 2, 3, 4]);
    assert_eq!(*log.borrow(), vec![0, 1, 2]);

    let log = RefCell::new(Vec::new());
    assert_eq!(run_page_number(4, 2, &log).await, vec![0, 1, 2, 3]);
    assert_eq!(*log.borrow(), vec![0, 1, 2]);

    let log = RefCell::new(Vec::new());
    assert_eq!(run_page_number(0, 2, &log).await, Vec::<usize>::new());
    assert_eq!(*log.borrow(), vec![0]);
}

#[tokio::test]
async fn page_number_requests_lazily() {
    let log = RefCell::new(Vec::new());
    let params = Params {
        page_size: Some(2),
        ..Default::default()
    };
    let stream = paginate_by_page_number(
        params,
        2,
        |params, page| params.page_number = Some(page as i64),
        pages(100, &log),
        |response: Vec<usize>| (response, None),
    );
    pin_mut!(stream);
    assert_eq!(stream.next().await.unwrap().unwrap(), 0);
    assert_eq!(*log.borrow(), vec![0]);
    assert_eq!(stream.next().await.unwrap().unwrap(), 1);
    assert_eq!(*log.borrow(), vec![0]);
    assert_eq!(stream.next().await.unwrap().unwrap(), 2);
    assert_eq!(*log.borrow(), vec![0, 1]);
}

#[tokio::test]
async fn page_number_error_is_yielded_once_and_ends() {
    let calls = RefCell::new(0);
    let stream = paginate_by_page_number(
        Params::default(),
        2,
        |params, page| params.page_number = Some(page as i64),
        |params: Params| {
            *calls.borrow_mut() += 1;
            std::future::ready(match params.page_number {
                Some(0) => Ok(vec![1, 2]),
                _ => Err(Error::<Value>::UnstableOperationDisabledError(
                    "boom".into(),
                )),
            })
        },
        |response: Vec<i32>| (response, None),
    );
    let items: Vec<Result<i32, Error<Value>>> = stream.collect().await;
    assert_eq!(items.len(), 3);
    assert!(matches!(items[0], Ok(1)));
    assert!(matches!(items[1], Ok(2)));
    assert!(matches!(
        items[2],
        Err(Error::UnstableOperationDisabledError(_))
    ));
    assert_eq!(*calls.borrow(), 2);
}

/// A cursor fetch: `pages` maps a cursor (None for the first page) to (items, next cursor).
async fn run_cursor(
    pages: &[(Option<&str>, Vec<i32>, Option<&str>)],
) -> (Vec<i32>, Vec<Option<String>>) {
    let (items, seen, error) = run_cursor_to_end(pages).await;
    if let Some(error) = error {
        panic!("{error}");
    }
    (items, seen)
}

/// Like [`run_cursor`], keeping the error that ends the stream, if any.
async fn run_cursor_to_end(
    pages: &[(Option<&str>, Vec<i32>, Option<&str>)],
) -> (Vec<i32>, Vec<Option<String>>, Option<Error<Value>>) {
    let seen = RefCell::new(Vec::new());
    let stream = paginate_by_cursor(
        Params::default(),
        |params, cursor| params.cursor = Some(cursor),
        |params: Params| {
            seen.borrow_mut().push(params.cursor.clone());
            let page = pages
                .iter()
                .find(|(cursor, _, _)| cursor.map(str::to_string) == params.cursor)
                .expect("unexpected cursor");
            std::future::ready(Ok::<_, Error<Value>>((
                page.1.clone(),
                page.2.map(str::to_string),
            )))
        },
        |response: (Vec<i32>, Option<String>)| response,
    );
    let results: Vec<Result<i32, Error<Value>>> = stream.collect().await;
    let mut items = Vec::new();
    let mut error = None;
    for result in results {
        match result {
            Ok(item) => items.push(item),
            Err(end) => error = Some(end),
        }
    }
    (items, seen.into_inner(), error)
}

#[tokio::test]
async fn cursor_follows_until_no_cursor() {
    let (items, seen) = run_cursor(&[
        (None, vec![1, 2], Some("c1")),
        (Some("c1"), vec![3], Some("c2")),
        (Some("c2"), vec![4, 5], None),
    ])
    .await;
    assert_eq!(items, vec![1, 2, 3, 4, 5]);
    assert_eq!(seen, vec![None, Some("c1".into()), Some("c2".into())]);
}

#[tokio::test]
async fn cursor_stops_on_empty_cursor_or_empty_page() {
    let (items, seen) = run_cursor(&[(None, vec![1], Some("")), (Some(""), vec![9], None)]).await;
    assert_eq!((items, seen.len()), (vec![1], 1));
    let (items, seen) =
        run_cursor(&[(None, vec![], Some("c1")), (Some("c1"), vec![9], None)]).await;
    assert_eq!((items, seen.len()), (vec![], 1));
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error() {
    // The same cursor again at once, and a loop A, B, A.
    for pages in [
        vec![(None, vec![1], Some("a")), (Some("a"), vec![2], Some("a"))],
        vec![
            (None, vec![1], Some("a")),
            (Some("a"), vec![2], Some("b")),
            (Some("b"), vec![3], Some("a")),
        ],
    ] {
        let (items, seen, error) = run_cursor_to_end(&pages).await;
        assert_eq!(items.len(), pages.len());
        assert_eq!(seen.len(), pages.len());
        match error {
            Some(Error::Pagination { reason }) => assert!(reason.contains("\"a\""), "{reason}"),
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_page_number_the_server_ignores_ends_the_stream_with_an_error() {
    // Every page is the first page, full, with no page size known.
    let calls = RefCell::new(0);
    let stream = paginate_by_page_number(
        Params::default(),
        0,
        |params, page| params.page_number = Some(page as i64),
        |_params: Params| {
            *calls.borrow_mut() += 1;
            std::future::ready(Ok::<_, Error<Value>>(vec![1, 2, 3]))
        },
        |response: Vec<i32>| (response, None),
    );
    let results: Vec<Result<i32, Error<Value>>> = stream.take(100).collect().await;
    assert_eq!(results.len(), 4, "{results:?}");
    assert!(
        matches!(&results[3], Err(Error::Pagination { .. })),
        "{results:?}"
    );
    assert_eq!(*calls.borrow(), 2);
}

#[tokio::test]
async fn an_unknown_page_size_is_taken_from_the_first_page() {
    // 7 items, pages of 3 decided by the server: stops after the short page, not at an empty one.
    let log = RefCell::new(Vec::new());
    let stream = paginate_by_page_number(
        Params::default(),
        0,
        |params, page| params.page_number = Some(page as i64),
        |params: Params| {
            let number = params.page_number.unwrap() as usize;
            log.borrow_mut().push(number);
            let start = (number * 3).min(7);
            std::future::ready(Ok::<_, Error<Value>>((start..(start + 3).min(7)).collect()))
        },
        |response: Vec<usize>| (response, None),
    );
    let items: Vec<usize> = stream.try_collect().await.unwrap();
    assert_eq!(items, (0..7).collect::<Vec<_>>());
    assert_eq!(*log.borrow(), vec![0, 1, 2]);
}

#[tokio::test]
async fn cursor_error_is_yielded_once_and_ends() {
    let stream = paginate_by_cursor(
        Params::default(),
        |params, cursor| params.cursor = Some(cursor),
        |params: Params| {
            std::future::ready(match params.cursor {
                None => Ok((vec![1], Some("next".to_string()))),
                Some(_) => Err(Error::<Value>::InvalidParameter {
                    name: "x".into(),
                    reason: "y".into(),
                }),
            })
        },
        |response: (Vec<i32>, Option<String>)| response,
    );
    let items: Vec<_> = stream.collect().await;
    assert_eq!(items.len(), 2);
    assert!(items[1].is_err());
}

/// What the generated API struct looks like, enough to paginate over HTTP.
struct UsersAPI {
    client: Client,
}

impl UsersAPI {
    async fn list_users(&self, params: Params) -> Result<Value, Error<Value>> {
        let request = Request::new(Method::GET, "v2.ListUsers", "/api/v2/users")
            .query("page[size]", &params.page_size)
            .query("page[number]", &params.page_number)
            .security(&[&["apiKeyAuth", "appKeyAuth"]]);
        self.client
            .execute(request)
            .await
            .map(|response| response.entity)
    }

    fn list_users_with_pagination(
        &self,
        mut params: Params,
    ) -> impl futures_util::Stream<Item = Result<Value, Error<Value>>> + '_ {
        let page_size = *params.page_size.get_or_insert(2);
        paginate_by_page_number(
            params,
            page_size as usize,
            |params, page| params.page_number = Some(page as i64),
            move |params| self.list_users(params),
            |response: Value| match response {
                Value::Object(mut map) => match map.remove("data") {
                    Some(Value::Array(items)) => (items, None),
                    _ => (Vec::new(), None),
                },
                _ => (Vec::new(), None),
            },
        )
    }
}

#[tokio::test]
async fn page_number_over_http() {
    let server = MockServer::start().await;
    for (page, data) in [
        ("0", json!([1, 2])),
        ("1", json!([3, 4])),
        ("2", json!([5])),
    ] {
        Mock::given(path("/api/v2/users"))
            .and(query_param("page[size]", "2"))
            .and(query_param("page[number]", page))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": data })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let mut config = support::new_config();
    config.set_host(&server.uri()).unwrap();
    config.set_auth_key("apiKeyAuth", APIKey::default());
    config.set_retry_backoff(Duration::from_millis(1), Duration::from_secs(1));
    let api = UsersAPI {
        client: Client::new(config),
    };
    let items: Vec<Value> = api
        .list_users_with_pagination(Params::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        items,
        vec![json!(1), json!(2), json!(3), json!(4), json!(5)]
    );
    // The stream is Send, so it can be driven from a spawned task.
    fn assert_send<T: Send>(_: &T) {}
    assert_send(&api.list_users_with_pagination(Params::default()));
}

/// A hostile server: every page is full and new, and announces `totals[page]` items in all.
async fn walk_with_totals(totals: &[Option<i64>]) -> (Vec<usize>, Vec<usize>) {
    let log = RefCell::new(Vec::new());
    let stream = paginate_by_page_number(
        Params::default(),
        3,
        |params, page| params.page_number = Some(page as i64),
        |params: Params| {
            let number = params.page_number.unwrap() as usize;
            log.borrow_mut().push(number);
            let total = totals.get(number).copied().flatten();
            let items: Vec<usize> = (number * 3..number * 3 + 3).collect();
            std::future::ready(Ok::<_, Error<Value>>((items, total)))
        },
        |response: (Vec<usize>, Option<i64>)| response,
    );
    let items: Vec<usize> = stream.take(1000).try_collect().await.unwrap();
    let log = log.into_inner();
    (items, log)
}

#[tokio::test]
async fn a_page_number_walk_stops_at_the_announced_total() {
    // Full pages forever, 10 items announced: the fourth page reaches the total.
    let (items, log) = walk_with_totals(&[Some(10); 100]).await;
    assert_eq!(log, vec![0, 1, 2, 3]);
    assert_eq!(items, (0..12).collect::<Vec<_>>());
    // An exact total needs no last, empty page.
    let (items, log) = walk_with_totals(&[Some(6); 100]).await;
    assert_eq!((items.len(), log), (6, vec![0, 1]));
}

#[tokio::test]
async fn the_smallest_total_announced_bounds_the_walk() {
    // A total that grows on every page is held to the smallest one seen.
    let growing: Vec<Option<i64>> = (0..100).map(|page| Some(4 + page * 3)).collect();
    let (_, log) = walk_with_totals(&growing).await;
    assert_eq!(log, vec![0, 1]);
    // A page without a total, or a negative one, keeps the total known so far.
    let (_, log) = walk_with_totals(&[None, Some(9), None, Some(-1), None]).await;
    assert_eq!(log, vec![0, 1, 2]);
    // Without any total, the walk goes on while pages are full (here up to the take limit).
    let (items, _) = walk_with_totals(&[]).await;
    assert_eq!(items.len(), 1000);
}
