package iam

import (
	"context"
	"slices"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

type group struct {
	entity
	Members []string `json:"members,omitempty"` // user names, in order added
}

func (g *group) api() Group {
	return Group{Path: ptr(g.Path), GroupName: ptr(g.Name), GroupId: ptr(g.ID), Arn: ptr(g.ARN), CreateDate: ptr(g.Created)}
}

func (a *account) group(name *string) (*group, error) {
	g, ok := a.Groups[strings.ToLower(val(name))]
	if !ok {
		return nil, noSuchEntity("The group with name %s cannot be found.", val(name))
	}
	return g, nil
}

// CreateGroup creates a group. Errors: EntityAlreadyExists.
func (s *Service) CreateGroup(ctx context.Context, in *CreateGroupRequest) (*CreateGroupResponse, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	name := val(in.GroupName)
	if _, ok := a.Groups[strings.ToLower(name)]; ok {
		return nil, alreadyExists("Group with name %s already exists.", name)
	}
	path := pathOr(in.Path)
	g := &group{entity: entity{Name: name, Path: path, ID: s.uniqueID("AGPA"), ARN: arn(acct, "group", path, name), Created: s.now()}}
	a.Groups[strings.ToLower(name)] = g
	return &CreateGroupResponse{Group: ptr(g.api())}, nil
}

// GetGroup returns a group and its users.
func (s *Service) GetGroup(ctx context.Context, in *GetGroupRequest) (*GetGroupResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	g, err := a.group(in.GroupName)
	if err != nil {
		return nil, err
	}
	var users []User
	for _, m := range g.Members {
		if u, ok := a.Users[strings.ToLower(m)]; ok {
			x := u.api()
			x.Tags = nil
			users = append(users, x)
		}
	}
	items, trunc, marker, err := page(users, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &GetGroupResponse{Group: ptr(g.api()), Users: items, IsTruncated: trunc, Marker: marker}, nil
}

// ListGroups lists groups under PathPrefix.
func (s *Service) ListGroups(ctx context.Context, in *ListGroupsRequest) (*ListGroupsResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Group
	for _, g := range sortedValues(s.acct(requestAccount(ctx)).Groups) {
		if strings.HasPrefix(g.Path, pathOr(in.PathPrefix)) {
			out = append(out, g.api())
		}
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListGroupsResponse{Groups: items, IsTruncated: trunc, Marker: marker}, nil
}

// ListGroupsForUser lists the user's groups.
func (s *Service) ListGroupsForUser(ctx context.Context, in *ListGroupsForUserRequest) (*ListGroupsForUserResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	u, err := s.findUser(ctx, a, in.UserName)
	if err != nil {
		return nil, err
	}
	var out []Group
	for _, n := range u.Groups {
		if g, ok := a.Groups[strings.ToLower(n)]; ok {
			out = append(out, g.api())
		}
	}
	items, trunc, marker, err := page(out, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListGroupsForUserResponse{Groups: items, IsTruncated: trunc, Marker: marker}, nil
}

// UpdateGroup renames or moves a group.
func (s *Service) UpdateGroup(ctx context.Context, in *UpdateGroupRequest) (*awsapi.Empty, error) {
	acct := requestAccount(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(acct)
	g, err := a.group(in.GroupName)
	if err != nil {
		return nil, err
	}
	if n := val(in.NewGroupName); n != "" && !strings.EqualFold(n, g.Name) {
		if _, ok := a.Groups[strings.ToLower(n)]; ok {
			return nil, alreadyExists("Group with name %s already exists.", n)
		}
		for _, u := range a.Users {
			if i := slices.Index(u.Groups, g.Name); i >= 0 {
				u.Groups[i] = n
			}
		}
		delete(a.Groups, strings.ToLower(g.Name))
		g.Name = n
		a.Groups[strings.ToLower(n)] = g
	}
	if in.NewPath != nil {
		g.Path = *in.NewPath
	}
	g.ARN = arn(acct, "group", g.Path, g.Name)
	return &awsapi.Empty{}, nil
}

// DeleteGroup deletes a group without members or policies.
func (s *Service) DeleteGroup(ctx context.Context, in *DeleteGroupRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	g, err := a.group(in.GroupName)
	if err != nil {
		return nil, err
	}
	if len(g.Members) > 0 {
		return nil, deleteConflict("Cannot delete entity, must remove users from group first.")
	}
	if len(g.Inline) > 0 || len(g.Attached) > 0 {
		return nil, deleteConflict("Cannot delete entity, must delete policies first.")
	}
	delete(a.Groups, strings.ToLower(g.Name))
	return &awsapi.Empty{}, nil
}

// AddUserToGroup adds a user to a group (idempotent).
func (s *Service) AddUserToGroup(ctx context.Context, in *AddUserToGroupRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	g, err := a.group(in.GroupName)
	if err != nil {
		return nil, err
	}
	u, err := s.findUser(ctx, a, in.UserName)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(g.Members, u.Name) {
		// IAM quotas: a user belongs to at most 10 groups.
		if len(u.Groups) >= 10 {
			return nil, limitExceeded("Cannot exceed quota for GroupsPerUser: 10")
		}
		g.Members = append(g.Members, u.Name)
		u.Groups = append(u.Groups, g.Name)
	}
	return &awsapi.Empty{}, nil
}

// RemoveUserFromGroup removes a user from a group.
func (s *Service) RemoveUserFromGroup(ctx context.Context, in *RemoveUserFromGroupRequest) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	g, err := a.group(in.GroupName)
	if err != nil {
		return nil, err
	}
	u, err := s.findUser(ctx, a, in.UserName)
	if err != nil {
		return nil, err
	}
	i := slices.Index(g.Members, u.Name)
	if i < 0 {
		return nil, noSuchEntity("User %s is not in group %s.", u.Name, g.Name)
	}
	g.Members = slices.Delete(g.Members, i, i+1)
	if j := slices.Index(u.Groups, g.Name); j >= 0 {
		u.Groups = slices.Delete(u.Groups, j, j+1)
	}
	return &awsapi.Empty{}, nil
}
