package cloudwatch

import (
	"fmt"
	"strings"
	"time"
)

// evaluateAlarms evaluates the alarms pick selects against the stored data
// at env.Now: metric alarms first, then composite alarms (which read them).
// The caller holds st.mu.
func (s *Service) evaluateAlarms(st *store, pick func(*alarm) bool) {
	now := s.now()
	for _, a := range st.data.Alarms {
		if a.Metric != nil && pick(a) {
			s.evaluateMetric(st, a, now)
		}
	}
	for _, a := range st.data.Alarms {
		if a.Composite != nil && pick(a) {
			st.evaluateComposite(a, now)
		}
	}
}

// evaluateMetric applies AWS's evaluation: the last EvaluationPeriods
// periods before now, ALARM when at least DatapointsToAlarm of them breach,
// missing periods treated per TreatMissingData (missing, breaching,
// notBreaching, ignore).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation
func (s *Service) evaluateMetric(st *store, a *alarm, now time.Time) {
	m := a.Metric
	periods := int(valueOf(m.EvaluationPeriods))
	if periods <= 0 {
		periods = 1
	}
	need := int(valueOf(m.DatapointsToAlarm))
	if need <= 0 {
		need = periods
	}
	values, ok := s.alarmValues(st, a, now, periods)
	if !ok {
		return
	}
	breaching, present := 0, 0
	treat := valueOf(m.TreatMissingData)
	for _, v := range values {
		if v == nil {
			if treat == "breaching" {
				breaching++
			}
			continue
		}
		present++
		if compare(*v, valueOf(m.Threshold), valueOf(m.ComparisonOperator)) {
			breaching++
		}
	}
	var state, reason string
	switch {
	case present == 0 && (treat == "" || treat == "missing"):
		state, reason = "INSUFFICIENT_DATA", "Insufficient Data: no datapoints were received for the evaluation periods."
	case present == 0 && treat == "ignore":
		return
	case breaching >= need:
		state, reason = "ALARM", fmt.Sprintf("Threshold Crossed: %d out of the last %d datapoints were %s the threshold (%v).", breaching, periods, opWord(valueOf(m.ComparisonOperator)), valueOf(m.Threshold))
	default:
		state, reason = "OK", fmt.Sprintf("Threshold Crossed: %d out of the last %d datapoints were not %s the threshold (%v).", periods-breaching, periods, opWord(valueOf(m.ComparisonOperator)), valueOf(m.Threshold))
	}
	if state == a.State {
		return
	}
	st.setState(a, state, reason, "", now)
}

// alarmValues returns the alarm statistic for each of the last n periods
// (nil where no data), oldest first; ok is false for alarms it cannot read
// (metric math alarms without a metric stat).
func (s *Service) alarmValues(st *store, a *alarm, now time.Time, n int) ([]*float64, bool) {
	m := a.Metric
	ns, name, dims, stat, unit := valueOf(m.Namespace), valueOf(m.MetricName), m.Dimensions, valueOf(m.Statistic), valueOf(m.Unit)
	period := int64(valueOf(m.Period))
	if m.ExtendedStatistic != nil {
		stat = *m.ExtendedStatistic
	}
	if len(m.Metrics) > 0 {
		var q *MetricDataQuery
		for i := range m.Metrics {
			if m.Metrics[i].ReturnData == nil || *m.Metrics[i].ReturnData {
				q = &m.Metrics[i]
			}
		}
		if q == nil || q.MetricStat == nil || q.MetricStat.Metric == nil {
			return nil, false
		}
		ms := q.MetricStat
		ns, name, dims, stat, unit, period = valueOf(ms.Metric.Namespace), valueOf(ms.Metric.MetricName), ms.Metric.Dimensions, valueOf(ms.Stat), valueOf(ms.Unit), int64(valueOf(ms.Period))
	}
	if period <= 0 {
		return nil, false
	}
	step := time.Duration(period) * time.Second
	// The n periods end at now, inclusive: a datum stamped now counts.
	start := now.Add(-time.Duration(n) * step).Add(time.Nanosecond)
	out := make([]*float64, n)
	sr := st.data.Series[seriesKey(ns, name, dims)]
	if sr == nil {
		return out, true
	}
	buckets := sr.bucketed(start, now.Add(time.Nanosecond), period, unit)
	for i := range n {
		if b := buckets[start.Add(time.Duration(i)*step)]; b != nil {
			if v, ok := b.stat(stat); ok {
				out[i] = &v
			}
		}
	}
	return out, true
}

