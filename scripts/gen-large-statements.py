#!/usr/bin/env python3
"""Writes one large, realistic bank statement file for benchmarks: many consecutive statements of
one account, in camt.053 (001.02 or 001.08), MT940 or OFX (1.x SGML or 2.x XML).

Every statement balances (opening + booked entries = closing) and opens where the previous one
closed, so an importer that checks balances and continuity has nothing to complain about; the
content is varied the way real exports are: salary and invoice credits from abroad, card payments,
SEPA direct debits with mandates, standing orders, bank charges, a few reversals, pending and
(camt) batch entries whose transaction details add up to the entry. All names, accounts and
amounts are made up here. Output is deterministic: the same arguments give the same bytes (our
own fixed-seed generator, no clock, no locale).

The shapes are what both neonomad and the Python library the benchmark compares with really read
(mt-940 5.1.1, ofxparse 0.21, pycamt 1.1.1); deviations from what banks write, and why:
  * MT940: no SWIFT envelope ({1:...}{4:); mt-940 reads one but neonomad's envelope handling is
    not what is measured. Statements are separated by a line "-" as many bank exports do.
  * OFX: one <STMTTRNRS> per month inside one <BANKMSGSRSV1>, as multi-period downloads are;
    text is ASCII in the SGML variant (CHARSET:1252, no accented letters to disagree on).

Usage:
    scripts/gen-large-statements.py --format camt053 --mb 100 --out big.xml
    scripts/gen-large-statements.py --format mt940 --mb 10 --out big.sta
    scripts/gen-large-statements.py --format ofx-sgml --mb 10 --out big.ofx   # or ofx-xml
    scripts/gen-large-statements.py --format camt053 --camt-version 02 --mb 1 --seed 7 --out x.xml

The file is at least --mb megabytes (10^6 bytes): statements are added until it is, and the last
one is always complete. Python 3.8+ standard library only.
"""

import argparse
import datetime
import sys

FORMATS = ("camt053", "mt940", "ofx-sgml", "ofx-xml")


class Rng:
    """A 64-bit linear congruential generator (Knuth's MMIX constants), as in gen-statements.py:
    our own, so the output never depends on the Python version's `random` module."""

    def __init__(self, seed):
        self.state = (seed * 0x9E3779B97F4A7C15 + 1) & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return self.state >> 33

    def below(self, n):
        return self.next() % n

    def pick(self, items):
        return items[self.below(len(items))]

    def cents(self, low, high):
        """Whole cents between low and high euros (inclusive)."""
        return low * 100 + self.below((high - low) * 100 + 1)

    def digits(self, n):
        return "".join(str(self.below(10)) for _ in range(n))


def iban(country, bban):
    """An IBAN with correct check digits (ISO 13616, mod 97)."""
    number = "".join(str(int(c, 36)) for c in bban + country + "00")
    return "%s%02d%s" % (country, 98 - int(number) % 97, bban)


