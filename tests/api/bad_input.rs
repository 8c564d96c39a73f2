//! Requests the server must refuse clearly, and inputs it must survive.

use serde_json::{Value, json};

use crate::helpers::{fixture, http1_responses, spawn_app};

/// Checks the status and that the body is `{"error": {"code": ..., "message": ...}}`.
async fn assert_error(response: reqwest::Response, status: u16, code: &str) {
    assert_eq!(response.status().as_u16(), status);
    let body: Value = response.json().await.expect("a JSON error body");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(!body["error"]["message"].as_str().unwrap_or_default().is_empty(), "{body}");
}

#[tokio::test]
async fn malformed_json_is_a_400() {
    let app = spawn_app().await;
    for path in ["/alexa", "/v1/turn"] {
        for body in ["{", "not json", "", "[1,2", "{\"utterance\": \"x\",}"] {
            assert_error(app.post_body(path, body).await, 400, "malformed_json").await;
        }
    }
    // Bytes that are not UTF-8, inside a string and outside one.
    for body in [&b"{\"utterance\": \"\xff\"}"[..], b"\xfe{}"] {
        assert_error(app.post_raw("/v1/turn", Some("application/json"), body.to_vec()).await, 400, "malformed_json")
            .await;
        assert_error(app.post_alexa_signed(body).await, 400, "malformed_json").await;
    }
}

