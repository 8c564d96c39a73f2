//! A connection's raw bytes through the server's edge (`carevoice::server::edge::Edge`),
//! arriving in pieces of a size the input chooses: it hands the HTTP layer exactly the
//! requests that the HTTP layer's parser, reading the whole input at once, reads without
//! an error, and refuses with one whole HTTP/1.1 response and a JSON error body exactly when
//! that parser fails on a head.
#![no_main]

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_http::ServiceConfig;
use actix_http::h1::{Codec, Message, MessageType};
use carevoice::server::edge::Edge;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The client's side: sends `input` `piece` bytes at a time, with a wait before every other
/// piece, then ends; keeps what is written.
struct Wire {
    input: Vec<u8>,
    sent: usize,
    piece: usize,
    waited: bool,
    written: Vec<u8>,
}

impl AsyncRead for Wire {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        self.waited = !self.waited;
        if self.waited {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let n = self.piece.min(self.input.len() - self.sent).min(buf.remaining());
        let sent = self.sent;
        buf.put_slice(&self.input[sent..sent + n]);
        self.sent += n;
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for Wire {
    fn poll_write(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.written.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// How much of `input` the HTTP layer's parser reads without an error, read all at once
/// (stopping after a request that asks to close), and whether it then fails: on a head, or
/// in a chunked body (where the parser, given the input in pieces, reads up to the error).
fn parses(input: &[u8], config: &ServiceConfig) -> (usize, Failure) {
    let mut parser = Codec::new(config.clone());
    let mut unparsed = bytes::BytesMut::from(input);
    let (mut in_body, mut last_request) = (false, false);
    loop {
        if last_request && !in_body {
            return (input.len() - unparsed.len(), Failure::None);
        }
        let before = unparsed.len();
        match tokio_util::codec::Decoder::decode(&mut parser, &mut unparsed) {
            Ok(Some(Message::Item(_))) => {
                in_body = parser.message_type() != MessageType::None;
                last_request = !parser.keep_alive();
            }
            Ok(Some(Message::Chunk(Some(_)))) => {}
            Ok(Some(Message::Chunk(None))) => in_body = false,
            Ok(None) => return (input.len() - unparsed.len(), Failure::None),
            Err(_) if in_body => return (input.len() - before, Failure::InBody),
            Err(_) => return (input.len() - before, Failure::InHead),
        }
    }
}

/// Reads what `edge` hands over until it ends, or has waited more often than the wire does
/// (after a request that asked to close, it never ends).
fn read_until_stalled(edge: &mut Edge<Wire>, input: usize) -> Vec<u8> {
    let mut context = Context::from_waker(std::task::Waker::noop());
    let (mut handed_over, mut buffer) = (Vec::new(), [0; 512]);
    for _ in 0..2 * input + 8 {
        let mut read = ReadBuf::new(&mut buffer);
        match Pin::new(&mut *edge).poll_read(&mut context, &mut read) {
            Poll::Ready(Ok(())) if read.filled().is_empty() => break,
            Poll::Ready(Ok(())) => handed_over.extend_from_slice(read.filled()),
            Poll::Ready(Err(error)) => panic!("the wire never fails: {error}"),
            Poll::Pending => {}
        }
    }
    handed_over
}

/// Where the parser failed.
#[derive(PartialEq)]
enum Failure {
    None,
    InHead,
    InBody,
}

/// A runtime, and the HTTP layer's configuration, made in it once (it starts a task).
struct Harness {
    runtime: tokio::runtime::Runtime,
    local: tokio::task::LocalSet,
    config: ServiceConfig,
}

thread_local! {
    static HARNESS: Harness = {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        let local = tokio::task::LocalSet::new();
        let config = local.block_on(&runtime, async { ServiceConfig::default() });
        Harness { runtime, local, config }
    };
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&piece, input)) = data.split_first() else { return };
    let wire =
        Wire { input: input.to_vec(), sent: 0, piece: usize::from(piece).max(1), waited: false, written: Vec::new() };
    HARNESS.with(|harness| {
        harness.local.block_on(&harness.runtime, async {
            let mut edge = Edge::new(wire, harness.config.clone());
            // Every request handed over counts as answered, so that a refusal need not wait.
            let answered = edge.answered();
            (0..input.len()).for_each(|_| answered.one());
            let handed_over = read_until_stalled(&mut edge, input.len());
            let (parsed, failure) = parses(input, &harness.config);
            let refused = failure == Failure::InHead;
            let read = handed_over.len();
            match failure {
                Failure::InBody => assert!(input.starts_with(&handed_over) && read >= parsed, "{read} < {parsed}"),
                _ => assert!(handed_over == input[..parsed], "handed over {read} bytes, the parser reads {parsed}"),
            }
            std::future::poll_fn(|cx| Pin::new(&mut edge).poll_shutdown(cx)).await.expect("the wire never fails");
            let written = String::from_utf8(edge.into_inner().written).expect("a refusal is text");
            assert_eq!(!written.is_empty(), refused, "{written}");
            if written.is_empty() {
                return;
            }
            let (head, body) = written.split_once("\r\n\r\n").expect("a whole head");
            assert!(head.starts_with("HTTP/1.1 400 ") || head.starts_with("HTTP/1.1 431 "), "{head}");
            assert!(head.contains(&format!("content-length: {}\r\n", body.len())), "{head}");
            let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
            assert!(body["error"]["code"].is_string(), "{body}");
        })
    });
});
