//! What the sanitizer rule can find, and how each is said to staff: what is wrong, why it
//! is not allowed, and what to write instead.

use super::super::doc::Doc;
use super::super::text::shorten;
use crate::diagnostic::Diagnostic;

/// One thing a page's HTML or links must not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `<script>`, written in the page or loaded with `src`.
    Script { src: Option<String> },
    /// `onclick=`, `onerror=`…
    Handler { attribute: String },
    /// `javascript:` / `vbscript:` addresses.
    ScriptAddress { value: String, scheme: String },
    /// `data:` addresses; `loads`: an image or media file rather than a link.
    DataAddress { value: String, loads: bool },
    /// `file:`, `ftp:` and other kinds of address.
    OtherScheme { value: String, scheme: String },
    /// An address no browser can open.
    BrokenAddress { value: String },
    /// `<meta http-equiv="refresh">`.
    Refresh { content: String },
    /// `<meta>` and `<link>`, which belong in the theme's page head.
    HeadOnly { tag: String },
    /// `<base href>`.
    Base,
    /// `<a ping>`.
    Ping { value: String },
    /// `target=` on a link.
    Target,
    /// `<iframe>`, `<object>`, `<embed>`…
    Embed { tag: String },
    /// `<form>`, `<input>`, `<button>`…
    Form { tag: String },
    /// `<style>`.
    StyleElement,
    /// `style="…"`.
    StyleAttribute,
    /// `<svg>`, `<math>`.
    Drawing { tag: String },
    /// `<html>`, `<head>`, `<body>`, `<title>`.
    PageStructure { tag: String },
    /// Any other tag not in the list.
    Tag { tag: String },
    /// An attribute the tag may not have.
    Attribute { tag: String, attribute: String },
    /// Classes the theme does not know.
    Class { classes: Vec<String> },
    /// A tag with no `>` at the end of the HTML.
    OpenTag { start: String },
    /// A comment with no `-->`.
    OpenComment,
    /// Something ammonia removes that none of the above explains.
    Unexplained { what: String },
}

/// Where the list of allowed tags, attributes and classes is, for hints.
const SEE_README: &str = "README, \"HTML in pages\", lists what pages may use";

impl Problem {
    /// The error, at body offset `at`.
    pub fn diagnostic(&self, doc: &Doc<'_>, at: usize) -> Diagnostic {
        let (message, hint) = self.words();
        doc.error(at, message).with_hint(hint)
    }

