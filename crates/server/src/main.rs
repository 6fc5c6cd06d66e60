//! `portal-server`: `serve` (the default) opens (and on first start seeds) the SQLite
//! database, then serves the contract under `/api/v1` and the built SPA, printing where;
//! `staff add` and `staff token` manage staff accounts; `prerender` renders the landing pages
//! into a `dist/` for static hosting.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use portal_server::config::{Cli, Command, Config, ServeArgs, StaffCommand};
use portal_server::{AppState, admin, app, prerender};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_target(false)
        .init();
    let cli = Cli::parse();
    let outcome = match cli.command {
        None => serve(cli.serve).await,
        Some(Command::Serve(args)) => serve(args).await,
        Some(Command::Staff { command }) => staff(command).await,
        Some(Command::History {
            tickets,
            seed,
            database,
        }) => history(tickets, seed, database.database).await,
        Some(Command::Prerender(args)) => {
            // Blocking HTTP, off the async runtime.
            let rendered =
                tokio::task::spawn_blocking(move || prerender::prerender(&args.api, &args.dist))
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|r| r);
            rendered.map(|written| {
                println!(
                    "prerendered {} pages ({} KB of HTML, each with .br and .gz)",
                    written.pages,
                    written.bytes / 1024
                );
            })
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("portal-server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn open(config: Config) -> Result<AppState, String> {
    if let Some(path) = &config.holidays {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        portal_server::clock::Calendar::load(Some(&text))
            .map_err(|e| format!("holiday calendar {}: {e}", path.display()))?;
    }
    let database = config.database.clone();
    AppState::open(config)
        .await
        .map_err(|e| format!("cannot open database {}: {e}", database.display()))
}

async fn staff(command: StaffCommand) -> Result<(), String> {
    match command {
        StaffCommand::Add {
            name,
            role,
            display_name,
            categories,
            database,
        } => {
            let state = open(Config::for_database(database.database)).await?;
            let password =
                admin::add_account(&state, &name, role.into(), display_name, categories).await?;
            println!("Added {name}. One-time password (to change at first sign-in): {password}");
        }
        StaffCommand::Token {
            name,
            label,
            database,
        } => {
            let state = open(Config::for_database(database.database)).await?;
            let token = admin::new_token(&state, &name, &label).await?;
            println!("API token for {name} (shown once; send it as Authorization: Bearer …):");
            println!("{token}");
        }
    }
    Ok(())
}

async fn history(count: u64, seed: u64, database: std::path::PathBuf) -> Result<(), String> {
    let state = open(Config::for_database(database)).await?;
    let started = std::time::Instant::now();
    admin::add_history(&state, count, seed).await?;
    println!(
        "added {count} synthetic tickets in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    if let Some(at) = &args.pretend_now {
        let at = chrono::DateTime::parse_from_rfc3339(at)
            .map_err(|e| format!("--pretend-now {at}: {e}"))?;
        portal_server::clock::pretend_now(at);
    }
    let config = args.config();
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let database = config.database.clone();
    let dist = config.dist.clone();
    let demo = config.demo;
    let state = open(config).await?;
    let demo_accounts = if demo {
        // Accounts first: the history's cases are finished by the demo officers.
        let accounts = admin::demo_accounts(&state).await?;
        if state
            .store
            .ticket_count()
            .await
            .map_err(|e| e.to_string())?
            == 0
        {
            admin::add_demo_history(&state).await?;
        }
        accounts
    } else {
        Vec::new()
    };
    let address = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
    let channels = portal_server::outbox::Channels::new(&state.config.notify, address)?;
    tokio::spawn(portal_server::outbox::run(state.clone(), channels));
    let mut banner = format!(
        "Banshi is serving at http://{address}/\n  API:      http://{address}/api/v1/meta\n  database: {}\n",
        database.display()
    );
    match &dist {
        Some(dist) => banner.push_str(&format!("  app:      {}\n", dist.display())),
        None => banner.push_str("  app:      not served (no dist/ built; pass --dist DIR)\n"),
    }
    let channels = state.config.notify.channels();
    if !channels.is_empty() {
        let names: Vec<&str> = channels.iter().map(|c| c.as_str()).collect();
        banner.push_str(&format!("  notifies: {}\n", names.join(", ")));
    }
    if demo {
        banner.push_str(&format!(
            "  demo mode: staff sign in at http://{address}/staff/login (passwords are new each start)\n"
        ));
        for (account, password) in &demo_accounts {
            banner.push_str(&format!(
                "    {:<11} {:<17} {password}\n",
                account.role.as_str(),
                account.name
            ));
        }
    }
    banner.push('\n');
    // Whoever started the server may have stopped reading its output; that must not stop it.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), banner.as_bytes());
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| e.to_string())
}
