//! Staff calls on the inbox and queues, by role: officers and supervisors list tickets (an
//! officer only those of their categories), clerks and supervisors call numbers. Each action
//! is audited in the same transaction as the action itself. One case's view and changes are
//! in [`super::cases`].

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use banshi_contract::staff::account_name_error;
use banshi_contract::{
    AuditAction, FieldErrorCode, InboxPage, InboxQuery, Locale, QueueLine, StaffRole, StaffTicket,
};

use super::bad_parameter;
use super::cases::CASE_ROLES;
use super::halls::{find_line, line_view};
use super::tickets::{due_state_now, service_name};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::extract::RequestLocale;
use crate::store::{AssigneeFilter, InboxFilter, InboxRow, InboxSearch};
use crate::{AppState, clock, codes, messages};

/// Roles that work the hall.
pub(super) const HALL_ROLES: &[StaffRole] = &[StaffRole::Clerk, StaffRole::Supervisor];

/// The inbox's filters, checked; every problem is reported at once.
fn inbox_filter(
    state: &AppState,
    actor: &Actor,
    query: &InboxQuery,
    locale: Locale,
) -> Result<InboxFilter, ApiError> {
    let mut errors = Vec::new();
    let mut problem = |field: &str, code: FieldErrorCode| {
        errors.push(messages::body_error(field, code, locale));
    };
    let limit = query.limit.unwrap_or(50);
    if limit == 0 {
        problem("limit", FieldErrorCode::TooSmall);
    } else if limit > InboxQuery::MAX_LIMIT {
        problem("limit", FieldErrorCode::TooLarge);
    }
    let category = query
        .category
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if category.is_some_and(|c| !state.catalogue.categories.iter().any(|k| k.code == c)) {
        problem("category", FieldErrorCode::NotAnOption);
    }
    let service = query
        .service
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if service.is_some_and(|c| state.catalogue.service(c).is_none()) {
        problem("service", FieldErrorCode::NotAnOption);
    }
    let assignee = match query.assignee.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(InboxQuery::UNASSIGNED) => Some(AssigneeFilter::Nobody),
        Some(name) => {
            if let Some(code) = account_name_error(name) {
                problem("assignee", code);
            }
            Some(AssigneeFilter::Account(name.to_owned()))
        }
    };
    let term = query.q.as_deref().map(str::trim).unwrap_or("");
    if term.chars().count() > InboxQuery::MAX_SEARCH {
        problem("q", FieldErrorCode::TooLong);
    }
    let search = (!term.is_empty()).then(|| search_term(term));
    let position = query
        .after
        .as_deref()
        .map(|token| paging::read(&state.paging_key, &paging::fingerprint(query), token));
    if position.as_ref().is_some_and(Option::is_none) {
        problem("after", FieldErrorCode::PatternMismatch);
    }
    if query.kind == Some(banshi_contract::ServiceKind::Unknown) {
        problem("kind", FieldErrorCode::NotAnOption);
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let now = clock::now();
    Ok(InboxFilter {
        status: query.status,
        category: category.map(str::to_owned),
        service: service.map(str::to_owned),
        assignee,
        due: query.due.map(|due| {
            let soon = clock::due_soon_before(&state.calendar, now);
            (due, clock::rfc3339(now), clock::rfc3339(soon))
        }),
        replied: query.replied,
        kind: query.kind,
        search,
        scope: actor.category_scope(),
        limit,
        after: position.flatten(),
    })
}

/// What a search term is: a reference number (`BS-…`), a mobile number (seven digits or
/// more, spaces and `+86` allowed), else a full name.
fn search_term(term: &str) -> InboxSearch {
    let upper = term.to_ascii_uppercase();
    let phone = codes::normalise_phone(term);
    if upper.starts_with("BS-") {
        InboxSearch::Ticket(upper)
    } else if phone.len() >= 7
        && term
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+'))
    {
        InboxSearch::Phone(phone)
    } else {
        InboxSearch::Name(term.to_owned())
    }
}

/// `GET /v1/staff/tickets`: one page of the inbox.
pub async fn tickets(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    query: Result<Query<InboxQuery>, QueryRejection>,
) -> Result<Json<InboxPage>, ApiError> {
    actor.require(CASE_ROLES)?;
    let Query(query) = query.map_err(bad_parameter)?;
    let filter = inbox_filter(&state, &actor, &query, locale)?;
    let limit = filter.limit as usize;
    let mut rows = state.store.inbox(filter).await?;
    let next = (rows.len() > limit).then(|| {
        rows.truncate(limit);
        rows.last().map(|last| {
            paging::write(
                &state.paging_key,
                &paging::fingerprint(&query),
                &last.position,
            )
        })
    });
    let tickets = rows
        .into_iter()
        .map(|row| inbox_item(&state, row, locale))
        .collect();
    Ok(Json(InboxPage {
        tickets,
        next: next.flatten(),
    }))
}

