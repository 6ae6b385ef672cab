//! The render worker's client: invoices as PDF and Excel, and HTML email bodies made
//! safe (R10.4, R10.5), done by `crates/render-worker`, a second wasm binary started
//! on the first job, so the PDF and Excel writers never enter the app's bundle.
//!
//! Up to [`POOL`] workers serve the page (one per core, at most two): a job goes to a
//! worker with nothing to do, else a new worker is started while there are fewer than
//! the pool's size, else to the one with the fewest jobs waiting; so a mailing's PDFs
//! are made side by side while the page goes on. Jobs are numbered and each answer is
//! matched to its job. A worker that fails to start (its script or wasm does not load)
//! answers its waiting jobs with an error and is started anew by a later job.

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

/// The most workers the page starts (fewer on a machine with one core).
const POOL: usize = 2;

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
    /// Set when the worker failed: its place is taken by a new one.
    failed: bool,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

thread_local! {
    /// The workers by their place in the pool.
    static CLIENTS: RefCell<Vec<Client>> = const { RefCell::new(Vec::new()) };
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

/// The worker at `place` failed: each of its waiting jobs gets `why`, and a later job
/// starts a new worker in its place.
fn fail_all(place: usize, why: &str) {
    let waiting = CLIENTS.with_borrow_mut(|clients| {
        let Some(client) = clients.get_mut(place) else { return Vec::new() };
        client.failed = true;
        client.worker.terminate();
        client.queued.clear();
        client.waiting.drain().map(|(_, reply)| reply).collect()
    });
    for reply in waiting {
        let _ = reply.send(Err(why.to_string()));
    }
}

fn on_message(place: usize, event: MessageEvent) {
    let data = event.data();
    let ready = get(&data, "ready");
    if ready.as_bool() == Some(true) {
        let failure = CLIENTS.with_borrow_mut(|clients| {
            let client = clients.get_mut(place)?;
            client.ready = true;
            let queued = std::mem::take(&mut client.queued);
            queued.iter().find_map(|(id, job)| post(&client.worker, *id, job).err())
        });
        if let Some(why) = failure {
            fail_all(place, &why);
        }
        return;
    }
    if ready.as_bool() == Some(false) {
        let error = get(&data, "error").as_string().unwrap_or_default();
        fail_all(place, &format!("The PDF and Excel renderer could not be started: {error}"));
        return;
    }
    let Some(id) = get(&data, "id").as_f64().map(|id| id as u32) else { return };
    let Some(reply) = CLIENTS.with_borrow_mut(|clients| clients.get_mut(place).and_then(|c| c.waiting.remove(&id))) else { return };
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

fn start(place: usize) -> Result<Client, String> {
    let worker = Worker::new(WORKER_SCRIPT).map_err(|e| format!("The PDF and Excel renderer could not be started: {e:?}"))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event| on_message(place, event));
    // An `ErrorEvent` when the worker's code threw, a plain `Event` when its script did
    // not load: the message is read without assuming which.
    let on_error = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        event.prevent_default();
        let message = get(&event, "message").as_string().unwrap_or_default();
        let why = if message.is_empty() { "its script did not load".to_string() } else { message };
        fail_all(place, &format!("The PDF and Excel renderer could not be started: {why}"));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Client { worker, ready: false, queued: Vec::new(), waiting: HashMap::new(), failed: false, _on_message: on_message, _on_error: on_error })
}

/// How many workers the page may run: one per core, at most [`POOL`].
fn pool_size() -> usize {
    let cores = web_sys::window().map(|w| w.navigator().hardware_concurrency()).unwrap_or(1.0);
    (cores as usize).clamp(1, POOL)
}

/// Where the next job goes: an idle worker, else a new one while the pool has room
/// (or in the place of a failed one), else the one with the fewest jobs waiting.
fn place_for(clients: &[Client], size: usize) -> (usize, bool) {
    let live = |c: &Client| !c.failed;
    if let Some(idle) = clients.iter().position(|c| live(c) && c.waiting.is_empty()) {
        return (idle, false);
    }
    if let Some(failed) = clients.iter().position(|c| !live(c)) {
        return (failed, true);
    }
    if clients.len() < size {
        return (clients.len(), true);
    }
    let least_busy = clients.iter().enumerate().min_by_key(|(_, c)| c.waiting.len()).map_or(0, |(i, _)| i);
    (least_busy, false)
}

/// Sends `job` to a worker (starting one first if need be) and waits for its answer.
async fn call(job: &RenderJob) -> Result<Answer, String> {
    let json = serde_json::to_string(job).map_err(|e| format!("The render job could not be written: {e}"))?;
    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1).max(1));
        id
    });
    let (reply, answer) = oneshot::channel();
    let size = pool_size();
    CLIENTS.with_borrow_mut(|clients| -> Result<(), String> {
        let (place, new) = place_for(clients, size);
        if new {
            let client = start(place)?;
            if place < clients.len() {
                clients[place] = client;
            } else {
                clients.push(client);
            }
        }
        let Some(client) = clients.get_mut(place) else { return Err("The render worker is gone".to_string()) };
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
