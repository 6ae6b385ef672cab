//! The worker's message loop and font cache (wasm32 only).

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array};
use reskontra_core::reports::invoice::RenderJob;
use reskontra_render::{
    email_archive, email_message, invoice_pdf, invoice_xlsx, sanitize_html, table_pdf, table_xlsx, texts_need_fallback, Fonts, BOLD_FILE, FALLBACK_FILE,
    REGULAR_FILE,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Response};

/// The font files fetched so far, and the fonts made of them.
struct FontCache {
    regular: Vec<u8>,
    bold: Vec<u8>,
    fonts: Fonts,
}

thread_local! {
    static FONTS: RefCell<Option<FontCache>> = const { RefCell::new(None) };
}

enum Answer {
    Bytes(Vec<u8>),
    Text(String),
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn text_of(error: JsValue) -> String {
    error.as_string().or_else(|| error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()))).unwrap_or_else(|| format!("{error:?}"))
}

/// The bytes of `fonts/<file>` next to the worker script.
async fn fetch_font(file: &str) -> Result<Vec<u8>, String> {
    let failed = |why: String| format!("The font {file} could not be loaded: {why}");
    let response = JsFuture::from(scope().fetch_with_str(&format!("fonts/{file}"))).await.map_err(|e| failed(text_of(e)))?;
    let response: Response = response.dyn_into().map_err(|_| failed("no response".to_string()))?;
    if !response.ok() {
        return Err(failed(format!("HTTP {}", response.status())));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| failed(text_of(e)))?).await.map_err(|e| failed(text_of(e)))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The fonts for a report that prints `texts`: DejaVu Sans on first use, the CJK
/// fallback once a report needs it.
async fn fonts_for(texts: &[&str]) -> Result<Fonts, String> {
    if FONTS.with_borrow(Option::is_none) {
        let regular = fetch_font(REGULAR_FILE).await?;
        let bold = fetch_font(BOLD_FILE).await?;
        let fonts = Fonts::new(regular.clone(), bold.clone(), None)?;
        FONTS.set(Some(FontCache { regular, bold, fonts }));
    }
    let (needed, loaded) = FONTS.with_borrow(|cache| match cache {
        Some(c) => texts_need_fallback(texts.iter().copied(), &c.regular).map(|needed| (needed, c.fonts.has_fallback())),
        None => Err("The fonts were not kept".to_string()),
    })?;
    if needed && !loaded {
        let fallback = fetch_font(FALLBACK_FILE).await?;
        let fonts = FONTS.with_borrow(|cache| cache.as_ref().map(|c| Fonts::new(c.regular.clone(), c.bold.clone(), Some(fallback))));
        let fonts = fonts.ok_or("The fonts were not kept")??;
        FONTS.with_borrow_mut(|cache| {
            if let Some(c) = cache.as_mut() {
                c.fonts = fonts;
            }
        });
    }
    FONTS.with_borrow(|cache| cache.as_ref().map(|c| c.fonts.clone())).ok_or_else(|| "The fonts were not kept".to_string())
}

async fn run(job: &str) -> Result<Answer, String> {
    let job: RenderJob = serde_json::from_str(job).map_err(|e| format!("The render job could not be read: {e}"))?;
    match job {
        RenderJob::Pdf(report) => {
            let fonts = fonts_for(&report.texts()).await?;
            invoice_pdf(&report, &fonts).map(Answer::Bytes)
        }
        RenderJob::TablePdf(report) => {
            let fonts = fonts_for(&report.texts()).await?;
            table_pdf(&report, &fonts).map(Answer::Bytes)
        }
        RenderJob::TableXlsx(report) => table_xlsx(&report).map(Answer::Bytes),
        RenderJob::Xlsx(report) => invoice_xlsx(&report).map(Answer::Bytes),
        RenderJob::Sanitize(html) => Ok(Answer::Text(sanitize_html(&html))),
        RenderJob::Message(email) => email_message(&email).map(Answer::Bytes),
        RenderJob::Archive(emails) => email_archive(&emails).map(Answer::Bytes),
    }
}

fn message(fields: &[(&str, JsValue)]) -> Object {
    let message = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&message, &JsValue::from_str(key), value);
    }
    message
}

fn post(fields: &[(&str, JsValue)]) {
    let _ = scope().post_message(&message(fields));
}

/// The answer's bytes (a PDF, a workbook, a message) are moved to the page, not copied:
/// their buffer is the JS copy made here out of the wasm's memory, which nothing else holds.
fn post_bytes(id: JsValue, bytes: &[u8]) {
    let array = Uint8Array::from(bytes);
    let transfer = js_sys::Array::of1(&array.buffer());
    let _ = scope().post_message_with_transfer(&message(&[("id", id), ("bytes", array.into())]), &transfer);
}

fn on_message(event: MessageEvent) {
    let data = event.data();
    let id = Reflect::get(&data, &JsValue::from_str("id")).unwrap_or(JsValue::NULL);
    let job = Reflect::get(&data, &JsValue::from_str("job")).ok().and_then(|j| j.as_string());
    wasm_bindgen_futures::spawn_local(async move {
        let answer = match job {
            Some(job) => run(&job).await,
            None => Err("The render job was not a JSON text".to_string()),
        };
        match answer {
            Ok(Answer::Bytes(bytes)) => post_bytes(id, &bytes),
            Ok(Answer::Text(text)) => post(&[("id", id), ("text", JsValue::from_str(&text))]),
            Err(error) => post(&[("id", id), ("error", JsValue::from_str(&error))]),
        }
    });
}

/// Listens for jobs and tells the app the worker is ready.
pub fn start() {
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The worker lives as long as the page: its handler is never dropped.
    handler.forget();
    post(&[("ready", JsValue::TRUE)]);
}
