#!/bin/sh
# Writes terragon(1) in troff to stdout from the binary's own help, so the
# manual and the option tables cannot drift apart. Usage: manpage.sh TERRAGON
set -eu
tg=$1
version=$("$tg" version | cut -d' ' -f2)
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/" -e 's/^-/\\-/'; }
cat <<EOF2
.TH TERRAGON 1 "" "terragon $version" "User Commands"
.SH NAME
terragon \- turn a git repository into a ranked, evidence-backed backlog of the work most worth doing next
.SH SYNOPSIS
.B terragon
.I COMMAND
[\fIoptions\fR]
.SH DESCRIPTION
terragon harvests signals from a repository (complexity, churn hotspots, secrets and
risky patterns, imported analyzer results and coverage), scores each item with WSJF,
ICE and technical debt with interest, keeps their history in an SQLite store, and
reports value-metrics.json, BACKLOG.md and SARIF.
.SH COMMANDS
EOF2
"$tg" help | sed -n '/^Commands:/,/^$/p' | sed '1d;/^$/d' | while read -r name summary; do
  printf '.TP\n.B %s\n%s\n' "$name" "$(echo "$summary" | esc)"
done
for name in $("$tg" help | sed -n '/^Commands:/,/^$/p' | sed '1d;/^$/d' | awk '{print $1}'); do
  printf '.SS "terragon %s"\n.nf\n' "$name"
  "$tg" "$name" --help | esc
  printf '.fi\n'
done
cat <<'EOF2'
.SH EXIT STATUS
0 success (skipped inputs are listed in the summary); 1 a gate or threshold failed, or
health found something unhealthy; 2 bad usage or configuration; 3 the run itself failed
(store locked past its wait, push rejected, API down). \-\-strict turns a skipped input into 3.
.SH ENVIRONMENT
TERRAGON_<SECTION>__<KEY> sets any configuration key (TERRAGON_EXECUTION__DRY_RUN=false);
precedence: flags, environment, .terragon/config.yaml, defaults. NO_COLOR.
TERRAGON_GITHUB_TOKEN, GH_TOKEN or GITHUB_TOKEN for pull requests (never read from a file).
.SH FILES
.TP
.I .terragon/config.yaml
the configuration (terragon init writes a commented one)
.TP
.I .terragon/terragon.db
the store: runs, items and their state changes
.TP
.I value-metrics.json, BACKLOG.md
the outputs of terragon discover, at the repository root
EOF2