def money(cents, sep="."):
    """Unsigned amount with two decimals: 123456 -> '1234.56'."""
    cents = abs(cents)
    return "%d%s%02d" % (cents // 100, sep, cents % 100)


HOLDER = "Anna Schmidt"
HOLDER_IBAN = iban("DE", "200505501288450021")
HOLDER_BIC = "HASPDEHHXXX"

# (name, country, IBAN, BIC, remittance texts): payers abroad and at home.
PAYERS = [
    ("Northwind Labs Inc.", "US", None, "CHASUS33", ["Invoice NW-{n} design retainer", "Consulting {m}"]),
    ("Blue Fjord AS", "NO", iban("NO", "86011117947"), "DNBANOKK", ["INV BF-{n} illustrations"]),
    ("Hollis & Vane Ltd", "GB", iban("GB", "NWBK60161331926810"), "NWBKGB2L", ["Fee {m} ref HV{n}"]),
    ("Krüger Software GmbH", "DE", iban("DE", "370400440532013000"), "COBADEFFXXX", ["Rechnung {n} Entwicklung {m}"]),
    ("Société Générale Études SA", "FR", iban("FR", "30003030100005040081912"), "SOGEFRPP", ["Facture {n} prestations {m}"]),
    ("Tanaka Design KK", "JP", None, "MHCBJPJT", ["Payment order {n}"]),
]
# (name, IBAN or None, BIC or None, texts, low, high euros): payees.
PAYEES = [
    ("REWE Markt GmbH", None, None, ["Kartenzahlung REWE {n}"], 5, 180),
    ("Deutsche Bahn AG", None, None, ["DB Fahrkarte {n}"], 9, 240),
    ("Stadtwerke München GmbH", iban("DE", "701500000000202051"), "SSKMDEMMXXX", ["Strom Abschlag {m} Vertrag {n}"], 40, 120),
    ("Hausverwaltung Krüger & Söhne GmbH", iban("DE", "200505501034877120"), "HASPDEHHXXX", ["Miete {m} Whg 4 links"], 1180, 1180),
    ("Techniker Krankenkasse", iban("DE", "200100200000123456"), "PBNKDEFFXXX", ["Beitrag {m} Vers.-Nr. {n}"], 210, 230),
    ("Amazon EU S.à r.l.", iban("LU", "896010000000123456"), "BCEELULLXXX", ["Bestellung 302-{n}", "Amazon Prime {m}"], 8, 400),
    ("Vodafone GmbH", iban("DE", "300200900000456789"), "CITIDEFFXXX", ["Kundennr. {n} Rechnung {m}"], 25, 60),
    ("Finanzamt Hamburg-Nord", iban("DE", "200000000020001560"), "MARKDEF1200", ["St.-Nr. 43/{n} ESt VZ {m}"], 300, 2500),
]


class Movement:
    """One booked (or pending) movement; parts are (cents, payee) of a batch."""

    __slots__ = ("cents", "name", "country", "iban", "bic", "text", "kind", "ref",
                 "pending", "reversal", "parts", "mandate", "booked", "value", "dttm")

    def __init__(self):
        self.parts = None
        self.pending = False
        self.reversal = False
        self.mandate = None
        self.dttm = False


def movement(rng, day, seq):
    """A random movement on `day`; `seq` makes references unique across the file."""
    m = Movement()
    m.booked = day
    m.value = day if rng.below(5) else day + datetime.timedelta(days=rng.below(3))
    m.ref = "%s%06d" % (day.strftime("%y%m%d"), seq)
    month = day.strftime("%m/%Y")
    number = str(10000 + seq % 90000)
    roll = rng.below(100)
    if roll < 14:
        name, country, account, bic, texts = rng.pick(PAYERS)
        m.cents = rng.cents(400, 5000)
        m.kind = "credit"
    elif roll < 17:
        # A reversed direct debit: money comes back, it is not income.
        name, account, bic, texts, low, high = rng.pick(PAYEES[2:])
        country = account[:2] if account else None
        m.cents = rng.cents(low, high)
        m.reversal = True
        m.kind = "return"
    elif roll < 22:
        m.kind = "batch"
        parts = []
        for _ in range(2 + rng.below(5)):
            payee = rng.pick(PAYEES[2:])
            parts.append((-rng.cents(payee[4], payee[5]), payee))
        m.parts = parts
        m.cents = sum(c for c, _ in parts)
        m.name, m.country, m.iban, m.bic = None, None, None, None
        m.text = "Sammelüberweisung %d Posten" % len(parts)
        m.pending = False
        return m
    else:
        name, account, bic, texts, low, high = rng.pick(PAYEES)
        country = account[:2] if account else "DE"
        m.cents = -rng.cents(low, high)
        m.kind = "card" if account is None else ("debit" if rng.below(2) else "order")
        if m.kind == "debit":
            m.mandate = "MNDT-%s" % number
    m.name, m.country, m.iban, m.bic = name, country, account, bic
    m.text = rng.pick(texts).format(n=number, m=month)
    m.pending = m.kind == "card" and rng.below(40) == 0
    m.dttm = m.kind == "card" and rng.below(4) == 0
    return m


def statements(rng, start, opening):
    """Endless consecutive statements: (number, first day, last day, opening, closing, movements)."""
    number = 0
    balance = opening
    day = start
    seq = 0
    while True:
        number += 1
        first = day
        days = 1 + rng.below(7)
        moves = []
        for _ in range(days):
            for _ in range(5 + rng.below(60)):
                seq += 1
                moves.append(movement(rng, day, seq))
            day += datetime.timedelta(days=1)
        last = day - datetime.timedelta(days=1)
        opening_balance = balance
        balance += sum(m.cents for m in moves if not m.pending)
        yield number, first, last, opening_balance, balance, moves


# --------------------------------------------------------------------------------------------
# camt.053
# --------------------------------------------------------------------------------------------


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def camt_party(v8, role, name, country, account, bic, pad):
    """Related party (`Dbtr`/`Cdtr`) with account and, in RltdAgts, the agent."""
    out = []
    if v8:
        out.append("%s<%s><Pty><Nm>%s</Nm>" % (pad, role, esc(name)))
        if country:
            out.append("%s  <PstlAdr><Ctry>%s</Ctry></PstlAdr>" % (pad, country))
        out.append("%s</Pty></%s>" % (pad, role))
    else:
        out.append("%s<%s>" % (pad, role))
        out.append("%s  <Nm>%s</Nm>" % (pad, esc(name)))
        if country:
            out.append("%s  <PstlAdr><Ctry>%s</Ctry></PstlAdr>" % (pad, country))
        out.append("%s</%s>" % (pad, role))
    if account:
        out.append("%s<%sAcct><Id><IBAN>%s</IBAN></Id></%sAcct>" % (pad, role, account, role))
    return out


def camt_details(v8, m, cents, name, country, account, bic, text, ref, part):
    """One <TxDtls>."""
    bic_tag = "BICFI" if v8 else "BIC"
    credit = cents > 0
    p = "            "
    out = ["          <TxDtls>",
           p + "<Refs>",
           p + "  <AcctSvcrRef>%s%s</AcctSvcrRef>" % (ref, part),
           p + "  <EndToEndId>E2E%s%s</EndToEndId>" % (ref, part)]
    if m.mandate:
        out.append(p + "  <MndtId>%s</MndtId>" % m.mandate)
    out += [p + "</Refs>",
            p + "<AmtDtls><TxAmt><Amt Ccy=\"EUR\">%s</Amt></TxAmt></AmtDtls>" % money(cents),
            p + "<CdtDbtInd>%s</CdtDbtInd>" % ("CRDT" if credit else "DBIT"),
            p + "<RltdPties>"]
    if credit:
        out += camt_party(v8, "Dbtr", name, country, account, bic, p + "  ")
        out += camt_party(v8, "Cdtr", HOLDER, None, HOLDER_IBAN, None, p + "  ")
    else:
        out += camt_party(v8, "Dbtr", HOLDER, None, HOLDER_IBAN, None, p + "  ")
        out += camt_party(v8, "Cdtr", name, country, account, bic, p + "  ")
    out.append(p + "</RltdPties>")
    if bic:
        agent = "DbtrAgt" if credit else "CdtrAgt"
        out.append(p + "<RltdAgts><%s><FinInstnId><%s>%s</%s></FinInstnId></%s></RltdAgts>"
                   % (agent, bic_tag, bic, bic_tag, agent))
    # Long remittance text comes as several Ustrd lines of at most 140 characters.
    out.append(p + "<RmtInf>")
    out.append(p + "  <Ustrd>%s</Ustrd>" % esc(text))
    if m.kind in ("credit", "debit"):
        out.append(p + "  <Ustrd>EREF+E2E%s%s SVWZ+%s</Ustrd>" % (ref, part, esc(text[:60])))
    out.append(p + "</RmtInf>")
    out.append("          </TxDtls>")
    return out


def camt_entry(v8, m):
    status = "PDNG" if m.pending else "BOOK"
    sts = "<Sts><Cd>%s</Cd></Sts>" % status if v8 else "<Sts>%s</Sts>" % status
    if m.dttm:
        booked = "<BookgDt><DtTm>%sT%02d:%02d:00</DtTm></BookgDt>" % (
            m.booked.isoformat(), 8 + len(m.ref) % 12, int(m.ref[-2:]) % 60)
    else:
        booked = "<BookgDt><Dt>%s</Dt></BookgDt>" % m.booked.isoformat()
    family = {"credit": ("RCDT", "ESCT"), "return": ("IDDT", "UPDD"), "batch": ("ICDT", "BOOK"),
              "card": ("CCRD", "POSD"), "debit": ("IDDT", "ESDD"), "order": ("ICDT", "STDO")}[m.kind]
    out = ["      <Ntry>",
           "        <NtryRef>%s</NtryRef>" % m.ref,
           "        <Amt Ccy=\"EUR\">%s</Amt>" % money(m.cents),
           "        <CdtDbtInd>%s</CdtDbtInd>" % ("CRDT" if m.cents > 0 else "DBIT")]
    if m.reversal:
        out.append("        <RvslInd>true</RvslInd>")
    out += ["        " + sts,
            "        " + booked,
            "        <ValDt><Dt>%s</Dt></ValDt>" % m.value.isoformat(),
            "        <AcctSvcrRef>%s</AcctSvcrRef>" % m.ref,
            "        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>%s</Cd><SubFmlyCd>%s</SubFmlyCd></Fmly></Domn></BkTxCd>" % family,
            "        <NtryDtls>"]
    if m.parts:
        out.append("          <Btch><NbOfTxs>%d</NbOfTxs></Btch>" % len(m.parts))
        for k, (cents, payee) in enumerate(m.parts):
            name, account, bic, texts, _, _ = payee
            text = texts[0].format(n=m.ref[-5:], m=m.booked.strftime("%m/%Y"))
            out += camt_details(v8, m, cents, name, account[:2] if account else None, account,
                                bic, text, m.ref, "-%d" % (k + 1))
    else:
        out += camt_details(v8, m, m.cents, m.name, m.country, m.iban, m.bic, m.text, m.ref, "")
    out += ["        </NtryDtls>",
            "        <AddtlNtryInf>%s</AddtlNtryInf>" % esc(m.text),
            "      </Ntry>"]
    return out


def camt_balance(code, cents, day):
    return ["      <Bal>",
            "        <Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp>" % code,
            "        <Amt Ccy=\"EUR\">%s</Amt>" % money(cents),
            "        <CdtDbtInd>%s</CdtDbtInd>" % ("DBIT" if cents < 0 else "CRDT"),
            "        <Dt><Dt>%s</Dt></Dt>" % day.isoformat(),
            "      </Bal>"]


def camt053(rng, target, write, version):
    v8 = version == "08"
    bic_tag = "BICFI" if v8 else "BIC"
    write('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.%s" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
          "  <BkToCstmrStmt>\n"
          "    <GrpHdr>\n"
          "      <MsgId>HASPA-BENCH-%s</MsgId>\n"
          "      <CreDtTm>2026-01-02T05:30:00+01:00</CreDtTm>\n"
          "    </GrpHdr>\n" % (version, version))
    written = 0
    trailer = "  </BkToCstmrStmt>\n</Document>\n"
    for number, first, last, opening, closing, moves in statements(rng, datetime.date(2014, 1, 1), 234567):
        credits = [m for m in moves if m.cents > 0]
        debits = [m for m in moves if m.cents <= 0]
        out = ["    <Stmt>",
               "      <Id>%s-%06d</Id>" % (HOLDER_IBAN[-10:], number),
               "      <ElctrncSeqNb>%d</ElctrncSeqNb>" % number,
               "      <CreDtTm>%sT05:30:00+01:00</CreDtTm>" % (last + datetime.timedelta(days=1)).isoformat(),
               "      <FrToDt><FrDtTm>%sT00:00:00</FrDtTm><ToDtTm>%sT23:59:59</ToDtTm></FrToDt>" % (first.isoformat(), last.isoformat()),
               "      <Acct>",
               "        <Id><IBAN>%s</IBAN></Id>" % HOLDER_IBAN,
               "        <Ccy>EUR</Ccy>",
               ("        <Ownr><Pty><Nm>%s</Nm></Pty></Ownr>" if v8 else "        <Ownr><Nm>%s</Nm></Ownr>") % HOLDER,
               "        <Svcr><FinInstnId><%s>%s</%s></FinInstnId></Svcr>" % (bic_tag, HOLDER_BIC, bic_tag),
               "      </Acct>"]
        out += camt_balance("OPBD", opening, first - datetime.timedelta(days=1))
        out += camt_balance("CLBD", closing, last)
        out += ["      <TxsSummry>",
                "        <TtlNtries><NbOfNtries>%d</NbOfNtries></TtlNtries>" % len(moves),
                "        <TtlCdtNtries><NbOfNtries>%d</NbOfNtries><Sum>%s</Sum></TtlCdtNtries>" % (len(credits), money(sum(m.cents for m in credits))),
                "        <TtlDbtNtries><NbOfNtries>%d</NbOfNtries><Sum>%s</Sum></TtlDbtNtries>" % (len(debits), money(sum(m.cents for m in debits))),
                "      </TxsSummry>"]
        for m in moves:
            out += camt_entry(v8, m)
        out.append("    </Stmt>")
        written += write("\n".join(out) + "\n")
        if written >= target:
            break
    write(trailer)


# --------------------------------------------------------------------------------------------
# MT940
# --------------------------------------------------------------------------------------------

GVC = {"credit": ("166", "GUTSCHRIFT"), "return": ("109", "RUECKLASTSCHRIFT"),
       "batch": ("191", "SAMMEL-UEBERWEISUNG"), "card": ("106", "KARTENZAHLUNG"),
       "debit": ("105", "SEPA-LASTSCHRIFT"), "order": ("117", "DAUERAUFTRAG")}
SWIFT_TYPE = {"credit": "NTRF", "return": "NRTI", "batch": "NTRF", "card": "NMSC",
              "debit": "NDDT", "order": "NSTO"}


def ascii_text(text):
    """German banks transliterate umlauts in MT940 (the SWIFT character set has none)."""
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"),
                 ("ß", "ss"), ("é", "e"), ("É", "E"), ("à", "a"), ("&", "+")):
        text = text.replace(a, b)
    return text


