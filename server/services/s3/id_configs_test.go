package s3

import (
	"net/http"
	"testing"
)

// Source: API_GetBucketMetricsConfiguration.html (NoSuchConfiguration for
// an unknown Id) and API_ListBucketMetricsConfigurations.html.
func TestIDConfigurations(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	b := ptr("bkt")
	_, err := s.GetBucketMetricsConfiguration(ctx, &GetBucketMetricsConfigurationRequest{Bucket: b, Id: ptr("m1")})
	wantError(t, err, "NoSuchConfiguration", http.StatusNotFound, nil)
	_, err = s.PutBucketMetricsConfiguration(ctx, &PutBucketMetricsConfigurationRequest{Bucket: b, Id: ptr("m1"),
		MetricsConfiguration: &MetricsConfiguration{Id: ptr("other")}})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	for _, id := range []string{"m2", "m1"} {
		if _, err := s.PutBucketMetricsConfiguration(ctx, &PutBucketMetricsConfigurationRequest{Bucket: b, Id: ptr(id),
			MetricsConfiguration: &MetricsConfiguration{Id: ptr(id)}}); err != nil {
			t.Fatal(err)
		}
	}
	l, _ := s.ListBucketMetricsConfigurations(ctx, &ListBucketMetricsConfigurationsRequest{Bucket: b})
	if len(l.MetricsConfigurationList) != 2 || valueOf(l.MetricsConfigurationList[0].Id) != "m1" {
		t.Errorf("list %+v", l)
	}
	if _, err := s.DeleteBucketMetricsConfiguration(ctx, &DeleteBucketMetricsConfigurationRequest{Bucket: b, Id: ptr("m1")}); err != nil {
		t.Fatal(err)
	}
	_, err = s.DeleteBucketMetricsConfiguration(ctx, &DeleteBucketMetricsConfigurationRequest{Bucket: b, Id: ptr("m1")})
	wantError(t, err, "NoSuchConfiguration", http.StatusNotFound, nil)
	s.PutBucketInventoryConfiguration(ctx, &PutBucketInventoryConfigurationRequest{Bucket: b, Id: ptr("inv"),
		InventoryConfiguration: &InventoryConfiguration{Id: ptr("inv"), IsEnabled: ptr(true)}})
	s2 := snapshotRoundTrip(t, s)
	inv, err := s2.GetBucketInventoryConfiguration(ctx, &GetBucketInventoryConfigurationRequest{Bucket: b, Id: ptr("inv")})
	if err != nil || !valueOf(inv.InventoryConfiguration.IsEnabled) {
		t.Errorf("inventory after snapshot: %+v %v", inv, err)
	}
}
