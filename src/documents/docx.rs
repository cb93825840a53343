//! Filling .docx templates: `{{client.name}}`-style placeholders in the body, headers and footers,
//! found even where Word split one placeholder across several runs. Templates are checked on
//! upload: a broken file, unbalanced braces or an unknown placeholder is refused with the reason.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};

/// Every placeholder a template may use, documented in the README and shown in the bot.
pub const PLACEHOLDERS: [&str; 21] = [
    "client.name",
    "client.inn",
    "client.kpp",
    "client.ogrn",
    "client.address",
    "client.bik",
    "client.account",
    "client.location",
    "contact.name",
    "contact.position",
    "deal.number",
    "deal.amount",
    "deal.subject",
    "deal.deadlines",
    "deal.stages",
    "deal.executor",
    "manager.name",
    "today",
    "invoice.number",
    "invoice.date",
    "invoice.amount",
];

/// Largest template accepted.
pub const MAX_TEMPLATE_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("too large")]
    TooLarge,
    #[error("not a .docx file")]
    NotDocx,
    #[error("unbalanced braces")]
    Unbalanced,
    #[error("unknown placeholders: {0:?}")]
    Unknown(Vec<String>),
    /// `{client.kpp}` with single braces: it would stay in the contract as it is.
    #[error("placeholders in single braces: {0:?}")]
    SingleBraces(Vec<String>),
}

fn is_text_part(name: &str) -> bool {
    name == "word/document.xml"
        || (name.starts_with("word/header") && name.ends_with(".xml"))
        || (name.starts_with("word/footer") && name.ends_with(".xml"))
}

fn read_parts(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, TemplateError> {
    if bytes.len() > MAX_TEMPLATE_BYTES {
        return Err(TemplateError::TooLarge);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| TemplateError::NotDocx)?;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|_| TemplateError::NotDocx)?;
        let mut buf = Vec::new();
        f.read_to_end(&mut buf)
            .map_err(|_| TemplateError::NotDocx)?;
        parts.push((f.name().to_owned(), buf));
    }
    if !parts.iter().any(|(n, _)| n == "word/document.xml") {
        return Err(TemplateError::NotDocx);
    }
    Ok(parts)
}

/// Checks a template and returns the placeholders it uses.
pub fn check_template(bytes: &[u8]) -> Result<BTreeSet<String>, TemplateError> {
    let mut found = BTreeSet::new();
    for (name, data) in read_parts(bytes)? {
        if !is_text_part(&name) {
            continue;
        }
        let xml = String::from_utf8(data).map_err(|_| TemplateError::NotDocx)?;
        for text in paragraphs(&xml).map(|p| p.text()) {
            if text.matches("{{").count() != text.matches("}}").count() {
                return Err(TemplateError::Unbalanced);
            }
            let spans = find_placeholders(&text)?;
            let mut rest = text.clone();
            for (a, b, key) in spans.iter().rev() {
                rest.replace_range(*a..*b, " ");
                found.insert(key.clone());
            }
            let single = single_braced(&rest);
            if !single.is_empty() {
                return Err(TemplateError::SingleBraces(single));
            }
        }
    }
    let unknown: Vec<String> = found
        .iter()
        .filter(|k| !PLACEHOLDERS.contains(&k.as_str()))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(TemplateError::Unknown(unknown));
    }
    Ok(found)
}

/// Fills a template with values; placeholders without a value are left as they are.
pub fn fill(bytes: &[u8], values: &BTreeMap<String, String>) -> Result<Vec<u8>, TemplateError> {
    let parts = read_parts(bytes)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        let data = if is_text_part(&name) {
            let xml = String::from_utf8(data).map_err(|_| TemplateError::NotDocx)?;
            fill_xml(&xml, values)?.into_bytes()
        } else {
            data
        };
        out.start_file(name, opts)
            .map_err(|_| TemplateError::NotDocx)?;
        out.write_all(&data).map_err(|_| TemplateError::NotDocx)?;
    }
    Ok(out
        .finish()
        .map_err(|_| TemplateError::NotDocx)?
        .into_inner())
}

/// The visible text of a document (body, headers, footers), a paragraph a line: for checks.
pub fn text_of(bytes: &[u8]) -> Result<String, TemplateError> {
    let mut lines = Vec::new();
    for (name, data) in read_parts(bytes)? {
        if is_text_part(&name) {
            let xml = String::from_utf8(data).map_err(|_| TemplateError::NotDocx)?;
            lines.extend(paragraphs(&xml).map(|p| p.text()));
        }
    }
    Ok(lines.join("\n"))
}

