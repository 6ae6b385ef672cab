//! Field paths: the form field a `Problem` belongs to, typed and shared by the core
//! and the windows, so a misspelt field does not compile. The constants and builders
//! of each form are in `crate::fields`.
//!
//! A path is a list of steps: names from one closed vocabulary (`Name`), row
//! numbers, and (for a customer's attributes) the attribute's ID. It renders as the
//! dotted text the windows use in test ids (`credit_limit`, `lines.2.quantity`,
//! `main_address.city`); the whole form is `FORM`, rendered as `""`. Paths are only
//! made from the constants of `crate::fields` and the builders here, never from
//! free text.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! names {
    ($($variant:ident = $text:literal,)*) => {
        /// Every name a step of a field path can have (field, table and column names).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Name {
            $($variant,)*
        }

        impl Name {
            /// The name as the form knows it (`credit_limit`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Name::$variant => $text,)*
                }
            }

            fn parse(text: &str) -> Option<Name> {
                match text {
                    $($text => Some(Name::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

names! {
    Id = "id",
    Name = "name",
    Status = "status",
    ClassId = "class_id",
    TermsId = "terms_id",
    Currency = "currency",
    RateType = "rate_type",
    StatementCycleId = "statement_cycle_id",
    Language = "language",
    CreditRule = "credit_rule",
    CreditLimit = "credit_limit",
    DaysPastDue = "days_past_due",
    WriteOffLimit = "write_off_limit",
    OverdueRatePct = "overdue_rate_pct",
    Email = "email",
    AccountRef = "account_ref",
    Address = "address",
    MainContact = "main_contact",
    Invoicing = "invoicing",
    Delivery = "delivery",
    Contact = "contact",
    Locations = "locations",
    Contacts = "contacts",
    PaymentMethods = "payment_methods",
    Parent = "parent",
    ParentId = "parent_id",
    ConsolidateBalance = "consolidate_balance",
    Attributes = "attributes",
    Mailings = "mailings",
    Accounts = "accounts",
    NewId = "new_id",
    Description = "description",
    EmailAccountId = "email_account_id",
    CustomerId = "customer_id",
    Date = "date",
    Rate = "rate",
    PaymentRef = "payment_ref",
    RefNbr = "ref_nbr",
    DocType = "doc_type",
    DueDate = "due_date",
    Lines = "lines",
    Applications = "applications",
    ControlTotal = "control_total",
    Amount = "amount",
    Quantity = "quantity",
    UnitPrice = "unit_price",
    DiscountPct = "discount_pct",
    VatCategory = "vat_category",
    Discount = "discount",
    CompanyName = "company_name",
    CompanyEmail = "company_email",
    BaseCurrency = "base_currency",
    BusinessDate = "business_date",
    NumberFormat = "number_format",
    CompanyAddress = "company_address",
    VatNumber = "vat_number",
    DunningLevels = "dunning_levels",
    Logo = "logo",
    Series = "series",
    Prefix = "prefix",
    NextNumber = "next_number",
    Width = "width",
    Customer = "customer",
    Invoice = "invoice",
    Payment = "payment",
    DebitNote = "debitnote",
    CreditNote = "creditnote",
    OverdueCharge = "overduecharge",
    WriteOff = "writeoff",
    Currencies = "currencies",
    Code = "code",
    MinorUnits = "minor_units",
    CurrencyRates = "currency_rates",
    Effective = "effective",
    VatCategories = "vat_categories",
    VatRates = "vat_rates",
    Category = "category",
    RatePct = "rate_pct",
    Terms = "terms",
    DaysToDue = "days_to_due",
    DiscountDays = "discount_days",
    StatementCycles = "statement_cycles",
    PrepareDay = "prepare_day",
    AgeingDays = "ageing_days",
    FinancialPeriods = "financial_periods",
    Means = "means",
    Active = "active",
    EmailAccounts = "email_accounts",
    SenderName = "sender_name",
    SenderAddress = "sender_address",
    IsDefault = "is_default",
    Branches = "branches",
    Languages = "languages",
    Line1 = "line1",
    Line2 = "line2",
    Line3 = "line3",
    County = "county",
    City = "city",
    Postcode = "postcode",
    Country = "country",
    Attention = "attention",
    Web = "web",
    Phone1 = "phone1",
    Phone2 = "phone2",
    Fax = "fax",
    VatZone = "vat_zone",
    CorporateId = "corporate_id",
    VatRegistrationId = "vat_registration_id",
    EdiCode = "edi_code",
    ShippingBranch = "shipping_branch",
    Gln = "gln",
    Position = "position",
    Phone = "phone",
    MethodId = "method_id",
    CardType = "card_type",
    Account = "account",
    MaskedNumber = "masked_number",
    Expiry = "expiry",
    Reports = "reports",
    BranchId = "branch_id",
    Recipients = "recipients",
    ContactType = "contact_type",
    Receivable = "receivable",
    Sales = "sales",
    SalesNonTaxable = "sales_non_taxable",
    CashDiscount = "cash_discount",
    OverdueCharges = "overdue_charges",
    WriteOffs = "write_offs",
    CurrencyGain = "currency_gain",
    CurrencyLoss = "currency_loss",
    Prepayments = "prepayments",
    Subject = "subject",
    To = "to",
    Cc = "cc",
    Bcc = "bcc",
    From = "from",
    TextBody = "text_body",
    HtmlBody = "html_body",
    Attachments = "attachments",
    FileName = "file_name",
    Variants = "variants",
    TemplateId = "template_id",
    RelayUrl = "relay_url",
    RelayToken = "relay_token",
    RelayHeaders = "relay_headers",
    Start = "start",
    Expires = "expires",
    Limit = "limit",
    ScheduleType = "schedule_type",
    Every = "every",
    Weekdays = "weekdays",
    Day = "day",
    Nth = "nth",
    Weekday = "weekday",
    PeriodDay = "period_day",
    Templates = "templates",
    StartOn = "start_on",
    StopOn = "stop_on",
    Count = "count",
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Name(Name),
    /// A row of a table, from 0.
    Index(usize),
    /// A customer attribute, by the attribute's ID.
    Key(String),
}

/// The field a problem belongs to; `FieldPath::FORM` is the whole form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath(pub(crate) Cow<'static, [Step]>);

impl FieldPath {
    /// The whole form (problems shown only in the summary).
    pub const FORM: FieldPath = FieldPath(Cow::Borrowed(&[]));

    fn with(&self, step: Step) -> FieldPath {
        let mut steps = self.0.to_vec();
        steps.push(step);
        FieldPath(Cow::Owned(steps))
    }

    /// The sub-field `name` of this one (`address` → `address.city`).
    pub fn then(&self, name: Name) -> FieldPath {
        self.with(Step::Name(name))
    }

    /// Row `index` of this table (`lines` → `lines.2`).
    pub fn at(&self, index: usize) -> FieldPath {
        self.with(Step::Index(index))
    }

    /// Row `index`, column `column` of this table (`lines` → `lines.2.quantity`).
    pub fn cell(&self, index: usize, column: Name) -> FieldPath {
        self.at(index).then(column)
    }

    pub(crate) fn key(&self, key: &str) -> FieldPath {
        self.with(Step::Key(key.to_string()))
    }

    pub fn steps(&self) -> &[Step] {
        &self.0
    }

    pub fn is_form(&self) -> bool {
        self.0.is_empty()
    }

    /// The first name (the form field or table), if any.
    pub fn head(&self) -> Option<Name> {
        match self.0.first() {
            Some(Step::Name(name)) => Some(*name),
            _ => None,
        }
    }

    /// The last name (the field itself, or the column of a row).
    pub fn leaf(&self) -> Option<Name> {
        self.0.iter().rev().find_map(|s| match s {
            Step::Name(name) => Some(*name),
            _ => None,
        })
    }

    /// The first row number, if the path is inside a table.
    pub fn row(&self) -> Option<usize> {
        self.0.iter().find_map(|s| match s {
            Step::Index(i) => Some(*i),
            _ => None,
        })
    }

    /// Reads a rendered path back: known names, row numbers, and anything else as a
    /// key. Never fails; `""` is the whole form.
    pub fn parse(text: &str) -> FieldPath {
        if text.is_empty() {
            return FieldPath::FORM;
        }
        let steps = text
            .split('.')
            .map(|part| match (Name::parse(part), part.parse::<usize>()) {
                (Some(name), _) => Step::Name(name),
                (None, Ok(i)) if !part.starts_with('+') => Step::Index(i),
                _ => Step::Key(part.to_string()),
            })
            .collect::<Vec<_>>();
        FieldPath(Cow::Owned(steps))
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, step) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str(".")?;
            }
            match step {
                Step::Name(name) => f.write_str(name.as_str())?,
                Step::Index(i) => write!(f, "{i}")?,
                Step::Key(key) => f.write_str(key)?,
            }
        }
        Ok(())
    }
}

impl From<&FieldPath> for FieldPath {
    fn from(path: &FieldPath) -> Self {
        path.clone()
    }
}

impl Serialize for FieldPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FieldPath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(FieldPath::parse(&text))
    }
}
