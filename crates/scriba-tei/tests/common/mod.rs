//! Shared test helpers: a seed-like model built by hand, and an independent extraction of
//! structure and text from TEI output with quick-xml (not through the crate's reader).

#![allow(
    dead_code,
    reason = "each test file uses a different subset of the helpers"
)]

use quick_xml::events::Event;
use scriba_core::{
    Block, EventKind, Field, Inline, NoteKind, Paragraph, QuoteMarks, Speaker, Transcript,
};

/// A model shaped like the shared seed (German interview, one speaker, disclaimer, book
/// title, quotations, a page-break rejoin, `ENDE`, bank details).
pub(crate) fn seed_like() -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.title = Some("Varoufakis über Chinas KI DeepSeek und den neuen Kalten Krieg".into());
    doc.meta.language = Some("de".into());
    doc.speakers
        .push(Speaker::new("yanis-varoufakis", "Yanis Varoufakis"));
    doc.front.push(Block::Note {
        kind: NoteKind::Disclaimer,
        content: vec![Inline::text(
            "Das Transkript gibt möglicherweise aufgrund der Tonqualität oder anderer Faktoren den ursprünglichen Inhalt nicht wortgenau wieder.",
        )],
        span: None,
    });
    doc.body.push(Block::turn(
        Some("yanis-varoufakis"),
        vec![
            Paragraph::text("Hallo, ich bin Yanis Varoufakis und berichte im Namen von DiEM25."),
            Paragraph::new(vec![
                Inline::text("Wenn ich "),
                Inline::Quote {
                    content: vec![Inline::text("privatisiert")],
                },
                Inline::text(" sage, kommt es zu"),
                Inline::PageBreak,
                Inline::text(" Problemen."),
            ]),
            Paragraph::new(vec![
                Inline::text("Den ich in meinem Buch "),
                Inline::Title {
                    content: vec![Inline::text(
                        "Technofeudalismus: Was den Kapitalismus tötete",
                    )],
                },
                Inline::text(" erläutert habe. Es ist "),
                Inline::Emphasis {
                    content: vec![Inline::text("sehr")],
                },
                Inline::text(" wichtig."),
            ]),
        ],
    ));
    doc.end_marker = Some("ENDE".into());
    doc.back.push(Block::Paragraph(Paragraph::text(
        "Vielen Dank, dass Sie diese Abschrift gelesen haben.",
    )));
    doc.back.push(Block::Fields {
        title: Some("BANKKONTO".into()),
        items: vec![
            field("Kontoinhaber", vec![Inline::text("acTVism München e.V.")]),
            field("Bank", vec![Inline::text("GLS Bank")]),
            field("IBAN", vec![Inline::text("DE89430609678224073600")]),
            field("BIC", vec![Inline::text("GENODEM1GLS")]),
        ],
        span: None,
    });
    doc.back.push(Block::Fields {
        title: Some("PAYPAL".into()),
        items: vec![field(
            "E-Mail",
            vec![Inline::Email {
                address: "PayPal@acTVism.org".into(),
            }],
        )],
        span: None,
    });
    doc.back.push(Block::Fields {
        title: Some("BETTERPLACE".into()),
        items: vec![field(
            "Link",
            vec![Inline::Link {
                url: "#".into(),
                content: vec![Inline::text("Klicken Sie hier")],
            }],
        )],
        span: None,
    });
    doc
}

