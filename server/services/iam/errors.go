package iam

import (
	"fmt"
	"strconv"
)

// Errors as IAM words them (IAM API Reference, "Common errors" and each
// operation's Errors section; messages as AWS returns them).

func noSuchEntity(format string, args ...any) error {
	return &NoSuchEntityException{Message: ptr(fmt.Sprintf(format, args...))}
}

func alreadyExists(format string, args ...any) error {
	return &EntityAlreadyExistsException{Message: ptr(fmt.Sprintf(format, args...))}
}

func deleteConflict(format string, args ...any) error {
	return &DeleteConflictException{Message: ptr(fmt.Sprintf(format, args...))}
}

func invalidInput(format string, args ...any) error {
	return &InvalidInputException{Message: ptr(fmt.Sprintf(format, args...))}
}

func limitExceeded(format string, args ...any) error {
	return &LimitExceededException{Message: ptr(fmt.Sprintf(format, args...))}
}

func malformed(format string, args ...any) error {
	return &MalformedPolicyDocumentException{Message: ptr(fmt.Sprintf(format, args...))}
}

// page returns items from the Marker (an index) up to MaxItems (default
// 100, the IAM default), whether more remain and the next marker.
func page[T any](items []T, marker *string, maxItems *int32) ([]T, *bool, *string, error) {
	start := 0
	if marker != nil {
		n, err := strconv.Atoi(*marker)
		if err != nil || n < 0 || n > len(items) {
			return nil, nil, nil, invalidInput("Invalid Marker.")
		}
		start = n
	}
	limit := 100
	if maxItems != nil && *maxItems > 0 {
		limit = int(*maxItems)
	}
	end := min(start+limit, len(items))
	if end < len(items) {
		return items[start:end], ptr(true), ptr(strconv.Itoa(end)), nil
	}
	return items[start:end], ptr(false), nil, nil
}
