package logs

import (
	"context"
	"fmt"
	"strings"
)

// Vended-log deliveries (sources, destinations, deliveries between them):
// recorded as AWS describes them; no logs flow.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html

type deliveryState struct {
	Sources      map[string]*DeliverySource      `json:"sources,omitempty"`
	Destinations map[string]*DeliveryDestination `json:"destinations,omitempty"`
	Policies     map[string]string               `json:"destination_policies,omitempty"`
	Deliveries   map[string]*Delivery            `json:"deliveries,omitempty"`
}

func (st *store) deliveries() *deliveryState {
	d := &st.data.Deliveries
	if d.Sources == nil {
		d.Sources, d.Destinations, d.Policies, d.Deliveries = map[string]*DeliverySource{}, map[string]*DeliveryDestination{}, map[string]string{}, map[string]*Delivery{}
	}
	return d
}

func conflict(format string, args ...any) error {
	return logsError("ConflictException", format, args...)
}

// arnService is the service part of an ARN ("s3", "logs", "firehose").
func arnService(arn string) string {
	parts := strings.SplitN(arn, ":", 4)
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

// PutDeliverySource creates or updates a delivery source for a resource.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliverySource.html
func (s *Service) PutDeliverySource(ctx context.Context, in *PutDeliverySourceRequest) (*PutDeliverySourceResponse, error) {
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	d := st.deliveries()
	name := valueOf(in.Name)
	src := &DeliverySource{Name: in.Name, Arn: ptr(fmt.Sprintf("arn:aws:logs:%s:%s:delivery-source:%s", r.Region, r.Account, name)),
		ResourceArns: []string{valueOf(in.ResourceArn)}, Service: ptr(arnService(valueOf(in.ResourceArn))), LogType: in.LogType,
		Tags: in.Tags, DeliverySourceConfiguration: in.DeliverySourceConfiguration}
	if old := d.Sources[name]; old != nil && valueOf(old.LogType) != valueOf(in.LogType) {
		return nil, conflict("Delivery source %s already exists with log type %s.", name, valueOf(old.LogType))
	}
	d.Sources[name] = src
	return &PutDeliverySourceResponse{DeliverySource: src}, nil
}

// GetDeliverySource describes a delivery source.
func (s *Service) GetDeliverySource(ctx context.Context, in *GetDeliverySourceRequest) (*GetDeliverySourceResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	src := st.deliveries().Sources[valueOf(in.Name)]
	if src == nil {
		return nil, notFound("Delivery source %s does not exist.", valueOf(in.Name))
	}
	return &GetDeliverySourceResponse{DeliverySource: src}, nil
}

// DescribeDeliverySources lists delivery sources by name.
func (s *Service) DescribeDeliverySources(ctx context.Context, in *DescribeDeliverySourcesRequest) (*DescribeDeliverySourcesResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	d := st.deliveries()
	page, next, err := paginate(sortedKeys(d.Sources), in.NextToken, int(valueOf(in.Limit)), 50)
	if err != nil {
		return nil, err
	}
	out := &DescribeDeliverySourcesResponse{DeliverySources: []DeliverySource{}, NextToken: next}
	for _, n := range page {
		out.DeliverySources = append(out.DeliverySources, *d.Sources[n])
	}
	return out, nil
}

// DeleteDeliverySource deletes a source no delivery uses (else ConflictException).
func (s *Service) DeleteDeliverySource(ctx context.Context, in *DeleteDeliverySourceRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	d := st.deliveries()
	name := valueOf(in.Name)
	if d.Sources[name] == nil {
		return nil, notFound("Delivery source %s does not exist.", name)
	}
	for _, dl := range d.Deliveries {
		if valueOf(dl.DeliverySourceName) == name {
			return nil, conflict("Delivery source %s is used by delivery %s.", name, valueOf(dl.Id))
		}
	}
	delete(d.Sources, name)
	return &awsEmpty{}, nil
}

// destinationType maps a destination resource ARN to S3, CWL or FH.
func destinationType(arn string) string {
	switch arnService(arn) {
	case "s3":
		return "S3"
	case "logs":
		return "CWL"
	case "firehose":
		return "FH"
	}
	return ""
}

// PutDeliveryDestination creates or updates a delivery destination.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliveryDestination.html
func (s *Service) PutDeliveryDestination(ctx context.Context, in *PutDeliveryDestinationRequest) (*PutDeliveryDestinationResponse, error) {
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	name := valueOf(in.Name)
	typ := valueOf(in.DeliveryDestinationType)
	if c := in.DeliveryDestinationConfiguration; typ == "" && c != nil {
		typ = destinationType(valueOf(c.DestinationResourceArn))
	}
	dst := &DeliveryDestination{Name: in.Name, Arn: ptr(fmt.Sprintf("arn:aws:logs:%s:%s:delivery-destination:%s", r.Region, r.Account, name)),
		DeliveryDestinationType: ptr(typ), OutputFormat: in.OutputFormat, DeliveryDestinationConfiguration: in.DeliveryDestinationConfiguration, Tags: in.Tags}
	st.deliveries().Destinations[name] = dst
	return &PutDeliveryDestinationResponse{DeliveryDestination: dst}, nil
}

// GetDeliveryDestination describes a delivery destination.
func (s *Service) GetDeliveryDestination(ctx context.Context, in *GetDeliveryDestinationRequest) (*GetDeliveryDestinationResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	dst := st.deliveries().Destinations[valueOf(in.Name)]
	if dst == nil {
		return nil, notFound("Delivery destination %s does not exist.", valueOf(in.Name))
	}
	return &GetDeliveryDestinationResponse{DeliveryDestination: dst}, nil
}

// DescribeDeliveryDestinations lists delivery destinations by name.
func (s *Service) DescribeDeliveryDestinations(ctx context.Context, in *DescribeDeliveryDestinationsRequest) (*DescribeDeliveryDestinationsResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	d := st.deliveries()
	page, next, err := paginate(sortedKeys(d.Destinations), in.NextToken, int(valueOf(in.Limit)), 50)
	if err != nil {
		return nil, err
	}
	out := &DescribeDeliveryDestinationsResponse{DeliveryDestinations: []DeliveryDestination{}, NextToken: next}
	for _, n := range page {
		out.DeliveryDestinations = append(out.DeliveryDestinations, *d.Destinations[n])
	}
	return out, nil
}

// DeleteDeliveryDestination deletes a destination no delivery uses.
func (s *Service) DeleteDeliveryDestination(ctx context.Context, in *DeleteDeliveryDestinationRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	d := st.deliveries()
	dst := d.Destinations[valueOf(in.Name)]
	if dst == nil {
		return nil, notFound("Delivery destination %s does not exist.", valueOf(in.Name))
	}
	for _, dl := range d.Deliveries {
		if valueOf(dl.DeliveryDestinationArn) == valueOf(dst.Arn) {
			return nil, conflict("Delivery destination %s is used by delivery %s.", valueOf(in.Name), valueOf(dl.Id))
		}
	}
	delete(d.Destinations, valueOf(in.Name))
	delete(d.Policies, valueOf(in.Name))
	return &awsEmpty{}, nil
}

// PutDeliveryDestinationPolicy stores a destination's access policy.
func (s *Service) PutDeliveryDestinationPolicy(ctx context.Context, in *PutDeliveryDestinationPolicyRequest) (*PutDeliveryDestinationPolicyResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	d := st.deliveries()
	name := valueOf(in.DeliveryDestinationName)
	if d.Destinations[name] == nil {
		return nil, notFound("Delivery destination %s does not exist.", name)
	}
	d.Policies[name] = valueOf(in.DeliveryDestinationPolicy)
	return &PutDeliveryDestinationPolicyResponse{Policy: &Policy{DeliveryDestinationPolicy: in.DeliveryDestinationPolicy}}, nil
}

// GetDeliveryDestinationPolicy returns a destination's access policy.
func (s *Service) GetDeliveryDestinationPolicy(ctx context.Context, in *GetDeliveryDestinationPolicyRequest) (*GetDeliveryDestinationPolicyResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	p, ok := st.deliveries().Policies[valueOf(in.DeliveryDestinationName)]
	if !ok {
		return nil, notFound("Delivery destination policy for %s does not exist.", valueOf(in.DeliveryDestinationName))
	}
	return &GetDeliveryDestinationPolicyResponse{Policy: &Policy{DeliveryDestinationPolicy: ptr(p)}}, nil
}

// DeleteDeliveryDestinationPolicy removes a destination's access policy.
func (s *Service) DeleteDeliveryDestinationPolicy(ctx context.Context, in *DeleteDeliveryDestinationPolicyRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	d := st.deliveries()
	if _, ok := d.Policies[valueOf(in.DeliveryDestinationName)]; !ok {
		return nil, notFound("Delivery destination policy for %s does not exist.", valueOf(in.DeliveryDestinationName))
	}
	delete(d.Policies, valueOf(in.DeliveryDestinationName))
	return &awsEmpty{}, nil
}

// CreateDelivery connects a source to a destination (both must exist:
// ResourceNotFoundException; the same pair twice: ConflictException).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateDelivery.html
func (s *Service) CreateDelivery(ctx context.Context, in *CreateDeliveryRequest) (*CreateDeliveryResponse, error) {
	st, r := s.locked(ctx)
	defer st.mu.Unlock()
	d := st.deliveries()
	src := valueOf(in.DeliverySourceName)
	if d.Sources[src] == nil {
		return nil, notFound("Delivery source %s does not exist.", src)
	}
	var dst *DeliveryDestination
	for _, x := range d.Destinations {
		if valueOf(x.Arn) == valueOf(in.DeliveryDestinationArn) {
			dst = x
		}
	}
	if dst == nil {
		return nil, notFound("Delivery destination %s does not exist.", valueOf(in.DeliveryDestinationArn))
	}
	for _, dl := range d.Deliveries {
		if valueOf(dl.DeliverySourceName) == src && valueOf(dl.DeliveryDestinationArn) == valueOf(dst.Arn) {
			return nil, conflict("A delivery from %s to %s already exists.", src, valueOf(dst.Arn))
		}
	}
	id := strings.ReplaceAll(s.env.NewID(), "-", "")[:16]
	dl := &Delivery{Id: ptr(id), Arn: ptr(fmt.Sprintf("arn:aws:logs:%s:%s:delivery:%s", r.Region, r.Account, id)), DeliverySourceName: in.DeliverySourceName,
		DeliveryDestinationArn: dst.Arn, DeliveryDestinationType: dst.DeliveryDestinationType, RecordFields: in.RecordFields,
		FieldDelimiter: in.FieldDelimiter, S3DeliveryConfiguration: in.S3DeliveryConfiguration, Tags: in.Tags}
	d.Deliveries[id] = dl
	return &CreateDeliveryResponse{Delivery: dl}, nil
}

// GetDelivery describes a delivery.
func (s *Service) GetDelivery(ctx context.Context, in *GetDeliveryRequest) (*GetDeliveryResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	dl := st.deliveries().Deliveries[valueOf(in.Id)]
	if dl == nil {
		return nil, notFound("Delivery %s does not exist.", valueOf(in.Id))
	}
	return &GetDeliveryResponse{Delivery: dl}, nil
}

// DescribeDeliveries lists deliveries.
func (s *Service) DescribeDeliveries(ctx context.Context, in *DescribeDeliveriesRequest) (*DescribeDeliveriesResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	d := st.deliveries()
	page, next, err := paginate(sortedKeys(d.Deliveries), in.NextToken, int(valueOf(in.Limit)), 50)
	if err != nil {
		return nil, err
	}
	out := &DescribeDeliveriesResponse{Deliveries: []Delivery{}, NextToken: next}
	for _, id := range page {
		out.Deliveries = append(out.Deliveries, *d.Deliveries[id])
	}
	return out, nil
}

// UpdateDeliveryConfiguration changes a delivery's record fields, delimiter
// or S3 configuration.
func (s *Service) UpdateDeliveryConfiguration(ctx context.Context, in *UpdateDeliveryConfigurationRequest) (*UpdateDeliveryConfigurationResponse, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	dl := st.deliveries().Deliveries[valueOf(in.Id)]
	if dl == nil {
		return nil, notFound("Delivery %s does not exist.", valueOf(in.Id))
	}
	if in.RecordFields != nil {
		dl.RecordFields = in.RecordFields
	}
	if in.FieldDelimiter != nil {
		dl.FieldDelimiter = in.FieldDelimiter
	}
	if in.S3DeliveryConfiguration != nil {
		dl.S3DeliveryConfiguration = in.S3DeliveryConfiguration
	}
	return &UpdateDeliveryConfigurationResponse{}, nil
}

// DeleteDelivery deletes a delivery.
func (s *Service) DeleteDelivery(ctx context.Context, in *DeleteDeliveryRequest) (*awsEmpty, error) {
	st, _ := s.locked(ctx)
	defer st.mu.Unlock()
	d := st.deliveries()
	if d.Deliveries[valueOf(in.Id)] == nil {
		return nil, notFound("Delivery %s does not exist.", valueOf(in.Id))
	}
	delete(d.Deliveries, valueOf(in.Id))
	return &awsEmpty{}, nil
}
