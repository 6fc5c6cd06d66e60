//! The service catalogue as stored: every text in all three locales. Loaded once at start-up
//! and localised per request into the contract's types.

use banshi_contract as contract;
use banshi_contract::{Datatype, Locale};
use serde::{Deserialize, Serialize};

/// A text in every locale of the contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// Simplified Chinese.
    #[serde(rename = "zh-Hans")]
    pub zh_hans: String,
    /// Traditional Chinese.
    #[serde(rename = "zh-Hant")]
    pub zh_hant: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in `locale`.
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhHans => &self.zh_hans,
            Locale::ZhHant => &self.zh_hant,
            Locale::En => &self.en,
        }
    }

    /// Whether any locale's text contains `needle` (already lower-cased), ignoring ASCII case.
    pub fn contains(&self, needle: &str) -> bool {
        [&self.zh_hans, &self.zh_hant, &self.en]
            .iter()
            .any(|t| t.to_lowercase().contains(needle))
    }

    fn all(&self) -> [&str; 3] {
        [&self.zh_hans, &self.zh_hant, &self.en]
    }
}

fn texts(list: &[Text], locale: Locale) -> Vec<String> {
    list.iter().map(|t| t.get(locale).to_owned()).collect()
}

/// A category as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CategoryDoc {
    /// Stable code.
    pub code: String,
    /// Display order.
    pub position: u32,
    /// Display name.
    pub name: Text,
    /// One sentence.
    pub description: Text,
}

/// A service as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceDoc {
    /// Stable code.
    pub service_code: String,
    /// Category code.
    pub category: String,
    /// Display name.
    pub service_name: Text,
    /// One or two sentences.
    pub description: Text,
    /// Search words.
    #[serde(default)]
    pub keywords: Vec<Text>,
    /// The guide.
    pub guide: GuideDoc,
    /// The request form.
    pub fields: Vec<FieldDoc>,
    /// What filing it starts.
    #[serde(default)]
    pub kind: contract::ServiceKind,
}

/// A guide as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GuideDoc {
    /// Who may apply.
    pub conditions: Vec<Text>,
    /// What to bring.
    pub materials: Vec<MaterialDoc>,
    /// How it is handled.
    pub steps: Vec<Text>,
    /// Working days promised.
    pub time_limit_days: u32,
    /// Fee.
    pub fee: Text,
    /// Statutes.
    pub legal_basis: Vec<Text>,
    /// Where to go.
    pub places: Vec<PlaceDoc>,
}

/// A material as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MaterialDoc {
    /// What it is.
    pub name: Text,
    /// Copies.
    pub copies: u32,
    /// Whether the original is needed.
    pub original: bool,
    /// Extra guidance.
    #[serde(default)]
    pub note: Option<Text>,
}

/// A place as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlaceDoc {
    /// Name.
    pub name: Text,
    /// Address.
    pub address: Text,
    /// Opening hours.
    pub hours: Text,
    /// Telephone.
    pub phone: String,
}

/// A form field as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldDoc {
    /// Answer key.
    pub code: String,
    /// Datatype.
    pub datatype: Datatype,
    /// Whether required.
    pub required: bool,
    /// The question.
    pub label: Text,
    /// Help text.
    #[serde(default)]
    pub hint: Option<Text>,
    /// Minimum characters.
    #[serde(default)]
    pub min_length: Option<u32>,
    /// Maximum characters.
    #[serde(default)]
    pub max_length: Option<u32>,
    /// Smallest number.
    #[serde(default)]
    pub min: Option<f64>,
    /// Largest number.
    #[serde(default)]
    pub max: Option<f64>,
    /// Pattern subset.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Choices.
    #[serde(default)]
    pub values: Vec<OptionDoc>,
    /// Whether the answer is the applicant's name, phone or e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<contract::ContactRole>,
    /// Where `values` come from when the seed does not list them: `services`, every request
    /// service of the catalogue (see [`Catalogue::fill_service_lists`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values_from: Option<ValuesFrom>,
}

