//! Configuration: command-line flags, optionally on top of a TOML file with the same keys.
//! A flag given on the command line wins over the file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Parser, ValueEnum};
use serde::Deserialize;

/// Where the relay listens when neither a flag nor the file says.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";
/// The largest message accepted, in bytes, unless `--max-bytes` says otherwise (10 MB).
pub const DEFAULT_MAX_BYTES: usize = 10_000_000;
/// The idempotency store, relative to the working directory.
pub const DEFAULT_DATA: &str = "reskontra-relay.sqlite";

/// How the relay talks to the SMTP server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plain, unencrypted SMTP (a server on the same host or network).
    #[default]
    None,
    /// Plain connection upgraded with STARTTLS (port 587); refuses to go on without it.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// reskontra-relay: receives raw RFC 5322 messages from the Reskontra app over HTTP
/// (POST /v1/messages) and forwards them to an SMTP server.
#[derive(Debug, Default, Parser)]
#[command(name = "reskontra-relay", version)]
pub struct Cli {
    /// TOML file with the same keys as these flags (listen, smtp, token, allow-origin, …).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address and port to listen on [default: 127.0.0.1:8787].
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<SocketAddr>,
    /// The SMTP server to forward to (port 25 if left out).
    #[arg(long, value_name = "HOST:PORT")]
    pub smtp: Option<String>,
    /// Bearer token the app must send (Authorization: Bearer TOKEN); none means no check.
    #[arg(long, env = "RESKONTRA_RELAY_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// An origin (scheme://host[:port]) allowed to call the relay from a browser; repeatable, `*` allows any.
    #[arg(long = "allow-origin", value_name = "URL")]
    pub allow_origin: Vec<String>,
    /// A further request header the app may send (its relay settings' extra headers); repeatable.
    #[arg(long = "allow-header", value_name = "NAME")]
    pub allow_header: Vec<String>,
    /// Largest message accepted, in bytes [default: 10000000].
    #[arg(long, value_name = "N")]
    pub max_bytes: Option<usize>,
    /// SQLite file remembering the idempotency keys [default: reskontra-relay.sqlite].
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// SMTP user name (AUTH PLAIN/LOGIN).
    #[arg(long, value_name = "USER")]
    pub smtp_user: Option<String>,
    /// SMTP password.
    #[arg(long, value_name = "PASSWORD", env = "RESKONTRA_RELAY_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// Encryption towards the SMTP server [default: none].
    #[arg(long, value_enum, value_name = "MODE")]
    pub smtp_tls: Option<TlsMode>,
}

/// The TOML file: the same keys as the flags.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<SocketAddr>,
    pub smtp: Option<String>,
    pub token: Option<String>,
    #[serde(default)]
    pub allow_origin: Vec<String>,
    #[serde(default)]
    pub allow_header: Vec<String>,
    pub max_bytes: Option<usize>,
    pub data: Option<PathBuf>,
    pub smtp_user: Option<String>,
    pub smtp_password: Option<String>,
    pub smtp_tls: Option<TlsMode>,
}

/// The configuration in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub listen: SocketAddr,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub token: Option<String>,
    /// Normalised origins (lower case, no trailing slash); `*` allows any.
    pub allow_origins: Vec<String>,
    /// Request headers allowed in CORS besides Authorization, Content-Type, Idempotency-Key.
    pub allow_headers: Vec<String>,
    pub max_bytes: usize,
    pub data: PathBuf,
    pub smtp_user: Option<String>,
    pub smtp_password: Option<String>,
    pub smtp_tls: TlsMode,
}

impl Config {
    /// Reads `--config` if given and lays the flags over it.
    pub fn load(cli: Cli) -> Result<Config, String> {
        let file = match &cli.config {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        Config::merge(cli, file)
    }

    /// Flags win; the file fills in what the flags leave out; then the defaults.
    pub fn merge(cli: Cli, file: FileConfig) -> Result<Config, String> {
        let listen = match cli.listen.or(file.listen) {
            Some(addr) => addr,
            None => DEFAULT_LISTEN.parse().map_err(|e| format!("default listen address: {e}"))?,
        };
        let smtp = cli.smtp.or(file.smtp).ok_or("no SMTP server: give --smtp HOST:PORT or `smtp = \"HOST:PORT\"` in the config file")?;
        let (smtp_host, smtp_port) = parse_host_port(&smtp)?;
        let origins = if cli.allow_origin.is_empty() { file.allow_origin } else { cli.allow_origin };
        let headers = if cli.allow_header.is_empty() { file.allow_header } else { cli.allow_header };
        if let Some(bad) = headers.iter().find(|h| axum::http::HeaderName::from_bytes(h.trim().as_bytes()).is_err()) {
            return Err(format!("allow-header `{bad}` is not a header name"));
        }
        let token = cli.token.or(file.token).filter(|t| !t.is_empty());
        let max_bytes = cli.max_bytes.or(file.max_bytes).unwrap_or(DEFAULT_MAX_BYTES);
        if max_bytes == 0 {
            return Err("max-bytes must be more than 0".to_string());
        }
        let smtp_user = cli.smtp_user.or(file.smtp_user);
        let smtp_password = cli.smtp_password.or(file.smtp_password);
        if smtp_user.is_some() != smtp_password.is_some() {
            return Err("give both smtp-user and smtp-password, or neither".to_string());
        }
        Ok(Config {
            listen,
            smtp_host,
            smtp_port,
            token,
            allow_origins: origins.iter().map(|o| normalise_origin(o)).collect(),
            allow_headers: headers.iter().map(|h| h.trim().to_ascii_lowercase()).collect(),
            max_bytes,
            data: cli.data.or(file.data).unwrap_or_else(|| PathBuf::from(DEFAULT_DATA)),
            smtp_user,
            smtp_password,
            smtp_tls: cli.smtp_tls.or(file.smtp_tls).unwrap_or_default(),
        })
    }

    /// Whether a browser page at `origin` may call the relay.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        let origin = normalise_origin(origin);
        self.allow_origins.iter().any(|allowed| allowed == "*" || *allowed == origin)
    }
}

