//! Request extractors that speak the contract: JSON bodies whose failures become problems,
//! the negotiated locale and the client address for rate limits (staff authentication is
//! in `auth`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use banshi_contract::{ErrorCode, Locale};
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::ApiError;

/// The locale for a request's `Accept-Language`, or the default.
pub fn locale_of(headers: &HeaderMap) -> Locale {
    negotiated_locale(headers).unwrap_or_default()
}

/// The best of our locales for `Accept-Language`, if it names one.
pub fn negotiated_locale(headers: &HeaderMap) -> Option<Locale> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::negotiate)
}

/// The value of cookie `name` in `headers`.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
}

/// The locale the citizen chose in the portal, from its locale cookie.
pub fn locale_cookie(headers: &HeaderMap) -> Option<Locale> {
    cookie(headers, portal::lang::LOCALE_COOKIE).and_then(Locale::from_tag)
}

/// The negotiated content locale.
#[derive(Debug, Clone, Copy)]
pub struct RequestLocale(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for RequestLocale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestLocale(locale_of(&parts.headers)))
    }
}

/// A JSON body; every way it can be wrong becomes a problem response.
#[derive(Debug)]
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(AppJson(value)),
            Err(rejection) => {
                let code = match rejection {
                    JsonRejection::MissingJsonContentType(_) => ErrorCode::UnsupportedMediaType,
                    JsonRejection::BytesRejection(ref r)
                        if r.status() == StatusCode::PAYLOAD_TOO_LARGE =>
                    {
                        ErrorCode::PayloadTooLarge
                    }
                    _ => ErrorCode::MalformedBody,
                };
                tracing::debug!(%rejection, "rejected request body");
                Err(ApiError::new(code))
            }
        }
    }
}

/// The client's address: the socket peer, or the last `X-Forwarded-For` hop when the
/// server is configured to trust a proxy in front of it.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.config.trust_forwarded_for
            && let Some(ip) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                // The hop the trusted proxy added is the last; earlier ones are the client's to write.
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse().ok())
        {
            return Ok(ClientIp(ip));
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientIp(peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))))
    }
}
