//! The list windows' table: a search row with one field per column (SPEC R3.11),
//! sortable headers, a row count, keyboard use, optional selection, and only the
//! visible rows in the DOM, so 100,000 rows scroll smoothly.

use std::collections::BTreeSet;

use leptos::prelude::*;
use reskontra_core::base::search::Search;
use reskontra_core::NumberFormat;
use rust_decimal::Decimal;

/// Row height in pixels; must match `.tr` in style/main.css.
pub const ROW_HEIGHT: f64 = 30.0;
/// Rows rendered above and below the viewport.
const OVERSCAN: usize = 8;
/// The filter values of an Overdue column.
const OVERDUE: &str = "overdue";
const NOT_OVERDUE: &str = "not-overdue";

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
    /// "N days" overdue or empty (the core's `reports::rows::days_text`): filtered
    /// by Overdue / Not overdue, sorted by the days.
    Overdue,
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

    /// The days a document is overdue (see [`ColumnKind::Overdue`]).
    pub fn overdue() -> Self {
        Column { title: "Overdue", kind: ColumnKind::Overdue, width: "90px" }
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

fn visible_rows(rows: &[TableRow], columns: &[Column], filters: &[String], sort: Option<(usize, bool)>, numbers: NumberFormat) -> Vec<usize> {
    let kind_of = |col: usize| columns.get(col).map(|c| c.kind);
    // A search finds what the cell shows: an amount as the number format writes it.
    let shown = |col: usize, raw: &str| match kind_of(col) {
        Some(ColumnKind::Amount(decimals)) => raw.parse::<Decimal>().map_or_else(|_| raw.to_string(), |d| numbers.amount(d, decimals).replace('\u{a0}', " ")),
        Some(ColumnKind::Money) => raw.parse::<Decimal>().map_or_else(|_| raw.to_string(), |d| numbers.amount(d, d.scale()).replace('\u{a0}', " ")),
        _ => raw.to_string(),
    };
    let picked = |col: usize| matches!(kind_of(col), Some(ColumnKind::Choice | ColumnKind::Overdue));
    let searches: Vec<(usize, Search)> =
        filters.iter().enumerate().filter(|(i, _)| !picked(*i)).map(|(i, f)| (i, Search::new(f))).filter(|(_, s)| !s.is_empty()).collect();
    let choices: Vec<(usize, &String)> = filters.iter().enumerate().filter(|(i, f)| picked(*i) && !f.is_empty()).collect();
    let matches_choice = |cell: Option<&String>, col: usize, value: &String| match kind_of(col) {
        // Overdue / Not overdue: the cell has days or is empty.
        Some(ColumnKind::Overdue) => cell.is_some_and(|c| c.is_empty()) == (value == NOT_OVERDUE),
        _ => cell == Some(value),
    };
    let mut visible: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            choices.iter().all(|(col, value)| matches_choice(rows[i].cells.get(*col), *col, value))
                && searches.iter().all(|(col, s)| rows[i].cells.get(*col).is_some_and(|v| s.matches_lowercase(&shown(*col, v).to_lowercase())))
        })
        .collect();
    if let Some((col, ascending)) = sort {
        // Descending turns the order of the values round, not of rows with equal values:
        // those keep their order either way (a journal entry's lines stay above its total).
        let direction = |o: std::cmp::Ordering| if ascending { o } else { o.reverse() };
        match columns.get(col).map(|c| c.kind) {
            Some(ColumnKind::Amount(_) | ColumnKind::Money | ColumnKind::Figure) => {
                let key = |i: usize| rows[i].cells.get(col).and_then(|v| v.replace(['\u{a0}', ' '], "").parse::<Decimal>().ok()).unwrap_or_default();
                let mut keyed: Vec<(Decimal, usize)> = visible.iter().map(|&i| (key(i), i)).collect();
                keyed.sort_by(|a, b| direction(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
                visible = keyed.into_iter().map(|(_, i)| i).collect();
            }
            Some(ColumnKind::Overdue) => {
                let days = |i: usize| {
                    rows[i].cells.get(col).and_then(|v| v.chars().filter(char::is_ascii_digit).collect::<String>().parse::<i64>().ok()).unwrap_or(-1)
                };
                visible.sort_by(|&a, &b| direction(days(a).cmp(&days(b))).then(a.cmp(&b)));
            }
            _ => visible.sort_by(|&a, &b| direction(rows[a].cells.get(col).cmp(&rows[b].cells.get(col))).then(a.cmp(&b))),
        }
    }
    visible
}

/// The grid's one Tab stop (roving tabindex): the keyboard's row, or a cell of the
/// search row or the header row, so Tab passes the whole list in one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cursor {
    Row,
    Search(usize),
    Header(usize),
}

