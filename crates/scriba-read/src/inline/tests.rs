use super::*;

fn check(src: &str, expect: &str) {
    let mut diags = Vec::new();
    let got = parse(src, None, &mut diags);
    let rendered: Vec<String> = got.iter().map(render).collect();
    assert_eq!(rendered.join(""), expect, "source: {src}");
}

/// A compact rendering of inline content for test expectations.
fn render(inline: &Inline) -> String {
    let all = |c: &[Inline]| c.iter().map(render).collect::<String>();
    match inline {
        Inline::Text { text } => text.clone(),
        Inline::Emphasis { content } => format!("<em>{}</em>", all(content)),
        Inline::Strong { content } => format!("<b>{}</b>", all(content)),
        Inline::Code { text } => format!("<code>{text}</code>"),
        Inline::Title { content } => format!("<title>{}</title>", all(content)),
        Inline::Quote { content } => format!("<q>{}</q>", all(content)),
        Inline::Link { url, content } => format!("<a {url}>{}</a>", all(content)),
        Inline::Email { address } => format!("<email>{address}</email>"),
        Inline::Timestamp { ms, .. } => format!("<t {ms}>"),
        Inline::Event { kind, description } => format!("<{}>{description}</>", kind.as_str()),
        Inline::LineBreak => "<br>".into(),
        Inline::PageBreak => "<pb>".into(),
    }
}

#[test]
fn quotations() {
    check(
        "Wenn ich „privatisiert“ sage, „gestohlene Daten“.",
        "Wenn ich <q>privatisiert</q> sage, <q>gestohlene Daten</q>.",
    );
    check(
        "He said \"why not?\" and left",
        "He said <q>why not?</q> and left",
    );
    check("„außen ‚innen‘ außen“", "<q>außen <q>innen</q> außen</q>");
    check("»Hallo« sagte sie", "<q>Hallo</q> sagte sie");
    check(
        "il dit « bonjour » et part",
        "il dit <q>bonjour</q> et part",
    );
    check(
        "il dit «\u{a0}bonjour\u{a0}» et part",
        "il dit <q>bonjour</q> et part",
    );
    check("ein „offenes Zitat", "ein „offenes Zitat");
    check("it's 5\" long", "it's 5\" long");
}

#[test]
fn quotation_across_a_page_break() {
    check("„bis zu \0Problemen.“", "<q>bis zu <pb>Problemen.</q>");
}

#[test]
fn work_titles_and_emphasis() {
    check(
        "in meinem Buch *Technofeudalismus: Was den Kapitalismus tötete* erläutert",
        "in meinem Buch <title>Technofeudalismus: Was den Kapitalismus tötete</title> erläutert",
    );
    check("das ist *sehr* wichtig", "das ist <em>sehr</em> wichtig");
    check(
        "**fett** und snake_case_name",
        "<b>fett</b> und snake_case_name",
    );
    check("2 * 3 * 4", "2 * 3 * 4");
}

#[test]
fn links_and_addresses() {
    check(
        "<https://www.patreon.com/acTVism>",
        "<a https://www.patreon.com/acTVism>https://www.patreon.com/acTVism</a>",
    );
    check(
        "a [video](https://x.org/v?a=1&b=2).",
        "a <a https://x.org/v?a=1&b=2>video</a>.",
    );
    check(
        "an: info@acTVism.org",
        "an: <email>info@acTVism.org</email>",
    );
    check(
        "see https://example.org/a_(b). Done",
        "see <a https://example.org/a_(b)>https://example.org/a_(b)</a>. Done",
    );
    let mut diags = Vec::new();
    let got = parse("Link: [Klicken Sie hier](#)", None, &mut diags);
    assert_eq!(got, vec![Inline::text("Link: Klicken Sie hier")]);
    assert_eq!(diags[0].code, "read.empty-link");
}

