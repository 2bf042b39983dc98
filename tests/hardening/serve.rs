//! §1 and §2 under `haven serve`: its writes and deletes stay inside the output folder and
//! replace links; the preview never answers with a file reached through a link.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::{Outside, built, canary_untouched, link};
use crate::common::Site;

/// `haven serve --port 0`, started from the site folder as staff do.
struct Preview {
    child: Child,
    port: u16,
    lines: Receiver<String>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    fn start(site: &Site) -> Preview {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
        cmd.args(["serve", "--port", "0"])
            .current_dir(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = crate::common::haven_env(&mut cmd).spawn().unwrap();
        let (tx, lines) = channel();
        for out in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for l in BufReader::new(out).lines().map_while(Result::ok) {
                    let _ = tx.send(l);
                }
            });
        }
        let mut p = Preview {
            child,
            port: 0,
            lines,
        };
        let line = p.wait_for("Serving the preview at http://");
        let addr = line.split("http://").nth(1).unwrap();
        p.port = addr
            .split('/')
            .next()
            .unwrap()
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        p
    }

    /// Waits for a line containing `text`; returns it.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = self.lines.recv_timeout(left) else {
                panic!(
                    "haven serve never said {text:?}; it said:\n{}",
                    seen.join("\n")
                );
            };
            if line.contains(text) {
                return line;
            }
            seen.push(line);
        }
    }

    fn get(&self, path: &str) -> u16 {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw);
        text.split(' ').nth(1).unwrap_or("0").parse().unwrap()
    }
}

fn is_link(p: &std::path::Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

#[test]
fn the_preview_never_answers_through_a_link() {
    let site = built();
    let outside = Outside::new();
    let preview = Preview::start(&site);
    link(outside.path("secret.txt"), site.path("public/leak.txt"));
    link(outside.path("folder"), site.path("public/elsewhere"));
    assert_eq!(preview.get("/about/"), 200);
    assert_eq!(preview.get("/leak.txt"), 404);
    assert_eq!(preview.get("/elsewhere/"), 404);
    assert_eq!(preview.get("/elsewhere/index.html"), 404);
    assert_eq!(preview.get("/%6ceak.txt"), 404);
    outside.untouched();
}

#[test]
fn live_writes_replace_links_and_deletes_do_not_follow_them() {
    let site = built();
    let outside = Outside::new();
    let preview = Preview::start(&site);
    // A page's file and a page's folder become links to outside.
    std::fs::remove_file(site.path("public/about/index.html")).unwrap();
    link(
        outside.path("secret.txt"),
        site.path("public/about/index.html"),
    );
    std::fs::remove_dir_all(site.path("public/news/second")).unwrap();
    link(outside.path("folder"), site.path("public/news/second"));

    let about = site.read("content/about.md");
    site.write(
        "content/about.md",
        about.replace("A short one.", "A longer one."),
    );
    preview.wait_for("Updated");
    assert!(!is_link(&site.path("public/about/index.html")));
    assert!(
        site.read("public/about/index.html")
            .contains("A longer one.")
    );
    outside.untouched();

    // Deleting the page whose folder is a link removes nothing through it.
    std::fs::remove_file(site.path("content/news/second.md")).unwrap();
    preview.wait_for("Rebuilt the site");
    outside.untouched();

    // A slug that would leave the output folder is refused; nothing is written for it.
    site.write(
        "content/news/first.md",
        format!(
            "---\ntitle: First item\nslug: {}\n---\n\nText.\n",
            outside.path("x").display()
        ),
    );
    preview.wait_for("error: the slug");
    outside.untouched();
    canary_untouched(&site);
}

#[test]
fn a_linked_content_folder_is_previewed_and_its_saves_show() {
    let site = built();
    let elsewhere = tempfile::tempdir().unwrap();
    crate::common::copy_tree(&site.path("content"), elsewhere.path());
    std::fs::remove_dir_all(site.path("content")).unwrap();
    link(elsewhere.path(), site.path("content"));
    let preview = Preview::start(&site);
    assert_eq!(preview.get("/about/"), 200);
    // Saved in the folder the link leads to, as an editor that opened it there would.
    let about = std::fs::read_to_string(elsewhere.path().join("about.md")).unwrap();
    std::fs::write(
        elsewhere.path().join("about.md"),
        about.replace("A short one.", "Saved elsewhere."),
    )
    .unwrap();
    preview.wait_for("Updated");
    assert!(
        site.read("public/about/index.html")
            .contains("Saved elsewhere.")
    );
    canary_untouched(&site);
}
