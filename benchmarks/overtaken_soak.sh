#!/usr/bin/env bash
# Readers overtaken by a writer (issue 16): `herdex search` processes loop
# while `herdex index --batch 1` commits every document, and every search
# that fails is counted by its exit code. Xapian 1.4's glass can report a
# reader overtaken by two commits as DatabaseCorruptError ("Expected block
# 351 to be level 1, not 0"); herdex must retry it (store/database.h,
# read_retrying()), so no search may exit 5 on this healthy database.
#
# usage: benchmarks/overtaken_soak.sh HERDEX INPUT [SECONDS] [READERS]
#   HERDEX   the herdex binary (build/cli/herdex)
#   INPUT    what the writer indexes, e.g. ../shared/data/imdb/imdb_test.jsonl.gz
#   SECONDS  how long (default 60); READERS search loops (default 4)
# Prints searches, failures per exit code, the messages of exit 5, and
# xapian-check's verdict after; exits 1 if any search exited 5.
set -u
herdex=$1
input=$2
seconds=${3:-60}
readers=${4:-4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/db
here=$(cd "$(dirname "$0")/.." && pwd)

"$herdex" index "$here/corpus" --db "$db" --no-progress >/dev/null || exit 2
end=$((SECONDS + seconds))
timeout "$seconds" "$herdex" index "$input" --db "$db" --batch 1 --no-progress \
  >"$work/writer.out" 2>&1 &
writer=$!

queries=("act*" "th*" "great movie" "st* OR co*" "\"special effects\"")
for ((r = 0; r < readers; r++)); do
  (
    n=0
    while ((SECONDS < end)); do
      "$herdex" search --db "$db" --limit 20 "${queries[$(((n + r) % 5))]}" \
        >/dev/null 2>"$work/err.$r"
      rc=$?
      n=$((n + 1))
      echo "$rc" >>"$work/codes.$r"
      if ((rc == 5)); then head -c 300 "$work/err.$r" >>"$work/damaged"; fi
    done
  ) &
done
wait $(jobs -p | grep -v "^$writer\$")
wait "$writer"

searches=$(cat "$work"/codes.* | wc -l)
echo "searches: $searches in ${seconds}s with $readers readers under a --batch 1 writer"
echo "exit codes (count code):"
sort -n "$work"/codes.* | uniq -c
if [[ -s $work/damaged ]]; then
  echo "exit 5 messages:"
  sort "$work/damaged" | uniq -c | head -20
fi
if command -v xapian-check >/dev/null; then
  xapian-check "$db" >/dev/null 2>&1 && echo "xapian-check: passes" || echo "xapian-check: FAILS"
fi
[[ ! -s $work/damaged ]]
