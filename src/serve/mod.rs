//! `haven serve`: a preview on 127.0.0.1 that rebuilds only what an edit touches, reloads the
//! open page, and shows errors over the page while the last good build stays served.
//!
//! Three parts: the watcher (`watch.rs`) batches file changes; the [`Build`] kept in memory
//! updates itself after each batch (`crate::build`, `update.rs`); the HTTP server
//! (`server.rs`) serves the output folder and tells open pages to reload or show errors
//! (messages over server-sent events). This file joins them and prints what happened, and
//! mounts the editor (`crate::editor`) on a preview only this computer can reach: the editor
//! and the watcher share the one `Build`.

mod address;
mod inject;
mod links;
pub mod server;
pub mod watch;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use crate::build::{Build, BuildOptions, Update};
use crate::diagnostic::{self, Diagnostic};
pub use server::{Hub, Message, router};

/// The errors as the overlay shows them: file, line, message, hint and the plain rendering;
/// repeated kinds of error are counted, as in the terminal ([`diagnostic::summarize`]).
pub fn errors_json(errors: &[Diagnostic], root: &Path) -> serde_json::Value {
    serde_json::Value::Array(
        diagnostic::summarize(errors)
            .into_iter()
            .map(|shown| match shown {
                diagnostic::Shown::One(d) => serde_json::json!({
                    "path": d.path.display().to_string(),
                    "line": d.line, "col": d.col, "message": d.message, "hint": d.hint,
                    "text": diagnostic::to_plain_string(std::slice::from_ref(d), root),
                }),
                diagnostic::Shown::More { like, count } => {
                    let line = diagnostic::Shown::more_line(like, count);
                    serde_json::json!({
                        "path": like.path.display().to_string(),
                        "line": 0, "col": 0, "message": line, "hint": null, "text": line,
                    })
                }
            })
            .collect(),
    )
}

/// Builds, serves on `addr` and rebuilds on every change until Ctrl-C.
pub fn run(opts: BuildOptions, addr: SocketAddr) -> std::io::Result<()> {
    let root = opts.root.clone();
    let hub = Hub::new();
    // Watch before the first build, so that a page saved while it runs is not missed.
    let theme = crate::config::Config::load(&root)
        .map(|c| c.theme)
        .unwrap_or_else(|_| "haven".into());
    let changes = watch::watch(&root, &theme).map_err(std::io::Error::other)?;
    let started = Instant::now();
    let strict = opts.strict;
    let live = match Build::start(opts.clone()) {
        Ok(l) => {
            eprintln!(
                "Built the site in {:.2} s.",
                started.elapsed().as_secs_f64()
            );
            report_warnings(&l.diagnostics());
            Some(l)
        }
        Err(errors) => {
            diagnostic::emit(&errors, &root);
            let errs = holding_back(errors, strict);
            hub.send(Message::Errors(errors_json(&errs, &root)));
            if errs.iter().any(Diagnostic::is_error) {
                eprintln!("The site has errors; the preview shows them until they are fixed.");
            } else {
                eprintln!(
                    "The site has warnings, which --strict treats as errors; the preview shows them until they are fixed."
                );
            }
            None
        }
    };
    let watch_hub = hub.clone();
    let watch_opts = opts.clone();
    // Shared with the editor, which previews unsaved text with the same build.
    let site: crate::editor::SharedSite = Arc::new(std::sync::Mutex::new(live));
    let watch_site = site.clone();
    let watch_root = root.clone();
    std::thread::spawn(move || {
        let root = watch_root;
        for batch in changes {
            let t = Instant::now();
            if let Some(why) = &batch.lost {
                eprintln!("Note: {why}; rebuilding the whole site so that nothing is missed.");
            }
            let mut live = watch_site.lock().unwrap_or_else(|e| e.into_inner());
            let update = match live.as_mut() {
                Some(l) if batch.lost.is_some() => l.rebuild(),
                Some(l) => l.update(&batch.paths),
                None => match Build::start(watch_opts.clone()) {
                    Ok(l) => {
                        *live = Some(l);
                        Update {
                            full: true,
                            reload_all: true,
                            ..Update::default()
                        }
                    }
                    Err(e) => Update {
                        full: true,
                        errors: holding_back(e, strict),
                        ..Update::default()
                    },
                },
            };
            drop(live);
            announce(&watch_hub, &update, &root, t);
        }
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let out = opts.output_dir();
    let drafts = opts.drafts;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        for line in address::lines(local) {
            diagnostic::say(line);
        }
        let app = router(out, Some(hub.clone()), local);
        let app = match editor_for(local, &root, site, drafts) {
            Some(editor) => crate::editor::mount(app, editor),
            None => app,
        };
        let stop = stop_signal();
        let closing = hub.clone();
        let mut stopped = stop.clone();
        let server = server::serve(listener, app, async move {
            let _ = stopped.wait_for(|s| *s).await;
            // Open tabs hold an event stream each; ending them lets shutdown finish.
            closing.close();
        });
        let mut stopped = stop.clone();
        tokio::select! {
            r = server => r?,
            // A connection that does not close in time is not waited for.
            _ = async {
                let _ = stopped.wait_for(|s| *s).await;
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } => {}
        }
        eprintln!("Stopped the preview.");
        Ok(())
    })
}

