//! One parse of a TOML or YAML block into a `toml::Table`, with every key's place taken from
//! the parser: toml's spans (`DeTable`) and saphyr's marks (`MarkedYaml`).

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use super::Syntax;
use super::spans::{Place, Pos, Spans};
use crate::diagnostic::LineIndex;

/// A block as a table, with where each key is.
pub struct Parsed {
    /// The values.
    pub table: toml::Table,
    /// Where each key and value is written.
    pub spans: Spans,
}

/// Parses `text` (whose first line is line `first_line` of its file). On failure, the 0-based
/// index of the line the parser stopped at.
pub fn parse(syntax: Syntax, text: &str, first_line: usize) -> Result<Parsed, usize> {
    match syntax {
        Syntax::Toml => parse_toml(text, first_line),
        Syntax::Yaml => parse_yaml(text, first_line),
    }
}

fn parse_toml(text: &str, first_line: usize) -> Result<Parsed, usize> {
    let index = LineIndex::new(text);
    let line_of = |offset: usize| index.line_col(offset).0 - 1;
    let doc = DeTable::parse(text).map_err(|e| e.span().map(|s| line_of(s.start)).unwrap_or(0))?;
    let mut walk = TomlWalk {
        text,
        index: &index,
        first_line,
        spans: Spans::new(first_line),
        path: Vec::new(),
    };
    walk.table(doc.get_ref());
    let spans = walk.spans;
    let table = toml::Table::deserialize(toml::de::Deserializer::from(doc))
        .map_err(|e| e.span().map(|s| line_of(s.start)).unwrap_or(0))?;
    Ok(Parsed { table, spans })
}

struct TomlWalk<'a> {
    text: &'a str,
    index: &'a LineIndex,
    first_line: usize,
    spans: Spans,
    path: Vec<String>,
}

impl TomlWalk<'_> {
    fn pos(&self, offset: usize) -> Pos {
        let (line, col) = self.index.line_char_col(self.text, offset);
        Pos {
            line: line + self.first_line - 1,
            col,
        }
    }

    fn table(&mut self, t: &DeTable<'_>) {
        for (k, v) in t.iter() {
            self.path.push(k.get_ref().to_string());
            let place = Place {
                key: self.pos(k.span().start),
                value: self.pos(v.span().start),
            };
            self.spans.insert(&self.path, place);
            self.value(v.get_ref());
            self.path.pop();
        }
    }

    fn value(&mut self, v: &DeValue<'_>) {
        match v {
            DeValue::Table(t) => self.table(t),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.path.push(i.to_string());
                    // An item of `[[list]]` starts at its header.
                    let at = self.pos(item.span().start);
                    self.spans.insert(&self.path, Place { key: at, value: at });
                    self.value(item.get_ref());
                    self.path.pop();
                }
            }
            _ => {}
        }
    }
}

fn parse_yaml(text: &str, first_line: usize) -> Result<Parsed, usize> {
    use saphyr::{LoadableYamlNode, MarkedYaml, YamlData};
    let docs = MarkedYaml::load_from_str(text).map_err(|e| e.marker().line().saturating_sub(1))?;
    let mut spans = Spans::new(first_line);
    let Some(doc) = docs.into_iter().next() else {
        return Ok(Parsed {
            table: toml::Table::new(),
            spans,
        });
    };
    let table = match &doc.data {
        YamlData::Mapping(_) => {
            let mut path = Vec::new();
            match yaml_value(&doc, &mut path, &mut spans, first_line) {
                Some(toml::Value::Table(t)) => t,
                _ => toml::Table::new(),
            }
        }
        YamlData::Value(saphyr::Scalar::Null) => toml::Table::new(),
        _ => return Err(doc.span.start.line().saturating_sub(1)),
    };
    Ok(Parsed { table, spans })
}

fn yaml_pos(m: &saphyr::Marker, first_line: usize) -> Pos {
    Pos {
        line: m.line() + first_line - 1,
        col: m.col() + 1,
    }
}

