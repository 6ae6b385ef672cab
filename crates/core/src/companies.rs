//! The companies of one browser (SPEC R0.5, R13.6): each company is a ledger of its own,
//! in its own IndexedDB database. The [`Registry`] lists them, says which one this
//! browser opens, and which databases are being written (`pending`) or are left to
//! delete (`obsolete`). It is pure data with its rules; the app keeps it in
//! localStorage (`src/store/companies.rs`) and does the IndexedDB work.
//!
//! Names: the first company is the database [`FIRST_DATABASE`] (`reskontra`, the one
//! database of the versions before companies), so existing users keep their ledger.
//! A new company gets `reskontra-c<n>`; that base name is the company's `id` for good.
//! A ledger replaced as a whole (import, restore, reset of a demo) is written into a
//! new database `<id>~<n>` and the company points at it only when the write has
//! committed (R13.1). `n` comes from one counter that only moves forward, so no name
//! is ever used twice, even for a database left to delete. The automatic snapshots of a
//! company live in `<id>-snapshots` ([`snapshots_database`]), the same for every
//! database the company has had, so a replace keeps them.

use serde::{Deserialize, Serialize};

use crate::base::problem::{Problem, ProblemKind};
use crate::fields::company as field;

/// The database of the first company (and of every version before companies).
pub const FIRST_DATABASE: &str = "reskontra";
/// The first company's name until the user renames it.
pub const FIRST_NAME: &str = "My company";
/// The name a new demo company gets (made unique: "Demo company 2", …).
pub const DEMO_NAME: &str = "Demo company";
/// The longest company name.
pub const MAX_NAME_CHARS: usize = 60;

/// How a demo company was built, so *Reset demo* builds the same one again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoRecipe {
    pub seed: u64,
    pub customers: usize,
    pub invoices: usize,
    /// The business date it was built for.
    pub date: chrono::NaiveDate,
}

/// One company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    /// Stable: the company's first database name (`reskontra`, `reskontra-c2`).
    pub id: String,
    pub name: String,
    /// The ledger database it opens now.
    pub database: String,
    /// Built by *Demo company*; *Reset demo* builds it again from this.
    #[serde(default)]
    pub demo: Option<DemoRecipe>,
    /// The eviction marker (R13.5): this browser has stored data in `database` (set
    /// after the first committed change or replace). A database that is then found
    /// missing was removed by the browser, not never made.
    #[serde(default)]
    pub held_data: bool,
}

/// A database being written: deleted at the next open if the write never finished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub database: String,
    /// The company it is for (a new company's id, or the company being replaced).
    pub company: String,
}

/// The companies of this browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registry {
    pub companies: Vec<Company>,
    /// The id of the company this browser opens.
    pub current: String,
    /// The next number of a database name.
    pub next_number: u32,
    #[serde(default)]
    pub pending: Vec<Pending>,
    /// Databases no company uses any more (replaced, or of a deleted company), with
    /// their snapshots; deleted in the background and again at each open until gone.
    #[serde(default)]
    pub obsolete: Vec<String>,
}

impl Default for Registry {
    fn default() -> Self {
        Registry::first()
    }
}

/// The snapshots database of a company's ledger database `database`: `reskontra` and
/// `reskontra~7` keep theirs in `reskontra-snapshots` (the name before companies),
/// `reskontra-c2` and `reskontra-c2~9` in `reskontra-c2-snapshots`.
pub fn snapshots_database(database: &str) -> String {
    format!("{}-snapshots", company_id_of(database))
}

/// The company id (first database name) of a ledger database name.
pub fn company_id_of(database: &str) -> &str {
    database.split('~').next().unwrap_or(database)
}

