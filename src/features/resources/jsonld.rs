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