/// The header row and the search row come before the data rows (`aria-rowindex` 1 and 2).
const HEAD_ROWS: usize = 2;

/// The signals one table's parts share; all `Copy`, so each part takes it by value.
#[derive(Clone, Copy)]
struct TableState {
    testid: &'static str,
    columns: StoredValue<Vec<Column>>,
    rows: Signal<Vec<TableRow>>,
    filters: RwSignal<Vec<String>>,
    sort: RwSignal<Option<(usize, bool)>>,
    /// Indexes into `rows` of the rows that pass the search, in the shown order.
    visible: Memo<Vec<usize>>,
    scroll_top: RwSignal<f64>,
    viewport: RwSignal<f64>,
    /// Position (in `visible`) of the keyboard's row.
    focus: RwSignal<usize>,
    /// Where the grid's one Tab stop is: a row, a search cell or a column header.
    cursor: RwSignal<Cursor>,
    /// The column the search row and the headers were last at.
    column: RwSignal<usize>,
    /// A row should take the focus as soon as it is rendered (the keyboard moved there).
    pending: StoredValue<bool>,
    grid: NodeRef<leptos::html::Div>,
    body: NodeRef<leptos::html::Div>,
    on_open: Callback<String>,
    selection: Option<RwSignal<BTreeSet<String>>>,
    /// The number format amounts and counts are shown in (the ledger's).
    numbers: Signal<NumberFormat>,
}

impl TableState {
    fn key_at(self, pos: usize) -> Option<String> {
        self.visible.with_untracked(|v| v.get(pos).and_then(|&i| self.rows.with_untracked(|rs| rs.get(i).map(|r| r.key.clone()))))
    }

    fn toggle(self, key: String) {
        if let Some(sel) = self.selection {
            sel.update(|s| {
                if !s.remove(&key) {
                    s.insert(key);
                }
            });
        }
    }

    /// Scrolls just enough to show the row at `pos`.
    fn scroll_to(self, pos: usize) {
        if let Some(el) = self.body.get_untracked() {
            let top = pos as f64 * ROW_HEIGHT;
            let height = f64::from(el.client_height());
            let current = f64::from(el.scroll_top());
            if top < current {
                el.set_scroll_top(top as i32);
            } else if top + ROW_HEIGHT > current + height {
                el.set_scroll_top((top + ROW_HEIGHT - height) as i32);
            }
        }
    }