/// A list of choices the catalogue itself provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValuesFrom {
    /// The catalogue's request services, in catalogue order.
    Services,
}

/// A list choice as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OptionDoc {
    /// Wire value.
    pub key: String,
    /// Display name.
    pub name: Text,
}

/// A tutorial as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TutorialDoc {
    /// Short uppercase id.
    pub id: String,
    /// Category code.
    pub category: String,
    /// Service it leads to.
    #[serde(default)]
    pub service_code: Option<String>,
    /// Minutes.
    pub duration_minutes: u32,
    /// Title.
    pub title: Text,
    /// Summary.
    pub summary: Text,
    /// Steps.
    pub steps: Vec<StepDoc>,
    /// What to have ready.
    #[serde(default)]
    pub materials: Vec<Text>,
    /// Advice.
    #[serde(default)]
    pub tips: Vec<Text>,
}

/// A tutorial step as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepDoc {
    /// Title.
    pub title: Text,
    /// Body.
    pub body: Text,
}

/// The whole catalogue, in display order.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Catalogue {
    /// Categories.
    #[serde(default)]
    pub categories: Vec<CategoryDoc>,
    /// Services.
    #[serde(default)]
    pub services: Vec<ServiceDoc>,
    /// Tutorials.
    #[serde(default)]
    pub tutorials: Vec<TutorialDoc>,
}

impl Catalogue {
    /// The service with this code.
    pub fn service(&self, code: &str) -> Option<&ServiceDoc> {
        self.services.iter().find(|s| s.service_code == code)
    }

    /// The tutorial with this id; ids are matched without regard to case, since QR payloads
    /// may be upper-cased.
    pub fn tutorial(&self, id: &str) -> Option<&TutorialDoc> {
        self.tutorials
            .iter()
            .find(|t| t.id.eq_ignore_ascii_case(id))
    }

    /// Localised categories with their counts.
    pub fn categories(&self, locale: Locale) -> Vec<contract::Category> {
        self.categories
            .iter()
            .map(|c| contract::Category {
                code: c.code.clone(),
                name: c.name.get(locale).to_owned(),
                description: c.description.get(locale).to_owned(),
                service_count: self
                    .services
                    .iter()
                    .filter(|s| s.category == c.code)
                    .count() as u32,
                tutorial_count: self
                    .tutorials
                    .iter()
                    .filter(|t| t.category == c.code)
                    .count() as u32,
            })
            .collect()
    }

    /// Services in `category` (if given) whose texts contain every word of `query`.
    pub fn search_services(
        &self,
        category: Option<&str>,
        query: Option<&str>,
        locale: Locale,
    ) -> Vec<contract::ServiceSummary> {
        let words = query_words(query);
        self.services
            .iter()
            .filter(|s| category.is_none_or(|c| s.category == c))
            .filter(|s| {
                words.iter().all(|w| {
                    s.service_name.contains(w)
                        || s.description.contains(w)
                        || s.keywords.iter().any(|k| k.contains(w))
                        || s.service_code.contains(w.as_str())
                })
            })
            .map(|s| s.summary(locale))
            .collect()
    }

    /// Tutorials in `category`, leading to `service`, and containing every word of `query`,
    /// each filter applied only when given.
    pub fn search_tutorials(
        &self,
        category: Option<&str>,
        service: Option<&str>,
        query: Option<&str>,
        locale: Locale,
    ) -> Vec<contract::TutorialSummary> {
        let words = query_words(query);
        self.tutorials
            .iter()
            .filter(|t| category.is_none_or(|c| t.category == c))
            .filter(|t| service.is_none_or(|s| t.service_code.as_deref() == Some(s)))
            .filter(|t| {
                words.iter().all(|w| {
                    t.title.contains(w)
                        || t.summary.contains(w)
                        || t.id.eq_ignore_ascii_case(w)
                        || t.service_code
                            .as_deref()
                            .and_then(|c| self.service(c))
                            .is_some_and(|s| {
                                s.keywords.iter().any(|k| k.contains(w))
                                    || s.service_name.contains(w)
                            })
                })
            })
            .map(|t| t.summary(locale))
            .collect()
    }

