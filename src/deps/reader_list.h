/*
 * The reader table: one line a format, TG_DEPS_READER(name) for
 * `const struct tg_deps_reader tg_deps_reader_<name>` defined in
 * src/deps/reader_<name>.c (or a file that reads a family of formats).
 * Included by reader.c with TG_DEPS_READER defined. The first reader whose
 * match() accepts a base name reads the file.
 */
TG_DEPS_READER(requirements_txt)
TG_DEPS_READER(pipfile_lock)
TG_DEPS_READER(pyproject_toml)
TG_DEPS_READER(poetry_lock)
TG_DEPS_READER(pdm_lock)
TG_DEPS_READER(uv_lock)
TG_DEPS_READER(pylock_toml)
TG_DEPS_READER(npm_manifest)
TG_DEPS_READER(npm_lock)
TG_DEPS_READER(npm_pnpm)
TG_DEPS_READER(npm_yarn)
TG_DEPS_READER(npm_bun)
TG_DEPS_READER(gomod)
TG_DEPS_READER(gosum)
TG_DEPS_READER(gemfile_lock)
TG_DEPS_READER(composer_lock)
TG_DEPS_READER(pom)
TG_DEPS_READER(gradle_lockfile)
TG_DEPS_READER(verification_metadata)
TG_DEPS_READER(packages_lock)
TG_DEPS_READER(msbuild_project)
TG_DEPS_READER(central_packages)
TG_DEPS_READER(cargo_lock)
TG_DEPS_READER(cargo_toml)
