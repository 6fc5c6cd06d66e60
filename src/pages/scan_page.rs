//! `/scan`: reads a QR code with the camera. The browser's `BarcodeDetector` decodes where
//! there is one; elsewhere `rqrr` decodes frames in WebAssembly, from a module of its own
//! that only such browsers fetch. An address of this portal opens in-app; anything else is
//! only shown. A typed code is the fallback for every failure.

use leptos::html::Video;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::components::PageHeading;
use crate::i18n::Key;
use crate::lang::{tr, use_lang};
use crate::model::qr::decode_greyscale;
use crate::model::scanned::{Scanned, interpret, typed_code};
use crate::nav::{use_navigate, use_open_href};
use crate::split::{ModuleMissing, split_point};

/// How often a frame is decoded.
const FRAME_INTERVAL: std::time::Duration = std::time::Duration::from_millis(200);

/// Where the camera is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Camera {
    Starting,
    Scanning,
    /// A portal address was read and is opening.
    Opened,
    Denied,
    Missing,
    Unsupported,
    Failed,
    /// The WebAssembly decoder could not be fetched.
    DecoderMissing,
}

/// A decoder for video frames.
enum Decoder {
    /// The browser's `BarcodeDetector`.
    Native(JsValue),
    /// `rqrr` on a canvas copy of the frame.
    Wasm(web_sys::HtmlCanvasElement),
}

fn camera_message(camera: Camera) -> Option<Key> {
    match camera {
        Camera::Starting => Some(Key::ScanStarting),
        Camera::Scanning | Camera::Opened => None,
        Camera::Denied => Some(Key::ScanDenied),
        Camera::Missing => Some(Key::ScanNoCamera),
        Camera::Unsupported => Some(Key::ScanUnsupported),
        Camera::Failed => Some(Key::ScanFailed),
        Camera::DecoderMissing => Some(Key::ScanDecoderMissing),
    }
}

/// Asks for the back camera and plays it in `video`.
async fn start_camera(video: &web_sys::HtmlVideoElement) -> Result<web_sys::MediaStream, Camera> {
    let devices = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| n.media_devices().ok())
        .ok_or(Camera::Unsupported)?;
    let constraints = web_sys::MediaStreamConstraints::new();
    let video_constraints = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &video_constraints,
        &"facingMode".into(),
        &"environment".into(),
    );
    constraints.set_video(&video_constraints);
    let request = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| Camera::Unsupported)?;
    let stream: web_sys::MediaStream = JsFuture::from(request)
        .await
        .map_err(|error| {
            let name = js_sys::Reflect::get(&error, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            match name.as_str() {
                "NotAllowedError" | "SecurityError" => Camera::Denied,
                "NotFoundError" | "OverconstrainedError" => Camera::Missing,
                _ => Camera::Failed,
            }
        })?
        .unchecked_into();
    video.set_src_object(Some(&stream));
    if let Ok(playing) = video.play() {
        let _ = JsFuture::from(playing).await;
    }
    Ok(stream)
}

fn stop(stream: &web_sys::MediaStream) {
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<web_sys::MediaStreamTrack>().stop();
    }
}

/// Switches the camera off when dropped, however the scanning ends.
struct CameraOff(web_sys::MediaStream);

impl Drop for CameraOff {
    fn drop(&mut self) {
        stop(&self.0);
    }
}

