"""Country Hijri calendars: what each country declared, and how the rest is predicted.

``declared`` reads the shipped month starts (one JSON file a country), ``rules`` says how
a country predicts the months it has not declared, ``sightings`` holds the crescent
figures on the evenings the prediction looks at (precomputed, shipped compressed), and
``names`` spells months and digits per locale.  ``miqat.hijri`` puts them together.
"""
