//! `haven init DIR`: a new site with the default theme and a first page.

use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::fsio::{self, IoError};

/// The default theme, built into the binary so that `init` works anywhere.
static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/haven");

/// Why `init` refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The folder exists and has files in it.
    #[error("`{0}` already exists and is not empty; choose a new folder name")]
    NotEmpty(String),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] IoError),
}

/// Creates a site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path, title: &str) -> Result<(), InitError> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(InitError::NotEmpty(dir.display().to_string()));
    }
    fsio::write(
        &dir.join("config.toml"),
        format!(
            "# Site settings: see README.md, \"Config\".\ntitle = \"{title}\"\nbase_url = \"https://example.org\"\ndefault_language = \"en\"\ntheme = \"haven\"\ntimezone = \"America/New_York\"\n\n[[menus.main]]\nname = \"About\"\nurl = \"@/about.md\"\nweight = 1\n\n[extra]\nquick_exit_url = \"https://www.google.com/\"\n\n[extra.crisis]\nheading = \"Need help now?\"\n\n[[extra.crisis.lines]]\nlabel = \"Emergency\"\nnumber = \"911\"\nnote = \"Police, fire, ambulance\"\n"
        ),
    )?;
    fsio::write(
        &dir.join("content/_index.md"),
        format!("+++\ntitle = \"{title}\"\n+++\n\nWelcome. Read [about us](@/about.md).\n"),
    )?;
    fsio::write(
        &dir.join("content/about.md"),
        "+++\ntitle = \"About\"\ndescription = \"Who we are.\"\n+++\n\n## Who we are\n\nWrite about your office here.\n",
    )?;
    write_dir(&THEME, &dir.join("themes/haven"))?;
    Ok(())
}

/// What `haven init DIR` tells staff to type next, so that it works as printed: `cd DIR &&
/// haven serve` when `haven` on the PATH is this program, else the full path of this program
/// (`cargo build` puts it in `target/release/`, where no shell finds it by name).
pub fn next_steps(dir: &Path) -> String {
    let program = match std::env::current_exe() {
        Ok(exe) if !on_path_as(&exe) => shell_word(&exe.to_string_lossy()),
        _ => "haven".to_string(),
    };
    format!(
        "Next: cd {} && {program} serve\nThen open http://127.0.0.1:1111/ in a browser; every save shows there at once.",
        shell_word(&dir.to_string_lossy())
    )
}

/// Whether typing `haven` runs `exe`.
fn on_path_as(exe: &Path) -> bool {
    let me = std::fs::canonicalize(exe).ok();
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|d| {
            let candidate = d.join(if cfg!(windows) { "haven.exe" } else { "haven" });
            candidate.is_file() && std::fs::canonicalize(&candidate).ok() == me
        })
    })
}

/// `text` as one word for a POSIX shell: quoted when it has anything but safe characters.
fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:=@,".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

fn write_dir(d: &Dir<'_>, to: &Path) -> Result<(), IoError> {
    for f in d.files() {
        fsio::write(&to.join(f.path()), f.contents())?;
    }
    for sub in d.dirs() {
        write_dir(sub, to)?;
    }
    Ok(())
}
