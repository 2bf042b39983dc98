//! Who may use the editor: a browser on this computer that opened the address printed in the
//! terminal. The editor writes files, so every request is checked before it is handled:
//!
//! - `Host` must name this computer the way the preview's own check allows it
//!   (`preview_http::host::Hosts`: an address, `localhost`): a page on another site that re-points
//!   its own name at 127.0.0.1 (DNS rebinding) sends its own name and is refused;
//! - a random token, made once per run and printed in the editor's address, becomes a cookie
//!   (`HttpOnly`, `SameSite=Strict`, only for `/__haven/edit`); every editor request needs it,
//!   so no other program or page can read drafts or write through the editor;
//! - every write (`POST`) must come from the editor's own pages: `Origin` equal to this server
//!   and, when the browser sends it, `Sec-Fetch-Site: same-origin`. A form on a site the
//!   person has open elsewhere cannot post here.

use axum::http::{HeaderMap, Method, header};

use crate::preview_http::host::Hosts;

/// Where the editor lives; nothing in a site can be at this path.
pub const EDIT_PREFIX: &str = "/__haven/edit";

/// The secret of one run and the port it serves on.
#[derive(Debug, Clone)]
pub struct Access {
    token: String,
    port: u16,
    hosts: Hosts,
}

/// Why a request was refused (each is answered with 403 and a sentence, never handled).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `Host` is not this computer's address for this server.
    Host,
    /// No valid token cookie (or token in the address).
    Token,
    /// A write whose `Origin` is missing or another site.
    Origin,
}

impl Refusal {
    /// The words the browser (or a tool) is answered with.
    pub fn words_key(self) -> &'static str {
        match self {
            Refusal::Host => "refused_host",
            Refusal::Token => "refused_token",
            Refusal::Origin => "refused_origin",
        }
    }
}

impl Access {
    /// A fresh random token for a server on `port`.
    pub fn new(port: u16) -> std::io::Result<Access> {
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Access::with_token(&token, port))
    }

    /// The same with a known token (tests).
    pub fn with_token(token: &str, port: u16) -> Access {
        let local = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        Access {
            token: token.to_string(),
            port,
            hosts: Hosts::for_address(local),
        }
    }

    /// The address to print: the editor with the token, which the browser trades for a cookie.
    pub fn start_url(&self) -> String {
        format!(
            "http://127.0.0.1:{}{EDIT_PREFIX}/?token={}",
            self.port, self.token
        )
    }

    /// The cookie's name: one per port, so two previews on one computer do not sign each
    /// other out (cookies do not tell ports apart).
    pub fn cookie_name(&self) -> String {
        format!("haven_editor_{}", self.port)
    }

    /// The `Set-Cookie` value that signs this browser in.
    pub fn set_cookie(&self) -> String {
        format!(
            "{}={}; Path={EDIT_PREFIX}; HttpOnly; SameSite=Strict",
            self.cookie_name(),
            self.token
        )
    }

    /// Whether `candidate` is this run's token (compared in constant time).
    pub fn token_matches(&self, candidate: &str) -> bool {
        let (a, b) = (self.token.as_bytes(), candidate.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// The names the preview answers to (its own Host check, which the editor shares).
    pub fn hosts(&self) -> &Hosts {
        &self.hosts
    }

    /// Whether `host` (the `Host` header) names this computer: the preview's own check.
    pub fn host_ok(&self, host: &str) -> bool {
        self.hosts.allows(host)
    }

    /// Checks one request. `query_token` is a `token=` in the address (the first visit).
    pub fn check(
        &self,
        method: &Method,
        headers: &HeaderMap,
        query_token: Option<&str>,
    ) -> Result<(), Refusal> {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !self.host_ok(host) {
            return Err(Refusal::Host);
        }
        let signed_in = cookie(headers, &self.cookie_name()).is_some_and(|t| self.token_matches(t))
            || (method == Method::GET && query_token.is_some_and(|t| self.token_matches(t)));
        if !signed_in {
            return Err(Refusal::Token);
        }
        if method != Method::GET && method != Method::HEAD {
            let origin = headers
                .get(header::ORIGIN)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let fetch_site = headers
                .get("sec-fetch-site")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("same-origin");
            if origin != format!("http://{host}") || fetch_site != "same-origin" {
                return Err(Refusal::Origin);
            }
        }
        Ok(())
    }
}

/// The value of cookie `name` in the request.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn each_refusal() {
        let a = Access::with_token("abc", 4000);
        let ok = |pairs: &[(&'static str, &str)], m: Method| a.check(&m, &headers(pairs), None);
        let cookie = "haven_editor_4000=abc";
        assert_eq!(
            ok(
                &[("host", "127.0.0.1:4000"), ("cookie", cookie)],
                Method::GET
            ),
            Ok(())
        );
        assert_eq!(
            ok(
                &[("host", "evil.example:4000"), ("cookie", cookie)],
                Method::GET
            ),
            Err(Refusal::Host)
        );
        assert_eq!(
            ok(
                &[
                    ("host", "rebound.localhost.evil.example:4000"),
                    ("cookie", cookie)
                ],
                Method::GET
            ),
            Err(Refusal::Host)
        );
        assert_eq!(
            ok(&[("host", "127.0.0.1:4000")], Method::GET),
            Err(Refusal::Token)
        );
        assert_eq!(
            ok(
                &[
                    ("host", "127.0.0.1:4000"),
                    ("cookie", "haven_editor_4000=abd")
                ],
                Method::GET
            ),
            Err(Refusal::Token)
        );
        assert_eq!(
            ok(
                &[("host", "127.0.0.1:4000"), ("cookie", cookie)],
                Method::POST
            ),
            Err(Refusal::Origin)
        );
        assert_eq!(
            ok(
                &[
                    ("host", "127.0.0.1:4000"),
                    ("cookie", cookie),
                    ("origin", "http://evil.example")
                ],
                Method::POST
            ),
            Err(Refusal::Origin)
        );
        assert_eq!(
            ok(
                &[
                    ("host", "127.0.0.1:4000"),
                    ("cookie", cookie),
                    ("origin", "http://127.0.0.1:4000"),
                    ("sec-fetch-site", "cross-site")
                ],
                Method::POST
            ),
            Err(Refusal::Origin)
        );
        assert_eq!(
            ok(
                &[
                    ("host", "localhost:4000"),
                    ("cookie", cookie),
                    ("origin", "http://localhost:4000")
                ],
                Method::POST
            ),
            Ok(())
        );
        // The token in the address works only to open a page, never to write.
        assert_eq!(
            a.check(
                &Method::POST,
                &headers(&[
                    ("host", "127.0.0.1:4000"),
                    ("origin", "http://127.0.0.1:4000")
                ]),
                Some("abc")
            ),
            Err(Refusal::Token)
        );
    }

    #[test]
    fn tokens_are_random_and_long() {
        let (a, b) = (Access::new(1).unwrap(), Access::new(1).unwrap());
        assert_ne!(a.token, b.token);
        assert_eq!(a.token.len(), 48);
        assert!(a.set_cookie().contains("HttpOnly; SameSite=Strict"));
    }
}
