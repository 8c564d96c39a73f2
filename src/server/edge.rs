//! The edge of every connection: its bytes pass through [`Edge`] before actix-web's HTTP/1
//! layer reads them, so that the requests that layer could not parse are refused with the
//! same JSON error body as every other refusal, not its own empty one.
//!
//! The edge reads each request's framing as the HTTP layer's parser (actix-http's
//! `h1::Codec`) does, so both agree on where every request starts and ends, and hands over
//! only what parses. Plain heads, the kind every platform sends, are checked with httparse
//! alone ([`PlainHead`]); any other head goes through the parser itself. A head that does
//! not parse (a malformed request line or header: 400; larger than the parser takes: 431;
//! not complete within [`HEADER_TIMEOUT`]: 408) is never handed over: once the app has
//! answered every request before it ([`Answered`]), the HTTP layer sees the connection end,
//! writes those answers and shuts the connection down; the refusal is written then, and
//! the connection closed. A body that breaks its own framing (a bad chunk) is cut where it
//! breaks, and the route refuses that request as an unreadable body: one request, one
//! response. After a request that asks to close, nothing more is handed over.
//!
//! Refusals are counted and summed up in the log ([`crate::telemetry`]), never one line
//! each, so that nobody can fill the logs.

use std::cell::Cell;
use std::future::Future;
use std::io;
use std::mem::MaybeUninit;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker, ready};
use std::time::Duration;

use actix_http::error::ParseError;
use actix_http::h1::{Codec, Message, MessageType};
use actix_http::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
use actix_http::{HttpMessage, Request, ServiceConfig};
use actix_web::rt::net::TcpStream;
use actix_web::web::{Buf, BytesMut};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};
use tokio_util::codec::Decoder;

use super::error::ApiError;

/// How long a client has to send a request line and its headers: the first request's
/// from when the connection opens (after TLS), a later one's from its first byte.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How much is read from the socket at once while a head is unfinished.
const READ_SIZE: usize = 8 * 1024;
/// The longest head the HTTP layer reads (actix-http's buffer limit): a longer one is
/// refused even if it arrives whole, as the HTTP layer, reading in pieces, would.
const MAX_HEAD: usize = 131_072;

/// A connection's bytes, checked on their way to the HTTP layer; see the module's
/// documentation.
///
/// Bytes are read straight into the HTTP layer's buffer; only an unfinished head is held
/// back. Heads (and chunked bodies) are copied for the parser; a body of known length is
/// counted through, not parsed.
pub struct Edge<IO> {
    io: IO,
    config: ServiceConfig,
    parser: Codec,
    /// Read but not handed over (an unfinished head and what came after it); the first
    /// `parsed` bytes have parsed and may be.
    held: BytesMut,
    parsed: usize,
    /// What the parser has yet to consume: an unfinished head, or chunk framing.
    unparsed: BytesMut,
    /// How much of a body of known length is still to come, passed on unparsed.
    body_left: u64,
    /// The parser is reading a body (chunked, or a length it could not be asked for).
    parser_reads_body: bool,
    /// The client asked to close after the request being read.
    last_request: bool,
    /// When the head being waited for must be complete, if one is awaited.
    head_deadline: Pin<Box<Sleep>>,
    awaiting_head: bool,
    /// Heads that have parsed, and how many of their requests the app has answered.
    heads: u64,
    answered: Rc<Answered>,
    state: State,
}

/// How many of a connection's requests the app has answered. The edge gives it to the
/// connection's data; the server counts each answer into it ([`Answered::one`]).
#[derive(Default)]
pub struct Answered {
    count: Cell<u64>,
    /// The edge waiting for the count to reach its heads.
    waiting: Cell<Option<Waker>>,
}

impl Answered {
    /// Counts one more request answered.
    pub fn one(&self) {
        self.count.set(self.count.get() + 1);
        if let Some(waiting) = self.waiting.take() {
            waiting.wake();
        }
    }
}

/// Whether more may be handed over, and what is left to say.
enum State {
    Open,
    /// Nothing more is handed over, and the end is never reported: the HTTP layer closes
    /// the connection itself after answering the request that asked it to.
    Closing,
    /// Nothing more is handed over after what has parsed.
    Ended,
    /// Nothing more is handed over, and this response is written before the connection
    /// closes (what is left of it).
    Refusing(actix_web::web::Bytes),
}

/// What one step of the parser found.
enum Step {
    /// A head, or a piece of a chunked body.
    Parsed,
    /// More bytes are needed.
    Incomplete,
    /// The connection ends here.
    Ended,
}

