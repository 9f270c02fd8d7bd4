//! The package metadata: title, creators, language, description, subjects, rights, publisher,
//! dates, identifiers, and the EPUB Accessibility 1.1 statements.
//!
//! Everything is derived from the document and the options, never from the clock or chance: the
//! unique identifier is a UUID hashed from the `identifier` (or the manuscript's digest), and
//! `dcterms:modified` comes from `SOURCE_DATE_EPOCH`, the manuscript's date or a fixed day.
//! epub-builder writes the elements it has keys for; the rest ([`extra_elements`]) is added to
//! the OPF when the archive is packed, since epub-builder 0.8.2 lets no one else render them.

use super::escape::{clean, push_escaped};
use super::images::ImageFacts;
use crate::diagnostics::Diagnostic;
use crate::model::{Direction, Document, is_language_tag};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use epub_builder::{EpubBuilder, ZipLibrary};
use sha2::{Digest, Sha256};

/// The language when the manuscript names none: most manuscripts folio sees are English.
pub(super) const DEFAULT_LANG: &str = "en";

/// `dcterms:modified` when neither `SOURCE_DATE_EPOCH` nor a date is given: a fixed instant, so
/// the same manuscript always gives the same book.
const FALLBACK_MODIFIED: i64 = 946_684_800; // 2000-01-01T00:00:00Z

/// Mixed into the identifier hash so folio's UUIDs never equal another tool's hash of the same
/// text.
const IDENTIFIER_NAMESPACE: &[u8] = b"folio epub identifier\0";

/// The conformance claim EPUB Accessibility 1.1 defines for WCAG 2.1 AA.
const CONFORMS_TO: &str = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";

/// The title when the document has none: EPUBCheck requires a non-empty `dc:title`.
const UNTITLED: &str = "Untitled";

/// Metadata decided once and used by several parts of the book.
pub(super) struct BookInfo {
    /// Never empty.
    pub title: String,
    pub lang: String,
    /// `urn:uuid:…`, the package's unique identifier (also the NCX's `dtb:uid`).
    pub uid: String,
    uuid: uuid::Uuid,
    modified: DateTime<Utc>,
    /// The publication date as `dc:date` wants it.
    date: Option<String>,
}

impl BookInfo {
    pub(super) fn new(
        doc: &Document,
        modified: Option<i64>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Self {
        let path = &doc.source.path;
        let lang = match doc.meta.lang.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_LANG.to_string(),
            Some(lang) if is_language_tag(lang) => lang.to_string(),
            Some(lang) => {
                warnings.push(
                    Diagnostic::warning(
                        path,
                        format!("`{lang}` is not a language tag; the EPUB says `{DEFAULT_LANG}`"),
                    )
                    .with_help("use a BCP 47 tag such as `en`, `de-CH` or `tg-Cyrl`"),
                );
                DEFAULT_LANG.to_string()
            }
        };
        let date = doc.meta.date.as_deref().and_then(|text| {
            let parsed = parse_date(text);
            if parsed.is_none() {
                warnings.push(
                    Diagnostic::warning(
                        path,
                        format!(
                            "the date `{text}` is not understood; the EPUB has no publication date"
                        ),
                    )
                    .with_help("write it as YYYY-MM-DD, e.g. `2026-10-14`"),
                );
            }
            parsed
        });
        let modified = modified
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
            .or(date.as_ref().map(|(_, midnight)| *midnight))
            .or_else(|| DateTime::from_timestamp(FALLBACK_MODIFIED, 0))
            .unwrap_or_default();
        let seed = doc
            .meta
            .identifier
            .as_deref()
            .unwrap_or(doc.source.digest.as_str());
        let hash = Sha256::new()
            .chain_update(IDENTIFIER_NAMESPACE)
            .chain_update(seed.as_bytes())
            .finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&hash[..16]);
        let uuid = uuid::Builder::from_custom_bytes(bytes).into_uuid();
        let title = clean(doc.meta.title.as_deref().unwrap_or_default())
            .trim()
            .to_string();
        BookInfo {
            title: if title.is_empty() {
                UNTITLED.to_string()
            } else {
                title
            },
            lang,
            uid: uuid.urn().to_string(),
            uuid,
            modified,
            date: date.map(|(text, _)| text),
        }
    }
}

/// Gives epub-builder the metadata it has keys for.
pub(super) fn apply(
    builder: &mut EpubBuilder<ZipLibrary>,
    doc: &Document,
    info: &BookInfo,
) -> epub_builder::Result<()> {
    let meta = &doc.meta;
    builder.set_title(info.title.as_str());
    for author in &meta.authors {
        builder.add_author(clean(author));
    }
    builder.set_lang(info.lang.as_str());
    let direction = match meta.direction() {
        Direction::Ltr => "ltr",
        Direction::Rtl => "rtl",
    };
    builder.metadata("direction", direction)?;
    builder.set_toc_name(super::nav::CONTENTS_TITLE);
    if let Some(description) = &meta.description {
        builder.add_description(clean(description));
    }
    for keyword in &meta.keywords {
        builder.add_subject(clean(keyword));
    }
    if let Some(rights) = &meta.rights {
        builder.set_license(clean(rights));
    }
    builder.set_modified_date(info.modified);
    builder.set_uuid(info.uuid);
    Ok(())
}

