//! Shared test helpers: sample transcripts, unzipping and text extraction.

#![allow(dead_code, reason = "each test file uses a different subset")]

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;
use scriba_core::{Block, EventKind, Field, Inline, NoteKind, Paragraph, Speaker, Transcript};

/// A transcript shaped like the seed interview: title, disclaimer, speakers, quotations,
/// a work title, events, an end marker and back matter with labelled fields and links.
pub(crate) fn interview() -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.title = Some("Varoufakis über Chinas KI DeepSeek und den neuen Kalten Krieg".into());
    doc.meta.subtitle = Some("Ein Monatsrückblick".into());
    doc.meta.language = Some("de".into());
    doc.meta.date = Some("2025-01-31".into());
    doc.meta.publisher = Some("acTVism München e.V.".into());
    doc.meta.source_url = Some("https://www.actvism.org/".into());
    doc.speakers
        .push(Speaker::new("yanis-varoufakis", "Yanis Varoufakis"));
    doc.speakers.push(Speaker::new("moderation", "Moderation"));
    doc.front.push(Block::Note {
        kind: NoteKind::Disclaimer,
        content: vec![Inline::text(
            "Das Transkript gibt möglicherweise aufgrund der Tonqualität oder anderer Faktoren den ursprünglichen Inhalt nicht wortgenau wieder.",
        )],
        span: None,
    });
    doc.body.push(Block::turn(
        Some("moderation"),
        vec![Paragraph::text(
            "Herr Varoufakis, was ist diese Woche passiert?",
        )],
    ));
    doc.body.push(Block::turn(
        Some("yanis-varoufakis"),
        vec![
            Paragraph::new(vec![
                Inline::text("Hallo, ich bin Yanis Varoufakis und berichte über "),
                Inline::Title {
                    content: vec![Inline::text("DeepSeek")],
                },
                Inline::text(". Wenn ich "),
                Inline::Quote {
                    content: vec![Inline::text("privatisiert")],
                },
                Inline::text(" sage, meine ich "),
                Inline::Quote {
                    content: vec![
                        Inline::text("Ihre Daten, "),
                        Inline::Quote {
                            content: vec![Inline::text("meine Daten")],
                        },
                    ],
                },
                Inline::text(". "),
                Inline::Event {
                    kind: EventKind::Laughter,
                    description: "lacht".into(),
                },
            ]),
            Paragraph::new(vec![
                Inline::text("Aber wie genau ist es dazu gekommen? "),
                Inline::Emphasis {
                    content: vec![Inline::text("Techno-Feudalismus")],
                },
                Inline::text(" in Schwierigkeiten?"),
            ]),
        ],
    ));
    doc.body.push(Block::Event {
        kind: EventKind::Applause,
        description: "Applaus".into(),
        span: None,
    });
    doc.body.push(Block::turn(
        Some("yanis-varoufakis"),
        vec![Paragraph::text("Genau das ist passiert.")],
    ));
    doc.body.push(Block::turn(
        Some("moderation"),
        vec![Paragraph::text("Vielen Dank.")],
    ));
    doc.end_marker = Some("ENDE".into());
    doc.back.push(Block::Paragraph(Paragraph::text(
        "Vielen Dank, dass Sie diese Abschrift gelesen haben.",
    )));
    doc.back.push(Block::Fields {
        title: Some("BANKKONTO".into()),
        items: vec![
            Field {
                label: "Kontoinhaber".into(),
                value: vec![Inline::text("acTVism München e.V.")],
            },
            Field {
                label: "IBAN".into(),
                value: vec![Inline::text("DE89430609678224073600")],
            },
        ],
        span: None,
    });
    doc.back.push(Block::Fields {
        title: Some("PAYPAL".into()),
        items: vec![Field {
            label: "E-Mail".into(),
            value: vec![Inline::Email {
                address: "PayPal@acTVism.org".into(),
            }],
        }],
        span: None,
    });
    doc.back.push(Block::Fields {
        title: Some("BETTERPLACE".into()),
        items: vec![Field {
            label: "Link".into(),
            value: vec![Inline::Link {
                url: "#".into(),
                content: vec![Inline::text("Klicken Sie hier")],
            }],
        }],
        span: None,
    });
    doc.back
        .push(Block::Paragraph(Paragraph::new(vec![Inline::Link {
            url: "https://www.patreon.com/acTVism".into(),
            content: vec![Inline::text("https://www.patreon.com/acTVism")],
        }])));
    doc
}

