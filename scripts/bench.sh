#!/bin/sh
# bench.sh reruns the comparison set of BENCHMARKS.md and prints its
# benchstat tables. Every benchmark runs with -cpu 1 (the logon ones also at
# -cpu 2), COUNT times (6 unless set), beside its copy baseline in the same
# run; OUT is where the raw results go (a new temporary directory unless
# set), and BASE an earlier OUT to compare with.
#
#	scripts/bench.sh
#	COUNT=10 OUT=/tmp/after BASE=/tmp/before scripts/bench.sh
set -eu
cd "$(dirname "$0")/.."
count=${COUNT:-6}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
echo "results in $out" >&2
if ! command -v benchstat >/dev/null 2>&1; then
	# Outside the module, so that go.mod does not change.
	(cd / && go install golang.org/x/perf/cmd/benchstat@latest)
	PATH=$PATH:$(go env GOPATH)/bin
fi

run() {
	name=$1
	shift
	echo "== $name: go test $* -run '^\$' -benchmem -count $count" >&2
	go test "$@" -run '^$' -benchmem -count "$count" >"$out/$name.txt"
}

uptime >"$out/load.txt"
run codec ./codec -cpu 1 -bench '^Benchmark(CopyVsCopy|BadASCII|LogonRequestEncode|LogonRequestDecode|LogonPrivateResponseDecode|LogonRedirectDecode|DecoderStrings|WalkResponses|AppendRPCPayload|DecodeRPCPayloads)$'
run lz77 ./lz77 -cpu 1 -bench .
run logon ./logon -cpu 1,2 -bench '^Benchmark(RedirectCacheHit|RateBudget)$'
run client ./logon -cpu 1 -bench '^BenchmarkClientLogon$'
run errors ./errors -cpu 1 -bench .
uptime >>"$out/load.txt"

for name in codec lz77 logon client errors; do
	echo "## $name"
	if [ -n "${BASE:-}" ]; then
		benchstat "$BASE/$name.txt" "$out/$name.txt"
	else
		benchstat "$out/$name.txt"
	fi
done
