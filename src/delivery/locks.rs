//! One lock shared by every tab of this browser (the Web Locks API,
//! `navigator.locks.request`), so that two tabs never validate and commit at the same
//! time (SPEC R13.4).
//!
//! `navigator.locks.request(name, callback)` holds the lock until the promise the
//! callback returns settles. So the callback signals "acquired" to the waiting Rust
//! code and returns a promise whose `resolve` the [`Held`] guard keeps; dropping the
//! guard (the work done, an error, an early return) resolves it and the lock passes
//! to the next tab. web-sys has `LockManager` only behind `web_sys_unstable_apis`,
//! so this goes through `js_sys::Reflect`.

use futures::channel::oneshot;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// A held cross-tab lock; released when dropped.
pub struct Held {
    release: js_sys::Function,
}

impl Drop for Held {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::UNDEFINED);
    }
}

/// Waits for the lock `name` and holds it until the returned guard is dropped.
/// `None` when the browser has no Web Locks (or refuses the request, as an opaque
/// origin does): the caller then goes on without it, as before the lock existed.
pub async fn acquire(name: &str) -> Option<Held> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok().filter(|l| l.is_object())?;
    let request: js_sys::Function = js_sys::Reflect::get(&locks, &JsValue::from_str("request")).ok()?.dyn_into().ok()?;

    // The promise the lock is held by, and the function that settles it.
    let mut release = None;
    let held = js_sys::Promise::new(&mut |resolve, _reject| release = Some(resolve));
    let release = release?;

    // Told once: `true` when the callback runs (the lock is ours), `false` when the
    // request fails before that.
    let (tell, acquired) = oneshot::channel::<bool>();
    let tell = Rc::new(RefCell::new(Some(tell)));
    let on_acquired = {
        let tell = tell.clone();
        Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            if let Some(tell) = tell.borrow_mut().take() {
                let _ = tell.send(true);
            }
            held.into()
        })
    };
    let requested = match request.call2(&locks, &JsValue::from_str(name), &on_acquired) {
        Ok(promise) => promise,
        Err(_) => {
            let _ = release.call0(&JsValue::UNDEFINED);
            return None;
        }
    };
    // The request's own promise settles when the lock is released, or fails when the
    // request is refused (then the callback never runs).
    if let Ok(promise) = requested.dyn_into::<js_sys::Promise>() {
        wasm_bindgen_futures::spawn_local(async move {
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_err() {
                if let Some(tell) = tell.borrow_mut().take() {
                    let _ = tell.send(false);
                }
            }
        });
    }
    let guard = Held { release };
    match acquired.await {
        Ok(true) => Some(guard),
        // Dropping the guard settles the promise nobody holds the lock by.
        _ => None,
    }
}
