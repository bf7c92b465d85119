//! The MRV-A lines of a B12-1 visa that Kazakhstan issues: document code `V`, issuing state
//! `KAZ`, the holder's name transliterated and truncated per Doc 9303, the visa number, and the
//! visa category in the optional data.

use chrono::NaiveDate;

use super::compose::{compose, Fields};
use super::countries::icao_country;
use super::dates::yymmdd;
use super::names::{layout_name, transliterate, Untransliterable};
use super::{MrzError, MrzFormat, Sex};

/// Kazakhstan's code as issuing state.
const ISSUER: &str = "KAZ";
/// Width of the MRV-A name field (line 1, columns 6-44).
const NAME_WIDTH: usize = 39;
/// Width of the MRV-A optional data (line 2, columns 29-44).
const OPTIONAL_WIDTH: usize = 16;

/// What goes into the MRZ of a visa we issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisaMrzInput {
    /// Surname(s) as in the passport; diacritics and Cyrillic are transliterated.
    pub surname: String,
    /// Given name(s) as in the passport.
    pub given_names: String,
    /// Visa number: 1 to 9 characters `A-Z`, `0-9`.
    pub visa_number: String,
    /// Nationality as an ICAO code: `DEU`, `D`, `GBR`, `XXA` ...
    pub nationality: String,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Sex: [`Sex::Male`], [`Sex::Female`], [`Sex::Unspecified`] or [`Sex::NotStated`].
    pub sex: Sex,
    /// Last day of the visa's validity.
    pub expiry: NaiveDate,
    /// Optional data, e.g. the category `B121`: up to 16 characters `A-Z`, `0-9`, `<`.
    pub optional_data: String,
}

/// The two MRV-A lines of a visa, each 44 characters.
pub fn mrv_a_lines(visa: &VisaMrzInput) -> Result<[String; 2], MrzError> {
    let bad = |field: &'static str, problem: String| MrzError::VisaInput { field, problem };
    let untransliterable = |field| {
        move |Untransliterable(c)| {
            bad(
                field,
                format!("character {c:?} has no Doc 9303 transliteration; give the name in Latin letters as in the passport"),
            )
        }
    };
    let surname = transliterate(&visa.surname).map_err(untransliterable("surname"))?;
    let given = transliterate(&visa.given_names).map_err(untransliterable("given_names"))?;
    if surname.is_empty() && given.is_empty() {
        return Err(bad(
            "surname",
            "the holder has no name: give a surname or given names".into(),
        ));
    }
    let name = layout_name(&surname, &given, NAME_WIDTH);

    let number = &visa.visa_number;
    if number.is_empty()
        || number.len() > 9
        || !number
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return Err(bad(
            "visa_number",
            format!("{number:?} is not 1 to 9 characters A-Z, 0-9"),
        ));
    }
    let nationality = visa.nationality.as_str();
    let known = nationality
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b == b'<')
        && nationality.len() <= 3
        && icao_country(nationality).is_some();
    if !known {
        return Err(bad(
            "nationality",
            format!(
                "{nationality:?} is not an ICAO 3-letter code such as \"DEU\", \"D\" or \"XXA\""
            ),
        ));
    }
    let sex = match visa.sex {
        Sex::Unreadable(c) => {
            return Err(bad("sex", format!("{c:?} is not M, F, X or '<'")));
        }
        s => s.as_char(),
    };
    let optional = visa.optional_data.as_str();
    if optional.len() > OPTIONAL_WIDTH
        || !optional
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<')
    {
        return Err(bad(
            "optional_data",
            format!("{optional:?} is not up to {OPTIONAL_WIDTH} characters A-Z, 0-9, '<'"),
        ));
    }
    let birth = yymmdd(visa.birth_date);
    let expiry = yymmdd(visa.expiry);
    let lines = compose(
        MrzFormat::MrvA,
        &Fields {
            document_code: "V",
            issuer: ISSUER,
            name: &name,
            number,
            nationality,
            birth: &birth,
            sex,
            expiry: &expiry,
            optional,
            optional2: "",
        },
    );
    let [first, second]: [String; 2] = lines
        .try_into()
        .map_err(|_| bad("format", "MRV-A has two lines".into()))?;
    Ok([first, second])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mrz::{parse, CheckedField};
    use neonomad_core::parse_date;

    fn input() -> VisaMrzInput {
        VisaMrzInput {
            surname: "Müller".into(),
            given_names: "Anna-Lena Sophie".into(),
            visa_number: "B12100042".into(),
            nationality: "D".into(),
            birth_date: parse_date("1988-03-14").unwrap(),
            sex: Sex::Female,
            expiry: parse_date("2027-06-30").unwrap(),
            optional_data: "B121".into(),
        }
    }

    #[test]
    fn writes_a_b12_1_visa() {
        let [l1, l2] = mrv_a_lines(&input()).unwrap();
        assert_eq!(l1, "V<KAZMUELLER<<ANNA<LENA<SOPHIE<<<<<<<<<<<<<<");
        assert_eq!(l2, "B121000423D<<8803148F2706306B121<<<<<<<<<<<<");
        let text = format!("{l1}\n{l2}");
        let mrz = parse(&text, parse_date("2026-01-10").unwrap()).unwrap();
        assert!(mrz.valid(), "{:?}", mrz.check_digits);
        assert!(mrz.diagnostics.is_empty(), "{:?}", mrz.diagnostics);
        assert_eq!(mrz.format, MrzFormat::MrvA);
        assert_eq!(mrz.issuing_country, "KAZ");
        assert_eq!(mrz.surname, "MUELLER");
        assert_eq!(mrz.given_names, "ANNA LENA SOPHIE");
        assert_eq!(mrz.optional_data, "B121");
        assert!(mrz.check(CheckedField::Composite).is_none());
    }

    #[test]
    fn long_names_are_truncated_to_39_characters_ending_in_a_letter() {
        let mut v = input();
        v.surname = "Wolfeschlegelsteinhausenbergerdorff".into();
        v.given_names = "Hubert Blaine".into();
        let [l1, _] = mrv_a_lines(&v).unwrap();
        assert_eq!(l1, "V<KAZWOLFESCHLEGELSTEINHAUSENBERGERDORFF<<HU");
        assert_eq!(l1.len(), 44);
    }

    #[test]
    fn refuses_what_cannot_be_written() {
        type Change = fn(&mut VisaMrzInput);
        let cases: [(Change, &str); 6] = [
            (|v| v.visa_number = "B1210004299".into(), "visa_number"),
            (|v| v.visa_number = "b121".into(), "visa_number"),
            (|v| v.nationality = "Germany".into(), "nationality"),
            (|v| v.surname = "王".into(), "surname"),
            (|v| v.optional_data = "B12.1".into(), "optional_data"),
            (|v| v.sex = Sex::Unreadable('Q'), "sex"),
        ];
        for (change, field) in cases {
            let mut v = input();
            change(&mut v);
            match mrv_a_lines(&v) {
                Err(MrzError::VisaInput { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        let mut v = input();
        v.surname = " ".into();
        v.given_names = "".into();
        assert!(mrv_a_lines(&v).unwrap_err().to_string().contains("no name"));
    }
}
