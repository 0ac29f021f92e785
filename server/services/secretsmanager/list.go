package secretsmanager

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// page slices items for MaxResults (default 100) and a NextToken this
// emulator issued (an offset; anything else is InvalidNextTokenException).
func page[T any](items []T, max *int32, token *string) ([]T, *string, error) {
	start := 0
	if token != nil {
		n, err := strconv.Atoi(*token)
		if err != nil || n < 0 || n > len(items) {
			return nil, nil, &InvalidNextTokenException{Message: ptr("The NextToken value is invalid.")}
		}
		start = n
	}
	size := 100
	if max != nil && *max > 0 {
		size = int(*max)
	}
	end := min(start+size, len(items))
	if end < len(items) {
		return items[start:end], ptr(strconv.Itoa(end)), nil
	}
	return items[start:end], nil, nil
}

// filterKeys are ListSecrets' Filter keys (API Reference, Filter).
var filterKeys = map[string]bool{"description": true, "name": true, "tag-key": true, "tag-value": true,
	"primary-region": true, "owning-service": true, "all": true}

func checkFilters(fs []Filter) error {
	for _, f := range fs {
		if !filterKeys[valueOf(f.Key)] {
			return awsapi.ValidationError("1 validation error detected: Value '%s' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [all, name, tag-key, description, tag-value, primary-region, owning-service]", valueOf(f.Key))
		}
		if len(f.Values) == 0 {
			return &InvalidParameterException{Message: ptr("Invalid filter values: a filter needs at least one value.")}
		}
	}
	return nil
}

// matches applies the filters: every filter must match; within one, any
// value. Values match as case-insensitive prefixes ("name", "description",
// tags) and a leading "!" negates (User Guide, "Find secrets in AWS Secrets
// Manager").
func (sec *secret) matches(fs []Filter) bool {
	for _, f := range fs {
		ok := false
		for _, v := range f.Values {
			neg := strings.HasPrefix(v, "!")
			v = strings.TrimPrefix(v, "!")
			if sec.matchOne(valueOf(f.Key), strings.ToLower(v)) != neg {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func prefix(s, v string) bool { return strings.HasPrefix(strings.ToLower(s), v) }

func (sec *secret) matchOne(key, v string) bool {
	switch key {
	case "name":
		return prefix(sec.name, v)
	case "description":
		return prefix(sec.description, v)
	case "tag-key":
		for _, t := range sec.tags {
			if prefix(valueOf(t.Key), v) {
				return true
			}
		}
	case "tag-value":
		for _, t := range sec.tags {
			if prefix(valueOf(t.Value), v) {
				return true
			}
		}
	case "primary-region":
		p := strings.Split(sec.arn, ":")
		return prefix(p[3], v)
	case "owning-service":
		return false
	case "all":
		for _, k := range []string{"name", "description", "tag-key", "tag-value", "primary-region"} {
			if sec.matchOne(k, v) {
				return true
			}
		}
	}
	return false
}

// sorted lists the store's secrets matching filters, by SortBy (default
// created-date) and SortOrder (default desc: newest first).
func (s *Service) sorted(st *store, fs []Filter, includeDeleted bool, sortBy, order string) []*secret {
	var out []*secret
	for _, sec := range st.secrets {
		if !includeDeleted && !sec.deletionDate.IsZero() {
			continue
		}
		if sec.matches(fs) {
			out = append(out, sec)
		}
	}
	less := func(a, b *secret) bool {
		switch sortBy {
		case "name":
			return a.name < b.name
		case "last-changed-date":
			return a.lastChanged.Before(b.lastChanged)
		case "last-accessed-date":
			return a.lastAccessed.Before(b.lastAccessed)
		}
		if a.created.Equal(b.created) {
			return a.name < b.name
		}
		return a.created.Before(b.created)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if order == "asc" {
			return less(out[i], out[j])
		}
		return less(out[j], out[i])
	})
	return out
}

// ListSecrets implements Provider. Secrets scheduled for deletion appear only
// with IncludePlannedDeletion.
func (s *Service) ListSecrets(ctx context.Context, in *ListSecretsRequest) (*ListSecretsResponse, error) {
	if err := checkFilters(in.Filters); err != nil {
		return nil, err
	}
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	s.lookupLocked(st, "")
	secs := s.sorted(st, in.Filters, valueOf(in.IncludePlannedDeletion), valueOf(in.SortBy), valueOf(in.SortOrder))
	entries := make([]SecretListEntry, len(secs))
	for i, sec := range secs {
		entries[i] = sec.listEntry()
	}
	st.mu.Unlock()
	p, next, err := page(entries, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	return &ListSecretsResponse{SecretList: p, NextToken: next}, nil
}

// BatchGetSecretValue implements Provider: SecretIdList or Filters, not both
// (InvalidParameterException); secrets that fail are listed in Errors with
// their error code (API Reference, BatchGetSecretValue).
func (s *Service) BatchGetSecretValue(ctx context.Context, in *BatchGetSecretValueRequest) (*BatchGetSecretValueResponse, error) {
	if len(in.SecretIdList) > 0 && len(in.Filters) > 0 {
		return nil, &InvalidParameterException{Message: ptr("Either 'SecretIdList' or 'Filters' must be provided, but not both.")}
	}
	if len(in.SecretIdList) == 0 && len(in.Filters) == 0 {
		return nil, &InvalidParameterException{Message: ptr("Either 'SecretIdList' or 'Filters' must be provided.")}
	}
	if err := checkFilters(in.Filters); err != nil {
		return nil, err
	}
	out := &BatchGetSecretValueResponse{SecretValues: []SecretValueEntry{}, Errors: []APIErrorType{}}
	if len(in.SecretIdList) > 0 {
		if in.MaxResults != nil {
			return nil, &InvalidParameterException{Message: ptr("MaxResults can only be used with Filters.")}
		}
		for _, id := range in.SecretIdList {
			err := s.withSecret(ctx, &id, func(sec *secret, _ *store) error {
				e, err := s.valueEntry(ctx, sec, nil, nil)
				if err == nil {
					out.SecretValues = append(out.SecretValues, e)
				}
				return err
			})
			if ae, ok := err.(awsapi.APIError); ok {
				out.Errors = append(out.Errors, APIErrorType{SecretId: ptr(id), ErrorCode_: ptr(awsapi.ShapeName(ae)), Message: ptr(ae.ErrorMessage())})
			} else if err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	defer st.mu.Unlock()
	secs, next, err := page(s.sorted(st, in.Filters, false, "", ""), in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	for _, sec := range secs {
		e, err := s.valueEntry(ctx, sec, nil, nil)
		if ae, ok := err.(awsapi.APIError); ok {
			out.Errors = append(out.Errors, APIErrorType{SecretId: ptr(sec.arn), ErrorCode_: ptr(awsapi.ShapeName(ae)), Message: ptr(ae.ErrorMessage())})
			continue
		}
		out.SecretValues = append(out.SecretValues, e)
	}
	out.NextToken = next
	return out, nil
}
