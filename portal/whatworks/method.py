"""The method and its limits in plain words, for the page and the workbook alike."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.whatworks.stats import MIN_GROUP


def method_paragraphs() -> list[str]:
    return [
        _(
            "Siapa yang dihitung. Klien terlatih adalah klien yang hadir dalam pelatihan, "
            "dihitung sekali per kelompok menurut hari pertama sesi pertama yang ia hadiri "
            "(tahun kohort). Hasilnya diukur dari hari itu: penempatan kerja atau magang "
            "dalam 12 bulan; bekerja atau berwirausaha menurut catatan status kerja yang "
            "paling dekat dengan 6 bulan kemudian; tindak pidana baru sampai akhir masa "
            "bimbingan di kantor ini; dan tindak pidana baru dalam 12 bulan sesudah "
            'bimbingan selesai. Hasil yang jendelanya belum lewat ditulis "jendela belum '
            'lewat" dan tidak dihitung.'
        ),
        _(
            "Kelompok pembanding. Untuk tiap klien terlatih dicari klien dari kantor yang sama "
            "yang berada dalam bimbingan pada triwulan yang sama dan tidak mengikuti "
            "pelatihan apa pun dari 4 bulan sebelumnya sampai 8 bulan sesudahnya, dengan ciri "
            "yang sama persis: jenis kelamin, kategori (dewasa/anak), kelompok umur (di bawah "
            "18, 18–29, 30 ke atas), perkara narkotika atau bukan, program integrasi dari "
            "Lapas/Rutan atau putusan pengadilan, lama dalam bimbingan (kurang atau lebih "
            "dari 6 bulan) dan bekerja sebelum dipidana. Klien pembanding diukur dari "
            "pertengahan triwulan itu."
        ),
        _(
            "Mengapa cara ini. Pencocokan persis pada ciri yang dikelompokkan (coarsened "
            "exact matching) dipilih karena sederhana dijelaskan, tidak acak (data yang sama "
            "selalu memberi hasil yang sama), dapat dihitung ulang di atas kertas, dan "
            "hasil kantor-kantor dapat dijumlahkan menjadi angka wilayah dan nasional. Dalam "
            "tiap kelompok ciri, klien pembanding diberi bobot jumlah terlatih dibagi jumlah "
            "pembanding, sehingga tingkat pembanding mengikuti susunan kelompok terlatih. "
            'Klien terlatih tanpa pembanding dengan ciri yang sama dihitung sebagai "tidak '
            'cocok" dan tidak ikut dibandingkan.'
        ),
        _(
            "Ketidakpastian. Selisih tingkat terlatih dikurangi tingkat pembanding diberi "
            "selang kepercayaan 95%% menurut Newcombe (gabungan selang Wilson kedua tingkat); "
            "tingkat pembanding memakai ukuran efektif kelompok pembanding (Kish), yang lebih "
            "kecil bila sedikit pembanding mewakili banyak terlatih. Klien pembanding yang "
            "dipakai di beberapa kelompok membuat selang itu sedikit terlalu sempit. Selisih "
            "hanya ditunjukkan bila sedikitnya %(n)s klien terlatih cocok dan hasilnya "
            "diketahui (batas yang dipakai Justice Data Lab Kementerian Kehakiman Inggris); "
            "angka 1–4 disembunyikan seperti di seluruh portal.",
            n=MIN_GROUP,
        ),
        _(
            "Keseimbangan. Tabel keseimbangan membandingkan rata-rata ciri klien terlatih dan "
            "pembanding sebelum dan sesudah pencocokan dengan selisih baku (selisih rata-rata "
            "dibagi simpangan baku gabungan). Di bawah 0,1 dianggap seimbang; umur dan lama "
            "bimbingan dibandingkan dalam tahun dan bulan, sehingga sisa perbedaan di dalam "
            "kelompok umur dan lama bimbingan tetap terlihat."
        ),
        _(
            "Batasnya. Ini pengamatan, bukan percobaan: siapa yang ditawari pelatihan tidak "
            "diundi. PK memilih klien menurut minat, kebutuhan dan perilakunya, dan hal-hal "
            "itu dapat mempengaruhi hasil tanpa tercatat dalam berkas. Karena itu selisih "
            "yang terlihat menunjukkan apa yang menyertai pelatihan, belum tentu apa yang "
            "disebabkannya. Hasil hanya sebaik catatannya: pekerjaan yang tidak dicatat dan "
            "tindak pidana yang tidak dilaporkan ke kantor tidak terlihat. Klien yang pindah "
            "diikuti selama masa bimbingannya di kantor asal saja."
        ),
    ]
