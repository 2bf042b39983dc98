//! Script, redirects and trackers: raw HTML in a page may use only the tags, attributes,
//! classes and kinds of address in `policy.rs`. Anything the sanitizer (ammonia) would take
//! out is an error that names the tag or attribute, says why it is not allowed and what to
//! write instead; the page is never changed silently. Links and images written in Markdown
//! are judged by the same rule for addresses.
//!
//! Each piece of HTML is read twice: by the browser's tokenizer, which sees every tag as
//! written and gives the plain-words messages, and by ammonia itself, whose verdict catches
//! anything the first reading did not explain.

mod policy;
mod problem;
mod tokens;

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag};

use super::doc::{Doc, HtmlPiece};
use crate::diagnostic::Diagnostic;
use policy::{Address, address, attribute_allowed, is_address, tag_allowed};
pub use policy::{CLASSES, SCHEMES, TAGS};
use problem::Problem;
use tokens::StartTag;

/// Runs the rule on one document.
pub fn check(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    markdown_addresses(doc, out);
    let before = out.len();
    let mut refused_depth = 0;
    for piece in &doc.html {
        html(doc, piece, &mut refused_depth, out);
    }
    // Once the first reading has nothing to say (a page with errors fails anyway).
    if out.len() == before {
        for piece in &doc.html {
            second_opinion(doc, piece, out);
        }
    }
}

/// `[text](javascript:…)`, `![image](data:…)` and other addresses a link or image in
/// Markdown must not have.
fn markdown_addresses(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    for (e, r) in doc.events.iter() {
        let (tag, attribute, dest) = match e {
            Event::Start(Tag::Link { dest_url, .. }) => ("a", "href", dest_url),
            Event::Start(Tag::Image { dest_url, .. }) => ("img", "src", dest_url),
            _ => continue,
        };
        if let Some(p) = address_problem(tag, attribute, dest) {
            let at = doc.body[r.clone()]
                .find(&**dest)
                .map_or(r.start, |i| r.start + i);
            out.push(p.diagnostic(doc, at));
        }
    }
}

/// What is wrong with an address in `attribute` of `tag`, if anything.
fn address_problem(tag: &str, attribute: &str, value: &str) -> Option<Problem> {
    let loads = !(tag == "a" || attribute == "cite");
    match address(value) {
        Address::Fine => None,
        Address::Script(scheme) => Some(Problem::ScriptAddress {
            value: value.to_string(),
            scheme,
        }),
        Address::Data => Some(Problem::DataAddress {
            value: value.to_string(),
            loads,
        }),
        Address::Other(scheme) => Some(Problem::OtherScheme {
            value: value.to_string(),
            scheme,
        }),
        Address::Broken => Some(Problem::BrokenAddress {
            value: value.to_string(),
        }),
    }
}

