//! `passport.mrz_consistency`: when the application carries the passport's MRZ lines, every
//! check digit must hold and the MRZ must say what the form says (number, names, nationality,
//! issuing country, birth date, expiry). Each disagreement is named; nothing is "corrected".

use std::borrow::Cow;

use chrono::NaiveDate;
use neonomad_core::{CountryCode, Subject};
use neonomad_evidence::mrz::{self, icao_to_alpha2};

use crate::application::Passport;
use crate::assessment::{Finding, Status};
use crate::engine::{finding, Context};
use crate::rule::RuleId;

/// What the form says about the passport holder, to compare with the MRZ.
pub(crate) struct Holder<'a> {
    pub name: Option<&'a str>,
    pub birth_date: Option<NaiveDate>,
    pub citizenship: Option<CountryCode>,
}

/// The finding, or `None` when the application gives no MRZ for this passport.
pub(crate) fn mrz_consistency(
    ctx: &Context<'_>,
    subject: Subject,
    passport: &Passport,
    holder: &Holder<'_>,
    as_of: NaiveDate,
) -> Option<Finding> {
    let text = passport.mrz.as_deref()?;
    let f = |status, message: Cow<'static, str>| {
        finding(
            ctx,
            RuleId::PassportMrzConsistency,
            status,
            subject,
            message,
        )
    };
    let parsed = match mrz::parse(text, as_of) {
        Ok(m) => m,
        Err(e) => return Some(f(Status::Fail, msg!("The MRZ cannot be read: {e}"))),
    };
    let mut problems: Vec<String> = Vec::new();
    if !parsed.document_type.starts_with('P') {
        problems.push(format!(
            "it is a {} MRZ of document type {:?}, not a passport's",
            parsed.format.as_str(),
            parsed.document_type
        ));
    }
    for cd in parsed.check_digits.iter().filter(|c| !c.valid) {
        problems.push(format!(
            "the check digit of the {} is {:?} but should be {}",
            cd.field.as_str().replace('_', " "),
            cd.found,
            cd.expected
                .map_or("a digit".to_owned(), |e| format!("{e:?}"))
        ));
    }
    if let Some(number) = passport.number.as_deref() {
        let form = number.trim().to_uppercase().replace(' ', "");
        let mrz_number = parsed.document_number.trim_end_matches('<');
        if form != mrz_number {
            problems.push(format!(
                "the form gives passport number {number}, the MRZ {mrz_number}"
            ));
        }
    }
    if let (Some(form), Some(issuer)) = (
        passport.issuing_country,
        icao_to_alpha2(parsed.issuing_country),
    ) {
        if form != issuer {
            problems.push(format!(
                "the form gives issuing country {form}, the MRZ {} ({issuer})",
                parsed.issuing_country
            ));
        }
    }
    if let (Some(form), Some(nationality)) =
        (holder.citizenship, icao_to_alpha2(parsed.nationality))
    {
        if form != nationality {
            problems.push(format!(
                "the form gives citizenship {form}, the MRZ nationality {} ({nationality})",
                parsed.nationality
            ));
        }
    }
    if let (Some(form), Some(mrz_date)) = (holder.birth_date, parsed.birth_date.date) {
        if form != mrz_date {
            problems.push(format!(
                "the form gives birth date {form}, the MRZ {mrz_date}"
            ));
        }
    }
    if let (Some(form), Some(mrz_date)) = (passport.expiry, parsed.expiry.date) {
        if form != mrz_date {
            problems.push(format!("the form gives expiry {form}, the MRZ {mrz_date}"));
        }
    }
    if let Some(name) = holder.name {
        let mrz_name: Vec<String> = parsed
            .surname
            .split_whitespace()
            .chain(parsed.given_names.split_whitespace())
            .map(str::to_owned)
            .collect();
        if !names_agree(name, &mrz_name) {
            problems.push(format!(
                "the form gives the name {name:?}, the MRZ {} {}",
                parsed.surname, parsed.given_names
            ));
        }
    }
    Some(if problems.is_empty() {
        f(
            Status::Pass,
            msg!(
                "The {} MRZ's check digits hold and it matches the form (number, names, nationality, birth date, expiry)",
                parsed.format.as_str()
            ),
        )
    } else {
        f(
            Status::Fail,
            msg!(
                "The passport MRZ does not agree: {}; check the form and the MRZ against the passport itself",
                problems.join("; ")
            ),
        )
    })
}

