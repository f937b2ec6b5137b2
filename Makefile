# modls — the language server for Powerpipe mods.
#
#   make run    build modls and print the index summary of the example mod
#   make test   everything CI checks: gofmt, go vet, go test -race
#   make bench  index vs eager-parse figures on the corpus and generated mods,
#               the server's latencies, the database's catalog (docs/benchmarks.md)

GO        ?= go
BIN       ?= bin/modls
EXAMPLE   ?= examples/acme
FUZZTIME  ?= 60s
FUZZMIN   ?= 5s
FUZZPROTO ?= 200x
BENCHTIME ?= 5x
N         ?= 10000
OUT       ?= /tmp/modls-gen-$(N)

.PHONY: all build run test lint fmt vet bench fuzz soak gen clean install

all: build

build:
	$(GO) build -o $(BIN) ./cmd/modls

run: build
	./$(BIN) index $(EXAMPLE)

test: lint
	$(GO) test -race -count=1 ./...

lint: vet
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) tool staticcheck ./...
	@# Dead code: nothing unreachable even from the tests, and nothing
	@# unreachable from the binary but what .deadcode-test-only names (the
	@# test helper packages, exports other packages' tests use).
	@out=$$($(GO) tool deadcode -test ./...); \
	if [ -n "$$out" ]; then echo "dead code:"; echo "$$out"; exit 1; fi
	@out=$$($(GO) tool deadcode ./... | grep -v -E -f .deadcode-test-only); \
	if [ -n "$$out" ]; then echo "used only by tests (delete, move into a _test.go file, or add to .deadcode-test-only):"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

# bench prints, per mod, the index time, the eager hclsyntax.ParseConfig time
# and their ratio, and the retained heap of each; then the server's latencies
# and memory measured through the protocol (see docs/benchmarks.md).
bench:
	$(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) -count 1 ./index/ ./parse/ ./cache/
	$(GO) test -run '^$$' -bench BenchmarkProtocol -benchtime 1x -count 1 -timeout 20m ./lsp/
	$(GO) test -run '^$$' -bench BenchmarkCheck -benchtime 3x -count 1 ./cmd/modls/
	$(GO) test -run '^$$' -bench 'BenchmarkCatalog' -benchtime 5x -count 1 ./catalog/ ./db/
	$(GO) test -run '^$$' -bench BenchmarkSQLCatalogCompletion -benchtime 1x -count 1 ./lsp/

# fuzz runs every fuzz target for FUZZTIME each: a duration (60s) or an
# execution count (30000x). CI uses a count: Go 1.26's fuzz coordinator can
# fail a duration-bounded run with a bare "context deadline exceeded" at the
# deadline (go.dev/issue/75804, fixed in Go 1.27), and a count sets no deadline.
# FUZZMIN bounds how long a new input is minimized. FuzzProtocol starts a
# server per input (a few executions a second): with a count it takes
# FUZZPROTO instead.
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; \
	    t=$(FUZZTIME); case "$$f:$$t" in FuzzProtocol:*x) t=$(FUZZPROTO);; esac; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $$t -fuzzminimizetime $(FUZZMIN) $$pkg || exit 1; \
	  done; \
	done

# soak runs the long hardening checks: randomized editing sessions for SOAK
# on each mod (TestRandomSessions), then the binary under 1,000 requests a
# second of mixed kinds for SOAK_SECONDS on the 50k mod (BenchmarkLoad).
SOAK         ?= 10m
SOAK_SECONDS ?= 30
soak:
	MODLS_SOAK=$(SOAK) $(GO) test -run 'TestRandomSessions' -count 1 -timeout 3h ./lsp/
	LOAD_SECONDS=$(SOAK_SECONDS) $(GO) test -run '^$$' -bench BenchmarkLoad -benchtime 1x -count 1 -timeout 30m ./cmd/modls/

# gen writes a synthetic mod of N resources to OUT.
gen:
	$(GO) run ./internal/modgen/cmd/genmod -n $(N) -o $(OUT)

clean:
	rm -rf bin dist

# REPOSITORY is the project's address: the one place that the install
# instructions (README) and the binary's links (SARIF informationUri and the
# rules' helpUri, set by install) take it from. The module path
# github.com/modls/modls does not name a public copy of this project, so
# `go install github.com/modls/modls/cmd/modls@latest` fails: install from a
# clone with `make install`.
REPOSITORY ?= https://github.com/modls/modls

# install builds modls from this clone into GOBIN (default: GOPATH/bin, as
# go install does) and says where it went.
install:
	$(GO) install -ldflags "-X main.version=$(MODLS_VERSION) -X main.repository=$(REPOSITORY)" ./cmd/modls
	@bin=$$($(GO) env GOBIN); [ -n "$$bin" ] || bin=$$($(GO) env GOPATH)/bin; \
	echo "installed $$bin/modls: $$($$bin/modls version)"; \
	case ":$$PATH:" in *":$$bin:"*) ;; *) echo "add $$bin to PATH to run modls";; esac

# The VS Code extension (editors/vscode). vsix builds dist/modls-linux-x64.vsix
# with the linux-x64 modls inside; vsix-all one .vsix per platform of
# VSIX_TARGETS (VS Code's names); vsix-TARGET just that one. The build for
# this machine's platform links libpg_query (cgo) for SQL syntax checks;
# cross builds have no C toolchain here and go without (hover says so). vscode-test runs
# the extension's tests (grammar, unit, package). Node and npm are needed;
# node_modules is installed from package-lock.json when missing or older.
VSCODE_DIR    ?= editors/vscode
VSIX_TARGETS  ?= linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64
MODLS_VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: vsix vsix-all vscode-test

vsix: vsix-linux-x64

vsix-all: $(addprefix vsix-,$(VSIX_TARGETS))

vsix-%: $(VSCODE_DIR)/node_modules/.package-lock.json
	@goos=$$(echo $* | cut -d- -f1 | sed 's/^win32$$/windows/'); \
	goarch=$$(echo $* | cut -d- -f2 | sed 's/^x64$$/amd64/; s/^armhf$$/arm/'); \
	exe=; [ "$$goos" = windows ] && exe=.exe; \
	set -e; rm -rf $(VSCODE_DIR)/bin; \
	cgo=0; [ "$$goos/$$goarch" = "$$($(GO) env GOOS)/$$($(GO) env GOARCH)" ] && cgo=1; \
	echo "go build modls for $$goos/$$goarch (cgo=$$cgo: SQL syntax checks need it)"; \
	CGO_ENABLED=$$cgo GOOS=$$goos GOARCH=$$goarch $(GO) build -trimpath -ldflags "-s -w -X main.version=$(MODLS_VERSION)" \
	  -o $(VSCODE_DIR)/bin/$*/modls$$exe ./cmd/modls; \
	mkdir -p dist; \
	cd $(VSCODE_DIR) && node scripts/package.mjs --target $* --out $(CURDIR)/dist/modls-$*.vsix

vscode-test: $(VSCODE_DIR)/node_modules/.package-lock.json
	cd $(VSCODE_DIR) && npm test

$(VSCODE_DIR)/node_modules/.package-lock.json: $(VSCODE_DIR)/package-lock.json
	cd $(VSCODE_DIR) && npm ci --no-audit --no-fund