impl<IO> Edge<IO> {
    /// Checks the connection `io`, which has just been accepted; its keep-alive follows
    /// `config`, as the HTTP layer's does.
    pub fn new(io: IO, config: ServiceConfig) -> Edge<IO> {
        Edge {
            io,
            parser: Codec::new(config.clone()),
            config,
            held: BytesMut::new(),
            parsed: 0,
            unparsed: BytesMut::new(),
            body_left: 0,
            parser_reads_body: false,
            last_request: false,
            head_deadline: Box::pin(tokio::time::sleep(HEADER_TIMEOUT)),
            awaiting_head: true,
            heads: 0,
            answered: Rc::default(),
            state: State::Open,
        }
    }

    /// The connection underneath.
    pub fn into_inner(self) -> IO {
        self.io
    }

    /// The count of this connection's requests answered, for the server to keep.
    pub fn answered(&self) -> Rc<Answered> {
        self.answered.clone()
    }

    /// Takes bytes that have just arrived: what parses is added to `parsed`; what may yet
    /// parse is kept in `unparsed`.
    fn take(&mut self, mut fresh: &[u8]) {
        if !self.unparsed.is_empty() {
            // The parser stopped for want of more: give it more before it runs again.
            self.feed(&mut fresh);
        }
        while matches!(self.state, State::Open) {
            if self.body_left > 0 {
                // What the parser was given beyond the head first, then what is fresh.
                let from_unparsed = length_within(self.body_left, self.unparsed.len());
                self.unparsed.advance(from_unparsed);
                let from_fresh = length_within(self.body_left - from_unparsed as u64, fresh.len());
                fresh = &fresh[from_fresh..];
                self.body_left -= (from_unparsed + from_fresh) as u64;
                self.parsed += from_unparsed + from_fresh;
                if self.body_left > 0 {
                    break;
                }
                continue;
            }
            if self.last_request && !self.parser_reads_body {
                // The HTTP layer reads nothing after a request that asked to close.
                self.unparsed.clear();
                self.state = State::Closing;
                break;
            }
            if self.unparsed.is_empty() && fresh.is_empty() {
                break;
            }
            if self.unparsed.is_empty()
                && !self.parser_reads_body
                && let Some(head) = PlainHead::parse(fresh)
            {
                self.head_parsed(head.length, head.close || !self.parser.keep_alive_enabled());
                fresh = &fresh[head.length..];
                self.body_left = head.body;
                continue;
            }
            match self.step() {
                Step::Parsed => {}
                Step::Ended => break,
                Step::Incomplete if fresh.is_empty() => break,
                Step::Incomplete => self.feed(&mut fresh),
            }
        }
        let head_begun = self.body_left == 0 && !self.parser_reads_body && !self.unparsed.is_empty();
        if matches!(self.state, State::Open) && head_begun && !self.awaiting_head {
            // A later request has begun: its head has its own time.
            self.awaiting_head = true;
            self.head_deadline.as_mut().reset(Instant::now() + HEADER_TIMEOUT);
        }
    }

    /// Counts a head of `length` bytes as parsed; `last` if it asks to close after it.
    fn head_parsed(&mut self, length: usize, last: bool) {
        self.parsed += length;
        self.heads += 1;
        self.awaiting_head = false;
        self.last_request = last;
    }

    /// Gives the parser the next of `fresh`: a head up to its first empty line (the body
    /// after it is left to be counted), chunks all.
    fn feed(&mut self, fresh: &mut &[u8]) {
        let copied = match self.parser_reads_body {
            true => fresh.len(),
            false => memchr::memmem::find(fresh, b"\r\n\r\n").map_or(fresh.len(), |at| at + 4),
        };
        self.unparsed.extend_from_slice(&fresh[..copied]);
        *fresh = &fresh[copied..];
    }

