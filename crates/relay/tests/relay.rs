//! End-to-end tests of reskontra-relay: the built binary, a real SMTP server (aiosmtpd,
//! tests/smtp_sink.py, run by `$RESKONTRA_PYTHON` or `python3`) and plain HTTP/1.1 over a
//! TcpStream. `cargo xtask test --only native` installs aiosmtpd in target/pyenv and sets
//! RESKONTRA_PYTHON; by hand: `python3 -m pip install aiosmtpd`.
//!
//! What arrives is compared byte for byte. aiosmtpd hands over the DATA lines as they came,
//! each with its CRLF, dot-stuffing undone, the final "." line left out; the relay sends a
//! message that ends in CRLF as message + ".\r\n", so nothing needs normalising. A message
//! without a final line end gets one (SMTP data is lines): that is the one difference, and
//! `a_message_without_a_final_line_end_gets_one` pins it.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

const TOKEN: &str = "test-token-123";
const APP_ORIGIN: &str = "https://app.example.test";

/// A message with To, Cc and a folded Bcc, a body line that looks like a Bcc field and
/// lines that need dot-stuffing on the wire.
const MESSAGE: &str = "From: Reskontra AR <ar@example.com>\r\n\
To: Anna Berg <anna@example.org>\r\n\
Cc: bo@example.org\r\n\
Bcc: hidden@example.net,\r\n\
\tsecond-hidden@example.net\r\n\
Subject: Payment reminder\r\n\
Message-ID: <r1.test@example.com>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Hello,\r\n\
.a line starting with a dot\r\n\
.\r\n\
Bcc: this is body text and stays\r\n";

/// MESSAGE as it must arrive: the same bytes without the two Bcc lines.
const MESSAGE_WITHOUT_BCC: &str = "From: Reskontra AR <ar@example.com>\r\n\
To: Anna Berg <anna@example.org>\r\n\
Cc: bo@example.org\r\n\
Subject: Payment reminder\r\n\
Message-ID: <r1.test@example.com>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Hello,\r\n\
.a line starting with a dot\r\n\
.\r\n\
Bcc: this is body text and stays\r\n";

fn simple_message(message_id: &str, to: &str) -> String {
    format!("From: ar@example.com\r\nTo: {to}\r\nSubject: Invoice\r\nMessage-ID: {message_id}\r\n\r\nInvoice attached.\r\n")
}

// ---------------------------------------------------------------- processes

