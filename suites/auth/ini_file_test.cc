// Tests for the shared config/credentials file parser (harness/auth/ini_file.h, internal).
#include "../../harness/auth/ini_file.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace drh::ini {
namespace {

namespace fs = std::filesystem;

std::string value(const File& f, std::string_view section, std::string_view key) {
  const Section* s = f.find(section);
  if (s == nullptr) return "<no section>";
  const std::string* v = s->get(key);
  return v == nullptr ? "<no key>" : *v;
}

Error parse_error(std::string_view text) {
  auto r = parse(text, "/tmp/creds");
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? Error{} : r.error();
}

TEST(IniParseTest, SectionsKeysAndValues) {
  auto f = parse(
      "[default]\n"
      "aws_access_key_id = AKIAEXAMPLE\n"
      "AWS_Secret_Access_Key=secret/with+chars=  \n"
      "\n"
      "[prod]\n"
      "region=eu-west-1\n",
      "creds");
  ASSERT_TRUE(f.ok()) << f.error().describe();
  EXPECT_EQ(f->path, "creds");
  ASSERT_EQ(f->sections.size(), 2u);
  EXPECT_EQ(f->sections[0].name, "default");
  EXPECT_EQ(f->sections[0].line, 1);
  EXPECT_EQ(f->sections[1].name, "prod");
  EXPECT_EQ(f->sections[1].line, 5);
  EXPECT_EQ(value(*f, "default", "aws_access_key_id"), "AKIAEXAMPLE");
  EXPECT_EQ(value(*f, "default", "aws_secret_access_key"), "secret/with+chars=")
      << "keys are case-insensitive, values trimmed, '=' inside values kept";
  EXPECT_EQ(value(*f, "default", "AWS_SECRET_ACCESS_KEY"), "secret/with+chars=");
  EXPECT_EQ(value(*f, "prod", "region"), "eu-west-1");
  EXPECT_EQ(value(*f, "prod", "output"), "<no key>");
  EXPECT_EQ(f->find("Prod"), nullptr) << "section names are case-sensitive";
}

TEST(IniParseTest, CommentsBlankLinesAndWindowsLineEnds) {
  auto f = parse(
      "\xEF\xBB\xBF# leading comment\r\n"
      "; another\r\n"
      "[default] ; section comment\r\n"
      "   # indented comment\r\n"
      "region = us-east-1 # primary region\r\n"
      "output = json;not-a-comment\r\n"
      "tag = a#b\r\n"
      "note = x\t; tab before comment\r\n",
      "cfg");
  ASSERT_TRUE(f.ok()) << f.error().describe();
  EXPECT_EQ(value(*f, "default", "region"), "us-east-1");
  EXPECT_EQ(value(*f, "default", "output"), "json;not-a-comment");
  EXPECT_EQ(value(*f, "default", "tag"), "a#b");
  EXPECT_EQ(value(*f, "default", "note"), "x");
}

TEST(IniParseTest, ColonDelimiterAndEmptyValues) {
  auto f = parse("[a]\nregion: us-west-2\nempty =\nurl = http://h:1/x\n", "cfg");
  ASSERT_TRUE(f.ok()) << f.error().describe();
  EXPECT_EQ(value(*f, "a", "region"), "us-west-2");
  EXPECT_EQ(value(*f, "a", "empty"), "");
  EXPECT_EQ(value(*f, "a", "url"), "http://h:1/x");
}

TEST(IniParseTest, NestedSettings) {
  auto f = parse(
      "[profile dev]\n"
      "s3 =\n"
      "  max_concurrent_requests = 20\n"
      "  addressing_style = path\n"
      "region = us-east-1\n",
      "cfg");
  ASSERT_TRUE(f.ok()) << f.error().describe();
  const Section* s = f->find("profile dev");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(value(*f, "profile dev", "region"), "us-east-1");
  ASSERT_EQ(s->nested.count("s3"), 1u);
  EXPECT_EQ(s->nested.at("s3").at("max_concurrent_requests"), "20");
  EXPECT_EQ(s->nested.at("s3").at("addressing_style"), "path");
  EXPECT_EQ(value(*f, "profile dev", "max_concurrent_requests"), "<no key>");
}

TEST(IniParseTest, ContinuationLinesExtendTheValue) {
  auto f = parse("[a]\ncredential_process = /bin/tool\n  --flag\n\tvalue\nnext = 1\n", "cfg");
  ASSERT_TRUE(f.ok()) << f.error().describe();
  EXPECT_EQ(value(*f, "a", "credential_process"), "/bin/tool\n--flag\nvalue");
  EXPECT_EQ(value(*f, "a", "next"), "1");
}

TEST(IniParseTest, IndentedKeyRightAfterAHeaderIsAKey) {
  auto f = parse("[a]\n  region = us-east-1\n", "cfg");
  ASSERT_TRUE(f.ok()) << f.error().describe();
  EXPECT_EQ(value(*f, "a", "region"), "us-east-1");
}

TEST(IniParseTest, RepeatedSectionsMergeAndTheLastKeyWins) {
  auto f = parse("[a]\nx = 1\ny = 1\n[b]\nz = 1\n[a]\nx = 2\n", "cfg");
  ASSERT_TRUE(f.ok()) << f.error().describe();
  ASSERT_EQ(f->sections.size(), 2u);
  EXPECT_EQ(value(*f, "a", "x"), "2");
  EXPECT_EQ(value(*f, "a", "y"), "1");
}

TEST(IniParseTest, SectionNamesAreTrimmed) {
  auto f = parse("[  profile   spaced  ]\nk=v\n", "cfg");
  ASSERT_TRUE(f.ok()) << f.error().describe();
  EXPECT_EQ(f->sections[0].name, "profile   spaced");
  EXPECT_NE(config_profile(*f, "spaced"), nullptr);
}

TEST(IniParseTest, EmptyInput) {
  auto f = parse("", "cfg");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->sections.empty());
  f = parse("\n# only comments\n\n", "cfg");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->sections.empty());
}

