//! The contract over HTTP with JSON, via `fetch`. In-flight calls are aborted when the
//! reactive owner that started them is cleaned up (the page was left).

use banshi_contract::{
    ACCESS_CODE_HEADER, IDEMPOTENCY_KEY_HEADER, Locale, Problem, RatingSubmission,
    RequestSubmission,
};
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;

use super::{ApiError, ApiFuture, Backend, TicketFetch, TutorialFilter};

/// A backend reached at `base`, e.g. `/api` or `https://hall.example/api`.
#[derive(Debug, Clone)]
pub struct HttpBackend {
    base: String,
}

impl HttpBackend {
    /// A backend whose contract root (the part before `/v1`) is `base`.
    pub fn new(base: &str) -> HttpBackend {
        HttpBackend {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    fn url(&self, path: &str, query: &[(&str, Option<String>)]) -> String {
        let mut url = format!("{}/v1/{path}", self.base);
        let mut separator = '?';
        for (name, value) in query {
            if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
                url.push(separator);
                url.push_str(name);
                url.push('=');
                url.push_str(&String::from(js_sys::encode_uri_component(value.trim())));
                separator = '&';
            }
        }
        url
    }
}

/// Adds the locale and an abort signal tied to the current reactive owner.
fn prepare(builder: RequestBuilder, locale: Locale) -> RequestBuilder {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    if let Some(controller) = controller {
        let controller = SendWrapper::new(controller);
        on_cleanup(move || controller.abort());
    }
    builder
        .header("Accept-Language", locale.tag())
        .abort_signal(signal.as_ref())
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        return response.json::<T>().await.map_err(|_| ApiError::Decode);
    }
    Err(problem(response).await)
}

async fn problem(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => ApiError::Status(status),
    }
}

async fn get<T: DeserializeOwned>(url: String, locale: Locale) -> Result<T, ApiError> {
    let response = prepare(Request::get(&url), locale)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

impl Backend for HttpBackend {
    fn meta(&self, locale: Locale) -> ApiFuture<banshi_contract::Meta> {
        Box::pin(get(self.url("meta", &[]), locale))
    }

    fn categories(&self, locale: Locale) -> ApiFuture<Vec<banshi_contract::Category>> {
        Box::pin(get(self.url("categories", &[]), locale))
    }

    fn services(
        &self,
        locale: Locale,
        category: Option<String>,
        query: Option<String>,
    ) -> ApiFuture<Vec<banshi_contract::ServiceSummary>> {
        Box::pin(get(
            self.url("services", &[("category", category), ("q", query)]),
            locale,
        ))
    }

    fn service(&self, locale: Locale, code: String) -> ApiFuture<banshi_contract::Service> {
        let url = self.url(
            &format!("services/{}", js_sys::encode_uri_component(&code)),
            &[],
        );
        Box::pin(get(url, locale))
    }

    fn tutorials(
        &self,
        locale: Locale,
        filter: TutorialFilter,
    ) -> ApiFuture<Vec<banshi_contract::TutorialSummary>> {
        let url = self.url(
            "tutorials",
            &[
                ("category", filter.category),
                ("service", filter.service),
                ("q", filter.query),
            ],
        );
        Box::pin(get(url, locale))
    }

    fn tutorial(&self, locale: Locale, id: String) -> ApiFuture<banshi_contract::Tutorial> {
        let url = self.url(
            &format!("tutorials/{}", js_sys::encode_uri_component(&id)),
            &[],
        );
        Box::pin(get(url, locale))
    }

    fn submit(
        &self,
        locale: Locale,
        key: String,
        submission: RequestSubmission,
    ) -> ApiFuture<banshi_contract::Receipt> {
        let url = self.url("requests", &[]);
        Box::pin(async move {
            let request = prepare(Request::post(&url), locale)
                .header(IDEMPOTENCY_KEY_HEADER, &key)
                .json(&submission)
                .map_err(|_| ApiError::Decode)?;
            let response = request.send().await.map_err(|_| ApiError::Network)?;
            read(response).await
        })
    }

    fn ticket(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        etag: Option<String>,
    ) -> ApiFuture<TicketFetch> {
        let url = self.url(
            &format!("tickets/{}", js_sys::encode_uri_component(&ticket)),
            &[],
        );
        Box::pin(async move {
            let mut builder =
                prepare(Request::get(&url), locale).header(ACCESS_CODE_HEADER, &access_code);
            if let Some(etag) = &etag {
                builder = builder.header("If-None-Match", etag);
            }
            let response = builder.send().await.map_err(|_| ApiError::Network)?;
            if response.status() == 304 {
                return Ok(TicketFetch::Unchanged);
            }
            let etag = response.headers().get("etag");
            let ticket = read(response).await?;
            Ok(TicketFetch::Fresh(Box::new(ticket), etag))
        })
    }

    fn rate(
        &self,
        locale: Locale,
        ticket: String,
        access_code: String,
        rating: RatingSubmission,
    ) -> ApiFuture<banshi_contract::Ticket> {
        let url = self.url(
            &format!("tickets/{}/rating", js_sys::encode_uri_component(&ticket)),
            &[],
        );
        Box::pin(async move {
            let request = prepare(Request::post(&url), locale)
                .header(ACCESS_CODE_HEADER, &access_code)
                .json(&rating)
                .map_err(|_| ApiError::Decode)?;
            let response = request.send().await.map_err(|_| ApiError::Network)?;
            read(response).await
        })
    }
}
