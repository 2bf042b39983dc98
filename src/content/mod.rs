//! Loading `content/`: finds every Markdown file and co-located asset, reads and splits each
//! file, and parses its front matter. Files are read in parallel; the result is in path order.

mod file_name;
mod front_text;
pub mod frontmatter;
mod limits;
pub mod names;
pub mod sources;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
pub use front_text::FrontText;
pub use frontmatter::{FactNote, FrontMatter};

/// The folder under the site root that holds the Markdown.
pub const CONTENT_DIR: &str = "content";

/// What a Markdown file is, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `_index.md`: the folder is a section.
    Section,
    /// `name.md`: a page.
    Page,
    /// `index.md`: the folder is a page bundle; its other files are copied beside it.
    Bundle,
}

/// One Markdown file, read and with its front matter parsed.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to `content/`, e.g. `sessions/_index.es.md`.
    pub rel_path: PathBuf,
    /// Path relative to the site root, for messages: `content/sessions/_index.es.md`.
    pub display_path: PathBuf,
    /// Section, page or bundle.
    pub kind: FileKind,
    /// Language code, from the `.LANG.md` suffix or the default language.
    pub lang: String,
    /// The file name without language suffix and `.md` (`about`, `_index`, `index`).
    pub stem: String,
    /// Checked front matter.
    pub front: FrontMatter,
    /// The Markdown body; empty while it is left on disk (`on_disk`).
    pub body: String,
    /// Where the body is when it was not kept in memory ([`load`] without `keep_bodies`).
    pub on_disk: Option<OnDisk>,
    /// 1-based line where the body starts.
    pub body_line: usize,
    /// The front matter as written, with where each key is, for messages.
    pub front_text: FrontText,
}

/// Where a body left on disk is: `haven build` reads each file twice, once for its front
/// matter and once when its body is rendered, instead of holding every body between the two.
#[derive(Debug, Clone)]
pub struct OnDisk {
    /// The file.
    path: PathBuf,
    /// The file's length in bytes, to notice a file changed since it was first read.
    file_len: usize,
    /// The body's length: the end of the file's text (after NUL characters were replaced).
    body_len: usize,
}

impl SourceFile {
    /// Takes the Markdown body out, reading it again when it was left on disk; an error when
    /// the file can no longer be read or changed since it was first read.
    pub fn take_body(&mut self) -> Result<String, Diagnostic> {
        match &self.on_disk {
            None => Ok(std::mem::take(&mut self.body)),
            Some(_) => self.read_body(),
        }
    }

    /// The Markdown body: read again when it was left on disk, else a copy.
    pub fn read_body(&self) -> Result<String, Diagnostic> {
        match &self.on_disk {
            None => Ok(self.body.clone()),
            Some(d) => d.read(&self.display_path),
        }
    }
}

impl OnDisk {
    /// Reads the body again.
    fn read(&self, display_path: &Path) -> Result<String, Diagnostic> {
        let text = read_text_at(&self.path, display_path, Some(self.file_len))?;
        let changed = text.len() != self.file_len;
        // Its problems were reported when it was first read.
        let text = replace_nul(display_path, text, &mut Vec::new());
        let start = text.len().checked_sub(self.body_len);
        let Some(start) = start.filter(|s| !changed && text.is_char_boundary(*s)) else {
            return Err(Diagnostic::error(
                display_path,
                0,
                0,
                "this file changed while the site was being built",
            )
            .with_hint("build the site again once the file is saved"));
        };
        // The front matter is cut off in place rather than the body copied out.
        let mut text = text;
        text.replace_range(..start, "");
        Ok(text)
    }
}

/// A non-Markdown file in `content/` (an image beside a page), copied to the same place.
#[derive(Debug, Clone)]
pub struct ContentAsset {
    /// Path relative to `content/`.
    pub rel_path: PathBuf,
}

/// Everything found in `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// Markdown files that parsed, in path order.
    pub files: Vec<SourceFile>,
    /// Files to copy as they are.
    pub assets: Vec<ContentAsset>,
}

