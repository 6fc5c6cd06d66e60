//! The 好差评 form: five choices from 非常满意 to 非常不满意 and an optional comment, for a
//! ticket, the rework after a bad rating, or a visit to a window. The caller sends it and
//! reports a failure through `problem`.

use banshi_contract::RatingSubmission;
use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::{tr, use_lang};

/// The 好差评 label of a score.
pub fn score_key(score: u8) -> Key {
    match score {
        5 => Key::RatingScore5,
        4 => Key::RatingScore4,
        3 => Key::RatingScore3,
        2 => Key::RatingScore2,
        _ => Key::RatingScore1,
    }
}

/// The form's heading, question and button.
#[derive(Debug, Clone, Copy)]
pub struct RatingTexts {
    /// The heading.
    pub title: Key,
    /// The legend of the choices.
    pub question: Key,
    /// The button.
    pub submit: Key,
}

/// The form; `prefix` keeps its ids apart from another on the same page. A submission
/// without a score is stopped here with a message.
#[component]
pub fn ScoreForm(
    prefix: &'static str,
    texts: RatingTexts,
    send: Callback<RatingSubmission>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let score = RwSignal::new(None::<u8>);
    let comment = RwSignal::new(String::new());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(chosen) = score.get_untracked() else {
            problem.set(Some(lang.t(Key::RatingChoose).to_owned()));
            return;
        };
        problem.set(None);
        send.run(RatingSubmission {
            score: chosen,
            comment: comment.get_untracked(),
        });
    };
    let comment_id = format!("{prefix}rating-comment");
    view! {
        <form class="app-form" novalidate on:submit=on_submit>
            <h2 class="app-heading-l">{tr(texts.title)}</h2>
            <div class=move || if problem.get().is_some() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                <fieldset class="app-fieldset">
                    <legend class="app-label">{tr(texts.question)}</legend>
                    {move || problem.get().map(|m| view! { <p class="app-error-message" role="alert">{m}</p> })}
                    {(1..=5u8).rev().map(|s| {
                        let id = format!("{prefix}score-{s}");
                        view! {
                            <div class="app-choice">
                                <input class="app-choice__input" type="radio" name=format!("{prefix}score") id=id.clone()
                                    prop:checked=move || score.get() == Some(s) on:change=move |_| score.set(Some(s))/>
                                <label class="app-choice__label" for=id>{move || lang.t(score_key(s))}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            </div>
            <div class="app-form-group">
                <label class="app-label" for=comment_id.clone()>{tr(Key::RatingComment)} <span class="app-optional">{tr(Key::FormOptional)}</span></label>
                <textarea class="app-textarea" id=comment_id rows="3" maxlength=RatingSubmission::MAX_COMMENT.to_string()
                    prop:value=move || comment.get() on:input=move |e| comment.set(event_target_value(&e))></textarea>
            </div>
            <button class="app-button" type="submit">{tr(texts.submit)}</button>
        </form>
    }
}
