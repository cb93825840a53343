//! The pictures a head looks at on a phone, drawn with the font shipped in `assets/fonts` (no
//! system fonts needed): the funnel of a period (conversion milestone to milestone, with names,
//! deals and money) and the trend (won money per week or month against the plan's pace).
//! 1080 px wide — a phone shows it at about a third — so no text is smaller than 28 px.

use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};

static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

pub const WIDTH: u32 = 1080;
/// The smallest text drawn, in pixels: about 9 pt on a phone.
pub const MIN_TEXT_PX: f32 = 28.0;
const TITLE_PX: f32 = 44.0;
const LABEL_PX: f32 = 34.0;
const MARGIN: f32 = 48.0;

const INK: [u8; 3] = [30, 41, 59];
const MUTED: [u8; 3] = [90, 104, 128];
const BAR: [u8; 3] = [37, 99, 235];
const PLAN: [u8; 3] = [234, 88, 12];
const ROW_BG: [u8; 3] = [246, 248, 251];

struct Canvas {
    w: u32,
    h: u32,
    px: Vec<u8>,
    font: FontRef<'static>,
}

impl Canvas {
    fn new(w: u32, h: u32) -> Self {
        Self {
            w,
            h,
            px: vec![255; (w * h * 3) as usize],
            font: FontRef::try_from_slice(FONT).expect("the shipped font is a valid TrueType font"),
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
        for yy in y.round() as i32..(y + h).round() as i32 {
            for xx in x.round() as i32..(x + w).round() as i32 {
                self.blend(xx, yy, rgb, 1.0);
            }
        }
    }

    /// A dashed horizontal line.
    fn dashes(&mut self, x0: f32, x1: f32, y: f32, rgb: [u8; 3]) {
        let mut x = x0;
        while x < x1 {
            self.rect(x, y - 2.0, 18.0f32.min(x1 - x), 4.0, rgb);
            x += 30.0;
        }
    }

    fn measure(&self, size: f32, s: &str) -> f32 {
        let scaled = self.font.as_scaled(PxScale::from(size));
        s.chars()
            .map(|c| scaled.h_advance(scaled.glyph_id(c)))
            .sum()
    }

    /// Text with its top-left corner at (x, y), cut with «…» to fit `max_w`; returns the width.
    fn text(&mut self, size: f32, x: f32, y: f32, s: &str, rgb: [u8; 3], max_w: f32) -> f32 {
        debug_assert!(size >= MIN_TEXT_PX, "text below the phone-readable size");
        let mut s = s.to_owned();
        if self.measure(size, &s) > max_w {
            while !s.is_empty() && self.measure(size, &format!("{s}…")) > max_w {
                s.pop();
            }
            s.push('…');
        }
        let scale = PxScale::from(size);
        let font = self.font.clone();
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

    /// The header every picture has: its title and what it covers (period · scope).
    fn header(&mut self, title: &str, subtitle: &str) -> f32 {
        let w = self.w as f32 - 2.0 * MARGIN;
        self.text(TITLE_PX, MARGIN, 36.0, title, INK, w);
        self.text(MIN_TEXT_PX + 2.0, MARGIN, 100.0, subtitle, MUTED, w);
        160.0
    }

    /// The PNG, with the title and what it covers as text chunks a reader (or a test) can see.
    fn png(self, title: &str, subtitle: &str) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, self.w, self.h);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            // iTXt: UTF-8, so the Russian period label survives
            let _ = enc.add_itxt_chunk("Title".into(), title.into());
            let _ = enc.add_itxt_chunk("Description".into(), subtitle.into());
            let mut w = enc.write_header().expect("writing to memory");
            w.write_image_data(&self.px).expect("writing to memory");
        }
        out
    }
}

/// One milestone of the funnel: its name, deals that reached it, their money, and the share of
/// the milestone before that reached it.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelRow {
    pub name: String,
    pub deals: i64,
    pub money: String,
    pub pct: Option<i64>,
}

