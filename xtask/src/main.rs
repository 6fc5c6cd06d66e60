//! Development tasks; filled in below.
fn main() {}
