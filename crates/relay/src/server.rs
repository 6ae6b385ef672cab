//! The HTTP side: routes, the origin and token checks, CORS and the request log.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::config::Config;
use crate::message;
use crate::smtp::Mailer;
use crate::store::{Recorded, Store};

/// The request header carrying the key that makes a POST safe to repeat.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// Set on an answer that repeats the recorded answer instead of forwarding again.
pub const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
/// The longest Idempotency-Key accepted (an RFC 5322 line's length).
const MAX_KEY_LEN: usize = 998;

pub struct AppState {
    pub config: Config,
    store: Mutex<Store>,
    mailer: Mailer,
    /// One lock per key being handled, so that concurrent requests with the same key
    /// wait for each other across check, forward and record.
    in_flight: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// A short note from a handler for the request log line.
#[derive(Clone)]
struct LogNote(String);

impl AppState {
    pub fn new(config: Config, store: Store, mailer: Mailer) -> AppState {
        AppState { config, store: Mutex::new(store), mailer, in_flight: Mutex::new(HashMap::new()) }
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn key_lock(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(key.to_string()).or_default().clone()
    }

    /// Forgets the lock of `key` once no other request holds or waits for it. Clones are
    /// only made under the map's lock, so a count of 1 (the map's own) is final.
    fn release_key(&self, key: &str, lock: Arc<tokio::sync::Mutex<()>>) {
        let mut map = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        drop(lock);
        if map.get(key).is_some_and(|entry| Arc::strong_count(entry) == 1) {
            map.remove(key);
        }
    }
}

/// The relay's routes with all their layers.
pub fn router(state: Arc<AppState>) -> Router {
    let for_cors = state.clone();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| origin.to_str().is_ok_and(|o| for_cors.config.origin_allowed(o))))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers(allowed_headers(&state.config))
        .expose_headers([IDEMPOTENT_REPLAYED])
        .max_age(Duration::from_secs(600));
    Router::new()
        .route("/health", get(health))
        .route("/v1/messages", post(post_message))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(state.config.max_bytes))
        .layer(cors)
        .layer(middleware::from_fn_with_state(state.clone(), check_origin))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// The request headers a page may send: ours and those of --allow-header.
fn allowed_headers(config: &Config) -> Vec<HeaderName> {
    let extra = config.allow_headers.iter().filter_map(|name| HeaderName::from_bytes(name.as_bytes()).ok());
    [header::AUTHORIZATION, header::CONTENT_TYPE, IDEMPOTENCY_KEY].into_iter().chain(extra).collect()
}

async fn health() -> Response {
    Json(json!({ "status": "ok" })).into_response()
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "no such endpoint; the app posts to /v1/messages".to_string())
}

/// A JSON error answer: `{"error": code, "reason": text}`.
fn error(status: StatusCode, code: &str, reason: String) -> Response {
    let note = LogNote(format!("{code}: {reason}"));
    let mut response = (status, Json(json!({ "error": code, "reason": reason }))).into_response();
    response.extensions_mut().insert(note);
    response
}

/// A browser page from an origin not in --allow-origin gets 403, preflight or not
/// (CORS alone would only hide the answer from the page, after forwarding the message).
async fn check_origin(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        let text = String::from_utf8_lossy(origin.as_bytes()).into_owned();
        if !state.config.origin_allowed(&text) {
            return error(StatusCode::FORBIDDEN, "origin_not_allowed", format!("origin `{text}` is not allowed (see --allow-origin)"));
        }
    }
    next.run(request).await
}

/// One line on stderr per request: time, client, method, path, status, duration, note.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let client = request.extensions().get::<ConnectInfo<SocketAddr>>().map_or("-".to_string(), |c| c.0.to_string());
    let response = next.run(request).await;
    let note = response.extensions().get::<LogNote>().map_or("", |n| n.0.as_str());
    let took = started.elapsed().as_millis();
    eprintln!("{} {client} {method} {path} {} {took}ms {note}", timestamp(), response.status().as_u16());
    response
}

