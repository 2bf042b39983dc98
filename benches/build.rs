//! Build-time benchmark: `cargo bench --bench build`.
//!
//! Generates synthetic sites (see `synthetic.rs`), takes the release `haven`
//! binary cargo built for this bench, and times `haven build` on each site as a
//! child process, the way users run it: wall time, CPU time and peak RSS. Two
//! scenarios: a first build into an output folder that does not exist yet (a fresh
//! clone), and a rebuild over the output of earlier builds (staff after an edit).
//! Machines are noisy, so the figure to watch is the 10k/1k ratio within one run,
//! not the absolute seconds.
//!
//! Environment:
//! - `HAVEN_BENCH_SIZES=1000,10000`  page counts to generate (default: both)
//! - `HAVEN_BENCH_RUNS=2`            measured runs per site, after one warm-up
//! - `HAVEN_BENCH_DIR=/some/dir`     generate there and keep the sites (default: a temp dir;
//!   a site already there is deleted and written again, which on ext4 without a journal
//!   slows the next minutes' file creation: see `first_build`)
//! - `HAVEN_BENCH_GENERATE_ONLY=1`   only generate and check the sites; no binary needed
//! - `HAVEN_BENCH_EDITS=500`         edits in the incremental-rebuild run on the largest site
//!   (default 500; 0 skips it)
//! - `HAVEN_BENCH_SEARCH=0`          skips the search figures (benches/search.rs): builds with and
//!   without a search index, its size, and the bundled site's first search in Chromium

#[path = "incremental.rs"]
mod incremental;
#[path = "search.rs"]
mod search;
#[path = "synthetic.rs"]
mod synthetic;

use std::env;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use synthetic::{GeneratedSite, SiteSpec};

const DEFAULT_SIZES: &[usize] = &[1_000, 10_000];
/// The first run only warms the page cache (the site was just written, but the
/// binary and the output directory's metadata were not); it is not reported.
const WARMUP_RUNS: usize = 1;
const DEFAULT_MEASURED_RUNS: usize = 2;
/// How often the child's /proc entry is sampled. VmHWM only grows and CPU time
/// only accumulates, so the only loss is what happens in the last interval.
const PROC_POLL: Duration = Duration::from_millis(1);
/// `/proc/<pid>/stat` counts CPU time in USER_HZ ticks, which Linux fixes at 100
/// for user space on every architecture (sysconf would need libc).
const TICKS_PER_SECOND: f64 = 100.0;

fn main() {
    let sizes = sizes_from_env();
    let measured_runs = measured_runs_from_env();
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
    let results: Vec<ScenarioResult> = SCENARIOS
        .iter()
        .flat_map(|scenario| run_scenario(&bench, scenario, &sites, measured_runs))
        .collect();
    print_table(&results, measured_runs);

    let edits: usize = env::var("HAVEN_BENCH_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    if let (Some(site), true) = (sites.iter().max_by_key(|s| s.pages), edits > 0) {
        match incremental::run(&bench.haven, &site.root, site.pages, edits) {
            Ok(report) => incremental::print(site.pages, &report),
            Err(e) => eprintln!("incremental bench failed: {e}"),
        }
    }

    if env::var_os("HAVEN_BENCH_SEARCH").is_none_or(|v| v != "0") {
        let list: Vec<(PathBuf, usize)> = sites.iter().map(|s| (s.root.clone(), s.pages)).collect();
        match search::run(&bench.haven, &list, measured_runs) {
            Ok(figures) => search::print(&figures),
            Err(e) => eprintln!("search bench failed: {e}"),
        }
        search::first_search(&bench.haven);
    }
}

// ---------------------------------------------------------------- scenarios

/// One kind of work to time on a generated site; `run_once` produces one sample
/// and `run_scenario` repeats it. The incremental-rebuild bench (edit one page
/// under `haven serve`, time until its output file changes) is one more function
/// with this signature plus one entry in `SCENARIOS`; it can rewrite a single page
/// with `synthetic` because page text depends only on (seed, page id).
struct Scenario {
    name: &'static str,
    /// Runs once and says where the output went.
    run_once: RunOnce,
}

/// One run of a scenario: a sample and the output folder, or what went wrong.
type RunOnce = fn(&Bench, &GeneratedSite, &str) -> Result<(Sample, PathBuf), String>;

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "first build",
        run_once: first_build,
    },
    Scenario {
        name: "rebuild",
        run_once: rebuild,
    },
];