/// The funnel of a period: a centred bar per milestone, its width the deals that reached it,
/// the conversion from the one before on it, the name and money beside it; `footer` lines
/// (won and lost) under it.
pub fn funnel_png(title: &str, subtitle: &str, rows: &[FunnelRow], footer: &[String]) -> Vec<u8> {
    const ROW: f32 = 118.0;
    let top = 160.0;
    let h = top + ROW * rows.len() as f32 + 24.0 + 52.0 * footer.len() as f32 + 40.0;
    let mut c = Canvas::new(WIDTH, h as u32);
    c.header(title, subtitle);
    let label_w = 380.0;
    let bar_x0 = MARGIN + label_w + 20.0;
    let bar_max = WIDTH as f32 - MARGIN - bar_x0;
    let centre = bar_x0 + bar_max / 2.0;
    let max = rows.iter().map(|r| r.deals).max().unwrap_or(0).max(1) as f32;
    for (i, r) in rows.iter().enumerate() {
        let y = top + ROW * i as f32;
        if i % 2 == 0 {
            c.rect(0.0, y, WIDTH as f32, ROW, ROW_BG);
        }
        c.text(LABEL_PX, MARGIN, y + 14.0, &r.name, INK, label_w);
        let sub = format!("{} · {}", r.deals, r.money);
        c.text(MIN_TEXT_PX, MARGIN, y + 64.0, &sub, MUTED, label_w);
        let w = if r.deals > 0 {
            (bar_max * r.deals as f32 / max).max(8.0)
        } else {
            0.0
        };
        let (bx, by, bh) = (centre - w / 2.0, y + 20.0, ROW - 40.0);
        c.rect(bx, by, w, bh, BAR);
        let pct = match r.pct {
            Some(p) => format!("{p}%"),
            None => r.deals.to_string(),
        };
        let tw = c.measure(LABEL_PX, &pct);
        if tw + 24.0 < w {
            c.text(
                LABEL_PX,
                centre - tw / 2.0,
                by + (bh - LABEL_PX) / 2.0 - 4.0,
                &pct,
                [255, 255, 255],
                w,
            );
        } else {
            c.text(
                LABEL_PX,
                bx + w + 12.0,
                by + (bh - LABEL_PX) / 2.0 - 4.0,
                &pct,
                INK,
                200.0,
            );
        }
    }
    let mut y = top + ROW * rows.len() as f32 + 24.0;
    for line in footer {
        c.text(LABEL_PX, MARGIN, y, line, INK, WIDTH as f32 - 2.0 * MARGIN);
        y += 52.0;
    }
    c.png(title, subtitle)
}

/// One bar of the trend: its label (the week's first day, the month) and the money won.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendBar {
    pub label: String,
    pub kopecks: i64,
}

/// Won money per week (or month) of a period as bars, with the plan's pace per bar as a dashed
/// line when there is a plan. `money` formats the axis labels.
pub fn trend_png(
    title: &str,
    subtitle: &str,
    bars: &[TrendBar],
    plan_per_bar: Option<&[i64]>,
    short_money: &dyn Fn(i64) -> String,
    legend: &[String],
) -> Vec<u8> {
    let h: u32 = 1000;
    let mut c = Canvas::new(WIDTH, h);
    let top = c.header(title, subtitle) + 30.0;
    let plot = TrendPlot::new(&c, top, h, legend.len(), bars, plan_per_bar);
    c.rect(plot.left, plot.base, plot.right - plot.left, 3.0, MUTED);
    // labels every bar while they fit, else every other or third
    let label_w = c.measure(MIN_TEXT_PX, "00.00") + 16.0;
    let every = ((label_w / plot.slot).ceil() as usize).max(1);
    for (i, b) in bars.iter().enumerate() {
        plot.bar(&mut c, i, b, short_money);
        if i % every == 0 {
            plot.bar_label(&mut c, i, &b.label, every);
        }
    }
    if let Some(plan) = plan_per_bar {
        plot.pace(&mut c, plan);
    }
    plot.legend(&mut c, legend);
    c.png(title, subtitle)
}

/// Where the trend's bars stand: the plot's edges, its baseline, the height of the largest
/// value (a bar or the plan's pace) and each bar's slot.
struct TrendPlot {
    top: f32,
    base: f32,
    left: f32,
    right: f32,
    plot_h: f32,
    max: f32,
    slot: f32,
    bar_w: f32,
}

impl TrendPlot {
    fn new(
        c: &Canvas,
        top: f32,
        h: u32,
        legend_lines: usize,
        bars: &[TrendBar],
        plan_per_bar: Option<&[i64]>,
    ) -> Self {
        let bottom = h as f32 - 110.0 - 46.0 * legend_lines as f32;
        let left = MARGIN;
        let right = c.w as f32 - MARGIN;
        let plan = plan_per_bar
            .and_then(|p| p.iter().max().copied())
            .unwrap_or(0);
        let max = bars
            .iter()
            .map(|b| b.kopecks)
            .max()
            .unwrap_or(0)
            .max(plan)
            .max(1) as f32;
        let slot = (right - left) / bars.len().max(1) as f32;
        Self {
            top,
            base: bottom,
            left,
            right,
            // room above the highest bar for its money
            plot_h: bottom - top - MIN_TEXT_PX - 40.0,
            max,
            slot,
            bar_w: (slot * 0.7).max(4.0),
        }
    }

    /// The left edge of the i-th bar.
    fn bar_x(&self, i: usize) -> f32 {
        self.left + self.slot * i as f32 + (self.slot - self.bar_w) / 2.0
    }

