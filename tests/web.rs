//! Component tests in a real browser (headless Chromium via wasm-bindgen-test): what a user
//! sees and where focus goes. Run by `cargo xtask test`.
#![cfg(target_arch = "wasm32")]

use banshi_contract::{Datatype, Field, Locale};
use leptos::prelude::*;
use portal::components::{ErrorSummary, FieldInput, LanguageSwitch, QrImage, SummaryItem};
use portal::lang::provide_lang;
use portal::model::draft::Draft;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// A fresh container attached to the body.
fn container() -> web_sys::HtmlElement {
    let element = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&element)
        .expect("attached");
    element.unchecked_into()
}

#[wasm_bindgen_test]
async fn the_error_summary_appears_with_links_and_takes_focus() {
    let root = container();
    let items = RwSignal::new(Vec::<SummaryItem>::new());
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_lang(Locale::En);
        view! { <ErrorSummary items/> <input id="field-name"/> }
    });
    assert!(
        root.query_selector(".app-error-summary")
            .expect("query")
            .is_none(),
        "hidden without errors"
    );

    items.set(vec![SummaryItem {
        target: Some("field-name".into()),
        message: "Enter your full name".into(),
    }]);
    leptos::task::tick().await;
    let summary = root
        .query_selector(".app-error-summary")
        .expect("query")
        .expect("shown");
    assert_eq!(
        document().active_element(),
        Some(summary.clone()),
        "the summary takes focus"
    );
    assert!(
        summary
            .text_content()
            .unwrap_or_default()
            .contains("There is a problem")
    );
    let link: web_sys::HtmlElement = summary
        .query_selector("a")
        .expect("query")
        .expect("a link")
        .unchecked_into();
    assert_eq!(link.get_attribute("href").as_deref(), Some("#field-name"));
    link.click();
    let focused = document().active_element().map(|e| e.id());
    assert_eq!(
        focused.as_deref(),
        Some("field-name"),
        "the link moves focus to the field"
    );
}

#[wasm_bindgen_test]
async fn typing_into_a_field_updates_the_draft_and_errors_are_announced_beside_it() {
    let root = container();
    let draft = RwSignal::new(Draft::new("svc"));
    let error = RwSignal::new(None::<String>);
    let field = Field {
        code: "phone".into(),
        datatype: Datatype::Phone,
        required: true,
        label: "Phone number".into(),
        hint: Some("We call you if something is missing".into()),
        min_length: None,
        max_length: None,
        min: None,
        max: None,
        pattern: None,
        values: vec![],
        contact: Some(banshi_contract::ContactRole::Phone),
    };
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_lang(Locale::En);
        view! { <FieldInput field draft error/> }
    });
    let input: web_sys::HtmlInputElement = root
        .query_selector("#field-phone")
        .expect("query")
        .expect("input")
        .unchecked_into();
    assert_eq!(input.type_(), "tel");
    let label = root
        .query_selector("label[for=field-phone]")
        .expect("query")
        .expect("label");
    assert_eq!(label.text_content().as_deref(), Some("Phone number"));

    input.set_value("13812345678");
    input
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatched");
    assert_eq!(draft.get_untracked().text("phone"), "13812345678");

    error.set(Some("Enter a real phone number".into()));
    leptos::task::tick().await;
    let described = input.get_attribute("aria-describedby").unwrap_or_default();
    assert!(described.contains("field-phone-error"), "{described}");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let message = root
        .query_selector("#field-phone-error")
        .expect("query")
        .expect("message");
    assert!(
        message
            .text_content()
            .unwrap_or_default()
            .contains("Enter a real phone number")
    );
}

#[wasm_bindgen_test]
async fn the_language_switch_marks_the_current_language_and_sets_html_lang() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_lang(Locale::ZhHans);
        view! { <LanguageSwitch/> }
    });
    leptos::task::tick().await;
    let buttons = root.query_selector_all("button").expect("query");
    assert_eq!(buttons.length(), 3);
    let english: web_sys::HtmlElement = buttons.get(2).expect("third").unchecked_into();
    assert_eq!(
        english.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    english.click();
    leptos::task::tick().await;
    assert_eq!(
        english.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    let html = document().document_element().expect("html");
    assert_eq!(html.get_attribute("lang").as_deref(), Some("en"));
}

#[wasm_bindgen_test]
async fn a_qr_code_is_drawn_with_its_quiet_zone_and_named_for_assistive_technology() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <QrImage payload="HTTP://A.B/T/TX01".to_owned() label=Signal::derive(|| "Opens the guide".to_owned())/>
        }
    });
    leptos::task::tick().await;
    let image = root
        .query_selector("[role=img]")
        .expect("query")
        .expect("an image");
    assert_eq!(
        image.get_attribute("aria-label").as_deref(),
        Some("Opens the guide")
    );
    let svg = image.query_selector("svg").expect("query").expect("drawn");
    let side = portal::model::qr::QrMatrix::encode("HTTP://A.B/T/TX01")
        .expect("fits")
        .side_with_quiet_zone();
    assert_eq!(
        svg.get_attribute("viewBox"),
        Some(format!("0 0 {side} {side}"))
    );
    assert_eq!(svg.get_attribute("aria-hidden").as_deref(), Some("true"));
}