    /// One service, localised, with the ids of tutorials that lead to it.
    pub fn localised_service(&self, service: &ServiceDoc, locale: Locale) -> contract::Service {
        contract::Service {
            summary: service.summary(locale),
            guide: service.guide.localise(locale),
            fields: service.fields.iter().map(|f| f.localise(locale)).collect(),
            tutorials: self
                .tutorials
                .iter()
                .filter(|t| t.service_code.as_deref() == Some(&service.service_code))
                .map(|t| t.id.clone())
                .collect(),
        }
    }

    /// Fills each `values_from: services` field with the catalogue's request services, so
    /// that a complaint or a request for help can name the service it is about.
    pub fn fill_service_lists(&mut self) {
        let services: Vec<OptionDoc> = self
            .services
            .iter()
            .filter(|s| s.kind == contract::ServiceKind::Request)
            .map(|s| OptionDoc {
                key: s.service_code.clone(),
                name: s.service_name.clone(),
            })
            .collect();
        for field in self.services.iter_mut().flat_map(|s| s.fields.iter_mut()) {
            if field.values_from == Some(ValuesFrom::Services) {
                field.values.clone_from(&services);
            }
        }
    }

    /// Every problem that would make the catalogue inconsistent; empty when it is sound.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for s in &self.services {
            if !seen.insert(&s.service_code) {
                problems.push(format!("duplicate service {}", s.service_code));
            }
            if !self.categories.iter().any(|c| c.code == s.category) {
                problems.push(format!(
                    "service {} has unknown category {}",
                    s.service_code, s.category
                ));
            }
            for role in [
                contract::ContactRole::Name,
                contract::ContactRole::Phone,
                contract::ContactRole::Email,
            ] {
                let marked: Vec<&FieldDoc> = s
                    .fields
                    .iter()
                    .filter(|f| f.contact == Some(role))
                    .collect();
                let fits = |f: &&FieldDoc| match role {
                    contract::ContactRole::Phone => f.datatype == Datatype::Phone,
                    contract::ContactRole::Email => f.datatype == Datatype::Email,
                    _ => f.datatype == Datatype::String,
                };
                if marked.len() > 1 || !marked.iter().all(fits) {
                    problems.push(format!(
                        "{}: contact {role:?} must be one field of a fitting type",
                        s.service_code
                    ));
                }
            }
            for f in &s.fields {
                if f.datatype.is_list() == f.values.is_empty() {
                    problems.push(format!(
                        "{}.{}: values do not fit {:?}",
                        s.service_code, f.code, f.datatype
                    ));
                }
                if let Some(p) = &f.pattern
                    && let Err(e) = banshi_contract::pattern::Pattern::parse(p)
                {
                    problems.push(format!("{}.{}: {e}", s.service_code, f.code));
                }
            }
        }
        for t in &self.tutorials {
            if !seen.insert(&t.id) {
                problems.push(format!("duplicate tutorial {}", t.id));
            }
            if !t
                .id
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            {
                problems.push(format!(
                    "tutorial id {} is not uppercase alphanumeric",
                    t.id
                ));
            }
            if let Some(code) = &t.service_code
                && self.service(code).is_none()
            {
                problems.push(format!("tutorial {} leads to unknown service {code}", t.id));
            }
        }
        problems
    }
}

/// Lower-cased, whitespace-separated words of a search query.
fn query_words(query: Option<&str>) -> Vec<String> {
    query
        .map(|q| q.split_whitespace().map(str::to_lowercase).collect())
        .unwrap_or_default()
}

