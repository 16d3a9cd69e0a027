//! Project automation for scriba: `cargo xtask <task>`.

fn main() {
    eprintln!("usage: cargo xtask <conformance|bench|codegen>");
    std::process::exit(2);
}
