//! Serving HTTPS with rustls, as Alexa requires of an endpoint it calls directly.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::helpers::{TestApp, settings, spawn_app_with};
use crate::pki::PKI;
use carevoice::server::TlsFiles;

fn https_client(port: u16) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_backend_preconfigured(PKI.client_tls())
        .resolve("localhost", ([127, 0, 0, 1], port).into())
        .build()
        .unwrap()
}

/// The server on HTTPS, with a certificate for `localhost` from the test PKI.
async fn spawn_https_app() -> TestApp {
    let (cert, key) = PKI.server_cert("localhost");
    let mut settings = settings();
    settings.tls = Some(TlsFiles { cert, key });
    spawn_app_with(settings).await
}

#[tokio::test]
async fn the_server_answers_over_tls_with_a_test_certificate() {
    let app = spawn_https_app().await;
    assert!(app.address.starts_with("https://127.0.0.1:"), "{}", app.address);
    let port: u16 = app.address.rsplit(':').next().unwrap().parse().unwrap();

    let response = https_client(port).get(format!("https://localhost:{port}/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    // Plain HTTP on the TLS port gets no answer.
    assert!(crate::helpers::http_client().get(format!("http://127.0.0.1:{port}/healthz")).send().await.is_err());
}

#[tokio::test]
async fn tls_connections_are_tracked_and_speak_http_1_1_only() {
    let app = spawn_https_app().await;
    let port: u16 = app.address.rsplit(':').next().unwrap().parse().unwrap();
    // The connection that scrapes is itself open, so it is counted (and could be shed).
    let metrics = https_client(port).get(format!("https://localhost:{port}/metrics")).send().await.unwrap();
    let metrics = metrics.text().await.unwrap();
    let open: f64 = metrics
        .lines()
        .find_map(|line| line.strip_prefix("carevoice_connections_open "))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("{metrics}"));
    assert!(open >= 1.0, "{metrics}");
    // A client that offers HTTP/2 is answered in HTTP/1.1, the protocol the tracking reads.
    let mut tls = PKI.client_tls();
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(tls));
    let stream = connector.connect("localhost".try_into().unwrap(), tcp).await.unwrap();
    assert_eq!(stream.get_ref().1.alpn_protocol(), Some(&b"http/1.1"[..]));
}

#[tokio::test]
async fn a_request_that_cannot_be_parsed_is_refused_over_tls_too() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_https_app().await;
    let tcp = tokio::net::TcpStream::connect(app.address.trim_start_matches("https://")).await.unwrap();
    let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(PKI.client_tls()));
    let mut tls = connector.connect("localhost".try_into().unwrap(), tcp).await.unwrap();
    tls.write_all(
        b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
    )
    .await
    .unwrap();
    let mut received = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(30), tls.read_to_end(&mut received)).await;
    let received = String::from_utf8_lossy(&received);
    let (first, refusal) = received.split_once("HTTP/1.1 400").unwrap_or_else(|| panic!("{received}"));
    assert!(first.starts_with("HTTP/1.1 200"), "{received}");
    assert!(refusal.to_ascii_lowercase().contains("content-length: 0"), "{received}");
}

#[test]
fn serve_takes_the_tls_files_from_its_flags() {
    let (cert, key) = PKI.server_cert("localhost");
    let mut child = Command::new(env!("CARGO_BIN_EXE_carevoice"))
        .args(["serve", "--bind", "127.0.0.1:0", "--tls-cert"])
        .arg(&cert)
        .arg("--tls-key")
        .arg(&key)
        .env("RUST_LOG", "warn")
        .env("CAREVOICE_DATA_DIR", crate::helpers::fresh_dir("https-data"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port: u16 = line.trim().rsplit(':').next().unwrap().parse().unwrap_or_else(|_| panic!("{line}"));
    let status = std::thread::spawn(move || {
        tokio::runtime::Runtime::new().unwrap().block_on(async {
            https_client(port)
                .get(format!("https://localhost:{port}/healthz"))
                .send()
                .await
                .map(|r| r.status().as_u16())
        })
    })
    .join()
    .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(line.starts_with("carevoice listening on https://"), "{line}");
    assert_eq!(status.unwrap(), 200);
}
