#include "analyze/lang.h"

#include "analyze/lang_table_int.h"
#include "util/hashmap.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

/*
 * The table. Adding a language is adding an entry here (and a test): nothing
 * else in terragon switches on a language's syntax. Entries are cloc's
 * names; ids are the index, assigned once at first use.
 */
static struct tg_lang table[] = {
        {.name = "C",
         .extensions = LIST("c", "ec", "pgc"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = S_C,
         .keywords = KW_CPP,
         .ops = OPS_C},
        {.name = "C/C++ Header",
         .extensions = LIST("h", "H", "hh", "hpp", "hxx", "h++"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = S_C,
         .flags = TG_LANG_RAW_CPP,
         .keywords = KW_CPP,
         .ops = OPS_C},
        {.name = "C++",
         .extensions =
                 LIST("C", "cc", "cpp", "cxx", "c++", "cppm", "ixx", "ipp", "inl", "tcc", "tpp"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = S_C,
         .flags = TG_LANG_RAW_CPP,
         .keywords = KW_CPP,
         .ops = OPS_C},
        {.name = "Objective-C",
         .extensions = LIST("m"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = S_C,
         .keywords = KW_CPP,
         .ops = OPS_C},
        {.name = "Objective-C++",
         .extensions = LIST("mm"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = S_C,
         .flags = TG_LANG_RAW_CPP,
         .keywords = KW_CPP,
         .ops = OPS_C},
        {.name = "C#",
         .extensions = LIST("cs", "csx"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {{"\"\"\"", "\"\"\"", ML},
                     {"@\"", "\"", ML | DBL},
                     {"@$\"", "\"", ML | DBL},
                     {"$@\"", "\"", ML | DBL},
                     S_DQ,
                     S_CHAR},
         .keywords = KW_C,
         .ops = OPS(OP_AND_OR, {"??", 1}, {"?.", 0}, {"?[", 0}, {"?", 1})},
        {.name = "Java",
         .extensions = LIST("java"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {{"\"\"\"", "\"\"\"", ESC | ML}, S_DQ, S_CHAR},
         .keywords = KW_C,
         .ops = OPS_C},
        {.name = "Kotlin",
         .extensions = LIST("kt", "kts"),
         .line = LC_SLASH,
         .block = BC_C_NEST,
         .strings = {{"\"\"\"", "\"\"\"", ML}, S_DQ, S_CHAR},
         .keywords = LIST("if", "for", "while", "catch", "when"),
         .ops = OPS(OP_AND_OR, {"?:", 1}, {"?.", 0}, {"?", 0})},
        {.name = "Scala",
         .extensions = LIST("scala", "sc"),
         .line = LC_SLASH,
         .block = BC_C_NEST,
         .strings = {{"\"\"\"", "\"\"\"", ML}, S_DQ, S_CHAR},
         .keywords = LIST("if", "for", "while", "case", "catch", "do"),
         .ops = OPS_C},
        {.name = "Groovy",
         .extensions = LIST("groovy", "gvy"),
         .interpreters = LIST("groovy"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {{"\"\"\"", "\"\"\"", ESC | ML}, {"'''", "'''", ESC | ML}, S_DQ, S_SQ},
         .keywords = KW_C,
         .ops = OPS(OP_AND_OR, {"?:", 1}, {"?.", 0}, {"?", 1})},
        {.name = "Gradle",
         .extensions = LIST("gradle"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {{"\"\"\"", "\"\"\"", ESC | ML}, {"'''", "'''", ESC | ML}, S_DQ, S_SQ},
         .keywords = KW_C,
         .ops = OPS(OP_AND_OR, {"?:", 1}, {"?.", 0}, {"?", 1})},
        {.name = "Go",
         .extensions = LIST("go"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {{"`", "`", ML}, S_DQ, S_CHAR},
         .keywords = LIST("if", "for", "case"),
         .ops = OPS_ANDOR},
        {.name = "Rust",
         .extensions = LIST("rs"),
         .line = LC_SLASH,
         .block = BC_C_NEST,
         .strings = {S_DQ_ML, S_CHAR},
         .flags = TG_LANG_RAW_RUST,
         .keywords = LIST("if", "for", "while", "match", "where"),
         .ops = OPS_C},
        {.name = "Swift",
         .extensions = LIST("swift"),
         .line = LC_SLASH,
         .block = BC_C_NEST,
         .strings = {{"\"\"\"", "\"\"\"", ESC | ML}, S_DQ},
         .keywords = LIST("if", "for", "while", "case", "catch", "guard"),
         .ops = OPS(OP_AND_OR, {"??", 0}, {"?.", 0}, {"?", 1})},
        {.name = "Dart",
         .extensions = LIST("dart"),
         .line = LC_SLASH,
         .block = BC_C_NEST,
         .strings = {{"\"\"\"", "\"\"\"", ESC | ML}, {"'''", "'''", ESC | ML}, S_DQ, S_SQ},
         .keywords = KW_C,
         .ops = OPS(OP_AND_OR, {"??", 1}, {"?.", 0}, {"?", 1})},
        {.name = "JavaScript",
         .extensions = LIST("js", "mjs", "cjs"),
         .interpreters = LIST("node", "nodejs"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {{"`", "`", ESC | ML}, S_DQ, S_SQ},
         .keywords = KW_C,
         .ops = OPS(OP_AND_OR, {"??", 1}, {"?.", 0}, {"?", 1})},
        {.name = "JSX",
         .extensions = LIST("jsx"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {{"`", "`", ESC | ML}, S_DQ, S_SQ},
         .keywords = KW_C,
         .ops = OPS(OP_AND_OR, {"??", 1}, {"?.", 0}, {"?", 1})},
        {.name = "TypeScript",
         .extensions = LIST("ts", "mts", "cts", "tsx"),
         .interpreters = LIST("ts-node", "deno"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {{"`", "`", ESC | ML}, S_DQ, S_SQ},
         .keywords = KW_C,
         .ops = OPS(OP_AND_OR, {"??", 1}, {"?.", 0}, {"?", 1})},
        {.name = "Python",
         .extensions = LIST("py", "pyw", "pyi"),
         .filenames = LIST("SConstruct", "SConscript", "wscript"),
         .interpreters = LIST("python", "pypy"),
         .line = LC_HASH,
         .strings =
                 {{"\"\"\"", "\"\"\"", ESC | ML | DOC}, {"'''", "'''", ESC | ML | DOC}, S_DQ, S_SQ},
         .keywords = LIST("if", "elif", "for", "while", "except", "finally", "and", "or", "case")},
        {.name = "Cython",
         .extensions = LIST("pyx", "pxd", "pxi"),
         .line = LC_HASH,
         .strings =
                 {{"\"\"\"", "\"\"\"", ESC | ML | DOC}, {"'''", "'''", ESC | ML | DOC}, S_DQ, S_SQ},
         .keywords = LIST("if", "elif", "for", "while", "except", "finally", "and", "or", "case")},
        {.name = "Ruby",
         .extensions = LIST("rb", "rake", "gemspec", "ru", "rbw"),
         .filenames = LIST("Rakefile", "Gemfile", "Guardfile", "Vagrantfile", "Podfile"),
         .interpreters = LIST("ruby", "jruby"),
         .line = LC_HASH,
         .block = {{"=begin", "=end", 0, TG_AT_COL0}},
         .strings = {S_DQ_ML, S_SQ_ML, {"`", "`", ESC | ML}},
         .flags = TG_LANG_HEREDOC,
         .ident_extra = "?!",
         .keywords = LIST("if", "elsif", "until", "for", "while", "rescue", "ensure", "when", "and",
                          "or"),
         .ops = OPS_C},
        {.name = "Perl",
         .extensions = LIST("pl", "pm", "perl", "ph", "plx"),
         .interpreters = LIST("perl"),
         .line = {{"#", TG_AT_WORD}},
         .block = {{"=", "=cut", 0, TG_AT_COL0}},
         .strings = {S_DQ_ML, S_SQ_ML},
         .flags = TG_LANG_HEREDOC,
         .keywords = LIST("if", "elsif", "unless", "until", "for", "foreach", "while", "and", "or"),
         .ops = OPS_C},
        {.name = "PHP",
         .extensions = LIST("php", "phtml", "php3", "php4", "php5"),
         .interpreters = LIST("php"),
         .line = {{"//", TG_AT_ANY}, {"#", TG_AT_ANY}},
         .block = BC_C,
         .strings = {S_DQ_ML, S_SQ_ML},
         .flags = TG_LANG_HEREDOC,
         .keywords = LIST("if", "elseif", "for", "foreach", "while", "catch", "match", "case"),
         .ops = OPS(OP_AND_OR, {"??", 0}, {"?->", 0}, {"?:", 0}, {"?>", 0}, {"<?", 0}, {"?", 1})},
        {.name = "Lua",
         .extensions = LIST("lua"),
         .interpreters = LIST("lua", "luajit"),
         .line = LC_DASH,
         .block = {{"--[[", "]]", 0, TG_AT_ANY}},
         .strings = {{"[[", "]]", ML}, S_DQ, S_SQ},
         .keywords = LIST("if", "elseif", "for", "while", "until", "and", "or")},
#define SHELL_SYNTAX                                                                               \
	.line = {{"#", TG_AT_WORD}}, .strings = {S_DQ_ML, {"'", "'", ML}, {"`", "`", ESC | ML}},   \
	.flags = TG_LANG_HEREDOC | TG_LANG_HEREDOC_SPACE,                                          \
	.keywords = LIST("if", "elif", "for", "while", "until", "case"), .ops = OPS_ANDOR
        {.name = "Bourne Shell",
         .extensions = LIST("sh"),
         .interpreters = LIST("sh", "dash", "ash"),
         SHELL_SYNTAX},
        {.name = "Bourne Again Shell",
         .extensions = LIST("bash"),
         .filenames = LIST(".bashrc", ".bash_profile", ".bash_logout"),
         .interpreters = LIST("bash"),
         SHELL_SYNTAX},
        {.name = "zsh", .extensions = LIST("zsh"), .interpreters = LIST("zsh"), SHELL_SYNTAX},
        {.name = "Korn Shell",
         .extensions = LIST("ksh"),
         .interpreters = LIST("ksh", "mksh", "pdksh"),
         SHELL_SYNTAX},
        {.name = "Fish Shell",
         .extensions = LIST("fish"),
         .interpreters = LIST("fish"),
         SHELL_SYNTAX},
        {.name = "make",
         .extensions = LIST("mk", "mak", "make"),
         .filenames = LIST("Makefile", "makefile", "GNUmakefile", "Kbuild"),
         .interpreters = LIST("make"),
         .line = LC_HASH,
         .keywords = LIST("ifeq", "ifneq", "ifdef", "ifndef")},
        {.name = "CMake",
         .extensions = LIST("cmake"),
         .filenames = LIST("CMakeLists.txt"),
         .line = LC_HASH,
         .block = {{"#[[", "]]", 0, TG_AT_ANY}},
         .strings = {S_DQ_ML},
         .flags = TG_LANG_NOCASE,
         .keywords = LIST("if", "elseif", "foreach", "while")},
        {.name = "Dockerfile",
         .extensions = LIST("dockerfile"),
         .filenames = LIST("Dockerfile", "Containerfile", "dockerfile"),
         .line = {{"#", TG_AT_BOL}},
         .strings = {S_DQ}},
        {.name = "YAML",
         .extensions = LIST("yaml", "yml"),
         .line = {{"#", TG_AT_WORD}},
         .strings = {S_DQ, {"'", "'", DBL}}},
        {.name = "JSON",
         .extensions = LIST("json", "jsonc", "json5", "geojson", "webmanifest"),
         .filenames = LIST(".babelrc", ".eslintrc", "composer.lock"),
         .strings = {S_DQ}},
        {.name = "TOML",
         .extensions = LIST("toml"),
         .filenames = LIST("Cargo.lock", "Pipfile"),
         .line = LC_HASH,
         .strings = {{"\"\"\"", "\"\"\"", ESC | ML}, {"'''", "'''", ML}, S_DQ, {"'", "'", 0}}},
        {.name = "INI", .extensions = LIST("ini"), .line = {{";", TG_AT_BOL}, {"#", TG_AT_BOL}}},
        {.name = "XML",
         .extensions = LIST("xml", "xsd", "xsl", "xslt", "plist", "rss", "wsdl", "xaml", "csproj",
                            "vcxproj", "props", "targets", "nuspec", "resx"),
         .block = BC_HTML},
        {.name = "SVG", .extensions = LIST("svg"), .block = BC_HTML},
        {.name = "HTML", .extensions = LIST("html", "htm", "xhtml", "shtml"), .block = BC_HTML},
        {.name = "Markdown",
         .extensions = LIST("md", "markdown", "mdown", "mkd", "mkdn"),
         .block = BC_HTML},
        {.name = "CSS", .extensions = LIST("css"), .block = BC_C, .strings = {S_DQ, S_SQ}},
        {.name = "SCSS",
         .extensions = LIST("scss"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {S_DQ, S_SQ},
         .keywords = LIST("if", "for", "each", "while")},
        {.name = "LESS",
         .extensions = LIST("less"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {S_DQ, S_SQ}},
        {.name = "Sass", .extensions = LIST("sass"), .line = LC_SLASH, .block = BC_C},
        {.name = "SQL",
         .extensions = LIST("sql", "psql", "ddl", "dml"),
         .line = LC_DASH,
         .block = BC_C,
         .strings = {{"'", "'", ML | DBL}, {"\"", "\"", DBL}},
         .flags = TG_LANG_NOCASE,
         .keywords = LIST("if", "elsif", "case", "when", "while", "loop", "and", "or")},
        {.name = "Haskell",
         .extensions = LIST("hs", "hsc"),
         .interpreters = LIST("runhaskell", "runghc"),
         .line = LC_DASH,
         .block = {{"{-", "-}", 1, TG_AT_ANY}},
         .strings = {S_DQ, S_CHAR},
         .ident_extra = "'",
         .keywords = LIST("if", "case"),
         .ops = OPS(OP_AND_OR)},
        {.name = "Elm",
         .extensions = LIST("elm"),
         .line = LC_DASH,
         .block = {{"{-", "-}", 1, TG_AT_ANY}},
         .strings = {{"\"\"\"", "\"\"\"", ESC | ML}, S_DQ, S_CHAR},
         .ident_extra = "'",
         .keywords = LIST("if", "case"),
         .ops = OPS(OP_AND_OR)},
        {.name = "Erlang",
         .extensions = LIST("erl", "hrl", "escript"),
         .interpreters = LIST("escript"),
         .line = LC_PCT,
         .strings = {S_DQ_ML, S_SQ},
         .keywords = LIST("if", "case", "catch", "when", "andalso", "orelse")},
        {.name = "Elixir",
         .extensions = LIST("ex", "exs"),
         .interpreters = LIST("elixir"),
         .line = LC_HASH,
         .strings = {{"\"\"\"", "\"\"\"", ESC | ML}, {"'''", "'''", ESC | ML}, S_DQ_ML, S_SQ_ML},
         .ident_extra = "?!",
         .keywords = LIST("if", "unless", "cond", "case", "when", "rescue", "catch", "and", "or"),
         .ops = OPS_ANDOR},
#define LISP_SYNTAX                                                                                \
	.line = LC_SEMI, .block = {{"#|", "|#", 1, TG_AT_ANY}}, .strings = {S_DQ_ML},              \
	.ident_extra = "-?!*+<>=/:",                                                               \
	.keywords = LIST("if", "when", "unless", "cond", "case", "and", "or")
        {.name = "Clojure", .extensions = LIST("clj", "cljc", "edn"), LISP_SYNTAX},
        {.name = "ClojureScript", .extensions = LIST("cljs"), LISP_SYNTAX},
        {.name = "Lisp",
         .extensions = LIST("lisp", "lsp", "el"),
         .interpreters = LIST("sbcl"),
         LISP_SYNTAX},
        {.name = "Scheme",
         .extensions = LIST("scm", "ss", "sld", "rkt"),
         .interpreters = LIST("guile", "racket"),
         LISP_SYNTAX},
        {.name = "OCaml",
         .extensions = LIST("ml", "mli", "mll", "mly"),
         .interpreters = LIST("ocaml"),
         .block = {{"(*", "*)", 1, TG_AT_ANY}},
         .strings = {S_DQ_ML, S_CHAR},
         .ident_extra = "'",
         .keywords = LIST("if", "for", "while", "when"),
         .ops = OPS_ANDOR},
        {.name = "F#",
         .extensions = LIST("fs", "fsi", "fsx"),
         .line = LC_SLASH,
         .block = {{"(*", "*)", 1, TG_AT_ANY}},
         .strings = {{"\"\"\"", "\"\"\"", ML}, S_DQ_ML, S_CHAR},
         .ident_extra = "'",
         .keywords = LIST("if", "elif", "for", "while", "when"),
         .ops = OPS_ANDOR},
        {.name = "R",
         .extensions = LIST("r", "R", "Rprofile"),
         .interpreters = LIST("Rscript"),
         .line = LC_HASH,
         .strings = {S_DQ_ML, S_SQ_ML},
         .keywords = LIST("if", "for", "while", "repeat"),
         .ops = OPS_ANDOR},
        {.name = "Julia",
         .extensions = LIST("jl"),
         .interpreters = LIST("julia"),
         .line = LC_HASH,
         .block = {{"#=", "=#", 1, TG_AT_ANY}},
         .strings = {{"\"\"\"", "\"\"\"", ESC | ML}, S_DQ_ML, S_CHAR},
         .ident_extra = "!",
         .keywords = LIST("if", "elseif", "for", "while", "catch"),
         .ops = OPS_C},
        {.name = "Zig",
         .extensions = LIST("zig"),
         .line = LC_SLASH,
         .strings = {{"\\\\", "\n", 0}, S_DQ, S_CHAR},
         .keywords = LIST("if", "for", "while", "catch", "orelse", "and", "or")},
        {.name = "D",
         .extensions = LIST("d", "di"),
         .line = LC_SLASH,
         .block = {{"/+", "+/", 1, TG_AT_ANY}, {"/*", "*/", 0, TG_AT_ANY}},
         .strings = {S_DQ_ML, {"`", "`", ML}, S_CHAR},
         .keywords = KW_C,
         .ops = OPS_C},
        {.name = "Fortran 90",
         .extensions = LIST("f90"),
         .line = {{"!", TG_AT_ANY}},
         .strings = {{"\"", "\"", DBL}, {"'", "'", DBL}},
         .flags = TG_LANG_NOCASE,
         .keywords = LIST("if", "do", "case", "where")},
        {.name = "Fortran 95",
         .extensions = LIST("f95", "f03", "f08"),
         .line = {{"!", TG_AT_ANY}},
         .strings = {{"\"", "\"", DBL}, {"'", "'", DBL}},
         .flags = TG_LANG_NOCASE,
         .keywords = LIST("if", "do", "case", "where")},
        {.name = "Pascal",
         .extensions = LIST("pas", "dpr", "lpr", "dfm"),
         .line = LC_SLASH,
         .block = {{"{", "}", 0, TG_AT_ANY}, {"(*", "*)", 0, TG_AT_ANY}},
         .strings = {{"'", "'", DBL}},
         .flags = TG_LANG_NOCASE,
         .keywords = LIST("if", "for", "while", "repeat", "case", "except", "and", "or")},
        {.name = "Assembly",
         .extensions = LIST("s", "S", "asm", "nasm"),
         .line = {{";", TG_AT_ANY}, {"//", TG_AT_ANY}, {"#", TG_AT_BOL}},
         .block = BC_C,
         .strings = {S_DQ}},
        {.name = "Device Tree",
         .extensions = LIST("dts", "dtsi"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {S_DQ}},
        {.name = "Protocol Buffers",
         .extensions = LIST("proto"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {S_DQ, S_SQ}},
        {.name = "HCL",
         .extensions = LIST("tf", "hcl", "tfvars", "nomad"),
         .line = {{"#", TG_AT_ANY}, {"//", TG_AT_ANY}},
         .block = BC_C,
         .strings = {S_DQ},
         .flags = TG_LANG_HEREDOC,
         .ops = OPS_C},
        {.name = "Tcl/Tk",
         .extensions = LIST("tcl", "tk", "itk"),
         .interpreters = LIST("tclsh", "wish", "expect"),
         .line = {{"#", TG_AT_BOL}},
         .strings = {S_DQ_ML},
         .keywords = LIST("if", "elseif", "for", "foreach", "while"),
         .ops = OPS_C},
        {.name = "PowerShell",
         .extensions = LIST("ps1", "psm1", "psd1"),
         .interpreters = LIST("pwsh", "powershell"),
         .line = LC_HASH,
         .block = {{"<#", "#>", 0, TG_AT_ANY}},
         .strings = {{"\"", "\"", ML | DBL}, {"'", "'", ML | DBL}},
         .flags = TG_LANG_NOCASE,
         .keywords = LIST("if", "elseif", "for", "foreach", "while", "until", "catch", "switch")},
        {.name = "awk",
         .extensions = LIST("awk", "gawk"),
         .interpreters = LIST("awk", "gawk", "mawk", "nawk"),
         .line = LC_HASH,
         .strings = {S_DQ},
         .keywords = LIST("if", "for", "while"),
         .ops = OPS_C},
        {.name = "TeX", .extensions = LIST("tex", "sty", "ltx", "dtx"), .line = LC_PCT},
        {.name = "Solidity",
         .extensions = LIST("sol"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {S_DQ, S_SQ},
         .keywords = KW_C,
         .ops = OPS_C},
        {.name = "Ada",
         .extensions = LIST("adb", "ads", "ada"),
         .line = LC_DASH,
         .strings = {{"\"", "\"", DBL}, {"'", "'", CHR}},
         .flags = TG_LANG_NOCASE,
         .keywords = LIST("if", "elsif", "for", "while", "when", "and", "or")},
        {.name = "VHDL",
         .extensions = LIST("vhd", "vhdl"),
         .line = LC_DASH,
         .block = BC_C,
         .strings = {{"\"", "\"", DBL}, {"'", "'", CHR}},
         .flags = TG_LANG_NOCASE,
         .keywords = LIST("if", "elsif", "for", "while", "when", "case")},
        {.name = "Verilog-SystemVerilog",
         .extensions = LIST("v", "sv", "svh", "vh"),
         .line = LC_SLASH,
         .block = BC_C,
         .strings = {S_DQ},
         .keywords = LIST("if", "for", "while", "case", "casez", "casex"),
         .ops = OPS_C},
        {.name = "Nix",
         .extensions = LIST("nix"),
         .line = LC_HASH,
         .block = BC_C,
         .strings = {{"''", "''", ML}, S_DQ_ML},
         .ident_extra = "-'",
         .keywords = LIST("if"),
         .ops = OPS_ANDOR},
        {.name = "Meson",
         .filenames = LIST("meson.build", "meson_options.txt", "meson.options"),
         .line = LC_HASH,
         .strings = {{"'''", "'''", ML}, S_SQ},
         .keywords = LIST("if", "elif", "foreach", "and", "or")},
        {.name = "Nim",
         .extensions = LIST("nim", "nims", "nimble"),
         .line = LC_HASH,
         .block = {{"#[", "]#", 1, TG_AT_ANY}},
         .strings = {{"\"\"\"", "\"\"\"", ML}, S_DQ, S_CHAR},
         .keywords = LIST("if", "elif", "for", "while", "case", "of", "except", "and", "or")},
        {.name = "GraphQL",
         .extensions = LIST("graphql", "gql"),
         .line = LC_HASH,
         .strings = {{"\"\"\"", "\"\"\"", ML}, S_DQ}},
};

#define NLANG             TG_ARRAY_SIZE_(table)
#define TG_ARRAY_SIZE_(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Lookups by exact string: names to indexes into `table`, built once and
 * then only read (by every thread). A first entry wins a name two entries
 * claim (the test for the table rejects that). The maps live as long as the
 * process.
 */
static struct tg_hashmap by_ext, by_file, by_interp, by_name;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void map_put(struct tg_hashmap *m, const char *key, int lang)
{
	int added;
	struct tg_hashmap_entry *e = tg_hashmap_put(m, key, strlen(key), &added);

	if (added)
		e->val.u64 = (uint64_t)lang;
}

static const struct tg_lang *map_get(const struct tg_hashmap *m, const char *key, size_t n)
{
	const struct tg_hashmap_entry *e = tg_hashmap_get(m, key, n);

	return e ? &table[e->val.u64] : NULL;
}

static void map_put_list(struct tg_hashmap *m, const char *const *l, int lang)
{
	for (; l && *l; l++)
		map_put(m, *l, lang);
}

static void build(void)
{
	for (size_t i = 0; i < NLANG; i++) {
		table[i].id = (int)i;
		map_put(&by_name, table[i].name, (int)i);
		map_put_list(&by_ext, table[i].extensions, (int)i);
		map_put_list(&by_file, table[i].filenames, (int)i);
		map_put_list(&by_interp, table[i].interpreters, (int)i);
	}
}

size_t tg_lang_count(void)
{
	pthread_once(&once, build);
	return NLANG;
}

const struct tg_lang *tg_lang_at(size_t i)
{
	pthread_once(&once, build);
	return i < NLANG ? &table[i] : NULL;
}

const struct tg_lang *tg_lang_by_name(const char *name)
{
	pthread_once(&once, build);
	return map_get(&by_name, name, strlen(name));
}

/* "python3.11" -> "python", "pypy3" -> "pypy": version digits and dots dropped. */
static size_t interp_stem(const char *s, size_t n)
{
	while (n > 0 && ((s[n - 1] >= '0' && s[n - 1] <= '9') || s[n - 1] == '.'))
		n--;
	return n;
}

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* The interpreter's base name from "#!/usr/bin/env -S python3 -u" or "#!/bin/sh". */
static const struct tg_lang *by_shebang(const unsigned char *d, size_t len)
{
	size_t i = 2, end, start;

	if (len < 3 || d[0] != '#' || d[1] != '!')
		return NULL;
	for (;;) {
		while (i < len && is_blank(d[i]))
			i++;
		start = i;
		while (i < len && !is_blank(d[i]) && d[i] != '\n' && d[i] != '\r')
			i++;
		end = i;
		if (end == start || end - start > 200)
			return NULL;
		size_t b = end;
		while (b > start && d[b - 1] != '/')
			b--;
		size_t n = end - b;
		const char *w = (const char *)d + b;
		/* env and its options are not the interpreter: look at the next word. */
		if ((n == 3 && !memcmp(w, "env", 3)) || (n > 0 && w[0] == '-'))
			continue;
		const struct tg_lang *l = map_get(&by_interp, w, n);
		return l ? l : map_get(&by_interp, w, interp_stem(w, n));
	}
}

const struct tg_lang *tg_lang_detect(const char *path, const unsigned char *data, size_t len)
{
	const char *base = strrchr(path, '/');
	const struct tg_lang *l;
	char low[32];

	pthread_once(&once, build);
	base = base ? base + 1 : path;
	if ((l = map_get(&by_file, base, strlen(base))))
		return l;
	const char *dot = strrchr(base, '.');
	if (dot && dot != base && dot[1]) {
		size_t n = strlen(dot + 1);
		if ((l = map_get(&by_ext, dot + 1, n)))
			return l;
		if (n < sizeof(low)) {
			for (size_t i = 0; i <= n; i++) {
				char c = dot[1 + i];
				low[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
			}
			if ((l = map_get(&by_ext, low, n)))
				return l;
		}
	}
	return data ? by_shebang(data, len) : NULL;
}

/* Languages of the table that are markup, build or configuration, not source. */
static const char *const not_source[] = {"make",       "CMake", "Meson",      "Gradle",
                                         "Dockerfile", "YAML",  "JSON",       "TOML",
                                         "INI",        "XML",   "SVG",        "HTML",
                                         "Markdown",   "CSS",   "SCSS",       "LESS",
                                         "Sass",       "TeX",   "HCL",        "Protocol Buffers",
                                         "GraphQL",    "Nix",   "Device Tree"};

int tg_lang_is_source(const struct tg_lang *l)
{
	size_t i;

	if (!l)
		return 0;
	for (i = 0; i < sizeof(not_source) / sizeof(*not_source); i++)
		if (!strcmp(l->name, not_source[i]))
			return 0;
	return 1;
}
