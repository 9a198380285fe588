# Sourced by the lookup scripts (read-fixed-rate, reads-during-writes), after ../shared/bench/common.sh; run from the
# repository root with onefold-benchmarks/target/benchmarks.jar built.
#
# load_customers N DATA_DIR: HttpLoad's customers 0..N-1 into a fresh data directory, each once — its CRM record
# (email and phone) from CustomerRecords, the bodies HttpLoad's upserts send — through `onefold ingest` with the
# omnichannel template and rules (examples/retail), plus the bench-admin client (ingest creates the organization,
# so the server's first-start bootstrap does not). Why not a warm-up of HttpLoad upserts instead: their Zipf draw
# reaches the rarest of 100,000 customers about once per million upserts, so lookups would keep finding nothing;
# and not `onefold generate`'s data, whose emails are not the ones HttpLoad's upserts write.
load_customers() {
  local n=$1 data=$2
  java -cp onefold-benchmarks/target/benchmarks.jar io.onefold.benchmarks.http.CustomerRecords "$n" >"$data.crm.ndjson" \
    || { echo "CustomerRecords failed"; return 1; }
  ./onefold ingest --data "$data" --template examples/retail/omnichannel-template.json --rules examples/retail/omnichannel-rules.json \
    --progress none "$data.crm.ndjson" >"$data.ingest.log" 2>&1 || { echo "ingest failed: $(tail -3 "$data.ingest.log")"; return 1; }
  ./onefold clients create --data "$data" --id bench-admin --secret bench-admin-secret-0123456789 --permissions Read,Write,Admin >/dev/null 2>&1 \
    || { echo "clients create failed"; return 1; }
}

# need_benchmarks_jar: the jar HttpLoad and CustomerRecords run from, built in this worktree.
need_benchmarks_jar() {
  [[ -f onefold-benchmarks/target/benchmarks.jar ]] && return 0
  echo "no onefold-benchmarks/target/benchmarks.jar: mvn -B -o -q -pl onefold-benchmarks -am package -DskipTests"; exit 1
}
