package sqlsrc

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The oracle: how parse divided a text into statements when it used
// pg_query's scanner, kept to check that lex and split agree with it.

type oracleSegment struct {
	first, last int
	nesting     int
}

func oracleIsComment(t *pg.ScanToken) bool {
	return t.Token == pg.Token_SQL_COMMENT || t.Token == pg.Token_C_COMMENT
}

func oracleIsChainOperator(t *pg.ScanToken) bool {
	switch t.Token {
	case pg.Token_Op, pg.Token_TYPECAST, pg.Token_LESS_EQUALS, pg.Token_GREATER_EQUALS, pg.Token_NOT_EQUALS,
		pg.Token_ASCII_42, pg.Token_ASCII_43, pg.Token_ASCII_45, pg.Token_ASCII_47, pg.Token_ASCII_37,
		pg.Token_ASCII_60, pg.Token_ASCII_61, pg.Token_ASCII_62, pg.Token_ASCII_94,
		pg.Token_UNION, pg.Token_INTERSECT, pg.Token_EXCEPT, pg.Token_AND, pg.Token_OR,
		pg.Token_IS, pg.Token_COLLATE, pg.Token_CASE, pg.Token_AT, pg.Token_OPERATOR, pg.Token_JOIN:
		return true
	}
	return false
}

func oracleIsCreateRule(tokens []*pg.ScanToken, first int) bool {
	if first < 0 || tokens[first].Token != pg.Token_CREATE {
		return false
	}
	for i := first + 1; i < len(tokens) && i <= first+4; i++ {
		switch tokens[i].Token {
		case pg.Token_RULE:
			return true
		case pg.Token_OR, pg.Token_REPLACE:
		default:
			if !oracleIsComment(tokens[i]) {
				return false
			}
		}
	}
	return false
}

func oracleSplit(tokens []*pg.ScanToken) []oracleSegment {
	var segs []oracleSegment
	cur := oracleSegment{first: -1}
	parens := 0
	atomic, caseDepth := false, 0
	ops := []int{0}
	sum := 0
	flush := func() {
		if cur.first >= 0 {
			segs = append(segs, cur)
		}
		cur = oracleSegment{first: -1}
		parens, atomic, caseDepth = 0, false, 0
		ops, sum = ops[:1], 0
		ops[0] = 0
	}
	for i, t := range tokens {
		if oracleIsComment(t) {
			continue
		}
		if t.Token == pg.Token_ASCII_59 && !atomic && (parens == 0 || !oracleIsCreateRule(tokens, cur.first)) {
			flush()
			continue
		}
		if cur.first < 0 {
			cur.first = i
		}
		cur.last = i
		switch t.Token {
		case pg.Token_ASCII_40, pg.Token_ASCII_91:
			parens++
			ops = append(ops, 0)
		case pg.Token_ASCII_41, pg.Token_ASCII_93:
			if parens > 0 {
				parens--
			}
			if len(ops) > 1 {
				sum -= ops[len(ops)-1]
				ops = ops[:len(ops)-1]
			}
		case pg.Token_ASCII_44:
			sum -= ops[len(ops)-1]
			ops[len(ops)-1] = 0
		case pg.Token_BEGIN_P:
			if i+1 < len(tokens) && tokens[i+1].Token == pg.Token_ATOMIC {
				atomic = true
			}
		case pg.Token_CASE:
			if atomic {
				caseDepth++
			}
		case pg.Token_END_P:
			if atomic {
				if caseDepth == 0 {
					atomic = false
				} else {
					caseDepth--
				}
			}
		}
		if oracleIsChainOperator(t) {
			ops[len(ops)-1]++
			sum++
		}
		if n := sum + len(ops); n > cur.nesting {
			cur.nesting = n
		}
	}
	flush()
	return segs
}

func oracleLastSegmentOpen(tokens []*pg.ScanToken) bool {
	for i := len(tokens) - 1; i >= 0; i-- {
		if !oracleIsComment(tokens[i]) {
			return tokens[i].Token != pg.Token_ASCII_59
		}
	}
	return false
}

