//! The editor inside `haven serve`, end to end: the real binary started in the site folder as
//! staff start it (only `--port 0` differs), real HTTP on 127.0.0.1, real files and a real git
//! repository. Every refusal is checked to have written nothing.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::{Site, snapshot};

struct Server {
    child: Child,
    port: u16,
    token: String,
    /// What it printed up to the editor's address (or the line saying the editor is off).
    said: Vec<String>,
    lines: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The sessions fixture with the bundled theme, kept in git (with a first commit).
fn site() -> Site {
    let site = Site::fixture("sessions-basic");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &site.path("themes"),
    );
    site
}

fn start(site: &Site, extra: &[&str]) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.arg("serve")
        .current_dir(site.root())
        .args(["--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = common::haven_env(&mut cmd).spawn().unwrap();
    let (tx, rx) = channel();
    for out in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            BufReader::new(out)
                .lines()
                .map_while(Result::ok)
                .for_each(|l| drop(tx.send(l)))
        });
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    let (mut port, mut token) = (0, String::new());
    let mut said = Vec::new();
    let mut off = false;
    while port == 0 || (token.is_empty() && !off) {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the server never printed the editor's address");
        said.push(line.clone());
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            port = rest.split('/').next().unwrap().parse().unwrap();
        }
        if let Some(t) = line.split("token=").nth(1) {
            token = t.trim().to_string();
        }
        off |= line.contains("The editor is off");
    }
    Server {
        child,
        port,
        token,
        said,
        lines: rx,
    }
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// One HTTP/1.1 request exactly as written (headers included), so refusals can be provoked.
fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Answer {
        status: head.split(' ').nth(1).unwrap_or("0").parse().unwrap(),
        head: head.to_lowercase(),
        body: body.to_string(),
    }
}