func compare(v, threshold float64, op string) bool {
	switch op {
	case "GreaterThanOrEqualToThreshold":
		return v >= threshold
	case "GreaterThanThreshold":
		return v > threshold
	case "LessThanThreshold":
		return v < threshold
	case "LessThanOrEqualToThreshold":
		return v <= threshold
	}
	return false
}

func opWord(op string) string {
	switch op {
	case "GreaterThanOrEqualToThreshold":
		return "greater than or equal to"
	case "GreaterThanThreshold":
		return "greater than"
	case "LessThanThreshold":
		return "less than"
	case "LessThanOrEqualToThreshold":
		return "less than or equal to"
	}
	return op
}

func (st *store) evaluateComposite(a *alarm, now time.Time) {
	rule, err := parseRule(valueOf(a.Composite.AlarmRule))
	if err != nil {
		return
	}
	state := "OK"
	if rule(func(name, want string) bool {
		x := st.data.Alarms[name]
		return x != nil && x.State == want
	}) {
		state = "ALARM"
	}
	if state != a.State {
		st.setState(a, state, "arn:aws:cloudwatch: composite alarm rule evaluated to "+state, "", now)
	}
}

// rule evaluates an AlarmRule given each alarm's state test.
type rule func(is func(name, state string) bool) bool

// parseRule parses the AlarmRule grammar: ALARM(name), OK(name),
// INSUFFICIENT_DATA(name) (names quoted or bare), TRUE, FALSE, NOT, AND, OR
// and parentheses (AND binds tighter than OR).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html
func parseRule(src string) (rule, error) {
	p := &ruleParser{src: src}
	r, err := p.or()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.src) {
		return nil, fmt.Errorf("unexpected %q", p.src[p.pos:])
	}
	return r, nil
}

// ruleAlarms lists the alarm names a rule reads.
func ruleAlarms(src string) []string {
	var names []string
	if r, err := parseRule(src); err == nil {
		r(func(name, _ string) bool { names = append(names, name); return false })
	}
	return names
}

type ruleParser struct {
	src string
	pos int
}

func (p *ruleParser) space() {
	for p.pos < len(p.src) && strings.ContainsRune(" \t\n\r", rune(p.src[p.pos])) {
		p.pos++
	}
}

func (p *ruleParser) word(w string) bool {
	p.space()
	if strings.HasPrefix(strings.ToUpper(p.src[p.pos:]), w) {
		end := p.pos + len(w)
		if end == len(p.src) || !isIdent(p.src[end]) || w == "(" || w == ")" {
			p.pos = end
			return true
		}
	}
	return false
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

func (p *ruleParser) or() (rule, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.word("OR") {
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		a, b := l, r
		l = func(is func(string, string) bool) bool { x, y := a(is), b(is); return x || y }
	}
	return l, nil
}

func (p *ruleParser) and() (rule, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.word("AND") {
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		a, b := l, r
		l = func(is func(string, string) bool) bool { x, y := a(is), b(is); return x && y }
	}
	return l, nil
}

func (p *ruleParser) unary() (rule, error) {
	switch {
	case p.word("NOT"):
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		return func(is func(string, string) bool) bool { return !r(is) }, nil
	case p.word("TRUE"):
		return func(func(string, string) bool) bool { return true }, nil
	case p.word("FALSE"):
		return func(func(string, string) bool) bool { return false }, nil
	case p.word("("):
		r, err := p.or()
		if err != nil {
			return nil, err
		}
		if !p.word(")") {
			return nil, fmt.Errorf("missing )")
		}
		return r, nil
	}
	for _, st := range []string{"ALARM", "OK", "INSUFFICIENT_DATA"} {
		if p.word(st) {
			if !p.word("(") {
				return nil, fmt.Errorf("missing ( after %s", st)
			}
			p.space()
			name, err := p.name()
			if err != nil {
				return nil, err
			}
			if !p.word(")") {
				return nil, fmt.Errorf("missing ) after %s", name)
			}
			want := st
			return func(is func(string, string) bool) bool { return is(name, want) }, nil
		}
	}
	return nil, fmt.Errorf("unexpected token at %d", p.pos)
}

func (p *ruleParser) name() (string, error) {
	if p.pos < len(p.src) && (p.src[p.pos] == '"' || p.src[p.pos] == '\'') {
		q := p.src[p.pos]
		end := strings.IndexByte(p.src[p.pos+1:], q)
		if end < 0 {
			return "", fmt.Errorf("unterminated alarm name")
		}
		n := p.src[p.pos+1 : p.pos+1+end]
		p.pos += end + 2
		return n, nil
	}
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] != ')' {
		p.pos++
	}
	n := strings.TrimSpace(p.src[start:p.pos])
	if n == "" {
		return "", fmt.Errorf("empty alarm name")
	}
	return n, nil
}
