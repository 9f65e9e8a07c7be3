"""Product and customer names in several scripts, drawn from a seeded generator.

Latin with diacritics (French, German, Spanish, Polish, Czech, Nordic,
Turkish, Vietnamese), Greek, Cyrillic, and CJK (Chinese, Japanese, Korean),
plus plain English, so search has accents to fold and scripts a trigram index
must handle. ``SEARCHES`` are three-letter inputs a cashier types, as the
accent-free letters on a plain keyboard.
"""

from __future__ import annotations

import random

LATIN = (
    "Crème", "Brûlée", "Käse", "Müsli", "Jalapeño", "Żubrówka", "Smørbrød", "Čokoláda",
    "Pâté", "Großes", "Açaí", "Ñoquis", "Łosoś", "Kefír", "Gruyère", "Pfirsich", "Æblesaft",
    "Øl", "Şeftali", "Phở", "Bánh", "Crêpe", "Forêt", "Café", "Piña", "Jamón", "Paçoca",
    "Sýr", "Kiełbasa", "Würstchen", "Brötchen", "Quark", "Rødgrød", "Glögg", "Ost", "Küche",
    "Čaj", "Žitný", "Ľadový", "Őszibarack", "Tarte", "Flöte", "Sauerkraut", "Escargot",
)  # fmt: skip
ENGLISH = (
    "Milk", "Bread", "Butter", "Organic", "Coffee", "Tea", "Apple", "Orange", "Chocolate",
    "Cream", "Cheese", "Yogurt", "Honey", "Rice", "Pasta", "Tomato", "Olive", "Juice",
    "Water", "Sparkling", "Classic", "Premium", "Family", "Fresh", "Whole", "Light", "Crispy",
)  # fmt: skip
GREEK = (
    "Γιαούρτι", "Ελιές", "Φέτα", "Μέλι", "Καφές", "Ψωμί", "Τυρί", "Κρασί", "Λάδι", "Ούζο",
)  # fmt: skip
CYRILLIC = (
    "Молоко", "Хлеб", "Сыр", "Чай", "Гречка", "Сметана", "Квас", "Пельмени", "Варенье",
    "Кефир", "Сырники", "Шоколад", "Мёд", "Ёжик",
)  # fmt: skip
CJK = (
    "牛奶", "绿茶", "豆腐", "味噌", "醤油", "ラーメン", "김치", "된장", "煎餅", "抹茶", "烏龍茶",
    "饺子", "うどん", "고추장",
)  # fmt: skip
BRANDS = (
    "Alpenhof", "Nordlicht", "Señorío", "Žatec", "Østergaard", "Olympos", "Берёзка", "山田",
    "Kassa", "Müller", "Dupré", "Łąka", "Şahin", "Hoàng", "Brisa", "Fjällko",
)  # fmt: skip
SIZES = ("250 g", "500 g", "1 kg", "0.5 l", "1 l", "1.5 l", "6×0.33 l", "12 pcs", "150 g")
SCRIPTS = (LATIN, LATIN, ENGLISH, ENGLISH, GREEK, CYRILLIC, CJK)

CITIES = ("Zürich", "Kraków", "Göteborg", "Αθήνα", "Москва", "東京", "서울", "Málaga", "Brno")
FIRST = ("José", "Zoë", "Łukasz", "Søren", "Ελένη", "Дмитрий", "美咲", "지훈", "Ana", "Émile")
LAST = ("Müller", "Nowak", "Øberg", "Παπαδόπουλος", "Иванов", "佐藤", "김", "García", "Dvořák")

# What a cashier types: three letters, found inside names of several scripts.
SEARCHES = ("cre", "kas", "mil", "cho", "bru", "mol", "caf", "oli", "чай", "γιά", "ram", "org")


def product_name(rng: random.Random, number: int) -> str:
    script = rng.choice(SCRIPTS)
    words = [rng.choice(BRANDS), rng.choice(script), rng.choice(script)]
    if rng.random() < 0.5:
        words.append(rng.choice(ENGLISH if script is not ENGLISH else LATIN))
    return f"{' '.join(words)} {rng.choice(SIZES)} #{number}"


def customer_name(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return (
            f"{rng.choice(BRANDS)} {rng.choice(('GmbH', 'S.A.', 'A/S', 'ООО', '株式会社', 'Ltd'))}"
        )
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def city(rng: random.Random) -> str:
    return rng.choice(CITIES)
