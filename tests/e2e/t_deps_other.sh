#!/usr/bin/env bash
# terragon deps on the Go, crates.io, Maven, RubyGems, Packagist and NuGet
# files: what each lockfile and manifest holds, joined per directory; a
# malformed file is named with its line and the others go on; hostile XML
# and a parent pom outside the repository are refused.
. "$(dirname "$0")/lib.sh"
D="$TG_SOURCE_DIR/tests/data/deps"
R="$T/r"

mkdir -p "$R/go/local" "$R/rust/crates/cli" "$R/java/app" "$R/ruby" "$R/php" "$R/dotnet/App"
cat >"$R/go/go.mod" <<'MOD'
module example.com/svc

go 1.22.0

toolchain go1.22.5

require (
	github.com/gin-gonic/gin v1.9.0
	golang.org/x/net v0.17.0 // indirect
	example.com/local v0.0.0
)

replace example.com/local => ./local
MOD
cat >"$R/go/go.sum" <<'SUM'
github.com/gin-gonic/gin v1.8.0 h1:stale=
github.com/gin-gonic/gin v1.9.0 h1:ginhash=
github.com/gin-gonic/gin v1.9.0/go.mod h1:ginmod=
golang.org/x/net v0.17.0 h1:nethash=
golang.org/x/text v0.13.0 h1:texthash=
SUM
cp "$D/crates/Cargo.lock" "$R/rust/Cargo.lock"
printf '[workspace]\nmembers = ["crates/*"]\n[workspace.dependencies]\nserde = "1.0"\n' >"$R/rust/Cargo.toml"
printf '[package]\nname = "cli"\nversion = "0.1.0"\n[dependencies]\nserde.workspace = true\ntokio = { git = "https://github.com/tokio-rs/tokio" }\n[dev-dependencies]\nsyn = "1"\n' \
  >"$R/rust/crates/cli/Cargo.toml"
cp "$D/maven/parent/pom.xml" "$R/java/pom.xml"
cp "$D/maven/parent/app/pom.xml" "$R/java/app/pom.xml"
cp "$D/maven/gradle.lockfile" "$R/java/gradle.lockfile"
cp "$D/rubygems/Gemfile.lock" "$R/ruby/Gemfile.lock"
cp "$D/packagist/composer.lock" "$R/php/composer.lock"
cp "$D/nuget/packages.lock.json" "$R/dotnet/App/packages.lock.json"
printf '<Project Sdk="Microsoft.NET.Sdk">\n<ItemGroup>\n<PackageReference Include="Newtonsoft.Json" Version="13.0.1" />\n<PackageReference Include="Serilog" />\n</ItemGroup>\n</Project>\n' \
  >"$R/dotnet/App/App.csproj"
printf '<Project>\n<ItemGroup>\n<PackageVersion Include="Serilog" Version="3.0.1" />\n</ItemGroup>\n</Project>\n' \
  >"$R/dotnet/Directory.Packages.props"
make_repo "$R"

