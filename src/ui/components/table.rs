//! The list windows' table: a search row with one field per column (SPEC R3.11),
//! sortable headers, a row count, keyboard use, optional selection, and only the
//! visible rows in the DOM, so 100,000 rows scroll smoothly.

use std::collections::BTreeSet;

use leptos::prelude::*;
use reskontra_core::base::money::format_amount;
use reskontra_core::base::search::Search;
use rust_decimal::Decimal;

/// Row height in pixels; must match `.tr` in style/main.css.
pub const ROW_HEIGHT: f64 = 30.0;
/// Rows rendered above and below the viewport.
const OVERSCAN: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    /// Text with few distinct values (a status, a class): filtered by picking a value.
    Choice,
    /// A plain decimal string, shown with group separators and this many decimals.
    Amount(u32),
    /// A plain decimal string in its own currency's decimals (the core rounds it with
    /// `round_to_minor_units`, which sets the scale): shown with group separators and
    /// exactly those decimals, so a KWD 10.125 stays 10.125 beside a NOK 10.13.
    Money,
    /// An amount already formatted (mixed currencies): right-aligned as it is, sorted
    /// by its value.
    Figure,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub title: &'static str,
    pub kind: ColumnKind,
    /// A CSS grid track size, e.g. `"120px"` or `"2fr"`.
    pub width: &'static str,
}

impl Column {
    pub fn text(title: &'static str, width: &'static str) -> Self {
        Column { title, kind: ColumnKind::Text, width }
    }

    pub fn choice(title: &'static str, width: &'static str) -> Self {
        Column { title, kind: ColumnKind::Choice, width }
    }

    pub fn figure(title: &'static str, width: &'static str) -> Self {
        Column { title, kind: ColumnKind::Figure, width }
    }

    pub fn amount(title: &'static str, decimals: u32) -> Self {
        Column { title, kind: ColumnKind::Amount(decimals), width: "130px" }
    }

    /// Amounts of the row's own currency (see [`ColumnKind::Money`]).
    pub fn money(title: &'static str) -> Self {
        Column { title, kind: ColumnKind::Money, width: "130px" }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// What `on_open` receives and what the selection holds.
    pub key: String,
    pub cells: Vec<String>,
}

fn visible_rows(rows: &[TableRow], columns: &[Column], filters: &[String], sort: Option<(usize, bool)>) -> Vec<usize> {
    let is_choice = |col: usize| columns.get(col).is_some_and(|c| c.kind == ColumnKind::Choice);
    let searches: Vec<(usize, Search)> =
        filters.iter().enumerate().filter(|(i, _)| !is_choice(*i)).map(|(i, f)| (i, Search::new(f))).filter(|(_, s)| !s.is_empty()).collect();
    let choices: Vec<(usize, &String)> = filters.iter().enumerate().filter(|(i, f)| is_choice(*i) && !f.is_empty()).collect();
    let mut visible: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            choices.iter().all(|(col, value)| rows[i].cells.get(*col) == Some(*value))
                && searches.iter().all(|(col, s)| rows[i].cells.get(*col).is_some_and(|v| s.matches_lowercase(&v.to_lowercase())))
        })
        .collect();
    if let Some((col, ascending)) = sort {
        match columns.get(col).map(|c| c.kind) {
            Some(ColumnKind::Amount(_) | ColumnKind::Money | ColumnKind::Figure) => {
                let key = |i: usize| rows[i].cells.get(col).and_then(|v| v.replace(['\u{a0}', ' '], "").parse::<Decimal>().ok()).unwrap_or_default();
                let mut keyed: Vec<(Decimal, usize)> = visible.iter().map(|&i| (key(i), i)).collect();
                keyed.sort();
                visible = keyed.into_iter().map(|(_, i)| i).collect();
            }
            _ => visible.sort_by(|&a, &b| rows[a].cells.get(col).cmp(&rows[b].cells.get(col)).then(a.cmp(&b))),
        }
        if !ascending {
            visible.reverse();
        }
    }
    visible
}

