//! Which names the preview answers to. A web page anywhere can point a name it owns at
//! 127.0.0.1 (DNS rebinding) and then read the preview, drafts included, as if it were its
//! own site; the browser tells such a request by its `Host`, which then names the page's
//! site. The preview answers only when `Host` is an address (`127.0.0.1`, `[::1]`, a network
//! address), `localhost`, or with `--bind` this computer's own name: names no other site can
//! make a browser use for it.
//!
//! The port is not compared: a browser always sends the port it connected to, so it proves
//! nothing, and a tunnel (`ssh -L 8080:localhost:1111`) legitimately changes it.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The names the preview answers to, besides addresses.
#[derive(Debug, Clone)]
pub struct Hosts {
    names: Arc<Vec<String>>,
    /// Where to open the preview, for the refusal.
    home: String,
}

impl Hosts {
    /// The names for a preview listening on `local`: `localhost` always; this computer's name
    /// (and `NAME.local`) when it listens beyond this computer.
    pub fn for_address(local: SocketAddr) -> Hosts {
        let mut names = vec!["localhost".to_string()];
        if !local.ip().is_loopback() {
            let node = rustix::system::uname()
                .nodename()
                .to_string_lossy()
                .to_ascii_lowercase();
            if !node.is_empty() {
                names.push(format!("{node}.local"));
                names.push(node);
            }
        }
        let shown = match local.ip() {
            IpAddr::V6(v6) if v6.is_loopback() => format!("[{v6}]"),
            IpAddr::V4(v4) if v4.is_loopback() => v4.to_string(),
            _ => "127.0.0.1".to_string(),
        };
        Hosts {
            names: Arc::new(names),
            home: format!("http://{shown}:{}/", local.port()),
        }
    }

    /// Whether a request whose `Host` (or absolute URL) names `host` is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Ok(authority) = host.trim().parse::<axum::http::uri::Authority>() else {
            return false;
        };
        let name = authority.host();
        let bare = name.trim_start_matches('[').trim_end_matches(']');
        if bare.parse::<IpAddr>().is_ok() {
            return true;
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        // Browsers resolve `*.localhost` to this computer themselves, never through DNS.
        name.ends_with(".localhost") || self.names.contains(&name)
    }
}

/// Refuses requests for any other name with 421 and a plain explanation.
pub async fn check(State(hosts): State<Hosts>, req: Request, next: Next) -> Response {
    // An absolute URL in the request line (`GET http://host/ HTTP/1.1`) wins over `Host`.
    let named = req
        .uri()
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            req.headers()
                .get(header::HOST)
                .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
        });
    match named {
        // No name at all (an HTTP/1.0 tool): no browser page can send that.
        None => next.run(req).await,
        Some(h) if hosts.allows(&h) => next.run(req).await,
        Some(h) => refuse(&hosts, &h),
    }
}

fn refuse(hosts: &Hosts, host: &str) -> Response {
    let shown: String = host.chars().filter(|c| !c.is_control()).take(100).collect();
    let text = format!(
        "This preview answers only at the addresses it printed when it started, such as {}.\n\
         It was asked for as \u{201c}{shown}\u{201d}, which could be another website trying to read \
         the preview (drafts included) through this computer, so it did not answer.\n",
        hosts.home
    );
    let mut resp = (StatusCode::MISDIRECTED_REQUEST, text).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_localhost_only() {
        let h = Hosts::for_address("127.0.0.1:1111".parse().unwrap());
        for ok in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:1111",
            "LOCALHOST:1111",
            "localhost.:1111",
            "[::1]:1111",
            "app.localhost:1111",
            "192.168.1.20:1111",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example:1111",
            "evil.example",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "",
            "a b",
        ] {
            assert!(!h.allows(refused), "{refused}");
        }
    }

    #[test]
    fn with_bind_this_computers_name_too() {
        let node = rustix::system::uname()
            .nodename()
            .to_string_lossy()
            .to_ascii_lowercase();
        let h = Hosts::for_address("0.0.0.0:1111".parse().unwrap());
        assert!(h.allows(&format!("{node}:1111")));
        assert!(h.allows(&format!("{node}.local:1111")));
        assert!(!h.allows(&format!("{node}.evil.example:1111")));
        let local = Hosts::for_address("127.0.0.1:1111".parse().unwrap());
        assert!(node == "localhost" || !local.allows(&format!("{node}:1111")));
    }
}
