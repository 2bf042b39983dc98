//! schema.org JSON-LD for one resource, so search engines show the right number.

use serde_json::{Value, json};

use super::model::Resource;

/// The JSON-LD object of a resource: an `Organization` with its telephone numbers
/// (`contactPoint`), web address and, if public, street address. `page_url` is the resource's
/// page on this site, used as `url` when the resource has no website of its own.
pub fn object(r: &Resource, page_url: &str) -> Value {
    let mut o = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": r.name,
        "description": r.offer,
        "url": r.website.as_deref().unwrap_or(page_url),
        "mainEntityOfPage": page_url,
    });
    if let Some(first) = r.phones.first() {
        o["telephone"] = json!(first.dial);
    }
    if !r.phones.is_empty() {
        let points: Vec<Value> = r
            .phones
            .iter()
            .map(|p| {
                let mut c =
                    json!({ "@type": "ContactPoint", "telephone": p.dial, "contactType": p.label });
                if !r.languages.is_empty() {
                    c["availableLanguage"] = json!(r.languages);
                }
                c
            })
            .collect();
        o["contactPoint"] = json!(points);
    }
    if let Some(a) = &r.address {
        o["address"] = json!(a);
    }
    o
}

/// The object as text that is safe inside `<script type="application/ld+json">`: `<`, `>` and
/// `&` are written as `\u003c`… so no value can close the script element.
pub fn script_text(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_script() {
        let v = json!({ "name": "</script><b>&" });
        let s = script_text(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v);
    }
}