test_case 'each lockfile is listed with versions, scope, direct, file:line and hashes' <<'CASE'
expect_exit 0 "$TERRAGON" deps "$R" --format csv
# go.sum joined with go.mod: direct from go.mod, the stale v1.8.0 left out,
# the local replace and the toolchain from go.mod
expect_grep '^Go,github.com/gin-gonic/gin,v1.9.0,,pkg:golang/github.com/gin-gonic/gin@v1.9.0,direct,runtime,registry,go/go.sum,2,h1:ginhash=,$' "$T/out"
expect_no_grep 'gin,v1.8.0' "$T/out"
expect_grep '^Go,golang.org/x/net,v0.17.0,.*,transitive,runtime,registry,go/go.sum,4,' "$T/out"
expect_grep '^Go,golang.org/x/text,v0.13.0,.*,transitive,' "$T/out"
expect_grep '^Go,example.com/local,,,pkg:golang/example.com/local,direct,runtime,path,go/go.mod,13,' "$T/out"
expect_grep '^Go,stdlib,v1.22.5,.*,go/go.mod,5,' "$T/out"
# Cargo.lock joined with the workspace member's Cargo.toml
expect_grep '^crates.io,serde,1.0.190,.*,direct,runtime,registry,rust/Cargo.lock,28,sha256:91d3c3' "$T/out"
expect_grep '^crates.io,syn,1.0.109,.*,direct,dev,registry,rust/Cargo.lock,' "$T/out"
expect_grep '^crates.io,proc-macro2,1.0.69,.*,transitive,.*serde > serde_derive > proc-macro2$' "$T/out"
expect_grep '^crates.io,tokio,1.33.0,.*,git,rust/Cargo.lock,' "$T/out"
# Maven: the parent's property and managed version, test scope as dev
expect_grep '^Maven,com.fasterxml.jackson.core:jackson-databind,2.15.2,,pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2,direct,runtime,registry,java/app/pom.xml,16,' "$T/out"
expect_grep '^Maven,junit:junit,4.13.2,.*,dev,registry,java/gradle.lockfile,6,' "$T/out"
expect_grep '^Maven,org.slf4j:slf4j-api,2.0.9,.*,java/app/pom.xml,21,' "$T/out"
# RubyGems, Packagist, NuGet
expect_grep '^RubyGems,racc,1.7.3,.*,transitive,runtime,registry,ruby/Gemfile.lock,.*,nokogiri > racc$' "$T/out"
expect_grep '^RubyGems,activesupport,7.2.0.alpha,.*,direct,runtime,git,' "$T/out"
expect_grep '^Packagist,psr/http-message,2.0,.*,guzzlehttp/guzzle > guzzlehttp/psr7 > psr/http-message$' "$T/out"
expect_grep '^Packagist,phpunit/phpunit,10.4.2,.*,dev,' "$T/out"
expect_grep '^NuGet,newtonsoft.json,13.0.1,,pkg:nuget/Newtonsoft.Json@13.0.1,direct,runtime,registry,dotnet/App/packages.lock.json,5,sha512-ppPF' "$T/out"
expect_grep '^NuGet,system.text.encodings.web,4.7.2,.*,transitive,.*,Serilog > System.Text.Encodings.Web$' "$T/out"
# an unknown property: a warning, the version unknown
expect_grep 'java/app/pom.xml:53: version \$\{not.defined\}' "$T/err"
expect_grep '^Maven,org.unknown:mystery,,,pkg:maven/org.unknown/mystery,direct,' "$T/out"
CASE

test_case 'json gives the same records, with hashes as a list' <<'CASE'
expect_exit 0 "$TERRAGON" deps "$R" --format json
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
by = {(x["ecosystem"], x["name"], x["version"]): x for x in d["dependencies"]}
g = by[("Go", "github.com/gin-gonic/gin", "v1.9.0")]
assert g["hashes"] == ["h1:ginhash="] and g["direct"] is True, g
assert by[("crates.io", "serde_derive", "1.0.190")]["via"] == "serde > serde_derive"
assert ("Go", "github.com/gin-gonic/gin", "v1.8.0") not in by
PY
CASE

test_case 'a malformed file is named with its line, and the others go on' <<'CASE'
cp -r "$R" "$T/bad"
printf 'GEM\n  specs:\n    rack (3.0.8\n' >"$T/bad/ruby/Gemfile.lock"
printf 'module m\nrequire (\n' >"$T/bad/go/go.mod"
expect_exit 1 "$TERRAGON" deps "$T/bad" --format csv
expect_grep 'ruby/Gemfile.lock:3: expected "name \(version\)"' "$T/err"
expect_grep 'go/go.mod:2: require block not closed' "$T/err"
expect_grep '^Packagist,guzzlehttp/guzzle,7.8.0,' "$T/out"
expect_grep '^crates.io,serde,1.0.190,' "$T/out"
CASE

test_case 'hostile XML and a parent pom outside the repository read nothing from outside' <<'CASE'
mkdir -p "$T/h/repo/x" "$T/h/outside"
echo TOPSECRET >"$T/h/secret.txt"
printf '<project><groupId>g</groupId><artifactId>p</artifactId><properties><v>TOPSECRET</v></properties></project>\n' \
  >"$T/h/outside/pom.xml"
printf '<project>\n<parent><groupId>g</groupId><artifactId>p</artifactId><relativePath>../../outside/pom.xml</relativePath></parent>\n<dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>${v}</version></dependency></dependencies>\n</project>\n' \
  >"$T/h/repo/x/pom.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY s SYSTEM "file://%s">]>\n<Project><ItemGroup><PackageReference Include="A" Version="&s;"/></ItemGroup></Project>\n' \
  "$T/h/secret.txt" >"$T/h/repo/x/X.csproj"
make_repo "$T/h/repo"
expect_exit 1 "$TERRAGON" deps "$T/h/repo" --format csv
expect_grep 'x/X.csproj:2: a DOCTYPE is refused' "$T/err"
expect_grep 'x/pom.xml:2: parent pom not read: .*escapes the repository' "$T/err"
expect_grep '^Maven,a:b,,,' "$T/out"
expect_no_grep TOPSECRET "$T/out"
expect_no_grep TOPSECRET "$T/err"
CASE

done_testing
