//! Forwarding over SMTP with lettre: one connection per message (no pool), so a server
//! that was down is simply tried again on the next request.

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::config::{Config, TlsMode};
use crate::message::Outgoing;

/// How long one SMTP command may take before the attempt fails.
const SMTP_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

/// Why the SMTP server did not take the message.
#[derive(Debug)]
pub struct SendFailure {
    /// The SMTP reply code when the server answered with a refusal (e.g. 550).
    pub code: Option<u16>,
    /// The error as lettre describes it, with the server's own text.
    pub reason: String,
}

impl Mailer {
    pub fn new(config: &Config) -> Result<Mailer, String> {
        let host = config.smtp_host.as_str();
        let builder = match config.smtp_tls {
            TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            TlsMode::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(|e| format!("STARTTLS to {host}: {e}"))?,
            TlsMode::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(|e| format!("TLS to {host}: {e}"))?,
        };
        let mut builder = builder.port(config.smtp_port).timeout(Some(SMTP_TIMEOUT));
        if let (Some(user), Some(password)) = (&config.smtp_user, &config.smtp_password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer { transport: builder.build() })
    }

    /// Sends `message` to its envelope recipients; Ok once the server accepted the data.
    pub async fn send(&self, message: &Outgoing) -> Result<(), SendFailure> {
        let envelope =
            Envelope::new(Some(message.from.clone()), message.recipients.clone()).map_err(|e| SendFailure { code: None, reason: format!("envelope: {e}") })?;
        self.transport
            .send_raw(&envelope, wire_data(&message.data))
            .await
            .map(|_| ())
            .map_err(|e| SendFailure { code: e.status().and_then(|code| code.to_string().parse().ok()), reason: e.to_string() })
    }
}

/// lettre always ends the data with CRLF "." CRLF. RFC 5321 §4.1.1.4 counts the first
/// CRLF of that as the end of the message's last line, so a message that already ends in
/// CRLF is handed over without it; otherwise the server would receive an extra empty line.
fn wire_data(data: &[u8]) -> &[u8] {
    data.strip_suffix(b"\r\n").unwrap_or(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_crlf_is_left_to_the_end_of_data_marker() {
        assert_eq!(wire_data(b"a\r\n\r\nbody\r\n"), b"a\r\n\r\nbody");
        assert_eq!(wire_data(b"a\r\n\r\nbody"), b"a\r\n\r\nbody");
        assert_eq!(wire_data(b"a\r\n\r\nbody\r\n\r\n"), b"a\r\n\r\nbody\r\n");
    }
}
