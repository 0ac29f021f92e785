package dynamodb

import (
	"fmt"
	"strconv"
	"strings"
)

// PartiQL for DynamoDB (Developer Guide, "PartiQL - a SQL-compatible query
// language for Amazon DynamoDB"), the common statements:
//
//	SELECT * | path {, path} FROM "table"[."index"] [WHERE condition]
//	INSERT INTO "table" VALUE {'attr': value, ...}
//	UPDATE "table" SET path = value {, ...} | REMOVE path {, ...} WHERE condition
//	DELETE FROM "table" WHERE condition
//
// A statement is translated to the expression language: names become
// ExpressionAttributeNames (#pN), literals and ? parameters become
// ExpressionAttributeValues (:pN), then the item operations run it.

// pqToken is a PartiQL token.
type pqToken struct {
	kind string // "ident", "qident" ("quoted"), "str" ('x'), "num", "param", "op", "eof"
	text string
}

func pqTokenize(s string) ([]pqToken, error) {
	var out []pqToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == c {
					if j+1 < len(s) && s[j+1] == c {
						b.WriteByte(c)
						j++
						continue
					}
					break
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("Statement wasn't well formed, can't be processed: Unterminated literal")
			}
			kind := "str"
			if c == '"' {
				kind = "qident"
			}
			out = append(out, pqToken{kind, b.String()})
			i = j + 1
		case c == '?':
			out = append(out, pqToken{"param", "?"})
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == 'e' || s[j] == 'E' ||
				(s[j] == '-' || s[j] == '+') && (s[j-1] == 'e' || s[j-1] == 'E')) {
				j++
			}
			out = append(out, pqToken{"num", s[i:j]})
			i = j
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(s) && isIdent(s[j]) {
				j++
			}
			out = append(out, pqToken{"ident", s[i:j]})
			i = j
		default:
			op := ""
			for _, o := range []string{"<<", ">>", "<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", "[", "]", "{", "}", ",", ".", ":", "+", "-", "*"} {
				if strings.HasPrefix(s[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, fmt.Errorf("Statement wasn't well formed, can't be processed: Unexpected character: %c", c)
			}
			out = append(out, pqToken{"op", op})
			i += len(op)
		}
	}
	return append(out, pqToken{kind: "eof"}), nil
}

// pqStatement is a translated statement.
type pqStatement struct {
	verb         string // SELECT, INSERT, UPDATE, DELETE
	table, index string
	projection   string // SELECT: ProjectionExpression, "" for *
	where        string // condition expression, "" without WHERE
	update       string // UPDATE: UpdateExpression
	item         map[string]AttributeValue
	returning    string // UPDATE/DELETE RETURNING as ReturnValues (ALL_OLD, ...), "" without
	names        map[string]string
	values       map[string]AttributeValue
}

type pqParser struct {
	toks   []pqToken
	pos    int
	params []AttributeValue
	nparam int
	st     *pqStatement
}

func pqError(format string, args ...any) error {
	return validation("Statement wasn't well formed, can't be processed: "+format, args...)
}

// parsePartiQL parses and translates one statement with its parameters.
func parsePartiQL(stmt string, params []AttributeValue) (*pqStatement, error) {
	toks, err := pqTokenize(stmt)
	if err != nil {
		return nil, validation("%s", err.Error())
	}
	p := &pqParser{toks: toks, params: params, st: &pqStatement{names: map[string]string{}, values: map[string]AttributeValue{}}}
	verb := strings.ToUpper(p.next().text)
	p.st.verb = verb
	switch verb {
	case "SELECT":
		err = p.selectStmt()
	case "INSERT":
		err = p.insertStmt()
	case "UPDATE":
		err = p.updateStmt()
	case "DELETE":
		err = p.deleteStmt()
	default:
		return nil, pqError("unsupported statement %q", verb)
	}
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != "eof" {
		return nil, pqError("Unexpected token: %s", t.text)
	}
	if p.nparam != len(params) {
		return nil, validation("Number of parameters in request and statement don't match.")
	}
	return p.st, nil
}

func (p *pqParser) peek() pqToken { return p.toks[p.pos] }
func (p *pqParser) next() pqToken {
	t := p.toks[p.pos]
	if t.kind != "eof" {
		p.pos++
	}
	return t
}

