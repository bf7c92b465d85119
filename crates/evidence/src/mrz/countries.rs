//! ICAO 9303 three-letter codes of issuing states and nationalities, and their ISO 3166-1 alpha-2
//! twins, so that an MRZ's `DEU` or `D<<` can be compared with an application's `DE`.
//!
//! The ISO part is generated from Debian's `iso-codes` 4.15.0 (`iso_3166-1.json`, 249 codes);
//! the ICAO-only codes come from Doc 9303 Part 3 (codes for Germany, British nationals of other
//! kinds, UN, refugees and stateless persons, other issuing organisations, and the specimen
//! state Utopia).

use neonomad_core::CountryCode;

/// One three-letter code an MRZ may carry as issuing state or nationality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IcaoCountry {
    /// The code as printed, without trailing fillers: `DEU`, `D`, `GBN`, `XXA`.
    pub icao: &'static str,
    /// The ISO 3166-1 alpha-2 code of the state behind it, if there is one (`D` -> `DE`, `GBN` -> `GB`).
    pub alpha2: Option<&'static str>,
    /// Whether `icao` is itself an ISO 3166-1 alpha-3 code (false for `D`, `GBN`, `XXA`, `UTO` ...).
    pub iso: bool,
    /// English short name.
    pub name: &'static str,
}

/// Looks up an MRZ country code as printed, with or without its trailing fillers (`D<<` or `D`).
pub fn icao_country(code: &str) -> Option<&'static IcaoCountry> {
    let code = code.trim_end_matches('<');
    if code.len() == 3 {
        if let Ok(i) = ISO_KEYS.binary_search(&key(code)) {
            return Some(&ISO_TABLE[i]);
        }
    }
    ICAO_ONLY.iter().find(|c| c.icao == code)
}

/// The ISO alpha-2 code behind an MRZ country code (`DEU`, `D<<` -> `DE`; `XXA` -> `None`).
pub fn icao_to_alpha2(code: &str) -> Option<CountryCode> {
    icao_country(code)
        .and_then(|c| c.alpha2)
        .and_then(|a| CountryCode::parse(a).ok())
}

/// The ISO alpha-3 code an MRZ uses for an alpha-2 country (`DE` -> `DEU`); Germany's own
/// documents print `D` instead, which [`icao_to_alpha2`] also accepts.
pub fn alpha2_to_icao(country: CountryCode) -> Option<&'static str> {
    ISO_TABLE
        .iter()
        .find(|c| c.alpha2 == Some(country.as_str()))
        .map(|c| c.icao)
}

const fn iso(icao: &'static str, alpha2: &'static str, name: &'static str) -> IcaoCountry {
    IcaoCountry {
        icao,
        alpha2: Some(alpha2),
        iso: true,
        name,
    }
}

const fn icao_only(
    icao: &'static str,
    alpha2: Option<&'static str>,
    name: &'static str,
) -> IcaoCountry {
    IcaoCountry {
        icao,
        alpha2,
        iso: false,
        name,
    }
}

/// Codes Doc 9303 Part 3 adds to ISO 3166-1; none of them is an ISO alpha-3 code.
static ICAO_ONLY: [IcaoCountry; 23] = [
    icao_only("D", Some("DE"), "Germany (Doc 9303 code)"),
    icao_only("GBD", Some("GB"), "British Overseas Territories Citizen"),
    icao_only("GBN", Some("GB"), "British National (Overseas)"),
    icao_only("GBO", Some("GB"), "British Overseas Citizen"),
    icao_only("GBP", Some("GB"), "British Protected Person"),
    icao_only("GBS", Some("GB"), "British Subject"),
    // XK is a user-assigned alpha-2 code that Kosovo uses; ISO 3166-1 has none.
    icao_only("RKS", Some("XK"), "Kosovo"),
    icao_only("UNO", None, "United Nations Organization"),
    icao_only("UNA", None, "United Nations specialized agency"),
    icao_only("UNK", None, "Resident of Kosovo (UNMIK)"),
    icao_only("XXA", None, "Stateless person"),
    icao_only("XXB", None, "Refugee (1951 Convention)"),
    icao_only("XXC", None, "Refugee (other)"),
    icao_only("XXX", None, "Unspecified nationality"),
    icao_only("EUE", None, "European Union"),
    icao_only("XBA", None, "African Development Bank"),
    icao_only("XIM", None, "African Export-Import Bank"),
    icao_only("XCC", None, "Caribbean Community"),
    icao_only("XCO", None, "Common Market for Eastern and Southern Africa"),
    icao_only("XEC", None, "Economic Community of West African States"),
    icao_only("XPO", None, "International Criminal Police Organization"),
    icao_only("XOM", None, "Sovereign Military Order of Malta"),
    icao_only("UTO", None, "Utopia (Doc 9303 specimen state)"),
];

