//! Property: every model serialises to the JSON envelope and reads back identically, and the
//! JSON of the read-back model is byte-identical.

use proptest::prelude::*;
use scriba_core::{
    Block, Document, EventKind, Field, Inline, Meta, NoteKind, Paragraph, Span, Speaker,
    Transcript, WordTime, WordTimeSource,
};

fn text() -> impl Strategy<Value = String> {
    // Any Unicode, including controls, quotes, markup and bidi characters.
    proptest::string::string_regex("(.|\\n){0,24}").expect("regex")
}

fn event_kind() -> impl Strategy<Value = EventKind> {
    prop_oneof![
        Just(EventKind::Laughter),
        Just(EventKind::Applause),
        Just(EventKind::Interjection),
        Just(EventKind::Unintelligible),
        Just(EventKind::Pause),
        Just(EventKind::Crosstalk),
        Just(EventKind::Music),
        Just(EventKind::Noise),
        Just(EventKind::Other),
    ]
}

fn inline() -> impl Strategy<Value = Inline> {
    let leaf = prop_oneof![
        text().prop_map(|text| Inline::Text { text }),
        text().prop_map(|text| Inline::Code { text }),
        text().prop_map(|address| Inline::Email { address }),
        (any::<u64>(), text()).prop_map(|(ms, text)| Inline::Timestamp { ms, text }),
        (event_kind(), text()).prop_map(|(kind, description)| Inline::Event { kind, description }),
        Just(Inline::LineBreak),
        Just(Inline::PageBreak),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        let content = prop::collection::vec(inner, 0..4);
        prop_oneof![
            content
                .clone()
                .prop_map(|content| Inline::Emphasis { content }),
            content
                .clone()
                .prop_map(|content| Inline::Strong { content }),
            content
                .clone()
                .prop_map(|content| Inline::Title { content }),
            content
                .clone()
                .prop_map(|content| Inline::Quote { content }),
            (text(), content).prop_map(|(url, content)| Inline::Link { url, content }),
        ]
    })
}

fn span() -> impl Strategy<Value = Option<Span>> {
    proptest::option::of((1u32..10_000, 1u32..500).prop_map(|(l, c)| Span::new(l, c)))
}

fn paragraph() -> impl Strategy<Value = Paragraph> {
    (
        prop::collection::vec(inline(), 0..5),
        proptest::option::of(any::<u64>()),
        proptest::option::of(any::<u64>()),
        prop::collection::vec(
            (any::<u64>(), any::<u64>(), 0..3u8).prop_map(|(a, b, s)| WordTime {
                start_ms: a.min(b),
                end_ms: a.max(b),
                source: [
                    WordTimeSource::Matched,
                    WordTimeSource::Interpolated,
                    WordTimeSource::Estimated,
                ][usize::from(s)],
            }),
            0..3,
        ),
        span(),
    )
        .prop_map(|(content, start_ms, end_ms, words, span)| Paragraph {
            content,
            start_ms,
            end_ms,
            words,
            span,
        })
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        (
            proptest::option::of(text()),
            proptest::option::of(any::<u64>()),
            prop::collection::vec(paragraph(), 1..3)
        )
            .prop_map(|(speaker, start_ms, paragraphs)| Block::Turn {
                speaker,
                start_ms,
                paragraphs
            }),
        (1u8..7, prop::collection::vec(inline(), 0..3), span()).prop_map(
            |(level, content, span)| Block::Heading {
                level,
                content,
                span
            }
        ),
        paragraph().prop_map(Block::Paragraph),
        (event_kind(), text(), span()).prop_map(|(kind, description, span)| Block::Event {
            kind,
            description,
            span
        }),
        (prop::collection::vec(inline(), 0..3), span()).prop_map(|(content, span)| Block::Note {
            kind: NoteKind::Disclaimer,
            content,
            span
        }),
        (
            proptest::option::of(text()),
            prop::collection::vec((text(), prop::collection::vec(inline(), 0..2)), 0..3),
            span()
        )
            .prop_map(|(title, items, span)| Block::Fields {
                title,
                items: items
                    .into_iter()
                    .map(|(label, value)| Field { label, value })
                    .collect(),
                span
            }),
    ]
}

fn transcript() -> impl Strategy<Value = Transcript> {
    (
        (
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(any::<u64>()),
        ),
        prop::collection::vec((text(), text(), proptest::option::of(text())), 0..3),
        prop::collection::vec(block(), 0..3),
        prop::collection::vec(block(), 0..6),
        proptest::option::of(text()),
        prop::collection::vec(block(), 0..3),
        prop::collection::btree_map(text(), text(), 0..3),
    )
        .prop_map(
            |((title, language, duration_ms), speakers, front, body, end_marker, back, extra)| {
                Transcript {
                    meta: Meta {
                        title,
                        language,
                        duration_ms,
                        extra,
                        ..Meta::default()
                    },
                    speakers: speakers
                        .into_iter()
                        .map(|(id, name, role)| Speaker { id, name, role })
                        .collect(),
                    front,
                    body,
                    end_marker,
                    back,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn json_round_trip_is_exact(doc in transcript()) {
        let json = serde_json::to_string_pretty(&Document::new(doc.clone())).expect("serialises");
        let back: Document = serde_json::from_str(&json).expect("parses");
        prop_assert!(back.check_version().is_ok());
        prop_assert_eq!(&back.transcript, &doc);
        let again = serde_json::to_string_pretty(&back).expect("serialises");
        prop_assert_eq!(again, json);
    }
}
