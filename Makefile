# Ducha: `make demo` runs the main job, `make test` runs every test.
# Each target first installs the Debian packages a fresh machine lacks.

SWIFT ?= swift
PACKAGES := pkg-config liblua5.4-dev libedit-dev libsqlite3-dev libseccomp-dev lua-check tmux python3 libcurl4
BENCH_PACKAGES := hyperfine lua5.4 lua-sql-sqlite3 sqlite3 time
RELEASE_FLAGS := -c release --static-swift-stdlib
DEBUG_BINARY := .build/debug/ducha
RELEASE_BINARY := .build/release/ducha

.PHONY: all build release test demo bench packages bench-packages clean

all: build

# Installs the Debian packages in $(1) that are missing (apt-get as root, sudo otherwise).
define install_missing
	@missing=""; for package in $(1); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

packages:
	$(call install_missing,$(PACKAGES))

bench-packages: packages
	$(call install_missing,$(BENCH_PACKAGES))

build: packages
	$(SWIFT) build

release: packages
	$(SWIFT) build $(RELEASE_FLAGS)

LUA_SOURCES := Scripts Plugins Benchmarks/lua Sources/DuchaScripting/Resources Sources/LuaKit/Resources Sources/DuchaShell/Resources

test: packages
	luacheck --no-color --config Scripts/.luacheckrc $(LUA_SOURCES)
	$(SWIFT) build --build-tests
	$(SWIFT) test

DEMO_WORKSPACE := .build/demo-workspace

demo: build
	rm -rf $(DEMO_WORKSPACE)
	$(DEBUG_BINARY) init $(DEMO_WORKSPACE) --sample yiyang-2021
	$(DEBUG_BINARY) report overview --workspace $(DEMO_WORKSPACE) --format table

bench: bench-packages release
	Benchmarks/run $(RELEASE_BINARY)

clean:
	rm -rf .build