    /// Arrow keys, Page Up/Down, Home and End move the keyboard's row; Enter opens it
    /// and Space selects it; Up from the first row goes to the search row.
    fn on_keydown(self, ev: leptos::ev::KeyboardEvent) {
        let n = self.visible.with_untracked(|v| v.len());
        if n == 0 {
            return;
        }
        let page = (self.viewport.get_untracked() / ROW_HEIGHT) as usize;
        let current = self.focus.get_untracked().min(n - 1);
        let next = match ev.key().as_str() {
            "ArrowDown" => Some((current + 1).min(n - 1)),
            "ArrowUp" if current == 0 => {
                ev.prevent_default();
                return self.focus_cell(Cursor::Search(self.column.get_untracked()));
            }
            "ArrowUp" => Some(current - 1),
            "PageDown" => Some((current + page).min(n - 1)),
            "PageUp" => Some(current.saturating_sub(page)),
            "Home" => Some(0),
            "End" => Some(n - 1),
            "Enter" => {
                if let Some(key) = self.key_at(current) {
                    self.on_open.run(key);
                }
                None
            }
            " " => {
                if let Some(key) = self.key_at(current) {
                    self.toggle(key);
                }
                None
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(pos) = next {
            self.focus_row(pos);
        }
    }

    /// Moves the keyboard's row to `pos` and the focus with it (once it is rendered).
    fn focus_row(self, pos: usize) {
        self.cursor.set(Cursor::Row);
        self.focus.set(pos);
        self.scroll_to(pos);
        self.pending.set_value(true);
        if let Some(row) = self.element(&format!(".tr[data-pos=\"{pos}\"]")) {
            focus_quietly(&row);
            self.pending.set_value(false);
        }
    }

    /// Moves the Tab stop and the focus to a search cell or a column header.
    fn focus_cell(self, cursor: Cursor) {
        let selector = match cursor {
            Cursor::Row => return self.focus_row(self.focus.get_untracked()),
            Cursor::Search(col) => format!(".search-cell[data-col=\"{col}\"]"),
            Cursor::Header(col) => format!(".th[data-col=\"{col}\"]"),
        };
        if let Cursor::Search(col) | Cursor::Header(col) = cursor {
            self.column.set(col);
        }
        self.cursor.set(cursor);
        if let Some(el) = self.element(&selector) {
            focus_quietly(&el);
        }
    }

    fn element(self, selector: &str) -> Option<web_sys::HtmlElement> {
        use wasm_bindgen::JsCast;
        let grid = self.grid.get_untracked()?;
        grid.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    }

    /// Keys in the search row and the header row: Up and Down move between them and
    /// the rows; Left and Right move between columns (in a search box only from its
    /// start or end, so the caret still moves inside the text).
    fn on_cell_keydown(self, ev: leptos::ev::KeyboardEvent, cursor: Cursor) {
        use wasm_bindgen::JsCast;
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
            return;
        }
        let columns = self.columns.with_value(|cs| cs.len());
        let (col, in_search) = match cursor {
            Cursor::Search(col) => (col, true),
            Cursor::Header(col) => (col, false),
            Cursor::Row => return,
        };
        // A text box keeps Left and Right while the caret has somewhere to go.
        let text = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let (at_start, at_end) = match &text {
            Some(input) => {
                let len = input.value().encode_utf16().count() as u32;
                let (start, end) = (input.selection_start().ok().flatten().unwrap_or(0), input.selection_end().ok().flatten().unwrap_or(len));
                (start == 0 && end == 0, start == len && end == len)
            }
            None => (true, true),
        };
        let next = match ev.key().as_str() {
            "ArrowLeft" if col > 0 && at_start => Some(if in_search { Cursor::Search(col - 1) } else { Cursor::Header(col - 1) }),
            "ArrowRight" if col + 1 < columns && at_end => Some(if in_search { Cursor::Search(col + 1) } else { Cursor::Header(col + 1) }),
            "ArrowUp" if in_search => Some(Cursor::Header(col)),
            "ArrowDown" if in_search => Some(Cursor::Row).filter(|_| self.visible.with_untracked(|v| !v.is_empty())),
            "ArrowDown" => Some(Cursor::Search(col)),
            _ => None,
        };
        if let Some(cursor) = next {
            ev.prevent_default();
            self.column.set(col);
            self.focus_cell(cursor);
        }
    }

    /// The Tab stop of the search row or the header row: 0 at the cursor, else -1. With
    /// no row to go to, the first search box stays reachable.
    fn tab_index(self, cursor: Cursor) -> i32 {
        let current = self.cursor.get();
        let no_rows = self.visible.with(|v| v.is_empty());
        if current == cursor || (no_rows && current == Cursor::Row && cursor == Cursor::Search(0)) {
            0
        } else {
            -1
        }
    }
}

/// Focuses `el` (the table has scrolled it into view already).
fn focus_quietly(el: &web_sys::HtmlElement) {
    let _ = el.focus();
}

/// A flexible (`fr`) column's least width: a name stays readable and the table scrolls
/// sideways when the window is narrower than its columns' least widths.
fn least_of_flexible(width: &str) -> Option<&'static str> {
    let share = width.strip_suffix("fr")?.trim().parse::<f64>().ok()?;
    Some(if share >= 2.0 { "10em" } else { "7em" })
}

