//! YAML (`---`) and TOML (`+++`) front matter: metadata and speakers that override guesses.

use scriba_core::{Diagnostic, Meta, Span};
use serde_json::Value;

use crate::speakers::Registry;

/// What the front matter declared besides [`Meta`].
#[derive(Debug, Default)]
pub(crate) struct Front {
    /// Labels to treat as speakers.
    pub(crate) labels: Vec<String>,
    /// End markers.
    pub(crate) end_markers: Vec<String>,
    /// A summary or description.
    pub(crate) summary: Option<String>,
    /// Whether the front matter declared speakers.
    pub(crate) declared_speakers: bool,
}

/// Splits front matter off the text: returns the front matter's body, its syntax (`---` YAML,
/// `+++` TOML) and the byte offset and line where the transcript proper starts.
pub(crate) fn split(text: &str) -> Option<(&str, &'static str, usize, u32)> {
    let (fence, kind) = if text.starts_with("---\n") {
        ("---", "yaml")
    } else if text.starts_with("+++\n") {
        ("+++", "toml")
    } else {
        return None;
    };
    let body_start = fence.len() + 1;
    let mut offset = body_start;
    for (line, l) in (2u32..).zip(text[body_start..].split_inclusive('\n')) {
        let trimmed = l.trim_end();
        if trimmed == fence || (kind == "yaml" && trimmed == "...") {
            let end = offset + l.len();
            return Some((&text[body_start..offset], kind, end, line + 1));
        }
        offset += l.len();
    }
    None
}

/// Parses front matter into a JSON value (an object), or a diagnostic.
pub(crate) fn parse(body: &str, kind: &str) -> Result<Value, Diagnostic> {
    if kind == "toml" {
        let table: toml::Table = body.parse().map_err(|e: toml::de::Error| {
            Diagnostic::error(
                "read.front-matter",
                format!("invalid TOML front matter: {}", e.message()),
            )
            .at(Span::new(2, 1))
        })?;
        return serde_json::to_value(table).map_err(|e| {
            Diagnostic::error(
                "read.front-matter",
                format!("invalid TOML front matter: {e}"),
            )
        });
    }
    let docs = yaml_rust2::YamlLoader::load_from_str(body).map_err(|e| {
        let m = e.marker();
        Diagnostic::error(
            "read.front-matter",
            format!("invalid YAML front matter: {}", e.info()),
        )
        .at(Span::new(
            u32::try_from(m.line() + 1).unwrap_or(u32::MAX),
            u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
        ))
    })?;
    Ok(docs.first().map_or(Value::Null, yaml_to_json))
}