/// A model full of hostile text: markup, CDATA and comment ends, quotes, forbidden control
/// characters, bidi and zero-width characters, a huge word, names that are not NCNames.
pub(crate) fn hostile() -> Transcript {
    let nasty = "<script>alert(\"x\")</script> & ]]> --> <!-- \u{1}\u{8}\u{B}\u{C}\u{1F}\u{FFFE}\u{FFFF} \u{202E}gnp.exe\u{202C} zero\u{200B}width \u{FEFF}bom\r\ncrlf";
    let mut doc = Transcript::default();
    doc.meta.title = Some(format!("Title {nasty}"));
    doc.meta.language = Some("de\"><x".into());
    doc.meta.date = Some("gestern <b>".into());
    doc.meta.publisher = Some(nasty.into());
    doc.meta.rights = Some("\u{0}".into());
    doc.meta.identifier = Some("urn:x:\"'<>&".into());
    doc.meta.media_url = Some("https://example.org/a b\".mp3?q=<x>&y".into());
    doc.meta.source_url = Some("javascript:alert('x')\u{1}".into());
    doc.meta.extra.insert("key\"<>".into(), nasty.into());
    doc.meta.keywords = vec![nasty.into()];
    doc.meta.contributors = vec![nasty.into()];
    doc.speakers.push(Speaker {
        id: "a".into(),
        name: "Dr. Müller".into(),
        role: Some("role\twith\u{2028}separators\u{1}".into()),
    });
    doc.speakers.push(Speaker::new("b", "Dr Müller"));
    doc.speakers.push(Speaker::new("c", "<script>\"&'"));
    doc.speakers.push(Speaker::new("d", "\u{1}\u{2}"));
    doc.speakers.push(Speaker::new("e", "ﷺ 習近平 \u{202E}"));
    doc.front.push(Block::Note {
        kind: NoteKind::Disclaimer,
        content: vec![Inline::text(nasty)],
        span: None,
    });
    let huge = "x".repeat(200_000);
    doc.body.push(Block::Heading {
        level: 0,
        content: vec![Inline::text(nasty)],
        span: None,
    });
    doc.body.push(Block::turn(
        Some("a"),
        vec![
            Paragraph::text(nasty),
            Paragraph::new(vec![
                Inline::Emphasis {
                    content: vec![Inline::text(nasty)],
                },
                Inline::Quote {
                    content: vec![
                        Inline::text("outer "),
                        Inline::Quote {
                            content: vec![Inline::text(nasty)],
                        },
                    ],
                },
                Inline::Link {
                    url: "http://x/\"><script>".into(),
                    content: vec![Inline::text(nasty)],
                },
                Inline::Link {
                    url: String::new(),
                    content: vec![Inline::text("empty link")],
                },
                Inline::Email {
                    address: "a&b@<c>".into(),
                },
                Inline::Code { text: nasty.into() },
                Inline::Event {
                    kind: EventKind::Other,
                    description: nasty.into(),
                },
            ]),
        ],
    ));
    doc.body
        .push(Block::turn(Some("b"), vec![Paragraph::text(huge)]));
    doc.body
        .push(Block::turn(Some("c"), vec![Paragraph::text("c")]));
    doc.body
        .push(Block::turn(Some("d"), vec![Paragraph::text("d")]));
    doc.body
        .push(Block::turn(Some("e"), vec![Paragraph::text("e")]));
    doc.body.push(Block::Event {
        kind: EventKind::Unintelligible,
        description: nasty.into(),
        span: None,
    });
    doc.body.push(Block::Fields {
        title: Some(nasty.into()),
        items: vec![field(nasty, vec![Inline::text(nasty)])],
        span: None,
    });
    doc.end_marker = Some(nasty.into());
    doc
}

/// A model with two speakers, headings, events of every kind and timings.
pub(crate) fn timed() -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.title = Some("A timed talk".into());
    doc.meta.language = Some("en".into());
    doc.meta.date = Some("2024-05-06".into());
    doc.meta.media_url = Some("https://example.org/talk.mp4".into());
    doc.meta.duration_ms = Some(3_723_456);
    doc.meta.publisher = Some("Example Press".into());
    doc.meta.rights = Some("CC BY 4.0".into());
    doc.meta.contributors = vec!["Jo Transcriber".into()];
    doc.meta.keywords = vec!["testing".into(), "time".into()];
    doc.meta
        .extra
        .insert("event".into(), "Example Conference".into());
    doc.meta.source_url = Some("https://example.org/talk".into());
    doc.speakers.push(Speaker {
        id: "a".into(),
        name: "Ann Host".into(),
        role: Some("host".into()),
    });
    doc.speakers.push(Speaker::new("b", "Bob Guest"));
    doc.body.push(Block::Heading {
        level: 1,
        content: vec![Inline::text("Opening")],
        span: None,
    });
    let mut p1 = Paragraph::new(vec![
        Inline::Timestamp {
            ms: 1000,
            text: "00:00:01".into(),
        },
        Inline::text("Welcome "),
        Inline::Strong {
            content: vec![Inline::text("every")],
        },
        Inline::text("one "),
        Inline::Event {
            kind: EventKind::Laughter,
            description: "laughs".into(),
        },
    ]);
    p1.start_ms = Some(1000);
    p1.end_ms = Some(2500);
    p1.words = vec![wt(1000, 1400), wt(1400, 2000), wt(2000, 2500)];
    let mut p2 = Paragraph::text("Second paragraph.");
    p2.start_ms = Some(2600);
    p2.end_ms = Some(3000);
    doc.body.push(Block::Turn {
        speaker: Some("a".into()),
        start_ms: Some(900),
        paragraphs: vec![p1, p2],
    });
    doc.body.push(Block::Heading {
        level: 3,
        content: vec![Inline::text("Skipped level")],
        span: None,
    });
    for (kind, description) in [
        (EventKind::Applause, "Applaus"),
        (EventKind::Interjection, "Zwischenruf"),
        (EventKind::Unintelligible, "unverständlich"),
        (EventKind::Pause, "Pause"),
        (EventKind::Crosstalk, "alle durcheinander"),
        (EventKind::Music, "Musik"),
        (EventKind::Noise, "Husten"),
        (EventKind::Other, "geht ab"),
    ] {
        doc.body.push(Block::Event {
            kind,
            description: description.into(),
            span: None,
        });
    }
    doc.body.push(Block::turn(
        Some("b"),
        vec![Paragraph::new(vec![
            Inline::text("Run "),
            Inline::Code {
                text: "cargo test".into(),
            },
            Inline::LineBreak,
            Inline::text("now."),
        ])],
    ));
    doc.body.push(Block::Heading {
        level: 2,
        content: vec![Inline::text("Notes")],
        span: None,
    });
    doc.body.push(Block::Note {
        kind: NoteKind::Editorial,
        content: vec![Inline::text("Edited for length.")],
        span: None,
    });
    let mut narration = Paragraph::text("The end.");
    narration.start_ms = Some(5000);
    narration.end_ms = Some(6000);
    doc.body.push(Block::Paragraph(narration));
    doc.body.push(Block::turn(
        None,
        vec![Paragraph::text("Unattributed voice.")],
    ));
    doc.body.push(Block::Fields {
        title: None,
        items: Vec::new(),
        span: None,
    });
    doc
}

