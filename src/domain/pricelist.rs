//! The price-list CSV: `direction; item; min price; max price`, one row per line.
//! Accepts what Excel writes: `;` or `,` or tab separators, quotes, a header line, a UTF-8 BOM,
//! or Windows-1251 text (Russian Excel's «CSV» default).

use super::money::{Money, MoneyError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceLine {
    pub line: usize,
    pub direction: String,
    pub item: String,
    pub min: Money,
    pub max: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineProblem {
    Columns(usize),
    EmptyDirection,
    EmptyItem,
    MinPrice(MoneyError),
    MaxPrice(MoneyError),
    MinAboveMax,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub problem: LineProblem,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceListError {
    #[error("no rows")]
    Empty,
    #[error("bad lines")]
    Lines(Vec<LineError>),
}

pub fn parse_price_list(bytes: &[u8]) -> Result<Vec<PriceLine>, PriceListError> {
    // line numbers in the errors count lines as a person sees them, whatever the line ends
    let text = decode(bytes).replace("\r\n", "\n");
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let sep = detect_separator(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut first = true;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                errors.push(LineError {
                    line,
                    problem: LineProblem::Columns(0),
                });
                continue;
            }
        };
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        // blank rows and rows of separators only («;;;», as Excel writes between groups)
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let was_first = std::mem::take(&mut first);
        if was_first && looks_like_header(&cells) {
            continue;
        }
        match price_line(line, cells) {
            Ok(row) => rows.push(row),
            Err(problem) => errors.push(LineError { line, problem }),
        }
    }
    if !errors.is_empty() {
        return Err(PriceListError::Lines(errors));
    }
    if rows.is_empty() {
        return Err(PriceListError::Empty);
    }
    Ok(rows)
}

/// One row's trimmed cells as a price line, or the first thing wrong with the row.
fn price_line(line: usize, mut cells: Vec<String>) -> Result<PriceLine, LineProblem> {
    // trailing empty cells are Excel's padding, not columns
    while cells.len() > 4 && cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    let [direction, item, min, max] =
        <[String; 4]>::try_from(cells).map_err(|cells| LineProblem::Columns(cells.len()))?;
    if direction.is_empty() {
        return Err(LineProblem::EmptyDirection);
    }
    if item.is_empty() {
        return Err(LineProblem::EmptyItem);
    }
    let min = Money::parse(&min).map_err(LineProblem::MinPrice)?;
    let max = Money::parse(&max).map_err(LineProblem::MaxPrice)?;
    if min > max {
        return Err(LineProblem::MinAboveMax);
    }
    Ok(PriceLine {
        line,
        direction,
        item,
        min,
        max,
    })
}

/// UTF-8 (with or without a BOM), or else the whole Windows-1251 code page, typographic quotes
/// and dashes included: what Russian Excel writes as «CSV».
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1251
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

fn detect_separator(text: &str) -> u8 {
    let first = text
        .lines()
        .find(|l| !l.trim().trim_matches([';', ',', '\t']).is_empty())
        .unwrap_or("");
    if first.contains(';') {
        b';'
    } else if first.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

fn looks_like_header(cells: &[String]) -> bool {
    cells.len() >= 3 && Money::parse(&cells[2]).is_err() && Money::parse(&cells[1]).is_err()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rub(r: i64) -> Money {
        Money::from_kopecks(r * 100)
    }

    #[test]
    fn excel_blank_rows_and_the_whole_1251_code_page_are_read() {
        // «;;;» between groups, typographic quotes and a dash in Windows-1251
        let mut bytes: Vec<u8> = Vec::new();
        let (text, _, _) = encoding_rs::WINDOWS_1251.encode(
            "Направление;Позиция;От;До\r\n;;;\r\nСайты;Лендинг “под ключ” — „быстро“;50 000;120 000\r\n;;;\r\n",
        );
        bytes.extend_from_slice(&text);
        let rows = parse_price_list(&bytes).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].item, "Лендинг “под ключ” — „быстро“");
        assert_eq!(rows[0].line, 3);
    }

    #[test]
    fn a_clean_file_with_a_header() {
        let csv = "Направление;Позиция;Мин. цена;Макс. цена\nСайты;Лендинг;50 000;120 000\nСайты;\"Магазин; большой\";300 тыс;1,2 млн\n";
        let rows = parse_price_list(csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].direction, "Сайты");
        assert_eq!(rows[0].min, rub(50_000));
        assert_eq!(rows[1].item, "Магазин; большой");
        assert_eq!(rows[1].max, rub(1_200_000));
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn bad_lines_are_reported_with_their_numbers() {
        let csv = "Сайты;Лендинг;50000;120000\nСайты;Лендинг\n;Пусто;1;2\nСайты;Дорого;200000;100000\nСайты;Х;abc;1\n";
        let err = parse_price_list(csv.as_bytes()).unwrap_err();
        assert_eq!(
            err,
            PriceListError::Lines(vec![
                LineError {
                    line: 2,
                    problem: LineProblem::Columns(2)
                },
                LineError {
                    line: 3,
                    problem: LineProblem::EmptyDirection
                },
                LineError {
                    line: 4,
                    problem: LineProblem::MinAboveMax
                },
                LineError {
                    line: 5,
                    problem: LineProblem::MinPrice(MoneyError::NotANumber)
                },
            ])
        );
    }

    #[test]
    fn windows_1251_and_bom_are_read() {
        // «Сайты;Лендинг;1000;2000» in Windows-1251
        let mut bytes = vec![0xD1, 0xE0, 0xE9, 0xF2, 0xFB];
        bytes.extend_from_slice(b";");
        bytes.extend_from_slice(&[0xCB, 0xE5, 0xED, 0xE4, 0xE8, 0xED, 0xE3]);
        bytes.extend_from_slice(b";1000;2000\r\n");
        let rows = parse_price_list(&bytes).unwrap();
        assert_eq!(rows[0].direction, "Сайты");
        assert_eq!(rows[0].item, "Лендинг");
        let bom = [
            &[0xEF, 0xBB, 0xBF][..],
            "Сайты;Лендинг;1000;2000".as_bytes(),
        ]
        .concat();
        assert_eq!(parse_price_list(&bom).unwrap()[0].direction, "Сайты");
    }

    #[test]
    fn an_empty_file_is_an_error() {
        assert_eq!(parse_price_list(b"\n\n"), Err(PriceListError::Empty));
        assert_eq!(
            parse_price_list("Направление;Позиция;Мин;Макс\n".as_bytes()),
            Err(PriceListError::Empty)
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let _ = parse_price_list(&bytes);
        }
    }
}
