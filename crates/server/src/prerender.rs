//! `portal-server prerender`: renders the landing pages (home, every tutorial, category and
//! service guide) into a built `dist/` from any backend that implements the contract, in
//! the portal's default locale, so a CDN or a plain static server can serve them at once.
//! Each page gets `.br` and `.gz` twins; the app shell that other routes need is kept as
//! `shell.html`.

use std::io::Write;
use std::path::{Path, PathBuf};

use banshi_contract::{Category, Locale, ServiceSummary, TutorialSummary};
use portal::api::Prefetch;
use portal::config::AppConfig;
use portal::rendered::Visitor;
use portal::ssr::{SHELL_HTML, Shell, render};

/// What was written.
#[derive(Debug)]
pub struct Written {
    /// Pages rendered.
    pub pages: usize,
    /// Their total size in bytes, uncompressed.
    pub bytes: usize,
}

/// Renders every landing page from the backend at `api` into `dist`.
pub fn prerender(api: &str, dist: &Path) -> Result<Written, String> {
    let api = api.trim_end_matches('/');
    let read = |name: &str| {
        std::fs::read_to_string(dist.join(name))
            .map_err(|e| format!("{}: {e}", dist.join(name).display()))
    };
    // A second run renders into the kept shell again, not into the last home page.
    let shell = Shell::read(dist)?;
    if let (Some(href), None) = (Shell::stylesheet_href(&shell.index_html), &shell.css) {
        return Err(format!(
            "{}: its stylesheet {href} cannot be read",
            dist.display()
        ));
    }
    if shell.index_html.contains(portal::rendered::EMBEDDED_ID) {
        return Err(
            "dist/index.html is a rendered page and no shell.html was kept; build dist/ again"
                .into(),
        );
    }
    let config = match read("config.json") {
        Ok(text) => AppConfig::parse(&text).map_err(|e| format!("config.json: {e}"))?,
        Err(_) => AppConfig::default(),
    };
    let locale = config.default_locale;
    let client = Client {
        api: api.to_owned(),
        base: config.api_base.trim_end_matches('/').to_owned(),
        agent: ureq::Agent::new_with_defaults(),
    };

    let categories: Vec<Category> = client.list("categories", locale)?;
    let services: Vec<ServiceSummary> = client.list("services", locale)?;
    let tutorials: Vec<TutorialSummary> = client.list("tutorials", locale)?;
    let mut pages: Vec<(String, Vec<PathBuf>)> = vec![("/".into(), vec!["index.html".into()])];
    for tutorial in &tutorials {
        let id = safe_segment(&tutorial.id)?;
        let mut files = vec![PathBuf::from(format!("t/{id}.html"))];
        // Hall posters print the address in capitals (`/T/TX01`), and static servers match
        // case exactly.
        files.push(PathBuf::from(format!("T/{}.html", id.to_ascii_uppercase())));
        files.dedup();
        pages.push((format!("/t/{id}"), files));
    }
    for category in &categories {
        let code = safe_segment(&category.code)?;
        pages.push((format!("/c/{code}"), vec![format!("c/{code}.html").into()]));
    }
    for service in &services {
        let code = safe_segment(&service.service_code)?;
        pages.push((format!("/s/{code}"), vec![format!("s/{code}.html").into()]));
    }

    if !dist.join(SHELL_HTML).exists() {
        write_with_twins(&dist.join(SHELL_HTML), shell.index_html.as_bytes())?;
    }
    let mut written = Written { pages: 0, bytes: 0 };
    for (address, files) in pages {
        let page = render(
            &address,
            Visitor::in_locale(locale),
            &config,
            &shell,
            |url| client.ask(url, locale),
        )?
        .ok_or_else(|| format!("{address} is not a page the server renders"))?;
        if page.status != 200 {
            return Err(format!("{address}: the backend answered {}", page.status));
        }
        for file in files {
            write_with_twins(&dist.join(file), page.html.as_bytes())?;
        }
        written.pages += 1;
        written.bytes += page.html.len();
    }
    Ok(written)
}

/// `segment` if it is safe as a file name (the contract's codes are).
fn safe_segment(segment: &str) -> Result<&str, String> {
    let safe = !segment.is_empty()
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    safe.then_some(segment)
        .ok_or_else(|| format!("{segment:?} cannot be a file name"))
}

/// Reads the contract from a backend over HTTP(S).
struct Client {
    /// The backend's contract root, e.g. `https://hall.example/api`.
    api: String,
    /// The contract root the portal asks (`config.json`'s `api_base`), which prefixes the
    /// URLs pages ask for.
    base: String,
    agent: ureq::Agent,
}

impl Client {
    /// `GET {api}/v1/{path}` in `locale`, decoded.
    fn list<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        locale: Locale,
    ) -> Result<T, String> {
        let url = format!("{}/v1/{path}", self.base);
        let answer = self.ask(&url, locale)?;
        if answer.status != 200 {
            return Err(format!("{url}: the backend answered {}", answer.status));
        }
        serde_json::from_str(&answer.body).map_err(|e| format!("{url}: {e}"))
    }

    /// The backend's answer to the portal's request for `url`.
    fn ask(&self, url: &str, locale: Locale) -> Result<Prefetch, String> {
        let rest = url
            .strip_prefix(&self.base)
            .ok_or_else(|| format!("{url} is not under the portal's api_base {}", self.base))?;
        let target = format!("{}{rest}", self.api);
        let response = self
            .agent
            .get(&target)
            .header("Accept-Language", locale.tag())
            .config()
            .http_status_as_error(false)
            .build()
            .call()
            .map_err(|e| format!("{target}: {e}"))?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .read_to_string()
            .map_err(|e| format!("{target}: {e}"))?;
        Ok(Prefetch { status, body })
    }
}

/// Writes `bytes` to `path` with `.br` and `.gz` twins beside it.
fn write_with_twins(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("{}: {e}", path.display());
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::write(path, bytes).map_err(fail)?;
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 64 * 1024, 11, 22);
        writer.write_all(bytes).map_err(fail)?;
    }
    std::fs::write(twin(path, "br"), br).map_err(fail)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).map_err(fail)?;
    std::fs::write(twin(path, "gz"), gz.finish().map_err(fail)?).map_err(fail)
}

/// `path` with `.extension` appended.
fn twin(path: &Path, extension: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}
