//! Server-rendered landing pages: the content is in the first HTML, in the citizen's
//! language, with the answers it was built from embedded and a policy that allows exactly
//! its inline style and script.

use axum::http::StatusCode;
use serde_json::Value;

use crate::support::TestApp;

const INDEX_HTML: &str = "<!doctype html>\n<html lang=\"zh-Hans\">\n<head>\n<title>办事 Banshi</title>\n\
<link rel=\"stylesheet\" href=\"/app-1.css\">\n\
<link rel=\"preload\" href=\"/config.json\" as=\"fetch\" crossorigin>\n\
<link rel=\"modulepreload\" href=\"/portal.js\" crossorigin=\"anonymous\">\n\
<script type=\"module\">import init from '/portal.js';init();</script>\n</head>\n\
<body>\n<noscript>needs JavaScript</noscript>\n</body>\n</html>\n";
const CSS: &str = "body{color:#0b0c0c}";

/// A test app serving a minimal built SPA.
async fn with_dist() -> (TestApp, tempfile::TempDir) {
    let dist = tempfile::tempdir().expect("temp dir");
    std::fs::write(dist.path().join("index.html"), INDEX_HTML).expect("write");
    std::fs::write(dist.path().join("app-1.css"), CSS).expect("write");
    let dist_path = dist.path().to_owned();
    let app = TestApp::with(move |c| c.dist = Some(dist_path)).await;
    (app, dist)
}

/// `html` without Leptos' hydration markers (`<!>`), as a reader sees it.
fn shown(html: &str) -> String {
    html.replace("<!>", "")
}

/// The opening tag of the `<script>` that carries the page's configuration for the app.
fn page_script(html: &str) -> &str {
    let start = html
        .find("<script type=\"application/json\" id=\"banshi-page\"")
        .expect("embeds its configuration");
    let end = html[start..].find('>').expect("closes") + start;
    &html[start..end]
}

/// The status and JSON body of the answer a page embeds for `url`, if any.
fn embedded_answer(html: &str, url: &str) -> Option<(u16, Value)> {
    let marker = format!(
        "data-answer=\"{}\" data-status=\"",
        url.replace('&', "&amp;")
    );
    let rest = &html[html.find(&marker)? + marker.len()..];
    let (status, rest) = rest.split_once("\">")?;
    let body = rest.split("</script>").next()?;
    Some((
        status.parse().ok()?,
        serde_json::from_str(body).expect("the embedded body is JSON"),
    ))
}

#[tokio::test]
async fn a_tutorial_arrives_rendered_with_its_data_style_and_policy() {
    let (app, _dist) = with_dist().await;
    let api = app
        .get("/api/v1/tutorials/TX01?locale=en")
        .lang("en")
        .send()
        .await
        .json();
    let page = app
        .get("/T/TX01")
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = shown(&page.text());
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    let title = api["title"].as_str().expect("a title");
    assert!(html.contains(&format!("<title>{title} – ")), "{html}");
    let steps = api["steps"].as_array().expect("steps");
    assert!(!steps.is_empty());
    for step in steps {
        let step_title = step["title"].as_str().expect("step title");
        assert!(html.contains(step_title), "{step_title} in {html}");
    }
    assert!(
        !html.contains("<noscript>"),
        "the page reads without JavaScript"
    );
    assert!(html.contains(&format!("<style>{CSS}</style>")));
    assert!(
        !html.contains("rel=\"stylesheet\""),
        "no render-blocking stylesheet"
    );
    assert!(
        !html.contains("preload"),
        "nothing competes with the page for the connection"
    );
    assert!(
        html.contains("import init from '/portal.js'"),
        "keeps the app's script"
    );
    let tag = page_script(&html);
    assert!(tag.contains("data-address=\"/T/TX01\""), "{tag}");
    assert!(
        tag.contains("data-locale=\"en\" data-chosen=\"false\""),
        "{tag}"
    );
    assert_eq!(
        embedded_answer(&html, "/api/v1/tutorials/TX01?locale=en"),
        Some((200, api)),
        "the app gets the very answer the API gives"
    );
    let policy = page.header("content-security-policy");
    let style_src = policy
        .split(';')
        .find(|d| d.trim().starts_with("style-src"))
        .expect("style-src");
    assert!(style_src.contains("'sha256-"), "{policy}");
    let script_src = policy
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .expect("script-src");
    assert_eq!(
        script_src.matches("'sha256-").count(),
        1,
        "the loader script only, not the data: {policy}"
    );
    assert_eq!(page.header("vary"), "Cookie, Accept-Language");
    assert_eq!(page.header("content-language"), "en");
}

