//! [`Call`]: what an operation's method returns, a future of its result.
//!
//! The generated methods are plain functions: they build a [`Request`](super::Request) and hand
//! it to the [`Client`](super::Client), which returns a `Call`. Sending, retrying and reading
//! the response is one non-generic future of the runtime (compiled once, whatever the number of
//! operations); a `Call` only adds the decoding of the body and of a documented error, the one
//! step that depends on the operation's types. So the generated crate holds no `async fn`, and
//! no copy of the request pipeline per operation.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::{Error, OperationError, Response, ResponseContent};

/// The last response of a call, its body read but not decoded: a 2xx response, or the one
/// whose status ended the call (after any retries).
pub(crate) struct Exchange {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
    /// The call's span, where a body that does not decode is recorded.
    #[cfg(feature = "tracing")]
    pub(crate) span: tracing::Span,
}

/// Why a call failed before a response ended it: an [`Error`] of any operation (never
/// `ResponseError`, which [`Call`] builds with the operation's error type).
pub(crate) type Failure = Error<Infallible>;

/// The runtime's future of one call, the same type for every operation.
pub(crate) type Exchanging = Pin<Box<dyn Future<Output = Result<Exchange, Failure>> + Send>>;

/// A 2xx body that did not decode: why, and the body (for [`Error::ResponseDecode`]).
pub(crate) type Undecoded = (serde_json::Error, Vec<u8>);

/// What a 2xx body decodes to, by the operation's success media type: JSON as `R`, text, bytes,
/// or nothing.
pub(crate) type Decode<R> = fn(Vec<u8>) -> Result<R, Undecoded>;

/// The call of an operation, returned by its method: `api.get_user(id).await` sends it and
/// gives `Result<UserResponse, Error<GetUserError>>` (`S` is [`Entity`]), and
/// `api.get_user_with_http_info(id).await` gives the [`Response`] with its status and headers
/// (`S` is [`WithHttpInfo`]).
///
/// Nothing is sent before the call is first polled (awaited). A `Call` is `Send` and
/// `'static` (it holds its own handle to the client), so it can be spawned as a task, and
/// `Unpin`. The request is built, its body serialized, when the method is called; a problem
/// found then (a parameter that cannot be sent...) is the call's error.
#[must_use = "a call is sent only when awaited"]
pub struct Call<R, E, S = Entity> {
    exchange: Exchanging,
    decode: Decode<R>,
    shape: PhantomData<fn() -> (E, S)>,
}

/// The [`Call`] of an operation's method (`get_user`): its result is the decoded body.
#[derive(Debug, Clone, Copy)]
pub struct Entity;

/// The [`Call`] of an operation's `_with_http_info` method: its result is the [`Response`],
/// with the status and headers.
#[derive(Debug, Clone, Copy)]
pub struct WithHttpInfo;

/// What a [`Call`] gives on success, from the response: [`Entity`] or [`WithHttpInfo`].
pub trait CallShape<R> {
    /// The success value.
    type Output;
    /// The success value of a response.
    fn shape(response: Response<R>) -> Self::Output;
}

impl<R> CallShape<R> for Entity {
    type Output = R;
    fn shape(response: Response<R>) -> R {
        response.entity
    }
}

impl<R> CallShape<R> for WithHttpInfo {
    type Output = Response<R>;
    fn shape(response: Response<R>) -> Response<R> {
        response
    }
}

impl<R, E> Call<R, E, WithHttpInfo> {
    pub(crate) fn new(exchange: Exchanging, decode: Decode<R>) -> Self {
        Call {
            exchange,
            decode,
            shape: PhantomData,
        }
    }

    /// The same call, giving only the decoded body (what an operation's method returns).
    pub fn entity(self) -> Call<R, E, Entity> {
        Call {
            exchange: self.exchange,
            decode: self.decode,
            shape: PhantomData,
        }
    }
}

impl<R, E, S> Future for Call<R, E, S>
where
    E: OperationError,
    S: CallShape<R>,
{
    type Output = Result<S::Output, Error<E>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let outcome = ready!(this.exchange.as_mut().poll(cx));
        Poll::Ready(
            outcome
                .map_err(Error::widen)
                .and_then(|exchange| finish(exchange, this.decode))
                .map(S::shape),
        )
    }
}

impl<R, E, S> fmt::Debug for Call<R, E, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Call")
    }
}

/// The result of the response that ended a call: its body decoded with `decode` when 2xx,
/// else [`Error::ResponseError`] with the body decoded by `E::from_response` when the status
/// is documented.
fn finish<R, E: OperationError>(
    exchange: Exchange,
    decode: Decode<R>,
) -> Result<Response<R>, Error<E>> {
    let Exchange {
        status,
        headers,
        body,
        ..
    } = exchange;
    if !status.is_success() {
        let entity = E::from_response(status.as_u16(), &body).and_then(Result::ok);
        return Err(Error::ResponseError(ResponseContent {
            status,
            headers,
            content: String::from_utf8_lossy(&body).into_owned(),
            entity,
        }));
    }
    match decode(body) {
        Ok(entity) => Ok(Response {
            status,
            headers,
            entity,
        }),
        Err((source, body)) => {
            #[cfg(feature = "tracing")]
            exchange.span.record("error", "ResponseDecode");
            Err(Error::ResponseDecode {
                status,
                content: String::from_utf8_lossy(&body).into_owned(),
                source,
            })
        }
    }
}

impl Error<Infallible> {
    /// The same error, as the error of an operation whose typed error is `E`.
    pub(crate) fn widen<E>(self) -> Error<E> {
        match self {
            Error::Reqwest(error) => Error::Reqwest(error),
            Error::Serde(error) => Error::Serde(error),
            Error::Io(error) => Error::Io(error),
            Error::ResponseError(content) => Error::ResponseError(ResponseContent {
                status: content.status,
                headers: content.headers,
                content: content.content,
                entity: None,
            }),
            Error::UnstableOperationDisabledError(message) => {
                Error::UnstableOperationDisabledError(message)
            }
            Error::Configuration(error) => Error::Configuration(error),
            Error::InvalidHeader { name, reason } => Error::InvalidHeader { name, reason },
            Error::InvalidParameter { name, reason } => Error::InvalidParameter { name, reason },
            Error::ResponseTooLarge {
                status,
                limit,
                prefix,
            } => Error::ResponseTooLarge {
                status,
                limit,
                prefix,
            },
            Error::AttemptTimeout { timeout } => Error::AttemptTimeout { timeout },
            Error::CallTimeout { timeout } => Error::CallTimeout { timeout },
            Error::Pagination { reason } => Error::Pagination { reason },
            Error::Hook(error) => Error::Hook(error),
            Error::ResponseDecode {
                status,
                content,
                source,
            } => Error::ResponseDecode {
                status,
                content,
                source,
            },
        }
    }
}
