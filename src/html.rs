//! Text made safe to put into HTML that Haven writes itself (outside templates, which Tera
//! escapes): element text and attribute values, and JSON-LD inside a `<script>` element.

/// `s` with `&`, `<`, `>`, `"` and `'` escaped, for element text and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// JSON for inside `<script type="application/ld+json">`: `<`, `>` and `&` are written as
/// `\u003c`, `\u003e` and `\u0026`, so that no value can close the script element, and the
/// JSON still reads back the same.
pub fn json_in_script(v: &serde_json::Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn script_json_cannot_close_the_element() {
        let v = json!({ "name": "</script><b>&" });
        let s = json_in_script(&v);
        assert_eq!(s, r#"{"name":"\u003c/script\u003e\u003cb\u003e\u0026"}"#);
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v);
    }
}
