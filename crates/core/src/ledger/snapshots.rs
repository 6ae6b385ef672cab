//! The rotation rule of the automatic snapshots (issue 14): backups the browser keeps
//! by itself, one per business day, taken on the first change of the day.
//!
//! Pure: "today" (the business date) is an argument, and a snapshot is known only by
//! its id (the order it was taken in: a later snapshot has a higher id) and its date.
//!
//! The rule:
//! - [`due`]: a snapshot is due when none is dated `today`.
//! - [`keep`]: of the days that have a snapshot, the last 7 (by date, not calendar
//!   days: a holiday's gap drops nothing) keep every snapshot they have — the day's
//!   automatic one and any taken before a restore, so restoring a snapshot does not
//!   push out the one just restored; several snapshots of one day count as one day.
//!   Of the ISO weeks that have a snapshot, the last 4 keep their latest one (the
//!   highest id of the week's latest day) as a weekly snapshot. Every snapshot dated
//!   `today` is kept, even when the business date was moved back behind 7 later days,
//!   so the snapshot just taken is never pruned at once. With one snapshot a day that
//!   is at most 11 (7 days + 4 weeks; 12 while the date is moved back).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

/// How many days keep their snapshot.
pub const DAILY: usize = 7;
/// How many ISO weeks keep their latest snapshot.
pub const WEEKLY: usize = 4;

/// What the rule needs to know of one stored snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotInfo {
    /// The order it was taken in: a later snapshot has a higher id.
    pub id: u32,
    /// The business date it was taken on.
    pub date: NaiveDate,
}

/// Whether the first change of `today` should take a snapshot first: no snapshot is
/// dated `today`.
pub fn due(existing: &[SnapshotInfo], today: NaiveDate) -> bool {
    !existing.iter().any(|s| s.date == today)
}

/// The ids of the snapshots to keep, ascending; every other one may be deleted.
pub fn keep(existing: &[SnapshotInfo], today: NaiveDate) -> Vec<u32> {
    // The snapshots of each day (a set: the same id listed twice counts once).
    let mut by_day: BTreeMap<NaiveDate, BTreeSet<u32>> = BTreeMap::new();
    for s in existing {
        by_day.entry(s.date).or_default().insert(s.id);
    }
    let mut kept: BTreeSet<u32> = by_day.values().rev().take(DAILY).flatten().copied().collect();
    // The latest snapshot of each ISO week (days in ascending order, so the last wins).
    let mut by_week: BTreeMap<(i32, u32), u32> = BTreeMap::new();
    for (day, ids) in &by_day {
        let week = day.iso_week();
        if let Some(latest) = ids.last() {
            by_week.insert((week.year(), week.week()), *latest);
        }
    }
    kept.extend(by_week.values().rev().take(WEEKLY));
    if let Some(ids) = by_day.get(&today) {
        kept.extend(ids);
    }
    kept.into_iter().collect()
}

/// The ids of the snapshots [`keep`] leaves out, ascending.
pub fn prune(existing: &[SnapshotInfo], today: NaiveDate) -> Vec<u32> {
    let kept = keep(existing, today);
    let mut gone: Vec<u32> = existing.iter().map(|s| s.id).filter(|id| !kept.contains(id)).collect();
    gone.sort_unstable();
    gone.dedup();
    gone
}
