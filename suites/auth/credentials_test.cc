#include "drh/auth/credentials.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "../../harness/auth/credential_process.h"

namespace drh {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kKeyId = "AKIAIOSFODNN7EXAMPLE";
constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr const char* kToken = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN0123456789";

// 2030-01-01T00:00:00Z: the ManualClock's "now" in these tests.
TimePoint test_now() { return std::chrono::sys_days(std::chrono::year{2030} / 1 / 1); }

// Hermetic environment: every variable the providers read is cleared, HOME and the AWS
// files point into a fresh temporary directory, and everything is restored afterwards.
class CredentialsEnv : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* n :
         {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
          "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "HOME"}) {
      const char* v = ::getenv(n);
      saved_.emplace_back(n, v ? std::optional<std::string>(v) : std::nullopt);
      ::unsetenv(n);
    }
    std::string tmpl = (fs::temp_directory_path() / "drh-creds-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    set("HOME", dir_.string());
    creds_path_ = (dir_ / "credentials").string();
    config_path_ = (dir_ / "config").string();
    set("AWS_SHARED_CREDENTIALS_FILE", creds_path_);
    set("AWS_CONFIG_FILE", config_path_);
  }

  void TearDown() override {
    for (const auto& [n, v] : saved_) {
      if (v) {
        ::setenv(n.c_str(), v->c_str(), 1);
      } else {
        ::unsetenv(n.c_str());
      }
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static void set(const char* name, const std::string& value) { ::setenv(name, value.c_str(), 1); }
  void write_credentials(const std::string& text) { std::ofstream(creds_path_) << text; }
  void write_config(const std::string& text) { std::ofstream(config_path_) << text; }

  // A credential_process line printing `json` (no single quotes inside, please).
  static std::string printf_process(const std::string& json) {
    return "credential_process = printf '%s' '" + json + "'\n";
  }

  static std::string process_json(const std::string& expiration) {
    return std::string(
               "{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS0000WXYZ\", "
               "\"SecretAccessKey\": \"") +
           kSecret + "\", \"SessionToken\": \"" + kToken + "\"" +
           (expiration.empty() ? "" : ", \"Expiration\": \"" + expiration + "\"") + "}";
  }

  // Every error path must keep secrets out of the message.
  static void expect_no_secrets(const Error& e) {
    for (const char* secret : {kSecret, kToken, "wJalrXUtnFEMI", "IQoJb3JpZ2lu"}) {
      EXPECT_EQ(e.message.find(secret), std::string::npos) << e.message;
      EXPECT_EQ(e.describe().find(secret), std::string::npos);
    }
  }

  ManualClock clock_{test_now()};
  fs::path dir_;
  std::string creds_path_;
  std::string config_path_;
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

// ---------------------------------------------------------------------------------------
// Credentials::describe and the static provider

TEST(CredentialsDescribeTest, MasksTheKeyAndNamesTheSource) {
  Credentials c{kKeyId, kSecret, kToken, std::nullopt, "environment"};
  EXPECT_EQ(c.describe(), "AKIA****MPLE from environment");
  c.source.clear();
  EXPECT_EQ(c.describe(), "AKIA****MPLE");
  Credentials empty;
  EXPECT_EQ(empty.describe(), "<no access key>");
}

TEST(StaticProviderTest, ReturnsWhatItWasGiven) {
  auto p = MakeStaticProvider(Credentials{kKeyId, kSecret, "", std::nullopt, ""});
  auto c = p->resolve();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, kKeyId);
  EXPECT_EQ(c->secret_access_key, kSecret);
  EXPECT_EQ(c->source, "static credentials");
  EXPECT_EQ(p->where(), "static credentials");
  auto named = MakeStaticProvider(Credentials{kKeyId, kSecret, "", std::nullopt, "--access-key"});
  EXPECT_EQ(named->resolve()->source, "--access-key");
}

TEST(StaticProviderTest, EmptyIsNotFoundAndHalfIsBroken) {
  auto none = MakeStaticProvider(Credentials{})->resolve();
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "CredentialsNotFound");
  EXPECT_EQ(none.error().kind, ErrorKind::kCredentials);
  auto half = MakeStaticProvider(Credentials{kKeyId, "", "", std::nullopt, ""})->resolve();
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.error().code, "IncompleteCredentials");
  EXPECT_EQ(half.error().message.find(kKeyId), std::string::npos) << half.error().message;
}

