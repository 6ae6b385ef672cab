//! Installs the tools a task needs, but only those missing or at the wrong version:
//! CI reuses a developer's machine, a new machine has nothing. Each step checks first
//! and prints what it found and what it does.
//!
//! Versions are pinned because they must match each other (see /work/shared/TOOLCHAIN.md):
//! trunk 0.22 needs a newer rustc; wasm-bindgen-cli must equal the wasm-bindgen crate in
//! Cargo.lock; Debian's binaryen (108) produces a blank page, so wasm-opt 132 comes from npm.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{self, capture, command, run, which};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_NPM: &str = "binaryen@132.0.0";
pub const WASM_OPT_VERSION: &str = "version 132";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// poppler-utils: the PDF tests of crates/render render and read back invoices with it.
pub const PDFTOPPM: &str = "/usr/bin/pdftoppm";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Which groups of tools a task needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// The wasm32 target and wasm-bindgen-cli (also provides wasm-bindgen-test-runner).
    pub wasm: bool,
    /// trunk and wasm-opt, for release builds of the app.
    pub trunk: bool,
    /// Debian chromium + chromedriver, for browser and end-to-end tests.
    pub browser: bool,
    /// node modules of tests/e2e (playwright-core).
    pub e2e_node: bool,
}

impl Needs {
    pub const NOTHING: Needs = Needs { wasm: false, trunk: false, browser: false, e2e_node: false };
    pub const BUILD: Needs = Needs { wasm: true, trunk: true, browser: false, e2e_node: false };
    pub const ALL: Needs = Needs { wasm: true, trunk: true, browser: true, e2e_node: true };

    pub fn union(self, other: Needs) -> Needs {
        Needs {
            wasm: self.wasm || other.wasm,
            trunk: self.trunk || other.trunk,
            browser: self.browser || other.browser,
            e2e_node: self.e2e_node || other.e2e_node,
        }
    }
}

/// Installs everything in `needs` that is missing.
pub fn setup(needs: Needs) -> Result<(), String> {
    if needs == Needs::NOTHING {
        return Ok(());
    }
    println!("==> setup");
    if needs.wasm {
        ensure_wasm_target()?;
    }
    if needs.trunk {
        ensure_trunk()?;
    }
    if needs.wasm {
        ensure_wasm_bindgen()?;
    }
    if needs.trunk {
        ensure_wasm_opt()?;
        // Workbox writes dist/sw.js after trunk build.
        ensure_node_modules("xtask/pwa")?;
    }
    if needs.browser {
        ensure_chromium()?;
    }
    if needs.e2e_node {
        ensure_node_modules("tests/e2e")?;
    }
    println!("==> setup done\n");
    Ok(())
}

/// Adds the rustup components (rustfmt, clippy) that are missing; a minimal rustup
/// profile has neither.
pub fn ensure_rustup_components(components: &[&str]) -> Result<(), String> {
    let installed = capture("rustup", &["component", "list", "--installed"]).unwrap_or_default();
    for component in components {
        if installed.lines().any(|line| line.starts_with(component)) {
            println!("    {component}: installed");
        } else {
            println!("    {component}: missing, installing with rustup");
            run(command("rustup").args(["component", "add", component]))?;
        }
    }
    Ok(())
}

/// aiosmtpd, the SMTP server the relay's tests (crates/relay/tests) forward to, pinned to
/// the version they were written against.
pub const AIOSMTPD: &str = "aiosmtpd==1.4.6";

/// A Python venv at target/pyenv in which aiosmtpd imports, made (python3 -m venv) and
/// filled (pip) if needed; returns its python, for RESKONTRA_PYTHON.
pub fn ensure_relay_python() -> Result<PathBuf, String> {
    let venv = util::root().join("target/pyenv");
    let python = venv.join("bin/python");
    if capture(&python, &["-c", "import aiosmtpd"]).is_some() {
        println!("setup: aiosmtpd in target/pyenv: installed");
        return Ok(python);
    }
    if which("python3").is_none() {
        return Err("python3 is missing; the relay tests run an SMTP server in Python: apt-get install python3 python3-venv".to_string());
    }
    if !python.exists() {
        println!("setup: creating the Python venv target/pyenv");
        run(command("python3").arg("-m").arg("venv").arg(&venv))
            .map_err(|e| format!("{e}; on Debian `python3 -m venv` needs the package python3-venv (apt-get install python3-venv)"))?;
    }
    println!("setup: aiosmtpd: not importable in target/pyenv; pip installing {AIOSMTPD}");
    run(Command::new(&python).args(["-m", "pip", "install", "--quiet", AIOSMTPD]))?;
    match capture(&python, &["-c", "import aiosmtpd"]) {
        Some(_) => Ok(python),
        None => Err(format!("aiosmtpd still does not import in {} after pip install", python.display())),
    }
}