/// A YAML node as the TOML value Haven's types read; `None` for null (a field left empty is
/// a field not given).
fn yaml_value(
    n: &saphyr::MarkedYaml<'_>,
    path: &mut Vec<String>,
    spans: &mut Spans,
    first_line: usize,
) -> Option<toml::Value> {
    use saphyr::{Scalar, YamlData};
    Some(match &n.data {
        YamlData::Value(s) => match s {
            Scalar::Null => return None,
            Scalar::Boolean(b) => toml::Value::Boolean(*b),
            Scalar::Integer(i) => toml::Value::Integer(*i),
            Scalar::FloatingPoint(f) => toml::Value::Float(f.into_inner()),
            Scalar::String(s) => toml::Value::String(s.to_string()),
        },
        YamlData::Representation(s, _, _) => toml::Value::String(s.to_string()),
        YamlData::Tagged(_, inner) => return yaml_value(inner, path, spans, first_line),
        YamlData::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                path.push(out.len().to_string());
                let at = yaml_pos(&item.span.start, first_line);
                spans.insert(path, Place { key: at, value: at });
                if let Some(v) = yaml_value(item, path, spans, first_line) {
                    out.push(v);
                }
                path.pop();
            }
            toml::Value::Array(out)
        }
        YamlData::Mapping(m) => {
            let mut out = toml::Table::new();
            for (k, v) in m {
                let key = match &k.data {
                    YamlData::Value(Scalar::String(s)) => s.to_string(),
                    YamlData::Value(Scalar::Integer(i)) => i.to_string(),
                    YamlData::Value(Scalar::Boolean(b)) => b.to_string(),
                    YamlData::Value(Scalar::FloatingPoint(f)) => f.to_string(),
                    _ => continue,
                };
                path.push(key.clone());
                spans.insert(
                    path,
                    Place {
                        key: yaml_pos(&k.span.start, first_line),
                        value: yaml_pos(&v.span.start, first_line),
                    },
                );
                if let Some(value) = yaml_value(v, path, spans, first_line) {
                    out.insert(key, value);
                }
                path.pop();
            }
            toml::Value::Table(out)
        }
        YamlData::Alias(_) | YamlData::BadValue => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, col: usize) -> Pos {
        Pos { line, col }
    }

    #[test]
    fn toml_places_come_from_the_parser() {
        let p = parse(
            Syntax::Toml,
            "title = \"Café\"\n[event]\nstart = 2026-12-03T18:00\n[[event.h]]\nnote = \"“x”\"\n",
            2,
        )
        .ok()
        .unwrap();
        assert_eq!(p.spans.key(&["title"]), Some(at(2, 1)));
        assert_eq!(p.spans.value(&["title"]), Some(at(2, 9)));
        assert_eq!(p.spans.key(&["event", "start"]), Some(at(4, 1)));
        assert_eq!(p.spans.key(&["event", "h", "0"]), Some(at(5, 1)));
        assert_eq!(p.spans.value(&["event", "h", "0", "note"]), Some(at(6, 8)));
        assert!(p.table["event"]["start"].is_datetime());
    }

    #[test]
    fn yaml_places_come_from_the_parser() {
        let p = parse(
            Syntax::Yaml,
            "title: Café\nempty:\nevent:\n  start: 2026-12-03T18:00\n  languages:\n    - English\n",
            2,
        )
        .ok()
        .unwrap();
        assert_eq!(p.spans.key(&["title"]), Some(at(2, 1)));
        assert_eq!(p.spans.value(&["title"]), Some(at(2, 8)));
        assert_eq!(p.spans.key(&["event", "start"]), Some(at(5, 3)));
        assert_eq!(p.spans.key(&["event", "languages", "0"]), Some(at(7, 7)));
        assert!(!p.table.contains_key("empty"));
        assert_eq!(p.table["event"]["start"].as_str(), Some("2026-12-03T18:00"));
    }

    #[test]
    fn the_line_where_parsing_stopped() {
        assert_eq!(parse(Syntax::Toml, "a = 1\nb = “x”\n", 2).err(), Some(1));
        assert_eq!(parse(Syntax::Yaml, "a: 1\nb: [x\n", 2).err(), Some(2));
    }
}