    fn words(&self) -> (String, String) {
        let no_scripts = "pages cannot run scripts of their own, so that nothing pasted into a page can act on a site that families trust";
        match self {
            Problem::Script { src } => (
                match src {
                    Some(src) => format!("this HTML loads and runs a script (`<script src=\"{}\">`)", shorten(src, 60)),
                    None => "this HTML runs a script (`<script>`)".to_string(),
                },
                format!("remove it: {no_scripts}. If the page needs something interactive, ask the web team to add it to the theme"),
            ),
            Problem::Handler { attribute } => (
                format!("the `{attribute}` attribute runs a script in readers' browsers"),
                format!("remove `{attribute}=\"…\"`: {no_scripts}"),
            ),
            Problem::ScriptAddress { value, scheme } => (
                format!("the address `{}` runs a script (`{scheme}:`) instead of opening a page", shorten(value, 60)),
                format!("link to a page of this site (`@/about.md`) or to a web address that starts with https://; {no_scripts}"),
            ),
            Problem::DataAddress { value, loads: true } => (
                format!("the image or media file is written into the page itself (`{}`) instead of being a file", shorten(value, 40)),
                "save it as a file next to this page (or in static/) and point to that file, e.g. `![what it shows](map.png)`; the site's security policy blocks images written into a page".to_string(),
            ),
            Problem::DataAddress { value, loads: false } => (
                format!("the link holds a whole document in its address (`{}`) instead of pointing to one", shorten(value, 40)),
                "save the document as a file next to this page and link to that file; a document hidden in a link can show anything under this site's name".to_string(),
            ),
            Problem::OtherScheme { value, scheme } => (
                format!("the address `{}` starts with `{scheme}:`, which this site does not link to", shorten(value, 60)),
                "use a web address (https://…), an email address (mailto:…), a phone number (tel:… or sms:…) or a page of this site (`@/about.md`)".to_string(),
            ),
            Problem::BrokenAddress { value } => (
                format!("`{}` is not an address a browser can open", shorten(value, 60)),
                "check it for spaces and typing mistakes; copying it from the browser's address bar gives the right form".to_string(),
            ),
            Problem::Refresh { content } => (
                format!("`<meta http-equiv=\"refresh\">` sends readers to another address by itself (`{}`)", shorten(content, 60)),
                "remove it. To move a page, add its old address to `aliases` in the new page's front matter; to send readers elsewhere, write a link they can choose to follow".to_string(),
            ),
            Problem::HeadOnly { tag } => (
                format!("`<{tag}>` belongs in the page's head, which the theme writes, not in its content"),
                if tag == "meta" {
                    "remove it; a page's title and description go in its front matter (`title`, `description`)".to_string()
                } else {
                    "remove it; to link to something, write a Markdown link: `[text](address)`".to_string()
                },
            ),
            Problem::Base => (
                "`<base>` changes where every link and image of the page points".to_string(),
                "remove it and write each address in full".to_string(),
            ),
            Problem::Ping { value } => (
                format!("the `ping` attribute makes readers' browsers report each click on this link to `{}`", shorten(value, 60)),
                "remove `ping=\"…\"`: a link on this site only opens its page".to_string(),
            ),
            Problem::Target => (
                "`target` opens the link in another tab or window".to_string(),
                "remove `target=\"…\"`: links on this site open in the same tab, so the Back button and screen readers work the way readers expect".to_string(),
            ),
            Problem::Embed { tag } => (
                format!("`<{tag}>` embeds another page or object in this one; this site publishes no embedded content"),
                "replace it with a link, `[what it is](https://…)`, which readers can choose to open".to_string(),
            ),
            Problem::Form { tag } => (
                format!("`<{tag}>` belongs to a form; a page cannot carry a form of its own, because what readers type would be sent wherever the form says"),
                "remove it and link to the form's own page instead".to_string(),
            ),
            Problem::StyleElement => (
                "styles written into a page (`<style>`) are blocked by the site's security policy".to_string(),
                "remove it; if the page needs a special look, ask the web team for a class in the theme".to_string(),
            ),
            Problem::StyleAttribute => (
                "styles written into a page (`style=\"…\"`) are blocked by the site's security policy".to_string(),
                "remove `style=\"…\"` (text pasted from Word or a web page often brings it); if the page needs a special look, ask the web team for a class in the theme".to_string(),
            ),
            Problem::Drawing { tag: t } if t == "svg" => (
                "a drawing written into the page (`<svg>`) cannot be published".to_string(),
                "save the drawing as an .svg file next to this page and show it as an image: `![what it shows](drawing.svg)`".to_string(),
            ),
            Problem::Drawing { tag } => (
                format!("a formula written in `<{tag}>` cannot be published"),
                "write the formula in words, or save it as an image with a description".to_string(),
            ),
            Problem::PageStructure { tag } => (
                format!("`<{tag}>` is part of the page the theme writes, not of a page's content"),
                "remove it and keep only the page's own text; the title goes in the front matter (`title`)".to_string(),
            ),
            Problem::Tag { tag } => (
                format!("`<{tag}>` is not one of the HTML tags a page may use"),
                format!("use Markdown for the formatting (**bold**, *italic*, lists, tables), or a tag that is allowed; {SEE_README}"),
            ),
            Problem::Attribute { tag, attribute } => (
                format!("the `{attribute}` attribute is not allowed on `<{tag}>`"),
                format!("remove `{attribute}=\"…\"`; the theme sets how pages look. {SEE_README}"),
            ),
            Problem::Class { classes } => (
                format!(
                    "the theme has no class {}",
                    classes.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                ),
                format!("remove it (text pasted from Word often brings classes such as `MsoNormal`); {SEE_README}"),
            ),
            Problem::OpenTag { start } => (
                format!("this HTML tag is not closed: `{}` has no `>`", shorten(start, 60)),
                "end the tag with `>` (and close any quote it opens); until then, browsers read the text after it as part of the tag".to_string(),
            ),
            Problem::OpenComment => (
                "this HTML comment is not closed with `-->`".to_string(),
                "add `-->` where the comment ends; until then, readers see nothing that follows it".to_string(),
            ),
            Problem::Unexplained { what } => (
                format!("the HTML safety check would remove {what} from this HTML"),
                format!("write it in Markdown or with tags and attributes that are allowed; {SEE_README}"),
            ),
        }
    }
}