/// The version of `package` in Cargo.lock text; an error if it is absent or ambiguous.
pub fn locked_version(lock: &str, package: &str) -> Result<String, String> {
    let wanted_name = format!("name = \"{package}\"");
    let mut versions: Vec<String> = Vec::new();
    let mut in_package = false;
    for line in lock.lines().map(str::trim) {
        if line.starts_with("name = ") {
            in_package = line == wanted_name;
        } else if in_package {
            if let Some(v) = line.strip_prefix("version = \"").and_then(|v| v.strip_suffix('"')) {
                if !versions.iter().any(|known| known == v) {
                    versions.push(v.to_string());
                }
                in_package = false;
            }
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("Cargo.lock has no package `{package}`")),
        many => Err(format!("Cargo.lock has several versions of `{package}` ({}); pin one with `=` in Cargo.toml", many.join(", "))),
    }
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = match capture("rustup", &["target", "list", "--installed"]) {
        Some(list) => list.lines().any(|l| l.trim() == WASM_TARGET),
        // No rustup (e.g. a distro toolchain): look in the sysroot instead.
        None => capture("rustc", &["--print", "sysroot"]).is_some_and(|sysroot| Path::new(&sysroot).join("lib/rustlib").join(WASM_TARGET).is_dir()),
    };
    if installed {
        println!("setup: rust target {WASM_TARGET}: installed");
        return Ok(());
    }
    if which("rustup").is_none() {
        return Err(format!("the rust target {WASM_TARGET} is missing and rustup is not available to add it"));
    }
    println!("setup: rust target {WASM_TARGET}: missing, adding it");
    run(command("rustup").args(["target", "add", WASM_TARGET]))
}

fn ensure_trunk() -> Result<(), String> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    let found = capture("trunk", &["--version"]);
    if found.as_deref() == Some(wanted.as_str()) {
        println!("setup: {wanted}: installed");
        return Ok(());
    }
    println!("setup: trunk: found {}, want {TRUNK_VERSION}; installing (takes ~10 min)", shown(&found));
    // --locked: trunk's own lockfile builds with our rustc, a fresh resolution may not.
    run(util::cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let lock_path = util::root().join("Cargo.lock");
    let lock = fs::read_to_string(&lock_path).map_err(|e| format!("cannot read {} ({e}); run `cargo generate-lockfile`", lock_path.display()))?;
    let version = locked_version(&lock, "wasm-bindgen")?;
    let wanted = format!("wasm-bindgen {version}");
    let found = capture("wasm-bindgen", &["--version"]);
    if found.as_deref() == Some(wanted.as_str()) && which("wasm-bindgen-test-runner").is_some() {
        println!("setup: {wanted} (matches Cargo.lock): installed");
        return Ok(());
    }
    println!("setup: wasm-bindgen-cli: found {}, Cargo.lock wants {version}; installing (~3 min)", shown(&found));
    // Not --locked: wasm-bindgen-cli's lockfile names a crate version the registry lacks.
    let exact = format!("={version}");
    run(util::cargo().args(["install", "wasm-bindgen-cli", "--version", &exact]))
}

fn ensure_wasm_opt() -> Result<(), String> {
    let wasm_opt = util::tools_bin().join("wasm-opt");
    let found = capture(&wasm_opt, &["--version"]);
    if found.as_deref().is_some_and(|v| v.contains(WASM_OPT_VERSION)) {
        println!("setup: wasm-opt {WASM_OPT_VERSION} (npm {BINARYEN_NPM}): installed");
        return Ok(());
    }
    println!("setup: wasm-opt: found {} in .tools, want {WASM_OPT_VERSION}; installing from npm", shown(&found));
    let tools = util::root().join(".tools");
    run(command("npm").arg("install").arg("--prefix").arg(&tools).arg(BINARYEN_NPM))?;
    match capture(&wasm_opt, &["--version"]) {
        Some(v) if v.contains(WASM_OPT_VERSION) => Ok(()),
        other => Err(format!("{} still reports {} after npm install", wasm_opt.display(), shown(&other))),
    }
}