/// Polls `ready` every 50 ms for at most `limit`; false if it never became true.
fn wait_until(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if ready() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// A port for a sink, free now. Taken from 20000–31999, below the kernel's ephemeral range
/// (32768–60999 by default), so that no port the kernel hands out meanwhile (a relay's
/// `--listen 127.0.0.1:0`, an outgoing connection) can take it before the sink binds it;
/// tests in this process step through the range, starting at a place given by the pid.
fn free_port() -> u16 {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let start = std::process::id() % 1200 * 10;
    for _ in 0..12_000 {
        let port = 20_000 + (start + NEXT.fetch_add(1, Ordering::Relaxed)) % 12_000;
        let port = u16::try_from(port).expect("below 32000");
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free port in 20000-31999 on 127.0.0.1");
}

/// A message as the SMTP sink saved it.
#[derive(Debug)]
struct Received {
    mail_from: String,
    rcpt_tos: Vec<String>,
    data: Vec<u8>,
}

/// tests/smtp_sink.py on 127.0.0.1:port, saving into dir.
struct Sink {
    child: Child,
    _stdin: ChildStdin, // the sink stops when this closes
}

impl Sink {
    fn start(port: u16, dir: &Path) -> Sink {
        let python = std::env::var("RESKONTRA_PYTHON").unwrap_or_else(|_| "python3".to_string());
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
        let mut child = Command::new(&python)
            .arg(&script)
            .args(["--port", &port.to_string(), "--dir"])
            .arg(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {python}: {e}"));
        let stdin = child.stdin.take().expect("piped stdin");
        let mut line = String::new();
        // The sink prints "ready" once it listens, or exits (EOF) if it cannot start.
        let _ = BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line);
        assert_eq!(
            line.trim(),
            "ready",
            "the SMTP sink did not start (is aiosmtpd installed for {python}? `cargo xtask test --only native` sets up target/pyenv)"
        );
        assert!(wait_until(Duration::from_secs(10), || TcpStream::connect(("127.0.0.1", port)).is_ok()), "sink port {port} never opened");
        Sink { child, _stdin: stdin }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The messages saved in `dir`, oldest first.
fn received(dir: &Path) -> Vec<Received> {
    let mut metas: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    metas.sort();
    metas
        .iter()
        .map(|meta| {
            let json: Value = serde_json::from_str(&fs::read_to_string(meta).unwrap()).unwrap();
            Received {
                mail_from: json["mail_from"].as_str().unwrap().to_string(),
                rcpt_tos: json["rcpt_tos"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect(),
                data: fs::read(meta.with_extension("eml")).unwrap(),
            }
        })
        .collect()
}

/// The reskontra-relay binary on a port of its own choosing (--listen 127.0.0.1:0).
struct Relay {
    child: Child,
    addr: SocketAddr,
    log: Arc<Mutex<String>>,
}

impl Relay {
    fn start(args: &[&str]) -> Relay {
        let mut child = Command::new(env!("CARGO_BIN_EXE_reskontra-relay"))
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("RESKONTRA_RELAY_TOKEN")
            .env_remove("RESKONTRA_RELAY_SMTP_PASSWORD")
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start reskontra-relay");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().expect("piped stderr");
        let log_writer = log.clone();
        // Keeps reading stderr (so the relay never blocks on a full pipe) and reports the
        // address from the "listening on http://ADDR," line.
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let _ = tx.send(rest.split(',').next().unwrap_or("").to_string());
                }
                log_writer.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(addr) => addr.parse().expect("a socket address in the listening line"),
            Err(_) => panic!("the relay did not start; its stderr:\n{}", log.lock().unwrap()),
        };
        let relay = Relay { child, addr, log };
        let healthy = wait_until(Duration::from_secs(10), || request(relay.addr, "GET", "/health", &[], b"").is_ok_and(|r| r.status == 200));
        assert!(healthy, "GET /health never answered 200; stderr:\n{}", relay.log());
        relay
    }

    /// A relay forwarding to the sink on `smtp_port`, keys in `data`, token and app origin set.
    fn standard(smtp_port: u16, data: &Path, extra: &[&str]) -> Relay {
        let smtp = format!("127.0.0.1:{smtp_port}");
        let data = data.to_str().unwrap();
        let mut args = vec!["--smtp", &smtp, "--data", data, "--token", TOKEN, "--allow-origin", APP_ORIGIN, "--allow-header", "X-Tenant"];
        args.extend(extra);
        Relay::start(&args)
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// POST /v1/messages with the token, `key` as Idempotency-Key and message/rfc822.
    fn post(&self, key: &str, message: &[u8]) -> Reply {
        self.send(
            "POST",
            "/v1/messages",
            &[("Authorization", &format!("Bearer {TOKEN}")), ("Idempotency-Key", key), ("Content-Type", "message/rfc822")],
            message,
        )
    }

    fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        request(self.addr, method, path, headers, body).unwrap_or_else(|e| panic!("{method} {path}: {e}; relay stderr:\n{}", self.log()))
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------- HTTP

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    fn id(&self) -> String {
        assert_eq!(self.status, 202, "expected 202, got {self:?}");
        self.json()["id"].as_str().expect("an id in the 202 answer").to_string()
    }
}

/// One HTTP/1.1 request with `Connection: close`; the whole answer.
fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).ok_or_else(|| std::io::Error::other("no status"))?;
    let headers: Vec<(String, String)> = lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string())).collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Ok(Reply { status, headers, body })
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&raw[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 2 + size + 2..];
    }
    out
}

// ---------------------------------------------------------------- tests

