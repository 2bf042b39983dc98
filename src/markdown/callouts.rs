//! Callouts: a quote block that starts with a bold label and a colon is a callout box.
//!
//! ```markdown
//! > **Recommendation:** Fund street outreach for at least five years.
//! >
//! > Why: …
//! ```
//!
//! `**Recommendation:**` callouts are numbered in document order (`Recommendation 3:`; in a
//! publication, across all its chapters) and get the id `recommendation-3`; `**Note:**` makes
//! an unnumbered note. The label stays in the text, so a callout reads well without CSS and as
//! plain text. Any other quote is left as it is.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::RenderOptions;

type Located<'a> = (Event<'a>, Range<usize>);

/// One numbered recommendation found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    /// Its number in the whole document.
    pub number: usize,
    /// Its id on the page, without the id prefix (`recommendation-3`).
    pub id: String,
    /// The plain text of its first paragraph, without the label.
    pub text: String,
    /// How many level-2 and level-3 headings come before it (to find its section).
    pub headings_before: usize,
    /// 1-based line in the file.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Recommendation,
    Note,
}

impl Kind {
    fn from_label(label: &str) -> Option<Kind> {
        match label.trim().to_lowercase().as_str() {
            "recommendation" => Some(Kind::Recommendation),
            "note" => Some(Kind::Note),
            _ => None,
        }
    }
}