/// The grid's tracks (`grid-template-columns`, a flexible column as
/// `minmax(least, share)`) and the least width of the whole row (`--table-min`, the
/// sum of the fixed widths and the least widths), which the rows are never narrower than.
fn grid_tracks(columns: &[Column], selection: bool) -> (String, String) {
    let mut tracks: Vec<String> = Vec::new();
    let mut least: Vec<String> = Vec::new();
    if selection {
        tracks.push("34px".into());
        least.push("34px".into());
    }
    for c in columns {
        let width = c.width.trim();
        if let Some(min) = least_of_flexible(width) {
            tracks.push(format!("minmax({min}, {width})"));
            least.push(min.into());
        } else {
            tracks.push(width.to_string());
            if let Some(inner) = width.strip_prefix("minmax(").and_then(|w| w.split_once(',')).map(|(min, _)| min.trim()) {
                least.push(inner.to_string());
            } else if width.ends_with("px") || width.ends_with("em") {
                least.push(width.to_string());
            }
        }
    }
    let least = if least.is_empty() { "0px".to_string() } else { least.join(" + ") };
    (format!("grid-template-columns: {};", tracks.join(" ")), format!("--table-min: calc({least});"))
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
    /// What *Export CSV* writes when the window has a file of its own (the journal's
    /// general-ledger file); else the rows shown.
    #[prop(optional)]
    on_export: Option<Callback<()>>,
    /// Told the indexes into `rows` of the rows shown (after the search, in the shown
    /// order), for a window that sums them (the journal's totals).
    #[prop(optional)]
    shown: Option<RwSignal<Vec<usize>>>,
    /// True while the window has given only its first rows (the rest follow): the
    /// count says so instead of a total.
    #[prop(optional, into)]
    more: Option<Signal<bool>>,
) -> impl IntoView {
    let filters = RwSignal::new(vec![String::new(); columns.len()]);
    let sort = RwSignal::new(None::<(usize, bool)>);
    let columns = StoredValue::new(columns);
    let numbers = {
        let ctx = use_context::<crate::ui::context::LedgerCtx>();
        Signal::derive(move || ctx.map(|c| c.numbers()).unwrap_or_default())
    };
    let visible = Memo::new(move |_| rows.with(|rs| filters.with(|fs| columns.with_value(|cs| visible_rows(rs, cs, fs, sort.get(), numbers.get())))));
    let t = TableState {
        testid,
        columns,
        rows,
        filters,
        sort,
        visible,
        scroll_top: RwSignal::new(0.0),
        viewport: RwSignal::new(600.0),
        focus: RwSignal::new(0),
        cursor: RwSignal::new(Cursor::Row),
        column: RwSignal::new(0),
        pending: StoredValue::new(false),
        grid: NodeRef::new(),
        body: NodeRef::new(),
        on_open,
        selection,
        numbers,
    };
    let (template, least) = columns.with_value(|cs| grid_tracks(cs, selection.is_some()));
    // The header and the search row follow the rows sideways (and the rows follow them
    // when the focus moves to a header or search cell out of view).
    let head = NodeRef::<leptos::html::Div>::new();
    let search = NodeRef::<leptos::html::Div>::new();
    let follow = move |from: Option<web_sys::HtmlDivElement>| {
        if let Some(left) = from.map(|el| el.scroll_left()) {
            for el in [head.get_untracked(), search.get_untracked(), t.body.get_untracked()].into_iter().flatten() {
                if el.scroll_left() != left {
                    el.set_scroll_left(left);
                }
            }
        }
    };
    Effect::new(move |_| {
        if let Some(el) = t.body.get() {
            t.viewport.set(f64::from(el.client_height()).max(ROW_HEIGHT));
        }
    });
    if let Some(shown) = shown {
        Effect::new(move |_| shown.set(visible.get()));
    }
    // A new filter or sort starts at the top.
    Effect::new(move |_| {
        visible.track();
        t.focus.set(0);
    });
    let total = move || visible.with(|v| v.len());
    let all = move || rows.with(|r| r.len());
    let has_rows = Memo::new(move |_| rows.with(|r| !r.is_empty()));
    // Exports what is shown: the rows that pass the search, in the shown order.
    let export = move |_| {
        if let Some(own) = on_export {
            return own.run(());
        }
        let text = columns.with_value(|cs| visible.with_untracked(|vis| rows.with_untracked(|rs| csv_of(cs, vis.iter().filter_map(|&i| rs.get(i))))));
        let _ = crate::delivery::download_text(&format!("{testid}.csv"), "text/csv", &text);
    };
    let row_template = template.clone();
    let multiselectable = selection.is_some().then_some("true");
    view! {
        {move || (!has_rows.get()).then(|| empty.run())}
        <div class="table" data-testid=testid style:display=move || if has_rows.get() { "flex" } else { "none" }>
                <div class="row-count">
                    <span data-testid=format!("{testid}-count")>{move || if more.is_some_and(|m| m.get()) { "Listing…".to_string() } else { format!("{} of {}", t.numbers.get().count(total()), t.numbers.get().count(all())) }}</span>
                    <button class="link-button" data-testid=format!("{testid}-export") on:click=export title="The rows shown, as a CSV file">"Export CSV"</button>
                </div>
                // An ARIA grid: the header row, the search row, then the rows (only those
                // near the viewport are in the DOM; aria-rowcount and aria-rowindex tell
                // a screen reader where they are).
                <div class="grid" role="grid" node_ref=t.grid aria-rowcount=move || total() + HEAD_ROWS aria-multiselectable=multiselectable style=least>
                    <div class="thead" role="row" aria-rowindex="1" style=template.clone() node_ref=head on:scroll=move |_| follow(head.get_untracked())>
                        {selection.is_some().then(|| view! { <div class="th check-cell" role="columnheader" aria-label="Selected">{select_all(t)}</div> })}
                        {move || header_cells(t)}
                    </div>
                    <div class="tsearch" role="row" aria-rowindex="2" style=template.clone() node_ref=search on:scroll=move |_| follow(search.get_untracked())>
                        {selection.is_some().then(|| view! { <div role="gridcell"></div> })}
                        {move || search_cells(t)}
                    </div>
                    // Not a Tab stop itself: a row is. Focusing the body (a click on its
                    // empty part, a script) hands the focus to the keyboard's row.
                    <div class="tbody" node_ref=t.body tabindex="-1" role="rowgroup" data-testid=format!("{testid}-body")
                        on:focus=move |ev| {
                            let on_body = t.body.get_untracked().is_some_and(|b| {
                                let body: &web_sys::EventTarget = b.as_ref();
                                ev.target().is_some_and(|target| &target == body)
                            });
                            if on_body && total() > 0 {
                                t.focus_row(t.focus.get_untracked().min(total().saturating_sub(1)));
                            }
                        }
                        on:scroll=move |_| {
                            if let Some(el) = t.body.get_untracked() {
                                t.scroll_top.set(f64::from(el.scroll_top()));
                                t.viewport.set(f64::from(el.client_height()).max(ROW_HEIGHT));
                            }
                            follow(t.body.get_untracked());
                        }
                        on:keydown=move |ev| t.on_keydown(ev)>
                        <div class="tspacer" style=move || format!("height: {}px", total() as f64 * ROW_HEIGHT)>
                            {window_rows(t, row_template)}
                        </div>
                    </div>
                </div>
        </div>
    }
}

