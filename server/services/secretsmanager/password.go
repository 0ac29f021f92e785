package secretsmanager

import (
	"context"
	"crypto/rand"
	"math/big"
	"strings"
)

// Character classes of GetRandomPassword (API Reference: punctuation is
// ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~).
const (
	lowerChars = "abcdefghijklmnopqrstuvwxyz"
	upperChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digitChars = "0123456789"
	punctChars = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
)

// GetRandomPassword implements Provider: PasswordLength 1–4096 (default
// 32); RequireEachIncludedType (default true) puts at least one character
// of every included class in the password.
func (s *Service) GetRandomPassword(ctx context.Context, in *GetRandomPasswordRequest) (*GetRandomPasswordResponse, error) {
	length := int64(32)
	if in.PasswordLength != nil {
		length = *in.PasswordLength
	}
	if length < 1 || length > 4096 {
		return nil, &InvalidParameterException{Message: ptr("Password length must be between 1 and 4096.")}
	}
	exclude := valueOf(in.ExcludeCharacters)
	var classes []string
	add := func(skip *bool, chars string) {
		if valueOf(skip) {
			return
		}
		kept := strings.Map(func(r rune) rune {
			if strings.ContainsRune(exclude, r) {
				return -1
			}
			return r
		}, chars)
		if kept != "" {
			classes = append(classes, kept)
		}
	}
	add(in.ExcludeLowercase, lowerChars)
	add(in.ExcludeUppercase, upperChars)
	add(in.ExcludeNumbers, digitChars)
	add(in.ExcludePunctuation, punctChars)
	if valueOf(in.IncludeSpace) && !strings.Contains(exclude, " ") {
		classes = append(classes, " ")
	}
	if len(classes) == 0 {
		return nil, &InvalidParameterException{Message: ptr("Password could not be generated: every character class is excluded.")}
	}
	require := in.RequireEachIncludedType == nil || *in.RequireEachIncludedType
	if require && int(length) < len(classes) {
		return nil, &InvalidParameterException{Message: ptr("Password length is too short to include a character of each included type.")}
	}
	all := strings.Join(classes, "")
	pw := make([]byte, 0, length)
	if require {
		for _, c := range classes {
			pw = append(pw, c[randInt(len(c))])
		}
	}
	for int64(len(pw)) < length {
		pw = append(pw, all[randInt(len(all))])
	}
	for i := len(pw) - 1; i > 0; i-- { // shuffle so the required characters are anywhere
		j := randInt(i + 1)
		pw[i], pw[j] = pw[j], pw[i]
	}
	return &GetRandomPasswordResponse{RandomPassword: ptr(string(pw))}, nil
}

func randInt(n int) int {
	v, _ := rand.Int(rand.Reader, big.NewInt(int64(n)))
	return int(v.Int64())
}
