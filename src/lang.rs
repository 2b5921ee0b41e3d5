//! The two languages of every message: Chinese and English. Core errors (the log, the
//! recorder, input limits) are worded here in both, so the console, the projector and the
//! command line say the same thing in the operator's language.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// From `LANG` / `LC_ALL`: Chinese when either starts with "zh".
    pub fn from_env() -> Lang {
        let v = std::env::var("LC_ALL")
            .ok()
            .filter(|s| !s.is_empty())
            .or_else(|| std::env::var("LANG").ok())
            .unwrap_or_default();
        if v.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// A sentence of the catalogue (`crate::sentences`) in this language.
    pub fn say(self, w: crate::sentences::Words) -> &'static str {
        match self {
            Lang::Zh => w.zh,
            Lang::En => w.en,
        }
    }
    /// A sentence with values, in this language.
    pub fn pick(self, s: crate::sentences::Said) -> String {
        match self {
            Lang::Zh => s.zh,
            Lang::En => s.en,
        }
    }
}

/// Longest stretch of a user's or a file's value quoted back in a message.
pub const QUOTE_CHARS: usize = 80;

/// A value from a file or the command line, quoted for a message: cut to about 80
/// characters, with control characters shown as escapes so they cannot move the cursor.
pub fn quote(value: &str) -> String {
    let mut out = String::from("\"");
    let total = value.chars().count();
    for c in value.chars().take(QUOTE_CHARS) {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('"');
    if total > QUOTE_CHARS {
        out.push_str(&format!("… ({} more characters)", total - QUOTE_CHARS));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_cuts_and_escapes() {
        let long = "x".repeat(10_000_000);
        let q = quote(&long);
        assert!(q.len() < 200, "{}", q.len());
        assert!(q.ends_with("(9999920 more characters)"));
        assert_eq!(quote("a\nb\u{1b}"), "\"a\\nb\\u{1b}\"");
        assert_eq!(quote("项目"), "\"项目\"");
    }
}
