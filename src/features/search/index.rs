//! The search index, built by pagefind (used as a library) from the pages as they are
//! rendered: only each page's `<main>`, one index per language (pagefind splits by
//! `<html lang>`), with titles and excerpts.
//!
//! Only pages written from a Markdown file are indexed: the build hands them to [`Tap`] as it
//! writes them. Alias redirects, printable sheets, notices for untranslated pages, the 404
//! page and the other pages features add are written elsewhere and never reach it; a page
//! marked `noindex` is left out too.
//!
//! Each page is read for the index (its words found, stemmed and counted: most of the work)
//! on the thread that rendered it, as it is written, so the reading is spread over every core
//! and done by the time the last page is. A thread of its own adds the read pages to the
//! index in the build's order, whatever order the render threads finish in, so that two builds
//! of the same site give the same index, and assembles the index at the end. (Reading pages
//! apart from the index, and much of the speed of assembling it, come from Haven's patch to
//! pagefind: vendor/pagefind/HAVEN-PATCH.md.)

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use pagefind::api::{PageReader, PagefindIndex, ReadPage, SyntheticFile};
use pagefind::options::PagefindServiceConfig;

use crate::diagnostic::Diagnostic;
use crate::fsio::IoError;
use crate::output::Sink;

/// Output files: path relative to the output folder, and bytes.
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// Parts of `<main>` that are not the page's words: heading self-links ("#"), footnote
/// numbers and back-links, a publication's "Cite this section" lines, and anything a theme
/// marks `data-search-ignore`. (pagefind already leaves out nav, forms, scripts and footers.)
const NOT_TEXT: &[&str] = &[
    ".heading-link",
    ".footnote-reference",
    ".footnote-backref",
    ".cite",
    "[data-search-ignore]",
];

/// A page as pagefind gets it: its language and its `<main>`, nothing else of the page.
/// `None` when the page has no `<main>` or is marked `noindex`.
pub fn reduce(html: &str) -> Option<String> {
    let main_at = html.find("<main")?;
    let end = html[main_at..].rfind("</main>")? + main_at + "</main>".len();
    let head = &html[..main_at];
    if head.contains("name=\"robots\" content=\"noindex") {
        return None;
    }
    let lang = head
        .find("<html lang=\"")
        .map(|i| &head[i + 12..])
        .and_then(|rest| rest.find('"').map(|e| &rest[..e]))
        .unwrap_or("unknown");
    Some(format!(
        "<!doctype html><html lang=\"{lang}\"><body>{}</body></html>",
        &html[main_at..end]
    ))
}

/// A fresh pagefind index with Haven's settings.
pub(super) fn new_index() -> Result<PagefindIndex, String> {
    let config = PagefindServiceConfig::builder()
        .exclude_selectors(NOT_TEXT.iter().map(|s| s.to_string()).collect())
        .build();
    PagefindIndex::new(Some(config)).map_err(|e| e.to_string())
}

/// A single-threaded runtime for pagefind's async API (it does its work in blocking tasks).
pub(super) fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

