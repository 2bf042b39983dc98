//! Every start tag in a piece of HTML, as the browser's tokenizer reads it (html5ever's
//! tokenizer, without tree building). The parsed tree is not enough here: a tree drops tags
//! it finds out of place (`<td>` outside a table), and folds `<body onload=…>` into a body
//! that a fragment does not have, while in the published page the browser adds that
//! attribute to the real `<body>`.

use std::cell::{Cell, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// One start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag {
    /// The tag's name, in lower case.
    pub name: String,
    /// Its attributes (names in lower case, values with entities decoded), in order.
    pub attrs: Vec<(String, String)>,
    /// Inside a drawing, a form or an embed (`<svg>`, `<form>`, `<object>`…), which is
    /// refused as a whole.
    pub inside_refused: bool,
}

/// Tags that are refused with all they hold: what is inside needs no message of its own.
const REFUSED_WHOLE: &[&str] = &["svg", "math", "form", "object", "iframe", "select"];

/// What the tokenizer saw in one piece.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every start tag, in order.
    pub tags: Vec<StartTag>,
    /// The piece ends inside a tag or a comment (a missing `>` or `-->`): in the page, the
    /// text after it would be read as part of that tag or comment.
    pub cut_off: bool,
}

#[derive(Default)]
struct Sink {
    tags: RefCell<Vec<StartTag>>,
    /// Set once all the text is fed: a parse error after that is one at the end of the text.
    ending: Cell<bool>,
    cut_off: Cell<bool>,
    /// How many tags of [`REFUSED_WHOLE`] are open.
    refused_depth: Cell<usize>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let whole = REFUSED_WHOLE.contains(&&*tag.name);
                let depth = self.refused_depth.get();
                if tag.kind == TagKind::EndTag {
                    if whole {
                        self.refused_depth.set(depth.saturating_sub(1));
                    }
                    return TokenSinkResult::Continue;
                }
                self.tags.borrow_mut().push(StartTag {
                    name: tag.name.to_string(),
                    attrs: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                    inside_refused: depth > 0,
                });
                if whole && !tag.self_closing {
                    self.refused_depth.set(depth + 1);
                }
            }
            Token::ParseError(_) if self.ending.get() => self.cut_off.set(true),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Tokenizes `html`. `refused_depth` carries how many refused containers are open from one
/// piece of a page to the next (a paragraph's `<svg>` and its `<circle>` are two pieces).
pub fn scan(html: &str, refused_depth: &mut usize) -> Scan {
    let sink = Sink {
        refused_depth: Cell::new(*refused_depth),
        ..Sink::default()
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.sink.ending.set(true);
    tokenizer.end();
    *refused_depth = tokenizer.sink.refused_depth.get();
    Scan {
        tags: tokenizer.sink.tags.take(),
        cut_off: tokenizer.sink.cut_off.get(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_one(html: &str) -> Scan {
        scan(html, &mut 0)
    }

    fn names(html: &str) -> Vec<String> {
        scan_one(html).tags.into_iter().map(|t| t.name).collect()
    }

    #[test]
    fn sees_tags_a_tree_would_drop() {
        assert_eq!(names("<tr><td onclick=x>1</td></tr>"), ["tr", "td"]);
        assert_eq!(names("<body onload=x><P>"), ["body", "p"]);
        let inside: Vec<bool> = scan_one("<svg><circle/></svg><p>")
            .tags
            .iter()
            .map(|t| t.inside_refused)
            .collect();
        assert_eq!(inside, [false, true, false]);
        let t = &scan_one("<a HREF=\"&#106;avascript:x\">").tags[0];
        assert_eq!(t.attrs, [("href".into(), "javascript:x".into())]);
    }

    #[test]
    fn knows_when_a_piece_is_cut_off() {
        assert!(!scan_one("<div title=\"a\">text</div>\n").cut_off);
        assert!(!scan_one("<!-- note -->\n").cut_off);
        assert!(scan_one("<div title='\n").cut_off);
        assert!(scan_one("<div title=\n").cut_off);
        assert!(scan_one("<img src=x\n").cut_off);
        assert!(scan_one("<!-- note\n").cut_off);
    }
}
