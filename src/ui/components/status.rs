//! Status pills and amount display.

use leptos::prelude::*;
use reskontra_core::documents::document::DocStatus;
use rust_decimal::Decimal;

#[component]
pub fn StatusPill(#[prop(into)] status: Signal<DocStatus>) -> impl IntoView {
    let class = move || {
        let name = match status.get() {
            DocStatus::OnHold => "on-hold",
            DocStatus::Balanced => "balanced",
            DocStatus::Open => "open",
            DocStatus::Closed => "closed",
            DocStatus::Voided => "voided",
            DocStatus::CreditHold => "credit-hold",
            DocStatus::PendingPrint => "pending-print",
            DocStatus::PendingEmail => "pending-email",
            DocStatus::Scheduled => "scheduled",
        };
        format!("pill {name}")
    };
    view! { <span class=class data-testid="status">{move || status.get().label()}</span> }
}

/// A read-only figure in a record's top part: label above, amount right-aligned.
#[component]
pub fn Figure(
    label: &'static str,
    testid: &'static str,
    #[prop(into)] amount: Signal<Decimal>,
    #[prop(into)] currency: Signal<(String, u32)>,
) -> impl IntoView {
    let ctx = crate::ui::context::use_ledger();
    view! {
        <div class="figure">
            <div class="figure-label">{label}</div>
            <div class="figure-value amount" data-testid=testid>
                {move || ctx.numbers().amount(amount.get(), currency.get().1)}
                " "
                <span class="currency">{move || currency.get().0}</span>
            </div>
        </div>
    }
}
