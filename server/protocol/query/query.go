// Package query implements the awsQuery protocol (STS, IAM, SNS, SQS's query
// mode, CloudFormation, ...) and its ec2Query variant as protocol.Codecs.
//
// Requests are form-encoded parameters (POST bodies or GET query strings)
// naming the operation in Action; responses and errors are XML.
//
// Sources: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html,
// https://smithy.io/2.0/aws/protocols/aws-ec2-query-protocol.html and
// botocore's QuerySerializer/EC2Serializer and QueryParser/EC2QueryParser for
// how the botocore traits map to wire names.
package query

import (
	"net/http"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

// Codec is the query or ec2 protocol. The zero value is not usable; call New
// or NewEC2.
type Codec struct {
	ec2 bool
}

var _ protocol.Codec = (*Codec)(nil)

// New returns the awsQuery codec ("query").
func New() *Codec { return &Codec{} }

// NewEC2 returns the ec2Query codec ("ec2").
func NewEC2() *Codec { return &Codec{ec2: true} }

// Name is "query" or "ec2".
func (c *Codec) Name() string {
	if c.ec2 {
		return "ec2"
	}
	return "query"
}

// Operation finds the operation named by the Action parameter. A missing or
// unknown Action is 400 InvalidAction, the code and message AWS query
// services answer with; a malformed form body is 400 MalformedQueryString.
func (c *Codec) Operation(svc *model.Service, r *http.Request) (*model.Operation, error) {
	form, err := Form(r)
	if err != nil {
		return nil, err
	}
	action := form.Get("Action")
	if op, ok := svc.Operations[action]; ok && action != "" {
		return op, nil
	}
	if action == "" {
		return nil, awsapi.NewError(http.StatusBadRequest, "InvalidAction", "The request must contain the parameter Action.")
	}
	return nil, awsapi.NewError(http.StatusBadRequest, "InvalidAction", "The action %s is not valid for this web service.", action)
}
