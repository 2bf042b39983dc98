//! Phone numbers, the one path every number a resident may dial goes through: a resource's
//! `phones` and `text`, a session's `contact.phone` and the crisis strip in config.toml. Each
//! is checked with the `phonenumber` crate (Google's libphonenumber metadata) rather than a
//! pattern, and turned into what a phone dials, so templates receive a `tel:` link computed
//! here and never build one from the text as written.

use std::path::Path;

use phonenumber::country::Id;
use phonenumber::{Mode, PhoneNumber};

use crate::diagnostic::Diagnostic;

/// The three-digit numbers a phone in Connecticut can dial that are not ten-digit numbers.
/// libphonenumber knows them only as "short numbers" (a part the crate does not cover), so they
/// are allowed by name.
pub const SHORT_CODES: [&str; 3] = ["911", "988", "211"];

/// Why a number cannot be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    /// It parses, but is not in the North American Numbering Plan (country code 1).
    NotNorthAmerican,
    /// It is not a number that can be dialed (too short, a non-existent area code…).
    Invalid,
}

/// What to dial: `+18008228428` (E.164), with an extension the RFC 3966 way
/// (`+12035550100;ext=12` for "203-555-0100 ext. 12"), or a short code like `911`.
pub fn dial(number: &str) -> Result<String, PhoneError> {
    let digits: String = number
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    if SHORT_CODES.contains(&digits.as_str()) {
        return Ok(digits);
    }
    let parsed: PhoneNumber =
        phonenumber::parse(Some(Id::US), number).map_err(|_| PhoneError::Invalid)?;
    if parsed.code().value() != 1 {
        return Err(if parsed.is_valid() {
            PhoneError::NotNorthAmerican
        } else {
            PhoneError::Invalid
        });
    }
    if !parsed.is_valid() {
        return Err(PhoneError::Invalid);
    }
    let mut out = parsed.format().mode(Mode::E164).to_string();
    if let Some(ext) = parsed.extension() {
        // RFC 3966: an extension follows the number as `;ext=`.
        out.push_str(";ext=");
        out.push_str(ext.as_ref());
    }
    Ok(out)
}

/// The `tel:` link that dials `number`: `tel:+18008228428`, `tel:+12035550100;ext=12`,
/// `tel:911`.
pub fn tel_href(number: &str) -> Result<String, PhoneError> {
    dial(number).map(|d| format!("tel:{d}"))
}

/// The error staff see for `number` (`what` says which: "the phone number", "the text
/// number", "the crisis line number") at `path:line:col`.
pub fn diagnostic(
    path: &Path,
    line: usize,
    col: usize,
    what: &str,
    number: &str,
    e: &PhoneError,
) -> Diagnostic {
    match e {
        PhoneError::Invalid => Diagnostic::error(path, line, col, format!("{what} `{number}` is not a valid North American phone number"))
            .with_hint("write the whole number with its area code, like 1-800-822-8428 (an extension after it: 203-555-0100 ext. 12); the only short numbers allowed are 911, 988 and 2-1-1"),
        PhoneError::NotNorthAmerican => Diagnostic::error(path, line, col, format!("{what} `{number}` is not a North American number"))
            .with_hint("list only North American numbers (the US and Canada, country code 1), or 911, 988 and 2-1-1"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_the_facts_list_dial_in_e164() {
        assert_eq!(dial("1-800-822-8428").unwrap(), "+18008228428");
        assert_eq!(dial("860-550-6632").unwrap(), "+18605506632");
        assert_eq!(dial("(203) 946-7200").unwrap(), "+12039467200");
    }

    #[test]
    fn short_codes_are_allowed_by_name() {
        assert_eq!(dial("911").unwrap(), "911");
        assert_eq!(dial("2-1-1").unwrap(), "211");
        assert_eq!(dial("988").unwrap(), "988");
        assert_eq!(dial("411"), Err(PhoneError::Invalid));
    }

    #[test]
    fn an_extension_is_dialed_after_the_number() {
        assert_eq!(
            tel_href("203-555-0100 ext. 12").unwrap(),
            "tel:+12035550100;ext=12"
        );
        assert_eq!(
            tel_href("(203) 946-7200 x 3").unwrap(),
            "tel:+12039467200;ext=3"
        );
        assert_eq!(tel_href("911").unwrap(), "tel:911");
    }

    #[test]
    fn bad_numbers_are_refused() {
        assert_eq!(dial("555-0100"), Err(PhoneError::Invalid));
        assert_eq!(dial("123-456-7890"), Err(PhoneError::Invalid));
        assert_eq!(dial("call us"), Err(PhoneError::Invalid));
        assert_eq!(dial("+44 20 7946 0000"), Err(PhoneError::NotNorthAmerican));
    }
}
