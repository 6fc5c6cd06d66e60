//! The statistics pages: `/stats`, the centre's published figures ([`StatsPage`], in the
//! `stats` split module), and the parts the staff page `/staff/stats` reuses: the period
//! form, the list of key figures and the SVG charts with their data tables.

mod charts;
mod figures;
mod page;
mod period;

pub use charts::{CategoryChart, MonthChart};
pub use figures::FigureList;
pub use page::{StatsPage, given};
pub use period::{PeriodForm, period_items};