#[component]
pub fn DataTable(
    testid: &'static str,
    columns: Vec<Column>,
    #[prop(into)] rows: Signal<Vec<TableRow>>,
    on_open: Callback<String>,
    #[prop(optional)] selection: Option<RwSignal<BTreeSet<String>>>,
    /// Shown instead of the table when there are no rows at all.
    #[prop(optional, into)]
    empty: ViewFn,
) -> impl IntoView {
    let n_columns = columns.len();
    let filters = RwSignal::new(vec![String::new(); n_columns]);
    let sort = RwSignal::new(None::<(usize, bool)>);
    let columns = StoredValue::new(columns);
    let visible = Memo::new(move |_| rows.with(|rs| filters.with(|fs| columns.with_value(|cs| visible_rows(rs, cs, fs, sort.get())))));
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(600.0_f64);
    let focus = RwSignal::new(0_usize);
    let body = NodeRef::<leptos::html::Div>::new();
    let template = columns.with_value(|cs| {
        let tracks: Vec<&str> = cs.iter().map(|c| c.width).collect();
        format!("grid-template-columns: {}{};", if selection.is_some() { "34px " } else { "" }, tracks.join(" "))
    });

    Effect::new(move |_| {
        if let Some(el) = body.get() {
            viewport.set(f64::from(el.client_height()).max(ROW_HEIGHT));
        }
    });
    // A new filter or sort starts at the top.
    Effect::new(move |_| {
        visible.track();
        focus.set(0);
    });

    let scroll_to = move |pos: usize| {
        if let Some(el) = body.get_untracked() {
            let top = pos as f64 * ROW_HEIGHT;
            let height = f64::from(el.client_height());
            let current = f64::from(el.scroll_top());
            if top < current {
                el.set_scroll_top(top as i32);
            } else if top + ROW_HEIGHT > current + height {
                el.set_scroll_top((top + ROW_HEIGHT - height) as i32);
            }
        }
    };
    let key_at = move |pos: usize| visible.with_untracked(|v| v.get(pos).and_then(|&i| rows.with_untracked(|rs| rs.get(i).map(|r| r.key.clone()))));
    let toggle = move |key: String| {
        if let Some(sel) = selection {
            sel.update(|s| {
                if !s.remove(&key) {
                    s.insert(key);
                }
            });
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = visible.with_untracked(|v| v.len());
        if n == 0 {
            return;
        }
        let page = (viewport.get_untracked() / ROW_HEIGHT) as usize;
        let current = focus.get_untracked().min(n - 1);
        let next = match ev.key().as_str() {
            "ArrowDown" => Some((current + 1).min(n - 1)),
            "ArrowUp" => Some(current.saturating_sub(1)),
            "PageDown" => Some((current + page).min(n - 1)),
            "PageUp" => Some(current.saturating_sub(page)),
            "Home" => Some(0),
            "End" => Some(n - 1),
            "Enter" => {
                if let Some(key) = key_at(current) {
                    on_open.run(key);
                }
                None
            }
            " " => {
                if let Some(key) = key_at(current) {
                    toggle(key);
                }
                None
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(pos) = next {
            focus.set(pos);
            scroll_to(pos);
        }
    };

    let header = move || {
        columns.with_value(|cs| {
            cs.iter()
                .enumerate()
                .map(|(idx, c)| {
                    let numeric = matches!(c.kind, ColumnKind::Amount(_) | ColumnKind::Money | ColumnKind::Figure);
                    let arrow = move || match sort.get() {
                        Some((col, true)) if col == idx => " ▲",
                        Some((col, false)) if col == idx => " ▼",
                        _ => "",
                    };
                    let click = move |_| {
                        sort.update(|s| {
                            *s = match *s {
                                Some((col, true)) if col == idx => Some((idx, false)),
                                Some((col, false)) if col == idx => None,
                                _ => Some((idx, true)),
                            }
                        })
                    };
                    view! {
                        <button class="th" class:num=numeric on:click=click data-testid=format!("{testid}-sort-{idx}")>
                            {c.title}{arrow}
                        </button>
                    }
                })
                .collect_view()
        })
    };
    let search_row = move || {
        columns.with_value(|cs| {
            cs.iter()
                .enumerate()
                .map(|(idx, c)| {
                    if c.kind == ColumnKind::Choice {
                        let values = move || rows.with(|rs| rs.iter().filter_map(|r| r.cells.get(idx).cloned()).collect::<BTreeSet<String>>());
                        return view! {
                            <select class="search-cell" aria-label=format!("Filter {}", c.title) data-testid=format!("{testid}-filter-{idx}")
                                prop:value=move || filters.with(|f| f[idx].clone())
                                on:change=move |ev| {
                                    let value = event_target_value(&ev);
                                    filters.update(|f| f[idx] = value);
                                }>
                                <option value="">"All"</option>
                                {move || values().into_iter().map(|v| view! { <option value=v.clone()>{v.clone()}</option> }).collect_view()}
                            </select>
                        }
                        .into_any();
                    }
                    view! {
                        <input
                            class="search-cell"
                            placeholder="Search"
                            aria-label=format!("Search {}", c.title)
                            data-testid=format!("{testid}-search-{idx}")
                            prop:value=move || filters.with(|f| f[idx].clone())
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                filters.update(|f| f[idx] = text);
                            }
                        />
                    }
                    .into_any()
                })
                .collect_view()
        })
    };
    let row_template = template.clone();
    let window_rows = move || {
        let top = scroll_top.get();
        let height = viewport.get();
        let first = ((top / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        let count = (height / ROW_HEIGHT) as usize + 2 * OVERSCAN;
        let focused = focus.get();
        visible.with(|vis| {
            rows.with(|rs| {
                columns.with_value(|cs| {
                    vis.iter()
                        .enumerate()
                        .skip(first)
                        .take(count)
                        .filter_map(|(pos, &i)| rs.get(i).map(|r| (pos, r)))
                        .map(|(pos, row)| {
                            let key = row.key.clone();
                            let open_key = key.clone();
                            let cells = row
                                .cells
                                .iter()
                                .zip(cs.iter())
                                .map(|(value, col)| match col.kind {
                                    ColumnKind::Amount(decimals) => {
                                        let shown = value.parse::<Decimal>().map(|d| format_amount(d, decimals)).unwrap_or_else(|_| value.clone());
                                        view! { <div class="td num">{shown}</div> }.into_any()
                                    }
                                    ColumnKind::Money => {
                                        let shown = value.parse::<Decimal>().map(|d| format_amount(d, d.scale())).unwrap_or_else(|_| value.clone());
                                        view! { <div class="td num">{shown}</div> }.into_any()
                                    }
                                    ColumnKind::Figure => view! { <div class="td num">{value.clone()}</div> }.into_any(),
                                    ColumnKind::Text | ColumnKind::Choice => view! { <div class="td" title=value.clone()>{value.clone()}</div> }.into_any(),
                                })
                                .collect_view();
                            let check = selection.map(|sel| {
                                let checked = sel.with(|s| s.contains(&key));
                                let toggle_key = key.clone();
                                view! {
                                    <div class="td check-cell" on:click=|ev| ev.stop_propagation()>
                                        <input type="checkbox" tabindex="-1" data-testid=format!("{testid}-select") prop:checked=checked
                                            on:change=move |_| toggle(toggle_key.clone()) />
                                    </div>
                                }
                            });
                            view! {
                                <div
                                    class="tr"
                                    class:focused=pos == focused
                                    style=format!("top: {}px; {}", pos as f64 * ROW_HEIGHT, row_template)
                                    data-testid=format!("{testid}-row")
                                    data-key=key.clone()
                                    on:click=move |_| {
                                        focus.set(pos);
                                        on_open.run(open_key.clone());
                                    }
                                >
                                    {check}
                                    {cells}
                                </div>
                            }
                        })
                        .collect_view()
                })
            })
        })
    };
    let total = move || visible.with(|v| v.len());
    let all = move || rows.with(|r| r.len());
    let select_all = selection.map(|sel| {
        view! {
            <input type="checkbox" class="select-all" aria-label="Select all shown rows" data-testid=format!("{testid}-select-all")
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let keys: Vec<String> = visible.with_untracked(|v| rows.with_untracked(|rs| v.iter().filter_map(|&i| rs.get(i).map(|r| r.key.clone())).collect()));
                    sel.update(|s| if on { s.extend(keys) } else { s.clear() });
                } />
        }
    });
    let has_rows = Memo::new(move |_| rows.with(|r| !r.is_empty()));
    // Exports what is shown: the rows that pass the search, in the shown order.
    let export = move |_| {
        let text = columns.with_value(|cs| visible.with_untracked(|vis| rows.with_untracked(|rs| csv_of(cs, vis.iter().filter_map(|&i| rs.get(i))))));
        let _ = crate::delivery::download_text(&format!("{testid}.csv"), "text/csv", &text);
    };
    view! {
        {move || (!has_rows.get()).then(|| empty.run())}
        <div class="table" data-testid=testid style:display=move || if has_rows.get() { "flex" } else { "none" }>
                <div class="row-count">
                    <span data-testid=format!("{testid}-count")>{move || format!("{} of {}", group(total()), group(all()))}</span>
                    <button class="link-button" data-testid=format!("{testid}-export") on:click=export title="The rows shown, as a CSV file">"Export CSV"</button>
                </div>
                <div class="thead" style=template.clone()>
                    {selection.is_some().then(|| view! { <div class="th check-cell">{select_all.clone()}</div> })}
                    {header}
                </div>
                <div class="tsearch" style=template.clone()>
                    {selection.is_some().then(|| view! { <div></div> })}
                    {search_row}
                </div>
                <div class="tbody" node_ref=body tabindex="0" data-testid=format!("{testid}-body")
                    on:scroll=move |_| {
                        if let Some(el) = body.get_untracked() {
                            scroll_top.set(f64::from(el.scroll_top()));
                            viewport.set(f64::from(el.client_height()).max(ROW_HEIGHT));
                        }
                    }
                    on:keydown=on_keydown>
                    <div class="tspacer" style=move || format!("height: {}px", total() as f64 * ROW_HEIGHT)>
                        {window_rows}
                    </div>
                </div>
        </div>
    }
}

/// 100000 → "100,000" for row counts.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The rows as CSV with the column titles as header (the core's one CSV writer);
/// no-break spaces of the display become plain spaces.
pub fn csv_of<'a>(columns: &[Column], rows: impl Iterator<Item = &'a TableRow>) -> String {
    let header: Vec<&str> = columns.iter().map(|c| c.title).collect();
    reskontra_core::reports::csv::write_csv(&header, rows.map(|row| row.cells.iter().map(|c| c.replace('\u{a0}', " ")).collect::<Vec<_>>()))
}
