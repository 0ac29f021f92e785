package sts

import (
	"context"
	"sort"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// STS state in a snapshot: one document per account (scope region
// "global") listing the temporary credentials issued for it, unexpired or
// not, with the principal each acts as, so that keys keep working after a
// restore.

const globalRegion = "global"

type sessionsState struct {
	Sessions []*session `json:"sessions"`
}

// SaveState writes the issued credentials per account.
func (s *Service) SaveState(_ context.Context, w *state.ServiceWriter) error {
	s.mu.Lock()
	byAcct := map[string][]*session{}
	for _, se := range s.sessions {
		c := *se
		byAcct[se.Account] = append(byAcct[se.Account], &c)
	}
	s.mu.Unlock()
	accts := make([]string, 0, len(byAcct))
	for a := range byAcct {
		accts = append(accts, a)
	}
	sort.Strings(accts)
	for _, a := range accts {
		list := byAcct[a]
		sort.Slice(list, func(i, j int) bool { return list[i].AccessKeyID < list[j].AccessKeyID })
		if err := w.Document(state.Scope{Account: a, Region: globalRegion}, sessionsState{Sessions: list}); err != nil {
			return err
		}
	}
	return nil
}

// LoadState restores credentials; with merge, loaded keys are added.
func (s *Service) LoadState(_ context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[string]*session{}
	for _, sc := range r.Scopes() {
		var doc sessionsState
		if err := r.Document(sc, &doc); err != nil {
			return err
		}
		for _, se := range doc.Sessions {
			if se != nil && se.AccessKeyID != "" {
				loaded[se.AccessKeyID] = se
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !merge {
		s.sessions = map[string]*session{}
	}
	for k, se := range loaded {
		s.sessions[k] = se
	}
	return nil
}

// ResetState forgets every issued credential.
func (s *Service) ResetState(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions = map[string]*session{}
	return nil
}
