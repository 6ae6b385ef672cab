//! Small helpers around `std::process::Command` and paths.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace root (the directory holding the root Cargo.toml and Trunk.toml).
pub fn root() -> PathBuf {
    // xtask/ sits directly in the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent directory").to_path_buf()
}

/// Where `setup` installs npm-provided tools (wasm-opt from binaryen).
pub fn tools_bin() -> PathBuf {
    root().join(".tools/node_modules/.bin")
}

/// `~/.cargo/bin` (or `$CARGO_HOME/bin`), where `cargo install` puts trunk and wasm-bindgen.
pub fn cargo_bin() -> Option<PathBuf> {
    let home = env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    Some(home.join("bin"))
}

/// Puts `.tools/node_modules/.bin` first and `~/.cargo/bin` second on our own PATH,
/// so that every child process inherits it.
pub fn prepare_path() {
    let current = env::var_os("PATH").unwrap_or_default();
    let mut front = vec![tools_bin()];
    front.extend(cargo_bin());
    let path = prepend_paths(&front, &current);
    // Safe: called once at start-up, before any thread exists.
    env::set_var("PATH", path);
}

/// `front` followed by the entries of `path` that are not already in `front`.
pub fn prepend_paths(front: &[PathBuf], path: &OsString) -> OsString {
    let rest = env::split_paths(path).filter(|p| !front.contains(p));
    let all: Vec<PathBuf> = front.iter().cloned().chain(rest).collect();
    env::join_paths(all).expect("PATH entries contain no ':'")
}

/// `cargo`, the same binary that runs us when started via `cargo xtask`.
pub fn cargo() -> Command {
    let program = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(program);
    cmd.current_dir(root());
    cmd
}

/// A command run from the workspace root.
pub fn command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(root());
    cmd
}

/// Prints the command, runs it with inherited stdio and fails unless it exits with 0.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = describe(cmd);
    println!("$ {shown}");
    let status = cmd.status().map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs `program args` quietly and returns its trimmed stdout, or None if the program
/// is missing or fails. Used for version checks.
pub fn capture(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The full path of `program` if it is an executable file on PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = env::var_os("PATH")?;
    env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0))
}

/// The command line as a person would type it, with the environment variables we set.
pub fn describe(cmd: &Command) -> String {
    let mut parts: Vec<String> = cmd
        .get_envs()
        .filter(|(key, _)| *key != "PATH")
        .filter_map(|(key, value)| Some(format!("{}={}", key.to_string_lossy(), value?.to_string_lossy())))
        .collect();
    parts.push(cmd.get_program().to_string_lossy().into_owned());
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

/// A byte count as "123.4 KB" (1 KB = 1000 bytes, as the sizes in TOOLCHAIN.md).
pub fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepend_puts_tools_first_without_duplicates() {
        let front = vec![PathBuf::from("/w/.tools/node_modules/.bin"), PathBuf::from("/root/.cargo/bin")];
        let path = OsString::from("/root/.cargo/bin:/usr/bin:/bin");
        assert_eq!(prepend_paths(&front, &path), OsString::from("/w/.tools/node_modules/.bin:/root/.cargo/bin:/usr/bin:/bin"));
    }

    #[test]
    fn describe_shows_env_and_args() {
        let mut cmd = Command::new("cargo");
        cmd.args(["test", "-p", "x"]).env("A", "1");
        assert_eq!(describe(&cmd), "A=1 cargo test -p x");
    }
}