// oracleLayout divides text as parse did with pg_query's scanner, with one
// correction: pg_query ends a U&'...' string at its start and a U&"..."
// identifier one byte after it, where lex ends them after the closing
// quote (the next token's start, blanks trimmed).
func oracleLayout(text string) layout {
	tokens, scanErr := scan(text)
	scanned := len(text)
	if scanErr != nil {
		scanned = scanErr.offset
	}
	for i, t := range tokens {
		if t.Token == pg.Token_USCONST || t.Token == pg.Token_UIDENT {
			next := scanned
			if i+1 < len(tokens) {
				next = int(tokens[i+1].Start)
			}
			t.End = int32(len(strings.TrimRight(text[:next], " \t\n\r\f")))
		}
	}
	var lay layout
	for _, t := range tokens {
		if oracleIsComment(t) {
			lay.comments = append(lay.comments, Span{int(t.Start), int(t.End)})
		}
	}
	for _, seg := range oracleSplit(tokens) {
		lay.segs = append(lay.segs, segment{int(tokens[seg.first].Start), int(tokens[seg.last].End), seg.nesting})
	}
	if scanErr != nil {
		lay.err, lay.errStart = scanErr, scanErr.offset
		if n := len(lay.segs); n > 0 && oracleLastSegmentOpen(tokens) {
			lay.errStart = lay.segs[n-1].start
			lay.segs = lay.segs[:n-1]
		}
	}
	return lay
}

