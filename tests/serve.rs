//! The preview server end to end: the real binary on a free port, real HTTP on 127.0.0.1.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::Site;

struct Server {
    child: Child,
    port: u16,
    /// What the server printed before it said where it serves.
    said: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Site, extra: &[&str]) -> (Server, Receiver<String>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.args(["serve", "--root"])
        .arg(site.root())
        .args(["--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = common::haven_env(&mut cmd).spawn().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = channel();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let err_tx = tx.clone();
    std::thread::spawn(move || {
        stderr
            .lines()
            .map_while(Result::ok)
            .for_each(|l| drop(err_tx.send(l)))
    });
    std::thread::spawn(move || {
        stdout
            .lines()
            .map_while(Result::ok)
            .for_each(|l| drop(tx.send(l)))
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut said = Vec::new();
    loop {
        let line = rx
            .recv_timeout(deadline - Instant::now())
            .expect("the server never said where it serves");
        said.push(line.clone());
        if let Some(rest) = line.split("http://").nth(1) {
            let port = rest
                .split('/')
                .next()
                .unwrap()
                .rsplit(':')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            return (Server { child, port, said }, rx);
        }
    }
}

/// A raw HTTP/1.1 request, so that paths reach the server exactly as written.
fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).unwrap_or("0").parse().unwrap();
    (status, head.to_lowercase(), body.to_string())
}

fn get(port: u16, path: &str) -> (u16, String, String) {
    request(port, "GET", path, &[])
}

/// Reads server-sent events from the live endpoint on a thread.
fn events(port: u16) -> Receiver<(String, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(
        b"GET /__haven/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
    )
    .unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                if tx.send((event.clone(), d.to_string())).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

fn wait_for(rx: &Receiver<(String, String)>, kind: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (e, d) = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("no `{kind}` event"));
        if e == kind {
            return d;
        }
    }
}

#[test]
fn edits_reload_the_page_and_errors_show_in_an_overlay() {
    let site = Site::fixture("basic");
    let (server, _log) = start(&site, &[]);
    let port = server.port;
    let (status, head, body) = get(port, "/news/first/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"));
    assert!(body.contains("The first item."));
    // The live script is added by the server only, never written to disk.
    assert!(body.contains("<script src=\"/__haven/live.js\" defer></script></body>"));
    assert!(
        !site
            .read("public/news/first/index.html")
            .contains("__haven")
    );
    let (status, _, js) = get(port, "/__haven/live.js");
    assert_eq!(status, 200);
    assert!(js.contains("EventSource"));

    let ev = events(port);
    assert_eq!(wait_for(&ev, "ok"), "{}");

    // A content edit: the page changes and a reload event names it.
    let text = site
        .read("content/news/first.md")
        .replace("The first item.", "The first item, edited.");
    site.write("content/news/first.md", text);
    let reload = wait_for(&ev, "reload");
    let reload: serde_json::Value = serde_json::from_str(&reload).unwrap();
    assert_eq!(reload["urls"], serde_json::json!(["/news/first/"]));
    assert!(
        get(port, "/news/first/")
            .2
            .contains("The first item, edited.")
    );

    // A template edit: pages using it change.
    let t = site.read("themes/plain/templates/page.html").replace(
        "<h1>{{ page.title }}</h1>",
        "<h1 class=\"edited\">{{ page.title }}</h1>",
    );
    site.write("themes/plain/templates/page.html", t);
    wait_for(&ev, "reload");
    assert!(
        get(port, "/about/")
            .2
            .contains("<h1 class=\"edited\">About us</h1>")
    );

    // A broken file: an errors event with file, line, message and hint; the rest of the site is
    // still served from the last good build.
    site.write(
        "content/news/second.md",
        "+++\ntitle = \"Second\"\ndate = \"soon\"\n+++\n",
    );
    let errors: serde_json::Value = serde_json::from_str(&wait_for(&ev, "errors")).unwrap();
    assert_eq!(errors[0]["path"], "content/news/second.md");
    assert_eq!(errors[0]["line"], 3);
    assert_eq!(
        errors[0]["message"],
        "front matter field `date` must look like 2026-12-03, found `soon`"
    );
    assert!(errors[0]["hint"].as_str().unwrap().contains("2026-12-03"));
    assert!(
        get(port, "/news/second/")
            .2
            .contains("The second item, newer.")
    );
    assert!(get(port, "/about/").2.contains("About us"));

    // Fixing it clears the overlay.
    site.write(
        "content/news/second.md",
        "+++\ntitle = \"Second item\"\ndate = \"2026-03-01T18:30\"\n+++\n\nFixed.\n",
    );
    wait_for(&ev, "ok");
    assert!(get(port, "/news/second/").2.contains("Fixed."));
}

#[test]
fn serves_only_files_inside_the_output() {
    let site = Site::fixture("basic");
    site.write("secret.txt", "do not serve");
    let (server, _log) = start(&site, &[]);
    let port = server.port;
    for path in [
        "/../secret.txt",
        "/../config.toml",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/news/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/news/%2e%2e/%2e%2e/secret.txt",
        "//etc/passwd",
        "/..\\secret.txt",
    ] {
        let (status, _, body) = get(port, path);
        assert!(matches!(status, 400 | 403 | 404), "{path} gave {status}");
        assert!(
            !body.contains("do not serve") && !body.contains("root:x:0"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn http_details_types_404_head_and_conditional_get() {
    let site = Site::fixture("basic");
    let (server, _log) = start(&site, &[]);
    let port = server.port;
    let (status, head, body) = get(port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the theme's 404 page");
    assert!(head.contains("content-type: text/html"));
    let css = site.html("public/index.html");
    let href = common::attrs(&css, "link[rel=stylesheet]", "href").remove(0);
    let (status, head, _) = get(port, &href);
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"), "{head}");
    let (_, head, _) = get(port, "/news/atom.xml");
    assert!(head.contains("xml"), "{head}");
    let (status, head, body) = request(port, "HEAD", "/about/", &[]);
    assert_eq!(status, 200);
    assert!(body.is_empty());
    assert!(head.contains("last-modified: "), "{head}");
    let etag = head
        .lines()
        .find_map(|l| l.strip_prefix("etag: "))
        .expect("etag")
        .to_string();
    let (status, _, body) = request(port, "GET", "/about/", &[("If-None-Match", &etag)]);
    assert_eq!(status, 304);
    assert!(body.is_empty());
    let (_, css_head, _) = request(port, "HEAD", &href, &[]);
    let css_etag = css_head
        .lines()
        .find_map(|l| l.strip_prefix("etag: "))
        .unwrap()
        .to_string();
    assert_eq!(
        request(port, "GET", &href, &[("If-None-Match", &css_etag)]).0,
        304
    );
}

#[test]
fn binds_to_loopback_unless_told_otherwise() {
    let site = Site::fixture("basic");
    let (server, _log) = start(&site, &[]);
    assert!(
        server.said.last().unwrap().contains("http://127.0.0.1:"),
        "{:?}",
        server.said
    );
    assert!(
        !server.said.iter().any(|l| l.contains("other computers")),
        "{:?}",
        server.said
    );
    drop(server);
    let (server, _log) = start(&site, &["--bind", "0.0.0.0"]);
    assert!(
        server
            .said
            .iter()
            .any(|l| l.contains("other computers on your network can reach")),
        "serving beyond loopback must say so: {:?}",
        server.said
    );
}
