# dossier: build the example dossier, check it, test the engine.
GO       ?= go
# The captured articles the example's quotes are verified against. They are
# not part of the repository; when the folder is missing, builds still work
# and say the quotes were not re-verified.
CAPTURES ?= $(wildcard ../shared/seeds)
CAPFLAG  := $(if $(CAPTURES),-captures $(CAPTURES))
# How long make fuzz runs each fuzz target, and how long it may spend making
# each new input smaller (go test's default, 60s, leaves FuzzBuild, which
# builds a whole site per input, idle for most of its run).
FUZZTIME ?= 10m
FUZZMINIMIZETIME ?= 10s

.PHONY: all build open check test e2e bench bench-hugo fuzz vet clean

all: check test

build: ## build the example dossier into build/
	$(GO) run ./cmd/dossier build $(CAPFLAG)

open: build ## build, then open build/index.html in a browser
	@xdg-open build/index.html 2>/dev/null || open build/index.html 2>/dev/null || echo "open build/index.html in your browser"

check: ## check the example dossier, writing nothing
	$(GO) run ./cmd/dossier check $(CAPFLAG) $(if $(CAPTURES),-strict)

# GORACE: a binary built with -race sleeps a second before it exits; the
# CLI scripts run hundreds of them. gotestsum (a Go tool dependency in
# go.mod) runs go test and prints each package as it finishes, where go
# test alone holds every line back until the slowest package before it in
# name order is done; a failing test's output is printed whole.
test: vet ## unit, integration and CLI tests, with the race detector (pages render concurrently)
	GORACE=atexit_sleep_ms=0 $(GO) tool gotestsum --format pkgname-and-test-fails --format-hide-empty-pkg -- -race ./...

e2e: e2e/node_modules ## browser, validator and accessibility tests (needs Debian's chromium; see .ci/run)
	$(GO) test -tags e2e -count=1 ./e2e/...

e2e/node_modules: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	@touch $@

bench: ## benchmarks, 6 runs each, for benchstat
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./...

# The side-by-side build against Hugo: a synthetic dossier of CLAIMS claims and
# a Hugo site of as many pages, whole processes, interleaved, medians. Needs
# hugo (Debian: apt-get install hugo) and ../shared/bench beside the clone.
CLAIMS ?= 10000
RUNS   ?= 5
bench-hugo: ## dossier vs Hugo on CLAIMS synthetic pages (default 10000), RUNS runs each
	$(GO) run ./cmd/benchhugo -claims $(CLAIMS) -runs $(RUNS)

# Every fuzz target, found in the packages' tests, one after another (go test
# fuzzes one target at a time). A target that finds a failure writes it to
# its package's testdata/fuzz/ and the others still run; make fails at the end.
fuzz: ## run every fuzz target for FUZZTIME each (default 10m)
	@status=0; \
	for dir in $$($(GO) list -f '{{.Dir}}' ./...); do \
		for fn in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$dir/*_test.go 2>/dev/null); do \
			echo "$$fn in $$dir, for $(FUZZTIME)"; \
			(cd $$dir && $(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) .) || status=1; \
		done; \
	done; \
	exit $$status

# Formatting, go vet, and actionlint on .github/workflows (a Go tool
# dependency in go.mod; it also runs shellcheck on run: scripts when
# shellcheck is installed).
vet:
	gofmt -l . | (! grep .) || (echo "gofmt needed on the files above" && false)
	$(GO) vet ./...
	$(GO) vet -tags e2e ./e2e/
	$(GO) tool actionlint

clean:
	rm -rf build
