#include "drh/core/encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace drh {
namespace {

std::string bytes(std::size_t n, unsigned char value) {
  return std::string(n, static_cast<char>(value));
}

std::string hmac_hex(std::string_view key, std::string_view data) {
  return to_hex(hmac_sha256(key, data));
}

TEST(Sha256Test, KnownVectors) {
  // FIPS 180-2 examples.
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(bytes(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, HandlesEmbeddedNulBytes) {
  std::string with_nul("a\0b", 3);
  EXPECT_NE(sha256_hex(with_nul), sha256_hex("a"));
  EXPECT_EQ(sha256(with_nul), sha256(std::string("a\0b", 3)));
}

TEST(Sha256Test, DigestAndHexAgree) {
  Sha256Digest d = sha256("abc");
  EXPECT_EQ(d[0], 0xba);
  EXPECT_EQ(d[31], 0xad);
  EXPECT_EQ(to_hex(d), sha256_hex("abc"));
}

// RFC 4231, HMAC-SHA-256 test cases 1-4, 6 and 7 (case 5 is a truncated output).
TEST(HmacSha256Test, Rfc4231Vectors) {
  EXPECT_EQ(hmac_hex(bytes(20, 0x0b), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hmac_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hmac_hex(bytes(20, 0xaa), bytes(50, 0xdd)),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  std::string key4;
  for (int i = 1; i <= 25; ++i) key4 += static_cast<char>(i);
  EXPECT_EQ(hmac_hex(key4, bytes(50, 0xcd)),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
  EXPECT_EQ(hmac_hex(bytes(131, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(hmac_hex(bytes(131, 0xaa),
                     "This is a test using a larger than block-size key and a larger than "
                     "block-size data. The key needs to be hashed before being used by the "
                     "HMAC algorithm."),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST(HmacSha256Test, EmptyKeyAndData) {
  EXPECT_EQ(hmac_hex("", ""), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(HmacSha256Test, SigV4SigningKeyDerivation) {
  // The AWS documentation's example: secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY,
  // 20150830/us-east-1/iam gives this signing key.
  auto k_date = hmac_sha256("AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830");
  auto as_view = [](const Sha256Digest& d) {
    return std::string(reinterpret_cast<const char*>(d.data()), d.size());
  };
  auto k_region = hmac_sha256(as_view(k_date), "us-east-1");
  auto k_service = hmac_sha256(as_view(k_region), "iam");
  auto k_signing = hmac_sha256(as_view(k_service), "aws4_request");
  EXPECT_EQ(to_hex(k_signing), "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

TEST(HexTest, LowerCaseTwoDigitsPerByte) {
  const std::uint8_t data[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(to_hex(data, 4), "000fa0ff");
  EXPECT_EQ(to_hex(data, 0), "");
}

TEST(Md5Base64Test, KnownVectors) {
  EXPECT_EQ(md5_base64(""), "1B2M2Y8AsgTpgAmY7PhCfg==");
  EXPECT_EQ(md5_base64("The quick brown fox jumps over the lazy dog"), "nhB9nTcrtoJr2B01QqQZ1g==");
}

TEST(Base64Test, Rfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  std::string out;
  for (auto [plain, encoded] : {std::pair{"", ""},
                                {"f", "Zg=="},
                                {"fo", "Zm8="},
                                {"foo", "Zm9v"},
                                {"foob", "Zm9vYg=="},
                                {"fooba", "Zm9vYmE="},
                                {"foobar", "Zm9vYmFy"}}) {
    ASSERT_TRUE(base64_decode(encoded, out)) << encoded;
    EXPECT_EQ(out, plain);
  }
}

TEST(Base64Test, RoundTripsEveryByteValueAtEveryLength) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    std::string in = all.substr(0, n);
    std::string out;
    ASSERT_TRUE(base64_decode(base64_encode(in), out)) << n;
    EXPECT_EQ(out, in) << n;
  }
  std::string out;
  ASSERT_TRUE(base64_decode(base64_encode(all), out));
  EXPECT_EQ(out, all);
  EXPECT_EQ(base64_encode("\xff\xfe\xfd"), "//79");
}

TEST(Base64Test, DecodeAcceptsLineBreaksAndRejectsForeignCharacters) {
  std::string out;
  EXPECT_TRUE(base64_decode("Zm9v\nYmFy\r\n", out));
  EXPECT_EQ(out, "foobar");
  EXPECT_FALSE(base64_decode("Zm9v!", out));
  EXPECT_FALSE(base64_decode("Zm 9v", out));
  EXPECT_FALSE(base64_decode("Zm9v-_", out)) << "URL-safe alphabet is not base64";
}

TEST(UriEncodeTest, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(uri_encode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(uri_encode("a b"), "a%20b");
  EXPECT_EQ(uri_encode("a+b=c&d*e"), "a%2Bb%3Dc%26d%2Ae");
  EXPECT_EQ(uri_encode("!'()"), "%21%27%28%29");
  EXPECT_EQ(uri_encode("%"), "%25");
  EXPECT_EQ(uri_encode(""), "");
}

TEST(UriEncodeTest, SlashOnlyKeptForPaths) {
  EXPECT_EQ(uri_encode("/bucket/my key.txt"), "%2Fbucket%2Fmy%20key.txt");
  EXPECT_EQ(uri_encode("/bucket/my key.txt", false), "/bucket/my%20key.txt");
}

TEST(UriEncodeTest, NonAsciiBytesAreEncodedUpperCaseHex) {
  EXPECT_EQ(uri_encode("\xc3\xa9"), "%C3%A9");  // é in UTF-8
  EXPECT_EQ(uri_encode(std::string("\0\x7f\xff", 3)), "%00%7F%FF");
}

TEST(UriDecodeTest, DecodesPercentSequences) {
  EXPECT_EQ(uri_decode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(uri_decode("%2f%2F"), "//") << "hex digits of either case";
  EXPECT_EQ(uri_decode("%C3%A9"), "\xc3\xa9");
  EXPECT_EQ(uri_decode("%00", false), std::string("\0", 1));
}

TEST(UriDecodeTest, PlusIsASpaceOnlyInFormEncoding) {
  EXPECT_EQ(uri_decode("a+b"), "a+b");
  EXPECT_EQ(uri_decode("a+b", true), "a b");
  EXPECT_EQ(uri_decode("a%2Bb", true), "a+b");
}

TEST(UriDecodeTest, LeavesMalformedSequencesAlone) {
  EXPECT_EQ(uri_decode("%zz"), "%zz");
  EXPECT_EQ(uri_decode("100%"), "100%");
  EXPECT_EQ(uri_decode("%4"), "%4");
  EXPECT_EQ(uri_decode("%4g"), "%4g");
}

TEST(UriCodingTest, RoundTrip) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(uri_decode(uri_encode(all)), all);
  EXPECT_EQ(uri_decode(uri_encode(all, false)), all);
}

TEST(StringHelpersTest, ToLowerTrimAndCompare) {
  EXPECT_EQ(to_lower("X-Amz-Date"), "x-amz-date");
  EXPECT_EQ(trim("  \t a b \r\n"), "a b");
  EXPECT_EQ(trim(" \t\n"), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_TRUE(iequals("Content-Type", "content-TYPE"));
  EXPECT_FALSE(iequals("Content-Type", "Content-Typ"));
  EXPECT_TRUE(iequals("", ""));
  EXPECT_TRUE(starts_with("x-amz-date", "x-amz-"));
  EXPECT_FALSE(starts_with("x-am", "x-amz-"));
  EXPECT_TRUE(ends_with("bucket.s3.amazonaws.com", ".amazonaws.com"));
  EXPECT_FALSE(ends_with("amazonaws.com.evil", ".amazonaws.com"));
}

}  // namespace
}  // namespace drh