/// The browser's QR detector, when it has one that reads QR codes (some only read other
/// formats).
async fn native_decoder() -> Option<Decoder> {
    let window = web_sys::window()?;
    let class = js_sys::Reflect::get(&window, &"BarcodeDetector".into()).ok()?;
    let class: js_sys::Function = class.dyn_into().ok()?;
    let supported: js_sys::Function = js_sys::Reflect::get(&class, &"getSupportedFormats".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let formats: js_sys::Promise = supported.call0(&class).ok()?.dyn_into().ok()?;
    let formats: js_sys::Array = JsFuture::from(formats).await.ok()?.dyn_into().ok()?;
    if !formats.includes(&"qr_code".into(), 0) {
        return None;
    }
    let options = js_sys::Object::new();
    let formats = js_sys::Array::of1(&"qr_code".into());
    js_sys::Reflect::set(&options, &"formats".into(), &formats).ok()?;
    let detector = js_sys::Reflect::construct(&class, &js_sys::Array::of1(&options)).ok()?;
    Some(Decoder::Native(detector))
}

fn wasm_decoder() -> Option<Decoder> {
    let canvas = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    Some(Decoder::Wasm(canvas))
}

/// Asks the browser's `BarcodeDetector` for a code in the current frame.
async fn detect_native(detector: &JsValue, video: &web_sys::HtmlVideoElement) -> Option<String> {
    let detect: js_sys::Function = js_sys::Reflect::get(detector, &"detect".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: js_sys::Promise = detect.call1(detector, video).ok()?.dyn_into().ok()?;
    let found: js_sys::Array = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    js_sys::Reflect::get(&found.get(0), &"rawValue".into())
        .ok()
        .and_then(|v| v.as_string())
}

/// The text of a QR code in the current frame of `video`, if there is one.
async fn decode(
    decoder: &Decoder,
    video: &web_sys::HtmlVideoElement,
) -> Result<Option<String>, ModuleMissing> {
    Ok(match decoder {
        Decoder::Native(detector) => detect_native(detector, video).await,
        Decoder::Wasm(canvas) => decode_in_wasm(canvas, video).await?,
    })
}

/// Copies the frame to `canvas` and decodes it in WebAssembly; `None` when there is no code in
/// it, `Err` when the decoder's module could not be fetched.
async fn decode_in_wasm(
    canvas: &web_sys::HtmlCanvasElement,
    video: &web_sys::HtmlVideoElement,
) -> Result<Option<String>, ModuleMissing> {
    let (width, height) = (video.video_width(), video.video_height());
    if width == 0 || height == 0 {
        return Ok(None);
    }
    canvas.set_width(width);
    canvas.set_height(height);
    let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return Ok(None);
    };
    if context
        .draw_image_with_html_video_element(video, 0.0, 0.0)
        .is_err()
    {
        return Ok(None);
    }
    let Ok(image) = context.get_image_data(0.0, 0.0, f64::from(width), f64::from(height)) else {
        return Ok(None);
    };
    decode_rgba(width as usize, height as usize, image.data().0).await
}

split_point! {
    /// Decodes an RGBA frame: the bulk of the scanner's bytes, in a module of its own that
    /// only browsers without a `BarcodeDetector` fetch.
    fn decode_rgba(width: usize, height: usize, rgba: Vec<u8>) -> Option<String>, in qr_decoder,
    preload preload_decoder { decode_rgba_now(width, height, &rgba) }
}

fn decode_rgba_now(width: usize, height: usize, rgba: &[u8]) -> Option<String> {
    decode_greyscale(width, height, |x, y| {
        let i = (y * width + x) * 4;
        let luma =
            u32::from(rgba[i]) * 77 + u32::from(rgba[i + 1]) * 150 + u32::from(rgba[i + 2]) * 29;
        (luma >> 8) as u8
    })
}

/// Name of the User Timing measure each frame's decoding records, which
/// `cargo xtask bench-scan` reads.
const DECODE_MEASURE: &str = "qr-decode";

/// Decodes one frame, timing it as a User Timing measure. Old measures are dropped now and
/// then, so a scanner left open does not grow the performance timeline without bound.
async fn timed_decode(
    decoder: &Decoder,
    video: &web_sys::HtmlVideoElement,
    frames: &mut u32,
) -> Result<Option<String>, ModuleMissing> {
    let performance = web_sys::window().and_then(|w| w.performance());
    if let Some(p) = &performance {
        let _ = p.mark(DECODE_MEASURE);
    }
    let text = decode(decoder, video).await;
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(DECODE_MEASURE, DECODE_MEASURE);
        p.clear_marks_with_mark_name(DECODE_MEASURE);
        *frames += 1;
        if frames.is_multiple_of(1000) {
            p.clear_measures_with_measure_name(DECODE_MEASURE);
        }
    }
    text
}