#[test]
fn forwards_the_message_without_its_bcc_field_to_every_recipient() {
    let (sink_dir, data_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = free_port();
    let _sink = Sink::start(port, sink_dir.path());
    let relay = Relay::standard(port, &data_dir.path().join("relay.sqlite"), &[]);

    let reply = relay.post("<r1.test@example.com>", MESSAGE.as_bytes());
    assert!(!reply.id().is_empty());

    let got = received(sink_dir.path());
    assert_eq!(got.len(), 1, "one message arrives");
    assert_eq!(String::from_utf8_lossy(&got[0].data), MESSAGE_WITHOUT_BCC, "the message minus its Bcc lines, byte for byte");
    assert_eq!(got[0].mail_from, "ar@example.com");
    assert_eq!(got[0].rcpt_tos, ["anna@example.org", "bo@example.org", "hidden@example.net", "second-hidden@example.net"]);
    // The line is written before the answer; the reader thread may still be on its way.
    let logged = wait_until(Duration::from_secs(10), || relay.log().contains("POST /v1/messages 202"));
    assert!(logged, "a log line per request:\n{}", relay.log());
}

#[test]
fn a_message_without_a_final_line_end_gets_one() {
    let (sink_dir, data_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = free_port();
    let _sink = Sink::start(port, sink_dir.path());
    let relay = Relay::standard(port, &data_dir.path().join("relay.sqlite"), &[]);

    let message = "From: ar@example.com\r\nTo: anna@example.org\r\nBcc: x@example.net\r\nSubject: No final CRLF\r\n\r\nlast line";
    relay.post("<nocrlf@example.com>", message.as_bytes()).id();
    let got = received(sink_dir.path());
    assert_eq!(got.len(), 1);
    assert_eq!(String::from_utf8_lossy(&got[0].data), "From: ar@example.com\r\nTo: anna@example.org\r\nSubject: No final CRLF\r\n\r\nlast line\r\n");
    assert_eq!(got[0].rcpt_tos, ["anna@example.org", "x@example.net"]);
}

#[test]
fn a_missing_or_wrong_token_is_401_and_forwards_nothing() {
    let (sink_dir, data_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = free_port();
    let _sink = Sink::start(port, sink_dir.path());
    let relay = Relay::standard(port, &data_dir.path().join("relay.sqlite"), &[]);
    let message = simple_message("<t@example.com>", "anna@example.org");

    let missing = relay.send("POST", "/v1/messages", &[("Idempotency-Key", "<t@example.com>"), ("Content-Type", "message/rfc822")], message.as_bytes());
    assert_eq!(missing.status, 401);
    assert_eq!(missing.json()["error"], "unauthorized");
    let wrong = relay.send(
        "POST",
        "/v1/messages",
        &[("Authorization", "Bearer not-the-token"), ("Idempotency-Key", "<t@example.com>"), ("Content-Type", "message/rfc822")],
        message.as_bytes(),
    );
    assert_eq!(wrong.status, 401);
    assert!(received(sink_dir.path()).is_empty());
    // The key was not used up: the right token now sends it.
    relay.post("<t@example.com>", message.as_bytes()).id();
    assert_eq!(received(sink_dir.path()).len(), 1);
}

#[test]
fn other_origins_get_403_and_the_app_origin_gets_cors_headers() {
    let (sink_dir, data_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = free_port();
    let _sink = Sink::start(port, sink_dir.path());
    let relay = Relay::standard(port, &data_dir.path().join("relay.sqlite"), &[]);
    let message = simple_message("<o@example.com>", "anna@example.org");
    let auth = format!("Bearer {TOKEN}");

    let preflight = [
        ("Origin", APP_ORIGIN),
        ("Access-Control-Request-Method", "POST"),
        ("Access-Control-Request-Headers", "authorization,content-type,idempotency-key,x-tenant"),
    ];
    let reply = relay.send("OPTIONS", "/v1/messages", &preflight, b"");
    assert!(reply.status == 200 || reply.status == 204, "preflight answered {reply:?}");
    assert_eq!(reply.header("access-control-allow-origin"), Some(APP_ORIGIN));
    let methods = reply.header("access-control-allow-methods").unwrap_or("").to_ascii_uppercase();
    assert!(methods.contains("POST") && methods.contains("GET"), "allow-methods: {methods}");
    let allowed = reply.header("access-control-allow-headers").unwrap_or("").to_ascii_lowercase();
    for name in ["authorization", "content-type", "idempotency-key", "x-tenant"] {
        assert!(allowed.contains(name), "allow-headers `{allowed}` lacks {name}");
    }

    let evil_preflight = [("Origin", "https://evil.example.test"), ("Access-Control-Request-Method", "POST")];
    let reply = relay.send("OPTIONS", "/v1/messages", &evil_preflight, b"");
    assert_eq!(reply.status, 403);
    assert_eq!(reply.header("access-control-allow-origin"), None);

    let headers =
        [("Origin", "https://evil.example.test"), ("Authorization", &auth), ("Idempotency-Key", "<o@example.com>"), ("Content-Type", "message/rfc822")];
    let reply = relay.send("POST", "/v1/messages", &headers, message.as_bytes());
    assert_eq!(reply.status, 403);
    assert_eq!(reply.json()["error"], "origin_not_allowed");
    assert!(received(sink_dir.path()).is_empty(), "a forbidden origin forwards nothing");

    let headers = [("Origin", APP_ORIGIN), ("Authorization", &auth), ("Idempotency-Key", "<o@example.com>"), ("Content-Type", "message/rfc822")];
    let reply = relay.send("POST", "/v1/messages", &headers, message.as_bytes());
    reply.id();
    assert_eq!(reply.header("access-control-allow-origin"), Some(APP_ORIGIN), "the page can read the answer");
    assert_eq!(received(sink_dir.path()).len(), 1);
}

#[test]
fn a_body_over_max_bytes_is_413() {
    let (sink_dir, data_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = free_port();
    let _sink = Sink::start(port, sink_dir.path());
    let relay = Relay::standard(port, &data_dir.path().join("relay.sqlite"), &["--max-bytes", "2000"]);

    let big = format!("{}{}\r\n", simple_message("<big@example.com>", "anna@example.org"), "x".repeat(2100));
    let reply = relay.post("<big@example.com>", big.as_bytes());
    assert_eq!(reply.status, 413, "{reply:?}");
    assert_eq!(reply.json()["error"], "too_large");
    // Just under the limit passes.
    let small = simple_message("<small@example.com>", "anna@example.org");
    relay.post("<small@example.com>", small.as_bytes()).id();
    assert_eq!(received(sink_dir.path()).len(), 1);
}

#[test]
fn garbage_and_a_missing_key_are_400_with_a_reason() {
    let (sink_dir, data_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = free_port();
    let _sink = Sink::start(port, sink_dir.path());
    let relay = Relay::standard(port, &data_dir.path().join("relay.sqlite"), &[]);

    for (body, why) in [
        (&b"\x00\x01 this is not a mail \xff"[..], "header"),
        (b"To: anna@example.org\r\nSubject: no sender\r\n\r\nx\r\n", "From"),
        (b"From: ar@example.com\r\nSubject: nobody\r\n\r\nx\r\n", "recipient"),
        (b"", "empty"),
    ] {
        let reply = relay.post("<bad@example.com>", body);
        assert_eq!(reply.status, 400, "{reply:?}");
        let json = reply.json();
        assert_eq!(json["error"], "invalid_message");
        assert!(json["reason"].as_str().unwrap().contains(why), "reason {json} should mention {why}");
    }

    let message = simple_message("<nokey@example.com>", "anna@example.org");
    let reply = relay.send("POST", "/v1/messages", &[("Authorization", &format!("Bearer {TOKEN}")), ("Content-Type", "message/rfc822")], message.as_bytes());
    assert_eq!(reply.status, 400);
    assert_eq!(reply.json()["error"], "idempotency_key");

    let headers = [("Authorization", &format!("Bearer {TOKEN}")[..]), ("Idempotency-Key", "<ct@example.com>"), ("Content-Type", "application/json")];
    assert_eq!(relay.send("POST", "/v1/messages", &headers, message.as_bytes()).status, 415);
    assert!(received(sink_dir.path()).is_empty());
}

#[test]
fn a_repeated_key_gets_the_first_id_and_forwards_once_even_concurrently() {
    let (sink_dir, data_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = free_port();
    let _sink = Sink::start(port, sink_dir.path());
    let relay = Relay::standard(port, &data_dir.path().join("relay.sqlite"), &[]);
    let message = simple_message("<dup@example.com>", "anna@example.org");

    let first = relay.post("<dup@example.com>", message.as_bytes());
    let again = relay.post("<dup@example.com>", message.as_bytes());
    assert_eq!(again.id(), first.id());
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(received(sink_dir.path()).len(), 1);

    let other = relay.post("<other@example.com>", simple_message("<other@example.com>", "bo@example.org").as_bytes());
    assert_ne!(other.id(), first.id(), "each accepted message gets its own id");
    assert_eq!(received(sink_dir.path()).len(), 2);

    // Eight requests with one new key at the same time: one forward, one id.
    let message = simple_message("<race@example.com>", "anna@example.org");
    let relay = &relay;
    let ids: Vec<String> = thread::scope(|scope| {
        let handles: Vec<_> = (0..8).map(|_| scope.spawn(|| relay.post("<race@example.com>", message.as_bytes()).id())).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(ids.iter().all(|id| *id == ids[0]), "one id for one key: {ids:?}");
    assert_eq!(received(sink_dir.path()).len(), 3, "the concurrent duplicates forwarded once");
}

#[test]
fn keys_survive_a_restart_of_the_relay() {
    let (sink_dir, data_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = free_port();
    let _sink = Sink::start(port, sink_dir.path());
    let data = data_dir.path().join("relay.sqlite");
    let message = simple_message("<restart@example.com>", "anna@example.org");

    let relay = Relay::standard(port, &data, &[]);
    let first = relay.post("<restart@example.com>", message.as_bytes()).id();
    drop(relay); // killed, not shut down: what was answered must already be on disk

    let relay = Relay::standard(port, &data, &[]);
    let again = relay.post("<restart@example.com>", message.as_bytes());
    assert_eq!(again.id(), first);
    assert_eq!(received(sink_dir.path()).len(), 1, "nothing forwarded after the restart");
    let next = relay.post("<after@example.com>", simple_message("<after@example.com>", "anna@example.org").as_bytes()).id();
    assert_ne!(next, first, "ids are not reused after a restart");
}

#[test]
fn smtp_down_is_502_and_a_retry_with_the_same_key_sends_once() {
    let (sink_dir, data_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = free_port();
    let relay = Relay::standard(port, &data_dir.path().join("relay.sqlite"), &[]);
    let message = simple_message("<down@example.com>", "anna@example.org");

    let reply = relay.post("<down@example.com>", message.as_bytes());
    assert_eq!(reply.status, 502, "{reply:?}");
    let json = reply.json();
    assert_eq!(json["error"], "smtp");
    assert!(!json["reason"].as_str().unwrap().is_empty());

    let _sink = Sink::start(port, sink_dir.path());
    let id = relay.post("<down@example.com>", message.as_bytes()).id();
    assert_eq!(relay.post("<down@example.com>", message.as_bytes()).id(), id);
    let got = received(sink_dir.path());
    assert_eq!(got.len(), 1, "exactly one message after the failed try and the retries");
    assert_eq!(got[0].data, message.as_bytes());
}

#[test]
fn a_refused_recipient_is_502_with_the_servers_reason() {
    let (sink_dir, data_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = free_port();
    let _sink = Sink::start(port, sink_dir.path());
    let relay = Relay::standard(port, &data_dir.path().join("relay.sqlite"), &[]);

    let message = simple_message("<refused@example.com>", "anna@example.org, please-refuse@example.org");
    let reply = relay.post("<refused@example.com>", message.as_bytes());
    assert_eq!(reply.status, 502, "{reply:?}");
    let json = reply.json();
    assert_eq!(json["smtp_code"], 550);
    assert!(json["reason"].as_str().unwrap().contains("recipient refused by the test sink"), "the server's text is passed on: {json}");
    assert!(received(sink_dir.path()).is_empty(), "nothing is delivered when one recipient is refused");
    // Not recorded as done: the same key is tried again (and refused again).
    assert_eq!(relay.post("<refused@example.com>", message.as_bytes()).status, 502);
}

#[test]
fn a_toml_file_configures_the_same_keys() {
    let (sink_dir, data_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let port = free_port();
    let _sink = Sink::start(port, sink_dir.path());
    let data = data_dir.path().join("from-file.sqlite");
    let config = data_dir.path().join("relay.toml");
    let toml =
        format!("smtp = \"127.0.0.1:{port}\"\ntoken = \"{TOKEN}\"\nallow-origin = [\"{APP_ORIGIN}\"]\nmax-bytes = 3000\ndata = \"{}\"\n", data.display());
    fs::write(&config, toml).unwrap();
    let relay = Relay::start(&["--config", config.to_str().unwrap()]);

    relay.post("<file@example.com>", simple_message("<file@example.com>", "anna@example.org").as_bytes()).id();
    assert!(data.exists(), "the store is where the file says");
    let unauthorised = relay.send("POST", "/v1/messages", &[("Idempotency-Key", "<x@example.com>")], b"From: a@example.com\r\n");
    assert_eq!(unauthorised.status, 401, "the token comes from the file");
    assert_eq!(relay.post("<big@example.com>", &[b'x'; 3100]).status, 413, "max-bytes comes from the file");
    assert_eq!(received(sink_dir.path()).len(), 1);
}