#[tokio::test]
async fn the_chosen_language_cookie_wins_over_the_browser_languages() {
    let (app, _dist) = with_dist().await;
    let api = app
        .get("/api/v1/categories?locale=zh-Hant")
        .lang("zh-Hant")
        .send()
        .await
        .json();
    let page = app
        .get("/")
        .header("accept-language", "en")
        .header("cookie", "other=1; banshi_locale=zh-Hant")
        .send()
        .await;
    let html = shown(&page.text());
    assert!(html.contains("<html lang=\"zh-Hant\">"), "{html}");
    let categories = api.as_array().expect("categories");
    assert!(!categories.is_empty());
    for category in categories {
        let name = category["name"].as_str().expect("name");
        assert!(html.contains(name), "{name} in {html}");
    }
    assert!(page_script(&html).contains("data-chosen=\"true\""));
    let unknown = app
        .get("/")
        .header("cookie", "banshi_locale=fr")
        .send()
        .await
        .text();
    assert!(
        unknown.contains("<html lang=\"zh-Hans\">"),
        "an unknown cookie value falls back"
    );
}

#[tokio::test]
async fn a_category_and_a_service_guide_arrive_rendered() {
    let (app, _dist) = with_dist().await;
    let services = app.get("/api/v1/services?category=tax").send().await.json();
    let category = app
        .get("/c/tax")
        .header("accept-language", "en")
        .send()
        .await;
    assert_eq!(category.status, StatusCode::OK);
    let html = shown(&category.text());
    assert!(html.contains("<title>Tax – "), "{html}");
    let code = services[0]["service_code"].as_str().expect("a service");
    assert!(html.contains(&format!("href=\"/s/{code}\"")), "{html}");
    let service = app
        .get(&format!("/api/v1/services/{code}"))
        .send()
        .await
        .json();
    let guide = shown(&app.get(&format!("/s/{code}")).send().await.text());
    let name = service["service_name"].as_str().expect("name");
    assert!(guide.contains(&format!(">{name}</h1>")), "{guide}");
}

#[tokio::test]
async fn the_statistics_arrive_rendered_with_their_charts_and_tables() {
    let (app, _dist) = with_dist().await;
    let reply = app
        .get("/stats?from=2026-01-01&to=2026-03-31")
        .header("accept-language", "en")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let html = shown(&reply.text());
    assert!(html.contains(">Service statistics</h1>"), "{html}");
    assert!(html.contains("2026-01-01 to 2026-03-31"), "{html}");
    assert!(html.contains("Finished on time"), "{html}");
    // Each chart is drawn, and its data follows in a table: three months, three bars.
    let months = html
        .split("id=\"stats-months\"")
        .nth(1)
        .expect("the monthly chart");
    let chart = months.split("</svg>").next().expect("its drawing");
    assert_eq!(chart.matches("<rect").count(), 3, "{chart}");
    assert!(html.contains("id=\"stats-months-data\""));
    assert!(html.contains(">Mar 2026</th>"), "{html}");
    assert!(
        embedded_answer(
            &html,
            "/api/v1/stats?from=2026-01-01&to=2026-03-31&locale=en"
        )
        .is_some(),
        "the figures come with the page"
    );
}

#[tokio::test]
async fn a_missing_tutorial_is_a_rendered_404_and_other_routes_start_in_the_browser() {
    let (app, _dist) = with_dist().await;
    let missing = app.get("/t/NO-SUCH").send().await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text().contains("id=\"banshi-page\""));
    for path in [
        "/track",
        "/track/BS-20261122-0001",
        "/t/TX01/poster",
        "/scan",
    ] {
        let reply = app.get(path).send().await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(
            reply.text(),
            INDEX_HTML,
            "{path} is the plain shell, preloads and all"
        );
    }
}

