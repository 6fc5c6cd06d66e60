//! Runtime configuration from `/config.json`, read at start-up, so one build serves any
//! backend that implements the contract.

use banshi_contract::Locale;
use serde::{Deserialize, Serialize};

/// What `public/config.json` may set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppConfig {
    /// Root of the contract, the part before `/v1` (e.g. `/api`).
    pub api_base: String,
    /// Locale for first-time visitors whose browser asks for none of ours.
    pub default_locale: Locale,
    /// Optional modules to show, e.g. `halls`.
    pub modules: Vec<String>,
    /// Name of the service centre, per locale tag; the backend's name is used when absent.
    pub centre_name: Option<CentreName>,
    /// Hotline shown in the footer.
    pub hotline: Option<String>,
    /// The voices the calling board announces each call in, in order, as BCP 47 languages:
    /// `zh-CN` (Mandarin) then `en` by default; `zh-HK` or `yue-HK` (Cantonese) or `zh-TW`
    /// for a hall in Hong Kong, Macau or Taiwan.
    pub board_voices: Vec<String>,
    /// Where the centre is, as an ISO 3166 code (`HK`, `MO`, `TW`), where that changes
    /// how Traditional Chinese is read aloud (a Hong Kong voice rather than a Taiwan one).
    pub centre_region: Option<String>,
    /// On an enrolled kiosk, seconds without a touch before it asks whether anyone is there.
    pub kiosk_idle_seconds: u32,
    /// Seconds the kiosk's question counts down before it wipes the visit.
    pub kiosk_warning_seconds: u32,
}

/// A name in each locale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CentreName {
    /// Simplified Chinese.
    #[serde(rename = "zh-Hans")]
    pub zh_hans: String,
    /// Traditional Chinese.
    #[serde(rename = "zh-Hant")]
    pub zh_hant: String,
    /// English.
    pub en: String,
}

impl CentreName {
    /// The name in `locale`.
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhHans => &self.zh_hans,
            Locale::ZhHant => &self.zh_hant,
            Locale::En => &self.en,
        }
    }
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            api_base: "/api".to_owned(),
            default_locale: Locale::ZhHans,
            modules: Vec::new(),
            centre_name: None,
            hotline: None,
            board_voices: vec!["zh-CN".to_owned(), "en".to_owned()],
            centre_region: None,
            kiosk_idle_seconds: 90,
            kiosk_warning_seconds: 30,
        }
    }
}

impl AppConfig {
    /// Reads `config.json` text; unknown members are ignored, missing ones take defaults.
    pub fn parse(json: &str) -> Result<AppConfig, serde_json::Error> {
        serde_json::from_str(json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_config_keeps_defaults_for_the_rest() {
        let config =
            AppConfig::parse(r#"{"api_base":"https://hall.example/api","default_locale":"en"}"#)
                .expect("reads");
        assert_eq!(config.api_base, "https://hall.example/api");
        assert_eq!(config.default_locale, Locale::En);
        assert!(config.modules.is_empty());
        assert_eq!(
            config.board_voices,
            ["zh-CN", "en"],
            "Mandarin, then English"
        );
        assert_eq!(AppConfig::parse("{}").expect("reads"), AppConfig::default());
    }
}
