//! Privacy: a page must not make a reader's browser contact another website. An image, script,
//! embedded page, stylesheet or font loaded from another host tells that host who reads the
//! page, when, and from where. Links to other websites are fine: they load nothing until
//! clicked.

use cssparser::{ParseError, Parser, ParserInput, Token};
use pulldown_cmark::{Event, Tag};

use super::doc::{Doc, HtmlPiece};
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The host of the site itself (from `base_url`): loading from it is fine.
pub fn site_host(config: &Config) -> Option<String> {
    let u = url::Url::parse(config.base_url.trim()).ok()?;
    u.host_str().map(normal_host)
}

fn normal_host(host: &str) -> String {
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// The host an address loads from when it is not this site (`site`, from `base_url`), as
/// browsers read it: resolved against a page of the site with the `url` crate, which
/// implements the WHATWG URL standard browsers follow, so that `https:\\host`, `/\host`,
/// `\\host`, a tab inside the scheme and `http:host` all count as the other host they are.
/// A page is read over https once published and over http in the preview, and `http:host`
/// means another host only when the page's own scheme differs: both are tried.
/// `None` for addresses on this site and for `data:`, `mailto:` and the like.
pub fn remote_host(address: &str, site: Option<&str>) -> Option<String> {
    let own = site.unwrap_or("haven.invalid");
    ["https", "http"].iter().find_map(|scheme| {
        let page = url::Url::parse(&format!("{scheme}://{own}/a/page/")).ok()?;
        let u = page.join(address).ok()?;
        if !matches!(u.scheme(), "http" | "https") {
            return None;
        }
        let host = normal_host(u.host_str()?);
        (host != normal_host(own)).then_some(host)
    })
}

/// Runs the privacy rules on one document.
pub fn check(doc: &Doc<'_>, site: Option<&str>, out: &mut Vec<Diagnostic>) {
    for (e, r) in doc.events.iter() {
        if let Event::Start(Tag::Image { dest_url, .. }) = e
            && let Some(host) = remote_host(dest_url, site)
        {
            out.push(
                    doc.error(r.start, format!("the image `{dest_url}` is loaded from another website ({host})"))
                        .with_hint(format!(
                            "save the image next to this page (or in static/) and use that copy; every reader's browser would otherwise tell {host} who is reading this page"
                        )),
                );
        }
    }
    for piece in &doc.html {
        html(doc, piece, site, out);
    }
}

/// What an element's attribute loads, in words; `None` when it loads nothing.
fn loads(element: &str, attribute: &str, rel: Option<&str>) -> Option<&'static str> {
    Some(match (element, attribute) {
        ("script", "src") => "a script",
        ("iframe" | "frame", "src") => "an embedded page (<iframe>)",
        ("embed", "src") | ("object", "data") => "an embedded object",
        ("img" | "input" | "image", "src" | "srcset" | "href") => "an image",
        ("source", "src" | "srcset") => "an image or media file",
        ("video" | "audio" | "track", "src") => "a media file",
        ("video", "poster") => "an image",
        ("use", "href") => "an image",
        ("link", "href") => return link_loads(rel.unwrap_or("")),
        (_, "background") => "a background image",
        _ => return None,
    })
}

/// `<link>`s that only describe a relation (alternate, canonical…) load nothing.
fn link_loads(rel: &str) -> Option<&'static str> {
    const QUIET: &[&str] = &[
        "alternate",
        "author",
        "bookmark",
        "canonical",
        "external",
        "help",
        "license",
        "me",
        "next",
        "nofollow",
        "noopener",
        "noreferrer",
        "prev",
        "search",
        "tag",
    ];
    let rels: Vec<String> = rel
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    if !rels.is_empty() && rels.iter().all(|r| QUIET.contains(&r.as_str())) {
        return None;
    }
    Some(if rels.iter().any(|r| r == "stylesheet") {
        "a stylesheet"
    } else if rels.iter().any(|r| r.contains("icon")) {
        "an icon"
    } else {
        "a file (<link>)"
    })
}

