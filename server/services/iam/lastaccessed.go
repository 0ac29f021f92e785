package iam

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Service last accessed reports (IAM API Reference,
// GenerateServiceLastAccessedDetails): a job over a user, group, role or
// policy listing the services its policies allow. The emulator does not
// track service use per entity, so every service is reported as never
// accessed; the job completes at once.

type accessJob struct {
	ID          string    `json:"id"`
	ARN         string    `json:"arn"`
	Granularity string    `json:"granularity"`
	Created     time.Time `json:"created"`
	Services    []string  `json:"services"`
}

// serviceNames are the names AWS reports for common namespaces.
var serviceNames = map[string]string{
	"s3": "Amazon S3", "sqs": "Amazon SQS", "sns": "Amazon SNS", "dynamodb": "Amazon DynamoDB", "iam": "AWS Identity and Access Management",
	"sts": "AWS Security Token Service", "kms": "AWS Key Management Service", "lambda": "AWS Lambda", "logs": "Amazon CloudWatch Logs",
	"cloudwatch": "Amazon CloudWatch", "kinesis": "Amazon Kinesis", "secretsmanager": "AWS Secrets Manager", "ssm": "AWS Systems Manager",
	"ec2": "Amazon EC2", "events": "Amazon EventBridge",
}

// GenerateServiceLastAccessedDetails starts a report for an entity or
// policy ARN and returns its JobId. Errors: NoSuchEntity, InvalidInput.
func (s *Service) GenerateServiceLastAccessedDetails(ctx context.Context, in *GenerateServiceLastAccessedDetailsRequest) (*GenerateServiceLastAccessedDetailsResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	target := val(in.Arn)
	var policies []sourcePolicy
	if strings.Contains(target, ":policy/") {
		p, err := s.policy(a, target)
		if err != nil {
			return nil, err
		}
		d, err := parseDocument(p.defaultDoc(), identityPolicy)
		if err != nil {
			return nil, err
		}
		policies = []sourcePolicy{{ID: p.ARN, Doc: d}}
	} else {
		var err error
		if policies, _, err = s.sourcePolicies(ctx, target); err != nil {
			return nil, err
		}
	}
	granularity := val(in.Granularity)
	if granularity == "" {
		granularity = "SERVICE_LEVEL"
	}
	job := &accessJob{ID: s.newID(), ARN: target, Granularity: granularity, Created: s.now(), Services: allowedNamespaces(policies)}
	if a.AccessJobs == nil {
		a.AccessJobs = map[string]*accessJob{}
	}
	a.AccessJobs[job.ID] = job
	return &GenerateServiceLastAccessedDetailsResponse{JobId: ptr(job.ID)}, nil
}

// allowedNamespaces lists the service prefixes Allow statements name
// (a bare "*" names no particular service).
func allowedNamespaces(policies []sourcePolicy) []string {
	var out []string
	for _, p := range policies {
		for _, st := range p.Doc.Statements {
			if st.Effect != "Allow" {
				continue
			}
			for _, act := range st.Action {
				ns, _, ok := strings.Cut(strings.ToLower(act), ":")
				if ok && !strings.ContainsAny(ns, "*?") && !slices.Contains(out, ns) {
					out = append(out, ns)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

func (a *account) job(id *string) (*accessJob, error) {
	j, ok := a.AccessJobs[val(id)]
	if !ok {
		return nil, noSuchEntity("No such job %s exists", val(id))
	}
	return j, nil
}

// GetServiceLastAccessedDetails returns a completed report.
func (s *Service) GetServiceLastAccessedDetails(ctx context.Context, in *GetServiceLastAccessedDetailsRequest) (*GetServiceLastAccessedDetailsResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.acct(requestAccount(ctx)).job(in.JobId)
	if err != nil {
		return nil, err
	}
	services := []ServiceLastAccessed{}
	for _, ns := range j.Services {
		name := serviceNames[ns]
		if name == "" {
			name = ns
		}
		services = append(services, ServiceLastAccessed{ServiceName: ptr(name), ServiceNamespace: ptr(ns), TotalAuthenticatedEntities: ptr(int32(0))})
	}
	items, trunc, marker, err := page(services, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &GetServiceLastAccessedDetailsResponse{JobStatus: ptr("COMPLETED"), JobType: ptr(j.Granularity), JobCreationDate: ptr(j.Created),
		JobCompletionDate: ptr(j.Created), ServicesLastAccessed: items, IsTruncated: trunc, Marker: marker}, nil
}

// GetServiceLastAccessedDetailsWithEntities lists the entities that used a
// service: none, since use is not tracked.
func (s *Service) GetServiceLastAccessedDetailsWithEntities(ctx context.Context, in *GetServiceLastAccessedDetailsWithEntitiesRequest) (*GetServiceLastAccessedDetailsWithEntitiesResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.acct(requestAccount(ctx)).job(in.JobId)
	if err != nil {
		return nil, err
	}
	return &GetServiceLastAccessedDetailsWithEntitiesResponse{JobStatus: ptr("COMPLETED"), JobCreationDate: ptr(j.Created),
		JobCompletionDate: ptr(j.Created), EntityDetailsList: []EntityDetails{}, IsTruncated: ptr(false)}, nil
}

// --- outbound web identity federation (STS GetWebIdentityToken)

// EnableOutboundWebIdentityFederation turns on JWT vending for the account
// and returns its issuer, https://<id>.tokens.sts.global.api.aws (IAM API
// Reference). Errors: FeatureEnabled when already on.
func (s *Service) EnableOutboundWebIdentityFederation(ctx context.Context, _ *awsapi.Empty) (*EnableOutboundWebIdentityFederationResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	if a.OutboundEnabled {
		return nil, &FeatureEnabledException{Message: ptr("Outbound web identity federation is already enabled for this account.")}
	}
	if a.OutboundIssuer == "" {
		a.OutboundIssuer = "https://" + strings.ToLower(s.token(8, alnum)) + "-" + s.newID() + ".tokens.sts.global.api.aws"
	}
	a.OutboundEnabled = true
	return &EnableOutboundWebIdentityFederationResponse{IssuerIdentifier: ptr(a.OutboundIssuer)}, nil
}

// DisableOutboundWebIdentityFederation turns JWT vending off. Errors:
// FeatureDisabled when it is off.
func (s *Service) DisableOutboundWebIdentityFederation(ctx context.Context, _ *awsapi.Empty) (*awsapi.Empty, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	if !a.OutboundEnabled {
		return nil, &FeatureDisabledException{Message: ptr("Outbound web identity federation is already disabled for this account.")}
	}
	a.OutboundEnabled = false
	return &awsapi.Empty{}, nil
}

// GetOutboundWebIdentityFederationInfo returns the issuer and whether
// vending is on. Errors: FeatureDisabled when it was never enabled.
func (s *Service) GetOutboundWebIdentityFederationInfo(ctx context.Context, _ *awsapi.Empty) (*GetOutboundWebIdentityFederationInfoResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.acct(requestAccount(ctx))
	if a.OutboundIssuer == "" {
		return nil, &FeatureDisabledException{Message: ptr("Outbound web identity federation is not enabled for this account.")}
	}
	return &GetOutboundWebIdentityFederationInfoResponse{IssuerIdentifier: ptr(a.OutboundIssuer), JwtVendingEnabled: ptr(a.OutboundEnabled)}, nil
}

// OutboundIssuer returns the account's issuer when JWT vending is enabled
// (STS GetWebIdentityToken asks).
func (s *Service) OutboundIssuer(account string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[account]
	if !ok || !a.OutboundEnabled {
		return "", false
	}
	return a.OutboundIssuer, true
}