func (p *pqParser) keyword(k string) bool {
	if t := p.peek(); t.kind == "ident" && strings.EqualFold(t.text, k) {
		p.pos++
		return true
	}
	return false
}

func (p *pqParser) expect(k string) error {
	if p.keyword(k) {
		return nil
	}
	if t := p.peek(); t.kind == "op" && t.text == k {
		p.pos++
		return nil
	}
	return pqError("expected %s, found %q", k, p.peek().text)
}

// tableName reads "table" or "table"."index".
func (p *pqParser) tableName() error {
	t := p.next()
	if t.kind != "qident" && t.kind != "ident" {
		return pqError("expected a table name, found %q", t.text)
	}
	p.st.table = t.text
	if p.peek().text == "." {
		p.pos++
		ix := p.next()
		if ix.kind != "qident" && ix.kind != "ident" {
			return pqError("expected an index name, found %q", ix.text)
		}
		p.st.index = ix.text
	}
	return nil
}

func (p *pqParser) name(n string) string {
	for k, v := range p.st.names {
		if v == n {
			return k
		}
	}
	k := "#p" + strconv.Itoa(len(p.st.names))
	p.st.names[k] = n
	return k
}

func (p *pqParser) value(v AttributeValue) string {
	k := ":p" + strconv.Itoa(len(p.st.values))
	p.st.values[k] = v
	return k
}

// path translates a document path: name {. name | [n]}.
func (p *pqParser) path() (string, error) {
	var b strings.Builder
	for {
		t := p.next()
		if t.kind != "ident" && t.kind != "qident" {
			return "", pqError("expected an attribute name, found %q", t.text)
		}
		b.WriteString(p.name(t.text))
		for p.peek().text == "[" {
			p.pos++
			n := p.next()
			if n.kind != "num" {
				return "", pqError("expected a list index, found %q", n.text)
			}
			if err := p.expect("]"); err != nil {
				return "", err
			}
			b.WriteString("[" + n.text + "]")
		}
		if p.peek().text != "." {
			return b.String(), nil
		}
		p.pos++
		b.WriteString(".")
	}
}

// literal reads a value: ?, 'string', number, true, false, null, {map},
// [list] or <<set>>.
func (p *pqParser) literal() (AttributeValue, error) {
	t := p.next()
	switch {
	case t.kind == "param":
		if p.nparam >= len(p.params) {
			p.nparam++
			return AttributeValue{NULL: ptr(true)}, nil
		}
		p.nparam++
		return p.params[p.nparam-1], nil
	case t.kind == "str":
		return AttributeValue{S: ptr(t.text)}, nil
	case t.kind == "num":
		return AttributeValue{N: ptr(t.text)}, nil
	case t.kind == "op" && t.text == "-" && p.peek().kind == "num":
		return AttributeValue{N: ptr("-" + p.next().text)}, nil
	case t.kind == "ident" && strings.EqualFold(t.text, "true"), t.kind == "ident" && strings.EqualFold(t.text, "false"):
		return AttributeValue{BOOL: ptr(strings.EqualFold(t.text, "true"))}, nil
	case t.kind == "ident" && strings.EqualFold(t.text, "null"):
		return AttributeValue{NULL: ptr(true)}, nil
	case t.text == "{":
		m := map[string]AttributeValue{}
		for p.peek().text != "}" {
			k := p.next()
			if k.kind != "str" {
				return AttributeValue{}, pqError("expected a string key, found %q", k.text)
			}
			if err := p.expect(":"); err != nil {
				return AttributeValue{}, err
			}
			v, err := p.literal()
			if err != nil {
				return AttributeValue{}, err
			}
			m[k.text] = v
			if p.peek().text == "," {
				p.pos++
			}
		}
		p.pos++
		return AttributeValue{M: m}, nil
	case t.text == "[":
		l := []AttributeValue{}
		for p.peek().text != "]" {
			v, err := p.literal()
			if err != nil {
				return AttributeValue{}, err
			}
			l = append(l, v)
			if p.peek().text == "," {
				p.pos++
			} else if p.peek().text != "]" {
				return AttributeValue{}, pqError("expected , or ] in a list")
			}
		}
		p.pos++
		return AttributeValue{L: l}, nil
	case t.text == "<<":
		var set AttributeValue
		for p.peek().text != ">>" {
			v, err := p.literal()
			if err != nil {
				return AttributeValue{}, err
			}
			switch {
			case v.S != nil:
				set.SS = append(set.SS, *v.S)
			case v.N != nil:
				set.NS = append(set.NS, *v.N)
			case v.B != nil:
				set.BS = append(set.BS, v.B)
			default:
				return AttributeValue{}, pqError("a set holds strings, numbers or binary")
			}
			if p.peek().text == "," {
				p.pos++
			} else if p.peek().text != ">>" {
				return AttributeValue{}, pqError("expected , or >> in a set")
			}
		}
		p.pos++
		return set, nil
	}
	return AttributeValue{}, pqError("Unexpected token: %q", t.text)
}

