//! Redirect pages for aliases: a static host cannot send a 301, so each old URL gets a tiny
//! page that forwards at once and still shows a link for browsers that do not.

use crate::html::escape;

/// The HTML of a redirect page to `target` (a root-relative URL) with canonical `permalink`.
pub fn page(target: &str, permalink: &str, lang: &str) -> String {
    let t = escape(target);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Page moved</title>\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
{}<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{}\">\n\
<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n<body>\n<main>\n<h1>Page moved</h1>\n\
<p>This page is now at <a href=\"{t}\">{t}</a>.</p>\n</main>\n</body>\n</html>\n",
        super::security::meta_tags(),
        escape(permalink),
        lang = escape(lang)
    )
}
