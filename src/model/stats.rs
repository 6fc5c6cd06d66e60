//! The statistics pages' plain logic: how a figure reads, the geometry of the bar charts,
//! the period a citizen asks for and the CSV that staff export. Numbers are written with
//! integer arithmetic only: `core`'s float formatting would add about 10 KB to the module
//! (see `number.rs`).

use banshi_contract::stats::{Day, Period, PeriodProblem, Ratio};
use banshi_contract::{Locale, StatsGroup};

/// A share as it reads on the page: one decimal, `99.6%`; `None` with nothing to take it of.
pub fn percent(ratio: Ratio) -> Option<String> {
    share_tenths(ratio).map(|tenths| format!("{}%", tenths_text(tenths)))
}

/// A share in tenths of a per cent, rounded half up.
fn share_tenths(ratio: Ratio) -> Option<u64> {
    (ratio.of > 0).then(|| (ratio.count * 2000 + ratio.of) / (2 * ratio.of))
}

/// A non-negative number with at most one decimal and no trailing `.0`: `4`, `3.5`.
pub fn one_decimal(value: f64) -> String {
    tenths_text((value.max(0.0) * 10.0 + 0.5) as u64)
}

fn tenths_text(tenths: u64) -> String {
    match tenths % 10 {
        0 => (tenths / 10).to_string(),
        decimal => format!("{}.{decimal}", tenths / 10),
    }
}

/// The short label of month `YYYY-MM` under a bar, `10月` or `Oct`, and the year to show
/// under it for the first bar and each January (`2026年`, `2026`).
pub fn month_label(month: &str, first: bool, locale: Locale) -> (String, Option<String>) {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let Some((year, number)) = month.split_once('-').and_then(|(y, m)| {
        let number = m.parse::<usize>().ok().filter(|m| (1..=12).contains(m))?;
        Some((y, number))
    }) else {
        return (month.to_owned(), None);
    };
    let year = (first || number == 1).then(|| match locale {
        Locale::En => year.to_owned(),
        _ => format!("{year}年"),
    });
    let short = match locale {
        Locale::En => EN[number - 1].to_owned(),
        _ => format!("{number}月"),
    };
    (short, year)
}

/// A value axis from 0 to `max`, a round number at or above the largest value, with its
/// gridlines at `ticks`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    /// The top of the axis.
    pub max: u64,
    /// Values of the gridlines, from 0 up to `max`.
    pub ticks: Vec<u64>,
}

/// The axis for values up to `largest`: steps of 1, 2 or 5 times a power of ten, at most
/// five steps.
pub fn axis(largest: u64) -> Axis {
    let largest = largest.max(1);
    let mut power = 1u64;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * power;
            let steps = largest.div_ceil(step);
            if steps <= 5 {
                return Axis {
                    max: steps * step,
                    ticks: (0..=steps).map(|i| i * step).collect(),
                };
            }
        }
        power = power.saturating_mul(10);
    }
}

/// A rectangle in whole SVG user units: where a chart draws, or one bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub x: u64,
    /// Top edge.
    pub y: u64,
    /// Width.
    pub width: u64,
    /// Height.
    pub height: u64,
}

/// `part` of `whole` scaled to `length`, rounded.
fn scaled(part: u64, whole: u64, length: u64) -> u64 {
    let whole = whole.max(1);
    (part.min(whole) * length * 2 + whole) / (2 * whole)
}

/// Vertical bars for `values` side by side across `plot`, on `axis`, a fifth of each slot
/// left as a gap.
pub fn columns(values: &[u64], plot: Rect, axis: &Axis) -> Vec<Rect> {
    let slot = plot.width / values.len().max(1) as u64;
    values
        .iter()
        .enumerate()
        .map(|(i, &value)| {
            let height = scaled(value, axis.max, plot.height);
            Rect {
                x: plot.x + slot * i as u64 + slot / 10,
                y: plot.y + plot.height - height,
                width: (slot * 8 / 10).max(1),
                height,
            }
        })
        .collect()
}

/// Horizontal bars for `values`, one per row of `row_height` from the top of `plot`.
pub fn rows(values: &[u64], plot: Rect, row_height: u64, axis: &Axis) -> Vec<Rect> {
    values
        .iter()
        .enumerate()
        .map(|(i, &value)| Rect {
            x: plot.x,
            y: plot.y + row_height * i as u64 + row_height * 15 / 100,
            width: scaled(value, axis.max, plot.width),
            height: row_height * 7 / 10,
        })
        .collect()
}

