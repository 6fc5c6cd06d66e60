//! `GET /v1/meta`.

use axum::Json;
use axum::extract::State;
use banshi_contract::{CONTRACT_VERSION, Locale, Meta, SupportContacts};

use crate::extract::RequestLocale;
use crate::{AppState, messages};

pub async fn meta(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
) -> axum::response::Response {
    super::cacheable(Json(Meta {
        contract_version: CONTRACT_VERSION.to_owned(),
        name: messages::centre_name(locale).to_owned(),
        locales: Locale::ALL.to_vec(),
        default_locale: Locale::default(),
        modules: vec!["halls".to_owned(), "hall_events".to_owned()],
        notifications: state.config.notify.channels(),
        support: SupportContacts {
            phone: "12345".to_owned(),
            email: Some("help@haichuan.example".to_owned()),
            hours: messages::hotline_hours(locale).to_owned(),
        },
    }))
}