/// The column headers; a click sorts ascending, then descending, then not at all.
fn header_cells(t: TableState) -> impl IntoView {
    let (testid, sort) = (t.testid, t.sort);
    t.columns.with_value(|cs| {
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
                let aria_sort = move || match sort.get() {
                    Some((col, true)) if col == idx => Some("ascending"),
                    Some((col, false)) if col == idx => Some("descending"),
                    _ => None,
                };
                view! {
                    <div class="th-cell" role="columnheader" aria-sort=aria_sort>
                        <button class="th" class:num=numeric on:click=click data-testid=format!("{testid}-sort-{idx}") data-col=idx title=c.title
                            tabindex=move || t.tab_index(Cursor::Header(idx))
                            on:focus=move |_| t.cursor.set(Cursor::Header(idx))
                            on:keydown=move |ev| t.on_cell_keydown(ev, Cursor::Header(idx))>
                            {c.title}{arrow}
                        </button>
                    </div>
                }
            })
            .collect_view()
    })
}

/// The search row: a text search per column, a pick list for choice columns.
fn search_cells(t: TableState) -> impl IntoView {
    let (testid, rows, filters) = (t.testid, t.rows, t.filters);
    t.columns.with_value(|cs| {
        cs.iter()
            .enumerate()
            .map(|(idx, c)| {
                // Overdue: a fixed pick; a choice column: the values its rows hold.
                let options: Option<Signal<Vec<(String, String)>>> = match c.kind {
                    ColumnKind::Overdue => {
                        Some(Signal::derive(|| vec![(OVERDUE.to_string(), "Overdue".to_string()), (NOT_OVERDUE.to_string(), "Not overdue".to_string())]))
                    }
                    ColumnKind::Choice => Some(Signal::derive(move || {
                        rows.with(|rs| {
                            rs.iter()
                                .filter_map(|r| r.cells.get(idx).map(String::as_str))
                                .collect::<BTreeSet<&str>>()
                                .into_iter()
                                .map(|v| (v.to_string(), v.to_string()))
                                .collect()
                        })
                    })),
                    _ => None,
                };
                if let Some(options) = options {
                    return view! {
                        <div role="gridcell" class="search-wrap">
                        <select class="search-cell" aria-label=format!("Filter {}", c.title) data-testid=format!("{testid}-filter-{idx}") data-col=idx
                            tabindex=move || t.tab_index(Cursor::Search(idx))
                            on:focus=move |_| t.cursor.set(Cursor::Search(idx))
                            on:keydown=move |ev| t.on_cell_keydown(ev, Cursor::Search(idx))
                            prop:value=move || filters.with(|f| f[idx].clone())
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                filters.update(|f| f[idx] = value);
                            }>
                            <option value="">"All"</option>
                            {move || options.get().into_iter().map(|(v, label)| view! { <option value=v>{label}</option> }).collect_view()}
                        </select>
                        </div>
                    }
                    .into_any();
                }
                view! {
                    <div role="gridcell" class="search-wrap">
                    <input
                        class="search-cell"
                        placeholder="Search"
                        aria-label=format!("Search {}", c.title)
                        data-testid=format!("{testid}-search-{idx}")
                        data-col=idx
                        tabindex=move || t.tab_index(Cursor::Search(idx))
                        on:focus=move |_| t.cursor.set(Cursor::Search(idx))
                        on:keydown=move |ev| t.on_cell_keydown(ev, Cursor::Search(idx))
                        prop:value=move || filters.with(|f| f[idx].clone())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            filters.update(|f| f[idx] = text);
                        }
                    />
                    </div>
                }
                .into_any()
            })
            .collect_view()
    })
}