/// A transcript full of text that breaks naive XML writers.
pub(crate) fn hostile() -> Transcript {
    let evil = "<script>alert('x')</script> & ]]> --> <!-- \u{0}\u{1}\u{b}\u{7f}\u{85}\u{fffe} \u{202e}gnirts desrever\u{202c} \"quotes\" 'apos'";
    let huge = "A".repeat(20_000);
    let mut doc = Transcript::default();
    doc.meta.title = Some(format!("Title {evil}"));
    doc.meta.subtitle = Some(evil.into());
    doc.meta.language = Some("en\"><x".into());
    doc.meta.date = Some("yesterday <b>".into());
    doc.meta.source_url = Some("javascript:alert(1)".into());
    doc.meta.contributors = vec![evil.into()];
    doc.meta.keywords = vec![evil.into()];
    doc.speakers.push(Speaker::new("x\"<", evil));
    doc.front.push(Block::Paragraph(Paragraph::text(evil)));
    doc.body.push(Block::Heading {
        level: 1,
        content: vec![Inline::text(evil)],
        span: None,
    });
    doc.body.push(Block::turn(
        Some("x\"<"),
        vec![
            Paragraph::new(vec![
                Inline::text(evil),
                Inline::Link {
                    url: "https://example.org/a b\"<>?q=ü".into(),
                    content: vec![Inline::text(evil)],
                },
                Inline::Link {
                    url: "https://example.org/".into(),
                    content: vec![],
                },
                Inline::Code { text: evil.into() },
                Inline::Quote {
                    content: vec![Inline::text(evil)],
                },
            ]),
            Paragraph::text(huge),
        ],
    ));
    doc.body.push(Block::Heading {
        level: 1,
        content: vec![],
        span: None,
    });
    doc.body.push(Block::Event {
        kind: EventKind::Other,
        description: evil.into(),
        span: None,
    });
    doc.body.push(Block::Note {
        kind: NoteKind::Editorial,
        content: vec![Inline::text(evil)],
        span: None,
    });
    doc.body.push(Block::Fields {
        title: Some(evil.into()),
        items: vec![Field {
            label: evil.into(),
            value: vec![Inline::text(evil)],
        }],
        span: None,
    });
    doc.end_marker = Some(evil.into());
    doc.back.push(Block::Heading {
        level: 1,
        content: vec![Inline::text(evil)],
        span: None,
    });
    doc
}

/// A transcript of about `words` words in turns of two speakers, a heading every 10,000 words.
pub(crate) fn long(words: usize, headings: bool) -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.title = Some("Ein langes Gespräch".into());
    doc.meta.language = Some("de".into());
    doc.speakers.push(Speaker::new("a", "Anna"));
    doc.speakers.push(Speaker::new("b", "Bernd"));
    let mut n = 0;
    let mut t = 0;
    while n < words {
        if headings && n % 10_000 == 0 {
            doc.body.push(Block::Heading {
                level: 1,
                content: vec![Inline::text(format!("Teil {}", n / 10_000 + 1))],
                span: None,
            });
        }
        let paragraphs = (0..5)
            .map(|p| {
                let text: Vec<String> =
                    (0..40).map(|i| format!("wort{}", n + p * 40 + i)).collect();
                Paragraph::text(text.join(" "))
            })
            .collect();
        doc.body.push(Block::turn(
            Some(if t % 2 == 0 { "a" } else { "b" }),
            paragraphs,
        ));
        n += 200;
        t += 1;
    }
    doc
}

/// The entries of a ZIP archive: name, compression method and content, in archive order.
pub(crate) fn unzip(bytes: &[u8]) -> Vec<(String, zip::CompressionMethod, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read entry");
            (
                f.name().expect("utf-8 name").into_owned(),
                f.compression(),
                data,
            )
        })
        .collect()
}