def mt940_86(m):
    """`:86:` in the German ?NN layout (DFÜ-Abkommen): GVC, booking text, purpose lines ?20..,
    BIC ?30, account ?31, name ?32/?33; cut into SWIFT lines of at most 65 characters."""
    code, booking_text = GVC[m.kind]
    fields = ["%s?00%s?10%s" % (code, booking_text, m.ref[-4:])]
    purpose = ["EREF+E2E%s" % m.ref]
    if m.mandate:
        purpose.append("MREF+%s" % m.mandate)
    text = ascii_text(m.text)
    purpose.append("SVWZ+" + text)
    lines = []
    for p in purpose:
        while p:
            lines.append(p[:27])
            p = p[27:]
    for i, line in enumerate(lines[:10]):
        fields.append("?%d%s" % (20 + i, line))
    if m.bic:
        fields.append("?30" + m.bic)
    if m.iban:
        fields.append("?31" + m.iban)
    if m.name:
        name = ascii_text(m.name)
        fields.append("?32" + name[:27])
        if len(name) > 27:
            fields.append("?33" + name[27:54])
    content = "".join(fields)
    out = []
    first = True
    while content:
        width = 61 if first else 65
        out.append((":86:" if first else "") + content[:width])
        content = content[width:]
        first = False
    return out


