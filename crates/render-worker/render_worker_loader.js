// The render worker's entry script (copied to dist/ by Trunk): loads the wasm-bindgen
// glue and the worker's wasm, and tells the app when that fails, so the jobs waiting
// for it get an error instead of waiting for ever.
try {
  importScripts("./render_worker.js");
  wasm_bindgen({ module_or_path: "./render_worker_bg.wasm" }).catch((e) => postMessage({ ready: false, error: String(e) }));
} catch (e) {
  postMessage({ ready: false, error: String(e) });
}
