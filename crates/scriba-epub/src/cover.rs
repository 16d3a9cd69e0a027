//! The cover image: drawn as SVG from the title and speakers, or the user's image.

use scriba_core::{Diagnostic, Transcript, is_cjk};

use crate::Cover;
use crate::xml;

/// A cover image ready for the package.
#[derive(Debug, Clone)]
pub(crate) struct CoverImage {
    /// The file name inside the content directory, such as `cover.svg`.
    pub(crate) file_name: &'static str,
    /// The media type of the file.
    pub(crate) media_type: &'static str,
    /// The file content.
    pub(crate) bytes: Vec<u8>,
}

/// Turns the cover option into an image, or `None` for no cover. An image in a format EPUB
/// reading systems need not support is an error.
pub(crate) fn prepare(cover: &Cover, doc: &Transcript) -> Result<Option<CoverImage>, Diagnostic> {
    match cover {
        Cover::None => Ok(None),
        Cover::Generated => Ok(Some(CoverImage {
            file_name: "cover.svg",
            media_type: "image/svg+xml",
            bytes: generate(doc).into_bytes(),
        })),
        Cover::Image(bytes) => {
            let (file_name, media_type) = sniff(bytes).ok_or_else(|| {
                Diagnostic::error(
                    "epub.cover-format",
                    "the cover image is not PNG, JPEG, GIF, WebP or SVG",
                )
                .with_hint("convert the cover to PNG or JPEG, or use the generated cover")
            })?;
            Ok(Some(CoverImage {
                file_name,
                media_type,
                bytes: bytes.clone(),
            }))
        }
    }
}

/// The file name and core media type of an image, recognised from its first bytes.
pub(crate) fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("cover.png", "image/png"))
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(("cover.jpg", "image/jpeg"))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("cover.gif", "image/gif"))
    } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(("cover.webp", "image/webp"))
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
        let head = head.trim_start_matches('\u{feff}').trim_start();
        ((head.starts_with("<?xml") || head.starts_with("<svg") || head.starts_with("<!--"))
            && head.contains("<svg"))
        .then_some(("cover.svg", "image/svg+xml"))
    }
}

const WIDTH: u32 = 600;
const HEIGHT: u32 = 900;
const MARGIN: u32 = 50;
const MAX_TITLE_LINES: usize = 6;
const MAX_SPEAKER_LINES: usize = 4;

/// An SVG cover (2:3) with the title, the subtitle and the speakers' names, in system fonts.
pub(crate) fn generate(doc: &Transcript) -> String {
    let title = doc.meta.title.as_deref().unwrap_or("").trim();
    let title_size = if title.chars().count() <= 40 { 52 } else { 40 };
    let mut svg = String::with_capacity(2048);
    svg.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
version=\"1.1\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
role=\"img\" aria-labelledby=\"cover-title\">\n<title id=\"cover-title\">"
    ));
    xml::text(&mut svg, &alt_text(doc));
    svg.push_str("</title>\n");
    svg.push_str(&format!(
        "<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#1d3557\"/>\n\
<rect x=\"{MARGIN}\" y=\"{MARGIN}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#f1faee\" stroke-width=\"2\"/>\n",
        WIDTH - 2 * MARGIN,
        HEIGHT - 2 * MARGIN
    ));
    let mut y = 250;
    let inner = f64::from(WIDTH - 4 * MARGIN);
    let text_block = |svg: &mut String,
                      y: &mut u32,
                      text: &str,
                      size: u32,
                      max: usize,
                      style: &str| {
        for line in wrap(text, inner, f64::from(size), max) {
            svg.push_str(&format!(
                "<text x=\"{}\" y=\"{y}\" font-size=\"{size}\" {style} text-anchor=\"middle\" fill=\"#f1faee\">",
                WIDTH / 2
            ));
            xml::text(svg, &line);
            svg.push_str("</text>\n");
            *y += size * 6 / 5;
        }
    };
    text_block(
        &mut svg,
        &mut y,
        title,
        title_size,
        MAX_TITLE_LINES,
        "font-family=\"serif\" font-weight=\"bold\"",
    );
    if let Some(sub) = doc.meta.subtitle.as_deref() {
        y += 10;
        text_block(
            &mut svg,
            &mut y,
            sub,
            28,
            3,
            "font-family=\"serif\" font-style=\"italic\"",
        );
    }
    svg.push_str(&format!(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e63946\" stroke-width=\"4\"/>\n",
        WIDTH / 2 - 60,
        y + 10,
        WIDTH / 2 + 60,
        y + 10
    ));
    let mut y = y.max(560) + 80;
    // One speaker per line; names that do not fit are cut, speakers beyond the last line
    // are summed up by an ellipsis.
    let names = speaker_names(doc);
    for (i, name) in names.iter().enumerate() {
        let last_line = i + 1 == MAX_SPEAKER_LINES && names.len() > MAX_SPEAKER_LINES;
        let name = if last_line { "…" } else { name };
        text_block(&mut svg, &mut y, name, 30, 1, "font-family=\"sans-serif\"");
        if last_line {
            break;
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// The speakers' display names, in order, without empty ones.
pub(crate) fn speaker_names(doc: &Transcript) -> Vec<&str> {
    doc.speakers
        .iter()
        .map(|s| s.name.trim())
        .filter(|n| !n.is_empty())
        .collect()
}

/// What the cover shows, as text: the alternative for the cover image.
pub(crate) fn alt_text(doc: &Transcript) -> String {
    let mut alt = doc.meta.title.as_deref().unwrap_or("").trim().to_owned();
    if let Some(sub) = doc
        .meta
        .subtitle
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        alt.push_str(": ");
        alt.push_str(sub);
    }
    let names = speaker_names(doc);
    if !names.is_empty() {
        if !alt.is_empty() {
            alt.push_str(" – ");
        }
        alt.push_str(&names.join(", "));
    }
    alt
}

/// Breaks `text` into at most `max_lines` lines that fit `width` at `size` (estimated:
/// half an em per character, a full em for CJK), breaking over-long words, and ending with
/// an ellipsis when text is left over.
fn wrap(text: &str, width: f64, size: f64, max_lines: usize) -> Vec<String> {
    let advance = |c: char| if is_cjk(c) { size } else { size * 0.55 };
    let space = size * 0.3;
    // Words wider than a line are cut into pieces that fit.
    let mut pieces: Vec<(String, f64)> = Vec::new();
    for word in text.split_whitespace() {
        let mut piece = String::new();
        let mut w = 0.0;
        for c in word.chars() {
            if w + advance(c) > width && !piece.is_empty() {
                pieces.push((std::mem::take(&mut piece), w));
                w = 0.0;
            }
            piece.push(c);
            w += advance(c);
        }
        pieces.push((piece, w));
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0;
    for (piece, w) in pieces {
        if !line.is_empty() && line_w + space + w > width {
            lines.push(std::mem::take(&mut line));
            line_w = 0.0;
        }
        if !line.is_empty() {
            line.push(' ');
            line_w += space;
        }
        line.push_str(&piece);
        line_w += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let mut chars: Vec<char> = last.chars().collect();
            chars.pop();
            *last = chars.into_iter().collect::<String>().trim_end().to_owned() + "…";
        }
    }
    lines
}

#[cfg(test)]
mod tests;
