#!/usr/bin/env python3
"""Write the medallion demo's seed CSVs (dbt/seeds/) deterministically.

The data is a small shop's exports: customers, products, orders and order
lines, with the blemishes the silver layer cleans (stray spaces and capitals
in e-mails, lower-case country codes, empty lines, cancelled orders, a few
lines of quantity 0).  The same script always writes the same bytes.

    python3 examples/medallion/gen_seeds.py
"""
import os

SEEDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dbt", "seeds")


class Lcg:
    """A tiny linear congruential generator: the same numbers everywhere."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return self.state >> 33

    def below(self, n):
        return self.next() % n

    def pick(self, items):
        return items[self.below(len(items))]


FIRST = ["Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiro",
         "Ines", "Jonas", "Kaja", "Luca", "Maya", "Nils", "Olga", "Pedro",
         "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wim", "Yara", "Zoe"]
LAST = ["Andersen", "Bianchi", "Costa", "Dubois", "Eriksen", "Fischer",
        "Garcia", "Horvat", "Ivanova", "Jansen", "Kowalski", "Larsen",
        "Moreau", "Novak", "Oliveira", "Petrov", "Rossi", "Schmidt", "Torres",
        "Visser"]
COUNTRIES = ["de", "fr", "nl", "it", "es", "se", "pl", "pt"]
CATEGORIES = {
    "coffee": ["Espresso beans 1kg", "Filter roast 500g", "Decaf 500g",
               "Single origin 250g", "Cold brew pack", "Mocha blend 1kg"],
    "tea": ["Green sencha 100g", "Earl grey 250g", "Chai mix 200g",
            "Rooibos 100g", "Matcha 50g", "Mint tea 100g"],
    "equipment": ["Pour-over dripper", "Hand grinder", "Milk jug",
                  "Scale 0.1g", "French press", "Gooseneck kettle"],
    "pastry": ["Croissant box", "Cinnamon rolls", "Almond biscotti",
               "Brownie tray", "Lemon tart", "Oat cookies"],
}
STATUSES = ["completed"] * 9 + ["shipped"] * 3 + ["placed"] * 2 + ["returned", "cancelled"]


def write(name, header, rows):
    with open(os.path.join(SEEDS, name), "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(v) for v in r) + "\n")


def day(n):
    """2024-01-01 plus n days, as text (no datetime: no time zones)."""
    months = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    m = 0
    while n >= months[m]:
        n -= months[m]
        m += 1
    return "2024-%02d-%02d" % (m + 1, n + 1)


def customers(g):
    rows = []
    for i in range(1, 121):
        first, last = g.pick(FIRST), g.pick(LAST)
        email = "%s.%s%d@example.com" % (first.lower(), last.lower(), i)
        if g.below(6) == 0:
            email = "  " + email.upper()
        country = g.pick(COUNTRIES)
        if g.below(3) == 0:
            country = country.upper()
        rows.append((i, first, last, email, country, day(g.below(120))))
    write("raw_customers.csv",
          ["customer_id", "first_name", "last_name", "email", "country", "signed_up_on"], rows)


def products(g):
    rows, pid = [], 1
    for cat, names in CATEGORIES.items():
        for name in names:
            cents = 300 + g.below(4700)
            rows.append((pid, name, cat, "%d.%02d" % (cents // 100, cents % 100)))
            pid += 1
    write("raw_products.csv", ["product_id", "product_name", "category", "unit_price"], rows)
    return pid - 1


def orders(g, nproducts):
    orows, irows, item = [], [], 1
    for oid in range(1, 501):
        placed = g.below(330)
        status = g.pick(STATUSES)
        updated = placed + (0 if status == "placed" else 1 + g.below(9))
        orows.append((oid, 1 + g.below(120), day(placed), status, day(min(updated, 365))))
        for _ in range(1 + g.below(4)):
            qty = 0 if g.below(40) == 0 else 1 + g.below(3)
            irows.append((item, oid, 1 + g.below(nproducts), qty))
            item += 1
    write("raw_orders.csv",
          ["order_id", "customer_id", "ordered_on", "status", "updated_on"], orows)
    write("raw_order_items.csv", ["order_item_id", "order_id", "product_id", "quantity"], irows)


def main():
    os.makedirs(SEEDS, exist_ok=True)
    customers(Lcg(1))
    n = products(Lcg(2))
    orders(Lcg(3), n)


if __name__ == "__main__":
    main()