#[tokio::test]
async fn missing_or_wrong_fields_are_a_400() {
    let app = spawn_app().await;
    let mut no_request = fixture("launch_request");
    no_request.as_object_mut().unwrap().remove("request");
    let mut intent_without_name = fixture("intent_OutlookIntent");
    intent_without_name["request"]["intent"].as_object_mut().unwrap().remove("name");
    for body in [no_request, intent_without_name, json!({"version": "1.0"}), json!([])] {
        assert_error(app.post_body("/alexa", body.to_string()).await, 400, "malformed_json").await;
    }
    for body in [json!({"utterance": 5}), json!({"intent": "X", "unknown": true}), json!({"slots": "x"})] {
        assert_error(app.post_raw("/v1/turn", Some("application/json"), body.to_string()).await, 400, "malformed_json")
            .await;
    }
    for body in [json!({}), json!({"utterance": "yes", "intent": "AMAZON.YesIntent"}), json!({"utterance": "   "})] {
        assert_error(
            app.post_raw("/v1/turn", Some("application/json"), body.to_string()).await,
            400,
            "invalid_request",
        )
        .await;
    }
    let response = app
        .post_raw("/v1/turn", Some("application/json"), json!({"utterance": "yes", "locale": "de-DE"}).to_string())
        .await;
    assert_error(response, 400, "unsupported_locale").await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413() {
    let app = spawn_app().await;
    let big = json!({"utterance": "why ".repeat(20_000)}).to_string();
    assert!(big.len() > carevoice::server::extract::MAX_BODY_BYTES);
    for path in ["/alexa", "/v1/turn"] {
        assert_error(app.post_raw(path, Some("application/json"), big.clone()).await, 413, "payload_too_large").await;
    }
    // Without a Content-Length: the limit holds while streaming too.
    let chunks: Vec<Result<String, std::io::Error>> = (0..100).map(|_| Ok("x".repeat(1_000))).collect();
    let streamed = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let request = app.client.post(format!("{}/v1/turn", app.address)).header("content-type", "application/json");
    match request.body(streamed).send().await {
        Ok(response) => assert_error(response, 413, "payload_too_large").await,
        // The server may cut the connection before the client has finished sending.
        Err(error) => assert!(error.is_request(), "{error}"),
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415() {
    let app = spawn_app().await;
    for path in ["/alexa", "/v1/turn"] {
        for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
            let response = app.post_raw(path, content_type, "{}").await;
            assert_error(response, 415, "unsupported_media_type").await;
        }
    }
    // A charset parameter is fine, as Alexa sends it.
    let response =
        app.post_raw("/v1/turn", Some("application/json; charset=utf-8"), r#"{"intent":"AMAZON.HelpIntent"}"#).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_wrong_method_is_a_405_that_names_the_right_one() {
    let app = spawn_app().await;
    for (method, path, allow) in [
        (reqwest::Method::GET, "/alexa", "POST"),
        (reqwest::Method::PUT, "/v1/turn", "POST"),
        (reqwest::Method::DELETE, "/alexa", "POST"),
        (reqwest::Method::POST, "/healthz", "GET"),
    ] {
        let response = app.client.request(method, format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(response.headers()["allow"], allow);
        assert_error(response, 405, "method_not_allowed").await;
    }
}

#[tokio::test]
async fn an_unknown_route_is_a_404() {
    let app = spawn_app().await;
    let response = app.client.get(format!("{}/nowhere", app.address)).send().await.unwrap();
    assert_error(response, 404, "not_found").await;
}

#[tokio::test]
async fn hostile_bodies_never_cause_a_server_error() {
    let app = spawn_app().await;
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let bodies = [
        deep,
        "\u{0}\u{1}\u{2}".to_owned(),
        String::from_utf8_lossy(&[0xff, 0xfe, 0xfd]).into_owned(),
        json!({"utterance": "\u{202e}\u{0}<speak>&amp;</speak>"}).to_string(),
        json!({"intent": "TreatmentOptionIntent", "slots": {"option": "<break time=\"10s\"/>"}}).to_string(),
        json!({"version": "1.0", "request": {"type": "IntentRequest", "intent": {"name": "x".repeat(10_000)}}})
            .to_string(),
        json!({"version": "1.0", "request": {"type": 5}}).to_string(),
    ];
    for body in bodies {
        for path in ["/alexa", "/v1/turn"] {
            let response = app.post_body(path, body.clone()).await;
            let status = response.status().as_u16();
            assert!(status == 200 || status == 400, "{path}: {status} for {body:.60}");
            let _: Value = response.json().await.expect("a JSON body");
        }
    }
    // The server still answers afterwards.
    assert_eq!(app.client.get(format!("{}/healthz", app.address)).send().await.unwrap().status(), 200);
}

/// Reads whatever the server sends until it closes the connection.
async fn read_until_closed(stream: &mut tokio::net::TcpStream) -> String {
    use tokio::io::AsyncReadExt;
    let mut received = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(30), stream.read_to_end(&mut received)).await;
    String::from_utf8_lossy(&received).into_owned()
}

/// Sends `raw` on a new connection and reads until the server closes it.
async fn exchange(address: &str, raw: &[u8]) -> String {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(address.trim_start_matches("http://")).await.unwrap();
    stream.write_all(raw).await.unwrap();
    read_until_closed(&mut stream).await
}

/// Checks that `received` is what the HTTP layer answers bytes it cannot take as a request:
/// one refusal, `status` with an empty body, and the connection closed after it (the
/// documented exception to the JSON error body).
fn assert_refused_by_the_http_layer(received: &str, status: u16) {
    let answered = http1_responses(received);
    assert_eq!(answered.len(), 1, "{received}");
    assert_eq!(answered[0], (status, String::new()), "{received}");
}

#[tokio::test]
async fn requests_the_http_layer_cannot_parse_get_an_empty_400_or_431_and_the_server_goes_on() {
    let app = spawn_app().await;
    let malformed: [&[u8]; 9] = [
        b"GET /healthz HTTP/1.1 and more\r\nHost: x\r\n\r\n",
        b"G\x01T /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\n\r\n",
        b"POST /v1/turn HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        b"POST /v1/turn HTTP/1.1\r\nHost: x\r\nContent-Length: +2\r\n\r\n{}",
        b"POST /v1/turn HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
        b"POST /v1/turn HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    ];
    for raw in malformed {
        assert_refused_by_the_http_layer(&exchange(&app.address, raw).await, 400);
    }
    let many_headers = format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{}\r\n", "X-Filler: y\r\n".repeat(100));
    let huge_header = format!("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: {}\r\n\r\n", "y".repeat(140 * 1024));
    for raw in [many_headers, huge_header] {
        assert_refused_by_the_http_layer(&exchange(&app.address, raw.as_bytes()).await, 431);
    }
    // The server still answers afterwards.
    assert_eq!(app.client.get(format!("{}/healthz", app.address)).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn requests_before_a_malformed_one_on_a_connection_are_answered_first() {
    let app = spawn_app().await;
    let turn = json!({"utterance": "what happens next"}).to_string();
    let raw = format!(
        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n\
         POST /v1/turn HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{turn}\
         GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n\
         GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        turn.len()
    );
    let received = exchange(&app.address, raw.as_bytes()).await;
    let answered = http1_responses(&received);
    assert_eq!(answered.iter().map(|(status, _)| *status).collect::<Vec<_>>(), [200, 200, 400], "{received}");
    let turn: Value = serde_json::from_str(&answered[1].1).unwrap();
    assert!(!turn["speech"]["text"].as_str().unwrap().is_empty(), "{turn}");
    assert_eq!(answered[2].1, "", "{received}");
}

#[tokio::test]
async fn a_request_that_asks_to_close_is_answered_and_the_connection_closed() {
    let app = spawn_app().await;
    let received = exchange(&app.address, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    let statuses: Vec<u16> = http1_responses(&received).into_iter().map(|(status, _)| status).collect();
    assert_eq!(statuses, [200], "{received}");
}

#[tokio::test]
async fn a_body_that_breaks_its_chunks_gets_one_refusal() {
    let app = spawn_app().await;
    let raw = b"POST /v1/turn HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                Transfer-Encoding: chunked\r\n\r\n5\r\n{\"utt\r\nzz-not-a-size\r\n";
    let received = exchange(&app.address, raw).await;
    let answered = http1_responses(&received);
    assert_eq!(answered.len(), 1, "{received}");
    assert_eq!(answered[0].0, 400, "{received}");
    let refusal: Value = serde_json::from_str(&answered[0].1).unwrap();
    assert_eq!(refusal["error"]["code"], "unreadable_body", "{received}");
}

#[tokio::test]
async fn a_client_too_slow_with_its_headers_gets_an_empty_408() {
    let app = spawn_app().await;
    let started = std::time::Instant::now();
    let received = exchange(&app.address, b"POST /v1/turn HTTP/1.1\r\nHost: localhost\r\n").await;
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "the connection stayed open");
    assert_refused_by_the_http_layer(&received, 408);
}

#[tokio::test]
async fn a_later_request_that_trickles_its_headers_is_closed_after_the_keep_alive_and_the_header_time() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let mut stream = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://")).await.unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let mut first = [0; 1024];
    assert!(stream.read(&mut first).await.unwrap() > 0);
    stream.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
    // A header line every two seconds: never a whole head, never idle for long.
    let started = std::time::Instant::now();
    let closed = loop {
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        if stream.write_all(b"X-Slow: y\r\n").await.is_err() {
            break true;
        }
        let mut rest = [0; 1024];
        match tokio::time::timeout(std::time::Duration::from_millis(10), stream.read(&mut rest)).await {
            Ok(Ok(0) | Err(_)) => break true,
            _ if started.elapsed() > std::time::Duration::from_secs(60) => break false,
            _ => {}
        }
    };
    assert!(closed, "the connection was still open after 60 s");
    // The keep-alive (30 s) and the header time (5 s), then the next sweep.
    assert!(started.elapsed() >= std::time::Duration::from_secs(30), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_client_too_slow_with_its_body_gets_a_408() {
    use tokio::io::AsyncWriteExt;
    let app = spawn_app().await;
    let mut stream = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://")).await.unwrap();
    let head =
        "POST /v1/turn HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(b"{\"utterance\": ").await.unwrap();
    let received = read_until_closed(&mut stream).await;
    assert!(received.starts_with("HTTP/1.1 408"), "{received}");
    assert!(received.contains("\"body_timeout\""), "{received}");
}

#[tokio::test]
async fn words_longer_than_the_platform_sends_are_refused_not_matched() {
    let app = spawn_app().await;
    let (spoken, dialogflow) = (carevoice::platform::MAX_SPOKEN_CHARS, carevoice::platform::DIALOGFLOW_QUERY_CHARS);
    let words = |length: usize| "why did my treatment stop ".repeat(50).chars().take(length).collect::<String>();
    // 60 KB of "a a a": once, it was heard as "speak slower".
    let flood = "a ".repeat(30_000);
    for too_long in [flood.as_str(), &words(spoken + 1)] {
        let turn = json!({"utterance": too_long, "user": "long-words"}).to_string();
        assert_error(app.post_body("/v1/turn", turn).await, 400, "too_many_words").await;
    }
    for too_long in [flood.as_str(), &words(dialogflow + 1)] {
        let es = json!({
            "session": "projects/p/agent/sessions/long-words",
            "queryResult": {"queryText": too_long, "intent": {"displayName": "Default Fallback Intent"}},
        });
        assert_error(app.post_dialogflow("/dialogflow/es", &es).await, 400, "too_many_words").await;
    }
    // At each limit, answered; and the rate was never changed.
    let reply = app.turn(&json!({"utterance": words(spoken), "user": "long-words"})).await;
    assert_eq!(reply["session"]["rate"], "normal", "{reply}");
    let es = json!({
        "session": "projects/p/agent/sessions/long-words",
        "queryResult": {"queryText": words(dialogflow), "intent": {"displayName": "Default Fallback Intent"}},
    });
    let reply = app.dialogflow("/dialogflow/es", &es).await;
    assert!(reply["fulfillmentText"].as_str().is_some_and(|text| !text.is_empty()), "{reply}");
}

#[tokio::test]
async fn a_client_still_sending_an_oversized_body_reads_the_413() {
    use tokio::io::AsyncWriteExt;
    let app = spawn_app().await;
    let mut stream = tokio::net::TcpStream::connect(app.address.strip_prefix("http://").unwrap()).await.unwrap();
    // Larger than what socket buffers hold, so the server must read it for the write to end.
    let body = vec![b'x'; 8_000_000];
    let head = format!(
        "POST /v1/turn HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // The whole body goes out before the answer is read, as a simple client does.
    stream.write_all(&body).await.expect("the server takes the body rather than resetting");
    let response = read_until_closed(&mut stream).await;
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(response.contains("payload_too_large"), "{response}");
}
