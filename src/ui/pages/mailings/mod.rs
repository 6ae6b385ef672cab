pub mod html;
pub mod mass_emails;
pub mod template;
pub mod templates;

pub use html::safe_html;