// checkLayout fails the test if lex and split divide src (sanitized first,
// as parse does) differently from pg_query's scanner.
func checkLayout(t testing.TB, name, src string) {
	t.Helper()
	clean, _ := sanitize([]byte(src))
	text := string(clean)
	want, got := oracleLayout(text), splitText(text)
	describe := func(lay layout) string {
		var b strings.Builder
		for _, s := range lay.segs {
			fmt.Fprintf(&b, "stmt %d-%d nesting %d %q\n", s.start, s.end, s.nesting, text[s.start:s.end])
		}
		for _, c := range lay.comments {
			fmt.Fprintf(&b, "comment %d-%d %q\n", c.Start, c.End, text[c.Start:c.End])
		}
		if lay.err != nil {
			fmt.Fprintf(&b, "error at %d (statement from %d): %s\n", lay.err.offset, lay.errStart, lay.err.msg)
		}
		return b.String()
	}
	if w, g := describe(want), describe(got); w != g {
		t.Errorf("%s: lex differs from pg_query's scanner on %q\npg_query:\n%slex:\n%s", name, truncate(text, 2000), w, g)
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// edgeCases are texts where PostgreSQL's scanner has a rule worth
// checking: each is compared with pg_query's scanner, and each is a fuzz
// seed.
var edgeCases = []string{
	// decimalfail takes plain digits: 1_2..3 is the decimal 1_2. then .3
	"SELECT 1..2, 1_2..3, 1_2........02_",
	// comments
	"/* a /* nested */ comment */ SELECT 1; -- tail",
	"/*/ */ x; /* ** / */ y; /***/ z; /* /*/ */ */ w",
	"SELECT 1 /* unterminated /* nested */",
	"a */ b; a */* c */ d; +/*x*/; -- only\r\nb; --x\ry",
	"a-->b; a @-- b\n; a #-/*x*/ b; a |/* x */ b",
	// strings
	"SELECT 'a''b', 'it''s'; SELECT '';",
	"SELECT E'\\'', E'a\\'b', e'\\\\', E'\\n\\t\\b\\f\\r\\x41\\101\\u0041\\U00000041';",
	"SELECT E'\\xff';", "SELECT E'\\0';", "SELECT E'\\777';", "SELECT E'\\xc3\\xa9', E'\\xc3' '\\xa9';",
	"SELECT E'\\xc3'\n'\\xa9';", "SELECT E'\\xf0\\x41\\x42\\x43\\x44';", "SELECT E'\\xed\\xa0\\x80';",
	"SELECT E'\\uD800\\uDC00', E'\\uD800\\U0000DC00';", "SELECT E'\\uD800';", "SELECT E'\\uD800x';",
	"SELECT E'\\uDC00';", "SELECT E'\\uD800\\uD800';", "SELECT E'\\uD800\\u12';", "SELECT E'\\uD800\n';",
	"SELECT E'\\u12';", "SELECT E'\\u';", "SELECT E'\\U1234';", "SELECT E'\\u0000';", "SELECT E'\\UFFFFFFFF';",
	"SELECT 1; SELECT E'\\uD800", "SELECT 1; SELECT E'\\", "SELECT E'\\\n';",
	"SELECT B'0101', b'1', X'1F', x'', N'nat', n'x', B'01''10';",
	"SELECT B'0'\n'1';", "SELECT X'ab'\n  '01'", "SELECT b'0", "SELECT x'0", "SELECT n'0", "SELECT e'0",
	"SELECT 'a'\n'b' 'c' -- x\n'd'\n-- y\n'e' -\n'f';",
	"SELECT 'a' \t\n \n\t'b', 'a'\r'b', 'a'\f'b', 'a'\f\n\f'b', 'a'\v\n'b', 'a'\n-'b';",
	"SELECT 'a'\n'", "SELECT 'a'\n", "SELECT 'unterminated; SELECT 2;",
	"SELECT U&'d\\0061t\\+000061' UESCAPE '!', U&'a'\n'b', U&'a''b';",
	"SELECT U&'x'; SELECT 2", "SELECT U&\"a\"\"b\" FROM t; SELECT 1", "SELECT U&'", "SELECT U&\"",
	"SELECT U&x, u& y, u&'a', u&\"b\";",
	// dollar quotes and parameters
	"CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;",
	"SELECT $$a$$, $a$ $b$ $a$, $a$$a$, $_$x$_$, $é$x$é$, $$ $a$ $$;",
	"SELECT $1, $12x, $1_000, $1a$, a$b$c, x$$a$$, 1$a$ b $a$;",
	"SELECT $; SELECT $a; SELECT $$", "SELECT $a$ unterminated; SELECT 1;",
	// quoted identifiers
	"SELECT \"a\"\"b\", \"\"\"\", \"é\" FROM \"t\";", "SELECT x \"\" y;", "SELECT U&\"\";", "SELECT \"\"\"",
	"SELECT \"unterminated",
	// numbers
	"SELECT 1_000, 1_000.5_0e1_0, 0X1F, 0o17, 0O1, 0b1, 0B1_0, 0x1_f, 1.5e10, .5, 1.e5, 1e-5;",
	"SELECT 1..2, 1...2, 1.5.6, .., ..., ..5, arr[1:2];",
	"SELECT 1abc;", "SELECT 1e;", "SELECT 1E+;", "SELECT .5e+;", "SELECT .5e+1x;", "SELECT 1e5_;",
	"SELECT 1.x;", "SELECT 1._5;", "SELECT 1__0;", "SELECT 00x1;", "SELECT 0x;", "SELECT 0xg;",
	"SELECT 0x_;", "SELECT 0x_g;", "SELECT 0x1g;", "SELECT 0x1_;", "SELECT 0b;", "SELECT 0o_;",
	"SELECT 0b12, 0o78;", "SELECT 1; SELECT 2abc; SELECT 3;",
	// operators
	"SELECT a+-b, a+-+b, a!=-1, a*/b, a@-b, a~-b, a<=-b, a=>-b, a=-b, a<>+b, a-+-b, a?-+b, a!-b;",
	"SELECT a::int, a:=b, a..b, a=>b, a<=b, a>=b, a<>b, a!=b, a <=> b, a ||/ b, a ::: b, a :== b;",
	"SELECT ? ! ~ @ # % ^ & | ` $ \\ { } \v;",
	"SELECT a " + strings.Repeat("+", 62) + "! b;",
	"SELECT a " + strings.Repeat("+", 63) + "! b;",
	"SELECT a " + strings.Repeat("+", 63) + "!+ b;",
	"SELECT a " + strings.Repeat("<", 70) + " b;",
	// statements
	"CREATE OR REPLACE RULE r AS ON INSERT TO t DO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));",
	"CREATE /* c */ RULE r AS ON INSERT TO t DO INSTEAD (SELECT 1; SELECT 2); SELECT 3",
	"CREATE FUNCTION add(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a > 0 THEN a END; SELECT a; END; SELECT 1;",
	"CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT CASE WHEN 1 THEN CASE 2 WHEN 2 THEN 3 END END; END; SELECT 2",
	"CREATE FUNCTION f() BEGIN/**/ATOMIC SELECT 1; END; SELECT 2", "begin atomic; select 1; end; case",
	"SELECT (1; 2); SELECT ((((1)))); SELECT 1)); SELECT [1; 2];",
	"SELECT 1+1+1+1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4 AND x IS NULL OR y COLLATE \"C\" AT TIME ZONE 'z' OPERATOR(+) JOIN;",
	"SELECT f(1+2, 3*4*5, (6-7)/8) FROM t a JOIN u b ON a.x = b.x;",
	"COPY t FROM stdin;\n1\tx\n\\.\nSELECT 1;",
	"SELECT 1;\r\nSELECT 2;\r\n-- c\r\n",
	"SELECT '\xff\x00', \"\xfe\"; SELECT é FROM \x00;",
	"SELECT été, é$, $é;",
	"SELECT 1 -- a\n; -- b\n/* c */",
	"SELECT 1; SELECT 'a\tb\nc\rd" + strings.Repeat("é", 45),
	"SELECT 1; /* " + strings.Repeat("x\n", 30) + "unterminated",
	"SELECT $q$" + strings.Repeat("\xe2\x82\xac", 41) + "x",
	"SELECT \"" + strings.Repeat("é", 40) + "\"\"",
	"", ";", ";;", "-- only", "/* only */", "   \n\t",
}

func TestLexMatchesScannerOnEdgeCases(t *testing.T) {
	for i, src := range edgeCases {
		checkLayout(t, fmt.Sprintf("edge case %d", i), src)
	}
}

// TestLexMatchesScannerOnFiles compares every .sql file of the repository
// (testdata and examples), and those under $SQLSRC_CORPUS when it is set
// (a directory of real migrations, say).
func TestLexMatchesScannerOnFiles(t *testing.T) {
	roots := []string{filepath.Join("..", "..")}
	if dir := os.Getenv("SQLSRC_CORPUS"); dir != "" {
		roots = append(roots, dir)
	}
	n := 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".sql") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			checkLayout(t, path, string(src))
			n++
			return nil
		})
		require.NoError(t, err)
	}
	require.Greater(t, n, 10, "the repository has SQL files to compare")
	t.Logf("compared %d files", n)
}