/// Width of every chart's drawing, in SVG user units (it scales to the page).
pub const CHART_WIDTH: u64 = 640;

/// The markup inside a column chart's `<svg>` and the drawing's height: gridlines with
/// their values, a bar per value and the label under each (every other one past twelve
/// bars), with its second line (the year) where it has one.
pub fn column_chart(labels: &[(String, Option<String>)], values: &[u64]) -> (u64, String) {
    let axis = axis(values.iter().copied().max().unwrap_or(0));
    let plot = Rect {
        x: 56,
        y: 12,
        width: CHART_WIDTH - 56 - 8,
        height: 200,
    };
    let baseline = plot.y + plot.height;
    let (left, right) = (plot.x, plot.x + plot.width);
    let mut svg = String::new();
    for &tick in &axis.ticks {
        let y = baseline - scaled(tick, axis.max, plot.height);
        svg.push_str(&format!(
            r#"<line class="app-chart__grid" x1="{left}" x2="{right}" y1="{y}" y2="{y}"/><text class="app-chart__axis" x="{}" y="{}" text-anchor="end">{tick}</text>"#,
            left - 8,
            y + 4,
        ));
    }
    let every = if values.len() > 12 { 2 } else { 1 };
    for (i, bar) in columns(values, plot, &axis).iter().enumerate() {
        svg.push_str(&format!(
            r#"<rect class="app-chart__bar" x="{}" y="{}" width="{}" height="{}"/>"#,
            bar.x, bar.y, bar.width, bar.height
        ));
        let centre = bar.x + bar.width / 2;
        let (short, year) = labels.get(i).cloned().unwrap_or_default();
        if i % every == 0 {
            svg.push_str(&format!(
                r#"<text class="app-chart__axis" x="{centre}" y="{}" text-anchor="middle">{}</text>"#,
                baseline + 18,
                escape(&short)
            ));
        }
        if let Some(year) = year {
            svg.push_str(&format!(
                r#"<text class="app-chart__axis" x="{centre}" y="{}" text-anchor="middle">{}</text>"#,
                baseline + 36,
                escape(&year)
            ));
        }
    }
    svg.push_str(&format!(
        r#"<line class="app-chart__baseline" x1="{left}" x2="{right}" y1="{baseline}" y2="{baseline}"/>"#
    ));
    (baseline + 44, svg)
}

/// The markup inside a row chart's `<svg>` and the drawing's height: per value a row with
/// its label, its bar and the value at the bar's end.
pub fn row_chart(labels: &[String], values: &[u64]) -> (u64, String) {
    const ROW: u64 = 30;
    let axis = axis(values.iter().copied().max().unwrap_or(0));
    let plot = Rect {
        x: 190,
        y: 4,
        width: CHART_WIDTH - 190 - 64,
        height: ROW * values.len() as u64,
    };
    let mut svg = String::new();
    for (i, bar) in rows(values, plot, ROW, &axis).iter().enumerate() {
        let middle = bar.y + bar.height / 2 + 5;
        svg.push_str(&format!(
            r#"<text class="app-chart__axis" x="{}" y="{middle}" text-anchor="end">{}</text><rect class="app-chart__bar" x="{}" y="{}" width="{}" height="{}"/><text class="app-chart__axis" x="{}" y="{middle}">{}</text>"#,
            plot.x - 8,
            escape(labels.get(i).map_or("", String::as_str)),
            bar.x,
            bar.y,
            bar.width,
            bar.height,
            bar.x + bar.width + 6,
            values[i],
        ));
    }
    (plot.y + plot.height + 4, svg)
}

/// `text` safe inside SVG markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Why the period typed cannot be asked for: the id of the input at fault and what is
/// wrong. Only what can be checked without knowing today's date; the backend checks the
/// rest.
pub fn period_problem(from: &str, to: &str) -> Option<(&'static str, PeriodProblem)> {
    let (from, to) = (from.trim(), to.trim());
    for (text, name, id) in [(from, "from", "stats-from"), (to, "to", "stats-to")] {
        if !text.is_empty() && Day::parse(text).is_none() {
            return Some((id, PeriodProblem::NotADate(name)));
        }
    }
    if from.is_empty() || to.is_empty() {
        return None;
    }
    let any_day = Day {
        year: 2000,
        month: 1,
        day: 1,
    };
    match Period::parse(Some(from), Some(to), any_day) {
        Ok(_) => None,
        Err(problem @ PeriodProblem::EndsBeforeStart) => Some(("stats-to", problem)),
        Err(problem) => Some(("stats-from", problem)),
    }
}

