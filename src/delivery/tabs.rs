//! Telling the other open tabs that the ledger changed (SPEC R13.4), with a
//! BroadcastChannel. Tabs also catch up when they get focus, so a browser without
//! BroadcastChannel still converges; the store's stale check keeps writes safe.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The channel of the tabs holding the ledger database `database` (each company's
/// database has its own).
fn channel_name(database: &str) -> String {
    format!("reskontra-ledger:{database}")
}

/// A channel to the other tabs; `None` where the browser has no BroadcastChannel.
pub struct Tabs {
    channel: Option<web_sys::BroadcastChannel>,
    _on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

impl Tabs {
    /// Opens the channel; `on_change` runs when another tab says it committed.
    pub fn open(database: &str, on_change: impl Fn() + 'static) -> Tabs {
        let Ok(channel) = web_sys::BroadcastChannel::new(&channel_name(database)) else {
            return Tabs { channel: None, _on_message: None };
        };
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_event: web_sys::MessageEvent| on_change());
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Tabs { channel: Some(channel), _on_message: Some(on_message) }
    }

    /// Tells the other tabs that this one committed a change.
    pub fn announce_change(&self) {
        if let Some(channel) = &self.channel {
            let _ = channel.post_message(&wasm_bindgen::JsValue::from_str("changed"));
        }
    }
}

impl Drop for Tabs {
    /// A tab that switches company closes the old channel (its listener is dropped).
    fn drop(&mut self) {
        if let Some(channel) = &self.channel {
            channel.close();
        }
    }
}
