// The alarm-wiring drill: drive each of the deployment's alarms to ALARM with SetAlarmState and see
// its SNS actions run and their notifications reach the subscribers; then reset.
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "drh/aws/cloudwatch.h"
#include "drh/aws/sns.h"
#include "drh/client/connection.h"
#include "drh/drill/drill.h"
#include "drill_support.h"

namespace drh::drill {

using namespace support;

namespace {

constexpr const char* kReason = "drh alarm-wiring drill: checking that ALARM notifies its actions";

/// The region of an SNS topic ARN (arn:aws:sns:REGION:account:name), or "".
std::string topic_region(const std::string& arn) {
  if (arn.rfind("arn:", 0) != 0) return {};
  std::size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    pos = arn.find(':', pos);
    if (pos == std::string::npos) return {};
    ++pos;
  }
  const std::size_t end = arn.find(':', pos);
  return end == std::string::npos ? std::string() : arn.substr(pos, end - pos);
}

bool is_sns(const std::string& arn) { return arn.rfind("arn:aws:sns:", 0) == 0; }

struct AlarmTarget {
  std::string name, region, state;
  bool actions_enabled = true;
  std::vector<std::string> topics;  ///< SNS AlarmActions
  std::vector<std::string> others;  ///< other AlarmActions (not checked here)
  std::string why;                  ///< "ReplicationLagAlarmName", "acts on <topic>"
};

struct Shared {
  int wired = 0;
  int total = 0;
};

}  // namespace

Status support::undo_alarm_state(UndoEnv& env, std::string_view text) {
  auto params = parse_params(text, {"alarm", "region", "state"});
  if (!params) return params.error();
  if (!env.connection)
    return invalid_input("the " + std::string(kAlarmStateKind) + " undo needs a connection");
  const json& p = *params;
  aws::CloudWatchClient cw(*env.connection);
  const std::string state = p["state"];
  auto set =
      cw.SetAlarmState(p["region"].get<std::string>(),
                       {.AlarmName = p["alarm"].get<std::string>(),
                        .StateValue = state,
                        .StateReason = "drh alarm-wiring drill: back to " + state +
                                       ", the state before the drill; CloudWatch evaluates it "
                                       "again at its next "
                                       "period",
                        .StateReasonData = {}});
  if (!set && set.error().code == "ResourceNotFound") return Ok{};  // deleted meanwhile
  if (!set) return set.error();
  return Ok{};
}

