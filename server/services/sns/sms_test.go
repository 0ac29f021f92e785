package sns

import "testing"

// SMS settings are stored (SetSMSAttributes, GetSMSAttributes API Reference);
// no number is opted out until a snapshot says so.
func TestSMSAttributesAndOptOut(t *testing.T) {
	s, _ := newTestService(t)
	if _, err := s.SetSMSAttributes(bg(), &SetSMSAttributesInput{Attributes: map[string]string{"DefaultSMSType": "Transactional", "DefaultSenderID": "Me"}}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetSMSAttributes(bg(), &GetSMSAttributesInput{Attributes: []string{"DefaultSMSType"}})
	if len(got.Attributes) != 1 || got.Attributes["DefaultSMSType"] != "Transactional" {
		t.Errorf("GetSMSAttributes %v", got.Attributes)
	}
	_, err := s.SetSMSAttributes(bg(), &SetSMSAttributesInput{Attributes: map[string]string{"DefaultSMSType": "Loud"}})
	wantErr(t, err, "InvalidParameter", "")
	out, err := s.CheckIfPhoneNumberIsOptedOut(bg(), &CheckIfPhoneNumberIsOptedOutInput{PhoneNumber: ptr("+15555550100")})
	if err != nil || *out.IsOptedOut {
		t.Errorf("CheckIfPhoneNumberIsOptedOut %v %v", out, err)
	}
	_, err = s.CheckIfPhoneNumberIsOptedOut(bg(), &CheckIfPhoneNumberIsOptedOutInput{PhoneNumber: ptr("nope")})
	wantErr(t, err, "InvalidParameter", "")
	s.storeFor("000000000000", "us-east-1").optedOut["+15555550100"] = true
	list, _ := s.ListPhoneNumbersOptedOut(bg(), &ListPhoneNumbersOptedOutInput{})
	if len(list.PhoneNumbers) != 1 {
		t.Errorf("opted out %v", list.PhoneNumbers)
	}
	if _, err := s.OptInPhoneNumber(bg(), &OptInPhoneNumberInput{PhoneNumber: ptr("+15555550100")}); err != nil {
		t.Fatal(err)
	}
	list, _ = s.ListPhoneNumbersOptedOut(bg(), &ListPhoneNumbersOptedOutInput{})
	if len(list.PhoneNumbers) != 0 {
		t.Errorf("after OptInPhoneNumber %v", list.PhoneNumbers)
	}
}