    /// The i-th bar, with its money above it where that fits in its slot.
    fn bar(&self, c: &mut Canvas, i: usize, b: &TrendBar, short_money: &dyn Fn(i64) -> String) {
        let x = self.bar_x(i);
        let bh = self.plot_h * b.kopecks as f32 / self.max;
        c.rect(x, self.base - bh, self.bar_w, bh, BAR);
        if b.kopecks <= 0 {
            return;
        }
        let value = short_money(b.kopecks);
        let tw = c.measure(MIN_TEXT_PX, &value);
        if tw <= self.slot - 8.0 {
            let ty = (self.base - bh - MIN_TEXT_PX - 24.0).max(self.top + MIN_TEXT_PX + 16.0);
            let tx = x + self.bar_w / 2.0 - tw / 2.0;
            c.text(MIN_TEXT_PX, tx, ty, &value, INK, self.slot);
        }
    }

    /// The i-th bar's label under the baseline, given the room of `every` slots.
    fn bar_label(&self, c: &mut Canvas, i: usize, label: &str, every: usize) {
        let tw = c.measure(MIN_TEXT_PX, label);
        let tx = self.bar_x(i) + self.bar_w / 2.0 - tw / 2.0;
        let room = self.slot * every as f32;
        c.text(MIN_TEXT_PX, tx, self.base + 14.0, label, INK, room);
    }

    /// The plan's pace: a dashed step over each bar at that week's (month's) share of the plan.
    fn pace(&self, c: &mut Canvas, plan: &[i64]) {
        for (i, k) in plan.iter().enumerate().filter(|(_, k)| **k > 0) {
            let y = self.base - self.plot_h * *k as f32 / self.max;
            let x = self.left + self.slot * i as f32;
            c.dashes(x + 4.0, x + self.slot - 4.0, y, PLAN);
        }
    }

    /// The lines under the plot; the second names the dashes, in their colour.
    fn legend(&self, c: &mut Canvas, legend: &[String]) {
        let mut y = self.base + 70.0;
        for (i, line) in legend.iter().enumerate() {
            let rgb = if i == 1 { PLAN } else { INK };
            c.text(
                MIN_TEXT_PX + 2.0,
                self.left,
                y,
                line,
                rgb,
                self.right - self.left,
            );
            y += 46.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>, Vec<(String, String)>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        let texts = reader
            .info()
            .utf8_text
            .iter()
            .map(|t| (t.keyword.clone(), t.get_text().unwrap_or_default()))
            .collect();
        (info.width, info.height, buf, texts)
    }

    #[test]
    fn the_funnel_is_phone_width_and_names_its_period() {
        let rows: Vec<FunnelRow> = [
            "Контакт",
            "Встреча",
            "КП",
            "Условия",
            "Подписание",
            "Оплата",
            "Работы",
        ]
        .iter()
        .enumerate()
        .map(|(i, n)| FunnelRow {
            name: n.to_string(),
            deals: 70 - 10 * i as i64,
            money: format!("{} ₽", 1_000_000 - 100_000 * i as i64),
            pct: (i > 0).then_some(80),
        })
        .collect();
        let bytes = funnel_png(
            "Воронка",
            "Месяц (01.11.2026–26.11.2026) · Все",
            &rows,
            &["🏆 Выиграно: 5".into()],
        );
        let (w, h, buf, texts) = decode(&bytes);
        assert_eq!(w, WIDTH);
        assert!(h > 900 && h < 1500, "{h}");
        assert!(texts
            .iter()
            .any(|(k, t)| k == "Description" && t.contains("01.11.2026–26.11.2026")));
        let blue = buf.chunks(3).filter(|p| p == &BAR).count();
        assert!(blue > 50_000, "bars are drawn: {blue}");
        let dark = buf
            .chunks(3)
            .filter(|p| p[0] < 80 && p[1] < 90 && p[2] < 100)
            .count();
        assert!(dark > 5_000, "text is drawn: {dark}");
        assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
    }

    #[test]
    fn the_trend_draws_bars_and_the_plans_pace() {
        let bars: Vec<TrendBar> = (0..5)
            .map(|i| TrendBar {
                label: format!("{:02}.11", 1 + 7 * i),
                kopecks: 10_000_000 * (i + 1),
            })
            .collect();
        let money = |k: i64| format!("{} ₽", k / 100);
        let bytes = trend_png(
            "Выиграно по неделям",
            "Месяц (01.11.2026–26.11.2026) · Все",
            &bars,
            Some(&[30_000_000; 5]),
            &money,
            &[
                "Выиграно 1 500 000 ₽ из 3 000 000 ₽".into(),
                "- - - план".into(),
            ],
        );
        let (w, _, buf, texts) = decode(&bytes);
        assert_eq!(w, WIDTH);
        assert!(texts
            .iter()
            .any(|(_, t)| t.contains("Месяц (01.11.2026–26.11.2026)")));
        assert!(buf.chunks(3).filter(|p| p == &BAR).count() > 20_000);
        assert!(
            buf.chunks(3).filter(|p| p == &PLAN).count() > 1_000,
            "the plan's line"
        );
        // without a plan, no line
        let bytes = trend_png("t", "s", &bars, None, &money, &[]);
        let (_, _, buf, _) = decode(&bytes);
        assert_eq!(buf.chunks(3).filter(|p| p == &PLAN).count(), 0);
    }
}