def mt940(rng, target, write):
    written = 0
    account = "20050550/1288450021"
    for number, first, last, opening, closing, moves in statements(rng, datetime.date(2014, 1, 1), 234567):
        out = [":20:STARTUMS%06d" % number,
               ":25:%s" % account,
               ":28C:%05d/001" % (number % 100000),
               ":60F:%s%sEUR%s" % ("D" if opening < 0 else "C",
                                   (first - datetime.timedelta(days=1)).strftime("%y%m%d"),
                                   money(opening, ","))]
        for m in moves:
            if m.pending:
                continue  # MT940 lists booked entries only.
            mark = ("R" if m.reversal else "") + ("C" if m.cents > 0 else "D")
            if m.reversal:
                mark = "RD"  # a reversed debit: money back
            out.append(":61:%s%s%s%s%s%s//%s" % (
                m.value.strftime("%y%m%d"), m.booked.strftime("%m%d"), mark, money(m.cents, ","),
                SWIFT_TYPE[m.kind], "NONREF" if m.kind == "card" else "E2E" + m.ref[-10:], m.ref))
            out += mt940_86(m)
        out += [":62F:%s%sEUR%s" % ("D" if closing < 0 else "C", last.strftime("%y%m%d"),
                                   money(closing, ",")),
                "-"]
        written += write("\r\n".join(out) + "\r\n")
        if written >= target:
            break