fn timestamp() -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = i64::try_from(now.as_secs()).unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, 0).map_or_else(|| secs.to_string(), |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// Whether the request carries the configured bearer token (always, if none is set).
fn authorised(config: &Config, headers: &HeaderMap) -> bool {
    let Some(token) = &config.token else { return true };
    let Some(value) = headers.get(header::AUTHORIZATION).map(HeaderValue::as_bytes) else { return false };
    let Some((scheme, given)) = value.split_at_checked(7) else { return false };
    scheme.eq_ignore_ascii_case(b"bearer ") && constant_time_eq(given, token.as_bytes())
}

/// Compares without stopping at the first difference, so timing tells nothing of the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// POST /v1/messages: the checks in order (token, body, content type, key), then the
/// key's lock across look-up, forward and record.
async fn post_message(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Result<Bytes, BytesRejection>) -> Response {
    if !authorised(&state.config, &headers) {
        let mut response = error(StatusCode::UNAUTHORIZED, "unauthorized", "missing or wrong bearer token".to_string());
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let reason = format!("the message is larger than {} bytes", state.config.max_bytes);
            return error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", reason);
        }
        Err(rejection) => return error(rejection.status(), "body", rejection.body_text()),
    };
    if let Some(content_type) = headers.get(header::CONTENT_TYPE) {
        let media_type = content_type.to_str().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if media_type != "message/rfc822" {
            let reason = format!("Content-Type must be message/rfc822, not `{}`", String::from_utf8_lossy(content_type.as_bytes()));
            return error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "content_type", reason);
        }
    }
    let key = headers.get(IDEMPOTENCY_KEY).and_then(|v| v.to_str().ok()).map(str::trim).unwrap_or("");
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        let reason = format!("an Idempotency-Key header (the Message-ID, at most {MAX_KEY_LEN} characters) is required");
        return error(StatusCode::BAD_REQUEST, "idempotency_key", reason);
    }
    let lock = state.key_lock(key);
    let guard = lock.lock().await;
    let response = forward_once(&state, key, &body).await;
    drop(guard);
    state.release_key(key, lock);
    response
}

/// With the key's lock held: the recorded answer if there is one, else forward and record.
async fn forward_once(state: &AppState, key: &str, body: &[u8]) -> Response {
    let found = state.store().find(key);
    match found {
        Ok(Some(recorded)) => return answer(&recorded, key, true),
        Ok(None) => {}
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, "store", format!("cannot read the idempotency store: {e}")),
    }
    let outgoing = match message::prepare(body) {
        Ok(outgoing) => outgoing,
        Err(reason) => return error(StatusCode::BAD_REQUEST, "invalid_message", reason),
    };
    if let Err(failure) = state.mailer.send(&outgoing).await {
        let note = LogNote(format!("key={key} smtp: {}", failure.reason));
        let body = json!({ "error": "smtp", "reason": failure.reason, "smtp_code": failure.code });
        let mut response = (StatusCode::BAD_GATEWAY, Json(body)).into_response();
        response.extensions_mut().insert(note);
        return response;
    }
    let recorded = state.store().record(key, StatusCode::ACCEPTED.as_u16(), outgoing.recipients.len());
    match recorded {
        Ok(recorded) => {
            let mut response = answer(&recorded, key, false);
            let note = format!("key={key} id={} forwarded to {} recipient(s)", recorded.id, outgoing.recipients.len());
            response.extensions_mut().insert(LogNote(note));
            response
        }
        Err(e) => {
            let reason = format!("the message was forwarded but not recorded ({e}); a retry would send it again");
            error(StatusCode::INTERNAL_SERVER_ERROR, "store", reason)
        }
    }
}

fn answer(recorded: &Recorded, key: &str, replayed: bool) -> Response {
    let status = StatusCode::from_u16(recorded.status).unwrap_or(StatusCode::ACCEPTED);
    let mut response = (status, Json(json!({ "id": recorded.id }))).into_response();
    if replayed {
        response.headers_mut().insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
        response.extensions_mut().insert(LogNote(format!("key={key} id={} replayed, not forwarded", recorded.id)));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(token: Option<&str>) -> Config {
        let cli = <crate::config::Cli as clap::Parser>::try_parse_from(["reskontra-relay", "--smtp", "localhost:25"]).unwrap();
        let mut config = Config::merge(cli, crate::config::FileConfig::default()).unwrap();
        config.token = token.map(str::to_string);
        config
    }

    fn with_auth(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn bearer_token_must_match_exactly() {
        let config = config(Some("s3cret"));
        assert!(authorised(&config, &with_auth("Bearer s3cret")));
        assert!(authorised(&config, &with_auth("bearer s3cret")));
        assert!(!authorised(&config, &with_auth("Bearer s3cre")));
        assert!(!authorised(&config, &with_auth("Bearer s3cret2")));
        assert!(!authorised(&config, &with_auth("Basic s3cret")));
        assert!(!authorised(&config, &HeaderMap::new()));
        assert!(authorised(&self::config(None), &HeaderMap::new()));
    }
}
