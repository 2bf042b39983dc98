//! What a form shows: for each field of the page's groups, its input, its current value (from
//! the text being edited, saved or not), its label and help from the words catalog, and the
//! problems tied to it. Templates turn this into HTML; every input has a label, and its help
//! and problems are tied to it with `aria-describedby`.

use serde_json::{Value as Json, json};
use toml_edit::{Item, TableLike, Value};

use super::front::{self, PageText};
use super::problems::Problem;
use super::schema::{Field, Group, Kind, PHONE_FIELDS, help_key, label_key};
use super::words::w;

/// What kind of page a form is for: some fields apply only to some pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageKind {
    /// A translation (`about.es.md`): `reviewed` and `source_hash` apply.
    pub translation: bool,
    /// A section (`_index.md`): `feed` applies.
    pub section: bool,
}

/// The form of one page: its groups of fields, and the problems that belong to no field.
pub fn build(page: &PageText, groups: &[Group], problems: &[Problem], kind: PageKind) -> Json {
    let doc: Option<toml_edit::DocumentMut> = if page.yaml {
        None
    } else {
        page.front.parse().ok()
    };
    let root = doc.as_ref().map(|d| d.as_table() as &dyn TableLike);
    let groups: Vec<Json> = groups
        .iter()
        .map(|g| {
            let (table, prefix): (Option<&dyn TableLike>, Vec<&str>) = match g.table {
                None => (root, vec![]),
                Some(t) => (
                    root.and_then(|r| r.get(t)).and_then(Item::as_table_like),
                    vec![t],
                ),
            };
            let id = g.table.unwrap_or("page");
            let applies = |f: &&Field| match f.key {
                "reviewed" | "source_hash" if g.table.is_none() => kind.translation,
                "feed" if g.table.is_none() => kind.section,
                _ => true,
            };
            let basic: Vec<Json> = g
                .fields
                .iter()
                .filter(applies)
                .filter(|f| !f.advanced)
                .map(|f| field(table, &prefix, f, problems))
                .collect();
            let advanced: Vec<Json> = g
                .fields
                .iter()
                .filter(applies)
                .filter(|f| f.advanced)
                .map(|f| field(table, &prefix, f, problems))
                .collect();
            json!({
                "id": id,
                "legend": w(&format!("group_{id}")),
                "fields": basic,
                "advanced": advanced,
                "problems": for_field(problems, id),
                "err_id": format!("err-{id}"),
            })
        })
        .collect();
    json!({
        "groups": groups,
        "editable": doc.is_some(),
        "yaml": page.yaml,
        "raw": page.front,
        "page_problems": problems.iter().filter(|p| p.field.is_none()).collect::<Vec<_>>(),
        "body_problems": for_field(problems, "body"),
    })
}

fn for_field(problems: &[Problem], id: &str) -> Vec<Problem> {
    problems
        .iter()
        .filter(|p| p.field.as_deref() == Some(id))
        .cloned()
        .collect()
}

