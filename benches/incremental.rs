//! Incremental rebuild under `haven serve`: edit one page's text, time until its rebuilt file
//! is on disk (the measure: from the file write to the rebuilt file), many times over,
//! and watch the server's memory across the edits.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::synthetic::SiteSpec;

/// How long one edit may take before the bench gives up on it.
const EDIT_TIMEOUT: Duration = Duration::from_secs(10);

/// The figures of one incremental run.
pub struct Report {
    pub edits: usize,
    pub latencies_ms: Vec<f64>,
    /// (edits done, resident memory in MiB) every 50 edits.
    pub rss_mib: Vec<(usize, f64)>,
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `haven serve` on the site, then edits pages one after another.
pub fn run(haven: &Path, site: &Path, pages: usize, edits: usize) -> Result<Report, String> {
    let mut child = Command::new(haven)
        .args(["serve", "--port", "0", "--root"])
        .arg(site)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let server = Server(child);
    // Wait for the first full build: the server prints its address when it is ready.
    let mut lines = BufReader::new(stdout).lines();
    loop {
        match lines.next() {
            Some(Ok(l)) if l.contains("http://") => break,
            Some(Ok(_)) => {}
            _ => return Err("haven serve exited before serving".into()),
        }
    }
    std::thread::spawn(move || for _ in lines {});
    let pid = server.0.id();
    let spec = SiteSpec::new(pages);
    let mut report = Report {
        edits,
        latencies_ms: Vec::with_capacity(edits),
        rss_mib: vec![(0, rss_mib(pid))],
    };
    for i in 0..edits {
        // Spread edits over the site; each adds a unique word to the first paragraph.
        let id = (i * 7919) % pages;
        let rel = spec.page_path(id);
        let source = site.join("content").join(&rel);
        let out = site
            .join("public")
            .join(rel.trim_end_matches(".md"))
            .join("index.html");
        let text = fs::read_to_string(&source).map_err(|e| format!("{}: {e}", source.display()))?;
        let marker = format!("edit{i}marker");
        let edited = match text.find("\n\n") {
            Some(p) => format!("{}\n\n{marker} {}", &text[..p], &text[p + 2..]),
            None => format!("{text}\n{marker}\n"),
        };
        fs::write(&source, edited).map_err(|e| e.to_string())?;
        let written = Instant::now();
        loop {
            if fs::read_to_string(&out).is_ok_and(|html| html.contains(&marker)) {
                break;
            }
            if written.elapsed() > EDIT_TIMEOUT {
                return Err(format!("edit {i} of {rel} never reached {}", out.display()));
            }
            std::thread::sleep(Duration::from_micros(250));
        }
        report
            .latencies_ms
            .push(written.elapsed().as_secs_f64() * 1000.0);
        if (i + 1) % 50 == 0 {
            report.rss_mib.push((i + 1, rss_mib(pid)));
        }
    }
    Ok(report)
}

fn rss_mib(pid: u32) -> f64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kib| kib / 1024.0)
        .unwrap_or(0.0)
}

/// The value below which `p` percent of the samples fall (nearest rank).
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut v = samples.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

/// Prints p50, p95, max and the memory series.
pub fn print(pages: usize, r: &Report) {
    println!();
    println!(
        "Incremental rebuild under `haven serve` on the {pages}-page site ({} edits, each from the file write to the rebuilt file on disk):",
        r.edits
    );
    println!(
        "  p50 {:.1} ms   p95 {:.1} ms   max {:.1} ms",
        percentile(&r.latencies_ms, 50.0),
        percentile(&r.latencies_ms, 95.0),
        percentile(&r.latencies_ms, 100.0)
    );
    let series: Vec<String> = r
        .rss_mib
        .iter()
        .map(|(n, m)| format!("{n}: {m:.0}"))
        .collect();
    println!(
        "  server memory (RSS MiB after N edits): {}",
        series.join(", ")
    );
    if let (Some(first), Some(last)) = (r.rss_mib.get(1), r.rss_mib.last()) {
        println!(
            "  memory change from edit {} to edit {}: {:+.1} MiB",
            first.0,
            last.0,
            last.1 - first.1
        );
    }
}