/// The OPF metadata elements epub-builder has no key for: publisher, date, the manuscript's own
/// identifier, and the accessibility statements.
/// `page_source` names the paginated edition whose page breaks the book marks, if it marks any.
pub(super) fn extra_elements(
    doc: &Document,
    info: &BookInfo,
    images: ImageFacts,
    page_source: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut element = |open: &str, text: &str, close: &str| {
        let mut line = open.to_string();
        push_escaped(&mut line, text);
        line.push_str(close);
        out.push(line);
    };
    if let Some(publisher) = &doc.meta.publisher {
        element("<dc:publisher>", publisher, "</dc:publisher>");
    }
    if let Some(date) = &info.date {
        element("<dc:date>", date, "</dc:date>");
    }
    if let Some(identifier) = &doc.meta.identifier {
        element(
            "<dc:identifier id=\"publisher-id\">",
            &identifier_urn(identifier),
            "</dc:identifier>",
        );
    }
    if let Some(source) = page_source {
        element("<dc:source id=\"pagination\">", source, "</dc:source>");
        element(
            "<meta refines=\"#pagination\" property=\"source-of\">",
            "pagination",
            "</meta>",
        );
    }
    let described = !images.any || images.all_described;
    let mut meta = |property: &str, value: &str| {
        element(&format!("<meta property=\"{property}\">"), value, "</meta>");
    };
    meta("schema:accessMode", "textual");
    if images.any {
        meta("schema:accessMode", "visual");
    }
    // Without alt text on every image, the text alone does not carry everything.
    meta(
        "schema:accessModeSufficient",
        if described {
            "textual"
        } else {
            "textual,visual"
        },
    );
    let features = ["tableOfContents", "readingOrder", "structuralNavigation"];
    for feature in features {
        meta("schema:accessibilityFeature", feature);
    }
    if images.any && images.all_described {
        meta("schema:accessibilityFeature", "alternativeText");
    }
    if page_source.is_some() {
        for feature in ["printPageNumbers", "pageBreakMarkers", "pageNavigation"] {
            meta("schema:accessibilityFeature", feature);
        }
    }
    meta("schema:accessibilityHazard", "none");
    meta("schema:accessibilitySummary", &summary(images));
    meta("dcterms:conformsTo", CONFORMS_TO);
    out
}

fn summary(images: ImageFacts) -> String {
    let mut summary = String::from(
        "This publication has a table of contents, headings for structural navigation and a \
         single logical reading order.",
    );
    summary.push_str(match (images.any, images.all_described) {
        (false, _) => " It contains no images.",
        (true, true) => " Every image has a text alternative.",
        (true, false) => " Some images have no text alternative.",
    });
    summary
}

/// A bare ISBN becomes `urn:isbn:…`; anything else is kept as written.
fn identifier_urn(identifier: &str) -> String {
    let identifier = identifier.trim();
    let compact: String = identifier
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .collect();
    let isbn = matches!(compact.len(), 10 | 13)
        && compact
            .char_indices()
            .all(|(i, c)| c.is_ascii_digit() || (i == 9 && compact.len() == 10 && c == 'X'));
    if isbn {
        format!("urn:isbn:{compact}")
    } else {
        identifier.to_string()
    }
}

/// The date as `dc:date` text EPUBCheck accepts (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a UTC time)
/// and its first instant, from the forms people write in front matter.
fn parse_date(text: &str) -> Option<(String, DateTime<Utc>)> {
    let text = text.trim();
    let midnight = |day: NaiveDate| day.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        let time = time.with_timezone(&Utc);
        return Some((
            time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            midnight(time.date_naive())?,
        ));
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(time) = NaiveDateTime::parse_from_str(text, format) {
            return Some((
                time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                midnight(time.date())?,
            ));
        }
    }
    for format in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%d %B %Y",
        "%B %d, %Y",
        "%d %b %Y",
        "%b %d, %Y",
    ] {
        if let Ok(day) = NaiveDate::parse_from_str(text, format) {
            if !(0..=9999).contains(&day.year()) {
                return None;
            }
            return Some((day.format("%Y-%m-%d").to_string(), midnight(day)?));
        }
    }
    // A month (`2026-10`) or a year (`2026`) alone.
    let (year, month) = match text.split_once('-') {
        Some((year, month)) => (year, Some(month)),
        None => (text, None),
    };
    if year.len() != 4 || month.is_some_and(|m| m.len() != 2) {
        return None;
    }
    let day =
        NaiveDate::from_ymd_opt(year.parse().ok()?, month.map_or(Ok(1), str::parse).ok()?, 1)?;
    Some((text.to_string(), midnight(day)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_normalised() {
        let text = |s: &str| parse_date(s).map(|(t, _)| t);
        assert_eq!(text("2026-10-14").as_deref(), Some("2026-10-14"));
        assert_eq!(text("2026/10/14").as_deref(), Some("2026-10-14"));
        assert_eq!(text("October 14, 2026").as_deref(), Some("2026-10-14"));
        assert_eq!(text("14 Oct 2026").as_deref(), Some("2026-10-14"));
        assert_eq!(text("2026-10").as_deref(), Some("2026-10"));
        assert_eq!(text("2026").as_deref(), Some("2026"));
        assert_eq!(
            text("2026-10-14T12:00:00+02:00").as_deref(),
            Some("2026-10-14T10:00:00Z")
        );
        assert_eq!(text("next Tuesday"), None);
        assert_eq!(text("2026-13"), None);
        let (_, midnight) = parse_date("2026-10-14T23:00:00Z").unwrap();
        assert_eq!(midnight.to_rfc3339(), "2026-10-14T00:00:00+00:00");
    }

    #[test]
    fn identifiers_and_languages() {
        assert_eq!(
            identifier_urn("978-3-16-148410-0"),
            "urn:isbn:9783161484100"
        );
        assert_eq!(identifier_urn("doi:10.1000/182"), "doi:10.1000/182");
        assert!(is_language_tag("tg-Cyrl"));
        assert!(is_language_tag("en"));
        assert!(!is_language_tag("English language"));
        assert!(!is_language_tag("e"));
    }
}
