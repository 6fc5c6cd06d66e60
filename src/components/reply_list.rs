//! A citizen's answers to a request for information: each item asked for, then the answer.

use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::tr;

/// `asked[i]` and `replies[i]` as a description list; a reply to a request that named no
/// items is shown on its own.
#[component]
pub fn ReplyList(asked: Vec<String>, replies: Vec<String>) -> impl IntoView {
    view! {
        <dl class="app-summary-list">
            {replies.into_iter().enumerate().map(|(i, reply)| {
                let item = asked.get(i).cloned();
                view! {
                    <div class="app-summary-list__row">
                        <dt class="app-summary-list__key">{match item {
                            Some(item) => view! { <span>{item}</span> }.into_any(),
                            None => view! { <span>{tr(Key::TicketReplyAnswer)}</span> }.into_any(),
                        }}</dt>
                        <dd class="app-summary-list__value app-prewrap">{reply}</dd>
                    </div>
                }
            }).collect_view()}
        </dl>
    }
}