/// A paragraph's text nodes: byte ranges of each `<w:t>` content in the part.
struct Paragraph<'a> {
    xml: &'a str,
    nodes: Vec<(usize, usize)>,
}

impl Paragraph<'_> {
    fn text(&self) -> String {
        self.nodes
            .iter()
            .map(|(a, b)| unescape(&self.xml[*a..*b]))
            .collect()
    }
}

/// Finds `<w:p>` / `<w:p …>` paragraphs and their `<w:t>` text nodes.
fn paragraphs(xml: &str) -> impl Iterator<Item = Paragraph<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(start) = find_tag(xml, pos, "w:p") {
        let end = xml[start..]
            .find("</w:p>")
            .map(|e| start + e)
            .unwrap_or(xml.len());
        let mut nodes = Vec::new();
        let mut p = start;
        while let Some(t) = find_tag(&xml[..end], p, "w:t") {
            let Some(close) = xml[t..end].find('>').map(|c| t + c) else {
                break;
            };
            if xml[..close].ends_with('/') {
                p = close + 1;
                continue;
            }
            let Some(content_end) = xml[close..end].find("</w:t>").map(|c| close + c) else {
                break;
            };
            nodes.push((close + 1, content_end));
            p = content_end + 6;
        }
        out.push(Paragraph { xml, nodes });
        pos = end.max(start + 1);
    }
    out.into_iter()
}

/// The next `<name>` or `<name …>` tag at or after `from` (not `<name…>` of a longer name).
fn find_tag(xml: &str, from: usize, name: &str) -> Option<usize> {
    let needle = format!("<{name}");
    let mut p = from;
    while let Some(i) = xml.get(p..)?.find(&needle) {
        let at = p + i;
        match xml.as_bytes().get(at + needle.len()) {
            Some(b'>') | Some(b' ') | Some(b'/') => return Some(at),
            _ => p = at + needle.len(),
        }
    }
    None
}

/// Placeholders in a text: (start, end, key) as byte offsets.
fn find_placeholders(text: &str) -> Result<Vec<(usize, usize, String)>, TemplateError> {
    let mut out = Vec::new();
    let mut p = 0;
    while let Some(i) = text[p..].find("{{") {
        let a = p + i;
        let Some(j) = text[a + 2..].find("}}") else {
            return Err(TemplateError::Unbalanced);
        };
        let b = a + 2 + j + 2;
        let key = text[a + 2..b - 2].trim();
        if key.is_empty() || key.contains('{') {
            return Err(TemplateError::Unbalanced);
        }
        out.push((a, b, key.to_owned()));
        p = b;
    }
    Ok(out)
}

/// `{name.field}` left in a text once the double-braced placeholders are taken out.
fn single_braced(rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut p = 0;
    while let Some(i) = rest[p..].find('{') {
        let a = p + i + 1;
        let Some(j) = rest[a..].find('}') else { break };
        let inner = rest[a..a + j].trim();
        let looks_like = inner.contains('.')
            && inner
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
        if looks_like {
            out.push(inner.to_owned());
        }
        p = a + j + 1;
    }
    out
}