fn wt(start_ms: u64, end_ms: u64) -> scriba_core::WordTime {
    scriba_core::WordTime {
        start_ms,
        end_ms,
        source: scriba_core::WordTimeSource::Matched,
    }
}

pub(crate) fn field(label: &str, value: Vec<Inline>) -> Field {
    Field {
        label: label.into(),
        value,
    }
}

/// A small deterministic pseudo-random generator (xorshift64*), so generated models are the
/// same on every run.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const PIECES: [&str; 24] = [
    "a",
    "Wort",
    "Ü",
    "ß",
    " ",
    " ",
    "  ",
    "<",
    ">",
    "&",
    "]]>",
    "-->",
    "\"",
    "'",
    "\u{1}",
    "\u{202E}",
    "\u{200B}",
    "\t",
    "\n",
    "\r",
    "#",
    "習近平",
    "x.y",
    "?!",
];

fn text(rng: &mut Rng, max: usize) -> String {
    (0..rng.below(max) + 1)
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect()
}

fn inlines(rng: &mut Rng, depth: usize) -> Vec<Inline> {
    (0..rng.below(5) + 1)
        .map(|_| match rng.below(if depth > 1 { 6 } else { 12 }) {
            0..=2 => Inline::text(text(rng, 6)),
            3 => Inline::Code { text: text(rng, 3) },
            4 => Inline::Timestamp {
                ms: rng.below(100_000) as u64,
                text: text(rng, 2),
            },
            5 => Inline::Event {
                kind: EVENTS[rng.below(EVENTS.len())],
                description: text(rng, 3),
            },
            6 => Inline::Emphasis {
                content: inlines(rng, depth + 1),
            },
            7 => Inline::Strong {
                content: inlines(rng, depth + 1),
            },
            8 => Inline::Title {
                content: inlines(rng, depth + 1),
            },
            9 => Inline::Quote {
                content: inlines(rng, depth + 1),
            },
            10 => Inline::Link {
                url: text(rng, 3),
                content: inlines(rng, depth + 1),
            },
            _ => match rng.below(3) {
                0 => Inline::Email {
                    address: text(rng, 3),
                },
                1 => Inline::LineBreak,
                _ => Inline::PageBreak,
            },
        })
        .collect()
}

const EVENTS: [EventKind; 9] = [
    EventKind::Laughter,
    EventKind::Applause,
    EventKind::Interjection,
    EventKind::Unintelligible,
    EventKind::Pause,
    EventKind::Crosstalk,
    EventKind::Music,
    EventKind::Noise,
    EventKind::Other,
];

