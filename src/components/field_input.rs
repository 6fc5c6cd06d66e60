//! One question of a request form, drawn from its contract definition: label, hint, inline
//! error and the input that suits its datatype. What is typed goes straight into the draft.

use banshi_contract::{Datatype, Field};
use leptos::prelude::*;

use crate::i18n::Key;
use crate::lang::tr;
use crate::model::draft::Draft;

/// Element id of a field's (first) input, the target of error-summary links.
pub fn input_id(code: &str) -> String {
    format!("field-{code}")
}

/// Most choices shown as radio buttons; a longer single choice is a drop-down.
const LONGEST_RADIO_LIST: usize = 12;

/// A form field bound to `draft`; `error` is its current message, if any.
#[component]
pub fn FieldInput(
    field: Field,
    draft: RwSignal<Draft>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = input_id(&field.code);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = field.hint.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let hint = field
        .hint
        .clone()
        .map(|h| view! { <div id=hint_id.clone() class="app-hint">{h}</div> });
    let error_line = {
        let error_id = error_id.clone();
        move || {
            error.get().map(|message| {
                view! {
                    <p id=error_id.clone() class="app-error-message">
                        <span class="app-visually-hidden">{tr(Key::ErrorPrefix)}</span>
                        {message}
                    </p>
                }
            })
        }
    };
    let group_class = move || {
        if error.get().is_some() {
            "app-form-group app-form-group--error"
        } else {
            "app-form-group"
        }
    };
    let optional = (!field.required)
        .then(|| view! { <span class="app-optional">{tr(Key::FormOptional)}</span> });
    let code = field.code.clone();

    match field.datatype {
        // A long single choice (a catalogue of services) is a drop-down, not a page of radios.
        Datatype::Singlevaluelist if field.values.len() > LONGEST_RADIO_LIST => {
            let chosen = {
                let code = code.clone();
                Memo::new(move |_| draft.with(|d| d.text(&code)))
            };
            let invalid = move || error.get().is_some().then_some("true");
            view! {
                <div class=group_class>
                    <label class="app-label" for=id.clone()>{field.label.clone()} {optional}</label>
                    {hint}
                    {error_line}
                    <select class="app-input" id=id.clone() name=code.clone()
                        aria-describedby=described_by aria-invalid=invalid
                        on:change=move |event| {
                            let key = event_target_value(&event);
                            draft.update(|d| d.set_text(&code, key));
                        }>
                        <option value="" selected=move || chosen.with(String::is_empty)>{tr(Key::FormChoose)}</option>
                        {field.values.iter().map(|option| {
                            let key = option.key.clone();
                            let selected = { let key = key.clone(); move || chosen.with(|c| *c == key) };
                            view! { <option value=key selected=selected>{option.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            }
            .into_any()
        }
        Datatype::Singlevaluelist | Datatype::Multivaluelist => {
            let multiple = field.datatype == Datatype::Multivaluelist;
            let options = field
                .values
                .iter()
                .enumerate()
                .map(|(i, option)| {
                    let option_id = if i == 0 { id.clone() } else { format!("{id}-{i}") };
                    let key = option.key.clone();
                    let (code, field) = (code.clone(), field.clone());
                    let checked = {
                        let (code, key) = (code.clone(), key.clone());
                        move || {
                            draft.with(|d| if multiple { d.choices(&code).contains(&key) } else { d.text(&code) == key })
                        }
                    };
                    view! {
                        <div class="app-choice">
                            <input
                                class="app-choice__input"
                                id=option_id.clone()
                                name=code.clone()
                                type=if multiple { "checkbox" } else { "radio" }
                                value=key.clone()
                                prop:checked=checked
                                on:change=move |event| {
                                    let on = event_target_checked(&event);
                                    draft.update(|d| if multiple { d.toggle_choice(&field, &key, on) } else { d.set_text(&code, key.clone()) });
                                }
                            />
                            <label class="app-choice__label" for=option_id>{option.name.clone()}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <div class=group_class>
                    <fieldset class="app-fieldset" aria-describedby=described_by>
                        <legend class="app-label">{field.label.clone()} {optional}</legend>
                        {hint}
                        {error_line}
                        <div class="app-choices">{options}</div>
                    </fieldset>
                </div>
            }
            .into_any()
        }
        Datatype::Boolean => view! {
            <div class=group_class>
                {hint}
                {error_line}
                <div class="app-choice">
                    <input
                        class="app-choice__input"
                        id=id.clone()
                        type="checkbox"
                        aria-describedby=described_by
                        prop:checked={
                            let code = code.clone();
                            move || draft.with(|d| d.flag(&code))
                        }
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            draft.update(|d| d.set_flag(&code, on));
                        }
                    />
                    <label class="app-choice__label" for=id.clone()>{field.label.clone()}</label>
                </div>
            </div>
        }
        .into_any(),
        datatype => {
            let value = {
                let code = code.clone();
                move || draft.with(|d| d.text(&code))
            };
            let on_input = move |event| {
                let text = event_target_value(&event);
                draft.update(|d| d.set_text(&code, text));
            };
            let invalid = move || error.get().is_some().then_some("true");
            let control = if datatype == Datatype::Text {
                view! {
                    <textarea class="app-textarea" id=id.clone() name=field.code.clone() rows="5"
                        aria-describedby=described_by aria-invalid=invalid prop:value=value on:input=on_input></textarea>
                }
                .into_any()
            } else {
                let (kind, mode, autocomplete) = match datatype {
                    Datatype::Number => ("text", "decimal", "off"),
                    Datatype::Date => ("date", "none", "off"),
                    Datatype::Datetime => ("datetime-local", "none", "off"),
                    Datatype::Phone => ("tel", "tel", "tel"),
                    Datatype::Email => ("email", "email", "email"),
                    Datatype::IdNumber => ("text", "text", "off"),
                    _ => (
                        "text",
                        "text",
                        if field.code.contains("name") {
                            "name"
                        } else {
                            "off"
                        },
                    ),
                };
                view! {
                    <input class="app-input" id=id.clone() name=field.code.clone() type=kind inputmode=mode
                        autocomplete=autocomplete spellcheck="false"
                        aria-describedby=described_by aria-invalid=invalid prop:value=value on:input=on_input/>
                }
                .into_any()
            };
            view! {
                <div class=group_class>
                    <label class="app-label" for=id.clone()>{field.label.clone()} {optional}</label>
                    {hint}
                    {error_line}
                    {control}
                </div>
            }
            .into_any()
        }
    }
}
