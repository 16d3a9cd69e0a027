//! The scriba plugin host: discovers, checks and loads exporter plugins (dynamic libraries that
//! speak the C ABI of `scriba-plugin-abi`) and wraps each of their formats as a
//! [`scriba_core::Exporter`].
//!
//! # Discovery
//!
//! [`search_path`] builds the list of directories in their order of precedence: the
//! `--plugin-dir` directories, then the entries of `SCRIBA_PLUGIN_PATH`, then the user's plugin
//! directory ([`user_plugin_dir`], `$XDG_DATA_HOME/scriba/plugins` on Linux). The host reads no
//! environment itself: the CLI passes the values in. [`discover`] loads every file whose name
//! matches [`is_plugin_file_name`] (`libscriba_*.so`, `libscriba_*.dylib`, `scriba_*.dll`) in
//! those directories, in file-name order, and [`check_dir`] explains for each file of one
//! directory why it loads or not (`scriba plugins check DIR`).
//!
//! # Checks
//!
//! [`load`] resolves the entry symbol `scriba_plugin_entry_v1`, calls it (the one plugin
//! function called before the checks; it only returns a pointer to static data), and then
//! checks the ABI major and minor versions, the descriptor's size, every string and format
//! entry, and the transcript schema version the plugin reads, before it calls or even keeps
//! any other plugin function. A plugin that fails a check is skipped with a [`Diagnostic`]
//! naming the file and the reason; it never stops the process.
//!
//! # Lifetime
//!
//! Plugins live until the process exits: a loaded library is never unloaded, even when every
//! [`LoadedPlugin`] and exporter made from it is dropped (`dlclose` is a no-op on musl and
//! unsound with thread-local destructors elsewhere; see `docs/plugins.md`).
//!
//! # Exporting
//!
//! A plugin exporter sends the transcript as the versioned JSON document with the options and
//! the context, and receives artifacts or diagnostics. A panic inside the plugin (caught by
//! the SDK), a response that is not the documented JSON, or an artifact path that would leave
//! the output directory becomes an error diagnostic; the driver then writes the artifacts with
//! the same atomic writer and path checks as for built-in exporters.

#![allow(
    unsafe_code,
    reason = "loading dynamic libraries and calling their C ABI functions is inherently unsafe; every block carries a SAFETY comment"
)]

mod base64;
mod check;
mod discover;
mod exporter;
mod load;

pub use check::{CheckEntry, CheckOutcome, CheckReport, check_dir};
pub use discover::{discover, is_plugin_file_name, search_path, user_plugin_dir};
pub use load::{LoadedPlugin, PluginFormat, load};

/// Re-exported for the diagnostics this crate returns.
pub use scriba_core::Diagnostic;
