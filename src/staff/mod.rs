//! The staff side of the portal, under `/staff`: sign-in, the password change a one-time
//! password forces, the start page with the inbox, one case, the counter console, the ledger of bad ratings, the
//! statistics per service and officer, accounts, the audit log and kiosk enrolment. Every page
//! here is in the `staff` split module, which citizens never download; [`page`] is its one
//! entry point, so the main module carries a single loader for all of them.

mod account_page;
mod accounts_page;
mod appointments_page;
mod audit_page;
mod case_help;
mod case_page;
mod case_rework;
mod counter_page;
mod form;
mod frame;
mod helpers_page;
mod home_page;
mod inbox;
mod kiosk_enrol_page;
mod kiosks_page;
mod ledger_page;
mod login_page;
mod password_page;
mod stats_page;

pub use account_page::StaffAccountPage;
pub use accounts_page::StaffAccountsPage;
pub use audit_page::StaffAuditPage;
pub use case_page::StaffCasePage;
pub use helpers_page::StaffHelpersPage;
pub use home_page::StaffHomePage;
pub use kiosk_enrol_page::KioskEnrolPage;
pub use kiosks_page::StaffKiosksPage;
pub use login_page::StaffLoginPage;
pub use password_page::StaffPasswordPage;

use leptos::prelude::*;

use crate::nav::Route;

/// The staff page for `route` (a staff route; anything else is not found).
pub fn page(route: Route) -> AnyView {
    match route {
        Route::StaffLogin => view! { <StaffLoginPage/> }.into_any(),
        Route::StaffPassword => view! { <StaffPasswordPage/> }.into_any(),
        Route::StaffHome => view! { <StaffHomePage/> }.into_any(),
        Route::StaffAccounts => view! { <StaffAccountsPage/> }.into_any(),
        Route::StaffAccount(name) => view! { <StaffAccountPage name/> }.into_any(),
        Route::StaffAudit => view! { <StaffAuditPage/> }.into_any(),
        Route::StaffCase(ticket) => view! { <StaffCasePage ticket/> }.into_any(),
        Route::StaffKiosks => view! { <StaffKiosksPage/> }.into_any(),
        Route::StaffHelpers => view! { <StaffHelpersPage/> }.into_any(),
        Route::StaffCounter => view! { <counter_page::StaffCounterPage/> }.into_any(),
        Route::StaffBadRatings => view! { <ledger_page::StaffLedgerPage/> }.into_any(),
        Route::StaffAppointments => {
            view! { <appointments_page::StaffAppointmentsPage/> }.into_any()
        }
        Route::StaffStats { from, to } => {
            view! { <stats_page::StaffStatsPage from to/> }.into_any()
        }
        Route::KioskEnrol => view! { <KioskEnrolPage/> }.into_any(),
        _ => view! { <crate::pages::NotFoundPage/> }.into_any(),
    }
}
