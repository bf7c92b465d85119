//! Checks that need the law's code lists, or relate two fields: the second half of strict
//! input parsing. Serde already rejected wrong shapes; this rejects unknown codes, amounts with
//! more decimals than their currency has, non-positive income and periods that end before they start.

use chrono::NaiveDate;
use neonomad_core::{CountryCode, CurrencyCode};
use neonomad_law::Law;

use crate::application::{Application, Passport};
use crate::input_error::InputError;

impl Application {
    /// Rejects unknown country and currency codes, bad amounts and inverted periods, naming the field.
    pub fn check(&self, law: &Law, origin: &str) -> Result<(), InputError> {
        let err = |path: String, msg: String| InputError::new(origin, &path, msg);
        let country = |path: &str, code: Option<CountryCode>| -> Result<(), InputError> {
            match code {
                Some(c) if law.country_name(c).is_none() => Err(err(
                    path.to_owned(),
                    format!("{c:?} is not an ISO 3166-1 alpha-2 country code"),
                )),
                _ => Ok(()),
            }
        };
        let period = |path: &str,
                      start: Option<NaiveDate>,
                      end: Option<NaiveDate>|
         -> Result<(), InputError> {
            match (start, end) {
                (Some(s), Some(e)) if e < s => Err(err(
                    format!("{path}.end"),
                    format!("ends on {e}, before it starts on {s}"),
                )),
                _ => Ok(()),
            }
        };
        let passport = |path: &str, p: Option<&Passport>| {
            country(
                &format!("{path}.issuing_country"),
                p.and_then(|p| p.issuing_country),
            )
        };

        country("apply_in", self.apply_in)?;
        country("applicant.citizenship", self.applicant.citizenship)?;
        country("applicant.residence", self.applicant.residence)?;
        passport("passport", self.passport.as_ref())?;
        if let Some(v) = &self.visa {
            period("visa", v.start, v.end)?;
        }
        if let Some(i) = &self.insurance {
            period("insurance", Some(i.start), Some(i.end))?;
        }
        if let Some(c) = &self.current_visa {
            period("current_visa", Some(c.start), Some(c.end))?;
        }
        for (n, entry) in self.income.iter().flatten().enumerate() {
            let path = format!("income[{n}]");
            check_currency(law, entry.currency, entry.amount.decimal_places())
                .map_err(|m| err(format!("{path}.{}", m.0), m.1))?;
            if entry.amount.value() <= neonomad_core::Decimal::ZERO {
                return Err(err(
                    format!("{path}.amount"),
                    format!(
                        "{} is not a payment received: income amounts must be positive",
                        entry.amount
                    ),
                ));
            }
            country(&format!("{path}.payer_country"), entry.payer_country)?;
            if let Some(iban) = &entry.payer_iban {
                let ok = iban.len() >= 4
                    && iban.len() <= 34
                    && iban.bytes().all(|b| b.is_ascii_alphanumeric())
                    && iban.as_bytes()[..2].iter().all(u8::is_ascii_uppercase)
                    && iban.as_bytes()[2..4].iter().all(u8::is_ascii_digit);
                if !ok {
                    return Err(err(
                        format!("{path}.payer_iban"),
                        format!("{iban:?} is not an IBAN (country letters, check digits, then up to 30 letters or digits, no spaces)"),
                    ));
                }
            }
        }
        for (n, member) in self.family.iter().enumerate() {
            let path = format!("family[{n}]");
            country(&format!("{path}.citizenship"), member.citizenship)?;
            country(
                &format!("{path}.certificate_issued_in"),
                member.certificate_issued_in,
            )?;
            passport(&format!("{path}.passport"), member.passport.as_ref())?;
            if let Some(i) = &member.insurance {
                period(&format!("{path}.insurance"), Some(i.start), Some(i.end))?;
            }
        }
        Ok(())
    }
}

fn check_currency(
    law: &Law,
    currency: CurrencyCode,
    places: u32,
) -> Result<(), (&'static str, String)> {
    match law.currency_minor_units(currency) {
        None => Err((
            "currency",
            format!("{currency:?} is not an ISO 4217 currency code"),
        )),
        Some(minor) if places > minor => Err((
            "amount",
            format!("has {places} decimal places but {currency} has {minor}"),
        )),
        Some(_) => Ok(()),
    }
}
