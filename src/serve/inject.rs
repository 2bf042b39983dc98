//! Adds the live-reload script to a page as it streams by, before its last `</body>`, holding
//! back only what follows a `</body>` (normally `</html>` and a line break) instead of the
//! whole page: a large page asked for many times at once then costs the preview next to
//! nothing.

use axum::body::{Body, Bytes};
use futures_util::{Stream, StreamExt};
use memchr::memmem;

use super::server::LIVE_SCRIPT_PATH;

/// What follows a `</body>` is held back at most this long, waiting for the page to end or
/// for a later `</body>`; past it, that `</body>` was not the last one that matters, and the
/// script goes at the end of the page instead (where the HTML parser still puts it in
/// the body).
const HOLD_LIMIT: usize = 64 * 1024;

const END: &[u8] = b"</body>";

/// The page's body with the script tag added.
pub fn with_script(page: Body) -> impl Stream<Item = Result<Bytes, axum::Error>> + Send {
    let tag = Bytes::from(format!(
        "<script src=\"{LIVE_SCRIPT_PATH}\" defer></script>"
    ));
    let state = Some((page.into_data_stream(), Vec::new()));
    futures_util::stream::unfold(state, move |state| {
        let tag = tag.clone();
        async move {
            let (mut page, mut held) = state?;
            loop {
                match page.next().await {
                    Some(Ok(chunk)) => {
                        held.extend_from_slice(&chunk);
                        if let Some(ready) = release(&mut held) {
                            return Some((Ok(ready), Some((page, held))));
                        }
                    }
                    Some(Err(e)) => return Some((Err(e), None)),
                    None => {
                        let mut last = Vec::with_capacity(held.len() + tag.len());
                        if held.starts_with(END) {
                            last.extend_from_slice(&tag);
                            last.extend_from_slice(&held);
                        } else {
                            last.extend_from_slice(&held);
                            last.extend_from_slice(&tag);
                        }
                        return Some((Ok(Bytes::from(last)), None));
                    }
                }
            }
        }
    })
}

/// Takes from `held` what can be sent now: everything before its last `</body>` (which stays,
/// with what follows it); without one, everything but a tail that could be the start of
/// one. `None` when nothing can be sent yet.
fn release(held: &mut Vec<u8>) -> Option<Bytes> {
    let keep_from = match memmem::rfind(held, END) {
        Some(0) if held.len() <= HOLD_LIMIT => return None,
        Some(i) if i > 0 && held.len() - i <= HOLD_LIMIT => i,
        _ => held.len().saturating_sub(END.len() - 1),
    };
    if keep_from == 0 {
        return None;
    }
    let rest = held.split_off(keep_from);
    Some(Bytes::from(std::mem::replace(held, rest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(chunks: &[&str]) -> String {
        let owned: Vec<Result<Bytes, std::io::Error>> = chunks
            .iter()
            .map(|c| Ok(Bytes::from(c.to_string())))
            .collect();
        let body = Body::from_stream(futures_util::stream::iter(owned));
        let parts: Vec<Bytes> = with_script(body)
            .map(|r| r.unwrap())
            .collect::<Vec<_>>()
            .await;
        String::from_utf8(parts.concat()).unwrap()
    }

    #[tokio::test]
    async fn before_the_last_end_of_body_wherever_the_chunks_split() {
        let tag = "<script src=\"/__haven/live.js\" defer></script>";
        let page = "<p>a</body> b</p>\n</body>\n</html>\n";
        let want = page.replace("</body>\n</html>", &format!("{tag}</body>\n</html>"));
        for split in 0..page.len() {
            let (a, b) = page.split_at(split);
            assert_eq!(run(&[a, b]).await, want, "split at {split}");
        }
        assert_eq!(run(&["<p>no end"]).await, format!("<p>no end{tag}"));
        assert_eq!(run(&[]).await, tag);
    }

    #[tokio::test]
    async fn holds_back_little() {
        // A `</body>` followed by a long tail is not held for ever: the script then ends the page.
        let tail = "x".repeat(HOLD_LIMIT + 10);
        let out = run(&["<p>a</body>", &tail]).await;
        assert!(out.ends_with("x<script src=\"/__haven/live.js\" defer></script>"));
        let mut held = b"</body>".to_vec();
        assert!(release(&mut held).is_none());
    }
}
