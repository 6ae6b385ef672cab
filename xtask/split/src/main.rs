//! Trunk's `post_build` hook (Trunk.toml): cuts the app's wasm into chunks.
//!
//! Every window but the first is a split point (`src/ui/pages/mod.rs`, Leptos's
//! `wasm_split` macro). Trunk runs cargo and wasm-bindgen but not the wasm-split step
//! that cargo-leptos runs, so this does it after Trunk's build, in its staging folder:
//!
//! 1. read the app's wasm as cargo linked it (with `--emit-relocs`, the app's `build.rs`);
//! 2. split it (`wasm_split_cli_support::transform`): the main module, one module per
//!    split point group (a menu's windows, the rules), the chunks of code the groups
//!    share, and `__wasm_split.js`, which fetches them on first use and links them to
//!    the main module; all but the main module in `reskontra-web-<hash>-split/`;
//! 3. run wasm-bindgen on the main module under the names Trunk gave the app's files
//!    (its index.html loads them), replacing Trunk's unsplit output;
//! 4. in a release build, `wasm-opt -Oz` every module (Trunk's own wasm-opt is off for
//!    the app: `data-wasm-opt="0"` in index.html).
//!
//! Run by hand: `TRUNK_STAGING_DIR=dist TRUNK_PROFILE=release cargo run -p split-step`
//! after a `trunk build --release` whose hook was skipped.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::thread;

/// The app's binary (index.html's `data-bin`), as cargo and Trunk name its files.
const APP: &str = "reskontra-web";