fn fill_xml(xml: &str, values: &BTreeMap<String, String>) -> Result<String, TemplateError> {
    // new contents for text nodes, by their byte range in `xml`
    let mut edits: Vec<((usize, usize), String)> = Vec::new();
    for para in paragraphs(xml) {
        let texts: Vec<String> = para
            .nodes
            .iter()
            .map(|(a, b)| unescape(&xml[*a..*b]))
            .collect();
        let joined: String = texts.concat();
        let found = find_placeholders(&joined)?;
        if found.iter().all(|(_, _, k)| !values.contains_key(k)) {
            continue;
        }
        let mut starts = Vec::with_capacity(texts.len());
        let mut acc = 0;
        for t in &texts {
            starts.push(acc);
            acc += t.len();
        }
        let node_of = |off: usize| starts.iter().rposition(|s| *s <= off).unwrap_or(0);
        let mut new = texts.clone();
        for (a, b, key) in found.iter().rev() {
            let Some(value) = values.get(key) else {
                continue;
            };
            let (i, j) = (node_of(*a), node_of(b - 1));
            let head = new[i][..a - starts[i]].to_owned();
            let tail = if i == j {
                new[i][b - starts[i]..].to_owned()
            } else {
                new[j][b - starts[j]..].to_owned()
            };
            new[i] = format!("{head}{value}{tail}");
            for k in new.iter_mut().take(j + 1).skip(i + 1) {
                k.clear();
            }
        }
        for (k, (range, text)) in para.nodes.iter().zip(new).enumerate() {
            if text != texts[k] {
                edits.push((*range, text));
            }
        }
    }
    if edits.is_empty() {
        return Ok(xml.to_owned());
    }
    let mut out = String::with_capacity(xml.len());
    let mut last = 0;
    for ((a, b), text) in edits {
        // the opening <w:t …> tag before `a`: make it keep spaces
        let tag_start = xml[..a].rfind("<w:t").unwrap_or(a);
        out.push_str(&xml[last..tag_start]);
        let tag = &xml[tag_start..a];
        if tag.contains("xml:space") {
            out.push_str(tag);
        } else {
            out.push_str("<w:t xml:space=\"preserve\">");
        }
        out.push_str(&escape(&text));
        last = b;
    }
    out.push_str(&xml[last..]);
    Ok(out)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Builds a minimal .docx from paragraphs given as runs, with a header: for tests and examples.
pub fn build_docx(body: &[&[&str]], header: &[&[&str]]) -> Vec<u8> {
    let para = |runs: &&[&str]| {
        let r: String = runs
            .iter()
            .map(|t| {
                format!(
                    "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    escape(t)
                )
            })
            .collect();
        format!("<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr>{r}</w:p>")
    };
    let ns = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let doc = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {ns}><w:body>{}</w:body></w:document>", body.iter().map(para).collect::<String>());
    let hdr = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:hdr {ns}>{}</w:hdr>",
        header.iter().map(para).collect::<String>()
    );
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in [
        ("[Content_Types].xml", types.to_owned()),
        ("word/document.xml", doc),
        ("word/header1.xml", hdr),
    ] {
        w.start_file(name, opts).expect("in-memory zip");
        w.write_all(data.as_bytes()).expect("in-memory zip");
    }
    w.finish().expect("in-memory zip").into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> BTreeMap<String, String> {
        [
            ("client.name", "ООО «Ромашка» & Ко"),
            ("deal.amount", "1 500 000 ₽"),
            ("today", "26.11.2026"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    #[test]
    fn placeholders_split_across_runs_are_filled_in_body_and_header() {
        let t = build_docx(
            &[
                &[
                    "Договор с ",
                    "{{cli",
                    "ent.na",
                    "me}}",
                    " на сумму {{ deal.amount }}.",
                ],
                &["Без подстановок"],
            ],
            &[&["Дата: {", "{today}", "}"]],
        );
        assert_eq!(
            check_template(&t).unwrap().into_iter().collect::<Vec<_>>(),
            ["client.name", "deal.amount", "today"]
        );
        let filled = fill(&t, &values()).unwrap();
        let text = text_of(&filled).unwrap();
        assert!(
            text.contains("Договор с ООО «Ромашка» & Ко на сумму 1 500 000 ₽."),
            "{text}"
        );
        assert!(text.contains("Дата: 26.11.2026"), "{text}");
        assert!(text.contains("Без подстановок"));
        assert!(!text.contains("{{"));
        // the filled file is itself a valid docx with nothing left to fill
        assert!(check_template(&filled).unwrap().is_empty());
    }

    #[test]
    fn broken_templates_are_refused_with_the_reason() {
        assert_eq!(check_template(b"not a zip"), Err(TemplateError::NotDocx));
        let unbalanced = build_docx(&[&["Договор {{client.name"]], &[]);
        assert_eq!(check_template(&unbalanced), Err(TemplateError::Unbalanced));
        let unknown = build_docx(&[&["{{client.nmae}} {{deal.amount}}"]], &[]);
        assert_eq!(
            check_template(&unknown),
            Err(TemplateError::Unknown(vec!["client.nmae".into()]))
        );
        assert_eq!(
            check_template(&vec![0u8; MAX_TEMPLATE_BYTES + 1]),
            Err(TemplateError::TooLarge)
        );
    }

    #[test]
    fn tags_with_longer_names_are_not_mistaken_for_text() {
        let xml = "<w:p><w:pPr><w:tabs/></w:pPr><w:r><w:tab/><w:t>{{today}}</w:t></w:r></w:p>";
        let out = fill_xml(xml, &values()).unwrap();
        assert!(out.contains("<w:tab/>") && out.contains("<w:tabs/>"));
        assert!(out.contains(">26.11.2026</w:t>"), "{out}");
    }
}
