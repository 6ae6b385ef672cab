use std::process::ExitCode;

use clap::Parser;
use reskontra_relay::config::{Cli, Config};

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::load(Cli::parse()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("reskontra-relay: {e}");
            return ExitCode::from(2);
        }
    };
    match reskontra_relay::run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("reskontra-relay: {e}");
            ExitCode::FAILURE
        }
    }
}