/// Reads `root/content`. Returns what loaded and every problem found. A file whose front
/// matter has errors is still loaded (with the fields that could be read), so that the rest
/// of it is checked in the same run. `today` is the build's date, for dates written without
/// a year.
///
/// With `keep_bodies` false, each body is left on disk ([`SourceFile::on_disk`]) and read
/// again when [`SourceFile::take_body`] asks for it.
pub fn load(
    root: &Path,
    config: &Config,
    today: NaiveDate,
    keep_bodies: bool,
) -> (Content, Vec<Diagnostic>) {
    let dir = root.join(CONTENT_DIR);
    let mut md = Vec::new();
    let mut assets = Vec::new();
    // Sorted walk: output and error order must not depend on the file system.
    let walk = sources::walk(root, &dir, |p| is_hidden(p, &dir));
    let mut diags = walk.problems;
    for path in walk.files {
        let rel = path.strip_prefix(&dir).unwrap_or(&path).to_path_buf();
        if rel.extension().is_some_and(|e| e == "md") {
            md.push(rel);
        } else {
            assets.push(ContentAsset { rel_path: rel });
        }
    }
    let results: Vec<(Option<SourceFile>, Vec<Diagnostic>)> = md
        .par_iter()
        .map(|rel| match keep_bodies {
            true => read_file(&dir, rel, config, today),
            false => read_leaving_body(&dir, rel, config, today),
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for (file, mut d) in results {
        files.extend(file);
        diags.append(&mut d);
    }
    (Content { files, assets }, diags)
}

fn is_hidden(path: &Path, dir: &Path) -> bool {
    path != dir
        && path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
}

/// Reads and parses one Markdown file. Returns the file (with what of its front matter could
/// be read; `None` when it cannot be placed in the site at all: unreadable, not UTF-8, an
/// unknown language, no front matter) and every problem found in it.
pub fn read_file(
    dir: &Path,
    rel: &Path,
    config: &Config,
    today: NaiveDate,
) -> (Option<SourceFile>, Vec<Diagnostic>) {
    match read_text(dir, rel) {
        Ok(text) => parse_owned(rel, text, config, today),
        Err(d) => (None, vec![d]),
    }
}

/// [`read_file`], leaving the body on disk.
fn read_leaving_body(
    dir: &Path,
    rel: &Path,
    config: &Config,
    today: NaiveDate,
) -> (Option<SourceFile>, Vec<Diagnostic>) {
    let text = match read_text(dir, rel) {
        Ok(text) => text,
        Err(d) => return (None, vec![d]),
    };
    let file_len = text.len();
    let (file, diags) = parse_owned(rel, text, config, today);
    let file = file.map(|mut f| {
        f.on_disk = Some(OnDisk {
            path: dir.join(rel),
            file_len,
            body_len: f.body.len(),
        });
        f.body = String::new();
        f
    });
    (file, diags)
}

/// Checks and parses the bytes of the Markdown file `rel` (a path inside `content/`): what
/// [`read_file`] does once it has read them. Nothing here touches the disk (the fuzz targets
/// load pages this way).
pub fn from_bytes(
    rel: &Path,
    bytes: Vec<u8>,
    config: &Config,
    today: NaiveDate,
) -> (Option<SourceFile>, Vec<Diagnostic>) {
    match utf8_text(&Path::new(CONTENT_DIR).join(rel), bytes) {
        Ok(text) => parse_owned(rel, text, config, today),
        Err(d) => (None, vec![d]),
    }
}

/// Reads and parses one Markdown file: the file, or every problem in it when it has an error
/// (the editor's dashboard lists files the build left out this way).
pub fn read_one(
    dir: &Path,
    rel: &Path,
    config: &Config,
    today: NaiveDate,
) -> Result<SourceFile, Vec<Diagnostic>> {
    usable(read_file(dir, rel, config, today))
}

/// Parses the text of one Markdown file as if it were `content/<rel>`: the file, or every
/// problem in it when it has an error (the editor's translation view reads this way).
pub fn parse_one(
    rel: &Path,
    text: &str,
    config: &Config,
    today: NaiveDate,
) -> Result<SourceFile, Vec<Diagnostic>> {
    usable(parse_text(rel, text, config, today))
}

/// A file read with its problems, as a file without errors or the problems.
fn usable(
    (file, found): (Option<SourceFile>, Vec<Diagnostic>),
) -> Result<SourceFile, Vec<Diagnostic>> {
    match file {
        Some(file) if !found.iter().any(Diagnostic::is_error) => Ok(file),
        _ => Err(found),
    }
}

/// The text of one Markdown file, or why it cannot be read as text.
fn read_text(dir: &Path, rel: &Path) -> Result<String, Diagnostic> {
    read_text_at(&dir.join(rel), &Path::new(CONTENT_DIR).join(rel), None)
}

/// The text of the file at `path` (shown as `display_path`), of `len` bytes when known.
fn read_text_at(
    path: &Path,
    display_path: &Path,
    len: Option<usize>,
) -> Result<String, Diagnostic> {
    let bytes = read_plain_file(path, len).map_err(|e| {
        Diagnostic::error(display_path, 0, 0, format!("could not read the file: {e}"))
    })?;
    utf8_text(display_path, bytes)
}

/// `bytes` as text, or the error that says the file is not UTF-8.
fn utf8_text(display_path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let col = valid.len()
            - valid
                .iter()
                .rposition(|b| *b == b'\n')
                .map(|i| i + 1)
                .unwrap_or(0)
            + 1;
        Diagnostic::error(
            display_path,
            line,
            col,
            "this file is not UTF-8 text (it may have been saved as Windows-1252 or Latin-1)",
        )
        .with_hint("open it in your editor and save it with the UTF-8 encoding")
    })
}