fn paragraph(rng: &mut Rng) -> Paragraph {
    let mut p = Paragraph::new(inlines(rng, 0));
    if rng.chance(30) {
        let start = rng.below(50_000) as u64;
        p.start_ms = Some(start);
        p.end_ms = Some(start + rng.below(5000) as u64);
    }
    if rng.chance(30) {
        let mut t = rng.below(50_000) as u64;
        p.words = (0..p.word_list().len())
            .map(|i| {
                let w = scriba_core::WordTime {
                    start_ms: t,
                    end_ms: t + 100,
                    source: [
                        scriba_core::WordTimeSource::Matched,
                        scriba_core::WordTimeSource::Interpolated,
                        scriba_core::WordTimeSource::Estimated,
                    ][i % 3],
                };
                t += 150;
                w
            })
            .collect();
    }
    p
}

fn blocks(rng: &mut Rng, speakers: &[String], n: usize) -> Vec<Block> {
    (0..rng.below(n))
        .map(|_| match rng.below(7) {
            0..=1 => Block::Turn {
                speaker: (!speakers.is_empty() && rng.chance(80))
                    .then(|| speakers[rng.below(speakers.len())].clone()),
                start_ms: rng.chance(20).then(|| rng.below(10_000) as u64),
                paragraphs: (0..rng.below(3) + 1).map(|_| paragraph(rng)).collect(),
            },
            2 => Block::Heading {
                level: rng.below(5) as u8,
                content: inlines(rng, 1),
                span: None,
            },
            3 => Block::Paragraph(paragraph(rng)),
            4 => Block::Event {
                kind: EVENTS[rng.below(EVENTS.len())],
                description: text(rng, 3),
                span: None,
            },
            5 => Block::Note {
                kind: [
                    NoteKind::Disclaimer,
                    NoteKind::Editorial,
                    NoteKind::Summary,
                    NoteKind::Other,
                ][rng.below(4)],
                content: inlines(rng, 1),
                span: None,
            },
            _ => Block::Fields {
                title: rng.chance(50).then(|| text(rng, 3)),
                items: (0..rng.below(3))
                    .map(|_| field(&format!("L{}", text(rng, 2)), inlines(rng, 1)))
                    .collect(),
                span: None,
            },
        })
        .collect()
}

/// A random model full of hostile text: every block and inline kind, timings, unknown
/// speakers, odd heading levels.
pub(crate) fn random_doc(seed: u64) -> Transcript {
    let rng = &mut Rng::new(seed);
    let mut doc = Transcript::default();
    let opt = |rng: &mut Rng| rng.chance(50).then(|| text(rng, 4));
    doc.meta.title = opt(rng);
    doc.meta.subtitle = opt(rng);
    doc.meta.language = [None, Some("de"), Some("en-US"), Some("fr"), Some("bad tag")]
        [rng.below(5)]
    .map(str::to_owned);
    doc.meta.date =
        [None, Some("2024-02-29"), Some("2024"), Some("gestern")][rng.below(4)].map(str::to_owned);
    doc.meta.publisher = opt(rng);
    doc.meta.rights = opt(rng);
    doc.meta.identifier = opt(rng);
    doc.meta.source_url = opt(rng);
    doc.meta.media_url = opt(rng).map(|u| format!("{u}.mp3"));
    doc.meta.duration_ms = rng.chance(50).then(|| rng.below(10_000_000) as u64);
    doc.meta.contributors = (0..rng.below(3)).map(|_| text(rng, 3)).collect();
    doc.meta.keywords = (0..rng.below(3)).map(|_| text(rng, 3)).collect();
    for _ in 0..rng.below(3) {
        let key = text(rng, 2);
        let value = text(rng, 3);
        doc.meta.extra.insert(key, value);
    }
    let ids: Vec<String> = (0..rng.below(4)).map(|i| format!("s{i}")).collect();
    for id in &ids {
        doc.speakers.push(Speaker {
            id: id.clone(),
            name: text(rng, 3),
            role: rng.chance(30).then(|| text(rng, 2)),
        });
    }
    let mut refs = ids.clone();
    refs.push("ghost".into());
    doc.front = blocks(rng, &refs, 3);
    doc.body = blocks(rng, &refs, 12);
    doc.end_marker = rng.chance(50).then(|| text(rng, 2));
    doc.back = blocks(rng, &refs, 4);
    doc
}

/// An element of the output, parsed independently of the crate's reader.
#[derive(Debug, Default, Clone)]
pub(crate) struct El {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    El(El),
    Text(String),
}