/// A three-letter code as one number, so that the lookup compares integers, not strings.
const fn key(code: &str) -> u32 {
    let b = code.as_bytes();
    (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32
}

/// [`ISO`]'s codes as [`key`]s, in the same order.
static ISO_KEYS: [u32; ISO.len()] = {
    let mut keys = [0; ISO.len()];
    let mut i = 0;
    while i < ISO.len() {
        keys[i] = key(ISO[i].icao);
        i += 1;
    }
    keys
};

/// [`ISO`] as a static, so that lookups hand out `'static` references to one copy.
static ISO_TABLE: [IcaoCountry; ISO.len()] = ISO;

/// ISO 3166-1, sorted by alpha-3 for binary search.
const ISO: [IcaoCountry; 249] = [
    iso("ABW", "AW", "Aruba"),
    iso("AFG", "AF", "Afghanistan"),
    iso("AGO", "AO", "Angola"),
    iso("AIA", "AI", "Anguilla"),
    iso("ALA", "AX", "Åland Islands"),
    iso("ALB", "AL", "Albania"),
    iso("AND", "AD", "Andorra"),
    iso("ARE", "AE", "United Arab Emirates"),
    iso("ARG", "AR", "Argentina"),
    iso("ARM", "AM", "Armenia"),
    iso("ASM", "AS", "American Samoa"),
    iso("ATA", "AQ", "Antarctica"),
    iso("ATF", "TF", "French Southern Territories"),
    iso("ATG", "AG", "Antigua and Barbuda"),
    iso("AUS", "AU", "Australia"),
    iso("AUT", "AT", "Austria"),
    iso("AZE", "AZ", "Azerbaijan"),
    iso("BDI", "BI", "Burundi"),
    iso("BEL", "BE", "Belgium"),
    iso("BEN", "BJ", "Benin"),
    iso("BES", "BQ", "Bonaire, Sint Eustatius and Saba"),
    iso("BFA", "BF", "Burkina Faso"),
    iso("BGD", "BD", "Bangladesh"),
    iso("BGR", "BG", "Bulgaria"),
    iso("BHR", "BH", "Bahrain"),
    iso("BHS", "BS", "Bahamas"),
    iso("BIH", "BA", "Bosnia and Herzegovina"),
    iso("BLM", "BL", "Saint Barthélemy"),
    iso("BLR", "BY", "Belarus"),
    iso("BLZ", "BZ", "Belize"),
    iso("BMU", "BM", "Bermuda"),
    iso("BOL", "BO", "Bolivia"),
    iso("BRA", "BR", "Brazil"),
    iso("BRB", "BB", "Barbados"),
    iso("BRN", "BN", "Brunei Darussalam"),
    iso("BTN", "BT", "Bhutan"),
    iso("BVT", "BV", "Bouvet Island"),
    iso("BWA", "BW", "Botswana"),
    iso("CAF", "CF", "Central African Republic"),
    iso("CAN", "CA", "Canada"),
    iso("CCK", "CC", "Cocos (Keeling) Islands"),
    iso("CHE", "CH", "Switzerland"),
    iso("CHL", "CL", "Chile"),
    iso("CHN", "CN", "China"),
    iso("CIV", "CI", "Côte d'Ivoire"),
    iso("CMR", "CM", "Cameroon"),
    iso("COD", "CD", "Congo, The Democratic Republic of the"),
    iso("COG", "CG", "Congo"),
    iso("COK", "CK", "Cook Islands"),
    iso("COL", "CO", "Colombia"),
    iso("COM", "KM", "Comoros"),
    iso("CPV", "CV", "Cabo Verde"),
    iso("CRI", "CR", "Costa Rica"),
    iso("CUB", "CU", "Cuba"),
    iso("CUW", "CW", "Curaçao"),
    iso("CXR", "CX", "Christmas Island"),
    iso("CYM", "KY", "Cayman Islands"),
    iso("CYP", "CY", "Cyprus"),
    iso("CZE", "CZ", "Czechia"),
    iso("DEU", "DE", "Germany"),
    iso("DJI", "DJ", "Djibouti"),
    iso("DMA", "DM", "Dominica"),
    iso("DNK", "DK", "Denmark"),
    iso("DOM", "DO", "Dominican Republic"),
    iso("DZA", "DZ", "Algeria"),
    iso("ECU", "EC", "Ecuador"),
    iso("EGY", "EG", "Egypt"),
    iso("ERI", "ER", "Eritrea"),
    iso("ESH", "EH", "Western Sahara"),
    iso("ESP", "ES", "Spain"),
    iso("EST", "EE", "Estonia"),
    iso("ETH", "ET", "Ethiopia"),
    iso("FIN", "FI", "Finland"),
    iso("FJI", "FJ", "Fiji"),
    iso("FLK", "FK", "Falkland Islands (Malvinas)"),
    iso("FRA", "FR", "France"),
    iso("FRO", "FO", "Faroe Islands"),
    iso("FSM", "FM", "Micronesia, Federated States of"),
    iso("GAB", "GA", "Gabon"),
    iso("GBR", "GB", "United Kingdom"),
    iso("GEO", "GE", "Georgia"),
    iso("GGY", "GG", "Guernsey"),
    iso("GHA", "GH", "Ghana"),
    iso("GIB", "GI", "Gibraltar"),
    iso("GIN", "GN", "Guinea"),
    iso("GLP", "GP", "Guadeloupe"),
    iso("GMB", "GM", "Gambia"),
    iso("GNB", "GW", "Guinea-Bissau"),
    iso("GNQ", "GQ", "Equatorial Guinea"),
    iso("GRC", "GR", "Greece"),
    iso("GRD", "GD", "Grenada"),
    iso("GRL", "GL", "Greenland"),
    iso("GTM", "GT", "Guatemala"),
    iso("GUF", "GF", "French Guiana"),
    iso("GUM", "GU", "Guam"),
    iso("GUY", "GY", "Guyana"),
    iso("HKG", "HK", "Hong Kong"),
    iso("HMD", "HM", "Heard Island and McDonald Islands"),
    iso("HND", "HN", "Honduras"),
    iso("HRV", "HR", "Croatia"),
    iso("HTI", "HT", "Haiti"),
    iso("HUN", "HU", "Hungary"),
    iso("IDN", "ID", "Indonesia"),
    iso("IMN", "IM", "Isle of Man"),
    iso("IND", "IN", "India"),
    iso("IOT", "IO", "British Indian Ocean Territory"),
    iso("IRL", "IE", "Ireland"),
    iso("IRN", "IR", "Iran"),
    iso("IRQ", "IQ", "Iraq"),
    iso("ISL", "IS", "Iceland"),
    iso("ISR", "IL", "Israel"),
    iso("ITA", "IT", "Italy"),
    iso("JAM", "JM", "Jamaica"),
    iso("JEY", "JE", "Jersey"),
    iso("JOR", "JO", "Jordan"),
    iso("JPN", "JP", "Japan"),
    iso("KAZ", "KZ", "Kazakhstan"),
    iso("KEN", "KE", "Kenya"),
    iso("KGZ", "KG", "Kyrgyzstan"),
    iso("KHM", "KH", "Cambodia"),
    iso("KIR", "KI", "Kiribati"),
    iso("KNA", "KN", "Saint Kitts and Nevis"),
    iso("KOR", "KR", "South Korea"),
    iso("KWT", "KW", "Kuwait"),
    iso("LAO", "LA", "Laos"),
    iso("LBN", "LB", "Lebanon"),
    iso("LBR", "LR", "Liberia"),
    iso("LBY", "LY", "Libya"),
    iso("LCA", "LC", "Saint Lucia"),
    iso("LIE", "LI", "Liechtenstein"),
    iso("LKA", "LK", "Sri Lanka"),
    iso("LSO", "LS", "Lesotho"),
    iso("LTU", "LT", "Lithuania"),
    iso("LUX", "LU", "Luxembourg"),
    iso("LVA", "LV", "Latvia"),
    iso("MAC", "MO", "Macao"),
    iso("MAF", "MF", "Saint Martin (French part)"),
    iso("MAR", "MA", "Morocco"),
    iso("MCO", "MC", "Monaco"),
    iso("MDA", "MD", "Moldova"),
    iso("MDG", "MG", "Madagascar"),
    iso("MDV", "MV", "Maldives"),
    iso("MEX", "MX", "Mexico"),
    iso("MHL", "MH", "Marshall Islands"),
    iso("MKD", "MK", "North Macedonia"),
    iso("MLI", "ML", "Mali"),
    iso("MLT", "MT", "Malta"),
    iso("MMR", "MM", "Myanmar"),
    iso("MNE", "ME", "Montenegro"),
    iso("MNG", "MN", "Mongolia"),
    iso("MNP", "MP", "Northern Mariana Islands"),
    iso("MOZ", "MZ", "Mozambique"),
    iso("MRT", "MR", "Mauritania"),
    iso("MSR", "MS", "Montserrat"),
    iso("MTQ", "MQ", "Martinique"),
    iso("MUS", "MU", "Mauritius"),
    iso("MWI", "MW", "Malawi"),
    iso("MYS", "MY", "Malaysia"),
    iso("MYT", "YT", "Mayotte"),
    iso("NAM", "NA", "Namibia"),
    iso("NCL", "NC", "New Caledonia"),
    iso("NER", "NE", "Niger"),
    iso("NFK", "NF", "Norfolk Island"),
    iso("NGA", "NG", "Nigeria"),
    iso("NIC", "NI", "Nicaragua"),
    iso("NIU", "NU", "Niue"),
    iso("NLD", "NL", "Netherlands"),
    iso("NOR", "NO", "Norway"),
    iso("NPL", "NP", "Nepal"),
    iso("NRU", "NR", "Nauru"),
    iso("NZL", "NZ", "New Zealand"),
    iso("OMN", "OM", "Oman"),
    iso("PAK", "PK", "Pakistan"),
    iso("PAN", "PA", "Panama"),
    iso("PCN", "PN", "Pitcairn"),
    iso("PER", "PE", "Peru"),
    iso("PHL", "PH", "Philippines"),
    iso("PLW", "PW", "Palau"),
    iso("PNG", "PG", "Papua New Guinea"),
    iso("POL", "PL", "Poland"),
    iso("PRI", "PR", "Puerto Rico"),
    iso("PRK", "KP", "North Korea"),
    iso("PRT", "PT", "Portugal"),
    iso("PRY", "PY", "Paraguay"),
    iso("PSE", "PS", "Palestine, State of"),
    iso("PYF", "PF", "French Polynesia"),
    iso("QAT", "QA", "Qatar"),
    iso("REU", "RE", "Réunion"),
    iso("ROU", "RO", "Romania"),
    iso("RUS", "RU", "Russian Federation"),
    iso("RWA", "RW", "Rwanda"),
    iso("SAU", "SA", "Saudi Arabia"),
    iso("SDN", "SD", "Sudan"),
    iso("SEN", "SN", "Senegal"),
    iso("SGP", "SG", "Singapore"),
    iso("SGS", "GS", "South Georgia and the South Sandwich Islands"),
    iso("SHN", "SH", "Saint Helena, Ascension and Tristan da Cunha"),
    iso("SJM", "SJ", "Svalbard and Jan Mayen"),
    iso("SLB", "SB", "Solomon Islands"),
    iso("SLE", "SL", "Sierra Leone"),
    iso("SLV", "SV", "El Salvador"),
    iso("SMR", "SM", "San Marino"),
    iso("SOM", "SO", "Somalia"),
    iso("SPM", "PM", "Saint Pierre and Miquelon"),
    iso("SRB", "RS", "Serbia"),
    iso("SSD", "SS", "South Sudan"),
    iso("STP", "ST", "Sao Tome and Principe"),
    iso("SUR", "SR", "Suriname"),
    iso("SVK", "SK", "Slovakia"),
    iso("SVN", "SI", "Slovenia"),
    iso("SWE", "SE", "Sweden"),
    iso("SWZ", "SZ", "Eswatini"),
    iso("SXM", "SX", "Sint Maarten (Dutch part)"),
    iso("SYC", "SC", "Seychelles"),
    iso("SYR", "SY", "Syria"),
    iso("TCA", "TC", "Turks and Caicos Islands"),
    iso("TCD", "TD", "Chad"),
    iso("TGO", "TG", "Togo"),
    iso("THA", "TH", "Thailand"),
    iso("TJK", "TJ", "Tajikistan"),
    iso("TKL", "TK", "Tokelau"),
    iso("TKM", "TM", "Turkmenistan"),
    iso("TLS", "TL", "Timor-Leste"),
    iso("TON", "TO", "Tonga"),
    iso("TTO", "TT", "Trinidad and Tobago"),
    iso("TUN", "TN", "Tunisia"),
    iso("TUR", "TR", "Türkiye"),
    iso("TUV", "TV", "Tuvalu"),
    iso("TWN", "TW", "Taiwan"),
    iso("TZA", "TZ", "Tanzania"),
    iso("UGA", "UG", "Uganda"),
    iso("UKR", "UA", "Ukraine"),
    iso("UMI", "UM", "United States Minor Outlying Islands"),
    iso("URY", "UY", "Uruguay"),
    iso("USA", "US", "United States"),
    iso("UZB", "UZ", "Uzbekistan"),
    iso("VAT", "VA", "Holy See (Vatican City State)"),
    iso("VCT", "VC", "Saint Vincent and the Grenadines"),
    iso("VEN", "VE", "Venezuela"),
    iso("VGB", "VG", "Virgin Islands, British"),
    iso("VIR", "VI", "Virgin Islands, U.S."),
    iso("VNM", "VN", "Vietnam"),
    iso("VUT", "VU", "Vanuatu"),
    iso("WLF", "WF", "Wallis and Futuna"),
    iso("WSM", "WS", "Samoa"),
    iso("YEM", "YE", "Yemen"),
    iso("ZAF", "ZA", "South Africa"),
    iso("ZMB", "ZM", "Zambia"),
    iso("ZWE", "ZW", "Zimbabwe"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_table_is_sorted_and_unique_so_binary_search_works() {
        assert!(ISO.windows(2).all(|w| w[0].icao < w[1].icao));
        assert!(ISO_KEYS.windows(2).all(|w| w[0] < w[1]));
        assert!(ISO
            .iter()
            .all(|c| c.icao.len() == 3 && c.alpha2.is_some_and(|a| a.len() == 2)));
        assert!(ICAO_ONLY
            .iter()
            .all(|c| icao_country(c.icao).is_some_and(|f| !f.iso)));
        assert!(ICAO_ONLY
            .iter()
            .all(|c| ISO.binary_search_by(|i| i.icao.cmp(c.icao)).is_err()));
    }

    #[test]
    fn mrz_codes_map_to_alpha2() {
        let a2 = |c| icao_to_alpha2(c).map(|c| c.to_string());
        assert_eq!(a2("DEU").as_deref(), Some("DE"));
        assert_eq!(a2("D<<").as_deref(), Some("DE"));
        assert_eq!(a2("D").as_deref(), Some("DE"));
        assert_eq!(a2("GBN").as_deref(), Some("GB"));
        assert_eq!(a2("KAZ").as_deref(), Some("KZ"));
        assert_eq!(a2("XXA"), None);
        assert_eq!(a2("UTO"), None);
        assert_eq!(a2("ZZZ"), None);
        assert_eq!(a2("deu"), None);
    }

    #[test]
    fn special_codes_are_flagged_non_iso() {
        for code in [
            "D<<", "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XXA", "XXB", "XXC",
            "XXX", "EUE", "UTO",
        ] {
            let c = icao_country(code).unwrap_or_else(|| panic!("{code} unknown"));
            assert!(!c.iso, "{code}");
        }
        assert!(icao_country("GBR").unwrap().iso);
    }

    #[test]
    fn alpha2_maps_back_to_the_iso_alpha3() {
        let kz = CountryCode::parse("KZ").unwrap();
        assert_eq!(alpha2_to_icao(kz), Some("KAZ"));
        assert_eq!(
            alpha2_to_icao(CountryCode::parse("DE").unwrap()),
            Some("DEU")
        );
        assert_eq!(alpha2_to_icao(CountryCode::parse("XK").unwrap()), None);
        for c in ISO.iter() {
            let a2 = CountryCode::parse(c.alpha2.unwrap()).unwrap();
            assert_eq!(alpha2_to_icao(a2), Some(c.icao));
        }
    }
}
