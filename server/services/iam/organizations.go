package iam

import (
	"context"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Centralized root access (IAM API Reference, EnableOrganizationsRoot*):
// these need AWS Organizations, which the emulator does not model, so
// every account answers as a standalone account does:
// OrganizationNotFoundException.

func noOrganization() error {
	// The modelled shape has no message member; a plain error carries one.
	return awsapi.NewError(400, "OrganizationNotFoundException", "The request was rejected because no organization is associated with your account.")
}

// ListOrganizationsFeatures answers OrganizationNotFoundException.
func (s *Service) ListOrganizationsFeatures(context.Context, *ListOrganizationsFeaturesRequest) (*ListOrganizationsFeaturesResponse, error) {
	return nil, noOrganization()
}

// EnableOrganizationsRootSessions answers OrganizationNotFoundException.
func (s *Service) EnableOrganizationsRootSessions(context.Context, *EnableOrganizationsRootSessionsRequest) (*EnableOrganizationsRootSessionsResponse, error) {
	return nil, noOrganization()
}

// DisableOrganizationsRootSessions answers OrganizationNotFoundException.
func (s *Service) DisableOrganizationsRootSessions(context.Context, *DisableOrganizationsRootSessionsRequest) (*DisableOrganizationsRootSessionsResponse, error) {
	return nil, noOrganization()
}

// EnableOrganizationsRootCredentialsManagement answers OrganizationNotFoundException.
func (s *Service) EnableOrganizationsRootCredentialsManagement(context.Context, *EnableOrganizationsRootCredentialsManagementRequest) (*EnableOrganizationsRootCredentialsManagementResponse, error) {
	return nil, noOrganization()
}

// DisableOrganizationsRootCredentialsManagement answers OrganizationNotFoundException.
func (s *Service) DisableOrganizationsRootCredentialsManagement(context.Context, *DisableOrganizationsRootCredentialsManagementRequest) (*DisableOrganizationsRootCredentialsManagementResponse, error) {
	return nil, noOrganization()
}
