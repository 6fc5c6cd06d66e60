//! The staff side of the portal, under `/staff`: sign-in, the password change a one-time
//! password forces, the start page, accounts, the audit log and kiosk enrolment. Every page
//! here is in the `staff` split module, which citizens never download.

mod account_page;
mod accounts_page;
mod audit_page;
mod form;
mod frame;
mod home_page;
mod kiosk_enrol_page;
mod kiosks_page;
mod login_page;
mod password_page;

pub use account_page::StaffAccountPage;
pub use accounts_page::StaffAccountsPage;
pub use audit_page::StaffAuditPage;
pub use home_page::StaffHomePage;
pub use kiosk_enrol_page::KioskEnrolPage;
pub use kiosks_page::StaffKiosksPage;
pub use login_page::StaffLoginPage;
pub use password_page::StaffPasswordPage;