/// The editor, on a preview that only this computer can reach; with `--bind` to any other
/// address it stays off (it writes files, and other computers could reach it) and says so.
fn editor_for(
    local: SocketAddr,
    root: &Path,
    site: crate::editor::SharedSite,
    drafts: bool,
) -> Option<Arc<crate::editor::Editor>> {
    if !local.ip().is_loopback() {
        eprintln!(
            "The editor is off: with --bind {}, other computers can reach this preview, and the editor can change files. To edit in the browser, start `haven serve` without --bind.",
            local.ip()
        );
        return None;
    }
    match crate::editor::Access::new(local.port()) {
        Ok(access) => {
            diagnostic::say(format_args!(
                "Edit the site in your browser: {}",
                access.start_url()
            ));
            Some(crate::editor::Editor::new(
                root.to_path_buf(),
                access,
                site,
                drafts,
            ))
        }
        Err(e) => {
            eprintln!("The editor is off: no random key could be made for it ({e}).");
            None
        }
    }
}

/// How long Ctrl-C waits for open connections before the preview stops anyway.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Becomes `true` on Ctrl-C (SIGINT) or SIGTERM.
fn stop_signal() -> tokio::sync::watch::Receiver<bool> {
    let (tx, rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let term = signal(SignalKind::terminate());
            match term {
                Ok(mut term) => {
                    tokio::select! {
                        _ = tokio::signal::ctrl_c() => {}
                        _ = term.recv() => {}
                    }
                }
                Err(_) => drop(tokio::signal::ctrl_c().await),
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        let _ = tx.send(true);
    });
    rx
}

fn announce(hub: &Arc<Hub>, u: &Update, root: &Path, t: Instant) {
    if u.idle {
        return;
    }
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    if !u.errors.is_empty() {
        diagnostic::emit(&u.errors, root);
        eprintln!(
            "{} — the preview keeps showing the last good version.",
            diagnostic::summary(&u.errors)
        );
        hub.send(Message::Errors(errors_json(&u.errors, root)));
        return;
    }
    hub.send(Message::Ok);
    let what = if u.full {
        "Rebuilt the site"
    } else {
        "Updated"
    };
    eprintln!(
        "{what}: {} files changed in {ms:.0} ms{}",
        u.written,
        if u.warnings > 0 {
            format!("; {} warnings (haven check lists them)", u.warnings)
        } else {
            String::new()
        }
    );
    hub.send(Message::Reload {
        urls: u.changed_urls.clone(),
        all: u.reload_all || u.full,
    });
}

/// The problems that hold the preview back: errors, and with `--strict` warnings too.
fn holding_back(diags: Vec<Diagnostic>, strict: bool) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .filter(|d| strict || d.is_error())
        .collect()
}

fn report_warnings(diags: &[Diagnostic]) {
    let n = diags.iter().filter(|d| !d.is_error()).count();
    if n > 0 {
        eprintln!("{n} warnings (run `haven check` to list them).");
    }
}