// ---------------------------------------------------------------------------------------
// Environment provider

using EnvironmentProviderTest = CredentialsEnv;

TEST_F(EnvironmentProviderTest, ReadsTheStandardVariables) {
  set("AWS_ACCESS_KEY_ID", kKeyId);
  set("AWS_SECRET_ACCESS_KEY", kSecret);
  set("AWS_SESSION_TOKEN", kToken);
  auto p = MakeEnvironmentProvider();
  auto c = p->resolve();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, kKeyId);
  EXPECT_EQ(c->secret_access_key, kSecret);
  EXPECT_EQ(c->session_token, kToken);
  EXPECT_FALSE(c->expiration.has_value());
  EXPECT_EQ(c->describe(), "AKIA****MPLE from environment");
  EXPECT_NE(p->where().find("AWS_ACCESS_KEY_ID"), std::string::npos);
}

TEST_F(EnvironmentProviderTest, ReadsAtEachResolveAndTrims) {
  auto p = MakeEnvironmentProvider();
  EXPECT_FALSE(p->resolve().ok());
  set("AWS_ACCESS_KEY_ID", std::string(" ") + kKeyId + "\n");
  set("AWS_SECRET_ACCESS_KEY", kSecret);
  auto c = p->resolve();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, kKeyId);
  EXPECT_EQ(c->session_token, "");
}

TEST_F(EnvironmentProviderTest, NothingSetIsNotFound) {
  auto c = MakeEnvironmentProvider()->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(c.error().code, "CredentialsNotFound");
  set("AWS_SECRET_ACCESS_KEY", kSecret);  // a secret alone is not a credential
  c = MakeEnvironmentProvider()->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "CredentialsNotFound");
  expect_no_secrets(c.error());
}

TEST_F(EnvironmentProviderTest, KeyIdWithoutSecretIsBroken) {
  set("AWS_ACCESS_KEY_ID", kKeyId);
  set("AWS_SESSION_TOKEN", kToken);
  auto c = MakeEnvironmentProvider()->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(c.error().code, "IncompleteCredentials");
  EXPECT_NE(c.error().message.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
  EXPECT_NE(c.error().message.find("AKIA****MPLE"), std::string::npos);
  EXPECT_EQ(c.error().message.find(kKeyId), std::string::npos);
  expect_no_secrets(c.error());
}

// ---------------------------------------------------------------------------------------
// Profile provider: static keys

using ProfileProviderTest = CredentialsEnv;

TEST_F(ProfileProviderTest, DefaultProfileFromTheCredentialsFile) {
  write_credentials(std::string("[default]\naws_access_key_id = ") + kKeyId +
                    "\naws_secret_access_key = " + kSecret + "\naws_session_token = " + kToken +
                    "\n");
  auto c = MakeProfileProvider()->resolve();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, kKeyId);
  EXPECT_EQ(c->secret_access_key, kSecret);
  EXPECT_EQ(c->session_token, kToken);
  EXPECT_EQ(c->source, "profile default in " + creds_path_);
}

TEST_F(ProfileProviderTest, DefaultFilesUnderHome) {
  ::unsetenv("AWS_SHARED_CREDENTIALS_FILE");
  ::unsetenv("AWS_CONFIG_FILE");
  fs::create_directories(dir_ / ".aws");
  std::ofstream(dir_ / ".aws" / "credentials")
      << "[default]\naws_access_key_id = AKIAHOMEHOMEHOME1234\naws_secret_access_key = s\n";
  auto p = MakeProfileProvider();
  auto c = p->resolve();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "AKIAHOMEHOMEHOME1234");
  EXPECT_NE(p->where().find(dir_.string() + "/.aws/credentials"), std::string::npos);
  EXPECT_NE(p->where().find(dir_.string() + "/.aws/config"), std::string::npos);
}

TEST_F(ProfileProviderTest, ProfileFromArgumentBeatsAwsProfile) {
  write_credentials(
      "[default]\naws_access_key_id=AKIADEFAULT000000000\naws_secret_access_key=d\n"
      "[dr]\naws_access_key_id=AKIADRDRDRDRDRDR0000\naws_secret_access_key=r\n"
      "[ops]\naws_access_key_id=AKIAOPSOPSOPSOPS0000\naws_secret_access_key=o\n");
  set("AWS_PROFILE", "ops");
  EXPECT_EQ(MakeProfileProvider()->resolve()->access_key_id, "AKIAOPSOPSOPSOPS0000");
  EXPECT_EQ(MakeProfileProvider("dr")->resolve()->access_key_id, "AKIADRDRDRDRDRDR0000");
  EXPECT_NE(MakeProfileProvider("dr")->where().find("'dr'"), std::string::npos);
}

