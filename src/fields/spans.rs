//! Where each key and value of a TOML or YAML block is written, as the parser reported it.

use rustc_hash::FxHashMap;

/// A place in a file: 1-based line and column (columns count characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

/// Where one key and its value are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    /// The key (for a `[table]` or `[[list]]` entry: its name in the header).
    pub key: Pos,
    /// The value (for a table or a list item: where it starts).
    pub value: Pos,
}

/// Separates the parts of a key path in the map: a character no key contains by accident.
const SEP: char = '\u{1f}';

/// The places of every key of one block, by key path (`["event", "location", "venue"]`);
/// list items are addressed by index (`["resource", "phones", "0", "number"]`).
#[derive(Debug, Clone, Default)]
pub struct Spans {
    places: FxHashMap<String, Place>,
    /// 1-based line of the block's first line in its file.
    pub first_line: usize,
}

impl Spans {
    /// An empty map for a block starting at `first_line`.
    pub fn new(first_line: usize) -> Spans {
        Spans {
            places: FxHashMap::default(),
            first_line,
        }
    }

    /// Records where `path` is written.
    pub fn insert(&mut self, path: &[String], place: Place) {
        self.places.insert(path.join(&SEP.to_string()), place);
    }

    /// Where `path` and its value are written.
    pub fn place<S: AsRef<str>>(&self, path: &[S]) -> Option<Place> {
        let mut key = String::new();
        for (i, p) in path.iter().enumerate() {
            if i > 0 {
                key.push(SEP);
            }
            key.push_str(p.as_ref());
        }
        self.places.get(&key).copied()
    }

    /// Where the key `path` is written.
    pub fn key<S: AsRef<str>>(&self, path: &[S]) -> Option<Pos> {
        self.place(path).map(|p| p.key)
    }

    /// Where the value of `path` starts.
    pub fn value<S: AsRef<str>>(&self, path: &[S]) -> Option<Pos> {
        self.place(path).map(|p| p.value)
    }

    /// The line of the key `path`, or of its nearest parent that is written (a field that is
    /// missing is reported at its table).
    pub fn line_of<S: AsRef<str>>(&self, path: &[S]) -> Option<usize> {
        (1..=path.len())
            .rev()
            .find_map(|n| self.key(&path[..n]))
            .map(|p| p.line)
    }

    /// The value's place of `path`, or the key's place of its nearest written parent.
    pub fn value_or_parent<S: AsRef<str>>(&self, path: &[S]) -> Pos {
        self.value(path)
            .or_else(|| (1..path.len()).rev().find_map(|n| self.key(&path[..n])))
            .unwrap_or(Pos {
                line: self.first_line,
                col: 1,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_fall_back_to_their_table() {
        let mut s = Spans::new(2);
        let at = |line, col| Pos { line, col };
        s.insert(
            &["event".into()],
            Place {
                key: at(3, 2),
                value: at(3, 1),
            },
        );
        s.insert(
            &["event".into(), "start".into()],
            Place {
                key: at(4, 1),
                value: at(4, 9),
            },
        );
        assert_eq!(s.line_of(&["event", "start"]), Some(4));
        assert_eq!(s.line_of(&["event", "end"]), Some(3));
        assert_eq!(s.line_of(&["title"]), None);
        assert_eq!(s.value_or_parent(&["event", "start"]), at(4, 9));
        assert_eq!(s.value_or_parent(&["event", "end"]), at(3, 2));
    }
}
