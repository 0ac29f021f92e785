package s3

import (
	"context"
	"net/http"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// S3 Metadata configurations (journal and inventory tables in an AWS
// managed table bucket) and the older metadata table configuration:
// recorded and returned; no table is written. Sources:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucketMetadataConfiguration.html,
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketMetadataConfiguration.html,
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucketMetadataTableConfiguration.html.

func errMetadataExists() error {
	return s3Error(http.StatusConflict, "MetadataConfigurationAlreadyExists",
		"A metadata configuration already exists for this bucket.", nil)
}

func errMetadataNotFound() error {
	return s3Error(http.StatusNotFound, "MetadataConfigurationNotFound",
		"The specified bucket does not have a metadata configuration.", nil)
}

// CreateBucketMetadataConfiguration records the journal table (required)
// and inventory table configurations. Errors: MalformedXML (no journal
// table, an inventory ConfigurationState other than ENABLED or DISABLED),
// MetadataConfigurationAlreadyExists (409), NoSuchBucket.
func (s *Service) CreateBucketMetadataConfiguration(ctx context.Context, in *CreateBucketMetadataConfigurationRequest) (*awsapi.Empty, error) {
	c := in.MetadataConfiguration
	if c == nil || c.JournalTableConfiguration == nil || c.JournalTableConfiguration.RecordExpiration == nil {
		return nil, errMalformedXML()
	}
	if err := checkRecordExpiration(c.JournalTableConfiguration.RecordExpiration); err != nil {
		return nil, err
	}
	stored := &MetadataConfiguration{JournalTableConfiguration: c.JournalTableConfiguration,
		InventoryTableConfiguration: c.InventoryTableConfiguration}
	if inv := stored.InventoryTableConfiguration; inv != nil {
		if st := valueOf(inv.ConfigurationState); st != "ENABLED" && st != "DISABLED" {
			return nil, errMalformedXML()
		}
	} else {
		stored.InventoryTableConfiguration = &InventoryTableConfiguration{ConfigurationState: ptr("DISABLED")}
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgMetadata, stored, func(b *bucket) error {
		if b.configs[cfgMetadata] != nil {
			return errMetadataExists()
		}
		return nil
	})
}

// checkRecordExpiration: Expiration is ENABLED (with Days, 7 to 2147483647)
// or DISABLED (without Days).
func checkRecordExpiration(r *RecordExpiration) error {
	switch valueOf(r.Expiration) {
	case "ENABLED":
		if r.Days == nil || *r.Days < 7 {
			return errInvalidArgument("Days must be at least 7 when record expiration is ENABLED", "Days", itoa(int64(valueOf(r.Days))))
		}
	case "DISABLED":
		if r.Days != nil {
			return errInvalidArgument("Days must not be set when record expiration is DISABLED", "Days", itoa(int64(*r.Days)))
		}
	default:
		return errMalformedXML()
	}
	return nil
}

// GetBucketMetadataConfiguration returns the recorded configuration with
// the AWS managed table bucket (aws-s3) and the bucket's namespace
// (b_<bucket>) as its destination, each table ACTIVE. Errors:
// MetadataConfigurationNotFound (404), NoSuchBucket.
func (s *Service) GetBucketMetadataConfiguration(ctx context.Context, in *GetBucketMetadataConfigurationRequest) (*GetBucketMetadataConfigurationOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	c := configOf[MetadataConfiguration](b, cfgMetadata)
	if c == nil {
		return nil, errMetadataNotFound()
	}
	tableBucket := "arn:aws:s3tables:" + b.region + ":" + awsapi.RequestFrom(ctx).Account + ":bucket/aws-s3"
	ns := "b_" + b.name
	res := &MetadataConfigurationResult{
		DestinationResult: &DestinationResult{TableBucketType: ptr(S3TablesBucketTypeAws), TableBucketArn: ptr(tableBucket), TableNamespace: ptr(ns)},
		JournalTableConfigurationResult: &JournalTableConfigurationResult{TableStatus: ptr("ACTIVE"), TableName: ptr("journal"),
			TableArn: ptr(tableBucket + "/table/" + ns + "/journal"), RecordExpiration: c.JournalTableConfiguration.RecordExpiration},
	}
	if inv := c.InventoryTableConfiguration; inv != nil {
		r := &InventoryTableConfigurationResult{ConfigurationState: inv.ConfigurationState}
		if valueOf(inv.ConfigurationState) == "ENABLED" {
			r.TableStatus, r.TableName = ptr("ACTIVE"), ptr("inventory")
			r.TableArn = ptr(tableBucket + "/table/" + ns + "/inventory")
		}
		res.InventoryTableConfigurationResult = r
	}
	return &GetBucketMetadataConfigurationOutput{GetBucketMetadataConfigurationResult: &GetBucketMetadataConfigurationResult{MetadataConfigurationResult: res}}, nil
}

// DeleteBucketMetadataConfiguration removes the configuration (204).
// Errors: MetadataConfigurationNotFound, NoSuchBucket.
func (s *Service) DeleteBucketMetadataConfiguration(ctx context.Context, in *DeleteBucketMetadataConfigurationRequest) (*awsapi.Empty, error) {
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgMetadata, nil, func(b *bucket) error {
		if b.configs[cfgMetadata] == nil {
			return errMetadataNotFound()
		}
		return nil
	})
}

