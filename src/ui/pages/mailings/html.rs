//! The one way the mailings windows make an HTML body safe to show or to queue.

use std::future::Future;

/// An HTML body made safe by the render worker's sanitiser (ammonia: no script, no
/// event handlers, no `javascript:` URLs); shown in a sandboxed `<iframe sandbox="">`
/// and stored on queued emails.
pub fn safe_html(html: &str) -> impl Future<Output = Result<String, String>> {
    let html = html.to_string();
    async move { crate::delivery::render::sanitize(&html).await }
}