func (p *pqParser) isLiteralStart() bool {
	t := p.peek()
	switch t.kind {
	case "param", "str", "num":
		return true
	case "ident":
		u := strings.ToUpper(t.text)
		return u == "TRUE" || u == "FALSE" || u == "NULL"
	case "op":
		return t.text == "{" || t.text == "[" || t.text == "<<" || t.text == "-"
	}
	return false
}

// condition translates a WHERE condition up to the end of the statement.
func (p *pqParser) condition() (string, error) {
	var out []string
	lastPath := -1 // index in out where the last path started
	for p.peek().kind != "eof" && !(p.peek().kind == "ident" && strings.EqualFold(p.peek().text, "RETURNING")) {
		t := p.peek()
		u := strings.ToUpper(t.text)
		switch {
		case t.kind == "ident" && (u == "AND" || u == "OR" || u == "NOT" || u == "BETWEEN"):
			p.pos++
			out = append(out, u)
		case t.kind == "ident" && u == "IN":
			p.pos++
			if p.peek().text != "[" && p.peek().text != "(" {
				return "", pqError("IN takes a list")
			}
			closer := "]"
			if p.next().text == "(" {
				closer = ")"
			}
			var vals []string
			for p.peek().text != closer {
				v, err := p.literal()
				if err != nil {
					return "", err
				}
				vals = append(vals, p.value(v))
				if p.peek().text == "," {
					p.pos++
				}
			}
			p.pos++
			out = append(out, "IN", "("+strings.Join(vals, ", ")+")")
		case t.kind == "ident" && u == "IS":
			p.pos++
			not := p.keyword("NOT")
			if !p.keyword("MISSING") {
				return "", pqError("IS supports only MISSING")
			}
			if lastPath < 0 {
				return "", pqError("IS MISSING needs an attribute")
			}
			fn := "attribute_not_exists"
			if not {
				fn = "attribute_exists"
			}
			path := strings.Join(out[lastPath:], "")
			out = append(out[:lastPath], fn+"("+path+")")
		case t.kind == "ident" && p.toks[p.pos+1].text == "(":
			p.pos += 2
			out = append(out, strings.ToLower(t.text), "(")
		case t.kind == "ident" || t.kind == "qident":
			lastPath = len(out)
			path, err := p.path()
			if err != nil {
				return "", err
			}
			out = append(out, path)
		case p.isLiteralStart() && !(t.text == "-" && p.toks[p.pos+1].kind != "num"):
			v, err := p.literal()
			if err != nil {
				return "", err
			}
			out = append(out, p.value(v))
		case t.kind == "op" && t.text == "!=":
			p.pos++
			out = append(out, "<>")
		case t.kind == "op":
			p.pos++
			out = append(out, t.text)
		default:
			return "", pqError("Unexpected token: %q", t.text)
		}
	}
	return strings.Join(out, " "), nil
}

func (p *pqParser) selectStmt() error {
	var proj []string
	if p.peek().text == "*" {
		p.pos++
	} else {
		for {
			path, err := p.path()
			if err != nil {
				return err
			}
			proj = append(proj, path)
			if p.peek().text != "," {
				break
			}
			p.pos++
		}
	}
	p.st.projection = strings.Join(proj, ", ")
	if err := p.expect("FROM"); err != nil {
		return err
	}
	if err := p.tableName(); err != nil {
		return err
	}
	return p.optionalWhere()
}

func (p *pqParser) optionalWhere() error {
	if !p.keyword("WHERE") {
		return nil
	}
	w, err := p.condition()
	p.st.where = w
	return err
}

