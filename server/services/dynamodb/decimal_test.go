package dynamodb

import "testing"

func TestDecimalCompare(t *testing.T) {
	// DynamoDB numbers compare by exact value (up to 38 digits), which
	// float64 cannot do for the last pair.
	ordered := []string{
		"-1E+125", "-10", "-1.5", "-0.000001", "0", "1E-130", "0.1", "1", "1.0000000000000000000000000000000000001",
		"2", "10", "99999999999999999999999999999999999998", "99999999999999999999999999999999999999", "9.9999999999999999999999999999999999999E+125",
	}
	for i := range ordered {
		for j := range ordered {
			a, err1 := parseDecimal(ordered[i])
			b, err2 := parseDecimal(ordered[j])
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := a.cmp(b); got != want {
				t.Errorf("cmp(%s, %s) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
	for _, same := range [][2]string{{"1", "1.0"}, {"100", "1e2"}, {"0.5", ".5"}, {"-0", "0"}, {"007", "7"}, {"1.50", "15E-1"}} {
		a, _ := parseDecimal(same[0])
		b, _ := parseDecimal(same[1])
		if a.canonical() != b.canonical() || a.cmp(b) != 0 {
			t.Errorf("%s and %s differ", same[0], same[1])
		}
	}
	// Limits from the Developer Guide ("Number"): 38 digits, 1E-130 to 9.99…E+125.
	for _, bad := range []string{"", "abc", "1e", "1.2.3", "--1", "1E+126", "1E-131", "123456789012345678901234567890123456789"} {
		if _, err := parseDecimal(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