fn main() -> ExitCode {
    match run() {
        Ok(summary) => {
            println!("split-step: {summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("split-step: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, String> {
    let staging = PathBuf::from(env::var_os("TRUNK_STAGING_DIR").ok_or("TRUNK_STAGING_DIR is not set (run by Trunk's post_build hook)")?);
    let release = env::var("TRUNK_PROFILE").map(|p| p == "release").unwrap_or(false);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let linked = target.join("wasm32-unknown-unknown").join(if release { "release" } else { "debug" }).join(format!("{APP}.wasm"));
    let stem = trunk_stem(&staging)?;
    if env::var_os("RESKONTRA_UNSPLIT").is_some() {
        // build.rs left the split points as plain async functions: Trunk's wasm-bindgen
        // output stands, and is only optimised.
        let mut modules = vec![staging.join(format!("{stem}_bg.wasm"))];
        if release {
            optimise(&root, &mut modules)?;
        }
        return Ok(format!("{stem}_bg.wasm not split (RESKONTRA_UNSPLIT)"));
    }
    let input = fs::read(&linked).map_err(|e| format!("cannot read {}: {e}", linked.display()))?;

    // (2) split into a scratch folder beside cargo's output.
    let scratch = target.join("wasm-split");
    if scratch.exists() {
        fs::remove_dir_all(&scratch).map_err(|e| format!("cannot clear {}: {e}", scratch.display()))?;
    }
    // The loader and the modules go in a folder named after this build's main module
    // (`reskontra-web-<hash>-split/`): a tab still running an older release never
    // fetches a newer release's modules, which would not fit its main module.
    let folder = format!("{stem}-split");
    // The splitter writes the loader at `output_dir/link_name`, the modules in `output_dir`.
    let out = scratch.join(&folder);
    fs::create_dir_all(&out).map_err(|e| format!("cannot make {}: {e}", out.display()))?;
    let main_out = scratch.join("main.wasm");
    let main_module = format!("../{stem}.js");
    let link_name = format!("./{folder}/__wasm_split.js");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = &scratch;
        opts.main_out_path = &main_out;
        opts.main_module = &main_module;
        opts.link_name = &link_name;
        opts
    })
    .map_err(|e| format!("wasm-split: {e:#}"))?;
    if split.split_modules.is_empty() {
        return Err(format!("{} has no split points: was it linked with --emit-relocs?", linked.display()));
    }

    // (3) wasm-bindgen on the main module, under Trunk's names, into the staging folder.
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .args(["--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript", "--out-name", &stem])
        .arg("--out-dir")
        .arg(&staging)
        .arg(&main_out);
    if !release {
        bindgen.arg("--debug");
    }
    run_tool(&mut bindgen)?;
    // The loader fetches the modules relative to itself.
    let dest_folder = staging.join(&folder);
    fs::create_dir_all(&dest_folder).map_err(|e| format!("cannot make {}: {e}", dest_folder.display()))?;
    let mut modules = vec![staging.join(format!("{stem}_bg.wasm"))];
    for chunk in &split.split_modules {
        let name = chunk.file_name().ok_or_else(|| format!("{} has no file name", chunk.display()))?;
        let dest = dest_folder.join(name);
        fs::copy(chunk, &dest).map_err(|e| format!("cannot copy {} to {}: {e}", chunk.display(), dest.display()))?;
        modules.push(dest);
    }
    let loader = out.join("__wasm_split.js");
    fs::copy(&loader, dest_folder.join("__wasm_split.js")).map_err(|e| format!("cannot copy {}: {e}", loader.display()))?;

    // (4) wasm-opt -Oz, the largest modules first, on as many threads as cores.
    if release {
        optimise(&root, &mut modules)?;
    }
    let main_bytes = fs::metadata(&modules[0]).map(|m| m.len()).unwrap_or(0);
    let rest: u64 = modules[1..].iter().filter_map(|m| fs::metadata(m).ok()).map(|m| m.len()).sum();
    Ok(format!("{stem}_bg.wasm {main_bytes} B; {} modules loaded on first use, {rest} B", modules.len() - 1))
}

/// `reskontra-web-<hash>` from Trunk's `reskontra-web-<hash>_bg.wasm` in the staging folder.
fn trunk_stem(staging: &Path) -> Result<String, String> {
    let entries = fs::read_dir(staging).map_err(|e| format!("cannot read {}: {e}", staging.display()))?;
    let mut stems: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix("_bg.wasm").filter(|s| s.starts_with(&format!("{APP}-"))).map(str::to_string))
        .collect();
    match stems.len() {
        1 => Ok(stems.remove(0)),
        0 => Err(format!("no {APP}-*_bg.wasm in {}", staging.display())),
        _ => Err(format!("several {APP}-*_bg.wasm in {}: {stems:?}", staging.display())),
    }
}

fn optimise(root: &Path, modules: &mut [PathBuf]) -> Result<(), String> {
    // The npm binaryen setup installs (Debian's is too old), else whatever is on PATH.
    let npm = root.join(".tools/node_modules/.bin/wasm-opt");
    let wasm_opt = if npm.is_file() { npm } else { PathBuf::from("wasm-opt") };
    modules.sort_by_key(|m| std::cmp::Reverse(fs::metadata(m).map(|m| m.len()).unwrap_or(0)));
    let threads = thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(module) = modules.get(i) else { break };
                let mut cmd = Command::new(&wasm_opt);
                cmd.args([
                    "-Oz",
                    "--enable-bulk-memory",
                    "--enable-nontrapping-float-to-int",
                    "--enable-sign-ext",
                    "--enable-mutable-globals",
                    "--enable-reference-types",
                    "--enable-multivalue",
                ]);
                // SPLIT_KEEP_NAMES=1 keeps the functions' names, for a profile.
                if env::var_os("SPLIT_KEEP_NAMES").is_some() {
                    cmd.arg("--debuginfo");
                }
                cmd.arg(module).arg("-o").arg(module);
                if let Err(e) = run_tool(&mut cmd) {
                    failures.lock().unwrap_or_else(|p| p.into_inner()).push(e);
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_else(|p| p.into_inner());
    match failures.first() {
        None => Ok(()),
        Some(e) => Err(e.clone()),
    }
}

/// Runs a tool; its output is shown only when it fails (wasm-opt warns about every
/// chunk's name section, which it does not know and drops).
fn run_tool(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let out = cmd.output().map_err(|e| format!("cannot run {shown}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed: {}\n{}{}", out.status, String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}
