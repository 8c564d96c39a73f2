//! Alexa request verification through the real server: every check, each refusing with
//! 400 and a JSON error naming what failed.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::{App, HttpResponse, HttpServer, web};
use carevoice::verify;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::helpers::{fixture, http1_responses, settings, spawn_app, spawn_app_with, stamped};
use crate::pki::{GOOD_CHAIN, PKI, chain_url};

/// Checks a refusal: the status, the code, and that the message says `reason`.
async fn assert_refused(response: reqwest::Response, status: u16, code: &str, reason: &str) {
    assert_eq!(response.status().as_u16(), status);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains(reason), "{message:?} does not say {reason:?}");
}

fn launch_body() -> Vec<u8> {
    stamped(fixture("launch_request")).to_string().into_bytes()
}

fn signed_headers(body: &[u8], chain: &str) -> Vec<(&'static str, String)> {
    vec![("SignatureCertChainUrl", chain_url(chain)), ("Signature-256", PKI.sign(body))]
}

#[tokio::test]
async fn a_correctly_signed_request_is_answered() {
    let app = spawn_app().await;
    let body = launch_body();
    let response = app.post_alexa(body.clone(), &signed_headers(&body, GOOD_CHAIN)).await;
    assert_eq!(response.status(), 200);
    let reply: Value = response.json().await.unwrap();
    assert_eq!(reply["response"]["outputSpeech"]["type"], "SSML");
}

#[tokio::test]
async fn missing_signature_headers_are_refused() {
    let app = spawn_app().await;
    let body = launch_body();
    let [url, signature] = <[_; 2]>::try_from(signed_headers(&body, GOOD_CHAIN)).unwrap();
    for (headers, missing) in [
        (vec![], "SignatureCertChainUrl"),
        (vec![signature], "SignatureCertChainUrl"),
        (vec![url.clone()], "Signature-256"),
        // Only the old SHA-1 `Signature` header: not enough.
        (vec![url, ("Signature", PKI.sign(&body))], "Signature-256"),
    ] {
        let response = app.post_alexa(body.clone(), &headers).await;
        assert_refused(response, 400, "unverified_request", &format!("the {missing} header is missing")).await;
    }
}

#[tokio::test]
async fn a_body_changed_by_one_byte_is_refused() {
    let app = spawn_app().await;
    let body = launch_body();
    let headers = signed_headers(&body, GOOD_CHAIN);
    let mut tampered = body.clone();
    let position = tampered.windows(5).position(|window| window == b"en-US").unwrap();
    tampered[position + 3] = b'K';
    let response = app.post_alexa(tampered, &headers).await;
    assert_refused(response, 400, "unverified_request", "signature does not match").await;
}

#[tokio::test]
async fn a_signature_by_another_key_is_refused() {
    let app = spawn_app().await;
    let body = launch_body();
    let headers =
        vec![("SignatureCertChainUrl", chain_url(GOOD_CHAIN)), ("Signature-256", PKI.sign_with_other_key(&body))];
    assert_refused(app.post_alexa(body, &headers).await, 400, "unverified_request", "signature does not match").await;
    let body = launch_body();
    let garbage = vec![("SignatureCertChainUrl", chain_url(GOOD_CHAIN)), ("Signature-256", "***".to_owned())];
    assert_refused(app.post_alexa(body, &garbage).await, 400, "unverified_request", "not base64").await;
}

#[tokio::test]
async fn bad_certificates_are_refused() {
    let app = spawn_app().await;
    for (chain, reason) in [
        ("expired.pem", "has expired"),
        ("not-yet-valid.pem", "not valid yet"),
        ("wrong-name.pem", "not for echo-api.amazon.com"),
        ("untrusted.pem", "not trusted"),
        ("no-such-chain.pem", "could not be fetched"),
    ] {
        let body = launch_body();
        let response = app.post_alexa(body.clone(), &signed_headers(&body, chain)).await;
        assert_refused(response, 400, "unverified_request", reason).await;
    }
}