/// Every problem of one start tag, each with the attribute it is in (none: the tag itself).
fn problems(tag: &StartTag) -> Vec<(Option<&str>, Problem)> {
    let name = tag.name.as_str();
    let attr = |a: &str| {
        tag.attrs
            .iter()
            .find(|(n, _)| n == a)
            .map(|(_, v)| v.as_str())
    };
    let whole = match name {
        "script" => Some(Problem::Script {
            src: attr("src").map(String::from),
        }),
        "style" => Some(Problem::StyleElement),
        "meta" => Some(
            if attr("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh")) {
                Problem::Refresh {
                    content: attr("content").unwrap_or("").to_string(),
                }
            } else {
                Problem::HeadOnly {
                    tag: name.to_string(),
                }
            },
        ),
        "link" => Some(Problem::HeadOnly {
            tag: name.to_string(),
        }),
        "base" => Some(Problem::Base),
        "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "portal"
        | "fencedframe" => Some(Problem::Embed {
            tag: name.to_string(),
        }),
        "form" | "input" | "button" | "select" | "textarea" | "option" | "optgroup"
        | "datalist" | "output" | "fieldset" | "legend" | "label" => Some(Problem::Form {
            tag: name.to_string(),
        }),
        "svg" | "math" => Some(Problem::Drawing {
            tag: name.to_string(),
        }),
        "html" | "head" | "body" | "title" => Some(Problem::PageStructure {
            tag: name.to_string(),
        }),
        _ if !tag_allowed(name) => Some(Problem::Tag {
            tag: name.to_string(),
        }),
        _ => None,
    };
    if let Some(p) = whole {
        return vec![(None, p)];
    }
    let mut found = Vec::new();
    for (a, value) in &tag.attrs {
        let a = a.as_str();
        let p = if a.starts_with("on") {
            Some(Problem::Handler {
                attribute: a.to_string(),
            })
        } else if a == "style" {
            Some(Problem::StyleAttribute)
        } else if a == "ping" {
            Some(Problem::Ping {
                value: value.clone(),
            })
        } else if a == "target" {
            Some(Problem::Target)
        } else if a == "class" {
            let unknown: Vec<String> = value
                .split_ascii_whitespace()
                .filter(|c| !CLASSES.contains(c))
                .map(String::from)
                .collect();
            (!unknown.is_empty()).then_some(Problem::Class { classes: unknown })
        } else if !attribute_allowed(name, a) {
            Some(Problem::Attribute {
                tag: name.to_string(),
                attribute: a.to_string(),
            })
        } else if is_address(a) {
            let mut addresses = if a == "srcset" {
                value
                    .split(',')
                    .filter_map(|c| c.split_ascii_whitespace().next())
                    .collect()
            } else {
                vec![value.as_str()]
            };
            addresses.retain(|v| !v.is_empty());
            addresses.iter().find_map(|v| address_problem(name, a, v))
        } else {
            None
        };
        if let Some(p) = p {
            found.push((Some(a), p));
        }
    }
    found
}

/// The rule over one piece of raw HTML, as the tokenizer reads it.
fn html(
    doc: &Doc<'_>,
    piece: &HtmlPiece<'_>,
    refused_depth: &mut usize,
    out: &mut Vec<Diagnostic>,
) {
    let scan = tokens::scan(&piece.text, refused_depth);
    let lower = piece.text.to_ascii_lowercase();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for tag in &scan.tags {
        let nth = seen.entry(&tag.name).or_default();
        let tag_at = piece.tag_in_text(&tag.name, *nth);
        *nth += 1;
        if tag.inside_refused {
            continue;
        }
        for (attribute, p) in problems(tag) {
            let at = match (tag_at, attribute) {
                (Some(t), Some(a)) => attribute_in_tag(&lower, t, a),
                (Some(t), None) => t,
                (None, _) => 0,
            };
            out.push(p.diagnostic(doc, piece.body_offset(at)));
        }
    }
    if scan.cut_off {
        let (at, p) = cut_off(&piece.text);
        out.push(p.diagnostic(doc, piece.body_offset(at)));
    }
}

/// Where an attribute is written in the tag that starts at `tag_at` of `lower` (the piece's
/// text in lower case); the tag's start when it cannot be found.
fn attribute_in_tag(lower: &str, tag_at: usize, attribute: &str) -> usize {
    let end = lower[tag_at..]
        .find('>')
        .map_or(lower.len(), |e| tag_at + e);
    let span = &lower[tag_at..end];
    span.match_indices(attribute)
        .find(|(i, _)| {
            let before = span[..*i].chars().next_back();
            let after = span[i + attribute.len()..].chars().next();
            before.is_some_and(|c| c.is_ascii_whitespace() || c == '"' || c == '\'' || c == '/')
                && after.is_none_or(|c| c == '=' || c == '>' || c == '/' || c.is_ascii_whitespace())
        })
        .map_or(tag_at, |(i, _)| tag_at + i)
}

/// The unclosed tag or comment that ends a piece: where it starts, and which it is.
fn cut_off(text: &str) -> (usize, Problem) {
    let comment = text
        .rfind("<!--")
        .filter(|c| !text[c + 4..].contains("-->"));
    match comment {
        Some(c) => (c, Problem::OpenComment),
        None => {
            let at = text.rfind('<').unwrap_or(0);
            let shown: String = text[at..].lines().next().unwrap_or("").to_string();
            (at, Problem::OpenTag { start: shown })
        }
    }
}