fn html(doc: &Doc<'_>, piece: &HtmlPiece<'_>, site: Option<&str>, out: &mut Vec<Diagnostic>) {
    let mut cursor = piece.start;
    // An address written with entities (`ht&#9;tps:`) is not found as parsed: it is then
    // shown at its tag.
    let mut report = |what: &str,
                      address: &str,
                      host: &str,
                      tag_at: usize,
                      out: &mut Vec<Diagnostic>| {
        let found = piece.text_offset(address, cursor.max(tag_at));
        let at = if found == piece.start { tag_at } else { found };
        cursor = at + 1;
        let hint = if what.starts_with("an embedded") {
            format!(
                "replace it with a plain link to the page, which readers can choose to open; embedding makes every reader's browser contact {host}"
            )
        } else {
            format!(
                "save a copy in the site's static/ folder and point to that copy, or remove it; every reader's browser would otherwise tell {host} who is reading this page"
            )
        };
        out.push(
            doc.error(
                at,
                format!(
                    "this HTML loads {what} from another website ({host}): `{}`",
                    super::text::shorten(address, 80)
                ),
            )
            .with_hint(hint),
        );
    };
    let mut seen: std::collections::HashMap<&str, usize> = Default::default();
    for el in piece.elements() {
        let name = el.value().name();
        let nth = seen.entry(name).or_default();
        let tag_at = piece.tag_offset(name, *nth);
        *nth += 1;
        let rel = el.value().attr("rel");
        for (attribute, value) in el.value().attrs() {
            if attribute == "style" {
                for (what, address) in css_loads(value) {
                    if let Some(host) = remote_host(&address, site) {
                        report(what, &address, &host, tag_at, out);
                    }
                }
                continue;
            }
            let Some(what) = loads(name, attribute, rel) else {
                continue;
            };
            let addresses: Vec<&str> = if attribute == "srcset" {
                value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .collect()
            } else {
                vec![value]
            };
            for address in addresses {
                if let Some(host) = remote_host(address, site) {
                    report(what, address, &host, tag_at, out);
                }
            }
        }
        if name == "style" {
            let css: String = el.text().collect();
            for (what, address) in css_loads(&css) {
                if let Some(host) = remote_host(&address, site) {
                    report(what, &address, &host, tag_at, out);
                }
            }
        }
    }
}

/// Every address CSS loads (`url(…)`, `@import "…"`), with what it is, found with the CSS
/// tokenizer that browsers' engines use (cssparser), so comments and strings are not mistaken
/// for addresses.
pub fn css_loads(css: &str) -> Vec<(&'static str, String)> {
    let mut input = ParserInput::new(css);
    let mut parser = Parser::new(&mut input);
    let mut found = Vec::new();
    walk_css(&mut parser, false, &mut found);
    found
}

