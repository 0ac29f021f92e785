package events

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// scheduleSpec is a parsed ScheduleExpression: rate(n unit) or
// cron(minutes hours day-of-month month day-of-week year) in UTC
// (EventBridge User Guide, "Creating an Amazon EventBridge rule that runs
// on a schedule").
type scheduleSpec struct {
	every time.Duration // rate
	cron  *cronSpec
}

var rateExpr = regexp.MustCompile(`^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$`)

func errSchedule() error { return errValidation("Parameter ScheduleExpression is not valid.") }

func parseSchedule(expr string) (*scheduleSpec, error) {
	if m := rateExpr.FindStringSubmatch(expr); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil || n <= 0 {
			return nil, errSchedule()
		}
		// AWS requires the singular unit for 1 and the plural otherwise.
		if (n == 1) != !strings.HasSuffix(m[2], "s") {
			return nil, errSchedule()
		}
		unit := map[string]time.Duration{"minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}[strings.TrimSuffix(m[2], "s")]
		return &scheduleSpec{every: time.Duration(n) * unit}, nil
	}
	if strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")") {
		c, err := parseCron(expr[5 : len(expr)-1])
		if err != nil {
			return nil, errSchedule()
		}
		return &scheduleSpec{cron: c}, nil
	}
	return nil, errSchedule()
}

// next returns the first firing strictly after t (for a rate, counted
// from the rule's start).
func (sp *scheduleSpec) next(start, t time.Time) time.Time {
	if sp.every > 0 {
		n := t.Sub(start)/sp.every + 1
		return start.Add(n * sp.every)
	}
	return sp.cron.next(t)
}

// cronSpec holds the allowed values of each field.
type cronSpec struct {
	minutes, hours, months, years map[int]bool
	dom, dow                      map[int]bool // nil for "?"
	lastDom                       bool         // L in day-of-month
}

var monthNames = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}
var dayNames = map[string]int{"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}

func parseCron(s string) (*cronSpec, error) {
	f := strings.Fields(s)
	if len(f) != 6 {
		return nil, errSchedule()
	}
	c := &cronSpec{}
	var err error
	if c.minutes, err = cronField(f[0], 0, 59, nil); err != nil {
		return nil, err
	}
	if c.hours, err = cronField(f[1], 0, 23, nil); err != nil {
		return nil, err
	}
	if c.months, err = cronField(f[3], 1, 12, monthNames); err != nil {
		return nil, err
	}
	if c.years, err = cronField(f[5], 1970, 2199, nil); err != nil {
		return nil, err
	}
	// Exactly one of day-of-month and day-of-week is "?".
	if (f[2] == "?") == (f[4] == "?") {
		return nil, errSchedule()
	}
	if f[2] != "?" {
		if f[2] == "L" {
			c.lastDom = true
		} else if c.dom, err = cronField(strings.TrimSuffix(f[2], "W"), 1, 31, nil); err != nil {
			return nil, err
		}
	} else {
		// L and # are approximated by the day of the week alone.
		d := f[4]
		if i := strings.IndexAny(d, "#L"); i > 0 {
			d = d[:i]
		}
		if c.dow, err = cronField(d, 1, 7, dayNames); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// cronField parses *, values, names, ranges a-b, lists and steps x/n.
func cronField(s string, lo, hi int, names map[string]int) (map[int]bool, error) {
	out := map[int]bool{}
	num := func(x string) (int, error) {
		if v, ok := names[strings.ToUpper(x)]; ok {
			return v, nil
		}
		v, err := strconv.Atoi(x)
		if err != nil || v < lo || v > hi {
			return 0, errSchedule()
		}
		return v, nil
	}
	for _, part := range strings.Split(s, ",") {
		step := 1
		if base, st, ok := strings.Cut(part, "/"); ok {
			n, err := strconv.Atoi(st)
			if err != nil || n <= 0 {
				return nil, errSchedule()
			}
			part, step = base, n
		}
		from, to := lo, hi
		switch {
		case part == "*":
		case strings.Contains(part, "-"):
			a, b, _ := strings.Cut(part, "-")
			var err error
			if from, err = num(a); err != nil {
				return nil, err
			}
			if to, err = num(b); err != nil {
				return nil, err
			}
		default:
			v, err := num(part)
			if err != nil {
				return nil, err
			}
			from = v
			if step == 1 {
				to = v
			}
		}
		for v := from; v <= to; v += step {
			out[v] = true
		}
	}
	return out, nil
}

func (c *cronSpec) dayMatches(t time.Time) bool {
	if !c.months[int(t.Month())] || !c.years[t.Year()] {
		return false
	}
	switch {
	case c.lastDom:
		return t.AddDate(0, 0, 1).Day() == 1
	case c.dom != nil:
		return c.dom[t.Day()]
	default:
		return c.dow[int(t.Weekday())+1]
	}
}

// next returns the first matching minute after t, or the zero time when
// none comes before 2200.
func (c *cronSpec) next(t time.Time) time.Time {
	t = t.UTC().Truncate(time.Minute).Add(time.Minute)
	for t.Year() < 2200 {
		if !c.dayMatches(t) {
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, time.UTC)
			continue
		}
		if !c.hours[t.Hour()] {
			t = t.Truncate(time.Hour).Add(time.Hour)
			continue
		}
		if c.minutes[t.Minute()] {
			return t
		}
		t = t.Add(time.Minute)
	}
	return time.Time{}
}

// restartScheduleLocked stops a rule's scheduler and, when the rule is
// enabled and scheduled, starts a new one. s.mu must be held.
func (s *Service) restartScheduleLocked(st *store, r *rule) {
	s.stopScheduleLocked(r.arn)
	if r.sched == nil || !r.enabled() {
		return
	}
	stop := make(chan struct{})
	s.schedules[r.arn] = stop
	go s.runSchedule(st.account, st.region, r.busName, r.name, r.sched, stop)
}

func (s *Service) stopScheduleLocked(arn string) {
	if stop, ok := s.schedules[arn]; ok {
		close(stop)
		delete(s.schedules, arn)
	}
}

// runSchedule fires a scheduled rule in real time until stopped: each
// firing sends a "Scheduled Event" to the rule's targets.
func (s *Service) runSchedule(account, region, busName, name string, sp *scheduleSpec, stop chan struct{}) {
	start := s.env.Now()
	last := start
	ctx := awsapi.WithRequest(context.Background(), &awsapi.Request{Account: account, Region: region, Service: ServiceName})
	for {
		at := sp.next(start, last)
		if at.IsZero() {
			return
		}
		select {
		case <-stop:
			return
		case <-s.after(at.Sub(s.env.Now())):
		}
		last = at
		s.mu.Lock()
		select {
		case <-stop:
			s.mu.Unlock()
			return
		default:
		}
		st := s.storeLocked(account, region)
		var ds []delivery
		if b := st.buses[busName]; b != nil && b.rules[name] != nil {
			r := b.rules[name]
			raw := scheduledEvent(s.env.NewID(), account, region, r.arn, at)
			parsed, _ := decodeEvent(raw)
			for _, t := range r.targets {
				ds = append(ds, delivery{rule: r, target: t, event: raw, parsed: parsed})
			}
		}
		s.mu.Unlock()
		s.deliverAll(ctx, ds)
	}
}
