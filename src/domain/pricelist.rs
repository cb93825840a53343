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
    let text = decode(bytes);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let sep = detect_separator(&text);
    for (idx, raw) in text.lines().enumerate() {
        let line = idx + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let cells = split_line(raw, sep);
        if idx == 0 && looks_like_header(&cells) {
            continue;
        }
        if cells.len() != 4 {
            errors.push(LineError {
                line,
                problem: LineProblem::Columns(cells.len()),
            });
            continue;
        }
        let problem = |p| LineError { line, problem: p };
        let direction = cells[0].trim().to_owned();
        let item = cells[1].trim().to_owned();
        if direction.is_empty() {
            errors.push(problem(LineProblem::EmptyDirection));
            continue;
        }
        if item.is_empty() {
            errors.push(problem(LineProblem::EmptyItem));
            continue;
        }
        let min = match Money::parse(&cells[2]) {
            Ok(m) => m,
            Err(e) => {
                errors.push(problem(LineProblem::MinPrice(e)));
                continue;
            }
        };
        let max = match Money::parse(&cells[3]) {
            Ok(m) => m,
            Err(e) => {
                errors.push(problem(LineProblem::MaxPrice(e)));
                continue;
            }
        };
        if min > max {
            errors.push(problem(LineProblem::MinAboveMax));
            continue;
        }
        rows.push(PriceLine {
            line,
            direction,
            item,
            min,
            max,
        });
    }
    if !errors.is_empty() {
        return Err(PriceListError::Lines(errors));
    }
    if rows.is_empty() {
        return Err(PriceListError::Empty);
    }
    Ok(rows)
}

fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|&b| cp1251(b)).collect(),
    }
}

/// Windows-1251 to Unicode for the letters and signs a price list holds.
fn cp1251(b: u8) -> char {
    match b {
        0x00..=0x7F => b as char,
        0xC0..=0xFF => char::from_u32(0x0410 + u32::from(b - 0xC0)).unwrap_or('\u{FFFD}'),
        0xA8 => 'Ё',
        0xB8 => 'ё',
        0xA0 => '\u{a0}',
        0xAB => '«',
        0xBB => '»',
        0xB9 => '№',
        0x96 => '–',
        0x97 => '—',
        _ => '\u{FFFD}',
    }
}

fn detect_separator(text: &str) -> char {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.contains(';') {
        ';'
    } else if first.contains('\t') {
        '\t'
    } else {
        ','
    }
}

/// Splits one CSV line, honouring double quotes (`""` inside quotes is a quote).
fn split_line(line: &str, sep: char) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => cells.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    cells.push(cur);
    cells
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
