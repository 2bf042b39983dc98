//! Checks across the resources of one directory: entries due for review, duplicates, and the
//! quick exit that every resources page must carry.

use std::collections::HashMap;
use std::path::Path;

use super::model::Resource;
use crate::diagnostic::Diagnostic;

/// A warning for each resource checked longer ago than `interval` days, plus one warning on
/// the section (`at`) that lists them all, oldest first, for staff to work through.
pub fn stale(resources: &[Resource], interval: u32, at: &Path) -> Vec<Diagnostic> {
    let mut old: Vec<&Resource> = resources
        .iter()
        .filter(|r| r.age_days > i64::from(interval))
        .collect();
    if old.is_empty() {
        return Vec::new();
    }
    old.sort_by(|a, b| (a.last_reviewed, &a.path).cmp(&(b.last_reviewed, &b.path)));
    let mut diags: Vec<Diagnostic> = old
        .iter()
        .map(|r| {
            Diagnostic::warning(&r.path, r.reviewed_line, 1, format!("`{}` was last checked {} days ago ({}); resources are due for review every {interval} days", r.name, r.age_days, r.last_reviewed))
                .with_hint("check every detail with the service (numbers, hours, website), then set `last_reviewed` to that day")
        })
        .collect();
    let list: Vec<String> = old
        .iter()
        .map(|r| {
            format!(
                "  {}:{}  {}, checked {} days ago",
                r.path.display(),
                r.reviewed_line,
                r.name,
                r.age_days
            )
        })
        .collect();
    let n = old.len();
    diags.push(
        Diagnostic::warning(
            at,
            0,
            0,
            format!(
                "{n} {} due for review (last checked more than {interval} days ago)",
                if n == 1 {
                    "resource is"
                } else {
                    "resources are"
                }
            ),
        )
        .with_hint(format!("oldest first:\n{}", list.join("\n"))),
    );
    diags
}

/// A warning for each resource with the same name or the same phone number as an earlier one
/// (in file order).
pub fn duplicates(resources: &[Resource]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut names: HashMap<String, &Resource> = HashMap::new();
    let mut numbers: HashMap<&str, (&Resource, usize)> = HashMap::new();
    let mut sorted: Vec<&Resource> = resources.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for r in sorted {
        let key = r
            .name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        match names.get(&key) {
            Some(first) => diags.push(
                Diagnostic::warning(&r.path, r.name_line, 1, format!("the resource `{}` has the same name as {}", r.name, first.path.display()))
                    .with_hint("if both files describe the same service, keep one; otherwise give them names that tell them apart"),
            ),
            None => {
                names.insert(key, r);
            }
        }
        for p in r.phones.iter().chain(r.text.iter()) {
            match numbers.get(p.dial.as_str()) {
                Some((first, line)) if first.doc != r.doc => diags.push(
                    Diagnostic::warning(&r.path, p.line, 1, format!("the phone number `{}` is also listed for `{}` ({}:{line})", p.number, first.name, first.path.display()))
                        .with_hint("if both files describe the same service, keep one; if the number really is shared, check both entries with the service"),
                ),
                Some(_) => {}
                None => {
                    numbers.insert(&p.dial, (r, p.line));
                }
            }
        }
    }
    diags
}
