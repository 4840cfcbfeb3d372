// A fake cloud on a virtual clock with a real AwsConnection to it: the same signing,
// serialisation and decoding path a call to AWS takes, in process.
#pragma once

#include <memory>

#include "drh/client/connection.h"
#include "drh/fake/fake_cloud.h"

namespace drh::testing {

struct FakeWorld {
  FakeWorld();
  VirtualClock clock;
  fake::FakeCloud cloud;
  std::shared_ptr<fake::InProcessTransport> transport;
  std::unique_ptr<AwsConnection> connection;
};

}  // namespace drh::testing
