//! Bar charts drawn on the server as SVG, each shown with a table of its figures. Hand-made: the
//! charts are labelled bars and nothing else, and a dozen lines of SVG give what a plotting crate's
//! SVG backend does not (plotters writes text placed for one font, no title or role for screen
//! readers, and many dependencies); the labels go through the template's escaping like any text.

/// Room for the labels, the longest bar, and one row.
const LABEL_WIDTH: i64 = 200;
const BAR_SPACE: i64 = 380;
const ROW: i64 = 28;

pub struct Bar {
    pub label: String,
    pub value: i64,
    pub y: i64,
    pub width: i64,
    /// Where the figure is written, after the bar.
    pub value_x: i64,
}

pub struct BarChart {
    /// Unique on the page (the id its caption and table hang on).
    pub id: &'static str,
    pub title: String,
    pub bars: Vec<Bar>,
    pub height: i64,
    /// The heading of the table's label column.
    pub label_heading: String,
    pub value_heading: String,
}

impl BarChart {
    pub fn new(id: &'static str, title: String, headings: (String, String), items: Vec<(String, i64)>) -> BarChart {
        let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
        let bars = items
            .into_iter()
            .enumerate()
            .map(|(i, (label, value))| {
                let width = value.max(0) * BAR_SPACE / max;
                Bar { label, value, y: i as i64 * ROW + 5, width, value_x: LABEL_WIDTH + width + 6 }
            })
            .collect::<Vec<_>>();
        let height = bars.len() as i64 * ROW + 10;
        BarChart { id, title, bars, height, label_heading: headings.0, value_heading: headings.1 }
    }

    pub fn label_x(&self) -> i64 {
        LABEL_WIDTH - 10
    }

    pub fn bars_x(&self) -> i64 {
        LABEL_WIDTH
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_stack_in_rows() {
        let chart = BarChart::new("c", "t".into(), ("a".into(), "b".into()), vec![("x".into(), 10), ("y".into(), 5), ("z".into(), 0)]);
        let widths: Vec<i64> = chart.bars.iter().map(|b| b.width).collect();
        assert_eq!(widths, vec![BAR_SPACE, BAR_SPACE / 2, 0]);
        assert_eq!(chart.bars[1].y - chart.bars[0].y, ROW);
        assert_eq!(chart.height, 3 * ROW + 10);
        let empty = BarChart::new("e", "t".into(), ("a".into(), "b".into()), vec![("x".into(), 0)]);
        assert_eq!(empty.bars[0].width, 0, "nothing to scale is no division by zero");
    }
}
