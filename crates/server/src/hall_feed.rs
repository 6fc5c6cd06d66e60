//! One snapshot of a hall per change, shared by every stream that shows it. A hall's
//! calling board, status pages and queue pages may hold thousands of event streams; each
//! change to its queues is read from the database once per hall and locale (not once per
//! stream) and handed to every stream through a `watch` channel, so a stream that falls
//! behind skips to the newest snapshot instead of replaying old ones.

use std::collections::HashMap;
use std::sync::Arc;

use banshi_contract::{Hall, Locale};
use tokio::sync::{Mutex, broadcast, watch};

use crate::AppState;
use crate::error::ApiError;
use crate::seed::HallDoc;

/// The snapshot as a stream sends it: its JSON.
pub type Snapshot = Arc<str>;

type Feeds = HashMap<(String, Locale), watch::Sender<Snapshot>>;

/// The feeds that have listeners, by hall and locale.
#[derive(Debug, Clone, Default)]
pub struct HallFeeds(Arc<Mutex<Feeds>>);

/// What a change shows a visitor: the queues, the windows and the calls (not the time).
fn shown(hall: &Hall) -> String {
    serde_json::to_string(&(&hall.lines, &hall.calls, &hall.windows)).unwrap_or_default()
}

impl HallFeeds {
    /// A receiver of `hall`'s snapshots in `locale`, holding the current one. The first
    /// listener starts the feed; it stops when its last listener is gone. The lock is held
    /// while a feed starts, so that streams opening together read the hall once, not once
    /// each.
    pub async fn subscribe(
        &self,
        state: &AppState,
        hall: &HallDoc,
        locale: Locale,
    ) -> Result<watch::Receiver<Snapshot>, ApiError> {
        let key = (hall.id.clone(), locale);
        let mut feeds = self.0.lock().await;
        if let Some(sender) = feeds.get(&key) {
            return Ok(sender.subscribe());
        }
        // Subscribe to changes before reading, so that none falls between the two.
        let changes = state.store.subscribe();
        let first = crate::routes::hall_view(state, hall, locale).await?;
        let json: Snapshot = serde_json::to_string(&first).unwrap_or_default().into();
        let (sender, receiver) = watch::channel(json);
        feeds.insert(key, sender.clone());
        drop(feeds);
        tokio::spawn(follow(
            self.clone(),
            state.clone(),
            hall.clone(),
            locale,
            sender,
            changes,
            shown(&first),
        ));
        Ok(receiver)
    }
}

/// Makes a new snapshot after each change to `hall`'s queues that a visitor would see,
/// until nobody listens.
async fn follow(
    feeds: HallFeeds,
    state: AppState,
    hall: HallDoc,
    locale: Locale,
    sender: watch::Sender<Snapshot>,
    mut changes: broadcast::Receiver<String>,
    mut last: String,
) {
    let notice = crate::store::hall_notice(&hall.id);
    loop {
        let changed = tokio::select! {
            () = sender.closed() => {
                // Nobody listens: stop, unless a stream subscribed just now.
                let mut all = feeds.0.lock().await;
                if sender.receiver_count() == 0 {
                    all.remove(&(hall.id.clone(), locale));
                    return;
                }
                continue;
            }
            changed = changes.recv() => changed,
        };
        match changed {
            Ok(what) if what != notice => continue,
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => break,
        }
        let Ok(now) = crate::routes::hall_view(&state, &hall, locale).await else {
            continue;
        };
        let seen = shown(&now);
        if seen == last {
            continue;
        }
        last = seen;
        sender.send_replace(serde_json::to_string(&now).unwrap_or_default().into());
    }
    feeds.0.lock().await.remove(&(hall.id.clone(), locale));
}
