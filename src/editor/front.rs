//! Editing a page's file in place: the form's values go into the front matter through
//! `toml_edit`, which keeps comments, key order, unknown keys and spacing; only the values that
//! changed are touched, so a save that changes nothing writes the same bytes. The body is put
//! back between the original fences with the file's own line endings. YAML front matter is not
//! rewritten (there is no format-preserving YAML editor for Rust): its pages get their body
//! edited, and their settings only when the person asks to convert them to TOML.

use toml_edit::{DocumentMut, Item, TableLike, Value};

use super::schema::{Field, Group, Kind, PHONE_FIELDS};

/// A page's file cut into the parts the editor changes and the parts it keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageText {
    /// A byte-order mark and the opening fence line, as written.
    pub opening: String,
    /// The front matter between the fences.
    pub front: String,
    /// The closing fence line, as written.
    pub closing: String,
    /// The Markdown after it.
    pub body: String,
    /// YAML (`---`) front matter.
    pub yaml: bool,
    /// 1-based file line of the first front matter line.
    pub front_line: usize,
    /// 1-based file line of the first body line.
    pub body_line: usize,
}

impl PageText {
    /// Cuts `text` (see `content::frontmatter::split`, which decides what a fence is).
    pub fn parse(text: &str) -> Result<PageText, crate::Diagnostic> {
        let split = crate::content::frontmatter::split("", text)?;
        let offset = |s: &str| s.as_ptr() as usize - text.as_ptr() as usize;
        let front_at = offset(split.front);
        let body_at = offset(split.body);
        Ok(PageText {
            opening: text[..front_at].to_string(),
            front: split.front.to_string(),
            closing: text[front_at + split.front.len()..body_at].to_string(),
            body: split.body.to_string(),
            yaml: split.yaml,
            front_line: split.front_line,
            body_line: split.body_line,
        })
    }

    /// A new file's parts: TOML fences and nothing between them.
    pub fn empty() -> PageText {
        PageText {
            opening: "+++\n".into(),
            front: String::new(),
            closing: "+++\n".into(),
            body: String::new(),
            yaml: false,
            front_line: 2,
            body_line: 3,
        }
    }

    /// The file's text.
    pub fn join(&self) -> String {
        [
            self.opening.as_str(),
            &self.front,
            &self.closing,
            &self.body,
        ]
        .concat()
    }

    /// Whether the file ends its lines with CRLF.
    pub fn crlf(&self) -> bool {
        self.opening.ends_with("\r\n")
    }

    /// `body` as the browser sent it, with this file's line endings (forms send CRLF).
    pub fn with_body(&self, body: &str) -> PageText {
        let lf = body.replace("\r\n", "\n");
        let body = if self.crlf() {
            lf.replace('\n', "\r\n")
        } else {
            lf
        };
        PageText {
            body,
            ..self.clone()
        }
    }
}

/// The fields a form sent, in order (a name may repeat: checkboxes, a hidden default).
#[derive(Debug, Clone, Default)]
pub struct FormValues(pub Vec<(String, String)>);