    /// Runs the parser once over `unparsed`.
    fn step(&mut self) -> Step {
        let before = self.unparsed.len();
        let decoded = self.parser.decode(&mut self.unparsed);
        let consumed = before - self.unparsed.len();
        // What the parser consumed without an error, the HTTP layer will parse too.
        match decoded {
            Ok(Some(Message::Item(_))) if consumed >= MAX_HEAD => self.end(Some(too_large())),
            Ok(Some(Message::Item(request))) => {
                self.head_parsed(consumed, !self.parser.keep_alive());
                match self.parser.message_type() {
                    MessageType::None => {}
                    MessageType::Stream => self.body_left = u64::MAX,
                    MessageType::Payload => match content_length(&request) {
                        Some(length) => {
                            self.body_left = length;
                            // A fresh parser for the next head: this one awaits the body.
                            self.parser = Codec::new(self.config.clone());
                        }
                        None => self.parser_reads_body = true,
                    },
                }
                Step::Parsed
            }
            Ok(Some(Message::Chunk(chunk))) => {
                self.parsed += consumed;
                self.parser_reads_body &= chunk.is_some();
                Step::Parsed
            }
            Ok(None) => {
                self.parsed += consumed;
                Step::Incomplete
            }
            // The request is with the route already, which refuses what it cannot read.
            Err(_) if self.parser_reads_body => self.end(None),
            Err(ParseError::TooLarge) => self.end(Some(too_large())),
            Err(_) => self.end(Some(ApiError::MalformedRequest)),
        }
    }

    /// Hands over nothing more than what has parsed, then `refusal` if there is one.
    fn end(&mut self, refusal: Option<ApiError>) -> Step {
        self.unparsed.clear();
        self.state = match refusal {
            Some(refusal) => {
                if !matches!(refusal, ApiError::HeaderTimeout { .. }) {
                    crate::telemetry::malformed_request();
                }
                State::Refusing(refusal.http1_response())
            }
            None => State::Ended,
        };
        Step::Ended
    }

    /// Whether the head awaited is late (and if not, wakes the task when it will be).
    fn head_late(&mut self, cx: &mut Context<'_>) -> bool {
        self.awaiting_head && self.head_deadline.as_mut().poll(cx).is_ready()
    }
}

/// A request head of the plain kind every platform sends, whose framing is known without
/// running the HTTP layer's parser: HTTP/1.1; GET, POST or HEAD; a path of characters
/// every URI parser takes; one `Host`; at most one `Content-Length`, of digits only; no
/// `Transfer-Encoding` or `Upgrade`; a `Connection` of visible ASCII that does not ask to
/// upgrade. Anything else goes to the parser itself.
struct PlainHead {
    /// Its length in bytes.
    length: usize,
    /// The length of its body.
    body: u64,
    /// It asks to close the connection after it.
    close: bool,
}

impl PlainHead {
    fn parse(bytes: &[u8]) -> Option<PlainHead> {
        let mut headers = [const { MaybeUninit::uninit() }; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut []);
        let Ok(httparse::Status::Complete(length)) = request.parse_with_uninit_headers(bytes, &mut headers) else {
            return None;
        };
        if length >= MAX_HEAD {
            return None;
        }
        let plain_request_line = request.version == Some(1)
            && matches!(request.method, Some("GET" | "POST" | "HEAD"))
            && request.path.is_some_and(plain_path);
        if !plain_request_line {
            return None;
        }
        let (mut hosts, mut body, mut close) = (0, None, false);
        for header in request.headers.iter() {
            let name = header.name;
            if name.eq_ignore_ascii_case("host") {
                hosts += 1;
            } else if name.eq_ignore_ascii_case("content-length") {
                if body.is_some() {
                    return None;
                }
                body = Some(digits(header.value)?);
            } else if name.eq_ignore_ascii_case("connection") {
                if !header.value.iter().all(|&byte| byte == b'\t' || (b' '..=b'~').contains(&byte)) {
                    return None;
                }
                for option in header.value.split(|&byte| byte == b',').map(<[u8]>::trim_ascii) {
                    if option.eq_ignore_ascii_case(b"upgrade") {
                        return None;
                    }
                    close |= option.eq_ignore_ascii_case(b"close");
                }
            } else if name.eq_ignore_ascii_case("transfer-encoding") || name.eq_ignore_ascii_case("upgrade") {
                return None;
            }
        }
        (hosts == 1).then_some(PlainHead { length, body: body.unwrap_or(0), close })
    }
}

/// The most headers the HTTP layer's parser takes.
const MAX_HEADERS: usize = 96;

/// The refusal of a head over the HTTP layer's limits.
fn too_large() -> ApiError {
    ApiError::HeadersTooLarge { headers: MAX_HEADERS, bytes: MAX_HEAD }
}

/// An origin-form path (and query) of characters that need no percent-encoding, at most
/// 1 KiB long: what every URI parser takes.
fn plain_path(path: &str) -> bool {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let in_path = |byte: u8| byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&byte);
    path.len() + query.len() < 1024
        && path.starts_with('/')
        && path.bytes().all(in_path)
        && query.bytes().all(|byte| in_path(byte) || byte == b'?')
}

