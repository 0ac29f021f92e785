package dynamodb

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Exports and imports are recorded, COMPLETED at once, with AWS's ARNs and
// members; no data moves. Writing an export to S3 or reading an import from
// it needs an interface the S3 provider does not export yet, so an export
// writes no objects (ItemCount and BilledSizeBytes are the table's at export
// time) and an import creates its table empty (ImportedItemCount 0).

// transferID is the <14-digit millis>-<8 hex> id of export and import ARNs,
// as in the API Reference examples
// (table/ProductCatalog/export/01695353076000-06e2188f).
func (s *Service) transferID() string {
	return fmt.Sprintf("%014d-%s", s.env.Now().UnixMilli(), strings.ReplaceAll(s.env.NewID(), "-", "")[:8])
}

// pageToken parses a NextToken (the count already returned).
func pageToken(tok *string) (int, error) {
	if tok == nil {
		return 0, nil
	}
	n, err := strconv.Atoi(*tok)
	if err != nil || n < 0 {
		return 0, validation("Invalid NextToken: %s", *tok)
	}
	return n, nil
}

// exportTable returns the table a table ARN names, or
// TableNotFoundException "Table not found: <name>".
func (s *Service) exportTable(ctx context.Context, arn string) (*table, error) {
	name := arn
	if i := strings.LastIndex(arn, ":table/"); i >= 0 {
		name = arn[i+len(":table/"):]
	}
	return s.backupsTable(ctx, &name)
}

// ExportTableToPointInTime records an export of the table to S3Bucket,
// COMPLETED at once. ExportArn is <table ARN>/export/<id>, ExportManifest
// <S3Prefix>/AWSDynamoDB/<id>/manifest-summary.json; ExportFormat defaults
// to DYNAMODB_JSON and ExportType to FULL_EXPORT. A repeated ClientToken
// returns the export it made. Errors (API Reference,
// "ExportTableToPointInTime"): TableNotFoundException,
// PointInTimeRecoveryUnavailableException when PITR is disabled,
// InvalidExportTimeException outside the recovery window,
// ExportConflictException for a ClientToken reused with other parameters.
func (s *Service) ExportTableToPointInTime(ctx context.Context, in *ExportTableToPointInTimeInput) (*ExportTableToPointInTimeOutput, error) {
	t, err := s.exportTable(ctx, deref(in.TableArn))
	if err != nil {
		return nil, err
	}
	now := s.env.Now()
	t.mu.RLock()
	enabled, created, arn, id, count, size := t.pitr, t.created, t.arn, t.id, t.count, t.size
	t.mu.RUnlock()
	if !enabled {
		return nil, &PointInTimeRecoveryUnavailableException{Message: ptr("Point in time recovery is not enabled for table '" + t.name + "'")}
	}
	at := now
	if in.ExportTime != nil {
		at = *in.ExportTime
		if at.Before(created) || at.After(now) {
			return nil, &InvalidExportTimeException{Message: ptr("Invalid export time: the export time must be within the point in time recovery window")}
		}
	}
	st := s.store(ctx)
	st.mu.Lock()
	defer st.mu.Unlock()
	if in.ClientToken != nil {
		for _, e := range st.exports {
			if deref(e.ClientToken) == *in.ClientToken {
				if deref(e.TableArn) != arn || deref(e.S3Bucket) != deref(in.S3Bucket) || deref(e.S3Prefix) != deref(in.S3Prefix) {
					return nil, &ExportConflictException{Message: ptr("Export with the same client token but different parameters already exists: " + deref(e.ExportArn))}
				}
				c := *e
				return &ExportTableToPointInTimeOutput{ExportDescription: &c}, nil
			}
		}
	}
	xid := s.transferID()
	manifest := "AWSDynamoDB/" + xid + "/manifest-summary.json"
	if p := deref(in.S3Prefix); p != "" {
		manifest = strings.TrimSuffix(p, "/") + "/" + manifest
	}
	e := &ExportDescription{
		ExportArn: ptr(arn + "/export/" + xid), ExportStatus: ptr("COMPLETED"), StartTime: ptr(now), EndTime: ptr(now),
		ExportManifest: ptr(manifest), TableArn: ptr(arn), TableId: ptr(id), ExportTime: ptr(at), ClientToken: in.ClientToken,
		S3Bucket: in.S3Bucket, S3BucketOwner: in.S3BucketOwner, S3Prefix: in.S3Prefix, S3SseAlgorithm: in.S3SseAlgorithm,
		S3SseKmsKeyId: in.S3SseKmsKeyId, ExportFormat: in.ExportFormat, ExportType: in.ExportType,
		IncrementalExportSpecification: in.IncrementalExportSpecification, ItemCount: ptr(count), BilledSizeBytes: ptr(size),
	}
	if e.ExportFormat == nil {
		e.ExportFormat = ptr("DYNAMODB_JSON")
	}
	if e.ExportType == nil {
		e.ExportType = ptr("FULL_EXPORT")
	}
	if e.S3SseAlgorithm == nil {
		e.S3SseAlgorithm = ptr("AES256")
	}
	st.exports = append(st.exports, e)
	c := *e
	return &ExportTableToPointInTimeOutput{ExportDescription: &c}, nil
}

