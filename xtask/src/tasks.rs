//! The tasks themselves: dist, serve, test (three layers) and bench.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::setup::{self, Needs, CHROMEDRIVER};
use crate::util::{self, command, kb, run};

/// One layer of `cargo xtask test`, run in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// The gate, fast and first: `cargo fmt --check` and clippy with warnings as errors.
    Lint,
    /// Plain `cargo test` of the native crates (core, cli, relay, xtask).
    Native,
    /// wasm-bindgen-test of the app crate in headless Chromium.
    Wasm,
    /// The release build served over HTTP and driven by playwright-core.
    E2e,
}

impl Layer {
    pub const ALL: [Layer; 4] = [Layer::Lint, Layer::Native, Layer::Wasm, Layer::E2e];

    pub fn parse(name: &str) -> Result<Layer, String> {
        match name {
            "lint" => Ok(Layer::Lint),
            "native" => Ok(Layer::Native),
            "wasm" => Ok(Layer::Wasm),
            "e2e" => Ok(Layer::E2e),
            other => Err(format!("unknown test layer `{other}` (expected lint, native, wasm or e2e)")),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Layer::Lint => "lint",
            Layer::Native => "native",
            Layer::Wasm => "wasm",
            Layer::E2e => "e2e",
        }
    }

    fn needs(self) -> Needs {
        match self {
            Layer::Lint | Layer::Native => Needs::NOTHING,
            Layer::Wasm => Needs { wasm: true, browser: true, ..Needs::NOTHING },
            Layer::E2e => Needs::ALL,
        }
    }

    fn run(self) -> Result<(), String> {
        match self {
            Layer::Lint => lint(),
            Layer::Native => test_native(),
            Layer::Wasm => test_wasm(),
            Layer::E2e => test_e2e(),
        }
    }
}

/// `cargo xtask dist`: release build into dist/ and its wasm size.
pub fn dist() -> Result<(), String> {
    setup::setup(Needs::BUILD)?;
    build_release()?;
    report_wasm_size()
}

/// `cargo xtask serve`: trunk's dev server with the release profile, until Ctrl-C.
pub fn serve() -> Result<(), String> {
    setup::setup(Needs::BUILD)?;
    run(command("trunk").args(["serve", "--release", "--address", "127.0.0.1", "--port", "8080"]))
}

/// `cargo xtask test [--only LAYER]`: the layers in order, stopping at the first failure.
pub fn test(only: Option<Layer>) -> Result<(), String> {
    let layers: Vec<Layer> = match only {
        Some(layer) => vec![layer],
        None => Layer::ALL.to_vec(),
    };
    let needs = layers.iter().fold(Needs::NOTHING, |acc, layer| acc.union(layer.needs()));
    setup::setup(needs)?;

    let mut summary: Vec<String> = Vec::new();
    let mut failure = None;
    for layer in &layers {
        if failure.is_some() {
            summary.push(format!("test {:<6}  SKIPPED (an earlier layer failed)", layer.name()));
            continue;
        }
        println!("==> test layer: {}", layer.name());
        let started = Instant::now();
        let result = layer.run();
        let took = started.elapsed().as_secs_f64();
        let line = match &result {
            Ok(()) => format!("test {:<6}  PASSED in {took:.1} s", layer.name()),
            Err(_) => format!("test {:<6}  FAILED after {took:.1} s", layer.name()),
        };
        println!("==> {line}\n");
        summary.push(line);
        if let Err(e) = result {
            failure = Some(format!("test layer `{}` failed: {e}", layer.name()));
        }
    }

    println!("==> summary");
    for line in &summary {
        println!("    {line}");
    }
    failure.map_or(Ok(()), Err)
}

/// `cargo xtask bench`: criterion benches of the core crate, then the browser
/// benchmark: open a ~100,000-document ledger and scroll a 60,000-row list.
/// Whether `case` names a browser benchmark case (B1..B11, any case).
pub fn is_bench_case(case: &str) -> bool {
    let upper = case.to_uppercase();
    upper.strip_prefix('B').and_then(|n| n.parse::<u32>().ok()).is_some_and(|n| (1..=11).contains(&n))
}

