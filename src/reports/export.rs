//! Exports that open in Russian Excel: CSV in UTF-8 with a BOM, `;`-separated, with cells that
//! start like formulas neutralised; and XLSX.

/// A cell that Excel would run as a formula (`=`, `+`, `-`, `@`) gets a leading apostrophe.
fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

pub fn csv(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .map(|c| {
                let c = neutralise(c);
                if c.contains([';', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c
                }
            })
            .collect::<Vec<_>>()
            .join(";")
    };
    out.push_str(&line(header.iter().map(|h| h.to_string()).collect()));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&line(r.clone()));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// A worksheet: its name, header and rows.
pub type Sheet<'a> = (&'a str, &'a [&'a str], &'a [Vec<String>]);

/// One workbook with a sheet per (name, header, rows).
pub fn xlsx(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (name, header, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name)?;
        for (c, h) in header.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                // strings are written as strings: nothing a client typed runs as a formula
                sheet.write_string(r as u32 + 1, c as u16, cell)?;
            }
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_opens_in_russian_excel_and_runs_no_formulas() {
        let rows = vec![vec![
            "ООО «Ромашка»; филиал".to_string(),
            "=HYPERLINK(\"x\")".into(),
            "-5".into(),
            "обычный".into(),
        ]];
        let bytes = csv(&["Клиент", "Заметка", "Число", "Текст"], &rows);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "Клиент;Заметка;Число;Текст");
        assert_eq!(
            lines[1],
            "\"ООО «Ромашка»; филиал\";\"'=HYPERLINK(\"\"x\"\")\";'-5;обычный"
        );
    }

    #[test]
    fn xlsx_is_a_zip_workbook_with_the_rows() {
        let rows = vec![vec!["Ромашка".to_string(), "=1+1".into()]];
        let bytes = xlsx(&[("Сделки", &["Клиент", "Заметка"], &rows)]).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut shared = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
            &mut shared,
        )
        .unwrap();
        assert!(shared.contains("Ромашка") && shared.contains("=1+1"));
    }
}
