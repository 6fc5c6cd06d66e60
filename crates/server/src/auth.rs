//! Staff authentication: argon2id passwords, session cookies with their CSRF tokens, API
//! tokens for scripts, and the [`Actor`] extractor that every staff handler takes.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use banshi_contract::{AuditAction, CSRF_HEADER, ErrorCode, StaffAccount, StaffRole};

use crate::codes::{digest, same_secret};
use crate::error::ApiError;
use crate::extract::{ClientIp, cookie};
use crate::store::{AccountRow, AuditRecord};
use crate::{AppState, clock};

/// Name of the session cookie. It is `HttpOnly`, `SameSite=Strict` and scoped to the API.
pub const SESSION_COOKIE: &str = "banshi_staff_session";

/// Prefix of API tokens, so that a leaked one is recognisable.
pub const API_TOKEN_PREFIX: &str = "bst_";

/// Prefix of kiosk device tokens.
pub const KIOSK_TOKEN_PREFIX: &str = "bsk_";

/// A session's last call is noted at most this often, so reading does not mean writing.
const TOUCH_EVERY_SECONDS: i64 = 30;

/// The argon2id hash of `password`, as a PHC string with its own salt.
///
/// # Errors
/// If the operating system cannot supply randomness.
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| e.to_string())
}

/// A hash no password matches, checked for unknown accounts so that they take as long to
/// refuse as a wrong password does.
static NO_ACCOUNT_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("no account has this password").unwrap_or_default());

/// Whether `password` matches `hash` (the stored PHC string, or `None` for an unknown
/// account, which is checked against a stand-in hash so that it costs the same time).
pub fn verify_password(hash: Option<&str>, password: &str) -> bool {
    let known = hash.is_some();
    let hash = hash.unwrap_or(&NO_ACCOUNT_HASH);
    let matches = PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false);
    known && matches
}

/// Hashes or verifies off the async runtime: argon2id is deliberately slow.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ApiError::new(ErrorCode::Internal))
}

/// 32 random bytes as hex after `prefix`: session ids, CSRF tokens, API and device tokens.
pub fn new_secret(prefix: &str) -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| ApiError::new(ErrorCode::Internal))?;
    Ok(bytes.iter().fold(prefix.to_owned(), |mut out, b| {
        out.push_str(&format!("{b:02x}"));
        out
    }))
}

/// A one-time password to read out or hand over on paper: four groups of four characters
/// of the unambiguous access-code alphabet (about 79 bits).
pub fn one_time_password() -> Result<String, ApiError> {
    let mut groups = Vec::with_capacity(4);
    while groups.len() < 4 {
        let code =
            crate::codes::new_access_code().map_err(|_| ApiError::new(ErrorCode::Internal))?;
        groups.push(code[..4].to_owned());
    }
    Ok(groups.join("-"))
}

/// The `Set-Cookie` value that starts a session, or with `None` ends it.
pub fn session_cookie(value: Option<&str>, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = match value {
        Some(value) => {
            format!("{SESSION_COOKIE}={value}; Path=/api/; HttpOnly; SameSite=Strict{secure}")
        }
        None => {
            format!("{SESSION_COOKIE}=; Path=/api/; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
        }
    };
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Whether cookies must be `Secure`: configured so, or the trusted proxy says the client
/// came over HTTPS.
pub fn wants_secure_cookie(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.secure_cookies
        || (state.config.trust_forwarded_for
            && headers
                .get("x-forwarded-proto")
                .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https")))
}

/// How a staff call proved who made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A session cookie: the digest of its id, and its CSRF token.
    Session {
        /// Digest of the cookie's value.
        id_hash: String,
        /// The session's CSRF token.
        csrf_token: String,
    },
    /// An API token, by id.
    Token(i64),
}

/// The staff member making a call, whose password is their own (see [`SignedIn`] for calls
/// allowed before a one-time password is changed).
#[derive(Debug, Clone)]
pub struct Actor {
    /// Row id of the account.
    pub id: i64,
    /// The account.
    pub account: StaffAccount,
    /// The stored password hash.
    pub password_hash: String,
    /// Session or token.
    pub credential: Credential,
    /// Where the call came from.
    pub client: String,
}

impl Actor {
    /// `Forbidden` unless the account has one of `roles`.
    pub fn require(&self, roles: &[StaffRole]) -> Result<(), ApiError> {
        if roles.contains(&self.account.role) {
            Ok(())
        } else {
            Err(ApiError::new(ErrorCode::Forbidden))
        }
    }

    /// The categories whose cases this account may see: an officer's own; `None` for all.
    pub fn category_scope(&self) -> Option<Vec<String>> {
        (self.account.role != StaffRole::Supervisor).then(|| self.account.categories.clone())
    }

    /// An audit record of `action` by this account, now.
    pub fn audit(
        &self,
        action: AuditAction,
        target: Option<String>,
        detail: Option<String>,
    ) -> AuditRecord {
        AuditRecord {
            at: clock::rfc3339(clock::now()),
            actor: Some(self.account.name.clone()),
            action,
            target,
            detail,
            client: self.client.clone(),
        }
    }

    /// The session's cookie digest, if the call came with a session.
    pub fn session(&self) -> Option<&str> {
        match &self.credential {
            Credential::Session { id_hash, .. } => Some(id_hash),
            Credential::Token(_) => None,
        }
    }
}

/// A signed-in staff member who may still have to change a one-time password: only for
/// reading the session, signing out and changing the password.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Actor);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        authenticate(parts, state).await.map(SignedIn)
    }
}