/// `cargo xtask bench --core`: the criterion benches of the core (pure parts of the
/// browser cases: decode and build, ageing, search, release, schedules).
pub fn bench_core() -> Result<(), String> {
    run(util::cargo().args(["bench", "-p", "reskontra-core"]))
}

/// `cargo xtask bench [CASE...]`: the browser suite of issue 15 (tests/e2e/bench.mjs)
/// over the release build and the bench ledgers (made once by `reskontra demo`).
pub fn bench(cases: &[String]) -> Result<(), String> {
    let ledgers = BenchLedgers::make()?;
    build_release()?;
    let dist = util::root().join("dist");
    let server = StaticServer::start(&dist)?;
    let base_url = format!("http://127.0.0.1:{}/", server.port);
    let result = run(command("node")
        .arg("tests/e2e/bench.mjs")
        .args(cases)
        .env("BASE_URL", &base_url)
        .env("DIST_DIR", &dist)
        .env("LEDGER", &ledgers.ledger)
        .env("OPEN_LEDGER", &ledgers.open)
        .env("CUSTOMERS_LEDGER", &ledgers.customers)
        .env("RELEASE_LEDGER", &ledgers.release)
        .env("MAIL_LEDGER", &ledgers.mail));
    drop(server);
    result
}

/// `cargo xtask bench --profile CASE`: a CPU profile of B7, B8 or B9 on the page
/// (tests/e2e/profile.mjs) over a release build whose wasm keeps its functions' names
/// (`SPLIT_KEEP_NAMES`, xtask/split). The next `dist` or `bench` builds without them.
pub fn profile(case: &str) -> Result<(), String> {
    let ledgers = BenchLedgers::make()?;
    let file = match case {
        "B7" => &ledgers.release,
        "B8" => &ledgers.mail,
        _ => &ledgers.ledger,
    };
    run(command("trunk").args(["build", "--release"]).env("SPLIT_KEEP_NAMES", "1"))?;
    let dist = util::root().join("dist");
    service_worker(&dist)?;
    let server = StaticServer::start(&dist)?;
    let base_url = format!("http://127.0.0.1:{}/", server.port);
    let result = run(command("node").arg("tests/e2e/profile.mjs").arg(case).env("BASE_URL", &base_url).env("FILE", file));
    drop(server);
    result
}

/// The bench ledgers (target/bench/), made once by `reskontra demo`.
struct BenchLedgers {
    /// B1, B2, B3, B5, B9, B11: 10,000 customers, 108,161 documents.
    ledger: std::path::PathBuf,
    /// B4: ~100,000 open documents of 10,000 customers.
    open: std::path::PathBuf,
    /// B6: 100,000 customers.
    customers: std::path::PathBuf,
    /// B7: 10,000 recorded invoices to release.
    release: std::path::PathBuf,
    /// B8: about 1,000 invoices to email.
    mail: std::path::PathBuf,
}

impl BenchLedgers {
    fn make() -> Result<Self, String> {
        Ok(BenchLedgers {
            ledger: bench_ledger("ledger-100k.json", &["--seed", "1", "--customers", "10000", "--invoices", "60000"])?,
            open: bench_ledger("ledger-open-100k.json", &["--seed", "1", "--customers", "10000", "--invoices", "105000", "--open-share", "95"])?,
            customers: bench_ledger("ledger-customers-100k.json", &["--seed", "5", "--customers", "100000", "--invoices", "2000"])?,
            release: bench_ledger("ledger-release-10k.json", &["--seed", "3", "--customers", "2000", "--invoices", "2000", "--unreleased", "10000"])?,
            mail: bench_ledger("ledger-mail-1k.json", &["--seed", "7", "--customers", "700", "--invoices", "2600"])?,
        })
    }
}

