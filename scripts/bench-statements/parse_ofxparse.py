"""Reads an OFX file with ofxparse and touches every transaction of every statement.

Prints `transactions=N seconds=S` (S: parse and walk in this process, imports excluded).
"""
import sys
import time
import warnings

from ofxparse import OfxParser

# ofxparse parses with BeautifulSoup's HTML parser and warns about XML input on every file.
warnings.filterwarnings("ignore")

start = time.perf_counter()
with open(sys.argv[1], "rb") as f:
    ofx = OfxParser.parse(f)
count = 0
total = 0
for account in ofx.accounts:
    statement = account.statement
    _ = (statement.balance, statement.currency)
    for tx in statement.transactions:
        total += tx.amount
        _ = (tx.date, tx.id, tx.payee, tx.memo, tx.type)
        count += 1
elapsed = time.perf_counter() - start
print("transactions=%d seconds=%.6f sum=%s" % (count, elapsed, total))