impl ServiceDoc {
    /// The localised summary.
    pub fn summary(&self, locale: Locale) -> contract::ServiceSummary {
        contract::ServiceSummary {
            service_code: self.service_code.clone(),
            service_name: self.service_name.get(locale).to_owned(),
            description: self.description.get(locale).to_owned(),
            category: self.category.clone(),
            keywords: texts(&self.keywords, locale),
            time_limit_days: self.guide.time_limit_days,
            kind: self.kind,
        }
    }

    /// The form fields localised, for validating answers.
    pub fn fields(&self, locale: Locale) -> Vec<contract::Field> {
        self.fields.iter().map(|f| f.localise(locale)).collect()
    }

    /// Every text of the service, for checks that each locale is filled in.
    pub fn all_texts(&self) -> Vec<&str> {
        let guide = &self.guide;
        let mut all: Vec<&Text> = vec![&self.service_name, &self.description, &guide.fee];
        all.extend(&self.keywords);
        all.extend(&guide.conditions);
        all.extend(&guide.steps);
        all.extend(&guide.legal_basis);
        all.extend(guide.materials.iter().map(|m| &m.name));
        all.extend(
            guide
                .places
                .iter()
                .flat_map(|p| [&p.name, &p.address, &p.hours]),
        );
        for f in &self.fields {
            all.push(&f.label);
            all.extend(f.values.iter().map(|v| &v.name));
        }
        all.into_iter().flat_map(Text::all).collect()
    }
}

impl GuideDoc {
    fn localise(&self, locale: Locale) -> contract::Guide {
        contract::Guide {
            conditions: texts(&self.conditions, locale),
            materials: self
                .materials
                .iter()
                .map(|m| contract::Material {
                    name: m.name.get(locale).to_owned(),
                    copies: m.copies,
                    original: m.original,
                    note: m.note.as_ref().map(|n| n.get(locale).to_owned()),
                })
                .collect(),
            steps: texts(&self.steps, locale),
            time_limit_days: self.time_limit_days,
            fee: self.fee.get(locale).to_owned(),
            legal_basis: texts(&self.legal_basis, locale),
            places: self
                .places
                .iter()
                .map(|p| contract::Place {
                    name: p.name.get(locale).to_owned(),
                    address: p.address.get(locale).to_owned(),
                    hours: p.hours.get(locale).to_owned(),
                    phone: p.phone.clone(),
                })
                .collect(),
        }
    }
}

impl FieldDoc {
    fn localise(&self, locale: Locale) -> contract::Field {
        contract::Field {
            code: self.code.clone(),
            datatype: self.datatype,
            required: self.required,
            label: self.label.get(locale).to_owned(),
            hint: self.hint.as_ref().map(|h| h.get(locale).to_owned()),
            min_length: self.min_length,
            max_length: self.max_length,
            min: self.min,
            max: self.max,
            pattern: self.pattern.clone(),
            values: self
                .values
                .iter()
                .map(|v| contract::FieldOption {
                    key: v.key.clone(),
                    name: v.name.get(locale).to_owned(),
                })
                .collect(),
            contact: self.contact,
        }
    }
}

impl TutorialDoc {
    /// The localised summary.
    pub fn summary(&self, locale: Locale) -> contract::TutorialSummary {
        contract::TutorialSummary {
            id: self.id.clone(),
            title: self.title.get(locale).to_owned(),
            summary: self.summary.get(locale).to_owned(),
            category: self.category.clone(),
            service_code: self.service_code.clone(),
            duration_minutes: self.duration_minutes,
            step_count: self.steps.len() as u32,
        }
    }

    /// The whole tutorial, localised.
    pub fn localise(&self, locale: Locale) -> contract::Tutorial {
        contract::Tutorial {
            summary: self.summary(locale),
            steps: self
                .steps
                .iter()
                .map(|s| contract::TutorialStep {
                    title: s.title.get(locale).to_owned(),
                    body: s.body.get(locale).to_owned(),
                })
                .collect(),
            materials: texts(&self.materials, locale),
            tips: texts(&self.tips, locale),
        }
    }
}
