//! Read-only catalogue resources: meta, categories, services with guides and form fields,
//! and tutorials. Every text is already localised by the backend.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// `GET /v1/meta`: what this backend is and what it offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Contract version implemented, e.g. `"1.1"`.
    pub contract_version: String,
    /// Name of the service centre, localised.
    pub name: String,
    /// Locales the backend serves content in.
    pub locales: Vec<Locale>,
    /// Locale used when `Accept-Language` names none of `locales`.
    pub default_locale: Locale,
    /// Optional modules that are switched on, e.g. `"halls"`.
    pub modules: Vec<String>,
    /// The channels through which the backend tells citizens of changes to their tickets;
    /// empty (and absent) when it sends none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notifications: Vec<crate::NotifyChannel>,
    /// How citizens reach a person.
    pub support: SupportContacts,
}

/// Ways to reach a person at the service centre.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportContacts {
    /// Hotline number, e.g. `"12345"`.
    pub phone: String,
    /// Support e-mail address, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// When the hotline answers, localised free text.
    pub hours: String,
}

/// `GET /v1/categories` item: a group of services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Stable code, lowercase kebab-case.
    pub code: String,
    /// Display name.
    pub name: String,
    /// One-sentence description.
    pub description: String,
    /// How many services are in this category.
    pub service_count: u32,
    /// How many tutorials are in this category.
    pub tutorial_count: u32,
}

/// `GET /v1/services` item: enough to list and search services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    /// Stable code (Open311 `service_code`).
    pub service_code: String,
    /// Display name (Open311 `service_name`).
    pub service_name: String,
    /// One or two sentences.
    pub description: String,
    /// Code of the category it belongs to (Open311 `group`).
    pub category: String,
    /// Words citizens search for (Open311 `keywords`).
    pub keywords: Vec<String>,
    /// Working days promised for a result; 0 means on the spot.
    pub time_limit_days: u32,
    /// What filing it starts; `request` when absent.
    #[serde(default, skip_serializing_if = "is_request")]
    pub kind: crate::ServiceKind,
}

fn is_request(kind: &crate::ServiceKind) -> bool {
    *kind == crate::ServiceKind::Request
}

/// `GET /v1/services/{code}`: one service with its guide and request form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    /// The summary fields, flattened into the same object.
    #[serde(flatten)]
    pub summary: ServiceSummary,
    /// The 办事指南: who may apply, what to bring, how it works.
    pub guide: Guide,
    /// The request form, in display order (Open311 `attributes`).
    pub fields: Vec<Field>,
    /// Ids of tutorials that lead to this service.
    pub tutorials: Vec<String>,
}

/// The service guide (办事指南).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Guide {
    /// Who may apply.
    pub conditions: Vec<String>,
    /// What to bring or upload.
    pub materials: Vec<Material>,
    /// How the request is handled, in order.
    pub steps: Vec<String>,
    /// Working days promised for a result; 0 means on the spot.
    pub time_limit_days: u32,
    /// The fee, as display text ("Free", "¥80").
    pub fee: String,
    /// Statutes the service rests on.
    pub legal_basis: Vec<String>,
    /// Where to go in person.
    pub places: Vec<Place>,
}

/// One item of required material.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Material {
    /// What it is.
    pub name: String,
    /// How many copies.
    pub copies: u32,
    /// Whether the original must be shown.
    pub original: bool,
    /// Extra guidance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A counter or office where the service is handled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Name of the place or window.
    pub name: String,
    /// Street address.
    pub address: String,
    /// Opening hours, free text.
    pub hours: String,
    /// Telephone number.
    pub phone: String,
}

/// Data type of a form field; names follow Open311 where it has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Datatype {
    /// One line of text.
    String,
    /// Several lines of text.
    Text,
    /// A decimal number.
    Number,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM-DDTHH:MM`, local time of the service centre.
    Datetime,
    /// A mainland mobile or landline number.
    Phone,
    /// An e-mail address.
    Email,
    /// An 18-character PRC resident identity number with a valid checksum.
    IdNumber,
    /// Exactly one key of `values`.
    Singlevaluelist,
    /// Any number of distinct keys of `values`.
    Multivaluelist,
    /// Yes or no.
    Boolean,
}

impl Datatype {
    /// Whether answers of this type are chosen from `values`.
    pub fn is_list(self) -> bool {
        matches!(self, Datatype::Singlevaluelist | Datatype::Multivaluelist)
    }
}

/// A question on a request form (Open311 attribute).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Key of the answer in `answers`.
    pub code: String,
    /// Kind of answer expected.
    pub datatype: Datatype,
    /// Whether an answer must be given.
    pub required: bool,
    /// The question.
    pub label: String,
    /// Help shown under the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Minimum length in characters (`string`, `text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    /// Maximum length in characters (`string`, `text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Smallest allowed value (`number`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest allowed value (`number`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Anchored pattern in the subset described in [`crate::pattern`] (`string`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The choices of a list type, in display order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<FieldOption>,
    /// Whether the answer is how to reach the applicant; the backend keeps such answers
    /// apart so that staff can search by them. At most one field per role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactRole>,
}

/// What a contact field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    /// The applicant's name.
    Name,
    /// The applicant's mobile number.
    Phone,
    /// The applicant's e-mail address.
    Email,
    /// A role this client does not know yet.
    #[serde(other)]
    Unknown,
}

/// One choice of a list field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldOption {
    /// Value sent in `answers`.
    pub key: String,
    /// Display name.
    pub name: String,
}

/// `GET /v1/tutorials` item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TutorialSummary {
    /// Short uppercase id, as printed in QR codes (`/t/{id}`).
    pub id: String,
    /// Title.
    pub title: String,
    /// One-sentence summary.
    pub summary: String,
    /// Category code.
    pub category: String,
    /// Service the tutorial leads to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_code: Option<String>,
    /// Typical time to get it done, in minutes.
    pub duration_minutes: u32,
    /// Number of steps.
    pub step_count: u32,
}

/// `GET /v1/tutorials/{id}`: a step-by-step tutorial.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tutorial {
    /// The summary fields, flattened into the same object.
    #[serde(flatten)]
    pub summary: TutorialSummary,
    /// The steps, in order.
    pub steps: Vec<TutorialStep>,
    /// What to have ready.
    pub materials: Vec<String>,
    /// Advice that saves a trip.
    pub tips: Vec<String>,
}

/// One step of a tutorial.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TutorialStep {
    /// Short imperative title.
    pub title: String,
    /// What exactly to do.
    pub body: String,
}
