//! The `haven` command: parses arguments and calls the library.

mod cli;

// jemalloc instead of the system's malloc: under `haven serve`, glibc's malloc kept memory that
// one edit's rendering freed on one thread and the next edit's asked for on another, so the
// server grew about 1.3 MiB every 100 edits on a 10,000-page site; with jemalloc it stays
// level. It also makes a build with a search index (millions of small strings) about an eighth
// faster. Measured in README's Performance section.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
