#!/usr/bin/env python3
"""Generate FieldLedger's embedded sample data (sample-data/) deterministically.

A small fire-protection and HVAC contractor, "Piedmont Fire & Air", with two branches
(Raleigh, Charlotte): its ServiceTrade account (sample-data/st), its PartsManager account
(sample-data/pm), its Business Central company (sample-data/bc), FieldLedger's seed posting
rules (sample-data/rules) and the demo scenario (sample-data/scenario.json).

Python 3 standard library only. Fixed seed and uuid5 ids: running it twice gives the same bytes.
Problems a demo must surface are planted on purpose; sample-data/README.md lists them with ids.

    python3 scripts/generate-sample-data.py            # writes ./sample-data
    python3 scripts/generate-sample-data.py OUT_DIR
"""
import csv
import io
import json
import os
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal, ROUND_HALF_UP

SEED = 20261127
NAMESPACE = uuid.UUID("6f0b9a52-2d7c-4c1e-9a57-5e2f4a1c0d11")
RNG = random.Random(SEED)
CENT = Decimal("0.01")

# Fixed "now" of the data set: everything happened before this instant.
EPOCH_END = datetime(2026, 11, 20, 17, 0, 0, tzinfo=timezone.utc)
EPOCH_START = datetime(2026, 8, 3, 13, 0, 0, tzinfo=timezone.utc)


class Money:
    """A JSON number literal with exactly two decimals (never a float)."""

    def __init__(self, value):
        self.value = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class Qty:
    """A JSON number literal for a quantity, plain notation."""

    def __init__(self, value):
        self.value = Decimal(value)