/// Parses the text of one Markdown file as if it were at `rel` inside `content/` (the
/// editor's unsaved text). Returns the file, as [`read_file`] does, and every problem in it.
pub fn parse_text(
    rel: &Path,
    text: &str,
    config: &Config,
    today: NaiveDate,
) -> (Option<SourceFile>, Vec<Diagnostic>) {
    parse_owned(rel, text.to_string(), config, today)
}

/// [`parse_text`] of text already owned (a file just read), without copying it.
fn parse_owned(
    rel: &Path,
    text: String,
    config: &Config,
    today: NaiveDate,
) -> (Option<SourceFile>, Vec<Diagnostic>) {
    match parse_parts(rel, text, config, today) {
        Ok((file, diags)) => (Some(file), diags),
        Err(d) => (None, d),
    }
}

fn parse_parts(
    rel: &Path,
    text: String,
    config: &Config,
    today: NaiveDate,
) -> Result<(SourceFile, Vec<Diagnostic>), Vec<Diagnostic>> {
    let display_path = Path::new(CONTENT_DIR).join(rel);
    let shown = display_path.display().to_string();
    let mut notes = Vec::new();
    let text = replace_nul(&display_path, text, &mut notes);
    let (stem, lang) = file_name::name_parts(rel, config).map_err(|d| vec![d])?;
    let kind = match stem.as_str() {
        "_index" => FileKind::Section,
        "index" => FileKind::Bundle,
        _ => FileKind::Page,
    };
    let split = frontmatter::split(&shown, &text).map_err(|d| vec![d])?;
    // Limits first: past them the parsers' work grows much faster than the file.
    let mut too_big: Vec<Diagnostic> =
        limits::check_front(&display_path, split.front, split.front_line, split.yaml)
            .into_iter()
            .collect();
    too_big.extend(limits::check_body(
        &display_path,
        split.body,
        split.body_line,
    ));
    if !too_big.is_empty() {
        return Err(too_big);
    }
    let (front, front_text, mut diags) =
        frontmatter::parse(&display_path, &split, config.tz(), today);
    diags.append(&mut notes);
    let body_line = split.body_line;
    let body = split.body.to_string();
    Ok((
        SourceFile {
            rel_path: rel.to_path_buf(),
            display_path,
            kind,
            lang,
            stem,
            front,
            body,
            on_disk: None,
            body_line,
            front_text,
        },
        diags,
    ))
}

