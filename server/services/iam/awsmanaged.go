package iam

import (
	"slices"
	"strings"
	"time"
)

// A few AWS managed policies CI suites attach most, with their published
// documents (AWS Managed Policy Reference Guide). They are shared by every
// account and cannot be changed.
var awsManagedDocs = map[string]string{
	"AdministratorAccess":              `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
	"PowerUserAccess":                  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization","account:ListRegions","account:GetAccountInformation"],"Resource":"*"}]}`,
	"ReadOnlyAccess":                   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["*:Get*","*:List*","*:Describe*","s3:Head*","dynamodb:Query","dynamodb:Scan","dynamodb:BatchGetItem","sqs:ReceiveMessage"],"Resource":"*"}]}`,
	"AmazonS3FullAccess":               `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}`,
	"AmazonS3ReadOnlyAccess":           `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]}`,
	"AmazonSQSFullAccess":              `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:*"],"Resource":"*"}]}`,
	"AmazonSQSReadOnlyAccess":          `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:GetQueueAttributes","sqs:GetQueueUrl","sqs:ListDeadLetterSourceQueues","sqs:ListQueues","sqs:ListMessageMoveTasks","sqs:ListQueueTags"],"Resource":"*"}]}`,
	"AmazonDynamoDBFullAccess":         `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:*"],"Resource":"*"}]}`,
	"AmazonDynamoDBReadOnlyAccess":     `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:Describe*","dynamodb:List*","dynamodb:GetItem","dynamodb:Query","dynamodb:Scan","dynamodb:PartiQLSelect"],"Resource":"*"}]}`,
	"AmazonSNSFullAccess":              `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sns:*"],"Resource":"*"}]}`,
	"IAMFullAccess":                    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]}`,
	"SecretsManagerReadWrite":          `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:*","kms:DescribeKey","kms:ListAliases","kms:ListKeys"],"Resource":"*"}]}`,
	"CloudWatchLogsFullAccess":         `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:*","cloudwatch:GenerateQuery"],"Resource":"*"}]}`,
	"AWSLambdaBasicExecutionRole":      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}`,
	"AWSLambdaExecute":                 `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:*"],"Resource":"arn:aws:logs:*:*:*"},{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::*"}]}`,
	"AmazonKinesisFullAccess":          `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:*","Resource":"*"}]}`,
	"AWSKeyManagementServicePowerUser": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:CreateAlias","kms:CreateKey","kms:DeleteAlias","kms:Describe*","kms:GenerateRandom","kms:Get*","kms:List*","kms:TagResource","kms:UntagResource","iam:ListGroups","iam:ListRoles","iam:ListUsers"],"Resource":"*"}]}`,
}

// servicePathPolicies live under /service-role/ (their ARNs say so).
var servicePathPolicies = map[string]bool{"AWSLambdaBasicExecutionRole": true}

// awsManagedEpoch is the CreateDate reported for AWS managed policies.
var awsManagedEpoch = time.Date(2015, 2, 6, 18, 39, 46, 0, time.UTC)

func awsManagedPolicy(name string) *managedPolicy {
	doc, ok := awsManagedDocs[name]
	if !ok {
		return nil
	}
	path := "/"
	if servicePathPolicies[name] {
		path = "/service-role/"
	}
	return &managedPolicy{Name: name, Path: path, ID: "ANPA" + strings.ToUpper(strings.Repeat(name, 3))[:17], ARN: "arn:aws:iam::aws:policy" + path + name,
		Created: awsManagedEpoch, Updated: awsManagedEpoch, Default: "v1", AWSManaged: true,
		Versions: []*policyVersion{{ID: "v1", Doc: doc, Created: awsManagedEpoch}}}
}

// awsManaged finds an AWS managed policy by ARN.
func awsManaged(policyArn string) (*managedPolicy, bool) {
	rest, ok := strings.CutPrefix(policyArn, "arn:aws:iam::aws:policy/")
	if !ok {
		return nil, false
	}
	name := rest[strings.LastIndex(rest, "/")+1:]
	p := awsManagedPolicy(name)
	if p == nil || p.ARN != policyArn {
		return nil, false
	}
	return p, true
}

func awsManagedList() []*managedPolicy {
	names := make([]string, 0, len(awsManagedDocs))
	for n := range awsManagedDocs {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]*managedPolicy, 0, len(names))
	for _, n := range names {
		out = append(out, awsManagedPolicy(n))
	}
	return out
}
