#!/usr/bin/env python3
"""Write a deterministic JSONL batch of varied B12-1 applications for `neonomad assess --batch`.

Each line is one application in the interchange contract's shape (docs: ../shared/spec/contract.md).
The mix is meant to look like a real case store, not like one file copied N times:

- assessment dates from 2025-03 to 2026-10 (inside the bundled law, calendar and ECB rates);
- applicants of a dozen citizenships, applying at home, in their country of residence or elsewhere;
- income in USD, EUR, GBP, CHF, JPY, INR, TRY and a few currencies the ECB does not publish
  (KZT, AED), one or two payments a month, sometimes a month missing or paid from Kazakhstan,
  amounts on both sides of the USD 3,000 threshold;
- 0 to 3 family members; documents sometimes missing; facts sometimes null (not stated);
- extensions with a current visa;
- about 1 line in 100 an invalid application on purpose (unknown field, impossible date, unknown
  currency, negative amount, unknown country, wrong type), which the batch must report and pass.
  These lines are still well-formed JSON, so that `jq -c .` (the baseline the batch is compared
  with) reads the whole file; --truncated-per-mille adds lines cut in the middle, which jq rejects.

Only the standard library is used. The same --seed and --count always give the same bytes.

    python3 scripts/gen-batch.py --count 200000 --out /tmp/batch.jsonl
"""

import argparse
import datetime as dt
import json
import random
import sys

# Citizenship, a typical residence, and the currencies such an applicant tends to be paid in.
PROFILES = [
    ("DE", "DE", ["EUR", "EUR", "USD"]),
    ("FR", "FR", ["EUR"]),
    ("US", "US", ["USD"]),
    ("GB", "GB", ["GBP", "USD"]),
    ("IN", "AE", ["USD", "USD", "INR", "AED"]),
    ("IN", "IN", ["INR", "USD"]),
    ("JP", "JP", ["JPY"]),
    ("CH", "CH", ["CHF", "EUR"]),
    ("TR", "TR", ["TRY", "EUR", "USD"]),
    ("RU", "GE", ["USD", "EUR"]),
    ("CN", "CN", ["USD"]),
    ("BR", "PT", ["EUR", "USD"]),
    ("KR", "KR", ["USD"]),
    ("UA", "PL", ["EUR", "USD"]),
]

# Rough units of each currency per USD, to draw amounts around the USD 3,000 threshold.
PER_USD = {
    "USD": 1.0, "EUR": 0.9, "GBP": 0.78, "CHF": 0.85, "JPY": 150.0, "INR": 88.0,
    "TRY": 48.0, "AED": 3.67, "KZT": 500.0,
}
NO_MINOR_UNITS = {"JPY"}

APPLICANT_DOCS = [
    "application_form", "passport_original", "bank_statements_6m", "tax_return",
    "criminal_record_certificate", "medical_insurance", "consular_fee_receipt",
]
FIRST_NAMES = ["Anna", "Jordan", "Priya", "Kenji", "Lea", "Omar", "Sofia", "Ivan", "Mei", "Lucas",
               "Amara", "Noah", "Elif", "Mateo", "Hana", "Ravi"]
LAST_NAMES = ["Schmidt", "Lee", "Nair", "Tanaka", "Dubois", "Haddad", "Rossi", "Petrov", "Chen",
              "Silva", "Okafor", "Brown", "Yilmaz", "Garcia", "Kim", "Menon"]

FIRST_DAY = dt.date(2025, 3, 2)
LAST_DAY = dt.date(2026, 10, 20)


def iso(day):
    return day.isoformat()


def add_days(day, n):
    return day + dt.timedelta(days=n)


