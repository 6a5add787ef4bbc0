#!/usr/bin/env bash
# Long property-test run (tests/sifat.rs): each property alone, one thread,
# with its own case count, timed. FAKTOR=1 (default) takes about 10 minutes
# on a shared 2-core machine (dev profile, dependencies at opt-level 1);
# FAKTOR=3 about 30 minutes. Prints a Markdown table for docs/keandalan.md.
# Usage: FAKTOR=3 tools/sifat-panjang.sh
# MENIT=30: each property is run again and again (its case count per run,
# times FAKTOR; every run draws a fresh random seed) until it has run for 30
# minutes; the table gives the runs and cases in total. SIFAT=NAME runs only
# the properties whose name contains NAME (to run several in parallel).
set -euo pipefail
cd "$(dirname "$0")/.."
faktor=${FAKTOR:-1}
bin=$(cargo test --test sifat --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import sys,json
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]=="sifat" and m.get("executable"): print(m["executable"])' | tail -1)
echo "| sifat | kasus | waktu | hasil |"
echo "|---|---|---|---|"
menit=${MENIT:-0}
while read -r nama kasus; do
  case "$nama" in *"${SIFAT:-}"*) ;; *) continue ;; esac
  n=$((kasus * faktor))
  mulai=$(date +%s)
  putaran=0
  hasil=lulus
  while :; do
    if ! PROPTEST_CASES=$n "$bin" --exact "$nama" --test-threads 1 >/tmp/sifat-$nama.log 2>&1; then
      hasil="GAGAL (/tmp/sifat-$nama.log)"
      break
    fi
    putaran=$((putaran + 1))
    [ $(( $(date +%s) - mulai )) -lt $((menit * 60)) ] || break
  done
  if [ "$menit" -gt 0 ]; then
    printf '| `%s` | %s × %s = %s | %s s | %s |\n' "$nama" "$putaran" "$n" "$((putaran * n))" "$(( $(date +%s) - mulai ))" "$hasil"
  else
    printf '| `%s` | %s | %s s | %s |\n' "$nama" "$n" "$(( $(date +%s) - mulai ))" "$hasil"
  fi
done <<'DAFTAR'
pengurai_angka_tidak_pernah_panik 1000000
angka_indonesia_dibaca_kembali 500000
yaml_apa_pun_tidak_membuat_panik 500000
yaml_sampel_yang_dirusak_tidak_membuat_panik 50000
buku_kerja_yang_dirusak_tidak_membuat_panik 12000
buku_kerja_xls_dan_ods_yang_dirusak_tidak_membuat_panik 10000
pdf_yang_dirusak_tidak_membuat_panik_saat_lampiran_dibaca 5000
DAFTAR
