"""Kecamatan and kelurahan/desa inside each founding office's territory, for invented addresses."""

from __future__ import annotations

import random

# kabupaten/kota -> kecamatan -> kelurahan/desa
PLACES: dict[str, dict[str, list[str]]] = {
    "Kabupaten Banyumas": {
        "Purwokerto Selatan": ["Tanjung", "Karangklesem", "Teluk", "Berkoh"],
        "Purwokerto Utara": ["Grendeng", "Bobosan", "Sumampir", "Pabuaran"],
        "Sokaraja": ["Sokaraja Kulon", "Sokaraja Tengah", "Pamijen"],
        "Ajibarang": ["Ajibarang Kulon", "Ajibarang Wetan", "Pancasan"],
        "Baturraden": ["Karangmangu", "Kemutug Lor", "Ketenger"],
    },
    "Kabupaten Purbalingga": {
        "Purbalingga": ["Purbalingga Lor", "Kandanggampang", "Penambongan"],
        "Kalimanah": ["Kalimanah Wetan", "Karangmanyar", "Blater"],
        "Bobotsari": ["Bobotsari", "Banjarsari", "Gandasuli"],
    },
    "Kabupaten Banjarnegara": {
        "Banjarnegara": ["Kutabanjarnegara", "Parakancanggah", "Semarang"],
        "Purwareja Klampok": ["Klampok", "Kalilandak", "Purwareja"],
    },
    "Kabupaten Cilacap": {
        "Cilacap Tengah": ["Gunungsimping", "Sidakaya", "Tegalreja"],
        "Majenang": ["Majenang", "Cilopadang", "Pahonjean"],
        "Kroya": ["Kroya", "Bajing", "Pekuncen"],
    },
    "Kota Mataram": {
        "Ampenan": ["Ampenan Selatan", "Dayan Peken", "Kebon Sari"],
        "Cakranegara": ["Cakranegara Barat", "Sayang-Sayang", "Cilinaya"],
        "Sekarbela": ["Karang Pule", "Kekalik Jaya", "Tanjung Karang"],
        "Selaparang": ["Rembiga", "Karang Baru", "Dasan Agung"],
    },
    "Kabupaten Lombok Barat": {
        "Gerung": ["Gerung Utara", "Dasan Geres", "Taman Ayu"],
        "Narmada": ["Lembuak", "Sembung", "Gerimax Indah"],
        "Labuapi": ["Bengkel", "Perampuan", "Karang Bongkot"],
    },
    "Kabupaten Lombok Tengah": {
        "Praya": ["Praya", "Leneng", "Gonjak"],
        "Pujut": ["Kuta", "Sengkol", "Mertak"],
        "Jonggat": ["Ubung", "Puyung", "Bonjeruk"],
    },
    "Kabupaten Lombok Timur": {
        "Selong": ["Pancor", "Sandubaya", "Kelayu Jorong"],
        "Masbagik": ["Masbagik Utara", "Kumbang", "Danger"],
    },
    "Kabupaten Lombok Utara": {
        "Tanjung": ["Tanjung", "Sokong", "Medana"],
        "Pemenang": ["Pemenang Barat", "Gili Indah", "Malaka"],
    },
    "Kota Tangerang": {
        "Tangerang": ["Sukarasa", "Sukasari", "Babakan", "Cikokol"],
        "Cipondoh": ["Cipondoh Indah", "Poris Plawad", "Ketapang"],
        "Karawaci": ["Karawaci Baru", "Nusa Jaya", "Pabuaran Tumpeng"],
        "Batuceper": ["Batuceper", "Poris Gaga", "Kebon Besar"],
        "Periuk": ["Periuk Jaya", "Gebang Raya", "Sangiang Jaya"],
    },
    "Kabupaten Tangerang": {
        "Tigaraksa": ["Tigaraksa", "Kadu Agung", "Pasir Bolang"],
        "Balaraja": ["Balaraja", "Sentul", "Saga"],
        "Pasar Kemis": ["Sukaasih", "Kutabaru", "Suka Mantri"],
        "Teluknaga": ["Teluknaga", "Babakan Asem", "Kampung Melayu Timur"],
    },
    "Kota Tangerang Selatan": {
        "Ciputat": ["Ciputat", "Cipayung", "Serua"],
        "Pamulang": ["Pamulang Barat", "Benda Baru", "Pondok Cabe Udik"],
        "Serpong": ["Cilenggang", "Lengkong Gudang", "Rawa Mekar Jaya"],
    },
    "Kota Administrasi Jakarta Timur": {
        "Cakung": ["Cakung Barat", "Pulo Gebang", "Penggilingan", "Rawa Terate"],
        "Pulo Gadung": ["Cipinang", "Jatinegara Kaum", "Rawamangun"],
        "Duren Sawit": ["Klender", "Pondok Kopi", "Malaka Sari"],
        "Kramat Jati": ["Cililitan", "Batu Ampar", "Dukuh"],
        "Jatinegara": ["Bidara Cina", "Kampung Melayu", "Cipinang Besar Utara"],
    },
    "Kota Administrasi Jakarta Utara": {
        "Tanjung Priok": ["Sunter Agung", "Papanggo", "Kebon Bawang"],
        "Koja": ["Tugu Utara", "Lagoa", "Rawabadak Utara"],
        "Cilincing": ["Kalibaru", "Semper Barat", "Marunda"],
        "Penjaringan": ["Pluit", "Penjaringan", "Kamal Muara"],
        "Kelapa Gading": ["Kelapa Gading Barat", "Pegangsaan Dua"],
    },
    "Kabupaten Administrasi Kepulauan Seribu": {
        "Kepulauan Seribu Utara": ["Pulau Kelapa", "Pulau Harapan", "Pulau Panggang"],
        "Kepulauan Seribu Selatan": ["Pulau Tidung", "Pulau Pari", "Pulau Untung Jawa"],
    },
}

STREETS = [
    "Jl. Merdeka",
    "Jl. Melati",
    "Jl. Kenanga",
    "Jl. Masjid",
    "Gg. Mawar",
    "Jl. Pasar",
    "Jl. Raya",
    "Gg. Kelapa",
    "Jl. Pahlawan",
    "Jl. Sawo",
    "Gg. Haji Naim",
    "Jl. Cempaka",
]


def address_in(rng: random.Random, territory: list[str]) -> dict[str, str]:
    """An invented street address inside one of the office's kabupaten/kota."""
    known = [t for t in territory if t in PLACES]
    kabupaten = rng.choice(known or territory)
    kecamatan, kelurahan_list = rng.choice(list(PLACES.get(kabupaten, {"-": ["-"]}).items()))
    return {
        "street": f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}, RT {rng.randint(1, 12):02d}"
        f"/RW {rng.randint(1, 9):02d}",
        "kelurahan": rng.choice(kelurahan_list),
        "kecamatan": kecamatan,
        "kabupaten": kabupaten,
    }
