//! The render worker's client: invoices as PDF and Excel, and HTML email bodies made
//! safe (R10.4, R10.5), done by `crates/render-worker`, a second wasm binary started
//! on the first job, so the PDF and Excel writers never enter the app's bundle.
//!
//! One worker serves the page; jobs are numbered and each answer is matched to its
//! job. A worker that fails to start (its script or wasm does not load) answers every
//! waiting job with an error and is started anew by the next job.

use std::cell::RefCell;
use std::collections::HashMap;

use futures::channel::oneshot;
use js_sys::{Object, Reflect, Uint8Array};
use reskontra_core::reports::invoice::RenderJob;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, MessageEvent, Worker};

/// The worker's entry script in dist/ (copied there by Trunk from crates/render-worker).
const WORKER_SCRIPT: &str = "./render_worker_loader.js";

/// What a job comes back as.
enum Answer {
    Bytes(Vec<u8>),
    Text(String),
}

type Reply = oneshot::Sender<Result<Answer, String>>;

struct Client {
    worker: Worker,
    /// The worker said it is ready: jobs are posted at once, not queued.
    ready: bool,
    /// Jobs posted before the worker was ready: (id, JSON of the job).
    queued: Vec<(u32, String)>,
    waiting: HashMap<u32, Reply>,
    /// Set when the worker failed: the next job starts a new one.
    failed: bool,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    static NEXT_ID: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

fn get(data: &JsValue, key: &str) -> JsValue {
    Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn post(worker: &Worker, id: u32, job: &str) -> Result<(), String> {
    let message = Object::new();
    let set = |key: &str, value: JsValue| Reflect::set(&message, &JsValue::from_str(key), &value).map(|_| ());
    set("id", JsValue::from(id)).and_then(|()| set("job", JsValue::from_str(job))).map_err(|e| format!("{e:?}"))?;
    worker.post_message(&message).map_err(|e| format!("The render worker did not take the job: {e:?}"))
}

/// The worker failed: every waiting job gets `why`, and the next job starts anew.
fn fail_all(why: &str) {
    let waiting = CLIENT.with_borrow_mut(|client| {
        let Some(client) = client.as_mut() else { return Vec::new() };
        client.failed = true;
        client.worker.terminate();
        client.queued.clear();
        client.waiting.drain().map(|(_, reply)| reply).collect()
    });
    for reply in waiting {
        let _ = reply.send(Err(why.to_string()));
    }
}

fn on_message(event: MessageEvent) {
    let data = event.data();
    let ready = get(&data, "ready");
    if ready.as_bool() == Some(true) {
        let failure = CLIENT.with_borrow_mut(|client| {
            let client = client.as_mut()?;
            client.ready = true;
            let queued = std::mem::take(&mut client.queued);
            queued.iter().find_map(|(id, job)| post(&client.worker, *id, job).err())
        });
        if let Some(why) = failure {
            fail_all(&why);
        }
        return;
    }
    if ready.as_bool() == Some(false) {
        let error = get(&data, "error").as_string().unwrap_or_default();
        fail_all(&format!("The PDF and Excel renderer could not be started: {error}"));
        return;
    }
    let Some(id) = get(&data, "id").as_f64().map(|id| id as u32) else { return };
    let Some(reply) = CLIENT.with_borrow_mut(|client| client.as_mut().and_then(|c| c.waiting.remove(&id))) else { return };
    let answer = if let Some(error) = get(&data, "error").as_string() {
        Err(error)
    } else if let Some(text) = get(&data, "text").as_string() {
        Ok(Answer::Text(text))
    } else {
        match get(&data, "bytes").dyn_into::<Uint8Array>() {
            Ok(bytes) => Ok(Answer::Bytes(bytes.to_vec())),
            Err(_) => Err("The render worker answered without a result".to_string()),
        }
    };
    let _ = reply.send(answer);
}

fn start() -> Result<Client, String> {
    let worker = Worker::new(WORKER_SCRIPT).map_err(|e| format!("The PDF and Excel renderer could not be started: {e:?}"))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
    // An `ErrorEvent` when the worker's code threw, a plain `Event` when its script did
    // not load: the message is read without assuming which.
    let on_error = Closure::<dyn FnMut(Event)>::new(|event: Event| {
        event.prevent_default();
        let message = get(&event, "message").as_string().unwrap_or_default();
        let why = if message.is_empty() { "its script did not load".to_string() } else { message };
        fail_all(&format!("The PDF and Excel renderer could not be started: {why}"));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Client { worker, ready: false, queued: Vec::new(), waiting: HashMap::new(), failed: false, _on_message: on_message, _on_error: on_error })
}

/// Sends `job` to the worker (starting it first if need be) and waits for its answer.
async fn call(job: &RenderJob) -> Result<Answer, String> {
    let json = serde_json::to_string(job).map_err(|e| format!("The render job could not be written: {e}"))?;
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1).max(1));
        id
    });
    let (reply, answer) = oneshot::channel();
    CLIENT.with_borrow_mut(|client| -> Result<(), String> {
        if client.as_ref().is_none_or(|c| c.failed) {
            *client = Some(start()?);
        }
        let Some(client) = client.as_mut() else { return Err("The render worker is gone".to_string()) };
        if client.ready {
            post(&client.worker, id, &json)?;
        } else {
            client.queued.push((id, json));
        }
        client.waiting.insert(id, reply);
        Ok(())
    })?;
    answer.await.map_err(|_| "The render worker stopped before it answered".to_string())?
}

/// A PDF or Excel job's bytes (a `Sanitize` job's cleaned HTML as UTF-8). Every
/// failure (the worker or a font did not load, the writer refused) is an `Err` with
/// a sentence to show; nothing panics.
pub async fn render(job: RenderJob) -> Result<Vec<u8>, String> {
    match call(&job).await? {
        Answer::Bytes(bytes) => Ok(bytes),
        Answer::Text(text) => Ok(text.into_bytes()),
    }
}

/// A user's HTML email body with scripts, event handlers and unsafe URLs removed.
pub async fn sanitize(html: &str) -> Result<String, String> {
    match call(&RenderJob::Sanitize(html.to_string())).await? {
        Answer::Text(text) => Ok(text),
        Answer::Bytes(bytes) => String::from_utf8(bytes).map_err(|e| format!("The sanitised text is not UTF-8: {e}")),
    }
}