def dumps(value, indent=0):
    """JSON with 2-space indentation where Money/Qty are written as exact literals."""
    pad = "  " * indent
    inner = "  " * (indent + 1)
    if isinstance(value, Money):
        return format(value.value, "f")
    if isinstance(value, Qty):
        text = format(value.value.normalize(), "f")
        return text
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f'{inner}{json.dumps(k)}: {dumps(v, indent + 1)}' for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [inner + dumps(v, indent + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    if isinstance(value, float):
        raise TypeError("floats are not allowed in sample data; use Money or Qty")
    return json.dumps(value, ensure_ascii=False)


def guid(kind, key):
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def unix(dt):
    return int(dt.timestamp())


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def rand_time(start=EPOCH_START, end=EPOCH_END):
    span = int((end - start).total_seconds())
    return start + timedelta(seconds=RNG.randrange(span))


def business_time(day):
    """A time between 07:00 and 17:00 Eastern (11:00-21:00 UTC) on that day."""
    return day.replace(hour=11, minute=0, second=0) + timedelta(minutes=RNG.randrange(0, 600, 5))


# ---------------------------------------------------------------------------------------------
# Reference catalogue
# ---------------------------------------------------------------------------------------------

REGIONS = [
    {"id": 1, "name": "Raleigh", "code": "RAL"},
    {"id": 2, "name": "Charlotte", "code": "CLT"},
]
CITIES = {
    1: [("Raleigh", "Wake", "276"), ("Cary", "Wake", "275"), ("Apex", "Wake", "275"),
        ("Wake Forest", "Wake", "275"), ("Durham", "Durham", "277")],
    2: [("Charlotte", "Mecklenburg", "282"), ("Matthews", "Mecklenburg", "281"),
        ("Huntersville", "Mecklenburg", "280"), ("Concord", "Cabarrus", "280"),
        ("Gastonia", "Gaston", "280")],
}
COUNTY_TAX_AREA = {"Wake": "NC-WAKE", "Durham": "NC-DURHAM", "Mecklenburg": "NC-MECK",
                   "Cabarrus": "NC-CABARRUS", "Gaston": "NC-GASTON"}
# Combined state + county sales tax on materials, percent.
COUNTY_MATERIAL_RATE = {"Wake": "7.25", "Durham": "7.50", "Mecklenburg": "7.25",
                        "Cabarrus": "7.00", "Gaston": "7.00"}

SERVICE_LINES = [
    {"id": 1, "name": "Fire Sprinkler", "abbr": "FS", "trade": "Fire Protection", "dept": "FS", "gl": "41"},
    {"id": 2, "name": "Fire Alarm", "abbr": "FA", "trade": "Fire Protection", "dept": "FA", "gl": "42"},
    {"id": 3, "name": "HVAC", "abbr": "HVAC", "trade": "Mechanical", "dept": "HVAC", "gl": "43"},
    # PLANTED: a new service line with no GL rule and no DEPARTMENT mapping.
    {"id": 4, "name": "Backflow Testing", "abbr": "BF", "trade": "Plumbing", "dept": None, "gl": None},
]

TAX_RATES = [
    {"id": 1, "name": "Labor - exempt", "rate": "0.00", "group": "LABOR"},
    {"id": 2, "name": "Materials 7.25%", "rate": "7.25", "group": "MATERIAL"},
    {"id": 3, "name": "Materials 7.50%", "rate": "7.50", "group": "MATERIAL"},
    {"id": 4, "name": "Materials 7.00%", "rate": "7.00", "group": "MATERIAL"},
    {"id": 5, "name": "Non-taxable", "rate": "0.00", "group": "NONTAXABLE"},
    # PLANTED: a tax rate with no tax group mapping in rules/tax.csv.
    {"id": 6, "name": "Equipment Rental 8.50%", "rate": "8.50", "group": None},
]
MATERIAL_RATE_ID = {"7.25": 2, "7.50": 3, "7.00": 4}

PAYMENT_TERMS = [
    {"id": 1, "name": "Net 30", "days": 30, "code": "NET30", "calc": "30D"},
    {"id": 2, "name": "Net 15", "days": 15, "code": "NET15", "calc": "15D"},
    {"id": 3, "name": "Due on Receipt", "days": 0, "code": "COD", "calc": "0D"},
    {"id": 4, "name": "Net 45", "days": 45, "code": "NET45", "calc": "45D"},
]

TECHS = [
    ("Marcus", "Bell", 1), ("Dana", "Whitfield", 1), ("Luis", "Ortega", 1), ("Kayla", "Simmons", 1),
    ("Trevor", "Nash", 1), ("Andre", "Coleman", 2), ("Priya", "Raman", 2), ("Cody", "Barnes", 2),
    ("Hannah", "Greer", 2),
    # PLANTED: user 10 has clock events but no Business Central employee and no EMPLOYEE mapping.
    ("Jesse", "Lowry", 2),
]
TECH_WITHOUT_EMPLOYEE = 10

CUSTOMER_NAMES = [
    "Oakwood Medical Plaza", "Triangle Office Partners", "Capital Self Storage", "Crabtree Senior Living",
    "Wake County Schools", "Brier Creek Apartments", "Research Park Labs", "Durham Hospitality Group",
    "Cary Town Center LLC", "Northhills Retail", "Pine State Creamery", "Umstead Hotel & Spa",
    "Apex Logistics Center", "Glenwood Church", "Triangle Aquatic Center", "Queen City Properties",
    "Ballantyne Corporate Park", "SouthPark Towers", "Mecklenburg Surgical", "Uptown Lofts HOA",
    "Concord Mills Outparcels", "Lake Norman Marina", "Gastonia Fabricating", "Carolina Cold Storage",
    "Matthews Family YMCA", "Huntersville Industrial", "Providence Day Academy", "Freedom Drive Auto",
    "NoDa Brewing Works",
    # PLANTED: company 30 exists in ServiceTrade but not in Business Central.
    "Lakeside Property Group",
]
MISSING_IN_BC_COMPANY = 30
CONFLICT_COMPANY = 5  # PLANTED: phone edited in both systems

STREETS = ["Glenwood Ave", "Six Forks Rd", "Capital Blvd", "Falls of Neuse Rd", "Hillsborough St",
           "Tryon St", "Providence Rd", "Independence Blvd", "Park Rd", "Sharon Amity Rd",
           "Main St", "Church St", "Market St", "Industrial Dr", "Commerce Way"]
FIRST = ["James", "Maria", "Robert", "Linda", "Michael", "Susan", "David", "Karen", "Chris", "Lisa",
         "Daniel", "Nancy", "Mark", "Betty", "Paul", "Sandra", "Steven", "Ashley", "Kevin", "Donna"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson",
        "Moore", "Taylor", "Thomas", "Jackson", "White", "Harris", "Martin", "Thompson", "Lee"]

# Invoice item catalogue: (service line id, item type, description, unit price range, qty range)
CATALOG = {
    1: [("labor", "Sprinkler inspection labor (hr)", (95, 125), (1, 8)),
        ("labor", "Sprinkler repair labor (hr)", (105, 135), (1, 6)),
        ("material", "Pendent sprinkler head 155F", (12, 18), (2, 24)),
        ("material", "1\" black steel fitting", (6, 14), (2, 20)),
        ("material", "Gauge, 300 psi", (28, 42), (1, 4)),
        ("other", "Trip charge", (45, 75), (1, 1))],
    2: [("labor", "Fire alarm inspection labor (hr)", (90, 120), (1, 8)),
        ("labor", "Alarm programming labor (hr)", (110, 140), (1, 4)),
        ("material", "Photoelectric smoke detector", (38, 62), (1, 12)),
        ("material", "Horn/strobe, wall mount", (55, 85), (1, 8)),
        ("material", "12V 7Ah backup battery", (22, 34), (2, 8)),
        ("other", "Monitoring setup fee", (60, 95), (1, 1))],
    3: [("labor", "HVAC service labor (hr)", (95, 130), (1, 8)),
        ("labor", "HVAC preventive maintenance (hr)", (85, 110), (1, 6)),
        ("material", "Pleated filter 20x25x2", (9, 16), (4, 24)),
        ("material", "R-410A refrigerant (lb)", (28, 45), (2, 12)),
        ("material", "Capacitor 45/5 uF", (24, 40), (1, 3)),
        ("other", "Disposal fee", (25, 40), (1, 1))],
    4: [("labor", "Backflow test labor (hr)", (85, 105), (1, 3)),
        ("material", "Backflow repair kit", (45, 90), (1, 2)),
        ("other", "Test report filing fee", (25, 35), (1, 1))],
}


def money_between(lo, hi):
    cents = RNG.randrange(lo * 100, hi * 100 + 1, 25)
    return Decimal(cents) / 100


def phone(area):
    return f"({area}) 555-{RNG.randrange(100, 999):03d}{RNG.randrange(0, 10)}"


# ---------------------------------------------------------------------------------------------
# ServiceTrade
# ---------------------------------------------------------------------------------------------

def emb(row, *keys):
    return {k: row[k] for k in ("id",) + keys}


def build_servicetrade():
    st = {}
    created0 = unix(datetime(2025, 1, 6, 14, 0, tzinfo=timezone.utc))
    st["regions"] = [{"id": r["id"], "uri": f"/st/api/region/{r['id']}", "name": r["name"],
                      "created": created0, "updated": created0} for r in REGIONS]
    st["servicelines"] = [{"id": s["id"], "uri": f"/st/api/serviceline/{s['id']}", "name": s["name"],
                           "abbr": s["abbr"], "trade": s["trade"], "created": created0,
                           "updated": created0 if s["id"] != 4 else unix(datetime(2026, 10, 1, 15, 0, tzinfo=timezone.utc))}
                          for s in SERVICE_LINES]
    st["taxrates"] = [{"id": t["id"], "uri": f"/st/api/taxrate/{t['id']}", "name": t["name"],
                       "rate": Qty(t["rate"]), "created": created0, "updated": created0} for t in TAX_RATES]
    st["paymentterms"] = [{"id": p["id"], "uri": f"/st/api/paymentterms/{p['id']}", "name": p["name"],
                           "days": p["days"], "created": created0, "updated": created0} for p in PAYMENT_TERMS]
    users = []
    for i, (first, last, region) in enumerate(TECHS, start=1):
        users.append({"id": i, "uri": f"/st/api/user/{i}", "firstName": first, "lastName": last,
                      "name": f"{first} {last}", "email": f"{first.lower()}.{last.lower()}@piedmontfire.example",
                      "isTech": True, "status": "active", "region": emb(REGIONS[region - 1], "name"),
                      "externalIds": {}, "created": created0, "updated": created0})
    st["users"] = users

    companies, locations, contacts = [], [], []
    for cid, name in enumerate(CUSTOMER_NAMES, start=1):
        region = 1 if cid <= 15 else 2
        city, county, zip3 = CITIES[region][(cid - 1) % 5]
        area = "919" if region == 1 else "704"
        terms = PAYMENT_TERMS[0] if cid % 5 else PAYMENT_TERMS[(cid // 5) % 4]
        created = unix(datetime(2025, 2, 1, 14, 0, tzinfo=timezone.utc) + timedelta(days=cid * 3))
        updated = created + 86400 * RNG.randrange(10, 400)
        company = {"id": cid, "uri": f"/st/api/company/{cid}", "name": name, "customerCode": f"C{10000 + cid}",
                   "phoneNumber": phone(area), "email": f"ap@{name.lower().replace(' ', '').replace('&', '')[:18]}.example",
                   "address": {"street": f"{RNG.randrange(100, 9999)} {RNG.choice(STREETS)}", "city": city,
                               "state": "NC", "postalCode": f"{zip3}{RNG.randrange(10, 99)}", "county": county},
                   "status": "active", "paymentTerms": emb(terms, "name"), "taxRate": None,
                   "externalIds": {}, "created": created, "updated": updated}
        if cid == CONFLICT_COMPANY:
            # PLANTED conflict: ST changed the phone on 2026-11-18 15:05 UTC; BC changed it later (see BC).
            company["phoneNumber"] = "(919) 555-0142"
            company["updated"] = unix(datetime(2026, 11, 18, 15, 5, tzinfo=timezone.utc))
        companies.append(company)
        for n in range(2):
            lid = (cid - 1) * 2 + n + 1
            lcity, lcounty, lzip = CITIES[region][(cid + n * 2) % 5]
            locations.append({"id": lid, "uri": f"/st/api/location/{lid}",
                              "name": f"{name} - {'Main' if n == 0 else lcity + ' Site'}",
                              "company": emb(company, "name"), "region": emb(REGIONS[region - 1], "name"),
                              "address": {"street": f"{RNG.randrange(100, 9999)} {RNG.choice(STREETS)}", "city": lcity,
                                          "state": "NC", "postalCode": f"{lzip}{RNG.randrange(10, 99)}", "county": lcounty},
                              "phoneNumber": phone(area), "email": None, "status": "active", "externalIds": {},
                              "created": created + 3600, "updated": created + 3600 + 86400 * RNG.randrange(0, 300)})
    st["companies"] = companies
    st["locations"] = locations

    for kid in range(1, 81):
        company = companies[(kid - 1) % 30] if kid <= 60 else companies[RNG.randrange(30)]
        cloc = [l for l in locations if l["company"]["id"] == company["id"]]
        first, last = RNG.choice(FIRST), RNG.choice(LAST)
        created = company["created"] + 7200 + kid * 60
        contacts.append({"id": kid, "uri": f"/st/api/contact/{kid}", "firstName": first, "lastName": last,
                         "email": f"{first.lower()}.{last.lower()}{kid}@example.com",
                         "phone": company["phoneNumber"], "mobile": None,
                         "type": "billing" if kid <= 30 else RNG.choice(["site", "facility manager", "tenant"]),
                         "company": emb(company, "name"), "location": emb(RNG.choice(cloc), "name"),
                         "externalIds": {}, "created": created, "updated": created + 86400 * RNG.randrange(0, 200)})
    st["contacts"] = contacts

    # Jobs: 150, each at one location; the main service line drives its items.
    jobs, job_line = [], {}
    job_types = {1: ["inspection", "repair", "installation"], 2: ["inspection", "repair", "service"],
                 3: ["service", "repair", "preventive maintenance"], 4: ["inspection"]}
    for jid in range(1, 151):
        if jid == 150:
            location = locations[(MISSING_IN_BC_COMPANY - 1) * 2]  # the only job of the company missing in BC
        else:
            location = locations[(jid * 7) % 58]  # locations of companies 1..29
        line = 4 if jid in (77, 143) else 1 + (jid % 3)
        job_line[jid] = line
        day = EPOCH_START + timedelta(days=(jid * 53) % 105)
        scheduled = business_time(day)
        completed = scheduled + timedelta(hours=RNG.randrange(2, 30))
        jtype = RNG.choice(job_types[line])
        company = companies[location["company"]["id"] - 1]
        jobs.append({"id": jid, "uri": f"/st/api/job/{jid}", "number": str(24000 + jid),
                     "name": f"{SERVICE_LINES[line - 1]['name']} {jtype} - {location['name']}",
                     "type": jtype, "status": "completed", "company": emb(company, "name"),
                     "location": emb(location, "name"), "region": location["region"],
                     "estimatedPrice": Money(money_between(250, 4500)), "scheduledDate": unix(scheduled),
                     "completedOn": unix(completed), "externalIds": {}, "created": unix(scheduled) - 86400 * 7,
                     "updated": unix(completed)})
    st["jobs"] = jobs

    invoices = []
    item_seq = 0
    tax_by_id = {t["id"]: t for t in TAX_RATES}

    def make_items(job, count, force_line=None, rental=False):
        nonlocal item_seq
        location = locations[job["location"]["id"] - 1]
        material_rate_id = MATERIAL_RATE_ID[COUNTY_MATERIAL_RATE[location["address"]["county"]]]
        items = []
        main = force_line or job_line[job["id"]]
        for n in range(count):
            line = main if (n == 0 or RNG.random() < 0.85 or main == 4) else RNG.choice([1, 2, 3])
            itype, desc, prange, qrange = RNG.choice(CATALOG[line])
            if n == 0:
                itype, desc, prange, qrange = CATALOG[line][0]
            price = money_between(*prange)
            qty = Decimal(RNG.randrange(qrange[0], qrange[1] + 1))
            if itype == "labor" and RNG.random() < 0.3:
                qty += Decimal("0.5")
            tax_id = {"labor": 1, "material": material_rate_id, "other": 5}[itype]
            if rental and n == count - 1:
                itype, desc, price, qty, tax_id = "other", "Lift rental (day)", Decimal("185.00"), Decimal(2), 6
            tax = tax_by_id[tax_id]
            total = (qty * price).quantize(CENT, rounding=ROUND_HALF_UP)
            tax_amount = (total * Decimal(tax["rate"]) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
            item_seq += 1
            items.append({"id": item_seq, "description": desc, "itemType": itype,
                          "serviceLine": {"id": line, "name": SERVICE_LINES[line - 1]["name"],
                                          "abbr": SERVICE_LINES[line - 1]["abbr"]},
                          "quantity": Qty(qty), "price": Money(price), "total": Money(total),
                          "taxRate": {"id": tax_id, "name": tax["name"], "rate": Qty(tax["rate"])},
                          "taxAmount": Money(tax_amount)})
        return items

    # 200 invoices: one per job, and a second one for jobs 1..50.
    job_for_invoice = list(range(1, 151)) + list(range(1, 51))
    for iid, jid in enumerate(job_for_invoice, start=1):
        job = jobs[jid - 1]
        company = companies[job["company"]["id"] - 1]
        count = RNG.randrange(1, 13)
        items = make_items(job, count, rental=(iid == PLANTED["unmapped_tax_rate"]))
        if iid == PLANTED["empty"]:
            items = []
        subtotal = sum((i["total"].value for i in items), Decimal(0))
        tax = sum((i["taxAmount"].value for i in items), Decimal(0))
        total = subtotal + tax
        if iid == PLANTED["total_mismatch"]:
            subtotal += Decimal("40.00")  # header says 40.00 more than its lines add up to
            total += Decimal("40.00")
        tdate = datetime.fromtimestamp(job["completedOn"], tz=timezone.utc) + timedelta(days=1 if iid <= 150 else 9)
        terms = company["paymentTerms"]
        days = PAYMENT_TERMS[terms["id"] - 1]["days"]
        status = "pending_accounting"
        if iid in PLANTED_OK:
            status = "ok"
        if iid in PLANTED_VOID_NEVER_POSTED:
            status = "void"
        updated = unix(tdate) + 3600 * RNG.randrange(1, 48)
        invoices.append({"id": iid, "uri": f"/st/api/invoice/{iid}", "invoiceNumber": f"INV-{26000 + iid}",
                         "status": status, "job": emb(job, "number", "name"), "company": emb(company, "name"),
                         "location": job["location"], "region": job["region"],
                         "customerPo": f"PO-{RNG.randrange(10000, 99999)}" if RNG.random() < 0.4 else None,
                         "paymentTerms": terms, "transactionDate": unix(tdate),
                         "dueDate": unix(tdate + timedelta(days=days)), "items": items,
                         "subtotal": Money(subtotal), "taxAmount": Money(tax), "totalPrice": Money(total),
                         "amountPaid": Money(0), "balance": Money(total), "externalIds": {},
                         "created": unix(tdate), "updated": min(updated, unix(EPOCH_END))})
    st["invoices"] = invoices

    # Payments recorded in ServiceTrade: a partial payment, and a payment with its NSF reversal.
    payments = []
    partial = invoices[PLANTED["partly_paid"] - 1]
    half = (partial["totalPrice"].value / 2).quantize(CENT, rounding=ROUND_HALF_UP)
    nsf = invoices[PLANTED["nsf"] - 1]
    pay_time = unix(datetime(2026, 11, 12, 15, 30, tzinfo=timezone.utc))
    payments.append({"id": 1, "uri": "/st/api/payment/1", "invoice": emb(partial, "invoiceNumber"),
                     "amount": Money(half), "paymentDate": pay_time, "method": "check",
                     "referenceNumber": "CHK-48213", "created": pay_time, "updated": pay_time})
    payments.append({"id": 2, "uri": "/st/api/payment/2", "invoice": emb(nsf, "invoiceNumber"),
                     "amount": Money(nsf["totalPrice"].value), "paymentDate": pay_time + 3600, "method": "check",
                     "referenceNumber": "CHK-50117", "created": pay_time + 3600, "updated": pay_time + 3600})
    payments.append({"id": 3, "uri": "/st/api/payment/3", "invoice": emb(nsf, "invoiceNumber"),
                     "amount": Money(-nsf["totalPrice"].value), "paymentDate": pay_time + 86400 * 3,
                     "method": "check", "referenceNumber": "CHK-50117-NSF",
                     "created": pay_time + 86400 * 3, "updated": pay_time + 86400 * 3})
    partial["amountPaid"] = Money(half)
    partial["balance"] = Money(partial["totalPrice"].value - half)
    partial["updated"] = pay_time
    nsf["updated"] = pay_time + 86400 * 3
    st["payments"] = payments

    # 40 timecards (clock events) on completed jobs; user 10 has some.
    clock = []
    for cid in range(1, 41):
        job = jobs[(cid * 11) % 150]
        region = job["region"]["id"]
        candidates = [u for u in users if u["region"]["id"] == region]
        user = users[TECH_WITHOUT_EMPLOYEE - 1] if cid % 8 == 0 else RNG.choice(candidates)
        activity = ["enroute", "onsite", "onsite", "onbreak"][cid % 4] if cid % 8 else "onsite"
        start = job["scheduledDate"] + 60 * RNG.randrange(0, 90, 5)
        minutes = {"enroute": RNG.randrange(15, 75, 5), "onsite": RNG.randrange(60, 420, 15),
                   "onbreak": 30}[activity]
        end = start + minutes * 60
        approved = cid not in (7, 23, 39)
        clock.append({"id": cid, "uri": f"/st/api/clockevent/{cid}", "user": emb(user, "name"),
                      "job": emb(job, "number", "name"), "activity": activity, "startTime": start,
                      "endTime": end, "approved": approved, "elapsedTime": end - start,
                      "created": end, "updated": end + (86400 if approved else 0)})
    st["clockevents"] = clock
    return st


# Invoice ids of planted problems (documented in sample-data/README.md).
PLANTED = {
    "missing_customer": 150,      # job 150 belongs to company 30, which is not in BC
    "unmapped_tax_rate": 12,      # last item uses tax rate 6 "Equipment Rental 8.50%"
    "backflow": 77,               # job 77 is a Backflow Testing job (service line 4)
    "void_after_post": 21,        # scenario voids it after it has been posted
    "partly_paid": 33,            # a 50% payment recorded in ServiceTrade
    "nsf": 34,                    # paid in full, then the payment reversed (NSF) in ServiceTrade
    "total_mismatch": 45,         # header totals are 40.00 more than the lines
    "empty": 58,                  # no items at all
    "pay_half_in_bc": 8,          # scenario: BC receives 50%, then the payment bounces (NSF)
}
# Invoices still in "ok" (not yet approved); the scenario approves some over time.
PLANTED_OK = set(range(181, 201)) | {60, 61, 62, 63, 64}
PLANTED_VOID_NEVER_POSTED = {99, 100}


# ---------------------------------------------------------------------------------------------
# PartsManager
# ---------------------------------------------------------------------------------------------

PM_VENDORS = [
    ("Ferguson Fire & Fabrication", "FERG", "Net 30"), ("Viking SupplyNet", "VIKING", "Net 30"),
    ("Johnstone Supply", "JOHN", "Net 15"), ("ADI Global Distribution", "ADI", "Net 30"),
    ("Carrier Enterprise", "CARR", "Net 45"), ("Grainger", "GRAIN", "Net 30"),
]
PM_ITEMS = [
    ("Pendent sprinkler head 155F", "SPK-155P", "Sprinkler Heads", "7.40", "15.00"),
    ("Upright sprinkler head 200F", "SPK-200U", "Sprinkler Heads", "8.10", "16.50"),
    ("1\" black steel tee", "FIT-100T", "Pipe & Fittings", "3.25", "8.00"),
    ("2\" grooved coupling", "FIT-200G", "Pipe & Fittings", "11.80", "24.00"),
    ("Photoelectric smoke detector", "FA-SD200", "Alarm Devices", "24.50", "49.00"),
    ("Horn/strobe, wall mount", "FA-HS100", "Alarm Devices", "36.00", "69.00"),
    ("12V 7Ah battery", "FA-BAT7", "Batteries", "13.20", "27.00"),
    ("Pleated filter 20x25x2", "HV-F2025", "Filters", "5.60", "12.00"),
    ("R-410A refrigerant 25 lb", "HV-R410", "Refrigerant", "189.00", "350.00"),
    ("Capacitor 45/5 uF", "HV-CAP455", "Electrical Parts", "11.40", "32.00"),
    ("Contactor 2-pole 40A", "HV-CON40", "Electrical Parts", "14.75", "38.00"),
    ("Backflow repair kit 1\"", "BF-KIT1", "Plumbing Parts", "31.00", "68.00"),
    ("Pressure gauge 300 psi", "SPK-GAU300", "Gauges", "17.90", "35.00"),
    ("Fire alarm control panel 8-zone", "FA-FACP8", "Alarm Panels", "612.00", "1150.00"),
    # PLANTED: "Specialty Tools" has no row in rules/item-categories.csv.
    ("Sprinkler head wrench set", "TL-WRSET", "Specialty Tools", "84.00", "0.00"),
]
UNMAPPED_CATEGORY = "Specialty Tools"


def build_partsmanager():
    pm = {}
    t0 = datetime(2025, 3, 3, 14, 0, tzinfo=timezone.utc)
    vendors = []
    for i, (name, short, terms) in enumerate(PM_VENDORS, start=1):
        created = t0 + timedelta(days=i)
        vendors.append({"_id": i, "id": f"V{1000 + i}", "name": name, "shortName": short, "isActive": True,
                        "email": f"orders@{short.lower()}.example", "terms": terms, "accNumber": f"PFA-{4400 + i}",
                        "externalId": None, "currency": "USD",
                        "Address": {"line1": f"{RNG.randrange(100, 9999)} {RNG.choice(STREETS)}",
                                    "city": RNG.choice(["Raleigh", "Charlotte", "Greensboro"]), "state": "NC",
                                    "zip": f"27{RNG.randrange(100, 999)}", "country": "US"},
                        "createdAt": iso_ms(created), "updatedAt": iso_ms(created + timedelta(days=30))})
    pm["vendors"] = vendors
    warehouses = [{"_id": 1, "name": "Raleigh Main Warehouse", "type": "facility", "externalId": None,
                   "description": "Main stock, 4100 Capital Blvd", "ParentId": None, "inactive": False,
                   "createdAt": iso_ms(t0), "updatedAt": iso_ms(t0)}]
    for n, (tech, truck) in enumerate([("Marcus Bell", 101), ("Luis Ortega", 102), ("Andre Coleman", 201),
                                        ("Priya Raman", 202)], start=2):
        warehouses.append({"_id": n, "name": f"Truck {truck}", "type": "truck", "externalId": None,
                           "description": f"Service truck of {tech}", "ParentId": 1, "inactive": False,
                           "createdAt": iso_ms(t0), "updatedAt": iso_ms(t0)})
    pm["warehouses"] = warehouses
    items = []
    for i, (name, sku, cat, cost, sale) in enumerate(PM_ITEMS, start=1):
        created = t0 + timedelta(days=2, hours=i)
        items.append({"_id": i, "number": 5000 + i, "name": name, "sku": sku, "description": name,
                      "category": cat, "purchasePrice": Money(cost), "salePrice": Money(sale),
                      "inactive": False, "externalIds": None,
                      "createdAt": iso_ms(created), "updatedAt": iso_ms(created + timedelta(days=60))})
    pm["items"] = items

    # Purchase orders. Lines: unit amount, quantity, received and billed quantities.
    line_seq = [0]

    def po_line(item_id, qty, received, billed, warehouse=1, job=None):
        line_seq[0] += 1
        item = items[item_id - 1]
        unit = item["purchasePrice"].value
        return {"_id": line_seq[0], "idx": 0, "ItemId": item_id, "description": item["name"],
                "quantity": Qty(qty), "amount": Money(unit), "total": Money(unit * qty),
                "quantityReceived": Qty(received), "quantityBilled": Qty(billed), "WarehouseId": warehouse,
                "JobId": job}

    def po(pid, vendor, status, issue, lines, warehouse=1):
        for n, line in enumerate(lines):
            line["idx"] = n
        amount = sum((l["total"].value for l in lines), Decimal(0))
        created = datetime(2026, 11, 2, 14, 0, tzinfo=timezone.utc) + timedelta(days=pid - 1)
        return {"_id": pid, "number": f"PO-{1000 + pid}", "externalId": None, "description": None,
                "status": status, "issueDate": issue, "deliveryDate": (created + timedelta(days=7)).strftime("%Y-%m-%d"),
                "amount": Money(amount), "currency": "USD", "notes": None, "VendorId": vendor,
                "WarehouseId": warehouse, "POLineItems": lines,
                "createdAt": iso_ms(created), "updatedAt": iso_ms(created + timedelta(days=2))}

    pos = [
        po(1, 1, "created", None, [po_line(1, 48, 0, 0), po_line(3, 60, 0, 0)]),
        po(2, 4, "issued", "2026-11-05", [po_line(5, 24, 0, 0), po_line(6, 12, 0, 0), po_line(14, 1, 0, 0)]),
        # PO 3: partly received by receipt 1.
        po(3, 5, "partiallyFulfilled", "2026-11-06", [po_line(9, 6, 4, 0), po_line(10, 20, 20, 0), po_line(11, 10, 0, 0)]),
        # PO 4: received in full by the same receipt (a receipt spanning two POs), then billed.
        po(4, 5, "fulfilled", "2026-11-07", [po_line(8, 100, 100, 100), po_line(9, 2, 2, 2)]),
        # PO 5: PLANTED — its second line is an item of the unmapped category "Specialty Tools".
        po(5, 1, "issued", "2026-11-09", [po_line(2, 36, 0, 0), po_line(15, 2, 0, 0, warehouse=2)]),
    ]
    pm["purchaseOrders"] = pos
    lines = {l["_id"]: (p, l) for p in pos for l in p["POLineItems"]}
    received_at = datetime(2026, 11, 12, 16, 20, tzinfo=timezone.utc)
    receipt_lines = []
    for n, (line_id, qty) in enumerate([(6, 4), (7, 20), (9, 100), (10, 2)], start=1):
        p, l = lines[line_id]
        receipt_lines.append({"_id": n, "quantityReceived": Qty(qty), "amount": Money(l["amount"].value * qty),
                              "status": "received", "ShipmentReceiptId": 1, "WarehouseId": l["WarehouseId"],
                              "POLineItemId": line_id, "SOLineItemId": None, "ItemId": l["ItemId"],
                              "PurchaseOrderId": p["_id"]})
    pm["shipmentReceipts"] = [{"_id": 1, "dateReceived": received_at.strftime("%Y-%m-%d"), "VendorId": 5,
                               "reference": "PS-778120", "ShipmentReceiptLines": receipt_lines,
                               "createdAt": iso_ms(received_at), "updatedAt": iso_ms(received_at)}]
    bill_lines = []
    for n, line_id in enumerate([9, 10], start=1):
        p, l = lines[line_id]
        bill_lines.append({"_id": n, "POLineItemId": line_id, "ItemId": l["ItemId"], "description": l["description"],
                           "quantity": l["quantity"], "amount": l["amount"], "total": l["total"]})
    bill_total = sum((b["total"].value for b in bill_lines), Decimal(0))
    billed_at = datetime(2026, 11, 14, 15, 0, tzinfo=timezone.utc)
    pm["vendorBills"] = [{"_id": 1, "vendorInvoiceNumber": "CE-2026-118842", "VendorId": 5, "status": "open",
                          "invoiceDate": "2026-11-13", "dueDate": "2026-12-28", "currency": "USD",
                          "amount": Money(bill_total), "lines": bill_lines,
                          "createdAt": iso_ms(billed_at), "updatedAt": iso_ms(billed_at)}]

    # Stock: starting quantities, then the receipt and two manual adjustments.
    stock, adjustments = {}, []
    for it in items:
        stock[(it["_id"], 1)] = Decimal(RNG.randrange(0, 60)) if it["category"] != UNMAPPED_CATEGORY else Decimal(0)
        for truck in range(2, 6):
            if RNG.random() < 0.4:
                stock[(it["_id"], truck)] = Decimal(RNG.randrange(1, 8))
    adj_seq = 0
    for rl in receipt_lines:
        adj_seq += 1
        key = (rl["ItemId"], rl["WarehouseId"])
        stock[key] = stock.get(key, Decimal(0)) + rl["quantityReceived"].value
        adjustments.append({"_id": adj_seq, "type": "receive", "ItemId": rl["ItemId"], "WarehouseId": rl["WarehouseId"],
                            "quantity": rl["quantityReceived"], "reason": "Shipment receipt 1",
                            "description": None, "POLineItemId": rl["POLineItemId"], "ShipmentReceiptId": 1,
                            "transactionDate": received_at.strftime("%Y-%m-%d"), "createdAt": iso_ms(received_at)})
    for item_id, wh, qty, reason in [(7, 1, -3, "Damaged in storage"), (3, 2, 5, "Cycle count correction")]:
        adj_seq += 1
        key = (item_id, wh)
        stock[key] = stock.get(key, Decimal(0)) + qty
        when = datetime(2026, 11, 16, 14, 0, tzinfo=timezone.utc) + timedelta(hours=adj_seq)
        adjustments.append({"_id": adj_seq, "type": "adjustment", "ItemId": item_id, "WarehouseId": wh,
                            "quantity": Qty(qty), "reason": reason, "description": None, "POLineItemId": None,
                            "ShipmentReceiptId": None, "transactionDate": when.strftime("%Y-%m-%d"),
                            "createdAt": iso_ms(when)})
    pm["stockAdjustments"] = adjustments
    pm["stock"] = [{"_id": n, "ItemId": k[0], "WarehouseId": k[1], "quantity": Qty(v)}
                   for n, (k, v) in enumerate(sorted(stock.items()), start=1)]
    return pm


# ---------------------------------------------------------------------------------------------
# Business Central
# ---------------------------------------------------------------------------------------------

BC_TIME = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)

# Enum values are written as their captions (" ", "Cost of Goods Sold"), as the BC simulator loads them.
COGS = "Cost of Goods Sold"

ACCOUNTS = [
    # number, name, category, subCategory, accountType, directPosting, blocked
    ("10000", "ASSETS", "Assets", "", "Heading", False, False),
    ("10100", "Operating Cash - First Citizens", "Assets", "Cash", "Posting", True, False),
    ("10200", "Undeposited Receipts", "Assets", "Cash", "Posting", True, False),
    ("11000", "Accounts Receivable", "Assets", "Accounts Receivable", "Posting", False, False),
    ("12000", "Inventory - Parts", "Assets", "Inventory", "Posting", False, False),
    ("12100", "Inventory - Trucks", "Assets", "Inventory", "Posting", False, False),
    ("20000", "LIABILITIES", "Liabilities", "", "Heading", False, False),
    ("20100", "Accounts Payable", "Liabilities", "Accounts Payable", "Posting", False, False),
    ("20200", "Received Not Invoiced", "Liabilities", "Current Liabilities", "Posting", True, False),
    ("22100", "Sales Tax Payable", "Liabilities", "Current Liabilities", "Posting", False, False),
    ("30000", "Retained Earnings", "Equity", "Retained Earnings", "Posting", True, False),
    ("40000", "REVENUE", "Income", "", "Heading", False, False),
    ("41100", "Fire Sprinkler Revenue - Labor", "Income", "Income, Services", "Posting", True, False),
    ("41200", "Fire Sprinkler Revenue - Material", "Income", "Income, Product Sales", "Posting", True, False),
    ("41300", "Fire Sprinkler Revenue - Other", "Income", "Income, Services", "Posting", True, False),
    ("42100", "Fire Alarm Revenue - Labor", "Income", "Income, Services", "Posting", True, False),
    ("42200", "Fire Alarm Revenue - Material", "Income", "Income, Product Sales", "Posting", True, False),
    ("42300", "Fire Alarm Revenue - Other", "Income", "Income, Services", "Posting", True, False),
    ("43100", "HVAC Revenue - Labor", "Income", "Income, Services", "Posting", True, False),
    ("43200", "HVAC Revenue - Material", "Income", "Income, Product Sales", "Posting", True, False),
    ("43300", "HVAC Revenue - Other", "Income", "Income, Services", "Posting", True, False),
    # PLANTED: a blocked account (the old combined fire revenue account).
    ("44900", "Fire Protection Revenue - OLD", "Income", "Income, Services", "Posting", True, True),
    ("49000", "Other Service Revenue", "Income", "Income, Services", "Posting", True, False),
    ("50000", "COST OF GOODS SOLD", COGS, "", "Heading", False, False),
    ("50100", "Cost of Materials", COGS, "Materials", "Posting", False, False),
    ("50200", "Direct Labor", COGS, "Labor", "Posting", True, False),
    ("60000", "OPERATING EXPENSES", "Expense", "", "Heading", False, False),
    ("61000", "Small Tools & Equipment", "Expense", "Other Expenses", "Posting", True, False),
    ("62000", "Inventory Adjustments", "Expense", "Other Expenses", "Posting", True, False),
]
GL_RULE = {"labor": "1", "material": "2", "other": "3"}


def bc_account(number, name, category, sub, acc_type, direct, blocked):
    return {"id": guid("account", number), "number": number, "displayName": name, "category": category,
            "subCategory": sub, "blocked": blocked, "accountType": acc_type, "directPosting": direct,
            "netChange": Money(0), "consolidationTranslationMethod": "Average Rate",
            "consolidationDebitAccount": "", "consolidationCreditAccount": "", "excludeFromConsolidation": False,
            "lastModifiedDateTime": iso(BC_TIME)}


def build_business_central(st, pm):
    bc = {}
    bc["company"] = {"id": guid("company", "PFA"), "systemVersion": "29.0.41432.0",
                     "timestamp": 1234567, "name": "Piedmont Fire & Air", "displayName": "Piedmont Fire & Air, Inc.",
                     "businessProfileId": "", "systemCreatedAt": iso(datetime(2024, 12, 2, 9, 0, tzinfo=timezone.utc)),
                     "systemCreatedBy": "00000000-0000-0000-0000-000000000001",
                     "systemModifiedAt": iso(BC_TIME), "systemModifiedBy": "00000000-0000-0000-0000-000000000001"}
    bc["accounts"] = [bc_account(*a) for a in ACCOUNTS]

    dims = [("DEPARTMENT", "Department (service line)"), ("AREA", "Area (branch)"),
            ("PROJECT", "Project (job)"), ("EMPLOYEE", "Employee (technician)")]
    bc["dimensions"] = [{"id": guid("dimension", c), "code": c, "displayName": n, "consolidationCode": "",
                         "lastModifiedDateTime": iso(BC_TIME)} for c, n in dims]
    values = []

    def dim_value(dim, code, name, blocked=False):
        value = {"id": guid("dimensionValue", f"{dim}:{code}"), "code": code,
                 "dimensionId": guid("dimension", dim), "displayName": name, "consolidationCode": "",
                 "lastModifiedDateTime": iso(BC_TIME)}
        if blocked:
            value["_blocked"] = True  # simulator-only: API v2.0 does not expose the flag
        values.append(value)

    for s in SERVICE_LINES:
        if s["dept"]:
            dim_value("DEPARTMENT", s["dept"], s["name"])
    dim_value("DEPARTMENT", "SPRINKLER-OLD", "Fire Sprinkler (before 2025)", blocked=True)  # PLANTED: blocked
    dim_value("DEPARTMENT", "ADMIN", "Administration")
    for r in REGIONS:
        dim_value("AREA", r["code"], r["name"])
    for job in st["jobs"]:
        dim_value("PROJECT", job["number"], job["name"][:50])
    for u in st["users"]:
        if u["id"] != TECH_WITHOUT_EMPLOYEE:
            dim_value("EMPLOYEE", f"E{u['id']:04d}", u["name"])
    bc["dimensionValues"] = values

    bc["paymentTerms"] = [{"id": guid("paymentTerms", p["code"]), "code": p["code"], "displayName": p["name"],
                           "dueDateCalculation": p["calc"], "discountDateCalculation": "", "discountPercent": Money(0),
                           "calculateDiscountOnCreditMemos": False, "lastModifiedDateTime": iso(BC_TIME)}
                          for p in PAYMENT_TERMS]
    groups = [("LABOR", "Labor (exempt in NC)"), ("MATERIAL", "Tangible materials"), ("NONTAXABLE", "Non-taxable")]
    bc["taxGroups"] = [{"id": guid("taxGroup", c), "code": c, "displayName": n, "taxType": "Sales Tax",
                        "lastModifiedDateTime": iso(BC_TIME)} for c, n in groups]
    bc["taxAreas"] = [{"id": guid("taxArea", code), "code": code, "displayName": f"{county} County, NC",
                       "taxType": "Sales Tax", "lastModifiedDateTime": iso(BC_TIME)}
                      for county, code in COUNTY_TAX_AREA.items()]
    details = []
    for county, code in COUNTY_TAX_AREA.items():
        details.append({"taxAreaCode": code, "taxGroupCode": "LABOR", "taxPercent": Qty("0")})
        details.append({"taxAreaCode": code, "taxGroupCode": "MATERIAL", "taxPercent": Qty(COUNTY_MATERIAL_RATE[county])})
        details.append({"taxAreaCode": code, "taxGroupCode": "NONTAXABLE", "taxPercent": Qty("0")})
    bc["_taxDetails"] = details

    customers, contacts, default_dims = [], [], []
    terms_code = {p["id"]: p["code"] for p in PAYMENT_TERMS}
    for c in st["companies"]:
        if c["id"] == MISSING_IN_BC_COMPANY:
            continue
        county = c["address"]["county"]
        modified = datetime.fromtimestamp(c["updated"], tz=timezone.utc) - timedelta(days=2)
        phone_number = c["phoneNumber"]
        if c["id"] == CONFLICT_COMPANY:
            phone_number = "(919) 555-0199"   # PLANTED: BC changed it later than ServiceTrade did
            modified = datetime(2026, 11, 19, 13, 40, tzinfo=timezone.utc)
        cust_id = guid("customer", c["customerCode"])
        region_code = "RAL" if c["id"] <= 15 else "CLT"
        customers.append({
            "id": cust_id, "number": c["customerCode"], "displayName": c["name"], "type": "Company",
            "addressLine1": c["address"]["street"], "addressLine2": "", "city": c["address"]["city"],
            "state": "NC", "country": "US", "postalCode": c["address"]["postalCode"], "phoneNumber": phone_number,
            "email": c["email"], "website": "", "salespersonCode": "", "balanceDue": Money(0), "creditLimit": Money(0),
            "taxLiable": True, "taxAreaId": guid("taxArea", COUNTY_TAX_AREA[county]),
            "taxAreaDisplayName": f"{county} County, NC", "taxRegistrationNumber": "", "currencyId": "00000000-0000-0000-0000-000000000000",
            "currencyCode": "", "paymentTermsId": guid("paymentTerms", terms_code[c["paymentTerms"]["id"]]),
            "shipmentMethodId": "00000000-0000-0000-0000-000000000000",
            "paymentMethodId": "00000000-0000-0000-0000-000000000000", "blocked": " ",
            "lastModifiedDateTime": iso(modified)})
        contacts.append({
            "id": guid("contact", c["customerCode"]), "number": f"CT{c['customerCode'][1:]}", "type": "Company",
            "displayName": c["name"], "jobTitle": "", "companyNumber": f"CT{c['customerCode'][1:]}", "companyName": c["name"],
            "contactBusinessRelation": "Customer", "addressLine1": c["address"]["street"], "addressLine2": "",
            "city": c["address"]["city"], "state": "NC", "country": "US", "postalCode": c["address"]["postalCode"],
            "phoneNumber": phone_number, "mobilePhoneNumber": "", "email": c["email"], "website": "",
            "searchName": c["name"].upper()[:100], "privacyBlocked": False, "taxRegistrationNumber": "",
            "lastInteractionDate": "0001-01-01", "lastModifiedDateTime": iso(modified)})
        default_dims.append({"id": guid("defaultDimension", f"customer:{c['customerCode']}:AREA"), "parentType": "Customer",
                             "parentId": cust_id, "dimensionId": guid("dimension", "AREA"), "dimensionCode": "AREA",
                             "dimensionValueId": guid("dimensionValue", f"AREA:{region_code}"),
                             "dimensionValueCode": region_code, "postingValidation": "Code Mandatory",
                             "lastModifiedDateTime": iso(BC_TIME)})
    bc["customers"] = customers
    bc["contacts"] = contacts

    employees = []
    for u in st["users"]:
        if u["id"] == TECH_WITHOUT_EMPLOYEE:
            continue
        number = f"E{u['id']:04d}"
        emp_id = guid("employee", number)
        employees.append({"id": emp_id, "number": number, "displayName": u["name"], "givenName": u["firstName"],
                          "middleName": "", "surname": u["lastName"], "jobTitle": "Service Technician",
                          "addressLine1": "", "addressLine2": "", "city": "", "state": "NC", "country": "US",
                          "postalCode": "", "phoneNumber": "", "mobilePhone": "", "email": u["email"],
                          "personalEmail": "", "employmentDate": "2024-03-04", "terminationDate": "0001-01-01",
                          "status": "Active", "birthDate": "0001-01-01", "statisticsGroupCode": "",
                          "bankBranchNumber": "", "bankAccountNumber": "", "iban": "",
                          "lastModifiedDateTime": iso(BC_TIME)})
        default_dims.append({"id": guid("defaultDimension", f"employee:{number}:EMPLOYEE"), "parentType": "Employee",
                             "parentId": emp_id, "dimensionId": guid("dimension", "EMPLOYEE"), "dimensionCode": "EMPLOYEE",
                             "dimensionValueId": guid("dimensionValue", f"EMPLOYEE:{number}"),
                             "dimensionValueCode": number, "postingValidation": "Same Code",
                             "lastModifiedDateTime": iso(BC_TIME)})
    bc["employees"] = employees
    # "_jobTasks" is simulator-only (v2.0 has no job task entity): the tasks time registration
    # entries may name, 100 = field labor, 200 = travel.
    bc["projects"] = [{"id": guid("project", j["number"]), "number": j["number"], "displayName": j["name"][:100],
                       "lastModifiedDateTime": iso(BC_TIME), "_jobTasks": ["100", "200"]} for j in st["jobs"]]
    bc["vendors"] = [{"id": guid("vendor", v["id"]), "number": v["id"], "displayName": v["name"],
                      "addressLine1": v["Address"]["line1"], "addressLine2": "", "city": v["Address"]["city"],
                      "state": "NC", "country": "US", "postalCode": v["Address"]["zip"], "phoneNumber": "",
                      "email": v["email"], "website": "", "taxRegistrationNumber": "",
                      "currencyId": "00000000-0000-0000-0000-000000000000", "currencyCode": "", "irs1099Code": "",
                      "paymentTermsId": guid("paymentTerms", {"Net 15": "NET15", "Net 45": "NET45"}.get(v["terms"], "NET30")),
                      "paymentMethodId": "00000000-0000-0000-0000-000000000000", "taxLiable": False,
                      "blocked": " ", "balance": Money(0), "lastModifiedDateTime": iso(BC_TIME)}
                     for v in pm["vendors"]]
    bc["items"] = [{"id": guid("item", it["sku"]), "number": it["sku"], "displayName": it["name"][:100],
                    "displayName2": "", "type": "Inventory", "itemCategoryId": "00000000-0000-0000-0000-000000000000",
                    "itemCategoryCode": "", "blocked": False, "gtin": "", "inventory": Qty(0),
                    "unitPrice": it["salePrice"], "priceIncludesTax": False, "unitCost": it["purchasePrice"],
                    "taxGroupId": guid("taxGroup", "MATERIAL"), "taxGroupCode": "MATERIAL",
                    "baseUnitOfMeasureId": "00000000-0000-0000-0000-000000000000", "baseUnitOfMeasureCode": "PCS",
                    "generalProductPostingGroupId": "00000000-0000-0000-0000-000000000000",
                    "generalProductPostingGroupCode": "RETAIL",
                    "inventoryPostingGroupId": "00000000-0000-0000-0000-000000000000",
                    "inventoryPostingGroupCode": "RESALE", "lastModifiedDateTime": iso(BC_TIME)}
                   for it in pm["items"]]
    bc["defaultDimensions"] = default_dims
    bc["customerPaymentJournals"] = [{"id": guid("journal", "CASHRCPT"), "code": "CASHRCPT",
                                      "displayName": "Customer receipts (First Citizens)",
                                      "balancingAccountId": guid("account", "10100"), "balancingAccountNumber": "10100",
                                      "lastModifiedDateTime": iso(BC_TIME)}]
    bc["journals"] = [{"id": guid("journal", "GENERAL"), "code": "GENERAL", "displayName": "General journal",
                       "templateDisplayName": "GENERAL", "balancingAccountId": "00000000-0000-0000-0000-000000000000",
                       "balancingAccountNumber": "", "lastModifiedDateTime": iso(BC_TIME)}]
    # Simulator-only setup (see Sources/FieldLedgerSim/BusinessCentral/DATA-FORMAT.md).
    bc["_postingSetup"] = {"receivablesAccount": "11000", "salesAccount": "49000", "salesTaxAccount": "22100",
                           "cashAccount": "10100", "inventoryAccount": "12000", "inventoryAdjustmentAccount": "62000"}
    bc["_numberSeries"] = {"salesInvoice": "S-INV1001", "postedSalesInvoice": "PS-INV103001",
                           "salesCreditMemo": "S-CR1001", "postedSalesCreditMemo": "PS-CR104001",
                           "customer": "C10031", "vendor": "V1007", "item": "I10001", "contact": "CT10031",
                           "employee": "E0011", "project": "P10001", "payment": "PAY10001"}
    return bc


# ---------------------------------------------------------------------------------------------
# Rules and scenario
# ---------------------------------------------------------------------------------------------

def build_rules(st):
    rules = {}
    gl = [["item_type", "service_line", "branch", "account_number"]]
    for s in SERVICE_LINES:
        if not s["gl"]:
            continue  # PLANTED: no rule for Backflow Testing
        for item_type, digit in GL_RULE.items():
            gl.append([item_type, s["name"], "*", f"{s['gl']}{digit}00"])
    rules["gl-accounts.csv"] = gl
    dims = [["source_kind", "source_value", "dimension_code", "dimension_value_code"]]
    for s in SERVICE_LINES:
        if s["dept"]:
            dims.append(["service_line", s["name"], "DEPARTMENT", s["dept"]])
    for r in REGIONS:
        dims.append(["branch", r["name"], "AREA", r["code"]])
    for u in st["users"]:
        if u["id"] != TECH_WITHOUT_EMPLOYEE:
            dims.append(["technician", str(u["id"]), "EMPLOYEE", f"E{u['id']:04d}"])
    for j in st["jobs"]:
        dims.append(["job", j["number"], "PROJECT", j["number"]])
    rules["dimensions.csv"] = dims
    tax = [["st_tax_rate", "bc_tax_group"]]
    for t in TAX_RATES:
        if t["group"]:
            tax.append([t["name"], t["group"]])
    rules["tax.csv"] = tax
    areas = [["st_company_or_location", "bc_tax_area"]]
    for loc in st["locations"]:
        areas.append([f"location:{loc['id']}", COUNTY_TAX_AREA[loc["address"]["county"]]])
    rules["tax-areas.csv"] = areas
    terms = [["st_terms", "bc_payment_terms_code"]] + [[p["name"], p["code"]] for p in PAYMENT_TERMS]
    rules["payment-terms.csv"] = terms
    cats = [["pm_item_category", "bc_account_number"]]
    for cat in ["Sprinkler Heads", "Pipe & Fittings", "Alarm Devices", "Batteries", "Filters", "Refrigerant",
                "Electrical Parts", "Plumbing Parts", "Gauges", "Alarm Panels"]:
        cats.append([cat, "12000"])  # PLANTED: "Specialty Tools" missing
    rules["item-categories.csv"] = cats
    return rules


def build_scenario(st):
    inv = {i["id"]: i for i in st["invoices"]}
    pay = inv[PLANTED["pay_half_in_bc"]]
    half = (pay["totalPrice"].value / 2).quantize(CENT, rounding=ROUND_HALF_UP)
    steps = [
        {"id": "pay-half", "when": {"type": "afterPosted", "stInvoiceId": pay["id"]},
         "action": {"type": "bc.applyPayment", "stInvoiceNumber": pay["invoiceNumber"], "amount": Money(half),
                    "paymentReference": "ACH-20261121-01"},
         "expect": "BC remainingAmount drops to half; FieldLedger marks ST invoice %s partly paid" % pay["invoiceNumber"]},
        {"id": "nsf-reverse", "when": {"type": "afterStep", "step": "pay-half", "delaySeconds": 20},
         "action": {"type": "bc.reversePayment", "paymentReference": "ACH-20261121-01", "reason": "NSF"},
         "expect": "BC remainingAmount goes back up; FieldLedger reopens ST invoice %s" % pay["invoiceNumber"]},
        {"id": "void-posted", "when": {"type": "afterPosted", "stInvoiceId": PLANTED["void_after_post"]},
         "action": {"type": "st.setInvoiceStatus", "invoiceId": PLANTED["void_after_post"], "status": "void"},
         "expect": "FieldLedger posts a credit memo applied to the BC invoice of %s" % inv[PLANTED["void_after_post"]]["invoiceNumber"]},
    ]
    ok_ids = sorted(PLANTED_OK)
    for n in range(4):
        batch = ok_ids[n * 5:(n + 1) * 5]
        steps.append({"id": f"approve-batch-{n + 1}", "when": {"type": "afterStart", "delaySeconds": 20 * (n + 1)},
                      "action": {"type": "st.setInvoiceStatus", "invoiceIds": batch, "status": "pending_accounting"},
                      "expect": "Newly approved invoices flow to BC"})
    # The last five "ok" invoices are left for the operator to approve by hand.
    return {"format": "fieldledger-scenario/1", "company": "Piedmont Fire & Air",
            "description": "Time-ordered demo events that need the engine to have run first.",
            "steps": steps}


# ---------------------------------------------------------------------------------------------

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def csv_text(rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for r in rows:
        w.writerow(r)
    return out.getvalue()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sample-data")
    out = os.path.normpath(out)
    st = build_servicetrade()
    pm = build_partsmanager()
    bc = build_business_central(st, pm)
    for name, rows in st.items():
        write(os.path.join(out, "st", f"{name}.json"), dumps(rows) + "\n")
    for name, rows in pm.items():
        write(os.path.join(out, "pm", f"{name}.json"), dumps(rows) + "\n")
    for name, rows in bc.items():
        write(os.path.join(out, "bc", f"{name}.json"), dumps(rows) + "\n")
    for name, rows in build_rules(st).items():
        write(os.path.join(out, "rules", name), csv_text(rows))
    write(os.path.join(out, "scenario.json"), dumps(build_scenario(st)) + "\n")
    print(f"sample data written to {out}")


if __name__ == "__main__":
    main()