fn ensure_chromium() -> Result<(), String> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() && Path::new(PDFTOPPM).exists() {
        println!("setup: {CHROMIUM}, {CHROMEDRIVER} and {PDFTOPPM}: installed");
        return Ok(());
    }
    println!("setup: {CHROMIUM}, {CHROMEDRIVER} or {PDFTOPPM} missing; installing Debian chromium + chromium-driver + poppler-utils");
    // apt-get needs root. The lock timeout makes us wait for a concurrent apt instead of failing.
    let mut prefix: Vec<&str> = Vec::new();
    if capture("id", &["-u"]).as_deref() != Some("0") {
        if which("sudo").is_none() {
            return Err("installing chromium needs root: run as root, install sudo, or run \
                        `apt-get install -y chromium chromium-driver` yourself"
                .to_string());
        }
        prefix.push("sudo");
    }
    let apt = |args: &[&str]| {
        let mut argv: Vec<&str> = prefix.clone();
        argv.extend(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-o", "DPkg::Lock::Timeout=900"]);
        argv.extend(args);
        run(command(argv[0]).args(&argv[1..]))
    };
    apt(&["update"])?;
    apt(&["install", "-y", "chromium", "chromium-driver", "poppler-utils"])?;
    for file in [CHROMIUM, CHROMEDRIVER, PDFTOPPM] {
        if !Path::new(file).exists() {
            return Err(format!("{file} is still missing after apt-get install"));
        }
    }
    Ok(())
}

/// The npm packages of the package.json in `folder` (tests/e2e: playwright-core, axe-core;
/// xtask/pwa: workbox-build), installed from its lockfile with `npm ci` when missing or stale.
fn ensure_node_modules(folder: &str) -> Result<(), String> {
    let dir = util::root().join(folder);
    let lockfile = dir.join("package-lock.json");
    // npm records what it installed in node_modules/.package-lock.json; if the committed
    // lockfile is newer, the installed modules may be stale.
    let installed_lock = dir.join("node_modules/.package-lock.json");
    // Every dependency of package.json (playwright-core, axe-core, …) must be installed.
    let wanted = fs::read_to_string(dir.join("package.json")).map(|json| package_dependencies(&json)).unwrap_or_default();
    let present = !wanted.is_empty() && wanted.iter().all(|name| dir.join("node_modules").join(name).is_dir());
    let stale = modified(&lockfile).zip(modified(&installed_lock)).is_some_and(|(want, have)| want > have);
    if present && !stale {
        println!("setup: {folder}/node_modules: installed");
        return Ok(());
    }
    let verb = if lockfile.exists() { "ci" } else { "install" };
    println!("setup: {folder}/node_modules: {}; running npm {verb}", if present { "stale" } else { "missing" });
    run(command("npm").arg(verb).current_dir(&dir))
}

/// The package names of the `"dependencies"` object of a package.json (no JSON crate:
/// xtask has no dependencies; npm writes the object one name per line).
fn package_dependencies(json: &str) -> Vec<String> {
    let Some(start) = json.find("\"dependencies\"") else { return Vec::new() };
    let rest = &json[start..];
    let Some(open) = rest.find('{') else { return Vec::new() };
    let Some(close) = rest[open..].find('}') else { return Vec::new() };
    rest[open + 1..open + close]
        .split(',')
        .filter_map(|entry| entry.split(':').next())
        .map(|name| name.trim().trim_matches('"').to_string())
        .filter(|name| !name.is_empty())
        .collect()
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn shown(found: &Option<String>) -> String {
    match found {
        Some(v) if !v.is_empty() => format!("`{v}`"),
        _ => "nothing".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e2e_dependencies_are_read_from_package_json() {
        let json = r#"{
  "name": "reskontra-e2e",
  "engines": {
    "node": ">=20"
  },
  "dependencies": {
    "axe-core": "4.14.1",
    "playwright-core": "1.65.1"
  }
}"#;
        assert_eq!(package_dependencies(json), vec!["axe-core", "playwright-core"]);
        assert_eq!(package_dependencies("{}"), Vec::<String>::new());
        let ours = fs::read_to_string(util::root().join("tests/e2e/package.json")).unwrap_or_default();
        assert!(package_dependencies(&ours).contains(&"axe-core".to_string()), "tests/e2e/package.json lists axe-core");
    }

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"
"#;

    #[test]
    fn finds_the_locked_version() {
        assert_eq!(locked_version(LOCK, "wasm-bindgen"), Ok("0.2.130".to_string()));
    }

    #[test]
    fn missing_or_ambiguous_package_is_an_error() {
        assert!(locked_version(LOCK, "trunk").is_err());
        let two = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.99\"\n");
        assert!(locked_version(&two, "wasm-bindgen").is_err());
    }

    #[test]
    fn the_real_lockfile_pins_one_wasm_bindgen() {
        // Guards the invariant setup relies on, once the workspace has a lockfile.
        if let Ok(lock) = fs::read_to_string(util::root().join("Cargo.lock")) {
            assert!(locked_version(&lock, "wasm-bindgen").is_ok());
        }
    }
}
