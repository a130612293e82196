#!/bin/sh
# bench.sh reruns the comparison set of BENCHMARKS.md and prints its
# benchstat tables: the ratios to the baselines measured beside each
# operation (x-copy, x-string, x-package, x-typed, x-plain) and the
# allocations, or for the logon and errors packages, which have no copy
# baseline, the time per operation. Every benchmark runs with -cpu 1 (the logon ones also
# at -cpu 2), COUNT times (6 unless set), beside its baselines in the same
# run. The RPC_HEADER_EXT framing runs in a process of its own (see
# BENCHMARKS.md). OUT is where the raw results go (a new temporary
# directory unless set), with the load before and after; BASE is an earlier
# OUT to compare with.
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
run codec ./codec -cpu 1 -bench '^Benchmark(CopyVsCopy|BadASCII|LogonRequestEncode|LogonRequestDecode|LogonPrivateResponseDecode|LogonRedirectDecode|DecoderStrings|WalkResponses)$'
run rpc ./codec -cpu 1 -bench '^Benchmark(AppendRPCPayload|DecodeRPCPayloads)$'
run lz77 ./lz77 -cpu 1 -bench .
run logon ./logon -cpu 1,2 -bench '^Benchmark(RedirectCacheHit|RateBudget)$'
run client ./logon -cpu 1 -bench '^BenchmarkClientLogon$'
run errors ./errors -cpu 1 -bench .
uptime >>"$out/load.txt"

ratios='.unit:(x-copy OR x-string OR x-package OR x-typed OR x-plain OR allocs/op OR B/op OR ns/response OR ratio)'
for name in codec rpc lz77 logon client errors; do
	filter=$ratios
	if [ "$name" = logon ] || [ "$name" = errors ]; then
		filter='.unit:(sec/op OR allocs/op)'
	fi
	echo "## $name"
	if [ -n "${BASE:-}" ]; then
		benchstat -filter "$filter" "$BASE/$name.txt" "$out/$name.txt"
	else
		benchstat -filter "$filter" "$out/$name.txt"
	fi
done
echo "## load (uptime before and after)"
cat "$out/load.txt"
