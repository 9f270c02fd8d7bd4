//! The document's XMP metadata (ISO 16684-1) for tagged PDF: title, creators and language in
//! Dublin Core, and the PDF/UA identification (`pdfuaid:part` 1) that PDF/UA-1 requires.

use crate::pdf::meta::PdfMeta;
use lopdf::{Dictionary, Stream};

/// The metadata stream the catalog's /Metadata refers to.
pub(crate) fn metadata_stream(meta: &PdfMeta) -> Stream {
    let mut dict = Dictionary::new();
    dict.set("Type", "Metadata");
    dict.set("Subtype", "XML");
    Stream::new(dict, packet(meta).into_bytes())
}

/// The XMP packet: one rdf:Description with every property.
fn packet(meta: &PdfMeta) -> String {
    let creators: String = meta
        .authors
        .iter()
        .map(|a| format!("<rdf:li>{}</rdf:li>", escape(a)))
        .collect();
    let lang = if meta.lang.is_empty() {
        "x-default"
    } else {
        &meta.lang
    };
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        title = escape(&meta.title),
        lang = escape(lang),
        producer = escape(&meta.producer),
        creator = escape(&meta.creator),
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
