package ssm

import (
	"context"
	"encoding/base64"
	"sort"
	"strconv"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// render returns a version as a Parameter; SecureString values are
// decrypted only WithDecryption (else the ciphertext, base64) (API
// Reference, GetParameter).
func (s *Service) render(ctx context.Context, r *awsapi.Request, p *param, v *pversion, selector string, decrypt bool) (Parameter, error) {
	val := string(v.value)
	if v.typ == "SecureString" && s.kms != nil {
		if decrypt {
			pt, _, err := s.kms.Decrypt(ctx, r.Account, r.Region, v.value, encryptionContext(r.Account, r.Region, p.name))
			if err != nil {
				return Parameter{}, &InvalidKeyId{Message: ptr("Could not decrypt " + p.name + ": " + err.Error())}
			}
			val = string(pt)
		} else {
			val = base64.StdEncoding.EncodeToString(v.value)
		}
	}
	out := Parameter{Name: ptr(p.name), Type: ptr(v.typ), Value: ptr(val), Version: ptr(v.version),
		LastModifiedDate: ptr(v.modified), ARN: ptr(parameterARN(r.Account, r.Region, p.name)), DataType: ptr(v.dataType)}
	if selector != "" {
		out.Selector = ptr(selector)
	}
	return out, nil
}

// resolve finds "name", "name:version" or "name:label" (User Guide,
// "Working with parameter labels"). Errors: ParameterNotFound,
// ParameterVersionNotFound.
func resolve(st *store, ref string) (*param, *pversion, string, error) {
	name, selector := ref, ""
	if i := strings.LastIndexByte(ref, ':'); i >= 0 {
		name, selector = ref[:i], ref[i:]
	}
	p := st.params[name]
	if p == nil {
		return nil, nil, "", errNotFound(ref)
	}
	if selector == "" {
		return p, p.latest(), "", nil
	}
	sel := selector[1:]
	if n, err := strconv.ParseInt(sel, 10, 64); err == nil {
		if v := p.version(n); v != nil {
			return p, v, selector, nil
		}
		return nil, nil, "", &ParameterVersionNotFound{Message: ptr("Systems Manager could not find version " + sel + " of " + name + ". Verify the version and try again.")}
	}
	for _, v := range p.versions {
		for _, l := range v.labels {
			if l == sel {
				return p, v, selector, nil
			}
		}
	}
	return nil, nil, "", errNotFound(ref)
}

// GetParameter implements Provider.
func (s *Service) GetParameter(ctx context.Context, in *GetParameterRequest) (*GetParameterResult, error) {
	name := valueOf(in.Name)
	if pub, ok := s.publicParameter(ctx, name); ok {
		return &GetParameterResult{Parameter: &pub}, nil
	}
	if ref, ok, err := s.secretReference(ctx, name, valueOf(in.WithDecryption)); ok {
		if err != nil {
			return nil, err
		}
		return &GetParameterResult{Parameter: &ref}, nil
	}
	st, r := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	p, v, sel, err := resolve(st, name)
	if err != nil {
		return nil, err
	}
	out, err := s.render(ctx, r, p, v, sel, valueOf(in.WithDecryption))
	if err != nil {
		return nil, err
	}
	return &GetParameterResult{Parameter: &out}, nil
}

// GetParameters implements Provider: names not found are InvalidParameters.
func (s *Service) GetParameters(ctx context.Context, in *GetParametersRequest) (*GetParametersResult, error) {
	out := &GetParametersResult{Parameters: []Parameter{}, InvalidParameters: []string{}}
	st, r := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	seen := map[string]bool{}
	for _, name := range in.Names {
		if seen[name] {
			continue
		}
		seen[name] = true
		if pub, ok := s.publicParameter(ctx, name); ok {
			out.Parameters = append(out.Parameters, pub)
			continue
		}
		if ref, ok, err := s.secretReference(ctx, name, valueOf(in.WithDecryption)); ok {
			if _, notFound := err.(*ParameterNotFound); notFound {
				out.InvalidParameters = append(out.InvalidParameters, name)
				continue
			}
			if err != nil {
				return nil, err
			}
			out.Parameters = append(out.Parameters, ref)
			continue
		}
		p, v, sel, err := resolve(st, name)
		if err != nil {
			out.InvalidParameters = append(out.InvalidParameters, name)
			continue
		}
		rp, err := s.render(ctx, r, p, v, sel, valueOf(in.WithDecryption))
		if err != nil {
			return nil, err
		}
		out.Parameters = append(out.Parameters, rp)
	}
	return out, nil
}

// page slices items for MaxResults (default def, at most max) and a
// NextToken this emulator issued (InvalidNextToken otherwise).
func page[T any](items []T, maxResults *int32, token *string, def, max int) ([]T, *string, error) {
	size := def
	if maxResults != nil {
		size = int(*maxResults)
		if size < 1 || size > max {
			return nil, nil, awsapi.ValidationError("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to %d", size, max)
		}
	}
	start := 0
	if token != nil {
		n, err := strconv.Atoi(*token)
		if err != nil || n < 0 || n > len(items) {
			return nil, nil, &InvalidNextToken{Message: ptr("The specified token isn't valid.")}
		}
		start = n
	}
	end := min(start+size, len(items))
	if end < len(items) {
		return items[start:end], ptr(strconv.Itoa(end)), nil
	}
	return items[start:end], nil, nil
}

// underPath reports whether name is in the hierarchy path: its direct
// children, or every descendant when recursive.
func underPath(name, path string, recursive bool) bool {
	if path != "/" {
		path = strings.TrimSuffix(path, "/") + "/"
	}
	if !strings.HasPrefix(name, path) {
		return false
	}
	return recursive || !strings.Contains(name[len(path):], "/")
}

// sortedParams lists the store's parameters by name. The order is cached
// until a parameter is added or removed, so paging through a large
// hierarchy does not sort it again for every page.
func sortedParams(st *store) []*param {
	if st.sorted == nil {
		names := make([]string, 0, len(st.params))
		for name := range st.params {
			names = append(names, name)
		}
		sort.Strings(names)
		st.sorted = names
	}
	out := make([]*param, 0, len(st.sorted))
	for _, name := range st.sorted {
		out = append(out, st.params[name])
	}
	return out
}

// GetParametersByPath implements Provider: MaxResults 1–10; ParameterFilters
// may use Type, KeyId and Label only (API Reference, GetParametersByPath).
func (s *Service) GetParametersByPath(ctx context.Context, in *GetParametersByPathRequest) (*GetParametersByPathResult, error) {
	path := valueOf(in.Path)
	if !strings.HasPrefix(path, "/") {
		return nil, awsapi.ValidationError("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".")
	}
	for _, f := range in.ParameterFilters {
		switch valueOf(f.Key) {
		case "Type", "KeyId", "Label":
		default:
			return nil, &InvalidFilterKey{}
		}
	}
	recursive := valueOf(in.Recursive)
	var all []Parameter
	if pubs := s.publicByPath(ctx, path, recursive); pubs != nil {
		all = pubs
	} else {
		st, r := s.store(ctx)
		s.lock(st)
		for _, p := range sortedParams(st) {
			if !underPath(p.name, path, recursive) {
				continue
			}
			v := p.latest()
			if !matchesStringFilters(p, v, in.ParameterFilters) {
				continue
			}
			rp, err := s.render(ctx, r, p, v, "", valueOf(in.WithDecryption))
			if err != nil {
				st.mu.Unlock()
				return nil, err
			}
			all = append(all, rp)
		}
		st.mu.Unlock()
	}
	p, next, err := page(all, in.MaxResults, in.NextToken, 10, 10)
	if err != nil {
		return nil, err
	}
	if p == nil {
		p = []Parameter{}
	}
	return &GetParametersByPathResult{Parameters: p, NextToken: next}, nil
}

// DeleteParameter implements Provider.
func (s *Service) DeleteParameter(ctx context.Context, in *DeleteParameterRequest) (*DeleteParameterResult, error) {
	st, _ := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	name := valueOf(in.Name)
	if st.params[name] == nil {
		return nil, errNotFound(name)
	}
	st.remove(name)
	return &DeleteParameterResult{}, nil
}

// DeleteParameters implements Provider: names not found are
// InvalidParameters.
func (s *Service) DeleteParameters(ctx context.Context, in *DeleteParametersRequest) (*DeleteParametersResult, error) {
	st, _ := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	out := &DeleteParametersResult{DeletedParameters: []string{}, InvalidParameters: []string{}}
	for _, name := range in.Names {
		if st.params[name] == nil {
			out.InvalidParameters = append(out.InvalidParameters, name)
			continue
		}
		st.remove(name)
		out.DeletedParameters = append(out.DeletedParameters, name)
	}
	return out, nil
}

// GetParameterHistory implements Provider: every kept version, oldest
// first, MaxResults 1–50.
func (s *Service) GetParameterHistory(ctx context.Context, in *GetParameterHistoryRequest) (*GetParameterHistoryResult, error) {
	st, r := s.store(ctx)
	s.lock(st)
	defer st.mu.Unlock()
	name := valueOf(in.Name)
	p := st.params[name]
	if p == nil {
		return nil, errNotFound(name)
	}
	hist := make([]ParameterHistory, 0, len(p.versions))
	for _, v := range p.versions {
		rp, err := s.render(ctx, r, p, v, "", valueOf(in.WithDecryption))
		if err != nil {
			return nil, err
		}
		h := ParameterHistory{Name: ptr(name), Type: ptr(v.typ), LastModifiedDate: ptr(v.modified), LastModifiedUser: ptr(v.user),
			Value: rp.Value, Version: ptr(v.version), Labels: append([]string{}, v.labels...), Tier: ptr(v.tier),
			Policies: append([]ParameterInlinePolicy{}, v.policies...), DataType: ptr(v.dataType)}
		if v.description != "" {
			h.Description = ptr(v.description)
		}
		if v.allowedPattern != "" {
			h.AllowedPattern = ptr(v.allowedPattern)
		}
		if v.keyID != "" {
			h.KeyId = ptr(v.keyID)
		}
		hist = append(hist, h)
	}
	pg, next, err := page(hist, in.MaxResults, in.NextToken, 50, 50)
	if err != nil {
		return nil, err
	}
	return &GetParameterHistoryResult{Parameters: pg, NextToken: next}, nil
}