TEST_F(ProfileProviderTest, ConfigFileUsesProfilePrefix) {
  write_config(
      "[profile dr]\naws_access_key_id=AKIACONFIGDR00000000\naws_secret_access_key=c\n"
      "[ops]\naws_access_key_id=AKIANOTAPROFILE00000\naws_secret_access_key=x\n");
  auto c = MakeProfileProvider("dr")->resolve();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "AKIACONFIGDR00000000");
  EXPECT_EQ(c->source, "profile dr in " + config_path_);
  auto ops = MakeProfileProvider("ops")->resolve();
  ASSERT_FALSE(ops.ok()) << "[ops] in the config file is not the profile ops";
  EXPECT_EQ(ops.error().code, "ProfileNotFound");
}

TEST_F(ProfileProviderTest, CredentialsFileWinsOverConfigFile) {
  write_credentials("[dr]\naws_access_key_id=AKIAFROMCREDENTIALS0\naws_secret_access_key=a\n");
  write_config(
      "[profile dr]\naws_access_key_id=AKIAFROMCONFIG000000\naws_secret_access_key=b\n"
      "region = eu-west-1\n");
  auto c = MakeProfileProvider("dr")->resolve();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKIAFROMCREDENTIALS0");
  EXPECT_EQ(c->secret_access_key, "a");
}

TEST_F(ProfileProviderTest, NoFilesIsNotFoundAndSaysWhere) {
  auto p = MakeProfileProvider();
  auto c = p->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(c.error().code, "CredentialsNotFound");
  EXPECT_NE(c.error().message.find(creds_path_), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find(config_path_), std::string::npos);
  EXPECT_NE(p->where().find(creds_path_), std::string::npos);
  EXPECT_NE(p->where().find(config_path_), std::string::npos);
}

TEST_F(ProfileProviderTest, ProfileWithoutCredentialsIsNotFound) {
  write_config("[default]\nregion = us-east-1\n");
  auto c = MakeProfileProvider()->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "CredentialsNotFound");
}

TEST_F(ProfileProviderTest, NamedProfileThatExistsNowhereIsBroken) {
  write_credentials("[default]\naws_access_key_id=AKIADEFAULT000000000\naws_secret_access_key=d\n");
  write_config("[default]\nregion = us-east-1\n");
  set("AWS_PROFILE", "typo");
  auto c = MakeProfileProvider()->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "ProfileNotFound");
  EXPECT_NE(c.error().message.find("'typo'"), std::string::npos);
  EXPECT_NE(c.error().message.find(creds_path_), std::string::npos);
  EXPECT_NE(c.error().message.find("[profile typo]"), std::string::npos) << c.error().message;
}

TEST_F(ProfileProviderTest, HalfAKeyPairIsBroken) {
  write_credentials(std::string("[default]\naws_secret_access_key = ") + kSecret + "\n");
  auto c = MakeProfileProvider()->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "IncompleteCredentials");
  EXPECT_NE(c.error().message.find("no aws_access_key_id"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find(creds_path_), std::string::npos);
  expect_no_secrets(c.error());

  write_credentials(std::string("[default]\naws_access_key_id = ") + kKeyId + "\n");
  c = MakeProfileProvider()->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "IncompleteCredentials");
  EXPECT_NE(c.error().message.find("no aws_secret_access_key"), std::string::npos);
}

TEST_F(ProfileProviderTest, MalformedCredentialsFileNamesFileAndLine) {
  write_credentials(std::string("aws_access_key_id = ") + kKeyId +
                    "\naws_secret_access_key = " + kSecret + "\n");
  auto c = MakeProfileProvider()->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "MalformedProfileFile");
  EXPECT_EQ(c.error().message.rfind(creds_path_ + ":1: ", 0), 0u) << c.error().message;
  EXPECT_EQ(c.error().message.find(kKeyId), std::string::npos);
  expect_no_secrets(c.error());
}

TEST_F(ProfileProviderTest, MalformedConfigFileNamesFileAndLine) {
  write_config("[default]\nregion = us-east-1\n[profile dr\nregion = us-west-2\n");
  auto c = MakeProfileProvider()->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "MalformedProfileFile");
  EXPECT_EQ(c.error().message.rfind(config_path_ + ":3: ", 0), 0u) << c.error().message;
}

