//! Entry point of the WebAssembly build: start the portal.

fn main() {
    portal::start();
}
