package cloudwatch

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

type dashboard struct {
	Name     string    `json:"name"`
	ARN      string    `json:"arn"`
	Body     string    `json:"body"`
	Modified time.Time `json:"modified"`
}

// PutDashboard creates or replaces a dashboard; the body must be a JSON
// object (else InvalidParameterInput with validation messages).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html
func (s *Service) PutDashboard(ctx context.Context, in *PutDashboardInput) (*PutDashboardOutput, error) {
	var body map[string]any
	if err := json.Unmarshal([]byte(valueOf(in.DashboardBody)), &body); err != nil {
		return nil, &DashboardInvalidInputError{Message: ptr("The input for the dashboard body is invalid."),
			DashboardValidationMessages: []DashboardValidationMessage{{DataPath: ptr("/"), Message: ptr("Should be an object: " + err.Error())}}}
	}
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	name := valueOf(in.DashboardName)
	d := &dashboard{Name: name, ARN: fmt.Sprintf("arn:aws:cloudwatch::%s:dashboard/%s", r.Account, name),
		Body: valueOf(in.DashboardBody), Modified: s.now()}
	st.data.Dashboards[name] = d
	st.tag(d.ARN, in.Tags)
	return &PutDashboardOutput{DashboardValidationMessages: []DashboardValidationMessage{}}, nil
}

// GetDashboard returns a dashboard (ResourceNotFound when absent).
func (s *Service) GetDashboard(ctx context.Context, in *GetDashboardInput) (*GetDashboardOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	d := st.data.Dashboards[valueOf(in.DashboardName)]
	if d == nil {
		return nil, &DashboardNotFoundError{Message: ptr(fmt.Sprintf("Dashboard %s does not exist", valueOf(in.DashboardName)))}
	}
	return &GetDashboardOutput{DashboardName: ptr(d.Name), DashboardArn: ptr(d.ARN), DashboardBody: ptr(d.Body)}, nil
}

// ListDashboards lists dashboards by name prefix.
func (s *Service) ListDashboards(ctx context.Context, in *ListDashboardsInput) (*ListDashboardsOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	out := &ListDashboardsOutput{DashboardEntries: []DashboardEntry{}}
	for _, d := range st.data.Dashboards {
		if strings.HasPrefix(d.Name, valueOf(in.DashboardNamePrefix)) {
			out.DashboardEntries = append(out.DashboardEntries, DashboardEntry{DashboardName: ptr(d.Name), DashboardArn: ptr(d.ARN),
				LastModified: ptr(d.Modified), Size: ptr(int64(len(d.Body)))})
		}
	}
	sort.Slice(out.DashboardEntries, func(i, j int) bool {
		return *out.DashboardEntries[i].DashboardName < *out.DashboardEntries[j].DashboardName
	})
	return out, nil
}

// DeleteDashboards deletes dashboards; if one is missing none is deleted
// (ResourceNotFound).
func (s *Service) DeleteDashboards(ctx context.Context, in *DeleteDashboardsInput) (*DeleteDashboardsOutput, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	for _, n := range in.DashboardNames {
		if st.data.Dashboards[n] == nil {
			return nil, &DashboardNotFoundError{Message: ptr(fmt.Sprintf("The specified dashboard does not exist. [%s]", n))}
		}
	}
	for _, n := range in.DashboardNames {
		delete(st.data.Tags, st.data.Dashboards[n].ARN)
		delete(st.data.Dashboards, n)
	}
	return &DeleteDashboardsOutput{}, nil
}
