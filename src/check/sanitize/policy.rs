//! The allow-list: which HTML tags, attributes, classes and kinds of address a page may use.
//! It is written once here and given to ammonia, the sanitizer that decides what a page's
//! HTML would lose; the rule in `mod.rs` reads the same lists to say why in plain words.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::Builder;

/// Tags a public-information page may use in its HTML, each with the attributes it may have
/// besides `GENERIC`. Markdown covers most writing; these are for what it cannot say
/// (abbreviations, collapsible parts, figures, definition lists, local images and media…).
pub const TAGS: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "type"]),
    ("abbr", &[]),
    ("address", &[]),
    ("article", &[]),
    ("aside", &[]),
    ("audio", &["src", "controls", "preload", "loop", "muted"]),
    ("b", &[]),
    ("bdi", &[]),
    ("bdo", &[]),
    ("blockquote", &["cite"]),
    ("br", &[]),
    ("caption", &[]),
    ("cite", &[]),
    ("code", &[]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("dd", &[]),
    ("del", &["cite", "datetime"]),
    ("details", &["open", "name"]),
    ("dfn", &[]),
    ("div", &[]),
    ("dl", &[]),
    ("dt", &[]),
    ("em", &[]),
    ("figcaption", &[]),
    ("figure", &[]),
    ("footer", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("header", &[]),
    ("hgroup", &[]),
    ("hr", &[]),
    ("i", &[]),
    (
        "img",
        &[
            "src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding",
        ],
    ),
    ("ins", &["cite", "datetime"]),
    ("kbd", &[]),
    ("li", &["value"]),
    ("mark", &[]),
    ("ol", &["start", "reversed", "type"]),
    ("p", &[]),
    ("picture", &[]),
    ("pre", &[]),
    ("q", &["cite"]),
    ("rp", &[]),
    ("rt", &[]),
    ("ruby", &[]),
    ("s", &[]),
    ("samp", &[]),
    ("section", &[]),
    ("small", &[]),
    ("source", &["src", "srcset", "sizes", "type", "media"]),
    ("span", &[]),
    ("strong", &[]),
    ("sub", &[]),
    ("summary", &[]),
    ("sup", &[]),
    ("table", &[]),
    ("tbody", &[]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("tfoot", &[]),
    ("th", &["colspan", "rowspan", "headers", "scope", "abbr"]),
    ("thead", &[]),
    ("time", &["datetime"]),
    ("tr", &[]),
    ("track", &["src", "kind", "srclang", "label", "default"]),
    ("u", &[]),
    ("ul", &[]),
    ("var", &[]),
    (
        "video",
        &[
            "src",
            "controls",
            "poster",
            "preload",
            "width",
            "height",
            "loop",
            "muted",
            "playsinline",
        ],
    ),
    ("wbr", &[]),
];

/// Attributes every allowed tag may have.
pub const GENERIC: &[&str] = &["id", "lang", "title", "dir", "role", "hidden", "translate"];

/// Attribute name prefixes every allowed tag may have: ARIA, for screen readers.
pub const GENERIC_PREFIXES: &[&str] = &["aria-"];

/// Classes a page may use: the ones Haven's own Markdown adapters write (so HTML copied from
/// a built page stays valid) and the theme's table-alignment classes.
pub const CLASSES: &[&str] = &[
    "align-center",
    "align-left",
    "align-right",
    "callout",
    "callout-label",
    "callout-note",
    "callout-recommendation",
    "cite",
    "cite-label",
    "figure",
    "figure-number",
    "figure-source",
    "footnote-backref",
    "footnote-definition",
    "footnote-reference",
    "footnotes",
    "heading-link",
    "heading-number",
    "table-number",
    "visually-hidden",
];

/// Kinds of address a link may have besides addresses on this site.
pub const SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "sms"];

/// Whether an allowed attribute holds an address (or, `srcset`, a list of them).
pub fn is_address(attribute: &str) -> bool {
    matches!(attribute, "href" | "src" | "srcset" | "cite" | "poster")
}

/// The sanitizer, configured with the lists above. Comments stay (they are not published
/// as text, and staff use them for notes); no `rel` is added to links.
pub fn sanitizer() -> &'static Builder<'static> {
    static BUILDER: LazyLock<Builder<'static>> = LazyLock::new(|| {
        let tags: HashSet<&str> = TAGS.iter().map(|(t, _)| *t).collect();
        let tag_attributes: HashMap<&str, HashSet<&str>> = TAGS
            .iter()
            .map(|(t, a)| (*t, a.iter().copied().collect()))
            .collect();
        let classes: HashSet<&str> = CLASSES.iter().copied().collect();
        let allowed_classes: HashMap<&str, HashSet<&str>> =
            TAGS.iter().map(|(t, _)| (*t, classes.clone())).collect();
        let mut b = Builder::empty();
        b.tags(tags)
            .tag_attributes(tag_attributes)
            .generic_attributes(GENERIC.iter().copied().collect())
            .generic_attribute_prefixes(GENERIC_PREFIXES.iter().copied().collect())
            .allowed_classes(allowed_classes)
            .url_schemes(SCHEMES.iter().copied().collect())
            .link_rel(None)
            .strip_comments(false);
        b
    });
    &BUILDER
}

