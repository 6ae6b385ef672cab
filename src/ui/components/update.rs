//! "A new version is ready — reload" (R0.1): shown in the frame when the service worker
//! of a new release has installed and waits. *Reload* lets it take over and reloads the
//! page, so one page never runs the old and the new release's files together.

use leptos::prelude::*;

use crate::delivery::service_worker;

#[component]
pub fn UpdateNotice() -> impl IntoView {
    let ready = RwSignal::new(false);
    // Registering the worker is a side effect of showing the frame, once.
    Effect::new(move |_| service_worker::watch(move || ready.set(true)));
    move || {
        ready.get().then(|| {
            view! {
                <div class="update-notice" role="status" data-testid="update-notice">
                    <span>"A new version is ready — reload to use it."</span>
                    <button class="button small" data-testid="update-reload" on:click=move |_| service_worker::apply_update()>"Reload"</button>
                </div>
            }
        })
    }
}