impl FromRequestParts<AppState> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let actor = authenticate(parts, state).await?;
        if actor.account.must_change_password && actor.session().is_some() {
            return Err(ApiError::new(ErrorCode::PasswordChangeRequired));
        }
        Ok(actor)
    }
}

fn actor(row: AccountRow, credential: Credential, client: String) -> Result<Actor, ApiError> {
    if row.account.disabled {
        return Err(ApiError::new(ErrorCode::Unauthorized));
    }
    Ok(Actor {
        id: row.id,
        account: row.account,
        password_hash: row.password_hash,
        credential,
        client,
    })
}

fn seconds_since(at: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|at| (clock::now() - at).num_seconds())
}

/// Finds who makes the call: a bearer API token, or a session cookie that has not gone idle
/// and, for a state-changing method, the session's CSRF token in its header.
async fn authenticate(parts: &mut Parts, state: &AppState) -> Result<Actor, ApiError> {
    let ClientIp(ip) = ClientIp::from_request_parts(parts, state)
        .await
        .unwrap_or_else(|never| match never {});
    let client = ip.to_string();
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let Some(token) = bearer {
        let (row, id, last_used) = state
            .store
            .token_account(digest(token.trim()))
            .await?
            .ok_or(ApiError::new(ErrorCode::Unauthorized))?;
        if last_used
            .as_deref()
            .and_then(seconds_since)
            .is_none_or(|s| s >= TOUCH_EVERY_SECONDS)
        {
            state
                .store
                .touch_token(id, clock::rfc3339(clock::now()))
                .await?;
        }
        return actor(row, Credential::Token(id), client);
    }
    let Some(cookie) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Err(ApiError::new(ErrorCode::Unauthorized));
    };
    let id_hash = digest(cookie);
    let session = state
        .store
        .session(id_hash.clone())
        .await?
        .ok_or(ApiError::new(ErrorCode::Unauthorized))?;
    let idle = seconds_since(&session.last_seen_at).unwrap_or(i64::MAX);
    if idle > i64::try_from(state.config.staff_idle.as_secs()).unwrap_or(i64::MAX) {
        let now = clock::rfc3339(clock::now());
        state.store.end_session(id_hash, now, None).await?;
        return Err(ApiError::new(ErrorCode::Unauthorized));
    }
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let presented = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !same_secret(presented, &session.csrf_token) {
            return Err(ApiError::new(ErrorCode::CsrfTokenInvalid));
        }
    }
    if idle >= TOUCH_EVERY_SECONDS {
        state
            .store
            .touch_session(id_hash.clone(), clock::rfc3339(clock::now()))
            .await?;
    }
    let credential = Credential::Session {
        id_hash,
        csrf_token: session.csrf_token,
    };
    actor(session.account, credential, client)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse battery").expect("hashes");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(Some(&hash), "correct horse battery"));
        assert!(!verify_password(Some(&hash), "correct horse batterz"));
        assert!(!verify_password(None, "no account has this password"));
        assert!(!verify_password(Some("not a hash"), "x"));
    }

    #[test]
    fn one_time_passwords_are_four_groups_of_the_access_code_alphabet() {
        let password = one_time_password().expect("randomness");
        let groups: Vec<&str> = password.split('-').collect();
        assert_eq!(groups.len(), 4, "{password}");
        assert!(groups.iter().all(|g| {
            g.len() == 4
                && g.bytes()
                    .all(|b| crate::codes::ACCESS_CODE_ALPHABET.contains(&b))
        }));
    }

    #[test]
    fn session_cookies_are_http_only_strict_and_secure_on_request() {
        let plain = session_cookie(Some("abc"), false);
        assert_eq!(
            plain,
            "banshi_staff_session=abc; Path=/api/; HttpOnly; SameSite=Strict"
        );
        let secure = session_cookie(None, true);
        assert!(
            secure
                .to_str()
                .is_ok_and(|s| s.contains("Max-Age=0") && s.ends_with("; Secure"))
        );
    }
}
