"""The duas the hub shows: Arabic, with English and Urdu translations written for Roznama.

Ashras (tens of days): mercy (1-10), forgiveness (11-20), refuge from the Fire (21 to the
end of the month).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dua:
    key: str
    title_en: str
    title_ur: str
    arabic: str
    english: str
    urdu: str

    def title(self, lang: str) -> str:
        return self.title_ur if lang == "ur" else self.title_en

    def translation(self, lang: str) -> str:
        return self.urdu if lang == "ur" else self.english


SEHRI = Dua(
    "sehri",
    "Intention for the fast (at sehri)",
    "سحری: روزے کی نیت",
    "وَبِصَوْمِ غَدٍ نَّوَيْتُ مِنْ شَهْرِ رَمَضَانَ",
    "I intend to keep tomorrow's fast of the month of Ramadan.",
    "میں نے ماہِ رمضان کے کل کے روزے کی نیت کی۔",
)

IFTAR = Dua(
    "iftar",
    "Dua at iftar",
    "افطار کی دعا",
    "اللَّهُمَّ إِنِّي لَكَ صُمْتُ وَبِكَ آمَنْتُ وَعَلَيْكَ تَوَكَّلْتُ وَعَلَى رِزْقِكَ أَفْطَرْتُ",
    "O Allah, for You I fasted, in You I believe, in You I put my trust, and with Your provision I break my fast.",
    "اے اللہ! میں نے تیرے لیے روزہ رکھا، تجھ پر ایمان لایا، تجھ پر بھروسہ کیا اور تیرے دیے ہوئے رزق سے افطار کیا۔",
)

LAYLAT_AL_QADR = Dua(
    "qadr",
    "Dua for the odd nights (Laylat al-Qadr)",
    "طاق راتوں کی دعا (شبِ قدر)",
    "اللَّهُمَّ إِنَّكَ عَفُوٌّ تُحِبُّ الْعَفْوَ فَاعْفُ عَنِّي",
    "O Allah, You pardon and You love to pardon, so pardon me.",
    "اے اللہ! تو معاف کرنے والا ہے اور معاف کرنا پسند کرتا ہے، پس مجھے معاف فرما۔",
)


@dataclass(frozen=True)
class Ashra:
    number: int
    first_day: int
    last_day: int  # 30 for the third: it ends with the month
    name_en: str
    name_ur: str
    dua: Dua

    def name(self, lang: str) -> str:
        return self.name_ur if lang == "ur" else self.name_en


ASHRAS = (
    Ashra(
        1,
        1,
        10,
        "First Ashra: Mercy",
        "پہلا عشرہ: رحمت",
        Dua(
            "ashra1",
            "Dua of the first Ashra",
            "پہلے عشرے کی دعا",
            "رَبِّ اغْفِرْ وَارْحَمْ وَأَنْتَ خَيْرُ الرَّاحِمِينَ",
            "My Lord, forgive and have mercy, for You are the best of those who show mercy.",
            "اے میرے رب! بخش دے اور رحم فرما، تو سب سے بہتر رحم فرمانے والا ہے۔",
        ),
    ),
    Ashra(
        2,
        11,
        20,
        "Second Ashra: Forgiveness",
        "دوسرا عشرہ: مغفرت",
        Dua(
            "ashra2",
            "Dua of the second Ashra",
            "دوسرے عشرے کی دعا",
            "أَسْتَغْفِرُ اللَّهَ رَبِّي مِنْ كُلِّ ذَنْبٍ وَأَتُوبُ إِلَيْهِ",
            "I ask Allah, my Lord, to forgive every sin, and I turn to Him in repentance.",
            "میں اللہ سے، جو میرا رب ہے، ہر گناہ کی معافی مانگتا ہوں اور اسی کی طرف رجوع کرتا ہوں۔",
        ),
    ),
    Ashra(
        3,
        21,
        30,
        "Third Ashra: Refuge from the Fire",
        "تیسرا عشرہ: جہنم سے نجات",
        Dua(
            "ashra3",
            "Dua of the third Ashra",
            "تیسرے عشرے کی دعا",
            "اللَّهُمَّ أَجِرْنِي مِنَ النَّارِ",
            "O Allah, save me from the Fire.",
            "اے اللہ! مجھے جہنم کی آگ سے بچا۔",
        ),
    ),
)


def ashra_of(fast: int) -> Ashra:
    if not 1 <= fast <= 30:
        raise ValueError(f"a fast is numbered 1-30, not {fast}")
    return ASHRAS[min((fast - 1) // 10, 2)]
