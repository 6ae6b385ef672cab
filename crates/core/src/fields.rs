//! The fields of each form, as typed paths (`FieldPath`) shared by the core, which
//! names the field of each `Problem`, and the windows, which show it there: a
//! misspelt field does not compile. `FieldPath` renders as the dotted text the test
//! ids use (`error-credit_limit`, `error-lines.0.quantity`).

use std::borrow::Cow;

pub use crate::base::field::{FieldPath, Name, Step};
use crate::settings::SeriesKind;

/// A one-name path, for the constants below.
macro_rules! top {
    ($name:ident) => {
        FieldPath(Cow::Borrowed(&[Step::Name(Name::$name)]))
    };
    ($first:ident . $second:ident) => {
        FieldPath(Cow::Borrowed(&[Step::Name(Name::$first), Step::Name(Name::$second)]))
    };
}

/// The whole form.
pub const FORM: FieldPath = FieldPath::FORM;

/// The parts of an address (`check_address`), below a prefix such as `address`.
pub fn address(prefix: &FieldPath, part: AddressPart) -> FieldPath {
    prefix.then(part.name())
}

/// A part of an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressPart {
    Line1,
    Line2,
    Line3,
    County,
    City,
    Postcode,
    Country,
}

impl AddressPart {
    pub const fn name(self) -> Name {
        match self {
            AddressPart::Line1 => Name::Line1,
            AddressPart::Line2 => Name::Line2,
            AddressPart::Line3 => Name::Line3,
            AddressPart::County => Name::County,
            AddressPart::City => Name::City,
            AddressPart::Postcode => Name::Postcode,
            AddressPart::Country => Name::Country,
        }
    }
}

/// Credit and charges: the same fields on a customer and on a class.
pub mod credit {
    use super::*;
    pub const CREDIT_RULE: FieldPath = top!(CreditRule);
    pub const CREDIT_LIMIT: FieldPath = top!(CreditLimit);
    pub const DAYS_PAST_DUE: FieldPath = top!(DaysPastDue);
    pub const WRITE_OFF_LIMIT: FieldPath = top!(WriteOffLimit);
    pub const OVERDUE_RATE_PCT: FieldPath = top!(OverdueRatePct);
}

/// The GL accounts tab (class and customer) and its fields.
pub mod accounts {
    use super::*;
    pub const ACCOUNTS: FieldPath = top!(Accounts);

    /// One account of the tab (`accounts.sales`).
    pub fn account(name: Name) -> FieldPath {
        ACCOUNTS.then(name)
    }
}

/// Mailings (customer, class and the mailing settings): `mailings.{i}.{column}` and
/// `mailings.{i}.recipients.{j}.{column}`.
pub mod mailings {
    use super::*;
    pub const MAILINGS: FieldPath = top!(Mailings);

    pub fn mailing(i: usize, column: Name) -> FieldPath {
        MAILINGS.cell(i, column)
    }

    pub fn recipient(i: usize, j: usize, column: Name) -> FieldPath {
        MAILINGS.at(i).then(Name::Recipients).cell(j, column)
    }
}

/// A company in Settings → Companies (its name, new or renamed).
pub mod company {
    use super::*;
    pub const NAME: FieldPath = top!(Name);
}

/// The customer window.
pub mod customer {
    pub use super::accounts::ACCOUNTS;
    pub use super::credit::*;
    pub use super::mailings::MAILINGS;
    use super::*;
    pub const ID: FieldPath = top!(Id);
    pub const NAME: FieldPath = top!(Name);
    pub const STATUS: FieldPath = top!(Status);
    pub const CLASS_ID: FieldPath = top!(ClassId);
    pub const TERMS_ID: FieldPath = top!(TermsId);
    pub const CURRENCY: FieldPath = top!(Currency);
    pub const RATE_TYPE: FieldPath = top!(RateType);
    pub const STATEMENT_CYCLE_ID: FieldPath = top!(StatementCycleId);
    pub const LANGUAGE: FieldPath = top!(Language);
    pub const EMAIL: FieldPath = top!(Email);
    pub const ACCOUNT_REF: FieldPath = top!(AccountRef);
    pub const ADDRESS: FieldPath = top!(Address);
    pub const MAIN_CONTACT: FieldPath = top!(MainContact);
    pub const INVOICING: FieldPath = top!(Invoicing);
    pub const DELIVERY: FieldPath = top!(Delivery);
    pub const LOCATIONS: FieldPath = top!(Locations);
    pub const CONTACTS: FieldPath = top!(Contacts);
    pub const PAYMENT_METHODS: FieldPath = top!(PaymentMethods);
    pub const PARENT_ID: FieldPath = top!(Parent.ParentId);
    pub const CONSOLIDATE_BALANCE: FieldPath = top!(Parent.ConsolidateBalance);
    pub const ATTRIBUTES: FieldPath = top!(Attributes);
    /// Changing a customer's number.
    pub const NEW_ID: FieldPath = top!(NewId);

