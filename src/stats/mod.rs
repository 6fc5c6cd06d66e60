//! The statistics pages: `/stats`, the centre's published figures ([`StatsPage`], in the
//! `stats` split module), and the parts the staff page `/staff/stats` reuses: the period
//! form, the list of key figures, the SVG charts with their data tables and the hall
//! figures.

mod charts;
mod figures;
mod halls;
mod page;
mod period;

pub use charts::{CategoryChart, MonthChart};
pub use figures::FigureList;
pub use halls::HallFiguresSection;
pub use page::{StatsPage, given};
pub use period::{PeriodForm, period_items};
