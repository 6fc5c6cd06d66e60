//! `portal-server`: opens (and on first start seeds) the SQLite database, then serves the
//! contract under `/api/v1` and the built SPA, printing where. `portal-server prerender`
//! renders the landing pages into a `dist/` for static hosting.

use std::net::SocketAddr;
use std::process::ExitCode;

use portal_server::{AppState, app, config, prerender};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_target(false)
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "prerender") {
        // Blocking HTTP, off the async runtime.
        let rest = args[1..].to_vec();
        let outcome = tokio::task::spawn_blocking(move || prerender::run(&rest)).await;
        return match outcome {
            Ok(Ok(Some(written))) => {
                println!(
                    "prerendered {} pages ({} KB of HTML, each with .br and .gz)",
                    written.pages,
                    written.bytes / 1024
                );
                ExitCode::SUCCESS
            }
            Ok(Ok(None)) => {
                print!("{}", prerender::USAGE);
                ExitCode::SUCCESS
            }
            Ok(Err(message)) => {
                eprintln!("portal-server prerender: {message}");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("portal-server prerender: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let (config, generated_token) = match config::parse(args, |k| std::env::var(k).ok()) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => {
            print!("{}", config::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("portal-server: {message}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("portal-server: cannot listen on {}: {e}", config.listen);
            return ExitCode::FAILURE;
        }
    };
    let database = config.database.clone();
    let dist = config.dist.clone();
    let staff_token = config.staff_token.clone();
    let state = match AppState::open(config).await {
        Ok(state) => state,
        Err(e) => {
            eprintln!(
                "portal-server: cannot open database {}: {e}",
                database.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let address = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
    let mut banner = format!(
        "Banshi is serving at http://{address}/\n  API:      http://{address}/api/v1/meta\n  database: {}\n",
        database.display()
    );
    match &dist {
        Some(dist) => banner.push_str(&format!("  app:      {}\n", dist.display())),
        None => banner.push_str("  app:      not served (no dist/ built; pass --dist DIR)\n"),
    }
    if generated_token {
        banner.push_str(&format!(
            "  staff token (generated for this run): {staff_token}\n"
        ));
    }
    // Whoever started the server may have stopped reading its output; that must not stop it.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), banner.as_bytes());
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("portal-server: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