/// Whether a name as written on the form and the MRZ name components are the same name: the
/// same words in any order, allowing ICAO transliteration (Ä as AE or A, ß as SS) and MRZ
/// truncation (an MRZ word may be the start of the form's word).
fn names_agree(form: &str, mrz: &[String]) -> bool {
    [true, false].iter().any(|&umlaut_as_e| {
        let mut words = transliterate(form, umlaut_as_e);
        if words.len() != mrz.len() {
            return false;
        }
        mrz.iter().all(|m| {
            let Some(i) = words
                .iter()
                .position(|w| w == m || (m.len() >= 3 && w.starts_with(m.as_str())))
            else {
                return false;
            };
            words.swap_remove(i);
            true
        })
    })
}

fn transliterate(name: &str, umlaut_as_e: bool) -> Vec<String> {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_uppercase) {
        let mapped: &str = match c {
            'Ä' | 'Æ' if umlaut_as_e => "AE",
            'Ö' | 'Œ' | 'Ø' if umlaut_as_e => "OE",
            'Ü' if umlaut_as_e => "UE",
            'Ä' | 'Æ' | 'À' | 'Á' | 'Â' | 'Ã' | 'Å' | 'Ą' | 'Ā' => "A",
            'Ö' | 'Œ' | 'Ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ō' | 'Ő' => "O",
            'Ü' | 'Ù' | 'Ú' | 'Û' | 'Ū' | 'Ů' | 'Ű' => "U",
            'ß' => "SS",
            'Ç' | 'Č' | 'Ć' => "C",
            'È' | 'É' | 'Ê' | 'Ë' | 'Ę' | 'Ē' | 'Ě' => "E",
            'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "I",
            'Ñ' | 'Ń' | 'Ň' => "N",
            'Š' | 'Ś' | 'Ş' => "S",
            'Ž' | 'Ź' | 'Ż' => "Z",
            'Ł' => "L",
            'Ý' | 'Ÿ' => "Y",
            'Ř' => "R",
            'Ď' => "D",
            'Ť' => "T",
            'Ğ' => "G",
            c if c.is_ascii_alphabetic() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        out.push_str(mapped);
    }
    out.split_whitespace().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn names_agree_in_any_order_and_with_icao_transliteration() {
        assert!(names_agree(
            "Anna Maria Eriksson",
            &words("ERIKSSON ANNA MARIA")
        ));
        assert!(names_agree("Jürgen Müller", &words("MUELLER JUERGEN")));
        assert!(names_agree("Jürgen Müller", &words("MULLER JURGEN")));
        assert!(names_agree("Strauß", &words("STRAUSS")));
        assert!(names_agree("Jean-Luc Picard", &words("PICARD JEAN LUC")));
        assert!(
            names_agree(
                "Bartholomew Featherstonehaugh",
                &words("FEATHERSTONEH BARTHOLOMEW")
            ),
            "MRZ truncation"
        );
    }

    #[test]
    fn different_names_do_not_agree() {
        assert!(!names_agree("Anna Schmidt", &words("SCHMIDT ANNE")));
        assert!(!names_agree("Anna Schmidt", &words("SCHMIDT")));
        assert!(!names_agree("Anna Schmidt", &words("SCHMIDT ANNA MARIA")));
        assert!(
            !names_agree("Al Bo", &words("A BO")),
            "one-letter stubs are not truncations"
        );
    }
}
