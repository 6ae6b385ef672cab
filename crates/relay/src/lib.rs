//! reskontra-relay: the mail relay between the Reskontra app and an SMTP server.
//!
//! The app (in a browser, which cannot speak SMTP) POSTs a finished RFC 5322 message to
//! `/v1/messages`; the relay checks it, takes the envelope from its From/To/Cc/Bcc fields,
//! removes the Bcc field and forwards it. The Idempotency-Key (the Message-ID) is kept in
//! SQLite so that a retried POST never sends the message twice.

pub mod config;
pub mod message;
pub mod server;
pub mod smtp;
pub mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use config::{Config, TlsMode};

/// Opens the store, binds the listener and serves until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> Result<(), String> {
    let store = store::Store::open(&config.data).map_err(|e| format!("cannot open {}: {e}", config.data.display()))?;
    let mailer = smtp::Mailer::new(&config)?;
    if config.smtp_user.is_some() && config.smtp_tls == TlsMode::None {
        eprintln!("reskontra-relay: warning: SMTP credentials over an unencrypted connection (see --smtp-tls)");
    }
    if config.token.is_none() {
        eprintln!("reskontra-relay: warning: no --token; anyone who can reach the relay can send mail through it");
    }
    let listener = tokio::net::TcpListener::bind(config.listen).await.map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    eprintln!(
        "reskontra-relay: listening on http://{local}, forwarding to {}:{} (tls: {:?}), store {}",
        config.smtp_host,
        config.smtp_port,
        config.smtp_tls,
        config.data.display()
    );
    let app = server::router(Arc::new(server::AppState::new(config, store, mailer)));
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    eprintln!("reskontra-relay: shutting down");
}
