"""Reads a camt.053 file with pycamt (lxml) and touches every transaction it returns: one per
entry, or one per transaction detail of a batch entry, as neonomad counts them.

Prints `transactions=N seconds=S` (S: parse and walk in this process, imports excluded).
"""
import sys
import time
from decimal import Decimal

from pycamt.parser import Camt053Parser

start = time.perf_counter()
parser = Camt053Parser.from_file(sys.argv[1])
statements = parser.get_statement_info()
count = 0
total = Decimal(0)
for tx in parser.get_transactions():
    amount = Decimal(tx["Amount"])
    total += amount if tx["CreditDebitIndicator"] == "CRDT" else -amount
    _ = (tx.get("BookingDate"), tx.get("ValueDate"), tx.get("DebtorName"), tx.get("CreditorName"),
         tx.get("RemittanceInformationFull"), tx.get("Status"))
    count += 1
elapsed = time.perf_counter() - start
print("transactions=%d seconds=%.6f sum=%s statements=%d" % (count, elapsed, total, len(statements)))