/// Measured samples of one scenario on one site.
struct Outcome {
    samples: Vec<Sample>,
    /// `.html` files in the output after the last run: a cheap guard against a
    /// build that "succeeds" quickly by skipping pages.
    html_files: usize,
}

struct ScenarioResult {
    scenario: &'static str,
    pages: usize,
    content_bytes: u64,
    outcome: Result<Outcome, String>,
}

/// Runs a scenario round by round across all sites (1k, 10k, 1k, 10k, ...) rather
/// than site by site, so a burst of background load is likelier to hit both sizes
/// and distorts their ratio less.
fn run_scenario(
    bench: &Bench,
    scenario: &Scenario,
    sites: &[GeneratedSite],
    measured_runs: usize,
) -> Vec<ScenarioResult> {
    let mut samples: Vec<Result<Vec<Sample>, String>> = sites.iter().map(|_| Ok(vec![])).collect();
    let mut outputs: Vec<PathBuf> = sites.iter().map(|s| s.root.join("public")).collect();
    for round in 0..WARMUP_RUNS + measured_runs {
        for ((site, site_samples), output) in sites.iter().zip(&mut samples).zip(&mut outputs) {
            let Ok(kept) = site_samples else { continue }; // failed before: don't retry
            let label = format!("{}-{}-{round}", scenario.name.replace(' ', "-"), site.pages);
            match (scenario.run_once)(bench, site, &label) {
                Ok((sample, out)) => {
                    *output = out;
                    if round >= WARMUP_RUNS {
                        kept.push(sample);
                    }
                }
                Err(e) => *site_samples = Err(e),
            }
        }
    }
    sites
        .iter()
        .zip(samples)
        .zip(outputs)
        .map(|((site, samples), output)| ScenarioResult {
            scenario: scenario.name,
            pages: site.pages,
            content_bytes: site.content_bytes,
            outcome: samples.map(|samples| Outcome {
                samples,
                html_files: count_html(&output),
            }),
        })
        .collect()
}

/// `haven build` into an output folder that has never existed, as on a fresh clone (CI, a
/// new computer).
///
/// Each run gets a new folder, and none is removed before the bench ends. Deleting the last
/// run's output just before building would measure the file system instead of Haven: ext4
/// without a journal (as on this project's machines) will not reuse an inode for a minute or
/// more after it was freed, and scans past every such inode for each file it creates, so
/// `rm -rf public && haven build` on a large site spends seconds in the kernel (seen with
/// `perf`: `recently_deleted` in `__ext4_new_inode`).
fn first_build(
    bench: &Bench,
    site: &GeneratedSite,
    label: &str,
) -> Result<(Sample, PathBuf), String> {
    let output = site.root.join("first-builds").join(label);
    let sample = build_into(bench, site, &output, label)?;
    Ok((sample, output))
}

/// `haven build` again over the output of earlier builds, as staff run it after an edit.
/// Haven keeps the previous build's folder and writes the next build over it; the first two
/// builds of a site (which create `public/` and that kept folder) are not timed.
fn rebuild(bench: &Bench, site: &GeneratedSite, label: &str) -> Result<(Sample, PathBuf), String> {
    let output = site.root.join("public");
    let kept = site.root.join(".public.haven-previous");
    for setup in 0..2 {
        if output.is_dir() && kept.is_dir() {
            break;
        }
        build_into(bench, site, &output, &format!("{label}-setup-{setup}"))?;
    }
    let sample = build_into(bench, site, &output, label)?;
    Ok((sample, output))
}

fn build_into(
    bench: &Bench,
    site: &GeneratedSite,
    output: &Path,
    label: &str,
) -> Result<Sample, String> {
    let mut cmd = Command::new(&bench.haven);
    cmd.arg("build")
        .arg("--root")
        .arg(&site.root)
        .arg("--output")
        .arg(output);
    let sample = bench
        .run_measured(cmd, label)
        .map_err(|e| format!("cannot run haven: {e}"))?;
    if !sample.status.success() {
        return Err(format!(
            "`haven build` failed on the {}-page site ({}), stderr:\n{}",
            site.pages,
            sample.status,
            sample.stderr.trim_end()
        ));
    }
    Ok(sample)
}

