package s3

import (
	"math"
	"net/http"
	"strconv"
	"strings"
)

// Evaluation of S3 Select expressions. NULL and MISSING are nil; a
// comparison with nil is unknown (nil), which WHERE treats as false. A
// string compared with a number is read as a number when it is one (CSV
// fields are strings).

type sqlLiteral struct{ v any }

func (l sqlLiteral) eval(selectRecord) (any, error) { return l.v, nil }

type sqlColumn struct {
	qualifier string
	name      string
	qualified string // as written, for error messages and output names
}

func (c *sqlColumn) eval(r selectRecord) (any, error) {
	v, _ := r.field(c.name)
	return v, nil
}

type sqlLogic struct {
	op   string // AND, OR
	l, r sqlExpr
}

func (e *sqlLogic) eval(r selectRecord) (any, error) {
	l, err := e.l.eval(r)
	if err != nil {
		return nil, err
	}
	lb, lok := l.(bool)
	if e.op == "AND" && lok && !lb {
		return false, nil
	}
	if e.op == "OR" && lok && lb {
		return true, nil
	}
	rv, err := e.r.eval(r)
	if err != nil {
		return nil, err
	}
	rb, rok := rv.(bool)
	switch {
	case e.op == "AND" && rok && !rb:
		return false, nil
	case e.op == "OR" && rok && rb:
		return true, nil
	case lok && rok:
		return rb, nil
	}
	return nil, nil
}

type sqlNot struct{ e sqlExpr }

func (e *sqlNot) eval(r selectRecord) (any, error) {
	v, err := e.e.eval(r)
	if b, ok := v.(bool); ok {
		return !b, err
	}
	return nil, err
}

type sqlIsNull struct {
	e   sqlExpr
	neg bool
}

func (e *sqlIsNull) eval(r selectRecord) (any, error) {
	v, err := e.e.eval(r)
	return (v == nil) != e.neg, err
}

type sqlCompare struct {
	op   string
	l, r sqlExpr
}

func (e *sqlCompare) eval(r selectRecord) (any, error) {
	l, err := e.l.eval(r)
	if err != nil {
		return nil, err
	}
	rv, err := e.r.eval(r)
	if err != nil || l == nil || rv == nil {
		return nil, err
	}
	c, ok := compareValues(l, rv)
	if !ok {
		if e.op == "=" {
			return false, nil
		}
		if e.op == "!=" || e.op == "<>" {
			return true, nil
		}
		return nil, nil
	}
	switch e.op {
	case "=":
		return c == 0, nil
	case "!=", "<>":
		return c != 0, nil
	case "<":
		return c < 0, nil
	case "<=":
		return c <= 0, nil
	case ">":
		return c > 0, nil
	}
	return c >= 0, nil
}

// compareValues orders a and b (-1, 0, 1); ok is false when they are not
// comparable.
func compareValues(a, b any) (int, bool) {
	if x, ok := toNumber(a); ok {
		if y, ok := toNumber(b); ok {
			switch {
			case x < y:
				return -1, true
			case x > y:
				return 1, true
			}
			return 0, true
		}
	}
	as, aok := a.(string)
	bs, bok := b.(string)
	if aok && bok {
		return strings.Compare(as, bs), true
	}
	ab, aok := a.(bool)
	bb, bok := b.(bool)
	if aok && bok {
		if ab == bb {
			return 0, true
		}
		if !ab {
			return -1, true
		}
		return 1, true
	}
	return 0, false
}

// toNumber reads a number, or a string holding one.
func toNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

type sqlArith struct {
	op   string
	l, r sqlExpr
}

func (e *sqlArith) eval(r selectRecord) (any, error) {
	l, err := e.l.eval(r)
	if err != nil {
		return nil, err
	}
	rv, err := e.r.eval(r)
	if err != nil || l == nil || rv == nil {
		return nil, err
	}
	li, lint := asInt(l)
	ri, rint := asInt(rv)
	if lint && rint && e.op != "/" {
		switch e.op {
		case "+":
			return li + ri, nil
		case "-":
			return li - ri, nil
		case "*":
			return li * ri, nil
		case "%":
			if ri == 0 {
				return nil, errSelectEval("DivisionByZero", "Division by zero in the SQL expression.")
			}
			return li % ri, nil
		}
	}
	x, ok1 := toNumber(l)
	y, ok2 := toNumber(rv)
	if !ok1 || !ok2 {
		return nil, errSelectEval("InvalidDataType", "Arithmetic on a value that is not a number in the SQL expression.")
	}
	switch e.op {
	case "+":
		return x + y, nil
	case "-":
		return x - y, nil
	case "*":
		return x * y, nil
	case "%":
		return math.Mod(x, y), nil
	}
	if y == 0 {
		return nil, errSelectEval("DivisionByZero", "Division by zero in the SQL expression.")
	}
	if lint && rint && li%ri == 0 {
		return li / ri, nil
	}
	return x / y, nil
}

func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}

type sqlCast struct {
	e   sqlExpr
	typ string
}

func (e *sqlCast) eval(r selectRecord) (any, error) {
	v, err := e.e.eval(r)
	if err != nil || v == nil {
		return nil, err
	}
	fail := func() (any, error) {
		return nil, errSelectEval("CastFailed", "Attempt to convert from one data type to another using CAST failed in the SQL expression.")
	}
	switch e.typ {
	case "INT", "INTEGER":
		if n, ok := asInt(v); ok {
			return n, nil
		}
		if f, ok := toNumber(v); ok {
			return int64(f), nil
		}
		return fail()
	case "FLOAT", "DECIMAL", "NUMERIC":
		if f, ok := toNumber(v); ok {
			return f, nil
		}
		return fail()
	case "STRING":
		return formatValue(v), nil
	}
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		if b, err := strconv.ParseBool(strings.ToLower(strings.TrimSpace(x))); err == nil {
			return b, nil
		}
	}
	return fail()
}

func errSelectEval(code, msg string) error {
	return s3Error(http.StatusBadRequest, code, msg, nil)
}

// formatValue is a value's text in CSV output.
func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}
