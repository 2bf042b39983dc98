//! Publishing with git: the changes to pages and images since the last publish, listed in
//! plain words, committed with the person's message and pushed to the site's remote.
//!
//! Haven runs the `git` program rather than a git library: staff's own setup then just works
//! (credential helpers and keychains, SSH keys and agents, proxies, hooks, signing), and what
//! Haven does is what `git` would do by hand. git never asks a question on the terminal here
//! (`GIT_TERMINAL_PROMPT=0`, no input): a missing password is an error in plain words, not a
//! preview that hangs. Only `content/` and `static/` are published from the editor: other
//! changes in the folder (the theme, settings) are for whoever made them to commit.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

/// The folders the editor publishes.
pub const PUBLISHED: &[&str] = &["content", "static"];

/// How long one git command may take (a push over a slow line) before it is stopped.
const GIT_TIMEOUT: Duration = Duration::from_secs(120);

/// What went wrong, in the words staff are shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GitError {
    /// git is not installed.
    #[error("git is not installed on this computer")]
    NoGit,
    /// The site folder is not a git repository.
    #[error("this site folder is not kept in git")]
    NotARepo,
    /// No remote to push to.
    #[error("there is no place to publish to")]
    NoRemote,
    /// The remote has changes this copy does not have.
    #[error("someone else published changes first")]
    Rejected,
    /// The same lines changed here and there.
    #[error("the same pages were changed here and by someone else")]
    Conflict(Vec<String>),
    /// A merge was left half done.
    #[error("a merge of changes is not finished")]
    MergeInProgress,
    /// The remote wants a password or key that git could not get.
    #[error("the place you publish to did not accept your sign-in")]
    SignIn,
    /// The remote could not be reached.
    #[error("the place you publish to could not be reached")]
    Network,
    /// No name or e-mail for the commit.
    #[error("git needs your name and e-mail address to record who made the change")]
    NoAuthor,
    /// Anything else: git's own words.
    #[error("git said: {0}")]
    Other(String),
}

impl GitError {
    /// The catalog key of what to do about it.
    pub fn advice_key(&self) -> &'static str {
        match self {
            GitError::NoGit => "git_advice_no_git",
            GitError::NotARepo => "git_advice_not_repo",
            GitError::NoRemote => "git_advice_no_remote",
            GitError::Rejected => "git_advice_rejected",
            GitError::Conflict(_) => "git_advice_conflict",
            GitError::MergeInProgress => "git_advice_merge_in_progress",
            GitError::SignIn => "git_advice_sign_in",
            GitError::Network => "git_advice_network",
            GitError::NoAuthor => "git_advice_no_author",
            GitError::Other(_) => "git_advice_other",
        }
    }
}

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output, GitError> {
    let mut child = Command::new("git")
        .args(args)
        .current_dir(root)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => GitError::NoGit,
            _ => GitError::Other(e.to_string()),
        })?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > GIT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(GitError::Network);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(GitError::Other(e.to_string())),
        }
    }
    child
        .wait_with_output()
        .map_err(|e| GitError::Other(e.to_string()))
}

/// Runs git and returns its standard output, or its error in plain words.
pub fn git_output(root: &Path, args: &[&str]) -> Result<String, GitError> {
    let out = git(root, args)?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(classify(&String::from_utf8_lossy(&out.stderr)))
    }
}

/// Words in git's error text (lower case) that say which problem it is, first match wins
/// (after "not a git repository", which needs a test of its own).
const GIT_SAYS: &[(&[&str], GitError)] = &[
    (
        &[
            "no configured push destination",
            "does not appear to be a git repository",
            "no such remote",
            "has no upstream branch",
        ],
        GitError::NoRemote,
    ),
    (
        &["[rejected]", "non-fast-forward", "fetch first"],
        GitError::Rejected,
    ),
    (
        &[
            "you have not concluded your merge",
            "merge_head exists",
            "unmerged files",
        ],
        GitError::MergeInProgress,
    ),
    (
        &[
            "authentication failed",
            "could not read username",
            "could not read password",
            "permission denied",
            "terminal prompts disabled",
        ],
        GitError::SignIn,
    ),
    (
        &[
            "could not resolve host",
            "unable to access",
            "connection refused",
            "timed out",
        ],
        GitError::Network,
    ),
    (
        &["please tell me who you are", "empty ident"],
        GitError::NoAuthor,
    ),
];

