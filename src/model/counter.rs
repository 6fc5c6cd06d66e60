//! The counter console's logic: the clerk's desk (hall, window, lines) kept on the device,
//! the commands and their keyboard shortcuts, and which command applies to the number at
//! the window now.

use banshi_contract::{ClerkActionKind, QueueNumber, QueueNumberState};
use serde::{Deserialize, Serialize};

/// Where a clerk sits: a hall's window and the lines they serve there (empty: every line
/// of the window).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desk {
    /// Hall id.
    pub hall: String,
    /// Window number; 0 until chosen.
    pub window: u32,
    /// Line codes served.
    pub lines: Vec<String>,
}

impl Desk {
    /// Storage key.
    pub const KEY: &'static str = "counter-desk";
}

/// What a clerk does at the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Call the next number to the window.
    CallNext,
    /// Call the number at the window again.
    Recall,
    /// The number called did not come (过号).
    Missed,
    /// The citizen is at the window.
    Serve,
    /// Done.
    Finish,
    /// Send the number to another line (opens the choice of line).
    Transfer,
    /// Pause the window, or open it again.
    Pause,
    /// Give a waiting number priority (opens the number field).
    Priority,
}

impl Command {
    /// Every command, in the order of the console's buttons.
    pub const ALL: [Command; 8] = [
        Command::CallNext,
        Command::Recall,
        Command::Missed,
        Command::Serve,
        Command::Finish,
        Command::Transfer,
        Command::Pause,
        Command::Priority,
    ];

    /// Its keyboard shortcut, one letter.
    pub fn key(self) -> char {
        match self {
            Command::CallNext => 'N',
            Command::Recall => 'R',
            Command::Missed => 'M',
            Command::Serve => 'S',
            Command::Finish => 'F',
            Command::Transfer => 'T',
            Command::Pause => 'P',
            Command::Priority => 'G',
        }
    }

    /// The command of a pressed key (`KeyboardEvent.key`), in either case.
    pub fn for_key(key: &str) -> Option<Command> {
        let mut chars = key.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return None;
        };
        Command::ALL
            .into_iter()
            .find(|command| command.key() == c.to_ascii_uppercase())
    }

    /// The clerk's action on a number this command is, if it is one (not a call or a pause).
    pub fn clerk_action(self) -> Option<ClerkActionKind> {
        match self {
            Command::Recall => Some(ClerkActionKind::Recall),
            Command::Missed => Some(ClerkActionKind::Missed),
            Command::Serve => Some(ClerkActionKind::Serve),
            Command::Finish => Some(ClerkActionKind::Finish),
            Command::Transfer => Some(ClerkActionKind::Transfer),
            Command::Priority => Some(ClerkActionKind::Priority),
            Command::CallNext | Command::Pause => None,
        }
    }

    /// Whether the command applies now, with `current` at the window and the window
    /// `paused`. A window with a number called or at it calls no other until that one is
    /// finished, missed or sent on.
    pub fn applies(self, current: Option<&QueueNumber>, paused: bool) -> bool {
        let state = current.map(|n| n.state);
        let busy = matches!(
            state,
            Some(QueueNumberState::Called | QueueNumberState::Serving)
        );
        match self {
            Command::CallNext => !paused && !busy,
            Command::Recall | Command::Missed | Command::Serve => {
                state == Some(QueueNumberState::Called)
            }
            Command::Finish | Command::Transfer => state == Some(QueueNumberState::Serving),
            Command::Pause | Command::Priority => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_window(state: QueueNumberState) -> QueueNumber {
        QueueNumber {
            number: "A018".into(),
            hall: "main".into(),
            line: "A".into(),
            ahead: 0,
            estimated_wait_minutes: 0,
            wait: None,
            updated_at: None,
            issued_at: "2026-12-07T09:00:00+08:00".into(),
            state,
            window: Some(3),
            priority: false,
            booked: false,
            recalls: 0,
            rating: None,
            token: None,
        }
    }

    #[test]
    fn each_command_has_its_own_letter_in_either_case() {
        let mut letters: Vec<char> = Command::ALL.iter().map(|c| c.key()).collect();
        letters.sort_unstable();
        letters.dedup();
        assert_eq!(letters.len(), Command::ALL.len());
        assert_eq!(Command::for_key("n"), Some(Command::CallNext));
        assert_eq!(Command::for_key("F"), Some(Command::Finish));
        assert_eq!(Command::for_key("x"), None);
        assert_eq!(Command::for_key("Enter"), None);
    }

    #[test]
    fn the_console_offers_what_the_number_at_the_window_allows() {
        use QueueNumberState::*;
        let offered = |current: Option<&QueueNumber>, paused: bool| -> Vec<Command> {
            Command::ALL
                .into_iter()
                .filter(|c| c.applies(current, paused))
                .collect()
        };
        assert_eq!(
            offered(None, false),
            [Command::CallNext, Command::Pause, Command::Priority]
        );
        assert_eq!(offered(None, true), [Command::Pause, Command::Priority]);
        assert_eq!(
            offered(Some(&at_window(Called)), false),
            [
                Command::Recall,
                Command::Missed,
                Command::Serve,
                Command::Pause,
                Command::Priority
            ]
        );
        assert_eq!(
            offered(Some(&at_window(Serving)), false),
            [
                Command::Finish,
                Command::Transfer,
                Command::Pause,
                Command::Priority
            ]
        );
        assert!(Command::CallNext.applies(Some(&at_window(Served)), false));
        assert!(Command::CallNext.applies(Some(&at_window(Missed)), false));
    }
}