#[tokio::test]
async fn certificate_urls_other_than_amazons_are_refused() {
    let app = spawn_app().await;
    for (url, reason) in [
        ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", "scheme"),
        ("https://notamazon.com/echo.api/echo-api-cert.pem", "host"),
        ("https://s3.amazonaws.com/echo.api/../evil/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com/ECHO.API/echo-api-cert.pem", "path"),
        ("https://s3.amazonaws.com:8443/echo.api/echo-api-cert.pem", "port"),
    ] {
        let body = launch_body();
        let headers = vec![("SignatureCertChainUrl", url.to_owned()), ("Signature-256", PKI.sign(&body))];
        assert_refused(app.post_alexa(body, &headers).await, 400, "unverified_request", reason).await;
    }
}

#[tokio::test]
async fn timestamps_more_than_150_seconds_away_are_refused() {
    let app = spawn_app().await;
    let now = OffsetDateTime::now_utc();
    for (offset, accepted) in [(-151, false), (151, false), (-140, true), (140, true)] {
        let mut envelope = fixture("launch_request");
        envelope["request"]["timestamp"] = json!((now + Duration::seconds(offset)).format(&Rfc3339).unwrap());
        let body = envelope.to_string().into_bytes();
        let response = app.post_alexa(body.clone(), &signed_headers(&body, GOOD_CHAIN)).await;
        if accepted {
            assert_eq!(response.status(), 200, "{offset} s");
        } else {
            assert_refused(response, 400, "unverified_request", "timestamp").await;
        }
    }
}

#[tokio::test]
async fn a_skill_id_outside_the_allow_list_is_refused() {
    let app = spawn_app().await;
    let mut envelope = stamped(fixture("launch_request"));
    envelope["session"]["application"]["applicationId"] = json!("amzn1.ask.skill.someone-else");
    let body = envelope.to_string().into_bytes();
    let response = app.post_alexa(body.clone(), &signed_headers(&body, GOOD_CHAIN)).await;
    assert_refused(response, 400, "unverified_request", "skill id that is not allowed").await;

    // Without a session, the skill id comes from the context.
    let mut envelope = stamped(fixture("session_ended_request"));
    envelope.as_object_mut().unwrap().remove("session");
    let body = envelope.to_string().into_bytes();
    assert_eq!(app.post_alexa(body.clone(), &signed_headers(&body, GOOD_CHAIN)).await.status(), 200);
}

#[tokio::test]
async fn without_a_skill_id_every_alexa_request_is_refused() {
    let mut settings = settings();
    settings.alexa.skill_ids.clear();
    let app = spawn_app_with(settings).await;
    let body = launch_body();
    let response = app.post_alexa(body.clone(), &signed_headers(&body, GOOD_CHAIN)).await;
    assert_refused(response, 503, "alexa_not_configured", "--skill-id").await;
}

#[tokio::test]
async fn development_mode_skips_only_the_signature() {
    let mut settings = settings();
    settings.alexa.insecure_skip_signature = true;
    let app = spawn_app_with(settings).await;
    assert_eq!(app.post_alexa(launch_body(), &[]).await.status(), 200);

    let mut stale = fixture("launch_request");
    stale["request"]["timestamp"] = json!("2020-01-01T00:00:00Z");
    assert_refused(app.post_alexa(stale.to_string().into_bytes(), &[]).await, 400, "unverified_request", "timestamp")
        .await;

    let mut foreign = stamped(fixture("launch_request"));
    foreign["session"]["application"]["applicationId"] = json!("amzn1.ask.skill.someone-else");
    let response = app.post_alexa(foreign.to_string().into_bytes(), &[]).await;
    assert_refused(response, 400, "unverified_request", "skill id").await;
}

/// An HTTPS server standing in for Amazon's certificate host, counting downloads.
async fn spawn_chain_host() -> (SocketAddr, Arc<AtomicUsize>) {
    let downloads = Arc::new(AtomicUsize::new(0));
    let counter = downloads.clone();
    let (cert, key) = PKI.server_cert("s3.amazonaws.com");
    let certs = verify::read_pem_certs(&cert).unwrap();
    let key = rustls::pki_types::pem::PemObject::from_pem_file(&key).unwrap();
    let tls = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = HttpServer::new(move || {
        let counter = counter.clone();
        App::new().route(
            "/echo.api/{name}",
            web::get().to(move |name: web::Path<String>| {
                let counter = counter.clone();
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    // Slow enough that concurrent requests all wait on this download.
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    match std::fs::read(PKI.chain_dir().join(name.as_str())) {
                        Ok(pem) => HttpResponse::Ok().content_type("application/x-pem-file").body(pem),
                        Err(_) => HttpResponse::NotFound().finish(),
                    }
                }
            }),
        )
    })
    .workers(1)
    .listen_rustls_0_23(listener, tls)
    .unwrap()
    .run();
    tokio::spawn(server);
    (address, downloads)
}