fn read_file(path: &Path) -> Result<FileConfig, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// `host:port`, `host` (port 25) or `[v6]:port`.
pub fn parse_host_port(text: &str) -> Result<(String, u16), String> {
    let text = text.trim();
    let bad = || format!("`{text}` is not HOST:PORT");
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or_else(bad)?;
        match after.strip_prefix(':') {
            Some(port) => (host, port),
            None if after.is_empty() => (host, "25"),
            None => return Err(bad()),
        }
    } else {
        match text.rsplit_once(':') {
            Some((host, _)) if host.contains(':') => return Err(format!("`{text}`: write an IPv6 address as [ADDR]:PORT")),
            Some((host, port)) => (host, port),
            None => (text, "25"),
        }
    };
    if host.is_empty() {
        return Err(bad());
    }
    let port = port.parse::<u16>().map_err(|_| bad())?;
    Ok((host.to_string(), port))
}

/// Origins compare as the browser sends them: lower-case scheme and host, no path.
fn normalise_origin(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli(args: &[&str]) -> Cli {
        let mut argv = vec!["reskontra-relay"];
        argv.extend(args);
        Cli::try_parse_from(argv).unwrap()
    }

    #[test]
    fn host_and_port_are_split() {
        assert_eq!(parse_host_port("mail.example.com:587"), Ok(("mail.example.com".to_string(), 587)));
        assert_eq!(parse_host_port("mail.example.com"), Ok(("mail.example.com".to_string(), 25)));
        assert_eq!(parse_host_port("[::1]:2525"), Ok(("::1".to_string(), 2525)));
        assert!(parse_host_port("mail:notaport").is_err());
        assert!(parse_host_port(":25").is_err());
        assert!(parse_host_port("::1:25").is_err());
    }

    #[test]
    fn flags_win_over_the_file_and_defaults_fill_the_rest() {
        let file: FileConfig = toml::from_str(
            r#"
listen = "127.0.0.1:9000"
smtp = "file-host:2525"
token = "from-file"
allow-origin = ["https://App.example.com/"]
max-bytes = 5000
"#,
        )
        .unwrap();
        let config = Config::merge(cli(&["--smtp", "flag-host:25", "--token", "from-flag"]), file).unwrap();
        assert_eq!(config.listen, "127.0.0.1:9000".parse().unwrap());
        assert_eq!((config.smtp_host.as_str(), config.smtp_port), ("flag-host", 25));
        assert_eq!(config.token.as_deref(), Some("from-flag"));
        assert_eq!(config.allow_origins, vec!["https://app.example.com".to_string()]);
        assert_eq!(config.max_bytes, 5000);
        assert_eq!(config.data, PathBuf::from(DEFAULT_DATA));
        assert_eq!(config.smtp_tls, TlsMode::None);
        assert!(config.origin_allowed("https://app.example.com"));
        assert!(!config.origin_allowed("https://evil.example.com"));
    }

    #[test]
    fn unknown_keys_and_a_missing_smtp_server_are_errors() {
        assert!(toml::from_str::<FileConfig>("smtp_host = \"x\"").is_err());
        assert!(Config::merge(cli(&[]), FileConfig::default()).is_err());
        assert!(Config::merge(cli(&["--smtp", "h:25", "--smtp-user", "u"]), FileConfig::default()).is_err());
        assert!(Config::merge(cli(&["--smtp", "h:25", "--allow-header", "bad header"]), FileConfig::default()).is_err());
        let ok = Config::merge(cli(&["--smtp", "h:25", "--allow-header", "X-Api-Key"]), FileConfig::default()).unwrap();
        assert_eq!(ok.allow_headers, ["x-api-key"]);
    }

    #[test]
    fn star_allows_any_origin_and_none_allows_none() {
        let any = Config::merge(cli(&["--smtp", "h", "--allow-origin", "*"]), FileConfig::default()).unwrap();
        assert!(any.origin_allowed("http://localhost:8080"));
        let none = Config::merge(cli(&["--smtp", "h"]), FileConfig::default()).unwrap();
        assert!(!none.origin_allowed("http://localhost:8080"));
    }
}
