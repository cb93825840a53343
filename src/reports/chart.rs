//! The funnel as a PNG: one bar per stage with Russian labels, drawn with the font shipped in
//! `assets/fonts` (no system fonts needed).

use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};

static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

const WIDTH: u32 = 900;
const ROW: u32 = 34;
const TOP: u32 = 76;
const LABEL_W: f32 = 300.0;
const BAR_MAX: f32 = 380.0;

struct Canvas {
    w: u32,
    h: u32,
    px: Vec<u8>,
}

impl Canvas {
    fn new(w: u32, h: u32) -> Self {
        Self {
            w,
            h,
            px: vec![255; (w * h * 3) as usize],
        }
    }

    fn blend(&mut self, x: i32, y: i32, rgb: [u8; 3], alpha: f32) {
        if x < 0 || y < 0 || x as u32 >= self.w || y as u32 >= self.h {
            return;
        }
        let i = ((y as u32 * self.w + x as u32) * 3) as usize;
        for (px, target) in self.px[i..i + 3].iter_mut().zip(rgb) {
            let old = f32::from(*px);
            *px = (old + (f32::from(target) - old) * alpha.clamp(0.0, 1.0)) as u8;
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, rgb: [u8; 3]) {
        for yy in y as i32..(y + h) as i32 {
            for xx in x as i32..(x + w) as i32 {
                self.blend(xx, yy, rgb, 1.0);
            }
        }
    }

    /// Draws text with its top-left corner at (x, y); returns the width drawn.
    fn text(
        &mut self,
        font: &FontRef<'_>,
        size: f32,
        x: f32,
        y: f32,
        s: &str,
        rgb: [u8; 3],
    ) -> f32 {
        let scale = PxScale::from(size);
        let scaled = font.as_scaled(scale);
        let mut caret = point(x, y + scaled.ascent());
        for c in s.chars() {
            let id = scaled.glyph_id(c);
            let glyph = id.with_scale_and_position(scale, caret);
            caret.x += scaled.h_advance(id);
            if let Some(og) = font.outline_glyph(glyph) {
                let b = og.px_bounds();
                og.draw(|gx, gy, cov| {
                    self.blend(
                        b.min.x as i32 + gx as i32,
                        b.min.y as i32 + gy as i32,
                        rgb,
                        cov,
                    )
                });
            }
        }
        caret.x - x
    }
}

/// A bar chart of the funnel: rows of (label, number, caption after the bar).
pub fn funnel_png(title: &str, subtitle: &str, rows: &[(String, i64, String)]) -> Vec<u8> {
    let font = FontRef::try_from_slice(FONT).expect("the shipped font is a valid TrueType font");
    let h = TOP + ROW * rows.len() as u32 + 24;
    let mut c = Canvas::new(WIDTH, h);
    c.text(&font, 26.0, 24.0, 14.0, title, [30, 41, 59]);
    c.text(&font, 15.0, 24.0, 48.0, subtitle, [100, 116, 139]);
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f32;
    for (i, (label, n, caption)) in rows.iter().enumerate() {
        let y = (TOP + ROW * i as u32) as f32;
        if i % 2 == 0 {
            c.rect(0.0, y - 4.0, WIDTH as f32, ROW as f32, [248, 250, 252]);
        }
        c.text(&font, 16.0, 24.0, y + 3.0, label, [30, 41, 59]);
        let w = if *n > 0 {
            (BAR_MAX * *n as f32 / max).max(3.0)
        } else {
            0.0
        };
        c.rect(LABEL_W, y, w, (ROW - 10) as f32, [59, 130, 246]);
        c.text(
            &font,
            15.0,
            LABEL_W + w + 8.0,
            y + 3.0,
            caption,
            [51, 65, 85],
        );
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, c.w, c.h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().expect("writing to memory");
        w.write_image_data(&c.px).expect("writing to memory");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_funnel_is_a_valid_png_of_sane_size_with_bars_drawn() {
        let rows: Vec<(String, i64, String)> = (0..17)
            .map(|i| {
                (
                    format!("{i}. Этап «Встреча»"),
                    40 - i,
                    format!("{} сделок", 40 - i),
                )
            })
            .collect();
        let bytes = funnel_png("Воронка продаж", "за месяц · все направления", &rows);
        assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (900, 76 + 34 * 17 + 24));
        let blue = buf.chunks(3).filter(|p| p == &[59, 130, 246]).count();
        assert!(blue > 10_000, "bars are drawn: {blue} blue pixels");
        let dark = buf
            .chunks(3)
            .filter(|p| p[0] < 80 && p[1] < 90 && p[2] < 100)
            .count();
        assert!(dark > 500, "text is drawn: {dark} dark pixels");
    }
}
