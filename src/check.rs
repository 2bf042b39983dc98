//! `haven check`: reads the whole site, renders it in memory, and reports every problem
//! without writing anything.

use crate::build::{BuildOptions, BuildReport, build};

/// Checks the site at `opts.root`; nothing is written.
pub fn check(opts: &BuildOptions) -> BuildReport {
    let opts = BuildOptions { write: false, ..opts.clone() };
    build(&opts)
}