/// The contract view of an inbox row, in `locale`.
pub fn inbox_item(state: &AppState, row: InboxRow, locale: Locale) -> StaffTicket {
    let due_state = due_state_now(
        state,
        row.status,
        &row.expected_at,
        row.finished_at.as_deref(),
    );
    StaffTicket {
        service_name: service_name(state, &row.service_code, locale),
        ticket: row.ticket,
        service_code: row.service_code,
        category: row.category,
        status: row.status,
        submitted_at: row.submitted_at,
        updated_at: row.updated_at,
        expected_datetime: row.expected_at,
        due_state,
        applicant_name: row.applicant_name,
        assignee: row.assignee,
        citizen_replied: row.citizen_replied,
        kind: row.kind,
        by_agent: row.by_agent,
    }
}

/// Paging tokens: where a page ended, bound to its filters and signed, so a token can be
/// neither forged nor moved to another query.
mod paging {
    use banshi_contract::InboxQuery;

    use crate::codes;
    use crate::store::InboxPosition;

    /// The filters a token is bound to (everything but `limit` and `after`).
    pub fn fingerprint(query: &InboxQuery) -> String {
        let bound = InboxQuery {
            limit: None,
            after: None,
            ..query.clone()
        };
        serde_json::to_string(&bound).unwrap_or_default()
    }

    fn hex(text: &str) -> String {
        text.bytes().map(|b| format!("{b:02x}")).collect()
    }

    fn unhex(text: &str) -> Option<String> {
        let bytes = (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
            .collect::<Option<Vec<u8>>>()?;
        String::from_utf8(bytes).ok()
    }

    /// The token for continuing after `position`.
    pub fn write(key: &[u8; 32], fingerprint: &str, position: &InboxPosition) -> String {
        let payload = match position {
            InboxPosition::Activity(activity) => format!("a{activity}"),
            InboxPosition::Due(expected, id) => format!("d{id}~{expected}"),
        };
        let mac = codes::sign(key, &format!("{payload}\n{fingerprint}"));
        format!("{}.{mac}", hex(&payload))
    }

    /// The position in `token`, if it was written by this server for these filters.
    pub fn read(key: &[u8; 32], fingerprint: &str, token: &str) -> Option<InboxPosition> {
        let (payload, mac) = token.split_once('.')?;
        let payload = unhex(payload)?;
        if !codes::same_secret(&codes::sign(key, &format!("{payload}\n{fingerprint}")), mac) {
            return None;
        }
        if let Some(activity) = payload.strip_prefix('a') {
            return activity.parse().ok().map(InboxPosition::Activity);
        }
        let (id, expected) = payload.strip_prefix('d')?.split_once('~')?;
        Some(InboxPosition::Due(expected.to_owned(), id.parse().ok()?))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_token_reads_back_only_with_its_key_and_filters() {
            let key = [7u8; 32];
            let filters = fingerprint(&InboxQuery::default());
            let due = InboxPosition::Due("2026-12-03T17:00:00+08:00".into(), 42);
            let token = write(&key, &filters, &due);
            assert_eq!(read(&key, &filters, &token), Some(due));
            assert_eq!(read(&[8u8; 32], &filters, &token), None);
            let other = fingerprint(&InboxQuery {
                category: Some("tax".into()),
                ..InboxQuery::default()
            });
            assert_eq!(read(&key, &other, &token), None);
            let forged = write(&key, &filters, &InboxPosition::Activity(9)).replace("61", "62");
            assert_eq!(read(&key, &filters, &forged), None);
            assert_eq!(read(&key, &filters, "not-a-token"), None);
        }
    }
}

pub async fn call_next(
    actor: Actor,
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path((hall, line)): Path<(String, String)>,
) -> Result<Json<QueueLine>, ApiError> {
    actor.require(HALL_ROLES)?;
    let (hall, line) = find_line(&state, &hall, &line)?;
    let day = crate::hall::day(crate::hall::zone(hall), clock::now());
    let audit = actor.audit(
        AuditAction::NumberCalled,
        Some(format!("{}/{}", hall.id, line.code)),
        None,
    );
    state
        .store
        .call_next(
            hall.id.clone(),
            day.clone(),
            vec![line.code.clone()],
            None,
            audit,
        )
        .await?;
    let states = state.store.line_states(hall.id.clone(), day).await?;
    Ok(Json(line_view(
        line,
        states.iter().find(|s| s.line == line.code),
        None,
        locale,
    )))
}
