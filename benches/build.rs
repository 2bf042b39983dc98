//! Build-time benchmark: `cargo bench --bench build`.
//!
//! Generates synthetic sites (see `synthetic.rs`), takes the release `haven`
//! binary cargo built for this bench, and times `haven build` on each site as a child process, the way users
//! run it, recording wall time and peak RSS. Machines are noisy, so the figure to
//! watch is the 10k/1k ratio within one run, not the absolute seconds.
//!
//! Environment:
//! - `HAVEN_BENCH_SIZES=1000,10000`  page counts to generate (default: both)
//! - `HAVEN_BENCH_DIR=/some/dir`     generate there and keep the sites (default: a temp dir)
//! - `HAVEN_BENCH_GENERATE_ONLY=1`   only generate and check the sites; no binary needed

#[path = "synthetic.rs"]
mod synthetic;

use std::env;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use synthetic::{GeneratedSite, SiteSpec};

const DEFAULT_SIZES: &[usize] = &[1_000, 10_000];
/// The first run only warms the page cache (the site was just written, but the
/// binary and the output directory's metadata were not); it is not reported.
const WARMUP_RUNS: usize = 1;
const MEASURED_RUNS: usize = 2;
/// How often peak RSS is sampled. VmHWM only grows, so the only loss is growth in
/// the last interval before the child exits.
const RSS_POLL: Duration = Duration::from_millis(1);

fn main() {
    let sizes = sizes_from_env();
    let workdir = Workdir::new();
    let generate_only = env::var_os("HAVEN_BENCH_GENERATE_ONLY").is_some_and(|v| v != "0");

    let sites: Vec<GeneratedSite> = sizes
        .iter()
        .map(|&pages| generate_and_check(&workdir.path, pages))
        .collect();
    if generate_only {
        println!("HAVEN_BENCH_GENERATE_ONLY set: sites written and checked, nothing built.");
        return;
    }

    let bench = match Bench::new(&workdir.path) {
        Ok(bench) => bench,
        Err(e) => {
            eprintln!("error: no haven binary: {e}");
            drop(workdir); // exit() skips destructors; remove the temp sites first
            std::process::exit(1);
        }
    };
    let mut results = Vec::new();
    for scenario in SCENARIOS {
        for site in &sites {
            results.push(ScenarioResult {
                scenario: scenario.name,
                pages: site.pages,
                content_bytes: site.content_bytes,
                outcome: (scenario.run)(&bench, site),
            });
        }
    }
    print_table(&results);
}

// ---------------------------------------------------------------- scenarios

/// One kind of work to time on a generated site. The incremental-rebuild bench
/// (edit one page under `haven serve`, time until its output file changes) is one
/// more function with this signature plus one entry in `SCENARIOS`; it can
/// regenerate a single page with `synthetic` because page text depends only on
/// (seed, page id).
struct Scenario {
    name: &'static str,
    run: fn(&Bench, &GeneratedSite) -> Result<Outcome, String>,
}

const SCENARIOS: &[Scenario] = &[Scenario {
    name: "full build",
    run: full_build,
}];

/// Measured samples of one scenario on one site.
struct Outcome {
    samples: Vec<Sample>,
    /// `.html` files in the output after the last run: a cheap guard against a
    /// build that "succeeds" quickly by skipping pages.
    html_files: usize,
    /// What the binary printed to stderr on the last run: its summary line and any warnings.
    stderr: String,
}

struct ScenarioResult {
    scenario: &'static str,
    pages: usize,
    content_bytes: u64,
    outcome: Result<Outcome, String>,
}

/// `haven build` from scratch, `WARMUP_RUNS + MEASURED_RUNS` times.
fn full_build(bench: &Bench, site: &GeneratedSite) -> Result<Outcome, String> {
    let output = site.root.join("public");
    let mut samples = Vec::new();
    let mut stderr = String::new();
    for run in 0..WARMUP_RUNS + MEASURED_RUNS {
        // Every run starts from an empty output so runs do equal work.
        remove_dir_if_present(&output).map_err(|e| format!("cannot clear {output:?}: {e}"))?;
        let mut cmd = Command::new(&bench.haven);
        cmd.arg("build")
            .arg("--root")
            .arg(&site.root)
            .arg("--output")
            .arg(&output);
        let label = format!("build-{}-{run}", site.pages);
        let sample = bench
            .run_measured(cmd, &label)
            .map_err(|e| format!("cannot run haven: {e}"))?;
        if !sample.status.success() {
            return Err(format!(
                "`haven build` failed on the {}-page site ({}), stderr:\n{}",
                site.pages,
                sample.status,
                sample.stderr.trim_end()
            ));
        }
        stderr = sample.stderr.clone();
        if run >= WARMUP_RUNS {
            samples.push(sample);
        }
    }
    Ok(Outcome {
        samples,
        html_files: count_html(&output),
        stderr,
    })
}

// ---------------------------------------------------------------- running the binary

struct Bench {
    haven: PathBuf,
    logs: PathBuf,
}