fn walk_css<'i>(
    p: &mut Parser<'i, '_>,
    in_font_face: bool,
    found: &mut Vec<(&'static str, String)>,
) {
    let file = if in_font_face {
        "a font"
    } else {
        "a file named in CSS"
    };
    let mut after_import = false;
    let mut next_block_is_font = false;
    while let Ok(token) = p.next() {
        let token = token.clone();
        let import = std::mem::take(&mut after_import);
        match token {
            Token::UnquotedUrl(u) => found.push((
                if import {
                    "a stylesheet (@import)"
                } else {
                    file
                },
                u.to_string(),
            )),
            Token::QuotedString(s) if import => {
                found.push(("a stylesheet (@import)", s.to_string()))
            }
            Token::AtKeyword(k) if k.eq_ignore_ascii_case("import") => after_import = true,
            Token::AtKeyword(k) if k.eq_ignore_ascii_case("font-face") => next_block_is_font = true,
            Token::Function(name) => {
                let is_url = name.eq_ignore_ascii_case("url");
                let what = if import {
                    "a stylesheet (@import)"
                } else {
                    file
                };
                let _ = p.parse_nested_block(
                    |p: &mut Parser<'i, '_>| -> Result<(), ParseError<'i, ()>> {
                        if is_url {
                            if let Ok(Token::QuotedString(s)) = p.next() {
                                found.push((what, s.to_string()));
                            }
                        } else {
                            walk_css(p, in_font_face, found);
                        }
                        Ok(())
                    },
                );
            }
            Token::CurlyBracketBlock | Token::ParenthesisBlock | Token::SquareBracketBlock => {
                let font = in_font_face || std::mem::take(&mut next_block_is_font);
                let _ = p.parse_nested_block(
                    |p: &mut Parser<'i, '_>| -> Result<(), ParseError<'i, ()>> {
                        walk_css(p, font, found);
                        Ok(())
                    },
                );
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::run;

    #[test]
    fn hosts() {
        let site = Some("example.org");
        let remote = |a: &str| remote_host(a, site);
        assert_eq!(
            remote("https://Fonts.Example.com:443/x?y").as_deref(),
            Some("fonts.example.com")
        );
        assert_eq!(
            remote("//cdn.example.net/a.js").as_deref(),
            Some("cdn.example.net")
        );
        assert_eq!(remote("http://user@[::1]:8080/").as_deref(), Some("[::1]"));
        assert_eq!(remote("/images/a.png"), None);
        assert_eq!(remote("a/b?u=https://x.org"), None);
        assert_eq!(remote("data:image/png;base64,AAAA"), None);
        assert_eq!(remote("mailto:a@b.org"), None);
        assert_eq!(remote("https://EXAMPLE.org./logo.png"), None);
        // What browsers read as another host, though it does not look like one.
        for sneaky in [
            "https:\\\\evil.example/x.png",
            "/\\evil.example/x.png",
            "\\\\evil.example/x.png",
            "ht\ttps://evil.example/x.png",
            "htt\nps://evil.example/x.png",
            " https://evil.example/x.png",
            "http:evil.example/x.png",
            "https:evil.example/x.png",
            "HTTPS://EVIL.EXAMPLE/x.png",
        ] {
            assert_eq!(
                remote(sneaky).as_deref(),
                Some("evil.example"),
                "{sneaky:?}"
            );
        }
    }

    #[test]
    fn css_addresses() {
        let css = "@import \"https://a.org/x.css\"; @import url(//b.org/y.css);\n/* url(https://c.org/no.png) */\n.x { background: url('https://d.org/bg.png') }\n@font-face { src: url(https://e.org/f.woff2) }";
        assert_eq!(
            css_loads(css),
            [
                ("a stylesheet (@import)", "https://a.org/x.css".to_string()),
                ("a stylesheet (@import)", "//b.org/y.css".to_string()),
                ("a file named in CSS", "https://d.org/bg.png".to_string()),
                ("a font", "https://e.org/f.woff2".to_string()),
            ]
        );
    }

    #[test]
    fn markdown_images_from_other_hosts() {
        assert_eq!(
            run("![A map](https://maps.example.com/m.png)\n", "en"),
            [
                "1:1: error: the image `https://maps.example.com/m.png` is loaded from another website (maps.example.com)"
            ]
        );
        assert!(run("![A map](map.png) ![A logo](https://example.org/logo.png) [a site](https://other.org/)\n", "en").is_empty());
    }

    #[test]
    fn raw_html_that_loads_from_other_hosts() {
        let body = "Intro.\n\n<script src=\"https://cdn.example.net/a.js\"></script>\n\n<iframe title=\"Map\" src=\"//maps.example.com/embed\"></iframe>\n\nText <img alt=\"Logo\" srcset=\"logo.png 1x, https://img.example.net/l2.png 2x\"> here.\n\n<div style=\"background: url(https://bg.example.net/a.png)\">x</div>\n\n<style>\n@font-face { src: url(\"https://fonts.example.net/f.woff2\") }\n</style>\n\n<link rel=\"stylesheet\" href=\"https://css.example.net/s.css\">\n";
        assert_eq!(
            run(body, "en"),
            [
                "3:14: error: this HTML loads a script from another website (cdn.example.net): `https://cdn.example.net/a.js`",
                "5:26: error: this HTML loads an embedded page (<iframe>) from another website (maps.example.com): `//maps.example.com/embed`",
                "7:43: error: this HTML loads an image from another website (img.example.net): `https://img.example.net/l2.png`",
                "9:29: error: this HTML loads a file named in CSS from another website (bg.example.net): `https://bg.example.net/a.png`",
                "12:24: error: this HTML loads a font from another website (fonts.example.net): `https://fonts.example.net/f.woff2`",
                "15:30: error: this HTML loads a stylesheet from another website (css.example.net): `https://css.example.net/s.css`",
            ]
        );
    }

    #[test]
    fn raw_html_that_loads_nothing_from_elsewhere() {
        let body = "<a href=\"https://other.org/\">the other site</a>\n\n<img alt=\"Logo\" src=\"/logo.png\">\n\n<link rel=\"alternate\" href=\"https://other.org/feed\">\n\n<div style=\"background: url(https://example.org/ok.png)\">x</div>\n";
        assert!(run(body, "en").is_empty(), "{:?}", run(body, "en"));
    }
}