// fragments are pieces that meet at token boundaries in interesting ways
// when concatenated at random.
var fragments = []string{
	"'", "''", "E'", "e'", "B'", "X'", "N'", "U&'", "U&\"", "u&", "\"", "\"\"", "\\", "\\'", "\\x", "\\u", "\\U",
	"\\0", "\\7", "D800", "DC00", "00", "ff", "c3", "a9", "\n", "\r", "\r\n", " ", "\t", "\f", "\v",
	"--", "/*", "*/", "*", "/", "$", "$$", "$a$", "$b$", "$1", "a$", "_", "0", "1", "9", "0x", "0o", "0b", ".", "..",
	"e", "E", "x", "+", "-", "!", "=", "<", ">", "~", "@", "#", "%", "^", "&", "|", "`", "?", ":", "::", ":=", "=>",
	";", ",", "(", ")", "[", "]", "{", "}", "a", "é", "BEGIN", "ATOMIC", "CASE", "END", "CREATE", "RULE", "OR",
	"REPLACE", "UNION", "AND", "IS", "COLLATE", "AT", "OPERATOR", "JOIN", "SELECT", "DO", "UESCAPE",
}

func TestLexMatchesScannerOnRandomTexts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for i := 0; i < n; i++ {
		var b strings.Builder
		for k := rng.IntN(24); k >= 0; k-- {
			b.WriteString(fragments[rng.IntN(len(fragments))])
		}
		checkLayout(t, fmt.Sprintf("random text %d", i), b.String())
		if t.Failed() {
			return
		}
	}
}

func FuzzLexMatchesScanner(f *testing.F) {
	for _, src := range edgeCases {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkLayout(t, "fuzz input", src)
	})
}

func TestLexTokens(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string // space-separated token texts, each but tokOther's kind after a '/'
	}{
		{"SELECT a+-b;", "SELECT a +/op -/op b ;/semi"},
		{"a!=-1 a=>-b a<=-b", "a !=-/op 1 a => -/op b a <=/op -/op b"},
		{"a::int[] (x, y)", "a ::/op int [/open ]/close (/open x ,/comma y )/close"},
		{"-- c\n/* d /* e */ */ x", "-- c/comment /* d /* e */ *//comment x"},
		{"'a'\n'b' 'c'", "'a'\n'b' 'c'"},
		{"N'x' U&'y' U&\"z\"", "N 'x' U&'y' U&\"z\""},
		{"1..2 .5e3 0x1F $1 $a$;$a$", "1 .. 2 .5e3 0x1F $1 $a$;$a$"},
		{"begin Atomic CASE end OR create RULE replace union", "begin/begin Atomic/atomic CASE/case end/end OR/or create/create RULE/rule replace/replace union/chain"},
		{"ſelect Kase", "ſelect Kase"},
	} {
		tokens, err := lex(tc.src, nil)
		require.Nil(t, err, tc.src)
		var got []string
		for _, tk := range tokens {
			s := tc.src[tk.start:tk.end]
			if tk.kind != tokOther {
				s += "/" + kindNames[tk.kind]
			}
			got = append(got, s)
		}
		assert.Equal(t, tc.want, strings.Join(got, " "), tc.src)
	}
}