/// Asks ammonia what it would take out of the piece, and reports the first thing it would
/// remove (only called when the tokenizer's reading found nothing, so this catches only what
/// the lists and messages above do not explain).
fn second_opinion(doc: &Doc<'_>, piece: &HtmlPiece<'_>, out: &mut Vec<Diagnostic>) {
    let cleaned = policy::sanitizer().clean(&piece.text).to_string();
    let after = elements(&scraper::Html::parse_fragment(&cleaned));
    let before = elements(&piece.dom);
    let mut kept = after.iter().peekable();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (name, attrs) in &before {
        let nth = seen.entry(name).or_default();
        let at = piece.tag_offset(name, *nth);
        *nth += 1;
        let removed = match kept.peek() {
            Some((n, a)) if n == name => {
                kept.next();
                attrs
                    .iter()
                    .find(|x| !a.contains(x))
                    .map(|(attr, _)| format!("the `{attr}` attribute of `<{name}>`"))
            }
            _ => Some(format!("the tag `<{name}>`")),
        };
        if let Some(what) = removed {
            out.push(Problem::Unexplained { what }.diagnostic(doc, at));
            return;
        }
    }
}

/// Every element of a parsed fragment but its root, with its attributes sorted (a `class`
/// as its classes, one space apart, which is how ammonia writes it back).
fn elements(dom: &scraper::Html) -> Vec<(String, Vec<(String, String)>)> {
    dom.root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .skip(1)
        .map(|el| {
            let mut attrs: Vec<(String, String)> = el
                .value()
                .attrs()
                .map(|(n, v)| {
                    let v = if n == "class" {
                        v.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
                    } else {
                        v.to_string()
                    };
                    (n.to_string(), v)
                })
                .filter(|(n, v)| !(n == "class" && v.is_empty()))
                .collect();
            attrs.sort();
            (el.value().name().to_string(), attrs)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> Vec<String> {
        let doc = Doc::parse(std::path::Path::new("content/t.md"), body, 1, "en");
        let mut out = Vec::new();
        check(&doc, &mut out);
        crate::check::testing::shown(&out)
    }

    #[test]
    fn allowed_html_passes() {
        let body = "<details>\n<summary>More about <abbr title=\"Office of Violence Prevention\">OVP</abbr></summary>\n\nText with H<sub>2</sub>O and <kbd>Ctrl</kbd>.\n\n</details>\n\n<figure class=\"figure\">\n<img src=\"map.png\" alt=\"A map\">\n<figcaption>A map</figcaption>\n</figure>\n\n<dl><dt>Term</dt><dd>Meaning</dd></dl>\n\n<table>\n<tr><th scope=\"col\">A</th></tr>\n\n<tr><td colspan=\"2\">1</td></tr>\n</table>\n\n<span lang=\"en\">blueprint</span> [a page](@/about.md) [mail](mailto:a@example.org) <!-- note -->\n";
        assert_eq!(run(body), Vec::<String>::new());
    }

    #[test]
    fn each_problem_is_found_where_it_is_written() {
        let body = "Intro.\n\n<div>\n  <p onClick=\"x()\">a</p>\n</div>\n\n> <a\n> href=\"java&#x09;script:x\">b</a>\n\n- <img alt=\"x\"\n  src=\"data:image/png;base64,AA\">\n";
        assert_eq!(
            run(body),
            [
                "4:6: error: the `onclick` attribute runs a script in readers' browsers",
                "8:3: error: the address `java script:x` runs a script (`javascript:`) instead of opening a page",
                "11:3: error: the image or media file is written into the page itself (`data:image/png;base64,AA`) instead of being a file",
            ]
        );
    }

    #[test]
    fn a_cut_off_tag_is_an_error() {
        assert_eq!(
            run("<div title='\n\nx' onmouseover='alert(1)'\n"),
            ["1:1: error: this HTML tag is not closed: `<div title='` has no `>`"]
        );
    }

    #[test]
    fn ammonia_has_the_last_word() {
        // A tag the lists allow but that ammonia removes when it stands where only foreign
        // content can have it: the first reading finds nothing, the second does.
        let body = "<math><mi><div>x</div></mi></math>\n";
        let doc = Doc::parse(std::path::Path::new("content/t.md"), body, 1, "en");
        let mut out = Vec::new();
        second_opinion(&doc, &doc.html[0], &mut out);
        assert_eq!(
            out.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
            ["the HTML safety check would remove the tag `<math>` from this HTML"]
        );
    }
}