/// The text of one entry.
pub(crate) fn entry(bytes: &[u8], name: &str) -> String {
    unzip(bytes)
        .into_iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, _, d)| String::from_utf8(d).expect("utf-8"))
        .unwrap_or_else(|| panic!("no entry {name}"))
}

/// The hrefs of the spine in reading order, resolved to container paths.
pub(crate) fn spine(bytes: &[u8]) -> Vec<String> {
    let opf = entry(bytes, "EPUB/content.opf");
    let mut hrefs = std::collections::BTreeMap::new();
    let mut order = Vec::new();
    let mut reader = Reader::from_str(&opf);
    loop {
        match reader.read_event().expect("well-formed OPF") {
            Event::Empty(e) | Event::Start(e) => {
                let attr = |name: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| a.unescape_value().expect("attr").into_owned())
                };
                match e.name().as_ref() {
                    b"item" => {
                        hrefs.insert(attr(b"id").expect("id"), attr(b"href").expect("href"));
                    }
                    b"itemref" if attr(b"linear").as_deref() != Some("no") => {
                        order.push(attr(b"idref").expect("idref"));
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    order
        .into_iter()
        .map(|id| format!("EPUB/{}", hrefs[&id]))
        .collect()
}

/// Classes whose text the exporter adds (labels, notices) and that are not transcript text.
const ADDED: [&str; 5] = ["speaker", "timestamp", "notice", "end-marker", "url"];

/// The reading text of an XHTML document's body, without exporter-added labels; panics
/// when the document is not well-formed.
pub(crate) fn body_text(xhtml: &str) -> String {
    let mut reader = Reader::from_str(xhtml);
    let mut out = String::new();
    let mut in_body = false;
    let mut skip_depth = 0usize;
    loop {
        match reader.read_event().expect("well-formed XHTML") {
            Event::Start(e) => {
                if e.name().as_ref() == b"body" {
                    in_body = true;
                }
                let class = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == b"class")
                    .map(|a| a.unescape_value().expect("class").into_owned());
                if skip_depth > 0 {
                    skip_depth += 1;
                } else if class.is_some_and(|c| c.split(' ').any(|c| ADDED.contains(&c))) {
                    skip_depth = 1;
                }
                if is_block(e.name().as_ref()) {
                    out.push(' ');
                }
            }
            Event::End(e) => {
                skip_depth = skip_depth.saturating_sub(1);
                if is_block(e.name().as_ref()) {
                    out.push(' ');
                }
            }
            Event::Empty(e) if is_block(e.name().as_ref()) => out.push(' '),
            Event::Text(t) if in_body && skip_depth == 0 => {
                out.push_str(&t.unescape().expect("text"));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Elements whose boundaries separate words (inline elements do not).
fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"div"
            | b"section"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"dl"
            | b"dt"
            | b"dd"
            | b"li"
            | b"ol"
            | b"ul"
            | b"br"
            | b"body"
            | b"nav"
    )
}

/// Checks that a document is well-formed XML (every element closed, entities valid).
pub(crate) fn assert_well_formed(name: &str, xml: &str) {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Text(t)) => {
                t.unescape()
                    .unwrap_or_else(|e| panic!("{name}: bad text: {e}"));
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "{name} is not well-formed at {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(depth, 0, "{name}: unbalanced elements");
}

/// A valid PNG of `w`×`h` pixels in one colour (stored, uncompressed deflate), for cover tests.
pub(crate) fn png(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(
            &u32::try_from(data.len())
                .expect("small chunk")
                .to_be_bytes(),
        );
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    // Each row: filter byte 0 (none), then the pixels.
    let mut row = vec![0u8];
    for _ in 0..w {
        row.extend_from_slice(&rgb);
    }
    let raw: Vec<u8> = (0..h).flat_map(|_| row.iter().copied()).collect();
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        let len = u16::try_from(block.len()).expect("block fits");
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(block);
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}
