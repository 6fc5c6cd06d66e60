//! `/staff/counter`: the counter console (clerks and supervisors). The clerk picks a window
//! and the lines served there (kept on this device), then calls the next number, recalls
//! it, marks it missed, serves and finishes it, transfers it to another line, gives a
//! waiting number priority (绿色通道) or pauses the window; every command has a one-letter
//! shortcut shown on its button. The window's number follows the hall's stream, so a
//! reload or a second console shows what the server knows.

use banshi_contract::{ClerkAction, ClerkActionKind, Hall, QueueNumber, QueueNumberState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{ApiError, Backend, use_backend};
use crate::components::{ApiErrorView, Loading, PageHeading};
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::load::Load;
use crate::model::counter::{Command, Desk};
use crate::model::hall::{window_name, windows_for};
use crate::storage;

use super::form::staff_error_key;
use super::frame::{COUNTER_ROLES, StaffFrame};

/// `/staff/counter`.
#[component]
pub fn StaffCounterPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::StaffCounterTitle).to_owned())/>
        <StaffFrame roles=COUNTER_ROLES page=move |_| view! { <Counter/> }/>
    }
}

#[component]
fn Counter() -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let halls = Load::new(move || backend.halls(lang.locale()));
    let desk = RwSignal::new(storage::load::<Desk>(Desk::KEY).unwrap_or_default());
    Effect::new(move |_| {
        desk.with(|d| storage::save(Desk::KEY, d));
    });
    move || match halls.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => {
            view! { <ApiErrorView error retry=move |_| halls.refetch()/> }.into_any()
        }
        Some(Ok(list)) => {
            let chosen = desk.get();
            let hall = list
                .iter()
                .find(|h| h.id == chosen.hall)
                .filter(|h| h.windows.iter().any(|w| w.number == chosen.window))
                .cloned();
            match hall {
                Some(hall) => view! { <Console hall desk/> }.into_any(),
                None => view! { <DeskForm halls=list desk/> }.into_any(),
            }
        }
    }
}