/// A length of digits only, between optional spaces or tabs.
fn digits(value: &[u8]) -> Option<u64> {
    let value = value.trim_ascii();
    match !value.is_empty() && value.iter().all(u8::is_ascii_digit) {
        true => std::str::from_utf8(value).ok()?.parse().ok(),
        false => None,
    }
}

/// The length of a body the parser found of fixed length: not chunked (which is the only
/// other way a request has a body it parses).
fn content_length(request: &Request) -> Option<u64> {
    if request.headers().contains_key(TRANSFER_ENCODING) {
        return None;
    }
    request.headers().get(CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

/// The most of `available` bytes that fit in `left`.
fn length_within(left: u64, available: usize) -> usize {
    usize::try_from(left).map_or(available, |left| left.min(available))
}

impl<IO: AsyncRead + Unpin> AsyncRead for Edge<IO> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let edge = &mut *self;
        loop {
            if edge.parsed > 0 {
                let n = edge.parsed.min(buf.remaining());
                buf.put_slice(&edge.held[..n]);
                edge.held.advance(n);
                edge.parsed -= n;
                return Poll::Ready(Ok(()));
            }
            match edge.state {
                State::Open => {}
                State::Closing => return Poll::Pending,
                State::Refusing(_) if edge.answered.count.get() < edge.heads => {
                    // The end would stop the HTTP layer reading what it holds: wait.
                    edge.answered.waiting.set(Some(cx.waker().clone()));
                    return Poll::Pending;
                }
                State::Ended | State::Refusing(_) => {
                    edge.held.clear();
                    return Poll::Ready(Ok(()));
                }
            }
            let read = if edge.held.is_empty() {
                // Straight into the HTTP layer's buffer, taking back what may not go on yet.
                let start = buf.filled().len();
                let read = Pin::new(&mut edge.io).poll_read(cx, buf);
                if let Poll::Ready(Ok(())) = read {
                    if buf.filled().len() == start {
                        edge.end(None);
                        continue;
                    }
                    edge.take(&buf.filled()[start..]);
                    let passed = std::mem::take(&mut edge.parsed);
                    if matches!(edge.state, State::Open) {
                        edge.held.extend_from_slice(&buf.filled()[start + passed..]);
                    }
                    buf.set_filled(start + passed);
                    if passed > 0 {
                        return Poll::Ready(Ok(()));
                    }
                }
                read
            } else {
                let before = edge.held.len();
                edge.held.reserve(READ_SIZE);
                let read = tokio_util::io::poll_read_buf(Pin::new(&mut edge.io), cx, &mut edge.held);
                match read {
                    Poll::Ready(Ok(0)) => {
                        edge.end(None);
                    }
                    Poll::Ready(Ok(_)) => {
                        let held = std::mem::take(&mut edge.held);
                        edge.take(&held[before..]);
                        edge.held = held;
                    }
                    _ => {}
                }
                read.map_ok(|_| ())
            };
            match read {
                Poll::Ready(Ok(())) => {}
                Poll::Ready(Err(error)) => return Poll::Ready(Err(error)),
                Poll::Pending if edge.head_late(cx) => {
                    edge.end(Some(ApiError::HeaderTimeout { seconds: HEADER_TIMEOUT.as_secs() }));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Edge<IO> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    /// Writes the refusal, if there is one, before the connection closes.
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let edge = &mut *self;
        while let State::Refusing(reply) = &mut edge.state {
            if reply.is_empty() {
                edge.state = State::Ended;
                break;
            }
            match ready!(Pin::new(&mut edge.io).poll_write(cx, reply))? {
                0 => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                written => reply.advance(written),
            }
        }
        ready!(Pin::new(&mut edge.io).poll_flush(cx))?;
        Pin::new(&mut edge.io).poll_shutdown(cx)
    }
}

/// A connection that is TCP underneath: plain, or inside TLS.
pub trait OverTcp {
    /// The TCP stream.
    fn tcp(&self) -> &TcpStream;
}

impl OverTcp for TcpStream {
    fn tcp(&self) -> &TcpStream {
        self
    }
}

impl OverTcp for actix_tls::accept::rustls_0_23::TlsStream<TcpStream> {
    fn tcp(&self) -> &TcpStream {
        self.get_ref().0
    }
}

impl<IO: OverTcp> OverTcp for Edge<IO> {
    fn tcp(&self) -> &TcpStream {
        self.io.tcp()
    }
}
