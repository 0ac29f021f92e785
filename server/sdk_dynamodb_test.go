package server_test

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestDynamoDBTablesAndItems(t *testing.T) {
	url := newServer(t, nil)
	c := dynamodb.NewFromConfig(sdkConfig(url))
	ct, err := c.CreateTable(ctx(t), &dynamodb.CreateTableInput{
		TableName:            aws.String("events"),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}, {AttributeName: aws.String("sk"), AttributeType: types.ScalarAttributeTypeN}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("sk"), KeyType: types.KeyTypeRange}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// TableArn format: arn:aws:dynamodb:<region>:<account>:table/<name> (DynamoDB API reference, TableDescription).
	if aws.ToString(ct.TableDescription.TableArn) != "arn:aws:dynamodb:us-east-1:000000000000:table/events" {
		t.Errorf("arn %s", aws.ToString(ct.TableDescription.TableArn))
	}
	dt, err := c.DescribeTable(ctx(t), &dynamodb.DescribeTableInput{TableName: aws.String("events")})
	if err != nil || dt.Table.TableStatus != types.TableStatusActive {
		t.Fatalf("DescribeTable %v %v", dt, err)
	}
	lt, err := c.ListTables(ctx(t), &dynamodb.ListTablesInput{})
	if err != nil || len(lt.TableNames) != 1 {
		t.Fatalf("ListTables %v %v", lt, err)
	}
	for _, sk := range []string{"1", "2", "10", "-3.5"} {
		_, err := c.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String("events"), Item: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: "user#1"}, "sk": &types.AttributeValueMemberN{Value: sk}, "data": &types.AttributeValueMemberS{Value: "v" + sk},
		}})
		if err != nil {
			t.Fatal(err)
		}
	}
	gi, err := c.GetItem(ctx(t), &dynamodb.GetItemInput{TableName: aws.String("events"), Key: map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: "user#1"}, "sk": &types.AttributeValueMemberN{Value: "10"}}})
	if err != nil || gi.Item["data"].(*types.AttributeValueMemberS).Value != "v10" {
		t.Fatalf("GetItem %v %v", gi, err)
	}
	// Numbers sort numerically: -3.5 < 1 < 2 < 10 (DynamoDB Developer Guide, Query: sort key order).
	q, err := c.Query(ctx(t), &dynamodb.QueryInput{TableName: aws.String("events"),
		KeyConditionExpression:    aws.String("#p = :p AND sk >= :low"),
		ExpressionAttributeNames:  map[string]string{"#p": "pk"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": &types.AttributeValueMemberS{Value: "user#1"}, ":low": &types.AttributeValueMemberN{Value: "1"}}})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, it := range q.Items {
		order = append(order, it["sk"].(*types.AttributeValueMemberN).Value)
	}
	if len(order) != 3 || order[0] != "1" || order[1] != "2" || order[2] != "10" || q.Count != 3 {
		t.Errorf("query order %v count %d", order, q.Count)
	}
	if _, err := c.DeleteItem(ctx(t), &dynamodb.DeleteItemInput{TableName: aws.String("events"), Key: map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: "user#1"}, "sk": &types.AttributeValueMemberN{Value: "10"}}}); err != nil {
		t.Fatal(err)
	}
	gi, _ = c.GetItem(ctx(t), &dynamodb.GetItemInput{TableName: aws.String("events"), Key: map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: "user#1"}, "sk": &types.AttributeValueMemberN{Value: "10"}}})
	if gi.Item != nil {
		t.Errorf("item still there: %v", gi.Item)
	}
	if _, err := c.DeleteTable(ctx(t), &dynamodb.DeleteTableInput{TableName: aws.String("events")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeTable(ctx(t), &dynamodb.DescribeTableInput{TableName: aws.String("events")})
	var rnf *types.ResourceNotFoundException
	if !errors.As(err, &rnf) {
		t.Errorf("want ResourceNotFoundException, got %v", err)
	}
}

// A missing required member is a 400 ValidationException in AWS's wording
// ("1 validation error detected: Value null at 'tableName' failed to satisfy
// constraint: Member must not be null").
func TestDynamoDBValidation(t *testing.T) {
	url := newServer(t, nil)
	status, _, body := get(t, "POST", url+"/", `{}`, map[string]string{"X-Amz-Target": "DynamoDB_20120810.DescribeTable", "Content-Type": "application/x-amz-json-1.0"})
	if status != 400 || !containsAll(body, "ValidationException", "Value null at 'tableName' failed to satisfy constraint: Member must not be null") {
		t.Errorf("%d %s", status, body)
	}
}