TEST_F(ProfileProviderTest, RoleAndSsoProfilesAreReportedAsUnsupported) {
  write_config(
      "[profile assume]\nrole_arn = arn:aws:iam::123456789012:role/dr\nsource_profile = base\n"
      "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\n");
  write_credentials("[assume]\naws_access_key_id=AKIAWRONGIDENTITY000\naws_secret_access_key=x\n");
  for (const char* profile : {"assume", "sso"}) {
    auto c = MakeProfileProvider(profile)->resolve();
    ASSERT_FALSE(c.ok()) << profile;
    EXPECT_EQ(c.error().code, "UnsupportedProfile") << profile;
    EXPECT_NE(c.error().message.find("credential_process"), std::string::npos);
  }
}

// ---------------------------------------------------------------------------------------
// Profile provider: credential_process

TEST_F(ProfileProviderTest, CredentialProcessSuccess) {
  write_config("[profile dr]\nregion = us-east-1\n" +
               printf_process(process_json("2030-01-01T01:00:00Z")));
  auto c = MakeProfileProvider("dr", &clock_)->resolve();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIAPROCESS0000WXYZ");
  EXPECT_EQ(c->secret_access_key, kSecret);
  EXPECT_EQ(c->session_token, kToken);
  ASSERT_TRUE(c->expiration.has_value());
  EXPECT_EQ(format_iso8601(*c->expiration), "2030-01-01T01:00:00Z");
  EXPECT_EQ(c->describe(), "ASIA****WXYZ from credential_process (profile dr)");
}

TEST_F(ProfileProviderTest, CredentialProcessWithoutExpirationOrToken) {
  write_credentials(
      "[default]\ncredential_process = printf "
      "'{\"Version\":1,\"AccessKeyId\":\"AKIALONGTERM00000000\",\"SecretAccessKey\":\"s\"}'\n");
  auto c = MakeProfileProvider("", &clock_)->resolve();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "AKIALONGTERM00000000");
  EXPECT_EQ(c->session_token, "");
  EXPECT_FALSE(c->expiration.has_value());
}

TEST_F(ProfileProviderTest, CredentialProcessSeesTheEnvironmentAndUsesTheShell) {
  set("DRH_TEST_KEY_ID", "AKIAFROMENVIRONMENT0");
  write_config(
      "[default]\ncredential_process = k=$DRH_TEST_KEY_ID && "
      "printf '{\"Version\":1,\"AccessKeyId\":\"%s\",\"SecretAccessKey\":\"s\"}' \"$k\"\n");
  auto c = MakeProfileProvider("", &clock_)->resolve();
  ::unsetenv("DRH_TEST_KEY_ID");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "AKIAFROMENVIRONMENT0");
}

TEST_F(ProfileProviderTest, PrecedenceOfStaticKeysAndCredentialProcess) {
  const std::string process =
      "credential_process = printf "
      "'{\"Version\":1,\"AccessKeyId\":\"AKIAPROCESS000000000\",\"SecretAccessKey\":\"p\"}'\n";
  // Static keys in the config file lose to credential_process.
  write_config("[default]\naws_access_key_id=AKIACONFIG0000000000\naws_secret_access_key=c\n" +
               process);
  EXPECT_EQ(MakeProfileProvider("", &clock_)->resolve()->access_key_id, "AKIAPROCESS000000000");
  // Static keys in the credentials file win over it.
  write_credentials("[default]\naws_access_key_id=AKIACREDENTIALS00000\naws_secret_access_key=k\n");
  EXPECT_EQ(MakeProfileProvider("", &clock_)->resolve()->access_key_id, "AKIACREDENTIALS00000");
  // The credentials file's credential_process wins over the config file's.
  write_credentials(
      "[default]\ncredential_process = printf "
      "'{\"Version\":1,\"AccessKeyId\":\"AKIACREDPROCESS00000\",\"SecretAccessKey\":\"q\"}'\n");
  EXPECT_EQ(MakeProfileProvider("", &clock_)->resolve()->access_key_id, "AKIACREDPROCESS00000");
}

TEST_F(ProfileProviderTest, CredentialProcessAlreadyExpired) {
  write_config("[default]\n" + printf_process(process_json("2029-12-31T23:59:59Z")));
  auto c = MakeProfileProvider("", &clock_)->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(c.error().code, "CredentialProcessFailed");
  EXPECT_NE(c.error().message.find("expired at 2029-12-31T23:59:59Z"), std::string::npos)
      << c.error().message;
  expect_no_secrets(c.error());
}

