"""Reads an MT940 file with mt-940 (WoLpH/mt940) and touches every transaction's fields.

Prints `transactions=N seconds=S`, S being the time to parse and walk the file in this process
(interpreter start-up and imports excluded, so the comparison is not inflated by them).
"""
import sys
import time

import mt940

start = time.perf_counter()
statements = mt940.parse(sys.argv[1])
count = 0
total = 0
for tx in statements:
    data = tx.data
    total += data["amount"].amount
    _ = (data["date"], data.get("entry_date"), data.get("transaction_details"), data.get("bank_reference"))
    count += 1
elapsed = time.perf_counter() - start
print("transactions=%d seconds=%.6f sum=%s" % (count, elapsed, total))
