package ssm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// AWS's public parameters under /aws/service/ (User Guide, "Discovering
// public parameters in Parameter Store"): the latest AMI ids users query
// most, answered with plausible, stable ids (ami- and 17 hex digits derived
// from the region and name), and the region list of
// /aws/service/global-infrastructure/regions. They are read-only.
var publicAMIs = []string{
	"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
	"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
	"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64",
	"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64",
	"/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-x86_64",
	"/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-arm64",
	"/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2",
	"/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-arm64-gp2",
	"/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-ebs",
	"/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2",
	"/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-arm64-gp2",
	"/aws/service/ami-amazon-linux-latest/amzn-ami-hvm-x86_64-gp2",
	"/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id",
	"/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id",
	"/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id",
	"/aws/service/canonical/ubuntu/server/22.04/stable/current/arm64/hvm/ebs-gp2/ami-id",
	"/aws/service/canonical/ubuntu/server/20.04/stable/current/amd64/hvm/ebs-gp2/ami-id",
	"/aws/service/debian/release/12/latest/amd64",
	"/aws/service/debian/release/12/latest/arm64",
	"/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
	"/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id",
	"/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id",
	"/aws/service/eks/optimized-ami/1.30/amazon-linux-2/recommended/image_id",
	"/aws/service/bottlerocket/aws-k8s-1.31/x86_64/latest/image_id",
	"/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base",
	"/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-Base",
}

// publicRegions are the commercial regions listed under
// /aws/service/global-infrastructure/regions.
var publicRegions = []string{
	"af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
	"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ca-central-1", "ca-west-1",
	"eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
	"il-central-1", "me-central-1", "me-south-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

const regionsPath = "/aws/service/global-infrastructure/regions"

// publicDate is the LastModifiedDate the public parameters report.
var publicDate = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)

// publicValues returns every public parameter of region: name → (value, data type).
func publicValues(region string) map[string][2]string {
	out := make(map[string][2]string, len(publicAMIs)+len(publicRegions))
	for _, name := range publicAMIs {
		h := sha256.Sum256([]byte(region + "|" + name))
		out[name] = [2]string{"ami-" + hex.EncodeToString(h[:])[:17], "aws:ec2:image"}
	}
	for _, r := range publicRegions {
		out[regionsPath+"/"+r] = [2]string{r, "text"}
	}
	return out
}

func publicParam(region, name, value, dataType string) Parameter {
	return Parameter{Name: ptr(name), Type: ptr("String"), Value: ptr(value), Version: ptr(int64(1)),
		LastModifiedDate: ptr(publicDate), ARN: ptr("arn:aws:ssm:" + region + "::parameter" + name), DataType: ptr(dataType)}
}

// publicParameter answers GetParameter for a public parameter.
func (s *Service) publicParameter(ctx context.Context, name string) (Parameter, bool) {
	if !strings.HasPrefix(name, "/aws/service/") {
		return Parameter{}, false
	}
	r := awsapi.RequestFrom(ctx)
	v, ok := publicValues(r.Region)[strings.TrimSuffix(name, ":1")]
	if !ok {
		return Parameter{}, false
	}
	return publicParam(r.Region, strings.TrimSuffix(name, ":1"), v[0], v[1]), true
}

// publicByPath answers GetParametersByPath under /aws/service/ (nil for
// other paths).
func (s *Service) publicByPath(ctx context.Context, path string, recursive bool) []Parameter {
	if !strings.HasPrefix(path+"/", "/aws/service/") {
		return nil
	}
	r := awsapi.RequestFrom(ctx)
	out := []Parameter{}
	for name, v := range publicValues(r.Region) {
		if underPath(name, path, recursive) {
			out = append(out, publicParam(r.Region, name, v[0], v[1]))
		}
	}
	sort.Slice(out, func(i, j int) bool { return *out[i].Name < *out[j].Name })
	return out
}