TEST_F(ProfileProviderTest, CredentialProcessFailureShowsARedactedStderrExcerpt) {
  write_config(std::string("[profile dr]\ncredential_process = echo 'vault: permission denied "
                           "for token ") +
               kToken + "' >&2; exit 3\n");
  auto c = MakeProfileProvider("dr", &clock_)->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "CredentialProcessFailed");
  const std::string& m = c.error().message;
  EXPECT_NE(m.find("profile 'dr'"), std::string::npos) << m;
  EXPECT_NE(m.find("exited with status 3"), std::string::npos) << m;
  EXPECT_NE(m.find("vault: permission denied"), std::string::npos) << m;
  EXPECT_NE(m.find("<redacted>"), std::string::npos) << m;
  expect_no_secrets(c.error());
}

TEST_F(ProfileProviderTest, CredentialProcessNotFound) {
  write_config("[default]\ncredential_process = /nonexistent/drh-helper --json\n");
  auto c = MakeProfileProvider("", &clock_)->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "CredentialProcessFailed");
  EXPECT_NE(c.error().message.find("status 127"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("/nonexistent/drh-helper ..."), std::string::npos);
}

TEST_F(ProfileProviderTest, CredentialProcessTimeout) {
  write_config("[default]\ncredential_process = sleep 30\n");
  ProfileProviderOptions opts;
  opts.process_timeout = 200ms;
  auto start = std::chrono::steady_clock::now();
  auto c = MakeProfileProvider("", &clock_, opts)->resolve();
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "CredentialProcessTimeout");
  EXPECT_NE(c.error().message.find("within 200ms"), std::string::npos) << c.error().message;
  EXPECT_LT(took, 5s) << "the command is killed, not waited for";
}