impl FormValues {
    /// The last value sent under `name`.
    pub fn last(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value sent under `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether anything was sent under `name`.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// Whether any name starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        self.0.iter().any(|(k, _)| k.starts_with(prefix))
    }
}

/// The form name of a field: `f.event.location.venue`.
pub fn name(path: &[&str]) -> String {
    format!("f.{}", path.join("."))
}

/// The form name of a table's on/off switch (in person, online): `m.event.location`.
pub fn switch_name(path: &[&str]) -> String {
    format!("m.{}", path.join("."))
}

/// Puts the form's values into TOML front matter `front`, changing only what changed.
pub fn apply(front: &str, groups: &[Group], form: &FormValues) -> Result<String, String> {
    let mut doc: DocumentMut = front
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    for g in groups {
        match g.table {
            None => apply_fields(doc.as_table_mut(), &[], g.fields, form),
            Some(t) => {
                let path = [t];
                let shown = g.fields.iter().any(|f| shown(form, &[t, f.key], f.kind));
                if !shown {
                    continue;
                }
                let table = doc
                    .entry(t)
                    .or_insert_with(toml_edit::table)
                    .as_table_like_mut()
                    .ok_or_else(|| format!("`{t}` is not a table"))?;
                apply_fields(table, &path, g.fields, form);
            }
        }
    }
    Ok(doc.to_string())
}

/// Whether the form showed a field (so an absent value means "cleared", not "not shown").
fn shown(form: &FormValues, path: &[&str], kind: Kind) -> bool {
    let n = name(path);
    match kind {
        Kind::Table(fields) => fields.iter().any(|f| {
            let mut p = path.to_vec();
            p.push(f.key);
            shown(form, &p, f.kind)
        }),
        Kind::DateTime => form.has(&format!("{n}@date")),
        Kind::Phones => form.has_prefix(&format!("{n}.")),
        _ => form.has(&n),
    }
}

fn apply_fields(
    table: &mut dyn TableLike,
    prefix: &[&str],
    fields: &'static [Field],
    form: &FormValues,
) {
    for f in fields {
        let mut path = prefix.to_vec();
        path.push(f.key);
        if let Kind::Table(sub) = f.kind {
            apply_table(table, &path, sub, form);
            continue;
        }
        if !shown(form, &path, f.kind) {
            continue;
        }
        let old = table.get(f.key).and_then(Item::as_value);
        let new = value_from_form(form, &path, f.kind, old);
        if old.map(normal) == new.as_ref().map(normal) {
            continue;
        }
        match new {
            None => {
                table.remove(f.key);
            }
            Some(mut v) => match table.get_mut(f.key) {
                Some(item) => {
                    if let Some(old) = item.as_value() {
                        *v.decor_mut() = old.decor().clone();
                    }
                    *item = Item::Value(v);
                }
                None => {
                    table.insert(f.key, Item::Value(v));
                }
            },
        }
    }
}

/// A sub-table: switched off (in person / online unticked) it is removed; all empty and
/// without a switch (contact) it is removed; otherwise its fields are applied.
fn apply_table(
    parent: &mut dyn TableLike,
    path: &[&str],
    fields: &'static [Field],
    form: &FormValues,
) {
    let key = path[path.len() - 1];
    let switch = form.last(&switch_name(path));
    if switch == Some("off") {
        parent.remove(key);
        return;
    }
    if !shown(form, path, Kind::Table(fields)) {
        return;
    }
    let all_empty = fields.iter().all(|f| {
        let mut p = path.to_vec();
        p.push(f.key);
        form.last(&name(&p)).is_none_or(|v| v.trim().is_empty())
    });
    if all_empty && switch.is_none() {
        parent.remove(key);
        return;
    }
    let item = parent.entry(key).or_insert_with(toml_edit::table);
    if let Some(t) = item.as_table_like_mut() {
        apply_fields(t, path, fields, form);
    }
}

/// The value the form gives a field, in the type the build reads (`None`: empty, so the key
/// goes). A value the build will refuse (a weight that is not a number) is still written, as
/// text, so nothing typed is lost and the check says what is wrong at its line.
fn value_from_form(
    form: &FormValues,
    path: &[&str],
    kind: Kind,
    old: Option<&Value>,
) -> Option<Value> {
    let n = name(path);
    let text = |s: &str| -> Option<String> {
        let t = s.trim();
        (!t.is_empty()).then(|| t.to_string())
    };
    let was_string = old.is_some_and(Value::is_str);
    match kind {
        Kind::Bool => {
            let on = form.last(&n) == Some("true");
            match old {
                None if !on => None,
                _ => Some(Value::from(on)),
            }
        }
        Kind::Int => {
            let t = text(form.last(&n)?)?;
            Some(match t.parse::<i64>() {
                Ok(i) => Value::from(i),
                Err(_) => Value::from(t),
            })
        }
        Kind::Date => {
            let t = text(form.last(&n)?)?;
            // The date picker shows the day only: a time written after it stays.
            if let Some(o) = old
                && normal(o).get(..10) == Some(t.as_str())
            {
                return Some(o.clone());
            }
            Some(moment_value(&t, was_string))
        }
        Kind::DateTime => {
            let date = text(form.last(&format!("{n}@date")).unwrap_or(""));
            let time = text(form.last(&format!("{n}@time")).unwrap_or(""));
            let date = match (date, time.is_some(), path.last()) {
                (Some(d), _, _) => d,
                // An end time without its own day ends on the day it starts.
                (None, true, Some(&"end")) => {
                    let mut start = path.to_vec();
                    start.pop();
                    start.push("start");
                    text(form.last(&format!("{}@date", name(&start))).unwrap_or(""))?
                }
                _ => return None,
            };
            let t = match time {
                Some(t) => format!("{date}T{t}"),
                None => date,
            };
            // An unchanged moment keeps what the file had (an offset, seconds).
            if let Some(o) = old
                && moment_key(&normal(o)) == moment_key(&t)
            {
                return Some(o.clone());
            }
            Some(moment_value(&t, was_string))
        }
        Kind::Lines | Kind::Choices(_) => {
            let mut items: Vec<String> = form
                .all(&n)
                .into_iter()
                .flat_map(|v| v.lines())
                .filter_map(text)
                .collect();
            if let Some(other) = form.last(&format!("{n}@other")) {
                items.extend(other.split(',').filter_map(text));
            }
            let mut seen = std::collections::HashSet::new();
            items.retain(|i| seen.insert(i.clone()));
            if items.is_empty() {
                return None;
            }
            Some(Value::Array(items.into_iter().map(Value::from).collect()))
        }
        Kind::Phones => {
            let mut rows = Vec::new();
            for i in 0.. {
                let cell = |k: &str| form.last(&format!("{n}.{i}.{k}"));
                if PHONE_FIELDS.iter().all(|k| cell(k).is_none()) {
                    break;
                }
                let mut t = toml_edit::InlineTable::new();
                for k in PHONE_FIELDS {
                    if let Some(v) = cell(k).and_then(text) {
                        t.insert(*k, Value::from(v));
                    }
                }
                if !t.is_empty() {
                    rows.push(t);
                }
            }
            if rows.is_empty() {
                return None;
            }
            let mut array = toml_edit::Array::new();
            for row in rows {
                let mut v = Value::InlineTable(row);
                v.decor_mut().set_prefix("\n  ");
                array.push_formatted(v);
            }
            array.set_trailing(",\n");
            array.set_trailing_comma(false);
            Some(Value::Array(array))
        }
        Kind::Table(_) => None,
        Kind::Text | Kind::LongText | Kind::Url | Kind::Email | Kind::Phone | Kind::Select(_) => {
            let raw = form.last(&n)?;
            let t = if kind == Kind::LongText {
                raw.replace("\r\n", "\n").trim().to_string()
            } else {
                raw.trim().to_string()
            };
            (!t.is_empty()).then(|| Value::from(t))
        }
    }
}

/// A date or date-time as TOML writes it (`2026-12-03`, `2026-12-03T18:00`), or as text when
/// the file had text there or when it is not one (the check then says what is wrong).
fn moment_value(text: &str, as_string: bool) -> Value {
    if !as_string && let Ok(d) = text.parse::<toml_edit::Datetime>() {
        return Value::from(d);
    }
    Value::from(text.to_string())
}

/// `2026-12-03T18:00:00-05:00` and `2026-12-03T18:00` are the same moment as far as the form
/// can say (it shows day and minute, in the site's time zone).
fn moment_key(text: &str) -> String {
    let t = text.trim().replacen(' ', "T", 1);
    match t.split_once('T') {
        None => t,
        Some((d, time)) => format!("{d}T{}", time.get(..5).unwrap_or(time)),
    }
}

/// A value written out for comparison: the text of a string, a date as written, a list item
/// by item. Two values the form cannot tell apart compare equal.
pub fn normal(v: &Value) -> String {
    match v {
        Value::String(s) => s.value().clone(),
        Value::Integer(i) => i.value().to_string(),
        Value::Float(f) => f.value().to_string(),
        Value::Boolean(b) => b.value().to_string(),
        Value::Datetime(d) => d.value().to_string(),
        Value::Array(a) => a.iter().map(normal).collect::<Vec<_>>().join("\u{1f}"),
        Value::InlineTable(t) => t
            .iter()
            .map(|(k, v)| format!("{k}\u{1e}{}", normal(v)))
            .collect::<Vec<_>>()
            .join("\u{1d}"),
    }
}

/// The text a form field shows for a value (`None` when the key is not there).
pub fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.value().clone(),
        Value::Array(a) => a.iter().map(display).collect::<Vec<_>>().join("\n"),
        other => normal(other),
    }
}

/// Where each key of TOML front matter is: its path and its first and last line (1-based,
/// counted in `front`). Problems at a line are shown next to the field written there.
pub fn key_lines(front: &str) -> Vec<(Vec<String>, usize, usize)> {
    let Ok(doc) = toml_edit::Document::parse(front) else {
        return Vec::new();
    };
    let line_at = |offset: usize| front[..offset.min(front.len())].matches('\n').count() + 1;
    let mut out = Vec::new();
    fn walk(
        table: &dyn TableLike,
        prefix: &[String],
        line_at: &dyn Fn(usize) -> usize,
        out: &mut Vec<(Vec<String>, usize, usize)>,
    ) {
        for (key, item) in table.iter() {
            let mut path = prefix.to_vec();
            path.push(key.to_string());
            match item {
                Item::Table(t) => {
                    if let Some(span) = t.span() {
                        out.push((path.clone(), line_at(span.start), line_at(span.start)));
                    }
                    walk(t, &path, line_at, out);
                }
                Item::Value(Value::InlineTable(t)) => {
                    if let Some(span) = t.span() {
                        out.push((path.clone(), line_at(span.start), line_at(span.end)));
                    }
                    walk(t, &path, line_at, out);
                }
                _ => {
                    let start = table
                        .key(key)
                        .and_then(|k| k.span())
                        .or_else(|| item.span());
                    let end = item.span();
                    if let (Some(s), Some(e)) = (start, end) {
                        out.push((path, line_at(s.start), line_at(e.end.saturating_sub(1))));
                    }
                }
            }
        }
    }
    walk(doc.as_table(), &[], &line_at, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::super::schema::{self, Group};
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormValues {
        FormValues(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    const SESSION: &str = "# A comment at the top.\ntitle = \"Fair Haven\"   # trailing note\nunknown_later = 1\n\n[event]\n# When it starts.\nstart = 2026-12-03T18:00\nend = 2026-12-03T19:30\nstatus = \"scheduled\"\n\n[event.location]\nvenue = \"Library\"\naddress = \"1 Main St\"\n";

    fn groups() -> Vec<Group> {
        schema::groups_for(std::path::Path::new("sessions/x.md"), &["event"])
    }

    #[test]
    fn nothing_changed_means_the_same_bytes() {
        let f = form(&[
            ("f.title", "Fair Haven"),
            ("f.draft", "false"),
            ("f.event.start@date", "2026-12-03"),
            ("f.event.start@time", "18:00"),
            ("f.event.end@date", "2026-12-03"),
            ("f.event.end@time", "19:30"),
            ("f.event.status", "scheduled"),
            ("m.event.location", "on"),
            ("f.event.location.venue", "Library"),
            ("f.event.location.address", "1 Main St"),
            ("f.event.location.city", ""),
            ("m.event.online", "off"),
            ("f.event.languages", ""),
        ]);
        assert_eq!(apply(SESSION, &groups(), &f).unwrap(), SESSION);
    }

    #[test]
    fn a_changed_value_keeps_comments_order_and_unknown_keys() {
        let f = form(&[
            ("f.title", "Fair Haven session"),
            ("f.event.start@date", "2026-12-03"),
            ("f.event.start@time", "18:00"),
            ("f.event.end@date", ""),
            ("f.event.end@time", "20:00"),
            ("f.event.location.venue", "Library"),
            ("f.event.location.address", "1 Main St"),
            ("f.event.location.neighborhood", "Fair Haven"),
            ("f.event.languages", ""),
            ("f.event.languages", "English"),
            ("f.event.languages", "Spanish"),
        ]);
        let out = apply(SESSION, &groups(), &f).unwrap();
        assert_eq!(
            out,
            "# A comment at the top.\ntitle = \"Fair Haven session\"   # trailing note\nunknown_later = 1\n\n[event]\n# When it starts.\nstart = 2026-12-03T18:00\nend = 2026-12-03T20:00\nstatus = \"scheduled\"\nlanguages = [\"English\", \"Spanish\"]\n\n[event.location]\nvenue = \"Library\"\naddress = \"1 Main St\"\nneighborhood = \"Fair Haven\"\n"
        );
    }

    #[test]
    fn switching_a_place_off_removes_its_table_and_cleared_fields_go() {
        let f = form(&[
            ("f.title", "Fair Haven"),
            ("f.event.status", ""),
            ("m.event.location", "off"),
            ("m.event.online", "on"),
            ("f.event.online.url", "https://example.org/join"),
            ("f.event.online.details", ""),
        ]);
        let out = apply(SESSION, &groups(), &f).unwrap();
        assert!(!out.contains("[event.location]"), "{out}");
        assert!(!out.contains("status"), "{out}");
        assert!(
            out.ends_with("[event.online]\nurl = \"https://example.org/join\"\n"),
            "{out}"
        );
    }

    #[test]
    fn a_value_the_build_refuses_is_kept_as_text() {
        let f = form(&[("f.weight", "first")]);
        let out = apply("title = \"A\"\n", &groups(), &f).unwrap();
        assert_eq!(out, "title = \"A\"\nweight = \"first\"\n");
    }

    #[test]
    fn phones_are_written_one_a_line() {
        let g = schema::groups_for(std::path::Path::new("resources/x.md"), &[]);
        let f = form(&[
            ("f.resource.phones.0.label", "Call"),
            ("f.resource.phones.0.number", "1-800-822-8428"),
            ("f.resource.phones.0.note", ""),
            ("f.resource.phones.1.label", ""),
            ("f.resource.phones.1.number", ""),
            ("f.resource.phones.1.note", ""),
        ]);
        let out = apply("title = \"A\"\n", &g, &f).unwrap();
        assert_eq!(
            out,
            "title = \"A\"\n\n[resource]\nphones = [\n  { label = \"Call\", number = \"1-800-822-8428\" },\n]\n"
        );
        let parsed: toml::Table = toml::from_str(&out).unwrap();
        assert_eq!(
            parsed["resource"]["phones"][0]["number"].as_str(),
            Some("1-800-822-8428")
        );
    }

    #[test]
    fn an_offset_the_form_cannot_show_is_kept() {
        let text = "[event]\nstart = 2026-11-01T01:30:00-05:00\n";
        let f = form(&[
            ("f.event.start@date", "2026-11-01"),
            ("f.event.start@time", "01:30"),
        ]);
        assert_eq!(apply(text, &groups(), &f).unwrap(), text);
    }

    #[test]
    fn keys_are_found_by_line() {
        let lines = key_lines(SESSION);
        let find = |p: &str| {
            lines
                .iter()
                .find(|(path, _, _)| path.join(".") == p)
                .map(|(_, a, b)| (*a, *b))
        };
        assert_eq!(find("title"), Some((2, 2)));
        assert_eq!(find("event.end"), Some((8, 8)));
        assert_eq!(find("event.location"), Some((11, 11)));
        assert_eq!(find("event.location.address"), Some((13, 13)));
    }

    #[test]
    fn the_body_goes_back_between_the_fences_with_the_files_line_ends() {
        let text = "\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\n\r\nHello\r\n";
        let p = PageText::parse(text).unwrap();
        assert_eq!(p.join(), text);
        assert_eq!(
            p.with_body("\nHello\nWorld\n").join(),
            "\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\n\r\nHello\r\nWorld\r\n"
        );
        let lf = PageText::parse("+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(lf.with_body("Body\r\nMore\r\n").body, "Body\nMore\n");
    }
}
