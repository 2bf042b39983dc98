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

/// Starts `haven serve` the way README says staff start it: in the site folder, no `--root`;
/// only the port differs (`--port 0`, a free one).
fn start(site: &Site, extra: &[&str]) -> (Server, Receiver<String>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.arg("serve")
        .current_dir(site.root())
        .args(["--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Waited on by `Server`'s Drop, or by the panic below that ends the test.
    #[allow(clippy::zombie_processes)]
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
    parse_response(&raw)
}

/// (status, head in lower case, body), the body decoded when it came in chunks.
fn parse_response(raw: &[u8]) -> (u16, String, String) {
    let text = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0);
    let head = head.to_lowercase();
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, head, body)
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = &after[n + 2..];
    }
    out
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
            } else if let Some(d) = line.strip_prefix("data: ")
                && tx.send((event.clone(), d.to_string())).is_err()
            {
                return;
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

/// `haven serve --strict`: a warning holds the preview back as it would fail
/// `haven build --strict`, and shows over the page until it is fixed.
#[test]
fn strict_preview_holds_back_on_warnings() {
    let site = Site::fixture("basic");
    // One language, so that the fixture has no warnings to begin with.
    std::fs::remove_file(site.path("content/about.es.md")).unwrap();
    let config = site.read("config.toml").replace(
        "[languages.es]\nname = \"Español\"\ntitle = \"Sitio de prueba\"\n",
        "",
    );
    site.write("config.toml", config);
    let (server, _log) = start(&site, &["--strict"]);
    let port = server.port;
    let ev = events(port);
    assert_eq!(wait_for(&ev, "ok"), "{}");

    let first = site.read("content/news/first.md");
    site.write(
        "content/news/first.md",
        first
            .replace(
                "title: First item",
                "title: First item\nverify: [\"The date.\"]",
            )
            .replace("The first item.", "The first item, held back."),
    );
    let errors: serde_json::Value = serde_json::from_str(&wait_for(&ev, "errors")).unwrap();
    assert_eq!(errors[0]["path"], "content/news/first.md");
    assert_eq!(errors[0]["line"], 3);
    assert_eq!(errors[0]["message"], "fact to verify: The date.");
    assert!(get(port, "/news/first/").2.contains("The first item."));

    site.write(
        "content/news/first.md",
        first.replace("The first item.", "The first item, written."),
    );
    wait_for(&ev, "ok");
    assert!(
        get(port, "/news/first/")
            .2
            .contains("The first item, written.")
    );
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
    // 0.0.0.0 is where it listens, not an address anyone can open: the first line names this
    // computer's own address, the next ones where others on the network can open it.
    let first = server.said.last().unwrap().clone();
    assert!(first.contains("http://127.0.0.1:"), "{first}");
    // The editor's "off" line comes on the other stream, so it may arrive among these.
    let next: Vec<String> = std::iter::from_fn(|| _log.recv_timeout(Duration::from_secs(5)).ok())
        .filter(|l| !l.starts_with("The editor is off"))
        .take(2)
        .collect();
    assert!(
        next[0].starts_with("Other computers on your network can open it at http://"),
        "{next:?}"
    );
    assert!(
        next[1].contains("anyone on your network can see the preview"),
        "{next:?}"
    );
    assert!(
        !first.contains("0.0.0.0") && next.iter().all(|l| !l.contains("0.0.0.0")),
        "{first} {next:?}"
    );
}

/// Waits until `path` answers with a body for which `ok` holds.
#[track_caller]
fn eventually(port: u16, path: &str, what: &str, ok: impl Fn(u16, &str) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, _, body) = get(port, path);
        if ok(status, &body) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {path} gave {status}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_preview_started_in_the_site_folder_shows_every_kind_of_save_and_stops_on_ctrl_c() {
    let site = Site::fixture("basic");
    let (mut server, _log) = start(&site, &[]);
    let port = server.port;
    let has = |text: &'static str| move |s: u16, b: &str| s == 200 && b.contains(text);

    site.write(
        "content/about.md",
        site.read("content/about.md") + "\nA sentence saved just now.\n",
    );
    eventually(
        port,
        "/about/",
        "a page edit",
        has("A sentence saved just now."),
    );

    // A folder made after the preview started, with a page written into it at once.
    site.write(
        "content/events/picnic.md",
        "+++\ntitle = \"Picnic\"\n+++\n\nBring a chair.\n",
    );
    eventually(
        port,
        "/events/picnic/",
        "a page in a new folder",
        has("Bring a chair."),
    );

    let config = site
        .read("config.toml")
        .replace("Plain words.", "Plainer words.");
    site.write(
        "config.toml",
        config.replace("Fixture Site", "Renamed Site"),
    );
    eventually(port, "/", "a config.toml edit", has("Renamed Site"));

    site.write(
        "themes/plain/templates/404.html",
        site.read("themes/plain/templates/404.html")
            .replace("Page not found", "Nothing here"),
    );
    eventually(port, "/no/such/", "a template edit", |_, b| {
        b.contains("Nothing here")
    });
    let css = site.read("themes/plain/static/css/site.css") + "\nmain { margin: 0 }\n";
    site.write("themes/plain/static/css/site.css", &css);
    eventually(port, "/about/", "a CSS edit", |_, b| {
        let doc = scraper::Html::parse_document(b);
        let href = common::attrs(&doc, "link[rel=stylesheet]", "href").remove(0);
        get(port, &href).2.contains("main { margin: 0 }")
    });

    site.write("static/notes.txt", "New notes.");
    eventually(port, "/notes.txt", "a static file edit", has("New notes."));
    site.write("static/added.txt", "Added later.");
    eventually(port, "/added.txt", "a new static file", has("Added later."));

    std::fs::rename(site.path("content/events"), site.path("content/outings")).unwrap();
    eventually(
        port,
        "/outings/picnic/",
        "a renamed folder",
        has("Bring a chair."),
    );
    eventually(
        port,
        "/events/picnic/",
        "the old address of a renamed folder",
        |s, _| s == 404,
    );

    std::fs::remove_file(site.path("content/news/second.md")).unwrap();
    eventually(port, "/news/second/", "a deleted page", |s, _| s == 404);

    // Ctrl-C while a tab holds the reload stream open.
    let ev = events(port);
    wait_for(&ev, "ok");
    let sent = Instant::now();
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    loop {
        if let Some(code) = server.child.try_wait().unwrap() {
            assert!(code.success(), "exit status {code}");
            break;
        }
        assert!(
            sent.elapsed() < Duration::from_secs(1),
            "haven serve was still running 1 s after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let said: Vec<String> = _log.try_iter().collect();
    assert!(
        said.iter().any(|l| l == "Stopped the preview."),
        "the terminal should say it stopped: {said:?}"
    );
}

/// Sends `raw` as it is and reads until the server closes: (status, head in lower case, body).
fn raw(port: u16, raw: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    parse_response(&out)
}

#[test]
fn answers_only_to_its_own_names() {
    let site = Site::fixture("basic");
    let (server, _log) = start(&site, &[]);
    let port = server.port;
    let asked = |host: &str, path: &str| {
        raw(
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _, body) = asked(&host, "/about/");
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("About us"), "{host}");
    }
    // A page on another site that points its name at this computer (DNS rebinding) gets
    // nothing: not pages, not drafts, not the live endpoints.
    for path in ["/", "/news/draft/", "/__haven/live.js", "/__haven/events"] {
        let (status, head, body) = asked(&format!("evil.example:{port}"), path);
        assert_eq!(status, 421, "{path}");
        assert!(head.contains("content-type: text/plain"), "{head}");
        assert_eq!(
            body,
            format!(
                "This preview answers only at the addresses it printed when it started, such as http://127.0.0.1:{port}/.\nIt was asked for as \u{201c}evil.example:{port}\u{201d}, which could be another website trying to read the preview (drafts included) through this computer, so it did not answer.\n"
            )
        );
    }
    // The name in an absolute request line counts, whatever `Host` says.
    let (status, _, _) = raw(
        port,
        &format!(
            "GET http://evil.example:{port}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status, 421);
    for host in [
        "localhost.evil.example",
        "127.0.0.1.nip.io",
        "evil.example:80",
    ] {
        assert_eq!(asked(host, "/").0, 421, "{host}");
    }
}

#[test]
fn with_bind_this_computers_name_is_answered_too() {
    let site = Site::fixture("basic");
    let (server, _log) = start(&site, &["--bind", "0.0.0.0"]);
    let port = server.port;
    let node = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .to_string();
    let (status, _, _) = raw(
        port,
        &format!("GET / HTTP/1.1\r\nHost: {node}:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 200, "{node}");
    let (status, _, _) = raw(
        port,
        &format!("GET / HTTP/1.1\r\nHost: {node}.evil.example:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 421);
}

#[test]
fn connections_that_never_finish_their_headers_are_closed() {
    let site = Site::fixture("basic");
    let (server, _log) = start(&site, &[]);
    let port = server.port;
    let started = Instant::now();
    // One sends half a request and stalls; one sends nothing at all.
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .unwrap();
    let mut silent = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let limit = Duration::from_secs(20);
    for s in [&mut slow, &mut silent] {
        s.set_read_timeout(Some(limit)).unwrap();
        let mut buf = [0u8; 256];
        // The server closes the connection (a read of 0 bytes, or a reset): not a timeout here.
        match s.read(&mut buf) {
            Ok(n) => assert!(
                n == 0 || String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 408"),
                "{:?}",
                String::from_utf8_lossy(&buf[..n])
            ),
            Err(e) => assert!(
                !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
                "still open after {limit:?}"
            ),
        }
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(9) && took < Duration::from_secs(15),
        "closed after {took:?}"
    );
    // The preview itself goes on answering.
    assert_eq!(get(port, "/about/").0, 200);
}

#[test]
fn a_range_of_a_page_is_answered_with_the_whole_page() {
    let site = Site::fixture("basic");
    let (server, _log) = start(&site, &[]);
    let port = server.port;
    let (status, head, whole) = get(port, "/about/");
    assert_eq!(status, 200);
    // The page grows by the live script, so ranges of the file would be ranges of another
    // text: pages do not offer them and a range request gets the whole page.
    assert!(!head.contains("accept-ranges"), "{head}");
    assert!(!head.contains("content-length"), "{head}");
    for range in ["bytes=0-9", "bytes=100-", "bytes=-20", "bytes=999999-"] {
        let (status, head, body) = request(port, "GET", "/about/", &[("Range", range)]);
        assert_eq!(status, 200, "{range}");
        assert!(!head.contains("content-range"), "{range}: {head}");
        assert_eq!(body, whole, "{range}");
    }
    let (status, head, _) = request(port, "HEAD", "/about/", &[]);
    assert_eq!(status, 200);
    assert!(
        !head.contains("content-length") && !head.contains("accept-ranges"),
        "{head}"
    );
    // Other files keep their ranges (a video can seek).
    let (status, head, body) = request(port, "GET", "/notes.txt", &[("Range", "bytes=0-3")]);
    assert_eq!(status, 206, "{head}");
    assert_eq!(body, &site.read("static/notes.txt")[..4]);
}

#[test]
fn a_large_page_gets_the_script_once_before_its_end() {
    let site = Site::fixture("basic");
    let para = "A line of text that makes this page long enough to arrive in many pieces.\n\n";
    site.write(
        "content/long.md",
        format!("+++\ntitle = \"Long\"\n+++\n\n{}", para.repeat(20_000)),
    );
    let (server, _log) = start(&site, &[]);
    let (status, _, body) = get(server.port, "/long/");
    assert_eq!(status, 200);
    let built = site.read("public/long/index.html");
    assert!(built.len() > 1_000_000, "{}", built.len());
    let tag = "<script src=\"/__haven/live.js\" defer></script>";
    assert_eq!(body.matches(tag).count(), 1);
    assert!(
        body.replace(tag, "") == built,
        "the page does not arrive whole, as built"
    );
    assert!(body.contains(&format!("{tag}</body>")));
}

#[test]
fn the_preview_keeps_going_when_nobody_reads_what_it_prints() {
    // Started with its output piped to something that stops reading at once
    // (`haven serve | head -1`, a tool that reads the address and closes).
    let site = Site::fixture("basic");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.args(["serve", "--port", "0"])
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = common::haven_env(&mut cmd).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let port = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|h| h.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .expect("the first line says where it serves");
    let mut server = Server {
        child,
        port,
        said: vec![first],
    };
    // The reader is gone; whatever the preview prints next must not stop it.
    site.write(
        "content/about.md",
        site.read("content/about.md") + "\nSaved after the reader left.\n",
    );
    eventually(port, "/about/", "a save after the reader left", |s, b| {
        s == 200 && b.contains("Saved after the reader left.")
    });
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the preview stopped: {:?}",
        server.said
    );
}