TEST_F(ProfileProviderTest, CredentialProcessTimeoutKillsBackgroundChildrenToo) {
  // The shell exits at once but leaves a child holding stdout open.
  write_config("[default]\ncredential_process = (sleep 30 &); echo '{'\n");
  ProfileProviderOptions opts;
  opts.process_timeout = 300ms;
  auto start = std::chrono::steady_clock::now();
  auto c = MakeProfileProvider("", &clock_, opts)->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST_F(ProfileProviderTest, MalformedProcessOutputNeverEchoesTheSecret) {
  // Truncated JSON that carries a real-looking secret.
  write_config(std::string("[profile dr]\ncredential_process = printf '%s' "
                           "'{\"Version\": 1, \"AccessKeyId\": \"") +
               kKeyId + "\", \"SecretAccessKey\": \"" + kSecret + "\", \"SessionToken\": \"" +
               kToken + "'\n");
  auto c = MakeProfileProvider("dr", &clock_)->resolve();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(c.error().code, "CredentialProcessInvalidOutput");
  const std::string& m = c.error().message;
  EXPECT_NE(m.find("profile 'dr'"), std::string::npos) << m;
  EXPECT_NE(m.find("(printf ...)"), std::string::npos) << "names the command's program: " << m;
  EXPECT_NE(m.find("not valid JSON"), std::string::npos) << m;
  EXPECT_EQ(m.find(kKeyId), std::string::npos) << m;
  expect_no_secrets(c.error());
}

TEST_F(ProfileProviderTest, ProcessOutputWithWrongShape) {
  struct Case {
    std::string json;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {"[1, 2]", "not an object"},
           {std::string("{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"") + kSecret + "\"}",
            "without \"Version\""},
           {std::string("{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"") +
                kSecret + "\"}",
            "unsupported \"Version\""},
           {"{\"Version\": 1, \"SecretAccessKey\": \"x\"}", "\"AccessKeyId\""},
           {"{\"Version\": 1, \"AccessKeyId\": \"A\"}", "\"SecretAccessKey\""},
           {"{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": 12}",
            "\"SecretAccessKey\""},
           {std::string("{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"") +
                kSecret + "\", \"Expiration\": \"tomorrow " + kToken + "\"}",
            "ISO 8601"},
           {std::string("{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"") +
                kSecret + "\", \"SessionToken\": 5}",
            "\"SessionToken\""},
           {"", "printed nothing"},
       }) {
    auto r = credential_process::parse_output(c.json, "dr", "printf x");
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.error().code, "CredentialProcessInvalidOutput");
    EXPECT_NE(r.error().message.find(c.says), std::string::npos)
        << c.json << " -> " << r.error().message;
    expect_no_secrets(r.error());
  }
}

TEST(CredentialProcessHelpersTest, ParseIso8601) {
  using credential_process::parse_iso8601;
  auto base = std::chrono::sys_days(std::chrono::year{2024} / 5 / 1) + 12h;
  EXPECT_EQ(parse_iso8601("2024-05-01T12:00:00Z"), TimePoint(base));
  EXPECT_EQ(parse_iso8601("2024-05-01t12:00:00z"), TimePoint(base));
  EXPECT_EQ(parse_iso8601("2024-05-01 12:00:00Z"), TimePoint(base));
  EXPECT_EQ(parse_iso8601("2024-05-01T12:00:00"), TimePoint(base)) << "no offset: UTC";
  EXPECT_EQ(parse_iso8601("2024-05-01T12:00:00.250Z"), TimePoint(base + 250ms));
  EXPECT_EQ(parse_iso8601("2024-05-01T14:00:00+02:00"), TimePoint(base));
  EXPECT_EQ(parse_iso8601("2024-05-01T07:30:00-0430"), TimePoint(base));
  EXPECT_EQ(parse_iso8601(" 2024-05-01T12:00:00Z\n"), TimePoint(base));
  for (const char* bad : {"", "2024-05-01", "2024-05-01T12:00Z", "2024-13-01T00:00:00Z",
                          "2024-02-30T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T12:00:00.Z",
                          "2024-05-01T12:00:00+2", "2024-05-01T12:00:00Zjunk", "tomorrow"}) {
    EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
  }
}

TEST(CredentialProcessHelpersTest, ProgramNameHidesArguments) {
  using credential_process::program_name;
  EXPECT_EQ(program_name("aws configure export-credentials --profile x"), "aws ...");
  EXPECT_EQ(program_name("  /usr/local/bin/creds  "), "/usr/local/bin/creds");
  EXPECT_EQ(program_name(""), "empty command");
}

TEST(CredentialProcessHelpersTest, SafeExcerptMasksKeysAndShortens) {
  using credential_process::safe_excerpt;
  EXPECT_EQ(safe_excerpt("error: profile not found\n"), "error: profile not found");
  EXPECT_EQ(safe_excerpt("a\n\nb\nc\nd\n"), "a | b | c");
  std::string masked = safe_excerpt(std::string("bad key ") + kKeyId + " secret=" + kSecret);
  EXPECT_EQ(masked, "bad key <redacted> <redacted>") << "key=value runs are masked whole";
  EXPECT_EQ(safe_excerpt("/usr/local/bin/vault: not found"), "/usr/local/bin/vault: not found");
  EXPECT_LE(safe_excerpt(std::string(1000, 'x') + " " + std::string(1000, 'y')).size(), 203u);
  EXPECT_EQ(safe_excerpt("tab\there"), "tab here");
  EXPECT_EQ(safe_excerpt("expired: ASIAABCDEFGHIJKLMNOP"), "expired: <redacted>")
      << "key ids without digits too";
  EXPECT_EQ(safe_excerpt("AccessDeniedException: not allowed"),
            "AccessDeniedException: not allowed");
}

TEST(CredentialProcessRunTest, CapturesBothStreamsAndTheStatus) {
  credential_process::Options opts;
  auto r = credential_process::run("printf out; printf err >&2; exit 4", opts);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out, "out");
  EXPECT_EQ(r->err, "err");
  EXPECT_EQ(r->exit_status, 4);
  EXPECT_FALSE(r->timed_out);
  auto killed = credential_process::run("kill -TERM $$", opts);
  ASSERT_TRUE(killed.ok());
  EXPECT_EQ(killed->signal, SIGTERM);
}

TEST(CredentialProcessRunTest, StdinIsEmpty) {
  auto r = credential_process::run("cat; echo done", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out, "done\n");
}

TEST(CredentialProcessRunTest, TooMuchOutputStopsTheCommand) {
  credential_process::Options opts;
  opts.max_output = 1000;
  ManualClock clock;
  auto c = credential_process::fetch("yes AKIA", "p", clock, opts);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "CredentialProcessFailed");
  EXPECT_NE(c.error().message.find("more than 1000 bytes"), std::string::npos);
}

// ---------------------------------------------------------------------------------------
// CredentialsChain

