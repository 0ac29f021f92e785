package cloudwatch

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// TopicPublisher is what alarm actions publish through (sns.Service
// implements it): a direct in-process SNS Publish.
type TopicPublisher interface {
	PublishToTopic(ctx context.Context, topicARN, message, groupID, dedupID string) (string, error)
}

// notification is an alarm state change waiting to be published once the
// store lock is released.
type notification struct {
	topic   string
	message string
}

// unlock releases st and publishes the alarm notifications the locked
// section queued, so that SNS never runs under a CloudWatch lock.
func (s *Service) unlock(ctx context.Context, st *store) {
	pending := st.pending
	st.pending = nil
	st.mu.Unlock()
	if s.topics == nil {
		return
	}
	for _, n := range pending {
		if _, err := s.topics.PublishToTopic(ctx, n.topic, n.message, "", ""); err != nil && s.env.Logger != nil {
			s.env.Logger.Warn("cloudwatch: alarm action failed", "request", awsapi.RequestFrom(ctx).ID, "topic", n.topic, "error", err)
		}
	}
}

// regionNames are the region names AWS writes in alarm notifications.
var regionNames = map[string]string{
	"us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)", "us-west-1": "US West (N. California)",
	"us-west-2": "US West (Oregon)", "eu-west-1": "EU (Ireland)", "eu-west-2": "EU (London)", "eu-central-1": "EU (Frankfurt)",
	"ap-southeast-1": "Asia Pacific (Singapore)", "ap-southeast-2": "Asia Pacific (Sydney)", "ap-northeast-1": "Asia Pacific (Tokyo)",
	"ap-south-1": "Asia Pacific (Mumbai)", "sa-east-1": "South America (Sao Paulo)", "ca-central-1": "Canada (Central)",
}

// queueActions queues the SNS notifications of a state change: the actions
// of the new state (AlarmActions, OKActions, InsufficientDataActions) that
// are SNS topics, when the alarm's actions are enabled. The message is the
// JSON AWS sends ("Using Amazon CloudWatch alarms", "Alarm events and
// Amazon SNS"); other action types (Auto Scaling, EC2, Lambda) are not run.
func (st *store) queueActions(a *alarm, old, state string, at time.Time) {
	if !a.ActionsOn {
		return
	}
	var actions, okA, alarmA, insufA []string
	desc := ""
	if m := a.Metric; m != nil {
		okA, alarmA, insufA, desc = m.OKActions, m.AlarmActions, m.InsufficientDataActions, valueOf(m.AlarmDescription)
	} else {
		c := a.Composite
		okA, alarmA, insufA, desc = c.OKActions, c.AlarmActions, c.InsufficientDataActions, valueOf(c.AlarmDescription)
	}
	switch state {
	case "OK":
		actions = okA
	case "ALARM":
		actions = alarmA
	default:
		actions = insufA
	}
	parts := strings.Split(a.ARN, ":")
	account, region := "", ""
	if len(parts) > 4 {
		region, account = parts[3], parts[4]
	}
	regionName := regionNames[region]
	if regionName == "" {
		regionName = region
	}
	msg := map[string]any{
		"AlarmName": a.Name, "AlarmDescription": nilIfEmpty(desc), "AWSAccountId": account,
		"AlarmConfigurationUpdatedTimestamp": a.Updated.Format("2006-01-02T15:04:05.000+0000"),
		"NewStateValue":                      state, "NewStateReason": a.Reason, "StateChangeTime": at.Format("2006-01-02T15:04:05.000+0000"),
		"Region": regionName, "AlarmArn": a.ARN, "OldStateValue": old,
		"OKActions": nonNil(okA), "AlarmActions": nonNil(alarmA), "InsufficientDataActions": nonNil(insufA),
	}
	if m := a.Metric; m != nil && m.MetricName != nil {
		dims := []map[string]string{}
		for _, d := range m.Dimensions {
			dims = append(dims, map[string]string{"value": valueOf(d.Value), "name": valueOf(d.Name)})
		}
		trigger := map[string]any{"MetricName": valueOf(m.MetricName), "Namespace": valueOf(m.Namespace),
			"StatisticType": "Statistic", "Statistic": strings.ToUpper(valueOf(m.Statistic)), "Unit": m.Unit, "Dimensions": dims,
			"Period": valueOf(m.Period), "EvaluationPeriods": valueOf(m.EvaluationPeriods), "ComparisonOperator": valueOf(m.ComparisonOperator),
			"Threshold": valueOf(m.Threshold), "TreatMissingData": valueOf(m.TreatMissingData), "EvaluateLowSampleCountPercentile": valueOf(m.EvaluateLowSampleCountPercentile)}
		if m.ExtendedStatistic != nil {
			trigger["StatisticType"], trigger["ExtendedStatistic"] = "ExtendedStatistic", *m.ExtendedStatistic
			delete(trigger, "Statistic")
		}
		msg["Trigger"] = trigger
	} else if c := a.Composite; c != nil {
		msg["AlarmRule"] = valueOf(c.AlarmRule)
	}
	body, _ := json.Marshal(msg)
	for _, act := range actions {
		if strings.HasPrefix(act, "arn:aws:sns:") {
			st.pending = append(st.pending, notification{topic: act, message: string(body)})
		}
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
