package ghaction

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseConfiguration(t *testing.T) {
	cases := []struct {
		name, in string
		want     []Pair
	}{
		{"empty", "", nil},
		{"spaces", "DEBUG=1 SERVICES=s3,sqs", []Pair{{"DEBUG", "1"}, {"SERVICES", "s3,sqs"}}},
		{"newlines and tabs", "DEBUG=1\n\tSERVICES=s3\r\n\n", []Pair{{"DEBUG", "1"}, {"SERVICES", "s3"}}},
		{"empty value", "A= B=''", []Pair{{"A", ""}, {"B", ""}}},
		{"value with =", "A=x=y", []Pair{{"A", "x=y"}}},
		{"double quotes", `A="two words" B="say \"hi\" \\ \n"`, []Pair{{"A", "two words"}, {"B", `say "hi" \ \n`}}},
		{"single quotes are literal", `A='$HOME \ "x"'`, []Pair{{"A", `$HOME \ "x"`}}},
		{"adjacent quotes join", `A='it'"'"'s'`, []Pair{{"A", "it's"}}},
		{"unquoted backslash", `A=a\ b`, []Pair{{"A", "a b"}}},
		{"line continuation", "A=a\\\nb", []Pair{{"A", "ab"}}},
		{"newline inside quotes", "A=\"line one\nline two\" B=2", []Pair{{"A", "line one\nline two"}, {"B", "2"}}},
		// Nothing is ever evaluated: substitutions stay text.
		{"command substitution", `A="$(touch /tmp/pwned)" B='$(id)'`, []Pair{{"A", "$(touch /tmp/pwned)"}, {"B", "$(id)"}}},
		{"backticks", "A=`id` B=\"`touch /tmp/x`\"", []Pair{{"A", "`id`"}, {"B", "`touch /tmp/x`"}}},
		{"variables", "A=$HOME B=${PATH}", []Pair{{"A", "$HOME"}, {"B", "${PATH}"}}},
		{"semicolons and pipes", "A=1;id B=x|y&&z", []Pair{{"A", "1;id"}, {"B", "x|y&&z"}}},
		{"comments", "# header\nA=1 # trailing\n  # indented\nB=2", []Pair{{"A", "1"}, {"B", "2"}}},
		{"hash inside value", "A=x#y", []Pair{{"A", "x#y"}}},
		{"unicode", "A=héllo→", []Pair{{"A", "héllo→"}}},
		{"lowercase key", "my_key1=v", []Pair{{"my_key1", "v"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, err := ParseConfiguration(c.in)
			if err != nil {
				t.Fatalf("ParseConfiguration(%q): %v", c.in, err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("ParseConfiguration(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestParseConfigurationErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"DEBUG", `line 1: "DEBUG" is not KEY=VALUE`},
		{"A=1\nB=2\n=3", `line 3: "=3" is not KEY=VALUE`},
		{"1A=x", `"1A=x" is not KEY=VALUE`},
		{"A-B=x", `"A-B=x" is not KEY=VALUE`},
		// An unquoted $() with a space splits into two words; the second is bad.
		{"A=$(touch /tmp/x)", `"/tmp/x)" is not KEY=VALUE`},
		{`"A=1"`, `"A=1" is not KEY=VALUE`},
		{`A="open`, "line 1: unterminated double quote"},
		{"A=1\nB='open\n", "line 2: unterminated single quote"},
		{"DEBUG=1,SERVICES=s3 x", `"x" is not KEY=VALUE`},
	}
	for _, c := range cases {
		_, _, err := ParseConfiguration(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseConfiguration(%q) error = %v, want it to contain %q", c.in, err, c.want)
		}
	}
}

// setup-localstack's docs suggest commas, which there set one variable.
func TestParseConfigurationWarnsOnCommaPairs(t *testing.T) {
	pairs, warnings, err := ParseConfiguration("DEBUG=1,SERVICES=s3 OTHER=a,b")
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 2 || pairs[0].Value != "1,SERVICES=s3" {
		t.Errorf("pairs = %q", pairs)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "DEBUG") {
		t.Errorf("warnings = %q, want one about DEBUG", warnings)
	}
}

func FuzzParseConfiguration(f *testing.F) {
	for _, s := range []string{"A=1 B=2", `A="x y" B='z'`, "A=`id`\n# c\nB=$(x)", `A=a\ b`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pairs, _, err := ParseConfiguration(s)
		if err != nil {
			return
		}
		for _, p := range pairs {
			if !keyPattern.MatchString(p.Key) {
				t.Fatalf("key %q accepted from %q", p.Key, s)
			}
		}
	})
}

// Any value, single-quoted the way a shell would quote it, comes back
// byte for byte: the parser passes values through literally.
func FuzzConfigurationQuotedRoundTrip(f *testing.F) {
	for _, s := range []string{"", "two words", "$(id) `id` $HOME", "it's", "line\nbreak", `back\slash "q"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if !utf8.ValidString(v) {
			return
		}
		in := "A='" + strings.ReplaceAll(v, "'", `'"'"'`) + "' B=2"
		pairs, _, err := ParseConfiguration(in)
		if err != nil {
			t.Fatalf("ParseConfiguration(%q): %v", in, err)
		}
		if len(pairs) != 2 || pairs[0] != (Pair{"A", v}) || pairs[1] != (Pair{"B", "2"}) {
			t.Fatalf("ParseConfiguration(%q) = %q, want A=%q B=2", in, pairs, v)
		}
	})
}
