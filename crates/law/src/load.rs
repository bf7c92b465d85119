//! Reading the law files (YAML text, never the file system) into a validated [`Law`].
//!
//! Each file says what it holds with `kind:`; the loader needs exactly one file of every kind.
//! Files are first read into their written shape (with serde_path_to_error, so an error names the
//! field path), then checked against each other: codes against the ISO lists, periods for
//! order, overlap and gaps, sources resolved, required parameters present.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use neonomad_core::{Amount, CountryCode, CurrencyCode, Decimal};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::country_map::CountryMap;
use crate::dated::{self, check_order, Continuity, Dated, RawPeriod, Timeline};
use crate::error::LawError;
use crate::source::{NamedSources, RawSource};
use crate::values::{
    Appendix6Entry, Comparison, Entries, IncomeTest, InvitationReady, Legalization,
};
use crate::{Appendix6List, Country, Currency, Exclusion, Law, Params, Treaty, RULE_IDS};

/// The kinds of file, with the usual file name of each.
const KINDS: [(&str, &str); 8] = [
    ("parameters", "b12-1.yaml"),
    ("mrp", "mrp.yaml"),
    ("appendix6", "appendix6.yaml"),
    ("minsk", "minsk.yaml"),
    ("hague", "hague.yaml"),
    ("iso3166", "iso3166.yaml"),
    ("iso4217", "iso4217.yaml"),
    ("rule_sources", "sources.yaml"),
];
const KIND_LIST: &str = "parameters, mrp, appendix6, minsk, hague, iso3166, iso4217, rule_sources";

