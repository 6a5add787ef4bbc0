//! Escaping: every data value reaches Typst through this module — [`esc`] for
//! markup (every `{{ … }}` of a template, by MiniJinja's auto-escape) and
//! [`literal`] for the few places Typst needs a string (`|teks` in a
//! template: the document title, the font family, attachment names).
//!
//! [`esc`] also marks where Indonesian words may be hyphenated (soft hyphens
//! from [`crate::pemenggalan`]); [`literal`] does not (titles, alternative
//! texts and file names are read, not set in lines).
//!
//! A workbook cell or a YAML string is *data*, never code: whatever it holds
//! (`#`, `*`, `$`, `@`, `<`, `]`, `{{ }}`, `//`, `"`) prints literally.

/// Escapes `text` for Typst markup so that it prints exactly as written.
///
/// Every ASCII punctuation character with a meaning in Typst markup is
/// preceded by a backslash (Typst treats `\` + any non-space character as
/// that character); line breaks and other control characters become spaces,
/// so a value can never start a heading, list or comment. `;` is escaped too:
/// right after an embedded expression (`#strong[…];`) Typst would swallow it.
///
/// Ordinary words get soft hyphens at their Indonesian break points
/// ([`crate::pemenggalan::sisipkan`]), so justified lines and narrow table
/// cells can break inside a word.
pub fn esc(text: &str) -> String {
    let text = crate::pemenggalan::sisipkan(text);
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\\' | '#' | '*' | '_' | '`' | '$' | '<' | '>' | '@' | '[' | ']' | '{' | '}' | '='
            | '-' | '+' | '/' | '~' | ':' | '.' | '(' | ')' | '^' | ';' => {
                out.push('\\');
                out.push(ch);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `text` as a Typst string literal, quotes included: `\` and `"` are
/// escaped and control characters written as `\u{…}`, so the string ends
/// exactly where lapkin ends it.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_end_where_lapkin_ends_them() {
        assert_eq!(literal("TeX Gyre Bonum"), "\"TeX Gyre Bonum\"");
        assert_eq!(
            literal("a\") + #panic(\"x\")"),
            "\"a\\\") + #panic(\\\"x\\\")\""
        );
        assert_eq!(literal("c:\\d\n"), "\"c:\\\\d\\u{a}\"");
    }

    #[test]
    fn words_get_soft_hyphens_and_stay_escaped() {
        assert_eq!(esc("pelayanan."), "pe\u{ad}la\u{ad}yanan\\.");
        assert_eq!(esc("#pagebreak"), "\\#pa\u{ad}ge\u{ad}break");
    }

    #[test]
    fn hostile_strings_are_escaped() {
        let esc = |s: &str| esc(s).replace(crate::pemenggalan::TANDA, "");
        assert_eq!(
            esc("#set page(width: 1cm)"),
            "\\#set page\\(width\\: 1cm\\)"
        );
        assert_eq!(esc("a*b*_c_"), "a\\*b\\*\\_c\\_");
        assert_eq!(esc("]) #panic("), "\\]\\) \\#panic\\(");
        assert_eq!(esc("{{ x }}"), "\\{\\{ x \\}\\}");
        assert_eq!(esc("line\n= Heading"), "line \\= Heading");
        assert_eq!(esc("C:\\u{41}"), "C\\:\\\\u\\{41\\}");
        assert_eq!(esc("5.581.000.815"), "5\\.581\\.000\\.815");
        assert_eq!(esc("; a"), "\\; a");
    }
}