// A provider that returns a scripted result and counts calls.
class FakeProvider : public CredentialsProvider {
 public:
  FakeProvider(std::string where, Result<Credentials> result, std::atomic<int>* calls)
      : where_(std::move(where)), result_(std::move(result)), calls_(calls) {}
  Result<Credentials> resolve() override {
    ++*calls_;
    return result_;
  }
  std::string where() const override { return where_; }

 private:
  std::string where_;
  Result<Credentials> result_;
  std::atomic<int>* calls_;
};

Error not_found() { return make_error(ErrorKind::kCredentials, "CredentialsNotFound", "nothing"); }

Credentials creds(std::string key_id, std::optional<TimePoint> expiration = std::nullopt) {
  return Credentials{std::move(key_id), kSecret, "", expiration, "fake"};
}

TEST(CredentialsChainTest, SkipsNotFoundAndReturnsTheFirstFound) {
  std::atomic<int> a{0}, b{0}, c{0};
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(std::make_unique<FakeProvider>("first", not_found(), &a));
  providers.push_back(std::make_unique<FakeProvider>("second", creds("AKIASECOND0000000000"), &b));
  providers.push_back(std::make_unique<FakeProvider>("third", creds("AKIATHIRD00000000000"), &c));
  ManualClock clock(test_now());
  CredentialsChain chain(std::move(providers), &clock);
  auto r = chain.resolve();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->access_key_id, "AKIASECOND0000000000");
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 1);
  EXPECT_EQ(c, 0);
}

TEST(CredentialsChainTest, ABrokenSourceStopsTheChain) {
  std::atomic<int> a{0}, b{0};
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  Error broken = make_error(ErrorKind::kCredentials, "IncompleteCredentials", "half a key");
  providers.push_back(std::make_unique<FakeProvider>("first", broken, &a));
  providers.push_back(std::make_unique<FakeProvider>("second", creds("AKIASECOND0000000000"), &b));
  CredentialsChain chain(std::move(providers));
  auto r = chain.resolve();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "IncompleteCredentials");
  EXPECT_EQ(r.error().message, "half a key");
  EXPECT_EQ(b, 0);
}

TEST(CredentialsChainTest, NothingFoundNamesEveryPlaceLooked) {
  std::atomic<int> a{0}, b{0};
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(std::make_unique<FakeProvider>("the environment", not_found(), &a));
  providers.push_back(std::make_unique<FakeProvider>("profile 'x' in /f", not_found(), &b));
  CredentialsChain chain(std::move(providers));
  auto r = chain.resolve();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(r.error().code, "CredentialsNotFound");
  EXPECT_NE(r.error().message.find("(1) the environment; (2) profile 'x' in /f"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(chain.where(), "(1) the environment; (2) profile 'x' in /f");
  EXPECT_EQ(exit_code_for(r.error()), kExitBadInput);
  CredentialsChain empty({});
  EXPECT_FALSE(empty.resolve().ok());
}

TEST(CredentialsChainTest, CachesCredentialsWithoutExpirationForever) {
  std::atomic<int> calls{0};
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(std::make_unique<FakeProvider>("p", creds("AKIALONGTERM00000000"), &calls));
  ManualClock clock(test_now());
  CredentialsChain chain(std::move(providers), &clock);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(chain.resolve().ok());
    clock.advance(24h);
  }
  EXPECT_EQ(calls, 1);
  chain.invalidate();
  ASSERT_TRUE(chain.resolve().ok());
  EXPECT_EQ(calls, 2);
}

TEST(CredentialsChainTest, RefreshesFiveMinutesBeforeExpiration) {
  std::atomic<int> calls{0};
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(
      std::make_unique<FakeProvider>("p", creds("ASIATEMP000000000000", test_now() + 1h), &calls));
  ManualClock clock(test_now());
  CredentialsChain chain(std::move(providers), &clock);
  ASSERT_TRUE(chain.resolve().ok());
  clock.advance(54min);
  ASSERT_TRUE(chain.resolve().ok());
  EXPECT_EQ(calls, 1) << "6 minutes left: still cached";
  clock.advance(1min);
  ASSERT_TRUE(chain.resolve().ok());
  EXPECT_EQ(calls, 2) << "5 minutes left: fetched again";
}

TEST(CredentialsChainTest, ErrorsAreNotCached) {
  std::atomic<int> calls{0};
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(std::make_unique<FakeProvider>("p", not_found(), &calls));
  CredentialsChain chain(std::move(providers));
  EXPECT_FALSE(chain.resolve().ok());
  EXPECT_FALSE(chain.resolve().ok());
  EXPECT_EQ(calls, 2);
}

TEST(CredentialsChainTest, ConcurrentResolvesFetchOnce) {
  std::atomic<int> calls{0};
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  providers.push_back(std::make_unique<FakeProvider>("p", creds("AKIALONGTERM00000000"), &calls));
  CredentialsChain chain(std::move(providers));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j) ok += chain.resolve().ok() ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 800);
  EXPECT_EQ(calls, 1);
}