/// `target/bench/<name>`, made by `reskontra demo <args>` (release) unless it exists.
fn bench_ledger(name: &str, args: &[&str]) -> Result<std::path::PathBuf, String> {
    let path = util::root().join("target/bench").join(name);
    if !path.is_file() {
        std::fs::create_dir_all(util::root().join("target/bench")).map_err(|e| format!("cannot create target/bench: {e}"))?;
        let out = path.to_string_lossy().to_string();
        run(util::cargo().args(["run", "--release", "-p", "reskontra-cli", "--", "demo"]).args(args).args(["-o", &out]))?;
    }
    Ok(path)
}

fn lint() -> Result<(), String> {
    setup::ensure_rustup_components(&["rustfmt", "clippy"])?;
    run(util::cargo().args(["fmt", "--all", "--check"]))?;
    run(util::cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
}

fn test_native() -> Result<(), String> {
    // The relay's tests forward to a real SMTP server, aiosmtpd in target/pyenv.
    let python = setup::ensure_relay_python()?;
    // The app crate (reskontra) is excluded: its tests are wasm-bindgen tests for the browser.
    run(util::cargo().args(["test", "--workspace", "--exclude", "reskontra"]).env("RESKONTRA_PYTHON", &python))
}

fn test_wasm() -> Result<(), String> {
    // .cargo/config.toml makes wasm-bindgen-test-runner the runner for this target.
    let mut cmd = util::cargo();
    cmd.args(["test", "-p", "reskontra", "--target", setup::WASM_TARGET]);
    env_default(&mut cmd, "CHROMEDRIVER", CHROMEDRIVER);
    // The runner's default of 20 s is too short for IndexedDB-heavy tests on 2 cores.
    env_default(&mut cmd, "WASM_BINDGEN_TEST_TIMEOUT", "120");
    run(&mut cmd)
}

fn test_e2e() -> Result<(), String> {
    build_release()?;
    // The mailings test sends through the reference relay to a real SMTP sink.
    let python = setup::ensure_relay_python()?;
    // crash.test.mjs makes its ledgers with `reskontra demo` and checks them with `reskontra check`.
    run(util::cargo().args(["build", "-p", "reskontra-relay", "-p", "reskontra-cli"]))?;
    let relay = util::root().join("target/debug/reskontra-relay");
    let cli = util::root().join("target/debug/reskontra");
    let server = StaticServer::start(&util::root().join("dist"))?;
    let base_url = format!("http://127.0.0.1:{}/", server.port);
    println!("e2e: serving dist/ at {base_url} (server pid {})", server.child.id());
    let result = run(command("node")
        .args(["--test", "--test-concurrency=1", "tests/e2e/"])
        .env("BASE_URL", &base_url)
        // offline.test.mjs serves copies of dist/ itself (a sub-path, a second release).
        .env("DIST_DIR", util::root().join("dist"))
        .env("RESKONTRA_PYTHON", &python)
        .env("RESKONTRA_RELAY_BIN", &relay)
        .env("RESKONTRA_CLI", &cli));
    drop(server); // stop it before printing the result, also when the tests failed
    result
}

/// `trunk build --release` into dist/ (every URL relative: Trunk.toml's `public_url = "./"`),
/// then Workbox writes dist/sw.js, the service worker that precaches this release.
fn build_release() -> Result<(), String> {
    run(command("trunk").args(["build", "--release"]))?;
    let dist = util::root().join("dist");
    if !dist.join("index.html").is_file() {
        return Err("trunk build succeeded but dist/index.html is missing".to_string());
    }
    service_worker(&dist)
}

/// `node xtask/pwa/generate-sw.mjs <dist>`: Workbox's generateSW over the built files.
fn service_worker(dist: &Path) -> Result<(), String> {
    run(command("node").arg(util::root().join("xtask/pwa/generate-sw.mjs")).arg(dist))?;
    if !dist.join("sw.js").is_file() {
        return Err(format!("workbox ran but {} is missing", dist.join("sw.js").display()));
    }
    Ok(())
}

fn report_wasm_size() -> Result<(), String> {
    let dist = util::root().join("dist");
    let wasm_files = files_with_extension(&dist, "wasm")?;
    if wasm_files.is_empty() {
        return Err(format!("no .wasm file in {}", dist.display()));
    }
    for file in wasm_files {
        let raw = fs::metadata(&file).map_err(|e| format!("{}: {e}", file.display()))?.len();
        let gzip = gzip_size(&file)?;
        let name = file.strip_prefix(util::root()).unwrap_or(&file).display();
        println!("size: {name}: {} raw ({raw} bytes), {} gzip -9 ({gzip} bytes)", kb(raw), kb(gzip));
    }
    Ok(())
}

fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries.filter_map(|entry| entry.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == ext)).collect();
    files.sort();
    Ok(files)
}