var kindNames = map[tokenKind]string{
	tokComment: "comment", tokSemicolon: "semi", tokOpen: "open", tokClose: "close", tokComma: "comma", tokOperator: "op",
	tokChainWord: "chain", tokOr: "or", tokCase: "case", tokBegin: "begin", tokAtomic: "atomic",
	tokEnd: "end", tokCreate: "create", tokRule: "rule", tokReplace: "replace",
}

func TestLexErrors(t *testing.T) {
	for _, tc := range []struct {
		src    string
		offset int
		msg    string
		tokens int
	}{
		{"SELECT 'abc", 7, `unterminated quoted string at or near "'abc"`, 1},
		{"x /* a /* b */", 2, `unterminated /* comment at or near "/* a /* b */"`, 1},
		{"x $q$ body", 2, `unterminated dollar-quoted string at or near "$q$ body"`, 1},
		{"x \"id", 2, `unterminated quoted identifier at or near ""id"`, 1},
		{"x \"\" y", 2, `zero-length delimited identifier at or near """"`, 1},
		{"x B'01", 2, `unterminated bit string literal at or near "B'01"`, 1},
		{"x 12abc", 2, `trailing junk after numeric literal at or near "12a"`, 1},
		{"x 0x", 2, `invalid hexadecimal integer at or near "0x"`, 1},
		{"x E'\\u12'", 4, `invalid Unicode escape`, 0},
		{"x E'\\uD800'", 10, `invalid Unicode surrogate pair at or near "'"`, 0},
		{"x E'\\uD800", 10, `invalid Unicode surrogate pair at end of input`, 0},
		{"x E'\\xff'", 0, `invalid byte sequence for encoding "UTF8": 0xff`, 0},
		{"x '" + strings.Repeat("é", 50), 2, `unterminated quoted string at or near "'` + strings.Repeat("é", 39) + `..."`, 1},
		{"x 'a\nb", 2, `unterminated quoted string at or near "'a\nb"`, 1},
	} {
		tokens, err := lex(tc.src, nil)
		require.NotNil(t, err, tc.src)
		assert.Equal(t, tc.offset, err.offset, tc.src)
		assert.Equal(t, tc.msg, err.msg, tc.src)
		assert.Len(t, tokens, tc.tokens, tc.src)
	}
}

// pg_query's scanner ends a U&'...' string at its start and a U&"..."
// identifier one byte after it; lex ends both after the closing quote, so
// a statement ending in one keeps its tail (with pg_query's ends these
// statements read "SELECT " and "SELECT U").
func TestUnicodeEscapesStayInTheirStatement(t *testing.T) {
	for _, src := range []string{"SELECT U&'d\\0061t'", "SELECT U&\"c\\0061l\""} {
		sc := ParseString(src+";", 0)
		require.NoError(t, sc.Err())
		require.Len(t, sc.Stmts, 1)
		assert.Equal(t, src, sc.Stmts[0].Text())
		target := Unwrap(sc.Stmts[0].Node).(*pg.SelectStmt).GetTargetList()
		assert.Len(t, target, 1, src)
	}
}

func TestLiteralLen(t *testing.T) {
	for text, want := range map[string]int{
		`'a''b' = x`:           6,
		`E'it\'s' || x`:        8,
		`$$a; b$$ LANGUAGE`:    8,
		`$fn$ x $fn$, 1`:       11,
		"'a'\n'b' AS c":        7,
		`B'101')`:              6,
		`U&'d\0061t' x`:        11,
		`'never ends`:          11,
		`$1 + 2`:               0,
		`data->>'k'`:           0,
		`Epoch`:                0,
		``:                     0,
		`"quoted ident" = 'x'`: 0,
	} {
		assert.Equal(t, want, LiteralLen(text), "%q", text)
	}
}