/// One timed child process.
struct Sample {
    wall: Duration,
    /// KiB; `None` if the child exited before the first poll.
    peak_rss_kib: Option<u64>,
    status: ExitStatus,
    stderr: String,
}

impl Bench {
    /// Cargo builds the package's binaries before a bench target and hands us the
    /// path, with the `bench` profile, which inherits `release`: this is the same
    /// binary `cargo build --release` makes, without a nested cargo fighting the
    /// outer one for the build-directory lock.
    fn new(workdir: &Path) -> Result<Self, String> {
        let logs = workdir.join("logs");
        fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
        let haven = PathBuf::from(env!("CARGO_BIN_EXE_haven"));
        if !haven.is_file() {
            return Err(format!("{} does not exist", haven.display()));
        }
        Ok(Bench { haven, logs })
    }

    /// Runs `cmd` to completion, timing it and polling its peak RSS from /proc
    /// (no libc, nothing to install). Output goes to files, not pipes, so a chatty
    /// child can never block on a full pipe while we are not reading it.
    fn run_measured(&self, mut cmd: Command, label: &str) -> io::Result<Sample> {
        let stdout_path = self.logs.join(format!("{label}.stdout"));
        let stderr_path = self.logs.join(format!("{label}.stderr"));
        cmd.stdin(Stdio::null())
            .stdout(fs::File::create(&stdout_path)?)
            .stderr(fs::File::create(&stderr_path)?);

        let start = Instant::now();
        let mut child = cmd.spawn()?;
        let poller = RssPoller::start(child.id());
        let status = child.wait()?;
        let wall = start.elapsed();
        let peak_rss_kib = poller.stop();

        Ok(Sample {
            wall,
            peak_rss_kib,
            status,
            stderr: fs::read_to_string(&stderr_path)?,
        })
    }
}

/// Samples `VmHWM` (the kernel's own high-water mark of resident memory) on a
/// separate thread, so the main thread's `wait()` gives an exact wall time.
struct RssPoller {
    stop: Arc<AtomicBool>,
    peak_kib: Arc<AtomicU64>,
    thread: thread::JoinHandle<()>,
}

impl RssPoller {
    fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let peak_kib = Arc::new(AtomicU64::new(0));
        let (stop2, peak2) = (stop.clone(), peak_kib.clone());
        let path = format!("/proc/{pid}/status");
        let thread = thread::spawn(move || {
            while !stop2.load(Ordering::Relaxed) {
                // Once the child is a zombie its status has no VmHWM; max() keeps the last value.
                if let Some(kib) = read_vm_hwm(&path) {
                    peak2.fetch_max(kib, Ordering::Relaxed);
                }
                thread::sleep(RSS_POLL);
            }
        });
        RssPoller {
            stop,
            peak_kib,
            thread,
        }
    }

    fn stop(self) -> Option<u64> {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
        Some(self.peak_kib.load(Ordering::Relaxed)).filter(|&kib| kib > 0)
    }
}