impl Server {
    fn cookie(&self) -> String {
        format!("haven_editor_{}={}", self.port, self.token)
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn get(&self, path: &str) -> Answer {
        http(self.port, "GET", path, &[("Cookie", &self.cookie())], b"")
    }

    /// A form post as the editor's own page sends it.
    fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        http(
            self.port,
            "POST",
            path,
            &[
                ("Cookie", &self.cookie()),
                ("Origin", &self.origin()),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            body.as_bytes(),
        )
    }

    /// Waits until the preview's `path` contains `text` (the watcher rebuilds after a save).
    fn wait_for_page(&self, path: &str, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let a = http(self.port, "GET", path, &[], b"");
            if a.status == 200 && a.body.contains(text) {
                return a.body;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never showed {text:?}; last answer {}:\n{}",
                a.status,
                a.body
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The `base` fingerprint the form carries for a page.
fn base_of(form_html: &str) -> String {
    form_html
        .split("name=\"base\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the form has a base fingerprint")
        .to_string()
}

#[test]
fn the_printed_address_signs_the_browser_in_with_a_strict_http_only_cookie() {
    let site = site();
    let server = start(&site, &[]);
    assert_eq!(server.token.len(), 48);
    let a = http(
        server.port,
        "GET",
        &format!("/__haven/edit/?token={}", server.token),
        &[],
        b"",
    );
    assert_eq!(a.status, 303);
    assert!(
        a.head.contains("location: /__haven/edit/\r\n"),
        "{}",
        a.head
    );
    assert!(
        a.head.contains(&format!(
            "set-cookie: haven_editor_{}={}; path=/__haven/edit; httponly; samesite=strict",
            server.port, server.token
        )),
        "{}",
        a.head
    );
    let dash = server.get("/__haven/edit/");
    assert_eq!(dash.status, 200);
    assert!(dash.body.contains("Fair Haven"), "{}", dash.body);
    assert!(dash.head.contains("frame-ancestors 'none'"));
    // Preview pages link to the editor (their live script adds the link); files on disk do not.
    let script = http(server.port, "GET", "/__haven/live.js", &[], b"");
    assert!(script.body.contains("EventSource"), "{}", script.body);
    assert!(
        script.body.contains("/__haven/edit/open?url=") && script.body.contains("Edit this page")
    );
    let page = http(server.port, "GET", "/sessions/", &[], b"");
    assert!(
        page.body
            .contains("<script src=\"/__haven/live.js\" defer></script>")
    );
    assert!(!site.read("public/sessions/index.html").contains("__haven"));
}

#[test]
fn with_bind_to_another_address_the_editor_is_off_and_the_terminal_says_why() {
    let site = site();
    let server = start(&site, &["--bind", "0.0.0.0"]);
    assert!(server.token.is_empty());
    let a = http(server.port, "GET", "/__haven/edit/", &[], b"");
    assert_eq!(a.status, 404, "the editor answered: {}", a.body);
    let off = server.said.iter().find(|l| l.contains("editor")).unwrap();
    insta::assert_snapshot!(off, @"The editor is off: with --bind 0.0.0.0, other computers can reach this preview, and the editor can change files. To edit in the browser, start `haven serve` without --bind.");
    assert!(server.lines.try_iter().all(|l| !l.contains("token=")));
}

#[test]
fn each_refusal_writes_nothing() {
    let site = site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("note.md"), "+++\ntitle = \"x\"\n+++\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), site.path("content/elsewhere")).unwrap();
    let server = start(&site, &[]);
    let before = snapshot(site.root());
    let outside_before = snapshot(outside.path());
    let form = server.get("/__haven/edit/page?path=help.md");
    assert_eq!(form.status, 200, "{}", form.body);
    let base = base_of(&form.body);
    let save = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("base", base.as_str()),
            ("f.title", "Changed by an attacker"),
        ])
        .finish();
    let cookie = server.cookie();
    let origin = server.origin();
    let form_type = ("Content-Type", "application/x-www-form-urlencoded");
    let cases: Vec<(&str, Answer, &str)> = vec![
        (
            "a cross-origin POST",
            http(
                server.port,
                "POST",
                "/__haven/edit/api/save?path=help.md",
                &[
                    ("Cookie", &cookie),
                    ("Origin", "http://evil.example"),
                    form_type,
                ],
                save.as_bytes(),
            ),
            "Refused: changes are only accepted from the editor's own pages.",
        ),
        (
            "a POST without Origin",
            http(
                server.port,
                "POST",
                "/__haven/edit/api/save?path=help.md",
                &[("Cookie", &cookie), form_type],
                save.as_bytes(),
            ),
            "Refused: changes are only accepted from the editor's own pages.",
        ),
        (
            "a wrong Host (DNS rebinding)",
            http(
                server.port,
                "POST",
                "/__haven/edit/api/save?path=help.md",
                &[
                    ("Host", "attacker.example"),
                    ("Cookie", &cookie),
                    ("Origin", "http://attacker.example"),
                    form_type,
                ],
                save.as_bytes(),
            ),
            "could be another website trying to read the preview",
        ),
        (
            "a missing token",
            http(
                server.port,
                "POST",
                "/__haven/edit/api/save?path=help.md",
                &[("Origin", &origin), form_type],
                save.as_bytes(),
            ),
            "Refused: open the editor with the address `haven serve` printed in the terminal; it holds a key for this run.",
        ),
        (
            "a missing token, reading a draft",
            http(
                server.port,
                "GET",
                "/__haven/edit/page?path=help.md",
                &[],
                b"",
            ),
            "Refused: open the editor with the address `haven serve` printed in the terminal; it holds a key for this run.",
        ),
        (
            "`../` in a path",
            server.post(
                "/__haven/edit/api/save?path=../config.md",
                &[("base", &base), ("f.title", "x")],
            ),
            "the address names a file outside content/ (`..`, `\\` or a hidden folder)",
        ),
        (
            "an absolute path",
            server.post(
                "/__haven/edit/api/save?path=/etc/passwd.md",
                &[("base", &base), ("f.title", "x")],
            ),
            "the address names a file outside the site (an absolute path)",
        ),
        (
            "a symlink out of content/",
            server.post(
                "/__haven/edit/api/save?path=elsewhere/note.md",
                &[("base", &base), ("f.title", "x"), ("body", "x")],
            ),
            "the file or a folder on its way is a link that leads outside content/",
        ),
        (
            "a new page through a symlink out of content/",
            server.post("/__haven/edit/api/image?path=elsewhere/index.md&alt=x", &[]),
            "",
        ),
    ];
    for (what, answer, words) in &cases {
        assert!(
            [400, 403, 421].contains(&answer.status),
            "{what}: answered {}:\n{}",
            answer.status,
            answer.body
        );
        assert!(answer.body.contains(words), "{what}: said {}", answer.body);
    }
    assert_eq!(
        snapshot(site.root()),
        before,
        "a refused request changed the site"
    );
    assert_eq!(
        snapshot(outside.path()),
        outside_before,
        "a refused request wrote outside"
    );
    insta::assert_snapshot!(
        cases
            .iter()
            .take(4)
            .map(|(w, a, _)| format!("{w}: {} {}", a.status, a.body.replace(&server.port.to_string(), "PORT")))
            .collect::<Vec<_>>()
            .join("\n"),
        @r"
    a cross-origin POST: 403 Refused: changes are only accepted from the editor's own pages.
    a POST without Origin: 403 Refused: changes are only accepted from the editor's own pages.
    a wrong Host (DNS rebinding): 421 This preview answers only at the addresses it printed when it started, such as http://127.0.0.1:PORT/.
    It was asked for as “attacker.example”, which could be another website trying to read the preview (drafts included) through this computer, so it did not answer.

    a missing token: 403 Refused: open the editor with the address `haven serve` printed in the terminal; it holds a key for this run.
    "
    );
}

#[test]
fn saving_changes_only_what_changed_and_never_overwrites_a_file_changed_on_disk() {
    let site = site();
    let original = "+++\n# Staff notes: keep this comment.\ntitle = \"Help\"   # the page title\nweight = 3\nunknown_to_the_form = { x = 1 }\n[extra]\nicon = \"star\"\n+++\n\nAsk us.\n";
    // `unknown_to_the_form` is not a front matter field: use `extra` for free values.
    let original = original.replace("unknown_to_the_form = { x = 1 }\n", "");
    site.write("content/help.md", &original);
    let server = start(&site, &[]);
    let form = server.get("/__haven/edit/page?path=help.md");
    let base = base_of(&form.body);
    // Saving without a change writes the same bytes.
    let same = server.post(
        "/__haven/edit/api/save?path=help.md",
        &[
            ("base", &base),
            ("f.title", "Help"),
            ("f.weight", "3"),
            ("f.draft", "false"),
            ("body", "\r\nAsk us.\r\n"),
        ],
    );
    assert_eq!(same.status, 200, "{}", same.body);
    assert_eq!(site.read("content/help.md"), original);
    let changed = server.post(
        "/__haven/edit/api/save?path=help.md",
        &[
            ("base", &base),
            ("f.title", "Help and contacts"),
            ("f.weight", "3"),
            ("body", "\r\nAsk us any time.\r\n"),
        ],
    );
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(
        site.read("content/help.md"),
        "+++\n# Staff notes: keep this comment.\ntitle = \"Help and contacts\"   # the page title\nweight = 3\n[extra]\nicon = \"star\"\n+++\n\nAsk us any time.\n"
    );
    let new_base: serde_json::Value = serde_json::from_str(&changed.body).unwrap();
    // Someone else changes the file; a save with the fingerprint from before is refused, and
    // both versions are shown.
    site.write(
        "content/help.md",
        "+++\ntitle = \"Help (edited in another program)\"\n+++\n",
    );
    let conflict = server.post(
        "/__haven/edit/page?path=help.md",
        &[
            ("base", new_base["base"].as_str().unwrap()),
            ("f.title", "Mine"),
            ("body", "My text"),
        ],
    );
    assert_eq!(conflict.status, 409);
    assert!(
        conflict
            .body
            .contains("This page was changed while you were editing it")
    );
    assert!(conflict.body.contains("Help (edited in another program)"));
    assert!(conflict.body.contains("My text"));
    assert_eq!(
        site.read("content/help.md"),
        "+++\ntitle = \"Help (edited in another program)\"\n+++\n"
    );
    // No temporary file is left in content/.
    let stray: Vec<_> = std::fs::read_dir(site.path("content"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".haven-edit"))
        .collect();
    assert!(stray.is_empty());
}

#[test]
fn a_new_session_from_the_form_is_listed_and_in_the_calendar_and_mistakes_show_at_their_field() {
    let site = site();
    let server = start(&site, &[]);
    let fields = [
        ("f.title", "Dixwell listening session"),
        ("f.event.start@date", "2026-12-08"),
        ("f.event.start@time", "18:00"),
        ("f.event.end@date", ""),
        ("f.event.end@time", "17:00"),
        ("f.event.status", "scheduled"),
        ("m.event.location", "off"),
        ("m.event.location", "on"),
        ("f.event.location.venue", "Dixwell library"),
        ("f.event.location.address", "1 Example Street"),
        ("m.event.online", "off"),
        ("body", "\r\n## Agenda\r\n"),
    ];
    let before = snapshot(site.root());
    let preview = server.post("/__haven/edit/api/preview?kind=session", &fields);
    assert_eq!(preview.status, 200, "{}", preview.body);
    let v: serde_json::Value = serde_json::from_str(&preview.body).unwrap();
    let end = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["field"] == "event.end")
        .unwrap_or_else(|| panic!("no problem at the end field: {v:#}"));
    assert_eq!(
        end["message"],
        "the session ends (2026-12-08 17:00) before it starts (2026-12-08 18:00)"
    );
    assert_eq!(
        v["count"], "1 error, 0 warnings.",
        "one of each word, as staff read it"
    );
    assert_eq!(snapshot(site.root()), before, "the preview wrote something");
    let mut fixed = fields.to_vec();
    fixed[4] = ("f.event.end@time", "19:30");
    let made = server.post("/__haven/edit/new?kind=session", &fixed);
    assert_eq!(made.status, 303, "{}", made.body);
    assert!(
        made.head.contains(
            "location: /__haven/edit/page?path=sessions%2fdixwell-listening-session.md&created=1"
        ),
        "{}",
        made.head
    );
    assert_eq!(
        site.read("content/sessions/dixwell-listening-session.md"),
        "+++\ntitle = \"Dixwell listening session\"\n\n[event]\nstart = 2026-12-08T18:00\nend = 2026-12-08T19:30\nstatus = \"scheduled\"\n\n[event.location]\nvenue = \"Dixwell library\"\naddress = \"1 Example Street\"\n+++\n\n## Agenda\n"
    );
    server.wait_for_page("/sessions/", "Dixwell listening session");
    let ics = server.wait_for_page("/sessions/calendar.ics", "Dixwell listening session");
    assert!(
        ics.contains("DTSTART;TZID=America/New_York:20261208T180000"),
        "{ics}"
    );
    // The same title again is refused, and the file stays as it was.
    let again = server.post("/__haven/edit/new?kind=session", &fixed);
    assert_eq!(again.status, 400);
    assert!(
        again
            .body
            .contains("content/sessions/dixwell-listening-session.md already exists")
    );
}

/// A small JPEG carrying EXIF with a GPS position and a camera serial number.
fn photo_with_location() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&img)
        .unwrap();
    // A little-endian TIFF block: IFD0 with the camera's serial (0xA431 in Exif IFD is the
    // standard place; here a BodySerialNumber tag in IFD0 for brevity) and a GPS IFD pointer.
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = tag.to_le_bytes().to_vec();
        e.extend(kind.to_le_bytes());
        e.extend(count.to_le_bytes());
        e.extend(value.to_le_bytes());
        e
    };
    // IFD0 at 8: 2 entries, then next-IFD 0. Serial text at 38, GPS IFD at 50.
    t.extend(2u16.to_le_bytes());
    t.extend(entry(0xA431, 2, 12, 38));
    t.extend(entry(0x8825, 4, 1, 50));
    t.extend(0u32.to_le_bytes());
    t.extend(b"SN-12345678\0");
    // GPS IFD at 50: latitude ref N and latitude 41/1, 18/1, 30/1 (rationals at 80).
    t.extend(2u16.to_le_bytes());
    t.extend(entry(0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")));
    t.extend(entry(0x0002, 5, 3, 80));
    t.extend(0u32.to_le_bytes());
    for (n, d) in [(41u32, 1u32), (18, 1), (30, 1)] {
        t.extend(n.to_le_bytes());
        t.extend(d.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(&t);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

#[test]
fn an_uploaded_photo_keeps_no_location_serial_or_time() {
    let site = site();
    std::fs::create_dir_all(site.path("content/sessions/bundle")).unwrap();
    site.write(
        "content/sessions/bundle/index.md",
        "+++\ntitle = \"A page with photos\"\n+++\n\nText.\n",
    );
    let server = start(&site, &[]);
    let photo = photo_with_location();
    // The test photo really carries what must go.
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&photo))
        .expect("the test photo has EXIF");
    assert!(
        exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
            .is_some()
    );
    let send = |path: &str| {
        http(
            server.port,
            "POST",
            path,
            &[
                ("Cookie", &server.cookie()),
                ("Origin", &server.origin()),
                ("Content-Type", "image/jpeg"),
            ],
            &photo,
        )
    };
    let without_alt =
        send("/__haven/edit/api/image?path=sessions/bundle/index.md&name=IMG_0001.JPG");
    assert_eq!(without_alt.status, 400);
    assert!(
        without_alt
            .body
            .contains("describe the image for people who cannot see it")
    );
    let a = send(
        "/__haven/edit/api/image?path=sessions/bundle/index.md&name=IMG_0001.JPG&alt=Residents%20at%20the%20library",
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    assert_eq!(v["file"], "content/sessions/bundle/img-0001.jpg");
    assert_eq!(v["markdown"], "![Residents at the library](img-0001.jpg)");
    let stored = std::fs::read(site.path("content/sessions/bundle/img-0001.jpg")).unwrap();
    assert!(
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(&stored))
            .is_err(),
        "the stored photo still has EXIF"
    );
    assert!(!stored.windows(6).any(|w| w == b"Exif\0\0"));
    assert!(!stored.windows(11).any(|w| w == b"SN-12345678"));
    let decoded = image::load_from_memory(&stored).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (64, 48));
    // A page that is not a bundle gets its images in static/images/.
    let b = send("/__haven/edit/api/image?path=help.md&name=photo.jpg&decorative=true");
    let v: serde_json::Value = serde_json::from_str(&b.body).unwrap();
    assert_eq!(v["markdown"], "![](/images/photo.jpg \"decorative\")");
    assert!(site.path("static/images/photo.jpg").is_file());
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn publish_commits_and_pushes_to_a_bare_repository_and_explains_gits_errors() {
    let site = site();
    let root = site.root();
    site.write(".gitignore", "/public\n");
    git(root, &["init", "-q", "-b", "main"]);
    // No remote yet: publishing says so in plain words.
    git(root, &["add", "-A"]);
    git(
        root,
        &[
            "-c",
            "user.name=Setup",
            "-c",
            "user.email=setup@example.org",
            "commit",
            "-q",
            "-m",
            "First",
        ],
    );
    let server = start(&site, &[]);
    let form = server.get("/__haven/edit/page?path=help.md");
    let base = base_of(&form.body);
    let saved = server.post(
        "/__haven/edit/api/save?path=help.md",
        &[("base", &base), ("f.title", "Help and contacts")],
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    let page = server.get("/__haven/edit/publish");
    assert!(
        page.body
            .contains("Edited</span> <code>content/help.md</code>"),
        "{}",
        page.body
    );
    let no_remote = server.post(
        "/__haven/edit/publish",
        &[
            ("message", "Help page renamed"),
            ("name", "Ana Staff"),
            ("email", "ana@example.org"),
        ],
    );
    assert!(
        no_remote.body.contains("there is no place to publish to"),
        "{}",
        no_remote.body
    );
    // With a bare repository as the remote, it is committed and pushed.
    let remote = tempfile::tempdir().unwrap();
    git(remote.path(), &["init", "-q", "--bare", "-b", "main"]);
    git(
        root,
        &["remote", "add", "origin", remote.path().to_str().unwrap()],
    );
    git(root, &["push", "-q", "-u", "origin", "main"]);
    let done = server.post(
        "/__haven/edit/publish",
        &[
            ("message", "Help page renamed"),
            ("name", "Ana Staff"),
            ("email", "ana@example.org"),
        ],
    );
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("Published. Change"), "{}", done.body);
    let log = git(
        remote.path(),
        &["log", "-1", "--format=%an <%ae>|%s", "main"],
    );
    assert_eq!(log.trim(), "Ana Staff <ana@example.org>|Help page renamed");
    let files = git(remote.path(), &["show", "--name-only", "--format=", "main"]);
    assert_eq!(files.trim(), "content/help.md");
    // Someone else publishes first: the push is refused, in plain words, with a way on.
    let other = tempfile::tempdir().unwrap();
    git(
        other.path(),
        &["clone", "-q", remote.path().to_str().unwrap(), "c"],
    );
    let clone = other.path().join("c");
    std::fs::write(
        clone.join("content/sessions/_index.md"),
        "+++\ntitle = \"Sessions\"\ntemplate = \"sessions.html\"\n+++\n\nAll sessions.\n",
    )
    .unwrap();
    git(
        &clone,
        &[
            "-c",
            "user.name=B",
            "-c",
            "user.email=b@example.org",
            "commit",
            "-q",
            "-am",
            "Other change",
        ],
    );
    git(&clone, &["push", "-q"]);
    let form = server.get("/__haven/edit/page?path=help.md");
    server.post(
        "/__haven/edit/api/save?path=help.md",
        &[("base", &base_of(&form.body)), ("f.title", "Help")],
    );
    let rejected = server.post("/__haven/edit/publish", &[("message", "Title back")]);
    assert!(
        rejected
            .body
            .contains("someone else published changes first"),
        "{}",
        rejected.body
    );
    assert!(
        rejected
            .body
            .contains("Bring in their changes, then publish")
    );
    let merged = server.post("/__haven/edit/publish", &[("action", "bring-in")]);
    assert_eq!(merged.status, 200, "{}", merged.body);
    let subjects = git(remote.path(), &["log", "--format=%s", "main"]);
    assert!(
        subjects.contains("Title back") && subjects.contains("Other change"),
        "{subjects}"
    );
}

#[test]
fn a_translation_starts_from_its_source_marked_unreviewed() {
    let site = site();
    let server = start(&site, &[]);
    let offer = server.get("/__haven/edit/translate?path=help.md&lang=es");
    assert_eq!(offer.status, 200, "{}", offer.body);
    assert!(offer.body.contains("Start the Spanish version"));
    let made = server.post("/__haven/edit/translate?path=help.md&lang=es", &[]);
    assert_eq!(made.status, 303, "{}", made.body);
    let text = site.read("content/help.es.md");
    assert!(text.contains("reviewed = false"), "{text}");
    assert!(text.contains("draft = true"), "{text}");
    assert!(text.contains("source_hash = \""), "{text}");
    let form = server.get("/__haven/edit/page?path=help.es.md");
    assert!(
        form.body.contains(
            "The English page has not changed since this translation was marked up to date."
        ),
        "{}",
        form.body
    );
}
