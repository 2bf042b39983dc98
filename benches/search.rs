//! Search benchmark (part of `cargo bench --bench build`): what the search index costs.
//!
//! For each generated site, `haven build` over its previous output with and without a search
//! page in the theme (without `search.html` Haven builds no index), alternating so background
//! load hits both alike: wall time, the `search index` stage of `--timings` (the wait for the
//! index after the other pages are written), and the index's size. Then the bundled site's
//! first search in Chromium on a 3G-like connection (benches/search-bytes.mjs), when node and
//! Chromium are there.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The smallest search page: the feature's context, no strings (the synthetic theme has none).
const SEARCH_TEMPLATE: &str = r#"{% extends "base.html" %}
{% block content %}
<h1>Search</h1>
<form action="{{ page.url }}" method="get" data-search-config="{{ search_page.script_json }}"><label>Search <input name="q"></label></form>
{% for g in search_page.groups %}<h2>{{ g.title }}</h2>{% endfor %}
{% endblock content %}
"#;

/// One site's figures.
pub struct Figures {
    pages: usize,
    without: Vec<Duration>,
    with: Vec<Duration>,
    /// CPU seconds (user + system, all threads), less disturbed by other load than wall time.
    cpu_without: Vec<f64>,
    cpu_with: Vec<f64>,
    index_stage_ms: Vec<f64>,
    index_bytes: u64,
    index_files: usize,
}

/// Times builds of each site with and without search; `runs` measured runs each.
pub fn run(haven: &Path, sites: &[(PathBuf, usize)], runs: usize) -> Result<Vec<Figures>, String> {
    let mut out = Vec::new();
    for (root, pages) in sites {
        let template = root.join("themes/haven/templates/search.html");
        let mut f = Figures {
            pages: *pages,
            without: Vec::new(),
            with: Vec::new(),
            cpu_without: Vec::new(),
            cpu_with: Vec::new(),
            index_stage_ms: Vec::new(),
            index_bytes: 0,
            index_files: 0,
        };
        // One unmeasured build of each kind first (page cache, the kept output folder).
        for round in 0..=runs {
            for with in [false, true] {
                if with {
                    fs::write(&template, SEARCH_TEMPLATE).map_err(|e| e.to_string())?;
                } else {
                    let _ = fs::remove_file(&template);
                }
                // Each kind builds over its own earlier output: switching one folder between
                // the two would delete and re-create the index's files every time, which on
                // ext4 measures the file system (see README, "Benchmark").
                let output = root.join(if with { "public" } else { "public-no-search" });
                let (wall, cpu, stderr) = build(haven, root, &output)?;
                if round == 0 {
                    continue;
                }
                if with {
                    f.with.push(wall);
                    f.cpu_with.push(cpu);
                    f.index_stage_ms.extend(stage_ms(&stderr, "search index"));
                } else {
                    f.without.push(wall);
                    f.cpu_without.push(cpu);
                }
            }
        }
        let (bytes, files) = folder_size(&root.join("public/pagefind"));
        f.index_bytes = bytes;
        f.index_files = files;
        let _ = fs::remove_file(&template);
        out.push(f);
    }
    Ok(out)
}

/// Wall time, CPU seconds and stderr of one `haven build --timings`.
fn build(haven: &Path, root: &Path, output: &Path) -> Result<(Duration, f64, String), String> {
    let start = Instant::now();
    let mut child = Command::new(haven)
        .args(["build", "--timings", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run haven: {e}"))?;
    let poller = super::ProcPoller::start(child.id());
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let wall = start.elapsed();
    let cpu = poller.stop().cpu_ticks as f64 / super::TICKS_PER_SECOND;
    if !status.success() {
        return Err(format!("haven build failed:\n{stderr}"));
    }
    Ok((wall, cpu, stderr))
}

/// `  search index:   1234.5 ms` from `--timings`.
fn stage_ms(stderr: &str, stage: &str) -> Option<f64> {
    stderr.lines().find_map(|l| {
        let (name, rest) = l.split_once(':')?;
        (name.trim() == stage).then(|| rest.trim().trim_end_matches("ms").trim().parse().ok())?
    })
}

fn folder_size(dir: &Path) -> (u64, usize) {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(b, n), e| {
            (b + e.metadata().map(|m| m.len()).unwrap_or(0), n + 1)
        })
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    (v[(n - 1) / 2] + v[n / 2]) / 2.0
}

/// Prints the table.
pub fn print(figures: &[Figures]) {
    println!();
    println!("Search index: `haven build` over the previous output, medians");
    println!(
        "{:>7} {:>10} {:>10} {:>7} {:>10} {:>10} {:>7} {:>14} {:>9} {:>7}",
        "pages",
        "wall s",
        "+search",
        "cost",
        "CPU s",
        "+search",
        "cost",
        "index wait ms",
        "index MB",
        "files"
    );
    for f in figures {
        let secs = |v: &[Duration]| median(v.iter().map(Duration::as_secs_f64).collect());
        let (a, b) = (secs(&f.without), secs(&f.with));
        let (ca, cb) = (median(f.cpu_without.clone()), median(f.cpu_with.clone()));
        println!(
            "{:>7} {:>10.3} {:>10.3} {:>6.0}% {:>10.2} {:>10.2} {:>6.0}% {:>14.0} {:>9.1} {:>7}",
            f.pages,
            a,
            b,
            (b / a - 1.0) * 100.0,
            ca,
            cb,
            (cb / ca - 1.0) * 100.0,
            median(f.index_stage_ms.clone()),
            f.index_bytes as f64 / 1_000_000.0,
            f.index_files,
        );
    }
}

/// The bundled site's first search, through benches/search-bytes.mjs.
pub fn first_search(haven: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("haven-bench-search-{}", std::process::id()));
    let built = Command::new(haven)
        .args(["build", "--root"])
        .arg(repo)
        .arg("--output")
        .arg(&out)
        .output();
    if !built.is_ok_and(|o| o.status.success()) {
        println!("first search: could not build the bundled site");
        return;
    }
    let run = Command::new("node")
        .arg(repo.join("benches/search-bytes.mjs"))
        .arg(&out)
        .current_dir(repo)
        .output();
    match run {
        Ok(o) if o.status.success() => {
            println!();
            println!(
                "First search on the bundled site (\"funeral\" on /search/, 400 ms RTT, 400 kbit/s):"
            );
            for line in String::from_utf8_lossy(&o.stdout).lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
                println!(
                    "  {:<13} page {:>7} B ({} ms); first search {:>7} B, results after {} ms ({} found)",
                    v["server"].as_str().unwrap_or("?"),
                    v["page_bytes"],
                    v["page_load_ms"],
                    v["first_search_bytes"],
                    v["first_search_ms"],
                    v["results"],
                );
                if let Some(files) = v["files"].as_array() {
                    for f in files {
                        println!("      {}", f.as_str().unwrap_or(""));
                    }
                }
            }
        }
        Ok(o) => println!(
            "first search: not measured ({})",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("node failed")
        ),
        Err(e) => println!("first search: not measured (node: {e})"),
    }
    let _ = fs::remove_dir_all(&out);
}
