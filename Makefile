# The two commands of the README: `make run` and `make test`. Everything is
# built by CMake; this file only installs what is missing and drives it.
REPO     ?= $(CURDIR)
PREFIX   ?= /usr/local
JOBS     ?= $(shell nproc)
BUILD    := build/release
ASAN     := build/asan
FUZZ_SECONDS ?= 20

.PHONY: all deps test-deps build asan run test install fuzz format clean

all: build

deps:
	@sh scripts/deps.sh

test-deps:
	@sh scripts/deps.sh --test

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=$(PREFIX) -DTG_TESTS=OFF

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/terragon discover --repo-path "$(REPO)"

# The suite runs twice: on a Release build (-O3, the flags `make build`
# ships) with the tests on, and on a Debug build under ASan + UBSan.
test: test-deps
	cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=Release -DTG_TESTS=ON -DTG_SANITIZE=OFF
	cmake --build build/test -j $(JOBS)
	cd build/test && ctest --output-on-failure -j $(JOBS)
	cmake -S . -B $(ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTG_SANITIZE=ON
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# Every harness in fuzz/ for FUZZ_SECONDS each. UBSan halts on its first
# report, so undefined behaviour fails the run instead of scrolling past.
fuzz: test-deps
	cmake -S . -B build/fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DTG_FUZZ=ON -DTG_TESTS=OFF
	cmake --build build/fuzz -j $(JOBS)
	@for f in build/fuzz/fuzz/fuzz_*; do \
		[ -x "$$f" ] || continue; n=$$(basename $$f); mkdir -p fuzz/corpus-$$n; \
		echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
		if UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 $$f -max_total_time=$(FUZZ_SECONDS) \
			-max_len=65536 fuzz/corpus-$$n fuzz/seeds/$${n#fuzz_} >build/fuzz/$$n.log 2>&1; \
		then tail -n 2 build/fuzz/$$n.log; \
		else tail -n 40 build/fuzz/$$n.log; echo "fuzz: $$n failed (build/fuzz/$$n.log)"; exit 1; fi; \
	done

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build
