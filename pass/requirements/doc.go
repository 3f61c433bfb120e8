// Package requirements is the Python dependency front of the polyglot
// source model: it reads pip requirements files, pyproject.toml (PEP 621
// project tables, PEP 735 dependency groups, build-system requires, Poetry)
// and Pipfiles into one list of requirements, each with its byte range in
// the file so passes can point at it and fix it.
//
// Requirements files follow pip's own reading: a backslash at the end of a
// line continues it, `#` starts a comment at the start of a line or after
// whitespace, `-r`/`-c` includes and global options are recorded, and
// per-requirement options such as `--hash` are kept with their requirement.
// Requirement strings follow PEP 508 (name, extras, specifiers or a URL,
// environment marker); names are also given normalized per PEP 503.
//
// TOML files are read with a small scanner that understands the subset
// dependency tables use (tables, dotted and quoted keys, strings of every
// quoting, arrays and inline tables spanning lines, comments), because no
// TOML library is a dependency of acr. What it cannot read it reports as a
// *pass.SyntaxError with the offset of the problem.
//
// Parse returns what it could read together with the first error, as
// go/parser does, so one bad line does not hide every other requirement.
package requirements
