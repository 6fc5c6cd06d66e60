//! Tickets remembered on this device ("my tickets"), newest first, so a citizen can come back
//! without retyping the reference number and access code.

use serde::{Deserialize, Serialize};

/// Most tickets remembered; older ones are forgotten first.
pub const MAX_SAVED: usize = 20;

/// One remembered ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedTicket {
    /// Reference number.
    pub ticket: String,
    /// Access code, needed to look it up.
    pub access_code: String,
    /// Service name at the time of submission, for the list.
    pub service_name: String,
    /// RFC 3339 submission time.
    pub submitted_at: String,
    /// RFC 3339 promised result time, when known.
    #[serde(default)]
    pub expected_datetime: String,
}

/// The remembered tickets, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedTickets(pub Vec<SavedTicket>);

impl SavedTickets {
    /// Remembers `ticket`, replacing an older entry with the same number and moving it first.
    pub fn remember(&mut self, ticket: SavedTicket) {
        self.0
            .retain(|t| !t.ticket.eq_ignore_ascii_case(&ticket.ticket));
        self.0.insert(0, ticket);
        self.0.truncate(MAX_SAVED);
    }

    /// Forgets the ticket with this number.
    pub fn forget(&mut self, ticket: &str) {
        self.0.retain(|t| !t.ticket.eq_ignore_ascii_case(ticket));
    }

    /// The remembered access code for a ticket number.
    pub fn code_for(&self, ticket: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|t| t.ticket.eq_ignore_ascii_case(ticket))
            .map(|t| t.access_code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(n: usize) -> SavedTicket {
        SavedTicket {
            ticket: format!("BS-20261122-{n:04}"),
            access_code: format!("CODE{n:04}"),
            service_name: "办事".into(),
            submitted_at: "2026-11-22T09:30:00+08:00".into(),
            expected_datetime: "2026-11-27T17:00:00+08:00".into(),
        }
    }

    #[test]
    fn remembering_again_moves_a_ticket_first_without_duplicating_it() {
        let mut tickets = SavedTickets::default();
        tickets.remember(saved(1));
        tickets.remember(saved(2));
        tickets.remember(saved(1));
        let numbers: Vec<_> = tickets.0.iter().map(|t| t.ticket.as_str()).collect();
        assert_eq!(numbers, ["BS-20261122-0001", "BS-20261122-0002"]);
        assert_eq!(tickets.code_for("bs-20261122-0002"), Some("CODE0002"));
    }

    #[test]
    fn only_the_newest_tickets_are_kept() {
        let mut tickets = SavedTickets::default();
        for n in 0..MAX_SAVED + 5 {
            tickets.remember(saved(n));
        }
        assert_eq!(tickets.0.len(), MAX_SAVED);
        assert_eq!(tickets.0[0].ticket, "BS-20261122-0024");
        tickets.forget("BS-20261122-0024");
        assert_eq!(tickets.code_for("BS-20261122-0024"), None);
    }
}