/// Whether `tag` is allowed.
pub fn tag_allowed(tag: &str) -> bool {
    TAGS.iter().any(|(t, _)| *t == tag)
}

/// Whether `attribute` is allowed on `tag` (which is allowed).
pub fn attribute_allowed(tag: &str, attribute: &str) -> bool {
    GENERIC.contains(&attribute)
        || GENERIC_PREFIXES.iter().any(|p| attribute.starts_with(p))
        || attribute == "class"
        || TAGS
            .iter()
            .any(|(t, a)| *t == tag && a.contains(&attribute))
}

/// What an address is, judged as browsers parse it (the WHATWG URL standard, which the `url`
/// crate implements: case, entities already decoded, tabs and line breaks inside the
/// scheme and leading control characters all count as browsers count them).
#[derive(Debug, PartialEq, Eq)]
pub enum Address {
    /// On this site, or a kind of address links may have.
    Fine,
    /// `javascript:` or `vbscript:`: runs a script.
    Script(String),
    /// `data:`: a whole file inside the address.
    Data,
    /// Another kind of address (`file:`, `ftp:`…).
    Other(String),
    /// Not an address a browser can open (`https://exa mple.org`).
    Broken,
}

/// Judges one address.
pub fn address(value: &str) -> Address {
    match url::Url::parse(value) {
        Ok(u) => match u.scheme() {
            s if SCHEMES.contains(&s) => Address::Fine,
            s @ ("javascript" | "vbscript") => Address::Script(s.to_string()),
            "data" => Address::Data,
            s => Address::Other(s.to_string()),
        },
        Err(url::ParseError::RelativeUrlWithoutBase) => Address::Fine,
        Err(_) => Address::Broken,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_browsers_read_them() {
        for fine in [
            "/about/",
            "about.md",
            "@/about.md",
            "#top",
            "https://example.org/",
            "mailto:a@example.org",
            "tel:+12035550100",
            "//example.org/x",
        ] {
            assert_eq!(address(fine), Address::Fine, "{fine}");
        }
        for script in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
        ] {
            assert_eq!(
                address(script),
                Address::Script("javascript".into()),
                "{script:?}"
            );
        }
        assert_eq!(address("VBScript:x"), Address::Script("vbscript".into()));
        assert_eq!(address("data:text/html,<p>x"), Address::Data);
        assert_eq!(address("file:///C:/x.pdf"), Address::Other("file".into()));
        assert_eq!(address("https://exa mple.org/"), Address::Broken);
    }

    #[test]
    fn the_sanitizer_keeps_what_the_lists_allow() {
        let html = "<details open><summary>More</summary><p class=\"callout\" lang=\"es\" aria-label=\"x\">Hi <abbr title=\"Office\">OVP</abbr></p></details>";
        assert_eq!(
            sanitizer().clean(html).to_string(),
            html.replace("open>", "open=\"\">")
        );
        assert_eq!(
            sanitizer()
                .clean("<a href=\"javascript:x\" onclick=\"y\" class=\"MsoNormal\">a</a><script>z</script>")
                .to_string(),
            "<a class=\"\">a</a>"
        );
        assert!(attribute_allowed("td", "colspan") && !attribute_allowed("td", "style"));
    }
}
