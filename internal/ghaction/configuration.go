package ghaction

import (
	"fmt"
	"regexp"
	"strings"
)

// Pair is one KEY=VALUE of the configuration input.
type Pair struct{ Key, Value string }

// String is the pair as `emulator start -e` takes it.
func (p Pair) String() string { return p.Key + "=" + p.Value }

var (
	keyPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// commaPair spots setup-localstack's documented but broken comma form
	// ("DEBUG=1,SERVICES=s3" is one pair there, DEBUG="1,SERVICES=s3").
	commaPair = regexp.MustCompile(`,[A-Z_][A-Z0-9_]*=`)
)

// ParseConfiguration splits the configuration input into KEY=VALUE pairs.
//
// Pairs are separated by spaces, tabs or newlines. It follows the shell's
// quoting rules but never its expansions: 'single quotes' keep everything
// literally, "double quotes" keep everything except that \" and \\ stand for
// " and \, and outside quotes a backslash escapes the next character. $VAR,
// $(...) and backticks are plain text. A word starting with # comments out
// the rest of its line. Each word must be KEY=VALUE with KEY a shell
// identifier; anything else is an error naming the word and its line.
//
// warnings lists values that look like setup-localstack's comma-separated
// form, which sets one variable, not several.
func ParseConfiguration(s string) (pairs []Pair, warnings []string, err error) {
	words, err := splitWords(s)
	if err != nil {
		return nil, nil, err
	}
	for _, w := range words {
		key, val, ok := strings.Cut(w.text, "=")
		if !ok || !keyPattern.MatchString(key) || w.quotedKey {
			return nil, nil, fmt.Errorf("configuration line %d: %q is not KEY=VALUE (KEY: letters, digits and _; separate pairs with spaces or newlines)", w.line, w.text)
		}
		if commaPair.MatchString(val) {
			warnings = append(warnings, fmt.Sprintf("configuration: %s=%q sets one variable; separate pairs with spaces or newlines, not commas", key, val))
		}
		pairs = append(pairs, Pair{Key: key, Value: val})
	}
	return pairs, warnings, nil
}

type word struct {
	text      string
	line      int
	quotedKey bool // a quote or escape appeared before the first '='
}

// splitWords is the tokenizer behind ParseConfiguration.
func splitWords(s string) ([]word, error) {
	var (
		words   []word
		cur     strings.Builder
		inWord  bool
		quoted  bool // quote or escape seen before '=' in this word
		seenEq  bool
		line    = 1
		start   = 1
		rs      = []rune(s)
		endWord = func() {
			if inWord {
				words = append(words, word{text: cur.String(), line: start, quotedKey: quoted})
			}
			cur.Reset()
			inWord, quoted, seenEq = false, false, false
		}
		begin = func() {
			if !inWord {
				inWord, start = true, line
			}
		}
	)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == '\n':
			endWord()
			line++
		case c == ' ' || c == '\t' || c == '\r':
			endWord()
		case c == '#' && !inWord:
			for i+1 < len(rs) && rs[i+1] != '\n' {
				i++
			}
		case c == '\'':
			begin()
			quoted = quoted || !seenEq
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				if rs[j] == '\n' {
					line++
				}
				cur.WriteRune(rs[j])
				j++
			}
			if j == len(rs) {
				return nil, fmt.Errorf("configuration line %d: unterminated single quote", start)
			}
			i = j
		case c == '"':
			begin()
			quoted = quoted || !seenEq
			j := i + 1
			for ; j < len(rs) && rs[j] != '"'; j++ {
				if rs[j] == '\\' && j+1 < len(rs) && (rs[j+1] == '"' || rs[j+1] == '\\') {
					j++
				}
				if rs[j] == '\n' {
					line++
				}
				cur.WriteRune(rs[j])
			}
			if j == len(rs) {
				return nil, fmt.Errorf("configuration line %d: unterminated double quote", start)
			}
			i = j
		case c == '\\':
			begin()
			quoted = quoted || !seenEq
			if i+1 < len(rs) {
				i++
				if rs[i] == '\n' { // line continuation
					line++
					continue
				}
				cur.WriteRune(rs[i])
			}
		default:
			begin()
			if c == '=' {
				seenEq = true
			}
			cur.WriteRune(c)
		}
	}
	endWord()
	return words, nil
}
