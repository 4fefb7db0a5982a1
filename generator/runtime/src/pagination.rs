//! Pagination: turns an operation that returns one page per call into a stream of items.
//!
//! The next page is requested only when the consumer polls past the items already received.
//! An error is yielded once and ends the stream.

use std::future::Future;

use futures_util::stream::{self, Stream};

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
}

/// What the next request asks for.
enum Next {
    /// The first page of a cursor pagination (the parameters as given).
    First,
    /// A page number.
    Page(usize),
    /// A cursor.
    Cursor(String),
}

/// Streams the items of every page of an operation paginated by page number.
///
/// `set_page(&mut params, n)` selects page `n` (from 0) before each call of `fetch`, which
/// receives a copy of the parameters; `extract` takes a response's items. The stream ends
/// after a page with fewer than `page_size` items (or none).
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
    Extract: FnMut(Resp) -> Vec<Item>,
{
    let pager = Pager {
        params,
        next: Some(Next::Page(0)),
        buffered: Vec::new().into_iter(),
        set_page,
        fetch,
        extract,
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
                    let items = (pager.extract)(response);
                    if !items.is_empty() && items.len() >= page_size {
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
/// items, or whose next cursor is missing, empty, or the same as the one just used.
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
                Next::Page(_) => return None,
            };
            match (pager.fetch)(pager.params.clone()).await {
                Err(error) => return Some((Err(error), pager)),
                Ok(response) => {
                    let (items, next_cursor) = (pager.extract)(response);
                    if let Some(next_cursor) = next_cursor {
                        if !items.is_empty()
                            && !next_cursor.is_empty()
                            && current.as_deref() != Some(next_cursor.as_str())
                        {
                            pager.next = Some(Next::Cursor(next_cursor));
                        }
                    }
                    pager.buffered = items.into_iter();
                }
            }
        }
    })
}
