//! The document's XMP metadata (ISO 16684-1) for tagged PDF: title, creators and language in
//! Dublin Core, and the PDF/UA identification (`pdfuaid:part` 1) that PDF/UA-1 requires. A file
//! that claims standards also gets their identification (`pdfaid`, `pdfxid`), the dates and
//! Trapped as the Info dictionary has them, the document's identity (`xmpMM`), and, for PDF/A,
//! a `pdfaExtension` description of each schema PDF/A does not predefine.

use crate::pdf::meta::PdfMeta;
use crate::preflight::Standard;
use lopdf::{Dictionary, Stream};
use sha2::{Digest, Sha256};

/// The metadata stream the catalog's /Metadata refers to.
pub(crate) fn metadata_stream(meta: &PdfMeta) -> Stream {
    let mut dict = Dictionary::new();
    dict.set("Type", "Metadata");
    dict.set("Subtype", "XML");
    let stream = Stream::new(dict, packet(meta).into_bytes());
    // PDF/A wants the packet readable by tools that know no PDF filters (ISO 19005-2 6.6.2.1):
    // a file claiming standards keeps it uncompressed.
    if meta.claims.standards.is_empty() {
        stream
    } else {
        stream.with_compression(false)
    }
}

/// The XMP packet: one rdf:Description with every property.
fn packet(meta: &PdfMeta) -> String {
    let claims = &meta.claims;
    // PDF/A compares dc:creator with the Info dictionary's Author, which holds every author
    // joined: a file claiming PDF/A says it the same way in both.
    let creators: String = if claims.archival().is_some() && !meta.authors.is_empty() {
        format!("<rdf:li>{}</rdf:li>", escape(&meta.authors.join(", ")))
    } else {
        meta.authors
            .iter()
            .map(|a| format!("<rdf:li>{}</rdf:li>", escape(a)))
            .collect()
    };
    let lang = if meta.lang.is_empty() {
        "x-default"
    } else {
        &meta.lang
    };
    let (namespaces, claimed) = if claims.standards.is_empty() {
        (String::new(), String::new())
    } else {
        claimed_properties(meta)
    };
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"{namespaces}>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
{accessible}{claimed}</rdf:Description>
{identification}</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        title = escape(&meta.title),
        lang = escape(lang),
        producer = escape(&meta.producer),
        creator = escape(&meta.creator),
        identification = archival_identification(meta),
        accessible = if meta.tagged {
            "<pdfuaid:part>1</pdfuaid:part>\n"
        } else {
            ""
        },
    )
}

/// The namespace declarations and the properties a file claiming standards adds.
fn claimed_properties(meta: &PdfMeta) -> (String, String) {
    let claims = &meta.claims;
    let date = chrono::DateTime::from_timestamp(meta.seconds(), 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default();
    let mut namespaces = String::from(r#" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/""#);
    let mut out = format!(
        "<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
         <xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
         <xmpMM:DocumentID>{id}</xmpMM:DocumentID>\n<xmpMM:InstanceID>{id}</xmpMM:InstanceID>\n\
         <xmpMM:VersionID>1</xmpMM:VersionID>\n<xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n",
        id = document_id(meta),
    );
    if let Some(subject) = &meta.subject {
        out += &format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            escape(subject)
        );
    }
    if !meta.keywords.is_empty() {
        out += &format!(
            "<pdf:Keywords>{}</pdf:Keywords>\n",
            escape(&meta.keywords.join(", "))
        );
    }
    if claims.print() {
        namespaces += r#" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/""#;
        out += "<pdf:Trapped>False</pdf:Trapped>\n<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n";
    }
    if claims.archival().is_some() {
        namespaces += r#" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#""#;
        out += if meta.tagged { PDFUA_EXTENSION } else { "" };
    }
    (namespaces, out)
}

/// The PDF/A identification in a description of its own, as PDF/A's validators expect to find
/// it (ISO 19005-2 6.6.4); empty for a file that claims no PDF/A.
fn archival_identification(meta: &PdfMeta) -> String {
    match meta.claims.archival().and_then(Standard::archival) {
        Some((part, level)) => format!(
            "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" \
             pdfaid:part=\"{part}\" pdfaid:conformance=\"{}\"/>\n",
            level.letter()
        ),
        None => String::new(),
    }
}

/// PDF/A allows XMP properties only from the schemas it predefines or describes in the packet:
/// the PDF/UA identification schema is described here.
const PDFUA_EXTENSION: &str = r#"<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
"#;

/// A stable document identifier: a UUID-shaped digest of the title, authors and date, so the
/// same book gives the same id on every build.
fn document_id(meta: &PdfMeta) -> String {
    let mut hasher = Sha256::new();
    hasher.update(meta.title.as_bytes());
    hasher.update(meta.authors.join("\u{1f}").as_bytes());
    hasher.update(meta.seconds().to_le_bytes());
    let hex: String = hasher
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Text as XML character data.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packet_names_the_document_and_escapes_its_text() {
        let meta = PdfMeta {
            title: "Fish & <Chips>".into(),
            authors: vec!["A. Author".into()],
            lang: "de".into(),
            tagged: true,
            ..PdfMeta::default()
        };
        let xml = packet(&meta);
        let xml = xml
            .split_once("?>")
            .and_then(|(_, rest)| rest.rsplit_once("<?xpacket"))
            .map(|(body, _)| body)
            .unwrap();
        let parsed = roxmltree::Document::parse(xml).expect("well-formed XML");
        let text = |name: &str| {
            parsed
                .descendants()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| {
                    n.descendants()
                        .find(|d| d.is_text() && !d.text().unwrap().trim().is_empty())
                })
                .and_then(|n| n.text())
                .map(str::to_string)
        };
        assert_eq!(text("title").as_deref(), Some("Fish & <Chips>"));
        assert_eq!(text("creator").as_deref(), Some("A. Author"));
        assert_eq!(text("language").as_deref(), Some("de"));
        assert_eq!(text("part").as_deref(), Some("1"));
    }
}
