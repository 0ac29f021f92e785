package s3

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"
)

// The S3 Select SQL subset
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference-select.html):
//
//	SELECT * | COUNT(*) | expr [AS name], ...
//	FROM S3Object[[*]] [[AS] alias]
//	[WHERE condition] [LIMIT n]
//
// Expressions: column references (alias._1, alias.name, alias."name",
// _1, name), string and number literals, TRUE, FALSE, NULL,
// CAST(expr AS INT|INTEGER|FLOAT|DECIMAL|NUMERIC|STRING|BOOL), comparisons
// (= != <> < <= > >=), IS [NOT] NULL, AND, OR, NOT and parentheses.

// selectQuery is a parsed SELECT statement.
type selectQuery struct {
	star    bool
	count   bool // SELECT COUNT(*)
	columns []selectColumn
	alias   string // the FROM alias ("" when none)
	each    bool   // FROM S3Object[*]: a JSON array's elements are the records
	where   sqlExpr
	limit   int64 // -1: no limit
}

type selectColumn struct {
	expr sqlExpr
	name string // the output name: AS alias, the column's name or _N
}

// sqlExpr evaluates to a value: nil (NULL or MISSING), string, int64,
// float64 or bool.
type sqlExpr interface {
	eval(r selectRecord) (any, error)
}

// selectRecord is one input record.
type selectRecord interface {
	// field returns the value of a named or positional (_N) column.
	field(name string) (any, bool)
}

func errSelectParse(msg string) error {
	return s3Error(http.StatusBadRequest, "ParseUnexpectedToken", msg, nil)
}

type sqlToken struct {
	kind string // ident, qident, string, number, op, eof
	text string
}

func lexSQL(s string) ([]sqlToken, error) {
	var toks []sqlToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"':
			j, b := i+1, strings.Builder{}
			for {
				if j >= len(s) {
					return nil, errSelectParse("Unterminated quoted text in the SQL expression.")
				}
				if s[j] == c {
					if j+1 < len(s) && s[j+1] == c { // doubled quote
						b.WriteByte(c)
						j += 2
						continue
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			kind := "string"
			if c == '"' {
				kind = "qident"
			}
			toks = append(toks, sqlToken{kind, b.String()})
			i = j + 1
		case c >= '0' && c <= '9' || (c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9'):
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == 'e' || s[j] == 'E') {
				j++
			}
			toks = append(toks, sqlToken{"number", s[i:j]})
			i = j
		case c == '_' || unicode.IsLetter(rune(c)):
			j := i
			for j < len(s) && (s[j] == '_' || unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j]))) {
				j++
			}
			toks = append(toks, sqlToken{"ident", s[i:j]})
			i = j
		default:
			for _, op := range []string{"<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", ",", ".", "*", "[", "]", "-", "+", "/", "%"} {
				if strings.HasPrefix(s[i:], op) {
					toks = append(toks, sqlToken{"op", op})
					i += len(op)
					goto next
				}
			}
			return nil, errSelectParse("Unexpected character " + strconv.Quote(string(c)) + " in the SQL expression.")
		next:
		}
	}
	return append(toks, sqlToken{kind: "eof"}), nil
}

type sqlParser struct {
	toks []sqlToken
	pos  int
}

func (p *sqlParser) peek() sqlToken { return p.toks[p.pos] }

func (p *sqlParser) next() sqlToken {
	t := p.toks[p.pos]
	if t.kind != "eof" {
		p.pos++
	}
	return t
}

// keyword reports (and consumes) an unquoted identifier equal to kw.
func (p *sqlParser) keyword(kw string) bool {
	t := p.peek()
	if t.kind == "ident" && strings.EqualFold(t.text, kw) {
		p.pos++
		return true
	}
	return false
}

func (p *sqlParser) op(op string) bool {
	if t := p.peek(); t.kind == "op" && t.text == op {
		p.pos++
		return true
	}
	return false
}

func (p *sqlParser) expect(op string) error {
	if !p.op(op) {
		return p.unexpected()
	}
	return nil
}

func (p *sqlParser) unexpected() error {
	t := p.peek()
	if t.kind == "eof" {
		return errSelectParse("Unexpected end of the SQL expression.")
	}
	return errSelectParse("Unexpected token found " + strconv.Quote(t.text) + " in the SQL expression.")
}