// ---------------------------------------------------------------- running the binary

struct Bench {
    haven: PathBuf,
    logs: PathBuf,
}

/// One timed child process.
struct Sample {
    wall: Duration,
    usage: ProcUsage,
    status: ExitStatus,
    /// haven's summary line and any warnings.
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

    /// Runs `cmd` to completion, timing it and polling its /proc entry (no libc,
    /// nothing to install). Output goes to files, not pipes, so a chatty child can
    /// never block on a full pipe while we are not reading it.
    fn run_measured(&self, mut cmd: Command, label: &str) -> io::Result<Sample> {
        let stdout_path = self.logs.join(format!("{label}.stdout"));
        let stderr_path = self.logs.join(format!("{label}.stderr"));
        cmd.stdin(Stdio::null())
            .stdout(fs::File::create(&stdout_path)?)
            .stderr(fs::File::create(&stderr_path)?);

        let start = Instant::now();
        let mut child = cmd.spawn()?;
        let poller = ProcPoller::start(child.id());
        let status = child.wait()?;
        let wall = start.elapsed();
        let usage = poller.stop();

        Ok(Sample {
            wall,
            usage,
            status,
            stderr: fs::read_to_string(&stderr_path)?,
        })
    }
}

/// What the poller saw last; zero if the child exited before the first poll.
#[derive(Clone, Copy, Default)]
struct ProcUsage {
    /// VmHWM, the kernel's own high-water mark of resident memory, in KiB.
    peak_rss_kib: u64,
    /// user + system time of all the child's threads, in USER_HZ ticks.
    cpu_ticks: u64,
}

/// Samples `/proc/<pid>/{status,stat}` on a separate thread, so the main
/// thread's `wait()` gives an exact wall time. CPU time is reported because it
/// is far less disturbed than wall time by other processes competing for the CPUs.
struct ProcPoller {
    stop: Arc<AtomicBool>,
    thread: thread::JoinHandle<ProcUsage>,
}

impl ProcPoller {
    fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stop_seen = stop.clone();
        let thread = thread::spawn(move || {
            let (status_path, stat_path) =
                (format!("/proc/{pid}/status"), format!("/proc/{pid}/stat"));
            let mut usage = ProcUsage::default();
            while !stop_seen.load(Ordering::Relaxed) {
                // Once the child is a zombie these read as missing or zero; max() keeps
                // the last real value.
                if let Some(kib) = read_vm_hwm(&status_path) {
                    usage.peak_rss_kib = usage.peak_rss_kib.max(kib);
                }
                if let Some(ticks) = read_cpu_ticks(&stat_path) {
                    usage.cpu_ticks = usage.cpu_ticks.max(ticks);
                }
                thread::sleep(PROC_POLL);
            }
            usage
        });
        ProcPoller { stop, thread }
    }

    fn stop(self) -> ProcUsage {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap_or_default()
    }
}