#[tokio::test]
async fn prerender_writes_every_landing_page_with_twins_from_a_backend_over_http() {
    let (app, _served) = with_dist().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let address = listener.local_addr().expect("address");
    let service = app
        .router
        .clone()
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    let tutorials = app.get("/api/v1/tutorials").send().await.json();
    let id = tutorials[0]["id"].as_str().expect("a tutorial").to_owned();

    let target = tempfile::tempdir().expect("temp dir");
    std::fs::write(target.path().join("index.html"), INDEX_HTML).expect("write");
    std::fs::write(target.path().join("app-1.css"), CSS).expect("write");
    std::fs::write(
        target.path().join("config.json"),
        r#"{"api_base":"/api","default_locale":"en"}"#,
    )
    .expect("write");
    let dist = target.path().to_owned();
    let api = format!("http://{address}/api");
    let again = (api.clone(), dist.clone());
    let written =
        tokio::task::spawn_blocking(move || portal_server::prerender::prerender(&api, &dist))
            .await
            .expect("joins")
            .expect("prerenders");
    assert!(written.pages >= 3, "home, a tutorial, a category, a guide");

    let read = |name: &str| std::fs::read_to_string(target.path().join(name)).expect(name);
    assert_eq!(
        read("shell.html"),
        INDEX_HTML,
        "the app shell is kept for other routes"
    );
    let home = read("index.html");
    assert!(
        home.contains("<html lang=\"en\">"),
        "the default locale: {home}"
    );
    assert!(shown(&home).contains(">Tax</a>"), "{home}");
    let tutorial = read(&format!("t/{id}.html"));
    assert_eq!(
        tutorial,
        read(&format!("T/{}.html", id.to_ascii_uppercase()))
    );
    assert!(tutorial.contains(&format!("data-address=\"/t/{id}\"")));
    assert!(tutorial.contains(&format!("<style>{CSS}</style>")));
    assert!(read("c/tax.html").contains("<title>Tax – "));
    assert!(read("s/every-field.html").contains("every-field/apply"));
    for twin in [
        "index.html.br",
        "index.html.gz",
        "c/tax.html.br",
        "c/tax.html.gz",
    ] {
        assert!(target.path().join(twin).is_file(), "{twin}");
    }
    let mut gunzipped = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(
            std::fs::File::open(target.path().join("index.html.gz")).expect("opens"),
        ),
        &mut gunzipped,
    )
    .expect("gunzips");
    assert_eq!(gunzipped, home);

    // A second run renders into the kept shell, not into the last home page.
    let (api, dist) = again;
    tokio::task::spawn_blocking(move || portal_server::prerender::prerender(&api, &dist))
        .await
        .expect("joins")
        .expect("prerenders again");
    assert_eq!(read("index.html"), home);
    let unreachable = portal_server::prerender::prerender("http://127.0.0.1:9/api", target.path());
    assert!(
        unreachable.is_err(),
        "an unreachable backend is an error, not empty pages"
    );
}

#[tokio::test]
async fn the_language_switch_works_before_the_app_starts() {
    let (app, _dist) = with_dist().await;
    let chosen = app.get("/t/TX01?lang=en").send().await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER);
    assert_eq!(chosen.header("location"), "/t/TX01");
    assert_eq!(
        chosen.header("set-cookie"),
        "banshi_locale=en; Path=/; Max-Age=31536000; SameSite=Lax"
    );
    let search = app.get("/?q=tax&lang=zh-Hant").send().await;
    assert_eq!(search.header("location"), "/?q=tax");
    let page = app
        .get("/t/TX01")
        .header("cookie", "banshi_locale=en")
        .send()
        .await;
    assert!(page.text().contains("<html lang=\"en\">"));
    // Never an open redirect.
    let sneaky = app.get("//evil.example/x?lang=en").send().await;
    assert_eq!(sneaky.status, StatusCode::SEE_OTHER);
    assert_eq!(sneaky.header("location"), "/evil.example/x");
    let backslash = app.get("/\\evil.example?lang=en").send().await;
    let location = backslash.header("location");
    assert!(
        !location.starts_with("//") && !location.contains('\\'),
        "{location}"
    );
    let unknown = app.get("/t/TX01?lang=fr").send().await;
    assert_eq!(
        unknown.status,
        StatusCode::OK,
        "an unknown language is ignored"
    );
}

#[tokio::test]
async fn elder_mode_is_chosen_before_the_app_starts_and_rendered_from_its_cookie() {
    let (app, _dist) = with_dist().await;
    let chosen = app.get("/t/TX01?elder=on").send().await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER);
    assert_eq!(chosen.header("location"), "/t/TX01");
    assert_eq!(
        chosen.header("set-cookie"),
        "banshi_elder=1; Path=/; Max-Age=31536000; SameSite=Lax"
    );
    let off = app.get("/?q=tax&elder=off").send().await;
    assert_eq!(off.header("location"), "/?q=tax");
    assert!(off.header("set-cookie").contains("Max-Age=0"));

    let elder = app
        .get("/t/TX01")
        .header("cookie", "banshi_locale=en; banshi_elder=1")
        .send()
        .await
        .text();
    assert!(
        elder.contains("<html lang=\"en\" class=\"app-elder\">"),
        "painted in elder mode from the first byte"
    );
    let standard = app.get("/t/TX01").send().await.text();
    assert!(
        !standard.contains("app-elder\">"),
        "no cookie, standard mode"
    );
    let unknown = app.get("/t/TX01?elder=maybe").send().await;
    assert_eq!(
        unknown.status,
        StatusCode::OK,
        "an unknown value is ignored"
    );
}