/// `base`, or `base 2`, `base 3`, … : the first that no company is called (case and
/// surrounding spaces ignored).
pub fn unique_name(base: &str, companies: &[Company]) -> String {
    let taken = |name: &str| companies.iter().any(|c| same_name(&c.name, name));
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base} {n}")).find(|name| !taken(name)).unwrap_or_else(|| base.to_string())
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl Registry {
    /// One company, the first database, as every browser had before companies.
    pub fn first() -> Registry {
        Registry {
            companies: vec![Company {
                id: FIRST_DATABASE.to_string(),
                name: FIRST_NAME.to_string(),
                database: FIRST_DATABASE.to_string(),
                demo: None,
                held_data: false,
            }],
            current: FIRST_DATABASE.to_string(),
            next_number: 2,
            pending: Vec::new(),
            obsolete: Vec::new(),
        }
    }

    /// Reads the stored JSON; what does not read (or lists no company) is the first
    /// company, so the app always opens something and never loses the first ledger.
    pub fn from_json(text: &str) -> Registry {
        match serde_json::from_str::<Registry>(text) {
            Ok(registry) if !registry.companies.is_empty() => registry,
            _ => Registry::first(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The company this browser opens (the first one if `current` names none).
    pub fn current_company(&self) -> Company {
        self.company(&self.current).or_else(|| self.companies.first()).cloned().unwrap_or_else(|| Registry::first().companies.remove(0))
    }

    pub fn company(&self, id: &str) -> Option<&Company> {
        self.companies.iter().find(|c| c.id == id)
    }

    fn company_mut(&mut self, id: &str) -> Option<&mut Company> {
        self.companies.iter_mut().find(|c| c.id == id)
    }

    /// The problem with `name` for a new company, or for company `renaming` renamed:
    /// blank, too long, or another company's name (case ignored).
    pub fn name_problem(&self, name: &str, renaming: Option<&str>) -> Option<Problem> {
        let name = name.trim();
        if name.is_empty() {
            return Some(Problem::new(field::NAME, ProblemKind::Required, "Type the company's name"));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Some(Problem::new(field::NAME, ProblemKind::TooLong, format!("At most {MAX_NAME_CHARS} characters")));
        }
        let other = self.companies.iter().find(|c| Some(c.id.as_str()) != renaming && same_name(&c.name, name));
        other.map(|c| Problem::new(field::NAME, ProblemKind::Duplicate, format!("There is already a company called {}", c.name)))
    }

    fn take_number(&mut self) -> u32 {
        let n = self.next_number.max(2);
        self.next_number = n + 1;
        n
    }

    /// Adds an empty company called `name` (its database is made when it is first
    /// opened); returns it. Does not switch to it.
    pub fn add(&mut self, name: &str) -> Result<Company, Problem> {
        if let Some(problem) = self.name_problem(name, None) {
            return Err(problem);
        }
        let company = self.new_company(name.trim(), None);
        self.companies.push(company.clone());
        Ok(company)
    }

    fn new_company(&mut self, name: &str, demo: Option<DemoRecipe>) -> Company {
        let id = format!("{FIRST_DATABASE}-c{}", self.take_number());
        Company { id: id.clone(), name: name.to_string(), database: id, demo, held_data: false }
    }

    /// Starts a company whose ledger is written before it is listed (the demo
    /// company): its database is `pending` until [`Registry::finish_new`]. Its name is
    /// `name` made unique.
    pub fn begin_new(&mut self, name: &str, demo: Option<DemoRecipe>) -> Company {
        let company = self.reserve_new(name, demo);
        self.add_pending(&company.database, &company.id);
        company
    }

    /// [`Registry::begin_new`] without listing the database as pending yet (the app
    /// first takes the write lock named after it, then calls [`Registry::add_pending`]).
    pub fn reserve_new(&mut self, name: &str, demo: Option<DemoRecipe>) -> Company {
        let name = unique_name(name, &self.companies);
        self.new_company(&name, demo)
    }

    /// Lists `database`, being written for company `company`, as pending.
    pub fn add_pending(&mut self, database: &str, company: &str) {
        if !self.pending.iter().any(|p| p.database == database) {
            self.pending.push(Pending { database: database.to_string(), company: company.to_string() });
        }
    }

    /// The written company is listed (holding data) and no longer pending.
    pub fn finish_new(&mut self, company: &Company) {
        self.pending.retain(|p| p.database != company.database);
        if self.company(&company.id).is_none() {
            let mut company = company.clone();
            company.held_data = true;
            self.companies.push(company);
        }
    }

    /// Starts replacing company `id`'s ledger: the new database's name, pending until
    /// [`Registry::finish_replace`]. `None` when there is no such company.
    pub fn begin_replace(&mut self, id: &str) -> Option<String> {
        let database = self.reserve_replacement(id)?;
        self.add_pending(&database, id);
        Some(database)
    }

    /// [`Registry::begin_replace`] without listing the database as pending yet.
    pub fn reserve_replacement(&mut self, id: &str) -> Option<String> {
        self.company(id)?;
        Some(format!("{}~{}", company_id_of(id), self.take_number()))
    }

    /// The new database has committed: the company points at it (holding data), and
    /// its old database is obsolete. Returns the company as it is now and the old
    /// database; `None` when the company was deleted meanwhile (then the new database
    /// is obsolete too).
    pub fn finish_replace(&mut self, id: &str, database: &str) -> Option<(Company, String)> {
        self.pending.retain(|p| p.database != database);
        let Some(company) = self.company_mut(id) else {
            self.obsolete.push(database.to_string());
            return None;
        };
        let old = std::mem::replace(&mut company.database, database.to_string());
        company.held_data = true;
        let company = company.clone();
        if old != database {
            self.obsolete.push(old.clone());
        }
        Some((company, old))
    }

    /// A write that failed: its database is obsolete.
    pub fn abandon(&mut self, database: &str) {
        self.pending.retain(|p| p.database != database);
        if !self.obsolete.iter().any(|d| d == database) {
            self.obsolete.push(database.to_string());
        }
    }

    pub fn rename(&mut self, id: &str, name: &str) -> Result<(), Problem> {
        if let Some(problem) = self.name_problem(name, Some(id)) {
            return Err(problem);
        }
        match self.company_mut(id) {
            Some(company) => {
                company.name = name.trim().to_string();
                Ok(())
            }
            None => Err(Problem::new(field::NAME, ProblemKind::Unknown, "This company no longer exists")),
        }
    }

    /// Makes `id` the company this browser opens.
    pub fn switch_to(&mut self, id: &str) -> bool {
        let known = self.company(id).is_some();
        if known {
            self.current = id.to_string();
        }
        known
    }

    /// Deletes company `id` from the list; its database and snapshots become
    /// obsolete. The only company cannot be deleted. When it was the current one, the
    /// first of the others becomes current. Returns the company deleted.
    pub fn remove(&mut self, id: &str) -> Result<Company, Problem> {
        if self.companies.len() <= 1 {
            return Err(Problem::form(ProblemKind::NotAllowed, "The only company cannot be deleted"));
        }
        let Some(at) = self.companies.iter().position(|c| c.id == id) else {
            return Err(Problem::form(ProblemKind::Unknown, "This company no longer exists"));
        };
        let company = self.companies.remove(at);
        for database in [company.database.clone(), snapshots_database(&company.database)] {
            if !self.obsolete.contains(&database) {
                self.obsolete.push(database);
            }
        }
        if self.current == id {
            self.current = self.companies[0].id.clone();
        }
        Ok(company)
    }

    /// Sets the eviction marker of the company whose database is `database`; whether
    /// it changed anything.
    pub fn mark_held(&mut self, database: &str) -> bool {
        match self.companies.iter_mut().find(|c| c.database == database) {
            Some(company) if !company.held_data => {
                company.held_data = true;
                true
            }
            _ => false,
        }
    }

    /// Clears the marker (the user chose to start the company empty after it vanished).
    pub fn clear_held(&mut self, database: &str) {
        if let Some(company) = self.companies.iter_mut().find(|c| c.database == database) {
            company.held_data = false;
        }
    }

    /// The databases to delete at an open: the obsolete ones, and the pending ones
    /// nobody is writing (`in_use`: the databases other tabs hold a write lock on).
    /// A database some company uses is never in the list.
    pub fn leftovers(&self, in_use: &[String]) -> Vec<String> {
        let used = |d: &String| self.companies.iter().any(|c| &c.database == d);
        let pending = self.pending.iter().map(|p| &p.database).filter(|d| !in_use.contains(d));
        let mut found: Vec<String> = self.obsolete.iter().chain(pending).filter(|d| !used(d)).cloned().collect();
        found.dedup();
        found
    }

    /// `database` is gone: forget it as pending or obsolete.
    pub fn forget(&mut self, database: &str) {
        self.pending.retain(|p| p.database != database);
        self.obsolete.retain(|d| d != database);
    }
}
