//! Line breaking on hand-picked German and English sentences: never between article and noun
//! or first and last name; balanced; bottom-heavy when both lines fit.

use scriba_core::{Block, Paragraph, Speaker, Transcript};
use scriba_subtitle::{SubtitleOptions, segment};

/// Each sentence as the cues and lines it becomes (one sentence per paragraph).
fn check(lang: &str, names: &[&str], sentences: &[&str]) -> String {
    let mut doc = Transcript::default();
    doc.meta.language = Some(lang.into());
    for (i, name) in names.iter().enumerate() {
        doc.speakers.push(Speaker::new(format!("s{i}"), *name));
    }
    let mut out = String::new();
    for sentence in sentences {
        let mut one = doc.clone();
        one.body
            .push(Block::turn(None, vec![Paragraph::text(*sentence)]));
        let seg = segment(&one, &SubtitleOptions::default())
            .expect("segments")
            .output;
        out.push_str(sentence);
        out.push('\n');
        for cue in &seg.cues {
            for line in &cue.lines {
                out.push_str(&format!(
                    "  | {line:<44} ({})\n",
                    line.text.chars().count(),
                    line = line.text
                ));
            }
            out.push_str("  --\n");
        }
    }
    out
}

const DE: [&str; 10] = [
    "Gestern hat Angela Merkel in Berlin eine Rede über die Zukunft Europas gehalten.",
    "Der Bundeskanzler sprach mit Frau Weber über den neuen Haushalt der Stadt.",
    "Wir haben das Projekt abgeschlossen, aber die Ergebnisse kommen erst später.",
    "Yanis Varoufakis erklärt, warum die Börse in New York so stark gefallen ist.",
    "Sie hat mir zum Geburtstag ein Buch geschenkt und ich habe es sofort gelesen.",
    "Im Jahr 2025 wurden 25 Prozent mehr Anträge gestellt als im Jahr davor.",
    "Das ist eine Frage, die uns alle angeht, und wir müssen sie gemeinsam beantworten.",
    "Herr Dr. Schneider hat die Ergebnisse der Studie am 3. Oktober vorgestellt.",
    "Die Regierung will die Steuern senken, obwohl der Haushalt ein Defizit aufweist.",
    "Genau das ist passiert.",
];

const EN: [&str; 10] = [
    "Yesterday John Smith gave a speech about the future of the European Union.",
    "We finished the project last week, but the results will only come in later.",
    "The president met Mr. Johnson at the White House to discuss the new budget.",
    "She gave me a book for my birthday and I read it in a single afternoon.",
    "Our two guests today are Rob Pike and Robert Griesemer, the creators of Go.",
    "If you want to understand the problem, you have to look at the whole system.",
    "The company lost a trillion dollars on the New York Stock Exchange in a day.",
    "I think that the third option is the best one, although it is expensive.",
    "Mary Johnson and her brother moved to San Francisco in the summer of 2019.",
    "That's exactly what happened.",
];

fn lines_of(text: &str) -> Vec<Vec<String>> {
    // Pairs of adjacent words across a line or cue break.
    let mut out = Vec::new();
    let mut prev: Option<String> = None;
    for l in text.lines() {
        if let Some(line) = l.strip_prefix("  | ") {
            let line = line.rsplit_once(" (").map_or(line, |(t, _)| t).trim_end();
            if let (Some(p), Some(first)) = (&prev, line.split_whitespace().next()) {
                out.push(vec![p.clone(), first.to_owned()]);
            }
            prev = line.split_whitespace().last().map(str::to_owned);
        } else if !l.starts_with("  --") {
            prev = None;
        }
    }
    out
}

#[test]
fn german_sentences() {
    let out = check("de", &["Yanis Varoufakis"], &DE);
    for pair in lines_of(&out) {
        let a = pair[0].to_lowercase();
        assert!(
            ![
                "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
                "frau", "herr", "dr."
            ]
            .contains(&a.as_str()),
            "broken after {pair:?}:\n{out}"
        );
        assert_ne!(pair, ["Angela", "Merkel"], "{out}");
        assert_ne!(pair, ["Yanis", "Varoufakis"], "{out}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn english_sentences() {
    let out = check("en", &["John Smith"], &EN);
    for pair in lines_of(&out) {
        let a = pair[0].to_lowercase();
        assert!(
            !["the", "a", "an", "my", "her", "mr."].contains(&a.as_str()),
            "broken after {pair:?}:\n{out}"
        );
        for name in [
            ["John", "Smith"],
            ["Mary", "Johnson"],
            ["Mr.", "Johnson"],
            ["Rob", "Pike"],
            ["New", "York"],
        ] {
            assert_ne!(pair, name, "{out}");
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn bottom_heavy_when_both_fit() {
    // Both lines fit either way round: the shorter one goes on top.
    let out = check(
        "en",
        &[],
        &["We finished the project last week, but the results will only come in later."],
    );
    let lines: Vec<usize> = out
        .lines()
        .filter_map(|l| l.strip_prefix("  | "))
        .map(|l| {
            l.rsplit_once(" (")
                .map_or(l, |(t, _)| t)
                .trim_end()
                .chars()
                .count()
        })
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0] <= lines[1], "{out}");
}
