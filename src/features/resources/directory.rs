//! The directory: checked resources grouped by category in the fixed order, as the data the
//! templates print (cards, category pages, the print sheet).

use serde::Serialize;

use super::jsonld;
use super::model::{Category, Phone, Resource};

/// A resource as templates see it (a card, a resource page, a line of the print sheet).
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// Its name.
    pub name: String,
    /// Its page on this site.
    pub url: String,
    /// An id for links to the card on the directory page (`r-office-of-victim-services`).
    pub id: String,
    /// The category it is listed under.
    pub category: CategoryRef,
    /// What it offers.
    pub offer: String,
    /// Who it is for.
    pub eligibility: Option<String>,
    /// Numbers to call: `href` is `tel:` + E.164 (`tel:+18008228428`) or a short code (`tel:911`).
    pub phones: Vec<PhoneData>,
    /// A number to text: `href` is `sms:…`.
    pub text: Option<PhoneData>,
    /// Online chat.
    pub chat: Option<Link>,
    /// Website.
    pub website: Option<Link>,
    /// Hours, in words.
    pub hours: Option<String>,
    /// Languages.
    pub languages: Vec<String>,
    /// Street address.
    pub address: Option<String>,
    /// Cost.
    pub cost: Option<String>,
    /// When a person last checked it: `2026-11-23`.
    pub last_reviewed: String,
    /// Whether staff are still confirming some of its facts.
    pub unverified: bool,
    /// schema.org JSON-LD, escaped for a `<script>` element: print it with `| safe`.
    pub json_ld: String,
}

/// A category, as a link.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryRef {
    /// The key staff write (`grief`).
    pub key: &'static str,
    /// The heading (`Grief and counseling`).
    pub name: &'static str,
    /// The category page.
    pub url: String,
}

/// A phone number as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneData {
    /// What it is for.
    pub label: String,
    /// As written.
    pub number: String,
    /// `tel:+18008228428`, `tel:911` or `sms:988`.
    pub href: String,
    /// A short instruction.
    pub note: Option<String>,
}

/// A web link with short text for it (`211ct.org`, `jud.ct.gov/crimevictim`).
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// The full address.
    pub url: String,
    /// The address without `https://`, `www.` and a trailing slash, for reading and print.
    pub text: String,
}

/// One category with its resources.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The key staff write.
    pub key: &'static str,
    /// The heading.
    pub name: &'static str,
    /// Its page.
    pub url: String,
    /// An id for its heading on the directory page (`cat-grief-and-counseling`).
    pub id: String,
    /// Its resources: by `weight`, then name.
    pub resources: Vec<Card>,
}

/// Another page in the resources section that is not a resource.
#[derive(Debug, Clone, Serialize)]
pub struct OtherPage {
    /// Title.
    pub title: String,
    /// Address.
    pub url: String,
    /// One sentence.
    pub description: Option<String>,
}

/// The whole directory of one section (one language).
#[derive(Debug, Clone, Serialize)]
pub struct Directory {
    /// The section's title ("Resources for families").
    pub title: String,
    /// The section's address (`/resources/`).
    pub url: String,
    /// The section's full address (`https://example.org/resources/`), for the print sheet.
    pub permalink: String,
    /// The printable sheet's address (`/resources/print/`).
    pub print_url: String,
    /// Categories that have resources, in the fixed order ("If you need help right now" first).
    pub categories: Vec<Group>,
    /// Pages of the section that are not resources.
    pub others: Vec<OtherPage>,
    /// How many resources there are.
    pub count: usize,
}

/// The address of a category's page under the section at `section_url`.
pub fn category_url(section_url: &str, c: Category) -> String {
    format!("{section_url}{}/", c.slug())
}

/// The address of the print sheet under the section at `section_url`.
pub fn print_url(section_url: &str) -> String {
    format!("{section_url}print/")
}

/// A card for `r`, whose page is at `url` (`permalink` is its full address).
pub fn card(r: &Resource, url: &str, permalink: &str, section_url: &str) -> Card {
    let phone = |p: &Phone, scheme: &str| PhoneData {
        label: p.label.clone(),
        number: p.number.clone(),
        href: format!("{scheme}:{}", p.dial),
        note: p.note.clone(),
    };
    Card {
        name: r.name.clone(),
        url: url.to_string(),
        id: format!(
            "r-{}",
            url.trim_end_matches('/').rsplit('/').next().unwrap_or("")
        ),
        category: CategoryRef {
            key: r.category.key(),
            name: r.category.name(),
            url: category_url(section_url, r.category),
        },
        offer: r.offer.clone(),
        eligibility: r.eligibility.clone(),
        phones: r.phones.iter().map(|p| phone(p, "tel")).collect(),
        text: r.text.as_ref().map(|p| phone(p, "sms")),
        chat: r.chat.as_deref().map(link),
        website: r.website.as_deref().map(link),
        hours: r.hours.clone(),
        languages: r.languages.clone(),
        address: r.address.clone(),
        cost: r.cost.clone(),
        last_reviewed: r.last_reviewed.format("%Y-%m-%d").to_string(),
        unverified: r.unverified,
        json_ld: crate::html::json_in_script(&jsonld::object(r, permalink)),
    }
}

fn link(url: &str) -> Link {
    let text = url.split_once("://").map(|(_, rest)| rest).unwrap_or(url);
    let text = text
        .strip_prefix("www.")
        .unwrap_or(text)
        .trim_end_matches('/');
    Link {
        url: url.to_string(),
        text: text.to_string(),
    }
}

/// Groups cards (paired with their resources) into the fixed category order; empty categories
/// are left out. Within a category: by `weight` (pages without one last), then by name.
pub fn group(section_url: &str, mut items: Vec<(&Resource, Card)>) -> Vec<Group> {
    items.sort_by(|(a, _), (b, _)| {
        (
            a.category,
            a.weight.is_none(),
            a.weight.unwrap_or(0),
            a.name.to_lowercase(),
        )
            .cmp(&(
                b.category,
                b.weight.is_none(),
                b.weight.unwrap_or(0),
                b.name.to_lowercase(),
            ))
    });
    let mut groups: Vec<Group> = Vec::new();
    for (r, card) in items {
        if groups.last().is_none_or(|g| g.key != r.category.key()) {
            groups.push(Group {
                key: r.category.key(),
                name: r.category.name(),
                url: category_url(section_url, r.category),
                id: format!("cat-{}", r.category.slug()),
                resources: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.resources.push(card);
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_text_is_short() {
        assert_eq!(
            link("https://www.jud.ct.gov/crimevictim/").text,
            "jud.ct.gov/crimevictim"
        );
        assert_eq!(link("https://988lifeline.org/").text, "988lifeline.org");
    }
}
