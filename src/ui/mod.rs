//! The user interface: the frame and router (`app`), the ledger context that runs
//! commands (`context`), user-facing texts (`messages`), widgets and windows.

/// A split point (issue 15, B10): in a release build for the browser (`cfg(split)`, set
/// by `build.rs`) the function is `wasm_split`'s async wrapper, and its code, with what
/// only it reaches, is cut into the module `$module` that is fetched on first use
/// (Trunk's post_build hook, `xtask/split`); `preload(name)` also makes
/// `async fn name()`, which fetches the module without calling anything. In every other
/// build (the wasm tests, native checks) the same `async fn` runs the body at once, and
/// the preload does nothing: those builds are never split, and an unsplit build must
/// not import the splitter's placeholder module.
macro_rules! split_point {
    ($module:ident $(, preload($preload:ident))?; $(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(split)]
        #[::leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible $(, preload($preload))?)]
        $(#[$attr])* $vis fn $name($($arg: $ty),*) -> $ret $body

        #[cfg(not(split))]
        $(#[$attr])* $vis async fn $name($($arg: $ty),*) -> $ret $body

        $(
            #[cfg(not(split))]
            $vis async fn $preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
                Ok(())
            }
        )?
    };
}

pub mod app;
pub mod components;
pub mod context;
pub mod messages;
pub mod pages;
pub mod route;
