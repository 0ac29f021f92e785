package cloudwatch

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// tseries is a query result: value by timestamp.
type tseries map[time.Time]float64

// GetMetricData runs MetricStat queries and basic metric math (+ - * / on
// query ids and numbers, SUM/AVG/MIN/MAX of [ids] or METRICS(), ABS, RATE,
// DIFF), ordered
// by ScanBy (TimestampDescending by default), MaxDatapoints (default
// 100,800) a page.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
func (s *Service) GetMetricData(ctx context.Context, in *GetMetricDataInput) (*GetMetricDataOutput, error) {
	start, end := valueOf(in.StartTime).UTC(), valueOf(in.EndTime).UTC()
	if !start.Before(end) {
		return nil, validationError("The parameter StartTime must be less than the parameter EndTime.")
	}
	ids := map[string]bool{}
	for _, q := range in.MetricDataQueries {
		id := valueOf(q.Id)
		if ids[id] {
			return nil, validationError("The values for parameter id in MetricDataQueries are not unique.")
		}
		ids[id] = true
		if (q.MetricStat == nil) == (q.Expression == nil) {
			return nil, validationError("Exactly one of MetricStat and Expression must be set for query %s.", id)
		}
		if q.MetricStat != nil && (!validStat(valueOf(q.MetricStat.Stat)) || !validPeriod(valueOf(q.MetricStat.Period))) {
			return nil, validationError("The MetricStat of query %s has an invalid Stat or Period.", id)
		}
	}
	st, _ := s.locked(ctx)
	results := map[string]tseries{}
	for _, q := range in.MetricDataQueries {
		if ms := q.MetricStat; ms != nil {
			ts := tseries{}
			m := valueOf(ms.Metric)
			if sr := st.data.Series[seriesKey(valueOf(m.Namespace), valueOf(m.MetricName), m.Dimensions)]; sr != nil {
				for t, a := range sr.bucketed(start, end, int64(valueOf(ms.Period)), valueOf(ms.Unit)) {
					if v, ok := a.stat(valueOf(ms.Stat)); ok {
						ts[t] = v
					}
				}
			}
			results[valueOf(q.Id)] = ts
		}
	}
	st.mu.Unlock()
	out := &GetMetricDataOutput{MetricDataResults: []MetricDataResult{}, Messages: []MessageData{}}
	var all []MetricDataResult
	for _, q := range in.MetricDataQueries {
		id := valueOf(q.Id)
		label := valueOf(q.Label)
		if q.Expression != nil {
			v, err := evalExpr(*q.Expression, results, in.MetricDataQueries)
			if err != nil {
				return nil, validationError("Error in expression '%s' of query %s: %v", *q.Expression, id, err)
			}
			results[id] = v
			if label == "" {
				label = id
			}
		} else if label == "" {
			label = valueOf(valueOf(q.MetricStat.Metric).MetricName)
		}
		if q.ReturnData != nil && !*q.ReturnData {
			continue
		}
		ts := results[id]
		times := make([]time.Time, 0, len(ts))
		for t := range ts {
			times = append(times, t)
		}
		asc := valueOf(in.ScanBy) == "TimestampAscending"
		sort.Slice(times, func(i, j int) bool {
			if asc {
				return times[i].Before(times[j])
			}
			return times[i].After(times[j])
		})
		r := MetricDataResult{Id: ptr(id), Label: ptr(label), Timestamps: times, Values: make([]float64, len(times)),
			StatusCode: ptr("Complete"), Messages: []MessageData{}}
		for i, t := range times {
			r.Values[i] = ts[t]
		}
		all = append(all, r)
	}
	// Pagination: skip the datapoints earlier pages returned, then fill up
	// to MaxDatapoints.
	skip := 0
	if in.NextToken != nil {
		n, err := strconv.Atoi(*in.NextToken)
		if err != nil || n < 0 {
			return nil, &InvalidNextToken{Message: ptr("The service couldn't process your request because the NextToken is invalid.")}
		}
		skip = n
	}
	budget := int(valueOf(in.MaxDatapoints))
	if budget <= 0 {
		budget = 100800
	}
	seen, taken := 0, 0
	for _, r := range all {
		from := min(max(skip-seen, 0), len(r.Values))
		seen += len(r.Values)
		n := min(len(r.Values)-from, budget-taken)
		if n < len(r.Values)-from {
			r.StatusCode = ptr("PartialData")
		}
		r.Timestamps, r.Values = r.Timestamps[from:from+n], r.Values[from:from+n]
		taken += n
		out.MetricDataResults = append(out.MetricDataResults, r)
	}
	if skip+taken < seen {
		out.NextToken = ptr(strconv.Itoa(skip + taken))
	}
	return out, nil
}

// evalExpr evaluates a metric math expression over the series computed so
// far. A value is a series or a scalar (a series with the zero time only).
func evalExpr(src string, results map[string]tseries, queries []MetricDataQuery) (tseries, error) {
	p := &exprParser{src: src, results: results, queries: queries}
	v, err := p.sum()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.src) {
		return nil, fmt.Errorf("unexpected %q", p.src[p.pos:])
	}
	if sc, ok := scalar(v); ok {
		// A scalar result has no timestamps to report.
		_ = sc
		return tseries{}, nil
	}
	return v, nil
}

var scalarTime = time.Time{}

