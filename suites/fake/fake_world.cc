#include "fake_world.h"

namespace drh::testing {

FakeWorld::FakeWorld()
    : cloud(clock), transport(std::make_shared<fake::InProcessTransport>(cloud)) {
  Credentials creds;
  creds.access_key_id = "AKIAFAKEWORLD0000001";
  creds.secret_access_key = "fake-world-secret";
  creds.source = "test";
  ConnectionOptions options;
  // The fake ignores the host; a loopback URL keeps real endpoints out of reach.
  options.endpoint.explicit_url = "http://127.0.0.1:4566";
  options.endpoint.use_env = false;
  options.s3_force_path_style = true;
  connection = std::make_unique<AwsConnection>(transport, MakeStaticProvider(creds), clock,
                                               options);
}

}  // namespace drh::testing
