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

/// One exported value. Amounts and moments are numbers and dates in the workbook (a head can
/// SUM and sort them), and read as such by Russian Excel in the CSV.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// Kopecks.
    Money(i64),
    /// A moment in the reader's time zone.
    Time(chrono::NaiveDateTime),
    Empty,
}

impl Cell {
    /// As the CSV has it: a decimal comma, «дд.мм.гггг чч:мм».
    fn csv(&self) -> String {
        match self {
            Cell::Text(t) => neutralise(t),
            Cell::Int(n) => n.to_string(),
            Cell::Money(k) => format!("{},{:02}", k / 100, (k % 100).abs()),
            Cell::Time(t) => t.format("%d.%m.%Y %H:%M").to_string(),
            Cell::Empty => String::new(),
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

/// The largest file the bot sends: Telegram takes 50 MB, a margin is kept.
pub const MAX_FILE_BYTES: usize = 45 * 1024 * 1024;

fn csv_line(cells: Vec<String>) -> String {
    let mut line = cells
        .iter()
        .map(|c| {
            if c.contains([';', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(";");
    line.push_str("\r\n");
    line
}

pub fn csv(header: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
    csv_parts(header, rows, usize::MAX)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// The CSV in parts of at most `limit` bytes, each with the header, so every part opens on its
/// own in Excel; one part when it fits.
pub fn csv_parts(header: &[&str], rows: &[Vec<Cell>], limit: usize) -> Vec<Vec<u8>> {
    let head = format!(
        "\u{feff}{}",
        csv_line(header.iter().map(|h| neutralise(h)).collect())
    );
    let mut parts = Vec::new();
    let mut out = head.clone();
    let mut has_rows = false;
    for r in rows {
        let line = csv_line(r.iter().map(Cell::csv).collect());
        if has_rows && out.len() + line.len() > limit {
            parts.push(std::mem::replace(&mut out, head.clone()).into_bytes());
        }
        out.push_str(&line);
        has_rows = true;
    }
    parts.push(out.into_bytes());
    parts
}

/// A worksheet: its name, header and rows.
pub type Sheet<'a> = (&'a str, &'a [&'a str], &'a [Vec<Cell>]);

/// One workbook with a sheet per (name, header, rows).
pub fn xlsx(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use chrono::{Datelike, Timelike};
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let money = rust_xlsxwriter::Format::new().set_num_format("#,##0.00 \"₽\"");
    let date = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy hh:mm");
    for (name, header, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name)?;
        for (c, h) in header.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    // strings are written as strings: nothing a client typed runs as a formula
                    Cell::Text(t) => {
                        sheet.write_string(r, c, t)?;
                    }
                    Cell::Int(n) => {
                        sheet.write_number(r, c, *n as f64)?;
                    }
                    Cell::Money(k) => {
                        sheet.write_number_with_format(r, c, *k as f64 / 100.0, &money)?;
                    }
                    Cell::Time(t) => {
                        let at = rust_xlsxwriter::ExcelDateTime::from_ymd(
                            t.year() as u16,
                            t.month() as u8,
                            t.day() as u8,
                        )?
                        .and_hms(
                            t.hour() as u16,
                            t.minute() as u8,
                            t.second(),
                        )?;
                        sheet.write_datetime_with_format(r, c, at, &date)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.autofit();
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_opens_in_russian_excel_and_runs_no_formulas() {
        let rows = vec![vec![
            Cell::Text("ООО «Ромашка»; филиал".to_string()),
            Cell::Text("=HYPERLINK(\"x\")".into()),
            Cell::Text("-5".into()),
            Cell::Text("обычный".into()),
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
    fn amounts_have_a_decimal_comma_and_moments_a_russian_date_in_the_csv() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(15, 5, 0)
            .unwrap();
        let rows = vec![vec![
            Cell::Money(150_000_050),
            Cell::Time(at),
            Cell::Int(7),
            Cell::Empty,
        ]];
        let text = String::from_utf8(csv(&["Сумма", "Дата", "№", "Пусто"], &rows)).unwrap();
        assert!(
            text.contains("\r\n1500000,50;26.11.2026 15:05;7;\r\n"),
            "{text}"
        );
    }

    #[test]
    fn xlsx_amounts_are_numbers_and_dates_are_dates() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(15, 5, 0)
            .unwrap();
        let rows = vec![vec![Cell::Money(150_000_050), Cell::Time(at)]];
        let bytes = xlsx(&[("Сделки", &["Сумма", "Дата"], &rows)]).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut sheet = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut sheet,
        )
        .unwrap();
        // numeric cells (no t="s"), the amount as a number and the date as a serial day
        assert!(sheet.contains("<v>1500000.5</v>"), "{sheet}");
        assert!(sheet.contains("<v>46352.6284722"), "{sheet}");
    }

    #[test]
    fn xlsx_is_a_zip_workbook_with_the_rows() {
        let rows = vec![vec![
            Cell::Text("Ромашка".to_string()),
            Cell::Text("=1+1".into()),
        ]];
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

    #[test]
    fn a_csv_over_the_limit_comes_in_parts_each_with_its_header() {
        let rows: Vec<Vec<Cell>> = (0..1000)
            .map(|i| vec![Cell::Int(i), Cell::Text("строка данных".into())])
            .collect();
        let parts = csv_parts(&["№", "Текст"], &rows, 4_000);
        assert!(parts.len() > 5, "{}", parts.len());
        let mut seen = 0;
        for p in &parts {
            assert!(p.len() <= 4_000);
            let text = String::from_utf8(p.clone()).unwrap();
            assert!(text.starts_with("\u{feff}№;Текст\r\n"));
            seen += text.lines().count() - 1;
        }
        assert_eq!(seen, 1000, "no row lost or repeated");
        assert_eq!(csv_parts(&["a"], &rows[..2], 4_000).len(), 1);
    }
}
