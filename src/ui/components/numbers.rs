//! Typed numbers shown as understood: when a person leaves a decimal field (any input
//! marked `inputmode="decimal"`), its text is parsed by the ledger's number format and
//! shown again in that format ("1234,5" → "1 234,5"), so the user sees what was read.
//! A text that does not parse stays as typed; Save says why beside the field.
//!
//! One listener for the whole frame, so every window's decimal inputs (lines,
//! applications, amounts, limits, rates) behave alike without code of their own.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::context::LedgerCtx;

/// At most this many decimals are shown back; more are left for Save to refuse.
const MAX_DECIMALS: u32 = 8;

/// Installs the listener for as long as the frame lives.
pub fn reformat_numbers_on_change(ctx: LedgerCtx) {
    let handle = window_event_listener(leptos::ev::change, move |ev| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if input.get_attribute("inputmode").as_deref() != Some("decimal") || input.read_only() || input.disabled() {
            return;
        }
        let typed = input.value();
        let Some(shown) = ctx.numbers_untracked().normalised(&typed, MAX_DECIMALS) else { return };
        if shown == typed {
            return;
        }
        input.set_value(&shown);
        // The bound draft follows the input's `input` event, as if the user had typed it.
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &init) {
            let _ = input.dispatch_event(&event);
        }
    });
    on_cleanup(move || handle.remove());
}
