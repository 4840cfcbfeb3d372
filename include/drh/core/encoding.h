// Byte-level helpers shared by the signer, the codecs and the fake: hashing, HMAC, hex,
// base64 and the RFC 3986 percent-encoding AWS uses. OpenSSL EVP does the cryptography.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace drh {

using Sha256Digest = std::array<std::uint8_t, 32>;

/// Loads OpenSSL's configuration and the digests used here. Optional: the first hash does
/// it otherwise; a process calls it at start so that one-time cost (most of a millisecond)
/// does not land in the middle of timed work, as libcurl's global init does for TLS.
void init_crypto();

Sha256Digest sha256(std::string_view data);
Sha256Digest hmac_sha256(std::string_view key, std::string_view data);
std::string sha256_hex(std::string_view data);
std::string to_hex(const std::uint8_t* data, std::size_t size);
inline std::string to_hex(const Sha256Digest& d) { return to_hex(d.data(), d.size()); }
std::string md5_base64(std::string_view data);

std::string base64_encode(std::string_view data);
/// Returns false on characters outside the base64 alphabet.
bool base64_decode(std::string_view in, std::string& out);

/// RFC 3986 encoding: every byte except A-Z a-z 0-9 - _ . ~ becomes %XX (upper-case hex).
/// With encode_slash false, '/' is kept (for paths).
std::string uri_encode(std::string_view s, bool encode_slash = true);
/// Decodes %XX sequences; with plus_as_space, '+' becomes ' ' (form encoding).
std::string uri_decode(std::string_view s, bool plus_as_space = false);

std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

}  // namespace drh
