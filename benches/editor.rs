//! Editor benchmark: `cargo bench --bench editor`.
//!
//! Starts `haven serve` (the release binary cargo built for this bench) on the bundled site and
//! on the synthetic 10,000-page site (`synthetic.rs`, as `cargo bench --bench build` makes it),
//! opens the editor with the printed address, and types into one page's text: each keystroke
//! is one preview request (`POST /__haven/edit/api/preview`, the page rendered by the real
//! pipeline from the unsaved text, and checked), timed from sending to the whole answer.
//! Prints p50, p95 and max per site. In the browser the editor waits for a 250 ms pause in
//! typing before it asks, so what staff see is that pause plus these figures.
//!
//! Environment:
//! - `HAVEN_BENCH_PAGES=10000`  size of the synthetic site (0 skips it)
//! - `HAVEN_BENCH_KEYS=100`     keystrokes per site
//! - `HAVEN_BENCH_DIR=DIR`      generate there and keep the sites (default: a temp dir)

#[allow(dead_code)]
#[path = "synthetic.rs"]
mod synthetic;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

struct Serve {
    child: Child,
    port: u16,
    cookie: String,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &Path) -> Serve {
    let mut child = Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["serve", "--port", "0"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("haven serve starts");
    let out = BufReader::new(child.stdout.take().unwrap());
    for line in out.lines().map_while(Result::ok) {
        if let Some(url) = line.strip_prefix("Edit the site in your browser: ") {
            let rest = url.trim_start_matches("http://127.0.0.1:");
            let port: u16 = rest.split('/').next().unwrap().parse().unwrap();
            let token = rest.split("token=").nth(1).unwrap().trim().to_string();
            return Serve {
                child,
                port,
                cookie: format!("haven_editor_{port}={token}"),
            };
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("haven serve printed no editor address");
}

fn post(s: &Serve, path: &str, body: &str) -> (u16, usize) {
    let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nOrigin: http://127.0.0.1:{p}\r\nCookie: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        s.cookie,
        body.len(),
        p = s.port
    );
    c.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    c.read_to_end(&mut raw).unwrap();
    let head = String::from_utf8_lossy(&raw[..raw.len().min(20)]).into_owned();
    (
        head.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0),
        raw.len(),
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn bench(name: &str, root: &Path, page: &str, keys: usize) {
    let started = Instant::now();
    let s = serve(root);
    let text = std::fs::read_to_string(root.join("content").join(page)).unwrap();
    let body = text.splitn(3, "+++").nth(2).unwrap_or("").to_string();
    let q = format!("/__haven/edit/api/preview?path={page}");
    let mut typed = body.clone();
    typed.push_str("\n\nStaff type here: ");
    // One request first, so that the first measured one is not the process warming up.
    let form = |b: &str| {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("body", b)
            .finish()
    };
    assert_eq!(post(&s, &q, &form(&typed)).0, 200, "the preview answers");
    let ready = started.elapsed();
    let mut times = Vec::with_capacity(keys);
    let mut bytes = 0;
    for i in 0..keys {
        typed.push(b"abcdefghij klmnopqrstuvwxyz."[i % 28] as char);
        let f = form(&typed);
        let t = Instant::now();
        let (status, n) = post(&s, &q, &f);
        times.push(t.elapsed());
        assert_eq!(status, 200);
        bytes = n;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: {keys} keystrokes on content/{page}: preview p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} KB answer; serve ready in {:.1} s)",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(*times.last().unwrap()),
        bytes / 1024,
        ready.as_secs_f64()
    );
}

fn main() {
    let keys = env_usize("HAVEN_BENCH_KEYS", 100);
    let pages = env_usize("HAVEN_BENCH_PAGES", 10_000);
    let keep = std::env::var_os("HAVEN_BENCH_DIR").map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bundled = dir.join("bundled");
    let _ = std::fs::remove_dir_all(&bundled);
    for part in ["content", "themes"] {
        copy_tree(&repo.join(part), &bundled.join(part));
    }
    std::fs::copy(repo.join("config.toml"), bundled.join("config.toml")).unwrap();
    println!(
        "Keystroke-to-preview latency (a 250 ms typing pause comes before each in the browser):"
    );
    bench("bundled site", &bundled, "about.md", keys);
    if pages > 0 {
        let root = dir.join(format!("synthetic-{pages}"));
        let _ = std::fs::remove_dir_all(&root);
        let spec = synthetic::SiteSpec::new(pages);
        synthetic::generate(&root, &spec).expect("the synthetic site is written");
        bench(
            &format!("{pages}-page site"),
            &root,
            &spec.page_path(0),
            keys,
        );
    }
}
