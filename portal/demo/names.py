"""Invented Indonesian names, weighted by the regions the founding offices serve."""

from __future__ import annotations

import random

MALE = {
    "jawa": ["Agus", "Budi", "Slamet", "Joko", "Bambang", "Teguh", "Wahyu", "Eko", "Sugeng",
             "Heru", "Didik", "Purwanto", "Sutrisno", "Arif", "Yusuf", "Rizky", "Dimas", "Fajar",
             "Bayu", "Ilham", "Galih", "Hendra", "Andi", "Surya", "Ahmad", "Tri", "Dwi"],
    "sasak": ["Lalu", "Baiq", "Muhammad", "Zainul", "Lalu Ahmad", "Sahnan", "Hamdan", "Zulkifli",
              "Haerudin", "Rusdi", "Samsul", "Burhanudin", "Jumadil", "Suhaimi", "Mahsun"],
    "betawi": ["Rohman", "Ucup", "Mamat", "Firdaus", "Irfan", "Rizal", "Fadli", "Dedi", "Rahmat",
               "Saipul", "Hasan", "Bang Jali", "Andika", "Reza", "Aldi", "Kevin", "Yogi"],
}
FEMALE = {
    "jawa": ["Sri", "Siti", "Dewi", "Wulan", "Ratna", "Endang", "Tri", "Yuni", "Lestari",
             "Rahayu", "Puji", "Anisa", "Indah", "Nur", "Fitri", "Ayu", "Rina"],
    "sasak": ["Baiq", "Hajjah", "Nurul", "Saodah", "Rohimah", "Mariani", "Sumiati", "Husnul",
              "Zuhriah", "Ernawati"],
    "betawi": ["Nining", "Yanti", "Euis", "Neneng", "Nurhayati", "Rini", "Siska", "Desi",
               "Maya", "Lina", "Putri"],
}
FAMILY = {
    "jawa": ["Santoso", "Wibowo", "Susanto", "Prasetyo", "Nugroho", "Setiawan", "Hidayat",
             "Kurniawan", "Saputra", "Wijaya", "Pratama", "Hartono", "Gunawan", "Suryadi",
             "Wahyudi", "Purnomo", "Utomo", "Haryanto", "Rahmawati", "Lestari"],
    "sasak": ["Hamzanwadi", "Sukri", "Muliadi", "Habibi", "Fahrurrozi", "Hariadi", "Azhari",
              "Junaidi", "Ramdani", "Safwan"],
    "betawi": ["Sudrajat", "Hermawan", "Maulana", "Firmansyah", "Ramadhan", "Kusuma", "Syahputra",
               "Nasution", "Siregar", "Simanjuntak", "Hutapea", "Situmorang", "Tanjung"],
}
OFFICE_CULTURE = {
    "purwokerto": "jawa",
    "mataram": "sasak",
    "tangerang": "betawi",
    "jakarta-timur-utara": "betawi",
}


def person_name(rng: random.Random, office_slug: str, sex: str) -> str:
    """A plausible invented full name; some cross-region names, as in real caseloads."""
    culture = OFFICE_CULTURE.get(office_slug, "jawa")
    if rng.random() < 0.2:
        culture = rng.choice(list(FAMILY))
    given = rng.choice((MALE if sex == "L" else FEMALE)[culture])
    if given in ("Lalu", "Baiq"):  # Sasak noble titles go before a given name
        given = f"{given} {rng.choice(MALE['sasak'][2:] if sex == 'L' else FEMALE['sasak'][2:])}"
    return f"{given} {rng.choice(FAMILY[culture])}"