fn read_vm_hwm(status_path: &str) -> Option<u64> {
    let status = fs::read_to_string(status_path).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// utime + stime (fields 14 and 15 of /proc/<pid>/stat). The fields are counted
/// after the `)` closing the command name, which may itself contain spaces.
fn read_cpu_ticks(stat_path: &str) -> Option<u64> {
    let stat = fs::read_to_string(stat_path).ok()?;
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(utime + stime)
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

fn measured_runs_from_env() -> usize {
    env::var("HAVEN_BENCH_RUNS").map_or(DEFAULT_MEASURED_RUNS, |v| {
        v.trim()
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .unwrap_or_else(|| panic!("HAVEN_BENCH_RUNS: {v:?} is not a positive count"))
    })
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

/// Medians over the measured runs of one scenario on one site.
struct Summary {
    wall_s: f64,
    /// Half the min-to-max range of wall time, as a percentage of the median.
    wall_spread_pct: f64,
    cpu_s: f64,
    /// `None` if every run exited before the first poll.
    rss_mib: Option<f64>,
}

fn summarize(outcome: &Outcome) -> Summary {
    let walls: Vec<f64> = outcome
        .samples
        .iter()
        .map(|s| s.wall.as_secs_f64())
        .collect();
    let (min, max) = walls
        .iter()
        .fold((f64::MAX, 0.0_f64), |(lo, hi), &w| (lo.min(w), hi.max(w)));
    let wall_s = median(walls);
    let cpu = outcome
        .samples
        .iter()
        .map(|s| s.usage.cpu_ticks as f64 / TICKS_PER_SECOND);
    let rss: Vec<f64> = outcome
        .samples
        .iter()
        .filter(|s| s.usage.peak_rss_kib > 0)
        .map(|s| s.usage.peak_rss_kib as f64 / 1024.0)
        .collect();
    Summary {
        wall_s,
        wall_spread_pct: (max - min) / 2.0 / wall_s * 100.0,
        cpu_s: median(cpu.collect()),
        rss_mib: (!rss.is_empty()).then(|| median(rss)),
    }
}

fn print_table(results: &[ScenarioResult], measured_runs: usize) {
    let cpus = thread::available_parallelism().map_or(0, |n| n.get());
    println!();
    println!(
        "Haven build benchmark: {cpus} CPUs, {WARMUP_RUNS} warm-up + {measured_runs} measured \
         runs per site, sizes interleaved, medians shown"
    );
    println!(
        "{:<12} {:>7} {:>9} {:>9} {:>9} {:>7} {:>8} {:>8} {:>9}",
        "scenario",
        "pages",
        "input MB",
        "html out",
        "wall s",
        "+/-%",
        "pages/s",
        "CPU s",
        "RSS MiB"
    );
    for r in results {
        let Ok(outcome) = &r.outcome else {
            println!(
                "{:<12} {:>7} {:>9.1}   FAILED (see below)",
                r.scenario,
                r.pages,
                mb(r.content_bytes)
            );
            continue;
        };
        let s = summarize(outcome);
        println!(
            "{:<12} {:>7} {:>9.1} {:>9} {:>9.3} {:>7.1} {:>8.0} {:>8.2} {:>9}",
            r.scenario,
            r.pages,
            mb(r.content_bytes),
            outcome.html_files,
            s.wall_s,
            s.wall_spread_pct,
            r.pages as f64 / s.wall_s,
            s.cpu_s,
            s.rss_mib.map_or("n/a".to_string(), |m| format!("{m:.1}")),
        );
    }
    print_ratios(results);
    println!(
        "CPU s is user+system of all haven threads; CPU s and RSS come from /proc/<pid> \
         polled every {} ms, so the last interval before exit is not seen.",
        PROC_POLL.as_millis()
    );
    print_diagnostics(results);
}

/// Largest vs smallest site per scenario: the figure that carries across machines.
fn print_ratios(results: &[ScenarioResult]) {
    for scenario in SCENARIOS {
        let ok: Vec<(usize, Summary)> = results
            .iter()
            .filter(|r| r.scenario == scenario.name)
            .filter_map(|r| r.outcome.as_ref().ok().map(|o| (r.pages, summarize(o))))
            .collect();
        let (Some(small), Some(large)) =
            (ok.iter().min_by_key(|r| r.0), ok.iter().max_by_key(|r| r.0))
        else {
            continue;
        };
        if small.0 == large.0 {
            continue;
        }
        let rss_ratio = match (small.1.rss_mib, large.1.rss_mib) {
            (Some(s), Some(l)) => format!(", peak RSS x{:.2}", l / s),
            _ => String::new(),
        };
        println!(
            "{}: {} vs {} pages (linear would be x{:.2}): wall time x{:.2}, CPU time x{:.2}{rss_ratio}",
            scenario.name,
            large.0,
            small.0,
            large.0 as f64 / small.0 as f64,
            large.1.wall_s / small.1.wall_s,
            large.1.cpu_s / small.1.cpu_s,
        );
    }
}

/// Build errors verbatim, and the stderr of the last successful run (first
/// lines), since warnings on a valid synthetic site are usually core bugs.
fn print_diagnostics(results: &[ScenarioResult]) {
    for r in results {
        let stderr = match &r.outcome {
            Err(message) => {
                println!("\n{} on {} pages FAILED:\n{message}", r.scenario, r.pages);
                continue;
            }
            Ok(outcome) => outcome.samples.last().map_or("", |s| s.stderr.as_str()),
        };
        if stderr.trim().is_empty() {
            continue;
        }
        let lines: Vec<&str> = stderr.lines().collect();
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
}
