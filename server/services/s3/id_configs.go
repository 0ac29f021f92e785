package s3

import (
	"context"
	"net/http"
	"sort"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Bucket configurations kept by Id: analytics, metrics, inventory and
// Intelligent-Tiering. Each is stored in the bucket's configs under
// "<kind>/<id>". Errors: NoSuchConfiguration (404) for an unknown Id,
// InvalidArgument when the Id parameter and the configuration's Id differ.
// Sources: API_PutBucketAnalyticsConfiguration.html,
// API_PutBucketMetricsConfiguration.html,
// API_PutBucketInventoryConfiguration.html,
// API_PutBucketIntelligentTieringConfiguration.html.

const (
	cfgAnalytics = "analytics"
	cfgMetrics   = "metrics"
	cfgInventory = "inventory"
	cfgTiering   = "intelligent_tiering"
)

func errNoSuchConfiguration() error {
	return s3Error(http.StatusNotFound, "NoSuchConfiguration", "The specified configuration does not exist.", nil)
}

// putIDConfig stores v under kind and id, checking the body's Id.
func (s *Service) putIDConfig(ctx context.Context, bucketName, owner *string, kind string, id, bodyID *string, v any) error {
	if v == nil {
		return errMalformedXML()
	}
	if valueOf(id) == "" || valueOf(id) != valueOf(bodyID) {
		return errInvalidArgument("Configuration ID mismatch", "id", valueOf(id))
	}
	return s.setConfig(ctx, bucketName, owner, kind+"/"+*id, v, nil)
}

// idConfig returns the configuration of kind with id. Errors: NoSuchBucket,
// NoSuchConfiguration.
func idConfig[T any](s *Service, ctx context.Context, bucketName, owner *string, kind string, id *string) (*T, error) {
	b, err := s.bucket(ctx, bucketName, owner)
	if err != nil {
		return nil, err
	}
	c := configOf[T](b, kind+"/"+valueOf(id))
	if c == nil {
		return nil, errNoSuchConfiguration()
	}
	return c, nil
}

// deleteIDConfig removes a configuration. Errors: NoSuchConfiguration.
func (s *Service) deleteIDConfig(ctx context.Context, bucketName, owner *string, kind string, id *string) error {
	return s.setConfig(ctx, bucketName, owner, kind+"/"+valueOf(id), nil, func(b *bucket) error {
		if _, ok := b.configs[kind+"/"+valueOf(id)]; !ok {
			return errNoSuchConfiguration()
		}
		return nil
	})
}

// idConfigs lists the configurations of kind by Id.
func idConfigs[T any](s *Service, ctx context.Context, bucketName, owner *string, kind string) ([]T, error) {
	b, err := s.bucket(ctx, bucketName, owner)
	if err != nil {
		return nil, err
	}
	b.mu.RLock()
	var ids []string
	for k := range b.configs {
		if id, ok := strings.CutPrefix(k, kind+"/"); ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		out = append(out, *b.configs[kind+"/"+id].(*T))
	}
	b.mu.RUnlock()
	return out, nil
}

// PutBucketAnalyticsConfiguration stores an analytics configuration.
func (s *Service) PutBucketAnalyticsConfiguration(ctx context.Context, in *PutBucketAnalyticsConfigurationRequest) (*awsapi.Empty, error) {
	var bodyID *string
	if in.AnalyticsConfiguration != nil {
		bodyID = in.AnalyticsConfiguration.Id
	}
	return empty, s.putIDConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgAnalytics, in.Id, bodyID, in.AnalyticsConfiguration)
}

// GetBucketAnalyticsConfiguration returns one by Id.
func (s *Service) GetBucketAnalyticsConfiguration(ctx context.Context, in *GetBucketAnalyticsConfigurationRequest) (*GetBucketAnalyticsConfigurationOutput, error) {
	c, err := idConfig[AnalyticsConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgAnalytics, in.Id)
	if err != nil {
		return nil, err
	}
	return &GetBucketAnalyticsConfigurationOutput{AnalyticsConfiguration: c}, nil
}

// DeleteBucketAnalyticsConfiguration removes one by Id (204).
func (s *Service) DeleteBucketAnalyticsConfiguration(ctx context.Context, in *DeleteBucketAnalyticsConfigurationRequest) (*awsapi.Empty, error) {
	return empty, s.deleteIDConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgAnalytics, in.Id)
}

// ListBucketAnalyticsConfigurations lists them by Id (one page).
func (s *Service) ListBucketAnalyticsConfigurations(ctx context.Context, in *ListBucketAnalyticsConfigurationsRequest) (*ListBucketAnalyticsConfigurationsOutput, error) {
	l, err := idConfigs[AnalyticsConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgAnalytics)
	if err != nil {
		return nil, err
	}
	return &ListBucketAnalyticsConfigurationsOutput{AnalyticsConfigurationList: l, IsTruncated: ptr(false), ContinuationToken: in.ContinuationToken}, nil
}

// PutBucketMetricsConfiguration stores a metrics configuration.
func (s *Service) PutBucketMetricsConfiguration(ctx context.Context, in *PutBucketMetricsConfigurationRequest) (*awsapi.Empty, error) {
	var bodyID *string
	if in.MetricsConfiguration != nil {
		bodyID = in.MetricsConfiguration.Id
	}
	return empty, s.putIDConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgMetrics, in.Id, bodyID, in.MetricsConfiguration)
}