/// The files of the finished index that the site uses: pagefind's search script, the index
/// entry, each language's index, metadata and excerpts, and the search code for the languages
/// indexed. pagefind's own interfaces (the theme has its own), its highlighter, its web worker
/// (Haven runs search on the page: a second copy of the search code would double the first
/// download for a few milliseconds saved on a small index) and the code for "unknown" languages
/// are left out.
pub(super) fn used_files(files: Vec<SyntheticFile>) -> Files {
    let langs: BTreeSet<String> = files
        .iter()
        .find(|f| f.filename == Path::new("pagefind-entry.json"))
        .and_then(|f| serde_json::from_slice::<serde_json::Value>(&f.contents).ok())
        .and_then(|v| {
            v.get("languages")?
                .as_object()
                .map(|m| m.keys().cloned().collect())
        })
        .unwrap_or_default();
    let mut out: Files = files
        .into_iter()
        .filter(|f| {
            let name = f.filename.to_string_lossy();
            let top = f.filename.components().count() > 1;
            top || name == "pagefind.js"
                || name == "pagefind-entry.json"
                || name.ends_with(".pf_meta")
                || name
                    .strip_prefix("wasm.")
                    .and_then(|r| r.strip_suffix(".pagefind"))
                    .is_some_and(|l| langs.contains(l))
        })
        .map(|f| (super::bundle_path(&f.filename), f.contents))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn index_error(e: String) -> Diagnostic {
    Diagnostic::error(
        Path::new(super::BUNDLE_DIR),
        0,
        0,
        format!("the search index could not be built: {e}"),
    )
    .with_hint("build again; if this keeps happening, report it with the message above")
}

/// A page for the index, at its place in the build's order.
enum Msg {
    Page(usize, Box<ReadPage>),
    Skip(usize),
    /// pagefind could not read it: the message names the page.
    Failed(usize, String),
}

/// Builds a site's index while its pages render.
pub struct Indexer {
    tx: Mutex<Option<Sender<Msg>>>,
    /// Output path of each page to index → its place in the build's order.
    order: HashMap<PathBuf, usize>,
    /// Reads pages for the index on the threads that write them.
    reader: Option<PageReader>,
    thread: Option<JoinHandle<Result<Files, String>>>,
}

impl Indexer {
    /// Starts an index of the pages written at `pages` (output paths, in the build's order).
    pub fn start(pages: Vec<PathBuf>) -> Indexer {
        let (tx, rx) = channel();
        let (reader, thread) = match new_index() {
            Ok(index) => {
                let reader = index.page_reader();
                let thread = std::thread::Builder::new()
                    .name("search-index".into())
                    .spawn(move || index_in_order(index, rx))
                    .ok();
                (Some(reader), thread)
            }
            Err(e) => {
                let thread = std::thread::Builder::new()
                    .name("search-index".into())
                    .spawn(move || Err(e))
                    .ok();
                (None, thread)
            }
        };
        Indexer {
            tx: Mutex::new(Some(tx)),
            order: pages.into_iter().enumerate().map(|(i, p)| (p, i)).collect(),
            reader,
            thread,
        }
    }

    /// Reads a page the build writes at `rel` for the index (other files are ignored).
    pub fn offer(&self, rel: &Path, bytes: &[u8]) {
        let Some(&n) = self.order.get(rel) else {
            return;
        };
        let Some(reader) = &self.reader else { return };
        let msg = match std::str::from_utf8(bytes).ok().and_then(reduce) {
            Some(doc) => {
                let path = rel.to_string_lossy().replace('\\', "/");
                match reader.read_html_file(Some(path.clone()), None, doc) {
                    Ok(page) => Msg::Page(n, Box::new(page)),
                    Err(e) => Msg::Failed(n, format!("{path}: {e}")),
                }
            }
            None => Msg::Skip(n),
        };
        if let Some(tx) = &*self.tx.lock().unwrap_or_else(|e| e.into_inner()) {
            let _ = tx.send(msg);
        }
    }

    /// Waits for the last pages and returns the index's files (under `pagefind/`).
    pub fn finish(mut self) -> Result<Files, Diagnostic> {
        drop(self.tx.lock().unwrap_or_else(|e| e.into_inner()).take());
        let thread = self
            .thread
            .take()
            .ok_or_else(|| index_error("its thread could not start".into()))?;
        thread
            .join()
            .map_err(|_| index_error("it stopped unexpectedly".into()))?
            .map_err(index_error)
    }
}

/// Adds the read pages to the index in the build's order as they arrive, then assembles it.
fn index_in_order(mut index: PagefindIndex, rx: Receiver<Msg>) -> Result<Files, String> {
    let rt = runtime()?;
    let files = rt.block_on(async {
        let mut waiting: BTreeMap<usize, Msg> = BTreeMap::new();
        let mut next = 0;
        for msg in rx {
            let n = match &msg {
                Msg::Page(n, _) | Msg::Skip(n) | Msg::Failed(n, _) => *n,
            };
            waiting.insert(n, msg);
            while let Some(item) = waiting.remove(&next) {
                next += 1;
                add_read(&mut index, item).await?;
            }
        }
        // A page that never came (its template failed: the build fails anyway) leaves a gap.
        for item in waiting.into_values() {
            add_read(&mut index, item).await?;
        }
        // Built once: pagefind lets go of each page as the index takes it in.
        index.take_files().await.map_err(|e| e.to_string())
    })?;
    // Freeing every page's words takes a noticeable time on a large site; nothing waits for it.
    std::thread::spawn(move || drop(index));
    Ok(used_files(files))
}

async fn add_read(index: &mut PagefindIndex, msg: Msg) -> Result<(), String> {
    match msg {
        Msg::Page(_, page) => {
            index.add_read_page(*page).await;
            Ok(())
        }
        Msg::Skip(_) => Ok(()),
        Msg::Failed(_, e) => Err(e),
    }
}

pub(super) async fn add(
    index: &mut PagefindIndex,
    path: String,
    doc: String,
) -> Result<(), String> {
    index
        .add_html_file(Some(path.clone()), None, doc)
        .await
        .map(|_| ())
        .map_err(|e| format!("{path}: {e}"))
}

/// A sink that shows the search index every page it writes.
pub struct Tap<'a> {
    /// Where the pages really go.
    pub inner: &'a dyn Sink,
    /// What indexes them.
    pub index: &'a dyn Offer,
}

/// Something that takes the pages a build writes (the build's [`Indexer`], or `serve`'s
/// [`super::LiveIndex`]).
pub trait Offer: Sync {
    /// Takes a page written at `rel`.
    fn offer(&self, rel: &Path, bytes: &[u8]);
}

impl Offer for Indexer {
    fn offer(&self, rel: &Path, bytes: &[u8]) {
        Indexer::offer(self, rel, bytes)
    }
}

impl Sink for Tap<'_> {
    fn put(&self, rel: &Path, bytes: &[u8]) -> Result<(), IoError> {
        self.index.offer(rel, bytes);
        self.inner.put(rel, bytes)
    }

    fn copy(&self, from: &Path, rel: &Path) -> Result<(), IoError> {
        // Static files and assets are not pages: nothing to index.
        self.inner.copy(from, rel)
    }
}

#[cfg(test)]
mod tests {
    use super::reduce;

    #[test]
    fn keeps_only_language_and_main() {
        let html = "<!doctype html>\n<html lang=\"es\"><head><title>T</title></head><body>\
                    <header>menu</header><main id=\"main\"><h1>Hola</h1></main><footer>f</footer>";
        assert_eq!(
            reduce(html).as_deref(),
            Some(
                "<!doctype html><html lang=\"es\"><body><main id=\"main\"><h1>Hola</h1></main></body></html>"
            )
        );
        let hidden = "<html lang=\"en\"><head><meta name=\"robots\" content=\"noindex\"></head><main>x</main>";
        assert_eq!(reduce(hidden), None);
        assert_eq!(reduce("<html lang=\"en\"><p>no main</p>"), None);
    }
}