#[derive(Deserialize)]
struct KindProbe {
    kind: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParametersFile {
    #[allow(dead_code)]
    kind: String,
    #[serde(default, deserialize_with = "unique_keys")]
    sources: NamedSources,
    params: RawParams,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParams {
    #[serde(rename = "visa.category_in_force")]
    category_in_force: Vec<RawPeriod<bool>>,
    #[serde(rename = "visa.max_validity_months")]
    max_validity_months: Vec<RawPeriod<u32>>,
    #[serde(rename = "visa.entries")]
    entries: Vec<RawPeriod<Entries>>,
    #[serde(rename = "income.threshold_usd")]
    threshold_usd: Vec<RawPeriod<Amount>>,
    #[serde(rename = "income.months")]
    income_months: Vec<RawPeriod<u32>>,
    #[serde(rename = "income.comparison")]
    comparison: Vec<RawPeriod<Comparison>>,
    #[serde(rename = "income.test")]
    income_test: Vec<RawPeriod<IncomeTest>>,
    #[serde(rename = "passport.validity_margin_months")]
    passport_margin_months: Vec<RawPeriod<u32>>,
    #[serde(rename = "passport.min_blank_pages")]
    min_blank_pages: Vec<RawPeriod<u32>>,
    #[serde(rename = "family.child_max_age_years")]
    child_max_age_years: Vec<RawPeriod<u32>>,
    #[serde(rename = "fee.consular_mrp")]
    fee_mrp: Vec<RawPeriod<u32>>,
    #[serde(rename = "timeline.decision_business_days")]
    decision_business_days: Vec<RawPeriod<RawRange>>,
    #[serde(rename = "timeline.invitation_ready")]
    invitation_ready: Vec<RawPeriod<InvitationReady>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    min: u32,
    max: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MrpFile {
    #[allow(dead_code)]
    kind: String,
    #[serde(default, deserialize_with = "unique_keys")]
    sources: NamedSources,
    periods: Vec<RawPeriod<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Appendix6File {
    #[allow(dead_code)]
    kind: String,
    #[serde(default, deserialize_with = "unique_keys")]
    sources: NamedSources,
    versions: Vec<RawAppendix6Version>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAppendix6Version {
    #[serde(deserialize_with = "dated::date")]
    valid_from: NaiveDate,
    #[serde(default, deserialize_with = "dated::optional_date")]
    valid_to: Option<NaiveDate>,
    source: RawSource,
    countries: Vec<Appendix6Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MinskFile {
    #[allow(dead_code)]
    kind: String,
    #[serde(default, deserialize_with = "unique_keys")]
    sources: NamedSources,
    convention: RawSource,
    parties: Vec<RawMembership>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HagueFile {
    #[allow(dead_code)]
    kind: String,
    #[serde(default, deserialize_with = "unique_keys")]
    sources: NamedSources,
    convention: RawSource,
    no_treaty: RawSource,
    parties: Vec<RawMembership>,
    #[serde(default)]
    pair_exclusions: Vec<RawExclusion>,
    #[serde(default)]
    kz_overrides: Vec<RawOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMembership {
    code: CountryCode,
    #[serde(deserialize_with = "dated::date")]
    valid_from: NaiveDate,
    #[serde(default, deserialize_with = "dated::optional_date")]
    valid_to: Option<NaiveDate>,
    source: RawSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExclusion {
    a: CountryCode,
    b: CountryCode,
    #[serde(deserialize_with = "dated::date")]
    valid_from: NaiveDate,
    #[serde(default, deserialize_with = "dated::optional_date")]
    valid_to: Option<NaiveDate>,
    source: RawSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    code: CountryCode,
    legalization: Legalization,
    #[serde(deserialize_with = "dated::date")]
    valid_from: NaiveDate,
    #[serde(default, deserialize_with = "dated::optional_date")]
    valid_to: Option<NaiveDate>,
    source: RawSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Iso3166File {
    #[allow(dead_code)]
    kind: String,
    #[serde(deserialize_with = "dated::date")]
    as_of: NaiveDate,
    source: RawSource,
    countries: Vec<RawCountry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCountry {
    code: CountryCode,
    name: String,
    #[serde(default)]
    user_assigned: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Iso4217File {
    #[allow(dead_code)]
    kind: String,
    #[serde(deserialize_with = "dated::date")]
    as_of: NaiveDate,
    source: RawSource,
    currencies: Vec<RawCurrency>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCurrency {
    code: CurrencyCode,
    name: String,
    minor_units: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSourcesFile {
    #[allow(dead_code)]
    kind: String,
    #[serde(deserialize_with = "unique_keys")]
    rules: BTreeMap<String, String>,
}

/// Deserializes a map, refusing a key given twice (serde would keep the last one silently).
fn unique_keys<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Visit<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map of names to entries")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "duplicate key {key:?}: give each name once"
                    )));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Visit(std::marker::PhantomData))
}

/// Every file read into its written shape, with its name.
#[derive(Default)]
struct Parsed {
    parameters: Option<(String, ParametersFile)>,
    mrp: Option<(String, MrpFile)>,
    appendix6: Option<(String, Appendix6File)>,
    minsk: Option<(String, MinskFile)>,
    hague: Option<(String, HagueFile)>,
    iso3166: Option<(String, Iso3166File)>,
    iso4217: Option<(String, Iso4217File)>,
    rule_sources: Option<(String, RuleSourcesFile)>,
}

/// Reads and validates the law from `(file name, text)` pairs.
pub(crate) fn load(files: &[(String, String)]) -> Result<Law, LawError> {
    let mut parsed = Parsed::default();
    for (name, text) in files {
        parse_file(&mut parsed, name, text)?;
    }
    let (iso_file, iso3166) = take(parsed.iso3166, "iso3166")?;
    let (countries, country_list) = build_countries(&iso_file, iso3166)?;
    let (cur_file, iso4217) = take(parsed.iso4217, "iso4217")?;
    let currencies = build_currencies(&cur_file, iso4217)?;
    let known = |code: CountryCode| countries.get(code).is_some();

    let (file, p) = take(parsed.parameters, "parameters")?;
    let params = build_params(&file, p)?;
    let (file, m) = take(parsed.mrp, "mrp")?;
    let mrp = Timeline::build(
        m.periods,
        &m.sources,
        &file,
        "periods",
        Continuity::Required,
        |v, path| positive(v, &file, path),
    )?;
    if mrp.periods().is_empty() {
        return Err(LawError::invalid(
            &file,
            "periods",
            "no MRP period: give at least one",
        ));
    }
    let (file, a) = take(parsed.appendix6, "appendix6")?;
    let appendix6 = build_appendix6(&file, a, &known)?;
    let (file, m) = take(parsed.minsk, "minsk")?;
    let convention = m.convention.resolve(&m.sources, &file, "convention")?;
    let minsk = build_treaty(&file, convention, m.parties, &m.sources, &known)?;
    let (file, h) = take(parsed.hague, "hague")?;
    let convention = h.convention.resolve(&h.sources, &file, "convention")?;
    let no_treaty = h.no_treaty.resolve(&h.sources, &file, "no_treaty")?;
    let hague = build_treaty(&file, convention, h.parties, &h.sources, &known)?;
    let hague_exclusions = build_exclusions(&file, h.pair_exclusions, &h.sources, &hague, &known)?;
    let kz_overrides = build_overrides(&file, h.kz_overrides, &h.sources, &known)?;
    let (file, r) = take(parsed.rule_sources, "rule_sources")?;
    let rule_sources = build_rule_sources(&file, r)?;

    Ok(Law {
        params,
        mrp,
        appendix6,
        minsk,
        hague,
        hague_exclusions,
        kz_overrides,
        no_treaty,
        countries,
        country_list,
        currencies,
        rule_sources,
    })
}

fn parse_file(parsed: &mut Parsed, name: &str, text: &str) -> Result<(), LawError> {
    let probe: KindProbe = serde_yaml::from_str(text).map_err(|e| LawError::Syntax {
        file: name.to_owned(),
        path: ".".to_owned(),
        message: e.to_string(),
    })?;
    let Some(kind) = probe.kind else {
        return Err(LawError::Kind {
            file: name.to_owned(),
            message: "missing: every law file starts with `kind:`".to_owned(),
            expected: KIND_LIST,
        });
    };
    fn put<T: DeserializeOwned>(
        slot: &mut Option<(String, T)>,
        kind: &'static str,
        name: &str,
        text: &str,
    ) -> Result<(), LawError> {
        if let Some((first, _)) = slot {
            return Err(LawError::DuplicateKind {
                kind,
                first: first.clone(),
                second: name.to_owned(),
            });
        }
        *slot = Some((name.to_owned(), parse_yaml(name, text)?));
        Ok(())
    }
    match kind.as_str() {
        "parameters" => put(&mut parsed.parameters, "parameters", name, text),
        "mrp" => put(&mut parsed.mrp, "mrp", name, text),
        "appendix6" => put(&mut parsed.appendix6, "appendix6", name, text),
        "minsk" => put(&mut parsed.minsk, "minsk", name, text),
        "hague" => put(&mut parsed.hague, "hague", name, text),
        "iso3166" => put(&mut parsed.iso3166, "iso3166", name, text),
        "iso4217" => put(&mut parsed.iso4217, "iso4217", name, text),
        "rule_sources" => put(&mut parsed.rule_sources, "rule_sources", name, text),
        other => Err(LawError::Kind {
            file: name.to_owned(),
            message: format!("unknown kind {other:?}"),
            expected: KIND_LIST,
        }),
    }
}

/// Deserializes YAML, reporting the field path of the first error.
fn parse_yaml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, LawError> {
    let de = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let message = err.into_inner().to_string();
        // serde_yaml prefixes its message with the path it knows; ours is already in front.
        let message = match message.split_once(": ") {
            Some((prefix, rest)) if path.starts_with(prefix) && !prefix.contains(' ') => {
                rest.to_owned()
            }
            _ => message,
        };
        LawError::Syntax {
            file: file.to_owned(),
            path,
            message,
        }
    })
}

fn take<T>(slot: Option<(String, T)>, kind: &'static str) -> Result<(String, T), LawError> {
    slot.ok_or_else(|| LawError::MissingKind {
        kind,
        example: KINDS
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or("?", |(_, f)| f),
    })
}

fn positive(value: u32, file: &str, path: &str) -> Result<u32, LawError> {
    if value == 0 {
        return Err(LawError::invalid(file, path, "must be greater than 0"));
    }
    Ok(value)
}

/// The conversion of a value that needs no check.
fn same<T>(value: T, _path: &str) -> Result<T, LawError> {
    Ok(value)
}

fn build_params(file: &str, p: ParametersFile) -> Result<Params, LawError> {
    let named = &p.sources;
    let raw = p.params;
    fn timeline<R, T>(
        raw: Vec<RawPeriod<R>>,
        named: &NamedSources,
        file: &str,
        id: &str,
        convert: impl FnMut(R, &str) -> Result<T, LawError>,
    ) -> Result<Timeline<T>, LawError> {
        let path = format!("params.{id}");
        if raw.is_empty() {
            return Err(LawError::invalid(
                file,
                &path,
                "no period: the engine needs this parameter, give at least one period",
            ));
        }
        Timeline::build(raw, named, file, &path, Continuity::Required, convert)
    }
    let params = Params {
        category_in_force: timeline(
            raw.category_in_force,
            named,
            file,
            "visa.category_in_force",
            same,
        )?,
        max_validity_months: timeline(
            raw.max_validity_months,
            named,
            file,
            "visa.max_validity_months",
            |v, path| positive(v, file, path),
        )?,
        entries: timeline(raw.entries, named, file, "visa.entries", same)?,
        threshold_usd: timeline(
            raw.threshold_usd,
            named,
            file,
            "income.threshold_usd",
            |v: Amount, path| {
                if v.value() <= Decimal::ZERO {
                    return Err(LawError::invalid(
                        file,
                        path,
                        format!("threshold {v} must be greater than 0"),
                    ));
                }
                Ok(v.value())
            },
        )?,
        income_months: timeline(
            raw.income_months,
            named,
            file,
            "income.months",
            |v, path| positive(v, file, path),
        )?,
        comparison: timeline(raw.comparison, named, file, "income.comparison", same)?,
        income_test: timeline(raw.income_test, named, file, "income.test", same)?,
        passport_margin_months: timeline(
            raw.passport_margin_months,
            named,
            file,
            "passport.validity_margin_months",
            same,
        )?,
        min_blank_pages: timeline(
            raw.min_blank_pages,
            named,
            file,
            "passport.min_blank_pages",
            same,
        )?,
        child_max_age_years: timeline(
            raw.child_max_age_years,
            named,
            file,
            "family.child_max_age_years",
            |v, path| positive(v, file, path),
        )?,
        fee_mrp: timeline(raw.fee_mrp, named, file, "fee.consular_mrp", |v, path| {
            positive(v, file, path)
        })?,
        decision_business_days: timeline(
            raw.decision_business_days,
            named,
            file,
            "timeline.decision_business_days",
            |v: RawRange, path| {
                if v.min > v.max {
                    return Err(LawError::invalid(
                        file,
                        path,
                        format!("min {} is greater than max {}", v.min, v.max),
                    ));
                }
                Ok((v.min, v.max))
            },
        )?,
        invitation_ready: timeline(
            raw.invitation_ready,
            named,
            file,
            "timeline.invitation_ready",
            same,
        )?,
    };
    check_coverage(file, &params)?;
    Ok(params)
}

/// Every parameter must be in force on every day the B12-1 category is.
fn check_coverage(file: &str, params: &Params) -> Result<(), LawError> {
    let Some((cat_from, cat_to)) = params.category_in_force.span() else {
        return Ok(());
    };
    for (id, span) in params.spans() {
        let Some((from, to)) = span else { continue };
        let starts_late = from > cat_from;
        let ends_early = match (to, cat_to) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(to), Some(cat_to)) => to < cat_to,
        };
        if starts_late || ends_early {
            let cat = match cat_to {
                Some(t) => format!("{cat_from} .. {t}"),
                None => format!("{cat_from} onwards"),
            };
            let has = match to {
                Some(t) => format!("{from} .. {t}"),
                None => format!("{from} onwards"),
            };
            return Err(LawError::invalid(
                file,
                format!("params.{id}"),
                format!("the engine needs this parameter on every day the B12-1 category is in force ({cat}), but its periods cover only {has}"),
            ));
        }
    }
    Ok(())
}

fn build_countries(
    file: &str,
    f: Iso3166File,
) -> Result<(CountryMap<usize>, Vec<Country>), LawError> {
    f.source.resolve(&NamedSources::new(), file, "source")?;
    let _ = f.as_of;
    let mut map = CountryMap::default();
    let mut list = Vec::with_capacity(f.countries.len());
    for (i, c) in f.countries.into_iter().enumerate() {
        let path = format!("countries[{i}]");
        if c.name.trim().is_empty() {
            return Err(LawError::invalid(
                file,
                format!("{path}.name"),
                "empty name",
            ));
        }
        if map.insert(c.code, list.len()).is_some() {
            return Err(LawError::invalid(
                file,
                format!("{path}.code"),
                format!("duplicate country code {}", c.code),
            ));
        }
        if c.user_assigned != c.code.as_str().starts_with('X') {
            return Err(LawError::invalid(
                file,
                format!("{path}.user_assigned"),
                "only the user-assigned X? codes (e.g. XK) are marked user_assigned: true",
            ));
        }
        list.push(Country {
            code: c.code,
            name: c.name,
        });
    }
    Ok((map, list))
}

fn build_currencies(
    file: &str,
    f: Iso4217File,
) -> Result<HashMap<CurrencyCode, Currency>, LawError> {
    f.source.resolve(&NamedSources::new(), file, "source")?;
    let _ = f.as_of;
    let mut map = HashMap::with_capacity(f.currencies.len());
    for (i, c) in f.currencies.into_iter().enumerate() {
        let path = format!("currencies[{i}]");
        if c.minor_units.is_some_and(|u| u > 4) {
            return Err(LawError::invalid(
                file,
                format!("{path}.minor_units"),
                "ISO 4217 minor units are 0 to 4 (or null)",
            ));
        }
        let currency = Currency {
            name: c.name,
            minor_units: c.minor_units,
        };
        if map.insert(c.code, currency).is_some() {
            return Err(LawError::invalid(
                file,
                format!("{path}.code"),
                format!("duplicate currency code {}", c.code),
            ));
        }
    }
    for needed in [CurrencyCode::USD, CurrencyCode::EUR, CurrencyCode::KZT] {
        if !map.contains_key(&needed) {
            return Err(LawError::invalid(
                file,
                "currencies",
                format!("{needed} is missing: the engine needs it (income threshold, reference rates, fees)"),
            ));
        }
    }
    Ok(map)
}

fn check_known(
    known: &impl Fn(CountryCode) -> bool,
    code: CountryCode,
    file: &str,
    path: String,
) -> Result<(), LawError> {
    if known(code) {
        Ok(())
    } else {
        Err(LawError::invalid(
            file,
            path,
            format!("{code} is not a country code of the ISO 3166 list (iso3166.yaml)"),
        ))
    }
}

fn build_appendix6(
    file: &str,
    a: Appendix6File,
    known: &impl Fn(CountryCode) -> bool,
) -> Result<Timeline<Appendix6List>, LawError> {
    let mut indexed = Vec::with_capacity(a.versions.len());
    for (i, v) in a.versions.into_iter().enumerate() {
        let here = format!("versions[{i}]");
        check_order(v.valid_from, v.valid_to, file, &here)?;
        let source = v
            .source
            .resolve(&a.sources, file, &format!("{here}.source"))?;
        let mut index = CountryMap::default();
        for (j, entry) in v.countries.iter().enumerate() {
            let path = format!("{here}.countries[{j}]");
            check_known(known, entry.code, file, format!("{path}.code"))?;
            if !matches!(entry.confidence.as_str(), "high" | "medium" | "low") {
                return Err(LawError::invalid(
                    file,
                    format!("{path}.confidence"),
                    "expected high, medium or low",
                ));
            }
            if entry.evidence.is_empty() {
                return Err(LawError::invalid(
                    file,
                    format!("{path}.evidence"),
                    "give at least one evidence code (G, T or I)",
                ));
            }
            if index.insert(entry.code, j).is_some() {
                return Err(LawError::invalid(
                    file,
                    format!("{path}.code"),
                    format!("duplicate entry for {}", entry.code),
                ));
            }
        }
        let list = Appendix6List {
            entries: v.countries,
            index,
        };
        indexed.push((
            i,
            Dated {
                value: list,
                valid_from: v.valid_from,
                valid_to: v.valid_to,
                source,
            },
        ));
    }
    Timeline::from_dated(indexed, file, "versions", Continuity::GapsAllowed)
}

fn build_treaty(
    file: &str,
    convention: crate::Source,
    parties: Vec<RawMembership>,
    named: &NamedSources,
    known: &impl Fn(CountryCode) -> bool,
) -> Result<Treaty, LawError> {
    let mut per_country: BTreeMap<CountryCode, Vec<(usize, Dated<()>)>> = BTreeMap::new();
    let mut order = Vec::new();
    for (i, p) in parties.into_iter().enumerate() {
        let here = format!("parties[{i}]");
        check_known(known, p.code, file, format!("{here}.code"))?;
        check_order(p.valid_from, p.valid_to, file, &here)?;
        let source = p.source.resolve(named, file, &format!("{here}.source"))?;
        let entry = per_country.entry(p.code).or_default();
        if entry.is_empty() {
            order.push(p.code);
        }
        entry.push((
            i,
            Dated {
                value: (),
                valid_from: p.valid_from,
                valid_to: p.valid_to,
                source,
            },
        ));
    }
    let kz = CountryCode::parse("KZ").expect("valid code");
    if !per_country.contains_key(&kz) {
        return Err(LawError::invalid(file, "parties", "Kazakhstan (KZ) must be listed: the treaty applies only while it is in force for KZ too"));
    }
    let mut members = CountryMap::default();
    for (code, periods) in per_country {
        let timeline = Timeline::from_dated(periods, file, "parties", Continuity::GapsAllowed)
            .map_err(|e| match e {
                LawError::Invalid {
                    file,
                    path,
                    message,
                } => LawError::Invalid {
                    file,
                    path,
                    message: format!("duplicate entry for {code}: {message}"),
                },
                other => other,
            })?;
        members.insert(code, timeline);
    }
    Ok(Treaty {
        convention,
        members,
        order,
    })
}

fn build_exclusions(
    file: &str,
    raw: Vec<RawExclusion>,
    named: &NamedSources,
    hague: &Treaty,
    known: &impl Fn(CountryCode) -> bool,
) -> Result<Vec<Exclusion>, LawError> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, x) in raw.into_iter().enumerate() {
        let here = format!("pair_exclusions[{i}]");
        for (field, code) in [("a", x.a), ("b", x.b)] {
            check_known(known, code, file, format!("{here}.{field}"))?;
            if hague.members.get(code).is_none() {
                return Err(LawError::invalid(
                    file,
                    format!("{here}.{field}"),
                    format!("{code} is not listed under `parties`"),
                ));
            }
        }
        if x.a == x.b {
            return Err(LawError::invalid(
                file,
                &here,
                "a and b must be two different states",
            ));
        }
        let key = if x.a < x.b {
            (x.a, x.b, x.valid_from)
        } else {
            (x.b, x.a, x.valid_from)
        };
        if !seen.insert(key) {
            return Err(LawError::invalid(
                file,
                &here,
                format!("duplicate exclusion {}-{} from {}", x.a, x.b, x.valid_from),
            ));
        }
        check_order(x.valid_from, x.valid_to, file, &here)?;
        let source = x.source.resolve(named, file, &format!("{here}.source"))?;
        out.push(Exclusion {
            a: x.a,
            b: x.b,
            period: Dated {
                value: (),
                valid_from: x.valid_from,
                valid_to: x.valid_to,
                source,
            },
        });
    }
    Ok(out)
}

fn build_overrides(
    file: &str,
    raw: Vec<RawOverride>,
    named: &NamedSources,
    known: &impl Fn(CountryCode) -> bool,
) -> Result<CountryMap<Timeline<Legalization>>, LawError> {
    let mut per_country: BTreeMap<CountryCode, Vec<(usize, Dated<Legalization>)>> = BTreeMap::new();
    for (i, o) in raw.into_iter().enumerate() {
        let here = format!("kz_overrides[{i}]");
        check_known(known, o.code, file, format!("{here}.code"))?;
        check_order(o.valid_from, o.valid_to, file, &here)?;
        let source = o.source.resolve(named, file, &format!("{here}.source"))?;
        per_country.entry(o.code).or_default().push((
            i,
            Dated {
                value: o.legalization,
                valid_from: o.valid_from,
                valid_to: o.valid_to,
                source,
            },
        ));
    }
    let mut map = CountryMap::default();
    for (code, periods) in per_country {
        map.insert(
            code,
            Timeline::from_dated(periods, file, "kz_overrides", Continuity::GapsAllowed)?,
        );
    }
    Ok(map)
}

fn build_rule_sources(
    file: &str,
    r: RuleSourcesFile,
) -> Result<BTreeMap<String, String>, LawError> {
    for (id, line) in &r.rules {
        if line.trim().is_empty() {
            return Err(LawError::invalid(
                file,
                format!("rules.{id}"),
                "empty citation: write the provision a finding of this rule cites",
            ));
        }
    }
    for id in RULE_IDS {
        if !r.rules.contains_key(*id) {
            return Err(LawError::invalid(
                file,
                "rules",
                format!(
                    "missing rule `{id}`: every rule of the specification needs its citation line"
                ),
            ));
        }
    }
    Ok(r.rules)
}