/// git's error text, in words staff can act on.
pub fn classify(stderr: &str) -> GitError {
    let s = stderr.to_lowercase();
    if s.contains("not a git repository") && !s.contains("does not appear") {
        return GitError::NotARepo;
    }
    GIT_SAYS
        .iter()
        .find(|(words, _)| words.iter().any(|w| s.contains(w)))
        .map(|(_, e)| e.clone())
        .unwrap_or_else(|| GitError::Other(stderr.trim().lines().last().unwrap_or("").to_string()))
}

/// One changed file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    /// `added`, `edited` or `deleted`.
    pub what: &'static str,
    /// The file, from the site folder.
    pub path: String,
}

/// What the Publish page shows.
#[derive(Debug, Clone, Serialize)]
pub struct State {
    /// Changes not yet published (committed or not).
    pub changes: Vec<Change>,
    /// Other changed files in the folder, which the editor does not publish.
    pub other: Vec<String>,
    /// Where it publishes to (`origin`), if anywhere.
    pub remote: Option<String>,
    /// The name and e-mail git records, if set.
    pub name: Option<String>,
    /// See `name`.
    pub email: Option<String>,
    /// A merge was left half done.
    pub merging: bool,
}

fn config_value(root: &Path, key: &str) -> Option<String> {
    git_output(root, &["config", "--get", key])
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// What has changed since the last publish.
pub fn state(root: &Path) -> Result<State, GitError> {
    let top = git_output(root, &["rev-parse", "--show-toplevel"])?;
    let _ = top;
    let upstream = git_output(
        root,
        &["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"],
    )
    .ok()
    .map(|s| s.trim().to_string());
    let has_head = git_output(root, &["rev-parse", "--verify", "-q", "HEAD"]).is_ok();
    let remote = upstream
        .as_deref()
        .and_then(|u| u.split('/').next())
        .map(String::from)
        .or_else(|| {
            git_output(root, &["remote"])
                .ok()
                .and_then(|r| r.lines().next().map(|l| l.trim().to_string()))
                .filter(|r| !r.is_empty())
        });
    let mut changes = Vec::new();
    // Committed but not pushed yet, and changed since the last commit.
    let base = match &upstream {
        Some(_) => Some("@{u}"),
        None if has_head => Some("HEAD"),
        None => None,
    };
    if let Some(base) = base {
        let mut args = vec!["diff", "--name-status", "--no-renames", "-z", base, "--"];
        args.extend(PUBLISHED);
        let out = git_output(root, &args)?;
        let parts: Vec<&str> = out.split('\0').filter(|s| !s.is_empty()).collect();
        for pair in parts.chunks(2) {
            if let [status, path] = pair {
                changes.push(Change {
                    what: match status.chars().next() {
                        Some('A') => "added",
                        Some('D') => "deleted",
                        _ => "edited",
                    },
                    path: path.to_string(),
                });
            }
        }
    }
    // Files git lists are new: those it does not track yet, and (with no commit yet) every one.
    let mut listed: Vec<&[&str]> = vec![&["--others", "--exclude-standard"]];
    if base.is_none() {
        listed.push(&[]);
    }
    for which in listed {
        let mut args = vec!["ls-files", "-z"];
        args.extend(which);
        args.push("--");
        args.extend(PUBLISHED);
        for path in git_output(root, &args)?
            .split('\0')
            .filter(|s| !s.is_empty())
        {
            changes.push(Change {
                what: "added",
                path: path.to_string(),
            });
        }
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    changes.dedup();
    let status = git_output(root, &["status", "--porcelain", "-z"])?;
    let other: Vec<String> = status
        .split('\0')
        .filter(|s| s.len() > 3)
        .map(|s| s[3..].to_string())
        .filter(|p| !PUBLISHED.iter().any(|d| p.starts_with(&format!("{d}/"))))
        .collect();
    let git_dir = git_output(root, &["rev-parse", "--git-dir"])?;
    let merging = root.join(git_dir.trim()).join("MERGE_HEAD").exists();
    Ok(State {
        changes,
        other,
        remote,
        name: config_value(root, "user.name"),
        email: config_value(root, "user.email"),
        merging,
    })
}

/// What a publish did.
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    /// The commit made (short id), if there were changes to commit.
    pub commit: Option<String>,
    /// Where it was pushed.
    pub remote: String,
}

/// Commits the changes in `content/` and `static/` with `message` and pushes them. A `name`
/// and `email` given here are kept in this folder's git settings for next time.
pub fn publish(root: &Path, message: &str, name: &str, email: &str) -> Result<Published, GitError> {
    let st = state(root)?;
    if st.merging {
        return Err(GitError::MergeInProgress);
    }
    let remote = st.remote.clone().ok_or(GitError::NoRemote)?;
    let (name, email) = (name.trim(), email.trim());
    if !name.is_empty() {
        git_output(root, &["config", "user.name", name])?;
    }
    if !email.is_empty() {
        git_output(root, &["config", "user.email", email])?;
    }
    if config_value(root, "user.name").is_none() || config_value(root, "user.email").is_none() {
        return Err(GitError::NoAuthor);
    }
    let mut add = vec!["add", "-A", "--"];
    add.extend(PUBLISHED.iter().filter(|d| root.join(d).exists()));
    git_output(root, &add)?;
    let mut staged = vec!["diff", "--cached", "--quiet", "--"];
    staged.extend(PUBLISHED);
    let has_staged = !git(root, &staged)?.status.success();
    let mut commit = None;
    if has_staged {
        let message = if message.trim().is_empty() {
            crate::editor::words::w("publish_default_message")
        } else {
            message.trim().to_string()
        };
        let mut args = vec!["commit", "-q", "-m", &message, "--"];
        args.extend(PUBLISHED.iter().filter(|d| root.join(d).exists()));
        git_output(root, &args)?;
        commit = Some(
            git_output(root, &["rev-parse", "--short", "HEAD"])?
                .trim()
                .to_string(),
        );
    }
    push(root, &remote)?;
    Ok(Published { commit, remote })
}

fn push(root: &Path, remote: &str) -> Result<(), GitError> {
    let upstream = git_output(root, &["rev-parse", "--abbrev-ref", "@{u}"]).is_ok();
    if upstream {
        git_output(root, &["push", "-q"])?;
    } else {
        git_output(root, &["push", "-q", "-u", remote, "HEAD"])?;
    }
    Ok(())
}

/// Brings in what others published (a merge), then publishes. When the same lines changed on
/// both sides, the merge is undone so the folder is as it was, and the pages are named.
pub fn bring_in_and_publish(root: &Path) -> Result<Published, GitError> {
    let st = state(root)?;
    let remote = st.remote.clone().ok_or(GitError::NoRemote)?;
    let out = git(root, &["pull", "--no-rebase", "--no-edit", "-q"])?;
    if !out.status.success() {
        let conflicted =
            git_output(root, &["diff", "--name-only", "--diff-filter=U"]).unwrap_or_default();
        let files: Vec<String> = conflicted.lines().map(String::from).collect();
        if !files.is_empty() {
            let _ = git(root, &["merge", "--abort"]);
            return Err(GitError::Conflict(files));
        }
        return Err(classify(&String::from_utf8_lossy(&out.stderr)));
    }
    push(root, &remote)?;
    Ok(Published {
        commit: git_output(root, &["rev-parse", "--short", "HEAD"])
            .ok()
            .map(|s| s.trim().to_string()),
        remote,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gits_errors_in_plain_words() {
        assert_eq!(
            classify("fatal: No configured push destination.\nEither specify the URL"),
            GitError::NoRemote
        );
        assert_eq!(
            classify(
                " ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs"
            ),
            GitError::Rejected
        );
        assert_eq!(
            classify(
                "fatal: could not read Username for 'https://example.org': terminal prompts disabled"
            ),
            GitError::SignIn
        );
        assert_eq!(
            classify("fatal: not a git repository (or any of the parent directories): .git"),
            GitError::NotARepo
        );
        assert_eq!(
            classify("fatal: 'origin' does not appear to be a git repository"),
            GitError::NoRemote
        );
    }
}
