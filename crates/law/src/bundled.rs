//! The law of `law/params/`, compiled into the binary with `include_str!` and loaded once.

use std::sync::OnceLock;

use crate::Law;

/// File name and text of every bundled law file.
const FILES: [(&str, &str); 8] = [
    ("b12-1.yaml", include_str!("../../../law/params/b12-1.yaml")),
    ("mrp.yaml", include_str!("../../../law/params/mrp.yaml")),
    (
        "appendix6.yaml",
        include_str!("../../../law/params/appendix6.yaml"),
    ),
    ("minsk.yaml", include_str!("../../../law/params/minsk.yaml")),
    ("hague.yaml", include_str!("../../../law/params/hague.yaml")),
    (
        "iso3166.yaml",
        include_str!("../../../law/params/iso3166.yaml"),
    ),
    (
        "iso4217.yaml",
        include_str!("../../../law/params/iso4217.yaml"),
    ),
    (
        "sources.yaml",
        include_str!("../../../law/params/sources.yaml"),
    ),
];

/// The bundled files as owned `(name, text)` pairs.
pub(crate) fn files() -> Vec<(String, String)> {
    FILES
        .iter()
        .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
        .collect()
}

/// The bundled law. A test proves it loads, so the panic cannot happen in a released binary.
pub(crate) fn law() -> &'static Law {
    static LAW: OnceLock<Law> = OnceLock::new();
    LAW.get_or_init(|| match Law::from_files(&files()) {
        Ok(law) => law,
        Err(err) => panic!("the bundled law in law/params/ is invalid: {err}"),
    })
}