func scalar(v tseries) (float64, bool) {
	x, ok := v[scalarTime]
	return x, ok && len(v) == 1
}

type exprParser struct {
	src     string
	pos     int
	results map[string]tseries
	queries []MetricDataQuery
}

func (p *exprParser) space() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *exprParser) peek() byte {
	p.space()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *exprParser) sum() (tseries, error) {
	l, err := p.product()
	for err == nil && (p.peek() == '+' || p.peek() == '-') {
		op := p.src[p.pos]
		p.pos++
		var r tseries
		if r, err = p.product(); err == nil {
			l = combine(l, r, op)
		}
	}
	return l, err
}

func (p *exprParser) product() (tseries, error) {
	l, err := p.atom()
	for err == nil && (p.peek() == '*' || p.peek() == '/') {
		op := p.src[p.pos]
		p.pos++
		var r tseries
		if r, err = p.atom(); err == nil {
			l = combine(l, r, op)
		}
	}
	return l, err
}

func (p *exprParser) atom() (tseries, error) {
	c := p.peek()
	switch {
	case c == '(':
		p.pos++
		v, err := p.sum()
		if err == nil && p.peek() != ')' {
			err = fmt.Errorf("missing )")
		}
		p.pos++
		return v, err
	case c >= '0' && c <= '9' || c == '.':
		start := p.pos
		for p.pos < len(p.src) && (p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '.') {
			p.pos++
		}
		f, err := strconv.ParseFloat(p.src[start:p.pos], 64)
		return tseries{scalarTime: f}, err
	case c == '-':
		p.pos++
		v, err := p.atom()
		return combine(tseries{scalarTime: -1}, v, '*'), err
	}
	start := p.pos
	for p.pos < len(p.src) && isIdent(p.src[p.pos]) {
		p.pos++
	}
	name := p.src[start:p.pos]
	if name == "" {
		return nil, fmt.Errorf("unexpected %q", p.src[p.pos:])
	}
	if p.peek() != '(' {
		v, ok := p.results[name]
		if !ok {
			return nil, fmt.Errorf("unknown metric id %s", name)
		}
		return v, nil
	}
	p.pos++
	var args []tseries
	if strings.HasPrefix(p.src[p.pos:], "METRICS()") {
		p.pos += len("METRICS()")
		for _, q := range p.queries {
			if v, ok := p.results[valueOf(q.Id)]; ok && q.MetricStat != nil {
				args = append(args, v)
			}
		}
	} else if p.peek() == '[' {
		p.pos++
		for {
			v, err := p.sum()
			if err != nil {
				return nil, err
			}
			args = append(args, v)
			if p.peek() == ',' {
				p.pos++
				continue
			}
			break
		}
		if p.peek() != ']' {
			return nil, fmt.Errorf("missing ]")
		}
		p.pos++
	} else {
		v, err := p.sum()
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	if p.peek() != ')' {
		return nil, fmt.Errorf("missing )")
	}
	p.pos++
	return apply(strings.ToUpper(name), args)
}

// apply runs a function across series per timestamp (SUM, AVG, MIN, MAX) or
// on one series (ABS, RATE, DIFF).
func apply(fn string, args []tseries) (tseries, error) {
	out := tseries{}
	switch fn {
	case "RATE", "DIFF":
		// Change between consecutive points (DIFF), per second (RATE); the
		// first point has no predecessor and is dropped.
		times := make([]time.Time, 0, len(args[0]))
		for t := range args[0] {
			times = append(times, t)
		}
		sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
		for i := 1; i < len(times); i++ {
			d := args[0][times[i]] - args[0][times[i-1]]
			if fn == "RATE" {
				d /= times[i].Sub(times[i-1]).Seconds()
			}
			out[times[i]] = d
		}
		return out, nil
	case "ABS":
		for t, v := range args[0] {
			if v < 0 {
				v = -v
			}
			out[t] = v
		}
		return out, nil
	case "SUM", "AVG", "MIN", "MAX":
	default:
		return nil, fmt.Errorf("unsupported function %s", fn)
	}
	n := map[time.Time]int{}
	for _, a := range args {
		for t, v := range a {
			cur, ok := out[t]
			switch {
			case !ok:
				out[t] = v
			case fn == "SUM" || fn == "AVG":
				out[t] = cur + v
			case fn == "MIN" && v < cur, fn == "MAX" && v > cur:
				out[t] = v
			}
			n[t]++
		}
	}
	if fn == "AVG" {
		for t := range out {
			out[t] /= float64(n[t])
		}
	}
	return out, nil
}

// combine applies op pointwise; a scalar applies to every point, and two
// series combine where both have a point.
func combine(l, r tseries, op byte) tseries {
	f := func(a, b float64) float64 {
		switch op {
		case '+':
			return a + b
		case '-':
			return a - b
		case '*':
			return a * b
		}
		return a / b
	}
	ls, lok := scalar(l)
	rs, rok := scalar(r)
	out := tseries{}
	switch {
	case lok && rok:
		out[scalarTime] = f(ls, rs)
	case lok:
		for t, v := range r {
			out[t] = f(ls, v)
		}
	case rok:
		for t, v := range l {
			out[t] = f(v, rs)
		}
	default:
		for t, v := range l {
			if w, ok := r[t]; ok {
				out[t] = f(v, w)
			}
		}
	}
	return out
}