fn read_vm_hwm(status_path: &str) -> Option<u64> {
    let status = fs::read_to_string(status_path).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

// ---------------------------------------------------------------- sites

/// Where the sites live: a temp dir removed on exit, or `HAVEN_BENCH_DIR` kept
/// for poking at a failing build.
struct Workdir {
    path: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

impl Workdir {
    fn new() -> Self {
        match env::var_os("HAVEN_BENCH_DIR") {
            Some(dir) => {
                let path = PathBuf::from(dir);
                fs::create_dir_all(&path).expect("cannot create HAVEN_BENCH_DIR");
                Workdir { path, _temp: None }
            }
            None => {
                let temp = tempfile::Builder::new()
                    .prefix("haven-bench-")
                    .tempdir()
                    .expect("cannot create temp dir");
                Workdir {
                    path: temp.path().to_path_buf(),
                    _temp: Some(temp),
                }
            }
        }
    }
}

fn sizes_from_env() -> Vec<usize> {
    match env::var("HAVEN_BENCH_SIZES") {
        Ok(list) if !list.trim().is_empty() => list
            .split(',')
            .map(|s| {
                s.trim()
                    .replace('_', "")
                    .parse()
                    .unwrap_or_else(|_| panic!("HAVEN_BENCH_SIZES: {s:?} is not a page count"))
            })
            .collect(),
        _ => DEFAULT_SIZES.to_vec(),
    }
}

/// Writes a fresh site and verifies its links before any time is spent building it,
/// so a failed build can be blamed on the builder, not on the input.
fn generate_and_check(workdir: &Path, pages: usize) -> GeneratedSite {
    let root = workdir.join(format!("site-{pages}"));
    remove_dir_if_present(&root).expect("cannot clear old site");
    let spec = SiteSpec::new(pages);

    let start = Instant::now();
    let site = synthetic::generate(&root, &spec).expect("cannot write synthetic site");
    let generated_in = start.elapsed();
    let report = synthetic::check_site(&root).expect("cannot read back synthetic site");

    println!(
        "Generated {} pages in {} sections at {} ({:.1} MB of Markdown, {:.2} s): \
         words/page min {} mean {:.0} max {}; {} internal links ({} to headings), {} footnotes",
        site.pages,
        site.sections,
        root.display(),
        mb(site.content_bytes),
        generated_in.as_secs_f64(),
        report.min_words,
        report.mean_words,
        report.max_words,
        report.links,
        report.anchor_links,
        report.footnotes,
    );
    if !report.problems.is_empty() {
        for problem in report.problems.iter().take(20) {
            eprintln!("  generator bug: {problem}");
        }
        panic!("synthetic site has {} problems", report.problems.len());
    }
    site
}

fn remove_dir_if_present(dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

fn count_html(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

// ---------------------------------------------------------------- report

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    // The two middle indices coincide when the length is odd.
    let n = values.len();
    (values[(n - 1) / 2] + values[n / 2]) / 2.0
}

/// (median wall seconds, median peak RSS in MiB) of one outcome.
fn medians(outcome: &Outcome) -> (f64, Option<f64>) {
    let wall = median(
        outcome
            .samples
            .iter()
            .map(|s| s.wall.as_secs_f64())
            .collect(),
    );
    let rss: Vec<f64> = outcome
        .samples
        .iter()
        .filter_map(|s| s.peak_rss_kib)
        .map(|k| k as f64 / 1024.0)
        .collect();
    (wall, (!rss.is_empty()).then(|| median(rss)))
}

fn print_table(results: &[ScenarioResult]) {
    let cpus = thread::available_parallelism().map_or(0, |n| n.get());
    println!();
    println!(
        "Haven build benchmark: {cpus} CPUs, {WARMUP_RUNS} warm-up + {MEASURED_RUNS} measured runs, \
         medians shown"
    );
    println!(
        "{:<12} {:>7} {:>9} {:>9} {:>10} {:>9} {:>12}",
        "scenario", "pages", "input MB", "html out", "median s", "pages/s", "peak RSS MiB"
    );
    for r in results {
        match &r.outcome {
            Ok(outcome) => {
                let (wall, rss) = medians(outcome);
                let rss = rss.map_or("n/a".to_string(), |m| format!("{m:.1}"));
                println!(
                    "{:<12} {:>7} {:>9.1} {:>9} {:>10.3} {:>9.0} {:>12}",
                    r.scenario,
                    r.pages,
                    mb(r.content_bytes),
                    outcome.html_files,
                    wall,
                    r.pages as f64 / wall,
                    rss
                );
            }
            Err(_) => println!(
                "{:<12} {:>7} {:>9.1}   FAILED (see below)",
                r.scenario,
                r.pages,
                mb(r.content_bytes)
            ),
        }
    }
    print_ratios(results);
    println!(
        "Peak RSS: VmHWM from /proc/<pid>/status polled every {} ms; growth in the last \
         interval before exit is not seen.",
        RSS_POLL.as_millis()
    );
    print_diagnostics(results);
}

/// Largest vs smallest site per scenario: the machine-independent figure.
fn print_ratios(results: &[ScenarioResult]) {
    for scenario in SCENARIOS {
        let ok: Vec<(usize, f64, Option<f64>)> = results
            .iter()
            .filter(|r| r.scenario == scenario.name)
            .filter_map(|r| r.outcome.as_ref().ok().map(|o| (r.pages, medians(o))))
            .map(|(pages, (wall, rss))| (pages, wall, rss))
            .collect();
        let (Some(small), Some(large)) =
            (ok.iter().min_by_key(|r| r.0), ok.iter().max_by_key(|r| r.0))
        else {
            continue;
        };
        if small.0 == large.0 {
            continue;
        }
        let rss_ratio = match (small.2, large.2) {
            (Some(s), Some(l)) => format!(", peak RSS x{:.2}", l / s),
            _ => String::new(),
        };
        println!(
            "{}: {} vs {} pages: time x{:.2} (linear would be x{:.2}){rss_ratio}",
            scenario.name,
            large.0,
            small.0,
            large.1 / small.1,
            large.0 as f64 / small.0 as f64
        );
    }
}

/// Build errors verbatim, and the stderr of successful builds (first lines), since
/// warnings on a valid synthetic site are usually core bugs.
fn print_diagnostics(results: &[ScenarioResult]) {
    for r in results {
        match &r.outcome {
            Err(message) => {
                println!("\n{} on {} pages FAILED:\n{message}", r.scenario, r.pages);
            }
            Ok(outcome) if !outcome.stderr.trim().is_empty() => {
                let lines: Vec<&str> = outcome.stderr.lines().collect();
                println!(
                    "\n{} on {} pages, stderr of the last run ({} lines):",
                    r.scenario,
                    r.pages,
                    lines.len()
                );
                for line in lines.iter().take(40) {
                    println!("  {line}");
                }
            }
            Ok(_) => {}
        }
    }
}