/// Size of the file after `gzip -9`, as a web server would send it.
fn gzip_size(file: &Path) -> Result<u64, String> {
    let out = Command::new("gzip").args(["-9", "-c"]).arg(file).output().map_err(|e| format!("could not run gzip: {e}"))?;
    if !out.status.success() {
        return Err(format!("gzip -9 -c {} failed ({})", file.display(), out.status));
    }
    Ok(out.stdout.len() as u64)
}

/// Sets `key` unless the user already set it, so one can override e.g. the timeout.
fn env_default(cmd: &mut Command, key: &str, value: &str) {
    if std::env::var_os(key).is_none() {
        cmd.env(key, value);
    }
}

/// `python3 -m http.server` serving a directory on 127.0.0.1; killed by its own pid when
/// dropped, so it never outlives the tests, whether they pass, fail or panic.
struct StaticServer {
    child: Child,
    port: u16,
}

impl StaticServer {
    const READY_TIMEOUT: Duration = Duration::from_secs(20);

    fn start(dir: &Path) -> Result<StaticServer, String> {
        let port = free_port()?;
        // The server logs every request; keep that out of the test output but on disk.
        let log_path = util::root().join("target/e2e-server.log");
        fs::create_dir_all(log_path.parent().expect("has parent")).map_err(|e| e.to_string())?;
        let log = File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
        let log_err = log.try_clone().map_err(|e| e.to_string())?;
        let mut cmd = command("python3");
        cmd.args(["-u", "-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err);
        println!("$ {} > {}", util::describe(&cmd), log_path.display());
        let child = cmd.spawn().map_err(|e| format!("could not start python3 http.server: {e}"))?;
        let mut server = StaticServer { child, port };
        server.wait_until_ready().map_err(|e| format!("{e} (see {})", log_path.display()))?;
        Ok(server)
    }

    fn wait_until_ready(&mut self) -> Result<(), String> {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let deadline = Instant::now() + Self::READY_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the HTTP server exited before answering ({status})"));
            }
            if answers_http(addr) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("the HTTP server did not answer on {addr} within 20 s"));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let pid = self.child.id();
        // Kill only our own child, by its pid; wait() reaps it so no zombie is left.
        if let Err(e) = self.child.kill() {
            eprintln!("e2e: could not kill HTTP server pid {pid}: {e}");
        }
        let _ = self.child.wait();
        println!("e2e: stopped HTTP server (pid {pid})");
    }
}

/// A port that was free a moment ago: bind port 0, read what the OS chose, release it.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot bind 127.0.0.1:0: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    drop(listener);
    Ok(port)
}

/// True if something on `addr` answers a GET / with an HTTP status line.
fn answers_http(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(1)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream.write_all(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").is_err() {
        return false;
    }
    let mut head = [0u8; 5];
    stream.read_exact(&mut head).is_ok() && &head == b"HTTP/"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_parse_and_name_round_trip() {
        for layer in Layer::ALL {
            assert_eq!(Layer::parse(layer.name()), Ok(layer));
        }
    }

    #[test]
    fn the_static_server_answers_and_is_stopped_on_drop() {
        if util::which("python3").is_none() {
            return;
        }
        let dir = std::env::temp_dir().join(format!("xtask-server-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), "<title>t</title>").unwrap();
        let server = StaticServer::start(&dir).unwrap();
        let addr = SocketAddr::from(([127, 0, 0, 1], server.port));
        assert!(answers_http(addr));
        drop(server);
        assert!(!answers_http(addr));
        fs::remove_dir_all(&dir).unwrap();
    }
}
