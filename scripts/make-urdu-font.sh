#!/usr/bin/env bash
# Rebuilds the Urdu web font the site ships (src/roznama/static/roznama/fonts/): Noto Nastaliq
# Urdu from Debian's fonts-noto-core, cut down to the characters Urdu text uses (with every
# OpenType feature kept, which Nastaliq's joining and stacking need) and packed as WOFF2.
# Needs fonttools (in the test extra) and brotli (a dependency).
#   scripts/make-urdu-font.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=/usr/share/fonts/truetype/noto
OUT=src/roznama/static/roznama/fonts
# Basic Latin punctuation and space (not the letters or digits: those come from the Latin
# fonts), the Arabic letters, marks and digits Urdu writes, Urdu's own digits, the joiners and
# direction marks, curly quotes and the ellipsis.
UNICODES="U+0020-002F,U+003A-0040,U+005B-0060,U+007B-007E,U+00A0,U+060C,U+061B,U+061F,U+0621-063A,U+0640-0652,\
U+0654-0656,U+0660-066D,U+0670,U+0679-067E,U+0686,U+0688,U+0691,U+0698,U+06A9,U+06AF,U+06BA,U+06BE,U+06C0-06C3,\
U+06CC,U+06D2-06D4,U+06F0-06F9,U+200C-200F,U+2018-201D,U+2026"
for weight in Regular Bold; do
  lower=$(echo "$weight" | tr '[:upper:]' '[:lower:]')
  .venv/bin/pyftsubset "$SRC/NotoNastaliqUrdu-$weight.ttf" --unicodes="$UNICODES" --layout-features='*' \
    --flavor=woff2 --output-file="$OUT/nastaliq-$lower.woff2"
  echo "$OUT/nastaliq-$lower.woff2: $(stat -c %s "$OUT/nastaliq-$lower.woff2") bytes"
done
