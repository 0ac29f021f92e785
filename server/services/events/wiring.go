package events

import (
	"context"
	"errors"
)

// PutDefaultBusEvent puts one event from an AWS service (S3's EventBridge
// notifications: source "aws.s3") on the default bus of the request's
// account and region, as PutEvents would, without PutEvents' rule that
// "aws." sources are reserved. It satisfies s3.EventBus. Errors: the
// entry's PutEvents error (InvalidArgument, MalformedDetail).
func (s *Service) PutDefaultBusEvent(ctx context.Context, source, detailType, detail string, resources []string) error {
	account, region := scope(ctx)
	res := s.putEventFrom(ctx, account, region, PutEventsRequestEntry{Source: &source, DetailType: &detailType,
		Detail: &detail, Resources: resources}, true)
	if res.ErrorCode_ != nil {
		return errors.New(*res.ErrorCode_ + ": " + deref(res.ErrorMessage_))
	}
	return nil
}