/// The scanner, with the typed-code form under it.
#[component]
pub fn ScanPage() -> impl IntoView {
    let lang = use_lang();
    let video = NodeRef::<Video>::new();
    let camera = RwSignal::new(Camera::Starting);
    let other = RwSignal::new(None::<String>);
    let open_href = use_open_href();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let stream = StoredValue::new_local(None::<web_sys::MediaStream>);
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        let Some(element) = video.get() else {
            return false;
        };
        let (open_href, origin) = (open_href.clone(), origin.clone());
        leptos::task::spawn_local(async move {
            let media = match start_camera(&element).await {
                Ok(media) => media,
                Err(state) => {
                    camera.try_set(state);
                    return;
                }
            };
            let _off = CameraOff(media.clone());
            if stream.try_set_value(Some(media)).is_some() {
                return; // The page was left while the camera started.
            }
            camera.try_set(Camera::Scanning);
            let Some(decoder) = native_decoder().await.or_else(wasm_decoder) else {
                camera.try_set(Camera::Failed);
                return;
            };
            if matches!(decoder, Decoder::Wasm(_)) && preload_decoder().await.is_err() {
                camera.try_set(Camera::DecoderMissing);
                return;
            }
            let scanning = || camera.try_get_untracked() == Some(Camera::Scanning);
            let mut frames = 0;
            while scanning() {
                crate::browser::sleep(FRAME_INTERVAL).await;
                if !scanning() {
                    break;
                }
                let Ok(text) = timed_decode(&decoder, &element, &mut frames).await else {
                    camera.try_set(Camera::DecoderMissing);
                    break;
                };
                let Some(text) = text.filter(|_| scanning()) else {
                    continue;
                };
                match interpret(&text, &origin) {
                    Scanned::Portal(href) => {
                        camera.try_set(Camera::Opened);
                        open_href(&href);
                    }
                    Scanned::Other(text) => {
                        if other.try_get_untracked().flatten().as_deref() != Some(text.as_str()) {
                            other.try_set(Some(text));
                        }
                    }
                }
            }
        });
        true
    });
    on_cleanup(move || {
        camera.try_set(Camera::Failed);
        if let Some(Some(s)) = stream.try_get_value() {
            stop(&s);
        }
    });

    let typed = RwSignal::new(String::new());
    let typed_error = RwSignal::new(false);
    let navigate = use_navigate();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match typed_code(&typed.get_untracked()) {
            Some(route) => navigate(route),
            None => typed_error.set(true),
        }
    };
    view! {
        <PageHeading text=Signal::derive(move || lang.t(Key::ScanTitle).to_owned())/>
        <p class="app-lead">{tr(Key::ScanLead)}</p>
        <div class="app-scanner">
            <video class="app-scanner__video" node_ref=video muted=true playsinline=true autoplay=true aria-hidden="true"></video>
        </div>
        <p class="app-body" role="status">{move || camera_message(camera.get()).map(|k| lang.t(k))}</p>
        {move || other.get().map(|text| view! {
            <div class="app-notice" role="alert">
                <p>{tr(Key::ScanOther)}</p>
                <p class="app-scanner__text">{text}</p>
            </div>
        })}
        <h2 class="app-heading-m">{tr(Key::ScanTypeTitle)}</h2>
        <form class="app-form" on:submit=on_submit novalidate=true>
            <div class="app-form-group" class:app-form-group--error=move || typed_error.get()>
                <label class="app-label" for="scan-code">{tr(Key::ScanTypeLabel)}</label>
                <p class="app-hint" id="scan-code-hint">{tr(Key::ScanTypeHint)}</p>
                {move || typed_error.get().then(|| view! {
                    <p class="app-error-message" id="scan-code-error">
                        <span class="app-visually-hidden">{tr(Key::ErrorPrefix)}</span>
                        {tr(Key::ScanTypeError)}
                    </p>
                })}
                <input class="app-input" id="scan-code" name="code" type="text" autocomplete="off"
                    aria-invalid=move || typed_error.get().then_some("true")
                    autocapitalize="characters" spellcheck="false"
                    aria-describedby=move || if typed_error.get() { "scan-code-hint scan-code-error" } else { "scan-code-hint" }
                    prop:value=move || typed.get()
                    on:input=move |e| { typed.set(event_target_value(&e)); typed_error.set(false); }/>
            </div>
            <button type="submit" class="app-button">{tr(Key::ScanTypeSubmit)}</button>
        </form>
    }
}