fn yaml_to_json(y: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match y {
        Yaml::Real(s) | Yaml::String(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(a) => Value::Array(a.iter().map(yaml_to_json).collect()),
        Yaml::Hash(h) => Value::Object(
            h.iter()
                .map(|(k, v)| {
                    (
                        scalar(&yaml_to_json(k)).unwrap_or_default(),
                        yaml_to_json(v),
                    )
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// A scalar as a string.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A scalar or a list of scalars as strings.
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a
            .iter()
            .filter_map(scalar)
            .filter(|s| !s.is_empty())
            .collect(),
        other => scalar(other)
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect(),
    }
}

/// Applies the front matter to the metadata and the speaker registry.
pub(crate) fn apply(
    value: &Value,
    meta: &mut Meta,
    speakers: &mut Registry,
    diags: &mut Vec<Diagnostic>,
) -> Front {
    let mut front = Front::default();
    let Value::Object(map) = value else {
        if !value.is_null() {
            diags.push(
                Diagnostic::warning(
                    "read.front-matter",
                    "front matter is not a table of keys; ignored",
                )
                .at(Span::new(1, 1)),
            );
        }
        return front;
    };
    let mut unknown = Vec::new();
    for (key, v) in map {
        let one = || scalar(v).filter(|s| !s.is_empty());
        match key.to_lowercase().replace('-', "_").as_str() {
            "title" => meta.title = one(),
            "subtitle" => meta.subtitle = one(),
            "lang" | "language" => meta.language = one(),
            "date" => meta.date = one(),
            "publisher" => meta.publisher = one(),
            "media" | "media_url" | "video" | "audio" | "youtube" | "recording" => {
                meta.media_url = one();
            }
            "source" | "source_url" | "url" | "source_file" | "link" => meta.source_url = one(),
            "rights" | "license" | "licence" | "copyright" => meta.rights = one(),
            "identifier" | "id" | "doi" | "isbn" | "urn" => meta.identifier = one(),
            "duration" => meta.duration_ms = one().and_then(|d| parse_duration(&d)),
            "tags" | "keywords" | "categories" => meta.keywords.extend(strings(v)),
            "transcript_by" | "transcribed_by" | "transcriber" | "translation_by"
            | "translator" | "author" | "authors" | "contributors" | "editor" => {
                meta.contributors.extend(strings(v));
            }
            "summary" | "description" | "abstract" => front.summary = one(),
            "labels" | "speaker_labels" => front.labels.extend(strings(v)),
            "end_marker" | "end_markers" => front.end_markers.extend(strings(v)),
            "speakers" | "participants" => {
                front.declared_speakers = true;
                declare_speakers(v, speakers);
            }
            _ => {
                if let Some(s) = one() {
                    meta.extra.insert(key.clone(), s);
                } else if !strings(v).is_empty() && matches!(v, Value::Array(_)) {
                    meta.extra.insert(key.clone(), strings(v).join(", "));
                }
                unknown.push(key.as_str());
            }
        }
    }
    if !unknown.is_empty() {
        diags.push(
            Diagnostic::warning(
                "read.front-matter-unknown",
                format!(
                    "unknown front-matter key{} `{}`: kept as extra metadata where it is text",
                    if unknown.len() == 1 { "" } else { "s" },
                    unknown.join("`, `")
                ),
            )
            .at(Span::new(1, 1))
            .with_hint("docs/transcript-format.md lists the keys scriba understands"),
        );
    }
    front
}

fn declare_speakers(v: &Value, speakers: &mut Registry) {
    match v {
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(m) => {
                        let get = |k: &str| m.get(k).and_then(scalar).filter(|s| !s.is_empty());
                        if let Some(name) = get("name").or_else(|| get("id")) {
                            speakers.declare(&name, get("id").as_deref(), get("role").as_deref());
                        }
                    }
                    other => {
                        if let Some(name) = scalar(other).filter(|s| !s.is_empty()) {
                            speakers.declare(&name, None, None);
                        }
                    }
                }
            }
        }
        Value::Object(m) => {
            for (id, item) in m {
                match item {
                    Value::Object(inner) => {
                        let get = |k: &str| inner.get(k).and_then(scalar).filter(|s| !s.is_empty());
                        let name = get("name").unwrap_or_else(|| id.clone());
                        speakers.declare(&name, Some(id), get("role").as_deref());
                    }
                    other => {
                        let name = scalar(other)
                            .filter(|s| !s.is_empty())
                            .unwrap_or_else(|| id.clone());
                        speakers.declare(&name, Some(id), None);
                    }
                }
            }
        }
        other => {
            for name in strings(other) {
                speakers.declare(&name, None, None);
            }
        }
    }
}

/// Parses a duration: seconds (`5400`, `5400.5`) or `H:MM:SS(.mmm)`.
fn parse_duration(s: &str) -> Option<u64> {
    if let Ok(secs) = s.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| (secs * 1000.0).round() as u64);
    }
    crate::inline::parse_timestamp(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml() {
        let src = "---\ntitle: 'T'\nspeakers:\n  - 'Ann Lee'\n  - name: Bo\n    role: host\nfoo: 1\n---\nbody";
        let (body, kind, offset, line) = split(src).expect("front matter");
        assert_eq!((kind, &src[offset..], line), ("yaml", "body", 9));
        let v = parse(body, kind).expect("yaml");
        let (mut meta, mut reg, mut diags) = (Meta::default(), Registry::default(), Vec::new());
        let f = apply(&v, &mut meta, &mut reg, &mut diags);
        assert!(f.declared_speakers);
        assert_eq!(meta.title.as_deref(), Some("T"));
        assert_eq!(meta.extra.get("foo").map(String::as_str), Some("1"));
        assert_eq!(diags[0].code, "read.front-matter-unknown");
        let speakers = reg.into_speakers();
        assert_eq!(speakers[1].role.as_deref(), Some("host"));

        let src = "+++\ntitle = \"T\"\nlanguage = \"de\"\n+++\nbody";
        let (body, kind, _, _) = split(src).expect("front matter");
        let v = parse(body, kind).expect("toml");
        let mut meta = Meta::default();
        apply(&v, &mut meta, &mut Registry::default(), &mut Vec::new());
        assert_eq!(meta.language.as_deref(), Some("de"));
        assert!(parse("a: [", "yaml").is_err());
    }
}
