//! Handing a raw message to the mail relay the user configured (SPEC R12.4): one
//! `POST {url}/v1/messages` per email with `Content-Type: message/rfc822`, the
//! Message-ID as `Idempotency-Key` (the relay forwards a key once, so a retry never
//! sends a message twice), the bearer token and the extra headers; and `GET
//! {url}/health` for *Test connection*. The URL the user enters is the relay's base
//! URL (`https://relay.example.com` or `http://127.0.0.1:8025`).
//!
//! Nothing here touches the ledger: the caller commits Sending before it calls
//! [`post_message`] and records the outcome after (no IndexedDB transaction is open
//! while a request is waited for).

use reskontra_core::mailings::queue::SendOutcome;
use reskontra_core::settings::RelaySettings;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// How long one request may take before it is given up (and the email marked Failed).
pub const TIMEOUT_MS: i32 = 30_000;

/// The message the queue shows for an email that never left because the browser is offline.
pub const OFFLINE: &str = "offline: stays Pending";

/// The relay's base URL without a trailing `/`, and `path` after it.
pub fn endpoint(url: &str, path: &str) -> String {
    format!("{}{path}", url.trim().trim_end_matches('/'))
}

/// Whether the browser says it is online (`navigator.onLine`); `true` when it cannot tell.
pub fn is_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

/// Posts one raw message. 2xx with `{"id": …}` is Accepted; any other answer, a
/// timeout or a network error is Refused with the reason; offline (before the request,
/// or a network error with the browser offline) it is NotSent and the email stays Pending.
pub async fn post_message(relay: &RelaySettings, message_id: &str, bytes: &[u8]) -> SendOutcome {
    if !is_online() {
        return SendOutcome::NotSent;
    }
    let headers = match request_headers(relay, Some(message_id)) {
        Ok(h) => h,
        Err(reason) => return SendOutcome::Refused { reason },
    };
    let body = js_sys::Uint8Array::from(bytes);
    match request("POST", &endpoint(&relay.url, "/v1/messages"), &headers, Some(&body)).await {
        Ok((status, text)) if (200..300).contains(&status) => match relay_id(&text) {
            Some(relay_id) => SendOutcome::Accepted { relay_id },
            None => SendOutcome::Refused { reason: format!("HTTP {status}: the relay's answer has no id ({})", shorten(&text)) },
        },
        Ok((status, text)) => SendOutcome::Refused { reason: format!("HTTP {status}: {}", error_text(&text)) },
        // The network went away while the request was out: the message never left.
        Err(_) if !is_online() => SendOutcome::NotSent,
        Err(reason) => SendOutcome::Refused { reason },
    }
}

/// *Test connection*: `GET {url}/health`; `Ok` when the relay answers 2xx.
pub async fn check_health(relay: &RelaySettings) -> Result<(), String> {
    if relay.url.trim().is_empty() {
        return Err("Enter the relay's address first".to_string());
    }
    let headers = request_headers(relay, None)?;
    match request("GET", &endpoint(&relay.url, "/health"), &headers, None).await? {
        (status, _) if (200..300).contains(&status) => Ok(()),
        (status, text) => Err(format!("HTTP {status}: {}", error_text(&text))),
    }
}

/// The request headers: the content type and key for a message, the token, the extras.
fn request_headers(relay: &RelaySettings, message_id: Option<&str>) -> Result<web_sys::Headers, String> {
    let js = |e: JsValue| format!("bad header: {}", js_error(&e));
    let headers = web_sys::Headers::new().map_err(js)?;
    if let Some(id) = message_id {
        headers.set("Content-Type", "message/rfc822").map_err(js)?;
        headers.set("Idempotency-Key", id).map_err(js)?;
    }
    if !relay.token.trim().is_empty() {
        headers.set("Authorization", &format!("Bearer {}", relay.token.trim())).map_err(js)?;
    }
    for (name, value) in relay.header_pairs() {
        headers.set(&name, &value).map_err(js)?;
    }
    Ok(headers)
}

/// One request with the timeout: the status and the body's text, or why there is none.
async fn request(method: &str, url: &str, headers: &web_sys::Headers, body: Option<&js_sys::Uint8Array>) -> Result<(u16, String), String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let controller = web_sys::AbortController::new().map_err(|e| js_error(&e))?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_headers(headers);
    if let Some(body) = body {
        init.set_body(body);
    }
    init.set_signal(Some(&controller.signal()));
    let abort = {
        let controller = controller.clone();
        Closure::<dyn FnMut()>::new(move || controller.abort())
    };
    let timer = window.set_timeout_with_callback_and_timeout_and_arguments_0(abort.as_ref().unchecked_ref(), TIMEOUT_MS).ok();
    let result = async {
        let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(url, &init)).await?;
        let response: web_sys::Response = response.dyn_into()?;
        let text = wasm_bindgen_futures::JsFuture::from(response.text()?).await?;
        Ok::<_, JsValue>((response.status(), text.as_string().unwrap_or_default()))
    }
    .await;
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    drop(abort);
    result.map_err(|e| {
        if controller.signal().aborted() {
            format!("no answer within {} s (timed out)", TIMEOUT_MS / 1000)
        } else {
            format!("the relay could not be reached ({})", js_error(&e))
        }
    })
}

/// The relay's id from its answer `{"id": "…"}` (a string or a number).
fn relay_id(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    match value.get("id")? {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What an error answer says: its JSON `reason` or `error`, else the body itself.
fn error_text(text: &str) -> String {
    let from_json = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| ["reason", "error", "message"].iter().find_map(|k| v.get(*k).and_then(|s| s.as_str()).filter(|s| !s.is_empty()).map(str::to_string)));
    from_json.unwrap_or_else(|| if text.trim().is_empty() { "no details".to_string() } else { shorten(text) })
}

fn shorten(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 200 {
        format!("{}…", one_line.chars().take(200).collect::<String>())
    } else {
        one_line
    }
}

/// A JS error's message (`TypeError: Failed to fetch` → `Failed to fetch`).
fn js_error(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| format!("{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_joins_base_url_and_path() {
        assert_eq!(endpoint("http://127.0.0.1:8025/", "/v1/messages"), "http://127.0.0.1:8025/v1/messages");
        assert_eq!(endpoint(" https://relay.example.com ", "/health"), "https://relay.example.com/health");
    }

    #[test]
    fn answers_are_read_for_id_and_reason() {
        assert_eq!(relay_id(r#"{"id": "r-17"}"#).as_deref(), Some("r-17"));
        assert_eq!(relay_id(r#"{"id": 17}"#).as_deref(), Some("17"));
        assert_eq!(relay_id("{}"), None);
        assert_eq!(error_text(r#"{"error": "smtp", "reason": "550 refused"}"#), "550 refused");
        assert_eq!(error_text(r#"{"error": "unauthorized"}"#), "unauthorized");
        assert_eq!(error_text("Bad Gateway\n"), "Bad Gateway");
        assert_eq!(error_text(""), "no details");
    }
}
