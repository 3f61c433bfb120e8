package schema

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"

	"github.com/acrvet/acr/passes/pyindex"
)

// The ways a repository sets the search_path of its connections outside
// its SQL scripts, read from the text of its Python modules:
//
//	create_engine(url, connect_args={"options": "-csearch_path=analytics"})
//	postgresql://.../db?options=-csearch_path%3Danalytics
//	asyncpg: connect_args={"server_settings": {"search_path": "analytics"}}
//	cursor.execute("SET search_path TO analytics") in a connect listener
//	or in Alembic's env.py
var (
	optionsSearchPath  = regexp.MustCompile(`(?i)-c\s*search_path\s*(?:=|%3D)\s*([A-Za-z0-9_$",%\\ ]+)`)
	settingsSearchPath = regexp.MustCompile(`["']search_path["']\s*:\s*["']([^"'{}]+)["']`)
	setSearchPath      = regexp.MustCompile(`(?i)\bSET\s+(?:SESSION\s+)?search_path\s+(?:TO|=)\s*([A-Za-z0-9_$", ]+)`)
)

// configuredSearchPath returns the schema the repository's connection
// settings put first in search_path, where PostgreSQL creates and finds
// unqualified tables: "" for public, and when settings disagree (several
// databases or roles: no one schema holds for all the code). Alembic's
// version_table_schema and include_schemas place the version table and
// widen autogenerate's comparison; they set no path and are not read.
func configuredSearchPath(pys []*pyFile) string {
	found := map[string]bool{}
	for _, pf := range pys {
		content := pf.f.Content()
		if !bytes.Contains(content, []byte("search_path")) && !bytes.Contains(content, []byte("SEARCH_PATH")) {
			continue
		}
		res := []*regexp.Regexp{optionsSearchPath}
		if bytes.Contains(content, []byte("server_settings")) {
			// Only there is a "search_path": "..." pair a setting; elsewhere
			// it may map names of settings ({"search_path": "search_path"}).
			res = append(res, settingsSearchPath)
		}
		if pf.rev == nil {
			// A revision's own SET search_path holds for its statements
			// only; replaySQL reads it there.
			res = append(res, setSearchPath)
		}
		for _, re := range res {
			for _, m := range re.FindAllSubmatch(content, -1) {
				if s, ok := firstSchema(string(m[1])); ok {
					found[s] = true
				}
			}
		}
	}
	if len(found) != 1 {
		return ""
	}
	for s := range found {
		return s
	}
	return ""
}

// firstSchema reads a search_path value ("$user", analytics, public; URL
// encoded in a DSN) and returns its first schema (pathHead): "" for
// public. A value that is no list of names is not one.
func firstSchema(v string) (string, bool) {
	if d, err := url.QueryUnescape(v); err == nil {
		v = d
	}
	schema, named := pathHead(strings.ReplaceAll(v, `\`, ""))
	if !named || strings.ContainsAny(schema, " $%") || schema == "search_path" {
		return "", false
	}
	return schema, true
}

// metadataSchema returns the schema of the repository's SQLAlchemy
// MetaData(schema=...): the schema of every model that names none, when
// every MetaData of the repository names that one schema and no
// declarative_base() makes one of its own; "" otherwise.
func metadataSchema(pys []*pyFile) string {
	schema := ""
	for _, pf := range pys {
		for _, c := range pf.m.Calls {
			switch name := last(c.Callee, c.Method); {
			case name == "MetaData" && isSQLAlchemyName(c.Callee):
				s := ""
				if a := c.Keyword("schema"); a != nil {
					s, _ = pyindex.StringValue(a.Value)
				}
				if s == "" || schema != "" && s != schema {
					return ""
				}
				schema = s
			case name == "declarative_base" && isSQLAlchemyName(c.Callee) && c.Keyword("metadata") == nil:
				return ""
			}
		}
	}
	return schema
}