# --------------------------------------------------------------------------------------------
# OFX
# --------------------------------------------------------------------------------------------

OFX_TYPE = {"credit": "CREDIT", "return": "CREDIT", "batch": "DEBIT", "card": "POS",
            "debit": "DIRECTDEBIT", "order": "REPEATPMT"}


def ofx(rng, target, write, xml):
    """OFX 2.x XML (`xml`) or 1.x SGML (value tags without closing tags), USD checking account."""
    if xml:
        write('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
              '<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n')
        value = "<%s>%s</%s>"
    else:
        write("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n"
              "CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n")
        value = "<%s>%s"
    nl = "\n" if xml else "\r\n"

    def v(tag, text):
        return value % (tag, text, tag) if xml else value % (tag, text)

    head = ["<OFX>", "<SIGNONMSGSRSV1>", "<SONRS>", "<STATUS>", v("CODE", "0"), v("SEVERITY", "INFO"),
            "</STATUS>", v("DTSERVER", "20260102071500.000[-5:EST]"), v("LANGUAGE", "ENG"),
            "<FI>", v("ORG", "Lakeside Credit Union"), v("FID", "3101"), "</FI>", "</SONRS>",
            "</SIGNONMSGSRSV1>", "<BANKMSGSRSV1>"]
    write(nl.join(head) + nl)
    written = 0
    for number, first, last, opening, closing, moves in statements(rng, datetime.date(2014, 1, 1), 234567):
        out = ["<STMTTRNRS>", v("TRNUID", str(number)), "<STATUS>", v("CODE", "0"),
               v("SEVERITY", "INFO"), "</STATUS>", "<STMTRS>", v("CURDEF", "USD"),
               "<BANKACCTFROM>", v("BANKID", "121000358"), v("ACCTID", "3141592653"),
               v("ACCTTYPE", "CHECKING"), "</BANKACCTFROM>", "<BANKTRANLIST>",
               v("DTSTART", first.strftime("%Y%m%d") + "000000.000[-5:EST]"),
               v("DTEND", last.strftime("%Y%m%d") + "235959.000[-5:EST]")]
        for m in moves:
            if m.pending:
                continue  # pending card payments are not in the downloaded list
            name = ascii_text(m.name or m.text)
            out += ["<STMTTRN>", v("TRNTYPE", OFX_TYPE[m.kind]),
                    v("DTPOSTED", m.booked.strftime("%Y%m%d") + "120000.000[-5:EST]"),
                    v("DTUSER", m.value.strftime("%Y%m%d")),
                    v("TRNAMT", ("-" if m.cents < 0 else "") + money(m.cents)),
                    v("FITID", m.ref),
                    v("NAME", esc(name[:32])),
                    v("MEMO", esc(ascii_text(m.text)[:255])),
                    "</STMTTRN>"]
        out += ["</BANKTRANLIST>", "<LEDGERBAL>", v("BALAMT", ("-" if closing < 0 else "") + money(closing)),
                v("DTASOF", last.strftime("%Y%m%d") + "235959.000[-5:EST]"), "</LEDGERBAL>",
                "<AVAILBAL>", v("BALAMT", ("-" if closing < 0 else "") + money(closing)),
                v("DTASOF", last.strftime("%Y%m%d") + "235959.000[-5:EST]"), "</AVAILBAL>",
                "</STMTRS>", "</STMTTRNRS>"]
        written += write(nl.join(out) + nl)
        if written >= target:
            break
    write("</BANKMSGSRSV1>" + nl + "</OFX>" + nl)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--format", choices=FORMATS, required=True)
    ap.add_argument("--mb", type=float, required=True, help="size in megabytes (10^6 bytes), at least")
    ap.add_argument("--out", required=True, help="file to write ('-' for standard output)")
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--camt-version", choices=("02", "08"), default="08")
    args = ap.parse_args()
    if args.mb <= 0:
        ap.error("--mb must be positive")
    rng = Rng(args.seed)
    target = int(args.mb * 1_000_000)
    out = sys.stdout.buffer if args.out == "-" else open(args.out, "wb")
    encoding = "utf-8"

    def write(text):
        data = text.encode(encoding)
        out.write(data)
        return len(data)

    if args.format == "camt053":
        camt053(rng, target, write, args.camt_version)
    elif args.format == "mt940":
        mt940(rng, target, write)
    else:
        ofx(rng, target, write, args.format == "ofx-xml")
    out.flush()
    if out is not sys.stdout.buffer:
        out.close()


if __name__ == "__main__":
    main()
