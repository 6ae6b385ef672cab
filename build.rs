//! Release builds of the app for the browser are split (issue 15, B10): `cfg(split)`
//! turns the split points (`split_point!`, src/ui/mod.rs) into `wasm_split`'s wrappers,
//! and the app's binary keeps the linker's relocations (`--emit-relocs`), which the
//! wasm-split step (Trunk.toml's post_build hook, `xtask/split`) needs to cut it. Other
//! builds (the wasm tests, dev builds, native checks) are not split: their split points
//! are plain async functions. Only the app's binary is linked with relocations, and no
//! rustflag changes, so the render worker and the tests link as before and every wasm
//! build still shares one dependency cache.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    // RESKONTRA_UNSPLIT=1: a release build without the split, for an A/B of its cost.
    println!("cargo::rerun-if-env-changed=RESKONTRA_UNSPLIT");
    println!("cargo::rustc-check-cfg=cfg(split)");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    let unsplit = std::env::var_os("RESKONTRA_UNSPLIT").is_some();
    if wasm && release && !unsplit {
        println!("cargo::rustc-cfg=split");
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
}