/// The header's checkbox: selects every row the search shows, or clears the selection.
fn select_all(t: TableState) -> Option<impl IntoView> {
    let (visible, rows) = (t.visible, t.rows);
    t.selection.map(|sel| {
        view! {
            <input type="checkbox" class="select-all" aria-label="Select all shown rows" data-testid=format!("{}-select-all", t.testid)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let keys: Vec<String> = visible.with_untracked(|v| rows.with_untracked(|rs| v.iter().filter_map(|&i| rs.get(i).map(|r| r.key.clone())).collect()));
                    sel.update(|s| if on { s.extend(keys) } else { s.clear() });
                } />
        }
    })
}

/// The rows in and near the viewport (only these are in the DOM): a fixed set of row
/// slots in one block moved to the first of them, slot k showing the row at position
/// `first + k`. Scrolling changes what the slots show (their texts and attributes) and
/// where the block stands; it never builds rows again, so a frame of fast scrolling is
/// a few hundred text updates and one transform.
fn window_rows(t: TableState, row_template: String) -> impl IntoView {
    let first = Memo::new(move |_| ((t.scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN));
    let count = Memo::new(move |_| (t.viewport.get() / ROW_HEIGHT) as usize + 2 * OVERSCAN);
    let slots = move || 0..t.visible.with(|v| v.len()).saturating_sub(first.get()).min(count.get());
    view! {
        <div class="twindow" style:transform=move || format!("translateY({}px)", first.get() as f64 * ROW_HEIGHT)>
            <For each=slots key=|slot| *slot children=move |slot| row_slot(t, slot, first, count, row_template.clone()) />
        </div>
    }
}

/// One row slot of [`window_rows`]. The keyboard's row is the grid's Tab stop (or the
/// first row shown while it is scrolled away); when the rows move while one had the
/// focus, the slot that now shows the keyboard's row takes it. Focus, Tab stop and
/// selection are attributes of their own, so moving them changes nothing else (a
/// click keeps its row).
fn row_slot(t: TableState, slot: usize, first: Memo<usize>, count: Memo<usize>, row_template: String) -> impl IntoView {
    let testid = t.testid;
    let pos = Memo::new(move |_| first.get() + slot);
    let index = Memo::new(move |_| t.visible.with(|v| v.get(pos.get()).copied()));
    let key = Memo::new(move |_| index.get().and_then(|i| t.rows.with(|rs| rs.get(i).map(|r| r.key.clone()))).unwrap_or_default());
    // What each cell shows, in the number format of the ledger.
    let shown = Memo::new(move |_| {
        let numbers = t.numbers.get();
        index.get().map_or_else(Vec::new, |i| {
            t.rows.with(|rs| {
                t.columns
                    .with_value(|cs| rs.get(i).map_or_else(Vec::new, |r| r.cells.iter().zip(cs.iter()).map(|(v, c)| cell_text(v, c.kind, numbers)).collect()))
            })
        })
    });
    let cells = t.columns.with_value(|cs| {
        cs.iter()
            .enumerate()
            .map(|(col, c)| {
                let text = move || shown.with(|s| s.get(col).cloned().unwrap_or_default());
                match c.kind {
                    ColumnKind::Amount(_) | ColumnKind::Money | ColumnKind::Figure => view! { <div class="td num" role="gridcell">{text}</div> }.into_any(),
                    ColumnKind::Text | ColumnKind::Choice => view! { <div class="td" role="gridcell" title=text>{text}</div> }.into_any(),
                    ColumnKind::Overdue => view! { <div class="td overdue" role="gridcell">{text}</div> }.into_any(),
                }
            })
            .collect_view()
    });
    let selected = t.selection.map(|sel| Signal::derive(move || key.with(|k| sel.with(|s| s.contains(k)))));
    let check = t.selection.map(|_| {
        view! {
            <div class="td check-cell" role="gridcell" on:click=|ev| ev.stop_propagation()>
                <input type="checkbox" tabindex="-1" data-testid=format!("{testid}-select") prop:checked=move || selected.is_some_and(|s| s.get())
                    aria-label=move || format!("Select {}", key.get()) on:change=move |_| t.toggle(key.get_untracked()) />
            </div>
        }
    });
    // The Tab stop among the rows shown: the keyboard's row, or the first while it is not here.
    let is_stop = move || {
        let (pos, first, focus) = (pos.get(), first.get(), t.focus.get());
        let last = t.visible.with(|v| v.len()).min(first + count.get());
        t.cursor.get() == Cursor::Row && (pos == focus || pos == first && !(first..last).contains(&focus))
    };
    let row_ref = NodeRef::<leptos::html::Div>::new();
    // The slot that comes to show the keyboard's row takes the focus when a row had it
    // (or the keyboard moved to a row not yet shown).
    Effect::new(move |_| {
        let pos = pos.get();
        index.track();
        if pos == t.focus.get_untracked() && (t.pending.get_value() || focus_is_in(t.body)) {
            if let Some(el) = row_ref.get() {
                focus_quietly(&el);
                t.pending.set_value(false);
            }
        }
    });
    view! {
        <div
            class="tr"
            role="row"
            node_ref=row_ref
            aria-rowindex=move || pos.get() + 1 + HEAD_ROWS
            aria-selected=move || selected.map(|s| s.get().to_string())
            tabindex=move || if is_stop() { "0" } else { "-1" }
            class:focused=move || t.focus.get() == pos.get()
            style=row_template
            data-testid=format!("{testid}-row")
            data-key=move || key.get()
            data-pos=move || pos.get()
            on:focus=move |_| {
                t.cursor.set(Cursor::Row);
                let pos = pos.get_untracked();
                if t.focus.get_untracked() != pos {
                    t.focus.set(pos);
                }
            }
            on:click=move |_| {
                t.focus.set(pos.get_untracked());
                t.on_open.run(key.get_untracked());
            }
        >
            {check}
            {cells}
        </div>
    }
}

/// What a cell of a column of `kind` shows for the row's `value`.
fn cell_text(value: &str, kind: ColumnKind, numbers: NumberFormat) -> String {
    match kind {
        ColumnKind::Amount(decimals) => value.parse::<Decimal>().map(|d| numbers.amount(d, decimals)).unwrap_or_else(|_| value.to_string()),
        ColumnKind::Money => value.parse::<Decimal>().map(|d| numbers.amount(d, d.scale())).unwrap_or_else(|_| value.to_string()),
        ColumnKind::Figure | ColumnKind::Text | ColumnKind::Choice | ColumnKind::Overdue => value.to_string(),
    }
}

/// Whether the focus is inside `el` now.
fn focus_is_in(el: NodeRef<leptos::html::Div>) -> bool {
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    el.get_untracked().is_some_and(|el| active.is_some_and(|a| el.contains(Some(&a))))
}

/// The rows as CSV with the column titles as header (the core's one CSV writer);
/// no-break spaces of the display become plain spaces.
pub fn csv_of<'a>(columns: &[Column], rows: impl Iterator<Item = &'a TableRow>) -> String {
    let header: Vec<&str> = columns.iter().map(|c| c.title).collect();
    reskontra_core::reports::csv::write_csv(&header, rows.map(|row| row.cells.iter().map(|c| c.replace('\u{a0}', " ")).collect::<Vec<_>>()))
}
