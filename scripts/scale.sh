#!/usr/bin/env bash
# Scale: `vrc check` on a 1,000,000-row CSV (about 70 MB) and on a
# 100,000-row one drawn from the same ~2,000 distinct products, reporting the
# maximum resident set size and the wall time of each. Memory should follow
# the distinct items, not the rows: see BENCHMARKS.md, "Scale".
#
#   scripts/scale.sh                 # build the release CLI, generate, measure
#   VRC=/path/to/vrc scripts/scale.sh    # measure another build of vrc
#   SCALE_FORMATS="csv json table" scripts/scale.sh
#   SCALE_INPUT=stdin scripts/scale.sh   # pipe the file in: streamed as a file is
#
# Not part of `cargo test`: it takes a few seconds and writes ~80 MB under
# target/scale (SCALE_DIR to change).
set -euo pipefail

cd "$(dirname "$0")/.."
dir=${SCALE_DIR:-target/scale}
formats=${SCALE_FORMATS:-csv}
input=${SCALE_INPUT:-file}
mkdir -p "$dir"

if [[ -z ${VRC:-} ]]; then
    cargo build --release -p vrc-cli --quiet
    VRC=target/release/vrc
fi

# The inventories: a fixed pseudo-random mix (seed 3) of ~2,000 distinct
# products (publisher, name, version), each row on its own machine, as an
# SCCM or Intune export of every installation would be. Some rows are
# Kaspersky, Huawei, Hikvision and a misspelt Kaspresky (a possible match).
python3 - "$dir" <<'PY'
import os, random, sys

out = sys.argv[1]
rng = random.Random(3)
flagged = [
    ("AO Kaspersky Lab", "Kaspersky Endpoint Security for Windows", ["11.10.0.399", "11.11.0.452", "12.3.0.493"]),
    ("Kaspresky Lab", "Kaspresky Anti-Virus", ["21.3"]),
    ("Huawei Technologies Co., Ltd.", "HUAWEI PC Manager", ["13.0.1.320", "14.0.1.330"]),
    ("Huawei Device Co., Ltd.", "HiSuite", ["11.0.0.530"]),
    ("Hangzhou Hikvision Digital Technology Co., Ltd.", "iVMS-4200", ["3.9.1.4"]),
]
common = [
    ("Microsoft Corporation", "Microsoft Edge"),
    ("Microsoft Corporation", "Microsoft 365 Apps for enterprise - en-gb"),
    ("Microsoft Corporation", "Microsoft Teams"),
    ("Mozilla", "Mozilla Firefox (x64 en-GB)"),
    ("Google LLC", "Google Chrome"),
    ("Adobe Inc.", "Adobe Acrobat Reader DC"),
    ("Igor Pavlov", "7-Zip 23.01 (x64)"),
    ("Notepad++ Team", "Notepad++ (64-bit x64)"),
    ("Zoom Video Communications, Inc.", "Zoom"),
    ("Oracle Corporation", "Java 8 Update 381"),
]
words = ["Asset", "Backup", "Client", "Connector", "Desk", "Agent", "Viewer",
         "Studio", "Sync", "Print", "Scan", "Report", "Portal", "Driver", "Suite"]
products = []
for publisher, name, versions in flagged:
    products += [(publisher, name, v) for v in versions]
for publisher, name in common:
    products += [(publisher, name, f"{rng.randint(1, 130)}.{rng.randint(0, 9)}.{rng.randint(0, 999)}") for _ in range(8)]
while len(products) < 2000:
    n = len(products)
    publisher = f"Contoso Software {n % 150:03d} Ltd"
    name = f"Contoso {rng.choice(words)} {rng.choice(words)} {n}"
    products.append((publisher, name, f"{rng.randint(1, 20)}.{rng.randint(0, 9)}"))
# Popular products first: rank r is drawn with weight 1 / (r + 10).
weights = [1 / (r + 10) for r in range(len(products))]

def quote(cell):
    return f'"{cell}"' if "," in cell or '"' in cell else cell

for rows in (100_000, 1_000_000):
    path = os.path.join(out, f"inventory-{rows}.csv")
    rng.seed(rows)
    picks = rng.choices(range(len(products)), weights=weights, k=rows)
    with open(os.path.join(out, f"inventory-{rows}.distinct"), "w") as f:
        f.write(f"{len(set(picks))}\n")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("ComputerName,DisplayName,DisplayVersion,Publisher,InstallDate\r\n")
        for i, p in enumerate(picks):
            publisher, name, version = products[p]
            date = f"2023{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            f.write(f"WS-{i // 40:06d},{quote(name)},{version},{quote(publisher)},{date}\r\n")
PY

context=(--jurisdiction UK --sector central-government --classification SECRET --as-of 2024-06-01)
echo "vrc: $VRC; input: $input"
printf '%-8s %-6s %8s %9s %11s %7s %7s\n' rows format "file MB" distinct "max RSS MB" "wall s" "CPU s"
for rows in 100000 1000000; do
    file="$dir/inventory-$rows.csv"
    bytes=$(stat -c %s "$file")
    for format in $formats; do
        log="$dir/time-$rows-$format.txt"
        status=0
        if [[ $input == stdin ]]; then
            /usr/bin/time -v "$VRC" check - "${context[@]}" --format "$format" \
                <"$file" >/dev/null 2>"$log" || status=$?
        else
            /usr/bin/time -v "$VRC" check "$file" "${context[@]}" --format "$format" \
                >/dev/null 2>"$log" || status=$?
        fi
        if [[ $status -ne 0 && $status -ne 1 ]]; then
            cat "$log" >&2
            exit "$status"
        fi
        rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
        seconds=$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
        user=$(awk -F': ' '/User time/ {print $2}' "$log")
        system=$(awk -F': ' '/System time/ {print $2}' "$log")
        distinct=$(cat "$dir/inventory-$rows.distinct")
        awk -v rows="$rows" -v format="$format" -v bytes="$bytes" -v distinct="$distinct" \
            -v rss="$rss_kb" -v s="$seconds" -v cpu="$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')" 'BEGIN {
                printf "%-8s %-6s %8.1f %9s %11.1f %7.2f %7.2f\n", rows, format,
                    bytes / 1048576, distinct, rss / 1024, s, cpu
            }'
    done
done
