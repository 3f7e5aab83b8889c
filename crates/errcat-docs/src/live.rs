//! What pages show of an API's errors in production, when the portal reads
//! a metrics engine (`errcat serve --prometheus`): counts, when each entry
//! was last seen, a chart of the last 24 hours drawn as SVG on the server,
//! and a note when the engine did not answer in time. The static site never
//! has any of it.

use std::fmt::Write as _;

use serde::Serialize;

/// An entry's live figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EntryLive {
    /// Errors sent in the last hour.
    pub last_hour: u64,
    /// Errors sent in the last 24 hours.
    pub last_day: u64,
    /// When it was last sent (`2026-12-03T10:15:02Z`), within the window
    /// the engine is asked about.
    pub last_seen: Option<String>,
    /// How long ago that was (`3 minutes ago`).
    pub last_seen_ago: Option<String>,
    /// Errors per hour over the last 24 hours as an SVG chart; empty when
    /// the figures are not in.
    pub chart_svg: String,
    /// Why figures are missing or partial, if they are.
    pub note: Option<String>,
}

/// A catalog's live figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CatalogLive {
    /// The entries sent in the last hour, most first.
    pub top: Vec<LiveRow>,
    /// Entries not sent within [`CatalogLive::unseen_days`].
    pub unseen: Vec<LiveRow>,
    /// The window `unseen` covers, in days.
    pub unseen_days: u32,
    /// Why figures are missing, if they are.
    pub note: Option<String>,
}

/// One entry in a catalog's live lists.
#[derive(Debug, Clone, Serialize)]
pub struct LiveRow {
    /// The entry's id.
    pub id: String,
    /// Its page's slug.
    pub slug: String,
    /// Its heading.
    pub heading: String,
    /// Errors sent in the last hour.
    pub last_hour: u64,
    /// Errors sent in the last 24 hours.
    pub last_day: u64,
}

/// Width of one hour's bar in the chart, in SVG units.
const BAR_WIDTH: u32 = 10;
/// Height of the chart's plot, in SVG units.
const CHART_HEIGHT: u32 = 48;

/// Errors per hour as a bar chart: `hours` are the counts of consecutive
/// hours ending now, oldest first. The chart needs no script: each bar has
/// a `<title>` a browser shows on hover, and the whole has a label.
pub fn hourly_chart(hours: &[u64]) -> String {
    let most = hours.iter().copied().max().unwrap_or(0);
    let total = hours
        .iter()
        .fold(0_u64, |sum, &count| sum.saturating_add(count));
    let width = BAR_WIDTH * hours.len() as u32;
    let mut svg = String::with_capacity(160 + hours.len() * 120);
    let _ = write!(
        svg,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{total} errors in the last {count} hours, at most {most} in one hour"><rect class="axis" x="0" y="{axis}" width="{width}" height="1"/>"#,
        height = CHART_HEIGHT + 1,
        axis = CHART_HEIGHT,
        count = hours.len(),
    );
    for (index, &count) in hours.iter().enumerate() {
        // Bars scale to the busiest hour; any error shows at least a sliver.
        let height = match count {
            0 => 0,
            _ => (u128::from(count) * u128::from(CHART_HEIGHT))
                .div_ceil(u128::from(most.max(1)))
                .clamp(1, u128::from(CHART_HEIGHT)) as u32,
        };
        let ended = hours.len() - 1 - index;
        let when = match ended {
            0 => "the last hour".to_owned(),
            _ => format!("{ended}–{} hours ago", ended + 1),
        };
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="{y}" width="{w}" height="{height}"><title>{when}: {count} error{plural}</title></rect>"#,
            x = index as u32 * BAR_WIDTH + 1,
            y = CHART_HEIGHT - height,
            w = BAR_WIDTH - 2,
            plural = if count == 1 { "" } else { "s" },
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A Unix time in RFC 3339, to the second (`2026-12-03T10:15:02Z`).
pub fn utc_time(seconds: i64) -> String {
    let since_epoch = std::time::Duration::from_secs(u64::try_from(seconds).unwrap_or(0));
    humantime::format_rfc3339_seconds(std::time::UNIX_EPOCH + since_epoch).to_string()
}

/// How long ago `seconds` before now is, in its largest whole unit.
pub fn ago(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (count, unit) = match seconds {
        0..60 => return "just now".to_owned(),
        60..3600 => (seconds / 60, "minute"),
        3600..86_400 => (seconds / 3600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    format!("{count} {unit}{} ago", if count == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_utc_dates_and_ages() {
        assert_eq!(utc_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_time(1_796_299_476), "2026-12-03T12:04:36Z");
        assert_eq!(utc_time(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(ago(5), "just now");
        assert_eq!(ago(61), "1 minute ago");
        assert_eq!(ago(7300), "2 hours ago");
        assert_eq!(ago(3 * 86_400), "3 days ago");
    }

    #[test]
    fn the_chart_has_a_bar_per_hour_scaled_to_the_busiest() {
        let mut hours = vec![0; 24];
        hours[22] = 2;
        hours[23] = 4;
        let svg = hourly_chart(&hours);
        assert_eq!(svg.matches("<rect x=").count(), 24);
        assert!(
            svg.contains(r#"aria-label="6 errors in the last 24 hours, at most 4 in one hour""#)
        );
        assert!(svg.contains(r#"<rect x="231" y="0" width="8" height="48"><title>the last hour: 4 errors</title></rect>"#), "{svg}");
        assert!(svg.contains(r#"<rect x="221" y="24" width="8" height="24"><title>1–2 hours ago: 2 errors</title></rect>"#), "{svg}");
        assert!(
            svg.contains(r#"<title>23–24 hours ago: 0 errors</title>"#),
            "the first bar is 24 hours back: {svg}"
        );
        // Counts near the top of the range draw, and sum, without overflow.
        let svg = hourly_chart(&[u64::MAX, u64::MAX]);
        assert!(
            svg.contains(&format!("aria-label=\"{} errors", u64::MAX)),
            "{svg}"
        );
        // One error among thousands still shows.
        let svg = hourly_chart(&[1, 5000]);
        assert!(
            svg.contains(r#"height="1"><title>1–2 hours ago: 1 error</title>"#),
            "{svg}"
        );
    }
}