    /// The value of attribute `id` (`attributes.COLOUR`).
    pub fn attribute(id: &str) -> FieldPath {
        ATTRIBUTES.key(id)
    }

    pub fn location(i: usize, column: Name) -> FieldPath {
        LOCATIONS.cell(i, column)
    }

    pub fn contact(i: usize, column: Name) -> FieldPath {
        CONTACTS.cell(i, column)
    }

    pub fn payment_method(i: usize, column: Name) -> FieldPath {
        PAYMENT_METHODS.cell(i, column)
    }
}

/// The customer class window.
pub mod class {
    pub use super::accounts::ACCOUNTS;
    pub use super::credit::*;
    pub use super::mailings::MAILINGS;
    use super::*;
    pub const ID: FieldPath = top!(Id);
    pub const DESCRIPTION: FieldPath = top!(Description);
    pub const TERMS_ID: FieldPath = top!(TermsId);
    pub const CURRENCY: FieldPath = top!(Currency);
    pub const RATE_TYPE: FieldPath = top!(RateType);
    pub const STATEMENT_CYCLE_ID: FieldPath = top!(StatementCycleId);
    pub const LANGUAGE: FieldPath = top!(Language);
    pub const EMAIL_ACCOUNT_ID: FieldPath = top!(EmailAccountId);
    pub const ATTRIBUTES: FieldPath = top!(Attributes);

    /// An attribute definition (`attributes.{i}.id`, `attributes.{i}.description`).
    pub fn attribute(i: usize, column: Name) -> FieldPath {
        ATTRIBUTES.cell(i, column)
    }
}

/// The invoice and payment windows (the fields they share, and each one's own).
pub mod document {
    use super::*;
    pub const DOC_TYPE: FieldPath = top!(DocType);
    pub const REF_NBR: FieldPath = top!(RefNbr);
    pub const CUSTOMER_ID: FieldPath = top!(CustomerId);
    pub const DATE: FieldPath = top!(Date);
    pub const DUE_DATE: FieldPath = top!(DueDate);
    pub const CURRENCY: FieldPath = top!(Currency);
    pub const RATE: FieldPath = top!(Rate);
    pub const DESCRIPTION: FieldPath = top!(Description);
    pub const PAYMENT_REF: FieldPath = top!(PaymentRef);
    pub const CONTROL_TOTAL: FieldPath = top!(ControlTotal);
    /// A payment's amount.
    pub const AMOUNT: FieldPath = top!(Amount);
    pub const LINES: FieldPath = top!(Lines);
    pub const APPLICATIONS: FieldPath = top!(Applications);

    /// A cell of an invoice line.
    pub fn line(i: usize, column: LineColumn) -> FieldPath {
        LINES.cell(i, column.name())
    }

    /// A cell of an application.
    pub fn application(i: usize, column: ApplicationColumn) -> FieldPath {
        APPLICATIONS.cell(i, column.name())
    }

    /// The cells of an invoice line that can have a problem.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum LineColumn {
        Description,
        Quantity,
        UnitPrice,
        DiscountPct,
        VatCategory,
    }

    impl LineColumn {
        pub const fn name(self) -> Name {
            match self {
                LineColumn::Description => Name::Description,
                LineColumn::Quantity => Name::Quantity,
                LineColumn::UnitPrice => Name::UnitPrice,
                LineColumn::DiscountPct => Name::DiscountPct,
                LineColumn::VatCategory => Name::VatCategory,
            }
        }
    }

    /// The cells of an application that can have a problem.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ApplicationColumn {
        Amount,
        Discount,
    }

    impl ApplicationColumn {
        pub const fn name(self) -> Name {
            match self {
                ApplicationColumn::Amount => Name::Amount,
                ApplicationColumn::Discount => Name::Discount,
            }
        }
    }
}

/// The preferences window.
pub mod preferences {
    use super::*;
    pub const COMPANY_NAME: FieldPath = top!(CompanyName);
    pub const COMPANY_EMAIL: FieldPath = top!(CompanyEmail);
    pub const BASE_CURRENCY: FieldPath = top!(BaseCurrency);
    pub const BUSINESS_DATE: FieldPath = top!(BusinessDate);
    pub const NUMBER_FORMAT: FieldPath = top!(NumberFormat);
    pub const COMPANY_ADDRESS: FieldPath = top!(CompanyAddress);
    pub const VAT_NUMBER: FieldPath = top!(VatNumber);
    pub const LOGO: FieldPath = top!(Logo);
    pub const DUNNING_LEVELS: FieldPath = top!(DunningLevels);
    const SERIES: FieldPath = top!(Series);

    /// A number series' field (`series.invoice.next_number`).
    pub fn series(kind: SeriesKind, column: SeriesColumn) -> FieldPath {
        let kind = match kind {
            SeriesKind::Customer => Name::Customer,
            SeriesKind::Invoice => Name::Invoice,
            SeriesKind::Payment => Name::Payment,
            SeriesKind::DebitNote => Name::DebitNote,
            SeriesKind::CreditNote => Name::CreditNote,
            SeriesKind::OverdueCharge => Name::OverdueCharge,
            SeriesKind::WriteOff => Name::WriteOff,
        };
        SERIES.then(kind).then(column.name())
    }