Result<Drill> alarm_wiring_drill(const fixtures::Deployment& d, AwsConnection& connection,
                                 const BuiltinOptions& options) {
  // The alarms the deployment names, by role ("ReplicationLagAlarmName", ...).
  std::map<std::string, std::string> named;  // alarm name -> role
  if (!d.replication_lag_alarm_name.empty())
    named[d.replication_lag_alarm_name] = "ReplicationLagAlarmName";
  for (const auto& [role, r] : d.roles) {
    if (role.size() > 9 && role.ends_with("AlarmName") && !r.output.value.empty() &&
        !r.output.is_json)
      named.emplace(r.output.value, role);
  }
  std::vector<std::string> topics;
  for (const auto& t : {d.primary_sns_topic_arn, d.secondary_sns_topic_arn}) {
    if (!t.empty() && std::find(topics.begin(), topics.end(), t) == topics.end())
      topics.push_back(t);
  }
  if (named.empty() && topics.empty()) {
    return invalid_input(
        "the alarm-wiring drill needs ReplicationLagAlarmName "
        "or an SNS topic (SnsTopicArn, "
        "PrimarySnsTopicArn, SecondarySnsTopicArn) in the "
        "deployment's outputs");
  }
  std::vector<std::string> regions;
  for (const auto& r : std::vector<std::string>{d.primary_region, d.secondary_region}) {
    if (!r.empty() && std::find(regions.begin(), regions.end(), r) == regions.end())
      regions.push_back(r);
  }
  for (const auto& t : topics) {
    const std::string r = topic_region(t);
    if (!r.empty() && std::find(regions.begin(), regions.end(), r) == regions.end())
      regions.push_back(r);
  }
  if (regions.empty()) {
    return invalid_input("the alarm-wiring drill needs PrimaryRegion/SecondaryRegion to find " +
                         named.begin()->first);
  }

  auto cw = std::make_shared<aws::CloudWatchClient>(connection);
  auto sns = std::make_shared<aws::SnsClient>(connection);
  std::vector<AlarmTarget> alarms;
  std::set<std::string> found;
  for (const auto& region : regions) {
    auto all = cw->DescribeAlarmsAll(region, {});
    if (!all) return all.error();
    for (const auto& a : all->MetricAlarms) {
      AlarmTarget t;
      t.name = a.AlarmName;
      t.region = region;
      t.state = a.StateValue;
      t.actions_enabled = a.ActionsEnabled.value_or(true);
      for (const auto& act : a.AlarmActions) (is_sns(act) ? t.topics : t.others).push_back(act);
      if (auto it = named.find(a.AlarmName); it != named.end()) {
        t.why = it->second;
      } else {
        for (const auto& topic : topics) {
          if (std::find(a.AlarmActions.begin(), a.AlarmActions.end(), topic) !=
              a.AlarmActions.end()) {
            t.why = "acts on " + topic;
            break;
          }
        }
      }
      if (t.why.empty()) continue;
      found.insert(t.name);
      alarms.push_back(std::move(t));
    }
  }
  for (const auto& [name, role] : named) {
    if (!found.count(name)) {
      return invalid_input("alarm " + name + " (" + role + ") is in none of " + join(regions));
    }
  }
  if (alarms.empty()) {
    return invalid_input("no alarm in " + join(regions) + " acts on " + join(topics));
  }
  // The alarms the outputs name first, then the others region by region.
  std::stable_partition(alarms.begin(), alarms.end(),
                        [&](const AlarmTarget& a) { return named.count(a.name) > 0; });

  Drill drill;
  drill.name = "alarm-wiring";
  auto shared = std::make_shared<Shared>();
  shared->total = static_cast<int>(alarms.size());
  auto received = options.sns_received;
  Clock* clock = &connection.clock();

  for (const auto& a : alarms) {
    Step s;
    s.name = "alarm " + a.name + " (" + a.region + ") in ALARM notifies " +
             (a.topics.empty() ? std::string("no topic") : join(a.topics));
    s.kind = kAlarmStateKind;
    s.params = json{{"alarm", a.name}, {"region", a.region}, {"state", a.state}}.dump();
    s.deadline = options.deadline;
    s.poll_interval = options.poll_interval;
    // An alarm the outputs do not name is the deployment's through the topic it notifies.
    s.touches = named.count(a.name) ? std::vector<std::string>{a.name} : a.topics;
    if (a.state == "ALARM") {
      s.plan.push_back("cloudwatch:SetAlarmState " + a.region + " AlarmName=" + a.name +
                       " StateValue=OK (it is in ALARM already: actions run on "
                       "a change only)");
    }
    s.plan.push_back("cloudwatch:SetAlarmState " + a.region + " AlarmName=" + a.name +
                     " StateValue=ALARM StateReason=\"" + kReason + "\"");
    for (const auto& t : a.topics) {
      s.plan.push_back("sns:GetTopicAttributes, sns:ListSubscriptionsByTopic " + topic_region(t) +
                       " TopicArn=" + t);
    }
    s.plan.push_back("poll cloudwatch:DescribeAlarmHistory " + a.region + " AlarmName=" + a.name +
                     " HistoryItemType=Action until \"Successfully executed action\" for "
                     "each "
                     "topic" +
                     (received ? ", and each confirmed subscription's delivery" : ""));
    s.plan.push_back("undo: cloudwatch:SetAlarmState " + a.region + " AlarmName=" + a.name +
                     " StateValue=" + a.state);
    auto set_at = std::make_shared<TimePoint>();
    s.action = [cw, a, set_at, clock]() -> Status {
      if (a.state == "ALARM") {
        auto ok = cw->SetAlarmState(
            a.region, {.AlarmName = a.name,
                       .StateValue = "OK",
                       .StateReason = std::string(kReason) + " (OK first: it was in ALARM)",
                       .StateReasonData = {}});
        if (!ok) return ok.error();
      }
      *set_at = clock->now();
      auto set = cw->SetAlarmState(a.region, {.AlarmName = a.name,
                                              .StateValue = "ALARM",
                                              .StateReason = kReason,
                                              .StateReasonData = {}});
      if (!set) return set.error();
      return Ok{};
    };
    s.verify = [cw, sns, a, set_at, received, shared]() -> Result<Probe> {
      const std::string who = "alarm " + a.name + " (" + a.region + ")";
      if (!a.actions_enabled) {
        return make_error(ErrorKind::kAws, "AlarmActionsDisabled",
                          who + " has its actions disabled: ALARM notifies nobody");
      }
      if (a.topics.empty()) {
        return make_error(ErrorKind::kAws, "NoAlarmTopic",
                          who + " has no SNS topic among its AlarmActions" +
                              (a.others.empty() ? "" : " (only " + join(a.others) + ")") +
                              ": ALARM notifies nobody");
      }
      // The topics exist and have someone to deliver to.
      std::map<std::string, std::vector<std::string>> confirmed;  // topic -> subscriptions
      std::vector<std::string> notes;
      for (const auto& t : a.topics) {
        const std::string region = topic_region(t);
        auto attrs = sns->GetTopicAttributes(region, {.TopicArn = t});
        if (!attrs) {
          if (attrs.error().code == "NotFound" || attrs.error().http_status == 404) {
            return make_error(ErrorKind::kAws, "AlarmTopicNotFound",
                              who + " acts on topic " + t + ", which does not exist (deleted?)");
          }
          return attrs.error();
        }
        auto subs = sns->ListSubscriptionsByTopicAll(region, {.TopicArn = t, .NextToken = {}});
        if (!subs) return subs.error();
        int pending = 0;
        for (const auto& sub : *subs) {
          if (sub.SubscriptionArn == "PendingConfirmation" || sub.SubscriptionArn.empty()) {
            ++pending;
          } else {
            confirmed[t].push_back(sub.SubscriptionArn);
          }
        }
        if (confirmed[t].empty()) {
          return make_error(
              ErrorKind::kAws, "AlarmTopicWithoutSubscribers",
              who + " acts on topic " + t + ", which has no confirmed subscription" +
                  (pending ? " (" + std::to_string(pending) + " pending confirmation)" : "") +
                  ": ALARM notifies nobody");
        }
        if (pending) notes.push_back(std::to_string(pending) + " pending on " + t);
      }
      // CloudWatch ran each action after the set.
      auto history = cw->DescribeAlarmHistoryAll(a.region, {.AlarmName = a.name,
                                                            .AlarmTypes = {},
                                                            .HistoryItemType = "Action",
                                                            .StartDate = *set_at,
                                                            .EndDate = {},
                                                            .MaxRecords = {},
                                                            .NextToken = {},
                                                            .ScanBy = {}});
      if (!history) return history.error();
      Probe p;
      std::vector<std::string> waiting;
      for (const auto& t : a.topics) {
        bool ok = false;
        for (const auto& h : *history) {
          if (h.Timestamp && *h.Timestamp < *set_at) continue;
          if (h.HistorySummary == "Successfully executed action " + t) ok = true;
          if (h.HistorySummary == "Failed to execute action " + t) {
            std::string why;
            auto data = json::parse(h.HistoryData, nullptr, false);
            if (data.is_object()) why = data.value("error", "");
            return make_error(
                ErrorKind::kAws, "AlarmActionFailed",
                who + ": CloudWatch failed to notify topic " + t + (why.empty() ? "" : ": " + why));
          }
        }
        if (!ok)
          waiting.push_back("no \"Successfully executed action " + t + "\" in its history yet");
      }
      // Every confirmed subscription got the notification, where the target can say.
      int deliveries = 0;
      if (received && waiting.empty()) {
        for (const auto& [t, arns] : confirmed) {
          auto got = received(t);
          if (!got) return got.error();
          for (const auto& sub : arns) {
            bool reached = false;
            for (const auto& r : *got) {
              if (r.subscription_arn == sub && r.at >= *set_at &&
                  r.message.find(a.name) != std::string::npos &&
                  r.message.find("ALARM") != std::string::npos) {
                reached = true;
              }
            }
            if (reached) {
              ++deliveries;
            } else {
              waiting.push_back("subscription " + sub + " of " + t + " has not received it");
            }
          }
        }
      }
      if (!waiting.empty()) {
        p.message = who + ": " + join(waiting, "; ");
        return p;
      }
      p.done = true;
      ++shared->wired;
      p.message = who + " in ALARM: CloudWatch notified " + join(a.topics) +
                  (received ? "; " + std::to_string(deliveries) +
                                  " confirmed subscription(s) received the notification"
                            : "; deliveries to subscribers not observable on this target") +
                  (notes.empty() ? "" : " (" + join(notes) + " confirmation)");
      p.metrics["alarms_checked"] = shared->total;
      p.metrics["alarms_wired"] = shared->wired;
      return p;
    };
    drill.steps.push_back(std::move(s));
  }
  return drill;
}

}  // namespace drh::drill
