package sns

import (
	"context"
	"maps"
	"slices"
)

// smsAttributeNames are the account's SMS settings (SetSMSAttributes API
// Reference).
var smsAttributeNames = map[string]bool{
	"MonthlySpendLimit": true, "DeliveryStatusIAMRole": true, "DeliveryStatusSuccessSamplingRate": true,
	"DefaultSenderID": true, "DefaultSMSType": true, "UsageReportS3Bucket": true,
}

// SetSMSAttributes stores the account's SMS settings (nothing is sent).
// Errors: InvalidParameter for an unknown name or a DefaultSMSType other than
// Promotional or Transactional.
func (s *Service) SetSMSAttributes(ctx context.Context, in *SetSMSAttributesInput) (*SetSMSAttributesResponse, error) {
	for k, v := range in.Attributes {
		if !smsAttributeNames[k] {
			return nil, errInvalidParameter("%s", k)
		}
		if k == "DefaultSMSType" && v != "Promotional" && v != "Transactional" {
			return nil, errInvalidParameter("DefaultSMSType Reason: %s is not a valid value. Valid values are Promotional and Transactional", v)
		}
	}
	account, region := requestScope(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.storeFor(account, region)
	if st.smsAttrs == nil {
		st.smsAttrs = map[string]string{}
	}
	maps.Copy(st.smsAttrs, in.Attributes)
	return &SetSMSAttributesResponse{}, nil
}

// GetSMSAttributes returns the named SMS settings, or every one set.
func (s *Service) GetSMSAttributes(ctx context.Context, in *GetSMSAttributesInput) (*GetSMSAttributesResponse, error) {
	account, region := requestScope(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.storeFor(account, region)
	out := map[string]string{}
	for k, v := range st.smsAttrs {
		if len(in.Attributes) == 0 || slices.Contains(in.Attributes, k) {
			out[k] = v
		}
	}
	return &GetSMSAttributesResponse{Attributes: out}, nil
}

// CheckIfPhoneNumberIsOptedOut reports whether the number opted out of SMS.
// Numbers opt out by replying STOP, which an emulator never sees, so none
// is, unless a snapshot says so. Errors: InvalidParameter for a number not in
// E.164 form.
func (s *Service) CheckIfPhoneNumberIsOptedOut(ctx context.Context, in *CheckIfPhoneNumberIsOptedOutInput) (*CheckIfPhoneNumberIsOptedOutResponse, error) {
	phone := deref(in.PhoneNumber)
	if !phoneNumber.MatchString(phone) {
		return nil, errInvalidParameter("PhoneNumber Reason: input incorrectly formatted")
	}
	account, region := requestScope(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	return &CheckIfPhoneNumberIsOptedOutResponse{IsOptedOut: ptr(s.storeFor(account, region).optedOut[phone])}, nil
}

// OptInPhoneNumber opts a number back in.
func (s *Service) OptInPhoneNumber(ctx context.Context, in *OptInPhoneNumberInput) (*OptInPhoneNumberResponse, error) {
	account, region := requestScope(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.storeFor(account, region).optedOut, deref(in.PhoneNumber))
	return &OptInPhoneNumberResponse{}, nil
}

// ListPhoneNumbersOptedOut lists the opted-out numbers, 100 per page.
func (s *Service) ListPhoneNumbersOptedOut(ctx context.Context, in *ListPhoneNumbersOptedOutInput) (*ListPhoneNumbersOptedOutResponse, error) {
	account, region := requestScope(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	page, next, err := paginate(slices.Sorted(maps.Keys(s.storeFor(account, region).optedOut)), in.NextToken)
	if err != nil {
		return nil, err
	}
	return &ListPhoneNumbersOptedOutResponse{PhoneNumbers: append([]string{}, page...), NextToken: next}, nil
}
