//! Browser edges other than storage: saving a file for the user, reading one,
//! telling other tabs about a change, and the lock all tabs commit under.

pub mod locks;
pub mod relay;
pub mod render;
pub mod service_worker;
pub mod tabs;

use wasm_bindgen::{JsCast, JsValue};

/// Offers `text` as a file download named `file_name`.
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    download_bytes(file_name, mime, text.as_bytes())
}

/// A Blob URL of `bytes` typed `mime` (revoke it when done with it).
fn blob_url(mime: &str, bytes: &[u8]) -> Result<String, String> {
    let js = |e: JsValue| format!("{e:?}");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js)?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(js)
}

/// Offers `bytes` as a file download named `file_name` (an attachment, an `.eml`, a `.zip`).
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let js = |e: JsValue| format!("{e:?}");
    let url = blob_url(mime, bytes)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").map_err(js)?.dyn_into().map_err(|_| "not an anchor".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).map_err(js)?;
    Ok(())
}

/// Opens `bytes` (a PDF) in a new tab; its Blob URL is let go a minute later, when the
/// tab has long read it.
pub fn open_bytes(mime: &str, bytes: &[u8]) -> Result<(), String> {
    let url = blob_url(mime, bytes)?;
    let window = web_sys::window().ok_or("no browser window")?;
    let opened = window.open_with_url_and_target(&url, "_blank").map_err(|e| format!("{e:?}"))?;
    let revoke = url.clone();
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&revoke);
        },
        std::time::Duration::from_secs(60),
    );
    opened.map(|_| ()).ok_or_else(|| "the browser blocked the new tab".to_string())
}

/// Reads a file chosen in an `<input type="file">` as bytes (a backup: no JS string
/// of it is made, which matters at hundreds of megabytes).
pub async fn read_file_bytes(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Reads a file chosen in an `<input type="file">` as a `data:<type>;base64,` URL
/// (FileReader.readAsDataURL). The core checks what it holds.
pub async fn read_file_data_url(file: web_sys::File) -> Result<String, String> {
    use wasm_bindgen::closure::Closure;
    let reader = web_sys::FileReader::new().map_err(|e| format!("{e:?}"))?;
    let (sender, receiver) = futures::channel::oneshot::channel::<()>();
    let sender = std::cell::RefCell::new(Some(sender));
    // Called once, on load or on error; the reader's result tells which.
    let done = Closure::<dyn FnMut()>::new(move || {
        if let Some(sender) = sender.borrow_mut().take() {
            let _ = sender.send(());
        }
    });
    reader.set_onloadend(Some(done.as_ref().unchecked_ref()));
    reader.read_as_data_url(&file).map_err(|e| format!("{e:?}"))?;
    let waited = receiver.await;
    reader.set_onloadend(None);
    drop(done);
    waited.map_err(|_| "reading was interrupted".to_string())?;
    reader.result().ok().and_then(|r| r.as_string()).ok_or_else(|| "the file could not be read".to_string())
}

/// Asks the user to confirm a destructive action; `false` when dialogs are blocked.
pub fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(false)
}

/// Asks the user for one line of text; `None` when cancelled or dialogs are blocked.
pub fn prompt(question: &str, default: &str) -> Option<String> {
    web_sys::window().and_then(|w| w.prompt_with_message_and_default(question, default).ok()).flatten()
}

/// Saves `text` as the CSV file `file_name` and says how it went, for a status line.
pub fn save_csv(file_name: &str, text: &str) -> String {
    match download_text(file_name, "text/csv", text) {
        Ok(()) => format!("Saved {file_name}"),
        Err(e) => format!("{file_name} could not be saved: {e}"),
    }
}

/// Opens the browser's print dialog for the page (print styles show the paper view).
pub fn print_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Moves the focus to the element with `data-testid="testid"` (a picker's choice
/// going to its row's input), scrolled into view.
pub fn focus_testid(testid: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if testid.contains(['"', '\\']) {
        return;
    }
    let Ok(Some(input)) = document.query_selector(&format!("[data-testid=\"{testid}\"]")) else { return };
    if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
        input.scroll_into_view();
        let _ = input.focus();
    }
}

/// Moves the focus to the input of the form field named `path` (a problem's field):
/// the element marked `data-field="path"` (its message), then the first input,
/// select or text area of the field or table cell it is in. Scrolls it into view.
pub fn focus_field(path: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    // Paths are letters, digits, `_`, `-` and `.`; a quote would end the selector.
    if path.contains(['"', '\\']) {
        return;
    }
    let Ok(Some(marker)) = document.query_selector(&format!("[data-field=\"{path}\"]")) else { return };
    let holder = marker.closest(".field, td, .cell").ok().flatten().unwrap_or(marker);
    let Ok(Some(input)) = holder.query_selector("input:not([type=hidden]), select, textarea") else { return };
    if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
        input.scroll_into_view();
        let _ = input.focus();
    }
}
