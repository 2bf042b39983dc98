//! Command-line arguments (clap derive) and one `run` per subcommand.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use haven::diagnostic::{self, Diagnostic, thousands};
use haven::{BuildOptions, BuildReport};

/// Haven builds a fast, accessible website from Markdown files.
#[derive(Debug, Parser)]
#[command(name = "haven", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site from content/ into public/.
    Build(BuildArgs),
    /// Check the site for problems without writing anything.
    Check(CheckArgs),
    /// Preview the site at http://127.0.0.1:1111/, rebuilding and reloading on every edit.
    Serve(ServeArgs),
    /// Create a new site with the default theme in DIR.
    Init(InitArgs),
    /// Write a new content file from a template (e.g. `haven new session "Title"`).
    #[command(subcommand)]
    New(NewCommand),
}

#[derive(Debug, Subcommand)]
enum NewCommand {
    /// Write content/sessions/<slug>.md: a draft session with every field explained.
    Session {
        /// The session's title; the file name is made from it.
        title: String,
        /// The site folder (the one with config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write content/resources/<slug>.md: a resource for families with every field explained.
    Resource {
        /// The service's name; the file name is made from it.
        title: String,
        /// The site folder (the one with config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Arguments every command that reads a site takes.
#[derive(Debug, Args)]
struct SiteArgs {
    /// The site folder (the one with config.toml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(Debug, Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site. Default: public/ inside the site folder.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Use this address instead of `base_url` from config.toml.
    #[arg(long)]
    base_url: Option<String>,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
    /// Fail on warnings too (nothing is written when there are any).
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// How to print the problems: `text` for people, `json` for tools (on stdout).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with 1 on warnings too, not only on errors.
    #[arg(long)]
    strict: bool,
}

/// Output formats of `haven check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Messages with the source line and a hint, on stderr.
    Text,
    /// One JSON object on stdout: `{"diagnostics": [...], "summary": {...}}`.
    Json,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site while previewing. Default: public/ inside the site folder.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on. Default 127.0.0.1: only this computer can see the preview.
    /// Anything else makes the preview reachable from other computers.
    #[arg(long)]
    bind: Option<IpAddr>,
    /// Treat warnings like errors, as `haven build --strict` does: the preview keeps the last
    /// version without warnings and shows them until they are fixed.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Args)]
struct InitArgs {
    /// The folder to create.
    dir: PathBuf,
    /// The new site's title.
    #[arg(long, default_value = "My site")]
    title: String,
}

/// Parses arguments, runs the command, and turns its outcome into an exit code:
/// 0 success, 1 problems in content or templates, 2 wrong usage (clap's own code).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(a) => run_build(a),
        Command::Check(a) => run_check(a),
        Command::Serve(a) => run_serve(a),
        Command::Init(a) => run_init(a),
        Command::New(NewCommand::Session { title, root }) => run_new_session(&root, &title),
        Command::New(NewCommand::Resource { title, root }) => run_new_resource(&root, &title),
    }
}

fn options(site: &SiteArgs) -> BuildOptions {
    BuildOptions {
        drafts: site.drafts,
        ..BuildOptions::new(&site.root)
    }
}

fn report(root: &Path, r: &BuildReport, show_warnings: bool) {
    let shown: Vec<Diagnostic> = r
        .diagnostics
        .iter()
        .filter(|d| show_warnings || d.is_error())
        .cloned()
        .collect();
    diagnostic::emit(&shown, root);
}

fn run_build(a: BuildArgs) -> ExitCode {
    let mut opts = BuildOptions {
        base_url: a.base_url.clone(),
        strict: a.strict,
        ..options(&a.site)
    }
    .with_output(a.output.clone());
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let bar = indicatif::ProgressBar::new(0).with_style(
            indicatif::ProgressStyle::with_template("Rendering {bar:30} {pos}/{len} pages")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        opts.progress = Some(bar);
    }
    let started = std::time::Instant::now();
    // Whether there is a site for a failed build to leave as it was (a folder refused as the
    // output is no site, it is left alone).
    let refused = haven::output::check_target(&opts.root, &opts.output_dir()).is_err();
    let had_output = opts.output_dir().is_dir();
    let r = haven::build(&opts);
    // With --strict, warnings fail the build, so they are listed like errors.
    report(&a.site.root, &r, a.strict);
    if a.timings {
        for (stage, d) in &r.timings {
            eprintln!("{stage:>14}: {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
    let warnings = r.diagnostics.iter().filter(|d| !d.is_error()).count();
    if r.failed() || (a.strict && warnings > 0) {
        let strict = if r.failed() {
            ""
        } else {
            " (--strict: warnings fail the build)"
        };
        let out = as_staff_know_it(&opts.output_dir());
        let kept = if refused {
            "Nothing was moved or written.".to_string()
        } else if had_output {
            format!("The previous site in {out} was left as it was.")
        } else {
            format!("Nothing was written to {out}; fix the errors above and build again.")
        };
        eprintln!(
            "Build failed: {}{strict}. {kept}",
            diagnostic::summary(&r.diagnostics),
        );
        return ExitCode::from(1);
    }
    let note = match warnings {
        0 => String::new(),
        1 => "; 1 warning (run `haven check` to see it)".to_string(),
        n => format!(
            "; {} warnings (run `haven check` to list them)",
            thousands(n)
        ),
    };
    eprintln!(
        "Built {} pages in {:.1} s{note}",
        thousands(r.pages),
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

/// A folder as staff know it: relative to where they ran Haven when it is inside it
/// (`public/`), else in full.
fn as_staff_know_it(dir: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| dir.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .filter(|rel| !rel.as_os_str().is_empty())
        .unwrap_or_else(|| dir.to_path_buf());
    format!("{}/", shown.display())
}

fn run_check(a: CheckArgs) -> ExitCode {
    let r = haven::check(&options(&a.site));
    let warnings = r.diagnostics.iter().filter(|d| !d.is_error()).count();
    match a.format {
        Format::Text => report(&a.site.root, &r, true),
        Format::Json => {
            let out = serde_json::json!({
                "diagnostics": r.diagnostics,
                "summary": { "errors": r.diagnostics.len() - warnings, "warnings": warnings },
            });
            diagnostic::say(out);
        }
    }
    eprintln!(
        "Checked {} pages: {}.",
        r.pages,
        diagnostic::summary(&r.diagnostics)
    );
    if r.failed() || (a.strict && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_serve(a: ServeArgs) -> ExitCode {
    let opts = BuildOptions {
        strict: a.strict,
        ..options(&a.site)
    }
    .with_output(a.output.clone());
    let addr = SocketAddr::new(a.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)), a.port);
    // Refused at once rather than shown in the preview: nothing could ever be written.
    if let Err(d) = haven::output::check_target(&opts.root, &opts.output_dir()) {
        diagnostic::emit(&[d], &opts.root);
        return ExitCode::from(1);
    }
    match haven::serve::run(opts, addr) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: could not serve on {addr}: {e}");
            eprintln!(
                "  = hint: another program may use port {}; try `haven serve --port 0` for a free one",
                a.port
            );
            ExitCode::from(1)
        }
    }
}

fn run_init(a: InitArgs) -> ExitCode {
    match haven::init::init(&a.dir, &a.title) {
        Ok(()) => {
            eprintln!(
                "Created a new site in {}.\n{}",
                a.dir.display(),
                haven::init::next_steps(&a.dir)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run_new_session(root: &Path, title: &str) -> ExitCode {
    let now = match haven::dates::now() {
        Ok(now) => now,
        Err(d) => {
            haven::diagnostic::emit(&[d], root);
            return ExitCode::from(1);
        }
    };
    match haven::features::sessions::new_session(root, title, now) {
        Ok(rel) => {
            eprintln!(
                "Wrote {}. Fill in the values marked REPLACE, then delete `draft = true`. Preview: haven serve --drafts",
                rel.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run_new_resource(root: &Path, title: &str) -> ExitCode {
    match haven::features::resources::scaffold::new_resource(root, title) {
        Ok(path) => {
            eprintln!(
                "Created {}, a draft. Fill in the values marked REPLACE (each field is explained in the file), then delete `draft = true`. Preview: haven serve --drafts",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
