//! The service worker (R0.1): registers `./sw.js` (written into dist/ by Workbox, see
//! `xtask/pwa/generate-sw.mjs`) relative to the page, so the app works from `/` and
//! from any sub-path, and tells the frame when a new release has installed and waits.
//!
//! The new worker never takes over by itself (no skipWaiting, no clientsClaim), so a
//! page keeps the files of its own release; [`apply_update`] asks the waiting worker to
//! activate and reloads once it controls the page. Where there is no `sw.js` (trunk's
//! dev server, the wasm tests) or no service worker support, nothing happens.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(inline_js = r#"
let waiting = null;
let started = false;
export function watch_updates(on_ready) {
  if (started || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  started = true;
  const offer = (worker) => { waiting = worker; on_ready(); };
  navigator.serviceWorker.register('./sw.js', { scope: './' }).then((reg) => {
    // A worker already waiting (installed while this page was closed or loading).
    if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        // The first install of all (no controller yet) is not an update.
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
      });
    });
    // Look for a new release when the tab comes back to the front, and hourly.
    const check = () => reg.update().catch(() => {});
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') check(); });
    setInterval(check, 60 * 60 * 1000);
  }).catch((e) => console.info('Reskontra: no service worker (' + e + '); the app needs the network to start'));
}
export function apply_update() {
  if (!waiting) { location.reload(); return; }
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  waiting.postMessage({ type: 'SKIP_WAITING' });
}
"#)]
extern "C" {
    fn watch_updates(on_ready: &Closure<dyn FnMut()>);
    #[wasm_bindgen(js_name = apply_update)]
    fn apply_update_js();
}

/// Registers the service worker once; `on_ready` runs when a new release is installed
/// and waiting for this page to let it take over.
pub fn watch(on_ready: impl FnMut() + 'static) {
    let closure = Closure::<dyn FnMut()>::new(on_ready);
    watch_updates(&closure);
    // The worker's events call it for as long as the page lives.
    closure.forget();
}

/// Lets the waiting release take over and reloads the page into it.
pub fn apply_update() {
    apply_update_js();
}
