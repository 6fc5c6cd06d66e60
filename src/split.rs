//! Split points: code that a split build (`--cfg portal_split`, made by `cargo xtask`) puts
//! in a WebAssembly module of its own, fetched the first time it is needed. Elsewhere (tests,
//! `trunk serve`) a split point is a plain call.

use leptos::wasm_split::SplitLoaderError;

/// A split module could not be fetched (the device is offline, or the server failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModuleMissing;

impl From<SplitLoaderError> for ModuleMissing {
    fn from(_: SplitLoaderError) -> Self {
        ModuleMissing
    }
}

/// `split_point! { vis fn name(args) -> T, in module, preload preload_name { body } }`, with
/// optional attributes first, defines `async fn name(args) -> Result<T, ModuleMissing>`,
/// which fetches `module` if need be and then evaluates `body`, and
/// `async fn preload_name() -> Result<(), SplitLoaderError>`, which only fetches it. Each
/// function notes for itself that its module has arrived, so preload the very function that
/// will be called.
macro_rules! split_point {
    ($(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty, in $module:ident,
     preload $preload:ident $body:block) => {
        $(#[$attr])*
        #[cfg(portal_split)]
        #[leptos::wasm_split::wasm_split(
            $module,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload($preload)
        )]
        $vis fn $name($($arg: $ty),*) -> Result<$out, $crate::split::ModuleMissing> {
            let output = $body;
            Ok(output)
        }

        $(#[$attr])*
        #[cfg(not(portal_split))]
        $vis async fn $name($($arg: $ty),*) -> Result<$out, $crate::split::ModuleMissing> {
            let output = $body;
            Ok(output)
        }

        #[cfg(not(portal_split))]
        #[allow(dead_code, reason = "a split point whose module another preload fetches needs none")]
        $vis async fn $preload() -> Result<(), leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    };
}

pub(crate) use split_point;
