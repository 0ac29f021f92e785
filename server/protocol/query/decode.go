package query

import (
	"errors"
	"net/http"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/xmlshape"
)

// Decode reads op's input from the request parameters (Action and Version
// are the protocol's, not members). A value that does not parse as its
// member's type is a 400: ValidationError for query (the code AWS query
// services such as IAM and STS return for invalid parameter values) and
// InvalidParameterValue for ec2 (EC2's documented common error code).
func (c *Codec) Decode(svc *model.Service, op *model.Operation, r *http.Request) (map[string]any, error) {
	if op.Input == nil {
		return map[string]any{}, nil
	}
	form, err := Form(r)
	if err != nil {
		return nil, err
	}
	tree, err := buildTree(form)
	if err != nil {
		return nil, err
	}
	out, err := decoder{ec2: c.ec2}.structure(tree, op.Input.Shape, "", 0)
	if err != nil {
		var ve *xmlshape.ValueError
		if errors.As(err, &ve) {
			if c.ec2 {
				return nil, awsapi.NewError(http.StatusBadRequest, "InvalidParameterValue", "Value (%s) for parameter %s is invalid. Expected a valid %s.", clip(ve.Value), ve.Path, ve.Want)
			}
			return nil, awsapi.NewError(http.StatusBadRequest, "ValidationError", "%s", ve.Error())
		}
		return nil, err
	}
	return out, nil
}