    /// The fields of a number series.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SeriesColumn {
        Prefix,
        NextNumber,
        Width,
    }

    impl SeriesColumn {
        pub const fn name(self) -> Name {
            match self {
                SeriesColumn::Prefix => Name::Prefix,
                SeriesColumn::NextNumber => Name::NextNumber,
                SeriesColumn::Width => Name::Width,
            }
        }
    }
}

/// The reference tables window: each table (a problem about the table as a whole)
/// and its cells (`vat_rates.3.rate_pct`).
pub mod reference_tables {
    use super::*;
    pub const CURRENCIES: FieldPath = top!(Currencies);
    pub const CURRENCY_RATES: FieldPath = top!(CurrencyRates);
    pub const VAT_CATEGORIES: FieldPath = top!(VatCategories);
    pub const VAT_RATES: FieldPath = top!(VatRates);
    pub const TERMS: FieldPath = top!(Terms);
    pub const STATEMENT_CYCLES: FieldPath = top!(StatementCycles);
    pub const FINANCIAL_PERIODS: FieldPath = top!(FinancialPeriods);
    pub const PAYMENT_METHODS: FieldPath = top!(PaymentMethods);
    pub const EMAIL_ACCOUNTS: FieldPath = top!(EmailAccounts);
    pub const BRANCHES: FieldPath = top!(Branches);
    pub const LANGUAGES: FieldPath = top!(Languages);
}

/// The mailing settings window.
pub mod mailing_settings {
    pub use super::mailings::{mailing, recipient, MAILINGS};
}

/// A prepared email in the Pending emails queue (R12.2).
pub mod email {
    use super::*;
    pub const FROM: FieldPath = top!(From);
    pub const TO: FieldPath = top!(To);
    pub const CC: FieldPath = top!(Cc);
    pub const BCC: FieldPath = top!(Bcc);
    pub const SUBJECT: FieldPath = top!(Subject);
    pub const TEXT_BODY: FieldPath = top!(TextBody);
    pub const HTML_BODY: FieldPath = top!(HtmlBody);
    pub const ATTACHMENTS: FieldPath = top!(Attachments);

    /// The file name of attachment `i`.
    pub fn attachment_name(i: usize) -> FieldPath {
        ATTACHMENTS.cell(i, Name::FileName)
    }
}

/// A notification template (R10.3): `id`, `description`, and per variant
/// `variants.{i}.subject`, `.to`, `.cc`, `.bcc`, `.text_body`, `.html_body`, `.language`.
pub mod template {
    use super::*;
    pub const ID: FieldPath = top!(Id);
    pub const DESCRIPTION: FieldPath = top!(Description);
    pub const VARIANTS: FieldPath = top!(Variants);

    pub fn variant(i: usize, name: Name) -> FieldPath {
        VARIANTS.cell(i, name)
    }
}

/// The relay settings (R12.4).
pub mod relay {
    use super::*;
    pub const URL: FieldPath = top!(RelayUrl);
    pub const TOKEN: FieldPath = top!(RelayToken);
    pub const HEADERS: FieldPath = top!(RelayHeaders);
}

/// A schedule of recurring documents (R7.1, the Recurring transactions window) and the
/// range of the Generate recurring transactions window (R7.4): `start`, `expires`,
/// `limit`, `schedule_type`, `every`, `weekdays`, `day`, `nth`, `weekday`,
/// `period_day`, the document list `templates.{i}.ref_nbr`, and `start_on`,
/// `stop_on`, `count`.
pub mod schedule {
    use super::*;
    pub const DESCRIPTION: FieldPath = top!(Description);
    pub const START: FieldPath = top!(Start);
    pub const EXPIRES: FieldPath = top!(Expires);
    pub const LIMIT: FieldPath = top!(Limit);
    pub const SCHEDULE_TYPE: FieldPath = top!(ScheduleType);
    pub const EVERY: FieldPath = top!(Every);
    pub const WEEKDAYS: FieldPath = top!(Weekdays);
    /// Monthly: the day of the month.
    pub const DAY: FieldPath = top!(Day);
    /// Monthly: first … fourth, last.
    pub const NTH: FieldPath = top!(Nth);
    pub const WEEKDAY: FieldPath = top!(Weekday);
    /// By financial period: first, last, or a day of the period.
    pub const PERIOD_DAY: FieldPath = top!(PeriodDay);
    /// The Document list tab as a whole.
    pub const TEMPLATES: FieldPath = top!(Templates);
    /// Generate recurring transactions: *Start on*, *Stop* on this date, after this number.
    pub const START_ON: FieldPath = top!(StartOn);
    pub const STOP_ON: FieldPath = top!(StopOn);
    pub const COUNT: FieldPath = top!(Count);

    /// Row `i` of the Document list tab.
    pub fn template(i: usize) -> FieldPath {
        TEMPLATES.cell(i, Name::RefNbr)
    }
}