fn field(table: Option<&dyn TableLike>, prefix: &[&str], f: &Field, problems: &[Problem]) -> Json {
    let mut path = prefix.to_vec();
    path.push(f.key);
    let dotted = path.join(".");
    let id = format!("fld-{}", path.join("-"));
    let item = table.and_then(|t| t.get(f.key));
    let value = item.and_then(Item::as_value);
    let text = value.map(front::display).unwrap_or_default();
    let mine = for_field(problems, &dotted);
    let mut out = json!({
        "key": f.key,
        "path": dotted,
        "id": id,
        "name": front::name(&path),
        "label": w(&label_key(&path)),
        "help": crate::editor::words::all().get(&help_key(&path)).cloned().unwrap_or_default(),
        "help_id": format!("help-{id}"),
        "err_id": format!("err-{id}"),
        "required": f.required,
        "problems": mine,
        "value": text,
    });
    let o = out.as_object_mut().expect("an object");
    let kind = match f.kind {
        Kind::Text => "text",
        Kind::LongText => "longtext",
        Kind::Int => "int",
        Kind::Url => "url",
        Kind::Email => "email",
        Kind::Phone => "phone",
        Kind::Bool => {
            o.insert(
                "checked".into(),
                json!(value.and_then(Value::as_bool).unwrap_or(false)),
            );
            "bool"
        }
        Kind::Date => {
            let day = text.get(..10).unwrap_or(&text);
            let valid =
                day.is_empty() || chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok();
            // A value the date picker cannot show stays as typed, so nothing is lost.
            o.insert(
                "value".into(),
                json!(if valid { day } else { text.as_str() }),
            );
            o.insert("plain".into(), json!(!valid));
            "date"
        }
        Kind::DateTime => {
            let t = text.replacen(' ', "T", 1);
            let (d, time) = t.split_once('T').unwrap_or((&t, ""));
            let hm = time.get(..5).unwrap_or(time);
            let valid = (d.is_empty() || chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
                && (hm.is_empty() || chrono::NaiveTime::parse_from_str(hm, "%H:%M").is_ok());
            o.insert("date".into(), json!(d));
            o.insert("time".into(), json!(if valid { hm } else { time }));
            o.insert("plain".into(), json!(!valid));
            "datetime"
        }
        Kind::Select(options) => {
            let current = text.trim().to_lowercase();
            let mut opts: Vec<Json> = options
                .iter()
                .map(|(v, label)| json!({"value": v, "label": w(label), "selected": current == *v}))
                .collect();
            if !current.is_empty() && !options.iter().any(|(v, _)| *v == current) {
                // A value the list does not have (a typo) stays selectable, so the check can
                // say what is wrong and nothing is lost.
                opts.insert(0, json!({"value": text, "label": text, "selected": true}));
            }
            o.insert("options".into(), json!(opts));
            "select"
        }
        Kind::Choices(choices) => {
            let have: Vec<String> = value
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let list: Vec<Json> = choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    json!({"value": c, "checked": have.iter().any(|h| h == c), "id": format!("{id}-{i}")})
                })
                .collect();
            let other: Vec<&str> = have
                .iter()
                .map(String::as_str)
                .filter(|h| !choices.contains(h))
                .collect();
            o.insert("choices".into(), json!(list));
            o.insert("other".into(), json!(other.join(", ")));
            "choices"
        }
        Kind::Lines => "lines",
        Kind::Table(sub) => {
            let t = item.and_then(Item::as_table_like);
            let fields: Vec<Json> = sub.iter().map(|s| field(t, &path, s, problems)).collect();
            o.insert("fields".into(), json!(fields));
            o.insert("present".into(), json!(item.is_some()));
            let switch = matches!(f.key, "location" | "online");
            o.insert("switch".into(), json!(switch));
            o.insert("switch_name".into(), json!(front::switch_name(&path)));
            "table"
        }
        Kind::Phones => {
            let mut rows: Vec<Json> = value
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|row| {
                            let cell = |k: &str| {
                                row.as_inline_table()
                                    .and_then(|t| t.get(k))
                                    .and_then(Value::as_str)
                                    .unwrap_or("")
                                    .to_string()
                            };
                            PHONE_FIELDS
                                .iter()
                                .map(|k| (k.to_string(), json!(cell(k))))
                                .collect::<serde_json::Map<_, _>>()
                                .into()
                        })
                        .collect()
                })
                .unwrap_or_default();
            // Room for one more number; the script adds rows as they fill.
            rows.push(json!({"label": "", "number": "", "note": ""}));
            let rows: Vec<Json> = rows
                .into_iter()
                .enumerate()
                .map(|(i, mut r)| {
                    r["index"] = json!(i);
                    r["n"] = json!(i + 1);
                    r
                })
                .collect();
            o.insert("rows".into(), json!(rows));
            "phones"
        }
    };
    o.insert("kind".into(), json!(kind));
    out
}
