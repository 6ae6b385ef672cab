//! The companies registry (SPEC R0.5, R13.1, R13.5, R13.6): names checked beside the
//! field, database names never reused, a replace switches only when finished, the
//! leftovers of a crash are found, and the demo built in parts is the demo.

use chrono::NaiveDate;
use reskontra_core::companies::{snapshots_database, unique_name, DemoRecipe, Registry, FIRST_DATABASE};
use reskontra_core::fields;
use reskontra_core::ledger::backup::to_json;
use reskontra_core::ledger::demo::{demo_ledger, DemoBuild, DemoExtras, DemoSize};
use reskontra_core::ProblemKind;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

#[test]
fn the_first_company_is_the_database_of_before_and_keeps_its_snapshots() {
    let registry = Registry::first();
    let first = registry.current_company();
    assert_eq!(first.database, FIRST_DATABASE);
    assert_eq!(first.name, "My company");
    assert_eq!(snapshots_database("reskontra"), "reskontra-snapshots");
    assert_eq!(snapshots_database("reskontra~7"), "reskontra-snapshots");
    assert_eq!(snapshots_database("reskontra-c2~9"), "reskontra-c2-snapshots");
    // Nothing stored, or something unreadable: the first company, never an empty list.
    assert_eq!(Registry::from_json(""), registry);
    assert_eq!(Registry::from_json("{\"companies\":[],\"current\":\"x\",\"next_number\":3}"), registry);
}

#[test]
fn names_are_required_unique_and_checked_on_rename() {
    let mut registry = Registry::first();
    let blank = registry.add("   ").expect_err("blank");
    assert_eq!((blank.field.clone(), blank.kind), (fields::company::NAME, ProblemKind::Required));
    let b = registry.add("Training AS").expect("added");
    assert_eq!(b.database, "reskontra-c2");
    let duplicate = registry.add(" training as ").expect_err("same name, other case");
    assert_eq!(duplicate.kind, ProblemKind::Duplicate);
    assert!(duplicate.message.contains("Training AS"), "{}", duplicate.message);
    let renamed = registry.rename(&b.id, "My company").expect_err("another company's name");
    assert_eq!(renamed.kind, ProblemKind::Duplicate);
    registry.rename(&b.id, "training as").expect("its own name in another case");
    assert_eq!(registry.company(&b.id).map(|c| c.name.as_str()), Some("training as"));
    assert_eq!(registry.add(&"x".repeat(61)).expect_err("too long").kind, ProblemKind::TooLong);
    assert_eq!(unique_name("Demo company", &registry.companies), "Demo company");
    let demo = registry.begin_new("Demo company", None);
    registry.finish_new(&demo);
    assert_eq!(unique_name("Demo company", &registry.companies), "Demo company 2");
}

#[test]
fn delete_keeps_one_company_and_moves_current() {
    let mut registry = Registry::first();
    assert_eq!(registry.remove(FIRST_DATABASE).expect_err("the only one").kind, ProblemKind::NotAllowed);
    let b = registry.add("B").expect("added");
    assert!(registry.switch_to(&b.id));
    let removed = registry.remove(&b.id).expect("deleted");
    assert_eq!(registry.current, FIRST_DATABASE, "the current one deleted: another is current");
    assert!(registry.obsolete.contains(&removed.database));
    assert!(registry.obsolete.contains(&"reskontra-c2-snapshots".to_string()));
    // Its number is not given again.
    assert_eq!(registry.add("C").expect("added").database, "reskontra-c3");
}

#[test]
fn a_replace_switches_only_when_finished_and_a_crash_leaves_a_leftover() {
    let mut registry = Registry::first();
    let new_db = registry.begin_replace(FIRST_DATABASE).expect("a company");
    assert_eq!(new_db, "reskontra~2");
    // Crashed here: the company still opens the old database; the new one is a leftover,
    // unless another tab is still writing it.
    let crashed = Registry::from_json(&registry.to_json());
    assert_eq!(crashed.current_company().database, "reskontra");
    assert_eq!(crashed.leftovers(&[]), vec!["reskontra~2".to_string()]);
    assert!(crashed.leftovers(&["reskontra~2".to_string()]).is_empty());

    let (company, old) = registry.finish_replace(FIRST_DATABASE, &new_db).expect("still there");
    assert_eq!((company.database.as_str(), old.as_str(), company.held_data), ("reskontra~2", "reskontra", true));
    assert_eq!(registry.leftovers(&[]), vec!["reskontra".to_string()], "the old database is deleted next");
    registry.forget("reskontra");
    assert!(registry.leftovers(&[]).is_empty());
    // The snapshots stay where they were.
    assert_eq!(snapshots_database(&company.database), "reskontra-snapshots");
}

#[test]
fn the_eviction_marker_follows_the_database() {
    let mut registry = Registry::first();
    assert!(!registry.current_company().held_data);
    assert!(registry.mark_held("reskontra"));
    assert!(!registry.mark_held("reskontra"), "set once");
    assert!(Registry::from_json(&registry.to_json()).current_company().held_data);
    registry.clear_held("reskontra");
    assert!(!registry.current_company().held_data);
}

#[test]
fn a_demo_company_remembers_how_it_was_built() {
    let mut registry = Registry::first();
    let recipe = DemoRecipe { seed: 1, customers: 25, invoices: 300, date: date("2026-06-30") };
    let demo = registry.begin_new("Demo company", Some(recipe.clone()));
    assert!(registry.company(&demo.id).is_none(), "not listed before it is written");
    assert_eq!(registry.leftovers(&[]), vec![demo.database.clone()]);
    registry.finish_new(&demo);
    let listed = registry.company(&demo.id).expect("listed");
    assert_eq!(listed.demo.as_ref(), Some(&recipe));
    assert!(listed.held_data);
    assert!(registry.leftovers(&[]).is_empty());
}

#[test]
fn the_demo_built_in_parts_is_the_demo_and_its_progress_moves() {
    let size = DemoSize { customers: 30, invoices: 600 };
    let today = date("2026-06-30");
    let mut build = DemoBuild::new(1, size, DemoExtras::default(), today);
    let steps = build.steps();
    let mut seen = vec![build.steps_done()];
    while build.step() {
        seen.push(build.steps_done());
    }
    seen.push(build.steps_done());
    assert_eq!(seen.first(), Some(&0));
    assert_eq!(seen.last(), Some(&steps));
    assert!(seen.windows(2).all(|w| w[0] < w[1] || w[1] == steps), "moves forward: {seen:?}");
    assert!(steps >= 5, "600 invoices take several parts: {steps}");
    assert_eq!(to_json(&build.finish()), to_json(&demo_ledger(1, size, today)));
}