TEST(IniErrorTest, KeyOutsideAnySection) {
  Error e = parse_error("# creds\n\naws_access_key_id = AKIAOUTSIDE0000000\n[default]\n");
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.code, "MalformedProfileFile");
  EXPECT_EQ(e.message.rfind("/tmp/creds:3: ", 0), 0u) << e.message;
  EXPECT_NE(e.message.find("outside any [section]"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("AKIAOUTSIDE"), std::string::npos) << "values are never quoted";
}

TEST(IniErrorTest, MissingClosingBracket) {
  Error e = parse_error("[default]\nk = v\n[profile broken\nk = v\n");
  EXPECT_EQ(e.message.rfind("/tmp/creds:3: ", 0), 0u) << e.message;
  EXPECT_NE(e.message.find("']'"), std::string::npos) << e.message;
}

TEST(IniErrorTest, OtherMalformedLines) {
  Error text_after = parse_error("[default] extra\n");
  EXPECT_NE(text_after.message.find("/tmp/creds:1: "), std::string::npos);
  Error empty_name = parse_error("[ ]\n");
  EXPECT_NE(empty_name.message.find("empty section name"), std::string::npos);
  Error no_key = parse_error("[a]\n = value\n");
  EXPECT_NE(no_key.message.find("/tmp/creds:2: missing key"), std::string::npos) << no_key.message;
  Error bad_nested = parse_error("[a]\ns3 =\n  not a pair\n");
  EXPECT_NE(bad_nested.message.find("/tmp/creds:3: "), std::string::npos) << bad_nested.message;
  EXPECT_NE(bad_nested.message.find("'s3'"), std::string::npos);
}

TEST(IniErrorTest, LineWithoutDelimiterIsReportedWithoutItsText) {
  // A secret pasted on a line of its own is a classic mistake; the error must not echo it.
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  Error e = parse_error("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n" + secret + "\n");
  EXPECT_EQ(e.message.rfind("/tmp/creds:3: ", 0), 0u) << e.message;
  EXPECT_NE(e.message.find("[default]"), std::string::npos);
  EXPECT_EQ(e.message.find(secret), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("wJalr"), std::string::npos) << e.message;
  EXPECT_EQ(e.describe().find(secret), std::string::npos);
}