impl El {
    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element at a `/`-separated path of names.
    pub(crate) fn at(&self, path: &str) -> Option<&El> {
        path.split('/')
            .try_fold(self, |e, name| e.elements().find(|c| c.name == name))
    }

    /// Every descendant element (self included) with the given name, in document order.
    pub(crate) fn all<'e>(&'e self, name: &str, out: &mut Vec<&'e El>) {
        if self.name == name {
            out.push(self);
        }
        for e in self.elements() {
            e.all(name, out);
        }
    }

    pub(crate) fn find_all(&self, name: &str) -> Vec<&El> {
        let mut out = Vec::new();
        self.all(name, &mut out);
        out
    }

    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::El(e) => out.push_str(&e.text()),
            }
        }
        out
    }
}

/// Parses XML with quick-xml into a tree; panics if it is not well-formed.
pub(crate) fn parse(xml: &str) -> El {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(el(&e)),
            Event::Empty(e) => {
                let e = el(&e);
                stack.last_mut().expect("parent").children.push(Node::El(e));
            }
            Event::End(_) => {
                let e = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(Node::El(e));
            }
            Event::Text(t) => {
                let t = t.unescape().expect("valid escapes").into_owned();
                stack
                    .last_mut()
                    .expect("parent")
                    .children
                    .push(Node::Text(t));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let doc = stack.pop().expect("document");
    let mut roots = doc.elements();
    let root = roots.next().expect("a root element").clone();
    assert!(roots.next().is_none(), "one root element");
    root
}

fn el(e: &quick_xml::events::BytesStart<'_>) -> El {
    El {
        name: String::from_utf8(e.name().as_ref().to_vec()).expect("UTF-8 name"),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    String::from_utf8(a.key.as_ref().to_vec()).expect("UTF-8 key"),
                    a.unescape_value().expect("valid escapes").into_owned(),
                )
            })
            .collect(),
        children: Vec::new(),
    }
}

/// The reading words of the TEI body: what a reader of the TEI sees, with quotation marks
/// for `q` (the language's marks, alternating when nested), events in brackets, a colon
/// after gloss labels; the trailer (the end marker) is not body text.
pub(crate) fn tei_body_words(root: &El) -> Vec<String> {
    let lang = root.attr("xml:lang").unwrap_or("und");
    let marks = QuoteMarks::for_language(lang);
    let body = root.at("text/body").expect("a body");
    let mut text = String::new();
    walk(body, marks, 0, &mut text);
    text.split_whitespace().map(str::to_owned).collect()
}

const BLOCKS: [&str; 5] = ["u", "p", "head", "note", "div"];

fn walk(e: &El, marks: QuoteMarks, depth: usize, out: &mut String) {
    for node in &e.children {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::El(c) => match c.name.as_str() {
                "trailer" | "timeline" | "anchor" | "pb" => {}
                "lb" => out.push('\n'),
                "vocal" | "kinesic" | "incident" | "gap" => {
                    // An event between blocks is a block of its own.
                    let block = matches!(e.name.as_str(), "body" | "div");
                    if block {
                        out.push(' ');
                    }
                    out.push('[');
                    out.push_str(&c.at("desc").map(El::text).unwrap_or_default());
                    out.push(']');
                    if block {
                        out.push(' ');
                    }
                }
                "list" => {
                    // label/item pairs read as `label: item`; the writer's placeholder
                    // pair of a group without items (both empty) reads as nothing.
                    let mut label = None;
                    for item in c.elements() {
                        match item.name.as_str() {
                            "head" => {
                                out.push(' ');
                                walk(item, marks, depth, out);
                                out.push(' ');
                            }
                            "label" => label = Some(item.text()),
                            "item" => {
                                let label = label.take().unwrap_or_default();
                                let mut value = String::new();
                                walk(item, marks, depth, &mut value);
                                if !(label.is_empty() && value.is_empty()) {
                                    out.push(' ');
                                    out.push_str(&label);
                                    out.push_str(": ");
                                    out.push_str(&value);
                                    out.push(' ');
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "q" => {
                    let (o, cl) = if depth.is_multiple_of(2) {
                        (marks.open, marks.close)
                    } else {
                        (marks.inner_open, marks.inner_close)
                    };
                    out.push_str(o);
                    walk(c, marks, depth + 1, out);
                    out.push_str(cl);
                }
                name if BLOCKS.contains(&name) => {
                    out.push(' ');
                    walk(c, marks, depth, out);
                    out.push(' ');
                }
                _ => walk(c, marks, depth, out),
            },
        }
    }
}
