#!/bin/sh
# Static checks of the example Dockerfiles (no docker daemon here), in the
# spirit of hadolint: a pinned base image (a tag, never latest), a numeric
# USER (runAsNonRoot can verify only a number), apt-get install with
# --no-install-recommends and the lists removed in the same RUN, COPY not
# ADD for local files, no test packages in an image, and a HEALTHCHECK or a
# comment saying why there is none.
# Usage: sh tests/dockerfile_lint.sh [Dockerfile...]
set -u
files=${*:-$(ls examples/docker/Dockerfile*)}
fail=0
for f in $files; do
	case $f in *.dockerignore) continue ;; esac
	out=$(awk -v f="$f" '
	function bad(msg) { printf "%s:%d: %s\n", f, NR, msg; n++ }
	# join continuation lines into one instruction
	{ line = $0 }
	cont != "" { line = cont " " line; cont = "" }
	/\\$/ { sub(/\\$/, "", line); cont = line; next }
	/^[ \t]*#/ { if (line ~ /HEALTHCHECK/) hc = 1; next }
	{
		if (line ~ /^ARG [A-Z_]+=/) { split(line, a, /[ =]/); arg[a[2]] = substr(line, index(line, "=") + 1) }
		if (line ~ /^FROM /) {
			img = line; sub(/^FROM +/, "", img); sub(/ .*/, "", img)
			if (img ~ /^\$\{?[A-Z_]+\}?$/) { v = img; gsub(/[${}]/, "", v); img = arg[v] }
			if (img !~ /:/ || img ~ /:latest$/) bad("base image \"" img "\" is not pinned to a tag")
		}
		if (line ~ /:latest/) bad("\"latest\" tag")
		if (line ~ /^USER /) { u = line; sub(/^USER +/, "", u); user = u
			if (u !~ /^[0-9]+(:[0-9]+)?$/) bad("USER " u " is not numeric (runAsNonRoot needs a UID)") }
		if (line ~ /^ADD / && line !~ /https?:\/\//) bad("ADD of a local file: use COPY")
		if (line ~ /apt-get install/) {
			if (line !~ /--no-install-recommends/) bad("apt-get install without --no-install-recommends")
			if (line !~ /rm -rf \/var\/lib\/apt\/lists/) bad("apt-get install without removing /var/lib/apt/lists in the same RUN")
			if (line ~ /json-schema-test-suite|valgrind|shellcheck/) bad("a test package in an image")
		}
		if (line ~ /make (check|test)/) bad("tests run in the image build (build with make all)")
		if (line ~ /^HEALTHCHECK/) hc = 1
	}
	END {
		if (user == "") { printf "%s: no USER: the image runs as root\n", f; n++ }
		if (!hc) { printf "%s: no HEALTHCHECK and no comment on why\n", f; n++ }
		exit n > 0
	}' "$f")
	if [ $? -ne 0 ]; then printf '%s\n' "$out"; fail=$((fail + 1)); fi
done
if [ $fail -eq 0 ]; then echo "dockerfile lint: all passed"; else echo "dockerfile lint: $fail file(s) failed"; exit 1; fi