// updateMetadata replaces the stored configuration by a copy changed by f.
func (s *Service) updateMetadata(ctx context.Context, name, owner *string, f func(*MetadataConfiguration)) error {
	b, err := s.bucket(ctx, name, owner)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	old, _ := b.configs[cfgMetadata].(*MetadataConfiguration)
	if old == nil || b.deleted {
		return errMetadataNotFound()
	}
	c := *old
	f(&c)
	b.configs[cfgMetadata] = &c
	return nil
}

// UpdateBucketMetadataJournalTableConfiguration changes the journal
// table's record expiration. Errors: MalformedXML, InvalidArgument,
// MetadataConfigurationNotFound. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_UpdateBucketMetadataJournalTableConfiguration.html
func (s *Service) UpdateBucketMetadataJournalTableConfiguration(ctx context.Context, in *UpdateBucketMetadataJournalTableConfigurationRequest) (*awsapi.Empty, error) {
	u := in.JournalTableConfiguration
	if u == nil || u.RecordExpiration == nil {
		return nil, errMalformedXML()
	}
	if err := checkRecordExpiration(u.RecordExpiration); err != nil {
		return nil, err
	}
	return empty, s.updateMetadata(ctx, in.Bucket, in.ExpectedBucketOwner, func(c *MetadataConfiguration) {
		j := *c.JournalTableConfiguration
		j.RecordExpiration = u.RecordExpiration
		c.JournalTableConfiguration = &j
	})
}

// UpdateBucketMetadataInventoryTableConfiguration enables or disables the
// inventory table. Errors: MalformedXML, MetadataConfigurationNotFound.
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_UpdateBucketMetadataInventoryTableConfiguration.html
func (s *Service) UpdateBucketMetadataInventoryTableConfiguration(ctx context.Context, in *UpdateBucketMetadataInventoryTableConfigurationRequest) (*awsapi.Empty, error) {
	u := in.InventoryTableConfiguration
	if u == nil || (valueOf(u.ConfigurationState) != "ENABLED" && valueOf(u.ConfigurationState) != "DISABLED") {
		return nil, errMalformedXML()
	}
	return empty, s.updateMetadata(ctx, in.Bucket, in.ExpectedBucketOwner, func(c *MetadataConfiguration) {
		c.InventoryTableConfiguration = &InventoryTableConfiguration{ConfigurationState: u.ConfigurationState,
			EncryptionConfiguration: u.EncryptionConfiguration}
	})
}

// CreateBucketMetadataTableConfiguration records the (V1) metadata table
// destination. Errors: MalformedXML (no table bucket ARN or name),
// MetadataConfigurationAlreadyExists, NoSuchBucket.
func (s *Service) CreateBucketMetadataTableConfiguration(ctx context.Context, in *CreateBucketMetadataTableConfigurationRequest) (*awsapi.Empty, error) {
	c := in.MetadataTableConfiguration
	if c == nil || c.S3TablesDestination == nil || valueOf(c.S3TablesDestination.TableBucketArn) == "" ||
		valueOf(c.S3TablesDestination.TableName) == "" {
		return nil, errMalformedXML()
	}
	stored := &MetadataTableConfiguration{S3TablesDestination: &S3TablesDestination{
		TableBucketArn: c.S3TablesDestination.TableBucketArn, TableName: c.S3TablesDestination.TableName}}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgMetadataTable, stored, func(b *bucket) error {
		if b.configs[cfgMetadataTable] != nil {
			return errMetadataExists()
		}
		return nil
	})
}

// GetBucketMetadataTableConfiguration returns the destination with its
// table ARN and namespace (aws_s3_metadata), status ACTIVE. Errors:
// MetadataConfigurationNotFound, NoSuchBucket.
func (s *Service) GetBucketMetadataTableConfiguration(ctx context.Context, in *GetBucketMetadataTableConfigurationRequest) (*GetBucketMetadataTableConfigurationOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	c := configOf[MetadataTableConfiguration](b, cfgMetadataTable)
	if c == nil {
		return nil, errMetadataNotFound()
	}
	d := c.S3TablesDestination
	ns := "aws_s3_metadata"
	return &GetBucketMetadataTableConfigurationOutput{GetBucketMetadataTableConfigurationResult: &GetBucketMetadataTableConfigurationResult{
		MetadataTableConfigurationResult: &MetadataTableConfigurationResult{S3TablesDestinationResult: &S3TablesDestinationResult{
			TableBucketArn: d.TableBucketArn, TableName: d.TableName, TableNamespace: ptr(ns),
			TableArn: ptr(valueOf(d.TableBucketArn) + "/table/" + ns + "/" + valueOf(d.TableName))}},
		Status: ptr("ACTIVE")}}, nil
}

// DeleteBucketMetadataTableConfiguration removes it (204). Errors:
// MetadataConfigurationNotFound, NoSuchBucket.
func (s *Service) DeleteBucketMetadataTableConfiguration(ctx context.Context, in *DeleteBucketMetadataTableConfigurationRequest) (*awsapi.Empty, error) {
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgMetadataTable, nil, func(b *bucket) error {
		if b.configs[cfgMetadataTable] == nil {
			return errMetadataNotFound()
		}
		return nil
	})
}
