//! Reads the properties preflight compares out of an XMP packet (ISO 16684-1): the PDF/A, PDF/UA
//! and PDF/X identification, the Dublin Core and basic properties the Info dictionary must agree
//! with, and which namespaces the packet uses and declares (PDF/A allows a property only from the
//! predefined schemas or one described in a `pdfaExtension` schema).

use std::collections::{BTreeMap, BTreeSet};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const PDFA_EXTENSION: &str = "http://www.aiim.org/pdfa/ns/extension/";
const PDFA_SCHEMA: &str = "http://www.aiim.org/pdfa/ns/schema#";

/// The namespaces PDF/A-2 and A-3 accept without an extension schema: the schemas predefined in
/// XMP 2005 (ISO 19005-2, 6.6.2.3.1) and the PDF/A identification and extension schemas.
const PREDEFINED: &[&str] = &[
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/xap/1.0/",
    "http://ns.adobe.com/xap/1.0/rights/",
    "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/bj/",
    "http://ns.adobe.com/xap/1.0/t/pg/",
    "http://ns.adobe.com/xmp/1.0/DynamicMedia/",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#",
    "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
    "http://ns.adobe.com/xap/1.0/sType/Version#",
    "http://ns.adobe.com/xap/1.0/sType/Job#",
    "http://ns.adobe.com/xap/1.0/sType/Dimensions#",
    "http://ns.adobe.com/xap/1.0/sType/Font#",
    "http://ns.adobe.com/xmp/Identifier/qual/1.0/",
    "http://ns.adobe.com/pdf/1.3/",
    "http://ns.adobe.com/photoshop/1.0/",
    "http://ns.adobe.com/tiff/1.0/",
    "http://ns.adobe.com/exif/1.0/",
    "http://ns.adobe.com/exif/1.0/aux/",
    "http://ns.adobe.com/camera-raw-settings/1.0/",
    "http://www.aiim.org/pdfa/ns/id/",
    PDFA_EXTENSION,
    PDFA_SCHEMA,
    "http://www.aiim.org/pdfa/ns/property#",
    "http://www.aiim.org/pdfa/ns/type#",
    "http://www.aiim.org/pdfa/ns/field#",
];

/// What a packet says, by `prefix:name` under the usual prefixes (whatever prefixes the file
/// itself chose), with the first value of an `rdf:Alt`/`Seq`/`Bag`.
#[derive(Debug, Default)]
pub struct Xmp {
    pub values: BTreeMap<&'static str, String>,
    /// Namespaces of properties whose schema PDF/A does not predefine.
    pub foreign_namespaces: BTreeSet<String>,
    /// Namespaces described by `pdfaExtension:schemas`.
    pub declared_namespaces: BTreeSet<String>,
}

/// The properties preflight reads: (namespace, local name, key).
const PROPERTIES: &[(&str, &str, &str)] = &[
    ("http://www.aiim.org/pdfa/ns/id/", "part", "pdfaid:part"),
    (
        "http://www.aiim.org/pdfa/ns/id/",
        "conformance",
        "pdfaid:conformance",
    ),
    ("http://www.aiim.org/pdfua/ns/id/", "part", "pdfuaid:part"),
    (
        "http://www.npes.org/pdfx/ns/id/",
        "GTS_PDFXVersion",
        "pdfxid:GTS_PDFXVersion",
    ),
    ("http://purl.org/dc/elements/1.1/", "title", "dc:title"),
    ("http://purl.org/dc/elements/1.1/", "creator", "dc:creator"),
    (
        "http://purl.org/dc/elements/1.1/",
        "description",
        "dc:description",
    ),
    ("http://ns.adobe.com/pdf/1.3/", "Producer", "pdf:Producer"),
    ("http://ns.adobe.com/pdf/1.3/", "Keywords", "pdf:Keywords"),
    ("http://ns.adobe.com/pdf/1.3/", "Trapped", "pdf:Trapped"),
    (
        "http://ns.adobe.com/xap/1.0/",
        "CreatorTool",
        "xmp:CreatorTool",
    ),
    (
        "http://ns.adobe.com/xap/1.0/",
        "CreateDate",
        "xmp:CreateDate",
    ),
    (
        "http://ns.adobe.com/xap/1.0/",
        "ModifyDate",
        "xmp:ModifyDate",
    ),
];

/// Parses a packet; a packet that is not well-formed XML is an error message.
pub fn read(packet: &str) -> Result<Xmp, String> {
    let start = packet
        .find("<x:xmpmeta")
        .or_else(|| packet.find("<rdf:RDF"));
    let xml = start.map_or(packet, |at| &packet[at..]);
    let end = xml
        .rfind("</x:xmpmeta>")
        .map(|at| at + "</x:xmpmeta>".len())
        .or_else(|| xml.rfind("</rdf:RDF>").map(|at| at + "</rdf:RDF>".len()))
        .unwrap_or(xml.len());
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 100_000,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xml[..end], options)
        .map_err(|error| format!("the XMP metadata is not well-formed XML: {error}"))?;
    let mut xmp = Xmp::default();
    for description in doc
        .descendants()
        .filter(|node| node.has_tag_name((RDF, "Description")))
    {
        for attribute in description.attributes() {
            if let Some(namespace) = attribute.namespace() {
                note_property(&mut xmp, namespace, attribute.name(), attribute.value());
            }
        }
        for property in description.children().filter(|node| node.is_element()) {
            let namespace = property.tag_name().namespace().unwrap_or("");
            let value = first_value(property);
            note_property(&mut xmp, namespace, property.tag_name().name(), &value);
        }
    }
    for schema in doc
        .descendants()
        .filter(|node| node.has_tag_name((PDFA_SCHEMA, "namespaceURI")))
    {
        if let Some(text) = schema.text() {
            xmp.declared_namespaces.insert(text.trim().to_string());
        }
    }
    Ok(xmp)
}

