//! Entry point of the WebAssembly build: start the portal.

fn main() {
    // Debug builds print panics to the console; release builds stay small.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    portal::start();
}