using DefaultChainTest = CredentialsEnv;

TEST_F(DefaultChainTest, EnvironmentFirstThenProfile) {
  write_credentials("[default]\naws_access_key_id=AKIAPROFILE000000000\naws_secret_access_key=p\n");
  set("AWS_ACCESS_KEY_ID", kKeyId);
  set("AWS_SECRET_ACCESS_KEY", kSecret);
  auto chain = DefaultCredentialsChain("", &clock_);
  EXPECT_EQ(chain->resolve()->source, "environment");
  EXPECT_NE(chain->where().find("AWS_ACCESS_KEY_ID"), std::string::npos);
  EXPECT_NE(chain->where().find(creds_path_), std::string::npos);

  ::unsetenv("AWS_ACCESS_KEY_ID");
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
  auto fresh = DefaultCredentialsChain("", &clock_);
  EXPECT_EQ(fresh->resolve()->access_key_id, "AKIAPROFILE000000000");
}

TEST_F(DefaultChainTest, AwsProfileDoesNotSkipTheEnvironment) {
  write_credentials("[dr]\naws_access_key_id=AKIAPROFILE000000000\naws_secret_access_key=p\n");
  set("AWS_PROFILE", "dr");
  set("AWS_ACCESS_KEY_ID", kKeyId);
  set("AWS_SECRET_ACCESS_KEY", kSecret);
  EXPECT_EQ(DefaultCredentialsChain("", &clock_)->resolve()->access_key_id, kKeyId);
}

TEST_F(DefaultChainTest, AnExplicitProfileSkipsTheEnvironment) {
  write_credentials("[dr]\naws_access_key_id=AKIAPROFILE000000000\naws_secret_access_key=p\n");
  set("AWS_ACCESS_KEY_ID", kKeyId);
  set("AWS_SECRET_ACCESS_KEY", kSecret);
  auto chain = DefaultCredentialsChain("dr", &clock_);
  EXPECT_EQ(chain->resolve()->access_key_id, "AKIAPROFILE000000000");
  EXPECT_EQ(chain->where().find("AWS_ACCESS_KEY_ID"), std::string::npos);
}

TEST_F(DefaultChainTest, BrokenEnvironmentStopsBeforeTheProfile) {
  write_credentials("[default]\naws_access_key_id=AKIAPROFILE000000000\naws_secret_access_key=p\n");
  set("AWS_ACCESS_KEY_ID", kKeyId);
  auto r = DefaultCredentialsChain("", &clock_)->resolve();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "IncompleteCredentials");
}

TEST_F(DefaultChainTest, NothingAnywhere) {
  auto r = DefaultCredentialsChain("", &clock_)->resolve();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(r.error().code, "CredentialsNotFound");
  for (const std::string& place : {std::string("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"),
                                   std::string("'default'"), creds_path_, config_path_}) {
    EXPECT_NE(r.error().message.find(place), std::string::npos)
        << place << " in " << r.error().message;
  }
}

TEST_F(DefaultChainTest, CachesProcessCredentialsUntilNearExpiry) {
  std::string counter = (dir_ / "count").string();
  write_config("[default]\ncredential_process = echo x >> " + counter + "; printf '%s' '" +
               process_json("2030-01-01T00:30:00Z") + "'\n");
  auto chain = DefaultCredentialsChain("", &clock_);
  ASSERT_TRUE(chain->resolve().ok());
  ASSERT_TRUE(chain->resolve().ok());
  clock_.advance(26min);
  ASSERT_TRUE(chain->resolve().ok()) << "fetched again: the command still answers 00:30";
  auto lines = [&] {
    std::ifstream in(counter);
    int n = 0;
    for (std::string l; std::getline(in, l);) ++n;
    return n;
  };
  EXPECT_EQ(lines(), 2);
}

}  // namespace
}  // namespace drh
