//! Answers that came with the page: the server rendered it from them and embedded them, so
//! the app reads them instead of asking again. Each answer is used once; a retry or a
//! language change asks the backend.

use std::sync::{Arc, Mutex};

/// One backend answer, as the portal would have fetched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefetch {
    /// The HTTP status.
    pub status: u16,
    /// The body, as text.
    pub body: String,
}

/// The answers a rendered page was built from, by the exact URL the portal asks for, and
/// (while rendering) the URLs it asked for that were not there.
#[derive(Debug, Clone, Default)]
pub struct Prefetched {
    inner: Arc<Mutex<Shelf>>,
}

/// Plain lists: a page has a handful of answers, and maps would cost the WebAssembly more.
#[derive(Debug, Default)]
struct Shelf {
    answers: Vec<(String, Prefetch)>,
    missing: Vec<String>,
}

impl Prefetched {
    /// A shelf holding `answers`.
    pub fn new(answers: Vec<(String, Prefetch)>) -> Prefetched {
        Prefetched {
            inner: Arc::new(Mutex::new(Shelf {
                answers,
                missing: Vec::new(),
            })),
        }
    }

    fn shelf(&self) -> std::sync::MutexGuard<'_, Shelf> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes the answer for `url`, if it came with the page; notes the URL as missing if not.
    pub fn take(&self, url: &str) -> Option<Prefetch> {
        let mut shelf = self.shelf();
        match shelf.answers.iter().position(|(at, _)| at == url) {
            Some(index) => Some(shelf.answers.swap_remove(index).1),
            None => {
                if !shelf.missing.iter().any(|m| m == url) {
                    shelf.missing.push(url.to_owned());
                }
                None
            }
        }
    }

    /// The URLs asked for that had no answer here, in the order they were asked for.
    pub fn missing(&self) -> Vec<String> {
        self.shelf().missing.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_used_once_and_a_missing_one_is_noted() {
        let ok = Prefetch {
            status: 200,
            body: "[]".into(),
        };
        let shelf = Prefetched::new(vec![("/api/v1/categories".into(), ok.clone())]);
        assert_eq!(shelf.take("/api/v1/categories"), Some(ok));
        assert!(shelf.missing().is_empty());
        assert_eq!(shelf.take("/api/v1/categories"), None);
        assert_eq!(shelf.take("/api/v1/tutorials/TX01"), None);
        assert_eq!(shelf.take("/api/v1/tutorials/TX01"), None);
        assert_eq!(
            shelf.missing(),
            vec![
                "/api/v1/categories".to_owned(),
                "/api/v1/tutorials/TX01".to_owned()
            ]
        );
    }
}
