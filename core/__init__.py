"""Kassa's business rules: pure Python, standard library only.

Modules, each named by what it holds:

- ``currency``      ISO 4217 currencies and their minor-unit exponents
- ``money``         ``Money``: integer minor units, exact parsing, allocation
- ``money_format``  money as text for screens and for receipts
- ``tax``           tax rates, gross/net price modes, rounding policy, breakdown
- ``pricing``       price resolution: customer list > store list > base price
- ``discount``      line and document discounts, approval limits per role
- ``document``      line amounts and totals of receipts, offers, orders, invoices
- ``cash_rounding`` rounding the cash part to the smallest coin in use
- ``payment``       tenders and settlement (change only in cash)
- ``refund``        refunds capped per tender
- ``denomination``  notes and coins per currency
- ``shift``         float, cash in/out, expected per tender, count, over/short
- ``z_report``      a shift's Z figures and the never-reset grand total
- ``ids``, ``journal``  UUIDv7 ids and the journal hash chain
"""