// GetBucketMetricsConfiguration returns one by Id.
func (s *Service) GetBucketMetricsConfiguration(ctx context.Context, in *GetBucketMetricsConfigurationRequest) (*GetBucketMetricsConfigurationOutput, error) {
	c, err := idConfig[MetricsConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgMetrics, in.Id)
	if err != nil {
		return nil, err
	}
	return &GetBucketMetricsConfigurationOutput{MetricsConfiguration: c}, nil
}

// DeleteBucketMetricsConfiguration removes one by Id (204).
func (s *Service) DeleteBucketMetricsConfiguration(ctx context.Context, in *DeleteBucketMetricsConfigurationRequest) (*awsapi.Empty, error) {
	return empty, s.deleteIDConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgMetrics, in.Id)
}

// ListBucketMetricsConfigurations lists them by Id (one page).
func (s *Service) ListBucketMetricsConfigurations(ctx context.Context, in *ListBucketMetricsConfigurationsRequest) (*ListBucketMetricsConfigurationsOutput, error) {
	l, err := idConfigs[MetricsConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgMetrics)
	if err != nil {
		return nil, err
	}
	return &ListBucketMetricsConfigurationsOutput{MetricsConfigurationList: l, IsTruncated: ptr(false), ContinuationToken: in.ContinuationToken}, nil
}

// PutBucketInventoryConfiguration stores an inventory configuration.
func (s *Service) PutBucketInventoryConfiguration(ctx context.Context, in *PutBucketInventoryConfigurationRequest) (*awsapi.Empty, error) {
	var bodyID *string
	if in.InventoryConfiguration != nil {
		bodyID = in.InventoryConfiguration.Id
	}
	return empty, s.putIDConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgInventory, in.Id, bodyID, in.InventoryConfiguration)
}

// GetBucketInventoryConfiguration returns one by Id.
func (s *Service) GetBucketInventoryConfiguration(ctx context.Context, in *GetBucketInventoryConfigurationRequest) (*GetBucketInventoryConfigurationOutput, error) {
	c, err := idConfig[InventoryConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgInventory, in.Id)
	if err != nil {
		return nil, err
	}
	return &GetBucketInventoryConfigurationOutput{InventoryConfiguration: c}, nil
}

// DeleteBucketInventoryConfiguration removes one by Id (204).
func (s *Service) DeleteBucketInventoryConfiguration(ctx context.Context, in *DeleteBucketInventoryConfigurationRequest) (*awsapi.Empty, error) {
	return empty, s.deleteIDConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgInventory, in.Id)
}

// ListBucketInventoryConfigurations lists them by Id (one page).
func (s *Service) ListBucketInventoryConfigurations(ctx context.Context, in *ListBucketInventoryConfigurationsRequest) (*ListBucketInventoryConfigurationsOutput, error) {
	l, err := idConfigs[InventoryConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgInventory)
	if err != nil {
		return nil, err
	}
	return &ListBucketInventoryConfigurationsOutput{InventoryConfigurationList: l, IsTruncated: ptr(false), ContinuationToken: in.ContinuationToken}, nil
}

// PutBucketIntelligentTieringConfiguration stores an S3 Intelligent-Tiering configuration.
func (s *Service) PutBucketIntelligentTieringConfiguration(ctx context.Context, in *PutBucketIntelligentTieringConfigurationRequest) (*awsapi.Empty, error) {
	var bodyID *string
	if in.IntelligentTieringConfiguration != nil {
		bodyID = in.IntelligentTieringConfiguration.Id
	}
	return empty, s.putIDConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgTiering, in.Id, bodyID, in.IntelligentTieringConfiguration)
}

// GetBucketIntelligentTieringConfiguration returns one by Id.
func (s *Service) GetBucketIntelligentTieringConfiguration(ctx context.Context, in *GetBucketIntelligentTieringConfigurationRequest) (*GetBucketIntelligentTieringConfigurationOutput, error) {
	c, err := idConfig[IntelligentTieringConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgTiering, in.Id)
	if err != nil {
		return nil, err
	}
	return &GetBucketIntelligentTieringConfigurationOutput{IntelligentTieringConfiguration: c}, nil
}

// DeleteBucketIntelligentTieringConfiguration removes one by Id (204).
func (s *Service) DeleteBucketIntelligentTieringConfiguration(ctx context.Context, in *DeleteBucketIntelligentTieringConfigurationRequest) (*awsapi.Empty, error) {
	return empty, s.deleteIDConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgTiering, in.Id)
}

// ListBucketIntelligentTieringConfigurations lists them by Id (one page).
func (s *Service) ListBucketIntelligentTieringConfigurations(ctx context.Context, in *ListBucketIntelligentTieringConfigurationsRequest) (*ListBucketIntelligentTieringConfigurationsOutput, error) {
	l, err := idConfigs[IntelligentTieringConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgTiering)
	if err != nil {
		return nil, err
	}
	return &ListBucketIntelligentTieringConfigurationsOutput{IntelligentTieringConfigurationList: l, IsTruncated: ptr(false), ContinuationToken: in.ContinuationToken}, nil
}
