//! `sitemap.xml` and `robots.txt`.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// One URL in the sitemap.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Full address.
    pub loc: String,
    /// Last change, `YYYY-MM-DD` or RFC 3339.
    pub lastmod: Option<String>,
    /// Language versions of the page, itself included: (`hreflang`, full address), written
    /// as `<xhtml:link rel="alternate">`. Empty for a page with no translation.
    pub alternates: Vec<(String, String)>,
}

/// The sitemap XML for `entries` (already in a stable order).
pub fn xml(entries: &[Entry]) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let mut urlset = BytesStart::new("urlset");
    urlset.push_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
    urlset.push_attribute(("xmlns:xhtml", "http://www.w3.org/1999/xhtml"));
    let _ = w.write_event(Event::Start(urlset));
    for e in entries {
        let _ = w.write_event(Event::Start(BytesStart::new("url")));
        text_element(&mut w, "loc", &e.loc);
        if let Some(m) = &e.lastmod {
            text_element(&mut w, "lastmod", m);
        }
        for (hreflang, href) in &e.alternates {
            let mut link = BytesStart::new("xhtml:link");
            link.push_attribute(("rel", "alternate"));
            link.push_attribute(("hreflang", hreflang.as_str()));
            link.push_attribute(("href", href.as_str()));
            let _ = w.write_event(Event::Empty(link));
        }
        let _ = w.write_event(Event::End(BytesEnd::new("url")));
    }
    let _ = w.write_event(Event::End(BytesEnd::new("urlset")));
    let mut out = String::from_utf8(w.into_inner()).unwrap_or_default();
    out.push('\n');
    out
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) {
    let _ = w.write_event(Event::Start(BytesStart::new(name)));
    let _ = w.write_event(Event::Text(BytesText::new(text)));
    let _ = w.write_event(Event::End(BytesEnd::new(name)));
}

/// `robots.txt`: everything may be indexed; the sitemap is named.
pub fn robots(sitemap_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n")
}