fn note_property(xmp: &mut Xmp, namespace: &str, name: &str, value: &str) {
    if namespace == RDF || namespace.is_empty() {
        return;
    }
    if let Some((_, _, key)) = PROPERTIES
        .iter()
        .find(|(ns, local, _)| *ns == namespace && *local == name)
    {
        xmp.values
            .entry(key)
            .or_insert_with(|| value.trim().to_string());
    }
    if !PREDEFINED.contains(&namespace) {
        xmp.foreign_namespaces.insert(namespace.to_string());
    }
}

/// A property's text, or its first `rdf:li` (prefering `x-default` in an `rdf:Alt`).
fn first_value(property: roxmltree::Node) -> String {
    let items: Vec<_> = property
        .descendants()
        .filter(|node| node.has_tag_name((RDF, "li")))
        .collect();
    let chosen = items
        .iter()
        .find(|item| {
            item.attribute(("http://www.w3.org/XML/1998/namespace", "lang")) == Some("x-default")
        })
        .or(items.first());
    match chosen {
        Some(item) => item.text().unwrap_or("").to_string(),
        None => property.text().unwrap_or("").to_string(),
    }
}

/// A date as seconds-resolution UTC parts, from XMP (`2023-11-14T22:13:20Z`, `...+02:00`) or PDF
/// (`D:20231114221320Z`, `D:20231114231320+01'00'`) spelling, so the two can be compared.
pub fn normalise_date(text: &str) -> Option<i64> {
    let text = text.trim();
    let (digits, zone) = if let Some(pdf) = text.strip_prefix("D:") {
        let split = pdf.find(['Z', '+', '-']).unwrap_or(pdf.len());
        (pdf[..split].to_string(), pdf[split..].replace('\'', ""))
    } else {
        let (date, time) = text.split_once('T').unwrap_or((text, ""));
        let split = time.find(['Z', '+', '-']).unwrap_or(time.len());
        let digits: String = format!("{date}{}", &time[..split])
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        (digits, time[split..].replace(':', ""))
    };
    let field = |range: std::ops::Range<usize>, default: i64| -> Option<i64> {
        match digits.get(range) {
            Some(part) if !part.is_empty() => part.parse().ok(),
            _ => Some(default),
        }
    };
    let (year, month, day) = (field(0..4, 0)?, field(4..6, 1)?, field(6..8, 1)?);
    let (hour, minute, second) = (field(8..10, 0)?, field(10..12, 0)?, field(12..14, 0)?);
    let offset_minutes = match zone.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let hours: i64 = zone.get(1..3)?.parse().ok()?;
            let minutes: i64 = zone.get(3..5).unwrap_or("0").parse().unwrap_or(0);
            let total = hours * 60 + minutes;
            if sign == '-' { -total } else { total }
        }
        _ => 0,
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identification_and_namespaces_are_read_whatever_the_prefixes() {
        let packet = r#"<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:a="http://www.aiim.org/pdfa/ns/id/" a:part="2"
  xmlns:u="http://www.aiim.org/pdfua/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<a:conformance>B</a:conformance><u:part>1</u:part>
<dc:title><rdf:Alt><rdf:li xml:lang="de">Titel</rdf:li><rdf:li xml:lang="x-default">Title</rdf:li></rdf:Alt></dc:title>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="r"?>"#;
        let xmp = read(packet).unwrap();
        assert_eq!(xmp.values["pdfaid:part"], "2");
        assert_eq!(xmp.values["pdfaid:conformance"], "B");
        assert_eq!(xmp.values["pdfuaid:part"], "1");
        assert_eq!(xmp.values["dc:title"], "Title");
        assert!(
            xmp.foreign_namespaces
                .contains("http://www.aiim.org/pdfua/ns/id/")
        );
        assert!(read("<x:xmpmeta><unclosed").is_err());
    }

    #[test]
    fn pdf_and_xmp_dates_compare_in_utc() {
        let xmp = normalise_date("2023-11-14T22:13:20Z").unwrap();
        assert_eq!(normalise_date("D:20231114221320Z"), Some(xmp));
        assert_eq!(normalise_date("D:20231114231320+01'00'"), Some(xmp));
        assert_eq!(normalise_date("2023-11-14T23:13:20+01:00"), Some(xmp));
        assert_eq!(normalise_date("D:19700101000000Z"), Some(0));
    }
}