/// TOML values as JSON, with dates as plain strings so templates can print and filter them.
pub fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(J::Number)
            .unwrap_or(J::Null),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => J::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Reads a file, refusing a link: links in `content/` are reported by the walk and never
/// followed (this guards a file replaced by a link while `haven serve` runs). `len`, when
/// known, is the length the file is expected to have.
fn read_plain_file(path: &Path, len: Option<usize>) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    let mut f = o.open(path).map_err(|e| {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            std::io::Error::other("it is a link, and Haven does not follow links")
        } else {
            e
        }
    })?;
    // Sized by hand: `read_to_end` asks the file's size and position first, two system
    // calls per file that a large build makes tens of thousands of times.
    let len = match len {
        Some(len) => len,
        None => f.metadata()?.len() as usize,
    };
    let mut bytes = vec![0; len + 1];
    let mut filled = 0;
    while filled < bytes.len() {
        match f.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    if filled > len {
        // Longer than expected (it grew since): the rest, however long.
        f.read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// NUL characters (invisible; left by a broken copy or a binary file) never reach a page:
/// each becomes U+FFFD (shown as �), with one warning at the first.
fn replace_nul(path: &Path, text: String, notes: &mut Vec<Diagnostic>) -> String {
    let Some(first) = memchr::memchr(0, text.as_bytes()) else {
        return text;
    };
    let count = memchr::memchr_iter(0, text.as_bytes()).count();
    let (line, col) = crate::diagnostic::LineIndex::new(&text).line_col(first);
    notes.push(
        Diagnostic::warning(
            path,
            line,
            col,
            format!(
                "this file has {} invisible NUL character{} (the first is here); the page shows each as �",
                crate::diagnostic::thousands(count),
                if count == 1 { "" } else { "s" }
            ),
        )
        .with_hint("delete the invisible character at this spot (some editors show it as NUL or a small box), or copy the text into a new file"),
    );
    text.replace('\0', "\u{fffd}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site whose one page is `text`, loaded without keeping bodies.
    fn loaded(text: &str) -> (tempfile::TempDir, SourceFile) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(CONTENT_DIR)).unwrap();
        std::fs::write(dir.path().join("content/about.md"), text).unwrap();
        let config = Config::parse("title = \"T\"\nbase_url = \"https://x.org\"\n").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let (mut content, diags) = load(dir.path(), &config, today, false);
        assert!(!diags.iter().any(Diagnostic::is_error), "{diags:?}");
        let file = content.files.remove(0);
        assert!(file.body.is_empty(), "the body was kept");
        (dir, file)
    }

    #[test]
    fn a_body_left_on_disk_is_read_again_as_it_was() {
        let (_dir, mut file) = loaded("+++\ntitle = \"About\"\n+++\n\nWe are\0 here.\n");
        assert_eq!(file.take_body().unwrap(), "\nWe are\u{fffd} here.\n");
    }

    #[test]
    fn a_file_changed_between_the_two_reads_is_an_error_not_a_mixed_page() {
        let (dir, mut file) = loaded("+++\ntitle = \"About\"\n+++\n\nWe are here.\n");
        std::fs::write(
            dir.path().join("content/about.md"),
            "+++\ntitle = \"About us\"\n+++\n\nWe are here.\n",
        )
        .unwrap();
        let d = file.take_body().unwrap_err();
        insta::assert_snapshot!(
            format!("{d}\nhint: {}", d.hint.as_deref().unwrap_or("")),
            @r"
        content/about.md:1:1: error: this file changed while the site was being built
        hint: build the site again once the file is saved
        "
        );
    }
}
