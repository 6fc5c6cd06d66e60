//! What a citizen writes about a filed ticket (answers to a request for information, the
//! reason for a withdrawal or a send-back), checked before it is sent by the contract's limits.

use banshi_contract::InfoReply;

/// Why a piece of text cannot be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// Nothing but spaces.
    Blank,
    /// Longer than the contract allows.
    TooLong,
}

fn check(text: &str, max: usize) -> Option<TextProblem> {
    match text.trim().chars().count() {
        0 => Some(TextProblem::Blank),
        n if n > max => Some(TextProblem::TooLong),
        _ => None,
    }
}

/// The problem of each answer of a reply that has one, by index.
pub fn reply_problems(answers: &[String]) -> Vec<(usize, TextProblem)> {
    answers
        .iter()
        .enumerate()
        .filter_map(|(i, a)| check(a, InfoReply::MAX_ANSWER).map(|p| (i, p)))
        .collect()
}

/// The problem of a reason of at most `max` characters (a withdrawal's, a send-back's), if
/// it has one.
pub fn reason_problem(reason: &str, max: usize) -> Option<TextProblem> {
    check(reason, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_is_needed_and_limited_in_characters_not_bytes() {
        let full = "字".repeat(InfoReply::MAX_ANSWER);
        let over = "字".repeat(InfoReply::MAX_ANSWER + 1);
        assert_eq!(
            reply_problems(&["已寄出".into(), " \n ".into(), full, over]),
            [(1, TextProblem::Blank), (3, TextProblem::TooLong)]
        );
        assert_eq!(reason_problem("  ", 10), Some(TextProblem::Blank));
        assert_eq!(reason_problem(" 不需要了 ", 4), None);
        assert_eq!(reason_problem("不需要了", 3), Some(TextProblem::TooLong));
    }
}
