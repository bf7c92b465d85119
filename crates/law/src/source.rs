//! Where a value of the law comes from (`Source`), a value with its period and source (`InForce`),
//! and how the `source:` blocks of the files are written and resolved.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::LawError;

/// The citation behind a value: the text a finding shows, a URL where known, how sure we are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Human-readable citation (act, article, or the secondary source it was read from).
    pub citation: String,
    /// Where the citation can be read, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `high`, `medium` or `low` (see facts.md for the scale).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// Caveats: disagreements between sources, inferences, what to re-check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A value of the law together with the period it is in force and its source.
#[derive(Clone, Copy, Debug)]
pub struct InForce<'a, T> {
    /// The value.
    pub value: T,
    /// First day the value applies.
    pub valid_from: NaiveDate,
    /// Last day the value applies (inclusive); `None` while it is still in force.
    pub valid_to: Option<NaiveDate>,
    /// Where the value comes from.
    pub source: &'a Source,
}

/// How sure the source is, as written in the files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

/// A `source:` block as written: either inline (`citation`, ...) or `ref: NAME` to an entry of the
/// file's `sources:` map, optionally with a `note` of its own.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    #[serde(rename = "ref")]
    reference: Option<String>,
    citation: Option<String>,
    url: Option<String>,
    confidence: Option<Confidence>,
    note: Option<String>,
}

/// The named sources of one file.
pub(crate) type NamedSources = BTreeMap<String, RawSource>;

impl RawSource {
    /// Resolves a reference and checks that a citation is present. `path` is the `source` field.
    pub(crate) fn resolve(
        &self,
        named: &NamedSources,
        file: &str,
        path: &str,
    ) -> Result<Source, LawError> {
        let Some(name) = &self.reference else {
            return self.inline(file, path);
        };
        if self.citation.is_some() || self.url.is_some() || self.confidence.is_some() {
            return Err(LawError::invalid(
                file,
                path,
                "a source with `ref` takes no citation, url or confidence of its own (only an extra `note`)",
            ));
        }
        let Some(target) = named.get(name) else {
            let known: Vec<&str> = named.keys().map(String::as_str).collect();
            return Err(LawError::invalid(
                file,
                format!("{path}.ref"),
                format!(
                    "no source named {name:?} in this file's `sources:` (known: {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ),
            ));
        };
        let mut source = target.inline(file, &format!("sources.{name}"))?;
        if let Some(note) = &self.note {
            source.note = Some(match source.note {
                Some(base) => format!("{base} {note}"),
                None => note.clone(),
            });
        }
        Ok(source)
    }

    fn inline(&self, file: &str, path: &str) -> Result<Source, LawError> {
        if self.reference.is_some() {
            return Err(LawError::invalid(
                file,
                path,
                "a named source cannot itself be a `ref`; write its citation",
            ));
        }
        let citation = self.citation.as_deref().map(str::trim).unwrap_or("");
        if citation.is_empty() {
            return Err(LawError::invalid(
                file,
                path,
                "missing source: give a `citation` (the act, article or page the value comes from) or a `ref` to a named source",
            ));
        }
        Ok(Source {
            citation: citation.to_owned(),
            url: self.url.clone(),
            confidence: self.confidence.map(|c| c.as_str().to_owned()),
            note: self.note.clone(),
        })
    }
}
