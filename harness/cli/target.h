// Where a test-world command (up, down; later validate and drill) sends its calls: the
// in-process fake with its world in a state file, or an endpoint on loopback (drh serve,
// moto_server). One place decides what counts as safe, so no command can build a test
// world in a real account by accident.
#pragma once

#include <memory>
#include <string>

#include "cli_common.h"
#include "drh/core/virtual_clock.h"
#include "drh/drill/drill.h"
#include "drh/fake/fake_cloud.h"
#include "drh/fixtures/provision.h"

namespace drh::cli {

/// The directory drh keeps test-world files in: $DRH_HOME, else ./.drh
std::string drh_home();
/// Default state file of the in-process fake: <drh_home>/fake-state.json
std::string default_state_path();
/// Default ledger of a stack: <drh_home>/<stack>.ledger.json
std::string default_ledger_path(const std::string& stack);

/// The whole file, or invalid input naming it.
Result<std::string> read_file(const std::string& path);
/// The ledger drh up wrote, or invalid input naming the file.
Result<fixtures::Ledger> read_ledger(const std::string& path);

/// True for http(s) URLs whose host is localhost, 127.0.0.0/8 or [::1].
bool is_loopback_url(const std::string& url);

struct TestTarget {
  std::string name;  ///< "fake" or the URL
  bool in_process = false;
  std::string state_path;  ///< in-process only
  std::unique_ptr<VirtualClock> clock;
  std::unique_ptr<fake::FakeCloud> cloud;
  std::unique_ptr<AwsConnection> connection;
  /// How to wait between polls on this target (virtual time, drh serve's manual clock
  /// advanced over its admin API, or real time).
  std::function<void(Duration)> wait;

  /// In-process: writes the world to state_path (atomically: temp file + rename).
  Status save() const;
};

/// When `url` is a drh serve, a Clock that reads and moves that server's virtual clock:
/// now() is the server's time (what its metrics and events are stamped with) and
/// sleep_for() advances a manual clock or waits for a real one. nullptr for other
/// endpoints (their time is the wall clock's).
std::unique_ptr<Clock> serve_clock(const std::string& url, const AwsOptions& aws);

/// When `url` is a drh serve, injects and removes faults over its /_drh/faults; nullptr
/// for other endpoints (an emulator has no fault API).
std::unique_ptr<drill::FaultControl> serve_faults(const std::string& url, const AwsOptions& aws);

/// Opens "fake" (loading `state_path` when it exists, unless `fresh`) or a loopback URL.
/// Anything else is refused as invalid input.
Result<TestTarget> open_test_target(
    const std::string& target, const std::string& state_path, bool fresh, const AwsOptions& aws,
    const std::function<std::shared_ptr<Transport>(std::shared_ptr<Transport>)>& wrap = {});

}  // namespace drh::cli
