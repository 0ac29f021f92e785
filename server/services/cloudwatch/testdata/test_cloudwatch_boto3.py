"""boto3 against the emulator's CloudWatch (botocore picks smithy-rpc-v2-cbor):
metrics, statistics, alarms and dashboards (CloudWatch API Reference)."""
import datetime
import json
import os
import unittest

import boto3
import botocore.config


def client():
    return boto3.client(
        "cloudwatch", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
        config=botocore.config.Config(retries={"max_attempts": 1}, disable_request_compression=True))


class CloudWatchTest(unittest.TestCase):
    def test_metrics_and_alarm(self):
        cw = client()
        now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
        cw.put_metric_data(Namespace="Boto", MetricData=[
            {"MetricName": "Queue", "Value": v, "Unit": "Count", "Timestamp": now,
             "Dimensions": [{"Name": "Name", "Value": "jobs"}]} for v in (1, 2, 3)])
        stats = cw.get_metric_statistics(
            Namespace="Boto", MetricName="Queue", Dimensions=[{"Name": "Name", "Value": "jobs"}],
            StartTime=now - datetime.timedelta(minutes=1), EndTime=now + datetime.timedelta(minutes=1),
            Period=60, Statistics=["Sum", "Maximum", "SampleCount"])
        [dp] = stats["Datapoints"]
        self.assertEqual((dp["Sum"], dp["Maximum"], dp["SampleCount"]), (6.0, 3.0, 3.0))
        data = cw.get_metric_data(
            MetricDataQueries=[{"Id": "q", "MetricStat": {"Metric": {
                "Namespace": "Boto", "MetricName": "Queue", "Dimensions": [{"Name": "Name", "Value": "jobs"}]},
                "Period": 60, "Stat": "Average"}}],
            StartTime=now - datetime.timedelta(minutes=1), EndTime=now + datetime.timedelta(minutes=1))
        self.assertEqual(data["MetricDataResults"][0]["Values"], [2.0])
        self.assertEqual(len(cw.list_metrics(Namespace="Boto")["Metrics"]), 1)

        cw.put_metric_alarm(AlarmName="q-high", Namespace="Boto", MetricName="Queue",
                            Dimensions=[{"Name": "Name", "Value": "jobs"}], Statistic="Maximum", Period=60,
                            EvaluationPeriods=1, Threshold=2, ComparisonOperator="GreaterThanThreshold")
        [alarm] = cw.describe_alarms(AlarmNamePrefix="q-")["MetricAlarms"]
        self.assertEqual(alarm["StateValue"], "ALARM")
        with self.assertRaises(cw.exceptions.ResourceNotFound):
            cw.set_alarm_state(AlarmName="nope", StateValue="OK", StateReason="x")
        with self.assertRaises(cw.exceptions.InvalidParameterValueException):
            cw.put_metric_data(Namespace="AWS/Lambda", MetricData=[{"MetricName": "m", "Value": 1}])

    def test_dashboard(self):
        cw = client()
        cw.put_dashboard(DashboardName="d", DashboardBody=json.dumps({"widgets": []}))
        self.assertEqual(json.loads(cw.get_dashboard(DashboardName="d")["DashboardBody"]), {"widgets": []})
        self.assertEqual([e["DashboardName"] for e in cw.list_dashboards()["DashboardEntries"]], ["d"])


if __name__ == "__main__":
    unittest.main()