/// Choosing the hall, window and lines.
#[component]
fn DeskForm(halls: Vec<Hall>, desk: RwSignal<Desk>) -> impl IntoView {
    let lang = use_lang();
    let hall_id = RwSignal::new(halls.first().map(|h| h.id.clone()).unwrap_or_default());
    let window = RwSignal::new(0u32);
    let missing = RwSignal::new(false);
    // Lines of the window the clerk does not serve now (all are served at first).
    let skipped = RwSignal::new(Vec::<String>::new());
    let halls_for_lines = StoredValue::new(halls.clone());
    let window_lines = move || -> Vec<String> {
        let (id, number) = (hall_id.get(), window.get());
        halls_for_lines.with_value(|halls| {
            halls
                .iter()
                .find(|h| h.id == id)
                .and_then(|h| h.windows.iter().find(|w| w.number == number))
                .map(|w| w.lines.clone())
                .unwrap_or_default()
        })
    };
    let halls_for_windows = halls.clone();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if window.get_untracked() == 0 {
            missing.set(true);
            crate::components::focus_field("counter-window");
            return;
        }
        let skipped = skipped.get_untracked();
        let served: Vec<String> = untrack(window_lines)
            .into_iter()
            .filter(|l| !skipped.contains(l))
            .collect();
        desk.set(Desk {
            hall: hall_id.get_untracked(),
            window: window.get_untracked(),
            // Every line of the window is the same as none named.
            lines: if skipped.is_empty() {
                Vec::new()
            } else {
                served
            },
        });
    };
    let several = halls.len() > 1;
    view! {
        <form class="app-form" novalidate on:submit=on_submit>
            {several.then(|| view! {
                <div class="app-form-group">
                    <label class="app-label" for="counter-hall">{tr(Key::StaffCounterHall)}</label>
                    <select class="app-input" id="counter-hall" on:change=move |e| { hall_id.set(event_target_value(&e)); window.set(0); }>
                        {halls.iter().map(|h| view! { <option value=h.id.clone()>{h.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
            })}
            <div class=move || if missing.get() { "app-form-group app-form-group--error" } else { "app-form-group" }>
                <label class="app-label" for="counter-window">{tr(Key::StaffCounterWindow)}</label>
                {move || missing.get().then(|| view! { <p class="app-error-message" id="counter-window-error">{tr(Key::StaffCounterWindowMissing)}</p> })}
                <select class="app-input" id="counter-window"
                    aria-describedby=move || missing.get().then_some("counter-window-error")
                    on:change=move |e| { window.set(event_target_value(&e).parse().unwrap_or(0)); missing.set(false); }>
                    <option value="0">{tr(Key::StaffCounterChoose)}</option>
                    {move || {
                        let id = hall_id.get();
                        halls_for_windows.iter().find(|h| h.id == id).map(|h| h.windows.iter().map(|w| {
                            let lines = w.lines.join(lang.t(Key::HallListSeparator));
                            view! { <option value=w.number.to_string()>{lang.t_with(Key::StaffCounterWindowOption, &[("window", &w.name), ("lines", &lines)])}</option> }
                        }).collect_view())
                    }}
                </select>
            </div>
            {move || {
                let lines = window_lines();
                (!lines.is_empty()).then(|| view! {
                    <fieldset class="app-fieldset app-form-group">
                        <legend class="app-label">{tr(Key::StaffCounterLines)}</legend>
                        {lines.into_iter().map(|code| {
                            let id = format!("counter-line-{code}");
                            let (checked, toggle) = (code.clone(), code.clone());
                            view! {
                                <div class="app-choice">
                                    <input class="app-choice__input" type="checkbox" id=id.clone()
                                        prop:checked=move || skipped.with(|s| !s.contains(&checked))
                                        on:change=move |e| {
                                            let on = event_target_checked(&e);
                                            skipped.update(|s| { s.retain(|l| l != &toggle); if !on { s.push(toggle.clone()); } });
                                        }/>
                                    <label class="app-choice__label" for=id>{code.clone()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                })
            }}
            <button type="submit" class="app-button">{tr(Key::StaffCounterStart)}</button>
        </form>
    }
}

/// The name of a number's state at the counter.
fn state_key(state: QueueNumberState) -> Key {
    match state {
        QueueNumberState::Called => Key::StaffCounterStateCalled,
        QueueNumberState::Serving => Key::StaffCounterStateServing,
        QueueNumberState::Served => Key::StaffCounterStateServed,
        QueueNumberState::Missed => Key::StaffCounterStateMissed,
        QueueNumberState::Transferred => Key::StaffCounterStateTransferred,
        QueueNumberState::Cancelled => Key::StaffCounterStateCancelled,
        _ => Key::StaffCounterStateWaiting,
    }
}

/// What the console says when `command` on a number is done.
fn done_key(command: Command) -> Key {
    match command {
        Command::CallNext => Key::StaffCounterDoneCall,
        Command::Recall => Key::StaffCounterDoneRecall,
        Command::Missed => Key::StaffCounterDoneMissed,
        Command::Serve => Key::StaffCounterDoneServe,
        Command::Finish => Key::StaffCounterDoneFinish,
        Command::Priority => Key::StaffCounterDonePriority,
        Command::Transfer => Key::StaffCounterDoneTransfer,
        Command::Pause => Key::StaffCounterDonePause,
    }
}

/// What the console says after a command: done, or why not.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Done(String),
    Refused(String),
}

/// The console for one window.
#[component]
fn Console(hall: Hall, desk: RwSignal<Desk>) -> impl IntoView {
    let lang = use_lang();
    let backend = use_backend();
    let chosen = desk.get_untracked();
    let window_number = chosen.window;
    let shown = RwSignal::new(hall.clone());
    let streaming = RwSignal::new(false);
    let current = RwSignal::new(None::<QueueNumber>);
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let transfer_line = RwSignal::new(String::new());
    let transfer_front = RwSignal::new(false);
    let priority_number = RwSignal::new(String::new());
    let hall_id = hall.id.clone();
    let paused = Memo::new(move |_| {
        shown.with(|h| {
            h.windows
                .iter()
                .any(|w| w.number == window_number && w.paused)
        })
    });
    // The number at the window, as the server knows it.
    let follow = {
        let (backend, hall_id) = (backend.clone(), hall_id.clone());
        move |fresh: Hall| {
            let at_window = fresh
                .windows
                .iter()
                .find(|w| w.number == window_number)
                .and_then(|w| w.now.clone());
            shown.try_set(fresh);
            let known = current.with_untracked(|c| c.as_ref().map(|n| n.number.clone()));
            if let Some(number) = at_window.filter(|n| Some(n) != known.as_ref()) {
                let (backend, hall_id) = (backend.clone(), hall_id.clone());
                spawn_local(async move {
                    if let Ok(found) = backend
                        .staff_number(lang.locale_untracked(), hall_id, number)
                        .await
                    {
                        current.try_set(Some(found));
                    }
                });
            }
        }
    };
    crate::hall::follow_hall(hall_id.clone(), streaming, follow);
    let window_name_now = {
        let hall = hall.clone();
        move || window_name(&hall, window_number)
    };
    let run = {
        let (backend, hall_id) = (backend.clone(), hall_id.clone());
        Callback::new(move |command: Command| {
            let at_window = current.get_untracked();
            let pausing = !paused.get_untracked();
            if busy.get_untracked() || !command.applies(at_window.as_ref(), !pausing) {
                return;
            }
            let (backend, hall_id) = (backend.clone(), hall_id.clone());
            let locale = lang.locale_untracked();
            // The number acted on: the one at the window, or the one typed for priority.
            let number = match command {
                Command::Priority => priority_number.get_untracked().trim().to_ascii_uppercase(),
                _ => at_window.map(|n| n.number).unwrap_or_default(),
            };
            busy.set(true);
            spawn_local(async move {
                let result = match command.clerk_action() {
                    Some(kind) => {
                        let transfer = kind == ClerkActionKind::Transfer;
                        let action = ClerkAction {
                            action: kind,
                            line: Some(transfer_line.get_untracked())
                                .filter(|l| transfer && !l.is_empty()),
                            front: transfer && transfer_front.get_untracked(),
                        };
                        backend
                            .clerk_action(locale, hall_id, number, action)
                            .await
                            .map(Some)
                    }
                    None if command == Command::Pause => backend
                        .pause_window(locale, hall_id, window_number, pausing)
                        .await
                        .map(|_| None),
                    None => backend
                        .call_next(locale, hall_id, window_number, desk.get_untracked().lines)
                        .await
                        .map(Some),
                };
                busy.set(false);
                let done = match result {
                    Ok(Some(number)) => {
                        let said = lang.t_with(done_key(command), &[("number", &number.number)]);
                        // A number given priority stays in its queue, not at this window.
                        if command == Command::Priority {
                            priority_number.set(String::new());
                        } else {
                            current.set(Some(number));
                        }
                        Outcome::Done(said)
                    }
                    Ok(None) => Outcome::Done(
                        lang.t(if pausing {
                            Key::StaffCounterDonePause
                        } else {
                            Key::StaffCounterDoneOpen
                        })
                        .to_owned(),
                    ),
                    Err(ApiError::Problem(p)) if p.status == 409 || p.status == 422 => {
                        Outcome::Refused(
                            p.errors
                                .first()
                                .map(|e| e.message.clone())
                                .or_else(|| p.detail.clone())
                                .unwrap_or_default(),
                        )
                    }
                    Err(other) => Outcome::Refused(lang.t(staff_error_key(&other)).to_owned()),
                };
                outcome.set(Some(done));
            });
        })
    };
    // Shortcuts: one letter, anywhere on the page but in a text field.
    let shortcuts =
        window_event_listener(leptos::ev::keydown, move |event: web_sys::KeyboardEvent| {
            if event.ctrl_key() || event.alt_key() || event.meta_key() || event.default_prevented()
            {
                return;
            }
            let typing = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
            let Some(command) = Command::for_key(&event.key()).filter(|_| !typing) else {
                return;
            };
            event.prevent_default();
            match command {
                // These need a choice first: take the clerk to it.
                Command::Transfer
                    if Command::Transfer.applies(current.get_untracked().as_ref(), false) =>
                {
                    crate::components::focus_field("counter-transfer-line");
                }
                Command::Priority => crate::components::focus_field("counter-priority-number"),
                other => run.run(other),
            }
        });
    on_cleanup(move || shortcuts.remove());
    let button = move |command: Command, key: Key, primary: bool| {
        let letter = command.key().to_string();
        let class = if primary {
            "app-button"
        } else {
            "app-button app-button--secondary"
        };
        view! {
            <button type="button" class=class aria-keyshortcuts=letter.clone()
                id=format!("counter-{}", letter.to_ascii_lowercase())
                disabled=move || busy.get() || !command.applies(current.get().as_ref(), paused.get())
                on:click=move |_| run.run(command)>
                {tr(key)} " " <kbd class="app-kbd">{letter.clone()}</kbd>
            </button>
        }
    };
    let lines_here = hall
        .windows
        .iter()
        .find(|w| w.number == window_number)
        .map(|w| w.lines.clone())
        .unwrap_or_default();
    let other_lines: Vec<(String, String)> = hall
        .lines
        .iter()
        .map(|l| (l.code.clone(), crate::model::hall::line_label(l)))
        .collect();
    view! {
        <p class="app-lead" id="counter-desk">
            {move || lang.t_with(Key::StaffCounterAt, &[("window", &window_name_now())])}
            {move || paused.get().then(|| view! { " " <strong class="app-tag">{tr(Key::StaffCounterPaused)}</strong> })}
            " "
            <button type="button" class="app-link-button" on:click=move |_| desk.set(Desk::default())>{tr(Key::StaffCounterChange)}</button>
        </p>
        <div class="app-counter__now" id="counter-now">
            {move || match current.get() {
                Some(number) => {
                    let state = lang.t(state_key(number.state));
                    view! {
                        <p class="app-counter__number">{number.number.clone()}</p>
                        <p class="app-body" id="counter-state">{state}
                            {(number.recalls > 0).then(|| lang.t_with(Key::StaffCounterRecalls, &[("count", &number.recalls.to_string())]))}
                        </p>
                    }.into_any()
                }
                None => view! { <p class="app-body" id="counter-state">{tr(Key::StaffCounterNobody)}</p> }.into_any(),
            }}
        </div>
        <div role="status" class="app-counter__outcome" id="counter-outcome">
            {move || match outcome.get() {
                Some(Outcome::Done(text)) => Some(view! { <p class="app-body">{text}</p> }.into_any()),
                Some(Outcome::Refused(text)) => Some(view! { <p class="app-notice app-notice--error">{text}</p> }.into_any()),
                None => None,
            }}
        </div>
        <div class="app-button-group app-counter__buttons">
            {button(Command::CallNext, Key::StaffCounterCall, true)}
            {button(Command::Recall, Key::StaffCounterRecall, false)}
            {button(Command::Missed, Key::StaffCounterMissed, false)}
            {button(Command::Serve, Key::StaffCounterServe, false)}
            {button(Command::Finish, Key::StaffCounterFinish, true)}
            <button type="button" class="app-button app-button--secondary" aria-keyshortcuts="P" id="counter-p"
                disabled=move || busy.get() on:click=move |_| run.run(Command::Pause)>
                {move || lang.t(if paused.get() { Key::StaffCounterOpen } else { Key::StaffCounterPause })} " " <kbd class="app-kbd">"P"</kbd>
            </button>
        </div>
        <form class="app-form app-counter__transfer" novalidate on:submit=move |e: leptos::ev::SubmitEvent| { e.prevent_default(); run.run(Command::Transfer); }>
            <h2 class="app-heading-m">{tr(Key::StaffCounterTransferTitle)} " " <kbd class="app-kbd">"T"</kbd></h2>
            <div class="app-form-group">
                <label class="app-label" for="counter-transfer-line">{tr(Key::StaffCounterTransferLine)}</label>
                <select class="app-input" id="counter-transfer-line" on:change=move |e| transfer_line.set(event_target_value(&e))>
                    <option value="">{tr(Key::StaffCounterChoose)}</option>
                    {other_lines.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                </select>
            </div>
            <div class="app-choice">
                <input class="app-choice__input" type="checkbox" id="counter-transfer-front"
                    prop:checked=move || transfer_front.get() on:change=move |e| transfer_front.set(event_target_checked(&e))/>
                <label class="app-choice__label" for="counter-transfer-front">{tr(Key::StaffCounterTransferFront)}</label>
            </div>
            <button type="submit" class="app-button app-button--secondary"
                disabled=move || busy.get() || !Command::Transfer.applies(current.get().as_ref(), false)>
                {tr(Key::StaffCounterTransfer)}
            </button>
        </form>
        <form class="app-form app-counter__priority" novalidate on:submit=move |e: leptos::ev::SubmitEvent| { e.prevent_default(); run.run(Command::Priority); }>
            <h2 class="app-heading-m">{tr(Key::StaffCounterPriorityTitle)} " " <kbd class="app-kbd">"G"</kbd></h2>
            <div class="app-form-group">
                <label class="app-label" for="counter-priority-number">{tr(Key::StaffCounterPriorityNumber)}</label>
                <div class="app-hint" id="counter-priority-hint">{tr(Key::StaffCounterPriorityHint)}</div>
                <input class="app-input app-input--short" id="counter-priority-number" type="text" autocomplete="off" spellcheck="false"
                    aria-describedby="counter-priority-hint"
                    prop:value=move || priority_number.get() on:input=move |e| priority_number.set(event_target_value(&e))/>
            </div>
            <button type="submit" class="app-button app-button--secondary" disabled=move || busy.get()>{tr(Key::StaffCounterPriority)}</button>
        </form>
        <section class="app-section" aria-labelledby="counter-lines-title">
            <h2 class="app-heading-m" id="counter-lines-title">{tr(Key::StaffCounterQueues)}</h2>
            <table class="app-table" id="counter-lines">
                <thead><tr><th scope="col">{tr(Key::HallLine)}</th><th scope="col">{tr(Key::HallWaiting)}</th><th scope="col">{tr(Key::HallWindows)}</th></tr></thead>
                <tbody>
                    {move || { let hall = shown.get(); hall.lines.iter().filter(|l| lines_here.contains(&l.code)).map(|line| {
                        let windows: Vec<String> = windows_for(&hall, &line.code).iter().filter(|w| !w.paused).map(|w| w.name.clone()).collect();
                        view! { <tr><th scope="row">{crate::model::hall::line_label(line)}</th><td class="app-table__number">{line.waiting.to_string()}</td><td>{windows.join(lang.t(Key::HallListSeparator))}</td></tr> }
                    }).collect_view() }}
                </tbody>
            </table>
        </section>
    }
}