TEST(IniProfileTest, ConfigAndCredentialsNaming) {
  auto cfg = parse(
      "[default]\nregion = a\n[profile prod]\nregion = b\n[prod]\nregion = wrong\n"
      "[profile default]\nregion = c\n[sso-session corp]\nsso_region = d\n",
      "cfg");
  ASSERT_TRUE(cfg.ok());
  ASSERT_NE(config_profile(*cfg, "prod"), nullptr);
  EXPECT_EQ(*config_profile(*cfg, "prod")->get("region"), "b");
  ASSERT_NE(config_profile(*cfg, "default"), nullptr);
  EXPECT_EQ(*config_profile(*cfg, "default")->get("region"), "c")
      << "[profile default] is accepted too, and preferred";
  EXPECT_EQ(config_profile(*cfg, "corp"), nullptr);
  EXPECT_EQ(config_profile(*cfg, "missing"), nullptr);

  auto only_default = parse("[default]\nregion = a\n", "cfg");
  ASSERT_TRUE(only_default.ok());
  ASSERT_NE(config_profile(*only_default, "default"), nullptr);

  auto creds = parse("[default]\nk = 1\n[prod]\nk = 2\n[profile prod]\nk = 3\n", "creds");
  ASSERT_TRUE(creds.ok());
  EXPECT_EQ(*credentials_profile(*creds, "prod")->get("k"), "2");
  EXPECT_EQ(*credentials_profile(*creds, "default")->get("k"), "1");
  EXPECT_EQ(credentials_profile(*creds, "missing"), nullptr);
}

class IniFileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* n : {"HOME", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"}) {
      const char* v = ::getenv(n);
      saved_.emplace_back(n, v ? std::optional<std::string>(v) : std::nullopt);
      ::unsetenv(n);
    }
    std::string tmpl = (fs::temp_directory_path() / "drh-ini-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    ::setenv("HOME", dir_.c_str(), 1);
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
  fs::path dir_;
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST_F(IniFileSystemTest, MissingFileIsNotAnError) {
  auto r = load((dir_ / "nope").string());
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  auto under_file = load((dir_ / "nope" / "deeper").string());
  ASSERT_TRUE(under_file.ok());
  EXPECT_FALSE(under_file->has_value());
}

TEST_F(IniFileSystemTest, LoadsAndLabelsErrorsWithThePath) {
  std::string good = (dir_ / "good").string();
  std::ofstream(good) << "[default]\nregion = us-east-1\n";
  auto r = load(good);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->path, good);
  EXPECT_EQ(*(*r)->find("default")->get("region"), "us-east-1");

  std::string bad = (dir_ / "bad").string();
  std::ofstream(bad) << "[default\n";
  auto b = load(bad);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message.rfind(bad + ":1: ", 0), 0u) << b.error().message;
}

TEST_F(IniFileSystemTest, PathsFromTheEnvironmentOrHome) {
  EXPECT_EQ(credentials_file_path(), dir_.string() + "/.aws/credentials");
  EXPECT_EQ(config_file_path(), dir_.string() + "/.aws/config");
  ::setenv("AWS_SHARED_CREDENTIALS_FILE", "~/custom/creds", 1);
  ::setenv("AWS_CONFIG_FILE", "/etc/aws/config", 1);
  EXPECT_EQ(credentials_file_path(), dir_.string() + "/custom/creds");
  EXPECT_EQ(config_file_path(), "/etc/aws/config");
  EXPECT_EQ(expand_home("~"), dir_.string());
  EXPECT_EQ(expand_home("~user/x"), "~user/x");
  EXPECT_EQ(expand_home("rel/~/x"), "rel/~/x");
}

}  // namespace
}  // namespace drh::ini