#[tokio::test]
async fn the_chain_is_downloaded_once_for_many_requests() {
    let (chain_host, downloads) = spawn_chain_host().await;
    let mut settings = settings();
    settings.alexa.cert_chain_dir = None;
    settings.alexa.resolve = vec![("s3.amazonaws.com".to_owned(), chain_host)];
    let app = Arc::new(spawn_app_with(settings).await);

    let concurrent = (0..16).map(|_| {
        let app = app.clone();
        tokio::spawn(async move {
            let body = launch_body();
            app.post_alexa(body.clone(), &signed_headers(&body, GOOD_CHAIN)).await.status().as_u16()
        })
    });
    for request in concurrent.collect::<Vec<_>>() {
        assert_eq!(request.await.unwrap(), 200);
    }
    for _ in 0..8 {
        let body = launch_body();
        assert_eq!(app.post_alexa(body.clone(), &signed_headers(&body, GOOD_CHAIN)).await.status(), 200);
    }
    assert_eq!(downloads.load(Ordering::SeqCst), 1, "one download for 24 requests");

    // A chain that fails its checks is not kept: asking again downloads again.
    for expected_downloads in [2, 3] {
        let body = launch_body();
        let response = app.post_alexa(body.clone(), &signed_headers(&body, "expired.pem")).await;
        assert_refused(response, 400, "unverified_request", "has expired").await;
        assert_eq!(downloads.load(Ordering::SeqCst), expected_downloads);
    }
}

/// A server whose Alexa requests all wait 200 ms on the download of their chain.
async fn spawn_app_waiting_on_a_download() -> crate::helpers::TestApp {
    let (chain_host, _) = spawn_chain_host().await;
    let mut settings = settings();
    settings.alexa.cert_chain_dir = None;
    settings.alexa.resolve = vec![("s3.amazonaws.com".to_owned(), chain_host)];
    spawn_app_with(settings).await
}

/// A signed Alexa launch request as it goes on the wire, with `extra` headers.
fn raw_alexa_request(extra: &str) -> Vec<u8> {
    let body = launch_body();
    let headers: String =
        signed_headers(&body, GOOD_CHAIN).iter().map(|(name, value)| format!("{name}: {value}\r\n")).collect();
    let head = format!(
        "POST /alexa HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{headers}{extra}\r\n",
        body.len()
    );
    [head.into_bytes(), body].concat()
}

/// How many requests the pipelining tests queue on one connection: fewer than the 16 the
/// HTTP layer queues at most (past that, actix-http can stall a connection whose requests
/// all wait; no platform pipelines).
const PIPELINED: usize = 12;

/// Sends each of `parts` 50 ms apart, then reads the statuses until the server closes.
async fn pipeline(app: &crate::helpers::TestApp, parts: &[Vec<u8>]) -> Vec<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://")).await.unwrap();
    for part in parts {
        stream.write_all(part).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let mut received = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(30), stream.read_to_end(&mut received)).await;
    http1_responses(&String::from_utf8_lossy(&received)).into_iter().map(|(status, _)| status).collect()
}

#[tokio::test]
async fn requests_waiting_on_a_download_are_all_answered_before_a_malformed_one_is_refused() {
    let app = spawn_app_waiting_on_a_download().await;
    // Requests all waiting on the download, then one more and a malformed one.
    let queued = (0..PIPELINED).flat_map(|_| raw_alexa_request("")).collect();
    let last =
        [raw_alexa_request(""), b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n".to_vec()].concat();
    assert_eq!(pipeline(&app, &[queued, last]).await, [[200; PIPELINED + 1].as_slice(), &[400]].concat());
}

#[tokio::test]
async fn a_request_that_asks_to_close_behind_waiting_ones_is_answered_whole() {
    let app = spawn_app_waiting_on_a_download().await;
    let queued = (0..PIPELINED).flat_map(|_| raw_alexa_request("")).collect();
    let mut closing = raw_alexa_request("Connection: close\r\n");
    let body_end = closing.split_off(closing.len() - 10);
    assert_eq!(pipeline(&app, &[queued, closing, body_end]).await, [200; PIPELINED + 1]);
}