/// The input id a backend's field error on query parameter `field` belongs to.
pub fn period_input(field: &str) -> &'static str {
    if field == "to" {
        "stats-to"
    } else {
        "stats-from"
    }
}

/// One CSV line per group: its name (or `unnamed`) and code, then its figures as in
/// `headers` of [`group_csv`].
fn group_line(group: &StatsGroup, unnamed: &str) -> Vec<String> {
    let figures = &group.figures;
    let share = |ratio: Ratio| {
        share_tenths(ratio)
            .map(|t| format!("{}.{}", t / 10, t % 10))
            .unwrap_or_default()
    };
    let name = if group.name.is_empty() && group.code.is_empty() {
        unnamed.to_owned()
    } else {
        group.name.clone()
    };
    vec![
        name,
        group.code.clone(),
        figures.filed.to_string(),
        figures.finished.to_string(),
        share(figures.on_time),
        figures
            .median_working_days
            .map(one_decimal)
            .unwrap_or_default(),
        figures.satisfied.of.to_string(),
        share(figures.satisfied),
        share(figures.good),
        share(figures.rated),
        figures.reworked_on_time.of.to_string(),
        share(figures.reworked_on_time),
        figures.rework_pending.to_string(),
        figures.ruled_out.to_string(),
    ]
}

/// The columns of [`group_csv`], for its header line (14 of them, in this order): name,
/// code, filed, finished, on time %, median working days, ratings, satisfied %, good %,
/// rated %, bad ratings due, reworked on time %, rework pending, ruled out.
pub const CSV_COLUMNS: usize = 14;

/// A CSV file (RFC 4180, CRLF, with a byte-order mark so spreadsheets read it as UTF-8) of
/// `groups` under `headers`; text that a spreadsheet would run as a formula is quoted
/// with a leading apostrophe.
pub fn group_csv(headers: &[&str], groups: &[StatsGroup], unnamed: &str) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: Vec<String>| {
        let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(headers.iter().map(|h| (*h).to_owned()).collect());
    for group in groups {
        line(group_line(group, unnamed));
    }
    out
}

fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A `data:` URL of `csv`, for a download link.
pub fn csv_href(csv: &str) -> String {
    format!(
        "data:text/csv;charset=utf-8,{}",
        crate::model::route::percent_encode(csv)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use banshi_contract::Figures;

    #[test]
    fn shares_read_with_one_decimal_and_none_without_a_base() {
        assert_eq!(
            percent(Ratio {
                count: 709,
                of: 745
            })
            .as_deref(),
            Some("95.2%")
        );
        assert_eq!(percent(Ratio { count: 3, of: 3 }).as_deref(), Some("100%"));
        assert_eq!(percent(Ratio { count: 0, of: 0 }), None);
        assert_eq!(one_decimal(3.5), "3.5");
        assert_eq!(one_decimal(4.0), "4");
        assert_eq!(one_decimal(99.96), "100");
        assert_eq!(percent(Ratio { count: 1, of: 8 }).as_deref(), Some("12.5%"));
        assert_eq!(percent(Ratio { count: 2, of: 3 }).as_deref(), Some("66.7%"));
    }

    #[test]
    fn month_labels_are_short_with_the_year_where_it_changes() {
        let label = |month, first, locale| month_label(month, first, locale);
        assert_eq!(
            label("2026-10", false, Locale::ZhHans),
            ("10月".into(), None)
        );
        assert_eq!(
            label("2026-10", true, Locale::ZhHant),
            ("10月".into(), Some("2026年".into()))
        );
        assert_eq!(
            label("2027-01", false, Locale::En),
            ("Jan".into(), Some("2027".into()))
        );
        assert_eq!(label("2026-12", false, Locale::En), ("Dec".into(), None));
        assert_eq!(
            label("nonsense", false, Locale::En),
            ("nonsense".into(), None)
        );
    }

    #[test]
    fn axes_end_on_a_round_number_at_or_above_the_largest_value() {
        assert_eq!(
            axis(0),
            Axis {
                max: 1,
                ticks: vec![0, 1]
            }
        );
        assert_eq!(axis(4).max, 4);
        assert_eq!(
            axis(7),
            Axis {
                max: 8,
                ticks: vec![0, 2, 4, 6, 8]
            }
        );
        assert_eq!(axis(401).max, 500);
        assert_eq!(axis(401).ticks, [0, 100, 200, 300, 400, 500]);
        assert_eq!(axis(1_234_567).max, 1_500_000);
        for largest in [1, 9, 11, 99, 250, 999, 1001, 30_000] {
            let axis = axis(largest);
            assert!(
                axis.max >= largest && axis.ticks.len() <= 6,
                "{largest}: {axis:?}"
            );
        }
    }

    #[test]
    fn bars_are_as_tall_as_their_share_of_the_axis_and_stay_in_the_plot() {
        let plot = Rect {
            x: 40,
            y: 10,
            width: 300,
            height: 200,
        };
        let axis = axis(400);
        let bars = columns(&[400, 100, 0], plot, &axis);
        assert_eq!(bars.len(), 3);
        assert_eq!(bars[0].height, 200, "the top of the axis");
        assert_eq!(bars[1].height, 50);
        assert_eq!(bars[2].height, 0);
        for bar in &bars {
            assert!(bar.x >= plot.x && bar.x + bar.width <= plot.x + plot.width);
            assert_eq!(bar.y + bar.height, plot.y + plot.height, "on the baseline");
        }
        let across = rows(&[50, 100], plot, 30, &super::axis(100));
        assert_eq!((across[0].width, across[1].width), (150, 300));
        assert!(across[1].y > across[0].y + across[0].height);
    }

    #[test]
    fn a_period_typed_wrong_points_at_the_input_at_fault() {
        assert_eq!(period_problem("", ""), None);
        assert_eq!(period_problem("2026-01-01", ""), None);
        assert_eq!(
            period_problem("2026-13-01", ""),
            Some(("stats-from", PeriodProblem::NotADate("from")))
        );
        assert_eq!(
            period_problem("2026-05-01", "yesterday"),
            Some(("stats-to", PeriodProblem::NotADate("to")))
        );
        assert_eq!(
            period_problem("2026-05-01", "2026-04-30"),
            Some(("stats-to", PeriodProblem::EndsBeforeStart))
        );
        assert_eq!(
            period_problem("2020-01-01", "2026-01-01"),
            Some(("stats-from", PeriodProblem::TooLong))
        );
        assert_eq!(period_input("to"), "stats-to");
        assert_eq!(period_input("from"), "stats-from");
    }

    #[test]
    fn the_csv_has_one_line_per_group_quotes_what_needs_it_and_defuses_formulas() {
        let group = |code: &str, name: &str, finished: u64| StatsGroup {
            code: code.into(),
            name: name.into(),
            figures: Figures {
                filed: 12,
                finished,
                on_time: Ratio { count: 9, of: 10 },
                median_working_days: Some(3.5),
                ..Figures::default()
            },
        };
        let headers = ["name"; CSV_COLUMNS];
        let csv = group_csv(
            &headers,
            &[
                group("officer.li", "李明", 10),
                group("x", "=HYPERLINK(\"evil\")", 1),
                group("", "", 2),
            ],
            "(none)",
        );
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            lines.len(),
            5,
            "header, three groups and the final line end: {lines:?}"
        );
        assert_eq!(lines[1], "李明,officer.li,12,10,90.0,3.5,0,,,,0,,0,0");
        assert_eq!(
            lines[2].split(',').next(),
            Some("\"'=HYPERLINK(\"\"evil\"\")\"")
        );
        assert!(lines[3].starts_with("(none),,"));
        assert_eq!(lines[1].split(',').count(), CSV_COLUMNS);
        assert!(csv_href("a,b\r\n").starts_with("data:text/csv;charset=utf-8,a%2Cb%0D%0A"));
    }

    #[test]
    fn charts_draw_a_bar_per_value_with_escaped_labels() {
        let labels = vec![
            ("10月".to_owned(), Some("2026年".to_owned())),
            ("11月".to_owned(), None),
            ("<b>".to_owned(), None),
        ];
        let (height, svg) = column_chart(&labels, &[352, 401, 59]);
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains(">2026年</text>") && svg.contains(">10月</text>"));
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains(">500</text>"), "the axis ends at 500: {svg}");
        assert_eq!(height, 256);
        let many: Vec<(String, Option<String>)> =
            (1..=24).map(|m| (format!("m{m}"), None)).collect();
        let (_, svg) = column_chart(&many, &[1; 24]);
        assert_eq!(svg.matches("<rect").count(), 24);
        assert!(
            svg.contains(">m1<") && !svg.contains(">m2<"),
            "every other label past twelve"
        );
        let (height, svg) = row_chart(&["社会保障".into(), "A & B".into()], &[301, 511]);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(">A &amp; B</text>") && svg.contains(">511</text>"));
        assert_eq!(height, 68);
    }
}
