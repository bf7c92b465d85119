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
        // Field paths are built only when something is wrong: `check` runs on every line of
        // a batch, and almost every line is fine.
        let err = |path: String, msg: String| InputError::new(origin, &path, msg);
        let country = |path: &dyn Fn() -> String, code: Option<CountryCode>| match code {
            Some(c) if law.country_name(c).is_none() => Err(err(
                path(),
                format!("{c:?} is not an ISO 3166-1 alpha-2 country code"),
            )),
            _ => Ok(()),
        };
        let period = |path: &dyn Fn() -> String,
                      start: Option<NaiveDate>,
                      end: Option<NaiveDate>|
         -> Result<(), InputError> {
            match (start, end) {
                (Some(s), Some(e)) if e < s => Err(err(
                    format!("{}.end", path()),
                    format!("ends on {e}, before it starts on {s}"),
                )),
                _ => Ok(()),
            }
        };
        let passport = |path: &dyn Fn() -> String, p: Option<&Passport>| {
            country(
                &|| format!("{}.issuing_country", path()),
                p.and_then(|p| p.issuing_country),
            )
        };

        country(&|| "apply_in".into(), self.apply_in)?;
        country(
            &|| "applicant.citizenship".into(),
            self.applicant.citizenship,
        )?;
        country(&|| "applicant.residence".into(), self.applicant.residence)?;
        passport(&|| "passport".into(), self.passport.as_ref())?;
        if let Some(v) = &self.visa {
            period(&|| "visa".into(), v.start, v.end)?;
        }
        if let Some(i) = &self.insurance {
            period(&|| "insurance".into(), Some(i.start), Some(i.end))?;
        }
        if let Some(c) = &self.current_visa {
            period(&|| "current_visa".into(), Some(c.start), Some(c.end))?;
        }
        for (n, entry) in self.income.iter().flatten().enumerate() {
            let path = || format!("income[{n}]");
            check_currency(law, entry.currency, entry.amount.decimal_places())
                .map_err(|m| err(format!("{}.{}", path(), m.0), m.1))?;
            if entry.amount.value() <= neonomad_core::Decimal::ZERO {
                return Err(err(
                    format!("{}.amount", path()),
                    format!(
                        "{} is not a payment received: income amounts must be positive",
                        entry.amount
                    ),
                ));
            }
            country(&|| format!("{}.payer_country", path()), entry.payer_country)?;
            if let Some(iban) = &entry.payer_iban {
                let ok = iban.len() >= 4
                    && iban.len() <= 34
                    && iban.bytes().all(|b| b.is_ascii_alphanumeric())
                    && iban.as_bytes()[..2].iter().all(u8::is_ascii_uppercase)
                    && iban.as_bytes()[2..4].iter().all(u8::is_ascii_digit);
                if !ok {
                    return Err(err(
                        format!("{}.payer_iban", path()),
                        format!("{iban:?} is not an IBAN (country letters, check digits, then up to 30 letters or digits, no spaces)"),
                    ));
                }
            }
        }
        for (n, member) in self.family.iter().enumerate() {
            let path = || format!("family[{n}]");
            country(&|| format!("{}.citizenship", path()), member.citizenship)?;
            country(
                &|| format!("{}.certificate_issued_in", path()),
                member.certificate_issued_in,
            )?;
            passport(&|| format!("{}.passport", path()), member.passport.as_ref())?;
            if let Some(i) = &member.insurance {
                period(
                    &|| format!("{}.insurance", path()),
                    Some(i.start),
                    Some(i.end),
                )?;
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
