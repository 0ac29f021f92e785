package jsonrpc

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// serve runs the codec behind an httptest server, the way the gateway does;
// h plays the provider (a modelled error's message is passed as "message").
func serve(t *testing.T, svc *model.Service, h protocoltest.Respond) string {
	t.Helper()
	meta := protocol.Meta{RequestID: "req-1", QueryCompatible: svc.Metadata.QueryCompatible()}
	return protocoltest.Server{
		Codec: New(), Service: svc, Respond: h, Fields: protocoltest.MessageField,
		Meta: func(*http.Request) protocol.Meta { return meta },
	}.Start(t)
}

var testCreds = credentials.NewStaticCredentialsProvider("test", "test", "")

func TestSDKDynamoDBListTables(t *testing.T) {
	url := serve(t, protocoltest.LoadService(t, "dynamodb"), func(op string, in map[string]any) (map[string]any, awsapi.APIError) {
		if op != "ListTables" || in["Limit"] != int64(5) {
			t.Errorf("decoded %s %v", op, in)
		}
		return map[string]any{"TableNames": []any{"a", "b"}}, nil
	})
	client := dynamodb.New(dynamodb.Options{Region: "us-east-1", Credentials: testCreds, BaseEndpoint: aws.String(url)})
	out, err := client.ListTables(context.Background(), &dynamodb.ListTablesInput{Limit: aws.Int32(5)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.TableNames) != 2 || out.TableNames[1] != "b" {
		t.Fatalf("TableNames = %v", out.TableNames)
	}
}

func TestSDKDynamoDBPutItemAttributes(t *testing.T) {
	url := serve(t, protocoltest.LoadService(t, "dynamodb"), func(op string, in map[string]any) (map[string]any, awsapi.APIError) {
		item := in["Item"].(map[string]any)
		if b := item["b"].(map[string]any)["B"].([]byte); !bytes.Equal(b, []byte{0, 1, 2}) {
			t.Errorf("B = %v", b)
		}
		if n := item["m"].(map[string]any)["M"].(map[string]any)["n"].(map[string]any)["N"]; n != "1.5" {
			t.Errorf("nested N = %v", n)
		}
		return map[string]any{"Attributes": item}, nil
	})
	client := dynamodb.New(dynamodb.Options{Region: "us-east-1", Credentials: testCreds, BaseEndpoint: aws.String(url)})
	out, err := client.PutItem(context.Background(), &dynamodb.PutItemInput{
		TableName: aws.String("t"),
		Item: map[string]ddbtypes.AttributeValue{
			"b": &ddbtypes.AttributeValueMemberB{Value: []byte{0, 1, 2}},
			"m": &ddbtypes.AttributeValueMemberM{Value: map[string]ddbtypes.AttributeValue{
				"n": &ddbtypes.AttributeValueMemberN{Value: "1.5"},
			}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if b, ok := out.Attributes["b"].(*ddbtypes.AttributeValueMemberB); !ok || !bytes.Equal(b.Value, []byte{0, 1, 2}) {
		t.Fatalf("Attributes = %#v", out.Attributes)
	}
}

func TestSDKDynamoDBTypedError(t *testing.T) {
	url := serve(t, protocoltest.LoadService(t, "dynamodb"), func(string, map[string]any) (map[string]any, awsapi.APIError) {
		return nil, &awsapi.Error{Code: "ResourceNotFoundException", Message: "Requested resource not found", Status: 400, Sender: true}
	})
	client := dynamodb.New(dynamodb.Options{Region: "us-east-1", Credentials: testCreds, BaseEndpoint: aws.String(url), RetryMaxAttempts: 1})
	_, err := client.DescribeTable(context.Background(), &dynamodb.DescribeTableInput{TableName: aws.String("t")})
	var rnf *ddbtypes.ResourceNotFoundException
	if !errors.As(err, &rnf) || rnf.ErrorMessage() != "Requested resource not found" {
		t.Fatalf("err = %v (%T)", err, err)
	}
}

// SQS answers awsJson1_0 with awsQueryCompatible errors: the SDK must see its
// typed *QueueDoesNotExist whose ErrorCode() is the query code from
// x-amzn-query-error.
func TestSDKSQSQueueDoesNotExist(t *testing.T) {
	url := serve(t, protocoltest.LoadService(t, "sqs"), func(op string, in map[string]any) (map[string]any, awsapi.APIError) {
		if op != "GetQueueUrl" || in["QueueName"] != "missing" {
			t.Errorf("decoded %s %v", op, in)
		}
		return nil, &QueueDoesNotExist{protocoltest.Modelled("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.", 400)}
	})
	client := sqs.New(sqs.Options{Region: "us-east-1", Credentials: testCreds, BaseEndpoint: aws.String(url), RetryMaxAttempts: 1})
	_, err := client.GetQueueUrl(context.Background(), &sqs.GetQueueUrlInput{QueueName: aws.String("missing")})
	var qdne *sqstypes.QueueDoesNotExist
	if !errors.As(err, &qdne) {
		t.Fatalf("err = %v (%T), want *types.QueueDoesNotExist", err, err)
	}
	if qdne.ErrorCode() != "AWS.SimpleQueueService.NonExistentQueue" || qdne.ErrorMessage() != "The specified queue does not exist." {
		t.Fatalf("code %q message %q", qdne.ErrorCode(), qdne.ErrorMessage())
	}
}

func TestSDKSQSSendMessageBinaryAttribute(t *testing.T) {
	url := serve(t, protocoltest.LoadService(t, "sqs"), func(op string, in map[string]any) (map[string]any, awsapi.APIError) {
		attr := in["MessageAttributes"].(map[string]any)["bin"].(map[string]any)
		if !bytes.Equal(attr["BinaryValue"].([]byte), []byte{0xff, 0}) || in["DelaySeconds"] != int64(3) {
			t.Errorf("decoded %v", in)
		}
		return map[string]any{"MessageId": "id-1", "MD5OfMessageBody": "8d777f385d3dfec8815d20f7496026dc"}, nil
	})
	client := sqs.New(sqs.Options{Region: "us-east-1", Credentials: testCreds, BaseEndpoint: aws.String(url),
		DisableMessageChecksumValidation: true})
	out, err := client.SendMessage(context.Background(), &sqs.SendMessageInput{
		QueueUrl: aws.String(url + "/000000000000/q"), MessageBody: aws.String("data"), DelaySeconds: 3,
		MessageAttributes: map[string]sqstypes.MessageAttributeValue{
			"bin": {DataType: aws.String("Binary"), BinaryValue: []byte{0xff, 0}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.MessageId) != "id-1" {
		t.Fatalf("MessageId = %v", out.MessageId)
	}
}
