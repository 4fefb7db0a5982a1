//! Pagination: turns an operation that returns one page per call into a stream of items.
//!
//! The next page is requested only when the consumer polls past the items already received.
//! An error is yielded once and ends the stream. A server that would make a stream run
//! forever (a cursor that comes back, a page number it ignores) ends it with
//! [`Error::Pagination`]; a page-number walk also ends once it has received as many items as
//! the responses say there are in all.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::future::Future;
use std::hash::{Hash, Hasher};

use futures_util::stream::{self, Stream};
use serde::Serialize;

use super::Error;

/// The state of a pagination stream between two polls.
struct Pager<P, I, SetPage, Fetch, Extract> {
    params: P,
    /// The page to request next (page number) or the cursor to request next (`None` for the
    /// first page).
    next: Option<Next>,
    /// The items of the last page not yet yielded.
    buffered: std::vec::IntoIter<I>,
    set_page: SetPage,
    fetch: Fetch,
    extract: Extract,
    /// What identifies the pages already received: the cursors used (cursor pagination) or a
    /// hash of each page's items (page numbers).
    seen: HashSet<Seen>,
    /// The page size of a page-number walk (0 until known).
    page_size: usize,
    /// How many items a page-number walk has received, and the smallest total of items its
    /// responses announced.
    received: u64,
    total: Option<u64>,
}

/// A page already received.
#[derive(PartialEq, Eq, Hash)]
enum Seen {
    Cursor(String),
    Items(u64),
}

/// What the next request asks for.
enum Next {
    /// The first page of a cursor pagination (the parameters as given).
    First,
    /// A page number.
    Page(usize),
    /// A cursor.
    Cursor(String),
    /// Nothing: the stream ends with [`Error::Pagination`] for this reason.
    Loop(String),
}

/// Streams the items of every page of an operation paginated by page number.
///
/// `set_page(&mut params, n)` selects page `n` (from 0) before each call of `fetch`, which
/// receives a copy of the parameters; `extract` takes a response's items and the total
/// number of items it announces, if any. The stream ends after a page with fewer than
/// `page_size` items (or none), or once as many items as the smallest total announced have
/// been received (so a server that keeps sending full pages past its total is not followed).
/// A `page_size` of 0 (unknown) is taken from the first page. A page whose items are those
/// of an earlier page (a server that ignores the page number) ends the stream with
/// [`Error::Pagination`].
pub fn paginate_by_page_number<P, Resp, Item, E, Fut, SetPage, Fetch, Extract>(
    params: P,
    page_size: usize,
    set_page: SetPage,
    fetch: Fetch,
    extract: Extract,
) -> impl Stream<Item = Result<Item, Error<E>>>
where
    P: Clone,
    SetPage: FnMut(&mut P, usize),
    Fetch: FnMut(P) -> Fut,
    Fut: Future<Output = Result<Resp, Error<E>>>,
    Extract: FnMut(Resp) -> (Vec<Item>, Option<i64>),
    Item: Serialize,
{
    let pager = Pager {
        params,
        next: Some(Next::Page(0)),
        buffered: Vec::new().into_iter(),
        set_page,
        fetch,
        extract,
        seen: HashSet::new(),
        page_size,
        received: 0,
        total: None,
    };
    stream::unfold(pager, move |mut pager| async move {
        loop {
            if let Some(item) = pager.buffered.next() {
                return Some((Ok(item), pager));
            }
            let Next::Page(page) = pager.next.take()? else {
                return None;
            };
            (pager.set_page)(&mut pager.params, page);
            match (pager.fetch)(pager.params.clone()).await {
                Err(error) => return Some((Err(error), pager)),
                Ok(response) => {
                    let (items, total) = (pager.extract)(response);
                    let repeated = hash_items(&items).is_some_and(|hash| {
                        !items.is_empty() && !pager.seen.insert(Seen::Items(hash))
                    });
                    if repeated {
                        let reason = format!(
                            "page {page} holds the same items as an earlier page (the server \
                             ignores the page number)"
                        );
                        return Some((Err(Error::Pagination { reason }), pager));
                    }
                    if pager.page_size == 0 {
                        pager.page_size = items.len();
                    }
                    pager.received += items.len() as u64;
                    // A negative total is no total.
                    if let Some(total) = total.and_then(|total| u64::try_from(total).ok()) {
                        pager.total = Some(pager.total.map_or(total, |known| known.min(total)));
                    }
                    let all_received = pager.total.is_some_and(|total| pager.received >= total);
                    if !items.is_empty() && items.len() >= pager.page_size && !all_received {
                        pager.next = Some(Next::Page(page + 1));
                    }
                    pager.buffered = items.into_iter();
                }
            }
        }
    })
}

/// Streams the items of every page of an operation paginated by cursor.
///
/// The first call of `fetch` receives the parameters as given; before each later call,
/// `set_cursor(&mut params, cursor)` sets the cursor the previous response returned.
/// `extract` takes a response's items and next cursor. The stream ends after a page with no
/// items, or whose next cursor is missing or empty. A next cursor that was already used (A,
/// B, A...) ends the stream with [`Error::Pagination`].
pub fn paginate_by_cursor<P, Resp, Item, E, Fut, SetCursor, Fetch, Extract>(
    params: P,
    set_cursor: SetCursor,
    fetch: Fetch,
    extract: Extract,
) -> impl Stream<Item = Result<Item, Error<E>>>
where
    P: Clone,
    SetCursor: FnMut(&mut P, String),
    Fetch: FnMut(P) -> Fut,
    Fut: Future<Output = Result<Resp, Error<E>>>,
    Extract: FnMut(Resp) -> (Vec<Item>, Option<String>),
{
    let pager = Pager {
        params,
        next: Some(Next::First),
        buffered: Vec::new().into_iter(),
        set_page: set_cursor,
        fetch,
        extract,
        seen: HashSet::new(),
        page_size: 0,
        received: 0,
        total: None,
    };
    stream::unfold(pager, move |mut pager| async move {
        loop {
            if let Some(item) = pager.buffered.next() {
                return Some((Ok(item), pager));
            }
            let current = match pager.next.take()? {
                Next::First => None,
                Next::Cursor(cursor) => {
                    (pager.set_page)(&mut pager.params, cursor.clone());
                    Some(cursor)
                }
                Next::Loop(reason) => {
                    return Some((Err(Error::Pagination { reason }), pager));
                }
                Next::Page(_) => return None,
            };
            match (pager.fetch)(pager.params.clone()).await {
                Err(error) => return Some((Err(error), pager)),
                Ok(response) => {
                    let (items, next_cursor) = (pager.extract)(response);
                    if let Some(cursor) = current {
                        pager.seen.insert(Seen::Cursor(cursor));
                    }
                    match next_cursor {
                        Some(next) if !items.is_empty() && !next.is_empty() => {
                            // This page's items are new; the loop is reported after them.
                            pager.next =
                                Some(if pager.seen.contains(&Seen::Cursor(next.clone())) {
                                    Next::Loop(format!(
                                        "the server returned the cursor {next:?} again (a loop)"
                                    ))
                                } else {
                                    Next::Cursor(next)
                                });
                        }
                        _ => {}
                    }
                    pager.buffered = items.into_iter();
                }
            }
        }
    })
}

/// A hash of a page's items, as JSON: equal pages hash the same. `None` when they cannot
/// be encoded (the page is then not compared).
fn hash_items<Item: Serialize>(items: &[Item]) -> Option<u64> {
    let bytes = serde_json::to_vec(items).ok()?;
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    Some(hasher.finish())
}
