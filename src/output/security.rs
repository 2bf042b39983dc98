//! The second wall behind the content rules: the Content-Security-Policy every page carries
//! (in a `<meta>` the theme writes, and in the `_headers` file that Netlify and Cloudflare
//! Pages send as HTTP headers), so that even a script that slipped into a page could not run
//! or send anything elsewhere. The policy is written here once; templates, redirect pages,
//! `_headers` and README's server snippets all say the same.

use serde::Serialize;

/// The policy for a page. Nothing but the site's own files may load; no script may be
/// written into a page (the theme keeps its scripts in files); no plugins; no `<base>`;
/// forms only to the site itself. With `search`, WebAssembly may be compiled too, which the
/// search index's code needs.
pub fn content_policy(search: bool) -> String {
    let wasm = if search { " 'wasm-unsafe-eval'" } else { "" };
    format!(
        "default-src 'self'; script-src 'self'{wasm}; object-src 'none'; base-uri 'none'; form-action 'self'"
    )
}

/// The policy as an HTTP header: the page policy plus what only a header can say (no other
/// site may show the page in a frame).
pub fn header_policy(search: bool) -> String {
    format!("{}; frame-ancestors 'none'", content_policy(search))
}

/// Which page a link was followed from is never told to the site it leads to (a quick exit
/// included).
pub const REFERRER: &str = "no-referrer";

/// Browser features no page of the site uses, switched off.
pub const PERMISSIONS: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

/// Every HTTP header the site's pages should be sent with, in order.
pub fn headers(search: bool) -> Vec<(&'static str, String)> {
    vec![
        ("Content-Security-Policy", header_policy(search)),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Referrer-Policy", REFERRER.into()),
        ("Permissions-Policy", PERMISSIONS.into()),
        // Older browsers that do not know `frame-ancestors`.
        ("X-Frame-Options", "DENY".into()),
    ]
}

/// The `_headers` file (Netlify and Cloudflare Pages syntax): the headers for every path.
pub fn headers_file(search: bool) -> String {
    let mut out = String::from(
        "# Written by Haven: the HTTP headers Netlify and Cloudflare Pages send with every file.\n\
         # Other servers: see README, \"Security headers\".\n/*\n",
    );
    for (name, value) in headers(search) {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    out
}

/// What templates see as `security`: `csp` (the page policy), `csp_search` (the policy for
/// a page that runs the search) and `referrer`.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateValues {
    /// The policy for the `<meta http-equiv="Content-Security-Policy">` of a page.
    pub csp: String,
    /// The same for a page that uses the search.
    pub csp_search: String,
    /// The `<meta name="referrer">` value.
    pub referrer: &'static str,
}

/// The values for templates.
pub fn template_values() -> TemplateValues {
    TemplateValues {
        csp: content_policy(false),
        csp_search: content_policy(true),
        referrer: REFERRER,
    }
}

/// The two `<meta>` tags, for pages Haven writes without a template (redirect pages).
pub fn meta_tags() -> String {
    format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n<meta name=\"referrer\" content=\"{REFERRER}\">\n",
        content_policy(false)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_policy_everywhere() {
        let page = content_policy(false);
        assert_eq!(
            page,
            "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
        );
        assert!(content_policy(true).contains("script-src 'self' 'wasm-unsafe-eval';"));
        let file = headers_file(false);
        assert!(file.contains(&format!(
            "\n/*\n  Content-Security-Policy: {page}; frame-ancestors 'none'\n"
        )));
        assert!(file.contains("  Referrer-Policy: no-referrer\n"));
        assert!(meta_tags().contains(&page));
    }
}