#[test]
fn events_and_timestamps() {
    check(
        "Right. \\[laughs\\] Maybe.",
        "Right. <laughter>laughs</> Maybe.",
    );
    check("(laughter) yes", "<laughter>laughter</> yes");
    check(
        "künstliche Intelligenz (KI), das",
        "künstliche Intelligenz (KI), das",
    );
    check(
        "((unverständlich)) und ((…))",
        "<unintelligible>unverständlich</> und <unintelligible>…</>",
    );
    check(
        "[[Präsident Sobotka gibt das Glockenzeichen.]]",
        "<other>Präsident Sobotka gibt das Glockenzeichen.</>",
    );
    check("\\[20:04\\] Yeah", "<t 1204000> Yeah");
    check("[00:12:34.56] ok", "<t 754560> ok");
    check(
        "\\[unintelligible 01:57:19.22\\]",
        "<unintelligible>unintelligible 01:57:19.22</>",
    );
    check("(Beifall bei der SPD)", "<applause>Beifall bei der SPD</>");
}

#[test]
fn asterisks_that_cannot_open_or_close_stay_as_written() {
    // Censored words, as transcripts and subtitles write them: a run of asterisks after a
    // letter and before a space can only close (CommonMark's right-flanking run), and
    // with nothing to close it is text. They once lost half their stars to empty bold.
    check(
        "Das ist Sch**** und f*** you, ein A****loch.",
        "Das ist Sch**** und f*** you, ein A****loch.",
    );
    // A run between spaces, or before punctuation with nothing after, opens nothing.
    check("noch ein *** im Satz", "noch ein *** im Satz");
    check("Ja *****.", "Ja *****.");
    check("zwei ** Sterne", "zwei ** Sterne");
    check(
        "ein * Stern und *noch* einer",
        "ein * Stern und <em>noch</em> einer",
    );
    // Runs are whole: a closer inside `****` does not end an emphasis opened before it.
    check("*erst* dann s**** hier", "<em>erst</em> dann s**** hier");
    // What did open still does.
    check(
        "***beides*** und ___auch___",
        "<b><em>beides</em></b> und <b><em>auch</em></b>",
    );
    check(
        "**fett**, *kursiv*, „*Titel*“, (**fett**).",
        "<b>fett</b>, <em>kursiv</em>, <q><em>Titel</em></q>, (<b>fett</b>).",
    );
}

#[test]
fn hostile_text_stays_text() {
    check(
        "<script>alert(1)</script> & ]]>",
        "<script>alert(1)</script> & ]]>",
    );
    check("a \\*literal\\* star", "a *literal* star");
    check(
        "unclosed [bracket and (paren",
        "unclosed [bracket and (paren",
    );
}

#[test]
fn timestamps_parse() {
    assert_eq!(parse_timestamp("00:00:01"), Some(1000));
    assert_eq!(parse_timestamp("1:02:03,5"), Some(3_723_500));
    assert_eq!(parse_timestamp("12:34"), Some(754_000));
    assert_eq!(parse_timestamp("99:99"), None);
    assert_eq!(parse_timestamp("a:b"), None);
}

#[test]
fn hostile_runs_are_parsed_whole() {
    // Each of these once searched to the end of the paragraph from every character (quadratic
    // time: this test would not finish). Now every construct ends by lookup; the text survives.
    for unit in ["((", "[", "*a", "„", "<", "`", "\\[", "..", "\"x ", "a-"] {
        let text = unit.repeat(100_000);
        let mut diags = Vec::new();
        let content = parse(&text, None, &mut diags);
        let plain = Inline::plain_text(&content, scriba_core::QuoteMarks::for_language("en"));
        let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
        assert_eq!(
            letters(&plain),
            letters(&text),
            "{unit:?}: every letter kept"
        );
    }
}

#[test]
fn the_scan_looks_at_every_character_that_starts_a_pair_mark_or_delimiter() {
    let mut firsts: Vec<char> = Vec::new();
    for (open, closes) in PAIRS {
        firsts.push(*open);
        firsts.extend_from_slice(closes);
    }
    for m in MARKS.iter().chain(DELIMS) {
        firsts.extend(m.chars().next());
    }
    for c in firsts {
        assert!(is_scanned(c), "{c:?} is skipped by the scan");
    }
}
