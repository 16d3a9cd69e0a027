//! The few words the book adds itself (navigation, title page labels), per language.

/// Words the exporter adds around the transcript, in one language.
#[derive(Debug)]
pub(crate) struct Labels {
    /// The BCP 47 tag these labels are written in.
    pub(crate) lang: &'static str,
    pub(crate) transcript: &'static str,
    pub(crate) contents: &'static str,
    pub(crate) landmarks: &'static str,
    pub(crate) title_page: &'static str,
    pub(crate) back: &'static str,
    pub(crate) cover: &'static str,
    pub(crate) with: &'static str,
    pub(crate) date: &'static str,
    pub(crate) source: &'static str,
    pub(crate) recording: &'static str,
    pub(crate) duration: &'static str,
    pub(crate) publisher: &'static str,
    pub(crate) transcription: &'static str,
    pub(crate) rights: &'static str,
    pub(crate) untitled: &'static str,
    pub(crate) section: &'static str,
    pub(crate) empty: &'static str,
    pub(crate) summary: &'static str,
    /// The sentence of the summary about the cover, added when the book has one.
    pub(crate) summary_cover: &'static str,
    /// The language of `summary` (English where there is no translation).
    pub(crate) summary_lang: &'static str,
}

const EN: Labels = Labels {
    lang: "en",
    transcript: "Transcript",
    contents: "Contents",
    landmarks: "Landmarks",
    title_page: "Title page",
    back: "Appendix",
    cover: "Cover",
    with: "With",
    date: "Date",
    source: "Source",
    recording: "Recording",
    duration: "Duration",
    publisher: "Publisher",
    transcription: "Transcription",
    rights: "Rights",
    untitled: "Untitled transcript",
    section: "Section",
    empty: "This transcript contains no spoken text.",
    summary: "A transcript of spoken words, in text only. It has a table of contents, headings \
and one logical reading order; speaker names are marked, and stage directions are set apart \
from speech. Text can be resized and restyled, as the stylesheet uses relative units only.",
    summary_cover: "The only image is the cover, which has a text alternative.",
    summary_lang: "en",
};

const DE: Labels = Labels {
    lang: "de",
    transcript: "Transkript",
    contents: "Inhalt",
    landmarks: "Orientierungspunkte",
    title_page: "Titelseite",
    back: "Anhang",
    cover: "Umschlag",
    with: "Mit",
    date: "Datum",
    source: "Quelle",
    recording: "Aufnahme",
    duration: "Dauer",
    publisher: "Herausgeber",
    transcription: "Transkription",
    rights: "Rechte",
    untitled: "Transkript ohne Titel",
    section: "Abschnitt",
    empty: "Dieses Transkript enthält keinen gesprochenen Text.",
    summary: "Die Abschrift gesprochener Worte, nur als Text. Sie hat ein Inhaltsverzeichnis, \
Überschriften und eine logische Lesereihenfolge; die Namen der Sprechenden sind ausgezeichnet, \
Regieanweisungen sind vom Gesprochenen abgesetzt. Die Schrift lässt sich vergrößern und \
umgestalten, da das Stylesheet nur relative Maße verwendet.",
    summary_cover: "Das einzige Bild ist der Umschlag, der eine Textalternative hat.",
    summary_lang: "de",
};

const FR: Labels = Labels {
    lang: "fr",
    transcript: "Transcription",
    contents: "Table des matières",
    landmarks: "Repères",
    title_page: "Page de titre",
    back: "Annexe",
    cover: "Couverture",
    with: "Avec",
    date: "Date",
    source: "Source",
    recording: "Enregistrement",
    duration: "Durée",
    publisher: "Éditeur",
    transcription: "Transcription",
    rights: "Droits",
    untitled: "Transcription sans titre",
    section: "Section",
    empty: "Cette transcription ne contient aucun texte parlé.",
    summary: EN.summary,
    summary_cover: EN.summary_cover,
    summary_lang: "en",
};

const ES: Labels = Labels {
    lang: "es",
    transcript: "Transcripción",
    contents: "Índice",
    landmarks: "Puntos de referencia",
    title_page: "Portada interior",
    back: "Apéndice",
    cover: "Cubierta",
    with: "Con",
    date: "Fecha",
    source: "Fuente",
    recording: "Grabación",
    duration: "Duración",
    publisher: "Editorial",
    transcription: "Transcripción",
    rights: "Derechos",
    untitled: "Transcripción sin título",
    section: "Sección",
    empty: "Esta transcripción no contiene texto hablado.",
    summary: EN.summary,
    summary_cover: EN.summary_cover,
    summary_lang: "en",
};

/// The labels for a primary language subtag, English when there are none for it.
pub(crate) fn for_language(primary: &str) -> &'static Labels {
    match primary {
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        _ => &EN,
    }
}