def add_months(day, months, dom=None):
    """First day of the month `months` after `day`'s month, then day `dom` clamped to the month."""
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    first = dt.date(y, m + 1, 1)
    last = (dt.date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return first.replace(day=min(dom or day.day, last))


def money(rng, currency, usd):
    amount = usd * PER_USD[currency] * rng.uniform(0.97, 1.03)
    if currency in NO_MINOR_UNITS:
        return str(int(round(amount)))
    return f"{amount:.2f}"


def passport(rng, country, as_of, adult=True):
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    number = rng.choice(letters) + "".join(rng.choice("0123456789") for _ in range(8))
    # Mostly valid long after the visa; sometimes too short, to exercise that rule.
    expiry = add_days(as_of, rng.choice([3000, 2500, 1800, 1200]) if rng.random() < 0.96 else 400)
    return {
        "number": number,
        "issuing_country": country,
        "expiry": iso(expiry),
        "blank_pages": rng.choice([12, 8, 6, 4, 2] if adult else [16, 10, 4]) if rng.random() < 0.98 else 1,
        "altered": rng.random() < 0.01,
        "extension_marks": rng.random() < 0.01,
    }


def income(rng, as_of, currencies):
    """Payments for the six months before the month of `as_of`."""
    monthly_usd = rng.choice([2400, 3600, 3600, 4200, 4200, 5200, 5200, 7800, 12000, 15000])
    currency = rng.choice(currencies)
    payer = {"EUR": "DE", "GBP": "GB", "CHF": "CH", "JPY": "JP", "INR": "IN", "TRY": "TR",
             "AED": "AE", "KZT": "KZ"}.get(currency, "US")
    entries = []
    for back in range(6, 0, -1):
        if rng.random() < 0.005:
            continue  # a month with no income
        month_start = add_months(as_of, -back, dom=1)
        split = 2 if rng.random() < 0.2 else 1
        for part in range(split):
            day = add_months(month_start, 0, dom=rng.choice([1, 5, 14, 15, 25, 28, 30, 31]))
            entry = {
                "date": iso(day),
                "amount": money(rng, currency, monthly_usd / split),
                "currency": currency,
                "payer_country": "KZ" if rng.random() < 0.02 else payer,
            }
            if rng.random() < 0.1:
                entry["payer_iban"] = f"{entry['payer_country']}{rng.randrange(10, 99)}" + "".join(
                    rng.choice("0123456789") for _ in range(16))
            entries.append(entry)
    if rng.random() < 0.02:
        entries[0]["currency"] = "KZT"
        entries[0]["amount"] = money(rng, "KZT", monthly_usd)
    return entries


def family(rng, as_of, citizenship):
    members = []
    if rng.random() < 0.35:
        members.append(("spouse", rng.randrange(25, 60)))
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            members.append(("child", rng.randrange(0, 20)))
    out = []
    for relation, age in members:
        birth = add_days(as_of, -(age * 365 + rng.randrange(0, 365)))
        docs = ["application_form", "passport_original", "medical_insurance",
                "marriage_certificate" if relation == "spouse" else "birth_certificate"]
        if rng.random() < 0.05:
            docs.pop(rng.randrange(len(docs)))
        out.append({
            "relation": relation,
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "birth_date": iso(birth),
            "citizenship": citizenship,
            "certificate_issued_in": citizenship if rng.random() < 0.8 else "KZ",
            "passport": passport(rng, citizenship, as_of, adult=age >= 18),
            "insurance": None,  # filled by the caller with the applicant's period
            "documents": docs,
        })
    return out


def application(rng):
    as_of = add_days(FIRST_DAY, rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    citizenship, residence, currencies = rng.choice(PROFILES)
    apply_in = rng.choices([citizenship, residence, "US"], weights=[70, 28, 2])[0]
    start = add_days(as_of, rng.choice([14, 30, 45, 60]))
    end = add_days(add_months(start, 12), -1) if rng.random() < 0.8 else add_days(start, 200)
    needs_invitation = citizenship in ("IN", "CN", "RU", "UA", "TR", "BR") or apply_in != citizenship
    docs = list(APPLICANT_DOCS)
    if rng.random() < 0.08:
        docs.pop(rng.randrange(len(docs)))
    app = {
        "kind": "initial",
        "as_of": iso(as_of),
        "apply_in": apply_in,
        "applicant": {
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "birth_date": iso(add_days(as_of, -rng.randrange(20 * 365, 60 * 365))),
            "citizenship": citizenship,
            "residence": residence,
            "residence_proof": "residence_permit" if residence != citizenship and rng.random() < 0.8 else None,
            "criminal_record": False if rng.random() < 0.97 else rng.choice([True, None]),
            "intends_to_work_in_kz": False if rng.random() < 0.98 else rng.choice([True, None]),
        },
        "passport": passport(rng, citizenship, as_of),
        "visa": {"start": iso(start), "end": iso(end)},
        "income": income(rng, as_of, currencies),
        "insurance": None,  # set below, once the visa period is final
        "invitation": None,
        "current_visa": None,
        "documents": docs,
        "family": family(rng, as_of, citizenship),
    }
    if needs_invitation and rng.random() < 0.93:
        app["invitation"] = {"registered_on": iso(add_days(as_of, -rng.randrange(1, 20))),
                             "number": str(2026000000 + rng.randrange(1000000))}
        docs.append("invitation")
    if residence != citizenship and apply_in == residence:
        docs.append("residence_proof")
    if rng.random() < 0.1:
        app["kind"] = "extension"
        app["apply_in"] = "KZ" if rng.random() < 0.5 else apply_in
        previous_end = add_days(as_of, rng.randrange(5, 40))
        app["current_visa"] = {"number": f"B12{rng.randrange(10**6):06d}",
                               "start": iso(add_days(add_months(previous_end, -12), 1)),
                               "end": iso(previous_end)}
        app["visa"]["start"] = iso(add_days(previous_end, 1))
    if rng.random() < 0.15:
        del app["visa"]["end"]  # the longest allowed
    # Insurance covers the visa period asked for, sometimes ending too early.
    insurance = {"start": app["visa"]["start"],
                 "end": iso(add_days(add_months(dt.date.fromisoformat(app["visa"]["start"]), 12), -1))}
    if rng.random() < 0.05:
        insurance["end"] = iso(add_days(dt.date.fromisoformat(insurance["end"]), -90))
    app["insurance"] = insurance if rng.random() < 0.97 else None
    for member in app["family"]:
        member["insurance"] = app["insurance"]
    return app


def broken(rng, app):
    """One of the ways a stored application goes wrong; the batch must name the line and go on."""
    kind = rng.randrange(6)
    if kind == 0:
        app["passport"]["blank_pages"] = "six"
    elif kind == 1:
        app["applicant"]["nickname"] = "typo"
    elif kind == 2:
        app["as_of"] = "2026-02-30"
    elif kind == 3 and app["income"]:
        app["income"][0]["currency"] = "XYZ"
    elif kind == 4 and app["income"]:
        app["income"][-1]["amount"] = "-" + app["income"][-1]["amount"]
    else:
        app["apply_in"] = "ZZ"
    return json.dumps(app, separators=(",", ":"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000, help="number of lines (default 200000)")
    parser.add_argument("--seed", type=int, default=12, help="random seed (default 12)")
    parser.add_argument("--invalid-per-mille", type=int, default=10,
                        help="invalid lines per 1000 (default 10)")
    parser.add_argument("--truncated-per-mille", type=int, default=0,
                        help="lines per 1000 cut in the middle, i.e. not JSON at all (default 0)")
    parser.add_argument("--out", default="-", help="output file (default: standard output)")
    args = parser.parse_args()
    if args.count < 0:
        parser.error("--count must be >= 0")
    if not 0 <= args.invalid_per_mille + args.truncated_per_mille <= 1000:
        parser.error("--invalid-per-mille plus --truncated-per-mille must be between 0 and 1000")

    rng = random.Random(args.seed)
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="\n")
    try:
        for _ in range(args.count):
            app = application(rng)
            draw = rng.randrange(1000)
            if draw < args.invalid_per_mille:
                line = broken(rng, app)
            elif draw < args.invalid_per_mille + args.truncated_per_mille:
                line = json.dumps(app, separators=(",", ":"))[: rng.randrange(10, 200)]
            else:
                line = json.dumps(app, separators=(",", ":"))
            out.write(line)
            out.write("\n")
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