var sqlReserved = map[string]bool{"SELECT": true, "FROM": true, "WHERE": true, "LIMIT": true, "AND": true,
	"OR": true, "NOT": true, "AS": true, "IS": true, "NULL": true, "CAST": true}

// parseSelect parses a whole statement.
func parseSelect(sql string) (*selectQuery, error) {
	toks, err := lexSQL(sql)
	if err != nil {
		return nil, err
	}
	p := &sqlParser{toks: toks}
	q := &selectQuery{limit: -1}
	if !p.keyword("SELECT") {
		return nil, p.unexpected()
	}
	switch {
	case p.op("*"):
		q.star = true
	case p.peek().kind == "ident" && strings.EqualFold(p.peek().text, "COUNT") && p.toks[p.pos+1].text == "(":
		p.pos += 2
		if err := p.expect("*"); err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		q.count = true
	default:
		for {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			col := selectColumn{expr: e}
			if ref, ok := e.(*sqlColumn); ok {
				col.name = ref.name
			}
			if p.keyword("AS") {
				t := p.next()
				if t.kind != "ident" && t.kind != "qident" {
					return nil, errSelectParse("Expected an alias after AS in the SQL expression.")
				}
				col.name = t.text
			}
			q.columns = append(q.columns, col)
			if !p.op(",") {
				break
			}
		}
	}
	if !p.keyword("FROM") {
		return nil, p.unexpected()
	}
	if t := p.next(); t.kind != "ident" || !strings.EqualFold(t.text, "S3Object") {
		return nil, errSelectParse("The SQL expression must select FROM S3Object.")
	}
	if p.op("[") {
		if err := p.expect("*"); err != nil {
			return nil, err
		}
		if err := p.expect("]"); err != nil {
			return nil, err
		}
		q.each = true
	}
	p.keyword("AS")
	if t := p.peek(); (t.kind == "ident" && !sqlReserved[strings.ToUpper(t.text)]) || t.kind == "qident" {
		q.alias = p.next().text
	}
	if p.keyword("WHERE") {
		if q.where, err = p.expr(); err != nil {
			return nil, err
		}
	}
	if p.keyword("LIMIT") {
		t := p.next()
		n, err := strconv.ParseInt(t.text, 10, 64)
		if t.kind != "number" || err != nil || n < 0 {
			return nil, errSelectParse("LIMIT takes a non-negative integer in the SQL expression.")
		}
		q.limit = n
	}
	if p.peek().kind != "eof" {
		return nil, p.unexpected()
	}
	// Column references drop the FROM alias: alias.x is x.
	for i := range q.columns {
		q.columns[i].expr = stripAlias(q.columns[i].expr, q.alias)
		if c, ok := q.columns[i].expr.(*sqlColumn); ok && q.columns[i].name == c.qualified {
			q.columns[i].name = c.name
		}
	}
	q.where = stripAlias(q.where, q.alias)
	for i, c := range q.columns {
		if c.name == "" {
			q.columns[i].name = "_" + strconv.Itoa(i+1)
		}
	}
	return q, nil
}

func (p *sqlParser) expr() (sqlExpr, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.keyword("OR") {
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = &sqlLogic{op: "OR", l: l, r: r}
	}
	return l, nil
}

func (p *sqlParser) and() (sqlExpr, error) {
	l, err := p.not()
	if err != nil {
		return nil, err
	}
	for p.keyword("AND") {
		r, err := p.not()
		if err != nil {
			return nil, err
		}
		l = &sqlLogic{op: "AND", l: l, r: r}
	}
	return l, nil
}

func (p *sqlParser) not() (sqlExpr, error) {
	if p.keyword("NOT") {
		e, err := p.not()
		if err != nil {
			return nil, err
		}
		return &sqlNot{e}, nil
	}
	return p.comparison()
}

func (p *sqlParser) comparison() (sqlExpr, error) {
	l, err := p.additive()
	if err != nil {
		return nil, err
	}
	if p.keyword("IS") {
		neg := p.keyword("NOT")
		if !p.keyword("NULL") {
			return nil, p.unexpected()
		}
		return &sqlIsNull{e: l, neg: neg}, nil
	}
	for _, op := range []string{"=", "!=", "<>", "<=", ">=", "<", ">"} {
		if p.op(op) {
			r, err := p.additive()
			if err != nil {
				return nil, err
			}
			return &sqlCompare{op: op, l: l, r: r}, nil
		}
	}
	return l, nil
}