// DescribeExport describes an export. Errors: ExportNotFoundException.
func (s *Service) DescribeExport(ctx context.Context, in *DescribeExportInput) (*DescribeExportOutput, error) {
	st := s.store(ctx)
	st.mu.RLock()
	defer st.mu.RUnlock()
	for _, e := range st.exports {
		if deref(e.ExportArn) == deref(in.ExportArn) {
			c := *e
			return &DescribeExportOutput{ExportDescription: &c}, nil
		}
	}
	return nil, &ExportNotFoundException{Message: ptr("Export not found: " + deref(in.ExportArn))}
}

// ListExports lists exports oldest first (of TableArn only, when given),
// MaxResults (1 to 25, default 25) at a time.
func (s *Service) ListExports(ctx context.Context, in *ListExportsInput) (*ListExportsOutput, error) {
	limit := 25
	if in.MaxResults != nil {
		limit = int(*in.MaxResults) // 1 to 25, checked with the model's constraints
	}
	start, err := pageToken(in.NextToken)
	if err != nil {
		return nil, err
	}
	st := s.store(ctx)
	st.mu.RLock()
	var all []ExportSummary
	for _, e := range st.exports {
		if in.TableArn == nil || deref(e.TableArn) == *in.TableArn {
			all = append(all, ExportSummary{ExportArn: e.ExportArn, ExportStatus: e.ExportStatus, ExportType: e.ExportType})
		}
	}
	st.mu.RUnlock()
	out := &ListExportsOutput{ExportSummaries: []ExportSummary{}}
	out.ExportSummaries, out.NextToken = page(out.ExportSummaries, all, start, limit)
	return out, nil
}

// page appends all[start:start+limit] to dst and returns the next token.
func page[T any](dst, all []T, start, limit int) ([]T, *string) {
	if start >= len(all) {
		return dst, nil
	}
	end := min(start+limit, len(all))
	dst = append(dst, all[start:end]...)
	if end < len(all) {
		return dst, ptr(strconv.Itoa(end))
	}
	return dst, nil
}

