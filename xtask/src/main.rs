//! `cargo xtask <task>`: the one entry point for building, serving and testing Reskontra.
//!
//! Every task first installs what it needs and is missing (see `setup.rs`), so a fresh
//! machine and a developer's machine run the same commands. Std only, on purpose: this
//! binary must build in seconds before anything else exists.

mod setup;
mod tasks;
mod util;

use std::process::ExitCode;

use setup::Needs;

/// What the user asked for on the command line.
#[derive(Debug, PartialEq, Eq)]
pub enum Task {
    Setup,
    Dist,
    Serve,
    Test(Option<tasks::Layer>),
    /// `--core`: the criterion benches of the core; otherwise the browser suite, all
    /// cases or the ones named (`B3 B5`).
    Bench {
        core: bool,
        cases: Vec<String>,
    },
    /// `bench --profile CASE`: a CPU profile of B7, B8 or B9 on a build that keeps the
    /// wasm's function names.
    Profile(String),
    Help,
}

pub const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  setup                 install whatever is missing (wasm target, trunk, wasm-bindgen-cli,
                        wasm-opt, chromium + chromedriver, e2e node modules)
  dist                  release build with trunk into dist/, prints the wasm size
  serve                 trunk serve --release on http://127.0.0.1:8080/
  test [--only LAYER]   run the test layers in order: lint, native, wasm, e2e
                        (LAYER is one of lint, native, wasm, e2e; lint is
                        cargo fmt --check and clippy -D warnings)
  bench [CASE...]       the browser benchmark (issue 15, cases B1..B11): release build,
                        bench ledgers, fresh Chromium profiles, ours against raw
                        IndexedDB; prints a table, writes target/bench/results.json
  bench --profile CASE  a CPU profile of B7, B8 or B9 (a build keeping the wasm's names):
                        the functions with the most time, target/bench/CASE.cpuprofile
  bench --core          the criterion benches of the core (decode and build, ageing,
                        search, release, schedules)
  help                  this text";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = match parse_args(&args) {
        Ok(task) => task,
        Err(message) => {
            eprintln!("xtask: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if task == Task::Help {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }

    // Children (trunk, cargo, node) must find the tools installed by setup, and the
    // npm wasm-opt must win over any other wasm-opt on PATH (Trunk checks its version).
    util::prepare_path();

    let result = match task {
        Task::Setup => setup::setup(Needs::ALL),
        Task::Dist => tasks::dist(),
        Task::Serve => tasks::serve(),
        Task::Test(only) => tasks::test(only),
        Task::Bench { core: true, .. } => tasks::bench_core(),
        Task::Profile(case) => setup::setup(Needs::ALL).and_then(|()| tasks::profile(&case)),
        Task::Bench { core: false, cases } => setup::setup(Needs::ALL).and_then(|()| tasks::bench(&cases)),
        Task::Help => unreachable!("handled above"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Turns the arguments after `cargo xtask` into a task.
pub fn parse_args(args: &[String]) -> Result<Task, String> {
    let mut args = args.iter().map(String::as_str);
    let task = match args.next() {
        None | Some("help" | "-h" | "--help") => Task::Help,
        Some("setup") => Task::Setup,
        Some("dist") => Task::Dist,
        Some("serve") => Task::Serve,
        Some("bench") => {
            let rest: Vec<&str> = args.by_ref().collect();
            if rest == ["--core"] {
                return Ok(Task::Bench { core: true, cases: Vec::new() });
            }
            if let ["--profile", case] = rest[..] {
                let case = case.to_uppercase();
                return match case.as_str() {
                    "B7" | "B8" | "B9" => Ok(Task::Profile(case)),
                    _ => Err(format!("`--profile` takes B7, B8 or B9, not `{case}`")),
                };
            }
            if let Some(bad) = rest.iter().find(|c| !tasks::is_bench_case(c)) {
                return Err(format!("unknown benchmark case `{bad}` (B1..B11, or --core alone)"));
            }
            Task::Bench { core: false, cases: rest.iter().map(|c| c.to_uppercase()).collect() }
        }
        Some("test") => {
            let only = match args.next() {
                None => None,
                Some("--only") => {
                    let layer = args.next().ok_or("`--only` needs a layer: native, wasm or e2e")?;
                    Some(tasks::Layer::parse(layer)?)
                }
                Some(other) => match other.strip_prefix("--only=") {
                    Some(layer) => Some(tasks::Layer::parse(layer)?),
                    None => return Err(format!("unknown argument to test: `{other}`")),
                },
            };
            Task::Test(only)
        }
        Some(other) => return Err(format!("unknown task `{other}`")),
    };
    match args.next() {
        None => Ok(task),
        Some(extra) => Err(format!("unexpected argument `{extra}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tasks::Layer;

    fn parse(args: &[&str]) -> Result<Task, String> {
        parse_args(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_tasks() {
        assert_eq!(parse(&[]), Ok(Task::Help));
        assert_eq!(parse(&["setup"]), Ok(Task::Setup));
        assert_eq!(parse(&["dist"]), Ok(Task::Dist));
        assert_eq!(parse(&["test"]), Ok(Task::Test(None)));
        assert_eq!(parse(&["test", "--only", "wasm"]), Ok(Task::Test(Some(Layer::Wasm))));
        assert_eq!(parse(&["test", "--only=e2e"]), Ok(Task::Test(Some(Layer::E2e))));
        assert_eq!(parse(&["bench"]), Ok(Task::Bench { core: false, cases: vec![] }));
        assert_eq!(parse(&["bench", "--core"]), Ok(Task::Bench { core: true, cases: vec![] }));
        assert_eq!(parse(&["bench", "b3", "B11"]), Ok(Task::Bench { core: false, cases: vec!["B3".into(), "B11".into()] }));
    }

    #[test]
    fn rejects_bad_arguments() {
        assert!(parse(&["build"]).is_err());
        assert!(parse(&["test", "--only"]).is_err());
        assert!(parse(&["test", "--only", "unit"]).is_err());
        assert!(parse(&["dist", "--fast"]).is_err());
        assert!(parse(&["bench", "B12"]).is_err());
        assert_eq!(parse(&["bench", "--profile", "b9"]), Ok(Task::Profile("B9".into())));
        assert!(parse(&["bench", "--profile", "B3"]).is_err());
        assert!(parse(&["bench", "--profile"]).is_err());
        assert!(parse(&["bench", "--core", "B3"]).is_err());
    }
}