func (p *pqParser) insertStmt() error {
	if err := p.expect("INTO"); err != nil {
		return err
	}
	if err := p.tableName(); err != nil {
		return err
	}
	if err := p.expect("VALUE"); err != nil {
		return err
	}
	v, err := p.literal()
	if err != nil {
		return err
	}
	if v.M == nil {
		return pqError("INSERT takes a map: VALUE {'attribute': value, ...}")
	}
	p.st.item = v.M
	return nil
}

func (p *pqParser) updateStmt() error {
	if err := p.tableName(); err != nil {
		return err
	}
	var sets, removes []string
	for {
		switch {
		case p.keyword("SET"):
			path, err := p.path()
			if err != nil {
				return err
			}
			if err := p.expect("="); err != nil {
				return err
			}
			val, err := p.setValue()
			if err != nil {
				return err
			}
			sets = append(sets, path+" = "+val)
		case p.keyword("REMOVE"):
			path, err := p.path()
			if err != nil {
				return err
			}
			removes = append(removes, path)
		case p.peek().text == ",":
			p.pos++
			continue
		default:
			if len(sets)+len(removes) == 0 {
				return pqError("UPDATE needs SET or REMOVE")
			}
			var parts []string
			if len(sets) > 0 {
				parts = append(parts, "SET "+strings.Join(sets, ", "))
			}
			if len(removes) > 0 {
				parts = append(parts, "REMOVE "+strings.Join(removes, ", "))
			}
			p.st.update = strings.Join(parts, " ")
			if err := p.expect("WHERE"); err != nil {
				return err
			}
			w, err := p.condition()
			p.st.where = w
			if err != nil {
				return err
			}
			return p.returning()
		}
	}
}

// returning reads an optional RETURNING clause (Developer Guide, PartiQL
// UPDATE and DELETE): ALL OLD *, ALL NEW *, MODIFIED OLD *, MODIFIED NEW *,
// as UpdateItem's ReturnValues ALL_OLD, ALL_NEW, UPDATED_OLD, UPDATED_NEW.
func (p *pqParser) returning() error {
	if !p.keyword("RETURNING") {
		return nil
	}
	var which, age string
	switch {
	case p.keyword("ALL"):
		which = "ALL"
	case p.keyword("MODIFIED"):
		which = "UPDATED"
	default:
		return pqError("RETURNING takes ALL or MODIFIED")
	}
	switch {
	case p.keyword("OLD"):
		age = "OLD"
	case p.keyword("NEW"):
		age = "NEW"
	default:
		return pqError("RETURNING takes OLD or NEW")
	}
	if err := p.expect("*"); err != nil {
		return err
	}
	p.st.returning = which + "_" + age
	if p.st.verb == "DELETE" && p.st.returning != "ALL_OLD" {
		return pqError("DELETE supports only RETURNING ALL OLD *")
	}
	return nil
}

// setValue translates an UPDATE value: operand [+|- operand], an operand a
// literal, a path, or list_append(a, b) / if_not_exists(a, b).
func (p *pqParser) setValue() (string, error) {
	l, err := p.setOperand()
	if err != nil {
		return "", err
	}
	if t := p.peek(); t.text == "+" || t.text == "-" {
		p.pos++
		r, err := p.setOperand()
		return l + " " + t.text + " " + r, err
	}
	return l, nil
}

func (p *pqParser) setOperand() (string, error) {
	t := p.peek()
	if t.kind == "ident" && p.toks[p.pos+1].text == "(" {
		p.pos += 2
		a, err := p.setOperand()
		if err != nil {
			return "", err
		}
		if err := p.expect(","); err != nil {
			return "", err
		}
		b, err := p.setOperand()
		if err != nil {
			return "", err
		}
		return strings.ToLower(t.text) + "(" + a + ", " + b + ")", p.expect(")")
	}
	if p.isLiteralStart() {
		v, err := p.literal()
		return p.value(v), err
	}
	return p.path()
}

func (p *pqParser) deleteStmt() error {
	if err := p.expect("FROM"); err != nil {
		return err
	}
	if err := p.tableName(); err != nil {
		return err
	}
	if err := p.expect("WHERE"); err != nil {
		return err
	}
	w, err := p.condition()
	p.st.where = w
	if err != nil {
		return err
	}
	return p.returning()
}