/// Wraps the stream; numbers recommendations from `opts.first_recommendation`.
pub fn callouts<'a, 'o>(
    events: impl Iterator<Item = Located<'a>> + 'o,
    opts: &'o RenderOptions,
    locate: &'o dyn Fn(usize) -> (usize, usize),
    found: &'o mut Vec<Recommendation>,
) -> impl Iterator<Item = Located<'a>> + 'o
where
    'a: 'o,
{
    let mut events = events.peekable();
    let mut pending: std::collections::VecDeque<Located<'a>> = Default::default();
    let mut next_number = opts.first_recommendation.max(1);
    let mut headings = 0usize;
    // Open callouts: the quote depth at which each one closes.
    let mut open: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    // While reading a recommendation's first paragraph: its text so far.
    let mut capturing: Option<(usize, String)> = None;
    std::iter::from_fn(move || {
        if let Some(e) = pending.pop_front() {
            return Some(e);
        }
        let (event, range) = events.next()?;
        match &event {
            Event::Start(Tag::Heading { level, .. }) if matches!(*level as u8, 2 | 3) => {
                headings += 1
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut capturing {
                    text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text)) = &mut capturing {
                    text.push(' ');
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some((index, text)) = capturing.take_if(|(_, t)| !t.trim().is_empty()) {
                    found[index].text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                depth += 1;
                // Look ahead: Start(Paragraph), Start(Strong), label text…, End(Strong).
                let mut ahead: Vec<Located<'a>> = Vec::new();
                let label = read_label(&mut events, &mut ahead);
                match label {
                    Some(kind) => {
                        open.push(depth);
                        let (class, shown, id) = match kind {
                            Kind::Recommendation => {
                                let n = next_number;
                                next_number += 1;
                                let id = format!("recommendation-{n}");
                                found.push(Recommendation {
                                    number: n,
                                    id: id.clone(),
                                    text: String::new(),
                                    headings_before: headings,
                                    line: locate(range.start).0,
                                });
                                capturing = Some((found.len() - 1, String::new()));
                                (
                                    "callout callout-recommendation",
                                    format!("Recommendation {n}:"),
                                    Some(id),
                                )
                            }
                            Kind::Note => ("callout callout-note", "Note:".to_string(), None),
                        };
                        let id_attr = id
                            .map(|i| format!(" id=\"{}{i}\"", opts.id_prefix))
                            .unwrap_or_default();
                        pending.push_back((
                            Event::Html(CowStr::from(format!(
                                "<div class=\"{class}\"{id_attr}>\n"
                            ))),
                            range.clone(),
                        ));
                        // Keep Start(Paragraph), replace the label with ours, drop the colon.
                        if let Some(p) = ahead.into_iter().next() {
                            pending.push_back(p);
                        }
                        pending.push_back((
                            Event::InlineHtml(CowStr::from(format!(
                                "<strong class=\"callout-label\">{shown}</strong> "
                            ))),
                            range.clone(),
                        ));
                        if let Some((Event::Text(t), _)) = events.peek() {
                            let trimmed = t
                                .trim_start()
                                .strip_prefix(':')
                                .unwrap_or(t.trim_start())
                                .trim_start()
                                .to_string();
                            if let Some((_, r)) = events.next()
                                && !trimmed.is_empty()
                            {
                                note_text(
                                    &Event::Text(CowStr::from(trimmed.clone())),
                                    &mut capturing,
                                );
                                pending.push_back((Event::Text(CowStr::from(trimmed)), r));
                            }
                        }
                        return pending.pop_front();
                    }
                    None => {
                        pending.push_back((event, range));
                        pending.extend(ahead);
                        return pending.pop_front();
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                let closes = open.last() == Some(&depth);
                depth = depth.saturating_sub(1);
                if closes {
                    open.pop();
                    capturing = None;
                    return Some((Event::Html(CowStr::from("</div>\n")), range));
                }
            }
            _ => {}
        }
        Some((event, range))
    })
}

fn note_text(e: &Event<'_>, capturing: &mut Option<(usize, String)>) {
    if let Some((_, text)) = capturing {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
}

/// Reads the start of a quote into `ahead`. When it is `**Label:**` (or `**Label**:`) with a
/// known label, returns its kind (the bold label is then replaced).
fn read_label<'a>(
    events: &mut std::iter::Peekable<impl Iterator<Item = Located<'a>>>,
    ahead: &mut Vec<Located<'a>>,
) -> Option<Kind> {
    let mut take = |ahead: &mut Vec<Located<'a>>| -> Option<()> {
        ahead.push(events.next()?);
        Some(())
    };
    take(ahead)?;
    if !matches!(ahead[0].0, Event::Start(Tag::Paragraph)) {
        return None;
    }
    take(ahead)?;
    if !matches!(ahead[1].0, Event::Start(Tag::Strong)) {
        return None;
    }
    let mut label = String::new();
    loop {
        take(ahead)?;
        match &ahead.last()?.0 {
            Event::Text(t) => label.push_str(t),
            Event::End(TagEnd::Strong) => break,
            _ => return None,
        }
    }
    let with_colon = label.trim_end().strip_suffix(':');
    let kind = match with_colon {
        Some(l) => Kind::from_label(l)?,
        None => {
            // `**Recommendation**: …` — the colon must follow.
            let kind = Kind::from_label(&label)?;
            match events.peek() {
                Some((Event::Text(t), _)) if t.starts_with(':') => kind,
                _ => return None,
            }
        }
    };
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn run(md: &str, opts: &RenderOptions) -> (String, Vec<Recommendation>) {
        let mut found = Vec::new();
        let mut out = String::new();
        let locate = |o: usize| (md[..o].matches('\n').count() + 1, 1);
        let events = callouts(
            Parser::new_ext(md, super::super::options()).into_offset_iter(),
            opts,
            &locate,
            &mut found,
        )
        .map(|(e, _)| e);
        html::push_html(&mut out, events);
        (out, found)
    }

    #[test]
    fn recommendations_are_numbered_and_recorded() {
        let md = "## A\n\n> **Recommendation:** Fund *outreach*\n> for five years.\n>\n> Because.\n\n> **Recommendation**: Second.\n\n> Just a quote.\n";
        let opts = RenderOptions {
            first_recommendation: 4,
            ..Default::default()
        };
        let (html, recs) = run(md, &opts);
        assert_eq!(
            html,
            "<h2>A</h2>\n<div class=\"callout callout-recommendation\" id=\"recommendation-4\">\n<p><strong class=\"callout-label\">Recommendation 4:</strong> Fund <em>outreach</em>\nfor five years.</p>\n<p>Because.</p>\n</div>\n<div class=\"callout callout-recommendation\" id=\"recommendation-5\">\n<p><strong class=\"callout-label\">Recommendation 5:</strong> Second.</p>\n</div>\n<blockquote>\n<p>Just a quote.</p>\n</blockquote>\n"
        );
        assert_eq!(recs.len(), 2);
        assert_eq!(
            (
                recs[0].number,
                recs[0].text.as_str(),
                recs[0].headings_before,
                recs[0].line
            ),
            (4, "Fund outreach for five years.", 1, 3)
        );
        assert_eq!(recs[1].text, "Second.");
    }

    #[test]
    fn notes_nested_quotes_and_prefixes() {
        let opts = RenderOptions {
            id_prefix: "ch-a--".into(),
            ..Default::default()
        };
        let (html, recs) = run(
            "> **Note:** Careful.\n>\n> > inner quote\n\n> **Recommendation:**\n>\n> Text in the next paragraph.\n",
            &opts,
        );
        assert!(html.starts_with("<div class=\"callout callout-note\">\n<p><strong class=\"callout-label\">Note:</strong> Careful.</p>\n<blockquote>\n<p>inner quote</p>\n</blockquote>\n</div>\n"), "{html}");
        assert!(html.contains("id=\"ch-a--recommendation-1\""));
        assert_eq!(recs[0].text, "Text in the next paragraph.");
        // Unknown labels and bold text without a colon stay quotes.
        let (html, recs) = run(
            "> **Warning:** x\n\n> **Recommendation** without colon\n",
            &RenderOptions::default(),
        );
        assert_eq!(html.matches("<blockquote>").count(), 2);
        assert!(recs.is_empty());
    }
}
