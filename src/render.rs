//! Render: the view through MiniJinja templates into Typst sources, one per chapter.
//!
//! Auto-escaping is on for every template: any value printed with `{{ … }}`
//! passes through [`crate::escape::esc`] unless it is [`crate::view::Markup`]
//! (narrative already converted and escaped). Undefined variables are errors.

use anyhow::{Context, Result};
use minijinja::value::ValueKind;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use crate::escape::esc;
use crate::view::Tampilan;

/// One generated Typst file.
#[derive(Debug, Clone)]
pub struct Sumber {
    /// File name inside the Typst world, e.g. `bab3.typ`.
    pub nama: String,
    /// Typst source.
    pub teks: String,
}

/// The templates, compiled into the binary: (name, text).
pub const TEMPLAT: &[(&str, &str)] = &[
    ("makro.j2", include_str!("../templates/makro.j2")),
    ("main.typ", include_str!("../templates/main.typ")),
    ("gaya.typ", include_str!("../templates/gaya.typ")),
    ("grafik.typ", include_str!("../templates/grafik.typ")),
    ("depan.typ", include_str!("../templates/depan.typ")),
    ("bab1.typ", include_str!("../templates/bab1.typ")),
    ("bab2.typ", include_str!("../templates/bab2.typ")),
    ("bab3.typ", include_str!("../templates/bab3.typ")),
    ("bab4.typ", include_str!("../templates/bab4.typ")),
    ("lampiran.typ", include_str!("../templates/lampiran.typ")),
];

/// Chapters rendered from templates, in document order (`main.typ` includes them).
const BAB: &[&str] = &[
    "main.typ",
    "gaya.typ",
    "grafik.typ",
    "depan.typ",
    "bab1.typ",
    "bab2.typ",
    "bab3.typ",
    "bab4.typ",
    "lampiran.typ",
];

fn lingkungan() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::Custom("typst"));
    env.set_formatter(|out, state, value| {
        // Numbers cannot carry code and are needed raw in code positions (page size).
        if value.is_safe()
            || value.kind() == ValueKind::Number
            || state.auto_escape() == AutoEscape::None
        {
            write!(out, "{value}")?;
        } else if value.is_none() || value.is_undefined() {
            // prints nothing
        } else {
            write!(out, "{}", esc(&value.to_string()))?;
        }
        Ok(())
    });
    // `|teks`: a value where Typst needs a string (document title, font
    // family, attachment names), as an escaped string literal.
    env.add_filter("teks", |v: Value| {
        Value::from_safe_string(crate::escape::literal(&v.to_string()))
    });
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    for (name, text) in TEMPLAT {
        env.add_template(name, text)
            .with_context(|| format!("templat {name} rusak"))?;
    }
    Ok(env)
}

/// Renders every chapter.
pub fn render(view: &Tampilan) -> Result<Vec<Sumber>> {
    let env = lingkungan()?;
    let ctx = Value::from_serialize(view);
    BAB.iter()
        .map(|name| {
            let tmpl = env.get_template(name)?;
            let teks = tmpl
                .render(&ctx)
                .map_err(|e| anyhow::anyhow!("templat {name}: {e:#}"))?;
            Ok(Sumber {
                nama: name.to_string(),
                teks,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_markup_is_not() {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Custom("typst"));
        env.set_formatter(|out, _state, value| {
            if value.is_safe() {
                write!(out, "{value}")?;
            } else {
                write!(out, "{}", esc(&value.to_string()))?;
            }
            Ok(())
        });
        env.add_template("t", "[{{ a }}] {{ m }}").unwrap();
        #[derive(serde::Serialize)]
        struct Ctx {
            a: String,
            m: crate::view::Markup,
        }
        let out = env
            .get_template("t")
            .unwrap()
            .render(Value::from_serialize(Ctx {
                a: "#pagebreak() ]".into(),
                m: crate::view::Markup::mentah("#strong[x]"),
            }))
            .unwrap();
        assert_eq!(
            out.replace(crate::pemenggalan::TANDA, ""),
            "[\\#pagebreak\\(\\) \\]] #strong[x]"
        );
    }
}
