//! A whole address typed into `address` ("182 Grand Avenue, New Haven, CT 06513"): found, and
//! split into the fields schema.org data and map links need.
//!
//! By hand, not with an address-parsing crate: the ones that parse US addresses well bind
//! libpostal (a 2 GB model); this only has to spot the last parts staff add after the street —
//! a city, a two-letter state and a ZIP code, separated by commas — and say which field each
//! belongs in. It never changes what staff wrote.

/// The parts of an address that holds more than the street.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whole {
    /// As written.
    pub written: String,
    /// The street part.
    pub street: String,
    /// The city, when there is one.
    pub city: Option<String>,
    /// The two-letter state, when there is one.
    pub state: Option<String>,
    /// The ZIP code, when there is one.
    pub postal_code: Option<String>,
}

fn is_zip(s: &str) -> bool {
    let (five, plus) = s.split_once('-').unwrap_or((s, ""));
    five.len() == 5
        && five.bytes().all(|b| b.is_ascii_digit())
        && (plus.is_empty() || plus.len() == 4 && plus.bytes().all(|b| b.is_ascii_digit()))
}

fn is_state(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// "CT 06513", "CT", "06513" → (state, ZIP).
fn state_and_zip(part: &str) -> Option<(Option<String>, Option<String>)> {
    let words: Vec<&str> = part.split_whitespace().collect();
    match words.as_slice() {
        [s, z] if is_state(s) && is_zip(z) => Some((Some(s.to_string()), Some(z.to_string()))),
        [s] if is_state(s) => Some((Some(s.to_string()), None)),
        [z] if is_zip(z) => Some((None, Some(z.to_string()))),
        _ => None,
    }
}

/// The parts of `address` when it ends in a state and/or ZIP code; none for a street alone.
pub fn split(address: &str) -> Option<Whole> {
    let written = address.trim().to_string();
    let parts: Vec<&str> = written.split(',').map(str::trim).collect();
    let (street, city, (state, postal_code)) = if parts.len() >= 2 {
        let tail = state_and_zip(parts[parts.len() - 1])?;
        let city = (parts.len() >= 3).then(|| parts[parts.len() - 2].to_string());
        let street_parts = parts.len() - 1 - usize::from(city.is_some());
        (parts[..street_parts].join(", "), city, tail)
    } else {
        // No commas: "182 Grand Avenue New Haven CT 06513". The state and ZIP at the end can
        // be told apart; the city cannot.
        let words: Vec<&str> = written.split_whitespace().collect();
        let n = words.len();
        if n < 3 || !is_state(words[n - 2]) || !is_zip(words[n - 1]) {
            return None;
        }
        (
            words[..n - 2].join(" "),
            None,
            (
                Some(words[n - 2].to_string()),
                Some(words[n - 1].to_string()),
            ),
        )
    };
    Some(Whole {
        written,
        street,
        city,
        state,
        postal_code,
    })
}

impl Whole {
    /// The fields to write, one a line: `address = "182 Grand Avenue"` …
    pub fn fields(&self) -> String {
        let quoted = |v: &str| toml::Value::String(v.to_string()).to_string();
        [
            Some(("address", self.street.as_str())),
            self.city.as_deref().map(|c| ("city", c)),
            self.state.as_deref().map(|s| ("state", s)),
            self.postal_code.as_deref().map(|z| ("postal_code", z)),
        ]
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k} = {}", quoted(v)))
        .collect::<Vec<_>>()
        .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_address_is_split() {
        let w = split("182 Grand Avenue, New Haven, CT 06513").unwrap();
        assert_eq!(
            (
                w.street.as_str(),
                w.city.as_deref(),
                w.state.as_deref(),
                w.postal_code.as_deref()
            ),
            (
                "182 Grand Avenue",
                Some("New Haven"),
                Some("CT"),
                Some("06513")
            )
        );
        assert_eq!(
            w.fields(),
            "address = \"182 Grand Avenue\"\ncity = \"New Haven\"\nstate = \"CT\"\npostal_code = \"06513\""
        );
        let w = split("Suite 2, 182 Grand Avenue, New Haven, CT").unwrap();
        assert_eq!(w.street, "Suite 2, 182 Grand Avenue");
        assert_eq!(w.state.as_deref(), Some("CT"));
        let w = split("182 Grand Avenue New Haven CT 06513").unwrap();
        assert_eq!(w.street, "182 Grand Avenue New Haven");
        assert_eq!(w.postal_code.as_deref(), Some("06513"));
    }

    #[test]
    fn a_street_alone_is_left_alone() {
        assert_eq!(split("182 Grand Avenue"), None);
        assert_eq!(split("Suite 2, 182 Grand Avenue"), None);
        assert_eq!(split("1 Main St, Apt 4B"), None);
    }
}
