//! The one way the mailings windows make an HTML body safe to show or to queue.

use std::future::Future;

use reskontra_core::mailings::template::escape_html;

/// An HTML body made safe: shown in a sandboxed `<iframe sandbox="">` (no scripts run
/// there anyway) and stored on queued emails.
///
/// On this branch it returns the HTML escaped as text, so it is shown, never run. The
/// lead wires it to `crate::delivery::render::sanitize(html).await` (the render
/// worker's ammonia) at merge; the callers need not change.
pub fn safe_html(html: &str) -> impl Future<Output = Result<String, String>> {
    let escaped = escape_html(html);
    async move { Ok(escaped) }
}