func (p *sqlParser) additive() (sqlExpr, error) {
	l, err := p.multiplicative()
	if err != nil {
		return nil, err
	}
	for {
		var op string
		switch {
		case p.op("+"):
			op = "+"
		case p.op("-"):
			op = "-"
		default:
			return l, nil
		}
		r, err := p.multiplicative()
		if err != nil {
			return nil, err
		}
		l = &sqlArith{op: op, l: l, r: r}
	}
}

func (p *sqlParser) multiplicative() (sqlExpr, error) {
	l, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		var op string
		switch {
		case p.op("*"):
			op = "*"
		case p.op("/"):
			op = "/"
		case p.op("%"):
			op = "%"
		default:
			return l, nil
		}
		r, err := p.primary()
		if err != nil {
			return nil, err
		}
		l = &sqlArith{op: op, l: l, r: r}
	}
}

func (p *sqlParser) primary() (sqlExpr, error) {
	t := p.next()
	switch t.kind {
	case "string":
		return sqlLiteral{t.text}, nil
	case "number":
		if n, err := strconv.ParseInt(t.text, 10, 64); err == nil {
			return sqlLiteral{n}, nil
		}
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, errSelectParse("Invalid number " + t.text + " in the SQL expression.")
		}
		return sqlLiteral{f}, nil
	case "op":
		switch t.text {
		case "(":
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			return e, p.expect(")")
		case "-":
			e, err := p.primary()
			if err != nil {
				return nil, err
			}
			return &sqlArith{op: "-", l: sqlLiteral{int64(0)}, r: e}, nil
		}
	case "qident":
		return p.columnRef(t.text)
	case "ident":
		switch strings.ToUpper(t.text) {
		case "TRUE":
			return sqlLiteral{true}, nil
		case "FALSE":
			return sqlLiteral{false}, nil
		case "NULL":
			return sqlLiteral{nil}, nil
		case "CAST":
			if err := p.expect("("); err != nil {
				return nil, err
			}
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			if !p.keyword("AS") {
				return nil, p.unexpected()
			}
			typ := strings.ToUpper(p.next().text)
			switch typ {
			case "INT", "INTEGER", "FLOAT", "DECIMAL", "NUMERIC", "STRING", "BOOL", "BOOLEAN":
			default:
				return nil, errSelectParse("Unsupported CAST type " + typ + " in the SQL expression.")
			}
			return &sqlCast{e: e, typ: typ}, p.expect(")")
		}
		if sqlReserved[strings.ToUpper(t.text)] {
			p.pos--
			return nil, p.unexpected()
		}
		return p.columnRef(t.text)
	}
	p.pos--
	return nil, p.unexpected()
}

// columnRef parses name or name.field (a qualified reference).
func (p *sqlParser) columnRef(first string) (sqlExpr, error) {
	if p.op(".") {
		t := p.next()
		if t.kind != "ident" && t.kind != "qident" {
			p.pos--
			return nil, p.unexpected()
		}
		return &sqlColumn{qualifier: first, name: t.text, qualified: first + "." + t.text}, nil
	}
	return &sqlColumn{name: first, qualified: first}, nil
}

// stripAlias resolves column references against the FROM alias.
func stripAlias(e sqlExpr, alias string) sqlExpr {
	switch x := e.(type) {
	case *sqlColumn:
		if x.qualifier != "" && !strings.EqualFold(x.qualifier, alias) {
			// s.a without alias s: a nested path; kept as the last name.
			return &sqlColumn{name: x.name, qualified: x.qualified}
		}
		return &sqlColumn{name: x.name, qualified: x.qualified}
	case *sqlLogic:
		return &sqlLogic{op: x.op, l: stripAlias(x.l, alias), r: stripAlias(x.r, alias)}
	case *sqlNot:
		return &sqlNot{stripAlias(x.e, alias)}
	case *sqlCompare:
		return &sqlCompare{op: x.op, l: stripAlias(x.l, alias), r: stripAlias(x.r, alias)}
	case *sqlArith:
		return &sqlArith{op: x.op, l: stripAlias(x.l, alias), r: stripAlias(x.r, alias)}
	case *sqlIsNull:
		return &sqlIsNull{e: stripAlias(x.e, alias), neg: x.neg}
	case *sqlCast:
		return &sqlCast{e: stripAlias(x.e, alias), typ: x.typ}
	}
	return e
}
