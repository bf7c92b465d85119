#!/usr/bin/env python3
"""Writes neonomad's own test bank statements: six months (2025-09 .. 2026-02) for four
personas, in camt.053, MT940, OFX 2.x and a German-style CSV, plus one broken file per format.

Everything here is made up by this script (names, accounts, amounts); nothing is copied from
third-party fixtures. The output is deterministic: the same script always writes the same bytes
(a fixed-seed generator of our own, no clock, no network, no locale), so
`crates/cli/tests/income_cli.rs` can check that the committed files are exactly what this script
writes.

Usage:
    scripts/gen-statements.py                 # writes testdata/statements/
    scripts/gen-statements.py --out DIR       # writes DIR/ (same layout)

Python 3.8+ standard library only.
"""

import argparse
import calendar
import datetime
import pathlib
import sys
from decimal import Decimal
from xml.sax.saxutils import escape

D = Decimal
MONTHS = [(2025, 9), (2025, 10), (2025, 11), (2025, 12), (2026, 1), (2026, 2)]


# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------


class Rng:
    """A 64-bit linear congruential generator (Knuth's MMIX constants): our own, so the output
    never depends on the Python version's `random` module."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return self.state >> 33

    def below(self, n):
        return self.next() % n

    def cents(self, low, high):
        """A Decimal amount between low and high (inclusive, in whole cents)."""
        lo, hi = int(D(low) * 100), int(D(high) * 100)
        return D(lo + self.below(hi - lo + 1)) / 100

    def pick(self, items):
        return items[self.below(len(items))]

    def digits(self, n):
        return "".join(str(self.below(10)) for _ in range(n))


def iban(country, bban):
    """An IBAN with correct check digits (ISO 13616, mod 97)."""
    rearranged = bban + country + "00"
    number = "".join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(number) % 97
    return "%s%02d%s" % (country, check, bban)


def weekday(d):
    return d.weekday() < 5


def next_workday(d):
    while not weekday(d):
        d += datetime.timedelta(days=1)
    return d


def last_workday(year, month):
    d = datetime.date(year, month, calendar.monthrange(year, month)[1])
    while not weekday(d):
        d -= datetime.timedelta(days=1)
    return d


def day(year, month, dd):
    return datetime.date(year, month, dd)


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


class Tx:
    """One movement: signed amount (credit positive), dates, counterparty, text."""

    def __init__(self, booked, amount, text, name=None, account=None, bic=None, country=None,
                 value=None, pending=False, reversal=False, kind="transfer", ref=None):
        self.booked = booked
        self.value = value or booked
        self.amount = D(amount)
        self.text = text
        self.name = name
        self.account = account
        self.bic = bic
        self.country = country
        self.pending = pending
        self.reversal = reversal
        self.kind = kind
        self.ref = ref


class Account:
    """An account with its holder, bank and transactions; statements are cut per month."""

    def __init__(self, holder, number, currency, bic, opening):
        self.holder = holder
        self.number = number
        self.currency = currency
        self.bic = bic
        self.opening = D(opening)
        self.txs = []

    def add(self, tx):
        self.txs.append(tx)

    def months(self):
        """(year, month, opening balance, closing balance, transactions) per month; pending
        entries are listed but not in the balance, as banks do."""
        balance = self.opening
        out = []
        for (y, m) in MONTHS:
            txs = sorted(
                (t for t in self.txs if (t.booked.year, t.booked.month) == (y, m)),
                key=lambda t: (t.booked, t.pending),
            )
            opening = balance
            for t in txs:
                if not t.pending:
                    balance += t.amount
            out.append((y, m, opening, balance, txs))
        return out


def write(root, rel, text, encoding="utf-8"):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    # newline="" keeps the line ends we wrote (MT940 uses CR LF) on every platform.
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(text)


def amount2(value):
    """1234.5 -> '1234.50' (unsigned)."""
    return "%.2f" % abs(value)


# --------------------------------------------------------------------------------------------
# camt.053
# --------------------------------------------------------------------------------------------


def camt_document(version, account, stmts, msg_id, created):
    """A camt.053 document (version '02' or '08') with one <Stmt> per (year, month)."""
    v8 = version == "08"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.%s" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' % version,
           "  <BkToCstmrStmt>",
           "    <GrpHdr>",
           "      <MsgId>%s</MsgId>" % msg_id,
           "      <CreDtTm>%s</CreDtTm>" % created,
           "      <MsgPgntn>",
           "        <PgNb>1</PgNb>",
           "        <LastPgInd>true</LastPgInd>",
           "      </MsgPgntn>",
           "    </GrpHdr>"]
    bic_tag = "BICFI" if v8 else "BIC"
    for (y, m, opening, closing, txs, seq) in stmts:
        first = day(y, m, 1)
        last = month_end(y, m)
        stmt_created = "%sT05:30:00+01:00" % (last + datetime.timedelta(days=1)).isoformat()
        out += ["    <Stmt>",
                "      <Id>%s-%04d%02d</Id>" % (account.number[-10:], y, m),
                "      <ElctrncSeqNb>%d</ElctrncSeqNb>" % seq,
                "      <CreDtTm>%s</CreDtTm>" % stmt_created,
                "      <FrToDt>",
                "        <FrDtTm>%sT00:00:00</FrDtTm>" % first.isoformat(),
                "        <ToDtTm>%sT23:59:59</ToDtTm>" % last.isoformat(),
                "      </FrToDt>",
                "      <Acct>",
                "        <Id>",
                "          <IBAN>%s</IBAN>" % account.number,
                "        </Id>",
                "        <Ccy>%s</Ccy>" % account.currency,
                "        <Ownr>",
                party_name(v8, account.holder, "          "),
                "        </Ownr>",
                "        <Svcr>",
                "          <FinInstnId>",
                "            <%s>%s</%s>" % (bic_tag, account.bic, bic_tag),
                "          </FinInstnId>",
                "        </Svcr>",
                "      </Acct>"]
        opening_code = "PRCD" if v8 else "OPBD"
        out += camt_balance(opening_code, opening, account.currency, first - datetime.timedelta(days=1) if v8 else first)
        out += camt_balance("CLBD", closing, account.currency, last)
        booked = [t for t in txs if not t.pending]
        credits = [t for t in booked if t.amount > 0]
        debits = [t for t in booked if t.amount < 0]
        out += ["      <TxsSummry>",
                "        <TtlNtries>",
                "          <NbOfNtries>%d</NbOfNtries>" % len(booked),
                "        </TtlNtries>",
                "        <TtlCdtNtries>",
                "          <NbOfNtries>%d</NbOfNtries>" % len(credits),
                "          <Sum>%s</Sum>" % amount2(sum((t.amount for t in credits), D(0))),
                "        </TtlCdtNtries>",
                "        <TtlDbtNtries>",
                "          <NbOfNtries>%d</NbOfNtries>" % len(debits),
                "          <Sum>%s</Sum>" % amount2(sum((t.amount for t in debits), D(0))),
                "        </TtlDbtNtries>",
                "      </TxsSummry>"]
        for n, t in enumerate(txs, 1):
            out += camt_entry(v8, account, t, "%04d%02d%03d" % (y, m, n))
        out.append("    </Stmt>")
    out += ["  </BkToCstmrStmt>", "</Document>", ""]
    return "\n".join(out)


def party_name(v8, name, indent):
    if v8:
        return "%s<Pty>\n%s  <Nm>%s</Nm>\n%s</Pty>" % (indent, indent, escape(name), indent)
    return "%s<Nm>%s</Nm>" % (indent, escape(name))


def camt_balance(code, amount, currency, date):
    return ["      <Bal>",
            "        <Tp>",
            "          <CdOrPrtry>",
            "            <Cd>%s</Cd>" % code,
            "          </CdOrPrtry>",
            "        </Tp>",
            '        <Amt Ccy="%s">%s</Amt>' % (currency, amount2(amount)),
            "        <CdtDbtInd>%s</CdtDbtInd>" % ("CRDT" if amount >= 0 else "DBIT"),
            "        <Dt>",
            "          <Dt>%s</Dt>" % date.isoformat(),
            "        </Dt>",
            "      </Bal>"]


# ISO 20022 bank transaction codes (domain PMNT) and the German DK "GVC" proprietary code.
CAMT_CODES = {
    "salary": ("RCDT", "SALA", "NTRF+153"),
    "transfer_in": ("RCDT", "ESCT", "NTRF+166"),
    "transfer_out": ("ICDT", "ESCT", "NTRF+116"),
    "standing_order": ("ICDT", "STDO", "NSTO+117"),
    "direct_debit": ("IDDT", "ESDD", "NDDT+105"),
    "card": ("CCRD", "POSD", "NMSC+106"),
    "return": ("IDDT", "UPDD", "NRTI+109"),
    "fee": ("ACMT", "CHRG", "NCHG+805"),
}


def camt_entry(v8, account, t, ref):
    credit = t.amount > 0
    cdi = "CRDT" if credit else "DBIT"
    # A reversal turns the sign of the original: a returned direct debit is a credit entry
    # whose reversal indicator is set.
    kind = t.kind if t.kind in CAMT_CODES else ("transfer_in" if credit else "transfer_out")
    family, sub, proprietary = CAMT_CODES[kind]
    bic_tag = "BICFI" if v8 else "BIC"
    status = "PDNG" if t.pending else "BOOK"
    out = ["      <Ntry>",
           "        <NtryRef>%s</NtryRef>" % ref,
           '        <Amt Ccy="%s">%s</Amt>' % (account.currency, amount2(t.amount)),
           "        <CdtDbtInd>%s</CdtDbtInd>" % cdi]
    if t.reversal:
        out.append("        <RvslInd>true</RvslInd>")
    if v8:
        out += ["        <Sts>", "          <Cd>%s</Cd>" % status, "        </Sts>"]
    else:
        out.append("        <Sts>%s</Sts>" % status)
    out += ["        <BookgDt>",
            "          <Dt>%s</Dt>" % t.booked.isoformat(),
            "        </BookgDt>",
            "        <ValDt>",
            "          <Dt>%s</Dt>" % t.value.isoformat(),
            "        </ValDt>",
            "        <AcctSvcrRef>%s</AcctSvcrRef>" % (t.ref or ref),
            "        <BkTxCd>",
            "          <Domn>",
            "            <Cd>PMNT</Cd>",
            "            <Fmly>",
            "              <Cd>%s</Cd>" % family,
            "              <SubFmlyCd>%s</SubFmlyCd>" % sub,
            "            </Fmly>",
            "          </Domn>",
            "          <Prtry>",
            "            <Cd>%s</Cd>" % proprietary,
            "            <Issr>DK</Issr>",
            "          </Prtry>",
            "        </BkTxCd>",
            "        <NtryDtls>",
            "          <TxDtls>",
            "            <Refs>",
            "              <EndToEndId>%s</EndToEndId>" % ("E2E" + ref if t.kind != "card" else "NOTPROVIDED"),
            "            </Refs>",
            '            <Amt Ccy="%s">%s</Amt>' % (account.currency, amount2(t.amount)),
            "            <CdtDbtInd>%s</CdtDbtInd>" % cdi]
    # The other party is the debtor of a credit and the creditor of a debit; the holder is on
    # the opposite side.
    other_role, own_role = ("Dbtr", "Cdtr") if credit else ("Cdtr", "Dbtr")
    out.append("            <RltdPties>")
    if t.name:
        out.append("              <%s>" % other_role)
        if v8:
            out += ["                <Pty>", "                  <Nm>%s</Nm>" % escape(t.name)]
            if t.country:
                out += ["                  <PstlAdr>", "                    <Ctry>%s</Ctry>" % t.country,
                        "                  </PstlAdr>"]
            out.append("                </Pty>")
        else:
            out.append("                <Nm>%s</Nm>" % escape(t.name))
            if t.country:
                out += ["                <PstlAdr>", "                  <Ctry>%s</Ctry>" % t.country,
                        "                </PstlAdr>"]
        out.append("              </%s>" % other_role)
    if t.account:
        out.append("              <%sAcct>" % other_role)
        out.append("                <Id>")
        if is_iban(t.account):
            out.append("                  <IBAN>%s</IBAN>" % t.account)
        else:
            out += ["                  <Othr>", "                    <Id>%s</Id>" % t.account,
                    "                  </Othr>"]
        out.append("                </Id>")
        out.append("              </%sAcct>" % other_role)
    out.append("              <%s>" % own_role)
    out.append(party_name(v8, account.holder, "                "))
    out.append("              </%s>" % own_role)
    out += ["              <%sAcct>" % own_role,
            "                <Id>",
            "                  <IBAN>%s</IBAN>" % account.number,
            "                </Id>",
            "              </%sAcct>" % own_role,
            "            </RltdPties>"]
    if t.bic:
        agent = "DbtrAgt" if credit else "CdtrAgt"
        out += ["            <RltdAgts>",
                "              <%s>" % agent,
                "                <FinInstnId>",
                "                  <%s>%s</%s>" % (bic_tag, t.bic, bic_tag),
                "                </FinInstnId>",
                "              </%s>" % agent,
                "            </RltdAgts>"]
    out += ["            <RmtInf>",
            "              <Ustrd>%s</Ustrd>" % escape(t.text),
            "            </RmtInf>",
            "          </TxDtls>",
            "        </NtryDtls>",
            "        <AddtlNtryInf>%s</AddtlNtryInf>" % ADDITIONAL_INFO.get(kind, "UEBERWEISUNG"),
            "      </Ntry>"]
    return out


ADDITIONAL_INFO = {
    "salary": "LOHN, GEHALT, RENTE",
    "transfer_in": "GUTSCHRIFT UEBERWEISUNG",
    "transfer_out": "UEBERWEISUNG",
    "standing_order": "DAUERAUFTRAG",
    "direct_debit": "FOLGELASTSCHRIFT",
    "card": "KARTENZAHLUNG",
    "return": "RUECKLASTSCHRIFT",
    "fee": "ENTGELT",
}


def is_iban(account):
    return len(account) >= 15 and account[:2].isalpha() and account[2:4].isdigit()


# --------------------------------------------------------------------------------------------
# MT940
# --------------------------------------------------------------------------------------------


def mt940_amount(value):
    return amount2(value).replace(".", ",")


def mt940_date(d):
    return d.strftime("%y%m%d")


def mt940_details(text):
    """Cuts :86: content into SWIFT lines of at most 65 characters; a cut never leaves a
    continuation line starting with ':' or '-' (those look like a new field or the end)."""
    lines = []
    rest = text
    while len(rest) > 65:
        cut = 65
        while rest[cut] in ":-" and cut > 1:
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return lines


def mt940_file(account, bank_bic, stmts, start_number):
    """One SWIFT MT940 message per statement, concatenated (as banks deliver a period)."""
    out = []
    for k, (y, m, opening, closing, txs) in enumerate(stmts):
        number = start_number + k
        sent = mt940_date(month_end(y, m) + datetime.timedelta(days=1))
        # Basic header, then the output application header: input time and date, the sender's
        # logical terminal address, session and sequence numbers, output date and time, priority.
        out.append("{1:F01%sXXXX0000000000}{2:O9400600%s%sXXXX0000000000%s0600N}{4:"
                   % (bank_bic[:8], sent, bank_bic[:8], sent))
        out.append(":20:STMT%04d%02d" % (y, m))
        out.append(":25:%s" % account.number)
        out.append(":28C:%05d/001" % number)
        first = day(y, m, 1)
        out.append(":60F:%s%s%s%s" % ("C" if opening >= 0 else "D", mt940_date(first - datetime.timedelta(days=1)),
                                      account.currency, mt940_amount(opening)))
        for n, t in enumerate(txs, 1):
            if t.reversal:
                mark = "RD" if t.amount > 0 else "RC"
            else:
                mark = "C" if t.amount > 0 else "D"
            code = {"fee": "NCHG", "return": "NRTI"}.get(t.kind, "NTRF")
            bank_ref = "%s%02d%03d" % (mt940_date(t.booked), m, n)
            out.append(":61:%s%s%s%s%s%s//%s" % (mt940_date(t.value), t.booked.strftime("%m%d"), mark,
                                                mt940_amount(t.amount), code, t.ref or "NONREF", bank_ref))
            out += [":86:" + line if i == 0 else line for i, line in enumerate(mt940_details(t.text))]
        last = month_end(y, m)
        out.append(":62F:%s%s%s%s" % ("C" if closing >= 0 else "D", mt940_date(last), account.currency,
                                      mt940_amount(closing)))
        out.append(":64:%s%s%s%s" % ("C" if closing >= 0 else "D", mt940_date(last), account.currency,
                                     mt940_amount(closing)))
        out.append("-}")
    return "\r\n".join(out) + "\r\n"


# --------------------------------------------------------------------------------------------
# OFX 2.x
# --------------------------------------------------------------------------------------------


def uk_zone(d):
    """British Summer Time runs from the last Sunday of March to the last Sunday of October."""
    def last_sunday(year, month):
        x = month_end(year, month)
        while x.weekday() != 6:
            x -= datetime.timedelta(days=1)
        return x
    if last_sunday(d.year, 3) <= d < last_sunday(d.year, 10):
        return "[+1:BST]"
    return "[0:GMT]"


def ofx_date(d, time="120000"):
    return "%s%s.000%s" % (d.strftime("%Y%m%d"), time, uk_zone(d))


def ofx_file(account, sort_code, fi_org, fi_id, start, end, txs, closing, server_date):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
           '<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>',
           "<OFX>",
           "  <SIGNONMSGSRSV1>",
           "    <SONRS>",
           "      <STATUS>",
           "        <CODE>0</CODE>",
           "        <SEVERITY>INFO</SEVERITY>",
           "      </STATUS>",
           "      <DTSERVER>%s</DTSERVER>" % ofx_date(server_date, "071500"),
           "      <LANGUAGE>ENG</LANGUAGE>",
           "      <FI>",
           "        <ORG>%s</ORG>" % escape(fi_org),
           "        <FID>%s</FID>" % fi_id,
           "      </FI>",
           "    </SONRS>",
           "  </SIGNONMSGSRSV1>",
           "  <BANKMSGSRSV1>",
           "    <STMTTRNRS>",
           "      <TRNUID>1</TRNUID>",
           "      <STATUS>",
           "        <CODE>0</CODE>",
           "        <SEVERITY>INFO</SEVERITY>",
           "      </STATUS>",
           "      <STMTRS>",
           "        <CURDEF>%s</CURDEF>" % account.currency,
           "        <BANKACCTFROM>",
           "          <BANKID>%s</BANKID>" % sort_code,
           "          <ACCTID>%s</ACCTID>" % account.number,
           "          <ACCTTYPE>CHECKING</ACCTTYPE>",
           "        </BANKACCTFROM>",
           "        <BANKTRANLIST>",
           "          <DTSTART>%s</DTSTART>" % ofx_date(start, "000000"),
           "          <DTEND>%s</DTEND>" % ofx_date(end, "235959")]
    for n, t in enumerate(txs, 1):
        trntype = {"card": "POS", "direct_debit": "DIRECTDEBIT", "fee": "SRVCHG", "own": "XFER"}.get(
            t.kind, "CREDIT" if t.amount > 0 else "DEBIT")
        sign = "" if t.amount > 0 else "-"
        out += ["          <STMTTRN>",
                "            <TRNTYPE>%s</TRNTYPE>" % trntype,
                "            <DTPOSTED>%s</DTPOSTED>" % ofx_date(t.booked),
                "            <TRNAMT>%s%s</TRNAMT>" % (sign, amount2(t.amount)),
                "            <FITID>%s%04d</FITID>" % (t.booked.strftime("%Y%m%d"), n),
                "            <NAME>%s</NAME>" % escape(t.name or "")]
        if t.account:
            out += ["            <BANKACCTTO>",
                    "              <BANKID>%s</BANKID>" % (t.bic or ""),
                    "              <ACCTID>%s</ACCTID>" % t.account,
                    "              <ACCTTYPE>CHECKING</ACCTTYPE>",
                    "            </BANKACCTTO>"]
        out += ["            <MEMO>%s</MEMO>" % escape(t.text),
                "          </STMTTRN>"]
    out += ["        </BANKTRANLIST>",
            "        <LEDGERBAL>",
            "          <BALAMT>%s%s</BALAMT>" % ("" if closing >= 0 else "-", amount2(closing)),
            "          <DTASOF>%s</DTASOF>" % ofx_date(end, "235959"),
            "        </LEDGERBAL>",
            "        <AVAILBAL>",
            "          <BALAMT>%s%s</BALAMT>" % ("" if closing >= 0 else "-", amount2(closing)),
            "          <DTASOF>%s</DTASOF>" % ofx_date(end, "235959"),
            "        </AVAILBAL>",
            "      </STMTRS>",
            "    </STMTTRNRS>",
            "  </BANKMSGSRSV1>",
            "</OFX>",
            ""]
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# CSV (German online-banking export)
# --------------------------------------------------------------------------------------------

# The column layout of a German savings bank's "CSV-CAMT" export.
CSV_HEADER = ["Auftragskonto", "Buchungstag", "Valutadatum", "Buchungstext", "Verwendungszweck",
              "Glaeubiger ID", "Mandatsreferenz", "Kundenreferenz (End-to-End)", "Sammlerreferenz",
              "Lastschrift Ursprungsbetrag", "Auslagenersatz Ruecklastschrift",
              "Beguenstigter/Zahlungspflichtiger", "Kontonummer/IBAN", "BIC (SWIFT-Code)", "Betrag",
              "Waehrung", "Info"]


def german_amount(value):
    """-1234.5 -> '-1.234,50'."""
    sign = "-" if value < 0 else ""
    whole, cents = amount2(value).split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return "%s%s,%s" % (sign, ".".join(groups), cents)


def csv_quote(field):
    return '"%s"' % field.replace('"', '""')


def csv_file(account, txs):
    """One row per transaction, newest first (as German banks list them), `;`-separated,
    every field quoted, dates dd.mm.yyyy, amounts with a decimal comma, CR LF line ends."""
    rows = [";".join(csv_quote(h) for h in CSV_HEADER)]
    for n, t in enumerate(sorted(txs, key=lambda t: t.booked, reverse=True)):
        kind = {"card": "KARTENZAHLUNG", "direct_debit": "FOLGELASTSCHRIFT", "standing_order": "DAUERAUFTRAG",
                "fee": "ENTGELTABSCHLUSS"}.get(t.kind, "GUTSCHR. UEBERWEISUNG" if t.amount > 0 else "ONLINE-UEBERWEISUNG")
        creditor_id, mandate = ("", "")
        if t.kind == "direct_debit":
            creditor_id, mandate = ("DE98ZZZ09999999999", "M-%s" % t.ref if t.ref else "V448812-01")
        end_to_end = "NOTPROVIDED" if t.kind in ("card", "standing_order") else "LV%s%03d" % (
            t.booked.strftime("%y%m%d"), n)
        fields = [account.number, t.booked.strftime("%d.%m.%Y"), t.value.strftime("%d.%m.%Y"), kind, t.text,
                  creditor_id, mandate, end_to_end, "", "", "", t.name or "", t.account or "", t.bic or "",
                  german_amount(t.amount), account.currency,
                  "Umsatz vorgemerkt" if t.pending else "Umsatz gebucht"]
        rows.append(";".join(csv_quote(f) for f in fields))
    return "\r\n".join(rows) + "\r\n"


# --------------------------------------------------------------------------------------------
# Personas
# --------------------------------------------------------------------------------------------


def groceries(rng, account, y, m, count, shops):
    """Card payments on random days of the month, booked on the next working day."""
    for _ in range(count):
        # Bought on any day up to the month's last working day, so that it is booked (on the
        # next working day) within the month.
        dd = 1 + rng.below(last_workday(y, m).day)
        booked = next_workday(day(y, m, dd))
        shop, city = rng.pick(shops)
        amount = -rng.cents("6.40", "96.80")
        text = "%s//%s/DE %s KARTE 2 %s" % (shop, city, day(y, m, dd).isoformat(), rng.digits(6))
        account.add(Tx(booked, amount, text, name=shop, kind="card"))


def anna():
    """Anna Schmidt, software tester employed by a Hamburg company: salary in EUR on the last
    working day, rent and groceries, an own transfer from her savings account, an Amazon
    refund, a returned direct debit (reversal), a birthday gift and a pending credit."""
    rng = Rng(0xA11A)
    own = iban("DE", "20050550" + "1288450021")
    savings = iban("DE", "12030000" + "1020334455")
    employer = iban("DE", "20070000" + "0412557800")
    landlord = iban("DE", "20050550" + "1034877120")
    acct = Account("Anna Schmidt", own, "EUR", "HASPDEHHXXX", "2345.67")
    salary = {(2025, 9): "4187.52", (2025, 10): "4187.52", (2025, 11): "6412.80",
              (2025, 12): "4187.52", (2026, 1): "4203.16", (2026, 2): "4203.16"}
    shops = [("REWE Markt GmbH", "Hamburg"), ("EDEKA Niemerszein", "Hamburg"), ("Lidl sagt Danke", "Hamburg"),
             ("Budnikowsky", "Hamburg"), ("dm-drogerie markt", "Hamburg")]
    for (y, m) in MONTHS:
        first = next_workday(day(y, m, 1))
        acct.add(Tx(first, "-1180.00", "Miete %02d/%d Wohnung 3 OG links Eppendorfer Weg 112" % (m, y),
                    name="Hausverwaltung Krüger & Söhne GmbH", account=landlord, bic="HASPDEHHXXX",
                    kind="standing_order"))
        acct.add(Tx(first, "-400.00", "Sparen %02d/%d" % (m, y), name="Anna Schmidt", account=savings,
                    bic="BYLADEM1001", kind="standing_order"))
        acct.add(Tx(next_workday(day(y, m, 2)), "-68.00", "Abschlag Strom Kundennr 4471180 %02d/%d" % (m, y),
                    name="Hamburg Energie GmbH", account=iban("DE", "20050550" + "1280001234"),
                    bic="HASPDEHHXXX", kind="direct_debit"))
        acct.add(Tx(next_workday(day(y, m, 5)), "-39.95", "Festnetz/Internet Rg %s" % rng.digits(10),
                    name="Telekom Deutschland GmbH", account=iban("DE", "59010066" + "0024858668"),
                    bic="PBNKDEFFXXX", kind="direct_debit"))
        groceries(rng, acct, y, m, 7 + rng.below(4), shops)
        pay = last_workday(y, m)
        text = "LOHN/GEHALT %02d/%d PERS-NR 10442" % (m, y)
        if (y, m) == (2025, 11):
            text = "LOHN/GEHALT %02d/%d INKL WEIHNACHTSGELD PERS-NR 10442" % (m, y)
        acct.add(Tx(pay, salary[(y, m)], text, name="Nordlicht Software GmbH", account=employer,
                    bic="DEUTDEHHXXX", country="DE", kind="salary"))
        if (y, m) < (2025, 12):
            acct.add(Tx(next_workday(day(y, m, 1)), "-49.00", "Mitgliedsbeitrag %02d/%d Mitgl-Nr 88213" % (m, y),
                        name="Elbe Fitness GmbH", account=iban("DE", "20050550" + "1302004411"),
                        bic="HASPDEHHXXX", kind="direct_debit"))
    # October: a returned parcel refunded by the shop.
    acct.add(Tx(day(2025, 10, 8), "59.99", "Amazon refund 302-4471882-5521907 AMZN Mktp DE",
                name="AMAZON PAYMENTS EUROPE S.C.A.", account=iban("LU", "0190" + "000001128533"),
                bic="CHASLULXXXX", kind="transfer_in"))
    # November: money from her own savings account for a new laptop, spent the next week.
    acct.add(Tx(day(2025, 11, 14), "1500.00", "Umbuchung Tagesgeld", name="Anna Schmidt", account=savings,
                bic="BYLADEM1001", kind="transfer_in"))
    acct.add(Tx(day(2025, 11, 17), "-1499.00", "MediaMarkt Hamburg-Altona//Hamburg/DE 2025-11-15 KARTE 2 771204",
                name="MediaMarkt Hamburg-Altona", kind="card"))
    # December: she had cancelled the gym, which still drew its fee; her bank returned the direct
    # debit (a reversal: money coming back, not income).
    acct.add(Tx(next_workday(day(2025, 12, 1)), "-49.00", "Mitgliedsbeitrag 12/2025 Mitgl-Nr 88213",
                name="Elbe Fitness GmbH", account=iban("DE", "20050550" + "1302004411"), bic="HASPDEHHXXX",
                kind="direct_debit"))
    acct.add(Tx(day(2025, 12, 4), "49.00", "RUECKLASTSCHRIFT Mitgliedsbeitrag 12/2025 Mitgl-Nr 88213 Widerspruch",
                name="Elbe Fitness GmbH", account=iban("DE", "20050550" + "1302004411"), bic="HASPDEHHXXX",
                reversal=True, kind="return"))
    # January: a birthday present from her mother (the adviser leaves it out with --exclude).
    acct.add(Tx(day(2026, 1, 19), "150.00", "Alles Gute zum Geburtstag", name="Petra Schmidt",
                account=iban("DE", "25050180" + "0900321774"), bic="SPKHDE2HXXX", kind="transfer_in"))
    # February: a friend's transfer still pending at the end of the statement.
    acct.add(Tx(day(2026, 2, 27), "45.00", "Anteil Konzertkarten", name="Jonas Weber",
                account=iban("DE", "43060967" + "4077010300"), bic="GENODEM1GLS", pending=True,
                kind="transfer_in"))
    return acct, savings


def sam_usd():
    """Sam Carter's USD account at a Dutch bank (MT940): a US retainer client paying from a
    US account (no IBAN, BIC CHASUS33), a Norwegian client (IBAN), a refund, a returned
    outgoing payment (RD: reversal) and his monthly transfer to his euro account."""
    rng = Rng(0x5A11)
    acct = Account("S CARTER", sam_usd_iban(), "USD", "ABNANL2AXXX", "3120.40")
    euro_account = iban("NL", "ABNA" + "0526377011")
    retainer = {(2025, 9): "2400.00", (2025, 10): "2400.00", (2025, 11): "2400.00",
                (2025, 12): "2400.00", (2026, 1): "2400.00", (2026, 2): "2400.00"}
    fjord = {(2025, 10): ("1150.00", 21), (2025, 12): ("800.00", 9), (2026, 2): ("620.00", 18)}
    for (y, m) in MONTHS:
        paid = next_workday(day(y, m, 15))
        acct.add(Tx(paid, retainer[(y, m)],
                    "/TRTP/SWIFT TRANSFER/CNTP/483101952208/CHASUS33/NORTHWIND LABS INC/SEATTLE WA/"
                    "REMI/INVOICE SC-%d-%02d DESIGN RETAINER/EREF/NW%s" % (y, m, rng.digits(8)),
                    kind="transfer_in", ref="NW%d%02d" % (y, m)))
        acct.add(Tx(paid, "-15.00", "/TRTP/BANK CHARGES/REMI/CHARGES INCOMING SWIFT PAYMENT", kind="fee"))
        move = rng.cents("1400.00", "1900.00")
        acct.add(Tx(next_workday(day(y, m, 25)), -move,
                    "/TRTP/OWN ACCOUNT TRANSFER/IBAN/%s/BIC/ABNANL2A/NAME/S CARTER/REMI/TO EUR ACCOUNT" % euro_account,
                    kind="transfer_out"))
        if (y, m) in fjord:
            amount, dd = fjord[(y, m)]
            acct.add(Tx(next_workday(day(y, m, dd)), amount,
                        "/TRTP/SWIFT TRANSFER/IBAN/%s/BIC/DNBANOKK/NAME/BLUE FJORD AS/REMI/INV SC-%d-%02dB "
                        "ILLUSTRATIONS/EREF/BF%s" % (iban("NO", "86011117947"), y, m, rng.digits(6)),
                        kind="transfer_in"))
            acct.add(Tx(next_workday(day(y, m, dd)), "-15.00",
                        "/TRTP/BANK CHARGES/REMI/CHARGES INCOMING SWIFT PAYMENT", kind="fee"))
    # November: a software subscription refunded.
    acct.add(Tx(day(2025, 11, 6), "28.90",
                "/TRTP/SWIFT TRANSFER/IBAN/%s/BIC/RZBCCZPP/NAME/JETBRAINS SRO/REMI/REFUND ORDER A-77120 "
                "ALL PRODUCTS PACK" % iban("CZ", "5500" + "000000" + "1027334401"), kind="transfer_in"))
    # November: USD moved to his GBP account (an own transfer seen from both sides).
    acct.add(Tx(day(2025, 11, 10), "-500.00",
                "/TRTP/SWIFT TRANSFER/IBAN/%s/BIC/NWBKGB2L/NAME/SAM CARTER/REMI/TO GBP ACCOUNT"
                % sam_gbp_iban(), kind="transfer_out"))
    # January: a payment to a supplier bounces back (RD: reversal of a debit, money returned).
    acct.add(Tx(day(2026, 1, 5), "-350.00",
                "/TRTP/SWIFT TRANSFER/IBAN/%s/BIC/BCOMPTPL/NAME/PIXEL FORGE STUDIO LDA/REMI/INV PF-0091"
                % iban("PT", "0033" + "0000" + "45329876543" + "05"), kind="transfer_out"))
    acct.add(Tx(day(2026, 1, 9), "350.00",
                "/TRTP/RETURN/IBAN/%s/BIC/BCOMPTPL/NAME/PIXEL FORGE STUDIO LDA/REMI/RETURN INV PF-0091 "
                "BENEFICIARY ACCOUNT CLOSED/RTRN/AC04" % iban("PT", "0033" + "0000" + "45329876543" + "05"),
                reversal=True, kind="return"))
    return acct


def sam_gbp_iban():
    return iban("GB", "NWBK" + "601613" + "31926810")


def sam_gbp():
    """Sam Carter's GBP account at a UK bank (OFX 2.x): a UK client, a rail refund, his own
    transfer from the USD account, and small UK spending."""
    rng = Rng(0x5A12)
    acct = Account("Sam Carter", "31926810", "GBP", "NWBKGB2L", "812.35")
    client = {(2025, 9): ("1050.00", 26), (2025, 10): ("980.00", 28), (2025, 11): ("1120.00", 27),
              (2025, 12): ("900.00", 19), (2026, 1): ("1050.00", 28), (2026, 2): ("1015.00", 26)}
    for (y, m) in MONTHS:
        amount, dd = client[(y, m)]
        acct.add(Tx(next_workday(day(y, m, dd)), amount, "INV SC-UK-%d-%02d" % (y, m),
                    name="HOLLIS & VANE LTD", kind="transfer_in"))
        acct.add(Tx(next_workday(day(y, m, 3)), "-10.99", "SPOTIFY UK SUBSCRIPTION", name="SPOTIFY UK",
                    kind="direct_debit"))
        for _ in range(2 + rng.below(3)):
            shop = rng.pick(["AMAZON.CO.UK", "TFL TRAVEL CH", "WAITROSE 211", "PRET A MANGER"])
            acct.add(Tx(next_workday(day(y, m, 1 + rng.below(27))), -rng.cents("3.20", "64.00"),
                        "CARD PAYMENT %s" % rng.digits(6), name=shop, kind="card"))
    acct.add(Tx(day(2025, 10, 14), "34.50", "REFUND DELAY REPAY LDN-MAN", name="TRAINLINE.COM",
                kind="transfer_in"))
    # The other side of the USD account's transfer of 10 November (arrives the next day).
    acct.add(Tx(day(2025, 11, 11), "372.35", "FROM USD ACCOUNT FX 0.7447", name="S CARTER",
                account=sam_usd_iban(), bic="ABNANL2A", kind="own"))
    return acct


def sam_usd_iban():
    return iban("NL", "ABNA" + "0417164399")


def lena():
    """Lena Vogel, freelance translator in Leipzig paid in EUR by clients in Austria,
    Switzerland and France (CSV export of a German savings bank). December is thin: only one
    client paid, just under USD 3,000."""
    rng = Rng(0x1E2A)
    own = iban("DE", "86050000" + "1100447721")
    acct = Account("Lena Vogel", own, "EUR", "WELADE8LXXX", "5210.08")
    at_client = ("Alpenglühen Verlag GmbH", iban("AT", "20111" + "82843071700"), "GIBAATWWXXX")
    ch_client = ("Éditions du Lac SA", iban("CH", "00762" + "011623852957"), "BCGECHGGXXX")
    fr_client = ("Maison Bleue SARL", iban("FR", "20041" + "01005" + "0500013M026" + "06"), "PSSTFRPPPAR")
    payments = [
        (day(2025, 9, 8), "1980.00", at_client, "Rechnung LV-2025-041 Übersetzung Katalog Herbst"),
        (day(2025, 9, 24), "1450.00", ch_client, "Facture LV-2025-043 traduction DE-FR"),
        (day(2025, 10, 10), "2210.00", at_client, "Rechnung LV-2025-047 Übersetzung Pressemappe"),
        (day(2025, 10, 29), "1120.50", fr_client, "Facture LV-2025-049 relecture site web"),
        (day(2025, 11, 12), "1875.00", ch_client, "Facture LV-2025-052 traduction rapport annuel"),
        (day(2025, 11, 26), "1640.00", at_client, "Rechnung LV-2025-055 Untertitel Imagefilm"),
        (day(2025, 12, 19), "2561.00", at_client, "Rechnung LV-2025-058 Übersetzung Jahresbericht"),
        (day(2026, 1, 14), "1730.00", fr_client, "Facture LV-2025-061 traduction catalogue"),
        (day(2026, 1, 28), "1690.00", ch_client, "Facture LV-2026-002 traduction communiqués"),
        (day(2026, 2, 11), "2380.00", at_client, "Rechnung LV-2026-005 Übersetzung Broschüre"),
        (day(2026, 2, 25), "980.00", fr_client, "Facture LV-2026-007 relecture"),
    ]
    for (d, amount, (name, account, bic), text) in payments:
        acct.add(Tx(d, amount, text, name=name, account=account, bic=bic, kind="transfer_in"))
    shops = [("REWE", "Leipzig"), ("Konsum Leipzig", "Leipzig"), ("Aldi Nord", "Leipzig"),
             ("Rossmann", "Leipzig")]
    for (y, m) in MONTHS:
        first = next_workday(day(y, m, 1))
        acct.add(Tx(first, "-890.00", "Miete %02d/%d" % (m, y), name="LWB Leipziger Wohnungs- und Baugesellschaft",
                    account=iban("DE", "86050000" + "1100901234"), bic="WELADE8LXXX", kind="standing_order"))
        acct.add(Tx(next_workday(day(y, m, 15)), "-312.40", "Beitrag %02d/%d Versichertennr V448812"
                    % (m, y), name="Techniker Krankenkasse", account=iban("DE", "20010020" + "0008580202"),
                    bic="PBNKDEFFXXX", kind="direct_debit"))
        groceries(rng, acct, y, m, 5 + rng.below(3), shops)
    # December: the health insurer pays back an overpaid contribution (a refund, not income).
    acct.add(Tx(day(2025, 12, 10), "86.20", "Erstattung Beitrag 2025 Versichertennr V448812",
                name="Techniker Krankenkasse", account=iban("DE", "20010020" + "0008580202"), bic="PBNKDEFFXXX",
                kind="transfer_in"))
    return acct


def arman():
    """Arman Seitkali, data engineer living in the Netherlands: a British client pays from a GB
    IBAN, a Kazakh client from Halyk Bank (a KZ IBAN, once only a BIC, once only an address in
    KZ). The Kazakh payments do not count; without them January is short."""
    rng = Rng(0xA4A)
    own = iban("NL", "RABO" + "0312418722")
    acct = Account("A. Seitkali", own, "EUR", "RABONL2UXXX", "6480.15")
    gb_client = ("Thistle Analytics Ltd", iban("GB", "NWBK" + "602071" + "44551290"), "NWBKGB2LXXX")
    kz_iban = iban("KZ", "601" + "A861000223344")
    gb = {(2025, 9): "2850.00", (2025, 10): "2900.00", (2025, 11): "2850.00", (2025, 12): "3100.00",
          (2026, 1): "1900.00", (2026, 2): "2850.00"}
    for (y, m) in MONTHS:
        name, account, bic = gb_client
        acct.add(Tx(next_workday(day(y, m, 10)), gb[(y, m)], "INVOICE AS-%d-%02d DATA PIPELINE WORK" % (y, m),
                    name=name, account=account, bic=bic, country="GB", kind="transfer_in"))
        acct.add(Tx(next_workday(day(y, m, 1)), "-1650.00", "Huur %02d-%d" % (m, y), name="Vesteda Woningverhuur",
                    account=iban("NL", "INGB" + "0006012345"), bic="INGBNL2A", kind="standing_order"))
        acct.add(Tx(next_workday(day(y, m, 20)), "-142.80", "Zorgverzekering %02d-%d" % (m, y),
                    name="Zilveren Kruis", account=iban("NL", "INGB" + "0000001234"), bic="INGBNL2A",
                    kind="direct_debit"))
        groceries(rng, acct, y, m, 6 + rng.below(3), [("Albert Heijn 1421", "Utrecht"), ("Jumbo Utrecht", "Utrecht"),
                                                       ("NS Reizigers", "Utrecht")])
    # The Kazakh client, identified three ways: by IBAN, by the BIC alone (account number
    # only), and by its address alone.
    kz = "TOO STEPPE DATA"
    acct.add(Tx(day(2025, 9, 18), "1200.00", "DOGOVOR 14/2025 INVOICE AS-KZ-07", name=kz, account=kz_iban,
                bic="HSBKKZKX", kind="transfer_in"))
    acct.add(Tx(day(2025, 11, 19), "1250.00", "DOGOVOR 14/2025 INVOICE AS-KZ-09", name=kz,
                account="0012 4471 9920", bic="HSBKKZKX", kind="transfer_in"))
    acct.add(Tx(day(2026, 1, 21), "1400.00", "DOGOVOR 14/2025 INVOICE AS-KZ-11", name=kz, account=kz_iban,
                bic="HSBKKZKX", kind="transfer_in"))
    acct.add(Tx(day(2026, 2, 19), "900.00", "DOGOVOR 14/2025 INVOICE AS-KZ-12", name=kz, country="KZ",
                kind="transfer_in"))
    return acct


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def generate(root):
    files = {}

    # Anna: camt.053.001.08, one file per month and the same six months in one file.
    acct, savings = anna()
    months = acct.months()
    seq = {ym: 9 + i for i, ym in enumerate(MONTHS)}
    for (y, m, opening, closing, txs) in months:
        created = "%sT05:30:00+01:00" % (month_end(y, m) + datetime.timedelta(days=1)).isoformat()
        files["anna-eur-camt/monthly/anna-camt053-%d-%02d.xml" % (y, m)] = camt_document(
            "08", acct, [(y, m, opening, closing, txs, seq[(y, m)])], "HASPA%d%02d0001" % (y, m), created)
    files["anna-eur-camt/anna-camt053-2025-09-to-2026-02.xml"] = camt_document(
        "08", acct, [(y, m, o, c, t, seq[(y, m)]) for (y, m, o, c, t) in months], "HASPA2026030200001",
        "2026-03-02T09:14:03+01:00")

    # Sam: MT940 for the USD account (six statements in one file), OFX 2.x for the GBP account.
    usd = sam_usd()
    files["sam-usd-gbp-mt940/sam-usd-2025-09-to-2026-02.sta"] = mt940_file(usd, "ABNANL2AXXX", usd.months(), 31)
    gbp = sam_gbp()
    gbp_months = gbp.months()
    gbp_txs = [t for (_, _, _, _, txs) in gbp_months for t in txs]
    files["sam-usd-gbp-mt940/sam-gbp-2025-09-to-2026-02.ofx"] = ofx_file(
        gbp, "601613", "Thames Valley Bank plc", "8817", day(2025, 9, 1), day(2026, 2, 28), gbp_txs,
        gbp_months[-1][3], day(2026, 3, 2))

    # Lena: one CSV export for the six months.
    lacct = lena()
    ltxs = [t for (_, _, _, _, txs) in lacct.months() for t in txs]
    files["lena-short-month-csv/lena-umsaetze-2025-09-to-2026-02.csv"] = csv_file(lacct, ltxs)

    # Arman: camt.053.001.02, one file per month.
    aacct = arman()
    for i, (y, m, opening, closing, txs) in enumerate(aacct.months()):
        created = "%sT02:11:40" % (month_end(y, m) + datetime.timedelta(days=1)).isoformat()
        files["arman-kz-client-camt/arman-camt053-%d-%02d.xml" % (y, m)] = camt_document(
            "02", aacct, [(y, m, opening, closing, txs, 41 + i)], "RABO%d%02d%s" % (y, m, "77120"), created)

    # Broken files, one per format, each with exactly one thing wrong.
    whole = files["anna-eur-camt/monthly/anna-camt053-2025-09.xml"].split("\n")
    # Cut in the middle of the fifth entry, as an interrupted download would.
    entry_starts = [i for i, line in enumerate(whole) if line.strip() == "<Ntry>"]
    files["broken/camt053-truncated.xml"] = "\n".join(whole[:entry_starts[4] + 9]) + "\n"

    sta = files["sam-usd-gbp-mt940/sam-usd-2025-09-to-2026-02.sta"].split("\r\n")
    # A typist's slip: the September retainer reads 2040,00 instead of 2400,00, so the
    # statement no longer adds up to its closing balance.
    at = next(i for i, line in enumerate(sta) if line.startswith(":61:250915") and "C2400,00" in line)
    sta[at] = sta[at].replace("C2400,00", "C2040,00")
    files["broken/mt940-unbalanced.sta"] = "\r\n".join(sta)

    sta = files["sam-usd-gbp-mt940/sam-usd-2025-09-to-2026-02.sta"].split("\r\n")
    # 31 November does not exist.
    at = next(i for i, line in enumerate(sta) if line.startswith(":61:251117"))
    sta[at] = ":61:2511311117" + sta[at][len(":61:2511171117"):]
    files["broken/mt940-bad-date.sta"] = "\r\n".join(sta)

    ofx = files["sam-usd-gbp-mt940/sam-gbp-2025-09-to-2026-02.ofx"]
    # 30 February does not exist.
    first = ofx.index("<DTPOSTED>20260226")
    files["broken/ofx-bad-date.ofx"] = ofx[:first] + "<DTPOSTED>20260230" + ofx[first + len("<DTPOSTED>20260226"):]

    csv = files["lena-short-month-csv/lena-umsaetze-2025-09-to-2026-02.csv"].split("\r\n")
    # 31.11.2025 does not exist.
    at = next(i for i, line in enumerate(csv) if '"26.11.2025"' in line)
    csv[at] = csv[at].replace('"26.11.2025"', '"31.11.2025"', 1)
    files["broken/csv-bad-date.csv"] = "\r\n".join(csv)

    files["README.md"] = readme(sorted(files))
    for rel in sorted(files):
        # German banks write their CSV exports in Windows-1252, not UTF-8.
        write(root, rel, files[rel], "cp1252" if rel.endswith(".csv") else "utf-8")
    return sorted(files)


def readme(names):
    lines = [
        "# Generated bank statements",
        "",
        "Written by `scripts/gen-statements.py` (do not edit by hand: change the script and run it",
        "again; `crates/cli/tests/income_cli.rs` checks that these files are exactly its output).",
        "All names, accounts and amounts are made up. Income months 2025-09 .. 2026-02, assessed",
        "as of 2026-03-02. `docs/evidence.md` walks through them.",
        "",
        "| persona | files | what it shows |",
        "| --- | --- | --- |",
        "| `anna-eur-camt` | camt.053.001.08, one file per month (`monthly/`) and one file with six `<Stmt>` | salary in EUR from a German employer; own transfer from her savings account (`--own-account`), an Amazon refund, a returned direct debit (reversal), a birthday gift (`--exclude`), a pending credit |",
        "| `sam-usd-gbp-mt940` | MT940 (USD, six statements in one file), OFX 2.x (GBP) | freelancer paid in USD (US client without IBAN, BIC only; Norwegian client with IBAN) and GBP; a refund in each currency, a returned payment (`RD`), an own transfer from the USD to the GBP account |",
        "| `lena-short-month-csv` | German savings-bank CSV export (Windows-1252, `;`, `dd.mm.yyyy`, `1.234,56`) | freelancer paid in EUR by clients in AT, CH, FR; December is just under USD 3,000; a health-insurance refund |",
        "| `arman-kz-client-camt` | camt.053.001.02, one file per month | a British client (GB IBAN) and a Kazakh client (KZ IBAN, BIC `HSBKKZKX` only, address in KZ only): Kazakh payments are `kz_source`; January then fails |",
        "| `broken` | one damaged file per format | a truncated camt.053, an MT940 whose amounts do not add up to its closing balance, an MT940 and an OFX and a CSV with an impossible date |",
        "",
        "Files:",
        "",
    ]
    lines += ["- `%s`" % n for n in names if n != "README.md"]
    lines.append("")
    return "\n".join(lines)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = pathlib.Path(__file__).resolve().parent.parent / "testdata" / "statements"
    parser.add_argument("--out", type=pathlib.Path, default=default, help="output directory (default: %(default)s)")
    args = parser.parse_args(argv)
    names = generate(args.out)
    print("wrote %d files to %s" % (len(names), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