// ImportTable creates TableCreationParameters' table (empty: see above) and
// records the import from S3BucketSource as COMPLETED, ImportArn
// <table ARN>/import/<id>. A repeated ClientToken returns the import it
// made. Errors (API Reference, "ImportTable"): ResourceInUseException when
// the table exists, ImportConflictException for a ClientToken reused with
// other parameters, ValidationException (CreateTable's, and for a missing
// S3Bucket).
func (s *Service) ImportTable(ctx context.Context, in *ImportTableInput) (*ImportTableOutput, error) {
	p := in.TableCreationParameters
	if in.S3BucketSource == nil || deref(in.S3BucketSource.S3Bucket) == "" {
		return nil, validation("1 validation error detected: Value null at 's3BucketSource.s3Bucket' failed to satisfy constraint: Member must not be null")
	}
	if p == nil {
		return nil, validation("1 validation error detected: Value null at 'tableCreationParameters' failed to satisfy constraint: Member must not be null")
	}
	st := s.store(ctx)
	if in.ClientToken != nil {
		st.mu.RLock()
		for _, im := range st.imports {
			if deref(im.ClientToken) == *in.ClientToken {
				same := deref(im.TableCreationParameters.TableName) == deref(p.TableName) && deref(im.S3BucketSource.S3Bucket) == deref(in.S3BucketSource.S3Bucket)
				st.mu.RUnlock()
				if !same {
					return nil, &ImportConflictException{Message: ptr("Import with the same client token but different parameters already exists: " + deref(im.ImportArn))}
				}
				c := *im
				return &ImportTableOutput{ImportTableDescription: &c}, nil
			}
		}
		st.mu.RUnlock()
	}
	out, err := s.CreateTable(ctx, &CreateTableInput{
		TableName: p.TableName, AttributeDefinitions: p.AttributeDefinitions, KeySchema: p.KeySchema, BillingMode: p.BillingMode,
		ProvisionedThroughput: p.ProvisionedThroughput, OnDemandThroughput: p.OnDemandThroughput, SSESpecification: p.SSESpecification,
		GlobalSecondaryIndexes: p.GlobalSecondaryIndexes,
	})
	if err != nil {
		return nil, err
	}
	now := s.env.Now()
	r := awsapi.RequestFrom(ctx)
	im := &ImportTableDescription{
		ImportArn: ptr(deref(out.TableDescription.TableArn) + "/import/" + s.transferID()), ImportStatus: ptr("COMPLETED"),
		TableArn: out.TableDescription.TableArn, TableId: out.TableDescription.TableId, ClientToken: in.ClientToken,
		S3BucketSource: in.S3BucketSource, ErrorCount: ptr(int64(0)),
		CloudWatchLogGroupArn: ptr("arn:aws:logs:" + r.Region + ":" + r.Account + ":log-group:/aws-dynamodb/imports:*"),
		InputFormat:           in.InputFormat, InputFormatOptions: in.InputFormatOptions, InputCompressionType: in.InputCompressionType,
		TableCreationParameters: p, StartTime: ptr(now), EndTime: ptr(now),
		ProcessedSizeBytes: ptr(int64(0)), ProcessedItemCount: ptr(int64(0)), ImportedItemCount: ptr(int64(0)),
	}
	if im.InputCompressionType == nil {
		im.InputCompressionType = ptr("NONE")
	}
	st.mu.Lock()
	st.imports = append(st.imports, im)
	st.mu.Unlock()
	c := *im
	return &ImportTableOutput{ImportTableDescription: &c}, nil
}

// DescribeImport describes an import. Errors: ImportNotFoundException.
func (s *Service) DescribeImport(ctx context.Context, in *DescribeImportInput) (*DescribeImportOutput, error) {
	st := s.store(ctx)
	st.mu.RLock()
	defer st.mu.RUnlock()
	for _, im := range st.imports {
		if deref(im.ImportArn) == deref(in.ImportArn) {
			c := *im
			return &DescribeImportOutput{ImportTableDescription: &c}, nil
		}
	}
	return nil, &ImportNotFoundException{Message: ptr("Import not found: " + deref(in.ImportArn))}
}

// ListImports lists imports oldest first (into TableArn only, when given),
// PageSize (1 to 25, default 25) at a time.
func (s *Service) ListImports(ctx context.Context, in *ListImportsInput) (*ListImportsOutput, error) {
	limit := 25
	if in.PageSize != nil {
		limit = int(*in.PageSize)
	}
	start, err := pageToken(in.NextToken)
	if err != nil {
		return nil, err
	}
	st := s.store(ctx)
	st.mu.RLock()
	var all []ImportSummary
	for _, im := range st.imports {
		if in.TableArn == nil || deref(im.TableArn) == *in.TableArn {
			all = append(all, ImportSummary{ImportArn: im.ImportArn, ImportStatus: im.ImportStatus, TableArn: im.TableArn,
				S3BucketSource: im.S3BucketSource, CloudWatchLogGroupArn: im.CloudWatchLogGroupArn, InputFormat: im.InputFormat,
				StartTime: im.StartTime, EndTime: im.EndTime})
		}
	}
	st.mu.RUnlock()
	out := &ListImportsOutput{ImportSummaryList: []ImportSummary{}}
	out.ImportSummaryList, out.NextToken = page(out.ImportSummaryList, all, start, limit)
	return out, nil
}
